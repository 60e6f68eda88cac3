import { describe, expect, it } from 'vitest';
import { parseBacklog } from './parse';
import { filterItems, isFinished, lookupItem, nextItems } from './queries';

const text = [
  '## Now',
  '',
  '### US-1 Sign in',
  '',
  'As a user, I want to sign in, so that my data is mine.',
  '',
  '- Status: done',
  '',
  '### US-2 Sign out',
  '',
  '- Status: in progress',
  '',
  '**Acceptance criteria:**',
  '',
  '- [ ] The session ends everywhere',
  '',
  '## Later',
  '',
  '### US-3 Export',
  '',
  '- Status: rejected',
  '',
  '### US-4 Import',
  '',
  '- Status: Waiting for legal',
  '',
].join('\n');
const b = parseBacklog(text);
const ids = (items: readonly { id: string | null }[]) => items.map((i) => i.id);

describe('queries', () => {
  it('nextItems: the top N items that are not done, accepted or rejected', () => {
    expect(b.items.map(isFinished)).toEqual([true, false, true, false]);
    expect(ids(nextItems(b, 5))).toEqual(['US-2', 'US-4']);
    expect(ids(nextItems(b, 1))).toEqual(['US-2']);
    expect(nextItems(b, 0)).toEqual([]);
  });

  it('filterItems: status (normalised, as written, or open), group, and words anywhere', () => {
    expect(ids(filterItems(b, { status: 'In Progress' }))).toEqual(['US-2']);
    expect(ids(filterItems(b, { status: 'waiting for legal' }))).toEqual(['US-4']);
    expect(ids(filterItems(b, { status: 'open' }))).toEqual(['US-2', 'US-4']);
    expect(ids(filterItems(b, { group: 'later' }))).toEqual(['US-3', 'US-4']);
    expect(ids(filterItems(b, { text: 'SESSION everywhere' }))).toEqual(['US-2']);
    expect(ids(filterItems(b, { text: 'my data' }))).toEqual(['US-1']);
    expect(ids(filterItems(b, { group: 'now', status: 'done' }))).toEqual(['US-1']);
    expect(ids(filterItems(b, {}))).toEqual(['US-1', 'US-2', 'US-3', 'US-4']);
  });

  it('lookupItem: rank or ID, with a sentence when there is none', () => {
    expect(lookupItem(b, '2', 'B.md')).toMatchObject({ ok: true, item: { id: 'US-2' } });
    expect(lookupItem(b, '#us-3', 'B.md')).toMatchObject({ ok: true, item: { id: 'US-3' } });
    expect(lookupItem(b, '9', 'B.md')).toEqual({ ok: false, error: 'no item at rank 9 in B.md: ranks go from 1 to 4' });
    expect(lookupItem(b, 'US-9', 'B.md')).toEqual({ ok: false, error: 'no item with ID "US-9" in B.md (give an ID or a rank from 1 to 4)' });
    expect(lookupItem(parseBacklog(''), '1', 'B.md')).toEqual({ ok: false, error: 'B.md has no backlog items' });
  });
});
