// The git source of the forecast end to end: a real temporary repository with a scripted history (items done week by
// week, one renamed file, one item removed), read with the real `git`, bucketed into sprints and forecast.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastBacklog } from '../core/forecast';
import { parseBacklog } from '../core/parse';
import { type ScriptedRepo, scriptedRepo } from '../../test/unit/git-fixture';
import { loadHistory, localToday } from './forecast-history';

/** A backlog whose items 1..n are done when their number is in `done`. */
function backlog(n: number, done: readonly number[], removed: readonly number[] = []): string {
  const items: string[] = [];
  for (let i = 1; i <= n; i++) {
    if (removed.includes(i)) continue;
    items.push(`## US-${i} Story number ${i}\n\nAs a user, I want story ${i}, so that it helps.\n\n- Estimate: ${i % 3 === 0 ? 5 : 3}\n- Status: ${done.includes(i) ? 'done' : 'todo'}\n`);
  }
  return `# Product Backlog\n\nThe ordered backlog of the team.\n\n${items.join('\n')}`;
}

let repo: ScriptedRepo;
const today = '2026-03-16'; // a Monday; sprints of 14 days end on Sunday 2026-03-15

beforeAll(() => {
  repo = scriptedRepo();
  const steps: [string, number[], number[]][] = [
    ['2026-01-14', [], []], // first revision: a part-sprint follows (window 01-05..01-18 starts before it)
    ['2026-01-21', [1], []], // window 01-19..02-01
    ['2026-01-28', [1, 2], []],
    ['2026-02-04', [1, 2, 3], []], // window 02-02..02-15
    ['2026-02-11', [1, 2, 3], [12]], // US-12 removed while open
    ['2026-02-18', [1, 2, 3, 4, 5, 6], [12]], // window 02-16..03-01
    ['2026-03-04', [1, 2, 3, 4, 5, 6, 7], [12]], // window 03-02..03-15
    ['2026-03-16', [1, 2, 3, 4, 5, 6, 7, 8], [12]], // today: the sprint under way
  ];
  steps.forEach(([date, done, removed], k) => {
    const path = k < 3 ? 'docs/backlog.md' : 'BACKLOG.md';
    repo.commit({
      date: `${date}T10:00:00+01:00`,
      message: `Backlog ${date}`,
      renames: k === 3 ? { 'docs/backlog.md': 'BACKLOG.md' } : undefined,
      files: { [path]: backlog(20, done, removed) },
    });
  });
});

afterAll(() => repo?.remove());

describe('forecast history from git', () => {
  it('reads the done dates from the real history, following the rename', async () => {
    const file = join(repo.root, 'BACKLOG.md');
    const text = backlog(20, [1, 2, 3, 4, 5, 6, 7, 8], [12]);
    const parsed = parseBacklog(text);
    const history = await loadHistory('git', file, parsed, {}, today);
    expect(history?.sprints.map((s) => [s.start, s.end, s.items, s.points])).toEqual([
      // windows end yesterday (2026-03-15) and go back 14 days at a time, from the first whole one after 2026-01-14
      ['2026-01-19', '2026-02-01', 2, 6],
      ['2026-02-02', '2026-02-15', 1, 5],
      ['2026-02-16', '2026-03-01', 3, 11],
      ['2026-03-02', '2026-03-15', 1, 3],
    ]);
    expect(history?.removed).toEqual([{ id: 'US-12', title: 'Story number 12', date: '2026-02-11' }]);
    const f = forecastBacklog(parsed, {}, history!, { today });
    expect(f).toMatchObject({ source: 'git', mode: 'velocity', samples: [6, 5, 11, 3], insufficientData: false, sprint1Start: '2026-03-16' });
    expect(f.items.map((i) => i.id)).toEqual(['US-9', 'US-10', 'US-11', 'US-13', 'US-14', 'US-15', 'US-16', 'US-17', 'US-18', 'US-19', 'US-20']);
    expect(f.items[0].date?.p50).toBe('2026-03-29');
  });

  it('with countRemovedAsDone, the removed item counts in the sprint it left', async () => {
    const parsed = parseBacklog(backlog(20, [1, 2, 3, 4, 5, 6, 7, 8], [12]));
    const history = await loadHistory('git', join(repo.root, 'BACKLOG.md'), parsed, { countRemovedAsDone: true }, today);
    expect(history?.sprints.map((s) => s.items)).toEqual([2, 2, 3, 1]);
  });

  it('is null outside a repository; the file sources need no git', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backlog-nogit-'));
    try {
      writeFileSync(join(dir, 'BACKLOG.md'), '- a\n');
      const parsed = parseBacklog('- a\n');
      expect(await loadHistory('git', join(dir, 'BACKLOG.md'), parsed, {}, today)).toBeNull();
      expect((await loadHistory('config', join(dir, 'BACKLOG.md'), parsed, { throughput: [1, 2, 3] }, today))?.sprints).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('localToday is the local calendar date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
