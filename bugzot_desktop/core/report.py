"""The bug report as the desktop app holds it: plain data, no Qt."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.core.wire import (
    DEFAULT_SEVERITY,
    FIELD_LIMITS,
    MAX_ATTACHMENTS,
    SEVERITIES,
    control_character,
    has_visible_text,
)

TEXT_FIELDS = ("title", "description", "steps", "expected", "actual", "component")
# How messages name each text field: the subject of a sentence ("Title is 201 characters long").
FIELD_LABELS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("core", "Title"),
    "description": QT_TRANSLATE_NOOP("core", "Description"),
    "steps": QT_TRANSLATE_NOOP("core", "Steps to reproduce"),
    "expected": QT_TRANSLATE_NOOP("core", "Expected result"),
    "actual": QT_TRANSLATE_NOOP("core", "Actual result"),
    "component": QT_TRANSLATE_NOOP("core", "Component"),
}


def new_client_id() -> str:
    """A fresh report UUID; it is the idempotency key on the server."""
    return str(uuid.uuid4())


@dataclass
class Attachment:
    """One file of a report, as a local path plus how to send it.

    ``path`` is the image that is compressed and sent (flattened with its mark-up);
    ``source_path`` is the unmarked original kept locally so the mark-up can be
    reopened and changed while the report waits; ``markup`` is that mark-up as data.
    """

    path: Path
    filename: str = ""
    send_original: bool = False
    markup: dict[str, Any] | None = None
    source_path: Path | None = None

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if self.source_path is not None:
            self.source_path = Path(self.source_path)
        if not self.filename:
            self.filename = self.path.name


@dataclass
class Report:
    """A report before it is sent. ``client_id`` never changes once made."""

    title: str = ""
    description: str = ""
    steps: str = ""
    expected: str = ""
    actual: str = ""
    severity: str = DEFAULT_SEVERITY
    component: str = ""
    environment: dict[str, Any] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    client_id: str = field(default_factory=new_client_id)

    def validate(self) -> None:
        """Raise BadInputError naming the first field that cannot be sent."""
        if not has_visible_text(self.title):
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Title is required: describe the bug in a few words.")), field="title"
            )
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            limit = FIELD_LIMITS[name]
            label = Text(FIELD_LABELS[name])
            if len(value) > limit:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "{field} is {n} characters long; the limit is {limit}."),
                         field=label, n=len(value), limit=limit),
                    field=name,
                )
            bad = control_character(value)  # the server refuses these (core.wire): never queue them
            if bad is not None:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "{field} contains the control character {char}; remove it and try "
                                           "again (tabs and line breaks are fine, other control characters are not "
                                           "sent)."),
                         field=label, char=f"U+{ord(bad):04X}"),
                    field=name,
                )
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "{field} contains {char}, half of a character (a lone surrogate); "
                                           "remove it or paste the text again."),
                         field=label, char=f"U+{ord(value[exc.start]):04X}"),
                    field=name,
                ) from None
        if self.severity not in SEVERITIES:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "Severity {severity} is not one of: {choices}."),
                     severity=repr(self.severity), choices=", ".join(SEVERITIES)),  # wire values: never translated
                field="severity",
            )
        if len(self.attachments) > MAX_ATTACHMENTS:
            raise BadInputError(
                Text(QT_TRANSLATE_NOOP("core", "A report can carry at most {limit} files; this one has {n}. "
                                       "Remove some and send again."),
                     limit=MAX_ATTACHMENTS, n=len(self.attachments)),  # no zips: an archive is neither an image nor plain text
                field="attachments",
            )
        for att in self.attachments:
            if not att.path.is_file():
                raise BadInputError(
                    Text(QT_TRANSLATE_NOOP("core", "Attachment {path} does not exist or is not a file."), path=str(att.path)),
                    path=str(att.path),
                )

    def fields(self) -> dict[str, str]:
        """The text fields and severity, as sent on the wire."""
        out = {name: getattr(self, name) for name in TEXT_FIELDS}
        out["severity"] = self.severity
        return out
