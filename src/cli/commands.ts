// The three commands. Each takes validated options and an Io, returns the exit code, and throws CliError for usage
// and I/O problems (main prints those as one line, exit 2).
import { resolve } from 'node:path';
import { analyzeBacklog } from '../core/analyze';
import { applyEdits, type Plan, planMove, planMoveNextTo, planMoveStep, planMoveToGroup, verifyPlan } from '../core/edits';
import { fixAll } from '../core/fix-all';
import type { Backlog, BacklogItem } from '../core/model';
import { isFinished, lookupItem, nextItems } from '../core/queries';
import { rules } from '../core/rules';
import { SectionCache } from '../core/sections';
import { restoreLoneCr } from '../core/text';
import { CliError, ConfigResolver, DEFAULT_PATTERN, displayPath, globFiles, type LoadedConfig, loadConfigFile, readSourceFile, resolveFiles, writeSourceFile } from './files';
import { formatJson, formatListJson, formatListText, formatSarif, formatStylish, type Problem, toListing, toProblems, type ToolInfo } from './format';
import { configKey, contentHash, LintCache } from './lint-cache';

export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours in stylish output. */
  readonly color?: boolean;
}

/** A bug of ours as one line: the message, and the stack only with BACKLOG_DEBUG. */
export function internalMessage(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return process.env.BACKLOG_DEBUG ? `${message}\n${(error as Error)?.stack ?? ''}` : `${message} (set BACKLOG_DEBUG=1 for details)`;
}

const warnTo = (io: Io) => (message: string) => io.stderr(`backlog: warning: ${message}\n`);

function resolver(io: Io, configPath: string | undefined): ConfigResolver {
  const explicit: LoadedConfig | null = configPath === undefined ? null : loadConfigFile(configPath, io.cwd);
  return new ConfigResolver(io.cwd, explicit, warnTo(io));
}

// ---------------------------------------------------------------------------------------------- list

export interface ListOptions {
  readonly file: string;
  readonly format: 'text' | 'json';
  readonly config?: string;
}

export function runList(options: ListOptions, io: Io): number {
  const configs = resolver(io, options.config);
  const file = readSourceFile(options.file, io.cwd);
  const analysis = analyzeBacklog(file.text, { config: configs.forFile(file.path) });
  for (const e of analysis.configErrors) warnTo(io)(`${file.display}: ${e}`);
  const listing = toListing(options.file, analysis.backlog);
  io.stdout(options.format === 'json' ? formatListJson(listing) : formatListText(listing));
  return 0;
}

// ---------------------------------------------------------------------------------------------- next

export interface NextOptions {
  /** How many items (default 5). */
  readonly count: number;
  /** The backlog; default: the one **\/BACKLOG.md below the working folder. */
  readonly file?: string;
  readonly format: 'text' | 'json';
  readonly config?: string;
}

/** Prints the top `count` items that are not done (nor accepted or rejected), in rank order. */
export function runNext(options: NextOptions, io: Io): number {
  let path = options.file;
  if (path === undefined) {
    const found = defaultFiles(io.cwd);
    if (found.length > 1) {
      const names = found.map((f) => displayPath(f, io.cwd));
      throw new CliError(`found ${found.length} backlogs (${names.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}); name one, e.g. "backlog next ${options.count} ${names[0]}"`);
    }
    path = found[0];
  }
  const configs = resolver(io, options.config);
  const file = readSourceFile(path, io.cwd);
  const analysis = analyzeBacklog(file.text, { config: configs.forFile(file.path) });
  for (const e of analysis.configErrors) warnTo(io)(`${file.display}: ${e}`);
  const { backlog } = analysis;
  const open = backlog.items.filter((i) => !isFinished(i)).length;
  const items = nextItems(backlog, options.count);
  const listing = toListing(file.display, backlog, items);
  if (options.format === 'json') io.stdout(`${JSON.stringify({ ...listing, open, total: backlog.items.length }, null, 2)}\n`);
  else {
    const summary =
      backlog.items.length === 0
        ? 'no items'
        : open === 0
          ? `every item is done (${backlog.items.length} in all)`
          : `next ${items.length} of ${open} open item${open === 1 ? '' : 's'} (${backlog.items.length} in all) in ${file.display}`;
    io.stdout(formatListText(listing, 50, summary));
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------- lint

export interface LintOptions {
  /** Files or globs; empty = `**\/BACKLOG.md`. */
  readonly patterns: readonly string[];
  readonly format: 'stylish' | 'json' | 'sarif';
  readonly fix: boolean;
  readonly config?: string;
  /** Exit 1 when there are more warnings than this (ESLint's --max-warnings); undefined: no limit. */
  readonly maxWarnings?: number;
  /** `--cache`: the cache file (relative to the working folder) and the tool's identity (see lint-cache.ts). */
  readonly cache?: { readonly location: string; readonly tool: string };
}

export interface LintResult {
  readonly problems: readonly Problem[];
  /** Fixes applied per file (display path → count), with --fix. */
  readonly fixed: ReadonlyMap<string, number>;
  /** Files that could not be read or written. */
  readonly failed: number;
}

/** `**\/BACKLOG.md` below `cwd`; none is a usage error (exit 2) that says where the CLI looked. */
function defaultFiles(cwd: string): string[] {
  const paths = globFiles(DEFAULT_PATTERN, cwd);
  if (paths.length === 0) {
    throw new CliError(
      `no backlog found: no file in this folder or below matches "${DEFAULT_PATTERN}" (case-insensitive, without node_modules and .git); name the files to lint, e.g. "backlog lint docs/roadmap.md"`,
    );
  }
  return paths;
}

/** Lints (and with `fix`, fixes) files; reports unreadable files on stderr and goes on with the others. */
export function lintFiles(options: LintOptions, io: Io): LintResult {
  const configs = resolver(io, options.config);
  const paths = options.patterns.length > 0 ? resolveFiles(options.patterns, io.cwd) : defaultFiles(io.cwd);
  const cache = options.cache ? LintCache.open(options.cache.location, io.cwd, options.cache.tool) : null;
  const problems: Problem[] = [];
  const fixed = new Map<string, number>();
  let failed = 0;
  for (const path of paths) {
    try {
      const file = readSourceFile(path, io.cwd);
      const config = configs.forFile(file.path);
      const keys = cache ? { config: configKey(config), hash: contentHash(file.text) } : null;
      const hit = cache && keys ? cache.get(file.path, keys.hash, keys.config) : undefined;
      // With --fix, a cached result that has something to fix is not enough: the fixes must be applied.
      if (hit && !(options.fix && hit.problems.some((p) => p.fixable))) {
        for (const e of hit.configErrors) warnTo(io)(`${file.display}: ${e}`);
        for (const p of hit.problems) problems.push({ file: file.display, ...p });
        continue;
      }
      let text = file.text;
      let analysis;
      if (options.fix) {
        const result = fixAll(text, { config });
        if (result.text !== text) {
          // The core reads lone CR line breaks as \n; the file keeps its own.
          text = restoreLoneCr(file.text, result.text);
          writeSourceFile(file, text);
          fixed.set(file.display, result.applied);
        }
        analysis = result.analysis;
      } else analysis = analyzeBacklog(text, { config });
      for (const e of analysis.configErrors) warnTo(io)(`${file.display}: ${e}`);
      const found = toProblems(file.display, text, analysis.findings);
      for (const p of found) problems.push(p); // one by one: a spread of >125,000 overflows
      if (cache && keys) cache.set(file.path, text === file.text ? keys.hash : contentHash(text), keys.config, found, analysis.configErrors);
    } catch (error) {
      // One file that fails (unreadable, changed meanwhile, or a bug of ours on its content) gets one line; the
      // others are still linted and reported, and the run exits 2.
      if (error instanceof CliError) io.stderr(`backlog: ${error.message}\n`);
      else io.stderr(`backlog: ${displayPath(path, io.cwd)}: internal error: ${internalMessage(error)}\n`);
      cache?.delete(resolve(io.cwd, path));
      failed++;
    }
  }
  const unsaved = cache?.save();
  if (unsaved) warnTo(io)(unsaved);
  return { problems, fixed, failed };
}

export function runLint(options: LintOptions, io: Io, tool: ToolInfo): number {
  const result = lintFiles(options, io);
  const { problems } = result;
  if (options.format === 'json') io.stdout(formatJson(problems));
  else if (options.format === 'sarif') io.stdout(formatSarif(problems, rules, tool));
  else {
    io.stdout(formatStylish(problems, { color: io.color }));
    const total = [...result.fixed.values()].reduce((a, b) => a + b, 0);
    if (total > 0) io.stdout(`Fixed ${total === 1 ? '1 problem' : `${total} problems`} in ${result.fixed.size === 1 ? '1 file' : `${result.fixed.size} files`}.\n`);
  }
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) io.stderr(`backlog: too many warnings (${warnings}; --max-warnings allows ${options.maxWarnings})\n`);
  if (result.failed > 0) return 2;
  return problems.some((p) => p.severity === 'error') || tooManyWarnings ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------- move

export type MoveTarget =
  | { readonly kind: 'to'; readonly rank: number }
  | { readonly kind: 'up' | 'down' | 'top' | 'bottom' }
  /** Next to another item, named by rank or ID like the moved one. */
  | { readonly kind: 'before' | 'after'; readonly anchor: string }
  /** Into a group (a heading), named by its title; the way into an empty group. */
  | { readonly kind: 'group'; readonly group: string };

export interface MoveOptions {
  readonly file: string;
  /** A rank (1-based) or an ID (case-insensitive). */
  readonly item: string;
  readonly target: MoveTarget;
  readonly config?: string;
}

/** The item a rank or ID names. Throws CliError when there is none, or when an ID names several items. */
export function findItem(backlog: Backlog, spec: string, file: string): BacklogItem {
  const found = lookupItem(backlog, spec, file);
  if (!found.ok) throw new CliError(found.error);
  return found.item;
}

/** The core's plan for a move target (`file` names the file in errors about the anchor item). */
export function planFor(backlog: Backlog, index: number, target: MoveTarget, file = 'the backlog'): Plan {
  const last = backlog.items.length - 1;
  switch (target.kind) {
    case 'to':
      if (!Number.isInteger(target.rank) || target.rank < 1 || target.rank > last + 1) {
        return { ok: false, error: `--to must be a rank from 1 to ${last + 1}` };
      }
      return planMove(backlog, index, target.rank - 1);
    case 'top':
      return planMove(backlog, index, 0);
    case 'bottom':
      return planMove(backlog, index, last);
    case 'up':
    case 'down':
      return planMoveStep(backlog, index, target.kind);
    case 'before':
    case 'after':
      return planMoveNextTo(backlog, index, findItem(backlog, target.anchor, file).index, target.kind);
    case 'group':
      return planMoveToGroup(backlog, index, findGroup(backlog, target.group, file));
  }
}

/** The group a title names (case and spacing aside). Throws CliError when there is none, or several. */
function findGroup(backlog: Backlog, name: string, file: string): number {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const found = backlog.groups.flatMap((g, i) => (norm(g.title) === norm(name) ? [i] : []));
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new CliError(`${found.length} groups in ${file} are named "${name.trim()}"; rename one of them first`);
  const all = backlog.groups.map((g) => `"${g.title}"`);
  throw new CliError(
    all.length === 0 ? `${file} has no groups (headings above the items)` : `no group named "${name.trim()}" in ${file}; its groups are ${all.slice(0, 10).join(', ')}${all.length > 10 ? ', …' : ''}`,
  );
}

/** The core's sentence for the editor ("The item is already at the top.") as a clause after a colon. */
const asClause = (sentence: string) => sentence.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()).replace(/\.$/, '');

const labelOf = (item: BacklogItem) => item.id ?? `"${item.title.length > 40 ? `${item.title.slice(0, 39)}…` : item.title}"`;

/**
 * Moves one item and writes the file in place with the minimal edit. Prints one line:
 * `<ID or "title"> is now rank <N>` (or `... is already at rank <N>` when nothing changed).
 */
export function runMove(options: MoveOptions, io: Io): number {
  const configs = resolver(io, options.config);
  const file = readSourceFile(options.file, io.cwd);
  const config = configs.forFile(file.path);
  // One section cache for the analysis and the check of the plan: the check re-reads only the sections the move changes.
  const cache = new SectionCache();
  const analysis = analyzeBacklog(file.text, { config, cache });
  const backlog = analysis.backlog;
  const item = findItem(backlog, options.item, file.display);
  // The core checks that the move keeps the items it promises (verifyPlan), as in the editor and on the board.
  const plan = verifyPlan(backlog, planFor(backlog, item.index, options.target, file.display), { ...analysis.config, cache });
  if (!plan.ok) throw new CliError(`cannot move ${labelOf(item)}: ${asClause(plan.error)}`);
  const newIndex = plan.newIndex ?? item.index;
  if (plan.edits.length === 0) {
    io.stdout(`${labelOf(item)} is already at rank ${newIndex + 1}\n`);
    return 0;
  }
  const text = restoreLoneCr(file.text, applyEdits(backlog.source, plan.edits));
  writeSourceFile(file, text);
  io.stdout(`${labelOf(item)} is now rank ${newIndex + 1}\n`);
  return 0;
}
