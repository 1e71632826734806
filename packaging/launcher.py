"""Entry script of the PyInstaller bundle: the same `bugzot` command as the pip install.

Kept outside the package so the frozen launcher imports ``bugzot_desktop`` as a
package (relative imports and ``__file__``-based resource lookup keep working).
"""

import multiprocessing

from bugzot_desktop.cli import main

if __name__ == "__main__":
    # A frozen app that ever spawns processes must call this first, or a child re-runs main().
    multiprocessing.freeze_support()
    raise SystemExit(main())
