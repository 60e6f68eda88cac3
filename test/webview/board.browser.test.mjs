// Real-browser tests of the board webview: Debian chromium driven by playwright-core, the bundle built by esbuild,
// the page from boardHtml() under its real CSP, and a fake host (see harness.mjs).
//   node test/webview/board.browser.test.mjs [name filter]      (or: bash test/webview/run.sh)
// Prints one line per test, render timings, and a final "N passed, N failed"; exits 1 on any failure.
// Screenshots go to test-results/webview/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyTheme, build, ensureResults, launch, openBoard, until, waitPosted } from './harness.mjs';
import { bigSnapshot, edited, item, moved, normalise, smallSnapshot, XSS, xssSnapshot } from './fixtures.mjs';

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const timings = [];

const didChange = (version, snapshot) => ({ type: 'backlogDidChange', version, snapshot });
const cardIds = (page) => page.$$eval('.cards .card', (els) => els.map((e) => e.querySelector('.card-id')?.textContent ?? e.querySelector('.card-title')?.textContent));
const focusedIndex = (page) => page.evaluate(() => document.activeElement?.closest?.('.card')?.dataset.index ?? null);
const lastPosted = async (page) => (await page.posted()).at(-1);
const card = (page, index) => page.locator(`.cards .card[data-index="${index}"]`);

/** Opens the board and posts the small snapshot as version 1. */
async function small(browser, built, opts) {
  const page = await openBoard(browser, built, opts);
  await page.post(didChange(1, smallSnapshot()));
  await page.locator('.cards .card').first().waitFor();
  return page;
}

// ---------------------------------------------------------------------------------------------- loading, order, safety

test('loads under the CSP: webviewDidLoad first, codicons load, no violations, no other requests', async ({ browser, built }) => {
  const page = await small(browser, built);
  assert.deepEqual((await page.posted())[0], { type: 'webviewDidLoad' });
  await page.evaluate(() => document.fonts.ready);
  assert.equal(await page.evaluate(() => document.fonts.check('16px codicon')), true, 'codicon font loaded');
  const glyph = await page.evaluate(() => getComputedStyle(document.querySelector('.codicon-gripper'), '::before').fontFamily);
  assert.match(glyph, /codicon/);
  assert.deepEqual(await page.violations(), []);
  assert.deepEqual(page.external, []);
  assert.deepEqual(page.errors, []);
});

test('renders cards in rank order with the file’s groups as sections', async ({ browser, built }) => {
  const page = await small(browser, built);
  assert.deepEqual(await cardIds(page), ['US-1', 'US-2', 'US-3', 'US-4', 'US-5']);
  assert.deepEqual(await page.$$eval('.cards .card .card-rank', (els) => els.map((e) => e.textContent)), ['1', '2', '3', '4', '5']);
  assert.deepEqual(await page.$$eval('.section-header .section-title', (els) => els.map((e) => e.textContent)), ['Release 1', 'Release 2']);
  assert.deepEqual(await page.$$eval('.section', (els) => els.map((s) => s.querySelectorAll('.card').length)), [3, 2]);
  const first = card(page, 0);
  assert.equal(await first.getAttribute('role'), 'option');
  assert.equal(await page.locator('.cards').getAttribute('role'), 'listbox');
  assert.match(await first.innerText(), /Log in with email[\s\S]*In Progress[\s\S]*3 SP[\s\S]*1\/3/);
  assert.match(await first.innerText(), /Ana[\s\S]*Release 1[\s\S]*registered user[\s\S]*to log in with my email[\s\S]*I can see my orders/);
  // Problems: badges with the messages as tooltip, and the messages as text in the detail density.
  const badge = card(page, 2).locator('.problem-badge.problem-error');
  assert.equal(await badge.innerText(), '1');
  assert.match(await badge.getAttribute('title'), /without acceptance criteria/);
  assert.match(await card(page, 2).innerText(), /without a value statement/);
  assert.equal(await page.locator('.board-count').innerText(), '5 items');
  assert.equal(await page.locator('.board-title').innerText(), 'BACKLOG.md');
});

test('shows markup in item text literally and never runs it', async ({ browser, built }) => {
  const page = await openBoard(browser, built);
  await page.post(didChange(1, xssSnapshot()));
  await card(page, 0).click();
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no injected script ran');
  const count = await page.evaluate(() => ({
    img: document.querySelectorAll('img').length,
    svg: document.querySelectorAll('svg').length,
    style: document.querySelectorAll('body style').length,
    a: document.querySelectorAll('a').length,
    script: document.querySelectorAll('script').length,
    b: document.querySelectorAll('b, i').length,
  }));
  assert.deepEqual(count, { img: 0, svg: 0, style: 0, a: 0, script: 1, b: 0 });
  assert.equal(await card(page, 0).locator('.card-title').textContent(), XSS.img);
  assert.equal(await card(page, 1).locator('.card-title').textContent(), XSS.script);
  assert.equal(await card(page, 2).locator('.card-title').textContent(), XSS.entity);
  assert.equal(await card(page, 0).locator('.card-id').textContent(), '<b>ID</b>');
  assert.equal(await card(page, 0).locator('.status-pill').textContent(), XSS.svg);
  assert.equal(await card(page, 0).locator('.estimate-pill').textContent(), XSS.style);
  assert.equal(await page.locator('.board-title').textContent(), '<img src=x onerror=window.__xss=5>.md');
  const detail = page.locator('.detail-pane');
  assert.equal(await detail.locator('.detail-title').textContent(), XSS.img);
  assert.equal(await detail.locator('.criterion-text').first().textContent(), XSS.script);
  assert.equal(await detail.locator('#vs-role').inputValue(), XSS.script);
  assert.equal(await detail.locator('.problem-message').textContent(), XSS.svg);
  assert.equal(await detail.locator('.problem-rule').textContent(), '<i>rule</i>');
  assert.equal(await page.locator('.file-problems li span:not(.codicon)').first().textContent(), XSS.link);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(await page.violations(), []);
  assert.deepEqual(page.external, []);
  assert.deepEqual(page.errors, []);
});

test('ignores malformed host messages and keeps the last snapshot', async ({ browser, built }) => {
  const page = await small(browser, built);
  const bad = smallSnapshot();
  bad.items[0].title = 'Injected';
  bad.items[0].rank = 7; // not index + 1
  for (const m of [didChange(2, bad), 'hello', null, 42, { type: 'editRejected', reason: 'weird', message: 'x' }, { type: 'focusItem', index: -1 }, { type: 'backlogDidChange', version: 2 }]) {
    await page.post(m);
  }
  assert.deepEqual(await cardIds(page), ['US-1', 'US-2', 'US-3', 'US-4', 'US-5']);
  assert.equal(await card(page, 0).locator('.card-title').textContent(), 'Log in with email');
  assert.equal(await page.locator('.notice').isVisible(), false);
  assert.deepEqual(page.errors, []);
});

// ---------------------------------------------------------------------------------------------- keyboard

test('keyboard: arrows move focus (roving tabindex); Alt+↓/↑ send moveItem; focus follows the moved card', async ({ browser, built }) => {
  const page = await small(browser, built);
  // Tab from the filter reaches exactly one card.
  assert.equal(await page.locator('.cards .card[tabindex="0"]').count(), 1);
  await card(page, 0).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedIndex(page), '1');
  assert.equal(await card(page, 1).getAttribute('tabindex'), '0');
  assert.equal(await card(page, 0).getAttribute('tabindex'), '-1');
  await page.keyboard.press('End');
  assert.equal(await focusedIndex(page), '4');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedIndex(page), '1');
  await page.clearPosted();
  await page.keyboard.press('Alt+ArrowDown');
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 1, from: 1, to: 2 });
  assert.equal(await page.evaluate(() => document.getElementById('board').classList.contains('is-pending')), true);
  // The board does not reorder by itself: the document is the model.
  assert.deepEqual(await cardIds(page), ['US-1', 'US-2', 'US-3', 'US-4', 'US-5']);
  await page.post(didChange(2, moved(smallSnapshot(), 1, 2)));
  assert.deepEqual(await cardIds(page), ['US-1', 'US-3', 'US-2', 'US-4', 'US-5']);
  assert.equal(await focusedIndex(page), '2');
  assert.equal(await page.locator('.sr-only[aria-live]').textContent(), 'US-2 moved to rank 3.');
  assert.equal(await page.evaluate(() => document.getElementById('board').classList.contains('is-pending')), false);
  await page.clearPosted();
  await page.keyboard.press('Alt+ArrowUp');
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 2, from: 2, to: 1 });
});

test('keyboard: Alt+Home / Alt+End move to the top / bottom; nothing is sent at the edges', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 2).focus();
  await page.keyboard.press('Alt+End');
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 1, from: 2, to: 4 });
  await page.post(didChange(2, moved(smallSnapshot(), 2, 4)));
  assert.equal(await focusedIndex(page), '4');
  await page.clearPosted();
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+End');
  await page.waitForTimeout(50);
  assert.deepEqual(await page.posted(), [], 'no move past the bottom');
  await page.keyboard.press('Alt+Home');
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 2, from: 4, to: 0 });
  await page.post(didChange(3, moved(moved(smallSnapshot(), 2, 4), 4, 0)));
  assert.equal(await focusedIndex(page), '0');
  await page.clearPosted();
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+Home');
  await page.waitForTimeout(50);
  assert.deepEqual(await page.posted(), [], 'no move past the top');
});

test('keyboard: a move key pressed while a move is in flight is replayed on the next snapshot', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await page.waitForTimeout(50);
  assert.deepEqual((await page.posted()).filter((m) => m.type === 'moveItem'), [{ type: 'moveItem', version: 1, from: 0, to: 1 }]);
  await page.post(didChange(2, moved(smallSnapshot(), 0, 1)));
  const moves = await until(async () => {
    const ms = (await page.posted()).filter((m) => m.type === 'moveItem');
    return ms.length === 2 && ms;
  }, 'the replayed move');
  assert.deepEqual(moves[1], { type: 'moveItem', version: 2, from: 1, to: 2 });
});

test('keyboard: Enter opens the detail pane, Escape goes back to the card; the list documents its keys', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 1).focus();
  await page.keyboard.press('Enter');
  assert.equal(await card(page, 1).getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2');
  assert.match(await page.locator('.detail-pane h2').innerText(), /US-2\s*Export orders as CSV/);
  await page.keyboard.press('Escape');
  assert.equal(await focusedIndex(page), '1');
  const help = await page.locator('.help summary').getAttribute('title');
  for (const k of ['Alt+↑ / Alt+↓', 'Alt+Home / Alt+End', 'Enter']) assert.ok(help.includes(k), `help mentions ${k}`);
  await page.locator('.help summary').click();
  assert.match(await page.locator('.help-popup').innerText(), /Move the card up \/ down/);
  assert.equal(await page.locator('.cards').getAttribute('aria-describedby'), 'board-keys');
  // Space selects without leaving the list.
  await card(page, 3).focus();
  await page.keyboard.press(' ');
  assert.equal(await card(page, 3).getAttribute('aria-selected'), 'true');
  assert.equal(await card(page, 1).getAttribute('aria-selected'), 'false');
  assert.equal(await focusedIndex(page), '3');
});

// ---------------------------------------------------------------------------------------------- pointer

test('mouse drag sends moveItem and shows a drop indicator and a ghost while dragging', async ({ browser, built }) => {
  const page = await small(browser, built);
  const a = await card(page, 0).boundingBox();
  const target = await card(page, 3).boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + 10);
  await page.mouse.down();
  const y = target.y + target.height * 0.25; // upper half of card 3: insert before it → final index 2
  for (let k = 1; k <= 8; k++) await page.mouse.move(a.x + a.width / 2, a.y + 10 + ((y - a.y - 10) * k) / 8);
  assert.equal(await page.locator('.drop-indicator').isVisible(), true, 'drop indicator visible');
  assert.equal(await page.locator('.card.is-dragging').count(), 1);
  assert.equal(await page.locator('.drag-ghost').count(), 1);
  const ind = await page.locator('.drop-indicator').boundingBox();
  assert.ok(Math.abs(ind.y - target.y) < 8, `indicator at the top of card 3 (${ind.y} vs ${target.y})`);
  await page.screenshot({ path: join(ensureResults(), 'drag-dark.png') });
  await page.mouse.up();
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 1, from: 0, to: 2 });
  assert.equal(await page.locator('.drop-indicator').isVisible(), false);
  assert.equal(await page.locator('.drag-ghost').count(), 0);
  // The click that ends the drag does not select the card under the pointer.
  assert.equal(await page.locator('.card[aria-selected="true"]').count(), 0);
});

test('mouse drag to the end, a drop in place, and Escape send the right thing', async ({ browser, built }) => {
  const page = await small(browser, built);
  const drag = async (from, toY, { escape = false } = {}) => {
    const a = await card(page, from).boundingBox();
    await page.mouse.move(a.x + 40, a.y + 10);
    await page.mouse.down();
    for (let k = 1; k <= 6; k++) await page.mouse.move(a.x + 40, a.y + 10 + ((toY - a.y - 10) * k) / 6);
    if (escape) await page.keyboard.press('Escape');
    await page.mouse.up();
  };
  const last = await card(page, 4).boundingBox();
  await drag(1, last.y + last.height + 20);
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 1, from: 1, to: 4 });
  await page.post(didChange(1, smallSnapshot())); // clears the pending state
  await page.clearPosted();
  const c2 = await card(page, 2).boundingBox();
  await drag(2, c2.y + c2.height * 0.6); // its own lower half: stays
  await drag(2, c2.y - 200, { escape: true });
  await page.waitForTimeout(50);
  assert.deepEqual((await page.posted()).filter((m) => m.type === 'moveItem'), []);
  assert.equal(await page.locator('.drag-ghost').count(), 0);
});

test('touch drag from the grip sends moveItem; a touch on the card body does not drag', async ({ browser, built }) => {
  const page = await small(browser, built, { hasTouch: true });
  const cdp = await page.context().newCDPSession(page);
  const touch = async (x, y, toY) => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let k = 1; k <= 8; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + ((toY - y) * k) / 8 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  const body = await card(page, 0).locator('.card-title').boundingBox();
  const target = await card(page, 2).boundingBox();
  await touch(body.x + 10, body.y + 5, target.y + target.height * 0.75);
  await page.waitForTimeout(100);
  assert.deepEqual((await page.posted()).filter((m) => m.type === 'moveItem'), [], 'touching the card body scrolls, never drags');
  const grip = await card(page, 0).locator('.card-grip').boundingBox();
  assert.ok(grip.width >= 16, 'grip is big enough to touch');
  await touch(grip.x + grip.width / 2, grip.y + grip.height / 2, target.y + target.height * 0.75);
  assert.deepEqual(await waitPosted(page, 'moveItem'), { type: 'moveItem', version: 1, from: 0, to: 2 });
});

// ---------------------------------------------------------------------------------------------- detail editing

test('criteria: toggle, add, edit, cancel, remove and reorder send the right intents; nothing changes until the host answers', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).click();
  const rows = page.locator('.detail-pane .criterion');
  assert.equal(await rows.count(), 3);
  assert.equal(await page.locator('.detail-pane h3 .section-count').first().innerText(), '1/3');

  await page.clearPosted();
  await rows.nth(1).locator('input[type=checkbox]').click();
  assert.deepEqual(await lastPosted(page), { type: 'toggleCriterion', version: 1, item: 0, criterion: 1 });
  // The host answers every edit with a new snapshot (here: the same content) before the next edit is sent.
  await page.post(didChange(2, smallSnapshot()));

  const add = page.locator('.detail-pane .add-criterion');
  await add.fill('Shows a spinner while checking');
  await add.press('Enter');
  assert.deepEqual(await lastPosted(page), { type: 'addCriterion', version: 2, item: 0, text: 'Shows a spinner while checking' });
  assert.equal(await add.inputValue(), '');
  assert.equal(await rows.count(), 3, 'no optimistic insert');
  await page.post(didChange(3, smallSnapshot()));

  await rows.nth(0).locator('.criterion-text').click();
  const edit = page.locator('.detail-pane .criterion-input');
  assert.equal(await edit.evaluate((e) => e === document.activeElement), true, 'edit field focused');
  await edit.fill('Email and password are both required');
  await edit.press('Enter');
  assert.deepEqual(await lastPosted(page), { type: 'editCriterion', version: 3, item: 0, criterion: 0, text: 'Email and password are both required' });
  assert.equal(await page.locator('.detail-pane .criterion-input').count(), 0);
  await page.post(didChange(4, smallSnapshot()));

  const before = (await page.posted()).length;
  await rows.nth(2).locator('.criterion-text').focus();
  await page.keyboard.press('Enter'); // Enter on the text starts editing
  await page.locator('.detail-pane .criterion-input').fill('never sent');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.detail-pane .criterion-input').count(), 0);
  assert.equal((await page.posted()).length, before, 'Escape cancels');
  assert.equal(await rows.nth(2).locator('.criterion-text').textContent(), 'Five failures lock the account for 10 minutes');

  await rows.nth(2).locator('button[aria-label="Remove criterion"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'removeCriterion', version: 4, item: 0, criterion: 2 });
  await page.post(didChange(5, smallSnapshot()));

  await rows.nth(0).locator('input[type=checkbox]').focus();
  await page.keyboard.press('Alt+ArrowDown');
  assert.deepEqual(await lastPosted(page), { type: 'moveCriterion', version: 5, item: 0, from: 0, to: 1 });
  await page.post(didChange(6, smallSnapshot()));
  await rows.nth(2).locator('button[aria-label^="Move criterion up"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'moveCriterion', version: 6, item: 0, from: 2, to: 1 });
  assert.equal(await rows.nth(0).locator('button[aria-label^="Move criterion up"]').isDisabled(), true);

  // The host answers with the moved criterion: the detail pane shows it, focus stays on the move button.
  const after = edited(smallSnapshot(), 0, (it) => ({ ...it, criteria: [it.criteria[0], it.criteria[2], it.criteria[1]] }));
  await page.post(didChange(7, after));
  assert.deepEqual(await rows.locator('.criterion-text').allTextContents(), [
    'Email and password are required',
    'Five failures lock the account for 10 minutes',
    'A wrong password shows an error',
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.focusKey), 'crit-up-1');

  // A criterion written without a checkbox can be toggled (the host adds one).
  await card(page, 4).click();
  await page.clearPosted();
  await page.locator('.detail-pane .criterion input[type=checkbox]').click();
  assert.deepEqual(await lastPosted(page), { type: 'toggleCriterion', version: 7, item: 4, criterion: 0 });
});

test('an edit waiting behind one that never gets an answer is not dropped silently', async ({ browser, built }) => {
  const page = await small(browser, built);
  await page.clock.install(); // the pending state's timer, created after this, runs on the fake clock
  await card(page, 0).click();
  await page.clearPosted();
  await page.locator('.detail-pane .criterion input[type=checkbox]').nth(1).click();
  const add = page.locator('.detail-pane .add-criterion');
  await add.fill('Shows a spinner while checking');
  await add.press('Enter');
  await page.clock.runFor(8_100); // PENDING_TIMEOUT_MS: the host never answered
  await page.locator('.notice', { hasText: 'your last edit was not sent' }).waitFor();
  assert.deepEqual((await page.posted()).map((m) => m.type), ['toggleCriterion']);
});

test('an edit made while another is on its way is sent after the answer, against the new version and the item found by ID', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).click();
  await page.clearPosted();
  await page.locator('.detail-pane .criterion input[type=checkbox]').nth(1).click();
  const add = page.locator('.detail-pane .add-criterion');
  await add.fill('Shows a spinner while checking');
  await add.press('Enter');
  // Only the first edit is on its way; the second waits instead of going out against version 1 (it would be stale).
  assert.deepEqual(await page.posted(), [{ type: 'toggleCriterion', version: 1, item: 0, criterion: 1 }]);
  // A third edit before the answer is refused with a notice, and its text stays in the field.
  await add.fill('A third one');
  await add.press('Enter');
  assert.equal((await page.posted()).length, 1);
  assert.equal(await add.inputValue(), 'A third one');
  await page.locator('.notice', { hasText: 'still being written' }).waitFor();
  // The answer moved the item to rank 2 (someone reordered meanwhile): the waiting edit follows it by ID.
  await page.post(didChange(2, moved(smallSnapshot(), 0, 1)));
  const sent = await waitPosted(page, 'addCriterion');
  assert.deepEqual(sent, { type: 'addCriterion', version: 2, item: 1, text: 'Shows a spinner while checking' });
});

test('criteria: an empty edit is refused locally with a notice', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).click();
  await page.locator('.detail-pane .criterion-text').first().click();
  await page.clearPosted();
  await page.locator('.detail-pane .criterion-input').fill('   ');
  await page.keyboard.press('Enter');
  assert.deepEqual(await page.posted(), []);
  assert.match(await page.locator('.notice').innerText(), /cannot be empty/);
  await page.keyboard.press('Escape');
  const add = page.locator('.detail-pane .add-criterion');
  await add.fill('   ');
  await add.press('Enter');
  assert.deepEqual(await page.posted(), [], 'a blank criterion is not added');
});

test('value statement: Save sends setValueStatement; a role and a goal are required', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 1).click();
  const save = page.locator('.detail-pane .vs-actions .primary');
  assert.equal(await save.isDisabled(), true, 'nothing changed yet');
  await page.fill('#vs-benefit', 'I can file taxes');
  assert.equal(await save.isDisabled(), false);
  await page.clearPosted();
  await save.click();
  assert.deepEqual(await lastPosted(page), { type: 'setValueStatement', version: 1, item: 1, role: 'accountant', want: 'a CSV export of all orders', benefit: 'I can file taxes' });
  await page.post(didChange(2, smallSnapshot())); // the host's answer (the content does not matter here)
  await page.fill('#vs-role', '');
  assert.equal(await save.isDisabled(), true);
  await page.press('#vs-want', 'Enter');
  assert.equal((await page.posted()).length, 1, 'Enter with an empty role sends nothing');
  assert.match(await page.locator('.notice').innerText(), /role and a goal/);
  // An item without a statement offers to add one.
  await card(page, 2).click();
  assert.equal(await save.innerText(), 'Add value statement');
  await page.fill('#vs-role', 'night owl');
  await page.fill('#vs-want', 'a dark theme');
  await page.press('#vs-want', 'Enter');
  assert.deepEqual(await lastPosted(page), { type: 'setValueStatement', version: 2, item: 2, role: 'night owl', want: 'a dark theme', benefit: '' });
});

test('drafts survive a snapshot that arrives while typing', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).click();
  await page.fill('#vs-benefit', 'half-typed');
  await page.locator('.detail-pane .add-criterion').fill('also half');
  // Another edit changes the item (e.g. typed in the text editor): the pane is rebuilt.
  await page.post(didChange(2, edited(smallSnapshot(), 0, (it) => ({ ...it, title: 'Log in with email or phone' }))));
  assert.match(await page.locator('.detail-pane h2').innerText(), /email or phone/);
  assert.equal(await page.inputValue('#vs-benefit'), 'half-typed');
  assert.equal(await page.locator('.detail-pane .add-criterion').inputValue(), 'also half');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.focusKey), 'add-criterion');
});

test('status (select or free text) and estimate send setField', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).click();
  await page.clearPosted();
  await page.selectOption('#detail-status', 'Done');
  assert.deepEqual(await lastPosted(page), { type: 'setField', version: 1, item: 0, field: 'status', value: 'Done' });
  await page.post(didChange(2, smallSnapshot())); // the host's answer (the content does not matter here)
  const options = await page.$$eval('#detail-status option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(options.slice(0, 4), ['In Progress', 'Todo', 'Blocked', 'Done'], 'the file’s own words first');
  assert.equal(options.at(-1), 'Other…');
  await page.selectOption('#detail-status', { label: 'Other…' });
  const other = page.locator('.detail-pane .status-custom');
  assert.equal(await other.isVisible(), true);
  await other.fill('Waiting for legal');
  await other.press('Enter');
  assert.deepEqual(await lastPosted(page), { type: 'setField', version: 2, item: 0, field: 'status', value: 'Waiting for legal' });
  await page.post(didChange(3, smallSnapshot()));
  await page.fill('#detail-estimate', '8 SP');
  await page.press('#detail-estimate', 'Enter');
  assert.deepEqual(await lastPosted(page), { type: 'setField', version: 3, item: 0, field: 'estimate', value: '8 SP' });
  await page.post(didChange(4, smallSnapshot()));
  const n = (await page.posted()).length;
  await page.fill('#detail-estimate', '13');
  await page.press('#detail-estimate', 'Escape');
  assert.equal(await page.inputValue('#detail-estimate'), '3 SP', 'Escape reverts');
  assert.equal((await page.posted()).length, n);
});

test('move to group: the detail pane lists the groups (empty ones too) and sends moveToGroup; selection follows the card', async ({ browser, built }) => {
  const base = smallSnapshot();
  const s = normalise({ ...base, groups: [...base.groups, { title: 'Release 3', path: ['Release 3'], items: [] }] });
  const page = await openBoard(browser, built);
  await page.post(didChange(1, s));
  await card(page, 1).click();
  assert.deepEqual(await page.$$eval('#detail-group option', (os) => os.map((o) => o.textContent)), ['Release 1', 'Release 2', 'Release 3 (empty)']);
  assert.equal(await page.inputValue('#detail-group'), '0', 'the item’s own group is chosen');
  assert.equal(await page.locator('label[for="detail-group"]').textContent(), 'Group');
  await page.clearPosted();
  await page.selectOption('#detail-group', { label: 'Release 3 (empty)' });
  assert.deepEqual(await lastPosted(page), { type: 'moveToGroup', version: 1, item: 1, group: 2 });
  // The host's answer: US-2 is now the last item, in Release 3.
  const after = moved(s, 1, 4);
  await page.post(didChange(2, edited(after, 4, (it) => ({ ...it, group: 'Release 3', groupIndex: 2 }))));
  await card(page, 4).filter({ hasText: 'US-2' }).waitFor();
  assert.equal(await card(page, 4).getAttribute('aria-selected'), 'true');
  assert.equal(await page.inputValue('#detail-group'), '2');
  assert.deepEqual(await page.$$eval('#detail-group option', (os) => os.map((o) => o.textContent)), ['Release 1', 'Release 2', 'Release 3']);
  assert.match(await page.locator('.sr-only[aria-live]').first().textContent(), /US-2 moved to rank 5/);
  // Choosing the group it is in sends nothing; a backlog without groups shows the group as text, with no picker.
  const n = (await page.posted()).length;
  await page.selectOption('#detail-group', '2');
  assert.equal((await page.posted()).length, n);
  await page.post(didChange(3, normalise({ ...s, groups: [], items: s.items.map((it) => ({ ...it, group: null, groupIndex: -1 })) })));
  await page.locator('#detail-group').waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
});

test('new item at a chosen rank; the new card is selected when it arrives', async ({ browser, built }) => {
  const page = await small(browser, built);
  await page.locator('button[aria-label="New item…"]').click();
  assert.equal(await page.locator('#new-item-rank').inputValue(), '6', 'appends by default');
  await page.fill('#new-item-title', 'Pay by invoice');
  await page.fill('#new-item-rank', '2');
  await page.clearPosted();
  await page.press('#new-item-title', 'Enter');
  assert.deepEqual(await lastPosted(page), { type: 'newItem', version: 1, rank: 2, title: 'Pay by invoice' });
  assert.equal(await page.locator('.new-item-form').isVisible(), false);
  const s = smallSnapshot();
  const items = [...s.items];
  items.splice(1, 0, item(1, { title: 'Pay by invoice', group: 'Release 1', groupIndex: 0 }));
  await page.post(didChange(2, normalise({ ...s, items })));
  assert.equal(await card(page, 1).locator('.card-title').textContent(), 'Pay by invoice');
  assert.equal(await card(page, 1).getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('.detail-pane h2').innerText(), /Pay by invoice/);
  // Out-of-range ranks are clamped; an empty title is refused.
  await page.locator('button[aria-label="New item…"]').click();
  await page.fill('#new-item-title', 'Last');
  await page.fill('#new-item-rank', '99');
  await page.press('#new-item-title', 'Enter');
  assert.deepEqual(await lastPosted(page), { type: 'newItem', version: 2, rank: 7, title: 'Last' });
  await page.locator('button[aria-label="New item…"]').click();
  const n = (await page.posted()).length;
  await page.press('#new-item-title', 'Enter');
  assert.equal((await page.posted()).length, n);
});

test('reveal in editor: the detail button and a double-click send revealItem', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 3).click();
  await page.clearPosted();
  await page.locator('.detail-pane button[aria-label="Show in editor"]').click();
  assert.deepEqual(await lastPosted(page), { type: 'revealItem', item: 3 });
  await card(page, 4).dblclick();
  assert.deepEqual(await lastPosted(page), { type: 'revealItem', item: 4 });
  assert.equal(await page.evaluate(() => document.getElementById('board').classList.contains('is-pending')), false, 'reveal is not an edit');
});

// ---------------------------------------------------------------------------------------------- pending, rejection

test('an edit shows a pending state; a stale rejection shows a notice and re-renders from the last snapshot', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 0).click();
  const box = page.locator('.detail-pane .criterion').first().locator('input[type=checkbox]');
  assert.equal(await box.isChecked(), true);
  await box.click(); // the browser unticks it at once; the model has not changed
  assert.equal(await page.evaluate(() => document.getElementById('board').classList.contains('is-pending')), true);
  assert.equal(await page.locator('.cards').getAttribute('aria-busy'), 'true');
  await page.post({ type: 'editRejected', reason: 'stale', message: 'The document changed.' });
  const notice = page.locator('.notice');
  assert.equal(await notice.getAttribute('role'), 'status');
  assert.equal(await notice.getAttribute('aria-live'), 'polite');
  assert.match(await notice.innerText(), /changed before the edit arrived/);
  assert.equal(await page.evaluate(() => document.getElementById('board').classList.contains('is-pending')), false);
  assert.equal(await page.locator('.detail-pane .criterion').first().locator('input[type=checkbox]').isChecked(), true, 'shows the snapshot again');
  await notice.locator('button[aria-label="Dismiss"]').click();
  assert.equal(await notice.isVisible(), false);
});

test('invalid and failed rejections show the host’s message', async ({ browser, built }) => {
  const page = await small(browser, built);
  await page.post({ type: 'editRejected', reason: 'invalid', message: 'The table has no Estimate column.' });
  assert.match(await page.locator('.notice').innerText(), /not applied\. The table has no Estimate column\./);
  await page.post({ type: 'editRejected', reason: 'failed', message: 'Could not write the file.' });
  assert.match(await page.locator('.notice').innerText(), /failed\. Could not write the file\./);
  assert.equal(await page.locator('.notice').getAttribute('data-kind'), 'failed');
});

// ---------------------------------------------------------------------------------------------- filter, density, state

test('filter box and status filter', async ({ browser, built }) => {
  const page = await small(browser, built);
  await page.fill('.filter', 'export');
  assert.deepEqual(await cardIds(page), ['US-2']);
  assert.equal(await page.locator('.board-count').innerText(), '1 of 5 items');
  await page.fill('.filter', 'search by order'); // criterion text
  assert.deepEqual(await cardIds(page), ['US-4']);
  await page.fill('.filter', 'us-1');
  assert.deepEqual(await cardIds(page), ['US-1']);
  await page.fill('.filter', 'nothing matches this');
  assert.deepEqual(await cardIds(page), []);
  assert.equal(await page.locator('.empty').innerText(), 'No items match the filter.');
  await page.fill('.filter', '');
  const labels = await page.$$eval('.status-filter option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(labels, ['All statuses', 'To do (1)', 'In progress (1)', 'Done (1)', 'Blocked (1)', 'No status (1)']);
  await page.selectOption('.status-filter', 'in-progress');
  assert.deepEqual(await cardIds(page), ['US-1']);
  await page.selectOption('.status-filter', 'raw:blocked');
  assert.deepEqual(await cardIds(page), ['US-3']);
  await page.selectOption('.status-filter', 'none');
  assert.deepEqual(await cardIds(page), ['US-5']);
  assert.deepEqual(await page.$$eval('.section-header:not([hidden]) .section-title', (els) => els.map((e) => e.textContent)), ['Release 2']);
  // Keyboard moves with a filter on step over the neighbouring visible card.
  await page.selectOption('.status-filter', '');
  await page.fill('.filter', 'orders');
  assert.deepEqual(await cardIds(page), ['US-1', 'US-2', 'US-4']);
  await card(page, 3).focus();
  await page.clearPosted();
  await page.keyboard.press('Alt+ArrowUp');
  assert.deepEqual(await lastPosted(page), { type: 'moveItem', version: 1, from: 3, to: 1 });
});

test('density toggle: compact list and detail cards', async ({ browser, built }) => {
  const page = await small(browser, built);
  const tall = (await card(page, 0).boundingBox()).height;
  const toggle = page.locator('.density-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  assert.equal(await page.locator('#board').getAttribute('data-density'), 'list');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await card(page, 0).locator('.card-more').isVisible(), false);
  const short = (await card(page, 0).boundingBox()).height;
  assert.ok(short < 30 && short < tall / 3, `compact rows (${short}px vs ${tall}px)`);
  assert.equal((await page.state()).density, 'list');
  await page.screenshot({ path: join(ensureResults(), 'list-density-dark.png') });
  await toggle.click();
  assert.equal(await page.locator('#board').getAttribute('data-density'), 'detail');
});

test('state survives hide/restore: filter, status, density, selection, scroll', async ({ browser, built }) => {
  const page = await small(browser, built);
  await page.fill('.filter', 'orders');
  await page.selectOption('.status-filter', 'todo');
  await page.locator('.density-toggle').click();
  await card(page, 1).click();
  const saved = await page.state();
  assert.deepEqual({ ...saved, scrollTop: 0, pageScrollY: 0 }, { filter: 'orders', status: 'todo', density: 'list', selected: { index: 1, id: 'US-2' }, scrollTop: 0, pageScrollY: 0 });
  await page.closeAll();

  const restored = await openBoard(browser, built, { state: saved });
  await restored.post(didChange(1, smallSnapshot()));
  assert.equal(await restored.inputValue('.filter'), 'orders');
  assert.equal(await restored.inputValue('.status-filter'), 'todo');
  assert.equal(await restored.locator('#board').getAttribute('data-density'), 'list');
  assert.deepEqual(await cardIds(restored), ['US-2']);
  assert.equal(await card(restored, 1).getAttribute('aria-selected'), 'true');
  assert.match(await restored.locator('.detail-pane h2').innerText(), /US-2/);
  await restored.closeAll();

  // Scroll position, on a long list.
  const big = bigSnapshot(300);
  const p3 = await openBoard(browser, built, { state: { ...saved, filter: '', status: '', selected: null, density: 'detail' } });
  await p3.post(didChange(1, big));
  await p3.waitForFunction(() => window.__boardStats?.complete);
  await p3.evaluate(() => (document.querySelector('.list-pane').scrollTop = 2400));
  const state = await until(async () => {
    const s = await p3.state();
    return s.scrollTop > 2000 && s;
  }, 'the scroll position to be saved');
  await p3.closeAll();
  const p4 = await openBoard(browser, built, { state });
  await p4.post(didChange(1, big));
  await p4.waitForFunction(() => window.__boardStats?.complete);
  const top = await p4.evaluate(() => document.querySelector('.list-pane').scrollTop);
  assert.ok(Math.abs(top - state.scrollTop) < 2, `scroll restored (${top} vs ${state.scrollTop})`);
  await p4.closeAll();
});

test('a corrupt saved state falls back to defaults', async ({ browser, built }) => {
  const page = await openBoard(browser, built, { state: { filter: 42, density: 'huge', selected: 'x', scrollTop: -1 } });
  await page.post(didChange(1, smallSnapshot()));
  assert.equal(await page.inputValue('.filter'), '');
  assert.equal(await page.locator('#board').getAttribute('data-density'), 'detail');
  assert.equal((await cardIds(page)).length, 5);
  assert.deepEqual(page.errors, []);
});

test('focusItem from the host selects and focuses the card, clearing a filter that hides it', async ({ browser, built }) => {
  const page = await small(browser, built);
  await page.fill('.filter', 'export');
  await page.post({ type: 'focusItem', index: 3 });
  assert.equal(await page.inputValue('.filter'), '');
  assert.equal(await focusedIndex(page), '3');
  assert.equal(await card(page, 3).getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('.detail-pane h2').innerText(), /US-4/);
});

test('focusItem before the first snapshot is applied when the snapshot arrives', async ({ browser, built }) => {
  const page = await openBoard(browser, built);
  await page.post({ type: 'focusItem', index: 2 });
  await page.post(didChange(1, smallSnapshot()));
  assert.equal(await focusedIndex(page), '2');
  assert.equal(await card(page, 2).getAttribute('aria-selected'), 'true');
});

test('selection follows an item that moved, by ID', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 1).click();
  await page.post(didChange(2, moved(smallSnapshot(), 1, 4)));
  assert.equal(await card(page, 4).getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('.detail-pane h2').innerText(), /#5\s*US-2/);
});

test('an empty backlog explains itself', async ({ browser, built }) => {
  const page = await openBoard(browser, built);
  await page.post(didChange(1, normalise({ fileName: 'BACKLOG.md', shape: null, groups: [], items: [], problems: [{ ruleId: 'no-items', severity: 'warning', message: 'No items found' }] })));
  assert.match(await page.locator('.empty').innerText(), /No items in BACKLOG\.md yet/);
  assert.match(await page.locator('.file-problems summary').innerText(), /1 problem in BACKLOG\.md/);
});

// ---------------------------------------------------------------------------------------------- layout, looks

test('narrow width: the detail pane goes under the cards, nothing overflows sideways', async ({ browser, built }) => {
  const page = await small(browser, built, { width: 380, height: 800 });
  await card(page, 0).click();
  const list = await page.locator('.list-pane').boundingBox();
  const detail = await page.locator('.detail-pane').boundingBox();
  assert.ok(detail.y >= list.y + list.height - 1, 'detail below the list');
  assert.ok(detail.width > 340, 'detail uses the full width');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 380), 'no horizontal scroll');
  await page.screenshot({ path: join(ensureResults(), 'narrow-dark.png'), fullPage: true });
  // Wide again: side by side.
  await page.setViewportSize({ width: 900, height: 700 });
  const d2 = await page.locator('.detail-pane').boundingBox();
  assert.ok(d2.x > 400 && d2.y < 100, 'side pane at wide widths');
});

test('focus outlines use the theme’s focus border', async ({ browser, built }) => {
  const page = await small(browser, built);
  await card(page, 1).focus();
  await page.keyboard.press('ArrowDown');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
  assert.equal(outline, 'rgb(0, 120, 212)'); // --vscode-list-focusOutline / focusBorder in Dark Modern
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const o2 = await page.evaluate(() => [document.activeElement.getAttribute('aria-label'), getComputedStyle(document.activeElement).outlineStyle]);
  assert.deepEqual(o2, ['Accept item…', 'solid']); // the detail header's first button
});

test('screenshots: dark, light and high contrast', async ({ browser, built }) => {
  const dir = ensureResults();
  const page = await small(browser, built, { width: 1000, height: 700 });
  await card(page, 0).click();
  await page.locator('.filter').focus();
  await page.screenshot({ path: join(dir, 'board-dark.png') });
  await applyTheme(page, 'light');
  await page.screenshot({ path: join(dir, 'board-light.png') });
  await applyTheme(page, 'highContrast');
  await card(page, 0).focus();
  await page.screenshot({ path: join(dir, 'board-high-contrast.png') });
  // Forms, the help popup and a notice, in the dark theme.
  await applyTheme(page, 'dark');
  await page.locator('button[aria-label="New item…"]').click();
  await page.fill('#new-item-title', 'Pay by invoice');
  await page.post({ type: 'editRejected', reason: 'stale', message: '' });
  await page.locator('.help summary').click();
  await card(page, 2).click();
  await page.screenshot({ path: join(dir, 'board-dark-forms.png') });
  // The stylesheet names no colours of its own: every colour is a theme variable.
  const css = built.files.get('/board.css').body.toString();
  assert.doesNotMatch(css.replace(/\/\*[\s\S]*?\*\//g, ''), /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|(?<![\w-])(?:white|black|red|blue|green|gray|grey)(?![\w-])/i);
});

// ---------------------------------------------------------------------------------------------- performance

test('1,000 items: first paint, full render, re-render after an edit, after a move, and filtering', async ({ browser, built }) => {
  const page = await openBoard(browser, built, { width: 1200, height: 800 });
  const big = bigSnapshot(1000);
  /** Dispatches a snapshot; returns the synchronous handling time and the time until the next frame is drawn. */
  const measure = (msg) =>
    page.evaluate(
      (m) =>
        new Promise((resolve) => {
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: m }));
          const sync = performance.now() - t0;
          const stats = { ...window.__boardStats }; // of the synchronous pass; later chunks overwrite the global
          requestAnimationFrame(() => setTimeout(() => resolve({ sync, frame: performance.now() - t0, stats }), 0));
        }),
      msg,
    );
  const first = await measure(didChange(1, big));
  const t0 = Date.now();
  await page.waitForFunction(() => window.__boardStats?.complete && document.querySelectorAll('.cards .card').length === 1000);
  const complete = first.frame + (Date.now() - t0);
  assert.equal(await page.locator('.cards .card').count(), 1000);
  assert.deepEqual((await cardIds(page)).slice(0, 3), ['US-1', 'US-2', 'US-3']);
  assert.equal((await cardIds(page)).at(-1), 'US-1000');

  const afterToggle = edited(big, 500, (it) => ({ ...it, criteria: it.criteria.map((c, i) => (i === 1 ? { ...c, done: true } : c)) }));
  const edit = await measure(didChange(2, afterToggle));
  assert.equal(edit.stats.built, 1, 'one card rebuilt after one edit');
  assert.equal(edit.stats.complete, true);

  const mv = await measure(didChange(3, moved(afterToggle, 0, 999)));
  assert.equal(mv.stats.built, 0, 'a move reuses every card');
  assert.deepEqual((await cardIds(page)).slice(0, 2), ['US-2', 'US-3']);
  assert.equal((await cardIds(page)).at(-1), 'US-1');
  assert.equal(await card(page, 999).locator('.card-rank').textContent(), '1000');

  const filter = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const input = document.querySelector('.filter');
        const t0 = performance.now();
        input.value = 'us-5';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const sync = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => resolve({ sync, frame: performance.now() - t0, n: document.querySelectorAll('.cards .card').length }), 0));
      }),
  );
  assert.equal(filter.n, 111); // 5, 50–59, 500–599

  // End reaches the last card even while it is far below.
  await page.fill('.filter', '');
  await card(page, 0).focus();
  await page.keyboard.press('End');
  assert.equal(await focusedIndex(page), '999');

  const r = (x) => Math.round(x * 10) / 10;
  timings.push(
    `1,000 items: first pass ${r(first.sync)} ms script (validation ${r(first.stats.parseMs)}, ${first.stats.built} cards built) / ${r(first.frame)} ms to first frame; all 1,000 cards after ${r(complete)} ms`,
    `re-render after one edit: ${r(edit.sync)} ms script (validation ${r(edit.stats.parseMs)}, render ${r(edit.stats.ms)}) / ${r(edit.frame)} ms to frame (${edit.stats.built} card rebuilt)`,
    `re-render after moving item 1 to the end: ${r(mv.sync)} ms script (validation ${r(mv.stats.parseMs)}, render ${r(mv.stats.ms)}) / ${r(mv.frame)} ms to frame (${mv.stats.built} cards rebuilt)`,
    `filter 1,000 → ${filter.n}: ${r(filter.sync)} ms script / ${r(filter.frame)} ms to frame`,
  );
  // The times above are reported, not asserted (shared CI cores make timed assertions flaky); what keeps the board
  // fast is asserted instead: the first pass builds a screenful, not 1,000 cards.
  assert.ok(first.stats.built > 0 && first.stats.built <= 200, `first pass built ${first.stats.built} cards`);
  assert.deepEqual(page.errors, []);
});

// ---------------------------------------------------------------------------------------------- runner

const only = process.argv[2];
const selected = only ? tests.filter((t) => t.name.includes(only)) : tests;
const built = await build();
const browser = await launch();
let passed = 0;
let failed = 0;
try {
  for (const t of selected) {
    const t0 = Date.now();
    const pagesBefore = new Set(browser.contexts());
    try {
      await t.fn({ browser, built });
      // Every test ends without page errors in any page it opened.
      passed++;
      console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
      const ctx = browser.contexts().find((c) => !pagesBefore.has(c));
      const page = ctx?.pages()[0];
      if (page) await page.screenshot({ path: join(ensureResults(), `FAILED-${t.name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
    } finally {
      for (const c of browser.contexts()) if (!pagesBefore.has(c)) await c.close().catch(() => {});
    }
  }
} finally {
  await browser.close();
  built.cleanup();
}
if (timings.length) {
  console.log('\n  render timings (headless chromium, this machine):');
  for (const l of timings) console.log(`    ${l}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
