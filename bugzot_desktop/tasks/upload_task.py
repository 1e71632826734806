"""Delivery tasks: the steps of core.delivery on pool threads.

- :class:`CompressAttachmentTask` — prepare one attachment of a claimed report
  (``delivery.compress_one``: compress or reuse, record in the outbox);
- :class:`UploadTask` — submit a claimed, prepared report and record the outcome
  (``delivery.send_claimed``) with upload progress;
- :class:`DeliverTask` — the whole of ``delivery.deliver_one`` in one task.

Each succeeds with a plain value (a CompressedFile or a DeliveryOutcome); send
errors are outcomes, not failures — ``failed`` means a bug or a refused attachment.
"""

from __future__ import annotations

from collections.abc import Callable

from bugzot_desktop.core import delivery
from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.outbox import CompressedFile, Outbox
from bugzot_desktop.core.procpool import compress_in_process
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.tasks.runner import Task

ClientFactory = Callable[[], SubmitClient]


class _Throttled:
    """Forward progress at most every 1% (and always the last step), to keep signals few."""

    def __init__(self, emit: Callable[[int, int], None]) -> None:
        self.emit = emit
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 100)
        if done >= total or done - self.last >= step:
            self.last = done
            self.emit(done, total)


class CompressAttachmentTask(Task):
    """Prepare attachment ``index`` of a claimed report; succeeds with a CompressedFile."""

    name = "compress-attachment"

    def __init__(self, outbox: Outbox, client_id: str, index: int, settings: Settings) -> None:
        super().__init__()
        self.outbox, self.client_id, self.index, self.settings = outbox, client_id, index, settings

    def work(self) -> CompressedFile:
        return delivery.compress_one(
            self.outbox, self.client_id, self.index, self.settings, self.cancel_token, compress=compress_in_process
        )


class UploadTask(Task):
    """Submit a claimed, prepared report; succeeds with a DeliveryOutcome.

    progress(done_bytes, total_bytes) while the body streams. Cancelling gives the
    report back to the queue untried.
    """

    name = "upload"

    def __init__(self, outbox: Outbox, client_factory: ClientFactory, client_id: str) -> None:
        super().__init__()
        self.outbox, self.client_factory, self.client_id = outbox, client_factory, client_id

    def work(self) -> delivery.DeliveryOutcome:
        with self.client_factory() as client:
            return delivery.send_claimed(
                self.outbox, client, self.client_id, self.cancel_token, _Throttled(self.report_progress)
            )


class DeliverTask(Task):
    """Claim, prepare and submit one report in a single task; succeeds with a DeliveryOutcome."""

    name = "deliver"

    def __init__(self, outbox: Outbox, client_factory: ClientFactory, client_id: str, settings: Settings) -> None:
        super().__init__()
        self.outbox, self.client_factory, self.client_id, self.settings = outbox, client_factory, client_id, settings

    def work(self) -> delivery.DeliveryOutcome:
        with self.client_factory() as client:
            return delivery.deliver_one(
                self.outbox, client, self.client_id, self.settings, self.cancel_token, _Throttled(self.report_progress)
            )
