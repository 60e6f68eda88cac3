// The fast path of parseBacklog (incremental.ts) against the full parse: after random edits, the parse with the
// previous parse's cache must deep-equal a parse with a fresh cache. Plus: the fast path is taken for an edit inside
// an item body, and each precondition sends the parse down the full path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editOneItem, generateBacklog } from '../../test/bench/generate';
import type { Backlog } from './model';
import { parseBacklog } from './parse';
import { SectionCache } from './sections';

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

describe('fast path of parseBacklog', () => {
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
