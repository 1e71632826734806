"""Small layout helpers shared by the app's forms."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel

LABEL_SLACK_PX = 4


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
