// The fast path of parseBacklog: after a small edit inside one item of a heading-shaped backlog, re-read only that
// item and shift the positions of everything after it, instead of running every stage of the parse over all items.
//
// It is taken only when it provably gives what the full parse would (the differential property test in
// incremental.test.ts compares the two on random edits); whenever a precondition fails, parseBacklog runs the full
// parse. Preconditions, in order of cost:
// - the previous parse is recorded (heading shape decided by the headings' evidence or forced, no item tables), with
//   the same options, and the cache's sections are that parse's;
// - the edit (common prefix/suffix against the previous text) lies inside one section S, after its first (heading)
//   line and strictly before its end, after the BOM and front matter;
// - S splits the same way: scanning it again finds no new section start and the next section's heading again;
// - S is part of one item k: k's heading starts a section, the sections from there to the next heading of item depth
//   or less are k's (each with its column-0 heading as its only heading block, old and new), S among them;
// - neither S's old nor its new text ends with a `backlog-disable-next-item` comment (it would belong to item k+1);
// - k's heading is not a criteria label (its own text would then belong to the heading above), and the evidence of
//   every heading from k's to S's (the headings whose own text may hold the edit) is unchanged, so shape detection
//   decides the same;
// - S is not in a non-backlog section (pseudo-items there are dropped).
// The result: items before k are the same objects, item k is built by headingDraft + finishItem from its new blocks,
// items, groups and pseudo-items after S are moved by the length difference, pseudo-items of S are found again.
import type { Root } from 'mdast';
import type { Backlog, BacklogItem, FieldKind, Group, PseudoItem, Span } from './model';
import {
  blocksOf,
  type Context,
  collectHeadings,
  DISABLE_COMMENT,
  evidenceOf,
  finishItem,
  type HeadingEvidence,
  headingDraft,
  readFrontMatter,
  sectionPseudoItems,
  shiftPositions,
} from './parse';
import { commonPrefix, commonSuffix, type Section, type SectionCache, sectionStarts } from './sections';
import { detectEol, lastStartingAtOrBefore, skipBlankLines } from './text';
import { isCriteriaLabel, normaliseWord } from './vocabulary';

/** What the fast path needs from the previous parse that the Backlog does not carry. */
export interface ParseRecord {
  readonly text: string;
  /** Shape, item depth and field aliases of the options, as a string. */
  readonly optionsKey: string;
  /** Where the sections start: after the BOM and the front matter. */
  readonly from: number;
  readonly backlog: Backlog;
  readonly sections: readonly Section[];
  /** Per item: it sits under a Done heading (its status defaults to done). */
  readonly inDone: readonly boolean[];
  /** Non-backlog sections (no pseudo-items there). */
  readonly excluded: readonly Span[];
  /** Group order after sorting: the identity for heading-shaped files. */
  readonly groupOrder: Int32Array;
  /** Fast paths since the last full parse (which prunes the cache). */
  readonly streak: number;
}

/**
 * After this many fast paths in a row the full parse runs once: it prunes derived values that name sections the fast
 * path replaced (the fast path does not prune; its own work is a few entries per edit).
 */
const MAX_STREAK = 200;

/** The parse of `source` by the fast path, or null when a precondition fails (then run the full parse). */
export function tryFastPath(
  source: string,
  optionsKey: string,
  aliases: ReadonlyMap<string, FieldKind>,
  aliasKey: string,
  cache: SectionCache,
): Backlog | null {
  const rec = cache.incremental;
  if (!rec || rec.optionsKey !== optionsKey || rec.streak >= MAX_STREAK) return null;
  const old = rec.text;
  if (source === old) return null;
  const p = commonPrefix(old, source);
  const oldChangeEnd = old.length - commonSuffix(old, source, p);
  const delta = source.length - old.length;
  if (p < rec.from) return null;
  // Below a front matter that is not closed, an edit can close it (typing the third `-` of a `---` line): then the
  // items above that line are front matter, and only the full parse sees it.
  if (rec.backlog.frontMatter === null && readFrontMatter(source, rec.from) !== null) return null;

  // The one section S that holds the edit, after its first line and before its end.
  const sections = rec.sections;
  const sIdx = sectionIndexAt(sections, p);
  if (sIdx < 0) return null;
  const S = sections[sIdx];
  const firstNl = old.indexOf('\n', S.start);
  if (firstNl < 0 || p <= firstNl || oldChangeEnd >= S.end || S.start < rec.from) return null;
  const newEnd = S.end + delta;

  // S splits the same way: no new section start inside it, and the next section still starts after it. The scanner
  // is in its initial state at S's heading (else the heading would not have started a section).
  const last = sIdx === sections.length - 1;
  const starts = sectionStarts(source, S.start, last ? source.length : newEnd + 1);
  if (last ? starts.length !== 1 : starts.length !== 2 || starts[1] !== newEnd) return null;

  // The item whose sections hold S (checked on the old trees before parsing S again).
  const backlog = rec.backlog;
  const items = backlog.items;
  const k = itemIndexAt(items, S.start);
  if (k < 0) return null;
  const item = items[k];
  const a0 = sectionIndexAt(sections, item.titleSpan.start);
  if (a0 < 0 || sections[a0].start !== item.titleSpan.start || a0 > sIdx) return null;
  const depth = backlog.itemDepth;
  const oldRegion = itemRegion(sections, a0, depth);
  if (!oldRegion || sIdx >= oldRegion.end) return null;
  if (endsWithDisableComment(S.tree)) return null;
  if (rec.excluded.some((e) => e.start <= S.start && S.start < e.end)) return null;

  const newSections = cache.spliceSection(source, sections, sIdx, delta);
  if (!newSections) return null;
  const newS = newSections[sIdx];
  if (endsWithDisableComment(newS.tree)) return null;
  const newRegion = itemRegion(newSections, a0, depth);
  if (!newRegion || newRegion.end !== oldRegion.end) return null;

  // Heading evidence of k's heading and of the sub-headings up to S: unchanged, so the shape is detected the same.
  const oldCtx = regionContext(old, sections, a0, oldRegion.end, aliases, aliasKey, cache, backlog.groups, backlog.eol);
  const groups = shiftGroups(backlog.groups, S.end, delta);
  const eol = detectEol(source);
  const newCtx = regionContext(source, newSections, a0, newRegion.end, aliases, aliasKey, cache, groups, eol);
  const oldHeadings = collectHeadings(oldCtx);
  const newHeadings = collectHeadings(newCtx);
  if (oldHeadings.length !== newHeadings.length) return null;
  // Index of item k's heading among the blocks (after the block before it, if any).
  const first = a0 > 0 && blocksOf([newSections[a0 - 1]]).length > 0 ? 1 : 0;
  let itemHeading = -1;
  for (let i = 0; i < newHeadings.length; i++) {
    const o = oldHeadings[i];
    const h = newHeadings[i];
    if (o.depth !== h.depth || o.text !== h.text) return null;
    if (h.blockIndex === first) itemHeading = i;
    if (h.blockIndex < first || h.span.start > newS.start) continue;
    if (!sameEvidence(evidenceOf(oldCtx, oldHeadings, i), evidenceOf(newCtx, newHeadings, i))) return null;
  }
  if (itemHeading < 0) return null;
  const ih = newHeadings[itemHeading];
  if (ih.depth !== depth || isCriteriaLabel(normaliseWord(ih.text))) return null;

  // Item k, built as the full parse builds it.
  const body = newCtx.blocks.slice(first + 1, first + newRegion.blocks);
  const draft = headingDraft(newCtx, {
    h: ih.node,
    base: ih.base,
    blockIndex: first,
    body,
    path: item.groupPath,
    group: item.groupIndex,
    done: rec.inDone[k],
  });
  if (draft.span.start !== item.span.start) return null;
  const oldNext = items[k + 1];
  const nextStart = oldNext ? (oldNext.span.start >= S.end ? oldNext.span.start + delta : oldNext.span.start) : source.length;
  const limit = oldNext && nextStart >= draft.span.end ? nextStart : source.length;
  const rebuilt = finishItem(newCtx, draft, k, rec.groupOrder, skipBlankLines(source, draft.span.end, limit));

  const newItems: BacklogItem[] = items.slice(0, k);
  newItems.push(rebuilt);
  for (let i = k + 1; i < items.length; i++) newItems.push(shiftItem(items[i], S.end, delta));

  // Pseudo-items: before S the same, S's found again (the full parse's way), after S moved.
  const pseudoItems: PseudoItem[] = [];
  let pi = 0;
  const oldPseudo = backlog.pseudoItems;
  while (pi < oldPseudo.length && oldPseudo[pi].span.start < S.start) pseudoItems.push(oldPseudo[pi++]);
  while (pi < oldPseudo.length && oldPseudo[pi].span.start < S.end) pi++;
  const found = cache.deriveSpan(newSections, 'pseudo', newS.start, newS.end, () => sectionPseudoItems(source.slice(newS.start, newS.end), newS.tree));
  for (const c of found) pseudoItems.push(newS.start === 0 ? c : { ...c, span: { start: c.span.start + newS.start, end: c.span.end + newS.start } });
  for (; pi < oldPseudo.length; pi++) {
    const c = oldPseudo[pi];
    pseudoItems.push({ ...c, span: shiftSpan(c.span, delta) });
  }

  const result: Backlog = {
    source,
    shape: backlog.shape,
    itemDepth: backlog.itemDepth,
    items: newItems,
    groups,
    tables: backlog.tables,
    pseudoItems,
    eol,
    frontMatter: backlog.frontMatter,
    frontMatterSettings: backlog.frontMatterSettings,
  };
  cache.incremental = {
    ...rec,
    text: source,
    backlog: result,
    sections: newSections,
    excluded: rec.excluded.map((e) => (e.start >= S.end ? shiftSpan(e, delta) : e)),
    streak: rec.streak + 1,
  };
  cache.fastPaths++;
  return result;
}

/** Index of the section holding offset `at` (the last starting at or before it), or -1. */
function sectionIndexAt(sections: readonly Section[], at: number): number {
  const found = lastStartingAtOrBefore(sections, at, (s) => s.start);
  return found >= 0 && at < sections[found].end ? found : -1;
}

/** Index of the last item whose heading starts at or before `at`, or -1. */
function itemIndexAt(items: readonly BacklogItem[], at: number): number {
  return lastStartingAtOrBefore(items, at, (i) => i.titleSpan.start);
}

/**
 * The sections of an item whose heading starts section `a0`: up to the next section whose heading is at most the
 * item depth. Null when a section there has a heading that is not its first block (it could end the item or start a
 * group) or does not start with a heading. `blocks`: how many top-level blocks the sections hold.
 */
function itemRegion(sections: readonly Section[], a0: number, depth: number): { end: number; blocks: number } | null {
  let blocks = 0;
  let end = a0;
  for (; end < sections.length; end++) {
    const bs = blocksOf([sections[end]]);
    const head = bs[0]?.node;
    if (!head || head.type !== 'heading') return null;
    if (end > a0 && head.depth <= depth) break;
    if (end === a0 && head.depth !== depth) return null;
    for (let i = 1; i < bs.length; i++) if (bs[i].node.type === 'heading') return null;
    blocks += bs.length;
  }
  return { end, blocks };
}

function endsWithDisableComment(tree: Root): boolean {
  const last = tree.children[tree.children.length - 1];
  return !!last && last.type === 'html' && DISABLE_COMMENT.test(last.value.trim());
}

/**
 * A context over the item's sections: the block before them (a suppression comment there belongs to the item),
 * their blocks, and the heading after them (it ends the own text of the headings inside).
 */
function regionContext(
  source: string,
  sections: readonly Section[],
  a0: number,
  end: number,
  aliases: ReadonlyMap<string, FieldKind>,
  aliasKey: string,
  cache: SectionCache,
  groups: readonly Group[],
  eol: '\n' | '\r\n',
): Context {
  const blocks = a0 > 0 ? blocksOf([sections[a0 - 1]]).slice(-1) : [];
  for (const b of blocksOf(sections.slice(a0, end))) blocks.push(b);
  if (end < sections.length) blocks.push(blocksOf([sections[end]])[0]);
  return { source, sections, blocks, aliases, aliasKey, eol, groups: groups as Group[], tables: [], cache, walks: new Map() };
}

const sameEvidence = (a: HeadingEvidence, b: HeadingEvidence) => a.item === b.item && a.bodied === b.bodied && a.prose === b.prose;

const shiftSpan = (s: Span, delta: number): Span => ({ start: s.start + delta, end: s.end + delta });

function shiftGroups(groups: readonly Group[], after: number, delta: number): Group[] {
  return groups.map((g) => (g.span.start >= after ? { ...g, span: shiftSpan(g.span, delta) } : g));
}

/** An item after the edit, moved by `delta`; spans before `after` (a group's priority above the edit) stay. */
function shiftItem(item: BacklogItem, after: number, delta: number): BacklogItem {
  const sh = (s: Span): Span => (s.start >= after ? { start: s.start + delta, end: s.end + delta } : s);
  const q = shiftPositions(item, sh, delta);
  // Every property written out: spreading a BacklogItem here cost a third of the re-analysis time at 10,000 items.
  return {
    index: item.index,
    rank: item.rank,
    shape: item.shape,
    id: item.id,
    idSpan: q.idSpan,
    title: item.title,
    titleSpan: q.titleSpan,
    span: q.span,
    content: q.content,
    trailerEnd: item.trailerEnd + delta,
    groupPath: item.groupPath,
    group: item.group,
    groupIndex: item.groupIndex,
    tableIndex: item.tableIndex,
    priority: q.priority,
    estimate: q.estimate,
    status: q.status,
    owner: item.owner,
    sprint: item.sprint,
    dependsOn: q.dependsOn,
    value: q.value,
    criteria: q.criteria,
    criteriaLabelSpan: q.criteriaLabelSpan,
    fields: q.fields,
    bodyEnd: q.bodyEnd,
    disabledRules: item.disabledRules,
  };
}
