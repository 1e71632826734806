"""ReviewDialog: shows every item a report would send; each can be unticked or masked.

The dialog holds no decisions of its own: the items come from
:func:`bugzot_desktop.core.review.review_items`, every tick and mask goes into a
:class:`ReviewSelection`, and the report it returns is
:func:`bugzot_desktop.core.review.apply` of that selection.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, Slot
from PySide6.QtGui import QColor, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bugzot_desktop.core import sensitive
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.review import (
    ENVIRONMENT,
    FIELD,
    FILE,
    LOG_TAIL_KEY,
    ReviewItem,
    ReviewSelection,
    apply,
    review_items,
    sent_as_original,
)
from bugzot_desktop.core.text import one_line
from bugzot_desktop.gui.bug_form import severity_label
from bugzot_desktop.gui.forms import fit_to_screen
from bugzot_desktop.tasks.runner import TaskRunner
from bugzot_desktop.tasks.staging import Thumbnail, ThumbnailTask

PICTURE_EDGE = 240  # the review's picture of an image item (decoded at this size, off the GUI thread)

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_COL, SIZE_COL, FLAG_COL = 0, 1, 2


def human_size(n: int, locale: QLocale | None = None) -> str:
    """Bytes as a person reads them, in the language shown: 512 bytes, 12.3 kB, 4.0 MB (German: 2,6 kB;
    it said 2.6 KB)."""
    return (locale or QLocale()).formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


class ReviewDialog(QDialog):
    """The last look before a report is queued: tick, untick, mask, then Send or Cancel.

    Signals: none of its own (QDialog's accepted/rejected).
    """

    def __init__(
        self,
        report: Report,
        parent: QWidget | None = None,
        *,
        home: str | Path | None = None,
        work_dir: str | Path | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._report = report
        self._runner = runner  # loads the picture of an image item off the GUI thread (none: no picture)
        self._pictures: dict[str, QPixmap] = {}
        self._home = home
        self._work_dir = Path(work_dir) if work_dir is not None else None  # where masked copies of text files go
        self.selection = ReviewSelection()
        self._items: dict[str, QTreeWidgetItem] = {}
        self._names: dict[str, str] = {}  # each row's item name, without its value
        self.setWindowTitle(self.tr("Review what will be sent"))
        self.setObjectName("reviewDialog")

        intro = QLabel(
            self.tr(
                "Everything below leaves this computer when you press Send. "
                "Untick what should stay here; flagged text may be private — select it and press Mask."
            )
        )
        intro.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Size"), self.tr("Looks sensitive")])
        self.tree.header().setSectionResizeMode(NAME_COL, QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName(self.tr("Items that will be sent"))
        self.tree.setAccessibleDescription(self.tr("Press Space to tick or untick the current item."))
        tree_label = QLabel(self.tr("&Items:"))
        tree_label.setBuddy(self.tree)

        self.detail = QPlainTextEdit()
        self.detail.setObjectName("reviewDetail")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("Content of the selected item"))
        detail_label = QLabel(self.tr("&Content:"))
        detail_label.setBuddy(self.detail)
        self.picture = QLabel()
        self.picture.setObjectName("reviewPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(PICTURE_EDGE // 2)
        self.picture.setAccessibleName(self.tr("Picture of the selected image"))
        self.picture.hide()

        self.mask_button = QPushButton(self.tr("&Mask"))
        self.mask_button.setObjectName("maskButton")
        self.mask_button.setAccessibleName(self.tr("Mask sensitive text in the selected item"))
        self.mask_all_button = QPushButton(self.tr("Mask &all"))
        self.mask_all_button.setObjectName("maskAllButton")
        self.mask_all_button.setAccessibleName(self.tr("Mask sensitive text in every item"))
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")

        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton(self.tr("&Send"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("sendButton")
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(tree_label)
        lv.addWidget(self.tree)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(detail_label)
        rv.addWidget(self.detail)
        rv.addWidget(self.picture)
        row = QHBoxLayout()
        row.addWidget(self.mask_button)
        row.addWidget(self.mask_all_button)
        row.addStretch(1)
        rv.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        # Only now: a button that is not yet inside the dialog cannot be its default, and the first
        # button (Mask) became it, so Return masked instead of sending.
        self.send_button.setDefault(True)
        # Tab order follows reading order: list, content, mask buttons, Send, Cancel.
        QWidget.setTabOrder(self.tree, self.detail)
        QWidget.setTabOrder(self.detail, self.mask_button)
        QWidget.setTabOrder(self.mask_button, self.mask_all_button)
        QWidget.setTabOrder(self.mask_all_button, self.send_button)
        QWidget.setTabOrder(self.send_button, self.cancel_button)

        self._populate()
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.mask_button.clicked.connect(self._on_mask_button_clicked)
        self.mask_all_button.clicked.connect(self._on_mask_all_button_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.tree.setCurrentItem(self._items["field:title"])  # every report has a title row
        self._refresh_summary()
        fit_to_screen(self, QSize(860, 520), parent)

    # -- the public face ------------------------------------------------------
    @classmethod
    def review(
        cls, parent: QWidget | None, report: Report, *, home: str | Path | None = None, work_dir: str | Path | None = None,
        runner: TaskRunner | None = None,
    ) -> Report | None:
        """Show the dialog modally; the report as reviewed, or None when the user cancels.

        ``work_dir``: where a masked copy of a text attachment is written (without it, text files
        are shown and flagged but cannot be masked). ``runner``: loads each image's picture."""
        dlg = cls(report, parent, home=home, work_dir=work_dir, runner=runner)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
            return dlg.reviewed_report()
        finally:
            dlg.deleteLater()

    _SECRET_KINDS = (sensitive.PRIVATE_KEY, sensitive.TOKEN)

    def secret_items(self) -> list[str]:
        """Ticked items that still look like they hold a password, token or private key (their row names)."""
        out = []
        for key in self.flagged_keys():
            if not self.selection.is_included(key):
                continue
            found = self.selection.findings(self._report, key, home=self._home)
            if any(f.kind in self._SECRET_KINDS for f in found):
                out.append(self._names[key])
        return out

    def accept(self) -> None:
        # E-mail addresses, IPs and home folders are the user's call (flagged, sent if left);
        # a password or key going out unmasked is asked once more: `bugzot report` refuses it outright.
        names = self.secret_items()
        if names and not type(self).confirm_secrets(self, names):
            return
        super().accept()

    @classmethod
    def confirm_secrets(cls, parent: QWidget, names: list[str]) -> bool:
        """Ask before sending items that look like they hold secrets (tests replace this)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("ReviewDialog", "Send secrets?"))
        text = QCoreApplication.translate("ReviewDialog", "Unmasked, and looking like a password, token or private key: %1.")
        box.setText(text.replace("%1", ", ".join(names)))
        box.setInformativeText(QCoreApplication.translate(
            "ReviewDialog", "Select the text and press Mask, or untick the item to keep it here. Send it unchanged anyway?"))
        send = box.addButton(QCoreApplication.translate("ReviewDialog", "Send &anyway"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(QCoreApplication.translate("ReviewDialog", "&Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is send

    def reviewed_report(self) -> Report:
        """The report built from the ticked items and masked texts only."""
        return apply(self._report, self.selection, work_dir=self._work_dir)

    def item(self, key: str) -> QTreeWidgetItem:
        """The tree row of an item key (``field:title``, ``environment:os``, ``file:0``)."""
        return self._items[key]

    def set_item_checked(self, key: str, checked: bool) -> None:
        """Tick or untick an item, as a click on its box would."""
        self._items[key].setCheckState(NAME_COL, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def mask_item(self, key: str) -> None:
        """Mask every finding of one item (what the Mask button does for the current item)."""
        self.selection.mask(self._report, key, home=self._home)
        self._refresh_item(key)
        if self._current_key() == key:
            self._show_detail(key)
        self._refresh_summary()

    def flagged_keys(self) -> list[str]:
        """Items whose current text still looks sensitive."""
        return [k for k in self._items if self.selection.findings(self._report, k, home=self._home)]

    # -- building ---------------------------------------------------------------
    def _group_title(self, group: str) -> str:
        return {FIELD: self.tr("Report fields"), ENVIRONMENT: self.tr("Environment"), FILE: self.tr("Files")}[group]

    def _populate(self) -> None:
        self.tree.blockSignals(True)  # building is not the user ticking
        groups: dict[str, QTreeWidgetItem] = {}
        for group in (FIELD, ENVIRONMENT, FILE):
            top = QTreeWidgetItem(self.tree, [self._group_title(group)])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            top.setExpanded(True)
            groups[group] = top
        for it in review_items(self._report, self.selection):
            row = QTreeWidgetItem(groups[it.group])
            row.setData(NAME_COL, KEY_ROLE, it.key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not it.required:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            row.setFlags(flags)
            row.setCheckState(NAME_COL, Qt.CheckState.Checked)
            if it.required:
                row.setToolTip(NAME_COL, self.tr("Required: a report cannot be sent without it."))
            self._items[it.key] = row
            self._fill_row(row, it)
        for top in groups.values():
            top.setText(SIZE_COL, "")
            if top.childCount() == 0:
                QTreeWidgetItem(top, [self.tr("(none)")]).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.resizeColumnToContents(SIZE_COL)
        self.tree.blockSignals(False)

    def _environment_label(self, key: str) -> str:
        """An environment item's shown name (its key as sent is in the row's tooltip); unknown keys as sent."""
        return {
            "app": self.tr("Application"),
            "app_version": self.tr("Application version"),
            "os": self.tr("Operating system"),
            "os_version": self.tr("System version"),
            "desktop_session": self.tr("Desktop session"),
            "desktop": self.tr("Desktop"),
            "python": self.tr("Python"),
            "qt": self.tr("Qt version"),
            "qt_platform": self.tr("Qt platform"),
            "screen_count": self.tr("Number of screens"),
            "screens": self.tr("Screens"),
            "locale": self.tr("Language and region"),
            "timezone": self.tr("Time zone"),
            "traceback": self.tr("Error trace"),
            LOG_TAIL_KEY: self.tr("Log excerpt"),
        }.get(key, key)

    def _field_label(self, name: str) -> str:
        """A field's shown name."""
        return {
            "title": self.tr("Title"),
            "severity": self.tr("Severity"),
            "description": self.tr("Description"),
            "steps": self.tr("Steps to reproduce"),
            "expected": self.tr("Expected result"),
            "actual": self.tr("Actual result"),
            "component": self.tr("Component"),
        }.get(name, name)

    def _fill_row(self, row: QTreeWidgetItem, it: ReviewItem) -> None:
        label = one_line(it.name)  # U+202E in a file name made notes\u202egnp.txt read notestxt.png
        self._names[it.key] = (self._field_label(it.name) if it.group == FIELD
                               else self._environment_label(it.name) if it.group == ENVIRONMENT else label)
        if it.group == ENVIRONMENT and self._names[it.key] != it.name:
            row.setToolTip(NAME_COL, self.tr("Sent as “%1”.").replace("%1", label))
        if it.group != FILE:
            name = self._names[it.key]
            preview = severity_label(it.text) if it.key == "field:severity" else it.text.replace("\n", " ")
            label = f"{name}: {preview[:60]}{'…' if len(preview) > 60 else ''}" if preview else name
        row.setText(NAME_COL, label)
        row.setText(SIZE_COL, human_size(it.size))
        row.setData(SIZE_COL, Qt.ItemDataRole.AccessibleTextRole, self.tr("{n} bytes").format(n=it.size))
        found = self.selection.findings(self._report, it.key, home=self._home)
        row.setText(FLAG_COL, self._flag_text(found))
        row.setToolTip(FLAG_COL, row.text(FLAG_COL))  # the column is narrow; the whole list on hover
        row.setForeground(FLAG_COL, QColor("#b00020") if found else QColor())

    def _flag_text(self, found: list[sensitive.Finding]) -> str:
        names = {
            sensitive.EMAIL: self.tr("e-mail"),
            sensitive.PRIVATE_KEY: self.tr("private key"),
            sensitive.TOKEN: self.tr("token or key"),
            sensitive.IP: self.tr("IP address"),
            sensitive.HOME_PATH: self.tr("home folder"),
        }
        return ", ".join(f"{n}× {names[k]}" for k, n in sensitive.summary(found).items())

    def _refresh_item(self, key: str) -> None:
        it = next(i for i in review_items(self._report, self.selection) if i.key == key)
        self.tree.blockSignals(True)
        self._fill_row(self._items[key], it)
        self.tree.blockSignals(False)

    def _refresh_summary(self) -> None:
        items = [i for i in review_items(self._report, self.selection) if i.required or self.selection.is_included(i.key)]
        total = sum(i.size for i in items)
        flagged = len([k for k in self.flagged_keys() if self.selection.is_included(k)])
        # "{n}" placeholders, not %n plurals: plural forms need a .qm even for English.
        if any(i.group == FILE and not i.is_text_file and not sent_as_original(self._report, i.key) for i in items):
            # Images are compressed after the review: their file size now is an upper bound.
            text = self.tr("Items to send: {n} ({size} before images are compressed)").format(
                n=len(items), size=human_size(total))
        else:
            text = self.tr("Items to send: {n} ({size})").format(n=len(items), size=human_size(total))
        if flagged:
            text += " — " + self.tr("possibly private: {n}").format(n=flagged)
        self.summary.setText(text)
        self.mask_all_button.setEnabled(
            any(self.selection.is_included(k) and self._can_mask(k) for k in self.flagged_keys())
        )

    def _can_mask(self, key: str) -> bool:
        if key.startswith(f"{FILE}:"):
            return self._work_dir is not None and self.selection.is_maskable(self._report, key)
        return True

    def _current_key(self) -> str | None:
        cur = self.tree.currentItem()
        return cur.data(NAME_COL, KEY_ROLE) if cur is not None else None

    def _show_picture(self, key: str, path: Path | None) -> None:
        """The image item's picture under its details, loaded off the GUI thread once."""
        if key in self._pictures:
            self.picture.setPixmap(self._pictures[key])
            self.picture.show()
            return
        if self._runner is None or path is None:
            self.picture.hide()
            return
        self.picture.setPixmap(QPixmap())
        self.picture.setText(self.tr("Loading the picture…"))
        self.picture.show()

        def loaded(thumb: Thumbnail) -> None:
            if not shiboken6.isValid(self):
                return  # the dialog closed meanwhile
            self._pictures[key] = QPixmap.fromImage(thumb.image)
            if self._current_key() == key:
                self.picture.setPixmap(self._pictures[key])

        def failed(message: str, _err: BaseException) -> None:
            if shiboken6.isValid(self) and self._current_key() == key:
                self.picture.setText(message)

        self._runner.submit(ThumbnailTask(path, edge=PICTURE_EDGE), on_success=loaded, on_failure=failed)

    def _show_detail(self, key: str | None) -> None:
        if key is None:
            self.detail.clear()
            self.picture.hide()
            self.mask_button.setEnabled(False)
            return
        it = next(i for i in review_items(self._report, self.selection) if i.key == key)
        if it.group == FILE and not it.is_text_file:
            self._show_picture(key, it.path)
        else:
            self.picture.hide()
        if it.is_text_file:
            header = self.tr("{name} — a text file, sent as shown below ({size})").format(
                name=one_line(it.name), size=human_size(it.size))
            if key in self.selection.replaced:
                header += " " + self.tr("(masked: a copy is sent, your file is unchanged)")
            text = f"{header}\n\n{it.text}"
            self.detail.setPlainText(text)
            found = self.selection.findings(self._report, key, home=self._home)
            self._mark(found, len(text) - len(it.text))
            self.mask_button.setEnabled(bool(found) and self._can_mask(key))
            return
        if it.group == FILE and sent_as_original(self._report, key):
            text = f"{one_line(it.name)}\n{one_line(str(it.path))}\n{human_size(it.size)}\n" + self.tr(
                "Sent as the original file, not compressed: what leaves is this file as it is (with mark-up: the "
                "marked-up picture, as PNG)."
            )
            if it.text:
                text += "\n\n" + self.tr("Text drawn on this image (edit the mark-up to change it):") + "\n" + it.text
            self.detail.setPlainText(text)
            self._mark(self.selection.findings(self._report, key, home=self._home), len(text) - len(it.text))
            self.mask_button.setEnabled(False)
            return
        if it.group == FILE:
            text = f"{one_line(it.name)}\n{one_line(str(it.path))}\n{human_size(it.size)}\n" + self.tr(
                "Images are compressed before they are sent: what leaves is this picture, smaller, and its name "
                "may end in the format chosen (.webp, .png or .jpg)."
            )
            if it.text:
                # Mark-up text is drawn into the image too, so masking the JSON would not hide it.
                text += "\n\n" + self.tr("Text drawn on this image (edit the mark-up to change it):") + "\n" + it.text
            self.detail.setPlainText(text)
            offset = len(text) - len(it.text)
            self._mark(self.selection.findings(self._report, key, home=self._home), offset)
            self.mask_button.setEnabled(False)
            return
        if key == "field:severity":  # the wire value, as the form names it
            self.detail.setPlainText(self.tr("{label} (sent as “{value}”)").format(label=severity_label(it.text), value=it.text))
            self.mask_button.setEnabled(False)
            return
        self.detail.setPlainText(it.text)
        found = self.selection.findings(self._report, key, home=self._home)
        self._mark(found, 0)
        self.mask_button.setEnabled(bool(found))

    def _mark(self, found: list[sensitive.Finding], offset: int) -> None:
        """Highlight the findings in the detail view (``offset``: where the scanned text starts)."""
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd54f"))
        marks = []
        for f in found:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.detail.document())
            cursor.setPosition(offset + f.start)
            cursor.setPosition(offset + f.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            marks.append(sel)
        self.detail.setExtraSelections(marks)

    # -- slots -----------------------------------------------------------------
    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_changed(self, row: QTreeWidgetItem, column: int) -> None:
        key = row.data(NAME_COL, KEY_ROLE)
        if key is None or column != NAME_COL:
            return
        self.selection.set_included(key, row.checkState(NAME_COL) == Qt.CheckState.Checked)
        self._refresh_summary()

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._show_detail(current.data(NAME_COL, KEY_ROLE) if current is not None else None)

    @Slot()
    def _on_mask_button_clicked(self) -> None:
        key = self._current_key()
        if key is not None:
            self.mask_item(key)

    @Slot()
    def _on_mask_all_button_clicked(self) -> None:
        for key in self.flagged_keys():
            if self._can_mask(key):  # text drawn on an image is changed in the mark-up editor
                self.mask_item(key)

