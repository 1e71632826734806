"""core/imaging.py: every image mode and every bad-input kind, with exact expected values.

No Qt here (tests/core runs with PySide6 absent). Images are tiny and made in
tmp_path, except one third-party fixture (an ImageMagick Adobe CMYK JPEG).
"""

from __future__ import annotations

import os
import re
import struct
import threading
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageDraw

from bugzot_desktop.core import imaging
from bugzot_desktop.core.cancel import CancelToken
from bugzot_desktop.core.errors import CancelledError, ImageError
from bugzot_desktop.core.imaging import CompressResult, ImageInfo, compress, derivative, sniff

DATA = Path(__file__).parent / "data"
SUPPORTED = "PNG, JPEG, GIF, WebP, BMP, TIFF, AVIF, HEIC"


# -- helpers ---------------------------------------------------------------------


def ui_image(size=(400, 200), mode="RGB") -> Image.Image:
    """Screenshot-like: flat left red / right blue halves and a black bar."""
    w, h = size
    im = Image.new("RGB", size, (255, 0, 0))
    d = ImageDraw.Draw(im)
    d.rectangle((w // 2, 0, w - 1, h - 1), fill=(0, 0, 255))
    d.rectangle((0, 0, w - 1, h // 10 - 1), fill=(0, 0, 0))
    return im.convert(mode) if mode != "RGB" else im


def photo_image(size=(800, 600), seed_shift=0) -> Image.Image:
    """Photo-like: gradients plus noise (tens of thousands of distinct colours)."""
    w, h = size
    noise = Image.effect_noise(size, 48)
    grad = Image.linear_gradient("L").resize(size)
    mand = Image.effect_mandelbrot(size, (-2 + seed_shift * 0.1, -1.2, 1, 1.2), 64)
    return Image.merge("RGB", [noise, grad, mand])


def opened(path: Path) -> Image.Image:
    im = Image.open(path)
    im.load()
    return im


def icc_v2(red_xyz, green_xyz, blue_xyz, gamma=2.2) -> bytes:
    """A minimal matrix/TRC ICC v2 display profile (enough for LittleCMS)."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(v) -> bytes:
        return b"XYZ " + b"\0" * 4 + b"".join(s15(c) for c in v)

    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", round(gamma * 256)) + b"\0\0"
    desc_text = b"Swapped test RGB\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 12 + b"\0" * 67
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(red_xyz)),
        (b"gXYZ", xyz(green_xyz)),
        (b"bXYZ", xyz(blue_xyz)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text" + b"\0" * 4 + b"none\0\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, blob = b"", b""
    for sig, data in tags:
        while (offset + len(blob)) % 4:
            blob += b"\0"
        table += sig + struct.pack(">II", offset + len(blob), len(data))
        blob += data
    body = struct.pack(">I", len(tags)) + table + blob
    size = 128 + len(body)
    header = (
        struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
        + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + body


SRGB_R, SRGB_G, SRGB_B = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)


# -- the API shape other parts rely on ----------------------------------------------


def test_supported_formats_is_the_single_list():
    assert imaging.CONTENT_TYPES["PNG"] == "image/png"
    assert imaging.CONTENT_TYPES["MPO"] == "image/jpeg"
    assert imaging.ACCEPTED_CONTENT_TYPES == {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff", "image/avif", "image/heic",
    }
    assert imaging.DEFAULT_MAX_PIXELS == 80_000_000


@pytest.mark.parametrize(
    ("fmt", "ext", "ctype"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("GIF", "gif", "image/gif"),
     ("WEBP", "webp", "image/webp"), ("BMP", "bmp", "image/bmp"), ("TIFF", "tif", "image/tiff")],
)
def test_sniff_reports_format_size_and_frames(tmp_path, fmt, ext, ctype):
    p = tmp_path / f"a.{ext}"
    ui_image((30, 20)).save(p, fmt)
    assert sniff(p) == ImageInfo(fmt, ctype, 30, 20, 1)


def test_sniff_counts_animation_frames(tmp_path):
    p = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (10, 8), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=50, loop=0)
    assert sniff(p) == ImageInfo("GIF", "image/gif", 10, 8, 3)


def test_sniff_goes_by_content_not_by_name(tmp_path):
    p = tmp_path / "really-a-jpeg.png"
    photo_image((40, 30)).save(p, "JPEG")
    assert sniff(p) == ImageInfo("JPEG", "image/jpeg", 40, 30, 1)
    r = compress(p, tmp_path / "out")
    assert r.path == tmp_path / "out" / "really-a-jpeg.jpg"
    assert r.format == "JPEG"


# -- bad input: refused, naming the file ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.png", b"", "File empty.png is empty (0 bytes); capture or export the image again."),
        ("page.png", b"<!DOCTYPE html><html><body>hi</body></html>",
         f"File page.png is an HTML page, not an image; attach a {SUPPORTED} file."),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
         f"File logo.svg is an SVG drawing, not an image; attach a {SUPPORTED} file."),
        ("shots.zip", b"PK\x03\x04" + b"\0" * 40, f"File shots.zip is a zip archive, not an image; attach a {SUPPORTED} file."),
        ("tool.exe", b"MZ\x90\x00" + b"\0" * 60, f"File tool.exe is a program, not an image; attach a {SUPPORTED} file."),
        ("run.jpg", b"\x7fELF\x02\x01\x01" + b"\0" * 60, f"File run.jpg is a program, not an image; attach a {SUPPORTED} file."),
        ("notes.gif", b"just some text\n", f"File notes.gif is not a supported image; attach a {SUPPORTED} file."),
    ],
)
def test_non_images_are_refused_with_the_file_name(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ImageError) as exc:
        sniff(p)
    assert str(exc.value) == message
    assert exc.value.path == str(p)
    with pytest.raises(ImageError) as exc2:
        compress(p, tmp_path / "out")
    assert str(exc2.value) == message
    assert list((tmp_path / "out").iterdir()) == []


def test_sniff_uses_the_given_display_name(tmp_path):
    p = tmp_path / "upload-1234.bin"
    p.write_bytes(b"")
    with pytest.raises(ImageError, match=r"^File screen\.png is empty \(0 bytes\)"):
        sniff(p, name="screen.png")


def test_missing_file(tmp_path):
    with pytest.raises(ImageError) as exc:
        sniff(tmp_path / "gone.png")
    assert str(exc.value) == "File gone.png does not exist; attach it again."


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_truncated_files_are_refused(tmp_path, fmt):
    buf = BytesIO()
    photo_image((200, 150)).save(buf, fmt)
    p = tmp_path / f"cut.{fmt.lower()}"
    p.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ImageError) as exc:
        sniff(p)
    msg = str(exc.value)
    assert msg.startswith(f"File cut.{fmt.lower()} ")
    assert msg.endswith("; capture or export it again.") or msg.endswith("; export it again.")
    with pytest.raises(ImageError):
        compress(p, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_pixel_limit_gives_a_clear_message(tmp_path):
    p = tmp_path / "big.png"
    ui_image((100, 100)).save(p)
    with pytest.raises(ImageError) as exc:
        sniff(p, max_pixels=1000)
    assert str(exc.value) == (
        "File big.png is 100×100 pixels, more than the limit of 1,000 pixels; scale it down or crop it, then attach it again."
    )


def _png_header_only(w: int, h: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # pytest resets imaging's own filter
def test_decompression_bomb_never_leaks_pillows_error(tmp_path):
    p = tmp_path / "bomb.png"
    p.write_bytes(_png_header_only(30000, 30000))  # 900 MP claimed in a 45-byte file
    with pytest.raises(ImageError) as exc:
        sniff(p)
    assert str(exc.value) == (
        "File bomb.png has too many pixels to open safely (the limit is 80 MP); scale it down or crop it, then attach it again."
    )
    p2 = tmp_path / "bomb2.png"
    p2.write_bytes(_png_header_only(10000, 10000))  # 100 MP: above our limit, below Pillow's error
    with pytest.raises(ImageError) as exc2:
        compress(p2, tmp_path / "out")
    assert str(exc2.value) == (
        "File bomb2.png is 10000×10000 pixels, more than the limit of 80 MP; scale it down or crop it, then attach it again."
    )


# -- modes: no clipping, no inverted colours ------------------------------------------------


def test_screenshot_goes_lossless_with_exact_pixels(tmp_path):
    p = tmp_path / "shot.png"
    ui_image((400, 200)).save(p)
    r = compress(p, tmp_path / "out")
    assert r.lossless is True
    assert r.format in ("WEBP", "PNG")
    assert (r.width, r.height) == (400, 200)
    assert r.path.name == f"shot{'.webp' if r.format == 'WEBP' else '.png'}"
    assert r.bytes == r.path.stat().st_size
    assert r.note == ""
    out = opened(r.path).convert("RGB")
    assert out.getpixel((10, 10)) == (0, 0, 0)
    assert out.getpixel((10, 100)) == (255, 0, 0)
    assert out.getpixel((390, 100)) == (0, 0, 255)
    assert [p.name for p in (tmp_path / "out").iterdir()] == [r.path.name]  # no scratch files left


def test_downscale_by_an_integer_factor_is_exact(tmp_path):
    p = tmp_path / "big.png"
    ui_image((800, 400)).save(p)
    r = compress(p, tmp_path / "out", max_edge=200)
    assert (r.width, r.height) == (200, 100)
    assert r.note == "Downscaled from 800×400."
    out = opened(r.path).convert("RGB")
    assert out.size == (200, 100)
    assert out.getpixel((5, 50)) == (255, 0, 0)
    assert out.getpixel((195, 50)) == (0, 0, 255)
    assert out.getpixel((5, 5)) == (0, 0, 0)


def test_downscale_by_a_fraction(tmp_path):
    p = tmp_path / "odd.png"
    ui_image((900, 600)).save(p)
    r = compress(p, tmp_path / "out", max_edge=128)
    assert (r.width, r.height) == (128, 85)
    assert opened(r.path).size == (128, 85)
    assert opened(r.path).convert("RGB").getpixel((10, 50)) == (255, 0, 0)


def test_a_large_downscale_made_in_two_bands_has_the_pixels_of_one_piece(monkeypatch):
    """With a core to spare, the resize runs as two horizontal bands on two threads (bench: 18.6 -> 10.9 ms
    for a 12 MP photo's last step); the seam must not show."""
    from bugzot_desktop.core import imaging

    src = Image.radial_gradient("L").resize((2000, 1500)).convert("RGB")
    src.paste((250, 10, 10), (0, 700, 2000, 800))  # a hard edge across the seam at output row 720
    src.info["icc_profile"] = b"kept"
    one_piece = src.resize((1920, 1440), Image.Resampling.BILINEAR)
    monkeypatch.setattr(imaging, "_BANDS", 2)
    monkeypatch.setattr(imaging, "_CORES", 2)
    threads: list[str] = []
    real = imaging._band_executor

    def watched():
        pool = real()
        pool.submit(lambda: threads.append(threading.current_thread().name)).result()
        return pool

    monkeypatch.setattr(imaging, "_band_executor", watched)
    banded = imaging._downscale(src, (1920, 1440), ui=False)
    assert threads and threads[0].startswith("bugzot-band")  # a second thread did one band
    assert (banded.size, banded.mode, banded.info["icc_profile"]) == ((1920, 1440), "RGB", b"kept")
    diff = ImageChops.difference(banded, one_piece)
    assert max(hi for _lo, hi in diff.getextrema()) <= 1  # rounding of the band's box, nowhere more
    odd = src.resize((3001, 2001))  # reduce(2) (a 5K screenshot's first step) rounds an odd size up
    threads.clear()
    reduced = imaging._reduce(odd, 2)
    assert threads and reduced.size == (1501, 1001)
    assert ImageChops.difference(reduced, odd.reduce(2)).getbbox() is None  # box sums: exactly the same


def test_a_screenshot_downscale_is_never_cut_into_bands(monkeypatch):
    """BOX takes each source row wholly or not at all: a band's fractional start moved that line, and a
    2736x1824 screenshot differed from one piece by up to 128 levels on 14 rows of the lower band (QA)."""
    from bugzot_desktop.core import imaging

    monkeypatch.setattr(imaging, "_BANDS", 2)
    monkeypatch.setattr(imaging, "_CORES", 2)
    src = Image.new("RGB", (2736, 1824), (255, 255, 255))
    draw = ImageDraw.Draw(src)
    for y in range(0, 1824, 3):  # one-pixel lines: any shifted row shows
        draw.line((0, y, 2735, y), fill=(0, 0, 0))
    out = imaging._downscale(src, (1920, 1280), ui=True)
    assert ImageChops.difference(out, src.resize((1920, 1280), Image.Resampling.BOX)).getbbox() is None


def test_a_forked_child_makes_its_own_band_thread(monkeypatch):
    """The parent's band thread does not exist in a fork: the child's first banded resize waited on it."""
    import signal

    from bugzot_desktop.core import imaging

    monkeypatch.setattr(imaging, "_BANDS", 2)
    monkeypatch.setattr(imaging, "_CORES", 2)
    src = Image.new("RGB", (2000, 1500), (10, 20, 30))
    imaging._downscale(src, (1920, 1440), ui=False)  # the band pool exists now
    pid = os.fork()
    if pid == 0:  # the child: done in time, or killed by its alarm
        signal.alarm(60)
        ok = imaging._downscale(src, (1920, 1440), ui=False).getpixel((5, 5)) == (10, 20, 30)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_no_band_thread_when_every_core_has_an_image(monkeypatch):
    """Two images on two cores: a band thread would only take a core from the other image."""
    from bugzot_desktop.core import imaging

    monkeypatch.setattr(imaging, "_BANDS", 2)
    monkeypatch.setattr(imaging, "_CORES", 2)

    def no_pool():
        raise AssertionError("banded while no core was idle")

    monkeypatch.setattr(imaging, "_band_executor", no_pool)
    src = Image.new("RGB", (2000, 1500), (9, 99, 199))
    with imaging._counted(), imaging._counted():
        assert imaging._downscale(src, (1920, 1440), ui=False).getpixel((100, 100)) == (9, 99, 199)
    small = Image.new("RGB", (1200, 800), (1, 2, 3))
    assert imaging._downscale(small, (600, 400)).size == (600, 400)  # under a megapixel: never banded
    assert imaging._jobs.value == 0


def test_photo_goes_lossy_within_the_budget(tmp_path):
    p = tmp_path / "photo.png"
    photo_image((800, 600)).save(p)
    r = compress(p, tmp_path / "out", byte_budget=80_000)
    assert (r.format, r.content_type, r.lossless) == ("JPEG", "image/jpeg", False)
    assert (r.width, r.height) == (800, 600)
    assert 60_000 <= r.bytes <= 80_000  # the search spends the budget, it does not undershoot wildly
    assert r.bytes == r.path.stat().st_size
    assert r.note == ""
    assert opened(r.path).size == (800, 600)


def test_photo_too_noisy_for_the_budget_is_scaled_down(tmp_path):
    p = tmp_path / "noise.png"
    photo_image((800, 600)).save(p)
    r = compress(p, tmp_path / "out", byte_budget=20_000)
    assert r.bytes <= 20_000
    assert r.width < 800 and r.height < 600
    assert opened(r.path).size == (r.width, r.height)
    assert r.note == f"Scaled down to {r.width}×{r.height} to fit the 20000-byte budget."
    assert [x.name for x in (tmp_path / "out").iterdir()] == ["noise.jpg"]


def test_photo_under_budget_keeps_top_quality(tmp_path):
    p = tmp_path / "small.png"
    photo_image((120, 90)).save(p)
    r = compress(p, tmp_path / "out", byte_budget=1_000_000)
    direct = BytesIO()
    opened(p).save(direct, "JPEG", quality=imaging.LOSSY_MAX_QUALITY, optimize=True, subsampling=imaging.jpeg_subsampling(imaging.LOSSY_MAX_QUALITY))
    assert r.bytes == len(direct.getvalue())  # a roomy budget buys the top quality, no more


def test_row_sample_is_eight_mcu_aligned_strips_from_top_to_bottom():
    im = Image.new("L", (64, 1024))
    for y in range(1024):
        im.paste(y // 4, (0, y, 64, y + 1))  # each row says where it came from
    sample = imaging._row_sample(im)
    assert sample is not None and sample.size == (64, 8 * 16)  # 1024 // 64 = 16 rows a strip
    tops = [sample.getpixel((0, i * 16)) * 4 for i in range(8)]
    assert tops == [0, 144, 288, 432, 576, 720, 864, 1008]  # evenly spaced, on 16-row boundaries, last one at the end
    assert imaging._row_sample(Image.new("RGB", (4000, 1023))) is None  # small: searched on itself


def test_sample_search_goes_on_to_the_last_quality_step_under_its_line():
    # a whole-image search stops when what fits spends 85% of the budget; a row-sample search brackets to one step
    assert imaging._next_quality({80: 900}, 1000) is None
    assert imaging._next_quality({80: 900}, 1000, exact=True) == 81
    assert imaging._next_quality({80: 900, 82: 1010}, 1000, exact=True) == 81
    assert imaging._next_quality({81: 980, 82: 1010}, 1000, exact=True) is None
    assert imaging._next_quality({92: 500}, 1000, exact=True) is None  # the top quality fits
    assert imaging._next_quality({40: 1500}, 1000, exact=True) is None  # not even the lowest


def _sizes_by_quality(im: Image.Image, tmp: Path, *, optimize: bool) -> dict[int, int]:
    return {
        q: imaging._save(im, tmp / f"q{q}.jpg", "JPEG", quality=q, optimize=optimize, subsampling=imaging.jpeg_subsampling(q))
        for q in range(imaging.LOSSY_MIN_QUALITY, imaging.LOSSY_MAX_QUALITY + 1)
    }


def test_noisy_photo_at_high_quality_is_written_optimised_and_quietly(tmp_path, capfd):
    """Pillow gives an optimised JPEG below quality 95 one byte of buffer per pixel; this image needs more.
    It used to fail inside libjpeg ("Suspension not allowed here" on stderr) and be written unoptimised."""
    im = photo_image((900, 720))
    jpeg = {"quality": 90, "subsampling": "4:4:4"}
    im.save(tmp_path / "unoptimised.jpg", "JPEG", **jpeg)
    plain = (tmp_path / "unoptimised.jpg").stat().st_size
    n = imaging._save(im, tmp_path / "ours.jpg", "JPEG", optimize=True, **jpeg)
    assert 900 * 720 < n < plain  # more than Pillow's buffer, and optimised after all
    assert opened(tmp_path / "ours.jpg").size == (900, 720)
    p = tmp_path / "noise.png"
    im.save(p)
    r = compress(p, tmp_path / "out", byte_budget=10_000_000)  # a roomy budget: the search goes to the top
    assert (r.format, r.width, r.height, r.note, r.bytes <= 10_000_000) == ("JPEG", 900, 720, "", True)
    assert "Suspension" not in capfd.readouterr().err  # libjpeg said nothing


@pytest.mark.parametrize("budget", [120_000, 200_000, 300_000])
def test_large_photo_encodes_the_whole_image_at_most_three_times_near_the_best_quality(tmp_path, monkeypatch, budget):
    noise = Image.effect_noise((1000, 1100), 6)
    grad = Image.linear_gradient("L").resize((1000, 1100))
    mand = Image.effect_mandelbrot((1000, 1100), (-2, -1.2, 1, 1.2), 64)
    im = Image.merge("RGB", [ImageChops.add(grad, noise, offset=-128), mand, grad])  # smooth areas, detail, mild noise
    (tmp_path / "truth").mkdir()
    truth = _sizes_by_quality(im, tmp_path / "truth", optimize=False)  # large: no Huffman optimisation pass
    out = tmp_path / "out"
    out.mkdir()
    best = max(q for q, n in truth.items() if n <= budget)
    full_encodes = []
    real_save = imaging._save

    def counting_save(image, path, fmt, **params):
        if image.size == im.size:
            full_encodes.append(params["quality"])
            assert params["optimize"] is False
        return real_save(image, path, fmt, **params)

    monkeypatch.setattr(imaging, "_save", counting_save)
    scratch = imaging._Scratch(out, "x")
    path, fmt, size, note = imaging._encode_lossy(im, scratch, budget, CancelToken(), None)
    chosen = next(q for q, n in truth.items() if n == size)
    assert (fmt, note) == ("JPEG", "")
    assert size <= budget
    assert 1 <= len(full_encodes) <= imaging.MAX_FULL_ENCODES
    # the highest quality that fits, or within two steps of it when that already spends 90% of the budget
    assert chosen == best or (best - chosen <= 2 and size >= 0.9 * budget), (chosen, best, full_encodes, size)
    assert [p.name for p in out.iterdir()] == [path.name]  # sample and rejected encodes are gone


def test_large_jpeg_uses_draft_and_lands_on_the_exact_size(tmp_path):
    p = tmp_path / "cam.jpg"
    photo_image((2000, 1000)).save(p, quality=90)
    r = compress(p, tmp_path / "out", max_edge=500)
    assert (r.width, r.height) == (500, 250)
    assert opened(r.path).size == (500, 250)


def _exif(orientation: int, gps: bool = False) -> bytes:
    ex = Image.Exif()
    ex[0x0112] = orientation
    ex[0x010F] = "BugZot Camera"
    if gps:
        ex[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    return ex.tobytes()


def test_exif_orientation_applied_exactly_on_a_lossless_image(tmp_path):
    # 40x20: left half red, right half blue; orientation 6 = rotate 90° clockwise to display.
    im = Image.new("RGB", (40, 20), (255, 0, 0))
    im.paste((0, 0, 255), (20, 0, 40, 20))
    p = tmp_path / "rot.png"
    im.save(p, exif=_exif(6))
    r = compress(p, tmp_path / "out")
    out = opened(r.path).convert("RGB")
    assert (r.width, r.height) == out.size == (20, 40)
    assert out.getpixel((10, 5)) == (255, 0, 0)  # red on top after the rotation
    assert out.getpixel((10, 35)) == (0, 0, 255)
    assert not out.getexif()


def test_exif_orientation_on_a_photo_and_all_metadata_stripped(tmp_path):
    im = photo_image((400, 300))
    im.paste((255, 255, 255), (0, 0, 100, 300))  # a white band on the left edge
    p = tmp_path / "cam.jpg"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    im.save(p, exif=_exif(8, gps=True), xmp=xmp, quality=95)
    src = opened(p)
    assert src.getexif().get_ifd(0x8825)  # the source does carry GPS
    r = compress(p, tmp_path / "out", byte_budget=2_000_000)
    out = opened(r.path)
    # orientation 8 = rotate 90° counter-clockwise: the left band ends at the bottom
    assert out.size == (300, 400)
    assert all(c >= 245 for c in out.getpixel((150, 380)))
    assert not any(c >= 245 for c in out.convert("L").crop((0, 0, 300, 290)).getextrema()[:1])
    assert dict(out.getexif()) == {}
    assert "xmp" not in out.info and "exif" not in out.info and "icc_profile" not in out.info
    assert b"BugZot Camera" not in r.path.read_bytes()
    assert b"adobe:ns:meta" not in r.path.read_bytes()


def test_adobe_inverted_cmyk_jpeg_keeps_its_colours(tmp_path):
    # Made by ImageMagick: `convert -size 16x16 xc:'rgb(255,0,0)' -colorspace CMYK`; Adobe APP14, inverted CMYK.
    r = compress(DATA / "cmyk_adobe_red.jpg", tmp_path / "out")
    out = opened(r.path).convert("RGB")
    assert out.getpixel((8, 8)) == (255, 0, 0)
    assert (r.width, r.height) == (16, 16)


def test_pillow_cmyk_jpeg_round_trips(tmp_path):
    p = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (16, 16), (0, 0, 255, 0)).save(p, quality=100)  # pure yellow ink
    out = opened(compress(p, tmp_path / "out").path).convert("RGB")
    assert out.getpixel((8, 8)) == (255, 255, 0)


def test_p_with_transparency_keeps_alpha(tmp_path):
    im = Image.new("P", (20, 10), 0)
    im.putpalette([0, 0, 0, 0, 0, 255])
    im.paste(1, (10, 0, 20, 10))
    p = tmp_path / "pal.gif"
    im.save(p, transparency=0)
    r = compress(p, tmp_path / "out")
    assert r.lossless and r.format in ("WEBP", "PNG")
    out = opened(r.path).convert("RGBA")
    assert out.getpixel((2, 5))[3] == 0
    assert out.getpixel((15, 5)) == (0, 0, 255, 255)


def test_la_keeps_grey_and_alpha(tmp_path):
    im = Image.new("LA", (20, 10), (128, 0))
    im.paste((200, 255), (10, 0, 20, 10))
    p = tmp_path / "la.png"
    im.save(p)
    out = opened(compress(p, tmp_path / "out").path).convert("RGBA")
    assert out.getpixel((2, 5))[3] == 0
    assert out.getpixel((15, 5)) == (200, 200, 200, 255)


def test_rgba_partial_alpha_is_exact(tmp_path):
    im = Image.new("RGBA", (20, 10), (10, 20, 30, 128))
    im.paste((250, 240, 230, 255), (10, 0, 20, 10))
    p = tmp_path / "rgba.png"
    im.save(p)
    r = compress(p, tmp_path / "out")
    out = opened(r.path).convert("RGBA")
    assert out.getpixel((2, 5)) == (10, 20, 30, 128)
    assert out.getpixel((15, 5)) == (250, 240, 230, 255)


def test_opaque_rgba_drops_the_alpha_channel(tmp_path):
    p = tmp_path / "opaque.png"
    ui_image((40, 20)).convert("RGBA").save(p)
    out = opened(compress(p, tmp_path / "out").path)
    assert out.mode in ("RGB", "P")


def test_photo_with_real_transparency_goes_lossy_webp(tmp_path):
    im = photo_image((300, 200)).convert("RGBA")
    im.putalpha(Image.linear_gradient("L").resize((300, 200)))
    p = tmp_path / "cutout.png"
    im.save(p)
    r = compress(p, tmp_path / "out")
    assert (r.format, r.lossless, r.path.suffix) == ("WEBP", False, ".webp")
    out = opened(r.path)
    assert out.mode == "RGBA"
    assert out.getpixel((150, 2))[3] <= 8 and out.getpixel((150, 197))[3] >= 247


def test_one_bit_image(tmp_path):
    im = Image.new("1", (16, 16), 0)
    im.paste(1, (8, 0, 16, 16))
    p = tmp_path / "bw.png"
    im.save(p)
    out = opened(compress(p, tmp_path / "out").path).convert("L")
    assert out.getpixel((2, 2)) == 0
    assert out.getpixel((12, 2)) == 255


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path):
    im = Image.new("I;16", (4, 1))
    for x, v in enumerate([0, 1000, 32896, 65535]):
        im.putpixel((x, 0), v)
    p = tmp_path / "grey16.png"
    im.save(p)
    assert opened(p).mode.startswith("I")
    out = opened(compress(p, tmp_path / "out").path).convert("L")
    assert [out.getpixel((x, 0)) for x in range(4)] == [0, 4, 128, 255]


def test_icc_profile_is_converted_to_srgb(tmp_path):
    # A profile whose red primary is sRGB's green: stored red must come out green.
    swapped = icc_v2(SRGB_G, SRGB_R, SRGB_B, gamma=2.2)
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(BytesIO(swapped))).startswith("Swapped")
    p = tmp_path / "wide.png"
    Image.new("RGB", (16, 16), (255, 0, 0)).save(p, icc_profile=swapped)
    r = compress(p, tmp_path / "out")
    out = opened(r.path)
    assert "icc_profile" not in out.info
    red, green, blue = out.convert("RGB").getpixel((8, 8))
    assert red <= 2 and green >= 253 and blue <= 2


def test_srgb_profile_leaves_values_alone(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    p = tmp_path / "srgb.png"
    Image.new("RGB", (16, 16), (12, 34, 56)).save(p, icc_profile=srgb)
    out = opened(compress(p, tmp_path / "out").path)
    assert out.convert("RGB").getpixel((8, 8)) == (12, 34, 56)
    assert "icc_profile" not in out.info


def test_broken_icc_profile_is_kept_with_the_raw_values(tmp_path):
    p = tmp_path / "badicc.png"
    Image.new("RGB", (16, 16), (12, 34, 56)).save(p, icc_profile=b"not really a profile" * 8)
    out = opened(compress(p, tmp_path / "out").path)
    assert out.info.get("icc_profile") == b"not really a profile" * 8
    assert out.convert("RGB").getpixel((8, 8)) == (12, 34, 56)


# -- multi-frame files --------------------------------------------------------------------------


COLOURS = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animations_keep_their_frames(tmp_path, fmt):
    p = tmp_path / f"anim.{fmt.lower()}"
    frames = [Image.new("RGB", (40, 20), c) for c in COLOURS]
    kwargs = {"lossless": True} if fmt == "WEBP" else {}
    frames[0].save(p, fmt, save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0, **kwargs)
    r = compress(p, tmp_path / "out", max_edge=20)
    assert (r.format, r.width, r.height, r.lossless) == ("WEBP", 20, 10, True)
    assert r.note == "Animation with 3 frames kept."
    out = Image.open(r.path)
    assert out.n_frames == 3
    seen = []
    for i in range(3):
        out.seek(i)
        seen.append(out.convert("RGB").getpixel((10, 5)))
    assert seen == COLOURS


def test_mpo_uses_the_primary_image(tmp_path):
    p = tmp_path / "camera.mpo"
    left, right = Image.new("RGB", (32, 24), (255, 0, 0)), Image.new("RGB", (32, 24), (0, 0, 255))
    left.save(p, "MPO", save_all=True, append_images=[right], quality=100)
    info = sniff(p)
    assert (info.format, info.content_type, info.frames) == ("MPO", "image/jpeg", 2)
    r = compress(p, tmp_path / "out")
    out = opened(r.path).convert("RGB")
    assert (r.width, r.height) == (32, 24)
    assert all(abs(a - b) <= 2 for a, b in zip(out.getpixel((16, 12)), (255, 0, 0), strict=True))
    assert Image.open(r.path).format in ("WEBP", "PNG", "JPEG")
    assert getattr(Image.open(r.path), "n_frames", 1) == 1


def test_heic_is_decoded_when_pillow_heif_is_present(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    p = tmp_path / "phone.heic"
    pillow_heif.from_pillow(photo_image((64, 48))).save(p, quality=90)
    assert sniff(p) == ImageInfo("HEIF", "image/heic", 64, 48, 1)
    r = compress(p, tmp_path / "out")
    assert (r.format, r.width, r.height) == ("JPEG", 64, 48)


def test_heic_orientation_is_applied_once(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    im = Image.new("RGB", (64, 32), (255, 0, 0))
    im.paste((0, 0, 255), (32, 0, 64, 32))
    p = tmp_path / "rot.heic"
    pillow_heif.from_pillow(im).save(p, quality=95, exif=_exif(6))  # rotate 90° clockwise to display
    r = compress(p, tmp_path / "out")
    out = opened(r.path).convert("RGB")
    assert (r.width, r.height) == out.size == (32, 64)
    assert all(abs(a - b) <= 3 for a, b in zip(out.getpixel((16, 8)), (255, 0, 0), strict=True))  # red on top
    assert all(abs(a - b) <= 3 for a, b in zip(out.getpixel((16, 56)), (0, 0, 255), strict=True))


def test_heic_without_a_decoder_is_attached_unchanged(tmp_path, monkeypatch):
    p = tmp_path / "phone.heic"
    p.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64)
    monkeypatch.setattr(imaging, "HEIF_DECODER", False)
    assert sniff(p) == ImageInfo("HEIF", "image/heic", 0, 0, 1)
    r = compress(p, tmp_path / "out")
    assert r == CompressResult(
        tmp_path / "out" / "phone.heic", "HEIF", "image/heic", 0, 0, p.stat().st_size, True,
        "phone.heic attached unchanged, its metadata (a phone photo's location among it) too: no HEIC decoder is "
        "installed (pip install pillow-heif).",
    )
    assert r.path.read_bytes() == p.read_bytes()
    with pytest.raises(ImageError) as exc:
        derivative(p, tmp_path / "thumbs", max_edge=256, stem="t")
    assert str(exc.value) == "File phone.heic is a HEIC image and no HEIC decoder is installed (pip install pillow-heif)."


# -- cancellation, threads, derivatives, options --------------------------------------------------


def test_cancelled_before_start_leaves_nothing(tmp_path):
    p = tmp_path / "shot.png"
    ui_image().save(p)
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        compress(p, tmp_path / "out", cancel=token)
    assert list((tmp_path / "out").iterdir()) == []


class _CancelAfter(CancelToken):
    """Cancels itself at its n-th check: proves checks happen between steps."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def check(self) -> None:
        self.n -= 1
        if self.n <= 0:
            self.cancel()
        super().check()


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_cancel_between_steps_cleans_up(tmp_path, n):
    p = tmp_path / "photo.png"
    photo_image((300, 200)).save(p)
    with pytest.raises(CancelledError):
        compress(p, tmp_path / "out", cancel=_CancelAfter(n), byte_budget=10_000)
    assert list((tmp_path / "out").iterdir()) == []


def test_two_threads_on_the_same_source_give_identical_output(tmp_path):
    p = tmp_path / "photo.jpg"
    photo_image((600, 400)).save(p, quality=95)
    results: dict[int, CompressResult] = {}

    def work(i: int) -> None:
        results[i] = compress(p, tmp_path / f"out{i}", byte_budget=30_000)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results[0].path.read_bytes() == results[1].path.read_bytes()
    assert results[0].bytes <= 30_000


def test_stem_names_the_output(tmp_path):
    p = tmp_path / "shot.png"
    ui_image().save(p)
    r = compress(p, tmp_path / "out", stem="attachment-1")
    assert r.path.parent == tmp_path / "out"
    assert r.path.stem == "attachment-1"


def test_derivative_thumbnail_is_a_still_of_the_right_size(tmp_path):
    p = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (1000, 500), c) for c in COLOURS]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=100)
    r = derivative(p, tmp_path / "thumbs", max_edge=256, stem="thumb")
    assert (r.width, r.height) == (256, 128)
    assert r.path.stem == "thumb"
    out = Image.open(r.path)
    assert getattr(out, "n_frames", 1) == 1
    assert out.convert("RGB").getpixel((128, 64)) == (255, 0, 0)


def test_derivative_preview_of_a_photo(tmp_path):
    p = tmp_path / "photo.jpg"
    photo_image((2000, 1500)).save(p, quality=90)
    r = derivative(p, tmp_path / "previews", max_edge=1280, stem="preview")
    assert (r.format, r.width, r.height) == ("JPEG", 1280, 960)
    assert r.bytes <= 1280 * 1280 // 4


def test_looks_like_screenshot():
    assert imaging.looks_like_screenshot(ui_image((640, 480))) is True
    assert imaging.looks_like_screenshot(photo_image((640, 480))) is False


def test_animation_keeps_durations_and_loop(tmp_path):
    p = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (40, 20), c) for c in COLOURS]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=2)
    r = compress(p, tmp_path / "out")
    out = Image.open(r.path)
    durations = []
    for i in range(out.n_frames):
        out.seek(i)
        out.load()
        durations.append(out.info["duration"])
    assert durations == [100, 200, 300]
    # GIF loop 2: played, then repeated twice (browsers, gif2webp); WebP counts plays: 3
    assert out.info["loop"] == 3


@pytest.mark.parametrize("colours", [2, 16, 300])
def test_lossless_picks_the_smaller_of_webp_and_png(tmp_path, colours):
    import random

    rnd = random.Random(colours)
    palette = [(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(colours)]
    im = Image.new("RGB", (256, 128), palette[0])
    d = ImageDraw.Draw(im)
    for i in range(600):  # flat rectangles: screenshot-like, with exactly these colours
        x, y = rnd.randrange(256), rnd.randrange(128)
        d.rectangle((x, y, x + rnd.randrange(4, 40), y + rnd.randrange(2, 12)), fill=palette[i % colours])
    p = tmp_path / "ui.png"
    im.save(p)
    r = compress(p, tmp_path / "out")
    webp = tmp_path / "ref.webp"
    im.save(webp, "WEBP", lossless=True, quality=imaging.WEBP_LOSSLESS_EFFORT, method=1)
    candidates = {"WEBP": webp.stat().st_size}
    pal = imaging._palette(im)
    if pal is not None:  # PNG is only a candidate when the colours fit a palette
        png = tmp_path / "ref.png"
        pal.save(png, "PNG", compress_level=9)
        candidates["PNG"] = png.stat().st_size
    best = min(candidates, key=lambda k: candidates[k])
    assert (r.format, r.bytes, r.lossless) == (best, candidates[best], True)
    assert Image.open(r.path).convert("RGB").tobytes() == im.tobytes()  # pixel-exact


def test_flat_ui_around_a_large_photo_falls_back_to_lossy(tmp_path):
    im = ui_image((1000, 800))
    im.paste(photo_image((400, 300)), (50, 200))  # a photo viewer: flat chrome, a noisy photo inside
    p = tmp_path / "viewer.png"
    im.save(p)
    assert imaging.looks_like_screenshot(im) is True
    r = compress(p, tmp_path / "out", byte_budget=40_000)
    assert (r.format, r.lossless, r.width, r.height) == ("JPEG", False, 1000, 800)
    assert r.bytes <= 40_000
    assert re.fullmatch(r"Lossless would be \d+ bytes \(mostly photographic content\); sent lossy instead\.", r.note)
    assert int(r.note.split()[3]) > imaging.LOSSLESS_BUDGET_FACTOR * 40_000
    assert [x.name for x in (tmp_path / "out").iterdir()] == ["viewer.jpg"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # ImageMagick: convert -size 8x8 xc:'rgb(100%,0%,50%)' -depth 16 (and rgba(...,0.5), gray(50%))
        ("rgb48_imagemagick.png", (255, 0, 128, 255)),
        ("rgb48_imagemagick.tif", (255, 0, 128, 255)),
        ("rgba64_imagemagick.png", (255, 0, 128, 127)),
        ("grey16_imagemagick.tif", (128, 128, 128, 255)),
    ],
)
def test_sixteen_bit_files_from_another_tool(tmp_path, name, expected):
    r = compress(DATA / name, tmp_path / "out")
    assert (r.width, r.height, r.lossless) == (8, 8, True)
    assert opened(r.path).convert("RGBA").getpixel((4, 4)) == expected


def test_long_animation_is_shrunk_to_fit_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(imaging, "ANIMATION_WORK_PIXELS", 40 * 50 * 25)
    p = tmp_path / "long.gif"
    frames = [Image.new("RGB", (200, 100), COLOURS[i % 3]) for i in range(40)]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=40)
    r = compress(p, tmp_path / "out")
    assert (r.width, r.height) == (50, 25)  # 40 frames of 50×25 fill the allowance exactly
    assert r.note == "Animation with 40 frames kept, scaled to 50×25 to fit in memory."
    out = Image.open(r.path)
    assert (out.n_frames, out.size) == (40, (50, 25))


def test_animation_pixel_limit_counts_every_frame(tmp_path):
    p = tmp_path / "long.gif"
    frames = [Image.new("RGB", (10, 10), COLOURS[i % 3]) for i in range(50)]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=40)
    assert sniff(p, max_pixels=1250).frames == 50  # 5,000 pixels in all: exactly 4 × the frame limit
    with pytest.raises(ImageError) as exc:
        sniff(p, max_pixels=1000)
    assert str(exc.value) == (
        "File long.gif is 50 frames of 10×10 pixels, more than the limit of 4,000 pixels for a whole animation; "
        "shorten it or scale it down."
    )


def test_no_worker_ever_runs_pillows_full_plugin_import(tmp_path):
    """Image.init() on a worker thread imports every plugin under the GIL (~100 ms GUI stall);
    a fresh interpreter proves compress/sniff of every output format never triggers it."""
    import subprocess
    import sys

    ui_image((64, 32)).save(tmp_path / "a.png")
    photo_image((64, 48)).save(tmp_path / "b.tif")
    code = (
        "import sys; from bugzot_desktop.core import imaging as I\n"
        f"I.compress({str(tmp_path / 'a.png')!r}, {str(tmp_path / 'o')!r})\n"
        f"I.compress({str(tmp_path / 'b.tif')!r}, {str(tmp_path / 'o')!r})\n"
        f"I.sniff({str(tmp_path / 'o' / 'a.webp')!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith('PIL.') and m.endswith('ImagePlugin')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == str(sorted(
        # ours, plus PPM which Pillow's own preinit() always loads; no PDF, EPS, PSD, ...
        f"PIL.{n}ImagePlugin" for n in ("Avif", "Bmp", "Gif", "Jpeg", "Mpo", "Png", "Ppm", "Tiff", "WebP")
    ))


def test_float_grey_is_stretched_to_its_range(tmp_path):
    im = Image.new("F", (3, 1))
    for x, v in enumerate([-1.0, 0.0, 1.0]):
        im.putpixel((x, 0), v)
    p = tmp_path / "float.tif"
    im.save(p)
    assert opened(p).mode == "F"
    out = opened(compress(p, tmp_path / "out").path).convert("L")
    assert [out.getpixel((x, 0)) for x in range(3)] == [0, 128, 255]


def test_avif_is_read(tmp_path):
    p = tmp_path / "pic.avif"
    ui_image((48, 24)).save(p, "AVIF", quality=90)
    assert sniff(p) == ImageInfo("AVIF", "image/avif", 48, 24, 1)
    r = compress(p, tmp_path / "out")
    assert (r.width, r.height) == (48, 24)
    red = opened(r.path).convert("RGB").getpixel((6, 12))
    assert all(abs(a - b) <= 6 for a, b in zip(red, (255, 0, 0), strict=True))  # AVIF itself is lossy


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_the_original_is_never_overwritten(tmp_path, fmt):
    p = tmp_path / f"shot.{fmt.lower()}"
    kwargs = {"lossless": True} if fmt == "WEBP" else {}
    ui_image((40, 20)).save(p, fmt, **kwargs)
    before = p.read_bytes()
    r = compress(p, tmp_path)  # same folder, same stem: the output would land on the source
    assert p.read_bytes() == before
    ext = imaging.SUPPORTED_FORMATS[r.format][1]
    assert r.path == tmp_path / (f"shot-compressed{ext}" if ext == p.suffix else f"shot{ext}")


def test_a_preview_is_one_encode_at_the_derivative_quality(tmp_path, monkeypatch):
    p = tmp_path / "photo.jpg"
    noise = Image.effect_noise((2000, 1500), 6)
    grad = Image.linear_gradient("L").resize((2000, 1500))
    Image.merge("RGB", [ImageChops.add(grad, noise, offset=-128), grad, grad]).save(p, quality=92)
    qualities = []
    real_save = imaging._save
    monkeypatch.setattr(imaging, "_save", lambda im, path, fmt, **kw: qualities.append((kw.get("quality"), kw.get("optimize"))) or real_save(im, path, fmt, **kw))
    r = derivative(p, tmp_path / "previews", max_edge=1280, stem="preview")
    assert (r.format, r.width, r.height, r.lossless) == ("JPEG", 1280, 960, False)
    assert qualities == [(imaging.DERIVATIVE_QUALITY, True)]  # a fixed quality: the bytes are the point, so optimised
    assert r.bytes <= 1280 * 1280 // 4


# -- hardening: what a QA pass broke (each case once refused with a traceback, or wrong) ----------


QUAD = ((255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0))  # top-left, top-right, bottom-left, bottom-right
# The corners a viewer shows for each EXIF orientation of QUAD stored as 40×20.
QUAD_SHOWN = {
    1: (0, 1, 2, 3), 2: (1, 0, 3, 2), 3: (3, 2, 1, 0), 4: (2, 3, 0, 1),
    5: (0, 2, 1, 3), 6: (2, 0, 3, 1), 7: (3, 1, 2, 0), 8: (1, 3, 0, 2),
}


def quad_image() -> Image.Image:
    im = Image.new("RGB", (40, 20), QUAD[0])
    d = ImageDraw.Draw(im)
    d.rectangle((20, 0, 39, 9), fill=QUAD[1])
    d.rectangle((0, 10, 19, 19), fill=QUAD[2])
    d.rectangle((20, 10, 39, 19), fill=QUAD[3])
    return im


def corners(im: Image.Image) -> tuple:
    im = im.convert("RGB")
    w, h = im.size
    return tuple(im.getpixel(p) for p in ((1, 1), (w - 2, 1), (1, h - 2), (w - 2, h - 2)))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_tiff_orientation_is_applied_once(tmp_path, orientation):
    # Pillow's TIFF decoder turns the image itself as it loads; turning it again gave 180° for 6 and 8.
    from PIL import TiffImagePlugin

    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[0x0112] = orientation
    p = tmp_path / "o.tif"
    quad_image().save(p, tiffinfo=ifd)
    r = compress(p, tmp_path / "out")
    upright = (r.width, r.height)
    assert upright == ((20, 40) if orientation >= 5 else (40, 20))
    assert corners(opened(r.path)) == tuple(QUAD[i] for i in QUAD_SHOWN[orientation])
    assert r.note == ""
    assert (sniff(p).width, sniff(p).height) == upright  # sniff says the size as shown too


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
@pytest.mark.parametrize("orientation", [1, 3, 5, 6, 7, 8])
def test_sniff_gives_the_size_as_shown(tmp_path, fmt, ext, orientation):
    # The server lists an image's size from sniff: a phone photo stored 600x300 with orientation 6 is 300x600.
    p = tmp_path / f"o.{ext}"
    Image.new("RGB", (600, 300), (0, 128, 0)).save(p, fmt, exif=_exif(orientation))
    info = sniff(p)
    assert (info.width, info.height) == ((300, 600) if orientation >= 5 else (600, 300))


def _gif_with_grown_second_frame(path: Path, second: tuple[int, int], count: int = 1, at: tuple[int, int] = (0, 0)) -> None:
    """A GIF whose logical screen and first frame are 1×1, then ``count`` frames of ``second`` in size at
    ``at`` (Pillow grows the image to hold them): the header's size says nothing about the pixels to decode."""
    buf = BytesIO()
    big = Image.new("P", second, 1)
    big.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    big.save(buf, "GIF")
    data = buf.getvalue()
    table = 3 * (2 << (data[10] & 7)) if data[10] & 0x80 else 0
    start = data.index(b"\x2c", 13 + table)  # the image descriptor
    block = bytearray(data[start:-1])
    block[1:5] = struct.pack("<HH", *at)
    one = BytesIO()
    small = Image.new("P", (1, 1), 1)
    small.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    small.save(one, "GIF")
    o = one.getvalue()
    first = o.index(b"\x2c", 13 + (3 * (2 << (o[10] & 7)) if o[10] & 0x80 else 0))
    gce = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"
    header = b"GIF89a" + struct.pack("<HH", 1, 1) + bytes([data[10], 0, 0]) + data[13:13 + table]
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    path.write_bytes(header + loop + gce + o[first:-1] + (gce + bytes(block)) * count + b"\x3b")


def test_a_gif_frame_past_the_pixel_limit_is_refused_before_it_is_decoded(tmp_path):
    p = tmp_path / "grows.gif"
    _gif_with_grown_second_frame(p, (200, 150))
    with pytest.raises(ImageError) as exc:
        sniff(p, max_pixels=10_000)
    assert str(exc.value) == ("File grows.gif has a frame of 200×150 pixels (frame 2), more than the limit of "
                              "10,000 pixels; scale it down or crop it, then attach it again.")
    assert sniff(p) == ImageInfo("GIF", "image/gif", 200, 150, 2)  # under the limit: an animation on the grown canvas


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_gif_frame_past_pillows_own_limit_never_leaks_its_error(tmp_path):
    p = tmp_path / "huge.gif"
    # 20000×20000 declared by the second frame's descriptor alone (no pixel data needed to claim it)
    buf = bytearray(b"GIF89a" + struct.pack("<HH", 1, 1) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\x00\x00")
    buf += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    buf += b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    buf += b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + struct.pack("<HHHHB", 0, 0, 20000, 20000, 0) + b"\x02\x02\x44\x01\x00"
    buf += b"\x3b"
    p.write_bytes(bytes(buf))
    for call in (lambda: sniff(p), lambda: compress(p, tmp_path / "out")):
        with pytest.raises(ImageError) as exc:
            call()
        assert str(exc.value) == ("File huge.gif has too many pixels to open safely (the limit is 80 MP); "
                                  "scale it down or crop it, then attach it again.")


def test_an_animation_with_too_many_frames_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(imaging, "MAX_FRAMES", 3)
    p = tmp_path / "long.gif"
    frames = [Image.new("RGB", (4, 4), (60 * i, 0, 0)) for i in range(4)]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=40)
    message = ("File long.gif is an animation of 4 frames, more than the 3 an attachment may have; "
               "shorten it, or attach a video instead.")
    for call in (lambda: sniff(p), lambda: compress(p, tmp_path / "out")):
        with pytest.raises(ImageError) as exc:
            call()
        assert str(exc.value) == message


def _every_cut_is_refused_cleanly(tmp_path: Path, name: str, data: bytes, step: int) -> int:
    """Cut ``data`` at many lengths: each cut is compressed or refused with our message, never a traceback."""
    refused = 0
    for n in range(1, len(data), step):
        p = tmp_path / name
        p.write_bytes(data[:n])
        try:
            sniff(p)
            compress(p, tmp_path / "out")
        except ImageError as exc:
            assert str(exc).startswith(f"File {name} "), str(exc)
            assert "\n" not in str(exc)
            refused += 1
    return refused


def test_truncated_animated_gifs_are_refused_cleanly_at_every_cut(tmp_path):
    buf = BytesIO()
    frames = [ui_image((60, 40)).rotate(90 * i) for i in range(4)]
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=50)
    # frame counting scans a GIF to its end: that is where IndexError / struct.error used to leak
    assert _every_cut_is_refused_cleanly(tmp_path, "anim.gif", buf.getvalue(), 7) > 0


def test_truncated_multipage_tiffs_are_refused_cleanly_at_every_cut(tmp_path):
    buf = BytesIO()
    pages = [photo_image((40, 30)), ui_image((40, 30))]
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:])
    # a cut inside the second directory gave TypeError("Missing dimensions")
    assert _every_cut_is_refused_cleanly(tmp_path, "pages.tif", buf.getvalue(), 97) > 0


@pytest.mark.parametrize("keep", [0.5, 0.75, 0.95])
def test_damaged_avif_is_refused_naming_its_kind(tmp_path, keep):
    buf = BytesIO()
    photo_image((64, 48)).save(buf, "AVIF")
    data = buf.getvalue()
    p = tmp_path / "cut.avif"
    p.write_bytes(data[: int(len(data) * keep)])  # libavif raises RuntimeError / ValueError, not OSError
    with pytest.raises(ImageError) as exc:
        compress(p, tmp_path / "out")
    assert str(exc.value) in (
        "File cut.avif is an image (AVIF) that cannot be read here (damaged, or an unusual variant); open it in an "
        "image editor and export it again as PNG or JPEG.",
    ) or re.fullmatch(r"File cut\.avif is truncated or damaged \(.+\); capture or export it again\.", str(exc.value))


def test_an_image_of_a_kind_pillow_cannot_read_is_named_by_its_kind(tmp_path):
    p = tmp_path / "scan.tif"
    p.write_bytes(b"MM\x00*" + b"\xff" * 60)
    with pytest.raises(ImageError) as exc:
        sniff(p)
    assert str(exc.value) == ("File scan.tif is an image (TIFF) that cannot be read here (damaged, or an unusual "
                              "variant); open it in an image editor and export it again as PNG or JPEG.")


def test_a_pipe_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    with pytest.raises(ImageError) as exc:
        sniff(fifo)
    assert str(exc.value) == ("pipe.png is not a regular file (a pipe, device or socket); save the image to a file "
                              "and attach that.")


def test_a_file_that_may_not_be_read_says_so(tmp_path, monkeypatch):
    p = tmp_path / "locked.png"
    ui_image((10, 10)).save(p)

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(imaging.Image, "open", refuse)  # root reads everything: simulate mode 000
    with pytest.raises(ImageError) as exc:
        sniff(p)
    assert str(exc.value) == "File locked.png could not be read (Permission denied); check its permissions."


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # float 0..1 with one NaN first (Pillow's extrema become NaN) and one +Inf: the rest keeps its scale
        ((float("nan"), 0.25, 0.75, float("inf")), (0, 64, 191, 255)),
        ((0.5, 0.5, 0.5, 0.5), (128, 128, 128, 128)),  # a constant 0..1 float is that grey, not black
        ((0.0, 64.0, 191.0, 255.0), (0, 64, 191, 255)),  # floats in 0..255 stay
        ((-1.0, 0.0, 1.0, 3.0), (0, 64, 128, 255)),  # any other range maps onto 0..255
    ],
)
def test_float_grey_maps_its_finite_range(tmp_path, values, expected):
    im = Image.new("F", (4, 1))
    for x, v in enumerate(values):
        im.putpixel((x, 0), v)
    p = tmp_path / "f.tif"
    im.resize((40, 10), Image.Resampling.NEAREST).save(p)
    out = opened(compress(p, tmp_path / "out").path).convert("L")
    assert tuple(out.getpixel((10 * x + 5, 5)) for x in range(4)) == expected


def test_negative_32bit_integers_are_mapped_not_clipped(tmp_path):
    im = Image.new("I", (4, 1))
    for x, v in enumerate((-12800, -6400, 6400, 12700)):
        im.putpixel((x, 0), v)
    p = tmp_path / "i.tif"
    im.resize((40, 10), Image.Resampling.NEAREST).save(p)
    out = opened(compress(p, tmp_path / "out").path).convert("L")
    assert tuple(out.getpixel((10 * x + 5, 5)) for x in range(4)) == (0, 64, 192, 255)


def _grey_linear_profile() -> bytes:
    """A GRAY ICC v2 profile with a linear (gamma 1.0) curve: grey 64 is sRGB 137."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    text = b"Gray linear\0"
    tags = [
        (b"desc", b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * 12 + b"\0" * 67),
        (b"wtpt", b"XYZ " + b"\0" * 4 + s15(0.9642) + s15(1.0) + s15(0.8249)),
        (b"kTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 256) + b"\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, blob = b"", b""
    for sig, data in tags:
        while (offset + len(blob)) % 4:
            blob += b"\0"
        table += sig + struct.pack(">II", offset + len(blob), len(data))
        blob += data
    body = struct.pack(">I", len(tags)) + table + blob
    header = (struct.pack(">I", 128 + len(body)) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrGRAYXYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 28 + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + body


@pytest.mark.parametrize("mode", ["L", "LA", "P"])
def test_a_grey_profile_is_applied_on_every_grey_mode(tmp_path, mode):
    icc = _grey_linear_profile()
    im = Image.new("L", (20, 20), 64)
    if mode == "LA":
        im = im.convert("LA")
        im.putpixel((0, 0), (0, 0))  # real transparency: it must survive the conversion
    elif mode == "P":
        im = im.convert("P")
    p = tmp_path / f"grey-{mode}.png"
    im.save(p, icc_profile=icc)
    out = opened(compress(p, tmp_path / "out").path)
    assert "icc_profile" not in out.info
    assert out.convert("RGBA").getpixel((10, 10)) == (137, 137, 137, 255)
    if mode == "LA":
        assert out.convert("RGBA").getpixel((0, 0))[3] == 0


def test_a_profile_named_srgb_is_judged_by_what_it_does(tmp_path):
    # "sRGB (linear)": sRGB's primaries with a linear curve; taken for sRGB by its name, its raw values went out
    linear = icc_v2(SRGB_R, SRGB_G, SRGB_B, gamma=1.0).replace(b"Swapped test RGB", b"sRGB (linear) 00")
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(BytesIO(linear))).startswith("sRGB")
    p = tmp_path / "linear.png"
    Image.new("RGB", (16, 16), (200, 100, 50)).save(p, icc_profile=linear)
    out = opened(compress(p, tmp_path / "out").path)
    assert "icc_profile" not in out.info
    assert out.convert("RGB").getpixel((8, 8)) == (229, 168, 122)


def test_grey_photos_are_not_taken_for_screenshots():
    import random

    rng = random.Random(7)
    # 40 grey levels spread evenly: the 32 most common cover 80% (the colour rule's "few colours"),
    # yet no two neighbours agree more than by chance: a photo's texture (the moon, a brick wall)
    texture = Image.frombytes("L", (256, 256), bytes(rng.randrange(100, 140) for _ in range(256 * 256)))
    assert imaging.looks_like_screenshot(texture) is False
    assert imaging.looks_like_screenshot(ui_image((256, 256), "L")) is True


def _noise_frames(n: int, size: tuple[int, int], seed: int = 3) -> list[Image.Image]:
    import random

    rng = random.Random(seed)
    return [Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)) for _ in range(n)]


def test_a_lossy_animation_is_shrunk_to_fit_its_budget(tmp_path):
    p = tmp_path / "noise.png"
    frames = _noise_frames(4, (640, 480))
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=80)  # APNG
    r = compress(p, tmp_path / "out", byte_budget=200_000)
    assert r.format == "WEBP" and r.lossless is False
    assert r.bytes <= 200_000
    assert max(r.width, r.height) >= imaging.ANIMATION_MIN_EDGE
    assert r.note == f"Animation with 4 frames kept, scaled to {r.width}×{r.height} to fit the 200000-byte budget."
    out = Image.open(r.path)
    assert (out.n_frames, out.size) == (4, (r.width, r.height))


def test_an_animation_over_budget_at_its_smallest_says_so(tmp_path):
    p = tmp_path / "noise.gif"
    frames = _noise_frames(6, (400, 300), seed=5)
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=80)
    r = compress(p, tmp_path / "out", byte_budget=10_000)
    assert (r.width, r.height) == (320, 240)  # not below ANIMATION_MIN_EDGE
    assert r.bytes > 10_000
    assert r.note == (f"Animation with 6 frames kept, scaled to 320×240 to fit the 10000-byte budget. It is {r.bytes} "
                      "bytes, over the 10000-byte budget even at 320×240: send the original, or shorten it.")


def test_animation_transparency_survives_libwebps_cropped_key_frame(tmp_path):
    # Frame 1 half transparent, frame 2 opaque: libwebp crops frame 1 to its opaque half and left the file's
    # alpha flag unset, so the transparent half came out opaque black.
    a = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    a.paste((0, 0, 255, 255), (0, 0, 50, 100))
    b = Image.new("RGBA", (100, 100), (0, 0, 255, 255))
    p = tmp_path / "half.png"
    a.save(p, save_all=True, append_images=[b], duration=100)
    out = Image.open(compress(p, tmp_path / "out").path)
    assert out.mode == "RGBA"
    out.seek(0)
    assert out.convert("RGBA").getpixel((75, 10)) == (0, 0, 0, 0)
    assert out.convert("RGBA").getpixel((25, 10)) == (0, 0, 255, 255)
    out.seek(1)
    assert out.convert("RGBA").getpixel((75, 10)) == (0, 0, 255, 255)


def test_an_animated_avif_keeps_its_frames(tmp_path):
    p = tmp_path / "anim.avif"
    frames = [ui_image((64, 32)), ui_image((64, 32)).transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=[100, 200], quality=90)
    r = compress(p, tmp_path / "out")
    out = Image.open(r.path)
    assert (r.format, out.n_frames) == ("WEBP", 2)
    assert r.note == "Animation with 2 frames kept."
    durations = []
    for i in range(2):
        out.seek(i)
        out.load()
        durations.append(out.info["duration"])
    assert durations == [100, 200]


def test_gif_frames_that_grow_the_canvas_count_at_their_grown_size(tmp_path):
    # 1×1 header, then frames of 90×90 (each under the 10,000-pixel frame limit): five of them are more
    # than the 40,000 a whole animation may hold; counted at the header's 1×1 they were nothing
    p = tmp_path / "grows.gif"
    _gif_with_grown_second_frame(p, (90, 90), count=5)
    with pytest.raises(ImageError) as exc:
        sniff(p, max_pixels=10_000)
    assert str(exc.value) == ("File grows.gif is an animation whose frames grow to 90×90 pixels, more than the limit "
                              "of 40,000 pixels for a whole animation; shorten it or scale it down.")
    # 1×1 frames drawn at (98, 98) grow the canvas just the same
    q = tmp_path / "offset.gif"
    _gif_with_grown_second_frame(q, (1, 1), count=5, at=(98, 98))
    with pytest.raises(ImageError, match=r"frames grow to 99×99 pixels"):
        sniff(q, max_pixels=10_000)


def test_a_grown_gif_canvas_is_the_outputs_size_not_the_headers(tmp_path):
    p = tmp_path / "grows.gif"
    _gif_with_grown_second_frame(p, (300, 200), count=2, at=(100, 50))
    assert sniff(p) == ImageInfo("GIF", "image/gif", 400, 250, 3)
    r = compress(p, tmp_path / "out")
    assert (r.width, r.height) == (400, 250)  # it was squeezed into the 1×1 of the header
    out = Image.open(r.path)
    out.seek(out.n_frames - 1)
    last = out.convert("RGBA")
    assert last.getpixel((300, 150)) == (255, 0, 0, 255)  # the grown frame, in place
    out.seek(0)
    assert out.convert("RGBA").getpixel((0, 0)) == (255, 0, 0, 255)  # the first 1×1 frame at the top left
    assert out.convert("RGBA").getpixel((300, 150))[3] == 0  # nothing there yet in frame 1


@pytest.mark.parametrize("mode", ["L", "CMYK", "I;16"])
@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_uncompressed_tiff_in_other_modes_turns_upright_unscrambled(tmp_path, mode, orientation):
    # Pillow maps these straight from the file with the swapped (displayed) size and read them scrambled
    from PIL import TiffImagePlugin

    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[0x0112] = orientation
    levels = (30, 90, 150, 210)  # QUAD's corners as grey

    def grey_quad(m: str, scale: int) -> Image.Image:
        g = Image.new(m, (40, 20), levels[0] * scale)
        d = ImageDraw.Draw(g)
        d.rectangle((20, 0, 39, 9), fill=levels[1] * scale)
        d.rectangle((0, 10, 19, 19), fill=levels[2] * scale)
        d.rectangle((20, 10, 39, 19), fill=levels[3] * scale)
        return g

    if mode == "CMYK":
        im = quad_image().convert("CMYK")
        expect = tuple(QUAD[i] for i in QUAD_SHOWN[orientation])
    else:
        im = grey_quad("L", 1) if mode == "L" else grey_quad("I", 257).convert("I;16")
        expect = tuple((levels[i],) * 3 for i in QUAD_SHOWN[orientation])
    p = tmp_path / "o.tif"
    im.save(p, tiffinfo=ifd)  # uncompressed
    r = compress(p, tmp_path / "out")
    assert (r.width, r.height) == (20, 40)
    assert corners(opened(r.path)) == expect


def test_an_animations_colour_profile_is_converted_like_a_stills(tmp_path):
    p3 = icc_v2((0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841))
    a = Image.new("RGBA", (40, 20), (200, 100, 50, 255))
    a.putpixel((0, 0), (10, 20, 30, 0))
    b = Image.new("RGBA", (40, 20), (100, 200, 50, 128))
    p = tmp_path / "p3.png"
    a.save(p, save_all=True, append_images=[b], duration=100, icc_profile=p3)
    still = tmp_path / "still.png"
    a.convert("RGB").save(still, icc_profile=p3)
    expected = opened(compress(still, tmp_path / "s").path).convert("RGB").getpixel((10, 10))
    assert expected == (216, 93, 24)  # P3 (200, 100, 50) in sRGB
    out = Image.open(compress(p, tmp_path / "out").path)
    assert "icc_profile" not in out.info
    assert out.convert("RGBA").getpixel((10, 10)) == (216, 93, 24, 255)
    assert out.convert("RGBA").getpixel((0, 0))[3] == 0  # alpha untouched by the transform
    out.seek(1)
    assert out.convert("RGBA").getpixel((10, 10))[3] == 128


def test_an_animations_grey_profile_is_converted_like_a_stills(tmp_path):
    # A grey profile on an RGB WebP is invalid (viewers show the raw values): grey frames are converted
    # through their grey channel, as a still is (64 under the linear grey profile is 137 in sRGB).
    icc = _grey_linear_profile()
    frames = [Image.new("LA", (20, 20), (64, 255)), Image.new("LA", (20, 20), (128, 200))]
    p = tmp_path / "grey.png"
    frames[0].save(p, save_all=True, append_images=frames[1:], duration=100, icc_profile=icc)
    out = Image.open(compress(p, tmp_path / "out").path)
    assert "icc_profile" not in out.info
    assert out.convert("RGBA").getpixel((10, 10)) == (137, 137, 137, 255)
    out.seek(1)
    r, g, b, a = out.convert("RGBA").getpixel((10, 10))
    assert r == g == b and r > 128 and a == 200  # converted, its alpha untouched


@pytest.mark.parametrize("mode", ["I;16", "I", "F"])
def test_deep_grey_with_a_profile_is_scaled_before_the_profile_applies(tmp_path, mode):
    # Converting first clipped every value: a 16-bit grey PNG with an sRGB profile came out all white,
    # a float TIFF with a grey profile all black.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    grey = _grey_linear_profile()
    # 32896/65535 is 128 at 8 bits, 15420/65535 is 60 (floats in 0..1 scale by 255)
    im = Image.new(mode, (40, 20), 32896 if mode != "F" else 32896 / 65535)
    im.paste(15420 if mode != "F" else 15420 / 65535, (20, 0, 40, 20))
    for name, icc, want in (("srgb", srgb, (128, 60)), ("grey", grey, None)):
        p = tmp_path / f"deep-{name}.{'png' if mode == 'I;16' else 'tif'}"
        im.save(p, icc_profile=icc)
        out = opened(compress(p, tmp_path / f"out-{name}").path).convert("RGB")
        left, right = out.getpixel((5, 10)), out.getpixel((35, 10))
        if want is None:  # the same as the 8-bit grey image under the same profile
            ref = tmp_path / f"ref-{name}.png"
            eight = Image.new("L", (40, 20), 128)
            eight.paste(60, (20, 0, 40, 20))
            eight.save(ref, icc_profile=icc)
            ref_out = opened(compress(ref, tmp_path / f"ref-out-{name}").path).convert("RGB")
            want = (ref_out.getpixel((5, 10))[0], ref_out.getpixel((35, 10))[0])
            assert want == (188, 133)  # linear grey 128 and 60 in sRGB: lighter, not clipped
        assert (left, right) == ((want[0],) * 3, (want[1],) * 3)


def test_a_grey_profile_on_colour_pixels_is_ignored_not_turned_grey(tmp_path):
    p = tmp_path / "rgb-greyprofile.jpg"
    Image.new("RGB", (64, 32), (150, 100, 80)).save(p, quality=95, icc_profile=_grey_linear_profile())
    out = opened(compress(p, tmp_path / "out").path).convert("RGB")
    r, g, b = out.getpixel((32, 16))
    assert abs(r - 150) <= 3 and abs(g - 100) <= 3 and abs(b - 80) <= 3  # the colour stays
    assert "icc_profile" not in out.info


def test_a_one_bit_png_keeps_its_transparent_pixels(tmp_path):
    im = Image.new("1", (200, 100), 0)
    im.paste(1, (100, 0, 200, 100))
    p = tmp_path / "bw-trns.png"
    im.save(p, transparency=0)
    out = opened(compress(p, tmp_path / "out").path).convert("RGBA")
    assert out.getpixel((10, 50))[3] == 0  # black was the transparent colour
    assert out.getpixel((150, 50)) == (255, 255, 255, 255)


def test_a_palette_png_is_only_chosen_when_it_is_exact(tmp_path):
    # 256 colours a level or two apart: Pillow's palette mapping merged them (8844 of 30000 pixels changed)
    import random

    rnd = random.Random(1)
    cols = [(100 + i % 4, 100 + (i // 4) % 4, 100 + (i // 16) % 16) for i in range(256)]
    im = Image.new("RGB", (300, 100), cols[0])
    im.putdata([cols[0] if x < 210 else cols[rnd.randrange(256)] for _y in range(100) for x in range(300)])
    p = tmp_path / "near.png"
    im.save(p)
    r = compress(p, tmp_path / "out")
    assert r.lossless
    out = opened(r.path).convert("RGB")
    assert ImageChops.difference(out, im).getbbox() is None  # every pixel exactly as it was


def test_a_small_photo_reaches_the_lowest_quality_before_it_is_shrunk(tmp_path):
    # The search stopped after 4 tries creeping down (80, 74, 72, 71): the image was shrunk, still over
    # the budget, and the note named 71 "the lowest quality".
    src = photo_image((240, 240))
    p = tmp_path / "small.jpg"
    src.save(p, quality=95)
    at = {}
    for q in (40, 60):
        q_path = tmp_path / f"q{q}.jpg"
        with Image.open(p) as im:
            im.convert("RGB").save(q_path, quality=q, subsampling=imaging.jpeg_subsampling(q), optimize=True)
        at[q] = q_path.stat().st_size
    budget = (at[40] + at[60]) // 2  # fits somewhere between the two
    r = compress(p, tmp_path / "out", byte_budget=budget)
    assert r.bytes <= budget and not r.over_budget
    assert (r.width, r.height) == (240, 240)  # not shrunk: a quality fits
    tight = compress(p, tmp_path / "out2", byte_budget=at[40] // 3)
    assert "lowest quality (40)" in tight.note or tight.bytes <= at[40] // 3


def test_an_avif_with_a_generic_brand_is_decoded_not_taken_for_heic(tmp_path, monkeypatch):
    monkeypatch.setattr(imaging, "HEIF_DECODER", False)
    p = tmp_path / "mif1.avif"
    ui_image((64, 32)).save(p, "AVIF", quality=90)
    data = bytearray(p.read_bytes())
    assert data[4:8] == b"ftyp" and b"avif" in data[16:32]
    data[8:12] = b"mif1"  # the major brand some encoders write; 'avif' stays among the compatible ones
    p.write_bytes(bytes(data))
    r = compress(p, tmp_path / "out")
    assert r.format != "HEIF" and r.path.suffix != ".heic"
    assert (r.width, r.height) == (64, 32)
    fake = tmp_path / "fake.heic"
    fake.write_bytes(b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic" + b"\0" * 64)
    assert compress(fake, tmp_path / "out3").format == "HEIF"  # a real HEIF brand: attached unchanged


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_an_animation_is_turned_upright_like_a_still(tmp_path, fmt):
    ex = Image.Exif()
    ex[0x0112] = 6
    frames = []
    for shade in (0, 60):
        f = Image.new("RGB", (160, 80), (255, shade, 0))
        f.paste((0, 0, 255), (80, 0, 160, 80))  # right half blue
        frames.append(f)
    p = tmp_path / f"anim-o6.{fmt.lower()}"
    frames[0].save(p, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0, exif=ex,
                   **({"lossless": True} if fmt == "WEBP" else {}))
    r = compress(p, tmp_path / "out")
    out = Image.open(r.path)
    assert out.n_frames == 2 and out.size == (80, 160) and (r.width, r.height) == (80, 160)
    upright = frames[0].transpose(Image.Transpose.ROTATE_270)  # what orientation 6 shows
    assert out.convert("RGB").getpixel((40, 20)) == upright.getpixel((40, 20)) == (255, 0, 0)
    assert out.convert("RGB").getpixel((40, 140)) == upright.getpixel((40, 140)) == (0, 0, 255)
    assert not out.getexif().get(0x0112)


def test_a_gif_that_plays_once_still_plays_once(tmp_path):
    frames = [Image.new("RGB", (40, 20), c) for c in COLOURS]
    once = tmp_path / "once.gif"
    frames[0].save(once, save_all=True, append_images=frames[1:], duration=100)  # no NETSCAPE block
    assert "loop" not in Image.open(once).info
    assert Image.open(compress(once, tmp_path / "a").path).info["loop"] == 1
    forever = tmp_path / "forever.gif"
    frames[0].save(forever, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert Image.open(compress(forever, tmp_path / "b").path).info["loop"] == 0
    apng = tmp_path / "twice.png"  # an APNG counts plays, as WebP does: kept as it is
    frames[0].save(apng, save_all=True, append_images=frames[1:], duration=100, loop=2)
    assert Image.open(compress(apng, tmp_path / "c").path).info["loop"] == 2


def test_an_apngs_default_image_is_not_sent_as_a_frame(tmp_path):
    placeholder = Image.new("RGB", (40, 20), (255, 255, 255))
    frames = [Image.new("RGB", (40, 20), c) for c in COLOURS]
    p = tmp_path / "default.png"
    placeholder.save(p, save_all=True, append_images=frames, default_image=True, duration=[100, 100, 200, 300])
    out = Image.open(compress(p, tmp_path / "out").path)
    assert out.n_frames == len(frames)
    shown = []
    for i in range(out.n_frames):
        out.seek(i)
        shown.append(out.convert("RGB").getpixel((20, 10)))
    assert shown == list(COLOURS)


def _fractal_jpeg(path: Path) -> Path:
    """Flat areas and few colours (taken for a screenshot), but a JPEG: its lossless re-encode is larger."""
    Image.effect_mandelbrot((1600, 1200), (-2, -1.5, 1, 1.5), 100).convert("RGB").save(path, quality=85)
    return path


def test_a_jpeg_is_never_made_lossless_and_larger(tmp_path):
    """QA: a 133 KB fractal JPEG became a 179 KB lossless WebP, over a 100 KB budget and larger than itself."""
    src = _fractal_jpeg(tmp_path / "fractal.jpg")
    source_bytes = src.stat().st_size  # 93,327 here
    tight = compress(src, tmp_path / "a", byte_budget=60_000)
    assert (tight.format, tight.lossless) == ("JPEG", False) and tight.bytes <= 60_000
    assert tight.note.startswith("Lossless would be ") and "more than the JPEG it comes from" in tight.note
    roomy = compress(src, tmp_path / "b")  # 300 KB budget: lossless fits it, but is larger than the JPEG
    assert (roomy.format, roomy.lossless) == ("JPEG", False) and roomy.bytes <= source_bytes
    assert (roomy.width, roomy.height) == (1600, 1200)


def test_a_jpeg_is_not_re_encoded_into_more_bytes_than_it_had(tmp_path):
    """A JPEG re-encoded at the budget's highest quality came back larger (93 KB -> 136 KB) with no more detail."""
    src = tmp_path / "photo.jpg"
    photo_image((1200, 900)).save(src, quality=60)
    out = compress(src, tmp_path / "o")
    assert out.format == "JPEG" and out.bytes <= src.stat().st_size < 300_000
    big = tmp_path / "big.jpg"  # downscaled: the cap is what the source spent on as many pixels
    photo_image((3000, 2250)).save(big, quality=95)
    share = (1920 * 1440) / (3000 * 2250)
    shrunk = compress(big, tmp_path / "p")
    assert (shrunk.width, shrunk.height) == (1920, 1440)
    assert shrunk.bytes <= min(300_000, big.stat().st_size * share)


def test_running_out_of_memory_after_the_decode_names_the_file(tmp_path, monkeypatch):
    """QA: a MemoryError in a resize or an encode came out as a traceback (the CLI printed it)."""
    from bugzot_desktop.core import imaging

    p = tmp_path / "huge.png"
    ui_image((400, 300)).save(p)

    def no_memory(*a, **k):
        raise MemoryError

    monkeypatch.setattr(imaging, "_encode_lossless", no_memory)
    with pytest.raises(ImageError) as err:
        compress(p, tmp_path / "out")
    assert str(err.value) == ("File huge.png is too large to decode in the memory available; scale it down, "
                              "then attach it again.")
    assert imaging._jobs.value == 0
