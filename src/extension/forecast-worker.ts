// The forecast's worker thread: parses a backlog's text, loads its history (the configuration, the file's sprint
// groups, or its git history read with the real `git`) and runs the core's Monte Carlo forecast, all off the
// extension host's thread (10,000 trials over a 1,000-item backlog take a few hundred milliseconds; the git history
// parses every revision). Git histories are cached per file and `gitEpoch` (the host bumps it when the file is saved).
// Imported by the host only for its types and for runForecast (in-thread fallback when no worker can start).
import { parentPort } from 'node:worker_threads';
import type { BacklogConfig } from '../core/config';
import { defaultSource, type Forecast, forecastBacklog } from '../core/forecast';
import type { History } from '../core/history';
import { parseBacklog } from '../core/parse';
import { loadHistory } from '../node/forecast-history';

export interface ForecastRequest {
  readonly id: number;
  /** The file's path on disk, or null (an untitled or virtual document: no git history). */
  readonly path: string | null;
  readonly text: string;
  readonly config: BacklogConfig;
  /** ISO date of today on the user's calendar. */
  readonly today: string;
  /** Bumped by the host when the file is saved: a cached git history older than it is read again. */
  readonly gitEpoch: number;
}

export type ForecastResponse = { readonly id: number; readonly forecast: Forecast | null; readonly ms: number } | { readonly id: number; readonly error: string };

const gitCache = new Map<string, { epoch: number; history: Promise<History | null> }>();

/** The forecast of one request; null when the file has no history at all (not in git, no sprints, no configuration). */
export async function runForecast(req: Omit<ForecastRequest, 'id'>): Promise<Forecast | null> {
  const { config } = req;
  const backlog = parseBacklog(req.text, { shape: config.shape, itemDepth: config.itemDepth, fieldAliases: config.fieldAliases });
  const source = defaultSource(backlog, config, req.today, req.path !== null);
  let history: History | null;
  if (source === 'git' && req.path !== null) {
    let cached = gitCache.get(req.path);
    if (!cached || cached.epoch < req.gitEpoch) {
      // A file outside a repository, or without git installed, has no git history (null), never an error.
      cached = { epoch: req.gitEpoch, history: loadHistory('git', req.path, backlog, config, req.today).catch(() => null) };
      gitCache.set(req.path, cached);
      if (gitCache.size > 50) gitCache.delete(gitCache.keys().next().value as string);
    }
    history = await cached.history;
    // No repository: the file's sprint groups (fewer than MIN_SPRINTS; the forecast then says why it has none).
    if (history === null) history = await loadHistory('sprints', req.path, backlog, config, req.today);
  } else {
    history = await loadHistory(source, req.path ?? '', backlog, config, req.today);
  }
  if (history === null) return null;
  return forecastBacklog(backlog, config, history, { today: req.today });
}

parentPort?.on('message', (req: ForecastRequest) => {
  const t0 = performance.now();
  runForecast(req).then(
    (forecast) => parentPort!.postMessage({ id: req.id, forecast, ms: performance.now() - t0 } satisfies ForecastResponse),
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies ForecastResponse),
  );
});
