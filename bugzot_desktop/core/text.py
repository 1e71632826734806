"""User-facing messages of the Qt-free core, in a form the GUI can translate.

The core never imports Qt, so it cannot call ``tr()``. A message is built with
:class:`Text` from a template marked by ``QT_TRANSLATE_NOOP("core", ...)`` (lupdate
extracts the template; the marker returns it unchanged) and named arguments. A
:class:`Text` *is* the English sentence (a ``str``: the CLI, logs and the server use
it as it is) and also keeps its template and arguments, so the GUI shows the
translated template filled with the same arguments (``tasks.messages.translated``).
Arguments may be :class:`Text` themselves (a reason inside a sentence).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

CONTEXT = "core"  # the translation context of every core message


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``source`` for lupdate (in ``context``); returns it unchanged."""
    return source


class Text(str):
    """An English message that remembers its template and arguments (see the module docstring)."""

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> Text:
        obj = super().__new__(cls, template.format(**args) if args else template)
        obj.template = template
        obj.args = args
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # survives pickling (worker processes), as Text
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict[str, Any]) -> Text:
    return Text(template, **args)


def join(separator: str, parts: Iterable[str]) -> Text:
    """``separator.join(parts)`` that keeps each part translatable (a plain ``str.join`` would not)."""
    items = list(parts)
    escaped = separator.replace("{", "{{").replace("}", "}}")
    return Text(escaped.join(f"{{p{i}}}" for i in range(len(items))), **{f"p{i}": p for i, p in enumerate(items)})


def _data(value: Any) -> Any:
    if isinstance(value, Text):
        return {"template": value.template, "args": {k: _data(v) for k, v in value.args.items()}}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _rebuilt(data: Any) -> Any:
    if isinstance(data, dict):
        return Text(data["template"], **{k: _rebuilt(v) for k, v in data["args"].items()})
    return data


def to_json(message: str) -> str | None:
    """A :class:`Text`'s template and arguments as JSON, to be stored beside its English text; None for a plain str."""
    return json.dumps(_data(message), ensure_ascii=False) if isinstance(message, Text) else None


def from_json(english: str, data: str | None) -> str:
    """A message stored as ``english`` plus :func:`to_json`'s ``data``: the :class:`Text` again when ``data``
    rebuilds exactly that English text, else ``english`` as it is (never raises for bad data)."""
    if not data:
        return english
    try:
        text = _rebuilt(json.loads(data))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return english
    return text if isinstance(text, Text) and text == english else english


def message_of(value: object) -> object:
    """The message an exception was raised with (a :class:`Text` when it was built as one), or the value."""
    if isinstance(value, BaseException):
        return value.args[0] if value.args and isinstance(value.args[0], str) else str(value)
    return value


# C0 and C1 control characters, DEL, the Unicode line/paragraph separators (each would break "one line"),
# and the bidirectional controls that could reverse the rest of a line on a terminal or in a window (U+202E
# in a file name made notes\u202egnp.txt read notestxt.png).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def one_line(text: str) -> str:
    """``text`` on one line: control characters (a newline in a file name, an escape sequence) and bidi
    controls shown escaped as Python writes them (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``), so a message
    can never be split, recoloured or reversed."""
    return _CONTROL.sub(_escaped, text)


_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bidi_escaped(text: str) -> str:
    """``text`` with only the bidirectional controls escaped (``\\u202e``): for messages that may hold a
    name and keep their line breaks (the status line, its details)."""
    return _BIDI.sub(_escaped, text)
