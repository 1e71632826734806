"""`bugzot outbox list|flush|export|retry` against a real server."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from capture_server import capture_server  # noqa: F401  (the fixture)
from live_server import LiveServer, live_server_fixture, reserve_port  # noqa: F401  (registers `live_server`)
from PIL import Image

from bugzot_desktop.cli import main
from bugzot_desktop.core.bundle import read_bundle
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings, save_settings


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


def _use_server(data_dir: Path, url: str) -> None:
    """As if the URL had been set in the app's Settings."""
    save_settings(data_dir, Settings(server_url=url))


def test_flush_offline_then_online(tmp_path, data_dir, live_server, capsys):
    ids = _queued(tmp_path, data_dir, 3)  # filed without a destination: they follow the settings
    _use_server(data_dir, _dead_url())
    rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert rc == 1
    assert (
        err.splitlines()[-1]
        == "3 report(s) still waiting (the server was not reachable or busy; run flush again later)."
    )
    # Fixing the URL in the settings re-targets them; backoff timers are ignored: every report goes now.
    _use_server(data_dir, live_server.url)
    rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert (rc, err) == (0, "")
    assert out.splitlines()[-1] == "Nothing left waiting."
    assert sorted(line.split()[1] for line in out.splitlines()[:-1]) == sorted(ids)
    assert live_server.count_by_client_id() == dict.fromkeys(ids, 1)


def test_a_flush_waits_for_a_report_another_process_is_sending(tmp_path, data_dir, live_server, capsys, monkeypatch):
    """Two flushes at once (or the app and a flush): the report the other one has is not "still waiting";
    this flush waits for it to settle and exits 0 when it went (newcomer4 #6)."""
    from bugzot_desktop.commands import outbox as outbox_cmd

    mine, theirs = _queued(tmp_path, data_dir, 2)
    _use_server(data_dir, live_server.url)
    other = Outbox(data_dir)  # the other process
    other.retry_now(theirs)
    assert other.claim(theirs)
    pauses: list[float] = []

    def other_finishes(seconds: float) -> None:
        pauses.append(seconds)
        other.mark_sent(theirs, "99", f"{live_server.url}/reports/99")

    monkeypatch.setattr(outbox_cmd, "_pause", other_finishes)
    rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert (rc, err, out.splitlines()[-1]) == (0, "", "Nothing left waiting.")
    assert out.splitlines()[0].startswith(f"sent: {mine} ")
    assert pauses == [outbox_cmd.SETTLE_POLL_S]


def test_a_report_another_process_keeps_sending_is_named_as_such(tmp_path, data_dir, live_server, capsys, monkeypatch):
    from bugzot_desktop.commands import outbox as outbox_cmd

    (theirs,) = _queued(tmp_path, data_dir, 1)
    _use_server(data_dir, live_server.url)
    other = Outbox(data_dir)
    other.retry_now(theirs)
    assert other.claim(theirs)
    monkeypatch.setattr(outbox_cmd, "SETTLE_S", 0.0)
    rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
    _out, err = capsys.readouterr()
    assert rc == 1
    assert err.splitlines()[-1] == ("1 report(s) are still being sent by another BugZot process (the app or another "
                                    "flush) after 0 s; run flush again to see how they went.")


def test_flush_counts_failed_reports_and_retry_requeues(tmp_path, data_dir, live_server, capsys):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x00binary")  # neither an image nor plain text
    ob = Outbox(data_dir)
    e = ob.add(Report(title="bad", attachments=[Attachment(bad)]))
    _use_server(data_dir, live_server.url)
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


def test_export_of_reports_for_several_servers_needs_server_and_records_the_destination(tmp_path, data_dir, capsys):
    """A bundle is imported by one server: mixing destinations would store a report on a server it was not
    filed for (and again on its own). The manifest says where each report was filed for."""
    follows = _queued(tmp_path, data_dir, 1)[0]
    ob = Outbox(data_dir)
    lab = ob.add(Report(title="lab", attachments=[Attachment(_png(tmp_path / "lab.png", (0, 90, 0)))]),
                 destination="http://lab.example.test:8000").client_id
    settings_url = Settings().server_url
    target = tmp_path / "mixed.zip"
    assert main(["outbox", "export", str(target), "--data-dir", str(data_dir)]) == 2
    assert capsys.readouterr().err == (
        f"bugzot: export: the waiting reports go to 2 servers (1 to {settings_url}, 1 to http://lab.example.test:8000); "
        "a bundle is imported by one, so export each server's with --server URL. Nothing was exported.\n")
    assert not target.exists()
    assert main(["outbox", "export", str(target), "--server", "http://lab.example.test:8000/", "--data-dir",
                 str(data_dir)]) == 0
    assert capsys.readouterr().out == (f"Exported 1 waiting report(s) for http://lab.example.test:8000 to {target}. "
                                       "They stay in the outbox; the server stores each only once.\n")
    assert [r.client_id for r, _ in read_bundle(target)] == [lab]
    import zipfile

    with zipfile.ZipFile(target) as zf:
        [row] = json.loads(zf.read("manifest.json"))["reports"]
    assert row["destination"] == "http://lab.example.test:8000"
    assert main(["outbox", "export", str(target), "--force", "--server", settings_url, "--data-dir", str(data_dir)]) == 0
    assert [r.client_id for r, _ in read_bundle(target)] == [follows]
    capsys.readouterr()
    assert main(["outbox", "export", str(target), "--force", "--server", "http://nowhere.test", "--data-dir",
                 str(data_dir)]) == 2
    assert capsys.readouterr().err == (
        f"bugzot: export: no waiting report goes to http://nowhere.test (they go to {settings_url}, "
        "http://lab.example.test:8000); nothing was exported.\n")


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
    _use_server(data_dir, live_server.url)
    assert main(["outbox", "flush", "--data-dir", str(data_dir)]) == 0
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
def test_export_to_a_bad_place_is_one_line(tmp_path, data_dir, capsys, target, message):
    _queued(tmp_path, data_dir, 1)
    (data_dir / "settings-file").write_text("a file, not a folder")
    target = target.format(data=data_dir)
    rc = main(["outbox", "export", "--data-dir", str(data_dir), target])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1
    assert err.startswith("bugzot: " + message.format(data=data_dir))


def _report_cli(data_dir: Path, server: str, title: str, *extra: str) -> int:
    return main(["report", "--data-dir", str(data_dir), "--server", server, "--title", title, *extra])


def test_reports_filed_for_two_servers_each_go_to_their_own(tmp_path, data_dir, capsys):
    """#8: both servers down, both reports queued; only A comes up: flush sends exactly A's report to A."""
    sock_a, url_a = reserve_port()
    sock_b, url_b = reserve_port()
    _use_server(data_dir, _dead_url())  # the app's server: neither of them
    settings_before = (data_dir / "settings.json").read_bytes()
    try:
        assert _report_cli(data_dir, url_a, "for server A") == 0
        assert _report_cli(data_dir, url_b + "/", "for server B") == 0
        out = capsys.readouterr().out.splitlines()
        a, b = (e.client_id for e in Outbox(data_dir).list())
        assert [line.endswith(f"(report {cid}; `bugzot outbox flush` sends it to {url})") for line, cid, url in
                zip(out, (a, b), (url_a, url_b), strict=True)] == [True, True]
        assert [(e.title, e.destination) for e in Outbox(data_dir).list()] == [
            ("for server A", url_a), ("for server B", url_b)
        ]
        assert (data_dir / "settings.json").read_bytes() == settings_before  # `report --server` never writes it
        with LiveServer(tmp_path / "srv-a", sock=sock_a) as srv_a:
            rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
            out, err = capsys.readouterr()
            assert rc == 1
            assert out.splitlines() == [f"sent: {a} {Outbox(data_dir).get(a).server_url}"]
            assert err.splitlines() == [
                f"queued: {b} The server at {url_b} could not be reached (connection refused); the report stays in "
                "the outbox and will be sent when it is reachable.",
                "1 report(s) still waiting (the server was not reachable or busy; run flush again later).",
            ]
            assert srv_a.count_by_client_id() == {a: 1}
        entry_b = Outbox(data_dir).get(b)
        assert (entry_b.state, entry_b.destination, entry_b.attempts) == ("queued", url_b, 2)
        assert (data_dir / "settings.json").read_bytes() == settings_before
    finally:
        sock_a.close()
        sock_b.close()


def test_flush_server_limits_the_flush_and_the_token_goes_only_there(tmp_path, data_dir, capture_server, capsys):  # noqa: F811
    dead = _dead_url()
    _use_server(data_dir, dead)
    ob = Outbox(data_dir)
    mine = ob.add(Report(title="for the stub"), destination=capture_server.url).client_id
    other = ob.add(Report(title="follows the settings")).client_id
    rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", capture_server.url, "--token", "t0k"])
    out, err = capsys.readouterr()
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        f"sent: {mine} {capture_server.url}/reports/1",
        f"Nothing left waiting for {capture_server.url}. (1 report(s) for other servers were not part of this flush)",
    ]
    [req] = capture_server.requests
    assert (req.report["client_id"], req.headers["Authorization"]) == (mine, "Bearer t0k")
    assert (ob.get(other).state, ob.get(other).attempts) == ("queued", 0)  # not tried, not sent to the stub
    # One --token for reports bound for two servers would hand it to the wrong one: refused.
    ob.add(Report(title="for the stub again"), destination=capture_server.url)
    rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--token", "t0k"])
    assert (rc, capsys.readouterr().err) == (
        2,
        f"bugzot: --token: the waiting reports go to 2 servers ({', '.join(sorted([dead, capture_server.url]))}); "
        "say which one the token is for with --server URL.\n",
    )
    assert len(capture_server.requests) == 1


def test_list_shows_where_each_report_goes(tmp_path, data_dir, capsys):
    ob = Outbox(data_dir)
    filed = ob.add(Report(title="filed for B"), destination="http://b.example:8001").client_id
    follows = ob.add(Report(title="follows")).client_id
    assert main(["outbox", "list", "--json", "--data-dir", str(data_dir)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["client_id"], r["destination"]) for r in rows] == [(filed, "http://b.example:8001"), (follows, None)]
    assert main(["outbox", "list", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{filed}  queued   attempts 0  'filed for B'  due now  to http://b.example:8001",
        f"{follows}  queued   attempts 0  'follows'  due now  to the Settings server",
        "2 waiting, 0 failed, 0 sent.",
    ]


def test_a_wrong_url_fails_saying_so_and_retry_server_corrects_it(tmp_path, data_dir, live_server, capsys):
    wrong = live_server.url + "/some/path"
    _use_server(data_dir, _dead_url())
    assert _report_cli(data_dir, wrong, "typo") == 1
    [entry] = Outbox(data_dir).list()
    # #2: one instruction, the one that works (a plain `retry ID` would send it to the same wrong URL).
    assert capsys.readouterr().err == (
        f"not sent: {wrong} is not a BugZot server (/api/v1/reports answered 404 Not Found): the server URL is wrong, "
        "not the report, which is kept in the outbox. The report was filed for that URL: "
        f"`bugzot outbox retry {entry.client_id} --server URL` puts it back in the queue for the right URL, and "
        f"`bugzot outbox flush` sends it. (report {entry.client_id})\n"
    )
    assert main(["outbox", "retry", entry.client_id, "--server", live_server.url + "/", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == (
        f"Queued {entry.client_id} again for {live_server.url}; run `bugzot outbox flush` to send it now.\n"
    )
    assert main(["outbox", "flush", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert live_server.count_by_client_id() == {entry.client_id: 1}
    assert Outbox(data_dir).get(entry.client_id).destination == live_server.url


def test_export_does_not_overwrite_a_file_without_force(tmp_path, data_dir, capsys):
    _queued(tmp_path, data_dir, 1)
    target = tmp_path / "precious.png"
    target.write_bytes(b"my picture")
    rc = main(["outbox", "export", str(target), "--data-dir", str(data_dir)])
    assert (rc, capsys.readouterr().err) == (
        2,
        f"bugzot: export: {target} already exists; nothing was exported. Choose another name, or add --force to "
        "replace it.\n",
    )
    assert target.read_bytes() == b"my picture"
    assert main(["outbox", "export", str(target), "--force", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith(f"Exported 1 waiting report(s) to {target}.")
    assert len(list(read_bundle(target))) == 1


def test_export_with_nothing_waiting_says_so_and_writes_no_bundle(tmp_path, data_dir, capsys):
    """QA: it wrote an empty bundle and said 'Exported 0 waiting report(s)' with exit 0."""
    target = tmp_path / "carry.zip"
    rc = main(["outbox", "export", str(target), "--data-dir", str(data_dir)])
    assert (rc, capsys.readouterr().err) == (
        2, f"bugzot: export: no report is waiting in the outbox of {data_dir}; nothing was exported.\n")
    assert not target.exists()


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path, data_dir):
    """`bugzot outbox list --json | head -1`: the pipe closes before we write; exit 141, nothing on stderr."""
    import os
    import subprocess
    import sys

    _queued(tmp_path, data_dir, 3)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte: every write meets a broken pipe
    try:
        r = subprocess.run(
            [sys.executable, "-m", "bugzot_desktop", "outbox", "list", "--json", "--data-dir", str(data_dir)],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
        )
    finally:
        os.close(write_end)
    assert (r.returncode, r.stderr) == (141, "")


def test_a_token_report_queued_while_its_server_was_down_is_sent_by_the_command_it_names(tmp_path, data_dir, capsys):
    """#1, as the newcomer did it: `report --server B --token T` while B is down, no keyring. A plain flush used to
    get 401 and fail it for good; the named `flush --server B --token T` then sent nothing and exited 1."""
    _use_server(data_dir, _dead_url())
    sock, url = reserve_port()
    try:
        assert _report_cli(data_dir, url, "r2 for B with token", "--token", "bzt_fake") == 0
        [entry] = Outbox(data_dir).list()
        line = capsys.readouterr().out
        command = f"`bugzot outbox flush --server {url} --token TOKEN`"
        assert line.endswith(f"(report {entry.client_id}; {command} sends it to {url}; the token was not kept (there is "
                             "no system keyring, and the settings file keeps only the Settings token))\n")
        assert "`bugzot outbox flush` " not in line  # the command that cannot work is not offered
        with LiveServer(tmp_path / "srv-b", sock=sock, token=True) as srv_b:
            # The plain flush anyway: the report keeps waiting, saying what sends it.
            rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
            out, err = capsys.readouterr()
            assert (rc, out) == (1, "")
            assert err.splitlines() == [
                f"queued: {entry.client_id} The server at {url} needs an API token (401) and none was sent; the report "
                "is kept in the outbox. It waits there: no token is kept for that server (the Settings token goes only "
                f"to the Settings server), and {command} sends it.",
                f"1 report(s) wait for an API token (send them with {command}).",
            ]
            assert Outbox(data_dir).get(entry.client_id).state == "queued"
            # The named command sends it.
            rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", url, "--token", srv_b.token])
            out, err = capsys.readouterr()
            assert (rc, err) == (0, "")
            assert out.splitlines() == [
                f"sent: {entry.client_id} {Outbox(data_dir).get(entry.client_id).server_url}",
                f"Nothing left waiting for {url}.",
            ]
            assert srv_b.count_by_client_id() == {entry.client_id: 1}
    finally:
        sock.close()


def test_flush_with_a_token_also_sends_the_reports_that_server_refused_for_the_token(tmp_path, data_dir, capsys):
    _use_server(data_dir, _dead_url())
    with LiveServer(tmp_path / "srv", token=True) as srv:
        assert _report_cli(data_dir, srv.url, "wrong token", "--token", "bzt_wrong") == 1
        other = Outbox(data_dir).add(Report(title="follows the settings")).client_id
        [refused, _] = [e.client_id for e in Outbox(data_dir).list()]
        capsys.readouterr()
        # The other server's report is not part of it: the token is not sent there, it is not even tried.
        rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", srv.url, "--token", srv.token])
        out, err = capsys.readouterr()
        assert (rc, err) == (0, "")
        assert out.splitlines()[0].startswith(f"sent: {refused} ")
        assert srv.count_by_client_id() == {refused: 1}
        assert (Outbox(data_dir).get(other).state, Outbox(data_dir).get(other).attempts) == ("queued", 0)


def test_retry_with_a_token_sends_the_report_now(tmp_path, data_dir, capsys):
    _use_server(data_dir, _dead_url())
    with LiveServer(tmp_path / "srv", token=True) as srv:
        assert _report_cli(data_dir, srv.url, "no token") == 0  # waits for a token
        [entry] = Outbox(data_dir).list()
        capsys.readouterr()
        # Without --token, retry says the command that will send it (a plain flush has no token for it).
        assert main(["outbox", "retry", entry.client_id, "--data-dir", str(data_dir)]) == 0
        assert capsys.readouterr().out == (
            f"Queued {entry.client_id} again; its server wants an API token: "
            f"`bugzot outbox flush --server {srv.url} --token TOKEN` sends it.\n"
        )
        assert main(["outbox", "retry", entry.client_id, "--token", "bzt_wrong", "--data-dir", str(data_dir)]) == 1
        assert capsys.readouterr().err.startswith(f"failed: {entry.client_id} The server at {srv.url} refused the API "
                                                  "token (401)")
        assert main(["outbox", "retry", entry.client_id, "--token", srv.token, "--data-dir", str(data_dir)]) == 0
        sent = Outbox(data_dir).get(entry.client_id)
        assert (capsys.readouterr().out, sent.state) == (f"sent: {entry.client_id} {sent.server_url}\n", "sent")
        assert srv.count_by_client_id() == {entry.client_id: 1}


def test_flush_for_a_url_no_report_goes_to_says_where_they_go(data_dir, capsys):
    """#5: "Nothing left waiting for <typo>." read as success."""
    _use_server(data_dir, "http://127.0.0.1:8601")
    ob = Outbox(data_dir)
    ob.add(Report(title="for B"), destination="http://127.0.0.1:8602")
    ob.add(Report(title="follows the settings"))
    rc = main(["outbox", "flush", "--data-dir", str(data_dir), "--server", "http://127.0.0.1:8777"])
    assert (rc, capsys.readouterr()) == (0, (
        "No waiting report goes to http://127.0.0.1:8777 (known destinations: http://127.0.0.1:8601, "
        "http://127.0.0.1:8602).\n", ""
    ))
    assert [e.attempts for e in ob.list()] == [0, 0]
    rc = main(["outbox", "flush", "--data-dir", str(tmp_dir := data_dir / "empty"), "--server", "http://127.0.0.1:8777"])
    assert (rc, capsys.readouterr().out) == (0, "No waiting report goes to http://127.0.0.1:8777; nothing is waiting.\n")
    assert tmp_dir.is_dir()


def test_flush_forgets_reports_sent_more_than_a_week_ago(tmp_path, data_dir, capsys):
    import time

    from bugzot_desktop.core.outbox import SENT_KEPT_S, Outbox
    from bugzot_desktop.core.report import Attachment, Report

    shot = tmp_path / "s.png"
    Image.new("RGB", (8, 8), (1, 2, 3)).save(shot)
    old_clock = Outbox(data_dir, clock=lambda: time.time() - SENT_KEPT_S - 60)
    old = old_clock.add(Report(title="long ago", attachments=[Attachment(shot)]))
    old_clock.claim(old.client_id)
    old_clock.mark_sent(old.client_id, "1", "http://x/reports/1")
    assert main(["outbox", "flush", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Nothing left waiting."
    assert Outbox(data_dir).list() == [] and not Outbox(data_dir).folder(old.client_id).exists()


def test_a_repaired_outbox_is_said_once(tmp_path):
    """Printed twice: once by the outbox's log record (Python's last-resort handler), once by the command."""
    import os
    import subprocess
    import sys

    data = tmp_path / "d"
    data.mkdir()
    (data / "outbox.sqlite3").write_text("x\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    r = subprocess.run([sys.executable, "-m", "bugzot_desktop", "outbox", "list", "--data-dir", str(data)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "The outbox is empty."
    [line] = r.stderr.splitlines()
    assert line.startswith(f"bugzot: The outbox database {data / 'outbox.sqlite3'} could not be read (file is not a "
                           "database); it was moved aside to outbox.sqlite3.corrupt-")
