"""Reads the Qt facts (version, platform, screens) and joins them to the Qt-free environment.

Runs in the GUI thread: QGuiApplication.screens() must be read there, and it is
cheap. The Qt-free half (os-release, /etc/localtime) is small file I/O; callers
that want it off the GUI thread run :func:`bugzot_desktop.core.environment.collect_environment`
as a FunctionTask and call :func:`merge` with :func:`qt_facts` afterwards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication

from bugzot_desktop import APP_NAME, __version__
from bugzot_desktop.core.environment import ScreenInfo, collect_environment, merge, qt_environment


def screens() -> list[ScreenInfo]:
    """Every screen as plain data, primary first (Qt's own order otherwise)."""
    primary = QGuiApplication.primaryScreen()
    found = []
    for screen in QGuiApplication.screens():
        g = screen.geometry()
        found.append(
            (screen is not primary, ScreenInfo(screen.name(), g.x(), g.y(), g.width(), g.height(), screen.devicePixelRatio()))
        )
    return [info for _, info in sorted(found, key=lambda pair: pair[0])]


def qt_facts() -> dict[str, Any]:
    """The Qt-provided environment items; needs a QGuiApplication."""
    return qt_environment(qVersion(), QGuiApplication.platformName(), screens())


def gather(app_name: str = APP_NAME, app_version: str = __version__) -> dict[str, Any]:
    """The whole environment of this process (Qt-free facts plus Qt facts), display-ordered."""
    return merge(collect_environment(app_name, app_version), qt_facts())
