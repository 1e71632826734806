"""Durable post-processing: jobs live in the ``jobs`` table; claimers run them in worker processes.

A claim is an optimistic ``UPDATE ... WHERE status = <seen>`` (so two claimers
never run one job, on SQLite or PostgreSQL); on PostgreSQL the candidate is
picked with ``FOR UPDATE SKIP LOCKED`` so many ``bugzot-server worker`` processes
on many hosts do not queue behind each other. A claimed job holds a lease that its
claimer renews while the work runs (every third of ``job_lease_seconds``): if the
claimer dies (SIGKILL, power cut), the job is claimable again within one lease; a
claimer that stops cleanly gives its unfinished jobs back at once. A failing job
is retried with a growing delay, then marked failed with its reason.
The work reads the stored original, never a request's upload. No FastAPI here.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select, update

from bugzot_server.config import Settings
from bugzot_server.db import Attachment, Database, Job, as_utc, utcnow
from bugzot_server.storage import Storage

log = logging.getLogger("bugzot_server.jobs")


@dataclass(frozen=True)
class ClaimedJob:
    """What a claimer needs to run one job, read while claiming."""

    id: int
    kind: str
    attachment_id: int
    storage_name: str
    attempts: int
    filename: str = ""


def lower_priority() -> None:
    """Make this process yield the CPU to request handling: post-processing can wait, uploads cannot."""
    _ignore_interrupts()
    try:
        os.nice(15)  # near the lowest: thumbnails wait while uploads arrive, but never starve for good
    except OSError:  # not permitted here: run at normal priority
        pass


def _ignore_interrupts() -> None:
    """Pool processes leave Ctrl+C to their claimer: the terminal sends SIGINT to the whole process
    group, and a job interrupted in its worker came back as a KeyboardInterrupt traceback while its
    claimer was stopping anyway (and giving the job back)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def derive(src: str, dst_dir: str, max_edge: int, stem: str) -> tuple[str, str]:
    """Make one derivative (runs in a worker process); returns (file name, content type)."""
    from bugzot_desktop.core import imaging

    result = imaging.derivative(Path(src), Path(dst_dir), max_edge=max_edge, stem=stem)
    return Path(result.path).name, result.content_type


def claim_one(db: Database, settings: Settings) -> ClaimedJob | None:
    """Claim the oldest due job, or None when there is nothing to do."""
    now = utcnow()
    due = or_(
        (Job.status == "pending") & (Job.run_after <= now),
        (Job.status == "running") & (Job.lease_until < now),
    )
    for _ in range(5):  # another claimer may win the race; try the next candidate
        with db.job_conn() as c:
            q = (
                select(Job.id, Job.status, Job.attempts, Job.kind, Job.attachment_id, Attachment.storage_name, Attachment.filename)
                .join(Attachment, Attachment.id == Job.attachment_id)
                .where(due)
                .order_by(Job.id)
                .limit(1)
            )
            if db.is_postgres:
                q = q.with_for_update(of=Job, skip_locked=True)
            row = c.execute(q).first()
            if row is None:
                return None
            lease = now + dt.timedelta(seconds=settings.job_lease_seconds)
            res = c.execute(
                update(Job)
                .where(Job.id == row.id, Job.status == row.status, Job.attempts == row.attempts)
                .values(status="running", attempts=row.attempts + 1, lease_until=lease)
            )
            if res.rowcount != 1:
                continue
            return ClaimedJob(row.id, row.kind, row.attachment_id, row.storage_name, row.attempts + 1, row.filename)
    return None


def renew(db: Database, job: ClaimedJob, settings: Settings) -> bool:
    """Extend the lease of a job this claimer still holds; False when it no longer holds it."""
    with db.job_conn() as c:
        res = c.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "running", Job.attempts == job.attempts)
            .values(lease_until=utcnow() + dt.timedelta(seconds=settings.job_lease_seconds))
        )
    return res.rowcount == 1


def release(db: Database, job: ClaimedJob) -> None:
    """Give a claimed job back unfinished (its claimer is stopping): due at once, the attempt not counted."""
    with db.job_conn() as c:
        c.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "running", Job.attempts == job.attempts)
            .values(status="pending", attempts=job.attempts - 1, lease_until=None, run_after=utcnow())
        )


class _Stopping(Exception):
    """The runner is stopping: the job was given back, not run."""


def finish(db: Database, job: ClaimedJob, name: str, content_type: str) -> None:
    """Record a made derivative and mark the job done."""
    cols = {"thumb_name": name, "thumb_type": content_type} if job.kind == "thumbnail" else {
        "preview_name": name, "preview_type": content_type}
    with db.job_conn() as c:
        c.execute(update(Attachment).where(Attachment.id == job.attachment_id).values(**cols))
        c.execute(update(Job).where(Job.id == job.id).values(status="done", last_error=None, lease_until=None))


def fail(db: Database, job: ClaimedJob, reason: str, settings: Settings) -> None:
    """Schedule a retry, or mark the job failed for good after ``job_max_attempts``."""
    final = job.attempts >= settings.job_max_attempts
    delay = settings.job_retry_seconds * (2 ** (job.attempts - 1))
    with db.job_conn() as c:
        c.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(
                status="failed" if final else "pending",
                last_error=reason[:2000],
                lease_until=None,
                run_after=utcnow() + dt.timedelta(seconds=delay),
            )
        )


def next_due_in(db: Database) -> float | None:
    """Seconds until the next pending job is due (None when none is pending)."""
    with db.read_conn() as c:
        when = c.scalar(select(Job.run_after).where(Job.status == "pending").order_by(Job.run_after).limit(1))
    if when is None:
        return None
    return max(0.0, (as_utc(when) - utcnow()).total_seconds())


def sweep_orphans(db: Database, storage: Storage, older_than: float = 3600.0) -> int:
    """Remove stored originals no row refers to (a crash between rename and commit); returns how many.

    Only files older than ``older_than`` seconds: a request on another node may be between
    its rename and its commit right now.
    """
    candidates = storage.old_originals(older_than)
    removed = 0
    for i in range(0, len(candidates), 500):
        batch = {p.name: p for p in candidates[i : i + 500]}
        with db.read_conn() as c:
            known = set(c.scalars(select(Attachment.storage_name).where(Attachment.storage_name.in_(batch))))
        for name, path in batch.items():
            if name not in known:
                path.unlink(missing_ok=True)
                removed += 1
    if removed:
        log.warning("removed %d stored file(s) that no report refers to (left by a crash)", removed)
    return removed


class JobRunner:
    """Claimer threads that hand CPU work to a process pool (or run it inline when ``job_processes`` is 0)."""

    def __init__(self, db: Database, storage: Storage, settings: Settings) -> None:
        self.db = db
        self.storage = storage
        self.settings = settings
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._pool: cf.ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self.changed = threading.Condition()  # notified after every job outcome (tests wait on it)

    def start(self, threads: int | None = None) -> None:
        """Start claimer threads (and sweep crash leftovers once, since this node does background work)."""
        n = self.settings.job_threads if threads is None else threads
        if n > 0:
            try:
                sweep_orphans(self.db, self.storage)
            except Exception:
                log.exception("the orphan sweep failed; continuing")
        for i in range(n):
            t = threading.Thread(target=self._loop, name=f"bugzot-jobs-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def wake(self) -> None:
        """New jobs were committed: look now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _executor(self) -> cf.ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                # forkserver: never fork a process that runs threads (uvicorn, SQLAlchemy pools).
                ctx = multiprocessing.get_context("forkserver")
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=self.settings.job_processes, mp_context=ctx, initializer=lower_priority
                )
            return self._pool

    def _reset_pool(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def run_one(self, job: ClaimedJob) -> None:
        """Run a claimed job to done, retry or failed, then tell whoever waits on ``changed``."""
        try:
            self._run_one(job)
        finally:
            with self.changed:
                self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 30.0) -> bool:  # noqa: ANN001 - any callable
        """Block until ``predicate()`` is true, re-checking after each job outcome; False on timeout."""
        import time

        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(min(left, 1.0))
        return True

    def _run_one(self, job: ClaimedJob) -> None:
        edge = self.settings.thumbnail_edge if job.kind == "thumbnail" else self.settings.preview_edge
        src = self.storage.original_path(job.storage_name)
        stem = f"{job.storage_name}-{job.kind}"
        args = (str(src), str(self.storage.derived_subdir(stem)), edge, stem)
        if not src.is_file():
            fail(self.db, job, "the stored original is missing from the server's storage directory.", self.settings)
            return
        try:
            if self.settings.job_processes > 0:
                name, ctype = self._await(job, self._executor().submit(derive, *args))
            else:
                name, ctype = derive(*args)
        except _Stopping:
            return
        except BrokenProcessPool:
            self._reset_pool()
            fail(self.db, job, "the worker process died (out of memory or killed).", self.settings)
            return
        except Exception as exc:
            log.warning("job %s (%s of attachment %s) failed: %s", job.id, job.kind, job.attachment_id, exc)
            # Messages name the file by its storage name; show the client's name instead.
            fail(self.db, job, str(exc).replace(job.storage_name, job.filename or "the image"), self.settings)
            return
        finish(self.db, job, name, ctype)

    def _await(self, job: ClaimedJob, future: cf.Future) -> tuple[str, str]:
        """The work's result, renewing the job's lease while it runs; gives the job back if the runner stops."""
        every = self.settings.job_lease_seconds / 3
        renewed = time.monotonic()
        while True:
            try:
                return future.result(timeout=min(0.5, every))
            except cf.TimeoutError:
                pass
            if self._stop.is_set():
                future.cancel()
                release(self.db, job)
                log.info("job %s (%s of attachment %s) given back: this node is stopping", job.id, job.kind, job.attachment_id)
                raise _Stopping
            if time.monotonic() - renewed >= every:
                renewed = time.monotonic()
                if not renew(self.db, job, self.settings):
                    log.warning("job %s lost its lease while running (another claimer took it)", job.id)

    def run_pending(self) -> int:
        """Run every due job now in this thread; returns how many ran (for tests and `worker --once`)."""
        n = 0
        while (job := claim_one(self.db, self.settings)) is not None:
            self.run_one(job)
            n += 1
        return n

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job = claim_one(self.db, self.settings)
            except Exception:
                log.exception("claiming a job failed; retrying")
                job = None
                self._stop.wait(self.settings.job_poll_seconds)
            if job is not None:
                try:
                    self.run_one(job)
                except Exception:
                    log.exception("recording job %s failed; its lease will expire and it will run again", job.id)
                continue
            try:
                due = next_due_in(self.db)
            except Exception:
                due = None
            wait = self.settings.job_poll_seconds if due is None else min(due, self.settings.job_poll_seconds)
            self._wake.wait(wait)
            self._wake.clear()
