// Applies fixes, and only fixes (never suggestions), until nothing fixable is left. Shared by `backlog lint --fix` and
// the editor's "Fix All" / source.fixAll, so both give the same text.
//
// Two guarantees, checked on the text rather than trusted to the rules:
// - the items stay the same: count, order, IDs and titles (a fix that would change them is not applied);
// - it converges: every fix applied removes its problem (a fix that leaves as many fixable problems as before, such
//   as one that lands inside an unclosed code block, is not applied), so a second run changes nothing.
import { type Analysis, type AnalyzeOptions, analyzeBacklog } from './analyze';
import { applyEdits, diffEdit } from './edits';
import type { Backlog, Finding, Fix, TextEdit } from './model';
import { SectionCache } from './sections';

export interface FixAllResult {
  readonly text: string;
  /** How many fixable problems the applied fixes solved (a fix may solve several, e.g. one renumbering). */
  readonly applied: number;
  /** One edit from the original text to the fixed text (empty when nothing changed). */
  readonly edits: readonly TextEdit[];
  /** The analysis of the fixed text. */
  readonly analysis: Analysis;
}

/** A fix that was tried alone and did not keep the items or did not remove its problem: not tried again. */
const fixKey = (f: Finding, fix: Fix) => `${f.ruleId}\0${fix.title}\0${f.message}`;

/** The items as a reader tells them apart: count, order, IDs and titles. */
export function itemsSignature(b: Backlog): string {
  return b.items.map((i) => `${i.id ?? ''}\u0001${i.title}`).join('\u0002');
}

const fixableCount = (findings: readonly Finding[]) => findings.reduce((n, f) => n + (f.fixes.length > 0 ? 1 : 0), 0);

/** At most this many fixes are tried one by one (after rounds that did not work as a whole) in one run. */
const SINGLE_TRIES = 50;

/** The first fix of each fixable finding, non-overlapping, checked, re-analysed and repeated while it makes progress. */
export function fixAll(text: string, options: AnalyzeOptions = {}): FixAllResult {
  const cache = options.cache ?? new SectionCache();
  const analyse = (t: string) => analyzeBacklog(t, { ...options, cache });
  let current = text;
  let analysis = analyse(current);
  const items = itemsSignature(analysis.backlog);
  const rejected = new Set<string>();
  let applied = 0;
  let tries = SINGLE_TRIES;

  /** The text and analysis after some fixes, if they keep the items and each removes at least its own problem. */
  const attempt = (fixes: readonly { finding: Finding; fix: Fix }[]) => {
    const next = applyEdits(current, fixes.flatMap((c) => c.fix.edits));
    const after = analyse(next);
    const ok = itemsSignature(after.backlog) === items && fixableCount(after.findings) <= fixableCount(analysis.findings) - fixes.length;
    return ok ? { next, after } : null;
  };

  for (;;) {
    const chosen: { finding: Finding; fix: Fix }[] = [];
    const taken: TextEdit[] = [];
    for (const finding of analysis.findings) {
      const fix = finding.fixes[0];
      if (!fix || fix.edits.length === 0 || rejected.has(fixKey(finding, fix))) continue;
      // Inserts at the same point as another fix, or overlapping ranges, wait for the next round.
      const clash = fix.edits.some((e) => taken.some((t) => (e.start < t.end && t.start < e.end) || e.start === t.start || e.end === t.end));
      if (clash) continue;
      chosen.push({ finding, fix });
      for (const e of fix.edits) taken.push(e);
    }
    if (chosen.length === 0) break;
    const whole = attempt(chosen);
    if (whole) {
      applied += fixableCount(analysis.findings) - fixableCount(whole.after.findings);
      current = whole.next;
      analysis = whole.after;
      continue;
    }
    // Some fix of the round breaks the guarantees: apply the first one that keeps them, reject the ones before it.
    for (const c of chosen) {
      const one = chosen.length === 1 || tries-- <= 0 ? null : attempt([c]);
      if (!one) {
        rejected.add(fixKey(c.finding, c.fix));
        continue;
      }
      applied += fixableCount(analysis.findings) - fixableCount(one.after.findings);
      current = one.next;
      analysis = one.after;
      break;
    }
    if (tries <= 0) break;
  }
  return { text: current, applied, edits: current === text ? [] : [diffEdit(text, current)], analysis };
}
