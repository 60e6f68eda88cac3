// Recognises "As a <role>, I want <goal>, so that <benefit>" and its variants in the languages of vocabulary.ts.
// Works on a plain-text projection of the item's source (markup, list and quote markers removed, soft line breaks
// folded to spaces) that keeps a map back to source offsets, so the statement gets an exact span.
import type { Span, ValueStatement } from './model';
import { STATEMENT_LANGUAGES } from './vocabulary';

/** Plain text with, for every character, the source offset it came from. */
export interface PlainText {
  readonly text: string;
  readonly offsets: readonly number[];
}

/**
 * Projects source[start, end) to plain text: drops emphasis/code markup, list markers, quote markers and checkboxes
 * at line starts, `<br>` tags and backslash breaks; folds line breaks to spaces and blank lines to a `\n` that stops
 * a statement. Segments listed in `skip` (code blocks, criteria) are left out.
 */
export function toPlainText(source: string, start: number, end: number, skip: readonly Span[] = []): PlainText {
  let text = '';
  const offsets: number[] = [];
  const push = (ch: string, at: number) => {
    text += ch;
    offsets.push(at);
  };
  let lineStart = true;
  let blankRun = 0;
  let i = start;
  let skipIdx = 0;
  const sortedSkip = [...skip].sort((a, b) => a.start - b.start);
  while (i < end) {
    while (skipIdx < sortedSkip.length && sortedSkip[skipIdx].end <= i) skipIdx++;
    if (skipIdx < sortedSkip.length && sortedSkip[skipIdx].start <= i) {
      i = sortedSkip[skipIdx].end;
      if (text.length > 0 && !text.endsWith('\n')) push('\n', i);
      lineStart = true;
      continue;
    }
    const ch = source[i];
    if (ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\n') {
      if (lineStart) blankRun++;
      if (blankRun >= 1 && lineStart) {
        if (!text.endsWith('\n')) push('\n', i);
      } else if (!text.endsWith(' ') && !text.endsWith('\n') && text.length > 0) {
        push(' ', i);
      }
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart) {
      // Strip indentation, quote markers, list markers and checkboxes at the start of a line.
      const rest = source.slice(i, Math.min(end, i + 24));
      const m = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+•●]|\d{1,3}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?/.exec(rest);
      if (m && m[0].length > 0) {
        i += m[0].length;
        if (i >= end || source[i] === '\n' || source[i] === '\r') continue;
      }
      lineStart = false;
      blankRun = 0;
    }
    const c = source[i];
    if (c === '*' || c === '_' || c === '`' || c === '~') {
      // Emphasis/code markup; an underscore inside a word (snake_case) is text.
      if (c === '_' && /\w/.test(source[i - 1] ?? '') && /\w/.test(source[i + 1] ?? '')) push(c, i);
      i++;
      continue;
    }
    if (c === '<') {
      const tag = /^<\/?(?:br|p|b|i|em|strong|span|u)\s*\/?>/i.exec(source.slice(i, i + 12));
      if (tag) {
        if (!text.endsWith(' ')) push(' ', i);
        i += tag[0].length;
        continue;
      }
    }
    if (c === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      i++;
      continue;
    }
    if (c === '\t') {
      if (!text.endsWith(' ')) push(' ', i);
      i++;
      continue;
    }
    if (c === ' ' && text.endsWith(' ')) {
      i++;
      continue;
    }
    push(c, i);
    i++;
  }
  return { text, offsets };
}

interface CompiledLanguage {
  readonly code: string;
  readonly patterns: readonly RegExp[];
  /** Any want or benefit keyword: a role that contains one was cut at the wrong place. */
  readonly keyword: RegExp;
  /** A benefit keyword: in the forward form, one before the want clause means the benefit came first. */
  readonly benefitKeyword: RegExp;
  /** Cheap pre-checks: the full patterns backtrack, so run them only where both keywords occur. */
  readonly roleKeyword: RegExp;
  readonly wantKeyword: RegExp;
}

// Word boundaries that work for Cyrillic and accented letters (\b is ASCII-only).
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
// A clause runs to the end of the sentence: `.`/`!`/`?` followed by a space or the end, or a paragraph break.
const CLAUSE_END = '(?=\\s*(?:[.!?;。！](?:\\s|$)|\\n|$))';

function compile(): CompiledLanguage[] {
  return STATEMENT_LANGUAGES.map((l) => {
    const cjk = l.code === 'zh';
    const b = cjk ? '' : B;
    const e = cjk ? '' : E;
    const sep = cjk ? '[\\s，,、]*' : '[\\s,;:—–-]*';
    const role = `${b}(?<roleKw>${l.role})${e}\\s*(?<role>[^\\n]{1,160}?)`;
    const want = `${b}(?<wantKw>${l.want})${e}\\s*(?<want>[^\\n]+?)`;
    const benefit = `${b}(?<benefitKw>${l.benefit})${e}\\s*(?<benefit>[^\\n]+?)`;
    return {
      code: l.code,
      patterns: [
        new RegExp(`${role}${sep}${want}(?:${sep}${benefit})?${CLAUSE_END}`, 'giu'),
        new RegExp(`${role}${sep}${benefit}${sep}${want}${CLAUSE_END}`, 'giu'),
      ],
      keyword: new RegExp(`${b}(?:${l.want}|${l.benefit})${e}`, 'iu'),
      benefitKeyword: new RegExp(`${b}(?:${l.benefit})${e}`, 'iu'),
      roleKeyword: new RegExp(`${b}(?:${l.role})${e}`, 'iu'),
      wantKeyword: new RegExp(`${b}(?:${l.want})${e}`, 'iu'),
    };
  });
}

const LANGUAGES = compile();

const clean = (s: string | undefined): string | null => {
  if (s === undefined) return null;
  const t = s.replace(/^[\s,;:—–-]+|[\s,;:—–.!?。]+$/g, '').trim();
  return t.length > 0 ? t : null;
};

/**
 * The role keyword must open a sentence, a line, a cell or a clause (`US-1: As a ...`), or be capitalised, so that
 * prose such as "works as a charm and I want" is not a statement.
 */
function startsStatement(text: string, m: RegExpExecArray, cjk: boolean): boolean {
  if (cjk || m.index === 0) return true;
  const kw = m.groups?.roleKw ?? '';
  if (kw[0] !== kw[0].toLowerCase()) return true;
  return /(?:^|[\n.!?:;|(>\-–—*])\s*$/.test(text.slice(Math.max(0, m.index - 8), m.index));
}

function firstMatch(plain: PlainText, lang: CompiledLanguage, re: RegExp, forward: boolean): RegExpExecArray | null {
  re.lastIndex = 0;
  for (let tries = 0; tries < 20; tries++) {
    const m = re.exec(plain.text);
    if (!m) return null;
    const role = m.groups?.role ?? '';
    const benefitBeforeWant = forward && lang.benefitKeyword.test(`${role} ${m.groups?.wantKw ?? ''}`);
    const ok = startsStatement(plain.text, m, lang.code === 'zh') && !lang.keyword.test(role) && !benefitBeforeWant;
    if (ok && role.trim().length <= 120) return m;
    re.lastIndex = m.index + 1;
  }
  return null;
}

/** Finds the first value statement in the plain text, or null. */
export function findValueStatement(plain: PlainText): ValueStatement | null {
  let best: { m: RegExpExecArray; code: string } | null = null;
  for (const lang of LANGUAGES) {
    if (!lang.roleKeyword.test(plain.text) || !lang.wantKeyword.test(plain.text)) continue;
    for (const [i, re] of lang.patterns.entries()) {
      const m = firstMatch(plain, lang, re, i === 0);
      if (m && (!best || m.index < best.m.index)) best = { m, code: lang.code };
    }
  }
  if (!best) return null;
  const g = best.m.groups ?? {};
  const role = clean(g.role);
  const want = clean(g.want);
  if (!want || !role) return null;
  const startIdx = best.m.index;
  const endIdx = best.m.index + best.m[0].length - 1;
  const span: Span = { start: plain.offsets[startIdx], end: plain.offsets[Math.max(startIdx, endIdx)] + 1 };
  return { role, want, benefit: clean(g.benefit), language: best.code, span };
}
