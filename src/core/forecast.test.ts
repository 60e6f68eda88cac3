// The forecast against hand-computed cases, and its history sources (config, the file's sprints, git revisions).
import { describe, expect, it } from 'vitest';
import type { BacklogConfig } from './config';
import { type Forecast, forecastBacklog, median, seededRandom, simulate, sprintCalendar, sprintEnds, defaultSource, fileHistory, describeItemForecast } from './forecast';
import { type History, historyFromConfig, historyFromRevisions, historyFromSprints } from './history';
import { parseBacklog } from './parse';
import { datesIn, readSprints } from './sprints';

const parse = (text: string) => parseBacklog(text);

/** A list backlog: `[size or null, status]` per item. */
function listBacklog(items: readonly (readonly [number | null, string?])[]): string {
  return `# Backlog\n\n${items.map(([e, status], i) => `- US-${i + 1} Item ${i + 1}${e === null ? '' : `\n  - Estimate: ${e}`}${status ? `\n  - Status: ${status}` : ''}`).join('\n')}\n`;
}

function headingBacklog(items: readonly { id: string; estimate?: number; status?: string }[]): string {
  return `# Backlog\n\n${items.map((i) => `## ${i.id} Title of ${i.id}\n\n${i.estimate !== undefined ? `- Estimate: ${i.estimate}\n` : ''}${i.status ? `- Status: ${i.status}\n` : ''}`).join('\n')}`;
}

const run = (text: string, config: BacklogConfig, today: string | null = null, history?: History): Forecast => {
  const backlog = parse(text);
  return forecastBacklog(backlog, config, history ?? fileHistory('config', backlog, config, today), { today });
};

const sprintsOf = (f: Forecast) => f.items.map((i) => [i.sprint.p50, i.sprint.p85, i.sprint.p95]);

describe('simulate (hand-computed)', () => {
  it('constant velocity gives exact sprints at every confidence', () => {
    // Cumulative 5, 10, 15, 20, 30 against 10 per sprint: sprints 1, 1, 2, 2, 3.
    const sim = simulate([5, 5, 5, 5, 10], [10, 10, 10], { trials: 1000, seed: 7 });
    expect(sim.sprints).toEqual([1, 1, 2, 2, 3].map((s) => ({ p50: s, p85: s, p95: s })));
    expect(sim.finished).toEqual([
      { p50: 10, p85: 10 },
      { p50: 20, p85: 20 },
      { p50: 30, p85: 30 },
    ]);
  });

  it('carries unfinished work over: 7 per sprint finishes items of 4 in sprints 1, 2, 2, 3', () => {
    // Cumulative 4, 8, 12, 16 against 7, 14, 21: 4 ≤ 7; 8 ≤ 14; 12 ≤ 14; 16 ≤ 21.
    expect(simulate([4, 4, 4, 4], [7, 7, 7], { trials: 100, seed: 1 }).sprints.map((s) => s.p85)).toEqual([1, 2, 2, 3]);
  });

  it('bootstraps: throughput 1, 1, 1 or 5 gives the percentiles of the sums of draws', () => {
    // One draw in four is 5. Item 2: done by sprint 1 only with a 5 (25%), always by sprint 2 (1 + 1).
    // Item 3: by sprint 2 with at least one 5 in two draws (43.75% < 50%), always by sprint 3.
    // Item 6: by sprint 3 with a 5 among three draws (57.8%), by 4 (68.4%), 5 (76.3%), always by 6 (six 1s).
    const sim = simulate([1, 1, 1, 1, 1, 1], [1, 1, 1, 5], { trials: 10_000, seed: 42 });
    expect(sim.sprints[0]).toEqual({ p50: 1, p85: 1, p95: 1 });
    expect(sim.sprints[1]).toEqual({ p50: 2, p85: 2, p95: 2 });
    expect(sim.sprints[2]).toEqual({ p50: 3, p85: 3, p95: 3 });
    expect(sim.sprints[5]).toEqual({ p50: 3, p85: 6, p95: 6 });
  });

  it('scales sprint 1 by the share still ahead', () => {
    // Half of sprint 1 is left: 5 of 10 points, then 10 per sprint: cumulative 5, 15, 25.
    const sim = simulate([5, 5, 5, 5, 5], [10, 10, 10], { trials: 100, seed: 1, firstSprintFraction: 0.5 });
    expect(sim.sprints.map((s) => s.p50)).toEqual([1, 2, 2, 3, 3]);
  });

  it('gives null beyond the last simulated sprint', () => {
    const sim = simulate([1, 1, 100], [1, 1, 1], { trials: 10, seed: 1, maxSprints: 20 });
    expect(sim.sprints.map((s) => s.p95)).toEqual([1, 2, null]);
  });

  it('is deterministic for a seed, and the generator is uniform enough', () => {
    const a = simulate([3, 5, 8, 2, 1], [4, 9, 13, 7], { trials: 2000, seed: 99 });
    const b = simulate([3, 5, 8, 2, 1], [4, 9, 13, 7], { trials: 2000, seed: 99 });
    expect(a).toEqual(b);
    const r = seededRandom(5);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(r() * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('median', () => {
    expect(median([])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('forecastBacklog', () => {
  it('velocity from the configuration: exact sprints, no dates without a calendar', () => {
    const f = run(listBacklog([[5], [5], [5], [5], [10]]), { velocity: [10, 10, 10] });
    expect(f).toMatchObject({ mode: 'velocity', source: 'config', samples: [10, 10, 10], insufficientData: false, trials: 10_000, seed: 1, sprintLengthDays: 14, sprint1Start: null });
    expect(sprintsOf(f)).toEqual([1, 1, 2, 2, 3].map((s) => [s, s, s]));
    expect(f.items.map((i) => i.date)).toEqual([null, null, null, null, null]);
    expect(f.items[0]).toMatchObject({ index: 0, rank: 1, id: 'US-1', title: 'Item 1', estimate: 5, assumedEstimate: null });
  });

  it('skips closed items and keeps rank order', () => {
    const text = headingBacklog([
      { id: 'A1', estimate: 5, status: 'done' },
      { id: 'B1', estimate: 5 },
      { id: 'C1', estimate: 3, status: 'rejected' },
      { id: 'D1', estimate: 5 },
      { id: 'E1', estimate: 5, status: 'accepted' },
      { id: 'F1', estimate: 10 },
    ]);
    const f = run(text, { velocity: [10, 10, 10] });
    expect(f.items.map((i) => [i.id, i.rank, i.sprint.p85])).toEqual([
      ['B1', 2, 1],
      ['D1', 4, 1],
      ['F1', 6, 2],
    ]);
  });

  it('items without an estimate count as the median estimate, and the output says so', () => {
    const text = headingBacklog([{ id: 'A1', estimate: 2 }, { id: 'B1' }, { id: 'C1', estimate: 8 }, { id: 'D1', estimate: 4 }]);
    const f = run(text, { velocity: [6, 6, 6] });
    expect(f.items.map((i) => [i.id, i.estimate, i.assumedEstimate])).toEqual([
      ['A1', 2, null],
      ['B1', null, 4],
      ['C1', 8, null],
      ['D1', 4, null],
    ]);
    // Cumulative 2, 6, 14, 18 against 6 per sprint: 1, 1, 3, 3.
    expect(f.items.map((i) => i.sprint.p50)).toEqual([1, 1, 3, 3]);
    expect(f.warnings).toContain('1 open item has no estimate; the forecast counts it as the median estimate, 4.');
  });

  it('throughput from the configuration counts items', () => {
    const f = run(listBacklog([[null], [null], [null], [null], [null]]), { throughput: [2, 2, 2] });
    expect(f.mode).toBe('throughput');
    expect(f.items.map((i) => i.sprint.p85)).toEqual([1, 1, 2, 2, 3]);
    expect(f.items.every((i) => i.assumedEstimate === null)).toBe(true);
  });

  it('insufficient data under three sprints: a reason, no items, no dates', () => {
    const one = run(listBacklog([[3]]), { velocity: [10] }, '2026-10-01');
    expect(one.insufficientData).toBe('only 1 past sprint in the configuration; at least 3 are needed');
    expect(one.items).toEqual([]);
    expect(one.burnUp).toBeNull();
    expect(one.sprint1Start).toBeNull();
    expect(run(listBacklog([[3]]), { velocity: [10, 12] }).insufficientData).toBe('only 2 past sprints in the configuration; at least 3 are needed');
    expect(run(listBacklog([[3]]), {}).insufficientData).toBe('no past sprints in the configuration; at least 3 are needed');
    expect(run(listBacklog([[3]]), { velocity: [0, 0, 0] }).insufficientData).toBe('nothing was done in any of the 3 past sprints in the configuration');
  });

  it('warns when the history is unstable', () => {
    const f = run(listBacklog([[3], [3]]), { velocity: [10, 9, 31, 11] });
    expect(f.warnings[0]).toBe('Unstable history: configured sprint 3 (31) is more than twice the median of 10.5 points; the forecast is less certain than it looks.');
    const zeros = run(listBacklog([[3]]), { throughput: [0, 4, 0, 0] });
    expect(zeros.warnings).toContain('Unstable history: 3 of 4 past sprints finished nothing.');
    expect(run(listBacklog([[3]]), { velocity: [10, 12, 9] }).warnings).toEqual([]);
  });

  it('dates: sprint 1 is the sprint under way, aligned to sprintStart; an item is due on the last day of its sprint', () => {
    // Sprints of 14 days from 2026-09-07: today 2026-09-21 starts sprint 1 (a whole sprint ahead).
    const f = run(listBacklog([[5], [5], [10]]), { velocity: [10, 10, 10], sprintStart: '2026-09-07' }, '2026-09-21');
    expect(f.sprint1Start).toBe('2026-09-21');
    expect(f.items.map((i) => i.date)).toEqual([
      { p50: '2026-10-04', p85: '2026-10-04', p95: '2026-10-04' },
      { p50: '2026-10-04', p85: '2026-10-04', p95: '2026-10-04' },
      { p50: '2026-10-18', p85: '2026-10-18', p95: '2026-10-18' },
    ]);
    expect(f.warnings).toEqual([]);
    // A week later, half of sprint 1 is left: 5 points in it.
    const g = run(listBacklog([[5], [5], [10]]), { velocity: [10, 10, 10], sprintStart: '2026-09-07' }, '2026-09-28');
    expect(g.sprint1Start).toBe('2026-09-21');
    expect(g.items.map((i) => i.sprint.p50)).toEqual([1, 2, 3]);
    expect(g.warnings).toContain("Sprint 1 is under way (it started 2026-09-21); the forecast gives it 50% of a sprint's work.");
  });

  it('the burn-up data: past cumulative, scope, and the work finished per future sprint', () => {
    const f = run(listBacklog([[5], [5], [5], [5], [10]]), { velocity: [8, 10, 12] });
    expect(f.burnUp?.unit).toBe('points');
    expect(f.burnUp?.past.map((p) => p.cumulative)).toEqual([8, 18, 30]);
    expect(f.burnUp?.done).toBe(30);
    expect(f.burnUp?.scope).toBe(60);
    const last = f.burnUp!.future.at(-1)!;
    expect(last.p50).toBe(60);
    for (const s of f.burnUp!.future) expect(s.p85).toBeLessThanOrEqual(s.p50);
  });

  it('sprint ends at 85% fall between items whose 85% sprints differ', () => {
    const text = headingBacklog([
      { id: 'A1', estimate: 5 },
      { id: 'B1', estimate: 5, status: 'done' },
      { id: 'C1', estimate: 5 },
      { id: 'D1', estimate: 5 },
      { id: 'E1', estimate: 10 },
    ]);
    const f = run(text, { velocity: [10, 10, 10] });
    expect(sprintEnds(f)).toEqual([
      { afterIndex: 2, sprint: 1, date: null },
      { afterIndex: 3, sprint: 2, date: null },
    ]);
    expect(describeItemForecast(f.items[0])).toBe('sprint 1 (50% and 85%)');
  });
});

describe('history from the file', () => {
  const FILE = `# Backlog

## Sprint 1 (2026-09-07 – 2026-09-18)

Sprint goal: Users can sign in.

### US-1 Sign in
- Estimate: 5
- Status: done

### US-2 Sign out
- Estimate: 3
- Status: done

## Sprint 2 (2026-09-21 – 2026-10-02)

**Sprint goal:** Profiles

### US-3 Profile
- Estimate: 8
- Status: done

### US-4 Avatar
- Status: done

### US-9 Dropped
- Status: in progress

## Sprint 3 (2026-10-05 – 2026-10-16)

### US-5 Search
- Estimate: 5
- Status: done

## Sprint 4 (2026-10-19 – 2026-10-30)

### US-6 Export
- Estimate: 8

## Later

### US-7 Import
- Estimate: 3
`;

  it('reads sprint groups with dates, goals and items', () => {
    const sprints = readSprints(parse(FILE));
    expect(sprints.map((s) => [s.name, s.number, s.start, s.end, s.goal, s.itemIndexes])).toEqual([
      ['Sprint 1 (2026-09-07 – 2026-09-18)', 1, '2026-09-07', '2026-09-18', 'Users can sign in.', [0, 1]],
      ['Sprint 2 (2026-09-21 – 2026-10-02)', 2, '2026-09-21', '2026-10-02', 'Profiles', [2, 3, 4]],
      ['Sprint 3 (2026-10-05 – 2026-10-16)', 3, '2026-10-05', '2026-10-16', null, [5]],
      ['Sprint 4 (2026-10-19 – 2026-10-30)', 4, '2026-10-19', '2026-10-30', null, [6]],
    ]);
    expect(FILE.slice(sprints[1].goalSpan!.start, sprints[1].goalSpan!.end)).toBe('**Sprint goal:** Profiles');
  });

  it('reads dates in common forms', () => {
    expect(datesIn('Sprint 3 (2026-10-05 – 2026-10-16)')).toEqual(['2026-10-05', '2026-10-16']);
    expect(datesIn('Sprint 3: 5.10.2026 bis 16.10.2026')).toEqual(['2026-10-05', '2026-10-16']);
    expect(datesIn('Iteration 4 — Oct 5, 2026 to 16 October 2026')).toEqual(['2026-10-05', '2026-10-16']);
    expect(datesIn('Sprint 2026/10/05')).toEqual(['2026-10-05']);
    expect(datesIn('Sprint 2026-02-30, 10/05/2026')).toEqual([]);
  });

  it('past sprints are those ended before today, with velocity from the done items', () => {
    const h = historyFromSprints(parse(FILE), '2026-10-20');
    expect(h.sprints.map((s) => [s.items, s.points, s.unestimated])).toEqual([
      [2, 8, 0],
      [2, 8, 1],
      [1, 5, 0],
    ]);
    // Without a clock, a sprint is over when all its items are closed: sprints 1 and 3.
    expect(historyFromSprints(parse(FILE), null).sprints.map((s) => s.label)).toEqual(['Sprint 1 (2026-09-07 – 2026-09-18)', 'Sprint 3 (2026-10-05 – 2026-10-16)']);
  });

  it('forecasts from the sprints: velocity with the median for the done item without an estimate; dates follow the sprints', () => {
    const backlog = parse(FILE);
    const today = '2026-10-20';
    expect(defaultSource(backlog, {}, today, true)).toBe('sprints');
    const f = forecastBacklog(backlog, {}, fileHistory('sprints', backlog, {}, today), { today });
    // Done estimates 5, 3, 8, 5: median 5; samples 8, 8 + 5, 5.
    expect(f.mode).toBe('velocity');
    expect(f.samples).toEqual([8, 13, 5]);
    // Sprint 4 started 2026-10-19: today leaves 13 of 14 days.
    expect(f.sprint1Start).toBe('2026-10-19');
    expect(f.items.map((i) => i.id)).toEqual(['US-9', 'US-6', 'US-7']);
    expect(f.items[0].assumedEstimate).toBe(5);
  });

  it('sprintCalendar: the anchor is sprintStart, else the latest started sprint group, else today for git', () => {
    const backlog = parse(FILE);
    expect(sprintCalendar(backlog, {}, 'sprints', '2026-10-20')).toEqual({ start: '2026-10-19', fraction: 13 / 14, anchor: '2026-10-19' });
    expect(sprintCalendar(backlog, { sprintStart: '2026-01-05' }, 'sprints', '2026-10-20').anchor).toBe('2026-01-05');
    expect(sprintCalendar(parse('- a\n'), {}, 'config', '2026-10-20').start).toBeNull();
    expect(sprintCalendar(parse('- a\n'), {}, 'git', '2026-10-20')).toEqual({ start: '2026-10-20', fraction: 1, anchor: '2026-10-20' });
  });

  it('history from config: velocity or throughput; both: velocity when the open items are estimated', () => {
    const estimated = parse(listBacklog([[3], [5]]));
    const bare = parse(listBacklog([[null], [null]]));
    expect(historyFromConfig({}, estimated)).toBeNull();
    expect(historyFromConfig({ velocity: [1, 2, 3], throughput: [4, 5, 6] }, estimated)?.mode).toBe('velocity');
    expect(historyFromConfig({ velocity: [1, 2, 3], throughput: [4, 5, 6] }, bare)?.mode).toBe('throughput');
    expect(historyFromConfig({ throughput: [4, 5, 6] }, estimated)?.sprints.map((s) => s.items)).toEqual([4, 5, 6]);
  });
});

describe('history from git revisions', () => {
  // Revisions newest first, as git log gives them. Sprints of 14 days ending yesterday (today 2026-03-02 → windows
  // 2026-02-16..03-01, 02-02..02-15, 01-19..02-01, 01-05..01-18).
  const rev = (date: string, items: [string, number | null, boolean][]) => ({
    commit: date,
    date: `${date}T12:00:00+01:00`,
    text: headingBacklog(items.map(([id, estimate, done]) => ({ id, estimate: estimate ?? undefined, status: done ? 'done' : 'todo' }))),
  });
  const revisions = [
    rev('2026-02-20', [['A1', 3, true], ['B1', 5, true], ['C1', 2, true], ['D1', 8, true], ['E1', 1, false], ['F1', null, true]]),
    rev('2026-02-10', [['A1', 3, true], ['B1', 5, true], ['C1', 2, true], ['D1', 8, false], ['E1', 1, false], ['F1', null, false], ['X1', 3, false]]),
    rev('2026-01-28', [['A1', 3, true], ['B1', 5, true], ['C1', 2, false], ['D1', 8, false], ['E1', 1, false], ['F1', null, false], ['X1', 3, false]]),
    rev('2026-01-12', [['A1', 3, true], ['B1', 5, false], ['C1', 2, true], ['D1', 8, false], ['E1', 1, false], ['F1', null, false], ['X1', 3, false]]),
    rev('2026-01-02', [['A1', 3, true], ['B1', 5, false], ['C1', 2, false], ['D1', 8, false], ['E1', 1, false], ['F1', null, false], ['X1', 3, false]]),
  ];
  const options = { today: '2026-03-02', sprintLengthDays: 14, parse };

  it('buckets the day each item became done into whole sprints', () => {
    const h = historyFromRevisions(revisions, options);
    expect(h.sprints.map((s) => [s.start, s.end, s.items, s.points, s.unestimated])).toEqual([
      // C done 01-12 but reopened 01-28, done again 02-10. A was done in the first revision: not counted.
      ['2026-01-05', '2026-01-18', 0, 0, 0],
      ['2026-01-19', '2026-02-01', 1, 5, 0],
      ['2026-02-02', '2026-02-15', 1, 2, 0],
      ['2026-02-16', '2026-03-01', 2, 8, 1],
    ]);
    expect(h.removed).toEqual([{ id: 'X1', title: 'Title of X1', date: '2026-02-20' }]);
    expect(h.notes).toEqual([
      '5 commits since 2026-01-02: 4 whole 14-day sprints.',
      '1 item was already done in the first revision (date unknown; not counted).',
      '1 item left the file while not done; not counted as done (set countRemovedAsDone to count them).',
    ]);
  });

  it('counts items that left the file as done when configured', () => {
    const h = historyFromRevisions(revisions, { ...options, countRemovedAsDone: true });
    expect(h.sprints.at(-1)?.items).toBe(3);
  });

  it('aligns to an anchor and leaves out the sprint under way and the part-sprint at the start', () => {
    // Anchor 2026-01-01: windows 01-01..01-14 (starts before the first revision 01-02: left out), 01-15..01-28,
    // 01-29..02-11, 02-12..02-25; 02-26.. is under way on 03-02.
    const h = historyFromRevisions(revisions, { ...options, anchor: '2026-01-01' });
    expect(h.sprints.map((s) => [s.start, s.items])).toEqual([
      ['2026-01-15', 1],
      ['2026-01-29', 1],
      ['2026-02-12', 2],
    ]);
  });

  it('a deleted file has no items; an empty history has no sprints', () => {
    expect(historyFromRevisions([], options)).toMatchObject({ sprints: [], notes: ['The file has no committed history.'] });
    const h = historyFromRevisions([{ commit: 'x', date: '2026-02-20', text: null }, ...revisions.slice(1)], options);
    expect(h.removed.map((r) => r.id)).toEqual(['D1', 'E1', 'F1', 'X1']);
  });

  it('forecasts from the git history: velocity from the done estimates, dates from today', () => {
    const backlog = parse(revisions[0].text!);
    const h = historyFromRevisions(revisions, options);
    const f = forecastBacklog(backlog, {}, h, { today: options.today });
    expect(f.source).toBe('git');
    expect(f.mode).toBe('velocity');
    // Done estimates 5, 2, 8 (F has none): median 5; samples 0, 5, 2, 8 + 5.
    expect(f.samples).toEqual([0, 5, 2, 13]);
    expect(f.sprint1Start).toBe('2026-03-02');
    expect(f.items.map((i) => i.id)).toEqual(['E1']);
  });
});

describe('forecast settings', () => {
  it('are validated with one sentence per problem', async () => {
    const { validateConfig } = await import('./config');
    expect(validateConfig({ velocity: [21, 18.5, 0], throughput: [3], sprintLengthDays: 7, sprintStart: '2026-01-05', countRemovedAsDone: true, definitionOfDone: [' Code reviewed ', 'Docs updated'] }, 'x').config).toEqual({
      velocity: [21, 18.5, 0],
      throughput: [3],
      sprintLengthDays: 7,
      sprintStart: '2026-01-05',
      countRemovedAsDone: true,
      definitionOfDone: ['Code reviewed', 'Docs updated'],
    });
    expect(validateConfig({ velocity: [1, -2], throughput: 'x', sprintLengthDays: 0, sprintStart: '5.1.2026', countRemovedAsDone: 'yes', definitionOfDone: ['', 3] }, 'x').errors).toEqual([
      'x: "velocity" must be a list of numbers of 0 or more, one per past sprint, oldest first (e.g. [21, 18, 25])',
      'x: "throughput" must be a list of numbers of 0 or more, one per past sprint, oldest first (e.g. [21, 18, 25])',
      'x: "sprintLengthDays" must be a whole number of days from 1 to 366',
      'x: "sprintStart" must be a date written YYYY-MM-DD (the first day of any sprint)',
      'x: "countRemovedAsDone" must be true or false',
      'x: "definitionOfDone" must be a list of non-empty texts, one per check',
    ]);
  });
});
