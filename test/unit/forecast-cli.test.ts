// `backlog forecast` as users run it: the bundled CLI in a child process, on files in a temporary folder (config and
// sprint-group histories, hand-computed) and in a real temporary git repository with a scripted history.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedRepo, scriptedRepo } from './git-fixture';

const root = join(__dirname, '..', '..');
let work: string;
let cli: string;
let repo: ScriptedRepo;

/** Items US-1..US-n as headings; those in `done` have status done. */
function stories(n: number, done: readonly number[] = [], estimate = (i: number) => (i % 3 === 0 ? 5 : 3)): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(`## US-${i} Story number ${i}\n\nAs a user, I want story ${i}, so that it helps.\n\n- Estimate: ${estimate(i)}\n- Status: ${done.includes(i) ? 'done' : 'todo'}\n`);
  return `# Product Backlog\n\n${out.join('\n')}`;
}

// 2026-03-16 00:00 UTC: a Monday.
const TODAY_EPOCH = String(Date.UTC(2026, 2, 16) / 1000);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-forecast-cli-'));
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
  repo = scriptedRepo([], 'backlog-forecast-repo-');
  const steps: [string, number[]][] = [
    ['2026-01-14', []],
    ['2026-01-21', [1]],
    ['2026-01-28', [1, 2]], // sprint 2026-01-19..02-01: US-1, US-2 (6 points)
    ['2026-02-04', [1, 2, 3]], // sprint 02-02..02-15: US-3 (5)
    ['2026-02-18', [1, 2, 3, 4, 5, 6]], // sprint 02-16..03-01: US-4..6 (11)
    ['2026-03-04', [1, 2, 3, 4, 5, 6, 7]], // sprint 03-02..03-15: US-7 (3)
  ];
  for (const [date, done] of steps) repo.commit({ date: `${date}T10:00:00Z`, message: `Backlog ${date}`, files: { 'BACKLOG.md': stories(20, done) } });
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

function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: TODAY_EPOCH, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, 'f-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('backlog forecast', () => {
  it('constant velocity from the configuration gives exact sprints, in the JSON shape of the issue', () => {
    // 10 points per sprint, items of 5: two items per sprint, at every confidence.
    const dir = folder({ 'BACKLOG.md': stories(5, [], () => 5), '.backlog.jsonc': '{ "velocity": [10, 10, 10] }' });
    const r = run(['forecast', 'BACKLOG.md', '--format', 'json', '--trials', '1000'], dir);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ file: 'BACKLOG.md', mode: 'velocity', source: 'config', samples: [10, 10, 10], sprintLengthDays: 14, trials: 1000, seed: 1, insufficientData: false });
    expect(json.items.map((i: { rank: number; id: string; estimate: number; sprint: unknown; date: unknown }) => [i.rank, i.id, i.estimate, i.sprint, i.date])).toEqual([
      [1, 'US-1', 5, { p50: 1, p85: 1, p95: 1 }, null],
      [2, 'US-2', 5, { p50: 1, p85: 1, p95: 1 }, null],
      [3, 'US-3', 5, { p50: 2, p85: 2, p95: 2 }, null],
      [4, 'US-4', 5, { p50: 2, p85: 2, p95: 2 }, null],
      [5, 'US-5', 5, { p50: 3, p85: 3, p95: 3 }, null],
    ]);
  });

  it('dates come from the dated sprint groups of the file; text and markdown formats', () => {
    const sprint = (n: number, start: string, end: string, ids: number[], done: boolean) =>
      `## Sprint ${n} (${start} – ${end})\n\nSprint goal: goal ${n}\n\n${ids.map((i) => `### US-${i} Story ${i}\n\n- Estimate: 3\n- Status: ${done ? 'done' : 'todo'}\n`).join('\n')}`;
    const text = `# Backlog\n\n${[
      sprint(1, '2026-02-02', '2026-02-13', [1, 2], true),
      sprint(2, '2026-02-16', '2026-02-27', [3, 4], true),
      sprint(3, '2026-03-02', '2026-03-13', [5, 6], true),
      sprint(4, '2026-03-16', '2026-03-27', [7, 8], false),
      `## Later\n\n${[9, 10].map((i) => `### US-${i} Story ${i}\n\n- Estimate: 3\n`).join('\n')}`,
    ].join('\n')}`;
    const dir = folder({ 'BACKLOG.md': text });
    const json = JSON.parse(run(['forecast', 'BACKLOG.md', '--format', 'json'], dir).stdout);
    expect(json).toMatchObject({ source: 'sprints', mode: 'velocity', samples: [6, 6, 6], sprint1Start: '2026-03-16', trials: 10000 });
    // 6 points per sprint, items of 3: sprint 1 ends 2026-03-29 (14 days from the start of sprint 4).
    expect(json.items.map((i: { id: string; sprint: { p85: number }; date: { p85: string } }) => [i.id, i.sprint.p85, i.date.p85])).toEqual([
      ['US-7', 1, '2026-03-29'],
      ['US-8', 1, '2026-03-29'],
      ['US-9', 2, '2026-04-12'],
      ['US-10', 2, '2026-04-12'],
    ]);
    const t = run(['forecast', 'BACKLOG.md'], dir);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('forecast from 3 past sprints of velocity from the sprint groups of the file, 10,000 trials (seed 1)');
    expect(t.stdout).toMatch(/^ {3}9 {2}US-9 {3}Story 9 {5}3 {2}2 \(2026-04-12\) {2}2 \(2026-04-12\) {2}2 \(2026-04-12\)$/m);
    const md = run(['forecast', 'BACKLOG.md', '--format', 'markdown'], dir);
    expect(md.stdout).toContain('| 9 | US-9 | Story 9 | 3 | 2 (2026-04-12) | 2 (2026-04-12) | 2 (2026-04-12) |');
  });

  it('says "insufficient data" with the reason and gives no dates when fewer than 3 sprints are known', () => {
    const dir = folder({ 'BACKLOG.md': stories(4), '.backlog.jsonc': '{ "throughput": [4, 6] }' });
    const json = JSON.parse(run(['forecast', 'BACKLOG.md', '--format', 'json'], dir).stdout);
    expect(json.insufficientData).toBe('only 2 past sprints in the configuration; at least 3 are needed');
    expect(json.items).toEqual([]);
    const t = run(['forecast', 'BACKLOG.md'], dir);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Insufficient data: only 2 past sprints in the configuration; at least 3 are needed.');
  });

  it('reads the history from the real git log of the file; the same seed gives the same forecast', () => {
    const file = join(repo.root, 'BACKLOG.md');
    writeFileSync(file, stories(20, [1, 2, 3, 4, 5, 6, 7]));
    const a = run(['forecast', 'BACKLOG.md', '--format', 'json', '--seed', '7', '--trials', '2000'], repo.root);
    expect(a.code, a.stderr).toBe(0);
    const json = JSON.parse(a.stdout);
    expect(json).toMatchObject({ source: 'git', mode: 'velocity', samples: [6, 5, 11, 3], seed: 7, trials: 2000, insufficientData: false, sprint1Start: '2026-03-16' });
    expect(json.items[0]).toMatchObject({ rank: 8, id: 'US-8', estimate: 3 });
    expect(json.items).toHaveLength(13);
    for (const i of json.items) expect(i.sprint.p50 <= i.sprint.p85 && i.sprint.p85 <= i.sprint.p95).toBe(true);
    expect(run(['forecast', 'BACKLOG.md', '--format', 'json', '--seed', '7', '--trials', '2000'], repo.root).stdout).toBe(a.stdout);
    // --source git is what the default picks here (no config, no sprint groups).
    expect(run(['forecast', 'BACKLOG.md', '--format', 'json', '--seed', '7', '--trials', '2000', '--source', 'git'], repo.root).stdout).toBe(a.stdout);
  });

  it('turns bad input into one line and exit code 2', () => {
    const dir = folder({ 'BACKLOG.md': stories(3) });
    const cases: [string[], RegExp][] = [
      [['forecast', 'BACKLOG.md', '--source', 'git'], /^backlog: BACKLOG\.md is not inside a git repository/],
      [['forecast', 'BACKLOG.md', '--source', 'jira'], /^backlog: --source must be one of git, sprints, config \(got "jira"\)/],
      [['forecast', 'BACKLOG.md', '--trials', '12'], /^backlog: --trials must be a whole number from 100 to 1,000,000, got "12"/],
      [['forecast', 'BACKLOG.md', '--seed', '-1'], /^backlog: (--seed must be a whole number|option --seed needs a value)/],
      [['forecast', 'NOPE.md'], /^backlog: .*NOPE\.md/],
      [['forecast'], /^backlog: forecast needs a file/],
    ];
    for (const [args, pattern] of cases) {
      const r = run(args, dir);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toMatch(pattern);
    }
  });
});

describe('backlog accept and reject', () => {
  const ITEM = ['# Backlog', '', '## Now', '', '### US-1 Sign in', '', '- Status: in review', '', '**Acceptance criteria:**', '', '- [x] Works', '- [ ] Signs out', '', '### US-2 Export', '', '- Status: done', ''].join('\n');

  it('prints the checklist, refuses while a criterion is unmet, accepts with --met in one write', () => {
    const dir = folder({ 'BACKLOG.md': ITEM, '.backlog.jsonc': '{ "definitionOfDone": ["Code reviewed", "Deployed"] }' });
    const refused = run(['accept', 'BACKLOG.md', 'us-1'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('US-1 Sign in\n  Acceptance criteria:\n    1. [x] Works\n    2. [ ] Signs out\n  Definition of Done (configuration):\n    - Code reviewed\n    - Deployed\n');
    expect(refused.stderr).toBe('backlog: not accepted: US-1 has 1 unmet acceptance criterion: “Signs out”; check it in the file, or confirm with --met 2\n');
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(ITEM);
    const ok = run(['accept', 'BACKLOG.md', 'US-1', '--met', '2'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.split('\n').slice(-2)).toEqual(['US-1 Sign in is accepted (2026-03-16)', '']);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(ITEM.replace('- Status: in review', '- Status: accepted\n- Accepted: 2026-03-16').replace('- [ ] Signs out', '- [x] Signs out'));
  });

  it('rejects with a reason and a date; bad input is one line and exit code 2', () => {
    const dir = folder({ 'BACKLOG.md': ITEM });
    const r = run(['reject', 'BACKLOG.md', '2', '--reason', 'Misses holidays', '--date', '2026-03-20'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('US-2 Export is rejected (2026-03-20): Misses holidays\n');
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(ITEM.replace('- Status: done', '- Status: rejected\n- Rejected: 2026-03-20 — Misses holidays'));
    const cases: [string[], RegExp][] = [
      [['reject', 'BACKLOG.md', 'US-1'], /^backlog: reject needs a reason/],
      [['accept', 'BACKLOG.md', 'US-9'], /^backlog: no item with ID "US-9"/],
      [['accept', 'BACKLOG.md', 'US-1', '--met', '7'], /^backlog: US-1 Sign in has no criterion 7 \(it has 2\)/],
      [['accept', 'BACKLOG.md', 'US-1', '--met', 'some'], /^backlog: --met must be criterion numbers/],
      [['accept', 'BACKLOG.md', 'US-1', '--date', '20.3.2026'], /^backlog: --date must be a date written YYYY-MM-DD/],
      [['accept', 'BACKLOG.md'], /^backlog: accept needs a file and an item/],
    ];
    for (const [args, pattern] of cases) {
      const x = run(args, dir);
      expect(x.code, `${args.join(' ')}: ${x.stderr}`).toBe(2);
      expect(x.stderr.split('\n')[0]).toMatch(pattern);
    }
  });
});
