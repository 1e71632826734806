"""`bugzot outbox list|flush|export|retry` against a real server."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from live_server import live_server_fixture  # noqa: F401  (registers `live_server`)
from PIL import Image

from bugzot_desktop.cli import main
from bugzot_desktop.core.bundle import read_bundle
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report


def _dead_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def _png(path: Path, color=(10, 200, 10)) -> Path:
    Image.new("RGB", (200, 150), color).save(path)
    return path


def _queued(tmp_path: Path, data_dir: Path, n: int) -> list[str]:
    ob = Outbox(data_dir)
    ids = []
    for i in range(n):
        e = ob.add(Report(title=f"r{i}", attachments=[Attachment(_png(tmp_path / f"{i}.png", (i * 50, 0, 0)))]))
        ob.claim(e.client_id)
        ob.mark_retry(e.client_id, "The server was down.")  # waiting with a backoff timer
        ids.append(e.client_id)
    return ids


def test_list_empty_text_and_json(data_dir, capsys):
    assert main(["outbox", "list", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == "The outbox is empty.\n"
    assert main(["outbox", "list", "--json", "--data-dir", str(data_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_list_shows_state_attempts_and_last_error(tmp_path, data_dir, capsys):
    [cid] = _queued(tmp_path, data_dir, 1)
    assert main(["--data-dir", str(data_dir), "outbox", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert {k: row[k] for k in ("client_id", "title", "state", "attempts", "last_error", "attachments")} == {
        "client_id": cid,
        "title": "r0",
        "state": "queued",
        "attempts": 1,
        "last_error": "The server was down.",
        "attachments": ["0.png"],
    }
    assert main(["outbox", "list", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{cid}  queued   attempts 1  'r0'  next try in ")
    assert lines[1:] == ["    last error: The server was down.", "1 waiting, 0 failed, 0 sent."]


def test_flush_offline_then_online(tmp_path, data_dir, live_server, capsys):
    ids = _queued(tmp_path, data_dir, 3)
    rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", _dead_url()])
    out, err = capsys.readouterr()
    assert rc == 1
    assert (
        err.splitlines()[-1]
        == "3 report(s) still waiting (the server was not reachable or busy; run flush again later)."
    )
    # Backoff timers are ignored: every report goes now.
    rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", live_server.url])
    out, err = capsys.readouterr()
    assert (rc, err) == (0, "")
    assert out.splitlines()[-1] == "Nothing left waiting."
    assert sorted(line.split()[1] for line in out.splitlines()[:-1]) == sorted(ids)
    assert live_server.count_by_client_id() == dict.fromkeys(ids, 1)


def test_flush_counts_failed_reports_and_retry_requeues(tmp_path, data_dir, live_server, capsys):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x00binary")  # neither an image nor plain text
    ob = Outbox(data_dir)
    e = ob.add(Report(title="bad", attachments=[Attachment(bad)]))
    rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", live_server.url])
    _, err = capsys.readouterr()
    assert rc == 1
    assert err.splitlines()[0].startswith(f"failed: {e.client_id} File bad.png is not a supported image")
    assert err.splitlines()[-1] == "1 report(s) failed (refused by the server; see `bugzot outbox list`)."
    assert main(["outbox", "retry", e.client_id, "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == f"Queued {e.client_id} again; run `bugzot outbox flush` to send it now.\n"
    assert ob.get(e.client_id).state == "queued"
    assert main(["outbox", "retry", "nope", "--data-dir", str(data_dir)]) == 2
    assert capsys.readouterr().err == "bugzot: retry: no report nope in the outbox (see `bugzot outbox list`).\n"


def test_export_writes_a_readable_bundle(tmp_path, data_dir, capsys):
    ids = _queued(tmp_path, data_dir, 2)
    target = tmp_path / "out.zip"
    assert main(["outbox", "export", str(target), "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == (
        f"Exported 2 waiting report(s) to {target}. They stay in the outbox; the server stores each only once.\n"
    )
    got = list(read_bundle(target))
    assert [r.client_id for r, _ in got] == ids
    assert [len(files) for _, files in got] == [1, 1]
    assert main(["outbox", "export", str(tmp_path), "--data-dir", str(data_dir)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_air_gap_export_import_twice_then_flush_stores_each_once(tmp_path, data_dir, live_server, capsys):
    import requests

    ids = _queued(tmp_path, data_dir, 2)
    target = tmp_path / "gap.zip"
    assert main(["outbox", "export", str(target), "--data-dir", str(data_dir)]) == 0
    answers = []
    for _ in range(2):
        r = requests.post(
            live_server.url + "/api/v1/bundles",
            data=target.read_bytes(),
            headers={"Content-Type": "application/zip"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        answers.append((r.json()["imported"], r.json()["already_present"]))
    assert answers == [(2, 0), (0, 2)]
    # The reports also go out the normal way later: the server answers with the imported ones.
    assert main(["outbox", "flush", "--data-dir", str(data_dir), "--server", live_server.url]) == 0
    assert live_server.count_by_client_id() == dict.fromkeys(ids, 1)
    capsys.readouterr()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/proc/nope.zip", "export: could not write /proc/nope.zip ("),
        ("{data}/settings-file/x.zip", "export: folder {data}/settings-file does not exist; create it or choose another place."),
        ("{data}/missing/x.zip", "export: folder {data}/missing does not exist; create it or choose another place."),
    ],
)
def test_export_to_a_bad_place_is_one_line(data_dir, capsys, target, message):
    (data_dir / "settings-file").write_text("a file, not a folder")
    target = target.format(data=data_dir)
    rc = main(["outbox", "export", "--data-dir", str(data_dir), target])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1
    assert err.startswith("bugzot: " + message.format(data=data_dir))
