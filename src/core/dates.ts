// Calendar days as whole numbers (days since 1970-01-01, UTC), for sprint arithmetic without time zones: a date is
// the calendar day the user or the committer saw (the first ten characters of an ISO date).
const DAY = 86_400_000;

/** `2026-10-05` or `2026-10-05T17:02:11+02:00` → day number (the calendar date as written, offset ignored). */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY);
}

/** Day number → `YYYY-MM-DD`. */
export function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus n days. */
export const addDays = (iso: string, n: number) => isoDay(dayOf(iso) + n);
