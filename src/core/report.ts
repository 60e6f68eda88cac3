// The stakeholder report: a model built from one analysed backlog (plus what the adapters add: the forecast, whose
// history may come from git, and rank changes from git), rendered as one self-contained HTML page (inline CSS and SVG,
// no script, no remote asset, printable, light and dark) or as Markdown. Pure: strings in, strings out. Sprint groups
// and goals are the forecast core's (sprints.ts), the forecast and its burn-up chart too (forecast.ts,
// burnup-chart.ts). Every piece of the user's text goes through escapeHtml / escapeMarkdown exactly once, where it is
// written into the output (the chart escapes its own labels).
import { BURNUP_CSS, BURNUP_DEFAULT_COLOURS, describeBurnUp, renderBurnUpSvg } from './burnup-chart';
import { type BacklogChanges, type DiffRow, diffRows, diffSummary, isEmptyDiff, rowMark } from './diff';
import { escapeHtml, escapeMarkdown } from './escape';
import { type Forecast, type ItemForecast, MAX_SPRINTS } from './forecast';
import { describeMethod } from './forecast-format';
import type { Backlog, BacklogItem, Finding, Severity } from './model';
import { rules } from './rules';
import { isClosedItem, isDoneItem, isPastSprint, readSprints, type SprintGroup } from './sprints';

// ---------------------------------------------------------------------------------------------- model

/** An item as the report lists it. */
export interface ReportItem {
  /** Index into `backlog.items`. */
  readonly index: number;
  readonly rank: number;
  readonly id: string | null;
  readonly title: string;
  readonly estimate: string | null;
  readonly status: string | null;
  /** When it is expected to be done, from the forecast (`sprint 2 (2026-10-30) at 50%, sprint 3 (2026-11-13) at 85%`); else null. */
  readonly when: string | null;
}

export interface SprintGoal {
  /** The sprint's name without the dates written in it (`Sprint 4`). */
  readonly name: string;
  readonly goal: string | null;
  readonly dates: string | null;
  readonly items: number;
  readonly done: number;
  /** Sum of the numeric estimates, or null when no item has one. */
  readonly points: number | null;
  readonly current: boolean;
}

/** Where the now / next / later split comes from. */
export type HorizonSource = 'sprints' | 'forecast' | 'status';

export interface Horizon {
  readonly source: HorizonSource;
  /** One sentence: how the split was made. */
  readonly explanation: string;
  readonly now: readonly ReportItem[];
  readonly next: readonly ReportItem[];
  /** The first LATER_SHOWN items of later. */
  readonly later: readonly ReportItem[];
  /** How many later items are not listed. */
  readonly laterMore: number;
}

export interface ForecastRow {
  /** Index into `backlog.items`. */
  readonly index: number;
  readonly rank: number;
  readonly id: string | null;
  readonly title: string;
  /** `sprint 3 (2026-11-13)`, `sprint 3`, `after sprint 1000`. */
  readonly p50: string;
  readonly p85: string;
  /** The sprint it is done in at 50% (1 = the current one), or null. */
  readonly sprint50: number | null;
  /** The last day of that sprint at 50% / 85%, when sprint dates are known. */
  readonly date50: string | null;
  readonly date85: string | null;
}

/** The forecast as the report shows it, made from the forecast core's Forecast. */
export interface ReportForecast {
  /** The burn-up chart with its 50% and 85% lines, an SVG element as a string, drawn by the forecast core. */
  readonly chartSvg: string | null;
  /** The chart in words (the same sentences as its <desc>), for the Markdown form. */
  readonly chartText: string | null;
  /** Why there is no forecast (fewer than three past sprints, history unreadable, ...), or null. */
  readonly insufficientData: string | null;
  /** One sentence on the method: `6 past sprints of velocity from the git history of the file, 10,000 trials (seed 1)`. */
  readonly method: string;
  /** Per open item, in rank order: when it is done at 50% and 85%. */
  readonly items: readonly ForecastRow[];
  readonly warnings: readonly string[];
}

export interface HealthMeasure {
  readonly key: 'value' | 'criteria' | 'estimate';
  readonly label: string;
  readonly count: number;
  readonly of: number;
}

export interface RuleCount {
  readonly ruleId: string;
  readonly description: string;
  readonly severity: Severity;
  readonly count: number;
}

export interface Health {
  /** Items the measures count: every item not done, accepted or rejected. */
  readonly open: number;
  readonly measures: readonly HealthMeasure[];
  readonly byRule: readonly RuleCount[];
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface RankChanges {
  /** The revision compared with (`main`, `v1.2`, `HEAD~5`). */
  readonly since: string;
  readonly summary: string;
  readonly rows: readonly DiffRow[];
}

export interface ReportModel {
  readonly title: string;
  readonly file: string;
  /** ISO date. */
  readonly generatedAt: string;
  /** The version of the file reported on (`main @ 1a2b3c4`, `working tree`), or null. */
  readonly revision: string | null;
  readonly totals: { readonly items: number; readonly open: number; readonly done: number };
  readonly sprintGoals: readonly SprintGoal[];
  readonly horizon: Horizon;
  readonly forecast: ReportForecast | null;
  readonly health: Health;
  /** Null when no `--since` was asked for. */
  readonly changes: RankChanges | null;
}

export interface ReportInput {
  /** The file as shown to the reader (relative path). */
  readonly file: string;
  readonly backlog: Backlog;
  readonly findings: readonly Finding[];
  /** ISO date of the report (the adapter's "today"; a parameter so that the core stays pure). */
  readonly generatedAt: string;
  readonly revision?: string | null;
  /** The forecast core's forecast of this backlog (any history source), or null when none could be made. */
  readonly forecast?: Forecast | null;
  /** Why there is no forecast when `forecast` is null (`the git history could not be read: ...`). */
  readonly forecastUnavailable?: string | null;
  readonly changes?: { readonly since: string; readonly diff: BacklogChanges } | null;
}

const isClosed = isClosedItem;
const isDone = isDoneItem;

/** Later items listed before "and N more". */
export const LATER_SHOWN = 10;
/** Rows of the forecast table before "and N more". */
export const FORECAST_SHOWN = 15;

const spaced = (s: string) => s.replace(/\s+/g, ' ').trim();

function reportItem(item: BacklogItem, when: string | null = null): ReportItem {
  return {
    index: item.index,
    rank: item.rank,
    id: item.id,
    title: spaced(item.title),
    estimate: item.estimate ? spaced(item.estimate.raw) : null,
    status: item.status ? (item.status.kind ?? spaced(item.status.raw)) : null,
    when,
  };
}

/** The first level-1 heading of the file, without markup; else the file name. */
export function backlogTitle(backlog: Backlog, file: string): string {
  const start = backlog.frontMatter ? backlog.frontMatter.end : 0;
  const m = /^#[ \t]+(.+?)[ \t#]*$/m.exec(backlog.source.slice(start));
  const heading = m ? spaced(m[1].replace(/[*_`]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')) : '';
  return heading || file.split('/').pop() || file;
}

/** `Sprint 4 (2026-10-05 – 2026-10-16)` → `Sprint 4`: the dates are shown on their own (a bracket with a year goes). */
function sprintName(sprint: SprintGroup): string {
  if (sprint.start === null) return spaced(sprint.name);
  const bare = spaced(sprint.name.replace(/[ \t]*[([][^)\]]*\d{4}[^)\]]*[)\]]/g, '').replace(/[ \t]*[:,–—-][ \t]*$/, ''));
  return bare || spaced(sprint.name);
}

function sprintGoals(backlog: Backlog, sprints: readonly SprintGroup[], current: number): SprintGoal[] {
  return sprints.map((s, i) => {
    const items = s.itemIndexes.map((k) => backlog.items[k]).filter(Boolean);
    const numeric = items.map((it) => it.estimate?.value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return {
      name: sprintName(s),
      goal: s.goal === null || s.goal.trim() === '' ? null : spaced(s.goal),
      dates: s.start && s.end ? `${s.start} – ${s.end}` : s.start,
      items: items.length,
      done: items.filter(isDone).length,
      points: numeric.length > 0 ? numeric.reduce((a, b) => a + b, 0) : null,
      current: i === current,
    };
  });
}

/**
 * The sprint under way: the first that is not over (isPastSprint: its end date has passed, or every item is closed)
 * and has started (no start date, or one on or before today); -1 when none.
 */
function currentSprint(backlog: Backlog, sprints: readonly SprintGroup[], today: string): number {
  return sprints.findIndex((s) => !isPastSprint(backlog, s, today) && (s.start === null || s.start <= today));
}

/** `sprint 3 (2026-11-13)`; `after sprint 1000` when the simulation never finished it. */
function forecastWhen(f: ItemForecast, p: 'p50' | 'p85'): string {
  const sprint = f.sprint[p];
  if (sprint === null) return `after sprint ${MAX_SPRINTS}`;
  const date = f.date?.[p];
  return `sprint ${sprint}${date ? ` (${date})` : ''}`;
}

function reportForecast(forecast: Forecast | null, unavailable: string | null): ReportForecast | null {
  if (!forecast) return unavailable ? { chartSvg: null, chartText: null, insufficientData: unavailable, method: '', items: [], warnings: [] } : null;
  return {
    chartSvg: forecast.burnUp ? renderBurnUpSvg(forecast.burnUp, { idPrefix: 'report-burnup' }) : null,
    chartText: forecast.burnUp ? describeBurnUp(forecast.burnUp) : null,
    insufficientData: forecast.insufficientData || null,
    method: describeMethod(forecast),
    items: forecast.items.map((f) => ({ index: f.index, rank: f.rank, id: f.id, title: spaced(f.title), p50: forecastWhen(f, 'p50'), p85: forecastWhen(f, 'p85'), sprint50: f.sprint.p50, date50: f.date?.p50 ?? null, date85: f.date?.p85 ?? null })),
    warnings: forecast.warnings,
  };
}

function horizon(backlog: Backlog, sprints: readonly SprintGroup[], current: number, forecast: ReportForecast | null): Horizon {
  const open = backlog.items.filter((it) => !isClosed(it));
  const split = (now: ReportItem[], next: ReportItem[], later: ReportItem[], source: HorizonSource, explanation: string): Horizon => ({
    source,
    explanation,
    now,
    next,
    later: later.slice(0, LATER_SHOWN),
    laterMore: Math.max(0, later.length - LATER_SHOWN),
  });
  const usable = forecast && !forecast.insufficientData && forecast.items.length > 0 ? forecast : null;
  const byIndex = new Map((usable?.items ?? []).map((f) => [f.index, f]));
  const item = (it: BacklogItem) => {
    const f = byIndex.get(it.index);
    return reportItem(it, f ? (f.p50 === f.p85 ? `${f.p50} at 50% and 85%` : `${f.p50} at 50%, ${f.p85} at 85%`) : null);
  };
  if (current >= 0) {
    // Open items of the current sprint, and those left open in sprints before it, are now.
    const nowSet = new Set(sprints.slice(0, current + 1).flatMap((s) => s.itemIndexes));
    const nextSet = new Set(sprints[current + 1]?.itemIndexes ?? []);
    const now = open.filter((it) => nowSet.has(it.index));
    const next = open.filter((it) => nextSet.has(it.index));
    const later = open.filter((it) => !nowSet.has(it.index) && !nextSet.has(it.index));
    const nextName = sprints[current + 1] ? `, next is ${sprintName(sprints[current + 1])}` : '';
    return split(now.map(item), next.map(item), later.map(item), 'sprints', `From the sprint groups of the file: now is ${sprintName(sprints[current])}${nextName}.`);
  }
  if (usable) {
    const now: ReportItem[] = [];
    const next: ReportItem[] = [];
    const later: ReportItem[] = [];
    for (const it of open) {
      const sprint = byIndex.get(it.index)?.sprint50 ?? null;
      (sprint === 1 ? now : sprint === 2 ? next : later).push(item(it));
    }
    return split(now, next, later, 'forecast', 'From the forecast: now is what the current sprint finishes at 50% confidence, next what the sprint after it finishes.');
  }
  // Neither sprints nor a forecast: the workflow status says what is being worked on.
  const active: ReadonlySet<string> = new Set(['in-progress', 'review']);
  const now = open.filter((it) => it.status?.kind != null && active.has(it.status.kind));
  const next = open.filter((it) => it.status?.kind === 'ready');
  const later = open.filter((it) => !now.includes(it) && !next.includes(it));
  return split(now.map(item), next.map(item), later.map(item), 'status', 'From each item’s status: now is in progress or in review, next is ready.');
}

function health(backlog: Backlog, findings: readonly Finding[]): Health {
  const open = backlog.items.filter((it) => !isClosed(it));
  const measures: HealthMeasure[] = [
    { key: 'value', label: 'Value statement', count: open.filter((it) => it.value !== null).length, of: open.length },
    { key: 'criteria', label: 'Acceptance criteria', count: open.filter((it) => it.criteria.length > 0).length, of: open.length },
    { key: 'estimate', label: 'Estimate', count: open.filter((it) => it.estimate !== null).length, of: open.length },
  ];
  const described = new Map(rules.map((r) => [r.id, r.description]));
  const counts = new Map<string, RuleCount>();
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  for (const f of findings) {
    const c = counts.get(f.ruleId);
    const severity = c && rank[c.severity] < rank[f.severity] ? c.severity : f.severity;
    counts.set(f.ruleId, { ruleId: f.ruleId, description: described.get(f.ruleId) ?? '', severity, count: (c?.count ?? 0) + 1 });
  }
  const byRule = [...counts.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || a.ruleId.localeCompare(b.ruleId));
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { open: open.length, measures, byRule, errors: count('error'), warnings: count('warning'), infos: count('info') };
}

/** Everything the report shows, computed once; the HTML and Markdown renderings only format it. */
export function buildReport(input: ReportInput): ReportModel {
  const { backlog } = input;
  const done = backlog.items.filter(isDone).length;
  const changes = input.changes ? { since: input.changes.since, summary: diffSummary(input.changes.diff), rows: isEmptyDiff(input.changes.diff) ? [] : diffRows(input.changes.diff) } : null;
  const sprints = readSprints(backlog);
  const current = currentSprint(backlog, sprints, input.generatedAt);
  const forecast = reportForecast(input.forecast ?? null, input.forecastUnavailable ?? null);
  return {
    title: backlogTitle(backlog, input.file),
    file: input.file,
    generatedAt: input.generatedAt,
    revision: input.revision ?? null,
    totals: { items: backlog.items.length, open: backlog.items.filter((it) => !isClosed(it)).length, done },
    sprintGoals: sprintGoals(backlog, sprints, current),
    horizon: horizon(backlog, sprints, current, forecast),
    forecast,
    health: health(backlog, input.findings),
    changes,
  };
}

// ---------------------------------------------------------------------------------------------- shared wording

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((100 * count) / of));
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
const itemLabel = (it: { id: string | null; title: string }) => `${it.id ? `${it.id} ` : ''}${it.title || '(untitled)'}`;

function itemFacts(it: ReportItem): string {
  return [it.estimate ? `estimate ${it.estimate}` : null, it.status, it.when].filter(Boolean).join(' · ');
}

const SECTION_TITLES = {
  goals: 'Sprint goals',
  horizon: 'Now, next, later',
  forecast: 'Forecast',
  health: 'Backlog health',
  changes: 'Rank changes',
} as const;

const changesTitle = (c: RankChanges) => `${SECTION_TITLES.changes} since ${c.since}`;

// ---------------------------------------------------------------------------------------------- HTML

/**
 * The Content-Security-Policy of the page: inline styles only. Nothing can load or run, even if some text escaped
 * escaping: no script, no remote image, font or stylesheet, no form target.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

const CSS = `
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --good: #1a7f37; --warn: #9a6700; --bad: #d1242f; --track: #e6eaef; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
  --accent: #4493f8; --good: #3fb950; --warn: #d29922; --bad: #f85149; --track: #262c36; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 64rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; padding-bottom: 1rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 0 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 .5rem; }
.meta, .note { color: var(--muted); margin: 0; }
.note { font-size: .9rem; margin-top: .5rem; }
.totals { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .75rem 0 0; padding: 0; list-style: none; }
.totals strong { font-size: 1.2rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: .75rem 0 0; padding: 0; }
a { color: var(--accent); }
section { margin: 0 0 2rem; break-inside: avoid-page; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { font-weight: 600; background: var(--panel); }
tbody th { background: transparent; }
/* Headers wrap between words, never inside one: a nowrap header row set the table's least width by the font's width. */
thead th { overflow-wrap: normal; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.column { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.column ol { margin: 0; padding-left: 0; list-style: none; }
.column li { padding: .35rem 0; border-top: 1px solid var(--line); }
.column li:first-child { border-top: 0; }
.rank { color: var(--muted); font-variant-numeric: tabular-nums; }
.id { font-weight: 600; }
.facts { display: block; color: var(--muted); font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
.current { font-weight: 600; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 1em; padding: 0 .5em; font-size: .8rem; }
.chart { max-width: 100%; overflow-x: auto; margin: 0 0 1rem; }
.date, .badge { white-space: nowrap; }
td.num .facts { white-space: normal; }
/* A goal breaks between words: a column squeezed to a few letters was hard to read. */
td.goal { overflow-wrap: break-word; }
.chart svg { max-width: 100%; height: auto; }
caption { caption-side: top; text-align: left; }
.measures .bar-cell { width: 55%; vertical-align: middle; }
.measures svg { width: 100%; height: 14px; display: block; }
.spaced { margin-top: 1.25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.bar-track { fill: var(--track); }
.bar-good { fill: var(--good); } .bar-warn { fill: var(--warn); } .bar-bad { fill: var(--bad); }
.sev-error { color: var(--bad); } .sev-warning { color: var(--warn); } .sev-info { color: var(--muted); }
/* The severity sits under the rule's name: three columns fit a 320px screen in any font. */
.severity { display: block; font-weight: normal; }
@media (min-width: 40rem) { tbody th code { white-space: nowrap; } }
.up { color: var(--good); } .down { color: var(--bad); } .new { color: var(--accent); }
.mark { white-space: nowrap; font-weight: 600; }
.removed-title { text-decoration: line-through; }
.warning { border-left: 3px solid var(--warn); padding-left: .75rem; }
/* Narrow screens (down to WCAG's 320 CSS pixels): less padding, so the tables keep their columns on the screen. */
@media (max-width: 30rem) {
  .page { padding: 1.25rem .75rem 2rem; }
  th, td { padding: .3rem .35rem; }
  .column { padding: .5rem .75rem; }
  .measures .bar-cell { width: 20%; }
  tbody th code { overflow-wrap: normal; }
}
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: 1rem; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444c56; --line: #b8c0c8; --panel: #ffffff; --track: #e6eaef;
    --accent: #0550ae; --good: #116329; --warn: #7d4e00; --bad: #a40e26; }
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid-page; }
  tr, li { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** A date in escaped text (digits and dashes only, so wrapping it in a span cannot open markup). */
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

/** An item of now / next / later; its dates do not break across lines. */
function htmlItem(it: ReportItem): string {
  const facts = itemFacts(it);
  // Real spaces between the parts, so that screen readers and copied text do not run them together.
  return `<li data-rank="${it.rank}"><span class="rank">${it.rank}.</span> ${it.id ? `<span class="id">${escapeHtml(it.id)}</span> ` : ''}<span class="title">${escapeHtml(it.title || '(untitled)')}</span>${facts ? ` <span class="facts">${escapeHtml(facts).replace(ISO_DATE, '<span class="date">$&</span>')}</span>` : ''}</li>`;
}

function htmlColumn(key: 'now' | 'next' | 'later', heading: string, items: readonly ReportItem[], more = 0): string {
  const list = items.length > 0 ? `<ol>${items.map(htmlItem).join('')}</ol>` : '<p class="empty">Nothing here.</p>';
  const tail = more > 0 ? `<p class="note">and ${plural(more, 'more item')}</p>` : '';
  return `<div class="column" data-column="${key}"><h3 id="h-${key}">${heading} <span class="badge" aria-label="${plural(items.length + more, 'item')}">${items.length + more}</span></h3>${list}${tail}</div>`;
}

/** A horizontal bar as inline SVG (prints without "background graphics"); the text beside it carries the value. */
function bar(share: number, tone: 'good' | 'warn' | 'bad'): string {
  const width = Math.max(0, Math.min(100, share));
  return `<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar-track" x="0" y="0" width="100" height="10" rx="2"/><rect class="bar-${tone}" x="0" y="0" width="${width}" height="10" rx="2"/></svg>`;
}

function htmlGoals(model: ReportModel): string {
  const body =
    model.sprintGoals.length === 0
      ? '<p class="empty">The backlog has no sprint groups (headings such as “Sprint 3 (2026-10-05 – 2026-10-16)”), so there are no sprint goals to show.</p>'
      : // Three columns (the dates under the name, the points under done "of" items), so that the table fits a 320px screen.
        `<table><thead><tr><th scope="col">Sprint</th><th scope="col">Goal</th><th scope="col" class="num">Done</th></tr></thead><tbody>${model.sprintGoals
          .map(
            (s) =>
              `<tr data-sprint="${escapeHtml(s.name)}"${s.current ? ' class="current"' : ''}><th scope="row">${escapeHtml(s.name)}${s.current ? ' <span class="badge">current</span>' : ''}${s.dates ? `<span class="facts">${s.dates.split(' – ').map((d, i) => `<span class="date">${i > 0 ? '– ' : ''}${escapeHtml(d)}</span>`).join(' ')}</span>` : ''}</th><td class="goal">${s.goal === null ? '<span class="empty">no goal set</span>' : escapeHtml(s.goal)}</td><td class="num">${s.done} of ${s.items}${s.points === null ? '' : `<span class="facts">${plural(s.points, 'point')}</span>`}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section id="sprint-goals" data-section="sprint-goals" aria-labelledby="h-sprint-goals"><h2 id="h-sprint-goals">${SECTION_TITLES.goals}</h2>${body}</section>`;
}

function htmlHorizon(model: ReportModel): string {
  const h = model.horizon;
  return `<section id="now-next-later" data-section="now-next-later" data-source="${h.source}" aria-labelledby="h-horizon"><h2 id="h-horizon">${SECTION_TITLES.horizon}</h2><div class="columns">${htmlColumn('now', 'Now', h.now)}${htmlColumn('next', 'Next', h.next)}${htmlColumn('later', 'Later', h.later, h.laterMore)}</div><p class="note">${escapeHtml(h.explanation)}</p></section>`;
}

const NO_FORECAST = 'No forecast was made for this report.';

/** `sprint 3` with its date on a line of its own (the table keeps its four columns on a narrow screen). */
function htmlWhen(when: string, date: string | null): string {
  const suffix = date ? ` (${date})` : '';
  if (!date || !when.endsWith(suffix)) return escapeHtml(when);
  return `${escapeHtml(when.slice(0, -suffix.length))} <span class="facts date">${escapeHtml(date)}</span>`;
}

function htmlForecast(model: ReportModel): string {
  const f = model.forecast;
  let body: string;
  if (!f) body = `<p class="empty">${NO_FORECAST}</p>`;
  else if (f.insufficientData) body = `<p class="empty">No forecast yet: ${escapeHtml(f.insufficientData)}</p>${f.method ? `<p class="note">${escapeHtml(f.method)}</p>` : ''}`;
  else {
    // The chart is drawn by the forecast core, which escapes its own labels; it is the one string not escaped here.
    const chart = f.chartSvg ? `<figure class="chart" data-chart="burn-up">${f.chartSvg}<figcaption class="note">Work done so far (solid), the scope (dotted), and the work done by the end of each coming sprint at 50% (line) and 85% confidence (dashed).</figcaption></figure>` : '';
    const rows = f.items.slice(0, FORECAST_SHOWN);
    const more = f.items.length - rows.length;
    const table =
      rows.length > 0
        ? `<table data-table="forecast-items"><caption class="note">When the top open items are done</caption><thead><tr><th scope="col" class="num">Rank</th><th scope="col">Item</th><th scope="col">50%</th><th scope="col">85%</th></tr></thead><tbody>${rows
            .map((x) => `<tr data-rank="${x.rank}"><td class="num">${x.rank}</td><td>${escapeHtml(itemLabel(x))}</td><td>${htmlWhen(x.p50, x.date50)}</td><td>${htmlWhen(x.p85, x.date85)}</td></tr>`)
            .join('')}</tbody></table>${more > 0 ? `<p class="note">and ${plural(more, 'more open item')}</p>` : ''}`
        : '';
    body = `${chart}${f.warnings.map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('')}${table}<p class="note">${escapeHtml(f.method)}</p>`;
  }
  return `<section id="forecast" data-section="forecast" aria-labelledby="h-forecast"><h2 id="h-forecast">${SECTION_TITLES.forecast}</h2>${body}</section>`;
}

function htmlHealth(model: ReportModel): string {
  const h = model.health;
  const measures = h.measures
    .map((m) => {
      const p = percent(m.count, m.of);
      const tone = p >= 80 ? 'good' : p >= 50 ? 'warn' : 'bad';
      return `<tr data-measure="${m.key}" data-count="${m.count}" data-of="${m.of}"><th scope="row">${m.label}</th><td class="bar-cell">${bar(p, tone)}</td><td class="num"><strong>${p}%</strong> (${m.count} of ${m.of})</td></tr>`;
    })
    .join('');
  const findings =
    h.byRule.length === 0
      ? '<p>No findings: every rule passes.</p>'
      : `<table><caption class="note">${plural(h.errors, 'error')}, ${plural(h.warnings, 'warning')}, ${plural(h.infos, 'info', 'infos')}</caption><thead><tr><th scope="col">Rule and severity</th><th scope="col" class="num">Findings</th><th scope="col">What it checks</th></tr></thead><tbody>${h.byRule
          .map(
            (r) =>
              `<tr data-rule="${escapeHtml(r.ruleId)}"><th scope="row"><code>${escapeHtml(r.ruleId)}</code> <span class="severity sev-${r.severity}">${r.severity}</span></th><td class="num">${r.count}</td><td>${escapeHtml(r.description)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section id="health" data-section="health" aria-labelledby="h-health"><h2 id="h-health">${SECTION_TITLES.health}</h2><table class="measures"><caption class="note">Of the ${plural(h.open, 'open item')}, how many have</caption><thead><tr><th scope="col">Has</th><th scope="col"><span class="visually-hidden">Share as a bar</span></th><th scope="col" class="num">Share</th></tr></thead><tbody>${measures}</tbody></table><h3 class="spaced">Findings by rule</h3>${findings}</section>`;
}

function htmlChanges(c: RankChanges): string {
  const body =
    c.rows.length === 0
      ? `<p>No changes since ${escapeHtml(c.since)}.</p>`
      : `<p>${escapeHtml(c.summary)}.</p><table><thead><tr><th scope="col">Change</th><th scope="col" class="num">Rank</th><th scope="col">Item</th><th scope="col">Details</th></tr></thead><tbody>${c.rows
          .map((r) => {
            const mark = rowMark(r);
            const label = r.kind === 'up' ? `up ${r.by}` : r.kind === 'down' ? `down ${r.by}` : r.kind;
            return `<tr data-change="${r.kind}"><td class="mark ${r.kind}"><span aria-label="${label}">${escapeHtml(mark)}</span></td><td class="num">${r.rank}</td><td${r.kind === 'removed' ? ' class="removed-title"' : ''}>${escapeHtml(itemLabel(r))}</td><td>${escapeHtml(r.changes.join('; '))}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  return `<section id="rank-changes" data-section="rank-changes" aria-labelledby="h-changes"><h2 id="h-changes">${escapeHtml(changesTitle(c))}</h2>${body}</section>`;
}

/** The report as one self-contained HTML document. */
export function renderReportHtml(model: ReportModel, generator = 'Backlog as Code'): string {
  const t = model.totals;
  const sections: [string, string, string][] = [
    ['sprint-goals', SECTION_TITLES.goals, htmlGoals(model)],
    ['now-next-later', SECTION_TITLES.horizon, htmlHorizon(model)],
    ['forecast', SECTION_TITLES.forecast, htmlForecast(model)],
    ['health', SECTION_TITLES.health, htmlHealth(model)],
  ];
  if (model.changes) sections.push(['rank-changes', changesTitle(model.changes), htmlChanges(model.changes)]);
  const meta = [model.file, model.revision, `generated ${model.generatedAt}`].filter(Boolean).map((s) => escapeHtml(s as string));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${escapeHtml(generator)}">
<title>${escapeHtml(model.title)}: backlog report</title>
<style>${CSS}${BURNUP_DEFAULT_COLOURS}${BURNUP_CSS}</style>
</head>
<body>
<div class="page">
<header>
<h1>${escapeHtml(model.title)}</h1>
<p class="meta">Backlog report · ${meta.join(' · ')}</p>
<ul class="totals" aria-label="Totals"><li><strong>${t.items}</strong> items</li><li><strong>${t.open}</strong> open</li><li><strong>${t.done}</strong> done</li></ul>
<nav aria-label="Sections"><ul>${sections.map(([id, title]) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`).join('')}</ul></nav>
</header>
<main>
${sections.map(([, , html]) => html).join('\n')}
</main>
<footer><p>Made by ${escapeHtml(generator)} from ${escapeHtml(model.file)}. Rank 1 is the top of the backlog.</p></footer>
</div>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------- Markdown

function mdItem(it: ReportItem): string {
  const facts = itemFacts(it);
  return `${it.rank}. ${it.id ? `**${escapeMarkdown(it.id)}** ` : ''}${escapeMarkdown(it.title) || '*(untitled)*'}${facts ? ` (${escapeMarkdown(facts)})` : ''}`;
}

/** The report as Markdown (for a wiki page, an issue or a pull request). */
export function renderReportMarkdown(model: ReportModel): string {
  const md = escapeMarkdown;
  const out: string[] = [];
  const t = model.totals;
  out.push(`# ${md(model.title)}`, '');
  out.push(`Backlog report · ${[model.file, model.revision, `generated ${model.generatedAt}`].filter(Boolean).map((s) => md(s as string)).join(' · ')}`, '');
  out.push(`**${t.items}** items, **${t.open}** open, **${t.done}** done.`, '');

  out.push(`## ${SECTION_TITLES.goals}`, '');
  if (model.sprintGoals.length === 0) out.push('The backlog has no sprint groups, so there are no sprint goals to show.', '');
  else {
    out.push('| Sprint | Goal | Dates | Items | Done | Points |', '|---|---|---|--:|--:|--:|');
    for (const s of model.sprintGoals) {
      out.push(`| ${s.current ? `**${md(s.name)}** (current)` : md(s.name)} | ${s.goal === null ? '*no goal set*' : md(s.goal)} | ${md(s.dates ?? '')} | ${s.items} | ${s.done} | ${s.points ?? ''} |`);
    }
    out.push('');
  }

  const h = model.horizon;
  out.push(`## ${SECTION_TITLES.horizon}`, '');
  for (const [heading, items, more] of [
    ['Now', h.now, 0],
    ['Next', h.next, 0],
    ['Later', h.later, h.laterMore],
  ] as const) {
    out.push(`### ${heading}`, '');
    if (items.length === 0) out.push('*Nothing here.*');
    else for (const item of items) out.push(mdItem(item));
    if (more > 0) out.push('', `and ${plural(more, 'more item')}`);
    out.push('');
  }
  out.push(`*${md(h.explanation)}*`, '');

  out.push(`## ${SECTION_TITLES.forecast}`, '');
  const f = model.forecast;
  if (!f) out.push(NO_FORECAST, '');
  else if (f.insufficientData) out.push(`No forecast yet: ${md(f.insufficientData)}`, '', ...(f.method ? [`*${md(f.method)}*`, ''] : []));
  else {
    if (f.chartText) out.push(md(f.chartText), '');
    for (const w of f.warnings) out.push(`> ${md(w)}`, '');
    const rows = f.items.slice(0, FORECAST_SHOWN);
    if (rows.length > 0) {
      out.push('| Rank | Item | 50% | 85% |', '|--:|---|---|---|');
      for (const x of rows) out.push(`| ${x.rank} | ${md(itemLabel(x))} | ${md(x.p50)} | ${md(x.p85)} |`);
      out.push('');
      if (f.items.length > rows.length) out.push(`and ${plural(f.items.length - rows.length, 'more open item')}`, '');
    }
    out.push(`*${md(f.method)}*`, '');
  }

  const hl = model.health;
  out.push(`## ${SECTION_TITLES.health}`, '', `Of the ${plural(hl.open, 'open item')}, how many have:`, '');
  for (const m of hl.measures) out.push(`- ${m.label}: **${percent(m.count, m.of)}%** (${m.count} of ${m.of})`);
  out.push('');
  if (hl.byRule.length === 0) out.push('No findings: every rule passes.', '');
  else {
    out.push(`Findings: ${plural(hl.errors, 'error')}, ${plural(hl.warnings, 'warning')}, ${plural(hl.infos, 'info', 'infos')}.`, '');
    out.push('| Rule | Severity | Findings | What it checks |', '|---|---|--:|---|');
    for (const r of hl.byRule) out.push(`| \`${r.ruleId.replace(/`/g, '')}\` | ${r.severity} | ${r.count} | ${md(r.description)} |`);
    out.push('');
  }

  const c = model.changes;
  if (c) {
    out.push(`## ${md(changesTitle(c))}`, '');
    if (c.rows.length === 0) out.push(`No changes since ${md(c.since)}.`, '');
    else {
      out.push(`${md(c.summary)}.`, '', '| | Rank | Item | Details |', '|:-:|--:|---|---|');
      for (const r of c.rows) {
        const label = md(itemLabel(r));
        out.push(`| ${rowMark(r)} | ${r.rank} | ${r.kind === 'removed' ? `~~${label}~~` : label} | ${r.changes.map(md).join('; ')} |`);
      }
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
