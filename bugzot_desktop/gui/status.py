"""The status bar: StatusPresenter decides what to say, StatusLine shows it.

The presenter listens to the outbox flusher and the composer and turns their
events into one calm line, a progress value and a count of waiting reports.
The line holds the latest message only; a new message replaces the old one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QSizePolicy, QStatusBar, QWidget

from bugzot_desktop.core.text import bidi_escaped
from bugzot_desktop.tasks.messages import translated


def waiting_line(n: int) -> str:
    """The offline line, e.g. "3 reports waiting; they will be sent when the server is reachable"."""
    if n == 1:
        return QCoreApplication.translate("StatusPresenter", "1 report waiting; it will be sent when the server is reachable")
    return QCoreApplication.translate("StatusPresenter", "%1 reports waiting; they will be sent when the server is reachable").replace("%1", str(n))


def ready_line(server_url: str) -> str:
    """The line at start: where reports go."""
    return QCoreApplication.translate(
        "StatusPresenter", "Ready. Reports go to %1; they wait in the outbox whenever it cannot be reached."
    ).replace("%1", server_url)


def settings_saved_line() -> str:
    return QCoreApplication.translate("StatusPresenter", "Settings saved.")


def settings_not_saved_line(message: str) -> str:
    return QCoreApplication.translate(
        "StatusPresenter", "Settings could not be saved: %1 They apply until you quit."
    ).replace("%1", message)


def preparing_line() -> str:
    return QCoreApplication.translate("StatusPresenter", "Preparing the attachment…")


def _untitled() -> str:
    return QCoreApplication.translate("StatusPresenter", "no title yet")


def count_text(n: int) -> str:
    return "" if n <= 0 else QCoreApplication.translate("StatusPresenter", "%1 waiting").replace("%1", str(n))


class StatusPresenter(QObject):
    """Turns delivery events into status text.

    Signals: message_changed(str) — rich text (may hold a link);
    count_changed(str) — "N waiting" or ""; progress_changed(int percent) — -1 hides the bar.
    """

    message_changed = Signal(str)
    count_changed = Signal(str)
    progress_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, attention: Callable[[str], list[str]] | None = None) -> None:
        super().__init__(parent)
        self._attention = attention  # client id -> what the user should hear of how its files went out
        self._pending = 0
        self._online = True
        self.message = ""
        self.count = ""
        self.percent = -1
        self._problem = ""  # a problem with the attachments being prepared now: note() does not hide it
        self._back_in_form = ""  # "“X” is back in the form", repeated after the edit's "saved" line
        self.details = ""  # the longer text behind the line's "Details…" link (each refused file's reason)
        self.details_title = ""  # its box's title and first line; "" for the refused files' ("Not attached")
        self.details_intro = ""

    def _say(self, text: str, *, problem: bool = False) -> None:
        text = bidi_escaped(text)  # a name with U+202E in it reversed the rest of the line
        self._problem = text if problem else ""
        self.message = text
        self.message_changed.emit(text)

    def note(self, text: str) -> None:
        """A minor line (e.g. "Attached x.png"); it replaces the line, except a problem with the files being
        prepared in the same go (one file of several refused), which stays until the user does something new."""
        if not self._problem:
            self._say(html.escape(text))

    def clear(self) -> None:
        """Empty the line (a new action starts; the old line would be stale)."""
        self._say("")

    def _set_percent(self, percent: int) -> None:
        self.percent = percent
        self.progress_changed.emit(percent)

    # -- from the flusher ---------------------------------------------------------
    @Slot(int)
    def _on_flusher_pending_count_changed(self, n: int) -> None:
        self._pending = n
        self.count = count_text(n)
        self.count_changed.emit(self.count)
        if not self._online and n:
            self._say(html.escape(waiting_line(n)))

    @Slot(bool)
    def _on_flusher_online_changed(self, online: bool) -> None:
        self._online = online
        if not online:
            self._set_percent(-1)
            if self._pending:
                self._say(html.escape(waiting_line(self._pending)))
            else:
                self._say(html.escape(QCoreApplication.translate("StatusPresenter", "The server is not reachable; new reports will wait in the outbox")))
        elif self._pending:
            self._say(html.escape(QCoreApplication.translate("StatusPresenter", "The server is reachable again; sending waiting reports…")))

    @Slot(str, object, object)
    def _on_flusher_progress(self, _client_id: str, done: object, total: object) -> None:
        try:
            percent = int(100 * float(done) / float(total)) if total else 0  # type: ignore[arg-type]
        except (TypeError, ValueError):
            percent = 0
        self._set_percent(max(0, min(100, percent)))
        self._say(html.escape(QCoreApplication.translate("StatusPresenter", "Sending report… %1%").replace("%1", str(self.percent))))

    @Slot(str, str)
    def _on_flusher_report_sent(self, _client_id: str, url: str) -> None:
        self._set_percent(-1)
        link = f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
        notes = self._attention(_client_id) if self._attention is not None else []
        line = html.escape(QCoreApplication.translate("StatusPresenter", "Report sent:")) + " " + link
        if notes:
            # The sentences go behind "Details…": the line keeps the link whole and stays short.
            names = [str(getattr(n, "args", {}).get("name", "")) for n in notes]
            shown = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
            self.details = "\n\n".join(translated(n) for n in notes)
            self.details_title = QCoreApplication.translate("ProblemDetails", "Sent, with a note")
            self.details_intro = QCoreApplication.translate("ProblemDetails", "How these files went out:")
            line += " — " + html.escape(QCoreApplication.translate("StatusPresenter", "a note on %1:").replace("%1", shown))
            line += f' <a href="{DETAILS_LINK}">{html.escape(QCoreApplication.translate("StatusPresenter", "Details…"))}</a>'
        self._say(line)

    @Slot(str, str)
    def _on_flusher_report_deferred(self, _client_id: str, message: str) -> None:
        self._set_percent(-1)
        if not self._online:
            self._say(html.escape(waiting_line(max(1, self._pending))))
            return
        self._say(html.escape(
            QCoreApplication.translate("StatusPresenter", "Not sent yet: %1 The report waits in the outbox and will be tried again by itself.").replace("%1", message)
        ))

    @Slot(str, str)
    def _on_flusher_report_failed(self, _client_id: str, reason: str) -> None:
        self._set_percent(-1)
        self._say(html.escape(
            QCoreApplication.translate("StatusPresenter", "The server refused a report: %1 It is kept in the Outbox (Ctrl+Shift+O), where you can edit it and send it again.")
            .replace("%1", reason)
        ))

    # -- from the composer -------------------------------------------------------------
    @Slot(str)
    def _on_composer_submitted(self, _client_id: str) -> None:
        if self._online:
            line = QCoreApplication.translate("StatusPresenter", "Report saved in the outbox; sending…")
        else:
            line = waiting_line(max(1, self._pending + 1))
        back, self._back_in_form = self._back_in_form, ""
        self._say(html.escape(f"{line} {back}" if back else line))

    @Slot(str)
    def _on_composer_parked(self, title: str) -> None:
        self._say(html.escape(QCoreApplication.translate(
            "StatusPresenter", "The report you were writing (“%1”) is set aside; it comes back when you save or "
            "stop editing this one.").replace("%1", title or _untitled())))

    @Slot(str)
    def _on_composer_unparked(self, title: str) -> None:
        back = QCoreApplication.translate("StatusPresenter", "“%1” is back in the form.").replace("%1", title or _untitled())
        self._back_in_form = back  # said again after "saved in the outbox", which follows shortly
        self._say(html.escape(back))

    @Slot(str)
    def _on_composer_submit_failed(self, message: str) -> None:
        self._say(html.escape(message), problem=True)

    @Slot(str, str)
    def _on_composer_problem(self, message: str, details: str = "") -> None:
        self.details = details
        self.details_title = self.details_intro = ""
        line = html.escape(message)
        if details:
            line += f' <a href="{DETAILS_LINK}">{html.escape(QCoreApplication.translate("StatusPresenter", "Details…"))}</a>'
        self._say(line, problem=True)

    @Slot(bool)
    def _on_composer_busy_changed(self, busy: bool) -> None:
        if busy:
            # New attachments are being prepared: an older problem line is stale now.
            self._say(html.escape(preparing_line()))
        elif self.message == html.escape(preparing_line()):
            self._say("")
        # a problem line stays until something else is said

    def say(self, text: str) -> None:
        """Any other plain-text line (escaped here)."""
        self._say(html.escape(text))


DETAILS_LINK = "#details"
FULL_LINK = "#full"  # the whole of a line too long for the status bar


class ProblemDetails:
    """The text behind a status line's "Details…" or "More…" link, in a message box (tests replace :meth:`show`)."""

    @classmethod
    def show(cls, parent: QWidget | None, text: str, *, whole_line: bool = False, title: str = "", intro: str = "") -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        if whole_line:
            box.setWindowTitle(QCoreApplication.translate("ProblemDetails", "Status"))
            box.setText(text)
        else:
            box.setWindowTitle(title or QCoreApplication.translate("ProblemDetails", "Not attached"))
            box.setText(intro or QCoreApplication.translate("ProblemDetails", "These files were not attached:"))
            box.setInformativeText(text)
        box.exec()


class _LinkLabel(QLabel):
    """A status-bar label whose links Tab reaches: a stop only while it has a link, and coming in with
    Tab or Shift+Tab chooses its first link, so Return opens it at once; Tab goes on through its links,
    Shift+Tab leaves it. A plain QLabel took a Tab of its own with no link chosen and nothing shown, a
    second Tab for the link, and kept Shift+Tab on its own link (QA)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name; every caller is ours
        super().setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if "<a " in text else Qt.FocusPolicy.NoFocus)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            super().focusNextPrevChild(True)  # from no link chosen: the first

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802 - Qt override
        return super().focusNextPrevChild(True) if next_ else QWidget.focusNextPrevChild(self, False)


class StatusLine(QStatusBar):
    """Shows the presenter's line (links open in the browser), a progress bar and the waiting count.

    Signals: count_clicked() — the user clicked the waiting count (opens the outbox).
    """

    count_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = _LinkLabel(self)
        self.message_label.setOpenExternalLinks(False)  # a report's URL opens in the browser; "Details…" here
        self.message_label.linkActivated.connect(self._on_message_label_linkActivated)
        self._presenter: StatusPresenter | None = None
        self.full_html = ""  # the presenter's whole line; the label may show it shortened (_fit_message)
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setAccessibleName(self.tr("Status"))
        self.message_label.setWordWrap(False)
        # A long message must never widen the window: the label takes the width it is given
        # (the rest is cut off) and its tooltip holds the whole text.
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message_label.setMinimumWidth(0)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.setAccessibleName(self.tr("Send progress"))
        self.progress.setVisible(False)
        self.count_label = _LinkLabel(self)
        self.count_label.setAccessibleName(self.tr("Reports waiting"))
        self.count_label.setTextFormat(Qt.TextFormat.RichText)
        self.count_label.linkActivated.connect(self._on_count_label_linkActivated)
        # Tab reaches the links (Details…, More…, a report's address, the waiting count) and Return opens
        # them; a label's links were for the mouse only.
        for label in (self.message_label, self.count_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # until it shows a link (_LinkLabel.setText)
        self.addWidget(self.message_label, 1)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.count_label)

    @Slot(str)
    def _on_presenter_message_changed(self, text: str) -> None:
        self.full_html = text
        self._fit_message()
        tip = html.unescape(re.sub(r"<[^>]+>", "", text))
        if DETAILS_LINK in text and self._presenter is not None and self._presenter.details:
            tip = tip.removesuffix(QCoreApplication.translate("StatusPresenter", "Details…")).rstrip()
            tip += "\n\n" + self._presenter.details
        self.message_label.setToolTip(tip)

    @Slot(str)
    def _on_presenter_count_changed(self, text: str) -> None:
        self.count_label.setText(f'<a href="outbox">{html.escape(text)}</a>' if text else "")

    @Slot(int)
    def _on_presenter_progress_changed(self, percent: int) -> None:
        self.progress.setVisible(percent >= 0)
        if percent >= 0 and percent != self.progress.value():
            # QProgressBar.setValue repaints at once (synchronously): on X11 the GUI thread then waits for the
            # X server, which a busy machine may not run for a frame or two (bench/ui_stall.py under Xvfb:
            # 17-35 ms stalls here). With updates off it only records the value; turning them on schedules
            # an ordinary paint with the next frame.
            self.progress.setUpdatesEnabled(False)
            self.progress.setValue(percent)
            self.progress.setUpdatesEnabled(True)

    @Slot(str)
    def _on_count_label_linkActivated(self, _link: str) -> None:
        self.count_clicked.emit()

    def _fit_message(self) -> None:
        """The line as it fits: a plain line wider than the label ends in "…" and a More… link to the whole
        of it (a clipped sentence would hide what to do); lines with links (the report URL) stay as they are."""
        text = self.full_html
        label = self.message_label
        plain = html.unescape(re.sub(r"<[^>]+>", "", text))
        fm = label.fontMetrics()
        avail = label.width() - 8
        if avail <= 0 or fm.horizontalAdvance(plain) <= avail:
            label.setText(text)
            return
        details = f' <a href="{DETAILS_LINK}">'
        if details in text and "<a " in text.partition(details)[0]:
            label.setText(text)  # "Report sent: URL — a note on …: Details…": both links must stay whole
            return
        if details in text:  # keep the Details… link visible; shorten what comes before it
            head, _, rest = text.partition(details)
            link_html, link_text = details + rest, html.unescape(re.sub(r"<[^>]+>", "", rest))
        elif "<a " in text:
            label.setText(text)  # a report URL: the line is short, and the link must stay whole
            return
        else:
            head, link_text = text, QCoreApplication.translate("StatusLine", "More…")
            link_html = f' <a href="{FULL_LINK}">{html.escape(link_text)}</a>'
        head_plain = html.unescape(re.sub(r"<[^>]+>", "", head))
        room = max(0, avail - fm.horizontalAdvance(" " + link_text) - 4)
        label.setText(html.escape(fm.elidedText(head_plain, Qt.TextElideMode.ElideRight, room)) + link_html)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_message()

    @Slot(str)
    def _on_message_label_linkActivated(self, link: str) -> None:
        if link == DETAILS_LINK:
            if self._presenter is not None and self._presenter.details:
                p = self._presenter
                ProblemDetails.show(self.window(), p.details, title=p.details_title, intro=p.details_intro)
            return
        if link == FULL_LINK:
            ProblemDetails.show(self.window(), html.unescape(re.sub(r"<[^>]+>", "", self.full_html)), whole_line=True)
            return
        QDesktopServices.openUrl(QUrl(link))

    def connect_presenter(self, presenter: StatusPresenter) -> None:
        self._presenter = presenter
        presenter.message_changed.connect(self._on_presenter_message_changed)
        presenter.count_changed.connect(self._on_presenter_count_changed)
        presenter.progress_changed.connect(self._on_presenter_progress_changed)
