"""The editor's tools: one place for each tool's name, mark-up kind, label and shortcut."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Labels are marked for lupdate here (a literal context, or lupdate does not see them) and
# translated where they are shown (tool_label).
CONTEXT = "MarkupTools"


@dataclass(frozen=True)
class ToolSpec:
    """A tool: ``kind`` is the mark-up item kind it draws (None for select and crop).

    ``label`` is the English source text; show :func:`tool_label` instead.
    """

    name: str
    label: str
    shortcut: str
    kind: str | None
    default_width: float = 4.0


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec("select", QT_TRANSLATE_NOOP("MarkupTools", "Select"), "V", None),
    ToolSpec("arrow", QT_TRANSLATE_NOOP("MarkupTools", "Arrow"), "A", "arrow"),
    ToolSpec("line", QT_TRANSLATE_NOOP("MarkupTools", "Line"), "L", "line"),
    ToolSpec("rect", QT_TRANSLATE_NOOP("MarkupTools", "Rectangle"), "R", "rect"),
    ToolSpec("ellipse", QT_TRANSLATE_NOOP("MarkupTools", "Ellipse"), "E", "ellipse"),
    ToolSpec("pen", QT_TRANSLATE_NOOP("MarkupTools", "Pen"), "P", "pen"),
    ToolSpec("highlighter", QT_TRANSLATE_NOOP("MarkupTools", "Highlighter"), "H", "highlighter", 18.0),
    ToolSpec("text", QT_TRANSLATE_NOOP("MarkupTools", "Text"), "T", "text"),
    ToolSpec("step", QT_TRANSLATE_NOOP("MarkupTools", "Step marker"), "N", "step"),
    ToolSpec("pixelate", QT_TRANSLATE_NOOP("MarkupTools", "Pixelate"), "X", "pixelate"),
    ToolSpec("blur", QT_TRANSLATE_NOOP("MarkupTools", "Blur"), "B", "blur"),
    ToolSpec("crop", QT_TRANSLATE_NOOP("MarkupTools", "Crop"), "C", None),
)
TOOLS_BY_NAME = {t.name: t for t in TOOLS}
DRAG_KINDS = ("arrow", "line", "rect", "ellipse", "pixelate", "blur")
STROKE_KINDS = ("pen", "highlighter")
MIN_DRAG = 3.0  # image px: a smaller drag is a stray click, not a shape


def tool_label(name: str) -> str:
    """The tool's label in the user's language (a mark-up item kind works too: they share names)."""
    spec = TOOLS_BY_NAME.get(name)
    return QCoreApplication.translate(CONTEXT, spec.label) if spec else name
