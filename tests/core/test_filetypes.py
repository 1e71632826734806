"""core/filetypes.py: an attachment is an image or plain UTF-8 text, judged by content; anything else is refused by name."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from bugzot_desktop.core import filetypes
from bugzot_desktop.core.errors import ImageError
from bugzot_desktop.core.filetypes import MAX_TEXT_BYTES, TEXT_CONTENT_TYPE, FileKind, check_file, is_text_type

ACCEPT = "attach a PNG, JPEG, GIF, WebP, BMP, TIFF, AVIF, HEIC image or a UTF-8 text file (a log, .txt, .json, .csv)."


def _png(w: int = 20, h: int = 10) -> bytes:
    buf = BytesIO()
    Image.new("RGB", (w, h), (10, 200, 30)).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("app.log", b"2026-12-03 20:00:01 INFO started\n2026-12-03 20:00:02 ERROR caf\xc3\xa9 failed\n"),
        ("notes.txt", "\ufeffnon-ASCII: \u00e9\u00e8 \u4e2d\u6587 \U0001f41b\n".encode()),
        ("data.json", b'{"a": [1, 2], "b": "<html> inside a string"}\n'),
        ("table.csv", b"id,name\n1,x\n"),
        ("syslog", b"<13>Dec  3 20:00:00 host app: started\n"),
        ("one.txt", b"x"),
    ],
)
def test_plain_text_is_accepted_as_utf8_text(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert check_file(path) == FileKind("text", "text/plain; charset=utf-8", 0, 0)
    assert filetypes.looks_like_text(path)


def test_an_image_is_delegated_to_imaging(tmp_path: Path) -> None:
    path = tmp_path / "shot.dat"
    path.write_bytes(_png(20, 10))
    assert check_file(path) == FileKind("image", "image/png", 20, 10)
    assert not filetypes.looks_like_text(path)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("page.log", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "File page.log is an HTML page, neither"),
        ("page.txt", b"\n  <html><body>hi</body></html>", "File page.txt is an HTML page, neither"),
        ("frag.txt", b"<script>alert(1)</script>", "File frag.txt is an HTML page, neither"),
        ("comment.txt", b"<!-- x --><p>hi</p>", "File comment.txt is an HTML page, neither"),
        ("logo.txt", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "File logo.txt is an SVG drawing, neither"),
        ("bare.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "File bare.svg is an SVG drawing, neither"),
        ("feed.xml", b'<?xml version="1.0"?><feed/>', "File feed.xml is an XML document, neither"),
        ("shots.zip", b"PK\x03\x04" + b"\0" * 40, "File shots.zip is a zip archive, neither"),
        ("tool.txt", b"MZ\x90\x00" + b"\0" * 60, "File tool.txt is a program, neither"),
        ("blob.log", b"looks like text\x00but has a NUL", "File blob.log is neither"),
        ("latin1.txt", "caf\u00e9\n".encode("latin-1"), "File latin1.txt is neither"),
        ("utf16.txt", "hello\n".encode("utf-16"), "File utf16.txt is neither"),
    ],
)
def test_anything_else_is_refused_naming_the_file(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImageError) as err:
        check_file(path)
    assert str(err.value) == f"{expected} an image nor a plain-text file; {ACCEPT}"
    assert err.value.path == str(path)


def test_the_given_name_is_the_one_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "0-abc123.bin"
    path.write_bytes(b"\x00\x01\x02\x03")
    with pytest.raises(ImageError) as err:
        check_file(path, name="my report.log")
    assert str(err.value) == f"File my report.log is neither an image nor a plain-text file; {ACCEPT}"


def test_invalid_utf8_after_the_first_block_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "late.log"
    path.write_bytes(b"a" * (100 * 1024) + b"\xff\xfe tail\n")
    with pytest.raises(ImageError) as err:
        check_file(path)
    assert str(err.value) == f"File late.log is neither an image nor a plain-text file; {ACCEPT}"


def test_text_over_the_limit_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    path.write_bytes(b"line\n" * 30)
    assert check_file(path, max_text_bytes=150) == FileKind("text", TEXT_CONTENT_TYPE)
    with pytest.raises(ImageError) as err:
        check_file(path, max_text_bytes=149)
    assert str(err.value) == "File big.log is a text file of 150 bytes, more than the limit of 149 bytes for text; attach only its last lines."
    assert MAX_TEXT_BYTES == 2_000_000


def test_damaged_images_keep_their_imaging_message(tmp_path: Path) -> None:
    path = tmp_path / "cut.png"
    path.write_bytes(_png(300, 300)[:120])
    with pytest.raises(ImageError) as err:
        check_file(path)
    assert "cut.png" in str(err.value) and "neither" not in str(err.value)


def test_empty_and_missing_files_are_refused_naming_them(tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    with pytest.raises(ImageError, match=r"^File empty\.log is empty \(0 bytes\)"):
        check_file(empty)
    with pytest.raises(ImageError, match=r"^File gone\.log does not exist"):
        check_file(tmp_path / "gone.log")


def test_is_text_type() -> None:
    assert is_text_type("text/plain; charset=utf-8")
    assert is_text_type("text/plain")
    assert not is_text_type("image/png")
    assert not is_text_type("text/html")
    assert not is_text_type(None)
