// The extension's driver of the stepped analysis (used by BacklogStore.analyze and by the benchmark's open): it gives
// the event loop back between slices, it can be finished synchronously half-way, and it stops when cancelled or stale.
// No timings are asserted: turns of the event loop are counted.
import { describe, expect, it } from 'vitest';
import { generateShape } from '../../test/bench/generate';
import { analyzeBacklog } from '../core/analyze';
import { SectionCache } from '../core/sections';
import { startSlicedAnalysis } from './sliced-analysis';

/** Counts turns of the event loop (setImmediate) until stopped. */
function turnCounter(): { readonly turns: () => number; stop(): void } {
  let turns = 0;
  let on = true;
  const tick = () => {
    if (!on) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return { turns: () => turns, stop: () => void (on = false) };
}

const { text } = generateShape('list', 60);

describe('startSlicedAnalysis', () => {
  it('gives the thread back between slices and ends with what analyzeBacklog gives', async () => {
    const counter = turnCounter();
    // A budget of 0 ms: a pause after every step, so the test does not depend on how fast the machine is.
    const run = startSlicedAnalysis(text, { cache: new SectionCache(), budgetMs: 0 });
    const analysis = await run.done;
    counter.stop();
    expect(analysis).toEqual(analyzeBacklog(text));
    expect(counter.turns()).toBeGreaterThan(60);
  });

  it('finishes synchronously on demand, keeping the work done so far, and then settles with the same analysis', async () => {
    const cache = new SectionCache();
    const run = startSlicedAnalysis(text, { cache, budgetMs: 0 });
    // Let a few slices run first.
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    const misses = cache.misses;
    expect(misses).toBeGreaterThan(0);
    const now = run.finishNow();
    expect(now).toEqual(analyzeBacklog(text));
    // Units parsed before finishNow were not parsed again: as many parses as one synchronous cold analysis.
    const cold = new SectionCache();
    analyzeBacklog(text, { cache: cold });
    expect(cache.misses).toBe(cold.misses);
    expect(await run.done).toBe(now);
    expect(run.finishNow()).toBe(now);
  });

  it('stops when cancelled or when the text went stale, with no result', async () => {
    const cancelled = startSlicedAnalysis(text, { cache: new SectionCache(), budgetMs: 0 });
    await new Promise((r) => setImmediate(r));
    cancelled.cancel();
    expect(await cancelled.done).toBeUndefined();
    expect(() => cancelled.finishNow()).toThrow();

    let version = 1;
    const stale = startSlicedAnalysis(text, { cache: new SectionCache(), budgetMs: 0, isStale: () => version !== 1 });
    await new Promise((r) => setImmediate(r));
    version = 2;
    expect(await stale.done).toBeUndefined();
  });
});
