"""CaptureOverlay, RegionSelection and CaptureFlow on the offscreen platform (grab injected)."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QWidget

from bugzot_desktop.core.geometry import Placement, Rect, ScreenInfo
from bugzot_desktop.gui.capture_flow import CaptureFlow
from bugzot_desktop.gui.capture_overlay import CaptureOverlay, RegionSelection

ROOT = Path(__file__).resolve().parents[2]


def _pattern(w: int, h: int) -> QImage:
    """Every pixel different: (x mod 256, y mod 256, (x+y)//256 mod 256)."""
    img = QImage(w, h, QImage.Format.Format_RGB32)
    for y in range(h):
        for x in range(w):
            img.setPixel(x, y, QColor(x % 256, y % 256, ((x + y) // 256) % 256).rgb())
    return img


def _overlay(qtbot, dpr: float = 2.0, size: tuple[int, int] = (200, 150)):
    screen = ScreenInfo("HI", Rect(0, 0, *size), dpr)
    desktop = _pattern(round(size[0] * dpr), round(size[1] * dpr))
    placement = Placement(screen, Rect(0, 0, desktop.width(), desktop.height()))
    selection = RegionSelection((desktop.width(), desktop.height()))
    ov = CaptureOverlay(desktop, placement, selection)
    qtbot.addWidget(ov)
    ov.show()
    qtbot.waitExposed(ov)
    return ov, selection, desktop


def _drag(qtbot, widget, a: QPoint, b: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(widget, pos=b)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=b)


def test_drag_on_a_2x_screen_selects_device_pixels(qtbot):
    ov, sel, _ = _overlay(qtbot, dpr=2.0)
    _drag(qtbot, ov, QPoint(10, 20), QPoint(60, 45))
    assert sel.rect == Rect(20, 40, 100, 50)  # logical 50x25 is 100x50 device pixels
    _drag(qtbot, ov, QPoint(60, 45), QPoint(10, 20))  # any direction
    assert sel.rect == Rect(20, 40, 100, 50)


def test_arrows_nudge_and_enter_accepts_the_exact_rect(qtbot):
    ov, sel, _ = _overlay(qtbot, dpr=1.0)
    _drag(qtbot, ov, QPoint(10, 10), QPoint(40, 30))
    assert sel.rect == Rect(10, 10, 30, 20)
    qtbot.keyClick(ov, Qt.Key.Key_Right)
    qtbot.keyClick(ov, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert sel.rect == Rect(11, 20, 30, 20)
    qtbot.keyClick(ov, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(ov, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert sel.rect == Rect(0, 20, 30, 20)  # clamped at the desktop's edge
    with qtbot.waitSignal(sel.accepted, raising=True, timeout=2000) as blocker:
        with qtbot.assertNotEmitted(sel.cancelled):
            qtbot.keyClick(ov, Qt.Key.Key_Return)
    assert blocker.args == [QRect(0, 20, 30, 20)]


def test_a_region_is_begun_moved_and_sized_from_the_keyboard(qtbot):
    """QA, keyboard only: a region could only be begun by dragging (the arrows moved an existing one)."""
    ov, sel, _ = _overlay(qtbot, dpr=1.0)
    qtbot.keyClick(ov, Qt.Key.Key_Right)  # the first arrow selects the middle half of this screen
    assert sel.rect == Rect(50, 37, 100, 75)
    qtbot.keyClick(ov, Qt.Key.Key_Right)
    assert sel.rect == Rect(51, 37, 100, 75)
    qtbot.keyClick(ov, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(ov, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert sel.rect == Rect(51, 37, 90, 76)
    for _ in range(20):  # grows to the desktop's edge, no further
        qtbot.keyClick(ov, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert sel.rect == Rect(51, 37, 149, 76)
    for _ in range(20):  # and shrinks to a pixel, no less
        qtbot.keyClick(ov, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert sel.rect == Rect(51, 37, 149, 1)
    with qtbot.waitSignal(sel.accepted, timeout=2000) as blocker:
        qtbot.keyClick(ov, Qt.Key.Key_Return)
    assert blocker.args == [QRect(51, 37, 149, 1)]


def test_the_hint_wraps_inside_a_narrow_screen(qtbot):
    """The hint was one line: on an 800-pixel screen the German one ran off both edges."""
    ov, _sel, desktop = _overlay(qtbot, dpr=1.0, size=(300, 240))
    shot = ov.grab().toImage()

    def dimmed(x: int, y: int) -> bool:  # the desktop under the overlay's dim (black at alpha 110)
        want, got = desktop.pixelColor(x, y), shot.pixelColor(x, y)
        return all(abs(g - w * 145 // 255) <= 2 for g, w in zip(got.getRgb()[:3], want.getRgb()[:3], strict=True))

    assert dimmed(2, 30) and dimmed(297, 30)  # beside the label's box at its height: not the label
    assert not dimmed(150, 30)  # the label is there


def test_dragging_inside_the_selection_moves_it(qtbot):
    ov, sel, _ = _overlay(qtbot, dpr=1.0)
    _drag(qtbot, ov, QPoint(10, 10), QPoint(50, 50))
    _drag(qtbot, ov, QPoint(20, 20), QPoint(25, 30))
    assert sel.rect == Rect(15, 20, 40, 40)


def test_escape_cancels_and_double_click_takes_the_whole_screen(qtbot):
    ov, sel, _ = _overlay(qtbot, dpr=2.0)
    with qtbot.waitSignal(sel.accepted, timeout=2000) as blocker:
        qtbot.mouseDClick(ov, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert blocker.args == [QRect(0, 0, 400, 300)]
    ov2, sel2, _ = _overlay(qtbot)
    with qtbot.waitSignal(sel2.cancelled, timeout=2000):
        qtbot.keyClick(ov2, Qt.Key.Key_Escape)


def test_overlay_paints_readout_and_magnifier(qtbot):
    ov, sel, desktop = _overlay(qtbot, dpr=1.0, size=(300, 240))
    _drag(qtbot, ov, QPoint(10, 10), QPoint(70, 50))
    qtbot.mouseMove(ov, pos=QPoint(100, 40))
    shot = ov.grab().toImage()
    # Inside the selection the desktop shows undimmed; outside it is dimmed (alpha 110 of black).
    assert shot.pixelColor(60, 45) == desktop.pixelColor(60, 45)
    assert shot.pixelColor(5, 140).getRgb() == (3, 80, 0, 255)  # (5, 140, 0) under the dim
    assert shot.pixelColor(69, 49) == QColor("#29b6f6")  # the rubber band's border
    # The loupe sits 24 px below-right of the cursor; 15x15 image pixels at 8x, the cursor's pixel in the middle cell.
    assert shot.pixelColor(124 + 7 * 8 + 4, 64 + 7 * 8 + 4) == desktop.pixelColor(100, 40)
    assert shot.pixelColor(124 + 6 * 8 + 4, 64 + 7 * 8 + 4) == desktop.pixelColor(99, 40)
    # Leaving the screen takes the loupe away (another screen's overlay shows it instead).
    ov.leaveEvent(QEvent(QEvent.Type.Leave))
    assert ov.grab().toImage().pixelColor(124 + 7 * 8 + 4, 64 + 7 * 8 + 4).getRgb() == desktop_dimmed(desktop, 184, 124)


def desktop_dimmed(desktop: QImage, x: int, y: int) -> tuple[int, int, int, int]:
    """What the overlay shows outside the selection: the pixel under 110/255 of black."""
    c = desktop.pixelColor(x, y)
    return tuple(round(v * (255 - 110) / 255) for v in (c.red(), c.green(), c.blue())) + (255,)


def _flow_with(qtbot, image: QImage, **kw):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    flow = CaptureFlow([window], grab=lambda: image, unavailable=lambda: None, settle_ms=0, **kw)
    return flow, window


def test_region_flow_hides_our_window_and_returns_the_selected_pixels(qtbot):
    screen = QGuiApplication.primaryScreen().geometry()
    desktop = _pattern(screen.width(), screen.height())
    flow, window = _flow_with(qtbot, desktop)
    hidden_during: list[bool] = []
    flow.start("region")
    qtbot.waitUntil(lambda: len(flow.overlays()) == 1, timeout=3000)
    hidden_during.append(window.isVisible())
    ov = flow.overlays()[0]
    _drag(qtbot, ov, QPoint(100, 50), QPoint(164, 98))
    with qtbot.waitSignal(flow.captured, timeout=3000) as blocker, qtbot.assertNotEmitted(flow.failed):
        qtbot.keyClick(ov, Qt.Key.Key_Enter)
    got: QImage = blocker.args[0]
    assert hidden_during == [False]
    assert window.isVisible()
    assert (got.width(), got.height()) == (64, 48)
    assert got.convertToFormat(QImage.Format.Format_RGB32) == desktop.copy(100, 50, 64, 48)
    assert not flow.busy


def test_countdown_then_desktop_capture(qtbot):
    img = _pattern(64, 32)
    flow, window = _flow_with(qtbot, img)
    ticks: list[int] = []
    flow.countdown_changed.connect(ticks.append)
    with qtbot.waitSignal(flow.captured, timeout=5000) as blocker:
        flow.start("desktop", delay_s=1)
        assert not window.isVisible()
    assert ticks == [1, 0]
    assert blocker.args[0] == img
    assert window.isVisible()


def test_blank_grab_fails_with_a_plain_message_and_no_image(qtbot):
    black = QImage(50, 40, QImage.Format.Format_RGB32)
    black.fill(QColor("black"))
    flow, window = _flow_with(qtbot, black)
    with qtbot.waitSignal(flow.failed, timeout=3000) as blocker:
        with qtbot.assertNotEmitted(flow.captured):
            flow.start("desktop")
    assert blocker.args == [
        "Screen capture is unavailable here (the grab came back empty or all black); use Attach file instead."
    ]
    assert window.isVisible()


def test_an_all_black_desktop_is_captured_where_black_is_real(qtbot):
    # On X11 (black_grab_is_failure() is False there) a black screen is what the user sees.
    black = QImage(50, 40, QImage.Format.Format_RGB32)
    black.fill(QColor("black"))
    flow, window = _flow_with(qtbot, black, black_is_failure=lambda: False)
    with qtbot.waitSignal(flow.captured, timeout=3000) as blocker:
        with qtbot.assertNotEmitted(flow.failed):
            flow.start("desktop")
    [image] = blocker.args
    assert (image.width(), image.height(), image.pixelColor(25, 20).name()) == (50, 40, "#000000")
    assert window.isVisible()


def test_offscreen_platform_says_capture_is_unavailable(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    flow = CaptureFlow([window])
    with qtbot.waitSignal(flow.failed, timeout=3000) as blocker:
        flow.start("region")
    assert blocker.args == [
        "Screen capture is unavailable here (the Qt platform is 'offscreen', which has no real screen); "
        "use Attach file instead."
    ]
    assert window.isVisible() and not flow.busy


def test_window_mode_needs_x11(qtbot):
    flow, _ = _flow_with(qtbot, _pattern(10, 10))
    with qtbot.waitSignal(flow.failed, timeout=3000) as blocker:
        flow.start("window")
    assert blocker.args == ["Window capture works only on X11 (this session uses 'offscreen'); use Region instead."]


def test_screen_mode_and_bad_screen_index(qtbot):
    screen = QGuiApplication.primaryScreen().geometry()
    desktop = _pattern(screen.width(), screen.height())
    flow, _ = _flow_with(qtbot, desktop)
    with qtbot.waitSignal(flow.captured, timeout=3000) as blocker:
        flow.start("screen", screen=0)
    assert blocker.args[0] == desktop
    with qtbot.waitSignal(flow.failed, timeout=3000) as blocker:
        flow.start("screen", screen=5)
    assert blocker.args == ["There is no screen 5; this machine has 1 (0–0)."]


def test_cancel_during_the_countdown_brings_the_window_back(qtbot):
    flow, window = _flow_with(qtbot, _pattern(10, 10))
    flow.start("region", delay_s=5)
    assert not window.isVisible() and flow.busy
    with qtbot.waitSignal(flow.cancelled, timeout=2000), qtbot.assertNotEmitted(flow.captured):
        flow.cancel()
    assert window.isVisible() and not flow.busy
    with pytest.raises(ValueError, match="capture mode 'bogus'"):
        flow.start("bogus")


def test_a_black_region_of_a_good_desktop_is_captured(qtbot):
    screen = QGuiApplication.primaryScreen().geometry()
    desktop = QImage(screen.width(), screen.height(), QImage.Format.Format_RGB32)
    desktop.fill(QColor("black"))
    desktop.setPixelColor(screen.width() - 1, screen.height() - 1, QColor("white"))  # not all black
    flow, _ = _flow_with(qtbot, desktop)
    flow.start("region")
    qtbot.waitUntil(lambda: len(flow.overlays()) == 1, timeout=3000)
    ov = flow.overlays()[0]
    _drag(qtbot, ov, QPoint(10, 10), QPoint(30, 20))
    with qtbot.waitSignal(flow.captured, timeout=3000) as blocker, qtbot.assertNotEmitted(flow.failed):
        qtbot.keyClick(ov, Qt.Key.Key_Return)
    assert (blocker.args[0].width(), blocker.args[0].height()) == (20, 10)


def test_clicking_the_countdown_cancels(qtbot):
    flow, window = _flow_with(qtbot, _pattern(10, 10))
    flow.start("desktop", delay_s=3)
    badge = flow._badge
    assert badge is not None and badge.text() == "Capturing in 3… (click here to cancel)"
    with qtbot.waitSignal(flow.cancelled, timeout=2000), qtbot.assertNotEmitted(flow.captured):
        qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    assert window.isVisible() and not flow.busy


FAKE_PORTAL = """
import sys
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
conn = open_dbus_connection(bus="SESSION")
conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.portal.Desktop"))
print("READY", flush=True)
while True:
    msg = conn.receive()
    f = msg.header.fields
    if msg.header.message_type != MessageType.method_call or f.get(HeaderFields.member) != "Screenshot":
        continue
    parent, options = msg.body
    if options["interactive"][1]:  # this fake refuses interactive requests, to test the error path
        conn.send(new_error(msg, "org.freedesktop.portal.Error.NotAllowed", "s", ("not in this test",)))
        continue
    sender = f[HeaderFields.sender].lstrip(":").replace(".", "_")
    handle = f"/org/freedesktop/portal/desktop/request/{sender}/{options['handle_token'][1]}"
    conn.send(new_method_return(msg, "o", (handle,)))
    reply = (0, {"uri": ("s", sys.argv[1])})
    conn.send(new_signal(DBusAddress(handle, interface="org.freedesktop.portal.Request"), "Response", "ua{sv}", reply))
"""

PORTAL_CLIENT = """
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from bugzot_desktop.gui.capture_flow import CaptureFlow
app = QApplication([])
black = QImage(40, 30, QImage.Format.Format_RGB32)
black.fill(QColor("black"))
w = QWidget()
w.show()
out = []
for mode in ("desktop", "region"):  # region asks the portal to be interactive: the fake refuses
    flow = CaptureFlow([w], grab=lambda: black, settle_ms=0)  # offscreen + blank grab: the portal is the way
    res = {}
    loop = QEventLoop()
    flow.captured.connect(lambda img: (res.update(size=[img.width(), img.height()], px=img.pixelColor(1, 1).name()), loop.quit()))
    flow.failed.connect(lambda m: (res.update(failed=m), loop.quit()))
    flow.start(mode)
    QTimer.singleShot(20000, loop.quit)
    loop.exec()
    res["visible"] = w.isVisible()
    out.append(res)
print(json.dumps(out))
"""


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed")
def test_blank_grab_falls_back_to_the_screenshot_portal(qapp, tmp_path):
    pytest.importorskip("jeepney")  # the fake portal speaks D-Bus with it (pure Python, no main loop)
    """A fake xdg-desktop-portal on a private session bus answers; the flow delivers its image."""
    shot = tmp_path / "portal.png"
    img = QImage(64, 48, QImage.Format.Format_RGB32)
    img.fill(QColor("#123456"))
    assert img.save(str(shot))
    (tmp_path / "portal.py").write_text(FAKE_PORTAL)
    (tmp_path / "client.py").write_text(PORTAL_CLIENT)
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, text=True)
    portal = None
    try:
        ready, _, _ = select.select([bus.stdout], [], [], 20)
        assert ready
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=bus.stdout.readline().strip(), QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=str(ROOT))
        portal = subprocess.Popen([sys.executable, str(tmp_path / "portal.py"), shot.as_uri()], env=env,
                                  stdout=subprocess.PIPE, text=True)
        ready, _, _ = select.select([portal.stdout], [], [], 20)
        assert ready and portal.stdout.readline().strip() == "READY"
        res = subprocess.run([sys.executable, str(tmp_path / "client.py")], env=env, capture_output=True, text=True,
                             timeout=120)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout.strip().splitlines()[-1]) == [
            {"size": [64, 48], "px": "#123456", "visible": True},
            {"failed": "The screenshot portal refused (not in this test). Use Attach file instead.", "visible": True},
        ]
    finally:
        for proc in (portal, bus):
            if proc is not None:
                proc.terminate()
                proc.wait(10)
