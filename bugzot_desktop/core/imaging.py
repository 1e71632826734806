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

import math
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from bugzot_desktop.core.cancel import NEVER, CancelToken
from bugzot_desktop.core.errors import ImageError

try:  # HEIC/HEIF from phones: optional decoder (extra [heif])
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_DECODER = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIF_DECODER = False

# We enforce our own (stricter) limit with a clear message, so Pillow's own bomb
# warning for 89–179 MP images would only be noise; its hard error is caught below.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

DEFAULT_MAX_PIXELS = 80_000_000
"""Largest single frame we decode (80 MP covers three 5K screens side by side)."""

ANIMATION_MAX_PIXELS = 4 * DEFAULT_MAX_PIXELS
"""Largest total over all frames of an animation (frames × width × height)."""

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
_ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG"})

DEFAULT_MAX_EDGE = 1920
DEFAULT_BYTE_BUDGET = 300_000
JPEG_MAX_QUALITY = 85  # visually transparent for photos; no need to spend more bytes
JPEG_MIN_QUALITY = 40
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class ImageInfo:
    """What :func:`sniff` learned from a file's content."""

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


# -- recognising files -----------------------------------------------------------

_NON_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
)


def _describe_non_image(head: bytes) -> str:
    """A human name for common non-image content, for the refusal message."""
    for sig, what in _NON_IMAGE_SIGNATURES:
        if head.startswith(sig):
            return what
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text:
        return "an SVG drawing"
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text or b"<body" in text:
        return "an HTML page"
    if text.startswith(b"<?xml"):
        return "an XML document"
    return "not a supported image"


def _is_heif_content(head: bytes) -> bool:
    """ISO-BMFF 'ftyp' box with a HEIF brand (HEIC phone photos)."""
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
    )


def _supported_list() -> str:
    return "PNG, JPEG, GIF, WebP, BMP, TIFF, AVIF" + (", HEIC" if HEIF_DECODER else "")


def _amount(pixels: int) -> str:
    """A pixel count for messages: '80 MP' or '1,000 pixels'."""
    return f"{pixels / 1e6:g} MP" if pixels >= 1_000_000 else f"{pixels:,} pixels"


def _open(path: Path, name: str, max_pixels: int) -> Image.Image:
    """Open (lazily) with the format allowlist and the pixel limit; errors name the file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImageError(f"File {name} does not exist; attach it again.", path=str(path)) from None
    except OSError as exc:
        raise ImageError(f"File {name} could not be read ({exc.strerror}); check its permissions.", path=str(path)) from None
    if path.is_dir():
        raise ImageError(f"{name} is a folder, not an image; choose an image file.", path=str(path))
    if size == 0:
        raise ImageError(f"File {name} is empty (0 bytes); capture or export the image again.", path=str(path))
    try:
        im = Image.open(path, formats=_OPEN_FORMATS)
    except Image.DecompressionBombError:
        raise ImageError(
            f"File {name} has too many pixels to open safely (the limit is {_amount(max_pixels)}); "
            "scale it down or crop it, then attach it again.",
            path=str(path),
        ) from None
    except UnidentifiedImageError:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        what = _describe_non_image(head)
        if what == "not a supported image":
            msg = f"File {name} is not a supported image; attach a {_supported_list()} file."
        else:
            msg = f"File {name} is {what}, not an image; attach a {_supported_list()} file."
        raise ImageError(msg, path=str(path)) from None
    except OSError as exc:
        raise ImageError(f"File {name} could not be read as an image ({exc}); export it again.", path=str(path)) from None
    w, h = im.size
    frames = getattr(im, "n_frames", 1)
    if w * h > max_pixels or w * h * (frames if _is_animation(im) else 1) > 4 * max_pixels:
        im.close()
        raise ImageError(
            f"File {name} is {w}×{h} pixels{f' × {frames} frames' if frames > 1 else ''}, more than the "
            f"limit of {_amount(max_pixels)}; scale it down or crop it, then attach it again.",
            path=str(path),
        )
    if w == 0 or h == 0:
        im.close()
        raise ImageError(f"File {name} has no pixels ({w}×{h}); export it again.", path=str(path))
    return im


def _is_animation(im: Image.Image) -> bool:
    return im.format in _ANIMATED_FORMATS and getattr(im, "n_frames", 1) > 1


def _load(im: Image.Image, name: str, path: Path) -> None:
    """Decode pixels, turning Pillow's many truncation errors into one message."""
    try:
        im.load()
    except Image.DecompressionBombError:
        raise ImageError(f"File {name} has too many pixels to open safely; scale it down.", path=str(path)) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise ImageError(
            f"File {name} is truncated or damaged ({exc}); capture or export it again.", path=str(path)
        ) from None


def _frames(im: Image.Image, name: str, path: Path) -> Iterator[Image.Image]:
    try:
        for frame in ImageSequence.Iterator(im):
            _load(frame, name, path)
            yield frame
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(
            f"File {name} is truncated or damaged ({exc}); capture or export it again.", path=str(path)
        ) from None


def sniff(path: str | os.PathLike[str], *, name: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageInfo:
    """Check a file is an image we handle, by its content; decode it fully.

    Raises :class:`ImageError` naming ``name or path.name``. A HEIC file when no
    HEIC decoder is installed is accepted with width and height 0 (it will be
    attached unchanged).
    """
    path = Path(path)
    label = name or path.name
    if not HEIF_DECODER and path.is_file():  # only without pillow-heif: attach unchanged
        with open(path, "rb") as fh:
            if _is_heif_content(fh.read(16)):
                return ImageInfo("HEIF", CONTENT_TYPES["HEIF"], 0, 0, 1)
    with _open(path, label, max_pixels) as im:
        fmt = im.format or "?"
        width, height = im.size
        frames = getattr(im, "n_frames", 1)
        if _is_animation(im):
            count = sum(1 for _ in _frames(im, label, path))
            frames = count
        else:
            _load(im, label, path)
    return ImageInfo(fmt, CONTENT_TYPES.get(fmt, "application/octet-stream"), width, height, frames)


# -- normalising pixels ----------------------------------------------------------

_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(im: Image.Image) -> tuple[Image.Image, bytes | None]:
    """Convert pixels with an embedded ICC profile to sRGB.

    Returns the image and, when the profile could not be applied, the profile
    bytes to embed in the output (keep the values *with* their profile).
    """
    icc = im.info.get("icc_profile")
    if not icc:
        return im, None
    try:
        src = ImageCms.ImageCmsProfile(BytesIO(icc))
        desc = (ImageCms.getProfileDescription(src) or "").strip()
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError):
        return im, icc if im.mode in ("RGB", "RGBA", "L", "CMYK") else None
    if desc.startswith("sRGB") and im.mode in ("RGB", "RGBA", "L", "LA"):
        return im, None  # already sRGB: skip the expensive transform
    out_mode = "RGBA" if im.mode in ("RGBA", "LA", "PA") else "RGB"
    try:
        if im.mode in ("LA", "PA", "P"):
            im = im.convert("RGBA" if out_mode == "RGBA" else "RGB")
        converted = ImageCms.profileToProfile(
            im, src, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode=out_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im, icc
    assert converted is not None
    return converted, None


def _scale_16bit(im: Image.Image) -> Image.Image:
    """16/32-bit grey to 8-bit by scaling (a plain convert clips everything above 255)."""
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    if im.mode == "F":
        lo, hi = im.getextrema()
        span = (hi - lo) or 1.0
        return im.point(lambda v: (v - lo) * 255.0 / span).convert("L")
    lo, hi = im.getextrema()
    # Values above 65535 only happen in true 32-bit images: scale by their real maximum.
    top = 65535 if hi <= 65535 else hi
    return im.point(lambda v: v * (255.0 / top) + 0.5).convert("L")


def _normalise(im: Image.Image) -> tuple[Image.Image, bytes | None]:
    """Any decoded mode -> RGB, RGBA, L or LA (8 bits), colours in sRGB."""
    im, keep_icc = _to_srgb(im)
    mode = im.mode
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        im = _scale_16bit(im)
    elif mode == "1":
        im = im.convert("L")
    elif mode == "P" or mode == "PA":
        im = im.convert("RGBA" if im.has_transparency_data else "RGB")
    elif mode == "CMYK":
        im = im.convert("RGB")  # Pillow decodes Adobe-inverted CMYK JPEGs as CMYK;I already
    elif mode in ("RGB", "RGBA", "L", "LA"):
        if mode in ("RGB", "L") and "transparency" in im.info:
            im = im.convert("RGBA")
    elif mode in ("YCbCr", "LAB", "HSV"):
        im = im.convert("RGB")
    elif mode in ("RGBX", "RGBa", "La"):
        im = im.convert("RGBA" if mode != "RGBX" else "RGB")
    else:
        im = im.convert("RGBA" if im.has_transparency_data else "RGB")
    if im.mode in ("RGBA", "LA") and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB" if im.mode == "RGBA" else "L")  # fully opaque: drop the alpha
    return im, keep_icc


def _flatten(im: Image.Image) -> Image.Image:
    """Alpha onto white, for formats that cannot hold transparency (JPEG)."""
    if im.mode not in ("RGBA", "LA"):
        return im
    rgba = im.convert("RGBA")
    bg = Image.new("RGB", im.size, WHITE)
    bg.paste(rgba, mask=rgba.getchannel("A"))
    return bg if im.mode == "RGBA" else bg.convert("L")


def _target_size(w: int, h: int, max_edge: int) -> tuple[int, int]:
    edge = max(w, h)
    if edge <= max_edge:
        return w, h
    scale = max_edge / edge
    return max(1, round(w * scale)), max(1, round(h * scale))


def _downscale(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize with reduce() for large integer factors first (fast box filter), then Lanczos."""
    if im.size == size:
        return im
    w, h = im.size
    tw, th = size
    factor = min(w // tw, h // th)
    if factor >= 2 and w % factor == 0 and h % factor == 0 and (w // factor, h // factor) == size:
        return im.reduce(factor)  # exact integer shrink (e.g. 4K -> 1080p): box filter only
    if factor >= 3:  # leave at least 2x for Lanczos to keep it sharp
        im = im.reduce(factor // 2 if factor < 4 else factor - 1)
    return im.resize(size, Image.Resampling.LANCZOS)


# -- classifying content ---------------------------------------------------------


def looks_like_screenshot(im: Image.Image) -> bool:
    """UI screenshots: few colours covering most pixels, flat areas, sharp edges.

    Decided on a nearest-neighbour sample (keeps the real colours, ~256k pixels):
    in UI shots the 32 most common colours cover most of the area; in photos,
    noise and gradients spread pixels over tens of thousands of colours.
    """
    w, h = im.size
    step = max(1, int(math.sqrt(w * h / 262_144)))
    sample = im.resize((max(1, w // step), max(1, h // step)), Image.Resampling.NEAREST) if step > 1 else im
    if sample.mode not in ("RGB", "L"):
        sample = sample.convert("RGBA" if "A" in sample.mode else "RGB")
    total = sample.width * sample.height
    colors = sample.getcolors(maxcolors=max(256, total // 4) + 1)
    if colors is None:
        return False  # more than one distinct colour per 4 pixels: photographic
    colors.sort(key=lambda c: c[0], reverse=True)
    top = sum(c for c, _ in colors[:32])
    return top >= 0.5 * total


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
    im.save(path, fmt, **params)
    return path.stat().st_size


def _png_candidate(im: Image.Image) -> Image.Image:
    """Optimised PNG input: an exact palette when the image has at most 256 colours."""
    if im.mode == "RGB":
        colors = im.getcolors(256)
        if colors is not None:
            pal = Image.new("P", (1, 1))
            flat: list[int] = []
            for _count, rgb in colors:
                flat.extend(rgb)
            pal.putpalette(flat)
            return im.quantize(palette=pal, dither=Image.Dither.NONE)
    return im


def _encode_lossless(im: Image.Image, scratch: _Scratch, cancel: CancelToken, icc: bytes | None) -> tuple[Path, str, int]:
    """WebP lossless or optimised PNG, whichever is smaller."""
    extra = {"icc_profile": icc} if icc else {}
    webp = scratch.new(".webp")
    webp_im = im if im.mode in ("RGB", "RGBA") else im.convert("RGBA" if "A" in im.mode else "RGB")
    webp_size = _save(webp_im, webp, "WEBP", lossless=True, quality=20, method=1, **extra)
    cancel.check()
    png = scratch.new(".png")
    png_size = _save(_png_candidate(im), png, "PNG", compress_level=6, **extra)
    if png_size < webp_size:
        return png, "PNG", png_size
    return webp, "WEBP", webp_size


def _encode_lossy(
    im: Image.Image, scratch: _Scratch, budget: int, cancel: CancelToken, icc: bytes | None
) -> tuple[Path, str, int, str]:
    """JPEG (WebP when there is alpha) with a quality search that fits ``budget``.

    Bytes grow roughly exponentially with quality in the useful range, so each
    step interpolates log(size) between the two closest tries (2–4 encodes).
    """
    extra = {"icc_profile": icc} if icc else {}
    if im.mode in ("RGBA", "LA"):
        fmt, ext = "WEBP", ".webp"
        im = im.convert("RGBA")
        params: dict[str, object] = {"method": 4, **extra}
    else:
        fmt, ext = "JPEG", ".jpg"
        params = {"optimize": True, **extra}
    tries: dict[int, tuple[Path, int]] = {}

    def attempt(q: int) -> int:
        cancel.check()
        p = scratch.new(ext)
        tries[q] = (p, _save(im, p, fmt, quality=q, **params))
        return tries[q][1]

    q_hi, q_lo = JPEG_MAX_QUALITY, JPEG_MIN_QUALITY
    size = attempt(q_hi)
    note = ""
    if size > budget:
        q = q_hi
        for _ in range(4):
            fits = [k for k, (_p, s) in tries.items() if s <= budget]
            over = [k for k, (_p, s) in tries.items() if s > budget]
            best_fit = max(fits) if fits else None
            worst_over = min(over)
            if best_fit is not None and worst_over - best_fit <= 3:
                break
            a = worst_over
            b = best_fit if best_fit is not None else q_lo
            sa = tries[a][1]
            sb = tries[b][1] if b in tries else sa / 4  # assume ~4x smaller at q_lo
            if sa <= sb:
                q = b
            else:
                t = (math.log(budget * 0.97) - math.log(sb)) / (math.log(sa) - math.log(sb))
                q = int(b + t * (a - b))
            q = max(q_lo, min(q, worst_over - 1))
            if q in tries:
                if best_fit is None and q == q_lo:
                    break
                q = q - 1 if q - 1 >= q_lo and q - 1 not in tries else q
                if q in tries:
                    break
            attempt(q)
        fits = [k for k, (_p, s) in tries.items() if s <= budget]
        if fits:
            q = max(fits)
        else:
            q = min(tries)
            note = f"Still {tries[q][1]} bytes at the lowest quality ({q}), over the {budget}-byte budget."
    else:
        q = q_hi
    path, size = tries[q]
    for k, (p, _s) in tries.items():
        if k != q:
            scratch.drop(p)
    return path, fmt, size, note


def _out_name(out_dir: Path, stem: str, fmt: str) -> Path:
    return out_dir / f"{stem}{SUPPORTED_FORMATS[fmt][1]}"


# -- the pipeline ----------------------------------------------------------------


def _prepare_still(
    im: Image.Image, label: str, src: Path, max_edge: int, cancel: CancelToken
) -> tuple[Image.Image, bytes | None, tuple[int, int]]:
    """Decode (JPEG draft when shrinking), orient, normalise colours and mode, downscale."""
    orig = im.size
    if im.format in ("JPEG", "MPO"):
        target = _target_size(*im.size, max_edge)
        if target != im.size:
            # DCT scaling at decode: 1/2, 1/4, 1/8 of the work, never below the target size.
            im.draft(None, target)
    _load(im, label, src)
    cancel.check()
    oriented = ImageOps.exif_transpose(im)
    assert oriented is not None
    cancel.check()
    norm, icc = _normalise(oriented)
    cancel.check()
    w, h = norm.size
    out = _downscale(norm, _target_size(w, h, max_edge))
    return out, icc, orig


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
                keep_animation=False, copy_undecodable=False)


def _run(
    src: Path, out_dir: Path, *, max_edge: int, byte_budget: int, cancel: CancelToken, stem: str | None,
    keep_animation: bool, copy_undecodable: bool = True,
) -> CompressResult:
    if max_edge < 1:
        raise ImageError(f"Longest edge {max_edge} must be at least 1 pixel.")
    label = src.name
    stem = stem or src.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    cancel.check()
    if not HEIF_DECODER and src.is_file():  # only without pillow-heif: attach unchanged
        with open(src, "rb") as fh:
            if _is_heif_content(fh.read(16)):
                return _attach_unchanged(src, out_dir, stem, label, copy_undecodable)
    scratch = _Scratch(out_dir, stem)
    try:
        with _open(src, label, DEFAULT_MAX_PIXELS) as im:
            if keep_animation and _is_animation(im):
                return _animated(im, src, label, out_dir, stem, max_edge, byte_budget, cancel, scratch)
            prepared, icc, orig = _prepare_still(im, label, src, max_edge, cancel)
        cancel.check()
        notes = []
        if prepared.size != orig and max(orig) > max_edge:
            notes.append(f"Downscaled from {orig[0]}×{orig[1]}.")
        if looks_like_screenshot(prepared):
            cancel.check()
            path, fmt, size = _encode_lossless(prepared, scratch, cancel, icc)
            lossless = True
        else:
            # Real transparency makes _encode_lossy pick WebP; JPEG only ever sees opaque pixels.
            path, fmt, size, note = _encode_lossy(prepared, scratch, byte_budget, cancel, icc)
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
        final = scratch.keep(path, _out_name(out_dir, stem, fmt))
        return CompressResult(final, fmt, CONTENT_TYPES[fmt], prepared.width, prepared.height, size, lossless,
                              " ".join(notes))
    finally:
        scratch.cleanup()


def _animated(
    im: Image.Image, src: Path, label: str, out_dir: Path, stem: str, max_edge: int, budget: int,
    cancel: CancelToken, scratch: _Scratch,
) -> CompressResult:
    """Keep every frame: resize each, encode an animated WebP (lossless for UI, else lossy)."""
    frames: list[Image.Image] = []
    durations: list[int] = []
    loop = im.info.get("loop", 0)
    target = _target_size(*im.size, max_edge)
    for frame in _frames(im, label, src):
        cancel.check()
        durations.append(int(frame.info.get("duration", 100)) or 100)
        rgba = frame.convert("RGBA")
        frames.append(_downscale(rgba, target))
    first = frames[0]
    lossless = looks_like_screenshot(first)
    path = scratch.new(".webp")
    params: dict[str, object] = {"save_all": True, "append_images": frames[1:], "duration": durations, "loop": loop}
    if lossless:
        size = _save(first, path, "WEBP", lossless=True, quality=20, method=1, **params)
    if not lossless or size > budget:
        lossless = False
        size = _save(first, path, "WEBP", quality=75, method=4, **params)
    final = scratch.keep(path, _out_name(out_dir, stem, "WEBP"))
    return CompressResult(final, "WEBP", CONTENT_TYPES["WEBP"], target[0], target[1], size, lossless,
                          f"Animation with {len(frames)} frames kept.")


def _attach_unchanged(src: Path, out_dir: Path, stem: str, label: str, allowed: bool) -> CompressResult:
    if not allowed:
        raise ImageError(f"File {label} is a HEIC image and no HEIC decoder is installed (pip install pillow-heif).",
                         path=str(src))
    final = out_dir / f"{stem}.heic"
    if final.resolve() != src.resolve():
        shutil.copyfile(src, final)
    return CompressResult(final, "HEIF", CONTENT_TYPES["HEIF"], 0, 0, final.stat().st_size, True,
                          f"{label} attached unchanged: no HEIC decoder is installed (pip install pillow-heif).")
