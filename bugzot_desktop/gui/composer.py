"""ReportComposer: decides what the report being written is; the widgets only show it.

It owns the attachments (staged off the GUI thread), the draft autosave, and the
Submit path (validate → outbox in a pool thread → kick the flusher). It holds no
widget; the main window connects its signals to the form and the attachment list.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from bugzot_desktop import APP_NAME, __version__
from bugzot_desktop.core.drafts import DraftStore, is_blank
from bugzot_desktop.core.environment import collect_environment, merge
from bugzot_desktop.core.report import Attachment, Report, new_client_id
from bugzot_desktop.tasks.enqueue_task import EnqueueTask
from bugzot_desktop.tasks.environment import qt_facts
from bugzot_desktop.tasks.flatten import FlattenTask
from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner
from bugzot_desktop.tasks.staging import SaveImageTask, Thumbnail, ThumbnailTask

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 2000
AUTOSAVE_MAX_WAIT_MS = 8000  # typing without a pause still reaches the draft this often


@dataclass
class _Item:
    attachment: Attachment
    thumbnail: QImage = field(default_factory=QImage)
    kind: str = "image"  # or "text" (core/filetypes.py): no mark-up for text
    seq: int = 0  # when the user asked for it: the list is kept in this order, not in the order checks finish


def forget_draft(drafts: DraftStore, draft_seq: int, staged: list[Path]) -> None:
    """After the outbox has the report (it copied every file first): drop the draft and the staged copies."""
    drafts.discard(seq=draft_seq)
    drafts.remove_staged(staged)


def default_environment() -> dict[str, Any]:
    """This process's environment (small reads; run where the Qt facts can be read)."""
    return merge(collect_environment(APP_NAME, __version__), qt_facts())


class ReportComposer(QObject):
    """The report being composed: attachments, drafts and Submit.

    Signals:
      attachment_added(int row, object Attachment, QImage thumbnail)
      attachment_changed(int row, object Attachment, QImage thumbnail)
      attachment_removed(int row)
      attached(str names) — the user added these attachments (file, capture, paste, drop), once per go:
        every name of the go, in the order picked, joined by ", "
      attachments_reset() — the list was replaced (cleared, draft or outbox entry loaded)
      fields_loaded(dict) — put these values into the form (draft restored, report loaded for editing)
      problem(str message, str details) — something the user should read (refused files), with what
        was kept; several files refused in one go come as one line naming them, each reason in ``details``
      busy_changed(bool) — attachments are being prepared; Submit waits for them
      submitted(str client_id) — the report is safe in the outbox
      submit_failed(str message) — it is not; the form was given back unchanged
      editing_changed(str) — client_id of the waiting report being edited, or ""
      draft_saved()
      parked(str title) — the report being written was set aside for an edit (kept on disk)
      unparked(str title) — it is back in the form
    """

    attachment_added = Signal(int, object, QImage)
    attachment_changed = Signal(int, object, QImage)
    attachment_removed = Signal(int)
    attached = Signal(str)
    attachments_reset = Signal()
    fields_loaded = Signal(dict)
    problem = Signal(str, str)
    busy_changed = Signal(bool)
    submitted = Signal(str)
    submit_failed = Signal(str)
    editing_changed = Signal(str)
    draft_saved = Signal()
    parked = Signal(str)
    unparked = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        outbox: Any,
        drafts: DraftStore,
        *,
        kick: Callable[[], None] | None = None,
        environment: Callable[[], dict[str, Any]] = default_environment,
        autosave_delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._outbox = outbox
        self._drafts = drafts
        self._kick = kick or (lambda: None)
        self._environment = environment
        self._items: list[_Item] = []
        self._pending = 0
        self._refusals: list[tuple[str, str, int]] = []  # (reason, file name, seq) of files refused in this go
        self._announced: list[tuple[int, str]] = []  # (seq, file name) of files attached in this go
        self._fields: dict[str, str] = {}
        self._editing = ""  # client_id of a waiting report loaded for editing
        self._parked: Report | None = None  # the new report set aside while a waiting one is edited
        self._client_id = new_client_id()
        self._epoch = 0  # bumped when the list is replaced, so late thumbnails are dropped
        self._checking: dict[Path, int] = {}  # resolved paths being checked by add_files (duplicates wait on these)
        self._next_seq = 0  # hands out _Item.seq at request time
        self._draft_problem_said = False  # a failing draft save is said once, until one works again
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_delay_ms)
        self._autosave.timeout.connect(self._on_autosave_timeout)
        self._unsaved_since = 0.0  # monotonic time of the first change the pending autosave covers
        # Captures on disk whose check is still running (seq -> attachment): in the draft already, so a
        # crash before the check ends cannot leave them to the start-up sweep.
        self._unchecked: dict[int, Attachment] = {}
        # Mark-up being flattened (seq -> (original, mark-up)): the draft keeps it as "to flatten", so a
        # crash during a seconds-long flatten loses no drawing; a restored one is flattened again.
        self._marking: dict[int, tuple[Path, dict[str, Any], int]] = {}  # ... and which flatten is the newest
        self._flattens = 0  # numbers each flatten: only the newest of a row may swap its result in
        self._reflatten: dict[int, dict[str, Any]] = {}  # restored attachments whose mark-up awaits its flatten
        self._removed: list[list[_Item]] = []  # each removal, for undo_remove (the newest last)

    # -- state ----------------------------------------------------------------
    @property
    def attachments(self) -> list[Attachment]:
        return [i.attachment for i in self._items]

    @property
    def busy(self) -> bool:
        return self._pending > 0

    @property
    def staging_dir(self) -> Path:
        """Where captures, pastes and the review's masked copies are kept until the outbox has them."""
        return self._drafts.staging_dir

    @property
    def editing(self) -> str:
        return self._editing

    def is_image(self, row: int) -> bool:
        """Whether attachment ``row`` is an image (only images can be marked up; text files cannot)."""
        return 0 <= row < len(self._items) and self._items[row].kind == "image"

    def autosave_pending(self) -> bool:
        return self._autosave.isActive()

    def _set_pending(self, delta: int) -> None:
        was = self.busy
        self._pending += delta
        if was != self.busy:
            self.busy_changed.emit(self.busy)
        if not self.busy and self._announced:
            # One line for the go: "Attached a.png, b.png, c.png." (per file, only the last would stay).
            names, self._announced = [n for _seq, n in sorted(self._announced)], []
            self.attached.emit(", ".join(names))
        if not self.busy and self._refusals:
            self._report_refusals()

    def _report_refusals(self) -> None:
        """One line for every file refused in this go: its reason, or the names and a list of reasons."""
        reasons, self._refusals = sorted(self._refusals, key=lambda r: r[2]), []  # in the order the user picked
        unchanged = self.tr("Everything else in the report is unchanged.")
        if len(reasons) == 1:
            self.problem.emit(f"{reasons[0][0]} {unchanged}", "")
            return
        names = [r[1] for r in reasons if r[1]]
        line = (self.tr("%1 files were not attached (%2). %3")
                .replace("%1", str(len(reasons))).replace("%2", ", ".join(names)).replace("%3", unchanged))
        self.problem.emit(line, "\n".join(r[0] for r in reasons))

    @property
    def runner(self) -> TaskRunner:
        """The pool the composer's work runs on (dialogs it opens load their pictures there too)."""
        return self._runner

    # -- attachments --------------------------------------------------------------
    def add_files(self, paths: list[str | Path]) -> None:
        """Check each file is an image or plain text (core/filetypes.py) and attach it; refusals name the file.

        The files keep the order given, however long each one's check takes.
        """
        # Files still being checked count too: a second drop of the same file arrives before the first check ends.
        attached = {self._resolved(a.path) for a in self.attachments} | set(self._checking)
        again = []
        for p in paths:
            key = self._resolved(Path(p))
            if key in attached:
                again.append(Path(p).name)  # the same file twice would be sent twice
                continue
            attached.add(key)
            self._checking[key] = self._checking.get(key, 0) + 1
            self._thumbnail(Attachment(path=Path(p)), seq=self._take_seq(), announce=True,
                            on_checked=lambda key=key, epoch=self._epoch: self._done_checking(key, epoch))
        if again:
            self.problem.emit(self.tr("Already attached, so not added again: %1.").replace("%1", ", ".join(again)), "")

    def _done_checking(self, key: Path, epoch: int) -> None:
        if epoch != self._epoch:
            return  # counted in a list that has been replaced since
        left = self._checking.get(key, 0) - 1
        if left > 0:
            self._checking[key] = left
        else:
            self._checking.pop(key, None)

    @staticmethod
    def _resolved(path: Path) -> Path:
        try:
            return path.resolve()
        except OSError:
            return path

    def _take_seq(self) -> int:
        self._next_seq += 1
        return self._next_seq

    def add_image(self, image: QImage, stem: str) -> None:
        """Save a captured or pasted image in the staging dir (off the GUI thread), then attach it."""
        self._set_pending(+1)
        seq = self._take_seq()  # its place is where the user asked for it, not when the save finishes

        def saved(path: Path) -> None:
            attachment = Attachment(path=path, source_path=path)
            self._unchecked[seq] = attachment
            self._save_now()  # on disk: into the draft before its check (~0.5 s for 4K) can be cut short
            self._thumbnail(attachment, seq=seq, announce=True, on_checked=lambda: self._unchecked.pop(seq, None))

        def failed(message: str, _err: BaseException) -> None:
            self.problem.emit(self.tr("The image could not be saved, so it was not attached: %1").replace("%1", message), "")

        self._runner.submit(
            SaveImageTask(image, self._drafts.staging_dir, stem),
            on_success=saved,
            on_failure=failed,
            on_finished=lambda: self._set_pending(-1),
        )

    def _row_of(self, seq: int) -> int | None:
        return next((row for row, item in enumerate(self._items) if item.seq == seq), None)

    def _thumbnail(self, attachment: Attachment, *, seq: int, replacing: bool = False, announce: bool = False,
                   on_checked: Callable[[], None] | None = None) -> None:
        """Check ``attachment`` and make its thumbnail off the GUI thread.

        A new attachment goes in at the place ``seq`` gives it among the others (the order the
        user picked them), not at the end when its check happens to finish; ``replacing``
        updates the row that already holds ``seq``.
        """
        self._set_pending(+1)
        epoch = self._epoch

        def made(thumb: Thumbnail) -> None:
            if epoch != self._epoch:
                return  # the list was cleared or replaced meanwhile
            if replacing:
                row = self._row_of(seq)
                if row is None:
                    return  # removed meanwhile
                self._items[row] = _Item(attachment, thumb.image, thumb.kind, seq)
                self.attachment_changed.emit(row, attachment, thumb.image)
            else:
                row = sum(1 for item in self._items if item.seq < seq)
                self._items.insert(row, _Item(attachment, thumb.image, thumb.kind, seq))
                self.attachment_added.emit(row, attachment, thumb.image)
                if announce:
                    self._announced.append((seq, attachment.filename))  # said when this go is done (_set_pending)
                if seq in self._reflatten:
                    self.apply_markup(row, self._reflatten.pop(seq))
                    return  # apply_markup saved the draft
            # A capture or a mark-up is work that cannot be typed again: into the draft now, not after
            # the typing debounce (a crash in those seconds left the screenshot out of the restored draft).
            self._save_now()

        def refused(message: str, _err: BaseException) -> None:
            if epoch != self._epoch:
                return
            if replacing:
                row = self._row_of(seq)
                if row is None:
                    return
                # Keep the attachment (it was accepted before); only the picture is missing.
                self._items[row] = _Item(attachment, kind=self._items[row].kind, seq=seq)
                self.attachment_changed.emit(row, attachment, QImage())
                return
            self._refusals.append((message, attachment.filename, seq))  # said when this go is done (_set_pending)

        def finished() -> None:
            if on_checked is not None:
                on_checked()
            self._set_pending(-1)

        self._runner.submit(ThumbnailTask(attachment.path), on_success=made, on_failure=refused, on_finished=finished)

    def remove(self, rows: list[int]) -> list[str]:
        """Remove attachments (the user's own files stay where they are); :meth:`undo_remove` brings them
        back until the list is replaced. Returns the names removed."""
        removed: list[_Item] = []
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._items):
                removed.append(self._items.pop(row))
                self.attachment_removed.emit(row)
        if removed:
            self._removed.append(removed[::-1])
        self._save_now()  # a removed screenshot must not come back with a restored draft
        return [item.attachment.filename for item in removed[::-1]]

    def can_undo_remove(self) -> bool:
        return bool(self._removed)

    def undo_remove(self) -> tuple[list[str], list[str]]:
        """Put the attachments of the last removal back, each at its place among the others (a capture
        cannot be taken again: Del or Backspace on the list had no way back).

        Returns (names put back, names left out because the same file was attached again meanwhile:
        it would be sent twice). Each thumbnail is made again from the file as it is now (a mark-up that
        finished while it was removed; a file deleted meanwhile shows no picture, and Submit says so)."""
        if not self._removed:
            return [], []
        back = self._removed.pop()
        attached = {self._resolved(a.path) for a in self.attachments} | set(self._checking)
        restored: list[str] = []
        again: list[str] = []
        for item in back:
            key = self._resolved(item.attachment.path)
            if key in attached:
                again.append(item.attachment.filename)
                continue
            attached.add(key)
            row = sum(1 for other in self._items if other.seq < item.seq)
            self._items.insert(row, item)
            self.attachment_added.emit(row, item.attachment, item.thumbnail)
            self._thumbnail(item.attachment, seq=item.seq, replacing=True)
            restored.append(item.attachment.filename)
        self._save_now()
        return restored, again

    def _awaiting_undo(self, seq: int) -> tuple[list[_Item], int] | None:
        """Where a removed attachment waits for undo_remove, if it does."""
        for group in self._removed:
            for i, item in enumerate(group):
                if item.seq == seq:
                    return group, i
        return None

    def replace(self, row: int, attachment: Attachment) -> None:
        """Swap in a changed attachment (e.g. after mark-up); its thumbnail is remade off the GUI thread."""
        if 0 <= row < len(self._items):
            old = self._items[row]
            self._items[row] = _Item(attachment, old.thumbnail, old.kind, old.seq)
            self._thumbnail(attachment, seq=old.seq, replacing=True)

    def apply_markup(self, row: int, markup: dict[str, Any], *, on_done: Callable[[str], None] | None = None) -> None:
        """Flatten ``markup`` onto row's original in the pool, then swap the result in (like :meth:`replace`).

        On a large image the flatten and its PNG write take seconds (64 MP: ~10 s); the form stays
        usable meanwhile and Submit waits for it like for any attachment still being prepared.
        ``on_done(filename)`` runs once the marked-up copy is attached.
        """
        if not 0 <= row < len(self._items):
            return
        item = self._items[row]
        att, seq, epoch = item.attachment, item.seq, self._epoch
        source = att.source_path or att.path
        out = self.marked_path(source)
        self._set_pending(+1)
        self._flattens += 1
        number = self._flattens
        self._marking[seq] = (source, markup, number)
        self._save_now()  # the drawing is in the draft before the flatten starts

        def newest() -> bool:
            return epoch == self._epoch and self._marking.get(seq, (None, None, 0))[2] == number

        def flattened(path: Path) -> None:
            now = self._row_of(seq) if newest() else None
            waiting = self._awaiting_undo(seq) if newest() and now is None else None
            if waiting is not None:  # removed meanwhile, but Undo may bring it back: with this drawing
                group, i = waiting
                group[i] = dataclasses.replace(group[i], attachment=dataclasses.replace(
                    group[i].attachment, path=Path(path), markup=markup, source_path=source))
                return
            if now is None:  # cleared, or drawn on again meanwhile: this copy is nobody's
                self._drafts.remove_staged([path])
                return
            # replace() remakes the thumbnail; when it is in, the draft is saved at once (_thumbnail).
            self.replace(now, dataclasses.replace(self._items[now].attachment, path=Path(path), markup=markup,
                                                  source_path=source))
            if on_done is not None:
                on_done(att.filename)

        def failed(message: str, _err: BaseException) -> None:
            if not newest():
                return  # a newer drawing is on its way; this one's failure changes nothing
            self.problem.emit(self.tr("The mark-up could not be applied to %1: %2 The attachment is unchanged.")
                              .replace("%1", att.filename).replace("%2", message), "")
            self._marking.pop(seq, None)
            self._save_now()  # the draft says "unchanged" too

        def finished() -> None:
            if newest():
                self._marking.pop(seq, None)
            self._set_pending(-1)

        self._runner.submit(FlattenTask(source, markup, out), on_success=flattened, on_failure=failed,
                            on_finished=finished)

    def markup_of(self, row: int) -> tuple[Path, dict[str, Any] | None] | None:
        """(the unmarked original, the newest mark-up) of ``row`` for the editor, or None.

        The newest is the one being flattened or waiting to be flattened again (after a restore),
        not yet the attachment's own: reopening then showed an older drawing, and Done sent it."""
        if not 0 <= row < len(self._items):
            return None
        item = self._items[row]
        if item.seq in self._marking:
            source, markup, _number = self._marking[item.seq]
            return source, markup
        att = item.attachment
        return (att.source_path or att.path, self._reflatten.get(item.seq, att.markup))

    def set_send_original(self, rows: list[int], on: bool) -> list[str]:
        """Send these attachments as their original files (not compressed), or compressed again.

        The original stays in the staging folder (then the outbox) until the report is sent, like
        every attachment. Returns the names changed; the list row updates through ``attachment_changed``.
        """
        changed = []
        for row in sorted(set(rows)):
            if 0 <= row < len(self._items) and self._items[row].attachment.send_original != on:
                item = self._items[row]
                att = dataclasses.replace(item.attachment, send_original=on)
                self._items[row] = _Item(att, item.thumbnail, item.kind, item.seq)
                self.attachment_changed.emit(row, att, item.thumbnail)
                changed.append(att.filename)
        if changed:
            self._save_now()
        return changed

    def marked_path(self, source: Path) -> Path:
        """Where the mark-up editor writes the flattened copy of ``source`` (a new staging file)."""
        return self._drafts.staging_dir / f"{Path(source).stem}-marked-{uuid.uuid4().hex[:8]}.png"

    def _reset(self, attachments: list[Attachment]) -> None:
        self._epoch += 1
        # What was removed from the old list does not go into the new one: its captures and mark-ups
        # (staged copies, never the user's own files) go now, unless the new list has them.
        kept = {self._resolved(Path(p)) for a in attachments for p in (a.path, a.source_path) if p is not None}
        parked = [Path(p) for group in self._removed for item in group
                  for p in (item.attachment.path, item.attachment.source_path)
                  if p is not None and self._resolved(Path(p)) not in kept]
        self._removed = []
        if parked:
            self._drafts.remove_staged(parked)
        self._unchecked = {}
        self._marking = {}
        self._reflatten = {}
        self._announced = []
        self._items = []
        self._checking = {}  # the checks still running belong to the old list (their results are dropped)
        self.attachments_reset.emit()
        for a in attachments:
            seq = self._take_seq()
            if a.markup and a.source_path is not None and Path(a.path) == Path(a.source_path):
                # A draft saved while its mark-up was being flattened (the app stopped then): flatten it now.
                self._reflatten[seq] = a.markup
                a = dataclasses.replace(a, markup=None)
            self._thumbnail(a, seq=seq)

    # -- the form's text -------------------------------------------------------------
    def form_edited(self, fields: dict[str, str]) -> None:
        """The user changed the form; remember it and save a draft shortly after typing stops."""
        self._fields = dict(fields)
        self._schedule_autosave()

    def _schedule_autosave(self) -> None:
        """Save shortly after the changes stop; changes that never pause are saved every AUTOSAVE_MAX_WAIT_MS."""
        now = time.monotonic()
        if not self._autosave.isActive():
            self._unsaved_since = now
        elif (now - self._unsaved_since) * 1000 >= AUTOSAVE_MAX_WAIT_MS:
            self._save_now()  # no pause for that long (kill -9 mid-typing lost it all): save, start over
            return
        self._autosave.start()

    def _save_now(self) -> None:
        """A change that cannot be typed again (a capture, a removal, a per-file choice): into the draft now."""
        self._autosave.stop()
        self.save_draft()

    def load(self, report: Report, *, editing: bool) -> None:
        """Put a report into the form: a restored draft, or a waiting report to edit."""
        self._client_id = report.client_id
        self._set_editing(report.client_id if editing else "")
        self._fields = report.fields()
        self.fields_loaded.emit(report.fields())
        self._reset(report.attachments)
        self._autosave.stop()

    def clear(self) -> None:
        """A fresh, empty report (after Submit, or New)."""
        self._client_id = new_client_id()
        self._set_editing("")
        self._fields = {}
        self.fields_loaded.emit({})
        self._reset([])
        self._autosave.stop()

    def edit_waiting(self, report: Report) -> None:
        """Open a waiting report for editing.

        The report is first held back from sending (``outbox.hold`` in a pool task: the flusher and
        the CLI skip it until Save changes or Stop editing), then it takes the form. A new report in
        the form is set aside first (written to disk at once, signal ``parked``) and comes back when
        the edit ends; another edit in progress is left as it is in the outbox. A report that is
        being sent or was sent meanwhile cannot be held: ``problem`` says so and nothing changes.
        """
        cid = report.client_id

        def held(ok: bool) -> None:
            if not ok:
                self.problem.emit(self.tr("“%1” is being sent right now (or was just sent), so it cannot be edited; "
                                          "the form is unchanged.").replace("%1", report.title.strip()), "")
                return
            if self._editing and self._editing != cid:
                self._end_edit(self._editing)  # switching edits: the other one stays as it is in the outbox
            set_aside = None
            if not self._editing:
                current = self.current_report()
                if not is_blank(current):
                    # A few KB, in this thread: nothing typed may be lost.
                    self._drafts.park(current, seq=self._drafts.next_seq())
                    self._parked = current
                    set_aside = current.title.strip()
            self.load(report, editing=True)
            if set_aside is not None:
                self.parked.emit(set_aside)

        self._runner.submit(FunctionTask(self._outbox.hold, cid, name="hold report for editing"), on_success=held,
                            on_failure=lambda m, _e: self.problem.emit(m, ""))

    def _end_edit(self, client_id: str) -> None:
        """Drop an edit without saving it: the report may be sent as it is; its edit draft goes."""
        seq = self._drafts.next_seq()
        self._runner.submit(FunctionTask(self._outbox.unhold, client_id, name="release edited report"),
                            on_failure=lambda m, _e: log.warning("report not released: %s", m))
        self._runner.submit(FunctionTask(self._drafts.discard, seq=seq, name="discard draft"),
                            on_failure=lambda m, _e: log.warning("draft not removed: %s", m))

    def adopt_parked(self, report: Report) -> None:
        """A report found set aside at start: back into the form now, or after the edit on show."""
        self._parked = report
        if not self._editing:
            self._unpark()

    @property
    def has_parked(self) -> bool:
        return self._parked is not None

    def _unpark(self) -> None:
        """After an edit: the report that was set aside takes the form again (and becomes the draft)."""
        report, self._parked = self._parked, None
        if report is None:
            return
        self.load(report, editing=False)
        seq = self._drafts.next_seq()  # a later park() keeps its file even if this task runs after it
        self._runner.submit(FunctionTask(self._drafts.unpark, report, seq=seq, name="restore set-aside report"),
                            on_failure=lambda m, _e: log.warning("set-aside report not restored on disk: %s", m))
        self.unparked.emit(report.title.strip())

    def stop_editing(self) -> None:
        """Leave a waiting report as it is in the outbox (it may be sent again): the form empties (or
        the set-aside report comes back) and the edit's draft goes."""
        if not self._editing:
            return
        editing = self._editing
        self.clear()
        self._end_edit(editing)
        self._unpark()

    def _set_editing(self, client_id: str) -> None:
        if client_id != self._editing:
            self._editing = client_id
            self.editing_changed.emit(client_id)

    def current_report(self, fields: dict[str, str] | None = None) -> Report:
        f = dict(self._fields if fields is None else fields)
        severity = f.pop("severity", "") or "major"
        report = Report(**{k: v for k, v in f.items() if k in ("title", "description", "steps", "expected", "actual", "component")},
                        severity=severity, attachments=list(self.attachments))
        report.client_id = self._client_id
        return report

    # -- drafts -------------------------------------------------------------------------
    @Slot()
    def _on_autosave_timeout(self) -> None:
        self.save_draft()

    def _draft_report(self) -> Report:
        """The report as the draft keeps it: with the captures still being checked, in the user's order."""
        report = self.current_report()
        listed = [(item.seq, self._as_drafted(item)) for item in self._items]
        extra = [(seq, a) for seq, a in self._unchecked.items() if seq not in {s for s, _a in listed}]
        report.attachments = [a for _seq, a in sorted(listed + extra, key=lambda t: t[0])]
        return report

    def _as_drafted(self, item: _Item) -> Attachment:
        """An attachment as the draft keeps it: one being marked up is its original with the mark-up to apply."""
        if item.seq in self._marking:
            source, markup, _number = self._marking[item.seq]
            return dataclasses.replace(item.attachment, path=source, source_path=source, markup=markup)
        if item.seq in self._reflatten:
            return dataclasses.replace(item.attachment, markup=self._reflatten[item.seq])
        return item.attachment

    def save_draft(self) -> None:
        """Write the draft from a pool thread (the newest save always wins)."""
        report = self._draft_report()
        seq = self._drafts.next_seq()
        self._runner.submit(
            FunctionTask(self._drafts.save, report, editing=bool(self._editing), seq=seq, name="save draft"),
            on_success=self._on_draft_saved,
            on_failure=self._on_draft_not_saved,
        )

    def _on_draft_saved(self, written: object) -> None:
        if written is False:  # a newer save came first: this one wrote nothing, so it proves nothing
            return
        self._draft_problem_said = False
        self.draft_saved.emit()

    def _on_draft_not_saved(self, message: str, _err: BaseException) -> None:
        log.warning("draft not saved: %s", message)
        if not self._draft_problem_said:  # the crash protection is gone: the user must know, once
            self._draft_problem_said = True
            self.problem.emit(message, "")

    def save_draft_now(self) -> None:
        """On quit: write the draft in this thread so nothing typed is lost."""
        self._autosave.stop()
        report = self._draft_report()
        if is_blank(report) and not self._editing:
            return
        self._drafts.save(report, editing=bool(self._editing), seq=self._drafts.next_seq())

    # -- submit ----------------------------------------------------------------------------
    def prepare(self, fields: dict[str, str]) -> Report:
        """The report Submit would send, with its environment; nothing changes yet.

        Raises BadInputError (naming the field) when the report cannot be sent.
        """
        self._fields = dict(fields)
        report = self.current_report()
        report.validate()
        report.environment = self._environment()
        return report

    def submit(self, fields: dict[str, str]) -> Report:
        """:meth:`prepare` then :meth:`submit_report` (no review step)."""
        report = self.prepare(fields)
        self.submit_report(report)
        return report

    def submit_report(self, report: Report) -> None:
        """Hand the report to the outbox in a pool thread; the composer is free at once.

        ``report`` may have been trimmed by the review (fields masked, files or
        environment items left out); it keeps its client_id.
        """
        editing = bool(self._editing)
        seq = self._drafts.next_seq()
        # Every staged copy of this report can go once it is in the outbox, sent or left out
        # (and masked copies the review wrote into the staging dir).
        staged = [p for a in [*self.attachments, *report.attachments] for p in (a.path, a.source_path) if p is not None]
        self.clear()

        def done(client_id: str) -> None:
            self.submitted.emit(client_id)
            self._kick()

        def failed(message: str, _err: BaseException) -> None:
            # Nothing is lost: the report comes back into the form if the user has not started
            # another one; otherwise it is kept as a file beside the draft.
            if not any(v.strip() for k, v in self._fields.items() if k != "severity") and not self._items:
                self.load(report, editing=editing)
                self.submit_failed.emit(self.tr("The report could not be put in the outbox: %1 It is back in the form; "
                                                "try Submit again.").replace("%1", message))
                return
            kept = self._drafts.keep_aside(report, editing=editing)
            self.submit_failed.emit(self.tr("The report could not be put in the outbox: %1 It was kept in %2.")
                                    .replace("%1", message).replace("%2", str(kept)))

        def stored(_entry: Any) -> None:
            self._runner.submit(FunctionTask(forget_draft, self._drafts, seq, staged, name="forget draft"),
                                on_failure=lambda m, _e: log.warning("draft not removed: %s", m))
            done(report.client_id)

        # A new report goes in with EnqueueTask (outbox.add on the pool); an edited one replaces its waiting copy.
        task = (FunctionTask(self._outbox.update_report, report.client_id, report, name="update waiting report")
                if editing else EnqueueTask(self._outbox, report))
        self._runner.submit(task, on_success=stored, on_failure=failed)
        if editing:
            self._unpark()  # the edit is done: the report set aside for it comes back
