"""The `bugzot` command: no sub-command opens the window; sub-commands are headless.

Each sub-command lives in ``bugzot_desktop/commands/<name>.py`` with
``add_parser(subparsers)`` and ``run(args) -> int``. Bad input exits non-zero
with one line naming the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from bugzot_desktop import __version__
from bugzot_desktop.core.errors import BugzotError
from bugzot_desktop.core.text import one_line

COMMANDS = ("report", "outbox", "compress", "capture")


def error(message: object) -> None:
    """The CLI's one error printer: ``bugzot: <message>`` as one line on stderr."""
    print(f"bugzot: {one_line(str(message))}", file=sys.stderr)


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


def _utf8_ctype() -> None:
    """Give Qt the UTF-8 character type it needs, as Python itself does (PEP 538), before Qt starts.

    Without it (started from cron or systemd with LANG=C, or a LANG whose locale is not installed) Qt
    switches to C.UTF-8 anyway and says so in four lines on stderr; the frozen app gets no PEP 538 coercion.
    Only the character type changes: the language of messages comes from LANG / LC_MESSAGES as before."""
    if not sys.platform.startswith("linux"):
        return
    import locale

    try:
        codeset = locale.nl_langinfo(locale.CODESET)
    except (AttributeError, ValueError):
        return
    if codeset.replace("-", "").upper() == "UTF8":
        return
    lc_all = os.environ.get("LC_ALL")
    if lc_all and lc_all not in ("C", "POSIX"):
        return  # an explicit non-UTF-8 LC_ALL is the user's choice
    if lc_all:
        os.environ["LC_ALL"] = "C.UTF-8"  # LC_ALL=C keeps meaning C (English messages), now with UTF-8
    os.environ["LC_CTYPE"] = "C.UTF-8"
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pass


_NEGATIVE_VALUE = re.compile(r"-\d[\d,.-]*")


def _joined_negative_values(argv: list[str]) -> list[str]:
    """``--region -10,20,300,200`` as ``--region=-10,...``: argparse takes a value starting with "-" for an option
    (screens left of or above the primary one have negative coordinates)."""
    out: list[str] = []
    it = iter(argv)
    for a in it:
        if a == "--region":
            nxt = next(it, None)
            if nxt is not None and _NEGATIVE_VALUE.fullmatch(nxt):
                out.append(f"{a}={nxt}")
                continue
            out.append(a)
            if nxt is not None:
                out.append(nxt)
            continue
        out.append(a)
    return out


def main(argv: list[str] | None = None) -> int:
    _utf8_ctype()
    parser = build_parser()
    args = parser.parse_args(_joined_negative_values(sys.argv[1:] if argv is None else argv))
    try:
        try:
            if args.self_check:
                from bugzot_desktop.commands import selfcheck

                return selfcheck.run(args)
            if args.command is None:
                from bugzot_desktop import app

                return app.run_gui(args)
            return int(importlib.import_module(f"bugzot_desktop.commands.{args.command}").run(args) or 0)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at interpreter exit
    except BugzotError as exc:
        error(exc)
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        # `bugzot outbox list --json | head -1`: the reader left. Say nothing more, like other tools;
        # point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141  # 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe
