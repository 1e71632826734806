"""MarkupEditor and its canvas: every tool through synthetic mouse events, undo/redo, export."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from bugzot_desktop.core.markup import Markup, MarkupItem
from bugzot_desktop.gui.markup.tools import TOOLS
from bugzot_desktop.gui.markup_editor import EditResult, MarkupEditor


def _white(w: int = 400, h: int = 300) -> QImage:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    return img


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch):
    """Teardown closes editors with edits in them; never block on the real question box."""
    monkeypatch.setattr(MarkupEditor, "confirm_discard", classmethod(lambda cls, parent: True))


@pytest.fixture
def editor(qtbot):
    dlg = MarkupEditor(_white())
    qtbot.addWidget(dlg)
    # Image at the view's top-left at 100%: view pixel (x, y) is image pixel (x, y).
    dlg.canvas.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.canvas.set_zoom(1.0)
    return dlg


def _vp(canvas, x: float, y: float) -> QPoint:
    return canvas.mapFromScene(QPointF(x, y))


def _drag(qtbot, canvas, *points: tuple[int, int], button=Qt.MouseButton.LeftButton) -> None:
    vp = canvas.viewport()
    qtbot.mousePress(vp, button, pos=_vp(canvas, *points[0]))
    for p in points[1:]:
        qtbot.mouseMove(vp, pos=_vp(canvas, *p))
    qtbot.mouseRelease(vp, button, pos=_vp(canvas, *points[-1]))


def _click(qtbot, canvas, x: int, y: int) -> None:
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_vp(canvas, x, y))


@pytest.mark.parametrize(("tool", "width"), [("arrow", 4), ("line", 4), ("rect", 4), ("ellipse", 4), ("pixelate", 4), ("blur", 4)])
def test_two_point_tools_draw_exactly_where_dragged(editor, qtbot, tool, width):
    editor.select_tool(tool)
    _drag(qtbot, editor.canvas, (50, 40), (120, 90), (150, 110))
    assert editor.canvas.items_data() == [MarkupItem(tool, ((50, 40), (150, 110)), color="#e53935", width=width)]


@pytest.mark.parametrize(("tool", "width"), [("pen", 4), ("highlighter", 18)])
def test_stroke_tools_keep_every_point(editor, qtbot, tool, width):
    editor.select_tool(tool)
    _drag(qtbot, editor.canvas, (10, 10), (20, 15), (30, 25), (40, 40))
    assert editor.canvas.items_data() == [MarkupItem(tool, ((10, 10), (20, 15), (30, 25), (40, 40)), width=width)]


def test_a_stray_click_draws_nothing(editor, qtbot):
    editor.select_tool("rect")
    _click(qtbot, editor.canvas, 30, 30)
    assert editor.canvas.items_data() == []
    assert not editor.undo_action.isEnabled()


def test_text_and_numbered_steps(editor, qtbot):
    asked: list[str] = []
    editor.canvas.ask_text = lambda parent, current: (asked.append(current), "Crash here")[1]
    editor.select_tool("text")
    _click(qtbot, editor.canvas, 60, 70)
    editor.select_tool("step")
    _click(qtbot, editor.canvas, 100, 100)
    _click(qtbot, editor.canvas, 200, 100)
    assert asked == [""]
    assert editor.canvas.items_data() == [
        MarkupItem("text", ((60, 70),), text="Crash here"),
        MarkupItem("step", ((100, 100),), number=1),
        MarkupItem("step", ((200, 100),), number=2),
    ]
    # Double-click a label to change it.
    editor.canvas.ask_text = lambda parent, current: (asked.append(current), "Crash here, twice")[1]
    editor.select_tool("select")
    qtbot.mouseDClick(editor.canvas.viewport(), Qt.MouseButton.LeftButton, pos=_vp(editor.canvas, 70, 80))
    assert asked == ["", "Crash here"]
    assert editor.canvas.items_data()[0].text == "Crash here, twice"


def test_crop_then_undo_and_redo(editor, qtbot):
    editor.select_tool("crop")
    _drag(qtbot, editor.canvas, (20, 30), (220, 180))
    assert editor.canvas.crop() == (20, 30, 200, 150)
    assert editor.canvas.to_markup().output_size() == (200, 150)
    editor.undo_action.trigger()
    assert editor.canvas.crop() is None
    editor.redo_action.trigger()
    assert editor.canvas.crop() == (20, 30, 200, 150)


def test_select_move_resize_delete_with_undo_redo(editor, qtbot):
    c = editor.canvas
    editor.select_tool("rect")
    _drag(qtbot, c, (50, 50), (150, 100))
    editor.select_tool("select")
    # Move: press on the rectangle's left edge and drag by (+30, +20).
    _drag(qtbot, c, (50, 75), (65, 85), (80, 95))
    assert c.items_data() == [MarkupItem("rect", ((80, 70), (180, 120)))]
    # Resize: the item is selected; drag its second corner handle.
    assert [i.isSelected() for i in c.graphics_items()] == [True]
    _drag(qtbot, c, (180, 120), (200, 160))
    assert c.items_data() == [MarkupItem("rect", ((80, 70), (200, 160)))]
    # Delete with the key, then walk the history back and forth.
    qtbot.keyClick(c, Qt.Key.Key_Delete)
    assert c.items_data() == []
    stack = c.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == ["Add Rectangle", "Move", "Resize", "Delete 1 item(s)"]
    editor.undo_action.trigger()
    assert c.items_data() == [MarkupItem("rect", ((80, 70), (200, 160)))]
    editor.undo_action.trigger()
    editor.undo_action.trigger()
    assert c.items_data() == [MarkupItem("rect", ((50, 50), (150, 100)))]
    editor.undo_action.trigger()
    assert c.items_data() == []
    for _ in range(4):
        editor.redo_action.trigger()
    assert c.items_data() == []
    editor.undo_action.trigger()
    assert c.items_data() == [MarkupItem("rect", ((80, 70), (200, 160)))]


def test_colour_and_width_apply_to_new_and_selected_items(editor, qtbot):
    c = editor.canvas
    editor.select_tool("line")
    _drag(qtbot, c, (10, 10), (100, 10))
    editor.select_tool("select")
    _click(qtbot, c, 50, 10)
    swatch = next(a for a in editor.options_bar.actions() if a.data() == "#1e88e5")
    swatch.trigger()
    editor.width_box.setValue(9)
    assert c.items_data() == [MarkupItem("line", ((10, 10), (100, 10)), color="#1e88e5", width=9)]
    editor.undo_action.trigger()
    assert c.items_data()[0].width == 4
    editor.select_tool("ellipse")
    _drag(qtbot, c, (10, 50), (60, 90))
    assert c.items_data()[-1] == MarkupItem("ellipse", ((10, 50), (60, 90)), color="#1e88e5", width=4)


def test_every_tool_has_a_keyboard_shortcut(editor, qtbot):
    editor.activateWindow()
    qtbot.waitActive(editor)
    editor.canvas.setFocus()
    letters = [t.shortcut for t in TOOLS]
    assert len(set(letters)) == len(TOOLS)
    for spec in TOOLS:
        qtbot.keyClick(editor.canvas, spec.shortcut.lower())
        assert editor.canvas.tool == spec.name
        assert editor.tool_actions[spec.name].isChecked()


def test_zoom_maps_view_pixels_to_image_pixels(editor, qtbot):
    c = editor.canvas
    c.set_zoom(2.0)
    c.horizontalScrollBar().setValue(0)
    c.verticalScrollBar().setValue(0)
    editor.select_tool("rect")
    vp = c.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.mouseMove(vp, pos=QPoint(100, 60))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(100, 60))
    assert c.items_data() == [MarkupItem("rect", ((10, 10), (50, 30)))]
    c.zoom_by(100)
    assert c.zoom == 32.0  # clamped
    c.fit()
    assert c.zoom == 1.0  # the 400x300 image fits at 100%


def test_pan_with_the_middle_button(editor, qtbot):
    c = editor.canvas
    c.set_zoom(4.0)
    h = c.horizontalScrollBar()
    h.setValue(200)
    _drag(qtbot, c, (60, 60), (40, 60), button=Qt.MouseButton.MiddleButton)  # scene coords at 4x: 80 view px
    assert h.value() == 280
    assert c.items_data() == []


def _secret_image(path) -> tuple[QImage, set[tuple[int, int, int]]]:
    img = _white(200, 120)
    rng = random.Random(3)
    secret = set()
    for y in range(40, 80):
        for x in range(60, 140):
            col = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            secret.add(col)
            img.setPixelColor(x, y, QColor(*col))
    secret.discard((255, 255, 255))
    assert img.save(str(path))
    return img, secret


def test_edit_exports_a_flattened_png_with_the_redaction_burnt_in_and_reopens(qtbot, tmp_path, monkeypatch):
    src = tmp_path / "shot.png"
    _, secret = _secret_image(src)

    def fake_exec(dlg):
        qtbot.addWidget(dlg)
        dlg.canvas.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        dlg.show()
        dlg.canvas.set_zoom(1.0)
        dlg.select_tool("pixelate")
        _drag(qtbot, dlg.canvas, (60, 40), (140, 80))
        dlg.select_tool("arrow")
        _drag(qtbot, dlg.canvas, (10, 10), (50, 30))
        return MarkupEditor.DialogCode.Accepted

    monkeypatch.setattr(MarkupEditor, "exec", fake_exec)
    result = MarkupEditor.edit(None, src, None)
    assert isinstance(result, EditResult)
    assert result.path == tmp_path / "shot-marked.png"
    assert result.markup == Markup(
        200, 120, (MarkupItem("pixelate", ((60, 40), (140, 80))), MarkupItem("arrow", ((10, 10), (50, 30))))
    ).to_dict()
    out = QImage(str(result.path))
    colours = {(out.pixelColor(x, y).red(), out.pixelColor(x, y).green(), out.pixelColor(x, y).blue()) for y in range(120) for x in range(200)}
    assert not (colours & secret)
    assert QImage(str(src)).pixelColor(60, 40) != QColor("white")  # the original is untouched

    # Reopen with the stored mark-up: the same items come back, still editable.
    reopened = MarkupEditor(QImage(str(src)), Markup.from_dict(result.markup))
    qtbot.addWidget(reopened)
    assert reopened.canvas.to_markup().to_dict() == result.markup


def test_cancel_returns_none(qtbot, tmp_path, monkeypatch):
    src = tmp_path / "s.png"
    _white().save(str(src))
    monkeypatch.setattr(MarkupEditor, "exec", lambda dlg: (qtbot.addWidget(dlg), MarkupEditor.DialogCode.Rejected)[1])
    assert MarkupEditor.edit(None, src, None) is None
    assert not (tmp_path / "s-marked.png").exists()


def test_cancel_with_edits_asks_before_discarding(editor, qtbot, monkeypatch):
    asked: list[bool] = []
    answer = [False]
    monkeypatch.setattr(MarkupEditor, "confirm_discard", classmethod(lambda cls, parent: (asked.append(True), answer[0])[1]))
    editor.reject()  # nothing drawn yet: closes without asking
    assert asked == [] and editor.result() == MarkupEditor.DialogCode.Rejected
    editor.show()
    editor.select_tool("line")
    _drag(qtbot, editor.canvas, (10, 10), (60, 10))
    editor.reject()
    assert asked == [True] and editor.isVisible()  # kept open
    answer[0] = True
    editor.reject()
    assert asked == [True, True] and not editor.isVisible()


def test_what_the_canvas_shows_is_what_is_exported(qtbot):
    """The editor paints with the export renderer: the scene at 1:1 equals the flattened image, pixel for pixel."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    from bugzot_desktop.tasks.flatten import flatten

    rng = random.Random(5)
    base = _white()
    for _ in range(400):
        base.setPixelColor(rng.randrange(400), rng.randrange(300), QColor(rng.randrange(256), 0, 0))
    dlg = MarkupEditor(base)
    qtbot.addWidget(dlg)
    dlg.show()
    c = dlg.canvas
    c.set_zoom(1.0)
    c.ask_text = lambda parent, current: "Look"
    for tool, pts in [
        ("pixelate", [(20, 20), (120, 80)]),
        ("blur", [(200, 150), (300, 250)]),
        ("arrow", [(10, 200), (150, 120)]),
        ("ellipse", [(250, 20), (380, 90)]),
        ("highlighter", [(20, 280), (200, 280), (380, 270)]),
    ]:
        dlg.select_tool(tool)
        _drag(qtbot, c, *pts)
    dlg.select_tool("step")
    _click(qtbot, c, 330, 200)
    dlg.select_tool("text")
    _click(qtbot, c, 150, 30)
    dlg.select_tool("select")
    shown = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    shown.fill(0)
    p = QPainter(shown)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    c.scene().render(p, QRectF(0, 0, 400, 300), QRectF(0, 0, 400, 300))
    p.end()
    exported = flatten(base, c.to_markup()).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    assert len(c.items_data()) == 7
    assert shown == exported


def test_arrow_keys_nudge_the_selection(editor, qtbot):
    c = editor.canvas
    editor.select_tool("rect")
    _drag(qtbot, c, (50, 50), (150, 100))
    editor.select_tool("select")
    _click(qtbot, c, 50, 75)
    qtbot.keyClick(c, Qt.Key.Key_Right)
    qtbot.keyClick(c, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert c.items_data() == [MarkupItem("rect", ((51, 40), (151, 90)))]
    editor.undo_action.trigger()
    assert c.items_data() == [MarkupItem("rect", ((51, 50), (151, 100)))]


def test_ctrl_wheel_zooms(editor, qtbot):
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    c = editor.canvas

    def wheel(delta: int, mods) -> None:
        ev = QWheelEvent(P(50, 50), P(c.viewport().mapToGlobal(QPoint(50, 50))), QPoint(0, 0), QPoint(0, delta),
                         Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(c.viewport(), ev)

    wheel(120, Qt.KeyboardModifier.ControlModifier)
    assert c.zoom == 1.25
    wheel(-120, Qt.KeyboardModifier.ControlModifier)
    assert c.zoom == 1.0
    wheel(-120, Qt.KeyboardModifier.NoModifier)  # a plain wheel scrolls, it does not zoom
    assert c.zoom == 1.0


@pytest.mark.parametrize(("size", "zoom"), [((640, 400), 1.0), ((2560, 1600), None)])
def test_the_editor_opens_fitted_to_its_window(qtbot, size, zoom):
    dlg = MarkupEditor(_white(*size))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    vp = dlg.canvas.viewport()
    if zoom is not None:
        assert dlg.canvas.zoom == zoom  # small enough: actual size, never enlarged
    else:  # large: the whole image in view, filling one side of the viewport
        assert dlg.canvas.zoom == pytest.approx(min((vp.width() - 4) / size[0], (vp.height() - 4) / size[1]))
        assert dlg.canvas.zoom > 0.2  # not the ~5% of an unshown viewport
    assert f"zoom {round(dlg.canvas.zoom * 100)}%" in dlg.status.text()


def test_undo_and_redo_keep_their_labels_and_say_what_they_do_in_the_tooltip(editor, qtbot):
    editor.select_tool("rect")
    _drag(qtbot, editor.canvas, (10, 10), (60, 40))
    assert (editor.undo_action.text(), editor.redo_action.text()) == ("Undo", "Redo")
    assert editor.undo_action.isEnabled() and not editor.redo_action.isEnabled()
    assert editor.undo_action.toolTip() == f"Undo {editor.canvas.undo_stack.undoText()} (Ctrl+Z)"
    editor.undo_action.trigger()
    assert (editor.undo_action.text(), editor.redo_action.text()) == ("Undo", "Redo")
    assert not editor.undo_action.isEnabled() and editor.redo_action.isEnabled()
    assert editor.redo_action.toolTip().startswith("Redo ") and editor.undo_action.toolTip() == "Undo (Ctrl+Z)"


def test_the_editor_is_never_larger_than_its_screen(qtbot):
    """720 high on every screen: Done and Cancel were below a 720-pixel one, and off it with display scaling."""
    dlg = MarkupEditor(_white(2560, 1600))
    qtbot.addWidget(dlg)
    room = dlg.screen().availableGeometry().size()
    assert dlg.width() <= room.width() and dlg.height() <= room.height()
