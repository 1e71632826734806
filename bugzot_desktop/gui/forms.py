"""Small layout helpers shared by the app's forms."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

LABEL_SLACK_PX = 4
FRAME_ROOM = QSize(40, 60)  # a window frame and a desktop panel


def room_on_screen(widget: QWidget, near: QWidget | None = None) -> QSize | None:
    """The space a window of ``widget`` can take on its screen (that of ``near`` when given), frame and panel
    allowed for; None without a screen."""
    screen = (near.screen() if near is not None else None) or widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    return screen.availableGeometry().size() - FRAME_ROOM


def fit_to_screen(widget: QWidget, want: QSize, near: QWidget | None = None) -> None:
    """Resize a window to ``want``, or less where the screen is smaller: with display scaling (150 %, 200 %)
    a 720- or 1080-pixel screen has 480–540 logical pixels of height, and fixed sizes put the buttons off it."""
    room = room_on_screen(widget, near)
    widget.resize(want if room is None else want.boundedTo(room))


def give_labels_room(layout: QFormLayout) -> None:
    """A few pixels more than its text for every label in a form's label column (call after the texts are set).

    QLabel sizes itself to its text measured in whole pixels, but paints it with fractional glyph positions,
    clipped to that width: the widest label lost half its last letter (German "Tatsächliches Ergebnis",
    "API-Token" read "API-Toker"). The column grows by the slack only.
    """
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel) and label.text():
            label.setMinimumWidth(label.sizeHint().width() + LABEL_SLACK_PX)
