// Item IDs as a language: the logic of hover, go to definition, find references, rename, completion, document and
// workspace symbols, code lenses and document links, as pure functions of the workspace index (or of one backlog).
// Adapters only convert: offsets to positions, these plain results to their editor's types.
//
// Positions are UTF-16 offsets into the text the index was given for the file (see workspace-index.ts). Results name
// files by the same keys the adapter used when it indexed them.
import type { FieldKind, Finding, Span, TextEdit } from './model';
import { isItemId } from './parse';
import { fieldKindOf, statusKindOf } from './vocabulary';
import {
  type BacklogSummary,
  idKey,
  type IndexedItem,
  type ItemRef,
  type Mention,
  type WorkspaceIndex,
} from './workspace-index';

/** A place in a file of the index. */
export interface Location {
  readonly uri: string;
  readonly span: Span;
}

/** Where an item is: its whole text, and the part to select (its ID, else its title line). */
export interface ItemLocation {
  readonly uri: string;
  readonly span: Span;
  readonly selectionSpan: Span;
}

export function itemLocation(ref: ItemRef): ItemLocation {
  return { uri: ref.uri, span: ref.item.span, selectionSpan: ref.item.idSpan ?? ref.item.titleSpan };
}

// ------------------------------------------------------------------------------------------------------ hover

export interface Hover {
  /** The ID under the cursor. */
  readonly span: Span;
  /** Markdown (CommonMark, no HTML): one card per item the ID means. */
  readonly markdown: string;
  readonly items: readonly ItemRef[];
}

/** The hover card for the ID at `offset`, or null when there is no ID there. */
export function hoverAt(index: WorkspaceIndex, uri: string, offset: number): Hover | null {
  const m = index.mentionAt(uri, offset);
  if (!m) return null;
  const items = index.resolve(m.id, uri);
  if (items.length === 0) {
    return { span: m.span, markdown: `No item in the workspace's backlogs has the ID ${inlineCode(m.id)}.`, items };
  }
  const cards = items.map((ref) => itemCard(ref, index.label(ref.uri)));
  const note = items.length > 1 ? `\n\n---\n\n${inlineCode(m.id)} is an item of ${items.length} backlogs.` : '';
  return { span: m.span, markdown: cards.join('\n\n---\n\n') + note, items };
}

/** One item as markdown: ID and title, value statement, rank, status, estimate, criteria progress, the file. */
export function itemCard(ref: ItemRef, fileLabel: string): string {
  const it = ref.item;
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(`${it.id ? `${it.id} ` : ''}${it.title || '(untitled)'}`)}**`);
  if (it.value) {
    const v = it.value;
    lines.push(`*As* ${escapeMarkdown(v.role ?? '…')}, *I want* ${escapeMarkdown(v.want)}${v.benefit ? `, *so that* ${escapeMarkdown(v.benefit)}` : ''}`);
  }
  lines.push(factsOf(it).join(' · '));
  if (it.dependsOn.length > 0) lines.push(`Depends on ${it.dependsOn.map((d) => inlineCode(d.id)).join(', ')}`);
  lines.push(`${inlineCode(fileLabel)}${it.group ? ` · ${escapeMarkdown(it.groupPath.join(' › '))}` : ''}`);
  return lines.join('\n\n');
}

/** Rank, status, estimate and criteria progress as short phrases. */
function factsOf(it: IndexedItem): string[] {
  const facts = [`Rank ${it.rank}`];
  if (it.status) facts.push(`Status ${escapeMarkdown(it.status.raw)}`);
  if (it.estimate) facts.push(`Estimate ${escapeMarkdown(it.estimate.raw)}`);
  const p = progressOf(it);
  facts.push(p.total > 0 ? `Criteria ${p.done}/${p.total}` : 'No acceptance criteria');
  if (it.owner) facts.push(`Owner ${escapeMarkdown(it.owner)}`);
  return facts;
}

export function progressOf(it: Pick<IndexedItem, 'criteria'>): { done: number; total: number } {
  let done = 0;
  for (const c of it.criteria) if (c.done === true) done++;
  return { done, total: it.criteria.length };
}

/** Escapes text for markdown so that a title cannot format, link or inject anything. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function inlineCode(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

// ------------------------------------------------------------------------------------------------ definition

export interface Definition extends ItemLocation {
  /** The ID the request started from (for the editor's link underline). */
  readonly originSpan: Span;
}

/** Where the ID at `offset` is defined: one location per item it means (several when backlogs share an ID). */
export function definitionAt(index: WorkspaceIndex, uri: string, offset: number): Definition[] {
  const m = index.mentionAt(uri, offset);
  if (!m) return [];
  return index.resolve(m.id, uri).map((ref) => ({ ...itemLocation(ref), originSpan: m.span }));
}

// ------------------------------------------------------------------------------------------------ references

/** Whether a mention means the given item (see `WorkspaceIndex.resolve`). */
function meansItem(index: WorkspaceIndex, m: Mention, target: ItemRef): boolean {
  return index.resolve(m.id, m.uri).some((r) => r.uri === target.uri && r.item.index === target.item.index);
}

/** The item(s) the ID at `offset` means, or [] when there is no ID there. */
export function itemsAt(index: WorkspaceIndex, uri: string, offset: number): ItemRef[] {
  const m = index.mentionAt(uri, offset);
  return m ? index.resolve(m.id, uri) : [];
}

/**
 * Every mention of the item(s) the ID at `offset` means, across the workspace, sorted by file label and position.
 * With `includeDeclaration` false the items' own IDs are left out.
 */
export function referencesAt(index: WorkspaceIndex, uri: string, offset: number, includeDeclaration = true): Location[] {
  const targets = itemsAt(index, uri, offset);
  if (targets.length === 0) return [];
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    for (const m of mentionsOfItem(index, target)) {
      if (!includeDeclaration && m.kind === 'definition') continue;
      const k = `${m.uri}\u0000${m.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(m);
    }
  }
  return sortLocations(index, out).map((m) => ({ uri: m.uri, span: m.span }));
}

/** The mentions that mean the item (its definition included). */
export function mentionsOfItem(index: WorkspaceIndex, target: ItemRef): Mention[] {
  if (!target.item.id) return [];
  return index.mentionsOf(target.item.id).filter((m) => {
    // A backlog's other items with the same ID are duplicates, not this item; its definition is its own.
    if (m.kind === 'definition') return m.uri === target.uri && m.itemIndex === target.item.index;
    return meansItem(index, m, target);
  });
}

function sortLocations<T extends { uri: string; span: Span }>(index: WorkspaceIndex, list: T[]): T[] {
  return list.sort((a, b) => (a.uri === b.uri ? a.span.start - b.span.start : index.label(a.uri).localeCompare(index.label(b.uri))));
}

// ---------------------------------------------------------------------------------------------------- rename

export type PrepareRename = { readonly ok: true; readonly span: Span; readonly placeholder: string } | { readonly ok: false; readonly error: string };

/** A rename edit, with what it replaces: the item's own ID, a dependency, or a word in text (worth a preview). */
export interface RenameEdit extends TextEdit {
  readonly kind: Mention['kind'];
}

/** Edits of one file, with the version of the text they were planned against (refuse them if it changed). */
export interface FileEdits {
  readonly uri: string;
  readonly version: number | undefined;
  readonly edits: readonly RenameEdit[];
}

export type RenamePlan = { readonly ok: true; readonly changes: readonly FileEdits[] } | { readonly ok: false; readonly error: string };

/** Whether the ID at `offset` can be renamed: there is one, and it means exactly one item. */
export function prepareRenameAt(index: WorkspaceIndex, uri: string, offset: number): PrepareRename {
  const m = index.mentionAt(uri, offset);
  if (!m) return { ok: false, error: 'Put the cursor on an item ID (such as US-12) to rename it.' };
  const targets = index.resolve(m.id, uri);
  if (targets.length === 0) return { ok: false, error: `No item has the ID ${m.id}, so there is nothing to rename.` };
  if (targets.length > 1) {
    return {
      ok: false,
      error: `${m.id} is an item of ${targets.length} backlogs (${targets.map((t) => index.label(t.uri)).join(', ')}); rename it from its definition in one of them.`,
    };
  }
  return { ok: true, span: m.span, placeholder: targets[0].item.id ?? m.id };
}

/**
 * Renames the item whose ID is at `offset`: its definition and every mention that means it, in every file, as one
 * set of edits. Refused with a sentence when the new ID is not an ID the parser reads, or is already an item's ID.
 */
export function planRename(index: WorkspaceIndex, uri: string, offset: number, newId: string): RenamePlan {
  const prep = prepareRenameAt(index, uri, offset);
  if (!prep.ok) return prep;
  const target = index.resolve(index.mentionAt(uri, offset)!.id, uri)[0];
  const oldId = target.item.id!;
  const wanted = newId.trim();
  const error = validateNewId(index, oldId, wanted);
  if (error) return { ok: false, error };
  if (wanted === oldId) return { ok: true, changes: [] };
  const byFile = new Map<string, RenameEdit[]>();
  for (const m of mentionsOfItem(index, target)) {
    // `#12` written for the item `12` keeps its `#` when the new ID is a number too.
    const text = m.id.startsWith('#') && !wanted.startsWith('#') && /^\d/.test(wanted) ? `#${wanted}` : wanted;
    const list = byFile.get(m.uri) ?? [];
    list.push({ start: m.span.start, end: m.span.end, newText: text, kind: m.kind });
    byFile.set(m.uri, list);
  }
  const changes = sortLocations(
    index,
    [...byFile].map(([u, edits]) => ({ uri: u, span: edits[0], version: index.version(u), edits })),
  ).map(({ uri: u, version, edits }) => ({ uri: u, version, edits }));
  return { ok: true, changes };
}

/** Why `newId` cannot replace `oldId`, or null when it can. */
export function validateNewId(index: WorkspaceIndex, oldId: string, newId: string): string | null {
  if (newId === '') return 'Enter the new ID.';
  if (/\s/.test(newId)) return `"${newId}" is not a valid ID: an ID has no spaces (for example US-12).`;
  const numeric = (s: string) => /^#?\d+$/.test(s);
  if (!isItemId(newId) && !(numeric(newId) && numeric(oldId))) {
    return `"${newId}" is not a valid ID: write letters, then a number, as in US-12, INFRA-7 or B_3.`;
  }
  if (idKey(newId) !== idKey(oldId)) {
    const taken = index.definitions(newId);
    if (taken.length > 0) {
      const t = taken[0];
      return `${newId} already exists: ${t.item.id} ${t.item.title} (rank ${t.item.rank}) in ${index.label(t.uri)}. Choose an ID no item has.`;
    }
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ completion

export type CompletionKind = 'item' | 'status' | 'field';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label (the item's title, the status kind). */
  readonly detail: string;
  /** Markdown shown in the details pane (the item's card). */
  readonly documentation?: string;
  /** Text that replaces `span`. */
  readonly insertText: string;
  /** Sorts entries in the order given (`0000`, `0001`, ...). */
  readonly sortText: string;
  /** What the editor filters on (ID and title for items, so typing a word of the title finds it). */
  readonly filterText: string;
}

export interface Completion {
  /** The text the entries replace (the partial word before and after the cursor). */
  readonly span: Span;
  readonly context: 'dependency' | 'status' | 'field-key';
  readonly entries: readonly CompletionEntry[];
}

// `Key: value` at the start of a line (optionally bulleted, quoted or bold), as the parser reads field lines.
const FIELD_AT_LINE =
  /^(?<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?)(?:\*\*|__)?(?<key>[^\s:*_`|[\]#>][^:*_`|\n[\]]{0,38}?)(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*/;
// A line that is only the start of a field key: optional bullet and bold, then at most a few words, no colon yet.
const KEY_START = /^(?<lead>[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?)(?<word>[\p{L}][\p{L} ]{0,24})?$/u;

const STATUS_DEFAULTS: readonly string[] = ['todo', 'refining', 'ready', 'in progress', 'review', 'done', 'accepted', 'rejected'];
const FIELD_DEFAULTS: readonly { kind: string; key: string }[] = [
  { kind: 'priority', key: 'Priority' },
  { kind: 'estimate', key: 'Estimate' },
  { kind: 'status', key: 'Status' },
  { kind: 'dependsOn', key: 'Depends on' },
  { kind: 'owner', key: 'Owner' },
  { kind: 'sprint', key: 'Sprint' },
];

/**
 * Completion at `offset` of `text` (the file's current text, unsaved edits included): item IDs in a dependency
 * field (`Depends on:` and its aliases, or a table's dependency column), status values after `Status:`, field keys
 * at the start of a field line inside an item. Null everywhere else: never in prose.
 *
 * In a backlog, dependencies are offered from the same backlog (the rules check them there); elsewhere from every
 * backlog. `fieldAliases` are the file's configured aliases (lower-cased key → kind).
 */
export function completionAt(
  index: WorkspaceIndex,
  uri: string,
  text: string,
  offset: number,
  fieldAliases?: ReadonlyMap<string, FieldKind>,
): Completion | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const before = text.slice(lineStart, offset);
  const backlog = index.backlog(uri);

  // A table row: the cell's column decides.
  if (/^\s*\|/.test(before) && backlog) {
    const cell = tableCellAt(backlog, text, lineStart, lineEnd, offset);
    return cell?.kind === 'dependsOn' ? dependencyCompletion(index, uri, text, offset, cell.span) : null;
  }

  const field = FIELD_AT_LINE.exec(before);
  if (field?.groups) {
    const kind = fieldKindOf(field.groups.key, fieldAliases);
    if (kind === 'dependsOn') return dependencyCompletion(index, uri, text, offset, { start: lineStart + field[0].length, end: lineEnd });
    if (kind === 'status') return statusCompletion(index, uri, text, lineStart + field[0].length, offset, lineEnd);
    return null;
  }

  const key = KEY_START.exec(before);
  if (key?.groups && backlog && text.slice(offset, lineEnd).trim() === '' && insideItemBody(backlog, lineStart)) {
    const start = lineStart + key.groups.lead.length;
    return fieldKeyCompletion(backlog, { start, end: offset }, text.slice(lineStart, lineStart + key.groups.lead.length));
  }
  return null;
}

/** Item IDs for the dependency list written in `field` (a field's value or a table cell). */
function dependencyCompletion(index: WorkspaceIndex, uri: string, text: string, offset: number, field: Span): Completion {
  // The partial ID around the cursor.
  let start = offset;
  while (start > field.start && /[A-Za-z0-9#_.-]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < field.end && /[A-Za-z0-9#_.-]/.test(text[end])) end++;
  // IDs already written in this field are not offered again.
  const written = new Set(
    (text.slice(field.start, start) + ' ' + text.slice(end, field.end))
      .split(/[\s,;]+/)
      .map(idKey)
      .filter((w) => w !== ''),
  );
  const backlog = index.backlog(uri);
  const self = backlog ? backlog.items[lastItemStartingAtOrBefore(backlog.items, offset)] : undefined;
  const candidates: ItemRef[] = backlog ? backlog.items.map((item) => ({ uri, item })) : [...index.items()];
  const entries: CompletionEntry[] = [];
  for (const ref of candidates) {
    const it = ref.item;
    if (!it.id || written.has(idKey(it.id)) || (self && it.index === self.index && ref.uri === uri)) continue;
    entries.push({
      label: it.id,
      kind: 'item',
      detail: `${it.rank}. ${it.title}${backlog ? '' : ` (${index.label(ref.uri)})`}`,
      documentation: itemCard(ref, index.label(ref.uri)),
      insertText: it.id,
      sortText: String(entries.length).padStart(6, '0'),
      filterText: `${it.id} ${it.title}`,
    });
  }
  return { span: { start, end }, context: 'dependency', entries };
}

function statusCompletion(index: WorkspaceIndex, uri: string, text: string, valueStart: number, offset: number, lineEnd: number): Completion {
  // The backlog's own words first (as written, most used first), then the standard words for the kinds it lacks.
  const counts = new Map<string, number>();
  const kinds = new Set<string>();
  for (const it of index.backlog(uri)?.items ?? []) {
    if (it.status?.source !== 'field' && it.status?.source !== 'column') continue;
    counts.set(it.status.raw, (counts.get(it.status.raw) ?? 0) + 1);
    if (it.status.kind) kinds.add(it.status.kind);
  }
  const words = [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  for (const w of STATUS_DEFAULTS) {
    const k = statusKindOf(w);
    if (k && !kinds.has(k)) words.push(w);
  }
  let end = lineEnd;
  while (end > offset && /\s/.test(text[end - 1])) end--;
  const entries = words.map((w, i) => ({
    label: w,
    kind: 'status' as const,
    detail: statusKindOf(w) ?? 'status',
    insertText: w,
    sortText: String(i).padStart(6, '0'),
    filterText: w,
  }));
  return { span: { start: Math.min(valueStart, offset), end: Math.max(end, offset) }, context: 'status', entries };
}

function fieldKeyCompletion(backlog: BacklogSummary, span: Span, lead: string): Completion {
  // Each kind under the key the backlog already uses most, so new lines look like the old ones.
  const used = new Map<string, Map<string, number>>();
  for (const it of backlog.items) {
    for (const f of it.fields) {
      const per = used.get(f.kind) ?? new Map<string, number>();
      per.set(f.key, (per.get(f.key) ?? 0) + 1);
      used.set(f.kind, per);
    }
  }
  const bold = /\*\*|__/.test(lead);
  const entries = FIELD_DEFAULTS.map(({ kind, key }, i) => {
    const mine = [...(used.get(kind) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0] ?? key;
    return {
      label: mine,
      kind: 'field' as const,
      detail: `${kind === 'dependsOn' ? 'dependencies' : kind} field`,
      insertText: bold ? `${mine}:** ` : `${mine}: `,
      sortText: String(i).padStart(6, '0'),
      filterText: mine,
    };
  });
  return { span, context: 'field-key', entries };
}

/** Whether a line lies in an item's body: below its title line and above its acceptance criteria. */
function insideItemBody(backlog: BacklogSummary, lineStart: number): boolean {
  const i = lastItemStartingAtOrBefore(backlog.items, lineStart);
  if (i < 0) return false;
  const it = backlog.items[i];
  if (it.shape === 'table' || lineStart <= it.titleSpan.start || lineStart < it.titleSpan.end) return false;
  if (lineStart > it.trailerEnd) return false;
  if (it.criteriaLabelSpan && lineStart > it.criteriaLabelSpan.start) return false;
  if (it.criteria.length > 0 && !it.criteriaLabelSpan && lineStart > it.criteria[0].span.start) return false;
  return true;
}

/** The table cell at `offset` in a table-shaped backlog's row: its column's field kind and its text. */
function tableCellAt(backlog: BacklogSummary, text: string, lineStart: number, lineEnd: number, offset: number): { kind: FieldKind; span: Span } | null {
  const i = lastItemStartingAtOrBefore(backlog.items, lineStart);
  const row = i >= 0 ? backlog.items[i] : undefined;
  if (!row || row.shape !== 'table' || lineStart > row.span.end) return null;
  // The cell's bounds: the unescaped pipes around the cursor.
  let start = offset;
  while (start > lineStart && !(text[start - 1] === '|' && text[start - 2] !== '\\')) start--;
  let end = offset;
  while (end < lineEnd && !(text[end] === '|' && text[end - 1] !== '\\')) end++;
  // The row's fields are its cells under known columns.
  const f = row.fields.find((c) => c.span.start >= start && c.span.start <= end);
  return f ? { kind: f.kind, span: { start, end } } : null;
}

function lastItemStartingAtOrBefore(items: readonly IndexedItem[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].span.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// --------------------------------------------------------------------------------------------------- symbols

export interface DocumentSymbol {
  readonly name: string;
  /** Shown beside the name: estimate and status for items, the item count for groups. */
  readonly detail: string;
  readonly kind: 'group' | 'item';
  /** The whole group (heading to its last item) or item. */
  readonly span: Span;
  /** The group heading, or the item's ID (else its title line). */
  readonly selectionSpan: Span;
  readonly children: readonly DocumentSymbol[];
}

/** The outline of a backlog: its groups (nested) and, inside them, its items with rank and ID, in document order. */
export function documentSymbols(backlog: BacklogSummary): DocumentSymbol[] {
  interface Node {
    name: string;
    detail: string;
    kind: 'group' | 'item';
    span: { start: number; end: number };
    selectionSpan: Span;
    children: Node[];
    count: number;
  }
  const groups: (Node | undefined)[] = [];
  const roots: Node[] = [];
  const used = new Set<number>();
  for (const item of backlog.items) for (let g = item.groupIndex; g >= 0; g = backlog.groups[g]?.parent ?? -1) used.add(g);
  backlog.groups.forEach((g, gi) => {
    if (!used.has(gi)) return;
    const node: Node = { name: g.title || '(untitled group)', detail: '', kind: 'group', span: { ...g.span }, selectionSpan: g.span, children: [], count: 0 };
    groups[gi] = node;
    const parent = g.parent >= 0 ? groups[g.parent] : undefined;
    (parent ? parent.children : roots).push(node);
  });
  for (const item of backlog.items) {
    const node: Node = {
      name: `${item.rank}. ${item.id ? `${item.id} ` : ''}${item.title || '(untitled)'}`,
      detail: [item.estimate?.raw, item.status?.raw].filter(Boolean).join(' · '),
      kind: 'item',
      span: { ...item.span },
      selectionSpan: item.idSpan ?? item.titleSpan,
      children: [],
      count: 0,
    };
    const parent = item.groupIndex >= 0 ? groups[item.groupIndex] : undefined;
    (parent ? parent.children : roots).push(node);
    // A group reaches to the end of its last item, and counts the items inside it.
    for (let g = item.groupIndex; g >= 0; g = backlog.groups[g]?.parent ?? -1) {
      const gn = groups[g];
      if (!gn) continue;
      gn.span.end = Math.max(gn.span.end, item.span.end);
      gn.count++;
    }
  }
  const finish = (nodes: Node[]): DocumentSymbol[] =>
    nodes
      .sort((a, b) => a.span.start - b.span.start)
      .map((n) => ({
        name: n.name,
        detail: n.kind === 'group' ? `${n.count} item${n.count === 1 ? '' : 's'}` : n.detail,
        kind: n.kind,
        span: { start: n.span.start, end: n.span.end },
        selectionSpan: n.selectionSpan,
        children: finish(n.children),
      }));
  return finish(roots);
}

export interface WorkspaceSymbol {
  /** `US-12 Sign in with company account` */
  readonly name: string;
  /** The group and the file: `Sprint 1 · docs/BACKLOG.md`. */
  readonly containerName: string;
  readonly uri: string;
  readonly span: Span;
  readonly rank: number;
}

/**
 * Items of every backlog whose ID or title matches the query (case-insensitive; the query's characters in order,
 * as VS Code's Go to Symbol matches). Best first: ID prefix, then title words, then other matches; ties by file and
 * rank. At most `limit` results.
 */
export function workspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.trim().toLowerCase();
  const scored: { score: number; ref: ItemRef; order: number }[] = [];
  let order = 0;
  for (const ref of index.items()) {
    const it = ref.item;
    const name = `${it.id ? `${it.id} ` : ''}${it.title}`;
    const score = matchScore(q, it.id?.toLowerCase() ?? '', name.toLowerCase());
    if (score > 0) scored.push({ score, ref, order: order++ });
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map(({ ref }) => ({
    name: `${ref.item.id ? `${ref.item.id} ` : ''}${ref.item.title || '(untitled)'}`,
    containerName: [ref.item.group, index.label(ref.uri)].filter(Boolean).join(' · '),
    uri: ref.uri,
    span: ref.item.idSpan ?? ref.item.titleSpan,
    rank: ref.item.rank,
  }));
}

/** 0 = no match; higher is better. */
function matchScore(q: string, id: string, name: string): number {
  if (q === '') return 1;
  if (id !== '' && id === q) return 5;
  if (id !== '' && id.startsWith(q)) return 4;
  const at = name.indexOf(q);
  if (at >= 0) return at === 0 || name[at - 1] === ' ' ? 3 : 2;
  // The query's characters in order (`us12` finds `US-12`, `sgnin` finds `Sign in`).
  let k = 0;
  for (let i = 0; i < name.length && k < q.length; i++) if (name[i] === q[k]) k++;
  return k === q.length ? 1 : 0;
}

// ------------------------------------------------------------------------------------------------ code lenses

/** What a lens does when clicked. Adapters map `move` to their move command; `null` lenses are text only. */
export type LensAction = { readonly type: 'move'; readonly direction: 'up' | 'down' } | null;

export interface LensPart {
  /** What the lens shows: `Rank 3 · Estimate 5 · Criteria 2/4`, `Move up`. */
  readonly title: string;
  readonly tooltip: string;
  readonly action: LensAction;
}

/** The lenses above one item. Other features (forecasts) add parts to `parts`. */
export interface ItemLens {
  readonly itemIndex: number;
  /** Where the lenses sit: the item's title line. */
  readonly span: Span;
  readonly parts: LensPart[];
}

/** The lenses of a backlog: per item, its rank, estimate and criteria progress, and Move up / Move down. */
export function itemLenses(backlog: BacklogSummary): ItemLens[] {
  const n = backlog.items.length;
  return backlog.items.map((it) => {
    const p = progressOf(it);
    const facts = [`Rank ${it.rank}`];
    if (it.estimate) facts.push(`Estimate ${it.estimate.raw}`);
    facts.push(p.total > 0 ? `Criteria ${p.done}/${p.total}` : 'No criteria');
    const parts: LensPart[] = [
      { title: facts.join(' · '), tooltip: `Rank ${it.rank} of ${n}${p.total > 0 ? `; ${p.done} of ${p.total} acceptance criteria checked` : '; no acceptance criteria yet'}`, action: null },
    ];
    if (it.index > 0) parts.push({ title: 'Move up', tooltip: `Move ${it.id ?? 'this item'} above rank ${it.rank - 1}`, action: { type: 'move', direction: 'up' } });
    if (it.index < n - 1) parts.push({ title: 'Move down', tooltip: `Move ${it.id ?? 'this item'} below rank ${it.rank + 1}`, action: { type: 'move', direction: 'down' } });
    return { itemIndex: it.index, span: it.titleSpan, parts };
  });
}

// ---------------------------------------------------------------------------------------------- document links

export interface DocumentLink {
  /** The ID in the dependency field. */
  readonly span: Span;
  /** The item it means (the first, when backlogs share the ID). */
  readonly target: ItemLocation;
  readonly tooltip: string;
}

/** A link on every dependency ID of a backlog file that means an item of the workspace. */
export function documentLinks(index: WorkspaceIndex, uri: string): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const m of index.mentionsIn(uri)) {
    if (m.kind !== 'dependency') continue;
    const ref = index.resolve(m.id, uri)[0];
    if (!ref) continue;
    const where = ref.uri === uri ? '' : ` in ${index.label(ref.uri)}`;
    out.push({ span: m.span, target: itemLocation(ref), tooltip: `Go to ${ref.item.id} ${ref.item.title} (rank ${ref.item.rank}${where})` });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ related information

export interface RelatedLocation extends Location {
  readonly message: string;
}

/**
 * The places a finding refers to: its own `related` spans (same file), and for an unknown dependency the items of
 * other backlogs that have that ID (dependencies are checked within one backlog, so the user may have meant one).
 */
export function relatedLocations(index: WorkspaceIndex, uri: string, finding: Finding): RelatedLocation[] {
  const out: RelatedLocation[] = (finding.related ?? []).map((r) => ({ uri, span: r.span, message: r.message }));
  if (finding.ruleId === 'unknown-dependency') {
    const m = index.mentionAt(uri, finding.span.start);
    if (m && m.kind === 'dependency') {
      for (const ref of index.definitions(m.id)) {
        if (ref.uri === uri) continue;
        out.push({
          uri: ref.uri,
          span: ref.item.idSpan ?? ref.item.titleSpan,
          message: `${ref.item.id} ${ref.item.title} is an item of ${index.label(ref.uri)}; dependencies are checked within one backlog`,
        });
      }
    }
  }
  return out;
}
