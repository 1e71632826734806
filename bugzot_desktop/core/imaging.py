"""The image pipeline: safe decode, normalise, downscale, encode by content.

One Qt-free module used by the desktop (compressing attachments before upload)
and by the server (checking uploads with :func:`sniff`, making thumbnails and
previews with :func:`derivative`), so both sides follow the same rules.

Rules every path follows:

* Decoding is content-based and restricted to :data:`SUPPORTED_FORMATS`; a
  pixel-count limit turns decompression bombs into a clear :class:`ImageError`.
* Each call opens its own ``Image``; no ``Image`` object is ever shared between
  threads (two threads saving one ``Image`` leave stale encoder settings behind).
* Every encode writes into a real file in the output directory: Pillow releases
  the GIL for the whole encode only when it can write to a file descriptor
  (a ``BytesIO`` save holds it and stalls the GUI thread for tens of ms).
* EXIF orientation is applied, then all metadata (EXIF, XMP, GPS, comments) is
  dropped; embedded colour profiles are converted to sRGB (or, if the profile is
  unusable, kept with the raw values — never dropped while keeping raw values).
"""

from __future__ import annotations

import contextlib
import heapq
import math
import os
import shutil
import stat
import tempfile
import threading
import warnings
from array import array
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from operator import itemgetter
from pathlib import Path
from struct import error as struct_error
from typing import Any

# The *ImagePlugin imports register exactly the formats we use, now. Otherwise the first
# open/save of a format outside Pillow's preinit set (WebP, TIFF, AVIF) runs Image.init(),
# which imports every plugin (PDF parser regexes and all) on a worker thread while holding
# the GIL: bench/ui_stall.py --dump-stalls caught that freezing the GUI thread for ~100 ms.
from PIL import (  # noqa: F401  (plugins are imported for their registration)
    AvifImagePlugin,
    BmpImagePlugin,
    GifImagePlugin,
    Image,
    ImageChops,
    ImageCms,
    ImageFile,
    ImageSequence,
    JpegImagePlugin,
    MpoImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    UnidentifiedImageError,
    WebPImagePlugin,
)

from bugzot_desktop.core.cancel import NEVER, CancelToken
from bugzot_desktop.core.errors import ImageError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text

try:  # HEIC/HEIF from phones: optional decoder (extra [heif])
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_DECODER = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIF_DECODER = False

# We enforce our own (stricter) limit with a clear message, so Pillow's own bomb
# warning for 89–179 MP images would only be noise; its hard error is caught below.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
# "Corrupt EXIF data" and the like: the file is refused or its metadata dropped anyway, with our own message.
warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")

DEFAULT_MAX_PIXELS = 80_000_000
"""Largest single frame we decode (80 MP covers three 5K screens side by side)."""

ANIMATION_LIMIT_FACTOR = 4
"""An animation may hold this many times the frame limit over all its frames (frames × width × height)."""

ANIMATION_WORK_PIXELS = 48_000_000
"""Most pixels of resized frames held at once (~190 MB as RGBA); longer animations are shrunk further."""

ANIMATION_QUALITIES = (75, 50)  # lossy animation qualities tried in turn before frames are shrunk to fit the budget
ANIMATION_MIN_EDGE = 320  # an animation is not shrunk below this longest edge to fit its budget

MAX_FRAMES = 3000
"""Most frames an animation may have (100 s of a 30 fps screen recording): every frame costs a
decode, a resize and an encode however small it is (a 4.6 MB GIF can hold 200,000 1×1 frames)."""

# The one list of image formats: Pillow format id -> (content type, file extension).
SUPPORTED_FORMATS: dict[str, tuple[str, str]] = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "MPO": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
    "BMP": ("image/bmp", ".bmp"),
    "TIFF": ("image/tiff", ".tif"),
    "AVIF": ("image/avif", ".avif"),
    "HEIF": ("image/heic", ".heic"),
}
CONTENT_TYPES: dict[str, str] = {fmt: ct for fmt, (ct, _ext) in SUPPORTED_FORMATS.items()}
ACCEPTED_CONTENT_TYPES: frozenset[str] = frozenset(CONTENT_TYPES.values())
# MPO is opened by the JPEG plugin; listing plugin ids keeps Pillow from guessing
# other formats (TGA, ICO, EPS, ...) out of arbitrary bytes.
_OPEN_FORMATS = tuple(f for f in SUPPORTED_FORMATS if f != "MPO" and (f != "HEIF" or HEIF_DECODER))
_ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG", "AVIF"})

DEFAULT_MAX_EDGE = 1920
DEFAULT_BYTE_BUDGET = 300_000
LOSSY_START_QUALITY = 80  # first guess; the search moves up or down to fit the budget
LOSSY_MAX_QUALITY = 92  # above this JPEG bytes grow fast for no visible gain
LOSSY_MIN_QUALITY = 40  # below this a smaller image looks better than more blocks
# Thumbnails and previews are for looking at on the server's pages: one encode at this quality when it
# fits their budget (a quality search would cost the server 2-4 encodes per derivative).
DERIVATIVE_QUALITY = 82
MAX_ENCODES = 5  # quality search steps on a small image (searched on itself; a lowest-quality try may follow)
MAX_SAMPLE_ENCODES = 6  # quality search steps on a large image's row sample (~1/15 of its pixels: cheap)
MAX_FULL_ENCODES = 3  # encodes of the whole image after a sample search: usually one, a correction at most twice
SAMPLE_FILL = 1.0  # the sample search aims at this share of the budget (its prediction is good to ~2%;
# an overshoot costs one corrected whole-image encode, an undershoot a quality step)
SAMPLE_STRIPS = 8  # row sample for the quality search: 8 full-width strips, ~1/8 of the rows
SAMPLE_MIN_ROWS = 1024  # 8 strips of 16 rows at 1/8: smaller images are cheap enough to search on themselves
LOSSLESS_BUDGET_FACTOR = 3  # a "screenshot" whose lossless file exceeds 3x the budget is sent lossy
JPEG_FULL_CHROMA_FROM = 80  # from this quality up 4:4:4 beats 4:2:0 on SSIM for the same bytes (bench corpus);
# below it the bits are better spent on luma, so 4:2:0
WEBP_LOSSLESS_EFFORT = 60  # lossless "quality" = effort; at method 1, 60 gives the bytes of 75 at the time of 50 (bench corpus)


def jpeg_subsampling(quality: int) -> str:
    """Chroma subsampling used at a JPEG quality (one rule, also used by the tests)."""
    return "4:4:4" if quality >= JPEG_FULL_CHROMA_FROM else "4:2:0"


@dataclass(frozen=True)
class ImageInfo:
    """What :func:`sniff` learned from a file's content; width and height as displayed (EXIF orientation applied)."""

    format: str
    content_type: str
    width: int
    height: int
    frames: int


@dataclass(frozen=True)
class CompressResult:
    """One output file of :func:`compress` or :func:`derivative`."""

    path: Path
    format: str
    content_type: str
    width: int
    height: int
    bytes: int
    lossless: bool
    note: str = ""
    over_budget: bool = False
    """Lossy and still over the byte budget after every step (the lowest quality, fewer pixels): the
    user should hear of it (the app says so when the report is sent). Lossless screenshots may go
    over by design (up to 3x) and do not count."""


# -- recognising files -----------------------------------------------------------

_NON_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", QT_TRANSLATE_NOOP("core", "a zip archive")),
    (b"\x7fELF", QT_TRANSLATE_NOOP("core", "a program")),
    (b"MZ", QT_TRANSLATE_NOOP("core", "a program")),
    (b"%PDF", QT_TRANSLATE_NOOP("core", "a PDF document")),
    (b"\x1f\x8b", QT_TRANSLATE_NOOP("core", "a gzip archive")),
)


class NotAnImageError(ImageError):
    """The content is no image format at all (not a damaged or oversized image); ``what`` names it."""

    # ``what`` has a default so the error survives pickling back from an image worker process (an
    # exception is rebuilt from its message alone, then given its attributes): without it a text file
    # named .png broke the whole worker pool ("image worker process died"), QA.
    def __init__(self, message: str, *, what: str = "", path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.what = what


def _describe_non_image(head: bytes) -> str:
    """A human name for common non-image content, for the refusal message."""
    for sig, what in _NON_IMAGE_SIGNATURES:
        if head.startswith(sig):
            return Text(what)
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text:
        return Text(QT_TRANSLATE_NOOP("core", "an SVG drawing"))
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text or b"<body" in text:
        return Text(QT_TRANSLATE_NOOP("core", "an HTML page"))
    if text.startswith(b"<?xml"):
        return Text(QT_TRANSLATE_NOOP("core", "an XML document"))
    return Text(QT_TRANSLATE_NOOP("core", "not a supported image"))


# What Pillow's decoders raise on damaged data besides OSError: struct and index errors from
# parsing truncated headers, TypeError "Missing dimensions" (TIFF), RuntimeError/ValueError from
# the AVIF and HEIC libraries. Any of them means the same to the user: the file is damaged.
_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, struct_error, RuntimeError,
    ZeroDivisionError, OverflowError,
)

# Image formats by their first bytes, for files Pillow cannot open although they are images.
_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
)


def _image_kind(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in _AVIF_BRANDS:
        return "AVIF"
    if _is_heif_content(head):
        return "HEIC"
    return next((kind for sig, kind in _IMAGE_SIGNATURES if head.startswith(sig)), None)


def _reason(exc: BaseException) -> str:
    """A decoder's complaint for a message: its first line, at most 100 characters."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0].strip()
    return text if len(text) <= 100 else text[:99] + "…"


def _damaged(name: str, path: Path, exc: BaseException) -> ImageError:
    return ImageError(
        Text(QT_TRANSLATE_NOOP("core", "File {name} is truncated or damaged ({reason}); capture or export it again."),
             name=name, reason=_reason(exc)),
        path=str(path),
    )


def _too_large_to_decode(name: str, path: Path) -> ImageError:
    return ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} is too large to decode in the memory available; "
                                             "scale it down, then attach it again."), name=name), path=str(path))


_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis")
_AVIF_BRANDS = (b"avif", b"avis")
FTYP_HEAD = 64  # bytes enough for an 'ftyp' box's brands (HEIF and AVIF files list a handful)


def _is_heif_content(head: bytes) -> bool:
    """ISO-BMFF 'ftyp' box with a HEIF brand (HEIC phone photos), not AVIF.

    The generic brands mif1/msf1 are both's major brand at times: an AVIF says so among its
    compatible brands (Pillow decodes it), so it is not taken for a HEIC attached unchanged."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return False
    major = head[8:12]
    if major in _HEIF_BRANDS:
        return True
    if major not in (b"mif1", b"msf1"):
        return False
    end = min(int.from_bytes(head[:4], "big"), len(head))
    compatible = {head[i:i + 4] for i in range(16, end - 3, 4)}
    return not compatible & set(_AVIF_BRANDS)


def _supported_list() -> str:
    return "PNG, JPEG, GIF, WebP, BMP, TIFF, AVIF" + (", HEIC" if HEIF_DECODER else "")


def _amount(pixels: int) -> str:
    """A pixel count for messages: '80 MP' or '1,000 pixels'."""
    if pixels >= 1_000_000:
        return Text(QT_TRANSLATE_NOOP("core", "{n} MP"), n=f"{pixels / 1e6:g}")
    return Text(QT_TRANSLATE_NOOP("core", "{n} pixels"), n=f"{pixels:,}")


def _open(path: Path, name: str, max_pixels: int) -> Image.Image:
    """Open (lazily) with the format allowlist and the pixel limit; errors name the file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} does not exist; attach it again."), name=name),
                         path=str(path)) from None
    except OSError as exc:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} could not be read ({reason}); check its permissions."),
                              name=name, reason=exc.strerror or str(exc)), path=str(path)) from None
    if path.is_dir():
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "{name} is a folder, not an image; choose an image file."), name=name),
                         path=str(path))
    if not stat.S_ISREG(path.stat().st_mode):
        # A pipe or a device: its size says nothing (0) and reading it may never end.
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "{name} is not a regular file (a pipe, device or socket); "
                                                "save the image to a file and attach that."), name=name),
                         path=str(path))
    if size == 0:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} is empty (0 bytes); capture or export the image again."),
                              name=name), path=str(path))
    try:
        im = Image.open(path, formats=_OPEN_FORMATS)
    except Image.DecompressionBombError:
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "File {name} has too many pixels to open safely (the limit is {limit}); "
                                   "scale it down or crop it, then attach it again."), name=name, limit=_amount(max_pixels)),
            path=str(path),
        ) from None
    except UnidentifiedImageError:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        kind = _image_kind(head)
        if kind is not None:
            raise ImageError(Text(QT_TRANSLATE_NOOP(
                "core", "File {name} is an image ({kind}) that cannot be read here (damaged, or an unusual variant); "
                "open it in an image editor and export it again as PNG or JPEG."), name=name, kind=kind),
                path=str(path)) from None
        what = _describe_non_image(head)
        if what == "not a supported image":
            msg = Text(QT_TRANSLATE_NOOP("core", "File {name} is not a supported image; attach a {formats} file."),
                       name=name, formats=_supported_list())
        else:
            msg = Text(QT_TRANSLATE_NOOP("core", "File {name} is {what}, not an image; attach a {formats} file."),
                       name=name, what=what, formats=_supported_list())
        raise NotAnImageError(msg, what=what, path=str(path)) from None
    except PermissionError as exc:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} could not be read ({reason}); check its permissions."),
                              name=name, reason=exc.strerror or str(exc)), path=str(path)) from None
    except OSError as exc:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} could not be read as an image ({reason}); export it again."),
                              name=name, reason=str(exc)), path=str(path)) from None
    except MemoryError:
        raise _too_large_to_decode(name, path) from None
    except _DECODE_ERRORS as exc:
        raise _damaged(name, path, exc) from None
    if im.format == "TIFF" and getattr(im, "tag_v2", {}).get(0x0112) in (5, 6, 7, 8):
        im = _reopen_unmapped(im, path)
    w, h = im.size
    try:
        frames = getattr(im, "n_frames", 1)  # a GIF is scanned to its end for this: truncation shows here
    except Image.DecompressionBombError:
        im.close()
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "File {name} has too many pixels to open safely (the limit is {limit}); "
                                   "scale it down or crop it, then attach it again."), name=name, limit=_amount(max_pixels)),
            path=str(path),
        ) from None
    except _DECODE_ERRORS as exc:
        im.close()
        raise _damaged(name, path, exc) from None
    if w * h > max_pixels:
        im.close()
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "File {name} is {w}×{h} pixels, more than the limit of {limit}; "
                                   "scale it down or crop it, then attach it again."),
                 name=name, w=w, h=h, limit=_amount(max_pixels)),
            path=str(path),
        )
    if _is_animation(im) and frames > MAX_FRAMES:
        im.close()
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "File {name} is an animation of {frames} frames, more than the {limit} an "
                                   "attachment may have; shorten it, or attach a video instead."),
                 name=name, frames=f"{frames:,}", limit=f"{MAX_FRAMES:,}"),
            path=str(path),
        )
    if _is_animation(im) and w * h * frames > ANIMATION_LIMIT_FACTOR * max_pixels:
        im.close()
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "File {name} is {frames} frames of {w}×{h} pixels, more than the limit of "
                                   "{limit} for a whole animation; shorten it or scale it down."),
                 name=name, frames=frames, w=w, h=h, limit=_amount(ANIMATION_LIMIT_FACTOR * max_pixels)),
            path=str(path),
        )
    if w == 0 or h == 0:
        im.close()
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} has no pixels ({w}×{h}); export it again."),
                              name=name, w=w, h=h), path=str(path))
    return im


def _reopen_unmapped(im: Image.Image, path: Path) -> Image.Image:
    """Pillow 13 maps an uncompressed single-strip TIFF straight from its file (grey, CMYK, 16-bit),
    using the displayed size: with orientation 5-8 (width and height swapped) that reads the pixels
    scrambled. Opened from a file object, it decodes them like every other TIFF."""
    im.close()
    fh = open(path, "rb")  # noqa: SIM115 - handed to the image, which closes it
    try:
        reopened = Image.open(fh, formats=("TIFF",))
    except BaseException:
        fh.close()
        raise
    reopened._exclusive_fp = True  # the image owns the handle: closed with it (or after its single frame loads)
    return reopened


def _is_animation(im: Image.Image) -> bool:
    return im.format in _ANIMATED_FORMATS and getattr(im, "n_frames", 1) > 1


def _load(im: Image.Image, name: str, path: Path) -> None:
    """Decode pixels, turning Pillow's many truncation errors into one message."""
    try:
        im.load()
    except Image.DecompressionBombError:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} has too many pixels to open safely; scale it down."),
                              name=name), path=str(path)) from None
    except MemoryError:
        raise _too_large_to_decode(name, path) from None
    except _DECODE_ERRORS as exc:
        raise _damaged(name, path, exc) from None


def _frames(im: Image.Image, name: str, path: Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> Iterator[Image.Image]:
    """Each frame, decoded. A GIF frame may reach past the first one's canvas (Pillow grows the
    image to hold it, and each later frame is decoded at that size): every frame is held to the
    pixel limit, and all of them together to the animation's, before it is decoded."""
    index = 0
    total = 0
    try:
        for frame in ImageSequence.Iterator(im):
            w, h = frame.size
            total += w * h
            if index and total > ANIMATION_LIMIT_FACTOR * max_pixels:
                raise ImageError(
                    Text(QT_TRANSLATE_NOOP("core", "File {name} is an animation whose frames grow to {w}×{h} pixels, more "
                                           "than the limit of {limit} for a whole animation; shorten it or scale it down."),
                         name=name, w=w, h=h, limit=_amount(ANIMATION_LIMIT_FACTOR * max_pixels)),
                    path=str(path),
                )
            if w * h > max_pixels:
                raise ImageError(
                    Text(QT_TRANSLATE_NOOP("core", "File {name} has a frame of {w}×{h} pixels (frame {n}), more than "
                                           "the limit of {limit}; scale it down or crop it, then attach it again."),
                         name=name, w=w, h=h, n=index + 1, limit=_amount(max_pixels)),
                    path=str(path),
                )
            _load(frame, name, path)
            index += 1
            yield frame
    except Image.DecompressionBombError:
        raise ImageError(
            Text(QT_TRANSLATE_NOOP("core", "File {name} has too many pixels to open safely (the limit is {limit}); "
                                   "scale it down or crop it, then attach it again."), name=name, limit=_amount(max_pixels)),
            path=str(path),
        ) from None
    except MemoryError:
        raise _too_large_to_decode(name, path) from None
    except _DECODE_ERRORS as exc:
        raise _damaged(name, path, exc) from None


def sniff(path: str | os.PathLike[str], *, name: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageInfo:
    """Check a file is an image we handle, by its content; decode it fully.

    Raises :class:`ImageError` naming ``name or path.name``. A HEIC file when no
    HEIC decoder is installed is accepted with width and height 0 (it will be
    attached unchanged).
    """
    path = Path(path)
    label = name or path.name or str(path)  # '.' has no name: say the path
    if not HEIF_DECODER and path.is_file():  # only without pillow-heif: attach unchanged
        with open(path, "rb") as fh:
            if _is_heif_content(fh.read(FTYP_HEAD)):
                return ImageInfo("HEIF", CONTENT_TYPES["HEIF"], 0, 0, 1)
    with _open(path, label, max_pixels) as im:
        fmt = im.format or "?"
        width, height = im.size
        frames = getattr(im, "n_frames", 1)
        if _is_animation(im):
            frames = sum(1 for _ in _frames(im, label, path, max_pixels))
            width, height = im.size  # a GIF's canvas grows with frames that reach past it
        else:
            if fmt in ("JPEG", "MPO"):
                # DCT-scaled decode: every byte of the entropy-coded data is still read
                # (truncation is still caught) at about half the cost of full pixels; as grey,
                # libjpeg also skips the chroma IDCT, upsampling and colour conversion (-17%).
                im.draft("L" if im.mode in ("RGB", "L") else im.mode, (max(1, width // 8), max(1, height // 8)))
            _load(im, label, path)
            if fmt not in ("JPEG", "MPO"):
                width, height = im.size  # TIFF turns itself upright as it loads (and drops the tag)
            if _orientation(im) in (5, 6, 7, 8):
                width, height = height, width  # as shown: the pipeline turns it upright
    return ImageInfo(fmt, CONTENT_TYPES.get(fmt, "application/octet-stream"), width, height, frames)


# -- normalising pixels ----------------------------------------------------------

_SRGB = ImageCms.createProfile("sRGB")


_SRGB_PROBE = Image.frombytes(
    "RGB", (216, 1), bytes(c for r in range(0, 256, 51) for g in range(0, 256, 51) for b in range(0, 256, 51)
                           for c in (r, g, b)),
)


@lru_cache(maxsize=16)
def _acts_as_srgb(icc: bytes) -> bool:
    """Whether an RGB profile maps colours to sRGB unchanged (within 2 levels), judged by what it does
    to a 6×6×6 colour cube, not by its name ("sRGB (linear)" is no sRGB). ~1 ms, once per profile."""
    try:
        src = ImageCms.ImageCmsProfile(BytesIO(icc))
        out = ImageCms.profileToProfile(_SRGB_PROBE, src, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                        outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return False
    assert out is not None
    diff = ImageChops.difference(out, _SRGB_PROBE).getextrema()
    return max(hi for _lo, hi in diff) <= 2  # type: ignore[union-attr]


def _is_grey(im: Image.Image) -> bool:
    """Whether every pixel is grey: grey modes, or a palette whose colours all are (RGB pixels are colour)."""
    if im.mode in ("1", "L", "LA", "La", *_DEEP_GREY):
        return True
    if im.mode in ("P", "PA"):
        pal = im.getpalette("RGB") or []
        return all(pal[i] == pal[i + 1] == pal[i + 2] for i in range(0, len(pal) - 2, 3))
    return False


def _to_srgb(im: Image.Image) -> tuple[Image.Image, bytes | None]:
    """Convert pixels with an embedded ICC profile to sRGB.

    Returns the image and, when the profile could not be applied, the profile
    bytes to embed in the output (keep the values *with* their profile). Grey
    values under an RGB profile are taken as R = G = B; a grey profile on a
    palette or grey+alpha image converts its grey and keeps its alpha.
    """
    icc = im.info.get("icc_profile")
    if not icc:
        return im, None
    try:
        src = ImageCms.ImageCmsProfile(BytesIO(icc))
        space = src.profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError, AttributeError):
        return im, icc if im.mode in ("RGB", "RGBA", "L", "CMYK") else None
    alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (im.mode == "P" and im.has_transparency_data)
    out_mode = "RGBA" if alpha else "RGB"
    if space == "RGB" and im.mode in ("RGB", "RGBA", "L", "LA", "P", "PA") and _acts_as_srgb(icc):
        return im, None  # already sRGB: skip the expensive transform
    if space == "GRAY" and not _is_grey(im):
        return im, None  # colour pixels under a grey profile: it does not describe them (browsers ignore it too)
    try:
        if space == "GRAY" and im.mode != "L":
            # lcms transforms grey only as L: convert that, then put the alpha back.
            rgba = im.convert("RGBA") if alpha else None
            converted = ImageCms.profileToProfile(
                im.convert("L"), src, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
            )
            assert converted is not None
            if rgba is not None:
                converted.putalpha(rgba.getchannel("A"))
            return converted, None
        if space == "RGB" and im.mode not in ("RGB", "RGBA"):
            im = im.convert(out_mode)
        converted = ImageCms.profileToProfile(
            im, src, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode=out_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im, icc
    assert converted is not None
    return converted, None


def _finite_extrema(im: Image.Image) -> tuple[float, float]:
    """(min, max) of a single-band image, NaN and ±Inf left out (one NaN first pixel makes Pillow's NaN)."""
    extrema = im.getextrema()
    lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
    if math.isfinite(lo) and math.isfinite(hi):
        return lo, hi
    values = [v for v in array("f", im.tobytes("raw", "F;32NF")) if math.isfinite(v)]  # rare: a slow exact pass
    return (min(values), max(values)) if values else (0.0, 0.0)


def _scale_16bit(im: Image.Image) -> Image.Image:
    """16/32-bit and float grey to 8-bit by scaling (a plain convert clips everything above 255).

    Integers scale by their bit depth (65535 is white) unless they go negative or past 16 bits,
    then by their real range. Floats in 0..1 (the usual convention) scale by 255, in 0..255 stay,
    anything else maps its finite range onto 0..255 (NaN black, ±Inf clipped to the ends).
    """
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    if im.mode == "F":
        lo, hi = _finite_extrema(im)
        if lo >= 0 and hi <= 1:
            scale, offset = 255.0, 0.0
        elif lo >= 0 and hi <= 255:
            scale, offset = 1.0, 0.0
        elif hi > lo:
            scale, offset = 255.0 / (hi - lo), -lo * 255.0 / (hi - lo)
        else:
            scale, offset = 0.0, 128.0  # one value outside both conventions: mid grey
        return im.point(lambda v: v * scale + offset + 0.5).convert("L")  # +0.5: round, not truncate
    extrema = im.getextrema()  # single band: (min, max)
    lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
    if lo < 0 or hi > 65535:
        # Negative or past 16 bits: only true 32-bit data does that; map its real range.
        span = (hi - lo) or 1.0
        return im.point(lambda v: (v - lo) * (255.0 / span) + 0.5).convert("L")
    return im.point(lambda v: v * (255.0 / 65535.0) + 0.5).convert("L")


_PIXEL_MODES = ("RGB", "RGBA", "L", "LA")
_DEEP_GREY = ("I", "I;16", "I;16B", "I;16L", "I;16N", "F")


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Any decoded mode -> RGB, RGBA, L or LA with 8 bits per channel (no clipping, no inversion)."""
    mode = im.mode
    if mode in _DEEP_GREY:
        return _scale_16bit(im)
    if mode == "1":
        return im.convert("LA" if "transparency" in im.info else "L")  # a 1-bit PNG's tRNS keeps its holes
    if mode in ("P", "PA"):
        return im.convert("RGBA" if im.has_transparency_data else "RGB")
    if mode == "CMYK":
        return im.convert("RGB")  # Pillow decodes Adobe-inverted CMYK JPEGs as CMYK;I already
    if mode in ("RGB", "L"):
        return im.convert("RGBA") if "transparency" in im.info else im
    if mode in ("RGBA", "LA"):
        return im
    if mode == "RGBX":
        return im.convert("RGB")
    if mode in ("RGBa", "La"):
        return im.convert("RGBA")
    return im.convert("RGBA" if im.has_transparency_data else "RGB")


def _normalise(im: Image.Image) -> tuple[Image.Image, bytes | None]:
    """Full-size normalisation: colours to sRGB where the mode needs it first, then 8-bit modes.

    RGB/RGBA/L/LA images keep their profile here (it stays in ``info``) and are
    converted by :func:`_prepare_still` after the downscale, on 4–16× fewer pixels.
    """
    if im.mode in _PIXEL_MODES and "transparency" not in im.info:
        return im, None
    if im.mode in _DEEP_GREY:
        # Scale to 8 bits first: a profile transform (or the RGB convert before one) clips 16-bit and float
        # values to white or black. The profile stays in ``info`` and is applied to the L image later.
        out = _scale_16bit(im)
        out.info.pop("transparency", None)  # a 16-bit tRNS value means nothing at 8 bits (Pillow drops it too)
        return out, None
    im, keep_icc = _to_srgb(im)
    return _normalise_mode(im), keep_icc


def _drop_opaque_alpha(im: Image.Image) -> Image.Image:
    if im.mode in ("RGBA", "LA") and im.getchannel("A").getextrema()[0] == 255:
        return im.convert("RGB" if im.mode == "RGBA" else "L")  # fully opaque: the alpha is dead weight
    return im


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(im: Image.Image) -> int:
    """The EXIF orientation tag (1 = as stored); unreadable EXIF counts as 1."""
    try:
        value = im.getexif().get(0x0112, 1)
    except (OSError, ValueError, SyntaxError, struct_error):
        return 1
    return value if isinstance(value, int) and value in _TRANSPOSE else 1


def _target_size(w: int, h: int, max_edge: int) -> tuple[int, int]:
    edge = max(w, h)
    if edge <= max_edge:
        return w, h
    scale = max_edge / edge
    return max(1, round(w * scale)), max(1, round(h * scale))


def _downscale(im: Image.Image, size: tuple[int, int], ui: bool = True) -> Image.Image:
    """Resize with reduce() for large integer factors first (fast box filter), then the final filter.

    ``ui``: area averaging (BOX) — it never rings, so flat fills stay flat and
    text stays legible; on the 5K bench pages it is 3x faster than Lanczos and the
    lossless file 25–40% smaller. Photos (``ui=False``) arrive within 2.5x of the
    target (JPEG draft or reduce() did the rest) and use bilinear: on the bench corpus
    it scores the same SSIM as Lanczos/bicubic at a third/two thirds of the CPU, and
    the smaller file lets the quality search go higher.
    """
    if im.size == size:
        return im
    w, h = im.size
    tw, th = size
    factor = min(w // tw, h // th)
    if factor >= 2 and w % factor == 0 and h % factor == 0 and (w // factor, h // factor) == size:
        return _reduce(im, factor)  # exact integer shrink (e.g. 4K -> 1080p): box filter only
    # Box-reduce by the integer part of the ratio, leaving at least 1.25x for the final filter:
    # 5K -> 1920 is reduce(2) + a 1.33x Lanczos instead of an 8-pixel-radius Lanczos over 15 MP.
    ratio = max(w / tw, h / th)
    factor = int(ratio / 1.25)
    if factor >= 2:
        im = _reduce(im, factor)
    return _resize(im, size, Image.Resampling.BOX if ui else Image.Resampling.BILINEAR)


# Resizing is one of the few steps of an image that splits cleanly: Pillow releases the GIL while it
# resamples, and horizontal bands of the output need only their own rows of the source. On two cores
# a 2000x1500 -> 1920x1440 bilinear resize (a 12 MP JPEG after its 1/2 draft decode) takes 10.9 ms in
# two bands instead of 18.6 ms, the same pixels within one level of rounding. Small images are not
# split: handing a band to another thread costs more than it saves. And only with a core to spare:
# when as many images are being made as there are cores, a band thread would only take a core from
# another image (bench: two photos at once took 69 ms with bands against 65 without).
BAND_MIN_PIXELS = 1_000_000
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
_BANDS = min(2, _CORES)
_band_pool: ThreadPoolExecutor | None = None
_band_pool_lock = threading.Lock()


class _JobCount:
    """Images being made right now in this process (threads); see :func:`share_job_count`."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def get_lock(self) -> threading.Lock:
        return self._lock


_jobs: Any = _JobCount()


def share_job_count(counter: Any) -> None:
    """Count images with ``counter`` (a ``multiprocessing.Value('i')``) shared by the image worker
    processes, so each knows whether a core is idle (core/procpool.py sets it in every worker)."""
    global _jobs
    _jobs = counter


@contextlib.contextmanager
def _counted() -> Iterator[None]:
    with _jobs.get_lock():
        _jobs.value += 1
    try:
        yield
    finally:
        with _jobs.get_lock():
            _jobs.value -= 1


def job_count_is_shared() -> bool:
    return not isinstance(_jobs, _JobCount)


def _spare_core() -> bool:
    return _BANDS >= 2 and _jobs.value < _CORES


def _forget_band_pool() -> None:
    """In a forked child: the parent's band thread does not exist there (a banded resize waited on it)."""
    global _band_pool, _band_pool_lock
    _band_pool, _band_pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_band_pool)


def _band_executor() -> ThreadPoolExecutor:
    global _band_pool
    with _band_pool_lock:
        if _band_pool is None:
            _band_pool = ThreadPoolExecutor(max_workers=_BANDS - 1, thread_name_prefix="bugzot-band")
        return _band_pool


def _in_bands(im: Image.Image, size: tuple[int, int], rows_per: int,
              band: Callable[[int, int], Image.Image]) -> Image.Image:
    """The output ``size`` made as horizontal bands (``band(y0, y1)`` makes output rows y0..y1, on
    boundaries that are multiples of ``rows_per``); one band in this thread, the others on the band pool."""
    tw, th = size
    if tw * th < BAND_MIN_PIXELS or im.mode not in _PIXEL_MODES or th < 2 * rows_per or not _spare_core():
        return band(0, th)
    edges = [th * i // _BANDS // rows_per * rows_per for i in range(_BANDS)] + [th]
    others = [_band_executor().submit(band, y0, y1) for y0, y1 in zip(edges[1:-1], edges[2:], strict=True)]
    first = band(edges[0], edges[1])
    out = Image.new(im.mode, size, None)  # not cleared: the bands cover it
    out.paste(first, (0, 0))
    for y0, future in zip(edges[1:-1], others, strict=True):
        out.paste(future.result(), (0, y0))
    out.info = dict(im.info)
    return out


def _resize(im: Image.Image, size: tuple[int, int], resample: Image.Resampling) -> Image.Image:
    """``im.resize(size, resample)``, in bands on two threads when large (see BAND_MIN_PIXELS).

    Not BOX: it takes each source row wholly or not at all, and a band's fractional start moved that
    line for whole output rows (QA: a 2736x1824 screenshot differed by up to 128 levels on 14 rows of
    the lower band). The continuous filters change by at most one level of rounding."""
    w, h = im.size
    tw, th = size
    if size == im.size:
        return im.copy()
    if resample == Image.Resampling.BOX:
        return im.resize(size, resample)
    return _in_bands(im, size, 1, lambda y0, y1: im.resize(
        (tw, y1 - y0), resample, box=(0, y0 * h / th, w, y1 * h / th)))


def _reduce(im: Image.Image, factor: int) -> Image.Image:
    """``im.reduce(factor)``, in bands on two threads when large; the output rounds up like reduce()."""
    w, h = im.size
    size = (-(-w // factor), -(-h // factor))
    return _in_bands(im, size, 1, lambda y0, y1: im.reduce(factor, box=(0, y0 * factor, w, min(h, y1 * factor))))


# -- classifying content ---------------------------------------------------------


def looks_like_screenshot(im: Image.Image) -> bool:
    """UI screenshots: few colours covering most pixels, or flat areas with sharp edges.

    Decided on a nearest-neighbour sample (keeps the real colours, ~64k pixels;
    getcolors holds the GIL, so the sample stays small). In UI shots either the
    32 most common colours cover most of the area, or most neighbouring sample
    pixels are identical (flat fills, even with hundreds of colours); in photos
    noise and gradients make neighbours differ and spread pixels over many colours.
    """
    w, h = im.size
    step = max(1, int(math.sqrt(w * h / 65_536)))
    sample = im.resize((max(1, w // step), max(1, h // step)), Image.Resampling.NEAREST) if step > 1 else im
    if sample.mode not in ("RGB", "L"):
        sample = sample.convert("RGBA" if "A" in sample.mode else "RGB")
    total = sample.width * sample.height
    colors = sample.getcolors(maxcolors=max(256, total // 4) + 1)
    if colors is None:
        return False  # more than one distinct colour per 4 pixels: photographic
    # Grey has only 256 values: 32 of them cover half of most grey photos (bench: the moon, a brick
    # wall), so a grey image needs its 8 most common levels on 3/4 of the area (UI: 0.95+).
    top, share = (8, 0.75) if sample.mode == "L" else (32, 0.5)
    if sum(c for c, _ in heapq.nlargest(top, colors, key=itemgetter(0))) >= share * total:
        return True
    if sample.width < 2:
        return False
    # Share of pixels equal to their right neighbour: difference image, count exact zeros.
    left = sample.crop((0, 0, sample.width - 1, sample.height))
    right = sample.crop((1, 0, sample.width, sample.height))
    diff = ImageChops.difference(left, right).convert("L")
    return diff.histogram()[0] >= 0.6 * left.width * left.height


# -- encoding into real files ----------------------------------------------------


class _Scratch:
    """Temporary files next to the output (same filesystem: the final step is a rename)."""

    def __init__(self, out_dir: Path, stem: str) -> None:
        self.out_dir = out_dir
        self.stem = stem
        self.paths: list[Path] = []

    def new(self, ext: str) -> Path:
        fd, name = tempfile.mkstemp(dir=self.out_dir, prefix=f".{self.stem}.", suffix=ext)
        os.close(fd)
        p = Path(name)
        self.paths.append(p)
        return p

    def keep(self, p: Path, final: Path) -> Path:
        os.replace(p, final)
        self.paths.remove(p)
        return final

    def drop(self, p: Path) -> None:
        p.unlink(missing_ok=True)
        self.paths.remove(p)

    def cleanup(self) -> None:
        for p in self.paths:
            p.unlink(missing_ok=True)
        self.paths.clear()


def _save(im: Image.Image, path: Path, fmt: str, **params: object) -> int:
    """Encode into a real file (GIL released for the whole encode); returns its size."""
    im.info = {}  # never carry metadata over from the source
    try:
        if fmt == "JPEG" and params.get("optimize"):
            with _whole_file_buffer(im):
                im.save(path, fmt, **params)
        else:
            im.save(path, fmt, **params)
    except OSError:
        if not (fmt == "JPEG" and params.get("optimize")):
            raise
        # Last resort (the buffer below should prevent it): unoptimised JPEG streams out.
        im.save(path, fmt, **{**params, "optimize": False})
    return path.stat().st_size


@contextlib.contextmanager
def _whole_file_buffer(im: Image.Image) -> Iterator[None]:
    """An optimised JPEG is written in one piece from Pillow's buffer, sized at one byte per pixel (two from
    quality 95): a very noisy image needs more, and libjpeg then printed "Suspension not allowed here" on
    stderr before the retry above. Pillow takes its buffer size from ImageFile.MAXBLOCK when that is larger,
    so it is raised for this save to what incompressible pixels can take (3 bytes each, plus headers).
    Another thread's save meanwhile only gets a larger buffer; one reading the value back early falls back
    to the retry, as before."""
    need = 3 * im.width * im.height + 65_536
    old = ImageFile.MAXBLOCK
    if need > old:
        ImageFile.MAXBLOCK = need
    try:
        yield
    finally:
        ImageFile.MAXBLOCK = old


def _palette(im: Image.Image) -> Image.Image | None:
    """The image as an exact palette image when it has at most 256 colours, else None."""
    if im.mode not in ("RGB", "L"):
        return None
    if im.mode == "L":
        return im
    colors = im.getcolors(256)  # gives up (returns None) at the 257th colour: cheap for rich images
    if colors is None:
        return None
    pal = Image.new("P", (1, 1))
    flat: list[int] = []
    for _count, rgb in colors:
        assert isinstance(rgb, tuple)  # RGB image: colours are (r, g, b)
        flat.extend(rgb)
    pal.putpalette(flat)
    out = im.quantize(palette=pal, dither=Image.Dither.NONE)
    # Pillow maps pixels to the palette through a coarse colour cache: near colours (a level or two
    # apart) can land on one entry. A PNG that is not exact is not lossless: leave it to WebP.
    if ImageChops.difference(out.convert("RGB"), im).getbbox() is not None:
        return None
    return out


def _encode_lossless(im: Image.Image, scratch: _Scratch, cancel: CancelToken, icc: bytes | None) -> tuple[Path, str, int]:
    """WebP lossless or optimised PNG, whichever is smaller.

    PNG is only tried when the image fits a 256-colour palette: for true-colour
    content WebP lossless is smaller every time (its predictors and colour cache
    are a superset of PNG's filters), so encoding a PNG as well would only cost time.
    """
    extra = {"icc_profile": icc} if icc else {}
    webp = scratch.new(".webp")
    webp_im = im if im.mode in ("RGB", "RGBA") else im.convert("RGBA" if "A" in im.mode else "RGB")
    webp_size = _save(webp_im, webp, "WEBP", lossless=True, quality=WEBP_LOSSLESS_EFFORT, method=1, **extra)
    cancel.check()
    pal = _palette(im)
    if pal is None:
        return webp, "WEBP", webp_size
    png = scratch.new(".png")
    png_size = _save(pal, png, "PNG", compress_level=9, **extra)
    if png_size < webp_size:
        scratch.drop(webp)
        return png, "PNG", png_size
    scratch.drop(png)
    return webp, "WEBP", webp_size


def _next_quality(tries: dict[int, int], budget: int, *, exact: bool = False) -> int | None:
    """The next quality to try, or None when the best fitting quality is found (close enough).

    Size is modelled as exponential in quality: the first step assumes bytes
    double every 10 quality steps (typical near the top), later steps use the
    slope measured between the two nearest tries (secant on log size). The goal
    is the highest quality within the budget. Each try here is a whole image, so
    one spending 85% of the budget is close enough; ``exact`` (tries on a cheap
    row sample) goes on until the next quality up is known not to fit.
    """
    target = budget * (0.995 if exact else 0.97)
    fits = sorted(q for q, n in tries.items() if n <= budget)
    over = sorted(q for q, n in tries.items() if n > budget)
    if exact:
        if fits and fits[-1] >= LOSSY_MAX_QUALITY:
            return None
    elif fits and (fits[-1] >= LOSSY_MAX_QUALITY or tries[fits[-1]] >= budget * 0.85):
        if not over or over[0] - fits[-1] <= 2 or tries[fits[-1]] >= budget * 0.85:
            return None
    if over and over[0] <= LOSSY_MIN_QUALITY and not fits:
        return None
    if fits and over:
        lo, hi = fits[-1], over[0]
        if hi - lo <= (1 if exact else 2):
            return None
    else:
        pts = (fits or over)
        lo, hi = (pts[-2], pts[-1]) if len(pts) >= 2 else (pts[0], pts[0])
    if lo == hi:
        q = lo + round(10 * math.log2(target / tries[lo]))
    else:
        slope = (math.log(tries[hi]) - math.log(tries[lo])) / (hi - lo)
        slope = max(slope, math.log(2) / 40)  # never assume size is flat in quality
        anchor = fits[-1] if fits else over[0]
        q = anchor + round((math.log(target) - math.log(tries[anchor])) / slope)
    if fits:
        q = max(q, fits[-1] + 1)
    if over:
        q = min(q, over[0] - 1)
    if len(over) >= 2 and not fits:
        # Two tries over and the secant still creeps (small images near their floor): step down by at
        # least a third of what is left, so the lowest quality is reached within the tries allowed.
        q = min(q, over[0] - max(2, (over[0] - LOSSY_MIN_QUALITY) // 3))
    q = min(max(q, LOSSY_MIN_QUALITY), LOSSY_MAX_QUALITY)
    return None if q in tries else q


def _row_sample(im: Image.Image) -> Image.Image | None:
    """Evenly spaced full-width strips, ~1/8 of the rows, on 16-row (JPEG MCU) boundaries, or None.

    Encoded bytes per row of the sample predict the whole image's within a few
    percent (bench corpus and scikit-image's photos: 0.93–1.10), so the quality
    search runs on an eighth of the pixels and the whole image is encoded once,
    at the chosen quality (twice when the prediction was off).
    """
    w, h = im.size
    strip = h // (8 * SAMPLE_STRIPS) // 16 * 16
    if h < SAMPLE_MIN_ROWS:
        return None
    sample = Image.new(im.mode, (w, strip * SAMPLE_STRIPS))
    for i in range(SAMPLE_STRIPS):
        top = (h - strip) * i // (SAMPLE_STRIPS - 1) // 16 * 16
        sample.paste(im.crop((0, top, w, top + strip)), (0, i * strip))
    return sample


def _size_at(sizes: dict[int, float], q: int) -> float:
    """Bytes at quality ``q``, interpolated on log size between the measured qualities (clamped slope outside)."""
    qs = sorted(sizes)
    if q in sizes:
        return sizes[q]
    lo = max((k for k in qs if k < q), default=None)
    hi = min((k for k in qs if k > q), default=None)
    if lo is not None and hi is not None:
        t = (q - lo) / (hi - lo)
        return math.exp(math.log(sizes[lo]) * (1 - t) + math.log(sizes[hi]) * t)
    # outside the measured range: the slope of the nearest pair, else bytes doubling every 10 steps
    a, b = (qs[0], qs[1]) if hi is not None and len(qs) >= 2 else ((qs[-2], qs[-1]) if len(qs) >= 2 else (qs[0], qs[0]))
    slope = (math.log(sizes[b]) - math.log(sizes[a])) / (b - a) if b != a else math.log(2) / 10
    slope = max(slope, math.log(2) / 40)
    anchor = hi if hi is not None else lo
    assert anchor is not None
    return sizes[anchor] * math.exp(slope * (q - anchor))


def _encode_lossy(
    im: Image.Image, scratch: _Scratch, budget: int, cancel: CancelToken, icc: bytes | None,
    *, fixed_quality: int | None = None,
) -> tuple[Path, str, int, str]:
    """JPEG (WebP when there is alpha) at the highest quality that fits ``budget``.

    Large images search on a row sample (:func:`_row_sample`) and encode the whole
    image once at the quality the sample predicts; small ones search on themselves.
    ``fixed_quality`` (thumbnails, previews): one encode at that quality when it fits
    the budget, the search only when it does not.

    Huffman optimisation (``optimize``) changes no pixel, only the bytes (~7% fewer),
    and costs a second pass over the image: ~40% of a 1920×1440 encode (19.5 vs 11 ms).
    A large image under a byte budget goes without it: the search spends those bytes
    on quality instead, and fills the budget to the last quality step (bench photo:
    quality 83 in 291 KB, SSIM 0.951, against 0.953 at the best optimised fit, for
    8 ms of its ~90). Small images (searched on themselves, a few ms each) and fixed
    qualities keep it: there the bytes are worth more than the time.
    """
    extra = {"icc_profile": icc} if icc else {}
    if im.mode in ("RGBA", "LA"):
        fmt, ext = "WEBP", ".webp"
        im = im.convert("RGBA")
        params: dict[str, object] = {"method": 4, **extra}
    else:
        fmt, ext = "JPEG", ".jpg"
        params = {**extra}
    sample = _row_sample(im)
    if fmt == "JPEG":
        params["optimize"] = fixed_quality is not None or sample is None
    files: dict[int, Path] = {}
    sizes: dict[int, int] = {}

    def encode(image: Image.Image, q: int) -> tuple[Path, int]:
        cancel.check()
        path = scratch.new(ext)
        chroma = {"subsampling": jpeg_subsampling(q)} if fmt == "JPEG" else {}
        return path, _save(image, path, fmt, quality=q, **chroma, **params)

    def search(image: Image.Image, scale: float) -> dict[int, int]:
        """Quality -> bytes (scaled to the whole image) of the tries on ``image``: up to MAX_ENCODES on
        the image itself, up to MAX_SAMPLE_ENCODES on a row sample, which goes on to the last step below
        SAMPLE_FILL of the budget (each try is ~1/15 of a whole-image encode)."""
        found: dict[int, int] = {}
        q: int | None = LOSSY_START_QUALITY
        on_sample = image is not im
        for _ in range(MAX_SAMPLE_ENCODES if on_sample else MAX_ENCODES):
            if q is None:
                break
            path, n = encode(image, q)
            found[q] = round(n * scale)
            if image is im:
                files[q], sizes[q] = path, n
            else:
                scratch.drop(path)
            q = _next_quality(found, round(budget * SAMPLE_FILL), exact=True) if on_sample else _next_quality(found, budget)
        return found

    if fixed_quality is not None:
        path, n = encode(im, fixed_quality)
        if n <= budget:
            return path, fmt, n, ""
        scratch.drop(path)
    if sample is None:
        search(im, 1.0)
        if not any(n <= budget for n in sizes.values()) and LOSSY_MIN_QUALITY not in sizes:
            # Still over after the tries: whether the lowest quality fits decides between it and fewer pixels.
            cancel.check()
            files[LOSSY_MIN_QUALITY], sizes[LOSSY_MIN_QUALITY] = encode(im, LOSSY_MIN_QUALITY)
    else:
        predicted: dict[int, float] = dict(search(sample, im.height / sample.height))
        order: list[int] = []  # qualities encoded on the whole image, in order
        for _ in range(MAX_FULL_ENCODES):
            fits_q = max((k for k, n in sizes.items() if n <= budget), default=LOSSY_MIN_QUALITY - 1)
            over_q = min((k for k, n in sizes.items() if n > budget), default=LOSSY_MAX_QUALITY + 1)
            if over_q - fits_q <= 1:
                break  # the best fitting quality is known
            # correct the prediction by what the whole image really took at the last quality tried
            factor = sizes[order[-1]] / _size_at(predicted, order[-1]) if order else 1.0
            # the first whole-image encode aims where the sample search did; a corrected one just under the
            # budget (whole-image bytes follow the sample's curve within ~1% once scaled by the measured factor)
            target = budget * (0.99 if order else SAMPLE_FILL)
            candidates = [
                q for q in range(fits_q + 1, over_q) if factor * _size_at(predicted, q) <= target and q not in sizes
            ]
            if not candidates:
                if sizes and fits_q >= LOSSY_MIN_QUALITY:
                    break  # what fits is as good as the prediction allows
                candidates = [max(fits_q + 1, LOSSY_MIN_QUALITY)]
            q = max(candidates)
            if sizes and q == fits_q + 1 and fits_q >= LOSSY_MIN_QUALITY and sizes[fits_q] >= budget * 0.9:
                break  # one step up would gain little and likely not fit
            files[q], sizes[q] = encode(im, q)
            order.append(q)
    fits = [k for k, n in sizes.items() if n <= budget]
    note = ""
    if fits:
        q = max(fits)
    else:
        q = min(sizes)
        note = f"Still {sizes[q]} bytes at the lowest quality ({q}), over the {budget}-byte budget."
    for k, p in files.items():
        if k != q:
            scratch.drop(p)
    return files[q], fmt, sizes[q], note


def _lossy_budget(src: Path, from_jpeg: bool, orig: tuple[int, int], out: Image.Image, budget: int,
                  fixed_quality: int | None) -> int:
    """The bytes a lossy encode may fill: the budget, but for a JPEG no more than the source spent on as many
    pixels. Re-encoding a JPEG at a higher quality than it was made with adds bytes and no detail (QA: a
    93 KB JPEG came back as a 136 KB one under the 300 KB budget)."""
    if not from_jpeg or fixed_quality is not None:
        return budget
    try:
        spent = src.stat().st_size * (out.width * out.height) / max(1, orig[0] * orig[1])
    except OSError:
        return budget
    return max(1, min(budget, int(spent)))


def _out_name(out_dir: Path, stem: str, fmt: str) -> Path:
    return out_dir / f"{stem}{SUPPORTED_FORMATS[fmt][1]}"


# -- the pipeline ----------------------------------------------------------------


def _prepare_still(
    im: Image.Image, label: str, src: Path, max_edge: int, cancel: CancelToken
) -> tuple[Image.Image, bytes | None, tuple[int, int], bool]:
    """Decode (JPEG draft when shrinking), normalise, classify, downscale, then orient and colour-convert.

    Orientation and the sRGB transform run after the downscale (on far fewer
    pixels); the longest edge does not depend on the orientation. Returns the
    image, an ICC profile to embed (only when it could not be applied), the
    source size as displayed, and whether it looks like a screenshot.
    """
    stored = im.size
    if im.format in ("JPEG", "MPO"):
        target = _target_size(*im.size, max_edge)
        if target != im.size:
            # DCT scaling at decode: 1/2, 1/4, 1/8 of the work, never below the target size.
            im.draft(None, target)
    _load(im, label, src)
    # Read after the decode: Pillow's TIFF decoder applies the tag itself as it loads (its size is
    # already the displayed one) and drops it, so it must not be applied twice.
    orientation = _orientation(im)
    cancel.check()
    norm, icc = _normalise(im)
    cancel.check()
    screenshot = looks_like_screenshot(norm)
    out = _downscale(norm, _target_size(*norm.size, max_edge), ui=screenshot)
    cancel.check()
    if out.mode in _PIXEL_MODES and icc is None and "icc_profile" in out.info:
        out, icc = _to_srgb(out)
        out = _normalise_mode(out)
    if orientation != 1:
        out = out.transpose(_TRANSPOSE[orientation])
    out = _drop_opaque_alpha(out)
    shown = stored if orientation in (1, 2, 3, 4) else (stored[1], stored[0])
    return out, icc, shown, screenshot


def preview_rgba(path: str | os.PathLike[str], edge: int, *, name: str | None = None) -> tuple[int, int, bytes]:
    """A still picture of ``path`` at most ``edge`` on its longest side: (width, height, RGBA bytes).

    For thumbnails of formats Qt has no plugin for (AVIF, HEIC): the window's file check said yes, and
    the thumbnail then said "Unsupported image format". Oriented and in sRGB, like the upload."""
    src = Path(path)
    label = name or src.name or str(src)
    with _open(src, label, DEFAULT_MAX_PIXELS) as im:
        out, _icc, _shown, _ui = _prepare_still(im, label, src, max(1, edge), NEVER)
    out = out.convert("RGBA")
    return out.width, out.height, out.tobytes()


def compress(
    src: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    max_edge: int = DEFAULT_MAX_EDGE,
    byte_budget: int = DEFAULT_BYTE_BUDGET,
    cancel: CancelToken = NEVER,
    stem: str | None = None,
) -> CompressResult:
    """Compress one image into ``out_dir/<stem>.<ext>`` for upload.

    Screenshots go lossless (WebP lossless or PNG, whichever is smaller);
    photos go lossy with a quality search fitting ``byte_budget``; animations
    keep their frames. Raises :class:`ImageError` (names the file) or
    :class:`CancelledError`.
    """
    return _run(Path(src), Path(out_dir), max_edge=max_edge, byte_budget=byte_budget, cancel=cancel,
                stem=stem, keep_animation=True)


def derivative(
    src: str | os.PathLike[str], dst_dir: str | os.PathLike[str], *, max_edge: int, stem: str,
    cancel: CancelToken = NEVER,
) -> CompressResult:
    """A still thumbnail (256) or preview (1280) of an image, same rules as :func:`compress`.

    The byte budget scales with the area (about 2 bits per pixel); animations
    give their first frame. HEIC without a decoder raises :class:`ImageError`.
    """
    budget = max(20_000, max_edge * max_edge // 4)
    return _run(Path(src), Path(dst_dir), max_edge=max_edge, byte_budget=budget, cancel=cancel, stem=stem,
                keep_animation=False, copy_undecodable=False, fixed_quality=DERIVATIVE_QUALITY)


def _run(src: Path, out_dir: Path, **options: Any) -> CompressResult:
    with _counted():  # whether a core is idle for resize bands
        try:
            return _run_one(src, out_dir, **options)
        except MemoryError:  # in a resize or an encode, not only the decode: name the file (QA: a traceback)
            raise _too_large_to_decode(src.name or str(src), src) from None


def _run_one(
    src: Path, out_dir: Path, *, max_edge: int, byte_budget: int, cancel: CancelToken, stem: str | None,
    keep_animation: bool, copy_undecodable: bool = True, fixed_quality: int | None = None,
) -> CompressResult:
    if max_edge < 1:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "Longest edge {n} must be at least 1 pixel."), n=max_edge))
    label = src.name or str(src)  # '.' has no name: say the path
    stem = stem or src.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    cancel.check()
    if not HEIF_DECODER and src.is_file():  # only without pillow-heif: attach unchanged
        with open(src, "rb") as fh:
            if _is_heif_content(fh.read(FTYP_HEAD)):
                return _attach_unchanged(src, out_dir, stem, label, copy_undecodable)
    scratch = _Scratch(out_dir, stem)
    try:
        with _open(src, label, DEFAULT_MAX_PIXELS) as im:
            if keep_animation and _is_animation(im):
                return _animated(im, src, label, out_dir, stem, max_edge, byte_budget, cancel, scratch)
            prepared, icc, orig, screenshot = _prepare_still(im, label, src, max_edge, cancel)
            from_jpeg = im.format in ("JPEG", "MPO")
        cancel.check()
        notes = []
        if prepared.size != orig and max(orig) > max_edge:
            notes.append(f"Downscaled from {orig[0]}×{orig[1]}.")
        if screenshot:
            cancel.check()
            path, fmt, size = _encode_lossless(prepared, scratch, cancel, icc)
            lossless = True
            if from_jpeg and size > min(byte_budget, src.stat().st_size):
                # A JPEG is lossy already: lossless keeps its artefacts exactly, and came out larger than the
                # JPEG itself (QA: a 133 KB fractal became a 179 KB lossless WebP, over a 100 KB budget).
                scratch.drop(path)
                screenshot = False
                notes.append(f"Lossless would be {size} bytes, more than the JPEG it comes from or the budget; "
                             "sent lossy instead.")
            elif size > LOSSLESS_BUDGET_FACTOR * byte_budget:
                # Flat UI around a large photo or video frame: lossless would be huge, so fit the budget.
                scratch.drop(path)
                screenshot = False
                notes.append(f"Lossless would be {size} bytes (mostly photographic content); sent lossy instead.")
        if not screenshot:
            # Real transparency makes _encode_lossy pick WebP; JPEG only ever sees opaque pixels.
            path, fmt, size, note = _encode_lossy(prepared, scratch, _lossy_budget(src, from_jpeg, orig, prepared,
                                                                                   byte_budget, fixed_quality),
                                                  cancel, icc, fixed_quality=fixed_quality)
            if note and size <= byte_budget:
                note = ""  # over the JPEG's own size at the lowest quality, but within the budget: fine
            shrunk = ""
            for _ in range(3):
                if not note:
                    break
                # Over budget even at the lowest quality: fewer pixels beat a mush of blocks.
                scale = math.sqrt(byte_budget / size) * 0.9
                smaller = (max(1, int(prepared.width * scale)), max(1, int(prepared.height * scale)))
                prepared = prepared.resize(smaller, Image.Resampling.LANCZOS)
                scratch.drop(path)
                cancel.check()
                path, fmt, size, note = _encode_lossy(prepared, scratch, byte_budget, cancel, icc)
                shrunk = f"Scaled down to {smaller[0]}×{smaller[1]} to fit the {byte_budget}-byte budget."
            if shrunk:
                notes.append(shrunk)
            lossless = False
            if note:
                notes.append(note)
        cancel.check()
        target = _out_name(out_dir, stem, fmt)
        if target.exists() and target.resolve() == src.resolve():
            target = out_dir / f"{stem}-compressed{target.suffix}"  # never overwrite the original
        final = scratch.keep(path, target)
        return CompressResult(final, fmt, CONTENT_TYPES[fmt], prepared.width, prepared.height, size, lossless,
                              " ".join(notes), over_budget=not lossless and size > byte_budget)
    finally:
        scratch.cleanup()


def _animated(
    im: Image.Image, src: Path, label: str, out_dir: Path, stem: str, max_edge: int, budget: int,
    cancel: CancelToken, scratch: _Scratch,
) -> CompressResult:
    """Keep every frame: resize each, encode an animated WebP (lossless for UI, else lossy)."""
    frames: list[Image.Image] = []
    durations: list[int] = []
    # A GIF without a NETSCAPE block plays once (WebP: loop count 1); elsewhere a missing count means forever.
    loop = im.info.get("loop", 1 if im.format == "GIF" else 0)
    if im.format == "GIF" and "loop" in im.info and 0 < loop < 65535:
        # A GIF's count is of repeats after the first play, a WebP's (and an APNG's) of plays: libwebp's
        # gif2webp adds one too ("adapt GIF's semantic to WebP's"). 0 is forever in all three.
        loop += 1
    # An APNG's default image is what viewers without APNG show: it is not one of the animation's frames.
    skip_first = im.format == "PNG" and bool(getattr(im, "default_image", False))
    n = getattr(im, "n_frames", 1) - skip_first
    orientation = _orientation(im)

    def fit(canvas: tuple[int, int]) -> tuple[tuple[int, int], str]:
        target = _target_size(*canvas, max_edge)
        if n * target[0] * target[1] <= ANIMATION_WORK_PIXELS:
            return target, f"Animation with {n} frames kept."
        # Every frame is held until the encoder runs: shrink them so the whole stays within memory.
        scale = math.sqrt(ANIMATION_WORK_PIXELS / (n * target[0] * target[1]))
        target = (max(1, int(target[0] * scale)), max(1, int(target[1] * scale)))
        return target, f"Animation with {n} frames kept, scaled to {target[0]}×{target[1]} to fit in memory."

    canvas = im.size
    target, note = fit(canvas)
    to_srgb, icc = _animation_colours(im.info.get("icc_profile"))
    for index, frame in enumerate(_frames(im, label, src)):
        cancel.check()
        if skip_first and index == 0:
            continue
        if frame.size != canvas:
            # A GIF frame reached past the canvas and Pillow grew it: the earlier frames keep their
            # place (top left) on the larger canvas, at the new scale.
            grown, grown_note = fit(frame.size)
            old = (max(1, round(canvas[0] * grown[0] / frame.size[0])), max(1, round(canvas[1] * grown[1] / frame.size[1])))
            padded = []
            for f in frames:
                page = Image.new("RGBA", grown, (0, 0, 0, 0))
                page.paste(f.resize(old, Image.Resampling.LANCZOS), (0, 0))
                padded.append(page)
            frames, canvas, target, note = padded, frame.size, grown, grown_note
        durations.append(int(frame.info.get("duration", 100)) or 100)
        rgba = _downscale(frame.convert("RGBA"), target)
        frames.append(to_srgb(rgba) if to_srgb is not None else rgba)
    if orientation != 1:
        for i, f in enumerate(frames):  # one frame at a time: the old one is freed as the new one is made
            frames[i] = f.transpose(_TRANSPOSE[orientation])
        target = frames[0].size
    transparent = any(f.getchannel("A").getextrema()[0] < 255 for f in frames)
    lossless = looks_like_screenshot(frames[0])
    path = scratch.new(".webp")

    def encode(frames: list[Image.Image], **options: object) -> int:
        cancel.check()
        extra = {"icc_profile": icc} if icc else {}
        written = _save(frames[0], path, "WEBP", save_all=True, append_images=frames[1:], duration=durations,
                        loop=loop, **extra, **options)
        if transparent:
            _mark_webp_alpha(path)
        return written

    if lossless:
        size = encode(frames, lossless=True, quality=WEBP_LOSSLESS_EFFORT, method=1)
    if not lossless or size > budget:
        # Lossy within the budget: a lower quality first, then fewer pixels (never below a
        # readable size; past that the note says it is over and what to do).
        lossless = False
        for quality in ANIMATION_QUALITIES:
            size = encode(frames, quality=quality, method=4)
            if size <= budget:
                break
        for _ in range(2):
            edge = max(frames[0].size)
            if size <= budget or edge <= ANIMATION_MIN_EDGE:
                break
            scale = max(math.sqrt(budget / size) * 0.9, ANIMATION_MIN_EDGE / edge)
            target = (max(1, round(frames[0].width * scale)), max(1, round(frames[0].height * scale)))
            frames = [f.resize(target, Image.Resampling.LANCZOS) for f in frames]
            size = encode(frames, quality=ANIMATION_QUALITIES[-1], method=4)
            note = f"Animation with {n} frames kept, scaled to {target[0]}×{target[1]} to fit the {budget}-byte budget."
        if size > budget:
            note += (f" It is {size} bytes, over the {budget}-byte budget even at {target[0]}×{target[1]}: "
                     "send the original, or shorten it.")
    out_path = _out_name(out_dir, stem, "WEBP")
    if out_path.exists() and out_path.resolve() == src.resolve():
        out_path = out_dir / f"{stem}-compressed.webp"  # never overwrite the original
    final = scratch.keep(path, out_path)
    return CompressResult(final, "WEBP", CONTENT_TYPES["WEBP"], target[0], target[1], size, lossless, note,
                          over_budget=not lossless and size > budget)


def _animation_colours(icc: bytes | None) -> tuple[Callable[[Image.Image], Image.Image] | None, bytes | None]:
    """For an animation's profile: a function taking its RGBA frames to sRGB, or (when the profile
    cannot be applied: a broken one) the profile to embed with the raw values. sRGB needs neither.

    A grey profile converts grey frames through their grey channel (lcms takes grey only as L) and
    leaves colour frames as they are: it does not describe them (as for stills)."""
    if not icc:
        return None, None
    try:
        src = ImageCms.ImageCmsProfile(BytesIO(icc))
        space = src.profile.xcolor_space.strip()
        if space == "RGB":
            if _acts_as_srgb(icc):
                return None, None
            rgb = ImageCms.buildTransform(src, _SRGB, "RGBA", "RGBA", ImageCms.Intent.PERCEPTUAL)
            return (lambda frame: ImageCms.applyTransform(frame, rgb)), None  # type: ignore[return-value]
        if space == "GRAY":
            grey = ImageCms.buildTransform(src, _SRGB, "L", "RGB", ImageCms.Intent.PERCEPTUAL)

            def from_grey(frame: Image.Image) -> Image.Image:
                r, g, b, a = frame.split()
                if ImageChops.difference(r, g).getbbox() or ImageChops.difference(r, b).getbbox():
                    return frame  # colour pixels: the grey profile does not describe them
                out = ImageCms.applyTransform(r, grey)
                assert out is not None
                out.putalpha(a)
                return out

            return from_grey, None
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError, AttributeError):
        pass
    return None, icc


def _mark_webp_alpha(path: Path) -> None:
    """Set the alpha flag of an animated WebP whose frames have transparency.

    libwebp's animation encoder (1.6) crops a key frame to its opaque part when the rest is
    transparent canvas, then sets the file's alpha flag only from the frames' own bitstreams:
    the flag is missing and decoders (Pillow among them) show the transparent canvas black.
    """
    with open(path, "r+b") as fh:
        head = fh.read(21)
        if len(head) == 21 and head[:4] == b"RIFF" and head[8:16] == b"WEBPVP8X" and not head[20] & 0x10:
            fh.seek(20)
            fh.write(bytes([head[20] | 0x10]))


def _attach_unchanged(src: Path, out_dir: Path, stem: str, label: str, allowed: bool) -> CompressResult:
    if not allowed:
        raise ImageError(Text(QT_TRANSLATE_NOOP("core", "File {name} is a HEIC image and no HEIC decoder is installed "
                                                "(pip install pillow-heif)."), name=label),
                         path=str(src))
    final = out_dir / f"{stem}.heic"
    if final.resolve() != src.resolve():
        shutil.copyfile(src, final)
    return CompressResult(final, "HEIF", CONTENT_TYPES["HEIF"], 0, 0, final.stat().st_size, True,
                          f"{label} attached unchanged, its metadata (a phone photo's location among it) too: no HEIC decoder is "
                          "installed (pip install pillow-heif).")
