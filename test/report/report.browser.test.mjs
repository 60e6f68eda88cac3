// The HTML report in a real browser (Debian chromium + playwright-core, offline): it renders, loads nothing, runs
// nothing, follows the colour scheme, prints to PDF, and axe-core finds no serious accessibility violation.
// The report is made the way users make it: the bundled CLI (dist/cli.js) in a real git repository whose history
// moves, adds, removes and re-estimates items. Prints "N passed, N failed".
//   node test/report/report.browser.test.mjs [--docs]     (--docs: also refresh the screenshots in docs/)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(ROOT, 'test-results', 'report');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'report');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ORIGIN = 'https://report.test';
const DOCS = process.argv.includes('--docs');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

mkdirSync(RESULTS, { recursive: true });

// ---------------------------------------------------------------------------------------------- the report

/** A repository with the fixture's earlier version tagged `sprint-4-start`, and the current one on disk. */
function makeReport() {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'backlog-report-')));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'PO',
    GIT_AUTHOR_EMAIL: 'po@example.invalid',
    GIT_COMMITTER_NAME: 'PO',
    GIT_COMMITTER_EMAIL: 'po@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_DATE: '2026-10-05T09:00:00Z',
    GIT_COMMITTER_DATE: '2026-10-05T09:00:00Z',
  };
  const git = (...args) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'BACKLOG.md'), readFileSync(join(FIXTURES, 'BACKLOG.v1.md')));
  git('add', 'BACKLOG.md');
  git('commit', '-q', '-m', 'Sprint 4 planning');
  git('tag', 'sprint-4-start');
  writeFileSync(join(repo, 'BACKLOG.md'), readFileSync(join(FIXTURES, 'BACKLOG.md')));
  git('commit', '-q', '-am', 'Refinement');
  const out = join(RESULTS, 'report.html');
  // 2026-10-08: in the middle of Sprint 4.
  execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'report', 'BACKLOG.md', '-o', out, '--since', 'sprint-4-start'], {
    cwd: repo,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(Date.UTC(2026, 9, 8) / 1000) },
  });
  rmSync(repo, { recursive: true, force: true });
  return readFileSync(out, 'utf8');
}

// ---------------------------------------------------------------------------------------------- harness

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function equal(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\n  expected ${e}\n  actual   ${a}`);
}

/** A page showing the report at https://report.test/, recording every request, console message and dialog. */
async function open(browser, html, { colorScheme = 'light', bypassCSP = false, width = 1100 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP });
  const page = await context.newPage();
  const seen = { requests: [], console: [], dialogs: [], errors: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    seen.requests.push(url);
    if (url === `${ORIGIN}/report.html`) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    return route.abort();
  });
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.goto(`${ORIGIN}/report.html`, { waitUntil: 'load' });
  return { page, seen, close: () => context.close() };
}

// ---------------------------------------------------------------------------------------------- tests

const html = makeReport();

test('renders every section with its content, loading nothing and running nothing', async (browser) => {
  const { page, seen, close } = await open(browser, html);
  try {
    const sections = await page.$$eval('section', (els) => els.map((s) => ({ id: s.dataset.section, heading: s.querySelector('h2')?.textContent, height: s.getBoundingClientRect().height })));
    equal(
      sections.map((s) => s.id),
      ['sprint-goals', 'now-next-later', 'forecast', 'health', 'rank-changes'],
      'sections',
    );
    for (const s of sections) assert(s.height > 40, `section ${s.id} is rendered (height ${s.height})`);
    equal(await page.textContent('h1'), 'Team Calendar: Product Backlog', 'title');
    const changes = await page.$$eval('[data-section="rank-changes"] tr[data-change]', (rows) => rows.map((r) => [r.dataset.change, r.cells[2].textContent]));
    equal(
      changes,
      [
        ['changed', 'TC-10 Book a meeting room'],
        ['new', 'TC-11 <img src=x onerror=alert(1)> room names from the directory'],
        ['up', 'TC-13 Phone layout for the week view'],
        ['up', 'TC-15 Recurring appointments'],
        ['removed', 'TC-20 Print the week'],
      ],
      'rank changes',
    );
    // Sprint goals and now / next / later from the sprint groups (2026-10-08 is in Sprint 4).
    const sprints = await page.$$eval('[data-section="sprint-goals"] tr[data-sprint]', (rows) => rows.map((r) => [r.dataset.sprint, r.classList.contains('current'), r.cells[1].textContent]));
    equal(
      sprints,
      [
        ['Sprint 1', false, 'A team member can sign in and see their own appointments'],
        ['Sprint 2', false, 'Appointments can be created and shared with the team'],
        ['Sprint 3', false, 'Invitations replace the e-mail threads'],
        ['Sprint 4', true, 'Rooms can be booked without e-mail'],
        ['Sprint 5', false, 'The calendar works on the phone'],
      ],
      'sprint goals',
    );
    const columns = await page.$$eval('[data-column]', (cols) => cols.map((c) => [c.dataset.column, [...c.querySelectorAll('li')].map((li) => Number(li.dataset.rank))]));
    equal(columns, [['now', [10, 11, 12]], ['next', [13, 14]], ['later', [15, 16, 17, 18, 19]]], 'now, next, later');
    // The forecast from the three finished sprint groups (16, 10, 21 points; scope 47 + 45 open + 2 unestimated × the median 5 = 102): the chart with its 50% and 85% lines, drawn.
    const chart = await page.evaluate(() => {
      const svg = document.querySelector('[data-section="forecast"] svg[role="img"]');
      const box = svg?.getBoundingClientRect();
      return svg && { width: Math.round(box.width), lines: [...svg.querySelectorAll('polyline')].map((l) => l.getAttribute('class')), title: svg.querySelector('title')?.textContent };
    });
    assert(chart && chart.width >= 400, `the burn-up chart is drawn wide (${JSON.stringify(chart)})`);
    equal(chart.lines, ['done', 'p50', 'p85'], 'chart lines');
    equal(chart.title, 'Burn-up chart: 47 of 102 points done, forecast at 50% and 85%', 'chart title');
    const forecastRows = await page.$$eval('[data-table="forecast-items"] tr[data-rank]', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    // By hand: sprint 1 is 79% ahead, so it draws 12.6, 7.9 or 16.6 points; TC-10 (8) is done in it in 2 of 3 draws:
    // sprint 1 at 50%, sprint 2 at 85%.
    equal(forecastRows[0], ['10', 'TC-10 Book a meeting room', 'sprint 1 2026-10-18', 'sprint 2 2026-11-01'], 'first forecast row');
    equal(forecastRows.length, 10, 'a forecast row per open item');
    assert((await page.textContent('[data-section="forecast"]')).includes('3 past sprints of velocity from the sprint groups of the file'), 'the method names the history');
    equal(seen.requests, [`${ORIGIN}/report.html`], 'the only request is the page itself');
    equal(seen.errors, [], 'no page errors');
    equal(seen.console.filter((m) => !m.startsWith('debug')), [], 'no console messages (a CSP violation would be one)');
  } finally {
    await close();
  }
});

test('a title <img src=x onerror=alert(1)> is text: no element, no script, no dialog', async (browser) => {
  const { page, seen, close } = await open(browser, html);
  try {
    equal(await page.$$eval('img, script, iframe, object, embed', (els) => els.length), 0, 'no img, script, iframe, object or embed element');
    const titles = await page.$$eval('.title', (els) => els.map((e) => e.textContent));
    assert(titles.includes('<img src=x onerror=alert(1)> room names from the directory'), `the title shows as text: ${JSON.stringify(titles)}`);
    await page.waitForTimeout(200); // an onerror handler would have fired by now
    equal(seen.dialogs, [], 'no dialog');
    equal(await page.evaluate(() => document.querySelectorAll('[onerror], [onload], [onclick]').length), 0, 'no event-handler attributes');
  } finally {
    await close();
  }
});

test('follows prefers-color-scheme: light and dark backgrounds, readable text; screenshots', async (browser) => {
  for (const scheme of ['light', 'dark']) {
    const { page, close } = await open(browser, html, { colorScheme: scheme });
    try {
      const colours = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(document.body).color }));
      equal(colours, scheme === 'light' ? { bg: 'rgb(255, 255, 255)', fg: 'rgb(31, 35, 40)' } : { bg: 'rgb(13, 17, 23)', fg: 'rgb(230, 237, 243)' }, `${scheme} colours`);
      const file = join(RESULTS, `report-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (DOCS) {
        // The first screen of the report, as a reader sees it when the file opens.
        await page.screenshot({ path: join(ROOT, 'docs', `screenshot-report-${scheme}.png`), fullPage: false });
        // The forecast section (burn-up chart and table), in the light scheme.
        if (scheme === 'light') await page.locator('[data-section="forecast"]').screenshot({ path: join(ROOT, 'docs', 'screenshot-report-forecast.png') });
      }
    } finally {
      await close();
    }
  }
});

test('prints: light colours even in dark mode, no navigation, a PDF with every section', async (browser) => {
  const { page, close } = await open(browser, html, { colorScheme: 'dark' });
  try {
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)', 'print background');
    equal(await page.evaluate(() => getComputedStyle(document.querySelector('nav')).display), 'none', 'navigation hidden in print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
    writeFileSync(join(RESULTS, 'report.pdf'), pdf);
    assert(pdf.subarray(0, 5).toString('latin1') === '%PDF-', 'a PDF file');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    assert(pages >= 2 && pages <= 8, `a few A4 pages (got ${pages})`);
  } finally {
    await close();
  }
});

test('axe-core: no serious or critical accessibility violation, light and dark, wide and narrow', async (browser) => {
  const report = [];
  for (const [scheme, width] of [
    ['light', 1100],
    ['dark', 1100],
    ['light', 380],
  ]) {
    // axe is injected as a script, which the report's CSP forbids: this context bypasses the CSP for the check only.
    const { page, close } = await open(browser, html, { colorScheme: scheme, bypassCSP: true, width });
    try {
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of result.violations) report.push(`${scheme} ${width}px: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes[0]?.target})`);
    } finally {
      await close();
    }
  }
  writeFileSync(join(RESULTS, 'axe.txt'), report.join('\n') || 'no violations\n');
  const serious = report.filter((r) => / (serious|critical) /.test(r));
  equal(serious, [], 'serious or critical violations');
});

test('narrow screens (380px, and WCAG reflow at 320px): no horizontal scrolling of the page', async (browser) => {
  for (const width of [380, 320]) {
    const { page, close } = await open(browser, html, { width });
    try {
      const { overflow, widest } = await page.evaluate(() => {
        const screen = document.documentElement.clientWidth;
        // The outermost elements that reach past the screen's right edge, to say what is too wide.
        const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > screen + 1 && !e.parentElement.closest('table, svg, pre') && !e.closest('.visually-hidden'));
        return { overflow: document.documentElement.scrollWidth - screen, widest: wide.slice(0, 3).map((e) => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}"`) };
      });
      assert(overflow <= 1, `${width}px: page wider than the screen by ${overflow}px (${widest.join(', ')})`);
      await page.screenshot({ path: join(RESULTS, `report-narrow-${width}.png`), fullPage: true });
    } finally {
      await close();
    }
  }
});

// ---------------------------------------------------------------------------------------------- run

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, env: { ...process.env, XDG_CONFIG_HOME: join(tmpdir(), 'report-chromium-xdg'), XDG_CACHE_HOME: join(tmpdir(), 'report-chromium-xdg') } });
let passed = 0;
let failed = 0;
for (const t of tests) {
  try {
    await t.fn(browser);
    passed++;
    console.log(`ok   ${t.name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${t.name}\n     ${String(error?.stack ?? error).split('\n').join('\n     ')}`);
  }
}
await browser.close();
console.log(`report (chromium): ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
