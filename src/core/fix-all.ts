// Applies every mechanical fix until nothing fixable is left. Shared by `backlog lint --fix` and the editor's
// "Fix All" / source.fixAll, so both give the same text.
import { type AnalyzeOptions, analyzeBacklog } from './analyze';
import { applyEdits, diffEdit } from './edits';
import type { TextEdit } from './model';
import { SectionCache } from './sections';

export interface FixAllResult {
  readonly text: string;
  /** How many fixes were applied over all rounds. */
  readonly applied: number;
  /** One edit from the original text to the fixed text (empty when nothing changed). */
  readonly edits: readonly TextEdit[];
}

/** The first fix of each fixable finding, non-overlapping, re-analysed and repeated (at most `rounds` times). */
export function fixAll(text: string, options: AnalyzeOptions = {}, rounds = 10): FixAllResult {
  const cache = options.cache ?? new SectionCache();
  let current = text;
  let applied = 0;
  for (let round = 0; round < rounds; round++) {
    const { findings } = analyzeBacklog(current, { ...options, cache });
    const chosen: TextEdit[][] = [];
    const taken: { start: number; end: number }[] = [];
    for (const f of findings) {
      const fix = f.fixes[0];
      if (!fix || fix.edits.length === 0) continue;
      // Inserts at the same point as another fix, or overlapping ranges, wait for the next round.
      const clash = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || e.start === t.start || e.end === t.end));
      if (clash) continue;
      chosen.push([...fix.edits]);
      for (const e of fix.edits) taken.push({ start: e.start, end: e.end });
    }
    if (chosen.length === 0) break;
    current = applyEdits(current, chosen.flat());
    applied += chosen.length;
  }
  return { text: current, applied, edits: current === text ? [] : [diffEdit(text, current)] };
}
