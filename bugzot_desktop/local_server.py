"""Run the bundled server for one app session (`bugzot --with-local-server`, `make run`).

The server is a separate process (it never shares the GUI's interpreter): started on
loopback in open mode with its embedded SQLite default, ready when /health answers,
stopped when the app closes. Qt-free so the CLI and tests can use it too.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

from bugzot_desktop.core.errors import BugzotError


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


SERVER_NICE = 5  # the GUI (0) goes first; the image workers (10) wait for the server's answers


def _die_with_parent() -> Callable[[], None] | None:
    """Linux: the server gets SIGTERM when the app dies, even by SIGKILL, so a crash leaves no server behind."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved before fork: the child only calls it
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, signal.SIGTERM)


def _child_setup() -> Callable[[], None] | None:
    """What the server process does before it runs (POSIX): die with the app, and yield the CPU to the GUI.

    On one machine the bundled server's post-processing (thumbnails, previews) competes with the
    GUI thread for the same cores; at normal priority it stretched GUI stalls past a frame under
    Xvfb (bench/ui_stall.py). Windows gets BELOW_NORMAL_PRIORITY_CLASS instead (see start())."""
    if not hasattr(os, "nice"):
        return None
    die = _die_with_parent()

    def setup() -> None:
        if die is not None:
            die()
        try:
            os.nice(SERVER_NICE)
        except OSError:
            pass

    return setup


class LocalServer:
    """Context manager: start `bugzot-server --open` on loopback, stop it on exit."""

    def __init__(self, data_dir: Path, port: int | None = 8000, host: str = "127.0.0.1", startup_timeout_s: float = 30.0):
        self.data_dir = Path(data_dir)
        self.host = host
        self.port = port or free_port(host)
        self.startup_timeout_s = startup_timeout_s
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def _port_free(self) -> bool:
        with socket.socket() as s:
            try:
                s.bind((self.host, self.port))
            except OSError:
                return False
        return True

    def start(self) -> LocalServer:
        # First whether there is a server at all: a packaged app said "port 8000 is in use; the bundled
        # server runs on … instead", then that it is not installed.
        if getattr(sys, "frozen", False):
            raise BugzotError("This package of BugZot has no bundled server (--with-local-server is for a source "
                              "checkout: make run); set your team's server in Settings instead.")
        try:
            import bugzot_server  # noqa: F401
        except ImportError:
            raise BugzotError("The bundled server is not installed; install it with: pip install 'bugzot[server]'.") from None
        if not self._port_free():
            # Someone else has the port (another session's server, another program): run our own
            # elsewhere rather than depend on a server this app does not own or stop.
            taken = self.port
            self.port = free_port(self.host)
            print(f"bugzot: port {taken} is in use; the bundled server runs on {self.url} instead.", file=sys.stderr)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log_file = open(self.data_dir / "server.log", "ab")  # noqa: SIM115 - lives as long as the process
        cmd = [sys.executable, "-m", "bugzot_server", "--open", "--host", self.host, "--port", str(self.port), "--data-dir", str(self.data_dir)]
        extra: dict[str, Any] = {}
        if sys.platform == "win32":
            extra["creationflags"] = subprocess.BELOW_NORMAL_PRIORITY_CLASS
        else:
            extra["preexec_fn"] = _child_setup()
        self._proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, env=dict(os.environ), **extra)
        log_file.close()
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BugzotError(f"The local server exited at start-up (code {self._proc.returncode}); see {self.data_dir / 'server.log'}.")
            if self._healthy():
                return self
            time.sleep(0.1)  # readiness probe interval (not a test)
        self.stop()
        raise BugzotError(f"The local server did not answer on {self.url} within {self.startup_timeout_s:.0f} s; see {self.data_dir / 'server.log'}.")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
