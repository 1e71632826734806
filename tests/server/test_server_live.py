"""Against real servers: concurrent duplicates, the `bugzot-server` command itself, `worker` processes."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from server_helpers import LiveUvicorn, free_port, make_settings, multipart, png_bytes, report_for, stored_files

from bugzot_server import tokens
from bugzot_server.main import create_app


def test_concurrent_duplicates_store_one_report(tmp_path, database_url) -> None:
    app = create_app(make_settings(tmp_path, database_url))
    auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
    srv = LiveUvicorn(app)
    try:
        files = [("same.png", png_bytes(400, 300))]
        report = report_for(files)
        barrier = threading.Barrier(6)
        answers: list[tuple[int, dict]] = []

        def send() -> None:
            barrier.wait()
            r = requests.post(srv.url + "/api/v1/reports", headers=auth, timeout=30, **multipart(report, files))
            answers.append((r.status_code, r.json()))

        threads = [threading.Thread(target=send) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(code for code, _ in answers) == [200, 200, 200, 200, 200, 201]
        assert len({body["id"] for _, body in answers}) == 1
        assert sum(body["created"] for _, body in answers) == 1
        listing = requests.get(srv.url + "/api/v1/reports", headers=auth, timeout=10).json()
        assert listing["total"] == 1
        data_dir = tmp_path / "srv"
        assert len([p for p in stored_files(data_dir) if "/files/" in str(p)]) == 1
        assert list((data_dir / "storage" / "tmp").iterdir()) == []
    finally:
        srv.stop()


def _wait_health(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        try:
            proc.wait(timeout=0.1)  # doubles as the poll interval and notices a crash
            raise AssertionError(f"server exited {proc.returncode}")
        except subprocess.TimeoutExpired:
            pass
    raise AssertionError("server did not become ready")


def _exited(pid: int, timeout: float) -> bool:
    """Wait for a process that is not our child to end (a pidfd becomes readable when it does)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    finally:
        os.close(fd)


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate(timeout=30)
    return err


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_bugzot_server_command_open_on_all_interfaces_warns(tmp_path: Path, database_url) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUGZOT_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bugzot_server", "--host", "0.0.0.0", "--port", str(port), "--data-dir",
         str(tmp_path / "d"), "--open", "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        _wait_health(f"http://127.0.0.1:{port}", proc)
        files = [("a.png", png_bytes(900, 700))]
        url = f"http://127.0.0.1:{port}"
        r = requests.post(url + "/api/v1/reports", timeout=30, **multipart(report_for(files), files))
        assert r.status_code == 201
        # The server started one low-priority post-processing worker process of its own.
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 1
        state, deadline = "pending", time.monotonic() + 60
        while state == "pending" and time.monotonic() < deadline:
            try:
                proc.wait(timeout=0.1)  # the poll interval, and notices a crash
                raise AssertionError(f"server exited {proc.returncode}")
            except subprocess.TimeoutExpired:
                pass
            state = requests.get(f"{url}/api/v1/reports/{r.json()['id']}", timeout=10).json()["attachments"][0]["processing"]
        assert state == "ready"
    finally:
        err = _stop(proc)
    assert f"WARNING: bugzot-server runs OPEN (no tokens) and listens on 0.0.0.0:{port}." in err
    assert (tmp_path / "d" / "bugzot.sqlite3").is_file()
    assert _exited(int(children[0]), timeout=30)  # the worker ended with the server


def test_worker_process_claims_jobs(tmp_path: Path, database_url) -> None:
    # API without claimers; a separate `bugzot-server worker` process does the work.
    settings = make_settings(tmp_path, database_url, job_threads=0)
    app = create_app(settings)
    auth = {"Authorization": "Bearer " + tokens.create(app.state.db, "t")}
    srv = LiveUvicorn(app)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUGZOT_")}
    env["BUGZOT_JOB_POLL_SECONDS"] = "0.2"
    db_args = ["--data-dir", str(tmp_path / "srv")] + (["--database-url", database_url] if database_url else [])
    worker = subprocess.Popen([sys.executable, "-m", "bugzot_server", "worker", *db_args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        files = [("w.png", png_bytes(500, 500))]
        rid = requests.post(srv.url + "/api/v1/reports", headers=auth, timeout=30, **multipart(report_for(files), files)).json()["id"]
        deadline = time.monotonic() + 60
        state = "pending"
        while state == "pending" and time.monotonic() < deadline:
            # The worker is another process: the report's own state is the condition to wait on.
            try:
                worker.wait(timeout=0.1)
                raise AssertionError(f"worker exited: {worker.stderr.read() if worker.stderr else ''}")
            except subprocess.TimeoutExpired:
                pass
            state = requests.get(f"{srv.url}/api/v1/reports/{rid}", headers=auth, timeout=10).json()["attachments"][0]["processing"]
        assert state == "ready"
    finally:
        err = _stop(worker)
        srv.stop()
    assert "bugzot-server worker: claiming jobs from" in err
