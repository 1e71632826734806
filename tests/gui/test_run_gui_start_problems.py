"""run_gui with a damaged settings file: the window still opens, with defaults for the bad fields."""

from __future__ import annotations

import argparse
import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bugzot_desktop.app import run_gui
from bugzot_desktop.gui.main_window import MainWindow


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
        f"Settings file {data / 'settings.json'}: server_url must be text in quotes, not 5; max_edge must be a whole "
        'number, not "big". The defaults are used for server_url, max_edge until you save the settings.',
        ("http://127.0.0.1:8000", 1920, 30),
    )]
    assert (data / "settings.json").read_text(encoding="utf-8") == text  # left for the user to fix

