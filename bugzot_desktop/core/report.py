"""The bug report as the desktop app holds it: plain data, no Qt."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.wire import DEFAULT_SEVERITY, FIELD_LIMITS, MAX_ATTACHMENTS, SEVERITIES, control_character

TEXT_FIELDS = ("title", "description", "steps", "expected", "actual", "component")


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
        if not self.title.strip():
            raise BadInputError("Title is required: describe the bug in a few words.", field="title")
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            limit = FIELD_LIMITS[name]
            if len(value) > limit:
                raise BadInputError(
                    f"{name.capitalize()} is {len(value)} characters long; the limit is {limit}.",
                    field=name,
                )
            bad = control_character(value)  # the server refuses these (core.wire): never queue them
            if bad is not None:
                raise BadInputError(
                    f"{name.capitalize()} contains the control character U+{ord(bad):04X}; remove it and try again "
                    "(tabs and line breaks are fine, other control characters are not sent).",
                    field=name,
                )
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise BadInputError(
                    f"{name.capitalize()} contains U+{ord(value[exc.start]):04X}, half of a character (a lone surrogate); "
                    "remove it or paste the text again.",
                    field=name,
                ) from None
        if self.severity not in SEVERITIES:
            raise BadInputError(
                f"Severity {self.severity!r} is not one of: {', '.join(SEVERITIES)}.",
                field="severity",
            )
        if len(self.attachments) > MAX_ATTACHMENTS:
            raise BadInputError(
                f"A report can carry at most {MAX_ATTACHMENTS} files; this one has {len(self.attachments)}. "
                "Remove some and send again.",  # no zips: an archive is neither an image nor plain text
                field="attachments",
            )
        for att in self.attachments:
            if not att.path.is_file():
                raise BadInputError(f"Attachment {att.path} does not exist or is not a file.", path=str(att.path))

    def fields(self) -> dict[str, str]:
        """The text fields and severity, as sent on the wire."""
        out = {name: getattr(self, name) for name in TEXT_FIELDS}
        out["severity"] = self.severity
        return out
