"""The layering is checked, not hoped for: import-linter contracts, and core without PySide6."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_tasks_never_import_qtwidgets():
    """tasks/ is QtCore/QtGui only (import-linter cannot express a PySide6 submodule)."""
    offenders = []
    for path in sorted((ROOT / "bugzot_desktop" / "tasks").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n.startswith("PySide6.QtWidgets") or n.startswith("bugzot_desktop.gui") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_core_tests_pass_with_pyside6_absent(tmp_path):
    """Run tests/core in a child where `import PySide6` fails, as on a machine without Qt."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        textwrap.dedent(
            """
            import sys
            class _NoQt:
                def find_spec(self, name, path=None, target=None):
                    if name == "PySide6" or name.startswith("PySide6.") or name in ("pytestqt", "pytest_qt"):
                        raise ImportError(f"{name} is blocked for this test run")
                    return None
            sys.meta_path.insert(0, _NoQt())
            """
        )
    )
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider", "tests/core", "-x"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout
