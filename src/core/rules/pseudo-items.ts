// pseudo-items: text that looks like backlog items but is not markdown for them (`-Login`, `X - Login`, `● Login`,
// `[ ] Login`, a story inside a code block). Renderers and this tool do not see those items, so they silently drop
// out of the backlog.
import type { Rule, RuleFinding } from '../lint';
import type { PseudoItem } from '../model';
import { code, itemAt } from './helpers';

const PROBLEM: Record<PseudoItem['kind'], { what: string; title: string }> = {
  'dash-without-space': { what: 'is not a list item: a list marker needs a space after `-`', title: 'Add a space after the dash' },
  'prefix-dash': { what: 'is not a list item: the `x - ` prefix is not markdown', title: 'Make it a checked task item' },
  'unicode-bullet': { what: 'is not a list item: markdown bullets are `-`, `*` or `+`, not symbols', title: 'Use a markdown bullet' },
  'checkbox-without-marker': { what: 'is not a task item: a checkbox needs a list marker before it', title: 'Add a list marker' },
  'decimal-outline': { what: 'is not a list item: an outline number such as `1.1.` starts no markdown list', title: 'Make it a list item' },
  'code-block': { what: 'is a user story inside a code block, so it is shown as code and not read as an item', title: 'Take the story out of the code block' },
  'indented-code': { what: 'is a user story indented by four or more spaces, so markdown shows it as code', title: 'Remove the indentation' },
};

export const pseudoItems: Rule = {
  id: 'pseudo-items',
  description: 'Text that looks like backlog items but is not valid markdown for them.',
  defaultSeverity: 'warning',
  fixable: true,
  hasSuggestions: true,
  check({ backlog, source }) {
    const findings: RuleFinding[] = [];
    for (const pseudo of backlog.pseudoItems) {
      const problem = PROBLEM[pseudo.kind];
      const text = firstLineOf(source.slice(pseudo.span.start, pseudo.span.end), pseudo.kind === 'code-block');
      const expected =
        pseudo.replacement !== null
          ? `expected ${code(firstLineOf(pseudo.replacement))}`
          : 'expected the story as markdown outside the code block';
      const itemIndex = itemAt(backlog, pseudo.span.start);
      const repair = pseudo.replacement !== null ? [{ title: problem.title, edits: [{ start: pseudo.span.start, end: pseudo.span.end, newText: pseudo.replacement }] }] : [];
      // Repaired, a pseudo-item outside an item becomes an item: that changes the items, so it is a suggestion. In
      // the body of a heading item it becomes a list line of that item (a criterion, a field): a fix.
      const inBody = itemIndex >= 0 && backlog.items[itemIndex].shape === 'heading' && pseudo.span.start >= backlog.items[itemIndex].titleSpan.end;
      findings.push({
        message: `Line ${code(text)} ${problem.what}; ${expected}`,
        span: pseudo.span,
        itemIndex,
        ...(inBody ? { fixes: repair } : { suggestions: repair }),
      });
    }
    return findings;
  },
};

/** The first non-blank line (inside a fenced block: after the fence), shortened for a message. */
function firstLineOf(text: string, fenced = false): string {
  const lines = text.split(/\r?\n/).slice(fenced ? 1 : 0);
  const line = lines.find((l) => l.trim() !== '' && !/^\s*(?:`{3,}|~{3,})\s*$/.test(l)) ?? '';
  const t = line.trim();
  return t.length > 60 ? `${t.slice(0, 57).trimEnd()}…` : t;
}
