// Small text utilities shared by the core: line terminators, line/column conversion.

/** The file's dominant line terminator (CRLF when at least half of the line breaks are CRLF). */
export function detectEol(text: string): '\n' | '\r\n' {
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf('\n'); i !== -1 && lf < 2000; i = text.indexOf('\n', i + 1)) {
    lf++;
    if (text.charCodeAt(i - 1) === 13) crlf++;
  }
  return crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
}

/** Maps offsets to 1-based line and column (UTF-16 code units, as editors count). Lines end at `\n`, `\r\n` or `\r`. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf !== -1 || cr !== -1) {
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // `\r\n` is one line break, a lone `\r` another.
        if (cr + 1 === lf) {
          this.starts.push(lf + 1);
          lf = text.indexOf('\n', lf + 1);
        } else this.starts.push(cr + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        this.starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      }
    }
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  /** Offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
}

/**
 * The text with every lone `\r` (one not followed by `\n`) as `\n`: the same length, so every offset is the same.
 * CommonMark ends a line at `\r` too; the parser and everything after it read the text through this view, so a
 * file with classic Mac line breaks reads and moves like any other. Returns the text itself when it has none.
 * Writers put the file's own line breaks back with restoreLoneCr.
 */
export function withLoneCrAsLf(text: string): string {
  let cr = text.indexOf('\r');
  while (cr !== -1 && text.charCodeAt(cr + 1) === 10) cr = text.indexOf('\r', cr + 2);
  if (cr === -1) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}

/**
 * `edited` is `withLoneCrAsLf(original)` after edits: the same text with the original's line breaks. Text outside the
 * edited range is the original's own; inside it, `\n` that is not part of `\r\n` becomes `\r` when lone `\r` is the
 * original's most common line break.
 */
export function restoreLoneCr(original: string, edited: string): string {
  const view = withLoneCrAsLf(original);
  if (view === original) return edited;
  let prefix = 0;
  const max = Math.min(view.length, edited.length);
  while (prefix < max && view.charCodeAt(prefix) === edited.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && view.charCodeAt(view.length - 1 - suffix) === edited.charCodeAt(edited.length - 1 - suffix)) suffix++;
  let lone = 0;
  let lf = 0;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c === 13 && original.charCodeAt(i + 1) !== 10) lone++;
    else if (c === 10 && original.charCodeAt(i - 1) !== 13) lf++;
  }
  let middle = edited.slice(prefix, edited.length - suffix);
  if (lone > lf) middle = middle.replace(/(?<!\r)\n/g, '\r');
  return original.slice(0, prefix) + middle + original.slice(original.length - suffix);
}

/** Start of the line that contains `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** End of the line that contains `offset`, before its terminator. */
export function lineEndOf(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl === -1) nl = text.length;
  return nl > 0 && text.charCodeAt(nl - 1) === 13 && nl - 1 >= offset ? nl - 1 : nl;
}

/** Offset just past trailing whitespace-only lines after `offset` (up to `limit`): the item's trailer end. */
export function skipBlankLines(text: string, offset: number, limit: number): number {
  let pos = offset;
  // Rest of the current line, if blank.
  const eol = text.indexOf('\n', pos);
  if (eol === -1 || eol >= limit) return /^[ \t\r]*$/.test(text.slice(pos, limit)) ? limit : pos;
  if (!/^[ \t\r]*$/.test(text.slice(pos, eol))) return pos;
  pos = eol + 1;
  while (pos < limit) {
    const next = text.indexOf('\n', pos);
    const end = next === -1 || next >= limit ? limit : next;
    if (!/^[ \t\r]*$/.test(text.slice(pos, end))) break;
    pos = end === limit ? limit : end + 1;
  }
  return pos;
}

/** Index of the last element of `list` (sorted by `startOf`) that starts at or before `offset`, or -1. O(log n). */
export function lastStartingAtOrBefore<T>(list: readonly T[], offset: number, startOf: (x: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(list[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Column from which a container marker (`>`, a list marker) no longer opens a container: see tameForParser. */
export const MAX_CONTAINER_COLUMN = 64;
/** Emphasis and strikethrough delimiter runs (`*`, `_`, `~`) read as such per paragraph: see tameForParser. */
export const MAX_DELIMITER_RUNS = 200;
/** Characters of one delimiter run read as delimiters (`***…` matches two at a time, each match a splice). */
export const MAX_DELIMITER_RUN_LENGTH = 32;

/**
 * The text as the markdown parser should see it: the same length and line breaks, with two kinds of nesting that
 * nobody writes on purpose cut off, because micromark's cost grows with them faster than with the text:
 * - block quote and list markers that start at column 64 or later are replaced by spaces (its cost per line grows
 *   with the number of open containers: a line of 8,000 `- ` took minutes; tree walks over them overflow the stack);
 * - in one paragraph (lines up to a blank line or a line that starts a block), emphasis and strikethrough delimiter
 *   runs after the 200th, and the characters of a run after its 32nd, are replaced by spaces (each match splices the
 *   paragraph's events: 4,000 nested `*a` took 15 s, 8,000 `*` around a word 11 s). Lines that are only delimiters and spaces (thematic breaks, fences) are left alone.
 * Offsets into the text stay exact; the model reads the user's text itself, never this one. Returns the text itself
 * when nothing is cut (almost always: one pass, no copy).
 */
export function tameForParser(text: string): string {
  let out: string[] | null = null;
  let copied = 0;
  const blank = (from: number, to: number) => {
    out ??= [];
    out.push(text.slice(copied, from), ' '.repeat(to - from));
    copied = to;
  };
  const n = text.length;
  let lf = -2;
  let cr = -2;
  let runs = 0;
  let pos = 0;
  while (pos < n) {
    // The end of this line: `\n`, `\r\n` or a lone `\r` (each next break is searched once per pass, not per line).
    if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    const eol = lf === -1 ? (cr === -1 ? n : cr) : cr === -1 ? lf : Math.min(lf, cr);
    // Container markers at the start of the line.
    let col = 0;
    let i = pos;
    let markers = 0;
    for (;;) {
      while (i < eol && (text[i] === ' ' || text[i] === '\t')) {
        col = text[i] === '\t' ? col + 4 - (col % 4) : col + 1;
        i++;
      }
      let width = 0;
      const c = text[i];
      if (c === '>') width = 1;
      else if ((c === '-' || c === '*' || c === '+') && (i + 1 >= eol || text[i + 1] === ' ' || text[i + 1] === '\t')) width = 1;
      else if (c >= '0' && c <= '9') {
        let d = i;
        while (d < eol && d - i < 9 && text[d] >= '0' && text[d] <= '9') d++;
        if ((text[d] === '.' || text[d] === ')') && (d + 1 >= eol || text[d + 1] === ' ' || text[d + 1] === '\t')) width = d + 1 - i;
      }
      if (width === 0 || i >= eol) break;
      if (col >= MAX_CONTAINER_COLUMN) blank(i, i + width);
      markers++;
      i += width;
      col += width;
    }
    // A blank line, a list item, a heading or a table row starts a new paragraph for the count of delimiter runs.
    if (i >= eol || markers > 0 || text[i] === '#' || text[i] === '|') runs = 0;
    let onlyDelimiters = true;
    for (let k = i; k < eol && onlyDelimiters; k++) onlyDelimiters = text[k] === '*' || text[k] === '_' || text[k] === '~' || text[k] === '-' || text[k] === ' ' || text[k] === '\t' || text[k] === '`';
    if (!onlyDelimiters) {
      for (let k = i; k < eol; ) {
        const c = text[k];
        if (c !== '*' && c !== '_' && c !== '~') {
          k++;
          continue;
        }
        let end = k + 1;
        while (end < eol && text[end] === c) end++;
        if (++runs > MAX_DELIMITER_RUNS) blank(k, end);
        else if (end - k > MAX_DELIMITER_RUN_LENGTH) blank(k + MAX_DELIMITER_RUN_LENGTH, end);
        k = end;
      }
    }
    pos = eol >= n ? n : eol + (text[eol] === '\r' && text[eol + 1] === '\n' ? 2 : 1);
  }
  if (!out) return text;
  (out as string[]).push(text.slice(copied));
  return (out as string[]).join('');
}
