#!/usr/bin/env bash
# `make run`: the app with the bundled server (open mode, loopback, SQLite) for this
# session; the app stops the server when it closes. With no display, the app runs on
# a private Xvfb (no X authority needed to look at it) and this script says which one.
set -euo pipefail
PY=${1:-.venv/bin/python}
shift || true
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  fdfile=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$fdfile" 2>/dev/null &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null; rm -f "$fdfile"' EXIT
  for _ in $(seq 100); do [ -s "$fdfile" ] && break; sleep 0.1; done  # Xvfb writes its display number when ready
  [ -s "$fdfile" ] || { echo "run: Xvfb did not start" >&2; exit 1; }
  export DISPLAY=":$(head -n1 "$fdfile")"
  echo "run: no display found; the app runs on Xvfb $DISPLAY (screenshot: DISPLAY=$DISPLAY .venv/bin/bugzot capture -o shot.png)" >&2
fi
"$PY" -m bugzot_desktop --with-local-server "$@"
