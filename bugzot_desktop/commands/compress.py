"""`bugzot compress FILE -o OUT [--max-edge N] [--budget BYTES]`: the image pipeline from the shell.

Runs exactly what an attachment goes through before upload and prints the chosen
format, size and dimensions. OUT is an existing folder (the output is named after
FILE), or a file name with an extension in an existing folder, whose stem is used:
the extension follows the chosen format (``-o out/shot.png`` may write ``out/shot.webp``).
No folder is ever created: a typo in -o is reported, not made. An existing output file is
replaced only with ``--force`` (the input itself never: that output gets ``-compressed``), and
the output gets the usual permissions (the umask's), not a temp file's owner-only ones.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from bugzot_desktop.cli import one_line
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
                   help="an existing folder, or a file name with an extension in an existing folder; the "
                   "extension follows the chosen format (out/shot.png may become out/shot.webp)")
    # Parsed in run() so bad values give one line naming the option, like every other bad input.
    p.add_argument("--max-edge", metavar="N", default=None, help=f"longest edge in pixels (default {Settings.max_edge})")
    p.add_argument("--budget", metavar="BYTES", default=None,
                   help=f"byte budget for photos (default {Settings.byte_budget})")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


def _int_option(value: str | None, option: str, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value.replace("_", ""))
    except ValueError:
        raise BadInputError(f"{option} must be a whole number, not {value!r}.", field=option) from None


def _out_location(out: str, src: Path) -> tuple[Path, str]:
    """-o as (folder, stem): an existing folder, or a file name with an extension in an existing folder.

    Anything else is one line naming it: a folder that does not exist (never created), or a
    name without an extension that is no folder (a file, /dev/full)."""
    if not out.strip():
        raise BadInputError("-o is empty; give an existing folder, or a file name with an extension such as "
                            "out/shot.png.", field="-o")
    p = Path(out)
    if p.is_dir():
        return p, src.stem
    if out.endswith(("/", os.sep)):
        raise BadInputError(f"-o: folder {out} does not exist; create it first or choose another.", path=out)
    if not p.suffix:
        example = f"such as {p.with_suffix('.png')}"
        if p.exists():
            raise BadInputError(f"-o: {out} is not a folder; give a folder, or a file name with an extension {example}.",
                                path=out)
        raise BadInputError(
            f"-o: folder {out} does not exist; create it first, or give a file name with an extension {example}.",
            path=out,
        )
    folder = p.parent
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"-o: {folder} is a file, not a folder; choose an existing folder for {p.name}.", path=out)
    if not folder.is_dir():
        raise BadInputError(f"-o: folder {folder} does not exist; create it first or choose another.", path=out)
    return folder, p.stem


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it (the scratch folder's files are the output's)."""
    p, f = path.resolve(), folder.resolve()
    return p == f or f in p.parents


def _terminated(signum: int, _frame: object) -> None:
    # SIGTERM (a timeout, a service stop) and SIGHUP (the terminal closed) end the command as SIGINT
    # does: through the finally blocks, so the scratch folder beside the output goes too.
    raise SystemExit(128 + signum)


_ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def run(args: argparse.Namespace) -> int:
    if threading.current_thread() is not threading.main_thread():
        return _run(args)
    previous = {sig: signal.signal(sig, _terminated) for sig in _ENDING_SIGNALS}
    try:
        return _run(args)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(args: argparse.Namespace) -> int:
    src = Path(args.file)
    settings = Settings(
        max_edge=_int_option(args.max_edge, "--max-edge", Settings.max_edge),
        byte_budget=_int_option(args.budget, "--budget", Settings.byte_budget),
    )
    settings.validate()
    info = imaging.sniff(src)  # the input's problem first: it is the one the user asked about
    out_dir, stem = _out_location(args.out, src)
    try:
        # Into a scratch folder beside the output first: the name (and so whether it exists) depends on the
        # format the pipeline picks, and nothing may be replaced before that is known.
        tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=".bugzot-compress-"))
        try:
            result = imaging.compress(src, tmp, max_edge=settings.max_edge, byte_budget=settings.byte_budget, stem=stem)
            target = out_dir / Path(result.path).name
            if target.resolve() == src.resolve():
                target = out_dir / f"{stem}-compressed{target.suffix}"  # never the input itself
            if target.is_dir() and not target.is_symlink():
                raise BadInputError(f"-o: {target} is a folder; nothing was written. Choose another name for the "
                                    "output.", path=str(target))
            if (target.exists() or target.is_symlink()) and not getattr(args, "force", False):
                raise BadInputError(f"-o: {target} already exists; nothing was written. Choose another name, or add "
                                    "--force to replace it.", path=str(target))
            os.chmod(result.path, 0o666 & ~_umask())
            os.replace(result.path, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        where = Path(exc.filename).parent if exc.filename else None
        if where is not None and not _inside(where, out_dir):
            raise BadInputError(f"File {src} could not be read ({exc.strerror or exc}).", path=str(src)) from None
        raise BadInputError(
            f"-o {args.out}: nothing could be written into {out_dir} ({exc.strerror or exc}); "
            "choose a folder you can write to.",
            path=args.out,
        ) from None
    result = dataclasses.replace(result, path=target)
    print(one_line(f"{result.path}: {_summary(result, info)}"))
    if result.note:
        print(one_line(result.note))
    return 0


def _summary(result: imaging.CompressResult, info: imaging.ImageInfo) -> str:
    """'WEBP lossless, 1234 bytes, 960×540 (from 1920×1080)': the source size only when pixels were
    dropped (turned upright is no downscale), in the output's orientation."""
    if not result.width:  # attached unchanged (HEIC without a decoder): its size is not known here
        return f"{result.format} unchanged, {result.bytes} bytes"
    kind = "lossless" if result.lossless else "lossy"
    dims = f"{result.width}×{result.height}"
    src = (info.width, info.height)
    if (result.width > result.height) != (src[0] > src[1]) and result.width != result.height:
        src = (src[1], src[0])  # the source turned upright, as the output is
    if info.width and (result.width, result.height) != src:
        dims += f" (from {src[0]}×{src[1]})"
    return f"{result.format} {kind}, {result.bytes} bytes, {dims}"
