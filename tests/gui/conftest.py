"""Fixtures for the desktop GUI tests: the real composition (app.build) on a temp data dir."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from bugzot_desktop import app as app_mod
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.settings import Settings


def make_png(path: Path, color: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (320, 200)) -> Path:
    """A small real PNG file."""
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(*color))
    assert image.save(str(path), "PNG")
    return path


@pytest.fixture
def build_app(qtbot, data_dir) -> Iterator[Callable[..., app_mod.AppParts]]:
    """Build the app like run_gui does (no flusher unless asked); everything is shut down afterwards."""
    made: list[app_mod.AppParts] = []

    def _build(settings: Settings | None = None, **kw) -> app_mod.AppParts:
        kw.setdefault("with_flusher", False)
        kw.setdefault("autosave_delay_ms", 50)
        parts = app_mod.build(kw.pop("data_dir", data_dir), settings or Settings(), **kw)
        qtbot.addWidget(parts.window)
        made.append(parts)
        return parts

    yield _build
    for parts in made:
        parts.composer._autosave.stop()
        app_mod.shutdown(parts)
        parts.outbox_view.close()


@pytest.fixture(autouse=True)
def pass_review(monkeypatch) -> list[Report]:
    """The review step (on by default) accepts every report unchanged, so no GUI test waits on a modal
    dialog; returns the reports it saw. Tests of the review itself put the real one back."""
    from bugzot_desktop.gui.review_dialog import ReviewDialog

    seen: list[Report] = []

    def review(cls, parent, report, **kw):
        seen.append(report)
        return report

    monkeypatch.setattr(ReviewDialog, "review", classmethod(review))
    return seen


@pytest.fixture(autouse=True)
def no_start_dialogs(monkeypatch) -> None:
    """A start that fails, or finds the app open, says so in a modal note: unexpected in a test, it would
    wait for a click until the suite times out. Raise instead; tests of the notes replace them again."""
    from bugzot_desktop.gui import single_instance

    def unexpected(cls, message: str) -> None:
        raise AssertionError(f"unexpected {cls.__name__} note: {message}")

    monkeypatch.setattr(single_instance.CannotStart, "tell", classmethod(unexpected))
    monkeypatch.setattr(single_instance.AlreadyOpen, "tell", classmethod(unexpected))


@pytest.fixture
def parts(build_app) -> app_mod.AppParts:
    p = build_app()
    p.window.show()
    return p


def pytest_collection_modifyitems(config, items):
    # The offscreen platform cannot propagate size hints and says so on every QMainWindow.show();
    # that is the test platform talking, not our code.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|requestActivate)\(\)"))
