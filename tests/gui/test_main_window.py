"""The main window offscreen: validation, attachments (file, bad file, paste, drop, remove), capture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.gui import main_window as mw
from tests.gui.conftest import make_png


def _wait_attachments(qtbot, parts, n: int) -> None:
    def check():
        assert len(parts.composer.attachments) == n
        assert parts.window.attachments.count() == n
        assert not parts.composer.busy

    qtbot.waitUntil(check, timeout=10_000)


def test_missing_title_is_shown_at_the_field_and_nothing_is_lost(qtbot, parts, data_dir):
    w = parts.window
    w.form.ui.descriptionEdit.setPlainText("It crashed when I saved.")
    w.form.ui.titleEdit.setFocus()
    w.attach_button.setFocus()
    w.submit_button.click()
    assert w.form.problem_text() == "Title is required: describe the bug in a few words."
    assert w.form.ui.titleError.isVisibleTo(w)
    assert QGuiApplication.focusObject() is w.form.ui.titleEdit
    assert w.form.ui.descriptionEdit.toPlainText() == "It crashed when I saved."
    assert "Nothing was sent; everything you typed is still here." in w.status_text()
    assert Outbox(data_dir).list() == []
    w.form.ui.titleEdit.setText("Crash")
    assert w.form.problem_text() == ""


def test_text_over_a_limit_is_kept_and_said_at_its_field_as_it_is_typed(qtbot, parts, data_dir):
    """QA: a pasted 250-character title lost its last 50 characters without a word (maxLength), and a long
    description was only refused at Submit."""
    w = parts.window
    form = w.form
    form.ui.titleEdit.setText("x" * 250)
    assert form.ui.titleEdit.text() == "x" * 250  # kept whole, to shorten by hand
    assert form.problem_text() == "Title is 250 characters long; the limit is 200."
    assert form.ui.titleError.isVisibleTo(w)
    form.ui.descriptionEdit.setPlainText("d" * 20_001)
    note = form.findChild(QLabel, "descriptionLimitNote")
    assert note.isVisibleTo(w) and note.text() == "Description is 20001 characters long; the limit is 20000."
    assert set(form.over_limit()) == {"title", "description"}
    w.submit_button.click()  # refused, nothing lost, the notes stay
    assert Outbox(data_dir).list() == []
    assert form.ui.titleEdit.text() == "x" * 250 and len(form.ui.descriptionEdit.toPlainText()) == 20_001
    assert note.isVisibleTo(w)
    assert form.ui.titleEdit.toolTip() == "Title is 250 characters long; the limit is 200."  # said by Submit
    form.ui.titleEdit.setText("x" * 200)
    assert form.problem_text() == "" and not form.ui.titleError.isVisibleTo(w)
    assert form.ui.titleEdit.toolTip() == ""  # QA: the fixed field's tooltip still said it was too long
    form.ui.descriptionEdit.setPlainText("😀" * 10_001)  # 20,002 UTF-16 units, 10,001 characters: fine
    assert not note.isVisibleTo(w) and form.over_limit() == {}
    form.set_fields({"title": "t", "steps": "s" * 20_001})  # a restored draft says it too
    assert form.findChild(QLabel, "stepsLimitNote").isVisibleTo(w)


def test_a_note_under_a_field_keeps_the_form_in_view(qtbot, parts):
    """QA: a limit note (or 'Title is required') made the form lay out at its preferred height: the
    content went 648 -> 1,140 px tall and the field being typed in, its note and the list left the view."""
    w = parts.window
    qtbot.waitExposed(w)
    content = w.form_area.widget()
    QApplication.processEvents()
    before = content.height()
    assert before <= w.form_area.viewport().height()  # the default window shows the whole form
    actual = w.form.ui.actualEdit
    actual.setFocus()
    actual.setPlainText("a" * 10_050)
    note = w.form.findChild(QLabel, "actualLimitNote")
    w.layout().activate()
    QApplication.processEvents()
    assert note.isVisibleTo(w)
    assert content.height() <= w.form_area.viewport().height()  # still no scrolling needed
    assert not actual.visibleRegion().isEmpty() and not note.visibleRegion().isEmpty()
    assert not w.attachments.visibleRegion().isEmpty()


def test_attach_refuses_a_non_image_by_name_and_keeps_the_rest(qtbot, parts, tmp_path, monkeypatch):
    good = make_png(tmp_path / "good.png")
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"<html><body>neither an image nor plain text</body></html>")
    monkeypatch.setattr(mw.FilePicker, "ask", classmethod(lambda cls, parent: [str(bad), str(good)]))
    w = parts.window
    w.form.ui.titleEdit.setText("Attach test")
    w.attach_button.click()
    _wait_attachments(qtbot, parts, 1)
    assert parts.composer.attachments[0].path == good
    assert w.attachments.item(0).text() == "good.png"
    assert "notes.png" in w.status_text()
    assert "Everything else in the report is unchanged." in w.status_text()
    assert w.form.ui.titleEdit.text() == "Attach test"
    assert not w.attachments.item(0).icon().isNull()


def test_remove_with_the_delete_key_and_the_button(qtbot, parts, tmp_path):
    files = [make_png(tmp_path / f"{n}.png") for n in ("a", "b", "c")]
    parts.composer.add_files(files)
    _wait_attachments(qtbot, parts, 3)
    w = parts.window
    names = sorted(w.attachments.item(i).text() for i in range(3))
    assert names == ["a.png", "b.png", "c.png"]
    w.attachments.setCurrentRow(0)
    w.attachments.setFocus()
    removed = w.attachments.item(0).text()
    qtbot.keyClick(w.attachments, Qt.Key.Key_Delete)
    assert w.attachments.count() == 2
    assert removed not in [a.filename for a in parts.composer.attachments]
    w.attachments.setCurrentRow(1)
    assert w.remove_button.isEnabled()
    w.remove_button.click()
    assert w.attachments.count() == 1
    assert len(parts.composer.attachments) == 1
    assert all(f.exists() for f in files)  # the user's own files are never deleted


def test_a_removal_can_be_undone_in_place_and_ctrl_z_in_a_field_stays_the_fields(qtbot, parts, tmp_path, data_dir):
    """QA: Backspace on the list removed a capture with no way back (it cannot be taken again)."""
    import json

    def drafted() -> list[str]:
        path = data_dir / "drafts" / "draft.json"
        draft = json.loads(path.read_text()) if path.exists() else {"attachments": []}
        return [Path(a["path"]).name for a in draft["attachments"]]

    files = [make_png(tmp_path / f"{n}.png") for n in ("a", "b", "c", "d")]
    parts.composer.add_files(files)
    _wait_attachments(qtbot, parts, 4)
    w = parts.window
    assert not w.undo_remove_action.isEnabled()
    w.attachments.setFocus()
    for row in (1, 2):
        w.attachments.item(row).setSelected(True)
    qtbot.keyClick(w.attachments, Qt.Key.Key_Backspace)
    assert [a.filename for a in parts.composer.attachments] == ["a.png", "d.png"]
    assert len(w.attachments.selectedItems()) == 1  # the one that looks current: Del again removes it (QA)
    assert w.status_text() == "Removed b.png, c.png. Undo: Ctrl+Z in the list, or Attachments → Undo remove."
    qtbot.waitUntil(lambda: drafted() == ["a.png", "d.png"], timeout=10_000)  # written on a pool thread
    w.attachments.setCurrentRow(0)
    w.remove_button.click()  # a second removal: undone first
    w.form.ui.titleEdit.setFocus()
    QTest.keyClicks(w.form.ui.titleEdit, "Crash")
    QTest.keyClick(w.form.ui.titleEdit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.form.ui.titleEdit.text() == "" and len(parts.composer.attachments) == 1  # the field's own undo
    w.attachments.setFocus()
    QTest.keyClick(w.attachments, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [a.filename for a in parts.composer.attachments] == ["a.png", "d.png"]
    assert w.status_text() == "a.png is back."
    w.undo_remove_action.trigger()
    assert [a.filename for a in parts.composer.attachments] == ["a.png", "b.png", "c.png", "d.png"]
    assert [w.attachments.item(i).text() for i in range(4)] == ["a.png", "b.png", "c.png", "d.png"]
    assert not w.attachments.item(1).icon().isNull()  # with its thumbnail
    assert not w.undo_remove_action.isEnabled()
    qtbot.waitUntil(lambda: drafted() == ["a.png", "b.png", "c.png", "d.png"], timeout=10_000)
    w.attachments.setCurrentRow(3)
    w.remove_action.trigger()
    parts.composer.clear()  # a new report: what the old one lost does not come back into it
    assert not w.undo_remove_action.isEnabled() and parts.composer.undo_remove() == ([], [])
    assert all(f.exists() for f in files)  # the user's files are never deleted


def test_undo_does_not_put_back_a_file_attached_again_meanwhile(qtbot, parts, tmp_path):
    """QA: remove a.png, attach a.png again, undo: a.png was listed, drafted and sent twice."""
    a, b = make_png(tmp_path / "a.png"), make_png(tmp_path / "b.png")
    parts.composer.add_files([a, b])
    _wait_attachments(qtbot, parts, 2)
    w = parts.window
    w.attachments.setCurrentRow(0)
    w.remove_action.trigger()
    parts.composer.add_files([a])
    _wait_attachments(qtbot, parts, 2)
    w.undo_remove_action.trigger()
    assert sorted(x.filename for x in parts.composer.attachments) == ["a.png", "b.png"]
    assert w.status_text() == "Attached again since, so not put back twice: a.png."


def test_paste_an_image_saves_it_in_staging_off_the_gui_thread(qtbot, parts, data_dir):
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(0, 0, 255))
    QGuiApplication.clipboard().setImage(image)
    parts.window.paste_action.trigger()
    _wait_attachments(qtbot, parts, 1)
    att = parts.composer.attachments[0]
    assert att.path.parent == data_dir / "drafts" / "staging"
    assert att.filename.startswith("pasted-") and att.filename.endswith(".png")
    assert att.source_path == att.path
    back = QImage(str(att.path))
    assert (back.width(), back.height(), back.pixelColor(3, 3).getRgb()) == (64, 48, (0, 0, 255, 255))
    QGuiApplication.clipboard().clear()


def test_paste_with_no_image_says_so(qtbot, parts):
    QGuiApplication.clipboard().setText("just text")
    parts.window.paste_action.trigger()
    assert parts.window.status_text() == "The clipboard holds no image; nothing was attached."
    QGuiApplication.clipboard().clear()


def test_drop_files_and_image_data(qtbot, parts, tmp_path):
    png = make_png(tmp_path / "dropped.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png)), QUrl("https://example.com/x.png")])
    assert parts.window.attachments.handle_drop(mime) is True
    _wait_attachments(qtbot, parts, 1)
    assert parts.composer.attachments[0].path == png

    data = QMimeData()
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(QColor(1, 2, 3))
    data.setImageData(image)
    assert parts.window.attachments.handle_drop(data) is True
    _wait_attachments(qtbot, parts, 2)
    assert parts.composer.attachments[1].filename.startswith("dropped-")

    assert parts.window.attachments.handle_drop(QMimeData()) is False


def test_capture_hides_the_window_grabs_and_attaches(qtbot, build_app, data_dir):
    shot = QImage(400, 300, QImage.Format.Format_RGB32)
    shot.fill(QColor(10, 120, 230))
    seen_visible: list[bool] = []
    parts_box: list = []

    def grab() -> QImage:
        seen_visible.append(parts_box[0].window.isVisible())
        return shot

    parts = build_app(grab=grab, capture_unavailable=lambda: None)
    parts_box.append(parts)
    parts.window.show()
    parts.window.capture_action.trigger()
    _wait_attachments(qtbot, parts, 1)
    assert seen_visible == [False]  # our window was hidden during the grab
    assert parts.window.isVisible()  # and came back
    att = parts.composer.attachments[0]
    assert att.filename.startswith("screenshot-")
    back = QImage(str(att.path))
    assert (back.width(), back.height(), back.pixelColor(0, 0).getRgb()) == (400, 300, (10, 120, 230, 255))


def test_capture_unavailable_offscreen_says_what_to_do(qtbot, parts):
    parts.window.capture_action.trigger()

    def said():
        assert "use Attach file instead" in parts.window.status_text()
        assert "The report is unchanged." in parts.window.status_text()

    qtbot.waitUntil(said, timeout=5000)
    assert parts.composer.attachments == []


def test_shortcuts_and_accessible_names(parts):
    w = parts.window
    keys = {a.text().replace("&", "").split("\t")[0]: a.shortcut().toString() for a in w.actions()}
    assert keys["Submit"] == "Ctrl+Return"
    assert keys["Capture screen"] == "Ctrl+Shift+S"
    assert keys["Attach file…"] == "Ctrl+O"
    assert keys["Paste image"] == "Ctrl+V"
    assert keys["Outbox…"] == "Ctrl+Shift+O"
    assert keys["Settings…"] == "Ctrl+,"
    assert w.form.ui.titleEdit.accessibleName() == "Title (required)"
    assert w.attachments.accessibleName() == "Attachments"
    assert w.submit_button.accessibleName() == "Submit report"
    # Tab order runs through the form top to bottom, then attachments and the buttons.
    chain, o = [], w.form.ui.titleEdit
    for _ in range(200):
        if o.focusPolicy() & Qt.FocusPolicy.TabFocus and o.isVisibleTo(w) and o.isEnabled():
            chain.append(o)
        o = o.nextInFocusChain()
        if o is w.form.ui.titleEdit:
            break
    assert chain[:12] == [
        w.form.ui.titleEdit, w.form.ui.severityCombo, w.form.ui.componentEdit, w.form.ui.descriptionEdit,
        w.form.ui.stepsEdit, w.form.ui.expectedEdit, w.form.ui.actualEdit, w.attachments, w.capture_button,
        w.attach_button, w.submit_button, w.status_line.message_label,  # its links (Details…) are reached too
    ][: len(chain[:12])]


def test_severity_defaults_to_major_and_lists_the_wire_values(parts):
    combo = parts.window.form.ui.severityCombo
    assert [combo.itemData(i) for i in range(combo.count())] == ["blocker", "critical", "major", "minor", "trivial"]
    assert combo.currentData() == "major"


def test_image_file_paths_are_real(tmp_path):
    assert make_png(tmp_path / "x.png").stat().st_size > 0
    assert isinstance(tmp_path, Path)


def test_double_click_opens_the_markup_editor_and_keeps_the_original(qtbot, parts, tmp_path, data_dir, monkeypatch):
    from PySide6.QtGui import QImage

    from bugzot_desktop.core.markup import Markup
    from bugzot_desktop.gui import markup_editor

    original = make_png(tmp_path / "orig.png", (9, 9, 9))
    parts.composer.add_files([original])
    _wait_attachments(qtbot, parts, 1)
    calls = []
    # A crop to the top-left 100x50: visible in the flattened file's size.
    drawn = Markup(320, 200, crop=(0, 0, 100, 50)).to_dict()

    def edit_markup(cls, parent, image_path, markup):
        calls.append((image_path, markup))
        return drawn

    monkeypatch.setattr(markup_editor.MarkupEditor, "edit_markup", classmethod(edit_markup))
    parts.window.attachments.open_requested.emit(0)
    [(image_path, markup)] = calls
    assert (image_path, markup) == (original, None)
    # Flattened on the pool, not in the editor's Done: the window is free while a big image is written.
    assert parts.composer.busy and parts.composer.attachments[0].path == original

    def replaced():
        att = parts.composer.attachments[0]
        assert (att.source_path, att.markup, att.filename) == (original, drawn, "orig.png")
        assert att.path.parent == data_dir / "drafts" / "staging"  # never written beside the user's file
        assert not parts.composer.busy

    qtbot.waitUntil(replaced, timeout=10_000)
    flat = QImage(str(parts.composer.attachments[0].path))
    assert (flat.width(), flat.height(), flat.pixelColor(5, 5).name()) == (100, 50, "#090909")
    assert parts.window.attachments.count() == 1
    assert parts.window.status_text() == "Mark-up saved on orig.png; the original is kept unchanged."
    # Reopening edits the unmarked original with the kept mark-up.
    parts.window.attachments.open_requested.emit(0)
    assert calls[1] == (original, drawn)
    qtbot.waitUntil(lambda: not parts.composer.busy, timeout=10_000)


def test_a_markup_finished_after_its_attachment_was_removed_leaves_no_file(qtbot, parts, tmp_path, data_dir, monkeypatch):
    from bugzot_desktop.core.markup import Markup

    parts.composer.add_files([make_png(tmp_path / "gone.png")])
    _wait_attachments(qtbot, parts, 1)
    parts.composer.apply_markup(0, Markup(320, 200).to_dict())
    parts.composer.remove([0])
    qtbot.waitUntil(lambda: not parts.composer.busy, timeout=10_000)
    assert parts.composer.attachments == []
    # kept while Undo can bring the attachment back (with its drawing: QA found it came back unmarked) ...
    [marked] = (data_dir / "drafts" / "staging").glob("gone-marked-*")
    restored, again = parts.composer.undo_remove()
    assert (restored, again) == (["gone.png"], [])
    [att] = parts.composer.attachments
    assert att.path == marked and att.markup == Markup(320, 200).to_dict()
    qtbot.waitUntil(lambda: not parts.composer.busy, timeout=10_000)  # its thumbnail made again
    parts.composer.remove([0])
    parts.composer.clear()  # ... and gone with the report it belonged to
    assert list((data_dir / "drafts" / "staging").glob("gone-marked-*")) == []
    assert (tmp_path / "gone.png").exists()  # the user's own file stays


def test_a_text_file_is_attached_with_a_text_icon_and_is_not_marked_up(qtbot, parts, tmp_path, monkeypatch):
    from bugzot_desktop.gui import markup_editor

    log = tmp_path / "app.log"
    log.write_bytes(b"2026-12-03 20:00:01 INFO started\n2026-12-03 20:00:02 ERROR boom\n")
    binary = tmp_path / "core.dump"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 64)
    monkeypatch.setattr(mw.FilePicker, "ask", classmethod(lambda cls, parent: [str(binary), str(log)]))
    w = parts.window
    w.attach_button.click()
    _wait_attachments(qtbot, parts, 1)
    assert parts.composer.attachments[0].path == log
    assert w.attachments.item(0).text() == "app.log"
    assert not w.attachments.item(0).icon().isNull()  # the generic text picture
    assert "File core.dump is a program, neither an image nor a plain-text file" in w.status_text()
    assert (parts.composer.is_image(0), parts.composer.is_image(1)) == (False, False)
    calls = []
    monkeypatch.setattr(markup_editor.MarkupEditor, "edit_markup", classmethod(lambda cls, *a, **k: calls.append(a)))
    w.attachments.open_requested.emit(0)
    assert calls == []
    assert w.status_text() == "Only images can be marked up; app.log is attached as it is."
    assert parts.composer.attachments[0].path == log


def test_no_shortcut_is_bound_twice(parts):
    from PySide6.QtGui import QAction

    keys = [k.toString() for a in parts.window.findChildren(QAction)
            if a.shortcutContext() != Qt.ShortcutContext.WidgetShortcut for k in a.shortcuts()]
    assert sorted(set(keys)) == sorted(keys)
    assert "Ctrl+Q" in keys


def test_ctrl_v_in_a_text_field_attaches_an_image_but_pastes_text(qtbot, parts):
    w = parts.window
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor(5, 6, 7))
    QGuiApplication.clipboard().setImage(image)
    w.form.ui.titleEdit.setFocus()
    qtbot.keyClick(w.form.ui.titleEdit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    _wait_attachments(qtbot, parts, 1)
    assert w.form.ui.titleEdit.text() == ""
    QGuiApplication.clipboard().setText("pasted words")
    qtbot.keyClick(w.form.ui.titleEdit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert w.form.ui.titleEdit.text() == "pasted words"
    assert len(parts.composer.attachments) == 1
    QGuiApplication.clipboard().clear()


def test_the_app_hands_the_gil_to_the_gui_thread_within_a_millisecond(parts):
    import sys

    from bugzot_desktop import app as app_mod

    assert sys.getswitchinterval() == app_mod.GIL_SWITCH_INTERVAL_S == 0.001  # set by app.build


def test_the_keyring_backend_is_found_while_the_app_is_built(build_app, monkeypatch):
    from bugzot_desktop.core import settings as settings_mod

    calls = []
    real = settings_mod._keyring
    monkeypatch.setattr(settings_mod, "_keyring", lambda: calls.append(1) or real())
    build_app()
    assert calls == [1]  # before the window is shown, not on the first upload's worker thread


def test_the_window_opens_no_larger_than_its_screen_allows(parts):
    """820x780 was fixed: on a 1280x720 screen the buttons and the status line were off-screen (newcomer5)."""
    w = parts.window
    room = w.screen().availableGeometry().size()
    assert w.width() <= max(820, w.minimumSizeHint().width())
    assert w.height() <= max(min(780, room.height() - 60), w.minimumSizeHint().height())
    assert w.height() >= w.minimumSizeHint().height()


def test_on_a_short_screen_the_form_scrolls_and_the_buttons_stay_in_view(parts, qtbot):
    """With display scaling a 1080-pixel screen has 540 logical pixels (a 720-pixel one 360-480): the window's
    minimum was 662 high, so Capture, Attach and Submit were below the screen (QA, QT_SCALE_FACTOR=2)."""
    w = parts.window
    assert w.minimumSizeHint().height() <= 300
    w.resize(820, 360)
    qtbot.waitUntil(lambda: w.height() == 360)
    inside = w.rect()
    for button in (w.capture_button, w.attach_button, w.submit_button):
        top_left = button.mapTo(w, button.rect().topLeft())
        assert inside.contains(top_left) and inside.contains(button.mapTo(w, button.rect().bottomRight())), button.text()
    assert w.form_area.verticalScrollBar().maximum() > 0  # the form scrolls instead
    actual = w.form.ui.actualEdit
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())
    actual.setFocus()  # as its Alt shortcut does: scrolled into view
    qtbot.waitUntil(lambda: not actual.visibleRegion().isEmpty())


def test_every_capture_mode_can_be_reached_from_the_keyboard(parts, qtbot):
    """Window, Active window and the delayed modes were only in the arrow menu beside Capture screen, which
    no key opened (QA, keyboard only)."""
    w = parts.window
    w.use_capture_flow(type("Flow", (QObject,), {
        "captured": Signal(QImage), "failed": Signal(str), "cancelled": Signal(), "start": lambda *a: None})())
    attach_menu = next(a.menu() for a in w.menuBar().actions() if a.menu() and w.capture_action in a.menu().actions())
    assert w.capture_menu.menuAction() in attach_menu.actions() and w.capture_menu.isEnabled()
    assert {a.text() for a in w.capture_menu.actions()} >= {"&Window (click one)", "&Active window"}
    shown: list[bool] = []
    w.capture_button.showMenu = lambda: shown.append(True)  # the real one runs a nested loop
    w.capture_button.setFocus()
    QTest.keyClick(w.capture_button, Qt.Key.Key_Down)
    assert shown == [True]
