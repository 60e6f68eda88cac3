// parseBacklog: markdown text → ordered backlog items with exact source spans.
//
// 1. sections.ts parses the text with remark, section by section (cached by section text).
// 2. detectShape picks how items are written: one heading per item, list items, or table rows.
// 3. One builder per shape makes item drafts (title, span, body) and records the groups; finishItem reads fields,
//    the value statement and the acceptance criteria from each draft's source.
// The parser never throws on user content: odd markdown gives fewer items, and pseudo-items say what looked wrong.
//
// Re-analysis after an edit is incremental. Sections are parsed once per text (sections.ts). Everything else that
// costs more than a glance is derived from a text alone and memoised by that text in the SectionCache, with
// offsets relative to the start of the text: an item's details (its own text), a heading's evidence (the text up
// to the next heading), pseudo-item candidates (per section). A parse after a one-item edit recomputes only the
// edited item and shifts the others' offsets.
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
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
import { SectionCache, type Section } from './sections';
import { finishSteps } from './steps';
import { detectEol, lineEndOf, lineStartOf, skipBlankLines, withLoneCrAsLf } from './text';
import { findStem, findValueStatement, type Stem, statementUnderStem, toPlainText } from './value-statement';
import {
  ANNOTATION,
  bucketOf,
  BACKLOG_HEADING,
  bucketOfGroup,
  CRITERIA_LABEL,
  DONE_SECTION,
  isCriteriaLabel,
  NUMBERED_CRITERION,
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
  /**
   * What a number opening a heading item is (`### 7. Title`): its `priority`, its `id`, or `auto` (default): an ID
   * when the text before the first item says the numbers are stable IDs, else a priority.
   */
  readonly headingNumbers?: 'priority' | 'id' | 'auto';
  /** Keep one per document: re-analysis after an edit then re-parses only the edited section. */
  readonly cache?: SectionCache;
}

// `US-12`, `US01`, `US-1.1`, `US-6a`, `INFRA-001`, `B-7`, `M1_01`, `#12`, `us-7` at the start of a title, and the separator
// after it (`US-1.1 | Title`, `US-1. Title`, `US-3 - Title`), also closing markup (`**US-1**: Title`, `` `US-1` ``,
// `~~US-1~~ Title`).
// Every quantifier is bounded (an ID is short): with `[A-Z0-9]*` followed by `\d+`, a heading `## A` and 40,000 digits
// cost seconds of backtracking.
const ID_AT_START =
  /^[ \t]*\[?(#\d{1,9}|[A-Z][A-Z0-9]{0,15}(?:[-_][A-Z0-9]{1,15}){0,3}[-_]?\d{1,9}[a-z]?(?:\.\d{1,9}[a-z]?){0,4}|[A-Z][a-z]?[-_]\d{1,9}[a-z]?(?:\.\d{1,9}){0,4}|[a-z]{1,6}[-_]\d{1,9}[a-z]?(?:\.\d{1,9}){0,4})\]?(?=$|[\s.:|)\-–—,;*_`~\](])[ \t]*(?:[*_`~]{1,3}[ \t]*)?[.:|)\-–—,;]*[ \t]*/;
/** Whether `text` is exactly an item ID as the parser reads one at the start of a title (`US-12`, `#12`, `B-7`, `us-7`). */
export function isItemId(text: string): boolean {
  const m = ID_AT_START.exec(`${text} x`);
  return m !== null && m[1] === text;
}
/**
 * Markup before an ID or title at the start of a list item or cell: checkbox, strikethrough, bold, emphasis, code. Any run
 * of spaces or tabs may come before and after the checkbox: a task item's paragraph starts after the one space that
 * closes the checkbox (`- [x]  **B-1**` gives the paragraph ` **B-1**`).
 */
const LEAD_MARKUP = /^[ \t]*(?:\[[ xX]\][ \t]*)?(?:~~|\*\*|__|[*_`])*/;
/** The text with its leading markup blanked (same length, so offsets stay). */
const blankLeadMarkup = (text: string) => text.replace(LEAD_MARKUP, (m) => ' '.repeat(m.length));
/** Emoji and pictographs decorating the start of a title: `## 📦 RF01 - Manage customers`. One way to match each. */
const LEAD_SYMBOLS = /^[ \t]*(?:[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}][ \t]*)+/u;
const ID_TOKEN =
  /#\d{1,9}|(?<![A-Za-z])[A-Za-z][A-Za-z0-9]{0,15}(?:[-_][A-Za-z0-9]{1,15}){0,3}[-_]?\d{1,9}[a-z]?(?:\.\d{1,9}){0,4}|(?<![\w.-])\d{1,9}(?:\.\d{1,9}){0,4}(?![\w-])/g;
// A number opening a heading item is its priority: `### 2. Title`, `## 3) Title`, `## 7f. Title`, `## 12 - Title`.
const NUMBER_AT_START = /^[ \t]*(\d{1,4})([a-z]?)(?:[.)]|[ \t]*[-–—:|])?[ \t]+(?=\S)/;
const STORY_TITLE = /^(?:user\s+)?stor(?:y|ies)\s*#?\d/i;
export const DISABLE_COMMENT = /^<!--\s*backlog-disable-next-item\b([^>]*?)-->\s*$/;
const FIELD_LINE =
  /^(?<lead>[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?)(?<open>\*\*|__)?(?<key>[^\s:*_`|[\]#>][^:*_`|\n[\]]{0,38}?)(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(?<value>.*)$/;
// A state at the end of a heading: `### 2. Title — \`NEEDS DECISION\``, `## Login [In progress]`, with an optional
// remark after it (`— \`READY\` (mechanical)`, `— \`READY\`, **after cutover**`). Read by headingState.
/** A state at the end of a heading line: `code` for `— \`STATE\``, not for `[State]`; `rawStart` is its offset. */
interface HeadingState {
  readonly raw: string;
  readonly rawStart: number;
  readonly code: boolean;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isDash = (c: string | undefined) => c === '—' || c === '–' || c === '-';

/**
 * The state at the end of a heading line, by hand: the pattern this replaces backtracked quadratically over runs of
 * spaces and dashes (4 s for a 40 KB heading). The leftmost of the two forms wins, as the pattern's did:
 * `[ \t]+[—–-]+[ \t]*\`(2–30 chars)\`` followed by nothing or a remark that starts with a dash, comma or
 * parenthesis; or `[ \t]*[[(](2–30 chars)[\])][ \t]*` at the end of the line.
 */
function headingState(line: string): HeadingState | null {
  let code: (HeadingState & { index: number }) | null = null;
  for (let o = line.indexOf('`'); o !== -1 && !code; o = line.indexOf('`', o + 1)) {
    const c = line.indexOf('`', o + 1);
    if (c === -1) break;
    const length = c - o - 1;
    if (length < 2 || length > 30) continue;
    let after = c + 1;
    while (isBlank(line[after])) after++;
    if (!(c + 1 === line.length || isDash(line[after]) || line[after] === ',' || line[after] === '(')) continue;
    let d = o;
    while (d > 0 && isBlank(line[d - 1])) d--;
    let e = d;
    while (e > 0 && isDash(line[e - 1])) e--;
    if (e === d || e === 0 || !isBlank(line[e - 1])) continue;
    let start = e - 1;
    while (start > 0 && isBlank(line[start - 1])) start--;
    code = { raw: line.slice(o + 1, c), rawStart: o + 1, code: true, index: start };
  }
  let bracket: (HeadingState & { index: number }) | null = null;
  let end = line.length;
  while (end > 0 && isBlank(line[end - 1])) end--;
  const close = line[end - 1];
  if (close === ']' || close === ')') {
    // The opener: the first `[` or `(` after the last `]` or `)` before the closer, 2 to 30 characters before it.
    let from = end - 2;
    while (from >= 0 && line[from] !== ']' && line[from] !== ')') from--;
    for (let p = Math.max(from + 1, end - 32); p <= end - 4; p++) {
      if (line[p] !== '[' && line[p] !== '(') continue;
      let start = p;
      while (start > 0 && isBlank(line[start - 1])) start--;
      bracket = { raw: line.slice(p + 1, end - 1), rawStart: p + 1, code: false, index: start };
      break;
    }
  }
  const found = code && (!bracket || code.index <= bracket.index) ? code : bracket;
  return found && { raw: found.raw, rawStart: found.rawStart, code: found.code };
}

/** The title without its state: `Title — READY (note)` → `Title`, `Login [In progress]` → `Login`. */
function withoutHeadingState(title: string, state: HeadingState): string {
  if (state.code) {
    for (let q = title.indexOf(state.raw); q !== -1; q = title.indexOf(state.raw, q + 1)) {
      let d = q;
      while (d > 0 && /\s/.test(title[d - 1])) d--;
      let e = d;
      while (e > 0 && isDash(title[e - 1])) e--;
      if (e === d) continue;
      while (e > 0 && /\s/.test(title[e - 1])) e--;
      return title.slice(0, e);
    }
    return title;
  }
  let end = title.length;
  while (end > 0 && /\s/.test(title[end - 1])) end--;
  if (title[end - 1] !== ']' && title[end - 1] !== ')') return title;
  let from = end - 2;
  while (from >= 0 && title[from] !== ']' && title[from] !== ')') from--;
  for (let p = from + 1; p < end - 1; p++) {
    if (title[p] !== '[' && title[p] !== '(') continue;
    while (p > 0 && /\s/.test(title[p - 1])) p--;
    return title.slice(0, p);
  }
  return title;
}

/** A heading line without its closing `#`s (`## Title ##` → `## Title`), by hand (the pattern was quadratic). */
function stripClosingHashes(line: string): string {
  let end = line.length;
  while (end > 0 && isBlank(line[end - 1])) end--;
  let h = end;
  while (h > 0 && line[h - 1] === '#') h--;
  if (h === end || h === 0 || !isBlank(line[h - 1])) return line;
  while (h > 0 && isBlank(line[h - 1])) h--;
  return line.slice(0, h);
}

// A row whose ID names an epic, in a table that mixes epics and their stories.
const EPIC_ID = /^(?:EP|EPIC|EPC|E)[-_ ]?\d/i;

type NodeWithChildren = RootContent & { children?: RootContent[] };
type AnyNode = RootContent | ListItem | TableRow | Root;

/** A top-level markdown node and the offset of the text its positions count from. */
/** @internal */
export interface Block {
  readonly node: RootContent;
  /** Add to the node's (and its children's) `position.*.offset` to get offsets into the parsed text. */
  readonly base: number;
}

const startOf = (node: { position?: { start: { offset?: number } } }, base: number) => (node.position?.start.offset ?? 0) + base;
const endOf = (node: { position?: { end: { offset?: number } } }, base: number) => (node.position?.end.offset ?? 0) + base;
const spanOf = (node: AnyNode, base: number): Span => ({ start: startOf(node, base), end: endOf(node, base) });

/**
 * The text of a node and its descendants, as mdast-util-to-string gives it without HTML, but with a loop and a
 * stack of our own: that function recurses once per level, and 8,000 nested `>` or emphasis overflowed the stack.
 */
export function plainTextOf(node: object): string {
  const out: string[] = [];
  const stack: object[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as { type?: string; value?: unknown; alt?: unknown; children?: object[] };
    if (!n || typeof n !== 'object') continue;
    if ('value' in n) {
      if (n.type !== 'html' && typeof n.value === 'string') out.push(n.value);
    } else if (typeof n.alt === 'string' && n.alt) out.push(n.alt);
    else if (Array.isArray(n.children)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.join('');
}

const textMemo = new WeakMap<object, string>();
/** Text of a node without markup, whitespace collapsed. Memoised per node (nodes live as long as their section). */
function textOf(node: object): string {
  let t = textMemo.get(node);
  if (t === undefined) {
    t = plainTextOf(node).replace(/\s+/g, ' ').trim();
    textMemo.set(node, t);
  }
  return t;
}

/** The first line of a paragraph as text: up to a soft or hard line break. */
function firstLineText(p: Paragraph): string {
  let out = '';
  for (const child of p.children as PhrasingContent[]) {
    if (child.type === 'break') break;
    const t = plainTextOf(child);
    const nl = t.indexOf('\n');
    if (nl >= 0) {
      out += t.slice(0, nl);
      break;
    }
    out += t;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Removes emphasis, code and strike markup from raw text; an underscore or star inside a word is text. */
function stripMarkup(text: string): string {
  return text
    .replace(/~~|`/g, '')
    .replace(/(^|[^\p{L}\p{N}*_])[*_]+|[*_]+(?=$|[^\p{L}\p{N}])/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** ASCII punctuation: what a backslash escapes in CommonMark (`\\*` is a literal `*`). */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

/**
 * Source text as a reader sees it: markup removed (stripMarkup) and backslash escapes resolved (`a\\_b` → `a_b`). In
 * a table cell `\\|` is a literal `|` even inside code (GFM); elsewhere a backslash inside a code span stays.
 */
function sourceText(raw: string, cell = false): string {
  if (!raw.includes('\\') || raw.includes('\uE000')) return stripMarkup(raw);
  // Escaped characters become a private-use placeholder while the markup is stripped, so that an escaped `*` or `_`
  // is not taken for emphasis, then come back.
  const kept: string[] = [];
  let out = '';
  let code = 0; // the length of the backtick run that opened a code span, 0 outside one
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '`') {
      let j = i;
      while (raw[j] === '`') j++;
      if (code === 0) code = j - i;
      else if (code === j - i) code = 0;
      out += raw.slice(i, j);
      i = j - 1;
    } else if (c === '\\' && i + 1 < raw.length && ESCAPABLE.test(raw[i + 1]) && (code === 0 || (cell && raw[i + 1] === '|'))) {
      kept.push(raw[i + 1]);
      out += '\uE000';
      i++;
    } else out += c;
  }
  let k = 0;
  return stripMarkup(out).replace(/\uE000/g, () => kept[k++] ?? '');
}

/** Backslash escapes resolved, nothing else (`Jane\\_Doe` → `Jane_Doe`): a field line's value as a reader sees it. */
const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** An ID as written, without the markup around it (`**US-1**`, `[US-1]`); `M1_01` keeps its underscore. */
const cleanId = (raw: string) => stripMarkup(raw).replace(/^\[|\]$/g, '').trim();

/**
 * Whether a backlog's preamble says that the numbers of its items are IDs, not an order: "Item numbers are stable,
 * not sequential", "closed items are deleted without renumbering", "Die Nummern sind stabil", "sans renuméroter".
 */
export function numbersAreIdsIn(preamble: string): boolean {
  const t = preamble.replace(/[*_`]/g, '');
  return (
    /(?<![\p{L}])(?:numbers?|numbering|ids?)\s+(?:are|is|stay|remain)\s+(?:stable|permanent|fixed|ids?|identifiers?|not\s+(?:sequential|priorities|an?\s+(?:order|priority|rank)))(?![\p{L}])/iu.test(t) ||
    /(?<![\p{L}])(?:without|no|never)\s+(?:re-?numbering|being\s+re-?numbered)|(?:not|never)\s+re-?numbered(?![\p{L}])/iu.test(t) ||
    /(?<![\p{L}])(?:nummern\s+(?:sind|bleiben)\s+(?:stabil|fest|ids?)|(?:nicht|nie)\s+neu\s+nummeriert|ohne\s+neu\s+zu\s+nummerieren)/iu.test(t) ||
    /(?<![\p{L}])(?:num[ée]ros?\s+(?:sont|restent)\s+(?:stables|fixes|des\s+identifiants)|sans\s+(?:les\s+)?renum[ée]rot)/iu.test(t) ||
    /(?<![\p{L}])(?:n[úu]meros?\s+(?:son|s[ãa]o)\s+(?:estables|est[áa]veis|fijos|fixos|identificadores)|s(?:in|em)\s+renumerar)/iu.test(t)
  );
}

/**
 * Per document (its cache): the numbers opening heading items are IDs, as the last full parse decided from the
 * settings and the preamble. A re-read of one item after an edit inside it (incremental.ts) cannot change the
 * preamble, so it reads the same decision from here.
 */
const numberIdsByCache = new WeakMap<SectionCache, boolean>();

/** Parses backlog markdown. Never throws on user content. */
export function parseBacklog(text: string, options: ParseOptions = {}): Backlog {
  return readBacklog(text, options).backlog;
}

/** What the options change about reading, as a string (equal strings: the same reading). */
export function optionsKeyOf(options: ParseOptions): string {
  return `${options.shape ?? 'auto'}\0${options.itemDepth ?? ''}\0${options.headingNumbers ?? 'auto'}\0${aliasesOf(options).key}`;
}

function aliasesOf(options: ParseOptions): { map: Map<string, FieldKind>; key: string } {
  const entries = Object.entries(options.fieldAliases ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const);
  return { map: new Map<string, FieldKind>(entries), key: entries.map(([k, v]) => `${k}=${v}`).sort().join(';') };
}

/**
 * @internal The full parse and what it decided on the way: the incremental layer (incremental.ts) keeps this to
 * re-read one item after an edit. The full parse itself knows nothing of that layer.
 */
export interface FullParse {
  readonly backlog: Backlog;
  readonly ctx: Context;
  /** Where the units start: after the BOM and the front matter. */
  readonly from: number;
  readonly headings: readonly HeadingInfo[];
  /** What decided the shape: `prose` also reads list items and tables. */
  readonly shapeBy: 'forced' | 'evidence' | 'prose' | 'other';
  readonly drafts: readonly Draft[];
  /** Group order after sorting: old index → new. */
  readonly groupOrder: Int32Array;
  /** Non-backlog sections (no pseudo-items there). */
  readonly excluded: readonly Span[];
}

/** @internal The full parse (every stage over every unit; units and derived values come from the cache). */
export function readBacklog(text: string, options: ParseOptions = {}): FullParse {
  return finishSteps(readBacklogSteps(text, options));
}

/** How many items readBacklogSteps reads between two pauses (one item costs well under a millisecond). */
const ITEMS_PER_STEP = 16;

/**
 * @internal readBacklog in steps (steps.ts): it pauses after each unit it parses and every few items it reads, so a
 * cold parse can be spread over several turns of an event loop. readBacklog runs it to the end.
 */
export function* readBacklogSteps(text: string, options: ParseOptions = {}): Generator<void, FullParse> {
  // Lone `\r` line breaks read as `\n` (same offsets): Backlog.source is this view, so every line-based reader and
  // planner after the parse treats `\r`, `\n` and `\r\n` alike. Writers restore the file's breaks (restoreLoneCr).
  const source = withLoneCrAsLf(text);
  const cache = options.cache ?? new SectionCache();
  const aliases = aliasesOf(options);
  const eol = detectEol(source);
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fm = readFrontMatter(source, bom);
  const from = fm ? fm.span.end : bom;
  const sections = yield* cache.parseSectionsSteps(source, from);
  yield;
  const ctx: Context = {
    source,
    sections,
    blocks: blocksOf(sections),
    aliases: aliases.map,
    aliasKey: aliases.key,
    eol,
    groups: [],
    tables: [],
    cache,
    walks: new Map(),
  };

  const headings = collectHeadings(ctx);
  markTitleAbove(headings);
  yield;
  // Large pipe tables are read in steps first (detectShape and the builders then find them memoised).
  for (const block of ctx.blocks) if (block.node.type === 'table' && block.node.children.length > TABLE_ROWS_PER_STEP) yield* tablesOfBlockSteps(ctx, block);
  const detected = yield* detectShape(ctx, headings, options);
  yield;
  let drafts: Draft[] = [];
  if (detected.shape === 'heading') drafts = buildHeadingItems(ctx, headings, detected.depth);
  else if (detected.shape === 'list') drafts = yield* buildListItems(ctx, headings);
  else if (detected.shape === 'table') drafts = buildTableItems(ctx, headings);
  yield;
  const groupOrder = sortGroups(ctx);
  if (detected.shape === 'heading' && drafts.length > 0) {
    const says = options.headingNumbers === 'id' || (options.headingNumbers !== 'priority' && numbersAreIdsIn(source.slice(from, Math.min(drafts[0].span.start, from + 20_000))));
    numberIdsByCache.set(cache, says);
  } else {
    numberIdsByCache.delete(cache);
  }

  const items: BacklogItem[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    const next = drafts[i + 1];
    const limit = next && next.span.start >= d.span.end ? next.span.start : source.length;
    items.push(finishItem(ctx, d, i, groupOrder, skipBlankLines(source, d.span.end, limit)));
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  yield;

  const excluded = excludedSpans(ctx, headings);
  const pseudoItems = yield* findPseudoItems(ctx, excluded);
  cache.prune();
  const backlog: Backlog = {
    source,
    shape: detected.shape,
    itemDepth: detected.shape === 'heading' ? detected.depth : 0,
    items,
    groups: ctx.groups,
    tables: ctx.tables,
    pseudoItems,
    eol,
    frontMatter: fm?.span ?? null,
    frontMatterSettings: fm?.settings ?? null,
  };
  return { backlog, ctx, from, headings, shapeBy: detected.by ?? 'other', drafts, groupOrder, excluded };
}

/** @internal Shared with incremental.ts. */
export interface Context {
  readonly source: string;
  readonly sections: readonly Section[];
  readonly blocks: readonly Block[];
  readonly aliases: ReadonlyMap<string, FieldKind>;
  /** The aliases as a string, part of every memo key (they change how fields are read). */
  readonly aliasKey: string;
  readonly eol: '\n' | '\r\n';
  groups: Group[];
  readonly tables: ItemTable[];
  readonly cache: SectionCache;
  /** walk() results by maximum group depth. */
  readonly walks: Map<number, Walk>;
}

/** @internal */
export interface Draft {
  readonly shape: ItemShape;
  span: Span;
  content: Span;
  readonly titleSpan: Span;
  readonly titleText: string;
  /** Where fields, statement and criteria are looked for (may include the title line). */
  readonly bodyBlocks: Block[];
  readonly groupPath: readonly string[];
  readonly groupIndex: number;
  readonly tableIndex: number;
  readonly checked: boolean | null;
  readonly struck: boolean;
  readonly inDoneSection: boolean;
  readonly disabledRules: ReadonlySet<string>;
  /** Table rows: cells by column kind. */
  readonly cells?: readonly Cell[];
  /** Headings: a number at the start of the title is the priority. */
  readonly headingNumber?: { value: number; raw: string; span: Span };
  readonly idFromTitle: { id: string; span: Span } | null;
  /** Where field lines may be (after the title line). */
  readonly bodyStart: number;
  /** The role factored out into a line above the list or table (`A user should be able to ...`). */
  readonly stem: Stem | null;
  /** Extra memo-key material: what the builder decided from context that the item's text does not show. */
  readonly sig: string;
  /** Table rows: how the table's header reads. */
  readonly table?: TableLayout;
}

interface Cell {
  readonly column: string;
  readonly kind: FieldKind;
  readonly span: Span;
  readonly text: string;
  readonly criteria: boolean;
}

// ---------------------------------------------------------------------------------------------- front matter

/** YAML front matter at the top of a backlog: its span, the `backlog:` key, and why the settings were not read. */
export interface FrontMatter {
  readonly span: Span;
  readonly settings: unknown;
  /** One sentence when the settings could not be read (null for invalid YAML: the user's business, as before). */
  readonly error: string | null;
}

/** Deeper YAML than this is not read: the YAML parser recurses once per level (5,000 `[` aborted the process). */
export const MAX_FRONT_MATTER_DEPTH = 100;

let lastFrontMatter: { text: string; from: number; result: FrontMatter | null } | null = null;

/**
 * The front matter: `---` on the first line (after a BOM) and a line that is exactly `---` or `...` (trailing
 * spaces allowed) that ends it; `title: wait...` does not. Lines end at `\n`, `\r\n` or a lone `\r`. A scan by
 * hand, in one pass. The last result is kept: analyzeBacklog and parseBacklog both ask for it, and as the user types
 * below the front matter it does not change.
 */
export function readFrontMatter(source: string, from: number): FrontMatter | null {
  if (!source.startsWith('---', from)) return null;
  const first = lineAt(source, from);
  if (source.slice(from + 3, first.end).replace(/[ \t]+$/, '') !== '' || first.next === first.end) return null;
  let pos = first.next;
  while (pos < source.length) {
    const line = lineAt(source, pos);
    const c = source[pos];
    if ((c === '-' || c === '.') && isFence(source, pos, line.end)) {
      const body = source.slice(first.next, pos);
      const end = line.next;
      const memo = lastFrontMatter;
      if (memo && memo.from === from && memo.result && memo.result.span.end === end && memo.text === body) return memo.result;
      const result = { span: { start: from, end }, ...frontMatterSettings(body) };
      lastFrontMatter = { text: body, from, result };
      return result;
    }
    pos = line.next;
  }
  return null;
}

/** The line starting at `pos`: where its text ends and where the next line starts. */
function lineAt(text: string, pos: number): { end: number; next: number } {
  let i = pos;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return { end: i, next: i >= text.length ? i : text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1 };
}

/** Whether [pos, end) is `---` or `...` with nothing after it but spaces and tabs. */
function isFence(text: string, pos: number, end: number): boolean {
  const c = text[pos];
  if (end - pos < 3 || text[pos + 1] !== c || text[pos + 2] !== c) return false;
  for (let i = pos + 3; i < end; i++) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return true;
}

function frontMatterSettings(yaml: string): { settings: unknown; error: string | null } {
  if (yamlDepth(yaml) > MAX_FRONT_MATTER_DEPTH) {
    return { settings: null, error: `front matter: nested more than ${MAX_FRONT_MATTER_DEPTH} levels deep; its settings are ignored` };
  }
  try {
    const data = parseYaml(yaml) as unknown;
    if (data && typeof data === 'object' && 'backlog' in data) return { settings: (data as { backlog: unknown }).backlog, error: null };
  } catch {
    // Invalid YAML is the user's business; the markdown still parses.
  }
  return { settings: null, error: null };
}

/**
 * An upper bound of how deep YAML nests, without parsing it: per line, the indentation, the `- `, `? ` and `: `
 * indicators, and the open `[`/`{` (outside quotes) so far. Linear.
 */
function yamlDepth(yaml: string): number {
  let flow = 0;
  let max = 0;
  let pos = 0;
  while (pos < yaml.length) {
    const line = lineAt(yaml, pos);
    let i = pos;
    while (i < line.end && (yaml[i] === ' ' || yaml[i] === '\t')) i++;
    let depth = i - pos + flow;
    let quote: string | null = null;
    for (; i < line.end; i++) {
      const c = yaml[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === pos || yaml[i - 1] === ' ')) break;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if ((c === '-' || c === '?' || c === ':') && (yaml[i + 1] === ' ' || i + 1 === line.end)) depth++;
      max = Math.max(max, depth + flow);
    }
    max = Math.max(max, depth);
    pos = line.next;
  }
  return max;
}

// ---------------------------------------------------------------------------------------------- blocks & headings

const demoted = new WeakMap<object, RootContent>();

/**
 * The top-level blocks of all units, as a parse of the whole text would give them: the pieces of a list or a table
 * that the unit split cut apart (sections.ts) are joined into one node again, whose children keep the bases of their
 * units (see `childBase`). A setext heading over several lines is a paragraph someone underlined by accident
 * (`[ ] TBD` followed by `---`), not a heading: it is passed on as a paragraph.
 */
export function blocksOf(sections: readonly Section[]): Block[] {
  const out: Block[] = [];
  // The node being joined (created here, so it may be extended in place) and its children's bases.
  let joined: { node: List | Table; deltas: number[]; marker: string } | null = null;
  for (const s of sections) {
    const blocks = unitBlocks(s);
    let i = 0;
    const first = blocks[0];
    const last = out[out.length - 1];
    if (first && last && (s.kind === 'list' || s.kind === 'row')) {
      const marker = s.kind === 'list' && first.node.type === 'list' ? listMarker(s, first.node) : '';
      const fits =
        s.kind === 'list'
          ? first.node.type === 'list' && last.node.type === 'list' && last.node.ordered === first.node.ordered && (joined?.node === last.node ? joined.marker : listMarkerOf.get(last.node)) === marker
          : first.node.type === 'table' && last.node.type === 'table';
      if (fits) {
        if (joined?.node !== last.node) {
          const lastNode = last.node as List | Table;
          const node = { ...lastNode, children: [...lastNode.children], position: lastNode.position && { start: lastNode.position.start, end: lastNode.position.end } } as List | Table;
          const deltas = lastNode.children.map((_c, k) => childBase(lastNode, k, 0));
          joined = { node, deltas, marker };
          out[out.length - 1] = { node, base: last.base };
          joinedDeltas.set(node, deltas);
        }
        // A row's unit parsed the table's header in front of it: its first row is that header.
        const add = s.kind === 'row' ? (first.node as Table).children.slice(1) : (first.node as List).children;
        const children = joined.node.children as RootContent[];
        for (const c of add) {
          children.push(c as RootContent);
          joined.deltas.push(first.base - last.base);
        }
        const end = add[add.length - 1]?.position?.end;
        if (end && joined.node.position) joined.node.position.end = { ...end, offset: (end.offset ?? 0) + first.base - last.base };
        if (joined.node.type === 'list' && (first.node as List).spread) joined.node.spread = true;
        i = 1;
      }
    }
    if (i < blocks.length) joined = null;
    for (; i < blocks.length; i++) out.push(blocks[i]);
  }
  return out;
}

/** The blocks of one unit, reused while the unit keeps its offset (no allocation per keystroke before an edit). */
function unitBlocks(s: Section): readonly Block[] {
  const kept = sectionBlocks.get(s.tree);
  if (kept && kept.base === s.base) return kept.blocks;
  const blocks: Block[] = [];
  for (const node of s.tree.children) {
    if (node.type === 'heading' && node.position && node.position.end.line - node.position.start.line > 1) {
      let p = demoted.get(node);
      if (!p) {
        p = { type: 'paragraph', children: node.children, position: node.position } as Paragraph;
        demoted.set(node, p);
      }
      blocks.push({ node: p, base: s.base });
    } else {
      if (node.type === 'list') listMarker(s, node);
      blocks.push({ node, base: s.base });
    }
  }
  sectionBlocks.set(s.tree, { base: s.base, blocks });
  return blocks;
}

const sectionBlocks = new WeakMap<Root, { readonly base: number; readonly blocks: readonly Block[] }>();

/** Bases of the children of a joined list or table, relative to the node's own base. */
const joinedDeltas = new WeakMap<object, readonly number[]>();

/**
 * The base of child `i` of `parent`, where `base` is the parent's: the same, except in a list or table that
 * blocksOf joined from several units (each child counts its offsets from its own unit).
 */
export function childBase(parent: object, i: number, base: number): number {
  const deltas = joinedDeltas.get(parent);
  return deltas ? base + deltas[i] : base;
}

const listMarkerOf = new WeakMap<object, string>();

/** A list's marker kind (`-`, `*`, `+`, `.` or `)`): lists with different markers are different lists. */
export function listMarker(s: Section, list: List): string {
  let m = listMarkerOf.get(list);
  if (m === undefined) {
    const at = list.position?.start.offset ?? 0;
    const found = /^(?:([-*+])|\d{1,9}([.)]))/.exec(s.entry.text.slice(at, at + 12));
    m = found ? found[1] ?? found[2] : '';
    listMarkerOf.set(list, m);
  }
  return m;
}

/** @internal */
export interface HeadingInfo {
  readonly node: Heading;
  readonly base: number;
  readonly blockIndex: number;
  readonly depth: number;
  readonly text: string;
  readonly span: Span;
  /** The lone H1 at the top: the document's title, not a group. */
  readonly title: boolean;
  readonly nonBacklog: boolean;
  /** Index of the next heading that ends this heading's own text (deeper criteria sub-headings are skipped). */
  ownEnd: number;
}

/** What a heading's text says, memoised per node (nodes live as long as their section). */
const headingWords = new WeakMap<Heading, { readonly text: string; readonly nonBacklog: boolean; readonly criteriaLabel: boolean }>();

export function collectHeadings(ctx: Context): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  const criteriaLabel: boolean[] = [];
  ctx.blocks.forEach((b, blockIndex) => {
    if (b.node.type !== 'heading') return;
    let words = headingWords.get(b.node);
    if (!words) {
      const text = textOf(b.node);
      words = { text, nonBacklog: isNonBacklogSection(text), criteriaLabel: isCriteriaLabel(normaliseWord(text)) };
      headingWords.set(b.node, words);
    }
    criteriaLabel.push(words.criteriaLabel);
    out.push({
      node: b.node,
      base: b.base,
      blockIndex,
      depth: b.node.depth,
      text: words.text,
      span: spanOf(b.node, b.base),
      title: false,
      nonBacklog: words.nonBacklog,
      ownEnd: 0,
    });
  });
  const h1s = out.filter((h) => h.depth === 1);
  if (h1s.length === 1 && out[0] === h1s[0]) (out[0] as { title: boolean }).title = true;
  for (let i = 0; i < out.length; i++) {
    let j = i + 1;
    while (j < out.length && out[j].depth > out[i].depth && criteriaLabel[j]) j++;
    out[i].ownEnd = j;
  }
  return out;
}

/**
 * A heading above everything that is deeper than the headings after it, and alone at its depth (a course code such
 * as `#### CS6733 - Software Engineering` over `## Backlog`), is the document's title, not an item that would hold
 * the whole file.
 */
function markTitleAbove(headings: HeadingInfo[]): void {
  const top = headings[0];
  if (!top || top.title || headings.length < 2) return;
  let shallower = false;
  for (let i = 1; i < headings.length; i++) {
    if (headings[i].depth === top.depth) return;
    if (headings[i].depth < top.depth) shallower = true;
  }
  if (shallower) (top as { title: boolean }).title = true;
}

/** A heading's own text: [start of the heading, next heading that is not one of its criteria sub-headings). */
function ownRange(ctx: Context, headings: readonly HeadingInfo[], i: number): { start: number; end: number } {
  const next = headings[headings[i].ownEnd];
  return { start: headings[i].span.start, end: next ? next.span.start : ctx.source.length };
}

/** The blocks of a heading's own text, after the heading. */
function ownBlocks(ctx: Context, headings: readonly HeadingInfo[], i: number): readonly Block[] {
  const next = headings[headings[i].ownEnd];
  return ctx.blocks.slice(headings[i].blockIndex + 1, next ? next.blockIndex : ctx.blocks.length);
}

/** A text-local context: `source` is one slice of the document, block bases are shifted to it. */
function localContext(ctx: Context, start: number, end: number, blocks: readonly Block[]): Context {
  return {
    ...ctx,
    source: ctx.source.slice(start, end),
    sections: [],
    blocks: blocks.map((b) => ({ node: b.node, base: b.base - start })),
    groups: [],
    tables: [],
    walks: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------- shape detection

export interface HeadingEvidence {
  /** The heading looks like one item (ID, statement, criteria, fields, state...). */
  readonly item: boolean;
  /** It has content of its own (paragraphs, lists, quotes, tables), not just code. */
  readonly bodied: boolean;
  /** Its own content is prose rather than a list of things. */
  readonly prose: boolean;
}

export function evidenceOf(ctx: Context, headings: readonly HeadingInfo[], i: number): HeadingEvidence {
  const own = ownRange(ctx, headings, i);
  const h = headings[i];
  return ctx.cache.deriveSpan(ctx.sections, `hev\0${ctx.aliasKey}`, own.start, own.end, () => {
    const lctx = localContext(ctx, own.start, own.end, ownBlocks(ctx, headings, i));
    return headingEvidenceLocal(lctx, h.node, h.text, startOf(h.node, h.base) - own.start, endOf(h.node, h.base) - own.start);
  });
}

function headingEvidenceLocal(ctx: Context, node: Heading, title: string, hStart: number, hEnd: number): HeadingEvidence {
  let bodied = false;
  let paragraphs = 0;
  let bigLists = 0;
  for (const b of ctx.blocks) {
    const t = b.node.type;
    if (t === 'paragraph' || t === 'blockquote' || t === 'table') bodied = true;
    if (t === 'list') {
      bodied = true;
      if (b.node.children.length >= 2) bigLists++;
    }
    if (t === 'paragraph' || (b.node.type === 'blockquote' && b.node.children.some((c) => c.type === 'paragraph'))) paragraphs++;
  }
  const prose = bodied && paragraphs > 0 && (bigLists === 0 || paragraphs >= 2);
  const result = (item: boolean): HeadingEvidence => ({ item, bodied, prose });

  const idm = ID_AT_START.exec(title.replace(LEAD_SYMBOLS, ''));
  // One letter and a number (`## S1`, `## R2 Spring release`) may name a sprint or a release: decided below by what
  // the heading holds.
  const letterId = idm !== null && /^[A-Za-z]\d{1,3}$/.test(idm[1]);
  if ((idm && !letterId) || STORY_TITLE.test(title)) return result(true);
  if (findValueStatement(toPlainText(title, 0, title.length))) return result(true);
  for (const b of ctx.blocks) if (b.node.type === 'heading' && isCriteriaLabel(normaliseWord(textOf(b.node)))) return result(true);

  // List items that are items themselves (a statement or an ID each): the heading groups them.
  let itemLike = 0;
  let statement = false;
  const lists: { list: List; base: number }[] = [];
  for (const b of ctx.blocks) {
    if (b.node.type === 'list') lists.push({ list: b.node, base: b.base });
    const paragraphs = b.node.type === 'paragraph' ? [b.node] : b.node.type === 'blockquote' ? b.node.children.filter((c) => c.type === 'paragraph') : [];
    for (const p of paragraphs) {
      const s = spanOf(p, b.base);
      if (!statement && findValueStatement(toPlainText(ctx.source, s.start, Math.min(s.end, s.start + 3000)))) statement = true;
    }
    if (b.node.type === 'blockquote') for (const c of b.node.children) if (c.type === 'list') lists.push({ list: c, base: b.base });
  }
  let tasks = 0;
  const storySpans: Span[] = [];
  for (const { list, base } of lists) {
    list.children.forEach((li, i) => {
      const lb = childBase(list, i, base);
      // A bullet that is a story by its own text, or by its details (a statement bullet and fields under it).
      if (listItemEvidence(ctx, li, lb, false) > 0 || (li.children.some((c) => c.type === 'list') && parentReading(ctx, li, lb) === 'item')) {
        itemLike++;
        storySpans.push(spanOf(li, lb));
      }
      else if (li.checked === true || li.checked === false) tasks++;
    });
  }
  if (itemLike >= 2 && !(letterId && statement)) return result(false);
  // `## S1` over tasks or stories is a sprint; with a statement of its own it is an item.
  if (letterId && itemLike + tasks > 0 && !statement) return result(false);
  if (statement || letterId) return result(true);

  const state = headingState(stripClosingHashes(ctx.source.slice(hStart, lineEndOf(ctx.source, hStart))));
  if (state && (state.code ? /^[\p{Lu}\d\s_-]+$/u.test(state.raw) || statusKindOf(state.raw) : statusKindOf(state.raw))) return result(true);

  const bodyStart = lineEndOf(ctx.source, hEnd);
  // Lines inside code blocks (stories pasted as indented code) are not evidence: they are pseudo-items.
  const code = codeSpans(ctx.blocks);
  let lineAt = bodyStart;
  for (const line of ctx.source.slice(bodyStart, Math.min(ctx.source.length, bodyStart + 4000)).split('\n')) {
    const inCode = code.some((c) => lineAt >= c.start && lineAt < c.end);
    lineAt += line.length + 1;
    if (!inCode && isCriteriaLabel(normaliseWord(line.replace(/^[\s>*+-]+/, '').replace(/[:：]\s*$/, '')))) return result(true);
  }
  // Field lines make an item, unless the heading holds a list of other things (then it groups list items that
  // carry their own fields).
  // Field lines inside story bullets are those stories' fields, not the heading's.
  const known = scanFieldLines(ctx, bodyStart, ctx.source.length, [...code, ...storySpans]).filter(
    (f) => f.kind === 'priority' || f.kind === 'estimate' || f.kind === 'status' || f.kind === 'dependsOn' || f.kind === 'id' || f.kind === 'value',
  );
  if (known.length === 0) {
    // A key/value table of known fields under the heading (`| Priority | Essential |`) makes it an item too.
    for (const b of ctx.blocks) if (b.node.type === 'table' && keyValueRows(ctx, b.node, b.base)?.some((r) => META_KINDS.has(r.kind))) return result(true);
    return result(false);
  }
  let otherListItems = 0;
  for (const { list, base } of lists) {
    for (let i = 0; i < list.children.length; i++) {
      const s = startOf(list.children[i], childBase(list, i, base));
      if (!known.some((f) => f.span.start >= s && f.span.start <= lineEndOf(ctx.source, s))) otherListItems++;
    }
  }
  void node;
  return result(otherListItems < 2);
}

/** `by`: what decided a heading shape (`prose` also reads list items and tables, which any edit may change). */
function* detectShape(
  ctx: Context,
  headings: readonly HeadingInfo[],
  options: ParseOptions,
): Generator<void, { shape: ItemShape | null; depth: number; by?: 'forced' | 'evidence' | 'prose' }> {
  const forced = options.shape && options.shape !== 'auto' ? options.shape : null;
  if (forced && forced !== 'heading') return { shape: forced, depth: 0 };

  const evidence = new Map<number, number>();
  const totals = new Map<number, number>();
  const bodied = new Map<number, number>();
  const prose = new Map<number, number>();
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i];
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    if (h.title || h.nonBacklog) continue;
    const ev = evidenceOf(ctx, headings, i);
    totals.set(h.depth, (totals.get(h.depth) ?? 0) + 1);
    if (ev.item) evidence.set(h.depth, (evidence.get(h.depth) ?? 0) + 1);
    if (ev.bodied) bodied.set(h.depth, (bodied.get(h.depth) ?? 0) + 1);
    if (ev.prose) prose.set(h.depth, (prose.get(h.depth) ?? 0) + 1);
  }
  let best = 0;
  for (const [depth, n] of evidence) {
    const bestN = evidence.get(best) ?? 0;
    if (n > bestN || (n === bestN && depth > best)) best = depth;
  }
  // Heading-shaped files without evidence: the deepest level with at least two bodied sections, most of them prose.
  let proseDepth = 0;
  for (const d of [...bodied.keys()].sort((a, b) => b - a)) {
    const n = bodied.get(d) ?? 0;
    if (n >= 2 && (prose.get(d) ?? 0) * 2 > n) {
      proseDepth = d;
      break;
    }
  }
  if (forced === 'heading') {
    return { shape: 'heading', depth: options.itemDepth || best || proseDepth || headings.reduce((m, h) => (h.title ? m : Math.max(m, h.depth)), 2), by: 'forced' };
  }

  if (best > 0 && (evidence.get(best) ?? 0) * 2 >= (totals.get(best) ?? 0)) return { shape: 'heading', depth: options.itemDepth || best, by: 'evidence' };
  if (findItemTables(ctx, headings).length > 0) return { shape: 'table', depth: 0 };
  const listItems = countListItems(ctx, headings);
  // Prose sections that outnumber the list items: the lists are details inside heading items, when a heading says
  // the file is a backlog (`Product Backlog`, `Open bugs`); else they are documentation (Installation, Usage, ...).
  if (proseDepth && (bodied.get(proseDepth) ?? 0) > listItems && headings.some((h) => BACKLOG_HEADING.test(h.text.slice(0, 200)))) {
    return { shape: 'heading', depth: options.itemDepth || proseDepth, by: 'prose' };
  }
  if (listItems > 0) return { shape: 'list', depth: 0 };
  return { shape: null, depth: 0 };
}

// ---------------------------------------------------------------------------------------------- grouping walk

interface Visit {
  readonly block: Block;
  readonly index: number;
  readonly path: readonly string[];
  readonly groupIndex: number;
  readonly done: boolean;
  /** A group heading (depth ≤ maxGroupDepth) starts here; `block` is the heading. */
  readonly group: boolean;
}

interface Walk {
  readonly visits: readonly Visit[];
  readonly groups: Group[];
  /** Spans of non-backlog sections (Definition of Done, Glossary...). */
  readonly excluded: readonly Span[];
}

const groupInfo = new WeakMap<object, { excluded: boolean; done: boolean }>();

/**
 * Walks the top-level blocks keeping the stack of group headings. Visits every block that is in a backlog section
 * (not under "Definition of Done", "Glossary", ...), and every group heading with `group: true`. Headings deeper
 * than `maxGroupDepth` are visited as blocks. Memoised per parse by depth.
 */
function walk(ctx: Context, headings: readonly HeadingInfo[], maxGroupDepth: number): Walk {
  const done = ctx.walks.get(maxGroupDepth);
  if (done) return done;
  const visits: Visit[] = [];
  const groups: Group[] = [];
  const excluded: Span[] = [];
  const stack: { depth: number; title: string; index: number; excluded: boolean; done: boolean; start: number }[] = [];
  let path: readonly string[] = [];
  const titleBlock = headings.length > 0 && headings[0].title ? headings[0].blockIndex : -1;
  const closeExcluded = (depth: number, at: number) => {
    while (stack.length > 0 && stack[stack.length - 1].depth >= depth) {
      const s = stack.pop()!;
      path = stack.map((x) => x.title);
      if (s.excluded && (stack.length === 0 || !stack[stack.length - 1].excluded)) excluded.push({ start: s.start, end: at });
    }
  };
  ctx.blocks.forEach((block, index) => {
    const node = block.node;
    if (node.type === 'heading' && node.depth <= maxGroupDepth) {
      const start = startOf(node, block.base);
      closeExcluded(node.depth, start);
      if (index === titleBlock) return;
      const title = textOf(node);
      let info = groupInfo.get(node);
      if (!info) {
        const norm = normaliseWord(title.replace(/^[\d.]+\s*/, '').replace(/^[^\p{L}\p{N}]+/u, ''));
        info = { excluded: isNonBacklogSection(title), done: DONE_SECTION.test(norm) };
        groupInfo.set(node, info);
      }
      const top = stack[stack.length - 1];
      const isExcluded = info.excluded || (top?.excluded ?? false);
      const isDone = info.done || (top?.done ?? false);
      let groupIndex = -1;
      if (!isExcluded) {
        groupIndex = groups.length;
        groups.push({ title, depth: node.depth, span: spanOf(node, block.base), parent: top ? top.index : -1 });
      }
      stack.push({ depth: node.depth, title, index: groupIndex, excluded: isExcluded, done: isDone, start });
      path = stack.map((x) => x.title);
      if (!isExcluded) visits.push({ block, index, path, groupIndex, done: isDone, group: true });
      return;
    }
    const top = stack[stack.length - 1];
    if (top?.excluded) return;
    visits.push({ block, index, path, groupIndex: top ? top.index : -1, done: top?.done ?? false, group: false });
  });
  closeExcluded(0, ctx.source.length);
  const result = { visits, groups, excluded };
  ctx.walks.set(maxGroupDepth, result);
  return result;
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

/** Sorts the recorded groups by position (parent bullets are recorded after heading groups) and returns old → new. */
function sortGroups(ctx: Context): Int32Array {
  const order = ctx.groups.map((g, i) => ({ g, i })).sort((a, b) => a.g.span.start - b.g.span.start || a.i - b.i);
  const map = new Int32Array(ctx.groups.length);
  order.forEach((o, k) => (map[o.i] = k));
  ctx.groups = order.map(({ g }) => (g.parent >= 0 ? { ...g, parent: map[g.parent] } : g));
  return map;
}

// ---------------------------------------------------------------------------------------------- heading items

function buildHeadingItems(ctx: Context, headings: readonly HeadingInfo[], depth: number): Draft[] {
  const w = walk(ctx, headings, depth - 1);
  ctx.groups = w.groups;
  const byBlock = new Map<number, number>();
  headings.forEach((h, i) => byBlock.set(h.blockIndex, i));
  const drafts: Draft[] = [];
  let current: { h: Heading; base: number; blockIndex: number; body: Block[]; path: readonly string[]; group: number; done: boolean } | null = null;
  const close = () => {
    if (current) drafts.push(headingDraft(ctx, current));
    current = null;
  };
  for (const v of w.visits) {
    const node = v.block.node;
    if (v.group) {
      close();
      continue;
    }
    if (node.type === 'heading' && node.depth <= depth) {
      close();
      const hi = byBlock.get(v.index);
      const h = hi !== undefined ? headings[hi] : null;
      // A heading named like a non-backlog section (`### Notes`) is not an item, unless it is one by its content.
      const item = node.depth === depth && h && !h.title && (!h.nonBacklog || evidenceOf(ctx, headings, hi!).item);
      if (item) current = { h: node, base: v.block.base, blockIndex: v.index, body: [], path: v.path, group: v.groupIndex, done: v.done };
      continue;
    }
    if (current) (current as { body: Block[] }).body.push(v.block);
  }
  close();
  return drafts;
}

/** An ID or a number at the start of a heading item's title, as offsets from the heading's start. */
interface TitleParts {
  readonly id: { readonly id: string; readonly offset: number; readonly length: number } | null;
  readonly number: { readonly value: number; readonly raw: string; readonly offset: number; readonly length: number } | null;
  /** Where the body starts: the end of the heading's line. */
  readonly bodyStart: number;
}

/** Memoised per node: the node's offsets are relative to its section, whose text is fixed while the node lives. */
const titlePartsMemo = new WeakMap<Heading, TitleParts>();

function titleParts(ctx: Context, h: Heading, hs: Span): TitleParts {
  let parts = titlePartsMemo.get(h);
  if (parts) return parts;
  // Title text starts after the `#`s in the source (setext headings have none).
  const rawTitle = ctx.source.slice(hs.start, lineEndOf(ctx.source, hs.start));
  const hashes = /^[ \t]*#{1,6}[ \t]*/.exec(rawTitle)?.[0].length ?? /^[ \t]*/.exec(rawTitle)![0].length;
  // Emoji before the ID (`## 📦 RF01 - Manage customers`) and bold or code around it (`## **US-1** Sign in`) are not
  // part of it.
  const symbols = LEAD_SYMBOLS.exec(rawTitle.slice(hashes, hashes + 64))?.[0].length ?? 0;
  const titleLine = blankLeadMarkup(rawTitle.slice(hashes + symbols, hashes + symbols + 200));
  const idm = ID_AT_START.exec(titleLine);
  const nm = idm ? null : NUMBER_AT_START.exec(titleLine);
  parts = {
    id: idm ? { id: idm[1], offset: hashes + symbols + idm[0].indexOf(idm[1]), length: idm[1].length } : null,
    number: nm ? { value: Number(nm[1]), raw: nm[1] + nm[2], offset: hashes + symbols + nm[0].indexOf(nm[1]), length: nm[1].length + nm[2].length } : null,
    bodyStart: lineEndOf(ctx.source, hs.end) - hs.start,
  };
  titlePartsMemo.set(h, parts);
  return parts;
}

export function headingDraft(
  ctx: Context,
  cur: { h: Heading; base: number; blockIndex: number; body: Block[]; path: readonly string[]; group: number; done: boolean },
): Draft {
  const hs = spanOf(cur.h, cur.base);
  // A suppression comment right before the next item belongs to that item, not to this one's body.
  let body = cur.body;
  const last = body[body.length - 1];
  if (last && last.node.type === 'html' && DISABLE_COMMENT.test(last.node.value.trim())) body = body.slice(0, -1);
  const lastBody = body[body.length - 1];
  const end = lastBody ? endOf(lastBody.node, lastBody.base) : hs.end;
  const disabled = disabledBefore(ctx, cur.blockIndex);
  const prev = ctx.blocks[cur.blockIndex - 1];
  const start = disabled.size > 0 && prev ? startOf(prev.node, prev.base) : hs.start;
  const t = titleParts(ctx, cur.h, hs);
  const at = (o: { offset: number; length: number }): Span => ({ start: hs.start + o.offset, end: hs.start + o.offset + o.length });
  return {
    shape: 'heading',
    span: { start, end },
    content: { start, end },
    titleSpan: hs,
    titleText: textOf(cur.h),
    bodyBlocks: body,
    groupPath: cur.path,
    groupIndex: cur.group,
    tableIndex: -1,
    checked: null,
    struck: cur.h.children.length === 1 && cur.h.children[0].type === 'delete',
    inDoneSection: cur.done,
    disabledRules: disabled,
    headingNumber: t.number ? { value: t.number.value, raw: t.number.raw, span: at(t.number) } : undefined,
    idFromTitle: t.id ? { id: t.id.id, span: at(t.id) } : null,
    bodyStart: hs.start + t.bodyStart,
    stem: null,
    sig: '',
  };
}

// ---------------------------------------------------------------------------------------------- list items

interface ListRun {
  readonly list: List;
  readonly base: number;
  readonly visit: Visit;
  readonly blockIndex: number;
}

/** Lists in backlog sections, with the blockquote they sit in unwrapped. */
function candidateLists(ctx: Context, headings: readonly HeadingInfo[]): ListRun[] {
  const out: ListRun[] = [];
  for (const v of walk(ctx, headings, 6).visits) {
    const node = v.block.node;
    if (node.type === 'list') out.push({ list: node, base: v.block.base, visit: v, blockIndex: v.index });
    else if (node.type === 'blockquote') {
      for (const child of node.children) if (child.type === 'list') out.push({ list: child, base: v.block.base, visit: v, blockIndex: v.index });
    }
  }
  return out;
}

const liEvidence = new WeakMap<object, number>();

/** How much a list item looks like a backlog item: checkbox, ID at the start, a value statement. Memoised per node. */
function listItemEvidence(ctx: Context, item: ListItem, base: number, countCheckbox = true): number {
  let n = liEvidence.get(item);
  if (n === undefined) {
    n = 0;
    const first = item.children[0];
    if (first && first.type === 'paragraph') {
      const s = spanOf(first, base);
      if (ID_AT_START.test(blankLeadMarkup(ctx.source.slice(s.start, Math.min(s.end, s.start + 80))))) n++;
      if (findValueStatement(toPlainText(ctx.source, s.start, Math.min(s.end, s.start + 2000)))) n++;
    }
    liEvidence.set(item, n);
  }
  return n + (countCheckbox && item.checked !== null && item.checked !== undefined ? 1 : 0);
}

function countListItems(ctx: Context, headings: readonly HeadingInfo[]): number {
  let n = 0;
  for (const c of candidateLists(ctx, headings)) n += c.list.children.length;
  return n;
}

/** A parent bullet that is a label for the bullets under it: `- ***Read Data***:` with a nested list. */
function isLabelParent(li: ListItem): boolean {
  const [first, ...rest] = li.children;
  if (!first || first.type !== 'paragraph' || rest.length === 0 || !rest.every((c) => c.type === 'list')) return false;
  let emphasis = false;
  for (const c of first.children) {
    if (c.type === 'strong' || c.type === 'emphasis') emphasis = true;
    else if (!(c.type === 'text' && /^[\s:：]*$/.test(c.value))) return false;
  }
  return emphasis;
}

/**
 * How a list item with bullets under it reads: as a group of the items under it, as an item whose nested bullets are
 * its fields, criteria and details, or `open` (the list decides, itemsAreNested).
 * - nested bullets with more IDs and statements than the parent: a group (`- **Onboarding**` over `- US-1 ...`);
 * - a parent with an ID, a statement or a checkbox: an item (`- **US-1 Sign in**: As a user, ...` over `- Priority: 1`
 *   and `- [ ] ...`; `- [ ] Template limits` over three checkboxes);
 * - a bold label alone (`- ***Read Data***:`): an item when `Key: value` fields are among its bullets, else a group;
 * - a bold or linked title with more text after it, or a link (`- [Export report](...)`): an item;
 * - a childless item with an ID, a statement or a checkbox: an item; other childless items and plain parents: open.
 */
function parentReading(ctx: Context, li: ListItem, base: number): 'group' | 'item' | 'open' {
  const own = listItemEvidence(ctx, li, base, false);
  const checked = li.checked !== null && li.checked !== undefined;
  const lists = li.children.filter((c): c is List => c.type === 'list');
  if (lists.length === 0) return own > 0 || checked ? 'item' : 'open';
  let nestedStory = 0;
  let stories = 0;
  let fields = 0;
  for (const l of lists) {
    for (const c of l.children) {
      if (isFieldItem(ctx, c, base)) fields++;
      else {
        const n = listItemEvidence(ctx, c, base, false);
        nestedStory += n;
        if (n > 0) stories++;
      }
    }
  }
  // `1. User registration` over `- As a new user, I want ...` and `- Story points: 5`: one story bullet beside field
  // bullets is the item's statement, and the parent the item (a group holds stories, not fields of its own).
  if (own === 0 && !checked && stories === 1 && fields > 0) return 'item';
  if (nestedStory > own) return 'group';
  if (own > 0 || checked) return 'item';
  if (isLabelParent(li)) return fields > 0 ? 'item' : 'group';
  return titledParent(li) ? 'item' : 'open';
}

/** A list item whose first line is a `Key: value` field of a known kind (`- Priority: 1`, `- **Estimate:** 3`). */
function isFieldItem(ctx: Context, li: ListItem, base: number): boolean {
  if (li.checked !== null && li.checked !== undefined) return false;
  const first = li.children[0];
  if (!first || first.type !== 'paragraph') return false;
  const s = spanOf(first, base);
  const line = ctx.source.slice(s.start, Math.min(s.end, lineEndOf(ctx.source, s.start), s.start + 200));
  const m = line.includes(':') || line.includes('：') ? FIELD_LINE.exec(line) : null;
  return !!m?.groups && m.groups.value.trim() !== '' && fieldKindOf(m.groups.key.trim(), ctx.aliases) !== 'other';
}

/** A first line that opens with a bold, emphasised, code or linked title and goes on (`**Sign in** — ...`), or a link. */
function titledParent(li: ListItem): boolean {
  const first = li.children[0];
  if (!first || first.type !== 'paragraph') return false;
  const [lead, ...rest] = first.children;
  if (!lead) return false;
  if (lead.type === 'link') return true;
  if (lead.type !== 'strong' && lead.type !== 'emphasis' && lead.type !== 'inlineCode') return false;
  return rest.some((c) => c.type !== 'break' && plainTextOf(c).replace(/[\s:：—–-]+/g, '') !== '');
}

/** Whether the items of this list sit one level down, under parent bullets that are groups. */
function itemsAreNested(ctx: Context, list: List, base: number): boolean {
  const facts = list.children.map((p, i) => parentFacts(ctx, p, childBase(list, i, base)));
  const withChildren = facts.filter((f) => f.nested).length;
  if (withChildren === 0 || withChildren * 2 < facts.length) return false;
  if (facts.filter((f) => f.label).length * 2 >= facts.length) return true;
  let top = 0;
  let nested = 0;
  for (const f of facts) {
    top += f.top;
    nested += f.below;
  }
  return nested > top;
}

/**
 * @internal Everything buildListItems and itemsAreNested read about one top-level list item: an edit that keeps these
 * keeps the list's reading (the incremental layer checks them instead of visiting the whole list).
 */
export interface ParentFacts {
  /** How it reads on its own (parentReading). */
  readonly reading: 'group' | 'item' | 'open';
  /** It holds a list. */
  readonly nested: boolean;
  readonly label: boolean;
  /** Its evidence, and the sum over the items of its nested lists. */
  readonly top: number;
  readonly below: number;
}

/** @internal */
export function parentFacts(ctx: Context, p: ListItem, base: number): ParentFacts {
  let nested = false;
  let below = 0;
  for (const c of p.children) {
    if (c.type !== 'list') continue;
    nested = true;
    for (const li of c.children) below += listItemEvidence(ctx, li, base);
  }
  return { reading: parentReading(ctx, p, base), nested, label: isLabelParent(p), top: listItemEvidence(ctx, p, base), below };
}

const stemMemo = new WeakMap<object, Stem | null>();

function stemOf(ctx: Context, block: Block): Stem | null {
  const node = block.node;
  if (node.type !== 'paragraph') return null;
  let stem = stemMemo.get(node);
  if (stem === undefined) {
    const s = spanOf(node, block.base);
    stem = s.end - s.start > 200 ? null : findStem(toPlainText(ctx.source, s.start, s.end).text);
    stemMemo.set(node, stem);
  }
  return stem;
}

/** Column of an offset (UTF-16 units from the line start). */
const columnOf = (source: string, offset: number) => offset - lineStartOf(source, offset);

function* buildListItems(ctx: Context, headings: readonly HeadingInfo[]): Generator<void, Draft[]> {
  const w = walk(ctx, headings, 6);
  ctx.groups = [...w.groups];
  const drafts: Draft[] = [];
  let stem: Stem | null = null;
  let stemGroup = -2;
  // The previous list and its last item: bullets indented under an ordered item but not enough to nest in it
  // (`1. Title` then `  * detail`) start a new list in CommonMark, but their author meant them as the item's details.
  let prev: { list: List; column: number; host: Draft | null; end: number } | null = null;

  // A generator: a list of thousands of items pauses every few (readBacklogSteps).
  function* emit(list: List, base: number, v: Visit, path: readonly string[], group: number, disabled: ReadonlySet<string>): Generator<void, void> {
    // Each parent bullet is read on its own evidence (parentReading); those it leaves open follow the list as a whole.
    let nested: boolean | null = null;
    for (let i = 0; i < list.children.length; i++) {
      const li = list.children[i];
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      // Items of a list joined from several units count from their own units (blocksOf).
      const lb = childBase(list, i, base);
      let reading = parentReading(ctx, li, lb);
      if (reading === 'open') {
        nested ??= itemsAreNested(ctx, list, base);
        const childless = !li.children.some((c) => c.type === 'list');
        reading = nested && (!childless || !list.children.some(isLabelParent)) ? 'group' : 'item';
      }
      if (reading === 'group') {
        const first = li.children[0];
        const title = (first ? textOf(first) : '').replace(/\s*[:：]$/, '');
        const pg = ctx.groups.length;
        ctx.groups.push({ title, depth: 0, span: spanOf(first ?? li, lb), parent: group });
        for (const sub of li.children) if (sub.type === 'list') yield* emit(sub, lb, v, [...path, title], pg, new Set());
        continue;
      }
      const d = listDraft(ctx, li, lb, path, group, v.done, i === 0 ? disabled : new Set(), stem);
      if (d) drafts.push(d);
    }
  }

  for (const v of w.visits) {
    const node = v.block.node;
    if (v.group || v.groupIndex !== stemGroup) {
      stem = null;
      prev = null;
      stemGroup = v.groupIndex;
      if (v.group) continue;
    }
    if (node.type === 'paragraph') {
      stem = stemOf(ctx, v.block);
      prev = null;
      continue;
    }
    if (node.type === 'html' && /^<!--/.test(node.value)) continue;
    const lists = node.type === 'list' ? [node] : node.type === 'blockquote' ? node.children.filter((c): c is List => c.type === 'list') : [];
    if (lists.length === 0) {
      stem = null;
      prev = null;
      continue;
    }
    for (const list of lists) {
      const base = v.block.base;
      const ls = startOf(list, base);
      const column = columnOf(ctx.source, ls);
      // Cast: TypeScript narrows `prev` to null through the loop's assignments.
      const p = prev as { list: List; column: number; host: Draft | null; end: number } | null;
      const adjacent = !!p && !/\n[ \t>]*\r?\n/.test(ctx.source.slice(p.end, ls)) && p.list.ordered !== list.ordered && column > p.column;
      if (adjacent && p) {
        // Attach the indented bullets to the previous item; bullets back at its column are items again.
        const host = p.host;
        let attached = 0;
        list.children.forEach((li, i) => {
          const lb = childBase(list, i, base);
          if (attached === i && columnOf(ctx.source, startOf(li, lb)) > p.column && host) {
            const s = spanOf(li, lb);
            host.span = { start: host.span.start, end: s.end };
            host.content = { start: host.content.start, end: s.end };
            host.bodyBlocks.push({ node: { ...list, children: [li], position: li.position } as List, base: lb });
            (host as { sig: string }).sig += '+';
            attached++;
          }
        });
        prev = { ...p, end: endOf(list, base) };
        if (attached === list.children.length) continue;
        const before = drafts.length;
        const rest = { ...list, children: list.children.slice(attached) };
        joinedDeltas.set(rest, list.children.slice(attached).map((_li, i) => childBase(list, attached + i, 0)));
        yield* emit(rest, base, v, v.path, v.groupIndex, new Set());
        prev = { list, column: columnOf(ctx.source, startOf(rest.children[0], childBase(rest, 0, base))), host: drafts.length > before ? drafts[drafts.length - 1] : null, end: endOf(list, base) };
        continue;
      }
      const before = drafts.length;
      yield* emit(list, base, v, v.path, v.groupIndex, disabledBefore(ctx, v.index));
      prev = { list, column, host: drafts.length > before ? drafts[drafts.length - 1] : null, end: endOf(list, base) };
    }
  }
  return drafts;
}

/** @internal */
export function listDraft(
  ctx: Context,
  li: ListItem,
  base: number,
  path: readonly string[],
  group: number,
  done: boolean,
  disabled: ReadonlySet<string>,
  stem: Stem | null,
): Draft | null {
  const span = spanOf(li, base);
  const raw = ctx.source.slice(span.start, Math.min(span.end, span.start + 200));
  // The list marker stays in place on a move (markdown renumbers ordered lists; bullets keep the list together).
  const marker = /^(?:[-*+]|\d{1,9}[.)])[ \t]*/.exec(raw);
  const contentStart = span.start + (marker ? marker[0].length : 0);
  const first = li.children[0];
  const firstSpan = first ? spanOf(first, base) : { start: contentStart, end: contentStart };
  const titleEnd = first && first.type === 'paragraph' ? lineEndOf(ctx.source, firstSpan.start) : lineEndOf(ctx.source, span.start);
  const titleSpan = { start: span.start, end: Math.min(titleEnd, span.end) };
  const titleText = first && first.type === 'paragraph' ? firstLineText(first).replace(/^\[[ xX]\]\s*/, '') : '';
  if (titleText === '' && li.children.length <= (first && first.type === 'paragraph' ? 1 : 0)) return null;
  // `NOTE: ...` and `[X] denotes ...` lines annotate the list; they are not items.
  if (ANNOTATION.test(titleText)) return null;
  const titleStart = first ? firstSpan.start : contentStart;
  // The checkbox, the strikethrough of a done item (`- ~~US-4 Title~~`) and bold or code around an ID (`**US-4**`) are not
  // part of it.
  const idm = ID_AT_START.exec(blankLeadMarkup(ctx.source.slice(titleStart, Math.min(titleSpan.end, titleStart + 200))));
  const struck = !!first && first.type === 'paragraph' && first.children.length === 1 && first.children[0].type === 'delete';
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
    stem,
    sig: '',
  };
}

// ---------------------------------------------------------------------------------------------- table rows

/** @internal */
export interface ReadTable {
  readonly columns: string[];
  readonly span: Span;
  readonly rows: { span: Span; cells: { span: Span; text: string }[] }[];
  readonly html: boolean;
}

interface FoundTable extends ReadTable {
  readonly kinds: FieldKind[];
  readonly criteriaColumn: number;
  readonly titleColumn: number;
  readonly visit: Visit;
  /** Rows that are items (not blank, not an ID alone, not an epic among its stories). */
  readonly itemRows: boolean[];
}

type TableMemo = (Omit<FoundTable, 'visit'> | null)[];
const tableMemo = new WeakMap<object, Map<string, TableMemo>>();

/** Tables of a block that hold items, with offsets relative to the block's base. Memoised per node and aliases. */
function tablesOfBlock(ctx: Context, block: Block): TableMemo | null {
  return finishSteps(tablesOfBlockSteps(ctx, block));
}

/** Rows of a pipe table read between two pauses of tablesOfBlockSteps. */
const TABLE_ROWS_PER_STEP = 64;

/** tablesOfBlock in steps: a pipe table of thousands of rows pauses every TABLE_ROWS_PER_STEP rows. */
function* tablesOfBlockSteps(ctx: Context, block: Block): Generator<void, TableMemo | null> {
  const node = block.node;
  if (node.type !== 'table' && !(node.type === 'html' && /<table[\s>]|^\|/im.test(node.value))) return null;
  let byAliases = tableMemo.get(node);
  if (!byAliases) tableMemo.set(node, (byAliases = new Map()));
  let memo = byAliases.get(ctx.aliasKey);
  if (!memo) {
    const tables: ReadTable[] = [];
    if (node.type === 'table') tables.push(yield* readMdTableSteps(ctx, node, block.base));
    else {
      const span = spanOf(node, block.base);
      if (/<table[\s>]/i.test(node.value)) for (const t of readHtmlTables(ctx, span)) tables.push(t);
      for (const t of pipeTablesInsideHtml(ctx, span)) tables.push(t);
    }
    memo = tables.map((t) => classifyTable(ctx, shiftTable(t, -block.base), block.base));
    byAliases.set(ctx.aliasKey, memo);
  }
  return memo;
}

function shiftTable(t: ReadTable, delta: number): ReadTable {
  const sh = (s: Span) => ({ start: s.start + delta, end: s.end + delta });
  return { columns: t.columns, html: t.html, span: sh(t.span), rows: t.rows.map((r) => ({ span: sh(r.span), cells: r.cells.map((c) => ({ ...c, span: sh(c.span) })) })) };
}

/** Whether a table holds backlog items, and how its columns read. `t` has offsets relative to `base`. */
function classifyTable(ctx: Context, t: ReadTable, base: number): Omit<FoundTable, 'visit'> | null {
  if (t.rows.length === 0) return null;
  const cols = tableColumns(ctx, t.columns);
  const { kinds, criteriaColumn } = cols;
  const hasMeta = kinds.some((k) => k === 'id' || k === 'priority' || k === 'estimate' || k === 'status' || k === 'dependsOn');
  const titleColumns = kinds.map((k, i) => (k === 'title' ? i : -1)).filter((i) => i >= 0 && i !== criteriaColumn);
  const facts = t.rows.map((r) => rowFacts(ctx, cols, r, base));
  let statements = 0;
  const statementCols = new Map<number, number>();
  for (const f of facts) {
    if (f.statementColumn < 0) continue;
    statements++;
    statementCols.set(f.statementColumn, (statementCols.get(f.statementColumn) ?? 0) + 1);
  }
  if (!((titleColumns.length > 0 && hasMeta) || statements * 2 >= t.rows.length)) return null;
  // With several title-like columns (`Title` and `User Story`), the one without the statements names the item.
  let titleColumn = titleColumns[0] ?? -1;
  if (titleColumns.length > 1) {
    const plain = titleColumns.find((ci) => (statementCols.get(ci) ?? 0) * 2 < t.rows.length);
    if (plain !== undefined) titleColumn = plain;
  }
  // Rows that are items: some text besides ID and numbers; epics in a table of their stories are not items.
  const mixed = facts.some((f) => f.epic) && facts.some((f) => f.hasId && !f.epic);
  const itemRows = facts.map((f) => !(mixed && f.epic) && !f.typeEpic && f.content);
  if (!itemRows.some(Boolean)) return null;
  return { ...t, kinds, criteriaColumn, titleColumn, itemRows };
}

/** @internal How a table's header reads: the kind of each column, and the columns that mean something. */
export interface TableColumns {
  readonly columns: readonly string[];
  readonly kinds: FieldKind[];
  readonly criteriaColumn: number;
  readonly idColumn: number;
  readonly typeColumn: number;
}

/** @internal */
export function tableColumns(ctx: Context, columns: readonly string[]): TableColumns {
  const kinds = columns.map((c) => fieldKindOf(c, ctx.aliases));
  return {
    columns,
    kinds,
    criteriaColumn: columns.findIndex((c) => CRITERIA_LABEL.test(normaliseWord(c))),
    idColumn: kinds.indexOf('id'),
    typeColumn: columns.findIndex((c) => /^(?:type|kind|typ|tipo|art)$/i.test(normaliseWord(c))),
  };
}

/**
 * @internal Everything classifyTable reads about one row: an edit that keeps these keeps the table's reading (the
 * incremental layer checks them instead of visiting every row).
 */
export interface RowFacts {
  /** The first column (not the criteria column) whose cell holds a value statement, or -1. */
  readonly statementColumn: number;
  /** Its ID names an epic; it has an ID. */
  readonly epic: boolean;
  readonly hasId: boolean;
  /** Its type column says epic. */
  readonly typeEpic: boolean;
  /** Some text besides ID and numbers. */
  readonly content: boolean;
}

const ROW_META_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['id', 'priority', 'estimate', 'status', 'sprint', 'owner', 'dependsOn']);

/** @internal `row` has offsets relative to `base`. */
export function rowFacts(ctx: Context, cols: TableColumns, row: { cells: readonly { span: Span; text: string }[] }, base: number): RowFacts {
  const statementIn = (cell: { span: Span }) =>
    !!findValueStatement(toPlainText(ctx.source, cell.span.start + base, Math.min(cell.span.end, cell.span.start + 3000) + base));
  const statementColumn = row.cells.findIndex((c, ci) => ci !== cols.criteriaColumn && statementIn(c));
  const id = cols.idColumn >= 0 ? cleanId(row.cells[cols.idColumn]?.text ?? '') : '';
  return {
    statementColumn,
    epic: EPIC_ID.test(id),
    hasId: id !== '',
    typeEpic: cols.typeColumn >= 0 && /^(?:epic|épica|epico|épico|épique)$/i.test(stripMarkup(row.cells[cols.typeColumn]?.text ?? '')),
    content: row.cells.some((c, ci) => !ROW_META_KINDS.has(cols.kinds[ci] ?? 'other') && ci !== cols.criteriaColumn && c.text.trim() !== '' && c.text.trim() !== '-'),
  };
}

function findItemTables(ctx: Context, headings: readonly HeadingInfo[]): FoundTable[] {
  const found: FoundTable[] = [];
  for (const v of walk(ctx, headings, 6).visits) {
    if (v.group) continue;
    const memo = tablesOfBlock(ctx, v.block);
    if (!memo) continue;
    for (const f of memo) if (f) found.push({ ...f, ...shiftTable(f, v.block.base), visit: v });
  }
  return found;
}

/** Where a pipe-table cell's content sits: mdast cell spans include the pipes and spaces around it. */
function cellContent(ctx: Context, cell: TableRow['children'][number], base: number): Span {
  const s = spanOf(cell, base);
  let start = s.start;
  let end = s.end;
  if (ctx.source[start] === '|') start++;
  if (ctx.source[end - 1] === '|' && end - 1 > start) end--;
  while (start < end && /[ \t]/.test(ctx.source[start])) start++;
  while (end > start && /[ \t]/.test(ctx.source[end - 1])) end--;
  return { start, end };
}

/** @internal */
export function readMdTable(ctx: Context, table: Table, base: number): ReadTable {
  return finishSteps(readMdTableSteps(ctx, table, base));
}

function* readMdTableSteps(ctx: Context, table: Table, base: number): Generator<void, ReadTable> {
  const [head, ...body] = table.children;
  const cellsOf = (row: TableRow, rowBase: number) => row.children.map((cell) => ({ span: cellContent(ctx, cell, rowBase), text: textOf(cell) }));
  const columns = head ? cellsOf(head, base).map((c) => c.text) : [];
  const rows: ReadTable['rows'][number][] = [];
  for (let i = 0; i < body.length; i++) {
    if (i % TABLE_ROWS_PER_STEP === TABLE_ROWS_PER_STEP - 1) yield;
    // Rows of a table joined from several units count from their own units (blocksOf).
    const rowBase = childBase(table, i + 1, base);
    const row = { span: spanOf(body[i], rowBase), cells: cellsOf(body[i], rowBase) };
    if (row.cells.some((c) => c.text.trim() !== '' && c.text.trim() !== '-')) rows.push(row);
  }
  return { columns, span: spanOf(table, base), rows, html: false };
}

/** Field kinds that say a heading is an item (a title or an owner alone does not). */
const META_KINDS = new Set<FieldKind>(['priority', 'estimate', 'status', 'dependsOn', 'id', 'value']);

interface KeyValueRow {
  readonly key: string;
  readonly kind: FieldKind;
  /** The row's line: the field's span. */
  readonly span: Span;
  readonly value: string;
  readonly valueSpan: Span;
  readonly criteria: boolean;
}

/**
 * A two-column table of `| Key | Value |` rows under an item (`| Priority | Essential |`), the header row included, or
 * null when it is not one: at least half of its rows (and two, or all of a one-row table) have a known field key or
 * a criteria label in the first column.
 */
function keyValueRows(ctx: Context, table: Table, base: number): KeyValueRow[] | null {
  if (table.children.length > 60 || table.children.some((r) => r.children.length !== 2)) return null;
  const rows: KeyValueRow[] = [];
  for (let i = 0; i < table.children.length; i++) {
    const row = table.children[i];
    const rowBase = childBase(table, i, base); // a table joined from several units (blocksOf)
    const [k, v] = row.children;
    const key = textOf(k);
    const norm = normaliseWord(key);
    const criteria = isCriteriaLabel(norm);
    const kind = criteria ? 'other' : fieldKindOf(key, ctx.aliases);
    if (!criteria && (kind === 'other' || kind === 'title')) continue;
    rows.push({ key: key.replace(/[*_]/g, ''), kind, span: spanOf(row, rowBase), value: textOf(v), valueSpan: cellContent(ctx, v, rowBase), criteria });
  }
  const n = table.children.length;
  // A header row alone whose second cell names a column too (`| ID | Story |`, a table whose rows all moved away)
  // is an empty table of items, not `ID: Story`.
  if (n === 1 && rows.length === 1 && fieldKindOf(textOf(table.children[0].children[1]), ctx.aliases) !== 'other') return null;
  return rows.length * 2 >= n && (rows.length >= 2 || n === 1) ? rows : null;
}

/**
 * A pipe table written right under an HTML block without a blank line is HTML to CommonMark (and GitHub shows
 * it raw), but its author meant a table: parse that part on its own.
 */
function pipeTablesInsideHtml(ctx: Context, span: Span): ReadTable[] {
  const html = ctx.source.slice(span.start, span.end);
  const m = /^\|.*\|[ \t]*\r?\n\|?[ \t]*:?-{3,}/m.exec(html);
  if (!m) return [];
  const base = span.start + m.index;
  const tree = ctx.cache.get(ctx.source.slice(base, span.end));
  return tree.children.filter((n): n is Table => n.type === 'table').map((t) => readMdTable(ctx, t, base));
}

/** Raw HTML tables: rows and cells by tag, good enough for the simple tables people write by hand. */
function readHtmlTables(ctx: Context, span: Span): ReadTable[] {
  const html = ctx.source.slice(span.start, span.end);
  const out: ReadTable[] = [];
  const tableRe = /<table[\s\S]*?<\/table>/gi;
  for (let t = tableRe.exec(html); t; t = tableRe.exec(html)) {
    const rows: { span: Span; cells: { span: Span; text: string }[]; header: boolean }[] = [];
    // A row ends at `</tr>`, or where the next row or the table's end starts (people leave out `</tr>` and `</td>`).
    const rowRe = /<tr[\s>][\s\S]*?(?:<\/tr>|(?=<tr[\s>]|<\/table>))/gi;
    for (let r = rowRe.exec(t[0]); r; r = rowRe.exec(t[0])) {
      const rowStart = span.start + t.index + r.index;
      const cells: { span: Span; text: string }[] = [];
      const cellRe = /<(t[dh])(?:\s[^>]*)?>([\s\S]*?)(?:<\/\1>|(?=<t[dh][\s>]|<\/tr>|$))/gi;
      let header = false;
      for (let c = cellRe.exec(r[0]); c; c = cellRe.exec(r[0])) {
        if (c[1].toLowerCase() === 'th') header = true;
        const inner = rowStart + c.index + c[0].indexOf('>') + 1;
        cells.push({ span: { start: inner, end: inner + c[2].length }, text: c[2].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() });
      }
      rows.push({ span: { start: rowStart, end: rowStart + r[0].trimEnd().length }, cells, header });
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
  const tables = findItemTables(ctx, headings);
  const w = walk(ctx, headings, 6);
  ctx.groups = w.groups;
  // The paragraph right before a table may factor out the role (`Als Nutzer will ich...`).
  const visitIndex = new Map<Visit, number>();
  w.visits.forEach((v, i) => visitIndex.set(v, i));
  const drafts: Draft[] = [];
  for (const t of tables) {
    const tableIndex = ctx.tables.length;
    ctx.tables.push({ columns: t.columns, span: t.span, html: t.html });
    const disabled = disabledBefore(ctx, t.visit.index);
    const vi = visitIndex.get(t.visit) ?? -1;
    const before = vi > 0 ? w.visits[vi - 1] : null;
    const stem = before && !before.group && before.groupIndex === t.visit.groupIndex ? stemOf(ctx, before.block) : null;
    const layout: TableLayout = { columns: t.columns, kinds: t.kinds, criteriaColumn: t.criteriaColumn, titleColumn: t.titleColumn };
    let first = true;
    t.rows.forEach((row, ri) => {
      if (!t.itemRows[ri]) return;
      drafts.push(tableRowDraft(layout, row, tableIndex, t.visit, first ? disabled : new Set(), stem));
      first = false;
    });
  }
  return drafts;
}

/** @internal What a table's rows need from its header to become items. */
export interface TableLayout {
  readonly columns: readonly string[];
  readonly kinds: readonly FieldKind[];
  readonly criteriaColumn: number;
  readonly titleColumn: number;
}

/** Field lines that end a value statement before them: the item's metadata, not its story. */
const STATEMENT_BREAKING_FIELDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['priority', 'estimate', 'status', 'sprint', 'owner', 'dependsOn', 'id']);

/** @internal The draft of one table row that is an item. */
export function tableRowDraft(
  t: TableLayout,
  row: { readonly span: Span; readonly cells: readonly { readonly span: Span; readonly text: string }[] },
  tableIndex: number,
  visit: { readonly path: readonly string[]; readonly groupIndex: number; readonly done: boolean },
  disabled: ReadonlySet<string>,
  stem: Stem | null,
): Draft {
  const cells: Cell[] = row.cells.map((cell, ci) => ({
    column: t.columns[ci] ?? '',
    kind: t.kinds[ci] ?? 'other',
    span: cell.span,
    text: cell.text,
    criteria: ci === t.criteriaColumn,
  }));
  const titleCell = cells[t.titleColumn >= 0 ? t.titleColumn : cells.findIndex((c) => c.kind !== 'id' && c.text !== '')] ?? cells[0];
  const idCell = cells.find((c) => c.kind === 'id' && c.text !== '');
  // A checkbox opening the title cell (`| [x] Export |`) is the row's state, as in a task list, not part of its title.
  const box = titleCell ? /^\[([ xX])\][ \t]*/.exec(titleCell.text) : null;
  return {
    shape: 'table',
    span: row.span,
    content: row.span,
    titleSpan: titleCell?.span ?? row.span,
    titleText: titleCell ? stripMarkup(box ? titleCell.text.slice(box[0].length) : titleCell.text) : '',
    bodyBlocks: [],
    groupPath: visit.path,
    groupIndex: visit.groupIndex,
    tableIndex,
    checked: box ? box[1] !== ' ' : null,
    struck: false,
    inDoneSection: visit.done,
    disabledRules: disabled,
    cells,
    idFromTitle: idCell ? { id: cleanId(idCell.text), span: idCell.span } : null,
    bodyStart: row.span.end,
    stem,
    sig: `${t.columns.join('|')}\0${t.kinds.join('|')}\0${t.criteriaColumn}\0${t.titleColumn}`,
    table: t,
  };
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
      const m = line.length < 400 && (line.includes(':') || line.includes('：')) ? FIELD_LINE.exec(line) : null;
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
          !isCriteriaLabel(normaliseWord(key)) &&
          (kind !== 'other' ? words <= 4 : bulleted && words <= 3 && value.length > 0);
        if (plausible) {
          const vStart = pos + valueOffset;
          out.push({
            key: key.replace(/[*_]/g, ''),
            kind,
            value: unescapeMarkdown(value.replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, '').trim()),
            span: { start: pos + m.groups.lead.length, end: lineEnd },
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
  // A loop with a stack, in document order: a line of 8,000 `>` nests as deep, and recursion overflowed.
  const stack: { node: RootContent; base: number }[] = [];
  for (let i = blocks.length - 1; i >= 0; i--) stack.push(blocks[i]);
  while (stack.length > 0) {
    const { node, base } = stack.pop()!;
    if (node.type === 'code' || node.type === 'html') out.push(spanOf(node, base));
    // Inline HTML (`<b>`, `<br>`) is part of its paragraph's text: only block-level code and HTML are skipped.
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') continue;
    const kids = (node as NodeWithChildren).children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], base: childBase(node, i, base) });
  }
  return out;
}

/** Acceptance criteria under a label, or task-list items when there is no label. */
function findCriteria(ctx: Context, d: Draft): { criteria: Criterion[]; labelSpan: Span | null; spans: Span[] } {
  const criteria: Criterion[] = [];
  const spans: Span[] = [];
  let labelSpan: Span | null = null;

  const fromList = (list: List, listBase: number, skipFields = false) => {
    for (let i = 0; i < list.children.length; i++) {
      const li = list.children[i];
      const base = childBase(list, i, listBase);
      // Without a label, a task list's `Key: value` bullets are the item's fields (`- Priority: 1` beside `- [ ] ...`).
      if (skipFields && isFieldItem(ctx, li, base)) continue;
      const s = spanOf(li, base);
      const lineEnd = Math.min(lineEndOf(ctx.source, s.start), s.end);
      const first = li.children[0];
      const firstLineEnd = first && first.type === 'paragraph' ? Math.min(endOf(first, base), lineEnd) : lineEnd;
      const raw = ctx.source.slice(s.start, lineEnd);
      const m = /^((?:[-*+]|\d{1,9}[.)])[ \t]+)(?:\[([ xX])\][ \t]*)?/.exec(raw);
      const checkSpan = m && m[2] !== undefined ? { start: s.start + m[1].length + 1, end: s.start + m[1].length + 2 } : null;
      const textStart = s.start + (m ? m[0].length : 0);
      criteria.push({
        text: sourceText(ctx.source.slice(textStart, firstLineEnd)),
        done: li.checked ?? (checkSpan ? /[xX]/.test(ctx.source[checkSpan.start]) : null),
        span: { start: s.start, end: firstLineEnd },
        textSpan: { start: textStart, end: firstLineEnd },
        checkSpan,
      });
      spans.push(s);
    }
  };
  // Lines of a code block or a label's paragraph; lines indented deeper than the first are details of the line
  // before them (`6: When an operator is read` + `   - Output the list`), not criteria of their own.
  const fromLines = (from: number, to: number) => {
    let pos = from;
    let baseIndent = -1;
    while (pos < to) {
      let nl = ctx.source.indexOf('\n', pos);
      if (nl === -1 || nl > to) nl = to;
      const end = nl > pos && ctx.source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const line = ctx.source.slice(pos, end);
      const m = /^([ \t]*(?:(?:[-*+]|\d{1,3}[.):])[ \t]*)?)(.*\S)/.exec(line);
      if (m && !/^(?:```|~~~)/.test(m[2])) {
        const indent = line.length - line.trimStart().length;
        if (baseIndent < 0) baseIndent = indent;
        if (indent <= baseIndent) {
          const start = pos + m[1].length;
          criteria.push({ text: sourceText(m[2]), done: null, span: { start: pos + indent, end }, textSpan: { start, end: pos + m[0].length }, checkSpan: null });
        }
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

  // Labelled section: a sub-heading, a bold label paragraph, or a list item holding a nested list. Further label
  // paragraphs right after the section continue it (`**AC#1 — Sign-up:** ...`, `**AC#2 — ...:** ...`).
  const blocks = d.bodyBlocks;
  for (let i = 0; i < blocks.length && !labelSpan; i++) {
    const { node, base } = blocks[i];
    if (node.type === 'list') {
      for (let i = 0; i < node.children.length; i++) {
        const li = node.children[i];
        const first = li.children[0];
        const nested = li.children.find((c): c is List => c.type === 'list');
        if (first && first.type === 'paragraph' && nested && isCriteriaLabel(normaliseWord(textOf(first)))) {
          const lb = childBase(node, i, base);
          labelSpan = spanOf(first, lb);
          fromList(nested, lb);
          break;
        }
        // A bullet that is a label with its text (`- Acceptance criteria: a receipt is shown`): the text is the criterion.
        if (first && first.type === 'paragraph' && !nested) {
          const lb = childBase(node, i, base);
          const p = labelParagraph(ctx, first, lb, false);
          if (p && !p.numbered && p.inline) {
            labelSpan = p.labelSpan;
            fromLines(p.inline.from, p.inline.to);
            spans.push(spanOf(li, lb));
            // Task items right after it continue the criteria (as one added under the label is written).
            for (let j = i + 1; j < node.children.length; j++) {
              const next = node.children[j];
              if (next.checked !== true && next.checked !== false) break;
              fromList({ ...node, children: [next] }, childBase(node, j, base));
            }
            break;
          }
        }
      }
      continue;
    }
    let label = node.type === 'heading' ? isCriteriaLabel(normaliseWord(textOf(node))) : false;
    let numbered = false;
    if (node.type === 'paragraph') {
      const p = labelParagraph(ctx, node, base, blocks[i + 1]?.node.type === 'list');
      if (p) {
        label = true;
        numbered = p.numbered;
        labelSpan = p.labelSpan;
        if (p.criterion) criteria.push(p.criterion);
        if (p.inline) fromLines(p.inline.from, p.inline.to);
      }
    }
    if (!label) continue;
    labelSpan ??= spanOf(node, base);
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j].node;
      if (next.type === 'list') {
        // The list under a numbered criterion holds its conditions: they replace the criterion (`**AC1: Sign-in**`
        // with two bullets is two criteria).
        if (numbered && criteria.length > 0 && blocks[j - 1].node.type === 'paragraph' && criteria[criteria.length - 1].span.start >= startOf(blocks[j - 1].node, blocks[j - 1].base)) {
          criteria.pop();
        }
        fromList(next, blocks[j].base);
        numbered = false;
      } else if (next.type === 'code') fromCode(next, blocks[j].base);
      else if (next.type === 'html' && /^<!--/.test(next.value)) continue;
      else if (next.type === 'paragraph') {
        const p = labelParagraph(ctx, next, blocks[j].base, blocks[j + 1]?.node.type === 'list');
        if (p) {
          numbered = p.numbered;
          if (p.criterion) criteria.push(p.criterion);
          if (p.inline) fromLines(p.inline.from, p.inline.to);
        } else if (!(numbered && GHERKIN_LINE.test(textOf(next)))) break;
      } else break;
    }
  }
  if (labelSpan) return { criteria, labelSpan, spans };

  // No label: task lists in the item's body are its criteria.
  // Depth first, in document order, with a stack of our own (nesting can be as deep as the text is long).
  const visitLists = (roots: readonly Block[]) => {
    const stack: { node: RootContent; base: number; depth: number }[] = [];
    for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i].node, base: roots[i].base, depth: 1 });
    while (stack.length > 0) {
      const { node, base, depth } = stack.pop()!;
      if (node.type === 'list' && depth > 0 && node.children.some((li) => li.checked !== null && li.checked !== undefined)) {
        fromList(node, base, true);
        continue;
      }
      const kids = (node as NodeWithChildren).children;
      if (kids && node.type !== 'table') for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], base: childBase(node, i, base), depth: depth + 1 });
    }
  };
  if (d.shape === 'heading') visitLists(blocks);
  else if (d.shape === 'list') visitLists(blocks.slice(1));
  return { criteria, labelSpan: null, spans };
}

/** A paragraph that opens a Given/When/Then scenario: the details of the numbered criterion above it. */
const GHERKIN_LINE = /^(?:given|when|then|and|but|gegeben|wenn|dann|und|étant donné|quand|alors|et|dado|cuando|entonces|y|quando|então|e|dato|allora)\b/i;

/**
 * A paragraph that labels criteria: `**Acceptance criteria:**` (text after the colon and further lines of the
 * paragraph are criteria: `inline`), or a numbered criterion `**AC#1 — Sign-up:** the form asks ...` / `**AC1:
 * Sign-in**`, which is itself one criterion (its title and text) unless a list follows it.
 */
function labelParagraph(
  ctx: Context,
  node: Paragraph,
  base: number,
  labelsList: boolean,
): { labelSpan: Span; numbered: boolean; criterion: Criterion | null; inline: { from: number; to: number } | null } | null {
  const s = spanOf(node, base);
  const firstLineEnd = lineEndOf(ctx.source, s.start);
  const lineEnd = Math.min(firstLineEnd, s.end);
  const firstLine = ctx.source.slice(s.start, lineEnd);
  if (firstLine.length > 300) return null;
  const n = NUMBERED_LEAD.exec(firstLine);
  if (n && NUMBERED_CRITERION.test(normaliseWord(firstLine.slice(0, n[0].length).replace(/[—–:-]\s*$/, '')))) {
    const textStart = s.start + n[0].length;
    let textEnd = lineEnd;
    while (textEnd > textStart && /[*_ \t]/.test(ctx.source[textEnd - 1])) textEnd--;
    const text = sourceText(ctx.source.slice(textStart, textEnd));
    const criterion: Criterion = { text, done: null, span: { start: s.start, end: lineEnd }, textSpan: { start: textStart, end: textEnd }, checkSpan: null };
    return { labelSpan: { start: s.start, end: lineEnd }, numbered: true, criterion, inline: null };
  }
  const m = LABEL_LINE.exec(firstLine);
  if (!m || !CRITERIA_LABEL.test(normaliseWord(m[1]))) {
    // A label closing the paragraph (`As a player, I want ...` / `Acceptance criteria:` on the next line, the list
    // under it): the lines above are the story, the list after the paragraph holds the criteria.
    if (s.end <= firstLineEnd || !labelsList) return null;
    let lastStart = lineStartOf(ctx.source, s.end);
    while (lastStart < s.end && /[ \t]/.test(ctx.source[lastStart])) lastStart++;
    const last = LABEL_LINE.exec(ctx.source.slice(lastStart, s.end));
    if (!last || last[2].trim() !== '' || !CRITERIA_LABEL.test(normaliseWord(last[1]))) return null;
    return { labelSpan: { start: lastStart, end: s.end }, numbered: false, criterion: null, inline: null };
  }
  let inline: { from: number; to: number } | null = null;
  if (m[2].trim() !== '') inline = { from: s.start + firstLine.length - m[2].length, to: s.end };
  else if (s.end > firstLineEnd) inline = { from: firstLineEnd + 1, to: s.end };
  return { labelSpan: { start: s.start, end: lineEnd }, numbered: false, criterion: null, inline };
}

/** A criteria label line: `**Acceptance criteria:**`, `Criteria: text`, `**AC**`; group 1 the label, 2 the text after it. */
const LABEL_LINE = /^(?:\*\*|__)?([^*_:\n]{1,40}?)(?:(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?|(?:\*\*|__)[ \t]*$|[ \t]*$)[ \t]*(.*)$/;

/** The tag of a numbered criterion at the start of a line, with its markup and separator: `**AC#1 — `, `AC1: `. */
const NUMBERED_LEAD =
  /^[ \t]*(?:\*\*|__|\*|_)?[ \t]*[\p{L}][\p{L} ]{0,24}?[ \t]*[#-]?[ \t]*\d{1,3}(?:\.\d{1,3})?[.)]?(?:[ \t]*(?:\*\*|__|\*|_))?[ \t]*(?:[—–:-][ \t]*)?(?:\*\*|__|\*|_)?[ \t]*/u;

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
        text: sourceText(body, true),
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
  const t = stripMarkup(raw);
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
  const unit = /^[~≈]?\s*[\d.,/½¼¾⅓⅔\s]+([\p{L}]+)/u.exec(stripMarkup(raw))?.[1] ?? null;
  return { raw, value, unit, span };
}

function readPriority(raw: string, span: Span, source: Priority['source']): Priority | null {
  const clean = stripMarkup(raw);
  if (clean === '' || clean === '-') return null;
  const p = /^p(\d+)$/i.exec(clean);
  const value = p ? Number(p[1]) : /^\d+(?:[.,]\d+)?\b/.test(clean) ? readNumber(clean) : null;
  const bucket = value === null ? bucketOf(clean) : null;
  return { raw, value, bucket, span, source };
}

const NONE = /^(?:-|—|none|no|keine|kein|aucune?|ninguna|ninguno|nenhuma|nessuna|geen|inga|нет|无|n\/a|na|tbd)$/i;
const SEP = '[\\s,;/&+→>|、和-]';
const ID_SEPARATORS = new RegExp(`^${SEP}*(?:(?:and|und|et|y|e|en|och|or|oder|ou|o|и|или)${SEP}+)*${SEP}*$`, 'iu');

/**
 * IDs in a dependency field: a list of IDs (`US-1, US-3`, `#12 and 14`). Text in parentheses is a note; once
 * prose starts, bare numbers are no longer IDs (`US-1 (about 2 days)`, `US-1 for the API, US-3`).
 */
function readDependencies(field: Field): DependencyRef[] {
  const out: DependencyRef[] = [];
  const text = field.value.replace(/\([^()]*\)|\[[^\]]*\]\([^)]*\)/g, (m) => ' '.repeat(m.length));
  if (NONE.test(stripMarkup(text))) return out;
  const base = field.valueSpan.start;
  let prose = false;
  let last = 0;
  ID_TOKEN.lastIndex = 0;
  for (let m = ID_TOKEN.exec(text); m; m = ID_TOKEN.exec(text)) {
    const between = stripMarkup(text.slice(last, m.index));
    // Padded: stripMarkup trims, and a conjunction needs a separator after it (`#12 and 14`).
    if (!ID_SEPARATORS.test(` ${between.replace(/^#/, '')} `)) prose = true;
    last = m.index + m[0].length;
    const bare = /^\d/.test(m[0]);
    const lowerWord = /^[a-z]+\d/.test(m[0]); // `v2`, `h1`: words, not IDs
    if ((prose && bare) || lowerWord) continue;
    // A bare number followed by words is a quantity (`US-3 - 2 days`), not an ID.
    if (bare) {
      const after = new RegExp(ID_TOKEN.source, 'g');
      after.lastIndex = last;
      const next = after.exec(text);
      const gap = stripMarkup(text.slice(last, next ? next.index : text.length));
      if (next ? !ID_SEPARATORS.test(` ${gap.replace(/#$/, '')} `) : !/^[\s.;!]*$/.test(gap)) continue;
    }
    out.push({ id: m[0], span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out;
}

/** The part of an item that its own text decides, with offsets relative to the item's start. */
type LocalItem = Pick<
  BacklogItem,
  'id' | 'title' | 'owner' | 'sprint' | keyof ItemPositions
> & {
  /** A state written at the end of a heading; used when neither `status` nor a Done section says otherwise. */
  readonly headingStatus: Status | null;
};

/** An item's positions that its own text decides: what moves when text before the item changes length. */
type ItemPositions = Pick<
  BacklogItem,
  'idSpan' | 'titleSpan' | 'span' | 'content' | 'priority' | 'estimate' | 'status' | 'dependsOn' | 'value' | 'criteria' | 'criteriaLabelSpan' | 'fields' | 'bodyEnd'
>;

/**
 * An item's positions moved by `sh` (and `bodyEnd` by `delta`): for the per-item cache here and for the items after
 * an edit in the fast path (incremental.ts). Loops and explicit properties rather than map and spread: this runs for
 * every item after the edit on every keystroke.
 */
export function shiftPositions(p: ItemPositions, sh: (s: Span) => Span, delta: number): ItemPositions {
  const dependsOn: DependencyRef[] = [];
  for (const r of p.dependsOn) dependsOn.push({ id: r.id, span: sh(r.span) });
  const criteria: Criterion[] = [];
  for (const c of p.criteria) criteria.push({ text: c.text, done: c.done, span: sh(c.span), textSpan: sh(c.textSpan), checkSpan: c.checkSpan && sh(c.checkSpan) });
  const fields: Field[] = [];
  for (const f of p.fields) fields.push({ key: f.key, kind: f.kind, value: f.value, span: sh(f.span), valueSpan: sh(f.valueSpan) });
  const { priority: pr, estimate: e, status: st, value: v } = p;
  return {
    idSpan: p.idSpan && sh(p.idSpan),
    titleSpan: sh(p.titleSpan),
    span: sh(p.span),
    content: sh(p.content),
    priority: pr && { raw: pr.raw, value: pr.value, bucket: pr.bucket, span: sh(pr.span), source: pr.source },
    estimate: e && { raw: e.raw, value: e.value, unit: e.unit, span: sh(e.span) },
    status: st && { raw: st.raw, kind: st.kind, span: sh(st.span), source: st.source },
    dependsOn,
    value: v && { role: v.role, want: v.want, benefit: v.benefit, language: v.language, span: sh(v.span) },
    criteria,
    criteriaLabelSpan: p.criteriaLabelSpan && sh(p.criteriaLabelSpan),
    fields,
    bodyEnd: p.bodyEnd + delta,
  };
}

interface LocalMemo {
  readonly local: LocalItem;
  delta: number;
  shifted: LocalItem;
  /** The item built last time from `shifted`: reused when its context is the same (no allocation per keystroke). */
  item: BacklogItem | null;
}

export function finishItem(ctx: Context, d: Draft, index: number, groupOrder: Int32Array, trailerEnd: number): BacklogItem {
  const start = d.span.start;
  const stemKey = d.stem ? `${d.stem.language}:${d.stem.role}:${d.stem.roleOnly ? 1 : 0}` : '';
  const kind = `item\0${d.shape}\0${d.sig}\0${stemKey}\0${ctx.aliasKey}\0${d.checked}\0${d.bodyBlocks.length}`;
  const memo = ctx.cache.deriveSpan<LocalMemo>(ctx.sections, kind, start, d.span.end, () => {
    const local = localItem(localContext(ctx, start, d.span.end, []), rebaseDraft(d, start));
    return { local, delta: 0, shifted: local, item: null };
  });
  if (memo.delta !== start) {
    memo.shifted = shiftLocal(memo.local, start);
    memo.delta = start;
    memo.item = null;
  }
  const l = memo.shifted;

  // Context: the group's bucket word, a Done section, the group indexes after sorting.
  const groupIndex = d.groupIndex >= 0 ? groupOrder[d.groupIndex] : -1;
  let priority = l.priority;
  let id = l.id;
  let idSpan = l.idSpan;
  // A file that says its heading numbers are IDs (`### 7. Title`, "item numbers are stable"): the number is the ID.
  if (priority?.source === 'heading' && id === null && numberIdsByCache.get(ctx.cache) === true) {
    id = priority.raw;
    idSpan = priority.span;
    priority = null;
  }
  for (let g = groupIndex; !priority && g >= 0; g = ctx.groups[g].parent) {
    const group = ctx.groups[g];
    const word = group.title.replace(/^[\d.]+\s*/, '').replace(/[:：]\s*$/, '');
    const bucket = bucketOfGroup(word);
    if (bucket) priority = { raw: word, value: null, bucket, span: group.span, source: 'group' };
  }
  let status = l.status;
  if (!status && d.inDoneSection) status = { raw: 'Done', kind: 'done', span: l.titleSpan, source: 'section' };
  status ??= l.headingStatus;

  const last = memo.item;
  if (
    last &&
    last.index === index &&
    last.groupIndex === groupIndex &&
    last.trailerEnd === trailerEnd &&
    last.tableIndex === d.tableIndex &&
    last.id === id &&
    samePath(last.groupPath, d.groupPath) &&
    sameSet(last.disabledRules, d.disabledRules) &&
    sameMark(last.priority, priority) &&
    sameMark(last.status, status)
  ) {
    return last;
  }
  return (memo.item = {
    index,
    rank: index + 1,
    shape: d.shape,
    id,
    idSpan,
    title: l.title,
    titleSpan: l.titleSpan,
    span: l.span,
    content: l.content,
    trailerEnd,
    groupPath: d.groupPath,
    group: d.groupPath.length > 0 ? d.groupPath[d.groupPath.length - 1] : null,
    groupIndex,
    tableIndex: d.tableIndex,
    priority,
    estimate: l.estimate,
    status,
    owner: l.owner,
    sprint: l.sprint,
    dependsOn: l.dependsOn,
    value: l.value,
    criteria: l.criteria,
    criteriaLabelSpan: l.criteriaLabelSpan,
    fields: l.fields,
    bodyEnd: l.bodyEnd,
    disabledRules: d.disabledRules,
  });
}

/**
 * @internal An item after an edit, moved by `delta`; spans before `after` (a group's priority above the edit) stay.
 * With finishItem the one place that builds a BacklogItem.
 */
export function shiftItem(item: BacklogItem, after: number, delta: number): BacklogItem {
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

const samePath = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a === b || (a.size === b.size && [...a].every((x) => b.has(x)));
/** Priorities and statuses: the item's own are the same object; those from a group or a Done section are rebuilt. */
function sameMark<T extends { readonly raw: string; readonly span: Span; readonly source: string }>(a: T | null, b: T | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a) as (keyof T)[];
  return (
    a.raw === b.raw && a.source === b.source && a.span.start === b.span.start && a.span.end === b.span.end &&
    keys.length === Object.keys(b).length && keys.every((k) => k === 'span' || a[k] === b[k])
  );
}

function rebaseDraft(d: Draft, start: number): Draft {
  const sh = (s: Span): Span => ({ start: s.start - start, end: s.end - start });
  return {
    ...d,
    span: sh(d.span),
    content: sh(d.content),
    titleSpan: sh(d.titleSpan),
    bodyBlocks: d.bodyBlocks.map((b) => ({ node: b.node, base: b.base - start })),
    cells: d.cells?.map((c) => ({ ...c, span: sh(c.span) })),
    headingNumber: d.headingNumber && { ...d.headingNumber, span: sh(d.headingNumber.span) },
    idFromTitle: d.idFromTitle && { id: d.idFromTitle.id, span: sh(d.idFromTitle.span) },
    bodyStart: d.bodyStart - start,
  };
}

function shiftLocal(l: LocalItem, delta: number): LocalItem {
  if (delta === 0) return l;
  const sh = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  const hs = l.headingStatus;
  const q = shiftPositions(l, sh, delta);
  return {
    id: l.id,
    idSpan: q.idSpan,
    title: l.title,
    titleSpan: q.titleSpan,
    span: q.span,
    content: q.content,
    priority: q.priority,
    estimate: q.estimate,
    status: q.status,
    headingStatus: hs && { raw: hs.raw, kind: hs.kind, span: sh(hs.span), source: hs.source },
    owner: l.owner,
    sprint: l.sprint,
    dependsOn: q.dependsOn,
    value: q.value,
    criteria: q.criteria,
    criteriaLabelSpan: q.criteriaLabelSpan,
    fields: q.fields,
    bodyEnd: q.bodyEnd,
  };
}

/** Everything an item's own text says. `ctx.source` is the item's text; `d` is rebased to it. */
function localItem(ctx: Context, d: Draft): LocalItem {
  const skip = codeSpans(d.bodyBlocks);
  const crit = d.shape === 'table' ? { criteria: [] as Criterion[], labelSpan: null, spans: [] as Span[] } : findCriteria(ctx, d);
  let fields: Field[] =
    d.shape === 'table'
      ? (d.cells ?? []).filter((c) => !c.criteria).map((c) => ({ key: c.column, kind: c.kind, value: c.text, span: c.span, valueSpan: c.span }))
      : scanFieldLines(ctx, d.bodyStart, d.span.end, [...skip, ...crit.spans]).map(({ lead: _lead, ...f }) => f);
  let criteria = crit.criteria;
  // Key/value tables under a heading item: their rows are fields (`| Priority | Essential |`), a criteria row's cell
  // holds criteria.
  if (d.shape === 'heading') {
    const rows: KeyValueRow[] = [];
    for (const b of d.bodyBlocks) if (b.node.type === 'table') for (const r of keyValueRows(ctx, b.node, b.base) ?? []) rows.push(r);
    if (rows.length > 0) {
      for (const r of rows) if (r.criteria && criteria.length === 0) criteria = criteriaFromCell(ctx, { span: r.valueSpan });
      const kv = rows.filter((r) => !r.criteria).map(({ key, kind, span, value, valueSpan }) => ({ key, kind, span, value, valueSpan }));
      fields = [...fields, ...kv].sort((a, b) => a.span.start - b.span.start);
    }
  }
  if (d.shape === 'table') {
    const cell = d.cells?.find((c) => c.criteria);
    if (cell) criteria = criteriaFromCell(ctx, cell);
  }

  const first = <K extends Field['kind']>(kind: K) => fields.find((f) => f.kind === kind && f.value !== '');
  const idField = d.shape === 'table' ? undefined : first('id');
  let id = idField ? cleanId(idField.value) || null : d.idFromTitle?.id ?? null;
  let idSpan = idField && id ? idField.valueSpan : d.idFromTitle?.span ?? null;
  const named = d.shape === 'table' ? idAndNameInCell(ctx, d) : null;
  if (named) {
    id = named.id;
    idSpan = named.idSpan;
  }

  let title = d.titleText;
  if (d.idFromTitle && d.shape !== 'table') title = title.replace(LEAD_SYMBOLS, '').replace(ID_AT_START, '').trim();
  if (d.headingNumber) title = title.replace(LEAD_SYMBOLS, '').replace(NUMBER_AT_START, '').trim();
  title = title.replace(/^~~(.*)~~$/, '$1');
  // A label naming the title (`- Story: As a driver, I want ...`, `## User story: Export`) is not part of it.
  if (d.shape !== 'table') {
    const label = /^([^:：]{1,30}?)[ \t]*[:：][ \t]+(?=\S)/.exec(title);
    if (label && fieldKindOf(label[1], ctx.aliases) === 'title' && !STORY_TITLE.test(label[1])) title = title.slice(label[0].length);
  }

  const pf = first('priority');
  let priority: Priority | null = pf ? readPriority(pf.value, pf.valueSpan, d.shape === 'table' ? 'column' : 'field') : null;
  if (!priority && d.headingNumber) {
    priority = { raw: d.headingNumber.raw, value: d.headingNumber.value, bucket: null, span: d.headingNumber.span, source: 'heading' };
  }

  const ef = first('estimate');
  const estimate = ef ? readEstimate(ef.value, ef.valueSpan) : null;

  let status: Status | null = null;
  let headingStatus: Status | null = null;
  const sf = first('status');
  if (sf) status = { raw: sf.value, kind: statusKindOf(sf.value), span: sf.valueSpan, source: d.shape === 'table' ? 'column' : 'field' };
  else if (d.checked !== null) status = { raw: d.checked ? 'x' : ' ', kind: d.checked ? 'done' : 'todo', span: d.titleSpan, source: 'checkbox' };
  else if (d.struck) status = { raw: '~~', kind: 'done', span: d.titleSpan, source: 'strikethrough' };
  if (d.shape === 'heading') {
    // `### 2. Title — \`NEEDS DECISION\``, `## Login [In progress]`: the state leaves the title either way.
    const m = headingState(stripClosingHashes(ctx.source.slice(d.titleSpan.start, lineEndOf(ctx.source, d.titleSpan.start))));
    const raw = m ? m.raw : '';
    const kind = raw ? statusKindOf(raw) : null;
    if (m && (kind || (m.code && /^[\p{Lu}\d\s_-]+$/u.test(raw)))) {
      const at = d.titleSpan.start + m.rawStart;
      headingStatus = { raw, kind, span: { start: at, end: at + raw.length }, source: 'heading' };
      title = withoutHeadingState(title, m).trim();
    }
    // A period that closes a heading (`### Scripts usage.`) is not part of the title.
    title = title.replace(/([^.])\.$/, '$1');
  }

  const deps = fields.filter((f) => f.kind === 'dependsOn').flatMap(readDependencies);

  // Value statement: in the title and body, outside code and criteria (for rows: in one cell); else from the stem
  // above the list or table; else a `Value:` field.
  let value: ValueStatement | null = null;
  if (d.shape === 'table') {
    for (const c of d.cells ?? []) {
      if (c.criteria || value) continue;
      value = findValueStatement(toPlainText(ctx.source, c.span.start, Math.min(c.span.end, c.span.start + 6000)));
    }
  } else {
    const end = Math.min(d.span.end, d.span.start + 6000);
    // Field lines of the item's details (`- Priority: High` under the story) and the criteria label end a statement:
    // the benefit is not `revenue grows Priority: High`.
    const details = fields.filter((f) => STATEMENT_BREAKING_FIELDS.has(f.kind) && f.span.start > d.titleSpan.start).map((f) => f.span);
    if (crit.labelSpan) details.push(crit.labelSpan);
    const plain = toPlainText(ctx.source, d.span.start, end, [...skip, ...crit.spans, ...details].filter((s) => s.start >= d.span.start));
    value = findValueStatement(plain);
  }
  if (!value && d.stem) {
    const ts = d.shape === 'table' ? d.titleSpan : { start: d.content.start, end: d.titleSpan.end };
    value = statementUnderStem(d.stem, toPlainText(ctx.source, ts.start, ts.end));
  }
  // `| HU-01 Registro | Como visitante, quiero ... |`: the name after the ID is the title when the title column holds
  // the statement (or is that cell).
  if (named && (named.inTitleCell || (value && value.span.start >= d.titleSpan.start && value.span.start < d.titleSpan.end) || title === '')) {
    title = named.name;
  }
  // Title vs statement: in `- **US-1 Sign in**: As a user, ...` or `Export to PDF — As an editor, ...` the title is the
  // part of the title line before the statement.
  if (value) {
    const before = titleBeforeStatement(ctx, d, value.span.start, named?.inTitleCell ? named.idSpan : null);
    if (before) title = before;
  }
  const vf = first('value');
  if (!value && vf) value = { role: null, want: title, benefit: vf.value, language: 'en', span: vf.span };

  // Where a line can be added inside the item: before trailing separators (`---`) and comments.
  let bodyEnd = d.span.end;
  if (d.shape === 'heading') {
    for (let i = d.bodyBlocks.length - 1; i >= 0; i--) {
      const b = d.bodyBlocks[i];
      if (b.node.type === 'thematicBreak' || (b.node.type === 'html' && /^<!--/.test(b.node.value))) bodyEnd = i > 0 ? endOf(d.bodyBlocks[i - 1].node, d.bodyBlocks[i - 1].base) : d.titleSpan.end;
      else break;
    }
  }

  return {
    id,
    idSpan,
    title,
    titleSpan: d.titleSpan,
    span: d.span,
    content: d.content,
    priority,
    estimate,
    status,
    headingStatus,
    owner: first('owner')?.value ?? null,
    sprint: first('sprint')?.value ?? null,
    dependsOn: deps,
    value,
    criteria,
    criteriaLabelSpan: crit.labelSpan,
    fields,
    bodyEnd,
  };
}

/**
 * An ID followed by a name in one table cell (`HU-01 Registro`): in the ID column, or in the title cell when there is
 * no ID column (then the ID needs a separator or two digits, `HU-01`, `RF01`, so that `MP3 export` keeps its title).
 */
function idAndNameInCell(ctx: Context, d: Draft): { id: string; idSpan: Span; name: string; inTitleCell: boolean } | null {
  const cells = d.cells ?? [];
  const idCell = cells.find((c) => c.kind === 'id' && c.text !== '');
  const cell = idCell ?? cells.find((c) => c.span.start === d.titleSpan.start && c.span.end === d.titleSpan.end);
  if (!cell) return null;
  const raw = ctx.source.slice(cell.span.start, Math.min(cell.span.end, cell.span.start + 200));
  const m = ID_AT_START.exec(blankLeadMarkup(raw));
  if (!m || (!idCell && !/[-_#]|^[A-Z]{2,}\d{2,}$/.test(m[1]))) return null;
  const name = sourceText(raw.slice(m[0].length).replace(/<[^>]+>/g, ' '), true).replace(/^[\s:：|.,;—–-]+/, '').trim();
  if (!/\p{L}/u.test(name)) return null;
  const at = cell.span.start + m[0].indexOf(m[1]);
  return { id: m[1], idSpan: { start: at, end: at + m[1].length }, name, inTitleCell: cell.span.start === d.titleSpan.start };
}

/**
 * The text of the title line (or title cell) before a statement that starts on it, after the ID: the item's name. Null
 * when the statement opens the line, or what precedes it is a label (`Story:`), not a name.
 */
function titleBeforeStatement(ctx: Context, d: Draft, statementStart: number, cellId: Span | null): string | null {
  const lineEnd = d.shape === 'table' ? d.titleSpan.end : Math.min(d.titleSpan.end, lineEndOf(ctx.source, d.titleSpan.start));
  // The ID in the title line, or in the title cell (`| B-5 Export — As a user, ... |`), is not part of the name.
  const id = cellId ?? d.idFromTitle?.span;
  let from = id && id.start >= d.titleSpan.start && id.end <= lineEnd ? id.end : d.shape === 'list' ? d.content.start : d.titleSpan.start;
  if (d.shape === 'heading') from = Math.max(from, d.titleSpan.start + (/^[ \t]*#{0,6}[ \t]*/.exec(ctx.source.slice(d.titleSpan.start, lineEnd))?.[0].length ?? 0));
  if (statementStart <= from || statementStart >= lineEnd || statementStart - from > 200) return null;
  const raw = ctx.source
    .slice(from, statementStart)
    .replace(/^[ \t]*\[[ xX]\]/, '')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1');
  const name = sourceText(raw, d.shape === 'table')
    .replace(LEAD_SYMBOLS, '')
    .replace(/^[\s:：|.,;—–-]+|[\s:：|,;—–(-]+$/g, '')
    .trim();
  if (!/\p{L}/u.test(name) || fieldKindOf(name) === 'title' || STORY_TITLE.test(name) || fieldKindOf(name) === 'id') return null;
  return name;
}

// ---------------------------------------------------------------------------------------------- pseudo-items

type Candidate = PseudoItem;

/** A line of a code block that starts a story (`As a`, `- Als`): per line, not `^\s*` over the whole block. */
const STORY_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:as an?|als|en tant que|como)\s/im;

/** Pseudo-item candidates of one section, relative to its start. */
export function sectionPseudoItems(text: string, tree: Root): Candidate[] {
  const out: Candidate[] = [];
  const skip: Span[] = [];
  // A loop with a stack (nesting can be as deep as the text is long); `top` marks the section's own blocks.
  const stack: { node: RootContent; top: boolean }[] = [];
  for (let i = tree.children.length - 1; i >= 0; i--) stack.push({ node: tree.children[i], top: true });
  while (stack.length > 0) {
    const { node, top } = stack.pop()!;
    if (node.type === 'code' || node.type === 'html') {
      const s = spanOf(node, 0);
      skip.push(s);
      if (node.type === 'code' && top) {
        const body = text.slice(s.start, s.end);
        if (findValueStatement(toPlainText(text, s.start, s.end)) || STORY_LINE.test(body)) {
          const indented = !/^[ \t]*(`{3,}|~{3,})/.test(body);
          let replacement: string | null = null;
          if (indented) {
            // Dedent by the block's own indentation: the text becomes markdown again.
            const lines = body.split('\n');
            let indent = Infinity;
            for (const l of lines) if (l.trim() !== '') indent = Math.min(indent, /^ */.exec(l)![0].length);
            if (indent === Infinity) indent = 0;
            replacement = lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length))).join('\n');
            if (lineStartOf(text, s.start) < s.start) replacement = replacement.trimStart();
          }
          out.push({ kind: indented ? 'indented-code' : 'code-block', span: s, replacement });
        }
      }
    }
    const kids = (node as NodeWithChildren).children;
    if (kids && node.type !== 'table') for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], top: false });
  }
  let pos = 0;
  const outline: Candidate[] = [];
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const inSkip = skip.some((s) => pos >= s.start && pos < s.end);
    const c = text.charCodeAt(pos);
    // A decimal outline (`1.0. user can ...`, `1.1. ...`): no markdown list starts with `1.1.`.
    if (!inSkip && ((c >= 48 && c <= 57) || c === 32)) {
      const m = /^([ \t]{0,3})(\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)\.?[ \t]+(\S.*)$/.exec(text.slice(pos, Math.min(end, pos + 2000)));
      if (m) outline.push({ kind: 'decimal-outline', span: { start: pos, end }, replacement: `${m[1]}- ${m[2]} ${m[3]}` });
    }
    // Only lines that start with a dash, x, a bullet character, a bracket, a quote marker or indentation can be
    // pseudo-items. The lead (indentation, `>` markers) may be as deep as a list item's lazy continuation: indented
    // code is skipped above.
    if (!inSkip && (c === 45 || c === 32 || c === 9 || c === 120 || c === 88 || c === 91 || c === 62 || c > 127)) {
      const line = text.slice(pos, end);
      let m: RegExpExecArray | null;
      if ((m = /^((?:[ \t]*>)*[ \t]*)-(?=\p{L})(.*)$/u.exec(line))) {
        out.push({ kind: 'dash-without-space', span: { start: pos, end }, replacement: `${m[1]}- ${m[2]}` });
      } else if ((m = /^((?:[ \t]*>)*[ \t]*)[xX][ \t]+-[ \t]+(.*)$/.exec(line))) {
        out.push({ kind: 'prefix-dash', span: { start: pos, end }, replacement: `${m[1]}- [x] ${m[2]}` });
      } else if ((m = /^((?:[ \t]*>)*[ \t]*)[\u200b-\u200d\ufeff]*[●•◦▪■‣][ \t]*(.*?)(?:<br\s*\/?>)?[ \t]*$/.exec(line))) {
        // A zero-width space before the bullet is dropped with it; a lone bullet is no item (and no fix writes `- `).
        if (/\S/.test(m[2])) out.push({ kind: 'unicode-bullet', span: { start: pos, end }, replacement: `${m[1]}- ${m[2]}` });
      } else if ((m = /^((?:[ \t]*>)*[ \t]*)\[([ xX])\][ \t]+(\S.*)$/.exec(line))) {
        out.push({ kind: 'checkbox-without-marker', span: { start: pos, end }, replacement: `${m[1]}- [${m[2]}] ${m[3]}` });
      }
    }
    pos = nl + 1;
  }
  // One numbered line is a sentence that starts with a number (`2.5 days were lost`); two or more are an outline.
  if (outline.length >= 2) for (const o of outline) out.push(o);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** @internal Pseudo-items of one unit, in document offsets (a row's header, parsed in front of it, has none). */
export function unitPseudoItems(cache: SectionCache, sections: readonly Section[], s: Section): PseudoItem[] {
  const found = cache.deriveSpan(sections, 'pseudo', s.start, s.end, () => sectionPseudoItems(s.entry.text, s.tree));
  const out: PseudoItem[] = [];
  for (const p of found) {
    if (p.span.start < s.prefix.length) continue;
    out.push(s.base === 0 ? p : { ...p, span: { start: p.span.start + s.base, end: p.span.end + s.base } });
  }
  return out;
}

/** Spans of non-backlog sections, as walk() finds them, from the headings alone (a walk visits every block). */
function excludedSpans(ctx: Context, headings: readonly HeadingInfo[]): Span[] {
  const out: Span[] = [];
  const stack: { depth: number; excluded: boolean; start: number }[] = [];
  const close = (depth: number, at: number) => {
    while (stack.length > 0 && stack[stack.length - 1].depth >= depth) {
      const s = stack.pop()!;
      if (s.excluded && (stack.length === 0 || !stack[stack.length - 1].excluded)) out.push({ start: s.start, end: at });
    }
  };
  for (const h of headings) {
    close(h.depth, h.span.start);
    if (h.title) continue;
    stack.push({ depth: h.depth, excluded: h.nonBacklog || (stack[stack.length - 1]?.excluded ?? false), start: h.span.start });
  }
  close(0, ctx.source.length);
  return out;
}

/**
 * Text that looks like items but is not valid markdown for them: lines (`-As a`, `x - `, `● `, `[ ] `), also
 * inside an item (a pasted line that continues a list item), and code blocks holding stories. Not in code, HTML or
 * non-backlog sections.
 */
function* findPseudoItems(ctx: Context, excluded: readonly Span[]): Generator<void, PseudoItem[]> {
  const out: PseudoItem[] = [];
  for (let i = 0; i < ctx.sections.length; i++) {
    const s = ctx.sections[i];
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    for (const p of unitPseudoItems(ctx.cache, ctx.sections, s)) {
      if (excluded.some((e) => p.span.start >= e.start && p.span.start < e.end)) continue;
      out.push(p);
    }
  }
  return out;
}
