"""A loopback stub of the report API that records every request byte for byte (shared fixture module).

Wire-level tests use it to prove what a request carries — and what it does not.
It answers like the real server (201 with id/url; the same client_id again: 200,
created false) and keeps each request's raw body, ``report`` JSON and ``files`` parts.

Usage::

    from capture_server import capture_server  # noqa: F401  (the fixture)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from requests_toolbelt.multipart.decoder import MultipartDecoder


@dataclass
class CapturedRequest:
    """One POST as received: headers, raw body, the ``report`` part and the ``files`` parts."""

    headers: dict[str, str]
    body: bytes
    report: dict[str, Any]
    files: list[tuple[str, bytes]] = field(default_factory=list)


def _disposition(part: Any) -> dict[str, str]:
    raw = part.headers.get(b"Content-Disposition", b"").decode("utf-8", "replace")
    out: dict[str, str] = {}
    for piece in raw.split(";")[1:]:
        key, _, value = piece.strip().partition("=")
        out[key] = value.strip('"')
    return out


class CaptureServer:
    """The stub server: ``url``, ``requests`` (captured), ``stop()``."""

    def __init__(self) -> None:
        self.requests: list[CapturedRequest] = []
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _json(self, status: int, data: dict[str, Any]) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path == "/health":
                    self._json(200, {"status": "ok", "version": "stub"})
                else:
                    self._json(404, {"detail": "not found"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                decoder = MultipartDecoder(body, self.headers["Content-Type"])
                report: dict[str, Any] = {}
                files: list[tuple[str, bytes]] = []
                for part in decoder.parts:
                    disp = _disposition(part)
                    if disp.get("name") == "report":
                        report = json.loads(part.content)
                    elif disp.get("name") == "files":
                        files.append((disp.get("filename", ""), part.content))
                with outer._lock:
                    outer.requests.append(CapturedRequest(dict(self.headers), body, report, files))
                    cid = report.get("client_id", "")
                    created = cid not in outer._ids
                    rid = outer._ids.setdefault(cid, len(outer._ids) + 1)
                base = f"http://{self.headers['Host']}"
                self._json(
                    201 if created else 200,
                    {"id": str(rid), "client_id": cid, "url": f"{base}/reports/{rid}",
                     "api_url": f"{base}/api/v1/reports/{rid}", "created": created},
                )

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), name="capture-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


@pytest.fixture
def capture_server() -> Iterator[CaptureServer]:
    srv = CaptureServer()
    try:
        yield srv
    finally:
        srv.stop()
