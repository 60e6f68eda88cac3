// `backlog diff` and `backlog report`: read versions of a backlog from git (src/node/git.ts), compare them with the
// core (src/core/diff.ts), and render the stakeholder report (src/core/report.ts). Errors are CliErrors (exit 2).
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyzeBacklog } from '../core/analyze';
import type { BacklogConfig } from '../core/config';
import { type BacklogChanges, diffBacklogs, diffJson, type DiffSides, formatDiffMarkdown, formatDiffText } from '../core/diff';
import type { Backlog } from '../core/model';
import { GitError, type GitOptions, repositoryRoot, resolveRevision } from '../node/git';
import { makeReport, reportDate, textAtRevision } from '../node/report';
import type { Io } from './commands';
import { CliError, ConfigResolver, displayPath, readSourceFile, writeFileAtomic } from './files';

/** The label of the file on disk in diffs. */
export const WORKING_TREE = 'working tree';

function cliErrorOf(error: unknown): never {
  if (error instanceof GitError) throw new CliError(error.message);
  throw error;
}

/** The text of `file` at `revision` (null: the file did not exist there). Unknown revisions and no repository throw. */
async function textAt(path: string, display: string, revision: string, git: GitOptions): Promise<string | null> {
  try {
    return await textAtRevision(path, revision, git);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-a-repository') {
      throw new CliError(`${display} is not inside a git repository, so there is no ${revision} to compare with`);
    }
    return cliErrorOf(error);
  }
}

export interface Versions {
  readonly sides: DiffSides;
  readonly before: Backlog;
  readonly after: Backlog;
  readonly diff: BacklogChanges;
}

/**
 * Reads two versions of a backlog and compares them: `since` (default HEAD) and `to` (default: the file on disk).
 * A file missing at `since` compares as empty (every item added), with a note on stderr; missing at `to` is an error.
 */
export async function compareVersions(
  options: { readonly file: string; readonly since?: string; readonly to?: string; readonly config: BacklogConfig | ((path: string) => BacklogConfig) },
  io: Io,
  git: GitOptions = {},
): Promise<Versions> {
  const path = resolve(io.cwd, options.file);
  const display = displayPath(path, io.cwd);
  const since = options.since ?? 'HEAD';
  const config = typeof options.config === 'function' ? options.config(path) : options.config;
  // The file on disk first: a missing file is "no such file", wherever it is.
  const onDisk = options.to === undefined ? readSourceFile(path, io.cwd).text : null;
  let root: string | null;
  try {
    root = await repositoryRoot(path, git);
  } catch (error) {
    return cliErrorOf(error);
  }
  if (root === null) throw new CliError(`${display} is not inside a git repository (backlog diff compares versions of the file from git)`);
  // Check both revisions before reading anything, so that a typo in --to is reported as such.
  for (const rev of [since, options.to].filter((r): r is string => r !== undefined)) {
    try {
      await resolveRevision(path, rev, git);
    } catch (error) {
      return cliErrorOf(error);
    }
  }
  let afterText = onDisk;
  if (afterText === null && options.to !== undefined) {
    afterText = await textAt(path, display, options.to, git);
    if (afterText === null) throw new CliError(`${display} does not exist at ${options.to}`);
  }
  const beforeText = await textAt(path, display, since, git);
  if (beforeText === null) io.stderr(`backlog: note: ${display} does not exist at ${since}; every item counts as added\n`);
  const before = analyzeBacklog(beforeText ?? '', { config }).backlog;
  const after = analyzeBacklog(afterText ?? '', { config }).backlog;
  return { sides: { file: display, from: since, to: options.to ?? WORKING_TREE }, before, after, diff: diffBacklogs(before, after) };
}

// ---------------------------------------------------------------------------------------------- diff

export interface DiffOptions {
  readonly file: string;
  readonly since?: string;
  readonly to?: string;
  readonly format: 'text' | 'json' | 'markdown';
}

export async function runDiff(options: DiffOptions, io: Io, configs: ConfigResolver, git: GitOptions = {}): Promise<number> {
  const versions = await compareVersions({ file: options.file, since: options.since, to: options.to, config: (p) => configs.forFile(p) }, io, git);
  const { sides, diff } = versions;
  if (options.format === 'json') io.stdout(`${JSON.stringify(diffJson(sides, diff), null, 2)}\n`);
  else if (options.format === 'markdown') io.stdout(formatDiffMarkdown(sides, diff));
  else io.stdout(formatDiffText(sides, diff));
  return 0;
}

// ---------------------------------------------------------------------------------------------- report

export interface ReportOptions {
  readonly file: string;
  /** Output file; stdout when absent. */
  readonly output?: string;
  readonly format: 'html' | 'markdown';
  readonly since?: string;
}

export async function runReport(options: ReportOptions, io: Io, configs: ConfigResolver, generator: string, git: GitOptions = {}): Promise<number> {
  const file = readSourceFile(options.file, io.cwd);
  const config = configs.forFile(file.path);
  if (options.since !== undefined) {
    let root: string | null;
    try {
      root = await repositoryRoot(file.path, git);
    } catch (error) {
      return cliErrorOf(error);
    }
    if (root === null) throw new CliError(`${file.display} is not inside a git repository, so there are no rank changes since ${options.since} to show`);
  }
  let text: string;
  try {
    text = await makeReport({
      path: file.path,
      display: file.display,
      text: file.text,
      config,
      format: options.format,
      since: options.since,
      today: reportDate(process.env),
      generator,
      git,
      note: (message) => io.stderr(`backlog: note: ${message}\n`),
    });
  } catch (error) {
    return cliErrorOf(error);
  }
  if (options.output === undefined) {
    io.stdout(text);
    return 0;
  }
  const out = resolve(io.cwd, options.output);
  if (!isFolder(dirname(out))) throw new CliError(`cannot write ${displayPath(out, io.cwd)}: the folder ${displayPath(dirname(out), io.cwd)} does not exist`);
  writeFileAtomic(out, text, 0o644, displayPath(out, io.cwd));
  io.stdout(`Wrote ${displayPath(out, io.cwd)}\n`);
  return 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
