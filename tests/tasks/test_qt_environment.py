"""tasks/environment.py: the Qt facts come from the running QGuiApplication."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication

from bugzot_desktop.tasks.environment import gather, qt_facts


def test_qt_facts_describe_the_offscreen_screens(qapp):
    facts = qt_facts()
    assert facts["qt"] == qVersion()
    assert facts["qt_platform"] == QGuiApplication.platformName()
    assert facts["screen_count"] == len(QGuiApplication.screens())
    g = QGuiApplication.primaryScreen().geometry()
    assert facts["screens"][0]["geometry"] == f"{g.width()}x{g.height()}+{g.x()}+{g.y()}"


def test_gather_joins_both_halves(qapp):
    env = gather("Example", "9.9")
    assert env["app"] == "Example"
    assert env["app_version"] == "9.9"
    assert env["qt"] == qVersion()
    assert list(env).index("python") < list(env).index("qt") < list(env).index("locale")
