"""The editor's tools: one place for each tool's name, mark-up kind, label and shortcut."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ToolSpec:
    """A tool: ``kind`` is the mark-up item kind it draws (None for select and crop)."""

    name: str
    label: str
    shortcut: str
    kind: str | None
    default_width: float = 4.0


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec("select", "Select", "V", None),
    ToolSpec("arrow", "Arrow", "A", "arrow"),
    ToolSpec("line", "Line", "L", "line"),
    ToolSpec("rect", "Rectangle", "R", "rect"),
    ToolSpec("ellipse", "Ellipse", "E", "ellipse"),
    ToolSpec("pen", "Pen", "P", "pen"),
    ToolSpec("highlighter", "Highlighter", "H", "highlighter", 18.0),
    ToolSpec("text", "Text", "T", "text"),
    ToolSpec("step", "Step marker", "N", "step"),
    ToolSpec("pixelate", "Pixelate", "X", "pixelate"),
    ToolSpec("blur", "Blur", "B", "blur"),
    ToolSpec("crop", "Crop", "C", None),
)
TOOLS_BY_NAME = {t.name: t for t in TOOLS}
DRAG_KINDS = ("arrow", "line", "rect", "ellipse", "pixelate", "blur")
STROKE_KINDS = ("pen", "highlighter")
MIN_DRAG = 3.0  # image px: a smaller drag is a stray click, not a shape
