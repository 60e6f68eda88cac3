// Inline HTML is read once per kind and paragraph (sections.ts, htmlTextOncePerKind): the same trees as micromark's own
// inline HTML on random paragraphs of openers and closers, and the fuzzer's hang input (3,500 unclosed `<!--` in a
// paragraph of 8,300 lines, 30 s and more before) is read with its items.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import { parseMarkdown } from './sections';
import { tameForParser } from './text';

/** The parser with micromark's own inline HTML: the reference. */
const reference = unified()
  .use(remarkParse)
  .use(function gfmParts(this: ReturnType<typeof unified>) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough(), gfmTaskListItem());
    (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTaskListItemFromMarkdown());
  })
  .use(remarkFrontmatter, ['yaml']);

const PIECES = [
  '<!--', '<!-- ', '-->', '--', '-', '>', '<!-->', '<!--->', '<?', '?>', '?', '<![CDATA[', ']]>', ']', '<![x', '<!A', '<!a b', '<a', '<a b="',
  '<a b=\'', '"', "'", '</a', '</a >', '<br>', '<b>', '@a.b>', '<!--@a.b>', '<https://x.y>', 'x', ' ', '  ', '\t', '\n', '\r\n', '\n\n', '`', '``',
  '*', '[', '](u)', '# h\n', '> ', '- ', '1. ', '| a |\n| - |\n', '```\n', '    ', '\\',
];

describe('inline HTML read once per kind and paragraph', () => {
  it('gives the trees micromark gives', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(parseMarkdown(text)).toEqual(reference.parse(tameForParser(text)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads openers of other kinds after a failed one, closers on later lines, and each paragraph on its own', () => {
    const text = 'a <!-- b <? c\nd ?> e <!A f\ng > h <!-- i\n\nj <!-- k\n--> l <!-- m';
    const tree = parseMarkdown(text);
    expect(tree).toEqual(reference.parse(text));
    const html: string[] = [];
    const visit = (n: { type: string; value?: string; children?: unknown[] }) => {
      if (n.type === 'html') html.push(n.value ?? '');
      for (const c of n.children ?? []) visit(c as typeof n);
    };
    visit(tree);
    expect(html).toEqual(['<? c\nd ?>', '<!A f\ng >', '<!-- k\n-->']);
  });

  it('reads the fuzzer hang input (3,500 unclosed `<!--` in a paragraph of 8,300 lines) with its items', () => {
    const kept = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/fuzz/hang-147e689a51.json'), 'utf8')) as { text: string };
    const { backlog } = analyzeBacklog(kept.text);
    expect(backlog.items.map((i) => [i.id, i.title])).toEqual([
      ['US-1', 'Sign in'],
      ['US-2', 'Sign out'],
      ['US-3', 'Profile'],
    ]);
    const first = parseMarkdown(kept.text.slice(0, kept.text.indexOf('# Backlog'))).children[0];
    expect(first.type).toBe('paragraph');
    expect(JSON.stringify(first)).not.toContain('"type":"html"');
  });
});
