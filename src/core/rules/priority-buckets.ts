// priority-buckets: items ranked only by tiers (High/Medium/Low, MoSCoW, or a small numeric scale such as 1-5 shared
// by many items). A tier is a tie; the Product Backlog is ordered, so the position in the file has to say which of
// two "High" items comes first.
import type { Rule, RuleFinding } from '../lint';
import type { BacklogItem } from '../model';
import { BUCKET_SCALE_MAX, bucketScale, hasNumericPriority } from './helpers';

const id = 'priority-buckets';

export const priorityBuckets: Rule = {
  id,
  description: 'Items are ranked only by priority buckets (High/Medium/Low, MoSCoW, a shared 1-5 scale), which are ties, not an order.',
  defaultSeverity: 'info',
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const numeric = bucketScale(backlog);
    const byBucket = new Map<string, BacklogItem[]>();
    for (const item of backlog.items) {
      const p = item.priority;
      if (!p) continue;
      const bucket = p.value === null ? p.bucket : numeric && hasNumericPriority(item) ? String(p.value) : null;
      if (bucket === null) continue;
      // An item that disables the rule does not count towards the file-level finding either.
      if (item.disabledRules.has(id) || item.disabledRules.has('all')) continue;
      const list = byBucket.get(bucket) ?? [];
      list.push(item);
      byBucket.set(bucket, list);
    }
    const shared = [...byBucket].filter(([, items]) => items.length >= 2);
    if (shared.length === 0) return [];
    if (numeric) shared.sort(([a], [b]) => Number(a) - Number(b));
    const count = shared.reduce((n, [, items]) => n + items.length, 0);
    const first = shared.map(([, items]) => items[0]).sort((a, b) => a.index - b.index)[0];
    const tiers = shared.map(([bucket, items]) => `${bucket} ×${items.length}`).join(', ');
    const what = numeric ? `share the priorities 1 to ${BUCKET_SCALE_MAX}, a bucket scale (${tiers})` : `are ranked only by priority buckets (${tiers})`;
    const finding: RuleFinding = {
      message: `${count} items ${what}; expected an order without ties: the position in the file is the rank, so order the items within each bucket top to bottom, or ${numeric ? 'number them without repeats' : 'give them numbers'}`,
      span: first.priority!.span, // Always set: only items with a bucket are collected.
      itemIndex: -1,
    };
    return [finding];
  },
};
