"""Core messages shown translated: the Qt side of :mod:`bugzot_desktop.core.text`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bugzot_desktop.core.text import CONTEXT, Text, message_of


def translated(value: object) -> str:
    """A core message (or an exception carrying one) in the user's language; anything else as ``str``.

    Falls back to the English text when a translation does not fit its arguments, so a
    broken .qm can never hide what happened.
    """
    value = message_of(value)
    if not isinstance(value, Text):
        return str(value)
    args = {k: translated(v) if isinstance(v, str) else v for k, v in value.args.items()}
    template = QCoreApplication.translate(CONTEXT, value.template)
    try:
        return template.format(**args) if args else template
    except (KeyError, IndexError, ValueError):
        return str(value)
