"""LocalServer: the bundled server for `make run`, owned by the app that started it."""

from __future__ import annotations

import socket
import sys

import pytest
import requests

from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.local_server import LocalServer, free_port


def test_starts_answers_and_stops(tmp_path):
    port = free_port()
    with LocalServer(tmp_path / "srv", port=port) as server:
        assert server.url == f"http://127.0.0.1:{port}"
        assert requests.get(f"{server.url}/health", timeout=5).json()["status"] == "ok"
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # free again: the server stopped with the context


def test_the_server_yields_the_cpu_to_the_gui(tmp_path):
    """Its post-processing shares the cores with the GUI thread: it runs at a lower priority (nice + 5)."""
    import os

    from bugzot_desktop import local_server

    with LocalServer(tmp_path / "srv", port=free_port()) as server:
        assert server._proc is not None
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, server._proc.pid) == min(19, ours + local_server.SERVER_NICE)


def test_a_taken_port_gives_our_own_server_elsewhere(tmp_path, capsys):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with LocalServer(tmp_path / "srv", port=taken) as server:
            assert server.port != taken
            assert requests.get(f"{server.url}/health", timeout=5).status_code == 200
    assert f"port {taken} is in use; the bundled server runs on http://127.0.0.1:" in capsys.readouterr().err


def test_the_server_dies_with_a_killed_app(tmp_path):
    """A crashed app (SIGKILL) leaves no bundled server behind (Linux: parent-death signal)."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap

    port = free_port()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, threading
            from pathlib import Path
            from bugzot_desktop.local_server import LocalServer
            s = LocalServer(Path({str(tmp_path / 'srv')!r}), port={port}).start()
            print(s._proc.pid, flush=True)
            threading.Event().wait()
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    server_pid = int(child.stdout.readline())
    assert requests.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    child.stdout.close()
    # The server got SIGTERM from the kernel and shuts down: a pidfd becomes readable when it exits.
    import select

    try:
        fd = os.pidfd_open(server_pid)
    except ProcessLookupError:
        return  # already gone
    try:
        ready, _, _ = select.select([fd], [], [], 20)
    finally:
        os.close(fd)
    if not ready:
        os.kill(server_pid, signal.SIGKILL)
        raise AssertionError("the bundled server outlived the killed app")


def test_a_package_without_the_server_says_so_and_nothing_about_ports(tmp_path, capsys, monkeypatch):
    """A packaged app said "port 8000 is in use; the bundled server runs on … instead", then that it is not
    installed (QA, PyInstaller bundle)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        with pytest.raises(BugzotError, match="^This package of BugZot has no bundled server"):
            LocalServer(tmp_path / "srv", port=port).start()
    assert capsys.readouterr().err == ""
