// The git adapter against real temporary repositories and the real `git` executable.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedRepo, scriptedRepo } from '../../test/unit/git-fixture';
import { fileHistory, fileLog, GitError, listRevisions, parseLog, readBlobs, repositoryRoot, resolveRevision, showFile } from './git';

// Long enough that git sees the rename with an edit as a rename (similarity above 50%).
const TOP = '# Backlog\n\nThe product backlog of the team, most important first.\nEvery item has a value statement.\n\n';
let repo: ScriptedRepo;
const hashes: string[] = [];

beforeAll(() => {
  repo = scriptedRepo();
  hashes.push(repo.commit({ date: '2026-01-05T10:00:00Z', message: 'Start the backlog', files: { 'docs/B.md': TOP + '- US-1 One\n', 'README.md': 'x\n' } }));
  hashes.push(repo.commit({ date: '2026-01-12T10:00:00+02:00', message: 'Unrelated change', files: { 'README.md': 'y\n' } }));
  hashes.push(repo.commit({ date: '2026-01-19T10:00:00Z', message: 'Rename to BACKLOG.md', renames: { 'docs/B.md': 'plan/BACKLOG.md' }, files: { 'plan/BACKLOG.md': TOP + '- US-1 One\n- US-2 Zwei — ünïcödé\n' } }));
  hashes.push(repo.commit({ date: '2026-01-26T10:00:00Z', message: 'Done: US-1', files: { 'plan/BACKLOG.md': TOP + '- [x] US-1 One\n- US-2 Zwei — ünïcödé\r\n' }, tag: 'v1' }));
});

afterAll(() => repo?.remove());

describe('git adapter', () => {
  it('finds the repository root, and null outside a repository', async () => {
    expect(await repositoryRoot(join(repo.root, 'plan', 'BACKLOG.md'))).toBe(repo.root);
    expect(await repositoryRoot(join(repo.root, 'plan', 'not-yet', 'NEW.md'))).toBe(repo.root);
    const outside = mkdtempSync(join(tmpdir(), 'backlog-nogit-'));
    try {
      expect(await repositoryRoot(join(outside, 'BACKLOG.md'))).toBeNull();
      expect(await fileHistory(join(outside, 'BACKLOG.md'))).toBeNull();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists the commits that touched the file, newest first, following the rename', async () => {
    const log = await fileLog(join(repo.root, 'plan', 'BACKLOG.md'));
    expect(log?.root).toBe(repo.root);
    expect(log?.commits.map((c) => c.commit)).toEqual([hashes[3], hashes[2], hashes[0]]);
    expect(log?.commits.map((c) => c.path)).toEqual(['plan/BACKLOG.md', 'plan/BACKLOG.md', 'docs/B.md']);
    expect(log?.commits.map((c) => c.subject)).toEqual(['Done: US-1', 'Rename to BACKLOG.md', 'Start the backlog']);
    expect(log?.commits[0].date).toBe('2026-01-26T10:00:00Z'.replace('Z', '+00:00'));
    expect(new Date(log!.commits[2].date).toISOString()).toBe('2026-01-05T10:00:00.000Z');
  });

  it('reads every revision with its exact text (bytes kept: CRLF, non-ASCII)', async () => {
    const history = await fileHistory(join(repo.root, 'plan', 'BACKLOG.md'));
    expect(history?.revisions.map((r) => r.text)).toEqual([
      TOP + '- [x] US-1 One\n- US-2 Zwei — ünïcödé\r\n',
      TOP + '- US-1 One\n- US-2 Zwei — ünïcödé\n',
      TOP + '- US-1 One\n',
    ]);
  });

  it('limits the number of commits with maxCount', async () => {
    const history = await fileHistory(join(repo.root, 'plan', 'BACKLOG.md'), { maxCount: 2 });
    expect(history?.revisions.map((r) => r.commit)).toEqual([hashes[3], hashes[2]]);
  });

  it('works through a symbolic link to the repository', async () => {
    const linkDir = mkdtempSync(join(tmpdir(), 'backlog-link-'));
    try {
      const link = join(linkDir, 'repo');
      symlinkSync(repo.root, link);
      const history = await fileHistory(join(link, 'plan', 'BACKLOG.md'));
      expect(history?.revisions).toHaveLength(3);
      expect(await showFile(join(link, 'plan', 'BACKLOG.md'), 'HEAD~1')).toBe(TOP + '- US-1 One\n- US-2 Zwei — ünïcödé\n');
    } finally {
      rmSync(linkDir, { recursive: true, force: true });
    }
  });

  it('gives an empty history for a file that was never committed, and null text for a deleting commit', async () => {
    const r = scriptedRepo([{ date: '2026-02-01T00:00:00Z', message: 'add', files: { 'BACKLOG.md': '- a\n' } }]);
    try {
      writeFileSync(join(r.root, 'NEW.md'), '- b\n');
      expect((await fileHistory(join(r.root, 'NEW.md')))?.revisions).toEqual([]);
      r.commit({ date: '2026-02-02T00:00:00Z', message: 'remove', files: { 'BACKLOG.md': null } });
      r.commit({ date: '2026-02-03T00:00:00Z', message: 'back', files: { 'BACKLOG.md': '- c\n' } });
      const h = await fileHistory(join(r.root, 'BACKLOG.md'));
      expect(h?.revisions.map((x) => [x.subject, x.text])).toEqual([
        ['back', '- c\n'],
        ['remove', null],
        ['add', '- a\n'],
      ]);
    } finally {
      r.remove();
    }
  });

  it('gives an empty history in a repository without commits', async () => {
    const r = scriptedRepo();
    try {
      writeFileSync(join(r.root, 'BACKLOG.md'), '- a\n');
      expect(await fileHistory(join(r.root, 'BACKLOG.md'))).toEqual({ root: r.root, revisions: [] });
    } finally {
      r.remove();
    }
  });

  it('resolves revisions and refuses unknown ones with a clear error', async () => {
    const file = join(repo.root, 'plan', 'BACKLOG.md');
    expect(await resolveRevision(file, 'HEAD')).toBe(hashes[3]);
    expect(await resolveRevision(file, 'v1')).toBe(hashes[3]);
    expect(await resolveRevision(file, 'HEAD~2')).toBe(hashes[1]);
    expect(await resolveRevision(file, hashes[0].slice(0, 8))).toBe(hashes[0]);
    for (const bad of ['no-such-branch', '--output=/tmp/x', 'HEAD~99']) {
      const e = await resolveRevision(file, bad).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(GitError);
      expect((e as GitError).kind).toBe('unknown-revision');
      expect((e as GitError).message).toContain(`"${bad}"`);
    }
  });

  it('shows the file at a revision, and says when it did not exist there', async () => {
    const file = join(repo.root, 'plan', 'BACKLOG.md');
    expect(await showFile(file, 'v1')).toBe(TOP + '- [x] US-1 One\n- US-2 Zwei — ünïcödé\r\n');
    const e = await showFile(file, hashes[0]).catch((x: unknown) => x);
    expect((e as GitError).kind).toBe('not-in-revision');
    expect((e as GitError).message).toMatch(/^BACKLOG\.md does not exist at [0-9a-f]{40} \([0-9a-f]{7}\)$/);
    const outside = mkdtempSync(join(tmpdir(), 'backlog-nogit-'));
    try {
      const e2 = await showFile(join(outside, 'BACKLOG.md'), 'HEAD').catch((x: unknown) => x);
      expect((e2 as GitError).kind).toBe('not-a-repository');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reads blobs in one batch, null for missing ones', async () => {
    const texts = await readBlobs(repo.root, [
      { commit: hashes[0], path: 'docs/B.md' },
      { commit: hashes[0], path: 'plan/BACKLOG.md' },
      { commit: hashes[1], path: 'README.md' },
    ]);
    expect(texts).toEqual([TOP + '- US-1 One\n', null, 'y\n']);
  });

  it('says when git is not installed', async () => {
    const e = await repositoryRoot(repo.root, { git: '/nonexistent/git-binary' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GitError);
    expect((e as GitError).kind).toBe('git-missing');
    expect((e as GitError).message).toMatch(/git is not installed/);
  });

  it('parses subjects with separators and merge records without names', () => {
    const out = '\x1eaaa\x1f2026-01-02T00:00:00+00:00\x1f2026-01-02T00:00:00+00:00\x1fmerge\0\x1ebbb\x1f2026-01-01T00:00:00+00:00\x1f2026-01-01T00:00:00+00:00\x1fa\x1fb\0\nx/B.md\0';
    expect(parseLog(out)).toEqual([
      { commit: 'aaa', date: '2026-01-02T00:00:00+00:00', authorDate: '2026-01-02T00:00:00+00:00', subject: 'merge', path: 'x/B.md' },
      { commit: 'bbb', date: '2026-01-01T00:00:00+00:00', authorDate: '2026-01-01T00:00:00+00:00', subject: 'a\x1fb', path: 'x/B.md' },
    ]);
  });

  it('lists branches, tags and the latest commits for a revision picker', async () => {
    repo.git('branch', 'feature/ranks', hashes[2]);
    try {
      const choices = await listRevisions(join(repo.root, 'plan', 'BACKLOG.md'), { maxCommits: 3 });
      expect(choices.currentBranch).toBe('main');
      expect([...choices.branches].sort()).toEqual(['feature/ranks', 'main']);
      expect(choices.tags).toEqual(['v1']);
      expect(choices.commits.map((c) => c.hash)).toEqual([hashes[3], hashes[2], hashes[1]]);
      expect(choices.commits[0]).toEqual({ hash: hashes[3], date: '2026-01-26T10:00:00Z'.replace('Z', '+00:00'), subject: 'Done: US-1' });
    } finally {
      repo.git('branch', '-D', 'feature/ranks');
    }
    const outside = mkdtempSync(join(tmpdir(), 'backlog-nogit-'));
    try {
      const e = await listRevisions(outside).catch((x: unknown) => x);
      expect((e as GitError).kind).toBe('not-a-repository');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
