import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BacklogDiff, diffBacklogs, diffJson, diffRows, formatDiffMarkdown, formatDiffText, isEmptyDiff, matchItems, movedPositions, normalizeTitle, titleSimilarity } from './diff';
import { parseBacklog } from './parse';
import { renderGfm } from '../../test/unit/render-gfm';

interface Story {
  id?: string;
  title: string;
  estimate?: number | string;
  status?: string;
  priority?: number;
  value?: string;
  criteria?: string[];
}

/** A heading-shaped backlog; `groups` puts items under `## group` headings. */
function headingBacklog(stories: Story[], groups?: Record<string, number>): string {
  const out = ['# Backlog', ''];
  stories.forEach((s, i) => {
    const group = groups ? Object.entries(groups).find(([, start]) => start === i)?.[0] : undefined;
    if (group) out.push(`## ${group}`, '');
    out.push(`### ${s.id ? `${s.id} ` : ''}${s.title}`, '');
    if (s.value) out.push(s.value, '');
    if (s.estimate !== undefined) out.push(`- Estimate: ${s.estimate}`);
    if (s.status) out.push(`- Status: ${s.status}`);
    if (s.priority !== undefined) out.push(`- Priority: ${s.priority}`);
    if (s.estimate !== undefined || s.status || s.priority !== undefined) out.push('');
    if (s.criteria) out.push('**Acceptance criteria:**', '', ...s.criteria, '');
  });
  return out.join('\n');
}

const base: Story[] = [
  { id: 'US-1', title: 'Sign in with company account', estimate: 5, status: 'in progress', value: 'As a member, I want to sign in, so that I need no new password.', criteria: ['- [x] Offers company sign-in', '- [ ] Sign-out ends every session'] },
  { id: 'US-2', title: 'See the week at a glance', estimate: 8, status: 'ready' },
  { id: 'US-3', title: 'Create an appointment', estimate: 3, status: 'ready' },
  { id: 'US-4', title: 'Mark myself as absent', estimate: 2, status: 'ready' },
  { id: 'US-5', title: 'Invite colleagues', estimate: 5, status: 'refining' },
];

const diffOf = (a: string, b: string): BacklogDiff => diffBacklogs(parseBacklog(a), parseBacklog(b));
const reorder = <T,>(list: T[], order: number[]) => order.map((i) => list[i]);

describe('diffBacklogs', () => {
  it('finds nothing between equal versions, and says so in every format', () => {
    const text = headingBacklog(base);
    const d = diffOf(text, text);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.marks.every((m) => m.kind === 'same')).toBe(true);
    const sides = { file: 'BACKLOG.md', from: 'HEAD', to: 'working tree' };
    expect(formatDiffMarkdown(sides, d)).toBe('');
    expect(formatDiffText(sides, d)).toBe('BACKLOG.md: no changes from HEAD to working tree\n');
    expect(diffJson(sides, d)).toEqual({ file: 'BACKLOG.md', from: 'HEAD', to: 'working tree', moved: [], added: [], removed: [], done: [], changed: [] });
  });

  it('reports the one item moved to the top, not the four that shifted down', () => {
    const d = diffOf(headingBacklog(base), headingBacklog(reorder(base, [4, 0, 1, 2, 3])));
    expect(d.moved).toEqual([{ id: 'US-5', title: 'Invite colleagues', from: 5, to: 1, places: 4 }]);
    expect(d.marks.map((m) => m.kind)).toEqual(['moved', 'same', 'same', 'same', 'same']);
    expect(d.added).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it('reports the one item moved to the bottom', () => {
    const d = diffOf(headingBacklog(base), headingBacklog(reorder(base, [1, 2, 3, 4, 0])));
    expect(d.moved).toEqual([{ id: 'US-1', title: 'Sign in with company account', from: 1, to: 5, places: -4 }]);
  });

  it('reports two independent moves', () => {
    // US-4 up to 1, US-2 down to the end.
    const d = diffOf(headingBacklog(base), headingBacklog(reorder(base, [3, 0, 2, 4, 1])));
    expect(d.moved.map((m) => [m.id, m.from, m.to])).toEqual([
      ['US-4', 4, 1],
      ['US-2', 2, 5],
    ]);
  });

  it('does not count an insertion or a removal as moves of the items around it', () => {
    const added = [base[0], { id: 'US-9', title: 'Export to CSV' }, ...base.slice(1)];
    const d = diffOf(headingBacklog(base), headingBacklog(added));
    expect(d.added).toEqual([{ id: 'US-9', title: 'Export to CSV', rank: 2 }]);
    expect(d.moved).toEqual([]);
    expect(d.marks.map((m) => m.kind)).toEqual(['same', 'new', 'same', 'same', 'same', 'same']);
    const r = diffOf(headingBacklog(base), headingBacklog([base[0], ...base.slice(2)]));
    expect(r.removed).toEqual([{ id: 'US-2', title: 'See the week at a glance', rank: 2 }]);
    expect(r.moved).toEqual([]);
  });

  it('reports a rise that an addition above hides from the ranks', () => {
    const d = diffOf(headingBacklog(base.slice(0, 3)), headingBacklog([{ id: 'US-9', title: 'Export to CSV' }, base[0], base[2], base[1]]));
    expect(d.moved).toEqual([{ id: 'US-3', title: 'Create an appointment', from: 3, to: 3, places: 1 }]);
    expect(diffRows(d).find((r) => r.id === 'US-3')).toMatchObject({ kind: 'up', by: 1, changes: ['rank 3, up 1 place'] });
  });

  it('reports re-estimates, priority and status changes, reworded value statements and group changes as changed fields', () => {
    const after = base.map((s) => ({ ...s }));
    after[2].estimate = 5;
    after[3].status = 'in progress';
    after[1].priority = 2;
    after[0].value = 'As a member, I want to sign in once, so that I need no new password.';
    const d = diffOf(headingBacklog(base, { 'Sprint 1': 0, Later: 3 }), headingBacklog(after, { 'Sprint 1': 0, Later: 4 }));
    const byId = Object.fromEntries(d.changed.map((c) => [c.id, c.fields]));
    expect(byId['US-3']).toEqual({ estimate: [3, 5] });
    expect(byId['US-4']).toEqual({ status: ['ready', 'in-progress'], group: ['Later', 'Sprint 1'] });
    expect(byId['US-2']).toEqual({ priority: [null, 2] });
    expect(byId['US-1'].value).toEqual(['As a member, I want to sign in, so that I need no new password', 'As a member, I want to sign in once, so that I need no new password']);
    expect(d.moved).toEqual([]);
  });

  it('lists an item that became done under done, without a second status change', () => {
    const after = base.map((s) => ({ ...s }));
    after[0].status = 'done';
    after[0].criteria = ['- [x] Offers company sign-in', '- [x] Sign-out ends every session'];
    after[1].status = 'accepted';
    const d = diffOf(headingBacklog(base), headingBacklog(after));
    expect(d.done).toEqual([
      { id: 'US-1', title: 'Sign in with company account', rank: 1, status: 'done' },
      { id: 'US-2', title: 'See the week at a glance', rank: 2, status: 'accepted' },
    ]);
    expect(d.changed).toEqual([
      { id: 'US-1', title: 'Sign in with company account', rank: 1, fields: {}, criteria: { added: [], removed: [], checked: ['Sign-out ends every session'], unchecked: [] } },
    ]);
  });

  it('reports criteria added, removed, checked and unchecked', () => {
    const after = base.map((s) => ({ ...s }));
    after[0].criteria = ['- [ ] Offers company sign-in', '- [x] Sign-out ends every session', '- [ ] Works offline'];
    after[1].criteria = ['- [ ] Shows one row per member'];
    const d = diffOf(headingBacklog(base), headingBacklog(after));
    expect(d.changed.map((c) => [c.id, c.criteria])).toEqual([
      ['US-1', { added: ['Works offline'], removed: [], checked: ['Sign-out ends every session'], unchecked: ['Offers company sign-in'] }],
      ['US-2', { added: ['Shows one row per member'], removed: [], checked: [], unchecked: [] }],
    ]);
  });

  it('matches an item renamed under the same ID, and reports the new title', () => {
    const after = base.map((s) => ({ ...s }));
    after[2].title = 'Book a meeting room';
    const d = diffOf(headingBacklog(base), headingBacklog(after));
    expect(d.changed).toEqual([{ id: 'US-3', title: 'Book a meeting room', rank: 3, fields: { title: ['Create an appointment', 'Book a meeting room'] } }]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it('matches items without IDs by title, tolerating a small edit, and moved at the same time', () => {
    const list = (titles: string[]) => `# Backlog\n\n${titles.map((t) => `- ${t}`).join('\n')}\n`;
    const d = diffOf(
      list(['Sign in with the company acount', 'See the week at a glance', 'Create an appointment', 'Mark myself as absent']),
      list(['Mark myself as absent', 'Sign in with the company account', 'See the week at a glance', 'Create appointments']),
    );
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.moved).toEqual([{ id: null, title: 'Mark myself as absent', from: 4, to: 1, places: 3 }]);
    expect(d.changed.map((c) => c.fields.title)).toEqual([
      ['Sign in with the company acount', 'Sign in with the company account'],
      ['Create an appointment', 'Create appointments'],
    ]);
  });

  it('does not pair unrelated titles, nor two different IDs with similar titles', () => {
    const list = (lines: string[]) => `# Backlog\n\n${lines.map((t) => `- ${t}`).join('\n')}\n`;
    const d = diffOf(list(['US-7 Export to CSV', 'Import from Excel']), list(['US-8 Export to PDF', 'Print the week']));
    expect(d.added.map((a) => a.title)).toEqual(['Export to PDF', 'Print the week']);
    expect(d.removed.map((a) => a.title)).toEqual(['Export to CSV', 'Import from Excel']);
  });

  it('matches an item whose ID changed when its title stayed the same', () => {
    const d = diffOf(headingBacklog([{ id: 'US-3', title: 'Create an appointment' }]), headingBacklog([{ id: 'CAL-1', title: 'Create an appointment' }]));
    expect(d.changed).toEqual([{ id: 'CAL-1', title: 'Create an appointment', rank: 1, fields: { id: ['US-3', 'CAL-1'] } }]);
  });

  it('compares table-shaped backlogs', () => {
    const table = (rows: string[]) => `# Backlog\n\n| ID | Story | Points | Status |\n|---|---|---|---|\n${rows.join('\n')}\n`;
    const d = diffOf(
      table(['| US-1 | Sign in | 3 | todo |', '| US-2 | List users | 2 | todo |', '| US-3 | Log out | 1 | todo |']),
      table(['| US-3 | Log out | 1 | todo |', '| US-1 | Sign in | 5 | Done |', '| US-2 | List users | 2 | todo |']),
    );
    expect(d.moved).toEqual([{ id: 'US-3', title: 'Log out', from: 3, to: 1, places: 2 }]);
    expect(d.done.map((x) => x.id)).toEqual(['US-1']);
    expect(d.changed).toEqual([{ id: 'US-1', title: 'Sign in', rank: 2, fields: { estimate: [3, 5] } }]);
  });

  it('compares against an empty file: everything is added', () => {
    const d = diffOf('', headingBacklog(base.slice(0, 2)));
    expect(d.added.map((a) => a.rank)).toEqual([1, 2]);
    expect(diffOf(headingBacklog(base.slice(0, 2)), '').removed.map((a) => a.id)).toEqual(['US-1', 'US-2']);
  });
});

describe('matching helpers', () => {
  it('normalises titles for comparison', () => {
    expect(normalizeTitle('  Sign-in  with   *SSO*! ')).toBe('sign in with sso');
    expect(titleSimilarity('create an appointment', 'create appointments')).toBeGreaterThan(0.8);
    expect(titleSimilarity('export to csv', 'export to pdf')).toBe(0);
    expect(titleSimilarity('', '')).toBe(0);
  });

  it('pairs the k-th occurrence of a duplicated ID with the k-th', () => {
    const a = parseBacklog(headingBacklog([{ id: 'US-1', title: 'One' }, { id: 'US-1', title: 'Two' }]));
    const b = parseBacklog(headingBacklog([{ id: 'US-1', title: 'One' }, { id: 'US-1', title: 'Two' }]));
    expect([...matchItems(a.items, b.items)]).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

/** Length of a longest increasing subsequence, the slow obvious way. */
function lisLength(xs: readonly number[]): number {
  const best = xs.map(() => 1);
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < i; j++) if (xs[j] < xs[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

describe('movedPositions', () => {
  it('reports the fewest moves that explain a reordering; the stable items keep their order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })),
        (perm) => {
          const moved = movedPositions(perm);
          expect(moved.size).toBe(perm.length - lisLength(perm));
          const stable = perm.filter((_, k) => !moved.has(k));
          expect(stable).toEqual([...stable].sort((a, b) => a - b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the items that shifted least when several minimal answers exist', () => {
    // Adjacent swap: either could be "the" move; the one that went up is reported.
    expect([...movedPositions([1, 0])]).toEqual([0]);
    expect([...movedPositions([0, 1, 3, 2, 4])]).toEqual([2]);
    // 0 went to the end: it moved, not the others.
    expect([...movedPositions([1, 2, 3, 4, 0])]).toEqual([4]);
    expect([...movedPositions([4, 0, 1, 2, 3])]).toEqual([0]);
  });
});

describe('presentation', () => {
  const sides = { file: 'docs/BACKLOG.md', from: 'main', to: 'working tree' };

  it('rows: one per changed item in the new order, removed ones last, with readable phrases', () => {
    const after = reorder(base, [3, 0, 1, 2]).map((s) => ({ ...s }));
    after[2].estimate = 13;
    after.splice(1, 0, { id: 'US-9', title: 'Export to CSV' });
    const d = diffOf(headingBacklog(base), headingBacklog(after));
    expect(diffRows(d).map((r) => [r.kind, r.by, r.id, r.rank, r.changes.join('; ')])).toEqual([
      ['up', 3, 'US-4', 1, 'rank 4 → 1'],
      ['new', 0, 'US-9', 2, 'added at rank 2'],
      ['changed', 0, 'US-2', 4, 'estimate 8 → 13'],
      ['removed', 0, 'US-5', 5, 'removed (was rank 5)'],
    ]);
    const text = formatDiffText(sides, d);
    expect(text).toContain('docs/BACKLOG.md: main → working tree\n');
    expect(text).toMatch(/^ {2}↑3 +US-4 Mark myself as absent +rank 4 → 1$/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 moved, 1 added, 1 removed, 1 changed');
  });

  it('markdown: a table with arrows, fit for a pull-request comment, with every title escaped', () => {
    const evil = '\\<img src=x onerror=alert(1)> \\| \\*\\*bold\\*\\* \\[link\\](javascript:alert(1))';
    const after = [{ id: 'US-6', title: evil }, ...base];
    const parsed = parseBacklog(headingBacklog(after));
    expect(parsed.items[0].title).toBe('<img src=x onerror=alert(1)> | **bold** [link](javascript:alert(1))');
    const md = formatDiffMarkdown(sides, diffBacklogs(parseBacklog(headingBacklog(base)), parsed));
    expect(md.startsWith('<!-- backlog-as-code:diff -->\n### Backlog changes in `docs/BACKLOG.md`\n')).toBe(true);
    expect(md).toContain('main → working tree: 1 added');
    const row = md.split('\n').find((l) => l.includes('US-6'))!;
    expect(row).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(row).not.toMatch(/<img/);
    // The title's pipe cannot split the cell: exactly 5 unescaped pipes make the 4 cells.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(5);
    expect(row).toContain('\\[link\\](javascript:alert(1))');
    // Rendered as GitHub would (GFM tables, raw HTML allowed): the title is text in its cell, no element, no link.
    const html = renderGfm(md);
    expect(html).not.toMatch(/<img|<a |<strong>bold/);
    expect(html).toContain('<td><strong>US-6</strong> &lt;img src=x onerror=alert(1)&gt; | **bold** [link](javascript:alert(1))</td>');
  });
});
