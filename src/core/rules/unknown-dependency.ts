// unknown-dependency: an item depends on an ID that no item in the backlog has (a typo, or a removed item), so the
// dependency cannot be checked or ordered.
import type { Rule, RuleFinding } from '../lint';
import { code, idKey, itemName, itemsById } from './helpers';

export const unknownDependency: Rule = {
  id: 'unknown-dependency',
  description: 'A dependency names an ID that no item in the backlog has.',
  defaultSeverity: 'error',
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    let byId: ReturnType<typeof itemsById> | undefined;
    let known = '';
    for (const item of backlog.items) {
      if (item.dependsOn.length === 0) continue;
      if (!byId) {
        byId = itemsById(backlog);
        const examples = [...byId.values()].slice(0, 3).map((i) => code(i.id!)); // Always set: keyed by ID.
        known = examples.length === 0 ? 'no item has an ID' : `IDs are like ${examples.join(', ')}`;
      }
      for (const dep of item.dependsOn) {
        if (byId.has(idKey(dep.id))) continue;
        findings.push({
          message: `Item ${itemName(backlog, item)} depends on ${code(dep.id)}, which is not an item in this backlog; expected the ID of an item here (${known})`,
          span: dep.span,
          itemIndex: item.index,
        });
      }
    }
    return findings;
  },
};
