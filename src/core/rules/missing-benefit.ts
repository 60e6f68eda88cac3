// missing-benefit: "As a [role], I want [goal]" without "so that [benefit]". The benefit is the why: it lets the
// team find a cheaper way to the same value and tells the Product Owner what the item is worth.
import type { Rule, RuleFinding } from '../lint';
import { itemName } from './helpers';

export const missingBenefit: Rule = {
  id: 'missing-benefit',
  description: 'A value statement should say why: "…, so that [benefit]".',
  defaultSeverity: 'info',
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    for (const item of backlog.items) {
      if (!item.value || item.value.benefit !== null) continue;
      findings.push({
        message: `The value statement of ${itemName(backlog, item)} has no benefit; expected \`…, so that [benefit]\` saying why it matters`,
        span: item.value.span,
        itemIndex: item.index,
      });
    }
    return findings;
  },
};
