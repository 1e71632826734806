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
    return 0 if all(o.status in ("sent", "retry") for o in outs) else 1


if __name__ == "__main__":
    sys.exit(main())
