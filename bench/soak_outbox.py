"""Soak the outbox: file N reports through random network faults and client kills, then count.

    .venv/bin/python bench/soak_outbox.py [-n 200] [--seed 1] [--kill-rate 0.3]

A real server runs on loopback behind the fault proxy (tests/faults/proxy.py). Reports
are added to an outbox in batches; client processes (one or two at once, like the app's
flusher and `bugzot outbox flush` sharing an outbox) flush it through random faults
(reset mid-body, response dropped after the server stored, 500, 503 + Retry-After,
hang, refusal) and are SIGKILLed at random moments. At the end clean flushes run until
nothing waits, and the server's own API is asked how often it holds each report:

    N filed, N stored, 0 lost, 0 duplicated

Exit status 0 only when nothing was lost or duplicated.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "faults")]

from live_server import LiveServer  # noqa: E402
from PIL import Image  # noqa: E402
from proxy import FaultProxy  # noqa: E402

from bugzot_desktop.core.outbox import Outbox  # noqa: E402
from bugzot_desktop.core.report import Attachment, Report  # noqa: E402

CHILD = ROOT / "tests" / "faults" / "flush_child.py"
# Weights: mostly trouble, some clean passes; hang costs a read timeout, so it is rare.
FAULT_WEIGHTS = {
    "pass": 4,
    "reset_mid_body": 3,
    "drop_response": 3,
    "500": 2,
    "503": 2,
    "refuse": 2,
    "hang": 1,
}


def spawn(data_dir: Path, url: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="reports to file (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kill-rate", type=float, default=0.3, help="chance that a client run is SIGKILLed")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    t0 = time.monotonic()
    stats = {"runs": 0, "kills": 0, "faults": 0, "concurrent_runs": 0, "child_errors": 0}
    with tempfile.TemporaryDirectory(prefix="bugzot-soak-") as tmp:
        tmp_path = Path(tmp)
        data_dir = tmp_path / "client"
        ob = Outbox(data_dir)
        img_dir = tmp_path / "img"
        img_dir.mkdir()
        with LiveServer(tmp_path / "server") as srv, FaultProxy(srv.port, retry_after=1) as proxy:
            proxy.release()  # no held faults in the soak
            filed: list[str] = []
            while len(filed) < args.n:
                for _ in range(min(rnd.randint(1, 8), args.n - len(filed))):
                    p = img_dir / f"{len(filed)}.png"
                    Image.effect_noise((240, 160), rnd.randint(10, 90)).convert("RGB").save(p)
                    r = Report(
                        title=f"soak {len(filed)}",
                        severity=rnd.choice(["major", "minor", "critical"]),
                        attachments=[Attachment(p)],
                    )
                    filed.append(ob.add(r).client_id)
                faults = rnd.choices(list(FAULT_WEIGHTS), weights=list(FAULT_WEIGHTS.values()), k=rnd.randint(1, 6))
                stats["faults"] += sum(f != "pass" for f in faults)
                proxy.plan(faults)
                procs = [spawn(data_dir, proxy.url) for _ in range(rnd.choice([1, 1, 2]))]
                stats["runs"] += len(procs)
                stats["concurrent_runs"] += len(procs) > 1
                kill = rnd.random() < args.kill_rate
                deadline = time.monotonic() + (rnd.uniform(0.1, 2.0) if kill else 120)
                for proc in procs:
                    try:
                        proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                    except subprocess.TimeoutExpired:
                        proc.send_signal(signal.SIGKILL)
                        stats["kills"] += 1
                    _, err = proc.communicate(timeout=60)  # reap: a zombie looks alive to the outbox
                    if proc.returncode not in (0, -signal.SIGKILL):
                        stats["child_errors"] += 1
                        print(f"client exited {proc.returncode}: {err.strip()[-500:]}", file=sys.stderr)
                proxy.plan([])  # drop unused faults
            # Clean restarts until nothing waits (bounded).
            for _ in range(5):
                if Outbox(data_dir).pending_count() == 0:
                    break
                proc = spawn(data_dir, srv.url)
                proc.communicate(timeout=300)
            final = Outbox(data_dir)
            counts = srv.count_by_client_id()
            stored = sum(1 for cid in filed if counts.get(cid, 0) >= 1)
            lost = sum(1 for cid in filed if counts.get(cid, 0) == 0)
            duplicated = sum(counts.get(cid, 0) - 1 for cid in filed if counts.get(cid, 0) > 1)
            strangers = sum(n for cid, n in counts.items() if cid not in set(filed))
            outbox_counts = final.counts()
    elapsed = time.monotonic() - t0
    print(f"{len(filed)} filed, {stored} stored, {lost} lost, {duplicated + strangers} duplicated")
    print(
        f"  client runs {stats['runs']} ({stats['concurrent_runs']} with two clients at once), "
        f"SIGKILLs {stats['kills']}, injected faults {stats['faults']}, client errors {stats['child_errors']}, "
        f"outbox at the end {outbox_counts}, {elapsed:.1f} s"
    )
    return 0 if lost == 0 and duplicated + strangers == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
