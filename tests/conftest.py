"""Suite-wide setup: offscreen Qt by default, and no test may leave pool work behind."""

from __future__ import annotations

import os

# Without a display QApplication() aborts the whole process; tests are offscreen
# unless a test starts its own Xvfb (and then runs Qt in a subprocess).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BUGZOT_DATA_DIR", None)
# Messages, numbers and sizes are asserted in English: the suite runs so on a German desktop too
# (tests of the German translation ask for it themselves).
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("LANGUAGE", None)
# Tests never touch the user's real keyring, and a test's own in-memory backend class must not be
# auto-detected as the "system" keyring by every later test (keyring picks any KeyringBackend
# subclass it can see): tokens go to the user-only file unless a test sets a keyring itself.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _collect_in_the_main_thread():
    """Python's cyclic GC runs in the main thread only, as in the app (tasks/gc_guard.py): an automatic
    collection in a pool thread that destroyed a leftover QObject deadlocked the suite against the main
    thread building a widget. Each test's teardown collects as the thresholds say."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _no_leftover_pool_work(request):
    """Fail a Qt test that leaves QThreadPool work running; then collect garbage here, in the main thread."""
    yield
    from bugzot_desktop.core.heap import collect_by_thresholds

    collect_by_thresholds()
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(5000), "test left work on the global QThreadPool"
    from bugzot_desktop.tasks import runner as runner_mod

    leftovers = [r for r in runner_mod.live_runners() if r.active_count()]
    for r in leftovers:
        r.shutdown(5000)
    assert not leftovers, f"test left work running on {len(leftovers)} TaskRunner(s)"


@pytest.fixture
def data_dir(tmp_path):
    """A private data dir for the outbox and settings."""
    d = tmp_path / "data"
    d.mkdir()
    return d
