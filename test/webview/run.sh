#!/usr/bin/env bash
# The board webview in a real browser (Debian chromium + playwright-core, offline). Prints "N passed, N failed".
#   bash test/webview/run.sh [name filter]
# Screenshots: test-results/webview/. Needs /usr/bin/chromium (apt-get install chromium) or CHROMIUM_PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "ERROR: $CHROMIUM not found (apt-get install chromium, or set CHROMIUM_PATH)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
exec node test/webview/board.browser.test.mjs "$@"
