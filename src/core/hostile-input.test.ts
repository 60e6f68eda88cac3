// Issue #10: hostile and unlucky input must never abort, hang or grow faster than the file. Each test is one
// reproduction from the issue. None measures time (the bench and `npm run fuzz` do): an input that used to cost
// minutes or hours is run at a size where the old code would not finish, and the result is checked.
import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { analyzeBacklog, SectionCache } from './analyze';
import { applyEdits, planMoveStep } from './edits';
import { blocksOf } from './parse';
import { MAX_SETEXT_PER_SECTION, scanUnits } from './sections';
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

  it('a unit splits only after the first MAX_SETEXT_PER_SECTION, and not after `===` under a quote or list', () => {
    const starts = (text: string) => scanUnits(text, 0).map((u) => u.start);
    const eq = (n: number) => Array.from({ length: n }, (_, i) => `Title ${i}\n===\n`).join('\n');
    expect(starts(eq(MAX_SETEXT_PER_SECTION))).toEqual([0]);
    expect(starts(eq(MAX_SETEXT_PER_SECTION + 1))).toEqual([0]);
    // The split comes after the blank lines, at the next line; nothing is open there.
    const more = `${eq(MAX_SETEXT_PER_SECTION + 1)}\nx\n`;
    expect(scanUnits(more, 0).map((u) => [u.start, u.kind])).toEqual([
      [0, 'start'],
      [more.lastIndexOf('x'), 'setext'],
    ]);
    // Lazy continuation: `===` under a quoted paragraph or a list item is its text, and so is `more` (a list item
    // is a unit of its own, but no setext split follows).
    for (const container of ['> quoted', '- item', '1. item', 'T\n> quoted']) {
      const text = `${eq(MAX_SETEXT_PER_SECTION)}\n${container}\n===\nmore\n===\nmore\n`;
      expect(scanUnits(text, 0).filter((u) => u.kind === 'setext'), container).toEqual([]);
    }
    // `===` under a table is a row; under a link definition, text.
    expect(starts(`${eq(MAX_SETEXT_PER_SECTION)}\nT | U\n-|-\nrow\n===\nmore\n`)).toEqual([0]);
    expect(starts(`${eq(MAX_SETEXT_PER_SECTION)}\n[a]: /u\n===\nmore\n`)).toEqual([0]);
    // Never a unit that starts with `---` (it would read as front matter): the split waits for the next underline.
    const dashes = `${'T\n---\n'.repeat(MAX_SETEXT_PER_SECTION)}T\n---\n---\nx\n`;
    expect(starts(dashes)).toEqual([0, dashes.length - 2]);
    // Inside HTML blocks the scanner may not see the end of (a tag alone on its line) or that hold blank lines.
    expect(starts(`${'T\n---\n'.repeat(MAX_SETEXT_PER_SECTION)}<span>\nT\n---\nx\n`)).toEqual([0]);
    expect(starts(`${'T\n---\n'.repeat(MAX_SETEXT_PER_SECTION)}<?php\n\nT\n---\nx\n\n?>\n`)).toEqual([0]);
    // A `---` at column 0 ends every block, even under a quote; the unit after it takes the kind of its first line.
    const quote = `${'T\n---\n'.repeat(MAX_SETEXT_PER_SECTION)}> q\n---\n- a\n- b\n`;
    expect(scanUnits(quote, 0).map((u) => [u.start, u.kind])).toEqual([
      [0, 'start'],
      [quote.indexOf('- a'), 'list'],
    ]);
    // Lone CR ends lines for the split as well.
    expect(starts('## A\r\rtext\r## B\r\n## C\r')).toEqual([0, 11, 17]);
    const cr = `${'T\r---\r'.repeat(MAX_SETEXT_PER_SECTION + 1)}x\r`;
    expect(starts(cr)).toEqual([0, cr.length - 2]);
  });

  it('parsing by units gives the blocks of one whole parse, wherever the setext splits fall (property)', () => {
    const LINES = ['T', 'T', '---', '---', '===', '', '', '> q', '- a', '  b', '1. x', '| a |', '| - |', 'a | b', '- | -', '    code', '***', 'lazy', '<div>', '<span>', '<?x', '?>', '```', '~~~', '# H', '## US-1 A', '[x]: /u', '- [ ] c', 'a  ', '  ---', '-', '='];
    const doc = fc
      .array(fc.oneof({ weight: 8, arbitrary: fc.constant('T\n---') }, { weight: 2, arbitrary: fc.constant('\nT\n===') }, { weight: 3, arbitrary: fc.constantFrom(...LINES) }), { minLength: 40, maxLength: 300 })
      .map((l) => `Intro\n\n${l.join('\n')}\n`);
    // (Not starting with `---`: the analysis reads front matter before it splits the rest into units.)
    // A block as [type, start, end, depth]; a setext heading over several lines is a paragraph to the reading
    // (blocksOf), so it is one here too.
    const block = (node: Root['children'][number], shift: number) => {
      const p = node.position;
      const demoted = node.type === 'heading' && !!p && p.end.line - p.start.line > 1;
      return [demoted ? 'paragraph' : node.type, (p?.start.offset ?? 0) + shift, (p?.end.offset ?? 0) + shift, node.type === 'heading' && !demoted ? node.depth : null];
    };
    let splits = 0;
    fc.assert(
      fc.property(doc, (text) => {
        const whole = new SectionCache().get(text).children.map((c) => block(c, 0));
        // Cut at headings and setext splits only: the units' own blocks are the whole parse's.
        const byHeadings = new SectionCache({ split: 'headings' }).parseSections(text, 0);
        expect(byHeadings.flatMap((s) => s.tree.children.map((c) => block(c, s.base)))).toEqual(whole);
        // Cut into item blocks too: blocksOf joins the lists and tables cut apart again.
        const byUnits = new SectionCache().parseSections(text, 0);
        expect(blocksOf(byUnits).map((b) => block(b.node, b.base))).toEqual(whole);
        splits += byHeadings.filter((s) => s.kind === 'setext').length + byUnits.filter((s) => s.kind === 'setext').length;
      }),
      { numRuns: 150 },
    );
    // The documents do reach the limit (else this would test nothing about the split).
    expect(splits).toBeGreaterThan(25);
  }, 180_000);
});
