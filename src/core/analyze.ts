// One entry point for "parse and check": the CLI, the extension and the benchmark all call analyzeBacklog.
import { type BacklogConfig, mergeConfig, validateConfig } from './config';
import { lintBacklog } from './lint';
import type { Backlog, Finding } from './model';
import { parseIncremental } from './incremental';
import { readFrontMatter } from './parse';
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
  // Front matter may change how the file is parsed (shape, aliases), so read it before the real parse (which reads
  // the same front matter again from readFrontMatter's memo: the YAML is parsed once).
  const fm = readFrontMatter(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const fmResult = validateConfig(fm?.settings ?? null, 'front matter `backlog:`', ruleIds);
  const config = mergeConfig(base, fmResult.config);
  const backlog = parseIncremental(text, {
    shape: config.shape,
    itemDepth: config.itemDepth,
    headingNumbers: config.headingNumbers,
    fieldAliases: config.fieldAliases,
    cache: options.cache ?? new SectionCache(),
  });
  const configErrors = fm?.error ? [fm.error, ...fmResult.errors] : fmResult.errors;
  return { backlog, findings: lintBacklog(backlog, config), config, configErrors };
}

export { SectionCache };
