// UI end-to-end harness: a real VS Code 1.100.3 workbench (code-server) driven by playwright-core + /usr/bin/chromium.
// Works offline. Recipe and evidence: /work/shared/e2e/RECIPE.md; usage: docs/TESTING.md.
//
//   const h = require('../../scripts/e2e/ui-harness');
//   h.defineTests([
//     { name: 'tree shows items', fn: async ({ page }) => { await h.treeRows(page, 'Backlog').filter({ hasText: 'US-1' }).first().waitFor(); } },
//   ], { before: () => h.startWorkbench({ extensionDir: '.', workspaceFixtureDir: 'test/fixtures/e2e' }) });
//
// Every wait here is an auto-waiting locator or a poll with a deadline: never count()/isVisible() right after an action
// (squiggles, tree rows and toasts appear a moment after the thing that causes them).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const CACHE = process.env.E2E_CACHE || path.join(REPO, '.e2e-cache');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Settings for a fresh profile: no trust dialog, no welcome/walkthrough tabs, no telemetry/update/marketplace noise. */
const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
};

/** Files and folders of an unpacked extension that are copied into an extensions dir (plus main/browser entry dirs). */
const EXTENSION_ENTRIES = ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt',
  'dist', 'media', 'syntaxes', 'snippets', 'schemas', 'images', 'icons', 'resources', 'language-configuration.json'];

const log = (...a) => { if (!process.env.E2E_QUIET) console.log('[e2e]', ...a); };
const sleep = ms => new Promise(r => setTimeout(r, ms));

// Ctrl+C / SIGTERM / SIGHUP: run the registered cleanups (close chromium, stop the code-server process group, remove
// temp dirs), newest first, then exit 128+n. chromium is launched with playwright's own signal handling off, because
// playwright would otherwise exit the process before these async cleanups finish.
const cleanups = new Set();
let signalsHooked = false;
let interrupted = false;   // set on a signal: defineTests then neither runs more tests nor exits by itself
function onSignal(fn) {
  cleanups.add(fn);
  if (!signalsHooked) {
    signalsHooked = true;
    for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
      process.once(sig, async () => {
        interrupted = true;
        console.error(`\n${sig}: stopping chromium and code-server`);
        for (const f of [...cleanups].reverse()) { try { await f(); } catch { /* keep going */ } }
        process.exit(code);
      });
    }
  }
  return () => cleanups.delete(fn);
}

/** Path of the cached code-server binary; runs the (idempotent, <1 s when cached) installer first. */
function ensureCodeServer() {
  if (process.env.CODE_SERVER_BIN) return process.env.CODE_SERVER_BIN;
  const dest = path.join(CACHE, 'code-server');
  const r = spawnSync('bash', [path.join(__dirname, 'install-code-server.sh'), dest], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`install-code-server.sh failed (exit ${r.status})`);
  return path.join(dest, 'node_modules', '.bin', 'code-server');
}

function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(0, host, () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** Merge settings into <userDataDir>/User/settings.json (plain JSON, later keys win). */
function writeSettings(userDataDir, ...layers) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current = {};
  try { current = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* new or not plain JSON */ }
  fs.writeFileSync(file, JSON.stringify(Object.assign(current, ...layers.filter(Boolean)), null, 2) + '\n');
  return file;
}

/** Copy a directory (e.g. a committed fixture) to a fresh temp dir: tests never modify committed files. */
function copyWorkspace(fixtureDir, prefix = '/tmp/e2e-ws-') {
  const ws = fs.mkdtempSync(prefix);
  if (fixtureDir) fs.cpSync(path.resolve(fixtureDir), ws, { recursive: true });
  return ws;
}

/** `<publisher>.<name>-<version>` from an extension's package.json. */
function extensionFolderName(extensionDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  return { id: `${pkg.publisher}.${pkg.name}`, folder: `${pkg.publisher}.${pkg.name}-${pkg.version}`, pkg };
}

/**
 * Install an unpacked extension by copying it into an --extensions-dir as `<publisher>.<name>-<version>`.
 * Older copies of the same extension and the extensions.json index are removed, so the folder is scanned afresh.
 */
function installUnpacked(extensionDir, extensionsDir) {
  extensionDir = path.resolve(extensionDir);
  const { id, folder, pkg } = extensionFolderName(extensionDir);
  const entry = pkg.main && path.join(extensionDir, pkg.main);
  if (entry && !fs.existsSync(entry) && !fs.existsSync(entry + '.js')) {
    throw new Error(`${id}: main entry ${pkg.main} does not exist in ${extensionDir} (build it first: npm run build)`);
  }
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const f of fs.readdirSync(extensionsDir)) {
    if (f.toLowerCase().startsWith(id.toLowerCase() + '-')) fs.rmSync(path.join(extensionsDir, f), { recursive: true, force: true });
  }
  for (const f of ['extensions.json', '.obsolete']) fs.rmSync(path.join(extensionsDir, f), { force: true });
  const target = path.join(extensionsDir, folder);
  const entries = new Set(EXTENSION_ENTRIES);
  for (const main of [pkg.main, pkg.browser].filter(Boolean)) entries.add(path.normalize(main).split(path.sep)[0]);
  for (const e of entries) {
    const src = path.join(extensionDir, e);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(target, e), { recursive: true });
  }
  return { id, dir: target };
}

/**
 * Start code-server in its own process group on a free loopback port with a fresh profile.
 * Returns { base, port, pid, tmp, userDataDir, extensionsDir, logFile, stop() }.
 * opts: { folder, settings, extensionDir, vsixPath, env, port, keepTmp }
 */
async function startCodeServer(opts = {}) {
  const bin = ensureCodeServer();
  const tmp = fs.mkdtempSync('/tmp/e2e-cs-');   // short: code-server puts an IPC socket in the user-data-dir
  const userDataDir = path.join(tmp, 'data');
  const extensionsDir = path.join(tmp, 'ext');
  const xdg = path.join(tmp, 'xdg');            // keeps heartbeat, coder-logs and deviceid out of $HOME
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeSettings(userDataDir, BASE_SETTINGS, opts.settings);
  const config = path.join(tmp, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');      // else code-server writes ~/.config/code-server/config.yaml
  const env = { ...process.env, EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}',
    XDG_DATA_HOME: xdg, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg, ...opts.env };
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (opts.extensionDir) installUnpacked(opts.extensionDir, extensionsDir);
  if (opts.vsixPath) {
    const r = spawnSync(bin, [...common, '--install-extension', path.resolve(opts.vsixPath)], { env, encoding: 'utf8' });
    if (r.status !== 0 || !/successfully installed/.test(r.stdout)) throw new Error(`--install-extension failed:\n${r.stdout}${r.stderr}`);
  }

  const port = opts.port || await freePort();
  const logFile = path.join(tmp, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', ...common];
  if (opts.folder) args.push(opts.folder);
  // detached: code-server leads its own process group, so killing -pid also ends the file watcher, the extension
  // hosts and the language servers it starts (killing only the top process leaves them running for hours)
  const cs = spawn(bin, args, { stdio: ['ignore', out, out], detached: true, env });
  fs.closeSync(out);
  let exited = null;
  cs.on('exit', (code, signal) => { exited = { code, signal }; });

  let stopped = false;
  const killGroup = sig => { try { process.kill(-cs.pid, sig); return true; } catch { return false; } };
  const onExit = () => { if (!stopped) killGroup('SIGKILL'); };   // last resort if the caller forgot stop()
  process.on('exit', onExit);
  const unhook = onSignal(() => stop());
  const stop = async ({ removeTmp = !opts.keepTmp && !process.env.E2E_KEEP_TMP } = {}) => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    unhook();
    if (killGroup('SIGTERM')) {
      for (let i = 0; i < 50 && killGroup(0); i++) await sleep(100);   // signal 0: is any group member still alive?
      killGroup('SIGKILL');
    }
    if (removeTmp) fs.rmSync(tmp, { recursive: true, force: true });
  };

  // "HTTP server listening" is logged once the port accepts connections
  const deadline = Date.now() + 60000;
  for (;;) {
    const text = fs.readFileSync(logFile, 'utf8');
    if (text.includes('HTTP server listening')) break;
    if (exited || Date.now() > deadline) {
      await stop({ removeTmp: false });
      throw new Error(`code-server did not start (${exited ? `exit ${exited.code}` : 'timeout'}); log: ${logFile}\n${text.slice(-2000)}`);
    }
    await sleep(100);
  }
  return { base: `http://127.0.0.1:${port}`, port, pid: cs.pid, tmp, userDataDir, extensionsDir, logFile, stop };
}

async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (install-code-server.sh does it)`);
  const { chromium } = require('playwright-core');
  // NO --user-data-dir: playwright rejects it and makes a temporary profile itself
  // chromium's crashpad writes $XDG_CONFIG_HOME/chromium/Crash Reports: keep that out of $HOME
  const xdg = path.join(os.tmpdir(), 'e2e-chromium-xdg');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });   // see onSignal()
}

/** Forward browser console errors (and page crashes) to a file, for debugging failed runs. */
function recordConsole(page, file) {
  page.on('console', m => { if (m.type() === 'error') fs.appendFileSync(file, `[console.error] ${m.text()}\n`); });
  page.on('pageerror', e => fs.appendFileSync(file, `[pageerror] ${e.message}\n`));
}

/**
 * Start code-server with the extension installed and a fresh copy of a fixture workspace, open the workbench in
 * headless chromium and wait until the explorer shows the folder.
 * opts: { extensionDir | vsixPath, workspaceFixtureDir, settings, theme, env, viewport, keepTmp }
 * Returns { page, browser, base, wsDir, server, close() }.
 */
async function startWorkbench(opts = {}) {
  const t0 = Date.now();
  const wsDir = copyWorkspace(opts.workspaceFixtureDir);
  const settings = { ...opts.settings };
  if (opts.theme) settings['workbench.colorTheme'] = opts.theme;
  let server, browser;
  try {
    server = await startCodeServer({ folder: wsDir, settings, extensionDir: opts.extensionDir, vsixPath: opts.vsixPath,
      env: opts.env, keepTmp: opts.keepTmp });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: opts.viewport || { width: 1400, height: 900 } });
    recordConsole(page, path.join(server.tmp, 'browser-console.log'));
    await page.goto(`${server.base}/?folder=${encodeURIComponent(wsDir)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 30000 });
    log(`workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${server.base} (workspace ${wsDir}, logs ${server.tmp})`);
    let closed = false;
    const unhook = onSignal(() => close());
    const close = async () => {
      if (closed) return;
      closed = true;
      unhook();
      await browser.close().catch(() => {});
      await server.stop();
      if (!opts.keepTmp && !process.env.E2E_KEEP_TMP) fs.rmSync(wsDir, { recursive: true, force: true });
    };
    return { page, browser, base: server.base, wsDir, server, close };
  } catch (e) {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop({ removeTmp: false });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// helpers for tests

const escapeRe = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quickInput = page => page.locator('.quick-input-widget .quick-input-box input');

/**
 * Run a command from the palette (F1) by its title as shown there ('Category: Title', e.g. 'Backlog: Open Board').
 * Waits for a row containing the text; if a row's label is exactly the title it wins (so 'X: Open' does not run
 * 'X: Open Board'), else the first matching row runs (built-ins like 'View: Focus Problems' carry a suffix).
 * Returns when the palette closed or the command replaced it with its own quick pick / input box.
 */
async function runCommand(page, title, { timeout = 15000 } = {}) {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill('>' + title);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const any = rows.filter({ hasText: title }).first();
  // right after startup the extension's commands may not be registered yet when the palette filters: re-type until
  // the row shows up
  const end = Date.now() + timeout;
  for (;;) {
    const found = await any.waitFor({ timeout: Math.max(1, Math.min(2000, end - Date.now())) }).then(() => true, e => e);
    if (found === true) break;
    if (Date.now() >= end) throw found;
    await input.fill('>');
    await input.fill('>' + title);
  }
  // the list is filtered synchronously on input, so once one match is rendered all matches are
  const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`) }) }).first();
  await ((await exact.count()) > 0 ? exact : any).click();
  // done when the palette closed, or when the command opened its own quick pick/input box in the same widget
  await page.waitForFunction(v => {
    const i = document.querySelector('.quick-input-widget .quick-input-box input');
    return !i || i.offsetParent === null || i.value !== v;
  }, '>' + title, { timeout });
}

/** Open a workspace file via Quick Open (Control+P) and wait until its editor tab is active. */
async function openFile(page, name, { timeout = 15000 } = {}) {
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(name);
  const base = path.basename(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout });
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ timeout });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout });
}

/** The `.pane` of a view by its visible title (e.g. 'Backlog Items'), without opening it. */
function viewPane(page, title) {
  const header = page.locator('.pane-header', { hasText: title }).first();
  return { header, pane: page.locator('.pane', { has: header }).first() };
}

/**
 * Make a view visible and expanded. Views in the explorer or a view container start collapsed in a fresh profile.
 * If the pane is not on screen yet (other view container), runs the view's "Focus on <title> View" command.
 */
async function focusView(page, title, { timeout = 15000 } = {}) {
  const { header, pane } = viewPane(page, title);
  const visible = await header.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false);
  if (!visible) {
    await runCommand(page, `Focus on ${title} View`, { timeout });
    await header.waitFor({ state: 'visible', timeout });
  }
  if ((await header.getAttribute('aria-expanded')) === 'false') {
    await header.click();
    await page.mouse.move(0, 0);   // the pointer would otherwise rest on the new rows and pop up tree item hovers
  }
  await page.waitForFunction(h => h.getAttribute('aria-expanded') !== 'false', await header.elementHandle(), { timeout });
  return pane;
}

/**
 * Locator of the tree rows of a view (expands it first). Rows are matched by visible text: a row's aria-label is the
 * TreeItem tooltip when one is set. Use `.filter({ hasText })`, `.first().waitFor()`, `allInnerTexts()` after a waitFor.
 */
async function treeRows(page, paneTitle, opts) {
  const pane = await focusView(page, paneTitle, opts);
  return pane.locator('.monaco-list-row[role="treeitem"]');
}

/** Opens the Problems panel and returns the locator of its rows (each row's innerText: message, source, [Ln, Col]). */
async function problemsRows(page, { timeout = 15000 } = {}) {
  const panel = page.locator('.markers-panel');
  const shown = await panel.waitFor({ state: 'visible', timeout: 500 }).then(() => true, () => false);
  if (!shown) await runCommand(page, 'View: Focus Problems', { timeout });
  await panel.waitFor({ state: 'visible', timeout });
  return panel.locator('.monaco-list-row');
}

/**
 * The document inside a webview (panel or view): outer `iframe.webview.ready` (served by code-server itself) →
 * inner `#active-frame`. With several webviews open, picks the visible one, or `{ nth }` among the ready ones.
 */
function webviewFrame(page, { nth } = {}) {
  const outer = nth === undefined ? 'iframe.webview.ready >> visible=true >> nth=0' : `iframe.webview.ready >> nth=${nth}`;
  return page.frameLocator(outer).frameLocator('#active-frame');
}

/**
 * Text of the active editor as rendered (only the lines on screen; non-breaking spaces normalised to spaces).
 * `{ contains }` waits until the text contains that string.
 */
async function editorText(page, { contains, timeout = 15000 } = {}) {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  if (contains) await lines.filter({ hasText: contains }).waitFor({ timeout });
  else await lines.waitFor({ timeout });
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Wait until fn() returns a truthy value (polling), e.g. a file on disk changed. Returns that value. */
async function waitUntil(fn, { timeout = 15000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await sleep(interval);
  }
}

/**
 * Screenshot after 500 ms (toasts and hovers slide in). Creates the folder. A screenshot meant for docs/ goes to
 * test-results/ui/docs/ unless UPDATE_DOCS_SCREENSHOTS=1: a test run must not change tracked files (a clean clone
 * stays clean after `npm test`); refresh the docs' pictures on purpose, look at them, and commit them.
 */
async function screenshot(page, file) {
  const docs = path.join(REPO, 'docs') + path.sep;
  if (path.resolve(file).startsWith(docs) && process.env.UPDATE_DOCS_SCREENSHOTS !== '1') {
    file = path.join(REPO, 'test-results', 'ui', 'docs', path.relative(docs, path.resolve(file)));
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.waitForTimeout(500);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Tiny sequential test runner. tests: [{ name, fn(ctx), timeout? }]. opts: { before() → ctx, after(ctx),
 * screenshotDir (default test-results/ui; a FAIL leaves <name>.png there), timeout (default 120000 per test) }.
 * Prints `PASS name` / `FAIL name` and a final plain line `N passed, N failed`; exits 0 only if all passed.
 * Env UI_GREP=<substring> runs only matching tests.
 */
function defineTests(tests, opts = {}) {
  const screenshotDir = opts.screenshotDir || path.join(REPO, 'test-results', 'ui');
  const grep = process.env.UI_GREP;
  const selected = tests.filter(t => !grep || t.name.includes(grep));
  if (selected.length === 0) {
    // Nothing of this file matches UI_GREP: no workbench (run-ui.sh fails when no file ran any test).
    console.log('0 passed, 0 failed');
    return;
  }
  const run = async () => {
    const t0 = Date.now();
    let passed = 0, failed = 0, ctx;
    const fail = (name, e) => {
      failed++;
      console.log(`FAIL ${name}`);
      console.log(String((e && e.stack) || e).replace(/\u001b\[[0-9;]*m/g, '').replace(/^/gm, '    '));
    };
    try {
      ctx = opts.before ? await opts.before() : {};
    } catch (e) {
      fail('before all', e);
      for (const t of selected) fail(t.name, 'not run: before all failed');
      failed--;   // 'before all' itself is not a test
    }
    if (ctx !== undefined) {
      for (const t of selected) {
        if (interrupted) break;
        const start = Date.now();
        let timer;
        try {
          await Promise.race([
            Promise.resolve().then(() => t.fn(ctx)),
            new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test timed out after ${t.timeout || opts.timeout || 120000} ms`)), t.timeout || opts.timeout || 120000); }),
          ]);
          passed++;
          console.log(`PASS ${t.name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
        } catch (e) {
          if (interrupted) break;   // the page was closed under the test by the signal handler
          fail(t.name, e);
          if (ctx && ctx.page) {
            const file = path.join(screenshotDir, t.name.replace(/[^\w.-]+/g, '_') + '.png');
            await screenshot(ctx.page, file).then(f => console.log(`    screenshot: ${f}`), () => {});
            // leave no palette/quick pick open for the next test
            await ctx.page.keyboard.press('Escape').catch(() => {});
            await ctx.page.keyboard.press('Escape').catch(() => {});
          }
        } finally {
          clearTimeout(timer);
        }
      }
    }
    if (interrupted) return;   // the signal handler cleans up and exits 130
    if (opts.after || (ctx && ctx.close)) {
      try { await (opts.after ? opts.after(ctx) : ctx.close()); } catch (e) { console.log(`after all failed: ${e.message}`); }
    }
    log(`ui tests done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed || passed === 0 ? 1 : 0);
  };
  run().catch(e => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
}

module.exports = {
  BASE_SETTINGS, CHROMIUM_ARGS, REPO, CACHE,
  onSignal, ensureCodeServer, freePort, writeSettings, copyWorkspace, installUnpacked, extensionFolderName,
  startCodeServer, launchBrowser, recordConsole, startWorkbench,
  runCommand, openFile, viewPane, focusView, treeRows, problemsRows, webviewFrame, editorText, waitUntil, screenshot,
  defineTests, sleep,
};
