"""`python -m bugzot_desktop` runs the same entry point as the `bugzot` command."""

import multiprocessing

from bugzot_desktop.cli import main

if __name__ == "__main__":
    # The image worker processes are spawned; a spawned child imports this module
    # as __mp_main__ and must not open the app again.
    multiprocessing.freeze_support()
    raise SystemExit(main())
