"""The outbox: every submitted report lives here, durably, until the server confirms it.

One SQLite database (WAL, busy timeout) at ``data_dir/outbox.sqlite3`` and one folder
per report at ``data_dir/outbox/<client_id>/`` holding copies of its images. The GUI,
the background flusher and the CLI (separate processes) share it: every call opens its
own short-lived connection, writes take ``BEGIN IMMEDIATE`` (so two writers queue on
the busy timeout instead of failing with "database is locked"), and :meth:`Outbox.claim`
is an atomic queued→sending update so no two senders ever send the same report at once.

Durability order in :meth:`Outbox.add`: files are copied to a temp name, fsynced,
renamed, the folder fsynced, and only THEN is the row committed — a row never points
at a file that is not on disk. Each report folder also holds ``report.json`` (the
fields, attachments and destination), so a corrupt database can be rebuilt from the folders.

``last_error`` is the English sentence (what the CLI prints); ``last_error_text`` keeps its
template and arguments (core/text.py, as JSON) so the GUI can show it in the user's language.

Each report may carry its own destination (the server URL it was filed for, e.g. with
`bugzot report --server URL`); ``None`` means "the server in the current settings", so
fixing the URL in Settings re-targets those reports. Schema 2 added that column; an
outbox of schema 1 is migrated in place when it is first opened (its reports keep
``destination = None``, which is what they meant). Schema 3 added ``last_error_text`` (an older
report's error then shows as it was stored, in English).
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import os
import random
import shutil
import socket
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from bugzot_desktop.core.atomic import write_json
from bugzot_desktop.core.backoff import DEFAULT_BACKOFF, Backoff
from bugzot_desktop.core.errors import BadInputError, OutboxCorruptError
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text, from_json, to_json

log = logging.getLogger(__name__)

DB_NAME = "outbox.sqlite3"
FILES_DIR = "outbox"
MANIFEST = "report.json"
SENT_MARKER = "sent.json"
COMPRESSED_DIR = "sent"
SCHEMA = 4  # 2: reports.destination; 3: reports.last_error_text; 4: reports.held_by/held_at
BUSY_TIMEOUT_MS = 30_000
# A claim older than this is stale even if its owner looks alive (a pid may be reused);
# far above any send's timeouts.
CLAIM_LEASE_S = 30 * 60.0
SENT_KEPT_S = 7 * 24 * 3600.0  # a sent report (and every file it sent) is kept a week, then forgotten

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
STATES = (QUEUED, SENDING, SENT, FAILED)
WAITING = (QUEUED, SENDING)

_DDL = (
    """
CREATE TABLE IF NOT EXISTS reports (
    client_id        TEXT PRIMARY KEY,
    fields           TEXT NOT NULL,
    environment      TEXT NOT NULL,
    attachments      TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    next_attempt_at  REAL NOT NULL,
    server_id        TEXT,
    server_url       TEXT,
    created_at       REAL NOT NULL,
    updated_at       REAL NOT NULL,
    sent_at          REAL,
    compressed       TEXT NOT NULL DEFAULT '[]',
    claimed_by       TEXT,
    claimed_at       REAL,
    destination      TEXT,
    last_error_text  TEXT,
    held_by          TEXT,
    held_at          REAL
)""",
    "CREATE INDEX IF NOT EXISTS reports_due ON reports (state, next_attempt_at)",
)

# postpone_due(): "every queued report", as opposed to those of one destination (None included).
ANY_DESTINATION: Any = object()


@dataclass(frozen=True)
class StoredAttachment:
    """An attachment as the outbox keeps it: its own copy of the file(s)."""

    path: Path
    filename: str
    send_original: bool = False
    markup: dict[str, Any] | None = None
    source_path: Path | None = None

    def to_attachment(self) -> Attachment:
        return Attachment(self.path, self.filename, self.send_original, self.markup, self.source_path)


@dataclass(frozen=True)
class CompressedFile:
    """The file actually sent for one attachment (compressed, or the original)."""

    path: Path
    filename: str
    content_type: str
    sha256: str
    size: int
    max_edge: int = 0
    byte_budget: int = 0
    note: str = ""
    over_budget: bool = False  # lossy and still over byte_budget (imaging.CompressResult.over_budget)


_COMPRESSED_FIELDS = frozenset(f.name for f in fields(CompressedFile))


@dataclass(frozen=True)
class OutboxEntry:
    """One report in the outbox, as a snapshot (re-read with :meth:`Outbox.get`)."""

    client_id: str
    fields: dict[str, str]
    environment: dict[str, Any]
    attachments: list[StoredAttachment]
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: float
    server_id: str | None
    server_url: str | None
    created_at: float
    updated_at: float
    sent_at: float | None = None
    compressed: list[CompressedFile | None] = field(default_factory=list)
    # The server URL this report goes to; None: the one in the settings at the time it is sent.
    destination: str | None = None
    # Held back from sending while it is open in an editor (hold()); who holds it ("host/boot:pid").
    held_by: str | None = None
    # last_error is a core.text.Text (shown translated) when it was stored as one, else a plain str.

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    @property
    def waiting(self) -> bool:
        return self.state in WAITING

    def to_report(self) -> Report:
        """The report, for editing (same client_id; attachments point at the outbox's copies)."""
        f = self.fields
        return Report(
            title=f.get("title", ""),
            description=f.get("description", ""),
            steps=f.get("steps", ""),
            expected=f.get("expected", ""),
            actual=f.get("actual", ""),
            severity=f.get("severity", "major"),
            component=f.get("component", ""),
            environment=dict(self.environment),
            attachments=[a.to_attachment() for a in self.attachments],
            client_id=self.client_id,
        )


def _already_there(client_id: str) -> Text:
    return Text(QT_TRANSLATE_NOOP("core", "Report {id} is already in the outbox; it was not added twice."), id=client_id)


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new directory entry durable (no-op where dirs cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _durable_copy(src: Path, dst_dir: Path, name: str) -> Path:
    """Copy src into dst_dir/name via temp file + fsync + rename; returns the final path."""
    fd, tmp = tempfile.mkstemp(dir=dst_dir, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        final = dst_dir / name
        os.replace(tmp, final)
        return final
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _boot_id() -> str:
    """This boot of the machine (Linux), so a claim from before a power loss is never mistaken
    for one of a live process that happens to have the same pid now; "" elsewhere."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _owner() -> str:
    """Who holds a claim: host, boot and pid ("host/boot:pid")."""
    return f"{socket.gethostname()}/{_boot_id()}:{os.getpid()}"


def _owner_gone(owner: str) -> bool:
    """Whether the process named by a claim or hold ("host/boot:pid") is certainly gone."""
    machine, _, pid = owner.rpartition(":")
    if machine == _owner().rpartition(":")[0]:  # this host, this boot: ask whether the process lives
        return pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid))
    # this host but an earlier boot (power loss, reboot): certainly dead; another host: unknown
    return machine.partition("/")[0] == socket.gethostname()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


class Outbox:
    """The durable queue of reports. Safe to use from several threads and processes.

    ``notice`` is None, or a user-facing sentence when opening had to repair something
    (a corrupt database moved aside); the app shows it once.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        clock: Callable[[], float] = time.time,
        *,
        backoff: Backoff = DEFAULT_BACKOFF,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_NAME
        self.files_dir = self.data_dir / FILES_DIR
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.files_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise self._unusable(exc) from None
        self.clock = clock
        self.backoff = backoff
        self.rand = rand
        self.owner = _owner()
        self.notice: str | None = None  # a core.text.Text
        self._open()

    # -- connection --------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode; writes use explicit BEGIN IMMEDIATE (see _write).
        con = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA synchronous = FULL")
        return con

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction. IMMEDIATE takes the write lock up front: a deferred
        transaction that upgrades later can fail with "database is locked" without
        waiting on the busy timeout."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    def _unusable(self, exc: OSError | sqlite3.Error) -> BadInputError:
        """The data dir cannot hold an outbox (a file in the way, no permission, a read-only place)."""
        what = f"{exc.strerror} ({exc.filename})" if isinstance(exc, OSError) and exc.filename else (
            exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        )
        return BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Data dir {path} cannot hold the outbox: {reason}; choose another data dir."),
                 path=str(self.data_dir), reason=what),
            field="data_dir",
            path=str(self.data_dir),
        )

    def _open(self) -> None:
        try:
            self._init_db()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise  # busy, not corrupt: never move a healthy database aside
            if isinstance(exc, sqlite3.OperationalError) and not self.db_path.exists():
                raise self._unusable(exc) from None  # nothing to move aside: the folder is the problem
            if isinstance(exc, sqlite3.OperationalError) and self._not_writable(exc):
                # Healthy but not ours to write (another user's data dir, a read-only copy): never move it aside.
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "The outbox database {path} cannot be written by you ({reason}); fix the "
                                           "permissions of it and of its folder, or use another data dir. Nothing was "
                                           "changed."), path=str(self.db_path), reason=str(exc)),
                    field="data_dir",
                    path=str(self.db_path),
                ) from None
            try:
                self._move_aside(exc)
            except OSError as move_exc:
                raise OutboxCorruptError(
                    Text(QT_TRANSLATE_NOOP("core", "The outbox database {path} could not be read ({reason}) and could not be moved "
                                           "aside ({move_reason}). Your images are kept in {files}; move the database "
                                           "file away by hand and start BugZot again."),
                         path=str(self.db_path), reason=str(exc), move_reason=move_exc.strerror or str(move_exc),
                         files=str(self.files_dir))
                ) from None
            self._init_db()
            restored = self._rebuild_from_folders()
            self.notice = Text(
                QT_TRANSLATE_NOOP("core", "The outbox database {path} could not be read ({reason}); it was moved aside to "
                                  "{aside}. Every image file was kept; {n} waiting report(s) were restored from "
                                  "their folders. Check the Outbox and resend anything missing."),
                path=str(self.db_path), reason=str(exc), aside=self._aside_path.name, n=restored,
            )
            log.info("%s", self.notice)  # said by whoever opened it (the window, the CLI): once, not twice
        self.recover()

    def _not_writable(self, exc: sqlite3.OperationalError) -> bool:
        """A permission problem, not damage: SQLite says read-only, or we may not write the files it needs."""
        if "readonly" in str(exc) or "read-only" in str(exc):
            return True
        files = [self.db_path, self.db_path.with_name(self.db_path.name + "-wal"),
                 self.db_path.with_name(self.db_path.name + "-shm")]
        return not os.access(self.data_dir, os.W_OK) or any(f.exists() and not os.access(f, os.W_OK) for f in files)

    def _init_db(self) -> None:
        con = self._connect()
        try:
            con.execute("PRAGMA journal_mode = WAL")
            # quick_check reads every page: a damaged file fails here, not on first use.
            row = con.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {row[0] if row else 'no answer'}")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "The outbox {path} was written by a newer BugZot (schema {version}); update "
                                           "BugZot to send those reports. Nothing was changed."),
                         path=str(self.db_path), version=version)
                )
            if version != SCHEMA:  # only the first open writes; later opens just read
                self._migrate(con)
        finally:
            con.close()

    def _migrate(self, con: sqlite3.Connection) -> None:
        """Create the schema, or bring an older one up to date, in one write transaction.

        The version is read again under the write lock: two processes opening an old outbox at
        the same moment migrate it once. Schema 1 -> 2 adds ``destination`` (NULL: follow settings),
        2 -> 3 ``last_error_text`` (NULL: the stored error is plain English), 3 -> 4 ``held_by``/``held_at``
        (NULL: not held back)."""
        con.execute("BEGIN IMMEDIATE")
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA:
                for statement in _DDL:
                    con.execute(statement)
                columns = {r[1] for r in con.execute("PRAGMA table_info(reports)")}
                if "destination" not in columns:
                    con.execute("ALTER TABLE reports ADD COLUMN destination TEXT")
                if "last_error_text" not in columns:
                    con.execute("ALTER TABLE reports ADD COLUMN last_error_text TEXT")
                if "held_by" not in columns:
                    con.execute("ALTER TABLE reports ADD COLUMN held_by TEXT")
                    con.execute("ALTER TABLE reports ADD COLUMN held_at REAL")
                con.execute(f"PRAGMA user_version = {SCHEMA}")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _move_aside(self, exc: Exception) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(self.clock()))
        self._aside_path = self.db_path.with_name(f"{DB_NAME}.corrupt-{stamp}")
        n = 1
        while self._aside_path.exists():
            n += 1
            self._aside_path = self.db_path.with_name(f"{DB_NAME}.corrupt-{stamp}-{n}")
        os.replace(self.db_path, self._aside_path)
        for suffix in ("-wal", "-shm"):
            side = self.db_path.with_name(DB_NAME + suffix)
            if side.exists():
                os.replace(side, self._aside_path.with_name(self._aside_path.name + suffix))
        _fsync_dir(self.data_dir)

    def _rebuild_from_folders(self) -> int:
        """Re-queue every report folder that has a manifest and no sent marker.

        Re-sending one that did reach the server is harmless: its client_id makes the
        server answer with the original report.
        """
        restored = 0
        for folder in sorted(self.files_dir.iterdir()) if self.files_dir.is_dir() else []:
            manifest = folder / MANIFEST
            if not manifest.is_file() or (folder / SENT_MARKER).exists():
                continue
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                atts = [self._att_from_json(a) for a in data["attachments"]]
                now = self.clock()
                with self._write() as con:
                    self._insert(
                        con, data["client_id"], data["fields"], data["environment"], atts, now, data.get("destination")
                    )
                restored += 1
            except (OSError, ValueError, KeyError, TypeError, sqlite3.DatabaseError) as exc:
                log.warning("outbox folder %s could not be restored: %s", folder, exc)
        return restored

    # -- (de)serialisation -------------------------------------------------
    def _rel(self, path: Path) -> str:
        return str(path.relative_to(self.data_dir))

    def _att_to_json(self, a: StoredAttachment) -> dict[str, Any]:
        return {
            "path": self._rel(a.path),
            "filename": a.filename,
            "send_original": a.send_original,
            "markup": a.markup,
            "source_path": self._rel(a.source_path) if a.source_path else None,
        }

    def _att_from_json(self, d: dict[str, Any]) -> StoredAttachment:
        return StoredAttachment(
            path=self.data_dir / d["path"],
            filename=d["filename"],
            send_original=bool(d.get("send_original")),
            markup=d.get("markup"),
            source_path=self.data_dir / d["source_path"] if d.get("source_path") else None,
        )

    def _comp_from_json(self, d: dict[str, Any] | None) -> CompressedFile | None:
        if not d:
            return None
        # Only the fields this version knows: an outbox written by a newer one may record more.
        d = {k: v for k, v in d.items() if k in _COMPRESSED_FIELDS}
        d["path"] = self.data_dir / d["path"]
        return CompressedFile(**d)

    def _entry(self, row: sqlite3.Row) -> OutboxEntry:
        return OutboxEntry(
            client_id=row["client_id"],
            fields=json.loads(row["fields"]),
            environment=json.loads(row["environment"]),
            attachments=[self._att_from_json(a) for a in json.loads(row["attachments"])],
            state=row["state"],
            attempts=row["attempts"],
            last_error=from_json(row["last_error"], row["last_error_text"]) if row["last_error"] is not None else None,
            next_attempt_at=row["next_attempt_at"],
            server_id=row["server_id"],
            server_url=row["server_url"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            sent_at=row["sent_at"],
            compressed=[self._comp_from_json(c) for c in json.loads(row["compressed"])],
            destination=row["destination"],
            held_by=row["held_by"],
        )

    def _insert(
        self,
        con: sqlite3.Connection,
        client_id: str,
        fields: dict[str, str],
        environment: dict[str, Any],
        atts: list[StoredAttachment],
        now: float,
        destination: str | None = None,
    ) -> None:
        con.execute(
            "INSERT INTO reports (client_id, fields, environment, attachments, state, next_attempt_at,"
            " created_at, updated_at, destination) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
            (
                client_id,
                json.dumps(fields),
                json.dumps(environment),
                json.dumps([self._att_to_json(a) for a in atts]),
                now,
                now,
                now,
                destination,
            ),
        )

    # -- files -------------------------------------------------------------
    def folder(self, client_id: str) -> Path:
        """The report's own folder (images, manifest, compressed results under sent/)."""
        # client_id is a UUID (validated by Report), so it is a safe single path component.
        return self.files_dir / str(uuid.UUID(client_id))

    def _store_files(self, report: Report, folder: Path) -> list[StoredAttachment]:
        """Copy every attachment that is not already in this folder; durable before return."""
        stored: list[StoredAttachment] = []
        for att in report.attachments:
            path = self._keep(att.path, folder)
            source = self._keep(att.source_path, folder) if att.source_path else None
            stored.append(StoredAttachment(path, att.filename, att.send_original, att.markup, source))
        _fsync_dir(folder)
        _fsync_dir(self.files_dir)
        return stored

    def _keep(self, src: Path, folder: Path) -> Path:
        src = Path(src)
        if src.parent.resolve() == folder.resolve():
            return folder / src.name  # already ours (an edited report keeps its files)
        try:
            return _durable_copy(src, folder, f"{uuid.uuid4().hex[:12]}{src.suffix.lower()}")
        except OSError as exc:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Attachment {path} could not be copied into the outbox ({reason}); the report was "
                                       "not saved — check the file and the free disk space, then submit again."),
                     path=str(src), reason=exc.strerror or str(exc)),
                path=str(src),
            ) from None

    def _write_manifest(
        self, folder: Path, client_id: str, report: Report, atts: list[StoredAttachment], destination: str | None
    ) -> None:
        write_json(
            folder / MANIFEST,
            {
                "client_id": client_id,
                "fields": report.fields(),
                "environment": report.environment,
                "attachments": [self._att_to_json(a) for a in atts],
                "destination": destination,
            },
        )

    # -- public API --------------------------------------------------------
    def add(self, report: Report, *, destination: str | None = None) -> OutboxEntry:
        """Store a report durably (state queued, due now). Raises BadInputError if invalid.

        ``destination``: the server URL this report must go to (None: whatever the settings say
        when it is sent). The caller checks the URL (core.settings.normalize_server_url)."""
        try:
            return self._add(report, destination)
        except (PermissionError, sqlite3.OperationalError) as exc:
            # A data dir made read-only after start (a full disk gives ENOSPC, said by _keep):
            # "OperationalError('unable to open database file')" told the user nothing.
            what = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "The outbox in {path} cannot be written ({reason}); make the folder "
                                       "writable, or start BugZot with another data dir."),
                     path=str(self.data_dir), reason=what),
                path=str(self.data_dir),
            ) from None

    def _add(self, report: Report, destination: str | None) -> OutboxEntry:
        if self.get(report.client_id) is not None:
            raise BadInputError(_already_there(report.client_id))
        report.validate()
        folder = self.folder(report.client_id)
        folder.mkdir(parents=True, exist_ok=True)
        atts = self._store_files(report, folder)
        self._write_manifest(folder, report.client_id, report, atts, destination)
        _fsync_dir(folder)
        now = self.clock()
        try:
            with self._write() as con:
                self._insert(con, report.client_id, report.fields(), report.environment, atts, now, destination)
        except sqlite3.IntegrityError:
            raise BadInputError(_already_there(report.client_id)) from None
        entry = self.get(report.client_id)
        assert entry is not None
        return entry

    def update_report(self, client_id: str, report: Report) -> OutboxEntry:
        """Replace a queued or failed report's content (failed → queued, due now)."""
        if report.client_id != client_id:
            raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "An edited report must keep its client_id.")), field="client_id")
        report.validate()
        entry = self.get(client_id)
        if entry is None:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Report {id} is not in the outbox (it may have been deleted)."), id=client_id)
            )
        if entry.state not in (QUEUED, FAILED):
            if entry.state == SENDING:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "Report '{title}' is sending and cannot be edited now; it is being sent — try "
                                           "again in a moment."), title=entry.title)
                )
            raise BadInputError(  # SENT, the only state left
                Text(QT_TRANSLATE_NOOP("core", "Report '{title}' is sent and cannot be edited now."), title=entry.title)
            )
        folder = self.folder(client_id)
        folder.mkdir(parents=True, exist_ok=True)
        atts = self._store_files(report, folder)
        self._write_manifest(folder, client_id, report, atts, entry.destination)  # an edit keeps where it goes
        now = self.clock()
        with self._write() as con:
            cur = con.execute(
                "UPDATE reports SET fields = ?, environment = ?, attachments = ?, compressed = '[]',"
                " state = 'queued', next_attempt_at = ?, updated_at = ?, last_error = NULL, last_error_text = NULL,"
                " held_by = NULL, held_at = NULL"  # the edit is saved: it may go now
                " WHERE client_id = ? AND state IN ('queued', 'failed')",
                (
                    json.dumps(report.fields()),
                    json.dumps(report.environment),
                    json.dumps([self._att_to_json(a) for a in atts]),
                    now,
                    now,
                    client_id,
                ),
            )
            if cur.rowcount != 1:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "Report '{title}' started sending meanwhile and was not changed."), title=entry.title)
                )
        # Files the edit dropped (old copies and stale compressed results) are ours to remove.
        keep = {a.path.name for a in atts} | {a.source_path.name for a in atts if a.source_path}
        for f in folder.iterdir():
            if f.is_file() and f.name not in keep and f.name != MANIFEST:
                f.unlink(missing_ok=True)
        shutil.rmtree(folder / COMPRESSED_DIR, ignore_errors=True)
        result = self.get(client_id)
        assert result is not None
        return result

    def get(self, client_id: str) -> OutboxEntry | None:
        with self._read() as con:
            row = con.execute("SELECT * FROM reports WHERE client_id = ?", (client_id,)).fetchone()
        return self._entry(row) if row else None

    def list(self, states: Iterable[str] | None = None) -> list[OutboxEntry]:
        """Entries, oldest first; optionally only those in ``states``."""
        with self._read() as con:
            if states is None:
                rows = con.execute("SELECT * FROM reports ORDER BY created_at, rowid").fetchall()
            else:
                st = tuple(states)
                q = f"SELECT * FROM reports WHERE state IN ({','.join('?' * len(st))}) ORDER BY created_at, rowid"
                rows = con.execute(q, st).fetchall()
        return [self._entry(r) for r in rows]

    def pending_count(self) -> int:
        """Reports waiting to be sent (queued or being sent)."""
        with self._read() as con:
            return int(con.execute("SELECT COUNT(*) FROM reports WHERE state IN ('queued', 'sending')").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Number of reports in each state."""
        with self._read() as con:
            rows = con.execute("SELECT state, COUNT(*) FROM reports GROUP BY state").fetchall()
        out = dict.fromkeys(STATES, 0)
        out.update({r[0]: r[1] for r in rows})
        return out

    def due(self, now: float | None = None) -> builtins.list[OutboxEntry]:
        """Queued reports whose next attempt time has come, most overdue first."""
        now = self.clock() if now is None else now
        with self._read() as con:
            rows = con.execute(
                "SELECT * FROM reports WHERE state = 'queued' AND next_attempt_at <= ? AND held_by IS NULL"
                " ORDER BY next_attempt_at, created_at",
                (now,),
            ).fetchall()
        return [self._entry(r) for r in rows]

    def next_due_at(self) -> float | None:
        """When the next queued report becomes due (None when nothing is queued)."""
        with self._read() as con:
            v = con.execute(
                "SELECT MIN(next_attempt_at) FROM reports WHERE state = 'queued' AND held_by IS NULL"
            ).fetchone()[0]
        return None if v is None else float(v)

    def claim(self, client_id: str) -> bool:
        """Atomically take a queued report for sending; False if it is not queued (someone has it) or
        held back for an edit (:meth:`hold`): every send path claims first, so a held report never goes."""
        with self._write() as con:
            cur = con.execute(
                "UPDATE reports SET state = 'sending', claimed_by = ?, claimed_at = ?, updated_at = ?"
                " WHERE client_id = ? AND state = 'queued' AND held_by IS NULL",
                (self.owner, self.clock(), self.clock(), client_id),
            )
            return cur.rowcount == 1

    def hold(self, client_id: str) -> bool:
        """Hold a queued or failed report back from sending while it is edited; False if it is being sent
        or already sent (or gone). The hold is this process's: :meth:`recover` drops it when the process
        is gone, :meth:`update_report` and :meth:`unhold` when the edit ends."""
        with self._write() as con:
            cur = con.execute(
                "UPDATE reports SET held_by = ?, held_at = ? WHERE client_id = ? AND state IN ('queued', 'failed')"
                " AND (held_by IS NULL OR held_by = ?)",
                (self.owner, self.clock(), client_id, self.owner),
            )
            return cur.rowcount == 1

    def unhold(self, client_id: str) -> bool:
        """Let a held report go again (the edit was stopped); only this process's hold."""
        with self._write() as con:
            cur = con.execute(
                "UPDATE reports SET held_by = NULL, held_at = NULL WHERE client_id = ? AND held_by = ?",
                (client_id, self.owner),
            )
            return cur.rowcount == 1

    def release(self, client_id: str, *, only_own: bool = False) -> bool:
        """Give a claimed report back untried (cancelled): sending → queued, attempts unchanged.

        ``only_own``: only if this process holds the claim (a late cleanup must never
        undo a claim another sender took meanwhile).
        """
        q = (
            "UPDATE reports SET state = 'queued', claimed_by = NULL, claimed_at = NULL, updated_at = ?"
            " WHERE client_id = ? AND state = 'sending'"
        )
        args: tuple[Any, ...] = (self.clock(), client_id)
        if only_own:
            q += " AND claimed_by = ?"
            args += (self.owner,)
        with self._write() as con:
            return con.execute(q, args).rowcount == 1

    def mark_sent(self, client_id: str, server_id: str, url: str) -> None:
        now = self.clock()
        with self._write() as con:
            con.execute(
                "UPDATE reports SET state = 'sent', server_id = ?, server_url = ?, sent_at = ?, updated_at = ?,"
                " last_error = NULL, last_error_text = NULL, attempts = attempts + 1, claimed_by = NULL,"
                " claimed_at = NULL WHERE client_id = ?",
                (str(server_id), url, now, now, client_id),
            )
        # The marker stops a database rebuild from re-queuing it (best effort: the row is the truth).
        with contextlib.suppress(OSError, ValueError):
            write_json(self.folder(client_id) / SENT_MARKER, {"server_id": str(server_id), "url": url})

    def mark_failed(self, client_id: str, reason: str) -> None:
        """Permanent failure: kept in the outbox with the reason until edited or retried.

        A :class:`~bugzot_desktop.core.text.Text` reason is stored with its template (it reads back as a Text)."""
        now = self.clock()
        with self._write() as con:
            con.execute(
                "UPDATE reports SET state = 'failed', last_error = ?, last_error_text = ?, attempts = attempts + 1,"
                " updated_at = ?, claimed_by = NULL, claimed_at = NULL WHERE client_id = ? AND state != 'sent'",
                (str(reason), to_json(reason), now, client_id),
            )

    def mark_retry(self, client_id: str, error: str, retry_after: float | None = None) -> float:
        """Transient failure: back to queued with a backoff; returns the next attempt time (``error`` as in mark_failed)."""
        now = self.clock()
        with self._write() as con:
            row = con.execute("SELECT attempts FROM reports WHERE client_id = ?", (client_id,)).fetchone()
            if row is None:
                return now
            attempts = row[0] + 1
            when = now + self.backoff.delay(attempts, retry_after, self.rand)
            con.execute(
                "UPDATE reports SET state = 'queued', last_error = ?, last_error_text = ?, attempts = ?,"
                " next_attempt_at = ?, updated_at = ?, claimed_by = NULL, claimed_at = NULL"
                " WHERE client_id = ? AND state != 'sent'",
                (str(error), to_json(error), attempts, when, now, client_id),
            )
        return when

    def retry_now(self, client_id: str) -> bool:
        """Make a queued or failed report due now ("Retry now"); False if it is sending or sent."""
        now = self.clock()
        with self._write() as con:
            cur = con.execute(
                "UPDATE reports SET state = 'queued', next_attempt_at = ?, updated_at = ?"
                " WHERE client_id = ? AND state IN ('queued', 'failed')",
                (now, now, client_id),
            )
            return cur.rowcount == 1

    def retry_all_now(self, client_ids: Iterable[str] | None = None) -> int:
        """Make every queued report (or those of ``client_ids``) due now (connectivity came back, or `outbox flush`)."""
        now = self.clock()
        q = "UPDATE reports SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?"
        with self._write() as con:
            if client_ids is None:
                return con.execute(q, (now, now)).rowcount
            return sum(con.execute(q + " AND client_id = ?", (now, now, cid)).rowcount for cid in client_ids)

    def postpone_due(self, until: float, *, destination: str | None = ANY_DESTINATION) -> int:
        """Queued reports due before ``until`` now wait until then (no attempt is counted).

        Used when a server is unreachable: trying the others for it now would only wait out
        the same timeouts. ``destination`` limits this to the reports of one destination
        (None: those that follow the settings); reports for other servers are not held up.
        Connectivity coming back calls :meth:`retry_all_now`.
        """
        q = "UPDATE reports SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at < ?"
        args: tuple[Any, ...] = (until, until)
        if destination is not ANY_DESTINATION:
            q += " AND destination IS ?"
            args += (destination,)
        with self._write() as con:
            return con.execute(q, args).rowcount

    def set_destination(self, client_id: str, destination: str | None) -> bool:
        """Re-target a queued or failed report (e.g. its URL had a typo); False if sending, sent or gone.

        A new destination forgets the last error: it was the old server's answer (the Outbox would go on
        showing "could not reach" the URL the report no longer goes to)."""
        with self._write() as con:
            cur = con.execute(
                "UPDATE reports SET updated_at = ?,"
                " last_error = CASE WHEN destination IS ? THEN last_error ELSE NULL END,"
                " last_error_text = CASE WHEN destination IS ? THEN last_error_text ELSE NULL END,"
                " destination = ? WHERE client_id = ? AND state IN ('queued', 'failed')",
                (self.clock(), destination, destination, destination, client_id),
            )
            if cur.rowcount != 1:
                return False
        manifest = self.folder(client_id) / MANIFEST
        # The manifest only matters for a rebuild after corruption; the row is the truth.
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(manifest.read_text(encoding="utf-8"))
            data["destination"] = destination
            write_json(manifest, data)
        return True

    def set_compressed(self, client_id: str, index: int, result: CompressedFile) -> None:
        """Record the file to send for attachment ``index`` (reused by later attempts)."""
        with self._write() as con:
            row = con.execute(
                "SELECT compressed, attachments FROM reports WHERE client_id = ?", (client_id,)
            ).fetchone()
            if row is None:
                return
            n = len(json.loads(row["attachments"]))
            comp: builtins.list[Any] = json.loads(row["compressed"])
            comp += [None] * (n - len(comp))
            d = asdict(result)
            d["path"] = self._rel(result.path)
            comp[index] = d
            con.execute("UPDATE reports SET compressed = ? WHERE client_id = ?", (json.dumps(comp), client_id))

    def delete(self, client_id: str) -> bool:
        """Remove a report and its files; refused (False) while it is being sent."""
        with self._write() as con:
            cur = con.execute("DELETE FROM reports WHERE client_id = ? AND state != 'sending'", (client_id,))
            deleted = cur.rowcount == 1
        if deleted:
            shutil.rmtree(self.folder(client_id), ignore_errors=True)
        return deleted

    def purge_sent(self, before: float) -> int:
        """Forget sent reports (row and files) sent before ``before``; returns how many.

        Waiting and failed reports are never touched. The app (at start) and ``bugzot outbox
        flush`` call :meth:`purge_old_sent`, so the outbox does not keep every image it ever sent.
        """
        with self._write() as con:
            rows = con.execute(
                "SELECT client_id FROM reports WHERE state = 'sent' AND sent_at < ?", (before,)
            ).fetchall()
            ids = [r[0] for r in rows]
            con.executemany("DELETE FROM reports WHERE client_id = ? AND state = 'sent'", [(i,) for i in ids])
        for cid in ids:
            shutil.rmtree(self.folder(cid), ignore_errors=True)
        return len(ids)

    def purge_old_sent(self) -> int:
        """Forget reports sent more than :data:`SENT_KEPT_S` ago (their files too); returns how many."""
        return self.purge_sent(self.clock() - SENT_KEPT_S)

    def recover(self) -> int:
        """Put reports whose sender died back in the queue (sending → queued); returns how many.

        A claim is stale when its process is gone (same host and boot), when it was taken before
        this machine last booted, or when it is older than the lease.
        Claims of live processes are left alone: the GUI may be mid-send while the CLI opens.
        """
        now = self.clock()
        stale: builtins.list[str] = []
        with self._read() as con:
            rows = con.execute(
                "SELECT client_id, claimed_by, claimed_at FROM reports WHERE state = 'sending'"
            ).fetchall()
            holds = con.execute("SELECT client_id, held_by FROM reports WHERE held_by IS NOT NULL").fetchall()
        for r in rows:
            expired = r["claimed_at"] is None or now - r["claimed_at"] > CLAIM_LEASE_S
            if not r["claimed_by"] or expired or _owner_gone(r["claimed_by"]):
                stale.append(r["client_id"])
        # An edit may last as long as the user likes: a hold has no lease, only a dead holder ends it.
        dropped = [r["client_id"] for r in holds if _owner_gone(r["held_by"])]
        if stale or dropped:
            with self._write() as con:
                for cid in stale:
                    con.execute(
                        "UPDATE reports SET state = 'queued', claimed_by = NULL, claimed_at = NULL"
                        " WHERE client_id = ? AND state = 'sending'",
                        (cid,),
                    )
                for cid in dropped:
                    con.execute("UPDATE reports SET held_by = NULL, held_at = NULL WHERE client_id = ?", (cid,))
        return len(stale)
