"""Air-gap import: store every report of an outbox bundle, exactly once. No FastAPI here.

The bundle format belongs to ``bugzot_desktop.core.bundle`` (``read_bundle``
checks the manifest and checksums); each report then goes through the same
checks and storage as an upload (:func:`ingest.store_report`), so importing a
bundle twice, or after some reports were sent normally, stores nothing twice.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from bugzot_desktop.core.bundle import MANIFEST, read_bundle
from bugzot_desktop.core.errors import BugzotError
from bugzot_server.config import Settings
from bugzot_server.db import Database
from bugzot_server.errors import ClientError
from bugzot_server.ingest import IncomingFile, find_report_id, store_report
from bugzot_server.storage import Storage

MANIFEST_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class ImportResult:
    """Per report: (id, client_id, created), in bundle order."""

    reports: list[tuple[int, str, bool]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for _, _, created in self.reports if created)

    @property
    def already_present(self) -> int:
        return sum(1 for _, _, created in self.reports if not created)


def _precheck(path: Path, settings: Settings, label: str) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is decompressed."""
    if path.is_dir():
        raise ClientError(422, f"{label} is a folder, not a bundle file; give the .zip that 'bugzot outbox export FILE' wrote.")
    if not path.is_file():
        raise ClientError(422, f"{label} does not exist; check the path.")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise ClientError(422, f"{label} is not a zip file ({exc}); export it again with 'bugzot outbox export'.") from None
    for info in infos:
        limit = MANIFEST_MAX_BYTES if info.filename == MANIFEST else settings.max_file_bytes
        if info.file_size > limit:
            raise ClientError(
                413,
                f"{label}: member {info.filename} is {info.file_size} bytes unpacked, over the limit of "
                f"{limit} bytes{' (max_file_bytes)' if info.filename != MANIFEST else ''}.",
            )


def _copy_member(opener, storage: Storage) -> IncomingFile:  # noqa: ANN001 - core.bundle.Opener
    tmp = storage.temp_path()
    h = hashlib.sha256()
    size = 0
    with opener() as src, open(tmp, "xb") as dst:
        while block := src.read(1 << 20):
            h.update(block)
            size += len(block)
            dst.write(block)
    return IncomingFile(tmp, size, h.hexdigest())


def import_bundle(db: Database, storage: Storage, settings: Settings, path: Path, label: str | None = None) -> ImportResult:
    """Import every report; stop at the first bad one with a 4xx naming it (earlier ones stay stored).

    ``label`` names the bundle in messages: "Bundle <path as given>" by default (the command line),
    "The uploaded bundle" for a request body (its temp file's name means nothing to the sender).
    """
    label = label or f"Bundle {path}"
    _precheck(path, settings, label)
    result = ImportResult()
    try:
        for n, (wire, members) in enumerate(read_bundle(path, label), start=1):
            existing = find_report_id(db, wire.client_id)
            if existing is not None:
                result.reports.append((existing, wire.client_id, False))
                continue
            if len(members) > settings.max_files:
                raise ClientError(413, f"{label}, report {n}: more than {settings.max_files} files (max_files).")
            files: list[IncomingFile] = []
            try:
                for _name, opener in members:
                    files.append(_copy_member(opener, storage))
            except BaseException:
                for f in files:
                    f.path.unlink(missing_ok=True)
                raise
            try:
                report_id, created = store_report(db, storage, settings, wire, files, source="bundle")
            except ClientError as exc:
                raise ClientError(exc.status, f"{label}, report {n} ({wire.title!r}): {exc.message}") from None
            result.reports.append((report_id, wire.client_id, created))
    except BugzotError as exc:
        raise ClientError(422, str(exc)) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise ClientError(422, f"{label} is damaged ({exc}); export it again.") from None
    return result
