"""CompressTask on a TaskRunner: results, failures, and cancellation under load."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from bugzot_desktop.core.imaging import CompressResult
from bugzot_desktop.tasks.compress_task import CompressOptions, CompressTask
from bugzot_desktop.tasks.runner import TaskRunner


def _screenshot(path: Path, size=(800, 400)) -> Path:
    im = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, size[0] // 2 - 1, size[1] - 1), fill=(0, 128, 0))
    im.save(path)
    return path


def _photo(path: Path, size=(1200, 900)) -> Path:
    im = Image.merge("RGB", [Image.effect_noise(size, 40), Image.linear_gradient("L").resize(size),
                             Image.effect_mandelbrot(size, (-2, -1.2, 1, 1.2), 50)])
    im.save(path, quality=95)
    return path


class _Recorder:
    """Collects the runner callbacks of many tasks, keyed by task id."""

    def __init__(self) -> None:
        self.events: dict[int, list[str]] = {}
        self.results: dict[int, CompressResult] = {}
        self.messages: dict[int, str] = {}
        self.started: set[int] = set()

    def submit(self, runner: TaskRunner, task: CompressTask) -> int:
        tid = task.task_id
        self.events[tid] = []

        def on_progress(done, total):
            self.started.add(tid)

        def on_success(result):
            self.results[tid] = result
            self.events[tid].append("succeeded")

        def on_failure(message, error):
            self.messages[tid] = message
            self.events[tid].append("failed")

        runner.submit(
            task,
            on_progress=on_progress,
            on_success=on_success,
            on_failure=on_failure,
            on_cancel=lambda: self.events[tid].append("cancelled"),
            on_finished=lambda: self.events[tid].append("finished"),
        )
        return tid

    def all_finished(self) -> None:
        assert all(ev[-1:] == ["finished"] for ev in self.events.values())


def test_compress_task_returns_the_result(qtbot, tmp_path):
    src = _screenshot(tmp_path / "shot.png")
    runner = TaskRunner(max_threads=1)
    rec = _Recorder()
    tid = rec.submit(runner, CompressTask(src, tmp_path / "out", CompressOptions(max_edge=400, stem="a1")))
    qtbot.waitUntil(rec.all_finished, timeout=10_000)
    assert rec.events[tid] == ["succeeded", "finished"]
    r = rec.results[tid]
    assert (r.width, r.height, r.lossless) == (400, 200, True)
    assert r.path.parent == tmp_path / "out" and r.path.stem == "a1"
    with Image.open(r.path) as out:
        assert out.convert("RGB").getpixel((50, 100)) == (0, 128, 0)
        assert out.convert("RGB").getpixel((350, 100)) == (255, 255, 255)
    runner.shutdown()


def test_compress_task_failure_names_the_file(qtbot, tmp_path):
    src = tmp_path / "notes.png"
    src.write_text("<html><body>not an image</body></html>")
    runner = TaskRunner(max_threads=1)
    rec = _Recorder()
    tid = rec.submit(runner, CompressTask(src, tmp_path / "out"))
    qtbot.waitUntil(rec.all_finished, timeout=10_000)
    assert rec.events[tid] == ["failed", "finished"]
    assert rec.messages[tid] == (
        "File notes.png is an HTML page, not an image; attach a PNG, JPEG, GIF, WebP, BMP, TIFF, AVIF, HEIC file."
    )
    runner.shutdown()


def test_runner_signals_idle_after_the_result(qtbot, tmp_path):
    # Wait on a signal emitted in the GUI thread (the runner's), never on a worker's signal directly.
    src = _screenshot(tmp_path / "shot.png", (64, 32))
    runner = TaskRunner(max_threads=1)
    got: list[CompressResult] = []
    with qtbot.waitSignal(runner.active_count_changed, timeout=10_000, check_params_cb=lambda n: n == 0):
        runner.submit(CompressTask(src, tmp_path / "out"), on_success=got.append)
    assert [(r.format, r.width, r.height, r.path.name) for r in got] == [("WEBP", 64, 32, "shot.webp")]
    runner.shutdown()


def test_cancelling_queued_and_running_tasks_under_load(qtbot, tmp_path):
    """8 photos on 2 threads; cancel all once two run: queued ones never start, no errors, no scratch files."""
    srcs = [_photo(tmp_path / f"p{i}.jpg") for i in range(2)]
    runner = TaskRunner(max_threads=2)
    rec = _Recorder()
    out_dirs = [tmp_path / f"out{i}" for i in range(8)]
    ids = [rec.submit(runner, CompressTask(srcs[i % 2], out_dirs[i], CompressOptions(byte_budget=20_000)))
           for i in range(8)]

    def two_started():
        assert len(rec.started) >= 2

    qtbot.waitUntil(two_started, timeout=10_000)
    running = set(rec.started)
    runner.cancel_all()
    qtbot.waitUntil(rec.all_finished, timeout=30_000)
    assert runner.active_count() == 0
    for tid, out_dir in zip(ids, out_dirs, strict=True):
        outcome = rec.events[tid][:-1]
        if tid in running:
            assert outcome in (["succeeded"], ["cancelled"])
        else:
            assert outcome == ["cancelled"], tid
        leftovers = sorted(p.name for p in out_dir.iterdir()) if out_dir.exists() else []
        assert leftovers == ([f"p{ids.index(tid) % 2}.jpg"] if outcome == ["succeeded"] else [])
    assert rec.messages == {}
    assert runner.shutdown(5000) is True


def test_shutdown_while_compressing_is_clean(qtbot, tmp_path):
    src = _photo(tmp_path / "p.jpg")
    runner = TaskRunner(max_threads=2)
    rec = _Recorder()
    for i in range(4):
        rec.submit(runner, CompressTask(src, tmp_path / f"out{i}", CompressOptions(byte_budget=20_000)))
    qtbot.waitUntil(lambda: len(rec.started) >= 1, timeout=10_000)
    assert runner.shutdown(10_000) is True
    assert rec.messages == {}
