// parseBacklog: markdown text → ordered backlog items with exact source spans.
//
// 1. sections.ts parses the text with remark, section by section (cached).
// 2. detectShape picks how items are written: one heading per item, list items, or table rows.
// 3. One builder per shape makes item drafts (title, span, body); finishItem reads fields, the value statement and
//    the acceptance criteria from each draft's source.
// The parser never throws on user content: odd markdown gives fewer items, and pseudo-items say what looked wrong.
import type { Heading, List, ListItem, Paragraph, RootContent, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parse as parseYaml } from 'yaml';
import type {
  Backlog,
  BacklogItem,
  Criterion,
  DependencyRef,
  Estimate,
  Field,
  FieldKind,
  Group,
  ItemShape,
  ItemTable,
  Priority,
  PseudoItem,
  Span,
  Status,
  ValueStatement,
} from './model';
import { type Block, parseBlocks, SectionCache } from './sections';
import { detectEol, lineEndOf, lineStartOf, skipBlankLines } from './text';
import { findValueStatement, toPlainText } from './value-statement';
import {
  bucketOf,
  CRITERIA_LABEL,
  DONE_SECTION,
  fieldKindOf,
  isNonBacklogSection,
  normaliseWord,
  statusKindOf,
} from './vocabulary';

export interface ParseOptions {
  /** Force the item shape instead of detecting it. */
  readonly shape?: ItemShape | 'auto';
  /** For heading-shaped files: the heading depth of items (2 for `##`). Detected when absent. */
  readonly itemDepth?: number;
  /** Extra field keys (lower case) → kind, from configuration. */
  readonly fieldAliases?: Readonly<Record<string, FieldKind>>;
  /** Keep one per document: re-analysis after an edit then re-parses only the edited section. */
  readonly cache?: SectionCache;
}

// `US-12`, `US01`, `US-1.1`, `INFRA-001`, `B-7`, `M1_01`, `#12` at the start of a title.
const ID_AT_START =
  /^[ \t]*\[?(#\d+|[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*[-_]?\d+(?:\.\d+)*|[A-Z][a-z]?[-_]\d+(?:\.\d+)*)\]?(?=$|[\s.:|)\-–—,;])[.:|)\-–—,;]*[ \t]*/;
const ID_TOKEN = /#\d+|[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*[-_]?\d+(?:\.\d+)*|\b\d+(?:\.\d+)*\b/g;
const NUMBER_AT_START = /^[ \t]*(\d{1,6})(?:[.)]|\s*[-–—:|])?[ \t]+(?=\S)/;
const STORY_TITLE = /^(?:user\s+)?stor(?:y|ies)\s*#?\d/i;
const DISABLE_COMMENT = /^<!--\s*backlog-disable-next-item\b([^>]*?)-->\s*$/;
const FIELD_LINE =
  /^(?<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?)(?<open>\*\*|__)?(?<key>[^\s:*_`|[\]#>][^:*_`|\n[\]]{0,38}?)(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(?<value>.*)$/;

type NodeWithChildren = RootContent & { children?: RootContent[] };

const startOf = (node: { position?: { start: { offset?: number } } }, base: number) => (node.position?.start.offset ?? 0) + base;
const endOf = (node: { position?: { end: { offset?: number } } }, base: number) => (node.position?.end.offset ?? 0) + base;
const spanOf = (node: RootContent | ListItem | TableRow, base: number): Span => ({ start: startOf(node, base), end: endOf(node, base) });
const textOf = (node: unknown) => toString(node as Parameters<typeof toString>[0], { includeHtml: false }).replace(/\s+/g, ' ').trim();

/** Heading text without closing `#`s and markup. */
function headingText(node: Heading): string {
  return textOf(node);
}

/** Parses backlog markdown. Never throws on user content. */
export function parseBacklog(source: string, options: ParseOptions = {}): Backlog {
  const cache = options.cache ?? new SectionCache();
  const aliases = new Map<string, FieldKind>(Object.entries(options.fieldAliases ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const eol = detectEol(source);
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fm = readFrontMatter(source, bom);
  const blocks = parseBlocks(source, fm ? fm.span.end : bom, cache);
  const ctx: Context = { source, blocks, aliases, eol, groups: [], tables: [], cache };

  const headings = collectHeadings(blocks);
  const detected = detectShape(ctx, headings, options);
  let drafts: Draft[] = [];
  if (detected.shape === 'heading') drafts = buildHeadingItems(ctx, headings, detected.depth);
  else if (detected.shape === 'list') drafts = buildListItems(ctx, headings);
  else if (detected.shape === 'table') drafts = buildTableItems(ctx, headings);

  const items: BacklogItem[] = drafts.map((d, index) => finishItem(ctx, d, index));
  // Each item's trailer runs to the next item's start (or over blank lines at the end of the file).
  const withTrailers = items.map((item, i) => {
    const next = items[i + 1];
    const limit = next && next.span.start >= item.span.end ? next.span.start : source.length;
    return { ...item, trailerEnd: skipBlankLines(source, item.span.end, limit) };
  });

  const pseudoItems = findPseudoItems(ctx, withTrailers);
  cache.prune();
  return {
    source,
    shape: detected.shape,
    itemDepth: detected.shape === 'heading' ? detected.depth : 0,
    items: withTrailers,
    groups: ctx.groups,
    tables: ctx.tables,
    pseudoItems,
    eol,
    frontMatter: fm?.span ?? null,
    frontMatterSettings: fm?.settings ?? null,
  };
}

interface Context {
  readonly source: string;
  readonly blocks: readonly Block[];
  readonly aliases: ReadonlyMap<string, FieldKind>;
  readonly eol: '\n' | '\r\n';
  readonly groups: Group[];
  readonly tables: ItemTable[];
  readonly cache: SectionCache;
}

interface Draft {
  readonly shape: ItemShape;
  readonly span: Span;
  readonly content: Span;
  readonly titleSpan: Span;
  readonly titleText: string;
  /** Where fields, statement and criteria are looked for (may include the title line). */
  readonly bodyBlocks: readonly Block[];
  readonly groupPath: readonly string[];
  readonly groupIndex: number;
  readonly tableIndex: number;
  readonly checked: boolean | null;
  readonly struck: boolean;
  readonly inDoneSection: boolean;
  readonly disabledRules: ReadonlySet<string>;
  /** Table rows: cells by column kind. */
  readonly cells?: readonly { column: string; kind: FieldKind; span: Span; text: string; criteria: boolean }[];
  /** Headings: a number at the start of the title is the priority. */
  readonly headingNumber?: { value: number; span: Span };
  readonly idFromTitle: { id: string; span: Span } | null;
  /** Where field lines may be (after the title line). */
  readonly bodyStart: number;
}

// ---------------------------------------------------------------------------------------------- front matter

function readFrontMatter(source: string, from: number): { span: Span; settings: unknown } | null {
  const m = /^---[ \t]*\r?\n([\s\S]*?)(?:\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source.slice(from));
  if (!m) return null;
  let settings: unknown = null;
  try {
    const data = parseYaml(m[1]) as unknown;
    if (data && typeof data === 'object' && 'backlog' in data) settings = (data as { backlog: unknown }).backlog;
  } catch {
    // Invalid YAML is the user's business; the markdown still parses.
  }
  return { span: { start: from, end: from + m[0].length }, settings };
}

// ---------------------------------------------------------------------------------------------- headings & shape

interface HeadingInfo {
  readonly node: Heading;
  readonly base: number;
  readonly blockIndex: number;
  readonly depth: number;
  readonly text: string;
  readonly span: Span;
}

function collectHeadings(blocks: readonly Block[]): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  blocks.forEach((b, blockIndex) => {
    if (b.node.type === 'heading') {
      out.push({ node: b.node, base: b.base, blockIndex, depth: b.node.depth, text: headingText(b.node), span: spanOf(b.node, b.base) });
    }
  });
  return out;
}

/** A lone H1 at the top is the document's title, not a group. */
function isDocumentTitle(h: HeadingInfo, headings: readonly HeadingInfo[]): boolean {
  return h.depth === 1 && headings.filter((x) => x.depth === 1).length === 1 && headings[0] === h;
}

function detectShape(ctx: Context, headings: readonly HeadingInfo[], options: ParseOptions): { shape: ItemShape | null; depth: number } {
  const forced = options.shape && options.shape !== 'auto' ? options.shape : null;
  const headingChoice = () => {
    if (options.itemDepth) return options.itemDepth;
    const counts = headingEvidence(ctx, headings);
    return counts.best;
  };
  if (forced === 'heading') return { shape: 'heading', depth: headingChoice() || deepestBodiedDepth(ctx, headings) || 2 };
  if (forced) return { shape: forced, depth: 0 };

  const ev = headingEvidence(ctx, headings);
  if (ev.best > 0) {
    const n = ev.evidence.get(ev.best) ?? 0;
    const total = ev.totals.get(ev.best) ?? 0;
    if (n * 2 >= total) return { shape: 'heading', depth: ev.best };
  }
  if (findItemTables(ctx, headings).length > 0) return { shape: 'table', depth: 0 };
  if (hasItemLists(ctx, headings)) return { shape: 'list', depth: 0 };
  const prose = proseHeadingDepth(ctx, headings);
  if (prose) return { shape: 'heading', depth: prose };
  return { shape: null, depth: 0 };
}

/** The end of a heading's own text: the next heading of any depth, skipping criteria sub-headings. */
function ownExtent(ctx: Context, headings: readonly HeadingInfo[], i: number): { end: number; blocks: Block[] } {
  const h = headings[i];
  let j = i + 1;
  while (j < headings.length && headings[j].depth > h.depth && CRITERIA_LABEL.test(normaliseWord(headings[j].text))) j++;
  const endBlock = j < headings.length ? headings[j].blockIndex : ctx.blocks.length;
  return { end: j < headings.length ? headings[j].span.start : ctx.source.length, blocks: ctx.blocks.slice(h.blockIndex + 1, endBlock) };
}

function headingEvidence(ctx: Context, headings: readonly HeadingInfo[]) {
  const evidence = new Map<number, number>();
  const totals = new Map<number, number>();
  headings.forEach((h, i) => {
    if (isDocumentTitle(h, headings) || isNonBacklogSection(h.text)) return;
    totals.set(h.depth, (totals.get(h.depth) ?? 0) + 1);
    if (headingLooksLikeItem(ctx, headings, i)) evidence.set(h.depth, (evidence.get(h.depth) ?? 0) + 1);
  });
  let best = 0;
  for (const [depth, n] of evidence) {
    const bestN = evidence.get(best) ?? 0;
    if (n > bestN || (n === bestN && depth > best)) best = depth;
  }
  return { evidence, totals, best };
}

function headingLooksLikeItem(ctx: Context, headings: readonly HeadingInfo[], i: number): boolean {
  const h = headings[i];
  const title = h.text;
  if (ID_AT_START.test(title) || STORY_TITLE.test(title)) return true;
  if (findValueStatement(toPlainText(title, 0, title.length))) return true;
  const own = ownExtent(ctx, headings, i);
  for (const b of own.blocks) {
    if (b.node.type === 'heading' && CRITERIA_LABEL.test(normaliseWord(headingText(b.node)))) return true;
    if (b.node.type === 'paragraph' || b.node.type === 'blockquote') {
      const s = spanOf(b.node, b.base);
      if (findValueStatement(toPlainText(ctx.source, s.start, Math.min(s.end, s.start + 3000)))) return true;
    }
  }
  const bodyStart = lineEndOf(ctx.source, h.span.end);
  for (const line of ctx.source.slice(bodyStart, Math.min(own.end, bodyStart + 4000)).split('\n')) {
    if (CRITERIA_LABEL.test(normaliseWord(line.replace(/^[\s>*+-]+/, '').replace(/[:：]\s*$/, '')))) return true;
  }
  // Field lines make an item, unless the heading holds a list of other things (then it groups list items
  // that carry their own fields).
  const known = scanFieldLines(ctx, bodyStart, own.end, []).filter(
    (f) => f.kind === 'priority' || f.kind === 'estimate' || f.kind === 'status' || f.kind === 'dependsOn' || f.kind === 'id' || f.kind === 'value',
  );
  if (known.length === 0) return false;
  let otherListItems = 0;
  for (const b of own.blocks) {
    if (b.node.type !== 'list') continue;
    for (const li of b.node.children) {
      const s = startOf(li, b.base);
      if (!known.some((f) => f.span.start >= s && f.span.start <= lineEndOf(ctx.source, s))) otherListItems++;
    }
  }
  return otherListItems < 2;
}

/** Heading-shaped files without evidence: the deepest level whose sections are prose, not lists of items. */
function proseHeadingDepth(ctx: Context, headings: readonly HeadingInfo[]): number {
  const depths = [...new Set(headings.map((h) => h.depth))].sort((a, b) => b - a);
  for (const d of depths) {
    const candidates = headings
      .map((h, i) => ({ h, i }))
      .filter(({ h }) => h.depth === d && !isDocumentTitle(h, headings) && !isNonBacklogSection(h.text));
    const bodied = candidates.filter(({ i }) => ownExtent(ctx, headings, i).blocks.length > 0);
    if (bodied.length < 2) continue;
    const prose = bodied.filter(({ i }) => !ownExtent(ctx, headings, i).blocks.some((b) => b.node.type === 'list' && b.node.children.length >= 2));
    if (prose.length * 2 > bodied.length) return d;
  }
  return 0;
}

function deepestBodiedDepth(ctx: Context, headings: readonly HeadingInfo[]): number {
  return proseHeadingDepth(ctx, headings) || Math.max(0, ...headings.filter((h) => !isDocumentTitle(h, headings)).map((h) => h.depth));
}

// ---------------------------------------------------------------------------------------------- grouping walk

/**
 * Walks the top-level blocks keeping the stack of group headings, and calls `visit` for every block that is in a
 * backlog section (not under "Definition of Done", "Glossary", ...). Headings deeper than `maxGroupDepth` are
 * passed to `visit` instead of becoming groups.
 */
function walkGroups(
  ctx: Context,
  headings: readonly HeadingInfo[],
  maxGroupDepth: number,
  visit: (block: Block, index: number, path: readonly string[], groupIndex: number, inDone: boolean) => void,
): void {
  const stack: { depth: number; title: string; index: number; excluded: boolean; done: boolean }[] = [];
  const titleHeading = headings.find((h) => isDocumentTitle(h, headings));
  ctx.blocks.forEach((block, index) => {
    const node = block.node;
    if (node.type === 'heading' && node.depth <= maxGroupDepth) {
      while (stack.length > 0 && stack[stack.length - 1].depth >= node.depth) stack.pop();
      if (titleHeading && titleHeading.blockIndex === index) return;
      const title = headingText(node);
      const norm = normaliseWord(title.replace(/^[\d.]+\s*/, '').replace(/^[^\p{L}\p{N}]+/u, ''));
      const excluded = isNonBacklogSection(title) || (stack.length > 0 && stack[stack.length - 1].excluded);
      const done = DONE_SECTION.test(norm) || (stack.length > 0 && stack[stack.length - 1].done);
      const parent = stack.length > 0 ? stack[stack.length - 1].index : -1;
      let groupIndex = -1;
      if (!excluded) {
        groupIndex = ctx.groups.length;
        ctx.groups.push({ title, depth: node.depth, span: spanOf(node, block.base), parent });
      }
      stack.push({ depth: node.depth, title, index: groupIndex, excluded, done });
      return;
    }
    const top = stack[stack.length - 1];
    if (top?.excluded) return;
    visit(block, index, stack.map((s) => s.title), top ? top.index : -1, top?.done ?? false);
  });
}

function disabledBefore(ctx: Context, blockIndex: number): Set<string> {
  const prev = ctx.blocks[blockIndex - 1];
  const rules = new Set<string>();
  if (prev && prev.node.type === 'html') {
    const m = DISABLE_COMMENT.exec(prev.node.value.trim());
    if (m) {
      const ids = m[1].trim().split(/[\s,]+/).filter(Boolean);
      if (ids.length === 0) rules.add('all');
      for (const id of ids) rules.add(id);
    }
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------- heading items

function buildHeadingItems(ctx: Context, headings: readonly HeadingInfo[], depth: number): Draft[] {
  const drafts: Draft[] = [];
  let current: { h: Heading; base: number; blockIndex: number; body: Block[]; path: readonly string[]; group: number; done: boolean } | null = null;
  const close = (nextStart: number) => {
    if (!current) return;
    drafts.push(headingDraft(ctx, current, nextStart));
    current = null;
  };
  walkGroups(ctx, headings, depth - 1, (block, index, path, group, done) => {
    const node = block.node;
    if (node.type === 'heading' && node.depth <= depth) {
      close(startOf(node, block.base));
      const text = headingText(node);
      if (node.depth === depth && !isNonBacklogSection(text)) {
        current = { h: node, base: block.base, blockIndex: index, body: [], path, group, done: done || DONE_SECTION.test(normaliseWord(text)) && false };
      }
      return;
    }
    if (current) current.body.push(block);
  });
  close(ctx.source.length);
  // Groups end items too: walkGroups swallows group headings, so cut each item before the next group heading.
  return drafts.map((d, i) => {
    const next = drafts[i + 1];
    const limit = next ? next.span.start : ctx.source.length;
    const groupCut = ctx.groups.find((g) => g.span.start > d.titleSpan.start && g.span.start < limit);
    if (!groupCut) return d;
    const body = d.bodyBlocks.filter((b) => startOf(b.node, b.base) < groupCut.span.start);
    const end = body.length > 0 ? endOf(body[body.length - 1].node, body[body.length - 1].base) : d.titleSpan.end;
    return { ...d, bodyBlocks: body, span: { start: d.span.start, end }, content: { start: d.content.start, end } };
  });
}

function headingDraft(
  ctx: Context,
  cur: { h: Heading; base: number; blockIndex: number; body: Block[]; path: readonly string[]; group: number; done: boolean },
  nextStart: number,
): Draft {
  const hs = spanOf(cur.h, cur.base);
  // A suppression comment right before the next item belongs to that item, not to this one's body.
  let body = cur.body;
  const last = body[body.length - 1];
  if (last && last.node.type === 'html' && DISABLE_COMMENT.test(last.node.value.trim())) body = body.slice(0, -1);
  const lastBody = body[body.length - 1];
  const end = lastBody ? Math.min(endOf(lastBody.node, lastBody.base), nextStart) : hs.end;
  const disabled = disabledBefore(ctx, cur.blockIndex);
  const prev = ctx.blocks[cur.blockIndex - 1];
  const start = disabled.size > 0 && prev ? startOf(prev.node, prev.base) : hs.start;
  const text = headingText(cur.h);
  // Title text starts after the `#`s in the source.
  const rawTitle = ctx.source.slice(hs.start, hs.end);
  const hashes = /^#{1,6}[ \t]*/.exec(rawTitle)?.[0].length ?? 0;
  const titleStart = hs.start + hashes;
  const idm = ID_AT_START.exec(ctx.source.slice(titleStart, hs.end));
  let headingNumber: Draft['headingNumber'];
  if (!idm) {
    const nm = NUMBER_AT_START.exec(ctx.source.slice(titleStart, hs.end));
    if (nm) headingNumber = { value: Number(nm[1]), span: { start: titleStart + nm.index + nm[0].indexOf(nm[1]), end: titleStart + nm.index + nm[0].indexOf(nm[1]) + nm[1].length } };
  }
  return {
    shape: 'heading',
    span: { start, end },
    content: { start, end },
    titleSpan: hs,
    titleText: text,
    bodyBlocks: body,
    groupPath: cur.path,
    groupIndex: cur.group,
    tableIndex: -1,
    checked: null,
    struck: cur.h.children.length === 1 && cur.h.children[0].type === 'delete',
    inDoneSection: cur.done,
    disabledRules: disabled,
    headingNumber,
    idFromTitle: idm ? { id: idm[1], span: { start: titleStart + idm[0].indexOf(idm[1]), end: titleStart + idm[0].indexOf(idm[1]) + idm[1].length } } : null,
    bodyStart: lineEndOf(ctx.source, hs.end),
  };
}

// ---------------------------------------------------------------------------------------------- list items

/** Lists in backlog sections, with the blockquote they sit in unwrapped. */
function candidateLists(ctx: Context, headings: readonly HeadingInfo[]): { list: List; base: number; path: readonly string[]; group: number; done: boolean; blockIndex: number }[] {
  const out: { list: List; base: number; path: readonly string[]; group: number; done: boolean; blockIndex: number }[] = [];
  const groupsBefore = ctx.groups.length;
  walkGroups(ctx, headings, 6, (block, index, path, group, done) => {
    if (block.node.type === 'list') out.push({ list: block.node, base: block.base, path, group, done, blockIndex: index });
    else if (block.node.type === 'blockquote') {
      for (const child of block.node.children) if (child.type === 'list') out.push({ list: child, base: block.base, path, group, done, blockIndex: index });
    }
  });
  ctx.groups.length = groupsBefore; // detection must not leave groups behind
  return out;
}

function listItemEvidence(ctx: Context, item: ListItem, base: number): number {
  let n = 0;
  if (item.checked !== null && item.checked !== undefined) n++;
  const first = item.children[0];
  if (first && first.type === 'paragraph') {
    const s = spanOf(first, base);
    if (ID_AT_START.test(ctx.source.slice(s.start, s.end))) n++;
    if (findValueStatement(toPlainText(ctx.source, s.start, Math.min(s.end, s.start + 2000)))) n++;
  }
  return n;
}

function hasItemLists(ctx: Context, headings: readonly HeadingInfo[]): boolean {
  return candidateLists(ctx, headings).some((c) => c.list.children.length > 0);
}

/** Whether the items of this list sit one level down, under parent bullets that are groups. */
function itemsAreNested(ctx: Context, list: List, base: number): boolean {
  const parents = list.children;
  const withChildren = parents.filter((p) => p.children.some((c) => c.type === 'list'));
  if (withChildren.length * 2 < parents.length || withChildren.length === 0) return false;
  let top = 0;
  let nested = 0;
  for (const p of parents) {
    top += listItemEvidence(ctx, p, base);
    for (const c of p.children) if (c.type === 'list') for (const li of c.children) nested += listItemEvidence(ctx, li, base);
  }
  return nested > top;
}

function buildListItems(ctx: Context, headings: readonly HeadingInfo[]): Draft[] {
  const lists = candidateLists(ctx, headings);
  // Run the walk again for real, so that groups are recorded once.
  walkGroups(ctx, headings, 6, () => undefined);
  const drafts: Draft[] = [];
  const groupAt = (path: readonly string[]) => {
    // The innermost recorded group whose title matches the path's last entry.
    for (let g = ctx.groups.length - 1; g >= 0; g--) if (ctx.groups[g].title === path[path.length - 1]) return g;
    return -1;
  };
  for (const c of lists) {
    const disabled = disabledBefore(ctx, c.blockIndex);
    const groupIndex = c.path.length > 0 ? groupAt(c.path) : -1;
    if (itemsAreNested(ctx, c.list, c.base)) {
      for (const parent of c.list.children) {
        const first = parent.children[0];
        const parentTitle = first ? textOf(first) : '';
        const parentSpan = spanOf(first ?? parent, c.base);
        const pg = ctx.groups.length;
        ctx.groups.push({ title: parentTitle, depth: 0, span: parentSpan, parent: groupIndex });
        for (const sub of parent.children) {
          if (sub.type !== 'list') continue;
          for (const li of sub.children) drafts.push(listDraft(ctx, li, c.base, sub, [...c.path, parentTitle], pg, c.done, new Set()));
        }
      }
    } else {
      c.list.children.forEach((li, i) => drafts.push(listDraft(ctx, li, c.base, c.list, c.path, groupIndex, c.done, i === 0 ? disabled : new Set())));
    }
  }
  return drafts;
}

function listDraft(
  ctx: Context,
  li: ListItem,
  base: number,
  list: List,
  path: readonly string[],
  group: number,
  done: boolean,
  disabled: ReadonlySet<string>,
): Draft {
  const span = spanOf(li, base);
  const raw = ctx.source.slice(span.start, Math.min(span.end, span.start + 200));
  // The list marker stays in place on a move (markdown renumbers ordered lists; bullets keep the list together).
  const marker = /^(?:[-*+]|\d{1,9}[.)])[ \t]*/.exec(raw);
  const contentStart = span.start + (marker ? marker[0].length : 0);
  const first = li.children[0];
  const firstSpan = first ? spanOf(first, base) : { start: contentStart, end: contentStart };
  const titleEnd = first && first.type === 'paragraph' ? lineEndOf(ctx.source, firstSpan.start) : lineEndOf(ctx.source, span.start);
  const titleSpan = { start: span.start, end: Math.min(titleEnd, span.end) };
  let titleText = first && first.type === 'paragraph' ? textOf(first).split(/\n/)[0] : '';
  if (first && first.type === 'paragraph') {
    // The first line only: a story's later lines are its description.
    const para = ctx.source.slice(firstSpan.start, titleSpan.end);
    titleText = textOf({ type: 'paragraph', children: [{ type: 'text', value: para }] } as Paragraph);
    titleText = titleText.replace(/^\[[ xX]\]\s*/, '').replace(/[*_`]|~~/g, '').trim();
  }
  const checkboxAt = first ? ctx.source.slice(contentStart, firstSpan.start + 4) : '';
  void checkboxAt;
  const titleStart = first ? firstSpan.start : contentStart;
  const idm = ID_AT_START.exec(ctx.source.slice(titleStart, titleSpan.end).replace(/^\[[ xX]\][ \t]*/, (m) => ' '.repeat(m.length)));
  const struck = !!first && first.type === 'paragraph' && first.children.length === 1 && first.children[0].type === 'delete';
  void list;
  return {
    shape: 'list',
    span,
    content: { start: contentStart, end: span.end },
    titleSpan,
    titleText,
    bodyBlocks: li.children.map((node) => ({ node, base })),
    groupPath: path,
    groupIndex: group,
    tableIndex: -1,
    checked: li.checked ?? null,
    struck,
    inDoneSection: done,
    disabledRules: disabled,
    idFromTitle: idm ? { id: idm[1], span: { start: titleStart + idm[0].indexOf(idm[1]), end: titleStart + idm[0].indexOf(idm[1]) + idm[1].length } } : null,
    bodyStart: titleSpan.end,
  };
}

// ---------------------------------------------------------------------------------------------- table rows

interface FoundTable {
  readonly columns: string[];
  readonly kinds: FieldKind[];
  readonly criteriaColumn: number;
  readonly span: Span;
  readonly rows: { span: Span; cells: { span: Span; text: string }[] }[];
  readonly html: boolean;
  readonly path: readonly string[];
  readonly group: number;
  readonly done: boolean;
  readonly blockIndex: number;
}

function findItemTables(ctx: Context, headings: readonly HeadingInfo[], record = false): FoundTable[] {
  const found: FoundTable[] = [];
  const groupsBefore = ctx.groups.length;
  walkGroups(ctx, headings, 6, (block, index, path, group, done) => {
    const tables: Omit<FoundTable, 'path' | 'group' | 'done' | 'blockIndex' | 'kinds' | 'criteriaColumn'>[] = [];
    if (block.node.type === 'table') tables.push(readMdTable(ctx, block.node, block.base));
    else if (block.node.type === 'html') {
      const span = spanOf(block.node, block.base);
      if (/<table[\s>]/i.test(block.node.value)) tables.push(...readHtmlTables(ctx, span));
      tables.push(...pipeTablesInsideHtml(ctx, span));
    }
    for (const t of tables) {
      const kinds = t.columns.map((c) => fieldKindOf(c, ctx.aliases));
      const criteriaColumn = t.columns.findIndex((c) => CRITERIA_LABEL.test(normaliseWord(c)));
      const hasTitle = kinds.includes('title');
      const hasMeta = kinds.some((k) => k === 'id' || k === 'priority' || k === 'estimate' || k === 'status' || k === 'dependsOn');
      const statements = t.rows.filter((r) => findValueStatement(toPlainText(ctx.source, r.span.start, r.span.end))).length;
      if (t.rows.length > 0 && ((hasTitle && hasMeta) || statements * 2 >= t.rows.length)) {
        found.push({ ...t, kinds, criteriaColumn, path, group, done, blockIndex: index });
      }
    }
  });
  if (!record) ctx.groups.length = groupsBefore;
  return found;
}

function readMdTable(ctx: Context, table: Table, base: number) {
  const [head, ...body] = table.children;
  const cellsOf = (row: TableRow) =>
    row.children.map((cell) => {
      const s = spanOf(cell, base);
      // mdast cell spans include the pipes around the cell; the content sits between them.
      let start = s.start;
      let end = s.end;
      if (ctx.source[start] === '|') start++;
      if (ctx.source[end - 1] === '|' && end - 1 > start) end--;
      while (start < end && /[ \t]/.test(ctx.source[start])) start++;
      while (end > start && /[ \t]/.test(ctx.source[end - 1])) end--;
      return { span: { start, end }, text: textOf(cell) };
    });
  return {
    columns: head ? cellsOf(head).map((c) => c.text) : [],
    span: spanOf(table, base),
    rows: body
      .map((row) => ({ span: spanOf(row, base), cells: cellsOf(row) }))
      .filter((r) => r.cells.some((c) => c.text.trim() !== '' && c.text.trim() !== '-')),
    html: false,
  };
}

/**
 * A pipe table written right under an HTML block without a blank line is HTML to CommonMark (and GitHub shows
 * it raw), but its author meant a table: parse that part on its own.
 */
function pipeTablesInsideHtml(ctx: Context, span: Span) {
  const html = ctx.source.slice(span.start, span.end);
  const m = /^\|.*\|[ \t]*\r?\n\|?[ \t]*:?-{3,}/m.exec(html);
  if (!m) return [];
  const base = span.start + m.index;
  const tree = ctx.cache.get(ctx.source.slice(base, span.end));
  return tree.children.filter((n): n is Table => n.type === 'table').map((t) => readMdTable(ctx, t, base));
}

/** Raw HTML tables: rows and cells by tag, good enough for the simple tables people write by hand. */
function readHtmlTables(ctx: Context, span: Span) {
  const html = ctx.source.slice(span.start, span.end);
  const out: ReturnType<typeof readMdTable>[] = [];
  const tableRe = /<table[\s\S]*?<\/table>/gi;
  for (let t = tableRe.exec(html); t; t = tableRe.exec(html)) {
    const rows: { span: Span; cells: { span: Span; text: string }[]; header: boolean }[] = [];
    const rowRe = /<tr[\s>][\s\S]*?<\/tr>/gi;
    for (let r = rowRe.exec(t[0]); r; r = rowRe.exec(t[0])) {
      const rowStart = span.start + t.index + r.index;
      const cells: { span: Span; text: string }[] = [];
      const cellRe = /<(t[dh])(?:\s[^>]*)?>([\s\S]*?)<\/\1>/gi;
      let header = false;
      for (let c = cellRe.exec(r[0]); c; c = cellRe.exec(r[0])) {
        if (c[1].toLowerCase() === 'th') header = true;
        const inner = rowStart + c.index + c[0].indexOf('>') + 1;
        cells.push({ span: { start: inner, end: inner + c[2].length }, text: c[2].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() });
      }
      rows.push({ span: { start: rowStart, end: rowStart + r[0].length }, cells, header });
    }
    const headIdx = rows.findIndex((r) => r.header);
    const head = headIdx >= 0 ? rows[headIdx] : rows[0];
    out.push({
      columns: head ? head.cells.map((c) => c.text) : [],
      span: { start: span.start + t.index, end: span.start + t.index + t[0].length },
      rows: rows.filter((r) => r !== head && r.cells.some((c) => c.text !== '')).map(({ span: s, cells }) => ({ span: s, cells })),
      html: true,
    });
  }
  return out;
}

function buildTableItems(ctx: Context, headings: readonly HeadingInfo[]): Draft[] {
  const tables = findItemTables(ctx, headings, true);
  const drafts: Draft[] = [];
  for (const t of tables) {
    const tableIndex = ctx.tables.length;
    ctx.tables.push({ columns: t.columns, span: t.span, html: t.html });
    const titleCol = t.kinds.indexOf('title');
    const disabled = disabledBefore(ctx, t.blockIndex);
    t.rows.forEach((row, ri) => {
      const cells = row.cells.map((cell, ci) => ({
        column: t.columns[ci] ?? '',
        kind: t.kinds[ci] ?? ('other' as FieldKind),
        span: cell.span,
        text: cell.text,
        criteria: ci === t.criteriaColumn,
      }));
      const titleCell = cells[titleCol >= 0 ? titleCol : cells.findIndex((c) => c.kind !== 'id')] ?? cells[0];
      const idCell = cells.find((c) => c.kind === 'id' && c.text !== '');
      drafts.push({
        shape: 'table',
        span: row.span,
        content: row.span,
        titleSpan: titleCell?.span ?? row.span,
        titleText: titleCell ? titleCell.text.replace(/[*_`]|~~/g, '').trim() : '',
        bodyBlocks: [],
        groupPath: t.path,
        groupIndex: t.group,
        tableIndex,
        checked: null,
        struck: false,
        inDoneSection: t.done,
        disabledRules: ri === 0 ? disabled : new Set(),
        cells,
        idFromTitle: idCell ? { id: idCell.text.replace(/[*_`[\]]/g, '').trim(), span: idCell.span } : null,
        bodyStart: row.span.end,
      });
    });
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------- item details

interface FieldLine extends Field {
  readonly lead: string;
}

/** `Key: value` lines in [from, to), outside the skipped spans (code blocks). */
function scanFieldLines(ctx: Context, from: number, to: number, skip: readonly Span[]): FieldLine[] {
  const out: FieldLine[] = [];
  let pos = from;
  const text = ctx.source;
  while (pos < to) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1 || nl > to) nl = to;
    const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (!skip.some((s) => pos >= s.start && pos < s.end)) {
      const line = text.slice(pos, lineEnd);
      const m = line.length < 400 ? FIELD_LINE.exec(line) : null;
      if (m?.groups) {
        const key = m.groups.key.trim();
        const kind = fieldKindOf(key, ctx.aliases);
        const words = key.split(/\s+/).length;
        const bulleted = /[-*+]|\d[.)]/.test(m.groups.lead) || !!m.groups.open;
        let value = m.groups.value;
        const valueOffset = line.length - value.length;
        // Trailing hard breaks (two spaces, backslash) and closing bold are markup, not value.
        value = value.replace(/(?:\\|[ \t]{2,}|<br\s*\/?>)\s*$/i, '').replace(/\s+$/, '');
        const plausible =
          !value.startsWith('//') &&
          !CRITERIA_LABEL.test(normaliseWord(key)) &&
          (kind !== 'other' ? words <= 4 : bulleted && words <= 3 && value.length > 0);
        if (plausible) {
          const vStart = pos + valueOffset;
          const lead = m.groups.lead.length;
          out.push({
            key: key.replace(/[*_]/g, ''),
            kind,
            value: value.replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, '').trim(),
            span: { start: pos + lead - (lead > 0 ? 0 : 0), end: lineEnd },
            valueSpan: { start: vStart, end: vStart + value.length },
            lead: m.groups.lead,
          });
        }
      }
    }
    pos = nl + 1;
  }
  return out;
}

function codeSpans(blocks: readonly Block[]): Span[] {
  const out: Span[] = [];
  const visit = (node: RootContent, base: number) => {
    if (node.type === 'code' || node.type === 'html') out.push(spanOf(node, base));
    const kids = (node as NodeWithChildren).children;
    if (kids) for (const k of kids) visit(k, base);
  };
  for (const b of blocks) visit(b.node, b.base);
  return out;
}

/** Acceptance criteria under a label, or task-list items when there is no label. */
function findCriteria(ctx: Context, d: Draft): { criteria: Criterion[]; labelSpan: Span | null; spans: Span[] } {
  const criteria: Criterion[] = [];
  const spans: Span[] = [];
  let labelSpan: Span | null = null;

  const fromList = (list: List, base: number) => {
    for (const li of list.children) {
      const s = spanOf(li, base);
      const lineEnd = Math.min(lineEndOf(ctx.source, s.start), s.end);
      const first = li.children[0];
      const firstLineEnd = first && first.type === 'paragraph' ? Math.min(endOf(first, base), lineEnd) : lineEnd;
      const raw = ctx.source.slice(s.start, lineEnd);
      const m = /^((?:[-*+]|\d{1,9}[.)])[ \t]+)(?:\[([ xX])\][ \t]*)?/.exec(raw);
      const checkSpan = m && m[2] !== undefined ? { start: s.start + m[1].length + 1, end: s.start + m[1].length + 2 } : null;
      const textStart = s.start + (m ? m[0].length : 0);
      criteria.push({
        text: ctx.source.slice(textStart, firstLineEnd).replace(/[*_`]/g, '').trim(),
        done: li.checked ?? (checkSpan ? /[xX]/.test(ctx.source[checkSpan.start]) : null),
        span: { start: s.start, end: firstLineEnd },
        textSpan: { start: textStart, end: firstLineEnd },
        checkSpan,
      });
      spans.push(s);
    }
  };
  const fromLines = (from: number, to: number) => {
    let pos = from;
    while (pos < to) {
      let nl = ctx.source.indexOf('\n', pos);
      if (nl === -1 || nl > to) nl = to;
      const end = nl > pos && ctx.source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const line = ctx.source.slice(pos, end);
      const m = /^([ \t]*(?:(?:[-*+]|\d{1,3}[.):])[ \t]*)?)(.*\S)/.exec(line);
      if (m && !/^(?:```|~~~)/.test(m[2])) {
        const start = pos + m[1].length;
        criteria.push({ text: m[2].trim(), done: null, span: { start: pos + (line.length - line.trimStart().length), end }, textSpan: { start, end: pos + m[0].length }, checkSpan: null });
      }
      pos = nl + 1;
    }
  };
  const fromCode = (node: RootContent, base: number) => {
    const s = spanOf(node, base);
    const raw = ctx.source.slice(s.start, s.end);
    const fenced = /^[ \t]*(`{3,}|~{3,})/.test(raw);
    const from = fenced ? s.start + raw.indexOf('\n') + 1 : s.start;
    const to = fenced ? s.start + raw.lastIndexOf('\n') : s.end;
    if (to > from) fromLines(from, to);
    spans.push(s);
  };

  // Labelled section: a sub-heading, a bold label paragraph, or a list item holding a nested list.
  const blocks = d.bodyBlocks;
  for (let i = 0; i < blocks.length && !labelSpan; i++) {
    const { node, base } = blocks[i];
    let label = false;
    let inline: { from: number; to: number } | null = null;
    if (node.type === 'heading') label = CRITERIA_LABEL.test(normaliseWord(headingText(node)));
    else if (node.type === 'paragraph') {
      const s = spanOf(node, base);
      const firstLineEnd = lineEndOf(ctx.source, s.start);
      const firstLine = ctx.source.slice(s.start, Math.min(firstLineEnd, s.end));
      const m = /^(?:\*\*|__)?([^*_:\n]{1,40}?)(?:(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?|(?:\*\*|__)[ \t]*$|[ \t]*$)[ \t]*(.*)$/.exec(firstLine);
      if (m && CRITERIA_LABEL.test(normaliseWord(m[1]))) {
        label = true;
        if (m[2].trim() !== '') inline = { from: s.start + firstLine.length - m[2].length, to: s.end };
        else if (s.end > firstLineEnd) inline = { from: firstLineEnd + 1, to: s.end };
        labelSpan = { start: s.start, end: Math.min(firstLineEnd, s.end) };
      }
    } else if (node.type === 'list') {
      for (const li of node.children) {
        const first = li.children[0];
        const nested = li.children.find((c): c is List => c.type === 'list');
        if (first && first.type === 'paragraph' && nested && CRITERIA_LABEL.test(normaliseWord(textOf(first)))) {
          labelSpan = spanOf(first, base);
          fromList(nested, base);
          break;
        }
      }
      continue;
    }
    if (!label) continue;
    labelSpan ??= spanOf(node, base);
    if (inline) fromLines(inline.from, inline.to);
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j].node;
      if (next.type === 'list') fromList(next, blocks[j].base);
      else if (next.type === 'code') fromCode(next, blocks[j].base);
      else if (next.type === 'html' && /^<!--/.test(next.value)) continue;
      else break;
    }
  }
  if (labelSpan) return { criteria, labelSpan, spans };

  // No label: task lists in the item's body are its criteria.
  const visitLists = (node: RootContent, base: number, depth: number) => {
    if (node.type === 'list' && depth > 0 && node.children.some((li) => li.checked !== null && li.checked !== undefined)) {
      fromList(node, base);
      return;
    }
    const kids = (node as NodeWithChildren).children;
    if (kids && node.type !== 'table') for (const k of kids) visitLists(k, base, depth + 1);
  };
  if (d.shape === 'heading') for (const b of blocks) visitLists(b.node, b.base, 1);
  else if (d.shape === 'list') for (const b of blocks.slice(1)) visitLists(b.node, b.base, 1);
  return { criteria, labelSpan: null, spans };
}

function criteriaFromCell(ctx: Context, cell: { span: Span }): Criterion[] {
  const out: Criterion[] = [];
  const text = ctx.source.slice(cell.span.start, cell.span.end);
  const parts = text.split(/<br\s*\/?>/i);
  let at = cell.span.start;
  for (const part of parts) {
    const lead = /^[\s]*(?:(?:[-*+•]|\d{1,3}[.)])[ \t]*)?(?:\[([ xX])\][ \t]*)?/.exec(part)!;
    const body = part.slice(lead[0].length).trimEnd();
    if (body.trim() !== '') {
      const start = at + lead[0].length;
      const checkIdx = lead[1] !== undefined ? at + lead[0].indexOf('[') + 1 : -1;
      out.push({
        text: body.replace(/[*_`]/g, '').trim(),
        done: lead[1] !== undefined ? lead[1] !== ' ' : null,
        span: { start: at + (part.length - part.trimStart().length), end: start + body.length },
        textSpan: { start, end: start + body.length },
        checkSpan: checkIdx >= 0 ? { start: checkIdx, end: checkIdx + 1 } : null,
      });
    }
    at += part.length + (/<br\s*\/?>/i.exec(text.slice(at - cell.span.start + part.length))?.[0].length ?? 0);
  }
  return out;
}

function readNumber(raw: string): number | null {
  const t = raw.replace(/[*_`]/g, '').trim();
  const frac: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1 / 3, '⅔': 2 / 3 };
  const m = /^(\d+)?\s*([½¼¾⅓⅔])/.exec(t);
  if (m) return (m[1] ? Number(m[1]) : 0) + frac[m[2]];
  const f = /^(\d+)\s*\/\s*(\d+)/.exec(t);
  if (f && Number(f[2]) !== 0) return Number(f[1]) / Number(f[2]);
  const n = /^[~≈]?\s*(\d+(?:[.,]\d+)?)/.exec(t);
  return n ? Number(n[1].replace(',', '.')) : null;
}

function readEstimate(raw: string, span: Span): Estimate {
  const value = readNumber(raw);
  const unit = /^[~≈]?\s*[\d.,/½¼¾⅓⅔\s]+([\p{L}]+)/u.exec(raw.replace(/[*_`]/g, ''))?.[1] ?? null;
  return { raw, value, unit, span };
}

function readPriority(raw: string, span: Span, source: Priority['source']): Priority | null {
  const clean = raw.replace(/[*_`]/g, '').trim();
  if (clean === '' || clean === '-') return null;
  const p = /^p(\d+)$/i.exec(clean);
  const value = p ? Number(p[1]) : /^\d+(?:[.,]\d+)?\b/.test(clean) ? readNumber(clean) : null;
  const bucket = value === null ? bucketOf(clean) : null;
  if (value === null && bucket === null) return { raw, value: null, bucket: null, span, source };
  return { raw, value, bucket, span, source };
}

function readDependencies(field: Field): DependencyRef[] {
  const out: DependencyRef[] = [];
  const text = field.value;
  if (/^(?:-|—|none|keine|aucune?|ninguna|nenhuma|nessuna|geen|inga|нет|无|n\/a)$/i.test(text.replace(/[*_`]/g, '').trim())) return out;
  const base = field.valueSpan.start;
  const raw = (globalThis as { __dummy?: never }).__dummy ?? null;
  void raw;
  ID_TOKEN.lastIndex = 0;
  for (let m = ID_TOKEN.exec(text); m; m = ID_TOKEN.exec(text)) {
    out.push({ id: m[0], span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out;
}

function finishItem(ctx: Context, d: Draft, index: number): BacklogItem {
  const skip = codeSpans(d.bodyBlocks);
  const crit = d.shape === 'table' ? { criteria: [] as Criterion[], labelSpan: null, spans: [] as Span[] } : findCriteria(ctx, d);
  const fields: Field[] =
    d.shape === 'table'
      ? (d.cells ?? []).filter((c) => !c.criteria).map((c) => ({ key: c.column, kind: c.kind, value: c.text, span: c.span, valueSpan: c.span }))
      : scanFieldLines(ctx, d.bodyStart, d.span.end, [...skip, ...crit.spans]).map(({ lead: _lead, ...f }) => f);
  let criteria = crit.criteria;
  if (d.shape === 'table') {
    const cell = d.cells?.find((c) => c.criteria);
    if (cell) criteria = criteriaFromCell(ctx, cell);
  }

  const first = <K extends Field['kind']>(kind: K) => fields.find((f) => f.kind === kind && f.value !== '');
  const idField = first('id');
  const id = idField ? idField.value.replace(/[*_`[\]]/g, '').trim() : d.idFromTitle?.id ?? null;
  const idSpan = idField ? idField.valueSpan : d.idFromTitle?.span ?? null;

  let title = d.titleText;
  if (d.idFromTitle && d.shape !== 'table') title = title.replace(ID_AT_START, '').trim();
  if (d.headingNumber) title = title.replace(NUMBER_AT_START, '').trim();
  const titleField = d.shape !== 'table' ? undefined : first('title');
  if (titleField) title = titleField.value.replace(/[*_`]|~~/g, '').trim();
  title = title.replace(/^~~(.*)~~$/, '$1');

  // Priority: field or column, else a number in the heading, else the group's bucket word.
  const pf = first('priority');
  let priority: Priority | null = pf ? readPriority(pf.value, pf.valueSpan, d.shape === 'table' ? 'column' : 'field') : null;
  if (!priority && d.headingNumber) priority = { raw: String(d.headingNumber.value), value: d.headingNumber.value, bucket: null, span: d.headingNumber.span, source: 'heading' };
  if (!priority && d.groupIndex >= 0) {
    const g = ctx.groups[d.groupIndex];
    const word = g.title.replace(/^[\d.]+\s*/, '').replace(/[:：]\s*$/, '');
    const bucket = bucketOf(word);
    if (bucket) priority = { raw: word, value: null, bucket, span: g.span, source: 'group' };
  }

  const ef = first('estimate');
  const estimate = ef ? readEstimate(ef.value, ef.valueSpan) : null;

  let status: Status | null = null;
  const sf = first('status');
  if (sf) status = { raw: sf.value, kind: statusKindOf(sf.value), span: sf.valueSpan, source: d.shape === 'table' ? 'column' : 'field' };
  else if (d.checked !== null) status = { raw: d.checked ? 'x' : ' ', kind: d.checked ? 'done' : 'todo', span: d.titleSpan, source: 'checkbox' };
  else if (d.struck) status = { raw: '~~', kind: 'done', span: d.titleSpan, source: 'strikethrough' };
  else if (d.inDoneSection) status = { raw: 'Done', kind: 'done', span: d.titleSpan, source: 'section' };
  else if (d.shape === 'heading') {
    const m = /[`[(]([^`\])]{2,30})[`\])]\s*$/.exec(d.titleText);
    const kind = m ? statusKindOf(m[1]) : null;
    if (m && kind) {
      status = { raw: m[1], kind, span: d.titleSpan, source: 'heading' };
      title = title.replace(/\s*[—–-]?\s*[`[(][^`\])]{2,30}[`\])]\s*$/, '').trim();
    }
  }

  const deps = fields.filter((f) => f.kind === 'dependsOn').flatMap(readDependencies);

  // Value statement: in the title and body, outside code and criteria; else a `Value:` field.
  let value: ValueStatement | null = null;
  const end = Math.min(d.span.end, d.span.start + 6000);
  const plain = toPlainText(ctx.source, d.span.start, end, [...skip, ...crit.spans].filter((s) => s.start >= d.span.start));
  value = findValueStatement(plain);
  const vf = first('value');
  if (!value && vf) value = { role: null, want: title, benefit: vf.value, language: 'en', span: vf.span };

  return {
    index,
    rank: index + 1,
    shape: d.shape,
    id,
    idSpan,
    title,
    titleSpan: d.titleSpan,
    span: d.span,
    content: d.content,
    trailerEnd: d.span.end,
    groupPath: d.groupPath,
    group: d.groupPath.length > 0 ? d.groupPath[d.groupPath.length - 1] : null,
    groupIndex: d.groupIndex,
    tableIndex: d.tableIndex,
    priority,
    estimate,
    status,
    owner: first('owner')?.value ?? null,
    sprint: first('sprint')?.value ?? null,
    dependsOn: deps,
    value,
    criteria,
    criteriaLabelSpan: crit.labelSpan,
    fields,
    bodyEnd: d.span.end,
    disabledRules: d.disabledRules,
  };
}

// ---------------------------------------------------------------------------------------------- pseudo-items

/** Lines that look like items but are not markdown list items, outside items and code. */
function findPseudoItems(ctx: Context, items: readonly BacklogItem[]): PseudoItem[] {
  const out: PseudoItem[] = [];
  const text = ctx.source;
  const codes: Span[] = [];
  for (const b of ctx.blocks) {
    if (b.node.type === 'code') {
      const s = spanOf(b.node, b.base);
      codes.push(s);
      const body = text.slice(s.start, s.end);
      if (findValueStatement(toPlainText(text, s.start, s.end)) || /^\s*(?:[-*+]\s+)?(?:as an?|als|en tant que|como)\s/im.test(body)) {
        const indented = !/^[ \t]*(`{3,}|~{3,})/.test(body);
        let replacement: string | null = null;
        if (indented) {
          // Dedent by the block's own indentation: the text becomes markdown again.
          const lines = body.split('\n');
          const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
          replacement = lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length))).join('\n');
          if (lineStartOf(text, s.start) < s.start) replacement = replacement.trimStart();
        }
        out.push({ kind: indented ? 'indented-code' : 'code-block', span: s, replacement });
      }
    }
  }
  const inItem = (pos: number) => items.some((it) => pos >= it.span.start && pos < it.span.end);
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const line = text.slice(pos, end);
    if (!codes.some((c) => pos >= c.start && pos < c.end) && !inItem(pos)) {
      let m: RegExpExecArray | null;
      if ((m = /^([ \t]*)-(?=\p{L})(.*)$/u.exec(line))) {
        out.push({ kind: 'dash-without-space', span: { start: pos, end }, replacement: `${m[1]}- ${m[2]}` });
      } else if ((m = /^([ \t]*)[xX][ \t]+-[ \t]+(.*)$/.exec(line))) {
        out.push({ kind: 'prefix-dash', span: { start: pos, end }, replacement: `${m[1]}- [x] ${m[2]}` });
      } else if ((m = /^([ \t]*)[●•◦▪■‣][ \t]*(.*?)(?:<br\s*\/?>)?[ \t]*$/.exec(line))) {
        out.push({ kind: 'unicode-bullet', span: { start: pos, end }, replacement: `${m[1]}- ${m[2]}` });
      } else if ((m = /^([ \t]{0,3})\[([ xX])\][ \t]+(\S.*)$/.exec(line))) {
        out.push({ kind: 'checkbox-without-marker', span: { start: pos, end }, replacement: `${m[1]}- [${m[2]}] ${m[3]}` });
      }
    }
    pos = nl + 1;
  }
  return out;
}
