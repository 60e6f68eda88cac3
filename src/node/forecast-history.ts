// Loads a forecast history for the CLI and the extension: the git source reads the file's revisions with the git
// adapter and hands their text to the core; the other sources need nothing but the parsed file.
import type { BacklogConfig } from '../core/config';
import { calendarAnchor, fileHistory as historyOfFile } from '../core/forecast';
import { type History, type HistorySource, historyFromRevisions, sprintLengthOf } from '../core/history';
import type { Backlog } from '../core/model';
import { parseBacklog } from '../core/parse';
import { SectionCache } from '../core/sections';
import { fileHistory, type GitOptions, repositoryRoot } from './git';

/** Whether the file is inside a git repository and git runs; a missing git is "no", not an error. */
export async function inRepository(path: string, git: GitOptions = {}): Promise<boolean> {
  try {
    return (await repositoryRoot(path, git)) !== null;
  } catch {
    return false;
  }
}

/** The history of `source` for the backlog file at `path` (already parsed as `backlog`). Git: null outside a repository. */
export async function loadHistory(source: HistorySource, path: string, backlog: Backlog, config: BacklogConfig, today: string, git: GitOptions = {}): Promise<History | null> {
  if (source !== 'git') return historyOfFile(source, backlog, config, today);
  const revisions = await fileHistory(path, git);
  if (revisions === null) return null;
  // One section cache for every revision: consecutive revisions share most of their sections.
  const cache = new SectionCache();
  return historyFromRevisions(revisions.revisions, {
    today,
    sprintLengthDays: sprintLengthOf(config),
    anchor: calendarAnchor(backlog, config, today),
    countRemovedAsDone: config.countRemovedAsDone,
    parse: (text) => parseBacklog(text, { shape: config.shape, itemDepth: config.itemDepth, fieldAliases: config.fieldAliases, cache }),
  });
}

/** Today as the user's calendar has it (local time), `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
