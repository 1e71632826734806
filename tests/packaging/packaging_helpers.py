"""Helpers for the packaging tests: build once, run built programs in a clean environment.

The build runs packaging/build.py in a subprocess (the same code path as
`make package`), lean: --noconfirm, no UPX, PyInstaller's workpath under build/.
Built programs are run with a clean environment: no venv on PATH, no
PYTHONPATH/VIRTUAL_ENV, offscreen Qt, a private HOME, and a working directory
outside the source tree, so nothing can leak in from the checkout.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.py"
# The whole build under load on 2 shared cores takes ~1 min; pytest's default per-test timeout is 300 s.
BUILD_TIMEOUT_S = 1200


def load_build_module() -> ModuleType:
    """packaging/build.py as a module (it is a script, not part of an installed package)."""
    name = "bugzot_packaging_build"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BUILD_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Built:
    """What one run of packaging/build.py produced."""

    bundle: Path
    launcher: Path
    archive: Path | None
    seconds: float


def report_line(config: pytest.Config, line: str) -> None:
    """Print through pytest's terminal (visible under -q too) so the build time lands in the log."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capman = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capman is None:
        return
    with capman.global_and_fixture_disabled():  # fd capture would swallow it otherwise
        reporter.write_line(line)


def run_build(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    elapsed = time.monotonic() - t0
    assert proc.returncode == 0, f"build.py {' '.join(args)} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return proc, elapsed


def clean_env(tmp: Path) -> dict[str, str]:
    """What a user's desktop session gives a program, minus everything of this checkout and venv."""
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "TMPDIR": str(tmp),
    }
    for leak in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        assert leak not in env
    return env


def run_program(program: Path, *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run a built program from a directory outside the checkout with a clean environment."""
    work = tmp / "cwd"
    work.mkdir(exist_ok=True)
    return subprocess.run(
        [str(program), *args],
        cwd=work,
        env=clean_env(tmp),
        capture_output=True,
        text=True,
        timeout=120,
    )


def parse_self_check(stdout: str) -> list[tuple[str, str, str]]:
    """The (status, name, detail) rows of `bugzot --self-check` output."""
    rows = []
    for line in stdout.splitlines()[1:-1]:
        status, rest = line.strip().split(None, 1)
        name, _, detail = rest.partition("  ")
        rows.append((status, name.strip(), detail.strip()))
    return rows


def expected_check_names() -> list[str]:
    from bugzot_desktop.commands.selfcheck import SelfCheck

    return [name for name, _ in SelfCheck(Path(os.devnull)).checks()]
