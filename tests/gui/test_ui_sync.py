"""The compiled ui_*.py files match their Designer sources in ui/.

Why compiled, not QUiLoader: typed attributes that ruff and mypy can see, no
QtUiTools at run time and no .ui data files to ship in the PyInstaller bundle.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [(ROOT / "ui" / "bug_form.ui", ROOT / "bugzot_desktop" / "gui" / "ui_bug_form.py")]


def _body(text: str) -> list[str]:
    # The header names the uic version; everything else must be identical.
    return [line for line in text.splitlines() if not line.startswith("## Created by:")]


@pytest.mark.parametrize(("ui", "py"), PAIRS, ids=[p[0].name for p in PAIRS])
def test_compiled_ui_is_in_sync(ui: Path, py: Path):
    uic = Path(sys.executable).with_name("pyside6-uic")
    out = subprocess.run([str(uic), str(ui)], capture_output=True, text=True, check=True).stdout
    assert _body(out) == _body(py.read_text(encoding="utf-8")), f"run: pyside6-uic {ui.relative_to(ROOT)} -o {py.relative_to(ROOT)}"
