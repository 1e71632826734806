"""core/logtail.py: exactly the last N lines, from small and large files."""

from __future__ import annotations

import pytest

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.logtail import log_item, tail_bytes, tail_text, write_tail


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "app.log"
    path.write_text("".join(f"line {i}\n" for i in range(1, 101)), encoding="utf-8")
    return path


def test_last_n_lines(log):
    assert tail_text(log, 3) == "line 98\nline 99\nline 100\n"


def test_more_lines_than_the_file_has(log):
    assert tail_text(log, 500) == log.read_text(encoding="utf-8")


def test_zero_lines_and_empty_file(tmp_path, log):
    assert tail_text(log, 0) == ""
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    assert tail_text(empty, 5) == ""


def test_no_trailing_newline(tmp_path):
    path = tmp_path / "x.log"
    path.write_bytes(b"a\nb\nc")
    assert tail_bytes(path, 2) == b"b\nc"


def test_large_file_crosses_blocks(tmp_path):
    path = tmp_path / "big.log"
    path.write_bytes(b"".join(b"%06d %s\n" % (i, b"x" * 100) for i in range(5000)))
    got = tail_bytes(path, 1000).split(b"\n")
    assert len(got) == 1001 and got[-1] == b""
    assert got[0].startswith(b"004000 ") and got[-2].startswith(b"004999 ")


def test_max_bytes_cuts_at_a_line_start(tmp_path):
    path = tmp_path / "big.log"
    path.write_bytes(b"".join(b"%04d\n" % i for i in range(1000)))
    assert tail_bytes(path, 1000, max_bytes=23) == b"0996\n0997\n0998\n0999\n"


def test_bad_bytes_do_not_raise(tmp_path):
    path = tmp_path / "bin.log"
    path.write_bytes(b"ok\n\xff\xfe broken\n")
    assert tail_text(path, 1) == "\ufffd\ufffd broken\n"


def test_missing_file_is_bad_input(tmp_path):
    with pytest.raises(BadInputError) as info:
        tail_text(tmp_path / "nope.log", 5)
    assert info.value.path == str(tmp_path / "nope.log")
    assert str(info.value).startswith(f"Log file {tmp_path / 'nope.log'} could not be read")


def test_write_tail_names_the_attachment(tmp_path, log):
    out = write_tail(log, 2, tmp_path / "staging")
    assert out == tmp_path / "staging" / "app.log.tail.txt"
    assert out.read_text(encoding="utf-8") == "line 99\nline 100\n"


def test_log_item_is_a_named_bounded_environment_value(log):
    assert log_item(log, 2) == {"file": "app.log", "lines": 2, "text": "line 99\nline 100\n"}
    small = log_item(log, 100, max_bytes=20)
    assert small == {"file": "app.log", "lines": 2, "text": "line 99\nline 100\n"}
