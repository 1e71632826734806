"""`python -m bugzot_server` is `bugzot-server`."""

import sys

from bugzot_server.cli import main

sys.exit(main())
