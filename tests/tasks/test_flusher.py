"""OutboxFlusher: sends in the background, backs off offline, comes back with the server, shuts down clean."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from live_server import LiveServer, live_server_fixture, reserve_port  # noqa: F401  (registers `live_server`)
from PIL import Image

from bugzot_desktop.core.backoff import Backoff
from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.tasks.flusher import OutboxFlusher
from bugzot_desktop.tasks.runner import TaskRunner


def _png(path: Path, color=(200, 30, 30)) -> Path:
    Image.new("RGB", (320, 240), color).save(path)
    return path


def _dead_url() -> str:
    """A loopback port nobody listens on (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


class Recorder:
    def __init__(self, flusher: OutboxFlusher) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.deferred: list[tuple[str, str]] = []
        self.online: list[bool] = []
        self.pending: list[int] = []
        flusher.report_sent.connect(lambda c, u: self.sent.append((c, u)))
        flusher.report_failed.connect(lambda c, m: self.failed.append((c, m)))
        flusher.report_deferred.connect(lambda c, m: self.deferred.append((c, m)))
        flusher.online_changed.connect(self.online.append)
        flusher.pending_count_changed.connect(self.pending.append)


def _make(data_dir, url_holder: list[str], **kw):
    runner = TaskRunner(max_threads=3)
    ob = Outbox(data_dir, backoff=kw.pop("backoff", Backoff()))
    flusher = OutboxFlusher(
        ob,
        runner,
        lambda: SubmitClient(url_holder[0], connect_timeout=1, read_timeout=10),
        Settings(max_edge=200),
        use_network_information=kw.pop("use_network_information", False),
        **kw,
    )
    return runner, ob, flusher


def _stop(qtbot, runner: TaskRunner, flusher: OutboxFlusher) -> None:
    flusher.shutdown()
    qtbot.waitUntil(lambda: runner.active_count() == 0 and flusher.net.active_count() == 0, timeout=10_000)
    runner.shutdown()
    flusher.net.shutdown()


def test_enqueued_reports_are_sent_in_the_background(qtbot, tmp_path, data_dir, live_server):
    runner, ob, flusher = _make(data_dir, [live_server.url], use_network_information=True)
    rec = Recorder(flusher)
    try:
        flusher.start()
        added: list[str] = []
        reports = [
            Report(title=f"r{i}", attachments=[Attachment(_png(tmp_path / f"{i}.png", (i * 40, 0, 0)))])
            for i in range(3)
        ]
        # Three attachments on one report: compressed as parallel tasks, sent in their order.
        reports[1].attachments += [Attachment(_png(tmp_path / f"extra{j}.png", (0, 0, j * 80))) for j in range(2)]
        for r in reports:
            flusher.enqueue(r, on_added=lambda e: added.append(e.client_id))
        qtbot.waitUntil(lambda: len(rec.sent) == 3 and rec.pending[-1:] == [0], timeout=30_000)
        assert sorted(added) == sorted(r.client_id for r in reports)
        assert sorted(c for c, _ in rec.sent) == sorted(added)
        urls = {c: ob.get(c).server_url for c in added}
        assert all(u == urls[c] for c, u in rec.sent)
        assert rec.online == [True] and rec.failed == [] and rec.deferred == []
        assert live_server.count_by_client_id() == dict.fromkeys(added, 1)
        stored = live_server.get(f"/api/v1/reports/{ob.get(reports[1].client_id).server_id}").json()
        assert [a["filename"].split(".")[0] for a in stored["attachments"]] == ["1", "extra0", "extra1"]
        assert [a["sha256"] for a in stored["attachments"]] == [
            c.sha256 for c in ob.get(reports[1].client_id).compressed
        ]
        assert ob.counts() == {"queued": 0, "sending": 0, "sent": 3, "failed": 0}
    finally:
        _stop(qtbot, runner, flusher)


def test_a_report_another_process_queues_goes_out_while_the_app_sits_idle(qtbot, data_dir, live_server):
    # `bugzot report` while the app is open and idle: nothing was due, no timer armed, so it waited
    # until the user pressed Retry now.
    runner, ob, flusher = _make(data_dir, [live_server.url], watch_interval_ms=100)
    rec = Recorder(flusher)
    try:
        flusher.start()
        qtbot.waitUntil(lambda: rec.pending == [0], timeout=10_000)  # the first scan: nothing to do
        cli_outbox = Outbox(data_dir)  # another process's handle on the same outbox
        entry = cli_outbox.add(Report(title="from the CLI"))
        qtbot.waitUntil(lambda: [c for c, _ in rec.sent] == [entry.client_id], timeout=10_000)
        assert live_server.count_by_client_id() == {entry.client_id: 1}
        assert ob.counts() == {"queued": 0, "sending": 0, "sent": 1, "failed": 0}
    finally:
        _stop(qtbot, runner, flusher)


def test_offline_then_server_returns_sends_without_waiting_for_backoff(qtbot, tmp_path, data_dir):
    url = [_dead_url()]
    # A huge backoff: only the connectivity probe can bring the report out in time.
    runner, ob, flusher = _make(data_dir, url, backoff=Backoff(base=3600, cap=3600), probe_interval_ms=100)
    rec = Recorder(flusher)
    srv: LiveServer | None = None
    try:
        e = ob.add(Report(title="offline", attachments=[Attachment(_png(tmp_path / "a.png"))]))
        with qtbot.waitSignal(flusher.online_changed, timeout=10_000, check_params_cb=lambda v: v is False):
            flusher.start()
        qtbot.waitUntil(lambda: len(rec.deferred) == 1, timeout=10_000)
        assert rec.deferred[0][0] == e.client_id and "could not be reached" in rec.deferred[0][1]
        entry = ob.get(e.client_id)
        assert (entry.state, entry.attempts) == ("queued", 1)
        assert flusher.pending_count == 1 and flusher.online is False
        srv = LiveServer(tmp_path / "srv")
        url[0] = srv.url
        with qtbot.waitSignal(flusher.report_sent, timeout=20_000, raising=True) as sig:
            pass
        assert sig.args == [e.client_id, ob.get(e.client_id).server_url]
        assert rec.online == [False, True]
        assert srv.count_by_client_id() == {e.client_id: 1}
        qtbot.waitUntil(lambda: flusher.pending_count == 0, timeout=10_000)
    finally:
        _stop(qtbot, runner, flusher)
        if srv is not None:
            srv.stop()


def test_backoff_timer_retries_on_its_own(qtbot, tmp_path, data_dir, live_server):
    url = [_dead_url()]
    runner, ob, flusher = _make(data_dir, url, backoff=Backoff(base=0.05, cap=0.2), probe_interval_ms=3_600_000)
    rec = Recorder(flusher)
    try:
        e = ob.add(Report(title="retry me"))
        flusher.start()
        qtbot.waitUntil(lambda: len(rec.deferred) >= 3, timeout=15_000)  # timer-driven retries
        assert ob.get(e.client_id).attempts >= 3
        url[0] = live_server.url
        qtbot.waitUntil(lambda: len(rec.sent) == 1, timeout=15_000)
        assert live_server.count_by_client_id() == {e.client_id: 1}
    finally:
        _stop(qtbot, runner, flusher)


def test_permanent_refusal_is_reported_and_kept(qtbot, tmp_path, data_dir, live_server):
    runner, ob, flusher = _make(data_dir, [live_server.url])
    rec = Recorder(flusher)
    try:
        bad = tmp_path / "diagram.png"
        bad.write_bytes(b"not really a png\x00")  # binary: plain text would be sent as text
        e = ob.add(Report(title="bad file", attachments=[Attachment(bad)]))
        with qtbot.waitSignal(flusher.report_failed, timeout=15_000) as sig:
            flusher.start()
        assert sig.args[0] == e.client_id and "diagram.png" in sig.args[1]
        assert ob.get(e.client_id).state == "failed" and ob.get(e.client_id).last_error == sig.args[1]
        qtbot.waitUntil(lambda: flusher.pending_count == 0 and not flusher.busy(), timeout=10_000)
        assert live_server.count_by_client_id() == {}
        # Edit it (replace the file) and retry: it goes out.
        report = ob.get(e.client_id).to_report()
        report.attachments = [Attachment(_png(tmp_path / "fixed.png"))]
        ob.update_report(e.client_id, report)
        with qtbot.waitSignal(flusher.report_sent, timeout=15_000):
            flusher.retry(e.client_id)
        assert live_server.count_by_client_id() == {e.client_id: 1}
        assert rec.online == [True]
    finally:
        _stop(qtbot, runner, flusher)


def test_shutdown_mid_flight_leaves_every_report_waiting(qtbot, tmp_path, data_dir, live_server):
    runner, ob, flusher = _make(data_dir, [live_server.url], max_parallel=2)
    try:
        ids = [
            ob.add(
                Report(title=f"s{i}", attachments=[Attachment(_png(tmp_path / f"{i}.png", (0, i * 20, 0)))])
            ).client_id
            for i in range(6)
        ]
        flusher.start()
        qtbot.waitUntil(lambda: flusher.busy() and len(flusher._jobs) > 0, timeout=10_000)
    finally:
        _stop(qtbot, runner, flusher)
    counts = ob.counts()
    assert counts["sending"] == 0  # every claim was given back or completed
    assert counts["queued"] + counts["sent"] == 6
    stored = live_server.count_by_client_id()
    assert set(stored) <= set(ids) and all(n == 1 for n in stored.values())
    assert {c for c in ids if ob.get(c).state == "sent"} == set(stored)


def test_a_claim_left_by_a_killed_cli_is_recovered_while_the_app_runs(qtbot, data_dir, live_server):
    import subprocess
    import sys

    runner, ob, flusher = _make(data_dir, [live_server.url])
    rec = Recorder(flusher)
    try:
        cid = ob.add(Report(title="claimed by a dead process")).client_id
        # Another process claims it and dies before sending (opened after our Outbox).
        code = (
            "import sys; from bugzot_desktop.core.outbox import Outbox; assert Outbox(sys.argv[1]).claim(sys.argv[2])"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(data_dir), cid],
            check=True,
            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
        )
        assert ob.get(cid).state == "sending"
        with qtbot.waitSignal(flusher.report_sent, timeout=15_000) as sig:
            flusher.start()
        assert sig.args[0] == cid and live_server.count_by_client_id() == {cid: 1}
        assert rec.failed == []
    finally:
        _stop(qtbot, runner, flusher)


def test_a_report_for_another_server_that_is_down_holds_up_nobody_else(qtbot, tmp_path, data_dir, live_server):
    """Reports filed for their own server go there; a dead one only delays its own (not the settings' reports)."""
    sock, dead = reserve_port()
    # An hour of backoff: anything postponed with the dead server would not be sent during this test.
    runner, ob, flusher = _make(data_dir, [live_server.url], backoff=Backoff(base=3600, cap=3600), max_parallel=1)
    rec = Recorder(flusher)
    try:
        stuck = ob.add(Report(title="for a dead server", attachments=[Attachment(_png(tmp_path / "a.png"))]),
                       destination=dead).client_id
        other = ob.add(Report(title="filed for the live one"), destination=live_server.url).client_id
        follows = ob.add(Report(title="follows the settings")).client_id
        flusher.start()
        qtbot.waitUntil(lambda: len(rec.sent) == 2 and rec.pending[-1:] == [1], timeout=30_000)
        assert [c for c, _ in rec.sent] == [other, follows]
        assert [(c, m.startswith(f"The server at {dead} could not be reached")) for c, m in rec.deferred] == [
            (stuck, True)
        ]
        # "Online" is about the settings' server, which answered; the other server's silence says nothing about it.
        assert rec.online == [True] and flusher.online is True
        entry = ob.get(stuck)
        assert (entry.state, entry.attempts, entry.destination) == ("queued", 1, dead)
        assert live_server.count_by_client_id() == {other: 1, follows: 1}
    finally:
        _stop(qtbot, runner, flusher)
        sock.close()


def test_a_report_its_own_server_wants_a_token_for_waits_long_instead_of_failing(qtbot, tmp_path, data_dir):
    """#1: with no token kept for a report's own server (none without a keyring), the app got 401 and parked it as
    failed with "Set it in Settings" advice; it now waits (hours, not seconds) for `outbox flush --token`."""
    from bugzot_desktop.core.delivery import TOKEN_WAIT_S

    with LiveServer(tmp_path / "srv", token=True) as srv:
        # A backoff of a fraction of a second: only the token wait keeps the flusher from asking again at once.
        runner, ob, flusher = _make(data_dir, [_dead_url()], backoff=Backoff(base=0.05, cap=0.2))
        rec = Recorder(flusher)
        try:
            cid = ob.add(Report(title="filed with --server"), destination=srv.url).client_id
            with qtbot.waitSignal(flusher.report_deferred, timeout=15_000) as sig:
                flusher.start()
            assert sig.args[0] == cid
            assert sig.args[1].startswith(f"The server at {srv.url} needs an API token (401) and none was sent")
            assert sig.args[1].endswith(f"`bugzot outbox flush --server {srv.url} --token TOKEN` sends it.")
            qtbot.waitUntil(lambda: not flusher.busy() and flusher.pending_count == 1, timeout=10_000)
            entry = ob.get(cid)
            assert (entry.state, entry.attempts) == ("queued", 1)
            assert entry.next_attempt_at > entry.updated_at + TOKEN_WAIT_S - 1
            assert flusher._due_timer.remainingTime() > (TOKEN_WAIT_S - 60) * 1000
            assert (rec.failed, len(rec.deferred)) == ([], 1)
        finally:
            _stop(qtbot, runner, flusher)


class _SilentServer:
    """Accepts connections, reads what comes, never answers (a hung server); closed by the test."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        self.got_request = threading.Semaphore(0)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import threading

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

            def drain(c: socket.socket = conn) -> None:
                first = True
                while True:
                    try:
                        data = c.recv(65536)
                    except OSError:
                        return
                    if not data:
                        return
                    if first:
                        first = False
                        self.got_request.release()

            threading.Thread(target=drain, daemon=True).start()

    def close(self) -> None:
        self.sock.close()
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()


def test_uploads_to_a_hung_server_leave_the_pool_free_for_everything_else(qtbot, tmp_path, data_dir):
    # Two cores, a pool of two: two uploads waiting out a read timeout held both threads, and the next
    # attachment, the outbox window and drafts all waited a minute.
    from bugzot_desktop.tasks.runner import FunctionTask

    silent = _SilentServer()
    runner = TaskRunner(max_threads=2)
    ob = Outbox(data_dir)
    flusher = OutboxFlusher(ob, runner, lambda: SubmitClient(silent.url, connect_timeout=1, read_timeout=60),
                            Settings(max_edge=200), use_network_information=False)
    try:
        flusher.start()
        for i in range(2):
            flusher.enqueue(Report(title=f"r{i}"))
        for _ in range(2):  # both uploads are in flight, each waiting for an answer that never comes
            qtbot.waitUntil(lambda: silent.got_request.acquire(blocking=False), timeout=10_000)
        done: list[int] = []
        runner.submit(FunctionTask(lambda: 42, name="other work"), on_success=done.append)
        qtbot.waitUntil(lambda: done == [42], timeout=5_000)
    finally:
        silent.close()
        _stop(qtbot, runner, flusher)
