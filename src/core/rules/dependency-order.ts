// dependency-order: an item is ranked above an item it depends on. The team takes items from the top, so the
// dependency has to be there first; otherwise the top item cannot be finished in its sprint.
import { planMove, runOf } from '../edits';
import type { Rule, RuleFinding } from '../lint';
import type { Backlog, Suggestion } from '../model';
import { dependencyGraph, itemName, itemRef } from './helpers';

export const dependencyOrder: Rule = {
  id: 'dependency-order',
  description: 'An item must not be ranked above an item it depends on.',
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: true,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    if (!backlog.items.some((i) => i.dependsOn.length > 0)) return findings;
    const graph = dependencyGraph(backlog);
    for (const item of backlog.items) {
      for (const edge of graph.edges[item.index]) {
        if (edge.to <= item.index) continue;
        // Items on a cycle cannot all be ordered; dependency-cycle reports them.
        if (graph.component[edge.to] === graph.component[item.index]) continue;
        const dep = backlog.items[edge.to];
        findings.push({
          message: `Item ${itemName(backlog, item, { rank: true })} depends on ${itemName(backlog, dep, { rank: true })}, which is ranked below it; expected dependencies to be ranked above the items that need them`,
          span: edge.ref,
          itemIndex: item.index,
          suggestions: moveSuggestion(backlog, item.index, edge.to),
          related: [{ span: dep.idSpan ?? dep.titleSpan, message: `${itemName(backlog, dep)} is ranked ${dep.rank}, below ${itemRef(item)} (rank ${item.rank})` }],
        });
      }
    }
    return findings;
  },
};

/**
 * Moves the dependency right above the item, when that is a simple move: both are in the same group (a move would
 * not change the dependency's group), and everything the dependency itself needs is already above the item, so the
 * move cannot create a new finding. A reorder is the Product Owner's decision: a suggestion, never a fix.
 */
function moveSuggestion(backlog: Backlog, from: number, dependency: number): Suggestion[] {
  const run = runOf(backlog, from);
  if (dependency > run.last) return [];
  const graph = dependencyGraph(backlog);
  if (graph.edges[dependency].some((e) => e.to >= from)) return [];
  const plan = planMove(backlog, dependency, from);
  if (!plan.ok || plan.edits.length === 0) return [];
  return [{ title: `Move ${itemRef(backlog.items[dependency])} above ${itemRef(backlog.items[from])}`, edits: plan.edits }];
}
