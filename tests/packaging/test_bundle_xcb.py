"""The bundle on a real X server: the xcb platform plugin and the xcb libraries it carries."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging_helpers import Built, clean_env, expected_check_names, parse_self_check

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xvfb,
    pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("Xvfb") is None, reason="needs Xvfb"),
    pytest.mark.timeout(1500),
]


@pytest.fixture
def display() -> Iterator[str]:
    """An Xvfb server; ready when it writes its display number (-displayfd); always stopped."""
    r, w = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(w)
    try:
        ready, _, _ = select.select([r], [], [], 30)
        assert ready, "Xvfb did not report its display number"
        number = os.read(r, 64).decode().strip()
        assert number.isdigit(), f"Xvfb said {number!r}"
        yield f":{number}"
    finally:
        os.close(r)
        proc.terminate()
        proc.wait(10)


def test_self_check_passes_on_x11(built: Built, display: str, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    del env["QT_QPA_PLATFORM"]  # a desktop session: Qt picks xcb from DISPLAY
    env["DISPLAY"] = display
    work = tmp_path / "cwd"
    work.mkdir()
    proc = subprocess.run(
        [str(built.launcher), "--self-check"], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.stderr == ""
    assert proc.returncode == 0, proc.stdout
    rows = parse_self_check(proc.stdout)
    assert [(status, name) for status, name, _ in rows] == [("OK", n) for n in expected_check_names()]
    assert dict((name, detail) for _, name, detail in rows)["qt"].endswith("platform xcb")
