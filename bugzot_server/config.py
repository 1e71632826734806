"""Server settings: one typed object, read from the environment, every limit in one place.

The CLI turns its options into environment variables (so several uvicorn worker
processes see the same settings); tests build ``Settings(...)`` directly and pass
it to ``create_app``. No FastAPI import here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bugzot_desktop.core.imaging import DEFAULT_MAX_PIXELS
from bugzot_desktop.core.wire import MAX_ATTACHMENTS

DATA_DIR_ENV = "BUGZOT_SERVER_DATA_DIR"
DATABASE_URL_ENV = "BUGZOT_DATABASE_URL"
OPEN_ENV = "BUGZOT_OPEN"
# Fields whose environment name is not BUGZOT_<FIELD>. Only these names set them: the desktop
# app's BUGZOT_DATA_DIR (or a bare DATA_DIR / OPEN / DATABASE_URL) must never point the server elsewhere.
_ENV_NAMES = {"data_dir": DATA_DIR_ENV, "database_url": DATABASE_URL_ENV, "open": OPEN_ENV}


class DataDirError(ValueError):
    """The data dir is a file or cannot be created; the message names it and says what to do."""


def check_public_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host (the base of the URLs in answers), else ValueError."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"{url!r} is not an http:// or https:// URL with a host (e.g. https://bugs.example.com)")
    return url.strip()


class Settings(BaseSettings):
    """Everything the server can be told. Environment names are ``BUGZOT_<FIELD>`` unless noted."""

    # No populate_by_name: with it, pydantic-settings also reads BUGZOT_DATA_DIR (prefix + field
    # name). Keyword arguments by field name are mapped to the env names in _by_field_name.
    model_config = SettingsConfigDict(env_prefix="BUGZOT_", extra="ignore")

    data_dir: Path | None = Field(default=None, validation_alias=DATA_DIR_ENV)
    database_url: str | None = Field(default=None, validation_alias=DATABASE_URL_ENV)
    # Without tokens: for a local single-user setup only (`make run`).
    open: bool = Field(default=False, validation_alias=OPEN_ENV)
    # Require a token (Bearer, or Basic with the token as password) for the HTML pages too.
    protect_pages: bool = False
    public_url: str = ""  # base for absolute URLs in responses; empty: from the request

    # Hostile-input limits. Each appears in the message that refuses a request.
    max_request_bytes: int = 64 * 1024 * 1024
    max_files: int = MAX_ATTACHMENTS
    max_file_bytes: int = 25 * 1024 * 1024
    max_pixels: int = DEFAULT_MAX_PIXELS  # the desktop's own limit: what it may capture, we accept
    max_bundle_bytes: int = 512 * 1024 * 1024
    max_report_json_bytes: int = 4 * 1024 * 1024

    # Background post-processing.
    thumbnail_edge: int = 256
    preview_edge: int = 1280
    job_max_attempts: int = 3
    job_lease_seconds: float = 30.0  # renewed while the job runs; a job whose claimer vanished runs again after this
    job_retry_seconds: float = 2.0  # first retry delay; doubles per attempt
    job_processes: int = 1  # CPU work runs in this many worker processes; 0 = in a thread (tests)
    job_threads: int = 1  # in-app job claimers; 0 = none (use `bugzot-server worker`)
    job_poll_seconds: float = 2.0

    page_size: int = 25

    @field_validator("public_url")
    @classmethod
    def _public_url_is_http(cls, value: str) -> str:
        return check_public_url(value) if value else value

    @model_validator(mode="before")
    @classmethod
    def _by_field_name(cls, data: Any) -> Any:
        """``Settings(data_dir=...)`` works, and a keyword argument beats the environment."""
        if isinstance(data, dict):
            data = dict(data)
            for name, env_name in _ENV_NAMES.items():
                if name in data:
                    data[env_name] = data.pop(name)
        return data

    def resolved_data_dir(self) -> Path:
        """The data dir, created: the setting, else the platform's user data dir."""
        path = self.data_dir or Path(platformdirs.user_data_dir("bugzot-server", appauthor=False))
        if path.exists() and not path.is_dir():
            raise DataDirError(f"Data dir {path} is a file, not a folder; choose a folder for --data-dir (or {DATA_DIR_ENV}).")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataDirError(
                f"Data dir {path} cannot be created ({exc.strerror or exc}); choose a folder you can write to "
                f"for --data-dir (or {DATA_DIR_ENV})."
            ) from None
        return path.resolve()

    def resolved_database_url(self) -> str:
        """SQLAlchemy URL: the setting (postgresql:// means psycopg 3), else SQLite in the data dir."""
        url = self.database_url
        if not url:
            return f"sqlite:///{self.resolved_data_dir() / 'bugzot.sqlite3'}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url

    def env(self) -> dict[str, str]:
        """These settings as environment variables, for child processes (uvicorn workers)."""
        out: dict[str, str] = {}
        for name, value in self.model_dump().items():
            if value is None:
                continue
            key = _ENV_NAMES.get(name, f"BUGZOT_{name.upper()}")
            out[key] = str(int(value)) if isinstance(value, bool) else str(value)
        return out


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings from the environment (cached; tests pass their own)."""
    return Settings()


def is_loopback(host: str) -> bool:
    """True for hosts only this machine can reach."""
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


