"""Generate the benchmark corpus for bench/compress.py into a directory.

    .venv/bin/python bench/make_corpus.py CORPUS_DIR [--skip-web] [--skip-qt] [--skip-photos]

* Real web pages rendered by headless Chromium (a dashboard and a docs page we
  write as local HTML) at 1080p, 4K (3840×2160) and 5K (5120×2880); 4K and 5K
  at device scale 2, the way HiDPI screens render them.
* Real Qt windows (a main window with a table, tree, form and editor) grabbed
  offscreen with QWidget.grab() at 1080p and at 4K (scale factor 2).
* Photos: this machine has no camera images, so these are SYNTHESIZED 12 MP
  photo-like images (smooth sky gradient, fractal textures, blurred shapes,
  sensor noise), JPEG-encoded at quality 92 with an EXIF orientation tag — not
  real photographs; say so when quoting numbers.

Needs the [bench] extra (numpy).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WEB_SIZES = {  # name -> (window width, height, device scale factor)
    "1080p": (1920, 1080, 1),
    "4k": (1920, 1080, 2),
    "5k": (2560, 1440, 2),
}
QT_SIZES = {"1080p": (1920, 1080, 1), "4k": (1920, 1080, 2)}


def _dashboard_html(seed: int) -> str:
    rnd = random.Random(seed)
    rows = "\n".join(
        f"<tr><td>#{4000 + i}</td><td>{rnd.choice(['Crash on save', 'Button misaligned', 'Slow startup', 'Typo in dialog', 'Upload stalls offline'])} "
        f"{rnd.randint(1, 99)}</td><td><span class='sev {s}'>{s}</span></td><td>{rnd.choice(['editor', 'sync', 'ui', 'network'])}</td>"
        f"<td>{rnd.randint(1, 28)} Nov 2026</td><td>{rnd.choice(['Ana', 'Bo', 'Chen', 'Dara', 'Eli'])}</td></tr>"
        for i, s in ((i, rnd.choice(["blocker", "critical", "major", "minor", "trivial"])) for i in range(28))
    )
    bars = "".join(
        f"<rect x='{20 + i * 34}' y='{200 - h}' width='24' height='{h}' rx='3' fill='#4f7cff'/>"
        for i, h in enumerate(rnd.randint(20, 180) for _ in range(16))
    )
    cards = "".join(
        f"<div class='card'><div class='k'>{k}</div><div class='v'>{rnd.randint(10, 999)}</div><div class='d'>+{rnd.randint(1, 30)}% this week</div></div>"
        for k in ("Open bugs", "Fixed", "Reports today", "Median age (h)")
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font-family:'DejaVu Sans',sans-serif;background:#f4f6fa;color:#1d2330}}
nav{{position:fixed;left:0;top:0;bottom:0;width:220px;background:#1f2937;color:#cbd5e1;padding:18px}}
nav a{{display:block;padding:9px 12px;border-radius:6px;color:#cbd5e1;text-decoration:none;margin:2px 0}}
nav a.on{{background:#374151;color:white}}
main{{margin-left:260px;padding:24px 32px}}
h1{{font-size:26px;margin:0 0 16px}}
.cards{{display:flex;gap:16px;margin-bottom:20px}}
.card{{flex:1;background:white;border-radius:10px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.12)}}
.k{{color:#64748b;font-size:13px}} .v{{font-size:30px;font-weight:bold}} .d{{color:#16a34a;font-size:12px}}
.row{{display:flex;gap:16px}}
table{{border-collapse:collapse;background:white;width:100%;font-size:13px;border-radius:10px;overflow:hidden}}
td,th{{padding:7px 10px;border-bottom:1px solid #e5e7eb;text-align:left}} th{{background:#f8fafc}}
.sev{{padding:2px 8px;border-radius:10px;font-size:11px;color:white}}
.blocker{{background:#991b1b}}.critical{{background:#dc2626}}.major{{background:#f59e0b}}.minor{{background:#3b82f6}}.trivial{{background:#9ca3af}}
button{{background:#4f46e5;color:white;border:0;border-radius:6px;padding:8px 14px;margin-right:8px}}
.panel{{background:white;border-radius:10px;padding:14px;box-shadow:0 1px 3px rgba(0,0,0,.12)}}
</style></head><body>
<nav><b style="color:white;font-size:18px">BugZot</b><br><br>
<a class="on">Dashboard</a><a>Reports</a><a>Components</a><a>Releases</a><a>Settings</a></nav>
<main><h1>Dashboard</h1><div class="cards">{cards}</div>
<div class="row"><div style="flex:2"><table><tr><th>ID</th><th>Title</th><th>Severity</th><th>Component</th><th>Filed</th><th>Owner</th></tr>{rows}</table></div>
<div style="flex:1" class="panel"><b>Reports per day</b><svg width="580" height="210">{bars}</svg>
<p><button>New report</button><button style="background:#e5e7eb;color:#111">Export CSV</button></p>
<p style="font-size:13px;line-height:1.5;color:#475569">Reports wait in the outbox while offline and go out exactly once.
Screenshots are compressed losslessly; photos are compressed within a byte budget.</p></div></div></main></body></html>"""


def _docs_html(seed: int) -> str:
    rnd = random.Random(seed)
    words = "report screenshot outbox upload compress queue server thumbnail preview cancel worker thread pool image budget".split()
    paras = "".join(
        "<p>" + " ".join(rnd.choice(words) for _ in range(rnd.randint(40, 90))).capitalize() + ".</p>" for _ in range(10)
    )
    code = "\n".join(
        f"<span style='color:#7c3aed'>def</span> step_{i}(path: Path) -&gt; <span style='color:#0891b2'>int</span>:"
        f"  <span style='color:#64748b'># {rnd.choice(words)} {rnd.choice(words)}</span>"
        for i in range(14)
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font-family:'DejaVu Serif',serif;background:white;color:#222}}
header{{background:#0f766e;color:white;padding:14px 28px;font-family:sans-serif}}
aside{{float:left;width:240px;padding:20px;font-family:sans-serif;font-size:14px;line-height:2;color:#0f766e}}
article{{margin-left:300px;max-width:900px;padding:10px 20px;font-size:16px;line-height:1.6}}
pre{{background:#f6f8fa;border:1px solid #ddd;border-radius:6px;padding:12px;font-size:13px}}
.note{{border-left:4px solid #f59e0b;background:#fffbeb;padding:8px 14px}}
.grad{{height:120px;border-radius:8px;background:linear-gradient(90deg,#0ea5e9,#a855f7,#f43f5e)}}
</style></head><body><header><b>BugZot docs</b> &nbsp; Guide · API · Server · FAQ</header>
<aside>Getting started<br>Capturing<br>Marking up<br>Submitting<br>Offline outbox<br>Image pipeline<br>Server API<br>Troubleshooting</aside>
<article><h1>The image pipeline</h1><div class="note">Originals stay local until the report is sent.</div>{paras[:3000]}
<div class="grad"></div><pre>{code}</pre>{paras[3000:]}</article></body></html>"""


def render_web(out: Path) -> list[Path]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        print("make_corpus: chromium not found; skipping web pages", file=sys.stderr)
        return []
    made = []
    with tempfile.TemporaryDirectory(prefix="bugzot-corpus-") as tmp:
        pages = {"web_dashboard": _dashboard_html(1), "web_docs": _docs_html(2)}
        for page, html in pages.items():
            src = Path(tmp) / f"{page}.html"
            src.write_text(html, encoding="utf-8")
            for label, (w, h, dsf) in WEB_SIZES.items():
                dst = out / f"{page}_{label}.png"
                cmd = [
                    chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                    f"--user-data-dir={tmp}/profile", f"--force-device-scale-factor={dsf}",
                    f"--screenshot={dst}", f"--window-size={w},{h}", src.as_uri(),
                ]
                subprocess.run(cmd, check=True, capture_output=True, timeout=120)
                made.append(dst)
                print(f"  {dst.name}")
    return made


def _qt_grab(out_png: str, w: int, h: int) -> None:
    """Runs in a child process (QT_SCALE_FACTOR must be set before QApplication)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QFormLayout,
        QLineEdit,
        QMainWindow,
        QPlainTextEdit,
        QPushButton,
        QSplitter,
        QTableWidget,
        QTableWidgetItem,
        QTabWidget,
        QTreeWidget,
        QTreeWidgetItem,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication([])
    rnd = random.Random(3)
    win = QMainWindow()
    win.setWindowTitle("BugZot — Reports")
    win.menuBar().addMenu("&File"), win.menuBar().addMenu("&Edit"), win.menuBar().addMenu("&Help")
    tree = QTreeWidget()
    tree.setHeaderLabels(["Component", "Open"])
    for comp in ("editor", "sync", "network", "ui", "installer", "server"):
        item = QTreeWidgetItem([comp, str(rnd.randint(1, 80))])
        for j in range(4):
            item.addChild(QTreeWidgetItem([f"{comp}/module{j}", str(rnd.randint(0, 9))]))
        tree.addTopLevelItem(item)
        item.setExpanded(True)
    table = QTableWidget(40, 5)
    table.setHorizontalHeaderLabels(["ID", "Title", "Severity", "Owner", "Filed"])
    for r in range(40):
        for c, val in enumerate([f"#{5000 + r}", f"Crash when saving file {rnd.randint(1, 999)}",
                                 rnd.choice(["major", "minor", "critical"]), rnd.choice(["Ana", "Bo", "Chen"]),
                                 f"2026-11-{rnd.randint(10, 28)}"]):
            table.setItem(r, c, QTableWidgetItem(val))
    form_w = QWidget()
    form = QFormLayout(form_w)
    form.addRow("Title", QLineEdit("Upload stalls when the network drops"))
    combo = QComboBox()
    combo.addItems(["blocker", "critical", "major"])
    form.addRow("Severity", combo)
    edit = QPlainTextEdit("\n".join(f"Step {i}: open the dialog and press Submit ({rnd.random():.4f})" for i in range(30)))
    form.addRow("Steps", edit)
    form.addRow(QPushButton("Submit"))
    tabs = QTabWidget()
    tabs.addTab(table, "Reports")
    tabs.addTab(QWidget(), "Outbox")
    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(tabs)
    right.addWidget(form_w)
    split = QSplitter()
    split.addWidget(tree)
    split.addWidget(right)
    split.setSizes([w // 4, 3 * w // 4])
    central = QWidget()
    QVBoxLayout(central).addWidget(split)
    win.setCentralWidget(central)
    win.statusBar().showMessage("3 reports waiting in the outbox")
    win.resize(w, h)
    win.show()
    app.processEvents()
    pix = win.grab()
    assert pix.save(out_png, "PNG"), out_png
    win.close()


def grab_qt(out: Path) -> list[Path]:
    made = []
    for label, (w, h, scale) in QT_SIZES.items():
        dst = out / f"qt_window_{label}.png"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": str(scale)}
        subprocess.run([sys.executable, __file__, "--qt-child", str(dst), str(w), str(h)], check=True, env=env, timeout=120)
        made.append(dst)
        print(f"  {dst.name}")
    return made


def synth_photo(
    path: Path, seed: int, size: tuple[int, int] = (4000, 3000), orientation: int = 6, chroma_noise: float = 1.0
) -> Path:
    """A photo-like 12 MP image: sky gradient, fractal ground texture, soft shapes, sensor noise.

    Noise: luminance σ=3 plus per-channel chroma σ=``chroma_noise`` (in-camera
    processing removes most chroma noise; 4.0 models an unprocessed, harsh case).
    """
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    w, h = size

    def fractal(octaves: int = 7, decay: float = 0.55) -> np.ndarray:
        acc = np.zeros((h, w), np.float32)
        amp, total = 1.0, 0.0
        for o in range(octaves):
            cells = (max(2, w >> (9 - o)), max(2, h >> (9 - o)))
            small = Image.fromarray((rng.random((cells[1], cells[0])) * 255).astype(np.uint8))
            acc += amp * np.asarray(small.resize((w, h), Image.Resampling.BICUBIC), np.float32)
            total += amp
            amp *= decay
        return acc / total / 255.0

    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    horizon = 0.45 + 0.05 * np.sin(np.linspace(0, 6, w, dtype=np.float32))[None, :]
    sky = np.stack([90 + 120 * yy, 150 + 80 * yy, 235 - 30 * yy], -1) * np.ones((1, w, 1), np.float32)
    tex = fractal(9, 0.85)  # down to 2-pixel detail: foliage/grass-like texture
    tex = np.clip((tex - tex.mean()) / (tex.std() + 1e-6) * 0.22 + 0.5, 0, 1)  # stretch: visible fine grain
    tex2 = fractal(5)
    ground = np.stack([70 + 90 * tex, 100 + 80 * tex2, 40 + 60 * tex], -1)
    mask = (yy > horizon)[..., None]
    img = np.where(mask, ground, sky + 25 * (tex2[..., None] - 0.5))
    im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    # Soft shapes (a "tree line" of blurred discs) for real edges at several scales.
    shapes = Image.new("L", size, 0)
    from PIL import ImageDraw

    d = ImageDraw.Draw(shapes)
    rnd = random.Random(seed)
    for _ in range(60):
        x, r = rnd.randint(0, w), rnd.randint(40, 220)
        y = int(h * 0.45) - rnd.randint(0, 200)
        d.ellipse((x - r, y - r, x + r, y + r), fill=rnd.randint(120, 255))
    shapes = shapes.filter(ImageFilter.GaussianBlur(6))
    dark = Image.new("RGB", size, (30, 60, 25))
    im = Image.composite(dark, im, shapes)
    luma = rng.normal(0, 3.0, (h, w, 1)).astype(np.float32)
    chroma = rng.normal(0, chroma_noise, (h, w, 3)).astype(np.float32)
    arr = np.asarray(im, np.float32) + luma + chroma  # sensor noise
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Synthetic"
    exif[0x0110] = "make_corpus.py"
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def make_photos(out: Path) -> list[Path]:
    made = [
        synth_photo(out / "photo_12mp_a.jpg", 1, orientation=6, chroma_noise=1.0),  # camera-processed noise
        synth_photo(out / "photo_12mp_b.jpg", 2, orientation=1, chroma_noise=4.0),  # harsh: strong chroma noise
    ]
    for p in made:
        print(f"  {p.name} (synthesized)")
    return made


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--qt-child"]:
        _qt_grab(argv[1], int(argv[2]), int(argv[3]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus_dir", type=Path)
    ap.add_argument("--skip-web", action="store_true")
    ap.add_argument("--skip-qt", action="store_true")
    ap.add_argument("--skip-photos", action="store_true")
    args = ap.parse_args(argv)
    out: Path = args.corpus_dir
    out.mkdir(parents=True, exist_ok=True)
    print(f"corpus -> {out}")
    if not args.skip_web:
        render_web(out)
    if not args.skip_qt:
        grab_qt(out)
    if not args.skip_photos:
        make_photos(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
