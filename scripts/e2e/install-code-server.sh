#!/usr/bin/env bash
# Idempotent, offline-friendly install of code-server (= VS Code 1.100.3 server + web workbench) from the npm registry,
# plus the Debian packages it needs (native-module headers, ripgrep) and /usr/bin/chromium for playwright-core.
#
#   bash scripts/e2e/install-code-server.sh [DEST]        (default DEST: .e2e-cache/code-server, git-ignored)
#
# The cache is keyed on the code-server version AND the Node major version (VS Code's native modules are compiled
# for the running Node ABI). A matching cache returns in well under a second; a mismatch wipes DEST and rebuilds
# (~75-120 s). Safe to run concurrently: a lock file serialises installs into the same DEST.
# Recipe and evidence: /work/shared/e2e/RECIPE.md (section 1); docs/TESTING.md.
set -euo pipefail
CS_VERSION="${CS_VERSION:-4.100.3}"          # newest code-server whose engines.node is 20 (bundles VS Code 1.100.3)
DEST_ARG="${1:-.e2e-cache/code-server}"
mkdir -p "$DEST_ARG"
DEST="$(cd "$DEST_ARG" && pwd)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
KEY="code-server@$CS_VERSION node$NODE_MAJOR $(uname -m)"
STAMP="$DEST/.install-key"
BIN="$DEST/node_modules/.bin/code-server"
CS="$DEST/node_modules/code-server"

cached() { [ -x "$BIN" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ]; }
if cached; then echo "code-server cache hit: $KEY in $DEST"; exit 0; fi

# serialise concurrent installs (e.g. `npm start` and `npm run test:integration` started together)
exec 9>"$DEST.lock"
if ! flock -n 9; then echo "waiting for another install into $DEST ..."; flock 9; fi
if cached; then echo "code-server cache hit: $KEY in $DEST"; exit 0; fi

T0=$(date +%s)
echo "installing $KEY into $DEST (one-off, about 2 minutes) ..."

# 1. system packages: headers for native modules, ripgrep (replaces @vscode/ripgrep's GitHub download), chromium
APT_PKGS=(libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev ripgrep chromium)
if ! dpkg -s "${APT_PKGS[@]}" >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # another apt/dpkg (e.g. an unattended install) may hold the lock: wait for it instead of failing
  for _ in $(seq 600); do
    if command -v fuser >/dev/null && fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; then sleep 1; else break; fi
  done
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${APT_PKGS[@]}" >/dev/null
fi

# a stale install for another key (other Node ABI / version) is removed, not patched
rm -rf "$DEST/node_modules" "$DEST/package-lock.json" "$STAMP"
cd "$DEST"
echo '{ "private": true }' > package.json
# 2. code-server itself, without its postinstall (which would download things)
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION"

# 3. VS Code's own dependencies; native modules build against /usr headers (npmrc nodedir=/usr)
cd "$CS/lib/vscode"
npm install --unsafe-perm --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild --unsafe-perm

# 4. what code-server's postinstall.sh would do
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --unsafe-perm --omit=dev --no-audit --no-fund)

# 5. code-server's own native module (password hashing; loaded at startup even with --auth none)
cd "$DEST"
npm_config_yes=true npm rebuild argon2

# --version without XDG_* would write ~/.config/code-server/config.yaml and ~/.local/share/code-server/coder-logs
XDG_TMP="$(mktemp -d /tmp/cs-ver-XXXXXX)"
VERSION_LINE="$(XDG_CONFIG_HOME="$XDG_TMP" XDG_DATA_HOME="$XDG_TMP" XDG_CACHE_HOME="$XDG_TMP" "$BIN" --version | tail -n 1)"
rm -rf "$XDG_TMP"
echo "$VERSION_LINE"
case "$VERSION_LINE" in "$CS_VERSION "*) ;; *) echo "unexpected code-server version: $VERSION_LINE" >&2; exit 1;; esac
echo "$KEY" > "$STAMP"
echo "code-server installed in $(( $(date +%s) - T0 )) s: $DEST"
