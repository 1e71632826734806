"""The desktop's real pieces against the server: an outbox bundle, settings by environment, claim races."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_helpers import make_settings, png_bytes, post_report

from bugzot_desktop.core.bundle import write_bundle
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_server import tokens
from bugzot_server.config import Settings
from bugzot_server.jobs import claim_one
from bugzot_server.main import create_app


def test_bundle_from_a_real_outbox_imports_once(client, auth, tmp_path: Path) -> None:
    img = tmp_path / "capture.png"
    img.write_bytes(png_bytes(1200, 800))
    outbox = Outbox(tmp_path / "desk")
    entry = outbox.add(Report(title="Offline bug", severity="minor", attachments=[Attachment(img, "capture.png")]))
    bundle = tmp_path / "waiting.bzb"
    assert write_bundle(outbox, bundle) == 1
    headers = {**auth, "Content-Type": "application/zip"}
    first = client.post("/api/v1/bundles", headers=headers, content=bundle.read_bytes()).json()
    again = client.post("/api/v1/bundles", headers=headers, content=bundle.read_bytes()).json()
    assert (first["imported"], first["already_present"], again["imported"], again["already_present"]) == (1, 0, 0, 1)
    report = client.get(f"/api/v1/reports/{first['reports'][0]['id']}", headers=auth).json()
    assert (report["client_id"], report["title"], report["severity"]) == (entry.client_id, "Offline bug", "minor")
    assert [(a["filename"], a["content_type"]) for a in report["attachments"]] == [("capture.webp", "image/webp")]  # compressed like an upload


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_settings_from_the_environment(monkeypatch, tmp_path: Path, database_url) -> None:
    monkeypatch.setenv("BUGZOT_OPEN", "1")
    monkeypatch.setenv("BUGZOT_SERVER_DATA_DIR", str(tmp_path / "env-dir"))
    monkeypatch.setenv("BUGZOT_DATABASE_URL", "postgresql://bz@db.example/bugzot")
    monkeypatch.setenv("BUGZOT_MAX_FILES", "7")
    s = Settings()
    assert (s.open, s.data_dir, s.max_files) == (True, tmp_path / "env-dir", 7)
    assert s.resolved_database_url() == "postgresql+psycopg://bz@db.example/bugzot"
    assert Settings(database_url="postgres://x@h/d").resolved_database_url() == "postgresql+psycopg://x@h/d"
    monkeypatch.delenv("BUGZOT_DATABASE_URL")
    assert Settings().resolved_database_url() == f"sqlite:///{tmp_path / 'env-dir' / 'bugzot.sqlite3'}"


def test_concurrent_claimers_never_share_a_job(tmp_path, database_url) -> None:
    settings = make_settings(tmp_path, database_url, job_threads=0)
    app = create_app(settings)
    with TestClient(app) as c:
        auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
        for _ in range(6):
            assert post_report(c, [("a.png", png_bytes(8, 8))], auth).status_code == 201
    claimed: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def claimer() -> None:
        barrier.wait()
        while (job := claim_one(app.state.db, settings)) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(claimed) == list(range(1, 13))  # 6 reports × (thumbnail, preview), each exactly once
    app.state.db.dispose()
