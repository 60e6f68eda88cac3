// missing-acceptance-criteria: without criteria nobody can tell when the item is done. Items that are ready or
// further along need them (a warning); items still being refined get a hint (info).
import { planAddCriterion } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { StatusKind } from '../model';
import { backlogLanguage, criterionPlaceholder } from '../templates';
import { itemName } from './helpers';

const COMMITTED: ReadonlySet<StatusKind> = new Set(['ready', 'in-progress', 'review', 'done', 'accepted']);
const FINISHED: ReadonlySet<StatusKind> = new Set(['done', 'accepted']);

export const missingAcceptanceCriteria: Rule = {
  id: 'missing-acceptance-criteria',
  description: 'Items need acceptance criteria; a warning once an item is ready or later, a hint before that.',
  // Per finding: warning for ready and later, info before (see check). The default names the stronger one.
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    let placeholder: string | undefined;
    for (const item of backlog.items) {
      if (item.criteria.length > 0) continue;
      const kind = item.status?.kind ?? null;
      const committed = kind !== null && COMMITTED.has(kind);
      placeholder ??= criterionPlaceholder(backlogLanguage(backlog));
      // A stub is a suggestion (a person writes the criterion), never a fix.
      const plan = planAddCriterion(backlog, item.index, [{ stop: 1, text: placeholder }]);
      const where =
        item.shape === 'table'
          ? plan.ok
            ? 'expected `- [ ]` criteria in its acceptance-criteria cell'
            : 'expected an acceptance-criteria column with `- [ ]` criteria'
          : item.criteriaLabelSpan
            ? 'expected `- [ ]` criteria under its label'
            : item.shape === 'list'
              ? 'expected a nested `- [ ]` list'
              : 'expected a labelled `- [ ]` list';
      // A done item's criteria record what was accepted: an unchecked stub would claim open work (done-with-open-
      // criteria) and a checked one would claim an acceptance nobody made. A person writes those.
      const finished = kind !== null && FINISHED.has(kind);
      findings.push({
        message: `Item ${itemName(backlog, item)} has no acceptance criteria; ${where}${kind ? ` (status is \`${kind}\`)` : ''}`,
        span: item.titleSpan,
        itemIndex: item.index,
        severity: committed ? 'warning' : 'info',
        suggestions: plan.ok && !finished ? [{ title: 'Add an acceptance criterion', edits: plan.edits, ...(plan.snippet ? { snippet: plan.snippet } : {}) }] : [],
      });
    }
    return findings;
  },
};
