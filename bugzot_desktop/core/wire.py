"""The wire format: one source of truth shared by the desktop client and the server.

A report travels as ``multipart/form-data``:

* part ``report``: JSON, see :func:`build_report_json`;
* one part ``files`` per attachment, in the same order as ``report.attachments``.

The server imports this module (it is Qt-free) to parse and validate the JSON,
so client and server can never disagree about field names or limits.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
REPORT_PART = "report"
FILES_PART = "files"
API_PREFIX = "/api/v1"
REPORTS_PATH = f"{API_PREFIX}/reports"
HEALTH_PATH = "/health"

SEVERITIES: tuple[str, ...] = ("blocker", "critical", "major", "minor", "trivial")
DEFAULT_SEVERITY = "major"

# Maximum lengths in characters; the server enforces the same numbers.
FIELD_LIMITS: dict[str, int] = {
    "title": 200,
    "description": 20_000,
    "steps": 20_000,
    "expected": 10_000,
    "actual": 10_000,
    "component": 100,
    "filename": 255,
}
MAX_ATTACHMENTS = 20
"""Files per report: the client refuses more before queuing; the server's max_files default."""
ENVIRONMENT_MAX_BYTES = 64_000
MARKUP_MAX_BYTES = 1_000_000
MAX_JSON_DEPTH = 32
"""Levels of objects and lists in a ``report`` part (the desktop's deepest, mark-up points, is 8)."""

# Text fields may hold tab, line feed and carriage return, nothing else below U+0020, nor DEL:
# NUL cannot be stored in a PostgreSQL text column, the rest (ESC, BEL, ...) only garble pages.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEXT_CONTROL_RULE = "text fields may not contain U+0000-U+001F (except tab, line feed and carriage return) or U+007F"
# A lone UTF-16 surrogate (U+D800-U+DFFF) arrives as a \uD8xx escape; it is no Unicode text and
# cannot be encoded as UTF-8, so storing it would break every page and API answer that shows it.
_SURROGATE_HINT = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_SURROGATE_HINT_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")
_STORED_KEYS = ("title", "description", "steps", "expected", "actual", "component", "environment", "attachments")


class WireError(ValueError):
    """A payload that does not follow the format; names the offending field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FileInfo:
    """What the JSON says about one uploaded file."""

    filename: str
    size: int
    sha256: str
    markup: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"filename": self.filename, "size": self.size, "sha256": self.sha256, "markup": self.markup}


@dataclass
class WireReport:
    """A parsed, validated ``report`` part."""

    client_id: str
    title: str
    description: str = ""
    steps: str = ""
    expected: str = ""
    actual: str = ""
    severity: str = DEFAULT_SEVERITY
    component: str = ""
    environment: dict[str, Any] = field(default_factory=dict)
    attachments: list[FileInfo] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION


def control_character(text: str) -> str | None:
    """The first character a text field may not hold (see TEXT_CONTROL_RULE), or None."""
    found = _TEXT_CONTROL.search(text)
    return found.group() if found else None


_INVISIBLE = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))  # controls, format (zero-width, BOM), spaces, separators


def has_visible_text(text: str) -> bool:
    """True when ``text`` shows something: a title of only spaces, zero-width spaces or a BOM is empty."""
    return any(unicodedata.category(ch) not in _INVISIBLE for ch in text)


def nested_too_deeply(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when parsed JSON has more than ``limit`` levels of objects and lists (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def clean_filename(name: str) -> str:
    """A file name the server accepts: control characters (U+0000-U+001F, U+007F) become '_',
    and it is cut to the length limit keeping the extension."""
    cleaned = "".join("_" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in name) or "file"
    limit = FIELD_LIMITS["filename"]
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(ext) - 1] + "." + ext) if dot and len(ext) < 16 else cleaned[:limit]
    return cleaned


def sha256_file(path: Path, chunk: int = 1 << 20) -> tuple[str, int]:
    """Return (hex digest, size in bytes) of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def build_report_json(
    client_id: str,
    fields: dict[str, str],
    environment: dict[str, Any],
    attachments: list[FileInfo],
) -> dict[str, Any]:
    """The JSON object sent as the ``report`` part."""
    return {
        "schema_version": SCHEMA_VERSION,
        "client_id": client_id,
        **fields,
        "environment": environment,
        "attachments": [a.to_json() for a in attachments],
    }


def _text(data: dict[str, Any], name: str, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise WireError(f"Field '{name}' must be a string.", name)
    if required and not has_visible_text(value):
        raise WireError(f"Field '{name}' is required.", name)
    limit = FIELD_LIMITS[name]
    if len(value) > limit:
        raise WireError(f"Field '{name}' is {len(value)} characters long; the limit is {limit}.", name)
    bad = control_character(value)
    if bad is not None:
        raise WireError(f"Field '{name}' contains the control character U+{ord(bad):04X}; {TEXT_CONTROL_RULE}.", name)
    return value


def _too_deep(where: str) -> WireError:
    return WireError(
        f"{where} is nested too deeply (more than {MAX_JSON_DEPTH} levels of objects and lists); "
        "send the report object as docs/CONTRACTS.md describes it.",
        REPORT_PART,
    )


def parse_report_json(raw: bytes | str) -> WireReport:
    """Parse and validate a ``report`` part; raise WireError naming the field."""
    where = f"Part '{REPORT_PART}'"
    try:
        data = json.loads(raw)
    except RecursionError:  # thousands of nested brackets: the parser gives up before we can count
        raise _too_deep(where) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise WireError(f"{where} is not valid JSON: {exc}", REPORT_PART) from None
    hint = _SURROGATE_HINT_BYTES if isinstance(raw, bytes) else _SURROGATE_HINT
    return report_from_json(data, where, check_surrogates=hint.search(raw) is not None)


def _lone_surrogate_in(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def report_from_json(data: Any, where: str = f"Part '{REPORT_PART}'", *, check_surrogates: bool = True) -> WireReport:
    """Validate an already parsed ``report`` object (a bundle's manifest entry); ``where`` names it in messages.

    ``check_surrogates=False`` skips the search for lone surrogates (the raw text showed no \\uD8xx escape).
    """
    if not isinstance(data, dict):
        raise WireError(f"{where} must be a JSON object.", REPORT_PART)
    if nested_too_deeply(data):
        raise _too_deep(where)
    if check_surrogates:
        bad = next((k for k in _STORED_KEYS if k in data and _lone_surrogate_in(data[k])), None)
        if bad is not None:
            raise WireError(
                f"Field '{bad}' contains a lone UTF-16 surrogate (U+D800-U+DFFF), which is not valid Unicode; "
                "send the text as valid UTF-8.",
                bad,
            )
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or version != SCHEMA_VERSION:  # True == 1 in Python, not in the schema
        raise WireError(f"schema_version {version!r} is not supported; this server speaks {SCHEMA_VERSION}.", "schema_version")
    client_id = data.get("client_id")
    try:
        if not isinstance(client_id, str):
            raise ValueError(client_id)  # a 32-digit number is not a UUID string
        client_id = str(uuid.UUID(client_id))
    except ValueError:
        raise WireError("Field 'client_id' must be a UUID.", "client_id") from None
    severity = data.get("severity")
    if severity is None or severity == "":
        severity = DEFAULT_SEVERITY
    if not isinstance(severity, str) or severity not in SEVERITIES:  # [] or false became "major"
        raise WireError(f"Field 'severity' must be one of: {', '.join(SEVERITIES)}.", "severity")
    env = data.get("environment") or {}
    if not isinstance(env, dict):
        raise WireError("Field 'environment' must be a JSON object.", "environment")
    if len(json.dumps(env)) > ENVIRONMENT_MAX_BYTES:
        raise WireError(f"Field 'environment' is larger than {ENVIRONMENT_MAX_BYTES} bytes.", "environment")
    raw_atts = data.get("attachments") or []
    if not isinstance(raw_atts, list):
        raise WireError("Field 'attachments' must be a list.", "attachments")
    atts: list[FileInfo] = []
    for i, a in enumerate(raw_atts):
        if not isinstance(a, dict):
            raise WireError(f"attachments[{i}] must be an object.", "attachments")
        name = a.get("filename")
        if not isinstance(name, str) or not name or len(name) > FIELD_LIMITS["filename"]:
            raise WireError(f"attachments[{i}].filename must be a non-empty string of at most {FIELD_LIMITS['filename']} characters.", "attachments")
        bad = next((c for c in name if ord(c) < 0x20 or ord(c) == 0x7F), None)
        if bad is not None:
            raise WireError(
                f"attachments[{i}].filename contains the control character U+{ord(bad):04X}; "
                "file names may not contain U+0000-U+001F or U+007F.",
                "attachments",
            )
        sha = a.get("sha256")
        if not isinstance(sha, str) or len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise WireError(f"attachments[{i}].sha256 must be 64 lowercase hex digits.", "attachments")
        size = a.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise WireError(f"attachments[{i}].size must be a non-negative integer.", "attachments")
        markup = a.get("markup")
        if markup is not None and (not isinstance(markup, dict) or len(json.dumps(markup)) > MARKUP_MAX_BYTES):
            raise WireError(f"attachments[{i}].markup must be an object under {MARKUP_MAX_BYTES} bytes.", "attachments")
        atts.append(FileInfo(name, size, sha, markup))
    return WireReport(
        client_id=client_id,
        title=_text(data, "title", required=True),
        description=_text(data, "description"),
        steps=_text(data, "steps"),
        expected=_text(data, "expected"),
        actual=_text(data, "actual"),
        severity=severity,
        component=_text(data, "component"),
        environment=env,
        attachments=atts,
    )
