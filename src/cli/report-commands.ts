// `backlog diff` and `backlog report`: read versions of a backlog from git (src/node/git.ts), compare them with the
// core (src/core/diff.ts), and render the stakeholder report (src/core/report.ts). Errors are CliErrors (exit 2).
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyzeBacklog } from '../core/analyze';
import type { BacklogConfig } from '../core/config';
import { type BacklogChanges, diffBacklogs, diffJson, type DiffSides, formatDiffMarkdown, formatDiffText } from '../core/diff';
import type { Backlog } from '../core/model';
import { buildReport, renderReportHtml, renderReportMarkdown } from '../core/report';
import { GitError, type GitOptions, repositoryRoot, resolveRevision, showFile } from '../node/git';
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
    return await showFile(path, revision, git);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-in-revision') return null;
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

/** Today as an ISO date, or the date of SOURCE_DATE_EPOCH (reproducible output, https://reproducible-builds.org). */
export function reportDate(env: NodeJS.ProcessEnv, now = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return date.toISOString().slice(0, 10);
}

/** `main @ 1a2b3c4`, with "+ uncommitted changes" when the file differs from HEAD; null outside a repository. */
async function headLabel(path: string, text: string, git: GitOptions): Promise<string | null> {
  try {
    if ((await repositoryRoot(path, git)) === null) return null;
    const head = await resolveRevision(path, 'HEAD', git);
    const committed = await showFile(path, 'HEAD', git).catch(() => null);
    const dirty = committed === null || committed.replace(/^\uFEFF/, '') !== text.replace(/^\uFEFF/, '');
    return `${head.slice(0, 7)}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return null; // no commit yet, git missing: the report is still made, without a revision
  }
}

export interface ReportContent {
  readonly text: string;
  readonly format: 'html' | 'markdown';
}

/** Builds the report of a file on disk (the same code the editor's Export Report runs). */
export async function makeReport(
  options: { readonly file: string; readonly format: 'html' | 'markdown'; readonly since?: string; readonly config: BacklogConfig; readonly generator: string },
  io: Io,
  git: GitOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportContent> {
  const file = readSourceFile(options.file, io.cwd);
  const analysis = analyzeBacklog(file.text, { config: options.config });
  for (const e of analysis.configErrors) io.stderr(`backlog: warning: ${file.display}: ${e}\n`);
  const changes = options.since === undefined ? null : { since: options.since, diff: (await compareVersions({ file: file.path, since: options.since, config: options.config }, io, git)).diff };
  const model = buildReport({
    file: file.display,
    backlog: analysis.backlog,
    findings: analysis.findings,
    generatedAt: reportDate(env),
    revision: await headLabel(file.path, file.text, git),
    changes,
  });
  return { text: options.format === 'html' ? renderReportHtml(model, options.generator) : renderReportMarkdown(model), format: options.format };
}

export async function runReport(options: ReportOptions, io: Io, configs: ConfigResolver, generator: string, git: GitOptions = {}): Promise<number> {
  const path = resolve(io.cwd, options.file);
  const report = await makeReport({ file: options.file, format: options.format, since: options.since, config: configs.forFile(path), generator }, io, git);
  if (options.output === undefined) {
    io.stdout(report.text);
    return 0;
  }
  const out = resolve(io.cwd, options.output);
  if (!isFolder(dirname(out))) throw new CliError(`cannot write ${displayPath(out, io.cwd)}: the folder ${displayPath(dirname(out), io.cwd)} does not exist`);
  writeFileAtomic(out, report.text, 0o644, displayPath(out, io.cwd));
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
