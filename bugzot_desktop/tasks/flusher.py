"""OutboxFlusher: sends waiting reports in the background, through the one delivery path.

Lives in the GUI thread and only orchestrates; every disk or network step is a
Task on the TaskRunner:

    scan (due + claim)  →  one CompressAttachmentTask per attachment, in parallel
                        →  UploadTask (submit + mark)  →  scan again

A single-shot QTimer wakes it when the next report is due (backoff honoured); a
watch timer rescans every ``watch_interval_ms`` so reports another process put in
the outbox (`bugzot report` while the app sits idle) go out too.
Connectivity: QNetworkInformation reachability where a backend loads, plus a cheap
``GET /health`` probe (a Task) every ``probe_interval_ms`` while reports wait and
the server looks unreachable; when it comes back, every waiting report is retried
at once instead of waiting out its backoff.

Destinations: a report filed for its own server (``OutboxEntry.destination``, e.g. by
`bugzot report --server URL`) is sent there through ``destination_factory(url)``; the
others follow the settings through ``client_factory()``. ``online`` and the probe are
about the settings' server: another server being down only delays its own reports
(backoff, and :meth:`Outbox.postpone_due` for that destination), never the others.
A report whose own server asks for a token none is kept for (401/403 with no token sent)
waits ``delivery.TOKEN_WAIT_S`` (hours) between tries instead of failing for good: the app
cannot give it one, `bugzot outbox flush --server URL --token T` can (delivery.settle_error).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from bugzot_desktop.core import delivery
from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.outbox import Outbox, OutboxEntry
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.settings import Settings, same_server
from bugzot_desktop.tasks.enqueue_task import EnqueueTask
from bugzot_desktop.tasks.messages import translated
from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner
from bugzot_desktop.tasks.upload_task import CompressAttachmentTask, UploadTask

log = logging.getLogger(__name__)

# QTimer takes an int of milliseconds; a day is plenty (the timer is re-armed after each scan).
_MAX_TIMER_MS = 24 * 3600 * 1000


@dataclass
class _Job:
    """One report on its way: its compress tasks, then its upload task."""

    client_id: str
    destination: str | None = None
    waiting_compress: int = 0
    error: BaseException | None = None
    task_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Scan:
    claimed: list[OutboxEntry]
    pending: int
    next_due_at: float | None


class OutboxFlusher(QObject):
    """Delivers the outbox in the background and tells the UI what happened.

    Signals:
      pending_count_changed(int) — reports waiting (queued or sending);
      report_sent(str client_id, str url);
      report_failed(str client_id, str message) — refused for good (kept as failed);
      report_deferred(str client_id, str message) — a try failed, it will be retried
        (both messages in the user's language: tasks.messages.translated);
      online_changed(bool) — whether the server looks reachable;
      progress(str client_id, object done, object total) — upload bytes.
    """

    pending_count_changed = Signal(int)
    report_sent = Signal(str, str)
    report_failed = Signal(str, str)
    report_deferred = Signal(str, str)
    online_changed = Signal(bool)
    progress = Signal(str, object, object)

    def __init__(
        self,
        outbox: Outbox,
        runner: TaskRunner,
        client_factory: Callable[[], SubmitClient],
        settings: Settings,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
        *,
        max_parallel: int = 2,
        probe_interval_ms: int = 30_000,
        watch_interval_ms: int = 15_000,
        use_network_information: bool = True,
        destination_factory: Callable[[str], SubmitClient] | None = None,
        network_runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.outbox = outbox
        self.runner = runner
        self.max_parallel = max(1, max_parallel)
        # Uploads and probes wait on the network, up to a read timeout against a server that accepts and
        # never answers: on their own pool they never hold the threads compression, scans, drafts and the
        # outbox window need (with one shared pool of 2 on 2 cores, two hung uploads stalled all of them).
        self.net = network_runner or TaskRunner(max_threads=self.max_parallel + 1, parent=self)
        self.client_factory = client_factory
        # Reports with their own server; the default reads self.settings when the upload starts.
        self.destination_factory = destination_factory or (
            lambda url: delivery.client_for(self.settings, server_url=url)
        )
        self.settings = settings
        self.clock = clock
        self._jobs: dict[str, _Job] = {}
        self._scan_task: int | None = None
        self._rescan = False
        self._probe_task: int | None = None
        self._closed = False
        self._online: bool | None = None
        self._pending = -1

        self._due_timer = QTimer(self)
        self._due_timer.setSingleShot(True)
        self._due_timer.timeout.connect(self._on_due_timer_timeout)
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(probe_interval_ms)
        self._probe_timer.timeout.connect(self._on_probe_timer_timeout)
        # Another process (the CLI, a second app) may queue a report at any time; nothing here hears of it.
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(watch_interval_ms)
        self._watch_timer.timeout.connect(self._on_watch_timer_timeout)
        self._netinfo: Any = None
        if use_network_information:
            self._setup_network_information()

    # -- public ------------------------------------------------------------
    @property
    def online(self) -> bool | None:
        """True/False once known; None before the first try or probe."""
        return self._online

    @property
    def pending_count(self) -> int:
        """The last known number of waiting reports (-1 before the first scan)."""
        return self._pending

    def busy(self) -> bool:
        """True while a scan, a report or a probe is in flight."""
        return bool(self._jobs) or self._scan_task is not None or self._probe_task is not None

    def start(self) -> None:
        """Begin: send what is due now, then follow the timers."""
        self._watch_timer.start()
        self.kick()

    def kick(self) -> None:
        """Try every due report now (within the parallel limit)."""
        if self._closed:
            return
        if self._scan_task is not None:
            self._rescan = True  # coalesce: one more scan after the running one
            return
        free = self.max_parallel - len(self._jobs)
        busy_ids = set(self._jobs)
        outbox, clock = self.outbox, self.clock

        def scan() -> _Scan:
            # Claims of senders that died meanwhile (a killed `bugzot outbox flush`) go back
            # in the queue now, not only when the app next starts.
            outbox.recover()
            claimed: list[OutboxEntry] = []
            if free > 0:
                for entry in outbox.due(clock()):
                    if entry.client_id in busy_ids:
                        continue
                    if outbox.claim(entry.client_id):  # atomic: the CLI or another app may have it
                        claimed.append(outbox.get(entry.client_id) or entry)
                        if len(claimed) >= free:
                            break
            return _Scan(claimed, outbox.pending_count(), outbox.next_due_at())

        task = FunctionTask(scan, name="outbox-scan")
        self._scan_task = self.runner.submit(
            task,
            on_success=self._on_scan_done,
            on_failure=self._on_scan_failed,
            on_finished=self._on_scan_finished,
        )

    def flush_all(self) -> None:
        """Send every waiting report now, whatever its backoff timer says."""
        if self._closed:
            return
        outbox = self.outbox
        self.runner.submit(FunctionTask(outbox.retry_all_now, name="outbox-retry-all"), on_finished=self.kick)

    def retry(self, client_id: str) -> None:
        """ "Retry now" for one queued or failed report."""
        if self._closed:
            return
        outbox = self.outbox
        self.runner.submit(FunctionTask(outbox.retry_now, client_id, name="outbox-retry"), on_finished=self.kick)

    def retry_refused(self, old: Settings, new: Settings) -> None:
        """After a settings change: the failed reports that follow the settings and were refused for the URL (if it
        changed) or the token go again at once (``delivery.requeue_after_settings_change``, on the pool)."""
        if self._closed:
            return
        task = FunctionTask(delivery.requeue_after_settings_change, self.outbox, old, new, name="outbox-retry-refused")
        self.runner.submit(task, on_finished=self.kick)

    def enqueue(
        self,
        report: Report,
        on_added: Callable[[OutboxEntry], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> int:
        """Store a report in the outbox (on the pool), then try to send it. Returns the task id."""

        def added(entry: OutboxEntry) -> None:
            if on_added is not None:
                on_added(entry)
            self.kick()

        return self.runner.submit(
            EnqueueTask(self.outbox, report),
            on_success=added,
            on_failure=(lambda msg, err: on_failed(msg)) if on_failed is not None else None,
        )

    def shutdown(self) -> None:
        """Stop timers and cancel this flusher's work; claims not yet started are given back."""
        self._closed = True
        self._due_timer.stop()
        self._probe_timer.stop()
        self._watch_timer.stop()
        if self._scan_task is not None:
            self.runner.cancel(self._scan_task)
        if self._probe_task is not None:
            self.net.cancel(self._probe_task)
        for job in list(self._jobs.values()):
            for tid in list(job.task_ids):
                self.runner.cancel(tid)  # compression
                self.net.cancel(tid)  # the upload (task ids are unique across runners)

    # -- connectivity ------------------------------------------------------
    def _setup_network_information(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # pragma: no cover - QtNetwork missing from a trimmed build
            return
        feature = QNetworkInformation.Feature.Reachability
        if not QNetworkInformation.loadBackendByFeatures(feature):
            return  # no backend here (e.g. no NetworkManager): the /health probe covers it
        info = QNetworkInformation.instance()
        if info is None:
            return
        self._netinfo = info
        info.reachabilityChanged.connect(self._on_netinfo_reachability_changed)

    @Slot(object)
    def _on_netinfo_reachability_changed(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability in (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site):
            self._probe_now()  # the network is back: ask the server, don't assume
        elif reachability == QNetworkInformation.Reachability.Disconnected:
            self._set_online(False)

    def _set_online(self, online: bool) -> None:
        was = self._online
        if online == was:
            return
        self._online = online
        self.online_changed.emit(online)
        if online and was is False:
            self.flush_all()  # connectivity returned: don't wait out the backoff
        self._update_probe_timer()

    def _update_probe_timer(self) -> None:
        want = not self._closed and self._online is False and self._pending > 0
        if want and not self._probe_timer.isActive():
            self._probe_timer.start()
        elif not want:
            self._probe_timer.stop()

    @Slot()
    def _on_probe_timer_timeout(self) -> None:
        self._probe_now()

    def _probe_now(self) -> None:
        if self._closed or self._probe_task is not None:
            return
        factory = self.client_factory

        def probe() -> bool:
            with factory() as client:
                return client.health()

        self._probe_task = self.net.submit(
            FunctionTask(probe, name="outbox-probe"),
            on_success=self._on_probe_result,
            on_finished=self._on_probe_finished,
        )

    def _on_probe_result(self, ok: bool) -> None:
        if not self._closed:
            self._set_online(bool(ok))

    def _on_probe_finished(self) -> None:
        self._probe_task = None

    # -- scan --------------------------------------------------------------
    def _on_scan_done(self, scan: _Scan) -> None:
        self._set_pending(scan.pending)
        for entry in scan.claimed:
            if self._closed:
                self.outbox.release(entry.client_id, only_own=True)  # quick; only at shutdown
                continue
            self._start_job(entry)
        self._arm_due_timer(scan.next_due_at)

    def _on_scan_failed(self, message: str, error: BaseException) -> None:
        log.error("outbox scan failed: %s", message)

    def _on_scan_finished(self) -> None:
        self._scan_task = None
        if self._rescan and not self._closed:
            self._rescan = False
            self.kick()

    def _arm_due_timer(self, next_due_at: float | None) -> None:
        if self._closed:
            return
        if next_due_at is None:
            self._due_timer.stop()
            return
        ms = int(max(0.0, next_due_at - self.clock()) * 1000)
        self._due_timer.start(min(ms, _MAX_TIMER_MS))

    @Slot()
    def _on_due_timer_timeout(self) -> None:
        self.kick()

    @Slot()
    def _on_watch_timer_timeout(self) -> None:
        if self._scan_task is None:  # a scan is on its way anyway
            self.kick()

    def _set_pending(self, n: int) -> None:
        if n != self._pending:
            self._pending = n
            self.pending_count_changed.emit(n)
        self._update_probe_timer()

    # -- one report ----------------------------------------------------------
    def _start_job(self, entry: OutboxEntry) -> None:
        job = _Job(entry.client_id, entry.destination)
        self._jobs[entry.client_id] = job
        n = len(entry.attachments)
        if n == 0:
            self._start_upload(job)
            return
        job.waiting_compress = n
        for i in range(n):
            task = CompressAttachmentTask(self.outbox, entry.client_id, i, self.settings)
            tid = task.task_id
            job.task_ids.add(tid)
            self.runner.submit(
                task,
                on_failure=lambda msg, err, job=job: self._on_compress_failed(job, err),
                on_cancel=lambda job=job: self._on_compress_failed(job, None),
                on_finished=lambda job=job, tid=tid: self._on_compress_finished(job, tid),
            )

    def _on_compress_failed(self, job: _Job, error: BaseException | None) -> None:
        if job.error is None:
            # The first error decides; None means cancelled.
            job.error = error if error is not None else _Cancelled()

    def _on_compress_finished(self, job: _Job, tid: int) -> None:
        job.task_ids.discard(tid)
        job.waiting_compress -= 1
        if job.waiting_compress > 0:
            return
        if job.error is None and not self._closed:
            self._start_upload(job)
        else:
            self._settle(job, job.error or _Cancelled())

    def _settle(self, job: _Job, error: BaseException) -> None:
        """Record a failed preparation on the pool, then report it."""
        outbox, cid = self.outbox, job.client_id
        if isinstance(error, _Cancelled):
            self._give_back(cid)
            return
        task = FunctionTask(delivery.settle_error, outbox, cid, error, name="outbox-settle")
        self.runner.submit(task, on_success=self._on_outcome, on_finished=lambda: self._job_done(cid))

    def _give_back(self, client_id: str) -> None:
        """Give back a claim whose work was cancelled (on the pool unless shutting down)."""
        if self._closed:
            self.outbox.release(client_id, only_own=True)
            self._jobs.pop(client_id, None)
            return
        outbox = self.outbox
        self.runner.submit(
            FunctionTask(outbox.release, client_id, only_own=True, name="outbox-release"),
            on_finished=lambda: self._job_done(client_id),
        )

    def _factory_for(self, destination: str | None) -> Callable[[], SubmitClient]:
        if destination is None:
            return self.client_factory
        make = self.destination_factory
        return lambda: make(destination)

    def _follows_settings(self, destination: str | None) -> bool:
        """Whether a report goes to the settings' server (the one ``online`` is about)."""
        return destination is None or same_server(destination, self.settings.server_url)

    def _start_upload(self, job: _Job) -> None:
        task = UploadTask(self.outbox, self._factory_for(job.destination), job.client_id)
        tid = task.task_id
        job.task_ids.add(tid)
        cid = job.client_id
        self.net.submit(
            task,
            on_progress=lambda d, t: self.progress.emit(cid, d, t),
            on_success=self._on_outcome,
            on_failure=lambda msg, err: self._on_upload_crashed(cid, msg, err),
            on_cancel=lambda: self._on_upload_cancelled(cid),
            on_finished=lambda: self._on_upload_finished(job, tid),
        )

    def _on_upload_crashed(self, client_id: str, message: str, error: BaseException) -> None:
        # send_claimed records every send error itself; this is a bug. Back off, don't spin.
        log.error("upload task for %s crashed: %s", client_id, message)
        outbox = self.outbox
        self.runner.submit(  # stored as a core Text (English, shown translated), never in today's language
            FunctionTask(outbox.mark_retry, client_id, delivery.unexpected_error_message(error), name="outbox-mark-retry"),
        )

    def _on_upload_cancelled(self, client_id: str) -> None:
        # Not started (taken off the queue) or stopped mid-send: either way give the claim back.
        if self._closed:
            self.outbox.release(client_id, only_own=True)
        else:
            outbox = self.outbox
            self.runner.submit(FunctionTask(outbox.release, client_id, only_own=True, name="outbox-release"))

    def _on_upload_finished(self, job: _Job, tid: int) -> None:
        job.task_ids.discard(tid)
        self._job_done(job.client_id)

    def _job_done(self, client_id: str) -> None:
        self._jobs.pop(client_id, None)
        if not self._closed:
            self.kick()  # next due report, fresh count, re-armed timer

    def _on_outcome(self, outcome: delivery.DeliveryOutcome) -> None:
        if self._closed:
            return
        # Only the settings' server decides "online": another server's answer says nothing about it.
        ours = self._follows_settings(outcome.destination)
        if outcome.status == delivery.SENT:
            if ours:
                self._set_online(True)
            self.report_sent.emit(outcome.client_id, outcome.url)
        elif outcome.status == delivery.FAILED:
            if ours:
                self._set_online(True)  # the server answered
            self.report_failed.emit(outcome.client_id, translated(outcome.message))
        elif outcome.status == delivery.RETRY:
            self.report_deferred.emit(outcome.client_id, translated(outcome.message))
            if ours:
                self._set_online(not outcome.offline)


class _Cancelled(BugzotError):
    """Marker: a compress step was cancelled (not an error to record)."""
