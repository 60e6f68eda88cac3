#!/usr/bin/env bash
# The integration runs in a real VS Code (code-server), offline: the single-folder suite on test/fixtures/integration
# the multi-root suite on test/fixtures/multiroot/multiroot.code-workspace and the workspace-index suite on
# test/fixtures/workspace (INTEGRATION_SUITE selects the test
# files, see test/integration/index.ts). Builds the tests (not the extension: run `npm run build` first), installs
# code-server if needed, runs both even if the first fails, and ends with one line "total: N passed, N failed".
# Used by `npm run test:integration` and scripts/test-all.sh. Extra arguments go to both runs (e.g. --timeout 600).
set -uo pipefail
cd "$(dirname "$0")/../.."
node scripts/e2e/build-integration.mjs || exit 1
bash scripts/e2e/install-code-server.sh "$PWD/.e2e-cache/code-server" >/dev/null || exit 1

pass=0; fail=0; rc=0
# suite NAME WORKSPACE: one run; adds its "N passed, N failed" line (a run without one counts as 1 failed)
suite() {
  local name="$1" workspace="$2" log
  log=$(mktemp /tmp/e2e-it-log-XXXXXX)
  echo "--- integration suite '$name' ($workspace)"
  INTEGRATION_SUITE="$name" node scripts/e2e/run-integration.js --ext . --tests out/test/integration/index --workspace "$workspace" "${@:3}" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]} line p=0 f=0
  line=$(grep -aE '(^|: )[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  rm -f "$log"
  if [ -n "$line" ]; then
    p=$(sed -E 's/(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
    f=$(sed -E 's/(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<<"$line")
  fi
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  [ "$code" -ne 0 ] && rc=1
  pass=$((pass + p)); fail=$((fail + f))
}

suite folder test/fixtures/integration "$@"
suite multiroot test/fixtures/multiroot/multiroot.code-workspace "$@"
suite workspace test/fixtures/workspace "$@"
echo "total: $pass passed, $fail failed"
exit $rc
