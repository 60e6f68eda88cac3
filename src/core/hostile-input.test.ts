// Issue #10: hostile and unlucky input must never abort, hang or grow faster than the file. Each test is one
// reproduction from the issue. None measures time (the bench and `npm run fuzz` do): an input that used to cost
// minutes or hours is run at a size where the old code would not finish, and the result is checked.
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import { findValueStatement, toPlainText } from './value-statement';

const find = (text: string) => findValueStatement(toPlainText(text, 0, text.length));

describe('value statements: linear in the text', () => {
  it('a paragraph of repeated statements ending in `e.g` (cubic backtracking: 68 s at 2.8 KB before)', () => {
    // 28 KB: the regular expressions of before would run for days. No clause can end (`e.g` at the end), so there is
    // no statement, as before.
    const text = `${'As a u, I want w, so that b '.repeat(1000)}e.g`;
    expect(find(text)).toBeNull();
    // With a clause end at the very end, the first statement runs to it, as the patterns read it.
    const v = find(`${'As a u, I want w, so that b '.repeat(1000)}e.g. x.`);
    expect(v).toMatchObject({ role: 'u', want: 'w' });
    expect(v?.benefit?.endsWith('e.g. x')).toBe(true);
  });
});

describe('heading patterns: linear in the line', () => {
  it('a heading `## A` followed by 40,000 `1` and `!` (the ID pattern: 7–24 s before)', () => {
    const text = `## A${'1'.repeat(40_000)}!\n\nAs a u, I want w.\n\n## US-2 B\n\nAs a u, I want v.\n`;
    const b = analyzeBacklog(text).backlog;
    expect(b.items.map((i) => i.id)).toEqual([null, 'US-2']);
  });

  it('a 200 KB heading of spaces and dashes (the heading-state pattern: 4 s at 40 KB before, quadratic)', () => {
    const text = `## US-1 A${' -'.repeat(50_000)}${' '.repeat(100_000)}x\n\n## US-2 B — \`READY\`\n`;
    const b = analyzeBacklog(text).backlog;
    expect(b.items.map((i) => [i.id, i.status?.raw ?? null])).toEqual([
      ['US-1', null],
      ['US-2', 'READY'],
    ]);
  });

  it('the state forms still read as before', () => {
    const b = analyzeBacklog('## US-1 Login [In progress]\n\n## US-2 Export — `NEEDS DECISION` (mechanical)\n\n## US-3 Dark mode ##\n').backlog;
    expect(b.items.map((i) => [i.title, i.status?.raw ?? null, i.status?.kind ?? null])).toEqual([
      ['Login', 'In progress', 'in-progress'],
      ['Export', 'NEEDS DECISION', 'refining'],
      ['Dark mode', null, null],
    ]);
  });
});
