// Forecast history: how much the team finished in each past sprint, from one of three sources.
//   git      the file's revisions (read by src/node/git.ts), parsed here: the day each item became done, bucketed into
//            calendar sprints
//   sprints  the file's own sprint groups that are over, with their done items and estimates
//   config   `velocity: [...]` or `throughput: [...]` in `.backlog.jsonc` or the front matter
// Pure: revisions come in as text, "today" as a parameter.
import type { BacklogConfig } from './config';
import { addDays, dayOf, isoDay } from './dates';
import type { Backlog, BacklogItem } from './model';
import { isDoneItem, isPastSprint, readSprints } from './sprints';

export type HistorySource = 'git' | 'sprints' | 'config';

/** One past sprint. Counts are of items that became done in it; estimates are numeric estimates only. */
export interface PastSprint {
  readonly label: string;
  readonly start: string | null;
  readonly end: string | null;
  /** Items done; null when only a velocity is known (config). */
  readonly items: number | null;
  /** Sum of the numeric estimates of the items done; null when only a throughput is known (config). */
  readonly points: number | null;
  /** Items done without a numeric estimate (counted as the median estimate in velocity mode). */
  readonly unestimated: number;
  /** Numeric estimates of the items done, for the median. */
  readonly estimates: readonly number[];
}

/** An item that left the file while not done (git only). */
export interface RemovedItem {
  readonly id: string | null;
  readonly title: string;
  /** ISO date of the commit that removed it. */
  readonly date: string;
}

export interface History {
  readonly source: HistorySource;
  /** Oldest first. */
  readonly sprints: readonly PastSprint[];
  /** The mode the source fixes (config lists), or null to choose from the data. */
  readonly mode: 'velocity' | 'throughput' | null;
  /** Items that left the file while open; counted as done only with `countRemovedAsDone`. */
  readonly removed: readonly RemovedItem[];
  /** Sentences on how the history was read (what was left out and why). */
  readonly notes: readonly string[];
}

export const DEFAULT_SPRINT_LENGTH_DAYS = 14;

export const sprintLengthOf = (config: BacklogConfig) => config.sprintLengthDays ?? DEFAULT_SPRINT_LENGTH_DAYS;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------- config

/** The config's velocity or throughput list, or null when it has neither. */
export function historyFromConfig(config: BacklogConfig, backlog: Backlog): History | null {
  const v = config.velocity;
  const t = config.throughput;
  if (!v && !t) return null;
  // Both given: velocity when the open items carry estimates.
  const open = backlog.items.filter((i) => !isDoneItem(i) && i.status?.kind !== 'rejected');
  const estimated = open.filter((i) => i.estimate?.value != null).length;
  const useVelocity = v !== undefined && (t === undefined || (open.length > 0 && estimated * 2 >= open.length));
  const list = useVelocity ? v! : t!;
  return {
    source: 'config',
    mode: useVelocity ? 'velocity' : 'throughput',
    sprints: list.map((value, i) => ({
      label: `configured sprint ${i + 1}`,
      start: null,
      end: null,
      items: useVelocity ? null : value,
      points: useVelocity ? value : null,
      unestimated: 0,
      estimates: [],
    })),
    removed: [],
    notes: [`${useVelocity ? 'Velocity' : 'Throughput'} of ${plural(list.length, 'past sprint')} from the configuration.`],
  };
}

// ---------------------------------------------------------------------------------------------- the file's sprints

function doneSprint(label: string, start: string | null, end: string | null, done: readonly BacklogItem[]): PastSprint {
  const estimates = done.map((i) => i.estimate?.value).filter((x): x is number => x != null && Number.isFinite(x));
  return { label, start, end, items: done.length, points: estimates.reduce((a, b) => a + b, 0), unestimated: done.length - estimates.length, estimates };
}

/** The file's sprint groups that are over (end date before today, or every item closed), oldest first. */
export function historyFromSprints(backlog: Backlog, today: string | null): History {
  const sprints = readSprints(backlog).filter((s) => s.headingSpan !== null || s.number !== null);
  const past = sprints.filter((s) => isPastSprint(backlog, s, today));
  // Oldest first: by start date when every past sprint has one, else by number when each has one, else as written.
  const ordered = [...past];
  if (ordered.every((s) => s.start !== null)) ordered.sort((a, b) => (a.start! < b.start! ? -1 : a.start! > b.start! ? 1 : 0));
  else if (ordered.every((s) => s.number !== null)) ordered.sort((a, b) => a.number! - b.number!);
  return {
    source: 'sprints',
    mode: null,
    sprints: ordered.map((s) =>
      doneSprint(
        s.name,
        s.start,
        s.end,
        s.itemIndexes.map((i) => backlog.items[i]).filter(isDoneItem),
      ),
    ),
    removed: [],
    notes: [`${plural(past.length, 'finished sprint group')} of the file (of ${sprints.length}).`],
  };
}

// ---------------------------------------------------------------------------------------------- git

/** One committed revision of the file: its commit date and text (null when the commit deleted the file). */
export interface Revision {
  readonly commit: string;
  /** ISO date or date-time; the calendar date as written is used. */
  readonly date: string;
  readonly text: string | null;
}

export interface GitHistoryOptions {
  /** ISO date of today (the adapter's clock). */
  readonly today: string;
  readonly sprintLengthDays: number;
  /** The first day of some sprint, aligning the sprint windows; default: sprints end yesterday. */
  readonly anchor?: string | null;
  readonly countRemovedAsDone?: boolean;
  /** Parses one revision's text (the caller passes parseBacklog with the file's settings and a shared cache). */
  readonly parse: (text: string) => Backlog;
}

interface Seen {
  readonly id: string | null;
  readonly title: string;
  readonly done: boolean;
  readonly estimate: number | null;
}

/** Items of one revision by identity: the ID when there is one, else the title (case and spacing ignored). */
function itemsByKey(backlog: Backlog): Map<string, Seen> {
  const out = new Map<string, Seen>();
  for (const item of backlog.items) {
    const base = item.id ? `id:${item.id.replace(/^#/, '').toLowerCase()}` : `title:${item.title.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    const estimate = item.estimate?.value;
    out.set(key, { id: item.id, title: item.title, done: isDoneItem(item), estimate: estimate != null && Number.isFinite(estimate) ? estimate : null });
  }
  return out;
}

/**
 * Past sprints from the file's git history. `revisions` newest first, as `git log` lists them. An item counts as done
 * on the date of the commit in which it became done (status done or accepted, checked, struck through, or moved under a
 * Done section) and stayed done; items already done in the first revision have no known date and are left out. The
 * sprints are calendar windows of `sprintLengthDays` aligned to `anchor` (or ending yesterday), from the first window
 * that starts on or after the first revision to the last one that ended before today.
 */
export function historyFromRevisions(revisions: readonly Revision[], options: GitHistoryOptions): History {
  const notes: string[] = [];
  const oldestFirst = [...revisions].reverse();
  if (oldestFirst.length === 0) return { source: 'git', mode: null, sprints: [], removed: [], notes: ['The file has no committed history.'] };
  const done = new Map<string, { date: string; seen: Seen }>();
  const removed = new Map<string, { date: string; seen: Seen }>();
  let previous: Map<string, Seen> | null = null;
  let doneBefore = 0;
  for (const revision of oldestFirst) {
    const current = revision.text === null ? new Map<string, Seen>() : itemsByKey(options.parse(revision.text));
    if (previous === null) {
      for (const s of current.values()) if (s.done) doneBefore++;
    } else {
      for (const [key, s] of current) {
        const before = previous.get(key);
        if (s.done && !before?.done) done.set(key, { date: revision.date, seen: s });
        else if (!s.done && before?.done) done.delete(key); // reopened
        removed.delete(key); // back in the file
      }
      for (const [key, s] of previous) {
        if (!current.has(key) && !s.done) removed.set(key, { date: revision.date, seen: s });
      }
    }
    previous = current;
  }
  if (doneBefore > 0) notes.push(`${plural(doneBefore, 'item was', 'items were')} already done in the first revision (date unknown; not counted).`);

  const L = options.sprintLengthDays;
  const today = dayOf(options.today);
  const anchor = options.anchor ? dayOf(options.anchor) : today;
  const windowOf = (day: number) => Math.floor((day - anchor) / L);
  const current = windowOf(today);
  const firstDay = dayOf(oldestFirst[0].date);
  const first = Math.ceil((firstDay - anchor) / L);
  const events = [...done.values()].map((e) => ({ day: dayOf(e.date), seen: e.seen }));
  if (options.countRemovedAsDone) for (const e of removed.values()) events.push({ day: dayOf(e.date), seen: e.seen });
  const buckets = new Map<number, Seen[]>();
  let outside = 0;
  for (const e of events) {
    const w = windowOf(e.day);
    if (w < first || w >= current) {
      outside++;
      continue;
    }
    let list = buckets.get(w);
    if (!list) buckets.set(w, (list = []));
    list.push(e.seen);
  }
  const sprints: PastSprint[] = [];
  for (let w = first; w < current; w++) {
    const start = isoDay(anchor + w * L);
    const end = addDays(start, L - 1);
    const list = buckets.get(w) ?? [];
    const estimates = list.map((s) => s.estimate).filter((x): x is number => x !== null);
    sprints.push({ label: `${start} – ${end}`, start, end, items: list.length, points: estimates.reduce((a, b) => a + b, 0), unestimated: list.length - estimates.length, estimates });
  }
  const windowsNote =
    sprints.length === 0
      ? `The history (${plural(oldestFirst.length, 'commit')} since ${oldestFirst[0].date.slice(0, 10)}) holds no whole ${L}-day sprint before the current one.`
      : `${plural(oldestFirst.length, 'commit')} since ${oldestFirst[0].date.slice(0, 10)}: ${plural(sprints.length, `whole ${L}-day sprint`)}.`;
  notes.unshift(windowsNote);
  if (outside > 0) notes.push(`${plural(outside, 'item')} done in the current sprint or in the part-sprint at the start of the history (not counted).`);
  const removedList = [...removed.values()].map((r) => ({ id: r.seen.id, title: r.seen.title, date: r.date.slice(0, 10) }));
  if (removedList.length > 0) {
    notes.push(
      options.countRemovedAsDone
        ? `${plural(removedList.length, 'item')} left the file while not done; counted as done (countRemovedAsDone).`
        : `${plural(removedList.length, 'item')} left the file while not done; not counted as done (set countRemovedAsDone to count them).`,
    );
  }
  return { source: 'git', mode: null, sprints, removed: removedList, notes };
}
