"""Python's cyclic garbage collector, run in the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is
crossed: a pool thread. When the garbage holds a Qt object, its C++ destructor then runs in that
thread, takes Qt's connection mutex and waits for the GIL; meanwhile the GUI thread, holding the
GIL, waits for that mutex to connect a signal. Seen as a hang of the test suite (a QTableWidget
being built while a pool worker's collection destroyed a leftover QObject). The usual remedy for
PySide/PyQt applications with worker threads (pyqtgraph's GarbageCollector does the same): turn
automatic collection off and collect from a GUI-thread timer with the same generation thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

from bugzot_desktop.core.heap import collect_by_thresholds

INTERVAL_MS = 500  # often enough that garbage does not pile up; a gen-0 pass costs well under a millisecond


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects from a timer in the thread it lives in (the GUI's).

    :meth:`stop` turns automatic collection back on (the app's shutdown; tests)."""

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start(interval_ms)

    @Slot()
    def _on_timer_timeout(self) -> None:
        collect_by_thresholds()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
