"""SettingsDialog: server URL, API token, longest edge, byte budget, review before sending and the log to attach."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.settings import (
    MAX_BYTE_BUDGET,
    MAX_EDGE,
    MIN_BYTE_BUDGET,
    MIN_EDGE,
    Settings,
    normalize_server_url,
    read_token,
    store_token,
)
from bugzot_desktop.gui.forms import give_labels_room
from bugzot_desktop.tasks.messages import translated


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
        # wide enough for its hint in every language (German cut it to "leer für einen Server im offenen …")
        self.token_edit.setMinimumWidth(self.token_edit.fontMetrics().horizontalAdvance(
            self.token_edit.placeholderText()) + 24)
        self.edge_spin = QSpinBox(self)
        self.edge_spin.setRange(MIN_EDGE, MAX_EDGE)
        self.edge_spin.setSuffix(self.tr(" px"))
        self.edge_spin.setValue(settings.max_edge)
        self.edge_spin.setAccessibleName(self.tr("Longest edge in pixels"))
        self.budget_spin = QSpinBox(self)
        self.budget_spin.setRange(MIN_BYTE_BUDGET // 1000, MAX_BYTE_BUDGET // 1000)
        self.budget_spin.setSuffix(self.tr(" kB"))
        self.budget_spin.setValue(max(MIN_BYTE_BUDGET // 1000, settings.byte_budget // 1000))
        self.budget_spin.setAccessibleName(self.tr("Byte budget per image in kilobytes"))
        self.review_check = QCheckBox(self.tr("&Review what will be sent before sending"), self)
        self.review_check.setChecked(settings.review_before_send)
        self.review_check.setAccessibleName(self.tr("Review what will be sent before sending"))
        self.log_file_edit = QLineEdit(settings.log_file, self)
        self.log_file_edit.setAccessibleName(self.tr("Log file to attach"))
        self.log_file_edit.setPlaceholderText(self.tr("none"))
        self.log_file_edit.setToolTip(self.tr("The last lines of this file are offered with each report."))
        self.browse_button = QPushButton(self.tr("Br&owse…"), self)
        self.browse_button.setAccessibleName(self.tr("Browse for the log file"))
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.log_lines_spin = QSpinBox(self)
        self.log_lines_spin.setRange(1, 100_000)
        self.log_lines_spin.setSuffix(self.tr(" lines"))
        self.log_lines_spin.setValue(min(max(1, settings.log_lines), 100_000))
        self.log_lines_spin.setAccessibleName(self.tr("Number of log lines to attach"))
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.problem.setAccessibleName(self.tr("Settings problem"))
        # A bad server URL is said right under its field.
        self.server_problem = QLabel(self)
        self.server_problem.setStyleSheet("color: #b00020;")
        self.server_problem.setWordWrap(True)
        self.server_problem.setVisible(False)
        self.server_problem.setAccessibleName(self.tr("Settings problem"))  # already translated

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
            if widget is self.server_edit:
                form.addRow("", self.server_problem)
        form.addRow(self.review_check)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_file_edit, 1)
        log_row.addWidget(self.browse_button)
        log_label = QLabel(self.tr("Log &file to attach (last N lines)"), self)
        log_label.setBuddy(self.log_file_edit)
        form.addRow(log_label, log_row)
        lines_label = QLabel(self.tr("Log li&nes (N)"), self)
        lines_label.setBuddy(self.log_lines_spin)
        form.addRow(lines_label, self.log_lines_spin)
        give_labels_room(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        # A field's error goes away as soon as that field is changed (it may be the fix).
        self._field_widgets: dict[str, QWidget] = {
            "server_url": self.server_edit, "api_token": self.token_edit, "max_edge": self.edge_spin,
            "byte_budget": self.budget_spin, "log_file": self.log_file_edit, "log_lines": self.log_lines_spin,
        }
        self._problem_widget: QWidget | None = None
        for edit in (self.server_edit, self.token_edit, self.log_file_edit):
            edit.textChanged.connect(self._on_field_changed)
        for spin in (self.edge_spin, self.budget_spin, self.log_lines_spin):
            spin.valueChanged.connect(self._on_field_changed)

    def values(self) -> Settings:
        s = replace(self._settings, server_url=self.server_edit.text().strip().rstrip("/"),
                    max_edge=self.edge_spin.value(), byte_budget=self.budget_spin.value() * 1000,
                    review_before_send=self.review_check.isChecked(),
                    log_file=self.log_file_edit.text().strip(), log_lines=self.log_lines_spin.value())
        return store_token(s, self.token_edit.text())

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            # The URL as typed, before values() tidies it (and before a token is stored under it).
            normalize_server_url(self.server_edit.text())
            candidate = self.values()
            candidate.validate()
            self._check_log_file(candidate.log_file)
        except BadInputError as exc:
            widget = self._field_widgets.get(exc.field or "", self.server_edit)
            self._show_problem(self.server_problem if exc.field == "server_url" else self.problem, translated(exc), widget)
            widget.setFocus()
            return
        self.result_settings = candidate
        self.accept()

    def _show_problem(self, label: QLabel | None, text: str, widget: QWidget | None) -> None:
        """Say ``text`` in ``label`` (None: hide both), for the field ``widget``; the whole sentence stays readable."""
        for lab in (self.server_problem, self.problem):
            lab.setText(text if lab is label else "")
            lab.setToolTip(text if lab is label else "")  # the full sentence, however the label is laid out
            lab.setVisible(lab is label)
        self._problem_widget = widget if label is not None else None
        if label is not None:
            # A form layout does not grow the dialog enough for a word-wrapped label that appears later: it was
            # cut to two lines. Grow (never shrink) to the size the laid-out text needs.
            self.layout().activate()
            hint = self.sizeHint()
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    @Slot()
    def _on_field_changed(self) -> None:
        if self._problem_widget is not None and self.sender() is self._problem_widget:
            self._show_problem(None, "", None)  # a stale error must not sit under the value being corrected

    def _check_log_file(self, log_file: str) -> None:
        """A log that does not exist yet is fine (the app may create it later); a folder is not."""
        if log_file and Path(log_file).expanduser().is_dir():
            raise BadInputError(
                self.tr("Log file {path} is a folder; choose a file.").format(path=log_file), field="log_file"
            )

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        path = type(self).choose_log_file(self, self.log_file_edit.text().strip())
        if path:
            self.log_file_edit.setText(path)

    @classmethod
    def choose_log_file(cls, parent: QWidget | None, current: str) -> str:
        """The Browse… file dialog; the chosen path or "" when cancelled (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(
            parent, QCoreApplication.translate("SettingsDialog", "Log file to attach"), current,
            QCoreApplication.translate("SettingsDialog", "Log files (*.log *.txt);;All files (*)"),
        )
        return path

    @classmethod
    def ask(cls, parent: QWidget | None, settings: Settings) -> Settings | None:
        """Show the dialog modally; the new settings, or None when cancelled (tests replace this)."""
        dialog = cls(settings, parent)
        try:
            return dialog.result_settings if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
