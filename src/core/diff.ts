// What changed between two versions of a backlog: items matched across the versions, then sorted into moved, added,
// removed, done and changed. Pure: `backlog diff`, the editor's "Compare Order With…" and the report's "rank changes"
// all call diffBacklogs on two parsed backlogs (reading them from git is the adapters' business).
import { escapeMarkdown } from './escape';
import type { BacklogItem, StatusKind } from './model';

/** A field that changed, as [before, after]; null where the field is absent. */
export type FieldChange = readonly [string | number | null, string | number | null];

export interface DiffFieldChanges {
  title?: FieldChange;
  id?: FieldChange;
  estimate?: FieldChange;
  status?: FieldChange;
  priority?: FieldChange;
  /** The value statement as one sentence ("As a …, I want …, so that …"). */
  value?: FieldChange;
  /** The innermost group (sprint, release, epic). */
  group?: FieldChange;
}

export interface CriteriaChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly checked: readonly string[];
  readonly unchecked: readonly string[];
}

export interface MovedItem {
  readonly id: string | null;
  readonly title: string;
  /** Rank in the old version (1 = top). */
  readonly from: number;
  /** Rank in the new version. */
  readonly to: number;
  /**
   * Places it rose (negative: fell) among the items present in both versions: the items it passed. Ranks alone can
   * hide a move: an item that rose one place while an item was added above it keeps its rank.
   */
  readonly places: number;
}

export interface RankedItem {
  readonly id: string | null;
  readonly title: string;
  /** Rank in the new version (added, done) or in the old one (removed). */
  readonly rank: number;
}

export interface DoneItem extends RankedItem {
  /** The status it reached: `done` or `accepted` (or the raw word). */
  readonly status: string;
}

export interface ChangedItem {
  readonly id: string | null;
  readonly title: string;
  /** Rank in the new version. */
  readonly rank: number;
  readonly fields: DiffFieldChanges;
  /** Present when acceptance criteria were added, removed, checked or unchecked. */
  readonly criteria?: CriteriaChanges;
}

/** The changes from one version to another, in the new version's order (removed: the old one's). */
export interface BacklogChanges {
  readonly moved: readonly MovedItem[];
  readonly added: readonly RankedItem[];
  readonly removed: readonly RankedItem[];
  readonly done: readonly DoneItem[];
  readonly changed: readonly ChangedItem[];
}

/** How each item of the new version relates to the old one: for the editor's ↑3 / ↓2 / new marks. */
export type ItemMark = { readonly kind: 'new' } | { readonly kind: 'moved'; readonly from: number; readonly to: number; readonly places: number } | { readonly kind: 'same' };

export interface BacklogDiff extends BacklogChanges {
  /** Index in `after.items` → index in `before.items` of the matched item; absent for added items. */
  readonly matchOf: ReadonlyMap<number, number>;
  /** One mark per item of the new version, by index. */
  readonly marks: readonly ItemMark[];
}

/** True when nothing changed. */
export const isEmptyDiff = (d: BacklogChanges): boolean =>
  d.moved.length === 0 && d.added.length === 0 && d.removed.length === 0 && d.done.length === 0 && d.changed.length === 0;

/** Items only need what a version of the file says about them; `BacklogItem` has all of it. */
type Item = Pick<BacklogItem, 'index' | 'rank' | 'id' | 'title' | 'estimate' | 'status' | 'priority' | 'value' | 'criteria' | 'group'>;

// ---------------------------------------------------------------------------------------------- matching

const idKey = (id: string) => id.replace(/^#/, '').trim().toUpperCase();

/** Lower case, compatibility forms folded, punctuation dropped, whitespace collapsed. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Titles at least this similar (1 − edits / longer length) count as the same item with a small edit. */
export const TITLE_SIMILARITY = 0.8;
/** Above this many candidate pairs the fuzzy title pass is skipped (it is quadratic); IDs and exact titles still match. */
const MAX_FUZZY_PAIRS = 250_000;

/** Similarity of two normalised titles in [0, 1], or 0 when below TITLE_SIMILARITY. */
export function titleSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  const limit = Math.floor(longer * (1 - TITLE_SIMILARITY));
  const d = boundedDistance(a, b, limit);
  return d > limit ? 0 : 1 - d / longer;
}

/**
 * Pairs items of two versions: by ID; then, among the rest, by the same title; then by a title with a small edit
 * (typo, a word added), but never two items whose different IDs both exist: different IDs are different items.
 * Returns after-index → before-index.
 */
export function matchItems(before: readonly Item[], after: readonly Item[]): Map<number, number> {
  const match = new Map<number, number>();
  const taken = new Set<number>();
  const pair = (a: number, b: number) => {
    match.set(a, b);
    taken.add(b);
  };
  // 1. IDs; a duplicated ID pairs its k-th occurrence with the k-th.
  const beforeById = new Map<string, number[]>();
  for (const it of before) if (it.id) beforeById.set(idKey(it.id), [...(beforeById.get(idKey(it.id)) ?? []), it.index]);
  for (const it of after) {
    if (!it.id) continue;
    const queue = beforeById.get(idKey(it.id));
    if (queue && queue.length > 0) pair(it.index, queue.shift()!);
  }
  // 2. The same title (normalised), in order.
  const norm = (it: Item) => normalizeTitle(it.title);
  const beforeByTitle = new Map<string, number[]>();
  for (const it of before) {
    if (taken.has(it.index)) continue;
    const key = norm(it);
    if (key) beforeByTitle.set(key, [...(beforeByTitle.get(key) ?? []), it.index]);
  }
  for (const it of after) {
    if (match.has(it.index)) continue;
    const queue = beforeByTitle.get(norm(it));
    while (queue && queue.length > 0) {
      const b = queue.shift()!;
      if (!taken.has(b)) {
        pair(it.index, b);
        break;
      }
    }
  }
  // 3. Similar titles, best pairs first; only where one side has no ID.
  const restAfter = after.filter((it) => !match.has(it.index));
  const restBefore = before.filter((it) => !taken.has(it.index));
  if (restAfter.length === 0 || restBefore.length === 0 || restAfter.length * restBefore.length > MAX_FUZZY_PAIRS) return match;
  const candidates: { a: number; b: number; score: number }[] = [];
  const beforeNorm = restBefore.map(norm);
  for (const a of restAfter) {
    const an = norm(a);
    if (!an) continue;
    restBefore.forEach((b, k) => {
      if (a.id && b.id) return;
      const score = titleSimilarity(an, beforeNorm[k]);
      if (score > 0) candidates.push({ a: a.index, b: b.index, score });
    });
  }
  candidates.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  for (const c of candidates) if (!match.has(c.a) && !taken.has(c.b)) pair(c.a, c.b);
  return match;
}

// ---------------------------------------------------------------------------------------------- moves

/**
 * Which matched items moved. When one item is moved from rank 5 to rank 1, four others shift by one without
 * having been touched: reporting five moves would bury the one that matters. So the items that kept their relative
 * order form the largest possible "stable" sequence (a longest increasing subsequence of old positions in the new
 * order); everything else moved. Among equally long sequences the one whose items shifted least is kept, so the
 * item that travelled furthest is the one reported; when that still ties (two neighbours swapped), the item that went
 * up is the one reported: a file cannot tell "A dragged up" from "B dragged down", and a rise is the news.
 *
 * `oldPos[k]` is the old position of the k-th matched item in new order (positions among matched items only, so
 * additions and removals shift nothing). Returns the set of k that moved.
 */
export function movedPositions(oldPos: readonly number[]): Set<number> {
  const n = oldPos.length;
  // Weight: one sequence member is worth more than any total of penalties (at most 2·n·n + n), minus twice this item's
  // displacement, minus one more for an item that rose (so that, all else equal, the risers are the ones reported).
  const big = 2 * n * n + n + 1;
  const weight = oldPos.map((p, k) => big - 2 * Math.abs(p - k) - (k < p ? 1 : 0));
  // Max-weight increasing subsequence with a Fenwick tree over old positions (O(n log n)).
  const tree = new Array<number>(n + 1).fill(0);
  const treeAt = new Array<number>(n + 1).fill(-1);
  const best = new Array<number>(n).fill(0);
  const prev = new Array<number>(n).fill(-1);
  const query = (i: number): [number, number] => {
    let value = 0;
    let at = -1;
    for (; i > 0; i -= i & -i) if (tree[i] > value) [value, at] = [tree[i], treeAt[i]];
    return [value, at];
  };
  const update = (i: number, value: number, at: number) => {
    for (; i <= n; i += i & -i) if (value > tree[i]) [tree[i], treeAt[i]] = [value, at];
  };
  for (let k = 0; k < n; k++) {
    const [value, at] = query(oldPos[k]); // best chain ending at an old position below this one
    best[k] = value + weight[k];
    prev[k] = at;
    update(oldPos[k] + 1, best[k], k);
  }
  let end = -1;
  for (let k = 0; k < n; k++) if (end === -1 || best[k] > best[end]) end = k;
  const stable = new Set<number>();
  for (let k = end; k !== -1; k = prev[k]) stable.add(k);
  const moved = new Set<number>();
  for (let k = 0; k < n; k++) if (!stable.has(k)) moved.add(k);
  return moved;
}

// ---------------------------------------------------------------------------------------------- fields

const DONE: ReadonlySet<StatusKind> = new Set(['done', 'accepted']);
const isDone = (it: Item) => it.status?.kind !== undefined && it.status.kind !== null && DONE.has(it.status.kind);

const estimateOf = (it: Item) => (it.estimate ? (it.estimate.value ?? it.estimate.raw.trim()) : null);
const statusOf = (it: Item) => (it.status ? (it.status.kind ?? it.status.raw.trim()) : null);
// A priority the item takes from its group (a MoSCoW tier) changes with the group, which is reported as such.
const priorityOf = (it: Item) => (it.priority && it.priority.source !== 'group' ? (it.priority.value ?? it.priority.raw.trim()) : null);

/** The value statement as one sentence, the way it reads in English whatever language it was written in. */
export function valueSentence(it: Pick<BacklogItem, 'value'>): string | null {
  const v = it.value;
  if (!v) return null;
  const parts = [v.role ? `As ${/^[aeiou]/i.test(v.role) ? 'an' : 'a'} ${v.role}` : null, `I want ${v.want}`, v.benefit ? `so that ${v.benefit}` : null];
  return parts.filter(Boolean).join(', ');
}

const spaced = (s: string) => s.replace(/\s+/g, ' ').trim();

function fieldChanges(a: Item, b: Item, done: boolean): DiffFieldChanges {
  const fields: DiffFieldChanges = {};
  const put = (key: keyof DiffFieldChanges, x: string | number | null, y: string | number | null) => {
    if (x !== y) fields[key] = [x, y];
  };
  put('title', spaced(a.title), spaced(b.title));
  put('id', a.id, b.id);
  put('estimate', estimateOf(a), estimateOf(b));
  // An item that became done is listed under done; its status is not a second change.
  if (!done) put('status', statusOf(a), statusOf(b));
  put('priority', priorityOf(a), priorityOf(b));
  const va = valueSentence(a);
  const vb = valueSentence(b);
  put('value', va && spaced(va), vb && spaced(vb));
  put('group', a.group, b.group);
  return fields;
}

function criteriaChanges(a: Item, b: Item): CriteriaChanges | undefined {
  const key = (text: string) => spaced(text).toLowerCase();
  const old = new Map<string, (boolean | null)[]>();
  for (const c of a.criteria) old.set(key(c.text), [...(old.get(key(c.text)) ?? []), c.done]);
  const added: string[] = [];
  const checked: string[] = [];
  const unchecked: string[] = [];
  for (const c of b.criteria) {
    const queue = old.get(key(c.text));
    if (!queue || queue.length === 0) {
      added.push(spaced(c.text));
      if (c.done === true) checked.push(spaced(c.text));
      continue;
    }
    const was = queue.shift();
    if (c.done === true && was !== true) checked.push(spaced(c.text));
    if (c.done !== true && was === true) unchecked.push(spaced(c.text));
  }
  const removed: string[] = [];
  for (const c of a.criteria) {
    const queue = old.get(key(c.text));
    if (queue && queue.length > 0) {
      queue.shift();
      removed.push(spaced(c.text));
    }
  }
  // A reworded criterion shows as one removed and one added: which text replaced which is a guess we do not make.
  return added.length + removed.length + checked.length + unchecked.length > 0 ? { added, removed, checked, unchecked } : undefined;
}

// ---------------------------------------------------------------------------------------------- diff

/** Compares two versions of a backlog: `before` (the old one) and `after`. */
export function diffBacklogs(before: { readonly items: readonly Item[] }, after: { readonly items: readonly Item[] }): BacklogDiff {
  const beforeItems = before.items;
  const afterItems = after.items;
  const match = matchItems(beforeItems, afterItems);
  const matchedOld = new Set(match.values());
  const oldOrder = new Map<number, number>();
  let p = 0;
  for (const it of beforeItems) if (matchedOld.has(it.index)) oldOrder.set(it.index, p++);
  const matchedAfter = afterItems.filter((it) => match.has(it.index));
  const oldPos = matchedAfter.map((it) => oldOrder.get(match.get(it.index)!)!);
  const movedK = movedPositions(oldPos);

  const moved: MovedItem[] = [];
  const added: RankedItem[] = [];
  const done: DoneItem[] = [];
  const changed: ChangedItem[] = [];
  const marks: ItemMark[] = [];
  let k = 0;
  for (const b of afterItems) {
    const ai = match.get(b.index);
    if (ai === undefined) {
      added.push({ id: b.id, title: spaced(b.title), rank: b.rank });
      marks.push({ kind: 'new' });
      continue;
    }
    const a = beforeItems[ai];
    const places = oldPos[k] - k;
    if (movedK.has(k++)) {
      moved.push({ id: b.id, title: spaced(b.title), from: a.rank, to: b.rank, places });
      marks.push({ kind: 'moved', from: a.rank, to: b.rank, places });
    } else marks.push({ kind: 'same' });
    const becameDone = isDone(b) && !isDone(a);
    if (becameDone) done.push({ id: b.id, title: spaced(b.title), rank: b.rank, status: statusOf(b) as string });
    const fields = fieldChanges(a, b, becameDone);
    const criteria = criteriaChanges(a, b);
    if (Object.keys(fields).length > 0 || criteria) changed.push({ id: b.id, title: spaced(b.title), rank: b.rank, fields, ...(criteria ? { criteria } : {}) });
  }
  const removed = beforeItems.filter((it) => !matchedOld.has(it.index)).map((it) => ({ id: it.id, title: spaced(it.title), rank: it.rank }));
  return { moved, added, removed, done, changed, matchOf: match, marks };
}

// ---------------------------------------------------------------------------------------------- presentation

/** One line of a diff as people read it: one per item that changed, in the new order, then the removed ones. */
export interface DiffRow {
  /** `up`/`down`: moved; `new`: added; `removed`; `done`; `changed`: only fields or criteria changed. */
  readonly kind: 'up' | 'down' | 'new' | 'removed' | 'done' | 'changed';
  /** Places travelled among the items of both versions, for up/down. */
  readonly by: number;
  readonly id: string | null;
  readonly title: string;
  /** New rank (old rank for removed items). */
  readonly rank: number;
  /** What changed, as short phrases: `rank 5 → 2`, `estimate 3 → 5`, `criteria: 1 added, 2 checked`. */
  readonly changes: readonly string[];
}

const show = (v: string | number | null) => (v === null ? 'none' : String(v));

/** Short phrases for the field and criteria changes of one item. */
export function describeChanges(fields: DiffFieldChanges, criteria?: CriteriaChanges): string[] {
  const out: string[] = [];
  if (fields.title) out.push(`renamed from “${fields.title[0] ?? ''}”`);
  if (fields.id) out.push(`ID ${show(fields.id[0])} → ${show(fields.id[1])}`);
  for (const key of ['estimate', 'status', 'priority'] as const) {
    const f = fields[key];
    if (f) out.push(`${key} ${show(f[0])} → ${show(f[1])}`);
  }
  if (fields.group) out.push(`group ${show(fields.group[0])} → ${show(fields.group[1])}`);
  if (fields.value) out.push(fields.value[0] === null ? 'value statement added' : fields.value[1] === null ? 'value statement removed' : 'value statement reworded');
  if (criteria) {
    const parts = (
      [
        [criteria.added.length, 'added'],
        [criteria.removed.length, 'removed'],
        [criteria.checked.length, 'checked'],
        [criteria.unchecked.length, 'unchecked'],
      ] as const
    )
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`);
    out.push(`criteria: ${parts.join(', ')}`);
  }
  return out;
}

/** The diff as rows: every item that moved, was added, became done or changed (new order), then the removed ones. */
export function diffRows(diff: BacklogChanges): DiffRow[] {
  type Row = { kind: DiffRow['kind']; by: number; id: string | null; title: string; rank: number; changes: string[] };
  const byRank = new Map<number, Row>();
  const row = (rank: number, id: string | null, title: string): Row => {
    let r = byRank.get(rank);
    if (!r) byRank.set(rank, (r = { kind: 'changed', by: 0, id, title, rank, changes: [] }));
    return r;
  };
  for (const m of diff.moved) {
    const r = row(m.to, m.id, m.title);
    r.kind = m.places > 0 ? 'up' : 'down';
    r.by = Math.abs(m.places);
    // Same rank but moved: an addition or removal above made up for it; say which way it went.
    r.changes.push(m.from !== m.to ? `rank ${m.from} → ${m.to}` : `rank ${m.to}, ${r.kind} ${r.by} ${r.by === 1 ? 'place' : 'places'}`);
  }
  for (const a of diff.added) {
    const r = row(a.rank, a.id, a.title);
    r.kind = 'new';
    r.changes.push(`added at rank ${a.rank}`);
  }
  for (const d of diff.done) {
    const r = row(d.rank, d.id, d.title);
    if (r.kind === 'changed') r.kind = 'done';
    r.changes.push(d.status);
  }
  for (const c of diff.changed) for (const change of describeChanges(c.fields, c.criteria)) row(c.rank, c.id, c.title).changes.push(change);
  const rows: DiffRow[] = [...byRank.values()].sort((a, b) => a.rank - b.rank);
  for (const r of diff.removed) rows.push({ kind: 'removed', by: 0, id: r.id, title: r.title, rank: r.rank, changes: [`removed (was rank ${r.rank})`] });
  return rows;
}

/** `2 moved, 1 added, 1 done` (only the non-zero counts). */
export function diffSummary(diff: BacklogChanges): string {
  const parts = (
    [
      [diff.moved.length, 'moved'],
      [diff.added.length, 'added'],
      [diff.removed.length, 'removed'],
      [diff.done.length, 'done'],
      [diff.changed.length, 'changed'],
    ] as const
  ).filter(([n]) => n > 0);
  return parts.map(([n, what]) => `${n} ${what}`).join(', ');
}

/** The sign of a row: ↑3, ↓2, new, done, removed, changed. */
export function rowMark(row: DiffRow): string {
  switch (row.kind) {
    case 'up':
      return `↑${row.by}`;
    case 'down':
      return `↓${row.by}`;
    default:
      return row.kind;
  }
}

/** Names the two versions compared: the refs as given, `working tree` for the file on disk. */
export interface DiffSides {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/** The JSON of `backlog diff --format json`: `{ file, from, to, moved, added, removed, done, changed }`. */
export function diffJson(sides: DiffSides, diff: BacklogChanges): object {
  return { file: sides.file, from: sides.from, to: sides.to, moved: diff.moved, added: diff.added, removed: diff.removed, done: diff.done, changed: diff.changed };
}

/** A revision as people read it: a full commit hash shortened to 7 characters, anything else as given. */
export const revisionLabel = (revision: string) => (/^[0-9a-f]{40,64}$/.test(revision) ? revision.slice(0, 7) : revision);

/** The terminal form: a header, one aligned line per changed item, a summary; one line when nothing changed. */
export function formatDiffText(sides: DiffSides, diff: BacklogChanges): string {
  const from = revisionLabel(sides.from);
  const to = revisionLabel(sides.to);
  if (isEmptyDiff(diff)) return `${sides.file}: no changes from ${from} to ${to}\n`;
  const rows = diffRows(diff);
  const marks = rows.map(rowMark);
  const labels = rows.map((r) => `${r.id ? `${r.id} ` : ''}${r.title || '(untitled)'}`);
  const cut = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);
  const wMark = marks.reduce((w, m) => Math.max(w, m.length), -Infinity);
  const wLabel = labels.reduce((w, l) => Math.max(w, cut(l).length), -Infinity);
  const lines = rows.map((r, i) => `  ${marks[i].padEnd(wMark)}  ${cut(labels[i]).padEnd(wLabel)}  ${r.changes.join('; ')}`);
  return `${sides.file}: ${from} → ${to}\n${lines.join('\n')}\n\n${diffSummary(diff)}\n`;
}

/** Marks the comment so that a CI job can find and update its previous one. */
export const DIFF_COMMENT_MARKER = '<!-- backlog-as-code:diff -->';
/** Rows shown in a pull-request comment before "… and N more". */
const MARKDOWN_ROWS = 50;

/**
 * The pull-request comment: a heading, the counts, and a short table with arrows for moves. Empty ('') when
 * nothing changed, so that a CI job posts nothing. Every title and value is escaped for GitHub's Markdown.
 */
export function formatDiffMarkdown(sides: DiffSides, diff: BacklogChanges): string {
  if (isEmptyDiff(diff)) return '';
  const md = escapeMarkdown;
  const rows = diffRows(diff);
  const shown = rows.slice(0, MARKDOWN_ROWS);
  const sign: Record<DiffRow['kind'], string> = { up: '⬆️', down: '⬇️', new: '🆕', removed: '❌', done: '✅', changed: '✏️' };
  const lines = [
    DIFF_COMMENT_MARKER,
    `### Backlog changes in \`${sides.file.replace(/`/g, "'")}\``,
    '',
    `${md(revisionLabel(sides.from))} → ${md(revisionLabel(sides.to))}: ${diffSummary(diff)}`,
    '',
    '| | Rank | Item | Change |',
    '|:-:|--:|---|---|',
    ...shown.map((r) => {
      const item = `${r.id ? `**${md(r.id)}** ` : ''}${md(r.title) || '*(untitled)*'}`;
      const rank = r.kind === 'removed' ? `~~${r.rank}~~` : String(r.rank);
      return `| ${sign[r.kind]}${r.by ? ` ${r.by}` : ''} | ${rank} | ${r.kind === 'removed' ? `~~${item}~~` : item} | ${r.changes.map(md).join('; ')} |`;
    }),
  ];
  if (rows.length > shown.length) lines.push('', `… and ${rows.length - shown.length} more (run \`backlog diff\` locally for all of them).`);
  return `${lines.join('\n')}\n`;
}
