// sprint-over-capacity: a sprint group that is planned or under way holds more work than the team finishes in a
// sprint with 85% confidence (the "85% velocity": the most it finished in at least 85% of its past sprints).
// Velocity mode compares the sum of the group's estimates; throughput mode its number of items. Pure: the history is
// what the core knows without a clock or git (configuration, the file's finished sprint groups); with fewer than 3
// past sprints there is no capacity and no finding.
import { ruleForecast } from '../forecast';
import type { Rule, RuleFinding } from '../lint';
import { isPastSprint, readSprints } from '../sprints';
import { code, disabledAbove, num } from './helpers';

export const sprintOverCapacity: Rule = {
  id: 'sprint-over-capacity',
  description: 'A planned sprint group holds more work than the team finishes in a sprint at 85% confidence (its 85% velocity or throughput).',
  defaultSeverity: 'warning',
  fixable: false,
  hasSuggestions: false,
  check({ backlog, source, config }) {
    const findings: RuleFinding[] = [];
    const forecast = ruleForecast(backlog, config);
    if (forecast === null) return findings;
    const velocity = forecast.mode === 'velocity';
    const unit = velocity ? 'points' : 'items';
    const from = forecast.source === 'config' ? 'the configuration' : "the file's finished sprint groups";
    for (const sprint of readSprints(backlog)) {
      // Sprint groups only (a heading or parent bullet to point at); finished ones are history, not plans.
      if (sprint.headingSpan === null || isPastSprint(backlog, sprint, null)) continue;
      const items = sprint.itemIndexes.map((i) => backlog.items[i]).filter((i) => i.status?.kind !== 'rejected');
      let planned = 0;
      let unestimated = 0;
      for (const item of items) {
        const v = item.estimate?.value;
        if (!velocity) planned++;
        else if (v != null && Number.isFinite(v) && v >= 0) planned += v;
        else unestimated++;
      }
      // A little tolerance for sums of fractional estimates (0.1 + 0.2).
      if (planned <= forecast.capacity85 + 1e-9 * Math.max(1, planned)) continue;
      if (disabledAbove(source, sprint.headingSpan.start, 'sprint-over-capacity')) continue;
      const uncounted = unestimated > 0 ? ` (${unestimated} ${unestimated === 1 ? 'item' : 'items'} without an estimate not counted)` : '';
      findings.push({
        message: `Sprint ${code(sprint.name)} plans ${num(planned)} ${unit}${uncounted}, more than its 85% ${velocity ? 'velocity' : 'throughput'} of ${num(forecast.capacity85)} ${unit} (what the team finished in at least 85% of its past sprints: ${forecast.samples.map(num).join(', ')}, from ${from}); expected at most ${num(forecast.capacity85)} ${unit}, or items moved to a later sprint`,
        span: sprint.headingSpan,
        itemIndex: -1,
      });
    }
    return findings;
  },
};
