"""Where the app keeps its data: one function, so tests and the CLI can redirect it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text

DATA_DIR_ENV = "BUGZOT_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit argument, else $BUGZOT_DATA_DIR, else the platform's user data dir.

    Created if missing, private to the user (0700: it holds screenshots, drafts and queued reports);
    the platform default is made private if an older version left it readable by others. Raises
    BadInputError(field="data_dir") naming it when it is a file or cannot be created (the caller
    says which option or variable chose it)."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        path = Path(platformdirs.user_data_dir("bugzot", appauthor=False))
    ours = not explicit and not os.environ.get(DATA_DIR_ENV)  # a folder the user named keeps its permissions
    if path.exists() and not path.is_dir():
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Data dir {path} is a file, not a folder; choose another data dir."), path=str(path)),
            field="data_dir",
            path=str(path),
        )
    try:
        if not path.exists():
            path.mkdir(mode=0o700, parents=True)  # the parents get the usual mode; this one is private
        elif ours and os.name == "posix" and path.stat().st_mode & 0o077:
            with contextlib.suppress(PermissionError):  # not ours to change (another user's): leave it be
                path.chmod(0o700)
    except FileExistsError:
        pass  # made meanwhile by another process
    except OSError as exc:
        # e.g. /proc/nope: "No such file or directory"; a file further up: "Not a directory".
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Data dir {path} cannot be created ({reason}); choose another data dir."),
                 path=str(path), reason=exc.strerror or str(exc)),
            field="data_dir",
            path=str(path),
        ) from None
    return path.resolve()
