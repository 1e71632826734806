"""BugReporter: BugZot inside another PySide6 application (see bugzot_desktop/reporter.py).

It adds Help → Report a bug… to the application's main windows, and installs a
``sys.excepthook`` that opens the same form filled with the traceback. Either way
the report gets the environment, goes through the review, is written to an
outbox and is sent from a pool thread — the host's GUI never waits on the network.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
import weakref
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction, QWindow
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStatusBar, QWidget

from bugzot_desktop.core import delivery
from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.logtail import log_item
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.review import LOG_TAIL_KEY
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.core.wire import FIELD_LIMITS
from bugzot_desktop.gui.report_dialog import ReportDialog
from bugzot_desktop.gui.review_dialog import ReviewDialog
from bugzot_desktop.tasks.environment import gather
from bugzot_desktop.tasks.gc_guard import GuiThreadCollector
from bugzot_desktop.tasks.messages import translated
from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner

log = logging.getLogger(__name__)

ACTION_NAME = "bugzotReportBugAction"
ExcHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


MASKED_DIR = "masked"  # under the outbox's data dir: masked copies of text files, gone once queued


def send_report(outbox: Outbox, settings: Settings, report: Report) -> delivery.DeliveryOutcome:
    """Pool-thread half: queue durably, then try every due report (this one included) once."""
    try:
        outbox.add(report)
    finally:
        masked = outbox.data_dir / MASKED_DIR  # the outbox copied them (or refused the report): drop the copies
        for a in report.attachments:
            if a.path.parent == masked:
                a.path.unlink(missing_ok=True)
    outcomes = delivery.deliver_due(outbox, lambda: delivery.client_for(settings), settings)
    for out in outcomes:
        if out.client_id == report.client_id:
            return out
    return delivery.DeliveryOutcome(  # a core Text like every outcome's message: translated when shown
        report.client_id, delivery.RETRY, Text(QT_TRANSLATE_NOOP("core", "The report is waiting in the outbox."))
    )


def crash_title(exc_type: type[BaseException], exc: BaseException) -> str:
    """'Crash: ValueError: bad value', cut to the title limit."""
    title = f"Crash: {exc_type.__name__}: {exc}".strip().rstrip(":")
    title = " ".join(title.split())
    limit = FIELD_LIMITS["title"]
    return title if len(title) <= limit else title[: limit - 1] + "…"


class BugReporter(QObject):
    """The reporter of one host application.

    Signals: report_sent(url), report_queued(message), report_failed(message),
    crash_caught(traceback text).
    """

    report_sent = Signal(str)
    report_queued = Signal(str)
    report_failed = Signal(str)
    crash_caught = Signal(str)
    # Internal: an exception in a worker thread is carried to the GUI thread (queued) before any dialog opens.
    _crash_in_thread = Signal(str, str)

    def __init__(
        self,
        app: QApplication,
        *,
        settings: Settings,
        product: str,
        version: str,
        outbox: Outbox,
        log_file: str | os.PathLike[str] | None = None,
        review: bool = True,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(app)
        self._app = app
        self.settings = settings
        self.product = product
        self.version = version
        self.outbox = outbox
        self.log_file = Path(log_file) if log_file else None
        self.review = review
        self.runner = runner or TaskRunner(parent=self)
        # Our pool threads run Python: the host's Qt objects must not be collected there (tasks/gc_guard.py).
        self._collector = GuiThreadCollector(parent=self)
        self._previous_hook: ExcHook | None = None
        self._in_hook = False
        self._windows: weakref.WeakSet[QMainWindow] = weakref.WeakSet()
        # Windows made after install() get the menu when they first take focus.
        app.focusWindowChanged.connect(self._on_app_focus_window_changed)
        self._crash_in_thread.connect(self._on_self_crash_in_thread, Qt.ConnectionType.QueuedConnection)

    # -- menus --------------------------------------------------------------------
    def add_to_windows(self) -> None:
        """Add the action to every top-level main window that does not have it yet."""
        for w in self._app.topLevelWidgets():
            if isinstance(w, QMainWindow):
                self.add_to(w)

    def add_to(self, window: QMainWindow) -> QAction:
        """Help → Report a bug… in ``window``'s menu bar (its Help menu, or a new one)."""
        existing = window.findChild(QAction, ACTION_NAME)
        if existing is not None:
            return existing
        help_menu = self._help_menu(window)
        action = QAction(self.tr("Report a &bug…"), window)
        action.setObjectName(ACTION_NAME)
        action.setStatusTip(self.tr("Describe a problem and send it to the developers of {product}").format(product=self.product))
        action.triggered.connect(self._on_report_action_triggered)
        help_menu.addAction(action)
        self._windows.add(window)
        return action

    def _help_menu(self, window: QMainWindow) -> QMenu:
        bar = window.menuBar()
        names = {"help", self.tr("&Help").replace("&", "").lower()}
        for act in bar.actions():
            menu = act.menu()
            if isinstance(menu, QMenu) and act.text().replace("&", "").strip().lower() in names:
                return menu
        return bar.addMenu(self.tr("&Help"))

    # -- the exception hook ---------------------------------------------------------------
    def install_excepthook(self) -> None:
        if self._previous_hook is None:
            self._previous_hook = sys.excepthook
            sys.excepthook = self.excepthook

    def uninstall_excepthook(self) -> None:
        if self._previous_hook is not None and sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        self._previous_hook = None

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Print as before, then offer a report filled with the traceback (one at a time)."""
        if self._previous_hook is not None:
            self._previous_hook(exc_type, exc, tb)
        if issubclass(exc_type, KeyboardInterrupt):
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        if QThread.currentThread() is not self.thread():
            self._crash_in_thread.emit(crash_title(exc_type, exc), text)  # widgets only in the GUI thread
            return
        self._report_crash(crash_title(exc_type, exc), text)

    def _report_crash(self, title: str, text: str) -> None:
        if self._in_hook:  # one crash report at a time; later ones were printed by the previous hook
            return
        self._in_hook = True
        try:
            self.crash_caught.emit(text)
            # The traceback goes once, as the environment item the review shows; the field says what happened.
            last = text.rstrip().splitlines()[-1] if text.strip() else title
            actual = self.tr("The program stopped with %1 (the traceback is attached as the environment item "
                             "“traceback”).").replace("%1", last)
            self.report_bug(title=title, actual=actual, extra_environment={"traceback": text})
        except Exception:  # the hook must never raise: that would hide the first error
            log.exception("the bug reporter failed while handling an exception")
        finally:
            self._in_hook = False

    # -- reporting ------------------------------------------------------------------------
    def new_report(self, *, title: str = "", actual: str = "", extra_environment: dict[str, Any] | None = None) -> Report:
        """A report with the environment (and the log's tail, if configured) already attached."""
        env = gather(self.product, self.version)
        env.update(extra_environment or {})
        if self.log_file is not None:
            try:
                item = log_item(self.log_file, self.settings.log_lines)
                if item["text"]:  # an empty log says nothing: no empty item to review
                    env[LOG_TAIL_KEY] = item
            except BugzotError as exc:
                log.warning("log not attached: %s", exc)
        return Report(title=title, actual=actual, environment=env)

    def report_bug(
        self,
        parent: QWidget | None = None,
        *,
        title: str = "",
        actual: str = "",
        extra_environment: dict[str, Any] | None = None,
    ) -> Report | None:
        """Form → review → outbox and send. Returns the report as queued, or None if cancelled."""
        parent = parent or self._app.activeWindow()
        report = ReportDialog.ask(parent, self.new_report(title=title, actual=actual, extra_environment=extra_environment),
                                  product=self.product)
        if report is None:
            return None
        if self.review:
            report = ReviewDialog.review(parent, report, work_dir=self.outbox.data_dir / MASKED_DIR, runner=self.runner)
            if report is None:
                return None
        self.submit(report)
        return report

    def submit(self, report: Report) -> int:
        """Queue and send on the pool; the outcome arrives as a signal in the GUI thread."""
        return self.runner.submit(
            FunctionTask(send_report, self.outbox, self.settings, report, name="send bug report"),
            on_success=self._on_sent,
            on_failure=lambda message, _err: self.report_failed.emit(message),
        )

    def flush(self) -> int | None:
        """Try the reports that wait from earlier sessions (offline then); None if there are none."""
        if self.outbox.pending_count() == 0:
            return None
        settings = self.settings
        return self.runner.submit(
            FunctionTask(delivery.deliver_due, self.outbox, lambda: delivery.client_for(settings), settings,
                         name="send waiting bug reports"),
            on_success=self._on_flushed,
            on_failure=lambda message, _err: self.report_failed.emit(message),
        )

    def _on_flushed(self, outcomes: list[delivery.DeliveryOutcome]) -> None:
        for outcome in outcomes:
            self._on_sent(outcome)

    def _on_sent(self, outcome: delivery.DeliveryOutcome) -> None:
        if outcome.status == delivery.SENT:
            self.report_sent.emit(outcome.url)
        elif outcome.status == delivery.FAILED:
            self.report_failed.emit(translated(outcome.message))
        else:
            self.report_queued.emit(translated(outcome.message))
        text = {
            delivery.SENT: self.tr("Bug report sent: {url}").format(url=outcome.url),
            delivery.FAILED: self.tr("The bug report was refused: {reason}").format(reason=translated(outcome.message)),
        }.get(outcome.status, self.tr("The bug report is saved and will be sent when the server is reachable."))
        for w in list(self._windows):
            bar = w.findChild(QStatusBar)  # the host's status bar, if it has one; never add one
            if bar is not None:
                bar.showMessage(text)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Restore the previous hook and stop background work (bounded)."""
        self.uninstall_excepthook()
        try:
            self._app.focusWindowChanged.disconnect(self._on_app_focus_window_changed)
        except (RuntimeError, TypeError):  # already gone with the application
            pass
        self.runner.shutdown(timeout_ms)
        self._collector.stop()

    # -- slots ------------------------------------------------------------------------------
    @Slot()
    def _on_report_action_triggered(self) -> None:
        action = self.sender()
        parent = action.parent() if isinstance(action, QAction) else None
        self.report_bug(parent if isinstance(parent, QWidget) else None)

    @Slot(str, str)
    def _on_self_crash_in_thread(self, title: str, text: str) -> None:
        self._report_crash(title, text)

    @Slot(QWindow)
    def _on_app_focus_window_changed(self, _window: QWindow | None) -> None:
        self.add_to_windows()
