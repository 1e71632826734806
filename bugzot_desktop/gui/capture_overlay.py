"""Region selection over a frozen desktop: one CaptureOverlay per screen, one shared RegionSelection.

The selection lives in composed-desktop image pixels (device pixels), so a
selection made on a 2x screen cuts the full-resolution grab — never a logical
size crop scaled up. Overlays only display the selection and forward input.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from bugzot_desktop.core.geometry import Placement, Rect, clamp_rect

# Marked for lupdate; translated (same context) when painted.
HINT = QT_TRANSLATE_NOOP(
    "CaptureOverlay", "Drag to select (or press an arrow key) · Enter or double-click to capture · Esc to cancel · "
    "arrows move, Ctrl+arrows size it (Shift: 10 px)"
)
MAGNIFIER_SIZE = 120  # logical px of the loupe
MAGNIFIER_ZOOM = 8


class RegionSelection(QObject):
    """The region being chosen, in composed-image pixels; shared by every screen's overlay.

    Signals: changed(), accepted(QRect), cancelled().
    """

    changed = Signal()
    accepted = Signal(QRect)
    cancelled = Signal()

    def __init__(self, image_size: tuple[int, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bounds = Rect(0, 0, image_size[0], image_size[1])
        self._rect = Rect(0, 0, 0, 0)
        self._anchor: tuple[int, int] | None = None
        self._drag_from: tuple[int, int] | None = None
        self._done = False

    @property
    def rect(self) -> Rect:
        return self._rect

    @property
    def bounds(self) -> Rect:
        return self._bounds

    def set_rect(self, rect: Rect) -> None:
        r = rect.intersected(self._bounds)
        if r != self._rect:
            self._rect = r
            self.changed.emit()

    def press(self, x: int, y: int) -> None:
        """Start a new rubber band, or grab the current selection when pressing inside it."""
        if not self._rect.is_empty() and self._rect.contains_point(x, y):
            self._drag_from = (x, y)
            self._anchor = None
        else:
            self._anchor = (x, y)
            self._drag_from = None
            self.set_rect(Rect(x, y, 0, 0))

    def move_to(self, x: int, y: int) -> None:
        if self._anchor is not None:
            ax, ay = self._anchor
            x = min(max(x, self._bounds.x), self._bounds.right)
            y = min(max(y, self._bounds.y), self._bounds.bottom)
            self.set_rect(Rect(min(ax, x), min(ay, y), abs(x - ax), abs(y - ay)))
        elif self._drag_from is not None:
            dx, dy = x - self._drag_from[0], y - self._drag_from[1]
            self._drag_from = (x, y)
            self.nudge(dx, dy)

    def release(self) -> None:
        self._anchor = self._drag_from = None

    def nudge(self, dx: int, dy: int) -> None:
        """Move the selection, keeping its size, inside the desktop."""
        if self._rect.is_empty():
            return
        self.set_rect(clamp_rect(self._rect.translated(dx, dy), self._bounds))

    def start_in(self, area: Rect) -> None:
        """With nothing selected, select the middle half of ``area`` (a screen): a region begun from the
        keyboard, to move with the arrows and size with Ctrl+arrows (only a drag could begin one)."""
        if not self._rect.is_empty():
            return
        a = area.intersected(self._bounds)
        self.set_rect(Rect(a.x + a.w // 4, a.y + a.h // 4, max(1, a.w // 2), max(1, a.h // 2)))

    def resize_by(self, dw: int, dh: int) -> None:
        """Move the right and bottom edges (the selection stays at least 1 pixel, inside the desktop)."""
        r = self._rect
        if r.is_empty():
            return
        w = min(max(1, r.w + dw), self._bounds.right - r.x)
        h = min(max(1, r.h + dh), self._bounds.bottom - r.y)
        self.set_rect(Rect(r.x, r.y, w, h))

    def accept(self, fallback: Rect | None = None) -> None:
        """Finish with the selection (or ``fallback``, e.g. the screen under the cursor, when there is none)."""
        if self._done:
            return
        r = self._rect if not self._rect.is_empty() else (fallback.intersected(self._bounds) if fallback else self._rect)
        if r.is_empty():
            return
        self._done = True
        self.accepted.emit(QRect(r.x, r.y, r.w, r.h))

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()


class CaptureOverlay(QWidget):
    """Shows one screen's part of the frozen desktop, the rubber band, its size and a magnifier.

    Input goes to the shared :class:`RegionSelection`; this widget holds no selection state.
    """

    def __init__(self, desktop: QImage, placement: Placement, selection: RegionSelection, parent: QWidget | None = None):
        super().__init__(parent)
        self._desktop = desktop
        self._placement = placement
        self._selection = selection
        self._cursor: QPointF | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # our hidden windows are the app, not this
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setWindowTitle(self.tr("BugZot — select a region"))
        lg = placement.screen.logical
        self.resize(lg.w, lg.h)
        selection.changed.connect(self.update)

    @property
    def placement(self) -> Placement:
        return self._placement

    def image_point(self, pos: QPointF | QPoint) -> tuple[int, int]:
        """A widget position as a composed-image pixel."""
        x, y = self._placement.local_to_image(pos.x(), pos.y())
        return (int(x // 1), int(y // 1))

    # -- input -----------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._selection.press(*self.image_point(event.position()))
        elif event.button() == Qt.MouseButton.RightButton:
            self._selection.cancel()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._cursor = event.position()
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._selection.move_to(*self.image_point(event.position()))
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._selection.move_to(*self.image_point(event.position()))
            self._selection.release()

    def leaveEvent(self, event: QEvent) -> None:
        # The cursor went to another screen: its overlay shows the loupe now.
        self._cursor = None
        self.update()
        super().leaveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # With nothing selected, a double-click takes this whole screen.
        self._selection.accept(fallback=self._placement.target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0), Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._selection.accept(fallback=self._placement.target)
        elif key == Qt.Key.Key_Escape:
            self._selection.cancel()
        elif key in moves and self._selection.rect.is_empty():
            self._selection.start_in(self._placement.target)  # the first arrow begins a region here
        elif key in moves and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._selection.resize_by(*moves[key])
        elif key in moves:
            self._selection.nudge(*moves[key])
        else:
            super().keyPressEvent(event)

    # -- painting --------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        t = self._placement.target
        whole = QRectF(0, 0, self.width(), self.height())
        p.drawImage(whole, self._desktop, QRectF(t.x, t.y, t.w, t.h))
        p.fillRect(whole, QColor(0, 0, 0, 110))  # dim what is not selected
        sel = self._selection.rect
        if not sel.is_empty():
            lx, ly, lw, lh = self._placement.image_rect_to_local(sel)
            local = QRectF(lx, ly, lw, lh)
            p.drawImage(local, self._desktop, QRectF(sel.x, sel.y, sel.w, sel.h))
            p.setPen(QPen(QColor("#29b6f6"), 2))
            p.drawRect(local)
            self._paint_label(p, f"{sel.w} × {sel.h}", QPointF(local.left(), local.top()), above=True)
        else:
            hint = QCoreApplication.translate("CaptureOverlay", HINT)
            self._paint_label(p, hint, QPointF(self.width() / 2, 24), centered=True)
        if self._cursor is not None:
            self._paint_magnifier(p, self._cursor)
        p.end()

    def _paint_label(self, p: QPainter, text: str, at: QPointF, *, above: bool = False, centered: bool = False) -> None:
        font = QFont()
        font.setPixelSize(14)
        font.setBold(True)
        p.setFont(font)
        fm = QFontMetrics(font)
        # Wrapped to the screen's width: the German hint ran off an 800-pixel screen on one line.
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        room = max(40, self.width() - 16 - 12)
        text_rect = fm.boundingRect(QRect(0, 0, room, 10_000), flags, text)
        w, h = text_rect.width() + 12, text_rect.height() + 6
        x = at.x() - w / 2 if centered else at.x()
        y = at.y() - h - 4 if above and at.y() - h - 4 >= 0 else (at.y() + 4 if above else at.y())
        box = QRectF(min(max(0.0, x), max(0.0, self.width() - w)), y, w, h)
        p.fillRect(box, QColor(0, 0, 0, 200))
        p.setPen(QColor("white"))
        p.drawText(box, flags, text)

    def _paint_magnifier(self, p: QPainter, cursor: QPointF) -> None:
        ix, iy = self.image_point(cursor)
        n = MAGNIFIER_SIZE // MAGNIFIER_ZOOM  # image pixels across the loupe
        src = QRect(ix - n // 2, iy - n // 2, n, n)
        # Put the loupe below-right of the cursor, flipping at the screen edges.
        x = cursor.x() + 24 if cursor.x() + 24 + MAGNIFIER_SIZE < self.width() else cursor.x() - 24 - MAGNIFIER_SIZE
        y = cursor.y() + 24 if cursor.y() + 24 + MAGNIFIER_SIZE + 22 < self.height() else cursor.y() - 24 - MAGNIFIER_SIZE - 22
        x = min(max(0.0, x), max(0.0, self.width() - MAGNIFIER_SIZE))  # tiny screens: stay visible
        y = min(max(0.0, y), max(0.0, self.height() - MAGNIFIER_SIZE - 22))
        box = QRectF(x, y, MAGNIFIER_SIZE, MAGNIFIER_SIZE)
        p.save()
        p.fillRect(box, QColor("black"))
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # show real pixels, not a blur
        p.drawImage(box, self._desktop, QRectF(src))
        cell = MAGNIFIER_SIZE / n
        centre = QRectF(box.x() + (n // 2) * cell, box.y() + (n // 2) * cell, cell, cell)
        p.setPen(QPen(QColor("#29b6f6"), 1))
        p.drawRect(centre)
        p.setPen(QPen(QColor("white"), 2))
        p.drawRect(box)
        colour = self._desktop.pixelColor(ix, iy) if self._desktop.valid(ix, iy) else QColor("black")
        p.restore()
        self._paint_label(p, f"{ix}, {iy}  {colour.name()}", QPointF(box.x(), box.bottom() + 2))
