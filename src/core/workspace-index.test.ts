// The workspace index: mentions per file (definitions, dependencies, ID-like words in text), resolution across
// backlogs, and incremental updates of one file.
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import { parseBacklog } from './parse';
import { backlogMentions, scanTextMentions, summarizeBacklog, WorkspaceIndex } from './workspace-index';

const lines = (...l: string[]) => l.join('\n');

const APP = lines(
  '# App backlog',
  '',
  '## Sprint 1',
  '',
  '### US-1 Sign in',
  '',
  'As a user, I want to sign in, so that my data is mine.',
  '',
  '- Status: ready',
  '- Estimate: 3',
  '',
  '### US-2 Sign out',
  '',
  'Like US-1, but the other way. Not `US-99`, which does not exist.',
  '',
  '- Depends on: US-1, #3',
  '',
  '### US-3 Profile',
  '',
  '- Depends on: 2',
  '',
);

const DOCS = lines('# Docs backlog', '', '## D-1 Write the guide', '', '- Depends on: US-1', '', '## US-1 Same ID as the app', '');

const NOTES = lines(
  '# Notes',
  '',
  'We start with US-1 and then us-2. See [the plan](plans/US-3.md) and https://example.com/US-2.',
  '',
  '```',
  'US-1 inside code is not a mention',
  '```',
  '',
  'INFRA-7 is not an item (yet). US-1.md is a file name, COVID-19 a word.',
);

const text = (s: string, span: { start: number; end: number }) => s.slice(span.start, span.end);

function index(): WorkspaceIndex {
  const ix = new WorkspaceIndex();
  ix.setBacklog('app', APP, analyzeBacklog(APP).backlog, { label: 'app/BACKLOG.md', version: 1 });
  ix.setBacklog('docs', DOCS, analyzeBacklog(DOCS).backlog, { label: 'docs/BACKLOG.md' });
  ix.setMarkdown('notes', NOTES, { label: 'notes.md' });
  return ix;
}

describe('scanTextMentions', () => {
  it('finds ID-like words in prose, inline code included, and skips fenced code, link targets, URLs and file names', () => {
    const found = scanTextMentions(NOTES).map((m) => m.id);
    expect(found).toEqual(['US-1', 'us-2', 'INFRA-7', 'COVID-19']);
  });

  it('gives the exact span of each word', () => {
    for (const m of scanTextMentions(NOTES)) expect(text(NOTES, m.span)).toBe(m.id);
  });

  it('reads dotted and suffixed IDs whole, and not inside longer words', () => {
    const t = 'US-1.2 and B_3 and US-6a; éUS-12, abc123def, #US-9, v2 (US-4)';
    expect(scanTextMentions(t).map((m) => m.id)).toEqual(['US-1.2', 'B_3', 'US-6a', 'v2', 'US-4']);
  });

  it('keeps an unclosed fence to the end of the file', () => {
    expect(scanTextMentions('US-1\n~~~\nUS-2\n').map((m) => m.id)).toEqual(['US-1']);
  });

  it('reads long words and long runs of digits and separators in one pass (no backtracking blow-up)', () => {
    // None of the long words is an ID (a word ending in two letters, a leading dash, digits only, underscores).
    const hostile = `${'a1'.repeat(100_000)}xy ${'-1'.repeat(100_000)} ${'9'.repeat(100_000)} ${'a-'.repeat(50_000)}b US-7 ${'_'.repeat(50_000)}`;
    const found = scanTextMentions(hostile).map((m) => (m.id.length > 20 ? `${m.id.length} characters` : m.id));
    expect(found).toEqual(['US-7']);
  });

  it('works with CRLF', () => {
    const t = 'US-1\r\n```\r\nUS-2\r\n```\r\nUS-3\r\n';
    expect(scanTextMentions(t).map((m) => m.id)).toEqual(['US-1', 'US-3']);
  });
});

describe('backlogMentions', () => {
  it('lists definitions, dependencies (bare numbers too) and text words, in document order', () => {
    const b = parseBacklog(APP);
    const ms = backlogMentions('app', APP, b);
    expect(ms.map((m) => [m.kind, m.id])).toEqual([
      ['definition', 'US-1'],
      ['definition', 'US-2'],
      ['text', 'US-1'],
      ['text', 'US-99'],
      ['dependency', 'US-1'],
      ['dependency', '#3'],
      ['definition', 'US-3'],
      ['dependency', '2'],
    ]);
    for (const m of ms) expect(text(APP, m.span)).toBe(m.id);
    expect(ms.filter((m) => m.kind !== 'text').map((m) => m.itemIndex)).toEqual([0, 1, 1, 1, 2, 2]);
  });

  it('points a definition at the ID itself when the ID field has markup', () => {
    const t = lines('- Login page', '  - **ID:** **US-5**', '- Logout', '  - ID: US-6', '');
    const b = parseBacklog(t);
    const defs = backlogMentions('x', t, b).filter((m) => m.kind === 'definition');
    expect(defs.map((m) => text(t, m.span))).toEqual(['US-5', 'US-6']);
  });
});

describe('WorkspaceIndex', () => {
  it('knows the backlogs, sorted by label, and counts', () => {
    const ix = index();
    expect(ix.backlogUris()).toEqual(['app', 'docs']);
    expect(ix.stats()).toMatchObject({ files: 3, backlogs: 2, items: 5 });
    expect(ix.version('app')).toBe(1);
    expect(ix.label('notes')).toBe('notes.md');
  });

  it('resolves an ID to the own backlog first, else to every backlog that has it', () => {
    const ix = index();
    expect(ix.resolve('US-1', 'app').map((r) => [r.uri, r.item.title])).toEqual([['app', 'Sign in']]);
    expect(ix.resolve('US-1', 'docs').map((r) => [r.uri, r.item.title])).toEqual([['docs', 'Same ID as the app']]);
    expect(ix.resolve('us-1', 'notes').map((r) => r.uri)).toEqual(['app', 'docs']);
    expect(ix.resolve('US-2', 'docs').map((r) => r.uri)).toEqual(['app']);
    expect(ix.resolve('INFRA-7', 'notes')).toEqual([]);
  });

  it('finds the mention at an offset, the end of the ID included; unknown text words are not mentions', () => {
    const ix = index();
    const at = NOTES.indexOf('US-1 and');
    expect(ix.mentionAt('notes', at)?.id).toBe('US-1');
    expect(ix.mentionAt('notes', at + 4)?.id).toBe('US-1');
    expect(ix.mentionAt('notes', at + 5)).toBeUndefined();
    expect(ix.mentionAt('notes', NOTES.indexOf('INFRA-7'))).toBeUndefined();
    // An unknown dependency is still a mention (hover explains it).
    const dep = APP.indexOf('#3');
    expect(ix.mentionAt('app', dep)).toMatchObject({ kind: 'dependency', id: '#3' });
  });

  it('updates one file incrementally: a text word becomes a mention when an item gets its ID, and stops when it goes', () => {
    const ix = index();
    expect(ix.mentionAt('notes', NOTES.indexOf('INFRA-7'))).toBeUndefined();
    const infra = lines('# Infra', '', '## INFRA-7 Backups', '');
    ix.setBacklog('infra', infra, parseBacklog(infra), { label: 'infra/BACKLOG.md' });
    expect(ix.mentionAt('notes', NOTES.indexOf('INFRA-7'))?.id).toBe('INFRA-7');
    expect(ix.mentionsOf('infra-7').map((m) => m.uri).sort()).toEqual(['infra', 'notes']);
    ix.remove('infra');
    expect(ix.mentionAt('notes', NOTES.indexOf('INFRA-7'))).toBeUndefined();
    expect(ix.mentionsOf('INFRA-7').map((m) => m.uri)).toEqual(['notes']);
    expect(ix.isDefined('INFRA-7')).toBe(false);
  });

  it('re-indexing a file replaces its old mentions', () => {
    const ix = index();
    ix.setMarkdown('notes', 'Only US-2 now.');
    expect(ix.mentionsOf('US-1').some((m) => m.uri === 'notes')).toBe(false);
    expect(ix.mentionsOf('US-2').filter((m) => m.uri === 'notes')).toHaveLength(1);
    // A backlog that becomes a plain markdown file no longer defines its IDs.
    ix.setMarkdown('docs', DOCS);
    expect(ix.definitions('D-1')).toEqual([]);
    expect(ix.backlogUris()).toEqual(['app']);
  });

  it('takes a summary made in another thread the same as the parsed backlog', () => {
    const b = parseBacklog(APP);
    const summary = structuredClone(summarizeBacklog(b));
    const a = new WorkspaceIndex();
    a.setBacklog('app', APP, b);
    const c = new WorkspaceIndex();
    c.setBacklog('app', APP, summary);
    expect(c.mentionsIn('app')).toEqual(a.mentionsIn('app'));
    expect(c.definitions('US-2')[0].item).toEqual(summarizeBacklog(b).items[1]);
  });
});
