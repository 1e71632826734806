"""Keep image-sized memory mapped while an image worker is busy; give it back when it goes idle.

Why: a 4K screenshot is a 33 MB decode buffer, an 8 MB downscale and some 30 MB of
encoder state. glibc's malloc serves blocks that size with fresh ``mmap`` calls
(its threshold adapts, and the heap is trimmed as soon as the top is free), so
every job touched ~18,000 new zeroed pages: measured on the bench corpus, 25–35 ms
of a 150 ms pipeline (``bench/compress.py`` prints the pipeline with the heap kept warm,
as here). A worker process therefore keeps freed memory in its heap (fixed thresholds,
no automatic trim) and returns it to the system with ``malloc_trim`` once it has had no
job for :data:`IDLE_TRIM_S` — warm through a batch, small while the app sits idle.

glibc only (Linux). Elsewhere, and where libc cannot be loaded, every call is a no-op
that reports ``False``: the pipeline works the same, it only pays the page faults.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

IDLE_TRIM_S = 3.0  # a worker with no job this long gives its free memory back
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's maximum: image blocks below it come from the heap and are reused
TRIM_THRESHOLD = 1024 * 1024 * 1024  # never trim on free; :func:`release` does it when idle

_M_TRIM_THRESHOLD = -1  # <malloc.h>
_M_MMAP_THRESHOLD = -3


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version.restype = ctypes.c_char_p
        libc.gnu_get_libc_version()  # musl and others have no such symbol: AttributeError
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        libc.malloc_trim.argtypes = (ctypes.c_size_t,)
        return libc
    except (OSError, AttributeError):
        return None


_libc = _glibc()


def keep_warm() -> bool:
    """Fixed malloc thresholds for this process (call once, in a worker). True when applied."""
    if _libc is None:
        return False
    ok = bool(_libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(_libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    if not ok:
        log.debug("mallopt refused the image-worker thresholds")
    return ok


def release() -> bool:
    """Give free heap memory back to the system now. True when some was released."""
    if _libc is None:
        return False
    return bool(_libc.malloc_trim(0))


class IdleTrimmer:
    """Calls ``trim`` once a worker has been idle for ``idle_s`` after its last job.

    ``job_started()`` / ``job_finished()`` bracket each job; a job that starts while
    the timer is pending cancels it, so memory is never given back in the middle of a
    batch. ``timer_factory`` and ``clock`` are injectable for tests.
    """

    def __init__(
        self,
        trim: Callable[[], object] = release,
        *,
        idle_s: float = IDLE_TRIM_S,
        timer_factory: Callable[[float, Callable[[], None]], threading.Timer] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._trim = trim
        self._idle_s = idle_s
        self._timer_factory = timer_factory or _daemon_timer
        self._clock = clock
        self._lock = threading.Lock()
        self._busy = 0
        self._last_end = clock()
        self._timer: threading.Timer | None = None
        self.trims = 0

    def job_started(self) -> None:
        with self._lock:
            self._busy += 1
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def job_finished(self) -> None:
        with self._lock:
            self._busy = max(0, self._busy - 1)
            self._last_end = self._clock()
            if self._busy == 0:
                self._arm(self._idle_s)

    def _arm(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._timer_factory(delay, self._on_timer)
        self._timer.start()

    def _on_timer(self) -> None:
        with self._lock:
            self._timer = None
            if self._busy:
                return  # a job started after the timer fired but before this ran: it re-arms when done
            left = self._idle_s - (self._clock() - self._last_end)
            if left > 0:
                self._arm(left)
                return
            self.trims += 1
        self._trim()


def _daemon_timer(delay: float, fn: Callable[[], None]) -> threading.Timer:
    t = threading.Timer(delay, fn)
    t.daemon = True
    return t


def collect_by_thresholds() -> int:
    """One step of Python's cyclic GC as automatic collection would take it now (youngest generations
    first); the number of objects found. For a caller that turned automatic collection off to choose the
    thread it runs in (tasks/gc_guard.py: the GUI thread)."""
    t0, t1, t2 = gc.get_threshold()
    c0, c1, c2 = gc.get_count()
    if c0 <= t0:
        return 0
    if c1 > t1:
        return gc.collect(2 if c2 > t2 else 1)
    return gc.collect(0)
