"""MarkupGraphicsItem: shows one MarkupItem with the export renderer, so what you see is what is sent."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bugzot_desktop.core.markup import TWO_POINT_KINDS, MarkupItem
from bugzot_desktop.tasks.flatten import item_bounds, paint_item, redacted_patch

HANDLE = 8.0  # handle size in view pixels (kept constant under zoom)


class MarkupGraphicsItem(QGraphicsItem):
    """One annotation or redaction. ``data`` is in image pixels; a drag only moves ``pos()``
    until the canvas bakes the move into ``data`` with an undo command."""

    def __init__(self, data: MarkupItem, base: QImage) -> None:
        super().__init__()
        self._data = data
        self._base = base
        self._patch_key: tuple | None = None
        self._patch = QImage()
        self._patch_rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)

    @property
    def data_item(self) -> MarkupItem:
        return self._data

    def set_data_item(self, data: MarkupItem) -> None:
        self.prepareGeometryChange()
        self._data = data
        self.setPos(0, 0)
        self.update()

    def current(self) -> MarkupItem:
        """The item as it is on screen now (a pending drag included)."""
        p = self.pos()
        return self._data.translated(p.x(), p.y()) if (p.x() or p.y()) else self._data

    def has_handles(self) -> bool:
        return self._data.kind in TWO_POINT_KINDS

    def handle_at(self, scene_pos: QPointF, tolerance: float) -> int | None:
        """Index of the end point under ``scene_pos`` (a resize handle), if any."""
        if not self.has_handles():
            return None
        for i, (x, y) in enumerate(self.current().points):
            if abs(scene_pos.x() - x) <= tolerance and abs(scene_pos.y() - y) <= tolerance:
                return i
        return None

    def boundingRect(self) -> QRectF:
        pad = HANDLE
        return item_bounds(self._data).adjusted(-pad, -pad, pad, pad)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._data.is_redaction:
            self._paint_redaction(painter, on_screen=widget is not None)
        else:
            paint_item(painter, self._data)
        if self.isSelected():
            self._paint_selection(painter)

    def _paint_redaction(self, painter: QPainter, on_screen: bool = False) -> None:
        # The patch comes from the base image where the item is *now*, so a drag previews truthfully.
        cur = self.current()
        key = (cur.kind, cur.points, cur.width)
        if key != self._patch_key:
            rect, self._patch = redacted_patch(self._base, cur)
            self._patch_rect = QRectF(rect)
            self._patch_key = key
        if not self._patch.isNull():
            p = self.pos()
            where = self._patch_rect.translated(-p.x(), -p.y())
            painter.drawImage(where.topLeft(), self._patch)
            if not on_screen:
                return  # rendered to an image (what is exported): no outline
            # On screen only: over a flat area a redaction would look like nothing at all.
            scale = painter.worldTransform().m11() or 1.0
            painter.save()
            painter.setPen(QPen(QColor(0, 0, 0, 110), 1.0 / scale, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(where)
            painter.restore()

    def _paint_selection(self, painter: QPainter) -> None:
        scale = painter.worldTransform().m11() or 1.0
        painter.save()
        pen = QPen(QColor("#1e88e5"), 1.5 / scale, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(item_bounds(self._data))
        if self.has_handles():
            s = HANDLE / scale
            painter.setPen(QPen(QColor("#1e88e5"), 1.0 / scale))
            painter.setBrush(QBrush(QColor("white")))
            for x, y in self._data.points:
                painter.drawRect(QRectF(x - s / 2, y - s / 2, s, s))
        painter.restore()
