"""Image compression in worker processes, driven from a pool thread.

Why: an encoder that holds the GIL (Pillow's JPEG optimize into memory, WebP,
the Python parts of the quality search) stalls the GUI thread even when it runs
on a QThreadPool worker. A child process has its own GIL, so the QRunnable only
waits on a future (GIL released) and the GUI thread keeps every frame.

The pool uses the ``spawn`` start method: forking a process that runs Qt threads
is unsafe. If the pool cannot start or breaks (a child killed, a frozen build
without freeze_support), the work runs in the calling thread instead — slower
for the GUI, never lost.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from bugzot_desktop.core import filetypes, heap, imaging
from bugzot_desktop.core.cancel import NEVER, CancelToken
from bugzot_desktop.core.errors import CancelledError

log = logging.getLogger(__name__)
T = TypeVar("T")
POLL_S = 0.05  # how often a waiting worker thread looks at its cancel token

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
fallbacks = 0
"""How many jobs ran in the calling thread because the processes were unavailable (self-check reads it)."""


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            workers = max(1, min(4, os.cpu_count() or 2))
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(context.Value("i", 0),)
            )
        return _pool


_trimmer: heap.IdleTrimmer | None = None  # set in worker processes only


PARENT_CHECK_S = 1.0  # how often a worker looks whether the app is still there


def _exit_with_parent(parent: int) -> None:
    """A worker whose app is gone (killed, or ended without shutting the pool down) ends too.

    The pool's own shutdown needs the app to run; a SIGKILL or a SIGTERM it does not handle left
    the workers (and multiprocessing's resource tracker, which waits for them) behind. Polling the
    parent id is portable; PR_SET_PDEATHSIG would follow the pool thread that started the worker,
    not the app."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(0)


def _init_worker(jobs: Any = None) -> None:
    """Worker processes yield the CPU to the GUI thread (2 cores are common), keep their heap warm, count
    the images being made in all of them (``jobs``: a core is idle or not, imaging.share_job_count) and end
    with the app."""
    global _trimmer
    if jobs is not None:
        imaging.share_job_count(jobs)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="bugzot-parent-watch", daemon=True).start()
    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:
            pass
    if heap.keep_warm():
        _trimmer = heap.IdleTrimmer()


def _in_worker(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    """Runs in the worker: the job, bracketed so an idle worker gives its memory back (core/heap.py)."""
    if _trimmer is None:
        return fn(*args, **kwargs)
    _trimmer.job_started()
    try:
        return fn(*args, **kwargs)
    finally:
        _trimmer.job_finished()


def worker_state() -> dict[str, Any]:
    """What a worker process looks like from inside (tests and ``--self-check`` submit this)."""
    return {"pid": os.getpid(), "heap_warm": _trimmer is not None, "trims": _trimmer.trims if _trimmer else 0,
            "job_count_shared": imaging.job_count_is_shared()}


def _orphaned(pool: ProcessPoolExecutor, fut: Future[Any]) -> bool:
    """Whether ``fut`` can no longer finish: its pool's manager thread is gone without settling it.

    Python 3.11: a pool that breaks (a worker killed) while a cancelled job waits in its queue loses that
    thread to an InvalidStateError (setting the cancelled future's exception), and the pool's other
    futures stay pending for good; every caller waited forever (QA)."""
    thread = getattr(pool, "_executor_manager_thread", None)
    return thread is not None and not thread.is_alive() and not fut.done()


def _reset_pool(broken: ProcessPoolExecutor | None = None) -> None:
    """Count a fallback and drop the pool (``broken``: only if it is still the current one)."""
    global _pool, fallbacks
    with _lock:
        fallbacks += 1
        if broken is not None and _pool is not broken:
            return  # another caller replaced it already
        pool, _pool = _pool, None
    if pool is not None:
        try:
            pool.shutdown(wait=False, cancel_futures=True)
        except Exception as exc:  # a pool whose manager thread died may fail to wake it; it is dropped anyway
            log.warning("image worker pool not shut down cleanly: %s", exc)


def shutdown() -> None:
    """Stop the worker processes (the app calls this on quit; also at interpreter exit)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


atexit.register(shutdown)


def _discard_output(fut: Future[Any]) -> None:
    """A cancelled job that was already running: remove the file it wrote, if any."""
    if fut.cancelled() or fut.exception() is not None:
        return
    out = getattr(fut.result(), "path", None)
    if isinstance(out, (str, os.PathLike)) and isinstance(fut.result(), imaging.CompressResult):
        Path(out).unlink(missing_ok=True)


def run_in_process(fn: Callable[..., T], *args: Any, cancel: CancelToken = NEVER, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a worker process (fn must be importable, arguments picklable).

    Cancellation: a job not yet started is dropped; a running one is abandoned and
    CancelledError is raised at once. Unavailable or broken processes: ``fn`` runs here.
    """
    cancel.check()
    try:
        pool = _get_pool()
        fut = pool.submit(_in_worker, fn, args, kwargs)
    except (BrokenProcessPool, RuntimeError, OSError) as exc:
        log.warning("image worker processes unavailable (%s); working in this thread", exc)
        _reset_pool()
        return fn(*args, **kwargs)
    while True:
        try:
            return fut.result(timeout=POLL_S)
        except FutureTimeout:
            if cancel.cancelled:
                if not fut.cancel():
                    fut.add_done_callback(_discard_output)
                raise CancelledError() from None
            if _orphaned(pool, fut):
                log.warning("the image worker processes stopped without finishing a job; working in this thread")
                _reset_pool(pool)
                return fn(*args, **kwargs)
        except BrokenProcessPool as exc:
            log.warning("an image worker process died (%s); working in this thread", exc)
            _reset_pool()
            return fn(*args, **kwargs)


def compress_in_process(
    src: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    max_edge: int = 1920,
    byte_budget: int = 300_000,
    cancel: CancelToken = NEVER,
    stem: str | None = None,
) -> imaging.CompressResult:
    """:func:`imaging.compress` in a worker process; same arguments, result and errors."""
    return run_in_process(
        imaging.compress, Path(src), Path(out_dir), cancel=cancel, max_edge=max_edge, byte_budget=byte_budget, stem=stem
    )


def sniff_in_process(path: str | os.PathLike[str], *, name: str | None = None, cancel: CancelToken = NEVER) -> imaging.ImageInfo:
    """:func:`imaging.sniff` (a full decode) in a worker process."""
    return run_in_process(imaging.sniff, Path(path), cancel=cancel, name=name)


def check_in_process(path: str | os.PathLike[str], *, name: str | None = None, cancel: CancelToken = NEVER) -> filetypes.FileKind:
    """:func:`filetypes.check_file` (an image is fully decoded) in a worker process."""
    return run_in_process(filetypes.check_file, Path(path), cancel=cancel, name=name)
