// The report's content, checked by parsing the HTML (parse5, the HTML standard's parser) and asserting sections and
// values, not by comparing with a stored snapshot.
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import type { BacklogConfig } from './config';
import { diffBacklogs } from './diff';
import { forecastBacklog } from './forecast';
import { historyFromConfig, historyFromSprints } from './history';
import { renderGfm } from '../../test/unit/render-gfm';
import { parseBacklog } from './parse';
import { buildReport, type ReportInput, renderReportHtml, renderReportMarkdown } from './report';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;
const childrenOf = (n: Node): Node[] => ('childNodes' in n ? (n.childNodes as Node[]) : []).concat('content' in n && n.content ? (n.content.childNodes as Node[]) : []);
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

function all(root: Node, pred: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  const visit = (n: Node) => {
    if (isElement(n) && pred(n)) out.push(n);
    for (const c of childrenOf(n)) visit(c);
  };
  visit(root);
  return out;
}
const one = (root: Node, pred: (e: Element) => boolean): Element => {
  const found = all(root, pred);
  expect(found.length, 'exactly one element').toBe(1);
  return found[0];
};
/** Text content, with a space between elements (as a reader sees separate cells and spans). */
const text = (n: Node): string => ('value' in n && n.nodeName === '#text' ? (n.value as string) : childrenOf(n).map((c) => (isElement(c) ? ` ${text(c)} ` : text(c))).join(''));
const byAttr = (name: string, value?: string) => (e: Element) => (value === undefined ? attr(e, name) !== undefined : attr(e, name) === value);
const tag = (name: string) => (e: Element) => e.tagName === name;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const BACKLOG = `# Team Calendar

## Sprint 4

Sprint goal: People can book rooms without e-mail

### US-1 Sign in with company account

As a team member, I want to sign in with my company account, so that I need no new password.

- Estimate: 5
- Status: done

**Acceptance criteria:**

- [x] Company sign-in

### US-2 \\<img src=x onerror=alert(1)> & "quoted" \\<b>bold\\</b>

As a team lead, I want to see the week, so that I can plan.

- Estimate: 8
- Status: in progress

**Acceptance criteria:**

- [ ] One row per member

### US-3 Create an appointment

- Estimate: 3
- Status: ready

## Sprint 5

### US-4 Invite colleagues

As an organiser, I want to invite colleagues, so that they get it in their calendar.

- Status: ready

### US-5 Export to CSV

## Later

### US-6 Dark mode

As a user, I want a dark theme.

### US-7 Offline mode
`;

/** The same backlog without sprint groups: the groups are named Soon and Afterwards. */
const NO_SPRINTS = BACKLOG.replace('## Sprint 4', '## Soon').replace('## Sprint 5', '## Afterwards').replace('Sprint goal: People can book rooms without e-mail\n', '');

function input(text: string, extra: Partial<ReportInput> = {}): ReportInput {
  const analysis = analyzeBacklog(text);
  return { file: 'docs/BACKLOG.md', backlog: analysis.backlog, findings: analysis.findings, generatedAt: '2026-10-07', revision: 'main @ 1a2b3c4', ...extra };
}

/**
 * The forecast core's forecast from a configured velocity of 8 points every sprint (no dates: no sprintStart, no
 * dated sprints). By hand: open items US-2 (8), US-3 (3), US-4, US-5, US-6, US-7 (no estimate: the median of the file's
 * estimates 5, 8, 3 = 5), cumulative 8, 11, 16, 21, 26, 31, done by the end of sprints 1, 2, 2, 3, 4, 4.
 */
function configForecast(text: string, config: BacklogConfig = { velocity: [8, 8, 8] }) {
  const backlog = parseBacklog(text);
  return forecastBacklog(backlog, config, historyFromConfig(config, backlog)!, { today: '2026-10-07' });
}

describe('report model', () => {
  it('takes now and next from the forecast core\'s sprint groups, the current one being the first with open items', () => {
    const model = buildReport(input(BACKLOG));
    expect(model.title).toBe('Team Calendar');
    expect(model.totals).toEqual({ items: 7, open: 6, done: 1 });
    expect(model.sprintGoals.map((s) => [s.name, s.goal, s.items, s.done, s.points, s.current])).toEqual([
      ['Sprint 4', 'People can book rooms without e-mail', 3, 1, 16, true],
      ['Sprint 5', null, 2, 0, null, false],
    ]);
    expect(model.horizon.source).toBe('sprints');
    expect(model.horizon.now.map((i) => i.id)).toEqual(['US-2', 'US-3']);
    expect(model.horizon.next.map((i) => i.id)).toEqual(['US-4', 'US-5']);
    expect(model.horizon.later.map((i) => i.id)).toEqual(['US-6', 'US-7']);
  });

  it('without sprints or a forecast, takes now and next from the status', () => {
    const model = buildReport(input(NO_SPRINTS));
    expect(model.sprintGoals).toEqual([]);
    expect(model.horizon.source).toBe('status');
    expect(model.horizon.now.map((i) => i.id)).toEqual(['US-2']);
    expect(model.horizon.next.map((i) => i.id)).toEqual(['US-3', 'US-4']);
    expect(model.horizon.later.map((i) => i.id)).toEqual(['US-5', 'US-6', 'US-7']);
  });

  it('with a forecast and no sprints, takes now and next from the sprint each item finishes in at 50%', () => {
    const model = buildReport(input(NO_SPRINTS, { forecast: configForecast(NO_SPRINTS) }));
    expect(model.horizon.source).toBe('forecast');
    expect(model.horizon.now.map((i) => i.id)).toEqual(['US-2']);
    expect(model.horizon.next.map((i) => i.id)).toEqual(['US-3', 'US-4']);
    expect(model.horizon.later.map((i) => i.id)).toEqual(['US-5', 'US-6', 'US-7']);
    expect(model.horizon.now[0].when).toBe('sprint 1 at 50% and 85%');
    expect(model.forecast?.items.map((f) => [f.id, f.p50, f.p85])).toEqual([
      ['US-2', 'sprint 1', 'sprint 1'],
      ['US-3', 'sprint 2', 'sprint 2'],
      ['US-4', 'sprint 2', 'sprint 2'],
      ['US-5', 'sprint 3', 'sprint 3'],
      ['US-6', 'sprint 4', 'sprint 4'],
      ['US-7', 'sprint 4', 'sprint 4'],
    ]);
    expect(model.forecast?.method).toBe('3 past sprints of velocity from the configuration, 10,000 trials (seed 1)');
  });

  it('with sprint groups and a forecast: now and next from the sprints, when from the forecast', () => {
    const model = buildReport(input(BACKLOG, { forecast: configForecast(BACKLOG) }));
    expect(model.horizon.source).toBe('sprints');
    expect(model.horizon.now.map((i) => [i.id, i.when])).toEqual([
      ['US-2', 'sprint 1 at 50% and 85%'],
      ['US-3', 'sprint 2 at 50% and 85%'],
    ]);
  });

  it('dated sprint groups: the sprint whose dates hold today is current; a past sprint\'s open items are now too', () => {
    const text = [
      '# Calendar',
      '',
      '## Sprint 1 (2026-09-07 – 2026-09-18)',
      '',
      '**Sprint goal:** Sign in works',
      '',
      '### US-1 Sign in',
      '',
      '- Estimate: 5',
      '- Status: done',
      '',
      '### US-2 Sign out',
      '',
      '- Estimate: 2',
      '',
      '## Sprint 2 (2026-09-21 – 2026-10-02)',
      '',
      'Sprint goal: See the week',
      '',
      '### US-3 Week view',
      '',
      '- Estimate: 8',
      '- Status: in progress',
      '',
      '## Sprint 3 (2026-10-05 – 2026-10-16)',
      '',
      '### US-4 Invitations',
      '',
      '## Later',
      '',
      '### US-5 Dark mode',
      '',
    ].join('\n');
    const model = buildReport(input(text, { generatedAt: '2026-09-25' }));
    expect(model.sprintGoals.map((s) => [s.name, s.goal, s.dates, s.items, s.done, s.points, s.current])).toEqual([
      ['Sprint 1', 'Sign in works', '2026-09-07 – 2026-09-18', 2, 1, 7, false],
      ['Sprint 2', 'See the week', '2026-09-21 – 2026-10-02', 1, 0, 8, true],
      ['Sprint 3', null, '2026-10-05 – 2026-10-16', 1, 0, null, false],
    ]);
    expect(model.horizon.now.map((i) => i.id)).toEqual(['US-2', 'US-3']);
    expect(model.horizon.next.map((i) => i.id)).toEqual(['US-4']);
    expect(model.horizon.later.map((i) => i.id)).toEqual(['US-5']);
    expect(model.horizon.explanation).toBe('From the sprint groups of the file: now is Sprint 2, next is Sprint 3.');
    // Before the first sprint starts there is no current sprint: the status decides.
    expect(buildReport(input(text, { generatedAt: '2026-09-01' })).horizon.source).toBe('status');
  });

  it('says why there is no forecast: the forecast core\'s reason, or the adapter\'s', () => {
    const backlog = parseBacklog(BACKLOG);
    const few = forecastBacklog(backlog, {}, historyFromSprints(backlog, '2026-10-07'), { today: '2026-10-07' });
    expect(buildReport(input(BACKLOG, { forecast: few })).forecast?.insufficientData).toBe('no past sprints among the sprint groups of the file; at least 3 are needed');
    expect(buildReport(input(BACKLOG, { forecastUnavailable: 'the git history of the file could not be read (boom)' })).forecast?.insufficientData).toBe(
      'the git history of the file could not be read (boom)',
    );
    expect(buildReport(input(BACKLOG)).forecast).toBeNull();
  });

  it('measures health over the open items and counts findings by rule', () => {
    const { health } = buildReport(input(BACKLOG));
    expect(health.open).toBe(6);
    expect(health.measures.map((m) => [m.key, m.count, m.of])).toEqual([
      ['value', 3, 6],
      ['criteria', 1, 6],
      ['estimate', 2, 6],
    ]);
    const analysis = analyzeBacklog(BACKLOG);
    const expected = new Map<string, number>();
    for (const f of analysis.findings) expected.set(f.ruleId, (expected.get(f.ruleId) ?? 0) + 1);
    expect(new Map(health.byRule.map((r) => [r.ruleId, r.count]))).toEqual(expected);
    expect(health.byRule.find((r) => r.ruleId === 'missing-value-statement')?.count).toBe(3);
  });
});

const analysisSeverity = (ruleId: string) => analyzeBacklog(BACKLOG).findings.find((f) => f.ruleId === ruleId)!.severity;

describe('report HTML', () => {
  const before = BACKLOG.replace(/### US-4[\s\S]*?(?=### US-5)/, '').replace('### US-7 Offline mode', '### US-7 Offline mode\n\n### US-0 Old idea');
  const after = BACKLOG.replace(/(### US-7 Offline mode\n)/, '$1');
  const diff = diffBacklogs(parseBacklog(before.replace(/### US-6 Dark mode/, '### US-6 Dark mode').replace('- Estimate: 3', '- Estimate: 2')), parseBacklog(after));
  const html = renderReportHtml(buildReport(input(BACKLOG, { changes: { since: 'v1.0', diff } })));
  const doc = parse(html);

  it('is one self-contained page: no script, no remote asset, a strict CSP, light and dark, printable', () => {
    expect(all(doc, tag('script'))).toEqual([]);
    for (const e of all(doc, (x) => x.attrs.some((a) => ['src', 'href', 'action', 'srcset', 'data'].includes(a.name)))) {
      for (const a of e.attrs.filter((x) => ['src', 'srcset', 'action', 'data'].includes(x.name))) throw new Error(`external reference ${a.name}=${a.value}`);
      expect(attr(e, 'href')).toMatch(/^#[a-z-]+$/);
    }
    expect(all(doc, (e) => e.tagName === 'link' || e.tagName === 'iframe' || e.tagName === 'object' || e.tagName === 'embed')).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//);
    const csp = one(doc, (e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy');
    expect(attr(csp, 'content')).toContain("default-src 'none'");
    const css = text(one(doc, tag('style')));
    expect(css).toContain('@media (prefers-color-scheme: dark)');
    expect(css).toContain('@media print');
    expect(attr(one(doc, tag('html')), 'lang')).toBe('en');
  });

  it('has the sections in order, each with its heading', () => {
    const sections = all(doc, tag('section'));
    expect(sections.map((s) => attr(s, 'data-section'))).toEqual(['sprint-goals', 'now-next-later', 'forecast', 'health', 'rank-changes']);
    expect(sections.map((s) => squash(text(one(s, tag('h2')))))).toEqual(['Sprint goals', 'Now, next, later', 'Forecast', 'Backlog health', 'Rank changes since v1.0']);
    expect(squash(text(one(doc, tag('h1'))))).toBe('Team Calendar');
  });

  it('shows every title as text: the <img> title makes no element', () => {
    expect(all(doc, tag('img'))).toEqual([]);
    expect(all(doc, tag('b'))).toEqual([]);
    const now = one(doc, byAttr('data-column', 'now'));
    const first = all(now, tag('li'))[0];
    expect(squash(text(one(first, (e) => attr(e, 'class') === 'title')))).toBe('<img src=x onerror=alert(1)> & "quoted" <b>bold</b>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('lists sprint goals with their numbers, and marks the current sprint', () => {
    const rows = all(one(doc, byAttr('data-section', 'sprint-goals')), byAttr('data-sprint'));
    expect(rows.map((r) => all(r, (e) => e.tagName === 'td' || e.tagName === 'th').map((c) => squash(text(c))))).toEqual([
      ['Sprint 4 current', 'People can book rooms without e-mail', '1 of 3 16 points'],
      ['Sprint 5', 'no goal set', '0 of 2'],
    ]);
  });

  it('puts items into now, next and later', () => {
    const ranks = (key: string) => all(one(doc, byAttr('data-column', key)), tag('li')).map((li) => Number(attr(li, 'data-rank')));
    expect(ranks('now')).toEqual([2, 3]);
    expect(ranks('next')).toEqual([4, 5]);
    expect(ranks('later')).toEqual([6, 7]);
    expect(squash(text(all(one(doc, byAttr('data-column', 'next')), tag('li'))[0]))).toBe('4. US-4 Invite colleagues ready');
  });

  it('shows health shares and findings by rule', () => {
    const health = one(doc, byAttr('data-section', 'health'));
    const measures = all(health, byAttr('data-measure'));
    expect(measures.map((m) => [attr(m, 'data-measure'), squash(text(m))])).toEqual([
      ['value', 'Value statement 50% (3 of 6)'],
      ['criteria', 'Acceptance criteria 17% (1 of 6)'],
      ['estimate', 'Estimate 33% (2 of 6)'],
    ]);
    const rule = one(health, byAttr('data-rule', 'missing-value-statement'));
    expect(squash(text(one(rule, tag('th'))))).toBe(`missing-value-statement ${analysisSeverity('missing-value-statement')}`);
    expect(squash(text(all(rule, tag('td'))[0]))).toBe('3');
  });

  it('lists rank changes since the given revision', () => {
    const rows = all(one(doc, byAttr('data-section', 'rank-changes')), byAttr('data-change'));
    expect(rows.map((r) => [attr(r, 'data-change'), ...all(r, tag('td')).map((c) => squash(text(c)))])).toEqual([
      ['changed', 'changed', '3', 'US-3 Create an appointment', 'estimate 2 → 3'],
      ['new', 'new', '4', 'US-4 Invite colleagues', 'added at rank 4'],
      ['removed', 'removed', '7', 'US-0 Old idea', 'removed (was rank 7)'],
    ]);
  });

  it('says when there is no forecast, and why', () => {
    const forecast = one(doc, byAttr('data-section', 'forecast'));
    expect(squash(text(forecast))).toBe('Forecast No forecast was made for this report.');
    const backlog = parseBacklog(BACKLOG);
    const few = forecastBacklog(backlog, { velocity: [5, 8] }, historyFromConfig({ velocity: [5, 8] }, backlog)!, { today: '2026-10-07' });
    const withReason = parse(renderReportHtml(buildReport(input(BACKLOG, { forecast: few }))));
    expect(squash(text(one(withReason, byAttr('data-section', 'forecast'))))).toBe(
      'Forecast No forecast yet: only 2 past sprints in the configuration; at least 3 are needed 2 past sprints of velocity from the configuration, 10,000 trials (seed 1)',
    );
  });

  it('embeds the forecast core\'s burn-up chart with its 50% and 85% lines and lists when the top items are done', () => {
    // Velocity 8, 8, 20: the last sprint is more than twice the median, a warning.
    const page = parse(renderReportHtml(buildReport(input(NO_SPRINTS, { forecast: configForecast(NO_SPRINTS, { velocity: [8, 8, 20] }) }))));
    const section = one(page, byAttr('data-section', 'forecast'));
    const svg = one(one(section, byAttr('data-chart', 'burn-up')), tag('svg'));
    expect(attr(svg, 'role')).toBe('img');
    expect(squash(text(all(svg, tag('title'))[0]))).toBe('Burn-up chart: 36 of 67 points done, forecast at 50% and 85%');
    expect(all(svg, (e) => e.tagName === 'polyline' && /\bp50\b/.test(attr(e, 'class') ?? ''))).toHaveLength(1);
    expect(all(svg, (e) => e.tagName === 'polyline' && /\bp85\b/.test(attr(e, 'class') ?? ''))).toHaveLength(1);
    const rows = all(one(section, byAttr('data-table', 'forecast-items')), byAttr('data-rank')).map((r) => all(r, tag('td')).map((c) => squash(text(c))));
    expect(rows.map((r) => r[1])).toEqual(['US-2 <img src=x onerror=alert(1)> & "quoted" <b>bold</b>', 'US-3 Create an appointment', 'US-4 Invite colleagues', 'US-5 Export to CSV', 'US-6 Dark mode', 'US-7 Offline mode']);
    expect(rows[0].slice(2)).toEqual(['sprint 1', 'sprint 1']);
    expect(all(section, byAttr('class', 'warning')).map((w) => squash(text(w)))).toEqual([
      'Unstable history: configured sprint 3 (20) is more than twice the median of 8 points; the forecast is less certain than it looks.',
      '4 open items have no estimate; the forecast counts each as the median estimate, 5.',
    ]);
    expect(all(page, tag('img'))).toEqual([]);
  });

  it('escapes sprint names, goals and the chart\'s sprint labels', () => {
    const source = [
      '# Rooms',
      '',
      '## Sprint 1 \\<img src=x onerror=alert(1)> (2026-09-07 – 2026-09-18)',
      '',
      'Sprint goal: <script>alert(2)</script> & rooms',
      '',
      '### US-1 Book',
      '',
      '- Estimate: 3',
      '- Status: done',
      '',
      '## Sprint 2 (2026-09-21 – 2026-10-02)',
      '',
      '### US-2 Cancel',
      '',
      '- Estimate: 2',
      '- Status: done',
      '',
      '## Sprint 3 (2026-10-05 – 2026-10-16)',
      '',
      '### US-3 Move',
      '',
      '- Estimate: 5',
      '- Status: done',
      '',
      '## Later',
      '',
      '### US-4 \\<b>Rename\\</b>',
      '',
      '- Estimate: 3',
      '',
    ].join('\n');
    const backlog = parseBacklog(source);
    const forecast = forecastBacklog(backlog, {}, historyFromSprints(backlog, '2026-10-20'), { today: '2026-10-20' });
    expect(forecast.insufficientData).toBe(false);
    const page = renderReportHtml(buildReport(input(source, { generatedAt: '2026-10-20', forecast })));
    const tree = parse(page);
    expect(all(tree, (e) => ['img', 'script', 'b'].includes(e.tagName) && !all(one(tree, tag('head')), () => true).includes(e))).toEqual([]);
    expect(page).not.toMatch(/<img|<script>|<b>/);
    const goals = all(one(tree, byAttr('data-section', 'sprint-goals')), byAttr('data-sprint'));
    expect(squash(text(all(goals[0], tag('td'))[0]))).toBe('<script>alert(2)</script> & rooms');
    expect(squash(text(one(goals[0], tag('th'))))).toBe('Sprint 1 <img src=x onerror=alert(1)> 2026-09-07 – 2026-09-18');
    // US-4's forecast dates in its list item each sit in a span that does not break.
    const item = all(tree, (e) => e.tagName === 'li' && attr(e, 'data-rank') === '4')[0];
    const dates = all(item, byAttr('class', 'date')).map((d) => squash(text(d)));
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(squash(text(item))).toMatch(/^4\. US-4 <b>Rename<\/b> estimate 3 · sprint \d+ \( ?\d{4}-\d{2}-\d{2} ?\) at 50%/);
    const circles = all(one(tree, byAttr('data-chart', 'burn-up')), (e) => e.tagName === 'circle');
    expect(squash(text(circles[0]))).toBe('Sprint 1 <img src=x onerror=alert(1)> (2026-09-07 – 2026-09-18): 3 points done in all');
  });
});

describe('report Markdown', () => {
  const markdown = renderReportMarkdown(buildReport(input(BACKLOG)));

  it('has the same sections, and escapes titles', () => {
    expect(markdown.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## Sprint goals', '## Now, next, later', '## Forecast', '## Backlog health']);
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; "quoted" &lt;b&gt;bold&lt;/b&gt;');
    const html = renderGfm(markdown);
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain('<li><strong>US-2</strong> &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; (estimate 8 · in-progress)</li>');
    expect(markdown).toContain('| **Sprint 4** (current) | People can book rooms without e-mail |  | 3 | 1 | 16 |');
    expect(markdown).toContain('- Value statement: **50%** (3 of 6)');
  });

  it('gives the forecast in words and as a table', () => {
    const md = renderReportMarkdown(buildReport(input(NO_SPRINTS, { forecast: configForecast(NO_SPRINTS) })));
    const section = md.slice(md.indexOf('## Forecast'), md.indexOf('## Backlog health'));
    expect(section).toContain('At 50% confidence everything open is done by the end of sprint 4.');
    expect(section).toContain('| 3 | US-3 Create an appointment | sprint 2 | sprint 2 |');
    expect(section).toContain('*3 past sprints of velocity from the configuration, 10,000 trials (seed 1)*');
  });

  it('parses as the same document structure (markdown headings and lists are where they should be)', () => {
    const now = markdown.slice(markdown.indexOf('### Now'), markdown.indexOf('### Next'));
    expect(now.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(2);
  });
});
