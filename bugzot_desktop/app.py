"""The composition root: builds the objects of the desktop app and wires them together.

``run_gui(args)`` is what `bugzot` (no sub-command) calls. :func:`build` makes every
object for a given data dir and settings, so tests and the Xvfb driver run the very
same wiring without the event loop or a QApplication of their own.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from bugzot_desktop import APP_NAME, __version__
from bugzot_desktop.core import paths, procpool
from bugzot_desktop.core.drafts import DraftStore
from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.logtail import log_item
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.review import LOG_TAIL_KEY
from bugzot_desktop.core.settings import (
    Settings,
    load_settings_or_defaults,
    prepare_keyring,
    same_server,
    save_settings,
)
from bugzot_desktop.gui.composer import ReportComposer, default_environment
from bugzot_desktop.gui.main_window import MainWindow
from bugzot_desktop.gui.outbox_view import OutboxView
from bugzot_desktop.gui.single_instance import AlreadyOpen, CannotStart, InstanceServer, hand_over
from bugzot_desktop.gui.status import StatusPresenter, ready_line, settings_not_saved_line, settings_saved_line
from bugzot_desktop.tasks.gc_guard import GuiThreadCollector
from bugzot_desktop.tasks.messages import translated
from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner

log = logging.getLogger(__name__)
SIGNAL_TICK_MS = 250  # how soon a SIGTERM/SIGINT is acted on while the event loop runs

GIL_SWITCH_INTERVAL_S = 0.001

ICON_CANDIDATES = (
    Path(__file__).resolve().parent / "resources" / "icons" / "bugzot.svg",  # installed package data
    Path(__file__).resolve().parent.parent / "resources" / "icons" / "bugzot.svg",  # source checkout
)


def app_icon() -> QIcon:
    for p in ICON_CANDIDATES:
        if p.is_file():
            return QIcon(str(p))
    return QIcon()


def session_environment(settings: Settings) -> dict[str, Any]:
    """The environment sent with a report: this process, plus the log's tail when one is configured."""
    env = default_environment()
    if settings.log_file:
        try:
            env[LOG_TAIL_KEY] = log_item(Path(settings.log_file), settings.log_lines)
        except BugzotError as exc:
            log.warning("log not attached: %s", exc)
    return env


def make_flusher(outbox: Outbox, runner: TaskRunner, settings: Callable[[], Settings], parent: QObject | None) -> Any | None:
    """The outbox flusher (tasks/flusher.py); it builds a client from the current settings for each send."""
    try:
        from bugzot_desktop.core.delivery import client_for
        from bugzot_desktop.tasks.flusher import OutboxFlusher
    except ImportError:  # pragma: no cover - the delivery part is not installed
        log.warning("tasks.flusher is not available; reports wait in the outbox")
        return None
    return OutboxFlusher(outbox, runner, lambda: client_for(settings()), settings(), parent=parent)


def _attention_of(outbox: Outbox) -> Callable[[str], list[str]]:
    """For the status line after a send: what the user should hear of how that report's files went out."""

    def of(client_id: str) -> list[str]:
        from bugzot_desktop.core.delivery import attention  # with the flusher: the sending side

        return list(attention(outbox.get(client_id)))

    return of


@dataclass
class SessionSettings:
    """The settings as saved, and the server this session talks to instead (``--with-local-server``).

    The Settings dialog shows and saves ``saved``; every send uses :attr:`effective`. Choosing another
    server URL in the dialog ends the session's override (the user picked where reports go)."""

    saved: Settings
    session_url: str | None = None

    @property
    def effective(self) -> Settings:
        return replace(self.saved, server_url=self.session_url) if self.session_url else self.saved


@dataclass
class AppParts:
    """Every long-lived object of one app session (what :func:`build` made)."""

    data_dir: Path
    settings: Settings  # effective: what sends use (see SessionSettings)
    runner: TaskRunner
    outbox: Outbox
    drafts: DraftStore
    flusher: Any | None
    composer: ReportComposer
    presenter: StatusPresenter
    window: MainWindow
    outbox_view: OutboxView
    capture_flow: Any | None = None
    extras: list[QObject] = field(default_factory=list)
    session: SessionSettings | None = None


class _Wiring(QObject):
    """Glue between objects that do not know each other (settings persistence, outbox refresh)."""

    def __init__(self, parts: AppParts) -> None:
        super().__init__(parts.window)
        self.parts = parts

    def current_settings(self) -> Settings:
        return self.parts.settings

    @Slot(object)
    def _on_window_settings_changed(self, new: Settings) -> None:
        p = self.parts
        session = p.session or SessionSettings(p.settings)
        old = session.effective
        if session.session_url and not same_server(new.server_url, session.saved.server_url):
            session.session_url = None  # another server chosen in the dialog: this session follows it
        session.saved = new
        p.settings = eff = session.effective
        if p.flusher is not None:
            p.flusher.settings = eff  # compression limits; the client is rebuilt from settings per send
            p.flusher.retry_refused(old, eff)  # those the old URL or token failed go again by themselves
            p.flusher.kick()  # a new server or token: try the waiting reports there now
        still_local = session.session_url

        def saved(_r: object) -> None:
            line = settings_saved_line()
            if still_local:
                line += " " + self.tr("This session keeps sending to the bundled server at %1.").replace("%1", still_local)
            p.presenter.say(line)

        p.runner.submit(
            FunctionTask(save_settings, p.data_dir, new, name="save settings"),  # as saved: never the session's URL
            on_success=saved,
            on_failure=lambda m, _e: p.presenter.say(settings_not_saved_line(m)),
        )

    @Slot()
    def _on_window_outbox_requested(self) -> None:
        v = self.parts.outbox_view
        v.show()
        v.raise_()
        v.activateWindow()
        v.refresh()

    @Slot(object)
    def _on_outbox_view_edit_requested(self, report: Any) -> None:
        self.parts.window.edit_waiting_report(report)
        self.parts.window.show()
        self.parts.window.raise_()
        self.parts.window.activateWindow()

    @Slot()
    def _on_anything_changed(self) -> None:
        if self.parts.outbox_view.isVisible():
            self.parts.outbox_view.refresh()


def _kick(flusher: Any | None) -> Callable[[], None]:
    return (lambda: flusher.kick()) if flusher is not None else (lambda: None)


def build(
    data_dir: Path,
    settings: Settings,
    *,
    grab: Callable[[], QImage] | None = None,
    capture_unavailable: Callable[[], str | None] | None = None,
    autosave_delay_ms: int | None = None,
    with_flusher: bool = True,
    session_server_url: str | None = None,
    drafts: DraftStore | None = None,
) -> AppParts:
    """Make and wire every object of the app (needs a QApplication).

    ``settings`` are the saved ones; ``session_server_url`` (the bundled server of ``--with-local-server``)
    is where this session sends instead, without being saved."""
    # Pool threads (upload streaming, staging) run Python too; at the default 5 ms GIL switch
    # interval the GUI thread can wait that long, more than once, for the GIL. 1 ms keeps the
    # event loop's longest stall under a frame (bench/ui_stall.py: ~20 -> ~9 ms after Submit).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    prepare_keyring()  # its imports would otherwise run on the first upload's worker, under the GIL
    runner = TaskRunner()
    outbox = Outbox(data_dir)
    drafts = drafts or DraftStore(data_dir)
    drafts.claim()  # before anything is staged (run_gui claimed already: a second window hands over)
    found = drafts.load()
    if found is not None and found[1]:
        # The app stopped while a waiting report was open for editing: hold it back again before anything
        # can send its old version (offer_draft lets it go if the user declines the draft).
        outbox.hold(found[0].client_id)
    presenter = StatusPresenter(attention=_attention_of(outbox))
    # Sent reports older than a week go, files and all (an outbox of originals grows by megabytes a report).
    runner.submit(FunctionTask(outbox.purge_old_sent, name="forget old sent reports"))
    # Staged captures no saved draft refers to (a crash before the draft save, mark-up redone) go too.
    runner.submit(FunctionTask(drafts.sweep_staging, time.time(), name="sweep staged captures"))
    # The session's settings (changed by the dialog): the dialog sees the saved ones, sends the effective ones.
    session = SessionSettings(settings, session_server_url)
    flusher = make_flusher(outbox, runner, lambda: session.effective, None) if with_flusher else None
    kw: dict[str, Any] = {} if autosave_delay_ms is None else {"autosave_delay_ms": autosave_delay_ms}
    composer = ReportComposer(runner, outbox, drafts, kick=_kick(flusher),
                              environment=lambda: session_environment(session.effective), **kw)
    window = MainWindow(composer, presenter, settings=lambda: session.saved, data_dir=str(data_dir))
    window.setWindowIcon(app_icon())
    outbox_view = OutboxView(runner, outbox, _kick(flusher), parent=window,
                             settings_url=lambda: session.effective.server_url)
    window.companions.append(outbox_view)
    parts = AppParts(data_dir, session.effective, runner, outbox, drafts, flusher, composer, presenter, window,
                     outbox_view, session=session)
    wiring = _Wiring(parts)
    parts.extras.append(wiring)
    window.settings_changed.connect(wiring._on_window_settings_changed)
    window.outbox_requested.connect(wiring._on_window_outbox_requested)
    outbox_view.edit_requested.connect(wiring._on_outbox_view_edit_requested)
    composer.submitted.connect(wiring._on_anything_changed)

    try:
        from bugzot_desktop.gui.capture_flow import CaptureFlow
    except ImportError:  # pragma: no cover - capture flow absent
        CaptureFlow = None  # noqa: N806
    if CaptureFlow is not None:
        cf_kw: dict[str, Any] = {}
        if grab is not None:
            cf_kw["grab"] = grab
        if capture_unavailable is not None:
            cf_kw["unavailable"] = capture_unavailable
        parts.capture_flow = CaptureFlow([window, outbox_view], window, **cf_kw)
        window.use_capture_flow(parts.capture_flow)

    if flusher is not None:
        flusher.pending_count_changed.connect(presenter._on_flusher_pending_count_changed)
        flusher.online_changed.connect(presenter._on_flusher_online_changed)
        flusher.progress.connect(presenter._on_flusher_progress)
        flusher.report_sent.connect(presenter._on_flusher_report_sent)
        flusher.report_failed.connect(presenter._on_flusher_report_failed)
        flusher.report_deferred.connect(presenter._on_flusher_report_deferred)
        for sig in (flusher.pending_count_changed, flusher.report_sent, flusher.report_failed, flusher.report_deferred):
            sig.connect(wiring._on_anything_changed)  # an attempt that ends in a retry changes the row too
    presenter.say(ready_line(session.effective.server_url))
    if outbox.notice:
        presenter.say(translated(outbox.notice))
    return parts


def shutdown(parts: AppParts) -> None:
    """Stop background work (bounded waits, no thread is ever terminated)."""
    if parts.capture_flow is not None and getattr(parts.capture_flow, "busy", False):
        parts.capture_flow.cancel()
    if parts.flusher is not None:
        parts.flusher.shutdown()
    parts.runner.shutdown()
    if parts.flusher is not None:
        parts.flusher.net.shutdown()  # its uploads and probes: cancelled above, waited for here (bounded)
    procpool.shutdown()  # after the runner: no task waits on a worker process any more
    parts.drafts.release()


def offer_draft(parts: AppParts) -> bool:
    """If a draft was left behind, ask to restore it; a declined draft is deleted with its captures.

    A report set aside for an edit (the app stopped while editing) comes back too: into the form
    when the edit's draft is not restored, else once that edit is saved or stopped.
    """
    parked = parts.drafts.parked()
    found = parts.drafts.load()
    restored = False
    if found is not None:
        report, editing = found
        saved_at = parts.drafts.path.stat().st_mtime if parts.drafts.path.exists() else None
        if parts.window.offer_draft(report, editing, saved_at):
            restored = True
        else:
            if editing:
                parts.outbox.unhold(report.client_id)  # the edit is dropped: the report may go as it was
            parts.drafts.discard()
            staged = [a.path for a in report.attachments] + [a.source_path for a in report.attachments if a.source_path]
            parts.drafts.remove_staged(staged)
    if parked is not None:
        if restored and not parts.composer.editing:  # two new reports: the set-aside one is kept as a file
            kept = parts.drafts.keep_aside(parked)
            parts.drafts.unpark()
            parts.presenter.say(QCoreApplication.translate("MainWindow", "Another unsent report was kept in %1.")
                                .replace("%1", str(kept)))
        else:
            parts.composer.adopt_parked(parked)
            restored = True
    return restored


@contextlib.contextmanager
def _quit_on_termination(app: QApplication) -> Iterator[None]:
    """SIGTERM (a logout, `kill`, systemd) and SIGINT (Ctrl+C in a terminal) end the session as the Quit action
    does: the event loop returns and shutdown() stops the workers, the bundled server and the image processes.
    Python runs a signal handler only when it gets control, so a timer hands it control a few times a second."""
    import signal

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    for sig in previous:
        signal.signal(sig, lambda _signum, _frame: _end_session(app))
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(SIGNAL_TICK_MS)
    try:
        yield
    finally:
        tick.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _end_session(app: QApplication) -> None:
    """SIGTERM/SIGINT: an open mark-up editor keeps its drawing (no question), then the event loops end.

    run_gui then writes the draft at once, so what was typed or drawn is there at the next start."""
    try:
        from bugzot_desktop.gui.markup_editor import MarkupEditor
    except ImportError:
        MarkupEditor = None  # noqa: N806 - a build without the editor
    if MarkupEditor is not None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MarkupEditor) and widget.isVisible():
                widget.keep_and_close()
    app.quit()


def _hand_over(data_dir: Path) -> int:
    """Another app has this data dir: bring its window up and end (two would overwrite each other's drafts)."""
    if hand_over(data_dir):
        print(f"bugzot: BugZot is already open for {data_dir}; its window was brought to the front.", file=sys.stderr)
        return 0
    message = QCoreApplication.translate(
        "App", "BugZot is already open for the data folder %1 in another process, which did not answer. Use its "
        "window, or start BugZot with another data folder (--data-dir)."
    ).replace("%1", str(data_dir))
    AlreadyOpen.tell(message)  # started from a menu, a line on stderr is never seen
    print(f"bugzot: {message}", file=sys.stderr)
    return 1


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window; returns the exit code."""
    if QApplication.instance() is None:
        from bugzot_desktop.core.display import display_problem

        problem = display_problem()  # Qt would abort the process (and advise reinstalling)
        if problem:
            raise BugzotError(f"The window cannot open here ({problem}). Start BugZot from your desktop session, "
                              "or set DISPLAY to a running X server; `bugzot report` files reports without a window.")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    collector = GuiThreadCollector()  # Qt objects are never destroyed by a collection in a pool thread
    try:
        return _run_gui(app, args)
    finally:
        collector.stop()


@contextlib.contextmanager
def _told_in_a_dialog() -> Iterator[None]:
    """A problem that keeps the window from opening is shown in a dialog as well as on stderr (main prints
    it): started from a menu or a launcher, nobody sees stderr, and the app seemed not to start at all."""
    try:
        yield
    except BugzotError as exc:
        CannotStart.tell(translated(exc))
        raise


def _run_gui(app: QApplication, args: argparse.Namespace) -> int:
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(app_icon())
    with contextlib.suppress(ImportError):
        from bugzot_desktop.gui import i18n

        i18n.install_translator(app, getattr(args, "lang", None))
    with _told_in_a_dialog():
        data_dir = paths.data_dir(getattr(args, "data_dir", None))
        drafts = DraftStore(data_dir)
        claimed = drafts.claim()
    if not claimed:
        return _hand_over(data_dir)
    # A hand-edited settings file with a wrong value must not keep the window from opening.
    settings, settings_problem = load_settings_or_defaults(data_dir)
    with contextlib.ExitStack() as stack:
        stack.callback(drafts.release)  # also when the window never opens (shutdown() releases it too)
        # Listening at once (a double-click on a launcher starts two within a second; the bundled server
        # takes a second or two to start), and its socket file removed at the end.
        instance = InstanceServer(data_dir)
        stack.callback(instance.close)
        with _told_in_a_dialog():
            if getattr(args, "with_local_server", False):
                from bugzot_desktop.local_server import LocalServer

                server = stack.enter_context(LocalServer(data_dir / "local-server"))
                session_url: str | None = server.url  # this session talks to it; the saved setting stays as it was
            else:
                session_url = None
            parts = build(data_dir, settings, session_server_url=session_url, drafts=drafts)
        instance.activated.connect(parts.window.bring_to_front)
        if settings_problem:
            log.warning("%s", settings_problem)
            parts.presenter.say(translated(settings_problem))  # once; the file stays as it is until settings are saved
        parts.window.show()
        offer_draft(parts)
        if parts.flusher is not None:
            parts.flusher.kick()
        stack.enter_context(_quit_on_termination(app))
        try:
            code = app.exec()
            # Quit closed the window (and saved); SIGTERM only ends the loop: save what the form holds now.
            try:
                parts.composer.save_draft_now()
            except BugzotError as exc:
                log.warning("draft not saved at the end of the session: %s", exc)
        finally:
            shutdown(parts)
            parts.window.deleteLater()
    return int(code)

