"""`bugzot capture [--screen N | --region X,Y,W,H | --window] [--delay S] -o FILE`: a screenshot from the shell.

Writes the image (format from FILE's extension: .png, .jpg, .webp, .bmp) and
prints its size in pixels. ``--region`` is in virtual-desktop device pixels
(what xdotool/xwininfo report on a 1x screen); ``--window`` is the active (else the focused)
window (X11 only, needs xdotool). It needs a real display: on the offscreen
platform or without DISPLAY/WAYLAND_DISPLAY it says capture is unavailable
rather than writing a blank file.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from pathlib import Path

from bugzot_desktop.core.errors import BadInputError, BugzotError
from bugzot_desktop.core.geometry import (
    Rect,
    compose_layout,
    default_x_screen,
    device_rect_to_image,
    parse_region,
    window_rect_in_image,
)

FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".bmp": "BMP"}
MAX_DELAY_S = 600


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "capture",
        help="take a screenshot (whole desktop, a screen, a region or the focused window) and save it",
        description="Take a screenshot and save it. Without --screen/--region/--window: every screen, "
        "composed at its virtual-desktop position in device pixels.",
    )
    # Parsed in run() so every bad value is one line naming the option (argparse would print usage too).
    p.add_argument("--screen", metavar="N", default=None, help="only screen N (0 is the first)")
    p.add_argument("--region", metavar="X,Y,W,H", default=None, help="a rectangle in virtual-desktop pixels")
    p.add_argument("--window", action="store_true", help="the active window (X11, needs xdotool)")
    p.add_argument("--delay", metavar="S", default=None, help="wait S seconds first (counted down on stderr)")
    p.add_argument("-o", "--out", metavar="FILE", default=None, help="where to write the image (.png, .jpg, .webp, .bmp)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _options(args: argparse.Namespace) -> tuple[Path, str, int | None, Rect | None, float]:
    if not args.out:
        raise BadInputError("-o FILE is required: where should the screenshot go?", field="out")
    out = Path(args.out)
    if out.is_dir() or args.out.endswith(("/", os.sep)):
        raise BadInputError(
            f"-o: {args.out} is a folder; give a file name, such as {out / 'screenshot.png'}.", field="out"
        )
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise BadInputError(f"{out.name}: unknown image type {out.suffix or '(none)'!r}; use .png, .jpg, .webp or .bmp.", field="out")
    if out.parent and not out.parent.is_dir():
        raise BadInputError(f"Folder {out.parent} does not exist; create it or choose another -o.", field="out")
    if (out.exists() or out.is_symlink()) and not getattr(args, "force", False):
        raise BadInputError(f"-o: {args.out} already exists; nothing was captured. Choose another name, or add --force "
                            "to replace it.", field="out")
    chosen = [name for name, v in (("--screen", args.screen), ("--region", args.region), ("--window", args.window)) if v]
    if len(chosen) > 1:
        raise BadInputError(f"Choose one of --screen, --region, --window (got {' and '.join(chosen)}).", field="mode")
    screen = None
    if args.screen is not None:
        try:
            screen = int(args.screen)
        except ValueError:
            raise BadInputError(f"--screen must be a screen number like 0, not {args.screen!r}.", field="screen") from None
        if screen < 0:
            raise BadInputError(f"--screen must be 0 or more, not {screen}.", field="screen")
    region = None
    if args.region is not None:
        try:
            region = parse_region(args.region)
        except ValueError as exc:
            raise BadInputError(f"--region: {exc}.", field="region") from None
    delay = 0.0
    if args.delay is not None:
        try:
            delay = float(args.delay)
        except ValueError:
            raise BadInputError(f"--delay must be a number of seconds, not {args.delay!r}.", field="delay") from None
        if not 0 <= delay <= MAX_DELAY_S:
            raise BadInputError(f"--delay must be between 0 and {MAX_DELAY_S} seconds, not {args.delay}.", field="delay")
    return out, fmt, screen, region, delay


def _no_display_reason() -> str | None:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in ("offscreen", "minimal"):
        return f"the Qt platform is '{platform}', which has no real screen"
    if sys.platform.startswith("linux") and not platform and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display: neither DISPLAY nor WAYLAND_DISPLAY is set"
    return None


def _xdotool(*args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10)
    except FileNotFoundError:
        raise BugzotError("Window capture needs the xdotool program, which is not installed; use --region instead.") from None


def _root_windows() -> set[int]:
    """The root window of every X screen: "the focus is on the desktop", not on a window."""
    res = _xdotool("search", "--maxdepth", "0", "")
    return {int(w) for w in res.stdout.split() if w.isdigit()}


def _focused_window() -> tuple[int, Rect]:
    """(X screen, geometry) of the active window (from the window manager), else the focused one, via xdotool.

    Without a window manager the input focus may be on the root window (the whole desktop): that is
    no window, and saying so beats silently writing the whole screen."""
    errors = []
    for query in ("getactivewindow", "getwindowfocus"):
        res = _xdotool(query, "getwindowgeometry", "--shell")
        fields = dict(line.split("=", 1) for line in res.stdout.splitlines() if "=" in line)
        try:
            window = int(fields.get("WINDOW", "0"))
            found = int(fields.get("SCREEN", "0")), Rect(*(int(fields[k]) for k in ("X", "Y", "WIDTH", "HEIGHT")))
        except (KeyError, ValueError):
            why = (res.stderr.strip().splitlines() or ["no window"])[0]
            if query == "getwindowfocus" and "focused window of 1" in why:  # PointerRoot: xdotool's odd wording
                why = "no window has the input focus"
            errors.append(why)
            continue
        if query == "getwindowfocus" and window in _root_windows():
            errors.append("the input focus is on the desktop itself, not on a window")
            continue
        return found
    no_wm = "_NET_ACTIVE_WINDOW" in errors[0]
    because = "no window manager says which window is active (_NET_ACTIVE_WINDOW), and " if no_wm else ""
    raise BugzotError(
        f"The active window cannot be found: {because}{errors[-1]}; click into the window first, "
        "or use --region instead. Nothing was written."
    )


def run(args: argparse.Namespace) -> int:
    out, fmt, screen, region, delay = _options(args)
    from bugzot_desktop.core.display import display_problem

    reason = _no_display_reason() or display_problem()  # before Qt, which aborts without a display
    if reason:
        raise BugzotError(f"Screen capture is unavailable here ({reason}); attach an existing file instead.")

    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication

    from bugzot_desktop.tasks.capture import (
        black_grab_is_failure,
        grab_desktop_layout,
        is_blank,
        screen_infos,
        unavailable_reason,
    )

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    reason = unavailable_reason()
    if reason:
        raise BugzotError(f"Screen capture is unavailable here ({reason}); attach an existing file instead.")
    bounds, placements = compose_layout(screen_infos())
    if screen is not None and screen >= len(placements):
        raise BadInputError(f"--screen {screen}: there is no such screen; this machine has {len(placements)} (0–{len(placements) - 1}).", field="screen")
    # Decide the window before the delay's end so the countdown does not change which is focused.
    window = _focused_window() if args.window else None
    _count_down(delay)
    app.processEvents()
    desktop, bounds, placements = grab_desktop_layout()
    if is_blank(desktop, black_is_blank=black_grab_is_failure()):
        raise BugzotError("Screen capture is unavailable here (the grab came back empty or black); attach an existing file instead.")
    if screen is not None:
        rect = placements[screen].target
    elif region is not None:
        rect = device_rect_to_image(region, bounds)
        if rect.is_empty():
            raise BadInputError(f"--region {args.region} lies outside every screen (the desktop is {bounds.w}x{bounds.h} at {bounds.x},{bounds.y}).", field="region")
        if (rect.w, rect.h) != (region.w, region.h):
            print(f"bugzot: note: --region {args.region} reaches beyond the screens; the part on them was captured "
                  f"({rect.w}x{rect.h}).", file=sys.stderr)
    elif window is not None:
        rect = window_rect_in_image(placements, window[0], window[1],
                                    default_screen=default_x_screen(os.environ.get("DISPLAY")))
        if rect.is_empty():
            raise BugzotError("The focused window is not on any screen; use --region instead.")
    else:
        rect = Rect(0, 0, desktop.width(), desktop.height())
    image = desktop.copy(QRect(rect.x, rect.y, rect.w, rect.h))
    if fmt in ("JPEG", "BMP"):
        image = image.convertToFormat(image.Format.Format_RGB32)  # no alpha channel in these formats
    tmp = out.with_name(out.name + ".part")
    if not image.save(str(tmp), fmt):
        tmp.unlink(missing_ok=True)
        raise BugzotError(f"Could not write {out}; check the folder is writable and has free space.")
    os.replace(tmp, out)
    if region is None and window is None and is_blank(image):
        # A whole screen black, and black is real here (X11): worth a word, the user has not seen it.
        # (A black region or window is ordinary: a terminal.)
        print("bugzot: note: the capture is all black; that is what the screen showed.", file=sys.stderr)
    print(f"{out}: {image.width()}x{image.height()} pixels")
    return 0


def _count_down(delay: float) -> None:
    # A CLI may block: there is no event loop the user is waiting on.
    end = time.monotonic() + delay
    while (left := end - time.monotonic()) > 0:
        print(f"capturing in {math.ceil(left)}s…", file=sys.stderr, flush=True)  # 0.5 s left said "in 0s"
        time.sleep(min(1.0, left))
