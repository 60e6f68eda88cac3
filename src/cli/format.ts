// Output formats of the CLI, as pure functions: `backlog lint` (stylish, json, sarif) and `backlog list` (text, json).
import type { Rule } from '../core/lint';
import type { Backlog, BacklogItem, Finding, Severity, TextEdit } from '../core/model';
import { LineIndex } from '../core/text';

/** A text edit with 1-based positions (end exclusive), as `backlog lint --format json` prints suggestions. */
export interface ProblemEdit {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The text that replaces the range (placeholders such as `[role]` left for a person to fill in). */
  readonly text: string;
}

/** A suggestion of a finding: what a person may apply in the editor; `--fix` never applies it. */
export interface ProblemSuggestion {
  readonly title: string;
  readonly edits: readonly ProblemEdit[];
}

/** One finding with 1-based positions, as `backlog lint --format json` prints it. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Whether `--fix` (and the editor's Fix All) repairs it. */
  readonly fixable: boolean;
  /** Proposals a person applies one at a time (quick fixes in the editor); `--fix` never applies them. */
  readonly suggestions: readonly ProblemSuggestion[];
}

/** Findings of one file with line/column (UTF-16 code units, as editors count; a BOM is not a column). */
export function toProblems(file: string, text: string, findings: readonly Finding[]): Problem[] {
  const index = new LineIndex(text);
  const bom = text.charCodeAt(0) === 0xfeff;
  const pos = (offset: number) => {
    const p = index.position(Math.max(0, Math.min(offset, text.length)));
    return bom && p.line === 1 ? { line: 1, column: Math.max(1, p.column - 1) } : p;
  };
  const edit = (e: TextEdit): ProblemEdit => {
    const start = pos(e.start);
    const end = pos(Math.max(e.start, e.end));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, text: e.newText };
  };
  return findings.map((f) => {
    const start = pos(f.span.start);
    const end = pos(Math.max(f.span.start, f.span.end));
    return {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      fixable: f.fixes.some((x) => x.edits.length > 0),
      suggestions: f.suggestions.filter((x) => x.edits.length > 0).map((x) => ({ title: x.title, edits: x.edits.map(edit) })),
    };
  });
}

/**
 * Text as it may reach a terminal: terminal escape sequences (colours, cursor moves, titles, hyperlinks) removed,
 * other control characters and the bidirectional overrides that can disguise text (U+202A–U+202E, U+2066–U+2069)
 * removed, line breaks and tabs as one space. A title in a backlog must not be able to drive the user's terminal.
 * JSON and SARIF need none of this: JSON escapes control characters itself.
 */
export function printable(text: string): string {
  return text
    .replace(/\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~])|\u009b[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\t\n\r\v\f]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

export function formatJson(problems: readonly Problem[]): string {
  return `${JSON.stringify(problems, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------- stylish

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Terminal width of a string: wide East Asian characters and emoji take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x300 && c <= 0x36f)) continue;
    w += /\p{Extended_Pictographic}|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) && c > 0xff ? 2 : 1;
  }
  return w;
}

const padEnd = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
const padStart = (s: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;

export interface StylishOptions {
  readonly color?: boolean;
}

/** ESLint's "stylish": a header per file, `line:col  severity  message  rule-id`, and a summary. */
export function formatStylish(problems: readonly Problem[], options: StylishOptions = {}): string {
  const paint = (code: string) => (s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const dim = paint('2');
  const underline = paint('4');
  const sev: Record<Severity, (s: string) => string> = { error: paint('31'), warning: paint('33'), info: paint('36') };
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const list = byFile.get(p.file) ?? [];
    list.push(p);
    byFile.set(p.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push('', underline(printable(file)));
    const rows = list.map((p) => [`${p.line}:${p.column}`, p.severity, printable(p.message), printable(p.ruleId)] as const);
    // reduce, not a spread into Math.max: more than ~125,000 arguments overflow the stack.
    const w0 = rows.reduce((w, r) => Math.max(w, r[0].length), 0);
    const w1 = rows.reduce((w, r) => Math.max(w, r[1].length), 0);
    const w2 = rows.reduce((w, r) => Math.max(w, displayWidth(r[2])), 0);
    for (const [loc, severity, message, rule] of rows) {
      out.push(`  ${dim(padEnd(loc, w0))}  ${sev[severity](padEnd(severity, w1))}  ${padEnd(message, w2)}  ${dim(rule)}`);
    }
  }
  if (problems.length > 0) {
    const count = (s: Severity) => problems.filter((p) => p.severity === s).length;
    const errors = count('error');
    const parts = [plural(errors, 'error'), plural(count('warning'), 'warning')];
    if (count('info') > 0) parts.push(plural(count('info'), 'info'));
    const mark = errors > 0 ? sev.error('✖') : sev.warning('⚠');
    out.push('', `${mark} ${plural(problems.length, 'problem')} (${parts.join(', ')})`);
    const fixable = problems.filter((p) => p.fixable).length;
    if (fixable > 0) out.push(`  ${fixable === 1 ? '1 problem is' : `${fixable} problems are`} fixable with --fix`);
    const suggested = problems.filter((p) => !p.fixable && p.suggestions.length > 0).length;
    if (suggested > 0) out.push(`  ${suggested === 1 ? '1 problem has' : `${suggested} problems have`} suggestions: quick fixes in the editor, listed by --format json`);
    out.push('');
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------- SARIF

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  /** Home page of the tool (the repository). */
  readonly informationUri: string;
  /** Base for rule documentation: `${docsBase}/<rule-id>.md`. */
  readonly docsBase: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative URI reference with forward slashes, each segment percent-encoded. */
export function toUriReference(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg)))
    .join('/');
}

/** SARIF 2.1.0 log for GitHub code scanning: one run, the rule catalogue, one result per finding. */
export function formatSarif(problems: readonly Problem[], rules: readonly Pick<Rule, 'id' | 'description' | 'defaultSeverity'>[], tool: ToolInfo): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              helpUri: `${tool.docsBase}/${r.id}.md`,
              help: { text: `${r.description} See ${tool.docsBase}/${r.id}.md` },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.ruleId,
          ...(ruleIndex.has(p.ruleId) ? { ruleIndex: ruleIndex.get(p.ruleId) } : {}),
          level: LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUriReference(p.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
              },
            },
          ],
          // Suggestions are SARIF's proposed fixes: a viewer may offer them, nothing applies them on its own.
          ...(p.suggestions.length > 0
            ? {
                fixes: p.suggestions.map((x) => ({
                  description: { text: x.title },
                  artifactChanges: [
                    {
                      artifactLocation: { uri: toUriReference(p.file), uriBaseId: '%SRCROOT%' },
                      replacements: x.edits.map((e) => ({
                        deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
                        insertedContent: { text: e.text },
                      })),
                    },
                  ],
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------- list

export interface ListedItem {
  readonly rank: number;
  readonly id: string | null;
  readonly title: string;
  readonly line: number;
  readonly group: string | null;
  readonly priority: number | string | null;
  readonly estimate: number | string | null;
  readonly status: string | null;
  readonly value: { readonly role: string | null; readonly want: string; readonly benefit: string | null } | null;
  readonly criteria: readonly { readonly text: string; readonly done: boolean | null }[];
  readonly dependsOn: readonly string[];
}

export interface Listing {
  readonly file: string;
  readonly shape: Backlog['shape'];
  readonly items: readonly ListedItem[];
}

/** The items of a parsed backlog, as `backlog list --format json` prints them. */
export function toListing(file: string, backlog: Backlog, items: readonly BacklogItem[] = backlog.items): Listing {
  const index = new LineIndex(backlog.source);
  return {
    file,
    shape: backlog.shape,
    items: items.map((item) => ({
      rank: item.rank,
      id: item.id,
      title: item.title,
      line: index.position(item.titleSpan.start).line,
      group: item.group,
      priority: item.priority ? (item.priority.value ?? item.priority.raw.trim()) : null,
      estimate: item.estimate ? (item.estimate.value ?? item.estimate.raw.trim()) : null,
      status: item.status ? (item.status.kind ?? item.status.raw.trim()) : null,
      value: item.value ? { role: item.value.role, want: item.value.want, benefit: item.value.benefit } : null,
      criteria: item.criteria.map((c) => ({ text: c.text, done: c.done })),
      dependsOn: item.dependsOn.map((d) => d.id),
    })),
  };
}

export function formatListJson(listing: Listing): string {
  return `${JSON.stringify(listing, null, 2)}\n`;
}

/** Cuts a string to `width` terminal columns, ending in `…` when cut. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** An aligned table: rank, ID, title (cut to `titleWidth`), status, estimate, priority; then `summary` or the count. */
export function formatListText(listing: Listing, titleWidth = 50, summary?: string): string {
  const file = printable(listing.file);
  if (listing.items.length === 0) return `${file}: ${summary ?? 'no items'}\n`;
  const header = ['RANK', 'ID', 'TITLE', 'STATUS', 'ESTIMATE', 'PRIORITY'];
  const rows = listing.items.map((i) => [
    String(i.rank),
    i.id === null ? '-' : printable(i.id),
    truncate(printable(i.title) || '(untitled)', titleWidth),
    i.status === null ? '-' : printable(i.status),
    i.estimate === null ? '-' : printable(String(i.estimate)),
    i.priority === null ? '-' : printable(String(i.priority)),
  ]);
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, displayWidth(r[c])), displayWidth(h)));
  // Rank, estimate and priority are right-aligned; the last column is not padded.
  const right = new Set([0, 4, 5]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (right.has(c) ? padStart(cell, widths[c]) : c === cells.length - 1 ? cell : padEnd(cell, widths[c])))
      .join('  ')
      .trimEnd();
  const shape = listing.shape ? `, ${listing.shape} items` : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${summary ?? `${plural(listing.items.length, 'item')} in ${file}${shape}`}\n`;
}
