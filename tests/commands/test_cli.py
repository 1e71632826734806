"""cli.main's one error printer: every message is one line, whatever the names inside it contain."""

from __future__ import annotations

import pytest

from bugzot_desktop.cli import main, one_line


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("File z\nero.png is empty.", "File z\\nero.png is empty."),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("red \x1b[31mtext\x07", "red \\x1b[31mtext\\x07"),
        ("del \x7f, C1 \x85, line sep \u2028, paragraph \u2029", "del \\x7f, C1 \\x85, line sep \\u2028, paragraph \\u2029"),
        ("plain, ünïcödé and a back\\slash stay", "plain, ünïcödé and a back\\slash stay"),
    ],
)
def test_one_line_escapes_control_characters(text, shown):
    assert one_line(text) == shown


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path, capsys):
    src = tmp_path / "z\nero.png"
    src.write_bytes(b"")
    assert main(["compress", str(src), "-o", str(tmp_path)]) == 2
    assert capsys.readouterr() == ("", "bugzot: File z\\nero.png is empty (0 bytes); capture or export the image again.\n")


def test_an_escape_sequence_in_an_attachment_name_cannot_recolour_the_terminal(tmp_path, capsys):
    missing = str(tmp_path / "evil\x1b[2J.png")
    assert main(["report", "--data-dir", str(tmp_path / "d"), "--title", "t", "--attach", missing]) == 2
    shown = missing.replace("\x1b", "\\x1b")
    assert capsys.readouterr().err == f"bugzot: --attach: {shown} does not exist or is not a file; nothing was filed.\n"


def test_a_negative_region_is_taken_as_the_regions_value():
    from bugzot_desktop.cli import _joined_negative_values

    assert _joined_negative_values(["capture", "--region", "-10,-20,300,200", "-o", "x.png"]) == [
        "capture", "--region=-10,-20,300,200", "-o", "x.png"]
    assert _joined_negative_values(["capture", "--region", "10,20,30,40"]) == ["capture", "--region", "10,20,30,40"]
    assert _joined_negative_values(["capture", "--region", "-o"]) == ["capture", "--region", "-o"]  # argparse says so


def test_capture_does_not_replace_an_existing_file_without_force(tmp_path, capsys):
    from bugzot_desktop.cli import main

    out = tmp_path / "shot.png"
    out.write_bytes(b"mine")
    assert main(["capture", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (f"bugzot: -o: {out} already exists; nothing was captured. Choose another name, "
                                       "or add --force to replace it.\n")
    assert out.read_bytes() == b"mine"
