#!/usr/bin/env bash
# `npm start`: try Backlog as Code in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in your browser, offline.
#   1. installs code-server once into .e2e-cache/code-server (about a minute the first time, <1 s afterwards)
#   2. npm run build, then copies the unpacked extension into .e2e-cache/start/extensions/
#   3. copies test/fixtures/sample/ to .e2e-cache/start/workspace/ the first time only (your edits survive restarts;
#      delete that folder to get the sample back)
#   4. serves VS Code on http://127.0.0.1:$PORT (default 8080, or a free port if 8080 is taken). Ctrl+C stops it.
#      The window opens on BACKLOG.md with its board beside it and the Backlog view (backlogAsCode.openOnStartup).
# Profile (settings, open editors) lives in .e2e-cache/start/data. Log: .e2e-cache/start/code-server.log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
START="$ROOT/.e2e-cache/start"
bash scripts/e2e/install-code-server.sh "$ROOT/.e2e-cache/code-server"
CS="$ROOT/.e2e-cache/code-server/node_modules/.bin/code-server"

npm run --silent build

mkdir -p "$START/extensions" "$START/data/User" "$START/xdg"
# install the freshly built extension as an unpacked folder <publisher>.<name>-<version>
node -e '
  const h = require("./scripts/e2e/ui-harness");
  try { const r = h.installUnpacked(".", process.argv[1]); console.log(`extension ${r.id} installed from ${process.cwd()}`); }
  catch (e) { console.log(`WARNING: extension not installed: ${e.message}`); }
' "$START/extensions"

if [ ! -d "$START/workspace" ]; then
  cp -r test/fixtures/sample "$START/workspace"
  echo "sample workspace copied to $START/workspace"
fi
# settings for a quiet, trusted profile; written once, so your own changes in the UI are kept
if [ ! -f "$START/data/User/settings.json" ]; then
  node -e 'const h = require("./scripts/e2e/ui-harness"); h.writeSettings(process.argv[1], h.BASE_SETTINGS);' "$START/data"
fi
# npm start shows every feature at once: the sample backlog in the editor, its board beside it and the Backlog view
# (backlogAsCode.openOnStartup; added once to the profile, so turning it off in the UI sticks)
node -e '
  const fs = require("fs"); const f = process.argv[1];
  try { const s = JSON.parse(fs.readFileSync(f, "utf8")); if (!("backlogAsCode.openOnStartup" in s)) { s["backlogAsCode.openOnStartup"] = true; fs.writeFileSync(f, JSON.stringify(s, null, 2) + "\n"); } }
  catch { /* settings with comments, edited by hand: leave them */ }
' "$START/data/User/settings.json"
echo "auth: none" > "$START/config.yaml"   # else code-server writes ~/.config/code-server/config.yaml

port_free() { node -e 'require("net").createServer().once("error",()=>process.exit(1)).listen(+process.argv[1],"127.0.0.1",function(){this.close()})' "$1"; }
if [ -n "${PORT:-}" ]; then
  port_free "$PORT" || { echo "ERROR: port $PORT (from \$PORT) is already in use" >&2; exit 1; }
elif port_free 8080; then
  PORT=8080
else
  PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi

LOG="$START/code-server.log"
: > "$LOG"
export EXTENSIONS_GALLERY='{}'   # no marketplace lookups (offline)
export XDG_DATA_HOME="$START/xdg" XDG_CONFIG_HOME="$START/xdg" XDG_CACHE_HOME="$START/xdg"
# setsid: code-server leads its own process group; the trap stops the whole group (file watcher, extension hosts)
setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none --config "$START/config.yaml" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$START/data" --extensions-dir "$START/extensions" "$START/workspace" >> "$LOG" 2>&1 &
CS_PID=$!
stop() {
  trap - INT TERM EXIT
  if kill -0 -- -"$CS_PID" 2>/dev/null; then
    echo; echo "stopping code-server ..."
    kill -TERM -- -"$CS_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- -"$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- -"$CS_PID" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

for _ in $(seq 300); do
  grep -q "HTTP server listening" "$LOG" && break
  kill -0 "$CS_PID" 2>/dev/null || { echo "ERROR: code-server exited; log $LOG:" >&2; tail -n 30 "$LOG" >&2; exit 1; }
  sleep 0.1
done
grep -q "HTTP server listening" "$LOG" || { echo "ERROR: code-server did not start in 30 s; log: $LOG" >&2; exit 1; }

URL="http://127.0.0.1:$PORT/?folder=$START/workspace"
CS_VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/.e2e-cache/code-server/node_modules/code-server/package.json")"
cat <<MSG

  ┌──────────────────────────────────────────────────────────────────────
  │ Backlog as Code is running in VS Code (code-server $CS_VERSION)
  │
  │   Open:  $URL
  │
  │ Workspace: $START/workspace  (kept between restarts)
  │ Log:       $LOG
  │ Press Ctrl+C to stop.
  └──────────────────────────────────────────────────────────────────────

MSG
wait "$CS_PID" || true
echo "code-server exited; log: $LOG"
