"""Render mark-up onto an image: the one renderer for the editor and for export.

QtGui only (QPainter on a QImage), so :class:`FlattenTask` runs on the pool.
Order of work, identical in the editor's preview and in the export: items in their order (the
editor's stacking order), each on top of what came before —

* an annotation is drawn;
* a redaction (pixelate, blur) covers its box with the redacted *source* pixels, destructively:
  nothing of the original survives inside the box, and an annotation drawn before it (a text
  label with a password) is covered too, as the editor shows it; one drawn after it stays on top;
* the crop, if any, is cut last.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QImageReader,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from bugzot_desktop.core import imaging
from bugzot_desktop.core.errors import BadInputError, ImageError
from bugzot_desktop.core.markup import Markup, MarkupItem
from bugzot_desktop.core.settings import MAX_EDGE
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.tasks.runner import Task

HIGHLIGHTER_ALPHA = 110  # of 255: the text under a highlight stays readable
MIN_PIXEL_BLOCK = 8


def redaction_rect(item: MarkupItem, width: int, height: int) -> QRect:
    """A redaction's box in whole pixels, grown outward to cover every touched pixel, clipped to the image."""
    x, y, w, h = item.box()
    x0, y0 = math.floor(x), math.floor(y)
    x1, y1 = math.ceil(x + w), math.ceil(y + h)
    return QRect(x0, y0, x1 - x0, y1 - y0).intersected(QRect(0, 0, width, height))


def pixel_block(item: MarkupItem) -> int:
    """Pixelate block size: never below 8 px, so no detail (text, a pattern) survives."""
    return max(MIN_PIXEL_BLOCK, round(item.width * 3))


def redacted_patch(source: QImage, item: MarkupItem) -> tuple[QRect, QImage]:
    """The replacement pixels for one redaction over ``source`` (empty rect if it misses the image)."""
    r = redaction_rect(item, source.width(), source.height())
    if r.isEmpty():
        return r, QImage()
    region = source.copy(r).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    if item.kind == "pixelate":
        b = pixel_block(item)
        small = _block_average(region, b)
        patch = small.scaled(
            small.width() * b, small.height() * b, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation
        ).copy(0, 0, r.width(), r.height())
    else:  # blur: average 16 px cells, then smooth back up — a low-pass with nothing left to sharpen
        b = max(16, round(item.width * 4))
        small = _block_average(region, b)
        patch = small.scaled(
            r.width(), r.height(), Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return r, patch.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def paint_item(painter: QPainter, item: MarkupItem) -> None:
    """Draw one annotation (not a redaction) with ``painter`` in image coordinates."""
    color = QColor(item.color)
    pts = [QPointF(x, y) for x, y in item.points]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(color, item.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    k = item.kind
    if k == "line":
        painter.drawLine(pts[0], pts[1])
    elif k == "arrow":
        painter.setBrush(QBrush(color))
        painter.drawPath(arrow_path(item))
    elif k == "rect":
        painter.drawRect(QRectF(pts[0], pts[1]).normalized())
    elif k == "ellipse":
        painter.drawEllipse(QRectF(pts[0], pts[1]).normalized())
    elif k == "pen":
        painter.drawPolyline(QPolygonF(pts))
    elif k == "highlighter":
        hl = QColor(color)
        hl.setAlpha(HIGHLIGHTER_ALPHA)
        pen.setColor(hl)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        painter.setPen(pen)
        painter.drawPolyline(QPolygonF(pts))
    elif k == "text":
        painter.setFont(text_font(item))
        painter.drawText(text_rect(item), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), item.text)
    elif k == "step":
        d = step_diameter(item)
        c = pts[0]
        painter.setPen(QPen(QColor("white"), max(2.0, d / 12)))
        painter.setBrush(QBrush(color))
        painter.drawEllipse(c, d / 2, d / 2)
        font = QFont()
        font.setPixelSize(max(6, round(d * 0.55)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(c.x() - d / 2, c.y() - d / 2, d, d), int(Qt.AlignmentFlag.AlignCenter), str(item.number))
    painter.restore()


def arrow_path(item: MarkupItem) -> QPainterPath:
    """A shaft and a filled head pointing at the second point."""
    p1, p2 = QPointF(*item.points[0]), QPointF(*item.points[1])
    line = QLineF(p1, p2)
    head = max(12.0, item.width * 4)
    path = QPainterPath()
    if line.length() < 1:
        return path
    angle = math.atan2(p2.y() - p1.y(), p2.x() - p1.x())
    left = QPointF(p2.x() - head * math.cos(angle - math.pi / 7), p2.y() - head * math.sin(angle - math.pi / 7))
    right = QPointF(p2.x() - head * math.cos(angle + math.pi / 7), p2.y() - head * math.sin(angle + math.pi / 7))
    base = QPointF((left.x() + right.x()) / 2, (left.y() + right.y()) / 2)
    path.moveTo(p1)
    path.lineTo(base if line.length() > head else p1)
    path.addPolygon(QPolygonF([p2, left, right, p2]))
    return path


def text_font(item: MarkupItem) -> QFont:
    font = QFont()
    font.setPixelSize(max(6, round(item.font_size)))
    font.setBold(True)
    return font


def text_rect(item: MarkupItem) -> QRectF:
    """Where the text goes: its top-left is the item's point; size from the font's metrics."""
    fm = QFontMetricsF(text_font(item))
    lines = item.text.split("\n") or [""]
    w = max((fm.horizontalAdvance(line) for line in lines), default=0.0)
    h = fm.lineSpacing() * len(lines)
    x, y = item.points[0]
    return QRectF(x, y, max(w, 1.0) + 2, h)


def step_diameter(item: MarkupItem) -> float:
    return max(16.0, item.font_size * 1.4)


def item_bounds(item: MarkupItem) -> QRectF:
    """What an item may paint, in image coordinates (for a graphics item's boundingRect)."""
    if item.kind == "text":
        return text_rect(item).adjusted(-2, -2, 2, 2)
    if item.kind == "step":
        d = step_diameter(item) + 4
        x, y = item.points[0]
        return QRectF(x - d / 2, y - d / 2, d, d)
    x, y, w, h = item.box()
    pad = item.width / 2 + 2 + (max(12.0, item.width * 4) if item.kind == "arrow" else 0)
    if item.is_redaction:
        pad = 1
    return QRectF(x - pad, y - pad, w + 2 * pad, h + 2 * pad)


def flatten(source: QImage, markup: Markup) -> QImage:
    """The image that leaves the machine: redactions burnt in, annotations drawn, crop applied."""
    if source.isNull():
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "The screenshot to mark up is empty; capture it again or attach a file.")))
    out = source.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(out)
    for item in markup.items:
        if item.is_redaction:
            r, patch = redacted_patch(source, item)  # what the editor draws for it, over what lies beneath
            if not patch.isNull():
                p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)  # replace, never blend
                p.drawImage(r.topLeft(), patch)
                p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        else:
            paint_item(p, item)
    p.end()
    if markup.crop:
        x, y, w, h = markup.crop
        out = out.copy(QRect(x, y, w, h))
    return out


def read_image(path: Path | str) -> QImage:
    """The picture in ``path`` as it is shown: full size, EXIF orientation applied; a null QImage when it
    cannot be read.

    ``QImage(path)`` ignores the orientation: a phone photo opened sideways in the editor, and its
    marked-up PNG was sent sideways, while the thumbnail and the plain upload were upright. Formats Qt
    has no plugin for (AVIF, HEIC) are decoded by Pillow, as the upload is ("Cannot open pic.avif")."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if not image.isNull():
        return image
    try:
        w, h, rgba = imaging.preview_rgba(path, MAX_EDGE)
    except (ImageError, OSError):
        return QImage()
    return QImage(rgba, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()  # copy: own the pixels


def flatten_file(source_path: Path, markup: Markup | dict[str, Any] | None, out_path: Path) -> Path:
    """Read ``source_path``, flatten ``markup`` onto it and write a PNG to ``out_path`` (atomically)."""
    source_path, out_path = Path(source_path), Path(out_path)
    img = read_image(source_path)
    if img.isNull():
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "Cannot read {name} as an image; attach it again."), name=source_path.name), path=str(source_path)
        )
    m = markup if isinstance(markup, Markup) else (Markup.from_dict(markup) if markup else Markup(img.width(), img.height()))
    if (m.width, m.height) != (img.width(), img.height()):
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "The mark-up was made for a {w}x{h} image but {name} is {actual_w}x{actual_h}; "
                                   "reopen the editor to redo it."),
                 w=m.width, h=m.height, name=source_path.name, actual_w=img.width(), actual_h=img.height()),
            path=str(source_path),
        )
    result = flatten(img, m)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".part")
    if not result.save(str(tmp), "PNG"):
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "Could not write {name}; check free disk space."), name=out_path.name), path=str(out_path)
        )
    os.replace(tmp, out_path)
    return out_path


class FlattenTask(Task):
    """Flatten mark-up onto a source image file in the pool; the result is the output Path."""

    name = "flatten"

    def __init__(self, source_path: Path, markup: dict[str, Any] | None, out_path: Path) -> None:
        super().__init__()
        self.source_path, self.markup, self.out_path = Path(source_path), markup, Path(out_path)

    def work(self) -> Path:
        return flatten_file(self.source_path, self.markup, self.out_path)


def _block_average(region: QImage, block: int) -> QImage:
    """About one pixel per ``block``×``block`` cell, each the area average of its cell.

    Qt's smooth downscale averages every source pixel (it does not sample), so
    nothing finer than a cell survives; it is ~100x faster than a Python loop,
    which matters because the editor re-renders a redaction while it is dragged.
    """
    w, h = region.width(), region.height()
    cols, rows = math.ceil(w / block), math.ceil(h / block)
    return region.scaled(cols, rows, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
