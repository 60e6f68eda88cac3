// missing-value-statement: an item says what to build but not for whom and why. The value statement is what lets
// the Product Owner order the backlog by value and the team negotiate scope.
import { formatValueStatement, planInsertValueStatement } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import { itemName } from './helpers';

/** What the fix inserts (planInsertValueStatement's default). */
const TEMPLATE = formatValueStatement({ role: '[role]', want: '[goal]', benefit: '[benefit]' });

export const missingValueStatement: Rule = {
  id: 'missing-value-statement',
  description: 'Every item needs a value statement: "As a [role], I want [goal], so that [benefit]".',
  defaultSeverity: 'warning',
  fixable: true,
  check({ backlog, source }) {
    const findings: RuleFinding[] = [];
    for (const item of backlog.items) {
      if (item.value) continue;
      // An unfilled template is still no statement, but inserting another one would not help (and Fix All must stay
      // idempotent even when the parser does not read the template's `[role]` placeholders as text).
      if (source.slice(item.span.start, item.span.end).includes(TEMPLATE)) {
        findings.push({
          message: `Item ${itemName(item)} has an unfilled value statement template; expected \`[role]\`, \`[goal]\` and \`[benefit]\` replaced by who wants it, what and why`,
          span: item.titleSpan,
          itemIndex: item.index,
        });
        continue;
      }
      // Table rows keep their story in a cell; planInsertValueStatement refuses them, so they get no fix.
      const plan = planInsertValueStatement(backlog, item.index);
      findings.push({
        message: `Item ${itemName(item)} has no value statement; expected \`${TEMPLATE}\`${item.shape === 'table' ? ' in its story cell' : ' after the title'}`,
        span: item.titleSpan,
        itemIndex: item.index,
        fixes: plan.ok ? [{ title: 'Insert a value statement template', edits: plan.edits }] : [],
      });
    }
    return findings;
  },
};
