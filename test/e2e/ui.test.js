// UI end-to-end tests: a person's view of the extension in a real VS Code (code-server + chromium).
// Run: npm run build && npm run test:ui. Screenshots used in the README are written to docs/.
const path = require('path');
const h = require('../../scripts/e2e/ui-harness');

const DOCS = path.join(h.REPO, 'docs');
const row = (rows, text) => rows.filter({ hasText: text }).first();

/** Puts the cursor on a 1-based line with Go to Line (Ctrl+G). */
async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Texts of the tree's item rows (those starting with a rank), in screen order. */
async function itemRows(page) {
  const rows = await h.treeRows(page, 'Items');
  await row(rows, 'US-1').waitFor();
  const texts = await rows.allInnerTexts();
  return texts.map((t) => t.split('\n')[0].trim()).filter((t) => /^\d+\. /.test(t));
}

h.defineTests(
  [
    {
      name: 'tree shows the ordered items of the sample backlog under their groups',
      fn: async ({ page }) => {
        await h.openFile(page, 'BACKLOG.md');
        const rows = await h.treeRows(page, 'Items');
        await row(rows, '1. US-1 Sign in with company account').waitFor();
        await row(rows, 'Sprint 1').waitFor();
        const items = await itemRows(page);
        if (items.length !== 12) throw new Error(`expected 12 item rows, got ${items.length}: ${items.join(' | ')}`);
        if (!items[0].startsWith('1. US-1') || !items[11].startsWith('12. US-12')) throw new Error(`order: ${items.join(' | ')}`);
      },
    },
    {
      name: 'problems panel lists the findings and the editor shows squiggles',
      fn: async ({ page }) => {
        const problems = await h.problemsRows(page);
        await row(problems, 'duplicate-priority').waitFor();
        await row(problems, 'missing-value-statement').waitFor();
        await page.locator('.monaco-editor .squiggly-error').first().waitFor();
        await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
        await h.screenshot(page, path.join(DOCS, 'screenshot-tree-and-problems.png'));
      },
    },
    {
      name: 'Backlog: Move Item Down from the palette reorders the file and the tree',
      fn: async ({ page }) => {
        await h.openFile(page, 'BACKLOG.md');
        await goToLine(page, 8); // ### US-1 Sign in with company account
        await h.runCommand(page, 'Backlog: Move Item Down');
        await h.waitUntil(async () => (await itemRows(page))[0]?.startsWith('1. US-2'), { message: 'tree shows US-2 first' });
        const items = await itemRows(page);
        if (!items[1].startsWith('2. US-1')) throw new Error(`after move: ${items.join(' | ')}`);
        const text = await h.editorText(page, { contains: 'US-1 Sign in' });
        if (text.indexOf('### US-2') > text.indexOf('### US-1')) throw new Error('editor text does not show US-2 above US-1');
        await h.screenshot(page, path.join(DOCS, 'screenshot-after-reorder.png'));
      },
    },
    {
      name: 'dragging an item in the tree reorders the backlog',
      fn: async ({ page }) => {
        const rows = await h.treeRows(page, 'Items');
        const source = row(rows, 'US-4 Mark myself as absent');
        const target = row(rows, 'US-3 Create an appointment');
        await source.waitFor();
        await source.dragTo(target);
        await h.waitUntil(async () => (await itemRows(page)).some((t) => t.startsWith('3. US-4')), { message: 'US-4 at rank 3 after the drag' });
      },
    },
    {
      name: 'a quick fix from the light bulb inserts a value statement',
      fn: async ({ page }) => {
        const problems = await h.problemsRows(page);
        const problem = row(problems, 'missing-value-statement');
        await problem.waitFor();
        await problem.click();
        await page.keyboard.press('Control+.');
        const menu = page.locator('.action-widget .monaco-list-row, .context-view .action-item');
        await menu.filter({ hasText: /value statement/i }).first().waitFor();
        await h.screenshot(page, path.join(h.REPO, 'test-results', 'ui', 'quick-fix-menu.png'));
        await menu.filter({ hasText: /value statement/i }).first().click();
        await h.editorText(page, { contains: 'As a [role], I want [goal], so that [benefit].' });
      },
    },
  ],
  {
    before: () => h.startWorkbench({ extensionDir: h.REPO, workspaceFixtureDir: path.join(h.REPO, 'test', 'fixtures', 'sample') }),
  },
);

