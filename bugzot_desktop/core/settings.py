"""User settings: one dataclass holds every default; persisted as JSON in the data dir."""

from __future__ import annotations

import json
import math
import os
import tempfile
import threading
import urllib.parse
import weakref
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text, join, message_of

SETTINGS_FILE = "settings.json"
DEFAULT_SERVER_URL = "http://127.0.0.1:8000"


def _url_problem(url: str) -> Text | None:
    """Why ``url`` (surrounding whitespace already stripped) is no usable server URL, or None."""
    shown = repr(url)
    if not url.lower().startswith(("http://", "https://")):
        return Text(QT_TRANSLATE_NOOP("core", "Server URL {url} must start with http:// or https://."), url=shown)
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return Text(QT_TRANSLATE_NOOP("core", "Server URL {url} contains a space or a control character; a URL has none."),
                    url=shown)
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:  # e.g. "Invalid IPv6 URL" for http://[::1
        return Text(QT_TRANSLATE_NOOP("core", "Server URL {url} is not a valid URL ({reason})."), url=shown, reason=str(exc))
    if not parts.hostname:
        return Text(QT_TRANSLATE_NOOP("core", "Server URL {url} has no host name; write it like http://bugs.example.com:8000."),
                    url=shown)
    host_port = parts.netloc.rpartition("@")[2]
    after_host = host_port.rpartition("]")[2] if host_port.startswith("[") else host_port
    if ":" in after_host:
        port = after_host.partition(":")[2]
        if not (port.isdigit() and 1 <= int(port) <= 65535):
            return Text(QT_TRANSLATE_NOOP("core", "Server URL {url} has the port {port}; a port is a number from 1 to 65535."),
                        url=shown, port=repr(port))
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return Text(QT_TRANSLATE_NOOP("core", "Server URL {url} must not have a ?query or #fragment; give the server's "
                                      "address only."), url=shown)
    return None


def normalize_server_url(raw: str) -> str:
    """A server URL as typed, checked and tidied: surrounding whitespace and trailing slashes go.

    Accepts only http(s) with a host, a port in 1..65535 when given and no whitespace inside;
    otherwise raises BadInputError(field="server_url") showing the URL as typed."""
    url = raw.strip()
    problem = _url_problem(url)
    if problem is not None:
        raise BadInputError(problem, field="server_url")
    return url.rstrip("/")


def same_server(a: str | None, b: str | None) -> bool:
    """Whether two server URLs name the same server (surrounding whitespace and trailing slashes aside)."""
    if a is None or b is None:
        return a is b
    return a.strip().rstrip("/") == b.strip().rstrip("/")


MIN_EDGE = 64
MAX_EDGE = 16383  # WebP's largest dimension: every output format can hold an image this long
MIN_BYTE_BUDGET = 10_000
MAX_BYTE_BUDGET = 100_000_000  # 100 MB: more than any image needs (and the Settings dialog's top)


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
        """Raise BadInputError (``field`` = the field's name) for the first value no send could use."""
        problems = value_problems(self)
        if problems:
            name, message = next(iter(problems.items()))
            raise BadInputError(message, field=name)


# The longest a timeout may be (seconds): a "never time out" value would hang a send for good.
MAX_TIMEOUT_S = 600.0
MAX_LOG_LINES = 100_000


def value_problems(settings: Settings) -> dict[str, Text]:
    """Field name -> why its value cannot be used, for every such field (in the dataclass's order).

    The types are right here (load_settings checks them); this is about ranges: a NaN, zero or
    negative timeout would only reach requests as a ValueError on every send."""
    problems: dict[str, Text] = {}
    try:
        normalize_server_url(settings.server_url)
    except BadInputError as exc:
        problems["server_url"] = message_of(exc)  # type: ignore[assignment]
    if not MIN_EDGE <= settings.max_edge <= MAX_EDGE:
        problems["max_edge"] = Text(QT_TRANSLATE_NOOP("core", "Longest edge {n} must be between {min} and {max} pixels."),
                                    n=settings.max_edge, min=MIN_EDGE, max=MAX_EDGE)
    if not MIN_BYTE_BUDGET <= settings.byte_budget <= MAX_BYTE_BUDGET:
        problems["byte_budget"] = Text(QT_TRANSLATE_NOOP("core", "Byte budget {n} must be between {min} and {max} bytes."),
                                       n=settings.byte_budget, min=MIN_BYTE_BUDGET, max=MAX_BYTE_BUDGET)
    for name in ("connect_timeout_s", "read_timeout_s"):
        value = getattr(settings, name)
        if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT_S):
            problems[name] = Text(
                QT_TRANSLATE_NOOP("core", "{name} must be a number of seconds above 0 and at most {max}, not {value}."),
                name=name, max=f"{MAX_TIMEOUT_S:g}", value=json.dumps(value),
            )
    if not 1 <= settings.log_lines <= MAX_LOG_LINES:
        problems["log_lines"] = Text(
            QT_TRANSLATE_NOOP("core", "{name} must be a whole number from 1 to {max}, not {value}."),
            name="log_lines", max=f"{MAX_LOG_LINES:,}", value=json.dumps(settings.log_lines),
        )
    return problems


_KINDS: dict[str, tuple[tuple[type, ...], str]] = {
    "str": ((str,), QT_TRANSLATE_NOOP("core", "text in quotes")),
    "int": ((int,), QT_TRANSLATE_NOOP("core", "a whole number")),
    "float": ((int, float), QT_TRANSLATE_NOOP("core", "a number")),
    "bool": ((bool,), QT_TRANSLATE_NOOP("core", "true or false")),
}


def _type_problems(raw: dict[str, Any]) -> dict[str, Text]:
    """Field name -> what it should be, for every known field whose JSON value has the wrong type."""
    problems = {}
    for f in fields(Settings):
        if f.name not in raw:
            continue
        value = raw[f.name]
        types, what = _KINDS[str(f.type)]
        # JSON true/false are Python bools, which are ints too: never a number here.
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            problems[f.name] = Text(QT_TRANSLATE_NOOP("core", "{name} must be {what}, not {value}"),
                                    name=f.name, what=Text(what), value=json.dumps(value))
    return problems


def _read_raw(path: Path) -> dict[str, Any] | None:
    """The settings file as a JSON object; None when it does not exist. Raises BadInputError naming the file."""
    try:
        # utf-8-sig: Windows Notepad starts a UTF-8 file with a byte order mark.
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Settings file {path} could not be read ({reason}); fix or delete it."),
                 path=str(path), reason=str(exc)),
            path=str(path),
        ) from None
    if not isinstance(raw, dict):
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Settings file {path} must hold a JSON object ({{...}}), not {kind}; fix or "
                                   "delete it."), path=str(path), kind=type(raw).__name__),
            path=str(path),
        )
    return raw


def _from_raw(raw: dict[str, Any], skip: frozenset[str] | set[str] = frozenset()) -> Settings:
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known and k not in skip}
    if isinstance(values.get("server_url"), str):
        values["server_url"] = values["server_url"].strip()
    return Settings(**values)


def load_settings(data_dir: Path) -> Settings:
    """Read settings; a missing file gives defaults; unknown keys are ignored.

    A value of the wrong type (``"max_edge": "big"``) raises BadInputError naming the file and the field."""
    path = data_dir / SETTINGS_FILE
    raw = _read_raw(path)
    if raw is None:
        return Settings()
    problems = _type_problems(raw)
    if problems:
        first = next(iter(problems))
        raise BadInputError(
            Text(QT_TRANSLATE_NOOP("core", "Settings file {path}: {problem}; fix or delete it."),
                 path=str(path), problem=problems[first]),
            field=first,
            path=str(path),
        )
    return _from_raw(raw)


def load_settings_or_defaults(data_dir: Path) -> tuple[Settings, Text | None]:
    """Settings for the app's start: never raises for a bad file (the window must still open).

    Returns the settings, with defaults for every field the file gets wrong (or for all of them
    when it cannot be read at all), and None or one sentence saying what was wrong. The file
    itself is left as it is until the user saves the settings."""
    path = data_dir / SETTINGS_FILE
    try:
        raw = _read_raw(path)
    except BadInputError as exc:
        return Settings(), Text(QT_TRANSLATE_NOOP("core", "{problem} Default settings are used until you save the settings."),
                                problem=message_of(exc))
    if raw is None:
        return Settings(), None
    type_problems = _type_problems(raw)
    settings = _from_raw(raw, skip=set(type_problems))
    # A value of the right type can still be unusable (a space in the URL, a negative timeout): the
    # CLI refuses it (Settings.validate); the app uses that field's default, as for a wrong type.
    bad_values = value_problems(settings)
    defaults = Settings()
    settings = replace(settings, **{name: getattr(defaults, name) for name in bad_values})
    # One sentence per field, in the dataclass's order (a wrong type says no period of its own).
    problems = {
        f.name: Text(QT_TRANSLATE_NOOP("core", "{problem}."), problem=type_problems[f.name])
        if f.name in type_problems else bad_values[f.name]
        for f in fields(Settings) if f.name in type_problems or f.name in bad_values
    }
    if not problems:
        return settings, None
    return settings, Text(
        QT_TRANSLATE_NOOP("core", "Settings file {path}: {problems} The defaults are used for {names} until you save "
                          "the settings."),
        path=str(path), problems=join(" ", problems.values()), names=", ".join(problems),
    )


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


def prepare_keyring() -> bool:
    """Find the keyring backend now; returns whether there is one.

    The first look-up imports the backends (Secret Service pulls in secretstorage and
    cryptography) and probes D-Bus: ~65 ms under the GIL. The app does it before its
    window shows, not on the first upload's worker thread (a GUI stall, bench/ui_stall.py).
    """
    return _keyring() is not None


def _remember(backend: Any, url: str, token: str) -> None:
    with _token_cache_lock:
        _token_cache.setdefault(backend, {})[url] = token


def read_token(settings: Settings, server_url: str | None = None) -> str:
    """The API token for ``server_url`` (default ``settings.server_url``): the system keyring, else the settings file.

    The settings file holds the token of ``settings.server_url`` only: it is never sent to another
    server. The one place the token is read (it is never logged)."""
    if server_url is None or same_server(server_url, settings.server_url):
        if settings.api_token:
            return settings.api_token
        url = settings.server_url
    else:
        url = server_url.strip().rstrip("/")
    backend = _keyring()
    if backend is None:
        return ""
    with _token_cache_lock:
        cached = _token_cache.get(backend, {}).get(url)
    if cached is not None:
        return cached
    try:
        token = backend.get_password(KEYRING_SERVICE, url) or ""
    except Exception:  # locked or refusing keyring: ask again next time
        return ""
    _remember(backend, url, token)
    return token


def keyring_available() -> bool:
    """Whether tokens can be kept per server in a system keyring (else only one, in the settings file)."""
    return _keyring() is not None


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
