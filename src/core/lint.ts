// The rule engine: runs every enabled rule over a parsed backlog and applies configuration and suppressions.
import type { Backlog, Finding, Fix, RelatedSpan, Severity, Span, Suggestion } from './model';
import { type BacklogConfig, ruleSetting } from './config';
import { rules as allRules } from './rules';
import { finishSteps } from './steps';

/** What a rule sees. */
export interface RuleContext {
  readonly backlog: Backlog;
  readonly source: string;
  readonly eol: '\n' | '\r\n';
  readonly config: BacklogConfig;
}

/** A finding as a rule reports it; the engine adds the rule id and the configured severity. */
export interface RuleFinding {
  readonly message: string;
  readonly span: Span;
  /** -1 for file-level findings. */
  readonly itemIndex: number;
  /** Repairs that keep the items and write no placeholder (applied by --fix and Fix All). */
  readonly fixes?: readonly Fix[];
  /** Proposals a person accepts one at a time: templates, stubs, reorders, renumbering. */
  readonly suggestions?: readonly Suggestion[];
  /** Overrides the rule's default severity for this finding (e.g. missing criteria on ready items). */
  readonly severity?: Severity;
  /** Other places in the file the finding refers to (the other item). */
  readonly related?: readonly RelatedSpan[];
}

/** One rule = one module: id, description, default severity, check. */
export interface Rule {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Whether the rule can offer fixes, which --fix and Fix All apply (shown in docs and in SARIF). */
  readonly fixable: boolean;
  /** Whether the rule can offer suggestions: quick fixes in the editor that --fix and Fix All never apply. */
  readonly hasSuggestions: boolean;
  check(ctx: RuleContext): RuleFinding[];
}

/** Runs the enabled rules. Findings are sorted by position; suppressed ones are dropped. */
export function lintBacklog(backlog: Backlog, config: BacklogConfig = {}, rules: readonly Rule[] = allRules): Finding[] {
  return finishSteps(lintBacklogSteps(backlog, config, rules));
}

/** lintBacklog in steps (steps.ts): it pauses after each rule. lintBacklog runs it to the end. */
export function* lintBacklogSteps(backlog: Backlog, config: BacklogConfig = {}, rules: readonly Rule[] = allRules): Generator<void, Finding[]> {
  const ctx: RuleContext = { backlog, source: backlog.source, eol: backlog.eol, config };
  const out: Finding[] = [];
  for (const rule of rules) {
    yield;
    const setting = ruleSetting(config, rule.id);
    if (setting === 'off') continue;
    let found: RuleFinding[];
    try {
      found = rule.check(ctx);
    } catch (error) {
      // A rule bug must not hide every other finding; report it as a finding the user can send to us.
      out.push({
        ruleId: rule.id,
        message: `Rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        span: { start: 0, end: 0 },
        severity: 'error',
        itemIndex: -1,
        fixes: [],
        suggestions: [],
      });
      continue;
    }
    for (const f of found) {
      const item = f.itemIndex >= 0 ? backlog.items[f.itemIndex] : undefined;
      if (item && (item.disabledRules.has(rule.id) || item.disabledRules.has('all'))) continue;
      out.push({
        ruleId: rule.id,
        message: f.message,
        span: f.span,
        severity: setting ?? f.severity ?? rule.defaultSeverity,
        itemIndex: f.itemIndex,
        fixes: f.fixes ?? [],
        suggestions: f.suggestions ?? [],
        ...(f.related && f.related.length > 0 ? { related: f.related } : {}),
      });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
}
