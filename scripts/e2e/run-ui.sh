#!/usr/bin/env bash
# UI end-to-end tests in a real VS Code (code-server) driven by playwright-core + /usr/bin/chromium (offline).
#   bash scripts/e2e/run-ui.sh            (npm run test:ui)
# Builds nothing: run `npm run build` first (the tests install the unpacked extension: package.json, dist/, media/ ...).
# Env: UI_GREP=<substring> runs only matching tests; E2E_KEEP_TMP=1 keeps the temp profile/workspace/logs.
# Screenshots of failed tests: test-results/ui/. Details: docs/TESTING.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
bash scripts/e2e/install-code-server.sh "$ROOT/.e2e-cache/code-server"
TESTS=(test/e2e/*.test.js)
if [ ! -e "${TESTS[0]}" ]; then
  echo "SKIP: no test/e2e/*.test.js - no UI tests to run."
  exit 0
fi
MAIN="$(node -p 'require("./package.json").main || ""')"
if [ -n "$MAIN" ] && [ ! -e "$MAIN" ] && [ ! -e "$MAIN.js" ]; then
  echo "ERROR: the extension is not built ($MAIN is missing). Run: npm run build" >&2
  exit 1
fi
export CODE_SERVER_BIN="$ROOT/.e2e-cache/code-server/node_modules/.bin/code-server"   # installer already ran
# Each file starts its own workbench; the last line adds up their "N passed, N failed" lines.
pass=0; fail=0; rc=0
for t in "${TESTS[@]}"; do
  echo "--- $t"
  out="$(mktemp)"
  # A failing file must not stop the loop (set -e with pipefail would): the next files still run.
  r=0
  node "$t" "$@" 2>&1 | tee "$out" || r=${PIPESTATUS[0]}
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)"
  rm -f "$out"
  p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
  [ "$r" -ne 0 ] && rc=1
done
echo "${pass} passed, ${fail} failed"
if [ $((pass + fail)) -eq 0 ]; then echo "ERROR: no UI test ran${UI_GREP:+ (UI_GREP=$UI_GREP matches none)}" >&2; exit 1; fi
exit $rc
