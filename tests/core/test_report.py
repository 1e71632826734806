"""The report model: validation names the field and keeps everything typed."""

from __future__ import annotations

import pytest

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.report import FIELD_LABELS, Attachment, Report
from bugzot_desktop.core.wire import MAX_ATTACHMENTS


@pytest.mark.parametrize("title", ["   ", "\u200b", "\ufeff\u2060", "\u3000\t"])
def test_missing_title_names_the_field(title):
    # Zero-width spaces and a BOM show nothing: the server refuses such a title too (core.wire).
    with pytest.raises(BadInputError) as err:
        Report(title=title).validate()
    assert (str(err.value), err.value.field) == ("Title is required: describe the bug in a few words.", "title")


def test_a_title_with_one_visible_character_is_fine():
    Report(title="\u200bx").validate()
    Report(title="🐞").validate()


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
        "Remove some and send again."
    )
    assert len(report.attachments) == MAX_ATTACHMENTS + 1  # nothing was dropped


def test_unknown_severity_and_long_fields_name_the_field():
    with pytest.raises(BadInputError) as err:
        Report(title="t", severity="urgent").validate()
    assert err.value.field == "severity"
    with pytest.raises(BadInputError) as err:
        Report(title="t" * 201).validate()
    assert str(err.value) == "Title is 201 characters long; the limit is 200."


@pytest.mark.parametrize("name", ["title", "description", "steps", "expected", "actual", "component"])
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x0b", "\x1f", "\x7f"])
def test_control_characters_the_server_refuses_are_refused_before_queuing(name, char):
    # fields are named as the form labels them (QA: "Actual is 10050 characters long" beside "Actual result")
    assert FIELD_LABELS[name] in {"Title", "Description", "Steps to reproduce", "Expected result", "Actual result",
                                  "Component"}
    report = Report(title="Crash")
    setattr(report, name, getattr(report, name) + f"a{char}b")
    with pytest.raises(BadInputError) as err:
        report.validate()
    assert err.value.field == name
    assert str(err.value) == (
        f"{FIELD_LABELS[name]} contains the control character U+{ord(char):04X}; remove it and try again "
        "(tabs and line breaks are fine, other control characters are not sent)."
    )


def test_tabs_line_breaks_and_bidi_text_are_kept():
    from bugzot_desktop.core.wire import build_report_json, parse_report_json

    text = "line\tone\r\nline two\n\u05e9\u05dc\u05d5\u05dd \u202eabc\u202c \u2067x\u2069"
    report = Report(title="RTL \u202bטקסט\u202c", description=text, steps=text, expected=text, actual=text, component="ui\tcore")
    report.validate()
    # What the client queues, the server's parser accepts unchanged.
    wire = parse_report_json(__import__("json").dumps(build_report_json(report.client_id, report.fields(), {}, [])))
    assert (wire.title, wire.description, wire.component) == ("RTL \u202bטקסט\u202c", text, "ui\tcore")


def test_a_lone_surrogate_is_refused_before_queuing():
    with pytest.raises(BadInputError) as err:
        Report(title="Crash", description="half \ud83d of an emoji").validate()
    assert (str(err.value), err.value.field) == (
        "Description contains U+D83D, half of a character (a lone surrogate); remove it or paste the text again.",
        "description",
    )
