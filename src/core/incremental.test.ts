// The incremental layer (incremental.ts) against the full parse: after random edits, the parse with the previous
// parse's cache must deep-equal a parse with a fresh cache, in every shape (headings, lists, tables). Plus: the fast
// path is taken for an edit inside an item, in every shape of the benchmark, and each check sends the parse down the
// full path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editOneItem, generateBacklog, generateShape, SHAPES } from '../../test/bench/generate';
import { parseIncremental } from './incremental';
import type { Backlog } from './model';
import { type ParseOptions, parseBacklog as fullParse } from './parse';
import { SectionCache, scanUnits } from './sections';

const parseBacklog = (text: string, options: ParseOptions = {}) => (options.cache ? parseIncremental(text, options) : fullParse(text, options));

// FC_RUNS=2000 npx vitest run src/core/incremental.test.ts for a longer hunt.
const RUNS = Number(process.env.FC_RUNS ?? 300);
const TIMEOUT = Math.max(120_000, RUNS * 300);

/** A Backlog as plain data: Sets become sorted arrays. */
function plain(b: Backlog): unknown {
  return JSON.parse(
    JSON.stringify(
      {
        items: b.items,
        groups: b.groups,
        pseudoItems: b.pseudoItems,
        shape: b.shape,
        itemDepth: b.itemDepth,
        tables: b.tables,
        eol: b.eol,
        frontMatter: b.frontMatter,
        frontMatterSettings: b.frontMatterSettings,
        source: b.source,
      },
      (_k, v) => (v instanceof Set ? [...v].sort() : v),
    ),
  );
}

const ITEM_BODIES = [
  'As a user, I want to log in, so that I see my data.\n\n- Priority: 1\n- Estimate: 3\n- Status: todo\n',
  'Some prose about the item.\n\n**Acceptance criteria:**\n\n- [ ] first\n- [x] second\n',
  'As an admin, I want reports, so that I know.\n\n#### Acceptance criteria\n\n- [ ] works\n- [ ] fast\n',
  '-As a pasted line\n[ ] checkbox without marker\n\nText.\n',
  '```\nAs a user, I want code, so that it is a pseudo-item\n```\n\n- Depends on: US-1\n',
  'Value: people save time\n\n<!-- a comment -->\n',
  'Paragraph\n---\n\n- Owner: Ann\n',
  '| a | b |\n|---|---|\n| 1 | 2 |\n',
  '',
];
const INSERTS = [
  'x',
  ' ',
  '\n',
  '\n\n',
  'word ',
  '\n### US-99 New item\n',
  '\n## Release 9\n',
  '\n#### Acceptance criteria\n- [ ] c\n',
  '\n```\n',
  '```',
  '<!--',
  '-->',
  '\n<!-- backlog-disable-next-item -->\n',
  '\n---\n',
  '\n===\n',
  '- Status: done\n',
  '- Priority: 7\n',
  'As a dev, I want it, so that it works. ',
  '-As a pseudo\n',
  '    indented code\n',
  '\r\n',
  '# ',
  '<div>\n',
  '| x | y |\n|---|---|\n',
];

interface Spec {
  readonly titleH1: boolean;
  readonly groups: readonly { readonly title: string; readonly items: readonly number[] }[];
  readonly crlf: boolean;
  readonly finalNewline: boolean;
  readonly disableAt: number;
  readonly frontMatter: boolean;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  titleH1: fc.boolean(),
  groups: fc.array(
    fc.record({
      title: fc.constantFrom('Release 1', 'Done', 'Must have', 'Glossary', 'Later'),
      items: fc.array(fc.integer({ min: 0, max: ITEM_BODIES.length - 1 }), { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  disableAt: fc.integer({ min: -1, max: 6 }),
  frontMatter: fc.boolean(),
});

function render(s: Spec): string {
  let out = s.frontMatter ? '---\nbacklog:\n  shape: auto\n---\n' : '';
  if (s.titleH1) out += '# Backlog\n\nIntro text.\n\n';
  let n = 0;
  for (const g of s.groups) {
    out += `## ${g.title}\n\n`;
    for (const b of g.items) {
      n++;
      if (n === s.disableAt) out += '<!-- backlog-disable-next-item B001 -->\n';
      out += `### US-${n} Item ${n}\n\n${ITEM_BODIES[b]}\n`;
    }
  }
  if (!s.finalNewline) out = out.replace(/\n+$/, '');
  return s.crlf ? out.replace(/\n/g, '\r\n') : out;
}

interface Edit {
  readonly at: number;
  readonly del: number;
  readonly insert: string;
  readonly wholeLine: boolean;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.integer({ min: 0, max: 1_000_000 }).map((x) => x / 1_000_000),
  del: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 })),
  insert: fc.oneof(fc.constantFrom(...INSERTS), fc.constant(''), fc.string({ maxLength: 4 })),
  wholeLine: fc.boolean(),
});

function apply(text: string, e: Edit): string {
  let start = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  let end = Math.min(text.length, start + e.del);
  if (e.wholeLine && e.del > 0) {
    start = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', start);
    end = nl < 0 ? text.length : nl + 1;
    return text.slice(0, start) + text.slice(end);
  }
  return text.slice(0, start) + e.insert + text.slice(end);
}

/** Parses `texts` in turn with one cache; each result must equal a fresh parse. Returns the cache. */
function checkSequence(texts: readonly string[]): SectionCache {
  const cache = new SectionCache();
  for (const t of texts) {
    const incremental = parseBacklog(t, { cache });
    const fresh = parseBacklog(t);
    expect(plain(incremental)).toEqual(plain(fresh));
  }
  return cache;
}

// ---------------------------------------------------------------------------------------------- lists and tables

/** Details of a list item, one line per entry, indented to the item's content column when rendered. */
const LIST_BODIES = [
  [],
  ['As a user, I want to log in, so that I see my data.'],
  ['Some details.', '', '- Priority: 2', '- Status: todo'],
  ['- Acceptance criteria:', '  - [ ] first', '  - [x] second'],
  ['```', 'As a user, I want code, so that it is a pseudo-item', '```'],
  ['-As a pasted line'],
  ['| a | b |', '|---|---|', '| 1 | 2 |'],
  ['Value: people save time', '- Depends on: US-1'],
  ['**Epic**:', '- US-50 nested one', '- US-51 nested two'],
  ['As a user, I want it, so that it helps.', 'Acceptance criteria:', '- first', '- second'],
  ['- As a user I want it so that it helps', '- Story points: 3', '- Priority: High'],
  ['- Acceptance criteria: it works', '- [ ] it is fast', '- Priority: 2'],
];
const LIST_TITLES = ['US-{n} Item {n}', 'As a user, I want item {n}, so that it helps', '[ ] US-{n} open item', '[x] US-{n} done item', '~~US-{n} struck~~', 'NOTE: an annotation', '[x]  **US-{n}** spaced\tdone'];

interface ListSpec {
  readonly titleH1: boolean;
  readonly groups: readonly { readonly title: string | null; readonly stem: boolean; readonly items: readonly (readonly [number, number])[] }[];
  readonly marker: '-' | '*' | '1.' | '1)';
  readonly loose: boolean;
  readonly crlf: boolean;
  readonly finalNewline: boolean;
  readonly disableAt: number;
}

const listSpec: fc.Arbitrary<ListSpec> = fc.record({
  titleH1: fc.boolean(),
  groups: fc.array(
    fc.record({
      title: fc.constantFrom(null, 'Release 1', 'Done', 'Must have', 'Glossary'),
      stem: fc.boolean(),
      items: fc.array(fc.tuple(fc.integer({ min: 0, max: LIST_TITLES.length - 1 }), fc.integer({ min: 0, max: LIST_BODIES.length - 1 })), { minLength: 1, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  marker: fc.constantFrom('-', '*', '1.', '1)'),
  loose: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  disableAt: fc.integer({ min: -1, max: 6 }),
});

function renderList(s: ListSpec): string {
  let out = s.titleH1 ? '# Backlog\n\nIntro text.\n\n' : '';
  let n = 0;
  for (const g of s.groups) {
    if (g.title) out += `## ${g.title}\n\n`;
    if (g.stem) out += 'As a team member I want to:\n\n';
    g.items.forEach(([t, b], i) => {
      n++;
      if (n === s.disableAt) out += '<!-- backlog-disable-next-item B001 -->\n';
      const marker = s.marker.length === 1 ? s.marker : `${i + 1}${s.marker[1]}`;
      const pad = ' '.repeat(marker.length + 1);
      out += `${marker} ${LIST_TITLES[t].replace(/\{n\}/g, String(n))}\n`;
      for (const line of LIST_BODIES[b]) out += line === '' ? '\n' : `${pad}${line}\n`;
      if (s.loose) out += '\n';
    });
    out += '\n';
  }
  if (!s.finalNewline) out = out.replace(/\n+$/, '');
  return s.crlf ? out.replace(/\n/g, '\r\n') : out;
}

const TABLE_ROWS = [
  '| US-{n} | Item {n} | As a user, I want item {n}, so that it helps | {n} | todo | - [ ] first<br>- [x] second |',
  '| US-{n} | Item {n} | | {n} | done | |',
  '| EP-{n} | Epic {n} | | | | |',
  '| | | | | | |',
  '| US-{n} | Item {n} | -As a pasted story | | in progress | [ ] unchecked |',
  'US-{n} | Row without pipes | | | |',
  '| US-{n} | Item a\\|{n} | As a user\\|admin, I want a\\|b, so that c\\|d | {n} | todo | one \\| two<br>`x \\| y` |',
];

interface TableSpec {
  readonly titleH1: boolean;
  readonly tables: readonly { readonly title: string | null; readonly rows: readonly number[] }[];
  readonly crlf: boolean;
  readonly finalNewline: boolean;
}

const tableSpec: fc.Arbitrary<TableSpec> = fc.record({
  titleH1: fc.boolean(),
  tables: fc.array(
    fc.record({ title: fc.constantFrom(null, 'Release 1', 'Done', 'Glossary'), rows: fc.array(fc.integer({ min: 0, max: TABLE_ROWS.length - 1 }), { minLength: 1, maxLength: 6 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
});

function renderTable(s: TableSpec): string {
  let out = s.titleH1 ? '# Backlog\n\n' : '';
  let n = 0;
  for (const t of s.tables) {
    if (t.title) out += `## ${t.title}\n\n`;
    out += '| ID | Title | User story | Priority | Status | Acceptance criteria |\n|---|---|---|---|---|---|\n';
    for (const r of t.rows) out += `${TABLE_ROWS[r].replace(/\{n\}/g, String(++n))}\n`;
    out += '\n';
  }
  if (!s.finalNewline) out = out.replace(/\n+$/, '');
  return s.crlf ? out.replace(/\n/g, '\r\n') : out;
}

/** Edits that matter to lists and tables, besides the general ones. */
const SHAPE_INSERTS = ['- ', '\n- US-98 New item\n', '  - nested\n', '1. ', '2) ', '* ', '| x |', '|', '<br>- [ ] c', ' EP-7 ', '[x] ', '**', 'Acceptance criteria:', '\n    code\n'];

const shapeEdit: fc.Arbitrary<Edit> = fc.record({
  at: fc.integer({ min: 0, max: 1_000_000 }).map((x) => x / 1_000_000),
  del: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 })),
  insert: fc.oneof(fc.constantFrom(...INSERTS, ...SHAPE_INSERTS), fc.constant(''), fc.string({ maxLength: 4 })),
  wholeLine: fc.boolean(),
});

describe('fast path of the incremental layer', () => {
  it(
    'equals the full parse after random edits of small list backlogs',
    () => {
      let fast = 0;
      fc.assert(
        fc.property(listSpec, fc.array(shapeEdit, { minLength: 1, maxLength: 6 }), (s, edits) => {
          const texts = [renderList(s)];
          for (const e of edits) texts.push(apply(texts[texts.length - 1], e));
          fast += checkSequence(texts).fastPaths;
        }),
        { numRuns: RUNS },
      );
      expect(fast).toBeGreaterThan(RUNS / 4);
    },
    TIMEOUT,
  );

  it(
    'equals the full parse after random edits of small table backlogs',
    () => {
      let fast = 0;
      fc.assert(
        fc.property(tableSpec, fc.array(shapeEdit, { minLength: 1, maxLength: 6 }), (s, edits) => {
          const texts = [renderTable(s)];
          for (const e of edits) texts.push(apply(texts[texts.length - 1], e));
          fast += checkSequence(texts).fastPaths;
        }),
        { numRuns: RUNS },
      );
      // Many random edits land in a header, an epic row or a blank row: the fast path takes only item rows.
      expect(fast).toBeGreaterThan(RUNS / 8);
    },
    TIMEOUT,
  );

  for (const shape of SHAPES) {
    it(`equals the full parse after random edits of the generated ${shape} backlog`, () => {
      const { text } = generateShape(shape, 16);
      fc.assert(
        fc.property(fc.array(shapeEdit, { minLength: 1, maxLength: 4 }), (edits) => {
          const texts = [text];
          for (const e of edits) texts.push(apply(texts[texts.length - 1], e));
          checkSequence(texts);
        }),
        { numRuns: Math.ceil(RUNS / 30) },
      );
    }, TIMEOUT);

    it(`is taken for the benchmark's edit in the generated ${shape} backlog`, () => {
      const { text } = generateShape(shape, 60);
      const cache = checkSequence([text, editOneItem(text, 60, 0), editOneItem(text, 60, 1), editOneItem(text, 60, 0)]);
      expect(cache.fastPaths).toBe(shape === 'html-table' ? 0 : 3);
    });
  }

  it(
    'equals the full parse after random edits of small heading backlogs',
    () => {
      let fast = 0;
      fc.assert(
        fc.property(spec, fc.array(edit, { minLength: 1, maxLength: 6 }), (s, edits) => {
          const texts = [render(s)];
          for (const e of edits) texts.push(apply(texts[texts.length - 1], e));
          fast += checkSequence(texts).fastPaths;
        }),
        { numRuns: RUNS },
      );
      // The generator must exercise the fast path, not only the fallbacks.
      expect(fast).toBeGreaterThan(RUNS / 4);
    },
    TIMEOUT,
  );

  it(
    'equals the full parse after random edits of generated backlogs',
    () => {
      const { text } = generateBacklog(40);
      let fast = 0;
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
          const texts = [text];
          for (const e of edits) texts.push(apply(texts[texts.length - 1], e));
          fast += checkSequence(texts).fastPaths;
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
      expect(fast).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'equals the full parse after random edits of backlogs split after many setext headings',
    () => {
      // Units of kind `setext` (sections.ts, MAX_SETEXT_PER_SECTION) between heading items, list items and tables.
      const PIECES = ['---\n', '- US-{n} item {n}\n', '- US-{n} item {n}\n  more\n', '\n', '### US-{n} Item {n}\n\nAs a user, I want {n}.\n\n', '> q\n', '| a | b |\n|---|---|\n| {n} | x |\n\n'];
      const NOTES = ['Note {n}\n---\n', 'Note {n}\n---\n', 'Note {n}\n===\n\n', 'Note {n}\nmore\n---\n\n'];
      // Pieces, and runs of 10 to 50 setext headings.
      const piece = fc.oneof(
        fc.integer({ min: 0, max: PIECES.length - 1 }).map((k) => [PIECES[k]]),
        fc.array(fc.integer({ min: 0, max: NOTES.length - 1 }), { minLength: 10, maxLength: 50 }).map((ks) => ks.map((k) => NOTES[k])),
      );
      const doc = fc
        .array(piece, { minLength: 4, maxLength: 12 })
        .map((ps) => `# Backlog\n\n${ps.flat().map((p, n) => p.replaceAll('{n}', String(n))).join('')}`);
      const SETEXT_INSERTS = ['\n---\n', '---', '=', '\nNote\n---\n', '\n\n', '<span>\n', '- ', '\n- US-98 New item\n'];
      const setextEdit: fc.Arbitrary<Edit> = fc.record({
        at: fc.integer({ min: 0, max: 1_000_000 }).map((x) => x / 1_000_000),
        del: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 })),
        insert: fc.oneof(fc.constantFrom(...INSERTS, ...SETEXT_INSERTS), fc.constant(''), fc.string({ maxLength: 4 })),
        wholeLine: fc.boolean(),
      });
      let splits = 0;
      fc.assert(
        fc.property(doc, fc.array(setextEdit, { minLength: 1, maxLength: 4 }), (text, edits) => {
          const texts = [text];
          for (const e of edits) texts.push(apply(texts[texts.length - 1], e));
          checkSequence(texts);
          splits += scanUnits(text, 0).filter((u) => u.kind === 'setext').length;
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
      // The documents do reach the limit (else this would test nothing about the split).
      expect(splits).toBeGreaterThan(RUNS / 6);
    },
    TIMEOUT,
  );

  it('equals the full parse when an edit cuts the line break after a table (found by the table property)', () => {
    const table = '| ID | Title | User story | Priority | Status | Acceptance criteria |\r\n|---|---|---|---|---|---|\r\n';
    const row = '| US-1 | Item 1 | As a user, I want item 1, so that it helps | 1 | todo | - [ ] first<br>- [x] second |';
    const text = `${table}${row}\r\n\r\n`;
    // `] second |\r` deleted: the row's line now ends at `\n`; then an edit in the header.
    const cut = text.replace('] second |\r', '');
    checkSequence([text, cut, cut.slice(1)]);
  });

  it('is taken for an edit inside an item body (the benchmark edit)', () => {
    const { text } = generateBacklog(100);
    const cache = checkSequence([text, editOneItem(text, 100, 0), editOneItem(text, 100, 1), editOneItem(text, 100, 0)]);
    expect(cache.fastPaths).toBe(3);
  });

  describe('falls back to the full parse', () => {
    const base = render({
      titleH1: true,
      groups: [{ title: 'Release 1', items: [0, 1, 2, 0] }, { title: 'Glossary', items: [0] }],
      crlf: false,
      finalNewline: true,
      disableAt: -1,
      frontMatter: true,
    });
    const at = (needle: string, from = 0) => {
      const i = base.indexOf(needle, from);
      if (i < 0) throw new Error(`no ${needle}`);
      return i;
    };
    const replace = (start: number, end: number, insert: string) => base.slice(0, start) + insert + base.slice(end);
    const fastPaths = (next: string, options: { shape?: 'heading' | 'auto' } = {}) => {
      const cache = new SectionCache();
      parseBacklog(base, { cache });
      const a = parseBacklog(next, { cache, ...options });
      expect(plain(a)).toEqual(plain(parseBacklog(next, options)));
      return cache.fastPaths;
    };
    const inBody = at('log in', at('### US-2'));

    it('takes it for a plain edit (control)', () => expect(fastPaths(replace(inBody, inBody, 'quickly '))).toBe(1));
    it('other options', () => expect(fastPaths(replace(inBody, inBody, 'quickly '), { shape: 'heading' })).toBe(0));
    it('edit on the heading line', () => expect(fastPaths(replace(at('Item 2'), at('Item 2'), 'New '))).toBe(0));
    it('edit in the front matter', () => expect(fastPaths(replace(at('auto'), at('auto') + 4, 'heading'))).toBe(0));
    it('edit spanning two sections', () => expect(fastPaths(replace(inBody, at('### US-3') + 3, 'x'))).toBe(0));
    it('edit adding a section', () => expect(fastPaths(replace(inBody, inBody, '\n### US-9 New\n\n'))).toBe(0));
    it('edit opening a fence', () => expect(fastPaths(replace(inBody, inBody, '\n```\n'))).toBe(0));
    it('edit adding a setext heading', () => expect(fastPaths(replace(inBody, inBody, '\nTitle\n---\n\n'))).toBe(0));
    it('edit adding a disable comment at the end of the item', () => {
      const end = at('### US-3') - 1;
      expect(fastPaths(replace(end, end, '<!-- backlog-disable-next-item -->\n'))).toBe(0);
    });
    it('edit in the document title section', () => expect(fastPaths(replace(at('Intro'), at('Intro'), 'An '))).toBe(0));
    it('edit in a non-backlog section', () => {
      const g = at('log in', at('## Glossary'));
      expect(fastPaths(replace(g, g, 'x'))).toBe(0);
    });
    it('edit changing the evidence of a criteria sub-heading', () => {
      const c = at('- [ ] works');
      expect(fastPaths(replace(c, c + '- [ ] works\n- [ ] fast\n'.length, 'As a user, I want x, so that y.\n'))).toBeGreaterThanOrEqual(0);
    });
  });
});

describe('reading rules on the fast path (an edit inside one item re-reads it alone)', () => {
  it('a checkbox followed by several spaces or a tab keeps its ID after an edit inside the item', () => {
    const text = '# Backlog\n\n1. [x]  **B-1** a\n   Some details.\n2. [ ]\t**B-2** b\n   More details.\n';
    for (const edited of [text.replace('Some details.', 'Some more details.'), text.replace('More details.', 'Other details.')]) {
      const cache = checkSequence([text, edited]);
      expect(cache.fastPaths).toBe(1);
      expect(parseBacklog(edited, { cache }).items.map((i) => [i.id, i.title])).toEqual([
        ['B-1', 'a'],
        ['B-2', 'b'],
      ]);
    }
  });

  it('a checkbox in a table title cell after an edit inside the row', () => {
    const text = '| Story | Estimate |\n|---|---|\n| [x]  **B-1** Export | 3 |\n| [ ]\tB-2 Import | 5 |\n';
    const edited = text.replace('| 3 |', '| 8 |');
    const cache = checkSequence([text, edited]);
    expect(cache.fastPaths).toBe(1);
    expect(parseBacklog(edited, { cache }).items.map((i) => [i.id, i.title, i.status?.kind, i.estimate?.value])).toEqual([
      ['B-1', 'Export', 'done', 8],
      ['B-2', 'Import', 'todo', 5],
    ]);
  });
});

describe('escaped pipes in table cells on the fast path', () => {
  it('an edit inside a row re-reads its `\\|` as `|` in the title, statement and criteria', () => {
    const text = '| ID | Title | User story | Estimate | Acceptance criteria |\n|---|---|---|---|---|\n| B-1 | Pipe a\\|b | As a user\\|admin, I want x\\|y, so that z | 3 | one \\| two<br>`c \\| d` |\n| B-2 | Other | | 5 | |\n';
    const edited = text.replace('| 3 |', '| 8 |');
    const cache = checkSequence([text, edited]);
    expect(cache.fastPaths).toBe(1);
    const [first] = parseBacklog(edited, { cache }).items;
    expect([first.title, first.value?.role, first.value?.want, first.criteria.map((c) => c.text), first.estimate?.value]).toEqual([
      'Pipe a|b',
      'user|admin',
      'x|y',
      ['one | two', 'c | d'],
      8,
    ]);
  });
});

describe('story details under list items on the fast path', () => {
  it('a closing criteria label, a statement bullet beside field bullets: an edit inside the item re-reads them alike', () => {
    const text = [
      '# Backlog',
      '',
      '## High priority',
      '',
      '1. User registration',
      '   - As a new user I want to register so that I can log in.',
      '   - Story points: 5',
      '2. As a user, I want to log in, so that I see my dashboard.',
      '   Acceptance criteria:',
      '   - wrong password is refused',
      '   - a locked account says so',
      '',
      '## Low priority',
      '',
      '3. Dark mode',
      '   - As a user I want a dark theme so that my eyes rest.',
      '   - Story points: 2',
      '   - AC: contrast is readable',
      '   - [ ] the choice is kept',
      '',
    ].join('\n');
    for (const edited of [text.replace('Story points: 5', 'Story points: 8'), text.replace('wrong password', 'a wrong password'), text.replace('is readable', 'is high')]) {
      const cache = checkSequence([text, edited]);
      expect(cache.fastPaths).toBe(1);
      const b = parseBacklog(edited, { cache });
      expect(b.items.map((i) => [i.title, i.value?.benefit, i.criteria.length])).toEqual([
        ['User registration', 'I can log in', 0],
        ['As a user, I want to log in, so that I see my dashboard.', 'I see my dashboard', 2],
        ['Dark mode', 'my eyes rest', 2],
      ]);
    }
  });
});
