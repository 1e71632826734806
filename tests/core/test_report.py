"""The report model: validation names the field and keeps everything typed."""

from __future__ import annotations

import pytest

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.wire import MAX_ATTACHMENTS


def test_missing_title_names_the_field():
    with pytest.raises(BadInputError) as err:
        Report(title="   ").validate()
    assert (str(err.value), err.value.field) == ("Title is required: describe the bug in a few words.", "title")


def test_too_many_attachments_are_refused_before_queuing(tmp_path):
    files = []
    for i in range(MAX_ATTACHMENTS + 1):
        p = tmp_path / f"f{i}.png"
        p.write_bytes(b"x")
        files.append(Attachment(p))
    report = Report(title="Many files", attachments=files)
    with pytest.raises(BadInputError) as err:
        report.validate()
    assert err.value.field == "attachments"
    assert str(err.value) == (
        f"A report can carry at most {MAX_ATTACHMENTS} files; this one has {MAX_ATTACHMENTS + 1}. "
        "Remove some (or zip them into one file) and send again."
    )
    assert len(report.attachments) == MAX_ATTACHMENTS + 1  # nothing was dropped


def test_unknown_severity_and_long_fields_name_the_field():
    with pytest.raises(BadInputError) as err:
        Report(title="t", severity="urgent").validate()
    assert err.value.field == "severity"
    with pytest.raises(BadInputError) as err:
        Report(title="t" * 201).validate()
    assert str(err.value) == "Title is 201 characters long; the limit is 200."
