"""Real captures on two X screens under Xvfb: composition, region pixels, our window hiding.

The main pytest process stays offscreen; Qt on xcb runs in subprocesses. Readiness is
waited on (Xvfb -displayfd, a READY line after the pattern is verifiably on screen).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

pytestmark = [pytest.mark.xvfb, pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]

ROOT = Path(__file__).resolve().parents[2]

# Shared by the scripts: a pattern in which neighbouring pixels differ, so an offset by one shows.
PATTERN = textwrap.dedent(
    """
    from PySide6.QtGui import QImage, QColor
    def pattern(w, h, seed):
        img = QImage(w, h, QImage.Format.Format_RGB32)
        for y in range(h):
            for x in range(w):
                img.setPixel(x, y, QColor((x * 37 + seed) % 256, (y * 53 + seed) % 256, (x ^ y) % 256).rgb())
        return img
    def wait_on_screen(app, screen, x, y, img, timeout_s=10):
        import time
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            app.processEvents()
            got = screen.grabWindow(0, x, y, img.width(), img.height()).toImage().convertToFormat(img.format())
            if got == img:
                return True
        return False
    """
)

SHOW_PATTERNS = PATTERN + textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication(sys.argv)
    screens = app.screens()
    spots = [(0, 100, 80, 200, 150, 1), (1, 50, 60, 160, 120, 99)]
    labels = []
    for idx, x, y, w, h, seed in spots:
        lab = QLabel()
        lab.setWindowFlags(Qt.WindowType.FramelessWindowHint)
        lab.setPixmap(QPixmap.fromImage(pattern(w, h, seed)))
        lab.setScreen(screens[idx])
        lab.setGeometry(screens[idx].geometry().x() + x, screens[idx].geometry().y() + y, w, h)
        lab.show()
        labels.append(lab)
    labels[0].activateWindow()  # no window manager: this sets the X input focus (for --window)
    ok = all(wait_on_screen(app, screens[i], x, y, pattern(w, h, s)) for i, x, y, w, h, s in spots)
    print("READY" if ok else "NOT-SHOWN", flush=True)
    # Keep the event loop running (repaint on expose) until the test closes our stdin.
    from PySide6.QtCore import QSocketNotifier
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *a: app.quit() if not sys.stdin.buffer.raw.read(4096) else None)
    app.exec()
    """
)

REGION_FLOW = PATTERN + textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
    from PySide6.QtGui import QColor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget
    from bugzot_desktop.gui.capture_flow import CaptureFlow
    app = QApplication(sys.argv)
    screen = app.screens()[0]
    main = QWidget()  # our window: red, covering the pattern until it hides
    main.setWindowFlags(Qt.WindowType.FramelessWindowHint)
    main.setStyleSheet("background: red")
    main.setGeometry(60, 40, 400, 300)
    main.show()
    import time
    end = time.monotonic() + 10
    while time.monotonic() < end:  # readiness: our red window is on screen (device pixels at any scale)
        app.processEvents()
        got = screen.grabWindow(0, 60, 40, 400, 300).toImage().convertToFormat(QImage.Format.Format_RGB32)
        red = QImage(got.size(), QImage.Format.Format_RGB32)
        red.fill(QColor("red"))
        if got == red:
            break
    else:
        raise SystemExit("our window never appeared")
    flow = CaptureFlow([main])
    result = {}
    loop = QEventLoop()
    flow.captured.connect(lambda img: (result.update(size=[img.width(), img.height()]), img.save(sys.argv[1]), loop.quit()))
    flow.failed.connect(lambda msg: (result.update(failed=msg), loop.quit()))
    def drive():
        ovs = flow.overlays()
        if not ovs:
            QTimer.singleShot(20, drive)
            return
        result["overlays"] = len(ovs)
        result["hidden"] = not main.isVisible()
        ov = ovs[0]
        # Logical points; at scale s they are device pixels (120, 90) to (250, 190).
        s = ov.placement.screen.dpr  # the grab's true device pixels per logical pixel
        a, b = QPoint(round(120 / s), round(90 / s)), QPoint(round(250 / s), round(190 / s))
        result["dpr"] = s
        QTest.mousePress(ov, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
        QTest.mouseMove(ov, b)
        QTest.mouseRelease(ov, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
        QTest.keyClick(ov, Qt.Key.Key_Right)  # nudge 1 px: selection (121, 90) 130x100
        QTest.keyClick(ov, Qt.Key.Key_Return)
    QTimer.singleShot(0, lambda: flow.start("region"))
    QTimer.singleShot(0, drive)
    QTimer.singleShot(20000, loop.quit)
    loop.exec()
    result["visible_after"] = main.isVisible()
    print(json.dumps(result), flush=True)
    """
)


@pytest.fixture
def xvfb():
    """Xvfb with two X screens; yields the DISPLAY string; always killed."""
    r, w = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x720x24", "-screen", "1", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(w)
    try:
        ready, _, _ = select.select([r], [], [], 20)
        assert ready, "Xvfb did not report its display number"
        number = os.read(r, 64).decode().strip()
        assert number.isdigit(), f"Xvfb said {number!r}"
        yield f":{number}"
    finally:
        os.close(r)
        proc.terminate()
        proc.wait(10)


def _env(display: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=display, PYTHONPATH=str(ROOT))
    env.pop("WAYLAND_DISPLAY", None)
    return env


@pytest.fixture
def patterns_shown(xvfb, tmp_path):
    """A separate app showing known patterns on both X screens, until the test ends."""
    script = tmp_path / "show.py"
    script.write_text(SHOW_PATTERNS)
    proc = subprocess.Popen(
        [sys.executable, str(script)], env=_env(xvfb), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready and proc.stdout.readline().strip() == "READY"
        yield xvfb
    finally:
        proc.stdin.close()
        proc.wait(20)


def _pattern_script(tmp_path: Path, body: str) -> dict:
    """Run Qt code (with the pattern helpers) offscreen in a subprocess; it prints JSON."""
    script = tmp_path / "check.py"
    script.write_text(PATTERN + textwrap.dedent(body))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _capture(display: str, *args: str, scale: str = "1", screen_scales: str | None = None) -> subprocess.CompletedProcess:
    env = dict(_env(display), QT_SCALE_FACTOR=scale)
    if screen_scales:
        env["QT_SCREEN_SCALE_FACTORS"] = screen_scales  # per screen, in order: mixed scale factors
    return subprocess.run(
        [sys.executable, "-m", "bugzot_desktop", "capture", *args],
        env=env, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


def test_whole_desktop_region_and_screen_on_two_x_screens(patterns_shown, tmp_path):
    whole, region, second = tmp_path / "whole.png", tmp_path / "region.png", tmp_path / "second.png"
    whole2 = tmp_path / "whole2.png"
    res = _capture(patterns_shown, "-o", str(whole))
    assert (res.returncode, res.stdout, res.stderr) == (0, f"{whole}: 2304x768 pixels\n", "")
    # At scale factor 2 the screens are half as big in logical pixels; the capture is still every device pixel.
    res = _capture(patterns_shown, "-o", str(whole2), scale="2")
    assert (res.returncode, res.stdout, res.stderr) == (0, f"{whole2}: 2304x768 pixels\n", "")
    mixed = tmp_path / "mixed.png"  # screen 0 at 1x, screen 1 at 2x
    res = _capture(patterns_shown, "-o", str(mixed), screen_scales="1;2")
    assert (res.returncode, res.stdout, res.stderr) == (0, f"{mixed}: 2304x768 pixels\n", "")
    res = _capture(patterns_shown, "--region", "110,90,64,48", "-o", str(region))
    assert (res.returncode, res.stdout) == (0, f"{region}: 64x48 pixels\n")
    res = _capture(patterns_shown, "--screen", "1", "-o", str(second))
    assert (res.returncode, res.stdout) == (0, f"{second}: 1024x768 pixels\n")
    focused = tmp_path / "focused.png"
    res = _capture(patterns_shown, "--window", "-o", str(focused))
    assert (res.returncode, res.stdout) == (0, f"{focused}: 200x150 pixels\n"), res.stderr
    res = _capture(patterns_shown, "--screen", "2", "-o", str(tmp_path / "none.png"))
    assert (res.returncode, res.stderr) == (2, "bugzot: --screen 2: there is no such screen; this machine has 2 (0–1).\n")
    # No window manager, and the input focus back on the desktop itself (as after a focused window closed):
    # --window says it cannot find the active window instead of writing the whole desktop (#28).
    env = _env(patterns_shown)
    roots = subprocess.run(["xdotool", "search", "--maxdepth", "0", ""], env=env, capture_output=True, text=True).stdout
    subprocess.run(["xdotool", "windowfocus", roots.split()[0]], env=env, check=True, timeout=10)
    nowhere = tmp_path / "nowhere.png"
    res = _capture(patterns_shown, "--window", "-o", str(nowhere))
    assert (res.returncode, res.stdout, res.stderr) == (
        2,
        "",
        "bugzot: The active window cannot be found: no window manager says which window is active "
        "(_NET_ACTIVE_WINDOW), and the input focus is on the desktop itself, not on a window; click into the "
        "window first, or use --region instead. Nothing was written.\n",
    )
    assert not nowhere.exists() and not nowhere.with_name("nowhere.png.part").exists()

    got = _pattern_script(
        tmp_path,
        f"""
        import json
        from PySide6.QtGui import QGuiApplication, QImage
        app = QGuiApplication([])
        def load(p):
            return QImage(p).convertToFormat(QImage.Format.Format_RGB32)
        whole, region, second = load({str(whole)!r}), load({str(region)!r}), load({str(second)!r})
        print(json.dumps({{
            # screen 0's pattern where it was shown; screen 1's right of screen 0 (x + 1280)
            "s0": whole.copy(100, 80, 200, 150) == pattern(200, 150, 1),
            "scaled_same": load({str(whole2)!r}) == whole,
            "mixed_same": load({str(mixed)!r}) == whole,
            "s1": whole.copy(1280 + 50, 60, 160, 120) == pattern(160, 120, 99),
            "gap_transparent": QImage({str(whole)!r}).pixelColor(100, 740).alpha() == 0,
            "region": region == pattern(200, 150, 1).copy(10, 10, 64, 48),
            "second": second.copy(50, 60, 160, 120) == pattern(160, 120, 99),
            "focused": load({str(focused)!r}) == pattern(200, 150, 1),
        }}))
        """,
    )
    assert got == {"s0": True, "scaled_same": True, "mixed_same": True, "s1": True, "gap_transparent": True, "region": True, "second": True, "focused": True}


def test_an_all_black_x_screen_is_captured_with_a_note(xvfb, tmp_path):
    # Nothing on the screens: X11 returns the black framebuffer, and black is what there is to see.
    out = tmp_path / "black.png"
    r = _capture(xvfb, "--screen", "1", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stderr == "bugzot: note: the capture is all black; that is what the screen showed.\n"
    assert r.stdout == f"{out}: 1024x768 pixels\n"
    with Image.open(out) as im:
        assert (im.size, im.convert("RGB").getextrema()) == ((1024, 768), ((0, 0), (0, 0), (0, 0)))


@pytest.mark.parametrize(
    ("scale_env", "dpr"),
    [({"QT_SCALE_FACTOR": "1"}, 1.0), ({"QT_SCALE_FACTOR": "2"}, 2.0), ({"QT_SCREEN_SCALE_FACTORS": "2;1"}, 2.0)],
    ids=["1x", "2x", "mixed-2x-1x"],
)
def test_region_flow_hides_our_window_and_matches_the_pattern(patterns_shown, tmp_path, scale_env, dpr):
    """At 2x (all screens, or only the first) the same device-pixel region comes back at full resolution."""
    script = tmp_path / "flow.py"
    script.write_text(REGION_FLOW)
    out_png = tmp_path / "flow.png"
    env = dict(_env(patterns_shown), **scale_env)
    res = subprocess.run([sys.executable, str(script), str(out_png)], env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    result = json.loads(res.stdout.strip().splitlines()[-1])
    assert result == {"overlays": 2, "hidden": True, "dpr": dpr, "size": [130, 100], "visible_after": True}
    got = _pattern_script(
        tmp_path,
        f"""
        import json
        from PySide6.QtGui import QGuiApplication, QImage
        app = QGuiApplication([])
        img = QImage({str(out_png)!r}).convertToFormat(QImage.Format.Format_RGB32)
        # Selection (121, 90) 130x100 on screen 0; the pattern window is at (100, 80).
        print(json.dumps({{"match": img == pattern(200, 150, 1).copy(21, 10, 130, 100)}}))
        """,
    )
    assert got == {"match": True}


WINDOW_FLOW = textwrap.dedent(
    """
    import json, subprocess, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from bugzot_desktop.gui.capture_flow import CaptureFlow
    app = QApplication(sys.argv)
    flow = CaptureFlow([])
    result = {}
    loop = QEventLoop()
    flow.captured.connect(lambda img: (result.update(size=[img.width(), img.height()]), img.save(sys.argv[1]), loop.quit()))
    flow.failed.connect(lambda msg: (result.update(failed=msg), loop.quit()))
    # The user's click, by xdotool; repeated until xdotool selectwindow has grabbed the pointer.
    clicker = QTimer()
    clicker.timeout.connect(lambda: subprocess.run(["xdotool", "mousemove", "--screen", "0", "150", "120", "click", "1"]))
    clicker.start(300)
    flow.start("window")
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    clicker.stop()
    print(json.dumps(result), flush=True)
    """
)


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
def test_window_mode_captures_the_clicked_window(patterns_shown, tmp_path):
    script = tmp_path / "window.py"
    script.write_text(WINDOW_FLOW)
    out_png = tmp_path / "window.png"
    res = subprocess.run([sys.executable, str(script), str(out_png)], env=_env(patterns_shown), capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.strip().splitlines()[-1]) == {"size": [200, 150]}
    got = _pattern_script(
        tmp_path,
        f"""
        import json
        from PySide6.QtGui import QGuiApplication, QImage
        app = QGuiApplication([])
        img = QImage({str(out_png)!r}).convertToFormat(QImage.Format.Format_RGB32)
        print(json.dumps({{"match": img == pattern(200, 150, 1)}}))
        """,
    )
    assert got == {"match": True}


PICK_THEN_CANCEL = textwrap.dedent(
    """
    import json, os, subprocess, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from bugzot_desktop.gui.capture_flow import CaptureFlow
    app = QApplication(sys.argv)
    how = sys.argv[1]
    flow = CaptureFlow([])
    result = {}
    loop = QEventLoop()
    flow.captured.connect(lambda img: (result.update(size=[img.width(), img.height()]), loop.quit()))
    flow.failed.connect(lambda msg: (result.update(failed=msg), loop.quit()))
    flow.cancelled.connect(lambda: (result.update(cancelled=True), loop.quit()))

    def user() -> None:
        badge = flow._badge
        if badge is None or not badge.isVisible():
            return
        if how == "escape":
            subprocess.run(["xdotool", "key", "Escape"])
        else:  # a click on the note itself, repeated until xdotool selectwindow has the pointer
            c = badge.geometry().center()
            subprocess.run(["xdotool", "mousemove", str(c.x()), str(c.y()), "click", "1"])

    clicker = QTimer()
    clicker.timeout.connect(user)
    clicker.start(300)
    flow.start("window")
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    clicker.stop()
    result["xdotool_left"] = subprocess.run(["pgrep", "-P", str(os.getpid()), "xdotool"], capture_output=True).returncode == 0
    print(json.dumps(result), flush=True)
    """
)


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
@pytest.mark.parametrize("how", ["escape", "click-the-note"])
def test_picking_a_window_can_be_cancelled(patterns_shown, tmp_path, how):
    # Escape did nothing (xdotool holds the pointer), and a click on the "click the window" note
    # attached a black picture of the note itself.
    script = tmp_path / "pick.py"
    script.write_text(PICK_THEN_CANCEL)
    res = subprocess.run([sys.executable, str(script), how], env=_env(patterns_shown), capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.strip().splitlines()[-1]) == {"cancelled": True, "xdotool_left": False}


PICK_THEN_DIE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QProcess, QTimer
    from PySide6.QtWidgets import QApplication
    from bugzot_desktop.gui.capture_flow import CaptureFlow
    app = QApplication(sys.argv)
    flow = CaptureFlow([])

    def picking() -> None:
        proc = flow._process
        if proc is not None and proc.state() == QProcess.ProcessState.Running:
            print(proc.processId(), flush=True)  # xdotool selectwindow is waiting for a click
            poll.stop()

    poll = QTimer()
    poll.timeout.connect(picking)
    poll.start(20)
    flow.start("window")
    app.exec()  # until the test kills this process
    """
)


def _ended(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has ended
    except OSError:
        return True


@pytest.mark.skipif(shutil.which("xdotool") is None or shutil.which("setpriv") is None,
                    reason="needs xdotool and util-linux's setpriv")
def test_a_window_pick_ends_when_the_app_is_killed(patterns_shown, tmp_path, qtbot):
    # xdotool selectwindow stayed behind, holding the pointer until someone clicked
    script = tmp_path / "die.py"
    script.write_text(PICK_THEN_DIE)
    app = subprocess.Popen([sys.executable, str(script)], env=_env(patterns_shown), stdout=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([app.stdout], [], [], 60)
        assert ready, "the window pick did not start"
        xdotool = int(app.stdout.readline())
        assert Path(f"/proc/{xdotool}/cmdline").read_bytes().split(b"\0")[0].endswith(b"xdotool")
        app.kill()
        app.wait(30)
        qtbot.waitUntil(lambda: _ended(xdotool), timeout=10_000)
    finally:
        app.kill()
        app.wait(30)
        app.stdout.close()


ACTIVE_FLOW = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from bugzot_desktop.gui.capture_flow import CaptureFlow
    app = QApplication(sys.argv)
    flow = CaptureFlow([])
    result = {}
    loop = QEventLoop()
    flow.captured.connect(lambda img: (result.update(size=[img.width(), img.height()]), loop.quit()))
    flow.failed.connect(lambda msg: (result.update(failed=msg), loop.quit()))
    QTimer.singleShot(0, lambda: flow.start("active_window"))
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    print(json.dumps(result), flush=True)
    """
)


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
def test_active_window_mode_takes_the_focused_window_and_never_the_desktop(patterns_shown, tmp_path):
    script = tmp_path / "active.py"
    script.write_text(ACTIVE_FLOW)
    env = _env(patterns_shown)

    def run() -> dict:
        res = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        return json.loads(res.stdout.strip().splitlines()[-1])

    assert run() == {"size": [200, 150]}  # no window manager: the focused pattern window
    roots = subprocess.run(["xdotool", "search", "--maxdepth", "0", ""], env=env, capture_output=True, text=True).stdout
    subprocess.run(["xdotool", "windowfocus", roots.split()[0]], env=env, check=True, timeout=10)
    assert run() == {
        "failed": "The active window cannot be found: the input focus is on the desktop itself, not on a window; "
        "click into the window first, or use Region instead. Nothing was attached."
    }


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
def test_window_capture_takes_the_windows_own_x_screen_when_display_names_another(patterns_shown, tmp_path):
    """DISPLAY=:N.1: Qt lists X screen 1 first, so X screen 0's window was cut out of screen 1's pixels
    (newcomer5 #2: another screen's content, silently). The focused window here is screen 0's pattern."""
    out_png = tmp_path / "w.png"
    res = _capture(patterns_shown + ".1", "--window", "-o", str(out_png))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"{out_png}: 200x150 pixels"
    got = _pattern_script(
        tmp_path,
        f"""
        import json
        from PySide6.QtGui import QGuiApplication, QImage
        app = QGuiApplication([])
        img = QImage({str(out_png)!r}).convertToFormat(QImage.Format.Format_RGB32)
        print(json.dumps({{"match": img == pattern(200, 150, 1)}}))
        """,
    )
    assert got == {"match": True}


def test_a_region_beyond_the_screens_is_captured_in_part_and_said(patterns_shown, tmp_path):
    out_png = tmp_path / "part.png"
    res = _capture(patterns_shown, "--region", "-10,-20,60,50", "-o", str(out_png))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"{out_png}: 50x30 pixels"
    assert res.stderr == ("bugzot: note: --region -10,-20,60,50 reaches beyond the screens; the part on them was "
                          "captured (50x30).\n")
    res = _capture(patterns_shown, "--region", "0,0,10,10", "-o", str(out_png))
    assert res.returncode == 2 and "already exists; nothing was captured" in res.stderr
    assert _capture(patterns_shown, "--region", "0,0,10,10", "-o", str(out_png), "--force").returncode == 0


QUIT_PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    from bugzot_desktop.gui.capture_flow import CaptureFlow
    app = QApplication(sys.argv)
    w = QWidget()
    w.resize(300, 200)
    w.show()
    flow = CaptureFlow([w], settle_ms=50)
    flow.captured.connect(lambda img: (print("captured", img.width(), img.height(), w.isVisible()), app.exit(7)))
    flow.failed.connect(lambda m: (print("failed", m), app.exit(8)))
    QTimer.singleShot(0, lambda: flow.start(sys.argv[1], delay_s=1))
    print("exit", app.exec())
    """
)


@pytest.mark.parametrize(("mode", "size"), [("desktop", "2304 768"), ("screen", "1280 720")])  # both X screens; the first
def test_a_delayed_capture_does_not_quit_the_app_when_its_countdown_badge_closes(xvfb, tmp_path, mode, size):
    # Our windows hide during the countdown, so the badge is the only window shown: the app quit
    # (exit 0, capture and form lost) when it closed, as Qt's last window.
    script = tmp_path / "quit_probe.py"
    script.write_text(QUIT_PROBE)
    r = subprocess.run([sys.executable, str(script), mode], env=_env(xvfb), capture_output=True, text=True,
                       timeout=120, cwd=ROOT)
    assert r.stdout.splitlines() == [f"captured {size} True", "exit 7"], r.stderr
