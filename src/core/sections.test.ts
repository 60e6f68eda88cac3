// The unit split (sections.ts) must not change the reading: parsing a text cut into units (headings, top-level list
// items, table rows) gives the same backlog as parsing it cut at headings only. Random documents built from the
// pieces that make splitting hard (lazy lines, tables after paragraphs, fences and HTML inside items, markers of
// other lists, CRLF), the generated benchmark shapes and the corpus (BACKLOG_CORPUS) are compared. Not compared: link
// reference definitions, which resolve only inside their own unit (docs/DESIGN.md; the model never resolves links).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateShape, SHAPES } from '../../test/bench/generate';
import type { Backlog } from './model';
import { parseBacklog } from './parse';
import { scanUnits, SectionCache } from './sections';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const TIMEOUT = Math.max(120_000, RUNS * 100);

/** A Backlog as plain data: Sets become sorted arrays. */
export function plain(b: Backlog): unknown {
  return JSON.parse(JSON.stringify(b, (_k, v) => (v instanceof Set ? [...v].sort() : v)));
}

const byUnits = (text: string) => parseBacklog(text, { cache: new SectionCache() });
const byHeadings = (text: string) => parseBacklog(text, { cache: new SectionCache({ split: 'headings' }) });

const PIECES = [
  '# Backlog\n',
  '## Release 1\n',
  '### US-1 Login\n',
  '\n',
  '\n\n',
  'Some prose.\n',
  'As a user, I want to log in, so that I see my data.\n',
  '- US-1 Login as a user\n',
  '- [ ] US-2 As a user, I want x, so that y\n',
  '- [x] done criterion\n',
  '* star bullet\n',
  '+ plus bullet\n',
  '1. US-3 First\n',
  '2. US-4 Second\n',
  '3) other delimiter\n',
  '  continued inside the item\n',
  '    indented deeper\n',
  'lazy continuation line\n',
  '  - Priority: 2\n',
  '  - Acceptance criteria:\n    - [ ] works\n',
  '- Status: done\n',
  '| ID | Title | Story |\n',
  '|---|---|---|\n',
  '| US-5 | Export | As a user, I want export, so that I share |\n',
  '| US-6 | Import | |\n',
  'ID | Title\n',
  '--- | ---\n',
  '```\n',
  '  ```\n',
  '~~~\n',
  '<!-- comment -->\n',
  '<!--\n',
  '-->\n',
  '<div>\n',
  '</div>\n',
  '<table>\n<tr><th>ID</th><th>Title</th></tr>\n<tr><td>US-7</td><td>Html row</td></tr>\n</table>\n',
  '> quoted\n',
  '> - quoted item\n',
  '---\n',
  '- - -\n',
  '***\n',
  '===\n',
  '-\n',
  '- \n',
  '-As a pseudo item\n',
  '[ ] checkbox without marker\n',
  '<!-- backlog-disable-next-item -->\n',
  '- see [ref]\n',
];

const doc = fc
  .record({
    pieces: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }),
    crlf: fc.boolean(),
  })
  .map(({ pieces, crlf }) => (crlf ? pieces.join('').replace(/\n/g, '\r\n') : pieces.join('')));

describe('the unit split', () => {
  it('reads random documents as the heading-only split does', () => {
    fc.assert(
      fc.property(doc, (text) => {
        let reference: unknown;
        try {
          reference = plain(byHeadings(text));
        } catch {
          // A development-build assertion of mdast-util-gfm-task-list-item (`-` then `[ ] x` at column 0) that
          // the bundled production build does not make; not a question of splitting.
          return;
        }
        expect(plain(byUnits(text))).toEqual(reference);
      }),
      { numRuns: RUNS * 3 },
    );
  }, TIMEOUT);

  it('cuts list items and table rows into units of their own', () => {
    const text = '# B\n\n- US-1 a\n  more\n- US-2 b\n  more\n\n- US-3 c\n\n| ID | T |\n|---|---|\n| 1 | x |\n| 2 | y |\n';
    const units = scanUnits(text, 0).map((u) => [text.slice(u.start, u.start + 7), u.kind]);
    expect(units).toEqual([
      ['# B\n\n- ', 'start'],
      ['- US-1 ', 'list'],
      ['- US-2 ', 'list'],
      ['- US-3 ', 'list'],
      ['| 1 | x', 'row'],
      ['| 2 | y', 'row'],
    ]);
  });

  it('cuts runs of one-line list items where a line says so, not before every item', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `- [ ] US-${i} criterion ${i % 7}\n`).join('');
    const units = scanUnits(lines, 0);
    expect(units.length).toBeGreaterThan(20);
    expect(units.length).toBeLessThan(100);
    // A cut depends on its own line only: changing another line keeps every other cut.
    const edited = lines.replace('US-200 criterion', 'US-200 the criterion');
    const delta = edited.length - lines.length;
    const after = new Set(scanUnits(edited, 0).map((u) => u.start));
    for (const u of units) if (u.start > lines.indexOf('US-201 ')) expect(after.has(u.start + delta)).toBe(true);
  });

  it('does not cut where a line may continue a paragraph', () => {
    for (const text of ['para\n2. not an item\n', 'text\n| a | b |\n|---|---|\n| 1 | 2 |\n', '1. a\nlazy\n3. b\n', '```\n- a\n- b\n```\n']) {
      expect(scanUnits(text, 0).length, text).toBe(1);
    }
  });

  for (const shape of SHAPES) {
    it(`reads the generated ${shape} backlog as the heading-only split does`, () => {
      const { text } = generateShape(shape, 40);
      expect(plain(byUnits(text))).toEqual(plain(byHeadings(text)));
    });
  }

  const dir = process.env.BACKLOG_CORPUS;
  it.skipIf(!dir)('reads every corpus backlog as the heading-only split does', () => {
    for (const file of readdirSync(dir!).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(dir!, file), 'utf8');
      expect(plain(byUnits(text)), file).toEqual(plain(byHeadings(text)));
    }
  }, 120_000);
});
