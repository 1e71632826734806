"""A --data-dir (or $BUGZOT_DATA_DIR) that is a file or cannot be made: one line naming it, exit 2, in every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bugzot_desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]

COMMANDS = [
    ["outbox", "list"],
    ["outbox", "flush"],
    ["outbox", "retry", "7d3c1e52-3a59-4a63-9a52-1c8e9a1f4b10"],
    ["report", "--title", "t", "--server", "http://127.0.0.1:9"],
]


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    f = tmp_path / "good.png"
    f.write_bytes(b"not a folder")
    return f


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_data_dir_that_is_a_file(a_file, capsys, argv):
    assert main(["--data-dir", str(a_file), *argv]) == 2
    assert capsys.readouterr() == (
        "", f"bugzot: --data-dir: Data dir {a_file} is a file, not a folder; choose another data dir.\n"
    )
    assert a_file.read_bytes() == b"not a folder"


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_data_dir_that_cannot_be_created(tmp_path, a_file, capsys, argv):
    below_a_file = a_file / "data"
    assert main([*argv, "--data-dir", str(below_a_file)]) == 2
    assert capsys.readouterr() == (
        "", f"bugzot: --data-dir: Data dir {below_a_file} cannot be created (Not a directory); choose another data dir.\n"
    )


def test_the_environment_variable_is_named_when_it_chose_the_data_dir(a_file, capsys, monkeypatch):
    monkeypatch.setenv("BUGZOT_DATA_DIR", str(a_file))
    assert main(["outbox", "list"]) == 2
    assert capsys.readouterr().err == (
        f"bugzot: BUGZOT_DATA_DIR: Data dir {a_file} is a file, not a folder; choose another data dir.\n"
    )


def test_a_data_dir_where_the_outbox_cannot_live(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "outbox").write_text("a file where the outbox folder goes")
    assert main(["outbox", "list", "--data-dir", str(data)]) == 2
    assert capsys.readouterr().err == (
        f"bugzot: --data-dir: Data dir {data} cannot hold the outbox: File exists ({data / 'outbox'}); "
        "choose another data dir.\n"
    )


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("data_dir", "tail"),
    [
        ("/proc/nope", "Data dir /proc/nope cannot be created ("),
        ("/proc", "Data dir /proc cannot hold the outbox: "),
    ],
)
def test_impossible_places_in_a_real_process_have_no_traceback(data_dir, tail):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    for argv in (["report", "--title", "x", "--server", "http://127.0.0.1:9"], ["outbox", "list"]):
        r = subprocess.run([sys.executable, "-m", "bugzot_desktop", "--data-dir", data_dir, *argv],
                           capture_output=True, text=True, env=env, timeout=120)
        assert (r.returncode, r.stdout, r.stderr.count("\n")) == (2, "", 1), r.stderr
        assert r.stderr.startswith(f"bugzot: --data-dir: {tail}") and r.stderr.endswith("; choose another data dir.\n")
