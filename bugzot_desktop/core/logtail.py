"""The last N lines of a log file, read from the end so a huge log costs little."""

from __future__ import annotations

import os
from pathlib import Path

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text

DEFAULT_LINES = 200  # Settings.log_lines holds the user's choice
_BLOCK = 64 * 1024


def tail_bytes(path: Path, lines: int, *, max_bytes: int = 4 * 1024 * 1024) -> bytes:
    """The last ``lines`` lines as bytes (at most ``max_bytes`` from the end, cut at a line start)."""
    if lines <= 0:
        return b""
    try:
        with open(path, "rb") as fh:
            end = fh.seek(0, os.SEEK_END)
            pos = end
            data = b""
            # A trailing newline ends the last line; it does not start an empty one.
            wanted = lines + 1 if end else lines
            while pos > 0 and data.count(b"\n") < wanted and end - pos < max_bytes:
                step = min(_BLOCK, pos, max_bytes - (end - pos))
                pos -= step
                fh.seek(pos)
                data = fh.read(step) + data
    except OSError as exc:
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Log file {path} could not be read ({reason})."),
                 path=str(path), reason=exc.strerror or str(exc)),
            path=str(path),
        ) from None
    body, newline = (data[:-1], b"\n") if data.endswith(b"\n") else (data, b"")
    parts = body.split(b"\n")
    if pos > 0 and len(parts) <= lines:
        parts = parts[1:]  # the first piece is a partial line cut by max_bytes
    return b"\n".join(parts[-lines:]) + newline


def tail_text(path: Path, lines: int, **kwargs: int) -> str:
    """:func:`tail_bytes` decoded as UTF-8; undecodable bytes become U+FFFD, never an error."""
    return tail_bytes(path, lines, **kwargs).decode("utf-8", errors="replace")


def write_tail(path: Path, lines: int, out_dir: Path) -> Path:
    """Write the tail to ``out_dir/<name>.tail.txt`` (the file that is attached) and return it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{Path(path).name}.tail.txt"
    out.write_bytes(tail_bytes(Path(path), lines))
    return out


def log_item(path: Path, lines: int, *, max_bytes: int = 32_000) -> dict[str, object]:
    """A log's tail as one environment item (``log_tail``): name, line count, text.

    It travels inside the report JSON because the server accepts only images as
    files; ``max_bytes`` keeps it well under the environment's size limit.
    """
    text = tail_text(Path(path), lines, max_bytes=max_bytes)
    return {"file": Path(path).name, "lines": text.count("\n") + (0 if not text or text.endswith("\n") else 1), "text": text}
