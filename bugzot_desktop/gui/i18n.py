"""Installs the user-interface translation: ``--lang`` if given, else the system locale.

Translations are ``resources/translations/bugzot_<lang>.qm`` (compiled with
pyside6-lrelease from the .ts that pyside6-lupdate extracts from gui/ and ui/).
English is the source language, so "no file found" is normal, not an error.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOG = "bugzot"
# Source tree and PyInstaller bundle alike keep resources/ beside the package directory.
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"


def locale_for(lang: str | None) -> QLocale:
    """The locale a --lang value names ('de', 'de_DE', 'de-AT'), or the system locale."""
    if lang:
        return QLocale(lang.replace("-", "_"))
    return QLocale.system()


def install_translator(
    app: QCoreApplication, lang: str | None = None, *, directory: Path | None = None
) -> list[QTranslator]:
    """Load and install our catalog (and Qt's own, for standard buttons) for ``lang``.

    Returns the installed translators (parented to ``app`` so they live as long as it);
    an empty list means the UI stays in English.
    """
    locale = locale_for(lang)
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    # load(QLocale, ...) tries each of the locale's UI languages: bugzot_de_AT, bugzot_de, ...
    if ours.load(locale, CATALOG, "_", str(directory or TRANSLATIONS_DIR)):
        app.installTranslator(ours)
        installed.append(ours)
        qt_own = QTranslator(app)
        if qt_own.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            installed.append(qt_own)
        else:
            qt_own.deleteLater()
        QLocale.setDefault(locale)  # numbers and dates follow the language we show
    else:
        ours.deleteLater()
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo :func:`install_translator` (tests, or switching language at run time)."""
    for t in translators:
        app.removeTranslator(t)
        t.deleteLater()
    QLocale.setDefault(QLocale.system())
