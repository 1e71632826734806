"""core/display.py: whether a window can open, asked before Qt (which aborts the process when it cannot)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from bugzot_desktop.core.display import display_problem

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland checks are Linux-only")


def _dead_display() -> str:
    n = next(n for n in range(900, 1000) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{n}"


def test_platforms_qt_handles_itself_are_never_refused():
    for platform in ("offscreen", "minimal", "vnc:size=800x600"):
        assert display_problem({"QT_QPA_PLATFORM": platform}) is None


def test_no_display_at_all():
    assert display_problem({}) == "no display: neither DISPLAY nor WAYLAND_DISPLAY is set"


def test_a_display_no_x_server_answers_on():
    d = _dead_display()
    assert display_problem({"DISPLAY": d}) == f"no X server answers on DISPLAY={d}"
    assert display_problem({"DISPLAY": d, "QT_QPA_PLATFORM": "xcb"}) == f"no X server answers on DISPLAY={d}"


def test_a_wayland_socket_that_exists_is_enough_and_a_missing_one_is_named(tmp_path):
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(tmp_path / "wayland-7"))
        env = {"WAYLAND_DISPLAY": "wayland-7", "XDG_RUNTIME_DIR": str(tmp_path)}
        assert display_problem(env) is None
        assert display_problem({**env, "DISPLAY": _dead_display()}) is None  # Qt prefers the compositor
    missing = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path), "QT_QPA_PLATFORM": "wayland"}
    assert display_problem(missing) == f"no Wayland compositor answers at {tmp_path / 'wayland-9'}"
