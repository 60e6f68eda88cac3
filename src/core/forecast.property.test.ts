// Property tests of the forecast (fast-check): more velocity is never later; adding an item below another never
// changes the other's forecast; the same seed gives the same result; percentiles are ordered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastBacklog, simulate } from './forecast';
import type { History } from './history';
import { parseBacklog } from './parse';

const RUNS = Number(process.env.FC_RUNS ?? 60);
const TIMEOUT = Math.max(60_000, RUNS * 500);
const TRIALS = 500;

const sizes = fc.array(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 25 });
const samples = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 8 }).filter((s) => s.some((x) => x > 0));
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const run = (sz: number[], sm: number[], sd: number) => simulate(sz, sm, { trials: TRIALS, seed: sd, maxSprints: 400 });

const later = (a: number | null, b: number | null) => (a === null ? b !== null : b !== null && a > b);

describe('forecast properties', () => {
  it('more velocity is never later', () => {
    fc.assert(
      fc.property(sizes, samples, fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 8, maxLength: 8 }), seed, (sz, sm, more, sd) => {
        const base = run(sz, sm, sd);
        const faster = run(sz, sm.map((s, i) => s + more[i]), sd);
        base.sprints.forEach((b, i) => {
          const f = faster.sprints[i];
          for (const p of ['p50', 'p85', 'p95'] as const) expect(later(f[p], b[p]), `item ${i} ${p}`).toBe(false);
        });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('adding an item below another never changes the other', () => {
    fc.assert(
      fc.property(sizes, samples, fc.nat(), fc.integer({ min: 0, max: 13 }), seed, (sz, sm, where, extra, sd) => {
        const at = where % (sz.length + 1);
        const before = run(sz, sm, sd);
        const after = run([...sz.slice(0, at), extra, ...sz.slice(at)], sm, sd);
        expect(after.sprints.slice(0, at)).toEqual(before.sprints.slice(0, at));
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('the same seed gives the same result, and p50 ≤ p85 ≤ p95 ≤ the next item’s', () => {
    fc.assert(
      fc.property(sizes, samples, seed, (sz, sm, sd) => {
        const a = run(sz, sm, sd);
        expect(run(sz, sm, sd)).toEqual(a);
        a.sprints.forEach((s, i) => {
          expect(later(s.p50, s.p85)).toBe(false);
          expect(later(s.p85, s.p95)).toBe(false);
          const n = a.sprints[i + 1];
          if (n) for (const p of ['p50', 'p85', 'p95'] as const) expect(later(s[p], n[p])).toBe(false);
        });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('on a parsed backlog too: an item added at the end, or a faster history, never moves the others later', () => {
    const history = (values: number[]): History => ({
      source: 'config',
      mode: 'velocity',
      sprints: values.map((v, i) => ({ label: `s${i}`, start: null, end: null, items: null, points: v, unestimated: 0, estimates: [] })),
      removed: [],
      notes: [],
    });
    const text = (es: number[]) => `# Backlog\n\n${es.map((e, i) => `## US-${i + 1} Item\n\n- Estimate: ${e}\n`).join('\n')}`;
    fc.assert(
      fc.property(sizes, samples, fc.integer({ min: 0, max: 13 }), seed, (sz, sm, extra, sd) => {
        const f = (es: number[], h: number[]) => forecastBacklog(parseBacklog(text(es)), {}, history(h), { today: null, trials: TRIALS, seed: sd });
        const base = f(sz, sm);
        expect(f([...sz, extra], sm).items.slice(0, sz.length).map((i) => i.sprint)).toEqual(base.items.map((i) => i.sprint));
        const faster = f(sz, sm.map((s) => s + 1));
        base.items.forEach((b, i) => expect(later(faster.items[i].sprint.p85, b.sprint.p85)).toBe(false));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, TIMEOUT);
});
