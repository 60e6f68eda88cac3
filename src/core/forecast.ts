// The Monte Carlo forecast: when is each open item done, at 50%, 85% and 95% confidence?
//
// Each simulated future sprint draws one past sprint's velocity (or throughput) at random, with replacement (a
// bootstrap of the history); the open items are consumed in rank order. A seeded generator makes the same input give
// the same output. Pure: history, backlog, config and "today" in; numbers out. Method and limits: docs/FORECAST.md.
import type { BacklogConfig } from './config';
import { addDays, dayOf, isoDay } from './dates';
import { type History, type HistorySource, historyFromConfig, historyFromSprints, type PastSprint, sprintLengthOf } from './history';
import type { Backlog, BacklogItem } from './model';
import { isClosedItem, readSprints } from './sprints';

export type ForecastMode = 'velocity' | 'throughput';

export const DEFAULT_TRIALS = 10_000;
export const DEFAULT_SEED = 1;
/** Fewer past sprints than this and there is no forecast. */
export const MIN_SPRINTS = 3;
/** Simulated sprints at most; an item not done by then has no sprint at that confidence. */
export const MAX_SPRINTS = 1_000;

export interface Percentiles<T> {
  readonly p50: T;
  readonly p85: T;
  readonly p95: T;
}

export interface ItemForecast {
  /** Index into `backlog.items`. */
  readonly index: number;
  readonly rank: number;
  readonly id: string | null;
  readonly title: string;
  /** The item's own numeric estimate, or null. */
  readonly estimate: number | null;
  /** In velocity mode, for an item without an estimate: the median estimate the forecast counts it as; else null. */
  readonly assumedEstimate: number | null;
  /** The sprint (1 = the next or current one) in which the item is done; null beyond MAX_SPRINTS. */
  readonly sprint: Percentiles<number | null>;
  /** The last day of that sprint; null when sprint dates are not known. */
  readonly date: Percentiles<string | null> | null;
}

/** Data of the burn-up chart, in points (velocity) or items (throughput); cumulative amounts. */
export interface BurnUp {
  readonly unit: 'points' | 'items';
  /** Past sprints, oldest first: work done up to and including each. */
  readonly past: readonly { readonly label: string; readonly cumulative: number }[];
  /** Work done in the history (the last past cumulative; 0 without history). */
  readonly done: number;
  /** Done plus the open work: the scope line. */
  readonly scope: number;
  /** Future sprints: done + the work of the items finished by the end of the sprint, at 50% and 85%. */
  readonly future: readonly { readonly sprint: number; readonly date: string | null; readonly p50: number; readonly p85: number }[];
}

export interface Forecast {
  readonly mode: ForecastMode;
  readonly source: HistorySource;
  /** What each simulated sprint draws from: one value per past sprint, oldest first. */
  readonly samples: readonly number[];
  /** Labels of the past sprints, matching `samples`. */
  readonly sampleLabels: readonly string[];
  readonly sprintLengthDays: number;
  readonly trials: number;
  readonly seed: number;
  /** Why there is no forecast, or false. */
  readonly insufficientData: false | string;
  /** The first day of sprint 1, or null when sprint dates are not known. */
  readonly sprint1Start: string | null;
  /** Sentences the user should read: an unstable history, items counted at the median estimate. */
  readonly warnings: readonly string[];
  /** How the history was read. */
  readonly notes: readonly string[];
  /** The open items (not done, accepted or rejected) in rank order; empty when there is no forecast. */
  readonly items: readonly ItemForecast[];
  readonly burnUp: BurnUp | null;
}

export interface ForecastOptions {
  /** ISO date of today; null without a clock (then no dates). */
  readonly today: string | null;
  readonly trials?: number;
  readonly seed?: number;
}

// ---------------------------------------------------------------------------------------------- random numbers

/** mulberry32: a small, fast, well-distributed 32-bit generator; the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------------------------------------- simulation

export interface SimulationOptions {
  readonly trials: number;
  readonly seed: number;
  /** The share of sprint 1 still ahead (1 = a whole sprint): its draw is scaled by it. */
  readonly firstSprintFraction?: number;
  readonly maxSprints?: number;
}

export interface Simulation {
  /** Per item (in the order given): the sprint it is done in at each confidence, null beyond maxSprints. */
  readonly sprints: readonly Percentiles<number | null>[];
  /** Per simulated sprint k (index k-1): the work finished by its end at 50% and 85% (sum of whole items' sizes). */
  readonly finished: readonly { readonly p50: number; readonly p85: number }[];
}

/**
 * Runs the bootstrap. `sizes` are the open items' sizes in rank order (estimates, or 1 each for throughput);
 * `samples` the past sprints' values. An item is done in the first sprint by whose end the drawn capacities add up
 * to the sizes of it and every item above it (work carries over from sprint to sprint).
 *
 * All trials advance one sprint at a time, and the draws are made sprint by sprint in trial order, so the draws of
 * sprint k do not depend on the number of items: adding an item below another never changes the other's forecast.
 * After each sprint, the number of items finished in each trial is counted (a counting sort); the p-th percentile of
 * an item is the first sprint by which at least p of the trials have finished it.
 */
export function simulate(sizes: readonly number[], samples: readonly number[], options: SimulationOptions): Simulation {
  const n = sizes.length;
  const trials = options.trials;
  const maxSprints = options.maxSprints ?? MAX_SPRINTS;
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += sizes[i];
  // Tolerance for sums of fractional estimates (0.1 + 0.2).
  const eps = 1e-9 * Math.max(1, sum);
  const capacity = new Float64Array(trials);
  const finished = new Int32Array(trials);
  const counts = new Int32Array(n + 1);
  const levels = [0.5, 0.85, 0.95] as const;
  const need = levels.map((p) => Math.ceil(p * trials));
  const result = levels.map(() => new Array<number | null>(n).fill(null));
  const next = [0, 0, 0];
  const out: { p50: number; p85: number }[] = [];
  const random = seededRandom(options.seed);
  const m = samples.length;
  for (let k = 1; k <= maxSprints && next[2] < n; k++) {
    const scale = k === 1 ? (options.firstSprintFraction ?? 1) : 1;
    counts.fill(0);
    for (let t = 0; t < trials; t++) {
      const v = (capacity[t] += samples[(random() * m) | 0] * scale);
      let f = finished[t];
      while (f < n && cumulative[f] <= v + eps) f++;
      finished[t] = f;
      counts[f]++;
    }
    // q[l] = the largest count q such that at least need[l] trials finished q items or more. need grows with the
    // level, so q50 >= q85 >= q95 and the walk stops once q95 is found.
    const q = [0, 0, 0];
    let atLeast = 0;
    for (let c = n; c >= 1 && q[2] === 0; c--) {
      atLeast += counts[c];
      for (let l = 0; l < 3; l++) if (q[l] === 0 && atLeast >= need[l]) q[l] = c;
    }
    for (let l = 0; l < 3; l++) while (next[l] < q[l]) result[l][next[l]++] = k;
    out.push({ p50: q[0] > 0 ? cumulative[q[0] - 1] : 0, p85: q[1] > 0 ? cumulative[q[1] - 1] : 0 });
  }
  return { sprints: result[0].map((p50, i) => ({ p50, p85: result[1][i], p95: result[2][i] })), finished: out };
}

// ---------------------------------------------------------------------------------------------- calendar

/**
 * The first day of sprint 1 (the sprint under way today) and the share of it still ahead. Sprints are aligned to
 * `sprintStart` from the configuration, else to the latest dated sprint group of the file that has started, else (git
 * history only, whose sprints are calendar windows ending yesterday) to today. Null without any of these.
 */
export function sprintCalendar(backlog: Backlog, config: BacklogConfig, source: HistorySource, today: string | null): { start: string | null; fraction: number; anchor: string | null } {
  if (today === null) return { start: null, fraction: 1, anchor: null };
  const anchor = calendarAnchor(backlog, config, today) ?? (source === 'git' ? today : null);
  if (anchor === null) return { start: null, fraction: 1, anchor: null };
  const L = sprintLengthOf(config);
  const w = Math.floor((dayOf(today) - dayOf(anchor)) / L);
  const start = dayOf(anchor) + w * L;
  return { start: isoDay(start), fraction: (start + L - dayOf(today)) / L, anchor };
}

/** `sprintStart` from the configuration, else the start of the latest dated sprint group that has started. */
export function calendarAnchor(backlog: Backlog, config: BacklogConfig, today: string): string | null {
  if (config.sprintStart) return config.sprintStart;
  let best: string | null = null;
  for (const s of readSprints(backlog)) if (s.start !== null && s.start <= today && (best === null || s.start > best)) best = s.start;
  return best;
}

// ---------------------------------------------------------------------------------------------- the forecast

/** Which history to use when the user does not say: the configuration's, else the file's sprints, else git. */
export function defaultSource(backlog: Backlog, config: BacklogConfig, today: string | null, gitAvailable: boolean): HistorySource {
  if (config.velocity || config.throughput) return 'config';
  if (historyFromSprints(backlog, today).sprints.length >= MIN_SPRINTS || !gitAvailable) return 'sprints';
  return 'git';
}

/** The history of the source that needs no git: config or the file's sprints. */
export function fileHistory(source: 'config' | 'sprints', backlog: Backlog, config: BacklogConfig, today: string | null): History {
  if (source === 'config') {
    return (
      historyFromConfig(config, backlog) ?? {
        source: 'config',
        mode: null,
        sprints: [],
        removed: [],
        notes: ['The configuration has neither "velocity" nor "throughput".'],
      }
    );
  }
  return historyFromSprints(backlog, today);
}

const isOpen = (item: BacklogItem) => !isClosedItem(item);
const numericEstimate = (item: BacklogItem): number | null => {
  const v = item.estimate?.value;
  return v != null && Number.isFinite(v) && v >= 0 ? v : null;
};
const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

/** Velocity when the history's done items and the open items carry estimates; else throughput. */
export function chooseMode(history: History, open: readonly BacklogItem[]): ForecastMode {
  if (history.mode) return history.mode;
  const sprints = history.sprints;
  const doneItems = sprints.reduce((a, s) => a + (s.items ?? 0), 0);
  const unestimated = sprints.reduce((a, s) => a + s.unestimated, 0);
  const historyEstimated = doneItems > 0 && unestimated * 2 <= doneItems && sprints.every((s) => s.points !== null);
  return historyEstimated && open.some((i) => numericEstimate(i) !== null) ? 'velocity' : 'throughput';
}

function samplesOf(sprints: readonly PastSprint[], mode: ForecastMode): number[] {
  if (mode === 'throughput') return sprints.map((s) => s.items ?? 0);
  const med = median(sprints.flatMap((s) => s.estimates));
  return sprints.map((s) => (s.points ?? 0) + s.unestimated * med);
}

/** Why a history gives no forecast, or false. */
function insufficient(history: History, samples: readonly number[]): false | string {
  const where = history.source === 'git' ? 'in the git history' : history.source === 'sprints' ? 'among the sprint groups of the file' : 'in the configuration';
  if (samples.length < MIN_SPRINTS) {
    return `${samples.length === 0 ? 'no' : `only ${samples.length}`} past sprint${samples.length === 1 ? '' : 's'} ${where}; at least ${MIN_SPRINTS} are needed`;
  }
  if (samples.every((s) => s === 0)) return `nothing was done in any of the ${samples.length} past sprints ${where}`;
  return false;
}

/** Sentences on an unstable history: a sprint more than twice the median, sprints that finished nothing. */
function stabilityWarnings(samples: readonly number[], labels: readonly string[], unit: string): string[] {
  const out: string[] = [];
  const med = median(samples);
  const high = samples.map((s, i) => ({ s, i })).filter(({ s }) => med > 0 && s > 2 * med);
  if (high.length > 0) {
    out.push(
      `Unstable history: ${high.map(({ s, i }) => `${labels[i]} (${fmt(s)})`).join(', ')} ${high.length === 1 ? 'is' : 'are'} more than twice the median of ${fmt(med)} ${unit}; the forecast is less certain than it looks.`,
    );
  }
  const zero = samples.filter((s) => s === 0).length;
  if (zero > 0 && zero * 2 >= samples.length) out.push(`Unstable history: ${zero} of ${samples.length} past sprints finished nothing.`);
  else if (zero > 0) out.push(`${plural(zero, 'past sprint')} finished nothing; the forecast counts ${zero === 1 ? 'it' : 'them'} as it does the others.`);
  return out;
}

/** The Monte Carlo forecast of every open item of `backlog` from `history`. */
export function forecastBacklog(backlog: Backlog, config: BacklogConfig, history: History, options: ForecastOptions): Forecast {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? DEFAULT_SEED;
  const L = sprintLengthOf(config);
  const open = backlog.items.filter(isOpen);
  const mode = chooseMode(history, open);
  const samples = samplesOf(history.sprints, mode);
  const labels = history.sprints.map((s) => s.label);
  const unit = mode === 'velocity' ? 'points' : 'items';
  const calendar = sprintCalendar(backlog, config, history.source, options.today);
  const base = {
    mode,
    source: history.source,
    samples,
    sampleLabels: labels,
    sprintLengthDays: L,
    trials,
    seed,
    notes: history.notes,
  };
  const reason = insufficient(history, samples);
  if (reason) return { ...base, insufficientData: reason, sprint1Start: null, warnings: [], items: [], burnUp: null };

  const warnings = stabilityWarnings(samples, labels, unit);
  // The median of the estimates of the items done in the history (a typical finished item), else of the file's: not
  // of the open items, so that adding an item never changes how the items above it are counted.
  const doneEstimates = history.sprints.flatMap((s) => s.estimates);
  const med = median(doneEstimates.length > 0 ? doneEstimates : backlog.items.map(numericEstimate).filter((x): x is number => x !== null));
  const sizes = open.map((i) => (mode === 'throughput' ? 1 : numericEstimate(i) ?? med));
  const assumed = mode === 'velocity' ? open.filter((i) => numericEstimate(i) === null).length : 0;
  if (assumed > 0) {
    warnings.push(`${plural(assumed, 'open item has', 'open items have')} no estimate; the forecast counts ${assumed === 1 ? 'it' : 'each'} as the median estimate, ${fmt(med)}.`);
  }
  const sim = simulate(sizes, samples, { trials, seed, firstSprintFraction: calendar.fraction });
  const endOf = (sprint: number | null) => (sprint === null || calendar.start === null ? null : addDays(calendar.start, sprint * L - 1));
  const items: ItemForecast[] = open.map((item, k) => {
    const s = sim.sprints[k];
    const own = numericEstimate(item);
    return {
      index: item.index,
      rank: item.rank,
      id: item.id,
      title: item.title,
      estimate: own,
      assumedEstimate: mode === 'velocity' && own === null ? med : null,
      sprint: s,
      date: calendar.start === null ? null : { p50: endOf(s.p50), p85: endOf(s.p85), p95: endOf(s.p95) },
    };
  });
  if (calendar.fraction < 1) {
    warnings.push(`Sprint 1 is under way (it started ${calendar.start}); the forecast gives it ${Math.round(calendar.fraction * 100)}% of a sprint's work.`);
  }
  return { ...base, insufficientData: false, sprint1Start: calendar.start, warnings, items, burnUp: burnUpOf(mode, samples, labels, sizes, sim, endOf) };
}

/** Future sprints drawn at most (the chart stays readable; the table has every item). */
const CHART_SPRINTS = 104;

function burnUpOf(mode: ForecastMode, samples: readonly number[], labels: readonly string[], sizes: readonly number[], sim: Simulation, endOf: (s: number) => string | null): BurnUp {
  const past: { label: string; cumulative: number }[] = [];
  let done = 0;
  samples.forEach((s, i) => past.push({ label: labels[i], cumulative: (done += s) }));
  const open = sizes.reduce((a, b) => a + b, 0);
  const future = sim.finished.slice(0, CHART_SPRINTS).map((f, i) => ({ sprint: i + 1, date: endOf(i + 1), p50: done + f.p50, p85: done + f.p85 }));
  return { unit: mode === 'velocity' ? 'points' : 'items', past, done, scope: done + open, future };
}

// ---------------------------------------------------------------------------------------------- for the views

/** Where a sprint ends at 85%: after the item at `index` (backlog index), the items done by sprint `sprint` end. */
export interface SprintEnd {
  readonly afterIndex: number;
  readonly sprint: number;
  readonly date: string | null;
}

/** The 85% sprint boundaries between consecutive open items (none after the last). */
export function sprintEnds(forecast: Forecast): SprintEnd[] {
  const out: SprintEnd[] = [];
  const items = forecast.items;
  for (let k = 0; k + 1 < items.length; k++) {
    const a = items[k].sprint.p85;
    const b = items[k + 1].sprint.p85;
    if (a !== null && a !== b) out.push({ afterIndex: items[k].index, sprint: a, date: items[k].date?.p85 ?? null });
  }
  return out;
}

/** `sprint 2 (50%) · sprint 3 (85%)`, for descriptions and lenses. */
export function describeItemForecast(f: ItemForecast): string {
  const s = (n: number | null) => (n === null ? `after sprint ${MAX_SPRINTS}` : `sprint ${n}`);
  return f.sprint.p50 === f.sprint.p85 ? `${s(f.sprint.p50)} (50% and 85%)` : `${s(f.sprint.p50)} (50%) · ${s(f.sprint.p85)} (85%)`;
}

// ---------------------------------------------------------------------------------------------- for the rules

/** Sprints ahead that the `missing-estimate` rule looks at. */
export const RULE_HORIZON_SPRINTS = 3;

/**
 * What the rules can know of the forecast: a history that needs neither a clock nor git (the configuration's list,
 * else the file's sprint groups whose items are all closed), its mode, the 85% capacity of one sprint, and the open
 * items done within the next RULE_HORIZON_SPRINTS whole sprints at 85%.
 */
export interface RuleForecast {
  readonly mode: ForecastMode;
  readonly source: 'config' | 'sprints';
  readonly samples: readonly number[];
  /** What one sprint finishes with 85% confidence: the most the team finished in at least 85% of its past sprints. */
  readonly capacity85: number;
  /** The median estimate an item without one counts as (velocity mode). */
  readonly assumedEstimate: number;
  /** Indexes (into `backlog.items`) of the open items done by the end of sprint RULE_HORIZON_SPRINTS at 85%. */
  readonly horizon: readonly number[];
}

/** The largest value v such that at least 85% of the samples are v or more (one drawn sprint reaches it at 85%). */
export function capacityAt85(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  // At least 85% of n samples are >= sorted[i] when n - i >= 0.85 n, i.e. i <= 0.15 n (integer arithmetic: no 0.15 * n rounding).
  return sorted[Math.floor((sorted.length * 15) / 100)] ?? 0;
}

const ruleForecasts = new WeakMap<Backlog, { config: BacklogConfig; value: RuleForecast | null }>();

/**
 * The rules' forecast, or null when the history is insufficient (fewer than MIN_SPRINTS past sprints, or nothing
 * done): then the rules report nothing rather than guess. Computed once per parsed backlog and configuration; the
 * simulation stops after RULE_HORIZON_SPRINTS sprints, so it stays cheap on thousands of items. Its draws are those
 * of forecastBacklog with the same seed (without a clock, sprint 1 is a whole sprint).
 */
export function ruleForecast(backlog: Backlog, config: BacklogConfig): RuleForecast | null {
  const cached = ruleForecasts.get(backlog);
  if (cached && cached.config === config) return cached.value;
  const source = config.velocity || config.throughput ? 'config' : 'sprints';
  const history = fileHistory(source, backlog, config, null);
  const open = backlog.items.filter(isOpen);
  const mode = chooseMode(history, open);
  const samples = samplesOf(history.sprints, mode);
  let value: RuleForecast | null = null;
  if (!insufficient(history, samples)) {
    const doneEstimates = history.sprints.flatMap((s) => s.estimates);
    const med = median(doneEstimates.length > 0 ? doneEstimates : backlog.items.map(numericEstimate).filter((x): x is number => x !== null));
    const sizes = open.map((i) => (mode === 'throughput' ? 1 : numericEstimate(i) ?? med));
    const sim = simulate(sizes, samples, { trials: DEFAULT_TRIALS, seed: DEFAULT_SEED, maxSprints: RULE_HORIZON_SPRINTS });
    const horizon: number[] = [];
    open.forEach((item, k) => {
      if (sim.sprints[k].p85 !== null) horizon.push(item.index);
    });
    value = { mode, source, samples, capacity85: capacityAt85(samples), assumedEstimate: med, horizon };
  }
  ruleForecasts.set(backlog, { config, value });
  return value;
}
