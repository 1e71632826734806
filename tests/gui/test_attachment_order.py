"""Attachments keep the order the user picked them in, whatever order their background checks finish in."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.gui import composer as composer_mod
from bugzot_desktop.gui import main_window as mw
from bugzot_desktop.tasks.staging import ThumbnailTask
from tests.gui.conftest import make_png


@pytest.fixture
def last_done(monkeypatch):
    """The first picked file's check waits until every other file is attached, so it finishes last for sure."""
    gate = threading.Event()
    first: dict[str, Path] = {}

    class GatedThumbnailTask(ThumbnailTask):
        def work(self):
            if self._path == first.get("path"):
                gate.wait(timeout=10)  # set from the GUI thread once the other files are in
            return super().work()

    monkeypatch.setattr(composer_mod, "ThumbnailTask", GatedThumbnailTask)
    yield first, gate
    gate.set()


def _files(tmp_path: Path) -> list[Path]:
    big = make_png(tmp_path / "a-big.png", (10, 10, 10), (1600, 1200))
    log = tmp_path / "b-notes.txt"
    log.write_text("2026-12-03 INFO started\n", encoding="utf-8")
    small = make_png(tmp_path / "c-small.png", (0, 200, 0), (20, 10))
    mid = make_png(tmp_path / "d-mid.png", (0, 0, 200), (300, 200))
    return [big, log, small, mid]


def test_picked_order_is_the_order_shown_stored_and_reviewed(qtbot, parts, tmp_path, monkeypatch, data_dir, pass_review,
                                                               last_done):
    first, gate = last_done
    files = _files(tmp_path)
    first["path"] = files[0]
    names = [f.name for f in files]
    finished: list[str] = []

    def on_added(_row, attachment, _thumb):
        finished.append(attachment.filename)
        if len(finished) == len(files) - 1:
            gate.set()

    parts.composer.attachment_added.connect(on_added)
    monkeypatch.setattr(mw.FilePicker, "ask", classmethod(lambda cls, parent: [str(f) for f in files]))
    w = parts.window
    w.form.ui.titleEdit.setText("Order")
    w.attach_button.click()

    def all_in():
        assert [a.filename for a in parts.composer.attachments] == names
        assert not parts.composer.busy

    qtbot.waitUntil(all_in, timeout=10_000)
    assert finished[-1] == "a-big.png"  # the checks did finish out of order
    assert [w.attachments.item(i).text() for i in range(w.attachments.count())] == names
    assert [a.path for a in parts.composer.attachments] == files
    assert parts.composer.is_image(0) and not parts.composer.is_image(1)  # kinds follow their files

    with qtbot.waitSignal(parts.composer.submitted, timeout=10_000) as sent:
        w.submit_button.click()
    assert [[a.filename for a in r.attachments] for r in pass_review] == [names]
    entry = Outbox(data_dir).get(sent.args[0])
    assert [a.filename for a in entry.attachments] == names

    # Outbox → Edit: the list comes back in the same order, although the first file is again checked last.
    gate.clear()
    first["path"] = entry.attachments[0].path
    finished.clear()
    parts.composer.load(entry.to_report(), editing=True)
    qtbot.waitUntil(all_in, timeout=10_000)
    assert finished[-1] == "a-big.png"
    assert [w.attachments.item(i).text() for i in range(w.attachments.count())] == names


def test_a_refused_file_leaves_no_gap_and_the_rest_keep_their_order(qtbot, parts, tmp_path):
    good1 = make_png(tmp_path / "one.png", size=(900, 700))
    bad = tmp_path / "two.png"
    bad.write_bytes(b"<html><body>not an image</body></html>")
    good3 = tmp_path / "three.log"
    good3.write_text("plain text\n", encoding="utf-8")
    parts.composer.add_files([good1, bad, good3])

    def done():
        assert [a.filename for a in parts.composer.attachments] == ["one.png", "three.log"]
        assert not parts.composer.busy

    qtbot.waitUntil(done, timeout=10_000)
    w = parts.window
    assert [w.attachments.item(i).text() for i in range(w.attachments.count())] == ["one.png", "three.log"]


def test_a_pipe_among_picked_files_is_named_with_the_other_refusals(qtbot, parts, tmp_path, monkeypatch):
    import os

    good = make_png(tmp_path / "good.png", (0, 200, 0), (20, 10))
    fifo = tmp_path / "fifo.png"
    os.mkfifo(fifo)  # read, it would wait for a writer forever
    cut = tmp_path / "cut.gif"
    cut.write_bytes(b"GIF89a\x10\x00\x10\x00\x80\x00\x00")
    good2 = make_png(tmp_path / "good2.png", (0, 0, 200), (20, 10))
    problems: list[tuple[str, str]] = []
    parts.composer.problem.connect(lambda line, details: problems.append((line, details)))
    monkeypatch.setattr(mw.FilePicker, "ask", classmethod(lambda cls, parent: [str(f) for f in (fifo, good, cut, good2)]))
    w = parts.window
    w.form.ui.titleEdit.setText("Kept")
    w.attach_button.click()
    qtbot.waitUntil(lambda: not parts.composer.busy and bool(problems), timeout=10_000)
    assert [a.filename for a in parts.composer.attachments] == ["good.png", "good2.png"]
    (line, details), = problems
    assert line == "2 files were not attached (fifo.png, cut.gif). Everything else in the report is unchanged."
    first, second = details.split("\n")
    assert first == ("fifo.png is not a regular file (a pipe, device or socket); save the image to a file and "
                     "attach that.")
    assert second.startswith("File cut.gif ")
    assert w.form.ui.titleEdit.text() == "Kept"


def test_files_attached_in_one_go_are_named_on_one_line(qtbot, parts, tmp_path, monkeypatch):
    files = _files(tmp_path)
    monkeypatch.setattr(mw.FilePicker, "ask", classmethod(lambda cls, parent: [str(f) for f in files]))
    parts.window.attach_button.click()
    qtbot.waitUntil(lambda: len(parts.composer.attachments) == 4 and not parts.composer.busy, timeout=10_000)
    assert parts.window.status_text() == "Attached a-big.png, b-notes.txt, c-small.png, d-mid.png."


def test_a_name_with_a_bidi_override_is_listed_and_announced_escaped(qtbot, parts, tmp_path):
    """notes\u202egnp.png was listed as "notesgnp.png" reversed (it read as another file type) (QA)."""
    odd = make_png(tmp_path / "shot\u202egnp.png")
    parts.composer.add_files([str(odd)])
    qtbot.waitUntil(lambda: parts.window.attachments.count() == 1 and not parts.composer.busy)
    item = parts.window.attachments.item(0)
    assert item.text() == "shot\\u202egnp.png" and "\u202e" not in item.toolTip()
    qtbot.waitUntil(lambda: "Attached" in parts.window.status_text())
    assert parts.window.status_text() == "Attached shot\\u202egnp.png."
