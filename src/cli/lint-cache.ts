// `backlog lint --cache`: what a run found in each file, kept in a cache file (default `.backlogcache` in the working
// folder, as ESLint's `.eslintcache`), so that a repeated run over unchanged files reads the findings instead of
// analysing the files again.
//
// An entry is used only when the file's content (SHA-256 of its text), the configuration in force for it and the tool
// (its version and a hash of the running bundle, so that a rebuilt tool with the same version number is a new tool)
// are all the same. A cache file that cannot be read, is not ours or is from another tool is ignored (and replaced);
// one that cannot be written is a warning, never an error: the cache only ever saves time.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BacklogConfig } from '../core/config';
import { writeFileAtomic } from './files';
import type { Problem } from './format';

export const DEFAULT_CACHE_FILE = '.backlogcache';
const FORMAT = 1;

/** What a run found in one file, without the file's display name (which depends on the working folder). */
export interface CachedResult {
  readonly problems: readonly Omit<Problem, 'file'>[];
  /** Problems with the front matter's settings (warnings on stderr). */
  readonly configErrors: readonly string[];
}

interface Entry extends CachedResult {
  readonly hash: string;
  readonly config: string;
}

interface CacheFileContent {
  readonly format: number;
  readonly tool: string;
  readonly entries: Record<string, Entry>;
}

let toolKeyMemo: string | undefined;

/**
 * The tool's identity: its version and a hash of the running script (the bundle), so that a new build invalidates
 * the cache even when the version number stays.
 */
export function toolKey(version: string): string {
  if (toolKeyMemo === undefined) {
    let build = 'unknown';
    try {
      const script = require.main?.filename ?? process.argv[1];
      if (script) build = createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 16);
    } catch {
      // no script to hash (an embedded run): the version alone
    }
    toolKeyMemo = `${version}+${build}`;
  }
  return toolKeyMemo;
}

/** The key of a file's text. */
export const contentHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The key of a configuration: its JSON with sorted object keys (the same settings in another order are the same). */
export function configKey(config: BacklogConfig): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) out[k] = sorted((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sorted(config));
}

export class LintCache {
  private readonly entries: Map<string, Entry>;
  private changed = false;

  private constructor(
    /** The cache file's absolute path. */
    readonly path: string,
    private readonly tool: string,
    entries: Map<string, Entry>,
  ) {
    this.entries = entries;
  }

  /** Reads the cache file at `location` (relative to `cwd`); a missing, unreadable or foreign one starts empty. */
  static open(location: string, cwd: string, tool: string): LintCache {
    const path = resolve(cwd, location);
    const entries = new Map<string, Entry>();
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as CacheFileContent;
      if (data && data.format === FORMAT && data.tool === tool && data.entries && typeof data.entries === 'object') {
        for (const [file, entry] of Object.entries(data.entries)) {
          if (isEntry(entry)) entries.set(file, entry);
        }
      }
    } catch {
      // no cache yet, or not one of ours: start empty (it is replaced on save)
    }
    return new LintCache(path, tool, entries);
  }

  /** The cached result for `file` (absolute path) when its text and configuration are those it was made from. */
  get(file: string, hash: string, config: string): CachedResult | undefined {
    const e = this.entries.get(file);
    return e && e.hash === hash && e.config === config ? e : undefined;
  }

  set(file: string, hash: string, config: string, problems: readonly Problem[], configErrors: readonly string[]): void {
    this.entries.set(file, { hash, config, problems: problems.map(({ file: _, ...rest }) => rest), configErrors: [...configErrors] });
    this.changed = true;
  }

  /** Forgets a file (one that could not be read). */
  delete(file: string): void {
    if (this.entries.delete(file)) this.changed = true;
  }

  /**
   * Writes the cache file when something changed, dropping entries of files that no longer exist. Returns a warning
   * when it cannot be written (the lint itself succeeded).
   */
  save(): string | null {
    for (const file of this.entries.keys()) {
      if (!existsSync(file)) {
        this.entries.delete(file);
        this.changed = true;
      }
    }
    if (!this.changed) return null;
    try {
      if (existsSync(this.path) && statSync(this.path).isDirectory()) return `cannot write the cache ${this.path}: it is a folder`;
      const content: CacheFileContent = { format: FORMAT, tool: this.tool, entries: Object.fromEntries(this.entries) };
      writeFileAtomic(this.path, JSON.stringify(content), 0o644, this.path);
      this.changed = false;
      return null;
    } catch (error) {
      return `cannot write the cache: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

function isEntry(e: unknown): e is Entry {
  const x = e as Entry;
  return !!x && typeof x.hash === 'string' && typeof x.config === 'string' && Array.isArray(x.problems) && Array.isArray(x.configErrors);
}
