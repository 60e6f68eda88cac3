// Accepting and rejecting delivered work (issue #13): the item's acceptance criteria and the Definition of Done as a
// checklist; accepting sets the status to accepted, checks the criteria the product owner confirmed and records the
// date; rejecting sets the status to rejected and records the date and the reason. Each is one minimal text edit
// (one undo step in the editor, one atomic write in the CLI). Pure: the date comes in as a parameter.
import type { BacklogConfig } from './config';
import { applyEdits, diffEdit, type Plan, planSetField, planToggleCriterion } from './edits';
import type { Backlog, TextEdit } from './model';
import { lineEndOf, lineStartOf } from './text';

export interface DefinitionOfDone {
  /** The checks, as written (without list markers and checkboxes). */
  readonly items: readonly string[];
  /** Where they come from: `definitionOfDone` in the configuration, the file's own section, or nowhere. */
  readonly source: 'config' | 'file' | null;
}

const DOD_HEADING = /^ {0,3}(#{1,6})[ \t]+(?:\*\*|__)?(?:definition of done|dod|definición de (?:hecho|terminado)|definition de fini|définition de fini|definição de pronto|definizione di fatto)\b/i;
const LIST_LINE = /^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*\S)[ \t]*$/;

/**
 * The Definition of Done: the configuration's `definitionOfDone` list (it wins), else the list under the file's own
 * "Definition of Done" heading (up to the next heading of the same or a higher level), else none.
 */
export function definitionOfDone(backlog: Backlog, config: BacklogConfig): DefinitionOfDone {
  if (config.definitionOfDone && config.definitionOfDone.length > 0) return { items: config.definitionOfDone, source: 'config' };
  const lines = backlog.source.split(/\r\n|\n|\r/);
  let depth = 0;
  let fence: string | null = null;
  const items: string[] = [];
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const h = /^ {0,3}(#{1,6})[ \t]/.exec(line);
    if (depth > 0 && h) {
      if (h[1].length <= depth) break;
      continue;
    }
    if (depth === 0) {
      const m = DOD_HEADING.exec(line);
      if (m) depth = m[1].length;
      continue;
    }
    const item = LIST_LINE.exec(line);
    if (item) items.push(item[1].trim());
  }
  return items.length > 0 ? { items, source: 'file' } : { items: [], source: null };
}

export interface ChecklistEntry {
  readonly kind: 'criterion' | 'definition-of-done';
  readonly text: string;
  /** Criteria: checked in the file (true), unchecked (false) or written without a checkbox (null). DoD: null. */
  readonly checked: boolean | null;
  /** Criteria: the index in `item.criteria`. */
  readonly criterion: number | null;
}

/** What accepting an item asks the product owner to confirm: its criteria, then the Definition of Done. */
export function acceptanceChecklist(backlog: Backlog, index: number, config: BacklogConfig): ChecklistEntry[] {
  const item = backlog.items[index];
  const out: ChecklistEntry[] = item.criteria.map((c, i) => ({ kind: 'criterion', text: c.text, checked: c.done, criterion: i }));
  for (const text of definitionOfDone(backlog, config).items) out.push({ kind: 'definition-of-done', text, checked: null, criterion: null });
  return out;
}

/** The key of the line that records the decision; an existing one (any case) is updated instead of added. */
const RECORD_KEYS = { accepted: 'Accepted', rejected: 'Rejected' } as const;

/**
 * Sets the status to `accepted` or `rejected` and records `<date>` (and `— <reason>`) in an `Accepted:` / `Rejected:`
 * line after the status, as one edit. `checkCriteria`: criteria (indexes) to check as met in the same edit.
 */
function planDecision(
  b: Backlog,
  index: number,
  decision: 'accepted' | 'rejected',
  record: string,
  reparse: (text: string) => Backlog,
  checkCriteria: readonly number[] = [],
): Plan {
  const item = b.items[index];
  if (!item) return { ok: false, error: `No item ${index + 1}: the backlog has ${b.items.length}.` };
  const first: TextEdit[] = [];
  for (const c of checkCriteria) {
    if (item.criteria[c]?.done === true) continue;
    const p = planToggleCriterion(b, index, c, true);
    if (!p.ok) return p;
    for (const e of p.edits) first.push(e);
  }
  const status = planSetField(b, index, 'status', decision);
  if (!status.ok) return status;
  for (const e of status.edits) first.push(e);
  const afterStatus = applyEdits(b.source, first);
  const b2 = reparse(afterStatus);
  const item2 = b2.items[index];
  if (!item2 || item2.status?.kind !== decision) return { ok: false, error: `The status of ${item.id ?? `“${item.title}”`} could not be set to ${decision}.` };
  let text = afterStatus;
  const key = RECORD_KEYS[decision];
  const existing = item2.fields.find((f) => f.key.trim().toLowerCase() === key.toLowerCase());
  if (existing) text = applyEdits(afterStatus, [{ start: existing.valueSpan.start, end: existing.valueSpan.end, newText: record }]);
  else {
    const statusField = item2.fields.find((f) => f.kind === 'status');
    if (statusField && item2.shape !== 'table') {
      // A line like the status line, right after it: `- Accepted: 2026-12-05`, `**Accepted:** 2026-12-05`.
      const lineStart = lineStartOf(afterStatus, statusField.span.start);
      const end = lineEndOf(afterStatus, statusField.span.end);
      const line = afterStatus.slice(lineStart, end);
      const keyAt = line.indexOf(statusField.key);
      const valueAt = statusField.valueSpan.start - lineStart;
      const lead = keyAt >= 0 ? line.slice(0, keyAt) : '- ';
      const between = keyAt >= 0 ? line.slice(keyAt + statusField.key.length, valueAt) : ': ';
      const tail = line.slice(statusField.valueSpan.end - lineStart);
      text = applyEdits(afterStatus, [{ start: end, end, newText: `${b.eol}${lead}${key}${between}${record}${tail}` }]);
    }
    // A table row has no place for the record: the status column carries the decision alone.
  }
  return { ok: true, edits: [diffEdit(b.source, text)] };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Accepts an item: every criterion must be checked in the file or listed in `confirmedCriteria` (then checked in the
 * same edit); the caller has shown the Definition of Done and the product owner confirmed it.
 */
export function planAccept(b: Backlog, index: number, date: string, reparse: (text: string) => Backlog, confirmedCriteria: readonly number[] = []): Plan {
  const item = b.items[index];
  if (!item) return { ok: false, error: `No item ${index + 1}: the backlog has ${b.items.length}.` };
  if (!ISO_DATE.test(date)) return { ok: false, error: `The date must be written YYYY-MM-DD (got "${date}").` };
  const open = item.criteria.map((c, i) => ({ c, i })).filter(({ c, i }) => c.done !== true && !confirmedCriteria.includes(i));
  if (open.length > 0) {
    const list = open.map(({ c }) => `“${c.text}”`).join(', ');
    return { ok: false, error: `${item.id ?? `“${item.title}”`} has ${open.length} unmet acceptance criteri${open.length === 1 ? 'on' : 'a'}: ${list}.` };
  }
  return planDecision(b, index, 'accepted', date, reparse, confirmedCriteria);
}

/** Rejects an item, recording the date and the reason (one line, required). */
export function planReject(b: Backlog, index: number, date: string, reason: string, reparse: (text: string) => Backlog): Plan {
  if (!ISO_DATE.test(date)) return { ok: false, error: `The date must be written YYYY-MM-DD (got "${date}").` };
  const r = reason.trim();
  if (r === '') return { ok: false, error: 'A rejection needs a reason.' };
  if (/[\r\n|]/.test(r)) return { ok: false, error: 'The reason must be a single line without `|`.' };
  return planDecision(b, index, 'rejected', `${date} — ${r}`, reparse);
}
