"""tasks/staging.py: PNG save and thumbnails run on the pool and report through the runner."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from bugzot_desktop.tasks.runner import TaskRunner
from bugzot_desktop.tasks.staging import THUMBNAIL_EDGE, SaveImageTask, ThumbnailTask


def _run(qtbot, runner: TaskRunner, task):
    out: dict = {}
    runner.submit(task, on_success=lambda r: out.setdefault("ok", r), on_failure=lambda m, e: out.setdefault("err", m),
                  on_finished=lambda: out.setdefault("done", True))

    def done():
        assert out.get("done")

    qtbot.waitUntil(done, timeout=10_000)
    return out


def test_save_then_thumbnail(qtbot, tmp_path):
    runner = TaskRunner(max_threads=2)
    image = QImage(640, 320, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 200, 30))
    out = _run(qtbot, runner, SaveImageTask(image, tmp_path / "staging", "capture"))
    path = out["ok"]
    assert path.parent == tmp_path / "staging"
    assert path.name.startswith("capture-") and path.suffix == ".png"
    assert [p.name for p in (tmp_path / "staging").iterdir()] == [path.name]  # no temp file left
    back = QImage(str(path))
    assert (back.width(), back.height(), back.pixelColor(5, 5).getRgb()) == (640, 320, (10, 200, 30, 255))

    thumb = _run(qtbot, runner, ThumbnailTask(path, edge=96))["ok"]
    assert (thumb.width, thumb.height) == (640, 320)
    assert (thumb.image.width(), thumb.image.height()) == (96, 48)
    runner.shutdown()


def test_a_file_that_is_not_an_image_is_refused_by_name(qtbot, tmp_path):
    runner = TaskRunner()
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    out = _run(qtbot, runner, ThumbnailTask(bad))
    assert "ok" not in out
    assert out["err"].startswith("File notes.png is an SVG drawing, neither an image nor a plain-text file;")
    runner.shutdown()


def test_a_plain_text_file_gets_a_text_icon(qtbot, tmp_path):
    runner = TaskRunner()
    log = tmp_path / "app.log"
    log.write_text("2026-12-03 INFO started\n", encoding="utf-8")
    out = _run(qtbot, runner, ThumbnailTask(log))
    thumb = out["ok"]
    assert (thumb.path, thumb.kind, thumb.width, thumb.height) == (log, "text", 0, 0)
    assert (thumb.image.width(), thumb.image.height()) == (THUMBNAIL_EDGE, THUMBNAIL_EDGE)
    runner.shutdown()


def test_a_staging_folder_that_cannot_be_written_is_named_plainly(qtbot, tmp_path):
    # A read-only data dir said "Unexpected error in save image: OSError(30, 'Read-only file system')".
    import re

    runner = TaskRunner()
    blocker = tmp_path / "data"
    blocker.write_bytes(b"a file where the data dir should be")
    image = QImage(32, 16, QImage.Format.Format_RGB32)
    image.fill(QColor(1, 2, 3))
    out = _run(qtbot, runner, SaveImageTask(image, blocker / "staging", "screenshot"))
    assert "ok" not in out
    assert re.fullmatch(rf"Could not save screenshot-[0-9a-f]{{8}}\.png in {re.escape(str(blocker / 'staging'))}: "
                        r"Not a directory\.", out["err"]), out["err"]
    runner.shutdown()


def test_an_avif_without_a_qt_plugin_gets_its_thumbnail_from_pillow(qtbot, tmp_path):
    """Qt has no AVIF plugin here: the window refused "pic.avif is not an image BugZot can read
    (Unsupported image format)" while `bugzot compress` and `report --attach` took it (QA)."""
    from PIL import Image
    from PySide6.QtGui import QImageReader

    assert b"avif" not in [bytes(f) for f in QImageReader.supportedImageFormats()]
    pic = tmp_path / "pic.avif"
    Image.new("RGB", (640, 480), (255, 128, 0)).save(pic, quality=90)
    runner = TaskRunner()
    thumb = _run(qtbot, runner, ThumbnailTask(pic, edge=96))["ok"]
    assert (thumb.kind, thumb.width, thumb.height) == ("image", 640, 480)
    assert (thumb.image.width(), thumb.image.height()) == (96, 72)
    r, g, b, _ = thumb.image.pixelColor(48, 36).getRgb()
    assert abs(r - 255) <= 3 and abs(g - 128) <= 3 and b <= 3
    runner.shutdown()
