// `backlog forecast`: reads the backlog, loads the history (git through src/node/git.ts, or the file's sprint groups,
// or the configuration), runs the core's Monte Carlo forecast and prints it. Errors are CliErrors (exit 2).
import { analyzeBacklog } from '../core/analyze';
import { defaultSource, forecastBacklog } from '../core/forecast';
import { forecastJson, formatForecastMarkdown, formatForecastText } from '../core/forecast-format';
import type { HistorySource } from '../core/history';
import { loadHistory, localToday } from '../node/forecast-history';
import { GitError, type GitOptions, repositoryRoot } from '../node/git';
import type { Io } from './commands';
import { CliError, type ConfigResolver, readSourceFile } from './files';

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

/** Whether the file is inside a git repository and git runs; a missing git is "no", not an error, unless asked for. */
async function inRepository(path: string, git: GitOptions): Promise<boolean> {
  try {
    return (await repositoryRoot(path, git)) !== null;
  } catch {
    return false;
  }
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
