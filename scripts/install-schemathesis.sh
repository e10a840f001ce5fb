#!/usr/bin/env bash
# Installs schemathesis (PyPI) into a virtualenv under .tools/, once; npm run test:api uses it.
# Pinned so that a CI run generates the same requests as the developer's run with the same seed.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="4.32.5"
VENV=".tools/schemathesis-venv"
if [ -x "$VENV/bin/st" ] && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('schemathesis') != '$VERSION')" 2>/dev/null; then
  echo "schemathesis $VERSION already in $VENV"
  exit 0
fi
# Debian ships venv's pip bootstrap apart (python3-venv); CI runs as root and may install it.
if ! python3 -c "import ensurepip" 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update && apt-get install -y --no-install-recommends python3-venv
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
"$VENV/bin/st" --version
