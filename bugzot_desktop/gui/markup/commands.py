"""Undo commands: every change to the mark-up goes through one of these on the canvas's QUndoStack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from bugzot_desktop.core.markup import MarkupItem
from bugzot_desktop.gui.markup.items import MarkupGraphicsItem
from bugzot_desktop.gui.markup.tools import tool_label

if TYPE_CHECKING:
    from bugzot_desktop.gui.markup.canvas import MarkupCanvas


class AddItemCommand(QUndoCommand):
    def __init__(self, canvas: MarkupCanvas, item: MarkupGraphicsItem) -> None:
        # The text follows "Undo"/"Redo" in the editor's menu: "Undo Add Arrow".
        super().__init__(
            QCoreApplication.translate("MarkupCommands", "Add {what}").format(what=tool_label(item.data_item.kind))
        )
        self._canvas, self._item = canvas, item

    def redo(self) -> None:
        self._canvas.insert_item(self._item)

    def undo(self) -> None:
        self._canvas.take_item(self._item)


class RemoveItemsCommand(QUndoCommand):
    def __init__(self, canvas: MarkupCanvas, items: list[MarkupGraphicsItem]) -> None:
        super().__init__(QCoreApplication.translate("MarkupCommands", "Delete {n} item(s)").format(n=len(items)))
        self._canvas = canvas
        # Remember each item's place so undo restores the stacking order.
        self._items = sorted(items, key=canvas.index_of)
        self._indexes: list[int] = []

    def redo(self) -> None:
        self._indexes = [self._canvas.index_of(i) for i in self._items]
        for item in self._items:
            self._canvas.take_item(item)

    def undo(self) -> None:
        for index, item in zip(self._indexes, self._items, strict=True):
            self._canvas.insert_item(item, index)


class ChangeItemsCommand(QUndoCommand):
    """Replace items' data (move, resize, colour, width, text)."""

    def __init__(self, text: str, changes: list[tuple[MarkupGraphicsItem, MarkupItem, MarkupItem]]) -> None:
        super().__init__(text)
        self._changes = changes

    def redo(self) -> None:
        for item, _old, new in self._changes:
            item.set_data_item(new)

    def undo(self) -> None:
        for item, old, _new in self._changes:
            item.set_data_item(old)


class CropCommand(QUndoCommand):
    def __init__(self, canvas: MarkupCanvas, old: tuple[int, int, int, int] | None, new: tuple[int, int, int, int] | None):
        super().__init__(
            QCoreApplication.translate("MarkupCommands", "Crop")
            if new
            else QCoreApplication.translate("MarkupCommands", "Remove crop")
        )
        self._canvas, self._old, self._new = canvas, old, new

    def redo(self) -> None:
        self._canvas.set_crop(self._new)

    def undo(self) -> None:
        self._canvas.set_crop(self._old)
