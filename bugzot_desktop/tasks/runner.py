"""Task and TaskRunner: every piece of background work goes through here.

Workers only compute and emit. A :class:`Task` is a QRunnable whose signals
object is created in the GUI thread; the :class:`TaskRunner` (a QObject living
in the GUI thread) connects those signals to its own typed ``@Slot``s, so each
connection is queued into the GUI thread — the pattern proven to deliver every
signal (plain Python callables as cross-thread receivers lose them). The runner
then calls the plain-Python callbacks given to :meth:`TaskRunner.submit`, in the
GUI thread, in order: progress*, then exactly one of succeeded / failed /
cancelled, then finished.
"""

from __future__ import annotations

import itertools
import logging
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from bugzot_desktop.core.cancel import CancelToken
from bugzot_desktop.core.errors import BugzotError, CancelledError
from bugzot_desktop.tasks.messages import translated

log = logging.getLogger(__name__)
_ids = itertools.count(1)
_live: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def live_runners() -> list[TaskRunner]:
    """Runners not yet garbage-collected (the test suite checks they are idle)."""
    return list(_live)


class TaskSignals(QObject):
    """Signals of one task; each carries the task id first.

    Signals: progress(id, done, total), succeeded(id, result),
    failed(id, message, error), cancelled(id), finished(id).
    """

    progress = Signal(int, object, object)
    succeeded = Signal(int, object)
    failed = Signal(int, str, object)
    cancelled = Signal(int)
    finished = Signal(int)


class Task(QRunnable):
    """Base class: subclasses implement :meth:`work` with plain data only.

    ``work`` may call ``self.report_progress(done, total)`` and should call
    ``self.cancel_token.check()`` between steps. It never touches widgets.
    """

    name = "task"

    def __init__(self) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object alive until finished
        self.task_id = next(_ids)
        self.cancel_token = CancelToken()
        self.signals = TaskSignals()

    def work(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def report_progress(self, done: int | float, total: int | float) -> None:
        self.signals.progress.emit(self.task_id, done, total)

    def run(self) -> None:
        tid = self.task_id
        try:
            self.cancel_token.check()
            result = self.work()
            self.cancel_token.check()
        except CancelledError:
            self.signals.cancelled.emit(tid)
        except BugzotError as exc:
            self.signals.failed.emit(tid, translated(exc), exc)  # in the user's language (core.text)
        except Exception as exc:  # every exception becomes `failed`, never a dead worker
            log.error("task %s crashed:\n%s", self.name, traceback.format_exc())
            message = QCoreApplication.translate("Task", "Unexpected error in {task}: {error}")
            self.signals.failed.emit(tid, message.format(task=self.name, error=repr(exc)), exc)
        else:
            self.signals.succeeded.emit(tid, result)
        finally:
            self.signals.finished.emit(tid)


@dataclass
class _Entry:
    task: Task
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[str, BaseException], None] | None
    on_progress: Callable[[Any, Any], None] | None
    on_cancel: Callable[[], None] | None
    on_finished: Callable[[], None] | None


class TaskRunner(QObject):
    """Owns a QThreadPool; runs tasks and calls back in the GUI thread.

    Signals: active_count_changed(int).
    """

    active_count_changed = Signal(int)

    def __init__(self, max_threads: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._entries: dict[int, _Entry] = {}
        self._closed = False
        _live.add(self)

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    def active_count(self) -> int:
        return len(self._entries)

    def submit(
        self,
        task: Task,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[str, BaseException], None] | None = None,
        on_progress: Callable[[Any, Any], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        priority: int = 0,
    ) -> int:
        """Queue a task; returns its id (for :meth:`cancel`)."""
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        s = task.signals
        s.progress.connect(self._on_task_progress)
        s.succeeded.connect(self._on_task_succeeded)
        s.failed.connect(self._on_task_failed)
        s.cancelled.connect(self._on_task_cancelled)
        s.finished.connect(self._on_task_finished)
        self._entries[task.task_id] = _Entry(task, on_success, on_failure, on_progress, on_cancel, on_finished)
        self._pool.start(task, priority)
        self.active_count_changed.emit(len(self._entries))
        return task.task_id

    def cancel(self, task_id: int) -> None:
        """Cancel cooperatively; a task not yet started is taken off the queue."""
        entry = self._entries.get(task_id)
        if entry is None:
            return
        entry.task.cancel_token.cancel()
        if self._pool.tryTake(entry.task):
            # Never started: deliver the same sequence a running task would.
            entry.task.signals.cancelled.emit(task_id)
            entry.task.signals.finished.emit(task_id)

    def cancel_all(self) -> None:
        for tid in list(self._entries):
            self.cancel(tid)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel everything and wait (bounded) for running tasks. Never terminates a thread."""
        self._closed = True
        self.cancel_all()
        done = self._pool.waitForDone(timeout_ms)
        self._entries.clear()
        return done

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until the pool is idle (for CLI use, never in the GUI)."""
        return self._pool.waitForDone(timeout_ms)

    # -- slots: queued into the GUI thread ---------------------------------
    @Slot(int, object, object)
    def _on_task_progress(self, task_id: int, done: Any, total: Any) -> None:
        entry = self._entries.get(task_id)
        if entry and entry.on_progress and not entry.task.cancel_token.cancelled:
            entry.on_progress(done, total)

    @Slot(int, object)
    def _on_task_succeeded(self, task_id: int, result: Any) -> None:
        entry = self._entries.get(task_id)
        if entry and entry.on_success:
            entry.on_success(result)

    @Slot(int, str, object)
    def _on_task_failed(self, task_id: int, message: str, error: Any) -> None:
        entry = self._entries.get(task_id)
        if entry and entry.on_failure:
            entry.on_failure(message, error)

    @Slot(int)
    def _on_task_cancelled(self, task_id: int) -> None:
        entry = self._entries.get(task_id)
        if entry and entry.on_cancel:
            entry.on_cancel()

    @Slot(int)
    def _on_task_finished(self, task_id: int) -> None:
        entry = self._entries.pop(task_id, None)
        if entry is None:
            return
        if entry.on_finished:
            entry.on_finished()
        self.active_count_changed.emit(len(self._entries))


class FunctionTask(Task):
    """A task that runs a plain function with a cancel token (for small jobs)."""

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "function", **kwargs: Any) -> None:
        super().__init__()
        self.name = name
        self._fn, self._args, self._kwargs = fn, args, kwargs

    def work(self) -> Any:
        return self._fn(*self._args, **self._kwargs)
