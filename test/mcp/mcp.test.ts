// `backlog mcp` as an agent uses it: the SDK's own client over stdio against the bundled server (dist/cli.js loading
// dist/mcp.js, built into a temp folder by beforeAll), on real files. Every tool, bad arguments (a clear error and the
// file unchanged) and stale writes (refused).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBacklog } from '../../src/core/parse';

const root = join(__dirname, '..', '..');
let work: string;
let cli: string;

const BACKLOG = [
  '# Backlog',
  '',
  '## Now',
  '',
  '### US-1 Sign in',
  '',
  'As a user, I want to sign in, so that my data is mine.',
  '',
  '- Priority: 1',
  '- Status: in progress',
  '- Estimate: 3',
  '',
  '**Acceptance criteria:**',
  '',
  '- [x] Works with the company account',
  '- [ ] Signing out ends the session',
  '',
  '### US-2 Export the calendar',
  '',
  'As an accountant, I want to export the calendar, so that I can bill the hours.',
  '',
  '- Priority: 2',
  '- Depends on: US-1',
  '',
  '## Later',
  '',
  '### US-3 Dark mode',
  '',
  'As a night owl, I want a dark theme, so that my eyes rest.',
  '',
  '- Priority: 3',
  '- Status: done',
  '',
].join('\n');

const LIST = ['# Ideas', '', '- [ ] US-10 Calendar sync', '- [ ] US-11 Reminders', '- [x] US-12 Search', ''].join('\n');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-mcp-'));
  cli = join(work, 'cli.js');
  const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] as string[], logLevel: 'silent' } as const;
  await Promise.all([
    build({ ...options, entryPoints: [join(root, 'src', 'cli', 'cli.ts')], outfile: cli }),
    build({ ...options, entryPoints: [join(root, 'src', 'mcp', 'server.ts')], outfile: join(work, 'mcp.js') }),
  ]);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

let dirs = 0;
function project(files: Record<string, string>): string {
  const dir = join(work, `project-${++dirs}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Connects to `backlog mcp` run in `cwd` (or, with `root`, run elsewhere with `--root`, as agent clients without a cwd do). */
async function connect(cwd: string, root?: string): Promise<Client> {
  const client = new Client({ name: 'backlog-test', version: '1.0.0' });
  const args = root === undefined ? [cli, 'mcp'] : [cli, 'mcp', '--root', root];
  await client.connect(new StdioClientTransport({ command: process.execPath, args, cwd, stderr: 'pipe' }));
  return client;
}

interface Result {
  readonly isError: boolean;
  readonly text: string;
  // biome-ignore lint: test helper
  readonly data: any;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Result> {
  const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };
  const text = r.content.map((c) => c.text).join('\n');
  return { isError: r.isError === true, text, data: r.isError ? null : JSON.parse(text) };
}

async function ok(client: Client, name: string, args: Record<string, unknown>) {
  const r = await call(client, name, args);
  expect(r.isError, r.text).toBe(false);
  return r.data;
}

describe('backlog mcp: reading', () => {
  let dir: string;
  let client: Client;
  beforeAll(async () => {
    dir = project({ 'BACKLOG.md': BACKLOG });
    client = await connect(dir);
  }, 60_000);
  afterAll(async () => client?.close());

  it('offers every tool with a description and an input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['add_item', 'get_item', 'lint', 'list_items', 'move_item', 'next_items', 'set_criterion', 'set_field']);
    for (const t of tools) {
      expect(t.description?.length, t.name).toBeGreaterThan(40);
      expect(t.inputSchema.type).toBe('object');
    }
    const move = tools.find((t) => t.name === 'move_item')!;
    expect(move.inputSchema.required).toEqual(expect.arrayContaining(['version', 'item']));
    expect(tools.find((t) => t.name === 'list_items')!.annotations?.readOnlyHint).toBe(true);
  });

  it('list_items: rank, ID, title, status, estimate, value statement, criteria with state; filters', async () => {
    const all = await ok(client, 'list_items', {});
    expect(all).toMatchObject({ file: 'BACKLOG.md', shape: 'heading', total: 3 });
    expect(all.version).toMatch(/^[0-9a-f]{16}$/);
    expect(all.items[0]).toEqual({
      rank: 1,
      id: 'US-1',
      title: 'Sign in',
      line: 5,
      group: 'Now',
      priority: 1,
      estimate: 3,
      status: 'in-progress',
      value: { role: 'user', want: 'to sign in', benefit: 'my data is mine' },
      criteria: [
        { text: 'Works with the company account', done: true },
        { text: 'Signing out ends the session', done: false },
      ],
      dependsOn: [],
    });
    const ids = (d: { items: { id: string }[] }) => d.items.map((i) => i.id);
    expect(ids(await ok(client, 'list_items', { status: 'open' }))).toEqual(['US-1', 'US-2']);
    expect(ids(await ok(client, 'list_items', { status: 'done' }))).toEqual(['US-3']);
    expect(ids(await ok(client, 'list_items', { group: 'later' }))).toEqual(['US-3']);
    expect(ids(await ok(client, 'list_items', { text: 'BILL hours' }))).toEqual(['US-2']);
  });

  it('get_item: fields, group path, markdown and the findings about the item', async () => {
    const d = await ok(client, 'get_item', { item: 'us-2' });
    expect(d.item).toMatchObject({ rank: 2, id: 'US-2', groupPath: ['Backlog', 'Now'].slice(-d.item.groupPath.length), done: false, dependsOn: ['US-1'] });
    expect(d.item.fields).toEqual([
      { key: 'Priority', kind: 'priority', value: '2' },
      { key: 'Depends on', kind: 'dependsOn', value: 'US-1' },
    ]);
    expect(d.item.markdown.startsWith('### US-2 Export the calendar')).toBe(true);
    expect(d.findings.map((f: { rule: string }) => f.rule)).toContain('missing-acceptance-criteria');
    expect((await ok(client, 'get_item', { item: '3' })).item.id).toBe('US-3');
  });

  it('lint: rule, severity, message, 1-based line and column, fixable, suggestions', async () => {
    const d = await ok(client, 'lint', {});
    // A template is a suggestion, not a fix: --fix never writes placeholder text.
    const f = d.findings.find((x: { rule: string }) => x.rule === 'missing-acceptance-criteria');
    expect(f).toMatchObject({ severity: expect.stringMatching(/^(error|warning|info)$/), line: 18, column: 1, fixable: false, suggestions: ['Add an acceptance criterion'] });
    expect(f.message).toContain('US-2');
    for (const x of d.findings) expect(Object.keys(x).sort()).toEqual(['column', 'endColumn', 'endLine', 'fixable', 'line', 'message', 'rule', 'severity', 'suggestions']);
  });

  it('next_items: the top N not done', async () => {
    const d = await ok(client, 'next_items', { count: 5 });
    expect(d.items.map((i: { id: string }) => i.id)).toEqual(['US-1', 'US-2']);
    expect(d).toMatchObject({ open: 2, total: 3 });
    expect((await ok(client, 'next_items', { count: 1 })).items).toHaveLength(1);
  });

  it('resources: the backlog files as markdown', async () => {
    const { resources } = await client.listResources();
    const uri = pathToFileURL(join(dir, 'BACKLOG.md')).href;
    expect(resources).toEqual([expect.objectContaining({ uri, name: 'BACKLOG.md', mimeType: 'text/markdown' })]);
    const read = await client.readResource({ uri });
    expect(read.contents).toEqual([{ uri, mimeType: 'text/markdown', text: BACKLOG }]);
    await expect(client.readResource({ uri: pathToFileURL(join(work, 'cli.js')).href })).rejects.toThrow(/outside the folder/);
  });
});

describe('backlog mcp: writing', () => {
  let dir: string;
  let client: Client;
  const path = () => join(dir, 'BACKLOG.md');
  const text = () => readFileSync(path(), 'utf8');
  const version = async () => (await ok(client, 'lint', {})).version as string;

  beforeAll(async () => {
    dir = project({ 'BACKLOG.md': BACKLOG, 'docs/ideas.md': LIST, 'notes.txt': 'x' });
    client = await connect(dir);
  }, 60_000);
  afterAll(async () => client?.close());

  it('move_item: to a rank, top/bottom/up/down, before/after; a minimal edit; returns the new version and findings', async () => {
    let v = await version();
    let d = await ok(client, 'move_item', { version: v, item: 'US-2', to: 'top' });
    expect(d).toMatchObject({ file: 'BACKLOG.md', changed: true, item: 'US-2', rank: 1 });
    expect(d.version).not.toBe(v);
    expect(Array.isArray(d.findings)).toBe(true);
    expect(parseBacklog(text()).items.map((i) => i.id)).toEqual(['US-2', 'US-1', 'US-3']);
    // Only the two swapped items' text changed: everything before "### US-1"'s old place and after US-2's end is kept.
    expect(text().slice(0, BACKLOG.indexOf('### US-1'))).toBe(BACKLOG.slice(0, BACKLOG.indexOf('### US-1')));
    expect(text().slice(BACKLOG.indexOf('## Later'))).toBe(BACKLOG.slice(BACKLOG.indexOf('## Later')));
    d = await ok(client, 'move_item', { version: d.version, item: 'US-2', to: 2 });
    expect(text()).toBe(BACKLOG);
    // before US-3 (first of "Later"): joins Later.
    d = await ok(client, 'move_item', { version: d.version, item: 'US-1', before: 'US-3' });
    expect(d.rank).toBe(2);
    expect(parseBacklog(text()).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-2@Now', 'US-1@Later', 'US-3@Later']);
    d = await ok(client, 'move_item', { version: d.version, item: 'US-1', after: '3' });
    expect(d.rank).toBe(3);
    d = await ok(client, 'move_item', { version: d.version, item: 'US-1', to: 'up' });
    expect(d.rank).toBe(2);
    // At the top of its group, a step up swaps with the last item of the group above: rank − 1, they exchange groups.
    d = await ok(client, 'move_item', { version: d.version, item: 'US-1', to: 'up' });
    expect(d.rank).toBe(1);
    expect(parseBacklog(text()).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-1@Now', 'US-2@Later', 'US-3@Later']);
    d = await ok(client, 'move_item', { version: d.version, item: '1', to: 'bottom' });
    expect(parseBacklog(text()).items.map((i) => i.id)).toEqual(['US-2', 'US-3', 'US-1']);
    d = await ok(client, 'move_item', { version: d.version, item: 'US-1', to: 1 });
    expect(parseBacklog(text()).items.map((i) => i.id)).toEqual(['US-1', 'US-2', 'US-3']);
    v = d.version;
    d = await ok(client, 'move_item', { version: v, item: 'US-1', to: 1 });
    expect(d).toMatchObject({ changed: false, version: v });
  });

  it('move_item with "group": into an empty group and back byte for byte; unknown group and stale version refused', async () => {
    const file = 'docs/sprints.md';
    const sprints = ['# Sprints', '', '## Sprint 1', '', '- [ ] US-1 Sign in', '- [ ] US-2 Sign out', '', '## Sprint 2', '', '## Later', '', '- [ ] US-3 Export', ''].join('\n');
    writeFileSync(join(dir, file), sprints);
    const read = () => readFileSync(join(dir, file), 'utf8');
    const v = (await ok(client, 'lint', { file })).version;
    let d = await ok(client, 'move_item', { file, version: v, item: 'US-2', group: 'sprint 2' });
    expect(d).toMatchObject({ changed: true, item: 'US-2', rank: 2, group: 'Sprint 2' });
    expect(read()).toBe(sprints.replace('- [ ] US-2 Sign out\n', '').replace('## Sprint 2\n', '## Sprint 2\n\n- [ ] US-2 Sign out\n'));
    // A stale version is refused, the file unchanged.
    const moved = read();
    const stale = await call(client, 'move_item', { file, version: v, item: 'US-1', group: 'Later' });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/^docs\/sprints\.md changed since you read it .*nothing was written\. Read it again and retry\.$/);
    expect(read()).toBe(moved);
    // No such group: one sentence naming the groups there are.
    const none = await call(client, 'move_item', { file, version: d.version, item: 'US-1', group: 'Sprint 9' });
    expect(none.isError).toBe(true);
    expect(none.text).toBe('No group named "Sprint 9" in docs/sprints.md; its groups are "Sprint 1", "Sprint 2", "Later"; nothing was written.');
    expect((await call(client, 'move_item', { file, version: d.version, item: 'US-1', group: 'Later', to: 1 })).text).toBe('Pass only one of to, group.');
    // Back into Sprint 1 (after its last item): the file as it was.
    d = await ok(client, 'move_item', { file, version: d.version, item: 'US-2', group: 'Sprint 1' });
    expect(d).toMatchObject({ rank: 2, group: 'Sprint 1' });
    expect(read()).toBe(sprints);
  });

  it('add_item: in the file\'s shape, with statement, criteria and fields', async () => {
    writeFileSync(path(), BACKLOG);
    const d = await ok(client, 'add_item', {
      version: await version(),
      title: 'US-4 Remember me',
      rank: 2,
      statement: { role: 'returning user', want: 'to stay signed in', benefit: 'I do not type my password daily' },
      criteria: ['A "remember me" box on the sign-in page', 'The session lasts 30 days'],
      fields: { priority: '2', estimate: '5' },
    });
    expect(d.item).toEqual({ rank: 2, id: 'US-4', title: 'Remember me' });
    const b = parseBacklog(text());
    expect(b.items.map((i) => i.id)).toEqual(['US-1', 'US-4', 'US-2', 'US-3']);
    const added = b.items[1];
    expect(added.value).toMatchObject({ role: 'returning user', want: 'to stay signed in', benefit: 'I do not type my password daily' });
    expect(added.criteria.map((c) => [c.text, c.done])).toEqual([
      ['A "remember me" box on the sign-in page', false],
      ['The session lasts 30 days', false],
    ]);
    expect(added.estimate?.value).toBe(5);
    expect(added.group).toBe('Now');
    expect(text()).toContain('### US-4 Remember me\n\nAs a returning user, I want to stay signed in, so that I do not type my password daily.');
    // The other items' text is untouched.
    expect(text().startsWith(BACKLOG.slice(0, BACKLOG.indexOf('### US-2')))).toBe(true);
    expect(text().endsWith(BACKLOG.slice(BACKLOG.indexOf('### US-2')))).toBe(true);
  });

  it('add_item in a task-list backlog writes a task (an open checkbox) with the next ID', async () => {
    const file = 'docs/ideas.md';
    const v = (await ok(client, 'lint', { file })).version;
    const d = await ok(client, 'add_item', { file, version: v, title: 'Offline mode', rank: 3 });
    expect(d.item).toEqual({ rank: 3, id: 'US-13', title: 'Offline mode' });
    expect(readFileSync(join(dir, file), 'utf8')).toBe(['# Ideas', '', '- [ ] US-10 Calendar sync', '- [ ] US-11 Reminders', '- [ ] US-13 Offline mode', '- [x] US-12 Search', ''].join('\n'));
  });

  it('add_item in a table backlog: the next ID in the ID cell, cells padded like the other rows (CRLF, no final newline)', async () => {
    const file = 'docs/table.md';
    const table = ['| ID    | Story         | Estimate | Status |', '|-------|---------------|---------:|:------:|', '| SP-08 | Sign in       |        3 |  done  |', '| SP-09 | Export hours  |       13 |  todo  |'].join('\r\n');
    writeFileSync(join(dir, file), table);
    const v = (await ok(client, 'lint', { file })).version;
    const d = await ok(client, 'add_item', { file, version: v, title: 'Offline mode', fields: { estimate: '5', status: 'ready' } });
    expect(d.item).toEqual({ rank: 3, id: 'SP-10', title: 'Offline mode' });
    expect(readFileSync(join(dir, file), 'utf8')).toBe(`${table}\r\n| SP-10 | Offline mode  |        5 | ready  |`);
    // An explicit ID goes into the ID cell; one an item has is refused and the file is unchanged.
    const after = readFileSync(join(dir, file), 'utf8');
    const taken = await call(client, 'add_item', { file, version: d.version, title: 'Search', fields: { id: 'sp-09' } });
    expect(taken.isError).toBe(true);
    expect(taken.text).toBe('sp-09 is already the ID of SP-09 (rank 2, "Export hours"); choose another ID, or leave it out to get the next one. Nothing was written.');
    expect(readFileSync(join(dir, file), 'utf8')).toBe(after);
    await ok(client, 'add_item', { file, version: d.version, title: 'Search', rank: 1, fields: { id: 'SP-20' } });
    expect(readFileSync(join(dir, file), 'utf8').split('\r\n')[2]).toBe('| SP-20 | Search        |          |        |');
  });

  it('add_item in a table backlog writes a table row; the other rows are untouched', async () => {
    const file = 'docs/table.md';
    const rows = ['# Backlog', '', '| ID | Story | Priority |', '|----|-------|----------|', '| US-20 | Import contacts | 1 |', '| US-21 | Share a list | 2 |', ''];
    writeFileSync(join(dir, file), rows.join('\n'));
    const v = (await ok(client, 'lint', { file })).version;
    const d = await ok(client, 'add_item', { file, version: v, title: 'Print a list', rank: 2 });
    expect(d.item).toEqual({ rank: 2, id: 'US-22', title: 'Print a list' });
    const after = readFileSync(join(dir, file), 'utf8').split('\n');
    expect([...after.slice(0, 5), ...after.slice(6)]).toEqual(rows);
    // The next ID in its cell, the cells spaced as the other rows space theirs.
    expect(after[5]).toBe('| US-22 | Print a list | |');
    expect((await ok(client, 'list_items', { file })).items.map((i: { title: string }) => i.title)).toEqual(['Import contacts', 'Print a list', 'Share a list']);
  });

  it('set_field: changes a value in place, adds a missing field in the item\'s style', async () => {
    writeFileSync(path(), BACKLOG);
    let d = await ok(client, 'set_field', { version: await version(), item: 'US-2', field: 'status', value: 'ready' });
    expect(d.item).toEqual({ rank: 2, id: 'US-2', title: 'Export the calendar' });
    expect(text()).toBe(BACKLOG.replace('- Depends on: US-1\n', '- Depends on: US-1\n- Status: ready\n'));
    d = await ok(client, 'set_field', { version: d.version, item: 'US-1', field: 'estimate', value: '8' });
    expect(text()).toContain('- Estimate: 8\n');
    expect(parseBacklog(text()).items[0].estimate?.value).toBe(8);
  });

  it('set_criterion: add, check, uncheck, edit, remove', async () => {
    writeFileSync(path(), BACKLOG);
    let d = await ok(client, 'set_criterion', { version: await version(), item: 'US-1', action: 'check', criterion: 2 });
    expect(d.item.criteria).toEqual([
      { text: 'Works with the company account', done: true },
      { text: 'Signing out ends the session', done: true },
    ]);
    expect(text()).toBe(BACKLOG.replace('- [ ] Signing out', '- [x] Signing out'));
    d = await ok(client, 'set_criterion', { version: d.version, item: 'US-1', action: 'uncheck', criterion: 1 });
    d = await ok(client, 'set_criterion', { version: d.version, item: 'US-1', action: 'edit', criterion: 1, text: 'Works with SSO' });
    d = await ok(client, 'set_criterion', { version: d.version, item: 'US-1', action: 'add', text: 'Shows the last sign-in' });
    expect(d.item.criteria).toEqual([
      { text: 'Works with SSO', done: false },
      { text: 'Signing out ends the session', done: true },
      { text: 'Shows the last sign-in', done: false },
    ]);
    d = await ok(client, 'set_criterion', { version: d.version, item: 'US-1', action: 'remove', criterion: 3 });
    d = await ok(client, 'set_criterion', { version: d.version, item: 'US-2', action: 'add', text: 'One file per month' });
    expect(text()).toContain('- Depends on: US-1\n\n**Acceptance criteria:**\n\n- [ ] One file per month\n');
    expect(d.findings.some((f: { rule: string; message: string }) => f.rule === 'missing-acceptance-criteria' && f.message.includes('US-2'))).toBe(false);
  });

  it('a stale write is refused and the file is unchanged', async () => {
    writeFileSync(path(), BACKLOG);
    const v = await version();
    // Someone else edits the file after the agent read it.
    const edited = BACKLOG.replace('Dark mode', 'Dark theme');
    writeFileSync(path(), edited);
    for (const [tool, args] of [
      ['move_item', { item: 'US-3', to: 'top' }],
      ['add_item', { title: 'US-9 New' }],
      ['set_field', { item: 'US-1', field: 'status', value: 'done' }],
      ['set_criterion', { item: 'US-1', action: 'check', criterion: 2 }],
    ] as const) {
      const r = await call(client, tool, { version: v, ...args });
      expect(r.isError, tool).toBe(true);
      expect(r.text).toMatch(/^BACKLOG\.md changed since you read it \(you passed version [0-9a-f]{16}, it is now [0-9a-f]{16}\); nothing was written\. Read it again and retry\.$/);
      expect(text()).toBe(edited);
    }
    // A version from an earlier write of the agent itself is stale too.
    const v2 = await version();
    await ok(client, 'set_field', { version: v2, item: 'US-1', field: 'status', value: 'review' });
    expect((await call(client, 'set_field', { version: v2, item: 'US-1', field: 'status', value: 'done' })).isError).toBe(true);
    expect(parseBacklog(text()).items[0].status?.kind).toBe('review');
  });

  it('bad arguments: one clear sentence each, the file unchanged', async () => {
    writeFileSync(path(), BACKLOG);
    const v = await version();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['move_item', { item: 'US-1', to: 'top' }, /version/],
      ['move_item', { version: v, item: 'US-9', to: 'top' }, /^No item with ID "US-9" in BACKLOG\.md \(give an ID or a rank from 1 to 3\)\.$/],
      ['move_item', { version: v, item: '7', to: 'top' }, /^No item at rank 7 in BACKLOG\.md: ranks go from 1 to 3\.$/],
      ['move_item', { version: v, item: 'US-1', to: 9 }, /^"to" must be a rank from 1 to 3\. Nothing was written\.$/],
      ['move_item', { version: v, item: 'US-1', to: 'sideways' }, /Input validation error.*to/s],
      ['move_item', { version: v, item: 'US-1' }, /^Say where to move the item/],
      ['move_item', { version: v, item: 'US-1', to: 1, before: 'US-2' }, /^Pass only one of to, before\.$/],
      ['move_item', { version: v, item: 'US-1', before: 'US-1' }, /cannot be moved before itself/],
      ['move_item', { version: v, item: 'US-1', after: 'US-7' }, /^No item with ID "US-7"/],
      ['move_item', { version: v, item: 'US-1', to: 'up' }, /already at the top/],
      ['set_criterion', { version: v, item: 'US-1', action: 'check', criterion: 5 }, /^No criterion 5: the item has 2\. Nothing was written\.$/],
      ['set_criterion', { version: v, item: 'US-1', action: 'check' }, /needs "criterion"/],
      ['set_criterion', { version: v, item: 'US-1', action: 'add' }, /needs "text"/],
      ['set_criterion', { version: v, item: 'US-1', action: 'add', text: 'two\nlines' }, /single line/],
      ['set_criterion', { version: v, item: 'US-1', action: 'explode', criterion: 1 }, /Input validation error.*action/s],
      ['set_field', { version: v, item: 'US-1', field: 'colour', value: 'red' }, /Input validation error.*field/s],
      ['set_field', { version: v, item: 'US-1', field: 'status', value: 'a\nb' }, /single line/],
      ['add_item', { version: v, title: '' }, /Input validation error.*title/s],
      ['add_item', { version: v, title: 'X', rank: 9 }, /^Rank must be from 1 to 4\. Nothing was written\.$/],
      ['add_item', { version: v, title: 'X', fields: { colour: 'red' } }, /Input validation error/],
      ['get_item', { item: 'US-1', file: '../outside.md' }, /^"\.\.\/outside\.md" is outside the folder this server serves/],
      ['get_item', { item: 'US-1', file: 'notes.txt' }, /^"notes\.txt" is not a markdown file/],
      ['lint', { file: 'missing.md' }, /^missing\.md: no such file\.$/],
      ['list_items', { file: 'docs' }, /not a markdown file/],
    ];
    for (const [tool, args, pattern] of cases) {
      const r = await call(client, tool, args);
      expect(r.isError, `${tool} ${JSON.stringify(args)}: ${r.text}`).toBe(true);
      expect(r.text, `${tool} ${JSON.stringify(args)}`).toMatch(pattern);
      expect(r.text).not.toMatch(/\n\s+at /);
    }
    expect(text()).toBe(BACKLOG);
  });
});

describe('backlog mcp: which file', () => {
  it('asks for "file" when there are several backlogs, and says when there is none', async () => {
    // Run from another folder with --root.
    const several = await connect(tmpdir(), project({ 'a/BACKLOG.md': BACKLOG, 'b/BACKLOG.md': BACKLOG }));
    const r = await call(several, 'list_items', {});
    expect(r.isError).toBe(true);
    expect(r.text).toBe('There are 2 backlogs (a/BACKLOG.md, b/BACKLOG.md); pass "file" to say which.');
    expect((await ok(several, 'list_items', { file: 'b/BACKLOG.md' })).file).toBe('b/BACKLOG.md');
    await several.close();
    const none = await connect(project({ 'README.md': '# Hi\n' }));
    const n = await call(none, 'next_items', {});
    expect(n.text).toMatch(/^No backlog found: no file below .* matches \*\*\/BACKLOG\.md; pass "file"/);
    expect((await none.listResources()).resources).toEqual([]);
    await none.close();
  }, 60_000);
});
