#!/usr/bin/env bash
# `make run`: the app with the bundled server (open mode, loopback, SQLite) for this
# session; the app stops the server when it closes. With no display, the app runs
# on a private Xvfb and this script says which DISPLAY to look at.
set -euo pipefail
PY=${1:-.venv/bin/python}
shift || true
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; starting the app on Xvfb (see the DISPLAY it prints; screenshot with: import -display \$DISPLAY -window root shot.png)" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" bash -c 'echo "run: DISPLAY=$DISPLAY" >&2; exec "$0" -m bugzot_desktop --with-local-server "$@"' "$PY" "$@"
fi
exec "$PY" -m bugzot_desktop --with-local-server "$@"
