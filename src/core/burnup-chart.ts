// The burn-up chart of a forecast as one SVG element (a string): work done in the past sprints, the scope, and the
// work finished sprint by sprint at 50% and 85% confidence. Drawn from the data alone, for the board and the HTML
// report. Pure; every piece of text goes through escapeHtml (sprint labels come from the user's headings).
//
// Accessible: role="img" with a <title> and a <desc> that says in words what the lines show; lines differ in dash
// pattern and width as well as colour. Colours come from classes (see BURNUP_CSS) with presentation attributes as a
// fallback, so the chart follows the VS Code theme in the board, `prefers-color-scheme` in the report, and still
// reads without any stylesheet. No <style> element and no style attribute: a strict CSP allows neither.
import { escapeHtml } from './escape';
import type { BurnUp } from './forecast';

export interface BurnUpChartOptions {
  readonly width?: number;
  readonly height?: number;
  /** Prefix of the element ids (title, desc): unique per page when several charts are shown. */
  readonly idPrefix?: string;
}

/**
 * The chart's stylesheet: the classes the SVG uses, each colour a CSS variable. The board maps the variables to VS Code
 * theme colours (`--burnup-p50: var(--vscode-charts-blue)`), so its stylesheet names no colour of its own; a standalone
 * page (the report) adds BURNUP_DEFAULT_COLOURS, which read on light and dark backgrounds.
 */
export const BURNUP_CSS = `.burnup{font:11px system-ui,-apple-system,"Segoe UI",sans-serif;color:inherit;max-width:100%;height:auto}
.burnup text{fill:currentColor}
.burnup .axis{stroke:currentColor;stroke-opacity:.6}
.burnup .grid{stroke:currentColor;stroke-opacity:.15}
.burnup .today{stroke:currentColor;stroke-opacity:.5}
.burnup .done{stroke:var(--burnup-done)}
.burnup .done-dot{fill:var(--burnup-done)}
.burnup .scope{stroke:var(--burnup-scope)}
.burnup .p50{stroke:var(--burnup-p50)}
.burnup .p85{stroke:var(--burnup-p85)}
.burnup .p50-dot{fill:var(--burnup-p50)}
.burnup .p85-dot{fill:var(--burnup-p85)}
`;

const FALLBACK = { done: '#2e9e44', scope: '#8a8a8a', p50: '#3b82f6', p85: '#e07b00' } as const;

/** The chart's colours for a page without a theme (the report); the same colours as the SVG's attribute fallbacks. */
export const BURNUP_DEFAULT_COLOURS = `:root{--burnup-done:${FALLBACK.done};--burnup-scope:${FALLBACK.scope};--burnup-p50:${FALLBACK.p50};--burnup-p85:${FALLBACK.p85}}
`;

const num = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));
const r1 = (n: number) => Math.round(n * 10) / 10;

/** 1, 2 or 5 times a power of ten, giving about `count` steps up to `max`. */
function niceStep(max: number, count: number): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** The first future sprint whose work at this confidence reaches the scope, or null. */
function reachesScope(burnUp: BurnUp, key: 'p50' | 'p85'): { sprint: number; date: string | null } | null {
  const eps = 1e-9 * Math.max(1, burnUp.scope);
  const hit = burnUp.future.find((f) => f[key] >= burnUp.scope - eps);
  return hit ? { sprint: hit.sprint, date: hit.date } : null;
}

/** A sentence per line, for <desc> and for anyone who reads the chart as text. */
export function describeBurnUp(burnUp: BurnUp): string {
  const unit = burnUp.unit;
  const p = burnUp.past.length;
  const parts = [
    p === 0 ? `No past sprints.` : `${num(burnUp.done)} ${unit} done in the last ${p} sprint${p === 1 ? '' : 's'}.`,
    `Scope: ${num(burnUp.scope)} ${unit} (${num(burnUp.scope - burnUp.done)} open).`,
  ];
  for (const [key, label] of [
    ['p50', '50%'],
    ['p85', '85%'],
  ] as const) {
    const hit = reachesScope(burnUp, key);
    parts.push(
      hit
        ? `At ${label} confidence everything open is done by the end of sprint ${hit.sprint}${hit.date ? ` (${hit.date})` : ''}.`
        : `At ${label} confidence the open work is not all done within ${burnUp.future.length} sprints.`,
    );
  }
  return parts.join(' ');
}

/**
 * One SVG element as data: its tag, attributes in order, and children (elements or text). The board builds DOM nodes
 * from it with createElementNS and textContent (no markup is parsed in the webview); the report serialises it.
 */
export interface SvgNode {
  readonly tag: 'svg' | 'title' | 'desc' | 'g' | 'line' | 'polyline' | 'circle' | 'text';
  readonly attrs: readonly (readonly [string, string])[];
  readonly children: readonly (SvgNode | string)[];
}

type Attrs = Readonly<Record<string, string | number>>;
const el = (tag: SvgNode['tag'], attrs: Attrs, ...children: (SvgNode | string)[]): SvgNode => ({
  tag,
  attrs: Object.entries(attrs).map(([k, v]) => [k, String(v)] as const),
  children,
});

/** The element as markup: every attribute value and text escaped; childless elements self-closed. */
export function serializeSvg(node: SvgNode): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('');
  if (node.children.length === 0) return `<${node.tag}${attrs}/>`;
  return `<${node.tag}${attrs}>${node.children.map((c) => (typeof c === 'string' ? escapeHtml(c) : serializeSvg(c))).join('')}</${node.tag}>`;
}

/** The burn-up chart as an `<svg>` element (markup). */
export function renderBurnUpSvg(burnUp: BurnUp, options: BurnUpChartOptions = {}): string {
  return serializeSvg(burnUpTree(burnUp, options));
}

/** The burn-up chart as an element tree (see SvgNode). */
export function burnUpTree(burnUp: BurnUp, options: BurnUpChartOptions = {}): SvgNode {
  const W = options.width ?? 640;
  const H = options.height ?? 300;
  const id = (options.idPrefix ?? 'burnup').replace(/[^A-Za-z0-9_-]/g, '') || 'burnup';
  const m = { left: 52, right: 16, top: 34, bottom: 40 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const past = burnUp.past;
  const future = burnUp.future;
  // x: 0 = before the first past sprint, past sprint i ends at i + 1, future sprint k ends at past.length + k.
  const xMax = Math.max(1, past.length + future.length);
  const yTop = future.reduce((top, f) => Math.max(top, f.p50), Math.max(1, burnUp.scope)) * 1.05;
  const x = (v: number) => r1(m.left + (v / xMax) * pw);
  const y = (v: number) => r1(m.top + ph - (v / yTop) * ph);
  const title = `Burn-up chart: ${num(burnUp.done)} of ${num(burnUp.scope)} ${burnUp.unit} done, forecast at 50% and 85%`;
  const children: SvgNode[] = [el('title', { id: `${id}-title` }, title), el('desc', { id: `${id}-desc` }, describeBurnUp(burnUp))];
  // Grid and y axis labels.
  const step = niceStep(yTop, 5);
  const axes: SvgNode[] = [];
  for (let v = 0; v <= yTop; v += step) {
    axes.push(el('line', { class: 'grid', x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: 'currentColor', 'stroke-opacity': '0.15' }));
    axes.push(el('text', { x: m.left - 6, y: r1(y(v) + 4), 'text-anchor': 'end', fill: 'currentColor' }, num(v)));
  }
  axes.push(el('line', { class: 'axis', x1: m.left, x2: m.left, y1: m.top, y2: m.top + ph, stroke: 'currentColor', 'stroke-opacity': '0.6' }));
  axes.push(el('line', { class: 'axis', x1: m.left, x2: W - m.right, y1: m.top + ph, y2: m.top + ph, stroke: 'currentColor', 'stroke-opacity': '0.6' }));
  // x labels: past sprints counted back from now (−2, −1, 0 = the last one), future ones forward (1, 2, ...).
  const every = Math.max(1, Math.ceil(xMax / 16));
  for (let v = 1; v <= xMax; v++) {
    if (v % every !== 0 && v !== past.length) continue;
    axes.push(el('text', { x: x(v), y: m.top + ph + 14, 'text-anchor': 'middle', fill: 'currentColor' }, String(v - past.length)));
  }
  axes.push(el('text', { x: r1(m.left + pw / 2), y: H - 6, 'text-anchor': 'middle', fill: 'currentColor' }, 'Sprints (0 = the last finished one)'));
  axes.push(
    el('text', { x: 12, y: r1(m.top + ph / 2), 'text-anchor': 'middle', fill: 'currentColor', transform: `rotate(-90 12 ${r1(m.top + ph / 2)})` }, burnUp.unit === 'points' ? 'Points' : 'Items'),
  );
  // Today: between the past and the future.
  axes.push(el('line', { class: 'today', x1: x(past.length), x2: x(past.length), y1: m.top, y2: m.top + ph, stroke: 'currentColor', 'stroke-opacity': '0.5', 'stroke-dasharray': '2 3' }));
  axes.push(el('text', { x: r1(x(past.length) + 4), y: m.top + 10, fill: 'currentColor' }, 'now'));
  children.push(el('g', { 'aria-hidden': 'true' }, ...axes));
  // Scope.
  children.push(
    el(
      'line',
      { class: 'scope', x1: m.left, x2: W - m.right, y1: y(burnUp.scope), y2: y(burnUp.scope), stroke: FALLBACK.scope, 'stroke-width': '1.5', 'stroke-dasharray': '1 3', 'stroke-linecap': 'round' },
      el('title', {}, `Scope: ${num(burnUp.scope)} ${burnUp.unit}`),
    ),
  );
  // Done so far (from 0 before the first past sprint).
  const donePts = [`${x(0)},${y(0)}`, ...past.map((p, i) => `${x(i + 1)},${y(p.cumulative)}`)];
  children.push(el('polyline', { class: 'done', points: donePts.join(' '), fill: 'none', stroke: FALLBACK.done, 'stroke-width': '2.5', 'stroke-linejoin': 'round' }));
  past.forEach((p, i) => {
    children.push(el('circle', { class: 'done-dot', cx: x(i + 1), cy: y(p.cumulative), r: 3, fill: FALLBACK.done }, el('title', {}, `${p.label}: ${num(p.cumulative)} ${burnUp.unit} done in all`)));
  });
  // The forecast lines start where the done line ends.
  for (const key of ['p50', 'p85'] as const) {
    const pts = [`${x(past.length)},${y(burnUp.done)}`, ...future.map((f) => `${x(past.length + f.sprint)},${y(f[key])}`)];
    const dash: Attrs = key === 'p85' ? { 'stroke-dasharray': '6 4' } : {};
    children.push(el('polyline', { class: key, points: pts.join(' '), fill: 'none', stroke: FALLBACK[key], 'stroke-width': '2', 'stroke-linejoin': 'round', ...dash }));
    const hit = reachesScope(burnUp, key);
    if (hit) {
      const label = `${key === 'p50' ? '50%' : '85%'}: all done by sprint ${hit.sprint}${hit.date ? `, ${hit.date}` : ''}`;
      children.push(el('circle', { class: `${key}-dot`, cx: x(past.length + hit.sprint), cy: y(burnUp.scope), r: 4, fill: FALLBACK[key] }, el('title', {}, label)));
    }
  }
  // Legend (top), each entry a line sample in its pattern and a text.
  const legend: [keyof typeof FALLBACK, string, Attrs][] = [
    ['done', 'Done', { 'stroke-width': '2.5' }],
    ['scope', 'Scope', { 'stroke-width': '1.5', 'stroke-dasharray': '1 3', 'stroke-linecap': 'round' }],
    ['p50', '50% forecast', { 'stroke-width': '2' }],
    ['p85', '85% forecast', { 'stroke-width': '2', 'stroke-dasharray': '6 4' }],
  ];
  const entries: SvgNode[] = [];
  let lx = m.left;
  for (const [cls, text, attrs] of legend) {
    entries.push(el('line', { class: cls, x1: lx, x2: lx + 22, y1: 14, y2: 14, stroke: FALLBACK[cls], ...attrs }));
    entries.push(el('text', { x: lx + 27, y: 18, fill: 'currentColor' }, text));
    lx += 27 + text.length * 6.2 + 18;
  }
  children.push(el('g', { class: 'legend', 'aria-hidden': 'true' }, ...entries));
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'burnup',
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'font-family': 'system-ui, sans-serif',
      'font-size': '11',
    },
    ...children,
  );
}
