"""`bugzot --self-check`: prove an installation works, without a display or a network.

Runs the same pieces the app needs — Qt (offscreen when there is no display),
the image plugins, the bundled resources, the image pipeline on a QThreadPool
worker via the :class:`~bugzot_desktop.tasks.runner.TaskRunner`, a scratch
outbox and the TLS certificates — prints one ``OK``/``FAIL`` line per check and
returns 0 only if every check passed. It is what the packaging tests run inside
the PyInstaller bundle and the unpacked .deb, so it must not depend on the
source tree: resources are found through :func:`resources_dir`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bugzot_desktop import __version__

SAMPLE_NAME = "sample.png"
ICON_NAME = "icons/bugzot.svg"
COMPRESS_TIMEOUT_MS = 60_000
# A small edge forces a real resize + encode of the sample, not a pass-through copy.
SAMPLE_MAX_EDGE = 240


class CheckFailed(Exception):
    """A check's own verdict; its message is printed after FAIL."""


@dataclass
class CheckResult:
    """One printed line: the check's name, whether it passed and what it saw."""

    name: str
    ok: bool
    detail: str


def resources_dir() -> Path:
    """The ``resources/`` directory in the bundle (sys._MEIPASS) or in the source tree."""
    candidates = []
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        candidates.append(Path(frozen_base) / "resources")
    here = Path(__file__).resolve()
    # Source checkout (and the bundle, where modules sit at _MEIPASS/bugzot_desktop/...).
    candidates.append(here.parents[2] / "resources")
    # Installed wheel, where resources are package data.
    candidates.append(here.parents[1] / "resources")
    for path in candidates:
        if (path / SAMPLE_NAME).is_file():
            return path
    raise CheckFailed("resources/ not found; looked in " + ", ".join(str(p) for p in candidates))


def _ensure_platform() -> None:
    """Use the offscreen platform when nothing could show a window (CI, ssh, containers)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


class SelfCheck:
    """Runs the checks in order and remembers their results."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.results: list[CheckResult] = []
        self._compressed: Path | None = None
        self._app: Any = None

    def run_all(self) -> list[CheckResult]:
        for name, check in self.checks():
            try:
                detail = check()
            except CheckFailed as exc:
                self.results.append(CheckResult(name, False, str(exc)))
            except Exception as exc:  # a self-check reports a crash as a failure, never a traceback
                last = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(last.filename).name}:{last.lineno}"
                self.results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc} ({where})"))
            else:
                self.results.append(CheckResult(name, True, detail))
        return self.results

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("version", self.check_version),
            ("resources", self.check_resources),
            ("qt", self.check_qt),
            ("image plugins", self.check_image_plugins),
            ("icon", self.check_icon),
            ("translations", self.check_translations),
            ("icu", self.check_icu),
            ("image codecs", self.check_image_codecs),
            ("compress", self.check_compress),
            ("outbox", self.check_outbox),
            ("network information", self.check_network_information),
            ("main window", self.check_main_window),
            ("tls certificates", self.check_certificates),
        ]

    # -- the checks: each returns what it saw, or raises CheckFailed -------
    def check_version(self) -> str:
        frozen = "bundle" if getattr(sys, "frozen", False) else "python"
        return f"bugzot {__version__} ({frozen}, Python {sys.version.split()[0]}, {sys.platform})"

    def check_resources(self) -> str:
        res = resources_dir()
        missing = [n for n in (SAMPLE_NAME, ICON_NAME) if not (res / n).is_file()]
        if missing:
            raise CheckFailed(f"missing in {res}: {', '.join(missing)}")
        return str(res)

    def check_qt(self) -> str:
        _ensure_platform()
        import PySide6
        from PySide6.QtCore import qVersion
        from PySide6.QtWidgets import QApplication

        self._app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "bugzot"])
        platform = self._app.platformName()
        return f"Qt {qVersion()} (PySide6 {PySide6.__version__}), platform {platform}"

    def check_image_plugins(self) -> str:
        from PySide6.QtGui import QImageReader

        have = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
        # Qt decodes attachments for thumbnails and mark-up: every format of core.imaging that
        # Qt has a reader for (png/bmp built in, the rest plugins), plus svg for icons.
        needed = {"png", "bmp", "jpeg", "gif", "webp", "tiff", "svg"}
        missing = sorted(needed - have)
        if missing:
            raise CheckFailed(f"Qt cannot read {', '.join(missing)} (have: {', '.join(sorted(have))})")
        return ", ".join(sorted(needed))

    def check_icon(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QImage, QPainter
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(str(resources_dir() / ICON_NAME))
        if not renderer.isValid():
            raise CheckFailed(f"QtSvg could not parse {ICON_NAME}")
        image = QImage(64, 64, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if image.pixelColor(32, 32).alpha() == 0:
            raise CheckFailed(f"{ICON_NAME} rendered blank")
        return f"{ICON_NAME} rendered at 64x64 with QtSvg"

    def check_translations(self) -> str:
        from PySide6.QtCore import QLibraryInfo, QTranslator

        from bugzot_desktop.gui import i18n

        # the GUI looks for catalogs on its own path; it must be the one we ship
        if i18n.TRANSLATIONS_DIR.resolve() != (resources_dir() / "translations").resolve():
            raise CheckFailed(f"the GUI looks in {i18n.TRANSLATIONS_DIR}, the catalogs are in {resources_dir()}")
        found = sorted((resources_dir() / "translations").glob("bugzot_*.qm"))
        if not found:
            return "none shipped (English only)"
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        langs = []
        for qm in found:
            lang = qm.stem.removeprefix("bugzot_")
            ours = QTranslator()
            if not ours.load(str(qm)) or ours.isEmpty():
                raise CheckFailed(f"{qm.name} does not load")
            # Qt's own catalog translates standard buttons (OK, Cancel) in the same language
            if not QTranslator().load(f"qtbase_{lang}", qt_dir):
                raise CheckFailed(f"qtbase_{lang}.qm missing from {qt_dir}")
            langs.append(lang)
        return f"{', '.join(langs)} (ours and qtbase)"

    def check_icu(self) -> str:
        from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone

        # The four things Qt asks ICU for; the Linux bundle ships ICU data trimmed to them.
        if QCollator(QLocale("de_DE")).compare("ä", "b") >= 0:
            raise CheckFailed("collation: German does not sort ä before b")
        if QLocale("tr_TR").toUpper("i") != "\u0130":
            raise CheckFailed("case mapping: Turkish i does not upper-case to İ")
        missing = [name for name in ("Shift_JIS", "gb18030", "Big5", "EUC-KR", "windows-1251") if not QStringDecoder(name).isValid()]
        if missing:
            raise CheckFailed(f"converters: no {', '.join(missing)} codec")
        berlin = QTimeZone(b"Europe/Berlin")
        zone = berlin.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("en_US"))
        if zone != "Central European Standard Time":
            raise CheckFailed(f"time-zone names: Europe/Berlin is {zone!r}")
        # GMT-offset names take their digits from the locale bundle (kept for non-Latin digits)
        offset = berlin.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.ShortName, QLocale("ar_EG"))
        if "\u0661" not in offset:
            raise CheckFailed(f"time-zone names: Europe/Berlin in ar_EG is {offset!r}, not in Arabic-Indic digits")
        return "collation, case mapping, converters, time-zone names"

    def check_image_codecs(self) -> str:
        from io import BytesIO

        from PIL import Image

        from bugzot_desktop.core import imaging

        tried = []
        for fmt in imaging.SUPPORTED_FORMATS:
            if fmt == "MPO":  # read by the JPEG plugin, never written
                continue
            if fmt == "HEIF" and not imaging.HEIF_DECODER:
                tried.append("HEIF: none (attached unchanged)")
                continue
            buf = BytesIO()
            # A round trip loads the codec library, which is what a missing .so breaks.
            Image.new("RGB", (16, 12), (200, 40, 60)).save(buf, fmt)
            buf.seek(0)
            with Image.open(buf, formats=[fmt]) as im:
                im.load()
                if im.size != (16, 12):
                    raise CheckFailed(f"{fmt} round trip gave {im.size[0]}x{im.size[1]}, not 16x12")
            tried.append(fmt)
        return "Pillow encodes and decodes " + ", ".join(tried)

    def check_compress(self) -> str:
        from PySide6.QtCore import QEventLoop, QTimer

        from bugzot_desktop.core import procpool
        from bugzot_desktop.tasks.runner import FunctionTask, TaskRunner

        if self._app is None:
            raise CheckFailed("skipped: Qt did not start")
        src = resources_dir() / SAMPLE_NAME
        out_dir = self.work_dir / "compressed"
        out_dir.mkdir()
        outcome: dict[str, Any] = {}
        loop = QEventLoop()
        runner = TaskRunner(max_threads=1)
        fallbacks_before = procpool.fallbacks
        # The app's own path: a QRunnable waiting on an image worker process.
        task = FunctionTask(procpool.compress_in_process, src, out_dir, max_edge=SAMPLE_MAX_EDGE, name="self-check compress")
        runner.submit(
            task,
            on_success=lambda result: outcome.update(result=result),
            on_failure=lambda message, _err: outcome.update(error=message),
            on_finished=loop.quit,
        )
        # Bounded wait: a wedged worker must fail the check, not hang the installer's test.
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(COMPRESS_TIMEOUT_MS)
        if runner.active_count():
            loop.exec()
        timer.stop()
        idle = runner.shutdown(5_000)
        if "error" in outcome:
            raise CheckFailed(outcome["error"])
        if "result" not in outcome:
            raise CheckFailed(f"no result within {COMPRESS_TIMEOUT_MS // 1000} s (worker idle: {idle})")
        result = outcome["result"]
        path = Path(result.path)
        if not path.is_file() or path.stat().st_size != result.bytes or result.bytes == 0:
            raise CheckFailed(f"{path.name}: result says {result.bytes} bytes, file has "
                              f"{path.stat().st_size if path.is_file() else 'none'}")
        if max(result.width, result.height) > SAMPLE_MAX_EDGE:
            raise CheckFailed(f"{result.width}x{result.height} exceeds the {SAMPLE_MAX_EDGE} px edge asked for")
        if procpool.fallbacks != fallbacks_before:
            raise CheckFailed("image worker processes did not start; compression fell back to a thread")
        state = procpool.run_in_process(procpool.worker_state)
        procpool.shutdown()
        self._compressed = path
        heap_note = "heap kept warm" if state["heap_warm"] else "malloc defaults (no glibc)"
        return (f"{SAMPLE_NAME} -> {result.format} {result.width}x{result.height}, "
                f"{result.bytes} bytes, on a QThreadPool worker driving an image worker process ({heap_note})")

    def check_outbox(self) -> str:
        from bugzot_desktop.core.outbox import Outbox
        from bugzot_desktop.core.report import Attachment, Report

        data_dir = self.work_dir / "data"
        data_dir.mkdir()
        outbox = Outbox(data_dir)
        try:
            before = outbox.pending_count()
            if before != 0:
                raise CheckFailed(f"a fresh outbox has {before} pending reports")
            attachment = self._compressed or (resources_dir() / SAMPLE_NAME)
            report = Report(title="bugzot self-check", attachments=[Attachment(attachment)])
            outbox.add(report)
            after = outbox.pending_count()
            if after != 1:
                raise CheckFailed(f"after adding one report the outbox has {after} pending")
        finally:
            close = getattr(outbox, "close", None)
            if close is not None:
                close()
        return f"scratch outbox in a temp dir: added 1 report, {after} pending"

    def check_network_information(self) -> str:
        from PySide6.QtNetwork import QNetworkInformation

        # The flusher asks these plugins whether we are online; without one it can only probe.
        backends = QNetworkInformation.availableBackends()
        if not backends:
            raise CheckFailed("no QNetworkInformation backend plugin found")
        return ", ".join(sorted(backends))

    def check_main_window(self) -> str:
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QWidget

        from bugzot_desktop import app as app_module
        from bugzot_desktop.core.settings import load_settings

        if self._app is None:
            raise CheckFailed("skipped: Qt did not start")
        data_dir = self.work_dir / "gui"
        data_dir.mkdir()
        # The real composition root, minus the flusher (it would try the network); never shown.
        parts = app_module.build(data_dir, load_settings(data_dir), with_flusher=False)
        try:
            widgets = len(parts.window.findChildren(QWidget))
            if app_module.app_icon().isNull():
                raise CheckFailed("the app's window icon was not found")
        finally:
            app_module.shutdown(parts)
            parts.window.close()
            parts.window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return f"built with {widgets} widgets and the app icon (not shown)"

    def check_certificates(self) -> str:
        import ssl

        import certifi

        bundle = Path(certifi.where())
        if not bundle.is_file():
            raise CheckFailed(f"CA bundle missing: {bundle}")
        ctx = ssl.create_default_context(cafile=str(bundle))
        count = len(ctx.get_ca_certs())
        if count == 0:
            raise CheckFailed(f"CA bundle {bundle} holds no certificates")
        return f"{count} CA certificates, {ssl.OPENSSL_VERSION}"


def run(args: argparse.Namespace | None = None) -> int:
    """Run every check, print one line each, return 0 only if all passed."""
    print(f"bugzot {__version__} self-check")
    with tempfile.TemporaryDirectory(prefix="bugzot-selfcheck-") as tmp:
        results = SelfCheck(Path(tmp)).run_all()
    width = max(len(r.name) for r in results)
    for r in results:
        print(f"  {'OK  ' if r.ok else 'FAIL'}  {r.name:<{width}}  {r.detail}")
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"self-check FAILED: {len(failed)} of {len(results)} checks failed", flush=True)
        return 1
    print(f"self-check passed: {len(results)} checks OK", flush=True)
    return 0
