import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  planAddCriterion,
  planEditCriterion,
  planInsertItem,
  planMove,
  planMoveCriterion,
  planMoveItems,
  planMoveNextTo,
  planMoveStep,
  planRemoveCriterion,
  planRenumberPriorities,
  planSetField,
  planSetValueStatement,
  planToggleCriterion,
  type Plan,
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

  it('step down at the end of a group crosses into the next group and keeps the rank', () => {
    const text = lines('## Now', '', '- a', '- b', '', '## Next', '', '- c', '');
    const out = run(text, (b) => planMoveStep(b, 1, 'down'));
    expect(out).toBe(lines('## Now', '', '- a', '', '## Next', '', '- b', '- c', ''));
    expect(run(out, (b) => planMoveStep(b, 1, 'up'))).toBe(text);
  });

  it('refuses ranks out of range with a sentence', () => {
    const p = planMove(parseBacklog(headings), 0, 7);
    expect(p).toEqual({ ok: false, error: 'No item at rank 8: ranks go from 1 to 3.' });
    expect(planMoveStep(parseBacklog(headings), 0, 'up')).toEqual({ ok: false, error: 'The item is already at the top.' });
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
        const p = planMoveItems(parseBacklog(five), indexes, target, parseBacklog);
        if (!p.ok) throw new Error(p.error);
        const names = ['a', 'b', 'c', 'd', 'e'];
        const rest = names.filter((_, i) => !indexes.includes(i));
        const before = target - indexes.filter((i) => i < target).length;
        const want = [...rest.slice(0, before), ...indexes.map((i) => names[i]), ...rest.slice(before)];
        expect(titles(applyEdits(five, p.edits))).toEqual(want);
        expect(p.newIndex).toBe(before);
      }
    }
  });

  it('across a group heading, as one edit', () => {
    const text = lines('## Sprint 1', '', '- a', '- b', '', '## Sprint 2', '', '- c', '- d', '');
    const p = planMoveItems(parseBacklog(text), [0, 2], 4, parseBacklog);
    if (!p.ok) throw new Error(p.error);
    expect(p.edits).toHaveLength(1);
    expect(applyEdits(text, p.edits)).toBe(lines('## Sprint 1', '', '- b', '', '## Sprint 2', '', '- d', '- a', '- c', ''));
  });
});
