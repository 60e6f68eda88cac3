// What the MCP tools do, without the protocol: read a backlog below the root, answer from the core's analysis, and
// write the core's planned edits back with the CLI's file layer. Every write names the version (a hash of the file's
// bytes) the agent read; a file that changed since is refused, never merged. Errors are ToolErrors: one sentence.
import { createHash } from 'node:crypto';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { type Analysis, analyzeBacklog } from '../core/analyze';
import { applyEdits, checkItemsAfter, type Plan, planAddCriterion, planEditCriterion, planInsertItem, planRemoveCriterion, planSetField, planSetValueStatement, planToggleCriterion } from '../core/edits';
import type { BacklogItem, FieldKind } from '../core/model';
import { filterItems, isFinished, nextItems } from '../core/queries';
import { findItem, type MoveTarget, planFor } from '../cli/commands';
import { CliError, ConfigResolver, DEFAULT_PATTERN, displayPath, globFiles, readSourceFile, type SourceFile, writeSourceFile } from '../cli/files';
import { type ListedItem, toListing, toProblems } from '../cli/format';

/** A problem with the arguments or the files: the tool result is an error with this one sentence. */
export class ToolError extends Error {}

export type SettableField = Exclude<FieldKind, 'other' | 'title'>;
export const SETTABLE_FIELDS = ['id', 'priority', 'estimate', 'status', 'dependsOn', 'owner', 'sprint', 'value'] as const satisfies readonly SettableField[];

/** A finding as the tools return it: 1-based positions. */
export interface ToolFinding {
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** `backlog lint --fix` repairs it (a fix never adds placeholder text, reorders, or changes IDs and titles). */
  readonly fixable: boolean;
  /** What an editor would propose instead (a template, a reorder): the titles; the agent applies them with the write tools. */
  readonly suggestions: readonly string[];
}

/** What every answer about a file starts with: which file, and the version to pass back when writing. */
export interface FileHeader {
  readonly file: string;
  readonly version: string;
}

/** The hash the agent passes back: the first 16 hex digits of the SHA-256 of the file's text. */
export const versionOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

interface Loaded {
  readonly source: SourceFile;
  readonly analysis: Analysis;
  readonly version: string;
}

export class BacklogTools {
  private readonly configs: ConfigResolver;

  constructor(
    /** Files outside this folder are refused. */
    readonly root: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.configs = new ConfigResolver(root, null, warn);
  }

  /** Every `**\/BACKLOG.md` below the root (case-insensitive, without node_modules and .git). */
  backlogFiles(): string[] {
    return globFiles(DEFAULT_PATTERN, this.root);
  }

  /** The absolute path of a `file` argument: relative to the root (or absolute inside it), a markdown file. */
  resolveFile(file: string | undefined): string {
    if (file === undefined || file.trim() === '') {
      const found = this.backlogFiles();
      if (found.length === 1) return found[0];
      if (found.length === 0) throw new ToolError(`No backlog found: no file below ${this.root} matches ${DEFAULT_PATTERN}; pass "file" (a markdown file below that folder).`);
      throw new ToolError(`There are ${found.length} backlogs (${found.map((f) => this.display(f)).join(', ')}); pass "file" to say which.`);
    }
    const abs = resolve(this.root, file);
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) throw new ToolError(`"${file}" is outside the folder this server serves (${this.root}).`);
    if (!/^\.(md|markdown)$/i.test(extname(abs))) throw new ToolError(`"${file}" is not a markdown file (.md or .markdown).`);
    return abs;
  }

  display(abs: string): string {
    return displayPath(abs, this.root);
  }

  private load(file: string | undefined): Loaded {
    const path = this.resolveFile(file);
    let source: SourceFile;
    try {
      source = readSourceFile(path, this.root);
    } catch (error) {
      if (error instanceof CliError) throw new ToolError(`${error.message}.`);
      throw error;
    }
    const analysis = analyzeBacklog(source.text, { config: this.configs.forFile(source.path) });
    return { source, analysis, version: versionOf(source.text) };
  }

  private findings(loaded: { source: SourceFile; analysis: Analysis }): ToolFinding[] {
    return toProblems(loaded.source.display, loaded.source.text, loaded.analysis.findings).map((p) => ({
      rule: p.ruleId,
      severity: p.severity,
      message: p.message,
      line: p.line,
      column: p.column,
      endLine: p.endLine,
      endColumn: p.endColumn,
      fixable: p.fixable,
      suggestions: p.suggestions.map((x) => x.title),
    }));
  }

  private item(loaded: Loaded, spec: string): BacklogItem {
    try {
      return findItem(loaded.analysis.backlog, spec, loaded.source.display);
    } catch (error) {
      if (error instanceof CliError) throw new ToolError(`${capitalize(error.message)}.`);
      throw error;
    }
  }

  private listed(loaded: Loaded, items: readonly BacklogItem[]): ListedItem[] {
    return toListing(loaded.source.display, loaded.analysis.backlog, items).items as ListedItem[];
  }

  // ------------------------------------------------------------------------------------------ reading

  listItems(args: { file?: string; status?: string; group?: string; text?: string }) {
    const loaded = this.load(args.file);
    const items = filterItems(loaded.analysis.backlog, args);
    return { file: loaded.source.display, version: loaded.version, shape: loaded.analysis.backlog.shape, total: loaded.analysis.backlog.items.length, items: this.listed(loaded, items) };
  }

  getItem(args: { file?: string; item: string }) {
    const loaded = this.load(args.file);
    const item = this.item(loaded, args.item);
    const [listed] = this.listed(loaded, [item]);
    const all = this.findings(loaded);
    const mine = loaded.analysis.findings.flatMap((f, i) => (f.itemIndex === item.index ? [all[i]] : []));
    return {
      file: loaded.source.display,
      version: loaded.version,
      item: {
        ...listed,
        groupPath: item.groupPath,
        owner: item.owner,
        sprint: item.sprint,
        done: isFinished(item),
        fields: item.fields.map((f) => ({ key: f.key, kind: f.kind, value: f.value })),
        markdown: loaded.source.text.slice(item.span.start, item.span.end),
      },
      findings: mine,
    };
  }

  lint(args: { file?: string }) {
    const loaded = this.load(args.file);
    return { file: loaded.source.display, version: loaded.version, findings: this.findings(loaded) };
  }

  nextItems(args: { file?: string; count?: number }) {
    const loaded = this.load(args.file);
    const { backlog } = loaded.analysis;
    return {
      file: loaded.source.display,
      version: loaded.version,
      open: backlog.items.filter((i) => !isFinished(i)).length,
      total: backlog.items.length,
      items: this.listed(loaded, nextItems(backlog, args.count ?? 5)),
    };
  }

  /** The text of a backlog file, for the resources. */
  readText(path: string): string {
    return this.load(this.display(path)).source.text;
  }

  // ------------------------------------------------------------------------------------------ writing

  /**
   * Plans one or more steps on the file's current text (each step sees the text after the previous one), checks the
   * version, writes the result atomically, and answers with the new version and the findings after the change.
   * `steps` returns the plan for the current analysis; `done` names what changed for the answer.
   */
  private write(file: string | undefined, version: string, steps: ((a: Analysis, loaded: Loaded) => Plan | null)[], describe: (a: Analysis) => Record<string, unknown>) {
    const loaded = this.load(file);
    const stale = () =>
      new ToolError(`${loaded.source.display} changed since you read it (you passed version ${version}, it is now ${versionOf(readSourceFile(loaded.source.path, this.root).text)}); nothing was written. Read it again and retry.`);
    if (version !== loaded.version) throw stale();
    const config = this.configs.forFile(loaded.source.path);
    let text = loaded.source.text;
    let analysis = loaded.analysis;
    for (const step of steps) {
      const plan = step(analysis, loaded);
      if (plan === null) continue;
      if (!plan.ok) throw new ToolError(`${plan.error} Nothing was written.`);
      if (plan.edits.length === 0) continue;
      text = applyEdits(text, plan.edits);
      const before = analysis.backlog;
      analysis = analyzeBacklog(text, { config });
      // The core's check that the plan keeps the items it promises (no items glued by markdown left open).
      const problem = checkItemsAfter(before, plan, analysis.backlog);
      if (problem) throw new ToolError(problem);
    }
    const answer = describe(analysis);
    if (text !== loaded.source.text) {
      // The narrowest window we can offer: read the file again right before replacing it.
      const current = readSourceFile(loaded.source.path, this.root);
      if (versionOf(current.text) !== version) throw stale();
      try {
        // Refused if the file changes again before the rename; through symlinks, keeping owner, mode and links.
        writeSourceFile(current, text);
      } catch (error) {
        if (error instanceof CliError) throw new ToolError(`${capitalize(error.message)}; nothing was written.`);
        throw error;
      }
    }
    const after = { source: { ...loaded.source, text }, analysis };
    return { file: loaded.source.display, version: versionOf(text), changed: text !== loaded.source.text, ...answer, findings: this.findings(after) };
  }

  moveItem(args: { file?: string; version: string; item: string; to?: number | 'top' | 'bottom' | 'up' | 'down'; before?: string; after?: string; group?: string }) {
    const given = [args.to !== undefined && 'to', args.before !== undefined && 'before', args.after !== undefined && 'after', args.group !== undefined && 'group'].filter(Boolean);
    if (given.length !== 1) {
      throw new ToolError(
        given.length === 0 ? 'Say where to move the item: "to" (a rank, "top", "bottom", "up" or "down"), "before" or "after" (another item), or "group" (a group\'s title).' : `Pass only one of ${given.join(', ')}.`,
      );
    }
    const target: MoveTarget =
      args.group !== undefined
        ? { kind: 'group', group: args.group }
        : args.before !== undefined
          ? { kind: 'before', anchor: args.before }
          : args.after !== undefined
            ? { kind: 'after', anchor: args.after }
            : typeof args.to === 'number'
              ? { kind: 'to', rank: args.to }
              : { kind: args.to as 'top' | 'bottom' | 'up' | 'down' };
    let newIndex = -1;
    let moved = '';
    let group: string | null = null;
    return this.write(
      args.file,
      args.version,
      [
        (a, loaded) => {
          const item = this.item({ ...loaded, analysis: a }, args.item);
          moved = item.id ?? item.title;
          if (target.kind === 'before' || target.kind === 'after') this.item({ ...loaded, analysis: a }, target.anchor);
          let plan: Plan;
          try {
            plan = planFor(a.backlog, item.index, target, loaded.source.display);
          } catch (error) {
            // A group that no heading names, or that several do.
            if (error instanceof CliError) throw new ToolError(`${capitalize(error.message)}; nothing was written.`);
            throw error;
          }
          if (plan.ok) newIndex = plan.newIndex ?? item.index;
          return plan.ok || target.kind !== 'to' ? plan : { ok: false, error: `"to" must be a rank from 1 to ${a.backlog.items.length}.` };
        },
      ],
      (a) => {
        group = a.backlog.items[newIndex]?.group ?? null;
        return { item: moved, rank: newIndex + 1, group };
      },
    );
  }

  addItem(args: {
    file?: string;
    version: string;
    title: string;
    rank?: number;
    statement?: { role: string; want: string; benefit?: string };
    criteria?: string[];
    fields?: Partial<Record<SettableField, string>>;
  }) {
    let index = -1;
    // The ID goes into the new item as it is written (its ID cell, or before the title); without one the core gives
    // the next ID in the file's own scheme.
    const { id, ...fields } = args.fields ?? {};
    const steps: ((a: Analysis) => Plan | null)[] = [
      (a) => {
        const plan = planInsertItem(a.backlog, args.rank ?? a.backlog.items.length + 1, args.title, id === undefined ? {} : { id });
        if (plan.ok) index = plan.newIndex ?? (args.rank ?? a.backlog.items.length + 1) - 1;
        return plan;
      },
    ];
    if (args.statement) {
      const parts = { role: args.statement.role, want: args.statement.want, benefit: args.statement.benefit ?? '' };
      steps.push((a) => planSetValueStatement(a.backlog, index, parts));
    }
    (args.criteria ?? []).forEach((text, k) => {
      // The new item's template ends with an empty `- [ ] `: the first criterion fills it.
      steps.push((a) => {
        const c = a.backlog.items[index]?.criteria ?? [];
        return k === 0 && c.length === 1 && c[0].text.trim() === '' ? planEditCriterion(a.backlog, index, 0, text) : planAddCriterion(a.backlog, index, text);
      });
    });
    for (const [kind, value] of Object.entries(fields)) {
      if (value !== undefined) steps.push((a) => planSetField(a.backlog, index, kind as SettableField, value));
    }
    return this.write(args.file, args.version, steps, (a) => {
      const item = a.backlog.items[index];
      return { item: { rank: index + 1, id: item?.id ?? null, title: item?.title ?? args.title } };
    });
  }

  setField(args: { file?: string; version: string; item: string; field: SettableField; value: string }) {
    let index = -1;
    return this.write(
      args.file,
      args.version,
      [
        (a, loaded) => {
          index = this.item({ ...loaded, analysis: a }, args.item).index;
          return planSetField(a.backlog, index, args.field, args.value);
        },
      ],
      (a) => ({ item: this.summary(a, index) }),
    );
  }

  setCriterion(args: { file?: string; version: string; item: string; action: 'add' | 'check' | 'uncheck' | 'edit' | 'remove'; criterion?: number; text?: string }) {
    const needsText = args.action === 'add' || args.action === 'edit';
    const needsNumber = args.action !== 'add';
    if (needsText && args.text === undefined) throw new ToolError(`"${args.action}" needs "text", the criterion's text.`);
    if (!needsText && args.text !== undefined) throw new ToolError(`"${args.action}" takes no "text".`);
    if (needsNumber && args.criterion === undefined) throw new ToolError(`"${args.action}" needs "criterion", the criterion's number (1 = the item's first criterion).`);
    if (!needsNumber && args.criterion !== undefined) throw new ToolError('"add" takes no "criterion": it adds after the last one.');
    let index = -1;
    return this.write(
      args.file,
      args.version,
      [
        (a, loaded) => {
          index = this.item({ ...loaded, analysis: a }, args.item).index;
          const c = (args.criterion ?? 0) - 1;
          switch (args.action) {
            case 'add':
              return planAddCriterion(a.backlog, index, args.text!);
            case 'edit':
              return planEditCriterion(a.backlog, index, c, args.text!);
            case 'remove':
              return planRemoveCriterion(a.backlog, index, c);
            default:
              return planToggleCriterion(a.backlog, index, c, args.action === 'check');
          }
        },
      ],
      (a) => ({ item: { ...this.summary(a, index), criteria: a.backlog.items[index]?.criteria.map((c) => ({ text: c.text, done: c.done })) ?? [] } }),
    );
  }

  private summary(a: Analysis, index: number) {
    const item = a.backlog.items[index];
    return { rank: index + 1, id: item?.id ?? null, title: item?.title ?? '' };
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
