"""SubmitClient against a tiny loopback stub: success, replay, error mapping, timeouts, progress, cancel."""

from __future__ import annotations

import email.utils
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bugzot_desktop.core.cancel import CancelToken
from bugzot_desktop.core.client import NotABugzotServerError, SubmitClient, TokenRefusedError, parse_retry_after
from bugzot_desktop.core.errors import CancelledError, PermanentError, TransientError


class Stub:
    """Answers each POST with the next queued (status, headers, body); records requests."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str], bytes]] = []
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.hang = threading.Event()  # set: hold the answer until release is set
        self.release = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                body = b'{"status": "ok"}'
                self.send_response(200 if self.path == "/health" else 404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                data = self.rfile.read(n)
                stub.requests.append((dict(self.headers), data))
                if stub.hang.is_set():
                    stub.release.wait(10)
                    return
                if len(data) < n or not stub.answers:  # the client gave up mid-body (cancel)
                    return
                status, headers, body = stub.answers.pop(0)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def answer(self, status: int, body: dict | str = "", **headers: str) -> None:
        raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
        self.answers.append((status, {"Content-Type": "application/json", **headers}, raw))

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    yield s
    s.stop()


@pytest.fixture
def png(tmp_path: Path) -> Path:
    p = tmp_path / "shot.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 50_000)
    return p


REPORT = {"schema_version": 1, "client_id": "0b0e9a52-4a59-4a5e-9f0c-2a4f8c1d7e11", "title": "t", "attachments": []}
OK = {
    "id": 12,
    "client_id": REPORT["client_id"],
    "url": "http://s/reports/12",
    "api_url": "http://s/api/v1/reports/12",
    "created": True,
}


def test_submit_streams_report_and_files_and_reports_progress(stub, png):
    stub.answer(201, OK)
    seen: list[tuple[int, int]] = []
    with SubmitClient(stub.url, token="sekrit") as c:
        res = c.submit(REPORT, [("shot.png", png, "image/png")], progress=lambda d, t: seen.append((d, t)))
    assert (res.id, res.url, res.created, res.api_url) == (
        "12",
        "http://s/reports/12",
        True,
        "http://s/api/v1/reports/12",
    )
    headers, body = stub.requests[0]
    assert headers["Authorization"] == "Bearer sekrit"
    assert headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="report"' in body and json.dumps(REPORT).encode() in body
    assert b'name="files"; filename="shot.png"' in body and b"x" * 50_000 in body
    assert seen[-1] == (len(body), len(body))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_replay_answer_is_success_with_created_false(stub):
    stub.answer(200, {**OK, "created": False})
    res = SubmitClient(stub.url).submit(REPORT, [])
    assert (res.id, res.created) == ("12", False)


@pytest.mark.parametrize(
    ("status", "body", "headers", "kind", "fragment", "retry_after"),
    [
        (401, {"detail": "API token missing"}, {}, TokenRefusedError, "needs an API token (401) and none was sent", None),
        (403, {"detail": "Forbidden"}, {}, TokenRefusedError, "needs an API token (403 Forbidden) and none was sent", None),
        (
            422,
            {"detail": "File notes.txt is not an image"},
            {},
            PermanentError,
            "(422: File notes.txt is not an image)",
            None,
        ),
        (
            413,
            {"detail": "Request larger than 1 MB"},
            {},
            PermanentError,
            "too large (413: Request larger than 1 MB)",
            None,
        ),
        (413, "", {}, PermanentError, "too large (413)", None),
        (404, {"detail": "Not Found"}, {}, NotABugzotServerError,
         "is not a BugZot server (/api/v1/reports answered 404 Not Found): the server URL is wrong, not the report,",
         None),
        (405, {"detail": "Method Not Allowed"}, {}, NotABugzotServerError,
         "is not a BugZot server (/api/v1/reports answered 405 Method Not Allowed)", None),
        (408, "", {}, TransientError, "busy or failing (408)", None),
        (429, {"detail": "slow down"}, {"Retry-After": "30"}, TransientError, "(429: slow down)", 30.0),
        (500, "Internal Server Error", {}, TransientError, "(500: Internal Server Error)", None),
        (503, {"detail": "maintenance"}, {"Retry-After": "120"}, TransientError, "(503: maintenance)", 120.0),
        (302, "", {"Location": "https://s/api"}, NotABugzotServerError,
         "redirected the upload (302 to https://s/api): the server URL is not exactly the server's (http vs https?)", None),
        (201, "<html>portal</html>", {}, TransientError, "answered 201 without a report id", None),
        (501, "<!DOCTYPE HTML><html><body><p>Error code: 501</p></body></html>", {"Content-Type": "text/html"},
         NotABugzotServerError, "is not a BugZot server (/api/v1/reports answered 501 Not Implemented)", None),
        (502, "<html><body><h1>502 Bad Gateway</h1></body></html>", {"Content-Type": "text/html; charset=utf-8"},
         TransientError, "is busy or failing (502: Bad Gateway); the report", None),
    ],
)
def test_error_mapping(stub, status, body, headers, kind, fragment, retry_after):
    stub.answer(status, body, **headers)
    with pytest.raises(kind) as info:
        SubmitClient(stub.url).submit(REPORT, [])
    assert fragment in str(info.value)
    assert "outbox" in str(info.value)  # always says the report is kept
    if kind is TransientError:
        assert info.value.retry_after == retry_after
    assert info.value.status == status


def test_connection_refused_is_transient(stub):
    url = stub.url
    stub.stop()
    with pytest.raises(TransientError, match=r"could not be reached \(connection refused\)"):
        SubmitClient(url, connect_timeout=2).submit(REPORT, [])
    assert SubmitClient(url, connect_timeout=0.5).health() is False


def test_read_timeout_is_transient_and_sent_once(stub):
    stub.hang.set()
    with pytest.raises(TransientError, match="did not answer in time"):
        SubmitClient(stub.url, read_timeout=0.3).submit(REPORT, [])
    stub.release.set()
    assert len(stub.requests) == 1  # the POST was not re-sent by the HTTP layer


def test_cancel_during_upload(stub, png):
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done > 0:
            token.cancel()

    with pytest.raises(CancelledError):
        SubmitClient(stub.url).submit(REPORT, [("shot.png", png, "image/png")], progress=progress, cancel=token)
    token2 = CancelToken()
    token2.cancel()
    with pytest.raises(CancelledError):
        SubmitClient(stub.url).submit(REPORT, [], cancel=token2)


def test_health(stub):
    assert SubmitClient(stub.url).health() is True


def test_missing_attachment_file_is_transient_and_named(stub, tmp_path):
    with pytest.raises(TransientError, match="Attachment gone.png"):
        SubmitClient(stub.url).submit(REPORT, [("gone.png", tmp_path / "gone.png", "image/png")])


def test_parse_retry_after():
    assert parse_retry_after("17") == 17.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    date = email.utils.formatdate(1_000_090, usegmt=True)
    assert parse_retry_after(date, now=1_000_000) == 90.0
    assert parse_retry_after(date, now=2_000_000) == 0.0


def test_a_token_refusal_says_whether_a_token_was_sent(stub):
    stub.answer(401, {"detail": "The API token was not recognised"})
    with pytest.raises(TokenRefusedError) as info:
        SubmitClient(stub.url, token="wrong").submit(REPORT, [])
    assert (info.value.token_sent, info.value.status) == (True, 401)
    assert str(info.value) == (f"The server at {stub.url} refused the API token (401): it is wrong or revoked; the "
                               "report is kept in the outbox.")
    stub.answer(401, {"detail": "This API needs a token"})
    with pytest.raises(TokenRefusedError) as info:
        SubmitClient(stub.url).submit(REPORT, [])
    assert info.value.token_sent is False
    assert str(info.value) == (f"The server at {stub.url} needs an API token (401) and none was sent; the report is "
                               "kept in the outbox.")
