// duplicate-priority: two items share an explicit numeric priority. An ordered Product Backlog has no ties.
import { planRenumberPriorities } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { Backlog, BacklogItem, Suggestion } from '../model';
import { bucketScale, hasNumericPriority, itemName, num } from './helpers';

export const duplicatePriority: Rule = {
  id: 'duplicate-priority',
  description: 'Two items share the same numeric priority; every item needs its own place in the order.',
  defaultSeverity: 'error',
  fixable: false,
  hasSuggestions: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    // More items than the numbers 1-5 can tell apart: a bucket scale, which priority-buckets reports once.
    if (bucketScale(backlog)) return findings;
    const firstWith = new Map<number, BacklogItem>();
    let renumber: Suggestion[] | undefined;
    for (const item of backlog.items) {
      if (!hasNumericPriority(item)) continue;
      const p = item.priority!; // Always set: hasNumericPriority.
      const value = p.value!;
      const first = firstWith.get(value);
      if (!first) {
        firstWith.set(value, item);
        continue;
      }
      renumber ??= renumberSuggestion(backlog);
      findings.push({
        message: `Item ${itemName(backlog, item)} has priority ${num(value)}, the same as ${itemName(backlog, first, { rank: true })}; expected a unique number, as an ordered backlog has no ties`,
        span: p.span,
        itemIndex: item.index,
        suggestions: renumber,
      });
    }
    return findings;
  },
};

/** Renumbering overwrites the owner's numbers: a suggestion, never a fix. */
function renumberSuggestion(backlog: Backlog): Suggestion[] {
  const plan = planRenumberPriorities(backlog);
  return plan.ok && plan.edits.length > 0 ? [{ title: 'Renumber priorities to document order', edits: plan.edits }] : [];
}
