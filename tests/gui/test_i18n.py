"""gui/i18n.py: --lang (or the system locale) picks the shipped German translation."""

from __future__ import annotations

import json
import socket
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor, QImage

from bugzot_desktop.core.report import Report
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.gui.i18n import TRANSLATIONS_DIR, install_translator, locale_for, remove_translators
from bugzot_desktop.gui.markup_editor import MarkupEditor
from bugzot_desktop.gui.review_dialog import ReviewDialog
from bugzot_desktop.gui.settings_dialog import SettingsDialog


@pytest.fixture
def translators(qapp):
    installed: list = []
    yield installed
    remove_translators(qapp, installed)


def test_german_is_installed_for_lang_de(qtbot, qapp, translators):
    translators.extend(install_translator(qapp, "de"))
    assert len(translators) >= 1
    assert QCoreApplication.translate("ReviewDialog", "Review what will be sent") == "Prüfen, was gesendet wird"
    dlg = ReviewDialog(Report(title="x"))
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "Prüfen, was gesendet wird"
    assert dlg.send_button.text() == "&Senden"
    assert QLocale().language() == QLocale.Language.German
    # Strings outside widget classes (status line, outbox view) carry their own context.
    assert QCoreApplication.translate("StatusPresenter", "Report sent:") == "Bericht gesendet:"
    assert QCoreApplication.translate("OutboxView", "Waiting") == "Wartet"


def test_markup_editor_is_german_for_lang_de(qtbot, qapp, translators):
    translators.extend(install_translator(qapp, "de"))
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    editor = MarkupEditor(image)
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "Bildschirmfoto markieren"
    assert editor.tool_actions["rect"].text() == "Rechteck"
    assert editor.tool_actions["rect"].toolTip() == "Rechteck (R)"
    assert editor.status.text().startswith("Auswählen (V) · Farbe #e53935 · Zoom ")
    # Undo texts name the tool in German too.
    assert QCoreApplication.translate("MarkupCommands", "Add {what}").format(what="Pfeil") == "Pfeil hinzufügen"
    assert QCoreApplication.translate("CaptureFlow", "Click the window to capture (Esc or this note: cancel)") == (
        "Klicken Sie auf das aufzunehmende Fenster (Esc oder dieser Hinweis: abbrechen)"
    )


def test_settings_dialog_new_rows_are_german(qtbot, qapp, translators):
    translators.extend(install_translator(qapp, "de"))
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    assert dlg.review_check.text() == "Vor dem Senden prüfen, &was gesendet wird"
    assert dlg.browse_button.text() == "&Durchsuchen …"
    dlg.show()
    qtbot.waitExposed(dlg)
    token = dlg.token_edit  # its German hint was cut off (QA)
    assert token.fontMetrics().horizontalAdvance(token.placeholderText()) < token.width() - 8


def test_region_variant_falls_back_to_the_language(qapp, translators):
    translators.extend(install_translator(qapp, "de-AT"))
    assert QCoreApplication.translate("ReviewDialog", "&Mask") == "&Maskieren"


def test_english_needs_no_file(qapp, translators):
    translators.extend(install_translator(qapp, "en"))
    assert translators == []
    assert QCoreApplication.translate("ReviewDialog", "&Mask") == "&Mask"


def test_no_lang_means_the_system_locale(qapp):
    assert locale_for(None) == QLocale.system()
    assert locale_for("de_DE").name() == "de_DE"


def test_every_shipped_message_is_translated():
    root = ET.parse(TRANSLATIONS_DIR / "bugzot_de.ts").getroot()
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []
    # lupdate ran over gui/markup/ and the capture modules too, not only the main window.
    contexts = {c.findtext("name") for c in root.iter("context")}
    assert {"MarkupEditor", "MarkupTools", "MarkupCanvas", "MarkupCommands", "CaptureFlow", "CaptureOverlay"} <= contexts
    assert "core" in contexts  # the Qt-free core's messages (core/text.py) are extracted too
    assert (TRANSLATIONS_DIR / "bugzot_de.qm").stat().st_size > 0


def test_a_core_message_is_shown_in_german(qtbot, qapp, translators, parts, tmp_path):
    from bugzot_desktop.core import imaging
    from bugzot_desktop.tasks.messages import translated

    translators.extend(install_translator(qapp, "de"))
    empty = tmp_path / "leer.png"
    empty.write_bytes(b"")
    with pytest.raises(imaging.ImageError) as caught:
        imaging.sniff(empty)
    assert str(caught.value) == "File leer.png is empty (0 bytes); capture or export the image again."  # the CLI's
    assert translated(caught.value) == ("Die Datei leer.png ist leer (0 Bytes); nehmen Sie das Bild erneut auf oder "
                                        "exportieren Sie es erneut.")
    html_png = tmp_path / "seite.png"
    html_png.write_bytes(b"<html><body>no</body></html>")
    parts.composer.add_files([html_png])
    qtbot.waitUntil(lambda: not parts.composer.busy and parts.window.status_text() != "", timeout=10_000)
    qtbot.waitUntil(lambda: parts.window.status_text().startswith("Die Datei seite.png ist eine HTML-Seite"), timeout=10_000)


def test_the_title_required_refusal_is_german_in_the_form_and_the_status_line(qtbot, qapp, translators, parts):
    translators.extend(install_translator(qapp, "de"))
    parts.window.form.ui.descriptionEdit.setPlainText("Es stürzt ab.")
    parts.window.submit_action.trigger()
    required = "Ein Titel ist erforderlich: Beschreiben Sie den Fehler in wenigen Worten."
    assert parts.window.form.problem_text() == required
    assert parts.window.status_text() == required + " Nichts wurde gesendet; alles, was Sie eingegeben haben, ist noch da."
    assert parts.outbox.list() == []


def test_settings_dialog_refusals_are_german(qtbot, qapp, translators):
    translators.extend(install_translator(qapp, "de"))
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    dlg.server_edit.setText("ftp://nirgendwo")
    dlg.buttons.accepted.emit()
    assert dlg.server_problem.text() == "Die Server-URL 'ftp://nirgendwo' muss mit http:// oder https:// beginnen."


def test_a_report_the_unreachable_server_could_not_take_says_so_in_german(qtbot, qapp, translators, build_app):
    translators.extend(install_translator(qapp, "de"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
        parts = build_app(Settings(server_url=url), with_flusher=True)
        lines: list[str] = []
        parts.presenter.message_changed.connect(lines.append)
        parts.window.form.ui.titleEdit.setText("Im Flugzeug geschrieben")
        parts.window.submit_action.trigger()
        waiting = "1 Bericht wartet; er wird gesendet, sobald der Server erreichbar ist"
        qtbot.waitUntil(lambda: parts.window.status_text() == waiting, timeout=30_000)
    not_sent = (f"Noch nicht gesendet: Der Server unter {url} war nicht erreichbar (Verbindung abgelehnt); der Bericht "
                "bleibt im Postausgang und wird gesendet, sobald der Server erreichbar ist. Der Bericht wartet im "
                "Postausgang und wird von selbst erneut versucht.")
    assert not_sent in lines


class _RefusingServer:
    """A loopback server that refuses every report with 422 and the server's own (English) detail."""

    DETAIL = "Field 'component' is not known here."

    def __init__(self) -> None:
        detail = self.DETAIL

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, status: int, data: dict) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._answer(200, {"status": "ok"})

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self._answer(422, {"detail": detail})

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


def test_the_outbox_window_shows_a_stored_refusal_in_the_language_of_the_moment(qtbot, qapp, translators, build_app):
    from bugzot_desktop.gui.outbox_view import COLUMNS

    translators.extend(install_translator(qapp, "de"))
    server = _RefusingServer()
    try:
        parts = build_app(Settings(server_url=server.url), with_flusher=True)
        parts.window.form.ui.titleEdit.setText("Abgelehnt")
        parts.window.submit_action.trigger()
        refused = (f"Der Server hat den Bericht abgelehnt (422: {_RefusingServer.DETAIL}). Bearbeiten Sie den Bericht "
                   "und senden Sie ihn erneut; er bleibt im Postausgang.")
        qtbot.waitUntil(lambda: parts.window.status_text().startswith(f"Der Server hat einen Bericht abgelehnt: {refused}"),
                        timeout=30_000)
    finally:
        server.stop()
    (entry,) = parts.outbox.list()
    assert entry.state == "failed" and entry.last_error.startswith("The server refused the report (422")  # stored English
    view, column = parts.outbox_view, COLUMNS.index("Last error")
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()
    assert view.table.item(0, column).text() == refused
    remove_translators(qapp, translators)  # read back from the database: the stored template, shown in English now
    translators.clear()
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()
    assert view.table.item(0, column).text() == entry.last_error


def test_form_labels_have_room_for_their_whole_text_in_german(qtbot, qapp, translators):
    """The widest label lost half its last letter ("Tatsächliches Ergebnis", "API-Toke…"): QLabel measures
    in whole pixels and clips the fractionally placed glyphs to that width (newcomer4 #7)."""
    import math

    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QFormLayout, QLabel

    from bugzot_desktop.gui.bug_form import BugForm

    translators.extend(install_translator(qapp, "de"))
    form = BugForm()
    dlg = SettingsDialog(Settings())
    for w in (form, dlg):
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
    seen = []
    for layout in (form.ui.formLayout, dlg.findChild(QFormLayout)):
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if not isinstance(label, QLabel) or not label.text():
                continue
            visible = label.text().replace("&", "")
            needed = math.ceil(QFontMetricsF(label.font()).horizontalAdvance(visible)) + 1
            assert label.contentsRect().width() >= needed, (visible, label.contentsRect().width(), needed)
            seen.append(visible)
    assert "Tatsächliches Ergebnis" in seen and "API-Token" in seen
