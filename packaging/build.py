"""Build BugZot Desktop's installers: `make package` runs this.

Steps (each prints its time):
  1. icons  - render resources/icons/bugzot.svg to PNGs (16..512), .ico and .icns
              under build/icons/ with QSvgRenderer, offscreen.
  2. bundle - PyInstaller from packaging/bugzot.spec -> dist/bugzot/ (launcher dist/bugzot/bugzot).
  3. archive- dist/bugzot-<version>-<os>-<arch>.tar.gz of dist/bugzot/ (zip on Windows).
  4. deb    - Linux only: dist/bugzot_<version>_<arch>.deb with dpkg-deb, no downloads:
              /opt/bugzot (the bundle), /usr/bin/bugzot, the menu entry, icons, metainfo.

Everything version-shaped comes from ``bugzot_desktop.__version__``. The Windows and
macOS steps are written to match but only run in CI on those systems
(.github/workflows/build.yml); this environment builds and tests Linux only.

On Windows step 4 is the Inno Setup installer (packaging/windows/bugzot.iss), on
macOS the .app (the spec's BUNDLE step) and a dmg (packaging/macos/make_dmg.sh).

Usage: python packaging/build.py [--no-archive] [--no-installer|--no-deb] [--deb-only]
                                 [--deb-compression xz|gzip] [--clean]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
ICONS = BUILD / "icons"
BUNDLE = DIST / "bugzot"
ICON_SVG = ROOT / "resources" / "icons" / "bugzot.svg"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
APP_ID = "io.bugzot.Desktop"
DEB_PACKAGE = "bugzot"
MAINTAINER = "BugZot Team <bugzot@example.org>"
sys.path.insert(0, str(ROOT))
from bugzot_desktop import APP_NAME, __version__  # noqa: E402  (the one source of the version)

sys.path.insert(0, str(PACKAGING))
from hostlibs import HOST_LIB_PACKAGES, deb_depends  # noqa: E402


def log(msg: str) -> None:
    print(f"[package] {msg}", flush=True)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    t0 = time.monotonic()
    log(f"{name} ...")
    yield
    log(f"{name} done in {time.monotonic() - t0:.1f} s")


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One build at a time in this checkout: dist/ and build/ are shared by everyone's runs."""
    BUILD.mkdir(exist_ok=True)
    with open(BUILD / ".package.lock", "w") as fh:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)  # blocks until a concurrent build finishes
        yield


def tree_size(path: Path) -> int:
    """Bytes in the regular files under path (symlinks not counted: they point inside the tree)."""
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def os_arch() -> tuple[str, str]:
    """('linux'|'windows'|'macos', 'x86_64'|'arm64'...) for archive names."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    return system, {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def release_date() -> str:
    """Build date for the metainfo; SOURCE_DATE_EPOCH keeps reproducible builds reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.strftime("%Y-%m-%d")


def render_template(src: Path, dst: Path, extra: dict[str, str] | None = None) -> Path:
    """Copy a text template with its @NAME@ placeholders filled; an unknown one is an error."""
    subs = {"VERSION": __version__, "DATE": release_date(), "APP_NAME": APP_NAME, **(extra or {})}

    def fill(match: re.Match[str]) -> str:
        if match.group(1) not in subs:
            raise SystemExit(f"{src}: no value for placeholder {match.group(0)}")
        return subs[match.group(1)]

    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(re.sub(r"@([A-Z_]+)@", fill, src.read_text(encoding="utf-8")), encoding="utf-8")
    return dst


# -- 1. icons --------------------------------------------------------------
def render_icons(svg: Path = ICON_SVG, out: Path = ICONS) -> dict[int, Path]:
    """PNG per size under out/hicolor/<n>x<n>/apps/bugzot.png, plus bugzot.ico and bugzot.icns."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["bugzot-build"])  # noqa: F841 - fonts need it
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot render {svg}: QtSvg rejected it")
    pngs: dict[int, Path] = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        dst = out / "hicolor" / f"{size}x{size}" / "apps" / "bugzot.png"
        dst.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(dst), "PNG"):
            raise SystemExit(f"could not write {dst}")
        pngs[size] = dst
    scalable = out / "hicolor" / "scalable" / "apps" / "bugzot.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    # Windows and macOS containers, made here too so all three OSes use the same pixels.
    with Image.open(pngs[256]) as big:
        big.save(out / "bugzot.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    with Image.open(pngs[512]) as big:
        big.save(out / "bugzot.icns")
    return pngs


# -- 2. bundle -------------------------------------------------------------
def build_bundle(clean: bool = False) -> Path:
    """Run PyInstaller on the spec; returns dist/bugzot."""
    cmd = [
        sys.executable, "-m", "PyInstaller",
        "--noconfirm",
        "--log-level", "WARN",
        "--distpath", str(DIST),
        "--workpath", str(BUILD / "pyinstaller"),
        str(PACKAGING / "bugzot.spec"),
    ]  # fmt: skip
    if clean:
        cmd.insert(3, "--clean")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    launcher = BUNDLE / ("bugzot.exe" if sys.platform == "win32" else "bugzot")
    if not launcher.is_file():
        raise SystemExit(f"PyInstaller finished but {launcher} is missing")
    leaked = [n for n in ("bugzot_server", "fastapi", "uvicorn", "starlette", "sqlalchemy") if any(BUNDLE.rglob(n))]
    if leaked:
        raise SystemExit(f"server packages leaked into the bundle: {', '.join(leaked)}")
    if sys.platform.startswith("linux") and shutil.which("readelf"):
        # A library dropped by the spec that something kept still links would only fail at run time.
        unknown = sorted(external_needed(BUNDLE) - set(HOST_LIB_PACKAGES))
        if unknown:
            raise SystemExit(f"the bundle links libraries it does not carry: {', '.join(unknown)} "
                             "(keep them in packaging/bugzot.spec or list them in packaging/hostlibs.py)")
    return BUNDLE


# -- 3. archive ------------------------------------------------------------
def build_archive(bundle: Path = BUNDLE) -> Path:
    """tar.gz (zip on Windows) with one top-level bugzot/ folder; symlinks kept as symlinks."""
    system, arch = os_arch()
    stem = f"bugzot-{__version__}-{system}-{arch}"
    if system == "windows":
        out = DIST / f"{stem}.zip"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(bundle.rglob("*")):
                zf.write(p, Path("bugzot") / p.relative_to(bundle))
        return out
    out = DIST / f"{stem}.tar.gz"
    tmp = out.with_suffix(".part")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as tf:
        tf.add(bundle, arcname="bugzot", filter=_normalize_tarinfo)
    tmp.replace(out)
    return out


def _normalize_tarinfo(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owner root:root and no build-machine user names in the archive."""
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


# -- 4. deb ----------------------------------------------------------------
def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "arm64": "arm64"}.get(os_arch()[1], os_arch()[1])


def elf_files(tree: Path) -> list[Path]:
    """Regular files under tree that start with the ELF magic."""
    out = []
    for p in sorted(tree.rglob("*")):
        if p.is_file() and not p.is_symlink():
            with open(p, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def external_needed(tree: Path) -> set[str]:
    """Libraries the ELF files under tree link (DT_NEEDED) that the tree does not carry."""
    carried = {p.name for p in tree.rglob("*")}
    needed: set[str] = set()
    for elf in elf_files(tree):
        out = subprocess.run(["readelf", "-d", str(elf)], check=True, capture_output=True, text=True).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    return needed - carried


def glibc_floor(tree: Path) -> str:
    """The newest GLIBC_x.y symbol version any ELF under tree needs (the build host sets it)."""
    versions: set[tuple[int, ...]] = set()
    for elf in elf_files(tree):
        out = subprocess.run(["readelf", "-V", "--wide", str(elf)], check=True, capture_output=True, text=True).stdout
        versions.update(tuple(int(x) for x in v.split(".")) for v in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", out))
    return ".".join(map(str, max(versions))) if versions else "2.17"


def stage_deb_root(root: Path, bundle: Path = BUNDLE) -> Path:
    """Lay out the installed tree under root (DEBIAN/ included), ready for dpkg-deb."""
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / "bugzot"
    shutil.copytree(bundle, opt, symlinks=True)
    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    # Relative, so the launcher also works from a scratch root (dpkg-deb -x); the
    # PyInstaller bootloader resolves /proc/self/exe, so it finds _internal/ behind the link.
    (usr_bin / "bugzot").symlink_to(Path("..", "..", "opt", "bugzot", "bugzot"))
    share = root / "usr" / "share"
    apps = share / "applications"
    apps.mkdir(parents=True)
    shutil.copyfile(PACKAGING / "linux" / "bugzot.desktop", apps / "bugzot.desktop")
    render_template(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    if not (ICONS / "hicolor").is_dir():
        render_icons()
    shutil.copytree(ICONS / "hicolor", share / "icons" / "hicolor")
    doc = share / "doc" / DEB_PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {APP_NAME}\n\nFiles: *\nCopyright: BugZot contributors\nLicense: MIT\n"
        "Comment: /opt/bugzot/_internal carries Qt (LGPL-3), PySide6 (LGPL-3), Python (PSF) and\n"
        " Pillow (MIT-CMU) as shipped in their wheels; their licence files are inside the bundle.\n",
        encoding="utf-8",
    )
    for d in [root, *(p for p in root.rglob("*") if p.is_dir() and not p.is_symlink())]:
        d.chmod(0o755)  # dpkg-deb rejects group-writable control dirs; installed dirs are 0755
    debian = root / "DEBIAN"
    debian.mkdir(mode=0o755)
    installed_kib = (tree_size(root) + 1023) // 1024
    external = external_needed(opt)
    unknown = sorted(external - set(HOST_LIB_PACKAGES))
    if unknown:
        # Either bundle it or add it with its Debian package to packaging/hostlibs.py.
        raise SystemExit(f"the bundle links host libraries with no known package: {', '.join(unknown)}")
    control = render_template(
        PACKAGING / "linux" / "control.in",
        debian / "control",
        {
            "PACKAGE": DEB_PACKAGE,
            "ARCH": deb_arch(),
            "INSTALLED_SIZE": str(installed_kib),
            "DEPENDS": ", ".join(deb_depends(external, glibc=glibc_floor(opt))),
            "MAINTAINER": MAINTAINER,
        },
    )
    control.chmod(0o644)
    return root


DEB_COMPRESSION = {
    # xz: the smallest .deb every dpkg reads (~38 MB, ~1 min on a busy 2-core box);
    # gzip: ~50 MB in ~5 s, for test builds. zstd is left out: Debian 11's dpkg cannot read it.
    "xz": ["-Zxz", "-z6"],
    "gzip": ["-Zgzip", "-z6"],
}


def deb_path(compression: str = "xz") -> Path:
    """Where the .deb goes: the release (xz) in dist/; a faster-compressed test build under build/, so it never
    replaces the release file."""
    name = f"{DEB_PACKAGE}_{__version__}_{deb_arch()}.deb"
    return DIST / name if compression == "xz" else BUILD / f"deb-{compression}" / name


def build_deb(bundle: Path = BUNDLE, compression: str = "xz") -> Path:
    """The .deb (see :func:`deb_path`), built offline with dpkg-deb."""
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb not found: the .deb is built on Debian/Ubuntu only")
    root = stage_deb_root(BUILD / "deb" / "root", bundle)
    out = deb_path(compression)
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", *DEB_COMPRESSION[compression], "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


# -- 4b. Windows and macOS installers (run by CI on those systems, never here) --
def build_windows_installer() -> Path:
    """dist/bugzot-<version>-windows-x86_64-setup.exe with Inno Setup's iscc."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if iscc is None and default.is_file():
        iscc = str(default)
    if iscc is None:
        raise SystemExit("Inno Setup's iscc not found (choco install innosetup), or pass --no-installer")
    subprocess.run([iscc, f"/DAppVersion={__version__}", str(PACKAGING / "windows" / "bugzot.iss")], check=True)
    return DIST / f"bugzot-{__version__}-windows-x86_64-setup.exe"


def build_dmg() -> Path:
    """dist/bugzot-<version>-macos-<arch>.dmg from dist/BugZot.app via packaging/macos/make_dmg.sh."""
    env = dict(os.environ, PYTHON=sys.executable)
    out = subprocess.run(["bash", str(PACKAGING / "macos" / "make_dmg.sh")], check=True, env=env,
                         capture_output=True, text=True).stdout
    return Path(ROOT, out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-archive", action="store_true", help="skip the tar.gz/zip archive")
    parser.add_argument("--no-deb", "--no-installer", dest="no_installer", action="store_true",
                        help="skip the installer: .deb (Linux), setup.exe (Windows), .dmg (macOS)")
    parser.add_argument("--deb-only", action="store_true", help="only build the .deb from the existing dist/bugzot")
    parser.add_argument("--deb-compression", choices=sorted(DEB_COMPRESSION), default="xz",
                        help="xz (default, smallest) or gzip (fast, for tests)")
    parser.add_argument("--clean", action="store_true", help="let PyInstaller drop its cache first")
    args = parser.parse_args(argv)

    t0 = time.monotonic()
    with build_lock():
        with step("icons"):
            render_icons()
        if not args.deb_only:
            with step(f"bundle (PyInstaller, {APP_NAME} {__version__})"):
                build_bundle(clean=args.clean)
            log(f"bundle: {BUNDLE} — {mb(tree_size(BUNDLE))} unpacked")
            if not args.no_archive:
                with step("archive"):
                    archive = build_archive()
                log(f"archive: {archive} — {mb(archive.stat().st_size)}")
        elif not BUNDLE.is_dir():
            raise SystemExit(f"--deb-only needs an existing bundle at {BUNDLE}; run without it first")
        if args.no_installer:
            pass
        elif sys.platform.startswith("linux"):
            with step("deb"):
                deb = build_deb(compression=args.deb_compression)
            log(f"deb: {deb} — {mb(deb.stat().st_size)}")
        elif sys.platform == "win32":
            with step("installer (Inno Setup)"):
                setup = build_windows_installer()
            log(f"installer: {setup} — {mb(setup.stat().st_size)}")
        elif sys.platform == "darwin":
            with step("dmg"):
                dmg = build_dmg()
            log(f"dmg: {dmg} — {mb(dmg.stat().st_size)}")
    log(f"total {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
