// Item IDs as a language: hover, definition, references, rename, completion, symbols, lenses, links and related
// information, as pure functions of the workspace index.
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import { applyEdits } from './edits';
import { parseBacklog } from './parse';
import {
  completionAt,
  definitionAt,
  documentLinks,
  documentSymbols,
  hoverAt,
  itemLenses,
  planRename,
  prepareRenameAt,
  referencesAt,
  relatedLocations,
  workspaceSymbols,
} from './references';
import { WorkspaceIndex } from './workspace-index';

const lines = (...l: string[]) => l.join('\n');

const APP = lines(
  '# App backlog',
  '',
  '## Sprint 1',
  '',
  '### US-1 Sign in with company account',
  '',
  'As a team member, I want to sign in with my company account, so that I need no other password.',
  '',
  '- Status: ready',
  '- Estimate: 5',
  '',
  '**Acceptance criteria:**',
  '',
  '- [x] The page offers "Continue with company account"',
  '- [ ] A first sign-in creates the profile',
  '- [x] Sign-in works on mobile',
  '',
  '### US-2 Sign out',
  '',
  'Undoes US-1.',
  '',
  '- Status: In Progress',
  '- Depends on: US-1',
  '',
  '## Sprint 2',
  '',
  '### US-3 Profile *page*',
  '',
  '- Status: In Progress',
  '- Depends on: US-2, US-7',
  '',
);

const DOCS = lines('# Docs', '', '## D-1 Write the guide', '', '- Depends on: US-1', '', '## D-2 Screenshots', '', '- Depends on: D-1', '');

const NOTES = lines('# Design notes', '', 'US-1 comes first; then US-3 and D-1. US-7 lives in the infra backlog.', '');

const INFRA = lines('# Infra', '', '- [ ] US-7 Backups of the sign-in data', '- [ ] INFRA-2 Monitoring', '');

function workspace(): WorkspaceIndex {
  const ix = new WorkspaceIndex();
  ix.setBacklog('app', APP, analyzeBacklog(APP).backlog, { label: 'app/BACKLOG.md', version: 4 });
  ix.setBacklog('docs', DOCS, analyzeBacklog(DOCS).backlog, { label: 'docs/BACKLOG.md', version: 2 });
  ix.setMarkdown('notes', NOTES, { label: 'notes.md', version: 1 });
  return ix;
}

const texts: Record<string, string> = { app: APP, docs: DOCS, notes: NOTES, infra: INFRA };
const at = (file: string, needle: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = texts[file].indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i;
};
const show = (locs: readonly { uri: string; span: { start: number; end: number } }[]) =>
  locs.map((l) => `${l.uri}:${texts[l.uri].slice(l.span.start, l.span.end)}@${l.span.start}`);

describe('hoverAt', () => {
  it('shows title, value statement, rank, status, estimate, criteria progress and file of the item an ID means', () => {
    const h = hoverAt(workspace(), 'app', at('app', 'US-1', 2))!;
    expect(APP.slice(h.span.start, h.span.end)).toBe('US-1');
    expect(h.items.map((r) => r.item.id)).toEqual(['US-1']);
    expect(h.markdown).toContain('**US\\-1 Sign in with company account**');
    expect(h.markdown).toContain('*I want* to sign in with my company account, *so that* I need no other password');
    expect(h.markdown).toContain('Rank 1 · Status ready · Estimate 5 · Criteria 2/3');
    expect(h.markdown).toContain('`app/BACKLOG.md` · Sprint 1');
  });

  it('works in other markdown files and in other backlogs', () => {
    const ix = workspace();
    expect(hoverAt(ix, 'notes', at('notes', 'US-3'))!.markdown).toContain('**US\\-3 Profile page**');
    expect(hoverAt(ix, 'docs', at('docs', 'US-1'))!.markdown).toContain('`app/BACKLOG.md`');
  });

  it('explains an unknown dependency, and shows every item when backlogs share an ID', () => {
    const ix = workspace();
    expect(hoverAt(ix, 'app', at('app', 'US-7'))!.markdown).toBe("No item in the workspace's backlogs has the ID `US-7`.");
    ix.setBacklog('infra', INFRA, parseBacklog(INFRA), { label: 'infra/BACKLOG.md' });
    const h = hoverAt(ix, 'notes', at('notes', 'US-7'))!;
    expect(h.items.map((r) => r.uri)).toEqual(['infra']);
    ix.setBacklog('infra', INFRA.replace('US-7', 'US-1'), parseBacklog(INFRA.replace('US-7', 'US-1')), { label: 'infra/BACKLOG.md' });
    const both = hoverAt(ix, 'notes', at('notes', 'US-1'))!;
    expect(both.items.map((r) => r.uri)).toEqual(['app', 'infra']);
    expect(both.markdown).toContain('`US-1` is an item of 2 backlogs.');
  });

  it('is null in prose without an ID', () => {
    expect(hoverAt(workspace(), 'notes', at('notes', 'comes'))).toBeNull();
  });
});

describe('definitionAt and referencesAt', () => {
  it('goes from a dependency, a text mention or another backlog to the item', () => {
    const ix = workspace();
    for (const [file, needle, nth] of [
      ['app', 'US-1', 2],
      ['notes', 'US-1', 0],
      ['docs', 'US-1', 0],
    ] as const) {
      const d = definitionAt(ix, file, at(file, needle, nth));
      expect(d).toHaveLength(1);
      expect(d[0].uri).toBe('app');
      expect(APP.slice(d[0].selectionSpan.start, d[0].selectionSpan.end)).toBe('US-1');
      expect(APP.slice(d[0].span.start, d[0].span.end)).toMatch(/^### US-1 Sign in[\s\S]*Sign-in works on mobile$/);
    }
  });

  it('finds every mention of the item across the workspace, with or without the declaration', () => {
    const ix = workspace();
    const all = referencesAt(ix, 'notes', at('notes', 'US-1'));
    expect(show(all)).toEqual([
      `app:US-1@${at('app', 'US-1', 0)}`,
      `app:US-1@${at('app', 'US-1', 1)}`,
      `app:US-1@${at('app', 'US-1', 2)}`,
      `docs:US-1@${at('docs', 'US-1')}`,
      `notes:US-1@${at('notes', 'US-1')}`,
    ]);
    expect(referencesAt(ix, 'notes', at('notes', 'US-1'), false)).toHaveLength(4);
  });

  it('keeps backlogs apart: a backlog that defines the ID itself does not refer to the other one', () => {
    const ix = workspace();
    const own = lines('# Other', '', '## US-1 Their own first item', '', '## US-9 Next', '', '- Depends on: US-1', '');
    texts.other = own;
    ix.setBacklog('other', own, parseBacklog(own), { label: 'other/BACKLOG.md' });
    expect(show(referencesAt(ix, 'app', at('app', 'US-1'))).filter((s) => s.startsWith('other'))).toEqual([]);
    // Files without their own US-1 (docs, notes) now mean both items, so they are references of both.
    expect(show(referencesAt(ix, 'other', at('other', 'US-1', 1)))).toEqual([
      `docs:US-1@${at('docs', 'US-1')}`,
      `notes:US-1@${at('notes', 'US-1')}`,
      `other:US-1@${at('other', 'US-1')}`,
      `other:US-1@${at('other', 'US-1', 1)}`,
    ]);
    expect(definitionAt(ix, 'notes', at('notes', 'US-1')).map((d) => d.uri)).toEqual(['app', 'other']);
    delete texts.other;
  });
});

describe('rename', () => {
  it('renames the definition and every mention in every file, with the versions the edits were planned against', () => {
    const ix = workspace();
    const plan = planRename(ix, 'notes', at('notes', 'US-1'), 'US-100');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.changes.map((c) => [c.uri, c.version, c.edits.length])).toEqual([
      ['app', 4, 3],
      ['docs', 2, 1],
      ['notes', 1, 1],
    ]);
    const after = Object.fromEntries(plan.changes.map((c) => [c.uri, applyEdits(texts[c.uri], c.edits)]));
    expect(after.app).toContain('### US-100 Sign in');
    expect(after.app).toContain('Undoes US-100.');
    expect(after.app).toContain('- Depends on: US-100');
    expect(after.docs).toContain('- Depends on: US-100');
    expect(after.notes).toContain('US-100 comes first');
    // Nothing else changed: the renamed text, renamed back, is the original.
    expect(after.app.replaceAll('US-100', 'US-1')).toBe(APP);
    // The renamed backlog reads the new ID.
    expect(parseBacklog(after.app).items[0].id).toBe('US-100');
  });

  it('refuses an ID that exists, anywhere in the workspace, or that is not an ID', () => {
    const ix = workspace();
    const o = at('app', 'US-1');
    expect(planRename(ix, 'app', o, 'US-2')).toEqual({ ok: false, error: expect.stringContaining('US-2 already exists: US-2 Sign out (rank 2) in app/BACKLOG.md') });
    expect(planRename(ix, 'app', o, 'd-1')).toEqual({ ok: false, error: expect.stringContaining('already exists') });
    expect(planRename(ix, 'app', o, 'US 12')).toEqual({ ok: false, error: expect.stringContaining('no spaces') });
    expect(planRename(ix, 'app', o, 'sign-in')).toEqual({ ok: false, error: expect.stringContaining('not a valid ID') });
    expect(planRename(ix, 'app', o, '12')).toEqual({ ok: false, error: expect.stringContaining('not a valid ID') });
    expect(planRename(ix, 'app', o, '')).toEqual({ ok: false, error: 'Enter the new ID.' });
    // Only the case changes: the same item, allowed.
    const same = planRename(ix, 'app', o, 'us-1');
    expect(same.ok && same.changes.reduce((n, c) => n + c.edits.length, 0)).toBe(5);
  });

  it('prepareRename gives the ID and its span, or says why not', () => {
    const ix = workspace();
    const p = prepareRenameAt(ix, 'docs', at('docs', 'US-1') + 2);
    expect(p).toEqual({ ok: true, span: { start: at('docs', 'US-1'), end: at('docs', 'US-1') + 4 }, placeholder: 'US-1' });
    expect(prepareRenameAt(ix, 'notes', 0)).toEqual({ ok: false, error: expect.stringContaining('Put the cursor on an item ID') });
    expect(prepareRenameAt(ix, 'app', at('app', 'US-7'))).toEqual({ ok: false, error: expect.stringContaining('No item has the ID US-7') });
    ix.setBacklog('infra', INFRA.replace('US-7', 'US-1'), parseBacklog(INFRA.replace('US-7', 'US-1')), { label: 'infra/BACKLOG.md' });
    expect(prepareRenameAt(ix, 'notes', at('notes', 'US-1'))).toEqual({ ok: false, error: expect.stringContaining('is an item of 2 backlogs (app/BACKLOG.md, infra/BACKLOG.md)') });
  });
});

describe('completionAt', () => {
  const complete = (file: string, text: string, offset: number) => {
    const ix = workspace();
    return completionAt(ix, file, text, offset);
  };

  it('offers the backlog\'s item IDs after Depends on:, with titles, leaving out the item itself and IDs already written', () => {
    const text = APP.replace('- Depends on: US-2, US-7', '- Depends on: US-2, ');
    const offset = text.indexOf('US-2, ') + 6;
    const c = complete('app', text, offset)!;
    expect(c.context).toBe('dependency');
    expect(c.span).toEqual({ start: offset, end: offset });
    expect(c.entries.map((e) => [e.label, e.detail])).toEqual([['US-1', '1. Sign in with company account']]);
    expect(c.entries[0].documentation).toContain('Criteria 2/3');
  });

  it('replaces the partial ID under the cursor, for the aliases of the field too', () => {
    const text = APP.replace('- Depends on: US-2, US-7', '- **Blocked by:** US-');
    const offset = text.indexOf('Blocked by:** US-') + 'Blocked by:** US-'.length;
    const c = complete('app', text, offset)!;
    expect(c.span).toEqual({ start: offset - 3, end: offset });
    expect(c.entries.map((e) => e.label)).toEqual(['US-1', 'US-2']);
  });

  it('offers every backlog\'s items in a markdown file that is not a backlog', () => {
    const text = 'Depends on: ';
    const ix = workspace();
    ix.setMarkdown('plan', text);
    const c = completionAt(ix, 'plan', text, text.length)!;
    expect(c.entries.map((e) => e.label)).toEqual(['US-1', 'US-2', 'US-3', 'D-1', 'D-2']);
    expect(c.entries[3].detail).toBe('1. Write the guide (docs/BACKLOG.md)');
  });

  it('offers status values after Status:, the backlog\'s own words first', () => {
    const text = APP.replace('- Status: ready', '- Status: ');
    const offset = text.indexOf('- Status: ') + 10;
    const c = complete('app', text, offset)!;
    expect(c.context).toBe('status');
    expect(c.entries.map((e) => e.label).slice(0, 3)).toEqual(['In Progress', 'ready', 'todo']);
    expect(c.entries.map((e) => e.detail)).toContain('done');
    expect(c.entries.some((e) => e.label === 'in progress')).toBe(false);
  });

  it('offers field keys at the start of a line in an item\'s body, in the backlog\'s spelling', () => {
    const text = APP.replace('- Estimate: 5\n', '- Estimate: 5\n- Ow\n');
    const offset = text.indexOf('- Ow') + 4;
    const c = complete('app', text, offset)!;
    expect(c.context).toBe('field-key');
    expect(c.span).toEqual({ start: offset - 2, end: offset });
    expect(c.entries.map((e) => e.insertText)).toEqual(['Priority: ', 'Estimate: ', 'Status: ', 'Depends on: ', 'Owner: ', 'Sprint: ']);
  });

  it('never completes in prose, titles, acceptance criteria or other files\' plain text', () => {
    expect(complete('app', APP, at('app', 'Undoes') + 3)).toBeNull();
    expect(complete('app', APP, at('app', 'As a team') + 5)).toBeNull();
    expect(complete('app', APP, at('app', '### US-2') + 6)).toBeNull();
    const crit = APP.replace('- [x] Sign-in works on mobile', '- [x] Sign-in works on mobile\n- Pr');
    expect(complete('app', crit, crit.indexOf('- Pr') + 4)).toBeNull();
    expect(complete('notes', NOTES, at('notes', 'comes') + 2)).toBeNull();
    // A field key line outside any item (above the first one).
    const top = APP.replace('# App backlog\n', '# App backlog\n\n- Pr\n');
    expect(complete('app', top, top.indexOf('- Pr') + 4)).toBeNull();
  });

  it('offers IDs in the dependency column of a table-shaped backlog', () => {
    const table = lines('# Backlog', '', '| ID | Story | Depends on |', '|---|---|---|', '| T-1 | Search | - |', '| T-2 | Filter | T- |', '');
    const ix = new WorkspaceIndex();
    ix.setBacklog('t', table, parseBacklog(table));
    const offset = table.indexOf('T- |') + 2;
    const c = completionAt(ix, 't', table, offset)!;
    expect(c.entries.map((e) => e.label)).toEqual(['T-1']);
    expect(completionAt(ix, 't', table, table.indexOf('Filter') + 2)).toBeNull();
  });
});

describe('symbols', () => {
  it('outlines groups, then items with rank and ID, groups spanning their items', () => {
    const syms = documentSymbols(parseBacklog(APP));
    expect(syms.map((s) => [s.kind, s.name, s.detail])).toEqual([
      ['group', 'Sprint 1', '2 items'],
      ['group', 'Sprint 2', '1 item'],
    ]);
    expect(syms[0].children.map((s) => [s.name, s.detail])).toEqual([
      ['1. US-1 Sign in with company account', '5 · ready'],
      ['2. US-2 Sign out', 'In Progress'],
    ]);
    expect(APP.slice(syms[0].span.start, syms[0].span.end)).toMatch(/^## Sprint 1[\s\S]*- Depends on: US-1$/);
    expect(APP.slice(syms[1].children[0].selectionSpan.start, syms[1].children[0].selectionSpan.end)).toBe('US-3');
    for (const g of syms) for (const c of g.children) expect(c.span.start >= g.span.start && c.span.end <= g.span.end).toBe(true);
  });

  it('lists items without groups at the top level', () => {
    expect(documentSymbols(parseBacklog(INFRA)).map((s) => s.name)).toEqual(['1. US-7 Backups of the sign-in data', '2. INFRA-2 Monitoring']);
  });

  it('finds items of every backlog by ID or title, best matches first', () => {
    const ix = workspace();
    expect(workspaceSymbols(ix, 'us-1').map((s) => s.name)).toEqual(['US-1 Sign in with company account']);
    expect(workspaceSymbols(ix, 'sign').map((s) => s.name)).toEqual(['US-1 Sign in with company account', 'US-2 Sign out']);
    expect(workspaceSymbols(ix, 'guide')[0]).toMatchObject({ name: 'D-1 Write the guide', containerName: 'docs/BACKLOG.md', uri: 'docs' });
    expect(workspaceSymbols(ix, 'us3').map((s) => s.name)).toEqual(['US-3 Profile page']);
    expect(workspaceSymbols(ix, '')).toHaveLength(5);
    expect(workspaceSymbols(ix, '', 2)).toHaveLength(2);
    expect(workspaceSymbols(ix, 'zzz')).toEqual([]);
  });
});

describe('itemLenses', () => {
  it('shows rank, estimate and criteria progress, and moves that exist', () => {
    const lenses = itemLenses(parseBacklog(APP));
    expect(lenses.map((l) => l.parts.map((p) => p.title))).toEqual([
      ['Rank 1 · Estimate 5 · Criteria 2/3', 'Move down'],
      ['Rank 2 · No criteria', 'Move up', 'Move down'],
      ['Rank 3 · No criteria', 'Move up'],
    ]);
    expect(lenses[1].parts[1].action).toEqual({ type: 'move', direction: 'up' });
    expect(APP.slice(lenses[0].span.start, lenses[0].span.end)).toBe('### US-1 Sign in with company account');
  });
});

describe('documentLinks', () => {
  it('links dependency IDs that mean an item, to the item, across backlogs too', () => {
    const ix = workspace();
    const app = documentLinks(ix, 'app');
    expect(app.map((l) => APP.slice(l.span.start, l.span.end))).toEqual(['US-1', 'US-2']);
    expect(app[0].target.uri).toBe('app');
    const docs = documentLinks(ix, 'docs');
    expect(docs.map((l) => [DOCS.slice(l.span.start, l.span.end), l.target.uri])).toEqual([
      ['US-1', 'app'],
      ['D-1', 'docs'],
    ]);
    expect(docs[0].tooltip).toBe('Go to US-1 Sign in with company account (rank 1 in app/BACKLOG.md)');
    expect(documentLinks(ix, 'notes')).toEqual([]);
  });
});

describe('relatedLocations', () => {
  it('passes on the rule\'s related spans and finds an unknown dependency in another backlog', () => {
    const ix = workspace();
    ix.setBacklog('infra', INFRA, parseBacklog(INFRA), { label: 'infra/BACKLOG.md' });
    const findings = analyzeBacklog(APP).findings;
    const unknown = findings.find((f) => f.ruleId === 'unknown-dependency')!;
    expect(relatedLocations(ix, 'app', unknown)).toEqual([
      { uri: 'infra', span: { start: at('infra', 'US-7'), end: at('infra', 'US-7') + 4 }, message: 'US-7 Backups of the sign-in data is an item of infra/BACKLOG.md; dependencies are checked within one backlog' },
    ]);
    const dup = lines('# B', '', '## US-1 One', '', '## US-1 Two', '');
    const f = analyzeBacklog(dup).findings.find((x) => x.ruleId === 'duplicate-id')!;
    expect(relatedLocations(ix, 'dup', f)).toEqual([{ uri: 'dup', span: { start: dup.indexOf('US-1'), end: dup.indexOf('US-1') + 4 }, message: 'First use of `US-1`: `US-1 One` (rank 1)' }]);
  });

  it('points dependency-order at the dependency and dependency-cycle at each other edge', () => {
    const order = lines('# B', '', '## US-1 One', '', '- Depends on: US-2', '', '## US-2 Two', '');
    const o = analyzeBacklog(order).findings.find((x) => x.ruleId === 'dependency-order')!;
    expect(o.related).toEqual([{ span: { start: order.indexOf('US-2 Two'), end: order.indexOf('US-2 Two') + 4 }, message: '`US-2 Two` is ranked 2, below `US-1` (rank 1)' }]);
    const cycle = lines('# B', '', '## US-1 One', '', '- Depends on: US-2', '', '## US-2 Two', '', '- Depends on: US-1', '');
    const c = analyzeBacklog(cycle).findings.find((x) => x.ruleId === 'dependency-cycle')!;
    const back = cycle.lastIndexOf('US-1');
    expect(c.related).toEqual([{ span: { start: back, end: back + 4 }, message: '`US-2` depends on `US-1` here' }]);
  });
});
