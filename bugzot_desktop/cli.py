"""The `bugzot` command: no sub-command opens the window; sub-commands are headless.

Each sub-command lives in ``bugzot_desktop/commands/<name>.py`` with
``add_parser(subparsers)`` and ``run(args) -> int``. Bad input exits non-zero
with one line naming the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from bugzot_desktop import __version__
from bugzot_desktop.core.errors import BugzotError

COMMANDS = ("report", "outbox", "compress", "capture")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bugzot", description="File bug reports with screenshots, online or offline.")
    parser.add_argument("--version", action="version", version=f"bugzot {__version__}")
    parser.add_argument("--self-check", action="store_true", help="check the installation works and exit")
    parser.add_argument("--data-dir", help="where the outbox and settings live (default: $BUGZOT_DATA_DIR or the user data dir)")
    parser.add_argument("--with-local-server", action="store_true", help="start the bundled server on loopback for this session")
    parser.add_argument("--lang", help="user-interface language, e.g. de (default: system locale)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"bugzot_desktop.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_check:
            from bugzot_desktop.commands import selfcheck

            return selfcheck.run(args)
        if args.command is None:
            from bugzot_desktop import app

            return app.run_gui(args)
        return int(importlib.import_module(f"bugzot_desktop.commands.{args.command}").run(args) or 0)
    except BugzotError as exc:
        print(f"bugzot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bugzot: interrupted", file=sys.stderr)
        return 130
