"""`bugzot report`: file a report headless, through the same outbox and delivery path as the app.

The report is safe in the outbox before any network is touched; then one send is
tried. Prints the report's URL, or ``queued: <reason>``; exits 0 either way (a
queued report goes out with the next `bugzot outbox flush` or app start). A report
the server refuses for good prints ``not sent: <reason>`` and exits 1. Bad input
exits 2 with one line naming the field or file (raised as BadInputError, printed by cli.main).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from pathlib import Path

from bugzot_desktop import APP_NAME, __version__
from bugzot_desktop.core import delivery
from bugzot_desktop.core.errors import BadInputError, ImageError
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.paths import data_dir as resolve_data_dir
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.settings import Settings, load_settings, save_settings
from bugzot_desktop.core.wire import DEFAULT_SEVERITY, SEVERITIES


def add_data_dir_option(p: argparse.ArgumentParser) -> None:
    """--data-dir on a sub-command; SUPPRESS keeps `bugzot --data-dir D report` working too."""
    p.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="where the outbox and settings live (default: $BUGZOT_DATA_DIR or the user data dir)",
    )


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="file a bug report from the command line",
        description="Store a report in the outbox, try to send it once, print its URL (or why it is queued).",
    )
    p.add_argument("--server", help="server URL (default: from settings)")
    add_data_dir_option(p)
    p.add_argument("--token", help="API token (default: from settings)")
    p.add_argument("--title", required=True, help="what is wrong, in a few words (required)")
    p.add_argument("--description", default="")
    p.add_argument("--steps", default="", help="steps to reproduce")
    p.add_argument("--expected", default="", help="expected result")
    p.add_argument("--actual", default="", help="actual result")
    p.add_argument("--severity", default=DEFAULT_SEVERITY, help=f"one of {', '.join(SEVERITIES)} (default {DEFAULT_SEVERITY})")
    p.add_argument("--component", default="")
    p.add_argument("--attach", nargs="+", action="extend", default=[], metavar="FILE", help="image or plain-text file(s) to attach (a log, .txt, .json …)")
    p.add_argument("--screenshot", action="store_true", help="capture the whole desktop and attach it")
    p.add_argument("--max-edge", type=int, help="longest edge of sent images in pixels (default: from settings)")
    # Issue 8: see exactly what would leave the machine (commands/dry_run.py); nothing is stored or sent.
    p.add_argument("--dry-run", action="store_true", help="print the exact payload that would be sent, and send nothing")
    p.add_argument("--json", action="store_true", help="with --dry-run: print the payload as JSON")
    p.add_argument("--omit", action="append", default=[], metavar="ITEM",
                   help="leave an item out, e.g. environment:locale, field:steps, file:0 (repeatable)")


def effective_settings(args: argparse.Namespace, dd: Path) -> Settings:
    """Settings from the data dir, with command-line values on top; validated."""
    s = load_settings(dd)
    changes = {}
    if getattr(args, "server", None):
        changes["server_url"] = args.server
    if getattr(args, "token", None) is not None:
        changes["api_token"] = args.token
    if getattr(args, "max_edge", None) is not None:
        changes["max_edge"] = args.max_edge
    s = dataclasses.replace(s, **changes)
    try:
        s.validate()
    except BadInputError as exc:
        option = {"server_url": "--server", "max_edge": "--max-edge"}.get(exc.field or "", "")
        raise BadInputError(f"{option + ': ' if option else ''}{exc}", field=exc.field) from None
    return s


def _remember_server(args: argparse.Namespace, dd: Path, settings: Settings) -> None:
    """One outbox sends to one server: a --server that differs from the saved one becomes
    this data dir's server, so a later `bugzot outbox flush` (or the app) sends the queued
    report where it was filed, never to a server the user did not name."""
    if not getattr(args, "server", None):
        return
    saved = load_settings(dd)
    if saved.server_url.rstrip("/") == settings.server_url.rstrip("/"):
        return
    save_settings(dd, dataclasses.replace(saved, server_url=settings.server_url))


def _check_attachments(paths: list[str]) -> list[Attachment]:
    """Each --attach FILE must be an image or plain text we can send (checked by content, named if not)."""
    from bugzot_desktop.core import filetypes

    out = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise BadInputError(f"--attach: {raw} does not exist or is not a file; nothing was filed.", path=raw)
        try:
            filetypes.check_file(path, name=raw)
        except ImageError as exc:
            raise ImageError(f"--attach: {exc} Nothing was filed.", path=raw) from None
        out.append(Attachment(path.resolve()))
    return out


def _grab_screenshot(tmp_dir: Path) -> tuple[Path | None, str]:
    """Capture the desktop into a PNG; (None, why) when capture is unavailable or blank."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        # Qt would abort the process trying to reach a display that is not there.
        return None, "Screen capture is unavailable here (no display: DISPLAY and WAYLAND_DISPLAY are not set)"
    from PySide6.QtGui import QGuiApplication

    from bugzot_desktop.tasks import capture

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] if sys.argv else "bugzot"])
    _ = app
    why = capture.unavailable_reason()
    if why is not None:
        return None, f"Screen capture is unavailable here ({why})"
    image = capture.grab_desktop()
    if capture.is_blank(image):
        return None, "The screen capture came back blank (the display may not allow capture)"
    path = tmp_dir / "screenshot.png"
    if not image.save(str(path), "PNG"):
        return None, f"The screen capture could not be saved to {path}"
    return path, ""


def _environment() -> dict:
    from bugzot_desktop.core.environment import collect_environment, merge

    env = collect_environment(APP_NAME, __version__)
    if "PySide6.QtGui" in sys.modules:  # only when --screenshot started Qt: never start it just for this
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            from bugzot_desktop.tasks.environment import qt_facts

            env = merge(env, qt_facts())
    env["client"] = "bugzot report (command line)"
    return env


def run(args: argparse.Namespace) -> int:
    dd = resolve_data_dir(getattr(args, "data_dir", None))
    settings = effective_settings(args, dd)
    if args.severity not in SEVERITIES:
        raise BadInputError(f"--severity: {args.severity!r} is not one of: {', '.join(SEVERITIES)}.", field="severity")
    attachments = _check_attachments(args.attach)
    outbox = Outbox(dd)
    if outbox.notice:
        print(f"bugzot: {outbox.notice}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bugzot-shot-", dir=dd) as tmp:
        if args.screenshot:
            shot, why = _grab_screenshot(Path(tmp))
            if shot is None:
                print(f"bugzot: {why}; the report is filed without a screenshot (use --attach FILE instead).", file=sys.stderr)
            else:
                attachments.insert(0, Attachment(shot, "screenshot.png"))
        report = Report(
            title=args.title,
            description=args.description,
            steps=args.steps,
            expected=args.expected,
            actual=args.actual,
            severity=args.severity,
            component=args.component,
            environment=_environment(),
            attachments=attachments,
        )
        try:
            report.validate()
        except BadInputError as exc:
            option = f"--{exc.field}: " if exc.field else ""
            raise BadInputError(f"{option}{exc} Nothing was filed.", field=exc.field) from None
        omit, dry = getattr(args, "omit", None) or [], getattr(args, "dry_run", False)
        if omit or dry:
            from bugzot_desktop.commands.dry_run import print_dry_run, selection_from_omit
            from bugzot_desktop.core.review import apply as apply_selection

            selection = selection_from_omit(report, omit)
            if dry:
                return print_dry_run(report, settings, as_json=getattr(args, "json", False), selection=selection)
            report = apply_selection(report, selection)
        entry = outbox.add(report)  # safe on disk from here on (the outbox copied the screenshot)
    with delivery.client_for(settings) as client:
        outcome = delivery.deliver_one(outbox, client, entry.client_id, settings)
    if outcome.status == delivery.SENT:
        print(outcome.url)
        return 0
    _remember_server(args, dd, settings)
    if outcome.status == delivery.FAILED:
        print(
            f"not sent: {outcome.message} (report {entry.client_id}; once fixed: `bugzot outbox retry {entry.client_id}`)",
            file=sys.stderr,
        )
        return 1
    reason = outcome.message or "another sender has it"
    print(f"queued: {reason} (report {entry.client_id}; `bugzot outbox flush` sends it to {settings.server_url})")
    return 0
