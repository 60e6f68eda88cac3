// Harness for the board's real-browser tests: builds the board bundle into a temp dir, serves the page that
// `boardHtml` produces (same CSP as in VS Code) from a fake origin through playwright's request routing, and
// stands in for VS Code with a FAKE HOST: `acquireVsCodeApi()` records postMessage calls and keeps setState's
// state, and the test posts host messages into the page as `message` events. No network: any other request fails
// the test that made it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { copyCodicons } from '../../scripts/copy-codicons.mjs';
import { THEMES } from './fixtures.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(ROOT, 'test-results', 'webview');
const ORIGIN = 'https://board.test';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds board.js (as esbuild.mjs does), the HTML shell module and the codicons into a temp dir. */
export async function build() {
  const dir = mkdtempSync(join(tmpdir(), 'board-webview-'));
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/webview/board.ts')],
    outfile: join(dir, 'board.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: 'inline',
    logLevel: 'silent',
    legalComments: 'none',
  });
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/shared/board-html.ts')],
    outfile: join(dir, 'board-html.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  copyCodicons(join(dir, 'codicons'));
  const { boardHtml } = await import(pathToFileURL(join(dir, 'board-html.mjs')).href);
  const files = new Map([
    ['/board.js', { body: readFileSync(join(dir, 'board.js')), type: 'text/javascript' }],
    ['/board.css', { body: readFileSync(join(ROOT, 'media/board.css')), type: 'text/css' }],
    ['/codicons/codicon.css', { body: readFileSync(join(dir, 'codicons/codicon.css')), type: 'text/css' }],
    ['/codicons/codicon.ttf', { body: readFileSync(join(dir, 'codicons/codicon.ttf')), type: 'font/ttf' }],
  ]);
  return { dir, files, boardHtml, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launch() {
  const xdg = join(tmpdir(), 'board-webview-chromium-xdg');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg } });
}

/**
 * Opens the board in a fresh page. opts: { state, width, height, theme: 'dark'|'light'|'highContrast', hasTouch }.
 * Returns a page with helpers: post(msg), posted(), clearPosted(), state(), errors, requests, violations().
 */
export async function openBoard(browser, built, opts = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1000, height: opts.height ?? 700 }, hasTouch: !!opts.hasTouch, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  const external = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  const nonce = randomBytes(16).toString('base64url');
  const html = built.boardHtml({
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/board.js`,
    styleUri: `${ORIGIN}/board.css`,
    codiconsUri: `${ORIGIN}/codicons/codicon.css`,
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === ORIGIN && url.pathname === '/') return route.fulfill({ body: html, contentType: 'text/html' });
    const file = url.origin === ORIGIN ? built.files.get(url.pathname) : undefined;
    if (file) return route.fulfill({ body: file.body, contentType: file.type });
    external.push(url.href);
    return route.abort();
  });
  await page.addInitScript((initial) => {
    const w = window;
    w.__posted = [];
    w.__state = initial === null ? undefined : initial;
    w.__violations = [];
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      // postMessage structured-clones in VS Code; a JSON round trip also catches functions and DOM nodes.
      return {
        postMessage: (m) => void w.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => w.__state,
        setState: (s) => {
          w.__state = JSON.parse(JSON.stringify(s));
          return s;
        },
      };
    };
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  }, opts.state ?? null);
  await page.goto(`${ORIGIN}/`);
  await applyTheme(page, opts.theme ?? 'dark');
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'webviewDidLoad'));
  return Object.assign(page, {
    errors,
    external,
    post: (msg) => page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), msg),
    posted: () => page.evaluate(() => window.__posted),
    clearPosted: () => page.evaluate(() => void (window.__posted = [])),
    state: () => page.evaluate(() => window.__state),
    violations: () => page.evaluate(() => window.__violations),
    closeAll: () => context.close(),
  });
}

/** Sets the theme's variables on <html> and its class on <body>, as VS Code does (CSSOM, which the CSP allows). */
export async function applyTheme(page, name) {
  const theme = THEMES[name];
  await page.evaluate(({ vars, bodyClass, background }) => {
    const root = document.documentElement;
    // A theme switch replaces every variable, as VS Code does (leftovers would mix two themes).
    for (const k of [...root.style]) if (k.startsWith('--vscode-')) root.style.removeProperty(k);
    for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
    // The editor behind the webview (the webview's own background is transparent).
    root.style.background = background;
    document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
    document.body.classList.add(bodyClass);
  }, theme);
}

/** Polls `fn` (in node) until it returns a truthy value; throws with `what` after `ms`. */
export async function until(fn, what, ms = 3000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the fake host received a message of `type`; returns the last such message. */
export async function waitPosted(page, type, ms = 3000) {
  return until(async () => (await page.posted()).filter((m) => m.type === type).pop(), `a posted ${type}`, ms);
}

export function ensureResults() {
  mkdirSync(RESULTS, { recursive: true });
  return RESULTS;
}
