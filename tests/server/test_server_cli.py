"""`bugzot-server`: tokens, import, worker --once, schema refusal, one-line errors; `python -m bugzot_server`."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from server_helpers import free_port, png_bytes, report_for
from sqlalchemy import text
from test_server_bundles import make_bundle

from bugzot_server import cli
from bugzot_server.config import Settings
from bugzot_server.db import Database, ensure_schema


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _db_args(tmp_path, database_url) -> list[str]:
    args = ["--data-dir", str(tmp_path / "srv")]
    return args + (["--database-url", database_url] if database_url else [])


def test_token_create_list_revoke(tmp_path, database_url, capsys) -> None:
    db_args = _db_args(tmp_path, database_url)
    code, out, err = _run(capsys, "token", "create", "alice", *db_args)
    assert (code, err) == (0, "")
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("bzt_") and len(secret) == 47
    code, out, _ = _run(capsys, "token", "list", *db_args)
    assert code == 0 and out.startswith("alice\t") and out.rstrip().endswith("\tactive")
    assert secret not in out
    assert _run(capsys, "token", "create", "alice", *db_args) == (
        2, "", "bugzot-server: A token named 'alice' exists; revoke it first or pick another name.\n")
    assert _run(capsys, "token", "revoke", "alice", *db_args)[:2] == (0, "Revoked token 'alice'.\n")
    assert _run(capsys, "token", "list", *db_args)[1].rstrip().endswith("\trevoked")
    assert _run(capsys, "token", "revoke", "bob", *db_args) == (
        2, "", "bugzot-server: No active token named 'bob'; see 'bugzot-server token list'.\n")


def test_unknown_schema_revision_is_refused(tmp_path, database_url, capsys) -> None:
    url = database_url or f"sqlite:///{tmp_path / 'srv' / 'bugzot.sqlite3'}"
    (tmp_path / "srv").mkdir()
    db = Database(url)
    ensure_schema(db)
    with db.write_engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dface'"))
    db.dispose()
    code, out, err = _run(capsys, "token", "list", *_db_args(tmp_path, database_url))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "has schema revision 'f00dface', which this bugzot-server does not know (it knows up to '0001')" in err
    assert err.rstrip().endswith("Upgrade bugzot-server, or point --database-url at another database.")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_bad_input_is_one_line(tmp_path, capsys, database_url) -> None:
    code, out, err = _run(capsys, "--port", "eighty")
    assert (code, out) == (2, "")
    assert err == "bugzot-server: argument --port: invalid int value: 'eighty' (see --help)\n"
    for port in ("99999", "0", "-1", "65536"):
        assert _run(capsys, "--port", port) == (
            2, "", f"bugzot-server: argument --port: {int(port)} is not a TCP port; use 1..65535 (see --help)\n")
    code, out, err = _run(capsys, "import", str(tmp_path / "missing.zip"), "--data-dir", str(tmp_path / "srv"))
    assert code == 2
    assert err == f"bugzot-server: Bundle {tmp_path / 'missing.zip'} does not exist; check the path.\n"
    (tmp_path / "folder.zip").mkdir()
    assert _run(capsys, "import", str(tmp_path / "folder.zip"), "--data-dir", str(tmp_path / "srv")) == (
        2, "", f"bugzot-server: Bundle {tmp_path / 'folder.zip'} is a folder, not a bundle file; "
        "give the .zip that 'bugzot outbox export FILE' wrote.\n")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_worker_counts_public_url_and_data_dir_are_checked_in_one_line(tmp_path, capsys, monkeypatch, database_url) -> None:
    afile = tmp_path / "good.png"
    afile.write_bytes(b"x")
    # Each refusal comes before anything starts (the data dir is a file too, so nothing could start anyway).
    port = str(free_port())
    serve = ["--port", port, "--data-dir", str(afile)]
    not_url = "is not an http:// or https:// URL with a host (e.g. https://bugs.example.com)"
    cases = [
        (["--workers", "0"], "bugzot-server: argument --workers: 0 is not a worker count; use 1 or more (see --help)"),
        (["--job-workers", "-1"], "bugzot-server: argument --job-workers: -1 is not a worker count; use 0 or more (see --help)"),
        (["--public-url", "ftp://x"], f"bugzot-server: argument --public-url: 'ftp://x' {not_url} (see --help)"),
        (["--public-url", "https://"], f"bugzot-server: argument --public-url: 'https://' {not_url} (see --help)"),
        (["--public-url", "http://bugs:99999"], f"bugzot-server: argument --public-url: 'http://bugs:99999' {not_url} (see --help)"),
    ]
    for argv, line in cases:
        assert _run(capsys, *argv, *serve) == (2, "", line + "\n"), argv
    assert _run(capsys, "worker", "--threads", "0", "--data-dir", str(afile)) == (
        2, "", "bugzot-server worker: argument --threads: 0 is not a thread count; use 1 or more (see --help)\n")
    is_a_file = f"bugzot-server: Data dir {afile} is a file, not a folder; choose a folder for --data-dir (or BUGZOT_SERVER_DATA_DIR).\n"
    for argv in (serve, ["token", "list", "--data-dir", str(afile)], ["import", str(afile), "--data-dir", str(afile)]):
        assert _run(capsys, *argv) == (2, "", is_a_file), argv
    assert _run(capsys, "token", "list", "--data-dir", str(afile / "below")) == (
        2, "", f"bugzot-server: Data dir {afile / 'below'} cannot be created (Not a directory); "
        "choose a folder you can write to for --data-dir (or BUGZOT_SERVER_DATA_DIR).\n")
    # The same URL rule for the environment variable, named as such.
    monkeypatch.setenv("BUGZOT_PUBLIC_URL", "ftp://x")
    assert _run(capsys, "token", "list", "--data-dir", str(tmp_path / "srv")) == (
        2, "", f"bugzot-server: BUGZOT_PUBLIC_URL: 'ftp://x' {not_url}\n")
    monkeypatch.setenv("BUGZOT_PUBLIC_URL", "https://bugs.example.com/bugzot")
    assert _run(capsys, "token", "list", "--data-dir", str(tmp_path / "srv"))[0] == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_python_dash_m(tmp_path, database_url) -> None:
    proc = subprocess.run([sys.executable, "-m", "bugzot_server", "--version"], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, "bugzot-server 0.1.0\n")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_taken_port_is_one_line_before_anything_starts(tmp_path, capsys, database_url) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for workers in ("1", "2"):
            code, out, err = _run(capsys, "--port", str(port), "--workers", workers, "--data-dir", str(tmp_path / "srv"))
            assert (code, out, err) == (
                2, "", f"bugzot-server: 127.0.0.1:{port} is already in use; choose another --port\n")
    assert not (tmp_path / "srv").exists()  # refused before the database was even created


def test_server_data_dir_comes_only_from_its_own_variable(tmp_path, monkeypatch) -> None:
    for name in ("BUGZOT_DATA_DIR", "DATA_DIR", "data_dir", "DATABASE_URL", "OPEN"):
        monkeypatch.setenv(name, str(tmp_path / "desktop") if name != "OPEN" else "1")
    assert (Settings().data_dir, Settings().database_url, Settings().open) == (None, None, False)
    monkeypatch.setenv("BUGZOT_SERVER_DATA_DIR", str(tmp_path / "server"))
    monkeypatch.setenv("BUGZOT_OPEN", "1")
    assert (Settings().data_dir, Settings().open) == (tmp_path / "server", True)
    # A keyword (what --data-dir becomes) beats the environment.
    assert Settings(data_dir=tmp_path / "flag").data_dir == tmp_path / "flag"
    assert Settings(data_dir=tmp_path / "flag").env()["BUGZOT_SERVER_DATA_DIR"] == str(tmp_path / "flag")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_import_ignores_the_desktop_data_dir_and_says_where_it_stored(tmp_path, capsys, monkeypatch, database_url) -> None:
    monkeypatch.setenv("BUGZOT_DATA_DIR", str(tmp_path / "desktop"))
    monkeypatch.setenv("BUGZOT_SERVER_DATA_DIR", str(tmp_path / "server"))
    files = [("a.png", png_bytes())]
    bundle = make_bundle(tmp_path / "b.zip", [(report_for(files), files)])
    code, out, err = _run(capsys, "import", str(bundle))
    srv = (tmp_path / "server").resolve()
    assert (code, err) == (0, "")
    assert out == (
        "Imported 1 report(s); 0 were already stored.\n"
        f"Data dir: {srv}; database: sqlite:///{srv / 'bugzot.sqlite3'}\n"
    )
    assert not (tmp_path / "desktop").exists()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("job_workers", ["0", "1"])
def test_the_api_processes_never_post_process(tmp_path, capsys, monkeypatch, database_url, job_workers) -> None:
    # --job-workers 0 means the operator runs `bugzot-server worker`; the API claimed jobs itself then.
    import os

    import uvicorn

    from bugzot_server.config import get_settings

    seen: dict[str, int] = {}
    started: list[list[str]] = []

    def fake_run(*_a, **_k) -> None:  # the API app builds its settings from the environment
        seen["job_threads"] = get_settings().job_threads

    class FakeWorker:
        def __init__(self, argv, env) -> None:  # noqa: ANN001
            started.append(argv[-1:])

        def terminate(self) -> None: ...

        def wait(self, timeout=None) -> int:  # noqa: ANN001
            return 0

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(cli.subprocess, "Popen", FakeWorker)
    monkeypatch.setattr(cli.signal, "signal", lambda *_a: None)  # _serve's SIGTERM handler stays out of pytest
    saved = dict(os.environ)
    try:
        os.environ.pop("BUGZOT_JOB_THREADS", None)
        get_settings.cache_clear()
        code, _out, _err = _run(capsys, "--port", str(free_port()), "--data-dir", str(tmp_path / "srv"),
                                "--job-workers", job_workers)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()
    assert (code, seen, started) == (0, {"job_threads": 0}, [["worker"]] * int(job_workers))
