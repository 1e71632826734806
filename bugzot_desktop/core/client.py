"""The HTTP submit client: one POST per try, streamed, with progress and cancellation.

Retrying is the outbox's job, not the HTTP layer's: the POST is never re-sent by
urllib3 (a re-send after the body went out could bypass the outbox's bookkeeping);
only the idempotent ``GET /health`` retries connection establishment. Every failure
becomes a :class:`TransientError` (try later) or :class:`PermanentError` (the server
refused this report), with a message that says what happened and what to do.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests_toolbelt import MultipartEncoder, MultipartEncoderMonitor
from urllib3.util.retry import Retry

from bugzot_desktop import __version__
from bugzot_desktop.core.cancel import NEVER, CancelToken
from bugzot_desktop.core.errors import PermanentError, TransientError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.core.wire import FILES_PART, HEALTH_PATH, REPORT_PART, REPORTS_PATH

ProgressFn = Callable[[int, int], None]


class ServerUnreachableError(TransientError):
    """Nothing answered: connection refused, reset or broken before any HTTP response."""


class TokenRefusedError(PermanentError):
    """401/403: the server wants an API token it was not given. ``token_sent``: whether the request carried one
    (none: the token is missing for that server; one: it is wrong or revoked). Delivery adds what to do."""

    def __init__(self, message: str, *, status: int, token_sent: bool) -> None:
        super().__init__(message, status=status)
        self.token_sent = token_sent


# The client's own words for a token refusal (delivery and the outbox's last error recognise them by these).
TOKEN_MISSING = QT_TRANSLATE_NOOP("core", "The server at {url} needs an API token ({status}) and none was sent; the report is "
                                  "kept in the outbox.")
TOKEN_WRONG = QT_TRANSLATE_NOOP("core", "The server at {url} refused the API token ({status}): it is wrong or revoked; the "
                                "report is kept in the outbox.")
NOT_A_BUGZOT_SERVER = QT_TRANSLATE_NOOP("core", "{url} is not a BugZot server ({path} answered {status}): the server URL is "
                                        "wrong, not the report, which is kept in the outbox.")


REDIRECTED = QT_TRANSLATE_NOOP("core", "The server at {url} redirected the upload ({status} to {location}): the server URL is "
                               "not exactly the server's (http vs https?), and the report is kept in the outbox.")


class NotABugzotServerError(PermanentError):
    """The URL answers HTTP but has no BugZot upload endpoint (404/405), or redirects the upload (3xx, which a
    POST must not follow): the server URL is wrong.

    Permanent for this report as long as it goes to that URL; nothing is wrong with the report. Delivery adds
    where to correct the URL (Settings, or the report's own destination)."""


@dataclass(frozen=True)
class SubmitResult:
    """What the server said about a stored report (``created`` False on an idempotent replay)."""

    id: str
    url: str
    created: bool = True
    api_url: str = ""


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _detail(resp: requests.Response) -> str:
    """The server's ``detail`` message, or a short excerpt of whatever it answered."""
    if "html" in resp.headers.get("Content-Type", "").lower():
        return resp.reason or ""  # an error page written for browsers: its markup says nothing here
    try:
        data = resp.json()
    except ValueError:
        text = " ".join((resp.text or "").split())
        return text[:200]
    if isinstance(data, dict) and "detail" in data:
        d = data["detail"]
        if isinstance(d, list):  # FastAPI validation errors: a list of {loc, msg}
            return "; ".join(
                f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg', '')}" if isinstance(e, dict) else str(e)
                for e in d
            )
        return str(d)
    return json.dumps(data)[:200]


class SubmitClient:
    """Talks to one BugZot server. Not shared between threads: make one per task."""

    def __init__(
        self,
        base_url: str,
        token: str = "",
        session: requests.Session | None = None,
        connect_timeout: float = 5,
        read_timeout: float = 60,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        if session is None:
            # No HTTP-layer retry of any kind for the POST (Retry(0, read=False) is
            # requests' own default; spelled out because it is load-bearing).
            session = requests.Session()
            session.mount("http://", HTTPAdapter(max_retries=Retry(total=0, read=False, redirect=False)))
            session.mount("https://", HTTPAdapter(max_retries=Retry(total=0, read=False, redirect=False)))
            self._owns_session = True
        else:
            self._owns_session = False
        self.session = session
        # A separate session for the idempotent health probe: it may retry connecting.
        self._probe = requests.Session()
        probe_retry = Retry(
            total=2, connect=2, read=0, status=0, redirect=0, allowed_methods={"GET"}, backoff_factor=0.1
        )
        self._probe.mount("http://", HTTPAdapter(max_retries=probe_retry))
        self._probe.mount("https://", HTTPAdapter(max_retries=probe_retry))
        self.user_agent = f"bugzot-desktop/{__version__}"

    def close(self) -> None:
        if self._owns_session:
            self.session.close()
        self._probe.close()

    def __enter__(self) -> SubmitClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _headers(self) -> dict[str, str]:
        h = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def health(self, timeout: float | None = None) -> bool:
        """True when ``GET /health`` answers 200 (cheap connectivity probe; never raises)."""
        t = timeout if timeout is not None else self.timeout[0]
        try:
            r = self._probe.get(self.base_url + HEALTH_PATH, headers=self._headers(), timeout=(t, t))
            return r.status_code == 200
        except requests.RequestException:
            return False

    def submit(
        self,
        report_json: dict[str, Any],
        files: list[tuple[str, Path, str]],
        progress: ProgressFn | None = None,
        cancel: CancelToken = NEVER,
    ) -> SubmitResult:
        """POST one report with its files (filename, path, content_type); one try, no re-send."""
        cancel.check()
        url = self.base_url + REPORTS_PATH
        with ExitStack() as stack:
            parts: list[tuple[str, Any]] = [(REPORT_PART, (None, json.dumps(report_json), "application/json"))]
            for filename, path, ctype in files:
                try:
                    fh = stack.enter_context(open(path, "rb"))
                except OSError as exc:
                    raise TransientError(
                        Text(QT_TRANSLATE_NOOP("core", "Attachment {name} ({path}) could not be read for sending ({reason}); the "
                                               "report stays in the outbox and will be prepared again."),
                             name=filename, path=str(path), reason=exc.strerror or str(exc))
                    ) from None
                parts.append((FILES_PART, (filename, fh, ctype)))
            encoder = MultipartEncoder(fields=parts)
            total = encoder.len

            def on_read(monitor: MultipartEncoderMonitor) -> None:
                # Called as the body streams out: the place to notice cancellation.
                cancel.check()
                if progress is not None:
                    progress(min(monitor.bytes_read, total), total)

            body = MultipartEncoderMonitor(encoder, on_read)
            headers = self._headers() | {"Content-Type": body.content_type}
            try:
                resp = self.session.post(url, data=body, headers=headers, timeout=self.timeout, allow_redirects=False)
            except requests.ConnectTimeout:
                raise ServerUnreachableError(
                    Text(QT_TRANSLATE_NOOP("core", "The server at {url} could not be reached (connection timed out); the report stays "
                                           "in the outbox and will be sent when it is reachable."), url=self.base_url)
                ) from None
            except requests.Timeout:
                raise TransientError(
                    Text(QT_TRANSLATE_NOOP("core", "The server at {url} did not answer in time; the report stays in the outbox and will "
                                           "be retried."), url=self.base_url)
                ) from None
            except requests.ConnectionError as exc:
                reason = _reason(exc)
                if reason in (_REFUSED, _NO_HOST):
                    message = Text(QT_TRANSLATE_NOOP("core", "The server at {url} could not be reached ({reason}); the report stays in "
                                                     "the outbox and will be sent when it is reachable."),
                                   url=self.base_url, reason=reason)
                else:  # connected, then lost: the report may or may not have arrived — a resend is safe
                    message = Text(QT_TRANSLATE_NOOP("core", "The server at {url} dropped the connection ({reason}); the report stays "
                                                     "in the outbox and will be sent when it is reachable."),
                                   url=self.base_url, reason=reason)
                raise ServerUnreachableError(message) from None
            except requests.RequestException as exc:
                raise TransientError(
                    Text(QT_TRANSLATE_NOOP("core", "Sending to {url} failed ({reason}); the report stays in the outbox."),
                         url=self.base_url, reason=str(exc))
                ) from None
        return self._result(resp)

    def _result(self, resp: requests.Response) -> SubmitResult:
        status = resp.status_code
        if status in (200, 201):
            try:
                data = resp.json()
                return SubmitResult(
                    id=str(data["id"]),
                    url=str(data.get("url") or ""),
                    created=bool(data.get("created", status == 201)),
                    api_url=str(data.get("api_url") or ""),
                )
            except (ValueError, KeyError, TypeError):
                raise TransientError(
                    Text(QT_TRANSLATE_NOOP("core", "The server at {url} answered {status} without a report id (is the server URL "
                                           "right?); the report stays in the outbox."), url=self.base_url, status=status),
                    status=status,
                ) from None
        detail = _detail(resp)
        if status in (401, 403):
            # What to do depends on where the report goes (Settings, or its own server): delivery says it.
            raise TokenRefusedError(
                Text(TOKEN_WRONG if self.token else TOKEN_MISSING, url=self.base_url,
                     status="401" if status == 401 else "403 Forbidden"),
                status=status,
                token_sent=bool(self.token),
            )
        if status == 501:
            # "Not Implemented": a web server without the upload endpoint (python -m http.server answers POST so).
            raise NotABugzotServerError(
                Text(NOT_A_BUGZOT_SERVER, url=self.base_url, path=REPORTS_PATH, status="501 Not Implemented"),
                status=status,
            )
        if status in (408, 429) or status >= 500:
            raise TransientError(
                Text(QT_TRANSLATE_NOOP("core", "The server at {url} is busy or failing ({answer}); the report stays in the outbox "
                                       "and will be retried."), url=self.base_url, answer=_answer(status, detail)),
                status=status,
                retry_after=parse_retry_after(resp.headers.get("Retry-After")),
            )
        if status in (404, 405):
            # A BugZot server always has the upload endpoint: this URL is not (the root of) one.
            raise NotABugzotServerError(
                Text(NOT_A_BUGZOT_SERVER, url=self.base_url, path=REPORTS_PATH,
                     status=f"{status} Not Found" if status == 404 else f"{status} Method Not Allowed"),  # HTTP's words
                status=status,
            )
        if 300 <= status < 400:
            raise NotABugzotServerError(
                Text(REDIRECTED, url=self.base_url, status=status, location=resp.headers.get("Location", "?")),
                status=status,
            )
        if status == 413:
            raise PermanentError(
                Text(QT_TRANSLATE_NOOP("core", "The server refused the report as too large ({answer}). Remove or shrink an attachment "
                                       "(turn Send original off for a large file, or lower the longest edge in Settings), "
                                       "then send it again; the report is kept in the outbox."), answer=_answer(status, detail)),
                status=status,
            )
        raise PermanentError(
            Text(QT_TRANSLATE_NOOP("core", "The server refused the report ({answer}). Edit the report and send it again; it is kept "
                                   "in the outbox."), answer=_answer(status, detail)),
            status=status,
        )


def _answer(status: int, detail: str) -> str:
    """The status and the server's own words, as the server sent them: "413: Too big"."""
    return f"{status}: {detail}" if detail else str(status)


_REFUSED = QT_TRANSLATE_NOOP("core", "connection refused")
_NO_HOST = QT_TRANSLATE_NOOP("core", "host name not found")


def _reason(exc: Exception) -> str:
    """A short human reason from a requests ConnectionError chain (a Text, or the error's own words)."""
    text = str(exc)
    for needle, reason in (
        ("Connection refused", _REFUSED),
        ("Connection reset", QT_TRANSLATE_NOOP("core", "connection reset")),
        ("RemoteDisconnected", QT_TRANSLATE_NOOP("core", "the connection closed before an answer")),
        ("Name or service not known", _NO_HOST),
        ("nodename nor servname", _NO_HOST),
        ("Broken pipe", QT_TRANSLATE_NOOP("core", "connection broken")),
        ("timed out", QT_TRANSLATE_NOOP("core", "timed out")),
    ):
        if needle in text:
            return Text(reason)
    return text[:160]
