// `backlog lsp --stdio` with a real client over stdio (vscode-languageserver-protocol): every capability, on real
// files in a temporary workspace. beforeAll bundles dist/cli.js and dist/lsp.js into a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  type CodeAction,
  CodeLensRequest,
  CompletionRequest,
  type CompletionList,
  DefinitionRequest,
  type DocumentSymbol,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type LocationLink,
  type MarkupContent,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type TextDocumentEdit,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { parseBacklog } from '../../src/core/parse';
import { TestClient } from './client';

const root = join(__dirname, '..', '..');
let work: string;
let cli: string;

const BACKLOG = [
  '# Backlog', //                                                     0
  '',
  '## Now',
  '',
  '### US-1 Sign in', //                                              4
  '',
  'As a user, I want to sign in, so that my data is mine.',
  '',
  '- Priority: 1',
  '- Depends on: US-2', //                                            9
  '',
  '**Acceptance criteria:**',
  '',
  '- [ ] Works with the company account',
  '',
  '### US-2 Export the calendar', //                                  15
  '',
  'As an accountant, I want to export the calendar, so that I can bill the hours.',
  '',
  '- Priority: 2',
  '- Depends on: US-9', //                                            20
  '',
  '**Acceptance criteria:**',
  '',
  '- [ ] One file per month',
  '',
  '## Later',
  '',
  '### US-3 Dark mode', //                                            28
  '',
  '- Priority: 3',
  '',
  '-Dark theme for the board', //                                     32
  '',
].join('\n');
const NOTES = 'See US-1 and US-2 for the plan.\n';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-lsp-'));
  cli = join(work, 'cli.js');
  const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] as string[], logLevel: 'silent' } as const;
  await Promise.all([
    build({ ...options, entryPoints: [join(root, 'src', 'cli', 'cli.ts')], outfile: cli }),
    build({ ...options, entryPoints: [join(root, 'src', 'lsp', 'server.ts')], outfile: join(work, 'lsp.js') }),
  ]);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

let dirs = 0;
function project(files: Record<string, string>): string {
  const dir = join(work, `ws-${++dirs}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const at = (line: number, character: number) => ({ line, character });
const codes = (d: { code?: number | string }[]) => d.map((x) => x.code).sort();

describe('backlog lsp: diagnostics, code actions, moves', () => {
  let client: TestClient;
  let uri: string;

  beforeAll(async () => {
    client = new TestClient(cli, project({ 'BACKLOG.md': BACKLOG, 'docs/notes.md': NOTES, 'README.md': '# Readme\n\n-not a backlog\n' }));
    const init = await client.initialize();
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    uri = client.uri('BACKLOG.md');
    await client.open('BACKLOG.md');
  }, 60_000);
  afterAll(async () => {
    if (client) expect(await client.stop()).toBe(0);
  });

  it('advertises every capability', async () => {
    const fresh = new TestClient(cli, project({ 'BACKLOG.md': BACKLOG }));
    const { capabilities: c, serverInfo } = await fresh.initialize();
    expect(serverInfo?.name).toBe('backlog-as-code');
    expect(c.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'source.fixAll.backlog'] });
    expect(c.renameProvider).toEqual({ prepareProvider: true });
    expect(c.executeCommandProvider).toEqual({ commands: ['backlog.move'] });
    for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'completionProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'codeLensProvider', 'documentLinkProvider'] as const) {
      expect(c[k], k).toBeTruthy();
    }
    expect(await fresh.stop()).toBe(0);
  });

  it('publishes diagnostics on open: rule id as code, a link to the rule page, related information', async () => {
    const d = await client.diagnosticsFor(uri, (x) => x.length > 0);
    expect(codes(d)).toEqual(['dependency-order', 'missing-acceptance-criteria', 'missing-value-statement', 'pseudo-items', 'unknown-dependency']);
    for (const x of d) {
      expect(x.source).toBe('backlog-as-code');
      expect(x.codeDescription?.href).toBe(`https://example.invalid/backlog-as-code/blob/main/docs/rules/${x.code}.md`);
    }
    const order = d.find((x) => x.code === 'dependency-order')!;
    expect(order.range.start.line).toBe(9);
    expect(order.severity).toBeGreaterThanOrEqual(1);
    // The item it depends on, in the same file.
    expect(order.relatedInformation).toEqual([{ location: { uri, range: expect.objectContaining({ start: at(15, 4) }) }, message: expect.stringContaining('US-2') }]);
    expect(d.find((x) => x.code === 'pseudo-items')!.range.start).toEqual(at(32, 0));
  });

  it('a markdown file that is not a backlog gets no diagnostics', async () => {
    await client.open('README.md');
    expect(await client.diagnosticsFor(client.uri('README.md'))).toEqual([]);
    await client.close('README.md');
  });

  it('incremental changes: typing a value statement removes the finding', async () => {
    // Insert after "### US-3 Dark mode" (line 28): an empty line and the statement.
    const statement = 'As a night owl, I want a dark theme, so that my eyes rest.';
    await client.edit(uri, { start: at(28, 18), end: at(28, 18) }, `\n\n${statement}`);
    const d = await client.diagnosticsFor(uri, (x) => !x.some((y) => y.code === 'missing-value-statement'), 'diagnostics without missing-value-statement');
    expect(codes(d)).toContain('pseudo-items');
    // And back.
    await client.edit(uri, { start: at(28, 18), end: at(30, statement.length) }, '');
    expect(client.text(uri)).toBe(BACKLOG);
    await client.diagnosticsFor(uri, (x) => x.some((y) => y.code === 'missing-value-statement'));
  });

  it('code actions: fixes (preferred), suggestions, disable for this item, fix all; edits are versioned', async () => {
    const diagnostics = await client.diagnosticsFor(uri, (x) => x.length > 0);
    const version = client.docs.get(uri)!.version;
    const ask = (line: number, only?: string[]) =>
      client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: at(line, 0), end: at(line, 0) },
        context: { diagnostics: diagnostics.filter((d) => d.range.start.line === line), ...(only ? { only } : {}) },
      }) as Promise<CodeAction[]>;
    const onTitle = await ask(28);
    const titles = onTitle.map((a) => a.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Insert a value statement template', 'Add an acceptance criterion', 'Disable missing-value-statement for this item', 'Disable missing-acceptance-criteria for this item']),
    );
    for (const a of onTitle) {
      expect(a.kind).toBe('quickfix');
      const change = a.edit!.documentChanges![0] as TextDocumentEdit;
      expect(change.textDocument).toEqual({ uri, version });
      expect(a.diagnostics?.[0].code).toMatch(/^missing-/);
    }
    const onPseudo = await ask(32);
    expect(onPseudo[0]).toMatchObject({ title: expect.stringMatching(/bullet|space/i), isPreferred: true });
    expect(onPseudo.map((a) => a.title)).toContain('Fix all auto-fixable backlog problems');
    const fixAll = await ask(0, ['source.fixAll']);
    expect(fixAll).toHaveLength(1);
    expect(fixAll[0]).toMatchObject({ title: 'Fix all backlog problems', kind: 'source.fixAll.backlog' });
    expect(await ask(0, ['refactor'])).toEqual([]);

    // Apply "Disable missing-value-statement for this item": the comment goes above the item, the finding goes.
    const disable = onTitle.find((a) => a.title === 'Disable missing-value-statement for this item')!;
    expect(client.apply(disable.edit!)).toBeNull();
    expect(client.text(uri)).toContain('<!-- backlog-disable-next-item missing-value-statement -->\n### US-3 Dark mode');
    await client.diagnosticsFor(uri, (x) => !x.some((y) => y.code === 'missing-value-statement') && x.some((y) => y.code === 'missing-acceptance-criteria'));
    // The same action planned for the older version is refused by the client.
    expect(client.apply(disable.edit!)).toMatch(/is at version/);
    // Fix all: the pseudo-item is repaired, the items stay.
    const all = await ask(0, ['source.fixAll.backlog']);
    expect(client.apply(all[0].edit!)).toBeNull();
    expect(client.text(uri)).toContain('- Dark theme for the board');
    await client.diagnosticsFor(uri, (x) => !x.some((y) => y.code === 'pseudo-items'));
    expect(parseBacklog(client.text(uri)).items.map((i) => i.id)).toEqual(['US-1', 'US-2', 'US-3']);
  });

  it('backlog/move: by cursor or ID, to a rank, top/bottom/up/down, before/after; stale and bad requests refused', async () => {
    const doc = () => client.docs.get(uri)!;
    const ids = () => parseBacklog(client.text(uri)).items.map((i) => `${i.id}@${i.group}`);
    const move = (params: object) => client.connection.sendRequest('backlog/move', { textDocument: { uri, version: doc().version }, ...params });
    const before = client.text(uri);
    // A step swaps the item with its neighbour, across a group heading too (rank - 1): US-3 joins "Now", US-2 "Later".
    expect(await move({ position: at(30, 3), to: 'up' })).toEqual({ rank: 2, changed: true });
    expect(ids()).toEqual(['US-1@Now', 'US-3@Now', 'US-2@Later']);
    expect(await move({ item: 'US-3', to: 'top' })).toEqual({ rank: 1, changed: true });
    expect(ids()).toEqual(['US-3@Now', 'US-1@Now', 'US-2@Later']);
    // before/after: the item joins the group of the item it lands next to.
    expect(await move({ item: '1', after: 'US-2' })).toEqual({ rank: 3, changed: true });
    expect(ids()).toEqual(['US-1@Now', 'US-2@Later', 'US-3@Later']);
    expect(await move({ item: 'us-3', to: 3 })).toEqual({ rank: 3, changed: false });
    expect(await move({ item: 'US-3', before: 'US-1' })).toEqual({ rank: 1, changed: true });
    expect(ids()).toEqual(['US-3@Now', 'US-1@Now', 'US-2@Later']);
    expect(await move({ item: 'US-3', to: 'bottom' })).toEqual({ rank: 3, changed: true });
    expect(ids()).toEqual(['US-1@Now', 'US-2@Later', 'US-3@Later']);
    await expect(move({ item: 'US-3', to: 'down' })).rejects.toThrow('The item is already at the bottom.');
    await expect(move({ item: 'US-7', to: 'top' })).rejects.toThrow('No item with ID "US-7" in BACKLOG.md (give an ID or a rank from 1 to 3).');
    await expect(move({ item: 'US-1', to: 9 })).rejects.toThrow('"to" must be a rank from 1 to 3.');
    await expect(move({ item: 'US-1', to: 'sideways' })).rejects.toThrow(/"to" must be a rank or one of top, bottom, up, down/);
    await expect(move({ item: 'US-1' })).rejects.toThrow(/Say where to move the item/);
    await expect(move({ item: 'US-1', to: 1, after: 'US-2' })).rejects.toThrow('Give only one of to, after.');
    await expect(move({ position: at(0, 0), to: 'up' })).rejects.toThrow('Put the cursor inside a backlog item to move it.');
    await expect(client.connection.sendRequest('backlog/move', { textDocument: { uri, version: doc().version - 1 }, item: 'US-1', to: 'bottom' })).rejects.toThrow(/changed since the move was asked for/);
    await expect(client.connection.sendRequest('backlog/move', { textDocument: { uri: client.uri('nope.md') }, item: '1', to: 'top' })).rejects.toThrow(/is not open/);
    expect(ids()).toEqual(['US-1@Now', 'US-2@Later', 'US-3@Later']);
    // Each move was one versioned edit the client applied.
    for (const e of client.appliedEdits) expect((e.documentChanges![0] as TextDocumentEdit).textDocument.version).toEqual(expect.any(Number));
    expect(client.text(uri)).not.toBe(before);
  });

  it('the backlog.move command (what the code lenses run) moves too', async () => {
    const version = client.docs.get(uri)!.version;
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'backlog.move', arguments: [{ textDocument: { uri, version }, item: '2', to: 'up' }] });
    expect(r).toEqual({ rank: 1, changed: true });
    expect(parseBacklog(client.text(uri)).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-2@Now', 'US-1@Later', 'US-3@Later']);
  });
});

describe('backlog lsp: item IDs as a language', () => {
  let client: TestClient;
  let uri: string;
  let notes: string;

  beforeAll(async () => {
    client = new TestClient(cli, project({ 'BACKLOG.md': BACKLOG, 'docs/notes.md': NOTES, 'docs/other/BACKLOG.md': '# Other\n\n## OPS-1 Backups\n\nAs an admin, I want backups, so that nothing is lost.\n' }));
    await client.initialize();
    uri = client.uri('BACKLOG.md');
    notes = client.uri('docs/notes.md');
    await client.open('BACKLOG.md');
    await client.diagnosticsFor(uri, (d) => d.length > 0);
  }, 60_000);
  afterAll(async () => {
    if (client) expect(await client.stop()).toBe(0);
  });

  it('hover on an ID: the item card', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(9, 16) });
    expect((h!.contents as MarkupContent).kind).toBe('markdown');
    expect((h!.contents as MarkupContent).value).toContain('Export the calendar');
    expect(h!.range).toEqual({ start: at(9, 14), end: at(9, 18) });
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(6, 3) })).toBeNull();
  });

  it('definition from another markdown file (not open: read from disk) and from an open one', async () => {
    const fromBacklog = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(9, 15) })) as LocationLink[];
    expect(fromBacklog).toEqual([{ originSelectionRange: { start: at(9, 14), end: at(9, 18) }, targetUri: uri, targetRange: expect.objectContaining({ start: at(15, 0) }), targetSelectionRange: { start: at(15, 4), end: at(15, 8) } }]);
    await client.open('docs/notes.md');
    const fromNotes = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: notes }, position: at(0, 5) })) as LocationLink[];
    expect(fromNotes.map((l) => [l.targetUri, l.targetSelectionRange.start])).toEqual([[uri, at(4, 4)]]);
  });

  it('references across files', async () => {
    const refs = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: at(15, 5), context: { includeDeclaration: true } });
    expect(refs!.map((r) => [r.uri === uri ? 'BACKLOG.md' : r.uri === notes ? 'notes' : r.uri, r.range.start.line, r.range.start.character]).sort()).toEqual([
      ['BACKLOG.md', 15, 4],
      ['BACKLOG.md', 9, 14],
      ['notes', 0, 13],
    ]);
    const without = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: at(15, 5), context: { includeDeclaration: false } });
    expect(without).toHaveLength(2);
  });

  it('prepareRename and rename: every mention, in every file, versioned; a taken or bad ID refused', async () => {
    const prep = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: at(4, 6) });
    expect(prep).toEqual({ range: { start: at(4, 4), end: at(4, 8) }, placeholder: 'US-1' });
    await expect(client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: at(6, 3) })).rejects.toThrow(/Put the cursor on an item ID/);
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: at(4, 6), newName: 'US-2' })).rejects.toThrow(/US-2 already exists/);
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: at(4, 6), newName: 'two words' })).rejects.toThrow(/not a valid ID/);
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: at(4, 6), newName: 'US-10' });
    const parts = edit!.documentChanges as TextDocumentEdit[];
    expect(parts.map((p) => [p.textDocument.uri, p.textDocument.version, p.edits.length])).toEqual([
      [uri, client.docs.get(uri)!.version, 1],
      [notes, client.docs.get(notes)!.version, 1],
    ]);
    expect(client.apply(edit!)).toBeNull();
    expect(client.text(notes)).toBe('See US-10 and US-2 for the plan.\n');
    expect(client.text(uri)).toContain('### US-10 Sign in');
  });

  it('completion: item IDs after Depends on:, statuses after Status:, nothing in prose', async () => {
    // A new line "- Depends on: " in US-3 (after "- Priority: 3", line 30).
    await client.edit(uri, { start: at(30, 13), end: at(30, 13) }, '\n- Depends on: ');
    const ids = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(31, 14) })) as CompletionList;
    expect(ids.items.map((i) => i.label)).toEqual(expect.arrayContaining(['US-10', 'US-2']));
    const us2 = ids.items.find((i) => i.label === 'US-2')!;
    expect(us2.detail).toContain('Export the calendar');
    expect(us2.textEdit).toEqual({ range: { start: at(31, 14), end: at(31, 14) }, newText: 'US-2' });
    await client.edit(uri, { start: at(31, 2), end: at(31, 14) }, 'Status: ');
    const statuses = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(31, 10) })) as CompletionList;
    expect(statuses.items.map((i) => i.label)).toEqual(expect.arrayContaining(['ready', 'done']));
    expect(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(6, 10) })).toBeNull();
  });

  it('document symbols: groups, then items with rank and ID', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const flat = (s: DocumentSymbol[]): string[] => s.flatMap((x) => [x.name, ...flat(x.children ?? [])]);
    expect(flat(symbols)).toEqual(expect.arrayContaining(['Now', '1. US-10 Sign in', '2. US-2 Export the calendar', 'Later', '3. US-3 Dark mode']));
  });

  it('workspace symbols: items of every backlog by ID or title', async () => {
    const found = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'backups' });
    expect(found!.map((s) => [s.name, s.location.uri])).toEqual([['OPS-1 Backups', client.uri('docs/other/BACKLOG.md')]]);
    const dark = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'US-3' });
    expect(dark![0].name).toBe('US-3 Dark mode');
  });

  it('code lenses: rank, estimate and criteria, and move commands', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const first = lenses!.filter((l) => l.range.start.line === 4).map((l) => l.command!.title);
    expect(first).toEqual(['Rank 1 · Criteria 0/1', 'Move down']);
    const down = lenses!.find((l) => l.command?.title === 'Move down')!;
    expect(down.command!.command).toBe('backlog.move');
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, down.command!);
    expect(r).toEqual({ rank: 2, changed: true });
  });

  it('document links on dependency IDs', async () => {
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
    expect(links!.length).toBeGreaterThan(0);
    for (const l of links!) expect(l.target).toMatch(new RegExp(`^${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#L\\d+$`));
    expect(links!.map((l) => l.tooltip)).toEqual(['Go to US-2 Export the calendar (rank 1)']);
  });
});

describe('backlog lsp: configuration', () => {
  it('.backlog.jsonc rule settings and the files setting apply', async () => {
    const client = new TestClient(cli, project({ '.backlog.jsonc': '{ "rules": { "pseudo-items": "off" } }', 'plans/roadmap.md': BACKLOG }));
    await client.initialize({ files: ['plans/*.md'] });
    await client.open('plans/roadmap.md');
    const d = await client.diagnosticsFor(client.uri('plans/roadmap.md'), (x) => x.length > 0);
    expect(codes(d)).not.toContain('pseudo-items');
    expect(codes(d)).toContain('unknown-dependency');
    expect(await client.stop()).toBe(0);
  });

  it('a backlog: key in the front matter makes any markdown file a backlog, with its settings', async () => {
    const marked = `---\ntitle: Plan\nbacklog:\n  rules:\n    unknown-dependency: "off"\n---\n\n${BACKLOG}`;
    const client = new TestClient(cli, project({ 'docs/plan.md': marked }));
    await client.initialize();
    await client.open('docs/plan.md');
    const d = await client.diagnosticsFor(client.uri('docs/plan.md'), (x) => x.length > 0);
    expect(codes(d)).toContain('pseudo-items');
    expect(codes(d)).not.toContain('unknown-dependency');
    expect(await client.stop()).toBe(0);
  });
});
