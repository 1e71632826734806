"""core/wire.py: parse_report_json refuses what the server must not store."""

from __future__ import annotations

import json
import uuid

import pytest

from bugzot_desktop.core.wire import FileInfo, WireError, build_report_json, parse_report_json


def _raw(filename: str) -> str:
    info = FileInfo(filename, 3, "a" * 64)
    return json.dumps(build_report_json(str(uuid.uuid4()), {"title": "T", "severity": "minor"}, {}, [info]))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\t", "\n", "\r", "\x1b", "\x1f", "\x7f"])
def test_control_characters_in_a_filename_are_refused(char: str) -> None:
    with pytest.raises(WireError) as caught:
        parse_report_json(_raw(f"shot{char}.png"))
    assert str(caught.value) == (
        f"attachments[0].filename contains the control character U+{ord(char):04X}; "
        "file names may not contain U+0000-U+001F or U+007F."
    )
    assert caught.value.field == "attachments"


@pytest.mark.parametrize("name", ["shot 1.png", "Bildschirmfoto – ü.png", "日志.txt", "a\u00a0b.png"])
def test_printable_filenames_pass_unchanged(name: str) -> None:
    assert [a.filename for a in parse_report_json(_raw(name)).attachments] == [name]


def test_clean_filename_replaces_control_characters_and_keeps_the_extension():
    from bugzot_desktop.core.wire import FIELD_LIMITS, clean_filename

    assert clean_filename("log\nfile\x00.png") == "log_file_.png"
    long = "a" * 300 + ".webp"
    cleaned = clean_filename(long)
    assert len(cleaned) == FIELD_LIMITS["filename"] and cleaned.endswith(".webp")
    assert clean_filename("") == "file"
