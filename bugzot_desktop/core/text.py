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


def message_of(value: object) -> object:
    """The message an exception was raised with (a :class:`Text` when it was built as one), or the value."""
    if isinstance(value, BaseException):
        return value.args[0] if value.args and isinstance(value.args[0], str) else str(value)
    return value
