"""The .deb: built with dpkg-deb from the bundle, unpacked into a scratch root, run from there."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from packaging_helpers import Built, expected_check_names, parse_self_check, report_line, run_build, run_program

from bugzot_desktop import __version__

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None,
        reason="the .deb is built with dpkg-deb on Debian/Ubuntu",
    ),
    pytest.mark.timeout(1500),
]


@dataclass(frozen=True)
class Unpacked:
    deb: Path
    root: Path


@pytest.fixture(scope="module")
def unpacked(request: pytest.FixtureRequest, built: Built, build_mod: ModuleType, tmp_path_factory) -> Unpacked:
    """Build the .deb from the session's bundle (gzip: same content, faster) and dpkg-deb -x it."""
    _, elapsed = run_build("--deb-only", "--deb-compression", "gzip")
    deb = build_mod.deb_path("gzip")
    assert deb.parent == build_mod.BUILD / "deb-gzip"  # never over the release .deb in dist/
    report_line(request.config, f"[packaging] .deb built in {elapsed:.1f} s: {build_mod.mb(deb.stat().st_size)} (gzip)")
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return Unpacked(deb=deb, root=root)


def control_fields(deb: Path) -> dict[str, str]:
    out = subprocess.run(["dpkg-deb", "-f", str(deb)], check=True, capture_output=True, text=True).stdout
    fields: dict[str, str] = {}
    for line in out.splitlines():
        if line and not line[0].isspace():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def test_launcher_on_the_path_runs_from_the_scratch_root(unpacked: Unpacked, tmp_path: Path) -> None:
    launcher = unpacked.root / "usr" / "bin" / "bugzot"
    # relative, so it works under any root; PyInstaller's bootloader follows it to /opt/bugzot
    assert os.readlink(launcher) == "../../opt/bugzot/bugzot"
    proc = run_program(launcher, "--version", tmp=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"bugzot {__version__}\n", "")


def test_self_check_passes_from_the_unpacked_deb(unpacked: Unpacked, tmp_path: Path) -> None:
    proc = run_program(unpacked.root / "usr" / "bin" / "bugzot", "--self-check", tmp=tmp_path)
    assert proc.stderr == ""
    assert proc.returncode == 0, proc.stdout
    rows = parse_self_check(proc.stdout)
    assert [(status, name) for status, name, _ in rows] == [("OK", n) for n in expected_check_names()]
    details = {name: detail for _, name, detail in rows}
    assert details["resources"] == str(unpacked.root / "opt" / "bugzot" / "_internal" / "resources")


def test_control_carries_the_version_and_computed_depends(unpacked: Unpacked, build_mod: ModuleType) -> None:
    fields = control_fields(unpacked.deb)
    assert fields["Package"] == "bugzot"
    assert fields["Version"] == __version__
    assert fields["Architecture"] == build_mod.deb_arch()
    external = build_mod.external_needed(unpacked.root / "opt" / "bugzot")
    floor = build_mod.glibc_floor(unpacked.root / "opt" / "bugzot")
    assert fields["Depends"] == ", ".join(build_mod.deb_depends(external, glibc=floor))
    # the bundle runs on the glibc it was built against or newer, and says so
    assert f"libc6 (>= {floor})" in fields["Depends"].split(", ")
    installed_kib = int(fields["Installed-Size"])
    assert installed_kib == (build_mod.tree_size(unpacked.root) + 1023) // 1024


def test_menu_entry_icons_and_metainfo_are_installed(unpacked: Unpacked, build_mod: ModuleType) -> None:
    share = unpacked.root / "usr" / "share"
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # keys are case-sensitive in .desktop files
    desktop.read(share / "applications" / "bugzot.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert (entry["Type"], entry["Exec"], entry["Icon"], entry["Terminal"]) == ("Application", "bugzot", "bugzot", "false")
    for size in build_mod.ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "bugzot.png").is_file(), size
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "bugzot.svg").is_file()
    meta = ET.parse(share / "metainfo" / "io.bugzot.Desktop.metainfo.xml").getroot()
    assert meta.findtext("id") == "io.bugzot.Desktop"
    assert meta.find("launchable").text == "bugzot.desktop"
    assert [r.get("version") for r in meta.iter("release")] == [__version__]
    assert (unpacked.root / "opt" / "bugzot" / "bugzot").stat().st_mode & 0o111 == 0o111


def test_dpkg_installs_runs_and_removes_it_in_a_private_root(unpacked: Unpacked, tmp_path: Path) -> None:
    """A real `dpkg -i` / `dpkg -r` into an empty dpkg database (host dependencies forced: none are installed there)."""
    root = tmp_path / "root"
    admin = root / "var" / "lib" / "dpkg"
    (admin / "info").mkdir(parents=True)
    (admin / "updates").mkdir()
    (admin / "status").touch()
    dpkg = ["dpkg", f"--root={root}", "--force-not-root", "--log=/dev/null"]
    subprocess.run([*dpkg, "--force-depends", "-i", str(unpacked.deb)], check=True, capture_output=True)
    listed = subprocess.run([*dpkg, "-L", "bugzot"], check=True, capture_output=True, text=True).stdout.split()
    assert {"/usr/bin/bugzot", "/opt/bugzot/bugzot", "/usr/share/applications/bugzot.desktop"} <= set(listed)
    proc = run_program(root / "usr" / "bin" / "bugzot", "--version", tmp=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, f"bugzot {__version__}\n")
    subprocess.run([*dpkg, "-r", "bugzot"], check=True, capture_output=True)
    assert not (root / "opt" / "bugzot").exists() and not (root / "usr" / "bin" / "bugzot").exists()
