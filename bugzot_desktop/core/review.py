"""The review before sending: every item that would leave the machine, each tickable.

:func:`review_items` lists the fields, environment items and files of a report
with their sizes; a :class:`ReviewSelection` records what the user unticked and
which texts they masked; :func:`apply` turns report + selection into the report
that is queued, and :func:`build_payload` into the exact ``report`` JSON and file
list of the request. Both are built from the items and the selection alone: an
unticked item is not blanked later, it is never copied in the first place.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bugzot_desktop.core.report import TEXT_FIELDS, Attachment, Report
from bugzot_desktop.core.sensitive import Finding, find_sensitive, mask
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.core.wire import FILES_PART, REPORTS_PATH, FileInfo, build_report_json, sha256_file

FIELD, ENVIRONMENT, FILE = "field", "environment", "file"
GROUPS: tuple[str, ...] = (FIELD, ENVIRONMENT, FILE)
FIELD_NAMES: tuple[str, ...] = ("title", "severity", *[n for n in TEXT_FIELDS if n != "title"])
# The server refuses a report without them, so the review shows them but cannot untick them.
REQUIRED_FIELDS: frozenset[str] = frozenset({"title", "severity"})
LOG_TAIL_KEY = "log_tail"  # environment item holding an attached log's last lines


def item_key(group: str, name: str | int) -> str:
    """The stable key of one item: ``field:title``, ``environment:os``, ``file:0``."""
    return f"{group}:{name}"


@dataclass(frozen=True)
class ReviewItem:
    """One thing that would be sent. ``size`` is bytes on the wire (UTF-8/JSON or file size; an image
    is compressed before it is sent, so its file size is an upper bound). ``text``: a field's value, an
    environment item as read, a text file's content, or the text labels of an image's mark-up."""

    key: str
    group: str
    name: str
    text: str
    size: int
    required: bool = False
    path: Path | None = None
    is_text_file: bool = False  # a plain-text attachment: its content is shown, scanned and maskable


def value_text(value: Any) -> str:
    """How an environment value reads to a person (and what is scanned for secrets)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"file", "lines", "text"} and isinstance(value["text"], str):
        # a log's tail (core.logtail.log_item): its lines as they are, not JSON with \n escapes
        return f"{value['file']}\n{value['text']}"
    return json.dumps(value, indent=2, ensure_ascii=False)


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _file_index(key: str) -> int | None:
    return int(key.split(":", 1)[1]) if key.startswith(f"{FILE}:") else None


def sent_as_original(report: Report, key: str) -> bool:
    """Whether the file item ``key`` goes as its file is (Send original), not compressed."""
    index = _file_index(key)
    return index is not None and 0 <= index < len(report.attachments) and report.attachments[index].send_original


@dataclass
class ReviewSelection:
    """What the user unticked (``excluded`` keys) and replaced (``replaced[key]`` = new value;
    for a text file its masked content, written to a copy by :func:`apply`)."""

    excluded: set[str] = field(default_factory=set)
    replaced: dict[str, Any] = field(default_factory=dict)
    _file_texts: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def file_text(self, report: Report, key: str) -> str | None:
        """A plain-text attachment's content as read (once), or None for an image."""
        if key not in self._file_texts:
            index = _file_index(key)
            assert index is not None, key
            self._file_texts[key] = read_text_attachment(report.attachments[index].path)
        return self._file_texts[key]

    def is_included(self, key: str) -> bool:
        return key not in self.excluded

    def set_included(self, key: str, included: bool) -> None:
        if included:
            self.excluded.discard(key)
        else:
            self.excluded.add(key)

    def value(self, report: Report, key: str) -> Any:
        """The current value of a field or environment item (after any masking)."""
        if key in self.replaced:
            return self.replaced[key]
        group, name = key.split(":", 1)
        if group == FIELD:
            return getattr(report, name)
        if group == ENVIRONMENT:
            return report.environment[name]
        if group == FILE and (text := self.file_text(report, key)) is not None:
            return text
        raise KeyError(key)

    def is_maskable(self, report: Report, key: str) -> bool:
        """Fields, environment items and text files; not images (text drawn on them is in the mark-up)."""
        return not key.startswith(f"{FILE}:") or self.file_text(report, key) is not None

    def findings(self, report: Report, key: str, *, home: str | Path | None = None) -> list[Finding]:
        """Sensitive spans in the item's current text; for an image, in the text of its mark-up."""
        index = _file_index(key)
        if index is not None and self.file_text(report, key) is None:
            return find_sensitive(markup_text(report.attachments[index]), home=home)
        return find_sensitive(value_text(self.value(report, key)), home=home)

    def mask(self, report: Report, key: str, findings: Sequence[Finding] | None = None, *, home: str | Path | None = None) -> Any:
        """Mask the item's findings (all by default); returns and remembers the new value."""
        current = self.value(report, key)
        if isinstance(current, str):
            new: Any = mask(current, findings, home=home)
        else:
            # Structured values (screens, log tail) are masked string by string so they stay valid JSON.
            new = _mask_nested(copy.deepcopy(current), home)
        self.replaced[key] = new
        return new


def read_text_attachment(path: Path) -> str | None:
    """The content of a plain-text attachment (what it is checked as: see core.filetypes), else None."""
    from bugzot_desktop.core import filetypes

    if not filetypes.looks_like_text(path):
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(filetypes.MAX_TEXT_BYTES + 1)
    except OSError:
        return None
    return data[: filetypes.MAX_TEXT_BYTES].decode("utf-8", errors="replace")


def markup_text(att: Attachment) -> str:
    """The text labels of a file's mark-up, one a line: sent in the JSON and drawn on the image."""
    items = (att.markup or {}).get("items") or []
    return "\n".join(str(i.get("text", "")) for i in items if isinstance(i, dict) and i.get("kind") == "text" and i.get("text"))


def _mask_nested(value: Any, home: str | Path | None) -> Any:
    if isinstance(value, str):
        return mask(value, home=home)
    if isinstance(value, list):
        return [_mask_nested(v, home) for v in value]
    if isinstance(value, dict):
        return {k: _mask_nested(v, home) for k, v in value.items()}
    return value


def review_items(report: Report, selection: ReviewSelection | None = None) -> list[ReviewItem]:
    """Every field, environment item and file of ``report``, in display order, with sizes."""
    sel = selection or ReviewSelection()
    items: list[ReviewItem] = []
    for name in FIELD_NAMES:
        key = item_key(FIELD, name)
        text = sel.value(report, key)
        items.append(ReviewItem(key, FIELD, name, text, len(text.encode("utf-8")), name in REQUIRED_FIELDS))
    for name in report.environment:
        key = item_key(ENVIRONMENT, name)
        value = sel.value(report, key)
        items.append(ReviewItem(key, ENVIRONMENT, name, value_text(value), _json_size(value)))
    for i, att in enumerate(report.attachments):
        key = item_key(FILE, i)
        text = sel.file_text(report, key)
        if text is not None:
            if key in sel.replaced:  # masked: the copy that will be sent
                text = sel.replaced[key]
                size = len(text.encode("utf-8"))
            else:
                size = att.path.stat().st_size if att.path.is_file() else 0
            items.append(ReviewItem(key, FILE, att.filename, text, size, path=att.path, is_text_file=True))
            continue
        size = att.path.stat().st_size if att.path.is_file() else 0
        items.append(ReviewItem(key, FILE, att.filename, markup_text(att), size, path=att.path))
    return items


def apply(report: Report, selection: ReviewSelection, *, work_dir: Path | None = None) -> Report:
    """The report to queue: ticked items only, masked texts in place; same client_id.

    A masked text file is written as a new file in ``work_dir`` (required then) and sent
    under its original name; the user's file is never changed.
    """
    fields: dict[str, str] = {}
    for name in FIELD_NAMES:
        key = item_key(FIELD, name)
        if name in REQUIRED_FIELDS or selection.is_included(key):
            fields[name] = selection.value(report, key)
        else:
            fields[name] = ""  # unticked text: sent empty, the original never copied
    environment = {
        name: copy.deepcopy(selection.value(report, item_key(ENVIRONMENT, name)))
        for name in report.environment
        if selection.is_included(item_key(ENVIRONMENT, name))
    }
    attachments = []
    for i, a in enumerate(report.attachments):
        key = item_key(FILE, i)
        if not selection.is_included(key):
            continue
        path = a.path
        if key in selection.replaced:
            if work_dir is None:
                raise ValueError(f"file {a.filename} was masked: apply() needs a work_dir for the masked copy")
            path = _write_masked_copy(Path(work_dir), str(selection.replaced[key]), a.path)
        attachments.append(Attachment(path, a.filename, a.send_original, copy.deepcopy(a.markup), a.source_path))
    severity = fields.pop("severity")
    return Report(**fields, severity=severity, environment=environment, attachments=attachments, client_id=report.client_id)


def _write_masked_copy(work_dir: Path, text: str, original: Path) -> Path:
    """A new file holding the masked text (fsynced: the outbox copies it right after)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=work_dir, prefix="masked-", suffix=original.suffix or ".txt")
    with os.fdopen(fd, "wb") as fh:
        fh.write(text.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    return Path(name)


@dataclass(frozen=True)
class PayloadFile:
    """One ``files`` part: its file name on the wire, where it is read from, size and hash."""

    filename: str
    path: Path
    size: int
    sha256: str
    masked: bool = False  # a masked copy of the text file at ``path`` is what is sent


@dataclass(frozen=True)
class Payload:
    """Exactly what a request carries: the ``report`` part and the ``files`` parts in order."""

    report: dict[str, Any]
    files: list[PayloadFile]

    def to_json(self) -> dict[str, Any]:
        """The dry-run view: endpoint, the report part verbatim, and each file part."""
        return {
            "endpoint": REPORTS_PATH,
            "report": self.report,
            "files": [
                {"part": FILES_PART, "filename": f.filename, "size": f.size, "sha256": f.sha256, "path": str(f.path),
                 **({"masked": True} if f.masked else {})}
                for f in self.files
            ],
        }


def build_payload(report: Report, selection: ReviewSelection | None = None) -> Payload:
    """The exact request for ``report`` as reviewed: :func:`apply`, then the wire format.

    Attachment paths are hashed as they are; pass a report whose attachments are the
    files that will be uploaded (e.g. the compressed outputs) to see their true sizes.
    """
    reviewed = apply(report, selection or ReviewSelection())
    files: list[PayloadFile] = []
    infos: list[FileInfo] = []
    for att in reviewed.attachments:
        digest, size = sha256_file(att.path)
        files.append(PayloadFile(att.filename, att.path, size, digest))
        infos.append(FileInfo(att.filename, size, digest, att.markup))
    return Payload(build_report_json(reviewed.client_id, reviewed.fields(), reviewed.environment, infos), files)


def dry_run(report: Report, settings: Settings, selection: ReviewSelection | None = None, *, work_dir: Path) -> Payload:
    """The exact payload a real send would carry, with nothing sent.

    Files are prepared by the delivery code itself (compressed, or the original) in a
    throw-away outbox under ``work_dir``, so sizes and hashes are those of the bytes
    that would be uploaded; each file part's ``path`` names the user's source file.
    """
    from bugzot_desktop.core import delivery  # Pillow and requests: only this path needs them
    from bugzot_desktop.core.outbox import Outbox

    sel = selection or ReviewSelection()
    reviewed = apply(report, sel, work_dir=work_dir / "masked")
    # Where each sent file comes from, as the user knows it (a masked one: the user's file, marked masked).
    sources = [(a.path, item_key(FILE, i) in sel.replaced)
               for i, a in enumerate(report.attachments) if sel.is_included(item_key(FILE, i))]
    outbox = Outbox(work_dir / "outbox")
    outbox.add(reviewed)
    prepared = delivery.prepare(outbox, reviewed.client_id, settings)
    files: list[PayloadFile] = []
    infos: list[FileInfo] = []
    for att, c, (source, masked) in zip(reviewed.attachments, prepared, sources, strict=True):
        digest, size = sha256_file(c.path)
        files.append(PayloadFile(c.filename, source, size, digest, masked))
        infos.append(FileInfo(c.filename, size, digest, att.markup))
    return Payload(build_report_json(reviewed.client_id, reviewed.fields(), reviewed.environment, infos), files)
