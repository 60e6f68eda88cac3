// A worker thread for the workspace index: parses backlog files and scans markdown files for item IDs, so that
// indexing a workspace (10 backlogs of 1,000 items take seconds to parse) never blocks the extension host's thread.
// No `vscode` here: the host reads the files and posts their text; this answers with the core's `ScannedFile`.
import { parentPort } from 'node:worker_threads';
import { analyzeBacklog } from '../core/analyze';
import type { BacklogConfig } from '../core/config';
import { SectionCache } from '../core/sections';
import { isMarkedBacklog, type ScannedFile, scanFile, summarizeBacklog } from '../core/workspace-index';

export interface ScanRequest {
  readonly id: number;
  readonly uri: string;
  readonly text: string;
  /** The file's path matches the backlog globs; otherwise it is a backlog only if its front matter says so. */
  readonly backlog: boolean;
  readonly config: BacklogConfig;
}

export type ScanResponse =
  | { readonly id: number; readonly uri: string; readonly scanned: ScannedFile; readonly ms: number }
  | { readonly id: number; readonly uri: string; readonly error: string };

// Section caches of the backlogs changed last, so that re-reading a changed backlog re-parses only what changed.
const CACHED = 4;
const caches = new Map<string, SectionCache>();

function cacheFor(uri: string): SectionCache {
  let cache = caches.get(uri);
  if (cache) caches.delete(uri);
  else cache = new SectionCache();
  caches.set(uri, cache);
  while (caches.size > CACHED) caches.delete(caches.keys().next().value!);
  return cache;
}

export function scan(req: ScanRequest): ScannedFile {
  if (req.backlog || isMarkedBacklog(req.text)) {
    const { backlog } = analyzeBacklog(req.text, { config: req.config, cache: cacheFor(req.uri) });
    return scanFile(req.uri, req.text, summarizeBacklog(backlog));
  }
  return scanFile(req.uri, req.text, null);
}

parentPort?.on('message', (req: ScanRequest) => {
  const t0 = performance.now();
  try {
    const scanned = scan(req);
    parentPort!.postMessage({ id: req.id, uri: req.uri, scanned, ms: performance.now() - t0 } satisfies ScanResponse);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, uri: req.uri, error: e instanceof Error ? e.message : String(e) } satisfies ScanResponse);
  }
});
