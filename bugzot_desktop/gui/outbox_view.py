"""OutboxView: every report in the outbox with its state; Retry now, Send to…, Edit, Delete.

The outbox is read and changed in pool threads (it is SQLite on disk); the view
only shows the last list it was given and turns button presses into calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.settings import normalize_server_url
from bugzot_desktop.tasks.messages import translated
from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner

COLUMNS = ("Title", "State", "Attempts", "Next try", "Last error")



def state_label(state: str) -> str:
    return {
        "queued": QCoreApplication.translate("OutboxView", "Waiting"),
        "sending": QCoreApplication.translate("OutboxView", "Sending"),
        "sent": QCoreApplication.translate("OutboxView", "Sent"),
        "failed": QCoreApplication.translate("OutboxView", "Refused"),
    }.get(state, state)


def next_try_text(entry: Any, now: float) -> str:
    """When the next attempt is due, for waiting reports only."""
    if entry.state == "sending":
        return QCoreApplication.translate("OutboxView", "now")
    if entry.state != "queued":
        return "—"
    if entry.next_attempt_at <= now:
        return QCoreApplication.translate("OutboxView", "as soon as the server is reachable")
    return datetime.fromtimestamp(entry.next_attempt_at).strftime("%H:%M:%S")


class ConfirmDelete:
    """The modal question before deleting a report (tests replace :meth:`ask`)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str) -> bool:
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("OutboxView", "Delete report"),
            QCoreApplication.translate("OutboxView", "Delete the report “%1” and its images from the outbox? It has not been sent; this cannot be undone.")
            .replace("%1", title or QCoreApplication.translate("OutboxView", "(untitled)")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


FOLLOW_SETTINGS = None  # DestinationDialog's answer for "the server in Settings"


class DestinationDialog(QDialog):
    """Where one waiting or refused report goes: a server URL of its own, or the one in Settings.

    The URL is checked as Settings checks it; a bad one is explained under the field and the
    dialog stays open with what was typed. Tests replace :meth:`ask`.
    """

    def __init__(self, parent: QWidget | None, title: str, current: str | None, settings_url: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send report to"))
        self.result_url: str | None = FOLLOW_SETTINGS
        intro = QLabel(self.tr("Where should “%1” go?").replace("%1", title or self.tr("(untitled)")), self)
        intro.setWordWrap(True)
        self.follow = QCheckBox(self.tr("The server in &Settings (%1)").replace("%1", settings_url or "—"), self)
        self.url_edit = QLineEdit(current or settings_url, self)
        self.url_edit.setPlaceholderText("https://bugs.example.com")
        self.url_edit.setAccessibleName(self.tr("Server URL for this report"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")  # as the Settings dialog and the form show a problem
        self.error.setAccessibleName(self.tr("Problem with the URL"))
        self.error.hide()
        label = QLabel(self.tr("Server &URL:"), self)
        label.setBuddy(self.url_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send t&here"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.follow.toggled.connect(self._on_follow_toggled)
        self.url_edit.textChanged.connect(self._on_url_edit_textChanged)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.url_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.follow)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.follow.setChecked(current is None)
        self.resize(520, self.sizeHint().height())
        self.url_edit.setFocus()

    @Slot(bool)
    def _on_follow_toggled(self, on: bool) -> None:
        self.url_edit.setEnabled(not on)
        self.error.hide()

    @Slot(str)
    def _on_url_edit_textChanged(self, _text: str) -> None:
        self.error.hide()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.follow.isChecked():
            self.result_url = FOLLOW_SETTINGS
            self.accept()
            return
        try:
            self.result_url = normalize_server_url(self.url_edit.text())
        except BadInputError as exc:
            self._show_error(translated(exc))
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        """The whole sentence under the field: the dialog grows (never shrinks) to the wrapped text."""
        self.error.setText(text)
        self.error.setToolTip(text)
        self.error.show()
        layout = self.layout()
        layout.activate()
        width = self.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        self.resize(width, max(self.height(), needed))
        self.url_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, current: str | None, settings_url: str) -> tuple[bool, str | None]:
        """(chosen, url): url None means "follow Settings"."""
        dlg = cls(parent, title, current, settings_url)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        return ok, dlg.result_url


def filled(template: str, *values: str) -> str:
    """``template`` with %1, %2 … replaced in one pass (a "%2" inside a title stays as typed)."""
    import re

    return re.sub(r"%(\d)", lambda m: values[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(values) else m.group(0),
                  template)


def state_text(e: Any) -> str:
    """The State column: "Being edited" while the report is held open in the editor, else its state."""
    if getattr(e, "held_by", None) and e.state in ("queued", "failed"):
        return QCoreApplication.translate("OutboxView", "Being edited")
    return state_label(e.state)


class OutboxView(QDialog):
    """A non-modal window listing the outbox.

    Signals: edit_requested(object Report) — load this waiting report into the form;
    changed() — the outbox was changed from here (retry, delete);
    refreshed() — a fresh list is on screen.
    """

    edit_requested = Signal(object)
    changed = Signal()
    refreshed = Signal()

    def __init__(self, runner: TaskRunner, outbox: Any, kick: Callable[[], None], parent: QWidget | None = None,
                 clock: Callable[[], float] = time.time, settings_url: Callable[[], str] = lambda: "") -> None:
        super().__init__(parent)
        self._settings_url = settings_url
        self._runner = runner
        self._outbox = outbox
        self._kick = kick
        self._clock = clock
        self._entries: list[Any] = []
        self._refreshing = False
        self._again = False
        self.setWindowTitle(self.tr("Outbox — BugZot"))
        self.setModal(False)
        self.resize(760, 360)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([
            QCoreApplication.translate("OutboxView", "Title"),
            QCoreApplication.translate("OutboxView", "State"),
            QCoreApplication.translate("OutboxView", "Attempts"),
            QCoreApplication.translate("OutboxView", "Next try"),
            QCoreApplication.translate("OutboxView", "Last error"),
        ])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(self.tr("Reports in the outbox"))
        self.table.itemSelectionChanged.connect(self._on_table_itemSelectionChanged)
        self.table.itemDoubleClicked.connect(self._on_table_itemDoubleClicked)

        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Outbox summary"))
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Last action"))
        self.retry_button = QPushButton(self.tr("&Retry now"), self)
        self.retry_button.setShortcut(QKeySequence("Ctrl+R"))
        self.retry_button.setToolTip(self.tr("Try to send the selected report now (Ctrl+R)"))
        self.send_to_button = QPushButton(self.tr("Send &to…"), self)
        self.send_to_button.setShortcut(QKeySequence("Ctrl+T"))
        self.send_to_button.setToolTip(self.tr("Send the selected report to another server URL, or back to the one "
                                               "in Settings (Ctrl+T)"))
        self.edit_button = QPushButton(self.tr("&Edit"), self)
        self.edit_button.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_button.setToolTip(self.tr("Load the selected report into the form to change it (Ctrl+E)"))
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.delete_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_button.setToolTip(self.tr("Delete the selected report from the outbox (Del)"))
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.close_button = QPushButton(self.tr("&Close"), self)
        for b in (self.retry_button, self.send_to_button, self.edit_button, self.delete_button, self.refresh_button,
                  self.close_button):
            b.setAutoDefault(False)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.send_to_button.clicked.connect(self._on_send_to_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.close_button.clicked.connect(self.close)

        buttons = QHBoxLayout()
        for b in (self.retry_button, self.send_to_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.setTabOrder(self.table, self.retry_button)
        self.setTabOrder(self.retry_button, self.send_to_button)
        self.setTabOrder(self.send_to_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.close_button)
        self._update_buttons()

    # -- data ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the outbox in a pool thread; overlapping requests collapse into one more read."""
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        self._runner.submit(FunctionTask(self._outbox.list, name="list outbox"), on_success=self._show_entries,
                            on_failure=lambda m, _e: self.notice.setText(m), on_finished=self._on_list_finished)

    def _on_list_finished(self) -> None:
        self._refreshing = False
        if self._again:
            self._again = False
            self.refresh()

    def _show_entries(self, entries: list[Any]) -> None:
        selected = self.selected_client_id()
        self._entries = list(reversed(entries))  # newest first
        now = self._clock()
        self.table.setRowCount(len(self._entries))
        for row, e in enumerate(self._entries):
            values = (e.title or QCoreApplication.translate("OutboxView", "(untitled)"), state_text(e), str(e.attempts), next_try_text(e, now),
                      translated(e.last_error) if e.last_error else "")  # stored with its template (core/outbox.py)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                tip = e.server_url if (col == 1 and e.server_url) else text
                if col == 0 and getattr(e, "destination", None):  # filed with `bugzot report --server URL`
                    tip += "\n" + self.tr("Goes to %1, the server it was filed for (not the one in Settings).").replace(
                        "%1", e.destination)
                item.setToolTip(tip)
                item.setData(Qt.ItemDataRole.UserRole, e.client_id)
                self.table.setItem(row, col, item)
            if e.client_id == selected:
                self.table.selectRow(row)
        waiting = sum(1 for e in self._entries if e.state in ("queued", "sending"))
        failed = sum(1 for e in self._entries if e.state == "failed")
        self.summary.setText(self.tr("%1 waiting, %2 refused, %3 sent.").replace("%1", str(waiting))
                             .replace("%2", str(failed)).replace("%3", str(len(self._entries) - waiting - failed)))
        if self.table.currentRow() < 0 and self._entries:
            # First what needs the user: a refused report, else a waiting one, else the newest.
            order = [r for st in (("failed",), ("queued", "sending")) for r, e in enumerate(self._entries) if e.state in st]
            self.table.selectRow(order[0] if order else 0)
        self._update_buttons()
        self.refreshed.emit()

    def entries(self) -> list[Any]:
        return list(self._entries)

    def selected_client_id(self) -> str:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def select(self, client_id: str) -> None:
        for row, e in enumerate(self._entries):
            if e.client_id == client_id:
                self.table.selectRow(row)
                return

    def _selected_entry(self) -> Any | None:
        cid = self.selected_client_id()
        return next((e for e in self._entries if e.client_id == cid), None)

    def _update_buttons(self) -> None:
        e = self._selected_entry()
        editable = e is not None and e.state in ("queued", "failed")
        self.retry_button.setEnabled(editable)
        self.send_to_button.setEnabled(editable)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(e is not None and e.state != "sending")

    # -- actions ----------------------------------------------------------------------
    @Slot()
    def _on_retry_button_clicked(self) -> None:
        e = self._selected_entry()
        if e is None:
            return

        def done(ok: bool) -> None:
            self.notice.setText(self.tr("Trying to send “%1” now.").replace("%1", e.title) if ok else
                                 self.tr("“%1” is being sent or was sent already.").replace("%1", e.title))
            self._kick()
            self.changed.emit()
            self.refresh()

        self._runner.submit(FunctionTask(self._outbox.retry_now, e.client_id, name="retry now"), on_success=done,
                            on_failure=lambda m, _e: self.notice.setText(m))

    @Slot()
    def _on_send_to_button_clicked(self) -> None:
        e = self._selected_entry()
        if e is None or e.state not in ("queued", "failed"):
            return
        chosen, url = DestinationDialog.ask(self, e.title, getattr(e, "destination", None), self._settings_url())
        if not chosen:
            return
        outbox = self._outbox

        def retarget() -> bool:
            return bool(outbox.set_destination(e.client_id, url) and outbox.retry_now(e.client_id))

        held = bool(getattr(e, "held_by", None))  # open in the editor: it goes once the edit is saved or stopped

        def done(ok: bool) -> None:
            if not ok:
                self.notice.setText(filled(self.tr("“%1” is being sent or was sent already."), e.title))
            elif url is None:
                self.notice.setText(filled(self.tr("“%1” now goes to the server in Settings; it is sent once its edit is "
                                                   "saved or stopped.") if held else
                                           self.tr("“%1” now goes to the server in Settings; trying to send it now."),
                                           e.title))
            else:
                self.notice.setText(filled(self.tr("“%1” now goes to %2; it is sent once its edit is saved or stopped.")
                                           if held else self.tr("“%1” now goes to %2; trying to send it now."),
                                           e.title, url))
            self._kick()
            self.changed.emit()
            self.refresh()

        self._runner.submit(FunctionTask(retarget, name="send report to"), on_success=done,
                            on_failure=lambda m, _e: self.notice.setText(m))

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        e = self._selected_entry()
        if e is None or e.state not in ("queued", "failed"):
            return

        def got(entry: Any) -> None:
            if entry is None:
                self.notice.setText(self.tr("That report is no longer in the outbox."))
                self.refresh()
                return
            self.edit_requested.emit(entry.to_report())

        self._runner.submit(FunctionTask(self._outbox.get, e.client_id, name="read report"), on_success=got,
                            on_failure=lambda m, _e: self.notice.setText(m))

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        e = self._selected_entry()
        if e is None or not ConfirmDelete.ask(self, e.title):
            return

        def done(ok: bool) -> None:
            if not ok:
                self.notice.setText(self.tr("“%1” is being sent right now and was not deleted; try again in a moment.")
                                     .replace("%1", e.title))
            else:
                self.notice.setText(self.tr("Deleted “%1”.").replace("%1", e.title))
            self.changed.emit()
            self.refresh()

        self._runner.submit(FunctionTask(self._outbox.delete, e.client_id, name="delete report"), on_success=done,
                            on_failure=lambda m, _e: self.notice.setText(m))

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot()
    def _on_table_itemSelectionChanged(self) -> None:
        self._update_buttons()

    @Slot(QTableWidgetItem)
    def _on_table_itemDoubleClicked(self, _item: QTableWidgetItem) -> None:
        e = self._selected_entry()
        if e is not None and e.state == "sent" and e.server_url:
            QDesktopServices.openUrl(QUrl(e.server_url))  # a sent report opens on the server
            return
        self._on_edit_button_clicked()
