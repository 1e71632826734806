"""A client process for the kill tests: flush the outbox once through the given URL, then exit.

``python flush_child.py DATA_DIR URL`` — prints one line per outcome (for debugging).
"""

from __future__ import annotations

import sys

from bugzot_desktop.core import delivery
from bugzot_desktop.core.client import SubmitClient
from bugzot_desktop.core.outbox import Outbox
from bugzot_desktop.core.settings import Settings


def main() -> int:
    data_dir, url = sys.argv[1], sys.argv[2]
    outbox = Outbox(data_dir)  # recovers claims of killed predecessors
    settings = Settings(max_edge=400)
    outs = delivery.deliver_due(
        outbox,
        lambda: SubmitClient(url, connect_timeout=1, read_timeout=3),
        settings,
        ignore_backoff=True,
        on_outcome=lambda o: print(o.status, o.client_id, flush=True),
    )
    failed = [o for o in outs if o.status == "failed"]  # busy (another client has it) is fine
    for o in failed:
        print(f"failed {o.client_id}: {o.message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
