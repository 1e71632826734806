"""Accessibility: every control has a name (own or a buddy label's) and keyboard access; Tab follows the form."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QWidget

from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.gui.i18n import install_translator, remove_translators
from bugzot_desktop.gui.review_dialog import ReviewDialog


def focusable(root: QWidget) -> list[QWidget]:
    """Controls a keyboard user can land on (visible, enabled, taking Tab focus)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(root) and w.isEnabled()
        and not isinstance(w, QMenu)
        and not (w.parentWidget() is not None and w.parentWidget().focusProxy() is w)  # a proxy speaks for its parent
    ]


def buddies(root: QWidget) -> dict[QWidget, QLabel]:
    return {label.buddy(): label for label in root.findChildren(QLabel) if label.buddy() is not None}


def spoken_name(w: QWidget) -> str:
    """What a screen reader announces (Qt falls back to the buddy label or the button text)."""
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&])", text)
    return m.group(1).lower() if m else None


def tab_chain(start: QWidget, root: QWidget) -> list[QWidget]:
    """The focus chain from ``start`` as Tab walks it (skipping what Tab cannot land on)."""
    chain, w = [], start
    for _ in range(500):
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(root) and w.isEnabled():
            chain.append(w)
        w = w.nextInFocusChain()
        if w is start:
            break
    return chain


def test_every_main_window_control_has_a_name_or_a_buddy_label(parts):
    w = parts.window
    labels = buddies(w)
    unnamed = []
    for control in focusable(w):
        own = control.accessibleName() or (control.text() if isinstance(control, QAbstractButton) else "")
        if not own.replace("&", "").strip() and control not in labels:
            unnamed.append(control.objectName() or type(control).__name__)
        if not spoken_name(control).strip():
            unnamed.append(f"{control.objectName() or type(control).__name__} (nothing announced)")
    assert unnamed == []


def test_every_buddy_label_has_a_unique_mnemonic(parts):
    w = parts.window
    letters = [mnemonic(label.text()) for label in buddies(w).values() if label.isVisibleTo(w)]
    assert None not in letters
    assert len(letters) == len(set(letters)), letters


def test_every_menu_and_menu_action_is_reachable_by_keyboard(parts):
    check_menus(parts.window)


def check_menus(w) -> None:
    missing = []
    titles = []
    for top in w.menuBar().actions():
        if mnemonic(top.text()) is None:
            missing.append(top.text())
        titles.append(mnemonic(top.text()))
        for action in top.menu().actions():
            if action.isSeparator():
                continue
            if mnemonic(action.text()) is None and action.shortcut().isEmpty():
                missing.append(f"{top.text()} → {action.text()}")
    assert missing == []
    assert len(titles) == len(set(titles)), titles
    for top in w.menuBar().actions():
        letters = [mnemonic(a.text()) for a in top.menu().actions() if not a.isSeparator() and mnemonic(a.text())]
        assert len(letters) == len(set(letters)), (top.text(), letters)
    # Alt+letter of a menu and of a form label must differ: German Alt+R, Alt+A, Alt+H went to a field
    # first and opened the menu only on the next press (QA, keyboard only)
    fields = {mnemonic(label.text()) for label in buddies(w).values() if label.isVisibleTo(w)}
    assert fields.isdisjoint(titles), (sorted(fields & set(titles)), titles)


def test_german_keeps_every_mnemonic_unique(qapp, build_app):
    translators = install_translator(qapp, "de")
    try:
        w = build_app().window
        assert w.menuBar().actions()[0].text() == "Be&richt"
        letters = [mnemonic(label.text()) for label in buddies(w).values() if label.isVisibleTo(w)]
        assert None not in letters and len(letters) == len(set(letters)), letters
        check_menus(w)
    finally:
        remove_translators(qapp, translators)


def test_the_buttons_are_keyboard_reachable(parts):
    w = parts.window
    chain = tab_chain(w.form.ui.titleEdit, w)
    for button in (w.capture_button, w.attach_button, w.submit_button):
        assert button in chain
    # and every action on a button also has a shortcut (the buttons mirror the actions)
    assert not w.submit_action.shortcut().isEmpty()
    assert not w.attach_action.shortcut().isEmpty()
    assert not w.capture_action.shortcut().isEmpty()


def test_tab_key_walks_the_form_top_to_bottom(qtbot, parts):
    w = parts.window
    w.activateWindow()
    w.form.ui.titleEdit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.form.ui.titleEdit)
    seen = [QApplication.focusWidget()]
    for _ in range(10):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    ui = w.form.ui
    assert seen == [
        ui.titleEdit, ui.severityCombo, ui.componentEdit, ui.descriptionEdit, ui.stepsEdit,
        ui.expectedEdit, ui.actualEdit, w.attachments, w.capture_button, w.attach_button, w.submit_button,
    ]


def test_form_text_boxes_let_tab_leave(parts):
    ui = parts.window.form.ui
    for edit in (ui.descriptionEdit, ui.stepsEdit, ui.expectedEdit, ui.actualEdit):
        assert edit.tabChangesFocus(), edit.objectName()


def test_review_dialog_is_named_and_tab_ordered(qtbot, tmp_path):
    shot = tmp_path / "a.png"
    shot.write_bytes(b"png")
    dlg = ReviewDialog(Report(title="t", description="mail x@y.example", attachments=[Attachment(shot)]))
    qtbot.addWidget(dlg)
    dlg.tree.setCurrentItem(dlg.item("field:description"))  # flagged: Mask is enabled
    labels = buddies(dlg)
    for control in focusable(dlg):
        assert control.accessibleName() or control in labels or (isinstance(control, QAbstractButton) and control.text()), control
    assert tab_chain(dlg.tree, dlg) == [dlg.tree, dlg.detail, dlg.mask_button, dlg.mask_all_button, dlg.send_button, dlg.cancel_button]
    letters = [mnemonic(t) for t in (labels[dlg.tree].text(), labels[dlg.detail].text(), dlg.mask_button.text(),
                                      dlg.mask_all_button.text(), dlg.send_button.text())]
    assert len(set(letters)) == 5 and None not in letters


def test_report_dialog_mnemonics_are_unique_in_english_and_german(qtbot, qapp):
    from bugzot_desktop.gui.report_dialog import ReportDialog

    def letters(dlg):
        texts = [label.text() for label in buddies(dlg).values()] + [dlg.submit_button.text()]
        found = [mnemonic(t) for t in texts]
        assert None not in found, texts
        return found

    dlg = ReportDialog(Report(title="t"))
    qtbot.addWidget(dlg)
    english = letters(dlg)
    assert len(english) == len(set(english)), english
    translators = install_translator(qapp, "de")
    try:
        dlg_de = ReportDialog(Report(title="t"))
        qtbot.addWidget(dlg_de)
        german = letters(dlg_de)
        assert dlg_de.submit_button.text() == "Absen&den …"
        assert len(german) == len(set(german)), german
    finally:
        remove_translators(qapp, translators)


def test_review_items_untick_with_the_space_key(qtbot):
    dlg = ReviewDialog(Report(title="t", environment={"os": "Linux", "locale": "C"}))
    qtbot.addWidget(dlg)
    dlg.tree.setCurrentItem(dlg.item("environment:locale"))
    QTest.keyClick(dlg.tree, Qt.Key.Key_Space)
    assert dlg.item("environment:locale").checkState(0) == Qt.CheckState.Unchecked
    assert dlg.reviewed_report().environment == {"os": "Linux"}
    dlg.tree.setCurrentItem(dlg.item("field:title"))  # required: Space changes nothing
    QTest.keyClick(dlg.tree, Qt.Key.Key_Space)
    assert dlg.item("field:title").checkState(0) == Qt.CheckState.Checked
