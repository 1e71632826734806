"""Where the app keeps its data: one function, so tests and the CLI can redirect it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "BUGZOT_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit argument, else $BUGZOT_DATA_DIR, else the platform's user data dir."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        path = Path(platformdirs.user_data_dir("bugzot", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
