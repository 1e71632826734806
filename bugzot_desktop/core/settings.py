"""User settings: one dataclass holds every default; persisted as JSON in the data dir."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import weakref
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from bugzot_desktop.core.errors import BadInputError

SETTINGS_FILE = "settings.json"
DEFAULT_SERVER_URL = "http://127.0.0.1:8000"


@dataclass
class Settings:
    """Every user-tunable value and its default, in one place."""

    server_url: str = DEFAULT_SERVER_URL
    api_token: str = ""
    max_edge: int = 1920
    byte_budget: int = 300_000
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 60.0
    log_lines: int = 200
    # Show every item that would be sent, each untickable, before a report is queued.
    review_before_send: bool = True
    log_file: str = ""  # a log whose last log_lines lines are offered with each report

    def validate(self) -> None:
        if not self.server_url.startswith(("http://", "https://")):
            raise BadInputError(f"Server URL {self.server_url!r} must start with http:// or https://.", field="server_url")
        if not 64 <= self.max_edge <= 16384:
            raise BadInputError(f"Longest edge {self.max_edge} must be between 64 and 16384 pixels.", field="max_edge")
        if self.byte_budget < 10_000:
            raise BadInputError(f"Byte budget {self.byte_budget} must be at least 10000 bytes.", field="byte_budget")


def load_settings(data_dir: Path) -> Settings:
    """Read settings; a missing file gives defaults; unknown keys are ignored."""
    path = data_dir / SETTINGS_FILE
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        raise BadInputError(f"Settings file {path} could not be read ({exc}); fix or delete it.", path=str(path)) from None
    known = {f.name: f.type for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    try:
        return Settings(**values)
    except TypeError as exc:
        raise BadInputError(f"Settings file {path} is invalid: {exc}", path=str(path)) from None


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write settings atomically (temp file + rename), readable only by the user."""
    settings.validate()
    path = data_dir / SETTINGS_FILE
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(settings), fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


KEYRING_SERVICE = "bugzot"

# Imported with this module (at start-up), not by the first upload worker that needs a token:
# an import holds the GIL for its whole run, which stalled the GUI thread ~30 ms (bench/ui_stall.py).
try:
    import keyring as _keyring_lib
    from keyring.backends import fail as _keyring_fail
except ImportError:  # keyring is a dependency; a stripped-down install still works with the file
    _keyring_lib = None

# Tokens read from each keyring backend, by server URL: a Secret Service lookup is a D-Bus round trip
# (and may prompt to unlock), so it happens once per process, not on every upload.
_token_cache: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
_token_cache_lock = threading.Lock()


def _keyring() -> Any | None:
    """The system keyring backend, or None where none works (then the 0600 settings file holds the token)."""
    if _keyring_lib is None:
        return None
    try:
        backend = _keyring_lib.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the app
        return None
    if isinstance(backend, _keyring_fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def _remember(backend: Any, url: str, token: str) -> None:
    with _token_cache_lock:
        _token_cache.setdefault(backend, {})[url] = token


def read_token(settings: Settings) -> str:
    """The API token for ``settings.server_url``: the system keyring, else the settings file.

    The one place the token is read (it is never logged)."""
    if settings.api_token:
        return settings.api_token
    backend = _keyring()
    if backend is None:
        return ""
    with _token_cache_lock:
        cached = _token_cache.get(backend, {}).get(settings.server_url)
    if cached is not None:
        return cached
    try:
        token = backend.get_password(KEYRING_SERVICE, settings.server_url) or ""
    except Exception:  # locked or refusing keyring: ask again next time
        return ""
    _remember(backend, settings.server_url, token)
    return token


def store_token(settings: Settings, token: str) -> Settings:
    """Keep ``token`` for ``settings.server_url``; returns the settings to save.

    With a keyring backend the token goes there and the settings file keeps none;
    without one (headless machines, CI) it stays in the settings file, which
    save_settings makes readable only by the user."""
    token = token.strip()
    backend = _keyring()
    if backend is not None:
        try:
            if token:
                backend.set_password(KEYRING_SERVICE, settings.server_url, token)
            else:
                try:
                    backend.delete_password(KEYRING_SERVICE, settings.server_url)
                except Exception:  # nothing stored: nothing to delete
                    pass
            _remember(backend, settings.server_url, token)
            return replace(settings, api_token="")
        except Exception:  # locked or refusing keyring: fall back to the user-only file
            pass
    return replace(settings, api_token=token)
