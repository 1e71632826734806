"""CaptureFlow: hide our windows, count down, grab, let the user choose, bring the windows back.

The flow decides; the overlay and the countdown badge only display. Modes:
``desktop`` (every screen), ``screen`` (one, by index), ``region`` (frozen
overlay on every screen), ``window`` (the window the user clicks; X11 via
xdotool), ``active_window`` (the focused window; X11 via xdotool).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from bugzot_desktop.core.geometry import Placement, Rect, compose_layout, default_x_screen, window_rect_in_image
from bugzot_desktop.gui.capture_overlay import CaptureOverlay, RegionSelection
from bugzot_desktop.tasks.capture import (
    PortalScreenshot,
    black_grab_is_failure,
    grab_desktop_layout,
    is_blank,
    portal_available,
    screen_infos,
    unavailable_reason,
)

MODES = ("desktop", "screen", "region", "window", "active_window")
SETTLE_MS = 250  # time for the window system to unmap our windows before the grab


def unavailable_message(reason: str) -> str:
    return QCoreApplication.translate(
        "CaptureFlow", "Screen capture is unavailable here ({reason}); use Attach file instead."
    ).format(reason=reason)


class CountdownBadge(QLabel):
    """A small always-on-top label: "Capturing in 3…". Hidden before the grab.

    Signals: clicked() — the user clicked it, or pressed Escape while it holds the keyboard (the flow
    cancels the capture).
    """

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        # While our windows hide, the badge is the only one shown: closing it is not "the last window
        # closed" (with the default WA_QuitOnClose the app quit there, the capture and the form lost).
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel { background: #222; color: white; font-size: 20px; font-weight: bold; padding: 12px; }")
        self.setMinimumSize(240, 60)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clicked.emit()
        else:
            super().keyPressEvent(event)

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            g = screen.availableGeometry()
            self.move(g.center().x() - self.width() // 2, g.top() + 40)
        self.show()


def _ended_with_us(program: str, args: list[str]) -> tuple[str, list[str]]:
    """``program args``, ended by the kernel if this process dies first (Linux, through util-linux's setpriv).

    ``xdotool selectwindow`` waits for a click for ever: when the app was killed during a window pick, it
    stayed behind holding the pointer until someone clicked. Without setpriv, or when ``program`` is not
    found (QProcess must still say it failed to start), it runs as it is."""
    if not sys.platform.startswith("linux"):
        return program, args
    setpriv, found = shutil.which("setpriv"), shutil.which(program)
    if setpriv is None or found is None:
        return program, args
    return setpriv, ["--pdeathsig", "TERM", found, *args]


class CaptureFlow(QObject):
    """One capture at a time; our ``windows`` hide during it and come back afterwards.

    Signals: captured(QImage), failed(str), cancelled(), countdown_changed(int) (seconds left).
    ``grab`` (default: tasks.capture.grab_desktop_layout) and ``unavailable`` (why capture cannot work
    here, or None) are injectable so tests can feed a known image on the offscreen platform.
    """

    captured = Signal(QImage)
    failed = Signal(str)
    cancelled = Signal()
    countdown_changed = Signal(int)

    def __init__(
        self,
        windows: Sequence[QWidget] = (),
        parent: QObject | None = None,
        *,
        grab: Callable[[], QImage] | None = None,
        settle_ms: int = SETTLE_MS,
        xdotool: str = "xdotool",
        unavailable: Callable[[], str | None] = unavailable_reason,
        black_is_failure: Callable[[], bool] = black_grab_is_failure,
    ) -> None:
        super().__init__(parent)
        self._windows = list(windows)
        self._grab = grab or self._grab_with_layout
        self._layout: list[Placement] | None = None  # from the real grab: true device pixel ratios
        self._settle_ms = settle_ms
        self._xdotool = xdotool
        self._unavailable = unavailable
        self._black_is_failure = black_is_failure
        self._hidden: list[QWidget] = []
        self._busy = False
        self._mode = "desktop"
        self._screen: int | None = None
        self._remaining = 0
        self._desktop = QImage()
        self._overlays: list[CaptureOverlay] = []
        self._selection: RegionSelection | None = None
        self._badge: CountdownBadge | None = None
        self._badge_window = -1  # X id of the "click the window" note (its click means cancel)
        self._process: QProcess | None = None
        self._portal: PortalScreenshot | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self._on_settle_timeout)
        self._window_settle = QTimer(self)
        self._window_settle.setSingleShot(True)
        self._window_settle.timeout.connect(self._on_window_settle_timeout)
        self._pending_window: tuple[int, Rect] | None = None
        self._xdotool_args: list[str] = []
        self._focus_candidate: tuple[int, int, Rect] | None = None  # (window id, X screen, geometry) of the focus

    @property
    def busy(self) -> bool:
        return self._busy

    def overlays(self) -> list[CaptureOverlay]:
        """The region overlays currently shown (for tests and screenshots)."""
        return list(self._overlays)

    def start(self, mode: str = "desktop", delay_s: int = 0, screen: int | None = None) -> None:
        """Begin a capture; the result arrives as ``captured``, ``failed`` or ``cancelled``."""
        if mode not in MODES:
            raise ValueError(f"capture mode {mode!r} is not one of {', '.join(MODES)}")
        if delay_s < 0:
            raise ValueError("delay must be 0 or more seconds")
        if self._busy:
            return
        self._busy, self._mode, self._screen = True, mode, screen
        reason = self._unavailable()
        if reason and not portal_available():
            QTimer.singleShot(0, self, lambda: self._finish_failed(unavailable_message(reason)))
            return
        self._hide_windows()
        self._remaining = int(delay_s)
        if self._remaining > 0:
            self._badge = CountdownBadge()
            self._badge.clicked.connect(self._on_badge_clicked)
            self._badge.show_text(self._countdown_text())
            self.countdown_changed.emit(self._remaining)
            self._tick.start()
        else:
            self._settle.start(self._settle_ms)

    def cancel(self) -> None:
        """Stop a countdown or an open overlay; emits ``cancelled``."""
        if self._busy:
            self._finish_cancelled()

    # -- steps -------------------------------------------------------------
    def _countdown_text(self) -> str:
        return self.tr("Capturing in {seconds}… (click here to cancel)").format(seconds=self._remaining)

    @Slot()
    def _on_badge_clicked(self) -> None:
        if self._tick.isActive():
            self.cancel()

    @Slot()
    def _on_tick_timeout(self) -> None:
        self._remaining -= 1
        self.countdown_changed.emit(self._remaining)
        if self._remaining > 0:
            if self._badge:
                self._badge.show_text(self._countdown_text())
            return
        self._tick.stop()
        self._close_badge()
        self._settle.start(self._settle_ms)

    @Slot()
    def _on_settle_timeout(self) -> None:
        if self._mode in ("window", "active_window"):
            self._start_window_query()
            return
        desktop = self._grab()
        if is_blank(desktop, black_is_blank=self._black_is_failure()):
            self._try_portal(self.tr("the grab came back empty or all black"))
            return
        self._use_desktop(desktop)

    def _use_desktop(self, desktop: QImage) -> None:
        self._desktop = desktop
        if self._mode == "desktop":
            self._finish_captured(desktop)
        elif self._mode == "screen":
            self._capture_screen(desktop)
        elif self._mode == "region":
            self._show_overlays(desktop)

    def _grab_with_layout(self) -> QImage:
        image, _bounds, self._layout = grab_desktop_layout()
        return image

    def _placements(self) -> list[Placement]:
        return self._layout if self._layout is not None else compose_layout(screen_infos())[1]

    def _capture_screen(self, desktop: QImage) -> None:
        placements = self._placements()
        index = self._screen if self._screen is not None else self._default_screen_index()
        if not 0 <= index < len(placements):
            n = len(placements)
            self._finish_failed(
                self.tr("There is no screen {index}; this machine has {count} (0–{last}).").format(
                    index=index, count=n, last=n - 1
                )
            )
            return
        t = placements[index].target
        self._finish_captured(desktop.copy(QRect(t.x, t.y, t.w, t.h)))

    def _default_screen_index(self) -> int:
        screens = QGuiApplication.screens()
        for w in self._hidden or self._windows:
            if w.screen() in screens:
                return screens.index(w.screen())
        primary = QGuiApplication.primaryScreen()
        return screens.index(primary) if primary in screens else 0

    def _show_overlays(self, desktop: QImage) -> None:
        self._selection = RegionSelection((desktop.width(), desktop.height()), self)
        self._selection.accepted.connect(self._on_selection_accepted)
        self._selection.cancelled.connect(self._on_selection_cancelled)
        for qs, pl in zip(QGuiApplication.screens(), self._placements(), strict=False):
            ov = CaptureOverlay(desktop, pl, self._selection)
            ov.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
            ov.setScreen(qs)
            ov.setGeometry(qs.geometry())
            ov.show()
            ov.activateWindow()
            self._overlays.append(ov)
        if self._overlays:
            self._overlays[0].setFocus()

    @Slot(QRect)
    def _on_selection_accepted(self, rect: QRect) -> None:
        self._finish_captured(self._desktop.copy(rect))

    @Slot()
    def _on_selection_cancelled(self) -> None:
        self._finish_cancelled()

    # -- window modes (X11 through xdotool) --------------------------------
    def _start_window_query(self) -> None:
        platform = QGuiApplication.platformName()
        if platform != "xcb":
            self._finish_failed(
                self.tr("Window capture works only on X11 (this session uses '{platform}'); use Region instead.").format(
                    platform=platform
                )
            )
            return
        if self._mode == "window":
            self._badge = CountdownBadge()
            self._badge.clicked.connect(self.cancel)  # Escape (xdotool has the pointer, not the keyboard)
            self._badge.show_text(self.tr("Click the window to capture (Esc or this note: cancel)"))
            self._badge.grabKeyboard()
            self._badge_window = int(self._badge.winId())  # a click on it reaches xdotool, which names it
            args = ["selectwindow", "getwindowgeometry", "--shell"]
        else:
            # The window manager's idea of "active" first; without one, the X input focus.
            args = ["getactivewindow", "getwindowgeometry", "--shell"]
        self._run_xdotool(args)

    def _run_xdotool(self, args: list[str]) -> None:
        self._xdotool_args = args
        self._process = QProcess(self)
        self._process.finished.connect(self._on_process_finished)
        self._process.errorOccurred.connect(self._on_process_error)
        self._process.start(*_ended_with_us(self._xdotool, args))

    @Slot(QProcess.ProcessError)
    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish_failed(
                self.tr("Window capture needs the xdotool program, which is not installed; use Region instead.")
            )

    @Slot(int, QProcess.ExitStatus)
    def _on_process_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        proc = self._process
        if proc is None or not self._busy:
            return
        self._close_badge()
        out = bytes(proc.readAllStandardOutput().data()).decode(errors="replace")
        if self._xdotool_args[0] == "selectwindow" and f"WINDOW={self._badge_window}" in out.split():
            self._finish_cancelled()  # the "click the window" note itself was clicked: cancel, as it says
            return
        if self._xdotool_args[0] == "search":  # the root windows, to judge the focused "window"
            self._drop_process()
            candidate, self._focus_candidate = self._focus_candidate, None
            roots = {int(w) for w in out.split() if w.isdigit()}
            if candidate is None or candidate[0] in roots:
                self._finish_failed(self.tr(
                    "The active window cannot be found: the input focus is on the desktop itself, not on a window; "
                    "click into the window first, or use Region instead. Nothing was attached."))
                return
            self._pending_window = candidate[1:]
            self._window_settle.start(self._settle_ms)
            return
        fields = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        try:
            x, y, w, h = (int(fields[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
            xscreen = int(fields.get("SCREEN", "0"))
        except (KeyError, ValueError):
            if self._xdotool_args[0] == "getactivewindow":
                self._drop_process()
                self._run_xdotool(["getwindowfocus", "getwindowgeometry", "--shell"])
                return
            err = bytes(proc.readAllStandardError().data()).decode(errors="replace").strip().splitlines()
            self._finish_failed(
                self.tr("Could not find the window to capture ({problem}); use Region instead.").format(
                    problem=err[0] if err else self.tr("no window")
                )
            )
            return
        if self._xdotool_args[0] == "getwindowfocus":
            # No window manager named an active window. Without one the input focus may sit on the root
            # window (the whole desktop): that is no window, and saying so beats attaching the whole screen.
            self._focus_candidate = (int(fields.get("WINDOW", "0") or 0), xscreen, Rect(x, y, w, h))
            self._drop_process()
            self._run_xdotool(["search", "--maxdepth", "0", ""])
            return
        self._pending_window = (xscreen, Rect(x, y, w, h))
        # Let the "click the window" badge disappear from the screen before grabbing.
        self._window_settle.start(self._settle_ms)

    @Slot()
    def _on_window_settle_timeout(self) -> None:
        if self._pending_window is None or not self._busy:
            return
        xscreen, window = self._pending_window
        self._pending_window = None
        desktop = self._grab()
        if is_blank(desktop, black_is_blank=self._black_is_failure()):
            self._finish_failed(unavailable_message(self.tr("the grab came back empty or all black")))
            return
        rect = window_rect_in_image(self._placements(), xscreen, window,
                                    default_screen=default_x_screen(os.environ.get("DISPLAY")))
        if rect.is_empty():
            self._finish_failed(self.tr("The window is not on any screen; use Region instead."))
            return
        self._finish_captured(desktop.copy(QRect(rect.x, rect.y, rect.w, rect.h)))

    # -- portal --------------------------------------------------------------
    def _try_portal(self, why: str) -> None:
        if not portal_available():
            self._finish_failed(unavailable_message(why))
            return
        self._portal = PortalScreenshot(self)
        self._portal.finished.connect(self._on_portal_finished)
        self._portal.failed.connect(self._on_portal_failed)
        self._portal.request(interactive=self._mode in ("region", "window", "active_window"))

    @Slot(QImage)
    def _on_portal_finished(self, image: QImage) -> None:
        # The portal already let the user choose; no overlay on top of that.
        self._finish_captured(image)

    @Slot(str)
    def _on_portal_failed(self, message: str) -> None:
        self._finish_failed(self.tr("{problem} Use Attach file instead.").format(problem=message))

    # -- endings ---------------------------------------------------------------
    def _hide_windows(self) -> None:
        self._hidden = [w for w in self._windows if w.isVisible()]
        for w in self._hidden:
            w.hide()

    def _cleanup(self) -> None:
        self._tick.stop()
        self._settle.stop()
        self._window_settle.stop()
        self._pending_window = None
        self._close_badge()
        for ov in self._overlays:
            ov.close()
            ov.deleteLater()
        self._overlays.clear()
        if self._selection is not None:
            self._selection.deleteLater()
            self._selection = None
        self._drop_process()
        for w in self._hidden:
            w.show()
        self._hidden = []
        self._desktop = QImage()
        self._layout = None
        self._busy = False

    def _drop_process(self) -> None:
        if self._process is not None:
            proc, self._process = self._process, None
            proc.finished.disconnect(self._on_process_finished)
            proc.errorOccurred.disconnect(self._on_process_error)
            if proc.state() != QProcess.ProcessState.NotRunning:
                proc.kill()
                proc.waitForFinished(1000)
            proc.deleteLater()

    def _close_badge(self) -> None:
        if self._badge is not None:
            self._badge.releaseKeyboard()
            self._badge.close()
            self._badge.deleteLater()
            self._badge = None

    def _finish_captured(self, image: QImage) -> None:
        self._cleanup()
        # The whole grab was already checked for "all black"; a chosen part of it may be black (a terminal).
        if is_blank(image, black_is_blank=False):
            self.failed.emit(unavailable_message(self.tr("the captured area is empty or black")))
        else:
            self.captured.emit(image)

    def _finish_failed(self, message: str) -> None:
        self._cleanup()
        self.failed.emit(message)

    def _finish_cancelled(self) -> None:
        self._cleanup()
        self.cancelled.emit()

