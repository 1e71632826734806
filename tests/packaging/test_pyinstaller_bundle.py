"""The PyInstaller bundle (dist/bugzot/) runs by itself and carries only what the app needs."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from packaging_helpers import Built, clean_env, expected_check_names, parse_self_check, run_program

from bugzot_desktop import __version__

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle is built and tested on Linux here"),
    pytest.mark.timeout(1500),  # the first test pays for the session's build
]

# The target for the unpacked bundle; also catches a Qt module or the server creeping back in.
SIZE_CEILING_MB = 120
SERVER_PACKAGES = (
    "bugzot_server", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "jinja2",
    "pydantic", "pydantic_core", "pydantic_settings", "mako", "multipart", "python_multipart", "httpx", "anyio",
)  # fmt: skip


def test_version_runs_from_dist_with_a_clean_environment(built: Built, tmp_path: Path) -> None:
    proc = run_program(built.launcher, "--version", tmp=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"bugzot {__version__}\n", "")


def test_self_check_passes_inside_the_bundle(built: Built, tmp_path: Path) -> None:
    proc = run_program(built.launcher, "--self-check", tmp=tmp_path)
    assert proc.stderr == ""
    assert proc.returncode == 0, proc.stdout
    lines = proc.stdout.splitlines()
    names = expected_check_names()
    assert lines[0] == f"bugzot {__version__} self-check"
    assert lines[-1] == f"self-check passed: {len(names)} checks OK"
    rows = parse_self_check(proc.stdout)
    assert [(status, name) for status, name, _ in rows] == [("OK", n) for n in names]
    details = {name: detail for _, name, detail in rows}
    assert details["version"].startswith(f"bugzot {__version__} (bundle, Python ")
    # resources come from the bundle, never from the checkout
    assert details["resources"] == str(built.bundle / "_internal" / "resources")
    assert details["qt"].endswith("platform offscreen")
    # spawned image worker processes start inside the frozen app (launcher.py calls freeze_support)
    assert re.fullmatch(
        r"sample\.png -> [A-Z]+ 240x150, [1-9]\d* bytes, on a QThreadPool worker driving an image worker process \(heap kept warm\)",
        details["compress"],
    )


def test_the_bundle_needs_no_utf8_locale_and_qt_says_nothing_about_it(built: Built, tmp_path: Path) -> None:
    """Started with LANG=C or a locale that is not installed (cron, systemd, a German LANG on a minimal
    system), Qt printed a four-line "Detected locale C ... not UTF-8" warning (newcomer5 #10)."""
    for lang in ("C", "de_DE.UTF-8"):  # the second is not installed here (locale -a: C, C.utf8, POSIX)
        env = {**clean_env(tmp_path), "LANG": lang}
        proc = subprocess.run([str(built.launcher), "--self-check"], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stdout
        assert "locale" not in proc.stderr, proc.stderr


def test_bundle_leaves_the_server_and_its_dependencies_out(built: Built, build_mod) -> None:
    from PyInstaller.archive.readers import ZlibArchiveReader

    pyz = ZlibArchiveReader(str(build_mod.BUILD / "pyinstaller" / "bugzot" / "PYZ-00.pyz"))
    modules = set(pyz.toc)
    assert "bugzot_desktop.cli" in modules and "bugzot_desktop.commands.selfcheck" in modules
    leaked = sorted(m for m in modules if m.split(".")[0] in SERVER_PACKAGES)
    assert leaked == []
    on_disk = sorted(p.name for p in (built.bundle / "_internal").iterdir() if p.name.split(".")[0] in SERVER_PACKAGES)
    assert on_disk == []


def test_bundle_keeps_only_the_qt_parts_the_app_uses(built: Built) -> None:
    qt = built.bundle / "_internal" / "PySide6" / "Qt"
    plugins = {f"{p.parent.name}/{p.name}" for p in (qt / "plugins").glob("*/*.so")}
    assert plugins == {
        "platforms/libqoffscreen.so", "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqminimal.so",
        "platformthemes/libqxdgdesktopportal.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "imageformats/libqgif.so", "imageformats/libqico.so", "imageformats/libqjpeg.so", "imageformats/libqsvg.so",
        "imageformats/libqwebp.so", "imageformats/libqtiff.so", "imageformats/libqicns.so",
        "iconengines/libqsvgicon.so",
        "networkinformation/libqnetworkmanager.so", "networkinformation/libqconnman.so",
        "networkinformation/libqglib.so",
        "xcbglintegrations/libqxcb-glx-integration.so", "xcbglintegrations/libqxcb-egl-integration.so",
        "wayland-shell-integration/libxdg-shell.so",
        "wayland-decoration-client/libbradient.so", "wayland-decoration-client/libadwaita.so",
        "wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
    }  # fmt: skip
    libs = {p.name for p in (qt / "lib").iterdir()}
    assert libs == {
        "libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6Network.so.6", "libQt6DBus.so.6",
        "libQt6Svg.so.6", "libQt6XcbQpa.so.6", "libQt6WaylandClient.so.6", "libQt6OpenGL.so.6",
        "libicudata.so.73", "libicui18n.so.73", "libicuuc.so.73",
    }  # fmt: skip
    # Qt's translations only for languages we translate (resources/translations/bugzot_<lang>.qm)
    ours = {p.stem.removeprefix("bugzot_") for p in (built.bundle / "_internal" / "resources" / "translations").glob("*.qm")}
    assert {p.name for p in (qt / "translations").glob("*")} == {f"qtbase_{lang}.qm" for lang in ours}
    assert not (qt / "qml").exists() and not (qt / "libexec").exists()
    # ICU's data is the trimmed build (packaging/icu_trim.py), not the wheel's 32 MB
    sys.path.insert(0, str(built.bundle.parents[1] / "packaging"))
    import icu_trim

    _symbol, dat = icu_trim.extract(qt / "lib" / "libicudata.so.73")
    trees = {name.split("/")[1] for name, _ in icu_trim.parse(dat)[1] if name.count("/") > 1}
    assert trees == {"coll", "zone"}
    dangling = sorted(str(p) for p in built.bundle.rglob("*") if p.is_symlink() and not p.exists())
    assert dangling == []


def test_every_library_the_bundle_links_is_carried_or_known_on_the_host(built: Built, build_mod) -> None:
    external = build_mod.external_needed(built.bundle)
    # What the bundle takes from the host must be in hostlibs.py (-> the .deb Depends).
    assert sorted(external - set(build_mod.HOST_LIB_PACKAGES)) == []
    # Qt libraries themselves always travel with the bundle.
    assert sorted(n for n in external if "Qt6" in n or n.startswith("libicu")) == []


def test_bundle_size_and_archive(built: Built, build_mod) -> None:
    size = build_mod.tree_size(built.bundle)
    assert size <= SIZE_CEILING_MB * 1_000_000, f"bundle grew to {build_mod.mb(size)}"
    assert built.archive is not None
    with tarfile.open(built.archive) as tf:
        members = tf.getmembers()
    assert {m.name.split("/")[0] for m in members} == {"bugzot"}
    launcher = next(m for m in members if m.name == "bugzot/bugzot")
    assert launcher.isfile() and launcher.mode & stat.S_IXUSR and (launcher.uid, launcher.gid) == (0, 0)
    on_disk = {str(Path("bugzot") / p.relative_to(built.bundle)) for p in built.bundle.rglob("*")} | {"bugzot"}
    assert {m.name for m in members} == on_disk


def test_our_code_imports_nothing_the_bundle_lacks_but_the_optional_extras(built: Built, build_mod) -> None:
    """PyInstaller's warnings list every import it could not satisfy; ours must all be guarded extras."""
    warn = (build_mod.BUILD / "pyinstaller" / "bugzot" / "warn-bugzot.txt").read_text(encoding="utf-8")
    ours = set()
    for line in warn.splitlines():
        m = re.match(r"(?:missing|excluded) module named '?([\w.]+)'? - imported by (.*)$", line)
        if not m:
            continue
        for importer, how in re.findall(r"([\w.]+) \(([^)]*)\)", m.group(2)):
            if importer.startswith("bugzot_desktop"):
                ours.add((m.group(1), importer, how))
    assert ours == {
        ("bugzot_server", "bugzot_desktop.local_server", "delayed, optional"),  # the server extra
        ("pillow_heif", "bugzot_desktop.core.imaging", "optional"),  # the [heif] extra
    }
