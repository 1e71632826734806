"""`bugzot report`: file a report headless, through the same outbox and delivery path as the app.

The report is safe in the outbox before any network is touched; then one send is
tried. Prints the report's URL, or ``queued: <reason>``; exits 0 either way (a
queued report goes out with the next `bugzot outbox flush` or app start). A report
the server refuses for good prints ``not sent: <reason>`` and exits 1. Bad input
exits 2 with one line naming the field or file (raised as BadInputError, printed by cli.main).

``--server URL`` is recorded on the report (its destination): it is always sent to URL,
whatever the settings say later; settings.json is never written. Without --server the
report follows the settings, like one filed in the app. A ``--token`` of a report that
gets queued is kept only where that is safe (a system keyring, per URL, with no other
token for that URL yet); otherwise the queued line names the flush that is given it again
(`bugzot outbox flush --server URL --token TOKEN`), the only one that can send it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

from bugzot_desktop import APP_NAME, __version__
from bugzot_desktop.commands.common import (
    add_data_dir_option,
    data_dir_from_args,
    effective_settings,
    open_outbox,
    server_option,
)
from bugzot_desktop.core import delivery
from bugzot_desktop.core.errors import BadInputError, ImageError
from bugzot_desktop.core.report import Attachment, Report
from bugzot_desktop.core.review import ReviewSelection
from bugzot_desktop.core.settings import Settings, keyring_available, read_token, store_token
from bugzot_desktop.core.wire import DEFAULT_SEVERITY, SEVERITIES

# Report fields whose command-line option is not simply --<field>.
FIELD_OPTIONS = {"attachments": "--attach"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="file a bug report from the command line",
        description="Store a report in the outbox, try to send it once, print its URL (or why it is queued).",
    )
    p.add_argument("--server", help="server URL; recorded on the report, which then always goes there "
                   "(default: the server in the settings, followed when they change)")
    add_data_dir_option(p)
    p.add_argument("--token", help="API token for that server (default: the one kept for it)")
    p.add_argument("--title", required=True, help="what is wrong, in a few words (required)")
    p.add_argument("--description", default="")
    p.add_argument("--steps", default="", help="steps to reproduce")
    p.add_argument("--expected", default="", help="expected result")
    p.add_argument("--actual", default="", help="actual result")
    p.add_argument("--severity", default=DEFAULT_SEVERITY, help=f"one of {', '.join(SEVERITIES)} (default {DEFAULT_SEVERITY})")
    p.add_argument("--component", default="")
    p.add_argument("--attach", nargs="+", action="extend", default=[], metavar="FILE", help="image or plain-text file(s) to attach (a log, .txt, .json …)")
    p.add_argument("--attach-original", nargs="+", action="extend", default=[], metavar="FILE",
                   help="file(s) to attach and send as they are, not compressed (a copy waits in the outbox until it is sent)")
    p.add_argument("--screenshot", action="store_true", help="capture the whole desktop and attach it")
    p.add_argument("--max-edge", type=int, help="longest edge of sent images in pixels (default: from settings)")
    # Issue 8: see exactly what would leave the machine (commands/dry_run.py); nothing is stored or sent.
    p.add_argument("--dry-run", action="store_true", help="print the exact payload that would be sent, and send nothing")
    p.add_argument("--json", action="store_true", help="with --dry-run: print the payload as JSON")
    p.add_argument("--omit", action="append", default=[], metavar="ITEM",
                   help="leave an item out, e.g. environment:locale, field:steps, file:0 (repeatable)")
    p.add_argument("--mask", action="append", default=[], metavar="ITEM",
                   help="send ITEM with what looks sensitive masked (e-mail addresses, tokens, keys, IPs, home "
                        "paths), e.g. file:0 or environment:log_tail; 'all' masks every item (repeatable)")
    p.add_argument("--send-as-is", action="store_true",
                   help="send attached text files and the log tail unchanged even where they look like they hold "
                        "secrets (without it, such a report is refused before anything is filed)")


def _check_attachments(paths: list[str], *, original: bool = False) -> list[Attachment]:
    """Each --attach FILE must be an image or plain text we can send (checked by content, named if not);
    ``original``: --attach-original, sent as the file is."""
    from bugzot_desktop.core import filetypes

    option = "--attach-original" if original else "--attach"
    out = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise BadInputError(f"{option}: {raw} does not exist or is not a file; nothing was filed.", path=raw)
        try:
            filetypes.check_file(path, name=raw)
        except ImageError as exc:
            raise ImageError(f"{option}: {exc} Nothing was filed.", path=raw) from None
        out.append(Attachment(path.resolve(), send_original=original))
    return out


ALL_BLACK_NOTE = "the screen was all black when captured; the screenshot is attached as it is."


def _grab_screenshot(tmp_dir: Path) -> tuple[Path | None, str]:
    """Capture the desktop into a PNG; (None, why) when capture is unavailable or blank.

    (path, note) when it worked: the note says so when the screen was all black (X11,
    where black is what the screen shows), else it is empty."""
    from bugzot_desktop.core.display import display_problem

    problem = display_problem()
    if problem:  # Qt would abort the process trying to reach a display that is not there
        return None, f"Screen capture is unavailable here ({problem})"
    from PySide6.QtGui import QGuiApplication

    from bugzot_desktop.tasks import capture

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] if sys.argv else "bugzot"])
    _ = app
    why = capture.unavailable_reason()
    if why is not None:
        return None, f"Screen capture is unavailable here ({why})"
    image = capture.grab_desktop()
    if capture.is_blank(image, black_is_blank=capture.black_grab_is_failure()):
        return None, "The screen capture came back blank (the display may not allow capture)"
    path = tmp_dir / "screenshot.png"
    if not image.save(str(path), "PNG"):
        return None, f"The screen capture could not be saved to {path}"
    return path, (ALL_BLACK_NOTE if capture.is_blank(image) else "")


def _log_tail(settings: Settings) -> dict | None:
    """settings.json's ``log_file`` tail (the item the app adds too); None, with one line on stderr, when it cannot be read.

    A log is extra: a report is never held back because its log is missing or is a folder."""
    from bugzot_desktop.core.logtail import log_item

    if not settings.log_file:
        return None
    try:
        return log_item(Path(settings.log_file).expanduser(), settings.log_lines)
    except BadInputError as exc:
        print(f"bugzot: settings.json log_file: {exc} The report carries no log tail.", file=sys.stderr)
        return None


def _environment(settings: Settings) -> dict:
    from bugzot_desktop.core.environment import collect_environment, merge
    from bugzot_desktop.core.review import LOG_TAIL_KEY

    env = collect_environment(APP_NAME, __version__)
    if "PySide6.QtGui" in sys.modules:  # only when --screenshot started Qt: never start it just for this
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            from bugzot_desktop.tasks.environment import qt_facts

            env = merge(env, qt_facts())
    env["client"] = "bugzot report (command line)"
    tail = _log_tail(settings)
    if tail is not None:
        env[LOG_TAIL_KEY] = tail  # reviewable like any item: --dry-run shows it, --omit environment:log_tail drops it
    return env


# What the review (issue 8) flags, in words; secrets stop a command-line report, personal data is noted.
_KIND_WORDS = {
    "email": ("e-mail address", "e-mail addresses"),
    "private_key": ("private key", "private keys"),
    "token": ("token or password", "tokens or passwords"),
    "ip": ("IP address", "IP addresses"),
    "home_path": ("home-folder path", "home-folder paths"),
}
_SECRETS = ("private_key", "token")


def _counted(found: dict[str, int]) -> str:
    return ", ".join(f"{n} {_KIND_WORDS[k][n != 1]}" for k, n in found.items())


def _unreviewed(report: Report, selection: ReviewSelection) -> list[tuple[str, str, dict[str, int]]]:
    """(key, name, findings by kind) of each text about to be sent unmasked: attached text files and the log
    tail (everything they hold), and the typed fields (secrets only, as the app's review asks about them:
    an address the user typed is theirs to send)."""
    from bugzot_desktop.core.review import ENVIRONMENT, FIELD, FILE, LOG_TAIL_KEY, item_key, review_items
    from bugzot_desktop.core.sensitive import summary

    out = []
    for item in review_items(report, selection):
        typed = item.group == FIELD
        wanted = typed or (item.group == FILE and item.is_text_file) or item.key == item_key(ENVIRONMENT, LOG_TAIL_KEY)
        if not wanted or not selection.is_included(item.key) or item.key in selection.replaced:
            continue
        found = summary(selection.findings(report, item.key, home=Path.home()))
        if typed:
            found = {k: n for k, n in found.items() if k in _SECRETS}
        if found:
            out.append((item.key, item.name, found))
    return out


def _apply_masks(report: Report, selection: ReviewSelection, keys: list[str]) -> None:
    """``--mask ITEM`` / ``--mask all``: the masked value is what gets sent (a text file as a masked copy)."""
    from bugzot_desktop.core.review import review_items

    items = {i.key: i for i in review_items(report, selection)}
    for key in keys:  # a typo next to "all" is still a typo
        if key != "all" and key not in items:
            raise BadInputError(f"--mask: there is no item {key!r}; items are: {', '.join(items)}. Nothing was filed.",
                                field="mask")
    wanted = [k for k in items if selection.is_maskable(report, k)] if "all" in keys else keys
    for key in wanted:
        if not selection.is_maskable(report, key):
            raise BadInputError(f"--mask: {key} is an image; its pixels cannot be masked (leave it out with --omit "
                                f"{key}, or redact it in the app's mark-up editor). Nothing was filed.", field="mask")
        selection.mask(report, key, home=Path.home())


def _check_sensitive(report: Report, selection: ReviewSelection, *, send_as_is: bool, dry_run: bool = False) -> None:
    """Secrets in an attached text file or the log tail stop the report (nothing filed) unless masked,
    left out or ``--send-as-is``; personal data there is a note on stderr. The app's review shows the same.
    A dry run says what the real send would do, and stops nothing."""
    from bugzot_desktop.cli import one_line

    for key, name, found in _unreviewed(report, selection):
        secrets = {k: n for k, n in found.items() if k in _SECRETS}
        masked = "masks it" if key.startswith("field:") else "sends a masked copy"
        fix = f"--mask {key} {masked}, --omit {key} leaves it out"
        if secrets and not send_as_is:
            problem = f"{key} ({name}) looks like it holds secrets ({_counted(secrets)}); {fix}, --send-as-is sends it unchanged"
            if dry_run:
                print(one_line(f"bugzot: note: a real send would refuse this report: {problem}."), file=sys.stderr)
                continue
            raise BadInputError(f"{problem}, --dry-run shows it. Nothing was filed.", field=key)
        print(one_line(f"bugzot: note: {key} ({name}) is sent with {_counted(found)} in it ({fix})."), file=sys.stderr)


def _keep_token(settings: Settings, url: str, token: str) -> tuple[bool, str]:
    """Keep a queued report's --token for ``url`` where that is safe: (whether it was kept, what the queued line adds).

    Safe = a system keyring (one token per URL) with no other token kept for that URL yet.
    Without a keyring the settings file holds a single token (the settings server's): it is
    never overwritten from the command line, and settings.json is not written at all."""
    token = token.strip()
    kept = read_token(settings, url)
    if not token or kept == token:
        return True, ""
    if kept:
        why = "another token is kept for that URL"
    elif not keyring_available():
        why = "there is no system keyring, and the settings file keeps only the Settings token"
    elif store_token(dataclasses.replace(settings, server_url=url, api_token=""), token).api_token:
        why = "the system keyring refused it"  # store_token fell back to the settings file: not saved
    else:
        return True, "; the token is kept in the system keyring for that URL"
    return False, f"; the token was not kept ({why})"


def run(args: argparse.Namespace) -> int:
    from bugzot_desktop.cli import one_line  # messages carry names and server words: one line each

    dd = data_dir_from_args(args)
    settings = effective_settings(args, dd)
    destination = server_option(args)  # recorded on the report; None: it follows the settings
    send_url = destination or settings.server_url
    if args.severity not in SEVERITIES:
        raise BadInputError(f"--severity: {args.severity!r} is not one of: {', '.join(SEVERITIES)}.", field="severity")
    attachments = _check_attachments(args.attach) + _check_attachments(args.attach_original, original=True)
    outbox = open_outbox(args, dd)
    with tempfile.TemporaryDirectory(prefix="bugzot-shot-", dir=dd) as tmp:
        if args.screenshot:
            shot, why = _grab_screenshot(Path(tmp))
            if shot is None:
                print(f"bugzot: {why}; the report is filed without a screenshot (use --attach FILE instead).", file=sys.stderr)
            else:
                attachments.insert(0, Attachment(shot, "screenshot.png"))
                if why:
                    print(f"bugzot: note: {why}", file=sys.stderr)
        report = Report(
            title=args.title,
            description=args.description,
            steps=args.steps,
            expected=args.expected,
            actual=args.actual,
            severity=args.severity,
            component=args.component,
            environment=_environment(settings),
            attachments=attachments,
        )
        try:
            report.validate()
        except BadInputError as exc:
            option = f"{FIELD_OPTIONS.get(exc.field, '--' + exc.field)}: " if exc.field else ""
            raise BadInputError(f"{option}{exc} Nothing was filed.", field=exc.field) from None
        from bugzot_desktop.commands.dry_run import print_dry_run, selection_from_omit
        from bugzot_desktop.core.review import apply as apply_selection

        selection = selection_from_omit(report, getattr(args, "omit", None) or [])
        _apply_masks(report, selection, getattr(args, "mask", None) or [])
        if getattr(args, "dry_run", False):
            shown = dataclasses.replace(settings, server_url=send_url)
            _check_sensitive(report, selection, send_as_is=getattr(args, "send_as_is", False), dry_run=True)
            return print_dry_run(report, shown, as_json=getattr(args, "json", False), selection=selection)
        _check_sensitive(report, selection, send_as_is=getattr(args, "send_as_is", False))
        if selection.excluded or selection.replaced:
            report = apply_selection(report, selection, work_dir=Path(tmp))
        # Safe on disk from here on (the outbox copied the screenshot), with where it goes.
        entry = outbox.add(report, destination=destination)
    token = args.token  # None: the one kept for send_url (the settings file's only for the settings server)
    with delivery.client_for(settings, server_url=send_url, token=token) as client:
        outcome = delivery.deliver_one(outbox, client, entry.client_id, settings)
    if outcome.status == delivery.SENT:
        print(outcome.url)
        for line in delivery.attention(outbox.get(entry.client_id)):
            print(one_line(f"bugzot: note: {line}"), file=sys.stderr)
        return 0
    if outcome.status == delivery.FAILED:
        # A refusal for the URL or the token of the report's own server already names the command that fixes it.
        own_fix = outcome.destination is not None and outcome.refusal in (delivery.WRONG_URL, delivery.TOKEN)
        after = "" if own_fix else f"; once fixed: `bugzot outbox retry {entry.client_id}`"
        print(one_line(f"not sent: {outcome.message} (report {entry.client_id}{after})"), file=sys.stderr)
        return 1
    reason = outcome.message or "another sender has it"
    if outcome.refusal == delivery.TOKEN:  # waits for a token; the message names the command that sends it
        print(one_line(f"queued: {reason} (report {entry.client_id})"))
        return 0
    kept, note = _keep_token(settings, send_url, token) if token is not None else (True, "")
    # Not kept: only a flush given the token again can send it, so name that one, not a plain flush.
    command = "`bugzot outbox flush`" if kept else delivery.token_command(send_url)
    print(one_line(f"queued: {reason} (report {entry.client_id}; {command} sends it to {send_url}{note})"))
    return 0
