#!/usr/bin/env bash
# System packages the suite and `make run` need, installed via apt when root and missing:
# Xvfb plus the two xcb libraries the Qt wheel's xcb plugin lacks, PostgreSQL 15
# for the server tests that start their own cluster, xdotool (window capture on X11
# asks it for the active window) and desktop-file-utils (validates the .desktop file).
set -euo pipefail
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
ldconfig -p | grep -q libxcb-icccm.so.4 || need+=(libxcb-icccm4)
ldconfig -p | grep -q libxcb-keysyms.so.1 || need+=(libxcb-keysyms1)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "sysdeps: missing ${need[*]}; install them with: sudo apt-get install ${need[*]}" >&2
  exit 0
fi
echo "sysdeps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
