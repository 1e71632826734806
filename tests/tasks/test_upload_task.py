"""Enqueue, compress-attachment, upload and deliver tasks on the pool, against a real server."""

from __future__ import annotations

from pathlib import Path

from live_server import live_server_fixture  # noqa: F401  (registers `live_server`)
from PIL import Image

from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.tasks.enqueue_task import EnqueueTask
from bugzot_desktop.tasks.runner import TaskRunner
from bugzot_desktop.tasks.upload_task import CompressAttachmentTask, DeliverTask, UploadTask


def _noisy_png(path: Path, size=(800, 600)) -> Path:
    # Random-ish content so the upload is big enough to report progress in steps.
    im = Image.effect_noise(size, 80).convert("RGB")
    im.save(path)
    return path


def _run(qtbot, runner: TaskRunner, task, **callbacks):
    """Submit and wait for exactly one of succeeded/failed; returns ('ok', result) or ('failed', msg, err)."""
    got: list = []
    runner.submit(
        task,
        on_success=lambda r: got.append(("ok", r)),
        on_failure=lambda m, e: got.append(("failed", m, e)),
        **callbacks,
    )
    qtbot.waitUntil(lambda: runner.active_count() == 0 and len(got) == 1, timeout=30_000)
    return got[0]


def test_enqueue_then_compress_then_upload(qtbot, tmp_path, data_dir, live_server):
    runner = TaskRunner(max_threads=2)
    try:
        report = Report(title="Pool path", attachments=[Attachment(_noisy_png(tmp_path / "a.png"))])
        kind, entry = _run(qtbot, runner, EnqueueTask(data_dir, report))
        assert kind == "ok" and entry.client_id == report.client_id and entry.state == "queued"
        ob = Outbox(data_dir)
        assert ob.claim(entry.client_id)
        kind, comp = _run(qtbot, runner, CompressAttachmentTask(ob, entry.client_id, 0, Settings(max_edge=400)))
        assert kind == "ok" and comp.path.is_file()
        with Image.open(comp.path) as im:
            assert max(im.size) == 400
        progress: list[tuple[int, int]] = []
        kind, outcome = _run(
            qtbot,
            runner,
            UploadTask(ob, lambda: SubmitClient(live_server.url), entry.client_id),
            on_progress=lambda d, t: progress.append((d, t)),
        )
        assert kind == "ok" and outcome.status == "sent"
        assert progress[-1][0] == progress[-1][1] and len(progress) >= 2
        assert ob.get(entry.client_id).state == "sent"
        assert live_server.count_by_client_id() == {entry.client_id: 1}
    finally:
        runner.shutdown()


def test_enqueue_refusal_names_the_field(qtbot, data_dir):
    runner = TaskRunner()
    try:
        kind, msg, err = _run(qtbot, runner, EnqueueTask(data_dir, Report(title="")))
        assert (kind, msg, type(err)) == (
            "failed",
            "Title is required: describe the bug in a few words.",
            BadInputError,
        )
        assert Outbox(data_dir).list() == []
    finally:
        runner.shutdown()


def test_deliver_task_does_every_step(qtbot, tmp_path, data_dir, live_server):
    runner = TaskRunner()
    try:
        ob = Outbox(data_dir)
        e = ob.add(Report(title="One task", attachments=[Attachment(_noisy_png(tmp_path / "b.png", (300, 200)))]))
        kind, outcome = _run(
            qtbot, runner, DeliverTask(ob, lambda: SubmitClient(live_server.url), e.client_id, Settings())
        )
        assert (kind, outcome.status, outcome.url) == ("ok", "sent", ob.get(e.client_id).server_url)
        # A second deliver of the same report finds nothing to claim.
        kind, again = _run(
            qtbot, runner, DeliverTask(ob, lambda: SubmitClient(live_server.url), e.client_id, Settings())
        )
        assert (kind, again.status) == ("ok", "busy")
        assert live_server.count_by_client_id() == {e.client_id: 1}
    finally:
        runner.shutdown()
