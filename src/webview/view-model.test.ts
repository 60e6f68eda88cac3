import { describe, expect, it } from 'vitest';
import type { BoardItem, BoardSnapshot } from '../shared/protocol';
import {
  groupChoiceLabel,
  groupMoveTarget,
  itemsInGroup,
  clampRank,
  contentSignature,
  criterionMoveTarget,
  DEFAULT_VIEW_STATE,
  dropTarget,
  filterTerms,
  itemKey,
  keyboardMoveTarget,
  nextFocus,
  oneLine,
  problemSummary,
  problemsTooltip,
  progressOf,
  progressText,
  resolveRef,
  restoreViewState,
  searchText,
  sectionsOf,
  slotAt,
  statusChoices,
  statusKey,
  statusOptions,
  visibleItems,
} from './view-model';

function item(index: number, over: Partial<BoardItem> = {}): BoardItem {
  return {
    index,
    rank: index + 1,
    id: null,
    title: `Item ${index + 1}`,
    status: null,
    estimate: null,
    owner: null,
    group: null,
    groupIndex: -1,
    value: null,
    criteria: [],
    progress: { done: 0, total: 0 },
    problems: [],
    ...over,
  };
}

function snap(items: BoardItem[], groups: BoardSnapshot['groups'] = []): BoardSnapshot {
  return { fileName: 'BACKLOG.md', shape: 'heading', groups, items, problems: [], forecast: null };
}

const st = (raw: string, kind: NonNullable<BoardItem['status']>['kind']): BoardItem['status'] => ({ raw, kind });

const sample = snap([
  item(0, { id: 'US-1', title: 'Log in', status: st('In Progress', 'in-progress'), owner: 'Ana', criteria: [{ text: 'Email and password', done: true }] }),
  item(1, { id: 'US-2', title: 'Export CSV', status: st('Todo', 'todo'), value: { role: 'accountant', want: 'a CSV file', benefit: 'I can import it' } }),
  item(2, { id: 'US-3', title: 'Dark mode', status: st('Blocked', null) }),
  item(3, { id: 'US-4', title: 'Search', status: st('Doing', 'in-progress'), estimate: '5 SP' }),
  item(4, { id: 'US-5', title: 'Notifications' }),
  item(5, { id: 'US-6', title: 'Login audit', status: st('blocked', null) }),
]);

describe('filtering', () => {
  it('matches ID, title and the text of the item, case-insensitively', () => {
    expect(visibleItems(sample, 'us-2', '')).toEqual([1]);
    expect(visibleItems(sample, 'LOG', '')).toEqual([0, 5]);
    expect(visibleItems(sample, 'password', '')).toEqual([0]);
    expect(visibleItems(sample, 'accountant', '')).toEqual([1]);
    expect(visibleItems(sample, 'import', '')).toEqual([1]);
    expect(visibleItems(sample, 'ana', '')).toEqual([0]);
    expect(visibleItems(sample, '5 sp', '')).toEqual([3]);
  });

  it('needs every term (AND), in any order', () => {
    expect(visibleItems(sample, 'login audit', '')).toEqual([5]);
    expect(visibleItems(sample, 'audit   login', '')).toEqual([5]);
    expect(visibleItems(sample, 'log nothing', '')).toEqual([]);
  });

  it('shows everything for an empty or blank filter', () => {
    expect(visibleItems(sample, '', '')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(visibleItems(sample, '   ', '')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(filterTerms('  A b\tC ')).toEqual(['a', 'b', 'c']);
  });

  it('filters by status key, together with the text', () => {
    expect(visibleItems(sample, '', 'in-progress')).toEqual([0, 3]);
    expect(visibleItems(sample, 'search', 'in-progress')).toEqual([3]);
    expect(visibleItems(sample, '', 'raw:blocked')).toEqual([2, 5]);
    expect(visibleItems(sample, '', 'none')).toEqual([4]);
    expect(visibleItems(sample, '', 'done')).toEqual([]);
  });

  it('treats regex and markup characters literally', () => {
    const s = snap([item(0, { title: 'a.*b' }), item(1, { title: '<b>x</b>' })]);
    expect(visibleItems(s, '.*', '')).toEqual([0]);
    expect(visibleItems(s, '<b>', '')).toEqual([1]);
  });

  it('builds the search text once per item object', () => {
    const it0 = item(0, { title: 'Cached' });
    expect(searchText(it0)).toBe(searchText(it0));
    expect(searchText(it0)).toContain('cached');
  });
});

describe('status', () => {
  it('keys items by kind, by word when the kind is unknown, or none', () => {
    expect(sample.items.map(statusKey)).toEqual(['in-progress', 'todo', 'raw:blocked', 'in-progress', 'none', 'raw:blocked']);
    expect(statusKey(item(0, { status: st('  ', null) }))).toBe('none');
  });

  it('offers the statuses present: kinds in workflow order with counts, other words, then no status', () => {
    expect(statusOptions(sample)).toEqual([
      { value: 'todo', label: 'To do', count: 1 },
      { value: 'in-progress', label: 'In progress', count: 2 },
      { value: 'raw:blocked', label: 'Blocked', count: 2 },
      { value: 'none', label: 'No status', count: 1 },
    ]);
    expect(statusOptions(snap([]))).toEqual([]);
  });

  it('suggests the file’s own status words first, then common ones, without duplicates', () => {
    const choices = statusChoices(sample);
    expect(choices.slice(0, 4)).toEqual(['In Progress', 'Todo', 'Blocked', 'Doing']);
    expect(choices).toContain('Done');
    expect(choices.filter((c) => c.toLowerCase() === 'todo')).toHaveLength(1);
    expect(choices.filter((c) => c.toLowerCase() === 'blocked')).toHaveLength(1);
    expect(statusChoices(snap([]))).toEqual(['Todo', 'Refining', 'Ready', 'In Progress', 'Review', 'Done', 'Accepted', 'Rejected']);
  });
});

describe('grouping', () => {
  const groups = [
    { title: 'Release 1', path: ['Release 1'], items: [1, 2] },
    { title: 'Login', path: ['Release 1', 'Login'], items: [3] },
    { title: 'Release 2', path: ['Release 2'], items: [4, 6] },
  ];
  const g = snap(
    [
      item(0),
      item(1, { groupIndex: 0 }),
      item(2, { groupIndex: 0 }),
      item(3, { groupIndex: 1 }),
      item(4, { groupIndex: 2 }),
      item(5, { groupIndex: 0 }),
      item(6, { groupIndex: 2 }),
    ],
    groups,
  );

  it('makes a section per run of a group, in rank order, titled by the group path', () => {
    expect(sectionsOf(g, [0, 1, 2, 3, 4, 5, 6])).toEqual([
      { key: 'g-1:0', groupIndex: -1, title: '', items: [0] },
      { key: 'g0:0', groupIndex: 0, title: 'Release 1', items: [1, 2] },
      { key: 'g1:0', groupIndex: 1, title: 'Release 1 › Login', items: [3] },
      { key: 'g2:0', groupIndex: 2, title: 'Release 2', items: [4] },
      { key: 'g0:1', groupIndex: 0, title: 'Release 1', items: [5] },
      { key: 'g2:1', groupIndex: 2, title: 'Release 2', items: [6] },
    ]);
  });

  it('merges runs that a filter brings together, and drops empty groups', () => {
    expect(sectionsOf(g, [1, 5])).toEqual([{ key: 'g0:0', groupIndex: 0, title: 'Release 1', items: [1, 5] }]);
    expect(sectionsOf(g, [])).toEqual([]);
  });

  it('puts an ungrouped backlog into one untitled section', () => {
    expect(sectionsOf(sample, [0, 1, 2])).toEqual([{ key: 'g-1:0', groupIndex: -1, title: '', items: [0, 1, 2] }]);
  });

  it('falls back to the title when a group has no path', () => {
    const s = snap([item(0, { groupIndex: 0 })], [{ title: 'Solo', path: [], items: [0] }]);
    expect(sectionsOf(s, [0])[0].title).toBe('Solo');
  });
});

describe('move to group', () => {
  const s = snap(
    [item(0, { groupIndex: 0 }), item(1, { groupIndex: 0 }), item(2, { groupIndex: 3 })],
    [
      { title: 'Now', path: ['Now'], items: [0, 1] },
      { title: 'Next', path: ['Next'], items: [] },
      { title: 'Spikes', path: ['Next', 'Spikes'], items: [] },
      { title: 'Later', path: ['Later'], items: [2] },
    ],
  );

  it('predicts the rank the core gives: after the group\'s last item, or where an empty group starts', () => {
    expect(groupMoveTarget(s, 1, 1)).toBe(1);
    expect(groupMoveTarget(s, 0, 2)).toBe(1);
    expect(groupMoveTarget(s, 2, 1)).toBe(2);
    expect(groupMoveTarget(s, 2, 0)).toBe(2);
    expect(groupMoveTarget(s, 0, 3)).toBe(2);
    expect(groupMoveTarget(s, 5, 0)).toBeNull();
    expect(groupMoveTarget(s, 0, 4)).toBeNull();
  });

  it('counts the items of groups inside a group, and labels empty groups', () => {
    const nested = snap([item(0, { groupIndex: 1 }), item(1, { groupIndex: 2 })], [
      { title: 'Release 1', path: ['Release 1'], items: [] },
      { title: 'Login', path: ['Release 1', 'Login'], items: [0] },
      { title: 'Release 2', path: ['Release 2'], items: [1] },
    ]);
    expect(itemsInGroup(nested, 0)).toEqual([0]);
    expect(itemsInGroup(nested, 2)).toEqual([1]);
    expect(groupMoveTarget(nested, 1, 0)).toBe(1);
    expect([0, 1, 2].map((g) => groupChoiceLabel(s, g))).toEqual(['Now', 'Next (empty)', '\u2003Spikes (empty)']);
    expect(groupChoiceLabel(nested, 1)).toBe('\u2003Login');
  });
});

describe('keyboard moves', () => {
  const all = [0, 1, 2, 3, 4, 5];

  it('steps one place up or down', () => {
    expect(keyboardMoveTarget(all, 3, 'up', 6)).toBe(2);
    expect(keyboardMoveTarget(all, 3, 'down', 6)).toBe(4);
  });

  it('does not move past the ends', () => {
    expect(keyboardMoveTarget(all, 0, 'up', 6)).toBeNull();
    expect(keyboardMoveTarget(all, 5, 'down', 6)).toBeNull();
    expect(keyboardMoveTarget(all, 0, 'top', 6)).toBeNull();
    expect(keyboardMoveTarget(all, 5, 'bottom', 6)).toBeNull();
  });

  it('goes to the top and the bottom of the whole backlog', () => {
    expect(keyboardMoveTarget(all, 3, 'top', 6)).toBe(0);
    expect(keyboardMoveTarget(all, 3, 'bottom', 6)).toBe(5);
    expect(keyboardMoveTarget([2, 4], 4, 'top', 6)).toBe(0);
    expect(keyboardMoveTarget([2, 4], 2, 'bottom', 6)).toBe(5);
  });

  it('with a filter, steps over the neighbouring visible card', () => {
    // Visible 1, 3, 5: moving 3 up lands where 1 is (before it); moving it down lands where 5 is (after it).
    expect(keyboardMoveTarget([1, 3, 5], 3, 'up', 6)).toBe(1);
    expect(keyboardMoveTarget([1, 3, 5], 3, 'down', 6)).toBe(5);
    expect(keyboardMoveTarget([1, 3, 5], 1, 'up', 6)).toBeNull();
  });

  it('refuses items that are not there', () => {
    expect(keyboardMoveTarget(all, 9, 'up', 6)).toBeNull();
    expect(keyboardMoveTarget(all, -1, 'top', 6)).toBeNull();
    expect(keyboardMoveTarget([0, 1], 3, 'up', 6)).toBeNull();
  });
});

describe('drops', () => {
  it('turns an insertion slot into the final index', () => {
    // Items 0..4. Dragging 1 before item 4 (slot 4) ends at index 3; before item 0 ends at 0; at the end ends at 4.
    expect(dropTarget(1, 4, 5)).toBe(3);
    expect(dropTarget(1, 0, 5)).toBe(0);
    expect(dropTarget(1, 5, 5)).toBe(4);
    expect(dropTarget(3, 1, 5)).toBe(1);
  });

  it('is null when the item would stay where it is', () => {
    expect(dropTarget(2, 2, 5)).toBeNull();
    expect(dropTarget(2, 3, 5)).toBeNull();
  });

  it('is null for slots outside the list', () => {
    expect(dropTarget(2, -1, 5)).toBeNull();
    expect(dropTarget(2, 6, 5)).toBeNull();
    expect(dropTarget(2, 1.5, 5)).toBeNull();
  });

  it('finds the slot under the pointer from the card boxes', () => {
    const boxes = [
      { index: 0, top: 0, bottom: 40 },
      { index: 2, top: 50, bottom: 90 },
      { index: 5, top: 100, bottom: 140 },
    ];
    expect(slotAt(boxes, -10)).toBe(0);
    expect(slotAt(boxes, 19)).toBe(0);
    expect(slotAt(boxes, 21)).toBe(2);
    expect(slotAt(boxes, 95)).toBe(5);
    expect(slotAt(boxes, 121)).toBe(6);
    expect(slotAt([], 10)).toBeNull();
  });
});

describe('focus keys', () => {
  const vis = [1, 3, 5, 7];
  it('moves among visible cards and stays at the ends', () => {
    expect(nextFocus(vis, 3, 'next')).toBe(5);
    expect(nextFocus(vis, 3, 'prev')).toBe(1);
    expect(nextFocus(vis, 1, 'prev')).toBeNull();
    expect(nextFocus(vis, 7, 'next')).toBeNull();
    expect(nextFocus(vis, 5, 'first')).toBe(1);
    expect(nextFocus(vis, 5, 'last')).toBe(7);
    expect(nextFocus(vis, 1, 'pageDown', 2)).toBe(5);
    expect(nextFocus(vis, 7, 'pageUp', 10)).toBe(1);
  });

  it('starts at the first card when the focused one is hidden', () => {
    expect(nextFocus(vis, 4, 'next')).toBe(1);
    expect(nextFocus([], 0, 'next')).toBeNull();
  });
});

describe('criteria moves', () => {
  it('moves within the list and refuses the ends', () => {
    expect(criterionMoveTarget(4, 2, 'up')).toBe(1);
    expect(criterionMoveTarget(4, 2, 'down')).toBe(3);
    expect(criterionMoveTarget(4, 0, 'up')).toBeNull();
    expect(criterionMoveTarget(4, 3, 'down')).toBeNull();
    expect(criterionMoveTarget(4, 2, 'top')).toBe(0);
    expect(criterionMoveTarget(4, 2, 'bottom')).toBe(3);
    expect(criterionMoveTarget(4, 4, 'up')).toBeNull();
    expect(criterionMoveTarget(0, 0, 'down')).toBeNull();
  });
});

describe('progress and problems', () => {
  it('counts checked criteria over all criteria', () => {
    const criteria = [
      { text: 'a', done: true },
      { text: 'b', done: false },
      { text: 'c', done: null },
      { text: 'd', done: true },
    ];
    expect(progressOf(criteria)).toEqual({ done: 2, total: 4 });
    expect(progressText({ done: 2, total: 4 })).toBe('2/4');
    expect(progressText({ done: 0, total: 0 })).toBe('');
  });

  it('summarises problems by severity', () => {
    const ps = [
      { ruleId: 'a', severity: 'warning' as const, message: 'W' },
      { ruleId: 'b', severity: 'info' as const, message: 'I' },
      { ruleId: 'c', severity: 'warning' as const, message: 'W2' },
    ];
    expect(problemSummary(ps)).toEqual({ error: 0, warning: 2, info: 1, worst: 'warning' });
    expect(problemSummary([]).worst).toBeNull();
    expect(problemsTooltip(ps)).toBe('warning: W (a)\ninfo: I (b)\nwarning: W2 (c)');
  });
});

describe('persisted state', () => {
  it('round-trips a full state', () => {
    const s = { filter: 'log', status: 'raw:blocked', density: 'list' as const, selected: { index: 3, id: 'US-4' }, scrollTop: 120, pageScrollY: 0 };
    expect(restoreViewState(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it.each([undefined, null, 3, 'x', [], { density: 'grid' }])('falls back to defaults for %j', (raw) => {
    expect(restoreViewState(raw)).toEqual(DEFAULT_VIEW_STATE);
  });

  it('repairs the parts that are wrong and keeps the rest', () => {
    expect(restoreViewState({ filter: 7, status: 'done', density: 'list', selected: { index: -1 }, scrollTop: -5, pageScrollY: NaN })).toEqual({
      ...DEFAULT_VIEW_STATE,
      status: 'done',
      density: 'list',
    });
    expect(restoreViewState({ selected: { index: 2, id: 5 } }).selected).toEqual({ index: 2, id: null });
  });

  it('ignores inherited properties', () => {
    expect(restoreViewState(Object.create({ filter: 'x', density: 'list' }))).toEqual(DEFAULT_VIEW_STATE);
  });
});

describe('finding items again', () => {
  it('prefers the ID, then the position', () => {
    expect(resolveRef(sample, { index: 1, id: 'US-2' })).toBe(1);
    expect(resolveRef(sample, { index: 0, id: 'US-4' })).toBe(3);
    expect(resolveRef(sample, { index: 4, id: 'GONE' })).toBe(4);
    expect(resolveRef(sample, { index: 9, id: null })).toBe(-1);
    expect(resolveRef(sample, null)).toBe(-1);
  });
});

describe('card keys and signatures', () => {
  it('keys by position and ID', () => {
    expect(itemKey(item(3, { id: 'A-1' }))).toBe('3:A-1');
    expect(itemKey(item(3))).toBe('3:');
  });

  it('ignores the position in the content signature, and sees every shown field', () => {
    const a = item(0, { id: 'X', title: 'T' });
    expect(contentSignature(a)).toBe(contentSignature({ ...a, index: 5, rank: 6 }));
    expect(contentSignature(a)).not.toBe(contentSignature({ ...a, title: 'U' }));
    expect(contentSignature(a)).not.toBe(contentSignature({ ...a, criteria: [{ text: 'c', done: false }] }));
    expect(contentSignature(a)).not.toBe(contentSignature({ ...a, problems: [{ ruleId: 'r', severity: 'info', message: 'm' }] }));
  });
});

describe('input helpers', () => {
  it('clamps a typed rank', () => {
    expect(clampRank(0, 5)).toBe(1);
    expect(clampRank(3, 5)).toBe(3);
    expect(clampRank(99, 5)).toBe(6);
    expect(clampRank(NaN, 5)).toBe(6);
    expect(clampRank(2.6, 5)).toBe(3);
  });

  it('makes pasted text one line without control characters', () => {
    expect(oneLine('a\r\nb\nc\u2028d')).toBe('a b c d');
    expect(oneLine('a\u0000b\u001bc\td')).toBe('abc\td');
  });
});
