// `backlog diff` and `backlog report` as users run them: the bundled CLI in a child process, against a real temporary
// git repository whose history is scripted commit by commit (moves, additions, removals, re-estimates, renamed items).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedRepo, scriptedRepo } from './git-fixture';

const root = join(__dirname, '..', '..');
let work: string;
let cli: string;
let repo: ScriptedRepo;

interface Story {
  id?: string;
  title: string;
  estimate?: number;
  status?: string;
}

function backlog(groups: Record<string, Story[]>): string {
  const out = ['# Team Calendar', ''];
  for (const [group, stories] of Object.entries(groups)) {
    out.push(`## ${group}`, '');
    for (const s of stories) {
      out.push(`### ${s.id ? `${s.id} ` : ''}${s.title}`, '', `As a member, I want ${s.title.toLowerCase()}, so that the team knows.`, '');
      if (s.estimate !== undefined) out.push(`- Estimate: ${s.estimate}`);
      if (s.status) out.push(`- Status: ${s.status}`);
      out.push('');
    }
  }
  return out.join('\n');
}

const S = {
  signIn: { id: 'US-1', title: 'Sign in with company account', estimate: 5, status: 'in progress' },
  week: { id: 'US-2', title: 'See the week at a glance', estimate: 8, status: 'ready' },
  create: { id: 'US-3', title: 'Create an appointment', estimate: 3, status: 'ready' },
  absent: { id: 'US-4', title: 'Mark myself as absent', estimate: 2, status: 'ready' },
  invite: { id: 'US-5', title: 'Invite colleagues', estimate: 5 },
  offline: { title: 'Ofline mode for the week view', estimate: 8 },
} satisfies Record<string, Story>;

const hashes: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-diff-cli-'));
  cli = join(work, 'cli.js');
  await build({
    entryPoints: [join(root, 'src', 'cli', 'cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  repo = scriptedRepo([], 'backlog-diff-repo-');
  // v1: the first plan.
  hashes.push(
    repo.commit({
      date: '2026-09-01T09:00:00Z',
      message: 'First plan',
      tag: 'v1',
      files: { 'docs/BACKLOG.md': backlog({ 'Sprint 1': [S.signIn, S.week, S.create], Later: [S.absent, S.invite, S.offline] }), 'README.md': 'calendar\n' },
    }),
  );
  // Moves and a re-estimate: US-5 to the top of Later, US-3 re-estimated 3 → 5.
  hashes.push(
    repo.commit({
      date: '2026-09-08T09:00:00Z',
      message: 'Reorder and re-estimate',
      files: { 'docs/BACKLOG.md': backlog({ 'Sprint 1': [S.signIn, S.week, { ...S.create, estimate: 5 }], Later: [S.invite, S.absent, S.offline] }) },
    }),
  );
  // An addition, a removal, a renamed item (same ID), a typo fixed in an item without ID; US-1 done.
  hashes.push(
    repo.commit({
      date: '2026-09-15T09:00:00Z',
      message: 'Sprint review',
      files: {
        'docs/BACKLOG.md': backlog({
          'Sprint 1': [{ ...S.signIn, status: 'done' }, { ...S.create, estimate: 5 }],
          Later: [S.invite, { id: 'US-6', title: 'Export to CSV', estimate: 3 }, { ...S.absent, title: 'Mark myself as away' }, { ...S.offline, title: 'Offline mode for the week view' }],
        }),
      },
    }),
  );
}, 60_000);

afterAll(() => {
  repo?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd = repo.root, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectError(r: Run, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('backlog diff', () => {
  it('compares two tagged or named revisions as JSON, with the shape of the issue', { timeout: 60_000 }, () => {
    const r = run(['diff', 'docs/BACKLOG.md', '--since', 'v1', '--to', 'HEAD', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'docs/BACKLOG.md',
      from: 'v1',
      to: 'HEAD',
      moved: [{ id: 'US-5', title: 'Invite colleagues', from: 5, to: 3, places: 1 }],
      added: [{ id: 'US-6', title: 'Export to CSV', rank: 4 }],
      removed: [{ id: 'US-2', title: 'See the week at a glance', rank: 2 }],
      done: [{ id: 'US-1', title: 'Sign in with company account', rank: 1, status: 'done' }],
      changed: [
        { id: 'US-3', title: 'Create an appointment', rank: 2, fields: { estimate: [3, 5] } },
        {
          id: 'US-4',
          title: 'Mark myself as away',
          rank: 5,
          fields: {
            title: ['Mark myself as absent', 'Mark myself as away'],
            value: ['As a member, I want mark myself as absent, so that the team knows', 'As a member, I want mark myself as away, so that the team knows'],
          },
        },
        {
          id: null,
          title: 'Offline mode for the week view',
          rank: 6,
          fields: {
            title: ['Ofline mode for the week view', 'Offline mode for the week view'],
            value: ['As a member, I want ofline mode for the week view, so that the team knows', 'As a member, I want offline mode for the week view, so that the team knows'],
          },
        },
      ],
    });
  });

  it('compares one commit with the next', { timeout: 60_000 }, () => {
    const r = run(['diff', 'docs/BACKLOG.md', '--since', hashes[0].slice(0, 10), '--to', hashes[1], '-f', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.moved).toEqual([{ id: 'US-5', title: 'Invite colleagues', from: 5, to: 4, places: 1 }]);
    expect(json.changed).toEqual([{ id: 'US-3', title: 'Create an appointment', rank: 3, fields: { estimate: [3, 5] } }]);
    expect([json.added, json.removed, json.done]).toEqual([[], [], []]);
  });

  it('by default compares the file on disk with HEAD, uncommitted changes included', { timeout: 60_000 }, () => {
    const path = join(repo.root, 'docs', 'BACKLOG.md');
    const committed = readFileSync(path, 'utf8');
    try {
      expect(run(['diff', 'docs/BACKLOG.md']).stdout).toBe('docs/BACKLOG.md: no changes from HEAD to working tree\n');
      // Move "Export to CSV" (rank 4) to the top of the file, uncommitted.
      const block = /### US-6 Export to CSV[\s\S]*?(?=### )/.exec(committed)![0];
      writeFileSync(path, committed.replace(block, '').replace('### US-1', `${block}### US-1`));
      const r = run(['diff', 'docs/BACKLOG.md']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(
        [
          'docs/BACKLOG.md: HEAD → working tree',
          '  ↑3  US-6 Export to CSV  rank 4 → 1; group Later → Sprint 1',
          '',
          '1 moved, 1 changed',
          '',
        ].join('\n'),
      );
      // From a subfolder, the path is relative to it.
      expect(run(['diff', 'BACKLOG.md'], join(repo.root, 'docs')).stdout.split('\n')[0]).toBe('BACKLOG.md: HEAD → working tree');
    } finally {
      writeFileSync(path, committed);
    }
  });

  it('markdown: a pull-request comment with a table and arrows; nothing at all when nothing changed', { timeout: 60_000 }, () => {
    const r = run(['diff', 'docs/BACKLOG.md', '--since', 'v1', '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('<!-- backlog-as-code:diff -->');
    expect(lines[1]).toBe('### Backlog changes in `docs/BACKLOG.md`');
    expect(lines).toContain('v1 → working tree: 1 moved, 1 added, 1 removed, 1 done, 3 changed');
    expect(lines).toContain('| ⬆️ 1 | 3 | **US-5** Invite colleagues | rank 5 → 3 |');
    expect(lines).toContain('| ❌ | ~~2~~ | ~~**US-2** See the week at a glance~~ | removed (was rank 2) |');
    expect(lines.filter((l) => l.startsWith('| '))).toHaveLength(1 + 7);
    const empty = run(['diff', 'docs/BACKLOG.md', '--since', 'HEAD', '--to', 'HEAD', '--format', 'markdown']);
    expect(empty).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a file that did not exist at the old revision compares as empty: every item added', { timeout: 60_000 }, () => {
    const other = scriptedRepo([{ date: '2026-09-01T09:00:00Z', message: 'readme', files: { 'README.md': 'x\n' } }], 'backlog-diff-new-');
    try {
      writeFileSync(join(other.root, 'BACKLOG.md'), backlog({ Now: [S.signIn, S.week] }));
      const fresh = run(['diff', 'BACKLOG.md', '-f', 'json'], other.root);
      expect(fresh.code, fresh.stderr).toBe(0);
      expect(JSON.parse(fresh.stdout).added.map((a: { id: string }) => a.id)).toEqual(['US-1', 'US-2']);
      expect(fresh.stderr).toBe('backlog: note: BACKLOG.md does not exist at HEAD; every item counts as added\n');
    } finally {
      other.remove();
    }
  });

  it('clear errors: unknown revision, file outside a repository, missing file, missing at --to, bad format', { timeout: 60_000 }, () => {
    expectError(run(['diff', 'docs/BACKLOG.md', '--since', 'no-such-branch']), /^backlog: unknown revision "no-such-branch" \(not a branch, tag or commit of /);
    expectError(run(['diff', 'docs/BACKLOG.md', '--to', 'v9']), /^backlog: unknown revision "v9"/);
    const outside = mkdtempSync(join(tmpdir(), 'backlog-nogit-'));
    try {
      writeFileSync(join(outside, 'BACKLOG.md'), backlog({ Now: [S.signIn] }));
      expectError(run(['diff', 'BACKLOG.md'], outside), /^backlog: BACKLOG\.md is not inside a git repository \(backlog diff compares versions of the file from git\)$/);
      expectError(run(['diff', 'NOPE.md'], outside), /^backlog: NOPE\.md: no such file$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const added = join(repo.root, 'docs', 'NEW.md');
    writeFileSync(added, backlog({ Now: [S.signIn] }));
    try {
      expectError(run(['diff', 'docs/NEW.md', '--to', 'v1']), /^backlog: docs\/NEW\.md does not exist at v1$/);
    } finally {
      rmSync(added);
    }
    const bad = run(['diff', 'docs/BACKLOG.md', '--format', 'xml']);
    expectError(bad, /^backlog: --format must be one of text, json, markdown \(got "xml"\)$/);
    expect(bad.stderr.split('\n')[1]).toMatch(/^Usage: backlog diff <file>/);
    expectError(run(['diff']), /^backlog: diff needs a file/);
  });
});

type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];
function elements(root: Node, pred: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  const visit = (n: Node) => {
    if ('tagName' in n && pred(n)) out.push(n);
    for (const c of 'childNodes' in n ? (n.childNodes as Node[]) : []) visit(c);
  };
  visit(root);
  return out;
}
const attrOf = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const textOf = (n: Node): string => ('value' in n && n.nodeName === '#text' ? (n.value as string) : ('childNodes' in n ? (n.childNodes as Node[]) : []).map((c) => ` ${textOf(c)} `).join(''));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('backlog report', () => {
  const epoch = String(Date.UTC(2026, 8, 16) / 1000); // 2026-09-16

  it('writes one HTML page with -o, with the rank changes since a tag, dated by SOURCE_DATE_EPOCH', { timeout: 60_000 }, () => {
    const out = join(work, 'report.html');
    const r = run(['report', 'docs/BACKLOG.md', '-o', out, '--since', 'v1'], repo.root, { SOURCE_DATE_EPOCH: epoch });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Wrote ${relative(repo.root, out)}\n`);
    const html = readFileSync(out, 'utf8');
    const doc = parse(html);
    expect(elements(doc, (e) => e.tagName === 'section').map((s) => attrOf(s, 'data-section'))).toEqual(['sprint-goals', 'now-next-later', 'forecast', 'health', 'rank-changes']);
    expect(squash(textOf(elements(doc, (e) => e.tagName === 'h1')[0]))).toBe('Team Calendar');
    const meta = squash(textOf(elements(doc, (e) => attrOf(e, 'class') === 'meta')[0]));
    expect(meta).toBe(`Backlog report · docs/BACKLOG.md · ${hashes[2].slice(0, 7)} · generated 2026-09-16`);
    const changes = elements(doc, (e) => attrOf(e, 'data-section') === 'rank-changes')[0];
    expect(elements(changes, (e) => e.tagName === 'tr' && attrOf(e, 'data-change') !== undefined).map((tr) => attrOf(tr, 'data-change'))).toEqual(['done', 'changed', 'up', 'new', 'changed', 'changed', 'removed']);
    expect(elements(doc, (e) => e.tagName === 'script')).toEqual([]);
    expect(attrOf(elements(doc, (e) => e.tagName === 'meta' && attrOf(e, 'name') === 'generator')[0], 'content')).toMatch(/^Backlog as Code \d+\.\d+\.\d+/);
  });

  it('prints Markdown to stdout with --format markdown (and chooses it for an -o ending in .md)', { timeout: 60_000 }, () => {
    const r = run(['report', 'docs/BACKLOG.md', '--format', 'markdown'], repo.root, { SOURCE_DATE_EPOCH: epoch });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# Team Calendar');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## Sprint goals', '## Now, next, later', '## Forecast', '## Backlog health']);
    const out = join(work, 'report.md');
    expect(run(['report', 'docs/BACKLOG.md', '-o', out], repo.root, { SOURCE_DATE_EPOCH: epoch }).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  });

  it('marks a file with uncommitted changes, and works outside a repository (without rank changes)', { timeout: 60_000 }, () => {
    const outside = mkdtempSync(join(tmpdir(), 'backlog-nogit-'));
    try {
      writeFileSync(join(outside, 'BACKLOG.md'), backlog({ Now: [{ id: 'US-9', title: '\\<img src=x onerror=alert(1)>' }] }));
      const r = run(['report', 'BACKLOG.md'], outside, { SOURCE_DATE_EPOCH: epoch });
      expect(r.code, r.stderr).toBe(0);
      const doc = parse(r.stdout);
      expect(squash(textOf(elements(doc, (e) => attrOf(e, 'class') === 'meta')[0]))).toBe('Backlog report · BACKLOG.md · generated 2026-09-16');
      expect(elements(doc, (e) => e.tagName === 'img')).toEqual([]);
      expect(r.stdout).toContain('<span class="title">&lt;img src=x onerror=alert(1)&gt;</span>');
      expectError(run(['report', 'BACKLOG.md', '--since', 'v1'], outside), /^backlog: BACKLOG\.md is not inside a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const path = join(repo.root, 'docs', 'BACKLOG.md');
    const committed = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, committed.replace('- Estimate: 3', '- Estimate: 13'));
      const r = run(['report', 'docs/BACKLOG.md'], repo.root, { SOURCE_DATE_EPOCH: epoch });
      expect(squash(textOf(elements(parse(r.stdout), (e) => attrOf(e, 'class') === 'meta')[0]))).toContain(`${hashes[2].slice(0, 7)} + uncommitted changes`);
    } finally {
      writeFileSync(path, committed);
    }
  });

  it('the forecast is the one `backlog forecast` makes from the same git history: chart, 50% and 85% per item', { timeout: 60_000 }, () => {
    // Done items over four past two-week sprints, read from the real git log of the file (no sprint groups, no config).
    const stories = (done: readonly number[]) =>
      `# Product Backlog\n\n${Array.from({ length: 12 }, (_, k) => k + 1)
        .map((i) => `## US-${i} Story number ${i}\n\nAs a user, I want story ${i}, so that it helps.\n\n- Estimate: ${i % 3 === 0 ? 5 : 3}\n- Status: ${done.includes(i) ? 'done' : 'todo'}\n`)
        .join('\n')}`;
    const history = scriptedRepo([], 'backlog-report-forecast-');
    try {
      for (const [date, done] of [
        ['2026-01-14', []],
        ['2026-01-21', [1]],
        ['2026-01-28', [1, 2]],
        ['2026-02-04', [1, 2, 3]],
        ['2026-02-18', [1, 2, 3, 4, 5, 6]],
        ['2026-03-04', [1, 2, 3, 4, 5, 6, 7]],
      ] as const) {
        history.commit({ date: `${date}T10:00:00Z`, message: `Backlog ${date}`, files: { 'BACKLOG.md': stories(done) } });
      }
      const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 16) / 1000) };
      const forecast = run(['forecast', 'BACKLOG.md', '--format', 'json'], history.root, env);
      expect(forecast.code, forecast.stderr).toBe(0);
      const json = JSON.parse(forecast.stdout);
      expect(json).toMatchObject({ source: 'git', mode: 'velocity', samples: [6, 5, 11, 3], insufficientData: false });
      const r = run(['report', 'BACKLOG.md'], history.root, env);
      expect(r.code, r.stderr).toBe(0);
      const section = elements(parse(r.stdout), (e) => attrOf(e, 'data-section') === 'forecast')[0];
      const svg = elements(section, (e) => e.tagName === 'svg')[0];
      expect(attrOf(svg, 'role')).toBe('img');
      for (const line of ['p50', 'p85']) expect(elements(svg, (e) => e.tagName === 'polyline' && attrOf(e, 'class') === line)).toHaveLength(1);
      const rows = elements(section, (e) => e.tagName === 'tr' && attrOf(e, 'data-rank') !== undefined).map((tr) => elements(tr, (e) => e.tagName === 'td').map((td) => squash(textOf(td))));
      type Item = { rank: number; id: string; title: string; sprint: { p50: number; p85: number }; date: { p50: string; p85: string } };
      expect(rows).toEqual(
        (json.items as Item[]).map((i) => [String(i.rank), `${i.id} ${i.title}`, `sprint ${i.sprint.p50} ${i.date.p50}`, `sprint ${i.sprint.p85} ${i.date.p85}`]),
      );
      expect(rows).toHaveLength(5);
      // The Markdown form writes the same sprints and dates as `sprint 3 (2026-04-12)`.
      const md = run(['report', 'BACKLOG.md', '--format', 'markdown'], history.root, env).stdout;
      for (const i of json.items as Item[]) expect(md).toContain(`| ${i.rank} | ${i.id} ${i.title} | sprint ${i.sprint.p50} (${i.date.p50}) | sprint ${i.sprint.p85} (${i.date.p85}) |`);
      expect(squash(textOf(section))).toContain('4 past sprints of velocity from the git history of the file, 10,000 trials (seed 1)');
      // No sprint groups: now and next come from the forecast.
      const now = elements(parse(r.stdout), (e) => attrOf(e, 'data-section') === 'now-next-later')[0];
      expect(attrOf(now, 'data-source')).toBe('forecast');
    } finally {
      history.remove();
    }
  });

  it('clear errors: bad format, no file, an output folder that does not exist', { timeout: 60_000 }, () => {
    expectError(run(['report', 'docs/BACKLOG.md', '--format', 'pdf']), /^backlog: --format must be one of html, markdown \(got "pdf"\)$/);
    expectError(run(['report']), /^backlog: report needs a file/);
    expectError(run(['report', 'docs/BACKLOG.md', '-o', 'no/such/dir/r.html']), /^backlog: cannot write no\/such\/dir\/r\.html: the folder no\/such\/dir does not exist$/);
    expect(existsSync(join(repo.root, 'no'))).toBe(false);
  });
});
