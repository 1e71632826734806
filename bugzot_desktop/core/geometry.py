"""Screen geometry as pure functions: logical selections to device pixels, and the virtual desktop.

No Qt here: the capture code describes each screen as a :class:`ScreenInfo`
and these functions decide where its pixels go. Conventions (those of Qt 6):

* A screen's *logical* rectangle is in device-independent pixels; its size
  times ``dpr`` (device pixel ratio) is its size in device pixels.
* A screen's *device origin* is where its top-left device pixel sits in the
  virtual desktop. Qt 6 keeps a screen's origin in native coordinates, so the
  device origin equals the logical origin unless told otherwise.
* The composed desktop image's (0, 0) is the top-left of the bounding box of
  all screens in device pixels — screens left of or above the primary have
  negative origins, so everything is shifted by that box's origin.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rect:
    """An integer rectangle; ``right``/``bottom`` are exclusive."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def is_empty(self) -> bool:
        return self.w <= 0 or self.h <= 0

    def translated(self, dx: int, dy: int) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def intersected(self, other: Rect) -> Rect:
        """The overlap; an empty Rect(…, 0, 0) when there is none."""
        x0, y0 = max(self.x, other.x), max(self.y, other.y)
        x1, y1 = min(self.right, other.right), min(self.bottom, other.bottom)
        if x1 <= x0 or y1 <= y0:
            return Rect(x0, y0, 0, 0)
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def contains_point(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)


def normalized(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """A rectangle (x, y, w, h) from two corners given in any order (a rubber band drag)."""
    return (min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))


def bounding(rects: Iterable[Rect]) -> Rect:
    """The smallest rectangle holding all of ``rects`` (empty input: an empty rect)."""
    rs = [r for r in rects if not r.is_empty()]
    if not rs:
        return Rect(0, 0, 0, 0)
    x0, y0 = min(r.x for r in rs), min(r.y for r in rs)
    x1, y1 = max(r.right for r in rs), max(r.bottom for r in rs)
    return Rect(x0, y0, x1 - x0, y1 - y0)


@dataclass(frozen=True)
class ScreenInfo:
    """One screen: its logical geometry, device pixel ratio and (optionally) device origin.

    ``desktop`` groups screens that share one virtual desktop; separate X screens
    (``Xvfb -screen 0 … -screen 1 …``) each have their own, all starting at (0, 0).
    """

    name: str
    logical: Rect
    dpr: float = 1.0
    device_origin: tuple[int, int] | None = field(default=None)
    desktop: int = 0

    @property
    def device(self) -> Rect:
        """The screen's rectangle in virtual-desktop device pixels."""
        ox, oy = self.device_origin if self.device_origin is not None else (self.logical.x, self.logical.y)
        return Rect(ox, oy, device_length(self.logical.w, self.dpr), device_length(self.logical.h, self.dpr))

    def logical_to_device_point(self, x: float, y: float) -> tuple[float, float]:
        """A global logical point on this screen, in virtual-desktop device pixels."""
        d = self.device
        return (d.x + (x - self.logical.x) * self.dpr, d.y + (y - self.logical.y) * self.dpr)

    def device_to_logical_point(self, x: float, y: float) -> tuple[float, float]:
        """Inverse of :meth:`logical_to_device_point`."""
        d = self.device
        return (self.logical.x + (x - d.x) / self.dpr, self.logical.y + (y - d.y) / self.dpr)


def device_length(logical: float, dpr: float) -> int:
    """A logical length in whole device pixels (rounded, so 1366 * 1.25 stays 1708 not 1707)."""
    return int(math.floor(logical * dpr + 0.5))


def desktop_bounds(screens: Sequence[ScreenInfo]) -> Rect:
    """The virtual desktop's bounding box in device pixels (may start at negative coordinates)."""
    return bounding(s.device for s in screens)


@dataclass(frozen=True)
class Placement:
    """Where one screen's grab goes in the composed desktop image."""

    screen: ScreenInfo
    target: Rect  # in composed-image pixels (origin at the desktop's top-left)

    def local_to_image(self, x: float, y: float) -> tuple[float, float]:
        """A point in screen-local logical coordinates to composed-image pixels."""
        return (self.target.x + x * self.screen.dpr, self.target.y + y * self.screen.dpr)

    def image_to_local(self, x: float, y: float) -> tuple[float, float]:
        """A composed-image point to screen-local logical coordinates (not clipped)."""
        return ((x - self.target.x) / self.screen.dpr, (y - self.target.y) / self.screen.dpr)

    def image_rect_to_local(self, rect: Rect) -> tuple[float, float, float, float]:
        """A composed-image rectangle in screen-local logical coordinates (for drawing an overlay)."""
        x, y = self.image_to_local(rect.x, rect.y)
        return (x, y, rect.w / self.screen.dpr, rect.h / self.screen.dpr)


def compose_layout(screens: Sequence[ScreenInfo]) -> tuple[Rect, list[Placement]]:
    """Desktop bounds (device px) and each screen's rectangle inside the composed image.

    Within one virtual desktop, a screen at device origin (-1920, 0) lands at
    x=0 and the primary at (0, 0) lands at x=1920. Separate virtual desktops
    (``ScreenInfo.desktop``) are laid out left to right, top-aligned, in order.
    The returned bounds have the composed image's size; their origin is the
    first desktop's device origin, so ``device_rect_to_image`` works in its coordinates.
    """
    groups: dict[int, list[ScreenInfo]] = {}
    for s in screens:
        groups.setdefault(s.desktop, []).append(s)
    offsets: dict[int, tuple[int, int, int]] = {}  # desktop -> (bounds x, bounds y, x offset in image)
    x_off, height, origin = 0, 0, (0, 0)
    for i, (key, members) in enumerate(groups.items()):
        gb = desktop_bounds(members)
        if i == 0:
            origin = (gb.x, gb.y)
        offsets[key] = (gb.x, gb.y, x_off)
        x_off += gb.w
        height = max(height, gb.h)
    placements = []
    for s in screens:
        bx, by, off = offsets[s.desktop]
        placements.append(Placement(s, s.device.translated(off - bx, -by)))
    return Rect(origin[0], origin[1], x_off, height), placements


def screen_at(screens: Sequence[ScreenInfo], x: float, y: float) -> ScreenInfo | None:
    """The screen holding global logical point (x, y), if any."""
    for s in screens:
        if s.logical.contains_point(x, y):
            return s
    return None


def logical_rect_to_device(rect: tuple[float, float, float, float], screen: ScreenInfo) -> Rect:
    """A selection in global logical coordinates on ``screen`` to virtual-desktop device pixels.

    Edges are mapped separately and rounded outward-free (to the nearest device
    pixel) so adjacent selections tile without gaps; the result is clipped to the screen.
    """
    x, y, w, h = rect
    x0, y0 = screen.logical_to_device_point(x, y)
    x1, y1 = screen.logical_to_device_point(x + w, y + h)
    r = Rect(_round(x0), _round(y0), _round(x1) - _round(x0), _round(y1) - _round(y0))
    return r.intersected(screen.device)


def logical_rect_to_device_pieces(
    rect: tuple[float, float, float, float], screens: Sequence[ScreenInfo]
) -> list[tuple[ScreenInfo, Rect]]:
    """A logical selection that may span screens, as one device-pixel piece per screen it touches."""
    x, y, w, h = rect
    sel = _float_intersection((x, y, w, h), None)
    pieces: list[tuple[ScreenInfo, Rect]] = []
    for s in screens:
        lg = s.logical
        part = _float_intersection(sel, (lg.x, lg.y, lg.w, lg.h))
        if part is None:
            continue
        d = logical_rect_to_device(part, s)
        if not d.is_empty():
            pieces.append((s, d))
    return pieces


def device_rect_to_image(rect: Rect, bounds: Rect) -> Rect:
    """A virtual-desktop device rectangle to pixel coordinates in the composed image."""
    return rect.translated(-bounds.x, -bounds.y).intersected(Rect(0, 0, bounds.w, bounds.h))


def clamp_rect(rect: Rect, bounds: Rect) -> Rect:
    """Move ``rect`` (keeping its size where it fits) so it lies inside ``bounds``; used by nudging."""
    w, h = min(rect.w, bounds.w), min(rect.h, bounds.h)
    x = min(max(rect.x, bounds.x), bounds.right - w)
    y = min(max(rect.y, bounds.y), bounds.bottom - h)
    return Rect(x, y, w, h)


def parse_region(text: str) -> Rect:
    """'X,Y,W,H' (integers, W and H positive) to a Rect; ValueError with a plain message otherwise."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError(f"region {text!r} must be X,Y,W,H (four integers)")
    try:
        x, y, w, h = (int(p) for p in parts)
    except ValueError:
        raise ValueError(f"region {text!r} must be X,Y,W,H (four integers)") from None
    if w <= 0 or h <= 0:
        raise ValueError(f"region {text!r} needs a positive width and height")
    return Rect(x, y, w, h)


def default_x_screen(display: str | None) -> int:
    """The X screen a DISPLAY names (``:0`` -> 0, ``host:1.2`` -> 2); 0 when it names none."""
    m = re.search(r":\d+\.(\d+)$", display or "")
    return int(m.group(1)) if m else 0


def qt_desktop_of(xscreen: int, default: int) -> int:
    """Where Qt's xcb plugin lists X screen ``xscreen`` among its virtual desktops: the default X screen
    (DISPLAY's ``.N``) first, then the others in X order. With DISPLAY=:0.1, X screen 0 is Qt's second."""
    if xscreen == default:
        return 0
    return xscreen + 1 if xscreen < default else xscreen


def window_rect_in_image(placements: list[Placement], xscreen: int, rect: Rect, *, default_screen: int = 0) -> Rect:
    """A window rectangle (X root coordinates of X screen ``xscreen``) as composed-image pixels.

    ``default_screen``: the X screen DISPLAY names (:func:`default_x_screen`), which Qt lists first."""
    desktop = qt_desktop_of(xscreen, default_screen)
    group = [p for p in placements if p.screen.desktop == desktop] or placements
    if not group:
        return Rect(0, 0, 0, 0)
    # Within one virtual desktop, all screens share one offset between device coords and the image.
    p = group[0]
    dx, dy = p.target.x - p.screen.device.x, p.target.y - p.screen.device.y
    out = Rect(0, 0, 0, 0)
    for q in group:
        part = rect.translated(dx, dy).intersected(q.target)
        if not part.is_empty():
            out = part if out.is_empty() else union(out, part)
    return out


def union(a: Rect, b: Rect) -> Rect:
    """The smallest rectangle holding both."""
    x0, y0 = min(a.x, b.x), min(a.y, b.y)
    return Rect(x0, y0, max(a.right, b.right) - x0, max(a.bottom, b.bottom) - y0)


def _round(v: float) -> int:
    # Half-up rounding (not banker's) so mapping is monotonic and predictable.
    return int(math.floor(v + 0.5))


def _float_intersection(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float] | None
) -> tuple[float, float, float, float] | None:
    if b is None:
        return a if a[2] > 0 and a[3] > 0 else None
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1 - x0, y1 - y0)
