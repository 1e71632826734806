"""Air-gap bundles: waiting reports in one zip file, imported idempotently by the server.

Layout::

    manifest.json   {"bundle_version": 1, "created_at": ISO-8601, "generator": "...",
                     "reports": [{"report": <exact wire report JSON>,
                                  "destination": the server URL it was filed for, or null (the Settings server),
                                  "files": [{"member", "filename", "content_type", "size", "sha256"}]}]}
    files/<client_id>/<n>-<filename>   the files, in the report's attachment order

The report JSON is exactly what ``POST /api/v1/reports`` would carry (core.wire), so
the importer validates it with the same checks (:func:`report_from_json`); each file's
size and SHA-256 are checked against both the manifest and the report before it is yielded.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from bugzot_desktop import __version__
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text, message_of
from bugzot_desktop.core.wire import WireError, WireReport, report_from_json

BUNDLE_VERSION = 1
MANIFEST = "manifest.json"

Opener = Callable[[], IO[bytes]]


class BundleError(BadInputError):
    """A bundle that cannot be read or whose contents do not match their checksums."""


def write_bundle(
    outbox: Any,
    path: str | os.PathLike[str],
    client_ids: Iterable[str] | None = None,
    settings: Any = None,
) -> int:
    """Write the waiting reports (or ``client_ids``) to a zip at ``path``; returns how many.

    Each report is prepared (compressed) exactly as for an upload, reusing earlier
    results. Written to a temp file and renamed, so a half-written bundle never exists.
    """
    from bugzot_desktop.core import delivery  # the same prepare step as an upload
    from bugzot_desktop.core.outbox import WAITING
    from bugzot_desktop.core.settings import Settings

    settings = settings or Settings()
    path = Path(path)
    if client_ids is None:
        entries = outbox.list(WAITING)
    else:
        entries = []
        for cid in client_ids:
            e = outbox.get(cid)
            if e is None:
                raise BundleError(Text(QT_TRANSLATE_NOOP("core", "Report {id} is not in the outbox; nothing was exported."), id=cid))
            entries.append(e)
    reports: list[dict[str, Any]] = []
    members: list[tuple[str, Path]] = []
    for e in entries:
        delivery.prepare(outbox, e.client_id, settings)
        prepared = outbox.get(e.client_id)
        report_json, files = delivery.build_submission(prepared)
        file_rows = []
        for n, ((filename, fpath, ctype), info) in enumerate(zip(files, report_json["attachments"], strict=True)):
            member = f"files/{e.client_id}/{n}-{filename}"
            members.append((member, fpath))
            file_rows.append(
                {
                    "member": member,
                    "filename": filename,
                    "content_type": ctype,
                    "size": info["size"],
                    "sha256": info["sha256"],
                }
            )
        reports.append({"report": report_json, "destination": prepared.destination, "files": file_rows})
    manifest = {
        "bundle_version": BUNDLE_VERSION,
        "created_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "generator": f"bugzot-desktop {__version__}",
        "reports": reports,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        # Images are already compressed: store them, deflate only the manifest.
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1), compress_type=zipfile.ZIP_DEFLATED)
            for member, fpath in members:
                zf.write(fpath, member)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(reports)


def _sha256_member(zf: zipfile.ZipFile, member: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with zf.open(member) as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def read_bundle(
    path: str | os.PathLike[str], label: str | None = None
) -> Iterator[tuple[WireReport, list[tuple[str, Opener]]]]:
    """Yield (report, [(filename, opener)]) for each report, sizes and checksums verified first.

    ``opener()`` returns a fresh binary stream of the zip member (close it after use).
    Raises :class:`BundleError` naming the bundle and the bad member or field; ``label`` is how
    messages name the bundle (default ``"Bundle <file name>"``; the server says "The uploaded bundle").
    """
    path = Path(path)
    label = label or Text(QT_TRANSLATE_NOOP("core", "Bundle {name}"), name=path.name)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError(
            Text(QT_TRANSLATE_NOOP("core", "{bundle} could not be opened as a zip file ({reason})."), bundle=label, reason=str(exc)),
            path=str(path),
        ) from None
    with zf:
        try:
            manifest = json.loads(zf.read(MANIFEST))
        except KeyError:
            raise BundleError(
                Text(QT_TRANSLATE_NOOP("core", "{bundle} has no {manifest}; it is not a BugZot bundle."), bundle=label, manifest=MANIFEST),
                path=str(path),
            ) from None
        except RecursionError:
            raise BundleError(
                Text(QT_TRANSLATE_NOOP("core", "{bundle}: {manifest} is nested too deeply to read; it was not written by "
                                       "'bugzot outbox export'."), bundle=label, manifest=MANIFEST),
                path=str(path),
            ) from None
        except ValueError as exc:
            raise BundleError(
                Text(QT_TRANSLATE_NOOP("core", "{bundle}: {manifest} is not valid JSON ({reason})."),
                     bundle=label, manifest=MANIFEST, reason=str(exc)),
                path=str(path),
            ) from None
        if not isinstance(manifest, dict) or manifest.get("bundle_version") != BUNDLE_VERSION:
            version = manifest.get("bundle_version") if isinstance(manifest, dict) else None
            shown = (repr(version) if isinstance(version, (int, float, str, type(None)))
                     else Text(QT_TRANSLATE_NOOP("core", "of type {kind}"), kind=type(version).__name__))
            raise BundleError(
                Text(QT_TRANSLATE_NOOP("core", "{bundle} has bundle_version {version}; this version reads {expected}."),
                     bundle=label, version=shown[:40], expected=BUNDLE_VERSION),
                path=str(path),
            )
        entries = manifest.get("reports") or []
        if not isinstance(entries, list):
            raise BundleError(
                Text(QT_TRANSLATE_NOOP("core", "{bundle}: 'reports' in {manifest} must be a list."), bundle=label, manifest=MANIFEST),
                path=str(path),
            )
        names = set(zf.namelist())
        for i, item in enumerate(entries):
            where = Text(QT_TRANSLATE_NOOP("core", "{bundle}, report {n}"), bundle=label, n=i + 1)
            if not isinstance(item, dict) or "report" not in item or "files" not in item:
                raise BundleError(
                    Text(QT_TRANSLATE_NOOP("core", "{where}: the {manifest} entry needs 'report' and 'files'."), where=where, manifest=MANIFEST),
                    path=str(path),
                )
            rows = item["files"]
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise BundleError(Text(QT_TRANSLATE_NOOP("core", "{where}: 'files' must be a list of objects."), where=where), path=str(path))
            try:
                report = report_from_json(item["report"], "The report JSON")
            except WireError as exc:
                raise BundleError(
                    Text(QT_TRANSLATE_NOOP("core", "{where}: {problem}"), where=where, problem=message_of(exc)), field=exc.field, path=str(path)
                ) from None
            if len(rows) != len(report.attachments):
                raise BundleError(
                    Text(QT_TRANSLATE_NOOP("core", "{where}: lists {n} files but the report has {attachments} attachments."),
                         where=where, n=len(rows), attachments=len(report.attachments)),
                    path=str(path),
                )
            files: list[tuple[str, Opener]] = []
            for row, info in zip(rows, report.attachments, strict=True):
                member = row.get("member")
                if not isinstance(member, str):
                    raise BundleError(Text(QT_TRANSLATE_NOOP("core", "{where}: a 'files' entry has no 'member' name."), where=where), path=str(path))
                if member not in names:
                    raise BundleError(
                        Text(QT_TRANSLATE_NOOP("core", "{where}: member {member} is missing from the bundle."), where=where, member=repr(member)),
                        path=str(path),
                    )
                digest, size = _sha256_member(zf, member)
                declared = row.get("size")
                for said, expected in ((Text(QT_TRANSLATE_NOOP("core", "the manifest")), declared), (Text(QT_TRANSLATE_NOOP("core", "the report")), info.size)):
                    if size != expected or isinstance(expected, bool):
                        shown = expected if isinstance(expected, int) and not isinstance(expected, bool) else Text(QT_TRANSLATE_NOOP("core", "none"))
                        raise BundleError(
                            Text(QT_TRANSLATE_NOOP("core", "{where}: member {member} has {size} bytes but {said} says {shown}; "
                                                   "the bundle is damaged — export it again."),
                                 where=where, member=member, size=size, said=said, shown=shown),
                            path=str(path),
                        )
                if digest != row.get("sha256") or digest != info.sha256:
                    raise BundleError(
                        Text(QT_TRANSLATE_NOOP("core", "{where}: member {member} does not match its checksum (sha256 {digest}…, "
                                               "expected {expected}…); the bundle is damaged — export it again."),
                             where=where, member=member, digest=digest[:12], expected=info.sha256[:12]),
                        path=str(path),
                    )
                files.append((info.filename, _opener(path, member)))
            yield report, files


def _opener(path: Path, member: str) -> Opener:
    """Each call opens the zip afresh, so openers stay valid after iteration moves on."""

    def open_member() -> IO[bytes]:
        zf = zipfile.ZipFile(path)
        fh = zf.open(member)
        # Close the archive with the member stream.
        orig_close = fh.close

        def close() -> None:
            orig_close()
            zf.close()

        fh.close = close  # type: ignore[method-assign]
        return fh

    return open_member
