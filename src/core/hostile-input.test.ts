// Issue #10: hostile and unlucky input must never abort, hang or grow faster than the file. Each test is one
// reproduction from the issue. None measures time (the bench and `npm run fuzz` do): an input that used to cost
// minutes or hours is run at a size where the old code would not finish, and the result is checked.
import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { analyzeBacklog, SectionCache } from './analyze';
import { applyEdits, planMoveStep } from './edits';
import { MAX_SETEXT_PER_SECTION, sectionStarts } from './sections';
import { LineIndex, restoreLoneCr, tameForParser } from './text';
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

describe('deep nesting: no stack overflow, no super-linear parse', () => {
  it('a line of 8,000 `>` (recursive code-span handling overflowed the stack)', () => {
    const text = `## US-1 A\n\n${'>'.repeat(8_000)}\n\n## US-2 B\n\nAs a u, I want w.\n`;
    expect(analyzeBacklog(text).backlog.items.map((i) => i.id)).toEqual(['US-1', 'US-2']);
  });

  it('a line of 8,000 `- ` (each nested list: minutes in the markdown parser, then a stack overflow)', () => {
    const text = `${'- '.repeat(8_000)}US-1 x\n- US-2 y\n`;
    const items = analyzeBacklog(text).backlog.items;
    expect(items.map((i) => i.id)).toContain('US-2');
  });

  it('8,000 nested emphasis markers and 8,000 `*` around a word (each match a splice: quadratic)', () => {
    const nested = `- US-1 ${'*a '.repeat(8_000)}b${' b*'.repeat(8_000)}\n- US-2 y\n`;
    expect(analyzeBacklog(nested).backlog.items.map((i) => i.id)).toEqual(['US-1', 'US-2']);
    const stars = `- US-1 ${'*'.repeat(8_000)}a${'*'.repeat(8_000)}\n- US-2 y\n`;
    expect(analyzeBacklog(stars).backlog.items.map((i) => i.id)).toEqual(['US-1', 'US-2']);
  });

  it('tameForParser keeps the length and the line breaks, and leaves ordinary text alone', () => {
    const deep = `${'> '.repeat(100)}x\r\n${'- '.repeat(50)}y\r${'*'.repeat(100)}a\n`;
    const tamed = tameForParser(deep);
    expect(tamed.length).toBe(deep.length);
    expect([...tamed].filter((c) => c === '\n' || c === '\r').join('')).toBe('\r\n\r\n');
    expect(tamed.slice(0, 64)).toBe(deep.slice(0, 64));
    expect(tamed).not.toContain('*'.repeat(33));
    const ordinary = '## US-1 **Sign in**\n\n> - [ ] _quoted_ ~~task~~\n\n| a | b |\n|---|---|\n\n* * *\n```\ncode\n```\n';
    expect(tameForParser(ordinary)).toBe(ordinary);
  });
});

describe('front matter', () => {
  it.each([
    ['[', '['.repeat(5_000)],
    ['{', '{'.repeat(5_000)],
    ['- ', '- '.repeat(5_000)],
  ])('`---`, a line of 5,000 `%s`, `---` (the YAML parser recursed until V8 aborted the process)', (_name, line) => {
    const a = analyzeBacklog(`---\n${line}\n---\n\n## US-1 A\n\nAs a u, I want w.\n`);
    expect(a.backlog.frontMatter).not.toBeNull();
    expect(a.backlog.items.map((i) => i.id)).toEqual(['US-1']);
    expect(a.configErrors).toEqual([expect.stringMatching(/nested more than 100 levels deep/)]);
  });

  it('ends only at a line that is exactly `---` or `...`: `title: wait...` does not end it', () => {
    const text = '---\ntitle: wait...\nbacklog:\n  rules:\n    default: "off"\n---\n\n## US-1 A\n';
    const a = analyzeBacklog(text);
    expect(a.config.rules).toEqual({ default: 'off' });
    expect(a.findings).toEqual([]);
    expect(analyzeBacklog('---\ntitle: x\n... \n\n## US-1 A\n').backlog.frontMatter).toEqual({ start: 0, end: 18 });
    expect(analyzeBacklog('---\ntitle: x ---\n\n## US-1 A\n').backlog.frontMatter).toBeNull();
  });

  it('the cached analysis and a fresh parse agree when an edit closes an unclosed front matter', () => {
    const before = '---\ntitle: x\n\n## US-1 A\n\nAs a u, I want w.\n\n## US-2 B\n\nbody\n\n--\n\n## US-3 C\n\nmore\n';
    const after = before.replace('\n--\n', '\n---\n');
    const cache = new SectionCache();
    expect(analyzeBacklog(before, { cache }).backlog.items.map((i) => i.id)).toEqual(['US-1', 'US-2', 'US-3']);
    const incremental = analyzeBacklog(after, { cache }).backlog;
    const fresh = analyzeBacklog(after).backlog;
    expect(fresh.items.map((i) => i.id)).toEqual(['US-3']);
    expect(incremental.items.map((i) => [i.id, i.span])).toEqual(fresh.items.map((i) => [i.id, i.span]));
    expect(incremental.frontMatter).toEqual(fresh.frontMatter);
  });
});

describe('lone CR line endings read like \\n and \\r\\n', () => {
  const cr = '## US-1 A\r\rAs a u, I want w.\r\r- Priority: 1\r- Estimate: 3\r\r## US-2 B\r\rAs a v, I want x.\r\r- Priority: 2\r';

  it('fields, findings and lines', () => {
    const a = analyzeBacklog(cr);
    const lf = analyzeBacklog(cr.replace(/\r/g, '\n'));
    expect(a.backlog.items.map((i) => [i.id, i.priority?.value, i.estimate?.value ?? null])).toEqual([
      ['US-1', 1, 3],
      ['US-2', 2, null],
    ]);
    expect(a.findings.map((f) => [f.ruleId, f.span])).toEqual(lf.findings.map((f) => [f.ruleId, f.span]));
    const index = new LineIndex(cr);
    expect(a.findings.map((f) => index.position(f.span.start).line)).toEqual(lf.findings.map((f) => new LineIndex(cr.replace(/\r/g, '\n')).position(f.span.start).line));
    expect(new LineIndex('a\rb\r\nc\nd').position(7)).toEqual({ line: 4, column: 1 });
  });

  it('a move keeps the items whole and the file\'s own line breaks', () => {
    const b = analyzeBacklog(cr).backlog;
    const plan = planMoveStep(b, 0, 'down');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const moved = restoreLoneCr(cr, applyEdits(b.source, plan.edits));
    expect(moved).not.toContain('\n');
    const after = analyzeBacklog(moved).backlog;
    expect(after.items.map((i) => [i.id, i.priority?.value, i.estimate?.value ?? null])).toEqual([
      ['US-2', 2, null],
      ['US-1', 1, 3],
    ]);
    expect(after.items.every((i) => !/^ {4}/m.test(moved.slice(i.span.start, i.span.end).replace(/\r/g, '\n')))).toBe(true);
  });
});

describe('setext headings: linear in their number (found by npm run fuzz)', () => {
  it('2,500 items as setext headings (micromark rewrote all events before each one: 46 s for 4,800 in one section)', () => {
    const text = Array.from({ length: 2_500 }, (_, i) => `US-${i + 1} Story ${i + 1}\n---\n\nAs a u, I want w${i}.\n`).join('\n');
    const items = analyzeBacklog(text).backlog.items;
    expect(items.length).toBe(2_500);
    expect(items[2_499]).toMatchObject({ id: 'US-2500', title: 'Story 2500' });
  });

  it('the fuzzer\'s input: thousands of `title: x` / `---` in a quote after front matter', () => {
    // Read as at a small size (thousands of `title: x` headings, one item heading among them).
    const text = (n: number) => `---\ntitle: x\n${'---\ntitle: x\n'.repeat(n)}\n## US-1 A\n\nAs a u, I want w.\n`;
    const read = (t: string) => analyzeBacklog(t).backlog.items.map((i) => [i.id, i.title]);
    expect(read(text(5_000))).toEqual(read(text(40)));
    expect(read(`> ${text(5_000)}`)).toEqual(read(`> ${text(40)}`));
  });

  it('a section splits only after the first MAX_SETEXT_PER_SECTION, and not after `===` under a quote or list', () => {
    const eq = (n: number) => Array.from({ length: n }, (_, i) => `Title ${i}\n===\n`).join('\n');
    expect(sectionStarts(eq(MAX_SETEXT_PER_SECTION), 0)).toEqual([0]);
    expect(sectionStarts(eq(MAX_SETEXT_PER_SECTION + 1), 0)).toEqual([0]);
    expect(sectionStarts(`${eq(MAX_SETEXT_PER_SECTION + 1)}\nx\n`, 0)).toHaveLength(2);
    // Lazy continuation: `===` under a quoted paragraph is its text, and so is `more`.
    const quoted = `${eq(MAX_SETEXT_PER_SECTION)}\n> quoted\n===\nmore\n===\nmore\n`;
    expect(sectionStarts(quoted, 0)).toEqual([0]);
    // Never a section that starts with `---` (it would read as front matter).
    const dashes = `${'T\n---\n'.repeat(MAX_SETEXT_PER_SECTION)}T\n---\n---\nx\n`;
    expect(sectionStarts(dashes, 0)).toEqual([0]);
    // Lone CR ends lines for the split as well.
    expect(sectionStarts('## A\r\rtext\r## B\r\n## C\r', 0)).toEqual([0, 11, 17]);
  });

  it('parsing by sections gives the blocks of one whole parse, wherever the setext splits fall (property)', () => {
    const LINES = ['T', 'T', '---', '---', '===', '', '', '> q', '- a', '  b', '1. x', '| a |', '| - |', '    code', '***', 'lazy', '<div>', '```', '~~~', '# H', '## US-1 A', '[x]: /u', '- [ ] c', 'a  '];
    const doc = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant('T\n---') }, { weight: 4, arbitrary: fc.constantFrom(...LINES) }), { minLength: 40, maxLength: 300 }).map((l) => `Intro\n\n${l.join('\n')}\n`);
    // (Not starting with `---`: the analysis reads front matter before it splits the rest into sections.)
    const blocks = (tree: Root, shift: number) => tree.children.map((c) => [c.type, (c.position?.start.offset ?? 0) + shift, (c.position?.end.offset ?? 0) + shift, 'depth' in c ? c.depth : null]);
    fc.assert(
      fc.property(doc, (text) => {
        const cache = new SectionCache();
        const whole = blocks(cache.get(text), 0);
        const split = cache.parseSections(text, 0).flatMap((s) => blocks(s.tree, s.start));
        expect(split).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
