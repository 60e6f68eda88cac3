// A worker thread for the workspace index: parses backlog files and scans markdown files for item IDs, so that
// indexing a workspace (10 backlogs of 1,000 items take seconds to parse) never blocks the extension host's thread.
// No `vscode` here: the host reads the files and posts their text; this answers with the core's `ScannedFile`.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFile } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeBacklog } from '../core/analyze';
import type { BacklogConfig } from '../core/config';
import { SectionCache } from '../core/sections';
import { type IndexedItem, isMarkedBacklog, type ScannedFile, type ScannedMention, scanFile, summarizeBacklog } from '../core/workspace-index';

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
  | { readonly id: number; readonly uri: string; readonly error: string }
  /** A slice of a large answer's items and mentions, sent before the answer itself (see `postInParts`). */
  | { readonly id: number; readonly uri: string; readonly part: { readonly items: readonly IndexedItem[]; readonly mentions: readonly ScannedMention[] } };

/** Items and mentions per message: the receiving thread deserialises each message in one go, so keep each small. */
export const PART_SIZE = 150;

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

/** What the host passes when it starts the worker. */
export interface WorkerOptions {
  /** A folder for the disk cache of scanned backlogs (the extension's storage), or none. */
  readonly cacheDir?: string;
}

export function scan(req: ScanRequest, disk?: DiskCache): ScannedFile {
  if (req.backlog || isMarkedBacklog(req.text)) {
    const key = disk?.keyOf(req);
    const cached = key ? disk!.read(key) : undefined;
    if (cached) return cached;
    const { backlog } = analyzeBacklog(req.text, { config: req.config, cache: cacheFor(req.uri) });
    const scanned = scanFile(req.uri, req.text, summarizeBacklog(backlog));
    if (key) disk!.write(key, scanned);
    return scanned;
  }
  return scanFile(req.uri, req.text, null);
}

/**
 * Scanned backlogs on disk, keyed by a hash of the file's URI, text and configuration and of this worker's own code:
 * parsing a 1,000-item backlog takes a second or more, reading its scan back a few milliseconds, so a window opened
 * again on the same workspace has its index at once (like ESLint's --cache). Entries not used for a while go.
 */
export class DiskCache {
  private readonly stamp: string;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const self = statSync(__filename);
    this.stamp = `${self.size}:${self.mtimeMs}`;
    this.prune(500);
  }

  keyOf(req: ScanRequest): string {
    return createHash('sha1').update(this.stamp).update('\0').update(req.uri).update('\0').update(JSON.stringify(req.config)).update('\0').update(req.text).digest('hex');
  }

  read(key: string): ScannedFile | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as ScannedFile;
    } catch {
      return undefined;
    }
  }

  write(key: string, scanned: ScannedFile): void {
    // Written in the background; a failed write only costs a parse next time.
    writeFile(join(this.dir, `${key}.json`), JSON.stringify(scanned), () => undefined);
  }

  /** Keeps the `keep` most recently written entries. */
  private prune(keep: number): void {
    try {
      const entries = readdirSync(this.dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ f, t: statSync(join(this.dir, f)).mtimeMs }))
        .sort((a, b) => b.t - a.t);
      for (const e of entries.slice(keep)) unlinkSync(join(this.dir, e.f));
    } catch {
      // Best effort.
    }
  }
}

const options = (workerData ?? {}) as WorkerOptions;
let disk: DiskCache | undefined;
try {
  disk = parentPort && options.cacheDir ? new DiskCache(options.cacheDir) : undefined;
} catch {
  disk = undefined;
}

export interface Parts {
  items: IndexedItem[];
  mentions: ScannedMention[];
}

/** A scan that came in slices (see `postInParts` in the worker), put back together. */
export function joinParts(res: ScanResponse, parts: Parts): ScanResponse {
  if (!('scanned' in res) || (parts.items.length === 0 && parts.mentions.length === 0)) return res;
  const { backlog, mentions, lineStarts } = res.scanned;
  for (const it of backlog?.items ?? []) parts.items.push(it);
  for (const m of mentions) parts.mentions.push(m);
  return { ...res, scanned: { backlog: backlog ? { ...backlog, items: parts.items } : null, mentions: parts.mentions, lineStarts } };
}

/**
 * Posts a scan: a large backlog's items and mentions in slices first, then the rest, so that the extension host's
 * thread never spends long deserialising one message (1,000 items at once took 40-190 ms there).
 */
function postInParts(req: ScanRequest, scanned: ScannedFile, t0: number): void {
  const items = scanned.backlog?.items ?? [];
  let i = 0;
  let m = 0;
  const mentionsPerPart = Math.max(PART_SIZE, Math.ceil((scanned.mentions.length * PART_SIZE) / Math.max(1, items.length)));
  while (items.length - i > PART_SIZE || scanned.mentions.length - m > mentionsPerPart * 2) {
    const part = { items: items.slice(i, i + PART_SIZE), mentions: scanned.mentions.slice(m, m + mentionsPerPart) };
    i += part.items.length;
    m += part.mentions.length;
    parentPort!.postMessage({ id: req.id, uri: req.uri, part } satisfies ScanResponse);
  }
  const rest: ScannedFile = {
    backlog: scanned.backlog ? { ...scanned.backlog, items: items.slice(i) } : null,
    mentions: scanned.mentions.slice(m),
    lineStarts: scanned.lineStarts,
  };
  parentPort!.postMessage({ id: req.id, uri: req.uri, scanned: rest, ms: performance.now() - t0 } satisfies ScanResponse);
}

parentPort?.on('message', (req: ScanRequest) => {
  const t0 = performance.now();
  try {
    postInParts(req, scan(req, disk), t0);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, uri: req.uri, error: e instanceof Error ? e.message : String(e) } satisfies ScanResponse);
  }
});
