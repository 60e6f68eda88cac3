// The workflows of docs/CI.md, taken from the page itself: their triggers and permissions, and the diff job's steps run
// as written (GitHub expressions filled in, `npx backlog` being the CLI built here, `gh` a stand-in that records its
// arguments) against a real git repository shaped like a pull request: a base commit and GitHub's merge commit.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { renderGfm } from './render-gfm';
import { scriptedRepo } from './git-fixture';

const root = join(__dirname, '..', '..');
const page = readFileSync(join(root, 'docs', 'CI.md'), 'utf8');

interface Step {
  uses?: string;
  name?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Workflow {
  name: string;
  on: Record<string, { branches?: string[]; paths?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
}

/** The YAML blocks of the page that start with `# .github/workflows/<name>`. */
function workflows(): Map<string, Workflow> {
  const out = new Map<string, Workflow>();
  for (const m of page.matchAll(/```yaml\n# \.github\/workflows\/([\w.-]+)\n([\s\S]*?)```/g)) out.set(m[1], parseYaml(m[2]) as Workflow);
  return out;
}

let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-ci-doc-'));
  cli = join(work, 'cli.js');
  await build({ entryPoints: [join(root, 'src', 'cli', 'cli.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'silent' });
  // A stand-in for the GitHub CLI: records its arguments and the body file it was given.
  mkdirSync(join(work, 'bin'));
  writeFileSync(join(work, 'bin', 'gh'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${work}/gh-args"\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" "${work}/gh-body"; fi; shift; done\n`);
  chmodSync(join(work, 'bin', 'gh'), 0o755);
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('docs/CI.md', () => {
  it('has the lint workflow: push and pull requests, SARIF written by backlog lint and uploaded even on failure', () => {
    const lint = workflows().get('backlog-lint.yml')!;
    expect(Object.keys(lint.on).sort()).toEqual(['pull_request', 'push']);
    const job = Object.values(lint.jobs)[0];
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const runs = job.steps.map((s) => s.run).filter(Boolean);
    expect(runs).toContain('npx backlog lint --format sarif > backlog.sarif');
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with).toMatchObject({ sarif_file: 'backlog.sarif' });
    expect(upload.if).toBe('success() || failure()');
  });

  it('has the diff workflow: pull requests touching a backlog, permission to comment, the base commit fetched', () => {
    const diff = workflows().get('backlog-diff.yml')!;
    expect(Object.keys(diff.on)).toEqual(['pull_request']);
    expect(diff.on.pull_request?.paths).toContain('**/BACKLOG.md');
    const job = Object.values(diff.jobs)[0];
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with).toMatchObject({ 'fetch-depth': 2 });
  });

  /** Runs the diff job's `run` steps after the build, as the runner would, in `cwd`. */
  function runDiffJob(cwd: string, baseSha: string, prNumber: number): void {
    const job = Object.values(workflows().get('backlog-diff.yml')!.jobs)[0];
    const steps = job.steps.filter((s) => s.run && !s.run.startsWith('npm '));
    expect(steps.length).toBe(2);
    for (const step of steps) {
      const script = step
        .run!.replaceAll('${{ github.event.pull_request.base.sha }}', baseSha)
        .replaceAll('${{ github.event.pull_request.number }}', String(prNumber))
        .replaceAll('npx backlog', `node ${JSON.stringify(cli)}`);
      expect(script).not.toContain('${{');
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}`, GH_TOKEN: 'x' } });
      expect(r.status, `${step.name}: ${r.stderr}`).toBe(0);
    }
  }

  /** A repository with `main` and a pull request branch, checked out at GitHub's merge commit (base first parent). */
  function pullRequest(before: string, after: string) {
    const repo = scriptedRepo([{ date: '2026-10-01T09:00:00Z', message: 'base', files: { 'docs/BACKLOG.md': before, 'README.md': 'app\n' } }], 'backlog-ci-pr-');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit({ date: '2026-10-02T09:00:00Z', message: 'refine', files: { 'docs/BACKLOG.md': after } });
    // Meanwhile on main: an unrelated commit, so that the merge commit is a real merge.
    repo.git('checkout', '-q', 'main');
    repo.commit({ date: '2026-10-03T09:00:00Z', message: 'unrelated', files: { 'README.md': 'app v2\n' } });
    const mainTip = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '--detach', mainTip);
    execFileSync('git', ['merge', '-q', '--no-ff', '-m', 'Merge feature into main', 'feature'], {
      cwd: repo.root,
      env: { ...process.env, GIT_AUTHOR_NAME: 'gh', GIT_AUTHOR_EMAIL: 'gh@example.invalid', GIT_COMMITTER_NAME: 'gh', GIT_COMMITTER_EMAIL: 'gh@example.invalid', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
    expect(repo.git('rev-parse', 'HEAD^1').trim()).toBe(mainTip);
    return { repo, base: mainTip, oldBase: base };
  }

  const BEFORE = '# Backlog\n\n## Now\n\n### US-1 Sign in\n\n- Estimate: 3\n- Status: in progress\n\n### US-2 Export the calendar\n\n### US-3 \\<img src=x onerror=alert(1)> | Dark mode\n';

  it('the diff step writes the comment body, and the comment step posts it to the pull request', { timeout: 60_000 }, () => {
    const after = BEFORE.replace('- Status: in progress', '- Status: done').replace(/(### US-2[^\n]*\n)\n(### US-3[^\n]*\n)/, '$2\n$1') + '\n### US-4 Print the week\n';
    const { repo, base } = pullRequest(BEFORE, after);
    try {
      rmSync(join(work, 'gh-args'), { force: true });
      runDiffJob(repo.root, base, 42);
      const body = readFileSync(join(repo.root, 'backlog-diff.md'), 'utf8');
      expect(body.split('\n').slice(0, 4)).toEqual(['<!-- backlog-as-code:diff -->', '### Backlog changes in `docs/BACKLOG.md`', '', `${base.slice(0, 7)} → HEAD: 1 moved, 1 added, 1 done`]);
      expect(body.split('\n').filter((l) => /^\| [^|]+ \| \d/.test(l))).toEqual([
        '| ✅ | 1 | **US-1** Sign in | done |',
        '| ⬆️ 1 | 2 | **US-3** &lt;img src=x onerror=alert(1)&gt; \\| Dark mode | rank 3 → 2 |',
        '| 🆕 | 4 | **US-4** Print the week | added at rank 4 |',
      ]);
      const html = renderGfm(body);
      expect(html).not.toContain('<img');
      expect((html.match(/<tr>/g) ?? []).length).toBe(4);
      expect(readFileSync(join(work, 'gh-args'), 'utf8').split('\n').filter(Boolean)).toEqual(['pr', 'comment', '42', '--edit-last', '--create-if-none', '--body-file', 'backlog-diff.md']);
      expect(readFileSync(join(work, 'gh-body'), 'utf8')).toBe(body);
    } finally {
      repo.remove();
    }
  });

  it('posts nothing when the pull request changed nothing in the items', { timeout: 60_000 }, () => {
    const { repo, base } = pullRequest(BEFORE, BEFORE.replace('# Backlog\n', '# Backlog\n\nOrdered by value, top first.\n'));
    try {
      rmSync(join(work, 'gh-args'), { force: true });
      runDiffJob(repo.root, base, 43);
      expect(readFileSync(join(repo.root, 'backlog-diff.md'), 'utf8')).toBe('');
      expect(existsSync(join(work, 'gh-args'))).toBe(false);
    } finally {
      repo.remove();
    }
  });
});
