"""MainWindow: the bug form, its attachments, the actions and the status bar.

The window shows state and turns user intent into calls on the
:class:`~bugzot_desktop.gui.composer.ReportComposer`; it decides nothing itself.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bugzot_desktop import APP_NAME
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.core.text import one_line
from bugzot_desktop.gui.about_dialog import AboutDialog
from bugzot_desktop.gui.attachment_list import AttachmentList
from bugzot_desktop.gui.bug_form import BugForm
from bugzot_desktop.gui.composer import ReportComposer
from bugzot_desktop.gui.forms import room_on_screen
from bugzot_desktop.gui.review_dialog import ReviewDialog
from bugzot_desktop.gui.settings_dialog import SettingsDialog
from bugzot_desktop.gui.status import StatusLine, StatusPresenter
from bugzot_desktop.tasks.messages import translated

FORM_MIN_HEIGHT = 100  # the form scrolls below this; a few of its rows stay in view
_IMAGE_GLOBS = "*.png *.jpg *.jpeg *.gif *.bmp *.webp *.tif *.tiff *.avif *.heic *.heif"
_TEXT_GLOBS = "*.log *.txt *.json *.csv *.md *.ini *.yaml *.yml *.toml"


def file_filter() -> str:
    """The Attach file… dialog's type filters, in the user's language. Any file may be chosen; its
    content decides (core/filetypes.py: an image or plain text)."""
    return ";;".join((
        QCoreApplication.translate("FilePicker", "Images and text files (%1)").replace(
            "%1", f"{_IMAGE_GLOBS} {_TEXT_GLOBS}"),
        QCoreApplication.translate("FilePicker", "Images (%1)").replace("%1", _IMAGE_GLOBS),
        QCoreApplication.translate("FilePicker", "Text files (%1)").replace("%1", _TEXT_GLOBS),
        QCoreApplication.translate("FilePicker", "All files (*)"),
    ))


class _FormContent(QWidget):
    """The scroll area's content: the form and the attachment list.

    A word-wrapped note under a field (too long, required) gives the layout a height for its width, and
    QScrollArea then sizes its widget by heightForWidth(), which is the *preferred* height: every text
    box grew to its size hint (648 -> 1,140 px) and the field being typed in, its note and the list went
    out of view (QA). Its minimum height keeps the boxes sharing the visible height, as without a note
    (QFormLayout's own minimum height for a width is its preferred one)."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.minimumSizeHint().height()


class FilePicker:
    """The Attach file… dialog (tests replace :meth:`ask`)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(parent, QCoreApplication.translate("FilePicker", "Attach files"), "",
                                                file_filter())
        return list(files)


class RestoreDraft:
    """The start-up question: take back the report that was being written? (tests replace :meth:`ask`)."""

    @classmethod
    def ask(cls, parent: QWidget | None, report: Report, saved_at: float | None = None) -> bool:
        when = datetime.fromtimestamp(saved_at).strftime("%Y-%m-%d %H:%M") if saved_at else ""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("RestoreDraft", "Restore draft"))
        title = report.title.strip() or QCoreApplication.translate("RestoreDraft", "(no title yet)")
        box.setText(QCoreApplication.translate("RestoreDraft", "You were writing a report “%1” when BugZot last closed%2. Restore it?")
                    .replace("%1", title).replace("%2", f" ({when})" if when else ""))
        n = len(report.attachments)
        if n == 0:
            info = QCoreApplication.translate("RestoreDraft", "Discard deletes the draft.")
        elif n == 1:
            info = QCoreApplication.translate("RestoreDraft", "Discard deletes the draft and the copy of its attachment "
                                              "BugZot keeps; your own file stays where it is.")
        else:
            info = QCoreApplication.translate("RestoreDraft", "Discard deletes the draft and the copies of its %1 "
                                              "attachments BugZot keeps; your own files stay where they are.").replace("%1", str(n))
        box.setInformativeText(info)
        restore = box.addButton(QCoreApplication.translate("RestoreDraft", "&Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QCoreApplication.translate("RestoreDraft", "&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore


class CloseUnsaved:
    """Asked on close when the draft cannot be written (tests replace :meth:`ask`): True closes anyway."""

    @classmethod
    def ask(cls, parent: QWidget | None, problem: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("CloseUnsaved", "Close without the draft?"))
        box.setText(problem)
        box.setInformativeText(QCoreApplication.translate(
            "CloseUnsaved", "Close anyway, and what is in the form is lost; or stay and submit it (it waits in the outbox)."))
        close = box.addButton(QCoreApplication.translate("CloseUnsaved", "&Close anyway"),
                              QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(QCoreApplication.translate("CloseUnsaved", "&Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is close


class SwitchEdit:
    """Asked before a second waiting report replaces the one being edited (tests replace :meth:`ask`)."""

    @classmethod
    def ask(cls, parent: QWidget | None, current: str, other: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("SwitchEdit", "Edit another report"))
        untitled = QCoreApplication.translate("SwitchEdit", "(no title)")
        box.setText(QCoreApplication.translate("SwitchEdit", "You are editing “%1”. Edit “%2” instead?")
                    .replace("%1", current or untitled).replace("%2", other or untitled))
        box.setInformativeText(QCoreApplication.translate(
            "SwitchEdit", "“%1” stays in the outbox as it was before you opened it; changes not yet saved with "
            "Save changes are lost.").replace("%1", current or untitled))
        switch = box.addButton(QCoreApplication.translate("SwitchEdit", "&Edit the other report"),
                               QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(QCoreApplication.translate("SwitchEdit", "&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is switch


def _markup_editor() -> Any | None:
    """The mark-up editor, when that part of the app is installed."""
    try:
        from bugzot_desktop.gui.markup_editor import MarkupEditor
    except ImportError:
        return None
    return MarkupEditor


class MainWindow(QMainWindow):
    """The main window.

    Signals: settings_changed(object Settings) — the user saved new settings;
    outbox_requested() — show the Outbox window; closing() — the window is closing.
    """

    settings_changed = Signal(object)
    outbox_requested = Signal()
    closing = Signal()

    def __init__(
        self,
        composer: ReportComposer,
        presenter: StatusPresenter,
        *,
        settings: Callable[[], Settings] = Settings,
        data_dir: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.composer = composer
        self.presenter = presenter
        self._settings = settings
        self._data_dir = data_dir
        self._loading = False
        self._capture_flow: Any | None = None
        self._submit_when_ready = False
        self.companions: list[QWidget] = []  # our other windows (Outbox)
        self.setWindowTitle(APP_NAME)
        self.setObjectName("MainWindow")

        # -- widgets --------------------------------------------------------------------
        self.form = BugForm(self)
        self.attachments = AttachmentList(self)
        self.editing_banner = QLabel(self)
        self.editing_banner.setWordWrap(True)
        self.editing_banner.setStyleSheet("background: #fff4ce; padding: 6px; border-radius: 4px;")
        self.editing_banner.setAccessibleName(self.tr("Editing a waiting report"))
        self.editing_banner.setVisible(False)
        attachments_label = QLabel(self.tr("Atta&chments"), self)
        attachments_label.setBuddy(self.attachments)

        self.capture_button = QToolButton(self)
        self.capture_button.setText(self.tr("Capture screen"))
        self.capture_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.capture_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.capture_button.setAccessibleName(self.tr("Capture screen"))
        self.attach_button = QPushButton(self.tr("Attach file…"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setEnabled(False)
        self.submit_button = QPushButton(self.tr("Submit"), self)
        self.submit_button.setDefault(False)
        self.submit_button.setAccessibleName(self.tr("Submit report"))
        f = self.submit_button.font()
        f.setBold(True)
        self.submit_button.setFont(f)

        buttons = QHBoxLayout()
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        # The form and the attachments scroll when the window is short: with display scaling (150 %, 200 %) a
        # 720- or 1080-pixel screen has 360–540 logical pixels of height, and the window's minimum (four
        # text boxes and the list) put the buttons and Submit below the screen. The buttons stay in view.
        content = _FormContent(self)
        content.setObjectName("formContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.form, 3)
        content_layout.addWidget(attachments_label)
        content_layout.addWidget(self.attachments, 1)
        self.form_area = QScrollArea(self)
        self.form_area.setObjectName("formArea")
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_area.setWidget(content)
        self.form_area.setMinimumHeight(FORM_MIN_HEIGHT)
        self.form_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of its own between the fields
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.editing_banner)
        layout.addWidget(self.form_area, 1)
        layout.addLayout(buttons)
        self.setCentralWidget(central)
        self.status_line = StatusLine(self)
        self.setStatusBar(self.status_line)
        self.status_line.connect_presenter(presenter)

        self._make_actions()
        self._wire()
        # Tab order: the form (its own order from the .ui), then attachments and the buttons.
        self.setTabOrder(self.form.ui.actualEdit, self.attachments)
        self.setTabOrder(self.attachments, self.capture_button)
        self.setTabOrder(self.capture_button, self.attach_button)
        self.setTabOrder(self.attach_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.submit_button)
        for w in (self.form.ui.titleEdit, self.form.ui.componentEdit, self.form.ui.descriptionEdit,
                  self.form.ui.stepsEdit, self.form.ui.expectedEdit, self.form.ui.actualEdit):
            w.installEventFilter(self)
        self.resize(self._first_size())
        self.form.ui.titleEdit.setFocus()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        """A field reached by its Alt shortcut, or an error that focuses it, is scrolled into view (Tab
        already is, by the scroll area)."""
        content = self.form_area.widget()
        if now is not None and content is not None and content.isAncestorOf(now):
            self.form_area.ensureWidgetVisible(now)

    def _first_size(self) -> QSize:
        """820x780, or less on a smaller screen (its bottom row was off a 1280x720 one), never below the minimum."""
        want = QSize(820, 780)
        room = room_on_screen(self)
        if room is None:
            return want
        return want.boundedTo(room).expandedTo(self.minimumSizeHint())

    def _action(self, text: str, shortcuts: list[QKeySequence | str], slot: Callable[[], None], tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.capture_action = self._action(self.tr("&Capture screen"), ["Ctrl+Shift+S"], self._on_capture_action_triggered,
                                           self.tr("Capture the whole desktop; BugZot's windows hide while it is taken"))
        self.attach_action = self._action(self.tr("&Attach file…"), [QKeySequence.StandardKey.Open],
                                          self._on_attach_action_triggered, self.tr("Attach images or text files such as logs (Ctrl+O)"))
        self.paste_action = self._action(self.tr("&Paste image"), [QKeySequence.StandardKey.Paste],
                                         self._on_paste_action_triggered, self.tr("Attach the image on the clipboard (Ctrl+V)"))
        self.remove_action = QAction(self.tr("&Remove attachment") + "\t" + self.tr("Del"), self)
        self.remove_action.triggered.connect(self._on_remove_action_triggered)
        # Ctrl+Z: a text field that has the focus undoes its typing first (it takes the key itself).
        self.undo_remove_action = self._action(self.tr("&Undo remove"), [QKeySequence.StandardKey.Undo],
                                               self._on_undo_remove_action_triggered,
                                               self.tr("Put the attachments removed last back (Ctrl+Z)"))
        self.undo_remove_action.setEnabled(False)
        self.markup_action = QAction(self.tr("&Mark up attachment") + "\t" + self.tr("Enter"), self)
        self.markup_action.triggered.connect(self._on_markup_action_triggered)
        self.original_action = self._action(
            self.tr("Send &original (not compressed)"), ["Ctrl+Shift+U"], self._on_original_action_triggered,
            self.tr("Send the selected attachments as their files are, without compressing them (Ctrl+Shift+U)"))
        self.original_action.setCheckable(True)
        self.original_action.setEnabled(False)
        self.submit_action = self._action(self.tr("&Submit"), ["Ctrl+Return", "Ctrl+Enter"], self._on_submit_action_triggered,
                                          self.tr("Put the report in the outbox and send it (Ctrl+Return)"))
        self.outbox_action = self._action(self.tr("&Outbox…"), ["Ctrl+Shift+O"], self.outbox_requested.emit,
                                          self.tr("Every report not yet sent, and what happened to it (Ctrl+Shift+O)"))
        self.stop_editing_action = self._action(self.tr("S&top editing"), ["Ctrl+Shift+E"], self.composer.stop_editing,
                                                self.tr("Leave the waiting report as it is in the outbox (Ctrl+Shift+E)"))
        self.stop_editing_action.setEnabled(False)
        self.settings_action = self._action(self.tr("S&ettings…"), ["Ctrl+,"], self._on_settings_action_triggered)
        self.about_action = self._action(self.tr("&About BugZot"), ["F1"], self._on_about_action_triggered)
        # The platform's Quit key, or Ctrl+Q where it has none (one binding: two would be ambiguous).
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        self.quit_action = self._action(self.tr("&Quit"), quit_keys, self.close)

        report_menu = self.menuBar().addMenu(self.tr("&Report"))
        for a in (self.submit_action, self.stop_editing_action, None, self.outbox_action, None, self.settings_action,
                  None, self.quit_action):
            report_menu.addSeparator() if a is None else report_menu.addAction(a)
        # The capture modes: the arrow beside Capture screen, and (for the keyboard) a submenu here.
        self.capture_menu = QMenu(self.tr("Capture mo&de"), self)
        self.capture_menu.setEnabled(False)  # until a capture flow offers its modes
        attach_menu = self.menuBar().addMenu(self.tr("&Attachments"))
        for a in (self.capture_action, self.capture_menu.menuAction(), self.attach_action, self.paste_action, None,
                  self.markup_action, self.original_action, self.remove_action, self.undo_remove_action):
            attach_menu.addSeparator() if a is None else attach_menu.addAction(a)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

        self.capture_button.setMenu(self.capture_menu)
        self.capture_button.installEventFilter(self)  # Down, Alt+Down or F4 opens its menu
        self.capture_button.setToolTip(self.tr("Capture the whole desktop (Ctrl+Shift+S)"))
        self.attach_button.setToolTip(self.attach_action.toolTip())
        self.remove_button.setToolTip(self.tr("Remove the selected attachments (Del)"))
        self.submit_button.setToolTip(self.submit_action.toolTip())

    def _wire(self) -> None:
        c = self.composer
        self.form.edited.connect(self._on_form_edited)
        self.capture_button.clicked.connect(self._on_capture_action_triggered)
        self.attach_button.clicked.connect(self._on_attach_action_triggered)
        self.remove_button.clicked.connect(self._on_remove_action_triggered)
        self.submit_button.clicked.connect(self._on_submit_action_triggered)
        self.attachments.files_dropped.connect(self._on_attachments_files_dropped)
        self.attachments.image_dropped.connect(self._on_attachments_image_dropped)
        self.attachments.remove_requested.connect(self._on_attachments_remove_requested)
        self.attachments.open_requested.connect(self._on_attachments_open_requested)
        self.attachments.itemSelectionChanged.connect(self._on_attachments_itemSelectionChanged)
        self.attachments.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.attachments.customContextMenuRequested.connect(self._on_attachments_customContextMenuRequested)
        c.attachment_added.connect(self._on_composer_attachment_added)
        c.attachment_changed.connect(self._on_composer_attachment_changed)
        c.attachment_removed.connect(self._on_composer_attachment_removed)
        c.attachments_reset.connect(self._on_composer_attachments_reset)
        c.fields_loaded.connect(self._on_composer_fields_loaded)
        c.busy_changed.connect(self._on_composer_busy_changed)
        c.editing_changed.connect(self._on_composer_editing_changed)
        c.attached.connect(self._on_composer_attached)
        c.problem.connect(self.presenter._on_composer_problem)
        c.submitted.connect(self.presenter._on_composer_submitted)
        c.submit_failed.connect(self.presenter._on_composer_submit_failed)
        c.parked.connect(self.presenter._on_composer_parked)
        c.unparked.connect(self.presenter._on_composer_unparked)
        c.busy_changed.connect(self.presenter._on_composer_busy_changed)
        self.status_line.count_clicked.connect(self.outbox_requested.emit)
        # Drops anywhere on the window land in the attachment list.
        self.setAcceptDrops(True)

    # -- drops on the whole window ----------------------------------------------------------
    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.attachments.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.attachments.dropEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Ctrl+V in a text field pastes text; only when the clipboard holds an image and no
        # text does the window's "Paste image" take it, so the key does what the user means.
        if (watched is self.capture_button and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_F4) and self.capture_menu.isEnabled()):
            self.capture_button.showMenu()  # a tool button's menu only opened by mouse
            return True
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Paste):
            mime = QGuiApplication.clipboard().mimeData()
            if mime is not None and mime.hasImage() and not mime.hasText():
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    # -- form ---------------------------------------------------------------------------------
    @Slot()
    def bring_to_front(self) -> None:
        """Show this window on top (BugZot was started again for the same data dir).

        Not during a capture (our windows are hidden for the grab, or a region overlay is up), and an
        open question stays above the window."""
        if self._capture_flow is not None and getattr(self._capture_flow, "busy", False):
            return
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self:
            modal.raise_()
            modal.activateWindow()

    @Slot()
    def _on_form_edited(self) -> None:
        if not self._loading:
            self.composer.form_edited(self.form.fields())

    @Slot(dict)
    def _on_composer_fields_loaded(self, values: dict) -> None:
        self._loading = True
        try:
            self.form.set_fields(values)
        finally:
            self._loading = False

    @Slot(str)
    def _on_composer_editing_changed(self, client_id: str) -> None:
        self.editing_banner.setVisible(bool(client_id))
        self.editing_banner.setText(self.tr("You are editing a report that waits in the outbox. Save changes "
                                            "(Ctrl+Return) saves them into it; it is sent as one report. Stop editing "
                                            "(Ctrl+Shift+E) leaves it as it was."))
        self.submit_button.setText(self.tr("Save changes") if client_id else self.tr("Submit"))
        self.stop_editing_action.setEnabled(bool(client_id))

    @Slot()
    def _on_submit_action_triggered(self) -> None:
        if self.composer.busy:
            # Submit as soon as the attachment being prepared is ready; the form stays as it is meanwhile.
            self._submit_when_ready = True
            self.presenter.say(self.tr("Submitting as soon as the attachment is ready…"))
            return
        self._submit_when_ready = False
        self.presenter.clear()  # e.g. "the review was cancelled" from the last try is stale while the review is open again
        try:
            report = self.composer.prepare(self.form.fields())
        except BadInputError as exc:
            self.form.show_problem(exc.field or "title", translated(exc))
            self.presenter.say(translated(exc) + " " + self.tr("Nothing was sent; everything you typed is still here."))
            return
        if self._settings().review_before_send:
            # The user sees every item that would leave the machine and may untick or mask it.
            reviewed = ReviewDialog.review(self, report, work_dir=self.composer.staging_dir, runner=self.composer.runner)
            if reviewed is None:
                self.presenter.say(self.tr("Not sent: the review was cancelled. Everything is still in the form."))
                return
            report = reviewed
        self.composer.submit_report(report)
        self.form.ui.titleEdit.setFocus()

    # -- attachments ----------------------------------------------------------------------------
    @Slot(int, object, QImage)
    def _on_composer_attachment_added(self, row: int, attachment: Attachment, thumb: QImage) -> None:
        self.attachments.add_entry(attachment.filename, thumb, str(attachment.path), row=row,
                                   original=attachment.send_original)

    @Slot(str)
    def _on_composer_attached(self, filename: str) -> None:
        if not self._submit_when_ready:
            self.presenter.note(self.tr("Attached %1.").replace("%1", one_line(filename)))

    @Slot(int, object, QImage)
    def _on_composer_attachment_changed(self, row: int, attachment: Attachment, thumb: QImage) -> None:
        self.attachments.set_entry(row, attachment.filename, thumb, str(attachment.path), original=attachment.send_original)
        self._update_original_action()

    @Slot(int)
    def _on_composer_attachment_removed(self, row: int) -> None:
        self.attachments.remove_entry(row)

    @Slot()
    def _on_composer_attachments_reset(self) -> None:
        self.attachments.clear()
        self.undo_remove_action.setEnabled(False)
        self._submit_when_ready = False

    @Slot(bool)
    def _on_composer_busy_changed(self, busy: bool) -> None:
        if not busy and self._submit_when_ready:
            self._on_submit_action_triggered()

    @Slot(list)
    def _on_attachments_files_dropped(self, paths: list) -> None:
        self.composer.add_files([Path(p) for p in paths])

    @Slot(QImage)
    def _on_attachments_image_dropped(self, image: QImage) -> None:
        self.composer.add_image(image, "dropped")

    @Slot(list)
    def _on_attachments_remove_requested(self, rows: list) -> None:
        self._remove(rows)

    def _remove(self, rows: list[int]) -> None:
        names = self.composer.remove(rows)
        self.undo_remove_action.setEnabled(self.composer.can_undo_remove())
        current = self.attachments.currentItem()
        if current is not None and not self.attachments.selectedItems():
            current.setSelected(True)  # the neighbour that looks current is the one Del removes next (QA)
        if names:
            self.presenter.note(self.tr("Removed %1. Undo: Ctrl+Z in the list, or Attachments → Undo remove.")
                                .replace("%1", one_line(", ".join(names))))

    @Slot()
    def _on_undo_remove_action_triggered(self) -> None:
        names, again = self.composer.undo_remove()
        self.undo_remove_action.setEnabled(self.composer.can_undo_remove())
        if again:
            line = self.tr("Attached again since, so not put back twice: %1.").replace("%1", one_line(", ".join(again)))
            self.presenter.say(line if not names else self.tr("%1 is back. %2")
                               .replace("%1", one_line(", ".join(names))).replace("%2", line))
        elif names:
            self.presenter.note(self.tr("%1 is back.").replace("%1", one_line(", ".join(names))))

    @Slot()
    def _on_attachments_itemSelectionChanged(self) -> None:
        self.remove_button.setEnabled(bool(self.attachments.selectedItems()))
        self._update_original_action()

    def _update_original_action(self) -> None:
        """Checked when every selected attachment goes as its original; off without a selection."""
        rows = self.attachments.selected_rows()
        atts = self.composer.attachments
        chosen = [atts[r] for r in rows if 0 <= r < len(atts)]
        self.original_action.setEnabled(bool(chosen))
        self.original_action.setChecked(bool(chosen) and all(a.send_original for a in chosen))

    @Slot()
    def _on_original_action_triggered(self) -> None:
        rows = self.attachments.selected_rows()
        if not rows:
            self.presenter.say(self.tr("Select an attachment first; Send original applies to the selected ones."))
            self._update_original_action()
            return
        atts = self.composer.attachments
        on = not all(atts[r].send_original for r in rows if 0 <= r < len(atts))
        names = self.composer.set_send_original(rows, on)
        self._update_original_action()
        joined = ", ".join(names)
        if names and on:
            self.presenter.say((self.tr("%1 will be sent as the original file, not compressed; it stays on this computer "
                                        "until the report is sent.") if len(names) == 1 else
                                self.tr("%1 will be sent as their original files, not compressed; they stay on this "
                                        "computer until the report is sent.")).replace("%1", joined))
        elif names:
            self.presenter.say((self.tr("%1 will be compressed before it is sent.") if len(names) == 1 else
                                self.tr("%1 will be compressed before they are sent.")).replace("%1", joined))

    @Slot(QPoint)
    def _on_attachments_customContextMenuRequested(self, pos: QPoint) -> None:
        if self.attachments.itemAt(pos) is None:
            return
        menu = QMenu(self)
        for a in (self.markup_action, self.original_action, self.remove_action):
            menu.addAction(a)
        menu.exec(self.attachments.viewport().mapToGlobal(pos))

    @Slot()
    def _on_remove_action_triggered(self) -> None:
        rows = self.attachments.selected_rows()
        if rows:
            self._remove(rows)

    @Slot()
    def _on_attach_action_triggered(self) -> None:
        files = FilePicker.ask(self)
        if files:
            self.composer.add_files([Path(f) for f in files])

    @Slot()
    def _on_paste_action_triggered(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            self.composer.add_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.presenter.say(self.tr("The clipboard holds no image; nothing was attached."))
            return
        self.composer.add_image(image, "pasted")

    @Slot()
    def _on_markup_action_triggered(self) -> None:
        rows = self.attachments.selected_rows()
        if rows:
            self._on_attachments_open_requested(rows[0])

    @Slot(int)
    def _on_attachments_open_requested(self, row: int) -> None:
        atts = self.composer.attachments
        if not 0 <= row < len(atts):
            return
        if not self.composer.is_image(row):
            self.presenter.say(self.tr("Only images can be marked up; %1 is attached as it is.").replace("%1", atts[row].filename))
            return
        editor = _markup_editor()
        if editor is None:
            self.presenter.say(self.tr("The mark-up editor is not available in this build; the image is attached as it is."))
            return
        current = self.composer.markup_of(row)
        if current is None:
            return
        source, drawn = current
        markup = editor.edit_markup(self, source, drawn)
        if markup is None:
            return
        # Flattened on the pool into the staging dir (never beside the user's own file): seconds on a large image.
        self.composer.apply_markup(row, markup, on_done=lambda name: self.presenter.say(
            self.tr("Mark-up saved on %1; the original is kept unchanged.").replace("%1", name)))

    # -- capture: the CaptureFlow hides our windows, grabs, and brings them back -------------------
    def use_capture_flow(self, flow: Any) -> None:
        """Take the capture flow (gui/capture_flow.py) and offer its modes in the Capture menu."""
        self._capture_flow = flow
        flow.captured.connect(self._on_capture_flow_captured)
        flow.failed.connect(self._on_capture_flow_failed)
        flow.cancelled.connect(self._on_capture_flow_cancelled)
        self.capture_menu.clear()
        self.capture_menu.setEnabled(True)
        modes = (
            (self.tr("Whole &desktop"), "desktop", 0, "Ctrl+Shift+S"),
            (self.tr("&Region…"), "region", 0, "Ctrl+Shift+R"),
            (self.tr("&Window (click one)"), "window", 0, ""),
            (self.tr("&Active window"), "active_window", 0, ""),
            (self.tr("Whole desktop in &3 seconds"), "desktop", 3, ""),
            (self.tr("Region in 3 s&econds"), "region", 3, ""),
        )
        self.capture_mode_actions: dict[str, QAction] = {}
        for text, mode, delay, keys in modes:
            action = QAction(text, self)
            if keys and mode != "desktop":
                action.setShortcut(QKeySequence(keys))
                self.addAction(action)
            elif keys:
                action.setShortcut(QKeySequence(keys))  # shown; the window-wide Ctrl+Shift+S is capture_action
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _c=False, m=mode, d=delay: self.start_capture(m, d))
            self.capture_menu.addAction(action)
            self.capture_mode_actions[f"{mode}:{delay}"] = action

    def start_capture(self, mode: str = "desktop", delay_s: int = 0) -> None:
        """Capture the screen in ``mode``; the image is attached when it arrives."""
        if self._capture_flow is None:
            self.presenter.say(self.tr("Screen capture is not available in this build; attach an image file instead (Ctrl+O)."))
            return
        self._capture_flow.start(mode, delay_s)

    @Slot()
    def _on_capture_action_triggered(self) -> None:
        self.start_capture("desktop", 0)

    @Slot(QImage)
    def _on_capture_flow_captured(self, image: QImage) -> None:
        self.raise_()
        self.activateWindow()
        self.composer.add_image(image, "screenshot")

    @Slot(str)
    def _on_capture_flow_failed(self, message: str) -> None:
        self.presenter.say(message + " " + self.tr("The report is unchanged."))

    @Slot()
    def _on_capture_flow_cancelled(self) -> None:
        self.presenter.say(self.tr("Capture cancelled; nothing was attached."))

    # -- dialogs ------------------------------------------------------------------------------------
    @Slot()
    def _on_settings_action_triggered(self) -> None:
        new = SettingsDialog.ask(self, self._settings())
        if new is not None:
            self.settings_changed.emit(new)

    @Slot()
    def _on_about_action_triggered(self) -> None:
        AboutDialog.ask(self, self._data_dir)

    def edit_waiting_report(self, report: Report) -> bool:
        """Put a waiting report into the form for editing; what is being written is never lost."""
        if self.composer.editing == report.client_id:
            self.presenter.say(self.tr("You are already editing this report; Save changes (Ctrl+Return) saves your "
                                       "changes into it."))
            return True
        if self.composer.busy:
            self.presenter.say(self.tr("Attachments are still being prepared; press Edit again when they are ready. "
                                       "The report you are writing is unchanged."))
            return False
        if self.composer.editing:
            current = self.form.fields().get("title", "").strip()
            if not SwitchEdit.ask(self, current, report.title.strip()):
                return False
        self.composer.edit_waiting(report)  # held back from sending first, then loaded (a pool task)
        return True

    def offer_draft(self, report: Report, editing: bool, saved_at: float | None = None) -> bool:
        """Ask whether to restore a draft found at start; returns the answer."""
        if RestoreDraft.ask(self, report, saved_at):
            self.composer.load(report, editing=editing)
            self.presenter.say(self.tr("Your draft “%1” was restored.").replace("%1", report.title or self.tr("(no title)")))
            return True
        return False

    def show_notice(self, text: str) -> None:
        """A one-off line in the status bar (e.g. the outbox was repaired at start)."""
        self.presenter.say(text)

    def status_html(self) -> str:
        """The whole status line (the label may show it shortened, with a More… link)."""
        return self.status_line.full_html

    def status_text(self) -> str:
        """The status line as plain text (tests, accessibility)."""
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.status_html()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        try:
            self.composer.save_draft_now()  # nothing typed is lost, even if the app is closed mid-sentence
        except BadInputError as exc:  # the data dir cannot be written: closing would lose the form
            if not CloseUnsaved.ask(self, translated(exc)):
                event.ignore()
                return
        self.closing.emit()
        super().closeEvent(event)

    def set_window_icon(self, icon: QIcon) -> None:
        self.setWindowIcon(icon)
