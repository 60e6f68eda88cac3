// Splits a backlog into units and parses each unit on its own with remark: the item blocks of every shape.
//
// Why: remark's whole-file parse grows faster than linearly (about 2.5 s for 1,000 items, more for long lists; see
// docs/PERFORMANCE.md), and one parse of a whole file cannot be interrupted. A unit starts at:
// - a column-0 ATX heading (a heading section);
// - a column-0 list item that starts a new block (after a blank line, or in a list where it is the next item): a
//   top-level list item;
// - a row of a pipe table (after its header and delimiter rows): parsed with the header and delimiter in front;
// - in a unit of more than MAX_SETEXT_PER_SECTION setext headings, the line after a further underline that closes
//   every block (micromark is quadratic in the setext headings of one parse).
// Fenced code and HTML blocks are tracked, so a `#`, `-` or `|` line inside them starts nothing. Where it is not sure
// that a line starts a block of its own (a lazy continuation line, a table that interrupts a paragraph), the scanner
// does not split: a larger unit is slower, never wrong. parse.ts joins the pieces of one list or table again
// (blocksOf), so the reading sees the blocks a whole-file parse gives. Link reference definitions are document-wide
// in CommonMark; the backlog model never resolves links, so parsing units separately loses nothing it uses.
//
// A unit's parse depends only on its text (and a row's header), so units are cached by text: after an edit only the
// edited unit is parsed again.
import type { Root } from 'mdast';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { htmlText } from 'micromark-core-commonmark';
import type { Code, Construct, Effects, State, TokenizeContext } from 'micromark-util-types';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import { finishSteps } from './steps';
import { lastStartingAtOrBefore, tameForParser } from './text';

/**
 * The parts of GFM a backlog uses: tables, strikethrough (struck items are done) and task lists (criteria).
 * Not remark-gfm as a whole: its autolink literals and footnotes, which the model never reads, made every parse
 * 2 to 2.5 times slower (measured on generated backlogs; docs/PERFORMANCE.md).
 */
function remarkBacklogGfm(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown());
}

/**
 * Inline HTML whose attempt scans to the end of its paragraph when it does not close: a comment (`<!--` … `-->`), a
 * processing instruction (`<?` … `?>`), CDATA (`<![CDATA[` … `]]>`) and a declaration (`<!X` … `>`).
 */
type OpenEndedHtml = 'comment' | 'instruction' | 'cdata' | 'declaration';

/** Per text tokenizer (one paragraph, heading or cell): the offset of the first attempt of each kind that failed. */
const failedHtmlText = new WeakMap<TokenizeContext, Map<OpenEndedHtml, number>>();

/**
 * micromark's inline HTML, tried once per kind and paragraph. micromark tries it at every `<`; an opener that never
 * closes scans to the end of its paragraph and fails, and the next opener of the same kind scans the same text again:
 * a paragraph of 3,500 unclosed `<!--` over 8,000 lines took 30 s. Once an attempt of one kind failed at the end of the
 * paragraph, every later one of that kind would fail too (it sees the same text after it, and the first attempt's scan
 * would have stopped at its closer), so this fails it at once: linear, and the same reading.
 */
const htmlTextOncePerKind: Construct = {
  name: 'htmlTextOncePerKind',
  // After autolinks, where micromark's own (disabled below) stands.
  add: 'after',
  tokenize(effects, ok, nok) {
    const self = this;
    const start = self.now().offset;
    let kind: OpenEndedHtml | undefined;
    return effects.check({ tokenize: probeKind, partial: true }, decide, decide);

    /** Reads which kind of HTML starts here (at most `<!--`), without keeping anything. */
    function probeKind(this: TokenizeContext, probe: Effects, yes: State): State {
      return (code) => {
        probe.enter('htmlTextData');
        probe.consume(code);
        return afterLess;
      };
      function afterLess(code: Code): State | undefined {
        if (code === 63) kind = 'instruction';
        if (code !== 33) return done(code);
        probe.consume(code);
        return afterBang;
      }
      function afterBang(code: Code): State | undefined {
        if (code === 91) kind = 'cdata';
        else if (code !== null && ((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) kind = 'declaration';
        if (code !== 45) return done(code);
        probe.consume(code);
        return afterDash;
      }
      function afterDash(code: Code): State | undefined {
        if (code === 45) kind = 'comment';
        return done(code);
      }
      function done(code: Code): State | undefined {
        probe.exit('htmlTextData');
        return yes(code);
      }
    }

    function decide(code: Code): State | undefined {
      const failedAt = kind && failedHtmlText.get(self)?.get(kind);
      if (failedAt !== undefined && failedAt < start) return nok(code);
      return htmlText.tokenize.call(self, effects, ok, failed)(code);
    }

    function failed(code: Code): State | undefined {
      // Only a scan that reached the end of the paragraph says something about later openers.
      if (code === null && kind) {
        let failures = failedHtmlText.get(self);
        if (!failures) failedHtmlText.set(self, (failures = new Map()));
        if (!failures.has(kind)) failures.set(kind, start);
      }
      return nok(code);
    }
  },
};

/** Replaces micromark's inline HTML with htmlTextOncePerKind. */
function remarkLinearHtmlText(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push({ disable: { null: ['htmlText'] }, text: { 60: htmlTextOncePerKind } });
}

const processor = unified().use(remarkParse).use(remarkBacklogGfm).use(remarkLinearHtmlText).use(remarkFrontmatter, ['yaml']);

/** The markdown tree of one unit's text, as the parser configured here reads it (tamed: see tameForParser). */
export function parseMarkdown(text: string): Root {
  return processor.parse(tameForParser(text));
}

/**
 * Why a unit starts where it does. `start`: the first unit (after the front matter). `setext`: after an underline
 * that closed every block, in a unit that had too many setext headings (MAX_SETEXT_PER_SECTION); nothing is open
 * there, as at the start of a document.
 */
export type UnitKind = 'start' | 'heading' | 'list' | 'row' | 'setext';

/** Where a unit starts. Rows of a table carry the table's header and delimiter rows (`prefix`), parsed in front. */
export interface UnitStart {
  readonly start: number;
  readonly kind: UnitKind;
  readonly prefix: string;
}

/** One parsed unit text, and values derived from it (and from its neighbours, see `deriveSpan`). */
interface SectionEntry {
  /** Unique per cache: a derived value's key names the entries it read, so equal keys mean equal texts. */
  readonly id: number;
  /** The parsed text (a row's prefix included; detached from the document it came from), its key in the cache. */
  readonly text: string;
  readonly tree: Root;
  /** The parse (generation) that last used this entry, and how many of its derived values that parse used. */
  usedIn: number;
  derivedUsed: number;
  readonly derived: Map<string, { value: unknown; usedIn: number }>;
}

/** A unit of the text and its parse. */
export interface Section {
  readonly start: number;
  readonly end: number;
  readonly kind: UnitKind;
  /** A row's header and delimiter rows, parsed in front of it; '' for other units. */
  readonly prefix: string;
  /** Add to the tree's offsets to get offsets into the document: `start - prefix.length`. */
  readonly base: number;
  readonly tree: Root;
  readonly entry: SectionEntry;
}

export interface SectionCacheOptions {
  /**
   * `headings`: split at headings only, as before list items and table rows were units of their own. For the test
   * that splitting into units does not change the reading.
   */
  readonly split?: 'units' | 'headings';
}

/**
 * The per-document cache: parsed units and values derived from them, kept from one parse to the next so that an
 * edit re-parses and re-derives only the units it touched. Keep one per document. The incremental layer
 * (incremental.ts) keeps what it needs from the last parse with it.
 *
 * Re-analysis after a keystroke must cost a small fraction of a full parse (see docs/PERFORMANCE.md), so unchanged
 * units are found by position first: the parts of the text before and after the edit are compared once, and units
 * lying wholly inside them are reused without slicing or hashing their text. Only the rest are looked up by text (a
 * unit moved elsewhere) or parsed. What a parse used is stamped with its generation rather than copied into fresh
 * maps, so a keystroke allocates little (garbage collection was a third of the re-analysis time).
 */
export class SectionCache {
  private readonly byText = new Map<string, SectionEntry>();
  private previous: { readonly text: string; readonly sections: readonly Section[] } | null = null;
  private generation = 1;
  private nextId = 1;
  readonly split: 'units' | 'headings';
  hits = 0;
  misses = 0;
  /** Parses that took the fast path of incremental.ts (one item re-read, the rest shifted). */
  fastPaths = 0;

  constructor(options: SectionCacheOptions = {}) {
    this.split = options.split ?? 'units';
  }

  /** Splits `text[from..]` into units and parses each, reusing what the previous parse had. Call `prune()` after. */
  parseSections(text: string, from: number): Section[] {
    return finishSteps(this.parseSectionsSteps(text, from));
  }

  /**
   * parseSections in steps: it pauses after each unit it had to parse, so a caller can spread a cold parse over
   * several turns of an event loop (steps.ts). Nothing of the cache's state that another parse reads changes until the
   * last step; drop a generator that is not finished before another parse starts with this cache.
   */
  *parseSectionsSteps(text: string, from: number): Generator<void, Section[]> {
    const prev = this.previous;
    if (prev && prev.text === text && (prev.sections[0]?.start ?? from) === from) {
      for (const s of prev.sections) this.mark(s.entry);
      this.hits += prev.sections.length;
      return prev.sections as Section[];
    }
    const starts = scanUnits(text, from, text.length, undefined, this.split);
    // Offsets of the previous units that the text before (prefix) and after (suffix) the edit still holds.
    let prefix = 0;
    let suffixStart = text.length;
    let delta = 0;
    const before = new Map<number, Section>();
    if (prev) {
      prefix = commonPrefix(prev.text, text);
      const suffix = commonSuffix(prev.text, text, prefix);
      suffixStart = text.length - suffix;
      delta = text.length - prev.text.length;
      for (const s of prev.sections) before.set(s.start, s);
    }
    const out: Section[] = [];
    for (let i = 0; i < starts.length; i++) {
      const u = starts[i];
      const start = u.start;
      const end = i + 1 < starts.length ? starts[i + 1].start : text.length;
      const old = end <= prefix ? before.get(start) : start >= suffixStart ? before.get(start - delta) : undefined;
      if (old && old.end - old.start === end - start && old.kind === u.kind && old.prefix === u.prefix) {
        this.hits++;
        this.mark(old.entry);
        out.push(old.start === start ? old : { ...old, start, end, base: start - u.prefix.length });
        continue;
      }
      const misses = this.misses;
      const entry = this.entryFor(u.prefix + text.slice(start, end));
      out.push({ start, end, kind: u.kind, prefix: u.prefix, base: start - u.prefix.length, tree: entry.tree, entry });
      if (this.misses !== misses) yield;
    }
    this.previous = { text, sections: out };
    return out;
  }

  /**
   * For the fast path (incremental.ts): the previous parse's units with unit `index` parsed again from `text`, and
   * the units after it moved by `delta`. The caller has checked that `text` splits the same way. Null when the
   * previous parse is not the one the caller read (`sections`).
   */
  replaceSection(text: string, sections: readonly Section[], index: number, delta: number): Section[] | null {
    const prev = this.previous;
    if (!prev || prev.sections !== sections) return null;
    const old = sections[index];
    const end = old.end + delta;
    const entry = this.entryFor(old.prefix + text.slice(old.start, end));
    // The replaced text is not in the document any more (unless another unit shares it: then it is parsed again).
    if (entry !== old.entry && this.byText.get(old.entry.text) === old.entry) this.byText.delete(old.entry.text);
    const out = sections.slice(0, index);
    out.push({ ...old, end, tree: entry.tree, entry });
    for (let i = index + 1; i < sections.length; i++) {
      const s = sections[i];
      out.push({ start: s.start + delta, end: s.end + delta, kind: s.kind, prefix: s.prefix, base: s.base + delta, tree: s.tree, entry: s.entry });
    }
    this.hits += sections.length - 1;
    this.previous = { text, sections: out };
    return out;
  }

  /** The parse of a text outside the unit split (a part of an HTML block that holds a pipe table). */
  get(text: string): Root {
    return this.entryFor(text).tree;
  }

  /**
   * A value computed from `text[start..end]` of the current parse, where `sections` are that parse's units.
   * The key holds `kind` (which must name everything else the computation reads), the span relative to its first
   * unit and the ids of the units it covers: equal keys mean equal texts and trees. Spans outside `sections`
   * (for example offsets of a local context, which has none) are computed without caching.
   */
  deriveSpan<T>(sections: readonly Section[], kind: string, start: number, end: number, compute: () => T): T {
    const first = sectionAt(sections, start);
    if (first < 0) return compute();
    const entry = sections[first].entry;
    let key = `${kind}\0${start - sections[first].start}\0${end - start}`;
    for (let i = first + 1; i < sections.length && sections[i].start < end; i++) key += `,${sections[i].entry.id}`;
    this.mark(entry);
    let found = entry.derived.get(key);
    if (!found) {
      found = { value: compute(), usedIn: 0 };
      entry.derived.set(key, found);
    }
    if (found.usedIn !== this.generation) {
      found.usedIn = this.generation;
      entry.derivedUsed++;
    }
    return found.value as T;
  }

  /** Drops units and derived values the last parse did not use, so the cache holds one document's worth. */
  prune(): void {
    const g = this.generation;
    for (const [text, e] of this.byText) {
      if (e.usedIn !== g) this.byText.delete(text);
      else if (e.derived.size > e.derivedUsed) for (const [k, d] of e.derived) if (d.usedIn !== g) e.derived.delete(k);
    }
    this.generation++;
  }

  private entryFor(text: string): SectionEntry {
    let entry = this.byText.get(text);
    if (entry) this.hits++;
    else {
      this.misses++;
      const key = detach(text);
      entry = { id: this.nextId++, text: key, tree: parseMarkdown(key), usedIn: 0, derivedUsed: 0, derived: new Map() };
      this.byText.set(key, entry);
    }
    this.mark(entry);
    return entry;
  }

  /** Stamps an entry as used by the current parse. */
  private mark(entry: SectionEntry): void {
    if (entry.usedIn === this.generation) return;
    entry.usedIn = this.generation;
    entry.derivedUsed = 0;
  }
}

/**
 * A copy of `text` that does not share memory with the string it was sliced from: V8 keeps a slice's whole parent
 * alive, and a cache key holding one would keep every old version of the document in memory.
 */
function detach(text: string): string {
  // Concatenation then slice: the slice's parent is the new flat string, not the document.
  return text.length < 64 ? text : `${text} `.slice(0, -1);
}

/** Index of the unit that holds `offset` (the last one starting at or before it), or -1. */
export function sectionAt(sections: readonly Section[], offset: number): number {
  const found = lastStartingAtOrBefore(sections, offset, (s) => s.start);
  return found >= 0 && offset <= sections[found].end ? found : -1;
}

/** Length of the common prefix of `a` and `b`: blocks compared as strings first (fast in V8), then characters. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const block = 2048;
  let i = 0;
  while (i + block <= n && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of `a` and `b` that does not overlap their common prefix of length `prefix`. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  const block = 2048;
  let k = 0;
  while (k + block <= n && a.slice(a.length - k - block, a.length - k) === b.slice(b.length - k - block, b.length - k)) k += block;
  while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
const HTML_RAW = /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i;
const HTML_RAW_END = /<\/(?:script|pre|style|textarea)>/i;
/**
 * A line that opens an HTML block of the 7th kind: one complete open or closing tag alone on its line. Such a block
 * ends only at a blank line and may hold anything (it cannot interrupt a paragraph; the scanner does not ask).
 */
const HTML_TAG_LINE = /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$/;
/** A tag alone on its line that is not an HTML block of another kind (those are tracked by scanOpen). */
const isTagLine = (line: string) => HTML_TAG_LINE.test(line) && !HTML_RAW.test(line) && !HTML_BLOCK.test(line);
/** HTML blocks of kinds 3-5 (`<?`, `<!X`, `<![CDATA[`): they may hold blank lines and end only at their closer. */
const HTML_PI = /^ {0,3}<\?/;
const HTML_DECL = /^ {0,3}<![A-Za-z]/;
const HTML_CDATA = /^ {0,3}<!\[CDATA\[/;
const HTML_BLOCK = /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)/i;
/** A list item with content after its marker: `- x`, `* x`, `+ x`, `1. x`, `1) x`. Empty items may not interrupt. */
const LIST_ITEM = /^((?:([-*+])|\d{1,9}([.)])))([ \t]+)\S/;
const EMPTY_ITEM = /^((?:([-*+])|\d{1,9}([.)])))[ \t]*$/;
const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * Setext headings in one unit after which a column-0 underline that closes every block also starts a unit.
 * micromark's setext resolver rewrites the events of everything parsed before it in its parse, so one unit of
 * thousands of setext headings was quadratic (4,800 `title: x` / `---` pairs: 46 s; found by `npm run fuzz`).
 * Ordinary files never reach this.
 */
export const MAX_SETEXT_PER_SECTION = 32;
/** A setext underline or thematic break of dashes at column 0: outside code and HTML it ends every open block. */
const DASH_UNDERLINE = /^-{3,}[ \t]*$/;
/** Any setext underline (from its first character; up to 3 spaces may come before it). */
const UNDERLINE = /^(?:-+|=+)[ \t]*$/;

/** Cells of a table row as GFM counts them: pipes split, except escaped ones; one leading and trailing pipe dropped. */
function cellCount(line: string): number {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  let n = 1;
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) === 92 /* \ */) i++;
    else if (t.charCodeAt(i) === 124 /* | */) n++;
  }
  return n;
}

/** Scanner state at the start of a line. */
interface ScanState {
  /** Inside a fenced code block: its fence (`\`\`\`` or `~~~`...). */
  fence: string | null;
  /** Inside an HTML block: what ends it (`-->`, a closing raw tag, `?>`, `>`, `]]>`, or a blank line). */
  html: 'comment' | 'raw' | 'pi' | 'decl' | 'cdata' | 'block' | null;
  /** The fence or HTML block is inside the list item above: a line indented less than its content ends both. */
  inItem: boolean;
  /** The last line was blank (or there was none). */
  blank: boolean;
  /** The last column-0 block is a list item: its marker (`-`, `.`...) and content column. */
  list: string | null;
  listIndent: number;
  /** The last line was a heading (a table header may follow it directly). */
  heading: boolean;
  /**
   * A list item may still be open although the scanner left it: a line less indented than its content followed it,
   * which may be a lazy continuation of the item's paragraph. A fence or HTML block opened on an indented line is
   * then inside the item or not, the scanner cannot tell: it stops cutting list items and rows until the next heading.
   */
  maybeItem: boolean;
  /** Lines (not blank) since the last list item at column 0 started, its own first line included. */
  lines: number;
  /** The last line was text at the top level (a paragraph, maybe): an empty list item cannot interrupt it. */
  para: boolean;
  /** The last line was an empty list item: a blank line after it ends the item (it may start with one blank line). */
  emptyItem: boolean;
  /** Since the last line at column 0, a line was indented as code: an ordered item not at 1 is then a paragraph. */
  code: boolean;
  /** Inside a pipe table: its header and delimiter rows, as written. */
  table: string | null;
  /** The last line could be a table header: where it starts, and its cells. */
  header: { start: number; cells: number } | null;
  // Setext bookkeeping (see MAX_SETEXT_PER_SECTION); never decides a cut of another kind.
  /** Underlines under text read in this unit (setext headings, or a few thematic breaks: counting more is harmless). */
  setext: number;
  /** The last line was text an underline could be under (not blank, not a heading or an underline). */
  underlinable: boolean;
  /** Nothing is open: the unit starts here, or the last line was blank (outside code and HTML), a heading or an underline that closed every block. */
  fresh: boolean;
  /**
   * The paragraph being read is plain text at the top level: it started when nothing was open, and each of its lines
   * is at column 0 and starts with a letter (so none can start a block, a table or a link definition). `===` under
   * it makes it a heading and closes it; under any other text `===` may be a lazy line of a list item or a quote.
   */
  plain: boolean;
  /**
   * Since the last blank line a tag alone on its line (isTagLine) came where a paragraph may have been open: it may
   * have opened an HTML block of the 7th kind, which holds everything up to a blank line. Nothing is cut until then.
   * (Where no paragraph can be open, scanOpen tracks the block.)
   */
  maybeHtml: boolean;
}

/** The scanner's state where a unit of this kind starts (its first line not read yet). */
function initialState(unit: UnitStart): ScanState {
  return {
    fence: null,
    html: null,
    inItem: false,
    blank: true,
    list: null,
    listIndent: 0,
    heading: false,
    code: false,
    emptyItem: false,
    maybeItem: false,
    para: false,
    lines: 0,
    table: unit.kind === 'row' ? unit.prefix : null,
    header: null,
    setext: 0,
    underlinable: false,
    fresh: true,
    plain: false,
    maybeHtml: false,
  };
}

/** A letter (ASCII or not): a column-0 line starting with one starts no block. */
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;

function hasPipe(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 124) return true;
  return false;
}

/**
 * Where units start in `text[from..]`: `from` (or the given first unit), then every heading, top-level list item and
 * table row the scanner is sure of (see the top of this file), and, in a unit that holds more than
 * MAX_SETEXT_PER_SECTION setext headings, the line after a further underline that closes every block (a column-0
 * `---`, or `===` under a plain top-level paragraph; never before a line starting with `---`, which would read as
 * front matter). Lines end at `\n`, `\r\n` or a lone `\r`, as in CommonMark. Lines starting before `to` are read:
 * the fast path scans one unit and the line after it, starting in the state that unit's kind implies (every cut
 * restarts the setext bookkeeping, so that state is the same whether the scan started there or before).
 */
export function scanUnits(text: string, from: number, to = text.length, first?: UnitStart, split: 'units' | 'headings' = 'units'): UnitStart[] {
  const unitStart = first ?? { start: from, kind: 'start', prefix: '' };
  const starts: UnitStart[] = [unitStart];
  const st = initialState(unitStart);
  // Whether the scanner knows where code and HTML blocks end (see the `sure = false` lines); cuts need it. A text
  // that starts with an unclosed `---` (a closed one is front matter, read before) is read by remark's front matter
  // extension without lists up to the first heading: cutting items out of that part would read them.
  let sure = !(unitStart.kind === 'start' && /^---[ \t]*\r?[\n\r]/.test(text.slice(from, from + 8)));
  // List items and table rows are cut in `units` mode only (headings and setext splits in both).
  const items = split === 'units';
  const pushUnit = (start: number, kind: UnitKind, prefix: string) => {
    // A line that a setext split already starts a unit at: the unit is of this line's kind.
    if (starts.length > 1 && starts[starts.length - 1].start === start) starts[starts.length - 1] = { start, kind, prefix };
    else starts.push({ start, kind, prefix });
    st.setext = 0;
    st.maybeHtml = false;
  };
  // A setext split is due at the next line that is not blank (the blank lines stay with the unit above).
  let splitDue = false;
  // A fence or HTML block opened inside what may be an HTML block of the 7th kind (see `maybeHtml`): the scanner
  // cannot tell where code ends from here on, so it cuts nothing more.
  let lost = false;
  // This line is a tag alone where no paragraph is open: it opens an HTML block (scanOpen).
  let tagOpens = false;
  let pos = unitStart.start;
  const n = text.length;
  // The next `\n` and `\r` at or after `pos` (each searched once per pass over the text, not once per line).
  let lf = -2;
  let cr = -2;
  while (pos < to) {
    if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    // The line is text[pos, lineEnd); the next starts at `nl + 1` (a `\r\n` pair: nl is its `\n`).
    const lineEnd = lf === -1 ? (cr === -1 ? n : cr) : cr === -1 ? lf : Math.min(lf, cr);
    const nl = lineEnd < n && text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 1 : lineEnd;
    // Indentation in columns (a tab to the next multiple of 4) and where the content starts.
    let i = pos;
    let indent = 0;
    for (; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 32) indent++;
      else if (ch === 9) indent += 4 - (indent % 4);
      else break;
    }
    const blankLine = i === lineEnd;
    if (!blankLine) st.lines++;
    if (splitDue && !blankLine) {
      splitDue = false;
      // Nothing is open here, as at the start of a document; a unit must not start with `---` (front matter).
      if (!text.startsWith('---', pos)) {
        Object.assign(st, initialState({ start: pos, kind: 'setext', prefix: '' }));
        st.lines = 1;
        pushUnit(pos, 'setext', '');
      }
    }
    // Not cut before this line (remark ends a code block left open in the item above after this line's indent).
    let keep = pos === unitStart.start;
    if (st.fence !== null || st.html !== null) {
      // A fence or HTML block inside a list item ends with the item, at a line indented less than its content.
      if (st.inItem && !blankLine && indent < st.listIndent) {
        st.fence = null;
        st.html = null;
        st.list = null;
        keep = true;
      } else {
        scanInside(st, st.inItem ? text.slice(Math.min(i, pos + st.listIndent), lineEnd) : text.slice(pos, lineEnd), blankLine);
        st.fresh = false;
        st.plain = false;
        st.underlinable = false;
        pos = nl + 1;
        continue;
      }
    }
    // Setext bookkeeping: is this line an underline, and does it close every block? (Decides no other cut.)
    const ambiguous = st.maybeHtml;
    tagOpens = false;
    if (blankLine) {
      st.fresh = true;
      st.plain = false;
      st.underlinable = false;
      st.maybeHtml = false;
    } else {
      const c0 = text.charCodeAt(i);
      const underline = indent < 4 && (c0 === 45 || c0 === 61) && UNDERLINE.test(text.slice(i, lineEnd));
      if (underline) {
        if (st.underlinable) st.setext++;
        // Under a plain top-level paragraph any underline makes it a heading; a column-0 `---` (an underline or a
        // thematic break, never a lazy line) ends every block and container. Unless the scanner may have missed
        // a code or HTML block that holds this line (`sure`, `maybeHtml`).
        const closes = sure && !lost && !st.maybeHtml && (st.plain || (indent === 0 && DASH_UNDERLINE.test(text.slice(pos, lineEnd))));
        if (closes && st.setext > MAX_SETEXT_PER_SECTION) splitDue = true;
        st.fresh = closes;
        st.underlinable = !closes;
        st.plain = false;
      } else {
        // A plain line: at column 0, starting with a letter, no `|` (a table row or header).
        const fresh = st.fresh;
        st.plain = (fresh || st.plain) && indent === 0 && isLetter(c0) && !hasPipe(text, pos, lineEnd);
        st.fresh = false;
        st.underlinable = true;
        // A tag alone on its line opens an HTML block of the 7th kind where no paragraph is open (after a blank line,
        // a heading or a closing underline); elsewhere it may continue a paragraph: the scanner cannot tell.
        if (c0 === 60 /* < */ && indent < 4 && isTagLine(text.slice(pos, lineEnd))) {
          if (fresh) tagOpens = true;
          else st.maybeHtml = true;
        }
      }
    }
    const emptyItem = st.emptyItem;
    st.emptyItem = false;
    const para = st.para;
    st.para = false;
    if (blankLine) {
      if (emptyItem) st.list = null;
      st.blank = true;
      st.table = null;
      st.header = null;
      st.heading = false;
      pos = nl + 1;
      continue;
    }
    if (indent > 0) {
      const inItem = st.list !== null && indent >= st.listIndent;
      // Less indented than the list item's content: the item ended (or this is a lazy line; either way, do not cut
      // the list after it unless a blank line or a bullet says so).
      // A list item indented by 1-3 spaces at the top level: an item as at column 0, but never cut before.
      const rest = !inItem && indent < 4 ? text.slice(i, lineEnd) : '';
      const sub = rest !== '' ? LIST_ITEM.exec(rest) ?? EMPTY_ITEM.exec(rest) : null;
      const subOpens = !!sub && !THEMATIC_BREAK.test(rest) && (sub[4] !== undefined ? sub[2] !== undefined || /^1[.)]/.test(rest) || st.blank || st.list === (sub[2] ?? sub[3]) : !para && !st.code);
      if (sub && subOpens) {
        st.list = sub[2] ?? sub[3];
        st.listIndent = indent + sub[1].length + (sub[4] === undefined || sub[4].length > 4 || sub[4].includes('\t') ? 1 : sub[4].length);
        st.maybeItem = false;
        st.emptyItem = sub[4] === undefined;
        if (sub[4] !== undefined && /^[`~<]/.test(rest.slice(sub[0].length - 1))) sure = false;
        st.blank = false;
        st.table = null;
        st.header = null;
        st.heading = false;
        pos = nl + 1;
        continue;
      }
      if (inItem) st.maybeItem = false;
      else {
        st.para = indent < 4 || para;
        if (st.list !== null && !st.blank) st.maybeItem = true;
        st.list = null;
        if (indent >= 4) st.code = true;
      }
      if (inItem ? indent - st.listIndent < 4 : indent < 4) {
        const d = text.charCodeAt(i);
        if (d === 96 || d === 126 || d === 60) {
          scanOpen(st, inItem ? text.slice(pos + st.listIndent, lineEnd) : text.slice(pos, lineEnd), tagOpens);
          if (ambiguous && (st.fence !== null || st.html !== null)) lost = true;
          st.inItem = inItem;
          if (!inItem && st.maybeItem && (st.fence !== null || st.html !== null)) sure = false;
        }
      }
      st.blank = false;
      st.table = null;
      st.header = null;
      st.heading = false;
      pos = nl + 1;
      continue;
    }
    // A line at column 0.
    const c = text.charCodeAt(pos);
    const afterCode = st.code;
    st.code = false;
    if (c === 124 /* | */ && st.table !== null) {
      if (items && sure && !lost && !st.maybeHtml && !keep) pushUnit(pos, 'row', st.table);
      st.blank = false;
      pos = nl + 1;
      continue;
    }
    st.table = null;
    const line = text.slice(pos, lineEnd);
    if (c === 35 /* # */ && ATX.test(line)) {
      // A new unit is a new parse: what made the scanner stop cutting (see `sure`) is behind it.
      if (!keep && !lost && !st.maybeHtml) {
        pushUnit(pos, 'heading', '');
        sure = true;
      }
      st.fresh = true;
      st.plain = false;
      st.underlinable = false;
      st.list = null;
      st.maybeItem = false;
      st.header = null;
      st.heading = true;
      st.blank = false;
      pos = nl + 1;
      continue;
    }
    const item = c === 45 || c === 42 || c === 43 || (c >= 48 && c <= 57) ? LIST_ITEM.exec(line) : null;
    if (item && !THEMATIC_BREAK.test(line)) {
      const marker = item[2] ?? item[3];
      // A list item starts a block after a blank line, as a bullet or `1.`, or as the next item of the list above;
      // else (`2.` after a paragraph) it is a lazy continuation of the paragraph.
      const opens = item[2] !== undefined || /^1[.)]/.test(line) || (st.blank && !afterCode) || st.list === marker;
      // Each item of several lines is a unit. One-line items (criteria, fields, short backlog items) are cut into
      // runs of about eight, where a line's start says so: the cuts do not move when other lines change.
      const cut = st.list === null || st.lines > 2 || cutsHere(text, pos, lineEnd);
      if (items && sure && !lost && !st.maybeHtml && opens && cut && !keep) pushUnit(pos, 'list', '');
      st.lines = 1;
      st.list = opens ? marker : null;
      st.listIndent = item[1].length + (item[4].length > 4 || item[4].includes('\t') ? 1 : item[4].length);
      st.maybeItem = false;
      // An item whose content opens a code or HTML block: where that block ends is the item's business.
      const content = line.charCodeAt(item[0].length - 1);
      if (content === 96 || content === 126 || content === 60) sure = false;
      st.header = null;
      st.heading = false;
      st.blank = false;
      pos = nl + 1;
      continue;
    }
    // An empty list item (`-` alone): its content, if any, is on the lines below. Never cut before it (it may not
    // interrupt a paragraph; after one, `-` is a setext underline).
    const empty = !item && (c === 45 || c === 42 || c === 43 || (c >= 48 && c <= 57)) ? EMPTY_ITEM.exec(line) : null;
    if (empty && !para && !afterCode) {
      st.list = empty[2] ?? empty[3];
      st.listIndent = empty[1].length + 1;
      st.emptyItem = true;
      st.header = null;
      st.heading = false;
      st.blank = false;
      pos = nl + 1;
      continue;
    }
    // A table starts with a header row (after a blank line or a heading, to be sure it is not part of a paragraph)
    // and a delimiter row with as many cells.
    if (st.header !== null && line.includes('|') && DELIMITER_ROW.test(line) && cellCount(line) === st.header.cells) {
      st.table = text.slice(st.header.start, nl + 1);
      if (nl === n) st.table += '\n';
      st.header = null;
    } else {
      st.header = (st.blank || st.heading) && line.includes('|') ? { start: pos, cells: cellCount(line) } : null;
      scanOpen(st, line, tagOpens);
      if (ambiguous && (st.fence !== null || st.html !== null)) lost = true;
      st.inItem = false;
    }
    if (st.list !== null && !st.blank) st.maybeItem = true;
    else if (st.blank) st.maybeItem = false;
    st.para = st.table === null;
    st.list = null;
    st.heading = false;
    st.blank = false;
    pos = nl + 1;
  }
  return starts;
}

/** Whether a run of one-line list items is cut before this line: a hash of its first 32 characters (where an ID or the first words are), 1 in 8. */
function cutsHere(text: string, start: number, end: number): boolean {
  let h = 0x811c9dc5;
  for (let i = start; i < Math.min(end, start + 32); i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h & 7) === 0;
}

/** A line that may open a fenced code block or an HTML block (outside them). */
function scanOpen(st: ScanState, line: string, tagOpens: boolean): void {
  const f = FENCE.exec(line);
  if (f && !(f[1][0] === '`' && line.slice(f[0].length).includes('`'))) st.fence = f[1];
  else if (/^ {0,3}<!--/.test(line)) st.html = line.includes('-->', line.indexOf('<!--') + 4) ? null : 'comment';
  else if (HTML_RAW.test(line)) st.html = HTML_RAW_END.test(line) ? null : 'raw';
  else if (HTML_PI.test(line)) st.html = line.includes('?>', line.indexOf('<?') + 2) ? null : 'pi';
  else if (HTML_CDATA.test(line)) st.html = line.includes(']]>', line.indexOf('<![') + 9) ? null : 'cdata';
  else if (HTML_DECL.test(line)) st.html = line.includes('>', line.indexOf('<!') + 2) ? null : 'decl';
  else if (HTML_BLOCK.test(line)) st.html = 'block';
  // The 7th kind ends at a blank line as the 6th does.
  else if (tagOpens && HTML_TAG_LINE.test(line)) st.html = 'block';
}

/** A line inside a fenced code or HTML block (relative to the list item's content when inside one): does it close it? */
function scanInside(st: ScanState, line: string, blankLine: boolean): void {
  if (st.fence !== null) {
    const m = FENCE.exec(line);
    if (m && m[1][0] === st.fence[0] && m[1].length >= st.fence.length && line.trim() === m[1]) st.fence = null;
  } else if (st.html === 'comment') {
    if (line.includes('-->')) st.html = null;
  } else if (st.html === 'raw') {
    if (HTML_RAW_END.test(line)) st.html = null;
  } else if (st.html === 'pi' || st.html === 'decl' || st.html === 'cdata') {
    if (line.includes(st.html === 'pi' ? '?>' : st.html === 'decl' ? '>' : ']]>')) st.html = null;
  } else if (blankLine) {
    // An HTML block of the `<div>` kind ends at a blank line.
    st.html = null;
  }
  st.blank = blankLine;
  if (!st.inItem) st.list = null;
  st.table = null;
  st.header = null;
  st.heading = false;
}
