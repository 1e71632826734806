"""What the sub-commands share: the data dir, the outbox, --server and the settings with command-line values on top.

Core errors name fields (``field="data_dir"``, ``"server_url"``, ``"max_edge"``); here they get the
option (or environment variable, or settings file) the user actually wrote, so one line names it.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.paths import DATA_DIR_ENV
from bugzot_desktop.core.paths import data_dir as resolve_data_dir
from bugzot_desktop.core.settings import SETTINGS_FILE, Settings, load_settings, normalize_server_url


def add_data_dir_option(p: argparse.ArgumentParser) -> None:
    """--data-dir on a sub-command; SUPPRESS keeps `bugzot --data-dir D report` working too."""
    p.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="where the outbox and settings live (default: $BUGZOT_DATA_DIR or the user data dir)",
    )


def _data_dir_source(args: argparse.Namespace) -> str:
    if getattr(args, "data_dir", None):
        return "--data-dir: "
    if os.environ.get(DATA_DIR_ENV):
        return f"{DATA_DIR_ENV}: "
    return ""


def data_dir_from_args(args: argparse.Namespace) -> Path:
    """The data dir (created if missing); a file in the way or an impossible place is one line naming it."""
    try:
        return resolve_data_dir(getattr(args, "data_dir", None))
    except BadInputError as exc:
        raise BadInputError(f"{_data_dir_source(args)}{exc}", field="data_dir", path=exc.path) from None


def open_outbox(args: argparse.Namespace, dd: Path) -> Outbox:
    """The outbox of the data dir; its one-time notice (a repaired database) goes to stderr."""
    try:
        outbox = Outbox(dd)
    except BadInputError as exc:
        if exc.field != "data_dir":
            raise
        raise BadInputError(f"{_data_dir_source(args)}{exc}", field="data_dir", path=exc.path) from None
    if outbox.notice:
        print(f"bugzot: {outbox.notice}", file=sys.stderr)
    return outbox


def server_option(args: argparse.Namespace) -> str | None:
    """--server, checked and tidied (surrounding whitespace and trailing slashes dropped); None when not given."""
    raw = getattr(args, "server", None)
    if raw is None:
        return None
    try:
        return normalize_server_url(raw)
    except BadInputError as exc:
        raise BadInputError(f"--server: {exc}", field="server_url") from None


def effective_settings(args: argparse.Namespace, dd: Path) -> Settings:
    """The data dir's settings with --max-edge on top, validated.

    ``server_url`` stays the settings' server (where reports without a destination go);
    --server is per report or per flush, see :func:`server_option`. A bad value names the
    option when it came from the command line, else the settings file."""
    s = load_settings(dd)
    max_edge = getattr(args, "max_edge", None)
    if max_edge is not None:
        s = dataclasses.replace(s, max_edge=max_edge)
    server = server_option(args)
    try:
        # With --server the saved URL is not used for this command: it need not be valid.
        dataclasses.replace(s, server_url=server or s.server_url).validate()
    except BadInputError as exc:
        if exc.field == "max_edge" and max_edge is not None:
            raise BadInputError(f"--max-edge: {exc}", field=exc.field) from None
        raise BadInputError(f"Settings file {dd / SETTINGS_FILE}: {exc}", field=exc.field, path=str(dd / SETTINGS_FILE)) from None
    return s
