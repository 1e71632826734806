"""core/wire.py: parse_report_json refuses what the server must not store."""

from __future__ import annotations

import json
import uuid

import pytest

from bugzot_desktop.core.wire import FileInfo, WireError, build_report_json, parse_report_json


def _raw(filename: str) -> str:
    info = FileInfo(filename, 3, "a" * 64)
    return json.dumps(build_report_json(str(uuid.uuid4()), {"title": "T", "severity": "minor"}, {}, [info]))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\t", "\n", "\r", "\x1b", "\x1f", "\x7f"])
def test_control_characters_in_a_filename_are_refused(char: str) -> None:
    with pytest.raises(WireError) as caught:
        parse_report_json(_raw(f"shot{char}.png"))
    assert str(caught.value) == (
        f"attachments[0].filename contains the control character U+{ord(char):04X}; "
        "file names may not contain U+0000-U+001F or U+007F."
    )
    assert caught.value.field == "attachments"


@pytest.mark.parametrize("name", ["shot 1.png", "Bildschirmfoto – ü.png", "日志.txt", "a\u00a0b.png"])
def test_printable_filenames_pass_unchanged(name: str) -> None:
    assert [a.filename for a in parse_report_json(_raw(name)).attachments] == [name]


def test_clean_filename_replaces_control_characters_and_keeps_the_extension():
    from bugzot_desktop.core.wire import FIELD_LIMITS, clean_filename

    assert clean_filename("log\nfile\x00.png") == "log_file_.png"
    long = "a" * 300 + ".webp"
    cleaned = clean_filename(long)
    assert len(cleaned) == FIELD_LIMITS["filename"] and cleaned.endswith(".webp")
    assert clean_filename("") == "file"


def _nested(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = {"a": value}
    return value


TOO_DEEP = (
    "Part 'report' is nested too deeply (more than 32 levels of objects and lists); "
    "send the report object as docs/CONTRACTS.md describes it."
)


def test_thousands_of_nested_brackets_are_a_wire_error_not_a_recursion_error() -> None:
    with pytest.raises(WireError) as caught:
        parse_report_json(b'{"a":' * 5000 + b"1" + b"}" * 5000)
    assert (str(caught.value), caught.value.field) == (TOO_DEEP, "report")
    with pytest.raises(WireError) as caught:
        parse_report_json("[" * 100_000 + "]" * 100_000)
    assert str(caught.value) == TOO_DEEP


def test_nesting_is_counted_up_to_the_limit() -> None:
    from bugzot_desktop.core.wire import MAX_JSON_DEPTH

    def report(levels: int) -> str:
        # The report object is level 1, its environment level 2.
        return json.dumps({"client_id": str(uuid.uuid4()), "title": "T", "environment": {"x": _nested(levels)}})

    assert MAX_JSON_DEPTH == 32
    assert parse_report_json(report(30)).environment == {"x": _nested(30)}
    with pytest.raises(WireError) as caught:
        parse_report_json(report(31))
    assert str(caught.value) == TOO_DEEP


TEXT_FIELDS = ["title", "description", "steps", "expected", "actual", "component"]


@pytest.mark.parametrize("name", TEXT_FIELDS)
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_control_characters_in_text_fields_are_refused_naming_the_field(name: str, char: str) -> None:
    fields = {"title": "T", name: f"red {char}[31m"}
    with pytest.raises(WireError) as caught:
        parse_report_json(json.dumps(build_report_json(str(uuid.uuid4()), fields, {}, [])))
    assert (str(caught.value), caught.value.field) == (
        f"Field '{name}' contains the control character U+{ord(char):04X}; text fields may not contain "
        "U+0000-U+001F (except tab, line feed and carriage return) or U+007F.",
        name,
    )


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_tab_line_feed_carriage_return_and_bidi_controls_pass(name: str) -> None:
    text = "a\tb\r\nc\u202eexe.gnp\u202c \u2066d\u2069 \u0085\u00a0"
    parsed = parse_report_json(json.dumps(build_report_json(str(uuid.uuid4()), {"title": "T", name: text}, {}, [])))
    assert getattr(parsed, name) == text


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"title": "\\ud800"}', "title"),
        (b'{"title": "T", "actual": "x\\uDFFFy"}', "actual"),
        (b'{"title": "T", "environment": {"log": ["\\udc00"]}}', "environment"),
        (b'{"title": "T", "attachments": [{"filename": "a\\ud83d.png", "size": 1, "sha256": "' + b"a" * 64 + b'"}]}', "attachments"),
    ],
)
def test_lone_surrogates_are_refused_naming_the_field(raw: bytes, field: str) -> None:
    """Not valid Unicode: stored, it would make every page and API answer showing it fail to encode."""
    raw = raw[:1] + b'"client_id": "%s", ' % str(uuid.uuid4()).encode() + raw[1:]
    with pytest.raises(WireError) as caught:
        parse_report_json(raw)
    assert (str(caught.value), caught.value.field) == (
        f"Field '{field}' contains a lone UTF-16 surrogate (U+D800-U+DFFF), which is not valid Unicode; "
        "send the text as valid UTF-8.",
        field,
    )
    with pytest.raises(WireError):
        parse_report_json(raw.decode("ascii"))  # the same as text


def test_surrogate_pairs_and_look_alike_escapes_pass() -> None:
    raw = json.dumps({"client_id": str(uuid.uuid4()), "title": "emoji \U0001f600", "description": "a literal \\ud800"})
    assert "\\ud83d\\ude00" in raw and "\\\\ud800" in raw  # a pair of escapes, and an escaped backslash
    parsed = parse_report_json(raw.encode())
    assert (parsed.title, parsed.description) == ("emoji \U0001f600", "a literal \\ud800")


def _with(**fields: object) -> str:
    data = json.loads(_raw("a.png"))
    data.update(fields)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"severity": []}, "Field 'severity' must be one of: blocker, critical, major, minor, trivial."),
        ({"severity": False}, "Field 'severity' must be one of: blocker, critical, major, minor, trivial."),
        ({"severity": 0}, "Field 'severity' must be one of: blocker, critical, major, minor, trivial."),
        ({"schema_version": True}, "schema_version True is not supported; this server speaks 1."),
        ({"client_id": 12345678901234567890123456789012}, "Field 'client_id' must be a UUID."),
        ({"client_id": None}, "Field 'client_id' must be a UUID."),
    ],
)
def test_wrongly_typed_values_are_refused_not_coerced(fields: dict, message: str) -> None:
    # They were stored as "major", schema 1 and a UUID made of digits.
    with pytest.raises(WireError) as caught:
        parse_report_json(_with(**fields))
    assert str(caught.value) == message


@pytest.mark.parametrize("severity", [None, ""])
def test_an_absent_severity_is_the_default(severity: object) -> None:
    assert parse_report_json(_with(severity=severity)).severity == "major"
