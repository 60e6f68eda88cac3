// The report of a backlog text, with what only git knows: the commit it was made from, the rank changes since a
// revision, and the forecast's history when it comes from git. Shared by `backlog report` and the editor's
// "Backlog: Export Report", so both make the same page.
import { analyzeBacklog } from '../core/analyze';
import type { BacklogConfig } from '../core/config';
import { diffBacklogs } from '../core/diff';
import { defaultSource, type Forecast, forecastBacklog } from '../core/forecast';
import type { Backlog } from '../core/model';
import { buildReport, renderReportHtml, renderReportMarkdown } from '../core/report';
import { inRepository, loadHistory, localToday } from './forecast-history';
import { GitError, type GitOptions, repositoryRoot, resolveRevision, showFile } from './git';

/**
 * The text of `path` at `revision`: null when the file did not exist there. Throws GitError for an unknown revision,
 * a file outside a repository, or git missing.
 */
export async function textAtRevision(path: string, revision: string, git: GitOptions = {}): Promise<string | null> {
  try {
    return await showFile(path, revision, git);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-in-revision') return null;
    throw error;
  }
}

/**
 * `1a2b3c4` (the commit of HEAD), with `+ uncommitted changes` when `text` differs from the file at HEAD; null outside
 * a repository, before the first commit, or without git: the report is still made, without it.
 */
export async function headLabel(path: string, text: string, git: GitOptions = {}): Promise<string | null> {
  try {
    if ((await repositoryRoot(path, git)) === null) return null;
    const head = await resolveRevision(path, 'HEAD', git);
    const committed = await textAtRevision(path, 'HEAD', git);
    const dirty = committed === null || committed.replace(/^\uFEFF/, '') !== text.replace(/^\uFEFF/, '');
    return `${head.slice(0, 7)}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return null;
  }
}

export interface ReportRequest {
  /** Absolute path of the backlog (for git). */
  readonly path: string;
  /** The file as the reader sees it (relative path). */
  readonly display: string;
  /** The backlog text reported on (the file on disk, or the editor's text with unsaved changes). */
  readonly text: string;
  readonly config: BacklogConfig;
  readonly format: 'html' | 'markdown';
  /** Adds the rank changes since this revision. */
  readonly since?: string;
  /** ISO date of the report. */
  readonly today: string;
  /** `Backlog as Code 0.1.0`, in the page's generator tag and footer. */
  readonly generator: string;
  readonly git?: GitOptions;
  /** Notes for the user (a file that did not exist at `since`). */
  readonly note?: (message: string) => void;
}

/**
 * The forecast `backlog forecast` prints by default (the same history source, seed and trials): the configuration's
 * history, else the file's sprint groups, else the file's git history. A history that cannot be read gives a reason
 * instead of a forecast.
 */
export async function reportForecast(path: string, backlog: Backlog, config: BacklogConfig, today: string, git: GitOptions = {}): Promise<{ forecast: Forecast | null; unavailable: string | null }> {
  const source = defaultSource(backlog, config, today, await inRepository(path, git));
  try {
    const history = await loadHistory(source, path, backlog, config, today, git);
    if (history === null) return { forecast: null, unavailable: 'the file is not inside a git repository, so it has no git history' };
    return { forecast: forecastBacklog(backlog, config, history, { today }), unavailable: null };
  } catch (error) {
    if (error instanceof GitError) return { forecast: null, unavailable: `the git history of the file could not be read (${error.message})` };
    throw error;
  }
}

/** The report as HTML or Markdown. Throws GitError when `since` cannot be read (unknown revision, no repository). */
export async function makeReport(request: ReportRequest): Promise<string> {
  const { config, git } = request;
  const analysis = analyzeBacklog(request.text, { config });
  let changes = null;
  if (request.since !== undefined) {
    const before = await textAtRevision(request.path, request.since, git);
    if (before === null) request.note?.(`${request.display} does not exist at ${request.since}; every item counts as added`);
    changes = { since: request.since, diff: diffBacklogs(analyzeBacklog(before ?? '', { config }).backlog, analysis.backlog) };
  }
  const { forecast, unavailable } = await reportForecast(request.path, analysis.backlog, analysis.config, request.today, git);
  const model = buildReport({
    file: request.display,
    backlog: analysis.backlog,
    findings: analysis.findings,
    generatedAt: request.today,
    revision: await headLabel(request.path, request.text, git),
    forecast,
    forecastUnavailable: unavailable,
    changes,
  });
  return request.format === 'html' ? renderReportHtml(model, request.generator) : renderReportMarkdown(model);
}

/**
 * Today's local date as an ISO date, or the (UTC) date of SOURCE_DATE_EPOCH, for reproducible output
 * (https://reproducible-builds.org/specs/source-date-epoch/).
 */
export function reportDate(env: NodeJS.ProcessEnv, now = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return localToday(now);
}
