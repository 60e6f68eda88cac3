// One entry point for "parse and check": the CLI, the extension and the benchmark all call analyzeBacklog.
import { type BacklogConfig, mergeConfig, validateConfig } from './config';
import { lintBacklogSteps } from './lint';
import type { Backlog, Finding } from './model';
import { parseIncrementalSteps } from './incremental';
import { readFrontMatter } from './parse';
import { rules } from './rules';
import { SectionCache } from './sections';
import { finishSteps } from './steps';

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
  return finishSteps(analyzeBacklogSteps(text, options));
}

/**
 * analyzeBacklog in steps (steps.ts): a cold analysis pauses between the units it parses, every few items it reads
 * and between rules, so the extension can run it in slices without blocking its thread (runInSlices). Run to the end
 * it is analyzeBacklog (which does exactly that). With the document's cache, do not start another analysis with the
 * same cache while one is unfinished: finish it or drop it.
 */
export function* analyzeBacklogSteps(text: string, options: AnalyzeOptions = {}): Generator<void, Analysis> {
  const base = options.config ?? {};
  // Front matter may change how the file is parsed (shape, aliases), so read it before the real parse (which reads
  // the same front matter again from readFrontMatter's memo: the YAML is parsed once).
  const fm = readFrontMatter(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const fmResult = validateConfig(fm?.settings ?? null, 'front matter `backlog:`', ruleIds);
  const config = mergeConfig(base, fmResult.config);
  const backlog = yield* parseIncrementalSteps(text, {
    shape: config.shape,
    itemDepth: config.itemDepth,
    headingNumbers: config.headingNumbers,
    fieldAliases: config.fieldAliases,
    cache: options.cache ?? new SectionCache(),
  });
  const configErrors = fm?.error ? [fm.error, ...fmResult.errors] : fmResult.errors;
  const findings = yield* lintBacklogSteps(backlog, config);
  return { backlog, findings, config, configErrors };
}

export { SectionCache };
export { finishSteps, runInSlices, type SliceOptions } from './steps';
