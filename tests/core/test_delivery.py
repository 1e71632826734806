"""The one delivery path against the real server: sent, replayed, reused, refused, offline, busy, cancelled."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
from live_server import LiveServer, shared_live_server_fixture  # noqa: F401  (registers `shared_live_server`)
from PIL import Image

from bugzot_desktop.core import delivery
from bugzot_desktop.core.cancel import CancelToken
from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.core.text import Text


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


def _stored(server: LiveServer, ids: list[str]) -> dict[str, int]:
    """How often the server holds each of these reports (the module shares one server)."""
    counts = server.count_by_client_id()
    return {cid: counts.get(cid, 0) for cid in ids}


def _png(path: Path, size=(400, 300)) -> Path:
    im = Image.new("RGB", size, (30, 60, 90))
    for x in range(0, size[0], 10):
        im.putpixel((x, x % size[1]), (255, 255, 255))
    im.save(path)
    return path


def test_deliver_one_stores_once_and_marks_sent(tmp_path, data_dir, shared_live_server: LiveServer):
    ob = Outbox(data_dir)
    e = ob.add(
        Report(
            title="Crash on save", steps="1. save", attachments=[Attachment(_png(tmp_path / "s.png"), markup={"k": 1})]
        )
    )
    settings = Settings(server_url=shared_live_server.url)
    seen: list[tuple[int, int]] = []
    with SubmitClient(shared_live_server.url) as c:
        out = delivery.deliver_one(ob, c, e.client_id, settings, progress=lambda d, t: seen.append((d, t)))
    assert out.status == "sent" and out.created is True
    stored = shared_live_server.get(f"/api/v1/reports/{out.server_id}").json()
    assert out.url == stored["url"]
    assert (stored["client_id"], stored["title"], stored["steps"]) == (e.client_id, "Crash on save", "1. save")
    entry = ob.get(e.client_id)
    assert (entry.state, entry.server_id, entry.server_url, entry.attempts) == ("sent", out.server_id, out.url, 1)
    sent_file = entry.compressed[0]
    att = stored["attachments"][0]
    assert (att["sha256"], att["size"], att["filename"], att["markup"]) == (
        sent_file.sha256,
        sent_file.size,
        sent_file.filename,
        {"k": 1},
    )
    assert seen and seen[-1][0] == seen[-1][1]
    # Sending the same report again (unknown outcome, retried) stores nothing twice.
    assert ob.retry_now(e.client_id) is False  # a sent report is not queued again...
    with SubmitClient(shared_live_server.url) as c:
        report_json, files = delivery.build_submission(entry)
        replay = c.submit(report_json, files)  # ...but a replay on the wire is answered with the original
    assert (replay.id, replay.created) == (out.server_id, False)
    assert _stored(shared_live_server, [e.client_id]) == {e.client_id: 1}


def test_compressed_results_are_reused_and_originals_sent_as_is(tmp_path, data_dir, shared_live_server):
    ob = Outbox(data_dir)
    orig = _png(tmp_path / "orig.png")
    e = ob.add(
        Report(
            title="t",
            attachments=[Attachment(_png(tmp_path / "big.png", (3000, 200))), Attachment(orig, send_original=True)],
        )
    )
    settings = Settings(max_edge=1000)
    first = delivery.prepare(ob, e.client_id, settings)
    again = delivery.prepare(ob, e.client_id, settings)
    assert again == first  # same files, not compressed twice
    assert first[1].sha256 == hashlib.sha256(orig.read_bytes()).hexdigest()
    assert (first[1].filename, first[1].content_type) == ("orig.png", "image/png")
    with Image.open(first[0].path) as im:
        assert max(im.size) == 1000
    changed = delivery.prepare(ob, e.client_id, Settings(max_edge=500))  # settings changed: redo
    with Image.open(changed[0].path) as im:
        assert max(im.size) == 500
    with SubmitClient(shared_live_server.url) as c:
        assert delivery.deliver_one(ob, c, e.client_id, settings).status == "sent"


def test_an_original_s_name_follows_its_content(tmp_path, data_dir):
    # A marked-up "original" is the flattened mark-up, a PNG: sent as photo.jpg it was PNG bytes under a JPEG name
    ob = Outbox(data_dir)
    marked = _png(tmp_path / "photo-marked-1234.png")
    jpeg = tmp_path / "shot.JPEG"
    Image.new("RGB", (20, 10), (1, 2, 3)).save(jpeg, "JPEG")
    e = ob.add(Report(title="t", attachments=[Attachment(marked, "photo.jpg", send_original=True),
                                              Attachment(jpeg, send_original=True)]))
    first, second = delivery.prepare(ob, e.client_id, Settings())
    assert (first.filename, first.content_type) == ("photo.png", "image/png")
    assert (second.filename, second.content_type) == ("shot.JPEG", "image/jpeg")  # a name that fits is kept as it is


def test_not_an_image_fails_permanently_naming_the_file(tmp_path, data_dir, shared_live_server):
    ob = Outbox(data_dir)
    txt = tmp_path / "notes.png"
    txt.write_bytes(b"just text with a NUL\x00")
    e = ob.add(Report(title="t", attachments=[Attachment(txt)]))
    with SubmitClient(shared_live_server.url) as c:
        out = delivery.deliver_one(ob, c, e.client_id, Settings())
    assert out.status == "failed" and "notes.png" in out.message
    entry = ob.get(e.client_id)
    assert (entry.state, entry.last_error) == ("failed", out.message)
    assert _stored(shared_live_server, [e.client_id]) == {e.client_id: 0}


def test_a_text_attachment_is_sent_unchanged_as_plain_text(tmp_path, data_dir, shared_live_server):
    ob = Outbox(data_dir)
    log = tmp_path / "app.log"
    log.write_bytes(b"2026-12-03 20:00:01 INFO started\n" * 50)
    e = ob.add(Report(title="t", attachments=[Attachment(log)]))
    c = delivery.compress_one(ob, e.client_id, 0, Settings())
    assert (c.filename, c.content_type, c.size, c.path.read_bytes(), c.note) == (
        "app.log", "text/plain; charset=utf-8", log.stat().st_size, log.read_bytes(), "Sent unchanged (plain text).")
    with SubmitClient(shared_live_server.url) as client:
        out = delivery.deliver_one(ob, client, e.client_id, Settings())
    assert out.status == "sent", out.message
    assert _stored(shared_live_server, [e.client_id]) == {e.client_id: 1}


def test_server_refusal_is_permanent_with_its_detail(tmp_path, data_dir, shared_live_server):
    ob = Outbox(data_dir)
    e = ob.add(Report(title="t", attachments=[Attachment(_png(tmp_path / "s.png"))]))
    delivery.prepare(ob, e.client_id, Settings())
    assert ob.claim(e.client_id)
    with SubmitClient(shared_live_server.url) as c:
        entry = ob.get(e.client_id)
        report_json, files = delivery.build_submission(entry)
        report_json["attachments"][0]["sha256"] = "0" * 64  # the server checks every file's hash
        try:
            c.submit(report_json, files)
        except Exception as exc:  # noqa: BLE001 - handed to the one error path
            out = delivery.settle_error(ob, e.client_id, exc)
    assert out.status == "failed"
    assert "422" in out.message and "sha256" in out.message.lower()
    assert ob.get(e.client_id).state == "failed"


def test_offline_is_a_retry_with_backoff(tmp_path, data_dir):
    clock = Clock()
    ob = Outbox(data_dir, clock, rand=lambda: 0.0)
    e = ob.add(Report(title="t", attachments=[Attachment(_png(tmp_path / "s.png"))]))
    s = socket.socket()
    s.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
    url = f"http://127.0.0.1:{s.getsockname()[1]}"
    with s, SubmitClient(url, connect_timeout=1) as c:
        out = delivery.deliver_one(ob, c, e.client_id, Settings())
    assert out.status == "retry" and "could not be reached" in out.message
    entry = ob.get(e.client_id)
    assert (entry.state, entry.attempts, entry.next_attempt_at) == ("queued", 1, clock.t + 5.0)
    # The outcome and the stored error keep their template, for the GUI to translate.
    assert isinstance(out.message, Text) and out.message.template.startswith("The server at {url} could not be reached")
    assert (entry.last_error, entry.last_error.args) == (out.message, {"url": url, "reason": "connection refused"})
    assert entry.compressed[0] is not None  # the compression is kept for the next try


def test_busy_and_cancelled(tmp_path, data_dir):
    ob = Outbox(data_dir)
    e = ob.add(Report(title="t"))
    assert ob.claim(e.client_id)
    c = SubmitClient("http://127.0.0.1:9")
    assert delivery.deliver_one(ob, c, e.client_id, Settings()).status == "busy"
    ob.release(e.client_id)
    token = CancelToken()
    token.cancel()
    out = delivery.deliver_one(ob, c, e.client_id, Settings(), cancel=token)
    assert out.status == "cancelled"
    entry = ob.get(e.client_id)
    assert (entry.state, entry.attempts) == ("queued", 0)
    c.close()


@pytest.mark.parametrize("ignore_backoff", [False, True])
def test_deliver_due_respects_or_ignores_backoff(tmp_path, data_dir, shared_live_server, ignore_backoff):
    clock = Clock()
    ob = Outbox(data_dir, clock)
    due = ob.add(Report(title="due")).client_id
    later = ob.add(Report(title="later")).client_id
    ob.claim(later)
    ob.mark_retry(later, "earlier failure")
    outs = delivery.deliver_due(
        ob, lambda: SubmitClient(shared_live_server.url), Settings(), ignore_backoff=ignore_backoff
    )
    expected = {due, later} if ignore_backoff else {due}
    assert {o.client_id for o in outs if o.status == "sent"} == expected
    assert {c for c, n in _stored(shared_live_server, [due, later]).items() if n} == expected


def test_a_damaged_compressed_file_is_made_again(tmp_path, data_dir):
    ob = Outbox(data_dir)
    e = ob.add(Report(title="t", attachments=[Attachment(_png(tmp_path / "a.png"))]))
    [first] = delivery.prepare(ob, e.client_id, Settings())
    data = first.path.read_bytes()
    first.path.write_bytes(bytes(len(data)))  # same size, wrong bytes (as after a power loss)
    [again] = delivery.prepare(ob, e.client_id, Settings())
    assert again.path != first.path and again.sha256 == first.sha256
    assert hashlib.sha256(again.path.read_bytes()).hexdigest() == again.sha256


def test_deliver_due_stops_at_an_unreachable_server(data_dir):
    ob = Outbox(data_dir)
    ids = [ob.add(Report(title=f"r{i}")).client_id for i in range(3)]
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{s.getsockname()[1]}"
    with s:
        outs = delivery.deliver_due(ob, lambda: SubmitClient(url, connect_timeout=1), Settings())
    assert [(o.client_id, o.status, o.offline) for o in outs] == [(ids[0], "retry", True)]
    assert [ob.get(c).attempts for c in ids] == [1, 0, 0]  # the others were not tried in vain
    # ...and wait for the same moment instead of meeting the dead server one by one.
    assert len({ob.get(c).next_attempt_at for c in ids}) == 1 and ob.due() == []


class TickingClock(Clock):
    """Each reading is a millisecond later: reports added in a row keep their order."""

    def __call__(self) -> float:
        self.t += 0.001
        return self.t


def test_each_report_goes_to_its_own_server_and_a_dead_one_holds_up_only_its_own(data_dir, shared_live_server):
    live = shared_live_server.url
    ob = Outbox(data_dir, TickingClock(), rand=lambda: 0.0)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))  # bound, not listening: refused
    dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    first_dead = ob.add(Report(title="dead 1"), destination=dead).client_id
    second_dead = ob.add(Report(title="dead 2"), destination=dead).client_id
    for_live = ob.add(Report(title="live"), destination=live).client_id
    follows = ob.add(Report(title="settings")).client_id
    made: list[str] = []

    def for_url(url: str) -> SubmitClient:
        made.append(url)
        return SubmitClient(url, connect_timeout=1)

    with s:
        outs = delivery.deliver_due(
            ob, lambda: SubmitClient(live), Settings(server_url="http://127.0.0.1:9"), destination_factory=for_url
        )
    assert [(o.client_id, o.status, o.offline, o.destination) for o in outs] == [
        (first_dead, "retry", True, dead),
        (for_live, "sent", False, live),
        (follows, "sent", False, None),
    ]
    assert made == [dead, live]  # one client per server; the settings' one from client_factory
    assert [ob.get(c).attempts for c in (first_dead, second_dead, for_live, follows)] == [1, 0, 1, 1]
    # The dead server's other report waits with it; nothing else was postponed.
    assert ob.get(second_dead).next_attempt_at == ob.get(first_dead).next_attempt_at
    assert _stored(shared_live_server, [first_dead, second_dead, for_live, follows]) == {
        first_dead: 0, second_dead: 0, for_live: 1, follows: 1
    }


def test_a_404_says_the_url_is_wrong_and_how_to_fix_it(data_dir, shared_live_server):
    wrong = shared_live_server.url + "/some/path"
    ob = Outbox(data_dir, TickingClock())
    filed = ob.add(Report(title="typo"), destination=wrong).client_id
    follows = ob.add(Report(title="settings")).client_id
    settings = Settings(server_url=wrong)
    outs = delivery.deliver_due(ob, lambda: delivery.client_for(settings), settings)
    head = (
        f"{wrong} is not a BugZot server (/api/v1/reports answered 404 Not Found): the server URL is wrong, "
        "not the report, which is kept in the outbox."
    )
    assert [(o.client_id, o.status, o.message, o.refusal) for o in outs] == [
        (filed, "failed", head + f" The report was filed for that URL: `bugzot outbox retry {filed} --server URL` "
                                 "puts it back in the queue for the right URL, and `bugzot outbox flush` sends it.",
         "wrong_url"),
        (follows, "failed", head + " The URL is the one in Settings: correct it there, then Retry the report.",
         "wrong_url"),
    ]
    assert [ob.get(c).last_error for c in (filed, follows)] == [o.message for o in outs]


@pytest.fixture
def redirecting_server():
    """Answers every POST with 308 to the https URL (what a server behind a TLS redirect does)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(308)
            self.send_header("Location", "https://bugs.example" + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_redirect_is_a_wrong_url_and_the_advice_follows_the_destination(data_dir, redirecting_server):
    """A report filed for its own server is not told to fix Settings; both are recognised as URL refusals
    (so the app resends them once the URL is corrected)."""
    url = redirecting_server
    ob = Outbox(data_dir, TickingClock())
    filed = ob.add(Report(title="own server"), destination=url).client_id
    follows = ob.add(Report(title="settings")).client_id
    settings = Settings(server_url=url)
    outs = delivery.deliver_due(ob, lambda: delivery.client_for(settings), settings)
    head = (
        f"The server at {url} redirected the upload (308 to https://bugs.example/api/v1/reports): the server URL is "
        "not exactly the server's (http vs https?), and the report is kept in the outbox."
    )
    assert [(o.client_id, o.status, o.message, o.refusal) for o in outs] == [
        (filed, "failed", head + f" The report was filed for that URL: `bugzot outbox retry {filed} --server URL` "
                                 "puts it back in the queue for the right URL, and `bugzot outbox flush` sends it.",
         "wrong_url"),
        (follows, "failed", head + " The URL is the one in Settings: correct it there, then Retry the report.",
         "wrong_url"),
    ]
    assert delivery.refusal_of(ob.get(follows).last_error) == "wrong_url"


def test_client_for_sends_the_settings_token_only_to_the_settings_server():
    s = Settings(server_url="http://a.example:8000", api_token="token-for-a")
    with delivery.client_for(s) as a, delivery.client_for(s, server_url="http://a.example:8000/") as a2:
        assert (a.token, a2.token) == ("token-for-a", "token-for-a")
    with delivery.client_for(s, server_url="http://b.example:8000") as b:
        assert (b.base_url, b.token) == ("http://b.example:8000", "")
    with delivery.client_for(s, server_url="http://b.example:8000", token="given") as b:
        assert b.token == "given"


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("token-server"), token=True) as srv:
        yield srv


def test_a_token_refusal_fails_or_waits_by_where_the_report_goes(data_dir, token_server):
    """#1: a report for its own server that no token is kept for waits (a long while) instead of failing for good;
    the Settings server's reports fail as before (fix the token in Settings, Retry)."""
    clock = Clock()
    ob = Outbox(data_dir, clock)
    url = token_server.url
    own = ob.add(Report(title="filed for its server"), destination=url).client_id
    wrong = ob.add(Report(title="filed with a wrong token"), destination=url).client_id
    follows = ob.add(Report(title="follows the settings")).client_id
    settings = Settings(server_url=url)  # no token in Settings either
    outs = {}
    for cid, token in ((own, None), (wrong, "bzt_wrong"), (follows, None)):
        with delivery.client_for(settings, server_url=ob.get(cid).destination, token=token) as client:
            outs[cid] = delivery.deliver_one(ob, client, cid, settings)
    missing = f"The server at {url} needs an API token (401) and none was sent; the report is kept in the outbox."
    command = f"`bugzot outbox flush --server {url} --token TOKEN`"
    assert {cid: (o.status, o.refusal, o.message) for cid, o in outs.items()} == {
        own: ("retry", "token", f"{missing} It waits there: no token is kept for that server (the Settings token goes "
                                f"only to the Settings server), and {command} sends it."),
        wrong: ("failed", "token", f"The server at {url} refused the API token (401): it is wrong or revoked; the report "
                                   f"is kept in the outbox. The report was filed for that server: {command} sends it "
                                   "with the right token."),
        follows: ("failed", "token", f"{missing} Set it in Settings → API token, then Retry the report."),
    }
    entry = ob.get(own)
    assert (entry.state, entry.next_attempt_at) == ("queued", clock.t + delivery.TOKEN_WAIT_S)
    assert [delivery.refusal_of(ob.get(c).last_error) for c in (own, wrong, follows)] == ["token"] * 3
    assert ob.due() == []  # the app's flusher does not meet the same 401 again soon
    # With the token, it goes.
    with delivery.client_for(settings, server_url=url, token=token_server.token) as client:
        ob.retry_now(own)
        assert delivery.deliver_one(ob, client, own, settings).status == "sent"
    assert _stored(token_server, [own, wrong, follows]) == {own: 1, wrong: 0, follows: 0}


def test_changed_settings_requeue_the_reports_the_old_url_or_token_failed(data_dir):
    ob = Outbox(data_dir)

    def failed(message: Text, destination: str | None = None) -> str:
        cid = ob.add(Report(title=message[:20]), destination=destination).client_id
        ob.claim(cid)
        ob.mark_failed(cid, message)
        return cid

    from bugzot_desktop.core.client import NOT_A_BUGZOT_SERVER, TOKEN_MISSING

    url_text = Text("{problem} {advice}", problem=Text(NOT_A_BUGZOT_SERVER, url="http://a", path="/p", status="404"),
                    advice="fix it")
    token_text = Text("{problem} {advice}", problem=Text(TOKEN_MISSING, url="http://a", status="401"), advice="fix it")
    wrong_url, no_token = failed(url_text), failed(token_text)
    other_reason = failed(Text("The server refused the report ({answer}).", answer="422"))
    own_server = failed(url_text, destination="http://b")
    old = Settings(server_url="http://a")
    assert delivery.requeue_after_settings_change(ob, old, Settings(server_url="http://a", max_edge=800)) == [no_token]
    ob.claim(no_token)
    ob.mark_failed(no_token, token_text)
    assert delivery.requeue_after_settings_change(ob, old, Settings(server_url="http://c")) == [wrong_url, no_token]
    assert [ob.get(c).state for c in (wrong_url, no_token, other_reason, own_server)] == [
        "queued", "queued", "failed", "failed"
    ]
