"""`python -m bugzot_desktop` runs the same entry point as the `bugzot` command."""

from bugzot_desktop.cli import main

raise SystemExit(main())
