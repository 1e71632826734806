"""TaskRunner: delivery order, failure path, cancellation, and the PySide6 emit regression."""

from __future__ import annotations

import threading

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.tasks.runner import FunctionTask, Task, TaskRunner


class _Counting(Task):
    name = "counting"

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def work(self) -> int:
        for i in range(self.n):
            self.report_progress(i + 1, self.n)
        return self.n


def test_every_signal_is_delivered_in_order(qtbot):
    runner = TaskRunner(max_threads=2)
    events: list[tuple] = []
    done = []
    tasks = [_Counting(200) for _ in range(4)]
    for t in tasks:
        runner.submit(
            t,
            on_progress=lambda d, tot, t=t: events.append((t.task_id, "p", d)),
            on_success=lambda r, t=t: events.append((t.task_id, "ok", r)),
            on_finished=lambda t=t: done.append(t.task_id),
        )

    def all_done():
        assert len(done) == 4

    qtbot.waitUntil(all_done, timeout=10_000)
    for t in tasks:
        mine = [e for e in events if e[0] == t.task_id]
        assert [e[2] for e in mine[:-1]] == list(range(1, 201))
        assert mine[-1] == (t.task_id, "ok", 200)
    assert runner.active_count() == 0
    runner.shutdown()


def test_failure_carries_the_message_and_comes_before_finished(qtbot):
    runner = TaskRunner()
    seen: list[str] = []

    def boom():
        raise BadInputError("File x.png is not an image.")

    runner.submit(
        FunctionTask(boom),
        on_failure=lambda msg, err: seen.append(f"failed:{msg}:{type(err).__name__}"),
        on_success=lambda r: seen.append("ok"),
        on_finished=lambda: seen.append("finished"),
    )
    qtbot.waitUntil(lambda: seen[-1:] == ["finished"], timeout=5000)
    assert seen == ["failed:File x.png is not an image.:BadInputError", "finished"]
    runner.shutdown()


def test_unexpected_exceptions_become_failed(qtbot):
    runner = TaskRunner()
    seen: list[str] = []
    runner.submit(FunctionTask(lambda: 1 / 0, name="divide"), on_failure=lambda m, e: seen.append(m), on_finished=lambda: seen.append("end"))
    qtbot.waitUntil(lambda: seen[-1:] == ["end"], timeout=5000)
    assert seen[0].startswith("Unexpected error in divide: ZeroDivisionError")
    runner.shutdown()


def test_cancel_queued_and_running_tasks(qtbot):
    runner = TaskRunner(max_threads=1)
    started = threading.Event()
    release = threading.Event()
    seen: list[str] = []

    def blocker(token_holder):
        started.set()
        release.wait(5)
        token_holder[0].cancel_token.check()
        return "not reached"

    holder: list[Task] = []
    running = FunctionTask(blocker, holder, name="blocker")
    holder.append(running)
    queued = FunctionTask(lambda: "queued ran", name="queued")
    runner.submit(running, on_cancel=lambda: seen.append("running-cancelled"), on_success=seen.append)
    runner.submit(queued, on_cancel=lambda: seen.append("queued-cancelled"), on_success=seen.append)
    assert started.wait(5)
    runner.cancel(queued.task_id)
    runner.cancel(running.task_id)
    release.set()
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=5000)
    assert sorted(seen) == ["queued-cancelled", "running-cancelled"]
    runner.shutdown()


def test_thousands_of_emits_do_not_corrupt_the_interpreter(qtbot):
    """Regression for PySide6 6.12.0 on Python 3.11: each Python-side emit leaked a
    reference to True, and the process aborted after a few hundred emits."""
    runner = TaskRunner(max_threads=2)
    total = []
    n_tasks, n_emits = 4, 1500
    for _ in range(n_tasks):
        runner.submit(_Counting(n_emits), on_progress=lambda d, t: total.append(d))
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=30_000)
    assert len(total) == n_tasks * n_emits
    # Direct emits on the GUI thread too (the 6.12 bug needs no threads).
    t = _Counting(1)
    got = []
    t.signals.finished.connect(lambda tid: got.append(tid))
    for _ in range(3000):
        t.signals.finished.emit(7)
    assert len(got) == 3000 and True is not False
    runner.shutdown()
