"""BugForm: the text fields of a report (layout from ui/bug_form.ui, compiled by pyside6-uic)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QToolTip, QWidget

from bugzot_desktop.core.report import FIELD_LABELS, TEXT_FIELDS
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.core.wire import DEFAULT_SEVERITY, FIELD_LIMITS, SEVERITIES
from bugzot_desktop.gui.forms import give_labels_room
from bugzot_desktop.gui.ui_bug_form import Ui_BugForm
from bugzot_desktop.tasks.messages import translated


def severity_label(value: str) -> str:
    """The shown name of a wire severity value (translated; the value itself never is)."""
    names = {
        "blocker": QCoreApplication.translate("BugForm", "Blocker — nothing works"),
        "critical": QCoreApplication.translate("BugForm", "Critical"),
        "major": QCoreApplication.translate("BugForm", "Major"),
        "minor": QCoreApplication.translate("BugForm", "Minor"),
        "trivial": QCoreApplication.translate("BugForm", "Trivial"),
    }
    return names.get(value, value)


class BugForm(QWidget):
    """Shows and edits the report's text fields; holds no other state.

    Signals: edited() — any field changed (typed, pasted or loaded).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_BugForm()
        self.ui.setupUi(self)
        give_labels_room(self.ui.formLayout)
        for value in SEVERITIES:
            self.ui.severityCombo.addItem(severity_label(value), value)
        self.ui.severityCombo.setCurrentIndex(SEVERITIES.index(DEFAULT_SEVERITY))
        # Limits come from the wire module, the one source of truth shared with the server. They are said
        # under the field as soon as the text is over, not enforced by cutting: a QLineEdit maxLength
        # dropped the end of a pasted title without a word.
        self._widgets: dict[str, QWidget] = {
            "title": self.ui.titleEdit,
            "description": self.ui.descriptionEdit,
            "steps": self.ui.stepsEdit,
            "expected": self.ui.expectedEdit,
            "actual": self.ui.actualEdit,
            "component": self.ui.componentEdit,
            "severity": self.ui.severityCombo,
        }
        for w in self._widgets.values():
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self._on_field_changed)
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(self._on_field_changed)
        self.ui.severityCombo.currentIndexChanged.connect(self._on_field_changed)
        self.ui.titleEdit.textChanged.connect(self._on_titleEdit_textChanged)
        self._limit_notes: dict[str, QLabel] = {"title": self.ui.titleError}
        rows = sorted(((self.ui.formLayout.getWidgetPosition(self._widgets[n])[0], n) for n in TEXT_FIELDS
                       if n != "title"), reverse=True)
        for row, name in rows:  # from the bottom, so the rows above keep their numbers
            note = QLabel(self)
            note.setObjectName(f"{name}LimitNote")
            note.setStyleSheet(self.ui.titleError.styleSheet())
            note.setWordWrap(True)
            note.setVisible(False)
            self.ui.formLayout.insertRow(row + 1, "", note)
            self._limit_notes[name] = note
        self._over: dict[str, str] = {}  # field -> its "too long" message while it is too long

    # -- reading and writing -------------------------------------------------
    def fields(self) -> dict[str, str]:
        """Every field as the wire names it: title … component, and severity."""
        out: dict[str, str] = {}
        for name in TEXT_FIELDS:
            w = self._widgets[name]
            out[name] = w.text() if isinstance(w, QLineEdit) else w.toPlainText()  # type: ignore[union-attr]
        out["severity"] = str(self.ui.severityCombo.currentData())
        return out

    def set_fields(self, values: dict[str, str]) -> None:
        """Fill the form (missing keys become empty; an unknown severity becomes the default)."""
        for name in TEXT_FIELDS:
            w = self._widgets[name]
            text = values.get(name, "") or ""
            if isinstance(w, QLineEdit):
                w.setText(text)
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(text)
        severity = values.get("severity") or DEFAULT_SEVERITY
        self.ui.severityCombo.setCurrentIndex(SEVERITIES.index(severity) if severity in SEVERITIES else SEVERITIES.index(DEFAULT_SEVERITY))
        self.clear_problem()

    def clear(self) -> None:
        self.set_fields({})

    def widget_for(self, field: str) -> QWidget | None:
        return self._widgets.get(field)

    # -- problems --------------------------------------------------------------
    def show_problem(self, field: str | None, message: str) -> None:
        """Show ``message`` at ``field`` and put the focus there; the text stays as typed."""
        widget = self._widgets.get(field or "", self.ui.titleEdit)
        if field == "title":
            self.ui.titleError.setText(message)
            self.ui.titleError.setVisible(True)
        else:
            QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), message, widget)
        widget.setToolTip(message)
        widget.setFocus()

    def clear_problem(self) -> None:
        self.ui.titleError.clear()
        self.ui.titleError.setVisible(False)
        for w in self._widgets.values():
            w.setToolTip("")
        for name, message in self._over.items():  # a field still too long keeps saying so
            self._limit_notes[name].setText(message)
            self._limit_notes[name].setVisible(True)

    def problem_text(self) -> str:
        """The message shown at the title, if any (for tests and accessibility)."""
        return self.ui.titleError.text()

    def over_limit(self) -> dict[str, str]:
        """The fields now longer than the server takes, with the message shown under each."""
        return dict(self._over)

    def _check_length(self, name: str) -> None:
        widget = self._widgets[name]
        limit = FIELD_LIMITS[name]
        if isinstance(widget, QPlainTextEdit):
            # characterCount() is UTF-16 units plus one: never fewer than the characters, and no copy of 20,000
            n = widget.document().characterCount() - 1
            if n > limit:
                n = len(widget.toPlainText())
        else:
            n = len(widget.text())  # type: ignore[union-attr]
        note = self._limit_notes[name]
        if n > limit:
            message = translated(Text(QT_TRANSLATE_NOOP("core", "{field} is {n} characters long; the limit is "
                                                        "{limit}."), field=Text(FIELD_LABELS[name]), n=n, limit=limit))
            self._over[name] = message
            note.setText(message)
            note.setVisible(True)
        elif name in self._over:
            message = self._over.pop(name)
            if note.text() == message:
                note.clear()
                note.setVisible(False)
            if widget.toolTip() == message:  # put there by a refused Submit (show_problem)
                widget.setToolTip("")

    # -- slots -----------------------------------------------------------------
    @Slot()
    def _on_field_changed(self) -> None:
        sender = self.sender()
        for name, widget in self._widgets.items():
            if (widget is sender or sender is None) and name in FIELD_LIMITS:
                self._check_length(name)
        self.edited.emit()

    @Slot(str)
    def _on_titleEdit_textChanged(self, text: str) -> None:
        if text.strip() and self.ui.titleError.text() and "title" not in self._over:
            self.ui.titleError.clear()
            self.ui.titleError.setVisible(False)
