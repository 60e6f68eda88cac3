// The board's forecast: what the host sends (toBoardForecast over the core's forecast) passes the webview's
// validator, and the board's stylesheet carries the burn-up chart's classes (the CSP allows no inline style).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BURNUP_CSS } from '../core/burnup-chart';
import { forecastBacklog, sprintEnds } from '../core/forecast';
import { historyFromSprints } from '../core/history';
import { parseBacklog } from '../core/parse';
import { toBoardForecast, toBoardSnapshot } from './board-snapshot';
import { parseHostMessage } from './protocol';

const sprint = (n: number) => [`## Sprint ${n}`, '', `### D-${n} Done ${n}`, '', '- Status: done', '- Estimate: 10', ''];
const text = ['# B', '', ...sprint(1), ...sprint(2), ...sprint(3), '## Next', '', ...[5, 5, 5, 5, 8].flatMap((e, k) => [`### F-${k + 1} Item <${k + 1}>`, '', `- Estimate: ${e}`, ''])].join('\n');

describe('toBoardForecast', () => {
  const backlog = parseBacklog(text);
  const forecast = forecastBacklog(backlog, {}, historyFromSprints(backlog, null), { today: null, trials: 500 });
  const view = { forecast, items: new Map(forecast.items.map((f) => [f.index, f] as const)), dividers: sprintEnds(forecast) };

  it('maps the items, dividers and burn-up; the snapshot passes the validator', () => {
    const f = toBoardForecast(view)!;
    expect(f.items.map((i) => [i.index, i.p50, i.p85])).toEqual([
      [3, 1, 1],
      [4, 1, 1],
      [5, 2, 2],
      [6, 2, 2],
      [7, 3, 3],
    ]);
    expect(f.dividers).toEqual([
      { afterIndex: 4, sprint: 1, date: null },
      { afterIndex: 6, sprint: 2, date: null },
    ]);
    expect(f.burnUp).toMatchObject({ unit: 'points', done: 30, scope: 58 });
    expect(f.summary).toMatch(/^Velocity of 3 past sprints from the file's finished sprints\. /);
    const snapshot = toBoardSnapshot(backlog, [], 'BACKLOG.md', f);
    expect(parseHostMessage(JSON.parse(JSON.stringify({ type: 'backlogDidChange', version: 1, snapshot })))).toEqual({ type: 'backlogDidChange', version: 1, snapshot });
  });

  it('is null without a forecast or with insufficient data', () => {
    expect(toBoardForecast(undefined)).toBeNull();
    const few = parseBacklog(['# B', '', ...sprint(1), '### F-1 A', '', '- Estimate: 3', ''].join('\n'));
    const none = forecastBacklog(few, {}, historyFromSprints(few, null), { today: null });
    expect(toBoardForecast({ forecast: none, items: new Map(), dividers: [] })).toBeNull();
  });

  it("the board's stylesheet has every rule of the chart's stylesheet", () => {
    const css = readFileSync(join(__dirname, '..', '..', 'media', 'board.css'), 'utf8');
    for (const rule of BURNUP_CSS.trim().split('\n')) expect(css).toContain(rule);
  });
});
