"""Dependencies shared by routers: the app's collaborators and access checks."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from bugzot_server import tokens
from bugzot_server.config import Settings
from bugzot_server.db import Database
from bugzot_server.errors import ClientError
from bugzot_server.jobs import JobRunner
from bugzot_server.storage import Storage


# async: FastAPI runs a plain `def` dependency in the thread pool, a hop per dependency per request
# (four of them cost the upload ~1 ms of the event loop's time); these only read app.state.
async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_storage(request: Request) -> Storage:
    return request.app.state.storage


async def get_jobs(request: Request) -> JobRunner:
    return request.app.state.jobs


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
DbDep = Annotated[Database, Depends(get_db)]
StorageDep = Annotated[Storage, Depends(get_storage)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]

API_401 = (
    "This API needs a token: send 'Authorization: Bearer <token>'. "
    "An administrator creates one with 'bugzot-server token create NAME'."
)
API_401_UNKNOWN = (
    "The API token was not recognised (revoked or mistyped); send a current one as 'Authorization: Bearer <token>'. "
    "An administrator sees the active tokens with 'bugzot-server token list' and makes one with "
    "'bugzot-server token create NAME'."
)
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="bugzot"'}
# RFC 6750 3.1: a token that was sent but is not valid gets error="invalid_token"; a missing one no error code.
BEARER_INVALID = {"WWW-Authenticate": 'Bearer realm="bugzot", error="invalid_token"'}


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _basic_password(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2] or None


async def require_token(request: Request, settings: SettingsDep, db: DbDep) -> None:
    """The API's gate: a valid Bearer token, unless the server runs open.

    Open, a browser post from another site is refused: any page the user visits could otherwise
    file reports into a loopback server with a plain form (multipart needs no CORS preflight).
    """
    if settings.open:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            await refuse_cross_site(request)
        return
    secret = _bearer(request)
    if secret is None:
        raise ClientError(401, API_401, BEARER_CHALLENGE)
    if not (tokens.cached_ok(db, secret) or await run_in_threadpool(tokens.verify, db, secret)):
        raise ClientError(401, API_401_UNKNOWN, BEARER_INVALID)


PAGES_401 = "These pages need a token: sign in with any user name and an API token as the password."
STATUS_401 = (
    "Closing or reopening a report needs a token: sign in with any user name and an API token as the password."
)
# A token was given (Basic password or Bearer) but is unknown or revoked: say so, not "needs a token".
PAGE_TOKEN_UNKNOWN = (
    "The token given was not recognised (revoked or mistyped); "
    "sign in again with any user name and a current API token as the password."
)
BASIC_CHALLENGE = {"WWW-Authenticate": 'Basic realm="BugZot", charset="UTF-8"'}


async def _page_token(request: Request, db: Database) -> bool | None:
    """None when no token was sent; else whether it is valid (Bearer, or Basic with the token as password)."""
    secret = _bearer(request) or _basic_password(request)
    if secret is None:
        return None
    return tokens.cached_ok(db, secret) or await run_in_threadpool(tokens.verify, db, secret)


async def page_token_ok(request: Request, db: DbDep) -> bool:
    """True when the request carries a valid token: Bearer, or Basic auth with the token as password."""
    return bool(await _page_token(request, db))


async def require_page_access(request: Request, settings: SettingsDep, db: DbDep) -> None:
    """The pages' gate when ``protect_pages`` is on: a Bearer token, or Basic auth with the token as password."""
    if settings.open or not settings.protect_pages:
        return
    valid = await _page_token(request, db)
    if not valid:
        raise ClientError(401, PAGES_401 if valid is None else PAGE_TOKEN_UNKNOWN, BASIC_CHALLENGE)


async def refuse_cross_site(request: Request) -> None:
    """A form post from another site's page (CSRF) is refused before any sign-in is asked for.

    ``Origin: null`` counts as foreign: it is what sandboxed frames, data: pages and some
    redirects send, so any web page can produce it. Our own report page sends its origin.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return  # not a browser form post (curl, scripts): the token check decides
    if origin.strip().lower() == "null":
        raise ClientError(
            403, "Form posts from a page without an origin (a sandboxed frame or a data: page) are refused; "
            "use the report page on this server."
        )
    if urlsplit(origin).netloc != request.headers.get("host", ""):
        raise ClientError(403, "Cross-site form posts are refused; use the report page on this server.")


async def require_page_change(request: Request, settings: SettingsDep, db: DbDep) -> None:
    """Changing a report from the pages needs a token even where reading them does not (unless open).

    The 401 carries a Basic challenge, so a browser asks for the token and sends the form again.
    """
    if settings.open:
        return
    valid = await _page_token(request, db)
    if not valid:
        raise ClientError(401, STATUS_401 if valid is None else PAGE_TOKEN_UNKNOWN, BASIC_CHALLENGE)


def base_url(request: Request, settings: Settings) -> str:
    """Where this server is reachable, for absolute URLs in answers."""
    return (settings.public_url or str(request.base_url)).rstrip("/")
