"""The status line: long messages never widen the window; it shows the latest message, not a pile of old ones."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from bugzot_desktop.gui.review_dialog import ReviewDialog
from tests.gui.conftest import make_png


def test_a_2000_character_message_does_not_widen_the_window(qtbot, parts):
    w = parts.window
    w.layout().activate()
    width = w.width()  # 820, or less on a small screen (the offscreen one is 800 wide)
    assert width == min(820, w.screen().availableGeometry().width() - 40)
    text = "The server refused the token (401). " + "x" * 1964
    assert len(text) == 2000
    parts.presenter.say(text)
    w.layout().activate()
    QApplication.processEvents()  # let any posted layout request run, as the event loop would
    assert w.width() == width
    assert w.minimumSizeHint().width() < width
    assert w.status_line.message_label.toolTip() == text  # the whole text is one hover away
    assert w.status_text() == text


def test_tooltip_is_the_plain_text_of_a_link_message(qtbot, parts):
    parts.presenter._on_flusher_report_sent("id", "http://h/reports/7?a=1&b=2")
    assert parts.window.status_line.message_label.toolTip() == "Report sent: http://h/reports/7?a=1&b=2"


def _wait_idle(qtbot, parts, n: int) -> None:
    def check():
        assert len(parts.composer.attachments) == n
        assert not parts.composer.busy

    qtbot.waitUntil(check, timeout=10_000)


def test_a_refusal_is_replaced_by_the_next_attachment_not_appended_to(qtbot, parts, tmp_path):
    fake = tmp_path / "nb_fake.png"
    fake.write_bytes(b"<html><body>not an image</body></html>")
    parts.composer.add_files([fake])
    _wait_idle(qtbot, parts, 0)
    refused = parts.window.status_text()
    assert refused.startswith("File nb_fake.png ")
    assert refused.endswith(" Everything else in the report is unchanged.")
    parts.composer.add_files([make_png(tmp_path / "nb_cap.png")])
    _wait_idle(qtbot, parts, 1)
    assert parts.window.status_text() == "Attached nb_cap.png."


def test_a_refusal_in_the_same_pick_stays_alone_on_the_line(qtbot, parts, tmp_path):
    fake = tmp_path / "nb_fake.png"
    fake.write_bytes(b"<html><body>not an image</body></html>")
    parts.composer.add_files([fake, make_png(tmp_path / "good.png")])
    _wait_idle(qtbot, parts, 1)
    text = parts.window.status_text()
    assert text.startswith("File nb_fake.png ")
    assert text.endswith(" Everything else in the report is unchanged.")
    assert "Attached" not in text


def test_cancelled_review_line_is_gone_when_submit_starts_again(qtbot, parts, monkeypatch):
    seen: list[str] = []

    def review(cls, parent, report, **kw):
        seen.append(parts.window.status_text())  # what the status bar says while the review is open
        return None

    monkeypatch.setattr(ReviewDialog, "review", classmethod(review))
    parts.window.form.ui.titleEdit.setText("Twice")
    parts.window.submit_button.click()
    assert parts.window.status_text() == "Not sent: the review was cancelled. Everything is still in the form."
    parts.window.submit_button.click()
    assert seen[1] == ""
    assert parts.window.status_text() == "Not sent: the review was cancelled. Everything is still in the form."


def test_several_refusals_in_one_pick_are_named_on_one_line_with_every_reason_behind_details(
    qtbot, parts, tmp_path, monkeypatch
):
    from bugzot_desktop.gui import status

    html_png = tmp_path / "page.png"
    html_png.write_bytes(b"<html><body>not an image</body></html>")
    empty = tmp_path / "zero.png"
    empty.write_bytes(b"")
    zipped = tmp_path / "logs.png"
    zipped.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    parts.composer.add_files([html_png, make_png(tmp_path / "good.png"), empty, zipped])
    _wait_idle(qtbot, parts, 1)
    w = parts.window
    assert w.status_text() == ("3 files were not attached (page.png, zero.png, logs.png). Everything else in the "
                               "report is unchanged. Details…")
    reasons = parts.presenter.details.splitlines()
    assert [r.split(" ", 2)[1] for r in reasons] == ["page.png", "zero.png", "logs.png"]
    assert reasons[1] == "File zero.png is empty (0 bytes); capture or export the image again."
    tip = w.status_line.message_label.toolTip()
    assert tip.startswith("3 files were not attached") and tip.endswith(parts.presenter.details)
    shown = []
    monkeypatch.setattr(status.ProblemDetails, "show", classmethod(lambda cls, parent, text, **_kw: shown.append(text)))
    w.status_line.message_label.linkActivated.emit(status.DETAILS_LINK)
    assert shown == [parts.presenter.details]


def test_a_report_link_on_the_line_opens_in_the_browser(qtbot, parts, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    parts.presenter._on_flusher_report_sent("id", "http://h/reports/7")
    parts.window.status_line.message_label.linkActivated.emit("http://h/reports/7")
    assert opened == ["http://h/reports/7"]


def test_a_line_too_long_for_the_bar_ends_in_an_ellipsis_and_more_opens_the_whole_of_it(qtbot, parts, monkeypatch):
    from bugzot_desktop.gui import status

    w = parts.window
    w.show()
    qtbot.waitExposed(w)
    text = ("Not sent yet: The server at http://127.0.0.1:8604 could not be reached (connection refused); the report "
            "stays in the outbox and will be sent when it is reachable. Nothing else was changed.")
    parts.presenter.say(text)
    shown = w.status_line.message_label.text()
    assert shown.endswith(f'… <a href="{status.FULL_LINK}">More…</a>')
    fm = w.status_line.message_label.fontMetrics()
    assert fm.horizontalAdvance(shown.split(" <a ")[0]) <= w.status_line.message_label.width()
    assert w.status_text() == text  # the whole line is still the line
    opened = []
    monkeypatch.setattr(status.ProblemDetails, "show", classmethod(lambda cls, parent, t, whole_line=False: opened.append((t, whole_line))))
    w.status_line.message_label.linkActivated.emit(status.FULL_LINK)
    assert opened == [(text, True)]
    parts.presenter.say("Short line.")
    assert w.status_line.message_label.text() == "Short line."  # a line that fits is shown as it is


def test_the_same_file_is_not_attached_twice(qtbot, parts, tmp_path):
    png = make_png(tmp_path / "once.png")
    parts.composer.add_files([png])
    _wait_idle(qtbot, parts, 1)
    parts.composer.add_files([png, tmp_path / "." / "once.png"])
    _wait_idle(qtbot, parts, 1)
    assert parts.window.status_text() == "Already attached, so not added again: once.png, once.png."


def test_the_same_file_dropped_again_while_it_is_still_being_checked_is_not_attached_twice(qtbot, parts, tmp_path):
    """Two drops in a row: the first check has not finished when the second arrives (newcomer #21)."""
    png = make_png(tmp_path / "twice.png")
    parts.composer.add_files([png])
    parts.composer.add_files([png])  # no wait: the first is still pending
    _wait_idle(qtbot, parts, 1)
    assert [a.filename for a in parts.composer.attachments] == ["twice.png"]
    assert parts.window.status_text() == "Already attached, so not added again: twice.png."
    parts.composer.remove([0])
    parts.composer.add_files([png])  # removed: it may come back
    _wait_idle(qtbot, parts, 1)
    assert [a.filename for a in parts.composer.attachments] == ["twice.png"]


def test_send_progress_shows_the_percent_without_a_synchronous_repaint(qtbot, parts):
    """QProgressBar.setValue repaints at once; on X11 that waited for the X server (20-35 ms GUI stalls under
    Xvfb in bench/ui_stall.py). The value is recorded with updates off and painted with the next frame."""
    from PySide6.QtCore import QEvent, QObject

    w = parts.window
    w.show()
    qtbot.waitExposed(w)
    bar = w.status_line.progress
    parts.presenter._on_flusher_progress("id", 10, 100)  # first show: laid out and painted normally
    qtbot.waitUntil(lambda: bar.isVisible() and bar.value() == 10)

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    paints = Paints()
    bar.installEventFilter(paints)
    try:
        parts.presenter._on_flusher_progress("id", 55, 100)
        assert (bar.value(), bar.updatesEnabled(), Paints.count) == (55, True, 0)  # nothing painted inside the call
        qtbot.waitUntil(lambda: Paints.count >= 1)  # ... but with the next frame
    finally:
        bar.removeEventFilter(paints)
    parts.presenter._on_flusher_online_changed(False)
    assert not bar.isVisibleTo(w)


def test_the_links_on_the_status_line_are_reached_and_opened_from_the_keyboard(qtbot, parts, monkeypatch):
    """QA, keyboard only: Details…, More…, a report's address and the waiting count were for the mouse only."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtTest import QTest

    w = parts.window
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    clicked = []
    w.status_line.count_clicked.connect(lambda: clicked.append(True))
    parts.presenter._on_flusher_report_sent("id", "http://h/reports/7")
    w.status_line._on_presenter_count_changed("2 waiting")

    line = w.status_line
    w.submit_button.setFocus()
    QTest.keyClick(w.submit_button, Qt.Key.Key_Tab)  # one Tab: the line's link is chosen at once
    assert QApplication.focusWidget() is line.message_label and line.message_label.selectedText() == "http://h/reports/7"
    QTest.keyClick(line.message_label, Qt.Key.Key_Return)
    assert opened == ["http://h/reports/7"]
    QTest.keyClick(line.message_label, Qt.Key.Key_Tab)  # and the next Tab the count's
    assert QApplication.focusWidget() is line.count_label and line.count_label.hasSelectedText()
    QTest.keyClick(line.count_label, Qt.Key.Key_Return)
    assert clicked == [True]
    QTest.keyClick(line.count_label, Qt.Key.Key_Backtab)  # Shift+Tab goes back, onto the line's link
    assert QApplication.focusWidget() is line.message_label and line.message_label.hasSelectedText()
    QTest.keyClick(line.message_label, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is w.submit_button
    parts.presenter.say("Ready.")  # no link: not a stop at all (two invisible stops before)
    line._on_presenter_count_changed("")
    QTest.keyClick(w.submit_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in (line.message_label, line.count_label)


def test_the_empty_attachment_list_shows_when_it_has_the_focus(qtbot, parts):
    """QA, keyboard only: Tab into the empty list showed nothing at all (no item to carry the focus)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    w = parts.window
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    lst = w.attachments
    w.submit_button.setFocus()
    qtbot.waitUntil(lambda: not lst.hasFocus())
    before = lst.viewport().grab().toImage()
    lst.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lst.hasFocus)
    after = lst.viewport().grab().toImage()
    highlight = lst.palette().highlight().color()
    # the frame along the top edge, three pixels in, is drawn in the highlight colour
    row = [QColor(after.pixel(x, 3)) for x in range(10, after.width() - 10)]
    assert sum(c == highlight for c in row) > len(row) // 3
    assert [QColor(before.pixel(x, 3)) for x in range(10, before.width() - 10)].count(highlight) == 0
