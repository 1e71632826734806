"""core/environment.py: every fact comes from injected sources, Qt facts arrive as plain data."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bugzot_desktop.core.environment import (
    ScreenInfo,
    SystemInfo,
    collect_environment,
    desktop_session,
    merge,
    qt_environment,
    timezone_name,
    ui_locale,
)

LINUX = SystemInfo("Linux", "6.8.0-45-generic", "#45-Ubuntu SMP", "Ubuntu 24.04.1 LTS")
BERLIN_WINTER = datetime(2026, 12, 3, 20, 0, tzinfo=timezone(timedelta(hours=1), "CET"))


@pytest.mark.parametrize(
    ("env", "system", "expected"),
    [
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "Linux", "Wayland"),
        ({"XDG_SESSION_TYPE": "x11"}, "Linux", "X11"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "Linux", "Wayland"),
        ({"DISPLAY": ":99"}, "Linux", "X11"),
        ({}, "Linux", "unknown"),
        ({"DISPLAY": ":0"}, "Windows", "Windows"),
        ({}, "Darwin", "macOS"),
    ],
)
def test_desktop_session_from_env(env, system, expected):
    assert desktop_session(env, system) == expected


def test_locale_follows_posix_precedence():
    assert ui_locale({"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}) == "de_DE.UTF-8"
    assert ui_locale({"LANG": "fr_FR.UTF-8", "LC_ALL": "C.UTF-8"}) == "C.UTF-8"
    assert ui_locale({"LANG": "fr_FR.UTF-8"}) == "fr_FR.UTF-8"


def test_timezone_from_tz_variable():
    assert timezone_name({"TZ": ":Europe/Berlin"}, BERLIN_WINTER, Path("/nonexistent")) == "Europe/Berlin (+01:00)"


def test_timezone_from_localtime_link(tmp_path):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Berlin")
    assert timezone_name({}, BERLIN_WINTER, link) == "Europe/Berlin (+01:00)"


def test_timezone_falls_back_to_abbreviation():
    assert timezone_name({}, BERLIN_WINTER, Path("/nonexistent")) == "CET (+01:00)"


def test_collect_environment_items_and_order(tmp_path):
    env = {"XDG_SESSION_TYPE": "x11", "XDG_CURRENT_DESKTOP": "KDE", "LANG": "de_DE.UTF-8", "TZ": "Europe/Berlin"}
    got = collect_environment("BugZot", "0.1.0", env=env, system=LINUX, now=BERLIN_WINTER, localtime=tmp_path / "x")
    assert list(got) == ["app", "app_version", "os", "os_version", "desktop_session", "desktop", "python", "locale", "timezone"]
    assert got["app"] == "BugZot"
    assert got["app_version"] == "0.1.0"
    assert got["os"] == "Ubuntu 24.04.1 LTS"
    assert got["os_version"] == "Linux 6.8.0-45-generic (#45-Ubuntu SMP)"
    assert got["desktop_session"] == "X11"
    assert got["desktop"] == "KDE"
    assert got["python"].endswith(sys.version.split()[0])
    assert got["locale"] == "de_DE.UTF-8"
    assert got["timezone"] == "Europe/Berlin (+01:00)"
    json.dumps(got)  # every item is plain JSON


def test_macos_name_without_pretty_name():
    got = collect_environment("A", "1", env={}, system=SystemInfo("Darwin", "23.1.0", "Darwin Kernel"), now=BERLIN_WINTER)
    assert got["os"] == "macOS"
    assert got["desktop_session"] == "macOS"
    assert "desktop" not in got


def test_qt_facts_as_plain_data_and_merge_order():
    screens = [ScreenInfo("DP-1", 0, 0, 2560, 1440, 1.0), ScreenInfo("eDP-1", 2560, 0, 1280, 800, 2.0)]
    qt = qt_environment("6.11.3", "xcb", screens)
    assert qt == {
        "qt": "6.11.3",
        "qt_platform": "xcb",
        "screen_count": 2,
        "screens": [
            {"name": "DP-1", "geometry": "2560x1440+0+0", "scale": 1.0},
            {"name": "eDP-1", "geometry": "1280x800+2560+0", "scale": 2.0},
        ],
    }
    merged = merge({"app": "A", "extra": 1, "timezone": "UTC (+00:00)"}, qt)
    assert list(merged) == ["app", "qt", "qt_platform", "screen_count", "screens", "timezone", "extra"]
