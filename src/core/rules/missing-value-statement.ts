// missing-value-statement: an item says what to build but not for whom and why. The value statement is what lets
// the Product Owner order the backlog by value and the team negotiate scope.
import { planInsertValueStatement } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import { itemName } from './helpers';

export const missingValueStatement: Rule = {
  id: 'missing-value-statement',
  description: 'Every item needs a value statement: "As a <role>, I want <goal>, so that <benefit>".',
  defaultSeverity: 'warning',
  fixable: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    for (const item of backlog.items) {
      if (item.value) continue;
      // Table rows keep their story in a cell; planInsertValueStatement refuses them, so they get no fix.
      const plan = planInsertValueStatement(backlog, item.index);
      findings.push({
        message: `Item ${itemName(item)} has no value statement; expected \`As a <role>, I want <goal>, so that <benefit>.\`${item.shape === 'table' ? ' in its story cell' : ' after the title'}`,
        span: item.titleSpan,
        itemIndex: item.index,
        fixes: plan.ok ? [{ title: 'Insert a value statement template', edits: plan.edits }] : [],
      });
    }
    return findings;
  },
};
