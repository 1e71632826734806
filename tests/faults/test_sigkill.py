"""Kill the client with SIGKILL at random points of a send, restart it, flush: nothing lost, nothing twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from live_server import LiveServer
from PIL import Image
from proxy import FaultProxy

from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.report import Attachment, Report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHILD = HERE / "flush_child.py"


def _spawn(data_dir: Path, url: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)  # reap it: a zombie would still look alive to the outbox


def _add(ob: Outbox, tmp_path: Path, n: int, start: int) -> list[str]:
    ids = []
    for i in range(start, start + n):
        p = tmp_path / f"k{i}.png"
        Image.effect_noise((400, 300), 30 + i % 50).convert("RGB").save(p)
        ids.append(ob.add(Report(title=f"kill {i}", attachments=[Attachment(p)])).client_id)
    return ids


def test_sigkill_at_random_points_loses_nothing_and_stores_nothing_twice(tmp_path):
    rnd = random.Random(int(os.environ.get("BUGZOT_KILL_SEED", "20261203")))
    data_dir = tmp_path / "client"
    ob = Outbox(data_dir)
    ids = _add(ob, tmp_path, 6, 0)
    kinds: list[str] = []
    with LiveServer(tmp_path / "server") as srv, FaultProxy(srv.port) as proxy:
        for round_no in range(7):
            if ob.pending_count() == 0:
                ids += _add(ob, tmp_path, 2, len(ids))
            kind = ["mid_body", "after_store", "random"][round_no % 3]
            kinds.append(kind)
            proxy.hold()
            if kind == "mid_body":
                proxy.plan(["stall_mid_body"])
                before = sum(e.stage == "stalled" for e in proxy.events)
                proc = _spawn(data_dir, proxy.url)
                assert proxy.wait_for("stalled", before + 1), proc.communicate(timeout=30)[0]
            elif kind == "after_store":
                proxy.plan(["hold_response"])
                before = sum(e.stage == "stored" for e in proxy.events)
                proc = _spawn(data_dir, proxy.url)
                assert proxy.wait_for("stored", before + 1), proc.communicate(timeout=30)[0]
            else:
                proc = _spawn(data_dir, proxy.url)
                try:
                    proc.wait(timeout=rnd.uniform(0.2, 1.5))  # a random moment: import, compress, send...
                except subprocess.TimeoutExpired:
                    pass
            _kill(proc)
            proxy.release()  # let the stalled/held connection end (the client is gone)
            proxy.plan([])
        # Restart cleanly until nothing waits.
        for _ in range(3):
            proc = _spawn(data_dir, srv.url)
            out, _ = proc.communicate(timeout=120)
            assert proc.returncode == 0, out
            if Outbox(data_dir).pending_count() == 0:
                break
        final = Outbox(data_dir)
        assert final.pending_count() == 0
        assert final.counts() == {"queued": 0, "sending": 0, "sent": len(ids), "failed": 0}
        counts = srv.count_by_client_id()
        assert {cid: counts.get(cid, 0) for cid in ids} == dict.fromkeys(ids, 1)  # nothing lost, nothing twice
        assert set(counts) == set(ids)
        # The kills really hit mid-send and after the server stored a report.
        assert sum(e.stage == "stalled" for e in proxy.events) >= 2
        assert sum(e.stage == "stored" and e.fault == "hold_response" for e in proxy.events) >= 2
