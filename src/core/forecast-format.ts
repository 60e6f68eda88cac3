// The forecast as the CLI prints it: JSON (the shape of issue #13, documented in docs/FORECAST.md), plain text and
// Markdown (a pull-request comment or a wiki page). Pure: a Forecast in, text out.
import { escapeMarkdown } from './escape';
import type { Forecast, ItemForecast } from './forecast';

export interface ForecastJson {
  readonly file: string;
  readonly mode: Forecast['mode'];
  readonly source: Forecast['source'];
  readonly samples: readonly number[];
  readonly sampleLabels: readonly string[];
  readonly sprintLengthDays: number;
  readonly trials: number;
  readonly seed: number;
  readonly insufficientData: false | string;
  /** The first day of sprint 1, or null when sprint dates are not known. */
  readonly sprint1Start: string | null;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly items: readonly {
    readonly rank: number;
    readonly id: string | null;
    readonly title: string;
    readonly estimate: number | null;
    /** Velocity mode, item without an estimate: the median estimate it was counted as; else null. */
    readonly assumedEstimate: number | null;
    readonly sprint: ItemForecast['sprint'];
    readonly date: ItemForecast['date'];
  }[];
}

/** The JSON document of `backlog forecast --format json`. */
export function forecastJson(file: string, f: Forecast): ForecastJson {
  return {
    file,
    mode: f.mode,
    source: f.source,
    samples: f.samples,
    sampleLabels: f.sampleLabels,
    sprintLengthDays: f.sprintLengthDays,
    trials: f.trials,
    seed: f.seed,
    insufficientData: f.insufficientData,
    sprint1Start: f.sprint1Start,
    warnings: f.warnings,
    notes: f.notes,
    items: f.items.map((i) => ({ rank: i.rank, id: i.id, title: i.title, estimate: i.estimate, assumedEstimate: i.assumedEstimate, sprint: i.sprint, date: i.date })),
  };
}

const SOURCE_NAMES: Readonly<Record<Forecast['source'], string>> = {
  git: 'the git history of the file',
  sprints: 'the sprint groups of the file',
  config: 'the configuration',
};

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** `6 past sprints of velocity from the git history of the file, 10,000 trials (seed 1)`. */
export function describeMethod(f: Forecast): string {
  const n = f.samples.length;
  return `${fmt(n)} past sprint${n === 1 ? '' : 's'} of ${f.mode} from ${SOURCE_NAMES[f.source]}, ${fmt(f.trials)} trials (seed ${f.seed})`;
}

/** `sprint 3 (2026-11-13)`, or `after sprint 1000`. */
function when(f: ItemForecast, p: 'p50' | 'p85' | 'p95'): string {
  const s = f.sprint[p];
  if (s === null) return 'later';
  const d = f.date?.[p];
  return d ? `${s} (${d})` : String(s);
}

const estimateCell = (f: ItemForecast) => (f.estimate !== null ? fmt(f.estimate) : f.assumedEstimate !== null ? `(${fmt(f.assumedEstimate)})` : '-');

/** Removes terminal control characters (titles come from the file). */
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/** Plain text: a header, the warnings, then one row per open item. */
export function formatForecastText(file: string, f: Forecast): string {
  const out: string[] = [];
  const unit = f.mode === 'velocity' ? 'points' : 'items';
  out.push(`${printable(file)}: forecast from ${describeMethod(f)}`);
  if (f.samples.length > 0) out.push(`Past sprints (${unit}, oldest first): ${f.samples.map(fmt).join(', ')}`);
  for (const n of f.notes) out.push(`note: ${printable(n)}`);
  if (f.insufficientData) {
    out.push(`Insufficient data: ${f.insufficientData}.`);
    return `${out.join('\n')}\n`;
  }
  out.push(f.sprint1Start ? `Sprint 1 starts ${f.sprint1Start}; sprints of ${f.sprintLengthDays} days.` : `Sprint 1 is the next sprint; no sprint dates are known (set "sprintStart" or date the sprint groups).`);
  for (const w of f.warnings) out.push(`warning: ${w}`);
  out.push('');
  if (f.items.length === 0) {
    out.push('No open items: everything is done.');
    return `${out.join('\n')}\n`;
  }
  const header = ['RANK', 'ID', 'TITLE', f.mode === 'velocity' ? 'EST' : '', '50%', '85%', '95%'];
  const rows = f.items.map((i) => [String(i.rank), i.id === null ? '-' : printable(i.id), truncate(printable(i.title) || '(untitled)', 44), f.mode === 'velocity' ? estimateCell(i) : '', when(i, 'p50'), when(i, 'p85'), when(i, 'p95')]);
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, [...r[c]].length), [...h].length));
  const right = new Set([0, 3]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (widths[c] === 0 ? null : right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .filter((c) => c !== null)
      .join('  ')
      .trimEnd();
  out.push(line(header));
  for (const r of rows) out.push(line(r));
  out.push('', 'The sprint in which each item is done with 50%, 85% and 95% confidence (sprint 1 is the current or next sprint).');
  if (f.items.some((i) => i.assumedEstimate !== null)) out.push('An estimate in parentheses is the median estimate, assumed for an item without one.');
  return `${out.join('\n')}\n`;
}

function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

/** Markdown: a heading, the method, the warnings and a table of the open items. */
export function formatForecastMarkdown(file: string, f: Forecast): string {
  const out: string[] = [`## Forecast: ${escapeMarkdown(file)}`, '', `From ${escapeMarkdown(describeMethod(f))}.`, ''];
  if (f.insufficientData) {
    out.push(`**Insufficient data:** ${escapeMarkdown(f.insufficientData)}.`, '');
    return `${out.join('\n')}`;
  }
  if (f.sprint1Start) out.push(`Sprint 1 starts ${f.sprint1Start}; sprints of ${f.sprintLengthDays} days.`, '');
  for (const w of f.warnings) out.push(`> **Warning:** ${escapeMarkdown(w)}`, '');
  if (f.items.length === 0) {
    out.push('No open items: everything is done.', '');
    return out.join('\n');
  }
  const velocity = f.mode === 'velocity';
  out.push(`| Rank | ID | Title |${velocity ? ' Estimate |' : ''} 50% | 85% | 95% |`, `|---:|---|---|${velocity ? '---:|' : ''}---|---|---|`);
  for (const i of f.items) {
    const cells = [String(i.rank), i.id === null ? '' : escapeMarkdown(i.id), escapeMarkdown(i.title)];
    if (velocity) cells.push(escapeMarkdown(estimateCell(i)));
    cells.push(when(i, 'p50'), when(i, 'p85'), when(i, 'p95'));
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('', 'The sprint in which each item is done with 50%, 85% and 95% confidence (sprint 1 is the current or next sprint).');
  if (f.items.some((i) => i.assumedEstimate !== null)) out.push('An estimate in parentheses is the median estimate, assumed for an item without one.');
  out.push('');
  return out.join('\n');
}
