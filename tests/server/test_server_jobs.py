"""Durable post-processing: after the response, from the stored file, retried, resumed after a restart."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from PIL import Image
from server_helpers import LiveUvicorn, make_settings, png_bytes, post_report
from sqlalchemy import select, update

from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.wire import FileInfo, build_report_json, sha256_file
from bugzot_server import tokens
from bugzot_server.db import Job, utcnow
from bugzot_server.main import create_app


def _report(client, auth, rid: int) -> dict:
    return client.get(f"/api/v1/reports/{rid}", headers=auth).json()


def test_thumbnail_appears_after_the_response(tmp_path, database_url) -> None:
    # No claimer at first: the 201 is sent with the jobs still pending.
    app = create_app(make_settings(tmp_path, database_url, job_threads=0))
    with TestClient(app) as client:
        auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
        r = post_report(client, [("big.png", png_bytes(2000, 1000))], auth)
        assert r.status_code == 201
        att = _report(client, auth, r.json()["id"])["attachments"][0]
        assert (att["thumbnail_url"], att["preview_url"], att["processing"]) == (None, None, "pending")
        assert "processing" in client.get(f"/reports/{r.json()['id']}").text
        runner = app.state.jobs
        runner.start(1)
        assert runner.wait_for(lambda: _report(client, auth, r.json()["id"])["attachments"][0]["processing"] == "ready")
        att = _report(client, auth, r.json()["id"])["attachments"][0]
        thumb = client.get(att["thumbnail_url"].removeprefix("http://testserver"))
        preview = client.get(att["preview_url"].removeprefix("http://testserver"))
        assert thumb.headers["content-type"] == "image/webp"
        assert thumb.headers["x-content-type-options"] == "nosniff"
        assert thumb.headers["content-disposition"] == "inline; filename=\"big.thumbnail.webp\"; filename*=UTF-8''big.thumbnail.webp"
        (tmp_path / "t.webp").write_bytes(thumb.content)
        (tmp_path / "p.webp").write_bytes(preview.content)
        assert Image.open(tmp_path / "t.webp").size == (256, 128)
        assert Image.open(tmp_path / "p.webp").size == (1280, 640)


def test_failing_job_is_retried_then_shown_failed(tmp_path, database_url) -> None:
    settings = make_settings(tmp_path, database_url, job_threads=0)
    app = create_app(settings)
    with TestClient(app) as client:
        auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
        rid = post_report(client, [("x.png", png_bytes())], auth).json()["id"]
        # The work reads the stored original: remove it, so every attempt fails.
        for p in (settings.data_dir / "storage" / "files").rglob("*"):
            if p.is_file():
                p.unlink()

        def statuses() -> list[tuple[str, str, int]]:
            with app.state.db.read() as s:
                return [(j.kind, j.status, j.attempts) for j in s.scalars(select(Job).order_by(Job.kind))]

        app.state.jobs.start(1)
        assert app.state.jobs.wait_for(lambda: all(st == "failed" for _, st, _ in statuses()))
        assert statuses() == [("preview", "failed", 3), ("thumbnail", "failed", 3)]
        att = _report(client, auth, rid)["attachments"][0]
        assert att["processing"] == "failed"
        assert att["error"] == "thumbnail and preview: the stored original is missing from the server's storage directory."
        page = client.get(f"/reports/{rid}").text
        assert "Processing failed: thumbnail and preview: the stored original is missing" in page
        thumb = client.get(f"/attachments/{att['id']}/thumbnail", headers=auth | {"Accept": "application/json"})
        assert thumb.status_code == 404
        assert thumb.json()["detail"].startswith(f"The thumbnail of attachment {att['id']} could not be made (thumbnail")


def test_jobs_resume_after_restart_and_after_a_lost_worker(tmp_path, database_url) -> None:
    settings = make_settings(tmp_path, database_url, job_threads=0)
    app = create_app(settings)
    with TestClient(app) as client:
        auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
        rid = post_report(client, [("a.png", png_bytes())], auth).json()["id"]
        # A worker claimed one job and died: its lease runs out.
        with app.state.db.write() as s:
            s.execute(update(Job).where(Job.kind == "thumbnail").values(
                status="running", attempts=1, lease_until=utcnow() - dt.timedelta(seconds=1)))
    # "Restart": a new app on the same data dir and database, now with a claimer.
    app2 = create_app(make_settings(tmp_path, database_url, job_threads=1))
    with TestClient(app2) as client:
        assert app2.state.jobs.wait_for(lambda: _report(client, auth, rid)["attachments"][0]["processing"] == "ready")
    with app2.state.db.read() as s:
        assert sorted((j.kind, j.status, j.attempts) for j in s.scalars(select(Job))) == [
            ("preview", "done", 1), ("thumbnail", "done", 2)]


def test_cpu_work_runs_in_a_worker_process_under_real_uvicorn(tmp_path, database_url) -> None:
    """Contract test: the desktop's own SubmitClient against the real app under uvicorn."""
    app = create_app(make_settings(tmp_path, database_url, job_processes=1))
    token = tokens.create(app.state.db, "desk")
    srv = LiveUvicorn(app)
    try:
        img = tmp_path / "shot.png"
        img.write_bytes(png_bytes(800, 600))
        digest, size = sha256_file(img)
        report = build_report_json("0b6c9a6e-2d4e-4d3c-9a59-1a1f3c3b0d11", {"title": "From the desktop"}, {"app": "x"},
                                   [FileInfo("shot.png", size, digest)])
        with SubmitClient(srv.url, token) as sc:
            first = sc.submit(report, [("shot.png", img, "image/png")])
            again = sc.submit(report, [("shot.png", img, "image/png")])
        assert (first.created, again.created, first.id, again.id) == (True, False, first.id, first.id)
        assert first.url == f"{srv.url}/reports/{first.id}"
        import requests

        def ready() -> bool:
            got = requests.get(f"{srv.url}/api/v1/reports/{first.id}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
            return got.json()["attachments"][0]["thumbnail_url"] is not None

        assert app.state.jobs.wait_for(ready, timeout=60)
        assert app.state.jobs._pool is not None  # the work went through the process pool
    finally:
        srv.stop()


def test_orphan_originals_are_swept_but_young_files_kept(client, auth, app, settings) -> None:
    import os

    from bugzot_server.jobs import sweep_orphans

    post_report(client, [("kept.png", png_bytes())], auth)
    storage = app.state.storage
    old = storage.original_path("ab" + "0" * 30)
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"left by a crash")
    os.utime(old, (1_000_000, 1_000_000))
    young = storage.original_path("cd" + "0" * 30)
    young.parent.mkdir(exist_ok=True)
    young.write_bytes(b"a commit may be on its way")
    referenced = [p for p in (settings.data_dir / "storage" / "files").rglob("*") if p.is_file() and p not in (old, young)]
    for p in referenced:
        os.utime(p, (1_000_000, 1_000_000))
    assert sweep_orphans(app.state.db, storage) == 1
    assert (old.exists(), young.exists(), all(p.exists() for p in referenced), len(referenced)) == (False, True, True, 1)


def _claimed(app, settings):
    from bugzot_server.jobs import claim_one

    job = claim_one(app.state.db, settings)
    assert job is not None
    return job


def _job_row(app, job_id: int) -> tuple[str, int, dt.datetime | None]:
    with app.state.db.read() as s:
        j = s.get(Job, job_id)
        return j.status, j.attempts, j.lease_until


def test_a_running_job_keeps_its_lease_and_a_stopping_node_gives_it_back(tmp_path, database_url) -> None:
    import concurrent.futures as cf
    import threading

    from bugzot_server.jobs import _Stopping, claim_one

    settings = make_settings(tmp_path, database_url, job_threads=0, job_lease_seconds=0.9)
    app = create_app(settings)
    with TestClient(app) as client:
        auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
        post_report(client, [("a.png", png_bytes())], auth)
        runner = app.state.jobs
        job = _claimed(app, settings)
        first_lease = _job_row(app, job.id)[2]
        work: cf.Future = cf.Future()  # the pool's future, finished by hand
        outcome: list[object] = []

        def wait() -> None:
            try:
                outcome.append(runner._await(job, work))
            except _Stopping as exc:
                outcome.append(exc)

        t = threading.Thread(target=wait)
        t.start()
        # Renewed while it runs: after several lease lengths it is still this claimer's, never claimable.
        renewals, others = [], []
        while len(renewals) < 4:
            lease = _job_row(app, job.id)[2]
            if lease != (renewals[-1] if renewals else first_lease):
                renewals.append(lease)
                # Another claimer looks right after each renewal: it may take the preview job, never this one.
                if (other := claim_one(app.state.db, settings)) is not None:
                    others.append(other)
        assert others and {o.kind for o in others} == {"preview"}  # unrenewed, its short lease runs out: claimed again
        assert _job_row(app, job.id)[:2] == ("running", 1)
        work.set_result(("x.webp", "image/webp"))
        t.join(10)
        assert outcome == [("x.webp", "image/webp")]

        # Stopping: the job goes back at once, due now, the attempt not counted.
        job2 = others[-1]
        outcome.clear()
        work = cf.Future()
        t = threading.Thread(target=wait)
        job = job2
        t.start()
        runner._stop.set()
        t.join(10)
        assert isinstance(outcome[0], _Stopping)
        status, attempts, lease = _job_row(app, job2.id)
        assert (status, attempts, lease) == ("pending", job2.attempts - 1, None)
        runner._stop.clear()
        again = claim_one(app.state.db, settings)
        assert again is not None and again.id == job2.id
