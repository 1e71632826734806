"""Mark-up as data: what was drawn on a screenshot, kept so it can be reopened and changed.

Qt-free. Coordinates are pixels of the unmarked source image. The editor turns
this into graphics items, tasks/flatten.py renders it onto the image, and the
outbox stores :meth:`Markup.to_dict` beside the report (it is also sent as
JSON with the attachment).

Item kinds and the points they use:

* ``arrow``, ``line``, ``rect``, ``ellipse``, ``pixelate``, ``blur``: two points
  (start and end; for boxes, two opposite corners in any order);
* ``pen``, ``highlighter``: two or more points (a polyline);
* ``text``: one point (top-left of the text) and ``text``;
* ``step``: one point (centre) and ``number``.

``crop`` (x, y, w, h) is applied last, after every item is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text

SCHEMA_VERSION = 1
TWO_POINT_KINDS = ("arrow", "line", "rect", "ellipse", "pixelate", "blur")
POLYLINE_KINDS = ("pen", "highlighter")
ONE_POINT_KINDS = ("text", "step")
REDACTION_KINDS = ("pixelate", "blur")
KINDS = TWO_POINT_KINDS + POLYLINE_KINDS + ONE_POINT_KINDS
DEFAULT_COLOR = "#e53935"
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_ITEMS = 5000  # a guard against a corrupted or hostile mark-up file, far above real use
MAX_POINTS = 100_000

Point = tuple[float, float]


@dataclass(frozen=True)
class MarkupItem:
    """One drawn thing. Immutable: editing makes a new item (simple undo)."""

    kind: str
    points: tuple[Point, ...]
    color: str = DEFAULT_COLOR
    width: float = 4.0
    text: str = ""
    number: int = 0
    font_size: float = 24.0

    def __post_init__(self) -> None:
        _check_item(self)

    @property
    def is_redaction(self) -> bool:
        return self.kind in REDACTION_KINDS

    def box(self) -> tuple[float, float, float, float]:
        """The bounding box of the points (x, y, w, h); zero-sized for one point."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def translated(self, dx: float, dy: float) -> MarkupItem:
        return replace(self, points=tuple((x + dx, y + dy) for x, y in self.points))

    def with_points(self, points: tuple[Point, ...]) -> MarkupItem:
        return replace(self, points=tuple(points))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind,
            "points": [[_num(x), _num(y)] for x, y in self.points],
            "color": self.color,
            "width": _num(self.width),
        }
        if self.kind == "text":
            d["text"] = self.text
            d["font_size"] = _num(self.font_size)
        if self.kind == "step":
            d["number"] = self.number
            d["font_size"] = _num(self.font_size)
        return d

    @classmethod
    def from_dict(cls, d: Any) -> MarkupItem:
        if not isinstance(d, dict):
            raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "Mark-up item is not an object.")))
        try:
            pts = tuple((float(p[0]), float(p[1])) for p in d["points"])
            return cls(
                kind=str(d["kind"]),
                points=pts,
                color=str(d.get("color", DEFAULT_COLOR)),
                width=float(d.get("width", 4.0)),
                text=str(d.get("text", "")),
                number=int(d.get("number", 0)),
                font_size=float(d.get("font_size", 24.0)),
            )
        except BadInputError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Mark-up item is malformed ({reason}); it cannot be reopened."), reason=repr(exc))
            ) from None


@dataclass(frozen=True)
class Markup:
    """Everything drawn on one image, plus an optional crop. ``to_dict``/``from_dict`` round-trip exactly."""

    width: int
    height: int
    items: tuple[MarkupItem, ...] = field(default_factory=tuple)
    crop: tuple[int, int, int, int] | None = None

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Mark-up image size {w}x{h} is not positive."), w=self.width, h=self.height)
            )
        if len(self.items) > MAX_ITEMS:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Mark-up has {n} items; the limit is {limit}."), n=len(self.items), limit=MAX_ITEMS)
            )
        if self.crop is not None:
            x, y, w, h = self.crop
            if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > self.width or y + h > self.height:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "Crop {crop} does not fit the {w}x{h} image."),
                         crop=str(self.crop), w=self.width, h=self.height)
                )

    @property
    def has_redactions(self) -> bool:
        return any(i.is_redaction for i in self.items)

    def is_empty(self) -> bool:
        return not self.items and self.crop is None

    def next_step_number(self) -> int:
        return max((i.number for i in self.items if i.kind == "step"), default=0) + 1

    def output_size(self) -> tuple[int, int]:
        """The flattened image's size: the crop's, or the source's."""
        return (self.crop[2], self.crop[3]) if self.crop else (self.width, self.height)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SCHEMA_VERSION,
            "image": {"width": self.width, "height": self.height},
            "crop": list(self.crop) if self.crop else None,
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, d: Any) -> Markup:
        """Parse stored mark-up; BadInputError (never KeyError) on anything malformed."""
        if not isinstance(d, dict):
            raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "Mark-up is not a JSON object; it cannot be reopened.")))
        version = d.get("version")
        if version != SCHEMA_VERSION:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Mark-up version {version} is not supported (expected {expected})."),
                     version=repr(version), expected=SCHEMA_VERSION)
            )
        try:
            img = d["image"]
            width, height = int(img["width"]), int(img["height"])
            crop_raw = d.get("crop")
            crop = tuple(int(v) for v in crop_raw) if crop_raw is not None else None
            if crop is not None and len(crop) != 4:
                raise ValueError("crop needs four numbers")
            items_raw = d.get("items", [])
            if not isinstance(items_raw, list):
                raise TypeError("items is not a list")
        except (KeyError, TypeError, ValueError) as exc:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Mark-up is malformed ({reason}); it cannot be reopened."), reason=repr(exc))
            ) from None
        return cls(width, height, tuple(MarkupItem.from_dict(i) for i in items_raw), crop)  # type: ignore[arg-type]


def _num(v: float) -> float | int:
    # Whole numbers stay ints in JSON, so a round trip is byte-for-byte stable.
    return int(v) if float(v).is_integer() else float(v)


def _check_item(item: MarkupItem) -> None:
    if item.kind not in KINDS:
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Mark-up item kind {kind} is unknown; expected one of {kinds}."),
                 kind=repr(item.kind), kinds=", ".join(KINDS))
        )
    n = len(item.points)
    if n > MAX_POINTS:
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Mark-up {kind} has {n} points; the limit is {limit}."), kind=item.kind, n=n, limit=MAX_POINTS)
        )
    need = 2 if item.kind in TWO_POINT_KINDS else (1 if item.kind in ONE_POINT_KINDS else None)
    if need is not None and n != need:
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Mark-up {kind} needs {need} point(s), got {n}."), kind=item.kind, need=need, n=n)
        )
    if need is None and n < 2:
        raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "Mark-up {kind} needs at least 2 points, got {n}."), kind=item.kind, n=n))
    if not _COLOR_RE.match(item.color):
        raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "Mark-up colour {color} is not #rrggbb."), color=repr(item.color)))
    if not (0 < item.width <= 200):
        raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "Mark-up width {width} is outside 0–200."), width=item.width))
    if item.kind == "step" and item.number < 1:
        raise BadInputError(Text(QT_TRANSLATE_NOOP("core", "Step marker number {n} must be 1 or more."), n=item.number))
