// The workspace's backlogs without a file open, and item IDs as a language, in a real VS Code (code-server +
// chromium): the Backlog view and the board filled with no editor open (test/fixtures/workspace: two backlogs, notes
// that mention their items), a hover card on an ID in a notes file, and the start-up layout of `npm start` (the sample
// backlog in the editor, its board beside it, the Backlog view in the Explorer). Screenshots go to docs/.
// Run: npm run build && npm run test:ui (run-ui.sh runs every test/e2e/*.test.js).
const fs = require('fs');
const path = require('path');
const h = require('../../scripts/e2e/ui-harness');

const DOCS = path.join(h.REPO, 'docs');
const WORKSPACE = path.join(h.REPO, 'test', 'fixtures', 'workspace');
const SAMPLE = path.join(h.REPO, 'test', 'fixtures', 'sample');
const row = (rows, text) => rows.filter({ hasText: text }).first();

/** First lines of the rows of a tree view, in screen order. */
async function rowTexts(rows) {
  return (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
}

h.defineTests(
  [
    {
      name: 'the Backlog view shows both backlogs of the workspace, filled, with no file open',
      fn: async ({ page }) => {
        if ((await page.locator('.tabs-container .tab').count()) !== 0) throw new Error('an editor is open');
        // The Explorer's folder tree first: collapsed, so that both backlogs fit in the Backlog view (rows off screen
        // are not rendered).
        const folders = page.locator('.sidebar .pane-header').first();
        if ((await folders.getAttribute('aria-expanded')) !== 'false') await folders.click();
        const rows = await h.treeRows(page, 'Backlog');
        await row(rows, 'services/billing/BACKLOG.md').waitFor();
        await row(rows, '1. US-1 Sign in with company account').waitFor();
        // The second root starts collapsed when there are several: expand it.
        const billing = row(rows, 'services/billing/BACKLOG.md');
        if ((await billing.getAttribute('aria-expanded')) === 'false') await billing.click();
        await row(rows, '2. BILL-2 Card payments').waitFor();
        const texts = await rowTexts(rows);
        for (const want of ['BACKLOG.md', 'Sprint 1', '1. US-1 Sign in with company account', '2. US-2 Sign out everywhere', '3. US-3 Team calendar', 'services/billing/BACKLOG.md', '1. BILL-1 Monthly invoices']) {
          if (!texts.some((t) => t.startsWith(want))) throw new Error(`no row "${want}" in: ${texts.join(' | ')}`);
        }
        if ((await page.locator('.tabs-container .tab').count()) !== 0) throw new Error('showing the view opened an editor');
        await page.mouse.move(0, 0);
        await h.screenshot(page, path.join(DOCS, 'screenshot-workspace-tree.png'));
      },
    },
    {
      name: 'the board view offers the two backlogs, and shows the one chosen, with no file open',
      fn: async ({ page }) => {
        await h.focusView(page, 'Board');
        const board = h.webviewFrame(page);
        await board.locator('.start-title', { hasText: 'This workspace has 2 backlogs' }).waitFor({ timeout: 30000 });
        await board.locator('button.start-file', { hasText: 'services/billing/BACKLOG.md' }).click();
        await board.locator('.card[data-index="0"]', { hasText: 'BILL-1 Monthly invoices' }).waitFor();
        await board.locator('.card[data-index="1"]', { hasText: 'BILL-2 Card payments' }).waitFor();
        if ((await page.locator('.tabs-container .tab').count()) !== 0) throw new Error('choosing a backlog opened an editor');
        await page.mouse.move(0, 0);
        await h.screenshot(page, path.join(DOCS, 'screenshot-workspace-board.png'));
      },
    },
    {
      name: 'a hover on an item ID in a notes file shows the item card',
      fn: async ({ page }) => {
        await h.openFile(page, 'docs/design.md');
        const line = page.locator('.editor-group-container.active .view-line', { hasText: 'Sign-out (US-2) reuses' });
        await line.waitFor();
        // The cursor on the ID (line 5, column 11), then Show or Focus Hover (Ctrl+K Ctrl+I).
        await page.keyboard.press('Control+G');
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible' });
        await input.fill(':5:12');
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden' });
        await h.runCommand(page, 'Show or Focus Hover');
        const hover = page.locator('.monaco-hover', { hasText: 'Sign out everywhere' }).first();
        await hover.waitFor();
        const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
        for (const want of ['US-2 Sign out everywhere', 'Rank 2', 'Status ready', 'Estimate 3', 'Criteria 0/1', 'BACKLOG.md']) {
          if (!text.includes(want)) throw new Error(`the hover lacks "${want}":\n${text}`);
        }
        await h.screenshot(page, path.join(DOCS, 'screenshot-hover.png'));
        await page.keyboard.press('Escape');
      },
    },
    {
      name: 'renaming an ID from a notes file (F2, then Ctrl+Enter) previews the edit in every file, and applies it',
      fn: async ({ page, wsDir }) => {
        await h.openFile(page, 'docs/design.md');
        await page.locator('.editor-group-container.active .view-line', { hasText: 'Sign-out (US-2) reuses' }).waitFor();
        await page.keyboard.press('Control+G');
        const go = page.locator('.quick-input-widget .quick-input-box input');
        await go.waitFor({ state: 'visible' });
        await go.fill(':5:12');
        await page.keyboard.press('Enter');
        await go.waitFor({ state: 'hidden' });
        // Right after start-up the workspace index may still be scanning, and the ID cannot be renamed yet: try again.
        const box = page.locator('.rename-box .rename-input').first();
        await h.waitUntil(async () => {
          await page.keyboard.press('F2');
          return box.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
        }, { timeout: 45000, message: 'the rename box' });
        await box.fill('US-20');
        // Ctrl+Enter: Rename and preview (the box says so; older versions used Shift+Enter).
        await box.press('Control+Enter');
        // The Refactor Preview in the panel: each file, its changed lines, and Apply / Discard.
        const rows = page.locator('.part.panel .monaco-list-row');
        for (const want of ['BACKLOG.md', 'Sign out everywhere', 'Depends on:', 'design.md', 'reuses the session store']) {
          await rows.filter({ hasText: want }).first().waitFor({ timeout: 30000 });
        }
        await h.screenshot(page, path.join(DOCS, 'screenshot-rename-preview.png'));
        if (fs.readFileSync(path.join(wsDir, 'BACKLOG.md'), 'utf8').includes('US-20')) throw new Error('the preview changed the file before Apply');
        await page.locator('.part.panel .monaco-button', { hasText: /^Apply$/ }).click();
        await h.runCommand(page, 'File: Save All');
        const backlog = await h.waitUntil(() => {
          const t = fs.readFileSync(path.join(wsDir, 'BACKLOG.md'), 'utf8');
          return t.includes('### US-20 Sign out everywhere') && t;
        }, { message: 'BACKLOG.md renamed on disk' });
        if (!backlog.includes('- Depends on: US-20, BILL-2')) throw new Error('the dependency was not renamed');
        const notes = fs.readFileSync(path.join(wsDir, 'docs', 'design.md'), 'utf8');
        if (!notes.includes('Sign-out (US-20) reuses the session store of US-1.')) throw new Error(`notes not renamed:\n${notes}`);
      },
    },
    {
      name: 'npm start: the sample backlog opens in the editor with its board beside it and the Backlog view shown',
      timeout: 240000,
      fn: async () => {
        // The setting scripts/start.sh writes into the start profile.
        const start = await h.startWorkbench({ extensionDir: h.REPO, workspaceFixtureDir: SAMPLE, settings: { 'backlogAsCode.openOnStartup': true } });
        try {
          const { page } = start;
          // After the first scan of the workspace (on this shared machine that can take a while under load).
          await page.locator('.tabs-container .tab', { hasText: 'BACKLOG.md' }).first().waitFor({ timeout: 90000 });
          await page.locator('.tabs-container .tab', { hasText: 'Board: BACKLOG.md' }).waitFor({ timeout: 30000 });
          const board = h.webviewFrame(page);
          await board.locator('.card', { hasText: 'US-12' }).waitFor({ timeout: 30000 });
          const { header, pane } = h.viewPane(page, 'Backlog');
          await header.waitFor({ state: 'visible' });
          if ((await header.getAttribute('aria-expanded')) === 'false') throw new Error('the Backlog view is collapsed');
          await pane.locator('.monaco-list-row[role="treeitem"]', { hasText: 'US-1 Sign in with company account' }).first().waitFor();
          await h.editorText(page, { contains: 'Sign in with company account' });
          await page.mouse.move(0, 0);
          await h.screenshot(page, path.join(DOCS, 'screenshot-start.png'));
        } catch (e) {
          await h.screenshot(start.page, path.join(h.REPO, 'test-results', 'ui', 'npm-start-failed.png')).catch(() => {});
          throw e;
        } finally {
          await start.close();
        }
      },
    },
  ],
  {
    before: () => h.startWorkbench({ extensionDir: h.REPO, workspaceFixtureDir: WORKSPACE }),
  },
);
