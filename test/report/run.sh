#!/usr/bin/env bash
# The HTML report in a real browser (Debian chromium + playwright-core + axe-core, offline). Prints "N passed, N failed".
#   bash test/report/run.sh [--docs]     (--docs: also refresh docs/screenshot-report-*.png)
# Results (screenshots, PDF, axe findings): test-results/report/. Installs Debian's chromium when missing (as root),
# or set CHROMIUM_PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ] && [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing chromium (apt-get)..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 || true
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ERROR: $CHROMIUM not found (apt-get install chromium, or set CHROMIUM_PATH)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
command -v git >/dev/null || { echo "ERROR: git not found" >&2; echo "0 passed, 1 failed"; exit 1; }
node esbuild.mjs >/dev/null
exec node test/report/report.browser.test.mjs "$@"
