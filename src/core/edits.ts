// Edit planning: pure functions from a parsed backlog to minimal text edits. Nothing here re-serialises markdown:
// every edit slices the user's own text and only touches the moved or edited item.
//
// Moves work on *runs*: maximal sequences of items in the same group (and table) with only blank lines between
// them. A run is a row of slots; each slot has the item's content, and the joiner before it (blank lines and, for
// list items, the list marker) belongs to the slot's position. A move inside a run permutes contents over the slots,
// so markers, numbering and blank lines stay where they were (a file without a final newline keeps ending without
// one). A move into another run removes the item from its run and adds a slot to the target run, so the item
// joins the group of the item it lands next to. See docs/FORMAT.md, "Moving items".
import type { Backlog, BacklogItem, Criterion, FieldKind, Span, TextEdit } from './model';
import { backlogLanguage, criteriaLabelFor, statementTemplate, type Template, templateSnippet, templateText } from './templates';
import { escapeHtml } from './escape';
import { isItemId, type ParseOptions, parseBacklog } from './parse';
import { idKey } from './rules/helpers';
import { lineEndOf, lineStartOf } from './text';
import { CRITERIA_LABEL, fieldKindOf, normaliseWord, STATEMENT_TEMPLATES } from './vocabulary';

/** A planned change: the edits, or a sentence saying why it cannot be done. */
export type Plan =
  | {
      readonly ok: true;
      readonly edits: readonly TextEdit[];
      readonly newIndex?: number;
      readonly selection?: Span;
      /** When the plan inserts a template: the same insertion as an editor snippet with tab stops (see Suggestion). */
      readonly snippet?: TextEdit;
      /** What the plan promises about the items afterwards (checked by verifyPlan); absent: the same items. */
      readonly expect?: ItemsAfter;
    }
  | { readonly ok: false; readonly error: string };

/** The items after a plan: the old items (indexes) in their new order, and a new item with its title. */
export interface ItemsAfter {
  /** Absent: the old order. */
  readonly order?: readonly number[];
  readonly inserted?: { readonly index: number; readonly title: string };
}

const fail = (error: string): Plan => ({ ok: false, error });

/**
 * Applies edits in one pass over the text (cost: text size + edits, not their product). Edits must not overlap;
 * inserts at the same point keep their given order.
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return source;
  const sorted = edits.map((e, i) => ({ e, i })).sort((x, y) => x.e.start - y.e.start || x.e.end - y.e.end || x.i - y.i);
  const parts: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at || e.end < e.start || e.end > source.length) throw new Error('overlapping edits');
    parts.push(source.slice(at, e.start), e.newText);
    at = e.end;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

/** Maps an offset in the text before the edits to the text after them (for cursors and selections). */
export function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end <= offset) delta += e.newText.length - (e.end - e.start);
  }
  return offset + delta;
}

// ---------------------------------------------------------------------------------------------- runs

interface Run {
  readonly first: number;
  readonly last: number;
}

/** The run that holds item `index`. */
export function runOf(b: Backlog, index: number): Run {
  let first = index;
  while (first > 0 && sameRun(b, b.items[first - 1], b.items[first])) first--;
  let last = index;
  while (last < b.items.length - 1 && sameRun(b, b.items[last], b.items[last + 1])) last++;
  return { first, last };
}

/** Same group and table, with only blank lines and HTML comments (between HTML rows, say) in between. */
function sameRun(b: Backlog, a: BacklogItem, c: BacklogItem): boolean {
  return a.groupIndex === c.groupIndex && a.tableIndex === c.tableIndex && /^(?:\s|<!--(?:(?!-->)[\s\S])*-->)*$/.test(b.source.slice(a.span.end, c.span.start));
}

/** The column a line prefix reaches, as markdown counts it: a tab goes to the next multiple of 4. */
function widthOf(prefix: string): number {
  let w = 0;
  for (let k = 0; k < prefix.length; k++) w = prefix.charCodeAt(k) === 9 ? w + 4 - (w % 4) : w + 1;
  return w;
}

/** Column of an offset (a tab counts to the next multiple of 4, so `-\tfoo` has its text at column 4). */
const columnOf = (source: string, offset: number) => widthOf(source.slice(lineStartOf(source, offset), offset));

/**
 * Re-indents the continuation lines of a list item's content when it moves from column `from` to column `to`. Lines
 * indented less than `from` (lazy continuation lines) are left as they are, so moving back restores them. Spaces are
 * added or taken at the end of a line's indentation, after its tabs (so `\t` + 2 is column 6, and back); only a line
 * whose indentation ends in a tab that must shrink is rewritten with spaces.
 */
function reindent(content: string, from: number, to: number): string {
  const delta = to - from;
  if (delta === 0 || !content.includes('\n')) return content;
  return content.replace(/\n([ \t]*)(?=[^\r\n])/g, (m, ws: string) => {
    const w = widthOf(ws);
    if (w < from) return m;
    if (delta > 0) return `\n${ws}${' '.repeat(delta)}`;
    const trailing = /[ ]*$/.exec(ws)![0].length;
    return trailing >= -delta ? `\n${ws.slice(0, ws.length + delta)}` : `\n${' '.repeat(w + delta)}`;
  });
}

/**
 * Whether reindent(content, from, to) is undone by reindent(…, to, from). Not when the content moves left over a
 * lazy continuation line indented at or past the new column (`to` <= width < `from`): it is left where it is, no longer
 * reads as lazy there, and moving back would indent it (found by the fuzzer's move property).
 */
function reindentsBack(content: string, from: number, to: number): boolean {
  if (to >= from || !content.includes('\n')) return true;
  for (const m of content.matchAll(/\n([ \t]*)(?=[^\r\n])/g)) {
    const w = widthOf(m[1]);
    if (w >= to && w < from) return false;
  }
  return true;
}

/**
 * The part of an item that moves: a list item's content (its marker and number stay with the position), or the whole
 * lines of a heading or a table row, indentation included (an HTML row keeps its own indentation).
 */
function slotOf(b: Backlog, item: BacklogItem): Span {
  if (item.shape === 'list') return item.content;
  const lineStart = lineStartOf(b.source, item.content.start);
  return { start: /^[ \t]*$/.test(b.source.slice(lineStart, item.content.start)) ? lineStart : item.content.start, end: item.content.end };
}

/** A content moved out of its slot, with the column it was written at (list items only; others keep theirs). */
interface Piece {
  readonly text: string;
  readonly column: number;
}

function pieceOf(b: Backlog, item: BacklogItem): Piece {
  const slot = slotOf(b, item);
  return { text: b.source.slice(slot.start, slot.end), column: item.shape === 'list' ? columnOf(b.source, slot.start) : 0 };
}

/** The column a piece lands at in a slot (0 for whole lines). */
const slotColumn = (b: Backlog, item: BacklogItem) => (item.shape === 'list' ? columnOf(b.source, item.content.start) : 0);

const bumpNumber = (text: string, by = 1) => text.replace(/(\d{1,9})([.)][ \t]*)$/, (_m, n: string, rest: string) => `${Number(n) + by}${rest}`);

/** The joiner written before a slot added at the end of a run. */
function nextJoiner(b: Backlog, run: Run, extra = 1): string {
  const { source, eol } = b;
  const last = b.items[run.last];
  if (run.last > run.first) return bumpNumber(source.slice(slotOf(b, b.items[run.last - 1]).end, slotOf(b, last).start), extra);
  if (last.shape === 'heading') return eol + eol;
  if (last.shape === 'table') return eol;
  return eol + bumpNumber(source.slice(lineStartOf(source, last.content.start), last.content.start), extra);
}

/**
 * One edit that rewrites a run with new contents for its slots. `pieces` may hold one slot more than the run (a slot
 * is appended) or one fewer (the last slot goes), or none (the run disappears).
 */
function rewriteRun(b: Backlog, run: Run, pieces: readonly Piece[]): TextEdit {
  const { source } = b;
  const slots = b.items.slice(run.first, run.last + 1);
  const start = slotOf(b, slots[0]).start;
  const end = slotOf(b, slots[slots.length - 1]).end;
  if (pieces.length === 0) {
    // Every item of the run leaves (the only one, or all of a multi-select drag): each goes as below, and what lies
    // between them (an HTML comment between rows) stays, so one edit deletes the items and keeps the rest.
    const cuts = slots.map((item) => removalOf(b, item));
    // Items that end the file: the blank lines go from before the first of them (one cut per item would overlap).
    const last = slots[slots.length - 1];
    if (slots.length > 1 && last.shape !== 'table' && !/\S/.test(source.slice(last.trailerEnd))) {
      const first = removalOf(b, slots[0], true);
      cuts[0] = { start: first.start, end: cuts[0].end };
      cuts[cuts.length - 1] = { start: removalOf(b, last, false).start, end: last.span.end };
    }
    let kept = '';
    for (let k = 1; k < cuts.length; k++) kept += source.slice(cuts[k - 1].end, cuts[k].start);
    return { start: cuts[0].start, end: cuts[cuts.length - 1].end, newText: kept };
  }
  let text = '';
  for (let k = 0; k < pieces.length; k++) {
    let column: number;
    if (k < slots.length) {
      if (k > 0) text += source.slice(slotOf(b, slots[k - 1]).end, slotOf(b, slots[k]).start);
      column = slotColumn(b, slots[k]);
    } else {
      const joiner = nextJoiner(b, run, k - slots.length + 1);
      text += joiner;
      column = slots[slots.length - 1].shape === 'list' ? widthOf(joiner.slice(joiner.lastIndexOf('\n') + 1)) : 0;
    }
    text += reindent(pieces[k].text, pieces[k].column, column);
  }
  return { start, end, newText: text };
}

/**
 * The text that goes when an item leaves a run it is the last one in. A table row goes with the line break before it,
 * so the table's header rows and the blank line after the table stay as they were (and a row written back after them
 * restores the file). Another item goes with the blank lines after it or, when only blank lines follow it (the end of
 * the file), with those before it: what the group held before the item came (its heading, a paragraph) is left as it was.
 */
function removalOf(b: Backlog, item: BacklogItem, endsFile = !/\S/.test(b.source.slice(item.trailerEnd))): Span {
  const { source } = b;
  if (item.shape === 'table') {
    const slot = slotOf(b, item);
    const lineStart = lineStartOf(source, slot.start);
    const prevEnd = lineStart > 0 && source[lineStart - 1] === '\n' && source[lineStart - 2] === '\r' ? lineStart - 2 : Math.max(0, lineStart - 1);
    return { start: lineStart === slot.start ? prevEnd : slot.start, end: slot.end };
  }
  const lineStart = lineStartOf(source, item.span.start);
  const from = /^[ \t]*$/.test(source.slice(lineStart, item.span.start)) ? lineStart : item.span.start;
  if (!endsFile) return { start: from, end: item.trailerEnd };
  let before = from;
  while (before > 0 && /\s/.test(source[before - 1])) before--;
  return { start: before, end: item.span.end };
}

function checkIndex(b: Backlog, index: number, what = 'item'): string | null {
  if (!Number.isInteger(index) || index < 0 || index >= b.items.length) {
    return b.items.length === 0 ? 'The backlog has no items.' : `No ${what} at rank ${index + 1}: ranks go from 1 to ${b.items.length}.`;
  }
  return null;
}

/**
 * A row keeps its reading in the other table: the same kind of table and, column by column, the same kind of column
 * (ID, title, estimate, criteria, ...). Only the count was compared once: a row `| SHOP-8 | Remove an item | … |`
 * stepped into a table `Story / task | Estimate | Validation Criteria` lost its ID and read its title as an estimate
 * (found by the fuzzer's move property).
 */
function tablesCompatible(b: Backlog, from: BacklogItem, to: BacklogItem): boolean {
  if (from.tableIndex === to.tableIndex) return true;
  const a = b.tables[from.tableIndex];
  const c = b.tables[to.tableIndex];
  if (!a || !c || a.columns.length !== c.columns.length || a.html !== c.html) return false;
  const kind = (column: string) => (CRITERIA_LABEL.test(normaliseWord(column)) ? 'criteria' : fieldKindOf(column));
  return a.columns.every((column, i) => kind(column) === kind(c.columns[i]));
}

/** Moves item `from` (0-based) so that it ends at index `to` (0-based). */
export function planMove(b: Backlog, from: number, to: number): Plan {
  const bad = checkIndex(b, from) ?? checkIndex(b, to);
  if (bad) return fail(bad);
  if (from === to) return { ok: true, edits: [], newIndex: to };
  return relocate(b, from, to, to < from ? 'before' : 'after', to);
}

/**
 * Moves item `from` right before or after item `anchor`, into the anchor's group (`backlog move --before/--after`,
 * the MCP `move_item`, the LSP `backlog/move`). Unlike planMove, the side is the caller's: "before US-5" lands in
 * US-5's group even when the item above US-5 belongs to another group.
 */
export function planMoveNextTo(b: Backlog, from: number, anchor: number, where: 'before' | 'after'): Plan {
  const bad = checkIndex(b, from) ?? checkIndex(b, anchor);
  if (bad) return fail(bad);
  if (from === anchor) return fail(`An item cannot be moved ${where} itself.`);
  const newIndex = where === 'before' ? (anchor > from ? anchor - 1 : anchor) : anchor > from ? anchor : anchor + 1;
  // Already there: the neighbour on that side, in the same run (a different run would still change its group).
  const neighbour = where === 'before' ? anchor - 1 : anchor + 1;
  if (neighbour === from && runOf(b, from).first === runOf(b, anchor).first) return { ok: true, edits: [], newIndex };
  return relocate(b, from, anchor, where, newIndex);
}

/**
 * Moves an item one step: it swaps places with its neighbour, so the rank changes by exactly one and the opposite step
 * restores the file byte for byte. Only the two items' texts change; everything between them stays (blank lines,
 * comments, a paragraph, a group heading: across a group boundary the two items exchange groups).
 */
export function planMoveStep(b: Backlog, index: number, direction: 'up' | 'down'): Plan {
  const bad = checkIndex(b, index);
  if (bad) return fail(bad);
  if (direction === 'up' && index === 0) return fail('The item is already at the top.');
  if (direction === 'down' && index === b.items.length - 1) return fail('The item is already at the bottom.');
  const other = direction === 'up' ? index - 1 : index + 1;
  return swap(b, Math.min(index, other), other);
}

/** Swaps items `i` and `i + 1`: two edits, each item's text written into the other's slot. */
function swap(b: Backlog, i: number, newIndex: number): Plan {
  const upper = b.items[i];
  const lower = b.items[i + 1];
  if (upper.shape === 'table' && !tablesCompatible(b, upper, lower)) {
    const cols = (it: BacklogItem) => b.tables[it.tableIndex]?.columns.join(', ') ?? '';
    return fail(
      `${nameOf(upper)} and ${nameOf(lower)} are rows of two tables with different columns (${cols(upper)} | ${cols(lower)}), so they cannot swap places; move the row within its table, or give both tables the same columns first.`,
    );
  }
  const a = slotOf(b, upper);
  const c = slotOf(b, lower);
  if (a.end > c.start) {
    return fail(`${nameOf(lower)} is written inside ${nameOf(upper)} (a nested list item), so the two cannot swap places; move ${nameOf(upper)} instead, or un-indent ${nameOf(lower)} first.`);
  }
  const pa = pieceOf(b, upper);
  const pc = pieceOf(b, lower);
  for (const [item, piece, slot] of [[upper, pa, lower], [lower, pc, upper]] as const) {
    if (!reindentsBack(piece.text, piece.column, slotColumn(b, slot))) {
      return fail(`${nameOf(item)} has a line indented less than its text (a lazy continuation line) that would join its text at its new level, so the step could not be undone; indent that line like the rest of ${nameOf(item)} first.`);
    }
  }
  return {
    ok: true,
    edits: [
      { start: a.start, end: a.end, newText: reindent(pc.text, pc.column, slotColumn(b, upper)) },
      { start: c.start, end: c.end, newText: reindent(pa.text, pa.column, slotColumn(b, lower)) },
    ],
    newIndex,
    expect: { order: swapped(b.items.length, i) },
  };
}

/** How messages of the planners name an item: its ID, else its rank and the start of its title. */
function nameOf(item: BacklogItem): string {
  if (item.id) return item.id;
  const t = item.title.length > 30 ? `${item.title.slice(0, 29).trimEnd()}…` : item.title;
  return `rank ${item.rank}${t ? ` ("${t}")` : ''}`;
}

/** The identity order 0..n-1 with i and i+1 exchanged. */
function swapped(n: number, i: number): number[] {
  const order = Array.from({ length: n }, (_, k) => k);
  order[i] = i + 1;
  order[i + 1] = i;
  return order;
}

/** Moves the item at `from` next to the item at `anchor`. */
function relocate(b: Backlog, from: number, anchor: number, where: 'before' | 'after', newIndex: number): Plan {
  const item = b.items[from];
  const target = b.items[anchor];
  if (item.shape === 'table' && !tablesCompatible(b, item, target)) {
    return fail('Cannot move a row into a table with other columns; move it within its own table or edit the tables first.');
  }
  const src = runOf(b, from);
  const dst = runOf(b, anchor);
  const moved = pieceOf(b, item);
  if (src.first === dst.first) {
    const pieces = b.items.slice(src.first, src.last + 1).map((it) => pieceOf(b, it));
    pieces.splice(from - src.first, 1);
    const at = anchor - src.first + (where === 'after' ? 1 : 0) - (anchor > from ? 1 : 0);
    pieces.splice(at, 0, moved);
    return { ok: true, edits: [rewriteRun(b, src, pieces)], newIndex, expect: { order: movedOrder(b.items.length, from, newIndex) } };
  }
  const srcPieces = b.items.slice(src.first, src.last + 1).map((it) => pieceOf(b, it));
  srcPieces.splice(from - src.first, 1);
  const dstPieces = b.items.slice(dst.first, dst.last + 1).map((it) => pieceOf(b, it));
  dstPieces.splice(anchor - dst.first + (where === 'after' ? 1 : 0), 0, moved);
  return { ok: true, edits: [rewriteRun(b, src, srcPieces), rewriteRun(b, dst, dstPieces)], newIndex, expect: { order: movedOrder(b.items.length, from, newIndex) } };
}

/** The identity order 0..n-1 with `from` taken out and put back at `to`. */
function movedOrder(n: number, from: number, to: number): number[] {
  const order = Array.from({ length: n }, (_, k) => k);
  order.splice(from, 1);
  order.splice(to, 0, from);
  return order;
}

// ---------------------------------------------------------------------------------------------- moving into a group

/** A heading line (ATX), the end of what an empty group holds. */
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** A pipe table's delimiter row (`|---|:--:|`, with or without outer pipes). */
const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** The number of cells of a pipe-table row (outer pipes optional, `\|` is not a separator). */
function cellCount(line: string): number {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/**
 * What an empty group holds, between its heading and the next heading or item: `end` of its last non-blank line
 * (the heading's own end when there is none), and where a row goes in a table there whose rows all left: after the
 * delimiter row of a pipe table (with its number of cells), or before the `</table>` line of an HTML table.
 */
function emptyGroupSection(b: Backlog, groupIndex: number): { end: number; emptyTable: { at: number; columns: number | null } | null } {
  const { source } = b;
  const g = b.groups[groupIndex];
  let limit = source.length;
  for (const other of b.groups) if (other.span.start > g.span.start && other.span.start < limit) limit = other.span.start;
  for (const it of b.items) if (it.span.start > g.span.start && it.span.start < limit) limit = lineStartOf(source, it.span.start);
  let end = g.span.end;
  let emptyTable: { at: number; columns: number | null } | null = null;
  let prev: { line: string; end: number } | null = null;
  let html: 'none' | 'open' | 'rows' = 'none';
  for (let at = lineEndOf(source, g.span.end); at < limit; ) {
    const start = source[at] === '\r' && source[at + 1] === '\n' ? at + 2 : at + 1;
    if (start > limit) break;
    const lineEnd = Math.min(lineEndOf(source, start), limit);
    const line = source.slice(start, lineEnd);
    if (ATX_HEADING.test(line)) break;
    if (line.trim() !== '') {
      if (html === 'open' && /^[ \t]*<\/table>[ \t]*$/i.test(line) && prev) emptyTable = { at: prev.end, columns: null };
      else if (/<table\b/i.test(line) && !/<\/table>/i.test(line)) html = 'open';
      else if (html === 'open' && /<td\b/i.test(line)) html = 'rows';
      else if (prev && /\|/.test(prev.line + line) && DELIMITER_ROW.test(line) && line.includes('-')) {
        emptyTable = cellCount(prev.line) === cellCount(line) ? { at: lineEnd, columns: cellCount(line) } : null;
      }
      end = lineEnd;
      prev = { line, end: lineEnd };
    } else prev = null;
    at = lineEnd;
    if (at >= limit) break;
  }
  // Only a table that ends the group's text is one to write into.
  if (emptyTable && emptyTable.columns !== null && emptyTable.at !== end) emptyTable = null;
  if (emptyTable && emptyTable.columns === null && !/^[ \t]*<\/table>[ \t]*$/i.test(source.slice(lineStartOf(source, end), end))) emptyTable = null;
  return { end, emptyTable };
}

function checkGroup(b: Backlog, groupIndex: number): string | null {
  if (Number.isInteger(groupIndex) && groupIndex >= 0 && groupIndex < b.groups.length) return null;
  return b.groups.length === 0 ? 'The backlog has no groups.' : `No group ${groupIndex + 1}: the backlog has ${b.groups.length} groups.`;
}

/**
 * Moves an item into a group: `backlog move --group`, Move Item to Group in the editor. Into a group that holds items
 * (directly or in a group inside it) the item lands after the last of them, as `--after` that item. Into an empty
 * group it is written after what the group holds (its heading, a paragraph, the header rows of a table whose last row
 * left): a list item with its own marker, a heading item, or a table row (into a new table with the header rows of its
 * own when the group has none). Its old place closes up as in planMove. One-step moves swap neighbours (rank ± 1) and
 * so pass an empty group by: this is the way into one. Moving the item back where it came from restores the file.
 */
export function planMoveToGroup(b: Backlog, index: number, groupIndex: number): Plan {
  const bad = checkIndex(b, index);
  if (bad) return fail(bad);
  const badGroup = checkGroup(b, groupIndex);
  if (badGroup) return fail(badGroup);
  const group = b.groups[groupIndex];
  const within = (g: number): boolean => g >= 0 && (g === groupIndex || within(b.groups[g].parent));
  let last = -1;
  for (const it of b.items) if (within(it.groupIndex) && it.index !== index) last = it.index;
  if (last >= 0) {
    // Already the group's last item: nothing to do.
    if (within(b.items[index].groupIndex) && index > last) return { ok: true, edits: [], newIndex: index };
    return planMoveNextTo(b, index, last, 'after');
  }
  if (within(b.items[index].groupIndex)) return { ok: true, edits: [], newIndex: index };
  const item = b.items[index];
  const { source, eol } = b;
  if (group.depth === 0) {
    // A parent bullet whose items all left: the item is nested under it again, at its text's column.
    if (item.shape !== 'list') return fail(`"${group.title}" is a list item: only list items can be nested under it; move ${nameOf(item)} next to an item instead.`);
    const piece = pieceOf(b, item);
    const lead = source.slice(lineStartOf(source, item.content.start), item.content.start).trimStart();
    const marker = lead.replace(/^\d{1,9}([.)])/, (_m, d: string) => `1${d}`);
    const column = columnOf(source, group.span.start);
    const at = lineEndOf(source, group.span.end);
    const run = runOf(b, index);
    const stay = b.items.slice(run.first, run.last + 1).filter((it) => it.index !== index);
    const text = eol + ' '.repeat(column) + marker + reindent(piece.text, piece.column, widthOf(' '.repeat(column) + marker));
    const newIndex = b.items.filter((it) => it.index !== index && it.span.start < at).length;
    return {
      ok: true,
      edits: [rewriteRun(b, run, stay.map((it) => pieceOf(b, it))), { start: at, end: at, newText: text }],
      newIndex,
      expect: { order: movedOrder(b.items.length, index, newIndex) },
    };
  }
  const section = emptyGroupSection(b, groupIndex);
  let at = section.end;
  let text: string;
  const piece = pieceOf(b, item);
  if (item.shape === 'heading') {
    text = eol + eol + piece.text;
  } else if (item.shape === 'list') {
    // The item's own marker, at column 0; an ordered list starts at 1.
    const lead = source.slice(lineStartOf(source, item.content.start), item.content.start).trimStart();
    const marker = lead.replace(/^\d{1,9}([.)])/, (_m, d: string) => `1${d}`);
    text = eol + eol + marker + reindent(piece.text, piece.column, widthOf(marker));
  } else {
    const table = b.tables[item.tableIndex];
    const empty = section.emptyTable;
    if (!table) return fail(`${nameOf(item)} is not in a table.`);
    if (table.html && !(empty && empty.columns === null)) {
      return fail(`${nameOf(item)} is a row of an HTML table, which cannot start a table in "${group.title}"; add an HTML table there first, or move the row next to another row.`);
    }
    if (empty && (empty.columns === null) !== table.html) {
      return fail(`"${group.title}" holds ${table.html ? 'a pipe table' : 'an HTML table'} and ${nameOf(item)} is a row of ${table.html ? 'an HTML table' : 'a pipe table'}; move the row next to another row instead.`);
    }
    if (empty) {
      if (empty.columns !== null && empty.columns !== table.columns.length) {
        return fail(`The table in "${group.title}" has ${empty.columns} columns and the row of ${nameOf(item)} ${table.columns.length}; give both tables the same columns first.`);
      }
      at = empty.at;
      text = eol + piece.text;
    } else {
      // A new table with the header and delimiter rows of the row's own table.
      const headerStart = lineStartOf(source, table.span.start);
      const headerEnd = lineEndOf(source, table.span.start);
      const delimiterStart = source[headerEnd] === '\r' && source[headerEnd + 1] === '\n' ? headerEnd + 2 : headerEnd + 1;
      text = eol + eol + source.slice(headerStart, headerEnd) + eol + source.slice(delimiterStart, lineEndOf(source, delimiterStart)) + eol + piece.text;
    }
  }
  // The place the item leaves closes up.
  const run = runOf(b, index);
  const stay = b.items.slice(run.first, run.last + 1).filter((it) => it.index !== index);
  const edits: TextEdit[] = [rewriteRun(b, run, stay.map((it) => pieceOf(b, it))), { start: at, end: at, newText: text }];
  const newIndex = b.items.filter((it) => it.index !== index && it.span.start < at).length;
  return { ok: true, edits, newIndex, expect: { order: movedOrder(b.items.length, index, newIndex) } };
}

/**
 * Moves several items into a group (a multi-select drop on a group in the tree), as planMoveToGroup moves each in
 * document order: they land together after the group's last other item, or into the group when it is empty, in the
 * order they had. One minimal edit, one undo step. Into a group with items it is one plan on this text (as
 * planMoveItems); into an empty group the first item is written there and the others follow it (one parse between).
 * The opposite move restores the file as planMoveToGroup's does: the items back into the group they came from when
 * they were its last ones, or dragged back before the item they were above.
 */
export function planMoveItemsToGroup(b: Backlog, indexes: readonly number[], groupIndex: number, options: ParseOptions = {}): Plan {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  for (const i of sorted) {
    const bad = checkIndex(b, i);
    if (bad) return fail(bad);
  }
  const badGroup = checkGroup(b, groupIndex);
  if (badGroup) return fail(badGroup);
  if (sorted.length <= 1) return sorted.length === 0 ? { ok: true, edits: [] } : planMoveToGroup(b, sorted[0], groupIndex);
  const group = b.groups[groupIndex];
  const within = (g: number): boolean => g >= 0 && (g === groupIndex || within(b.groups[g].parent));
  const moving = new Set(sorted);
  // A parent bullet (a group of depth 0) left with no item under it is read as an item itself: refused, not guessed.
  for (const [gi, g] of b.groups.entries()) {
    if (g.depth !== 0 || within(gi)) continue;
    const under = b.items.filter((it) => it.groupIndex === gi);
    if (under.length > 0 && under.every((it) => moving.has(it.index))) {
      return fail(`Moving these items would leave the list item "${g.title}" with nothing under it, so it would be read as an item itself; nothing was changed. Keep one item under it, or move them one at a time.`);
    }
  }
  let last = -1;
  for (const it of b.items) if (within(it.groupIndex) && !moving.has(it.index)) last = it.index;
  if (last >= 0) return moveItemsAfter(b, sorted, last);
  if (sorted.some((i) => within(b.items[i].groupIndex))) {
    // The group holds only moving items. When the first of them is one, the others follow it (one plan); else (rare:
    // moving items above the group too) each is moved in turn.
    if (within(b.items[sorted[0]].groupIndex)) {
      const p = moveItemsAfter(b, sorted.slice(1), sorted[0]);
      // newIndex: where the first of them is (the others follow it).
      return p.ok ? { ...p, newIndex: p.newIndex! - 1 } : p;
    }
    return stepByStep(b, sorted, groupIndex, options);
  }
  // An empty group: the first item is written into it, the others follow it.
  const first = planMoveToGroup(b, sorted[0], groupIndex);
  if (!first.ok) return first;
  return then(b, first, (after, order) => moveItemsAfter(after, sorted.slice(1).map((i) => order.indexOf(i)), order.indexOf(sorted[0])), options, group.title, sorted[0]);
}

/** planMoveToGroup for each item in turn, one parse after each step, as one edit. */
function stepByStep(b: Backlog, sorted: readonly number[], groupIndex: number, options: ParseOptions): Plan {
  const title = b.groups[groupIndex].title;
  let current = b;
  let text = b.source;
  // order[k]: the index (in `b`) of the item at position k of `current`.
  let order = b.items.map((_, k) => k);
  for (const original of sorted) {
    const p = planMoveToGroup(current, order.indexOf(original), groupIndex);
    if (!p.ok) return p;
    if (p.edits.length === 0) continue;
    if (p.expect?.order) order = p.expect.order.map((k) => order[k]);
    text = applyEdits(text, p.edits);
    current = parseBacklog(text, { shape: options.shape, itemDepth: options.itemDepth, fieldAliases: options.fieldAliases, cache: options.cache });
    if (current.items.length !== b.items.length || current.groups.length !== b.groups.length) {
      return fail(`Moving ${nameOf(b.items[original])} into "${title}" would change the items or groups of the file, so nothing was changed; move the items one at a time.`);
    }
  }
  const newIndex = order.indexOf(sorted[0]);
  if (text === b.source) return { ok: true, edits: [], newIndex };
  return { ok: true, edits: [diffEdit(b.source, text)], newIndex, expect: { order } };
}

/** A plan, then a second one planned on its result (one parse), as one edit from `b`; `lead`: the first moved item. */
function then(b: Backlog, p: Extract<Plan, { ok: true }>, next: (after: Backlog, order: number[]) => Plan, options: ParseOptions, title: string, lead: number): Plan {
  const text = applyEdits(b.source, p.edits);
  const after = parseBacklog(text, { shape: options.shape, itemDepth: options.itemDepth, fieldAliases: options.fieldAliases, cache: options.cache });
  if (after.items.length !== b.items.length || after.groups.length !== b.groups.length) {
    return fail(`Moving the items into "${title}" would change the items or groups of the file, so nothing was changed; move the items one at a time.`);
  }
  let order = p.expect?.order ? [...p.expect.order] : b.items.map((_, k) => k);
  const q = next(after, order);
  if (!q.ok) return q;
  if (q.expect?.order) order = q.expect.order.map((k) => order[k]);
  const out = applyEdits(text, q.edits);
  // Where the first of the moved items (`lead`, an index in `b`) is now.
  const newIndex = order.indexOf(lead);
  if (out === b.source) return { ok: true, edits: [], newIndex };
  return { ok: true, edits: [diffEdit(b.source, out)], newIndex, expect: { order } };
}

/**
 * Moves items (sorted, not holding `last`) so that they land together right after item `last`, in its run, in
 * document order: each run they leave closes up, planned on this text alone (as planMoveItems), one minimal edit.
 */
function moveItemsAfter(b: Backlog, sorted: readonly number[], last: number): Plan {
  const moving = new Set(sorted);
  const target = b.items[last];
  for (const i of sorted) {
    const item = b.items[i];
    if (item.shape === 'table' && !tablesCompatible(b, item, target)) {
      return fail(`${nameOf(item)} cannot move into a table with other columns; move it within its own table or edit the tables first.`);
    }
  }
  const targetRun = runOf(b, last);
  const runs = new Map<number, Run>([[targetRun.first, targetRun]]);
  for (const i of sorted) {
    const r = runOf(b, i);
    runs.set(r.first, r);
  }
  const edits: TextEdit[] = [];
  for (const r of runs.values()) {
    const stay = b.items.slice(r.first, r.last + 1).filter((it) => !moving.has(it.index));
    const pieces = stay.map((it) => pieceOf(b, it));
    if (r.first === targetRun.first) pieces.splice(stay.findIndex((it) => it.index === last) + 1, 0, ...sorted.map((i) => pieceOf(b, b.items[i])));
    edits.push(rewriteRun(b, r, pieces));
  }
  const stayAll = b.items.filter((it) => !moving.has(it.index)).map((it) => it.index);
  const before = stayAll.indexOf(last) + 1;
  const order = [...stayAll.slice(0, before), ...sorted, ...stayAll.slice(before)];
  const text = applyEdits(b.source, edits);
  if (text === b.source) return { ok: true, edits: [], newIndex: before };
  return { ok: true, edits: [diffEdit(b.source, text)], newIndex: before, expect: { order } };
}

// ---------------------------------------------------------------------------------------------- checking plans

/**
 * Whether a plan, applied, gives the items it promises: the same count, and each item with the ID and title of the
 * one expected at its place (a move permutes them, New Item adds one). Every front end checks a plan before it
 * applies it, so that markdown the planner cannot see (a code block or HTML tag left open in an item, which swallows
 * what follows) never glues two items together. Returns null, or a sentence saying what would go wrong and what to do.
 */
export function checkItemsAfter(before: Backlog, plan: Extract<Plan, { ok: true }>, after: Backlog): string | null {
  const want: { id: string | null; title: string }[] = (plan.expect?.order ?? before.items.map((_, k) => k)).map((k) => before.items[k]);
  const ins = plan.expect?.inserted;
  if (ins) want.splice(ins.index, 0, { id: null, title: ins.title });
  const hint = 'look for a code block (```) or an HTML tag left open in the items around it, close it, and try again';
  if (after.items.length !== want.length) {
    return `The change would leave ${after.items.length} ${after.items.length === 1 ? 'item' : 'items'} where there should be ${want.length}, so nothing was changed; ${hint}.`;
  }
  for (let k = 0; k < want.length; k++) {
    const got = after.items[k];
    const exp = want[k];
    // The new item: its count is checked above (a title written with an ID or markup reads back differently).
    if (ins && k === ins.index) continue;
    if ((got.id ?? null) === (exp.id ?? null) && got.title === exp.title) continue;
    const show = (x: { id: string | null; title: string }) => `"${[x.id, x.title.length > 40 ? `${x.title.slice(0, 39)}…` : x.title].filter(Boolean).join(' ')}"`;
    return `The change would turn item ${k + 1}, ${show(exp)}, into ${show(got)}, so nothing was changed; ${hint}.`;
  }
  return null;
}

/** The plan if applying it gives the items it promises (checkItemsAfter), else a refusal. Parses the result once. */
export function verifyPlan(b: Backlog, plan: Plan, options: ParseOptions = {}): Plan {
  if (!plan.ok || plan.edits.length === 0) return plan;
  const after = parseBacklog(applyEdits(b.source, plan.edits), { shape: options.shape, itemDepth: options.itemDepth, fieldAliases: options.fieldAliases, cache: options.cache });
  const problem = checkItemsAfter(b, plan, after);
  return problem ? fail(problem) : plan;
}

// ---------------------------------------------------------------------------------------------- criteria

function checkCriterion(b: Backlog, index: number, criterion: number): string | null {
  const bad = checkIndex(b, index);
  if (bad) return bad;
  const n = b.items[index].criteria.length;
  if (!Number.isInteger(criterion) || criterion < 0 || criterion >= n) {
    return n === 0 ? 'The item has no acceptance criteria.' : `No criterion ${criterion + 1}: the item has ${n}.`;
  }
  return null;
}

const singleLine = (text: string, what: string): string | null =>
  /[\r\n]/.test(text) ? `The ${what} must be a single line.` : text.trim() === '' ? `The ${what} must not be empty.` : null;

/** Checks or unchecks a criterion; a criterion written without a checkbox gets one. */
export function planToggleCriterion(b: Backlog, index: number, criterion: number, done?: boolean): Plan {
  const bad = checkCriterion(b, index, criterion);
  if (bad) return fail(bad);
  const c = b.items[index].criteria[criterion];
  const next = done ?? !c.done;
  if (c.checkSpan) return { ok: true, edits: [{ start: c.checkSpan.start, end: c.checkSpan.end, newText: next ? 'x' : ' ' }] };
  if (c.span.start === c.textSpan.start && !isListCriterion(b, c)) return fail('This criterion is not a list item and cannot carry a checkbox.');
  return { ok: true, edits: [{ start: c.textSpan.start, end: c.textSpan.start, newText: next ? '[x] ' : '[ ] ' }] };
}

function isListCriterion(b: Backlog, c: Criterion): boolean {
  return /^(?:[-*+]|\d{1,9}[.)])[ \t]/.test(b.source.slice(c.span.start, c.span.start + 12));
}

/** Replaces a criterion's text, keeping its marker and checkbox. */
export function planEditCriterion(b: Backlog, index: number, criterion: number, text: string): Plan {
  const bad = checkCriterion(b, index, criterion) ?? singleLine(text, 'criterion');
  if (bad) return fail(bad);
  const item = b.items[index];
  const c = item.criteria[criterion];
  return { ok: true, edits: [{ start: c.textSpan.start, end: c.textSpan.end, newText: inCell(b, item, text.trim()) }] };
}

/**
 * Adds an unchecked criterion after the last one (after its continuation lines and nested lists), under the label,
 * or in a new labelled section in the file's language and label style. A template (the suggestion's criterion stub)
 * also gives the insertion as a snippet.
 */
export function planAddCriterion(b: Backlog, index: number, text: string | Template): Plan {
  const plain = typeof text === 'string' ? text : templateText(text);
  const bad = checkIndex(b, index) ?? singleLine(plain, 'criterion');
  if (bad) return fail(bad);
  const item = b.items[index];
  const { source, eol } = b;
  const t: Template = typeof text === 'string' ? [text.trim()] : text;
  const last = item.criteria[item.criteria.length - 1];
  if (item.shape === 'table') {
    const table = b.tables[item.tableIndex];
    const cell = tableCriteriaCell(b, item);
    if (!cell) return fail(`The table has no acceptance-criteria column${table ? ` (columns: ${table.columns.join(', ')})` : ''}.`);
    const empty = source.slice(cell.start, cell.end).trim() === '';
    return insertion(cell.end, empty ? '- [ ] ' : '<br>- [ ] ', escapeCell(t), '');
  }
  if (unclosedFence(source.slice(item.span.start, item.span.end))) {
    return fail('The item ends inside a code block that is not closed; close it (```) first, so that the criterion lands after it.');
  }
  if (last && isListCriterion(b, last)) {
    const lineStart = lineStartOf(source, last.span.start);
    const lead = source.slice(lineStart, last.textSpan.start).replace(/\[[ xX]\][ \t]*/, '');
    const marker = lead.replace(/(\d{1,9})([.)])/, (_m, n: string, d: string) => `${Number(n) + 1}${d}`);
    const at = listItemEnd(source, lineStart, columnOf(source, last.checkSpan ? last.checkSpan.start - 1 : last.textSpan.start), item.span.end);
    return insertion(at, `${eol}${marker}[ ] `, t, '');
  }
  if (item.criteriaLabelSpan) {
    const labelEnd = lineEndOf(source, item.criteriaLabelSpan.end);
    const isHeading = /^#/.test(source.slice(lineStartOf(source, item.criteriaLabelSpan.start)).trimStart());
    // A paragraph that goes on after the label (`**AC:**` then a line of prose) is not split: the list follows it.
    const at = isHeading ? labelEnd : paragraphEnd(source, labelEnd, item.span.end);
    const indent = item.shape === 'list' ? ' '.repeat(indentOf(source, item.criteriaLabelSpan.start)) : '';
    return insertion(at, `${eol}${isHeading ? eol : ''}${indent}- [ ] `, t, nextLineBlank(source, at) || !isHeading ? '' : eol);
  }
  if (item.shape === 'list') {
    return insertion(item.bodyEnd, `${eol}${' '.repeat(columnOf(source, item.content.start))}- [ ] `, t, '');
  }
  return insertion(item.bodyEnd, `${eol}${eol}${criteriaLabelFor(b)}${eol}${eol}- [ ] `, t, '');
}

/** An insertion of `before` + template + `after` at `at`: the plain edit, the snippet, and the template selected. */
function insertion(at: number, before: string, t: Template, after: string): Plan {
  const plain = templateText(t);
  const newText = before + plain + after;
  const snippet = t.some((p) => typeof p !== 'string') ? { start: at, end: at, newText: `${escapeLiteral(before)}${templateSnippet(t)}${escapeLiteral(after)}` } : undefined;
  const selStart = at + before.length;
  return { ok: true, edits: [{ start: at, end: at, newText }], selection: { start: selStart, end: selStart + plain.length }, ...(snippet ? { snippet } : {}) };
}

const escapeLiteral = (s: string) => s.replace(/[$}\\]/g, (c) => `\\${c}`);

/** A template as table-cell text: `|` escaped so that it cannot end the cell. */
/** Text written into a pipe table's cell: a `|` would start a new cell, so it is escaped (`\\|`). */
const inCell = (b: Backlog, item: BacklogItem, text: string) => (item.shape === 'table' && !b.tables[item.tableIndex]?.html ? text.replace(/(?<!\\)\|/g, '\\|') : text);

const escapeCell = (t: Template): Template => t.map((p) => (typeof p === 'string' ? p.replace(/(?<!\\)\|/g, '\\|') : { ...p, text: p.text.replace(/(?<!\\)\|/g, '\\|') }));

/** Whether a text ends inside a fenced code block (an opening ``` or ~~~ without its closing fence). */
export function unclosedFence(text: string): boolean {
  let open: { char: string; length: number } | null = null;
  for (const line of text.split(/\r?\n|\r/)) {
    const m = /^[ \t]{0,3}(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    if (open === null) {
      if (m[1][0] === '`' && m[2].includes('`')) continue; // An inline code span, not a fence.
      open = { char: m[1][0], length: m[1].length };
    } else if (m[1][0] === open.char && m[1].length >= open.length && m[2].trim() === '') open = null;
  }
  return open !== null;
}

/** Indentation (columns of spaces and tabs) of the line holding `offset`. */
function indentOf(source: string, offset: number): number {
  const start = lineStartOf(source, offset);
  return /^[ \t]*/.exec(source.slice(start, offset))![0].length;
}

/** The start of the first non-blank line after the line ending at `lineEnd` (the text's end when there is none). */
function nextContentLine(source: string, lineEnd: number): number {
  let pos = source.indexOf('\n', lineEnd);
  while (pos !== -1) {
    const end = lineEndOf(source, pos + 1);
    if (!/^[ \t]*$/.test(source.slice(pos + 1, end))) return pos + 1;
    pos = source.indexOf('\n', end);
  }
  return source.length;
}

/** Whether the line after the one ending at `lineEnd` is blank or absent. */
function nextLineBlank(source: string, lineEnd: number): boolean {
  const next = source.indexOf('\n', lineEnd);
  if (next === -1) return true;
  return /^[ \t\r]*$/.test(source.slice(next + 1, lineEndOf(source, next + 1)));
}

// A line that starts a block of its own (so it cannot be the lazy continuation of a paragraph).
const BLOCK_START = /^[ \t]*(?:#{1,6}(?:[ \t]|$)|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>|`{3,}|~{3,}|<|\||(?:[-*_][ \t]*){3,}$)/;

/** The end of the last line of the paragraph whose line ends at `lineEnd` (lazy continuation lines included). */
export function paragraphEnd(source: string, lineEnd: number, limit = source.length): number {
  let end = lineEnd;
  for (;;) {
    const next = source.indexOf('\n', end);
    if (next === -1 || next + 1 >= limit) return end;
    const nextEnd = lineEndOf(source, next + 1);
    const line = source.slice(next + 1, nextEnd);
    if (/^[ \t]*$/.test(line) || BLOCK_START.test(line)) return end;
    end = nextEnd;
  }
}

/**
 * The end of a list item's last line: its lazy continuation lines, and every later line indented to its content
 * column (nested lists, continuation paragraphs after blank lines), up to `limit`.
 */
export function listItemEnd(source: string, lineStart: number, contentColumn: number, limit = source.length): number {
  let end = lineEndOf(source, lineStart);
  let pos = end;
  let lastWasBlank = false;
  for (;;) {
    const next = source.indexOf('\n', pos);
    if (next === -1 || next + 1 >= limit) return end;
    const lineEnd = Math.min(lineEndOf(source, next + 1), limit);
    const line = source.slice(next + 1, lineEnd);
    pos = lineEnd;
    if (/^[ \t]*$/.test(line)) {
      lastWasBlank = true;
      continue;
    }
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
    if (indent >= contentColumn || (!lastWasBlank && !BLOCK_START.test(line))) {
      end = lineEnd;
      lastWasBlank = false;
      continue;
    }
    return end;
  }
}

function tableCriteriaCell(b: Backlog, item: BacklogItem): Span | null {
  const table = b.tables[item.tableIndex];
  if (!table) return null;
  const col = table.columns.findIndex((c) => /^(?:acceptance|ac$|akzeptanz|crit[eè]r|criteri|how to demo)/i.test(c.replace(/[*_]/g, '').trim()));
  if (col < 0) return null;
  // Cells of the row, in order: the fields (non-criteria cells) skip the criteria cell, so find it by position.
  const row = b.source.slice(item.span.start, item.span.end);
  if (table.html) return null;
  let k = -1;
  let pos = row.startsWith('|') ? 1 : 0;
  let cellStart = pos;
  for (; pos <= row.length; pos++) {
    if (pos === row.length || (row[pos] === '|' && row[pos - 1] !== '\\')) {
      k++;
      if (k === col) {
        let s = cellStart;
        let e = pos;
        while (s < e && /[ \t]/.test(row[s])) s++;
        while (e > s && /[ \t]/.test(row[e - 1])) e--;
        return { start: item.span.start + s, end: item.span.start + e };
      }
      cellStart = pos + 1;
    }
  }
  return null;
}

/** Removes a criterion's line (a table-cell criterion: its segment). */
export function planRemoveCriterion(b: Backlog, index: number, criterion: number): Plan {
  const bad = checkCriterion(b, index, criterion);
  if (bad) return fail(bad);
  const item = b.items[index];
  const c = item.criteria[criterion];
  const { source } = b;
  if (item.shape === 'table') {
    const before = source.slice(Math.max(item.span.start, c.span.start - 6), c.span.start);
    const br = /<br\s*\/?>$/i.exec(before);
    if (br) return { ok: true, edits: [{ start: c.span.start - br[0].length, end: c.span.end, newText: '' }] };
    const after = /^<br\s*\/?>/i.exec(source.slice(c.span.end, c.span.end + 6));
    return { ok: true, edits: [{ start: c.span.start, end: c.span.end + (after ? after[0].length : 0), newText: '' }] };
  }
  const start = lineStartOf(source, c.span.start);
  const end = lineEndOf(source, c.span.end);
  // Take the line terminator after the line; at the end of the file, the one before it.
  if (end < source.length) return { ok: true, edits: [{ start, end: source[end] === '\r' ? end + 2 : end + 1, newText: '' }] };
  const prevEnd = start > 0 ? (source[start - 2] === '\r' ? start - 2 : start - 1) : start;
  return { ok: true, edits: [{ start: prevEnd, end, newText: '' }] };
}

/** Moves a criterion within its item; markers stay in place, text and checkbox move. */
export function planMoveCriterion(b: Backlog, index: number, from: number, to: number): Plan {
  const bad = checkCriterion(b, index, from) ?? checkCriterion(b, index, to);
  if (bad) return fail(bad);
  if (from === to) return { ok: true, edits: [] };
  const crit = b.items[index].criteria;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const { source } = b;
  const body = (c: Criterion) => ({ start: c.checkSpan ? c.checkSpan.start - 1 : c.textSpan.start, end: c.span.end });
  const pieces = crit.slice(lo, hi + 1).map((c) => source.slice(body(c).start, body(c).end));
  const [moved] = pieces.splice(from - lo, 1);
  pieces.splice(to - lo, 0, moved);
  let text = '';
  for (let k = lo; k <= hi; k++) {
    if (k > lo) text += source.slice(body(crit[k - 1]).end, body(crit[k]).start);
    text += pieces[k - lo];
  }
  return { ok: true, edits: [{ start: body(crit[lo]).start, end: body(crit[hi]).end, newText: text }] };
}

// ---------------------------------------------------------------------------------------------- fields & statements

const FIELD_LABEL: Record<Exclude<FieldKind, 'other' | 'title'>, string> = {
  id: 'ID',
  priority: 'Priority',
  estimate: 'Estimate',
  status: 'Status',
  dependsOn: 'Depends on',
  owner: 'Owner',
  sprint: 'Sprint',
  value: 'Value',
};

/** Sets a field's value, or adds a `- Key: value` line after the item's other fields. */
export function planSetField(b: Backlog, index: number, kind: Exclude<FieldKind, 'other' | 'title'>, value: string): Plan {
  const bad = checkIndex(b, index) ?? (/[\r\n|]/.test(value) ? 'A field value must be a single line without `|`.' : null);
  if (bad) return fail(bad);
  const item = b.items[index];
  const v = value.trim();
  const existing = item.fields.find((f) => f.kind === kind);
  if (existing) {
    // An empty pipe-table cell gets the value padded as its column writes values (not `|   3|`).
    const cell = item.shape === 'table' && existing.valueSpan.start === existing.valueSpan.end ? fillEmptyCell(b, item, existing.valueSpan.start, v) : null;
    return { ok: true, edits: [cell ?? { start: existing.valueSpan.start, end: existing.valueSpan.end, newText: v }] };
  }
  if (kind === 'status' && item.status?.source === 'checkbox' && /^(done|todo|to do|open)$/i.test(v)) {
    const box = /\[([ xX])\]/.exec(b.source.slice(item.titleSpan.start, item.titleSpan.end));
    if (box) {
      const at = item.titleSpan.start + box.index + 1;
      return { ok: true, edits: [{ start: at, end: at + 1, newText: /^done$/i.test(v) ? 'x' : ' ' }] };
    }
  }
  if (item.shape === 'table') return missingCell(b, item, kind, v) ?? fail(`The table has no ${FIELD_LABEL[kind]} column.`);
  const { source, eol } = b;
  const known = item.fields.filter((f) => f.kind !== 'other' || true);
  const lastField = known[known.length - 1];
  if (lastField) {
    const lineStart = lineStartOf(source, lastField.span.start);
    const line = source.slice(lineStart, lineEndOf(source, lastField.span.start));
    const keyAt = line.indexOf(lastField.key);
    const lead = keyAt >= 0 ? line.slice(0, keyAt) : '- ';
    const between = keyAt >= 0 ? line.slice(keyAt + lastField.key.length, lastField.valueSpan.start - lineStart) : ': ';
    const at = lineEndOf(source, lastField.span.end);
    // Keep a hard line break style (`**Key:** value  `) if the previous field line used one.
    const hardBreak = /( {2,}|\\)$/.exec(source.slice(lastField.valueSpan.end, at))?.[1] ?? '';
    const insert = `${hardBreak && !source.slice(lastField.valueSpan.end, at).endsWith(hardBreak) ? hardBreak : ''}${eol}${lead}${FIELD_LABEL[kind]}${between}${v}`;
    return { ok: true, edits: [{ start: at, end: at, newText: insert }] };
  }
  // After the title, or after the value statement's paragraph (never between its lines).
  const lineEnd = item.value ? lineEndOf(source, item.value.span.end) : lineEndOf(source, item.titleSpan.end);
  const at = item.value ? paragraphEnd(source, lineEnd, item.span.end) : lineEnd;
  if (item.shape === 'list') return { ok: true, edits: [{ start: at, end: at, newText: `${eol}${' '.repeat(columnOf(source, item.content.start))}- ${FIELD_LABEL[kind]}: ${v}` }] };
  // Under a heading the field is a list of its own: a blank line before and after it (a label or a paragraph right
  // below would otherwise continue it), and another bullet than a list that follows (a task list right below
  // would otherwise take it in as a criterion).
  const next = /^[ \t]{0,3}([-*+])[ \t]/.exec(source.slice(nextContentLine(source, at)));
  const bullet = next?.[1] === '-' ? '*' : '-';
  const after = nextLineBlank(source, at) ? '' : eol;
  return { ok: true, edits: [{ start: at, end: at, newText: `${eol}${eol}${bullet} ${FIELD_LABEL[kind]}: ${v}${after}` }] };
}

export interface StatementParts {
  readonly role: string;
  readonly want: string;
  readonly benefit: string;
}

/** Writes a value statement in the given language (`en` when unknown). */
export function formatValueStatement(parts: StatementParts, language = 'en'): string {
  const template = STATEMENT_TEMPLATES[language] ?? STATEMENT_TEMPLATES.en;
  const benefit = parts.benefit.trim();
  const text = (benefit ? template.full : template.noBenefit)
    .replace('{role}', parts.role.trim())
    .replace('{want}', parts.want.trim().replace(/[.!]$/, ''))
    .replace('{benefit}', benefit.replace(/[.!]$/, ''));
  return text;
}

/** Replaces the item's value statement, or inserts one after the title. */
export function planSetValueStatement(b: Backlog, index: number, parts: StatementParts): Plan {
  const bad =
    checkIndex(b, index) ??
    ([parts.role, parts.want, parts.benefit].some((p) => /[\r\n]/.test(p)) ? 'Role, goal and benefit must each be a single line.' : null) ??
    (parts.role.trim() === '' || parts.want.trim() === '' ? 'A value statement needs a role and a goal.' : null);
  if (bad) return fail(bad);
  const item = b.items[index];
  if (item.value && item.value.role !== null) {
    const text = formatValueStatement(parts, item.value.language);
    // Keep the sentence's final punctuation as the user wrote it.
    const old = b.source.slice(item.value.span.start, item.value.span.end);
    const trailing = /[.!]$/.test(old) ? '' : '';
    return { ok: true, edits: [{ start: item.value.span.start, end: item.value.span.end, newText: inCell(b, item, text.replace(/\.$/, '') + trailing) }] };
  }
  return planInsertValueStatement(b, index, formatValueStatement(parts));
}

/**
 * Inserts a value statement after the item's title: its own paragraph under a heading, the next line of the title's
 * paragraph in a list item (after its lazy continuation lines, never between them). Without a statement, the template
 * of the file's language, also as a snippet with tab stops.
 */
export function planInsertValueStatement(b: Backlog, index: number, statement?: string): Plan {
  const bad = checkIndex(b, index);
  if (bad) return fail(bad);
  const item = b.items[index];
  const { source, eol } = b;
  if (item.shape === 'table') return fail('Table rows hold their story in a cell: write the value statement into the story column.');
  const t: Template = statement === undefined ? statementTemplate(backlogLanguage(b)) : [statement];
  const titleEnd = lineEndOf(source, item.titleSpan.end);
  if (item.shape === 'heading') return insertion(titleEnd, `${eol}${eol}`, t, nextLineBlank(source, titleEnd) ? '' : eol);
  const at = paragraphEnd(source, titleEnd, item.span.end);
  return insertion(at, `${eol}${' '.repeat(columnOf(source, item.content.start))}`, t, '');
}

// ---------------------------------------------------------------------------------------------- suppression

/**
 * "Disable <rule> for this item": a `<!-- backlog-disable-next-item rule -->` line above the item, or the rule added
 * to the comment already there. Heading items only: a comment line above a list item or table row would split the
 * list or end the table (those use `.backlog.jsonc` or the front matter). Shared by the editor and the language server.
 */
export function planDisableRule(b: Backlog, index: number, ruleId: string): Plan {
  const bad = checkIndex(b, index);
  if (bad) return fail(bad);
  const item = b.items[index];
  if (item.shape !== 'heading') return fail('Only heading items can carry a suppression comment; turn the rule off in .backlog.jsonc or the front matter instead.');
  if (item.disabledRules.has(ruleId) || item.disabledRules.has('all')) return { ok: true, edits: [] };
  const { source } = b;
  // The item's span starts at its suppression comment when it has one.
  if (/^<!--\s*backlog-disable-next-item\b/.test(source.slice(item.span.start, item.span.start + 40))) {
    const close = source.indexOf('-->', item.span.start);
    return { ok: true, edits: [{ start: close, end: close, newText: `${ruleId} ` }] };
  }
  const at = lineStartOf(source, item.span.start);
  return { ok: true, edits: [{ start: at, end: at, newText: `<!-- backlog-disable-next-item ${ruleId} -->${b.eol}` }] };
}

// ---------------------------------------------------------------------------------------------- new items

/** What a new item is written with besides its title. */
export interface NewItemOptions {
  /**
   * Its ID. Absent: the next ID in the file's own scheme (nextItemId) when the items around it have IDs and the title
   * starts with none; null: no ID; a string: that ID (refused when another item has it).
   */
  readonly id?: string | null;
}

/**
 * Inserts a new item so that it gets `rank` (1-based; length + 1 appends), written like the item it lands next to:
 * its shape, its checkbox, the next ID in its style, a table row's cells padded and aligned like the rows around it.
 * Selection: the title.
 */
export function planInsertItem(b: Backlog, rank: number, title: string, options: NewItemOptions = {}): Plan {
  const bad =
    singleLine(title, 'title') ??
    (!Number.isInteger(rank) || rank < 1 || rank > b.items.length + 1 ? `Rank must be from 1 to ${b.items.length + 1}.` : null) ??
    (typeof options.id === 'string' ? checkNewId(b, options.id) : null) ??
    (typeof options.id === 'string' && startsWithId(title.trim()) ? `The title "${title.trim()}" starts with an ID and the ID ${options.id.trim()} was given too; give the ID once.` : null);
  if (bad) return fail(bad);
  const t = title.trim();
  const { source, eol } = b;
  if (b.items.length === 0) {
    const depth = b.itemDepth || 2;
    const head = `${'#'.repeat(depth)} ${options.id ? `${options.id.trim()} ` : ''}`;
    const body = `${eol}${eol}${templateText(statementTemplate(backlogLanguage(b)))}${eol}${eol}${criteriaLabelFor(b)}${eol}${eol}- [ ] `;
    const sep = source.length === 0 ? '' : source.endsWith('\n') ? eol : eol + eol;
    const lead = source.length === 0 || source.endsWith(eol + eol) || !source.endsWith('\n') ? sep : eol;
    const insert = `${lead}${head}${t}${body}${eol}`;
    const at = source.length;
    const titleStart = at + lead.length + head.length;
    return {
      ok: true,
      edits: [{ start: at, end: at, newText: insert }],
      newIndex: 0,
      selection: { start: titleStart, end: titleStart + t.length },
      expect: { inserted: { index: 0, title: t } },
    };
  }
  const index = rank - 1;
  const anchor = Math.min(index, b.items.length - 1);
  const where = index === b.items.length ? 'after' : 'before';
  const like = b.items[anchor];
  const id = options.id !== undefined ? (options.id?.trim() ?? null) : startsWithId(t) ? null : nextItemId(b, like);
  const template = newItemText(b, like, t, id);
  const titleLength = template.title.length;
  const run = runOf(b, anchor);
  const pieces = b.items.slice(run.first, run.last + 1).map((it) => pieceOf(b, it));
  // A new row takes the indentation of the row it is written like (pieces of whole lines carry their own).
  const lead = like.shape === 'table' ? /^[ \t]*/.exec(b.source.slice(lineStartOf(b.source, like.content.start)))![0] : '';
  const moved: Piece = { text: lead + template.text, column: 0 };
  pieces.splice(anchor - run.first + (where === 'after' ? 1 : 0), 0, moved);
  const edit = rewriteRun(b, run, pieces);
  // Find where the title landed in the new text: the new piece is unique in it.
  const pos = edit.newText.indexOf(moved.text);
  const within = pos >= 0 ? pos + lead.length + template.titleOffset : 0;
  const selectionStart = edit.start + within;
  return {
    ok: true,
    edits: [edit],
    newIndex: index,
    selection: { start: selectionStart, end: selectionStart + titleLength },
    expect: { inserted: { index, title: t } },
  };
}

/** Why `id` cannot be a new item's ID, or null. */
function checkNewId(b: Backlog, id: string): string | null {
  const wanted = id.trim();
  if (!isItemId(wanted)) return `"${id}" is not a valid ID: write letters, then a number, as in US-12, INFRA-7 or B_3.`;
  const taken = b.items.find((it) => it.id !== null && idKey(it.id) === idKey(wanted));
  return taken ? `${wanted} is already the ID of ${nameOf(taken)}${taken.id ? ` (rank ${taken.rank}, "${taken.title}")` : ''}; choose another ID, or leave it out to get the next one.` : null;
}

/** Whether a title starts with an item ID of its own (`US-9 Export`, `**US-9**: Export`). */
function startsWithId(title: string): boolean {
  const m = /^[[*_`~]*([^\s*_`~\]:,;|)]+?)[.]?(?=$|[\s*_`~\]:,;|)])/.exec(title);
  return m !== null && isItemId(m[1]);
}

/** An ID split at its running number: `US-` `12`, `INFRA-` `001`, `M1_` `04`, `#` `7`; a sub-number (`.2`) or letter goes. */
function idParts(id: string): { prefix: string; digits: string } | null {
  const m = /^(.*?\D)?(\d{1,9})$/.exec(id.trim().replace(/(?:\.\d{1,9})+$|(?<=\d)[a-z]$/, ''));
  return m ? { prefix: m[1] ?? '', digits: m[2] } : null;
}

/**
 * The next ID in the file's own scheme, for a new item written like `like`: the prefix of `like`'s ID (else the
 * prefix most items use), the highest number written with that prefix plus one, zero-padded as the file pads, and
 * never an ID an item already has. Null when the file does not number its items (`like` has no ID and fewer than
 * half of the items have one).
 */
export function nextItemId(b: Backlog, like?: BacklogItem): string | null {
  const withIds = b.items.filter((it) => it.id !== null);
  if (!like?.id && withIds.length * 2 < b.items.length) return null;
  const parsed = withIds.flatMap((it) => {
    const p = idParts(it.id!);
    return p ? [p] : [];
  });
  let scheme = like?.id ? idParts(like.id) : null;
  if (!scheme) {
    const count = new Map<string, number>();
    for (const p of parsed) count.set(p.prefix.toLowerCase(), (count.get(p.prefix.toLowerCase()) ?? 0) + 1);
    let best = 0;
    for (const p of parsed) {
      const n = count.get(p.prefix.toLowerCase())!;
      if (n > best) [best, scheme] = [n, p];
    }
  }
  if (!scheme) return null;
  const key = scheme.prefix.toLowerCase().replace(/^#/, '');
  const same = parsed.filter((p) => p.prefix.toLowerCase().replace(/^#/, '') === key);
  const padded = same.filter((p) => p.digits.startsWith('0') && p.digits.length > 1);
  const width = padded.reduce((m, p) => Math.max(m, p.digits.length), 0);
  const taken = new Set(withIds.map((it) => idKey(it.id!)));
  let n = same.reduce((m, p) => Math.max(m, Number(p.digits)), 0) + 1;
  const make = () => `${scheme!.prefix}${String(n).padStart(width, '0')}`;
  while (taken.has(idKey(make()))) n++;
  return make();
}

/**
 * How `like` writes its ID before its title: the markup around it and the separator after it (`**US-1**: `,
 * `[US-1] `, `US-1 - `), or `ID ` when the markup around the ID also covers the title (`**US-1 Sign in**`).
 * Strikethrough (a done item) is not copied.
 */
function idDecoration(b: Backlog, like: BacklogItem): { before: string; after: string } {
  if (!like.idSpan) return { before: '', after: ' ' };
  const { source } = b;
  const before = /[[*_`]*$/.exec(source.slice(lineStartOf(source, like.idSpan.start), like.idSpan.start))![0];
  const after = /^[\]*_`~]*[ \t]*(?:[.:|)\-–—,;]+[ \t]*)?/.exec(source.slice(like.idSpan.end, lineEndOf(source, like.idSpan.end)))![0].replace(/~/g, '');
  const closing = [...before].reverse().map((c) => (c === '[' ? ']' : c)).join('');
  if (after.startsWith(closing) && /\s$/.test(after)) return { before, after };
  const plain = after.replace(/^[\]*_`]+/, '');
  return { before: '', after: /\s$/.test(plain) ? plain : `${plain} ` };
}

/** A new item written like `like`: the text, the title as written (a table cell escapes `|`) and where it starts. */
function newItemText(b: Backlog, like: BacklogItem, title: string, id: string | null): { text: string; title: string; titleOffset: number } {
  const { eol } = b;
  const deco = idDecoration(b, like);
  const idText = id === null ? '' : `${deco.before}${id}${deco.after}`;
  if (like.shape === 'heading') {
    const head = `${'#'.repeat(b.itemDepth || 2)} ${idText}`;
    const statement = templateText(statementTemplate(backlogLanguage(b)));
    return { text: `${head}${title}${eol}${eol}${statement}${eol}${eol}${criteriaLabelFor(b)}${eol}${eol}- [ ] `.trimEnd(), title, titleOffset: head.length };
  }
  if (like.shape === 'table') return newTableRow(b, like, title, id);
  // A task list's new item is a task too: an open checkbox, spaced as the neighbour spaces its own.
  const box = /^\[[ xX]\]([ \t]+)/.exec(b.source.slice(like.content.start, like.content.end));
  const lead = `${box ? `[ ]${box[1]}` : ''}${idText}`;
  return { text: lead + title, title, titleOffset: lead.length };
}

// ---------------------------------------------------------------------------------------------- table rows

/** The cells of a pipe-table line, as offsets into it: what lies between unescaped pipes (outer pipes optional). */
function pipeCells(line: string): Span[] {
  const bars: number[] = [];
  for (let k = 0; k < line.length; k++) {
    if (line[k] === '\\') k++;
    else if (line[k] === '|') bars.push(k);
  }
  const first = line.length - line.trimStart().length;
  const last = line.trimEnd().length - 1;
  const outerStart = bars.length > 0 && bars[0] === first;
  const outerEnd = bars.length > (outerStart ? 1 : 0) && bars[bars.length - 1] === last;
  const inner = bars.slice(outerStart ? 1 : 0, outerEnd ? -1 : undefined);
  const cells: Span[] = [];
  let from = outerStart ? first + 1 : first;
  for (const k of inner) {
    cells.push({ start: from, end: k });
    from = k + 1;
  }
  cells.push({ start: from, end: outerEnd ? last : line.length });
  return cells;
}

/** The width a cell's text takes in a monospace editor: wide East Asian characters and emoji count 2, combining marks 0. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** How a table writes one column: its alignment, its width when every row pads to one, the spaces around a value. */
interface ColumnStyle {
  readonly align: 'left' | 'right' | 'center';
  readonly width: number | null;
  readonly left: number;
  readonly right: number;
  /** An empty cell as the table writes one (between the pipes), when it has one. */
  readonly empty: string | null;
}

/** The lines of a pipe table (without line terminators) and the offset of each. */
function tableLines(b: Backlog, tableIndex: number): { text: string; start: number }[] {
  const span = b.tables[tableIndex]?.span;
  if (!span) return [];
  const out: { text: string; start: number }[] = [];
  let at = lineStartOf(b.source, span.start);
  while (at < span.end) {
    const end = lineEndOf(b.source, at);
    out.push({ text: b.source.slice(at, end), start: at });
    const nl = b.source.indexOf('\n', end);
    if (nl === -1) break;
    at = nl + 1;
  }
  return out;
}

/**
 * How each column of a pipe table is written, read from its header and rows; the row `like` (a line of the table)
 * decides the spaces around a value when the rows are not padded to one width.
 */
function columnStyles(lines: readonly string[], like: string): ColumnStyle[] {
  const delimiter = lines[1] ?? '';
  const rows = lines.filter((_, k) => k !== 1);
  const header = pipeCells(lines[0] ?? '');
  const mine = pipeCells(like);
  const cellsOf = rows.map((l) => pipeCells(l).map((s) => l.slice(s.start, s.end)));
  const delims = pipeCells(delimiter).map((s) => delimiter.slice(s.start, s.end).trim());
  return header.map((_, c) => {
    const d = delims[c] ?? '';
    const align = /^:-*:$/.test(d) ? 'center' : /-:$/.test(d) ? 'right' : 'left';
    const raw = cellsOf.map((cells) => cells[c]).filter((x): x is string => x !== undefined);
    const widths = new Set(raw.map(displayWidth));
    const filled = raw.filter((x) => x.trim() !== '');
    const pad = (x: string) => ({ left: x.length - x.trimStart().length, right: x.length - x.trimEnd().length });
    const own = mine[c] ? like.slice(mine[c].start, mine[c].end) : '';
    const empty = own.trim() === '' && mine[c] ? own : (raw.slice(1).find((x) => x.trim() === '') ?? null);
    if (widths.size === 1 && raw.length >= 2 && filled.length > 0) {
      // Every row pads this column to one width (some cell has more spaces than the narrowest margins, so the equal
      // widths are no accident): a value lines up with the others.
      const left = filled.reduce((m, x) => Math.min(m, pad(x).left), Infinity);
      const right = filled.reduce((m, x) => Math.min(m, pad(x).right), Infinity);
      const width = displayWidth(raw[0]);
      if (filled.some((x) => pad(x).left > left || pad(x).right > right) || raw.some((x) => x.trim() === '' && x.length > left + right + 1)) return { align, width, left, right, empty };
    }
    const model = own.trim() !== '' ? own : (raw.slice(1).find((x) => x.trim() !== '') ?? raw[0] ?? ' x ');
    return { align, width: null, ...pad(model), empty };
  });
}

/** A value written into a cell (between its pipes) the way the column writes its values. */
function formatCell(style: ColumnStyle, text: string): string {
  if (text === '') return style.empty ?? (style.width !== null ? ' '.repeat(style.width) : style.left + style.right > 0 ? ' ' : '');
  const room = style.width === null ? -1 : style.width - displayWidth(text) - style.left - style.right;
  if (room < 0) return `${' '.repeat(style.left)}${text}${' '.repeat(style.right)}`;
  const before = style.align === 'right' ? room : style.align === 'center' ? Math.floor(room / 2) : 0;
  return `${' '.repeat(style.left + before)}${text}${' '.repeat(style.right + room - before)}`;
}

/** The cell of a table line that holds offset `at` of the file (an empty cell's content sits at its closing pipe). */
function cellAt(cells: readonly Span[], lineStart: number, at: number): number {
  return cells.findIndex((s) => lineStart + s.start <= at && at <= lineStart + s.end);
}

/** `[*_`]` markup around an ID in its own cell, kept when it is only markup (`**US-1**`). */
function idInCell(b: Backlog, like: BacklogItem, cell: Span, id: string): string {
  const text = b.source.slice(cell.start, cell.end).trim();
  const idAt = like.idSpan ? b.source.slice(cell.start, cell.end).indexOf(b.source.slice(like.idSpan.start, like.idSpan.end)) : -1;
  if (!like.idSpan || idAt < 0) return id;
  const raw = b.source.slice(cell.start, cell.end);
  const before = raw.slice(0, idAt).trim();
  const after = raw.slice(idAt + like.idSpan.end - like.idSpan.start).trim();
  return /^[[*_`]*$/.test(before) && /^[\]*_`]*$/.test(after) && text.length > 0 ? `${before}${id}${after}` : id;
}

/** The edit that writes `value` into the empty pipe-table cell of `item` at `at`, padded as its column is; null for HTML. */
function fillEmptyCell(b: Backlog, item: BacklogItem, at: number, value: string): TextEdit | null {
  if (b.tables[item.tableIndex]?.html) return null;
  const lines = tableLines(b, item.tableIndex);
  const row = lines.find((l) => l.start <= at && at <= l.start + l.text.length);
  if (!row) return null;
  const cells = pipeCells(row.text);
  const c = cellAt(cells, row.start, at);
  if (c < 0) return null;
  const style = columnStyles(
    lines.map((l) => l.text),
    row.text,
  )[c];
  if (!style) return null;
  return { start: row.start + cells[c].start, end: row.start + cells[c].end, newText: formatCell(style, value) };
}

/**
 * A row that ends before the column of `kind` (markdown reads the missing cells as empty: a row written without outer
 * pipes cannot end in an empty cell): the cells up to that column, appended as the row writes its cells.
 */
function missingCell(b: Backlog, item: BacklogItem, kind: FieldKind, value: string): Plan | null {
  if (b.tables[item.tableIndex]?.html) return null;
  const lines = tableLines(b, item.tableIndex);
  const sibling = b.items.find((it) => it.tableIndex === item.tableIndex && it.fields.some((f) => f.kind === kind));
  const field = sibling?.fields.find((f) => f.kind === kind);
  const other = field && lines.find((l) => l.start <= field.span.start && field.span.start <= l.start + l.text.length);
  const row = lines.find((l) => l.start <= item.span.start && item.span.start <= l.start + l.text.length);
  if (!field || !other || !row) return null;
  const column = cellAt(pipeCells(other.text), other.start, field.span.start);
  const cells = pipeCells(row.text);
  if (column < cells.length) return null;
  const styles = columnStyles(
    lines.map((l) => l.text),
    row.text,
  );
  const closed = /(?:^|[^\\])\|[ \t]*$/.test(row.text);
  let text = '';
  for (let c = cells.length; c <= column; c++) {
    const cell = formatCell(styles[c] ?? { align: 'left', width: null, left: 1, right: 1, empty: ' ' }, c === column ? value : '');
    text += closed ? `${cell}|` : `|${cell}`;
  }
  const at = row.start + row.text.trimEnd().length;
  return { ok: true, edits: [{ start: at, end: at, newText: text }] };
}

/** A new row written like the row `like`: the ID and the title in their cells, every cell padded as its column is. */
function newTableRow(b: Backlog, like: BacklogItem, title: string, id: string | null): { text: string; title: string; titleOffset: number } {
  const table = b.tables[like.tableIndex];
  const idField = like.fields.find((f) => f.kind === 'id');
  const titleField = like.fields.find((f) => f.kind === 'title');
  const titleCellSpan = titleField?.span ?? like.titleSpan;
  // The ID has a column of its own, or is written at the start of the title cell (`HU-01 Registro`).
  const idInTitle = !idField && like.idSpan !== null && like.idSpan.start >= titleCellSpan.start && like.idSpan.end <= titleCellSpan.end;
  const deco = idDecoration(b, like);
  if (table?.html) {
    // An HTML row: the neighbour's markup, each cell emptied, the ID and the title (escaped) written into theirs.
    const row = b.source.slice(like.span.start, like.span.end);
    const titleText = `${idInTitle && id ? `${id} ` : ''}${escapeHtml(title)}`;
    let titleOffset = -1;
    let text = '';
    let at = 0;
    for (const m of row.matchAll(/(<t[dh]\b[^>]*>)([\s\S]*?)(<\/t[dh]\s*>)/gi)) {
      const innerStart = like.span.start + m.index + m[1].length;
      const content = id !== null && idField && innerStart <= idField.span.start && idField.span.start <= innerStart + m[2].length ? id : innerStart <= titleCellSpan.start && titleCellSpan.start <= innerStart + m[2].length ? titleText : '';
      text += row.slice(at, m.index) + m[1];
      if (content === titleText) titleOffset = text.length + titleText.length - escapeHtml(title).length;
      text += content + m[3];
      at = m.index + m[0].length;
    }
    text += row.slice(at);
    return { text, title: escapeHtml(title), titleOffset: Math.max(0, titleOffset) };
  }
  const lines = tableLines(b, like.tableIndex);
  const rowLine = lines.find((l) => l.start <= like.span.start && like.span.start <= l.start + l.text.length) ?? { text: b.source.slice(like.span.start, like.span.end), start: like.span.start };
  const styles = columnStyles(
    lines.map((l) => l.text),
    rowLine.text,
  );
  const cells = pipeCells(rowLine.text);
  const idCol = idField ? cellAt(cells, rowLine.start, idField.span.start) : -1;
  const titleCol = Math.max(0, cellAt(cells, rowLine.start, titleCellSpan.start));
  // A `|` in the title would end its cell and shift every later column.
  const cellTitle = title.replace(/\\?\|/g, '\\|');
  const titleLead = idInTitle && id !== null ? `${deco.before}${id}${deco.after.replace(/\|/g, '\\|')}` : '';
  const count = Math.max(styles.length, 1);
  const first = rowLine.text.slice(rowLine.text.length - rowLine.text.trimStart().length);
  const outerStart = first.startsWith('|');
  const outerEnd = rowLine.text.trimEnd().endsWith('|') && !rowLine.text.trimEnd().endsWith('\\|');
  const values = Array.from({ length: count }, (_, c) =>
    c === titleCol ? titleLead + cellTitle : c === idCol && id !== null ? idInCell(b, like, { start: rowLine.start + cells[c].start, end: rowLine.start + cells[c].end }, id) : '',
  );
  // Without a closing pipe a row cannot end in an empty cell (the pipe before it would close the row): it ends at its
  // last value, as markdown reads the missing cells as empty.
  let last = count - 1;
  while (!outerEnd && last > titleCol && values[last] === '') last--;
  let text = outerStart ? '|' : '';
  let titleOffset = 0;
  for (let c = 0; c <= last; c++) {
    const style = styles[c] ?? { align: 'left', width: null, left: 1, right: 1, empty: ' ' };
    const cell = c === last && !outerEnd ? formatCell(style, values[c]).trimEnd() : formatCell(style, values[c]);
    if (c === titleCol) titleOffset = text.length + cell.indexOf(values[c]) + titleLead.length;
    text += cell + (c < last || outerEnd ? '|' : '');
  }
  return { text, title: cellTitle, titleOffset };
}

// ---------------------------------------------------------------------------------------------- priorities

/**
 * Whether higher numbers rank higher: importance or business-value keys (Kniberg's `Imp.` 100, 90, ...), or a
 * file whose numbers are larger than its item count and mostly fall down the file.
 */
export function prioritiesDescend(b: Backlog): boolean {
  const numbered = b.items.filter((i) => typeof i.priority?.value === 'number');
  const keys = numbered.map((i) => i.fields.find((f) => f.kind === 'priority' && f.valueSpan.start === i.priority!.span.start)?.key ?? '');
  if (keys.some((k) => /^(?:imp\.?|importance|business value|bv|value|wert|valeur|valor)$/i.test(k.trim()))) return true;
  const values = numbered.map((i) => i.priority!.value!);
  if (values.reduce((m, v) => Math.max(m, v), 0) <= values.length) return false;
  let up = 0;
  let down = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[i - 1]) up++;
    else if (values[i] < values[i - 1]) down++;
  }
  return down > up;
}

/** Rewrites numeric priorities so that they follow document order (1, 2, 3 ... or, for descending files, max, max-1 ...). */
export function planRenumberPriorities(b: Backlog): Plan {
  const numbered = b.items.filter((i) => i.priority?.value !== null && i.priority?.value !== undefined && i.priority.source !== 'group');
  if (numbered.length === 0) return fail('No item has a numeric priority.');
  const descend = prioritiesDescend(b);
  const max = numbered.reduce((m, i) => Math.max(m, i.priority!.value!), numbered.length);
  const edits: TextEdit[] = [];
  numbered.forEach((item, k) => {
    const p = item.priority!;
    const value = descend ? max - k : k + 1;
    const raw = b.source.slice(p.span.start, p.span.end);
    const m = /\d+(?:[.,]\d+)?/.exec(raw);
    if (!m) return;
    const width = /^0\d/.test(m[0]) ? m[0].length : 0;
    const text = String(value).padStart(width, '0');
    if (text !== m[0]) edits.push({ start: p.span.start + m.index, end: p.span.start + m.index + m[0].length, newText: text });
  });
  return { ok: true, edits };
}

/** Reorders the items of one run by their numeric priority (stable). Refused when prioritised items span groups. */
export function planReorderByPriority(b: Backlog): Plan {
  const numbered = b.items.filter((i) => typeof i.priority?.value === 'number' && i.priority.source !== 'group');
  if (numbered.length === 0) return fail('No item has a numeric priority.');
  const run = runOf(b, numbered[0].index);
  if (b.items.slice(run.first, run.last + 1).some((i) => typeof i.priority?.value !== 'number') || numbered.some((i) => i.index < run.first || i.index > run.last)) {
    return fail('Items can be sorted by priority only when every item of one group has a number; renumber the priorities instead.');
  }
  const descend = prioritiesDescend(b);
  const sorted = b.items.slice(run.first, run.last + 1).sort((x, y) => (descend ? y.priority!.value! - x.priority!.value! : x.priority!.value! - y.priority!.value!));
  const order = b.items.map((_, k) => k);
  order.splice(run.first, sorted.length, ...sorted.map((it) => it.index));
  return { ok: true, edits: [rewriteRun(b, run, sorted.map((it) => pieceOf(b, it)))], expect: { order } };
}

/**
 * Moves several items (multi-select drag) so that they land together, in their document order, before the item
 * at `target` (or at the end when `target` is the item count). Each run the items leave closes up and the target's
 * run takes them in, all planned on this text (no re-parse: linear in the file), and returned as one minimal edit, so
 * the editor gets a single undo step. The front end's verifyPlan reads the result once.
 */
export function planMoveItems(b: Backlog, indexes: readonly number[], target: number): Plan {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  for (const i of sorted) {
    const bad = checkIndex(b, i);
    if (bad) return fail(bad);
  }
  if (!Number.isInteger(target) || target < 0 || target > b.items.length) return fail(`Rank must be from 1 to ${b.items.length + 1}.`);
  if (sorted.length === 0) return { ok: true, edits: [] };
  let anchor = target;
  const moving = new Set(sorted);
  while (anchor < b.items.length && moving.has(anchor)) anchor++;
  const before = target - sorted.filter((i) => i < target).length;
  // Everything inside one run (the usual drag within a group): one permutation of the run's slots, no re-parse.
  const run = runOf(b, sorted[0]);
  const inRun = (k: number) => k >= run.first && k <= run.last;
  if (sorted.every(inRun) && (anchor < b.items.length ? inRun(anchor) : run.last === b.items.length - 1)) {
    const stay = b.items.slice(run.first, run.last + 1).filter((it) => !moving.has(it.index)).map((it) => it.index);
    const at = anchor < b.items.length ? stay.indexOf(anchor) : stay.length;
    const runOrder = [...stay.slice(0, at), ...sorted, ...stay.slice(at)];
    const order = [...b.items.keys()];
    order.splice(run.first, runOrder.length, ...runOrder);
    if (order.every((k, i) => k === i)) return { ok: true, edits: [], newIndex: before };
    const text = applyEdits(b.source, [rewriteRun(b, run, runOrder.map((k) => pieceOf(b, b.items[k])))]);
    return { ok: true, edits: [diffEdit(b.source, text)], newIndex: before, expect: { order } };
  }
  // Across runs: each run the items leave closes up, and the run of the item they land before (or the last run)
  // takes them in, in document order: one rewrite per run touched, planned on this text alone (no re-parse; the front
  // end's verifyPlan reads the result once).
  const n = b.items.length;
  const targetItem = b.items[anchor < n ? anchor : n - 1];
  for (const i of sorted) {
    const item = b.items[i];
    if (item.shape === 'table' && !tablesCompatible(b, item, targetItem)) {
      return fail(`${nameOf(item)} cannot move into a table with other columns; move it within its own table or edit the tables first.`);
    }
  }
  const targetRun = runOf(b, targetItem.index);
  const runs = new Map<number, Run>([[targetRun.first, targetRun]]);
  for (const i of sorted) {
    const r = runOf(b, i);
    runs.set(r.first, r);
  }
  const edits: TextEdit[] = [];
  for (const r of runs.values()) {
    const stay = b.items.slice(r.first, r.last + 1).filter((it) => !moving.has(it.index));
    const pieces = stay.map((it) => pieceOf(b, it));
    if (r.first === targetRun.first) {
      const at = anchor < n ? stay.findIndex((it) => it.index === anchor) : stay.length;
      pieces.splice(at, 0, ...sorted.map((i) => pieceOf(b, b.items[i])));
    }
    edits.push(rewriteRun(b, r, pieces));
  }
  const stayAll = b.items.filter((it) => !moving.has(it.index)).map((it) => it.index);
  const order = [...stayAll.slice(0, before), ...sorted, ...stayAll.slice(before)];
  const text = applyEdits(b.source, edits);
  if (text === b.source) return { ok: true, edits: [], newIndex: before };
  return { ok: true, edits: [diffEdit(b.source, text)], newIndex: before, expect: { order } };
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept). */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}
