// unfilled-placeholder: a template's placeholder (`[role]`, `[goal]`, `[benefit]`, `[criterion]`, or their
// translations such as `[ruolo]`) is still in the file. A template is a question to the Product Owner, not an
// answer: CI must not pass on it.
import type { Rule, RuleFinding } from '../lint';
import { PLACEHOLDER, placeholderKind } from '../templates';
import { code, itemAt, itemName } from './helpers';

const WHAT = { role: 'who wants it', goal: 'what they want', benefit: 'why it matters', criterion: 'a condition the work must meet' } as const;

export const unfilledPlaceholder: Rule = {
  id: 'unfilled-placeholder',
  description: 'A template placeholder such as `[role]` or `[criterion]` is still in the file.',
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: false,
  check({ backlog, source }) {
    const findings: RuleFinding[] = [];
    if (!source.includes('[')) return findings;
    // One finding per line, naming its placeholders; lines in code (fenced, or inside backticks) are not text.
    let fence: { char: string; length: number } | null = null;
    let lineStart = 0;
    while (lineStart <= source.length) {
      let lineEnd = source.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = source.length;
      const line = source.slice(lineStart, lineEnd);
      const f = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})(.*)$/.exec(line);
      if (f && (fence === null ? !(f[1][0] === '`' && f[2].includes('`')) : f[1][0] === fence.char && f[1].length >= fence.length && f[2].trim() === '')) {
        fence = fence === null ? { char: f[1][0], length: f[1].length } : null;
      } else if (fence === null && line.includes('[')) {
        const found = placeholdersIn(line);
        if (found.length > 0) {
          const span = { start: lineStart + found[0].start, end: lineStart + found[found.length - 1].end };
          const itemIndex = itemAt(backlog, span.start);
          const where = itemIndex >= 0 ? `Item ${itemName(backlog, backlog.items[itemIndex])} still has` : 'The file still has';
          const words = [...new Set(found.map((p) => p.text))];
          const kinds = [...new Set(found.map((p) => WHAT[p.kind]))];
          findings.push({
            message: `${where} the ${words.length === 1 ? 'placeholder' : 'placeholders'} ${list(words.map(code))} of a template; expected ${list(kinds)} written in ${words.length === 1 ? 'its' : 'their'} place`,
            span,
            itemIndex,
          });
        }
      }
      lineStart = lineEnd + 1;
    }
    return findings;
  },
};

/** Placeholders on one line, outside inline code. */
function placeholdersIn(line: string): { start: number; end: number; text: string; kind: keyof typeof WHAT }[] {
  const out: { start: number; end: number; text: string; kind: keyof typeof WHAT }[] = [];
  for (const m of line.matchAll(PLACEHOLDER)) {
    const kind = placeholderKind(m[1]);
    if (!kind) continue;
    // Inside a code span when an odd number of backticks come before it on the line.
    if ((line.slice(0, m.index).match(/`/g)?.length ?? 0) % 2 === 1) continue;
    // A checkbox `[ ]` or `[x]` is not a placeholder, nor is an escaped bracket.
    if (m.index > 0 && line[m.index - 1] === '\\') continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], kind });
  }
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
function list(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
