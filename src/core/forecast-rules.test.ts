// The sprint and forecast rules (missing-estimate, sprint-over-capacity, missing-sprint-goal) beyond their fixtures:
// where their history comes from, what they do without one, suppression, and the goal template suggestion.
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import type { BacklogConfig } from './config';
import { applyEdits } from './edits';
import { capacityAt85, ruleForecast } from './forecast';
import { lintBacklog } from './lint';
import type { Finding } from './model';
import { parseBacklog } from './parse';
import { readSprints } from './sprints';

const lines = (...l: string[]) => l.join('\n');
const lint = (text: string, config?: BacklogConfig) => lintBacklog(parseBacklog(text), config);
const ofRule = (findings: readonly Finding[], id: string) => findings.filter((f) => f.ruleId === id);
const at = (text: string, f: Finding) => text.slice(f.span.start, f.span.end);

/** A heading item with fields. */
const item = (title: string, ...fields: string[]) => [`### ${title}`, '', ...fields.map((f) => `- ${f}`), ''];
/** A finished sprint group whose done items carry these estimates. */
const doneSprint = (n: number, ...estimates: number[]) => [
  `## Sprint ${n}`,
  '',
  `Sprint goal: Goal ${n}.`,
  '',
  ...estimates.flatMap((e, k) => item(`D-${n}${k} Done ${n}.${k}`, 'Status: done', `Estimate: ${e}`)),
];

describe('capacityAt85', () => {
  it('is the largest value at least 85% of the sprints reached', () => {
    expect(capacityAt85([21, 18, 25])).toBe(18);
    // 20 sprints: 17 of them (85%) reached the 4th smallest.
    const twenty = Array.from({ length: 20 }, (_, k) => k + 1);
    expect(capacityAt85(twenty)).toBe(4);
    expect(twenty.filter((v) => v >= 4).length / 20).toBeGreaterThanOrEqual(0.85);
    expect(twenty.filter((v) => v >= 5).length / 20).toBeLessThan(0.85);
    expect(capacityAt85([7, 7, 7, 7])).toBe(7);
    expect(capacityAt85([])).toBe(0);
  });
});

describe('ruleForecast', () => {
  it('uses the configuration first, else the finished sprint groups; none with fewer than 3 past sprints', () => {
    const text = lines('# B', '', ...doneSprint(1, 5), ...doneSprint(2, 5), '## Later', '', ...item('US-1 A', 'Estimate: 3'));
    // Two finished sprint groups: not enough, so no forecast (the rules then say nothing rather than guess).
    expect(ruleForecast(parseBacklog(text), {})).toBeNull();
    const configured = ruleForecast(parseBacklog(text), { velocity: [21, 18, 25] });
    expect(configured).toMatchObject({ source: 'config', mode: 'velocity', samples: [21, 18, 25], capacity85: 18 });
    const three = lines('# B', '', ...doneSprint(1, 5), ...doneSprint(2, 8), ...doneSprint(3, 3), '## Later', '', ...item('US-1 A', 'Estimate: 3'));
    expect(ruleForecast(parseBacklog(three), {})).toMatchObject({ source: 'sprints', mode: 'velocity', samples: [5, 8, 3], capacity85: 3 });
  });

  it('the 85% horizon of 3 sprints holds exactly the items whose cumulative size every trial covers, and none beyond all trials', () => {
    // Constant velocity 10: in 3 sprints exactly 30 points are done in every trial.
    const items = Array.from({ length: 8 }, (_, k) => item(`US-${k + 1} Item ${k + 1}`, 'Estimate: 5'));
    const text = lines('# B', '', '## Later', '', ...items.flat());
    const f = ruleForecast(parseBacklog(text), { velocity: [10, 10, 10] })!;
    expect(f.horizon).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('missing-estimate', () => {
  const backlog = (config: string[], ...rest: string[][]) => lines('# B', '', ...config, '## Later', '', ...rest.flat());

  it('reports unestimated items inside the horizon only, with the configured velocity', () => {
    const text = backlog([], item('US-1 A', 'Estimate: 5'), item('US-2 B'), item('US-3 C', 'Estimate: 20'), item('US-4 D', 'Estimate: 20'), item('US-5 E'));
    const found = ofRule(lint(text, { velocity: [10, 10, 10] }), 'missing-estimate');
    // 30 points in 3 sprints. Without done items in the history, an unestimated item counts as the median of the
    // file's estimates (5, 20, 20: 20): US-1 (5) and US-2 (20) fit, US-3 does not, and US-5 is far beyond.
    expect(found.map((x) => at(text, x))).toEqual(['### US-2 B']);
    expect(found[0].message).toContain('the median estimate, 20;');
  });

  it('says nothing without enough history, in throughput mode, or when the rule is off', () => {
    const text = backlog([], item('US-1 A'), item('US-2 B', 'Estimate: 3'));
    expect(ofRule(lint(text), 'missing-estimate')).toEqual([]);
    expect(ofRule(lint(text, { velocity: [8, 9] }), 'missing-estimate')).toEqual([]);
    expect(ofRule(lint(text, { throughput: [3, 4, 5] }), 'missing-estimate')).toEqual([]);
    expect(ofRule(lint(text, { velocity: [8, 9, 10] }), 'missing-estimate')).toHaveLength(1);
    expect(ofRule(lint(text, { velocity: [8, 9, 10], rules: { 'missing-estimate': 'off' } }), 'missing-estimate')).toEqual([]);
  });

  it('reads the velocity from the front matter', () => {
    const text = lines('---', 'backlog:', '  velocity: [8, 9, 10]', '---', backlog([], item('US-1 A'), item('US-2 B', 'Estimate: 3')));
    const analysis = analyzeBacklog(text, {});
    expect(ofRule(analysis.findings, 'missing-estimate').map((x) => at(text, x))).toEqual(['### US-1 A']);
  });

  it('a disable comment above the item silences it', () => {
    const text = backlog([], ['<!-- backlog-disable-next-item missing-estimate -->'], item('US-1 A'), item('US-2 B', 'Estimate: 3'));
    expect(ofRule(lint(text, { velocity: [8, 9, 10] }), 'missing-estimate')).toEqual([]);
  });
});

describe('sprint-over-capacity', () => {
  const planned = (name: string, ...rest: string[][]) => [`## ${name}`, '', 'Sprint goal: Something.', '', ...rest.flat()];

  it('compares each planned sprint group with the configured 85% velocity; finished groups are history', () => {
    const text = lines(
      '# B',
      '',
      ...planned('Sprint 1', item('US-1 A', 'Status: done', 'Estimate: 40')),
      ...planned('Sprint 2', item('US-2 B', 'Estimate: 13'), item('US-3 C', 'Estimate: 8')),
      ...planned('Sprint 3', item('US-4 D', 'Estimate: 18')),
    );
    const found = ofRule(lint(text, { velocity: [21, 18, 25] }), 'sprint-over-capacity');
    expect(found.map((x) => [at(text, x), x.severity])).toEqual([['## Sprint 2', 'warning']]);
    expect(found[0].message).toContain('plans 21 points, more than its 85% velocity of 18 points');
    expect(found[0].message).toContain('21, 18, 25, from the configuration');
  });

  it('counts items in throughput mode; rejected items do not count', () => {
    const text = lines(
      '# B',
      '',
      ...planned('Sprint 4', item('US-1 A'), item('US-2 B'), item('US-3 C'), item('US-4 D', 'Status: rejected')),
    );
    expect(ofRule(lint(text, { throughput: [3, 4, 5] }), 'sprint-over-capacity')).toEqual([]);
    const more = lines('# B', '', ...planned('Sprint 4', item('US-1 A'), item('US-2 B'), item('US-3 C'), item('US-4 D')));
    const found = ofRule(lint(more, { throughput: [3, 4, 5] }), 'sprint-over-capacity');
    expect(found.map((x) => x.message.split(', more')[0])).toEqual(['Sprint `Sprint 4` plans 4 items']);
  });

  it('no history, no finding; a disable comment above the heading silences it', () => {
    const big = lines('# B', '', ...planned('Sprint 4', item('US-1 A', 'Estimate: 100')));
    expect(ofRule(lint(big), 'sprint-over-capacity')).toEqual([]);
    expect(ofRule(lint(big, { velocity: [10, 10, 10] }), 'sprint-over-capacity')).toHaveLength(1);
    const silenced = lines('# B', '', '<!-- backlog-disable-next-item sprint-over-capacity -->', ...planned('Sprint 4', item('US-1 A', 'Estimate: 100')));
    expect(ofRule(lint(silenced, { velocity: [10, 10, 10] }), 'sprint-over-capacity')).toEqual([]);
    const other = lines('# B', '', '<!-- backlog-disable-next-item missing-sprint-goal -->', ...planned('Sprint 4', item('US-1 A', 'Estimate: 100')));
    expect(ofRule(lint(other, { velocity: [10, 10, 10] }), 'sprint-over-capacity')).toHaveLength(1);
  });
});

describe('missing-sprint-goal', () => {
  it('the template is a suggestion that makes a goal line readSprints reads, keeps the items, and leaves [goal] to unfilled-placeholder', () => {
    const text = lines('# B', '', '## Sprint 4', '', '### US-1 A', '', '- Status: ready', '');
    const [finding] = ofRule(lint(text), 'missing-sprint-goal');
    expect(finding.fixes).toEqual([]);
    expect(finding.suggestions.map((s) => s.title)).toEqual(['Insert a sprint goal template']);
    const after = applyEdits(text, finding.suggestions[0].edits);
    expect(after).toBe(lines('# B', '', '## Sprint 4', '', 'Sprint goal: [goal]', '', '### US-1 A', '', '- Status: ready', ''));
    expect(readSprints(parseBacklog(after))[0].goal).toBe('[goal]');
    expect(parseBacklog(after).items.map((i) => i.title)).toEqual(parseBacklog(text).items.map((i) => i.title));
    expect(ofRule(lint(after), 'missing-sprint-goal')).toEqual([]);
    expect(ofRule(lint(after), 'unfilled-placeholder')).toHaveLength(1);
    expect(finding.suggestions[0].snippet?.newText).toBe('\n\nSprint goal: ${1:[goal]}');
  });

  it('keeps a blank line before text right under the heading; keeps CRLF; speaks the file language', () => {
    const text = lines('# B', '', '## Sprint 4', 'Planned on Monday.', '', '- US-1 A', '');
    const after = applyEdits(text, ofRule(lint(text), 'missing-sprint-goal')[0].suggestions[0].edits);
    expect(after).toBe(lines('# B', '', '## Sprint 4', '', 'Sprint goal: [goal]', '', 'Planned on Monday.', '', '- US-1 A', ''));
    const crlf = text.replace(/\n/g, '\r\n');
    const afterCrlf = applyEdits(crlf, ofRule(lint(crlf), 'missing-sprint-goal')[0].suggestions[0].edits);
    expect(afterCrlf).toBe(after.replace(/\n/g, '\r\n'));
    const german = lines('# B', '', '## Sprint 4', '', '### US-1 Anmelden', '', 'Als Mitglied möchte ich mich anmelden, damit ich buchen kann.', '');
    const afterDe = applyEdits(german, ofRule(lint(german), 'missing-sprint-goal')[0].suggestions[0].edits);
    expect(afterDe).toContain('\n\nSprint-Ziel: [Ziel]\n');
    expect(readSprints(parseBacklog(afterDe))[0].goal).toBe('[Ziel]');
  });

  it('finished sprints, goals in bold or quoted, and suppressed headings give nothing', () => {
    const text = lines(
      '# B',
      '',
      '## Sprint 1',
      '',
      '### US-1 A',
      '',
      '- Status: done',
      '',
      '## Sprint 2',
      '',
      '> **Goal:** Book courts.',
      '',
      '### US-2 B',
      '',
      '<!-- backlog-disable-next-item missing-sprint-goal -->',
      '## Sprint 3',
      '',
      '### US-3 C',
      '',
      '## Sprint 4 goal: Members can pay',
      '',
      '### US-4 D',
      '',
    );
    expect(ofRule(lint(text), 'missing-sprint-goal')).toEqual([]);
    expect(readSprints(parseBacklog(text)).map((s) => s.goal)).toEqual([null, 'Book courts.', null, 'Members can pay']);
    // A theme in the heading is a name, not a goal.
    expect(readSprints(parseBacklog(lines('## Sprint 5: Payments', '', '### US-5 E', '')))[0].goal).toBeNull();
  });
});
