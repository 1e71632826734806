"""What an attachment is, judged by its content: an image or a plain-text file, else refused.

One decision for the desktop (staging, delivery) and the server (ingest). Images are
handed to :func:`imaging.sniff` (a full decode, every limit of issue 5). Plain text
(logs, .txt, .json, .csv …) is valid UTF-8 with no NUL byte and no HTML/SVG/XML markup
at its start, at most :data:`MAX_TEXT_BYTES`; it is sent unchanged and served as
:data:`TEXT_CONTENT_TYPE`. Anything else raises :class:`ImageError` naming the file.
Qt-free.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from bugzot_desktop.core.errors import ImageError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
MAX_TEXT_BYTES = 2_000_000  # one place: a log's last lines fit easily; bigger text is refused by name
_HEAD_BYTES = 64 * 1024

# Tags a browser takes as markup when sniffing (WHATWG MIME sniffing), plus XML and SVG.
_MARKUP_STARTS = (
    b"<!doctype", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font", b"<table", b"<a",
    b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<svg", b"<xml", b"<meta", b"<link", b"<object",
    b"<embed", b"<img", b"<form", b"<math",
)
_TAG_END = (b" ", b">", b"\t", b"\n", b"\r", b"/")


@dataclass(frozen=True)
class FileKind:
    """``kind`` is "image" or "text"; width and height are 0 for text."""

    kind: str
    content_type: str
    width: int = 0
    height: int = 0


def is_text_type(content_type: str | None) -> bool:
    """Whether a stored content type is our plain text (no thumbnail, no preview, no mark-up)."""
    return (content_type or "").split(";")[0].strip().lower() == "text/plain"


def _markup(head: bytes) -> str | None:
    """'an HTML page' / 'an SVG drawing' / 'an XML document' when the text starts as markup."""
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n\f").lower()
    if not text.startswith(b"<"):
        return None
    svg, html, xml = (Text(QT_TRANSLATE_NOOP("core", "an SVG drawing")), Text(QT_TRANSLATE_NOOP("core", "an HTML page")),
                      Text(QT_TRANSLATE_NOOP("core", "an XML document")))
    if text.startswith(b"<?xml"):
        return svg if b"<svg" in text else xml
    if text.startswith(b"<!--") or b"<svg" in text or b"<html" in text:
        return svg if b"<svg" in text else html
    for tag in _MARKUP_STARTS:
        if text.startswith(tag) and (len(text) == len(tag) or text[len(tag) : len(tag) + 1] in _TAG_END):
            return svg if tag == b"<svg" else html
    return None


def _utf8_without_nul(data: bytes, final: bool) -> bool:
    if b"\x00" in data:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _neither(label: str, path: Path, what: str | None = None) -> ImageError:
    from bugzot_desktop.core.imaging import _supported_list

    if what:
        message = Text(QT_TRANSLATE_NOOP("core", "File {name} is {what}, neither an image nor a plain-text file; attach "
                                         "a {formats} image or a UTF-8 text file (a log, .txt, .json, .csv)."),
                       name=label, what=what, formats=_supported_list())
    else:
        message = Text(QT_TRANSLATE_NOOP("core", "File {name} is neither an image nor a plain-text file; attach a "
                                         "{formats} image or a UTF-8 text file (a log, .txt, .json, .csv)."),
                       name=label, formats=_supported_list())
    return ImageError(message, path=str(path))


def looks_like_text(path: str | os.PathLike[str]) -> bool:
    """Cheap: does the file's start read as plain text (so it is not an image)? Full check: :func:`check_file`."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return False
    return bool(head) and _utf8_without_nul(head, final=False) and _markup(head) is None


def check_file(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    max_pixels: int | None = None,
    max_text_bytes: int = MAX_TEXT_BYTES,
) -> FileKind:
    """Decide what ``path`` is by its content; raise :class:`ImageError` naming ``name or path.name``."""
    from bugzot_desktop.core import imaging  # Pillow: only when an image has to be decoded

    path = Path(path)
    label = name or path.name
    try:
        size = path.stat().st_size
        regular = path.is_file()
    except OSError:
        size, regular = 0, False
    if not regular or size == 0:
        imaging.sniff(path, name=label)  # raises its message for a missing, folder or empty file
        raise _neither(label, path)  # pragma: no cover - sniff always raises here
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    complete = len(head) >= size
    if _utf8_without_nul(head, final=complete):
        what = _markup(head)
        if what is not None:
            raise _neither(label, path, what)
        if size > max_text_bytes:
            raise ImageError(
                Text(QT_TRANSLATE_NOOP("core", "File {name} is a text file of {size} bytes, more than the limit of "
                                       "{limit} bytes for text; attach only its last lines."),
                     name=label, size=f"{size:,}", limit=f"{max_text_bytes:,}"),
                path=str(path),
            )
        if not complete:
            data = path.read_bytes()
            if not _utf8_without_nul(data, final=True):
                raise _neither(label, path)
        return FileKind("text", TEXT_CONTENT_TYPE)
    kwargs = {} if max_pixels is None else {"max_pixels": max_pixels}
    try:
        info = imaging.sniff(path, name=label, **kwargs)
    except imaging.NotAnImageError as exc:
        raise _neither(label, path, None if exc.what == "not a supported image" else exc.what) from None
    return FileKind("image", info.content_type, info.width, info.height)
