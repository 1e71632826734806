"""`bugzot compress FILE -o OUT [--max-edge N] [--budget BYTES]`: the image pipeline from the shell.

Runs exactly what an attachment goes through before upload and prints the chosen
format, size and dimensions. OUT is a directory, or a file name whose stem is
used (the extension always follows the chosen format).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bugzot_desktop.core import imaging
from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compress",
        help="compress an image the way attachments are compressed before upload",
        description="Compress an image the way attachments are compressed before upload: screenshots "
        "lossless (WebP or PNG), photos lossy within the byte budget, animations keep their frames.",
    )
    p.add_argument("file", metavar="FILE", help="the image to compress")
    p.add_argument("-o", "--out", metavar="OUT", required=True,
                   help="output directory, or output file name (its extension follows the chosen format)")
    # Parsed in run() so bad values give one line naming the option, like every other bad input.
    p.add_argument("--max-edge", metavar="N", default=None, help=f"longest edge in pixels (default {Settings.max_edge})")
    p.add_argument("--budget", metavar="BYTES", default=None,
                   help=f"byte budget for photos (default {Settings.byte_budget})")


def _int_option(value: str | None, option: str, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value.replace("_", ""))
    except ValueError:
        raise BadInputError(f"{option} must be a whole number, not {value!r}.", field=option) from None


def _out_location(out: str, src: Path) -> tuple[Path, str]:
    """OUT as (directory, stem): an existing dir or a name without a suffix is a directory."""
    p = Path(out)
    if p.is_dir() or not p.suffix:
        return p, src.stem
    return p.parent, p.stem


def run(args: argparse.Namespace) -> int:
    src = Path(args.file)
    settings = Settings(
        max_edge=_int_option(args.max_edge, "--max-edge", Settings.max_edge),
        byte_budget=_int_option(args.budget, "--budget", Settings.byte_budget),
    )
    settings.validate()
    out_dir, stem = _out_location(args.out, src)
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInputError(f"Output folder {out_dir} is a file; choose a folder for -o.", path=str(out_dir))
    info = imaging.sniff(src)
    result = imaging.compress(src, out_dir, max_edge=settings.max_edge, byte_budget=settings.byte_budget, stem=stem)
    kind = "lossless" if result.lossless else "lossy"
    if info.width and (info.width, info.height) != (result.width, result.height):
        dims = f"{result.width}×{result.height} (from {info.width}×{info.height})"
    else:
        dims = f"{result.width}×{result.height}"
    print(f"{result.path}: {result.format} {kind}, {result.bytes} bytes, {dims}")
    if result.note:
        print(result.note)
    return 0
