// Questions several front ends ask of a backlog: what comes next (`backlog next`, the MCP `next_items`), and which
// items match a filter (the MCP `list_items`). Pure functions over the parsed model.
import type { Backlog, BacklogItem, StatusKind } from './model';

/** Statuses after which an item needs no more work. */
const FINISHED: ReadonlySet<StatusKind> = new Set(['done', 'accepted', 'rejected']);

/** Whether the item is finished (done, accepted or rejected). Items without a recognised status are open. */
export function isFinished(item: BacklogItem): boolean {
  return item.status?.kind != null && FINISHED.has(item.status.kind);
}

/** The top `count` items in rank order that are not finished. */
export function nextItems(backlog: Backlog, count: number): BacklogItem[] {
  const out: BacklogItem[] = [];
  for (const item of backlog.items) {
    if (out.length >= count) break;
    if (!isFinished(item)) out.push(item);
  }
  return out;
}

export interface ItemFilter {
  /** A normalised status (`ready`, `in-progress`, ...) or the status as written; `open` = not finished. */
  readonly status?: string;
  /** The group (innermost grouping heading) or any enclosing group, case-insensitive. */
  readonly group?: string;
  /** Words that must all occur in the ID, title, value statement or criteria, case-insensitive. */
  readonly text?: string;
}

const fold = (s: string) => s.toLocaleLowerCase().replace(/\s+/g, ' ').trim();

/** The items that match every given part of the filter, in rank order. */
export function filterItems(backlog: Backlog, filter: ItemFilter): BacklogItem[] {
  const status = filter.status === undefined ? null : fold(filter.status).replace(/ /g, '-');
  const group = filter.group === undefined ? null : fold(filter.group);
  const words = filter.text === undefined ? [] : fold(filter.text).split(' ').filter((w) => w !== '');
  return backlog.items.filter((item) => {
    if (status !== null) {
      if (status === 'open') {
        if (isFinished(item)) return false;
      } else if (item.status?.kind !== status && fold(item.status?.raw ?? '').replace(/ /g, '-') !== status) return false;
    }
    if (group !== null && !item.groupPath.some((g) => fold(g) === group)) return false;
    if (words.length > 0) {
      const hay = fold([item.id ?? '', item.title, item.value ? `${item.value.role ?? ''} ${item.value.want} ${item.value.benefit ?? ''}` : '', ...item.criteria.map((c) => c.text)].join(' '));
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  });
}

export type ItemLookup = { readonly ok: true; readonly item: BacklogItem } | { readonly ok: false; readonly error: string };

/**
 * The item that a rank (`3`, 1-based) or an ID (`US-3`, case-insensitive, a leading `#` ignored) names, or a sentence
 * saying why there is none (`where` names the file in it). An ID that names several items is refused: give the rank.
 */
export function lookupItem(backlog: Backlog, spec: string, where: string): ItemLookup {
  const n = backlog.items.length;
  if (n === 0) return { ok: false, error: `${where} has no backlog items` };
  const s = spec.trim();
  if (/^\d+$/.test(s)) {
    const rank = Number(s);
    if (rank < 1 || rank > n) return { ok: false, error: `no item at rank ${s} in ${where}: ranks go from 1 to ${n}` };
    return { ok: true, item: backlog.items[rank - 1] };
  }
  const key = (id: string) => id.replace(/^#/, '').toLowerCase();
  const matches = backlog.items.filter((i) => i.id !== null && key(i.id) === key(s));
  if (matches.length === 0) return { ok: false, error: `no item with ID "${s}" in ${where} (give an ID or a rank from 1 to ${n})` };
  if (matches.length > 1) return { ok: false, error: `ID "${s}" names ${matches.length} items in ${where} (ranks ${matches.map((i) => i.rank).join(', ')}); give the rank instead` };
  return { ok: true, item: matches[0] };
}
