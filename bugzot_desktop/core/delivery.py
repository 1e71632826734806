"""The one delivery path: claim → prepare (compress) → submit → mark.

The CLI, the background flusher and the soak bench all deliver through these
functions. :func:`deliver_one` does every step in the calling thread; the steps
are public so the flusher can run :func:`compress_one` for each attachment as
parallel pool tasks and then :func:`send_claimed` as the upload task.

Exactly once: the report's client_id is the server's idempotency key, so any
re-send after an unknown outcome (timeout, reset, lost response) stores nothing
twice; a report is only marked sent when the server has answered with its id.

Where a report goes: its own ``destination`` (the URL it was filed for), else the
server in the settings. The client is built per report (:func:`client_for` reads the
token kept for that URL); an unreachable server holds up only the reports bound for it.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from bugzot_desktop.core.cancel import NEVER, CancelToken
from bugzot_desktop.core.client import (
    NOT_A_BUGZOT_SERVER,
    REDIRECTED,
    TOKEN_MISSING,
    TOKEN_WRONG,
    NotABugzotServerError,
    ProgressFn,
    ServerUnreachableError,
    SubmitClient,
    TokenRefusedError,
)
from bugzot_desktop.core.errors import BadInputError, CancelledError, ImageError, PermanentError, TransientError
from bugzot_desktop.core.outbox import COMPRESSED_DIR, QUEUED, CompressedFile, Outbox, OutboxEntry
from bugzot_desktop.core.outbox import FAILED as FAILED_STATE
from bugzot_desktop.core.settings import Settings, read_token, same_server
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text, message_of
from bugzot_desktop.core.wire import FileInfo, build_report_json, clean_filename, sha256_file

log = logging.getLogger(__name__)

SENT, RETRY, FAILED, BUSY, CANCELLED = "sent", "retry", "failed", "busy", "cancelled"
# Why the server refused a report when the report itself is not at fault (DeliveryOutcome.refusal, refusal_of).
WRONG_URL, TOKEN = "wrong_url", "token"
# A report for its own server that needs a token none is kept for waits this long between tries (the app's
# flusher; `bugzot outbox flush` ignores it): trying sooner only meets the same 401.
TOKEN_WAIT_S = 6 * 3600.0


@dataclass(frozen=True)
class DeliveryOutcome:
    """How one delivery attempt ended.

    status: ``sent`` (url/server_id set), ``retry`` (queued again; next_attempt_at),
    ``failed`` (permanent; message is the reason), ``busy`` (someone else is sending it),
    ``message`` is a :class:`~bugzot_desktop.core.text.Text` (English; the GUI shows it translated);
    ``cancelled`` (given back to the queue untried). ``offline``: the server could not be
    reached at all (no HTTP answer), as opposed to busy or failing. ``destination``: the
    report's own server URL, None when it follows the settings. ``refusal``: :data:`WRONG_URL`
    or :data:`TOKEN` when the server refused the URL or the token (``retry`` with TOKEN: a report
    for its own server that waits for a token, see :func:`settle_error`), else "".
    """

    client_id: str
    status: str
    message: str = ""
    url: str = ""
    server_id: str = ""
    next_attempt_at: float | None = None
    created: bool = True
    offline: bool = False
    destination: str | None = None
    # WRONG_URL or TOKEN when the URL or the token, not the report, made the server refuse it; "" otherwise.
    refusal: str = ""


# An image's content type -> the extensions its name may end in (the first is the one given).
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg", ".jpe"), "image/gif": (".gif",), "image/webp": (".webp",),
    "image/bmp": (".bmp",), "image/tiff": (".tif", ".tiff"), "image/avif": (".avif",), "image/heic": (".heic", ".heif"),
}


def _sent_name(filename: str, suffix: str) -> str:
    """The attachment's name with the extension of the format actually sent."""
    stem = PurePath(filename).stem or "image"
    return clean_filename(f"{stem}{suffix}")


def _usable(c: CompressedFile | None, settings: Settings, send_original: bool) -> bool:
    """A recorded result can be reused if the settings match and its bytes are intact.

    The hash is checked again (cheap for a compressed image): after a power loss a file
    can exist with the right size and the wrong bytes, and the server would refuse it.
    """
    if c is None:
        return False
    if not send_original and (c.max_edge != settings.max_edge or c.byte_budget != settings.byte_budget):
        return False
    try:
        return sha256_file(c.path) == (c.sha256, c.size)
    except OSError:
        return False


def _fsync_file(path: Path) -> None:
    """The compressed file must be on disk before the outbox records it."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def compress_one(
    outbox: Outbox,
    client_id: str,
    index: int,
    settings: Settings,
    cancel: CancelToken = NEVER,
    compress: Callable[..., Any] | None = None,
) -> CompressedFile:
    """Make (or reuse) the file to send for attachment ``index`` and record it in the outbox.

    ``compress`` defaults to :func:`imaging.compress` in this thread; the GUI passes
    :func:`procpool.compress_in_process` so no encoder ever holds the GUI's GIL.

    Output names are unique, so two processes preparing the same report never write
    the same file. A plain-text attachment (core/filetypes.py) is sent unchanged as
    ``text/plain; charset=utf-8``. Raises ImageError (permanent) or CancelledError.
    """
    from bugzot_desktop.core import filetypes, imaging  # heavy (Pillow); only the sending side needs it

    entry = _entry(outbox, client_id)
    att = entry.attachments[index]
    existing = entry.compressed[index] if index < len(entry.compressed) else None
    if _usable(existing, settings, att.send_original):
        assert existing is not None
        return existing
    out_dir = outbox.folder(client_id) / COMPRESSED_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    cancel.check()
    if att.send_original or filetypes.looks_like_text(att.path):
        # Plain text (a log, .txt, .json …) is always sent unchanged, like an original.
        kind = filetypes.check_file(att.path, name=att.filename)
        note = "Sent unchanged (plain text)." if kind.kind == "text" else "Sent as the original file."
        over_budget = False  # the user chose the original (or it is text): its size is theirs
        path, ctype = att.path, kind.content_type
        filename = clean_filename(att.filename)
        ext = _EXTENSIONS.get(ctype)
        if ext is not None and PurePath(filename).suffix.lower() not in ext:
            # A marked-up original is the flattened PNG of the mark-up: its name says so (photo.jpg -> photo.png).
            filename = _sent_name(att.filename, ext[0])
    else:
        try:
            res = (compress or imaging.compress)(
                att.path,
                out_dir,
                max_edge=settings.max_edge,
                byte_budget=settings.byte_budget,
                cancel=cancel,
                stem=f"{index}-{uuid.uuid4().hex[:8]}",
            )
        except ImageError as exc:
            # compress() names the outbox's copy; the user knows the file by its own name.
            raise ImageError(
                Text(QT_TRANSLATE_NOOP("core", "{problem} The report is kept in the outbox: remove or replace that attachment, "
                                       "then send it again."),
                     problem=_renamed(message_of(exc), att.path.name, att.filename)),
                path=str(att.path),
            ) from None
        path, ctype, note, over_budget = Path(res.path), res.content_type, res.note, res.over_budget
        filename = _sent_name(att.filename, path.suffix)
        _fsync_file(path)
    digest, size = sha256_file(path)
    result = CompressedFile(
        path=path,
        filename=filename,
        content_type=ctype,
        sha256=digest,
        size=size,
        max_edge=settings.max_edge,
        byte_budget=settings.byte_budget,
        note=note,
        over_budget=over_budget,
    )
    outbox.set_compressed(client_id, index, result)
    return result


def prepare(outbox: Outbox, client_id: str, settings: Settings, cancel: CancelToken = NEVER) -> list[CompressedFile]:
    """Compress every attachment of a report in this thread (reusing earlier results)."""
    entry = _entry(outbox, client_id)
    return [compress_one(outbox, client_id, i, settings, cancel) for i in range(len(entry.attachments))]


def attention(entry: OutboxEntry | None) -> list[Text]:
    """What the user should hear of how a report's files went out, one sentence per file: a lossy
    file still over its byte budget after every step, a HEIC sent unchanged (no decoder) with its
    metadata. Routine notes (downscaled, lossless, frames kept) are not worth a word."""
    if entry is None:
        return []
    out: list[Text] = []
    for att, c in zip(entry.attachments, entry.compressed, strict=False):
        if c is None or att.send_original:
            continue  # an original is the user's own choice of size
        if c.over_budget:
            out.append(Text(QT_TRANSLATE_NOOP("core", "{name} went out at {size} bytes, over the {budget}-byte budget even "
                                              "made smaller; crop or shorten it for a smaller file."),
                            name=att.filename, size=f"{c.size:,}", budget=f"{c.byte_budget:,}"))
        elif c.content_type == "image/heic":
            out.append(Text(QT_TRANSLATE_NOOP("core", "{name} went out unchanged, its metadata (a photo's location among "
                                              "it) too: no HEIC decoder is installed."), name=att.filename))
    return out


def build_submission(entry: OutboxEntry) -> tuple[dict, list[tuple[str, Path, str]]]:
    """The wire JSON and the (filename, path, content_type) list for a prepared report."""
    files: list[tuple[str, Path, str]] = []
    infos: list[FileInfo] = []
    for i, att in enumerate(entry.attachments):
        c = entry.compressed[i] if i < len(entry.compressed) else None
        if c is None:
            raise TransientError(
                Text(QT_TRANSLATE_NOOP("core", "Attachment {name} is not prepared yet; it will be prepared on the next try."),
                     name=att.filename)
            )
        files.append((c.filename, c.path, c.content_type))
        infos.append(FileInfo(c.filename, c.size, c.sha256, att.markup))
    return build_report_json(entry.client_id, entry.fields, entry.environment, infos), files


def _renamed(message: object, old: str, new: str) -> str:
    """``message`` with ``old`` replaced by ``new`` in its arguments (a Text stays a Text)."""
    if isinstance(message, Text):
        return Text(message.template, **{k: _renamed(v, old, new) if isinstance(v, str) else v
                                          for k, v in message.args.items()})
    return str(message).replace(old, new)


def _wrong_url_advice(client_id: str, destination: str | None) -> Text:
    if destination is None:
        return Text(QT_TRANSLATE_NOOP("core", "The URL is the one in Settings: correct it there, then Retry the report."))
    return Text(QT_TRANSLATE_NOOP("core", "The report was filed for that URL: `bugzot outbox retry {id} --server URL` puts it "
                                  "back in the queue for the right URL, and `bugzot outbox flush` sends it."), id=client_id)


def token_command(url: str) -> str:
    """The one command that sends the reports filed for ``url`` with a token given now (also those it refused)."""
    return f"`bugzot outbox flush --server {url} --token TOKEN`"


def _token_advice(destination: str | None, token_sent: bool) -> Text:
    if destination is None:  # the Settings server: its token is the one in Settings
        return Text(QT_TRANSLATE_NOOP("core", "Set it in Settings → API token, then Retry the report."))
    if token_sent:
        return Text(QT_TRANSLATE_NOOP("core", "The report was filed for that server: {command} sends it with the right "
                                      "token."), command=token_command(destination))
    return Text(QT_TRANSLATE_NOOP("core", "It waits there: no token is kept for that server (the Settings token goes only to "
                                  "the Settings server), and {command} sends it."), command=token_command(destination))


def _templates(message: object) -> set[str]:
    """The templates a message was built from, nested arguments included (empty for a plain str)."""
    if not isinstance(message, Text):
        return set()
    found = {message.template}
    for value in message.args.values():
        found |= _templates(value)
    return found


def refusal_of(message: object) -> str:
    """:data:`WRONG_URL` or :data:`TOKEN` when a stored last error (an OutboxEntry's) says the URL or the token was
    refused, else "" (also for an error stored before schema 3, as plain English)."""
    used = _templates(message)
    if used & {NOT_A_BUGZOT_SERVER, REDIRECTED}:
        return WRONG_URL
    if used & {TOKEN_MISSING, TOKEN_WRONG}:
        return TOKEN
    return ""


def unexpected_error_message(exc: BaseException) -> Text:
    """What a bug in the delivery path says (the report is retried with a backoff, never lost)."""
    return Text(QT_TRANSLATE_NOOP("core", "Unexpected error while sending ({error}); the report stays in the outbox and will be "
                                  "retried."), error=repr(exc))


def settle_error(outbox: Outbox, client_id: str, exc: BaseException) -> DeliveryOutcome:
    """Record a failed attempt on a claimed report: retry later, fail for good, or give back."""
    entry = outbox.get(client_id)
    dest = entry.destination if entry is not None else None
    if isinstance(exc, CancelledError):
        outbox.release(client_id)
        return DeliveryOutcome(client_id, CANCELLED, Text(QT_TRANSLATE_NOOP("core", "Cancelled; the report stays in the outbox.")),
                               destination=dest)
    message = _message(exc)
    if isinstance(exc, TransientError):
        when = outbox.mark_retry(client_id, message, exc.retry_after)
        offline = isinstance(exc, ServerUnreachableError)
        if offline:
            # The others bound for the same dead server would only meet it now; other servers' reports go on.
            outbox.postpone_due(when, destination=dest)
        return DeliveryOutcome(client_id, RETRY, message, next_attempt_at=when, offline=offline, destination=dest)
    if isinstance(exc, TokenRefusedError):
        msg = Text(QT_TRANSLATE_NOOP("core", "{problem} {advice}"), problem=message,
                   advice=_token_advice(dest, exc.token_sent))
        if dest is not None and not exc.token_sent:
            # Filed for its own server, which no token is kept for (none without a keyring; the Settings token
            # never goes there): only a token handed to `outbox flush` can send it. Not the report's fault, so
            # it waits instead of failing for good; a long wait, so the app does not meet the same 401 every
            # few seconds (`outbox flush` ignores the wait).
            when = outbox.mark_retry(client_id, msg, TOKEN_WAIT_S)
            return DeliveryOutcome(client_id, RETRY, msg, next_attempt_at=when, destination=dest, refusal=TOKEN)
        outbox.mark_failed(client_id, msg)
        return DeliveryOutcome(client_id, FAILED, msg, destination=dest, refusal=TOKEN)
    if isinstance(exc, (PermanentError, BadInputError)):
        msg = message
        refusal = ""
        if isinstance(exc, NotABugzotServerError):
            msg = Text(QT_TRANSLATE_NOOP("core", "{problem} {advice}"), problem=message, advice=_wrong_url_advice(client_id, dest))
            refusal = WRONG_URL
        outbox.mark_failed(client_id, msg)
        return DeliveryOutcome(client_id, FAILED, msg, destination=dest, refusal=refusal)
    if isinstance(exc, OSError):  # disk trouble while preparing: worth another try
        msg = Text(QT_TRANSLATE_NOOP("core", "Preparing the report failed ({reason}); it stays in the outbox and will be retried."),
                   reason=str(exc))
        when = outbox.mark_retry(client_id, msg)
        return DeliveryOutcome(client_id, RETRY, msg, next_attempt_at=when, destination=dest)
    # A bug: back off like a transient error so it cannot spin, and say so.
    log.exception("unexpected error delivering %s", client_id, exc_info=exc)
    msg = unexpected_error_message(exc)
    when = outbox.mark_retry(client_id, msg)
    return DeliveryOutcome(client_id, RETRY, msg, next_attempt_at=when, destination=dest)


def _message(exc: BaseException) -> str:
    """The message an error was raised with: its Text when it has one (kept for translation), else str(exc)."""
    message = message_of(exc)
    return message if isinstance(message, str) else str(exc)


def send_claimed(
    outbox: Outbox,
    client: SubmitClient,
    client_id: str,
    cancel: CancelToken = NEVER,
    progress: ProgressFn | None = None,
) -> DeliveryOutcome:
    """Submit a claimed, prepared report and record the outcome (never raises for send errors)."""
    try:
        entry = _entry(outbox, client_id)
        report_json, files = build_submission(entry)
        result = client.submit(report_json, files, progress=progress, cancel=cancel)
    except Exception as exc:
        return settle_error(outbox, client_id, exc)
    except BaseException:
        outbox.release(client_id)
        raise
    outbox.mark_sent(client_id, result.id, result.url)
    return DeliveryOutcome(
        client_id, SENT, url=result.url, server_id=result.id, created=result.created, destination=entry.destination
    )


def deliver_one(
    outbox: Outbox,
    client: SubmitClient,
    client_id: str,
    settings: Settings,
    cancel: CancelToken = NEVER,
    progress: ProgressFn | None = None,
) -> DeliveryOutcome:
    """Claim, prepare, submit and record one report, all in this thread."""
    if not outbox.claim(client_id):
        return DeliveryOutcome(
            client_id, BUSY, Text(QT_TRANSLATE_NOOP("core", "Another sender has this report, or it is no longer waiting."))
        )
    try:
        prepare(outbox, client_id, settings, cancel)
    except Exception as exc:
        return settle_error(outbox, client_id, exc)
    except BaseException:
        outbox.release(client_id)
        raise
    return send_claimed(outbox, client, client_id, cancel, progress)


def destination_of(entry: OutboxEntry, settings: Settings) -> str:
    """The server URL a report goes to: its own destination, else the one in the settings."""
    return entry.destination or settings.server_url


def deliver_due(
    outbox: Outbox,
    client_factory: Callable[[], SubmitClient],
    settings: Settings,
    *,
    ignore_backoff: bool = False,
    cancel: CancelToken = NEVER,
    on_outcome: Callable[[DeliveryOutcome], None] | None = None,
    destination_factory: Callable[[str], SubmitClient] | None = None,
    select: Callable[[OutboxEntry], bool] | None = None,
) -> list[DeliveryOutcome]:
    """Try every due report once (all queued ones with ``ignore_backoff``), oldest first.

    ``client_factory()`` makes the client for reports without a destination (they follow the
    settings); ``destination_factory(url)`` the one for reports filed for their own server
    (default: :func:`client_for` with the token kept for that URL). One client per server per
    pass. ``select`` limits the pass to some reports (e.g. those for one server).

    A server that turns out unreachable is skipped for the rest of the pass: its other
    reports would only wait out the same timeouts (they stay queued for the next pass);
    reports for other servers are still tried.
    """
    make_for = destination_factory or (lambda url: client_for(settings, server_url=url))
    if ignore_backoff:
        if select is None:
            outbox.retry_all_now()
        else:
            outbox.retry_all_now([e.client_id for e in outbox.list([QUEUED]) if select(e)])
    outcomes: list[DeliveryOutcome] = []
    clients: dict[str | None, SubmitClient] = {}
    unreachable: set[str | None] = set()
    try:
        for entry in outbox.due():
            if select is not None and not select(entry):
                continue
            key = entry.destination
            if key in unreachable:
                continue
            cancel.check()
            if key not in clients:
                clients[key] = client_factory() if key is None else make_for(key)
            out = deliver_one(outbox, clients[key], entry.client_id, settings, cancel)
            outcomes.append(out)
            if on_outcome is not None:
                on_outcome(out)
            if out.offline:
                unreachable.add(key)
    finally:
        for c in clients.values():
            c.close()
    return outcomes


def requeue_after_settings_change(outbox: Outbox, old: Settings, new: Settings) -> list[str]:
    """Put back in the queue, due now, the failed reports that follow the settings and were refused for what
    the user may just have corrected there: the URL (when it changed) or the token. Returns their ids.

    The token is not compared (a keyring keeps it outside the settings): a token refusal is tried once more
    on any change, which costs one request if the token is still wrong."""
    url_changed = not same_server(old.server_url, new.server_url)
    wanted = {TOKEN, WRONG_URL} if url_changed else {TOKEN}
    ids = [e.client_id for e in outbox.list([FAILED_STATE])
           if e.destination is None and refusal_of(e.last_error) in wanted]
    return [cid for cid in ids if outbox.retry_now(cid)]


def client_for(settings: Settings, *, server_url: str | None = None, token: str | None = None) -> SubmitClient:
    """A SubmitClient for ``server_url`` (default: the settings' server) with the token kept for that URL.

    The settings file's token goes only to the settings' own server (core.settings.read_token)."""
    url = server_url or settings.server_url
    return SubmitClient(
        url,
        read_token(settings, url) if token is None else token,
        connect_timeout=settings.connect_timeout_s,
        read_timeout=settings.read_timeout_s,
    )


def _entry(outbox: Outbox, client_id: str) -> OutboxEntry:
    entry = outbox.get(client_id)
    if entry is None:
        raise PermanentError(Text(QT_TRANSLATE_NOOP("core", "Report {id} is no longer in the outbox (it was deleted)."), id=client_id))
    return entry
