"""The environment a report describes: collected without Qt, from injected sources.

Two halves, joined by :func:`merge`:

* :func:`collect_environment` — app, OS, desktop session, Python, locale, time
  zone; everything comes from ``env``/``system``/``now`` arguments so tests can
  pin each fact.
* :func:`qt_environment` — the Qt facts (version, platform, screens) that
  ``tasks/environment.py`` reads from QGuiApplication, passed in as plain data
  so this module never imports PySide6.

Every top-level key of the result is one item the review step can untick, so
values are small JSON values, never nested objects the user cannot judge.
"""

from __future__ import annotations

import locale as _locale
import os
import platform
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

# The order the review dialog shows the items in; unknown keys follow.
ENVIRONMENT_KEYS: tuple[str, ...] = (
    "app",
    "app_version",
    "os",
    "os_version",
    "desktop_session",
    "desktop",
    "python",
    "qt",
    "qt_platform",
    "screen_count",
    "screens",
    "locale",
    "timezone",
    "traceback",
)


@dataclass(frozen=True)
class SystemInfo:
    """What the platform module says about the OS (injectable for tests)."""

    system: str  # "Linux", "Windows", "Darwin"
    release: str
    version: str
    pretty_name: str = ""  # e.g. "Ubuntu 24.04.1 LTS" from os-release

    @classmethod
    def current(cls) -> SystemInfo:
        pretty = ""
        system = platform.system()
        if system == "Linux":
            try:
                pretty = platform.freedesktop_os_release().get("PRETTY_NAME", "")
            except OSError:  # no os-release in minimal containers
                pretty = ""
        elif system == "Darwin":
            mac = platform.mac_ver()[0]
            pretty = f"macOS {mac}" if mac else ""
        elif system == "Windows":
            pretty = f"Windows {platform.release()}"
        return cls(system=system, release=platform.release(), version=platform.version(), pretty_name=pretty)


@dataclass(frozen=True)
class ScreenInfo:
    """One screen as Qt reports it: logical geometry and device pixel ratio."""

    name: str
    x: int
    y: int
    width: int
    height: int
    scale: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "geometry": f"{self.width}x{self.height}+{self.x}+{self.y}",
            "scale": round(self.scale, 3),
        }


def desktop_session(env: Mapping[str, str], system: str) -> str:
    """X11, Wayland, Windows, macOS — or 'unknown' (e.g. a headless Linux)."""
    if system == "Windows":
        return "Windows"
    if system == "Darwin":
        return "macOS"
    kind = env.get("XDG_SESSION_TYPE", "").strip().lower()
    if kind == "wayland":
        return "Wayland"
    if kind == "x11":
        return "X11"
    # XDG_SESSION_TYPE is missing over ssh/containers; the display variables still tell.
    if env.get("WAYLAND_DISPLAY"):
        return "Wayland"
    if env.get("DISPLAY"):
        return "X11"
    return "unknown"


def ui_locale(env: Mapping[str, str]) -> str:
    """The user's locale by POSIX precedence (LC_ALL, LC_MESSAGES, LANG), else Python's view."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return value
    lang, enc = _locale.getlocale()
    if lang:
        return f"{lang}.{enc}" if enc else lang
    return "C"


def timezone_name(env: Mapping[str, str], now: datetime, localtime: Path = Path("/etc/localtime")) -> str:
    """IANA zone name when knowable (TZ, /etc/localtime link), plus the UTC offset: 'Europe/Berlin (+01:00)'."""
    aware = now if now.tzinfo is not None else now.astimezone()
    offset = aware.strftime("%z")  # "+0100"
    offset = f"{offset[:3]}:{offset[3:]}" if len(offset) == 5 else offset
    name = env.get("TZ", "").lstrip(":").strip()
    if not name:
        try:
            target = str(os.readlink(localtime))
            if "zoneinfo/" in target:
                name = target.split("zoneinfo/", 1)[1]
        except OSError:  # not a link (or absent): fall back to the abbreviation
            name = ""
    if not name:
        name = aware.tzname() or "UTC"
    return f"{name} ({offset})" if offset else name


def collect_environment(
    app_name: str,
    app_version: str,
    *,
    env: Mapping[str, str] | None = None,
    system: SystemInfo | None = None,
    now: datetime | None = None,
    localtime: Path = Path("/etc/localtime"),
) -> dict[str, Any]:
    """The Qt-free environment items, in :data:`ENVIRONMENT_KEYS` order."""
    env = os.environ if env is None else env
    system = SystemInfo.current() if system is None else system
    now = datetime.now().astimezone() if now is None else now
    os_name = {"Darwin": "macOS"}.get(system.system, system.system)
    out: dict[str, Any] = {
        "app": app_name,
        "app_version": app_version,
        "os": system.pretty_name or os_name,
        "os_version": f"{os_name} {system.release} ({system.version})".strip(),
        "desktop_session": desktop_session(env, system.system),
    }
    desktop = env.get("XDG_CURRENT_DESKTOP", "").strip()
    if desktop:
        out["desktop"] = desktop
    out["python"] = f"{platform.python_implementation()} {sys.version.split()[0]}"
    out["locale"] = ui_locale(env)
    out["timezone"] = timezone_name(env, now, localtime)
    return out


def qt_environment(qt_version: str, platform_name: str, screens: Sequence[ScreenInfo]) -> dict[str, Any]:
    """The Qt-provided items from plain data (see tasks/environment.py)."""
    return {
        "qt": qt_version,
        "qt_platform": platform_name,
        "screen_count": len(screens),
        "screens": [s.to_json() for s in screens],
    }


def merge(*parts: Mapping[str, Any]) -> dict[str, Any]:
    """Join environment parts and order the keys for display (known keys first)."""
    joined: dict[str, Any] = {}
    for part in parts:
        joined.update(part)
    ordered = {k: joined[k] for k in ENVIRONMENT_KEYS if k in joined}
    ordered.update({k: v for k, v in joined.items() if k not in ordered})
    return ordered
