// The report's content, checked by parsing the HTML (parse5, the HTML standard's parser) and asserting sections and
// values, not by comparing with a stored snapshot.
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { analyzeBacklog } from './analyze';
import { diffBacklogs } from './diff';
import { renderGfm } from '../../test/unit/render-gfm';
import { parseBacklog } from './parse';
import { buildReport, type ReportInput, type ReportSprint, renderReportHtml, renderReportMarkdown } from './report';

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

/** Sprints as the adapter would pass them: groups named "Sprint …" with their items. */
function sprintsOf(text: string): ReportSprint[] {
  const backlog = parseBacklog(text);
  return backlog.groups
    .map((g, gi) => ({ g, gi }))
    .filter(({ g }) => /^sprint\b/i.test(g.title))
    .map(({ g, gi }) => ({
      name: g.title,
      goal: /Sprint goal: (.+)/.exec(text.slice(g.span.start, backlog.groups[gi + 1]?.span.start ?? text.length).split('###')[0])?.[1] ?? null,
      start: null,
      end: null,
      itemIndexes: backlog.items.filter((it) => it.groupIndex === gi).map((it) => it.index),
    }));
}

function input(text: string, extra: Partial<ReportInput> = {}): ReportInput {
  const analysis = analyzeBacklog(text);
  return { file: 'docs/BACKLOG.md', backlog: analysis.backlog, findings: analysis.findings, generatedAt: '2026-10-07', revision: 'main @ 1a2b3c4', ...extra };
}

describe('report model', () => {
  it('takes now and next from the sprint groups, the current one being the first with open items', () => {
    const model = buildReport(input(BACKLOG, { sprints: sprintsOf(BACKLOG) }));
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
    const model = buildReport(input(BACKLOG));
    expect(model.horizon.source).toBe('status');
    expect(model.horizon.now.map((i) => i.id)).toEqual(['US-2']);
    expect(model.horizon.next.map((i) => i.id)).toEqual(['US-3', 'US-4']);
    expect(model.horizon.later.map((i) => i.id)).toEqual(['US-5', 'US-6', 'US-7']);
  });

  it('with a forecast and no sprints, takes now and next from the sprint each item finishes in at 50%', () => {
    const forecast = {
      chartSvg: null,
      insufficientData: null,
      method: 'test',
      warnings: [],
      items: [1, 2, 3, 4, 5, 6].map((index) => ({ index, p50: `sprint ${Math.ceil(index / 2)}`, p85: `sprint ${Math.ceil(index / 2) + 1}`, sprint50: Math.ceil(index / 2) })),
    };
    const model = buildReport(input(BACKLOG, { forecast }));
    expect(model.horizon.source).toBe('forecast');
    expect(model.horizon.now.map((i) => i.id)).toEqual(['US-2', 'US-3']);
    expect(model.horizon.next.map((i) => i.id)).toEqual(['US-4', 'US-5']);
    expect(model.horizon.later.map((i) => i.id)).toEqual(['US-6', 'US-7']);
    expect(model.horizon.now[0].when).toBe('sprint 1 (50%), sprint 2 (85%)');
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
  const html = renderReportHtml(buildReport(input(BACKLOG, { sprints: sprintsOf(BACKLOG), changes: { since: 'v1.0', diff } })));
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
      ['Sprint 4 current', 'People can book rooms without e-mail', '', '3', '1', '16'],
      ['Sprint 5', 'no goal set', '', '2', '0', ''],
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
    expect(squash(text(forecast))).toBe('Forecast No forecast: the backlog’s history could not be read.');
    const withReason = parse(renderReportHtml(buildReport(input(BACKLOG, { forecast: { chartSvg: null, insufficientData: 'only 2 past sprints; 3 are needed', method: '', warnings: [], items: [] } }))));
    expect(squash(text(one(withReason, byAttr('data-section', 'forecast'))))).toBe('Forecast No forecast yet: only 2 past sprints; 3 are needed');
  });

  it('embeds the forecast chart and lists when the top items are done', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Burn-up"><line x1="0" y1="0" x2="1" y2="1"/></svg>';
    const forecast = { chartSvg: svg, insufficientData: null, method: '10,000 simulated futures', warnings: ['Sprint 2 was more than twice the median.'], items: [{ index: 1, p50: 'sprint 1', p85: 'sprint 2', sprint50: 1 }] };
    const page = parse(renderReportHtml(buildReport(input(BACKLOG, { forecast }))));
    const section = one(page, byAttr('data-section', 'forecast'));
    const chart = one(section, byAttr('data-chart', 'burn-up'));
    expect(attr(one(chart, tag('svg')), 'aria-label')).toBe('Burn-up');
    expect(all(section, tag('tr')).slice(1).map((r) => all(r, tag('td')).map((c) => squash(text(c))))).toEqual([['2', 'US-2 <img src=x onerror=alert(1)> & "quoted" <b>bold</b>', 'sprint 1', 'sprint 2']]);
    expect(squash(text(one(section, byAttr('class', 'warning'))))).toBe('Sprint 2 was more than twice the median.');
  });
});

describe('report Markdown', () => {
  const markdown = renderReportMarkdown(buildReport(input(BACKLOG, { sprints: sprintsOf(BACKLOG) })));

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

  it('parses as the same document structure (markdown headings and lists are where they should be)', () => {
    const now = markdown.slice(markdown.indexOf('### Now'), markdown.indexOf('### Next'));
    expect(now.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(2);
  });
});
