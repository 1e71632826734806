"""Status bar wording (offline line, count, link), Settings persisted, About shows the version, draft on close."""

from __future__ import annotations

import json

import pytest
from live_server import live_server_fixture  # noqa: F401  (provides the live_server fixture)
from PySide6.QtWidgets import QLabel

from bugzot_desktop import __version__
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.settings import Settings, load_settings, save_settings
from bugzot_desktop.gui.about_dialog import AboutDialog
from bugzot_desktop.gui.settings_dialog import SettingsDialog
from bugzot_desktop.gui.status import StatusPresenter, waiting_line
from bugzot_desktop.local_server import free_port


def test_waiting_line_wording():
    assert waiting_line(1) == "1 report waiting; it will be sent when the server is reachable"
    assert waiting_line(3) == "3 reports waiting; they will be sent when the server is reachable"


def test_presenter_offline_line_count_and_link(qtbot):
    p = StatusPresenter()
    p._on_flusher_pending_count_changed(3)
    assert p.count == "3 waiting"
    p._on_flusher_online_changed(False)
    assert p.message == "3 reports waiting; they will be sent when the server is reachable"
    p._on_flusher_progress("id", 50, 200)
    assert (p.percent, p.message) == (25, "Sending report… 25%")
    p._on_flusher_report_sent("id", "http://h/reports/7?a=1&b=2")
    assert p.message == 'Report sent: <a href="http://h/reports/7?a=1&amp;b=2">http://h/reports/7?a=1&amp;b=2</a>'
    assert p.percent == -1
    p._on_flusher_pending_count_changed(0)
    assert p.count == ""


def test_presenter_deferred_line_online_and_offline(qtbot):
    p = StatusPresenter()
    p._on_flusher_pending_count_changed(2)
    p._on_flusher_report_deferred("id", "The server answered 503.")
    assert p.message == "Not sent yet: The server answered 503. The report waits in the outbox and will be tried again by itself."
    p._on_flusher_online_changed(False)
    p._on_flusher_report_deferred("id", "Connection refused.")
    assert p.message == "2 reports waiting; they will be sent when the server is reachable"


def test_offline_submit_waits_calmly_in_the_outbox(qtbot, build_app, data_dir, pass_review):
    # Nothing listens on this port: the server is "down".
    parts = build_app(Settings(server_url=f"http://127.0.0.1:{free_port()}"), with_flusher=True)
    w = parts.window
    w.show()
    w.form.ui.titleEdit.setText("Filed on a plane")
    w.submit_action.trigger()

    def calm():
        assert w.status_text() == "1 report waiting; it will be sent when the server is reachable"
        assert w.status_line.count_label.text() == '<a href="outbox">1 waiting</a>'

    qtbot.waitUntil(calm, timeout=30_000)
    (entry,) = parts.outbox.list()
    assert (entry.title, entry.state, entry.attempts) == ("Filed on a plane", "queued", 1)


def test_settings_are_persisted_and_applied(qtbot, parts, data_dir, monkeypatch):
    new = Settings(server_url="http://10.0.0.5:8000", api_token="s3cret", max_edge=1280, byte_budget=200_000)
    seen = []
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, s: seen.append(s) or new))
    parts.window.settings_action.trigger()
    assert seen == [Settings()]
    qtbot.waitUntil(lambda: parts.window.status_text() == "Settings saved.", timeout=10_000)
    assert load_settings(data_dir) == new
    assert json.loads((data_dir / "settings.json").read_text())["max_edge"] == 1280
    # The next dialog starts from what was saved.
    parts.window.settings_action.trigger()
    assert seen[1] == new


def test_settings_dialog_validates_at_the_field(qtbot):
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    dlg.server_edit.setText("ftp://nowhere")
    dlg.token_edit.setText("  tok  ")
    dlg.buttons.accepted.emit()
    assert dlg.result_settings is None
    assert dlg.server_problem.text() == "Server URL 'ftp://nowhere' must start with http:// or https://."
    dlg.server_edit.setText("https://bugs.example.com/")
    dlg.edge_spin.setValue(2560)
    dlg.budget_spin.setValue(500)
    dlg.buttons.accepted.emit()
    got = dlg.result_settings
    assert (got.server_url, got.api_token, got.max_edge, got.byte_budget) == ("https://bugs.example.com", "tok", 2560, 500_000)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://exa mple.com:99999",
         "Server URL 'http://exa mple.com:99999' contains a space or a control character; a URL has none."),
        ("http://", "Server URL 'http://' has no host name; write it like http://bugs.example.com:8000."),
        ("http://127.0.0.1:99999",
         "Server URL 'http://127.0.0.1:99999' has the port '99999'; a port is a number from 1 to 65535."),
    ],
)
def test_settings_dialog_refuses_an_unusable_server_url_beside_the_field(qtbot, typed, message):
    dlg = SettingsDialog(Settings(server_url="http://10.0.0.5:8000"))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.server_edit.setText(typed)
    dlg.edge_spin.setValue(2560)
    dlg.buttons.accepted.emit()
    assert dlg.result_settings is None and dlg.isVisible()
    assert (dlg.server_problem.text(), dlg.server_problem.isVisible(), dlg.problem.isVisible()) == (message, True, False)
    qtbot.waitUntil(lambda: dlg.focusWidget() is dlg.server_edit)
    assert (dlg.server_edit.text(), dlg.edge_spin.value()) == (typed, 2560)  # nothing lost
    dlg.server_edit.setText(" http://exa-mple.com:9999/ ")
    dlg.buttons.accepted.emit()
    assert (dlg.result_settings.server_url, dlg.result_settings.max_edge) == ("http://exa-mple.com:9999", 2560)


def test_settings_dialog_edits_review_and_log_file(qtbot, tmp_path):
    log = tmp_path / "app.log"
    dlg = SettingsDialog(Settings(review_before_send=True, log_file="", log_lines=200))
    qtbot.addWidget(dlg)
    assert dlg.review_check.isChecked()
    assert (dlg.log_file_edit.text(), dlg.log_lines_spin.value()) == ("", 200)
    dlg.review_check.setChecked(False)
    dlg.log_file_edit.setText(f"  {log}  ")
    dlg.log_lines_spin.setValue(50)
    dlg.buttons.accepted.emit()
    got = dlg.result_settings
    assert (got.review_before_send, got.log_file, got.log_lines) == (False, str(log), 50)


def test_settings_dialog_starts_from_the_saved_log_settings(qtbot):
    dlg = SettingsDialog(Settings(review_before_send=False, log_file="/var/log/app.log", log_lines=30))
    qtbot.addWidget(dlg)
    assert not dlg.review_check.isChecked()
    assert (dlg.log_file_edit.text(), dlg.log_lines_spin.value()) == ("/var/log/app.log", 30)


def test_settings_dialog_browse_fills_the_log_file(qtbot, monkeypatch, tmp_path):
    asked = []
    chosen = str(tmp_path / "picked.log")
    monkeypatch.setattr(SettingsDialog, "choose_log_file",
                        classmethod(lambda cls, parent, current: asked.append(current) or chosen))
    dlg = SettingsDialog(Settings(log_file="/old.log"))
    qtbot.addWidget(dlg)
    dlg.browse_button.click()
    assert asked == ["/old.log"]
    assert dlg.log_file_edit.text() == chosen
    # Cancelling the file dialog keeps what was there.
    monkeypatch.setattr(SettingsDialog, "choose_log_file", classmethod(lambda cls, parent, current: ""))
    dlg.browse_button.click()
    assert dlg.log_file_edit.text() == chosen


def test_settings_dialog_refuses_a_folder_as_log_file(qtbot, tmp_path):
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.log_file_edit.setText(str(tmp_path))
    dlg.buttons.accepted.emit()
    assert dlg.result_settings is None
    assert dlg.problem.text() == f"Log file {tmp_path} is a folder; choose a file."
    qtbot.waitUntil(lambda: dlg.focusWidget() is dlg.log_file_edit)


def test_settings_dialog_new_rows_have_names_and_buddies(qtbot):
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    buddies = {label.buddy(): label.text() for label in dlg.findChildren(QLabel) if label.buddy() is not None}
    assert buddies[dlg.log_file_edit] == "Log &file to attach (last N lines)"
    assert buddies[dlg.log_lines_spin] == "Log li&nes (N)"
    assert dlg.review_check.text() == "&Review what will be sent before sending"
    for w in (dlg.review_check, dlg.log_file_edit, dlg.browse_button, dlg.log_lines_spin):
        assert w.accessibleName(), w
    letters = [t.split("&", 1)[1][0].lower() for t in [*buddies.values(), dlg.review_check.text(), dlg.browse_button.text()]]
    assert len(letters) == len(set(letters)), letters


def test_settings_from_the_dialog_are_persisted(qtbot, parts, data_dir, monkeypatch, tmp_path):
    new = Settings(review_before_send=False, log_file=str(tmp_path / "app.log"), log_lines=25)
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, s: new))
    parts.window.settings_action.trigger()
    qtbot.waitUntil(lambda: parts.window.status_text() == "Settings saved.", timeout=10_000)
    saved = load_settings(data_dir)
    assert (saved.review_before_send, saved.log_file, saved.log_lines) == (False, str(tmp_path / "app.log"), 25)
    # The session uses them at once: the next Submit skips the review.
    assert parts.window._settings().review_before_send is False


def test_about_shows_the_version(qtbot):
    dlg = AboutDialog(None, "/data/dir")
    qtbot.addWidget(dlg)
    assert f"BugZot {__version__}" in dlg.text.text()
    assert "Data folder: /data/dir" in dlg.text.text()


def test_about_action_opens_the_dialog(qtbot, parts, monkeypatch):
    opened = []
    monkeypatch.setattr(AboutDialog, "ask", classmethod(lambda cls, parent, data_dir="": opened.append(data_dir)))
    parts.window.about_action.trigger()
    assert opened == [str(parts.data_dir)]


def test_closing_the_window_keeps_what_was_typed(qtbot, parts, data_dir):
    parts.composer._autosave.setInterval(60_000)  # the autosave would come too late: the close must save
    parts.window.form.ui.titleEdit.setText("Typed just before closing")
    parts.window.close()
    assert json.loads((data_dir / "drafts" / "draft.json").read_text())["title"] == "Typed just before closing"
    assert parts.drafts.load()[0].title == "Typed just before closing"


def test_correcting_the_server_url_in_settings_sends_the_reports_it_failed(qtbot, build_app, live_server, monkeypatch):
    """#31: a report the wrong Settings URL failed (404: not a BugZot server) waited for Outbox → Retry now."""
    wrong = live_server.url + "/typo"
    parts = build_app(Settings(server_url=wrong), with_flusher=True)
    parts.window.show()
    ob = parts.outbox
    follows = ob.add(Report(title="follows the settings")).client_id
    own = ob.add(Report(title="filed for its own wrong URL"), destination=wrong).client_id
    parts.flusher.start()
    qtbot.waitUntil(lambda: [ob.get(c).state for c in (follows, own)] == ["failed", "failed"], timeout=20_000)
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, s: Settings(server_url=live_server.url)))
    with qtbot.waitSignal(parts.flusher.report_sent, timeout=20_000, check_params_cb=lambda c, u: c == follows):
        parts.window.settings_action.trigger()
    assert live_server.count_by_client_id() == {follows: 1}
    qtbot.waitUntil(lambda: not parts.flusher.busy(), timeout=10_000)
    # A report filed for its own server is not the Settings URL's: it stays failed until re-targeted.
    assert (ob.get(own).state, ob.get(own).attempts) == ("failed", 1)


@pytest.mark.parametrize("lang", [None, "de"])
def test_a_settings_error_is_readable_in_full(qtbot, qapp, lang):
    """#18: the error under the server URL was cut to two lines ("… enthält ein"): the reason never showed."""
    from bugzot_desktop.gui import i18n

    translators = i18n.install_translator(qapp, lang) if lang else []
    try:
        dlg = SettingsDialog(Settings())
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.server_edit.setText("http://exa mple.com:99999")
        dlg.buttons.accepted.emit()
        label = dlg.server_problem
        assert label.isVisible() and label.toolTip() == label.text() != ""

        def whole_text_fits():
            assert label.height() >= label.heightForWidth(label.width())

        qtbot.waitUntil(whole_text_fits, timeout=2_000)
        assert label.heightForWidth(label.width()) > 2 * label.fontMetrics().lineSpacing()  # the case that was cut
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_a_fields_error_goes_away_when_that_field_is_changed(qtbot, tmp_path):
    """#18: the stale error stayed under the URL while the corrected one was typed."""
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    dlg.server_edit.setText("http://exa mple.com")
    dlg.buttons.accepted.emit()
    assert dlg.server_problem.text() != ""
    dlg.token_edit.setText("another field")  # not the one the error is about
    assert dlg.server_problem.text() != ""
    dlg.server_edit.setText("http://example.com")
    assert (dlg.server_problem.text(), dlg.server_problem.toolTip(), dlg.server_problem.isVisibleTo(dlg)) == ("", "", False)
    dlg.log_file_edit.setText(str(tmp_path))
    dlg.buttons.accepted.emit()
    assert dlg.problem.text() == f"Log file {tmp_path} is a folder; choose a file."
    dlg.server_edit.setText("http://example.org")
    assert dlg.problem.text() != ""
    dlg.log_file_edit.setText(str(tmp_path / "app.log"))
    assert (dlg.problem.text(), dlg.problem.isVisibleTo(dlg)) == ("", False)
    dlg.buttons.accepted.emit()
    assert dlg.result_settings.log_file == str(tmp_path / "app.log")


def test_the_outbox_window_shows_how_an_attempt_ended_without_refresh(qtbot, build_app, data_dir, tmp_path,
                                                                         live_server):
    """A report for a server that is down, the app online with its Settings server: the row gets each new
    attempt and its error by itself (the view refreshed only for sent and failed reports, so a retried one
    looked untouched; newcomer #11)."""
    from bugzot_desktop.core.outbox import Outbox
    from bugzot_desktop.core.report import Attachment, Report
    from tests.gui.conftest import make_png

    outbox = Outbox(data_dir)
    r = Report(title="Waits for its server", attachments=[Attachment(make_png(tmp_path / "a.png"))])
    outbox.add(r, destination=f"http://127.0.0.1:{free_port()}")
    parts = build_app(Settings(server_url=live_server.url), with_flusher=True)
    view = parts.outbox_view
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        parts.window.outbox_action.trigger()
    parts.flusher.start()  # as run_gui does once the window is up

    def attempted():
        assert view.table.item(0, 2).text() != "0"
        assert "could not be reached" in view.table.item(0, 4).text()

    qtbot.waitUntil(attempted, timeout=30_000)
    first = int(view.table.item(0, 2).text())
    view.select(r.client_id)
    view.retry_button.click()
    qtbot.waitUntil(lambda: int(view.table.item(0, 2).text()) > first, timeout=30_000)


def test_settings_in_a_local_server_session_keep_the_saved_server_url(qtbot, build_app, data_dir, monkeypatch):
    """`bugzot --with-local-server`: the session sends to the bundled server, but the dialog shows and saves
    the user's own server URL (pressing OK wrote the session's temporary URL over it; newcomer4 #5)."""
    from dataclasses import replace

    saved = Settings(server_url="http://bugs.example.test:8714")
    save_settings(data_dir, saved)
    parts = build_app(saved, session_server_url="http://127.0.0.1:8000")
    assert parts.settings.server_url == "http://127.0.0.1:8000"  # what sends use
    seen: list[Settings] = []
    answers = [replace(saved, byte_budget=200_000), replace(saved, server_url="http://other.example.test")]
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, s: seen.append(s) or answers.pop(0)))
    parts.window.settings_action.trigger()
    assert seen[0].server_url == "http://bugs.example.test:8714"  # the dialog shows the saved URL
    qtbot.waitUntil(lambda: parts.window.status_text().startswith("Settings saved."), timeout=10_000)
    assert parts.window.status_text() == ("Settings saved. This session keeps sending to the bundled server at "
                                          "http://127.0.0.1:8000.")
    assert load_settings(data_dir) == replace(saved, byte_budget=200_000)
    assert (parts.settings.server_url, parts.settings.byte_budget) == ("http://127.0.0.1:8000", 200_000)
    # Choosing another server in the dialog: saved, and this session follows it.
    parts.window.settings_action.trigger()
    qtbot.waitUntil(lambda: load_settings(data_dir).server_url == "http://other.example.test", timeout=10_000)
    assert parts.settings.server_url == "http://other.example.test"
