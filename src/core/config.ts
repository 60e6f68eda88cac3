// Configuration: `.backlog.jsonc` next to (or above) the backlog, and the `backlog:` key of its front matter.
// The same shape in both places; front matter wins for its own file.
import { createScanner, type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { FieldKind, ItemShape, Severity } from './model';

export type RuleSetting = Severity | 'off';

export interface BacklogConfig {
  /** Rule id → severity or `off`. `"default": "off"` turns every rule off unless listed. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Force the item shape instead of detecting it. */
  readonly shape?: ItemShape | 'auto';
  /** For heading-shaped files: the heading depth of items. */
  readonly itemDepth?: number;
  /** What a number opening a heading item is: `priority`, `id`, or `auto` (the file's preamble decides). */
  readonly headingNumbers?: 'priority' | 'id' | 'auto';
  /** Extra field keys → field kind, e.g. `{ "Aufwand (h)": "estimate" }`. */
  readonly fieldAliases?: Readonly<Record<string, FieldKind>>;
  /** Past sprints' velocity (sum of the estimates done per sprint), oldest first: a forecast history (`--source config`). */
  readonly velocity?: readonly number[];
  /** Past sprints' throughput (items done per sprint), oldest first. */
  readonly throughput?: readonly number[];
  /** Length of a sprint in days (default 14). */
  readonly sprintLengthDays?: number;
  /** The first day (ISO date) of any sprint: aligns sprints to the calendar when the file gives no sprint dates. */
  readonly sprintStart?: string;
  /** In the git history, count items that left the file while not done as done on the day they left. Default false. */
  readonly countRemovedAsDone?: boolean;
  /** The Definition of Done: what every accepted item meets, besides its own acceptance criteria. */
  readonly definitionOfDone?: readonly string[];
}

const CONFIG_KEYS = ['rules', 'shape', 'itemDepth', 'headingNumbers', 'fieldAliases', 'velocity', 'throughput', 'sprintLengthDays', 'sprintStart', 'countRemovedAsDone', 'definitionOfDone', '$schema'];
const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);
const SHAPES = new Set(['heading', 'list', 'table', 'auto']);
const KINDS = new Set(['id', 'priority', 'estimate', 'status', 'dependsOn', 'owner', 'sprint', 'value', 'title', 'other']);

export interface ConfigResult {
  readonly config: BacklogConfig;
  /** One clear sentence per problem; the config is still usable (bad entries are dropped). */
  readonly errors: readonly string[];
}

/** Validates a parsed config object, keeping what is valid. */
export function validateConfig(raw: unknown, where: string, knownRules?: ReadonlySet<string>): ConfigResult {
  const errors: string[] = [];
  if (raw === null || raw === undefined) return { config: {}, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { config: {}, errors: [`${where}: expected an object`] };
  const r = raw as Record<string, unknown>;
  const config: { -readonly [K in keyof BacklogConfig]: BacklogConfig[K] } = {};
  for (const key of Object.keys(r)) {
    if (key === '__proto__') errors.push(`${where}: "__proto__" is not a setting; ignored`);
    else if (!CONFIG_KEYS.includes(key)) errors.push(`${where}: unknown setting "${key}"`);
  }
  if (r.rules !== undefined) {
    if (typeof r.rules !== 'object' || r.rules === null || Array.isArray(r.rules)) errors.push(`${where}: "rules" must be an object of rule id → severity`);
    else {
      const rules: Record<string, RuleSetting> = {};
      for (const [id, v] of Object.entries(r.rules)) {
        if (id === '__proto__') {
          errors.push(`${where}: "__proto__" is not a rule; ignored`);
          continue;
        }
        const value = v === false ? 'off' : v;
        if (typeof value !== 'string' || !SEVERITIES.has(value)) errors.push(`${where}: rule "${id}" must be one of error, warning, info, off`);
        else if (knownRules && id !== 'default' && !knownRules.has(id)) errors.push(`${where}: unknown rule "${id}"`);
        else rules[id] = value as RuleSetting;
      }
      config.rules = rules;
    }
  }
  if (r.shape !== undefined) {
    if (typeof r.shape === 'string' && SHAPES.has(r.shape)) config.shape = r.shape as ItemShape | 'auto';
    else errors.push(`${where}: "shape" must be one of heading, list, table, auto`);
  }
  if (r.itemDepth !== undefined) {
    if (Number.isInteger(r.itemDepth) && (r.itemDepth as number) >= 1 && (r.itemDepth as number) <= 6) config.itemDepth = r.itemDepth as number;
    else errors.push(`${where}: "itemDepth" must be a whole number from 1 to 6`);
  }
  if (r.headingNumbers !== undefined) {
    if (r.headingNumbers === 'priority' || r.headingNumbers === 'id' || r.headingNumbers === 'auto') config.headingNumbers = r.headingNumbers;
    else errors.push(`${where}: "headingNumbers" must be one of priority, id, auto`);
  }
  if (r.fieldAliases !== undefined) {
    if (typeof r.fieldAliases !== 'object' || r.fieldAliases === null || Array.isArray(r.fieldAliases)) errors.push(`${where}: "fieldAliases" must be an object of field name → kind`);
    else {
      const aliases: Record<string, FieldKind> = {};
      for (const [k, v] of Object.entries(r.fieldAliases)) {
        if (k.toLowerCase() === '__proto__') {
          errors.push(`${where}: "__proto__" is not a field name; ignored`);
          continue;
        }
        if (typeof v === 'string' && KINDS.has(v)) aliases[k.toLowerCase()] = v as FieldKind;
        else errors.push(`${where}: field alias "${k}" must map to one of ${[...KINDS].join(', ')}`);
      }
      config.fieldAliases = aliases;
    }
  }
  for (const key of ['velocity', 'throughput'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) config[key] = v as number[];
    else errors.push(`${where}: "${key}" must be a list of numbers of 0 or more, one per past sprint, oldest first (e.g. [21, 18, 25])`);
  }
  if (r.sprintLengthDays !== undefined) {
    if (Number.isInteger(r.sprintLengthDays) && (r.sprintLengthDays as number) >= 1 && (r.sprintLengthDays as number) <= 366) config.sprintLengthDays = r.sprintLengthDays as number;
    else errors.push(`${where}: "sprintLengthDays" must be a whole number of days from 1 to 366`);
  }
  if (r.sprintStart !== undefined) {
    if (typeof r.sprintStart === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.sprintStart) && !Number.isNaN(Date.parse(`${r.sprintStart}T00:00:00Z`))) config.sprintStart = r.sprintStart;
    else errors.push(`${where}: "sprintStart" must be a date written YYYY-MM-DD (the first day of any sprint)`);
  }
  if (r.countRemovedAsDone !== undefined) {
    if (typeof r.countRemovedAsDone === 'boolean') config.countRemovedAsDone = r.countRemovedAsDone;
    else errors.push(`${where}: "countRemovedAsDone" must be true or false`);
  }
  if (r.definitionOfDone !== undefined) {
    if (Array.isArray(r.definitionOfDone) && r.definitionOfDone.every((x) => typeof x === 'string' && x.trim() !== '')) config.definitionOfDone = (r.definitionOfDone as string[]).map((x) => x.trim());
    else errors.push(`${where}: "definitionOfDone" must be a list of non-empty texts, one per check`);
  }
  return { config, errors };
}

/** Deeper JSON than this is not read: the JSONC parser recurses once per level (a stack overflow, issue #10). */
export const MAX_CONFIG_DEPTH = 64;

/** How deep the brackets of a JSONC text nest, by the parser's own scanner (a loop: no recursion, no limit). */
function jsonDepth(text: string): number {
  const scanner = createScanner(text, false);
  let depth = 0;
  let max = 0;
  // SyntaxKind: 1 `{`, 2 `}`, 3 `[`, 4 `]`, 17 end of file (a const enum in the typings).
  for (let token = scanner.scan(); token !== 17; token = scanner.scan()) {
    if (token === 1 || token === 3) max = Math.max(max, ++depth);
    else if (token === 2 || token === 4) depth--;
  }
  return max;
}

/**
 * The value of a JSONC syntax tree as plain data. Built by hand rather than by jsonc-parser's `parse`, which assigns
 * keys with `obj[key] = value`: a `__proto__` key set the object's prototype, and its settings applied silently.
 * Here such a key stays an own property, which validateConfig reports and ignores.
 */
function valueOf(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && typeof key.value === 'string') Object.defineProperty(out, key.value, { value: valueOf(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value;
  }
}

/** Parses the text of a `.backlog.jsonc` file (comments and trailing commas allowed). */
export function parseConfigText(text: string, where: string, knownRules?: ReadonlySet<string>): ConfigResult {
  if (jsonDepth(text) > MAX_CONFIG_DEPTH) return { config: {}, errors: [`${where}: nested more than ${MAX_CONFIG_DEPTH} levels deep; not read`] };
  const errs: ParseError[] = [];
  const raw = valueOf(parseTree(text, errs, { allowTrailingComma: true, disallowComments: false }));
  const syntax = errs.map((e) => `${where}: ${printParseErrorCode(e.error)} at offset ${e.offset}`);
  const v = validateConfig(raw, where, knownRules);
  return { config: v.config, errors: [...syntax, ...v.errors] };
}

/** Front matter settings override the file config; rules are merged. */
export function mergeConfig(base: BacklogConfig, over: BacklogConfig): BacklogConfig {
  return {
    ...base,
    ...over,
    rules: { ...base.rules, ...over.rules },
    fieldAliases: { ...base.fieldAliases, ...over.fieldAliases },
  };
}

/** The configured setting of a rule, or undefined for its default. */
export function ruleSetting(config: BacklogConfig, ruleId: string): RuleSetting | undefined {
  return config.rules?.[ruleId] ?? config.rules?.default;
}
