"""`bugzot report … --dry-run [--json]`: print exactly what would be sent, send nothing.

Not a sub-command of its own: commands/report.py calls :func:`print_dry_run` with the
report it built. Files are prepared by the delivery code in a throw-away outbox, so the
sizes and SHA-256 printed are those of the bytes a real send would upload.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.report import Report
from bugzot_desktop.core.review import Payload, ReviewSelection, dry_run, review_items, value_text
from bugzot_desktop.core.settings import Settings
from bugzot_desktop.core.text import one_line


def selection_from_omit(report: Report, omit: list[str]) -> ReviewSelection:
    """The selection for ``--omit ITEM …``; an unknown or required item is bad input naming it."""
    items = {i.key: i for i in review_items(report)}
    selection = ReviewSelection()
    for key in omit:
        item = items.get(key)
        if item is None:
            raise BadInputError(f"--omit: there is no item {key!r}; items are: {', '.join(items)}.", field="omit")
        if item.required:
            raise BadInputError(f"--omit: {key} is required and cannot be left out.", field="omit")
        selection.set_included(key, False)
    return selection


def format_payload(payload: Payload, server_url: str) -> str:
    """A person's view of the payload: every field, environment item and file part."""
    r = payload.report
    lines = [f"POST {server_url.rstrip('/')}{payload.to_json()['endpoint']}  (dry run: nothing was sent)", "Fields:"]
    for name in ("title", "severity", "description", "steps", "expected", "actual", "component"):
        lines.append(f"  {name}: {r.get(name, '')!r}")
    lines.append("Environment:")
    # Names and values are shown with control and bidi characters escaped: a U+202E in a file name made
    # notes\u202egnp.txt print as notestxt.png. Field values are shown as Python literals (repr) already.
    for key, value in r["environment"].items():
        text = "\n    ".join(one_line(part) for part in value_text(value).split("\n"))
        lines.append(f"  {one_line(key)}: {text}")
    lines.append("Files:" if payload.files else "Files: none")
    for f in payload.files:
        origin = f"a masked copy of {one_line(str(f.path))}" if f.masked else f"from {one_line(str(f.path))}"
        lines.append(f"  {one_line(f.filename)}  {f.size} bytes  sha256 {f.sha256}  ({origin})")
    return "\n".join(lines)


def print_dry_run(
    report: Report,
    settings: Settings,
    *,
    as_json: bool,
    selection: ReviewSelection | None = None,
    out: TextIO | None = None,
) -> int:
    """Prepare, print and return 0; the user's outbox and the server are never touched."""
    out = out or sys.stdout
    with tempfile.TemporaryDirectory(prefix="bugzot-dry-run-") as tmp:
        payload = dry_run(report, settings, selection, work_dir=Path(tmp))
    if as_json:
        json.dump({"dry_run": True, "server": settings.server_url, **payload.to_json()}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_payload(payload, settings.server_url) + "\n")
    return 0
