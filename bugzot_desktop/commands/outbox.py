"""`bugzot outbox list|flush|export|retry`: look at and drive the outbox from the command line.

- ``list [--json]``: every report with its state, attempts, next try, last error and destination.
- ``flush [--server URL] [--token T]``: try every waiting report now, whatever its backoff says,
  each to its own destination (else the settings' server). ``--server`` limits the flush to
  the reports that go to URL (none go there: says so, with the known destinations, exit 0);
  ``--token`` is sent with those (without --server: with every report, refused when they go
  to more than one server), and the failed reports of that selection the server refused for
  the token are sent again with it. Exit 0 when nothing (of that selection) is left queued,
  sending or failed; else 1 and the counts (reports waiting for a token: with the command).
- ``export FILE [--server URL] [--force]``: the waiting reports as one bundle (zip) for an air-gapped
  server; an existing FILE is replaced only with --force. A bundle is imported by one server, so the
  reports must all go to one: when they go to several, --server URL picks those that go to URL (else
  bad input naming the destinations, nothing written).
- ``retry ID [--server URL] [--token T]``: put a failed report back in the queue (after fixing the
  cause); --server re-targets it (e.g. its URL had a typo); --token sends it now with that token
  (it is not kept), exit 1 if the server refuses it for good.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from bugzot_desktop.cli import one_line
from bugzot_desktop.commands.common import (
    add_data_dir_option,
    data_dir_from_args,
    effective_settings,
    open_outbox,
    server_option,
)
from bugzot_desktop.core import delivery
from bugzot_desktop.core.bundle import write_bundle
from bugzot_desktop.core.errors import BadInputError, BugzotError
from bugzot_desktop.core.outbox import Outbox, OutboxEntry
from bugzot_desktop.core.settings import same_server

log = logging.getLogger(__name__)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outbox", help="list, send or export the reports waiting in the outbox")
    add_data_dir_option(p)
    acts = p.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    ls = acts.add_parser("list", help="every report with its state")
    add_data_dir_option(ls)
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    fl = acts.add_parser("flush", help="send every waiting report now (ignores backoff), each to its own server")
    add_data_dir_option(fl)
    fl.add_argument("--server", metavar="URL",
                    help="only the reports that go to URL (their own destination, or the settings' server)")
    fl.add_argument("--token", help="API token for the reports sent to --server (without --server: for all; "
                    "default: the one kept for each server); also resends those that server refused for the token")
    ex = acts.add_parser("export", help="write the waiting reports to one bundle file")
    add_data_dir_option(ex)
    ex.add_argument("file", metavar="FILE", help="bundle to write (a .zip)")
    ex.add_argument("--server", metavar="URL", help="only the reports that go to URL (needed when the waiting "
                    "reports go to more than one server: a bundle is imported by one)")
    ex.add_argument("--force", action="store_true", help="replace FILE if it exists")
    rt = acts.add_parser("retry", help="queue a failed report again")
    add_data_dir_option(rt)
    rt.add_argument("client_id", metavar="ID", help="the report's id (from `bugzot outbox list`)")
    rt.add_argument("--server", metavar="URL", help="send it to URL from now on (corrects the URL it was filed for)")
    rt.add_argument("--token", help="API token for its server: the report is sent now with it (it is not kept)")


def _when(ts: float | None) -> str:
    if ts is None:
        return "-"
    return _dt.datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def _as_json(e: OutboxEntry) -> dict[str, Any]:
    return {
        "client_id": e.client_id,
        "title": e.title,
        "state": e.state,
        "attempts": e.attempts,
        "last_error": e.last_error,
        "next_attempt_at": _when(e.next_attempt_at) if e.state == "queued" else None,
        "server_id": e.server_id,
        "server_url": e.server_url,
        "destination": e.destination,  # null: the server in the settings when it is sent
        "created_at": _when(e.created_at),
        "attachments": [a.filename for a in e.attachments],
    }


def _list(outbox: Outbox, as_json: bool) -> int:
    entries = outbox.list()
    if as_json:
        print(json.dumps([_as_json(e) for e in entries], indent=1))
        return 0
    if not entries:
        print("The outbox is empty.")
        return 0
    now = time.time()
    for e in entries:
        if e.state == "queued":
            wait = max(0, int(e.next_attempt_at - now))
            detail = "due now" if wait == 0 else f"next try in {wait} s"
        elif e.state == "sent":
            detail = e.server_url or ""
        else:
            detail = ""
        line = f"{e.client_id}  {e.state:<7}  attempts {e.attempts}  {e.title!r}"
        if detail:
            line += f"  {detail}"
        if e.state != "sent":
            line += f"  to {e.destination or 'the Settings server'}"
        if e.last_error and e.state != "sent":
            line += f"\n    last error: {one_line(e.last_error)}"
        print(line)
    c = outbox.counts()
    print(f"{c['queued'] + c['sending']} waiting, {c['failed']} failed, {c['sent']} sent.")
    return 0


def _show(o: delivery.DeliveryOutcome) -> None:
    if o.status == delivery.SENT:
        print(f"sent: {o.client_id} {o.url}")
    elif o.status == delivery.FAILED:
        print(one_line(f"failed: {o.client_id} {o.message}"), file=sys.stderr)
    elif o.status == delivery.RETRY:
        print(one_line(f"queued: {o.client_id} {o.message}"), file=sys.stderr)


def _waits_for_token(e: OutboxEntry) -> bool:
    """Queued because its own server wants a token none is kept for (delivery.settle_error)."""
    return e.state == "queued" and e.destination is not None and delivery.refusal_of(e.last_error) == delivery.TOKEN


def _export_selection(outbox: Outbox, settings: Any, server: str | None) -> list[str]:
    """The waiting reports a bundle may carry: all of them when they go to one server, else those for ``server``."""
    from bugzot_desktop.core.outbox import WAITING

    waiting = outbox.list(WAITING)
    if server is not None:
        chosen = [e for e in waiting if same_server(delivery.destination_of(e, settings), server)]
        if waiting and not chosen:
            known = sorted({delivery.destination_of(e, settings).rstrip("/") for e in waiting})
            raise BadInputError(f"export: no waiting report goes to {server} (they go to {', '.join(known)}); "
                                "nothing was exported.", field="server")
        return [e.client_id for e in chosen]
    counts: dict[str, int] = {}
    for e in waiting:
        url = delivery.destination_of(e, settings).rstrip("/")
        counts[url] = counts.get(url, 0) + 1
    if len(counts) > 1:
        listed = ", ".join(f"{n} to {url}" for url, n in sorted(counts.items()))
        raise BadInputError(f"export: the waiting reports go to {len(counts)} servers ({listed}); a bundle is imported "
                            "by one, so export each server's with --server URL. Nothing was exported.", field="server")
    return [e.client_id for e in waiting]


SETTLE_S = 60.0  # how long a flush waits for reports another process is sending
SETTLE_POLL_S = 0.2


def _pause(seconds: float) -> None:
    time.sleep(seconds)  # polling the outbox another process writes to (tests replace this)


def _wait_for_other_senders(outbox: Outbox, client_ids: list[str]) -> None:
    """Until none of ``client_ids`` is being sent any more, or SETTLE_S has passed."""
    deadline = time.monotonic() + SETTLE_S
    while client_ids and time.monotonic() < deadline:
        client_ids = [cid for cid in client_ids if (e := outbox.get(cid)) is not None and e.state == "sending"]
        if client_ids:
            _pause(SETTLE_POLL_S)


def _flush(args: argparse.Namespace, outbox: Outbox, dd: Path) -> int:
    try:
        outbox.purge_old_sent()  # as the app does at start: sent reports are kept a week
    except BugzotError as exc:  # e.g. a read-only outbox: sending is what was asked for
        log.warning("old sent reports not forgotten: %s", exc)
    settings = effective_settings(args, dd)
    server, token = server_option(args), args.token

    def goes_to(e: OutboxEntry) -> str:
        return delivery.destination_of(e, settings)

    def selected(e: OutboxEntry) -> bool:
        return server is None or same_server(goes_to(e), server)

    def token_refused(e: OutboxEntry) -> bool:
        return e.state == "failed" and delivery.refusal_of(e.last_error) == delivery.TOKEN

    unsent = outbox.list(["queued", "sending", "failed"])
    if server is not None and not any(selected(e) for e in outbox.list()):
        # Most likely a typo in --server: say where the reports do go.
        known = sorted({goes_to(e) for e in unsent})
        if known:
            print(f"No waiting report goes to {server} (known destinations: {', '.join(known)}).")
        else:
            print(f"No waiting report goes to {server}; nothing is waiting.")
        return 0
    # A token handed over for a server also sends the reports that server refused for the token (else only
    # `outbox retry` + this flush would); the other failed ones stay failed until retried.
    again = [e for e in unsent if token is not None and token_refused(e) and selected(e)]
    if token is not None and server is None:
        # One token for reports bound for several servers would hand it to servers it is not for.
        urls = sorted({goes_to(e).rstrip("/") for e in unsent if e.state != "failed" or token_refused(e)})
        if len(urls) > 1:
            raise BadInputError(
                f"--token: the waiting reports go to {len(urls)} servers ({', '.join(urls)}); "
                "say which one the token is for with --server URL.",
                field="token",
            )
    for e in again:
        outbox.retry_now(e.client_id)

    def token_for(url: str) -> str | None:
        return token if token is not None and (server is None or same_server(url, server)) else None

    delivery.deliver_due(
        outbox,
        lambda: delivery.client_for(settings, token=token_for(settings.server_url)),
        settings,
        ignore_backoff=True,
        on_outcome=_show,
        destination_factory=lambda url: delivery.client_for(settings, server_url=url, token=token_for(url)),
        select=selected if server is not None else None,
    )
    # This flush has finished its own sends; a report still "sending" is another process's (the app, another
    # flush): wait for it to settle, so the answer says how it went instead of calling it "still waiting".
    _wait_for_other_senders(outbox, [e.client_id for e in outbox.list(["sending"]) if selected(e)])
    left = outbox.list(["queued", "sending", "failed"])
    mine = [e for e in left if selected(e)]
    need_token = sorted({goes_to(e) for e in mine if _waits_for_token(e)})
    for_token = sum(_waits_for_token(e) for e in mine)
    elsewhere_sending = sum(e.state == "sending" for e in mine)
    waiting = sum(e.state == "queued" for e in mine) - for_token
    failed = sum(e.state == "failed" for e in mine)
    others = len(left) - len(mine)
    elsewhere = f" ({others} report(s) for other servers were not part of this flush)" if others else ""
    if waiting == 0 and failed == 0 and for_token == 0 and elsewhere_sending == 0:
        print(f"Nothing left waiting{' for ' + server if server else ''}.{elsewhere}")
        return 0
    parts = []
    if elsewhere_sending:
        parts.append(f"{elsewhere_sending} report(s) are still being sent by another BugZot process (the app or another "
                     f"flush) after {SETTLE_S:.0f} s; run flush again to see how they went")
    if waiting:
        parts.append(f"{waiting} report(s) still waiting (the server was not reachable or busy; run flush again later)")
    if for_token:
        parts.append(f"{for_token} report(s) wait for an API token (send them with "
                     f"{' or '.join(delivery.token_command(url) for url in need_token)})")
    if failed:
        parts.append(f"{failed} report(s) failed (refused by the server; see `bugzot outbox list`)")
    print("; ".join(parts) + "." + elsewhere, file=sys.stderr)
    return 1


def _retry(args: argparse.Namespace, outbox: Outbox, dd: Path) -> int:
    new_server = server_option(args)
    entry = outbox.get(args.client_id)
    if entry is None:
        raise BadInputError(f"retry: no report {args.client_id} in the outbox (see `bugzot outbox list`).")
    # Settings only when sending now: a plain retry works whatever settings.json says.
    settings = effective_settings(args, dd) if args.token is not None else None
    if new_server is not None and not outbox.set_destination(args.client_id, new_server):
        entry = outbox.get(args.client_id) or entry
    if not outbox.retry_now(args.client_id):
        raise BadInputError(
            f"retry: report {args.client_id} is {entry.state}; only queued or failed reports can be retried."
        )
    where = f" for {new_server}" if new_server else ""
    if settings is None:
        entry = outbox.get(args.client_id) or entry
        if entry.destination is not None and delivery.refusal_of(entry.last_error) == delivery.TOKEN:
            print(f"Queued {args.client_id} again{where}; its server wants an API token: "
                  f"{delivery.token_command(entry.destination)} sends it.")
        else:
            print(f"Queued {args.client_id} again{where}; run `bugzot outbox flush` to send it now.")
        return 0
    # The token cannot be kept (the settings file holds only the Settings token): use it now, for this report.
    url = delivery.destination_of(outbox.get(args.client_id) or entry, settings)
    with delivery.client_for(settings, server_url=url, token=args.token) as client:
        outcome = delivery.deliver_one(outbox, client, args.client_id, settings)
    _show(outcome)
    return 1 if outcome.status == delivery.FAILED else 0


def run(args: argparse.Namespace) -> int:
    dd = data_dir_from_args(args)
    outbox = open_outbox(args, dd)
    cmd = args.outbox_command
    if cmd == "list":
        return _list(outbox, args.json)
    if cmd == "flush":
        return _flush(args, outbox, dd)
    if cmd == "export":
        target = Path(args.file).expanduser()
        if target.is_dir():
            raise BadInputError(
                f"export: {args.file} is a directory; give a file name such as reports.zip.", path=args.file
            )
        if not target.parent.is_dir():
            raise BadInputError(
                f"export: folder {target.parent} does not exist; create it or choose another place.", path=args.file
            )
        if (target.exists() or target.is_symlink()) and not args.force:
            raise BadInputError(
                f"export: {args.file} already exists; nothing was exported. Choose another name, "
                "or add --force to replace it.",
                path=args.file,
            )
        settings = effective_settings(args, dd)
        ids = _export_selection(outbox, settings, server_option(args))
        if not ids:  # an empty bundle carried to the other side would only look like a transfer
            raise BadInputError(f"export: no report is waiting in the outbox of {dd}; nothing was exported.",
                                path=str(dd))
        try:
            n = write_bundle(outbox, target, ids, settings=settings)
        except OSError as exc:
            raise BadInputError(
                f"export: could not write {args.file} ({exc.strerror or exc}); nothing was exported and "
                "the outbox is unchanged.",
                path=args.file,
            ) from None
        where = f" for {server_option(args)}" if server_option(args) else ""
        print(f"Exported {n} waiting report(s){where} to {target}. They stay in the outbox; the server stores each "
              "only once.")
        return 0
    if cmd == "retry":
        return _retry(args, outbox, dd)
    raise BadInputError(f"outbox: unknown action {cmd!r}.")  # pragma: no cover - argparse refuses first
