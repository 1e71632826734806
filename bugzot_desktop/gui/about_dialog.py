"""AboutDialog: the version and what the app is for."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bugzot_desktop import APP_NAME, __version__


class AboutDialog(QDialog):
    """Shows ``bugzot_desktop.__version__``, the Qt version and the data folder. Signals: none."""

    def __init__(self, parent: QWidget | None = None, data_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About %1").replace("%1", APP_NAME))
        icon = QLabel(self)
        window_icon = parent.windowIcon() if parent is not None else QIcon()
        if not window_icon.isNull():
            icon.setPixmap(window_icon.pixmap(64, 64))
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setAccessibleName(self.tr("About BugZot"))
        lines = [
            f"<h3>{html.escape(APP_NAME)} {html.escape(__version__)}</h3>",
            html.escape(self.tr("Capture a screenshot, mark it up and file a bug report — online or offline.")),
            "<br>" + html.escape(self.tr("Qt %1").replace("%1", qVersion())),
        ]
        if data_dir:
            lines.append("<br>" + html.escape(self.tr("Data folder: %1").replace("%1", data_dir)))
        self.text.setText("<br>".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, data_dir: str = "") -> None:
        """Show the dialog modally (tests replace this)."""
        dialog = cls(parent, data_dir)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
