// missing-estimate: an item the team will probably start within the next sprints has no estimate, so the forecast
// counts it as the median estimate. Only in velocity mode (in throughput mode every item counts as one), and only for
// the items inside the 85% horizon of the next RULE_HORIZON_SPRINTS sprints: further down, refinement can wait.
// Pure: the history is what the core knows without a clock or git (configuration, the file's finished sprint groups);
// without enough of it there is no horizon and no finding.
import { RULE_HORIZON_SPRINTS, ruleForecast } from '../forecast';
import type { Rule, RuleFinding } from '../lint';
import { code, itemName, num } from './helpers';

export const missingEstimate: Rule = {
  id: 'missing-estimate',
  description: `An item the forecast expects done within the next ${RULE_HORIZON_SPRINTS} sprints (85%) has no estimate (velocity mode).`,
  defaultSeverity: 'info',
  fixable: false,
  hasSuggestions: false,
  check({ backlog, config }) {
    const findings: RuleFinding[] = [];
    const forecast = ruleForecast(backlog, config);
    if (forecast === null || forecast.mode !== 'velocity') return findings;
    for (const index of forecast.horizon) {
      const item = backlog.items[index];
      const value = item.estimate?.value;
      if (value != null && Number.isFinite(value) && value >= 0) continue;
      const what = item.estimate ? `has no numeric estimate (${code(item.estimate.raw)})` : 'has no estimate';
      findings.push({
        message: `Item ${itemName(backlog, item)} ${what} but is forecast within the next ${RULE_HORIZON_SPRINTS} sprints (85%), where the forecast counts it as the median estimate, ${num(forecast.assumedEstimate)}; expected an estimate`,
        span: item.estimate?.span ?? item.titleSpan,
        itemIndex: item.index,
      });
    }
    return findings;
  },
};
