// Issue #10 for the CLI: the file-system scenarios and hostile inputs, each a reproduction from the issue, run as
// users run the CLI (the bundled cli.ts in a child process, real files, real exit codes), plus the file helpers.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, readSourceFile, writeSourceFile } from '../../src/cli/files';
import { formatListText, formatStylish, type Listing, type Problem, printable } from '../../src/cli/format';

const root = join(__dirname, '..', '..');
let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-cli-hostile-'));
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
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function backlog(args: readonly string[], cwd: string) {
  // A time-out turns a hang (a FIFO, /dev/zero) into a failure instead of a stuck suite.
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

let dirs = 0;
function scratch(files: Record<string, string> = {}): string {
  const dir = join(work, `case-${++dirs}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const GOOD = '## US-1 Sign in\n\nAs a user, I want to sign in, so that I see my data.\n\n- Priority: 1\n\n## US-2 Export\n\n- Priority: 2\n';
const isRoot = process.getuid?.() === 0;

describe('one failing file does not abort a lint run', () => {
  it('`backlog lint deep.md good.md` with 8,000 `>`: both files are linted', () => {
    const dir = scratch({ 'deep.md': `## US-9 Deep\n\n${'>'.repeat(8_000)}\n`, 'good.md': GOOD });
    const r = backlog(['lint', 'deep.md', 'good.md', '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((p) => p.file));
    expect(files).toEqual(new Set(['deep.md', 'good.md']));
  });

  it('a file that cannot be read gets one error line; the others their findings; exit 2 at the end', () => {
    const dir = scratch({ 'good.md': GOOD });
    spawnSync('mkfifo', [join(dir, 'pipe.md')]);
    const r = backlog(['lint', 'pipe.md', 'good.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['backlog: pipe.md is a named pipe; backlog reads regular files only']);
    expect(r.stdout).toMatch(/^good\.md$/m);
    expect(r.stdout).toMatch(/missing-value-statement/);
  });
});

describe('regular files only, with a size cap', () => {
  it('/dev/zero is refused at once (it grew memory without bound)', () => {
    const r = backlog(['list', '/dev/zero'], scratch());
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^backlog: \S*\/dev\/zero is a device; backlog reads regular files only\n$/);
  });

  it('a FIFO is refused, not waited on (it hung)', () => {
    const dir = scratch();
    spawnSync('mkfifo', [join(dir, 'BACKLOG.md')]);
    const r = backlog(['list', 'BACKLOG.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('backlog: BACKLOG.md is a named pipe; backlog reads regular files only\n');
  });

  it('a file over 64 MB is refused with its size', () => {
    const dir = scratch({ 'BACKLOG.md': '' });
    truncateSync(join(dir, 'BACKLOG.md'), 65 * 1024 * 1024);
    const r = backlog(['lint', 'BACKLOG.md'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('backlog: BACKLOG.md is 65 MB; backlog reads files up to 64 MB\n');
  });
});

describe('no lost update: a file that changed since it was read is not written', () => {
  it('a line appended meanwhile: refused, the appended line kept', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD });
    const path = join(dir, 'BACKLOG.md');
    const file = readSourceFile('BACKLOG.md', dir);
    writeFileSync(path, `${GOOD}\n## US-3 Added meanwhile\n`);
    expect(() => writeSourceFile(file, 'replaced')).toThrow(/BACKLOG\.md changed on disk while backlog was working; nothing was written/);
    expect(readFileSync(path, 'utf8')).toContain('US-3 Added meanwhile');
  });

  it('the same size and time, other bytes: the hash tells', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD });
    const path = join(dir, 'BACKLOG.md');
    const file = readSourceFile('BACKLOG.md', dir);
    const st = statSync(path);
    writeFileSync(path, GOOD.replace('Sign in', 'Sign on'));
    utimesSync(path, st.atime, st.mtime);
    expect(() => writeSourceFile(file, 'replaced')).toThrow(CliError);
    expect(readFileSync(path, 'utf8')).toContain('Sign on');
  });

  it('a file deleted meanwhile does not come back', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD });
    const file = readSourceFile('BACKLOG.md', dir);
    unlinkSync(join(dir, 'BACKLOG.md'));
    expect(() => writeSourceFile(file, 'replaced')).toThrow(/was deleted while backlog was working; nothing was written/);
    expect(() => statSync(join(dir, 'BACKLOG.md'))).toThrow();
  });
});

describe('links, ownership, read-only files', () => {
  it('move on a symlink writes the target and keeps the link', () => {
    const dir = scratch({ 'real/BACKLOG.md': GOOD });
    symlinkSync(join(dir, 'real', 'BACKLOG.md'), join(dir, 'BACKLOG.md'));
    const r = backlog(['move', 'BACKLOG.md', 'US-2', '--top'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(join(dir, 'BACKLOG.md'), { throwIfNoEntry: true }).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'BACKLOG.md'), 'utf8').indexOf('US-2')).toBeLessThan(readFileSync(join(dir, 'real', 'BACKLOG.md'), 'utf8').indexOf('US-1'));
    const link = spawnSync('readlink', [join(dir, 'BACKLOG.md')], { encoding: 'utf8' }).stdout.trim();
    expect(link).toBe(join(dir, 'real', 'BACKLOG.md'));
  });

  it('lint --fix keeps hard links: both names see the fix', () => {
    const text = '## US-1 A\n\n- Priority: 1\n\n## US-2 B\n\n- Priority: 1\n';
    const dir = scratch({ 'BACKLOG.md': text });
    linkSync(join(dir, 'BACKLOG.md'), join(dir, 'other.md'));
    const r = backlog(['lint', '--fix', 'BACKLOG.md'], dir);
    expect(r.stderr).toBe('');
    const a = statSync(join(dir, 'BACKLOG.md'));
    const b = statSync(join(dir, 'other.md'));
    expect(a.ino).toBe(b.ino);
    expect(a.nlink).toBe(2);
    expect(readFileSync(join(dir, 'other.md'), 'utf8')).toBe(readFileSync(join(dir, 'BACKLOG.md'), 'utf8'));
  });

  it.skipIf(!isRoot)('run as root on another user\'s 0640 file: owner, group and mode stay', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD });
    const path = join(dir, 'BACKLOG.md');
    chownSync(path, 1234, 2345);
    chmodSync(path, 0o640);
    const r = backlog(['move', 'BACKLOG.md', 'US-2', '--up'], dir);
    expect(r.stderr).toBe('');
    const st = statSync(path);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([1234, 2345, 0o640]);
    expect(readFileSync(path, 'utf8').indexOf('US-2')).toBeLessThan(readFileSync(path, 'utf8').indexOf('US-1'));
  });

  it('a read-only (0444) file is refused with exit 2, even for root, and left as it was', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD });
    const path = join(dir, 'BACKLOG.md');
    chmodSync(path, 0o444);
    const r = backlog(['move', 'BACKLOG.md', 'US-2', '--up'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('backlog: BACKLOG.md is read-only; nothing was written (make it writable to let backlog change it)\n');
    expect(readFileSync(path, 'utf8')).toBe(GOOD);
  });

  it('lone CR line endings: a move keeps them and the items whole', () => {
    const cr = GOOD.replace(/\n/g, '\r');
    const dir = scratch({ 'BACKLOG.md': cr });
    const r = backlog(['move', 'BACKLOG.md', 'US-1', '--down'], dir);
    expect(r.stderr).toBe('');
    const after = readFileSync(join(dir, 'BACKLOG.md'), 'utf8');
    expect(after).not.toContain('\n');
    expect(after.replace(/\r/g, '\n')).toBe('## US-2 Export\n\n- Priority: 2\n## US-1 Sign in\n\nAs a user, I want to sign in, so that I see my data.\n\n- Priority: 1\n\n'.replace('- Priority: 2\n## US-1', '- Priority: 2\n\n## US-1').slice(0, -1));
    const lint = backlog(['lint', 'BACKLOG.md', '--format', 'json'], dir);
    const lines = (JSON.parse(lint.stdout) as { line: number }[]).map((p) => p.line);
    expect(Math.max(...lines)).toBeGreaterThan(1);
  });
});

describe('output and configuration', () => {
  it('terminal escapes in titles are not printed by list or stylish', () => {
    const evil = '## US-1 Pay \u001b[31mnow\u001b[0m \u001b]0;pwned\u0007 \u202eevil\n\n- Priority: 1\n';
    const dir = scratch({ 'BACKLOG.md': evil });
    const list = backlog(['list', 'BACKLOG.md'], dir);
    expect(list.stdout).toContain('Pay now');
    const lint = backlog(['lint', 'BACKLOG.md'], dir);
    for (const out of [list.stdout, lint.stdout]) {
      expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(out).not.toContain('pwned');
    }
    expect(printable('a\u001b[2Jb\u009b31mc\td\u0000e')).toBe('abc de');
  });

  it('a backlog 70 folders deep is found (folders deeper than 64 were skipped with "no files match")', () => {
    const deep = Array.from({ length: 70 }, (_, i) => `d${i}`).join('/');
    const dir = scratch({ [`${deep}/BACKLOG.md`]: GOOD });
    const r = backlog(['lint', '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { file: string }[])[0].file).toBe(`${deep}/BACKLOG.md`);
  });

  it('`__proto__` keys in .backlog.jsonc are ignored with a warning (they were applied silently)', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD, '.backlog.jsonc': '{ "__proto__": { "shape": "list" }, "rules": { "__proto__": { "default": "off" } } }' });
    const r = backlog(['lint', 'BACKLOG.md', '--format', 'json'], dir);
    expect(r.stderr).toMatch(/"__proto__" is not a setting; ignored/);
    expect(r.stderr).toMatch(/"__proto__" is not a rule; ignored/);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(0);
    expect(JSON.parse(backlog(['list', 'BACKLOG.md', '--format', 'json'], dir).stdout).shape).toBe('heading');
  });

  it('a deeply nested --config is one warning, not a stack overflow', () => {
    const dir = scratch({ 'BACKLOG.md': GOOD, 'deep.jsonc': '['.repeat(100_000) });
    const r = backlog(['lint', 'BACKLOG.md', '--config', 'deep.jsonc', '--format', 'json'], dir);
    expect(r.stderr).toBe('backlog: warning: deep.jsonc: nested more than 64 levels deep; not read\n');
    expect(r.code).toBe(0);
  });

  it('a glob with many `*` does not backtrack (seconds per file before)', () => {
    const dir = scratch({ [`${'a'.repeat(200)}.md`]: GOOD });
    const r = backlog(['lint', `**/${'*a'.repeat(30)}*b.md`], dir);
    expect(r.stderr).toMatch(/no files match/);
    const found = backlog(['lint', `**/${'*a'.repeat(30)}*.md`, '--format', 'json'], dir);
    expect((JSON.parse(found.stdout) as { file: string }[])[0].file).toBe(`${'a'.repeat(200)}.md`);
  });

  it('more than 125,000 findings and items are printed (spreading them into a call overflowed the stack)', () => {
    const problems: Problem[] = Array.from({ length: 130_000 }, (_, i) => ({ file: 'B.md', line: i + 1, column: 1, endLine: i + 1, endColumn: 2, ruleId: 'no-items', severity: 'info', message: 'm', fixable: false, suggestions: [] }));
    expect(formatStylish(problems).split('\n').length).toBeGreaterThan(130_000);
    const listing: Listing = { file: 'B.md', shape: 'list', items: Array.from({ length: 130_000 }, (_, i) => ({ rank: i + 1, id: null, title: 't', line: i + 1, group: null, priority: null, estimate: null, status: null, value: null, criteria: [], dependsOn: [] })) };
    expect(formatListText(listing).split('\n').length).toBeGreaterThan(130_000);
  });
});
