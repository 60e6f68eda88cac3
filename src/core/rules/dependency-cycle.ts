// dependency-cycle: items that depend on each other in a circle can never be started: each waits for another.
import type { Rule, RuleFinding } from '../lint';
import type { BacklogItem } from '../model';
import { type DependencyEdge, dependencyGraph, itemName, itemRef } from './helpers';

export const dependencyCycle: Rule = {
  id: 'dependency-cycle',
  description: 'Items depend on each other in a cycle, so none of them can be done first.',
  defaultSeverity: 'error',
  fixable: false,
  hasSuggestions: false,
  check({ backlog }) {
    const findings: RuleFinding[] = [];
    if (!backlog.items.some((i) => i.dependsOn.length > 0)) return findings;
    const graph = dependencyGraph(backlog);
    const members = new Map<number, BacklogItem[]>();
    for (const item of backlog.items) {
      if (!graph.cyclic[item.index]) continue;
      const list = members.get(graph.component[item.index]) ?? [];
      list.push(item);
      members.set(graph.component[item.index], list);
    }
    const reported = new Set<number>();
    for (const item of backlog.items) {
      // Each cycle once: at its top-ranked item, the first one of its component in document order.
      if (!graph.cyclic[item.index] || reported.has(graph.component[item.index])) continue;
      reported.add(graph.component[item.index]);
      const cycle = shortestCycle(graph.edges, graph.component, item.index);
      if (cycle.length === 0) continue; // Unreachable: a cyclic item has a cycle through it.
      const entangled = members.get(graph.component[item.index]) ?? [];
      const path = shorten([...cycle.map((e) => backlog.items[e.from]), item].map(itemRef), ' → ');
      const more = entangled.length > cycle.length ? ` (${entangled.length} items are entangled: ${shorten(entangled.map(itemRef), ', ')})` : '';
      const what = cycle.length === 1 ? `Item ${itemName(backlog, item)} depends on itself` : `Dependency cycle ${path}`;
      findings.push({
        message: `${what}${more}; expected dependencies without cycles, so that one of these items can be done first`,
        span: cycle[0].ref,
        itemIndex: item.index,
        // Every other dependency on the cycle, where it is written.
        related: cycle.slice(1).map((e) => ({ span: e.ref, message: `${itemRef(backlog.items[e.from])} depends on ${itemRef(backlog.items[e.to])} here` })),
      });
    }
    return findings;
  },
};

/** Joins references, keeping long lists readable: the first six, an ellipsis, the last one. */
function shorten(refs: readonly string[], separator: string): string {
  return (refs.length > 8 ? [...refs.slice(0, 6), '…', refs[refs.length - 1]] : refs).join(separator);
}

/** The shortest cycle through `start`, as its edges from `start` back to it (breadth-first inside the component). */
function shortestCycle(edges: readonly (readonly DependencyEdge[])[], component: readonly number[], start: number): DependencyEdge[] {
  const via = new Map<number, DependencyEdge>();
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    const v = queue[k];
    for (const e of edges[v]) {
      if (component[e.to] !== component[start]) continue;
      if (e.to === start) {
        const path = [e];
        for (let at = v; at !== start; at = via.get(at)!.from) path.unshift(via.get(at)!); // Always set: v was reached.
        return path;
      }
      if (!via.has(e.to)) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  return []; // Unreachable for a cyclic item: its component is strongly connected.
}
