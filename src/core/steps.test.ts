// The stepped analysis (analyzeBacklogSteps, run in slices by runInSlices as the extension runs it) against the
// synchronous one (analyzeBacklog): the same result in every shape of the benchmark and on random documents, cold or
// with the document's cache warm from an earlier text, and after a stepped analysis was dropped half-way (an edit
// during a cold open). Plus the slicing loop itself on a fake clock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editOneItem, generateShape, SHAPES } from '../../test/bench/generate';
import { type Analysis, analyzeBacklog, analyzeBacklogSteps } from './analyze';
import type { BacklogConfig } from './config';
import { SectionCache } from './sections';
import { finishSteps, runInSlices } from './steps';

const RUNS = Number(process.env.FC_RUNS ?? 150);

/** Runs the steps as the extension does, but pausing after every step (budget 0): the most interleaving. */
async function stepped(text: string, cache: SectionCache, config?: BacklogConfig): Promise<{ analysis: Analysis; slices: number }> {
  let slices = 0;
  const analysis = await runInSlices(analyzeBacklogSteps(text, { cache, config }), {
    budgetMs: 0,
    now: () => 0,
    pause: () => Promise.resolve(),
    onSlice: () => slices++,
  });
  if (!analysis) throw new Error('not cancelled, yet no result');
  return { analysis, slices };
}

/** Takes `n` steps of a stepped analysis and drops it, as the extension does when the document changes meanwhile. */
function dropAfter(text: string, cache: SectionCache, n: number): void {
  const steps = analyzeBacklogSteps(text, { cache });
  for (let i = 0; i < n; i++) if (steps.next().done) return;
}

const FRAGMENTS = [
  '# Product backlog\n\n',
  '## Release 1\n\n',
  '### US-{n} Log in\n\nAs a user, I want to log in, so that I see my data.\n\n- Priority: {n}\n- Estimate: 3\n',
  '#### Acceptance criteria\n\n- [ ] works\n- [x] fast\n\n',
  '- US-{n} Item {n}\n  As a user, I want item {n}, so that it helps.\n  - Depends on: US-1\n',
  '- [ ] US-{n} open item\n',
  '1. US-{n} ordered item\n',
  '| ID | Title | Estimate |\n|---|---|---|\n| US-{n} | Row {n} | 2 |\n| US-{n}0 | Row {n}0 | 3 |\n\n',
  'Some prose between the items.\n\n',
  '```\n- US-{n} in code\n```\n\n',
  '<!-- backlog-disable value-statement -->\n',
  '## Definition of Done\n\n- tested\n\n',
  '---\n\n',
  '\n',
];

const doc = fc
  .array(fc.tuple(fc.integer({ min: 0, max: FRAGMENTS.length - 1 }), fc.integer({ min: 1, max: 9 })), { maxLength: 25 })
  .map((parts) => parts.map(([f, n]) => FRAGMENTS[f].replaceAll('{n}', String(n))).join(''));

/** An edit: at a relative position, delete a few characters and insert a fragment. */
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 12 }), insert: fc.constantFrom('x', '\n', '- ', '\n### US-5 New\n', '| a |', 'As a user, ', '') });

function apply(text: string, e: { at: number; del: number; insert: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(at + e.del);
}

describe('analyzeBacklogSteps', () => {
  it('gives what analyzeBacklog gives in every shape of the benchmark, in many slices', async () => {
    for (const shape of SHAPES) {
      const { text } = generateShape(shape, 30);
      const sync = analyzeBacklog(text, { cache: new SectionCache() });
      const { analysis, slices } = await stepped(text, new SectionCache());
      expect(analysis, shape).toEqual(sync);
      expect(analysis.backlog.items, shape).toHaveLength(30);
      // The cold analysis really pauses: at least once per unit it parses (the HTML table is one unit).
      if (shape !== 'html-table') expect(slices, shape).toBeGreaterThan(30);
    }
  });

  it('gives what analyzeBacklog gives after an edit, with the cache warm from the text before (fast path)', async () => {
    for (const shape of SHAPES) {
      const { text } = generateShape(shape, 30);
      const cache = new SectionCache();
      analyzeBacklog(text, { cache });
      const edited = editOneItem(text, 30, 0);
      const fastBefore = cache.fastPaths;
      const { analysis } = await stepped(edited, cache);
      expect(analysis, shape).toEqual(analyzeBacklog(edited, { cache: new SectionCache() }));
      if (shape !== 'html-table') expect(cache.fastPaths, shape).toBe(fastBefore + 1);
    }
  });

  it('runs to the same end synchronously (finishSteps) as analyzeBacklog', () => {
    const { text } = generateShape('list', 20);
    expect(finishSteps(analyzeBacklogSteps(text, { cache: new SectionCache() }))).toEqual(analyzeBacklog(text));
  });

  it('equals analyzeBacklog on random documents: cold, warm after an edit, and after a dropped stepped analysis', async () => {
    await fc.assert(
      fc.asyncProperty(doc, edit, fc.nat({ max: 40 }), async (text, e, dropAt) => {
        const edited = apply(text, e);
        const fresh = analyzeBacklog(edited, { cache: new SectionCache() });
        // Cold.
        expect((await stepped(edited, new SectionCache())).analysis).toEqual(fresh);
        // Warm: the cache holds the text before the edit.
        const warm = new SectionCache();
        analyzeBacklog(text, { cache: warm });
        expect((await stepped(edited, warm)).analysis).toEqual(fresh);
        // A stepped analysis of the old text dropped after a few steps, then the new text (stepped and synchronous).
        const dropped = new SectionCache();
        dropAfter(text, dropped, dropAt);
        expect((await stepped(edited, dropped)).analysis).toEqual(fresh);
        const droppedSync = new SectionCache();
        dropAfter(text, droppedSync, dropAt);
        expect(analyzeBacklog(edited, { cache: droppedSync })).toEqual(fresh);
        // And the cache keeps working for the next edit after that.
        expect(analyzeBacklog(text, { cache: droppedSync })).toEqual(analyzeBacklog(text, { cache: new SectionCache() }));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('reads the configuration as analyzeBacklog does (a rule turned off)', async () => {
    const { text } = generateShape('headings', 10);
    const config: BacklogConfig = { rules: { 'value-statement': 'off' } };
    const sync = analyzeBacklog(text, { config });
    expect((await stepped(text, new SectionCache(), config)).analysis).toEqual(sync);
    expect(sync.findings.some((f) => f.ruleId === 'value-statement')).toBe(false);
  });
});

describe('runInSlices', () => {
  function* counter(n: number): Generator<void, number> {
    for (let i = 0; i < n; i++) yield;
    return n;
  }

  it('works for about the budget, then pauses, until the steps are done', async () => {
    let clock = 0;
    const slices: number[] = [];
    let pauses = 0;
    // Every step takes 10 ms on the fake clock; a 25 ms budget fits three steps (the third one crosses it).
    const steps = counter(10);
    const timed: Iterator<void, number> = { next: () => ((clock += 10), steps.next()) };
    const result = await runInSlices(timed, { budgetMs: 25, now: () => clock, pause: async () => void pauses++, onSlice: (ms) => slices.push(ms) });
    expect(result).toBe(10);
    // 11 calls of next (10 steps and the end): slices of 3, 3, 3 and 2 calls.
    expect(slices).toEqual([30, 30, 30, 20]);
    expect(pauses).toBe(3);
  });

  it('stops before a slice when cancelled, and leaves the rest undone', async () => {
    let taken = 0;
    const steps = counter(100);
    const counting: Iterator<void, number> = { next: () => (taken++, steps.next()) };
    let pauses = 0;
    const result = await runInSlices(counting, { budgetMs: 0, now: () => 0, pause: async () => void pauses++, cancelled: () => pauses >= 2 });
    expect(result).toBeUndefined();
    expect(taken).toBe(2);
  });
});
