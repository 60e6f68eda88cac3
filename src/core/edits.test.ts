import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  planAddCriterion,
  planEditCriterion,
  planInsertItem,
  planMove,
  planMoveCriterion,
  planMoveItems,
  planMoveItemsToGroup,
  planDisableRule,
  planMoveNextTo,
  planMoveStep,
  planMoveToGroup,
  planRemoveCriterion,
  planRenumberPriorities,
  planSetField,
  planSetValueStatement,
  planToggleCriterion,
  nextItemId,
  type Plan,
  verifyPlan,
} from './edits';
import { parseBacklog } from './parse';

const lines = (...l: string[]) => l.join('\n');
const run = (text: string, plan: (b: ReturnType<typeof parseBacklog>) => Plan) => {
  const b = parseBacklog(text);
  const p = plan(b);
  if (!p.ok) throw new Error(p.error);
  return applyEdits(text, p.edits);
};
const titles = (text: string) => parseBacklog(text).items.map((i) => i.title);

const headings = lines(
  '# Backlog',
  '',
  '## US-1 Login',
  '',
  'As a user, I want to log in, so that I see my data.',
  '',
  '## US-2 Logout',
  '',
  'As a user, I want to log out, so that nobody else uses my session.',
  '',
  '## US-3 Profile',
  '',
  'As a user, I want a profile, so that others know me.',
  '',
);

describe('planMove', () => {
  it('moves a heading item to the top, touching only the moved range', () => {
    const out = run(headings, (b) => planMove(b, 2, 0));
    expect(titles(out)).toEqual(['Profile', 'Login', 'Logout']);
    expect(out.startsWith('# Backlog\n\n## US-3 Profile\n')).toBe(true);
    expect([...out].sort().join('')).toBe([...headings].sort().join(''));
  });

  it('moving back restores the original byte for byte', () => {
    const moved = run(headings, (b) => planMove(b, 0, 2));
    expect(run(moved, (b) => planMove(b, 2, 0))).toBe(headings);
  });

  it('keeps CRLF and a missing final newline', () => {
    const crlf = headings.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const out = run(crlf, (b) => planMove(b, 2, 0));
    expect(out.includes('\n') && !/[^\r]\n/.test(out)).toBe(true);
    expect(out.endsWith('\r\n')).toBe(false);
    expect(out.endsWith('so that nobody else uses my session.')).toBe(true);
    expect(run(out, (b) => planMove(b, 0, 2))).toBe(crlf);
  });

  it('keeps ordered-list numbers in place and re-indents continuation lines', () => {
    const text = lines('1. First', '   more about first', '2. Second', '10. Tenth', '    more about tenth');
    const out = run(text, (b) => planMove(b, 2, 0));
    expect(out).toBe(lines('1. Tenth', '   more about tenth', '2. First', '   more about first', '10. Second'));
  });

  it('moves checkbox items with their state and bullets stay in place', () => {
    const text = lines('- [ ] one', '* [x] two', '- [ ] three');
    expect(run(text, (b) => planMove(b, 1, 2))).toBe(lines('- [ ] one', '* [ ] three', '- [x] two'));
  });

  it('moves table rows', () => {
    const text = lines('| ID | Story | Priority |', '|----|-------|----------|', '| US-1 | Login | 1 |', '| US-2 | Logout | 2 |', '');
    expect(run(text, (b) => planMove(b, 1, 0))).toBe(lines('| ID | Story | Priority |', '|----|-------|----------|', '| US-2 | Logout | 2 |', '| US-1 | Login | 1 |', ''));
  });

  it('moves an item into another group next to the item it lands on', () => {
    const text = lines('# B', '', '## Sprint 1', '', '- a', '- b', '', '## Sprint 2', '', '- c', '- d', '');
    const out = run(text, (b) => planMove(b, 0, 2));
    expect(out).toBe(lines('# B', '', '## Sprint 1', '', '- b', '', '## Sprint 2', '', '- c', '- a', '- d', ''));
    const b = parseBacklog(out);
    expect(b.items.map((i) => `${i.title}@${i.group}`)).toEqual(['b@Sprint 1', 'c@Sprint 2', 'a@Sprint 2', 'd@Sprint 2']);
  });

  it('a step at the end of a group swaps with the first item of the next group: rank +1, the opposite step restores', () => {
    const text = lines('## Now', '', '- a', '- b', '', '## Next', '', '- c', '');
    const p = planMoveStep(parseBacklog(text), 1, 'down');
    expect(p).toMatchObject({ ok: true, newIndex: 2 });
    const out = run(text, (b) => planMoveStep(b, 1, 'down'));
    expect(out).toBe(lines('## Now', '', '- a', '- c', '', '## Next', '', '- b', ''));
    expect(run(out, (b) => planMoveStep(b, 2, 'up'))).toBe(text);
  });

  it('a step is a minimal edit: the two items, nothing between them (blank lines of a loose list, a paragraph, a heading)', () => {
    const loose = lines('# B', '', '## Now', '', '- US-1 a', '', '- US-2 b', '', '## Later', '', '- US-3 c', '', '- US-4 d', '');
    const p = planMoveStep(parseBacklog(loose), 1, 'down');
    expect(p.ok && p.edits.map((e) => [loose.slice(e.start, e.end), e.newText])).toEqual([
      ['US-2 b', 'US-3 c'],
      ['US-3 c', 'US-2 b'],
    ]);
    const out = run(loose, (b) => planMoveStep(b, 1, 'down'));
    expect(out).toBe(loose.replace('US-2 b', 'X').replace('US-3 c', 'US-2 b').replace('X', 'US-3 c'));
    expect(run(out, (b) => planMoveStep(b, 2, 'up'))).toBe(loose);
    const paragraph = lines('# B', '', '- US-1 a', '- US-2 b', '', 'Some text.', '', '- US-3 c', '');
    expect(run(run(paragraph, (b) => planMoveStep(b, 1, 'down')), (b) => planMoveStep(b, 2, 'up'))).toBe(paragraph);
  });

  it('a tab after the marker puts the text at column 4: nested lines move with their item, and back byte for byte', () => {
    const text = lines('## Now', '', '-\tUS-1 a', '    - [ ] a criterion', '', '## Later', '', '- US-2 b', '  - [ ] b criterion', '');
    const out = run(text, (b) => planMoveStep(b, 0, 'down'));
    expect(out).toBe(lines('## Now', '', '-\tUS-2 b', '    - [ ] b criterion', '', '## Later', '', '- US-1 a', '  - [ ] a criterion', ''));
    expect(parseBacklog(out).items.map((i) => `${i.id}:${i.criteria.length}`)).toEqual(['US-2:1', 'US-1:1']);
    expect(run(out, (b) => planMoveStep(b, 1, 'up'))).toBe(text);
    // A line indented with a tab keeps its tab when it moves right, and stays nested when it moves left.
    const tabbed = lines('## Now', '', '-\tUS-1 a', '\t- [ ] a criterion', '', '## Later', '', '- US-2 b', '');
    const moved = run(tabbed, (b) => planMoveStep(b, 0, 'down'));
    expect(parseBacklog(moved).items.map((i) => `${i.id}:${i.criteria.length}`)).toEqual(['US-2:0', 'US-1:1']);
  });

  it('HTML rows: a comment between rows stays, each row keeps its own indentation', () => {
    const html = lines(
      '<table>',
      '  <tr><th>ID</th><th>Story</th></tr>',
      '  <tr><td>US-1</td><td>As a u, I want a, so that b.</td></tr>',
      '  <!-- c -->',
      '    <tr>',
      '      <td>US-2</td>',
      '      <td>As a u, I want c, so that d.</td>',
      '    </tr>',
      '</table>',
      '',
    );
    expect(parseBacklog(html).items.map((i) => i.id)).toEqual(['US-1', 'US-2']);
    const out = run(html, (b) => planMoveStep(b, 0, 'down'));
    expect(out).toBe(
      lines(
        '<table>',
        '  <tr><th>ID</th><th>Story</th></tr>',
        '    <tr>',
        '      <td>US-2</td>',
        '      <td>As a u, I want c, so that d.</td>',
        '    </tr>',
        '  <!-- c -->',
        '  <tr><td>US-1</td><td>As a u, I want a, so that b.</td></tr>',
        '</table>',
        '',
      ),
    );
    expect(run(out, (b) => planMoveStep(b, 1, 'up'))).toBe(html);
    // planMove keeps the comment in place too.
    expect(run(html, (b) => planMove(b, 0, 1))).toBe(out);
  });

  it('refuses rows of tables with other columns with a sentence that says what to do', () => {
    const text = lines('| ID | Story |', '| --- | --- |', '| US-1 | a |', '', '| ID | Story | Owner |', '| --- | --- | --- |', '| US-2 | b | Ana |', '');
    const p = planMoveStep(parseBacklog(text), 0, 'down');
    expect(p).toEqual({
      ok: false,
      error: 'US-1 and US-2 are rows of two tables with different columns (ID, Story | ID, Story, Owner), so they cannot swap places; move the row within its table, or give both tables the same columns first.',
    });
  });

  it('refuses rows of tables with as many columns of other kinds (the row would read its title as an estimate)', () => {
    const text = lines('| Key | Story | How to demo |', '|---|---|---|', '| SHOP-8 | Remove an item | See the total drop |', '', 'Story | Estimate | Validation criteria', '--|--|--', 'Pay by card | 5 | A declined card shows why', '');
    const p = planMoveStep(parseBacklog(text), 0, 'down');
    expect(p.ok).toBe(false);
    expect(p.ok ? '' : p.error).toContain('are rows of two tables with different columns (Key, Story, How to demo | Story, Estimate, Validation criteria)');
    // Same kinds under other names: the row keeps its reading, the step is made.
    const same = lines('| Key | Story | How to demo |', '|---|---|---|', '| SHOP-8 | Remove an item | See the total drop |', '', '| ID | Title | Acceptance criteria |', '|---|---|---|', '| SHOP-9 | Pay by card | A declined card shows why |', '');
    const moved = run(same, (b) => planMoveStep(b, 0, 'down'));
    expect(parseBacklog(moved).items.map((i) => [i.id, i.title])).toEqual([['SHOP-9', 'Pay by card'], ['SHOP-8', 'Remove an item']]);
  });

  it('refuses a step that re-indents a lazy continuation line into the text (it could not be undone)', () => {
    const text = lines('intro', '  - Priority: 3', '  lazy line', '- [ ] US-3 Cancel a booking', '');
    const p = planMoveStep(parseBacklog(text), 1, 'up');
    expect(p.ok).toBe(false);
    expect(p.ok ? '' : p.error).toContain('has a line indented less than its text (a lazy continuation line)');
    // A lazy line at column 0 stays lazy at the new level: the step is made and undone byte for byte.
    const zero = lines('intro', '  - Priority: 3', 'lazy line', '- [ ] US-3 Cancel a booking', '');
    const up = run(zero, (b) => planMoveStep(b, 1, 'up'));
    expect(run(up, (b) => planMoveStep(b, 0, 'down'))).toBe(zero);
  });

  it('refuses ranks out of range with a sentence', () => {
    const p = planMove(parseBacklog(headings), 0, 7);
    expect(p).toEqual({ ok: false, error: 'No item at rank 8: ranks go from 1 to 3.' });
    expect(planMoveStep(parseBacklog(headings), 0, 'up')).toEqual({ ok: false, error: 'The item is already at the top.' });
  });
});

describe('planMoveToGroup: the way into an empty group', () => {
  const group = (text: string, title: string) => parseBacklog(text).groups.findIndex((g) => g.title === title);
  const into = (text: string, index: number, title: string) => run(text, (b) => verifyPlan(b, planMoveToGroup(b, index, group(text, title))));

  it('writes a list item into an empty group after its heading; moving it back restores the file', () => {
    const text = lines('# B', '', '## Now', '', '- US-1 a', '- US-2 b', '', '## Next', '', '## Later', '', '- US-3 c', '');
    const out = into(text, 1, 'Next');
    expect(out).toBe(lines('# B', '', '## Now', '', '- US-1 a', '', '## Next', '', '- US-2 b', '', '## Later', '', '- US-3 c', ''));
    expect(parseBacklog(out).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-1@Now', 'US-2@Next', 'US-3@Later']);
    // Back into Now: after its last item.
    expect(into(out, 1, 'Now')).toBe(text);
  });

  it('keeps what the empty group holds (a paragraph), ordered markers start at 1, CRLF and no final newline', () => {
    const text = lines('## Now', '', '3. US-1 a', '4. US-2 b', '   more about b', '', '## Next', '', 'Nothing planned yet.').replace(/\n/g, '\r\n');
    const out = into(text, 1, 'Next');
    expect(out).toBe(lines('## Now', '', '3. US-1 a', '', '## Next', '', 'Nothing planned yet.', '', '1. US-2 b', '   more about b').replace(/\n/g, '\r\n'));
    expect(into(out, 1, 'Now')).toBe(text);
  });

  it('the last item of a group at the end of the file leaves the group as it was before it came', () => {
    const text = lines('## Now', '', '- US-1 a', '', '## Next', '');
    const out = into(text, 0, 'Next');
    expect(out).toBe(lines('## Now', '', '## Next', '', '- US-1 a', ''));
    expect(into(out, 0, 'Now')).toBe(text);
  });

  it('heading items', () => {
    const text = lines('# B', '', '## Now', '', '### US-1 a', '', 'As a u, I want a, so that b.', '', '### US-2 b', '', '## Next', '');
    const out = into(text, 1, 'Next');
    expect(out).toBe(lines('# B', '', '## Now', '', '### US-1 a', '', 'As a u, I want a, so that b.', '', '## Next', '', '### US-2 b', ''));
    expect(into(out, 1, 'Now')).toBe(text);
  });

  it('a table row goes back into the table its group kept (the header rows stay when the last row leaves)', () => {
    const text = lines('## Now', '', '| ID | Story |', '|---|---|', '| US-1 | a |', '', '## Next', '', '| ID | Story |', '|---|---|', '| US-2 | b |', '');
    const left = run(text, (b) => planMove(b, 0, 1));
    expect(left).toBe(lines('## Now', '', '| ID | Story |', '|---|---|', '', '## Next', '', '| ID | Story |', '|---|---|', '| US-2 | b |', '| US-1 | a |', ''));
    // The header rows left behind are an empty table of items, not a `| ID | Story |` key/value table.
    expect(parseBacklog(left).shape).toBe('table');
    expect(parseBacklog(left).groups.map((g) => g.title)).toEqual(['Now', 'Next']);
    expect(into(left, 1, 'Now')).toBe(text);
  });

  it('an HTML row goes back into the HTML table its group kept, with its own indentation', () => {
    const text = lines('## Now', '', '<table>', '  <tr><th>ID</th><th>Story</th></tr>', '    <tr><td>US-1</td><td>a</td></tr>', '</table>', '', '## Next', '', '<table>', '  <tr><th>ID</th><th>Story</th></tr>', '  <tr><td>US-2</td><td>b</td></tr>', '</table>', '');
    const left = run(text, (b) => planMove(b, 0, 1));
    expect(left).toBe(lines('## Now', '', '<table>', '  <tr><th>ID</th><th>Story</th></tr>', '</table>', '', '## Next', '', '<table>', '  <tr><th>ID</th><th>Story</th></tr>', '  <tr><td>US-2</td><td>b</td></tr>', '    <tr><td>US-1</td><td>a</td></tr>', '</table>', ''));
    expect(into(left, 1, 'Now')).toBe(text);
  });

  it('a table row into a group without a table starts one with the header rows of its own', () => {
    const text = lines('## Now', '', '  | ID | Story |', '  | :-: | --- |', '  | US-1 | a |', '  | US-2 | b |', '', '## Next', '');
    const out = into(text, 1, 'Next');
    expect(out).toBe(lines('## Now', '', '  | ID | Story |', '  | :-: | --- |', '  | US-1 | a |', '', '## Next', '', '  | ID | Story |', '  | :-: | --- |', '  | US-2 | b |', ''));
    expect(parseBacklog(out).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-1@Now', 'US-2@Next']);
  });

  it('a list item goes back under a parent bullet whose items all left', () => {
    const text = lines('# B', '', '- Now', '  - [ ] US-1 a', '    more about a', '- Later', '  - [ ] US-2 b', '');
    const left = run(text, (b) => planMoveNextTo(b, 0, 1, 'after'));
    expect(left).toBe(lines('# B', '', '- Now', '- Later', '  - [ ] US-2 b', '  - [ ] US-1 a', '    more about a', ''));
    expect(into(left, 1, 'Now')).toBe(text);
  });

  it('into a group with items: after its last one (a group inside it counts); already there: no edit', () => {
    const text = lines('# B', '', '## Release one', '', '### Sprint one', '', '- US-1 a', '', '## Release two', '', '- US-2 b', '- US-3 c', '');
    expect(titles(into(text, 2, 'Release one'))).toEqual(['a', 'c', 'b']);
    expect(parseBacklog(into(text, 2, 'Release one')).items[1].group).toBe('Sprint one');
    const b = parseBacklog(text);
    expect(planMoveToGroup(b, 2, group(text, 'Release two'))).toEqual({ ok: true, edits: [], newIndex: 2 });
  });

  it('refuses with a sentence: no such group, an HTML row into a group without a table, a table with other columns', () => {
    const text = lines('## Now', '', '- US-1 a', '');
    expect(planMoveToGroup(parseBacklog(text), 0, 5)).toEqual({ ok: false, error: 'No group 6: the backlog has 1 groups.' });
    const html = lines('## Now', '', '<table>', '<tr><th>ID</th><th>Story</th></tr>', '<tr><td>US-1</td><td>a</td></tr>', '</table>', '', '## Next', '');
    expect(planMoveToGroup(parseBacklog(html), 0, group(html, 'Next'))).toMatchObject({ ok: false, error: expect.stringMatching(/^US-1 is a row of an HTML table, which cannot start a table in "Next"; add an HTML table there first/) });
    const other = lines('## Now', '', '| ID | Story |', '|---|---|', '| US-1 | a |', '', '## Next', '', '| ID | Story | Owner |', '|---|---|---|', '');
    expect(planMoveToGroup(parseBacklog(other), 0, group(other, 'Next'))).toMatchObject({ ok: false, error: 'The table in "Next" has 3 columns and the row of US-1 2; give both tables the same columns first.' });
  });
});

describe('planMoveItemsToGroup: a multi-select drop on a group', () => {
  const group = (text: string, title: string) => parseBacklog(text).groups.findIndex((g) => g.title === title);
  const plan = (text: string, indexes: number[], title: string) => {
    const b = parseBacklog(text);
    const p = verifyPlan(b, planMoveItemsToGroup(b, indexes, group(text, title)));
    if (!p.ok) throw new Error(p.error);
    return p;
  };
  const into = (text: string, indexes: number[], title: string) => applyEdits(text, plan(text, indexes, title).edits);
  const at = (text: string) => parseBacklog(text).items.map((i) => `${i.id}@${i.group}`);
  const text = lines('# Backlog', '', '## Now', '', '- US-1 a', '- US-2 b', '- US-3 c', '- US-4 d', '', '## Next', '', '## Later', '', '- US-5 e', '');

  it('into an empty group, in document order whatever the selection order, as one edit; the rest of the file is byte-identical', () => {
    const p = plan(text, [2, 0], 'Next');
    expect(p.edits).toHaveLength(1);
    expect(p.newIndex).toBe(2);
    const out = applyEdits(text, p.edits);
    expect(out).toBe(lines('# Backlog', '', '## Now', '', '- US-2 b', '- US-4 d', '', '## Next', '', '- US-1 a', '- US-3 c', '', '## Later', '', '- US-5 e', ''));
    expect(at(out)).toEqual(['US-2@Now', 'US-4@Now', 'US-1@Next', 'US-3@Next', 'US-5@Later']);
  });

  it('the opposite move restores the file byte for byte: back into the group (they were its last items), or dragged back', () => {
    // The last two items of Now into the empty Next, and back into Now (after its last item).
    const out = into(text, [2, 3], 'Next');
    expect(out).toBe(lines('# Backlog', '', '## Now', '', '- US-1 a', '- US-2 b', '', '## Next', '', '- US-3 c', '- US-4 d', '', '## Later', '', '- US-5 e', ''));
    expect(into(out, [2, 3], 'Now')).toBe(text);
    // Two from the middle: dragged back before the item they were above (planMoveItems, the tree's drag).
    const mid = into(text, [1, 2], 'Next');
    expect(at(mid)).toEqual(['US-1@Now', 'US-4@Now', 'US-2@Next', 'US-3@Next', 'US-5@Later']);
    expect(run(mid, (b) => planMoveItems(b, [2, 3], 1))).toBe(text);
  });

  it('CRLF, a group with items (after its last one), heading items and table rows', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const out = into(crlf, [0, 4], 'Now');
    expect(out).toBe(lines('# Backlog', '', '## Now', '', '- US-2 b', '- US-3 c', '- US-4 d', '- US-1 a', '- US-5 e', '', '## Next', '', '## Later', '').replace(/\n/g, '\r\n'));
    const back = into(crlf, [3, 4], 'Next');
    expect(back).not.toMatch(/[^\r]\n/);
    expect(into(back, [3, 4], 'Later')).toBe(lines('# Backlog', '', '## Now', '', '- US-1 a', '- US-2 b', '- US-3 c', '', '## Next', '', '## Later', '', '- US-4 d', '- US-5 e', '').replace(/\n/g, '\r\n'));
    const headings = lines('## Now', '', '### US-1 a', '', 'As a u, I want a, so that b.', '', '### US-2 b', '', '### US-3 c', '', '## Next', '');
    const h = into(headings, [1, 2], 'Next');
    expect(h).toBe(lines('## Now', '', '### US-1 a', '', 'As a u, I want a, so that b.', '', '## Next', '', '### US-2 b', '', '### US-3 c', ''));
    expect(into(h, [1, 2], 'Now')).toBe(headings);
    const table = lines('## Now', '', '| ID | Story |', '|---|---|', '| US-1 | a |', '| US-2 | b |', '| US-3 | c |', '', '## Next', '');
    const tb = into(table, [1, 2], 'Next');
    expect(tb).toBe(lines('## Now', '', '| ID | Story |', '|---|---|', '| US-1 | a |', '', '## Next', '', '| ID | Story |', '|---|---|', '| US-2 | b |', '| US-3 | c |', ''));
    expect(at(tb)).toEqual(['US-1@Now', 'US-2@Next', 'US-3@Next']);
  });

  it('one item is planMoveToGroup; already there is no edit; refusals say why', () => {
    const b = parseBacklog(text);
    expect(planMoveItemsToGroup(b, [1], 1)).toEqual(planMoveToGroup(b, 1, 1));
    expect(planMoveItemsToGroup(b, [2, 3], 0)).toEqual({ ok: true, edits: [], newIndex: 2 });
    expect(planMoveItemsToGroup(b, [0, 9], 1)).toEqual({ ok: false, error: 'No item at rank 10: ranks go from 1 to 5.' });
    expect(planMoveItemsToGroup(b, [0, 1], 7)).toEqual({ ok: false, error: 'No group 8: the backlog has 3 groups.' });
    const other = lines('## Now', '', '| ID | Story |', '|---|---|', '| US-1 | a |', '| US-2 | b |', '', '## Next', '', '| ID | Story | Owner |', '|---|---|---|', '');
    expect(planMoveItemsToGroup(parseBacklog(other), [0, 1], 1)).toEqual({ ok: false, error: 'The table in "Next" has 3 columns and the row of US-1 2; give both tables the same columns first.' });
    // Every item taken from under a parent bullet would turn the bullet into an item: refused with a sentence.
    const bullets = lines('# B', '', '- Now', '  - US-1 a', '- Later', '  - US-2 b', '  - US-3 c', '');
    expect(planMoveItemsToGroup(parseBacklog(bullets), [0, 2], 1)).toEqual({
      ok: false,
      error: 'Moving these items would leave the list item "Now" with nothing under it, so it would be read as an item itself; nothing was changed. Keep one item under it, or move them one at a time.',
    });
  });
});

describe('planMoveNextTo', () => {
  const groups = lines('## Now', '', '- a', '- b', '', '## Next', '', '- c', '- d', '');
  const at = (text: string) => parseBacklog(text).items.map((i) => `${i.title}@${i.group}`);

  it('before an item lands in that item\'s group, even when the item above it is in another group', () => {
    const out = run(groups, (b) => planMoveNextTo(b, 0, 2, 'before'));
    expect(at(out)).toEqual(['b@Now', 'a@Next', 'c@Next', 'd@Next']);
    // planMove to the same index would have kept it in "Now": the side decides the group.
    expect(at(run(groups, (b) => planMove(b, 0, 1)))).toEqual(['b@Now', 'a@Now', 'c@Next', 'd@Next']);
  });

  it('after an item, up and down, with the new index', () => {
    const b = parseBacklog(groups);
    const down = planMoveNextTo(b, 0, 3, 'after');
    expect(down.ok && down.newIndex).toBe(3);
    expect(at(run(groups, () => down))).toEqual(['b@Now', 'c@Next', 'd@Next', 'a@Next']);
    const up = planMoveNextTo(b, 3, 0, 'after');
    expect(up.ok && up.newIndex).toBe(1);
    expect(at(run(groups, () => up))).toEqual(['a@Now', 'd@Now', 'b@Now', 'c@Next']);
    const before = planMoveNextTo(b, 3, 0, 'before');
    expect(before.ok && before.newIndex).toBe(0);
  });

  it('is a no-op when the item is already there, and refuses itself or a bad rank', () => {
    const b = parseBacklog(groups);
    expect(planMoveNextTo(b, 0, 1, 'before')).toEqual({ ok: true, edits: [], newIndex: 0 });
    expect(planMoveNextTo(b, 1, 0, 'after')).toEqual({ ok: true, edits: [], newIndex: 1 });
    // b is right above c, but in another group: "before c" moves it into Next.
    expect(at(run(groups, (x) => planMoveNextTo(x, 1, 2, 'before')))).toEqual(['a@Now', 'b@Next', 'c@Next', 'd@Next']);
    expect(planMoveNextTo(b, 2, 2, 'after')).toEqual({ ok: false, error: 'An item cannot be moved after itself.' });
    expect(planMoveNextTo(b, 0, 9, 'before').ok).toBe(false);
  });

  it('moving back restores the text', () => {
    const out = run(headings, (b) => planMoveNextTo(b, 2, 0, 'before'));
    expect(titles(out)).toEqual(['Profile', 'Login', 'Logout']);
    expect(run(out, (b) => planMoveNextTo(b, 0, 2, 'after'))).toBe(headings);
  });
});

describe('criteria edits', () => {
  const text = lines('## US-1 Login', '', '**Acceptance criteria:**', '', '- [ ] shows a form', '- [x] rejects bad passwords', '');

  it('toggles one character', () => {
    const b = parseBacklog(text);
    const p = planToggleCriterion(b, 0, 0);
    expect(p.ok && p.edits).toEqual([{ start: text.indexOf('[ ]') + 1, end: text.indexOf('[ ]') + 2, newText: 'x' }]);
  });

  it('edits, adds, removes and reorders', () => {
    expect(run(text, (b) => planEditCriterion(b, 0, 0, 'shows a login form'))).toBe(text.replace('shows a form', 'shows a login form'));
    expect(run(text, (b) => planAddCriterion(b, 0, 'remembers me'))).toBe(text.replace('passwords\n', 'passwords\n- [ ] remembers me\n'));
    expect(run(text, (b) => planRemoveCriterion(b, 0, 0))).toBe(text.replace('- [ ] shows a form\n', ''));
    expect(run(text, (b) => planMoveCriterion(b, 0, 1, 0))).toBe(text.replace('- [ ] shows a form\n- [x] rejects bad passwords', '- [x] rejects bad passwords\n- [ ] shows a form'));
  });

  it('adds a labelled section when there is none', () => {
    const plain = lines('## US-1 Login', '', 'As a user, I want to log in.', '');
    expect(run(plain, (b) => planAddCriterion(b, 0, 'works'))).toBe(lines('## US-1 Login', '', 'As a user, I want to log in.', '', '**Acceptance criteria:**', '', '- [ ] works', ''));
  });

  it('refuses multi-line text', () => {
    expect(planEditCriterion(parseBacklog(text), 0, 0, 'a\nb')).toEqual({ ok: false, error: 'The criterion must be a single line.' });
  });
});

describe('fields, statements, new items, priorities', () => {
  it('sets an existing field and adds a missing one in the same style', () => {
    const text = lines('## US-1 Login', '', '- Priority: 2', '- Estimate: 3', '');
    expect(run(text, (b) => planSetField(b, 0, 'estimate', '5'))).toBe(text.replace('Estimate: 3', 'Estimate: 5'));
    expect(run(text, (b) => planSetField(b, 0, 'status', 'ready'))).toBe(text.replace('- Estimate: 3', '- Estimate: 3\n- Status: ready'));
  });

  it('rewrites a value statement in its language', () => {
    const text = lines('## US-1', '', 'Als Nutzer möchte ich Karten sehen, um zu spielen.', '');
    expect(run(text, (b) => planSetValueStatement(b, 0, { role: 'Spieler', want: 'Karten sehen', benefit: 'zu gewinnen' }))).toBe(
      text.replace('Als Nutzer möchte ich Karten sehen, um zu spielen', 'Als Spieler möchte ich Karten sehen, um zu gewinnen'),
    );
  });

  it('inserts a new item at a rank with the cursor on its title', () => {
    const b = parseBacklog(headings);
    const p = planInsertItem(b, 2, 'Search');
    if (!p.ok) throw new Error(p.error);
    const out = applyEdits(headings, p.edits);
    expect(titles(out)).toEqual(['Login', 'Search', 'Logout', 'Profile']);
    expect(out.slice(p.selection!.start, p.selection!.end)).toBe('Search');
  });

  it('text written into a table cell escapes `|`, so the columns stay (criteria, value statements)', () => {
    const text = lines('| ID | Story | Acceptance criteria |', '|---|---|---|', '| US-1 | As a user, I want a, so that b. | - [ ] works |', '');
    const edited = run(text, (b) => planEditCriterion(b, 0, 0, 'exports a | b'));
    expect(edited).toBe(text.replace('- [ ] works', '- [ ] exports a \\| b'));
    const b = parseBacklog(edited);
    expect(b.items[0].criteria.map((c) => c.text.replace(/\\\|/g, '|'))).toEqual(['exports a | b']);
    expect(b.tables[0].columns).toHaveLength(3);
    const stated = run(text, (x) => planSetValueStatement(x, 0, { role: 'user', want: 'pick a | b', benefit: 'I choose' }));
    expect(stated).toContain('pick a \\| b');
    expect(parseBacklog(stated).items[0].criteria.map((c) => c.text)).toEqual(['works']);
  });

  it('renumbers priorities to document order', () => {
    const text = lines('## A', '', 'Priority: 3', '', '## B', '', 'Priority: 1', '', '## C', '', 'Priority: 1', '');
    expect(run(text, planRenumberPriorities)).toBe(lines('## A', '', 'Priority: 1', '', '## B', '', 'Priority: 2', '', '## C', '', 'Priority: 3', ''));
  });
});

describe('planMoveItems', () => {
  const five = lines('- a', '- b', '- c', '- d', '- e', '');

  it('moved items land together, in document order, before the target item, whatever the subset', () => {
    for (let mask = 1; mask < 32; mask++) {
      for (let target = 0; target <= 5; target++) {
        const indexes = [0, 1, 2, 3, 4].filter((i) => mask & (1 << i));
        const p = planMoveItems(parseBacklog(five), indexes, target);
        if (!p.ok) throw new Error(p.error);
        const names = ['a', 'b', 'c', 'd', 'e'];
        const rest = names.filter((_, i) => !indexes.includes(i));
        const before = target - indexes.filter((i) => i < target).length;
        const want = [...rest.slice(0, before), ...indexes.map((i) => names[i]), ...rest.slice(before)];
        expect(titles(applyEdits(five, p.edits))).toEqual(want);
        expect(p.newIndex).toBe(before);
      }
    }
    // 192 plans: a generous budget for a loaded shared machine, not a time assertion.
  }, 60_000);

  it('across a group heading, as one edit', () => {
    const text = lines('## Sprint 1', '', '- a', '- b', '', '## Sprint 2', '', '- c', '- d', '');
    const p = planMoveItems(parseBacklog(text), [0, 2], 4);
    if (!p.ok) throw new Error(p.error);
    expect(p.edits).toHaveLength(1);
    expect(applyEdits(text, p.edits)).toBe(lines('## Sprint 1', '', '- b', '', '## Sprint 2', '', '- d', '- a', '- c', ''));
  });

  it('from several groups into another, planned on the text alone: ordered numbers go on, a group left empty keeps its heading', () => {
    const text = lines('## One', '', '1. US-1 a', '2. US-2 b', '', '## Two', '', '1. US-3 c', '', '## Three', '', '1. US-4 d', '2. US-5 e', '');
    const b = parseBacklog(text);
    const p = verifyPlan(b, planMoveItems(b, [0, 2, 4], 5));
    if (!p.ok) throw new Error(p.error);
    expect(p.newIndex).toBe(2);
    const out = applyEdits(text, p.edits);
    expect(out).toBe(lines('## One', '', '1. US-2 b', '', '## Two', '', '## Three', '', '1. US-4 d', '2. US-1 a', '3. US-3 c', '4. US-5 e', ''));
    expect(parseBacklog(out).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-2@One', 'US-4@Three', 'US-1@Three', 'US-3@Three', 'US-5@Three']);
    // Rows into a table with other columns are refused, naming the row.
    const tables = lines('| ID | Story |', '|---|---|', '| US-1 | a |', '', '| ID | Story | Owner |', '|---|---|---|', '| US-2 | b | Ana |', '| US-3 | c | Bo |', '');
    expect(planMoveItems(parseBacklog(tables), [0], 2)).toMatchObject({ ok: false, error: expect.stringMatching(/^US-1 cannot move into a table with other columns/) });
  });
  it('every item of a group dragged out at once: the group is left as it was before they came (lists, headings, tables, HTML rows)', () => {
    // Was: the run's first item went and the others stayed behind, so verifyPlan refused the drag ("6 items where there should be 5").
    const cases: [string, number[], number, string][] = [
      [
        lines('# B', '', '## Now', '', '- US-1 a', '- US-4 d', '', '## Next', '', '- US-2 b', '- US-3 c', '', '## Later', '', '- US-5 e', ''),
        [2, 3], 1,
        lines('# B', '', '## Now', '', '- US-1 a', '- US-2 b', '- US-3 c', '- US-4 d', '', '## Next', '', '## Later', '', '- US-5 e', ''),
      ],
      // The group ends the file: its blank lines go with the items, as when its only item leaves.
      [
        lines('# B', '', '## Now', '', '- US-1 a', '- US-4 d', '', '## Next', '', '- US-2 b', '- US-3 c', ''),
        [2, 3], 1,
        lines('# B', '', '## Now', '', '- US-1 a', '- US-2 b', '- US-3 c', '- US-4 d', '', '## Next', ''),
      ],
      [
        lines('## Now', '', '### US-1 a', '', '## Next', '', '### US-2 b', '', 'body', '', '### US-3 c', ''),
        [1, 2], 0,
        lines('## Now', '', '### US-2 b', '', 'body', '', '### US-3 c', '', '### US-1 a', '', '## Next', ''),
      ],
      // The header rows stay (an empty table to move rows back into).
      [
        lines('## Now', '', '| ID | Story |', '|---|---|', '| US-1 | a |', '', '## Next', '', '| ID | Story |', '|---|---|', '| US-2 | b |', '| US-3 | c |', ''),
        [1, 2], 0,
        lines('## Now', '', '| ID | Story |', '|---|---|', '| US-2 | b |', '| US-3 | c |', '| US-1 | a |', '', '## Next', '', '| ID | Story |', '|---|---|', ''),
      ],
      // A comment between the rows stays where it is.
      [
        lines('## Now', '', '<table>', '<tr><th>ID</th><th>Story</th></tr>', '<tr><td>US-1</td><td>a</td></tr>', '</table>', '', '## Next', '', '<table>', '<tr><th>ID</th><th>Story</th></tr>', '<tr><td>US-2</td><td>b</td></tr>', '<!-- note -->', '<tr><td>US-3</td><td>c</td></tr>', '</table>', ''),
        [1, 2], 0,
        lines('## Now', '', '<table>', '<tr><th>ID</th><th>Story</th></tr>', '<tr><td>US-2</td><td>b</td></tr>', '<tr><td>US-3</td><td>c</td></tr>', '<tr><td>US-1</td><td>a</td></tr>', '</table>', '', '## Next', '', '<table>', '<tr><th>ID</th><th>Story</th></tr>', '<!-- note -->', '</table>', ''),
      ],
    ];
    for (const [text, indexes, target, want] of cases) {
      for (const eol of ['\n', '\r\n']) {
        const t = text.replace(/\n/g, eol);
        const b = parseBacklog(t);
        const p = verifyPlan(b, planMoveItems(b, indexes, target));
        if (!p.ok) throw new Error(p.error);
        expect(p.edits).toHaveLength(1);
        expect(applyEdits(t, p.edits)).toBe(want.replace(/\n/g, eol));
      }
    }
  });
});

describe('verifyPlan: every front end checks that a plan keeps the items it promises', () => {
  it('refuses a step that an unclosed code block would glue to the next item, saying why and what to do', () => {
    const text = lines('# B', '', '1. US-1 a', '   ```', '2. US-2 b', '');
    const b = parseBacklog(text);
    expect(b.items.map((i) => i.id)).toEqual(['US-1', 'US-2']);
    const p = planMoveStep(b, 0, 'down');
    expect(p.ok).toBe(true);
    const checked = verifyPlan(b, p);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(/^The change would (leave 1 item where there should be 2|turn item \d+, .*, into .*), so nothing was changed; look for a code block \(```\) or an HTML tag left open in the items around it, close it, and try again\.$/);
  });

  it('accepts moves, criteria and field edits, and new items that do what they promise', () => {
    const text = lines('## US-1 Login', '', '- Priority: 1', '', '## US-2 Logout', '', '- Priority: 2', '');
    const b = parseBacklog(text);
    for (const p of [planMoveStep(b, 0, 'down'), planMove(b, 1, 0), planSetField(b, 0, 'status', 'ready'), planAddCriterion(b, 1, 'works'), planInsertItem(b, 2, 'Profile')]) {
      expect(verifyPlan(b, p)).toBe(p);
    }
    // A plan that does not keep its promise: the same edits, told they keep the order.
    const move = planMoveStep(b, 0, 'down');
    if (move.ok) expect(verifyPlan(b, { ...move, expect: undefined })).toMatchObject({ ok: false, error: expect.stringContaining('turn item 1, "US-1 Login", into "US-2 Logout"') });
  });

  it('a new table item with `|` in its title keeps the columns (escaped) and its title', () => {
    const text = lines('| ID | Story | Priority |', '| --- | --- | --- |', '| US-1 | Log in | 1 |', '');
    const b = parseBacklog(text);
    const p = planInsertItem(b, 2, 'Export | import');
    expect(verifyPlan(b, p).ok).toBe(true);
    const out = run(text, () => p);
    expect(out).toContain('Export \\| import');
    const after = parseBacklog(out);
    expect(after.items.map((i) => i.title)).toEqual(['Log in', 'Export | import']);
    expect(after.items[1].priority).toBeNull();
  });

  it('planMoveItems promises the order it makes, in one run and across groups', () => {
    const text = lines('## Now', '', '- US-1 a', '- US-2 b', '- US-3 c', '', '## Later', '', '- US-4 d', '');
    const b = parseBacklog(text);
    const within = planMoveItems(b, [0, 1], 3);
    expect(within).toMatchObject({ ok: true, newIndex: 1, expect: { order: [2, 0, 1, 3] } });
    expect(verifyPlan(b, within).ok).toBe(true);
    const across = planMoveItems(b, [0, 1], 4);
    expect(across).toMatchObject({ ok: true, expect: { order: [2, 3, 0, 1] } });
    expect(verifyPlan(b, across).ok).toBe(true);
    expect(parseBacklog(run(text, () => across)).items.map((i) => i.id)).toEqual(['US-3', 'US-4', 'US-1', 'US-2']);
  });
});

describe('board field edits land in the item', () => {
  const status = (text: string) => parseBacklog(text).items[0].status?.kind ?? null;

  it('when the body starts with a task list: a field list of its own, not a criterion', () => {
    const text = lines('## US-1 Login', '', '- [ ] shows a form', '- [ ] rejects bad passwords', '');
    const out = run(text, (b) => planSetField(b, 0, 'status', 'done'));
    expect(out).toBe(lines('## US-1 Login', '', '* Status: done', '', '- [ ] shows a form', '- [ ] rejects bad passwords', ''));
    expect(status(out)).toBe('done');
    expect(parseBacklog(out).items[0].criteria.map((c) => c.text)).toEqual(['shows a form', 'rejects bad passwords']);
  });

  it('when a criteria label follows the title without a blank line', () => {
    const text = lines('## US-1 Login', '**Acceptance criteria:**', '- [ ] shows a form', '');
    const out = run(text, (b) => planSetField(b, 0, 'estimate', '3'));
    expect(out).toBe(lines('## US-1 Login', '', '- Estimate: 3', '', '**Acceptance criteria:**', '- [ ] shows a form', ''));
    expect(parseBacklog(out).items[0].estimate?.value).toBe(3);
    expect(parseBacklog(out).items[0].criteria).toHaveLength(1);
  });

  it('after a value statement that goes on over several lines, not inside it', () => {
    const text = lines('## US-1 Login', '', 'As a member, I want to log in', 'with my email, so that I see my bookings.', '- [ ] shows a form', '');
    const out = run(text, (b) => planSetField(b, 0, 'status', 'ready'));
    expect(status(out)).toBe('ready');
    expect(parseBacklog(out).items[0].value?.benefit).toBe(parseBacklog(text).items[0].value?.benefit);
  });
});


describe('applyEdits', () => {
  it('applies edits in any order; inserts at one point keep their order; overlaps throw', () => {
    expect(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'A' }])).toBe('AbcdEf');
    expect(applyEdits('ab', [{ start: 1, end: 1, newText: 'x' }, { start: 1, end: 1, newText: 'y' }, { start: 1, end: 2, newText: 'B' }])).toBe('axyB');
    expect(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }])).toThrow(/overlapping/);
  });

  it('is one pass over the text: 50,000 edits in a 1 MB text (edits × size would be 5·10^10 character copies)', () => {
    const text = 'x'.repeat(1_000_000);
    const edits = Array.from({ length: 50_000 }, (_, k) => ({ start: k * 20, end: k * 20 + 1, newText: 'y' }));
    const out = applyEdits(text, edits);
    expect(out.length).toBe(text.length);
    expect(out.split('y').length - 1).toBe(50_000);
  });
});

describe('planDisableRule', () => {
  it('adds a suppression comment above a heading item, or the rule to the one there; refuses other shapes', () => {
    const text = lines('# B', '', '## US-1 A', '', 'text', '');
    const once = run(text, (b) => planDisableRule(b, 0, 'missing-value-statement'));
    expect(once).toBe(lines('# B', '', '<!-- backlog-disable-next-item missing-value-statement -->', '## US-1 A', '', 'text', ''));
    expect([...parseBacklog(once).items[0].disabledRules]).toEqual(['missing-value-statement']);
    const twice = run(once, (b) => planDisableRule(b, 0, 'no-items'));
    expect([...parseBacklog(twice).items[0].disabledRules].sort()).toEqual(['missing-value-statement', 'no-items']);
    expect(planDisableRule(parseBacklog(twice), 0, 'no-items')).toEqual({ ok: true, edits: [] });
    expect(planDisableRule(parseBacklog('- [ ] a\n- [ ] b\n'), 0, 'x').ok).toBe(false);
  });
});

describe('planInsertItem: a new item is written like the items around it (every front end: editor, board, MCP)', () => {
  /** The file after inserting `title` at `rank` (default: the bottom), checked as the front ends check it. */
  const insert = (text: string, title: string, rank?: number, options?: Parameters<typeof planInsertItem>[3]) => {
    const b = parseBacklog(text);
    const p = verifyPlan(b, planInsertItem(b, rank ?? b.items.length + 1, title, options));
    if (!p.ok) throw new Error(p.error);
    const out = applyEdits(text, p.edits);
    // The cursor lands on the title as written: `|` escaped in a pipe-table cell, `&` and `<` in an HTML cell.
    expect([title, title.replace(/\|/g, '\\|'), title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')]).toContain(out.slice(p.selection!.start, p.selection!.end));
    return out;
  };
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const idsOf = (text: string) => parseBacklog(text).items.map((i) => i.id);

  describe('(a) the next ID in the file\'s own scheme, in every shape', () => {
    it('a table with an ID column gets the next ID in its ID cell (with CRLF, and without a final newline)', () => {
      const text = lines('| ID | Story | Estimate |', '|---|---|---|', '| US-1 | Sign in | 3 |', '| US-7 | Sign out | 2 |', '| US-3 | Export | 5 |');
      const out = insert(text, 'Search');
      expect(out).toBe(`${text}\n| US-8 | Search | |`);
      expect(parseBacklog(out).items[3]).toMatchObject({ id: 'US-8', title: 'Search' });
      expect(insert(crlf(`${text}\n`), 'Search', 1)).toBe(crlf(lines('| ID | Story | Estimate |', '|---|---|---|', '| US-8 | Search | |', '| US-1 | Sign in | 3 |', '| US-7 | Sign out | 2 |', '| US-3 | Export | 5 |', '')));
    });

    it('an ID written at the start of the title cell (no ID column) is continued there', () => {
      const text = lines('| Historia | Estimación |', '|---|---|', '| HU-01 Registro | 3 |', '| HU-02 Acceso | 2 |', '');
      const out = insert(text, 'Perfil');
      expect(out).toBe(lines('| Historia | Estimación |', '|---|---|', '| HU-01 Registro | 3 |', '| HU-02 Acceso | 2 |', '| HU-03 Perfil | |', ''));
      expect(idsOf(out)).toEqual(['HU-01', 'HU-02', 'HU-03']);
    });

    it('headings and lists: the neighbour\'s markup and separator, zero padding, the neighbour\'s prefix', () => {
      expect(insert(lines('# B', '', '## **US-1**: Sign in', '', '## **US-2**: Sign out', ''), 'Export')).toContain('## **US-3**: Export\n');
      expect(insert(lines('# B', '', '- INFRA-009 Backups', '- INFRA-010 Alerts', ''), 'Logs')).toBe(lines('# B', '', '- INFRA-009 Backups', '- INFRA-010 Alerts', '- INFRA-011 Logs', ''));
      // Two schemes: the new item follows the one it lands next to.
      const mixed = lines('- US-1 Sign in', '- US-2 Sign out', '- BUG-4 Crash on start', '- BUG-5 Typo');
      expect(insert(mixed, 'Slow export')).toBe(`${mixed}\n- BUG-6 Slow export`);
      expect(insert(mixed, 'Profile', 2)).toBe(lines('- US-1 Sign in', '- US-3 Profile', '- US-2 Sign out', '- BUG-4 Crash on start', '- BUG-5 Typo'));
      // Markup that covers the title too is not copied half (no unclosed `**`); strikethrough (done) is not copied.
      expect(insert(lines('- **US-1 Sign in**: As a user, I want to sign in, so that I see my data.', '- ~~US-2~~ Sign out', ''), 'Export', 3)).toMatch(/\n- US-3 Export\n$/);
      expect(insert(lines('- ~~US-2~~ Sign out', ''), 'Export')).toBe(lines('- ~~US-2~~ Sign out', '- US-3 Export', ''));
      // `#12` style.
      expect(insert(lines('## #12 Sign in', '', '## #14 Sign out', ''), 'Export')).toContain('## #15 Export\n');
    });

    it('never an ID an item has, none when the title has one or the file numbers nothing, an explicit one when given', () => {
      expect(nextItemId(parseBacklog(lines('- US-1 a', '- us-2 b', '- US-1.1 c', '')), undefined)).toBe('US-3');
      expect(insert(lines('- US-1 a', '- US-2 b', ''), 'US-9 Export')).toBe(lines('- US-1 a', '- US-2 b', '- US-9 Export', ''));
      expect(insert(lines('- Sign in', '- Sign out', ''), 'Export')).toBe(lines('- Sign in', '- Sign out', '- Export', ''));
      expect(insert(lines('- US-1 a', '- US-2 b', ''), 'Export', 3, { id: 'US-20' })).toBe(lines('- US-1 a', '- US-2 b', '- US-20 Export', ''));
      expect(insert(lines('- US-1 a', '- US-2 b', ''), 'Export', 3, { id: null })).toBe(lines('- US-1 a', '- US-2 b', '- Export', ''));
      const b = parseBacklog(lines('- US-1 a', '- US-2 b', ''));
      expect(planInsertItem(b, 3, 'Export', { id: 'us-2' })).toEqual({ ok: false, error: 'us-2 is already the ID of US-2 (rank 2, "b"); choose another ID, or leave it out to get the next one.' });
      expect(planInsertItem(b, 3, 'Export', { id: 'not an id' })).toMatchObject({ ok: false, error: expect.stringMatching(/^"not an id" is not a valid ID/) });
    });
  });

  describe('(b) a table row padded and aligned like the rows around it', () => {
    it('right-aligned and centred columns written ` 8 ` as the rows write theirs, not `|   8|` (set_field on the new row)', () => {
      const text = lines('| ID | Story | Estimate | Risk |', '|---|---|---:|:---:|', '| US-1 | Sign in | 3 | low |', '| US-2 | Sign out | 13 | high |', '');
      for (const t of [text, crlf(text), text.trimEnd()]) {
        const added = insert(t, 'Search');
        let b = parseBacklog(added);
        let p = planSetField(b, 2, 'estimate', '8');
        if (!p.ok) throw new Error(p.error);
        const withEstimate = applyEdits(added, p.edits);
        expect(withEstimate.split(/\r?\n/)[4]).toBe('| US-3 | Search | 8 | |');
        expect(withEstimate.startsWith(t.trimEnd())).toBe(true);
        expect(withEstimate.endsWith(t.endsWith('\n') ? (t.includes('\r') ? '\r\n' : '\n') : '|')).toBe(true);
        b = parseBacklog(withEstimate);
        expect(b.items[2]).toMatchObject({ id: 'US-3', title: 'Search', estimate: { value: 8 } });
        p = planSetField(b, 2, 'estimate', '13');
        expect(p.ok && applyEdits(withEstimate, p.edits).split(/\r?\n/)[4]).toBe('| US-3 | Search | 13 | |');
      }
    });

    it('a table padded to column widths gets a row padded to them, each column aligned as its delimiter says', () => {
      const text = lines(
        '| ID   | Story    | Estimate | Risk |',
        '|------|----------|---------:|:----:|',
        '| US-1 | Sign in  |        3 | low  |',
        '| US-2 | Sign out |       13 | high |',
      );
      const added = insert(crlf(text), 'Search');
      expect(added).toBe(crlf(`${text}\n| US-3 | Search   |          |      |`));
      let b = parseBacklog(added);
      let p = planSetField(b, 2, 'estimate', '8');
      if (!p.ok) throw new Error(p.error);
      let out = applyEdits(added, p.edits);
      b = parseBacklog(out);
      const risk = b.items[2].fields.find((f) => f.key === 'Risk');
      expect(risk).toBeDefined();
      expect(out.split('\r\n')[4]).toBe('| US-3 | Search   |        8 |      |');
      // A value too wide for its column keeps the margins (the other rows are not rewritten).
      p = planInsertItem(b, 1, 'Export the whole calendar');
      if (!p.ok) throw new Error(p.error);
      out = applyEdits(out, p.edits);
      expect(out.split('\r\n')[2]).toBe('| US-4 | Export the whole calendar |          |      |');
      // A centred column: the value in the middle (the left half of an odd remainder), as the rows centre theirs.
      const centred = lines('| ID   | Story    | Status |', '|------|----------|:------:|', '| US-1 | Sign in  |  done  |', '| US-2 | Sign out |  todo  |', '');
      out = insert(centred, 'Search');
      b = parseBacklog(out);
      p = planSetField(b, 2, 'status', 'ready');
      if (!p.ok) throw new Error(p.error);
      expect(applyEdits(out, p.edits)).toBe(`${centred}| US-3 | Search   | ready  |\n`);
    });

    it('rows without outer pipes or spaces, and HTML rows, in their own style', () => {
      const bare = lines('ID|Story|Estimate', '--|--|--:', 'US-1|Sign in|3', '');
      const added = insert(bare, 'Search');
      expect(added).toBe(`${bare}US-2|Search\n`);
      const b = parseBacklog(added);
      const p = planSetField(b, 1, 'estimate', '8');
      if (!p.ok) throw new Error(p.error);
      expect(applyEdits(added, p.edits)).toBe(`${bare}US-2|Search|8\n`);
      const html = lines('<table>', '<tr><th>ID</th><th>Story</th></tr>', '  <tr><td>US-1</td><td>Sign in</td></tr>', '</table>', '');
      expect(insert(html, 'Search & <find>')).toBe(html.replace('</table>', '  <tr><td>US-2</td><td>Search &amp; &lt;find&gt;</td></tr>\n</table>'));
    });
  });

  describe('(c) a new item in a task list is a task', () => {
    it('gets an open checkbox, with the neighbours\' marker and spacing (CRLF, no final newline, ordered lists)', () => {
      expect(insert(lines('# B', '', '- [ ] Sign in', '- [x] Sign out', ''), 'Export')).toBe(lines('# B', '', '- [ ] Sign in', '- [x] Sign out', '- [ ] Export', ''));
      expect(insert(crlf(lines('# B', '', '* [x] Sign in', '* [ ] Sign out')), 'Export', 1)).toBe(crlf(lines('# B', '', '* [ ] Export', '* [x] Sign in', '* [ ] Sign out')));
      expect(insert(crlf(lines('1. [x]  Sign in', '2. [ ]  Sign out')), 'Export')).toBe(crlf(lines('1. [x]  Sign in', '2. [ ]  Sign out', '3. [ ]  Export')));
      const tasks = parseBacklog(insert(lines('- [ ] US-10 Calendar sync', '- [x] US-12 Search', ''), 'Offline mode', 2));
      expect(tasks.items.map((i) => [i.id, i.title, i.status?.source])).toEqual([
        ['US-10', 'Calendar sync', 'checkbox'],
        ['US-13', 'Offline mode', 'checkbox'],
        ['US-12', 'Search', 'checkbox'],
      ]);
      // A list without checkboxes gets none.
      expect(insert(lines('- Sign in', '- Sign out', ''), 'Export')).toBe(lines('- Sign in', '- Sign out', '- Export', ''));
    });
  });
});
