"""Send original: per attachment, the file goes as it is (not compressed); it stays local until sent."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bugzot_desktop.core import delivery
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.core.wire import sha256_file
from bugzot_desktop.gui import main_window as mw
from tests.gui.conftest import make_png


def _attach(qtbot, parts, monkeypatch, files):
    monkeypatch.setattr(mw.FilePicker, "ask", classmethod(lambda cls, parent: [str(f) for f in files]))
    parts.window.attach_button.click()
    qtbot.waitUntil(lambda: len(parts.composer.attachments) == len(files) and not parts.composer.busy, timeout=10_000)


def test_send_original_is_chosen_per_attachment_shown_and_sent_unchanged(qtbot, parts, tmp_path, monkeypatch, data_dir):
    big = make_png(tmp_path / "big.png", (10, 120, 200), (2600, 1400))  # would be downscaled to 1920
    small = make_png(tmp_path / "small.png", (0, 200, 0), (40, 20))
    _attach(qtbot, parts, monkeypatch, [big, small])
    w = parts.window
    assert not w.original_action.isEnabled()  # nothing selected yet
    w.attachments.item(0).setSelected(True)
    assert w.original_action.isEnabled() and not w.original_action.isChecked()

    w.original_action.trigger()  # Ctrl+Shift+U
    assert [a.send_original for a in parts.composer.attachments] == [True, False]
    assert w.attachments.item(0).text() == "Original: big.png"
    assert w.attachments.item(0).data(Qt.ItemDataRole.UserRole) is True
    assert "Sent as the original file, not compressed" in w.attachments.item(0).toolTip()
    assert w.attachments.item(1).text() == "small.png"
    assert w.original_action.isChecked()
    assert w.presenter.message.startswith("big.png will be sent as the original file, not compressed")

    w.form.ui.titleEdit.setText("Original please")
    with qtbot.waitSignal(parts.composer.submitted, timeout=10_000) as sent:
        w.submit_button.click()
    outbox = Outbox(data_dir)
    entry = outbox.get(sent.args[0])
    assert [a.send_original for a in entry.attachments] == [True, False]
    assert sha256_file(entry.attachments[0].path) == sha256_file(big)  # the outbox holds the original until sent
    first, second = delivery.prepare(outbox, entry.client_id, Settings())
    assert (first.path, first.sha256, first.content_type) == (entry.attachments[0].path, sha256_file(big)[0], "image/png")
    assert first.note == "Sent as the original file."
    assert second.path != entry.attachments[1].path  # the other one is compressed as usual


def test_send_original_toggles_back_and_survives_the_draft(qtbot, parts, build_app, tmp_path, monkeypatch, data_dir):
    shot = make_png(tmp_path / "shot.png", (200, 0, 0), (64, 32))
    _attach(qtbot, parts, monkeypatch, [shot])
    w = parts.window
    w.form.ui.titleEdit.setText("Draft with an original")
    w.attachments.item(0).setSelected(True)
    w.original_action.trigger()
    w.original_action.trigger()  # and back: compressed again
    assert parts.composer.attachments[0].send_original is False
    assert w.attachments.item(0).text() == "shot.png"
    assert w.presenter.message == "shot.png will be compressed before it is sent."
    w.original_action.trigger()
    qtbot.waitUntil(lambda: parts.drafts.load() is not None
                    and [a.send_original for a in parts.drafts.load()[0].attachments] == [True], timeout=10_000)


def test_several_at_once_and_the_review_says_which_go_as_originals(qtbot, parts, tmp_path, monkeypatch):
    from bugzot_desktop.core.report import Report
    from bugzot_desktop.gui.review_dialog import ReviewDialog

    a = make_png(tmp_path / "a.png", (200, 0, 0), (40, 20))
    b = make_png(tmp_path / "b.png", (0, 0, 200), (40, 20))
    _attach(qtbot, parts, monkeypatch, [a, b])
    w = parts.window
    for i in range(2):
        w.attachments.item(i).setSelected(True)
    w.original_action.trigger()
    assert w.presenter.message == ("a.png, b.png will be sent as their original files, not compressed; they stay on "
                                   "this computer until the report is sent.")
    w.original_action.trigger()
    assert w.presenter.message == "a.png, b.png will be compressed before they are sent."
    w.attachments.item(0).setSelected(False)
    w.original_action.trigger()  # b.png only
    report = Report(title="t", attachments=list(parts.composer.attachments))
    dialog = ReviewDialog(report, w, work_dir=tmp_path, runner=parts.composer.runner)
    qtbot.addWidget(dialog)
    assert "before images are compressed" in dialog.summary.text()  # a.png still is
    dialog._show_detail("file:1")
    assert "Sent as the original file, not compressed" in dialog.detail.toPlainText()
    dialog._show_detail("file:0")
    assert "Images are compressed before they are sent" in dialog.detail.toPlainText()
    only_original = Report(title="t", attachments=[parts.composer.attachments[1]])
    dialog2 = ReviewDialog(only_original, w, work_dir=tmp_path, runner=parts.composer.runner)
    qtbot.addWidget(dialog2)
    assert "before images are compressed" not in dialog2.summary.text()  # its size is what goes
