"""MarkupCanvas: the QGraphicsView on which tools draw; owns the undo stack and the items' order."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QInputDialog, QWidget

from bugzot_desktop.core.markup import Markup, MarkupItem
from bugzot_desktop.gui.markup.commands import AddItemCommand, ChangeItemsCommand, CropCommand, RemoveItemsCommand
from bugzot_desktop.gui.markup.items import HANDLE, MarkupGraphicsItem
from bugzot_desktop.gui.markup.tools import MIN_DRAG, STROKE_KINDS, TOOLS_BY_NAME

MIN_ZOOM, MAX_ZOOM = 0.05, 32.0


def ask_text_dialog(parent: QWidget, current: str = "") -> str | None:
    """Ask for a text label; None when cancelled or empty."""
    text, ok = QInputDialog.getMultiLineText(
        parent,
        QCoreApplication.translate("MarkupCanvas", "Text"),
        QCoreApplication.translate("MarkupCanvas", "Label text:"),
        current,
    )
    return text if ok and text.strip() else None


class MarkupCanvas(QGraphicsView):
    """Shows the image and its mark-up; turns mouse and keys into undoable edits.

    Signals: tool_changed(str), markup_changed(), zoom_changed(float).
    ``ask_text(parent, current) -> str | None`` is replaceable (tests set it to a lambda).
    """

    tool_changed = Signal(str)
    markup_changed = Signal()
    zoom_changed = Signal(float)

    def __init__(self, image: QImage, markup: Markup | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        self._scene = QGraphicsScene(self)
        self._scene.setSceneRect(QRectF(0, 0, image.width(), image.height()))
        self.setScene(self._scene)
        self._base = QGraphicsPixmapItem(QPixmap.fromImage(self._image))
        self._base.setZValue(-1)
        self._scene.addItem(self._base)
        self._items: list[MarkupGraphicsItem] = []
        self._crop: tuple[int, int, int, int] | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.ask_text: Callable[[QWidget, str], str | None] = ask_text_dialog
        self._tool = "select"
        self._color = "#e53935"
        self._widths: dict[str, float] = {}  # per tool; unset: the tool's default
        self._draft: MarkupGraphicsItem | None = None
        self._press: QPointF | None = None
        self._crop_draft: QRectF | None = None
        self._resizing: tuple[MarkupGraphicsItem, int, MarkupItem] | None = None
        self._move_start: dict[MarkupGraphicsItem, QPointF] = {}
        self._pan_from: QPointF | None = None
        self._zoom = 1.0
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # pixels stay crisp when zoomed
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#3a3a3a"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.set_tool("select")
        if markup is not None:
            for data in markup.items:
                self.insert_item(MarkupGraphicsItem(data, self._image))
            self._crop = markup.crop

    # -- state -------------------------------------------------------------
    @property
    def tool(self) -> str:
        return self._tool

    @property
    def color(self) -> str:
        return self._color

    @property
    def zoom(self) -> float:
        return self._zoom

    def image_size(self) -> tuple[int, int]:
        return (self._image.width(), self._image.height())

    def items_data(self) -> list[MarkupItem]:
        return [i.current() for i in self._items]

    def graphics_items(self) -> list[MarkupGraphicsItem]:
        return list(self._items)

    def crop(self) -> tuple[int, int, int, int] | None:
        return self._crop

    def to_markup(self) -> Markup:
        w, h = self.image_size()
        return Markup(w, h, tuple(self.items_data()), self._crop)

    def set_tool(self, name: str) -> None:
        if name not in TOOLS_BY_NAME:
            raise ValueError(f"unknown tool {name!r}")
        self._tool = name
        select = name == "select"
        for item in self._items:
            item.setFlag(item.GraphicsItemFlag.ItemIsMovable, select)
            item.setFlag(item.GraphicsItemFlag.ItemIsSelectable, select)
        if not select:
            self._scene.clearSelection()
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if select else QGraphicsView.DragMode.NoDrag)
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor if select else Qt.CursorShape.CrossCursor)
        self.tool_changed.emit(name)

    def width_for(self, tool: str) -> float:
        return self._widths.get(tool, TOOLS_BY_NAME[tool].default_width)

    def set_color(self, color: str) -> None:
        """The colour for new items; also recolours the selected items (undoably)."""
        self._color = QColor(color).name()
        self._change_selected(self.tr("Colour"), lambda d: _replace(d, color=self._color))

    def set_width(self, width: float) -> None:
        """The line width for new items; also applied to the selected items (undoably)."""
        self._widths[self._tool] = float(width)
        self._change_selected(self.tr("Width"), lambda d: _replace(d, width=float(width)))

    def selected_items(self) -> list[MarkupGraphicsItem]:
        return [i for i in self._items if i.isSelected()]

    def delete_selected(self) -> None:
        sel = self.selected_items()
        if sel:
            self.undo_stack.push(RemoveItemsCommand(self, sel))

    # -- called by undo commands ---------------------------------------------
    def index_of(self, item: MarkupGraphicsItem) -> int:
        return self._items.index(item)

    def insert_item(self, item: MarkupGraphicsItem, index: int | None = None) -> None:
        index = len(self._items) if index is None else index
        self._items.insert(index, item)
        if item.scene() is None:
            self._scene.addItem(item)
        self._restack()
        select = self._tool == "select"
        item.setFlag(item.GraphicsItemFlag.ItemIsMovable, select)
        item.setFlag(item.GraphicsItemFlag.ItemIsSelectable, select)

    def take_item(self, item: MarkupGraphicsItem) -> None:
        item.setSelected(False)
        self._items.remove(item)
        self._scene.removeItem(item)
        self._restack()

    def set_crop(self, crop: tuple[int, int, int, int] | None) -> None:
        self._crop = crop
        self._scene.update()
        self.viewport().update()

    def _restack(self) -> None:
        # Redactions sit under annotations, as in the export; otherwise in drawing order.
        for i, item in enumerate(self._items):
            item.setZValue(i + (0 if item.data_item.is_redaction else 100_000))

    # -- zoom and pan ----------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self.setTransform(self.transform().fromScale(zoom, zoom))
        self._zoom = zoom
        self.zoom_changed.emit(zoom)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self._zoom * factor)

    def fit(self) -> None:
        """Zoom so the whole image is visible (never above 100%)."""
        vw, vh = self.viewport().width(), self.viewport().height()
        w, h = self.image_size()
        if w and h and vw > 0 and vh > 0:
            self.set_zoom(min(1.0, (vw - 4) / w, (vh - 4) / h))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.25 if event.angleDelta().y() > 0 else 0.8)
        else:
            super().wheelEvent(event)

    # -- mouse -------------------------------------------------------------------
    def _scene_point(self, event: QMouseEvent) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def _clamped(self, p: QPointF) -> QPointF:
        w, h = self.image_size()
        return QPointF(min(max(p.x(), 0.0), float(w)), min(max(p.y(), 0.0), float(h)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        p = self._clamped(self._scene_point(event))
        tool = TOOLS_BY_NAME[self._tool]
        if self._tool == "select":
            sel = self.selected_items()
            tol = HANDLE / max(self._zoom, 1e-6)
            for item in sel:
                idx = item.handle_at(p, tol)
                if idx is not None:
                    self._resizing = (item, idx, item.data_item)
                    return
            super().mousePressEvent(event)
            self._move_start = {i: QPointF(i.pos()) for i in self._items}
            return
        self._press = p
        if self._tool == "crop":
            self._crop_draft = QRectF(p, p)
            return
        kind = tool.kind
        assert kind is not None
        if kind == "step":
            m = self.to_markup()
            self._push_add(self._new_data(kind, ((p.x(), p.y()),), number=m.next_step_number()))
            self._press = None
        elif kind == "text":
            text = self.ask_text(self, "")
            if text:
                self._push_add(self._new_data(kind, ((p.x(), p.y()),), text=text))
            self._press = None
        else:
            self._draft = MarkupGraphicsItem(self._new_data(kind, ((p.x(), p.y()), (p.x(), p.y()))), self._image)
            self._draft.setFlag(self._draft.GraphicsItemFlag.ItemIsSelectable, False)
            self._draft.setZValue(1_000_000)
            self._scene.addItem(self._draft)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            d = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(d.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(d.y()))
            return
        p = self._clamped(self._scene_point(event))
        if self._resizing is not None:
            item, idx, old = self._resizing
            pts = list(old.points)
            pts[idx] = (p.x(), p.y())
            item.set_data_item(old.with_points(tuple(pts)))
            return
        if self._crop_draft is not None and self._press is not None:
            self._crop_draft = QRectF(self._press, p).normalized()
            self.viewport().update()
            return
        if self._draft is not None:
            d = self._draft.data_item
            if d.kind in STROKE_KINDS:
                pt = (p.x(), p.y())
                if pt == d.points[-1]:
                    return
                # The draft starts as (press, press); its first move replaces the duplicate.
                pts = (d.points[0], pt) if len(d.points) == 2 and d.points[0] == d.points[1] else d.points + (pt,)
                self._draft.set_data_item(d.with_points(pts))
            else:
                self._draft.set_data_item(d.with_points((d.points[0], (p.x(), p.y()))))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.set_tool(self._tool)  # restores the cursor
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        if self._resizing is not None:
            item, _idx, old = self._resizing
            self._resizing = None
            new = item.data_item
            item.set_data_item(old)
            if new != old:
                self.undo_stack.push(ChangeItemsCommand(self.tr("Resize"), [(item, old, new)]))
            return
        if self._crop_draft is not None:
            r = self._crop_draft
            self._crop_draft = None
            self._press = None
            crop = _int_rect(r)
            if crop[2] >= MIN_DRAG and crop[3] >= MIN_DRAG and crop != self._crop:
                self.undo_stack.push(CropCommand(self, self._crop, crop))
            self.viewport().update()
            return
        if self._draft is not None:
            draft, self._draft = self._draft, None
            self._scene.removeItem(draft)
            self._press = None
            data = draft.data_item
            x, y, w, h = data.box()
            if max(w, h) >= MIN_DRAG:
                self._push_add(data)
            return
        super().mouseReleaseEvent(event)
        if self._tool == "select":
            self._commit_moves()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # Double-clicking a text label edits it.
        if self._tool == "select":
            hit = self.itemAt(event.position().toPoint())
            if isinstance(hit, MarkupGraphicsItem) and hit.data_item.kind == "text":
                old = hit.data_item
                text = self.ask_text(self, old.text)
                if text and text != old.text:
                    self.undo_stack.push(ChangeItemsCommand(self.tr("Edit text"), [(hit, old, _replace(old, text=text))]))
                return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
            return
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if event.key() in arrows and self.selected_items():
            step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
            dx, dy = arrows[Qt.Key(event.key())]
            self._change_selected(self.tr("Nudge"), lambda d: d.translated(dx * step, dy * step))
            return
        if event.key() == Qt.Key.Key_Escape and self._crop is not None and self._tool == "crop":
            self.undo_stack.push(CropCommand(self, self._crop, None))
            return
        super().keyPressEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        crop = self._crop_draft if self._crop_draft is not None else (QRectF(*self._crop) if self._crop else None)
        if crop is None:
            return
        w, h = self.image_size()
        outside = QPainterPath()
        outside.addRect(QRectF(0, 0, w, h))
        inner = QPainterPath()
        inner.addRect(crop)
        painter.fillPath(outside.subtracted(inner), QColor(0, 0, 0, 140))
        painter.setPen(QPen(QColor("white"), 1.5 / max(self._zoom, 1e-6), Qt.PenStyle.DashLine))
        painter.drawRect(crop)

    # -- helpers ---------------------------------------------------------------------
    def _new_data(self, kind: str, points, **kw) -> MarkupItem:
        return MarkupItem(kind, tuple(points), color=self._color, width=self.width_for(self._tool), **kw)

    def _push_add(self, data: MarkupItem) -> MarkupGraphicsItem:
        item = MarkupGraphicsItem(data, self._image)
        self.undo_stack.push(AddItemCommand(self, item))
        return item

    def _commit_moves(self) -> None:
        """Bake drag offsets into the data with one undoable command."""
        changes = []
        for item in self._items:
            p = item.pos()
            if p.x() or p.y():
                old = item.data_item
                changes.append((item, old, old.translated(p.x(), p.y())))
        self._move_start = {}
        if changes:
            self.undo_stack.push(ChangeItemsCommand(self.tr("Move"), changes))

    def _change_selected(self, text: str, fn: Callable[[MarkupItem], MarkupItem]) -> None:
        changes = []
        for item in self.selected_items():
            old = item.data_item
            try:
                new = fn(old)
            except Exception:  # e.g. a width out of range for the model: leave that item alone
                continue
            if new != old:
                changes.append((item, old, new))
        if changes:
            self.undo_stack.push(ChangeItemsCommand(text, changes))

    @Slot(int)
    def _on_undo_stack_index_changed(self, _index: int) -> None:
        self.markup_changed.emit()


def _replace(d: MarkupItem, **kw) -> MarkupItem:
    from dataclasses import replace

    return replace(d, **kw)


def _int_rect(r: QRectF) -> tuple[int, int, int, int]:
    x0, y0 = math.floor(r.left()), math.floor(r.top())
    x1, y1 = math.ceil(r.right()), math.ceil(r.bottom())
    return (x0, y0, x1 - x0, y1 - y0)
