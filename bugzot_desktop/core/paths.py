"""Where the app keeps its data: one function, so tests and the CLI can redirect it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text

DATA_DIR_ENV = "BUGZOT_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit argument, else $BUGZOT_DATA_DIR, else the platform's user data dir.

    Created if missing. Raises BadInputError(field="data_dir") naming it when it is a file or
    cannot be created (the caller says which option or variable chose it)."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        path = Path(platformdirs.user_data_dir("bugzot", appauthor=False))
    if path.exists() and not path.is_dir():
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Data dir {path} is a file, not a folder; choose another data dir."), path=str(path)),
            field="data_dir",
            path=str(path),
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # e.g. /proc/nope: "No such file or directory"; a file further up: "Not a directory".
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Data dir {path} cannot be created ({reason}); choose another data dir."),
                 path=str(path), reason=exc.strerror or str(exc)),
            field="data_dir",
            path=str(path),
        ) from None
    return path.resolve()
