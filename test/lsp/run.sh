#!/usr/bin/env bash
# The language server suite: a protocol client over stdio for every capability (test/lsp/lsp.test.ts) and, when
# test/lsp/neovim.test.ts is present, a real headless Neovim (Debian's neovim, installed here when missing, as root).
# Prints "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
if ! command -v nvim >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing neovim (apt-get)..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >&2 || echo "neovim install failed" >&2
fi
# Neovim is part of the suite: a missing nvim fails it instead of skipping the real-editor test.
BACKLOG_REQUIRE_NVIM=1 exec node scripts/vitest-summary.mjs -c vitest.servers.config.mts test/lsp
