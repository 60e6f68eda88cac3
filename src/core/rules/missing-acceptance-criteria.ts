// missing-acceptance-criteria: without criteria nobody can tell when the item is done. Items that are ready or
// further along need them (a warning); items still being refined get a hint (info).
import { planAddCriterion } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { StatusKind } from '../model';
import { itemName } from './helpers';

/** The placeholder the fix inserts: clearly not a real criterion, and the editor selects it for typing over. */
export const CRITERION_PLACEHOLDER = '[criterion]';

const COMMITTED: ReadonlySet<StatusKind> = new Set(['ready', 'in-progress', 'review', 'done', 'accepted']);
const FINISHED: ReadonlySet<StatusKind> = new Set(['done', 'accepted']);

export const missingAcceptanceCriteria: Rule = {
  id: 'missing-acceptance-criteria',
  description: 'Items need acceptance criteria; a warning once an item is ready or later, a hint before that.',
  // Per finding: warning for ready and later, info before (see check). The default names the stronger one.
  defaultSeverity: 'warning',
  fixable: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    for (const item of backlog.items) {
      if (item.criteria.length > 0) continue;
      const kind = item.status?.kind ?? null;
      const committed = kind !== null && COMMITTED.has(kind);
      const plan = planAddCriterion(backlog, item.index, CRITERION_PLACEHOLDER);
      const where =
        item.shape === 'table'
          ? plan.ok
            ? 'expected `- [ ]` criteria in its acceptance-criteria cell'
            : 'expected an acceptance-criteria column with `- [ ]` criteria'
          : item.criteriaLabelSpan
            ? 'expected `- [ ]` criteria under its label'
            : 'expected a labelled `- [ ]` list';
      // A done item's criteria record what was accepted: an unchecked stub would claim open work (done-with-open-
      // criteria) and a checked one would claim an acceptance nobody made. A human writes those.
      const finished = kind !== null && FINISHED.has(kind);
      findings.push({
        message: `Item ${itemName(item)} has no acceptance criteria; ${where}${kind ? ` (status is \`${kind}\`)` : ''}`,
        span: item.titleSpan,
        itemIndex: item.index,
        severity: committed ? 'warning' : 'info',
        fixes: plan.ok && !finished ? [{ title: 'Add an acceptance criterion stub', edits: plan.edits }] : [],
      });
    }
    return findings;
  },
};
