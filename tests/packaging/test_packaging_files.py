"""Packaging inputs that need no PyInstaller run: templates, icons, desktop entry, installer recipes."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from packaging_helpers import ROOT

from bugzot_desktop import __version__

PACKAGING = ROOT / "packaging"


def test_metainfo_template_gets_the_version_and_date(build_mod: ModuleType, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    out = build_mod.render_template(PACKAGING / "linux" / "io.bugzot.Desktop.metainfo.xml", tmp_path / "m.xml")
    root = ET.parse(out).getroot()
    assert [(r.get("version"), r.get("date")) for r in root.iter("release")] == [(__version__, "2026-01-01")]
    assert root.findtext("id") == "io.bugzot.Desktop"
    assert root.find("launchable").text == "bugzot.desktop"
    assert "@" not in out.read_text(encoding="utf-8")


def test_a_template_placeholder_without_a_value_stops_the_build(build_mod: ModuleType, tmp_path: Path) -> None:
    src = tmp_path / "t.in"
    src.write_text("Version: @VERSION@\nOops: @NOPE@\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no value for placeholder @NOPE@"):
        build_mod.render_template(src, tmp_path / "t")


def test_control_template_fills_every_field(build_mod: ModuleType, tmp_path: Path) -> None:
    extra = {"PACKAGE": "bugzot", "ARCH": "amd64", "INSTALLED_SIZE": "1", "DEPENDS": "libc6", "MAINTAINER": "m <m@x>"}
    text = build_mod.render_template(PACKAGING / "linux" / "control.in", tmp_path / "control", extra).read_text()
    assert text.splitlines()[:6] == [
        "Package: bugzot", f"Version: {__version__}", "Architecture: amd64", "Maintainer: m <m@x>",
        "Installed-Size: 1", "Depends: libc6",
    ]  # fmt: skip


def test_desktop_entry_names_the_launcher_and_icon() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(PACKAGING / "linux" / "bugzot.desktop", encoding="utf-8")
    entry = dict(desktop["Desktop Entry"])
    assert (entry["Type"], entry["Name"], entry["Exec"], entry["TryExec"], entry["Icon"]) == (
        "Application", "BugZot", "bugzot", "bugzot", "bugzot",
    )  # fmt: skip
    assert entry["Categories"] == "Development;"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    proc = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "linux" / "bugzot.desktop")], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_rendered_metainfo_passes_appstream_validation(build_mod: ModuleType, tmp_path: Path) -> None:
    name = "io.bugzot.Desktop.metainfo.xml"
    out = build_mod.render_template(PACKAGING / "linux" / name, tmp_path / name)
    proc = subprocess.run(["appstreamcli", "validate", "--no-net", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_icons_render_in_every_size_from_the_svg(build_mod: ModuleType, tmp_path: Path, qapp) -> None:
    from PIL import Image

    pngs = build_mod.render_icons(out=tmp_path)
    assert sorted(pngs) == [16, 22, 24, 32, 48, 64, 128, 256, 512]
    for size, path in pngs.items():
        assert path == tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "bugzot.png"
        with Image.open(path) as im:
            assert (im.format, im.size, im.mode) == ("PNG", (size, size), "RGBA")
            assert im.getpixel((size // 2, size // 2))[3] == 255  # drawn, not blank
            assert im.getpixel((0, 0))[3] == 0  # rounded tile: transparent corner
    with Image.open(tmp_path / "bugzot.ico") as ico:
        assert sorted(ico.info["sizes"]) == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    with Image.open(tmp_path / "bugzot.icns") as icns:
        assert icns.format == "ICNS"
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "bugzot.svg").read_bytes() == build_mod.ICON_SVG.read_bytes()


def test_inno_setup_script_takes_the_version_from_the_build() -> None:
    iss = (PACKAGING / "windows" / "bugzot.iss").read_text(encoding="utf-8")
    assert re.search(r"^#ifndef AppVersion$", iss, re.M)
    assert "AppVersion={#AppVersion}" in iss
    assert __version__ not in iss  # no second copy of the version
    assert 'Source: "..\\..\\dist\\bugzot\\*"' in iss


def test_ci_workflow_builds_on_three_systems() -> None:
    yaml = pytest.importorskip("yaml")
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8"))
    matrix = wf["jobs"]["package"]["strategy"]["matrix"]["os"]
    assert sorted(matrix) == ["macos-14", "ubuntu-22.04", "windows-2022"]
    steps = " ".join(str(s.get("run", "")) for s in wf["jobs"]["package"]["steps"])
    assert "python packaging/build.py" in steps
    assert "--self-check" in steps


def test_macos_dmg_script_reads_the_version_from_the_package() -> None:
    script = (PACKAGING / "macos" / "make_dmg.sh").read_text(encoding="utf-8")
    assert "bugzot_desktop import __version__" in script
    assert "hdiutil create" in script


def test_host_libraries_map_to_packages(build_mod: ModuleType) -> None:
    assert build_mod.deb_depends({"libc.so.6", "libm.so.6", "libglib-2.0.so.0"}, glibc="2.35") == [
        "libc6 (>= 2.35)",
        "libglib2.0-0t64 | libglib2.0-0",
    ]
    assert build_mod.deb_depends({"libz.so.1"}, glibc="2.35") == ["zlib1g"]
    # Qt and its ICU always travel in the bundle, never as a host dependency
    assert [n for n in build_mod.HOST_LIB_PACKAGES if "Qt" in n or "icu" in n] == []
