// missing-value-statement: an item says what to build but not for whom and why. The value statement is what lets
// the Product Owner order the backlog by value and the team negotiate scope.
import { planInsertValueStatement } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import { backlogLanguage, statementTemplate, templateText } from '../templates';
import { itemName } from './helpers';

export const missingValueStatement: Rule = {
  id: 'missing-value-statement',
  description: 'Every item needs a value statement: "As a [role], I want [goal], so that [benefit]".',
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    let template: string | undefined;
    for (const item of backlog.items) {
      if (item.value) continue;
      template ??= templateText(statementTemplate(backlogLanguage(backlog)));
      // The template is a suggestion (a person fills it in), never a fix. Table rows keep their story in a cell;
      // planInsertValueStatement refuses them, so they get no suggestion.
      const plan = planInsertValueStatement(backlog, item.index);
      findings.push({
        message: `Item ${itemName(backlog, item)} has no value statement; expected \`${template}\`${item.shape === 'table' ? ' in its story cell' : ' after the title'}`,
        span: item.titleSpan,
        itemIndex: item.index,
        suggestions: plan.ok ? [{ title: 'Insert a value statement template', edits: plan.edits, ...(plan.snippet ? { snippet: plan.snippet } : {}) }] : [],
      });
    }
    return findings;
  },
};
