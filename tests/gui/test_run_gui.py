"""run_gui: the real entry point opens the main window with the saved settings and returns when it closes."""

from __future__ import annotations

import argparse
import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bugzot_desktop.app import run_gui
from bugzot_desktop.gui.main_window import MainWindow
from bugzot_desktop.local_server import free_port


def test_run_gui_opens_the_window_and_returns_when_it_closes(qapp, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens: the flusher finds nothing to do anyway
    (data / "settings.json").write_text(json.dumps({"server_url": url}), encoding="utf-8")
    seen: list[tuple[str, bool, str]] = []

    def look_then_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, look_then_close)
            return
        w = windows[0]
        seen.append((w.windowTitle(), w.windowIcon().isNull(), w.status_text()))
        w.close()

    QTimer.singleShot(0, look_then_close)
    assert run_gui(argparse.Namespace(data_dir=str(data), with_local_server=False, lang=None)) == 0
    assert seen == [("BugZot", False, f"Ready. Reports go to {url}; they wait in the outbox whenever it cannot be reached.")]
    assert (data / "outbox.sqlite3").exists()


def test_sigterm_ends_the_session_as_quit_does(qapp, tmp_path):
    """A logout or `kill` used to end the process on the spot: no shutdown, image workers left behind
    (newcomer5 #4). Now the event loop returns and shutdown runs; the old handler is back afterwards."""
    import os
    import signal

    from bugzot_desktop.core import procpool

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"server_url": f"http://127.0.0.1:{free_port()}"}), encoding="utf-8")
    fell_through: list[int] = []

    def not_ours(signum, _frame) -> None:  # what runs if run_gui installed no handler of its own
        fell_through.append(signum)
        QApplication.quit()

    before = signal.signal(signal.SIGTERM, not_ours)

    def term_when_up() -> None:
        if not any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()):
            QTimer.singleShot(10, term_when_up)
            return
        procpool.run_in_process(os.getpid)  # image workers are running
        assert procpool._pool is not None
        os.kill(os.getpid(), signal.SIGTERM)

    QTimer.singleShot(0, term_when_up)
    assert run_gui(argparse.Namespace(data_dir=str(data), with_local_server=False, lang=None)) == 0
    try:
        assert fell_through == []  # run_gui's own handler took it
        assert procpool._pool is None  # shut down, as on Quit
        assert signal.getsignal(signal.SIGTERM) is not_ours  # put back as it was
    finally:
        signal.signal(signal.SIGTERM, before)


def test_sigterm_keeps_what_was_typed_and_drawn(qapp, qtbot, tmp_path):
    """A logout (SIGTERM) with the mark-up editor open: the app asked 'discard your changes?' and waited,
    and what was typed since the last autosave was not saved at all. Now the drawing is kept as Done
    would, and the draft is written before the session ends (its flatten happens at the next start)."""
    import os
    import signal

    from PySide6.QtCore import QPoint, QPointF, Qt

    from bugzot_desktop.gui.markup_editor import MarkupEditor
    from tests.gui.conftest import make_png

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"server_url": f"http://127.0.0.1:{free_port()}"}), encoding="utf-8")
    png = make_png(tmp_path / "shot.png")
    state: dict = {}

    def when_up() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, when_up)
            return
        w = state["w"] = windows[0]
        w.form.ui.titleEdit.setText("Typed just before logout")  # the 2 s autosave pause never comes
        w.composer.add_files([png])
        QTimer.singleShot(0, when_attached)

    def when_attached() -> None:
        w = state["w"]
        if len(w.composer.attachments) != 1 or w.composer.busy:
            QTimer.singleShot(10, when_attached)
            return
        QTimer.singleShot(0, draw_then_logout)
        w.attachments.open_requested.emit(0)  # the editor, modal: returns when it closes

    def draw_then_logout() -> None:
        editor = next((x for x in QApplication.topLevelWidgets() if isinstance(x, MarkupEditor) and x.isVisible()), None)
        if editor is None:
            QTimer.singleShot(10, draw_then_logout)
            return
        canvas, vp = editor.canvas, editor.canvas.viewport()
        editor.select_tool("rect")

        def at(x: float, y: float) -> QPoint:
            return canvas.mapFromScene(QPointF(x, y))

        qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=at(20, 20))
        qtbot.mouseMove(vp, pos=at(80, 60))
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=at(120, 90))
        assert not canvas.undo_stack.isClean()
        os.kill(os.getpid(), signal.SIGTERM)

    QTimer.singleShot(0, when_up)
    assert run_gui(argparse.Namespace(data_dir=str(data), with_local_server=False, lang=None)) == 0
    draft = json.loads((data / "drafts" / "draft.json").read_text(encoding="utf-8"))
    assert draft["title"] == "Typed just before logout"
    [att] = draft["attachments"]
    assert [i["kind"] for i in att["markup"]["items"]] == ["rect"]
    assert att["path"] == att["source_path"]  # the original with its mark-up: flattened at the next start
