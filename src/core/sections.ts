// Splits a backlog into sections at column-0 ATX headings and parses each section on its own with remark.
//
// Why: remark's whole-file parse grows faster than linearly (about 2.5 s for 1,000 items; see docs/DESIGN.md).
// Headings at column 0 always start a new block in CommonMark, except inside fenced code and HTML blocks, which the
// scanner tracks. A section's parse depends only on its text, so sections are cached by text: after an edit only the
// edited section is parsed again. Link reference definitions are document-wide in CommonMark; the backlog model
// never resolves links, so parsing sections separately loses nothing it uses.
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

/** A top-level markdown node and the offset of the section text it was parsed from. */
export interface Block {
  readonly node: RootContent;
  /** Add to the node's (and its children's) `position.*.offset` to get offsets into the whole text. */
  readonly base: number;
}

/**
 * Parsed sections keyed by their text, and values derived from texts (item details, heading evidence) so that an
 * edit re-derives only what changed. Keep one per document to make re-analysis after an edit cheap.
 */
export class SectionCache {
  private entries = new Map<string, Root>();
  private used = new Map<string, Root>();
  private derivedEntries = new Map<string, unknown>();
  private derivedUsed = new Map<string, unknown>();
  hits = 0;
  misses = 0;

  get(text: string): Root {
    let tree = this.used.get(text) ?? this.entries.get(text);
    if (tree) {
      this.hits++;
    } else {
      this.misses++;
      tree = processor.parse(text);
    }
    this.used.set(text, tree);
    return tree;
  }

  /**
   * A value computed from `key` alone (the key must hold everything the computation reads, usually a kind prefix
   * and a text). Kept as long as it is used by every parse, like sections.
   */
  derive<T>(key: string, compute: () => T): T {
    if (this.derivedUsed.has(key)) return this.derivedUsed.get(key) as T;
    let value: unknown;
    if (this.derivedEntries.has(key)) value = this.derivedEntries.get(key);
    else value = compute();
    this.derivedUsed.set(key, value);
    return value as T;
  }

  /** Drops sections and derived values not used since the previous call, so the cache holds one document's worth. */
  prune(): void {
    this.entries = this.used;
    this.used = new Map();
    this.derivedEntries = this.derivedUsed;
    this.derivedUsed = new Map();
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
const HTML_RAW = /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i;
const HTML_BLOCK = /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)/i;

/** Offsets where sections start: 0 (or after the front matter) and every column-0 ATX heading outside code/HTML. */
export function sectionStarts(text: string, from: number): number[] {
  const starts = [from];
  let fence: string | null = null;
  let html: 'comment' | 'raw' | 'block' | null = null;
  let pos = from;
  const n = text.length;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = n;
    const c = text.charCodeAt(pos);
    // Most lines start with a letter, a list marker or a pipe and cannot change the state: skip them cheaply.
    if (fence === null && html === null && c !== 35 /* # */ && c !== 32 && c !== 96 /* ` */ && c !== 126 /* ~ */ && c !== 60 /* < */) {
      pos = nl + 1;
      continue;
    }
    if (html === 'block' && c !== 32 && c !== 9 && c !== 13 && c !== 10 && pos !== nl) {
      pos = nl + 1;
      continue;
    }
    const line = text.slice(pos, nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
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
    } else {
      const f = FENCE.exec(line);
      if (f && !(f[1][0] === '`' && line.slice(f[0].length).includes('`'))) fence = f[1];
      else if (/^ {0,3}<!--/.test(line)) html = line.includes('-->', line.indexOf('<!--') + 4) ? null : 'comment';
      else if (HTML_RAW.test(line)) html = /<\/(?:script|pre|style|textarea)>/i.test(line) ? null : 'raw';
      else if (HTML_BLOCK.test(line)) html = 'block';
    }
    pos = nl + 1;
  }
  return starts;
}

/** A section of the text and its parse. */
export interface Section {
  readonly start: number;
  readonly end: number;
  readonly tree: Root;
}

/** Splits `text[from..]` into sections and parses each (cached). Call `cache.prune()` after the parse. */
export function parseSections(text: string, from: number, cache: SectionCache): Section[] {
  const starts = sectionStarts(text, from);
  const out: Section[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    out.push({ start, end, tree: cache.get(text.slice(start, end)) });
  }
  return out;
}

/** Parses `text[from..]` section by section and returns the top-level nodes in document order. Call `cache.prune()` after. */
export function parseBlocks(text: string, from: number, cache: SectionCache): Block[] {
  const starts = sectionStarts(text, from);
  const blocks: Block[] = [];
  for (let i = 0; i < starts.length; i++) {
    const base = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const tree = cache.get(text.slice(base, end));
    for (const node of tree.children) blocks.push({ node, base });
  }
  return blocks;
}
