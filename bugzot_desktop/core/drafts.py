"""Drafts: the form as typed so far, kept on disk so a crash loses at most seconds.

Qt-free. The GUI snapshots the form into a :class:`~bugzot_desktop.core.report.Report`
and hands it to :meth:`DraftStore.save` from a pool thread; on start it asks
:meth:`DraftStore.load` whether there is something to offer back.

Layout under ``data_dir/drafts/``::

    draft.json        the one current draft (written atomically)
    parked.json       a new report set aside while a waiting report is edited (comes back afterwards)
    staging/          captured and pasted images, saved before they are attached
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no POSIX record locks; the sweep then runs as if alone
    fcntl = None  # type: ignore[assignment]

from bugzot_desktop.core.atomic import write_json
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.report import TEXT_FIELDS, Attachment, Report
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.core.wire import DEFAULT_SEVERITY, SEVERITIES

log = logging.getLogger(__name__)

DRAFTS_DIR = "drafts"
DRAFT_FILE = "draft.json"
PARKED_FILE = "parked.json"
STAGING_DIR = "staging"
INSTANCE_LOCK = "instance.lock"  # held shared by every process using the drafts (DraftStore.claim)
DRAFT_VERSION = 1


def report_to_dict(report: Report, *, editing: bool = False) -> dict[str, Any]:
    """The JSON form of a draft. ``editing`` marks a report that already waits in the outbox."""
    return {
        "draft_version": DRAFT_VERSION,
        "saved_at": time.time(),
        "editing": editing,
        "client_id": report.client_id,
        **report.fields(),
        "attachments": [
            {
                "path": str(a.path),
                "filename": a.filename,
                "send_original": a.send_original,
                "markup": a.markup,
                "source_path": str(a.source_path) if a.source_path else None,
            }
            for a in report.attachments
        ],
    }


def report_from_dict(data: dict[str, Any]) -> tuple[Report, bool]:
    """Rebuild (report, editing) from :func:`report_to_dict` output; unknown keys are ignored."""
    texts = {name: str(data.get(name) or "") for name in TEXT_FIELDS}
    severity = data.get("severity") if data.get("severity") in SEVERITIES else DEFAULT_SEVERITY
    atts = []
    for a in data.get("attachments") or []:
        if not isinstance(a, dict) or not a.get("path"):
            continue
        atts.append(
            Attachment(
                path=Path(a["path"]),
                filename=str(a.get("filename") or ""),
                send_original=bool(a.get("send_original", False)),
                markup=a.get("markup") if isinstance(a.get("markup"), dict) else None,
                source_path=Path(a["source_path"]) if a.get("source_path") else None,
            )
        )
    report = Report(**texts, severity=str(severity), attachments=atts)
    if data.get("client_id"):
        report.client_id = str(data["client_id"])
    return report, bool(data.get("editing", False))


def is_blank(report: Report) -> bool:
    """True when there is nothing worth offering back (no text, no attachments)."""
    return not report.attachments and not any(getattr(report, name).strip() for name in TEXT_FIELDS)


class DraftStore:
    """One draft per data dir, written atomically; safe to call from pool threads.

    Saves carry a sequence number from :meth:`next_seq`: a save that arrives after
    a newer save or a discard (tasks may finish out of order) is ignored, so an old
    snapshot can never overwrite a newer one or resurrect a submitted report.
    """

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / DRAFTS_DIR
        self.staging_dir = self.dir / STAGING_DIR
        self.path = self.dir / DRAFT_FILE
        self.staging_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._applied = 0
        self._parked_seq = 0  # seq of the last park(): an older unpark() must not remove its file
        self._instance_fd: int | None = None  # held shared while this process uses the data dir (claim())

    def next_seq(self) -> int:
        """A number later than every number handed out before (call in the GUI thread)."""
        return next(self._seq)

    def save(self, report: Report, *, editing: bool = False, seq: int | None = None) -> bool:
        """Write the draft; returns False when a newer save or discard already happened."""
        data = report_to_dict(report, editing=editing)
        with self._lock:
            if seq is not None:
                if seq <= self._applied:
                    return False
                self._applied = seq
            if is_blank(report) and not editing:
                self.path.unlink(missing_ok=True)
                return True
            self._write(self.path, data)
        return True

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        try:
            write_json(path, data, prefix=".draft-")
        except OSError as exc:  # a data dir made read-only, a full disk: say where, not "PermissionError(1, ...)"
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Drafts cannot be saved in {path} ({reason}); if BugZot stops now, "
                                       "what was typed since is lost. Make the folder writable or submit the report."),
                     path=str(self.dir), reason=exc.strerror or str(exc)),
                path=str(self.dir),
            ) from None

    def _read(self, path: Path) -> tuple[Report, bool] | None:
        """(report, editing) from a draft file, or None; an unreadable file is moved aside, never deleted."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return report_from_dict(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            aside = path.with_name(f"{path.stem}-unreadable-{int(time.time())}.json")
            log.warning("draft %s could not be read (%s); kept as %s", path, exc, aside)
            try:
                os.replace(path, aside)
            except OSError:
                pass
            return None

    def load(self) -> tuple[Report, bool] | None:
        """The saved draft as (report, editing), or None. An unreadable draft is moved aside, never deleted."""
        found = self._read(self.path)
        if found is None or (is_blank(found[0]) and not found[1]):
            return None
        return found

    # -- a new report set aside while a waiting one is edited ---------------------------
    @property
    def parked_path(self) -> Path:
        return self.dir / PARKED_FILE

    def park(self, report: Report, *, seq: int | None = None) -> None:
        """Keep the report being written while a waiting report takes the form (written at once, atomically).

        ``seq`` (from :meth:`next_seq`) orders it against :meth:`unpark` tasks still on their way."""
        with self._lock:
            self._write(self.parked_path, report_to_dict(report))
            if seq is not None:
                self._parked_seq = max(self._parked_seq, seq)

    def parked(self) -> Report | None:
        """The report set aside by :meth:`park`, if any (it stays on disk until :meth:`unpark`)."""
        found = self._read(self.parked_path)
        return None if found is None or is_blank(found[0]) else found[0]

    def unpark(self, report: Report | None = None, *, seq: int | None = None) -> None:
        """Drop the parked copy; with ``report``, first save it as the draft (it is back in the form).

        A late call (its ``seq`` older than the last :meth:`park`) leaves the newer parked copy alone."""
        if report is not None:
            self.save(report, seq=seq)
        with self._lock:
            if seq is not None and seq < self._parked_seq:
                return  # parked again since this was asked for: that copy must stay
            self.parked_path.unlink(missing_ok=True)

    def discard(self, *, seq: int | None = None) -> None:
        """Forget the draft (after a successful Submit) unless a newer save happened; staged images are removed separately."""
        with self._lock:
            if seq is not None:
                if seq < self._applied:
                    return  # the user already typed a newer draft; keep it
                self._applied = seq
            self.path.unlink(missing_ok=True)

    def keep_aside(self, report: Report, *, editing: bool = False) -> Path:
        """Write a report that could not be queued to its own file beside the draft; returns the path."""
        path = self.dir / f"unsent-{report.client_id}.json"
        path.write_text(json.dumps(report_to_dict(report, editing=editing), indent=1), encoding="utf-8")
        return path

    def is_staged(self, path: Path) -> bool:
        """True for files this store made (captures, pastes), which it may delete."""
        try:
            return Path(path).resolve().parent == self.staging_dir.resolve()
        except OSError:
            return False

    def claim(self) -> bool:
        """Mark this process as one using these drafts until it ends (a lock on ``instance.lock``).

        Returns True when no other process had claimed them: this is the data dir's only app. Then the
        claim is held shared, so a later app sees it; a False claim holds nothing (the window hands over
        to the app that has them: two apps on one draft overwrite each other's work). Another app's
        captures that its draft does not name yet are why :meth:`sweep_staging` needs to be alone.
        Always True without POSIX locks (Windows) and once claimed."""
        if self._instance_fd is not None:
            return self._instance_fd >= 0
        if fcntl is None:
            return True
        try:
            fd = os.open(self.dir / INSTANCE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.info("instance lock not taken (%s); staged files will not be swept", exc)
            self._instance_fd = -1
            return True  # a read-only data dir: nothing to protect from a second app's writes
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        fcntl.lockf(fd, fcntl.LOCK_SH)  # atomic downgrade: shared while we run
        self._instance_fd = fd
        return True

    def release(self) -> None:
        """Give the claim up (the app's shutdown; a process that ends gives it up anyway)."""
        fd, self._instance_fd = self._instance_fd, None
        if fd is not None and fd >= 0:
            os.close(fd)  # closing drops this process's lock on the file

    def _alone(self) -> bool:
        """Upgrade our claim to exclusive without waiting; False when another process holds the data dir."""
        if not self.claim():
            return False
        if fcntl is None:
            return True
        if self._instance_fd is None or self._instance_fd < 0:
            return False
        try:  # POSIX lock conversion is atomic: on failure our shared lock stays
            fcntl.lockf(self._instance_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def sweep_staging(self, before: float) -> int:
        """Delete staged files no saved draft refers to and older than ``before`` (this session's start).

        Leftovers of a crash between a capture and its draft save, of mark-up redone, of a report sent
        while its mark-up was still being written: nothing will ever refer to them again, and they are
        screenshots (megabytes, maybe private). Files any JSON here refers to (the draft, the parked
        report, reports kept aside, a draft moved aside as unreadable) stay; so does everything this session
        made (newer than ``before``). Nothing goes while another process uses this data dir (:meth:`claim`):
        its newest capture may not be in the draft yet. Returns how many went.
        """
        if not self._alone():
            log.info("another BugZot uses %s; staged files left as they are", self.dir)
            return 0
        try:
            return self._sweep(before)
        finally:
            if fcntl is not None and self._instance_fd is not None and self._instance_fd >= 0:
                fcntl.lockf(self._instance_fd, fcntl.LOCK_SH)  # back to shared: others may start now

    def _sweep(self, before: float) -> int:
        referenced: set[Path] = set()
        for path in self.dir.glob("*.json"):  # draft, parked, unsent-*, and any moved aside as unreadable
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # missing, or unreadable (load() moves it aside): refers to nothing we can read
            for a in (data.get("attachments") or []) if isinstance(data, dict) else []:
                if isinstance(a, dict):
                    referenced.update(Path(p).resolve() for p in (a.get("path"), a.get("source_path")) if p)
        removed = 0
        for f in self.staging_dir.iterdir():
            try:
                if f.is_file() and f.resolve() not in referenced and f.stat().st_mtime < before:
                    f.unlink()
                    removed += 1
            except OSError:
                continue
        if removed:
            log.info("removed %d staged file(s) no draft refers to", removed)
        return removed

    def remove_staged(self, paths: list[Path]) -> int:
        """Delete the given files that live in the staging dir; others are the user's and stay."""
        removed = 0
        for p in paths:
            if p is not None and self.is_staged(p):
                try:
                    Path(p).unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed
