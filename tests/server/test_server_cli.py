"""`bugzot-server`: tokens, import, worker --once, schema refusal, one-line errors; `python -m bugzot_server`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text

from bugzot_server import cli
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
    code, out, err = _run(capsys, "import", str(tmp_path / "missing.zip"), "--data-dir", str(tmp_path / "srv"))
    assert code == 2
    assert err == f"bugzot-server: Bundle {tmp_path / 'missing.zip'} does not exist; check the path.\n"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_python_dash_m(tmp_path, database_url) -> None:
    proc = subprocess.run([sys.executable, "-m", "bugzot_server", "--version"], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, "bugzot-server 0.1.0\n")
