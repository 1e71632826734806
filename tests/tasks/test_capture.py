"""tasks/capture.py on the offscreen platform, and `bugzot capture` input checking."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from bugzot_desktop import cli
from bugzot_desktop.tasks.capture import (
    black_grab_is_failure,
    grab_desktop,
    is_blank,
    portal_available,
    screen_infos,
    unavailable_reason,
)


def _filled(color: QColor | int, fmt=QImage.Format.Format_ARGB32) -> QImage:
    img = QImage(30, 20, fmt)
    img.fill(color)
    return img


def test_is_blank(qapp):
    assert is_blank(QImage())
    assert is_blank(_filled(QColor("black"), QImage.Format.Format_RGB32))
    assert is_blank(_filled(QColor(0, 0, 0, 0)))
    assert is_blank(_filled(QColor(200, 10, 10, 0)))  # transparent, whatever the colour
    assert not is_blank(_filled(QColor("white")))
    dot = _filled(QColor("black"), QImage.Format.Format_RGB32)
    dot.setPixelColor(29, 19, QColor(1, 0, 0))
    assert not is_blank(dot)  # one real pixel is enough
    # A black region of a good desktop is a real picture; a transparent one is not.
    assert not is_blank(_filled(QColor("black"), QImage.Format.Format_RGB32), black_is_blank=False)
    assert is_blank(_filled(QColor(0, 0, 0, 0)), black_is_blank=False)


@pytest.mark.parametrize(
    ("platform", "environ", "failure"),
    [
        ("xcb", {}, False),  # X11 proper: the framebuffer, black is real
        ("xcb", {"WAYLAND_DISPLAY": "wayland-0"}, True),  # XWayland: Wayland windows look black to X clients
        ("xcb", {"WAYLAND_DISPLAY": ""}, False),
        ("wayland", {"WAYLAND_DISPLAY": "wayland-0"}, True),
        ("windows", {}, True),
        ("cocoa", {}, True),
        ("offscreen", {}, True),
    ],
)
def test_black_is_a_failed_grab_everywhere_but_on_x11(platform, environ, failure):
    assert black_grab_is_failure(platform, environ) is failure


def test_black_grab_is_failure_reads_this_process_platform(qapp):
    assert black_grab_is_failure() is True  # the suite runs offscreen


def test_offscreen_grab_is_reported_unavailable_not_passed_off_as_an_image(qapp):
    assert unavailable_reason() == "the Qt platform is 'offscreen', which has no real screen"
    assert portal_available() is False
    infos = screen_infos()
    assert len(infos) == 1 and infos[0].dpr == 1.0
    img = grab_desktop()
    # Whatever offscreen returns, it has the desktop's device size; callers must check is_blank first.
    assert (img.width(), img.height()) == (infos[0].device.w, infos[0].device.h)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "bugzot: -o FILE is required: where should the screenshot go?"),
        (["-o", "x.gif"], "bugzot: x.gif: unknown image type '.gif'; use .png, .jpg, .webp or .bmp."),
        (["-o", "out/"], "bugzot: -o: out/ is a folder; give a file name, such as out/screenshot.png."),
        (["-o", "."], "bugzot: -o: . is a folder; give a file name, such as screenshot.png."),
        (["-o", "x.png", "--screen", "a"], "bugzot: --screen must be a screen number like 0, not 'a'."),
        (["-o", "x.png", "--screen", "-1"], "bugzot: --screen must be 0 or more, not -1."),
        (["-o", "x.png", "--region", "1,2,3"], "bugzot: --region: region '1,2,3' must be X,Y,W,H (four integers)."),
        (["-o", "x.png", "--region", "0,0,0,5"], "bugzot: --region: region '0,0,0,5' needs a positive width and height."),
        (["-o", "x.png", "--screen", "1", "--window"], "bugzot: Choose one of --screen, --region, --window (got --screen and --window)."),
        (["-o", "x.png", "--delay", "soon"], "bugzot: --delay must be a number of seconds, not 'soon'."),
        (["-o", "x.png", "--delay", "-1"], "bugzot: --delay must be between 0 and 600 seconds, not -1."),
        (["-o", "x.png"], "bugzot: Screen capture is unavailable here (the Qt platform is 'offscreen', which has no real screen); attach an existing file instead."),
    ],
)
def test_capture_command_bad_input_is_one_line(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["capture", *argv]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", message + "\n")
    assert list(tmp_path.iterdir()) == []  # never a blank file
