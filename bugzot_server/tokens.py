"""API tokens: created once, shown once, stored as SHA-256 only. No FastAPI here.

Tokens are 256-bit random strings, so a plain SHA-256 (no salt, no slow hash)
is enough: guessing is hopeless, and a fast hash keeps every request cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select

from bugzot_server.db import Database, Token, utcnow
from bugzot_server.errors import ClientError

PREFIX = "bzt_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: never the secret itself."""

    name: str
    created_at: str
    revoked: bool


def create(db: Database, name: str) -> str:
    """Make a token called ``name`` and return its secret (the only time it is seen)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ClientError(422, "Token name must be 1 to 100 characters.")
    secret = PREFIX + secrets.token_urlsafe(32)
    with db.write() as s:
        old = s.scalar(select(Token).where(Token.name == name))
        if old is not None and old.revoked_at is None:
            raise ClientError(409, f"A token named {name!r} exists; revoke it first or pick another name.")
        if old is not None:
            s.delete(old)
            s.flush()
        s.add(Token(name=name, token_hash=hash_token(secret)))
    return secret


def list_tokens(db: Database) -> list[TokenInfo]:
    with db.read() as s:
        rows = s.scalars(select(Token).order_by(Token.name)).all()
        return [TokenInfo(t.name, t.created_at.isoformat(timespec="seconds"), t.revoked_at is not None) for t in rows]


def revoke(db: Database, name: str) -> None:
    with db.write() as s:
        tok = s.scalar(select(Token).where(Token.name == name, Token.revoked_at.is_(None)))
        if tok is None:
            raise ClientError(404, f"No active token named {name!r}; see 'bugzot-server token list'.")
        tok.revoked_at = utcnow()
    clear_cache()


# Verified digests, briefly: a request then needs no database round trip (and no thread hop)
# for its token. A revocation by another process takes effect within CACHE_SECONDS;
# one in this process (and every create) clears the cache at once.
CACHE_SECONDS = 5.0
_cache: dict[tuple[str, str], float] = {}  # (database URL, digest) -> expiry
_cache_lock = threading.Lock()


def cached_ok(db: Database, secret: str) -> bool:
    """True when ``secret`` was verified against this database less than CACHE_SECONDS ago."""
    expires = _cache.get((db.url, hash_token(secret)))
    return expires is not None and expires > time.monotonic()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def verify(db: Database, secret: str) -> bool:
    """True when ``secret`` is an active token."""
    digest = hash_token(secret)
    with db.read() as s:
        stored = s.scalar(select(Token.token_hash).where(Token.token_hash == digest, Token.revoked_at.is_(None)))
    ok = stored is not None and hmac.compare_digest(stored, digest)
    if ok:
        with _cache_lock:
            if len(_cache) > 10_000:  # bounded: a flood of distinct valid tokens cannot grow it
                _cache.clear()
            _cache[(db.url, digest)] = time.monotonic() + CACHE_SECONDS
    return ok
