"""A real BugZot server on a loopback port, for integration tests (shared fixture module).

Usage in a test module::

    from live_server import LiveServer, live_server_fixture  # noqa: F401  (registers `live_server`)

    def test_x(live_server):
        ...post to live_server.url...
        assert live_server.count_by_client_id() == {cid: 1}

``shared_live_server`` (import ``shared_live_server_fixture``) is one server per module;
or ``with start_live_server(tmp_path / "srv") as srv: ...`` for more than one server.

The server runs in its own process (``create_app`` under uvicorn, ``--open`` mode unless
``LiveServer(dir, token=True)``, whose ``.token`` is the one token it accepts;
a temp data dir, background jobs in threads) on a socket bound here to a free port
and handed over by file descriptor, so there is no port race. It is ready when
``/health`` answers 200, and is stopped (terminate, then kill) at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

_LAUNCHER = r"""
import socket, sys
import uvicorn
from bugzot_server.config import Settings
from bugzot_server.main import create_app

fd, data_dir, with_token = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "token"
# Open mode (no tokens) unless asked; background jobs in threads of this process.
app = create_app(Settings(data_dir=data_dir, open=not with_token, job_processes=0))
if with_token:
    from pathlib import Path
    from bugzot_server import tokens
    Path(data_dir, "token.txt").write_text(tokens.create(app.state.db, "test"))  # before /health answers
sock = socket.socket(fileno=fd)
config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
uvicorn.Server(config).run(sockets=[sock])
"""


class LiveServer:
    """A running server process: ``url``, ``data_dir``, and helpers that ask its API."""

    def __init__(
        self, data_dir: Path, ready_timeout: float = 60.0, sock: socket.socket | None = None, *, token: bool = False
    ) -> None:
        """``sock``: a socket already bound to a loopback port (see :func:`reserve_port`), for a server
        that must come up at a URL known before (connections to it are refused until then).
        ``token``: token mode (uploads need ``Authorization: Bearer <self.token>``), not open mode."""
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.token = ""
        if sock is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "server.log"
        env = dict(os.environ)
        env.pop("BUGZOT_SERVER_DATA_DIR", None)
        env["PYTHONUNBUFFERED"] = "1"
        # The repo root first, so the child imports this checkout whatever its cwd.
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        self._log = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(sock.fileno()), str(self.data_dir), "token" if token else "open"],
                pass_fds=(sock.fileno(),),
                stdout=self._log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        finally:
            sock.close()  # the child holds its own copy
        self._wait_ready(ready_timeout)
        self.token = (self.data_dir / "token.txt").read_text() if token else ""

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            try:
                # Waiting on the process doubles as the poll interval and notices a crash.
                code = self.proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                code = None
            if code is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not become ready (exit {code}):\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def get(self, path: str, **kw: Any) -> requests.Response:
        if self.token:
            kw.setdefault("headers", {"Authorization": f"Bearer {self.token}"})
        return requests.get(self.url + path, timeout=10, **kw)

    def reports(self) -> list[dict[str, Any]]:
        """Every stored report, from the server's own list API (all pages)."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            r = self.get("/api/v1/reports", params={"page": page, "per_page": 100})
            r.raise_for_status()
            data = r.json()
            out += data["reports"]
            if len(out) >= data["total"] or not data["reports"]:
                return out
            page += 1

    def count_by_client_id(self) -> dict[str, int]:
        """client_id -> how many stored reports carry it (exactly-once means all 1)."""
        counts: dict[str, int] = {}
        for r in self.reports():
            counts[r["client_id"]] = counts.get(r["client_id"], 0) + 1
        return counts

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def reserve_port() -> tuple[socket.socket, str]:
    """A loopback socket bound to a free port, not listening (connections are refused), and its URL.

    Hand it to ``LiveServer(dir, sock=...)`` to start the server at that URL later; close it if unused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def start_live_server(data_dir: Path) -> LiveServer:
    """Start an open-mode server and wait until /health answers."""
    return LiveServer(data_dir)


@pytest.fixture(name="live_server")
def live_server_fixture(tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh open-mode server with its own data dir, stopped after the test."""
    srv = LiveServer(tmp_path / "server-data")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(name="shared_live_server", scope="module")
def shared_live_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for a whole test module (saves ~1.5 s per test); tests must count only their own
    client_ids, since earlier tests' reports are still there."""
    srv = LiveServer(tmp_path_factory.mktemp("shared-server"))
    try:
        yield srv
    finally:
        srv.stop()
