import { describe, expect, it } from 'vitest';
import type { Backlog, BacklogItem, Criterion, Finding, Group } from '../core/model';
import { toBoardSnapshot } from './board-snapshot';
import { parseHostMessage } from './protocol';

// Hand-built model objects (the parser is not used here): only what the snapshot reads needs real values.
const span = { start: 0, end: 0 };

function criterion(text: string, done: boolean | null): Criterion {
  return { text, done, span, textSpan: span, checkSpan: done === null ? null : span };
}

function item(index: number, over: Partial<BacklogItem> = {}): BacklogItem {
  return {
    index,
    rank: index + 1,
    shape: 'heading',
    id: null,
    idSpan: null,
    title: `Item ${index + 1}`,
    titleSpan: span,
    span,
    content: span,
    trailerEnd: 0,
    groupPath: [],
    group: null,
    groupIndex: -1,
    tableIndex: -1,
    priority: null,
    estimate: null,
    status: null,
    owner: null,
    sprint: null,
    dependsOn: [],
    value: null,
    criteria: [],
    criteriaLabelSpan: null,
    fields: [],
    bodyEnd: 0,
    disabledRules: new Set(),
    ...over,
  };
}

function backlog(items: BacklogItem[], groups: Group[] = []): Backlog {
  return { source: '', shape: items.length ? 'heading' : null, itemDepth: 2, items, groups, tables: [], pseudoItems: [], eol: '\n', frontMatter: null, frontMatterSettings: undefined };
}

function finding(itemIndex: number, ruleId = 'missing-acceptance-criteria', severity: Finding['severity'] = 'warning'): Finding {
  return { ruleId, message: `${ruleId} on ${itemIndex}`, span, severity, itemIndex, fixes: [{ title: 'Fix', edits: [] }], suggestions: [] };
}

const group = (title: string, parent = -1, depth = 2): Group => ({ title, depth, span, parent });

describe('toBoardSnapshot', () => {
  it('maps every field an item card shows', () => {
    const b = backlog([
      item(0, {
        id: 'US-1',
        title: 'Log in',
        status: { raw: 'In Progress', kind: 'in-progress', span, source: 'field' },
        estimate: { raw: '3 SP', value: 3, unit: 'SP', span },
        owner: 'Ana',
        value: { role: 'user', want: 'to log in', benefit: 'I see my data', language: 'en', span },
        criteria: [criterion('Email', true), criterion('Password', false), criterion('Plain', null)],
      }),
    ]);
    expect(toBoardSnapshot(b, [], 'BACKLOG.md')).toEqual({
      fileName: 'BACKLOG.md',
      shape: 'heading',
      groups: [],
      items: [
        {
          index: 0,
          rank: 1,
          id: 'US-1',
          title: 'Log in',
          status: { raw: 'In Progress', kind: 'in-progress' },
          estimate: '3 SP',
          owner: 'Ana',
          group: null,
          groupIndex: -1,
          value: { role: 'user', want: 'to log in', benefit: 'I see my data' },
          criteria: [
            { text: 'Email', done: true },
            { text: 'Password', done: false },
            { text: 'Plain', done: null },
          ],
          progress: { done: 1, total: 3 },
          problems: [],
        },
      ],
      problems: [],
      forecast: null,
    });
  });

  it('keeps missing parts as null: no status, estimate, owner, value, role or benefit', () => {
    const s = toBoardSnapshot(backlog([item(0, { value: { role: null, want: 'Faster search', benefit: null, language: 'en', span } })]), [], 'b.md');
    const it0 = s.items[0];
    expect([it0.id, it0.status, it0.estimate, it0.owner, it0.group]).toEqual([null, null, null, null, null]);
    expect(it0.value).toEqual({ role: null, want: 'Faster search', benefit: null });
    expect(it0.progress).toEqual({ done: 0, total: 0 });
  });

  it('keeps unrecognised status words with kind null', () => {
    const s = toBoardSnapshot(backlog([item(0, { status: { raw: 'Blocked', kind: null, span, source: 'field' } })]), [], 'b.md');
    expect(s.items[0].status).toEqual({ raw: 'Blocked', kind: null });
  });

  it('attaches findings to their item by itemIndex, in the order given, and file-level findings to the file', () => {
    const b = backlog([item(0), item(1), item(2)]);
    const findings = [finding(2, 'a', 'error'), finding(-1, 'no-items', 'info'), finding(0, 'b'), finding(2, 'c', 'info'), finding(7, 'out-of-range')];
    const s = toBoardSnapshot(b, findings, 'b.md');
    expect(s.items.map((i) => i.problems.map((p) => p.ruleId))).toEqual([['b'], [], ['a', 'c']]);
    expect(s.items[2].problems[0]).toEqual({ ruleId: 'a', severity: 'error', message: 'a on 2' });
    // An index that names no item is shown, not dropped.
    expect(s.problems.map((p) => p.ruleId)).toEqual(['no-items', 'out-of-range']);
  });

  it('leaves fixes and spans out of the problems', () => {
    const s = toBoardSnapshot(backlog([item(0)]), [finding(0)], 'b.md');
    expect(Object.keys(s.items[0].problems[0]).sort()).toEqual(['message', 'ruleId', 'severity']);
  });

  it('lists groups with their full path and their items', () => {
    const groups = [group('Release 1', -1, 2), group('Epic: Login', 0, 3), group('Release 2', -1, 2)];
    const b = backlog(
      [
        item(0),
        item(1, { group: 'Release 1', groupIndex: 0, groupPath: ['Release 1'] }),
        item(2, { group: 'Epic: Login', groupIndex: 1, groupPath: ['Release 1', 'Epic: Login'] }),
        item(3, { group: 'Epic: Login', groupIndex: 1 }),
        item(4, { group: 'Release 2', groupIndex: 2 }),
      ],
      groups,
    );
    const s = toBoardSnapshot(b, [], 'b.md');
    expect(s.groups).toEqual([
      { title: 'Release 1', path: ['Release 1'], items: [1] },
      { title: 'Epic: Login', path: ['Release 1', 'Epic: Login'], items: [2, 3] },
      { title: 'Release 2', path: ['Release 2'], items: [4] },
    ]);
    expect(s.items.map((i) => [i.group, i.groupIndex])).toEqual([
      [null, -1],
      ['Release 1', 0],
      ['Epic: Login', 1],
      ['Epic: Login', 1],
      ['Release 2', 2],
    ]);
  });

  it('survives a model with a parent cycle or a groupIndex out of range', () => {
    const groups = [group('A', 1), group('B', 0)];
    const b = backlog([item(0, { groupIndex: 0, group: 'A' }), item(1, { groupIndex: 9, group: 'Ghost' })], groups);
    const s = toBoardSnapshot(b, [], 'b.md');
    expect(s.groups[0].path).toEqual(['B', 'A']);
    expect(s.items[1].groupIndex).toBe(-1);
    expect(s.items[1].group).toBe('Ghost');
  });

  it('numbers items by their position in the snapshot', () => {
    const s = toBoardSnapshot(backlog([item(0), item(1), item(2)]), [], 'b.md');
    expect(s.items.map((i) => [i.index, i.rank])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('handles an empty backlog', () => {
    expect(toBoardSnapshot(backlog([]), [finding(-1, 'no-items')], 'BACKLOG.md')).toEqual({
      fileName: 'BACKLOG.md',
      shape: null,
      groups: [],
      items: [],
      problems: [{ ruleId: 'no-items', severity: 'warning', message: 'no-items on -1' }],
      forecast: null,
    });
  });

  it('is plain JSON that survives a round trip and passes the webview validator', () => {
    const b = backlog(
      [
        item(0, { id: 'A-1', criteria: [criterion('x', true)], status: { raw: 'Done', kind: 'done', span, source: 'checkbox' } }),
        item(1, { title: '<script>alert(1)</script>', groupIndex: 0, group: 'G' }),
      ],
      [group('G')],
    );
    const s = toBoardSnapshot(b, [finding(0), finding(-1)], 'BACKLOG.md');
    const round = JSON.parse(JSON.stringify(s));
    expect(round).toEqual(s);
    expect(parseHostMessage({ type: 'backlogDidChange', version: 1, snapshot: round })).toEqual({ type: 'backlogDidChange', version: 1, snapshot: s });
  });

  it('does not share arrays with the model (the snapshot can be posted while the model is reused)', () => {
    const criteria = [criterion('x', false)];
    const b = backlog([item(0, { criteria })]);
    const s = toBoardSnapshot(b, [], 'b.md');
    expect(s.items[0].criteria).not.toBe(criteria);
    expect(s.items[0].criteria[0]).not.toBe(criteria[0]);
  });
});
