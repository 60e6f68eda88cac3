// Messages between the board webview and the extension host, and the validators both ends run on what they receive.
// Imported by both sides: no `vscode`, no DOM, no Node built-ins.
//
// The webview sends intents only (move this item, toggle that criterion); the host plans the text edits with the
// core, applies them if `version` is still the document's version, and answers with the next `backlogDidChange`
// (or `editRejected`). The document is the model: the webview never patches its own state.
//
// Both ends treat what they receive as untrusted: `parseWebviewMessage` and `parseHostMessage` accept exactly the
// shapes below (plain objects, no extra keys, safe non-negative integers, bounded single-line strings where a line
// of markdown is written) and return a fresh object, or null for anything else.
import type { ItemShape, Severity, StatusKind } from '../core/model';

// ---------------------------------------------------------------------------------------------- the snapshot

/** A finding as the board shows it. */
export interface BoardProblem {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface BoardCriterion {
  readonly text: string;
  /** true `[x]`, false `[ ]`, null when written without a checkbox (toggling adds one). */
  readonly done: boolean | null;
}

export interface BoardValue {
  readonly role: string | null;
  readonly want: string;
  readonly benefit: string | null;
}

export interface BoardItem {
  /** 0-based position in document order; the index every intent names. */
  readonly index: number;
  /** 1-based rank (index + 1). */
  readonly rank: number;
  readonly id: string | null;
  readonly title: string;
  /** The status as written and its normalised kind (null when the word is not recognised). */
  readonly status: { readonly raw: string; readonly kind: StatusKind | null } | null;
  /** The estimate as written (`3 SP`, `½`). */
  readonly estimate: string | null;
  readonly owner: string | null;
  /** Innermost group title, or null. */
  readonly group: string | null;
  /** Index into `BoardSnapshot.groups`, or -1. */
  readonly groupIndex: number;
  readonly value: BoardValue | null;
  readonly criteria: readonly BoardCriterion[];
  /** Checked criteria / all criteria. */
  readonly progress: { readonly done: number; readonly total: number };
  readonly problems: readonly BoardProblem[];
}

export interface BoardGroup {
  readonly title: string;
  /** Titles of the enclosing groups and this one, outermost first. */
  readonly path: readonly string[];
  /** Indexes of the items whose innermost group this is, in document order. */
  readonly items: readonly number[];
}

/** The forecast as the board shows it (docs/FORECAST.md): the burn-up chart's data and the sprint dividers. */
export interface BoardForecast {
  /** One line: the history it was drawn from and when everything open is done at 85%. */
  readonly summary: string;
  /** Open items: the sprint (1 = the next or current one) in which each is done at 50% and 85%; null beyond the horizon. */
  readonly items: readonly { readonly index: number; readonly p50: number | null; readonly p85: number | null }[];
  /** Where each sprint ends at 85%: after the item at `afterIndex`. */
  readonly dividers: readonly { readonly afterIndex: number; readonly sprint: number; readonly date: string | null }[];
  /** The burn-up chart's data (core BurnUp): drawn in the webview from the core's burnUpTree. */
  readonly burnUp: {
    readonly unit: 'points' | 'items';
    readonly past: readonly { readonly label: string; readonly cumulative: number }[];
    readonly done: number;
    readonly scope: number;
    readonly future: readonly { readonly sprint: number; readonly date: string | null; readonly p50: number; readonly p85: number }[];
  };
}

/** Everything the board renders, as plain JSON. Built host-side by `toBoardSnapshot`. */
export interface BoardSnapshot {
  /** The backlog file's name (`BACKLOG.md`), for the title. */
  readonly fileName: string;
  readonly shape: ItemShape | null;
  readonly groups: readonly BoardGroup[];
  /** In document (rank) order: `items[i].index === i`. */
  readonly items: readonly BoardItem[];
  /** File-level problems (findings with `itemIndex === -1`). */
  readonly problems: readonly BoardProblem[];
  /** The forecast, or null (no history yet, too little history, or not computed yet). */
  readonly forecast: BoardForecast | null;
}

// ---------------------------------------------------------------------------------------------- messages

export type EditRejectedReason = 'stale' | 'invalid' | 'failed';

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'backlogDidChange'; readonly version: number; readonly snapshot: BoardSnapshot }
  | { readonly type: 'editRejected'; readonly reason: EditRejectedReason; readonly message: string }
  | { readonly type: 'focusItem'; readonly index: number }
  /**
   * No backlog to show: the workspace is still being scanned, has none, or has several and none is active (then
   * `files` names them, workspace-relative, for the webview to offer; `chooseBacklog` answers with an index).
   */
  | { readonly type: 'noBacklog'; readonly reason: NoBacklogReason; readonly files: readonly string[] };

export type NoBacklogReason = 'loading' | 'none' | 'choose';

/** Commands the board's empty states offer. */
export type BoardCommand = 'createBacklog' | 'openSettings' | 'openBacklog';

export type SettableField = 'status' | 'estimate';

export type Decision = 'accept' | 'reject';

/**
 * Webview → host: intents. Indexes are 0-based item and criterion positions in the snapshot of `version`;
 * `moveItem.to` / `moveCriterion.to` are the final positions. `newItem.rank` is 1-based (items.length + 1 appends).
 */
export type WebviewMessage =
  | { readonly type: 'webviewDidLoad' }
  | { readonly type: 'moveItem'; readonly version: number; readonly from: number; readonly to: number }
  | { readonly type: 'toggleCriterion'; readonly version: number; readonly item: number; readonly criterion: number }
  | { readonly type: 'editCriterion'; readonly version: number; readonly item: number; readonly criterion: number; readonly text: string }
  | { readonly type: 'addCriterion'; readonly version: number; readonly item: number; readonly text: string }
  | { readonly type: 'removeCriterion'; readonly version: number; readonly item: number; readonly criterion: number }
  | { readonly type: 'moveCriterion'; readonly version: number; readonly item: number; readonly from: number; readonly to: number }
  | { readonly type: 'setValueStatement'; readonly version: number; readonly item: number; readonly role: string; readonly want: string; readonly benefit: string }
  | { readonly type: 'setField'; readonly version: number; readonly item: number; readonly field: SettableField; readonly value: string }
  | { readonly type: 'newItem'; readonly version: number; readonly rank: number; readonly title: string }
  /** Move item `item` into group `group` (an index into the snapshot's `groups`): after its last item, or into it when empty. */
  | { readonly type: 'moveToGroup'; readonly version: number; readonly item: number; readonly group: number }
  | { readonly type: 'revealItem'; readonly item: number }
  /** Show the backlog `files[file]` of the last `noBacklog` message. */
  | { readonly type: 'chooseBacklog'; readonly file: number }
  | { readonly type: 'runCommand'; readonly command: BoardCommand }
  /** Accept or reject the item (the host shows the checklist or asks for the reason, then edits `version`). */
  | { readonly type: 'decideItem'; readonly version: number; readonly item: number; readonly decision: Decision };

export type WebviewMessageType = WebviewMessage['type'];
export type HostMessageType = HostMessage['type'];

/** Longest string a webview message may carry (a criterion, a title, a field value). */
export const MAX_TEXT = 10_000;
/** Longest string a host message may carry (a title or criterion as written can be long; a snapshot is trusted more). */
export const MAX_HOST_TEXT = 100_000;
/** Most items (and criteria per item, problems per item) a snapshot may carry. */
export const MAX_HOST_LIST = 100_000;

const STATUS_KINDS: ReadonlySet<string> = new Set<StatusKind>(['todo', 'refining', 'ready', 'in-progress', 'review', 'done', 'accepted', 'rejected']);
const SHAPES: ReadonlySet<string> = new Set<ItemShape>(['heading', 'list', 'table']);
const SEVERITIES: ReadonlySet<string> = new Set<Severity>(['error', 'warning', 'info']);
const REASONS: ReadonlySet<string> = new Set<EditRejectedReason>(['stale', 'invalid', 'failed']);
const FIELDS: ReadonlySet<string> = new Set<SettableField>(['status', 'estimate']);
const NO_BACKLOG: ReadonlySet<string> = new Set<NoBacklogReason>(['loading', 'none', 'choose']);
const UNITS: ReadonlySet<string> = new Set(['points', 'items']);
const DECISIONS: ReadonlySet<string> = new Set<Decision>(['accept', 'reject']);
const COMMANDS: ReadonlySet<string> = new Set<BoardCommand>(['createBacklog', 'openSettings', 'openBacklog']);
/** At most this many files are offered in the board's picker. */
export const MAX_CHOICES = 200;

// ---------------------------------------------------------------------------------------------- validation helpers

/** Thrown inside the validators only; the parse functions turn it into null. */
class Invalid extends Error {}
const invalid = (why: string): never => {
  throw new Invalid(why);
};

/** A plain object (`{}` or `Object.create(null)`) with exactly `keys` as own enumerable data properties. */
function record(raw: unknown, keys: readonly string[]): Readonly<Record<string, unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('not an object');
  const proto = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return invalid('not a plain object');
  // Own names include non-enumerable ones; an own `__proto__` key (JSON.parse makes those) is one too many.
  const names = Object.getOwnPropertyNames(raw);
  if (names.length !== keys.length || Object.getOwnPropertySymbols(raw).length !== 0) return invalid('unexpected keys');
  for (const k of keys) {
    const d = Object.getOwnPropertyDescriptor(raw, k);
    // Accessors could run code or answer differently on each read.
    if (d === undefined || d.get !== undefined || d.set !== undefined || !d.enumerable) return invalid(`missing or unusual ${k}`);
  }
  return raw as Record<string, unknown>;
}

/** A safe integer ≥ min. */
function int(v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) return invalid('not a safe integer in range');
  // -0 is an integer ≥ 0, but not one a sender means.
  return v === 0 ? 0 : v;
}

// C0 controls other than tab, DEL, NEL and the Unicode line/paragraph separators: none belongs on one markdown line.
const LINE_BREAK_OR_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/;

function str(v: unknown, max: number): string {
  if (typeof v !== 'string' || v.length > max) return invalid('not a string of allowed length');
  return v;
}

/** A string that is written on one line of the document. */
function line(v: unknown, max = MAX_TEXT): string {
  const s = str(v, max);
  if (LINE_BREAK_OR_CONTROL.test(s)) return invalid('line break or control character');
  return s;
}

/** A single line with something in it: an empty criterion or title cannot be written. */
function nonEmptyLine(v: unknown): string {
  const s = line(v);
  if (s.trim() === '') return invalid('empty');
  return s;
}

function oneOf<T extends string>(v: unknown, allowed: ReadonlySet<string>): T {
  if (typeof v !== 'string' || !allowed.has(v)) return invalid('not an allowed value');
  return v as T;
}

function nullable<T>(v: unknown, read: (v: unknown) => T): T | null {
  return v === null ? null : read(v);
}

function list<T>(v: unknown, read: (v: unknown, i: number) => T, max = MAX_HOST_LIST): T[] {
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || v.length > max) return invalid('not an array');
  // Own keys must be exactly the indexes plus `length`: no holes, no extra properties.
  if (Reflect.ownKeys(v).length !== v.length + 1) return invalid('sparse or decorated array');
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) out.push(read(v[i], i));
  return out;
}

function bool(v: unknown): boolean {
  if (typeof v !== 'boolean') return invalid('not a boolean');
  return v;
}

// ---------------------------------------------------------------------------------------------- webview → host

type Reader<T> = (m: Readonly<Record<string, unknown>>) => T;

const webviewReaders: { readonly [K in WebviewMessageType]: readonly [readonly string[], Reader<Extract<WebviewMessage, { type: K }>>] } = {
  webviewDidLoad: [[], () => ({ type: 'webviewDidLoad' })],
  moveItem: [['version', 'from', 'to'], (m) => ({ type: 'moveItem', version: int(m.version), from: int(m.from), to: int(m.to) })],
  toggleCriterion: [
    ['version', 'item', 'criterion'],
    (m) => ({ type: 'toggleCriterion', version: int(m.version), item: int(m.item), criterion: int(m.criterion) }),
  ],
  editCriterion: [
    ['version', 'item', 'criterion', 'text'],
    (m) => ({ type: 'editCriterion', version: int(m.version), item: int(m.item), criterion: int(m.criterion), text: nonEmptyLine(m.text) }),
  ],
  addCriterion: [['version', 'item', 'text'], (m) => ({ type: 'addCriterion', version: int(m.version), item: int(m.item), text: nonEmptyLine(m.text) })],
  removeCriterion: [
    ['version', 'item', 'criterion'],
    (m) => ({ type: 'removeCriterion', version: int(m.version), item: int(m.item), criterion: int(m.criterion) }),
  ],
  moveCriterion: [
    ['version', 'item', 'from', 'to'],
    (m) => ({ type: 'moveCriterion', version: int(m.version), item: int(m.item), from: int(m.from), to: int(m.to) }),
  ],
  setValueStatement: [
    ['version', 'item', 'role', 'want', 'benefit'],
    (m) => ({ type: 'setValueStatement', version: int(m.version), item: int(m.item), role: line(m.role), want: line(m.want), benefit: line(m.benefit) }),
  ],
  setField: [
    ['version', 'item', 'field', 'value'],
    (m) => ({ type: 'setField', version: int(m.version), item: int(m.item), field: oneOf<SettableField>(m.field, FIELDS), value: line(m.value) }),
  ],
  newItem: [['version', 'rank', 'title'], (m) => ({ type: 'newItem', version: int(m.version), rank: int(m.rank, 1), title: nonEmptyLine(m.title) })],
  moveToGroup: [['version', 'item', 'group'], (m) => ({ type: 'moveToGroup', version: int(m.version), item: int(m.item), group: int(m.group) })],
  revealItem: [['item'], (m) => ({ type: 'revealItem', item: int(m.item) })],
  chooseBacklog: [['file'], (m) => ({ type: 'chooseBacklog', file: int(m.file) })],
  runCommand: [['command'], (m) => ({ type: 'runCommand', command: oneOf<BoardCommand>(m.command, COMMANDS) })],
  decideItem: [
    ['version', 'item', 'decision'],
    (m) => ({ type: 'decideItem', version: int(m.version), item: int(m.item), decision: oneOf<Decision>(m.decision, DECISIONS) }),
  ],
};

/** Validates a message from the webview. Returns a fresh, well-typed copy, or null (log and ignore it). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | null {
  return parse(raw, webviewReaders as unknown as Readonly<Record<string, readonly [readonly string[], Reader<WebviewMessage>]>>);
}

// ---------------------------------------------------------------------------------------------- host → webview

const problem = (v: unknown): BoardProblem => {
  const p = record(v, ['ruleId', 'severity', 'message']);
  return { ruleId: str(p.ruleId, MAX_HOST_TEXT), severity: oneOf<Severity>(p.severity, SEVERITIES), message: str(p.message, MAX_HOST_TEXT) };
};

const criterion = (v: unknown): BoardCriterion => {
  const c = record(v, ['text', 'done']);
  return { text: str(c.text, MAX_HOST_TEXT), done: nullable(c.done, bool) };
};

const hostText = (v: unknown): string => str(v, MAX_HOST_TEXT);

function item(v: unknown, i: number, groupCount: number): BoardItem {
  const it = record(v, ['index', 'rank', 'id', 'title', 'status', 'estimate', 'owner', 'group', 'groupIndex', 'value', 'criteria', 'progress', 'problems']);
  const index = int(it.index);
  if (index !== i) invalid('items out of order');
  const rank = int(it.rank, 1);
  if (rank !== index + 1) invalid('rank is not index + 1');
  const groupIndex = int(it.groupIndex, -1);
  if (groupIndex >= groupCount) invalid('groupIndex out of range');
  const criteria = list(it.criteria, criterion);
  const pr = record(it.progress, ['done', 'total']);
  const progress = { done: int(pr.done), total: int(pr.total) };
  if (progress.total !== criteria.length || progress.done > progress.total) invalid('progress does not match the criteria');
  return {
    index,
    rank,
    id: nullable(it.id, hostText),
    title: hostText(it.title),
    status: nullable(it.status, (s) => {
      const st = record(s, ['raw', 'kind']);
      return { raw: hostText(st.raw), kind: nullable(st.kind, (k) => oneOf<StatusKind>(k, STATUS_KINDS)) };
    }),
    estimate: nullable(it.estimate, hostText),
    owner: nullable(it.owner, hostText),
    group: nullable(it.group, hostText),
    groupIndex,
    value: nullable(it.value, (x) => {
      const val = record(x, ['role', 'want', 'benefit']);
      return { role: nullable(val.role, hostText), want: hostText(val.want), benefit: nullable(val.benefit, hostText) };
    }),
    criteria,
    progress,
    problems: list(it.problems, problem),
  };
}

/** A finite number from 0 up (amounts of work; estimates may be fractions). */
function amount(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return invalid('not a non-negative number');
  return v;
}

function forecastOf(v: unknown, itemCount: number): BoardForecast {
  const f = record(v, ['summary', 'items', 'dividers', 'burnUp']);
  const inRange = (n: number) => (n < itemCount ? n : invalid('forecast names a missing item'));
  const b = record(f.burnUp, ['unit', 'past', 'done', 'scope', 'future']);
  return {
    summary: hostText(f.summary),
    items: list(f.items, (x) => {
      const it = record(x, ['index', 'p50', 'p85']);
      return { index: inRange(int(it.index)), p50: nullable(it.p50, (n) => int(n, 1)), p85: nullable(it.p85, (n) => int(n, 1)) };
    }),
    dividers: list(f.dividers, (x) => {
      const d = record(x, ['afterIndex', 'sprint', 'date']);
      return { afterIndex: inRange(int(d.afterIndex)), sprint: int(d.sprint, 1), date: nullable(d.date, hostText) };
    }),
    burnUp: {
      unit: oneOf<'points' | 'items'>(b.unit, UNITS),
      past: list(b.past, (x) => {
        const p = record(x, ['label', 'cumulative']);
        return { label: hostText(p.label), cumulative: amount(p.cumulative) };
      }, 10_000),
      done: amount(b.done),
      scope: amount(b.scope),
      future: list(b.future, (x) => {
        const p = record(x, ['sprint', 'date', 'p50', 'p85']);
        return { sprint: int(p.sprint, 1), date: nullable(p.date, hostText), p50: amount(p.p50), p85: amount(p.p85) };
      }, 10_000),
    },
  };
}

/** Validates a whole snapshot; throws Invalid. */
function snapshot(v: unknown): BoardSnapshot {
  const s = record(v, ['fileName', 'shape', 'groups', 'items', 'problems', 'forecast']);
  const groups = list(s.groups, (g) => {
    const gr = record(g, ['title', 'path', 'items']);
    return { title: hostText(gr.title), path: list(gr.path, hostText, 1000), items: list(gr.items, (n) => int(n)) };
  });
  const items = list(s.items, (x, i) => item(x, i, groups.length));
  for (const g of groups) for (const n of g.items) if (n >= items.length) invalid('group names a missing item');
  return {
    fileName: hostText(s.fileName),
    shape: nullable(s.shape, (x) => oneOf<ItemShape>(x, SHAPES)),
    groups,
    items,
    problems: list(s.problems, problem),
    forecast: nullable(s.forecast, (f) => forecastOf(f, items.length)),
  };
}

const hostReaders: { readonly [K in HostMessageType]: readonly [readonly string[], Reader<Extract<HostMessage, { type: K }>>] } = {
  backlogDidChange: [['version', 'snapshot'], (m) => ({ type: 'backlogDidChange', version: int(m.version), snapshot: snapshot(m.snapshot) })],
  editRejected: [
    ['reason', 'message'],
    (m) => ({ type: 'editRejected', reason: oneOf<EditRejectedReason>(m.reason, REASONS), message: str(m.message, MAX_TEXT) }),
  ],
  focusItem: [['index'], (m) => ({ type: 'focusItem', index: int(m.index) })],
  noBacklog: [
    ['reason', 'files'],
    (m) => ({ type: 'noBacklog', reason: oneOf<NoBacklogReason>(m.reason, NO_BACKLOG), files: list(m.files, hostText, MAX_CHOICES) }),
  ],
};

/** Validates a message from the host (the webview runs this on every `message` event's data). */
export function parseHostMessage(raw: unknown): HostMessage | null {
  return parse(raw, hostReaders as unknown as Readonly<Record<string, readonly [readonly string[], Reader<HostMessage>]>>);
}

function parse<T>(raw: unknown, readers: Readonly<Record<string, readonly [readonly string[], Reader<T>]>>): T | null {
  try {
    if (typeof raw !== 'object' || raw === null) return null;
    // Read `type` only as an own data property; `readers` is indexed only after the own-key check (no `toString`).
    const d = Object.getOwnPropertyDescriptor(raw, 'type');
    const type = d && 'value' in d ? d.value : undefined;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(readers, type)) return null;
    const [keys, read] = readers[type];
    return read(record(raw, ['type', ...keys]));
  } catch {
    // Invalid, or anything a hostile object could throw (a Proxy trap): either way the message is not one of ours.
    return null;
  }
}
