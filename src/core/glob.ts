// Glob matching in linear time per path (times the pattern's length), for `backlogAsCode.files` and the CLI.
//
// picomatch turns a glob into a regular expression with a lazy `[^/]*?` per `*`: `*a*a*a*a*b.md` against a
// 200-character name backtracked for 25 s (issue #10). Here a segment is matched by the classic wildcard scan (a star
// remembers where to resume, no nested backtracking: O(name × pattern)) and `**` by a table over the segments.
// Supported: `*`, `?`, `**` as a whole segment, `[abc]`, `[a-z]`, `[!a]`/`[^a]`, `{a,b}` (nested, up to 64
// alternatives), `\` escapes, and a leading `!` that negates. Matching is case-insensitive and `*` matches dot files
// (picomatch's `nocase` and `dot`). Extglobs (`@(a|b)`, `+(a)`) are not supported: globFeatures says so.

type Token = { readonly t: 'lit'; readonly c: string } | { readonly t: 'one' } | { readonly t: 'star' } | { readonly t: 'class'; readonly negate: boolean; readonly set: readonly (readonly [string, string])[] };
type Segment = { readonly globstar: true } | { readonly globstar: false; readonly tokens: readonly Token[] };

export interface GlobOptions {
  /** A pattern without `/` is matched against the last segment (the file name) only. */
  readonly basename?: boolean;
}

/** What a pattern uses that this matcher does not read as picomatch would: extglobs. Empty when fully supported. */
export function unsupportedGlobSyntax(pattern: string): string | null {
  return /[@+!?*]\(/.test(pattern.replace(/^!/, '')) ? 'extglob patterns such as @(a|b) are not supported' : null;
}

/** A matcher for one glob. Paths use forward slashes; a leading `./` is ignored. */
export function compileGlob(pattern: string, options: GlobOptions = {}): (path: string) => boolean {
  let p = pattern;
  let negate = false;
  while (p.startsWith('!')) {
    negate = !negate;
    p = p.slice(1);
  }
  p = p.replace(/^\.\//, '');
  const alternatives = expandBraces(p).map((alt) => alt.split('/').filter((s, i, all) => s !== '' || i === all.length - 1).map(parseSegment));
  const basename = options.basename === true && !p.includes('/');
  return (path: string) => {
    const segments = path.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
    const target = basename ? segments.slice(-1) : segments;
    const hit = alternatives.some((alt) => matchSegments(alt, target));
    return negate ? !hit : hit;
  };
}

/** Whether any of the globs matches (picomatch.isMatch with an array). */
export function compileGlobs(patterns: readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const matchers = patterns.map((p) => compileGlob(p, options));
  return (path) => matchers.some((m) => m(path));
}

const MAX_ALTERNATIVES = 64;

/** `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`; a `{` without a top-level comma is literal. */
function expandBraces(pattern: string): string[] {
  let out = [''];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out = out.map((o) => o + pattern.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = matchingBrace(pattern, i);
      if (close !== -1) {
        const parts = splitTopLevel(pattern.slice(i + 1, close));
        if (parts.length > 1) {
          const options = parts.flatMap(expandBraces);
          const next: string[] = [];
          for (const o of out) for (const opt of options) if (next.length < MAX_ALTERNATIVES) next.push(o + opt);
          out = next;
          i = close + 1;
          continue;
        }
      }
    }
    out = out.map((o) => o + c);
    i++;
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(s.slice(from));
  return parts;
}

function parseSegment(seg: string): Segment {
  if (seg === '**') return { globstar: true };
  const tokens: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) tokens.push({ t: 'lit', c: seg[++i].toLowerCase() });
    else if (c === '*') {
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
    } else if (c === '?') tokens.push({ t: 'one' });
    else if (c === '[') {
      const cls = parseClass(seg, i);
      if (cls) {
        tokens.push(cls.token);
        i = cls.end;
      } else tokens.push({ t: 'lit', c: '[' });
    } else tokens.push({ t: 'lit', c: c.toLowerCase() });
  }
  return { globstar: false, tokens };
}

function parseClass(seg: string, open: number): { token: Token; end: number } | null {
  let i = open + 1;
  const negate = seg[i] === '!' || seg[i] === '^';
  if (negate) i++;
  const set: [string, string][] = [];
  let first = true;
  for (; i < seg.length; i++) {
    let c = seg[i];
    if (c === ']' && !first) return { token: { t: 'class', negate, set }, end: i };
    first = false;
    if (c === '\\' && i + 1 < seg.length) c = seg[++i];
    if (seg[i + 1] === '-' && i + 2 < seg.length && seg[i + 2] !== ']') {
      set.push([c, seg[i + 2]]);
      i += 2;
    } else set.push([c, c]);
  }
  return null;
}

function tokenMatches(token: Token, ch: string): boolean {
  switch (token.t) {
    case 'lit':
      return token.c === ch.toLowerCase();
    case 'one':
      return true;
    case 'class': {
      const lo = ch.toLowerCase();
      const up = ch.toUpperCase();
      const hit = token.set.some(([a, b]) => (lo >= a && lo <= b) || (up >= a && up <= b) || (ch >= a && ch <= b));
      return token.negate ? !hit : hit;
    }
    default:
      return false;
  }
}

/** One segment against one name: the wildcard scan, O(name × tokens) at worst. */
function matchSegment(tokens: readonly Token[], name: string): boolean {
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  while (si < name.length) {
    const tok = tokens[ti];
    if (tok && tok.t !== 'star' && tokenMatches(tok, name[si])) {
      ti++;
      si++;
    } else if (tok?.t === 'star') {
      starTi = ti++;
      starSi = si;
    } else if (starTi >= 0) {
      ti = starTi + 1;
      si = ++starSi;
    } else return false;
  }
  while (tokens[ti]?.t === 'star') ti++;
  return ti === tokens.length;
}

/** Segments against path parts, `**` matching any number of parts: a table over (segment, part), O(S × P). */
function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  const S = segments.length;
  const P = parts.length;
  // can[s][p]: segments[s..] match parts[p..].
  let next = new Uint8Array(P + 1);
  next[P] = 1;
  for (let s = S - 1; s >= 0; s--) {
    const cur = new Uint8Array(P + 1);
    const seg = segments[s];
    for (let p = P; p >= 0; p--) {
      if (seg.globstar) cur[p] = next[p] || (p < P && cur[p + 1]) ? 1 : 0;
      else cur[p] = p < P && next[p + 1] && matchSegment(seg.tokens, parts[p]) ? 1 : 0;
    }
    next = cur;
  }
  return next[0] === 1;
}
