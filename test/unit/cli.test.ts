// The `backlog` CLI, run as users run it: the bundled dist/cli.js in a child process, real exit codes, real files.
// beforeAll bundles src/cli/cli.ts with the options of esbuild.mjs (Node, CommonJS, module-first main fields) into a
// temp folder, so the test does not depend on (or disturb) the rest of dist/.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleIds } from '../../src/core/analyze';
import { parseBacklog } from '../../src/core/parse';
import { useColor } from '../../src/cli/cli';
import { findItem } from '../../src/cli/commands';
import { CliError, decodeText, findConfigFile, writeFileAtomic } from '../../src/cli/files';
import { displayWidth, toUriReference, truncate } from '../../src/cli/format';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'cli');
let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-cli-'));
  cli = join(work, 'cli.js');
  await build({
    entryPoints: [join(root, 'src', 'cli', 'cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function backlog(args: readonly string[], cwd = root): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dirs = 0;
/** A fresh folder with copies of the named fixture files (or folders). */
function scratch(files: Record<string, string | Buffer> = {}): string {
  const dir = join(work, `case-${++dirs}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const fixture = (...p: string[]) => readFileSync(join(fixtures, ...p), 'utf8');
const rel = (...p: string[]) => ['test', 'fixtures', 'cli', ...p].join('/');

/**
 * Exit code 2, nothing on stdout, one `backlog: ...` line on stderr, and no stack trace. A mistake on the command line
 * itself (`usage` names the command, '' for `backlog` alone) is followed by that command's usage line; a problem with
 * the files or items named (`usage` undefined) is the one line only.
 */
function expectUsageError(r: Run, pattern?: RegExp, usage?: '' | 'list' | 'lint' | 'move' | 'next'): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(usage === undefined ? 1 : 2);
  expect(lines[0]).toMatch(/^backlog: \S/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  if (pattern) expect(lines[0]).toMatch(pattern);
  if (usage !== undefined) expect(lines[1]).toMatch(usage === '' ? /^Usage: backlog <command> \[options\]$/ : new RegExp(`^Usage: backlog ${usage} \\S`));
}

// ---------------------------------------------------------------------------------------------- list

describe('backlog list', () => {
  it('--format json prints every item with the documented fields', () => {
    const r = backlog(['list', rel('list', 'BACKLOG.md'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['file', 'shape', 'items']);
    expect(out.file).toBe(rel('list', 'BACKLOG.md'));
    expect(out.shape).toBe('heading');
    expect(out.items).toHaveLength(4);
    for (const item of out.items) {
      expect(Object.keys(item)).toEqual(['rank', 'id', 'title', 'line', 'group', 'priority', 'estimate', 'status', 'value', 'criteria', 'dependsOn']);
    }
    expect(out.items[0]).toEqual({
      rank: 1,
      id: 'US-1',
      title: 'Sign in with the company account',
      line: 5,
      group: 'Now',
      priority: 1,
      estimate: 5,
      status: 'in-progress',
      value: { role: 'team member', want: 'to sign in with my company account', benefit: 'I do not need another password' },
      criteria: [
        { text: 'The sign-in page offers "Continue with company account"', done: true },
        { text: 'Signing out ends the session on every open tab', done: false },
      ],
      dependsOn: [],
    });
    // Words stay words; a fraction is a number; an unknown status is kept as written.
    expect(out.items[1]).toMatchObject({ rank: 2, id: 'US-2', line: 18, priority: 'High', estimate: 0.5, status: 'Blocked by legal', dependsOn: ['US-1'] });
    expect(out.items[2]).toMatchObject({ rank: 3, id: 'US-3', group: 'Later', estimate: 'XL', status: null, criteria: [], dependsOn: ['US-1', 'US-2'] });
    expect(out.items[3]).toMatchObject({ rank: 4, id: null, title: 'Dark mode 🌙', value: null, estimate: null });
    // `line` points at the item's title line.
    const lines = fixture('list', 'BACKLOG.md').split('\n');
    for (const item of out.items) expect(lines[item.line - 1]).toContain(item.title.slice(0, 20));
  });

  it('--format text prints an aligned table with cut titles', () => {
    const r = backlog(['list', rel('list', 'BACKLOG.md')]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^RANK +ID +TITLE +STATUS +ESTIMATE +PRIORITY$/);
    const rows = lines.slice(1, 5);
    expect(rows[0]).toMatch(/^ +1 +US-1 +Sign in with the company account +in-progress +5 +1$/);
    expect(rows[1]).toContain('…');
    expect(rows[1]).not.toContain('shared appointments in one view');
    expect(rows[3]).toMatch(/^ +4 +- +Dark mode 🌙 +- +- +Later$/);
    // Columns line up: the last column is right-aligned, so every line has the same display width.
    const ends = [lines[0], ...rows].map((l) => displayWidth(l));
    expect(new Set(ends).size).toBe(1);
    expect(r.stdout).toContain(`4 items in ${rel('list', 'BACKLOG.md')}, heading items`);
  });

  it('lists a table backlog and reads a BOM file', () => {
    const dir = scratch({ 'b.md': `\uFEFF${fixture('tables', 'BACKLOG.md')}` });
    const r = backlog(['list', 'b.md', '--format', 'json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.shape).toBe('table');
    expect(out.items.map((i: { id: string }) => i.id)).toEqual(['US-1', 'US-2', 'US-3', 'US-4']);
    expect(out.items[0].line).toBe(7);
  });

  it('says so when a file has no items', () => {
    const dir = scratch({ 'empty.md': '' });
    const text = backlog(['list', 'empty.md'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('empty.md: no items\n');
    expect(JSON.parse(backlog(['list', 'empty.md', '-f', 'json'], dir).stdout)).toEqual({ file: 'empty.md', shape: null, items: [] });
  });
});

// ---------------------------------------------------------------------------------------------- lint

interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
  fixable: boolean;
  suggestions: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] }[];
}

describe('backlog lint', () => {
  const file = rel('lint', 'BACKLOG.md');

  it('--format json: 1-based positions inside the file, exit code from the severities', () => {
    const r = backlog(['lint', file, '--format', 'json']);
    const problems: JsonProblem[] = JSON.parse(r.stdout);
    expect(Array.isArray(problems)).toBe(true);
    expect(problems.length).toBeGreaterThan(0);
    const lines = fixture('lint', 'BACKLOG.md').split('\n');
    for (const p of problems) {
      expect(Object.keys(p)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message', 'fixable', 'suggestions']);
      expect(p.file).toBe(file);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lines.length);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeLessThanOrEqual(lines[p.line - 1].length + 1);
      expect(p.endLine * 1e6 + p.endColumn).toBeGreaterThanOrEqual(p.line * 1e6 + p.column);
      expect(['error', 'warning', 'info']).toContain(p.severity);
      expect(ruleIds.has(p.ruleId)).toBe(true);
      expect(typeof p.fixable).toBe('boolean');
      for (const x of p.suggestions) {
        expect(x.title).toMatch(/^[A-Z]/);
        for (const e of x.edits) expect(e.endLine * 1e6 + e.endColumn).toBeGreaterThanOrEqual(e.line * 1e6 + e.column);
      }
    }
    expect(r.code).toBe(problems.some((p) => p.severity === 'error') ? 1 : 0);
    // Suggestions are listed with their text: the value-statement template for US-2 Sign out, inserted after its title.
    const template = problems.find((p) => p.ruleId === 'missing-value-statement')?.suggestions[0];
    expect(template).toEqual({
      title: 'Insert a value statement template',
      edits: [{ line: 14, column: 17, endLine: 14, endColumn: 17, text: '\n\nAs a [role], I want [goal], so that [benefit].' }],
    });
    // With the rules of today: the duplicate ID is reported on the second `US-2`.
    const dup = problems.find((p) => p.ruleId === 'duplicate-id');
    if (dup) expect(lines[dup.line - 1].slice(dup.column - 1, dup.endColumn - 1)).toBe('US-2');
  });

  it('stylish: file header, aligned rows, summary and fixable counts agree with json', () => {
    const problems: JsonProblem[] = JSON.parse(backlog(['lint', file, '-f', 'json']).stdout);
    const r = backlog(['lint', file]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe(file);
    const rows = lines.slice(2, 2 + problems.length);
    problems.forEach((p, i) => {
      expect(rows[i]).toMatch(new RegExp(`^  ${p.line}:${p.column} +${p.severity} +.+  ${p.ruleId}$`));
    });
    // Messages start in the same column in every row.
    expect(new Set(rows.map((row) => /^( +\S+ +\S+ +)/.exec(row)![1].length)).size).toBe(1);
    const count = (s: string) => problems.filter((p) => p.severity === s).length;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), ...(count('info') ? [plural(count('info'), 'info')] : [])];
    expect(r.stdout).toContain(`${count('error') ? '✖' : '⚠'} ${plural(problems.length, 'problem')} (${parts.join(', ')})`);
    const fixable = problems.filter((p) => p.fixable).length;
    if (fixable > 0) expect(r.stdout).toContain(fixable === 1 ? '1 problem is fixable with --fix' : `${fixable} problems are fixable with --fix`);
    expect(r.code).toBe(count('error') ? 1 : 0);
  });

  it('sarif: a SARIF 2.1.0 log that GitHub code scanning accepts', () => {
    const problems: JsonProblem[] = JSON.parse(backlog(['lint', file, '-f', 'json']).stdout);
    const r = backlog(['lint', file, '--format', 'sarif']);
    expect(r.code).toBe(problems.some((p) => p.severity === 'error') ? 1 : 0);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    expect(driver.name).toBe('backlog-as-code');
    expect(driver.informationUri).toMatch(/^https?:\/\//);
    expect(driver.rules.map((x: { id: string }) => x.id).sort()).toEqual([...ruleIds].sort());
    for (const rule of driver.rules) {
      expect(typeof rule.shortDescription.text).toBe('string');
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toBe(`${driver.informationUri}/blob/main/docs/rules/${rule.id}.md`);
      expect(existsSync(join(root, 'docs', 'rules', `${rule.id}.md`)), rule.id).toBe(true);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(run.results).toHaveLength(problems.length);
    run.results.forEach((res: Record<string, any>, i: number) => {
      const p = problems[i];
      expect(res.ruleId).toBe(p.ruleId);
      expect(driver.rules[res.ruleIndex].id).toBe(p.ruleId);
      expect(res.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[p.severity]);
      expect(res.message.text).toBe(p.message);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe(file);
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|\\/);
      expect(loc.region).toEqual({ startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn });
    });
  });

  it('finds **/BACKLOG.md case-insensitively by default, without node_modules and .git', () => {
    const text = fixture('lint', 'BACKLOG.md');
    const dir = scratch({
      'BACKLOG.md': text,
      'team/a/backlog.md': text,
      'team/b/Backlog.md': text,
      'notes.md': text,
      'node_modules/pkg/BACKLOG.md': text,
      '.git/BACKLOG.md': text,
    });
    const r = backlog(['lint', '-f', 'json'], dir);
    const files = [...new Set((JSON.parse(r.stdout) as JsonProblem[]).map((p) => p.file))].sort();
    expect(files).toEqual(['BACKLOG.md', 'team/a/backlog.md', 'team/b/Backlog.md']);
    // An explicit glob works the same way.
    const g = backlog(['lint', 'team/**/BACKLOG.MD', '-f', 'json'], dir);
    expect([...new Set((JSON.parse(g.stdout) as JsonProblem[]).map((p) => p.file))].sort()).toEqual(['team/a/backlog.md', 'team/b/Backlog.md']);
  });

  it('uses the nearest .backlog.jsonc above the file, or --config', () => {
    // config/.backlog.jsonc turns every rule off for config/nested/deeper/BACKLOG.md.
    const off = backlog(['lint', rel('config', 'nested', 'deeper', 'BACKLOG.md'), '-f', 'json']);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual([]);
    // --config with "default": "error" makes every finding an error.
    const all = backlog(['lint', file, '-f', 'json', '--config', rel('config', 'all-errors.jsonc')]);
    const problems: JsonProblem[] = JSON.parse(all.stdout);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
    expect(all.code).toBe(1);
    expect(findConfigFile(join(fixtures, 'config', 'nested', 'deeper'))).toBe(join(fixtures, 'config', '.backlog.jsonc'));
    // Run from a subfolder below the config, the same config applies (the working directory does not stop the lookup).
    const fromBelow = backlog(['lint', 'BACKLOG.md', '-f', 'json'], join(fixtures, 'config', 'nested', 'deeper'));
    expect(fromBelow.code, fromBelow.stderr).toBe(0);
    expect(JSON.parse(fromBelow.stdout)).toEqual([]);
  });

  it('the config lookup stops at a git root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backlog-gitroot-'));
    try {
      mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
      mkdirSync(join(dir, 'repo', 'docs'), { recursive: true });
      writeFileSync(join(dir, '.backlog.jsonc'), '{ "default": "off" }');
      expect(findConfigFile(join(dir, 'repo', 'docs'))).toBeNull();
      writeFileSync(join(dir, 'repo', '.backlog.jsonc'), '{}');
      expect(findConfigFile(join(dir, 'repo', 'docs'))).toBe(join(dir, 'repo', '.backlog.jsonc'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an invalid config is a warning on stderr, not a crash', () => {
    const r = backlog(['lint', rel('bad-config', 'BACKLOG.md'), '-f', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
    const warnings = r.stderr.split('\n').filter(Boolean);
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    for (const w of warnings) expect(w).toMatch(/^backlog: warning: test\/fixtures\/cli\/bad-config\/\.backlog\.jsonc: /);
    expect(r.stderr).toContain('unknown rule "no-such-rule"');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('--fix writes the fixes, keeps CRLF and the missing final newline, and reports what remains', () => {
    const original = fixture('lint', 'BACKLOG.md').replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const dir = scratch({ 'BACKLOG.md': original });
    const before: JsonProblem[] = JSON.parse(backlog(['lint', '-f', 'json'], dir).stdout);
    const fixableBefore = before.filter((p) => p.fixable).length;
    expect(fixableBefore).toBeGreaterThan(0);

    const r = backlog(['lint', '--fix', '-f', 'json'], dir);
    const after: JsonProblem[] = JSON.parse(r.stdout);
    const fixed = readFileSync(join(dir, 'BACKLOG.md'), 'utf8');
    expect(fixed).not.toBe(original);
    expect(fixed).not.toMatch(/[^\r]\n/);
    expect(fixed.endsWith('\n')).toBe(false);
    expect(after.filter((p) => p.fixable).length).toBeLessThan(fixableBefore);
    expect(r.code).toBe(after.some((p) => p.severity === 'error') ? 1 : 0);
    // The report is about the fixed text.
    expect(after).toEqual(JSON.parse(backlog(['lint', '-f', 'json'], dir).stdout));
    // Converged: a second --fix changes nothing more; no temp files are left behind.
    backlog(['lint', '--fix'], dir);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(fixed);
    expect(readdirSync(dir)).toEqual(['BACKLOG.md']);
  });

  it('--fix in stylish says how many problems it fixed: as many as were fixable', () => {
    const dir = scratch({ 'BACKLOG.md': fixture('lint', 'BACKLOG.md') });
    const fixable = (JSON.parse(backlog(['lint', '-f', 'json'], dir).stdout) as JsonProblem[]).filter((p) => p.fixable).length;
    expect(fixable).toBe(1);
    expect(backlog(['lint'], dir).stdout).toContain('1 problem is fixable with --fix');
    const r = backlog(['lint', '--fix'], dir);
    expect(r.stdout).toMatch(/Fixed 1 problem in 1 file\.\n$/);
    // A second run has nothing to fix and says nothing about fixing.
    expect(backlog(['lint', '--fix'], dir).stdout).not.toContain('Fixed');
  });

  it('--fix applies fixes only: no suggestion, no placeholder, the items unchanged (the list backlog of issue #8)', () => {
    const text = '# Backlog\n\n* refactor reporter\n* fire a diff tool\n';
    const dir = scratch({ 'BACKLOG.md': text });
    const before = backlog(['list', 'BACKLOG.md', '-f', 'json'], dir).stdout;
    const r = backlog(['lint', '--fix'], dir);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(text);
    expect(backlog(['list', 'BACKLOG.md', '-f', 'json'], dir).stdout).toBe(before);
    expect((JSON.parse(before) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(['refactor reporter', 'fire a diff tool']);
    expect(r.stdout).not.toContain('Fixed');
    expect(r.stdout).toMatch(/problems have suggestions: quick fixes in the editor, listed by --format json/);
  });

  it('--max-warnings: exit 1 with a message when there are more warnings, as in eslint', () => {
    const dir = scratch({ 'BACKLOG.md': fixture('lint', 'BACKLOG.md'), '.backlog.jsonc': '{ "rules": { "default": "warning" } }' });
    const warnings = (JSON.parse(backlog(['lint', '-f', 'json'], dir).stdout) as JsonProblem[]).filter((p) => p.severity === 'warning').length;
    expect(warnings).toBeGreaterThan(1);
    expect(backlog(['lint', '--max-warnings', String(warnings)], dir).code).toBe(0);
    const over = backlog(['lint', '--max-warnings', String(warnings - 1), '-f', 'json'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe(`backlog: too many warnings (${warnings}; --max-warnings allows ${warnings - 1})\n`);
    expect(JSON.parse(over.stdout)).toHaveLength(warnings);
    const bad = backlog(['lint', '--max-warnings', 'many'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^backlog: --max-warnings must be a whole number from 0, got "many"\n/);
  });

  it('--cache: a repeated run reads the findings from .backlogcache; a changed file, config or cache file is analysed again', () => {
    const dir = scratch({ 'BACKLOG.md': fixture('lint', 'BACKLOG.md') });
    const plain = backlog(['lint', '-f', 'json'], dir);
    const first = backlog(['lint', '--cache', '-f', 'json'], dir);
    expect(first).toEqual(plain);
    const cacheFile = join(dir, '.backlogcache');
    expect(existsSync(cacheFile)).toBe(true);
    // The second run uses the cache: a message edited in the cache file (keys untouched) is what it prints.
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const entry = cached.entries[join(dir, 'BACKLOG.md')];
    expect(entry.problems.length).toBe(JSON.parse(plain.stdout).length);
    entry.problems[0].message = 'FROM THE CACHE';
    writeFileSync(cacheFile, JSON.stringify(cached));
    const second = backlog(['lint', '--cache', '-f', 'json'], dir);
    expect(second.code).toBe(plain.code);
    expect(JSON.parse(second.stdout)[0].message).toBe('FROM THE CACHE');
    // Same settings in the stylish format: the cache holds findings, not output.
    expect(backlog(['lint', '--cache'], dir).stdout).toContain('FROM THE CACHE');

    // A changed file is analysed again (and its new findings cached).
    writeFileSync(join(dir, 'BACKLOG.md'), `${fixture('lint', 'BACKLOG.md')}\n`);
    const changed = backlog(['lint', '--cache', '-f', 'json'], dir);
    expect(changed).toEqual(backlog(['lint', '-f', 'json'], dir));
    expect(changed.stdout).not.toContain('FROM THE CACHE');

    // A new config (every rule an error) is analysed again.
    writeFileSync(join(dir, '.backlog.jsonc'), fixture('config', 'all-errors.jsonc'));
    const strict = backlog(['lint', '--cache', '-f', 'json'], dir);
    expect(strict).toEqual(backlog(['lint', '-f', 'json'], dir));
    expect((JSON.parse(strict.stdout) as JsonProblem[]).every((p) => p.severity === 'error')).toBe(true);

    // A cache file that is not ours, or from another build of the tool, is ignored and replaced.
    for (const junk of ['not json', JSON.stringify({ ...JSON.parse(readFileSync(cacheFile, 'utf8')), tool: 'other' })]) {
      writeFileSync(cacheFile, junk);
      expect(backlog(['lint', '--cache', '-f', 'json'], dir)).toEqual(strict);
      expect(JSON.parse(readFileSync(cacheFile, 'utf8')).format).toBe(1);
    }
  });

  it('--cache with --fix still applies the fixes; --cache-location names the cache file', () => {
    const dir = scratch({ 'BACKLOG.md': fixture('lint', 'BACKLOG.md') });
    const location = join(dir, 'sub', 'lint.cache');
    mkdirSync(join(dir, 'sub'));
    const before = backlog(['lint', '--cache', '--cache-location', location, '-f', 'json'], dir);
    expect((JSON.parse(before.stdout) as JsonProblem[]).some((p) => p.fixable)).toBe(true);
    expect(existsSync(location)).toBe(true);
    expect(existsSync(join(dir, '.backlogcache'))).toBe(false);
    const fixed = backlog(['lint', '--fix', '--cache', `--cache-location=${location}`, '-f', 'json'], dir);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).not.toBe(fixture('lint', 'BACKLOG.md'));
    expect(fixed).toEqual(backlog(['lint', '-f', 'json'], dir));
    // The fixed text is what is cached now.
    expect(backlog(['lint', '--cache', `--cache-location=${location}`, '-f', 'json'], dir)).toEqual(fixed);
  });

  it('--cache-location without --cache, or empty, is a usage error', () => {
    expectUsageError(backlog(['lint', '--cache-location', 'x', file]), /--cache-location needs --cache/, 'lint');
    expectUsageError(backlog(['lint', '--cache', '--cache-location=', file]), /--cache-location needs a path/, 'lint');
  });

  it('exit 0 when nothing is an error', () => {
    const dir = scratch({ 'BACKLOG.md': fixture('lint', 'BACKLOG.md'), '.backlog.jsonc': '{ "rules": { "default": "warning" } }' });
    const r = backlog(['lint'], dir);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/⚠ \d+ problems \(0 errors, \d+ warnings\)/);
  });

  it('reports an unreadable file, lints the others, and exits 2', () => {
    const dir = scratch({ 'a/BACKLOG.md': fixture('lint', 'BACKLOG.md'), 'b/BACKLOG.md': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]) });
    const r = backlog(['lint', '-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('backlog: b/BACKLOG.md is not valid UTF-8 text\n');
    expect(new Set((JSON.parse(r.stdout) as JsonProblem[]).map((p) => p.file))).toEqual(new Set(['a/BACKLOG.md']));
  });
});

// ---------------------------------------------------------------------------------------------- move

describe('backlog move', () => {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n').replace(/\r\n$/, '');

  it('moves by rank with --to, keeping CRLF and the missing final newline byte for byte', () => {
    const original = crlf(fixture('move', 'BACKLOG.md'));
    const dir = scratch({ 'BACKLOG.md': original });
    const r = backlog(['move', 'BACKLOG.md', '3', '--to', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('US-3 is now rank 1\n');
    const moved = readFileSync(join(dir, 'BACKLOG.md'), 'utf8');
    const expected = crlf(
      fixture('move', 'BACKLOG.md').replace(
        '### US-1 Sign in\n\nAs a user, I want to sign in, so that my data is mine.\n\n### US-2 Sign out\n\nAs a user, I want to sign out, so that nobody else uses my session.\n\n### US-3 Profile ✨\n\nAs a user, I want a profile, so that others know me. Ünïcödé.',
        '### US-3 Profile ✨\n\nAs a user, I want a profile, so that others know me. Ünïcödé.\n\n### US-1 Sign in\n\nAs a user, I want to sign in, so that my data is mine.\n\n### US-2 Sign out\n\nAs a user, I want to sign out, so that nobody else uses my session.',
      ),
    );
    expect(moved).toBe(expected);
    // Only the moved range changed: the same text before US-1's old start and after US-3's old end.
    const start = original.indexOf('### US-1');
    const end = original.indexOf('Ünïcödé.') + 'Ünïcödé.'.length;
    expect(moved.slice(0, start)).toBe(original.slice(0, start));
    expect(moved.slice(end)).toBe(original.slice(end));
    // And back.
    expect(backlog(['move', 'BACKLOG.md', 'US-3', '--to', '3'], dir).stdout).toBe('US-3 is now rank 3\n');
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(original);
  });

  it('moves by ID (case-insensitive) with --top, --bottom, --up and --down', () => {
    const original = fixture('move', 'BACKLOG.md');
    const dir = scratch({ 'BACKLOG.md': original });
    const ids = () => parseBacklog(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).items.map((i) => i.id);
    expect(backlog(['move', 'BACKLOG.md', 'us-2', '--top'], dir).stdout).toBe('US-2 is now rank 1\n');
    expect(ids()).toEqual(['US-2', 'US-1', 'US-3', 'US-4']);
    expect(backlog(['move', 'BACKLOG.md', 'US-2', '--down'], dir).stdout).toBe('US-2 is now rank 2\n');
    expect(ids()).toEqual(['US-1', 'US-2', 'US-3', 'US-4']);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(original);
    expect(backlog(['move', 'BACKLOG.md', 'Us-1', '--bottom'], dir).stdout).toBe('US-1 is now rank 4\n');
    expect(ids()).toEqual(['US-2', 'US-3', 'US-4', 'US-1']);
    expect(backlog(['move', 'BACKLOG.md', '4', '--up'], dir).stdout).toBe('US-1 is now rank 3\n');
    expect(ids()).toEqual(['US-2', 'US-3', 'US-1', 'US-4']);
    // Moving to where it is already: no write, exit 0.
    const r = backlog(['move', 'BACKLOG.md', 'US-2', '--to', '1'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('US-2 is already at rank 1\n');
 
    // Six CLI processes: a generous budget for a loaded shared machine, not a time assertion.
  }, 60_000);

  it('--group moves an item into a group, an empty one too, and back; unknown or ambiguous groups are errors', () => {
    const original = ['# Backlog', '', '## Now', '', '- US-1 Sign in', '- US-2 Sign out', '', '## Next', '', '## Later', '', '- US-3 Profile', ''].join('\n');
    const dir = scratch({ 'BACKLOG.md': original });
    const read = () => readFileSync(join(dir, 'BACKLOG.md'), 'utf8');
    expect(backlog(['move', 'BACKLOG.md', 'US-2', '--group', 'next'], dir).stdout).toBe('US-2 is now rank 2\n');
    expect(read()).toBe(['# Backlog', '', '## Now', '', '- US-1 Sign in', '', '## Next', '', '- US-2 Sign out', '', '## Later', '', '- US-3 Profile', ''].join('\n'));
    expect(parseBacklog(read()).items.map((i) => `${i.id}@${i.group}`)).toEqual(['US-1@Now', 'US-2@Next', 'US-3@Later']);
    expect(backlog(['move', 'BACKLOG.md', 'US-2', '-g', 'Now'], dir).stdout).toBe('US-2 is now rank 2\n');
    expect(read()).toBe(original);
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-2', '--group', 'Someday'], dir), /^backlog: no group named "Someday" in BACKLOG\.md; its groups are "Now", "Next", "Later"$/);
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-2', '--group', ' '], dir), /option --group needs the title of a group/, 'move');
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-2', '--group', 'Now', '--up'], dir), /use only one of --up, --group/, 'move');
    expect(read()).toBe(original);
  }, 60_000);

  it('keeps a BOM, list markers and numbering, and the file mode', () => {
    const original = `\uFEFF${crlf(fixture('move', 'list.md'))}`;
    const dir = scratch({ 'list.md': original });
    chmodSync(join(dir, 'list.md'), 0o640);
    const r = backlog(['move', 'list.md', 'US-3', '--top'], dir);
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(join(dir, 'list.md'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toBe(`\uFEFF${crlf('# Backlog\n\n1. [x] US-3 Profile\n   - note: nested detail\n2. [ ] US-1 Sign in\n   As a user, I want to sign in, so that my data is mine.\n3. [ ] US-2 Sign out\n')}`);
    expect(statSync(join(dir, 'list.md')).mode & 0o777).toBe(0o640);
    backlog(['move', 'list.md', '1', '--to', '3'], dir);
    expect(readFileSync(join(dir, 'list.md'), 'utf8')).toBe(original);
  });

  it('a move the core refuses is exit 2 with its message, and the file is untouched', () => {
    const original = fixture('tables', 'BACKLOG.md');
    const dir = scratch({ 'BACKLOG.md': original });
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-3', '--up'], dir), /^backlog: cannot move US-3: US-2 and US-3 are rows of two tables with different columns \(.*\), so they cannot swap places; move the row within its table, or give both tables the same columns first$/);
    expectUsageError(backlog(['move', 'BACKLOG.md', '1', '--up'], dir), /already at the top/);
    expectUsageError(backlog(['move', 'BACKLOG.md', '4', '--down'], dir), /already at the bottom/);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(original);
  });
});

describe('backlog move --before / --after', () => {
  it('moves next to another item, into its group, and back byte for byte', { timeout: 60_000 }, () => {
    const original = fixture('move', 'BACKLOG.md');
    const dir = scratch({ 'BACKLOG.md': original });
    const at = () => parseBacklog(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).items.map((i) => `${i.id}@${i.group}`);
    // US-4 is the first of Sprint 2; "before US-4" puts US-1 into Sprint 2 (planMove to rank 3 would keep Sprint 1).
    let r = backlog(['move', 'BACKLOG.md', 'US-1', '--before', 'us-4'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('US-1 is now rank 3\n');
    expect(at()).toEqual(['US-2@Sprint 1', 'US-3@Sprint 1', 'US-1@Sprint 2', 'US-4@Sprint 2']);
    r = backlog(['move', 'BACKLOG.md', '3', '-b', '1'], dir);
    expect(r.stdout).toBe('US-1 is now rank 1\n');
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(original);
    r = backlog(['move', 'BACKLOG.md', 'US-1', '--after', 'US-4'], dir);
    expect(r.stdout).toBe('US-1 is now rank 4\n');
    expect(at()).toEqual(['US-2@Sprint 1', 'US-3@Sprint 1', 'US-4@Sprint 2', 'US-1@Sprint 2']);
    r = backlog(['move', 'BACKLOG.md', 'US-1', '--after=US-3'], dir);
    expect(r.stdout).toBe('US-1 is now rank 3\n');
    expect(at()).toEqual(['US-2@Sprint 1', 'US-3@Sprint 1', 'US-1@Sprint 1', 'US-4@Sprint 2']);
    // Already there: nothing written.
    const before = readFileSync(join(dir, 'BACKLOG.md'), 'utf8');
    r = backlog(['move', 'BACKLOG.md', 'US-1', '--after', 'US-3'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('US-1 is already at rank 3\n');
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(before);
  });

  it('refuses an unknown anchor and the item itself, leaving the file untouched', { timeout: 60_000 }, () => {
    const original = fixture('move', 'BACKLOG.md');
    const dir = scratch({ 'BACKLOG.md': original });
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-1', '--before', 'US-9'], dir), /no item with ID "US-9" in BACKLOG\.md/);
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-1', '--after', '1'], dir), /^backlog: cannot move US-1: an item cannot be moved after itself$/);
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-1', '--before', 'US-2', '--top'], dir), /use only one of --top, --before/, 'move');
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-1', '--before'], dir), /option --before needs a value/, 'move');
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(original);
  });
});

describe('backlog next', () => {
  const text = [
    '# Backlog',
    '',
    '## US-1 Sign in',
    '',
    '- Status: done',
    '',
    '## US-2 Sign out',
    '',
    '- Status: in progress',
    '- Estimate: 3',
    '',
    '## US-3 Profile',
    '',
    '## US-4 Export',
    '',
    '- Status: rejected',
    '',
    '## US-5 Import',
    '',
  ].join('\n');

  it('prints the top N open items (default 5), skipping done, accepted and rejected', { timeout: 60_000 }, () => {
    const dir = scratch({ 'BACKLOG.md': text });
    let r = backlog(['next'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows[0]).toMatch(/^RANK +ID +TITLE +STATUS +ESTIMATE +PRIORITY$/);
    expect(rows.slice(1, 4).map((l) => l.trim().split(/ +/).slice(0, 2).join(' '))).toEqual(['2 US-2', '3 US-3', '5 US-5']);
    expect(r.stdout).toContain('next 3 of 3 open items (5 in all) in BACKLOG.md');
    r = backlog(['next', '2', 'BACKLOG.md', '--format', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.items.map((i: { id: string }) => i.id)).toEqual(['US-2', 'US-3']);
    expect(out).toMatchObject({ file: 'BACKLOG.md', shape: 'heading', open: 3, total: 5 });
    expect(out.items[0]).toMatchObject({ rank: 2, status: 'in-progress', estimate: 3 });
    expect(backlog(['next', '1'], dir).stdout).toContain('next 1 of 3 open items');
  });

  it('says when everything is done, and asks for a file when there are several backlogs', { timeout: 60_000 }, () => {
    const done = scratch({ 'BACKLOG.md': '## US-1 A\n\n- Status: done\n' });
    expect(backlog(['next'], done).stdout).toBe('BACKLOG.md: every item is done (1 in all)\n');
    const two = scratch({ 'a/BACKLOG.md': text, 'b/BACKLOG.md': text });
    expectUsageError(backlog(['next', '3'], two), /found 2 backlogs \(a\/BACKLOG\.md, b\/BACKLOG\.md\); name one, e\.g\. "backlog next 3 a\/BACKLOG\.md"/);
    expect(backlog(['next', 'b/BACKLOG.md'], two).code).toBe(0);
    expectUsageError(backlog(['next', '0'], two), /N must be a whole number from 1/, 'next');
    expectUsageError(backlog(['next', '1', '2'], two), /next takes at most a count and a file/, 'next');
    expectUsageError(backlog(['next'], scratch({ 'x.md': '' })), /no backlog found/);
  });
});

// ---------------------------------------------------------------------------------------------- bad input

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  let dir: string;
  const original = () => fixture('move', 'BACKLOG.md');
  beforeAll(() => {
    dir = scratch({
      'BACKLOG.md': original(),
      'binary.md': Buffer.from([0x23, 0x20, 0x41, 0x00, 0x42, 0x0a]),
      'latin1.md': Buffer.from('# Caf\xe9\n', 'latin1'),
      'folder/x.md': 'x',
      'dup.md': '## US-1 A\n\nAs a user, I want a, so that b.\n\n## US-1 B\n\nAs a user, I want b, so that c.\n',
    });
  });

  // [name, arguments, message, usage line that follows (command, '' for backlog alone) or none]
  const cases: [string, string[], RegExp, ('' | 'list' | 'lint' | 'move')?][] = [
    ['missing file', ['list', 'nope.md'], /nope\.md: no such file/],
    ['directory', ['list', 'folder'], /folder is a directory/],
    ['binary file', ['list', 'binary.md'], /binary\.md is a binary file/],
    ['invalid UTF-8', ['list', 'latin1.md'], /latin1\.md is not valid UTF-8/],
    ['move: missing file', ['move', 'nope.md', '1', '--top'], /no such file/],
    ['move: binary file', ['move', 'binary.md', '1', '--top'], /binary file/],
    ['lint: missing file', ['lint', 'nope.md'], /nope\.md: no such file/],
    ['lint: directory', ['lint', 'folder'], /is a directory/],
    ['lint: glob without matches', ['lint', '**/*.nothing'], /no files match "\*\*\/\*\.nothing"/],
    ['lint: missing --config file', ['lint', 'BACKLOG.md', '--config', 'nope.jsonc'], /config nope\.jsonc: no such file/],
    ['unknown item ID', ['move', 'BACKLOG.md', 'US-99', '--top'], /no item with ID "US-99"/],
    ['ambiguous item ID', ['move', 'dup.md', 'US-1', '--top'], /names 2 items/],
    ['rank out of range', ['move', 'BACKLOG.md', '9', '--top'], /no item at rank 9 .*ranks go from 1 to 4/],
    ['rank 0', ['move', 'BACKLOG.md', '0', '--top'], /no item at rank 0/],
    ['--to out of range', ['move', 'BACKLOG.md', '1', '--to', '5'], /--to must be a rank from 1 to 4/],
    ['--to not a number', ['move', 'BACKLOG.md', '1', '--to', 'top'], /--to must be a rank/, 'move'],
    ['--to negative', ['move', 'BACKLOG.md', '1', '--to=-1'], /--to must be a rank/, 'move'],
    ['unknown option', ['list', 'BACKLOG.md', '--colour'], /unknown option --colour/, 'list'],
    ['unknown short option', ['lint', '-x'], /unknown option -x/, 'lint'],
    ['missing option value', ['move', 'BACKLOG.md', '1', '--to'], /option --to needs a value/, 'move'],
    ['missing --format value', ['lint', 'BACKLOG.md', '--format'], /option --format needs a value/, 'lint'],
    ['value for a flag', ['move', 'BACKLOG.md', '1', '--top=yes'], /--top does not take a value/, 'move'],
    ['unknown format', ['lint', '--format', 'xml'], /--format must be one of stylish, json, sarif/, 'lint'],
    ['conflicting move options', ['move', 'BACKLOG.md', '1', '--up', '--to', '2'], /use only one of --to, --up/, 'move'],
    ['no move option', ['move', 'BACKLOG.md', '1'], /move needs one of --to/, 'move'],
    ['move without item', ['move', 'BACKLOG.md'], /move needs a file and an item/, 'move'],
    ['list without file', ['list'], /list needs a file/, 'list'],
    ['list with two files', ['list', 'BACKLOG.md', 'x.md'], /list takes one file/, 'list'],
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/, ''],
    ['unknown global option', ['--frobnicate'], /unknown option --frobnicate/, ''],
    ['help on an unknown command', ['help', 'frobnicate'], /no help on "frobnicate"/, ''],
  ];
  it.each(cases)('%s', (_name, args, pattern, usage) => {
    expectUsageError(backlog(args, dir), pattern, usage);
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(original());
  });

  it('no arguments prints the usage on stderr and exits 2', () => {
    const r = backlog([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: backlog <command>/);
  });

  it('no BACKLOG.md below the working folder: exit 2 with a message that says where it looked', () => {
    const r = backlog(['lint'], scratch({ 'notes.md': '# Notes\n' }));
    expectUsageError(r, /no backlog found: no file in this folder or below matches "\*\*\/BACKLOG\.md"/);
  });

  it('a move the core refuses names the item', () => {
    expectUsageError(backlog(['move', 'BACKLOG.md', 'US-1', '--up'], dir), /^backlog: cannot move US-1: the item is already at the top$/);
  });

  // The write fails for real, for any user: with the file size limit at 0 (RLIMIT_FSIZE, which binds root too) the
  // temporary file cannot take a byte (EFBIG; Node ignores SIGXFSZ). The original must be untouched and the temporary
  // file gone. `sh -c 'ulimit -f 0; exec node ...'` sets the limit for the CLI only; stdout and stderr are pipes,
  // which the limit does not cover.
  it('a failed write leaves the original intact and no temporary file (file size limit)', { skip: process.platform === 'win32' }, () => {
    const d = scratch({ 'BACKLOG.md': original() });
    const r = spawnSync('sh', ['-c', `ulimit -f 0 && exec "${process.execPath}" "${cli}" move BACKLOG.md 3 --top`], { cwd: d, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expectUsageError({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /^backlog: cannot write BACKLOG\.md: file too large/);
    expect(readFileSync(join(d, 'BACKLOG.md'), 'utf8')).toBe(original());
    expect(readdirSync(d)).toEqual(['BACKLOG.md']);
    // lint --fix: the same failure is reported per file, exit 2, the file untouched.
    const lint = fixture('lint', 'BACKLOG.md');
    const e = scratch({ 'BACKLOG.md': lint });
    const f = spawnSync('sh', ['-c', `ulimit -f 0 && exec "${process.execPath}" "${cli}" lint --fix -f json`], { cwd: e, encoding: 'utf8' });
    expect(f.status).toBe(2);
    expect(f.stderr).toBe('backlog: cannot write BACKLOG.md: file too large (over the file size limit)\n');
    expect(readFileSync(join(e, 'BACKLOG.md'), 'utf8')).toBe(lint);
    expect(readdirSync(e)).toEqual(['BACKLOG.md']);
  });

  // Skipped when running as root (as in CI containers): root may create files in a folder without write permission, so
  // the write succeeds there and nothing fails. The test above makes the same write fail in a way root cannot bypass.
  it('a failed write leaves the original intact (read-only folder)', { skip: process.getuid?.() === 0 }, () => {
    const d = scratch({ 'BACKLOG.md': original() });
    chmodSync(d, 0o555);
    try {
      const r = backlog(['move', 'BACKLOG.md', '3', '--top'], d);
      expectUsageError(r, /cannot write BACKLOG\.md: permission denied/);
      expect(readFileSync(join(d, 'BACKLOG.md'), 'utf8')).toBe(original());
      expect(readdirSync(d)).toEqual(['BACKLOG.md']);
    } finally {
      chmodSync(d, 0o755);
    }
  });
});

// ---------------------------------------------------------------------------------------------- help and version

describe('help and version', () => {
  it('--version prints the package version', () => {
    const r = backlog(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it.each([['list'], ['lint'], ['move']])('backlog %s --help', (command) => {
    const r = backlog([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: backlog ${command} `));
    expect(backlog(['help', command]).stdout).toBe(r.stdout);
  });

  it('-h is --help; backlog -h <command> is that command\'s help', () => {
    expect(backlog(['-h']).stdout).toBe(backlog(['--help']).stdout);
    expect(backlog(['-h', 'move']).stdout).toBe(backlog(['move', '-h']).stdout);
    expect(backlog(['-v']).stdout).toBe(backlog(['--version']).stdout);
  });

  it('--help lists the commands and exit codes', () => {
    const r = backlog(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['list', 'lint', 'move', 'Exit codes']) expect(r.stdout).toContain(word);
  });
});

// ---------------------------------------------------------------------------------------------- colour

describe('colour', () => {
  const run = (env: Record<string, string | undefined>) => {
    const e: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
    for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
    return spawnSync(process.execPath, [cli, 'lint', rel('lint', 'BACKLOG.md')], { cwd: root, encoding: 'utf8', env: e as NodeJS.ProcessEnv }).stdout;
  };
  const ansi = /\u001b\[/;

  it('no colour when stdout is not a terminal (a pipe here)', () => {
    expect(run({})).not.toMatch(ansi);
  });

  it('FORCE_COLOR turns colour on, FORCE_COLOR=0 keeps it off', () => {
    expect(run({ FORCE_COLOR: '1' })).toMatch(ansi);
    expect(run({ FORCE_COLOR: '0' })).not.toMatch(ansi);
  });

  it('useColor: terminal without NO_COLOR; NO_COLOR (non-empty) and TERM=dumb turn it off; FORCE_COLOR wins', () => {
    expect(useColor({}, true)).toBe(true);
    expect(useColor({}, false)).toBe(false);
    expect(useColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(useColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(useColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(useColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(useColor({ FORCE_COLOR: 'false' }, true)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------- pure helpers

describe('CLI helpers', () => {
  it('decodeText keeps a BOM and rejects NUL bytes and invalid UTF-8', () => {
    expect(decodeText(Buffer.from('\uFEFF# x\r\n', 'utf8'), 'f')).toBe('\uFEFF# x\r\n');
    expect(() => decodeText(Buffer.from([0x41, 0x00]), 'f')).toThrow(CliError);
    expect(() => decodeText(Buffer.from([0xc3, 0x28]), 'f')).toThrow(/not valid UTF-8/);
  });

  it('writeFileAtomic leaves no temp file behind when the rename fails', () => {
    const dir = scratch({ 'target/keep.txt': 'x' });
    // The target is a non-empty folder: the rename fails after the temp file was written.
    expect(() => writeFileAtomic(join(dir, 'target'), 'new', 0o644, 'target')).toThrow(CliError);
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readFileSync(join(dir, 'target', 'keep.txt'), 'utf8')).toBe('x');
  });

  it('findItem resolves ranks and IDs', () => {
    const b = parseBacklog(fixture('move', 'BACKLOG.md'));
    expect(findItem(b, '2', 'f').id).toBe('US-2');
    expect(findItem(b, 'us-4', 'f').rank).toBe(4);
    expect(() => findItem(b, '5', 'f')).toThrow(/ranks go from 1 to 4/);
  });

  it('SARIF URIs are relative with forward slashes and encoded segments', () => {
    expect(toUriReference('docs\\my backlog/BACKLOG#1.md')).toBe('docs/my%20backlog/BACKLOG%231.md');
    expect(toUriReference('../x/ü.md')).toBe('../x/%C3%BC.md');
  });

  it('truncate and displayWidth count wide characters as two columns', () => {
    expect(displayWidth('ab🌙')).toBe(4);
    expect(displayWidth('日本')).toBe(4);
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
