// duplicate-id: two items share an ID, so references to it (dependencies, commits, conversations) are ambiguous.
import type { Rule, RuleFinding } from '../lint';
import type { BacklogItem } from '../model';
import { code, idKey, itemName } from './helpers';

export const duplicateId: Rule = {
  id: 'duplicate-id',
  description: 'Two items share the same ID (compared case-insensitively, `#12` = `12`).',
  defaultSeverity: 'error',
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    const seen = new Map<string, BacklogItem>();
    for (const item of backlog.items) {
      if (!item.id) continue;
      const key = idKey(item.id);
      if (key === '') continue;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, item);
        continue;
      }
      findings.push({
        message: `Item ${itemName(backlog, item)} has the ID ${code(item.id)}, already used by ${itemName(backlog, first, { rank: true })}; expected a unique ID so that references to it are unambiguous`,
        span: item.idSpan ?? item.titleSpan,
        itemIndex: item.index,
        related: [{ span: first.idSpan ?? first.titleSpan, message: `First use of ${code(item.id)}: ${itemName(backlog, first, { rank: true })}` }],
      });
    }
    return findings;
  },
};
