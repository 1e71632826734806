"""Compression in worker processes: same result as in-thread, cancellable, falls back when broken."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image

from bugzot_desktop.core import imaging, procpool
from bugzot_desktop.core.cancel import CancelToken
from bugzot_desktop.core.errors import CancelledError, ImageError


def _screenshot(path: Path) -> Path:
    im = Image.new("RGB", (800, 600), (240, 240, 240))
    im.paste((20, 90, 200), (0, 0, 800, 40))
    im.paste((200, 30, 30), (100, 100, 300, 200))
    im.save(path)
    return path


@pytest.fixture(autouse=True)
def _fresh_pool():
    procpool.shutdown()
    yield
    procpool.shutdown()


def test_result_matches_in_thread_compression(tmp_path):
    src = _screenshot(tmp_path / "shot.png")
    a = procpool.compress_in_process(src, tmp_path / "p", max_edge=400, stem="x")
    b = imaging.compress(src, tmp_path / "t", max_edge=400, stem="x")
    assert (a.format, a.width, a.height, a.lossless) == (b.format, b.width, b.height, b.lossless) == (b.format, 400, 300, True)
    with Image.open(a.path) as im:
        assert im.size == (400, 300)
        assert im.convert("RGB").getpixel((100, 75)) == (200, 30, 30)


def test_errors_come_back_with_the_file_name(tmp_path):
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    fallbacks = procpool.fallbacks
    with pytest.raises(imaging.NotAnImageError) as err:
        procpool.compress_in_process(bad, tmp_path / "out")
    assert "notes.png" in str(err.value) and err.value.what
    # it came back from the worker: its error could not be unpickled, which broke the whole pool and the
    # job ran again here (QA)
    assert procpool.fallbacks == fallbacks


def test_a_pool_that_lost_its_manager_thread_does_not_leave_its_callers_waiting(tmp_path, monkeypatch):
    """Python 3.11: a pool that breaks while a cancelled job is queued loses its manager thread, and its other
    futures never finish; callers polled forever (QA)."""
    from concurrent.futures import Future

    dead = threading.Thread(target=lambda: None)
    dead.start()
    dead.join()

    class Orphaning:
        _executor_manager_thread = dead

        def submit(self, *a, **k):
            return Future()  # never settled

        def shutdown(self, **k):
            pass

    pool = Orphaning()
    monkeypatch.setattr(procpool, "_pool", pool)
    fallbacks = procpool.fallbacks
    res = procpool.compress_in_process(_screenshot(tmp_path / "s.png"), tmp_path / "out", max_edge=200)
    assert (res.width, res.height) == (200, 150)  # done in this thread instead
    assert procpool.fallbacks == fallbacks + 1 and procpool._pool is None


def test_cancel_before_start_raises_and_writes_nothing(tmp_path):
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        procpool.compress_in_process(_screenshot(tmp_path / "s.png"), tmp_path / "out", cancel=token)
    assert not (tmp_path / "out").exists()


def test_cancel_while_waiting_returns_at_once(tmp_path):
    token = CancelToken()
    src = _screenshot(tmp_path / "s.png")
    result: list[BaseException] = []

    def run():
        try:
            procpool.compress_in_process(src, tmp_path / "out", cancel=token)
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            result.append(exc)

    t = threading.Thread(target=run)
    t.start()
    token.cancel()
    t.join(30)
    assert not t.is_alive()
    assert result and isinstance(result[0], (CancelledError,))


def test_a_broken_pool_falls_back_to_this_thread(tmp_path, monkeypatch):
    class Broken:
        def submit(self, *a, **k):
            raise RuntimeError("cannot schedule new futures after shutdown")

    monkeypatch.setattr(procpool, "_get_pool", lambda: Broken())
    res = procpool.compress_in_process(_screenshot(tmp_path / "s.png"), tmp_path / "out", max_edge=200)
    assert (res.width, res.height) == (200, 150)


def test_sniff_in_process_names_the_file(tmp_path):
    bad = tmp_path / "page.png"
    bad.write_text("<html><body>not an image</body></html>")
    with pytest.raises(ImageError) as err:
        procpool.sniff_in_process(bad, name="report page.png")
    assert "report page.png" in str(err.value)
    good = _screenshot(tmp_path / "ok.png")
    info = procpool.sniff_in_process(good)
    assert (info.format, info.width, info.height) == ("PNG", 800, 600)


def test_worker_processes_keep_their_heap_warm_and_jobs_are_bracketed(tmp_path, monkeypatch):
    state = procpool.run_in_process(procpool.worker_state)
    import os

    assert state["pid"] != os.getpid()  # really ran in a worker
    assert state["heap_warm"] is (procpool.heap._libc is not None)
    assert state["job_count_shared"]  # resize bands only when all the workers together leave a core idle

    events: list[str] = []

    class Recorder:
        def job_started(self) -> None:
            events.append("start")

        def job_finished(self) -> None:
            events.append("end")

    monkeypatch.setattr(procpool, "_trimmer", Recorder())

    def boom() -> None:
        events.append("run")
        raise ValueError("bad")

    with pytest.raises(ValueError):
        procpool._in_worker(boom, (), {})
    assert events == ["start", "run", "end"]  # finished even when the job raised: the trim timer is armed


def test_workers_end_when_their_app_is_gone_without_a_shutdown(tmp_path):
    """An app killed (or ended by a signal it did not handle) left its image workers running (newcomer5 #4)."""
    import os
    import select
    import subprocess
    import sys
    import textwrap

    if not hasattr(os, "pidfd_open"):
        pytest.skip("needs pidfd_open (Linux) to wait for a process that is not our child")
    script = textwrap.dedent(
        """
        import os, sys
        from bugzot_desktop.core import procpool
        if __name__ == "__main__":
            print(procpool.run_in_process(os.getpid), flush=True)
            os._exit(0)  # no shutdown, no atexit: as if killed
        """
    )
    (tmp_path / "app.py").write_text(script)
    res = subprocess.run([sys.executable, str(tmp_path / "app.py")], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    worker = int(res.stdout.strip())
    try:
        fd = os.pidfd_open(worker)
    except ProcessLookupError:
        return  # already gone
    try:
        ready, _, _ = select.select([fd], [], [], 10 * procpool.PARENT_CHECK_S)  # readable once it has exited
        assert ready, f"worker {worker} still runs after its app ended"
    finally:
        os.close(fd)
