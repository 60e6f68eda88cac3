// Recognises "As a <role>, I want <goal>, so that <benefit>" and its variants in the languages of vocabulary.ts.
// Works on a plain-text projection of the item's source (markup, list and quote markers removed, soft line breaks
// folded to spaces) that keeps a map back to source offsets, so the statement gets an exact span.
import type { Span, ValueStatement } from './model';
import { STATEMENT_LANGUAGES, type StatementLanguage } from './vocabulary';

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
        // A skipped span may start right after the marker (a field line's text): check again before reading on.
        lineStart = false;
        continue;
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
    // A backslash escape is the character it escapes (`a\\|b` in a table cell reads `a|b`, `\\*` a literal star).
    if (ch === '\\' && i + 1 < end && ESCAPED.test(source[i + 1])) {
      push(source[i + 1], i + 1);
      i += 2;
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
/** ASCII punctuation: what a backslash escapes in CommonMark. */
const ESCAPED = /[!-/:-@[-`{-~]/;

interface CompiledLanguage {
  readonly code: string;
  /** The role, want and benefit keywords, for StatementScanner. */
  readonly roleKw: Keywords;
  readonly wantKw: Keywords;
  readonly benefitKw: Keywords;
  /** Characters allowed between clauses; `strict`: one of them must be a comma or dash (null: no such rule). */
  readonly sep: ReadonlySet<string>;
  readonly strict: boolean;
  /** Any want or benefit keyword: a role that contains one was cut at the wrong place. */
  readonly keyword: RegExp;
  /** A benefit keyword: in the forward form, one before the want clause means the benefit came first. */
  readonly benefitKeyword: RegExp;
  /** A whole line that is only a role and a want keyword: a stem for the items after it. */
  readonly stem: RegExp;
  /** A line that is only a role clause (`As a teacher,`): a stem whose items open with the want (`I want to ...`). */
  readonly roleStem: RegExp;
  /** A want keyword opening an item under a stem (sticky at 0). */
  readonly wantAtStart: RegExp;
  /** A benefit keyword that may open the next sentence (sticky), or null. */
  readonly sentenceBenefit: RegExp | null;
  readonly purpose: StatementLanguage['purpose'];
}

/**
 * A keyword alternation (`as an?|as the|as`): one pattern that finds where any of them starts, and each alternative
 * on its own, in the order a regular expression would try them, to know every length a keyword can have there.
 */
interface Keywords {
  readonly any: RegExp;
  readonly each: readonly RegExp[];
}

/**
 * The alternatives of a keyword pattern with its groups spread out, in backtracking order:
 * `i\s+(?:want|need)` → `i\s+want`, `i\s+need`; `möchte\s+(?:nur\s+)?ich` → with the group, then without.
 * Handles what vocabulary.ts writes: literals, escapes, classes, and `(?:…)` groups, optional or not.
 */
export function expandAlternatives(pattern: string): string[] {
  let i = 0;
  const sequence = (): string[][] => {
    const alternatives: string[][] = [];
    let parts: string[][] = [];
    let literal = '';
    const flush = () => {
      if (literal) parts.push([literal]);
      literal = '';
    };
    const close = () => {
      flush();
      let out = [''];
      for (const options of parts) out = out.flatMap((prefix) => options.map((o) => prefix + o));
      alternatives.push(out);
      parts = [];
    };
    while (i < pattern.length) {
      const c = pattern[i];
      if (c === '|') {
        close();
        i++;
      } else if (c === ')') break;
      else if (pattern.startsWith('(?=', i)) {
        // A lookahead (`以(?=防止|避免)`) is zero-width: copied into the alternative as it is (no nested groups).
        const end = pattern.indexOf(')', i);
        literal += pattern.slice(i, end + 1);
        i = end + 1;
      } else if (pattern.startsWith('(?:', i)) {
        flush();
        i += 3;
        const inner = sequence().flat();
        if (pattern[i] !== ')') throw new Error(`unbalanced group in ${pattern}`);
        i++;
        if (pattern[i] === '?') {
          i++;
          inner.push('');
        } else if (pattern[i] === '*' || pattern[i] === '+' || pattern[i] === '{') throw new Error(`repeated group in ${pattern}`);
        parts.push(inner);
      } else if (c === '(') throw new Error(`capturing group in ${pattern}`);
      else if (c === '\\') {
        literal += pattern.slice(i, i + 2);
        i += 2;
      } else if (c === '[') {
        const end = pattern.indexOf(']', i + 1);
        literal += pattern.slice(i, end + 1);
        i = end + 1;
      } else {
        literal += c;
        i++;
      }
    }
    close();
    return alternatives;
  };
  return sequence().flat();
}

// Word boundaries that work for Cyrillic and accented letters (\b is ASCII-only). A keyword that ends with an
// apostrophe (`en tant qu'`) is followed directly by the next word.
const B = '(?<![\\p{L}\\p{N}])';
const E = "(?:(?<=['’])|(?![\\p{L}\\p{N}]))";
// A clause runs to the end of the sentence: `.`/`!`/`?` followed by a space or the end, or a paragraph break. A dot
// inside an abbreviation (`z.B.`, `e.g.`) does not end it. The abbreviation is a lookbehind tested at one position
// (sticky: constant work); what follows is read by StatementScanner.
const ABBREVIATION_BEFORE = /(?<=(?:^|[^\p{L}])\p{L}\.\p{L})/uy;
const SENTENCE_MARK = new Set(['.', '!', '?', ';', '。', '！']);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

function compile(): CompiledLanguage[] {
  return STATEMENT_LANGUAGES.map((l) => {
    const cjk = l.code === 'zh';
    const b = cjk ? '' : B;
    const e = cjk ? '' : E;
    const keywords = (pattern: string): Keywords => ({
      any: new RegExp(`${b}(?:${pattern})${e}`, 'giu'),
      each: expandAlternatives(pattern).map((alt) => new RegExp(`${b}(?:${alt})${e}`, 'iuy')),
    });
    return {
      code: l.code,
      roleKw: keywords(l.role),
      wantKw: keywords(l.want),
      benefitKw: keywords(l.benefit),
      // Separators between clauses stay within a paragraph: the projection's `\n` is a blank line. Before a want
      // clause that follows the benefit (`So I can use it, I want to sign up`): a comma or dash.
      sep: new Set(cjk ? [' ', '\t', '，', ',', '、'] : [' ', '\t', ',', ';', ':', '—', '–', '-']),
      strict: !cjk,
      keyword: new RegExp(`${b}(?:${l.want}|${l.benefit})${e}`, 'iu'),
      benefitKeyword: new RegExp(`${b}(?:${l.benefit})${e}`, 'iu'),
      stem: new RegExp(
        `^\\s*${b}(?<roleKw>${l.role}${l.stemRole ? `|${l.stemRole}` : ''})${e}\\s*(?<role>[^\\n]{1,80}?)[\\s,]*${b}(?<wantKw>${l.want}${l.stemWant ? `|${l.stemWant}` : ''})${e}(?:\\s+(?:to|zu|de|à))?\\s*(?:\\.{2,}|…|[:：])?\\s*$`,
        'iu',
      ),
      roleStem: new RegExp(`^\\s*${b}(?<roleKw>${l.role})${e}\\s*(?<role>[^\\n,;:：，]{1,60}?)\\s*[,;:：，]\\s*$`, 'iu'),
      wantAtStart: new RegExp(`${b}(?:${l.want})${e}[ \\t]*`, 'iuy'),
      sentenceBenefit: l.sentenceBenefit ? new RegExp(`${b}(?:${l.sentenceBenefit})${e}`, 'iuy') : null,
      purpose: l.purpose,
    };
  });
}

const LANGUAGES = compile();

const TRIM_START = new Set([' ', '\t', '\n', '\r', '\u00a0', ',', ';', ':', '—', '–', '-']);
const TRIM_END = new Set([' ', '\t', '\n', '\r', '\u00a0', ',', ';', ':', '—', '–', '.', '!', '?', '。']);

/** A clause without the separators and sentence marks around it (a loop, not a regex: clauses can be long). */
const clean = (s: string | undefined): string | null => {
  if (s === undefined) return null;
  let a = 0;
  let z = s.length;
  while (a < z && (TRIM_START.has(s[a]) || /\s/.test(s[a]))) a++;
  while (z > a && (TRIM_END.has(s[z - 1]) || /\s/.test(s[z - 1]))) z--;
  return z > a ? s.slice(a, z) : null;
};

/** A keyword found in the text: where it starts, and where it can end (in the order the pattern tries them). */
interface Occurrence {
  readonly start: number;
  readonly ends: readonly number[];
}

/** Every place a keyword starts, overlapping ones included. Linear: a keyword is a bounded alternation. */
function occurrences(kw: Keywords, text: string): Occurrence[] {
  const out: Occurrence[] = [];
  kw.any.lastIndex = 0;
  for (let m = kw.any.exec(text); m; m = kw.any.exec(text)) {
    const ends: number[] = [];
    for (const re of kw.each) {
      re.lastIndex = m.index;
      if (re.test(text) && !ends.includes(re.lastIndex)) ends.push(re.lastIndex);
    }
    out.push({ start: m.index, ends });
    kw.any.lastIndex = m.index + 1;
  }
  return out;
}

/** A statement found by one of the three clause orders, as offsets into the plain text. */
interface Match {
  readonly index: number;
  readonly end: number;
  readonly roleKw: string;
  readonly role: string;
  readonly wantKw: string;
  readonly want: string;
  /** Where the want clause starts in the text. */
  readonly wantStart: number;
  readonly benefitKw: string | undefined;
  readonly benefit: string | undefined;
}

/**
 * One text, searched for statements in every language. The statement patterns were regular expressions once; with
 * lazy clauses and a lookahead for the clause end they backtracked cubically when no clause end followed (a
 * paragraph of repeated statements ending in `e.g`). This scanner does what they did in linear time: keyword
 * positions are found once, clause ends and separator runs are tabulated once, and each candidate start costs a few
 * lookups.
 */
class StatementScanner {
  readonly text: string;
  private ends: Int32Array | null = null;
  private readonly runs = new Map<ReadonlySet<string>, { start: Int32Array; end: Int32Array }>();
  private newline: Int32Array | null = null;

  constructor(text: string) {
    this.text = text;
  }

  /** The first valid clause end at or after `i` within the paragraph, or -1. */
  nextEnd(i: number): number {
    if (!this.ends) {
      const t = this.text;
      const n = t.length;
      const ends = new Int32Array(n + 2);
      ends[n + 1] = -1;
      // Scanning backwards: the first non-space at or after p, and whether a line break lies before it.
      let nonSpace = n;
      let newlineBefore = false;
      for (let p = n; p >= 0; p--) {
        if (p < n) {
          if (isSpace(t[p])) newlineBefore ||= t[p] === '\n';
          else {
            nonSpace = p;
            newlineBefore = false;
          }
        }
        ABBREVIATION_BEFORE.lastIndex = p;
        const abbreviation = p >= 3 && ABBREVIATION_BEFORE.test(t);
        const mark = nonSpace < n && SENTENCE_MARK.has(t[nonSpace]) && (nonSpace + 1 === n || isSpace(t[nonSpace + 1]));
        const valid = !abbreviation && (nonSpace === n || mark || newlineBefore);
        ends[p] = valid ? p : p === n || t[p] === '\n' ? -1 : ends[p + 1];
      }
      this.ends = ends;
    }
    return i < 0 || i > this.text.length ? -1 : this.ends[i];
  }

  /** For a set of separator characters: where the run of them that contains or starts at `i` ends / starts. */
  private runsOf(chars: ReadonlySet<string>): { start: Int32Array; end: Int32Array } {
    let r = this.runs.get(chars);
    if (!r) {
      const t = this.text;
      const n = t.length;
      const start = new Int32Array(n + 1);
      const end = new Int32Array(n + 1);
      for (let i = 0; i <= n; i++) start[i] = i > 0 && chars.has(t[i - 1]) ? start[i - 1] : i;
      for (let i = n; i >= 0; i--) end[i] = i < n && chars.has(t[i]) ? end[i + 1] : i;
      r = { start, end };
      this.runs.set(chars, r);
    }
    return r;
  }

  /** The first position at or after `from` that is not one of `chars`. */
  skip(from: number, chars: ReadonlySet<string>): number {
    if (chars === SPACE) {
      let i = from;
      while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
      return i;
    }
    return this.runsOf(chars).end[from];
  }

  /** Start of the run of `chars` that ends at `to`, not before `floor`. */
  runStart(to: number, chars: ReadonlySet<string>, floor: number): number {
    return Math.max(this.runsOf(chars).start[to], Math.min(floor, to));
  }

  /** Whether [from, to) holds no paragraph break. */
  sameParagraph(from: number, to: number): boolean {
    if (!this.newline) {
      const t = this.text;
      const nl = new Int32Array(t.length + 1);
      nl[t.length] = t.length;
      for (let i = t.length - 1; i >= 0; i--) nl[i] = t[i] === '\n' ? i : nl[i + 1];
      this.newline = nl;
    }
    return from >= this.text.length || this.newline[from] >= to;
  }

  /**
   * Content of a clause after a keyword ending at `kwEnd`: spaces, then at least one character up to a valid clause
   * end. Returns [start, end) or null. The spaces are tried greedily first, as the patterns did.
   */
  clauseAfter(kwEnd: number): [number, number] | null {
    for (let s = this.skip(kwEnd, SPACE); s >= kwEnd; s--) {
      if (s >= this.text.length || this.text[s] === '\n') continue;
      const end = this.nextEnd(s + 1);
      if (end >= 0) return [s, end];
    }
    return null;
  }
}

const SPACE: ReadonlySet<string> = new Set([' ', '\t']);

/** The first occurrence starting at or after `at` (occurrences are sorted by start), as an index, or -1. */
function firstFrom(list: readonly Occurrence[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? lo : -1;
}

/**
 * The roles after a role keyword ending at `kwEnd`, up to the first keyword of `next` behind separators: 1 to 160
 * characters of one paragraph, the shortest that works (a later keyword cannot work where the first did not). One
 * candidate per number of spaces left between the keyword and the role, most spaces first, as the patterns tried.
 */
function roleCandidates(sc: StatementScanner, lang: CompiledLanguage, kwEnd: number, next: readonly Occurrence[]): { start: number; end: number; kw: Occurrence }[] {
  const out: { start: number; end: number; kw: Occurrence }[] = [];
  for (let roleStart = sc.skip(kwEnd, SPACE); roleStart >= kwEnd; roleStart--) {
    const k = firstFrom(next, roleStart + 1);
    if (k < 0) continue;
    const kw = next[k];
    const end = sc.runStart(kw.start, lang.sep, roleStart + 1);
    if (end - roleStart <= 160 && sc.sameParagraph(roleStart, end)) out.push({ start: roleStart, end, kw });
  }
  return out;
}

function match(
  sc: StatementScanner,
  r: Occurrence,
  rEnd: number,
  role: { start: number; end: number },
  w: Occurrence,
  wEnd: number,
  want: [number, number],
  end: number,
  benefit?: [number, number],
  benefitKw?: string,
): Match {
  const t = sc.text;
  return {
    index: r.start,
    end,
    roleKw: t.slice(r.start, rEnd),
    role: t.slice(role.start, role.end),
    wantKw: t.slice(w.start, wEnd),
    want: t.slice(want[0], want[1]),
    wantStart: want[0],
    benefitKw,
    benefit: benefit && t.slice(benefit[0], benefit[1]),
  };
}

/** `role sep want (sep benefit)? END` at a role keyword: the forward form. */
function forwardAt(sc: StatementScanner, lang: CompiledLanguage, r: Occurrence, wants: readonly Occurrence[], benefitAt: ReadonlyMap<number, Occurrence>): Match | null {
  const t = sc.text;
  for (const rEnd of r.ends) {
    for (const role of roleCandidates(sc, lang, rEnd, wants)) {
      for (const wEnd of role.kw.ends) {
        for (let ws = sc.skip(wEnd, SPACE); ws >= wEnd; ws--) {
          if (ws >= t.length || t[ws] === '\n' || sc.nextEnd(ws + 1) < 0) continue;
          // The want clause is lazy: at each possible end, a benefit clause is tried first, then the clause end.
          for (let p = ws + 1; p <= t.length; p++) {
            let b = benefitAt.get(sc.skip(p, lang.sep));
            // A benefit that opens the next sentence: `I want to book a room. So that ...`, `... Così posso ...`.
            if (!b && lang.sentenceBenefit && (t[p] === '.' || t[p] === '!')) {
              const q = sc.skip(p + 1, SPACE);
              lang.sentenceBenefit.lastIndex = q;
              if (q > p + 1 && lang.sentenceBenefit.test(t)) b = benefitAt.get(q);
            }
            if (b) {
              for (const bEnd of b.ends) {
                const benefit = sc.clauseAfter(bEnd);
                if (benefit) return match(sc, r, rEnd, role, role.kw, wEnd, [ws, p], benefit[1], benefit, t.slice(b.start, bEnd));
              }
            }
            if (sc.nextEnd(p) === p) return match(sc, r, rEnd, role, role.kw, wEnd, [ws, p], p);
            if (p >= t.length || t[p] === '\n') break;
          }
        }
      }
    }
  }
  return null;
}

/** `role sep benefit sep want END`: the benefit first; `strict` needs a comma or dash before the want clause. */
function benefitFirstAt(sc: StatementScanner, lang: CompiledLanguage, r: Occurrence, wants: readonly Occurrence[], benefits: readonly Occurrence[], strict: boolean): Match | null {
  const t = sc.text;
  for (const rEnd of r.ends) {
    for (const role of roleCandidates(sc, lang, rEnd, benefits)) {
      for (const bEnd of role.kw.ends) {
        for (let bs = sc.skip(bEnd, SPACE); bs >= bEnd; bs--) {
          if (bs >= t.length || t[bs] === '\n') continue;
          // The benefit clause is lazy: it ends at the first want keyword behind separators with a clause after it.
          // Bounded: a statement does not need its 32nd want keyword, and crafted text must not cost keywords squared.
          const first = firstFrom(wants, bs + 1);
          for (let k = first; k >= 0 && k < wants.length && k < first + 32; k++) {
            const w = wants[k];
            if (!sc.sameParagraph(bs, w.start)) break;
            const sepFrom = sc.runStart(w.start, lang.sep, bs + 1);
            // Only separators between sepFrom and the keyword: one of them is a comma or dash unless all are spaces.
            if (strict && lang.strict && sc.runStart(w.start, SPACE, sepFrom) <= sepFrom) continue;
            for (const wEnd of w.ends) {
              const want = sc.clauseAfter(wEnd);
              if (want) return match(sc, r, rEnd, role, w, wEnd, want, want[1], [bs, sepFrom]);
            }
          }
        }
      }
    }
  }
  return null;
}

/**
 * The role keyword must open a sentence, a line, a cell or a clause (`US-1: As a ...`), or be capitalised, so that
 * prose such as "works as a charm and I want" is not a statement.
 */
function startsStatement(text: string, m: Match, cjk: boolean): boolean {
  if (cjk || m.index === 0) return true;
  const kw = m.roleKw;
  if (kw[0] !== kw[0].toLowerCase()) return true;
  return /(?:^|[\n.!?:;|(>\-–—*])\s*$/.test(text.slice(Math.max(0, m.index - 8), m.index));
}

/** The first acceptable statement of one clause order in one language (20 candidates at most, as before). */
function firstMatch(sc: StatementScanner, lang: CompiledLanguage, roles: readonly Occurrence[], at: (r: Occurrence) => Match | null, forward: boolean): Match | null {
  let tries = 0;
  for (const r of roles) {
    const m = at(r);
    if (!m) continue;
    const benefitBeforeWant = forward && lang.benefitKeyword.test(`${m.role} ${m.wantKw}`);
    const ok = startsStatement(sc.text, m, lang.code === 'zh') && !lang.keyword.test(m.role) && !benefitBeforeWant;
    if (ok && m.role.trim().length <= 120) return m;
    if (++tries >= 20) return null;
  }
  return null;
}

/** Finds the first value statement in the plain text, or null. */
export function findValueStatement(plain: PlainText): ValueStatement | null {
  const sc = new StatementScanner(plain.text);
  let best: { m: Match; code: string } | null = null;
  for (const lang of LANGUAGES) {
    const roles = occurrences(lang.roleKw, plain.text);
    if (roles.length === 0) continue;
    const wants = occurrences(lang.wantKw, plain.text);
    if (wants.length === 0) continue;
    const benefits = occurrences(lang.benefitKw, plain.text);
    const benefitAt = new Map(benefits.map((b) => [b.start, b]));
    const orders: [(r: Occurrence) => Match | null, boolean][] = [
      [(r) => forwardAt(sc, lang, r, wants, benefitAt), true],
      [(r) => benefitFirstAt(sc, lang, r, wants, benefits, true), false],
      [(r) => benefitFirstAt(sc, lang, r, wants, benefits, false), false],
    ];
    for (const [at, forward] of orders) {
      const m = firstMatch(sc, lang, roles, at, forward);
      if (m && (!best || m.index < best.m.index)) best = { m, code: lang.code };
    }
  }
  if (!best) return finnishStatement(plain);
  const role = clean(best.m.role);
  let want = clean(best.m.want);
  let benefit = clean(best.m.benefit);
  const lang = LANGUAGES.find((l) => l.code === best!.code)!;
  // `per autore` is not a purpose clause: the want runs on, up to a keyword that opens one (or to the end).
  if (benefit !== null && best.m.benefitKw !== undefined && lang.purpose?.keyword.test(best.m.benefitKw) && !lang.purpose.next.test((best.m.benefit ?? '').slice(0, 80))) {
    ({ want, benefit } = splitWantBenefit(lang, plain.text.slice(best.m.wantStart, best.m.end)));
  }
  if (!want || !role) return null;
  const startIdx = best.m.index;
  const endIdx = best.m.end - 1;
  const span: Span = { start: plain.offsets[startIdx], end: plain.offsets[Math.max(startIdx, endIdx)] + 1 };
  return { role, want, benefit, language: best.code, span };
}

// Finnish puts the role in the essive case, with no keyword before it: `Käyttäjänä haluan tallentaa haun, jotta ...`
// ("as a user I want ..."). The role word ends in -na/-nä and opens a sentence or line; the want verb follows it.
const FI_WANT = /(?<![\p{L}\p{N}])(?:haluan|haluaisin|haluamme|tahdon|tarvitsen|tarvitsemme|toivon|voin|voimme|voisin|pystyn|pystymme|saan|täytyy)(?![\p{L}\p{N}])/iu;
const FI_STATEMENT =
  /(?:^|[.!?:;\n])[ \t]{0,8}(?<role>\p{L}{3,30}(?:na|nä))[ \t]{0,4},?[ \t]{1,4}(?<wantKw>haluan|haluaisin|haluamme|tahdon|tarvitsen|tarvitsemme|toivon|voin|voimme|voisin|pystyn|pystymme|saan)[ \t]{1,4}(?<rest>[^\n.!?]{1,400})/iu;
const FI_BENEFIT = /[ \t]*,?[ \t]+(?:jotta|niin[ \t]+että|että[ \t]+voin)[ \t]+/iu;
/** Adverbs in -na/-nä that are no role (`Huomenna voin ...`: "tomorrow I can"). */
const FI_NOT_ROLE = /^(?:huomenna|toissapäivänä|ensinnä|kotona|jälleen|joskus|aina|silloin|tänä|sinä|hänenä)$/i;

function finnishStatement(plain: PlainText): ValueStatement | null {
  const text = plain.text;
  if (!FI_WANT.test(text)) return null;
  const m = FI_STATEMENT.exec(text);
  if (!m || !m.groups || FI_NOT_ROLE.test(m.groups.role)) return null;
  const roleWord = m.groups.role;
  const roleStart = m.index + m[0].search(/\p{L}/u);
  const restStart = m.index + m[0].length - m.groups.rest.length;
  const rest = m.groups.rest;
  const b = FI_BENEFIT.exec(rest);
  const want = clean(b ? rest.slice(0, b.index) : rest);
  const benefit = b ? clean(rest.slice(b.index + b[0].length)) : null;
  if (!want) return null;
  // The role without its case ending: `Käyttäjänä` is "as a user", the role `Käyttäjä`.
  const role = roleWord.slice(0, -2);
  let end = restStart + rest.length;
  while (end > roleStart && /[\s,;]/.test(text[end - 1])) end--;
  return { role, want, benefit, language: 'fi', span: { start: plain.offsets[roleStart], end: plain.offsets[end - 1] + 1 } };
}

/**
 * Splits a want clause at its first benefit keyword behind separators that opens a benefit (a purpose preposition
 * only before a purpose clause): `sign up so that they can save posts`, `un filtro per data per trovarlo subito`.
 */
function splitWantBenefit(lang: CompiledLanguage, text: string): { want: string | null; benefit: string | null } {
  const sc = new StatementScanner(text);
  for (const b of occurrences(lang.benefitKw, text)) {
    const from = sc.runStart(b.start, STEM_SEP, 0);
    if (from >= b.start) continue;
    const after = sc.skip(b.ends[0], WHITESPACE);
    if (lang.purpose?.keyword.test(text.slice(b.start, b.ends[0])) && !lang.purpose.next.test(text.slice(after, after + 80))) continue;
    return { want: clean(text.slice(0, from)), benefit: clean(text.slice(after)) };
  }
  return { want: clean(text), benefit: null };
}

/** A line that factors the role out of the items after it: `As a user I want ...`, `A user should be able to:`. */
export interface Stem {
  readonly role: string;
  readonly language: string;
  /** Only the role (`As a teacher,`): the items under it must open with the want (`I want to ...`). */
  readonly roleOnly?: boolean;
}

/** Reads a stem from plain text (one short paragraph), or null. */
export function findStem(text: string): Stem | null {
  if (text.length > 160) return null;
  for (const lang of LANGUAGES) {
    const full = lang.stem.exec(text);
    const m = full ?? lang.roleStem.exec(text);
    if (!m) continue;
    const role = clean(m.groups?.role);
    if (role && !lang.keyword.test(role)) return full ? { role, language: lang.code } : { role, language: lang.code, roleOnly: true };
  }
  return null;
}

/**
 * The value statement of an item under a stem: the role comes from the stem, the item's text is the want (up to a
 * benefit keyword of the stem's language) and the benefit.
 */
export function statementUnderStem(stem: Stem, plain: PlainText): ValueStatement | null {
  const lang = LANGUAGES.find((l) => l.code === stem.language);
  const nl = plain.text.indexOf('\n');
  const text = nl === -1 ? plain.text : plain.text.slice(0, nl);
  const dots = (c: string) => c === '.' || c === '…' || /\s/.test(c);
  let start = 0;
  while (start < text.length && dots(text[start])) start++;
  if (!lang) return null;
  // `As a teacher,` over `* I want to create a quiz`: the want keyword opens the item.
  lang.wantAtStart.lastIndex = start;
  const kw = lang.wantAtStart.test(text) ? lang.wantAtStart.lastIndex : -1;
  if (stem.roleOnly && kw < 0) return null;
  const lead = kw >= 0 ? kw : start;
  let end = text.length;
  while (end > lead && dots(text[end - 1])) end--;
  const body = text.slice(lead, end);
  if (body.length === 0) return null;
  // The want runs to the first benefit keyword behind separators (`sign up so that they can save posts`).
  const { want, benefit } = splitWantBenefit(lang, body);
  if (!want) return null;
  const span: Span = { start: plain.offsets[start], end: plain.offsets[lead + body.length - 1] + 1 };
  return { role: stem.role, want, benefit, language: stem.language, span };
}

const STEM_SEP: ReadonlySet<string> = new Set([' ', '\t', '\u00a0', ',', ';', ':', '—', '–', '-']);
const WHITESPACE: ReadonlySet<string> = new Set([' ', '\t', '\u00a0', '\n']);
