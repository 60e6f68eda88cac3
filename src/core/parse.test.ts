// parseBacklog on small hand-written backlogs (test/fixtures/parse/ and inline): the three item shapes, groups,
// explicit priorities and buckets, fields, acceptance criteria, text quirks and exact spans.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBacklog, SectionCache } from './analyze';
import { applyEdits, planAddCriterion, planEditCriterion } from './edits';
import type { Backlog, BacklogItem, Span } from './model';
import { parseBacklog, type ParseOptions } from './parse';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test/fixtures/parse', name), 'utf8');
const lines = (...l: string[]) => l.join('\n');

/** Parses and returns a reader of spans into the same text. */
function parse(text: string, options?: ParseOptions): Backlog & { at: (s: Span | null | undefined) => string | null } {
  const b = parseBacklog(text, options);
  return Object.assign(b, { at: (s: Span | null | undefined) => (s ? text.slice(s.start, s.end) : null) });
}
const only = (text: string, options?: ParseOptions): BacklogItem => {
  const b = parseBacklog(text, options);
  expect(b.items).toHaveLength(1);
  return b.items[0];
};

describe('heading items below grouping headings (fixture heading.md)', () => {
  const text = fixture('heading.md');
  const b = parse(text);
  const [pay, cart, reset, wish] = b.items;

  it('finds four items at depth 4; releases and epics are groups; the H1 is the title', () => {
    expect(b.shape).toBe('heading');
    expect(b.itemDepth).toBe(4);
    expect(b.items.map((i) => [i.id, i.title])).toEqual([
      ['US-12', 'Pay by card'],
      ['B-7', 'Keep the cart'],
      ['#14', 'Reset password'],
      [null, 'Wish list'],
    ]);
    expect(b.groups.map((g) => [g.title, g.depth, g.parent])).toEqual([
      ['Release 1', 2, -1],
      ['Epic: Checkout', 3, 0],
      ['Epic: Accounts', 3, 0],
      ['Release 2', 2, -1],
    ]);
    expect(b.items.map((i) => i.groupPath)).toEqual([
      ['Release 1', 'Epic: Checkout'],
      ['Release 1', 'Epic: Checkout'],
      ['Release 1', 'Epic: Accounts'],
      ['Release 2'],
    ]);
    expect(b.items.map((i) => [i.rank, i.group, i.groupIndex])).toEqual([
      [1, 'Epic: Checkout', 1],
      [2, 'Epic: Checkout', 1],
      [3, 'Epic: Accounts', 2],
      [4, 'Release 2', 3],
    ]);
  });

  it('skips the YAML front matter and reads its backlog settings', () => {
    expect(b.at(b.frontMatter)).toBe('---\ntitle: Shop backlog\nbacklog:\n  rules:\n    missing-benefit: off\n---\n');
    expect(b.frontMatterSettings).toEqual({ rules: { 'missing-benefit': 'off' } });
  });

  it('gives exact spans for the item, its title line, ID, statement, criteria and fields', () => {
    expect(b.at(pay.span)).toBe(text.slice(text.indexOf('#### US-12'), text.indexOf('reason') + 'reason'.length));
    expect(pay.content).toEqual(pay.span);
    expect(text.slice(pay.span.end, pay.trailerEnd)).toBe('\n\n');
    expect(b.at(pay.titleSpan)).toBe('#### US-12 Pay by card');
    expect(b.at(pay.idSpan)).toBe('US-12');
    expect(b.at(pay.value!.span)).toBe('As a shopper, I want to pay by card, so that I can finish my order quickly');
    expect(b.at(pay.criteriaLabelSpan)).toBe('**Acceptance criteria:**');
    expect(pay.criteria.map((c) => [b.at(c.span), b.at(c.textSpan), b.at(c.checkSpan), c.done])).toEqual([
      ['- [x] The card form checks the number', 'The card form checks the number', 'x', true],
      ['- [ ] A declined card shows the reason', 'A declined card shows the reason', ' ', false],
    ]);
    expect(pay.fields.map((f) => [f.key, f.kind, f.value, b.at(f.span), b.at(f.valueSpan)])).toEqual([
      ['Priority', 'priority', '1', 'Priority: 1', '1'],
      ['Estimate', 'estimate', '5 SP', 'Estimate: 5 SP', '5 SP'],
      ['Status', 'status', 'In progress', 'Status: In progress', 'In progress'],
      ['Depends on', 'dependsOn', 'US-3 (needs the cart), B-7', 'Depends on: US-3 (needs the cart), B-7', 'US-3 (needs the cart), B-7'],
      ['Owner', 'owner', 'Dana', 'Owner: Dana', 'Dana'],
      ['Sprint', 'sprint', 'Sprint 4', 'Sprint: Sprint 4', 'Sprint 4'],
      ['Risk', 'other', 'medium', 'Risk: medium', 'medium'],
    ]);
    expect(b.at({ start: pay.bodyEnd - 6, end: pay.bodyEnd })).toBe('reason');
  });

  it('reads the known fields of bulleted field lines', () => {
    expect(pay.priority).toMatchObject({ raw: '1', value: 1, bucket: null, source: 'field' });
    expect(b.at(pay.priority!.span)).toBe('1');
    expect(pay.estimate).toMatchObject({ raw: '5 SP', value: 5, unit: 'SP' });
    expect(pay.status).toMatchObject({ raw: 'In progress', kind: 'in-progress', source: 'field' });
    expect([pay.owner, pay.sprint]).toEqual(['Dana', 'Sprint 4']);
    // The note in parentheses is not a dependency.
    expect(pay.dependsOn.map((d) => [d.id, b.at(d.span)])).toEqual([
      ['US-3', 'US-3'],
      ['B-7', 'B-7'],
    ]);
  });

  it('reads bold field lines, a fraction estimate and a statement over three lines', () => {
    expect(b.at(cart.idSpan)).toBe('B-7');
    expect(cart.fields.map((f) => b.at(f.span))).toEqual(['**Priority:** 2', '**Estimate:** 1/2 day', '**Status:** Done']);
    expect(cart.priority).toMatchObject({ value: 2, source: 'field' });
    expect(cart.estimate).toMatchObject({ raw: '1/2 day', value: 0.5, unit: 'day' });
    expect(cart.status).toMatchObject({ kind: 'done', source: 'field' });
    expect(cart.value).toMatchObject({ role: 'returning shopper', want: 'my cart to be kept', benefit: 'I can come back later', language: 'en' });
    expect(b.at(cart.value!.span)).toBe('As a returning shopper\nI would like my cart to be kept\nso that I can come back later');
  });

  it('reads a plain field line, a `#14` ID and a plain label with numbered criteria', () => {
    expect(b.at(reset.idSpan)).toBe('#14');
    expect(reset.priority).toMatchObject({ value: 3, source: 'field' });
    expect(reset.value).toMatchObject({ role: 'user', want: 'to reset my password', benefit: null });
    expect(b.at(reset.criteriaLabelSpan)).toBe('Acceptance Criteria:');
    expect(reset.criteria.map((c) => [b.at(c.span), c.text, c.done, c.checkSpan])).toEqual([
      ['1. A reset link is mailed', 'A reset link is mailed', null, null],
      ['2. The link expires after one hour', 'The link expires after one hour', null, null],
    ]);
  });

  it('reads a number opening the heading as the priority, `½`, and an inline "How to demo" criterion', () => {
    expect(wish.priority).toMatchObject({ raw: '4', value: 4, source: 'heading' });
    expect(b.at(wish.priority!.span)).toBe('4');
    expect(wish.estimate).toMatchObject({ raw: '½', value: 0.5, unit: null });
    expect(wish.value).toMatchObject({ role: 'shopper', want: 'save products for later', benefit: null });
    expect(wish.criteria.map((c) => b.at(c.span))).toEqual(['add a product, reload, it is still there']);
    // The last item ends at the end of its text; its trailer is the final newline.
    expect(text.slice(wish.span.end, wish.trailerEnd)).toBe('\n');
    expect(wish.trailerEnd).toBe(text.length);
  });
});

describe('list items with parent bullets as groups (fixture list.md)', () => {
  const text = fixture('list.md');
  const b = parse(text);

  it('takes the nested bullets under bold parent bullets as items, and a numbered list under a heading', () => {
    expect(b.shape).toBe('list');
    expect(b.items.map((i) => [i.id, i.title, i.group])).toEqual([
      ['US-1', 'Sign up with email', 'Onboarding'],
      ['US-2', 'Confirm the email address', 'Onboarding'],
      ['US-3', 'Search by title', 'Search'],
      ['US-4', 'Search by author', 'Search'],
      [null, 'As a visitor, I want to browse the catalogue, so that I can decide to sign up.', 'Sprint 1'],
      [null, 'As a user, I want to see my order history.', 'Sprint 1'],
    ]);
    expect(b.groups.map((g) => [g.title, g.depth])).toEqual([
      ['Onboarding', 0],
      ['Search', 0],
      ['Sprint 1', 2],
    ]);
    expect(b.at(b.groups[0].span)).toBe('**Onboarding**');
  });

  it('reads the status from the checkbox and from strikethrough', () => {
    expect(b.items.slice(0, 4).map((i) => [i.status?.kind, i.status?.source])).toEqual([
      ['todo', 'checkbox'],
      ['done', 'checkbox'],
      ['todo', 'checkbox'],
      ['done', 'strikethrough'],
    ]);
  });

  it('spans: the whole list item with its children; content starts after the list marker', () => {
    const us3 = b.items[2];
    expect(b.at(us3.span)).toBe('- [ ] US-3 Search by title\n    - Priority: 3\n    - Depends on: US-1');
    expect(b.at(us3.content)).toBe('[ ] US-3 Search by title\n    - Priority: 3\n    - Depends on: US-1');
    expect(b.at(us3.titleSpan)).toBe('- [ ] US-3 Search by title');
    expect(b.at(us3.idSpan)).toBe('US-3');
    expect(us3.fields.map((f) => b.at(f.span))).toEqual(['Priority: 3', 'Depends on: US-1']);
    expect(us3.priority).toMatchObject({ value: 3, source: 'field' });
    expect(us3.dependsOn.map((d) => d.id)).toEqual(['US-1']);
    // An ordered list item keeps its number in place on a move: the content starts after `1. `.
    const browse = b.items[4];
    expect(b.at(browse.content)!.startsWith('As a visitor')).toBe(true);
    expect(browse.span.start).toBe(browse.content.start - 3);
  });

  it('reads the statement in the first line and criteria under a labelling bullet', () => {
    const browse = b.items[4];
    expect(browse.value).toMatchObject({ role: 'visitor', want: 'to browse the catalogue', benefit: 'I can decide to sign up' });
    expect(browse.estimate?.value).toBe(3);
    expect(b.at(browse.criteriaLabelSpan)).toBe('Acceptance criteria:');
    expect(browse.criteria.map((c) => [b.at(c.span), c.done])).toEqual([
      ['- [ ] Ten products per page', false],
      ['- [x] Prices in euros', true],
    ]);
    expect(b.items[5].value).toMatchObject({ role: 'user', want: 'to see my order history', benefit: null });
  });
});

describe('table rows (fixture table.md)', () => {
  const text = fixture('table.md');
  const b = parse(text);

  it('reads every row of several tables, including a raw HTML table, under their headings', () => {
    expect(b.shape).toBe('table');
    expect(b.tables.map((t) => [t.columns, t.html])).toEqual([
      [['ID', 'Story', 'Priority', 'Points', 'Status', 'Acceptance criteria'], false],
      [['ID', 'Story', 'Priority', 'Points'], false],
      [['ID', 'Story', 'Priority'], true],
    ]);
    expect(b.items.map((i) => [i.id, i.group, i.tableIndex, i.priority?.value])).toEqual([
      ['US-1', 'Sprint 1', 0, 1],
      ['US-2', 'Sprint 1', 0, 2],
      ['US-3', 'Sprint 2', 1, 3],
      ['US-4', 'Sprint 2', 2, 4],
    ]);
  });

  it('spans: the row; cells for the title, ID and fields; `<br>` segments for criteria', () => {
    const [us1, us2, , us4] = b.items;
    expect(b.at(us1.span)).toBe('| US-1 | As a user, I want to sign in, so that I see my data | 1 | 3 | Done | - [x] Login form<br>- [ ] Error message |');
    expect(b.at(us1.titleSpan)).toBe('As a user, I want to sign in, so that I see my data');
    expect(b.at(us1.idSpan)).toBe('US-1');
    expect(us1.fields.map((f) => [f.key, f.kind, b.at(f.span)])).toEqual([
      ['ID', 'id', 'US-1'],
      ['Story', 'title', 'As a user, I want to sign in, so that I see my data'],
      ['Priority', 'priority', '1'],
      ['Points', 'estimate', '3'],
      ['Status', 'status', 'Done'],
    ]);
    expect(us1.priority).toMatchObject({ value: 1, source: 'column' });
    expect(us1.status).toMatchObject({ kind: 'done', source: 'column' });
    expect(us1.criteria.map((c) => [b.at(c.span), b.at(c.textSpan), b.at(c.checkSpan), c.done])).toEqual([
      ['- [x] Login form', 'Login form', 'x', true],
      ['- [ ] Error message', 'Error message', ' ', false],
    ]);
    expect(us2.estimate).toMatchObject({ value: 0.5 });
    expect(us2.status).toMatchObject({ raw: ':construction:', kind: 'in-progress' });
    expect(us2.criteria.map((c) => [b.at(c.span), c.done])).toEqual([
      ['Users are paged', null],
      ['Sorted by name', null],
    ]);
    expect(b.at(us4.span)).toBe('<tr><td>US-4</td><td>As a user, I want to export my data, so that I can keep a copy</td><td>4</td></tr>');
    expect(b.at(us4.value!.span)).toBe('As a user, I want to export my data, so that I can keep a copy');
  });
});

describe('explicit priority', () => {
  const prio = (body: string) => only(`## US-1 Item\n\n${body}\n`).priority;

  it.each([
    ['Priority: 2', '2'],
    ['- Priority: 2', '2'],
    ['* Priority: 2', '2'],
    ['**Priority:** 2', '2'],
    ['**Priority**: 2', '2'],
    ['Prio: 2', '2'],
    ['Priorität: 2', '2'],
    ['Prioridad: 2', '2'],
    ['Priorité : 2', '2'],
    ['Priorità: 2', '2'],
    ['Rank: P2', 'P2'],
  ])('%s', (line, raw) => {
    const text = `## US-1 Item\n\n${line}\n`;
    const p = prio(line)!;
    expect(p).toMatchObject({ raw, value: 2, bucket: null, source: 'field' });
    expect(text.slice(p.span.start, p.span.end)).toBe(raw);
  });

  it('a priority column', () => {
    const b = parse(lines('| # | Story | Priority |', '|---|---|---|', '| 1 | Sign in | 20 |', '| 2 | Sign out | 10 |'));
    expect(b.items.map((i) => [i.id, i.priority?.value, i.priority?.source, b.at(i.priority?.span)])).toEqual([
      ['1', 20, 'column', '20'],
      ['2', 10, 'column', '10'],
    ]);
  });

  it('a number opening a heading item, in its variants', () => {
    // Prose sections are items only in a file that a heading calls a backlog (else they are documentation).
    const b = parse(lines('# Backlog', '', '## 1. Sign in', '', 'Text.', '', '## 2) Sign out', '', 'Text.', '', '## 3 - Profile', '', 'Text.', '', '## 7f. Avatar', '', 'Text.'));
    expect(b.items.map((i) => [i.title, i.priority?.raw, i.priority?.value, i.priority?.source])).toEqual([
      ['Sign in', '1', 1, 'heading'],
      ['Sign out', '2', 2, 'heading'],
      ['Profile', '3', 3, 'heading'],
      ['Avatar', '7f', 7, 'heading'],
    ]);
  });

  it('a field wins over the heading number', () => {
    expect(only('## 5. Sign in\n\nPriority: 1\n').priority).toMatchObject({ value: 1, source: 'field' });
  });
});

describe('priority buckets', () => {
  it.each([
    ['High', 'high'],
    ['Medium', 'medium'],
    ['Low', 'low'],
    ['Must have', 'must'],
    ['Should', 'should'],
    ['Could have', 'could'],
    ["Won't have", 'wont'],
    ['Hoch', 'high'],
    ['Alta', 'high'],
    ['🔴 Critique', 'critical'],
  ])('field value %s', (word, bucket) => {
    expect(only(`## US-1 Item\n\n- Priority: ${word}\n`).priority).toMatchObject({ raw: word, value: null, bucket, source: 'field' });
  });

  it('MoSCoW and High/Low group headings give their items a bucket', () => {
    const text = lines('# Backlog', '', '## Must Have', '', '- Sign in', '- Sign out', '', '## Could have:', '', '- Avatar', '', '## Low', '', '- Dark mode');
    const b = parse(text);
    expect(b.items.map((i) => [i.title, i.priority?.bucket, i.priority?.source, b.at(i.priority?.span)])).toEqual([
      ['Sign in', 'must', 'group', '## Must Have'],
      ['Sign out', 'must', 'group', '## Must Have'],
      ['Avatar', 'could', 'group', '## Could have:'],
      ['Dark mode', 'low', 'group', '## Low'],
    ]);
  });

  it('an item field wins over the group bucket', () => {
    const b = parseBacklog(lines('## High', '', '### US-1 A', '', 'Priority: Low', '', '### US-2 B', '', 'Text.'));
    expect(b.items.map((i) => [i.priority?.bucket, i.priority?.source])).toEqual([
      ['low', 'field'],
      ['high', 'group'],
    ]);
  });
});

describe('acceptance criteria', () => {
  const crit = (body: string) => {
    const text = `## US-1 Item\n\nAs a user, I want it.\n\n${body}\n`;
    const it = only(text);
    return { it, texts: it.criteria.map((c) => c.text), at: (s: Span | null) => (s ? text.slice(s.start, s.end) : null) };
  };

  it.each([
    '**Acceptance criteria:**',
    '**Acceptance Criteria**',
    'Acceptance criteria:',
    '### Acceptance criteria',
    '#### AC',
    '**Akzeptanzkriterien:**',
    "**Critères d'acceptation :**",
    '**Criterios de aceptación:**',
    '**Critérios de aceitação:**',
    '**Criteri di accettazione:**',
    '**Acceptatiecriteria:**',
    '**Критерии приемки:**',
    '**验收标准：**',
    '**How to demo:**',
    '**Conditions of satisfaction:**',
  ])('label %s', (label) => {
    const { it: item, texts, at } = crit(`${label}\n\n- First\n- Second`);
    expect(texts).toEqual(['First', 'Second']);
    expect(at(item.criteriaLabelSpan)).toBe(label);
  });

  it('keeps the task-list state and spans of each line', () => {
    const { it: item, at } = crit('**Acceptance criteria:**\n\n- [ ] Open\n- [x] Done\n* [X] Done too\n- Plain');
    expect(item.criteria.map((c) => [c.text, c.done, at(c.checkSpan)])).toEqual([
      ['Open', false, ' '],
      ['Done', true, 'x'],
      ['Done too', true, 'X'],
      ['Plain', null, null],
    ]);
  });

  it('numbered criteria, and criteria in a code block under the label', () => {
    expect(crit('Acceptance criteria:\n\n1. One\n2) Two').texts).toEqual(['One', 'Two']);
    expect(crit('### Acceptance Criteria\n    1:  One thing\n    2:  Another thing\n        - a detail of the second').texts).toEqual([
      'One thing',
      'Another thing',
    ]);
  });

  it('without a label, task lists in the body are the criteria; bullets are not', () => {
    expect(crit('- [ ] Form\n- [x] Button').texts).toEqual(['Form', 'Button']);
    expect(crit('- Note one\n- Note two').texts).toEqual([]);
  });

  it('a labelled criterion list inside a list item', () => {
    const b = parse(lines('- US-1 Sign in', '  - AC:', '    - [ ] Form', '    - [ ] Button', '- US-2 Sign out'));
    expect(b.items.map((i) => i.criteria.map((c) => c.text))).toEqual([['Form', 'Button'], []]);
    expect(b.at(b.items[0].criteriaLabelSpan)).toBe('AC:');
  });

  it('a table cell with <br>-joined lines, numbered or not', () => {
    const text = lines('| ID | Story | Acceptance Criteria |', '|---|---|---|', '| US-1 | As a user, I want x | 1. One<br/>2. Two<br>Three |');
    const b = parse(text);
    expect(b.items[0].criteria.map((c) => [c.text, b.at(c.span)])).toEqual([
      ['One', '1. One'],
      ['Two', '2. Two'],
      ['Three', 'Three'],
    ]);
  });
});

describe('fields', () => {
  it.each([
    ['## US-12 Title', 'US-12', 'Title'],
    ['## US-12: Title', 'US-12', 'Title'],
    ['## US-1.1 | Title', 'US-1.1', 'Title'],
    ['## B-7. Title', 'B-7', 'Title'],
    ['## #12 Title', '#12', 'Title'],
    ['## [US-3] Title', 'US-3', 'Title'],
    ['## INFRA-001 - Title', 'INFRA-001', 'Title'],
    ['## US01 Title', 'US01', 'Title'],
    ['## us-7 Title', 'us-7', 'Title'],
  ])('ID in the heading: %s', (heading, id, title) => {
    const text = `${heading}\n\nAs a user, I want x.\n`;
    const item = only(text);
    expect([item.id, item.title]).toEqual([id, title]);
    expect(text.slice(item.idSpan!.start, item.idSpan!.end)).toBe(id);
  });

  it('an ID field wins over the title', () => {
    const text = '## Sign in\n\n- ID: S-9\n\nAs a user, I want x.\n';
    const item = only(text);
    expect(item.id).toBe('S-9');
    expect(text.slice(item.idSpan!.start, item.idSpan!.end)).toBe('S-9');
  });

  it.each([
    ['5', 5, null],
    ['5 SP', 5, 'SP'],
    ['8 points', 8, 'points'],
    ['3h', 3, 'h'],
    ['2.5 days', 2.5, 'days'],
    ['2,5', 2.5, null],
    ['1/2', 0.5, null],
    ['½', 0.5, null],
    ['1½', 1.5, null],
    ['~3', 3, null],
    ['-', null, null],
    ['?', null, null],
  ])('estimate %s', (raw, value, unit) => {
    expect(only(`## US-1 X\n\nEstimate: ${raw}\n`).estimate).toMatchObject({ raw, value, unit });
  });

  it.each([
    ['Story Points', 'estimate'],
    ['Aufwand', 'estimate'],
    ['Estado', 'status'],
    ['Assignee', 'owner'],
    ['Iteration', 'sprint'],
    ['Blocked by', 'dependsOn'],
    ['Abhängigkeiten', 'dependsOn'],
  ])('field key %s is %s', (key, kind) => {
    const item = only(`## US-1 X\n\n- ${key}: something 1\n`);
    expect(item.fields.map((f) => [f.key, f.kind])).toEqual([[key, kind]]);
  });

  it.each([
    ['Done', 'done'],
    ['in progress', 'in-progress'],
    ['✅ Done', 'done'],
    ['WIP', 'in-progress'],
    ['Erledigt', 'done'],
    ['En cours', 'in-progress'],
    [':white_check_mark:', 'done'],
    ['Ready (sprint 3)', 'ready'],
    ['Blah', null],
  ])('status %s', (raw, kind) => {
    expect(only(`## US-1 X\n\nStatus: ${raw}\n`).status).toMatchObject({ raw, kind, source: 'field' });
  });

  it('status from a Done section and from a state at the end of the heading', () => {
    const b = parse(lines('## Open', '', '### US-1 A — `READY`', '', 'Text.', '', '### US-2 B [In progress]', '', 'Text.', '', '## Done', '', '### US-3 C', '', 'Text.'));
    expect(b.items.map((i) => [i.title, i.status?.kind, i.status?.source, b.at(i.status?.span)])).toEqual([
      ['A', 'ready', 'heading', 'READY'],
      ['B', 'in-progress', 'heading', 'In progress'],
      ['C', 'done', 'section', '### US-3 C'],
    ]);
  });

  it('dependencies: lists of IDs, notes and "none"', () => {
    const deps = (v: string) => only(`## US-9 X\n\nDepends on: ${v}\n`).dependsOn.map((d) => d.id);
    expect(deps('US-1, US-2 and US-3')).toEqual(['US-1', 'US-2', 'US-3']);
    expect(deps('#12 and 14')).toEqual(['#12', '14']);
    expect(deps('US-1 for the API, US-3')).toEqual(['US-1', 'US-3']);
    expect(deps('none')).toEqual([]);
    expect(deps('Keine')).toEqual([]);
    expect(deps('v2 of the API')).toEqual([]);
  });

  it('keeps unknown bulleted fields, in document order, and ignores prose with a colon', () => {
    const text = lines('## US-1 X', '', 'Note that: this is prose, not a field.', '', '- Risk: low', '- Priority: 1', '- UX review: yes', '', 'As a user, I want x.');
    const item = only(text);
    expect(item.fields.map((f) => [f.key, f.kind, f.value])).toEqual([
      ['Risk', 'other', 'low'],
      ['Priority', 'priority', '1'],
      ['UX review', 'other', 'yes'],
    ]);
  });

  it('field aliases from the options', () => {
    const item = only('## US-1 X\n\n- Aufwand (h): 4\n- Wert: 8\n', { fieldAliases: { Wert: 'priority' } });
    expect(item.fields.map((f) => f.kind)).toEqual(['estimate', 'priority']);
    expect(item.priority?.value).toBe(8);
  });
});

describe('text quirks', () => {
  it('CRLF line ends: spans exclude the CR; eol is CRLF', () => {
    const text = '# Backlog\r\n\r\n## US-1 A\r\n\r\nAs a user, I want a.\r\n\r\n- Priority: 1\r\n\r\n## US-2 B\r\n\r\nAs a user, I want b.\r\n';
    const b = parse(text);
    expect(b.eol).toBe('\r\n');
    expect(b.items.map((i) => i.id)).toEqual(['US-1', 'US-2']);
    expect(b.at(b.items[0].titleSpan)).toBe('## US-1 A');
    expect(b.at(b.items[0].span)).toBe('## US-1 A\r\n\r\nAs a user, I want a.\r\n\r\n- Priority: 1');
    expect(b.at(b.items[0].fields[0].span)).toBe('Priority: 1');
    expect(b.at(b.items[1].value!.span)).toBe('As a user, I want b');
  });

  it('a BOM stays in the text and offsets count it', () => {
    const text = '\ufeff## US-1 A\n\nAs a user, I want a.\n';
    const b = parse(text);
    expect(b.items[0].span.start).toBe(1);
    expect(b.at(b.items[0].titleSpan)).toBe('## US-1 A');
  });

  it('front matter after a BOM', () => {
    const text = '\ufeff---\nbacklog:\n  shape: list\n---\n- US-1 A\n';
    const b = parse(text);
    expect(b.at(b.frontMatter)).toBe('---\nbacklog:\n  shape: list\n---\n');
    expect(b.frontMatterSettings).toEqual({ shape: 'list' });
  });

  it('tabs as indentation and separators', () => {
    const text = '- [ ]\tUS-1\tSign in\n\t- Priority:\t2\n- [ ] US-2 Sign out\n';
    const b = parse(text);
    expect(b.items.map((i) => [i.id, i.title])).toEqual([
      ['US-1', 'Sign in'],
      ['US-2', 'Sign out'],
    ]);
    expect(b.items[0].priority?.value).toBe(2);
  });

  it('zero-width characters do not hide a statement; its span still maps to the source', () => {
    const text = '## US-1 A\n\nAs a\u200b user, I want\u200d to sign in.\n';
    const b = parse(text);
    expect(b.items[0].value).toMatchObject({ role: 'user', want: 'to sign in' });
    expect(b.at(b.items[0].value!.span)).toBe('As a\u200b user, I want\u200d to sign in');
  });

  it('no final newline: the last item ends at the end of the text', () => {
    const text = '- US-1 A\n- US-2 B';
    const b = parse(text);
    expect(b.at(b.items[1].span)).toBe('- US-2 B');
    expect(b.items[1].trailerEnd).toBe(text.length);
  });

  it('a setext-underlined paragraph of several lines is not a heading', () => {
    const b = parse('[ ] one\n[ ] two\n---\n');
    expect(b.items).toEqual([]);
    expect(b.pseudoItems.map((p) => p.kind)).toEqual(['checkbox-without-marker', 'checkbox-without-marker']);
  });

  it('an empty text and a text without items', () => {
    expect(parseBacklog('')).toMatchObject({ shape: null, items: [], groups: [] });
    expect(parseBacklog('# Title\n\nJust prose.\n')).toMatchObject({ shape: null, items: [] });
  });
});

describe('shape detection and override', () => {
  const text = lines('## Login', '', '- Sign in with email', '- Sign in with Google', '', '## Profile', '', '- Change the avatar');

  it('detects list items under headings', () => {
    const b = parseBacklog(text);
    expect(b.shape).toBe('list');
    expect(b.items.map((i) => [i.title, i.group])).toEqual([
      ['Sign in with email', 'Login'],
      ['Sign in with Google', 'Login'],
      ['Change the avatar', 'Profile'],
    ]);
  });

  it('shape: heading makes the headings the items (with their bullets as body)', () => {
    const b = parseBacklog(text, { shape: 'heading' });
    expect(b.shape).toBe('heading');
    expect(b.items.map((i) => i.title)).toEqual(['Login', 'Profile']);
  });

  it('itemDepth picks the heading level of items', () => {
    const t = lines('## Epic A', '', '### Story 1', '', 'Text.', '', '### Story 2', '', 'Text.');
    expect(parseBacklog(t, { shape: 'heading', itemDepth: 2 }).items.map((i) => i.title)).toEqual(['Epic A']);
    expect(parseBacklog(t, { shape: 'heading', itemDepth: 3 }).items.map((i) => [i.title, i.group])).toEqual([
      ['Story 1', 'Epic A'],
      ['Story 2', 'Epic A'],
    ]);
  });

  it('shape: table with no item table gives no items; auto is detection', () => {
    expect(parseBacklog(text, { shape: 'table' })).toMatchObject({ shape: 'table', items: [] });
    expect(parseBacklog(text, { shape: 'auto' }).shape).toBe('list');
  });

  it('non-backlog sections (Definition of Done, Glossary) are neither items nor groups', () => {
    const b = parseBacklog(lines('## Backlog', '', '- [ ] US-1 A', '', '## Definition of Done', '', '- [ ] Tests pass', '', '## Glossary', '', '- PO: product owner'));
    expect(b.items.map((i) => i.id)).toEqual(['US-1']);
    expect(b.groups.map((g) => g.title)).toEqual(['Backlog']);
  });

  it('suppression comments disable rules for the next item only', () => {
    const b = parseBacklog(lines('<!-- backlog-disable-next-item missing-benefit -->', '## US-1 A', '', 'Text.', '', '## US-2 B', '', 'Text.'));
    expect(b.items.map((i) => [...i.disabledRules])).toEqual([['missing-benefit'], []]);
  });
});

describe('pseudo-items', () => {
  it.each([
    ['-As a user, I want x', 'dash-without-space', '- As a user, I want x'],
    ['x - Sign in', 'prefix-dash', '- [x] Sign in'],
    ['● Sign in<br/>', 'unicode-bullet', '- Sign in'],
    ['[ ] Sign in', 'checkbox-without-marker', '- [ ] Sign in'],
  ])('%s', (line, kind, replacement) => {
    const text = `# Backlog\n\n${line}\n`;
    const b = parseBacklog(text);
    expect(b.pseudoItems.map((p) => [p.kind, text.slice(p.span.start, p.span.end), p.replacement])).toEqual([[kind, line, replacement]]);
  });

  it('stories in a fenced code block', () => {
    const text = '# Stories\n\n```\nAs a user, I want x.\n```\n';
    const b = parseBacklog(text);
    expect(b.pseudoItems.map((p) => [p.kind, p.replacement])).toEqual([['code-block', null]]);
  });
});

describe('fixed parser bugs', () => {
  it('inline HTML inside a paragraph does not cut the value statement', () => {
    const text = '## US-1 Login\n\nAs a user, I want to <b>sign in</b> quickly, so that I can work.\n';
    const item = only(text);
    expect(item.value).toMatchObject({ role: 'user', want: 'to sign in quickly', benefit: 'I can work' });
    expect(text.slice(item.value!.span.start, item.value!.span.end)).toBe('As a user, I want to <b>sign in</b> quickly, so that I can work');
    // Block-level HTML is still skipped.
    expect(only('## US-1 A\n\n<div>\nAs a user, I want x.\n</div>\n').value).toBeNull();
  });

  it('bare numbers in dependency notes are not IDs', () => {
    const deps = (v: string) => only(`## US-9 X\n\nDepends on: ${v}\n`).dependsOn.map((d) => d.id);
    expect(deps('US-3 (needs 2 days)')).toEqual(['US-3']);
    expect(deps('US-3 - 2 days')).toEqual(['US-3']);
    expect(deps('US-3, 4 more later')).toEqual(['US-3']);
    // A conjunction between IDs is not prose.
    expect(deps('#12 and 14')).toEqual(['#12', '14']);
    expect(deps('12 and 14.')).toEqual(['12', '14']);
  });

  it('pseudo-items that lazily continue a list item, also in a quote and deeper than three spaces', () => {
    const text = lines('> - As a user, I want a', '> -As a user, I want b', '', '- [ ] one', '    [ ] two', '- [ ] three');
    const b = parseBacklog(text);
    expect(b.items).toHaveLength(3);
    expect(b.pseudoItems.map((p) => [p.kind, text.slice(p.span.start, p.span.end), p.replacement])).toEqual([
      ['dash-without-space', '> -As a user, I want b', '> - As a user, I want b'],
      ['checkbox-without-marker', '    [ ] two', '    - [ ] two'],
    ]);
  });

  it('lowercase IDs in a heading', () => {
    const b = parse(lines('## us-7 Login', '', 'As a user, I want x.', '', '## us-8: Logout', '', 'As a user, I want y.'));
    expect(b.items.map((i) => [i.id, i.title, b.at(i.idSpan)])).toEqual([
      ['us-7', 'Login', 'us-7'],
      ['us-8', 'Logout', 'us-8'],
    ]);
    // A word with a number is not an ID.
    expect(only('## v2 Login\n\nAs a user, I want x.\n').id).toBeNull();
  });

  it('emoji shortcodes as status words', () => {
    const b = parse(lines('| ID | Story | Status |', '|---|---|---|', '| 1 | Sign in | :heavy_check_mark: |', '| 2 | Sign out | :x: |', '| 3 | Profile | :construction: |'));
    expect(b.items.map((i) => [i.status?.raw, i.status?.kind])).toEqual([
      [':heavy_check_mark:', 'done'],
      [':x:', 'todo'],
      [':construction:', 'in-progress'],
    ]);
  });

  it('"I\'d like" is a want clause', () => {
    const b = parseBacklog(lines("## US-1 A", '', "As a user, I'd like to sign in, so that I can work.", '', '## US-2 B', '', 'As a user, I’d like to sign out.'));
    expect(b.items.map((i) => [i.value?.want, i.value?.benefit])).toEqual([
      ['to sign in', 'I can work'],
      ['to sign out', null],
    ]);
  });

  it('a struck-through list item keeps its ID', () => {
    const text = '- ~~US-4 Search by author~~\n';
    const item = only(text);
    expect([item.id, item.title, item.status?.kind]).toEqual(['US-4', 'Search by author', 'done']);
    expect(text.slice(item.idSpan!.start, item.idSpan!.end)).toBe('US-4');
  });

  it('a value statement does not run across a blank line', () => {
    expect(only('## US-1 A\n\nAs a user\n\nI want x.\n').value).toBeNull();
  });

  it('criteria labels and field lines inside code do not make a heading an item', () => {
    const text = lines('# Notes', '', '# Stories', '    Story one', '    - As a user', '    - I want x', '', '        Acceptance Criteria:', '        - a', '        Status: done');
    const b = parseBacklog(text);
    expect(b.items).toEqual([]);
    expect(b.pseudoItems.map((p) => p.kind)).toEqual(['indented-code']);
  });
});

describe('docs/FORMAT.md', () => {
  const doc = readFileSync(join(__dirname, '../../docs/FORMAT.md'), 'utf8');
  const canonical = /## The canonical form[\s\S]*?```markdown\n([\s\S]*?)```/.exec(doc)![1];

  it('the canonical example uses every feature and has no findings', () => {
    expect(analyzeBacklog(canonical).findings).toEqual([]);
    const b = parseBacklog(canonical);
    expect(b.shape).toBe('heading');
    expect(b.groups.map((g) => g.title)).toEqual(['Sprint 1', 'Sprint 2']);
    expect(b.items.map((i) => [i.id, i.group, i.priority?.value, i.estimate?.value, i.status?.kind])).toEqual([
      ['US-1', 'Sprint 1', 1, 5, 'ready'],
      ['US-2', 'Sprint 1', 2, 2, 'todo'],
      ['US-3', 'Sprint 2', 3, 8, 'in-progress'],
    ]);
    for (const item of b.items) {
      expect(item.value?.benefit).toBeTruthy();
      expect(item.criteriaLabelSpan).not.toBeNull();
      expect(item.criteria.length).toBeGreaterThan(0);
    }
    expect(b.items[0].owner).toBe('Dana');
    expect(b.items[1].dependsOn.map((d) => d.id)).toEqual(['US-1']);
    expect(b.items[0].criteria.map((c) => c.done)).toEqual([false, true]);
    expect(b.pseudoItems).toEqual([]);
  });
});

// Issue #8, "Reading": the forms real list and table backlogs take. One fixture or more per case, in several languages.
describe('criteria labels (fixture criteria-labels.md)', () => {
  const text = fixture('criteria-labels.md');
  const b = parse(text);
  const [account, signIn, history, cancel] = b.items;

  it('numbered labels with text after them are one criterion each, with their title', () => {
    expect(account.criteria.map((c) => c.text)).toEqual([
      'Sign-up form: it asks for a name, an email address and a password.',
      'Confirmation: a mail with a link confirms the address.',
      'Duplicates: an address that is already registered is refused.',
    ]);
    expect(b.at(account.criteriaLabelSpan)).toBe('**AC#1 — Sign-up form:** it asks for a name, an email address and a password.');
    expect(account.criteria.map((c) => [b.at(c.span)?.slice(0, 12), b.at(c.textSpan)?.slice(0, 12)])).toEqual([
      ['**AC#1 — Sig', 'Sign-up form'],
      ['**AC#2 — Con', 'Confirmation'],
      ['**AC#3 — Dup', 'Duplicates:*'],
    ]);
    // Not `Key: value` fields.
    expect(account.fields).toEqual([]);
  });

  it('a numbered label over a list: the bullets are the criteria; over Given/When/Then: one criterion', () => {
    expect(signIn.criteria.map((c) => c.text)).toEqual(['The account page opens', 'The basket of the last visit is restored', 'Wrong password']);
    expect(b.at(signIn.criteria[2].textSpan)).toBe('Wrong password');
  });

  it('`**Criteria:**` and the Italian `**Criteri:**` label lists', () => {
    expect(history.criteria.map((c) => c.text)).toEqual(['Newest order first', 'Twenty orders per page']);
    expect(cancel.criteria.map((c) => c.text)).toEqual(['Solo prima che il pacco parta', 'Il rimborso arriva entro cinque giorni']);
  });

  it('an Italian benefit in the next sentence: `Così posso ...`', () => {
    expect(cancel.value).toMatchObject({ role: 'cliente', want: 'annullare un ordine', benefit: 'cambiare idea prima della spedizione', language: 'it' });
  });
});

describe('statements in more forms (fixture statements-languages.md)', () => {
  const b = parse(fixture('statements-languages.md'));
  const v = b.items.map((i) => i.value && [i.value.language, i.value.role, i.value.want, i.value.benefit]);

  it('Portuguese "Eu como <role> quero <goal> para <benefit>"', () => {
    expect(v.slice(0, 2)).toEqual([
      ['pt', 'vendedor', 'registrar um pedido', 'não esquecer o cliente'],
      ['pt', 'gerente', 'ver o total do mês', 'planejar as compras'],
    ]);
  });

  it('Italian `per` is a benefit only before an infinitive; `Così posso` opens one', () => {
    expect(v.slice(2, 5)).toEqual([
      ['it', 'bibliotecaria', 'cercare un libro per autore', null],
      ['it', 'socio', 'rinnovare la tessera online', 'evitare la fila'],
      ['it', 'socio', 'un promemoria', 'non perdere la scadenza'],
    ]);
  });

  it('Spanish `para` before a noun is no benefit', () => {
    expect(v[5]).toEqual(['es', 'cliente', 'un filtro para fechas', null]);
  });

  it('Chinese purpose clauses 以防止 / 以避免 / 以适应 / 以获得 keep their verb', () => {
    expect(v.slice(6).map((x) => x && [x[2], x[3]])).toEqual([
      ['登录时输入验证码', '防止账号被盗用'],
      ['限制附件大小', '避免服务器磁盘写满'],
      ['页面随屏幕宽度调整', '适应手机浏览'],
      ['下单时累积积分', '获得下次购物的折扣'],
    ]);
  });
});

describe('sections that are not backlog; bucket words in group titles (fixture not-backlog-sections.md)', () => {
  const b = parse(fixture('not-backlog-sections.md'));

  it('Questions, Technical notes and their translations are neither items nor groups', () => {
    expect(b.items.map((i) => i.title)).toEqual(['Members can borrow a book', 'Members can return a book', 'Reading lists', 'A dark theme']);
    expect(b.groups.map((g) => g.title)).toEqual(['Essential functional requirements', 'Nice to have', 'Priority: Low']);
  });

  it('a bucket word with words that name the content around it makes a bucket', () => {
    expect(b.items.map((i) => i.priority?.bucket)).toEqual(['must', 'must', 'could', 'low']);
  });

  it('but not a bucket word inside other words', () => {
    const other = parse('## Low hanging fruit\n\n- Fix the typo\n\n## Critical path analysis\n\n- Draw the chart\n');
    expect(other.items.map((i) => i.priority)).toEqual([null, null]);
  });
});

describe('parent bullets that are stories; title vs statement (fixture list-stories.md)', () => {
  const text = fixture('list-stories.md');
  const b = parse(text);
  const byId = (id: string) => b.items.find((i) => i.id === id)!;

  it('the issue example: two items US-1 and US-2 with statements, priorities, estimates and criteria', () => {
    const [one, two] = b.items;
    expect([one.id, one.title, two.id, two.title]).toEqual(['US-1', 'Sign in', 'US-2', 'Sign out']);
    expect(one.value).toMatchObject({ role: 'user', want: 'to sign in', benefit: 'I see my data' });
    expect(two.value).toMatchObject({ role: 'user', want: 'to sign out', benefit: 'nobody else uses my session' });
    expect([one.priority?.value, one.estimate?.value, two.priority?.value, two.estimate]).toEqual([1, 3, 2, null]);
    expect(one.criteria.map((c) => [c.text, c.done])).toEqual([
      ['Login page exists', false],
      ['Wrong password shows an error', false],
    ]);
    expect(two.criteria.map((c) => c.text)).toEqual(['Sign-out button in the menu']);
    expect(b.at(one.idSpan)).toBe('US-1');
    expect(b.at(one.value!.span)).toBe('As a user, I want to sign in, so that I see my data');
    expect(one.fields.map((f) => b.at(f.span))).toEqual(['Priority: 1', 'Estimate: 3']);
  });

  it('every parent bullet is an item; none of the nested field or criteria bullets is', () => {
    expect(b.items.map((i) => [i.id, i.title])).toEqual([
      ['US-1', 'Sign in'],
      ['US-2', 'Sign out'],
      [null, 'Export to PDF'],
      ['DOC-4', 'Import from Word'],
      ['DOC-5', 'Spell check'],
      ['DOC-6', 'Word count'],
      [null, 'Track changes'],
      ['KT-1', 'Passwort ändern'],
      ['RM-1', 'Welcome tour'],
      ['RM-2', 'Sample project'],
    ]);
  });

  it('IDs in bold, backticks or brackets; the title before a dash or colon, the statement after it', () => {
    expect(['DOC-4', 'DOC-5', 'DOC-6'].map((id) => b.at(byId(id).idSpan))).toEqual(['DOC-4', 'DOC-5', 'DOC-6']);
    expect(b.items[2].value).toMatchObject({ role: 'editor', want: 'to export a chapter to PDF', benefit: 'I can send it to the printer' });
    expect(b.items[2].estimate?.value).toBe(5);
  });

  it('a labelled nested list and a nested task list are criteria; `Key: value` bullets beside them are fields', () => {
    expect(byId('DOC-4').criteria.map((c) => c.text)).toEqual(['Headings become chapters', 'Images are kept']);
    expect(byId('DOC-5').criteria.map((c) => [c.text, c.done])).toEqual([
      ['Unknown words are underlined', false],
      ['The language follows the document', true],
    ]);
    expect(byId('DOC-5').priority).toMatchObject({ raw: 'high', bucket: 'high', source: 'field' });
    expect(b.items[6]).toMatchObject({ title: 'Track changes', owner: 'Mia', status: { kind: 'in-progress' } });
  });

  it('German: fields and criteria under a story bullet', () => {
    const kt = byId('KT-1');
    expect(kt.value).toMatchObject({ role: 'Nutzerin', benefit: 'mein Konto sicher bleibt', language: 'de' });
    expect([kt.priority?.value, kt.estimate?.value, kt.criteria.length]).toEqual([3, 2, 1]);
  });

  it('a bold label over bullets with IDs still groups them', () => {
    expect(byId('RM-1').groupPath).toEqual(['Roadmap', 'Onboarding']);
  });
});

describe('nothing silently lost', () => {
  it('a checkbox item beside one with nested checkboxes (fixture list-siblings.md)', () => {
    const b = parse(fixture('list-siblings.md'));
    expect(b.items.map((i) => [i.title, i.criteria.length])).toEqual([
      ['Corriger le délai de connexion', 0],
      ['Limites des modèles', 3],
    ]);
    expect(b.groups).toEqual([]);
  });

  it('an HTML row without `</tr>` (and a cell without `</td>`) does not swallow the next one (fixture table-html-rows.md)', () => {
    const b = parse(fixture('table-html-rows.md'));
    expect(b.items.map((i) => [i.id, i.title, i.priority?.value])).toEqual([
      ['S-1', 'Sign in', 1],
      ['S-2', 'Sign out', 2],
      ['S-3', 'Delete the account', 3],
    ]);
    expect(b.at(b.items[0].span)).toBe('<tr><td>S-1</td><td>Sign in</td><td>1</td>');
  });
});

describe('the role written once (fixture list-role-once.md)', () => {
  const b = parse(fixture('list-role-once.md'));

  it('`As a teacher,` over `* I want to ...` bullets: each bullet has a statement with that role', () => {
    expect(b.items.slice(0, 3).map((i) => i.value && [i.value.role, i.value.want, i.value.benefit])).toEqual([
      ['teacher', 'to create a quiz', 'I can check what the class has understood'],
      ['teacher', 'to reuse the questions of last year', null],
      ['teacher', 'share a quiz with a colleague', null],
    ]);
    expect(b.at(b.items[0].value!.span)).toBe('I want to create a quiz, so that I can check what the class has understood');
  });

  it('`As an organisation, I can:` and the Spanish `Como estudiante:`', () => {
    expect(b.items.slice(3).map((i) => i.value && [i.value.language, i.value.role, i.value.want, i.value.benefit])).toEqual([
      ['en', 'organisation', 'invite teachers by email', null],
      ['en', 'organisation', 'see how many quizzes were taken this month', null],
      ['es', 'estudiante', 'ver mis notas', 'saber qué repasar'],
      ['es', 'estudiante', 'descargar el certificado', null],
    ]);
  });

  it('a role-only line over bullets that do not open with a want is not a stem (`As a result:`)', () => {
    const other = parse('# B\n\nAs a result:\n\n- the build is faster\n- the cache is smaller\n');
    expect(other.items.map((i) => i.value)).toEqual([null, null]);
  });
});

describe('tables as people write them', () => {
  it('column names in several languages, an ID and a name in one cell (fixture table-columns.md)', () => {
    const b = parse(fixture('table-columns.md'));
    expect(b.items.map((i) => [i.id, i.title.slice(0, 30), i.criteria.length])).toEqual([
      ['HU-01', 'Registro', 2],
      ['HU-02', 'Inicio de sesión', 1],
      ['ST01', 'Como gerente, quero ver as ven', 1],
      ['ST02', 'Como gerente, quero exportar a', 1],
      ['SHOP-7', 'Add an item to the basket', 1],
      ['SHOP-8', 'Remove an item', 1],
      [null, 'Pay by card', 1],
      [null, 'Pay by invoice', 1],
    ]);
    expect(b.at(b.items[0].idSpan)).toBe('HU-01');
    expect(b.items[0].value).toMatchObject({ role: 'visitante', benefit: 'guardar mis compras', language: 'es' });
    expect(b.items[2].value).toMatchObject({ role: 'gerente', language: 'pt' });
    expect(b.items[6].estimate?.value).toBe(5);
    expect(b.items[4].criteria[0].text).toBe('Add two items and see the count');
  });

  it('a table on the first line, without outer pipes; an ID and a name in the title cell (fixture table-first-line.md)', () => {
    const b = parse(fixture('table-first-line.md'));
    expect(b.items.map((i) => [i.id, i.title, i.estimate?.value, i.criteria.map((c) => c.text)])).toEqual([
      ['HU-11', 'Buscar productos', 3, ['Resultados en un segundo']],
      ['HU-12', 'Filtrar por precio', 2, ['El filtro se guarda']],
    ]);
  });

  it('a title cell starting with a word like `MP3` keeps its title', () => {
    const b = parse('| Story | Estimate |\n|---|---|\n| MP3 export | 3 |\n');
    expect(b.items.map((i) => [i.id, i.title])).toEqual([[null, 'MP3 export']]);
  });
});

describe('headings (fixtures headings-emoji-tables.md, heading-course-code.md)', () => {
  it('an emoji before the ID; a key/value table under the heading gives fields, a criteria row criteria', () => {
    const text = fixture('headings-emoji-tables.md');
    const b = parse(text);
    expect(b.items.map((i) => [i.id, i.title])).toEqual([
      ['RF01', 'Cadastrar clientes'],
      ['RF02', 'Emitir notas fiscais'],
      ['RF03', 'Acompanhar entregas'],
    ]);
    expect(b.at(b.items[0].idSpan)).toBe('RF01');
    const [rf1, rf2] = b.items;
    expect(rf1.fields.map((f) => [f.key, f.kind, f.value, b.at(f.valueSpan)])).toEqual([
      ['Prioridade', 'priority', 'Essencial', 'Essencial'],
      ['Estimativa', 'estimate', '5', '5'],
      ['Status', 'status', 'Em andamento', 'Em andamento'],
    ]);
    expect(b.at(rf1.fields[0].span)).toBe('| Prioridade | Essencial |');
    expect([rf1.priority?.bucket, rf1.estimate?.value, rf1.status?.kind]).toEqual(['must', 5, 'in-progress']);
    expect(rf2.priority).toMatchObject({ raw: 'Importante', bucket: 'high' });
    expect(rf2.criteria.map((c) => b.at(c.textSpan))).toEqual(['Número sequencial', 'Cópia por e-mail']);
    expect(rf2.value).toMatchObject({ role: 'atendente', want: 'emitir a nota fiscal de um pedido', benefit: 'entregá-la ao cliente', language: 'pt' });
  });

  it('a two-column table of other things is not fields', () => {
    const b = parse('## US-1 Prices\n\n| Plan | Price |\n|---|---|\n| Basic | 5 |\n| Pro | 9 |\n');
    expect(b.items[0].fields).toEqual([]);
  });

  it('an ID-like heading above everything is the title, not one item holding the file', () => {
    const b = parse(fixture('heading-course-code.md'));
    expect(b.shape).toBe('list');
    expect(b.items.map((i) => [i.group, i.value?.role])).toEqual([
      ['Backlog', 'student'],
      ['Backlog', 'grader'],
      ['Backlog', 'student'],
      ['Done', 'student'],
    ]);
    expect(b.groups.map((g) => g.title)).toEqual(['Backlog', 'Done']);
  });
});

describe('pseudo-items in more forms (fixture pseudo-outline.md)', () => {
  const text = fixture('pseudo-outline.md');
  const b = parse(text);
  const found = b.pseudoItems.map((p) => [p.kind, b.at(p.span), p.replacement]);

  it('a zero-width space before `●` is still a pseudo-item, and the repair drops it; a lone `●` is none', () => {
    expect(found.slice(0, 2)).toEqual([
      ['unicode-bullet', '\u200b● Lehrkräfte können ein Quiz anlegen', '- Lehrkräfte können ein Quiz anlegen'],
      ['unicode-bullet', '● Schüler sehen ihre Noten<br>', '- Schüler sehen ihre Noten'],
    ]);
    // No repair anywhere writes an empty `- `.
    expect(b.pseudoItems.every((p) => p.replacement === null || /^\s*- \S/.test(p.replacement))).toBe(true);
  });

  it('decimal outlines (`1.0. ...`, `1.1. ...`) are pseudo-items whose repair is a list item keeping the number', () => {
    expect(found.slice(2)).toEqual([
      ['decimal-outline', '1.0. el usuario puede crear una cita', '- 1.0 el usuario puede crear una cita'],
      ['decimal-outline', '1.1. el usuario puede mover una cita', '- 1.1 el usuario puede mover una cita'],
      ['decimal-outline', '1.2. el usuario recibe un aviso un día antes', '- 1.2 el usuario recibe un aviso un día antes'],
      ['decimal-outline', '2.0. the admin can export every appointment as CSV', '- 2.0 the admin can export every appointment as CSV'],
    ]);
  });

  it('the repaired file has the items, in order, with nothing else changed', () => {
    let repaired = text;
    for (const p of [...b.pseudoItems].reverse()) repaired = repaired.slice(0, p.span.start) + p.replacement + repaired.slice(p.span.end);
    const after = parseBacklog(repaired);
    expect(after.items.map((i) => i.title)).toEqual([
      'Lehrkräfte können ein Quiz anlegen',
      'Schüler sehen ihre Noten',
      '1.0 el usuario puede crear una cita',
      '1.1 el usuario puede mover una cita',
      '1.2 el usuario recibe un aviso un día antes',
      '2.0 the admin can export every appointment as CSV',
    ]);
    expect(after.pseudoItems).toEqual([]);
    expect(repaired).toContain('La cita tiene fecha, hora y lugar.');
  });

  it('one line that starts with a decimal number is a sentence, not an outline', () => {
    expect(parseBacklog('# Backlog\n\n- [ ] Speed up the export\n\n2.5 days were lost to the outage.\n').pseudoItems).toEqual([]);
  });
});

describe('documentation is not a backlog (fixture not-backlog-docs.md)', () => {
  const text = fixture('not-backlog-docs.md');

  it('prose-and-image sections (in English, German, Spanish) give no items and no findings about items', () => {
    const b = parse(text);
    expect(b.items).toEqual([]);
    expect(b.pseudoItems).toEqual([]);
    // The only finding is that the file holds no backlog, not one finding per section.
    expect(analyzeBacklog(text).findings.map((f) => f.ruleId)).toEqual(['no-items']);
  });

  it('prose sections are items when a heading says the file is a backlog (Ideas, Roadmap, Funcionalidades, ...)', () => {
    const sections = lines('## Dark mode', '', 'The app follows the theme of the system.', '', '## Offline maps', '', 'Maps of the last trip stay on the phone.', '');
    expect(parse(`# Trail app\n\n${sections}`).items).toEqual([]);
    for (const title of ['Trail app ideas', 'Roadmap', 'Funcionalidades pendientes', 'Aufgaben']) {
      expect(parse(`# ${title}\n\n${sections}`).items.map((i) => i.title)).toEqual(['Dark mode', 'Offline maps']);
    }
  });
});

describe('headings that name sprints; struck-through IDs (fixtures heading-sprints.md, heading-struck.md)', () => {
  it('`## S1`, `## S2 Bezahlen`, `## R2` over tasks or stories are sprints and releases (groups), not items', () => {
    const b = parse(fixture('heading-sprints.md'));
    expect(b.shape).toBe('list');
    expect(b.items.map((i) => [i.id, i.title, i.group])).toEqual([
      [null, 'Räder auf der Karte zeigen', 'S1'],
      [null, 'Konto anlegen', 'S1'],
      ['BV-3', 'Mit Karte bezahlen', 'S2 Bezahlen'],
      ['BV-4', 'Rechnung als PDF', 'S2 Bezahlen'],
      [null, 'Gutscheine einlösen', 'R2'],
    ]);
    // `S` is the MoSCoW "should" only alone: `S1` is no bucket.
    expect(b.items.map((i) => i.priority)).toEqual([null, null, null, null, null]);
  });

  it('a one-letter ID with a statement of its own is still an item', () => {
    const b = parse(lines('# Backlog', '', '## F1 Login', '', 'As a member, I want to log in, so that I see my bookings.', '', '- [ ] Wrong password shows an error'));
    expect(b.items.map((i) => [i.id, i.title, i.criteria.length])).toEqual([['F1', 'Login', 1]]);
  });

  it('a struck-through ID keeps its ID (`### ~~US-7~~ Export`, `### ~~US-8~~`), also in a list item', () => {
    const b = parse(fixture('heading-struck.md'));
    expect(b.items.map((i) => [i.id, b.at(i.idSpan), i.title])).toEqual([
      ['US-7', 'US-7', 'Export the timetable'],
      ['US-8', 'US-8', ''],
      ['US-9', 'US-9', 'Holidays'],
    ]);
    const list = parse('- ~~US-4~~ Search by author\n- US-5 Search by title\n');
    expect(list.items.map((i) => [i.id, i.title])).toEqual([
      ['US-4', 'Search by author'],
      ['US-5', 'Search by title'],
    ]);
  });
});

describe('Finnish statements (fixture statements-finnish.md)', () => {
  const b = parse(fixture('statements-finnish.md'));

  it('the role in the essive case (`Lainaajana haluan ...`), the want, and a benefit after `jotta`', () => {
    expect(b.items.map((i) => i.value && [i.value.language, i.value.role, i.value.want, i.value.benefit])).toEqual([
      ['fi', 'Lainaaja', 'nähdä lainojeni eräpäivät', 'en maksa myöhästymismaksuja'],
      ['fi', 'Kirjastonhoitaja', 'lisätä uuden kirjan kokoelmaan', null],
      ['fi', 'Opettaja', 'varaamaan kirjasarjan koko luokalle', null],
      // "Tomorrow I can ..." and "The borrower can ..." are no statements.
      null,
      null,
    ]);
    expect(b.at(b.items[0].value!.span)).toBe('Lainaajana haluan nähdä lainojeni eräpäivät, jotta en maksa myöhästymismaksuja');
  });
});

describe('heading numbers that are IDs (fixture heading-numbers-ids.md)', () => {
  const text = fixture('heading-numbers-ids.md');

  it('a preamble that says the numbers are stable makes them IDs, not priorities', () => {
    const b = parse(text);
    expect(b.items.map((i) => [i.id, b.at(i.idSpan), i.title, i.priority, i.status?.kind ?? null])).toEqual([
      ['3', '3', 'Terminkalender als iCal', null, 'ready'],
      ['7', '7', 'Mitgliederliste nur für Vorstand', null, 'refining'],
      ['12', '12', 'Bildergalerie verkleinern', null, null],
    ]);
  });

  it('without that sentence they are priorities; the setting decides either way', () => {
    const plain = text.replace(/^Die Nummern[^]*?bleiben\.\n/m, '');
    expect(plain).not.toContain('stabil');
    expect(parse(plain).items.map((i) => [i.id, i.priority?.value])).toEqual([
      [null, 3],
      [null, 7],
      [null, 12],
    ]);
    expect(parse(plain, { headingNumbers: 'id' }).items.map((i) => [i.id, i.priority])).toEqual([
      ['3', null],
      ['7', null],
      ['12', null],
    ]);
    expect(parse(text, { headingNumbers: 'priority' }).items.map((i) => [i.id, i.priority?.value])).toEqual([
      [null, 3],
      [null, 7],
      [null, 12],
    ]);
  });

  it('`headingNumbers` in the front matter or `.backlog.jsonc`; a wrong value is one clear error', () => {
    const body = '# Backlog\n\n## 4. Export\n\nText.\n\n## 9. Import\n\nText.\n';
    const ids = analyzeBacklog(`---\nbacklog:\n  headingNumbers: id\n---\n${body}`);
    expect(ids.backlog.items.map((i) => [i.id, i.priority])).toEqual([
      ['4', null],
      ['9', null],
    ]);
    expect(ids.configErrors).toEqual([]);
    const bad = analyzeBacklog(body, { config: { headingNumbers: 'rank' as never } });
    expect(bad.backlog.items.map((i) => i.priority?.value)).toEqual([4, 9]);
    const wrong = analyzeBacklog(`---\nbacklog:\n  headingNumbers: rank\n---\n${body}`);
    expect(wrong.configErrors).toEqual(['front matter `backlog:`: "headingNumbers" must be one of priority, id, auto']);
  });

  it('an edit inside an item (re-read alone after the last parse) keeps the numbers as IDs', () => {
    const cache = new SectionCache();
    analyzeBacklog(text, { cache });
    const edited = text.replace('Wer darf die Liste sehen?', 'Wer darf die Liste lesen?');
    expect(analyzeBacklog(edited, { cache }).backlog.items.map((i) => [i.id, i.priority])).toEqual([
      ['3', null],
      ['7', null],
      ['12', null],
    ]);
  });

  it('the sentence in other words and languages', () => {
    for (const said of [
      'Item numbers are **stable, not sequential**.',
      'Closed items are deleted without renumbering.',
      'Les numéros sont stables.',
      'Los números son estables: no se reutilizan.',
    ]) {
      expect(parse(`# Backlog\n\n${said}\n\n## 4. Export\n\nText.\n\n## 9. Import\n\nText.\n`).items.map((i) => i.id), said).toEqual(['4', '9']);
    }
    expect(parse('# Backlog\n\nThe numbers are the order of work.\n\n## 4. Export\n\nText.\n\n## 9. Import\n\nText.\n').items.map((i) => i.id)).toEqual([null, null]);
  });
});

describe('checkboxes with any spacing after them (list items, bullets, table cells)', () => {
  it('keeps the ID after a checkbox followed by two spaces, a tab or a mix, in numbered and bulleted task items', () => {
    const text = lines('# Backlog', '', '1. [x]  **B-1** a', '2. [ ]\t`B-2` b', '3. [ ] \t ~~B-3~~ c', '', '- [ ]   **B-4** d', '- [X]\t\tB-5 e');
    const b = parse(text);
    expect(b.items.map((i) => [i.id, b.at(i.idSpan), i.title, i.status?.kind])).toEqual([
      ['B-1', 'B-1', 'a', 'done'],
      ['B-2', 'B-2', 'b', 'todo'],
      ['B-3', 'B-3', 'c', 'todo'],
      ['B-4', 'B-4', 'd', 'todo'],
      ['B-5', 'B-5', 'e', 'done'],
    ]);
  });

  it('one space still works, and no checkbox at all', () => {
    const b = parse(lines('- [x] **B-1** a', '- **B-2** b'));
    expect(b.items.map((i) => [i.id, i.title])).toEqual([
      ['B-1', 'a'],
      ['B-2', 'b'],
    ]);
  });

  it('a checkbox opening a table title cell is the row state, not part of its title or ID', () => {
    const b = parse(lines('| Story | Estimate |', '|---|---|', '| [x]  **B-1** Export | 3 |', '|  [ ] \tB-2 Import | 5 |', '| [ ] Print | 1 |'));
    expect(b.items.map((i) => [i.id, i.title, i.status?.kind, i.status?.source])).toEqual([
      ['B-1', 'Export', 'done', 'checkbox'],
      ['B-2', 'Import', 'todo', 'checkbox'],
      [null, 'Print', 'todo', 'checkbox'],
    ]);
    const withId = parse(lines('| ID | Title | Estimate |', '|---|---|---|', '| B-1 | [x]  Export | 3 |'));
    expect(withId.items.map((i) => [i.id, i.title, i.status?.kind])).toEqual([['B-1', 'Export', 'done']]);
  });
});

describe('backslash escapes read as GFM renders them (`\\|` in a table cell is a literal `|`)', () => {
  const table = lines(
    '| ID | Story | Priority | Acceptance criteria |',
    '|---|---|---|---|',
    '| B-1 | Pipe a\\|b | 1 | one \\| two<br>- [ ] three a\\|b |',
    '| B-2 | As a user\\|admin, I want x\\|y, so that z\\|w | 2 | `a \\| b` |',
  );

  it('titles, value statements and criteria from table cells show `|`; their spans still cover the source bytes', () => {
    const b = parse(table);
    expect(b.items.map((i) => [i.id, i.title])).toEqual([
      ['B-1', 'Pipe a|b'],
      ['B-2', 'As a user|admin, I want x|y, so that z|w'],
    ]);
    expect(b.items[0].criteria.map((c) => [c.text, b.at(c.textSpan)])).toEqual([
      ['one | two', 'one \\| two'],
      ['three a|b', 'three a\\|b'],
    ]);
    // Inside code in a cell too (GFM unescapes the pipe before reading the code span).
    expect(b.items[1].criteria.map((c) => c.text)).toEqual(['a | b']);
    const v = b.items[1].value!;
    expect([v.role, v.want, v.benefit]).toEqual(['user|admin', 'x|y', 'z|w']);
    expect(b.at(v.span)).toBe('As a user\\|admin, I want x\\|y, so that z\\|w');
  });

  it('an ID and a name in one title cell, with and without a statement after the name', () => {
    const b = parse(lines('| Story | Priority |', '|---|---|', '| B-4 Title a\\|b | 1 |', '| B-5 Export\\|print — As a user, I want a\\|b, so that c | 2 |', '| B-6 Import — As a user, I want d, so that e | 3 |'));
    expect(b.items.map((i) => [i.id, b.at(i.idSpan), i.title, i.value?.want ?? null])).toEqual([
      ['B-4', 'B-4', 'Title a|b', null],
      ['B-5', 'B-5', 'Export|print', 'a|b'],
      ['B-6', 'B-6', 'Import', 'd'],
    ]);
  });

  it('an edit of a criterion read with `|` writes it back escaped, into the right bytes', () => {
    const b = parse(table);
    const plan = planEditCriterion(b, 0, 1, 'four c|d');
    expect(plan.ok).toBe(true);
    const next = applyEdits(table, plan.ok ? plan.edits : []);
    expect(next).toBe(table.replace('three a\\|b', 'four c\\|d'));
    expect(parse(next).items[0].criteria.map((c) => c.text)).toEqual(['one | two', 'four c|d']);
  });

  it('outside tables: escapes in list criteria, statements and field values; a backslash inside code stays', () => {
    const b = parse(lines('- **B-7** Stars', '  As a user, I want 5\\* ratings, so that I rate.', '  - Owner: Jane\\_Doe', '  - [ ] shows 1\\* to 5\\*', '  - [ ] `a\\|b` is a pipe'));
    const [item] = b.items;
    expect(item.value?.want).toBe('5* ratings');
    expect(item.owner).toBe('Jane_Doe');
    expect(item.criteria.map((c) => c.text)).toEqual(['shows 1* to 5*', 'a\\|b is a pipe']);
  });
});

describe('story details as people write them under list items', () => {
  it('a criteria label closing the story paragraph labels the list under it', () => {
    const b = parse(lines(
      '## Sprint backlog',
      '',
      '1. **As a** player, **I want** to pause the game **so that** I can take a break.',
      '   Acceptance criteria:',
      '   - pressing P pauses',
      '   - the timer stops',
      '2. **As a** player, **I want** a high score table **so that** I can compete.',
      '   **Akzeptanzkriterien**',
      '   - top ten are kept',
    ));
    expect(b.items.map((i) => [i.value?.benefit, i.criteria.map((c) => c.text), b.at(i.criteriaLabelSpan)])).toEqual([
      ['I can take a break', ['pressing P pauses', 'the timer stops'], 'Acceptance criteria:'],
      ['I can compete', ['top ten are kept'], '**Akzeptanzkriterien**'],
    ]);
  });

  it('a label closing a paragraph with no list after it labels nothing', () => {
    const b = parse(lines('- **B-1** Export', '  Text about it.', '  Acceptance criteria:', '', '  To be written.', '- **B-2** Import'));
    expect(b.items.map((i) => [i.id, i.criteria.length, i.criteriaLabelSpan])).toEqual([
      ['B-1', 0, null],
      ['B-2', 0, null],
    ]);
  });

  it('field bullets under a story end its benefit; a `Story:` label is not part of the title', () => {
    const b = parse(lines(
      '# Backlog',
      '',
      '+ Story: As a driver I want to see free parking spots so that I park faster',
      '  + Priority: High',
      '  + Estimate: 8',
      '  + Acceptance:',
      '    + map shows free spots',
      '    + spots update every minute',
      '+ Story: As an operator I want to set prices so that revenue grows',
      '  + Priority: Medium',
    ));
    expect(b.items.map((i) => [i.title, i.value?.want, i.value?.benefit, i.priority?.raw, i.estimate?.value ?? null, i.criteria.length])).toEqual([
      ['As a driver I want to see free parking spots so that I park faster', 'to see free parking spots', 'I park faster', 'High', 8, 2],
      ['As an operator I want to set prices so that revenue grows', 'to set prices', 'revenue grows', 'Medium', null, 0],
    ]);
  });

  it('a numbered title over a statement bullet and field bullets is the item; bucket headings over them are groups', () => {
    const b = parse(lines(
      '# Backlog',
      '',
      '## High priority',
      '',
      '1. User registration',
      '   - As a new user I want to register with my email so that I can log in.',
      '   - Story points: 5',
      '2. User login',
      '   - As a user I want to log in so that I see my dashboard.',
      '   - Story points: 3',
      '',
      '## Low priority',
      '',
      '3. Dark mode',
      '   - Als Nutzer möchte ich ein dunkles Design, damit meine Augen ruhen.',
      '   - Story points: 2',
    ));
    expect(b.shape).toBe('list');
    expect(b.items.map((i) => [i.title, i.group, i.value?.role, i.estimate?.value, i.priority?.bucket])).toEqual([
      ['User registration', 'High priority', 'new user', 5, 'high'],
      ['User login', 'High priority', 'user', 3, 'high'],
      ['Dark mode', 'Low priority', 'Nutzer', 2, 'low'],
    ]);
  });

  it('a bullet that is a criteria label with its text is one criterion; task items after it continue the criteria', () => {
    const list = parse(lines(
      '# Stories',
      '',
      '1. As a customer, I can place an order so that I get food.',
      '   - Acceptance criteria: a confirmation is emailed',
      '   - [ ] the order shows in my history',
      '2. As an owner, I can edit the menu so that it stays current.',
      '   - Priority: 2',
      '   - AC: changes show at once',
    ));
    expect(list.items.map((i) => [i.criteria.map((c) => [c.text, list.at(c.textSpan)]), list.at(i.criteriaLabelSpan), i.priority?.value ?? null])).toEqual([
      [[['a confirmation is emailed', 'a confirmation is emailed'], ['the order shows in my history', 'the order shows in my history']], 'Acceptance criteria: a confirmation is emailed', null],
      [[['changes show at once', 'changes show at once']], 'AC: changes show at once', 2],
    ]);
    const headings = parse(lines('### US-5 Pay', '', 'As a buyer I want to pay so that I get goods.', '', '- Kriterien: Beleg wird angezeigt', '- Priority: 1'));
    expect(headings.items.map((i) => [i.criteria.map((c) => c.text), i.priority?.value])).toEqual([[['Beleg wird angezeigt'], 1]]);
  });

  it('a criterion added under such a bullet is read back', () => {
    const text = lines('- **B-1** Pay', '  - Acceptance criteria: a receipt is shown', '  - Priority: 1', '');
    const plan = planAddCriterion(parse(text), 0, 'the card is charged once');
    expect(plan.ok).toBe(true);
    const next = parse(applyEdits(text, plan.ok ? plan.edits : []));
    expect(next.items.map((i) => [i.criteria.map((c) => c.text), i.priority?.value])).toEqual([[['a receipt is shown', 'the card is charged once'], 1]]);
  });

  it('but a parent over several story bullets is still their group', () => {
    const b = parse(lines('- Checkout', '  - As a buyer I want to pay by card so that I finish fast', '  - As a buyer I want to pay by invoice so that I pay later', '  - Priority: 1'));
    expect(b.groups.map((g) => g.title)).toEqual(['Checkout']);
    expect(b.items.slice(0, 2).map((i) => [i.value?.want, i.group])).toEqual([
      ['to pay by card', 'Checkout'],
      ['to pay by invoice', 'Checkout'],
    ]);
  });
});
