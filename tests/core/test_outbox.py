"""Outbox: states, durability order, recovery, sharing between threads and processes, corruption."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bugzot_desktop.core.backoff import Backoff
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.outbox import DB_NAME, SCHEMA, CompressedFile, Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.text import Text


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def _file(tmp_path: Path, name: str = "shot.png", data: bytes = b"\x89PNG fake") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _outbox(data_dir: Path, clock: Clock | None = None) -> Outbox:
    return Outbox(data_dir, clock or Clock(), backoff=Backoff(base=10, factor=2, cap=100), rand=lambda: 0.0)


def test_add_copies_files_and_queues(tmp_path, data_dir):
    src = _file(tmp_path, data=b"one")
    orig = _file(tmp_path, "orig.png", b"unmarked")
    ob = _outbox(data_dir)
    r = Report(
        title="Crash", severity="minor", attachments=[Attachment(src, "screen.png", markup={"v": 1}, source_path=orig)]
    )
    e = ob.add(r)
    assert e.state == "queued" and e.attempts == 0 and e.client_id == r.client_id
    assert e.fields["title"] == "Crash" and e.fields["severity"] == "minor"
    a = e.attachments[0]
    assert a.filename == "screen.png" and a.markup == {"v": 1}
    assert a.path.parent == data_dir / "outbox" / r.client_id
    assert a.path.read_bytes() == b"one" and a.source_path.read_bytes() == b"unmarked"
    src.unlink()  # the outbox owns its copy
    assert ob.get(r.client_id).attachments[0].path.read_bytes() == b"one"
    assert ob.pending_count() == 1
    assert [x.client_id for x in ob.due()] == [r.client_id]
    with pytest.raises(BadInputError, match="already in the outbox"):
        ob.add(r)


def test_add_refuses_bad_input_without_a_row(tmp_path, data_dir):
    ob = _outbox(data_dir)
    with pytest.raises(BadInputError, match="Title is required"):
        ob.add(Report(title=" "))
    with pytest.raises(BadInputError, match="missing.png does not exist"):
        ob.add(Report(title="x", attachments=[Attachment(tmp_path / "missing.png")]))
    assert ob.list() == []


def test_state_machine_and_backoff(tmp_path, data_dir):
    clock = Clock()
    ob = _outbox(data_dir, clock)
    cid = ob.add(Report(title="t", attachments=[Attachment(_file(tmp_path))])).client_id
    assert ob.claim(cid) is True
    assert ob.claim(cid) is False  # nobody else may send it now
    assert ob.get(cid).state == "sending" and ob.pending_count() == 1
    when = ob.mark_retry(cid, "offline")
    assert when == clock.t + 10
    e = ob.get(cid)
    assert (e.state, e.attempts, e.last_error, e.next_attempt_at) == ("queued", 1, "offline", clock.t + 10)
    assert ob.due() == [] and ob.next_due_at() == clock.t + 10
    clock.t += 10
    assert [x.client_id for x in ob.due()] == [cid]
    assert ob.claim(cid)
    assert ob.mark_retry(cid, "503", retry_after=300) == clock.t + 300  # Retry-After beats the backoff
    assert ob.claim(cid)
    assert ob.mark_retry(cid, "again") == clock.t + 40  # attempt 3: 10 * 2**2
    assert ob.claim(cid)
    ob.mark_failed(cid, "413 too large")
    e = ob.get(cid)
    assert (e.state, e.attempts, e.last_error) == ("failed", 4, "413 too large")
    assert ob.pending_count() == 0 and ob.counts() == {"queued": 0, "sending": 0, "sent": 0, "failed": 1}
    assert ob.retry_now(cid) and ob.get(cid).state == "queued"
    assert ob.claim(cid)
    ob.mark_sent(cid, "42", "http://s/reports/42")
    e = ob.get(cid)
    assert (e.state, e.server_id, e.server_url, e.last_error) == ("sent", "42", "http://s/reports/42", None)
    ob.mark_retry(cid, "late answer from a stale sender")  # never downgrades a sent report
    assert ob.get(cid).state == "sent"
    assert ob.retry_now(cid) is False and ob.pending_count() == 0


def test_update_report_edits_failed_and_requeues(tmp_path, data_dir):
    ob = _outbox(data_dir)
    e = ob.add(Report(title="old", attachments=[Attachment(_file(tmp_path, "a.png", b"A"))]))
    ob.claim(e.client_id)
    ob.mark_failed(e.client_id, "422: title")
    ob.set_compressed(e.client_id, 0, CompressedFile(e.attachments[0].path, "a.png", "image/png", "0" * 64, 1))
    report = ob.get(e.client_id).to_report()
    report.title = "new"
    report.attachments.append(Attachment(_file(tmp_path, "b.png", b"B")))
    e2 = ob.update_report(e.client_id, report)
    assert (e2.state, e2.title, e2.last_error, e2.compressed) == ("queued", "new", None, [])
    assert [a.path.read_bytes() for a in e2.attachments] == [b"A", b"B"]
    assert e2.attachments[0].path == e.attachments[0].path  # kept, not copied again
    report.attachments.pop(0)
    e3 = ob.update_report(e.client_id, report)
    assert [a.filename for a in e3.attachments] == ["b.png"]
    assert not e.attachments[0].path.exists()  # the dropped copy was removed
    ob.claim(e.client_id)
    with pytest.raises(BadInputError, match="is sending and cannot be edited"):
        ob.update_report(e.client_id, report)
    assert ob.delete(e.client_id) is False  # not while sending
    ob.release(e.client_id)
    assert ob.delete(e.client_id) is True
    assert ob.get(e.client_id) is None and not ob.folder(e.client_id).exists()


def test_sending_of_a_dead_process_is_recovered_at_open(tmp_path, data_dir):
    ob = _outbox(data_dir)
    cid = ob.add(Report(title="t")).client_id
    # A claim taken by a process that has since died (the app was killed mid-send).
    code = "import sys; from bugzot_desktop.core.outbox import Outbox; assert Outbox(sys.argv[1]).claim(sys.argv[2])"
    subprocess.run(
        [sys.executable, "-c", code, str(data_dir), cid],
        check=True,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
    )
    assert ob.get(cid).state == "sending"
    ob2 = _outbox(data_dir)
    assert ob2.get(cid).state == "queued" and ob2.get(cid).attempts == 0


def test_live_claims_are_left_alone_but_expired_leases_are_not(data_dir):
    clock = Clock()
    ob = _outbox(data_dir, clock)
    cid = ob.add(Report(title="t")).client_id
    assert ob.claim(cid)
    assert ob.recover() == 0 and ob.get(cid).state == "sending"  # our own live claim
    clock.t += 31 * 60
    assert ob.recover() == 1 and ob.get(cid).state == "queued"


def test_concurrent_claims_from_threads_give_each_report_to_one_sender(data_dir):
    ob = _outbox(data_dir)
    ids = [ob.add(Report(title=f"r{i}")).client_id for i in range(20)]
    won: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        mine = Outbox(data_dir)  # its own object, as another part of the app would have
        try:
            for cid in ids:
                if mine.claim(cid):
                    with lock:
                        won.append(cid)
                    mine.mark_sent(cid, cid[:8], f"http://s/{cid}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(won) == sorted(ids)
    assert ob.counts()["sent"] == 20


def _process_worker(data_dir: str, n: int, tag: str, q) -> None:  # runs in a child process
    try:
        ob = Outbox(data_dir)
        claimed = []
        for i in range(n):
            ob.add(Report(title=f"{tag}-{i}"))
            for e in ob.due():
                if ob.claim(e.client_id):
                    claimed.append(e.client_id)
                    ob.mark_sent(e.client_id, "1", "u")
        q.put(("ok", claimed))
    except BaseException as exc:  # pragma: no cover - reported to the parent
        q.put(("error", repr(exc)))


def test_processes_share_the_outbox_without_database_is_locked(data_dir):
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(str(data_dir), 25, f"p{i}", q)) for i in range(3)]
    for p in procs:
        p.start()
    results = [q.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    assert [r[0] for r in results] == ["ok"] * 3, results
    claimed = [cid for r in results for cid in r[1]]
    assert len(claimed) == len(set(claimed)) == 75  # each report sent by exactly one process
    assert Outbox(data_dir).counts() == {"queued": 0, "sending": 0, "sent": 75, "failed": 0}


def test_corrupt_database_is_moved_aside_files_kept_and_reports_restored(tmp_path, data_dir):
    ob = _outbox(data_dir)
    waiting = ob.add(Report(title="waiting", attachments=[Attachment(_file(tmp_path, data=b"W"))]))
    sent = ob.add(Report(title="sent", attachments=[Attachment(_file(tmp_path, "s.png", b"S"))]))
    ob.claim(sent.client_id)
    ob.mark_sent(sent.client_id, "7", "http://s/7")
    for side in ("-wal", "-shm"):
        (data_dir / (DB_NAME + side)).unlink(missing_ok=True)
    (data_dir / DB_NAME).write_bytes(b"this is not sqlite" * 100)

    ob2 = _outbox(data_dir)
    assert ob2.notice is not None
    assert "could not be read" in ob2.notice and "moved aside" in ob2.notice and "kept" in ob2.notice
    aside = [p.name for p in data_dir.iterdir() if p.name.startswith(DB_NAME + ".corrupt-")]
    assert len(aside) == 1 and (data_dir / aside[0]).read_bytes().startswith(b"this is not sqlite")
    assert waiting.attachments[0].path.read_bytes() == b"W"
    assert sent.attachments[0].path.read_bytes() == b"S"  # files are never deleted
    # The waiting report is back in the queue; the sent one is not re-queued.
    assert [(e.client_id, e.state, e.title) for e in ob2.list()] == [(waiting.client_id, "queued", "waiting")]
    assert ob2.get(waiting.client_id).attachments[0].path == waiting.attachments[0].path


def test_healthy_database_gets_no_notice_and_uses_wal(data_dir):
    ob = _outbox(data_dir)
    assert ob.notice is None
    con = sqlite3.connect(data_dir / DB_NAME)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()
    assert os.path.isdir(data_dir / "outbox")


def test_purge_sent_forgets_only_old_sent_reports(tmp_path, data_dir):
    clock = Clock()
    ob = _outbox(data_dir, clock)
    old = ob.add(Report(title="old", attachments=[Attachment(_file(tmp_path, "o.png"))]))
    ob.claim(old.client_id)
    ob.mark_sent(old.client_id, "1", "u1")
    waiting = ob.add(Report(title="waiting")).client_id
    clock.t += 100
    new = ob.add(Report(title="new")).client_id
    ob.claim(new)
    ob.mark_sent(new, "2", "u2")
    assert ob.purge_sent(before=clock.t - 50) == 1
    assert [e.title for e in ob.list()] == ["waiting", "new"]
    assert not ob.folder(old.client_id).exists() and ob.get(waiting) is not None


def test_a_database_that_cannot_be_moved_aside_raises_a_clear_error(data_dir, monkeypatch):
    (data_dir / DB_NAME).write_bytes(b"garbage" * 200)

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bugzot_desktop.core.outbox.os.replace", refuse)
    from bugzot_desktop.core.errors import OutboxCorruptError

    with pytest.raises(
        OutboxCorruptError, match="could not be moved aside \\(Permission denied\\). Your images are kept in"
    ):
        Outbox(data_dir)


def test_a_claim_from_before_a_reboot_is_recovered_even_if_the_pid_lives(data_dir):
    import socket as _socket

    ob = _outbox(data_dir)
    cid = ob.add(Report(title="t")).client_id
    assert ob.claim(cid)
    # As if taken before a power loss by a process whose pid is now our own (a live pid).
    con = sqlite3.connect(data_dir / DB_NAME)
    with con:
        con.execute(
            "UPDATE reports SET claimed_by = ? WHERE client_id = ?",
            (f"{_socket.gethostname()}/an-earlier-boot:{os.getppid()}", cid),
        )
    con.close()
    assert ob.recover() == 1 and ob.get(cid).state == "queued"
    # A claim of another machine (shared folder) is left to its lease.
    assert ob.claim(cid)
    con = sqlite3.connect(data_dir / DB_NAME)
    with con:
        con.execute("UPDATE reports SET claimed_by = 'other-host/x:1' WHERE client_id = ?", (cid,))
    con.close()
    assert ob.recover() == 0 and ob.get(cid).state == "sending"


# Schema 1, exactly as BugZot wrote it before reports had a destination.
_SCHEMA_1 = """
CREATE TABLE reports (
    client_id TEXT PRIMARY KEY, fields TEXT NOT NULL, environment TEXT NOT NULL, attachments TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_attempt_at REAL NOT NULL, server_id TEXT,
    server_url TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL, sent_at REAL,
    compressed TEXT NOT NULL DEFAULT '[]', claimed_by TEXT, claimed_at REAL
);
CREATE INDEX reports_due ON reports (state, next_attempt_at);
INSERT INTO reports (client_id, fields, environment, attachments, state, attempts, last_error, next_attempt_at,
                     created_at, updated_at)
VALUES ('7d3c1e52-3a59-4a63-9a52-1c8e9a1f4b10', '{"title": "old one", "severity": "major"}', '{}', '[]',
        'queued', 2, 'The server was down.', 5.0, 1.0, 2.0);
PRAGMA user_version = 1;
"""


def test_a_schema_1_outbox_is_migrated_and_its_reports_follow_the_settings(data_dir):
    con = sqlite3.connect(data_dir / DB_NAME)
    con.executescript(_SCHEMA_1)
    con.close()
    ob = _outbox(data_dir)
    assert ob.notice is None
    [old] = ob.list()
    assert (old.client_id, old.title, old.state, old.attempts, old.last_error, old.destination) == (
        "7d3c1e52-3a59-4a63-9a52-1c8e9a1f4b10", "old one", "queued", 2, "The server was down.", None
    )
    new = ob.add(Report(title="new"), destination="http://b.example:8001")
    assert [(e.title, e.destination) for e in _outbox(data_dir).list()] == [
        ("old one", None), ("new", "http://b.example:8001")
    ]
    con = sqlite3.connect(data_dir / DB_NAME)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA == 4
        assert con.execute("SELECT destination FROM reports WHERE client_id = ?", (new.client_id,)).fetchone() == (
            "http://b.example:8001",
        )
    finally:
        con.close()


def test_a_translatable_last_error_reads_back_as_the_same_text(tmp_path, data_dir):
    ob = _outbox(data_dir)
    cid = ob.add(Report(title="t")).client_id
    reason = Text("The server at {url} could not be reached ({reason}).", url="http://h:1", reason=Text("connection refused"))
    ob.claim(cid)
    ob.mark_retry(cid, reason)
    back = _outbox(data_dir).get(cid).last_error
    assert back == "The server at http://h:1 could not be reached (connection refused)."  # what the CLI prints
    assert isinstance(back, Text) and back.template == reason.template and isinstance(back.args["reason"], Text)
    ob.claim(cid)
    ob.mark_failed(cid, "plain words")  # a plain str stays plain
    assert ob.get(cid).last_error == "plain words" and not isinstance(ob.get(cid).last_error, Text)
    ob.retry_now(cid)
    ob.claim(cid)
    ob.mark_failed(cid, Text("Refused ({n}).", n=413))
    con = sqlite3.connect(data_dir / DB_NAME)
    try:  # an older BugZot changes the text but not the template: the text as stored wins
        con.execute("UPDATE reports SET last_error = 'changed elsewhere' WHERE client_id = ?", (cid,))
        con.commit()
    finally:
        con.close()
    assert ob.get(cid).last_error == "changed elsewhere" and not isinstance(ob.get(cid).last_error, Text)
    ob.retry_now(cid)
    ob.claim(cid)
    ob.mark_sent(cid, "1", "http://h:1/reports/1")
    assert ob.get(cid).last_error is None


def test_a_newer_outbox_schema_is_refused_unchanged(data_dir):
    con = sqlite3.connect(data_dir / DB_NAME)
    con.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    con.close()
    with pytest.raises(BadInputError, match=rf"written by a newer BugZot \(schema {SCHEMA + 1}\); update BugZot"):
        Outbox(data_dir)


def test_destination_survives_edit_and_a_rebuild_and_can_be_corrected(tmp_path, data_dir):
    ob = _outbox(data_dir)
    e = ob.add(Report(title="for B"), destination="http://b.example:8001")
    follows = ob.add(Report(title="follows settings"))
    edited = e.to_report()
    edited.title = "for B, edited"
    assert ob.update_report(e.client_id, edited).destination == "http://b.example:8001"
    assert ob.set_destination(e.client_id, "http://b.example:8002") is True
    ob.claim(follows.client_id)
    ob.mark_sent(follows.client_id, "1", "http://a/1")
    assert ob.set_destination(follows.client_id, "http://x.example") is False  # sent: too late
    for side in ("-wal", "-shm"):
        (data_dir / (DB_NAME + side)).unlink(missing_ok=True)
    (data_dir / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    restored = _outbox(data_dir)
    assert [(x.title, x.destination) for x in restored.list()] == [("for B, edited", "http://b.example:8002")]


def test_a_new_destination_forgets_the_old_servers_error_and_the_same_one_keeps_it(data_dir):
    ob = _outbox(data_dir)
    e = ob.add(Report(title="typo"), destination="http://b.example:8001")
    ob.claim(e.client_id)
    ob.mark_failed(e.client_id, Text("Refused by {url}.", url="http://b.example:8001"))
    assert ob.set_destination(e.client_id, "http://b.example:8001") is True  # unchanged: the error still holds
    assert ob.get(e.client_id).last_error == "Refused by http://b.example:8001."
    assert ob.set_destination(e.client_id, None) is True
    got = ob.get(e.client_id)
    assert (got.destination, got.last_error, got.state) == (None, None, "failed")


def test_postpone_due_holds_up_only_the_reports_of_that_destination(data_dir):
    clock = Clock()
    ob = _outbox(data_dir, clock)
    a = ob.add(Report(title="a"), destination="http://a.example").client_id
    b = ob.add(Report(title="b"), destination="http://b.example").client_id
    s = ob.add(Report(title="settings")).client_id
    assert ob.postpone_due(clock.t + 60, destination="http://a.example") == 1
    assert [e.client_id for e in ob.due()] == [b, s]
    assert ob.postpone_due(clock.t + 60, destination=None) == 1  # those that follow the settings
    assert [e.client_id for e in ob.due()] == [b]
    assert ob.postpone_due(clock.t + 60) == 1  # every queued report
    assert ob.due() == [] and ob.next_due_at() == clock.t + 60
    assert ob.retry_all_now([a]) == 1
    assert [e.client_id for e in ob.due()] == [a]


def test_a_data_dir_that_cannot_hold_an_outbox_is_one_clear_error(data_dir):
    (data_dir / "outbox").write_text("a file where the folder should be")
    with pytest.raises(BadInputError) as info:
        Outbox(data_dir)
    assert str(info.value) == (
        f"Data dir {data_dir} cannot hold the outbox: File exists ({data_dir / 'outbox'}); choose another data dir."
    )
    assert info.value.field == "data_dir"


def test_a_held_report_is_never_due_nor_claimed_and_the_edit_releases_it(data_dir):
    ob = _outbox(data_dir)
    e = ob.add(Report(title="Being edited"))
    assert ob.hold(e.client_id) and ob.hold(e.client_id)  # holding again is fine for the holder
    assert ob.get(e.client_id).held_by == ob.owner
    assert ob.due() == [] and ob.next_due_at() is None
    assert not ob.claim(e.client_id)  # every send path claims first: a held report never goes
    other = Outbox(data_dir)  # another process (the CLI) sees the hold too
    other.owner = "otherhost/boot:1"
    assert not other.claim(e.client_id) and not other.hold(e.client_id) and not other.unhold(e.client_id)
    edited = Report(title="Being edited, clarified", client_id=e.client_id)
    ob.update_report(e.client_id, edited)  # Save changes: the hold ends, due now
    assert ob.get(e.client_id).held_by is None and [x.client_id for x in ob.due()] == [e.client_id]
    assert ob.hold(e.client_id) and ob.unhold(e.client_id)  # Stop editing releases it too
    assert ob.claim(e.client_id)
    assert not ob.hold(e.client_id)  # being sent: it cannot be held (the editor says so)


def test_a_hold_of_a_dead_process_is_dropped_but_a_live_one_stays(data_dir):
    ob = _outbox(data_dir)
    dead, live = ob.add(Report(title="dead holder")), ob.add(Report(title="live holder"))
    ob.hold(live.client_id)
    machine = ob.owner.rpartition(":")[0]
    with sqlite3.connect(data_dir / DB_NAME) as con:  # a holder that is gone: a pid that cannot be alive
        con.execute("UPDATE reports SET held_by = ?, held_at = 0 WHERE client_id = ?", (f"{machine}:999999999", dead.client_id))
    ob.recover()
    assert ob.get(dead.client_id).held_by is None
    assert ob.get(live.client_id).held_by == ob.owner  # no lease: an edit may take as long as it takes


def test_a_database_we_may_not_write_is_never_moved_aside(data_dir, monkeypatch):
    """Another user's data dir or a read-only copy: SQLite says "attempt to write a readonly database". That is
    a permission problem, not damage: moving the healthy database aside would hide every queued report
    (newcomer5). As root the permission bits do not bite, so SQLite's answer is simulated here."""
    import sqlite3

    from bugzot_desktop.core.errors import BadInputError

    ob = _outbox(data_dir)
    kept = ob.add(Report(title="queued before")).client_id
    db = ob.db_path
    before = sorted(p.name for p in data_dir.iterdir())

    def readonly(self) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Outbox, "_init_db", readonly)
    with pytest.raises(BadInputError) as err:
        _outbox(data_dir)
    assert str(err.value) == (f"The outbox database {db} cannot be written by you (attempt to write a readonly "
                              "database); fix the permissions of it and of its folder, or use another data dir. "
                              "Nothing was changed.")
    assert sorted(p.name for p in data_dir.iterdir()) == before  # nothing moved aside
    monkeypatch.undo()
    assert [e.client_id for e in _outbox(data_dir).list()] == [kept]


def test_compressed_results_keep_over_budget_and_tolerate_fields_from_newer_versions(tmp_path):
    import json

    ob = Outbox(tmp_path / "data")
    e = ob.add(Report(title="t", attachments=[Attachment(_file(tmp_path, "a.png", b"A"))]))
    ob.set_compressed(e.client_id, 0, CompressedFile(e.attachments[0].path, "a.webp", "image/webp", "0" * 64, 9,
                                                     300_000, 10_000, "note", over_budget=True))
    assert ob.get(e.client_id).compressed[0].over_budget is True
    with sqlite3.connect(tmp_path / "data" / DB_NAME) as con:
        (raw,) = con.execute("SELECT compressed FROM reports").fetchone()
        comp = json.loads(raw)
        comp[0]["quality"] = 83  # a field a later version records
        con.execute("UPDATE reports SET compressed = ?", (json.dumps(comp),))
    con.close()
    c = ob.get(e.client_id).compressed[0]
    assert (c.filename, c.size, c.over_budget) == ("a.webp", 9, True)


def test_purge_old_sent_keeps_a_week(tmp_path, data_dir):
    from bugzot_desktop.core.outbox import SENT_KEPT_S

    clock = Clock()
    ob = _outbox(data_dir, clock)
    e = ob.add(Report(title="sent", attachments=[Attachment(_file(tmp_path, "s.png"))]))
    ob.claim(e.client_id)
    ob.mark_sent(e.client_id, "1", "u1")
    clock.t += SENT_KEPT_S - 1
    assert ob.purge_old_sent() == 0  # six days and 23:59:59 later: still kept
    clock.t += 2
    assert ob.purge_old_sent() == 1
    assert ob.list() == [] and not ob.folder(e.client_id).exists()


@pytest.mark.parametrize("failure", ["database", "folder"])
def test_an_outbox_made_read_only_after_start_is_one_clear_error(data_dir, tmp_path, monkeypatch, failure):
    # "Unexpected error in enqueue: OperationalError('unable to open database file')" told the user nothing.
    ob = Outbox(data_dir)
    if failure == "database":
        def refuse(*_a, **_k):
            raise sqlite3.OperationalError("unable to open database file")
        monkeypatch.setattr(ob, "_connect", refuse)
        reason = "unable to open database file"
    else:
        def refuse_mkdir(self, *a, **k):
            raise PermissionError(13, "Permission denied", str(self))
        monkeypatch.setattr(Path, "mkdir", refuse_mkdir)
        reason = "Permission denied"
    with pytest.raises(BadInputError) as err:
        ob.add(Report(title="t", attachments=[Attachment(_file(tmp_path))]))
    assert str(err.value) == (f"The outbox in {ob.data_dir} cannot be written ({reason}); make the folder writable, "
                              "or start BugZot with another data dir.")
