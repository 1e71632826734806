"""Give any PySide6 application a bug reporter: ``install(app, server=…, product=…, version=…)``.

The app gets Help → Report a bug… in its main windows and an uncaught-exception
hook that opens the report form filled with the traceback and the environment.
Reports go through the review step, wait in an outbox when offline and are sent
exactly once. This module is the public facade; the widgets live in ``gui/``.

Example::

    app = QApplication(sys.argv)
    window = MainWindow()
    window.show()
    reporter = bugzot_desktop.reporter.install(app, server="https://bugs.example.com",
                                               product="Notepad", version="1.2")
    sys.exit(app.exec())
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.paths import data_dir as default_data_dir
from bugzot_desktop.core.settings import Settings, prepare_keyring
from bugzot_desktop.gui.bug_reporter import BugReporter

__all__ = ["BugReporter", "install"]


def install(
    app: QApplication,
    *,
    server: str,
    product: str,
    version: str,
    token: str = "",
    data_dir: str | os.PathLike[str] | None = None,
    log_file: str | os.PathLike[str] | None = None,
    log_lines: int = 200,
    review: bool = True,
    excepthook: bool = True,
) -> BugReporter:
    """Install the reporter into ``app`` and return it (keep it; ``shutdown()`` undoes the hook).

    ``server`` is the BugZot server URL; ``token`` its API token (empty for an open server).
    Reports wait in ``data_dir`` (default: BugZot's data dir, under ``reporter/``).
    ``log_file``: the last ``log_lines`` lines are offered with each report.
    """
    settings = Settings(server_url=server, api_token=token, log_lines=log_lines)
    settings.validate()
    prepare_keyring()  # find the backend now, not on the first send's worker thread (a GUI stall)
    folder = Path(data_dir) if data_dir is not None else default_data_dir() / "reporter"
    reporter = BugReporter(
        app,
        settings=settings,
        product=product,
        version=version,
        outbox=Outbox(folder),
        log_file=log_file,
        review=review,
    )
    reporter.add_to_windows()
    reporter.flush()  # reports left waiting by an earlier, offline session go out now
    if excepthook:
        reporter.install_excepthook()
    return reporter
