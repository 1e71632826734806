"""Streaming ``multipart/form-data`` reader for report uploads.

Files go straight to temp files in the storage dir while their SHA-256 and size
are computed, so nothing is held in memory or copied twice and every byte limit
is enforced as the bytes arrive. No FastAPI here: it reads any async byte stream.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from bugzot_desktop.core.wire import FILES_PART, REPORT_PART
from bugzot_server.config import Settings
from bugzot_server.errors import ClientError, too_large, unprocessable
from bugzot_server.storage import Storage


@dataclass
class ReceivedFile:
    """One ``files`` part, received into ``path`` (a temp file in the storage dir)."""

    part_filename: str
    path: Path
    size: int = 0
    sha256: str = ""


@dataclass
class ReceivedUpload:
    """The parts of one request; call :meth:`discard` unless the files were stored."""

    report_raw: bytes | None = None
    files: list[ReceivedFile] = field(default_factory=list)

    def discard(self) -> None:
        for f in self.files:
            f.path.unlink(missing_ok=True)


def _decode(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


MAX_BOUNDARY = 200  # RFC 2046 says 70; generous for odd clients, and under python-multipart's own 256


class _Reader:
    """Callbacks for python-multipart's push parser; enforce limits per part."""

    def __init__(self, storage: Storage, settings: Settings) -> None:
        self.storage = storage
        self.settings = settings
        self.upload = ReceivedUpload()
        self._headers: list[tuple[bytes, bytes]] = []
        self._hname = b""
        self._hvalue = b""
        self._name = ""
        self._report_buf: bytearray | None = None
        self._file: ReceivedFile | None = None
        self._fh: IO[bytes] | None = None
        self._hash = hashlib.sha256()
        self.report_done = False
        self.discarding = False  # a replay: read the rest of the body but keep nothing

    def on_part_begin(self) -> None:
        self._headers = []
        self._name = ""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._hname += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._hvalue += data[start:end]

    def on_header_end(self) -> None:
        self._headers.append((self._hname.lower(), self._hvalue))
        self._hname = self._hvalue = b""

    def on_headers_finished(self) -> None:
        disposition = next((v for k, v in self._headers if k == b"content-disposition"), b"")
        _, options = parse_options_header(disposition)
        self._name = _decode(options.get(b"name", b""))
        if self.discarding:
            return
        if self._name == REPORT_PART:
            if self.upload.report_raw is not None:
                raise unprocessable(f"Part '{REPORT_PART}' was sent twice; send it once.")
            self._report_buf = bytearray()
        elif self._name == FILES_PART:
            if len(self.upload.files) >= self.settings.max_files:
                raise ClientError(
                    413, f"Too many files: the limit is {self.settings.max_files} per report (max_files)."
                )
            filename = _decode(options.get(b"filename", b"")) or f"file {len(self.upload.files) + 1}"
            self._file = ReceivedFile(filename, self.storage.temp_path())
            self.upload.files.append(self._file)  # listed first, so discard() finds it on any error
            self._fh = open(self._file.path, "xb")
            self._hash = hashlib.sha256()
        else:
            raise unprocessable(
                f"Unexpected part {self._name!r}: send one '{REPORT_PART}' part and '{FILES_PART}' parts."
            )

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.discarding:
            return
        chunk = data[start:end]
        if self._report_buf is not None:
            if len(self._report_buf) + len(chunk) > self.settings.max_report_json_bytes:
                raise too_large(
                    f"Part '{REPORT_PART}' is larger than {self.settings.max_report_json_bytes} bytes "
                    "(max_report_json_bytes)."
                )
            self._report_buf += chunk
        elif self._file is not None and self._fh is not None:
            self._file.size += len(chunk)
            if self._file.size > self.settings.max_file_bytes:
                raise too_large(
                    f"File '{self._file.part_filename}' is larger than {self.settings.max_file_bytes} bytes "
                    "(max_file_bytes); send a smaller image."
                )
            self._hash.update(chunk)
            self._fh.write(chunk)

    def on_part_end(self) -> None:
        if self._report_buf is not None:
            self.upload.report_raw = bytes(self._report_buf)
            self._report_buf = None
            self.report_done = True
        if self._file is not None and self._fh is not None:
            # No fsync here: this runs on the event loop; storage fsyncs in a worker thread before the rename.
            self._fh.close()
            self._fh = None
            self._file.sha256 = self._hash.hexdigest()
            self._file = None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


async def receive_upload(
    stream: AsyncIterator[bytes],
    content_type: str,
    storage: Storage,
    settings: Settings,
    on_report: Callable[[bytes], Awaitable[bool]] | None = None,
) -> tuple[ReceivedUpload, bool]:
    """Read a whole multipart body. Returns (upload, replay).

    ``on_report`` is called as soon as the ``report`` part is complete; if it
    returns True (a known client_id) the rest of the body is read and dropped
    and ``replay`` is True. On any error every temp file is removed.
    """
    ctype, params = parse_options_header(content_type or "")
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise ClientError(415, "Send the report as multipart/form-data with a 'report' part and 'files' parts.")
    boundary = params[b"boundary"]
    if not 1 <= len(boundary) <= MAX_BOUNDARY:
        raise unprocessable(
            f"The multipart boundary is {len(boundary)} characters long; "
            f"use 1 to 70 (RFC 2046; up to {MAX_BOUNDARY} are accepted)."
        )
    reader = _Reader(storage, settings)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": reader.on_part_begin,
            "on_part_data": reader.on_part_data,
            "on_part_end": reader.on_part_end,
            "on_header_field": reader.on_header_field,
            "on_header_value": reader.on_header_value,
            "on_header_end": reader.on_header_end,
            "on_headers_finished": reader.on_headers_finished,
        },
    )
    replay = False
    try:
        async for chunk in stream:
            parser.write(chunk)
            if reader.report_done and on_report is not None and not reader.discarding:
                reader.report_done = False
                if reader.upload.report_raw is not None and await on_report(reader.upload.report_raw):
                    replay = True
                    reader.discarding = True
                    reader.close()
                    reader.upload.discard()
        parser.finalize()
        if reader._fh is not None:
            raise unprocessable("The multipart body ended in the middle of a file; send the request again.")
        if reader._report_buf is not None:
            raise unprocessable(f"The multipart body ended in the middle of part '{REPORT_PART}'; send the request again.")
    except FormParserError:
        reader.close()
        reader.upload.discard()
        raise unprocessable("The request body is not valid multipart/form-data.") from None
    except BaseException:
        reader.close()
        reader.upload.discard()
        raise
    if replay:
        reader.upload.files.clear()
    return reader.upload, replay
