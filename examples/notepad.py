"""A tiny PySide6 notepad that ships BugZot's reporter: the whole integration is one call.

Run it against a local server (with BugZot installed: ``pip install -e .``, or
``PYTHONPATH=.`` from a source checkout)::

    bugzot-server --open &
    python examples/notepad.py --server http://127.0.0.1:8000

Help → Report a bug… opens the report form; Tools → Crash raises an uncaught
exception, and the reporter offers a report filled with the traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

import bugzot_desktop.reporter

PRODUCT, VERSION = "Notepad Example", "1.0"


class NotepadWindow(QMainWindow):
    """A text editor with File, Tools and Help menus (the reporter adds to Help)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Notepad Example"))
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("Text"))
        self.setCentralWidget(self.editor)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        tools = self.menuBar().addMenu(self.tr("&Tools"))
        self.crash_action = QAction(self.tr("&Crash"), self)
        self.crash_action.setObjectName("crashAction")
        self.crash_action.triggered.connect(self.crash)
        tools.addAction(self.crash_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&About"), lambda: None)
        self.statusBar().showMessage(self.tr("Ready"))

    def crash(self) -> None:
        """A bug on purpose: the reporter's exception hook catches it."""
        words = self.editor.toPlainText().split()
        print(f"average word length: {sum(map(len, words)) / len(words)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8000", help="BugZot server URL")
    parser.add_argument("--token", default="", help="API token (empty for an open server)")
    parser.add_argument("--data-dir", help="where unsent reports wait")
    args, qt_args = parser.parse_known_args(argv)
    log_file = Path.home() / ".notepad-example.log"
    logging.basicConfig(filename=log_file, level=logging.INFO)
    app = QApplication([sys.argv[0], *qt_args])
    window = NotepadWindow()
    window.show()
    reporter = bugzot_desktop.reporter.install(
        app, server=args.server, token=args.token, product=PRODUCT, version=VERSION,
        data_dir=args.data_dir, log_file=log_file,
    )
    try:
        return app.exec()
    finally:
        reporter.shutdown()


if __name__ == "__main__":
    raise SystemExit(main())
