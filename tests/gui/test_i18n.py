"""gui/i18n.py: --lang (or the system locale) picks the shipped German translation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
    assert QCoreApplication.translate("CaptureFlow", "Click the window to capture") == (
        "Klicken Sie auf das aufzunehmende Fenster"
    )


def test_settings_dialog_new_rows_are_german(qtbot, qapp, translators):
    translators.extend(install_translator(qapp, "de"))
    dlg = SettingsDialog(Settings())
    qtbot.addWidget(dlg)
    assert dlg.review_check.text() == "Vor dem Senden prüfen, &was gesendet wird"
    assert dlg.browse_button.text() == "&Durchsuchen …"


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
