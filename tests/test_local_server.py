"""LocalServer: the bundled server for `make run`, owned by the app that started it."""

from __future__ import annotations

import socket

import requests

from bugzot_desktop.local_server import LocalServer, free_port


def test_starts_answers_and_stops(tmp_path):
    port = free_port()
    with LocalServer(tmp_path / "srv", port=port) as server:
        assert server.url == f"http://127.0.0.1:{port}"
        assert requests.get(f"{server.url}/health", timeout=5).json()["status"] == "ok"
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # free again: the server stopped with the context


def test_a_taken_port_gives_our_own_server_elsewhere(tmp_path, capsys):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with LocalServer(tmp_path / "srv", port=taken) as server:
            assert server.port != taken
            assert requests.get(f"{server.url}/health", timeout=5).status_code == 200
    assert f"port {taken} is in use; the bundled server runs on http://127.0.0.1:" in capsys.readouterr().err
