"""Fault injection on loopback: whatever happens on the way, the server stores each report exactly once.

Client → FaultProxy → the real server. Every case ends by asking the server's own API
for the report count per client_id, and with the outbox empty (413: failed, with a reason).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import LiveServer
from PIL import Image
from proxy import FaultProxy

from bugzot_desktop.core import delivery
from bugzot_desktop.core.backoff import Backoff
from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings

SETTINGS = Settings(max_edge=400)


class Clock:
    def __init__(self) -> None:
        self.t = 2_000_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    srv = LiveServer(tmp_path_factory.mktemp("fault-server"))
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def proxy(server) -> Iterator[FaultProxy]:
    with FaultProxy(server.port, retry_after=90) as p:
        yield p


def _client(proxy: FaultProxy) -> SubmitClient:
    # Short timeouts keep the suite fast; the hang case waits out the read timeout once.
    return SubmitClient(proxy.url, connect_timeout=1, read_timeout=1.5)


def _report(tmp_path: Path, title: str, seed: int = 0) -> Report:
    path = tmp_path / f"{title}.png"
    Image.effect_noise((300, 200), 40 + seed).convert("RGB").save(path)  # noisy: a body worth resetting
    return Report(title=title, attachments=[Attachment(path)])


def _outbox(data_dir: Path, clock: Clock | None = None) -> Outbox:
    return Outbox(data_dir, clock or Clock(), backoff=Backoff(base=5, cap=60), rand=lambda: 0.0)


def _flush(outbox: Outbox, proxy: FaultProxy) -> list[delivery.DeliveryOutcome]:
    return delivery.deliver_due(outbox, lambda: _client(proxy), SETTINGS, ignore_backoff=True)


def _stored(server: LiveServer, ids: list[str]) -> dict[str, int]:
    counts = server.count_by_client_id()
    return {cid: counts.get(cid, 0) for cid in ids}


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("hang", "did not answer in time"),
        # Reset while sending, or (when the body already sat in socket buffers) before the answer.
        ("reset_mid_body", "dropped the connection"),
        ("drop_response", "dropped the connection"),
        ("refuse", "dropped the connection"),
        ("500", "(500: Injected failure.)"),
    ],
)
def test_transient_fault_then_flush_stores_once(tmp_path, data_dir, server, proxy, fault, message):
    ob = _outbox(data_dir)
    cid = ob.add(_report(tmp_path, f"case-{fault}")).client_id
    proxy.plan([fault])
    with _client(proxy) as c:
        first = delivery.deliver_one(ob, c, cid, SETTINGS)
    assert first.status == "retry" and message in first.message
    entry = ob.get(cid)
    assert (entry.state, entry.attempts, entry.last_error) == ("queued", 1, first.message)
    expected_before = 1 if fault == "drop_response" else 0  # stored, but the client never heard
    assert _stored(server, [cid]) == {cid: expected_before}
    outs = _flush(ob, proxy)
    assert [(o.client_id, o.status, o.created) for o in outs] == [(cid, "sent", fault != "drop_response")]
    assert _stored(server, [cid]) == {cid: 1}
    assert ob.pending_count() == 0 and ob.get(cid).state == "sent"


def test_connection_refused_while_down(tmp_path, data_dir, server, proxy):
    ob = _outbox(data_dir)
    cid = ob.add(_report(tmp_path, "down")).client_id
    proxy.down()
    with _client(proxy) as c:
        out = delivery.deliver_one(ob, c, cid, SETTINGS)
        assert c.health() is False
    assert out.status == "retry" and out.offline is True
    assert "could not be reached (connection refused)" in out.message
    proxy.up()
    assert [o.status for o in _flush(ob, proxy)] == ["sent"]
    assert _stored(server, [cid]) == {cid: 1} and ob.pending_count() == 0


def test_503_retry_after_is_honoured(tmp_path, data_dir, server, proxy):
    clock = Clock()
    ob = _outbox(data_dir, clock)
    cid = ob.add(_report(tmp_path, "busy")).client_id
    proxy.plan(["503"])
    with _client(proxy) as c:
        out = delivery.deliver_one(ob, c, cid, SETTINGS)
    assert out.status == "retry" and "(503: Down for maintenance.)" in out.message
    assert out.next_attempt_at == clock.t + 90  # Retry-After: 90 beats the 5 s backoff
    assert ob.due() == []
    clock.t += 90
    assert [e.client_id for e in ob.due()] == [cid]
    assert [o.status for o in delivery.deliver_due(ob, lambda: _client(proxy), SETTINGS)] == ["sent"]
    assert _stored(server, [cid]) == {cid: 1} and ob.pending_count() == 0


def test_413_fails_with_a_clear_reason_and_nothing_stored(tmp_path, data_dir, server, proxy):
    ob = _outbox(data_dir)
    cid = ob.add(_report(tmp_path, "too-big")).client_id
    proxy.plan(["413"])
    with _client(proxy) as c:
        out = delivery.deliver_one(ob, c, cid, SETTINGS)
    assert out.status == "failed"
    assert out.message.startswith(
        "The server refused the report as too large (413: Request body larger than the 1 KB limit of this proxy.)"
    )
    entry = ob.get(cid)
    assert (entry.state, entry.last_error) == ("failed", out.message)
    assert _flush(ob, proxy) == []  # a failed report waits for the user, not for flush
    assert ob.pending_count() == 0 and _stored(server, [cid]) == {cid: 0}


def test_many_reports_through_random_faults(tmp_path, data_dir, server, proxy):
    rnd = random.Random(1234)
    ob = _outbox(data_dir)
    ids = [ob.add(_report(tmp_path, f"mix{i}", i)).client_id for i in range(8)]
    faults = ["reset_mid_body", "drop_response", "500", "503", "refuse", "pass", "pass"]
    proxy.plan([rnd.choice(faults) for _ in range(12)])
    rounds = 0
    while ob.pending_count() and rounds < 30:  # a pass stops at the first unreachable answer
        _flush(ob, proxy)
        rounds += 1
    assert ob.pending_count() == 0
    assert _stored(server, ids) == dict.fromkeys(ids, 1)
    assert ob.counts() == {"queued": 0, "sending": 0, "sent": 8, "failed": 0}


def test_cli_report_refused_413_exits_1_and_keeps_it_failed(tmp_path, data_dir, server, proxy, capsys):
    from bugzot_desktop.cli import main

    shot = tmp_path / "big.png"
    Image.effect_noise((300, 200), 50).convert("RGB").save(shot)
    proxy.plan(["413"])
    rc = main(
        ["report", "--server", proxy.url, "--data-dir", str(data_dir), "--title", "too big", "--attach", str(shot)]
    )
    out, err = capsys.readouterr()
    [entry] = Outbox(data_dir).list()
    assert (rc, out) == (1, "")
    assert err == (
        f"not sent: {entry.last_error} (report {entry.client_id}; once fixed: `bugzot outbox retry {entry.client_id}`)\n"
    )
    assert entry.state == "failed" and entry.last_error.startswith("The server refused the report as too large (413")
    assert _stored(server, [entry.client_id]) == {entry.client_id: 0}
    # Retry (nothing fixed, but the proxy lets it through now) and flush: stored once.
    assert main(["outbox", "retry", entry.client_id, "--data-dir", str(data_dir)]) == 0
    assert main(["outbox", "flush", "--data-dir", str(data_dir), "--server", proxy.url]) == 0
    assert _stored(server, [entry.client_id]) == {entry.client_id: 1}
    capsys.readouterr()
