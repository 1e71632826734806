"""One app per data dir: a second start brings the first one's window up and ends (gui/single_instance.py).

Two apps on one data dir overwrote each other's draft, and Discard in the second deleted the first's
capture (newcomer QA). The first app is played by a helper process that claims the drafts as the app
does; readiness is its READY line, the hand-over its ACTIVATED line.
"""

from __future__ import annotations

import argparse
import select
import subprocess
import sys
from pathlib import Path

import pytest

from bugzot_desktop.app import run_gui
from bugzot_desktop.gui import single_instance
from bugzot_desktop.gui.main_window import MainWindow
from bugzot_desktop.gui.single_instance import InstanceServer, hand_over, server_name

FIRST_APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QSocketNotifier
from bugzot_desktop.core.drafts import DraftStore
app = QCoreApplication(sys.argv[:1])
data_dir, mode = Path(sys.argv[1]), sys.argv[2]
drafts = DraftStore(data_dir)
assert drafts.claim()
if mode == "hung":  # accepts connections (the kernel does) but never answers: a stopped or hung app
    from PySide6.QtNetwork import QLocalServer
    from bugzot_desktop.gui.single_instance import server_name
    hung = QLocalServer()
    QLocalServer.removeServer(server_name(data_dir))
    assert hung.listen(server_name(data_dir))
if mode == "serve":
    from bugzot_desktop.gui.single_instance import InstanceServer
    server = InstanceServer(data_dir)
    server.activated.connect(lambda: print("ACTIVATED", flush=True))
print("READY", flush=True)
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(lambda *a: app.quit())  # until the test closes our stdin
app.exec()
drafts.release()
"""


def _first_app(data_dir: Path, mode: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", FIRST_APP, str(data_dir), mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    assert ready and proc.stdout.readline().strip() == "READY"
    return proc


def _end(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    assert proc.wait(30) == 0
    proc.stdout.close()


ASK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from bugzot_desktop.gui.single_instance import hand_over\n"
    "app = QCoreApplication([])\n"
    "sys.exit(0 if hand_over(Path(sys.argv[1])) else 1)\n"
)


def _ask_from_another_process(qtbot, data_dir: Path) -> int:
    """hand_over() as a second start does it; this process's event loop runs meanwhile (it answers)."""
    proc = subprocess.Popen([sys.executable, "-c", ASK, str(data_dir)])
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
    return proc.returncode


def _args(data_dir: Path) -> argparse.Namespace:
    return argparse.Namespace(data_dir=str(data_dir), with_local_server=False, lang=None)


def test_a_second_start_brings_the_first_window_up_and_ends(qapp, data_dir, capsys, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(single_instance.AlreadyOpen, "tell", classmethod(lambda cls, m: told.append(m)))
    first = _first_app(data_dir, "serve")
    windows_before = {id(w) for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)}
    try:
        assert run_gui(_args(data_dir)) == 0, told  # returns at once: no second window, no second draft
        ready, _, _ = select.select([first.stdout], [], [], 30)
        assert ready and first.stdout.readline().strip() == "ACTIVATED"
        assert capsys.readouterr().err == (
            f"bugzot: BugZot is already open for {data_dir.resolve()}; its window was brought to the front.\n")
        assert {id(w) for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)} == windows_before
        assert not (data_dir / "drafts" / "draft.json").exists()
    finally:
        _end(first)


@pytest.mark.parametrize("mode", ["hold", "hung"])
def test_a_first_app_that_does_not_answer_is_said_and_left_alone(qapp, data_dir, capsys, monkeypatch, mode):
    # "hung": a stopped first app was reported as "brought to the front" (the kernel accepted the connection)
    told: list[str] = []
    monkeypatch.setattr(single_instance.AlreadyOpen, "tell", classmethod(lambda cls, m: told.append(m)))
    monkeypatch.setattr(single_instance, "HAND_OVER_TIMEOUT_MS", 1000)
    first = _first_app(data_dir, mode)  # has the drafts; listens to nobody, or listens and never answers
    try:
        assert run_gui(_args(data_dir)) == 1
        assert told == [f"BugZot is already open for the data folder {data_dir.resolve()} in another process, which "
                        "did not answer. Use its window, or start BugZot with another data folder (--data-dir)."]
        assert capsys.readouterr().err == f"bugzot: {told[0]}\n"
    finally:
        _end(first)


def test_the_window_comes_to_the_front_when_asked(qtbot, parts, tmp_path):
    server = InstanceServer(tmp_path / "d")
    server.activated.connect(parts.window.bring_to_front)
    parts.window.show()
    parts.window.showMinimized()
    with qtbot.waitSignal(server.activated, timeout=30_000):
        assert _ask_from_another_process(qtbot, tmp_path / "d") == 0
    qtbot.waitUntil(lambda: not parts.window.isMinimized() and parts.window.isVisible())
    server.close()


def test_a_socket_left_by_a_killed_app_is_taken_over_and_a_closed_one_is_removed(qtbot, tmp_path):
    stale = Path(server_name(tmp_path / "d"))
    stale.write_bytes(b"")  # what a SIGKILLed app leaves behind
    try:
        server = InstanceServer(tmp_path / "d")
        assert server.listening
        with qtbot.waitSignal(server.activated, timeout=30_000):
            assert _ask_from_another_process(qtbot, tmp_path / "d") == 0
        server.close()
        assert not stale.exists()  # a normal end leaves no socket file behind
    finally:
        stale.unlink(missing_ok=True)


def test_the_socket_does_not_follow_tmpdir(tmp_path, monkeypatch):
    # A second start with another TMPDIR looked for the first app's socket in the wrong place.
    name = server_name(tmp_path / "d")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "elsewhere"))
    assert server_name(tmp_path / "d") == name and Path(name).is_absolute()


def test_a_start_during_a_capture_leaves_the_hidden_window_hidden(qtbot, parts, monkeypatch):
    # A second start 0.7 s into a delayed capture brought the window back, and it was captured itself.
    class Busy:
        busy = True

    parts.window.show()
    parts.window._capture_flow = Busy()
    parts.window.hide()  # hidden for the grab
    parts.window.bring_to_front()
    assert not parts.window.isVisible()


def test_no_one_listening_is_no_hand_over(qapp, tmp_path):
    assert hand_over(tmp_path / "nobody", timeout_ms=500) is False


def test_a_first_app_a_moment_from_listening_is_waited_for(tmp_path):
    # Two starts within a second (a double-click): the second found the drafts taken but nobody listening
    # yet, said "did not answer" and exited 1. It now retries until the first listens.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication, QTimer\n"
        "from bugzot_desktop.gui.single_instance import InstanceServer\n"
        "app = QCoreApplication([])\n"
        "servers = []\n"
        "def up():\n"
        "    s = InstanceServer(Path(sys.argv[1]))\n"
        "    s.activated.connect(lambda: (print('ACTIVATED', flush=True), QTimer.singleShot(100, app.quit)))\n"
        "    servers.append(s)\n"
        "QTimer.singleShot(800, up)  # a moment from listening\n"
        "QTimer.singleShot(20000, app.quit)\n"
        "app.exec()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "slow")], stdout=subprocess.PIPE, text=True)
    try:
        assert hand_over(tmp_path / "slow", timeout_ms=10_000) is True
        assert proc.stdout.readline().strip() == "ACTIVATED"
    finally:
        assert proc.wait(30) == 0
        proc.stdout.close()
