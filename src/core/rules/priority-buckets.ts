// priority-buckets: items ranked only by tiers (High/Medium/Low, MoSCoW). A tier is a tie; the Product Backlog is
// ordered, so the position in the file has to say which of two "High" items comes first.
import type { Rule, RuleFinding } from '../lint';
import type { BacklogItem } from '../model';

const id = 'priority-buckets';

export const priorityBuckets: Rule = {
  id,
  description: 'Items are ranked only by priority buckets (High/Medium/Low, MoSCoW), which are ties, not an order.',
  defaultSeverity: 'info',
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const byBucket = new Map<string, BacklogItem[]>();
    for (const item of backlog.items) {
      const p = item.priority;
      if (!p || p.value !== null || p.bucket === null) continue;
      // An item that disables the rule does not count towards the file-level finding either.
      if (item.disabledRules.has(id) || item.disabledRules.has('all')) continue;
      const list = byBucket.get(p.bucket) ?? [];
      list.push(item);
      byBucket.set(p.bucket, list);
    }
    const shared = [...byBucket].filter(([, items]) => items.length >= 2);
    if (shared.length === 0) return [];
    const count = shared.reduce((n, [, items]) => n + items.length, 0);
    const first = shared.map(([, items]) => items[0]).sort((a, b) => a.index - b.index)[0];
    const tiers = shared.map(([bucket, items]) => `${bucket} ×${items.length}`).join(', ');
    const finding: RuleFinding = {
      message: `${count} items are ranked only by priority buckets (${tiers}); expected an order without ties: the position in the file is the rank, so order the items within each bucket top to bottom, or give them numbers`,
      span: first.priority!.span, // Always set: only items with a bucket are collected.
      itemIndex: -1,
    };
    return [finding];
  },
};
