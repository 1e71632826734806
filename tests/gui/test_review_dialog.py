"""ReviewDialog: every item listed with its size, ticks and masks reach the returned report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog

from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.gui.review_dialog import FLAG_COL, NAME_COL, SIZE_COL, ReviewDialog, human_size

HOME = "/home/alice"
# The real classmethod, whatever a conftest patches in for tests that do not care about the review.
REAL_REVIEW = ReviewDialog.__dict__["review"]


@pytest.fixture
def report(tmp_path):
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 2040)  # image bytes (not text), 2048 in all
    other = tmp_path / "other.png"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + b"yy")  # image bytes, not text
    return Report(
        title="Save fails",
        description="Token: Bearer abcdefghijklmnop1234 in /home/alice/log.txt",
        severity="minor",
        environment={"app": "BugZot", "hostname": "10.0.0.7"},
        attachments=[Attachment(shot), Attachment(other)],
    )


@pytest.fixture
def dialog(qtbot, report):
    dlg = ReviewDialog(report, home=HOME)
    qtbot.addWidget(dlg)
    return dlg


def test_lists_every_item_with_sizes_and_flags(dialog):
    assert dialog.item("file:0").text(NAME_COL) == "shot.png"
    assert dialog.item("file:0").text(SIZE_COL) == "2.0 kB"
    assert dialog.item("environment:hostname").text(NAME_COL) == "hostname: 10.0.0.7"  # an unknown key as sent
    assert dialog.item("environment:app").text(NAME_COL) == "Application: BugZot"  # QA: raw keys read like code
    assert dialog.item("environment:app").toolTip(NAME_COL) == "Sent as “app”."
    assert dialog.item("environment:hostname").text(FLAG_COL) == "1× IP address"
    assert dialog.item("field:description").text(FLAG_COL) == "1× token or key, 1× home folder"
    assert dialog.item("field:title").text(FLAG_COL) == ""
    assert dialog.summary.text() == "Items to send: 11 (2.1 kB before images are compressed) — possibly private: 2"


def test_required_fields_cannot_be_unticked(dialog):
    flags = dialog.item("field:title").flags()
    assert not flags & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.item("field:title").checkState(NAME_COL) == Qt.CheckState.Checked
    assert dialog.item("field:steps").flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_unticking_removes_items_from_the_returned_report(dialog, report):
    dialog.set_item_checked("environment:hostname", False)
    dialog.set_item_checked("file:1", False)
    out = dialog.reviewed_report()
    assert out.environment == {"app": "BugZot"}
    assert [a.filename for a in out.attachments] == ["shot.png"]
    assert out.client_id == report.client_id
    assert dialog.summary.text() == "Items to send: 9 (2.1 kB before images are compressed) — possibly private: 1"


def test_mask_button_masks_the_current_item(dialog):
    dialog.tree.setCurrentItem(dialog.item("field:description"))
    assert dialog.detail.toPlainText() == "Token: Bearer abcdefghijklmnop1234 in /home/alice/log.txt"
    assert [s.cursor.selectedText() for s in dialog.detail.extraSelections()] == ["abcdefghijklmnop1234", "/home/alice"]
    assert dialog.mask_button.isEnabled()
    dialog.mask_button.click()
    assert dialog.detail.toPlainText() == "Token: Bearer [token] in ~/log.txt"
    assert dialog.detail.extraSelections() == []
    assert not dialog.mask_button.isEnabled()
    assert dialog.item("field:description").text(FLAG_COL) == ""
    assert dialog.reviewed_report().description == "Token: Bearer [token] in ~/log.txt"


def test_mask_all_in_one_click(dialog):
    dialog.mask_all_button.click()
    out = dialog.reviewed_report()
    assert out.environment["hostname"] == "[ip]"
    assert out.description == "Token: Bearer [token] in ~/log.txt"
    assert dialog.flagged_keys() == []
    assert not dialog.mask_all_button.isEnabled()


def test_review_returns_the_reviewed_report_or_none(qtbot, report, monkeypatch):
    monkeypatch.setattr(ReviewDialog, "review", REAL_REVIEW)
    def accept_without_ip(self):
        self.set_item_checked("environment:hostname", False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReviewDialog, "exec", accept_without_ip)
    out = ReviewDialog.review(None, report, home=HOME)
    assert out is not None and out.environment == {"app": "BugZot"}

    monkeypatch.setattr(ReviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert ReviewDialog.review(None, report, home=HOME) is None


def test_human_size():
    sizes = (0, 1023, 1024, 1536, 5 * 1024 * 1024)
    assert [human_size(n, QLocale("en_US")) for n in sizes] == ["0 bytes", "1,023 bytes", "1.0 kB", "1.5 kB", "5.0 MB"]
    assert [human_size(n, QLocale("de_DE")) for n in sizes] == ["0 Bytes", "1.023 Bytes", "1,0 kB", "1,5 kB", "5,0 MB"]



def test_text_drawn_on_an_image_is_flagged_but_not_maskable(qtbot, tmp_path):
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"xx")  # image bytes, not text
    markup = {"width": 10, "height": 10, "items": [{"kind": "text", "text": "call bob@example.org"}, {"kind": "arrow"}]}
    dlg = ReviewDialog(Report(title="t", attachments=[Attachment(shot, markup=markup)]), home=HOME)
    qtbot.addWidget(dlg)
    assert dlg.item("file:0").text(FLAG_COL) == "1× e-mail"
    dlg.tree.setCurrentItem(dlg.item("file:0"))
    assert dlg.detail.toPlainText().endswith("Text drawn on this image (edit the mark-up to change it):\ncall bob@example.org")
    assert [s.cursor.selectedText() for s in dlg.detail.extraSelections()] == ["bob@example.org"]
    assert not dlg.mask_button.isEnabled() and not dlg.mask_all_button.isEnabled()
    assert dlg.summary.text().endswith("possibly private: 1")


def _secrets_log(tmp_path):
    log = tmp_path / "secrets.log"
    log.write_text("user=jane.doe@example.com\napi_key=ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123\nhost 192.168.1.44\n",
                   encoding="utf-8")
    return log


def test_a_text_attachment_is_shown_flagged_and_masked_in_a_copy(qtbot, tmp_path):
    log = _secrets_log(tmp_path)
    original = log.read_bytes()
    work = tmp_path / "work"
    dlg = ReviewDialog(Report(title="t", attachments=[Attachment(log)]), home=HOME, work_dir=work)
    qtbot.addWidget(dlg)
    assert dlg.item("file:0").text(FLAG_COL) == "1× e-mail, 1× token or key, 1× IP address"
    dlg.tree.setCurrentItem(dlg.item("file:0"))
    assert dlg.detail.toPlainText().startswith("secrets.log — a text file, sent as shown below (")
    assert dlg.detail.toPlainText().endswith(log.read_text(encoding="utf-8"))
    assert sorted(s.cursor.selectedText() for s in dlg.detail.extraSelections()) == [
        "192.168.1.44", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123", "jane.doe@example.com"]
    assert dlg.mask_button.isEnabled() and dlg.mask_all_button.isEnabled()
    dlg.mask_button.click()
    assert dlg.item("file:0").text(FLAG_COL) == ""
    assert "(masked: a copy is sent, your file is unchanged)" in dlg.detail.toPlainText()
    sent = dlg.reviewed_report().attachments[0]
    assert sent.filename == "secrets.log" and sent.path.parent == work
    text = sent.path.read_text(encoding="utf-8")
    assert "jane.doe@example.com" not in text and "ghp_" not in text and "192.168.1.44" not in text
    assert log.read_bytes() == original  # the user's file is untouched
    assert dlg.item("file:0").text(SIZE_COL) == human_size(len(text.encode("utf-8")))


def test_without_a_work_dir_a_text_attachment_is_flagged_but_not_maskable(qtbot, tmp_path):
    dlg = ReviewDialog(Report(title="t", attachments=[Attachment(_secrets_log(tmp_path))]), home=HOME)
    qtbot.addWidget(dlg)
    dlg.tree.setCurrentItem(dlg.item("file:0"))
    assert dlg.item("file:0").text(FLAG_COL) != ""
    assert not dlg.mask_button.isEnabled() and not dlg.mask_all_button.isEnabled()


def test_an_image_item_shows_the_picture_that_will_be_sent(qtbot, tmp_path):
    """The text says "what leaves is this picture": it is shown, decoded off the GUI thread (newcomer4 #4)."""
    from PySide6.QtGui import QColor, QImage

    from bugzot_desktop.tasks.runner import TaskRunner

    shot = tmp_path / "marked.png"
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 30, 30))
    assert image.save(str(shot))
    runner = TaskRunner(max_threads=1)
    try:
        dlg = ReviewDialog(Report(title="t", attachments=[Attachment(shot)]), runner=runner)
        qtbot.addWidget(dlg)
        assert dlg.picture.isHidden()  # the title row: no picture
        dlg.tree.setCurrentItem(dlg.item("file:0"))
        assert not dlg.picture.isHidden()
        qtbot.waitUntil(lambda: not dlg.picture.pixmap().isNull(), timeout=10_000)
        shown = dlg.picture.pixmap().toImage()
        assert (shown.width(), shown.height()) == (240, 120)  # decoded at the picture's size
        assert shown.pixelColor(120, 60).getRgb()[:3] == (200, 30, 30)
        dlg.tree.setCurrentItem(dlg.item("field:title"))
        assert dlg.picture.isHidden()
        dlg.tree.setCurrentItem(dlg.item("file:0"))  # loaded once: shown at once the second time
        assert not dlg.picture.isHidden() and not dlg.picture.pixmap().isNull()
    finally:
        runner.shutdown(5_000)


def test_without_a_runner_there_is_no_picture_and_no_wait(dialog):
    dialog.tree.setCurrentItem(dialog.item("file:0"))
    assert dialog.picture.isHidden()


def test_send_asks_once_more_while_a_secret_is_left_unmasked(qtbot, dialog, monkeypatch):
    # `bugzot report` refuses a token outright; the app let it go on one key press.
    asked: list[list[str]] = []
    answer = [False]
    monkeypatch.setattr(ReviewDialog, "confirm_secrets",
                        classmethod(lambda cls, parent, names: asked.append(names) or answer[0]))
    dialog.show()
    dialog.send_button.click()
    assert asked == [["Description"]] and dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    answer[0] = True
    dialog.send_button.click()
    assert len(asked) == 2 and dialog.result() == QDialog.DialogCode.Accepted


def test_a_masked_or_unticked_secret_or_mere_personal_data_sends_without_asking(qtbot, report, monkeypatch):
    asked: list[list[str]] = []
    monkeypatch.setattr(ReviewDialog, "confirm_secrets", classmethod(lambda cls, parent, names: asked.append(names)))
    for settle in ("mask", "untick"):
        dlg = ReviewDialog(report, home=HOME)
        qtbot.addWidget(dlg)
        dlg.show()
        if settle == "mask":
            dlg.mask_item("field:description")
        else:
            dlg.set_item_checked("field:description", False)
        assert dlg.flagged_keys() and dlg.secret_items() == []  # the IP in the environment is still flagged
        dlg.send_button.click()
        assert dlg.result() == QDialog.DialogCode.Accepted
    assert asked == []


def test_return_sends_and_never_masks(qtbot, report, monkeypatch):
    """Send was made the default before it was inside the dialog, so Mask (the first button) was: Return
    did nothing, or masked the current item (QA, keyboard only)."""
    asked: list[list[str]] = []
    monkeypatch.setattr(ReviewDialog, "confirm_secrets", classmethod(lambda cls, parent, names: asked.append(names) or True))
    for r in (Report(title="t"), report):  # nothing flagged; a token in the description
        dlg = ReviewDialog(r, home=HOME)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        assert dlg.send_button.isDefault() and not dlg.mask_button.isDefault()
        dlg.tree.setFocus()
        before = dlg.detail.toPlainText()
        qtbot.keyClick(dlg.tree, Qt.Key.Key_Return)
        assert dlg.result() == QDialog.DialogCode.Accepted
        assert dlg.detail.toPlainText() == before  # nothing masked
    assert asked == [["Description"]]  # the token: asked once more, as Send does


def test_the_dialog_is_never_larger_than_its_screen(qtbot, report):
    dlg = ReviewDialog(report, home=HOME)
    qtbot.addWidget(dlg)
    room = dlg.screen().availableGeometry().size()
    assert dlg.width() <= room.width() and dlg.height() <= room.height()


def test_a_file_name_with_a_bidi_override_is_shown_escaped(qtbot, tmp_path):
    """U+202E made notes\u202egnp.txt read "notestxt.png", and reversed the sentence after it (QA)."""
    odd = tmp_path / "notes\u202egnp.txt"
    odd.write_text("hello\n", encoding="utf-8")
    dlg = ReviewDialog(Report(title="t", attachments=[Attachment(odd)]), home=HOME, work_dir=tmp_path / "w")
    qtbot.addWidget(dlg)
    assert dlg.item("file:0").text(NAME_COL) == "notes\\u202egnp.txt"
    dlg.tree.setCurrentItem(dlg.item("file:0"))
    header = dlg.detail.toPlainText().splitlines()[0]
    assert header.startswith("notes\\u202egnp.txt — a text file") and "\u202e" not in dlg.detail.toPlainText()


def test_the_log_excerpt_is_named_too(qtbot, report):
    """QA: with a log file set, its row read 'log_tail: …' among named items."""
    report.environment["log_tail"] = "12:00 ERROR boom"
    dlg = ReviewDialog(report, home=HOME)
    qtbot.addWidget(dlg)
    assert dlg.item("environment:log_tail").text(NAME_COL) == "Log excerpt: 12:00 ERROR boom"
    assert dlg.item("environment:log_tail").toolTip(NAME_COL) == "Sent as “log_tail”."
