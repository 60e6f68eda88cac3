// Markdown to HTML the way GitHub renders a comment or a file: GFM tables and strikethrough, raw HTML passed through
// (GitHub allows much of it), so that a test sees any tag an escaping mistake would let in.
import { micromark } from 'micromark';
import { gfmStrikethrough, gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import { gfmTable, gfmTableHtml } from 'micromark-extension-gfm-table';

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfmTable(), gfmStrikethrough()], htmlExtensions: [gfmTableHtml(), gfmStrikethroughHtml()] });
}
