// Sprints as the file writes them: group headings such as `## Sprint 3 (2026-10-05 – 2026-10-16)` with an optional
// `Sprint goal:` line under them, or a `Sprint:` field on the items. Pure: read from a parsed Backlog. Used by the
// forecast (past sprints as history, the current sprint as sprint 1), the sprint rules and the report.
import type { Backlog, BacklogItem, Span, StatusKind } from './model';

export interface SprintGroup {
  /** As written: the group heading without markup, or the `Sprint:` field value. */
  readonly name: string;
  /** The sprint's number when the name has one (`Sprint 3` → 3). */
  readonly number: number | null;
  /** ISO dates (YYYY-MM-DD) from the name; end is null when only one date is written. */
  readonly start: string | null;
  readonly end: string | null;
  /** The text of the `Sprint goal:` line, or null. */
  readonly goal: string | null;
  readonly goalSpan: Span | null;
  /** The group heading (or parent bullet); null for sprints named only by items' `Sprint:` fields. */
  readonly headingSpan: Span | null;
  /** Index into `backlog.groups`, or -1 for field sprints. */
  readonly groupIndex: number;
  /** Items of the sprint, in document order (indexes into `backlog.items`). */
  readonly itemIndexes: readonly number[];
}

// `Sprint 3`, `Sprint #3`, `Iteration 4`, `Sprint: October`, in the languages of vocabulary.ts.
const SPRINT_NAME = /^(?:sprint|iteration|itération|iteración|iteração|iterazione|iteratie|спринт|冲刺|迭代)(?![\p{L}])\s*(?:#|no\.?|nr\.?)?\s*(\d+)?/iu;
// The goal line: `Sprint goal: …`, `**Goal:** …`, `> Sprint-Ziel: …`, as a paragraph, list item or quote.
const GOAL_LINE =
  /^[ \t]{0,3}(?:>[ \t]*)*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:sprint[ -]?goal|goal|sprint[ -]?ziel|ziel|objectif(?: du sprint)?|objetivo(?: del sprint| do sprint)?|obiettivo(?: dello sprint)?|sprintdoel|doel|цель спринта|цель|冲刺目标|目标)(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(.*)$/iu;

// A goal written in the heading itself: `## Sprint 2 goal: Members can pay`, `## Sprint 4 — Ziel: Bezahlen`.
const GOAL_IN_TITLE = /(?:^|[\s(—–-])(?:goal|ziel|objectif|objetivo|obiettivo|doel|цель|目标)[ \t]*[:：][ \t]*(\S.*)$/iu;

function goalInTitle(title: string, span: Span): { text: string; span: Span } | null {
  const m = GOAL_IN_TITLE.exec(title);
  return m ? { text: m[1].trim(), span } : null;
}

/** Whether a group title names a sprint. */
export function isSprintName(title: string): boolean {
  return SPRINT_NAME.test(title.trim());
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

function isoIfValid(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return null; // 2026-02-30
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * The dates written in a sprint name, in order, as ISO dates: `2026-10-05`, `2026/10/05`, `5.10.2026`,
 * `Oct 5, 2026`, `5 Oct 2026`. Slash dates in day/month order are not read (ambiguous with month/day).
 */
export function datesIn(text: string): string[] {
  const found: { at: number; iso: string }[] = [];
  const patterns: [RegExp, (m: RegExpExecArray) => string | null][] = [
    [/(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)/g, (m) => isoIfValid(+m[1], +m[2], +m[3])],
    [/(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/g, (m) => isoIfValid(+m[3], +m[2], +m[1])],
    [/\b([a-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/gi, (m) => (MONTHS[m[1].toLowerCase()] ? isoIfValid(+m[3], MONTHS[m[1].toLowerCase()], +m[2]) : null)],
    [/\b(\d{1,2})(?:st|nd|rd|th)?\.? ([a-z]{3})[a-z]*\.?,? (\d{4})\b/gi, (m) => (MONTHS[m[2].toLowerCase()] ? isoIfValid(+m[3], MONTHS[m[2].toLowerCase()], +m[1]) : null)],
  ];
  for (const [re, toIso] of patterns) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const iso = toIso(m);
      if (iso && !found.some((f) => m!.index < f.at + 10 && f.at < m!.index + m![0].length)) found.push({ at: m.index, iso });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.iso);
}

const sprintCache = new WeakMap<Backlog, readonly SprintGroup[]>();

/**
 * The sprints of a file: sprint group headings in document order, then sprints named only in items' `Sprint:` fields.
 * Computed once per parsed backlog (the forecast and three rules ask for them on every keystroke).
 */
export function readSprints(backlog: Backlog): readonly SprintGroup[] {
  let sprints = sprintCache.get(backlog);
  if (!sprints) sprintCache.set(backlog, (sprints = computeSprints(backlog)));
  return sprints;
}

function computeSprints(backlog: Backlog): SprintGroup[] {
  const byGroup = new Map<number, number[]>();
  const byField = new Map<string, { name: string; items: number[] }>();
  for (const item of backlog.items) {
    const g = sprintGroupOf(backlog, item);
    if (g !== -1) {
      let list = byGroup.get(g);
      if (!list) byGroup.set(g, (list = []));
      list.push(item.index);
    } else if (item.sprint && item.sprint.trim() !== '') {
      const name = item.sprint.trim();
      const key = name.toLowerCase();
      let entry = byField.get(key);
      if (!entry) byField.set(key, (entry = { name, items: [] }));
      entry.items.push(item.index);
    }
  }
  const out: SprintGroup[] = [];
  backlog.groups.forEach((group, index) => {
    if (!isSprintName(group.title)) return;
    const dates = datesIn(group.title);
    const goal = findGoal(backlog, index) ?? goalInTitle(group.title, group.span);
    out.push({
      name: group.title,
      number: numberOf(group.title),
      start: dates[0] ?? null,
      end: dates[1] ?? null,
      goal: goal?.text ?? null,
      goalSpan: goal?.span ?? null,
      headingSpan: group.span,
      groupIndex: index,
      itemIndexes: byGroup.get(index) ?? [],
    });
  });
  for (const { name, items } of byField.values()) {
    // `Sprint: 3` names sprint 3 too.
    const n = /^\d+$/.test(name) ? Number(name) : numberOf(name);
    const dates = datesIn(name);
    out.push({ name: /^\d+$/.test(name) ? `Sprint ${name}` : name, number: n, start: dates[0] ?? null, end: dates[1] ?? null, goal: null, goalSpan: null, headingSpan: null, groupIndex: -1, itemIndexes: items });
  }
  return out;
}

function numberOf(name: string): number | null {
  const m = SPRINT_NAME.exec(name.trim());
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

/** The innermost sprint group around an item, or -1 (an item under `Sprint 3 > Epic: Login` is in sprint 3). */
function sprintGroupOf(backlog: Backlog, item: BacklogItem): number {
  for (let g = item.groupIndex; g !== -1; g = backlog.groups[g].parent) if (isSprintName(backlog.groups[g].title)) return g;
  return -1;
}

/**
 * The `Sprint goal:` line between a sprint heading and the first item or heading after it. Heading groups only: the
 * text under a parent bullet belongs to the bullet.
 */
function findGoal(backlog: Backlog, groupIndex: number): { text: string; span: Span } | null {
  const group = backlog.groups[groupIndex];
  if (group.depth === 0) return null;
  const source = backlog.source;
  let end = source.length;
  // Groups are in document order: the next one ends the search.
  const nextGroup = backlog.groups.find((g, i) => i > groupIndex && g.span.start > group.span.start);
  if (nextGroup) end = nextGroup.span.start;
  const items = backlog.items;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].span.start < group.span.end) lo = mid + 1;
    else hi = mid;
  }
  if (lo < items.length && items[lo].span.start < end) end = items[lo].span.start;
  // The goal may also sit inside the first item's block when items are table rows: stop at the table instead.
  for (const t of backlog.tables) if (t.span.start >= group.span.end && t.span.start < end) end = t.span.start;
  let pos = group.span.end;
  while (pos < end) {
    let eol = source.indexOf('\n', pos);
    if (eol === -1 || eol > end) eol = end;
    const line = source.slice(pos, eol).replace(/\r$/, '');
    const m = GOAL_LINE.exec(line);
    if (m) {
      const text = m[1].replace(/(?:\*\*|__)\s*$/, '').trim();
      return { text, span: { start: pos, end: pos + line.length } };
    }
    pos = eol + 1;
  }
  return null;
}

const CLOSED: ReadonlySet<StatusKind> = new Set(['done', 'accepted', 'rejected']);
const DONE: ReadonlySet<StatusKind> = new Set(['done', 'accepted']);

/** Done or accepted. */
export const isDoneItem = (item: BacklogItem) => item.status?.kind != null && DONE.has(item.status.kind);
/** Done, accepted or rejected: no work left. */
export const isClosedItem = (item: BacklogItem) => item.status?.kind != null && CLOSED.has(item.status.kind);

/**
 * Whether a sprint is over: its end date is before `today`, or (without dates) it has items and every one is closed.
 * `today` is an ISO date; null when the caller has no clock (rules), which leaves only the second test.
 */
export function isPastSprint(backlog: Backlog, sprint: SprintGroup, today: string | null): boolean {
  if (sprint.end !== null && today !== null) return sprint.end < today;
  if (sprint.start !== null && today !== null && sprint.start > today) return false;
  return sprint.itemIndexes.length > 0 && sprint.itemIndexes.every((i) => isClosedItem(backlog.items[i]));
}
