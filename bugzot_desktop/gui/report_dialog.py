"""ReportDialog: the bug form as a dialog, for the reporter embedded in other Qt apps.

It shows the same :class:`BugForm` as the BugZot window, pre-filled (e.g. with a
traceback), and a read-only view of the environment that will be attached. It
decides nothing: :meth:`ask` returns the report as filled in, or None.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.review import value_text
from bugzot_desktop.gui.bug_form import BugForm
from bugzot_desktop.tasks.messages import translated


class ReportDialog(QDialog):
    """Fill in a bug report for another application; Submit or Cancel.

    Signals: none of its own (QDialog's accepted/rejected).
    """

    def __init__(self, report: Report, parent: QWidget | None = None, *, product: str = "") -> None:
        super().__init__(parent)
        self._report = report
        self.setObjectName("reportDialog")
        self.setWindowTitle(self.tr("Report a bug in {product}").format(product=product) if product else self.tr("Report a bug"))
        self.form = BugForm()
        self.form.set_fields(report.fields())

        self.environment = QPlainTextEdit()
        self.environment.setObjectName("environmentView")
        self.environment.setReadOnly(True)
        self.environment.setPlainText("\n".join(f"{k}: {value_text(v)}" for k, v in report.environment.items()))
        self.environment.setAccessibleName(self.tr("Environment details attached to the report"))
        env_label = QLabel(self.tr("E&nvironment (the next step lists every item; untick what must stay here):"))
        env_label.setBuddy(self.environment)

        self.buttons = QDialogButtonBox()
        self.submit_button = self.buttons.addButton(self.tr("Su&bmit…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.setObjectName("submitButton")
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.submit_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 3)
        layout.addWidget(env_label)
        layout.addWidget(self.environment, 1)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.environment, self.submit_button)
        QWidget.setTabOrder(self.submit_button, self.cancel_button)
        self.resize(720, 640)

    @classmethod
    def ask(cls, parent: QWidget | None, report: Report, *, product: str = "") -> Report | None:
        """Show the form modally; the report as filled in, or None when cancelled."""
        dlg = cls(report, parent, product=product)
        try:
            return dlg.filled_report() if dlg.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()

    def filled_report(self) -> Report:
        """The report with the form's fields (same client_id, environment and files)."""
        f = self.form.fields()
        severity = f.pop("severity")
        return Report(**f, severity=severity, environment=dict(self._report.environment),
                      attachments=list(self._report.attachments), client_id=self._report.client_id)

    def accept(self) -> None:
        """Refuse to close while the report cannot be sent; say why at the field."""
        try:
            self.filled_report().validate()
        except BadInputError as exc:
            self.form.show_problem(exc.field, translated(exc))
            return
        super().accept()
