// duplicate-priority: two items share an explicit numeric priority. An ordered Product Backlog has no ties.
import { planRenumberPriorities } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { Backlog, BacklogItem, Fix } from '../model';
import { hasNumericPriority, itemName, num } from './helpers';

export const duplicatePriority: Rule = {
  id: 'duplicate-priority',
  description: 'Two items share the same numeric priority; every item needs its own place in the order.',
  defaultSeverity: 'error',
  fixable: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    const firstWith = new Map<number, BacklogItem>();
    let fix: Fix[] | undefined;
    for (const item of backlog.items) {
      if (!hasNumericPriority(item)) continue;
      const p = item.priority!; // Always set: hasNumericPriority.
      const value = p.value!;
      const first = firstWith.get(value);
      if (!first) {
        firstWith.set(value, item);
        continue;
      }
      fix ??= renumberFix(backlog);
      findings.push({
        message: `Item ${itemName(item)} has priority ${num(value)}, the same as ${itemName(first)} (rank ${first.rank}); expected a unique number, as an ordered backlog has no ties`,
        span: p.span,
        itemIndex: item.index,
        fixes: fix,
      });
    }
    return findings;
  },
};

function renumberFix(backlog: Backlog): Fix[] {
  const plan = planRenumberPriorities(backlog);
  return plan.ok && plan.edits.length > 0 ? [{ title: 'Renumber priorities to document order', edits: plan.edits }] : [];
}
