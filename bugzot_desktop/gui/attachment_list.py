"""AttachmentList: thumbnails of the report's images; turns drops, keys and clicks into signals."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from bugzot_desktop.core.text import one_line
from bugzot_desktop.tasks.staging import THUMBNAIL_EDGE


def dropped_files(mime: QMimeData) -> list[str]:
    """Local file paths carried by a drag (URLs that are not local files are ignored)."""
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class AttachmentList(QListWidget):
    """Shows one row per attachment (thumbnail and file name); holds no report state.

    Signals: files_dropped(list[str]) — local files were dropped;
    image_dropped(QImage) — image data without a file was dropped;
    remove_requested(list[int]) — the user asked to remove these rows (Delete key);
    open_requested(int) — the user double-clicked or pressed Enter on a row.
    """

    files_dropped = Signal(list)
    image_dropped = Signal(QImage)
    remove_requested = Signal(list)
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        self.setGridSize(QSize(THUMBNAIL_EDGE + 40, THUMBNAIL_EDGE + 36))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        # One line per name, elided in the middle (the extension stays visible; the tooltip has it all):
        # with word wrap some names broke at a hyphen onto two lines and others were elided.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setAccessibleName(self.tr("Attachments"))
        self.setAccessibleDescription(self.tr("Images sent with the report. Delete removes the selected ones; Enter opens one for "
                                              "mark-up; Ctrl+Shift+U sends them as their original files."))
        self.setMinimumHeight(THUMBNAIL_EDGE + 48)
        self.itemActivated.connect(self._on_self_itemActivated)

    # -- display ---------------------------------------------------------------
    def add_entry(self, filename: str, thumbnail: QImage | None = None, tooltip: str = "", row: int | None = None,
                  *, original: bool = False) -> int:
        """Insert a row at ``row`` (default: the end), so the list shows the report's order; returns its index."""
        item = QListWidgetItem()
        self._label(item, filename, tooltip, original)
        if thumbnail is not None and not thumbnail.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(thumbnail)))
        row = self.count() if row is None else max(0, min(row, self.count()))
        self.insertItem(row, item)
        return row

    def set_entry(self, row: int, filename: str, thumbnail: QImage | None, tooltip: str = "", *,
                  original: bool = False) -> None:
        item = self.item(row)
        if item is None:
            return
        self._label(item, filename, tooltip, original)
        if thumbnail is not None and not thumbnail.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(thumbnail)))
        self.viewport().update()  # a shorter name (no more "Original: ") left the longer one's pixels behind

    def _label(self, item: QListWidgetItem, filename: str, tooltip: str, original: bool) -> None:
        """The name, and for an attachment sent uncompressed a mark on it and a line in its tooltip.

        Control and bidi characters in a name are shown escaped: U+202E made notes\u202egnp.txt read notestxt.png."""
        filename, tooltip = one_line(filename), one_line(tooltip)
        # The mark goes first: the name is elided in the middle, and "long-name….png (orig…" lost it.
        item.setText(self.tr("Original: %1").replace("%1", filename) if original else filename)
        tip = tooltip or filename
        if original:
            tip += "\n" + self.tr("Sent as the original file, not compressed (Ctrl+Shift+U to change).")
        item.setToolTip(tip)
        item.setData(Qt.ItemDataRole.UserRole, original)

    def remove_entry(self, row: int) -> None:
        item = self.takeItem(row)
        del item

    def selected_rows(self) -> list[int]:
        return sorted(self.row(i) for i in self.selectedItems())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.count() == 0:
            # An empty list explains how to fill it. With the focus (Tab reaches it for Ctrl+V and drops) it
            # says so with a focus frame and the text in full colour: with no item to carry it, the focus
            # was invisible.
            p = QPainter(self.viewport())
            if self.hasFocus():
                p.setPen(QPen(self.palette().highlight().color(), 2, Qt.PenStyle.DashLine))
                p.drawRect(self.viewport().rect().adjusted(3, 3, -4, -4))
            p.setPen(self.palette().text().color() if self.hasFocus() else self.palette().placeholderText().color())
            p.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr("No attachments yet. Capture the screen (Ctrl+Shift+S), attach files (Ctrl+O), "
                        "drop images here or paste one (Ctrl+V)."),
            )
            p.end()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        self.viewport().update()  # the empty list's focus frame

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.viewport().update()

    # -- user intent -------------------------------------------------------------
    def handle_drop(self, mime: QMimeData) -> bool:
        """Turn dropped data into a signal; returns whether anything was taken."""
        files = dropped_files(mime)
        if files:
            self.files_dropped.emit(files)
            return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                self.image_dropped.emit(image)
                return True
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        if dropped_files(mime) or mime.hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
            self.remove_requested.emit(self.selected_rows())
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot(QListWidgetItem)
    def _on_self_itemActivated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(self.row(item))
