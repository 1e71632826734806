"""The one delivery path: claim → prepare (compress) → submit → mark.

The CLI, the background flusher and the soak bench all deliver through these
functions. :func:`deliver_one` does every step in the calling thread; the steps
are public so the flusher can run :func:`compress_one` for each attachment as
parallel pool tasks and then :func:`send_claimed` as the upload task.

Exactly once: the report's client_id is the server's idempotency key, so any
re-send after an unknown outcome (timeout, reset, lost response) stores nothing
twice; a report is only marked sent when the server has answered with its id.
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
from bugzot_desktop.core.client import ProgressFn, ServerUnreachableError, SubmitClient
from bugzot_desktop.core.errors import BadInputError, CancelledError, ImageError, PermanentError, TransientError
from bugzot_desktop.core.outbox import COMPRESSED_DIR, CompressedFile, Outbox, OutboxEntry
from bugzot_desktop.core.settings import Settings, read_token
from bugzot_desktop.core.wire import FileInfo, build_report_json, clean_filename, sha256_file

log = logging.getLogger(__name__)

SENT, RETRY, FAILED, BUSY, CANCELLED = "sent", "retry", "failed", "busy", "cancelled"


@dataclass(frozen=True)
class DeliveryOutcome:
    """How one delivery attempt ended.

    status: ``sent`` (url/server_id set), ``retry`` (queued again; next_attempt_at),
    ``failed`` (permanent; message is the reason), ``busy`` (someone else is sending it),
    ``cancelled`` (given back to the queue untried). ``offline``: the server could not be
    reached at all (no HTTP answer), as opposed to busy or failing.
    """

    client_id: str
    status: str
    message: str = ""
    url: str = ""
    server_id: str = ""
    next_attempt_at: float | None = None
    created: bool = True
    offline: bool = False


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
        path, ctype = att.path, kind.content_type
        filename = clean_filename(att.filename)
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
                str(exc).replace(att.path.name, att.filename) + " The report is kept in the outbox: remove or "
                "replace that attachment, then send it again.",
                path=str(att.path),
            ) from None
        path, ctype, note = Path(res.path), res.content_type, res.note
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
    )
    outbox.set_compressed(client_id, index, result)
    return result


def prepare(outbox: Outbox, client_id: str, settings: Settings, cancel: CancelToken = NEVER) -> list[CompressedFile]:
    """Compress every attachment of a report in this thread (reusing earlier results)."""
    entry = _entry(outbox, client_id)
    return [compress_one(outbox, client_id, i, settings, cancel) for i in range(len(entry.attachments))]


def build_submission(entry: OutboxEntry) -> tuple[dict, list[tuple[str, Path, str]]]:
    """The wire JSON and the (filename, path, content_type) list for a prepared report."""
    files: list[tuple[str, Path, str]] = []
    infos: list[FileInfo] = []
    for i, att in enumerate(entry.attachments):
        c = entry.compressed[i] if i < len(entry.compressed) else None
        if c is None:
            raise TransientError(f"Attachment {att.filename} is not prepared yet; it will be prepared on the next try.")
        files.append((c.filename, c.path, c.content_type))
        infos.append(FileInfo(c.filename, c.size, c.sha256, att.markup))
    return build_report_json(entry.client_id, entry.fields, entry.environment, infos), files


def settle_error(outbox: Outbox, client_id: str, exc: BaseException) -> DeliveryOutcome:
    """Record a failed attempt on a claimed report: retry later, fail for good, or give back."""
    if isinstance(exc, CancelledError):
        outbox.release(client_id)
        return DeliveryOutcome(client_id, CANCELLED, "Cancelled; the report stays in the outbox.")
    if isinstance(exc, TransientError):
        when = outbox.mark_retry(client_id, str(exc), exc.retry_after)
        offline = isinstance(exc, ServerUnreachableError)
        if offline:
            outbox.postpone_due(when)  # the others would meet the same dead server now
        return DeliveryOutcome(client_id, RETRY, str(exc), next_attempt_at=when, offline=offline)
    if isinstance(exc, (PermanentError, BadInputError)):
        outbox.mark_failed(client_id, str(exc))
        return DeliveryOutcome(client_id, FAILED, str(exc))
    if isinstance(exc, OSError):  # disk trouble while preparing: worth another try
        msg = f"Preparing the report failed ({exc}); it stays in the outbox and will be retried."
        when = outbox.mark_retry(client_id, msg)
        return DeliveryOutcome(client_id, RETRY, msg, next_attempt_at=when)
    # A bug: back off like a transient error so it cannot spin, and say so.
    log.exception("unexpected error delivering %s", client_id, exc_info=exc)
    msg = f"Unexpected error while sending ({exc!r}); the report stays in the outbox and will be retried."
    when = outbox.mark_retry(client_id, msg)
    return DeliveryOutcome(client_id, RETRY, msg, next_attempt_at=when)


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
    return DeliveryOutcome(client_id, SENT, url=result.url, server_id=result.id, created=result.created)


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
        return DeliveryOutcome(client_id, BUSY, "Another sender has this report, or it is no longer waiting.")
    try:
        prepare(outbox, client_id, settings, cancel)
    except Exception as exc:
        return settle_error(outbox, client_id, exc)
    except BaseException:
        outbox.release(client_id)
        raise
    return send_claimed(outbox, client, client_id, cancel, progress)


def deliver_due(
    outbox: Outbox,
    client_factory: Callable[[], SubmitClient],
    settings: Settings,
    *,
    ignore_backoff: bool = False,
    cancel: CancelToken = NEVER,
    on_outcome: Callable[[DeliveryOutcome], None] | None = None,
) -> list[DeliveryOutcome]:
    """Try every due report once (all queued ones with ``ignore_backoff``), oldest first.

    Stops at the first report that finds the server unreachable: the others would only
    wait out the same timeouts; they stay queued for the next pass.
    """
    if ignore_backoff:
        outbox.retry_all_now()
    outcomes: list[DeliveryOutcome] = []
    with client_factory() as client:
        for entry in outbox.due():
            cancel.check()
            out = deliver_one(outbox, client, entry.client_id, settings, cancel)
            outcomes.append(out)
            if on_outcome is not None:
                on_outcome(out)
            if out.offline:
                break
    return outcomes


def client_for(settings: Settings, *, server_url: str | None = None, token: str | None = None) -> SubmitClient:
    """A SubmitClient built from settings (command-line values win)."""
    return SubmitClient(
        server_url or settings.server_url,
        read_token(settings) if token is None else token,
        connect_timeout=settings.connect_timeout_s,
        read_timeout=settings.read_timeout_s,
    )


def _entry(outbox: Outbox, client_id: str) -> OutboxEntry:
    entry = outbox.get(client_id)
    if entry is None:
        raise PermanentError(f"Report {client_id} is no longer in the outbox (it was deleted).")
    return entry
