"""Drafts (autosave, offer back, discard on Submit) and the Outbox window (Retry now, Edit, Delete)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from bugzot_desktop import app as app_mod
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.gui import main_window as mw
from bugzot_desktop.gui import outbox_view as ov
from tests.gui.conftest import make_png


def _draft(data_dir) -> dict:
    path = data_dir / "drafts" / "draft.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_the_form_autosaves_and_a_restart_offers_the_draft_back(qtbot, build_app, data_dir, tmp_path, monkeypatch):
    first = build_app()
    first.window.show()
    first.window.form.ui.titleEdit.setText("Half-written")
    first.window.form.ui.stepsEdit.setPlainText("1. open\n2. click")
    first.composer.add_files([make_png(tmp_path / "shot.png")])

    def saved():
        d = _draft(data_dir)
        assert (d.get("title"), d.get("steps"), [a["filename"] for a in d.get("attachments", [])]) == (
            "Half-written", "1. open\n2. click", ["shot.png"])

    qtbot.waitUntil(saved, timeout=10_000)

    asked: list[str] = []
    monkeypatch.setattr(mw.RestoreDraft, "ask", classmethod(lambda cls, parent, report, saved_at=None: asked.append(report.title) or True))
    second = build_app()
    assert app_mod.offer_draft(second) is True
    assert asked == ["Half-written"]
    assert second.window.form.ui.titleEdit.text() == "Half-written"
    assert second.window.form.ui.stepsEdit.toPlainText() == "1. open\n2. click"
    qtbot.waitUntil(lambda: second.window.attachments.count() == 1, timeout=10_000)
    assert second.composer.attachments[0].path == tmp_path / "shot.png"


def test_a_declined_draft_is_deleted_with_its_captures(qtbot, build_app, data_dir, monkeypatch):
    parts = build_app()
    staged = parts.drafts.staging_dir / "screenshot-1.png"
    make_png(staged)
    parts.drafts.save(Report(title="Old", attachments=[Attachment(staged, source_path=staged)]))
    monkeypatch.setattr(mw.RestoreDraft, "ask", classmethod(lambda cls, parent, report, saved_at=None: False))
    assert app_mod.offer_draft(parts) is False
    assert parts.drafts.load() is None
    assert not staged.exists()
    assert parts.window.form.ui.titleEdit.text() == ""


def test_submit_frees_the_form_at_once_and_discards_the_draft(qtbot, parts, data_dir, tmp_path, pass_review):
    w = parts.window
    w.form.ui.titleEdit.setText("Submit me")
    w.form.ui.severityCombo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: _draft(data_dir).get("title") == "Submit me", timeout=10_000)
    with qtbot.waitSignal(parts.composer.submitted, timeout=10_000) as sent:
        w.submit_action.trigger()
        # The form is free before the outbox write has finished.
        assert w.form.ui.titleEdit.text() == ""
        assert w.form.ui.severityCombo.currentData() == "major"
    assert [r.title for r in pass_review] == ["Submit me"]  # the review saw it first
    entry = Outbox(data_dir).get(sent.args[0])
    assert (entry.title, entry.fields["severity"], entry.state) == ("Submit me", "critical", "queued")
    assert (entry.environment["app"], entry.environment["qt_platform"]) == ("BugZot", "offscreen")
    qtbot.waitUntil(lambda: not (data_dir / "drafts" / "draft.json").exists(), timeout=10_000)


def _add(outbox: Outbox, title: str, png) -> str:
    r = Report(title=title, attachments=[Attachment(png)])
    outbox.add(r)
    return r.client_id


def test_outbox_window_lists_retries_edits_and_deletes(qtbot, parts, data_dir, tmp_path, monkeypatch, pass_review):
    outbox = Outbox(data_dir)
    png = make_png(tmp_path / "a.png")
    waiting = _add(outbox, "Waiting one", png)
    refused = _add(outbox, "Refused one", png)
    outbox.mark_failed(refused, "Field 'title' is too rude.")
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    assert view.isVisible()
    rows = [[view.table.item(r, c).text() for c in range(5)] for r in range(view.table.rowCount())]
    assert rows == [
        ["Refused one", "Refused", "1", "—", "Field 'title' is too rude."],
        ["Waiting one", "Waiting", "0", "as soon as the server is reachable", ""],
    ]
    assert view.summary.text() == "1 waiting, 1 refused, 0 sent."

    # Retry now puts the refused report back in the queue.
    view.select(refused)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.retry_button.click()
    assert outbox.get(refused).state == "queued"
    assert view.notice.text() == "Trying to send “Refused one” now."

    # Delete asks first; "no" keeps it.
    answers = [False, True]
    monkeypatch.setattr(ov.ConfirmDelete, "ask", classmethod(lambda cls, parent, title: answers.pop(0)))
    view.select(refused)
    view.delete_button.click()
    assert outbox.get(refused) is not None
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.delete_button.click()
    assert outbox.get(refused) is None
    assert view.table.rowCount() == 1

    # Edit loads it into the form; Submit saves the change into the same waiting report.
    view.select(waiting)
    view.edit_button.click()
    w = parts.window
    qtbot.waitUntil(lambda: w.form.ui.titleEdit.text() == "Waiting one", timeout=10_000)
    assert w.editing_banner.isVisibleTo(w)
    assert w.submit_button.text() == "Save changes"
    qtbot.waitUntil(lambda: w.attachments.count() == 1, timeout=10_000)
    w.form.ui.titleEdit.setText("Waiting one, clarified")
    with qtbot.waitSignal(parts.composer.submitted, timeout=10_000) as done:
        w.submit_button.click()
    assert done.args == [waiting]
    assert [(e.client_id, e.title, e.state) for e in outbox.list()] == [(waiting, "Waiting one, clarified", "queued")]
    assert w.submit_button.text() == "Submit"
    assert not w.editing_banner.isVisibleTo(w)


def test_a_report_the_outbox_refuses_comes_back_into_the_form(qtbot, parts, data_dir, tmp_path):
    from bugzot_desktop.core.errors import BadInputError

    def full(report):
        raise BadInputError(f"No space left on the disk of {data_dir}; nothing was written.")

    parts.outbox.add = full  # this session's outbox: the disk is full
    w = parts.window
    w.form.ui.titleEdit.setText("Keep me")
    parts.composer.add_files([make_png(tmp_path / "keep.png")])
    qtbot.waitUntil(lambda: w.attachments.count() == 1 and not parts.composer.busy, timeout=10_000)
    with qtbot.waitSignal(parts.composer.submit_failed, timeout=10_000):
        w.submit_action.trigger()
        assert w.form.ui.titleEdit.text() == ""
    assert w.form.ui.titleEdit.text() == "Keep me"
    qtbot.waitUntil(lambda: w.attachments.count() == 1 and not parts.composer.busy, timeout=10_000)
    assert w.status_text() == (f"The report could not be put in the outbox: No space left on the disk of {data_dir}; "
                               "nothing was written. It is back in the form; try Submit again.")


def test_stop_editing_leaves_the_waiting_report_as_it_was(qtbot, parts, data_dir, tmp_path):
    outbox = Outbox(data_dir)
    cid = _add(outbox, "As queued", make_png(tmp_path / "a.png"))
    w = parts.window
    assert not w.stop_editing_action.isEnabled()
    parts.composer.load(outbox.get(cid).to_report(), editing=True)
    w.form.ui.titleEdit.setText("Half-edited")
    qtbot.waitUntil(lambda: _draft(data_dir).get("title") == "Half-edited", timeout=10_000)
    assert w.stop_editing_action.isEnabled()
    w.stop_editing_action.trigger()
    assert (w.form.ui.titleEdit.text(), w.attachments.count(), w.submit_button.text()) == ("", 0, "Submit")
    assert not w.editing_banner.isVisibleTo(w)
    qtbot.waitUntil(lambda: not (data_dir / "drafts" / "draft.json").exists(), timeout=10_000)
    assert [(e.title, e.state) for e in outbox.list()] == [("As queued", "queued")]


def _form(w) -> tuple[str, str, int]:
    return w.form.ui.titleEdit.text(), w.form.fields()["description"], w.attachments.count()


def _start_a_report(qtbot, parts, tmp_path, title="Half-written") -> None:
    w = parts.window
    w.form.ui.titleEdit.setText(title)
    w.form.ui.descriptionEdit.setPlainText("Typed before Edit was pressed.")
    parts.composer.add_files([make_png(tmp_path / "mine.png", color=(10, 200, 10))])
    qtbot.waitUntil(lambda: w.attachments.count() == 1 and not parts.composer.busy, timeout=10_000)


def test_edit_sets_the_report_being_written_aside_and_gives_it_back_after_save(qtbot, parts, data_dir, tmp_path):
    outbox = Outbox(data_dir)
    waiting = _add(outbox, "Waiting one", make_png(tmp_path / "a.png"))
    w = parts.window
    _start_a_report(qtbot, parts, tmp_path)
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    view.select(waiting)
    view.edit_button.click()
    qtbot.waitUntil(lambda: _form(w) == ("Waiting one", "", 1) and not parts.composer.busy, timeout=10_000)
    assert w.status_text() == ("The report you were writing (“Half-written”) is set aside; it comes back when you "
                               "save or stop editing this one.")
    parked = json.loads((data_dir / "drafts" / "parked.json").read_text(encoding="utf-8"))
    assert (parked["title"], parked["description"], [a["filename"] for a in parked["attachments"]]) == (
        "Half-written", "Typed before Edit was pressed.", ["mine.png"])

    w.form.ui.titleEdit.setText("Waiting one, clarified")
    with qtbot.waitSignal(parts.composer.submitted, timeout=10_000):
        w.submit_button.click()
    qtbot.waitUntil(lambda: _form(w) == ("Half-written", "Typed before Edit was pressed.", 1), timeout=10_000)
    assert w.status_text() == "Report saved in the outbox; sending… “Half-written” is back in the form."
    assert not w.editing_banner.isVisibleTo(w) and w.submit_button.text() == "Submit"
    assert [(e.client_id, e.title) for e in outbox.list()] == [(waiting, "Waiting one, clarified")]
    qtbot.waitUntil(lambda: not (data_dir / "drafts" / "parked.json").exists(), timeout=10_000)
    qtbot.waitUntil(lambda: _draft(data_dir).get("title") == "Half-written", timeout=10_000)  # the draft again


def test_stop_editing_gives_the_set_aside_report_back(qtbot, parts, data_dir, tmp_path):
    outbox = Outbox(data_dir)
    waiting = _add(outbox, "As queued", make_png(tmp_path / "a.png"))
    w = parts.window
    _start_a_report(qtbot, parts, tmp_path)
    assert w.edit_waiting_report(outbox.get(waiting).to_report())
    qtbot.waitUntil(lambda: _form(w)[0] == "As queued", timeout=10_000)
    w.stop_editing_action.trigger()
    qtbot.waitUntil(lambda: _form(w) == ("Half-written", "Typed before Edit was pressed.", 1), timeout=10_000)
    assert w.status_text() == "“Half-written” is back in the form."
    assert [(e.title, e.state) for e in outbox.list()] == [("As queued", "queued")]


def test_a_set_aside_report_survives_a_crash_during_the_edit(qtbot, build_app, data_dir, tmp_path, monkeypatch):
    outbox = Outbox(data_dir)
    waiting = _add(outbox, "As queued", make_png(tmp_path / "a.png"))
    first = build_app()
    _start_a_report(qtbot, first, tmp_path)
    first.window.edit_waiting_report(outbox.get(waiting).to_report())
    qtbot.waitUntil(lambda: _form(first.window)[0] == "As queued", timeout=10_000)  # held, then loaded
    assert outbox.get(waiting).held_by is not None
    first.window.form.ui.titleEdit.setText("As queued, half-edited")
    qtbot.waitUntil(lambda: _draft(data_dir).get("title") == "As queued, half-edited", timeout=10_000)
    # The app dies here. The next start offers the edit back; the set-aside report follows it.
    monkeypatch.setattr(mw.RestoreDraft, "ask", classmethod(lambda cls, parent, report, saved_at=None: True))
    second = build_app()
    assert app_mod.offer_draft(second)
    w = second.window
    qtbot.waitUntil(lambda: _form(w)[0] == "As queued, half-edited", timeout=10_000)
    assert w.editing_banner.isVisibleTo(w) and second.composer.has_parked
    assert outbox.get(waiting).held_by == second.outbox.owner  # held again by the new session before it could go
    w.stop_editing_action.trigger()
    qtbot.waitUntil(lambda: _form(w) == ("Half-written", "Typed before Edit was pressed.", 1), timeout=10_000)


def test_editing_a_second_waiting_report_asks_first(qtbot, parts, data_dir, tmp_path, monkeypatch):
    outbox = Outbox(data_dir)
    one = _add(outbox, "One", make_png(tmp_path / "a.png"))
    two = _add(outbox, "Two", make_png(tmp_path / "b.png"))
    w = parts.window
    w.edit_waiting_report(outbox.get(one).to_report())
    qtbot.waitUntil(lambda: _form(w)[0] == "One" and not parts.composer.busy, timeout=10_000)
    w.form.ui.titleEdit.setText("One, changed")
    asked = []
    monkeypatch.setattr(mw.SwitchEdit, "ask", classmethod(lambda cls, parent, cur, other: asked.append((cur, other)) or False))
    assert not w.edit_waiting_report(outbox.get(two).to_report())
    assert asked == [("One, changed", "Two")] and _form(w)[0] == "One, changed"
    monkeypatch.setattr(mw.SwitchEdit, "ask", classmethod(lambda cls, parent, cur, other: True))
    assert w.edit_waiting_report(outbox.get(two).to_report())
    qtbot.waitUntil(lambda: _form(w)[0] == "Two", timeout=10_000)
    assert parts.composer.editing == two and not parts.composer.has_parked


def test_a_report_filed_for_another_server_says_where_it_goes(qtbot, parts, data_dir, tmp_path):
    outbox = Outbox(data_dir)
    r = Report(title="For the lab server", attachments=[Attachment(make_png(tmp_path / "a.png"))])
    outbox.add(r, destination="http://lab.example.test:8000")
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    assert view.table.item(0, 0).toolTip() == ("For the lab server\nGoes to http://lab.example.test:8000, the server "
                                               "it was filed for (not the one in Settings).")


def test_a_report_open_for_editing_is_not_sent_until_the_edit_is_saved(qtbot, parts, data_dir, tmp_path):
    from bugzot_desktop.core import delivery
    from bugzot_desktop.core.settings import Settings

    outbox = Outbox(data_dir)
    waiting = _add(outbox, "Old words", make_png(tmp_path / "a.png"))
    w = parts.window
    w.edit_waiting_report(outbox.get(waiting).to_report())
    qtbot.waitUntil(lambda: _form(w)[0] == "Old words", timeout=10_000)
    assert outbox.due() == [] and not outbox.claim(waiting)  # the flusher and the CLI skip it now
    settings = Settings(server_url="http://127.0.0.1:9")
    assert delivery.deliver_due(outbox, lambda: delivery.client_for(settings), settings, ignore_backoff=True) == []
    w.form.ui.titleEdit.setText("New words")
    with qtbot.waitSignal(parts.composer.submitted, timeout=10_000):
        w.submit_button.click()
    entry = outbox.get(waiting)
    assert (entry.title, entry.held_by, entry.state) == ("New words", None, "queued")  # may go now, as edited


def test_stop_editing_lets_the_report_go_as_it_was(qtbot, parts, data_dir, tmp_path):
    outbox = Outbox(data_dir)
    waiting = _add(outbox, "As queued", make_png(tmp_path / "a.png"))
    w = parts.window
    w.edit_waiting_report(outbox.get(waiting).to_report())
    qtbot.waitUntil(lambda: _form(w)[0] == "As queued", timeout=10_000)
    w.stop_editing_action.trigger()
    qtbot.waitUntil(lambda: outbox.get(waiting).held_by is None, timeout=10_000)
    assert [e.client_id for e in outbox.due()] == [waiting]


def test_a_report_being_sent_cannot_be_opened_for_editing(qtbot, parts, data_dir, tmp_path):
    outbox = Outbox(data_dir)
    waiting = _add(outbox, "On its way", make_png(tmp_path / "a.png"))
    assert outbox.claim(waiting)  # a sender has it
    w = parts.window
    w.form.ui.titleEdit.setText("Mine")
    w.edit_waiting_report(outbox.get(waiting).to_report())
    qtbot.waitUntil(lambda: "cannot be edited" in w.status_text(), timeout=10_000)
    assert w.status_text() == ("“On its way” is being sent right now (or was just sent), so it cannot be edited; "
                               "the form is unchanged.")
    assert _form(w)[0] == "Mine" and not parts.composer.editing


def test_switching_edits_keeps_the_set_aside_report_on_disk(qtbot, parts, data_dir, tmp_path, monkeypatch):
    outbox = Outbox(data_dir)
    one = _add(outbox, "One", make_png(tmp_path / "a.png"))
    two = _add(outbox, "Two", make_png(tmp_path / "b.png"))
    w = parts.window
    _start_a_report(qtbot, parts, tmp_path)
    w.edit_waiting_report(outbox.get(one).to_report())
    # its attachment is being prepared for the form until busy goes off (Edit would ask to wait)
    qtbot.waitUntil(lambda: _form(w)[0] == "One" and not parts.composer.busy, timeout=10_000)
    monkeypatch.setattr(mw.SwitchEdit, "ask", classmethod(lambda cls, parent, cur, other: True))
    w.edit_waiting_report(outbox.get(two).to_report())
    qtbot.waitUntil(lambda: _form(w)[0] == "Two" and outbox.get(one).held_by is None, timeout=10_000)
    assert parts.runner.wait_idle(10_000)  # every queued draft task has run
    parked = json.loads((data_dir / "drafts" / "parked.json").read_text(encoding="utf-8"))
    assert parked["title"] == "Half-written"  # still on disk: a crash now loses nothing
    assert outbox.get(two).held_by is not None
    w.stop_editing_action.trigger()
    qtbot.waitUntil(lambda: _form(w)[0] == "Half-written", timeout=10_000)


def test_send_to_re_targets_a_refused_report_and_back_to_settings(qtbot, parts, data_dir, tmp_path, monkeypatch):
    """A report filed with `bugzot report --server URL` and refused for its URL can be pointed at the right
    server (or back at the one in Settings) from the Outbox window, as `outbox retry ID --server URL` does."""
    outbox = Outbox(data_dir)
    r = Report(title="For the lab server", attachments=[Attachment(make_png(tmp_path / "a.png"))])
    outbox.add(r, destination="http://lab.example.tset:8000")
    outbox.mark_failed(r.client_id, "not a BugZot server")
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    view.select(r.client_id)
    assert view.send_to_button.isEnabled()
    asked: list[tuple[str, str | None, str]] = []
    answers = [(False, "http://ignored"), (True, "http://lab.example.test:8000"), (True, None)]

    def ask(cls, parent, title, current, settings_url):
        asked.append((title, current, settings_url))
        return answers.pop(0)

    monkeypatch.setattr(ov.DestinationDialog, "ask", classmethod(ask))
    view.send_to_button.click()  # cancelled: nothing changes
    assert (outbox.get(r.client_id).destination, outbox.get(r.client_id).state) == ("http://lab.example.tset:8000", "failed")
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.send_to_button.click()
    e = outbox.get(r.client_id)
    assert (e.destination, e.state) == ("http://lab.example.test:8000", "queued")
    assert view.notice.text() == "“For the lab server” now goes to http://lab.example.test:8000; trying to send it now."
    view.select(r.client_id)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.send_to_button.click()
    assert outbox.get(r.client_id).destination is None
    assert view.notice.text() == "“For the lab server” now goes to the server in Settings; trying to send it now."
    assert asked[0] == ("For the lab server", "http://lab.example.tset:8000", parts.settings.server_url)
    assert asked[2][1] == "http://lab.example.test:8000"


def test_the_send_to_dialog_checks_the_url_and_keeps_what_was_typed(qtbot):
    dlg = ov.DestinationDialog(None, "Crash", "http://old.example", "http://127.0.0.1:8000")
    qtbot.addWidget(dlg)
    assert not dlg.follow.isChecked() and dlg.url_edit.text() == "http://old.example"
    dlg.url_edit.setText("htp://typo.example")
    dlg._on_buttons_accepted()
    assert dlg.result() != ov.QDialog.DialogCode.Accepted
    assert not dlg.error.isHidden()
    assert dlg.error.text() == "Server URL 'htp://typo.example' must start with http:// or https://."
    assert dlg.url_edit.text() == "htp://typo.example"  # nothing typed is lost
    dlg.url_edit.setText(" https://bugs.example.com/ ")
    assert dlg.error.isHidden()  # the message goes as soon as the field changes
    dlg._on_buttons_accepted()
    assert (dlg.result(), dlg.result_url) == (ov.QDialog.DialogCode.Accepted, "https://bugs.example.com")
    follows = ov.DestinationDialog(None, "Crash", None, "http://127.0.0.1:8000")
    qtbot.addWidget(follows)
    assert follows.follow.isChecked() and not follows.url_edit.isEnabled()
    assert follows.follow.text() == "The server in &Settings (http://127.0.0.1:8000)"
    follows._on_buttons_accepted()
    assert (follows.result(), follows.result_url) == (ov.QDialog.DialogCode.Accepted, None)


def test_the_send_to_dialog_grows_to_a_long_error_and_its_keys_are_distinct(qtbot):
    dlg = ov.DestinationDialog(None, "Crash", "http://old.example", "http://127.0.0.1:8000")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.url_edit.setText("http://host:99999")
    dlg._on_buttons_accepted()
    layout = dlg.layout()
    assert dlg.height() >= layout.totalHeightForWidth(dlg.width())  # every wrapped line has its room
    assert dlg.error.geometry().bottom() < dlg.findChild(ov.QDialogButtonBox).geometry().top()
    assert dlg.error.geometry().top() > dlg.url_edit.geometry().bottom()
    assert dlg.error.toolTip() == dlg.error.text()
    ok = dlg.findChild(ov.QDialogButtonBox).button(ov.QDialogButtonBox.StandardButton.Ok)
    assert (dlg.follow.text(), ok.text()) == ("The server in &Settings (http://127.0.0.1:8000)", "Send t&here")


def test_notices_keep_a_title_as_typed_and_say_when_an_edited_report_goes():
    assert ov.filled("“%1” now goes to %2.", "Crash %2 at 100%", "http://b") == "“Crash %2 at 100%” now goes to http://b."
    assert ov.filled("%1 and %3", "a") == "a and %3"


def test_send_to_on_a_report_being_edited_says_it_goes_once_the_edit_ends(qtbot, parts, data_dir, tmp_path, monkeypatch):
    outbox = Outbox(data_dir)
    r = Report(title="Open in the editor", attachments=[Attachment(make_png(tmp_path / "a.png"))])
    outbox.add(r)
    assert outbox.hold(r.client_id)
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    view.select(r.client_id)
    assert view.table.item(0, 1).text() == "Being edited"
    monkeypatch.setattr(ov.DestinationDialog, "ask", classmethod(lambda cls, *a: (True, "http://lab.example.test:8000")))
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.send_to_button.click()
    assert outbox.get(r.client_id).destination == "http://lab.example.test:8000"
    assert view.notice.text() == ("“Open in the editor” now goes to http://lab.example.test:8000; it is sent once its "
                                  "edit is saved or stopped.")


def test_the_restore_question_says_discard_keeps_the_users_own_files(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.informativeText()) or 0)
    one = Report(title="t", attachments=[Attachment(make_png(tmp_path / "a.png", (1, 2, 3)))])
    two = Report(title="t", attachments=[Attachment(make_png(tmp_path / "b.png", (1, 2, 3))),
                                         Attachment(make_png(tmp_path / "c.png", (1, 2, 3)))])
    for report in (Report(title="t"), one, two):
        assert mw.RestoreDraft.ask(None, report) is False  # closed without a choice: not restored
    assert seen == [
        "Discard deletes the draft.",
        "Discard deletes the draft and the copy of its attachment BugZot keeps; your own file stays where it is.",
        "Discard deletes the draft and the copies of its 2 attachments BugZot keeps; your own files stay where they are.",
    ]


def test_the_app_forgets_reports_sent_more_than_a_week_ago_when_it_starts(qtbot, build_app, data_dir, tmp_path):
    import time

    from bugzot_desktop.core.outbox import SENT_KEPT_S

    old_clock = Outbox(data_dir, clock=lambda: time.time() - SENT_KEPT_S - 60)
    old = old_clock.add(Report(title="long ago", attachments=[Attachment(make_png(tmp_path / "o.png", (1, 2, 3)))]))
    old_clock.claim(old.client_id)
    old_clock.mark_sent(old.client_id, "1", "http://x/reports/1")
    recent = Outbox(data_dir)
    new = recent.add(Report(title="yesterday"))
    recent.claim(new.client_id)
    recent.mark_sent(new.client_id, "2", "http://x/reports/2")
    waiting = recent.add(Report(title="waiting")).client_id
    build_app()
    # the row goes first, then its files (on a pool thread): wait for both (the files' check failed under load)
    qtbot.waitUntil(lambda: Outbox(data_dir).get(old.client_id) is None
                    and not Outbox(data_dir).folder(old.client_id).exists(), timeout=10_000)
    assert [e.title for e in Outbox(data_dir).list()] == ["yesterday", "waiting"]
    assert Outbox(data_dir).get(waiting) is not None


def test_a_capture_is_in_the_draft_at_once_not_after_the_typing_pause(qtbot, build_app, data_dir):
    # Killed a second after Ctrl+Shift+S, the restored draft had no screenshot (the draft waited out
    # the autosave delay); the orphaned capture stayed in staging for good.
    parts = build_app(autosave_delay_ms=3_600_000)  # no autosave during this test
    parts.window.form.ui.titleEdit.setText("Freeze on save")
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("teal"))
    parts.composer.add_image(img, "screenshot")
    qtbot.waitUntil(lambda: [a["filename"].split("-")[0] for a in _draft(data_dir).get("attachments", [])]
                    == ["screenshot"], timeout=10_000)
    [att] = _draft(data_dir)["attachments"]
    assert Path(att["path"]).parent == parts.drafts.staging_dir and Path(att["path"]).is_file()


def test_a_capture_is_in_the_draft_before_its_check_ends(qtbot, build_app, data_dir, monkeypatch):
    # On a 4K screen the file was on disk ~0.5 s before its check put it in the draft; a kill then left it
    # to the start-up sweep. Here the check never ends: the draft must name the capture all the same.
    parts = build_app(autosave_delay_ms=3_600_000)
    checks: list[Path] = []
    monkeypatch.setattr(parts.composer, "_thumbnail", lambda attachment, **kw: checks.append(attachment.path))
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("teal"))
    parts.composer.add_image(img, "screenshot")
    qtbot.waitUntil(lambda: len(_draft(data_dir).get("attachments", [])) == 1, timeout=10_000)
    [att] = _draft(data_dir)["attachments"]
    assert [Path(att["path"])] == checks and Path(att["path"]).is_file()
    assert parts.composer.attachments == []  # not in the list yet: its check is still running


def test_removing_and_send_original_reach_the_draft_at_once(qtbot, build_app, data_dir):
    # Both waited for the typing pause: a removed screenshot came back after a crash, the choice was lost.
    parts = build_app(autosave_delay_ms=3_600_000)
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("teal"))
    parts.composer.add_image(img, "screenshot")
    qtbot.waitUntil(lambda: len(parts.composer.attachments) == 1 and not parts.composer.busy, timeout=10_000)
    parts.composer.set_send_original([0], True)
    qtbot.waitUntil(lambda: [a.get("send_original") for a in _draft(data_dir).get("attachments", [])] == [True],
                    timeout=10_000)
    parts.composer.remove([0])
    qtbot.waitUntil(lambda: _draft(data_dir).get("attachments", None) == [] or not (data_dir / "drafts" / "draft.json").exists(),
                    timeout=10_000)


def test_typing_without_a_pause_is_saved_all_the_same(qtbot, build_app, data_dir, monkeypatch):
    from bugzot_desktop.gui import composer as composer_mod

    clock = [1000.0]
    monkeypatch.setattr(composer_mod.time, "monotonic", lambda: clock[0])
    parts = build_app(autosave_delay_ms=3_600_000)  # the pause never comes
    parts.composer.form_edited({"title": "Crash"})
    clock[0] += composer_mod.AUTOSAVE_MAX_WAIT_MS / 1000 - 0.5
    parts.composer.form_edited({"title": "Crash on"})
    assert not (data_dir / "drafts" / "draft.json").exists()  # still within the longest wait
    clock[0] += 1.0
    parts.composer.form_edited({"title": "Crash on save"})
    qtbot.waitUntil(lambda: _draft(data_dir).get("title") == "Crash on save", timeout=10_000)


def test_a_mark_up_survives_a_crash_during_its_flatten(qtbot, build_app, data_dir, tmp_path, monkeypatch):
    # Done, then kill -9 during the seconds-long flatten of a large image: the draft still held the
    # unmarked file with no mark-up, and the drawing (a redaction, maybe) was gone.
    import threading

    from bugzot_desktop.core.drafts import DraftStore
    from bugzot_desktop.core.markup import Markup, MarkupItem
    from bugzot_desktop.gui import composer as composer_mod

    release = threading.Event()

    class StuckFlatten(composer_mod.FlattenTask):
        def work(self):
            release.wait(60)  # "the app is killed" while this runs
            return super().work()

    first = build_app(autosave_delay_ms=3_600_000)
    original = make_png(tmp_path / "orig.png", (0, 0, 200))
    first.composer.add_files([original])
    qtbot.waitUntil(lambda: len(first.composer.attachments) == 1 and not first.composer.busy, timeout=10_000)
    drawn = Markup(320, 200, (MarkupItem("rect", ((10.0, 10.0), (100.0, 80.0)), color="#ff0000"),)).to_dict()
    monkeypatch.setattr(composer_mod, "FlattenTask", StuckFlatten)
    try:
        first.composer.apply_markup(0, drawn)
        qtbot.waitUntil(lambda: [a.get("markup") for a in _draft(data_dir).get("attachments", [])] == [drawn],
                        timeout=10_000)
        [att] = _draft(data_dir)["attachments"]
        staged_original = Path(att["path"])
        assert Path(att["source_path"]) == staged_original  # the original, with the mark-up still to apply
        at_the_kill = (data_dir / "drafts" / "draft.json").read_text(encoding="utf-8")
    finally:
        release.set()
        qtbot.waitUntil(lambda: not first.composer.busy, timeout=10_000)
    monkeypatch.undo()
    (data_dir / "drafts" / "draft.json").write_text(at_the_kill, encoding="utf-8")  # what a kill had left
    # "After the restart": the restored draft flattens the mark-up again.
    second = build_app(data_dir=data_dir, autosave_delay_ms=3_600_000)
    restored, _editing = DraftStore(data_dir).load()
    second.composer.load(restored, editing=False)
    qtbot.waitUntil(lambda: len(second.composer.attachments) == 1 and not second.composer.busy, timeout=10_000)
    [now] = second.composer.attachments
    assert now.markup == drawn and now.source_path == staged_original and "-marked-" in now.path.name
    pixel = QImage(str(now.path)).pixelColor(10, 40)
    assert (pixel.red(), pixel.green(), pixel.blue()) == (255, 0, 0)  # the rectangle's edge is in the file


def test_reopening_during_a_flatten_shows_the_newest_drawing_and_only_it_is_kept(qtbot, build_app, data_dir, tmp_path,
                                                                                 monkeypatch):
    # Done, Done again (a pixelate added), reopen within a second: the editor showed the first drawing, and
    # when the first flatten finished last its copy replaced the second's: the redaction was not sent.
    import threading

    from bugzot_desktop.core.markup import Markup, MarkupItem
    from bugzot_desktop.gui import composer as composer_mod

    gates: dict[str, threading.Event] = {"first": threading.Event(), "second": threading.Event()}

    class GatedFlatten(composer_mod.FlattenTask):
        def work(self):
            gates["second" if len(self.markup["items"]) == 2 else "first"].wait(60)
            return super().work()

    parts = build_app(autosave_delay_ms=3_600_000)
    parts.composer.add_files([make_png(tmp_path / "orig.png", (0, 0, 200))])
    qtbot.waitUntil(lambda: len(parts.composer.attachments) == 1 and not parts.composer.busy, timeout=10_000)
    rect = MarkupItem("rect", ((10.0, 10.0), (100.0, 80.0)), color="#ff0000")
    first = Markup(320, 200, (rect,)).to_dict()
    second = Markup(320, 200, (rect, MarkupItem("pixelate", ((150.0, 100.0), (250.0, 180.0))))).to_dict()
    monkeypatch.setattr(composer_mod, "FlattenTask", GatedFlatten)
    try:
        parts.composer.apply_markup(0, first)
        assert parts.composer.markup_of(0)[1] == first  # what the editor opens with, though not flattened yet
        parts.composer.apply_markup(0, second)
        assert parts.composer.markup_of(0)[1] == second
        gates["second"].set()  # the newer flatten ends first ...
        qtbot.waitUntil(lambda: parts.composer.attachments[0].markup == second, timeout=10_000)
        gates["first"].set()  # ... the older one last: it must not replace the newer result
        qtbot.waitUntil(lambda: not parts.composer.busy, timeout=10_000)
    finally:
        for gate in gates.values():
            gate.set()
    [att] = parts.composer.attachments
    assert att.markup == second and "-marked-" in att.path.name
    assert [a["markup"] for a in _draft(data_dir)["attachments"]] == [second]
    assert len(list(parts.drafts.staging_dir.glob("*-marked-*"))) == 1  # the older copy was removed


def test_the_app_sweeps_staged_captures_no_draft_refers_to_when_it_starts(qtbot, build_app, data_dir):
    import os

    from bugzot_desktop.core.drafts import DraftStore

    staging = DraftStore(data_dir).staging_dir
    orphan = staging / "screenshot-orphan.png"
    orphan.write_bytes(b"left by a crash")
    t = orphan.stat().st_mtime - 60
    os.utime(orphan, (t, t))
    build_app()
    qtbot.waitUntil(lambda: not orphan.exists(), timeout=10_000)


def test_drafts_that_cannot_be_saved_are_said_once_not_only_logged(qtbot, build_app, data_dir, monkeypatch):
    # Crash protection gone without a word: the failure was only on stderr.
    from bugzot_desktop.core import drafts as drafts_mod

    parts = build_app()
    problems: list[str] = []
    parts.composer.problem.connect(lambda text, _details: problems.append(text))
    # Until the close below: a failing assertion must not leave the teardown's close on a real question.
    monkeypatch.setattr(mw.CloseUnsaved, "ask", classmethod(lambda cls, parent, problem: True))
    real = drafts_mod.write_json

    def refuse(path, data, prefix=""):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(drafts_mod, "write_json", refuse)
    for title in ("a", "ab", "abc"):
        parts.composer.form_edited({"title": title})
        parts.composer.save_draft()
    qtbot.waitUntil(lambda: parts.runner.active_count() == 0, timeout=10_000)
    assert problems == [f"Drafts cannot be saved in {parts.drafts.dir} (Permission denied); if BugZot stops now, "
                        "what was typed since is lost. Make the folder writable or submit the report."]
    monkeypatch.setattr(drafts_mod, "write_json", real)  # writable again: saved, and a later failure is said again
    with qtbot.waitSignal(parts.composer.draft_saved, timeout=10_000):
        parts.composer.save_draft()
    monkeypatch.setattr(drafts_mod, "write_json", refuse)
    parts.composer.form_edited({"title": "abcd"})
    parts.composer.save_draft()
    qtbot.waitUntil(lambda: len(problems) == 2, timeout=10_000)
    # Closing now would lose the form: asked first; Stay keeps the window open, Close anyway closes.
    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(mw.CloseUnsaved, "ask", classmethod(lambda cls, parent, problem: asked.append(problem)
                                                             or answers.pop(0)))
    parts.window.show()
    parts.window.close()
    assert parts.window.isVisible() and asked == problems[:1]
    parts.window.close()
    assert not parts.window.isVisible() and len(asked) == 2
    monkeypatch.setattr(drafts_mod, "write_json", real)


def test_a_save_overtaken_by_a_newer_one_does_not_count_as_saved(qtbot, build_app, monkeypatch):
    """Three quick failing saves said the problem twice (make test): the middle one ran after the third had
    begun, wrote nothing, and its 'done' was taken for a save that worked."""
    from bugzot_desktop.core import drafts as drafts_mod

    parts = build_app()
    problems: list[str] = []
    saved: list[bool] = []
    parts.composer.problem.connect(lambda text, _details: problems.append(text))
    parts.composer.draft_saved.connect(lambda: saved.append(True))
    monkeypatch.setattr(mw.CloseUnsaved, "ask", classmethod(lambda cls, parent, problem: True))
    real = drafts_mod.write_json

    def refuse(path, data, prefix=""):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(drafts_mod, "write_json", refuse)
    parts.composer.form_edited({"title": "a"})
    parts.composer.save_draft()
    qtbot.waitUntil(lambda: len(problems) == 1, timeout=10_000)
    fresh = parts.drafts.next_seq
    monkeypatch.setattr(parts.drafts, "next_seq", lambda: 0)  # older than the save that failed: overtaken
    parts.composer.save_draft()
    qtbot.waitUntil(lambda: parts.runner.active_count() == 0, timeout=10_000)
    monkeypatch.setattr(parts.drafts, "next_seq", fresh)
    parts.composer.save_draft()
    qtbot.waitUntil(lambda: parts.runner.active_count() == 0, timeout=10_000)
    assert len(problems) == 1 and saved == []
    monkeypatch.setattr(drafts_mod, "write_json", real)  # writable again before the window closes


def test_the_outbox_window_opens_on_what_needs_the_user(qtbot, parts, data_dir, tmp_path):
    # Opened from the "1 waiting" link, it had the newest row selected: a sent report.
    outbox = Outbox(data_dir)
    waiting = _add(outbox, "Still waiting", make_png(tmp_path / "w.png"))
    sent = _add(outbox, "Went out", make_png(tmp_path / "s.png"))
    assert outbox.claim(sent)
    outbox.mark_sent(sent, "7", "http://127.0.0.1:9/reports/7")
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    assert [e.title for e in view.entries()] == ["Went out", "Still waiting"]  # newest first
    assert view.selected_client_id() == waiting
