"""Turn received files and a parsed report into stored rows and files, exactly once.

Used by the upload endpoint and by bundle import. Every file is checked by
content (``core.filetypes.check_file``: an image, fully decoded, or plain UTF-8
text, which gets no thumbnail/preview jobs), by size and by SHA-256 against the report
JSON before anything is stored. The rows and the renamed files are committed
together; on any failure the temp files and renamed files are removed, so a
refused request leaves nothing behind. No FastAPI here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from bugzot_desktop.core.filetypes import is_text_type
from bugzot_desktop.core.wire import WireReport
from bugzot_server.config import Settings
from bugzot_server.db import Attachment, Database, Job, Report, utcnow
from bugzot_server.errors import ClientError, too_large, unprocessable
from bugzot_server.storage import Storage

log = logging.getLogger("bugzot_server.ingest")

JOB_KINDS = ("thumbnail", "preview")

# Statements built once: per request only the parameters change (building them costs
# more Python time than running them on SQLite).
_FIND = select(Report.id).where(Report.client_id == bindparam("cid"))
_INSERT_REPORT = insert(Report).returning(Report.id)
_INSERT_ATTACHMENT = insert(Attachment).returning(Attachment.id)
_INSERT_JOB = insert(Job)


@dataclass
class IncomingFile:
    """A received file on disk (in the storage dir's tmp/) with its measured size and hash."""

    path: Path
    size: int
    sha256: str


@dataclass
class _Checked:
    incoming: IncomingFile
    filename: str
    content_type: str
    width: int
    height: int
    markup: dict | None


def find_report_id(db: Database, client_id: str) -> int | None:
    """The id of the report stored under this client UUID, if any."""
    with db.read_conn() as c:
        return c.scalar(_FIND, {"cid": client_id})


def _check_files(wire: WireReport, files: list[IncomingFile], settings: Settings) -> list[_Checked]:
    from bugzot_desktop.core import filetypes
    from bugzot_desktop.core.errors import BugzotError

    if len(files) != len(wire.attachments):
        raise unprocessable(
            f"The report lists {len(wire.attachments)} attachment(s) but {len(files)} file part(s) were sent; "
            "send one 'files' part per entry of 'attachments', in the same order."
        )
    if len(files) > settings.max_files:
        raise ClientError(413, f"Too many files: the limit is {settings.max_files} per report (max_files).")
    checked: list[_Checked] = []
    for info, f in zip(wire.attachments, files, strict=True):
        name = info.filename
        if f.size == 0:
            raise unprocessable(f"File '{name}' is empty (0 bytes); attach the image again.")
        if f.size > settings.max_file_bytes:
            raise too_large(
                f"File '{name}' is larger than {settings.max_file_bytes} bytes (max_file_bytes); send a smaller image."
            )
        if f.size != info.size:
            raise unprocessable(
                f"File '{name}' has {f.size} bytes but the report says {info.size}; the upload was damaged, send it again."
            )
        if f.sha256 != info.sha256:
            raise unprocessable(
                f"File '{name}' does not match its sha256 in the report; the upload was damaged, send it again."
            )
        try:
            kind = filetypes.check_file(f.path, name=name, max_pixels=settings.max_pixels)
        except BugzotError as exc:
            raise unprocessable(f"{exc} (max_pixels={settings.max_pixels})" if "pixel" in str(exc) else str(exc)) from None
        except Exception as exc:  # a decoder bug must still be a clear 4xx, never a 500
            raise unprocessable(f"File '{name}' could not be read as an image ({type(exc).__name__}).") from None
        markup = info.markup if kind.kind == "image" else None  # mark-up only ever applies to images
        checked.append(_Checked(f, name, kind.content_type, kind.width, kind.height, markup))
    return checked


def store_report(
    db: Database,
    storage: Storage,
    settings: Settings,
    wire: WireReport,
    files: list[IncomingFile],
    *,
    source: str = "api",
    precheck: bool = True,
) -> tuple[int, bool]:
    """Check and store one report; returns (report id, created). Temp files are consumed or removed.

    ``precheck=False`` skips the early look-up of the client_id (the caller just did it);
    the look-up inside the write transaction is what guarantees exactly once.
    """
    stored: list[str] = []
    try:
        if precheck and (existing := find_report_id(db, wire.client_id)) is not None:
            return existing, False
        checked = _check_files(wire, files, settings)
        # fsync + rename before taking the write lock, so writers queue only for the rows.
        names = []
        for c in checked:
            names.append(storage.store(c.incoming.path))
            stored.append(names[-1])
        try:
            with db.write_conn() as s:
                # Inside the write transaction: another request may have won meanwhile.
                existing = s.scalar(_FIND, {"cid": wire.client_id})
                if existing is not None:
                    raise _Duplicate(existing)
                # Core inserts: a fraction of the ORM unit of work's Python time, under the write lock.
                report_id = s.execute(
                    _INSERT_REPORT,
                    {
                        "client_id": wire.client_id,
                        "title": wire.title,
                        "description": wire.description,
                        "steps": wire.steps,
                        "expected": wire.expected,
                        "actual": wire.actual,
                        "severity": wire.severity,
                        "component": wire.component,
                        "environment": wire.environment,
                        "status": "open",
                        "source": source,
                        "created_at": utcnow(),
                    },
                ).scalar_one()
                jobs = []
                for pos, (c, name) in enumerate(zip(checked, names, strict=True)):
                    att_id = s.execute(
                        _INSERT_ATTACHMENT,
                        {
                            "report_id": report_id,
                            "position": pos,
                            "filename": c.filename,
                            "size": c.incoming.size,
                            "sha256": c.incoming.sha256,
                            "content_type": c.content_type,
                            "width": c.width,
                            "height": c.height,
                            "storage_name": name,
                            "markup": c.markup,
                        },
                    ).scalar_one()
                    if is_text_type(c.content_type):
                        continue  # plain text: served as it is, nothing to derive
                    now = utcnow()
                    jobs += [
                        {"attachment_id": att_id, "kind": k, "status": "pending", "attempts": 0, "run_after": now, "created_at": now}
                        for k in JOB_KINDS
                    ]
                if jobs:
                    s.execute(_INSERT_JOB, jobs)
        except _Duplicate as dup:
            _remove(storage, stored)
            return dup.report_id, False
        except IntegrityError:
            # A concurrent request with the same client_id committed first: answer with its report.
            _remove(storage, stored)
            existing = find_report_id(db, wire.client_id)
            if existing is None:
                raise
            return existing, False
        stored.clear()
        return report_id, True
    except BaseException:
        _remove(storage, stored)
        raise
    finally:
        for f in files:
            f.path.unlink(missing_ok=True)


class _Duplicate(Exception):
    def __init__(self, report_id: int) -> None:
        self.report_id = report_id


def _remove(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.remove_original(name)
    names.clear()
