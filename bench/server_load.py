"""Load benchmark for bugzot-server: K clients post reports with a ~300 KB image for a fixed time.

Prints reports/s, p50/p99 latency, errors, and sent vs stored (they must match),
for a *bare* FastAPI endpoint (writes the upload to disk and a row to SQLite: no
checks, no fsync) and for the real server on SQLite and PostgreSQL with one and
two uvicorn workers, all in the same run, so the ratio to bare is measured here
and now rather than against a number from another day.

    .venv/bin/python bench/server_load.py [--clients 8] [--duration 10] [--backends sqlite,postgres] [--workers 1,2]

Not part of the test suite: it prints numbers, it asserts nothing but sent == stored.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

import requests
from fastapi import FastAPI, File, Form, UploadFile

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "server")]

# -- the bare endpoint ------------------------------------------------------------------


def bare_factory() -> FastAPI:
    """The floor: take a multipart upload, write it to disk and a row to SQLite. Nothing else."""
    data = Path(os.environ["BARE_DIR"])
    app = FastAPI()

    def conn() -> sqlite3.Connection:
        c = sqlite3.connect(data / "bare.sqlite3", timeout=30, isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL")
        return c

    with conn() as c:
        c.execute("CREATE TABLE IF NOT EXISTS r (id INTEGER PRIMARY KEY, body TEXT, path TEXT)")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/reports", status_code=201)
    def post(report: Annotated[str, Form()], files: Annotated[list[UploadFile], File()]) -> dict[str, Any]:
        paths = []
        for f in files:
            p = data / uuid.uuid4().hex
            with open(p, "wb") as out:
                shutil.copyfileobj(f.file, out)
            paths.append(str(p))
        c = conn()
        try:
            cur = c.execute("INSERT INTO r (body, path) VALUES (?, ?)", (report, ",".join(paths)))
            return {"id": cur.lastrowid}
        finally:
            c.close()

    return app


# -- servers ------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        time.sleep(0.1)
    raise RuntimeError("server did not become ready")


class Server:
    """One server process (bare or real) on a free loopback port."""

    def __init__(self, kind: str, workers: int, work: Path, database_url: str | None = None,
                 extra_env: dict[str, str] | None = None, extra_args: list[str] | None = None) -> None:
        self.kind, self.workers, self.database_url = kind, workers, database_url
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = work / f"{kind}-{workers}-{uuid.uuid4().hex[:6]}"
        self.dir.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUGZOT_")} | (extra_env or {})
        self.token = ""
        if kind == "bare":
            env["BARE_DIR"] = str(self.dir)
            cmd = [sys.executable, "-m", "uvicorn", "server_load:bare_factory", "--factory", "--app-dir", str(ROOT / "bench"),
                   "--port", str(self.port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
        else:
            db_args = ["--data-dir", str(self.dir)] + (["--database-url", database_url] if database_url else [])
            out = subprocess.run([sys.executable, "-m", "bugzot_server", "token", "create", "bench", *db_args],
                                 capture_output=True, text=True, check=True, env=env)
            self.token = out.stdout.strip().splitlines()[-1]
            cmd = [sys.executable, "-m", "bugzot_server", "--port", str(self.port), "--workers", str(workers),
                   "--log-level", "warning", *db_args, *(extra_args or [])]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        _wait_ready(self.url, self.proc)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def stored(self, client_ids: set[str]) -> int:
        """How many of our reports the server holds, from its own records."""
        if self.kind == "bare":
            with sqlite3.connect(self.dir / "bare.sqlite3") as c:
                return c.execute("SELECT COUNT(*) FROM r").fetchone()[0]
        total, page, seen = 0, 1, 0
        while True:
            r = requests.get(self.url + "/api/v1/reports", headers=self.headers(),
                             params={"page": page, "per_page": 100}, timeout=30).json()
            seen += sum(1 for rep in r["reports"] if rep["client_id"] in client_ids)
            total = r["total"]
            if page * 100 >= total:
                return seen
            page += 1

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


# -- load ---------------------------------------------------------------------------------


def _tree_cpu_seconds(root: int) -> float:
    """user+system CPU of a process and all its descendants (Linux /proc), for CPU per report."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(kids)
        frontier += kids
    ticks = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def make_image(kb: int = 300) -> bytes:
    """A photo-like 1600×1000 JPEG of about ``kb`` KB (smoothed noise; quality picked to hit the size)."""
    from PIL import Image

    rnd = random.Random(42)
    w, h = 1600, 1000
    small = Image.frombytes("RGB", (w // 8, h // 8), bytes(rnd.getrandbits(8) for _ in range(w // 8 * h // 8 * 3)))
    img = small.resize((w, h), Image.BICUBIC)
    best = b""
    for quality in range(95, 20, -5):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        best = buf.getvalue()
        if len(best) <= kb * 1024:
            break
    return best


def run_load(server: Server, image: bytes, clients: int, duration: float) -> dict[str, Any]:
    import hashlib

    from bugzot_desktop.core.wire import FileInfo, build_report_json

    digest = hashlib.sha256(image).hexdigest()
    latencies: list[float] = []
    errors: list[str] = []
    sent_ids: set[str] = set()
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client() -> None:
        session = requests.Session()
        start.wait()
        while time.monotonic() < stop_at[0]:
            cid = str(uuid.uuid4())
            report = build_report_json(cid, {"title": "Load test"}, {"bench": True}, [FileInfo("photo.jpg", len(image), digest)])
            t0 = time.perf_counter()
            try:
                r = session.post(server.url + "/api/v1/reports", headers=server.headers(), timeout=60,
                                 files=[("report", (None, json.dumps(report), "application/json")),
                                        ("files", ("photo.jpg", image, "image/jpeg"))])
                ok = r.status_code in (200, 201)
                err = None if ok else f"{r.status_code}"
            except requests.RequestException as exc:
                ok, err = False, type(exc).__name__
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt)
                    sent_ids.add(cid)
                else:
                    errors.append(err or "?")
        session.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu0 = _tree_cpu_seconds(server.proc.pid)
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + duration
    t0 = time.monotonic()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    cpu = _tree_cpu_seconds(server.proc.pid) - cpu0
    lat = sorted(latencies)
    return {
        "rps": len(lat) / elapsed,
        "p50": statistics.median(lat) * 1000 if lat else float("nan"),
        "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan"),
        "errors": len(errors),
        "sent": len(sent_ids),
        "stored": server.stored(sent_ids),
        "cpu_ms": cpu * 1000 / max(1, len(lat)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per configuration")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--image-kb", type=int, default=300)
    ap.add_argument("--no-api-only", dest="api_only", action="store_false",
                    help="skip the row that measures the API without post-processing")
    ap.add_argument("--server-env", action="append", default=[], metavar="K=V",
                    help="extra environment for bugzot-server, e.g. BUGZOT_JOB_THREADS=0 (API alone)")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    backends = args.backends.split(",")
    image = make_image(args.image_kb)
    work = Path(tempfile.mkdtemp(prefix="bugzot-bench-"))
    pg = None
    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        if "postgres" in backends:
            from server_pg import PostgresServer, available

            reason = available()
            if reason:
                print(f"skipping PostgreSQL: {reason}", file=sys.stderr)
                backends.remove("postgres")
            else:
                pg = PostgresServer(durable=True).start()
        configs: list[tuple[str, str, int]] = []
        for w in workers:
            configs.append(("bare (no checks, no fsync), SQLite", "bare", w))
            for b in backends:
                configs.append((f"bugzot-server, {'SQLite' if b == 'sqlite' else 'PostgreSQL 15'}", b, w))
            if "sqlite" in backends and args.api_only:
                configs.append(("bugzot-server, SQLite, no post-processing", "sqlite-api", w))
        for label, kind, w in configs:
            url = pg.create_database() if kind == "postgres" and pg else None
            extra = dict(kv.split("=", 1) for kv in args.server_env) if kind != "bare" else {}
            extra_args = []
            if kind == "sqlite-api":  # the API's own cost: no job workers, no in-app claimers
                extra, extra_args = {**extra, "BUGZOT_JOB_THREADS": "0"}, ["--job-workers", "0"]
            srv = Server("bare" if kind == "bare" else "real", w, work, url, extra, extra_args)
            try:
                res = run_load(srv, image, args.clients, args.duration)
            finally:
                srv.stop()
            rows.append((f"{label}, {w} worker{'s' if w > 1 else ''}", {**res, "workers": w, "kind": kind}))
            print(f"  done: {rows[-1][0]}: {res['rps']:.1f} reports/s", file=sys.stderr)
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    bare = {r["workers"]: r["rps"] for _, r in rows if r["kind"] == "bare"}
    print(f"\n{args.clients} clients, {args.duration:g} s per row, {len(image) // 1024} KB JPEG per report, {os.cpu_count()} CPUs\n")
    print(f"| {'configuration':<52} | reports/s | p50 ms | p99 ms | errors | sent | stored | vs bare | server CPU ms/report |")
    print(f"|{'-' * 54}|-----------|--------|--------|--------|------|--------|---------|----------------------|")
    for label, r in rows:
        ratio = r["rps"] / bare[r["workers"]] if bare.get(r["workers"]) else float("nan")
        print(f"| {label:<52} | {r['rps']:9.1f} | {r['p50']:6.0f} | {r['p99']:6.0f} | {r['errors']:6d} | {r['sent']:4d} | "
              f"{r['stored']:6d} | {ratio:6.0%}  | {r['cpu_ms']:20.1f} |")
    mismatched = [label for label, r in rows if r["sent"] != r["stored"]]
    if mismatched:
        print(f"\nsent != stored for: {', '.join(mismatched)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
