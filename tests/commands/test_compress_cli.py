"""`bugzot compress` through cli.main: output line, options, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from bugzot_desktop.cli import main


def _shot(path: Path, size=(800, 400)) -> Path:
    im = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(im).rectangle((0, 0, size[0] // 2 - 1, size[1] - 1), fill=(200, 0, 0))
    im.save(path)
    return path


def test_compress_prints_format_size_and_dimensions(tmp_path, capsys):
    src = _shot(tmp_path / "shot.png")
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out"), "--max-edge", "400"]) == 0
    out, err = capsys.readouterr()
    result = tmp_path / "out" / "shot.webp"  # two flat colours: WebP lossless beats the palette PNG
    assert sorted((tmp_path / "out").iterdir()) == [result]
    assert err == ""
    assert out == f"{result}: WEBP lossless, {result.stat().st_size} bytes, 400×200 (from 800×400)\nDownscaled from 800×400.\n"
    with Image.open(result) as im:
        assert im.size == (400, 200)
        assert im.convert("RGB").getpixel((10, 10)) == (200, 0, 0)


def test_output_file_name_sets_the_stem(tmp_path, capsys):
    src = _shot(tmp_path / "shot.png", (64, 32))
    (tmp_path / "o").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "o" / "final.png")]) == 0
    out, _ = capsys.readouterr()
    (made,) = list((tmp_path / "o").iterdir())
    assert made.stem == "final"
    assert out.startswith(f"{made}: ") and out.endswith(", 64×32\n")


def test_photo_budget_option(tmp_path, capsys):
    size = (600, 400)
    src = tmp_path / "photo.jpg"
    Image.merge("RGB", [Image.effect_noise(size, 30), Image.linear_gradient("L").resize(size),
                        Image.effect_mandelbrot(size, (-2, -1.2, 1, 1.2), 50)]).save(src, quality=95)
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out"), "--budget", "80000"]) == 0
    out, _ = capsys.readouterr()
    made = tmp_path / "out" / "photo.jpg"
    assert made.stat().st_size <= 80_000
    assert out == f"{made}: JPEG lossy, {made.stat().st_size} bytes, 600×400\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-edge", "big"], "bugzot: --max-edge must be a whole number, not 'big'.\n"),
        (["--max-edge", "10"], "bugzot: Longest edge 10 must be between 64 and 16383 pixels.\n"),
        (["--budget", "5"], "bugzot: Byte budget 5 must be between 10000 and 100000000 bytes.\n"),
        # WebP holds at most 16383 pixels a side: 16384 was accepted and ended in a traceback
        (["--max-edge", "16384"], "bugzot: Longest edge 16384 must be between 64 and 16383 pixels.\n"),
        # a 311-digit budget overflowed a float in the quality search (traceback, exit 1)
        (["--budget", "1" + "0" * 310], f"bugzot: Byte budget 1{'0' * 310} must be between 10000 and 100000000 bytes.\n"),
    ],
)
def test_bad_options_give_one_line(tmp_path, capsys, args, message):
    src = _shot(tmp_path / "shot.png", (64, 32))
    assert main(["compress", str(src), "-o", str(tmp_path / "out"), *args]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", message)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.png", b"", "File empty.png is empty (0 bytes); capture or export the image again."),
        ("page.jpg", b"<html><body>x</body></html>",
         "File page.jpg is an HTML page, not an image; attach a PNG, JPEG, GIF, WebP, BMP, TIFF, AVIF, HEIC file."),
        (None, None, "File missing.png does not exist; attach it again."),
    ],
)
def test_bad_files_give_one_line_naming_the_file(tmp_path, capsys, name, content, message):
    src = tmp_path / (name or "missing.png")
    if content is not None:
        src.write_bytes(content)
    assert main(["compress", str(src), "-o", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"bugzot: {message}\n")


def test_output_folder_that_is_a_file(tmp_path, capsys):
    src = _shot(tmp_path / "shot.png", (64, 32))
    (tmp_path / "taken").write_text("x")
    assert main(["compress", str(src), "-o", str(tmp_path / "taken" / "x.png")]) == 2
    _, err = capsys.readouterr()
    assert err == f"bugzot: -o: {tmp_path / 'taken'} is a file, not a folder; choose an existing folder for x.png.\n"


def test_an_existing_file_name_for_o_gets_the_chosen_formats_extension_as_the_help_says(tmp_path, capsys):
    src = _shot(tmp_path / "shot.png", (64, 32))
    (tmp_path / "result.png").write_text("x")
    assert main(["compress", str(src), "-o", str(tmp_path / "result.png")]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(f"{tmp_path / 'result.webp'}: WEBP lossless, ")
    assert (tmp_path / "result.png").read_text() == "x"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("{t}/nonexistent/dir/x.png", "-o: folder {t}/nonexistent/dir does not exist; create it first or choose another."),
        ("{t}/newdir/", "-o: folder {t}/newdir/ does not exist; create it first or choose another."),
        ("{t}/newdir", "-o: folder {t}/newdir does not exist; create it first, or give a file name with an extension "
                       "such as {t}/newdir.png."),
        ("{t}/shot", "-o: {t}/shot is not a folder; give a folder, or a file name with an extension such as "
                     "{t}/shot.png."),
        # The reason in brackets is the operating system's (it differs between root and a user).
        ("/sys/x.png", "-o /sys/x.png: nothing could be written into /sys (*); choose a folder you can write to."),
        ("/proc/", "-o /proc/: nothing could be written into /proc (*); choose a folder you can write to."),
        ("/dev/full", "-o: /dev/full is not a folder; give a folder, or a file name with an extension such as "
                      "/dev/full.png."),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_naming_it(tmp_path, capsys, out, message):
    src = _shot(tmp_path / "shot.png", (64, 32))
    (tmp_path / "shot").write_text("a file without an extension")
    assert main(["compress", str(src), "-o", out.format(t=tmp_path)]) == 2
    got, err = capsys.readouterr()
    head, _, tail = f"bugzot: {message.format(t=tmp_path)}\n".partition("(*)")
    assert (got, err.count("\n"), err.startswith(head), err.endswith(tail)) == ("", 1, True, True), err
    if not tail:
        assert err == head
    assert not (tmp_path / "nonexistent").exists() and not (tmp_path / "newdir").exists()  # nothing was created



def test_an_existing_output_is_replaced_only_with_force_and_gets_the_umasks_permissions(tmp_path, capsys):
    """newcomer4 #8: the second run replaced the first output without a word, and the file was 0600."""
    import os
    import stat

    src = _shot(tmp_path / "shot.png", (64, 32))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["compress", str(src), "-o", str(out / "r.png")]) == 0
    first = capsys.readouterr().out
    target = out / "r.webp"
    assert first.startswith(f"{target}: WEBP lossless, ")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    before = target.read_bytes()
    target.write_bytes(b"mine")
    assert main(["compress", str(src), "-o", str(out / "r.png")]) == 2
    _out, err = capsys.readouterr()
    assert err == (f"bugzot: -o: {target} already exists; nothing was written. Choose another name, or add --force "
                   "to replace it.\n")
    assert target.read_bytes() == b"mine"
    assert sorted(p.name for p in out.iterdir()) == ["r.webp"]  # no scratch folder left behind
    assert main(["compress", str(src), "-o", str(out / "r.png"), "--force"]) == 0
    assert target.read_bytes() == before


def test_compressing_an_image_into_its_own_folder_never_replaces_it(tmp_path, capsys):
    src = tmp_path / "shot.webp"
    from PIL import Image

    Image.new("RGB", (64, 32), (10, 200, 30)).save(src, lossless=True)
    original = src.read_bytes()
    assert main(["compress", str(src), "-o", str(tmp_path), "--force"]) == 0
    assert capsys.readouterr().out.startswith(f"{tmp_path / 'shot-compressed.webp'}: ")
    assert src.read_bytes() == original


def test_an_empty_o_is_refused_not_taken_for_the_current_folder(tmp_path, capsys):
    src = _shot(tmp_path / "shot.png", (64, 32))
    assert main(["compress", str(src), "-o", ""]) == 2
    _, err = capsys.readouterr()
    assert err == ("bugzot: -o is empty; give an existing folder, or a file name with an extension such as "
                   "out/shot.png.\n")


def test_a_photo_only_turned_upright_prints_no_source_size(tmp_path, capsys):
    src = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored 64×32, shown 32×64
    _shot(tmp_path / "tmp.png", (64, 32))
    Image.open(tmp_path / "tmp.png").save(src, quality=95, exif=exif.tobytes())
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out")]) == 0
    out, _ = capsys.readouterr()
    assert out.endswith(" bytes, 32×64\n"), out
    assert main(["compress", str(src), "-o", str(tmp_path / "out"), "--max-edge", "64", "--force"]) == 0
    big = tmp_path / "big.jpg"
    Image.open(tmp_path / "tmp.png").resize((640, 320)).save(big, quality=95, exif=exif.tobytes())
    capsys.readouterr()
    assert main(["compress", str(big), "-o", str(tmp_path / "out"), "--max-edge", "64"]) == 0
    out, _ = capsys.readouterr()
    assert ", 32×64 (from 320×640)\n" in out  # the source size in the output's orientation


def test_the_result_line_escapes_control_characters_in_names(tmp_path, capsys):
    src = _shot(tmp_path / "red\x1b[31m\nname.png", (64, 32))
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out")]) == 0
    out, _ = capsys.readouterr()
    assert out.count("\n") == 1 and "\x1b" not in out
    assert "red\\x1b[31m\\nname.webp: WEBP lossless" in out


def test_a_right_to_left_override_in_a_name_cannot_reverse_the_line(tmp_path, capsys):
    src = _shot(tmp_path / "\u202egnp.evil.png", (64, 32))
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out")]) == 0
    out, _ = capsys.readouterr()
    assert "\u202e" not in out and "\\u202egnp.evil.webp: WEBP lossless" in out


def test_a_folder_without_a_name_is_named_by_its_path(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["compress", ".", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "bugzot: . is a folder, not an image; choose an image file.\n"


def test_a_heic_attached_unchanged_prints_no_made_up_size(tmp_path, capsys, monkeypatch):
    from bugzot_desktop.core import imaging

    src = tmp_path / "phone.heic"
    src.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64)
    monkeypatch.setattr(imaging, "HEIF_DECODER", False)
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out")]) == 0
    out, _ = capsys.readouterr()
    made = tmp_path / "out" / "phone.heic"
    assert out == (f"{made}: HEIF unchanged, 88 bytes\nphone.heic attached unchanged, its metadata (a phone photo's "
                   "location among it) too: no HEIC decoder is installed (pip install pillow-heif).\n")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_mid_run_leaves_no_scratch_folder(tmp_path, monkeypatch, signame):
    import os
    import signal

    signum = getattr(signal, signame)

    from bugzot_desktop.core import imaging

    src = _shot(tmp_path / "shot.png", (64, 32))
    out = tmp_path / "out"
    out.mkdir()
    real = imaging.compress

    def compress_then_terminated(*args, **kwargs):
        real(*args, **kwargs)
        assert [p.name.startswith(".bugzot-compress-") for p in out.iterdir()] == [True]  # the scratch folder
        os.kill(os.getpid(), signum)  # delivered here, in the main thread, before the output is moved
        raise AssertionError(f"{signame} did not end the command")

    monkeypatch.setattr(imaging, "compress", compress_then_terminated)
    before = signal.getsignal(signum)
    with pytest.raises(SystemExit) as exc:
        main(["compress", str(src), "-o", str(out)])
    assert exc.value.code == 128 + signum
    assert list(out.iterdir()) == []
    assert signal.getsignal(signum) is before  # the handler is the command's only


def test_an_output_name_taken_by_a_folder_is_named(tmp_path, capsys):
    src = _shot(tmp_path / "shot.png", (64, 32))
    out = tmp_path / "out"
    (out / "shot.webp").mkdir(parents=True)
    assert main(["compress", str(src), "-o", str(out), "--force"]) == 2
    _, err = capsys.readouterr()
    assert err == f"bugzot: -o: {out / 'shot.webp'} is a folder; nothing was written. Choose another name for the output.\n"
    assert sorted(p.name for p in out.iterdir()) == ["shot.webp"]


def test_the_longest_edge_webp_can_hold_works(tmp_path, capsys):
    src = tmp_path / "wide.png"
    Image.new("RGB", (20000, 10), "white").save(src)
    (tmp_path / "out").mkdir()
    assert main(["compress", str(src), "-o", str(tmp_path / "out"), "--max-edge", "16383"]) == 0
    out, _err = capsys.readouterr()
    assert out.startswith(f"{tmp_path / 'out' / 'wide.webp'}: WEBP lossless, ") and "16383×8 (from 20000×10)" in out
    with Image.open(tmp_path / "out" / "wide.webp") as made:
        assert made.size == (16383, 8)
