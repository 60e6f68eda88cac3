#!/usr/bin/env node
// Run an extension's mocha integration tests inside a REAL VS Code 1.100.3 node extension host (code-server), offline.
//
//   node scripts/e2e/run-integration.js --ext <extensionDir> --tests <compiled tests index, without .js>
//        --workspace <dir | file.code-workspace> [--settings <json file merged into User/settings.json>] [--timeout <seconds, default 300>]
//
// The tests module is the one @vscode/test-electron uses (exports run(): Promise<void>). The workbench is opened with
// ?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]; it forwards the extension host's console to
// window.codeAutomationLog and reports the result through window.codeAutomationExit(code), which becomes our exit code.
// Timeout → 124. The workspace dir is always copied to a temp dir first (committed fixtures are never modified).
// A `.code-workspace` file (multi-root workspace): its parent folder is copied instead, and the workbench opens the
// copied file with ?workspace= (code-server also gets the file as its default workspace) rather than ?folder=.
// Environment variables reach the extension host (e.g. MOCHA_GREP for test/integration/index.ts).
// Details: docs/TESTING.md, /work/shared/e2e/RECIPE.md §3.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./ui-harness');

// workbench chatter that is also forwarded to codeAutomationLog; E2E_VERBOSE=1 shows it
const NOISE = /^(Ignoring fetching additional builtin extensions|Creating a socket|Resolving connection token|Resolved connection token|\[Service Worker\]|ChatSessionStore:|Updating additional builtin extensions cache)/;

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    o[m[1]] = m[2] !== undefined ? m[2] : argv[++i];
  }
  for (const k of ['ext', 'tests', 'workspace']) if (!o[k]) throw new Error(`missing --${k}`);
  return o;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\nusage: node scripts/e2e/run-integration.js --ext <extensionDir> --tests <tests index without .js> --workspace <dir | file.code-workspace> [--settings <file.json>] [--timeout <s>]`);
    return 2;
  }
  const t0 = Date.now();
  const extDir = path.resolve(args.ext);
  const testsPath = path.resolve(args.tests).replace(/\.js$/, '');
  if (!fs.existsSync(testsPath + '.js')) { console.error(`tests module not found: ${testsPath}.js (build it first)`); return 2; }
  if (!fs.existsSync(path.join(extDir, 'package.json'))) { console.error(`no package.json in ${extDir}`); return 2; }
  const settings = args.settings ? JSON.parse(fs.readFileSync(args.settings, 'utf8')) : undefined;
  const timeoutMs = Number(args.timeout || 300) * 1000;

  // a folder, or a multi-root .code-workspace file (copied together with its parent folder, which holds its roots)
  const workspaceFile = /\.code-workspace$/i.test(args.workspace) ? path.resolve(args.workspace) : null;
  if (workspaceFile && !fs.statSync(workspaceFile, { throwIfNoEntry: false })?.isFile()) { console.error(`workspace file not found: ${workspaceFile}`); return 2; }
  const ws = h.copyWorkspace(workspaceFile ? path.dirname(workspaceFile) : args.workspace, '/tmp/e2e-it-ws-');
  const opened = workspaceFile ? path.join(ws, path.basename(workspaceFile)) : ws;   // what the workbench opens
  const server = await h.startCodeServer({ folder: opened, settings });
  let browser, code;
  const cleanup = async () => {
    // keep profile, logs and workspace of a failed run for debugging; remove them after a pass or Ctrl+C
    const remove = (code === 0 || code === 130) && !process.env.E2E_KEEP_TMP;
    if (browser) await browser.close().catch(() => {});
    await server.stop({ removeTmp: remove });
    if (remove) fs.rmSync(ws, { recursive: true, force: true });
  };
  h.onSignal(() => { code = 130; return cleanup(); });   // Ctrl+C: stop everything, remove the temp dirs
  try {
    console.log(`code-server pid ${server.pid} at ${server.base}, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (logs: ${server.tmp})`);
    const remote = p => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extDir)], ['extensionTestsPath', remote(testsPath)], ['skipWelcome', 'true']];
    if (process.env.EXT_KIND) payload.push(['extensionDevelopmentKind', process.env.EXT_KIND]);   // 'web' = web-worker host
    const url = `${server.base}/?${workspaceFile ? 'workspace' : 'folder'}=${encodeURIComponent(remote(opened))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await h.launchBrowser();
    const page = await browser.newPage();
    h.recordConsole(page, path.join(server.tmp, 'browser-console.log'));
    let finish;
    const done = new Promise(r => { finish = r; });
    // the workbench forwards extension-host console output here while the tests run ...
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      if (!process.env.E2E_VERBOSE && NOISE.test(String(parts[0]))) return;
      (type === 'error' ? console.error : console.log)(...parts);
    });
    // ... and calls this once the extension host exits after run() settled (0 = resolved, 1 = rejected/crashed)
    await page.exposeFunction('codeAutomationExit', c => finish(Number(c)));
    page.on('crash', () => { console.error('browser page crashed'); finish(1); });
    await page.goto(url);
    const timer = setTimeout(() => { console.error(`TIMEOUT: no result after ${timeoutMs / 1000} s`); finish(124); }, timeoutMs);
    code = await done;
    clearTimeout(timer);
  } catch (e) {
    console.error(e);
    code = 1;
  }
  await cleanup();
  console.log(`integration tests finished with exit code ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
    (code === 0 ? '' : ` (logs kept in ${server.tmp}, workspace ${ws})`));
  return code;
}

main().then(c => process.exit(c), e => { console.error(e); process.exit(1); });
