"""EnqueueTask: put a report into the outbox on a pool thread (copying and fsyncing images
is disk-heavy work the GUI thread never does)."""

from __future__ import annotations

import os
from pathlib import Path

from bugzot_desktop.core.outbox import Outbox, OutboxEntry
from bugzot_desktop.core.report import Report
from bugzot_desktop.tasks.runner import Task


class EnqueueTask(Task):
    """``Outbox.add(report)`` in a worker; succeeds with the :class:`OutboxEntry`.

    Fails with the BadInputError message (naming the field or file) when the report
    cannot be stored. Give it an :class:`Outbox` or a data dir (opened in the worker).
    Signals: those of :class:`~bugzot_desktop.tasks.runner.TaskSignals`.
    """

    name = "enqueue"

    def __init__(self, outbox: Outbox | str | os.PathLike[str], report: Report) -> None:
        super().__init__()
        self.outbox = outbox
        self.report = report

    def work(self) -> OutboxEntry:
        ob = self.outbox if isinstance(self.outbox, Outbox) else Outbox(Path(self.outbox))
        return ob.add(self.report)
