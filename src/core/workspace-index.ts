// The workspace index: which files are backlogs (with their items), which item IDs exist, and where IDs are
// mentioned in the workspace's markdown files. Pure data and no I/O: an adapter (the VS Code extension, the language
// server) reads the files and feeds each file's text; the index answers by file key and UTF-16 offset.
//
// Files are named by an opaque string key; the adapters use the URI string. Every position is a Span into the text
// that was given for that file, like everything else in the core.
//
// What counts as a mention of an ID:
//   - definition: the item's own ID (heading, list item, `ID:` field or table cell);
//   - dependency: an ID in a dependency field (`Depends on: US-3, #12`), bare numbers included;
//   - text: an ID-like word anywhere else in markdown (`see US-12`), outside fenced code and link targets. Only words
//     with letters and a number (`US-12`, `INFRA-001`) are read in text, never bare numbers (`12`, `#12`), which
//     mean too many other things there. A text word is a mention only while some backlog has an item with that ID.
// IDs compare as the rules compare them: case-insensitively and without a leading `#` (`us-1` = `US-1`).
import type { Backlog, BacklogItem, Criterion, Field, Group, ItemShape, Span } from './model';
import { idKey } from './rules/helpers';

export { idKey };

/**
 * What the index keeps of an item: the parts the language features show or point at. A BacklogItem is one; a summary
 * made for another thread (`summarizeBacklog`) keeps criteria and fields without their text, to stay small.
 */
export type IndexedItem = Pick<
  BacklogItem,
  | 'index'
  | 'rank'
  | 'shape'
  | 'id'
  | 'idSpan'
  | 'title'
  | 'titleSpan'
  | 'span'
  | 'trailerEnd'
  | 'groupPath'
  | 'group'
  | 'groupIndex'
  | 'priority'
  | 'estimate'
  | 'status'
  | 'owner'
  | 'sprint'
  | 'dependsOn'
  | 'value'
  | 'criteriaLabelSpan'
> & {
  /** Whether each criterion is checked, and where it is. */
  readonly criteria: readonly Pick<Criterion, 'done' | 'span'>[];
  /** Every field's key, kind and place (their values are in `priority`, `estimate`, `status`, ...). */
  readonly fields: readonly Pick<Field, 'key' | 'kind' | 'span'>[];
};

/** What the index keeps of a backlog. A parsed `Backlog` is one, so an adapter can pass its analysis as it is. */
export interface BacklogSummary {
  readonly shape: ItemShape | null;
  readonly items: readonly IndexedItem[];
  readonly groups: readonly Group[];
}

/**
 * A plain-data copy of the parts of a backlog the index uses: no Sets, no source text, no caches. For sending a
 * backlog parsed in a worker thread or another process to the index (structured clone, JSON).
 */
export function summarizeBacklog(b: Backlog): BacklogSummary {
  return {
    shape: b.shape,
    groups: b.groups.map((g) => ({ title: g.title, depth: g.depth, span: g.span, parent: g.parent })),
    items: b.items.map((i) => ({
      index: i.index,
      rank: i.rank,
      shape: i.shape,
      id: i.id,
      idSpan: i.idSpan,
      title: i.title,
      titleSpan: i.titleSpan,
      span: i.span,
      trailerEnd: i.trailerEnd,
      groupPath: i.groupPath,
      group: i.group,
      groupIndex: i.groupIndex,
      priority: i.priority,
      estimate: i.estimate,
      status: i.status,
      owner: i.owner,
      sprint: i.sprint,
      dependsOn: i.dependsOn,
      value: i.value,
      criteria: i.criteria.map((c) => ({ done: c.done, span: c.span })),
      criteriaLabelSpan: i.criteriaLabelSpan,
      fields: i.fields.map((f) => ({ key: f.key, kind: f.kind, span: f.span })),
    })),
  };
}

export type MentionKind = 'definition' | 'dependency' | 'text';

/** One place an ID is written. */
export interface Mention {
  readonly uri: string;
  /** The ID as written there (`US-12`, `#12`). */
  readonly id: string;
  /** The ID's comparison key (`us-12`, `12`). */
  readonly key: string;
  /** Exactly the ID's characters. */
  readonly span: Span;
  readonly kind: MentionKind;
  /** For definitions and dependencies: the index of the item they belong to in the file's backlog; else -1. */
  readonly itemIndex: number;
}

/** An item of a backlog file of the index. */
export interface ItemRef {
  readonly uri: string;
  readonly item: IndexedItem;
}

/** How the index names a file to people (a workspace-relative path); the key itself when none was given. */
export interface FileOptions {
  /** The adapter's version of the text (a document version); returned with plans so stale ones can be refused. */
  readonly version?: number;
  /** A short name for people: the workspace-relative path. */
  readonly label?: string;
}

/**
 * What the index keeps of one file, computed from its text by `scanFile`. Plain data: a worker thread or another
 * process can compute it and send it (structured clone, JSON) to the thread that holds the index.
 */
export interface ScannedFile {
  readonly backlog: BacklogSummary | null;
  /** Every mention candidate in the file, in document order (without the file's URI and the key: the index adds them). */
  readonly mentions: readonly ScannedMention[];
  /** Offsets where each line starts (line 0 at 0): positions in files no editor has open. */
  readonly lineStarts: readonly number[];
}

export type ScannedMention = Pick<Mention, 'id' | 'span' | 'kind' | 'itemIndex'>;

/** Scans a file's text: its mentions (with the backlog parsed from the same text, if it is one) and its lines. */
export function scanFile(uri: string, text: string, backlog: BacklogSummary | null): ScannedFile {
  const mentions = (backlog ? backlogMentions(uri, text, backlog) : markdownMentions(uri, text)).map(({ id, span, kind, itemIndex }) => ({ id, span, kind, itemIndex }));
  return { backlog, mentions, lineStarts: lineStartsOf(text) };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Whether a markdown text says in its front matter that it is a backlog (a `backlog:` key), read from its start. */
export function isMarkedBacklog(text: string): boolean {
  const head = text.slice(0, 4000);
  return /^\uFEFF?---\r?\n(?:.*\r?\n)*?backlog\s*:/.test(head) && /^\uFEFF?---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.test(head);
}

interface FileEntry extends Omit<ScannedFile, 'mentions'> {
  readonly mentions: readonly Mention[];
  readonly uri: string;
  readonly version: number;
  readonly label: string;
  /** Definitions by key (first item with the key in this file). */
  readonly defined: ReadonlyMap<string, IndexedItem>;
}

// An ID-like word in text: letters, then a number (`US-12`, `INFRA-001`, `US-1.2`, `M1_01`, `us-7`), not inside a
// longer word, a path, a file name or an anchor. Found from the digits outward: a text has far fewer digits than
// letters, and a regular expression tried at every position cost 40-130 ms on a 1,000-item backlog.
const ID_WORD = /^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*?[-_]?\d+[a-z]?(?:\.\d+[a-z]?)*$/;
const DIGITS = /\d+/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LINK_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45; // 0-9 A-Z a-z _ -
const isLetterOrDigit = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * The ID-like words of a markdown text with their spans, outside fenced code blocks, link targets and URLs. The
 * index keeps them all and resolves them against the backlogs' IDs when asked, so a mention written before its item
 * exists becomes one when the item appears.
 */
export function scanTextMentions(text: string): { id: string; span: Span }[] {
  const skip = skippedRanges(text);
  const out: { id: string; span: Span }[] = [];
  let k = 0;
  let after = 0;
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m; m = DIGITS.exec(text)) {
    if (m.index < after) continue;
    // The whole word around the digits: letters, digits, `_`, `-`, and `.` between digits (`US-1.2`).
    let start = m.index;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    for (;;) {
      if (end < text.length && isWordChar(text.charCodeAt(end))) end++;
      else if (text[end] === '.' && /\d/.test(text[end + 1] ?? '')) end++;
      else break;
    }
    after = end;
    // Trailing `-`/`_` are punctuation, not part of the ID.
    while (end > start && (text[end - 1] === '-' || text[end - 1] === '_')) end--;
    const word = text.slice(start, end);
    if (!ID_WORD.test(word)) continue;
    const before = text[start - 1];
    if (before !== undefined && (/[#/.@\\]/.test(before) || isLetterOrDigit(before))) continue;
    const next = text[end];
    if (next !== undefined && (/[\\/]/.test(next) || isLetterOrDigit(next) || (next === '.' && isLetterOrDigit(text[end + 1])))) continue;
    while (k < skip.length && skip[k].end <= start) k++;
    if (k < skip.length && skip[k].start <= start) continue;
    out.push({ id: word, span: { start, end } });
  }
  return out;
}

/** Fenced code blocks, link targets, bare URLs and link reference definitions: sorted and disjoint. */
function skippedRanges(text: string): Span[] {
  const ranges: Span[] = [];
  // Line by line: fenced code and link reference definitions (only lines starting with ``` ~~~ or [ are looked at).
  let fence: { char: string; length: number; start: number } | null = null;
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let first = lineStart;
    while (first < lineStart + 3 && text.charCodeAt(first) === 32) first++;
    const c = text.charCodeAt(first);
    if (c === 96 || c === 126) {
      const m = FENCE.exec(text.slice(lineStart, Math.min(lineEnd, lineStart + 40)));
      if (m) {
        if (!fence) fence = { char: m[1][0], length: m[1].length, start: lineStart };
        else if (m[1][0] === fence.char && m[1].length >= fence.length && text.slice(lineStart + m[0].length, lineEnd).trim() === '') {
          ranges.push({ start: fence.start, end: lineEnd });
          fence = null;
        }
      }
    } else if (c === 91 && !fence && LINK_DEFINITION.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 200)))) {
      ranges.push({ start: lineStart, end: lineEnd });
    }
    lineStart = lineEnd + 1;
  }
  if (fence) ranges.push({ start: fence.start, end: text.length });
  // `](target)`: the target, not the link text before it.
  for (let i = text.indexOf(']('); i !== -1; i = text.indexOf('](', i + 2)) {
    let end = i + 2;
    while (end < text.length && text[end] !== ')' && text[end] !== '\n') end++;
    ranges.push({ start: i + 1, end: Math.min(end + 1, text.length) });
  }
  // `scheme://…` up to white space or a closing bracket; `<scheme:…>` autolinks.
  for (let i = text.indexOf('://'); i !== -1; i = text.indexOf('://', i + 3)) {
    let start = i;
    while (start > 0 && /[A-Za-z0-9+.-]/.test(text[start - 1])) start--;
    let end = i + 3;
    while (end < text.length && !/[\s)>\]]/.test(text[end])) end++;
    ranges.push({ start, end });
  }
  ranges.sort((x, y) => x.start - y.start);
  // Merge overlaps so that one forward pointer can walk them.
  const merged: Span[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else merged.push(r);
  }
  return merged;
}

/**
 * Every mention in a backlog file: each item's ID (definition), the IDs of its dependency fields, and ID-like words
 * elsewhere in the text. Sorted by position.
 */
export function backlogMentions(uri: string, text: string, backlog: BacklogSummary): Mention[] {
  const structured: Mention[] = [];
  for (const item of backlog.items) {
    if (item.id && item.idSpan) {
      // The span may hold markup around the ID (`**US-1**` in a field); point at the ID's own characters.
      const written = text.slice(item.idSpan.start, item.idSpan.end);
      const at = written.indexOf(item.id);
      const span = at >= 0 ? { start: item.idSpan.start + at, end: item.idSpan.start + at + item.id.length } : item.idSpan;
      const key = idKey(item.id);
      if (key !== '') structured.push({ uri, id: item.id, key, span, kind: 'definition', itemIndex: item.index });
    }
    for (const dep of item.dependsOn) {
      const key = idKey(dep.id);
      if (key !== '') structured.push({ uri, id: dep.id, key, span: dep.span, kind: 'dependency', itemIndex: item.index });
    }
  }
  structured.sort((a, b) => a.span.start - b.span.start);
  const out: Mention[] = [];
  let s = 0;
  for (const t of scanTextMentions(text)) {
    while (s < structured.length && structured[s].span.end <= t.span.start) out.push(structured[s++]);
    if (s < structured.length && structured[s].span.start < t.span.end) continue; // Already a definition or dependency.
    out.push({ uri, id: t.id, key: idKey(t.id), span: t.span, kind: 'text', itemIndex: -1 });
  }
  while (s < structured.length) out.push(structured[s++]);
  return out;
}

/** The ID-like words of a markdown file that is not a backlog, as mentions. */
export function markdownMentions(uri: string, text: string): Mention[] {
  return scanTextMentions(text).map((t) => ({ uri, id: t.id, key: idKey(t.id), span: t.span, kind: 'text' as const, itemIndex: -1 }));
}

/**
 * The index. Update it one file at a time (`setBacklog`, `setMarkdown`, `remove`); every query reads the current
 * state. An update costs time in proportion to the file's mentions, not the workspace's.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileEntry>();
  /** key → file → that file's mentions of the key. */
  private readonly byKey = new Map<string, Map<string, Mention[]>>();
  /** key → backlog files that define it (in the order they were added). */
  private readonly definedIn = new Map<string, Set<string>>();

  /** Indexes (or re-indexes) a backlog file from its text and the backlog parsed from that text. */
  setBacklog(uri: string, text: string, backlog: BacklogSummary, options: FileOptions = {}): void {
    this.setScanned(uri, scanFile(uri, text, backlog), options);
  }

  /** Indexes (or re-indexes) a markdown file that is not a backlog: only its mentions. */
  setMarkdown(uri: string, text: string, options: FileOptions = {}): void {
    this.setScanned(uri, scanFile(uri, text, null), options);
  }

  /** Indexes (or re-indexes) a file scanned elsewhere (`scanFile` in a worker). */
  setScanned(uri: string, scanned: ScannedFile, options: FileOptions = {}): void {
    const defined = new Map<string, IndexedItem>();
    for (const item of scanned.backlog?.items ?? []) {
      if (!item.id) continue;
      const key = idKey(item.id);
      if (key !== '' && !defined.has(key)) defined.set(key, item);
    }
    const mentions: Mention[] = scanned.mentions.map((m) => ({ uri, id: m.id, key: idKey(m.id), span: m.span, kind: m.kind, itemIndex: m.itemIndex }));
    this.put({ backlog: scanned.backlog, lineStarts: scanned.lineStarts, mentions, uri, version: options.version ?? 0, label: options.label ?? uri, defined });
  }

  /** Forgets a file (deleted, or no longer matched by the settings). */
  remove(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    for (const key of new Set(old.mentions.map((m) => m.key))) {
      const perFile = this.byKey.get(key);
      perFile?.delete(uri);
      if (perFile?.size === 0) this.byKey.delete(key);
    }
    for (const key of old.defined.keys()) {
      const where = this.definedIn.get(key);
      where?.delete(uri);
      if (where?.size === 0) this.definedIn.delete(key);
    }
    this.files.delete(uri);
  }

  private put(entry: FileEntry): void {
    this.remove(entry.uri);
    this.files.set(entry.uri, entry);
    for (const m of entry.mentions) {
      let perFile = this.byKey.get(m.key);
      if (!perFile) this.byKey.set(m.key, (perFile = new Map()));
      const list = perFile.get(entry.uri);
      if (list) list.push(m);
      else perFile.set(entry.uri, [m]);
    }
    for (const key of entry.defined.keys()) {
      let where = this.definedIn.get(key);
      if (!where) this.definedIn.set(key, (where = new Set()));
      where.add(entry.uri);
    }
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The version given when the file was indexed, or undefined when it is not indexed. */
  version(uri: string): number | undefined {
    return this.files.get(uri)?.version;
  }

  /** 0-based line and character (UTF-16) of an offset in an indexed file, from the text it was indexed with. */
  position(uri: string, offset: number): { line: number; character: number } {
    const starts = this.files.get(uri)?.lineStarts ?? [0];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  /** The file's name for people (its label, else its key). */
  label(uri: string): string {
    return this.files.get(uri)?.label ?? uri;
  }

  /** Every indexed file. */
  uris(): string[] {
    return [...this.files.keys()];
  }

  /** The backlog files, sorted by label (a stable order for views and pickers). */
  backlogUris(): string[] {
    return [...this.files.values()]
      .filter((f) => f.backlog)
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((f) => f.uri);
  }

  /** The indexed backlog of a file, or undefined when the file is not an indexed backlog. */
  backlog(uri: string): BacklogSummary | undefined {
    return this.files.get(uri)?.backlog ?? undefined;
  }

  /** Every item of every backlog, backlog by backlog (sorted by label), in rank order. */
  *items(): IterableIterator<ItemRef> {
    for (const uri of this.backlogUris()) for (const item of this.files.get(uri)!.backlog!.items) yield { uri, item };
  }

  /** Every item with the ID, one per backlog that defines it (the first such item of each file). */
  definitions(id: string): ItemRef[] {
    const key = idKey(id);
    const out: ItemRef[] = [];
    for (const uri of this.definedIn.get(key) ?? []) out.push({ uri, item: this.files.get(uri)!.defined.get(key)! });
    return out.sort((a, b) => this.label(a.uri).localeCompare(this.label(b.uri)));
  }

  /**
   * The items a mention of `id` in file `from` means: the file's own item when the file is a backlog that defines
   * the ID (dependencies are checked within one backlog), else every backlog's item with the ID.
   */
  resolve(id: string, from: string): ItemRef[] {
    const key = idKey(id);
    const own = this.files.get(from)?.defined.get(key);
    if (own) return [{ uri: from, item: own }];
    return this.definitions(id);
  }

  /** The mentions in a file, in document order (text words included whether or not an item has that ID). */
  mentionsIn(uri: string): readonly Mention[] {
    return this.files.get(uri)?.mentions ?? [];
  }

  /**
   * The mention at an offset (its span contains the offset, or ends at it: the cursor right after an ID counts), or
   * undefined. Text words count only while an item has that ID.
   */
  mentionAt(uri: string, offset: number): Mention | undefined {
    const list = this.files.get(uri)?.mentions;
    if (!list || list.length === 0) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].span.start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const m = list[found];
    if (offset > m.span.end) return undefined;
    if (m.kind === 'text' && !this.definedIn.has(m.key)) return undefined;
    return m;
  }

  /** Every mention of an ID in the workspace, file by file (text words included), unresolved. */
  mentionsOf(id: string): Mention[] {
    const perFile = this.byKey.get(idKey(id));
    if (!perFile) return [];
    const out: Mention[] = [];
    for (const list of perFile.values()) for (const x of list) out.push(x);
    return out;
  }

  /** Whether some backlog has an item with the ID. */
  isDefined(id: string): boolean {
    return this.definedIn.has(idKey(id));
  }

  /** Counts, for logs and the benchmark. */
  stats(): { files: number; backlogs: number; items: number; mentions: number; ids: number } {
    let backlogs = 0;
    let items = 0;
    let mentions = 0;
    for (const f of this.files.values()) {
      if (f.backlog) {
        backlogs++;
        items += f.backlog.items.length;
      }
      mentions += f.mentions.length;
    }
    return { files: this.files.size, backlogs, items, mentions, ids: this.definedIn.size };
  }
}
