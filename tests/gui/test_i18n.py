"""gui/i18n.py: --lang (or the system locale) picks the shipped German translation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from bugzot_desktop.core.report import Report
from bugzot_desktop.gui.i18n import TRANSLATIONS_DIR, install_translator, locale_for, remove_translators
from bugzot_desktop.gui.review_dialog import ReviewDialog


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
    assert (TRANSLATIONS_DIR / "bugzot_de.qm").stat().st_size > 0
