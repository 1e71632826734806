"""MarkupEditor: the dialog around the mark-up canvas — tools, colour, width, undo/redo, zoom.

``MarkupEditor.edit(parent, image_path, markup)`` is the one entry point; tests
replace it. The result is the flattened PNG (redactions burnt in) plus the
mark-up as data, so the screenshot can be reopened and changed later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.markup import Markup
from bugzot_desktop.gui.forms import fit_to_screen
from bugzot_desktop.gui.markup.canvas import MarkupCanvas
from bugzot_desktop.gui.markup.tools import TOOLS, TOOLS_BY_NAME, tool_label
from bugzot_desktop.tasks.flatten import flatten_file, read_image
from bugzot_desktop.tasks.messages import translated

SWATCHES = ("#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#8e24aa", "#000000", "#ffffff")


@dataclass(frozen=True)
class EditResult:
    """What the editor produced: the flattened image to send and the mark-up to keep."""

    path: Path
    markup: dict[str, Any]


def _swatch_icon(color: str) -> QIcon:
    pm = QPixmap(16, 16)
    pm.fill(QColor(color))
    p = QPainter(pm)
    p.setPen(QColor("#777"))
    p.drawRect(0, 0, 15, 15)
    p.end()
    return QIcon(pm)


class MarkupEditor(QDialog):
    """Modal editor for one image. Holds no mark-up state itself: the canvas does.

    Signals: none of its own (QDialog's accepted/rejected); the canvas has tool_changed,
    markup_changed, zoom_changed.
    """

    def __init__(self, image: QImage, markup: Markup | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark up screenshot"))
        self.canvas = MarkupCanvas(image, markup, self)
        self.tool_actions: dict[str, QAction] = {}
        self.toolbar = QToolBar(self)
        group = QActionGroup(self)
        for spec in TOOLS:
            label = tool_label(spec.name)
            act = QAction(label, self)
            act.setCheckable(True)
            act.setShortcut(QKeySequence(spec.shortcut))
            act.setToolTip(self.tr("{tool} ({shortcut})").format(tool=label, shortcut=spec.shortcut))
            act.setData(spec.name)
            act.triggered.connect(self._on_tool_action_triggered)
            group.addAction(act)
            self.toolbar.addAction(act)
            self.addAction(act)
            self.tool_actions[spec.name] = act
        # A second row: tools above, options below, so nothing overflows at the default size.
        self.options_bar = QToolBar(self)
        for color in SWATCHES:
            act = QAction(_swatch_icon(color), color, self)
            act.setData(color)
            act.setToolTip(self.tr("Colour {color}").format(color=color))
            act.triggered.connect(self._on_swatch_triggered)
            self.options_bar.addAction(act)
        more = QAction(self.tr("Colour…"), self)
        more.triggered.connect(self._on_more_colours_triggered)
        self.options_bar.addAction(more)
        self.width_box = QSpinBox(self)
        self.width_box.setRange(1, 60)
        self.width_box.setValue(4)
        self.width_box.setSuffix(self.tr(" px"))
        self.width_box.setToolTip(self.tr("Line width"))
        self.width_box.setAccessibleName(self.tr("Line width"))
        self.width_box.valueChanged.connect(self._on_width_box_value_changed)
        self.options_bar.addWidget(QLabel(self.tr(" Width "), self))
        self.options_bar.addWidget(self.width_box)
        self.options_bar.addSeparator()
        # Fixed labels ("Undo", not "Undo Add rectangle"): the toolbar must not shift under the pointer after
        # every edit. What would be undone or redone is in the tooltip.
        stack = self.canvas.undo_stack
        self.undo_action = QAction(self.tr("Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(stack.undo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.undoTextChanged.connect(self._on_undo_stack_undo_text_changed)
        self.redo_action = QAction(self.tr("Redo"), self)
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(stack.redo)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.redoTextChanged.connect(self._on_undo_stack_redo_text_changed)
        self._on_undo_stack_undo_text_changed(stack.undoText())
        self._on_undo_stack_redo_text_changed(stack.redoText())
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        delete = QAction(self.tr("Delete"), self)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.triggered.connect(self.canvas.delete_selected)
        zoom_in = QAction(self.tr("Zoom in"), self)
        zoom_in.setShortcuts([QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
        zoom_in.triggered.connect(lambda: self.canvas.zoom_by(1.25))
        zoom_out = QAction(self.tr("Zoom out"), self)
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        zoom_out.triggered.connect(lambda: self.canvas.zoom_by(0.8))
        actual = QAction(self.tr("100%"), self)
        actual.setToolTip(self.tr("Actual size"))
        actual.setShortcut(QKeySequence("Ctrl+0"))
        actual.triggered.connect(lambda: self.canvas.set_zoom(1.0))
        fit = QAction(self.tr("Fit"), self)
        fit.setToolTip(self.tr("Fit the image in the window"))
        fit.setShortcut(QKeySequence("Ctrl+9"))
        fit.triggered.connect(self.canvas.fit)
        for act in (self.undo_action, self.redo_action, delete, zoom_in, zoom_out, actual, fit):
            self.options_bar.addAction(act)
            self.addAction(act)
        self.status = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Done"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.options_bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.canvas.tool_changed.connect(self._on_canvas_tool_changed)
        self.canvas.zoom_changed.connect(self._on_canvas_zoom_changed)
        self.canvas.markup_changed.connect(self._on_canvas_markup_changed)
        self.canvas.set_tool("select")
        # Wide enough for the options row in longer languages (German), never wider or taller than the
        # screen (Done and Cancel were below a 720-pixel one, and off it with display scaling).
        fit_to_screen(self, QSize(1120, 720), parent)
        self._fitted = False  # fit once, when the dialog first has its real size
        self._on_canvas_markup_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            # Before the first show the viewport has a placeholder size, and a fit would zoom to ~5%.
            self._fitted = True
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.canvas.fit()

    @Slot(str)
    def _on_undo_stack_undo_text_changed(self, text: str) -> None:
        self.undo_action.setToolTip(self.tr("Undo {what} (Ctrl+Z)").format(what=text) if text else self.tr("Undo (Ctrl+Z)"))

    @Slot(str)
    def _on_undo_stack_redo_text_changed(self, text: str) -> None:
        self.redo_action.setToolTip(
            self.tr("Redo {what} (Ctrl+Shift+Z)").format(what=text) if text else self.tr("Redo (Ctrl+Shift+Z)")
        )

    @classmethod
    def edit(
        cls, parent: QWidget | None, image_path: Path | str, markup: dict[str, Any] | None, *, out_path: Path | None = None
    ) -> EditResult | None:
        """Open the editor modally on ``image_path`` (the unmarked original); None if cancelled.

        On Done the flattened PNG is written to ``out_path`` (default ``<stem>-marked.png`` beside the image),
        here, in this thread; the app uses :meth:`edit_markup` and flattens on the pool instead.
        """
        image_path = Path(image_path)
        done = cls.edit_markup(parent, image_path, markup)
        if done is None:
            return None
        out = out_path or image_path.with_name(f"{image_path.stem}-marked.png")
        return EditResult(flatten_file(image_path, done, out), done)

    @classmethod
    def edit_markup(cls, parent: QWidget | None, image_path: Path | str, markup: dict[str, Any] | None) -> dict[str, Any] | None:
        """Open the editor modally on ``image_path``; the mark-up as drawn on Done, None if cancelled.

        Nothing is written: flattening a large image takes seconds, so the caller runs
        :class:`~bugzot_desktop.tasks.flatten.FlattenTask` on the pool.
        """
        image_path = Path(image_path)
        image = read_image(image_path)  # upright (EXIF orientation), and AVIF/HEIC through Pillow
        if image.isNull():
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("MarkupEditor", "Mark-up"),
                QCoreApplication.translate(
                    "MarkupEditor", "Cannot open {name} as an image; attach it again."
                ).format(name=image_path.name),
            )
            return None
        try:
            m = Markup.from_dict(markup) if markup else None
        except BugzotError as exc:
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("MarkupEditor", "Mark-up"),
                QCoreApplication.translate(
                    "MarkupEditor", "{problem} Starting with a clean image; the original is unchanged."
                ).format(problem=translated(exc)),
            )
            m = None
        if m is not None and (m.width, m.height) != (image.width(), image.height()):
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("MarkupEditor", "Mark-up"),
                QCoreApplication.translate(
                    "MarkupEditor",
                    "The saved mark-up was made for a {w}×{h} image, but {name} is {iw}×{ih}. "
                    "Starting with a clean image; the original is unchanged."
                ).format(w=m.width, h=m.height, name=image_path.name, iw=image.width(), ih=image.height()),
            )
            m = None
        dlg = cls(image, m, parent)  # fits the image when it is first shown
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.canvas.to_markup().to_dict()

    @classmethod
    def confirm_discard(cls, parent: QWidget) -> bool:
        """Ask before throwing edits away (tests replace this)."""
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("MarkupEditor", "Discard mark-up?"),
            QCoreApplication.translate(
                "MarkupEditor", "Close the editor and discard your changes? The screenshot stays as it was."
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def keep_and_close(self) -> None:
        """The session is ending (logout, SIGTERM): keep what is drawn, as Done would, without asking.

        Asking would hold the logout up behind a question nobody may see; the drawing goes into the
        draft (flattened at the next start if there is no time now)."""
        if self.canvas.undo_stack.isClean():
            super().reject()  # nothing drawn since it opened: nothing to keep
        else:
            self.accept()

    def reject(self) -> None:
        # Esc or Cancel with unsaved edits asks first; nothing to lose closes at once.
        if self.canvas.undo_stack.isClean() or type(self).confirm_discard(self):
            super().reject()

    def save(self, out_path: Path, source_path: Path) -> EditResult:
        """Flatten the current mark-up onto ``source_path`` into ``out_path``."""
        markup = self.canvas.to_markup()
        path = flatten_file(source_path, markup, out_path)
        return EditResult(path, markup.to_dict())

    def select_tool(self, name: str) -> None:
        self.tool_actions[name].trigger()

    @Slot()
    def _on_tool_action_triggered(self) -> None:
        act = self.sender()
        if isinstance(act, QAction):
            self.canvas.set_tool(str(act.data()))

    @Slot()
    def _on_swatch_triggered(self) -> None:
        act = self.sender()
        if isinstance(act, QAction):
            self.canvas.set_color(str(act.data()))
            self._on_canvas_markup_changed()

    @Slot()
    def _on_more_colours_triggered(self) -> None:
        c = QColorDialog.getColor(QColor(self.canvas.color), self, self.tr("Mark-up colour"))
        if c.isValid():
            self.canvas.set_color(c.name())
            self._on_canvas_markup_changed()

    @Slot(int)
    def _on_width_box_value_changed(self, value: int) -> None:
        self.canvas.set_width(value)

    @Slot(str)
    def _on_canvas_tool_changed(self, name: str) -> None:
        self.tool_actions[name].setChecked(True)
        self.width_box.blockSignals(True)
        self.width_box.setValue(round(self.canvas.width_for(name)))
        self.width_box.blockSignals(False)
        self._on_canvas_markup_changed()

    @Slot(float)
    def _on_canvas_zoom_changed(self, _zoom: float) -> None:
        self._on_canvas_markup_changed()

    @Slot()
    def _on_canvas_markup_changed(self) -> None:
        spec = TOOLS_BY_NAME[self.canvas.tool]
        w, h = self.canvas.to_markup().output_size()
        zoom = self.locale().toString(round(self.canvas.zoom * 100))
        self.status.setText(
            self.tr(
                "{tool} ({shortcut}) · colour {color} · zoom {zoom}% · output {w}×{h} px · "
                "Ctrl+wheel zooms, middle-drag pans"
            ).format(tool=tool_label(spec.name), shortcut=spec.shortcut, color=self.canvas.color, zoom=zoom, w=w, h=h)
        )
