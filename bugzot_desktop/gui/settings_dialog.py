"""SettingsDialog: server URL, API token, longest edge and byte budget."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.settings import Settings, read_token, store_token


class SettingsDialog(QDialog):
    """Edits a copy of the settings; :meth:`ask` returns the new settings or None.

    Signals: none (modal; the caller persists the result).
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.result_settings: Settings | None = None
        self.setWindowTitle(self.tr("Settings — BugZot"))

        self.server_edit = QLineEdit(settings.server_url, self)
        self.server_edit.setAccessibleName(self.tr("Server URL"))
        self.server_edit.setPlaceholderText("http://127.0.0.1:8000")
        self.token_edit = QLineEdit(read_token(settings), self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName(self.tr("API token"))
        self.token_edit.setPlaceholderText(self.tr("empty for a server in open mode"))
        self.edge_spin = QSpinBox(self)
        self.edge_spin.setRange(64, 16384)
        self.edge_spin.setSuffix(self.tr(" px"))
        self.edge_spin.setValue(settings.max_edge)
        self.edge_spin.setAccessibleName(self.tr("Longest edge in pixels"))
        self.budget_spin = QSpinBox(self)
        self.budget_spin.setRange(10, 100_000)
        self.budget_spin.setSuffix(self.tr(" kB"))
        self.budget_spin.setValue(max(10, settings.byte_budget // 1000))
        self.budget_spin.setAccessibleName(self.tr("Byte budget per image in kilobytes"))
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.problem.setAccessibleName(self.tr("Settings problem"))

        form = QFormLayout()
        for label, widget in (
            (self.tr("&Server URL"), self.server_edit),
            (self.tr("API &token"), self.token_edit),
            (self.tr("&Longest edge"), self.edge_spin),
            (self.tr("&Byte budget per image"), self.budget_spin),
        ):
            lab = QLabel(label, self)
            lab.setBuddy(widget)
            form.addRow(lab, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def values(self) -> Settings:
        s = replace(self._settings, server_url=self.server_edit.text().strip().rstrip("/"),
                    max_edge=self.edge_spin.value(), byte_budget=self.budget_spin.value() * 1000)
        return store_token(s, self.token_edit.text())

    @Slot()
    def _on_buttons_accepted(self) -> None:
        candidate = self.values()
        try:
            candidate.validate()
        except BadInputError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            {"server_url": self.server_edit, "max_edge": self.edge_spin, "byte_budget": self.budget_spin}.get(
                exc.field or "", self.server_edit).setFocus()
            return
        self.result_settings = candidate
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, settings: Settings) -> Settings | None:
        """Show the dialog modally; the new settings, or None when cancelled (tests replace this)."""
        dialog = cls(settings, parent)
        try:
            return dialog.result_settings if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
