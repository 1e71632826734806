"""tasks/flatten.py: annotations drawn, redactions burnt in (unrecoverable), crop applied."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QColor, QImage

from bugzot_desktop.core.errors import BadInputError, ImageError
from bugzot_desktop.core.markup import Markup, MarkupItem
from bugzot_desktop.tasks.flatten import FlattenTask, flatten, flatten_file, pixel_block
from bugzot_desktop.tasks.runner import TaskRunner

BOX = (40, 30, 64, 48)  # x, y, w, h of the secret pattern


def _image_with_secret(seed: int = 7) -> tuple[QImage, set[tuple[int, int, int]]]:
    """A white 160x120 image with a box of unique random colours (the 'secret')."""
    img = QImage(160, 120, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    rng = random.Random(seed)
    secret: set[tuple[int, int, int]] = set()
    x0, y0, w, h = BOX
    for y in range(y0, y0 + h):
        for x in range(x0, x0 + w):
            while True:
                c = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                if c not in secret and c != (255, 255, 255):
                    break
            secret.add(c)
            img.setPixelColor(x, y, QColor(*c))
    return img, secret


def _colors(img: QImage, rect=None) -> list[tuple[int, int, int]]:
    x0, y0, w, h = rect or (0, 0, img.width(), img.height())
    out = []
    for y in range(y0, y0 + h):
        for x in range(x0, x0 + w):
            c = img.pixelColor(x, y)
            out.append((c.red(), c.green(), c.blue()))
    return out


@pytest.mark.parametrize("kind", ["pixelate", "blur"])
def test_redaction_leaves_no_pixel_of_the_secret_in_the_exported_file(qapp, tmp_path, kind):
    img, secret = _image_with_secret()
    src = tmp_path / "src.png"
    assert img.save(str(src))
    x, y, w, h = BOX
    m = Markup(160, 120, (MarkupItem(kind, ((x, y), (x + w, y + h))),))
    out = flatten_file(src, m.to_dict(), tmp_path / "out.png")

    exported = QImage(str(out))
    assert (exported.width(), exported.height()) == (160, 120)
    assert not (set(_colors(exported)) & secret)  # not one secret pixel survives anywhere
    # Outside the box nothing changed.
    before, after = _colors(img), _colors(exported)
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        px, py = i % 160, i // 160
        if not (x <= px < x + w and y <= py < y + h):
            assert a == b == (255, 255, 255), (px, py)
    if kind == "pixelate":
        # Every block is one flat colour: nothing finer than the block is left.
        b = pixel_block(m.items[0])
        assert b == 12
        for by in range(y, y + h, b):
            for bx in range(x, x + w, b):
                cell = (bx, by, min(b, x + w - bx), min(b, y + h - by))
                assert len(set(_colors(exported, cell))) == 1


def test_annotations_are_drawn_and_crop_is_last(qapp):
    img = QImage(100, 80, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    m = Markup(
        100,
        80,
        (
            MarkupItem("rect", ((10, 10), (50, 50)), color="#ff0000", width=4),
            MarkupItem("line", ((60, 5), (90, 5)), color="#0000ff", width=4),
            MarkupItem("step", ((75, 60),), number=3, color="#00ff00", font_size=20),
        ),
    )
    out = flatten(img, m)
    assert out.pixelColor(10, 30) == QColor("#ff0000")  # the stroke's middle
    assert out.pixelColor(30, 30) == QColor("white")  # a rectangle is not filled
    assert out.pixelColor(75, 5) == QColor("#0000ff")
    assert out.pixelColor(75 - 10, 60) == QColor("#00ff00")  # inside the marker's disc, left of the digit
    cropped = flatten(img, Markup(100, 80, m.items, crop=(8, 8, 20, 30)))
    assert (cropped.width(), cropped.height()) == (20, 30)
    assert cropped.pixelColor(2, 22) == QColor("#ff0000")  # (10, 30) in source coordinates


def test_flatten_file_refuses_mismatched_or_unreadable_input(qapp, tmp_path):
    bad = tmp_path / "x.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(ImageError, match="Cannot read x.png"):
        flatten_file(bad, None, tmp_path / "o.png")
    img = QImage(10, 10, QImage.Format.Format_RGB32)
    img.fill(0)
    good = tmp_path / "g.png"
    img.save(str(good))
    with pytest.raises(BadInputError, match="made for a 20x20 image"):
        flatten_file(good, Markup(20, 20).to_dict(), tmp_path / "o.png")


def test_flatten_task_runs_on_the_pool(qtbot, tmp_path):
    img, _ = _image_with_secret()
    src = tmp_path / "s.png"
    img.save(str(src))
    runner = TaskRunner()
    got: list = []
    m = Markup(160, 120, (MarkupItem("arrow", ((5, 5), (100, 100))),))
    runner.submit(
        FlattenTask(src, m.to_dict(), tmp_path / "flat.png"),
        on_success=got.append,
        on_failure=lambda msg, e: got.append(msg),
    )
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=10_000)
    runner.shutdown()
    assert got == [tmp_path / "flat.png"]
    assert QImage(str(got[0])).size().toTuple() == (160, 120)


@pytest.mark.parametrize("kind", ["pixelate", "blur"])
def test_a_redaction_covers_the_annotations_under_it_and_not_those_drawn_after(qapp, kind):
    """A text label with a password, pixelated over in the editor, was readable in the export: redactions
    were applied to the screenshot first and every annotation drawn on top (newcomer5 #3). Now the export
    stacks items in order, as the editor shows them."""
    img = QImage(160, 120, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    below = MarkupItem("rect", ((30, 30), (90, 70)), color="#ff0000", width=6)  # a red frame under the box
    box = MarkupItem(kind, ((20, 20), (100, 80)))
    above = MarkupItem("rect", ((110, 30), (150, 70)), color="#0000ff", width=6)  # beside it, drawn after
    inside_after = MarkupItem("line", ((40, 50), (80, 50)), color="#00ff00", width=4)  # on the box, drawn after
    out = flatten(img, Markup(160, 120, (below, box, above, inside_after)))
    covered = set(_colors(out, (20, 20, 80, 26)))  # the box above the green line (which is drawn after it)
    assert not any(r > 150 and g < 100 and b < 100 for r, g, b in covered), covered  # no red survives
    assert covered <= {(255, 255, 255)}  # the redacted source: white paper
    assert out.pixelColor(130, 30).blue() > 200  # the rectangle drawn after the box is there
    assert out.pixelColor(60, 50).green() > 200  # and so is the line drawn over the box


def _sideways_jpeg(path):
    """A phone photo: stored 200x100 (red left half, blue right half), EXIF orientation 6 (shown turned 90°
    clockwise: 100x200, red on top)."""
    from PIL import Image

    im = Image.new("RGB", (200, 100), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    im.save(path, quality=95, exif=exif)
    return path


def test_a_photo_is_marked_up_and_flattened_upright(qapp, tmp_path):
    """QImage(path) ignores EXIF orientation: the editor showed a phone photo sideways and its marked-up
    PNG went out sideways, while the thumbnail and an unmarked upload were upright (found in a QA pass)."""
    from bugzot_desktop.tasks.flatten import read_image

    src = _sideways_jpeg(tmp_path / "phone.jpg")
    shown = read_image(src)
    assert (shown.width(), shown.height()) == (100, 200)
    assert shown.pixelColor(50, 40).red() > 200 and shown.pixelColor(50, 160).blue() > 200  # red on top
    m = Markup(100, 200, (MarkupItem("rect", ((10, 10), (90, 190)), color="#00ff00", width=4),))
    out = QImage(str(flatten_file(src, m.to_dict(), tmp_path / "marked.png")))
    assert (out.width(), out.height()) == (100, 200)
    assert out.pixelColor(10, 100) == QColor("#00ff00")
    assert out.pixelColor(50, 40).red() > 200 and out.pixelColor(50, 160).blue() > 200


def test_an_avif_opens_for_mark_up_through_pillow(qapp, tmp_path):
    from PIL import Image

    from bugzot_desktop.tasks.flatten import read_image

    pic = tmp_path / "pic.avif"
    Image.new("RGB", (64, 48), (255, 128, 0)).save(pic, quality=90)
    image = read_image(pic)
    assert (image.width(), image.height()) == (64, 48)
    r, g, b, _ = image.pixelColor(32, 24).getRgb()
    assert abs(r - 255) <= 3 and abs(g - 128) <= 3 and b <= 3
    out = QImage(str(flatten_file(pic, None, tmp_path / "o.png")))
    assert (out.width(), out.height()) == (64, 48)
