// Small helpers shared by the rule modules (not a rule itself: rule files are named after their rule id).
import type { Backlog, BacklogItem, Span } from '../model';
import { DISABLE_COMMENT } from '../parse';

/** Wraps text in backticks for a message, choosing a fence that survives backticks inside. */
export function code(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t.includes('`')) return `\`${t}\``;
  return `\`\` ${t} \`\``;
}

/**
 * How messages name an item so that a reader can tell it from the others: its ID and title, the title shortened to
 * the part that differs from the other titles (`…view the menu`, not the same "As a guest, I would like to" for every
 * story); without an ID (or with `rank`), its rank too: `` `Log in` (rank 3) ``.
 */
export function itemName(backlog: Backlog, item: BacklogItem, options: { rank?: boolean } = {}): string {
  const title = shortTitle(item.title, sharedPrefixes(backlog)[item.index] ?? 0);
  const name = code(item.id && title ? `${item.id} ${title}` : (item.id ?? title));
  return item.id && !options.rank ? name : title || item.id ? `${name} (rank ${item.rank})` : `rank ${item.rank}`;
}

const MAX_TITLE = 40;

/** A title cut to MAX_TITLE characters, starting at the last shared word when it shares a long start with another. */
export function shortTitle(title: string, shared: number): string {
  let t = title;
  let lead = '';
  if (t.length > MAX_TITLE && shared >= 12) {
    // Keep a few shared words for context: "…to view the menu", "…to view the prices".
    const cut = t.lastIndexOf(' ', t.lastIndexOf(' ', shared - 1) - 10) + 1;
    if (cut > 0) {
      t = t.slice(cut);
      lead = '…';
    }
  }
  return t.length + lead.length > MAX_TITLE ? `${lead}${t.slice(0, MAX_TITLE - 2 - lead.length).trimEnd()}…` : lead + t;
}

const prefixCache = new WeakMap<Backlog, number[]>();

/** Per item: the length of the longest start its title shares with another item's title. O(n log n), once per backlog. */
function sharedPrefixes(backlog: Backlog): number[] {
  let shared = prefixCache.get(backlog);
  if (shared) return shared;
  const items = backlog.items;
  shared = new Array<number>(items.length).fill(0);
  if (items.some((i) => i.title.length > MAX_TITLE)) {
    const order = items.map((i) => i.index).sort((a, b) => (items[a].title < items[b].title ? -1 : items[a].title > items[b].title ? 1 : a - b));
    for (let k = 1; k < order.length; k++) {
      const a = items[order[k - 1]].title;
      const b = items[order[k]].title;
      let n = 0;
      while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
      shared[order[k - 1]] = Math.max(shared[order[k - 1]], n);
      shared[order[k]] = Math.max(shared[order[k]], n);
    }
  }
  prefixCache.set(backlog, shared);
  return shared;
}

/** An item's short reference for lists: its ID, else `rank N`. */
export function itemRef(item: BacklogItem): string {
  return item.id ? code(item.id) : `rank ${item.rank}`;
}

const idKeys = new Map<string, string>();

/** IDs compare case-insensitively and without a leading `#` (`#12` = `12`, `us-1` = `US-1`). Memoised: every rule
 * that compares IDs asks for every item's key on every keystroke. */
export function idKey(id: string): string {
  let key = idKeys.get(id);
  if (key === undefined) {
    key = id.replace(/[*_`[\]]/g, '').trim().replace(/^#/, '').toLowerCase();
    if (idKeys.size >= 100_000) idKeys.clear();
    idKeys.set(id, key);
  }
  return key;
}

const byIdCache = new WeakMap<Backlog, Map<string, BacklogItem>>();

/** The first item with each ID (later duplicates are `duplicate-id`'s business). Computed once per parsed backlog. */
export function itemsById(backlog: Backlog): ReadonlyMap<string, BacklogItem> {
  const cached = byIdCache.get(backlog);
  if (cached) return cached;
  const out = new Map<string, BacklogItem>();
  for (const item of backlog.items) {
    if (!item.id) continue;
    const key = idKey(item.id);
    if (key !== '' && !out.has(key)) out.set(key, item);
  }
  byIdCache.set(backlog, out);
  return out;
}

/** Index of the item whose span holds `offset`, or -1 (items are in document order). O(log items). */
export function itemAt(backlog: Backlog, offset: number): number {
  const items = backlog.items;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = items[mid].span;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Whether an item has an explicit numeric priority of its own (not a bucket word, not from its group). */
export function hasNumericPriority(item: BacklogItem): boolean {
  return item.priority !== null && item.priority.value !== null && item.priority.source !== 'group';
}

/** The largest value of a numeric bucket scale, and how many more items than values make one (see bucketScale). */
export const BUCKET_SCALE_MAX = 5;

const scales = new WeakMap<Backlog, boolean>();

/**
 * Whether the numeric priorities are a bucket scale rather than an order: more than BUCKET_SCALE_MAX items have one,
 * and every one is a whole number from 1 to BUCKET_SCALE_MAX. Such a file cannot be giving each item its own place
 * (there are more items than numbers), so its ties are one priority-buckets finding, not a duplicate-priority error
 * per row. Computed once per parsed backlog.
 */
export function bucketScale(backlog: Backlog): boolean {
  let scale = scales.get(backlog);
  if (scale !== undefined) return scale;
  let count = 0;
  scale = true;
  for (const item of backlog.items) {
    if (!hasNumericPriority(item)) continue;
    const v = item.priority!.value!; // Always set: hasNumericPriority.
    if (!Number.isInteger(v) || v < 1 || v > BUCKET_SCALE_MAX) {
      scale = false;
      break;
    }
    count++;
  }
  scale &&= count > BUCKET_SCALE_MAX;
  scales.set(backlog, scale);
  return scale;
}

/** Formats a number the way it was probably written (`2`, `2.5`). */
export function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** The first line of the text (after a BOM): where file-level findings point when nothing better exists. */
export function firstLine(source: string): Span {
  const start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = source.indexOf('\n', start);
  if (end === -1) end = source.length;
  if (end > start && source.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** One resolved dependency: the item at `from` depends on the item at `to`, written at `ref`. */
export interface DependencyEdge {
  readonly from: number;
  readonly to: number;
  readonly ref: Span;
}

/** Dependencies between items of the file, and which of them lie on a cycle. */
export interface DependencyGraph {
  /** Edges per item index, in the order the dependencies are written. Unknown IDs are left out. */
  readonly edges: readonly (readonly DependencyEdge[])[];
  /** Strongly connected component of each item: items on a common cycle share it. */
  readonly component: readonly number[];
  /** Whether the item lies on a cycle (its component has several items, or it depends on itself). */
  readonly cyclic: readonly boolean[];
}

const graphs = new WeakMap<Backlog, DependencyGraph>();

/** The dependency graph, computed once per parsed backlog (dependency-order and dependency-cycle share it). O(V+E). */
export function dependencyGraph(backlog: Backlog): DependencyGraph {
  const cached = graphs.get(backlog);
  if (cached) return cached;
  const n = backlog.items.length;
  const byId = itemsById(backlog);
  const edges: DependencyEdge[][] = backlog.items.map((item) =>
    item.dependsOn.flatMap((dep) => {
      const target = byId.get(idKey(dep.id));
      return target ? [{ from: item.index, to: target.index, ref: dep.span }] : [];
    }),
  );
  // Tarjan's algorithm, iterative so that a long dependency chain cannot overflow the stack.
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const component = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; next: number }[] = [{ v: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const out = edges[frame.v];
      if (frame.next < out.length) {
        const w = out[frame.next++].to;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push({ v: w, next: 0 });
        } else if (onStack[w]) low[frame.v] = Math.min(low[frame.v], index[w]);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low[parent] = Math.min(low[parent], low[frame.v]);
      }
      if (low[frame.v] === index[frame.v]) {
        let w: number;
        do {
          w = stack.pop()!; // Always defined: frame.v is on the stack.
          onStack[w] = false;
          component[w] = components;
        } while (w !== frame.v);
        components++;
      }
    }
  }
  const size = new Array<number>(components).fill(0);
  for (const c of component) size[c]++;
  const cyclic = component.map((c, v) => size[c] > 1 || edges[v].some((e) => e.to === v));
  const graph = { edges, component, cyclic };
  graphs.set(backlog, graph);
  return graph;
}

/**
 * Whether a `<!-- backlog-disable-next-item ... -->` comment on the last non-blank line before `offset` silences
 * `ruleId`: findings on a group heading (a sprint), which is not an item, are suppressed the way items are.
 */
export function disabledAbove(source: string, offset: number, ruleId: string): boolean {
  let end = source.lastIndexOf('\n', offset - 1);
  while (end > 0) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const line = source.slice(start, end).trim();
    if (line !== '') {
      const m = DISABLE_COMMENT.exec(line);
      if (!m) return false;
      const ids = m[1].trim().split(/[\s,]+/).filter(Boolean);
      return ids.length === 0 || ids.includes(ruleId) || ids.includes('all');
    }
    end = start - 1;
  }
  return false;
}
