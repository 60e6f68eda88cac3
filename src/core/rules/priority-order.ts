// priority-order: numeric priorities disagree with document order. The file's order is the backlog's order, so a
// number that says otherwise misleads whoever reads it.
import { planReorderByPriority, planRenumberPriorities, prioritiesDescend } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { Backlog, BacklogItem, Suggestion } from '../model';
import { hasNumericPriority, itemName, num } from './helpers';

export const priorityOrder: Rule = {
  id: 'priority-order',
  description: 'Numeric priorities must follow the order of the items in the file.',
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    const descend = prioritiesDescend(backlog);
    let suggestions: Suggestion[] | undefined;
    let prev: BacklogItem | null = null;
    for (const item of backlog.items) {
      if (!hasNumericPriority(item)) continue;
      const value = item.priority!.value!; // Always set: hasNumericPriority.
      if (prev) {
        const before = prev.priority!.value!;
        if (descend ? value > before : value < before) {
          suggestions ??= planSuggestions(backlog);
          const expected = descend ? 'expected numbers to fall down the file (the highest number ranks first)' : 'expected numbers to rise down the file (1 ranks first)';
          findings.push({
            message: `Item ${itemName(backlog, item)} has priority ${num(value)} but comes after ${itemName(backlog, prev)} with priority ${num(before)}; ${expected}`,
            span: item.priority!.span,
            itemIndex: item.index,
            suggestions,
          });
        }
      }
      prev = item;
    }
    return findings;
  },
};

/** Both overwrite the owner's decisions (the numbers, or the order): suggestions, never fixes. */
function planSuggestions(backlog: Backlog): Suggestion[] {
  const fixes: Suggestion[] = [];
  const renumber = planRenumberPriorities(backlog);
  if (renumber.ok && renumber.edits.length > 0) fixes.push({ title: 'Renumber priorities to document order', edits: renumber.edits });
  const reorder = planReorderByPriority(backlog);
  if (reorder.ok && reorder.edits.length > 0) fixes.push({ title: 'Sort items by priority', edits: reorder.edits });
  return fixes;
}
