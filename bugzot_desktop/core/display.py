"""Can a window open here? Asked before Qt is: Qt's xcb plugin aborts the whole process (SIGABRT,
with advice to reinstall) when there is no display or no X server answers on DISPLAY.

Qt-free: the GUI (app.run_gui) and `bugzot capture` call :func:`display_problem` first and say one line.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Mapping

_QT_HANDLES_ITSELF = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "windows", "cocoa")


def _x_server_answers(display: str) -> bool | None:
    """Whether an X server accepts a connection on ``display`` (libxcb, as Qt uses); None when libxcb is absent."""
    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        return conn is not None and xcb.xcb_connection_has_error(conn) == 0
    finally:
        if conn:
            xcb.xcb_disconnect(conn)


def _wayland_socket(env: Mapping[str, str]) -> str | None:
    name = env.get("WAYLAND_DISPLAY")
    if not name:
        return None
    return name if os.path.isabs(name) else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why no window can open (a short reason, for "… ({reason})"), or None when one can, or it cannot be told."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if platform in _QT_HANDLES_ITSELF:
        return None
    wayland = _wayland_socket(env)
    if platform != "xcb" and wayland and os.path.exists(wayland):
        return None  # a Wayland compositor is there
    display = env.get("DISPLAY")
    if not display:
        if platform.startswith("wayland") and wayland:
            return f"no Wayland compositor answers at {wayland}"
        return "no display: neither DISPLAY nor WAYLAND_DISPLAY is set"
    if _x_server_answers(display) is False:
        return f"no X server answers on DISPLAY={display}"
    return None
