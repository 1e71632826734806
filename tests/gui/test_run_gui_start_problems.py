"""run_gui with a damaged settings file or an unusable data dir: the window still opens, or one clear line."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bugzot_desktop import app, cli
from bugzot_desktop.app import run_gui
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.gui import single_instance
from bugzot_desktop.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_wrong_value_types_in_settings_json_open_the_window_with_defaults_and_say_so(qapp, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    text = json.dumps({"server_url": 5, "max_edge": "big", "log_lines": 30})
    (data / "settings.json").write_text(text, encoding="utf-8")
    seen: list[tuple[str, object]] = []

    def look_then_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, look_then_close)
            return
        w = windows[0]
        s = w._settings()
        seen.append((w.status_text(), (s.server_url, s.max_edge, s.log_lines)))
        w.close()

    QTimer.singleShot(0, look_then_close)
    assert run_gui(argparse.Namespace(data_dir=str(data), with_local_server=False, lang=None)) == 0
    assert seen == [(
        f"Settings file {data / 'settings.json'}: server_url must be text in quotes, not 5. max_edge must be a whole "
        'number, not "big". The defaults are used for server_url, max_edge until you save the settings.',
        ("http://127.0.0.1:8000", 1920, 30),
    )]
    assert (data / "settings.json").read_text(encoding="utf-8") == text  # left for the user to fix


def test_values_the_cli_refuses_open_the_window_with_defaults_and_say_so(qapp, tmp_path):
    """#7: the app said "Ready. Reports go to http://exa mple.com:8000" and queued reports that could never go."""
    data = tmp_path / "data"
    data.mkdir()
    text = '{"server_url": "http://exa mple.com:8000", "connect_timeout_s": -1, "max_edge": 800}'
    (data / "settings.json").write_text(text, encoding="utf-8")
    seen: list[tuple[str, object]] = []

    def look_then_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, look_then_close)
            return
        w = windows[0]
        s = w._settings()
        seen.append((w.status_text(), (s.server_url, s.connect_timeout_s, s.max_edge)))
        w.close()

    QTimer.singleShot(0, look_then_close)
    assert run_gui(argparse.Namespace(data_dir=str(data), with_local_server=False, lang=None)) == 0
    assert seen == [(
        f"Settings file {data / 'settings.json'}: Server URL 'http://exa mple.com:8000' contains a space or a control "
        "character; a URL has none. connect_timeout_s must be a number of seconds above 0 and at most 600, not -1. "
        "The defaults are used for server_url, connect_timeout_s until you save the settings.",
        ("http://127.0.0.1:8000", 5.0, 800),
    )]
    assert (data / "settings.json").read_text(encoding="utf-8") == text


def test_a_data_dir_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    not_a_dir = tmp_path / "good.png"
    not_a_dir.write_bytes(b"png")
    # no window here (QT_QPA_PLATFORM unset, DISPLAY empty): one line, no dialog, no Qt abort
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run(
        [sys.executable, "-m", "bugzot_desktop", "--data-dir", str(not_a_dir), "outbox", "list"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.splitlines()[-1] == (
        f"bugzot: --data-dir: Data dir {not_a_dir} is a file, not a folder; choose another data dir.")
    assert "Traceback" not in r.stderr


def test_a_window_that_cannot_open_says_why_in_a_dialog_too(qapp, tmp_path, capsys, monkeypatch):
    """Started from a menu nobody sees stderr: the app seemed not to start at all."""
    told: list[str] = []
    monkeypatch.setattr(single_instance.CannotStart, "tell", classmethod(lambda cls, m: told.append(m)))
    not_a_dir = tmp_path / "good.png"
    not_a_dir.write_bytes(b"png")
    assert cli.main(["--data-dir", str(not_a_dir)]) == 2
    line = f"Data dir {not_a_dir} is a file, not a folder; choose another data dir."
    assert told == [line]
    assert capsys.readouterr().err == f"bugzot: {line}\n"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_an_outbox_that_cannot_be_opened_is_said_in_a_dialog_and_nothing_is_left_open(qapp, tmp_path, capsys,
                                                                                        monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(single_instance.CannotStart, "tell", classmethod(lambda cls, m: told.append(m)))
    data = tmp_path / "data"
    line = f"The outbox database {data / 'outbox.sqlite3'} cannot be written by you (attempt to write a readonly database)."

    def unwritable(*_args, **_kwargs):  # as root, permissions cannot make it so here
        raise BadInputError(line, field="data_dir")

    monkeypatch.setattr(app, "Outbox", unwritable)
    assert cli.main(["--data-dir", str(data)]) == 2
    assert told == [line]
    assert capsys.readouterr().err == f"bugzot: {line}\n"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    # the data dir was let go: another process may claim it (lockf is per process: ask from another one)
    claim = "import sys; from bugzot_desktop.core.drafts import DraftStore; sys.exit(0 if DraftStore(sys.argv[1]).claim() else 1)"
    assert subprocess.run([sys.executable, "-c", claim, str(data)], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          timeout=60).returncode == 0
