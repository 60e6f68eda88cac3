// A real temporary git repository with a scripted history, for tests of the git adapter and of what is built on it
// (forecast history, diff). Runs the real `git` with fixed author, committer and dates, so hashes are reproducible.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** One commit: files to write (text) or delete (null), renames done before writing, and the commit date. */
export interface ScriptedCommit {
  /** ISO date, e.g. `2026-01-05T10:00:00Z`; both author and committer date. */
  readonly date: string;
  readonly message: string;
  readonly files?: Readonly<Record<string, string | null>>;
  /** `git mv from to`, before `files` are written. */
  readonly renames?: Readonly<Record<string, string>>;
  /** A tag on this commit. */
  readonly tag?: string;
}

export interface ScriptedRepo {
  /** Absolute, symlinks resolved (as `git rev-parse --show-toplevel` prints it). */
  readonly root: string;
  git(...args: string[]): string;
  /** Commits one more step. */
  commit(step: ScriptedCommit): string;
  remove(): void;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** A new repository (branch `main`) with the given commits applied in order. */
export function scriptedRepo(steps: readonly ScriptedCommit[] = [], prefix = 'backlog-git-'): ScriptedRepo {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const git = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    execFileSync('git', args, { cwd: root, env: { ...process.env, ...IDENTITY, ...env }, encoding: 'utf8' });
  git({}, 'init', '-q', '-b', 'main');
  const repo: ScriptedRepo = {
    root,
    git: (...args) => git({}, ...args),
    commit(step) {
      for (const [from, to] of Object.entries(step.renames ?? {})) {
        mkdirSync(dirname(join(root, to)), { recursive: true });
        git({}, 'mv', from, to);
      }
      for (const [path, text] of Object.entries(step.files ?? {})) {
        if (text === null) git({}, 'rm', '-q', path);
        else {
          mkdirSync(dirname(join(root, path)), { recursive: true });
          writeFileSync(join(root, path), text);
          git({}, 'add', path);
        }
      }
      const env = { GIT_AUTHOR_DATE: step.date, GIT_COMMITTER_DATE: step.date };
      git(env, 'commit', '-q', '--allow-empty', '-m', step.message);
      if (step.tag) git({}, 'tag', step.tag);
      return git({}, 'rev-parse', 'HEAD').trim();
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const step of steps) repo.commit(step);
  return repo;
}

