// priority-order: numeric priorities disagree with document order. The file's order is the backlog's order, so a
// number that says otherwise misleads whoever reads it.
import { planReorderByPriority, planRenumberPriorities, prioritiesDescend } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { Backlog, BacklogItem, Fix } from '../model';
import { hasNumericPriority, itemName, num } from './helpers';

export const priorityOrder: Rule = {
  id: 'priority-order',
  description: 'Numeric priorities must follow the order of the items in the file.',
  defaultSeverity: 'warning',
  fixable: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    const descend = prioritiesDescend(backlog);
    let fixes: Fix[] | undefined;
    let prev: BacklogItem | null = null;
    for (const item of backlog.items) {
      if (!hasNumericPriority(item)) continue;
      const value = item.priority!.value!; // Always set: hasNumericPriority.
      if (prev) {
        const before = prev.priority!.value!;
        if (descend ? value > before : value < before) {
          fixes ??= planFixes(backlog);
          const expected = descend ? 'expected numbers to fall down the file (the highest number ranks first)' : 'expected numbers to rise down the file (1 ranks first)';
          findings.push({
            message: `Item ${itemName(item)} has priority ${num(value)} but comes after ${itemName(prev)} with priority ${num(before)}; ${expected}`,
            span: item.priority!.span,
            itemIndex: item.index,
            fixes,
          });
        }
      }
      prev = item;
    }
    return findings;
  },
};

function planFixes(backlog: Backlog): Fix[] {
  const fixes: Fix[] = [];
  const renumber = planRenumberPriorities(backlog);
  if (renumber.ok && renumber.edits.length > 0) fixes.push({ title: 'Renumber priorities to document order', edits: renumber.edits });
  const reorder = planReorderByPriority(backlog);
  if (reorder.ok && reorder.edits.length > 0) fixes.push({ title: 'Sort items by priority', edits: reorder.edits });
  return fixes;
}
