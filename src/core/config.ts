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
  /** Extra field keys → field kind, e.g. `{ "Aufwand (h)": "estimate" }`. */
  readonly fieldAliases?: Readonly<Record<string, FieldKind>>;
}

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
    else if (!['rules', 'shape', 'itemDepth', 'fieldAliases', '$schema'].includes(key)) errors.push(`${where}: unknown setting "${key}"`);
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
