// One entry point for "parse and check": the CLI, the extension and the benchmark all call analyzeBacklog.
import { type BacklogConfig, mergeConfig, validateConfig } from './config';
import { lintBacklog } from './lint';
import type { Backlog, Finding } from './model';
import { parseBacklog } from './parse';
import { rules } from './rules';
import { SectionCache } from './sections';

export interface Analysis {
  readonly backlog: Backlog;
  readonly findings: readonly Finding[];
  /** The configuration in force: the file config merged with the front matter's `backlog:` key. */
  readonly config: BacklogConfig;
  /** Problems in the front matter's settings, one sentence each. */
  readonly configErrors: readonly string[];
}

export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.id));

export interface AnalyzeOptions {
  /** From `.backlog.jsonc` or editor settings. */
  readonly config?: BacklogConfig;
  /** Keep one per document for fast re-analysis after edits. */
  readonly cache?: SectionCache;
}

/** Parses and lints a backlog text. Never throws on user content. */
export function analyzeBacklog(text: string, options: AnalyzeOptions = {}): Analysis {
  const base = options.config ?? {};
  // Front matter may change how the file is parsed (shape, aliases), so read it before the real parse.
  const fm = readFrontMatterSettings(text);
  const fmResult = validateConfig(fm, 'front matter `backlog:`', ruleIds);
  const config = mergeConfig(base, fmResult.config);
  const backlog = parseBacklog(text, {
    shape: config.shape,
    itemDepth: config.itemDepth,
    fieldAliases: config.fieldAliases,
    cache: options.cache ?? new SectionCache(),
  });
  return { backlog, findings: lintBacklog(backlog, config), config, configErrors: fmResult.errors };
}

/** The `backlog:` key of YAML front matter, without parsing the markdown. */
function readFrontMatterSettings(text: string): unknown {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return null;
  // parseBacklog reads front matter the same way; a tiny parse of just the block keeps this cheap.
  const b = parseBacklog(text.slice(0, frontMatterEnd(text, start)), { shape: 'list' });
  return b.frontMatterSettings;
}

function frontMatterEnd(text: string, start: number): number {
  const m = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(start));
  return m ? start + m[0].length : start;
}

export { SectionCache };
