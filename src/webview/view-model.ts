// Pure functions behind the board: filtering, grouping, status options, keyboard and drop targets, persisted UI
// state. No DOM here (vitest runs these in Node); board.ts and the render modules call them.
import type { StatusKind } from '../core/model';
import type { BoardCriterion, BoardItem, BoardProblem, BoardSnapshot } from '../shared/protocol';

// ---------------------------------------------------------------------------------------------- UI state

export type Density = 'list' | 'detail';

/** An item named by position, with its ID to find it again after the list changed. */
export interface ItemRef {
  readonly index: number;
  readonly id: string | null;
}

/** What `vscode.setState` keeps across hide/restore (and what a `WebviewPanelSerializer` receives). */
export interface BoardViewState {
  readonly filter: string;
  /** A `statusKey`, or '' for all. */
  readonly status: string;
  readonly density: Density;
  readonly selected: ItemRef | null;
  /** Scroll offset of the card list (wide layout) and of the page (narrow layout). */
  readonly scrollTop: number;
  readonly pageScrollY: number;
}

export const DEFAULT_VIEW_STATE: BoardViewState = { filter: '', status: '', density: 'detail', selected: null, scrollTop: 0, pageScrollY: 0 };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const offset = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, 1e8) : 0);

/** Reads persisted state defensively: `getState()` may hold an older shape, or nothing. Unknown parts fall back to defaults. */
export function restoreViewState(raw: unknown): BoardViewState {
  if (!isObj(raw)) return DEFAULT_VIEW_STATE;
  const filter = own(raw, 'filter');
  const status = own(raw, 'status');
  const density = own(raw, 'density');
  const sel = own(raw, 'selected');
  let selected: ItemRef | null = null;
  if (isObj(sel)) {
    const index = own(sel, 'index');
    const id = own(sel, 'id');
    if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0) {
      selected = { index, id: typeof id === 'string' && id.length <= 1000 ? id : null };
    }
  }
  return {
    filter: typeof filter === 'string' ? filter.slice(0, 1000) : '',
    status: typeof status === 'string' && status.length <= 1000 ? status : '',
    density: density === 'list' || density === 'detail' ? density : DEFAULT_VIEW_STATE.density,
    selected,
    scrollTop: offset(own(raw, 'scrollTop')),
    pageScrollY: offset(own(raw, 'pageScrollY')),
  };
}

/** Finds a referenced item in a (possibly newer) snapshot: by ID when it has one, else by position. -1 if gone. */
export function resolveRef(snapshot: BoardSnapshot, ref: ItemRef | null): number {
  if (!ref) return -1;
  if (ref.id !== null) {
    const at = snapshot.items[ref.index];
    if (at && at.id === ref.id) return ref.index;
    const found = snapshot.items.find((it) => it.id === ref.id);
    if (found) return found.index;
  }
  return ref.index < snapshot.items.length ? ref.index : -1;
}

export const refOf = (item: BoardItem): ItemRef => ({ index: item.index, id: item.id });

// ---------------------------------------------------------------------------------------------- groups

/** Whether group `g` is `group` or lies inside it. */
function inGroup(snapshot: BoardSnapshot, g: number, group: number): boolean {
  const path = snapshot.groups[g]?.path;
  const target = snapshot.groups[group]?.path;
  return !!path && !!target && path.length >= target.length && g >= group && target.every((t, k) => path[k] === t) && !snapshot.groups.slice(group + 1, g).some((x) => x.path.length <= target.length);
}

/** The items inside group `group` (in it or in a group inside it), in document order. */
export function itemsInGroup(snapshot: BoardSnapshot, group: number): number[] {
  return snapshot.items.filter((it) => it.groupIndex >= 0 && inGroup(snapshot, it.groupIndex, group)).map((it) => it.index);
}

/**
 * Where item `from` lands when it moves into group `group`, as the core's planMoveToGroup puts it: after the group's
 * last item, or (an empty group) after every item written before the group's heading. Null for a bad index.
 */
export function groupMoveTarget(snapshot: BoardSnapshot, from: number, group: number): number | null {
  if (!snapshot.items[from] || !snapshot.groups[group]) return null;
  const inside = itemsInGroup(snapshot, group).filter((i) => i !== from);
  if (inside.length > 0) {
    const last = inside[inside.length - 1];
    return last > from ? last : last + 1;
  }
  // Groups are in document order, so the items of earlier groups (and those above every group) come before it.
  return snapshot.items.filter((it) => it.index !== from && it.groupIndex < group).length;
}

/** The label of a group in a picker: indented by depth, `(empty)` when no item is inside it. */
export function groupChoiceLabel(snapshot: BoardSnapshot, group: number): string {
  const g = snapshot.groups[group];
  return `${'\u2003'.repeat(Math.max(0, g.path.length - 1))}${g.title}${itemsInGroup(snapshot, group).length === 0 ? ' (empty)' : ''}`;
}

// ---------------------------------------------------------------------------------------------- status

export const STATUS_ORDER: readonly StatusKind[] = ['todo', 'refining', 'ready', 'in-progress', 'review', 'done', 'accepted', 'rejected'];

export const STATUS_LABEL: Readonly<Record<StatusKind, string>> = {
  todo: 'To do',
  refining: 'Refining',
  ready: 'Ready',
  'in-progress': 'In progress',
  review: 'Review',
  done: 'Done',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

/** Words offered when setting a status, after the words the file already uses. */
export const COMMON_STATUS_VALUES: readonly string[] = ['Todo', 'Refining', 'Ready', 'In Progress', 'Review', 'Done', 'Accepted', 'Rejected'];

export const NO_STATUS = 'none';

/** The status filter key of an item: its kind, `raw:<word>` for an unrecognised word, or `none`. */
export function statusKey(item: BoardItem): string {
  if (!item.status) return NO_STATUS;
  if (item.status.kind) return item.status.kind;
  const raw = item.status.raw.trim().toLowerCase();
  return raw === '' ? NO_STATUS : `raw:${raw}`;
}

export interface StatusOption {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

/** Status filter options present in the snapshot: kinds in workflow order, other words A–Z, then "No status". */
export function statusOptions(snapshot: BoardSnapshot): StatusOption[] {
  const counts = new Map<string, number>();
  const rawLabel = new Map<string, string>();
  for (const it of snapshot.items) {
    const k = statusKey(it);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (k.startsWith('raw:') && !rawLabel.has(k)) rawLabel.set(k, it.status!.raw.trim());
  }
  const out: StatusOption[] = [];
  for (const kind of STATUS_ORDER) if (counts.has(kind)) out.push({ value: kind, label: STATUS_LABEL[kind], count: counts.get(kind)! });
  const raws = [...rawLabel.keys()].sort((a, b) => a.localeCompare(b));
  for (const k of raws) out.push({ value: k, label: rawLabel.get(k)!, count: counts.get(k)! });
  if (counts.has(NO_STATUS)) out.push({ value: NO_STATUS, label: 'No status', count: counts.get(NO_STATUS)! });
  return out;
}

/** Values offered in the detail pane's status select: the file's own words first (first use order), then common ones. */
export function statusChoices(snapshot: BoardSnapshot): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (v: string): void => {
    const t = v.trim();
    if (t === '' || /[\r\n]/.test(t) || seen.has(t.toLowerCase())) return;
    seen.add(t.toLowerCase());
    out.push(t);
  };
  for (const it of snapshot.items) if (it.status) add(it.status.raw);
  for (const v of COMMON_STATUS_VALUES) add(v);
  return out;
}

// ---------------------------------------------------------------------------------------------- filtering

const searchCache = new WeakMap<BoardItem, string>();

/** Lowercased text the filter box searches: ID, title, status, estimate, owner, group, value statement, criteria. */
export function searchText(item: BoardItem): string {
  let s = searchCache.get(item);
  if (s === undefined) {
    const parts = [item.id, item.title, item.status?.raw, item.estimate, item.owner, item.group, item.value?.role, item.value?.want, item.value?.benefit];
    for (const c of item.criteria) parts.push(c.text);
    s = parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n').toLowerCase();
    searchCache.set(item, s);
  }
  return s;
}

/** Splits the filter box into lowercase terms; every term must occur. */
export function filterTerms(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter((t) => t !== '');
}

/** Indexes of the items shown for a filter text and a status key ('' = all), in rank order. */
export function visibleItems(snapshot: BoardSnapshot, filter: string, status: string): number[] {
  const terms = filterTerms(filter);
  const out: number[] = [];
  for (const it of snapshot.items) {
    if (status !== '' && statusKey(it) !== status) continue;
    if (terms.length > 0) {
      const text = searchText(it);
      if (!terms.every((t) => text.includes(t))) continue;
    }
    out.push(it.index);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- grouping

export interface Section {
  /** Stable across re-renders: the group and how many runs of that group came before. */
  readonly key: string;
  readonly groupIndex: number;
  /** `Release 1 › Epic: Login`; '' for items outside any group. */
  readonly title: string;
  readonly items: readonly number[];
}

/**
 * Splits the visible items into sections by group, keeping rank order: a new section starts whenever the group
 * changes, so a group that the file splits into two places shows twice rather than reordering the backlog.
 */
export function sectionsOf(snapshot: BoardSnapshot, visible: readonly number[]): Section[] {
  const out: { key: string; groupIndex: number; title: string; items: number[] }[] = [];
  const runs = new Map<number, number>();
  for (const i of visible) {
    const g = snapshot.items[i].groupIndex;
    const last = out[out.length - 1];
    if (last && last.groupIndex === g) {
      last.items.push(i);
      continue;
    }
    const n = runs.get(g) ?? 0;
    runs.set(g, n + 1);
    const group = g >= 0 ? snapshot.groups[g] : undefined;
    const title = group ? (group.path.length > 0 ? group.path : [group.title]).join(' › ') : '';
    out.push({ key: `g${g}:${n}`, groupIndex: g, title, items: [i] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- moves and focus

export type MoveKey = 'up' | 'down' | 'top' | 'bottom';

/**
 * The final index for a keyboard move of item `index`, or null when it cannot move. Up/down step over the
 * neighbouring *visible* card (with a filter on, hidden items in between are passed too); top/bottom go to the ends
 * of the whole backlog.
 */
export function keyboardMoveTarget(visible: readonly number[], index: number, key: MoveKey, itemCount: number): number | null {
  if (!Number.isInteger(index) || index < 0 || index >= itemCount) return null;
  switch (key) {
    case 'top':
      return index === 0 ? null : 0;
    case 'bottom':
      return index === itemCount - 1 ? null : itemCount - 1;
    case 'up':
    case 'down': {
      const pos = visible.indexOf(index);
      if (pos < 0) return null;
      const next = visible[key === 'up' ? pos - 1 : pos + 1];
      return next === undefined ? null : next;
    }
  }
}

/**
 * The final index for a drop of item `from` into `slot` (0..itemCount: before item `slot`, or at the end), or null
 * when the drop leaves it where it is.
 */
export function dropTarget(from: number, slot: number, itemCount: number): number | null {
  if (!Number.isInteger(slot) || slot < 0 || slot > itemCount) return null;
  const to = slot > from ? slot - 1 : slot;
  return to === from ? null : to;
}

/** Where a pointer at `y` drops: before the first card whose middle is below `y`, else after the last one. */
export function slotAt(cards: readonly { readonly index: number; readonly top: number; readonly bottom: number }[], y: number): number | null {
  if (cards.length === 0) return null;
  for (const c of cards) if (y < (c.top + c.bottom) / 2) return c.index;
  return cards[cards.length - 1].index + 1;
}

export type FocusKey = 'prev' | 'next' | 'first' | 'last' | 'pageUp' | 'pageDown';

/** The item that gets focus for an arrow/Home/End/Page key among the visible cards, or null to stay. */
export function nextFocus(visible: readonly number[], current: number, key: FocusKey, page = 10): number | null {
  if (visible.length === 0) return null;
  const pos = visible.indexOf(current);
  let to: number;
  switch (key) {
    case 'first':
      to = 0;
      break;
    case 'last':
      to = visible.length - 1;
      break;
    case 'prev':
      to = pos < 0 ? 0 : Math.max(0, pos - 1);
      break;
    case 'next':
      to = pos < 0 ? 0 : Math.min(visible.length - 1, pos + 1);
      break;
    case 'pageUp':
      to = pos < 0 ? 0 : Math.max(0, pos - page);
      break;
    case 'pageDown':
      to = pos < 0 ? 0 : Math.min(visible.length - 1, pos + page);
      break;
  }
  return visible[to] === current ? null : visible[to];
}

/** The final position of criterion `index` of `count` for a move key, or null when it cannot move. */
export function criterionMoveTarget(count: number, index: number, key: MoveKey): number | null {
  if (!Number.isInteger(index) || index < 0 || index >= count) return null;
  const to = key === 'up' ? index - 1 : key === 'down' ? index + 1 : key === 'top' ? 0 : count - 1;
  return to < 0 || to >= count || to === index ? null : to;
}

/** Clamps a typed rank for "New item" to 1..itemCount + 1; NaN and empty give the end. */
export function clampRank(rank: number, itemCount: number): number {
  if (!Number.isFinite(rank)) return itemCount + 1;
  return Math.min(itemCount + 1, Math.max(1, Math.round(rank)));
}

// ---------------------------------------------------------------------------------------------- display helpers

/** `3/5`, or '' without criteria. */
export function progressText(p: { readonly done: number; readonly total: number }): string {
  return p.total === 0 ? '' : `${p.done}/${p.total}`;
}

/** Progress of a criteria list (the snapshot carries it too; this is for checks and drafts). */
export function progressOf(criteria: readonly BoardCriterion[]): { done: number; total: number } {
  return { done: criteria.filter((c) => c.done === true).length, total: criteria.length };
}

export interface ProblemSummary {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  /** The worst severity present, or null. */
  readonly worst: 'error' | 'warning' | 'info' | null;
}

export function problemSummary(problems: readonly BoardProblem[]): ProblemSummary {
  let error = 0;
  let warning = 0;
  let info = 0;
  for (const p of problems) {
    if (p.severity === 'error') error++;
    else if (p.severity === 'warning') warning++;
    else info++;
  }
  return { error, warning, info, worst: error ? 'error' : warning ? 'warning' : info ? 'info' : null };
}

/** One line per problem, for a badge's tooltip. */
export function problemsTooltip(problems: readonly BoardProblem[]): string {
  return problems.map((p) => `${p.severity}: ${p.message} (${p.ruleId})`).join('\n');
}

/** Key of a card in the DOM cache: the item's position and ID. */
export const itemKey = (item: BoardItem): string => `${item.index}:${item.id ?? ''}`;

/**
 * Everything a card shows except its position, as one string: equal signatures render equal cards, so a card can
 * be reused (and only its rank patched) when an item moved.
 */
export function contentSignature(item: BoardItem): string {
  return JSON.stringify([item.id, item.title, item.status, item.estimate, item.owner, item.group, item.groupIndex, item.value, item.criteria, item.problems]);
}

/** The value-statement fields as the inputs show them. */
export function valueFields(item: BoardItem): { role: string; want: string; benefit: string } {
  return { role: item.value?.role ?? '', want: item.value?.want ?? '', benefit: item.value?.benefit ?? '' };
}

/** Text that may be sent as one line: line breaks (pasted text) become spaces, other control characters go. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}
