// done-with-open-criteria: an item is marked done (or accepted) while some of its acceptance criteria are still
// unchecked. Either the item is not done, or the criteria were not updated; both mislead the Sprint Review.
import type { Rule, RuleFinding } from '../lint';
import type { StatusKind } from '../model';
import { itemName } from './helpers';

const FINISHED: ReadonlySet<StatusKind> = new Set(['done', 'accepted']);

export const doneWithOpenCriteria: Rule = {
  id: 'done-with-open-criteria',
  description: 'An item is done or accepted but has unchecked acceptance criteria.',
  defaultSeverity: 'warning',
  // No "check all" fix: ticking a box claims the criterion was met, which only a person can say.
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    for (const item of backlog.items) {
      const kind = item.status?.kind;
      if (!kind || !FINISHED.has(kind)) continue;
      const open = item.criteria.filter((c) => c.done === false);
      if (open.length === 0) continue;
      findings.push({
        message: `Item ${itemName(backlog, item)} is \`${kind}\` but ${open.length} of ${item.criteria.length} acceptance criteria ${open.length === 1 ? 'is' : 'are'} unchecked; expected every criterion checked, or the item back in progress`,
        span: open[0].span,
        itemIndex: item.index,
      });
    }
    return findings;
  },
};
