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
  const chars: string[] = [];
  const offsets: number[] = [];
  let last = '';
  const push = (ch: string, at: number) => {
    chars.push(ch);
    offsets.push(at);
    last = ch;
  };
  let lineStart = true;
  let i = start;
  let skipIdx = 0;
  const sortedSkip = skip.length > 1 ? [...skip].sort((a, b) => a.start - b.start) : skip;
  while (i < end) {
    while (skipIdx < sortedSkip.length && sortedSkip[skipIdx].end <= i) skipIdx++;
    if (skipIdx < sortedSkip.length && sortedSkip[skipIdx].start <= i) {
      i = sortedSkip[skipIdx].end;
      if (chars.length > 0 && last !== '\n') push('\n', i);
      lineStart = true;
      continue;
    }
    const c = source[i];
    if (c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      if (lineStart) {
        // A blank line ends a paragraph: a statement does not run across it.
        if (last !== '\n') push('\n', i);
      } else if (last !== ' ' && last !== '\n' && chars.length > 0) {
        push(' ', i);
      }
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart) {
      // Strip indentation, quote markers, list markers (also `i.` roman numerals) and checkboxes at a line start.
      const m = LINE_LEAD.exec(source.slice(i, Math.min(end, i + 24)));
      if (m && m[0].length > 0) {
        i += m[0].length;
        if (i >= end || source[i] === '\n' || source[i] === '\r') continue;
      }
      lineStart = false;
    }
    const ch = source[i];
    if (ch === '*' || ch === '_' || ch === '`' || ch === '~') {
      // Emphasis/code markup; an underscore inside a word (snake_case) is text.
      if (ch === '_' && WORD.test(source[i - 1] ?? '') && WORD.test(source[i + 1] ?? '')) push(ch, i);
      i++;
      continue;
    }
    if (ch === '<') {
      const tag = INLINE_TAG.exec(source.slice(i, i + 12));
      if (tag) {
        if (last !== ' ') push(' ', i);
        i += tag[0].length;
        continue;
      }
    }
    if (ch === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      i++;
      continue;
    }
    if (ch === '\t' || ch === '\u00a0') {
      if (last !== ' ') push(' ', i);
      i++;
      continue;
    }
    if (ch === '\u200b' || ch === '\u200c' || ch === '\u200d' || ch === '\ufeff') {
      i++;
      continue;
    }
    if (ch === ' ' && last === ' ') {
      i++;
      continue;
    }
    push(ch, i);
    i++;
  }
  return { text: chars.join(''), offsets };
}

const LINE_LEAD = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+•●]|\d{1,3}[.)]|[ivx]{1,4}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?/;
const INLINE_TAG = /^<\/?(?:br|p|b|i|em|strong|span|u)\s*\/?>/i;
const WORD = /\w/;

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
  /** A whole line that is only a role and a want keyword: a stem for the items after it. */
  readonly stem: RegExp;
  /** A benefit keyword after some text, to split an item under a stem into want and benefit. */
  readonly benefitSplit: RegExp;
}

// Word boundaries that work for Cyrillic and accented letters (\b is ASCII-only). A keyword that ends with an
// apostrophe (`en tant qu'`) is followed directly by the next word.
const B = '(?<![\\p{L}\\p{N}])';
const E = "(?:(?<=['’])|(?![\\p{L}\\p{N}]))";
// A clause runs to the end of the sentence: `.`/`!`/`?` followed by a space or the end, or a paragraph break. A dot
// inside an abbreviation (`z.B.`, `e.g.`) does not end it.
const CLAUSE_END = '(?<!(?:^|[^\\p{L}])\\p{L}\\.\\p{L})(?=\\s*(?:[.!?;。！](?:\\s|$)|\\n|$))';

function compile(): CompiledLanguage[] {
  return STATEMENT_LANGUAGES.map((l) => {
    const cjk = l.code === 'zh';
    const b = cjk ? '' : B;
    const e = cjk ? '' : E;
    // Separators between clauses stay within a paragraph: the projection's `\n` is a blank line.
    const sep = cjk ? '[ \\t，,、]*' : '[ \\t,;:—–-]*';
    // Before a want clause that follows the benefit (`So I can use it, I want to sign up`): a comma or dash.
    const strictSep = cjk ? '[ \\t，,、]*' : '[ \\t]*[,;:—–-][ \\t,;:—–-]*';
    const role = `${b}(?<roleKw>${l.role})${e}[ \\t]*(?<role>[^\\n]{1,160}?)`;
    const want = `${b}(?<wantKw>${l.want})${e}[ \\t]*(?<want>[^\\n]+?)`;
    const benefit = `${b}(?<benefitKw>${l.benefit})${e}[ \\t]*(?<benefit>[^\\n]+?)`;
    return {
      code: l.code,
      patterns: [
        new RegExp(`${role}${sep}${want}(?:${sep}${benefit})?${CLAUSE_END}`, 'giu'),
        new RegExp(`${role}${sep}${benefit}${strictSep}${want}${CLAUSE_END}`, 'giu'),
        new RegExp(`${role}${sep}${benefit}${sep}${want}${CLAUSE_END}`, 'giu'),
      ],
      keyword: new RegExp(`${b}(?:${l.want}|${l.benefit})${e}`, 'iu'),
      benefitKeyword: new RegExp(`${b}(?:${l.benefit})${e}`, 'iu'),
      roleKeyword: new RegExp(`${b}(?:${l.role})${e}`, 'iu'),
      wantKeyword: new RegExp(`${b}(?:${l.want})${e}`, 'iu'),
      stem: new RegExp(
        `^\\s*${b}(?<roleKw>${l.role}${l.stemRole ? `|${l.stemRole}` : ''})${e}\\s*(?<role>[^\\n]{1,80}?)[\\s,]*${b}(?<wantKw>${l.want}${l.stemWant ? `|${l.stemWant}` : ''})${e}(?:\\s+(?:to|zu|de|à))?\\s*(?:\\.{2,}|…|[:：])?\\s*$`,
        'iu',
      ),
      benefitSplit: new RegExp(`[\\s,;:—–-]+${b}(?:${l.benefit})${e}\\s*`, 'iu'),
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

/** A line that factors the role out of the items after it: `As a user I want ...`, `A user should be able to:`. */
export interface Stem {
  readonly role: string;
  readonly language: string;
}

/** Reads a stem from plain text (one short paragraph), or null. */
export function findStem(text: string): Stem | null {
  if (text.length > 160) return null;
  for (const lang of LANGUAGES) {
    const m = lang.stem.exec(text);
    if (!m) continue;
    const role = clean(m.groups?.role);
    if (role && !lang.keyword.test(role)) return { role, language: lang.code };
  }
  return null;
}

/**
 * The value statement of an item under a stem: the role comes from the stem, the item's text is the want (up to a
 * benefit keyword of the stem's language) and the benefit.
 */
export function statementUnderStem(stem: Stem, plain: PlainText): ValueStatement | null {
  const lang = LANGUAGES.find((l) => l.code === stem.language);
  const text = plain.text.split('\n')[0];
  const lead = /^[\s.…]*/.exec(text)![0].length;
  const body = text.slice(lead).replace(/[\s.…]+$/, '');
  if (!lang || body.length === 0) return null;
  const split = lang.benefitSplit.exec(body);
  const want = clean(split ? body.slice(0, split.index) : body);
  const benefit = split ? clean(body.slice(split.index + split[0].length)) : null;
  if (!want) return null;
  const span: Span = { start: plain.offsets[lead], end: plain.offsets[lead + body.length - 1] + 1 };
  return { role: stem.role, want, benefit, language: stem.language, span };
}
