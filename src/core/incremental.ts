// The incremental layer over the full parse: after an edit inside one item block (a heading item's sections, a
// top-level list item, a table row), re-read that item alone and shift everything after it, instead of running every
// stage of the parse over all items.
//
// It sits on top of parse.ts: the full parse (readBacklog) knows nothing of it. What it needs from the last parse is
// kept with the document's cache (SectionCache) in a ParseRecord: the units, the drafts (what the builders decided
// from context: group, Done section, stem, disabled rules, a table's columns) and where the headings are.
//
// The fast path is taken only when it provably gives what the full parse would; the differential property tests
// (incremental.test.ts) compare the two on random edits of every shape. Its checks:
// - the edit lies inside one unit U, the text splits into units the same way again (scanUnits from U), and U is not
//   in a non-backlog section;
// - the headings whose own text holds U read the same (their evidence decides the shape and depth);
// - per shape, U is one item's block and the facts its neighbours read from it are unchanged:
//   headings: U lies in item k's sections, k's heading and the sub-headings up to U keep their evidence;
//   lists: U is a list of top-level items (one item of several lines, or a run of one-line items), each an item, with
//     the same marker and the same facts for the nesting decision (parentFacts);
//   tables: U is one row of a markdown table, an item before and after, with the same facts for the table's
//     reading (rowFacts).
// Then item k is built by the builders' own draft function and finishItem from its new text and its old context;
// items, groups, tables, pseudo-items and non-backlog spans after U move by the length difference.
import type { List, Table } from 'mdast';
import type { Backlog, BacklogItem, FieldKind, Group, ItemTable, PseudoItem, Span } from './model';
import {
  type Block,
  blocksOf,
  type Context,
  collectHeadings,
  DISABLE_COMMENT,
  type Draft,
  evidenceOf,
  type FullParse,
  finishItem,
  type HeadingEvidence,
  type HeadingInfo,
  headingDraft,
  listDraft,
  listMarker,
  optionsKeyOf,
  type ParseOptions,
  parentFacts,
  readBacklogSteps,
  readFrontMatter,
  readMdTable,
  rowFacts,
  shiftItem,
  tableColumns,
  tableRowDraft,
  unitPseudoItems,
} from './parse';
import { finishSteps } from './steps';
import { commonPrefix, commonSuffix, type Section, type SectionCache, scanUnits } from './sections';
import { detectEol, lastStartingAtOrBefore, skipBlankLines, withLoneCrAsLf } from './text';
import { isCriteriaLabel, normaliseWord } from './vocabulary';

/** A heading of the last full parse, by unit: positions change with every edit, unit indexes do not. */
interface HeadingRef {
  /** The unit that holds the heading, and the unit that holds the heading ending its own text (or the count). */
  readonly unit: number;
  readonly ownEndUnit: number;
  readonly title: boolean;
  readonly nonBacklog: boolean;
}

/** What the fast path needs from the previous parse that the Backlog does not carry. */
interface ParseRecord {
  readonly text: string;
  readonly optionsKey: string;
  readonly aliases: ReadonlyMap<string, FieldKind>;
  readonly aliasKey: string;
  /** Where the units start: after the BOM and the front matter. */
  readonly from: number;
  readonly backlog: Backlog;
  readonly sections: readonly Section[];
  readonly drafts: readonly Draft[];
  readonly headings: readonly HeadingRef[];
  /** Non-backlog sections (no pseudo-items there). */
  readonly excluded: readonly Span[];
  readonly groupOrder: Int32Array;
  /** A heading shape decided by prose (it also reads list items and tables, which any edit may change). */
  readonly byProse: boolean;
  /** Fast paths since the last full parse (which prunes the cache). */
  readonly streak: number;
}

/**
 * After this many fast paths in a row the full parse runs once: it prunes derived values that name units the fast
 * path replaced (the fast path does not prune; its own work is a few entries per edit).
 */
const MAX_STREAK = 200;

const records = new WeakMap<SectionCache, ParseRecord>();

/**
 * Parses `source`. With `options.cache` (one per document), an edit inside one item re-reads that item only; any
 * other change, or a first parse, runs the full parse.
 */
export function parseIncremental(text: string, options: ParseOptions = {}): Backlog {
  return finishSteps(parseIncrementalSteps(text, options));
}

/**
 * parseIncremental in steps (steps.ts): the full parse pauses between units and items; the fast path after an edit
 * is one step. parseIncremental runs it to the end.
 */
export function* parseIncrementalSteps(text: string, options: ParseOptions = {}): Generator<void, Backlog> {
  const cache = options.cache;
  if (!cache) return (yield* readBacklogSteps(text, options)).backlog;
  // The text as the parse reads it (lone `\r` as `\n`, same offsets): what Backlog.source holds.
  const source = withLoneCrAsLf(text);
  const optionsKey = optionsKeyOf(options);
  const rec = records.get(cache);
  if (rec && rec.optionsKey === optionsKey) {
    if (rec.text === source) return rec.backlog;
    if (rec.streak < MAX_STREAK) {
      const fast = fastPath(rec, source, cache);
      if (fast) return fast;
    }
  }
  records.delete(cache);
  const full = yield* readBacklogSteps(source, options);
  records.set(cache, recordOf(full, optionsKey));
  return full.backlog;
}

function recordOf(full: FullParse, optionsKey: string): ParseRecord {
  const { ctx, headings } = full;
  const sections = ctx.sections;
  const unitOf = (at: number) => Math.max(0, lastStartingAtOrBefore(sections, at, (s) => s.start));
  return {
    text: ctx.source,
    optionsKey,
    aliases: ctx.aliases,
    aliasKey: ctx.aliasKey,
    from: full.from,
    backlog: full.backlog,
    sections,
    drafts: full.drafts,
    headings: headings.map((h) => ({
      unit: unitOf(h.span.start),
      ownEndUnit: h.ownEnd < headings.length ? unitOf(headings[h.ownEnd].span.start) : sections.length,
      title: h.title,
      nonBacklog: h.nonBacklog,
    })),
    excluded: full.excluded,
    groupOrder: full.groupOrder,
    byProse: full.shapeBy === 'prose',
    streak: 0,
  };
}

/** What a shape's re-read gives: items k, k+1... built again from their new text. */
interface Reread {
  readonly k: number;
  readonly items: readonly BacklogItem[];
  readonly drafts: readonly Draft[];
}

/** The edit and the units around it, as the shape handlers see them. */
interface Edit {
  readonly rec: ParseRecord;
  readonly source: string;
  readonly cache: SectionCache;
  /** Index of the edited unit U; U before and after; the units after the edit. */
  readonly u: number;
  readonly oldU: Section;
  readonly newU: Section;
  readonly sections: readonly Section[];
  readonly delta: number;
  /** The first changed offset. */
  readonly at: number;
  /** Groups after the edit (sorted, shifted). */
  readonly groups: readonly Group[];
  readonly eol: '\n' | '\r\n';
}

/** The parse of `source` by the fast path, or null when a check fails (then run the full parse). */
function fastPath(rec: ParseRecord, source: string, cache: SectionCache): Backlog | null {
  const backlog = rec.backlog;
  if (!backlog.shape || backlog.items.length === 0) return null;
  const old = rec.text;
  const at = commonPrefix(old, source);
  const oldChangeEnd = old.length - commonSuffix(old, source, at);
  const delta = source.length - old.length;
  if (at < rec.from) return null;
  // Below a front matter that is not closed, an edit can close it (typing the third `-` of a `---` line): then the
  // items above that line are front matter, and only the full parse sees it.
  if (backlog.frontMatter === null && readFrontMatter(source, rec.from) !== null) return null;

  // The one unit U that holds the edit, before its last character (the line end that the next unit follows).
  const sections = rec.sections;
  const u = lastStartingAtOrBefore(sections, at, (s) => s.start);
  if (u < 0) return null;
  const oldU = sections[u];
  if (oldChangeEnd >= oldU.end || at >= oldU.end) return null;
  if (rec.excluded.some((e) => e.start <= oldU.start && oldU.start < e.end)) return null;
  // An edit that reaches the end of a table in U (its last row's end, the line break after it): the table's new end
  // is not its old end moved by the length difference (a `\r\n` cut to `\n` moves it by one less).
  if (backlog.tables.some((t) => t.span.start < oldU.end && t.span.end > oldU.start && oldChangeEnd >= t.span.end)) return null;

  // The text splits the same way: scanned from the unit before U (its end decides whether U starts where it did),
  // U starts as it did, holds no new unit, and the next unit starts after it as it did.
  const newEnd = oldU.end + delta;
  const from = u > 0 ? sections[u - 1] : oldU;
  const last = u === sections.length - 1;
  const starts = scanUnits(source, from.start, last ? source.length : newEnd + 1, { start: from.start, kind: from.kind, prefix: from.prefix }, cache.split);
  const want = u > 0 ? [from, oldU] : [oldU];
  if (!last) want.push({ ...sections[u + 1], start: newEnd });
  if (starts.length !== want.length || starts.some((s, i) => s.start !== want[i].start || s.kind !== want[i].kind || s.prefix !== want[i].prefix)) return null;

  const newSections = cache.replaceSection(source, sections, u, delta);
  if (!newSections) return null;
  const edit: Edit = {
    rec,
    source,
    cache,
    u,
    oldU,
    newU: newSections[u],
    sections: newSections,
    delta,
    at,
    groups: backlog.groups.map((g) => (g.span.start >= oldU.end ? { ...g, span: shiftSpan(g.span, delta) } : g)),
    eol: detectEol(source),
  };

  const reread =
    backlog.shape === 'heading' ? rereadHeadingItem(edit) : backlog.shape === 'list' ? rereadListItems(edit) : rereadTableRow(edit);
  if (!reread) return null;

  const { k } = reread;
  const items = backlog.items;
  const newItems: BacklogItem[] = items.slice(0, k);
  for (const item of reread.items) newItems.push(item);
  for (let i = k + reread.items.length; i < items.length; i++) newItems.push(shiftItem(items[i], oldU.end, delta));

  // Pseudo-items: before U the same, U's found again (the full parse's way), after U moved.
  const pseudoItems: PseudoItem[] = [];
  let pi = 0;
  const oldPseudo = backlog.pseudoItems;
  while (pi < oldPseudo.length && oldPseudo[pi].span.start < oldU.start) pseudoItems.push(oldPseudo[pi++]);
  while (pi < oldPseudo.length && oldPseudo[pi].span.start < oldU.end) pi++;
  for (const p of unitPseudoItems(cache, newSections, edit.newU)) pseudoItems.push(p);
  for (; pi < oldPseudo.length; pi++) {
    const p = oldPseudo[pi];
    pseudoItems.push({ ...p, span: shiftSpan(p.span, delta) });
  }

  const result: Backlog = {
    source,
    shape: backlog.shape,
    itemDepth: backlog.itemDepth,
    items: newItems,
    groups: edit.groups,
    tables: backlog.tables.map((t) => shiftAround(t, oldU, delta)),
    pseudoItems,
    eol: edit.eol,
    frontMatter: backlog.frontMatter,
    frontMatterSettings: backlog.frontMatterSettings,
  };
  const drafts = rec.drafts.slice();
  reread.drafts.forEach((d, i) => (drafts[k + i] = d));
  records.set(cache, {
    ...rec,
    text: source,
    backlog: result,
    sections: newSections,
    drafts,
    excluded: rec.excluded.map((e) => (e.start >= oldU.end ? shiftSpan(e, delta) : e)),
    streak: rec.streak + 1,
  });
  cache.fastPaths++;
  return result;
}

// ---------------------------------------------------------------------------------------------- shared checks

/**
 * A context over units [a, b) of the current or previous text: the block before them (a suppression comment there
 * belongs to the first item), their blocks, and the first block of unit b (the heading that ends the own text of the
 * headings inside).
 */
function regionContext(e: Edit, sections: readonly Section[], source: string, a: number, b: number): Context {
  const blocks: Block[] = a > 0 ? blocksOf([sections[a - 1]]).slice(-1) : [];
  for (const block of blocksOf(sections.slice(a, b))) blocks.push(block);
  if (b < sections.length) {
    const next = blocksOf([sections[b]])[0];
    if (next) blocks.push(next);
  }
  return {
    source,
    sections,
    blocks,
    aliases: e.rec.aliases,
    aliasKey: e.rec.aliasKey,
    eol: sections === e.sections ? e.eol : e.rec.backlog.eol,
    groups: e.groups as Group[],
    tables: [],
    cache: e.cache,
    walks: new Map(),
  };
}

/** A context for building one item of the new text (no blocks: the drafts name theirs). */
function itemContext(e: Edit): Context {
  return { ...regionContext(e, e.sections, e.source, e.u, e.u), blocks: [] };
}

const sameEvidence = (a: HeadingEvidence, b: HeadingEvidence) => a.item === b.item && a.bodied === b.bodied && a.prose === b.prose;

/**
 * The headings whose own text holds U (other than the document title and non-backlog headings, which shape
 * detection skips) read the same before and after: their evidence decides the shape and the item depth.
 */
function enclosingHeadingsKeep(e: Edit): boolean {
  let a = Number.POSITIVE_INFINITY;
  let b = -1;
  for (const h of e.rec.headings) {
    if (h.unit > e.u || h.ownEndUnit <= e.u || h.title || h.nonBacklog) continue;
    // A heading inside U itself is the heading shape's business (its item's heading).
    if (h.unit === e.u) return false;
    a = Math.min(a, h.unit);
    b = Math.max(b, h.ownEndUnit);
  }
  if (b < 0) return true;
  const oldCtx = regionContext(e, e.rec.sections, e.rec.text, a, b);
  const newCtx = regionContext(e, e.sections, e.source, a, b);
  const oldHeadings = collectHeadings(oldCtx);
  const newHeadings = collectHeadings(newCtx);
  if (oldHeadings.length !== newHeadings.length) return false;
  const start = e.sections[a].start;
  const end = e.sections[e.u].start;
  for (let i = 0; i < newHeadings.length; i++) {
    const h = newHeadings[i];
    if (h.depth !== oldHeadings[i].depth || h.text !== oldHeadings[i].text) return false;
    // The block before the region and the heading after it are context only.
    if (h.span.start < start || h.span.start > end) continue;
    if (!sameEvidence(evidenceOf(oldCtx, oldHeadings, i), evidenceOf(newCtx, newHeadings, i))) return false;
  }
  return true;
}

/** The item whose span starts at `start`, or -1. */
function itemStartingAt(items: readonly BacklogItem[], start: number): number {
  const k = lastStartingAtOrBefore(items, start, (i) => i.span.start);
  return k >= 0 && items[k].span.start === start ? k : -1;
}

/** Item k's trailer end in the new text: up to the next item (`nextDraft` when it was re-read too), or the end. */
function trailerEnd(e: Edit, k: number, draft: Draft, nextDraft?: Draft): number {
  const next = e.rec.backlog.items[k + 1];
  const nextStart = nextDraft ? nextDraft.span.start : next ? (next.span.start >= e.oldU.end ? next.span.start + e.delta : next.span.start) : e.source.length;
  const limit = next && nextStart >= draft.span.end ? nextStart : e.source.length;
  return skipBlankLines(e.source, draft.span.end, limit);
}

// ---------------------------------------------------------------------------------------------- list items

/**
 * U is a list of top-level items (one, or a run of one-line items) of a list that is not nested: items k..k+m-1, each
 * with the same marker and the same facts for the nesting decision as before.
 */
function rereadListItems(e: Edit): Reread | null {
  if (e.oldU.kind !== 'list') return null;
  const oldList = onlyList(e.oldU);
  const newList = onlyList(e.newU);
  if (!oldList || !newList || oldList.children.length !== newList.children.length) return null;
  if (oldList.ordered !== newList.ordered || listMarker(e.oldU, oldList) !== listMarker(e.newU, newList)) return null;
  const k = itemStartingAt(e.rec.backlog.items, e.oldU.base + (oldList.children[0].position?.start.offset ?? -1));
  if (k < 0) return null;
  const oldCtx = { ...regionContext(e, e.rec.sections, e.rec.text, e.u, e.u), blocks: [] };
  const ctx = itemContext(e);
  for (let i = 0; i < oldList.children.length; i++) {
    const old = e.rec.drafts[k + i];
    const li = oldList.children[i];
    // Each list item is that item; a draft that took more (bullets attached after it) is rebuilt by the full parse.
    if (!old || old.shape !== 'list' || old.sig !== '' || old.span.start !== e.oldU.base + (li.position?.start.offset ?? -1)) return null;
    if (old.span.end !== e.oldU.base + (li.position?.end.offset ?? -1)) return null;
    const of = parentFacts(oldCtx, li, e.oldU.base);
    const nf = parentFacts(ctx, newList.children[i], e.newU.base);
    if (of.reading !== nf.reading || of.nested !== nf.nested || of.label !== nf.label || of.top !== nf.top || of.below !== nf.below) return null;
  }
  if (!enclosingHeadingsKeep(e)) return null;
  const drafts: Draft[] = [];
  for (let i = 0; i < newList.children.length; i++) {
    const old = e.rec.drafts[k + i];
    const draft = listDraft(ctx, newList.children[i], e.newU.base, old.groupPath, old.groupIndex, old.inDoneSection, old.disabledRules, old.stem);
    if (!draft) return null;
    drafts.push(draft);
  }
  const items = drafts.map((d, i) => finishItem(ctx, d, k + i, e.rec.groupOrder, trailerEnd(e, k + i, d, drafts[i + 1])));
  return { k, drafts, items };
}

/** The unit's only block, when it is a list. */
function onlyList(s: Section): List | null {
  const [node, ...rest] = s.tree.children;
  return node && node.type === 'list' && rest.length === 0 ? node : null;
}

// ---------------------------------------------------------------------------------------------- table rows

/** U is one row of a markdown table, item k before and after; its facts for the table's reading are unchanged. */
function rereadTableRow(e: Edit): Reread | null {
  if (e.oldU.kind !== 'row') return null;
  const oldTable = onlyRow(e.oldU);
  const newTable = onlyRow(e.newU);
  if (!oldTable || !newTable) return null;
  const oldCtx = { ...regionContext(e, e.rec.sections, e.rec.text, e.u, e.u), blocks: [] };
  const ctx = itemContext(e);
  const oldRead = readMdTable(oldCtx, oldTable, e.oldU.base);
  const newRead = readMdTable(ctx, newTable, e.newU.base);
  const oldRow = oldRead.rows[0];
  const newRow = newRead.rows[0];
  if (!oldRow || !newRow) return null;
  const k = itemStartingAt(e.rec.backlog.items, oldRow.span.start);
  if (k < 0) return null;
  const old = e.rec.drafts[k];
  if (old.shape !== 'table' || !old.table || old.span.start !== oldRow.span.start) return null;
  const cols = tableColumns(ctx, old.table.columns);
  const of = rowFacts(oldCtx, cols, oldRow, 0);
  const nf = rowFacts(ctx, cols, newRow, 0);
  if (of.statementColumn !== nf.statementColumn || of.epic !== nf.epic || of.hasId !== nf.hasId || of.typeEpic !== nf.typeEpic || of.content !== nf.content) return null;
  if (!enclosingHeadingsKeep(e)) return null;
  const draft = tableRowDraft(old.table, newRow, old.tableIndex, { path: old.groupPath, groupIndex: old.groupIndex, done: old.inDoneSection }, old.disabledRules, old.stem);
  return { k, drafts: [draft], items: [finishItem(ctx, draft, k, e.rec.groupOrder, trailerEnd(e, k, draft))] };
}

/** The unit's only block, when it is a table of its header (parsed in front) and one row. */
function onlyRow(s: Section): Table | null {
  const [node, ...rest] = s.tree.children;
  return node && node.type === 'table' && rest.length === 0 && node.children.length === 2 ? node : null;
}

// ---------------------------------------------------------------------------------------------- heading items

/**
 * U lies in the sections of heading item k, after k's heading line; every unit of k starts a heading only at its
 * start; k's heading and the sub-headings up to U keep their evidence.
 */
function rereadHeadingItem(e: Edit): Reread | null {
  const { rec, oldU } = e;
  if (rec.byProse) return null;
  // Not on the heading line of U (a heading's text decides its depth and its evidence; a `setext` unit may start
  // with a setext heading's text).
  const firstNl = rec.text.indexOf('\n', oldU.start);
  if ((oldU.kind === 'heading' || oldU.kind === 'start' || oldU.kind === 'setext') && (firstNl < 0 || e.at <= firstNl)) return null;
  if (endsWithDisableComment(oldU) || endsWithDisableComment(e.newU)) return null;

  // Item k: the last item whose heading starts at or before U, with its heading at a unit's start.
  const items = rec.backlog.items;
  const k = lastStartingAtOrBefore(items, oldU.start, (i) => i.titleSpan.start);
  if (k < 0) return null;
  const item = items[k];
  const a0 = lastStartingAtOrBefore(rec.sections, item.titleSpan.start, (s) => s.start);
  if (a0 < 0 || rec.sections[a0].start !== item.titleSpan.start || a0 > e.u) return null;
  const depth = rec.backlog.itemDepth;
  const oldEnd = itemRegionEnd(rec.sections, a0, depth);
  if (oldEnd < 0 || e.u >= oldEnd) return null;
  const newEnd = itemRegionEnd(e.sections, a0, depth);
  if (newEnd !== oldEnd) return null;

  // Evidence of k's heading and of the sub-headings up to U: unchanged, so the shape is detected the same.
  const oldCtx = regionContext(e, rec.sections, rec.text, a0, oldEnd);
  const newCtx = regionContext(e, e.sections, e.source, a0, newEnd);
  const oldHeadings = collectHeadings(oldCtx);
  const newHeadings = collectHeadings(newCtx);
  if (oldHeadings.length !== newHeadings.length) return null;
  // Index of k's heading among the blocks (after the block before it, if any).
  const first = a0 > 0 && blocksOf([rec.sections[a0 - 1]]).length > 0 ? 1 : 0;
  let itemHeading = -1;
  for (let i = 0; i < newHeadings.length; i++) {
    const o = oldHeadings[i];
    const h = newHeadings[i];
    if (o.depth !== h.depth || o.text !== h.text) return null;
    if (h.blockIndex === first) itemHeading = i;
    if (h.blockIndex < first || h.span.start > e.newU.start) continue;
    if (!sameEvidence(evidenceOf(oldCtx, oldHeadings, i), evidenceOf(newCtx, newHeadings, i))) return null;
  }
  if (itemHeading < 0) return null;
  const ih: HeadingInfo = newHeadings[itemHeading];
  if (ih.depth !== depth || isCriteriaLabel(normaliseWord(ih.text))) return null;

  // Item k, built as the full parse builds it: its body is every block of its units after the heading.
  const nextHeading = newEnd < e.sections.length ? newCtx.blocks.length - 1 : newCtx.blocks.length;
  const body = newCtx.blocks.slice(first + 1, nextHeading);
  const old = rec.drafts[k];
  const draft = headingDraft(newCtx, {
    h: ih.node,
    base: ih.base,
    blockIndex: first,
    body,
    path: item.groupPath,
    group: old.groupIndex,
    done: old.inDoneSection,
  });
  if (draft.span.start !== item.span.start) return null;
  return { k, drafts: [draft], items: [finishItem(newCtx, draft, k, rec.groupOrder, trailerEnd(e, k, draft))] };
}

/**
 * The end (exclusive unit index) of the item whose heading starts unit `a0`: up to the next unit that starts with a
 * heading at most the item depth. -1 when a unit there has a heading that is not its first block (it could end the
 * item or start a group), or a heading unit does not start with a heading.
 */
function itemRegionEnd(sections: readonly Section[], a0: number, depth: number): number {
  let end = a0;
  for (; end < sections.length; end++) {
    const s = sections[end];
    const bs = s.tree.children;
    const head = bs[0];
    const startsWithHeading = !!head && head.type === 'heading' && !multiLine(head);
    if (s.kind === 'heading' || end === a0) {
      if (!startsWithHeading || head.type !== 'heading') return -1;
      if (end > a0 && head.depth <= depth) break;
      if (end === a0 && head.depth !== depth) return -1;
    } else if (startsWithHeading) return -1;
    for (let i = 1; i < bs.length; i++) if (bs[i].type === 'heading') return -1;
  }
  return end;
}

/** A setext heading over several lines (blocksOf reads it as a paragraph). */
const multiLine = (node: { position?: { start: { line: number }; end: { line: number } } }) =>
  !!node.position && node.position.end.line - node.position.start.line > 1;

function endsWithDisableComment(s: Section): boolean {
  const last = s.tree.children[s.tree.children.length - 1];
  return !!last && last.type === 'html' && DISABLE_COMMENT.test(last.value.trim());
}

// ---------------------------------------------------------------------------------------------- shifting

const shiftSpan = (s: Span, delta: number): Span => ({ start: s.start + delta, end: s.end + delta });

/** A table after U moves; one that holds U grows by the length difference. */
function shiftAround(t: ItemTable, u: Section, delta: number): ItemTable {
  if (t.span.start >= u.end) return { ...t, span: shiftSpan(t.span, delta) };
  if (t.span.end > u.start) return { ...t, span: { start: t.span.start, end: t.span.end + delta } };
  return t;
}
