// Splits a backlog into sections at column-0 ATX headings and parses each section on its own with remark.
//
// Why: remark's whole-file parse grows faster than linearly (about 2.5 s for 1,000 items; see docs/DESIGN.md).
// Headings at column 0 always start a new block in CommonMark, except inside fenced code and HTML blocks, which the
// scanner tracks. A section's parse depends only on its text, so sections are cached by text: after an edit only the
// edited section is parsed again. Link reference definitions are document-wide in CommonMark; the backlog model
// never resolves links, so parsing sections separately loses nothing it uses.
import type { Root, RootContent } from 'mdast';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import type { ParseRecord } from './incremental';
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

const processor = unified().use(remarkParse).use(remarkBacklogGfm).use(remarkFrontmatter, ['yaml']);

/** One parsed section text, and values derived from it (and from its neighbours, see `deriveSpan`). */
interface SectionEntry {
  /** Unique per cache: a derived value's key names the entries it read, so equal keys mean equal texts. */
  readonly id: number;
  /** The section text (detached from the document it came from), its key in the cache. */
  readonly text: string;
  readonly tree: Root;
  /** The parse (generation) that last used this entry, and how many of its derived values that parse used. */
  usedIn: number;
  derivedUsed: number;
  readonly derived: Map<string, { value: unknown; usedIn: number }>;
}

/**
 * Parsed sections and values derived from them, kept from one parse to the next so that an edit re-parses and
 * re-derives only the sections it touched. Keep one per document.
 *
 * Re-analysis after a keystroke must cost a small fraction of a full parse (see docs/PERFORMANCE.md), so unchanged
 * sections are found by position first: the parts of the text before and after the edit are compared once, and
 * sections lying wholly inside them are reused without slicing or hashing their text. Only the rest are looked up by
 * text (a section moved elsewhere) or parsed. What a parse used is stamped with its generation rather than copied
 * into fresh maps, so a keystroke allocates little (garbage collection was a third of the re-analysis time).
 */
export class SectionCache {
  private readonly byText = new Map<string, SectionEntry>();
  private previous: { readonly text: string; readonly sections: readonly Section[] } | null = null;
  private generation = 1;
  private nextId = 1;
  hits = 0;
  misses = 0;
  /** Parses that took the fast path of incremental.ts (one item re-read, the rest shifted). */
  fastPaths = 0;
  /** What the fast path needs from the last full or fast parse (incremental.ts); null when it cannot be taken. */
  incremental: ParseRecord | null = null;

  /** Splits `text[from..]` into sections and parses each, reusing what the previous parse had. Call `prune()` after. */
  parseSections(text: string, from: number): Section[] {
    const prev = this.previous;
    if (prev && prev.text === text && (prev.sections[0]?.start ?? from) === from) {
      for (const s of prev.sections) this.mark(s.entry);
      this.hits += prev.sections.length;
      return prev.sections as Section[];
    }
    const starts = sectionStarts(text, from);
    // Offsets of the previous sections that the text before (prefix) and after (suffix) the edit still holds.
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
      const start = starts[i];
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      const old = end <= prefix ? before.get(start) : start >= suffixStart ? before.get(start - delta) : undefined;
      if (old && old.end - old.start === end - start) {
        this.hits++;
        this.mark(old.entry);
        out.push(old.start === start ? old : { start, end, tree: old.entry.tree, entry: old.entry });
        continue;
      }
      const entry = this.entryFor(text.slice(start, end));
      out.push({ start, end, tree: entry.tree, entry });
    }
    this.previous = { text, sections: out };
    return out;
  }

  /**
   * For the fast path (incremental.ts): the previous parse's sections with section `index` parsed again from
   * `text`, and the sections after it moved by `delta`. The caller has checked that `text` splits the same way.
   * Null when the previous parse is not the one the caller read (`sections`).
   */
  spliceSection(text: string, sections: readonly Section[], index: number, delta: number): Section[] | null {
    const prev = this.previous;
    if (!prev || prev.sections !== sections) return null;
    const old = sections[index];
    const end = old.end + delta;
    const entry = this.entryFor(text.slice(old.start, end));
    // The replaced text is not in the document any more (unless another section shares it: then it is parsed again).
    if (entry !== old.entry && this.byText.get(old.entry.text) === old.entry) this.byText.delete(old.entry.text);
    const out = sections.slice(0, index);
    out.push({ start: old.start, end, tree: entry.tree, entry });
    for (let i = index + 1; i < sections.length; i++) {
      const s = sections[i];
      out.push({ start: s.start + delta, end: s.end + delta, tree: s.tree, entry: s.entry });
    }
    this.hits += sections.length - 1;
    this.previous = { text, sections: out };
    return out;
  }

  /** The parse of a text outside the section split (a part of an HTML block that holds a pipe table). */
  get(text: string): Root {
    return this.entryFor(text).tree;
  }

  /**
   * A value computed from `text[start..end]` of the current parse, where `sections` are that parse's sections.
   * The key holds `kind` (which must name everything else the computation reads), the span relative to its first
   * section and the ids of the sections it covers: equal keys mean equal texts and trees. Spans outside `sections`
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

  /** Drops sections and derived values the last parse did not use, so the cache holds one document's worth. */
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
      entry = { id: this.nextId++, text: key, tree: processor.parse(tameForParser(key)), usedIn: 0, derivedUsed: 0, derived: new Map() };
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

/** Index of the section that holds `offset` (the last one starting at or before it), or -1. */
function sectionAt(sections: readonly Section[], offset: number): number {
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
const HTML_BLOCK = /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)/i;

/**
 * Setext headings in one section after which a column-0 underline also starts a section. micromark's setext resolver
 * rewrites the events of everything parsed before it in its parse, so one section of thousands of setext headings
 * was quadratic (4,800 `title: x` / `---` pairs: 46 s; found by `npm run fuzz`). Ordinary files never reach this.
 */
export const MAX_SETEXT_PER_SECTION = 32;

/** A setext underline or thematic break of dashes at column 0: it ends every open block and container. */
const DASH_UNDERLINE = /^-{3,}[ \t]*$/;
/** A setext underline of `=`: it ends a block only under a paragraph that is not inside a container (see below). */
const EQ_UNDERLINE = /^=+[ \t]*$/;

/**
 * Offsets where sections start: 0 (or after the front matter), every column-0 ATX heading outside code/HTML, and,
 * in a section that holds more than MAX_SETEXT_PER_SECTION setext headings, the line after a further one whose
 * underline closes everything (a column-0 `---`, or `===` under a paragraph that started at column 0 after a blank
 * line, so not inside a list or quote). Lines end at `\n`, `\r\n` or a lone `\r`, as in CommonMark.
 * Lines starting before `to` are read (the fast path scans one section and the heading line after it).
 */
export function sectionStarts(text: string, from: number, to = text.length): number[] {
  const starts = [from];
  let fence: string | null = null;
  let html: 'comment' | 'raw' | 'block' | null = null;
  let pos = from;
  const n = text.length;
  let lf = -2;
  let cr = -2;
  // For setext headings: the previous line was blank (or the section started), the previous line was a paragraph
  // line, the paragraph being read started at column 0 outside containers; setext headings in this section.
  let fresh = true;
  let inParagraph = false;
  let topParagraph = false;
  let setext = 0;
  while (pos < to) {
    // The end of this line (each next break is searched once per pass, not per line).
    if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    const eol = lf === -1 ? (cr === -1 ? n : cr) : cr === -1 ? lf : Math.min(lf, cr);
    const next = eol >= n ? n + 1 : eol + (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? 2 : 1);
    const c = text.charCodeAt(pos);
    const blank = pos === eol;
    if (fence === null && html === null) {
      // Setext bookkeeping (cheap: first character and, for underlines, the line).
      if (blank) {
        fresh = true;
        inParagraph = false;
      } else if (c === 45 /* - */ || c === 61 /* = */) {
        const line = text.slice(pos, eol);
        const dash = c === 45 && DASH_UNDERLINE.test(line);
        const eq = c === 61 && EQ_UNDERLINE.test(line);
        // `===` under a paragraph inside a list or quote may be its lazy continuation: read as paragraph text.
        if ((dash || (eq && topParagraph)) && inParagraph) {
          setext++;
          if (setext > MAX_SETEXT_PER_SECTION && next < n && !text.startsWith('---', next)) {
            if (next < to) starts.push(next);
            setext = 0;
          }
          fresh = true;
          inParagraph = false;
        } else if (dash) {
          fresh = true;
          inParagraph = false;
        } else {
          topParagraph = fresh ? false : topParagraph;
          inParagraph = true;
          fresh = false;
        }
      } else if (c !== 35 /* # */) {
        // A paragraph line (or a block that is not one; then an underline below it is not counted as setext unless
        // micromark would read it so: a table row or a list item can be above an underline too, and those are only
        // split on at `---`, which ends them as well). `|` lines are never paragraphs to split after.
        if (fresh) topParagraph = c !== 32 && c !== 9 && c !== 62 /* > */ && c !== 42 /* * */ && c !== 43 /* + */ && c !== 124 /* | */ && c !== 60 /* < */ && !(c >= 48 && c <= 57);
        inParagraph = c !== 124;
        fresh = false;
      }
    }
    // Most lines start with a letter, a list marker or a pipe and cannot change the state: skip them cheaply.
    if (fence === null && html === null && c !== 35 /* # */ && c !== 32 && c !== 96 /* ` */ && c !== 126 /* ~ */ && c !== 60 /* < */) {
      pos = next;
      continue;
    }
    if (html === 'block' && c !== 32 && c !== 9 && !blank) {
      pos = next;
      continue;
    }
    const line = text.slice(pos, eol);
    if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = null;
    } else if (html === 'comment') {
      if (line.includes('-->')) html = null;
    } else if (html === 'raw') {
      if (/<\/(?:script|pre|style|textarea)>/i.test(line)) html = null;
    } else if (html === 'block') {
      if (line.trim() === '') html = null;
    } else if (c === 35 && ATX.test(line)) {
      if (pos > from) starts.push(pos);
      setext = 0;
      fresh = true;
      inParagraph = false;
    } else {
      const f = FENCE.exec(line);
      if (f && !(f[1][0] === '`' && line.slice(f[0].length).includes('`'))) fence = f[1];
      else if (/^ {0,3}<!--/.test(line)) html = line.includes('-->', line.indexOf('<!--') + 4) ? null : 'comment';
      else if (HTML_RAW.test(line)) html = /<\/(?:script|pre|style|textarea)>/i.test(line) ? null : 'raw';
      else if (HTML_BLOCK.test(line)) html = 'block';
      if (fence !== null || html !== null) {
        fresh = true;
        inParagraph = false;
      }
    }
    pos = next;
  }
  return starts;
}

/** A section of the text and its parse. */
export interface Section {
  readonly start: number;
  readonly end: number;
  readonly tree: Root;
  readonly entry: SectionEntry;
}
