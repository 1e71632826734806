#!/usr/bin/env bash
# Make dist/bugzot-<version>-macos-<arch>.dmg from dist/BugZot.app (the BUNDLE step
# of packaging/bugzot.spec, which packaging/build.py runs on macOS).
#
# NOT RUN IN THIS REPOSITORY'S ENVIRONMENT (Linux only; hdiutil is macOS-only). The
# macos job of .github/workflows/build.yml runs it through packaging/build.py.
# The app is ad-hoc signed by PyInstaller only; notarization needs an Apple
# Developer ID and is not set up.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-python3}"
VERSION="$("$PY" -c 'from bugzot_desktop import __version__; print(__version__)')"
ARCH="$(uname -m)"
APP="dist/BugZot.app"
if [ ! -d "$APP" ]; then
  echo "make_dmg: $APP is missing; run: $PY packaging/build.py" >&2
  exit 1
fi
STAGE="build/dmg"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
# drag-to-install: the volume shows the app next to a link to /Applications
ln -s /Applications "$STAGE/Applications"
OUT="dist/bugzot-${VERSION}-macos-${ARCH}.dmg"
rm -f "$OUT"
hdiutil create -volname "BugZot ${VERSION}" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$OUT"
echo "$OUT"
