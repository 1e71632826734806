"""tasks/gc_guard.py: cyclic garbage is collected in the GUI thread, never in a pool thread.

A collection in a pool thread that destroyed a leftover QObject deadlocked the suite against the
main thread building a widget (Qt's connection mutex on one side, the GIL on the other)."""

from __future__ import annotations

import gc
import threading

from bugzot_desktop.tasks.gc_guard import GuiThreadCollector
from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner


class _Cycle:
    """Cyclic garbage that says in which thread it was collected."""

    seen: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.seen.append(threading.current_thread().name)


def test_garbage_made_on_the_pool_is_collected_in_the_gui_thread(qtbot):
    was = gc.isenabled()
    gc.enable()  # as in the app before the collector starts (the suite itself runs with it off)
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        _Cycle.seen.clear()
        runner = TaskRunner()

        def make_garbage() -> int:
            for _ in range(20_000):  # far past the gen-0 threshold: automatic GC would run right here
                _Cycle()
            return 0

        done: list[int] = []
        runner.submit(FunctionTask(make_garbage, name="garbage"), on_success=done.append)
        qtbot.waitUntil(lambda: done == [0], timeout=10_000)
        runner.shutdown()
        qtbot.waitUntil(lambda: len(_Cycle.seen) == 20_000, timeout=10_000)  # the timer's collections
        assert set(_Cycle.seen) == {threading.main_thread().name}
    finally:
        collector.stop()
        assert gc.isenabled()
        if not was:
            gc.disable()
