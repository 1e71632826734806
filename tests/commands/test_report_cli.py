"""`bugzot report`: files through the outbox, prints the URL or why it is queued, refuses bad input in one line."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from live_server import LiveServer, live_server_fixture, reserve_port  # noqa: F401  (registers `live_server`)
from PIL import Image

from bugzot_desktop.cli import main
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.settings import Settings, load_settings, save_settings

ROOT = Path(__file__).resolve().parents[2]


def _png(path: Path) -> Path:
    Image.new("RGB", (640, 480), (0, 90, 200)).save(path)
    return path


def _dead_url() -> str:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def test_report_is_sent_and_its_url_printed(tmp_path, data_dir, live_server, capsys):
    shot = _png(tmp_path / "screen.png")
    rc = main(
        [
            "report",
            "--server",
            live_server.url,
            "--data-dir",
            str(data_dir),
            "--title",
            "Save crashes",
            "--description",
            "boom",
            "--steps",
            "1. save",
            "--expected",
            "saved",
            "--actual",
            "crash",
            "--severity",
            "critical",
            "--component",
            "editor",
            "--attach",
            str(shot),
            "--max-edge",
            "320",
        ]
    )
    out, err = capsys.readouterr()
    assert (rc, err) == (0, "")
    [stored] = live_server.reports()
    assert out == stored["url"] + "\n"
    assert {k: stored[k] for k in ("title", "description", "steps", "expected", "actual", "severity", "component")} == {
        "title": "Save crashes",
        "description": "boom",
        "steps": "1. save",
        "expected": "saved",
        "actual": "crash",
        "severity": "critical",
        "component": "editor",
    }
    assert stored["environment"]["client"] == "bugzot report (command line)"
    [att] = stored["attachments"]
    assert (att["width"], att["height"]) == (320, 240) and Path(att["filename"]).stem == "screen"
    [entry] = Outbox(data_dir).list()
    assert (entry.state, entry.server_url, entry.client_id) == ("sent", stored["url"], stored["client_id"])


def test_settings_from_the_data_dir_are_used(data_dir, live_server, capsys):
    save_settings(data_dir, Settings(server_url=live_server.url))
    rc = main(["report", "--data-dir", str(data_dir), "--title", "From settings"])
    out, _ = capsys.readouterr()
    assert rc == 0 and out.strip() == live_server.reports()[0]["url"]


def test_offline_report_is_queued_and_exit_is_zero(tmp_path, data_dir, capsys, monkeypatch):
    monkeypatch.setenv("BUGZOT_DATA_DIR", str(data_dir))  # the env var chooses the outbox too
    url = _dead_url()
    rc = main(["report", "--server", url, "--title", "Offline", "--attach", str(_png(tmp_path / "a.png"))])
    out, err = capsys.readouterr()
    [entry] = Outbox(data_dir).list()
    assert rc == 0 and err == ""
    assert out == (
        f"queued: The server at {url} could not be reached (connection refused); the report stays in the outbox "
        f"and will be sent when it is reachable. (report {entry.client_id}; `bugzot outbox flush` sends it to {url})\n"
    )
    assert (entry.state, entry.attempts, entry.title) == ("queued", 1, "Offline")


def test_a_queued_report_is_flushed_to_the_server_it_was_filed_for(tmp_path, data_dir, capsys):
    """Regression: `report --server X` while X was down, then `outbox flush` sent it to the default server.

    The URL is the report's own destination; settings.json (which the app shares) is not written."""
    url = _dead_url()
    main(["report", "--data-dir", str(data_dir), "--server", url, "--title", "Later", "--attach", str(_png(tmp_path / "a.png"))])
    capsys.readouterr()
    assert not (data_dir / "settings.json").exists()
    assert [e.destination for e in Outbox(data_dir).list()] == [url]
    rc = main(["outbox", "flush", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert rc == 1 and f"The server at {url} could not be reached" in out + err


def test_a_pasted_server_url_with_spaces_is_tidied(data_dir, capsys):
    url = _dead_url()
    assert main(["report", "--data-dir", str(data_dir), "--server", f"  {url}/ ", "--title", "pasted"]) == 0
    assert capsys.readouterr().out.endswith(f"`bugzot outbox flush` sends it to {url})\n")
    assert [e.destination for e in Outbox(data_dir).list()] == [url]


def test_a_refused_report_leaves_the_apps_settings_alone(data_dir, live_server, capsys):
    """#34: a refused `report --server X` rewrote settings.json, so the app switched server."""
    save_settings(data_dir, Settings(server_url="http://127.0.0.1:8411", max_edge=1000))
    before = (data_dir / "settings.json").read_bytes()
    rc = main(["report", "--data-dir", str(data_dir), "--server", live_server.url + "/typo", "--title", "refused"])
    _, err = capsys.readouterr()
    assert rc == 1 and err.startswith(f"not sent: {live_server.url}/typo is not a BugZot server")
    assert (data_dir / "settings.json").read_bytes() == before
    assert load_settings(data_dir) == Settings(server_url="http://127.0.0.1:8411", max_edge=1000)


def test_a_queued_reports_token_is_not_kept_without_a_keyring_and_flush_is_told(data_dir, capsys):
    save_settings(data_dir, Settings(server_url="http://127.0.0.1:8411", api_token="app-token"))
    before = (data_dir / "settings.json").read_bytes()
    url = _dead_url()
    assert main(["report", "--data-dir", str(data_dir), "--server", url, "--token", "cli-token", "--title", "t"]) == 0
    [entry] = Outbox(data_dir).list()
    # #1: only the command that can send it (a plain flush has no token for that URL).
    assert capsys.readouterr().out.endswith(
        f"(report {entry.client_id}; `bugzot outbox flush --server {url} --token TOKEN` sends it to {url}; the token "
        "was not kept (there is no system keyring, and the settings file keeps only the Settings token))\n"
    )
    assert (data_dir / "settings.json").read_bytes() == before  # the app's token is not overwritten


def test_a_queued_reports_token_is_kept_in_a_keyring_for_its_url(data_dir, capsys):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username))

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    sock, url = reserve_port()
    try:
        assert main(["report", "--data-dir", str(data_dir), "--server", url, "--token", " kr-token ", "--title", "t"]) == 0
        assert capsys.readouterr().out.endswith(
            f"`bugzot outbox flush` sends it to {url}; the token is kept in the system keyring for that URL)\n"
        )
        assert Memory.store == {("bugzot", url): "kr-token"}
        assert not (data_dir / "settings.json").exists()
        # Another token for the same URL does not replace it.
        assert main(["report", "--data-dir", str(data_dir), "--server", url, "--token", "other", "--title", "t2"]) == 0
        assert "the token was not kept (another token is kept for that URL)" in capsys.readouterr().out
        assert Memory.store == {("bugzot", url): "kr-token"}
    finally:
        sock.close()
        keyring.set_keyring(before)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--title", ""], "bugzot: --title: Title is required: describe the bug in a few words. Nothing was filed.\n"),
        (
            ["--title", "x" * 201],
            "bugzot: --title: Title is 201 characters long; the limit is 200. Nothing was filed.\n",
        ),
        (
            ["--title", "t", "--severity", "huge"],
            "bugzot: --severity: 'huge' is not one of: blocker, critical, major, minor, trivial.\n",
        ),
        (
            ["--title", "t", "--server", "ftp://x"],
            "bugzot: --server: Server URL 'ftp://x' must start with http:// or https://.\n",
        ),
        (
            ["--title", "t", "--server", "http://"],
            "bugzot: --server: Server URL 'http://' has no host name; write it like http://bugs.example.com:8000.\n",
        ),
        (
            ["--title", "t", "--server", "http://127.0.0.1:99999"],
            "bugzot: --server: Server URL 'http://127.0.0.1:99999' has the port '99999'; a port is a number from 1 "
            "to 65535.\n",
        ),
        (
            ["--title", "t", "--server", "http://127.0.0.1:0"],
            "bugzot: --server: Server URL 'http://127.0.0.1:0' has the port '0'; a port is a number from 1 to 65535.\n",
        ),
        (
            ["--title", "t", "--server", "http://exa mple.com"],
            "bugzot: --server: Server URL 'http://exa mple.com' contains a space or a control character; a URL has "
            "none.\n",
        ),
        (
            ["--title", "t", "--server", "http://[::1"],
            "bugzot: --server: Server URL 'http://[::1' is not a valid URL (Invalid IPv6 URL).\n",
        ),
        (
            ["--title", "t", "--max-edge", "5"],
            "bugzot: --max-edge: Longest edge 5 must be between 64 and 16383 pixels.\n",
        ),
        (
            ["--title", "t", "--attach", "missing.png"],
            "bugzot: --attach: missing.png does not exist or is not a file; nothing was filed.\n",
        ),
    ],
)
def test_bad_input_is_one_line_naming_the_option(data_dir, capsys, argv, message):
    rc = main(["report", "--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    assert (rc, out, err) == (2, "", message)
    assert Outbox(data_dir).list() == []


def test_more_than_20_files_names_the_attach_option_and_no_zip(tmp_path, data_dir, capsys):
    files = [str(_png(tmp_path / f"{i}.png")) for i in range(21)]
    rc = main(["report", "--data-dir", str(data_dir), "--title", "many", "--attach", *files])
    assert (rc, capsys.readouterr().err) == (
        2,
        "bugzot: --attach: A report can carry at most 20 files; this one has 21. Remove some and send again. "
        "Nothing was filed.\n",
    )
    assert Outbox(data_dir).list() == []


def test_a_non_image_attachment_is_named(tmp_path, data_dir, capsys):
    notes = tmp_path / "notes.png"
    notes.write_bytes(b"not an image\x00")
    rc = main(["report", "--data-dir", str(data_dir), "--title", "t", "--attach", str(notes)])
    _, err = capsys.readouterr()
    assert rc == 2 and err.count("\n") == 1
    assert err.startswith(f"bugzot: --attach: File {notes} is neither an image nor a plain-text file;") and err.endswith(
        "Nothing was filed.\n"
    )


def _cli(args: list[str], **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    e.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bugzot_desktop", *args], capture_output=True, text=True, env=e, timeout=120
    )


def test_screenshot_unavailable_is_said_plainly_and_the_report_still_filed(data_dir):
    url = _dead_url()
    r = _cli(
        ["report", "--server", url, "--data-dir", str(data_dir), "--title", "shot", "--screenshot"],
        QT_QPA_PLATFORM="offscreen",
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr == (
        "bugzot: Screen capture is unavailable here (the Qt platform is 'offscreen', which has no real screen); "
        "the report is filed without a screenshot (use --attach FILE instead).\n"
    )
    assert r.stdout.startswith("queued: ")
    [entry] = Outbox(data_dir).list()
    assert entry.attachments == [] and entry.environment["qt_platform"] == "offscreen"


def test_no_display_at_all_does_not_crash(data_dir):
    r = _cli(["report", "--server", _dead_url(), "--data-dir", str(data_dir), "--title", "shot", "--screenshot"])
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "no display: neither DISPLAY nor WAYLAND_DISPLAY is set" in r.stderr


def _dead_display() -> str:
    """A DISPLAY no X server answers on (no socket for it)."""
    n = next(n for n in range(900, 1000) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{n}"


@pytest.mark.parametrize(
    ("argv", "code", "line"),
    [
        ([], 2, "bugzot: The window cannot open here (no X server answers on DISPLAY={d}). Start BugZot from your "
                "desktop session, or set DISPLAY to a running X server; `bugzot report` files reports without a window."),
        (["capture", "-o", "{t}/x.png"], 2,
         "bugzot: Screen capture is unavailable here (no X server answers on DISPLAY={d}); attach an existing file instead."),
    ],
)
def test_a_display_no_x_server_answers_is_one_line_not_a_qt_abort(data_dir, tmp_path, argv, code, line):
    """Qt's xcb plugin aborted the process (SIGABRT) and advised reinstalling (newcomer5 #1)."""
    d = _dead_display()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = d
    args = [a.format(t=tmp_path) for a in argv]
    r = subprocess.run([sys.executable, "-m", "bugzot_desktop", "--data-dir", str(data_dir), *args], env=env,
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (r.returncode, r.stderr) == (code, line.format(d=d) + "\n")
    assert not (tmp_path / "x.png").exists()


def test_report_screenshot_with_a_dead_display_is_filed_without_it(data_dir):
    d = _dead_display()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = d
    r = subprocess.run([sys.executable, "-m", "bugzot_desktop", "report", "--server", _dead_url(), "--data-dir",
                        str(data_dir), "--title", "shot", "--screenshot"], env=env, capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith(f"bugzot: Screen capture is unavailable here (no X server answers on DISPLAY={d}); "
                               "the report is filed without a screenshot")
    assert [e.attachments for e in Outbox(data_dir).list()] == [[]]


def test_bad_input_in_a_real_process_has_no_traceback(data_dir):
    r = _cli(["report", "--data-dir", str(data_dir), "--title", "t", "--attach", "nope.png"])
    assert (r.returncode, r.stdout, r.stderr) == (
        2,
        "",
        "bugzot: --attach: nope.png does not exist or is not a file; nothing was filed.\n",
    )


def _xvfb_report(data_dir: Path, url: str, root: str, **env: str) -> subprocess.CompletedProcess:
    """Run `bugzot report --screenshot` on a fresh Xvfb whose root window is black or white."""
    r_fd, w_fd = os.pipe()
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(w_fd),
            "-screen",
            "0",
            "1024x600x24",
            "-nolisten",
            "tcp",
            "-wr" if root == "white" else "-br",
        ],
        pass_fds=(w_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(w_fd)
    try:
        ready, _, _ = select.select([r_fd], [], [], 20)
        assert ready, "Xvfb did not report its display number"
        display = ":" + os.read(r_fd, 64).decode().strip()
        return _cli(
            [
                "report",
                "--server",
                url,
                "--data-dir",
                str(data_dir),
                "--title",
                "with screen",
                "--screenshot",
                "--max-edge",
                "2000",
            ],
            QT_QPA_PLATFORM="xcb",
            DISPLAY=display,
            **env,
        )
    finally:
        os.close(r_fd)
        xvfb.terminate()
        xvfb.wait(10)


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_screenshot_on_a_real_x_screen_is_attached_and_sent(data_dir, live_server):
    r = _xvfb_report(data_dir, live_server.url, "white")
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    [stored] = live_server.reports()
    assert r.stdout == stored["url"] + "\n"
    [att] = stored["attachments"]
    assert (Path(att["filename"]).stem, att["width"], att["height"]) == ("screenshot", 1024, 600)
    assert stored["environment"]["qt_platform"] == "xcb"


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_an_all_black_x11_screen_is_attached_as_it_is_with_a_note(data_dir, live_server):
    # X11 hands back its framebuffer: black is what is on the screen (the "screen went black" bug).
    r = _xvfb_report(data_dir, live_server.url, "black")
    assert r.returncode == 0, r.stderr
    assert r.stderr == (
        "bugzot: note: the screen was all black when captured; the screenshot is attached as it is.\n"
    )
    [stored] = live_server.reports()
    [att] = stored["attachments"]
    assert (Path(att["filename"]).stem, att["width"], att["height"]) == ("screenshot", 1024, 600)


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_a_black_grab_under_a_wayland_session_is_not_attached_and_said_plainly(data_dir, live_server):
    # An X client under Wayland (XWayland) sees Wayland windows as black: there black means refused.
    r = _xvfb_report(data_dir, live_server.url, "black", WAYLAND_DISPLAY="wayland-bugzot-test")
    assert r.returncode == 0
    assert r.stderr == (
        "bugzot: The screen capture came back blank (the display may not allow capture); "
        "the report is filed without a screenshot (use --attach FILE instead).\n"
    )
    [stored] = live_server.reports()
    assert r.stdout == stored["url"] + "\n" and stored["attachments"] == []


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('"connect_timeout_s": -1', "connect_timeout_s must be a number of seconds above 0 and at most 600, not -1."),
        ('"connect_timeout_s": NaN', "connect_timeout_s must be a number of seconds above 0 and at most 600, not NaN."),
        ('"read_timeout_s": 0', "read_timeout_s must be a number of seconds above 0 and at most 600, not 0."),
        ('"log_lines": -3', "log_lines must be a whole number from 1 to 100,000, not -3."),
    ],
)
def test_a_timeout_no_send_could_use_is_one_line_and_nothing_is_filed(data_dir, capsys, raw, problem):
    """#6: a negative or NaN timeout gave a traceback, exit 0, and a report retried for ever."""
    path = data_dir / "settings.json"
    path.write_text('{"server_url": "http://127.0.0.1:9", ' + raw + "}")
    for argv in (["report", "--title", "neg timeout"], ["outbox", "flush"]):
        rc = main(["--data-dir", str(data_dir), *argv])
        assert (rc, capsys.readouterr()) == (2, ("", f"bugzot: Settings file {path}: {problem}\n"))
    assert Outbox(data_dir).list() == []


def test_a_report_its_token_server_refuses_says_the_one_command_that_sends_it(tmp_path, data_dir, capsys):
    """#1/#2: a wrong --token fails for good with advice naming the flush that is given the right token (not Settings,
    not a plain `retry ID`); no --token at all and none kept: the report waits, and says the same command."""
    save_settings(data_dir, Settings(server_url=_dead_url(), api_token="settings-token"))
    with LiveServer(tmp_path / "srv", token=True) as srv:
        url = srv.url
        assert main(["report", "--data-dir", str(data_dir), "--server", url, "--token", "bzt_wrong", "--title", "a"]) == 1
        wrong = Outbox(data_dir).list()[-1].client_id
        assert capsys.readouterr() == ("", (
            f"not sent: The server at {url} refused the API token (401): it is wrong or revoked; the report is kept in "
            f"the outbox. The report was filed for that server: `bugzot outbox flush --server {url} --token TOKEN` "
            f"sends it with the right token. (report {wrong})\n"
        ))
        assert main(["report", "--data-dir", str(data_dir), "--server", url, "--title", "b"]) == 0
        waits = Outbox(data_dir).list()[-1]
        assert capsys.readouterr() == ((
            f"queued: The server at {url} needs an API token (401) and none was sent; the report is kept in the outbox. "
            "It waits there: no token is kept for that server (the Settings token goes only to the Settings server), "
            f"and `bugzot outbox flush --server {url} --token TOKEN` sends it. (report {waits.client_id})\n"
        ), "")
        assert [e.state for e in Outbox(data_dir).list()] == ["failed", "queued"]
        assert main(["outbox", "flush", "--data-dir", str(data_dir), "--server", url, "--token", srv.token]) == 0
        capsys.readouterr()
        assert srv.count_by_client_id() == {wrong: 1, waits.client_id: 1}


def test_a_redirect_with_control_characters_in_its_location_is_printed_on_one_line(data_dir, capsys):
    """The server chooses the Location header: an escape sequence in it must not reach the terminal raw."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(302)
            self.send_header("Location", "/x\x1b[31mevil")
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert main(["report", "--data-dir", str(data_dir), "--server", url, "--title", "ctl"]) == 1
        _out, err = capsys.readouterr()
        assert err.startswith(f"not sent: The server at {url} redirected the upload (302 to /x\\x1b[31mevil): ")
        assert err.count("\n") == 1 and "\x1b" not in err
        assert main(["outbox", "list", "--data-dir", str(data_dir)]) == 0
        listed = capsys.readouterr().out
        assert "\x1b" not in listed and "/x\\x1b[31mevil" in listed
    finally:
        server.shutdown()
        server.server_close()


def test_attach_original_sends_the_file_as_it_is(tmp_path, data_dir, live_server, capsys):
    shot = _png(tmp_path / "screen.png")
    raw = tmp_path / "raw.png"
    Image.new("RGB", (2600, 1400), (200, 40, 0)).save(raw)  # would be downscaled to 1920 and re-encoded
    rc = main(["report", "--server", live_server.url, "--data-dir", str(data_dir), "--title", "Original",
               "--attach", str(shot), "--attach-original", str(raw), "--max-edge", "320"])
    assert (rc, capsys.readouterr().err) == (0, "")
    [stored] = live_server.reports()
    first, second = stored["attachments"]
    assert (first["width"], first["height"]) == (320, 240)
    assert (second["filename"], second["width"], second["height"], second["size"]) == (
        "raw.png", 2600, 1400, raw.stat().st_size)
    [entry] = Outbox(data_dir).list()
    assert [a.send_original for a in entry.attachments] == [False, True]


def test_attach_original_names_its_option_for_a_bad_file(tmp_path, data_dir, capsys):
    rc = main(["report", "--data-dir", str(data_dir), "--title", "t", "--attach-original", str(tmp_path / "gone.png")])
    assert (rc, capsys.readouterr().err) == (
        2, f"bugzot: --attach-original: {tmp_path / 'gone.png'} does not exist or is not a file; nothing was filed.\n")


def test_a_file_over_its_budget_is_a_note_on_stderr(tmp_path, data_dir, live_server, capsys):
    import random

    rng = random.Random(5)
    frames = [Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3)) for _ in range(6)]
    noise = tmp_path / "noise.gif"
    frames[0].save(noise, save_all=True, append_images=frames[1:], duration=80)
    save_settings(data_dir, Settings(server_url=live_server.url, byte_budget=10_000))
    rc = main(["report", "--data-dir", str(data_dir), "--title", "Spinner", "--attach", str(noise)])
    out, err = capsys.readouterr()
    [stored] = live_server.reports()
    [entry] = Outbox(data_dir).list()
    size = entry.compressed[0].size
    assert (rc, out) == (0, stored["url"] + "\n")
    assert err == (f"bugzot: note: noise.gif went out at {size:,} bytes, over the 10,000-byte budget even made "
                   "smaller; crop or shorten it for a smaller file.\n")
