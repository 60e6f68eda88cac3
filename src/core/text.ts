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

/** Maps offsets to 1-based line and column (UTF-16 code units, as editors count). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
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
