// The board webview in a real VS Code (code-server + chromium): open it, drag a card, check and add a criterion,
// and see the board follow edits made in the text editor. Screenshots of the board in dark and light themes go to
// docs/. Run: npm run build && npm run test:ui (run-ui.sh runs every test/e2e/*.test.js).
const path = require('path');
const fs = require('fs');
const h = require('../../scripts/e2e/ui-harness');

const DOCS = path.join(h.REPO, 'docs');
const SAMPLE = path.join(h.REPO, 'test', 'fixtures', 'sample');

/** Saves the text editor and waits until the file on disk satisfies `ok` (saving is asynchronous). */
async function savedText(page, wsDir, ok) {
  await h.runCommand(page, 'View: Focus First Editor Group');
  await h.runCommand(page, 'File: Save');
  const file = path.join(wsDir, 'BACKLOG.md');
  return h.waitUntil(() => {
    const text = fs.readFileSync(file, 'utf8');
    return ok(text) ? text : null;
  }, { timeout: 10000, message: 'the saved file to show the edit' }).catch(() => fs.readFileSync(file, 'utf8'));
}

const card = (board, index) => board.locator(`.card[data-index="${index}"]`);

/** The open board, opening BACKLOG.md and its board first when needed (each test can run alone). */
async function ensureBoard(page) {
  const board = h.webviewFrame(page);
  const open = await card(board, 0).waitFor({ timeout: 2000 }).then(() => true, () => false);
  return open ? board : openBoard(page);
}

async function openBoard(page) {
  await h.openFile(page, 'BACKLOG.md');
  await h.runCommand(page, 'Backlog: Open Board');
  const board = h.webviewFrame(page);
  await card(board, 0).filter({ hasText: 'US-1' }).waitFor({ timeout: 30000 });
  return board;
}

let lightShot = false;

h.defineTests(
  [
    {
      name: 'Backlog: Open Board shows the items as cards beside the editor',
      fn: async ({ page }) => {
        const board = await openBoard(page);
        await card(board, 11).filter({ hasText: 'US-12' }).waitFor();
        await board.locator('.card', { hasText: 'US-6' }).locator('.card-problems, .badge, [class*="problem"]').first().waitFor();
        await page.mouse.move(700, 880);
        await h.screenshot(page, path.join(DOCS, 'screenshot-board-dark.png'));
      },
    },
    {
      name: 'dragging a card reorders the file',
      fn: async ({ page, wsDir }) => {
        const board = await ensureBoard(page);
        const from = await card(board, 3).boundingBox(); // US-4
        const to = await card(board, 1).boundingBox(); // US-2
        await page.mouse.move(from.x + from.width / 2, from.y + 12);
        await page.mouse.down();
        await page.mouse.move(from.x + from.width / 2, from.y + 4, { steps: 4 });
        await page.mouse.move(to.x + to.width / 2, to.y + 6, { steps: 12 });
        await page.mouse.up();
        await card(board, 1).filter({ hasText: 'US-4' }).waitFor();
        const inOrder = (t) => {
          const at = ['### US-1 ', '### US-4 ', '### US-2 ', '### US-3 '].map((x) => t.indexOf(x));
          return at.every((v, i) => v >= 0 && (i === 0 || v > at[i - 1]));
        };
        const text = await savedText(page, wsDir, inOrder);
        const order = ['### US-1 ', '### US-4 ', '### US-2 ', '### US-3 '].map((x) => text.indexOf(x));
        if (!order.every((v, i) => v >= 0 && (i === 0 || v > order[i - 1]))) throw new Error(`file order after drag: ${order}`);
      },
    },
    {
      name: 'checking and adding acceptance criteria edits the file',
      fn: async ({ page, wsDir }) => {
        const board = await ensureBoard(page);
        await card(board, 0).click();
        const box = board.locator('input[type="checkbox"][aria-label="Done: Signing out ends the session on every open tab"]');
        await box.waitFor();
        await box.click();
        await board.locator('input[type="checkbox"][aria-label="Done: Signing out ends the session on every open tab"]:checked').waitFor();
        const add = board.locator('input[aria-label="New acceptance criterion"]');
        await add.fill('Works offline for a day');
        await add.press('Enter');
        await board.locator('.detail-pane', { hasText: 'Works offline for a day' }).waitFor();
        const want = '- [x] Signing out ends the session on every open tab\n- [ ] Works offline for a day\n';
        const text = await savedText(page, wsDir, (t) => t.includes(want));
        if (!text.includes('- [x] Signing out ends the session on every open tab\n- [ ] Works offline for a day\n')) {
          throw new Error(`criteria in the file:\n${text.slice(text.indexOf('**Acceptance criteria:**'), text.indexOf('### US-4'))}`);
        }
      },
    },
    {
      name: 'the board follows edits made in the text editor',
      fn: async ({ page }) => {
        const board = await ensureBoard(page);
        await h.runCommand(page, 'View: Focus First Editor Group');
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('Control+F');
        await page.keyboard.type('Audit log for administrators');
        await page.keyboard.press('Escape');
        await page.keyboard.press('End');
        const t0 = Date.now();
        await page.keyboard.type(' and auditors');
        await board.locator('.card', { hasText: 'Audit log for administrators and auditors' }).waitFor();
        console.log(`    board followed the editor ${Date.now() - t0} ms after typing started (13 keystrokes)`);
      },
    },
    {
      name: 'Accept and Reject from the board: the checklist and the reason are asked in VS Code',
      fn: async ({ page, wsDir }) => {
        const board = await ensureBoard(page);
        // Accept US-5: the quick pick lists its criteria and the Definition of Done; check them all, then Enter.
        await card(board, 4).click();
        await board.locator('button[aria-label="Accept item…"]').click();
        const quick = page.locator('.quick-input-widget');
        await quick.locator('.quick-input-title', { hasText: 'Accept US-5 Invite colleagues to an appointment' }).waitFor({ timeout: 15000 });
        await quick.locator('.monaco-list-row', { hasText: 'The organiser sees who accepted' }).waitFor();
        await quick.locator('[role="checkbox"][aria-label="Toggle all checkboxes"]').click();
        await quick.locator('.quick-input-count', { hasText: '3 Selected' }).waitFor();
        await h.screenshot(page, path.join(DOCS, 'screenshot-accept-checklist.png'));
        await page.keyboard.press('Enter');
        const accepted = await savedText(page, wsDir, (t) => /### US-5[\s\S]*?- Status: accepted\n- Accepted: \d{4}-\d{2}-\d{2}\n/.test(t));
        if (!/- \[x\] Invitees receive an e-mail with accept and decline links\n- \[x\] The organiser sees who accepted/.test(accepted)) {
          throw new Error(`US-5 after Accept:\n${accepted.slice(accepted.indexOf('### US-5'), accepted.indexOf('### US-6'))}`);
        }
        // Reject US-6: an empty reason is refused, a reason is recorded with the date.
        await card(board, 5).click();
        await board.locator('button[aria-label="Reject item…"]').click();
        await quick.locator('.quick-input-title', { hasText: 'Reject US-6 Export the calendar' }).waitFor({ timeout: 15000 });
        await page.keyboard.press('Enter');
        await quick.locator('.quick-input-message', { hasText: 'Enter the reason for the rejection.' }).waitFor();
        await page.keyboard.type('The export misses recurring appointments');
        await page.keyboard.press('Enter');
        const rejected = await savedText(page, wsDir, (t) => t.includes(' — The export misses recurring appointments'));
        if (!/### US-6[\s\S]*?- Status: rejected\n- Rejected: \d{4}-\d{2}-\d{2} — The export misses recurring appointments\n/.test(rejected)) {
          throw new Error(`US-6 after Reject:\n${rejected.slice(rejected.indexOf('### US-6'), rejected.indexOf('### US-7'))}`);
        }
      },
    },
    {
      name: 'the forecast on the board: the burn-up chart and where each sprint ends, updated when an item is re-estimated',
      fn: async ({ page, wsDir }) => {
        const board = await ensureBoard(page);
        const config = path.join(wsDir, '.backlog.jsonc');
        fs.writeFileSync(config, '{ "velocity": [13, 15, 18] }\n');
        try {
          const panel = board.locator('details.forecast-panel');
          await panel.waitFor({ state: 'visible', timeout: 30000 });
          await board.locator('.sprint-end').first().waitFor();
          /** Indexes of the cards right before each divider. */
          const ends = () =>
            board.locator('.sprint-end').evaluateAll((els) => els.map((el) => Number(el.previousElementSibling && el.previousElementSibling.getAttribute('data-index'))));
          const before = await ends();
          if (before.length === 0 || before.some((i) => !Number.isInteger(i))) throw new Error(`dividers after cards ${before}`);
          await panel.locator('summary').click();
          const chart = panel.locator('svg.burnup[role="img"]');
          await chart.waitFor();
          const title = await chart.locator('title').first().textContent();
          if (!/^Burn-up chart: \d+ of \d+ points done, forecast at 50% and 85%$/.test(title || '')) throw new Error(`chart title: ${title}`);
          if ((await chart.locator('polyline.p50').count()) !== 1 || (await chart.locator('polyline.p85').count()) !== 1) throw new Error('no 50% and 85% lines');
          await page.mouse.move(700, 880);
          await h.screenshot(page, path.join(DOCS, 'screenshot-board-forecast.png'));
          // US-1 (rank 1) grows from 5 to 40 points: every divider moves up the list.
          await card(board, 0).click();
          const estimate = board.locator('#detail-estimate');
          await estimate.fill('40');
          await estimate.press('Enter');
          await h.waitUntil(async () => {
            const after = await ends();
            return after.length > 0 && after[0] < before[0] ? after : null;
          }, { timeout: 20000, message: `the first divider to move up from after card ${before[0]}` });
        } finally {
          fs.rmSync(config, { force: true });
        }
      },
    },
    {
      name: 'the board in a light theme',
      fn: async () => {
        const light = await h.startWorkbench({ extensionDir: h.REPO, workspaceFixtureDir: SAMPLE, theme: 'Default Light Modern' });
        try {
          await openBoard(light.page);
          await light.page.mouse.move(700, 880);
          await h.screenshot(light.page, path.join(DOCS, 'screenshot-board-light.png'));
          lightShot = true;
        } finally {
          await light.close();
        }
        if (!lightShot) throw new Error('no light screenshot');
      },
    },
  ],
  {
    before: () => h.startWorkbench({ extensionDir: h.REPO, workspaceFixtureDir: SAMPLE, theme: 'Default Dark Modern' }),
  },
);
