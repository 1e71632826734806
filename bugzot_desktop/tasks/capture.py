"""Screen capture: grab screens in device pixels and compose the virtual desktop.

QtGui only (no widgets). Grabbing must happen in the GUI thread — QScreen is a
GUI-thread object — so these are plain functions, not Tasks; they are fast.
Where the platform hands back nothing useful (offscreen, Wayland without a
portal), callers get a :class:`CaptureUnavailableError` rather than a black image.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import SLOT, QCoreApplication, QObject, QRect, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QScreen

from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.geometry import Placement, Rect, ScreenInfo, compose_layout, device_length

__all__ = [
    "CaptureUnavailableError",
    "grab_desktop",
    "grab_desktop_layout",
    "grab_screen",
    "grab_device_rect",
    "is_blank",
    "black_grab_is_failure",
    "screen_infos",
    "unavailable_reason",
    "portal_available",
    "PortalScreenshot",
]

_portal_tokens = itertools.count(1)


class CaptureUnavailableError(BugzotError):
    """Screen capture gave nothing usable on this platform; the message says what to do instead."""


def screen_info(screen: QScreen, desktop: int = 0, grab: QImage | None = None) -> ScreenInfo:
    """A QScreen as the pure geometry model (logical rect, device pixel ratio).

    With ``grab``, the ratio is the grab's width over the logical width: the pixels
    are the truth. (Qt on separate X screens with QT_SCREEN_SCALE_FACTORS reports a
    geometry and a devicePixelRatio that disagree; the grab never lies about its size.)
    """
    g = screen.geometry()
    dpr = float(screen.devicePixelRatio())
    if grab is not None and not grab.isNull() and g.width() > 0:
        dpr = grab.width() / g.width()
    return ScreenInfo(screen.name(), Rect(g.x(), g.y(), g.width(), g.height()), dpr, desktop=desktop)


def screen_infos(screens: list[QScreen] | None = None, grabs: list[QImage] | None = None) -> list[ScreenInfo]:
    """Every screen (or the given ones) as :class:`ScreenInfo`, in QGuiApplication order.

    Screens that are not virtual siblings (separate X screens) get separate ``desktop`` numbers.
    ``grabs`` (one per screen) give the true device pixel ratio; see :func:`screen_info`.
    """
    qscreens = screens if screens is not None else QGuiApplication.screens()
    desktops: list[list[QScreen]] = []
    out = []
    for n, s in enumerate(qscreens):
        grab = grabs[n] if grabs is not None else None
        for i, members in enumerate(desktops):
            if any(m in s.virtualSiblings() for m in members):
                members.append(s)
                out.append(screen_info(s, i, grab))
                break
        else:
            desktops.append([s])
            out.append(screen_info(s, len(desktops) - 1, grab))
    return out


def unavailable_reason() -> str | None:
    """Why capture cannot work on this platform at all, or None if it may."""
    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal", "vnc"):
        return QCoreApplication.translate("Capture", "the Qt platform is '{platform}', which has no real screen").format(
            platform=platform
        )
    if not QGuiApplication.screens():
        return QCoreApplication.translate("Capture", "no screen is connected")
    return None


def black_grab_is_failure(platform: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a desktop grab of one solid black means the capture failed on this platform.

    On X11 proper the server hands back its framebuffer, so an all-black desktop is
    what is on the screen: a blank kiosk, an Xvfb with nothing on it, the very
    "the screen went black" bug being reported. Everywhere else black is how a
    refused grab looks: Wayland; an X client under a Wayland session (XWayland shows
    Wayland windows to X clients as black); Windows (the secure desktop, protected
    content); macOS without the screen-recording permission.
    """
    platform = QGuiApplication.platformName() if platform is None else platform
    environ = os.environ if environ is None else environ
    return not (platform == "xcb" and not environ.get("WAYLAND_DISPLAY"))


def grab_screen(screen: QScreen) -> QImage:
    """One screen's pixels at device resolution (devicePixelRatio reset to 1)."""
    img = screen.grabWindow(0).toImage()
    if not img.isNull():
        img.setDevicePixelRatio(1.0)
    return img


def grab_desktop_layout(screens: list[QScreen] | None = None) -> tuple[QImage, Rect, list[Placement]]:
    """Like :func:`grab_desktop`, plus the layout used: the bounds and where each screen landed.

    Overlays and region maths must use these placements (they carry the true device pixel ratios).
    """
    qscreens = screens if screens is not None else QGuiApplication.screens()
    if not qscreens:
        return QImage(), Rect(0, 0, 0, 0), []
    grabs = [grab_screen(qs) for qs in qscreens]
    bounds, placements = compose_layout(screen_infos(qscreens, grabs))
    out = QImage(bounds.w, bounds.h, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(0)
    painter = QPainter(out)
    try:
        for img, pl in zip(grabs, placements, strict=True):
            if img.isNull():
                continue
            t = pl.target
            # Exact device pixels: the target has the grab's size (rounding aside), so this copies, not scales.
            painter.drawImage(QRect(t.x, t.y, t.w, t.h), img, QRect(0, 0, img.width(), img.height()))
    finally:
        painter.end()
    return out, bounds, placements


def grab_desktop(screens: list[QScreen] | None = None) -> QImage:
    """Every screen composed at its virtual-desktop position, in device pixels.

    The result's (0, 0) is the top-left of the bounding box of all screens
    (a screen left of the primary has a negative origin and lands at x=0).
    Areas no screen covers stay transparent. Returns a null QImage when there
    is no screen; check :func:`is_blank` before using the result.
    Separate X screens (each its own desktop at 0,0) are laid side by side.
    """
    return grab_desktop_layout(screens)[0]


def grab_device_rect(desktop: QImage, rect: Rect, bounds: Rect) -> QImage:
    """Cut a virtual-desktop device rectangle out of a composed desktop image."""
    r = rect.translated(-bounds.x, -bounds.y).intersected(Rect(0, 0, desktop.width(), desktop.height()))
    if r.is_empty():
        return QImage()
    return desktop.copy(QRect(r.x, r.y, r.w, r.h))


def is_blank(image: QImage, *, black_is_blank: bool = True) -> bool:
    """True when a grab is useless: null, empty, fully transparent, or one solid black.

    A failed grab on Wayland/offscreen comes back black or transparent, so one
    solid black counts as failure by default. Pass ``black_is_blank=False`` where
    black is real: whole-desktop grabs where :func:`black_grab_is_failure` says so
    (X11), and crops of a desktop already known to be good (a terminal is black).
    """
    if image is None or image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    img = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    n = img.width() * img.height()
    data = bytes(img.constBits())[: n * 4]  # 32-bit rows have no padding
    if data.count(0) == len(data):
        return True
    if not black_is_blank:
        return False
    # Premultiplied ARGB32 in memory: B, G, R, A per pixel (little-endian 0xAARRGGBB).
    black = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    black.fill(0xFF000000)
    return data == bytes(black.constBits())[:4] * n


def device_size(screen: QScreen) -> tuple[int, int]:
    """A screen's size in device pixels."""
    g = screen.geometry()
    dpr = float(screen.devicePixelRatio())
    return (device_length(g.width(), dpr), device_length(g.height(), dpr))


PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_IFACE = "org.freedesktop.portal.Screenshot"
REQUEST_IFACE = "org.freedesktop.portal.Request"


def portal_available() -> bool:
    """True when the session bus is up and an xdg-desktop-portal service is registered."""
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:  # QtDBus missing from this PySide6 build
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    iface = bus.interface()
    reply = iface.isServiceRegistered(PORTAL_SERVICE) if iface is not None else None
    return bool(reply is not None and reply.value())


class PortalScreenshot(QObject):
    """Ask xdg-desktop-portal for a screenshot (Wayland and sandboxes); asynchronous, never blocks.

    Signals: finished(QImage), failed(str).
    Tested against a fake portal on a private session bus (no real portal on this machine).
    """

    finished = Signal(QImage)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token = f"bugzot{next(_portal_tokens)}"
        self._watcher: Any = None

    def request(self, interactive: bool = False) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

        bus = QDBusConnection.sessionBus()
        sender = bus.baseService().lstrip(":").replace(".", "_")
        handle = f"/org/freedesktop/portal/desktop/request/{sender}/{self._token}"
        # Subscribe before calling, as the portal documentation asks, so the Response is not missed.
        if not bus.connect(PORTAL_SERVICE, handle, REQUEST_IFACE, "Response", self, SLOT("_on_portal_response(uint,QVariantMap)")):
            reason = bus.lastError().message() or QCoreApplication.translate("PortalScreenshot", "unknown error")
            self.failed.emit(
                QCoreApplication.translate("PortalScreenshot", "Could not listen to the screenshot portal ({reason}).")
                .format(reason=reason)
            )
            return
        # A plain message, not QDBusInterface: that would introspect the portal synchronously first.
        msg = QDBusMessage.createMethodCall(PORTAL_SERVICE, PORTAL_PATH, PORTAL_IFACE, "Screenshot")
        msg.setArguments(["", {"handle_token": self._token, "interactive": interactive}])
        self._watcher = QDBusPendingCallWatcher(bus.asyncCall(msg), self)
        self._watcher.finished.connect(self._on_call_finished)

    @Slot(QObject)
    def _on_call_finished(self, watcher: Any) -> None:
        if watcher.isError():
            self.failed.emit(
                QCoreApplication.translate("PortalScreenshot", "The screenshot portal refused ({reason}).")
                .format(reason=watcher.error().message())
            )
        watcher.deleteLater()

    @Slot("uint", "QVariantMap")  # must be uint: QtDBus matches the D-Bus signature "ua{sv}" exactly
    def _on_portal_response(self, response: int, results: dict) -> None:
        if response != 0:
            self.failed.emit(
                QCoreApplication.translate("PortalScreenshot", "The screenshot was cancelled or denied in the system dialog.")
            )
            return
        uri = str(results.get("uri", ""))
        path = QUrl(uri).toLocalFile()
        img = QImage(path)
        if is_blank(img):
            self.failed.emit(QCoreApplication.translate("PortalScreenshot", "The screenshot portal returned an empty image."))
        else:
            self.finished.emit(img)
