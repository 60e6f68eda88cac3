// The properties the fuzzer checks on every input (issue #10). Shared by the fuzzer (test/fuzz/fuzz.ts) and by the
// regression test that replays test/fixtures/fuzz/ in the unit suite (test/unit/fuzz-fixtures.test.ts).
//
// Each property returns null when it holds, or one sentence saying what broke: the fuzzer shrinks the input and keeps
// it as a fixture named after the property.
import { analyzeBacklog, SectionCache } from '../../src/core/analyze';
import { applyEdits, planMoveStep } from '../../src/core/edits';
import { fixAll } from '../../src/core/fix-all';
import type { Backlog, Finding } from '../../src/core/model';
import { toBoardSnapshot } from '../../src/shared/board-snapshot';
import { parseHostMessage } from '../../src/shared/protocol';

export type PropertyName = 'analysis' | 'incremental' | 'move' | 'fix-all' | 'snapshot';

export const PROPERTY_NAMES: readonly PropertyName[] = ['analysis', 'incremental', 'move', 'fix-all', 'snapshot'];

/** What the properties compare: everything a front end reads from an analysis. */
export function projection(backlog: Backlog, findings: readonly Finding[]): unknown {
  return {
    shape: backlog.shape,
    itemDepth: backlog.itemDepth,
    frontMatter: backlog.frontMatter,
    groups: backlog.groups.map((g) => [g.title, g.depth, g.span, g.parent]),
    items: backlog.items.map((i) => ({
      id: i.id,
      idSpan: i.idSpan,
      title: i.title,
      span: i.span,
      content: i.content,
      titleSpan: i.titleSpan,
      trailerEnd: i.trailerEnd,
      bodyEnd: i.bodyEnd,
      group: i.groupIndex,
      priority: i.priority && [i.priority.raw, i.priority.value, i.priority.bucket, i.priority.span, i.priority.source],
      estimate: i.estimate && [i.estimate.raw, i.estimate.span],
      status: i.status && [i.status.raw, i.status.kind, i.status.span, i.status.source],
      value: i.value,
      criteria: i.criteria,
      criteriaLabel: i.criteriaLabelSpan,
      fields: i.fields,
      dependsOn: i.dependsOn,
      disabled: [...i.disabledRules].sort(),
    })),
    pseudoItems: backlog.pseudoItems,
    findings: findings.map((f) => [f.ruleId, f.span, f.severity, f.message]),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Analysis never throws (a throw is reported by the caller, which runs this inside try). */
export function analysisHolds(text: string): string | null {
  analyzeBacklog(text);
  return null;
}

/**
 * The incremental result equals a fresh parse: `before` is analysed with a cache, then `after` with the same cache
 * (the editor's path after an edit), and compared with `after` analysed from scratch.
 */
export function incrementalHolds(before: string, after: string): string | null {
  const cache = new SectionCache();
  analyzeBacklog(before, { cache });
  const cached = analyzeBacklog(after, { cache });
  const fresh = analyzeBacklog(after);
  const a = projection(cached.backlog, cached.findings);
  const b = projection(fresh.backlog, fresh.findings);
  if (!same(a, b)) return `the analysis after an edit with the cache differs from a fresh one (fast paths taken: ${cache.fastPaths})`;
  return null;
}

/**
 * The item's value statement as its own text states it. A role factored out into the line above a list (`As a
 * teacher,` then `- I want …`, parse.ts's stem) is context, like the group heading: a step past the end of the list
 * into the next one, under another such line, reads the item with that line's role (or, when that line does not
 * take the item's wording, without a statement). Such a statement does not show its role inside its own span.
 */
function ownValue(b: Backlog, i: Backlog['items'][number]): unknown {
  const v = i.value;
  if (!v) return null;
  if (v.role !== null && !b.source.slice(v.span.start, v.span.end).toLowerCase().includes(v.role.toLowerCase())) return null;
  return [v.role, v.want, v.benefit];
}

/**
 * Every one-step move is lossless (the same items, with the same text, in the new order) and reversible (the opposite
 * step gives back the text byte for byte). Checks the item `pick` selects, both directions.
 */
export function moveHolds(text: string, pick: number): string | null {
  const { backlog } = analyzeBacklog(text);
  const n = backlog.items.length;
  if (n < 2) return null;
  const index = pick % n;
  for (const direction of ['up', 'down'] as const) {
    const plan = planMoveStep(backlog, index, direction);
    if (!plan.ok || plan.edits.length === 0) continue;
    const moved = applyEdits(backlog.source, plan.edits);
    const after = analyzeBacklog(moved).backlog;
    if (after.items.length !== n) return `moving item ${index + 1} ${direction} changed the number of items (${n} → ${after.items.length})`;
    // An item that changes its list level is re-indented as a whole: compare its lines without their indentation,
    // and what the reading makes of them (the nesting inside the item shows there).
    const texts = (b: Backlog) =>
      b.items
        .map((i) => b.source.slice(i.content.start, i.content.end).trim().split(/\r\n|\r|\n/).map((l) => l.trimStart()).join('\n'))
        .sort();
    if (!same(texts(backlog), texts(after))) return `moving item ${index + 1} ${direction} changed the text of an item`;
    // Context is left out, as the group is: a role factored out above a list (ownValue), a status from a Done section,
    // a table row's field names (its table's header; a step can take a row into the next table).
    const readings = (b: Backlog) =>
      b.items.map((i) => JSON.stringify([i.id, i.title, i.fields.map((f) => f.value), i.criteria.map((c) => [c.text, c.done]), ownValue(b, i), i.estimate?.raw, i.status?.source === 'section' ? null : i.status?.raw])).sort();
    if (!same(readings(backlog), readings(after))) return `moving item ${index + 1} ${direction} changed what an item says (its fields, criteria or value statement)`;
    const newIndex = plan.newIndex ?? index;
    const back = planMoveStep(after, newIndex, direction === 'up' ? 'down' : 'up');
    if (!back.ok) return `moving item ${index + 1} ${direction} cannot be undone by the opposite step: ${back.error}`;
    if (applyEdits(after.source, back.edits) !== backlog.source) return `moving item ${index + 1} ${direction} and back does not give the same text`;
  }
  return null;
}

/** Fix All keeps the items (count, order, IDs, titles) and converges: a second run changes nothing. */
export function fixAllHolds(text: string): string | null {
  const first = fixAll(text);
  if (first.text === text) return null;
  const items = (t: string) => analyzeBacklog(t).backlog.items.map((i) => [i.id, i.title]);
  if (!same(items(text), items(first.text))) return 'Fix All changed the items (count, order, IDs or titles)';
  const second = fixAll(first.text);
  if (second.text !== first.text) return `Fix All does not converge: a second run applied ${second.applied} more fixes`;
  return null;
}

/** The board's snapshot survives JSON and the webview's validator unchanged. */
export function snapshotHolds(text: string): string | null {
  const { backlog, findings } = analyzeBacklog(text);
  const message = { type: 'backlogDidChange' as const, version: 1, snapshot: toBoardSnapshot(backlog, findings, 'BACKLOG.md') };
  const parsed = parseHostMessage(JSON.parse(JSON.stringify(message)));
  if (!parsed) return 'the board snapshot is refused by the webview validator';
  if (!same(parsed, message)) return 'the board snapshot changes through JSON and the validator';
  return null;
}

/** Runs one property on one input; a throw is a failure too. */
export function check(name: PropertyName, text: string, edited: string, pick: number): string | null {
  try {
    switch (name) {
      case 'analysis':
        return analysisHolds(text);
      case 'incremental':
        return incrementalHolds(text, edited);
      case 'move':
        return moveHolds(text, pick);
      case 'fix-all':
        return fixAllHolds(text);
      case 'snapshot':
        return snapshotHolds(text);
    }
  } catch (error) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error)}`;
  }
}
