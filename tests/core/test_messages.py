"""Every message the core raises for a person is a core.text.Text, so the GUI can show it translated.

An AST scan (no Qt, nothing run): a BugzotError subclass raised with an f-string, a plain string
literal or a concatenation would reach the German UI in English. Text templates must be literal
``QT_TRANSLATE_NOOP("core", "...")`` calls (or a name holding one), the only form lupdate extracts,
and every such template must be translated in the shipped .ts.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import xml.etree.ElementTree as ET
from pathlib import Path

import bugzot_desktop.core
from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.text import CONTEXT

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted([*(ROOT / "bugzot_desktop" / "core").glob("*.py"), *(ROOT / "bugzot_desktop" / "tasks").glob("*.py")])
TS = ROOT / "resources" / "translations" / "bugzot_de.ts"

# Raises whose message is deliberately no Text: "file:ErrorClass:message source" -> why (one line each).
ALLOWED: dict[str, str] = {}


def _error_names() -> set[str]:
    for module in pkgutil.iter_modules(bugzot_desktop.core.__path__):
        importlib.import_module(f"bugzot_desktop.core.{module.name}")
    names, todo = set(), [BugzotError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names | {"CaptureUnavailableError"}  # tasks/capture.py's, a BugzotError too (it imports Qt)


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _is_plain_text(node: ast.expr) -> bool:
    """An English sentence made on the spot: a literal, an f-string, a concatenation, str.format or str()."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    if isinstance(node, ast.BinOp):
        return True
    return isinstance(node, ast.Call) and _name(node.func) in ("format", "str", "join", "replace")


def _is_marker(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and _name(node.func) == "QT_TRANSLATE_NOOP"
        and len(node.args) == 2
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
    )


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"  # type: ignore[attr-defined]


def test_core_errors_are_raised_with_a_text():
    errors = _error_names()
    offenders, allowed_seen = [], set()
    for path in SCANNED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            cls = _name(node.exc.func)
            if cls not in errors or not node.exc.args or not _is_plain_text(node.exc.args[0]):
                continue
            key = f"{path.name}:{cls}:{ast.unparse(node.exc.args[0])}"
            if key in ALLOWED:
                allowed_seen.add(key)
            else:
                offenders.append(f"{_where(path, node)}: {cls}({ast.unparse(node.exc.args[0])[:70]})")
    assert offenders == [], "raise these with core.text.Text(QT_TRANSLATE_NOOP('core', ...), ...):\n" + "\n".join(offenders)
    assert allowed_seen == set(ALLOWED), f"stale ALLOWED entries: {set(ALLOWED) - allowed_seen}"


def test_text_templates_are_literal_markers_lupdate_can_see():
    offenders = []
    for path in SCANNED:
        if path.name == "text.py":  # join() builds a template of placeholders only: nothing to translate
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "Text" and node.args:
                template = node.args[0]
                if _is_plain_text(template) or (isinstance(template, ast.Call) and not _is_marker(template)):
                    offenders.append(f"{_where(path, node)}: Text({ast.unparse(template)[:70]})")
            if isinstance(node, ast.Call) and _name(node.func) == "QT_TRANSLATE_NOOP":
                if not _is_marker(node) or node.args[0].value != CONTEXT:  # type: ignore[attr-defined]
                    offenders.append(f"{_where(path, node)}: {ast.unparse(node)[:70]}")
    assert offenders == []


def test_every_core_template_is_in_the_shipped_translation():
    marked = set()
    for path in SCANNED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_marker(node) and node.args[0].value == CONTEXT:  # type: ignore[attr-defined]
                marked.add(node.args[1].value)  # type: ignore[attr-defined]
    root = ET.parse(TS).getroot()
    shipped = {
        m.findtext("source")
        for c in root.iter("context")
        if c.findtext("name") == CONTEXT
        for m in c.iter("message")
        if m.find("translation").get("type") is None and m.findtext("translation")
    }
    assert len(marked) > 100
    assert sorted(marked - shipped) == [], "run pyside6-lupdate (docs/CONTRACTS.md) and translate the new strings"
