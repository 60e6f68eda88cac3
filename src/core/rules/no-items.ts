// no-items: the file is a backlog but no item was found. Usually the items are written in a form the tool does not
// recognise; an empty backlog also means there is nothing to plan a sprint from.
import type { Rule } from '../lint';
import { firstLine } from './helpers';

export const noItems: Rule = {
  id: 'no-items',
  description: 'The file has no backlog items.',
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: false,
  check({ backlog, source }) {
    if (backlog.items.length > 0) return [];
    const n = backlog.pseudoItems.length;
    const hint = n > 0 ? ` (${n} ${n === 1 ? 'line looks' : 'lines look'} like items but ${n === 1 ? 'is' : 'are'} not valid markdown; see pseudo-items)` : '';
    return [
      {
        message: `No backlog items found${hint}; expected items as \`## Title\` headings with \`As a …, I want …, so that …\`, as list items, or as table rows`,
        span: firstLine(source),
        itemIndex: -1,
      },
    ];
  },
};
