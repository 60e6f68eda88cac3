// `backlog forecast`, `backlog accept` and `backlog reject`. Forecast reads the backlog, loads the history (git through src/node/git.ts, or the file's sprint groups,
// or the configuration), runs the core's Monte Carlo forecast and prints it. Errors are CliErrors (exit 2).
import { acceptanceChecklist, type ChecklistEntry, type DefinitionOfDone, definitionOfDone, planAccept, planReject } from '../core/acceptance';
import { analyzeBacklog } from '../core/analyze';
import { applyEdits } from '../core/edits';
import { defaultSource, forecastBacklog } from '../core/forecast';
import { forecastJson, formatForecastMarkdown, formatForecastText } from '../core/forecast-format';
import type { HistorySource } from '../core/history';
import type { BacklogItem } from '../core/model';
import { parseBacklog } from '../core/parse';
import { lookupItem } from '../core/queries';
import { restoreLoneCr } from '../core/text';
import { inRepository, loadHistory, localToday } from '../node/forecast-history';
import { GitError, type GitOptions } from '../node/git';
import type { Io } from './commands';
import { CliError, type ConfigResolver, readSourceFile, writeSourceFile } from './files';

export interface ForecastCliOptions {
  readonly file: string;
  readonly format: 'text' | 'json' | 'markdown';
  /** Default: the configuration's history, else the file's sprints (3 or more over), else git. */
  readonly source?: HistorySource;
  readonly seed?: number;
  readonly trials?: number;
  /** ISO date; default: SOURCE_DATE_EPOCH's date, else the local date. */
  readonly today?: string;
}

/** Today for the forecast: SOURCE_DATE_EPOCH (reproducible output) when set, else the local calendar date. */
export function forecastToday(env: NodeJS.ProcessEnv, now = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString().slice(0, 10) : localToday(now);
}

export async function runForecast(options: ForecastCliOptions, io: Io, configs: ConfigResolver, git: GitOptions = {}): Promise<number> {
  const file = readSourceFile(options.file, io.cwd);
  const analysis = analyzeBacklog(file.text, { config: configs.forFile(file.path) });
  for (const e of analysis.configErrors) io.stderr(`backlog: warning: ${file.display}: ${e}\n`);
  const { backlog, config } = analysis;
  const today = options.today ?? forecastToday(process.env);
  const source = options.source ?? defaultSource(backlog, config, today, await inRepository(file.path, git));
  let history;
  try {
    history = await loadHistory(source, file.path, backlog, config, today, git);
  } catch (error) {
    if (error instanceof GitError) throw new CliError(`${file.display}: ${error.message}`);
    throw error;
  }
  if (history === null) throw new CliError(`${file.display} is not inside a git repository, so it has no git history (use --source sprints or --source config)`);
  const forecast = forecastBacklog(backlog, config, history, { today, seed: options.seed, trials: options.trials });
  if (options.format === 'json') io.stdout(`${JSON.stringify(forecastJson(file.display, forecast), null, 2)}\n`);
  else if (options.format === 'markdown') io.stdout(formatForecastMarkdown(file.display, forecast));
  else io.stdout(formatForecastText(file.display, forecast));
  return 0;
}

// ---------------------------------------------------------------------------------------------- accept, reject

export interface DecisionOptions {
  readonly file: string;
  readonly item: string;
  /** ISO date to record; default: today (SOURCE_DATE_EPOCH, else the local date). */
  readonly date?: string;
  /** accept: criteria (1-based, as the checklist numbers them) the product owner confirms as met, or 'all'. */
  readonly met?: readonly number[] | 'all';
  /** reject: why. */
  readonly reason?: string;
}

const labelOf = (item: BacklogItem) => (item.id ? `${item.id} ${item.title}` : `“${item.title}”`);

/** The checklist as printed before accepting: numbered criteria with their boxes, then the Definition of Done. */
export function formatChecklist(item: BacklogItem, entries: readonly ChecklistEntry[], dodSource: DefinitionOfDone['source']): string {
  const out = [labelOf(item)];
  const criteria = entries.filter((e) => e.kind === 'criterion');
  if (criteria.length === 0) out.push('  Acceptance criteria: none');
  else {
    out.push('  Acceptance criteria:');
    for (const c of criteria) out.push(`    ${(c.criterion ?? 0) + 1}. [${c.checked ? 'x' : ' '}] ${c.text}`);
  }
  const dod = entries.filter((e) => e.kind === 'definition-of-done');
  if (dod.length === 0) out.push('  Definition of Done: none (add "definitionOfDone" to .backlog.jsonc or a "Definition of Done" section)');
  else {
    out.push(`  Definition of Done (${dodSource === 'config' ? 'configuration' : 'the file'}):`);
    for (const d of dod) out.push(`    - ${d.text}`);
  }
  return `${out.map((l) => l.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')).join('\n')}\n`;
}

/**
 * `backlog accept` and `backlog reject`: one atomic write of one minimal edit. Accept refuses (exit 1, nothing
 * written) while a criterion is neither checked in the file nor confirmed with --met.
 */
export function runDecision(kind: 'accept' | 'reject', options: DecisionOptions, io: Io, configs: ConfigResolver): number {
  const file = readSourceFile(options.file, io.cwd);
  const analysis = analyzeBacklog(file.text, { config: configs.forFile(file.path) });
  for (const e of analysis.configErrors) io.stderr(`backlog: warning: ${file.display}: ${e}\n`);
  const { backlog, config } = analysis;
  const found = lookupItem(backlog, options.item, file.display);
  if (!found.ok) throw new CliError(found.error);
  const item = found.item;
  const date = options.date ?? forecastToday(process.env);
  const reparse = (text: string) => parseBacklog(text, { shape: backlog.shape ?? undefined, itemDepth: backlog.itemDepth || undefined, fieldAliases: config.fieldAliases });
  let plan;
  if (kind === 'accept') {
    const entries = acceptanceChecklist(backlog, item.index, config);
    io.stdout(formatChecklist(item, entries, definitionOfDone(backlog, config).source));
    const met = options.met === 'all' ? item.criteria.map((_, i) => i) : (options.met ?? []).map((n) => n - 1);
    const beyond = met.find((i) => i < 0 || i >= item.criteria.length);
    if (beyond !== undefined) throw new CliError(`${labelOf(item)} has no criterion ${beyond + 1} (it has ${item.criteria.length})`);
    plan = planAccept(backlog, item.index, date, reparse, met);
    if (!plan.ok && /unmet acceptance criteri/.test(plan.error)) {
      const open = item.criteria.map((c, i) => (c.done === true ? null : i + 1)).filter((n): n is number => n !== null);
      io.stderr(`backlog: not accepted: ${plan.error.replace(/\.$/, '')}; check ${open.length === 1 ? 'it' : 'them'} in the file, or confirm with --met ${open.join(',')}\n`);
      return 1;
    }
  } else {
    if (options.reason === undefined || options.reason.trim() === '') throw new CliError('reject needs a reason: --reason "<why>"');
    plan = planReject(backlog, item.index, date, options.reason, reparse);
  }
  if (!plan.ok) throw new CliError(`cannot ${kind} ${labelOf(item)}: ${plan.error}`);
  const text = restoreLoneCr(file.text, applyEdits(backlog.source, plan.edits));
  if (reparse(text).items.length !== backlog.items.length) throw new CliError(`the edit would change the number of items in ${file.display}; nothing was written`);
  writeSourceFile(file, text);
  io.stdout(kind === 'accept' ? `${labelOf(item)} is accepted (${date})\n` : `${labelOf(item)} is rejected (${date}): ${options.reason!.trim()}\n`);
  return 0;
}
