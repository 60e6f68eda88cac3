// The board's view of a parsed backlog: plain JSON the host posts in `backlogDidChange`. No `vscode`, no DOM.
import { describeBurnUp } from '../core/burnup-chart';
import type { Forecast, ItemForecast } from '../core/forecast';
import type { Backlog, Finding } from '../core/model';
import type { BoardForecast, BoardGroup, BoardItem, BoardProblem, BoardSnapshot } from './protocol';

const problemOf = (f: Finding): BoardProblem => ({ ruleId: f.ruleId, severity: f.severity, message: f.message });

/**
 * Builds the snapshot the board renders. Findings are attached to their item by `itemIndex`; findings with
 * `itemIndex` -1 (or naming an item that does not exist) are file-level problems. Order is kept as given.
 */
export function toBoardSnapshot(backlog: Backlog, findings: readonly Finding[], fileName: string, forecast: BoardForecast | null = null): BoardSnapshot {
  const n = backlog.items.length;
  const byItem: BoardProblem[][] = Array.from({ length: n }, () => []);
  const fileProblems: BoardProblem[] = [];
  for (const f of findings) {
    if (Number.isInteger(f.itemIndex) && f.itemIndex >= 0 && f.itemIndex < n) byItem[f.itemIndex].push(problemOf(f));
    else fileProblems.push(problemOf(f));
  }

  const groupItems: number[][] = backlog.groups.map(() => []);
  const items: BoardItem[] = backlog.items.map((it, i) => {
    // The snapshot's own position is authoritative: intents name items by position in this array.
    const groupIndex = it.groupIndex >= 0 && it.groupIndex < backlog.groups.length ? it.groupIndex : -1;
    if (groupIndex >= 0) groupItems[groupIndex].push(i);
    const criteria = it.criteria.map((c) => ({ text: c.text, done: c.done }));
    return {
      index: i,
      rank: i + 1,
      id: it.id,
      title: it.title,
      status: it.status ? { raw: it.status.raw, kind: it.status.kind } : null,
      estimate: it.estimate ? it.estimate.raw : null,
      owner: it.owner,
      group: groupIndex >= 0 ? backlog.groups[groupIndex].title : it.group,
      groupIndex,
      value: it.value ? { role: it.value.role, want: it.value.want, benefit: it.value.benefit } : null,
      criteria,
      progress: { done: criteria.filter((c) => c.done === true).length, total: criteria.length },
      problems: byItem[i],
    };
  });

  const groups: BoardGroup[] = backlog.groups.map((g, gi) => ({ title: g.title, path: groupPath(backlog, gi), items: groupItems[gi] }));
  return { fileName, shape: backlog.shape, groups, items, problems: fileProblems, forecast };
}

/** Titles from the outermost enclosing group down to group `gi`. Guards against a parent cycle in a bad model. */
function groupPath(backlog: Backlog, gi: number): string[] {
  const path: string[] = [];
  const seen = new Set<number>();
  for (let g = gi; g >= 0 && g < backlog.groups.length && !seen.has(g); g = backlog.groups[g].parent) {
    seen.add(g);
    path.unshift(backlog.groups[g].title);
  }
  return path;
}

/**
 * The board's forecast from the host's view of it (forecast-host.ts): items and dividers already mapped onto the
 * current items, the burn-up data as the core computed it. Null without a forecast or with insufficient data.
 */
export function toBoardForecast(
  view: { readonly forecast: Forecast; readonly items: ReadonlyMap<number, ItemForecast>; readonly dividers: readonly { afterIndex: number; sprint: number; date: string | null }[] } | undefined,
): BoardForecast | null {
  if (!view || view.forecast.insufficientData || !view.forecast.burnUp) return null;
  const f = view.forecast;
  const b = f.burnUp!;
  const source = f.source === 'git' ? 'the git history' : f.source === 'sprints' ? "the file's finished sprints" : 'the configuration';
  return {
    summary: `${f.mode === 'velocity' ? 'Velocity' : 'Throughput'} of ${f.samples.length} past sprints from ${source}. ${describeBurnUp(b)}`,
    items: [...view.items].sort((x, y) => x[0] - y[0]).map(([index, it]) => ({ index, p50: it.sprint.p50, p85: it.sprint.p85 })),
    dividers: view.dividers.map((d) => ({ afterIndex: d.afterIndex, sprint: d.sprint, date: d.date })),
    burnUp: {
      unit: b.unit,
      past: b.past.map((p) => ({ label: p.label, cumulative: p.cumulative })),
      done: b.done,
      scope: b.scope,
      future: b.future.map((p) => ({ sprint: p.sprint, date: p.date, p50: p.p50, p85: p.p85 })),
    },
  };
}
