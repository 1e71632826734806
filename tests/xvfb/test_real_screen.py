"""A real screen under Xvfb: the app, wired as run_gui wires it, captures the desktop through
its own Capture action and submits; the image stored on a real server shows the pattern.

The pytest process stays offscreen; Qt on xcb runs in two subprocesses: one shows a colour
checkerboard (another application's window), the other is BugZot, whose main window is
placed right over the checkerboard — so the pattern can only reach the server if our window
really hid during the grab. Readiness is always waited on: Xvfb's -displayfd, a READY line
once the pattern is verifiably on screen, /health of the server, and the app's own signals.
"""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import requests
from live_server import live_server_fixture  # noqa: F401  (provides the live_server fixture)

pytestmark = [pytest.mark.xvfb, pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]

ROOT = Path(__file__).resolve().parents[2]
CELL, COLS, ROWS = 32, 12, 9
ORIGIN = (100, 100)  # where the checkerboard window sits on the 1280x720 screen
COLOURS = ((255, 0, 255), (0, 200, 0))  # magenta / green: nothing else on screen looks like this

CHECKER = textwrap.dedent(
    f"""
    from PySide6.QtGui import QColor, QImage, QPainter
    CELL, COLS, ROWS, COLOURS = {CELL}, {COLS}, {ROWS}, {COLOURS!r}
    def checker():
        img = QImage(CELL * COLS, CELL * ROWS, QImage.Format.Format_RGB32)
        p = QPainter(img)
        for r in range(ROWS):
            for c in range(COLS):
                p.fillRect(c * CELL, r * CELL, CELL, CELL, QColor(*COLOURS[(r + c) % 2]))
        p.end()
        return img
    """
)

SHOW_CHECKER = CHECKER + textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QSocketNotifier, Qt, QTimer
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication(sys.argv)
    img = checker()
    label = QLabel()
    label.setWindowFlags(Qt.WindowType.FramelessWindowHint)
    label.setPixmap(QPixmap.fromImage(img))
    label.setGeometry({ORIGIN[0]}, {ORIGIN[1]}, img.width(), img.height())
    label.show()
    def check():
        got = app.primaryScreen().grabWindow(0, {ORIGIN[0]}, {ORIGIN[1]}, img.width(), img.height()).toImage()
        if got.convertToFormat(img.format()) == img:
            print("READY", flush=True)
        else:
            QTimer.singleShot(20, check)  # the next frame
    QTimer.singleShot(0, check)
    # Run (repainting on expose) until the test closes our stdin.
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *a: app.quit() if not sys.stdin.buffer.raw.read(4096) else None)
    app.exec()
    """
)

# BugZot itself: the composition from app.build, driven through its own actions and signals. Under the
# main guard: the image worker processes are spawned, and each runs this script's top level again.
DRIVE_APP = CHECKER + "if __name__ == '__main__':\n" + textwrap.indent(textwrap.dedent(
    f"""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from bugzot_desktop import app as app_mod
    from bugzot_desktop.core.settings import Settings

    qapp = QApplication(sys.argv[:1])
    data_dir, server_url = Path(sys.argv[1]), sys.argv[2]
    parts = app_mod.build(data_dir, Settings(server_url=server_url))
    w = parts.window
    w.setGeometry(60, 60, 820, 600)  # right over the checkerboard
    w.show()
    result = {{}}
    loop = QEventLoop()
    done = lambda: loop.quit()

    def covered():
        # Our window is on screen where the checkerboard is.
        got = qapp.primaryScreen().grabWindow(0, {ORIGIN[0]}, {ORIGIN[1]}, {CELL}, {CELL}).toImage()
        return got.pixelColor(5, 5).getRgb()[:3] != {COLOURS[0]!r}

    def when_shown():
        if not (w.windowHandle() and w.windowHandle().isExposed() and covered()):
            QTimer.singleShot(20, when_shown)
            return
        result["covered_before"] = True
        w.capture_action.trigger()

    def attached(row, attachment, thumb):
        result["attachment"] = attachment.filename
        result["window_back"] = w.isVisible()
        w.form.ui.titleEdit.setText("Real screen capture")
        QTimer.singleShot(0, submit_when_ready)

    def submit_when_ready():
        # Submit waits (disabled) until every attachment is prepared; so does this driver.
        if parts.composer.busy or not w.submit_button.isEnabled():
            QTimer.singleShot(20, submit_when_ready)
            return
        QTimer.singleShot(0, accept_review)
        w.submit_button.click()  # opens the review step (modal), accepted below as a user would

    def accept_review():
        dlg = qapp.activeModalWidget()
        if dlg is None or not hasattr(dlg, "send_button"):
            QTimer.singleShot(20, accept_review)
            return
        result["reviewed"] = type(dlg).__name__
        dlg.send_button.click()

    parts.composer.attachment_added.connect(attached)
    parts.composer.problem.connect(lambda m, _details: (result.update(problem=m), done()))
    if parts.capture_flow is not None:
        parts.capture_flow.failed.connect(lambda m: (result.update(capture_failed=m), done()))
    parts.flusher.report_sent.connect(lambda cid, url: (result.update(client_id=cid, url=url), done()))
    parts.flusher.report_failed.connect(lambda cid, m: (result.update(refused=m), done()))
    QTimer.singleShot(0, when_shown)
    QTimer.singleShot(90_000, done)  # a bound, never a wait
    loop.exec()
    result["status"] = w.status_text()
    app_mod.shutdown(parts)
    print(json.dumps(result), flush=True)
    """
), "    ")


@pytest.fixture
def xvfb():
    """Xvfb 1280x720; yields the DISPLAY string; always stopped."""
    r, wfd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(wfd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(wfd)
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
    env.pop("BUGZOT_DATA_DIR", None)
    return env


@pytest.fixture
def checker_shown(xvfb, tmp_path):
    """Another application showing the checkerboard, until the test ends."""
    script = tmp_path / "show_checker.py"
    script.write_text(SHOW_CHECKER)
    proc = subprocess.Popen([sys.executable, str(script)], env=_env(xvfb), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready and proc.stdout.readline().strip() == "READY"
        yield xvfb
    finally:
        proc.stdin.close()
        proc.wait(20)


def _cells_match(img, origin: tuple[int, int], tolerance: int) -> list[tuple[int, int]]:
    """Cells whose centre pixel is not the expected checkerboard colour (empty = all match)."""
    wrong = []
    for r in range(ROWS):
        for c in range(COLS):
            x, y = origin[0] + c * CELL + CELL // 2, origin[1] + r * CELL + CELL // 2
            got = img.getpixel((x, y))[:3]
            want = COLOURS[(r + c) % 2]
            if any(abs(a - b) > tolerance for a, b in zip(got, want, strict=True)):
                wrong.append((c, r))
    return wrong


def test_capture_of_the_real_screen_reaches_the_server_with_the_pattern(qtbot, checker_shown, live_server, tmp_path):
    from PIL import Image

    script = tmp_path / "drive_app.py"
    script.write_text(DRIVE_APP)
    res = subprocess.run([sys.executable, str(script), str(tmp_path / "app-data"), live_server.url],
                         env=_env(checker_shown), capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    result = json.loads(res.stdout.strip().splitlines()[-1])
    assert set(result) >= {"client_id", "url"}, result
    assert result["covered_before"] is True
    assert result["window_back"] is True
    assert result["attachment"].startswith("screenshot-")
    assert result["reviewed"] == "ReviewDialog"
    assert result["status"] == f"Report sent: {result['url']}"

    stored = [r for r in live_server.reports() if r["client_id"] == result["client_id"]]
    assert [r["title"] for r in stored] == ["Real screen capture"]
    att = requests.get(f"{live_server.url}/api/v1/reports/{stored[0]['id']}", timeout=10).json()["attachments"][0]
    blob = requests.get(att["url"], timeout=10)
    assert blob.status_code == 200
    img = Image.open(io.BytesIO(blob.content)).convert("RGB")
    assert img.size == (1280, 720)
    # Screenshots are encoded losslessly; allow a little for a lossy encoder all the same.
    assert _cells_match(img, ORIGIN, tolerance=24) == []

    # The server makes the thumbnail after its response; the report page shows it once ready.
    api = f"{live_server.url}/api/v1/reports/{stored[0]['id']}"

    def thumbnail_ready():
        assert requests.get(api, timeout=10).json()["attachments"][0]["thumbnail_url"] is not None

    qtbot.waitUntil(thumbnail_ready, timeout=60_000)
    thumb_url = requests.get(api, timeout=10).json()["attachments"][0]["thumbnail_url"]
    thumb = Image.open(io.BytesIO(requests.get(thumb_url, timeout=10).content))
    assert max(thumb.size) == 256
    page = requests.get(result["url"], timeout=10)
    assert page.status_code == 200 and "Real screen capture" in page.text
