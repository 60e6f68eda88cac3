// `backlog`: the command-line entry point. Parses arguments (node:util parseArgs, strict), dispatches to a command,
// and turns every usage or I/O problem into one line on stderr and exit code 2. See docs/CLI.md.
//
// Exit codes: 0 ok (lint: no error-severity finding), 1 lint found an error-severity finding, 2 usage or I/O error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { repository, version } from '../../package.json';
import { type Io, type MoveTarget, runLint, runList, runMove, runNext } from './commands';
import { CliError, ConfigResolver, loadConfigFile } from './files';
import { runDecision, runForecast } from './forecast-commands';
import { DEFAULT_CACHE_FILE, toolKey } from './lint-cache';
import { runDiff, runReport } from './report-commands';
import type { ToolInfo } from './format';

const REPO_URL = repository.url.replace(/\.git$/, '');

export const TOOL: ToolInfo = {
  name: 'backlog-as-code',
  version,
  informationUri: REPO_URL,
  docsBase: `${REPO_URL}/blob/main/docs/rules`,
};

const USAGE = `Usage: backlog <command> [options]

Commands:
  list <file>                      List the items of a backlog in order
  lint [files or globs...]         Check backlogs (default: **/BACKLOG.md)
  move <file> <item> <where>       Move an item (rank or ID) and save the file
  next [N] [file]                  The top N items that are not done (default 5)
  diff <file>                      What changed since a git revision: moved, added, removed, done, changed
  report <file>                    A report for stakeholders: one HTML page (or Markdown)
  forecast <file>                  When each open item is done (Monte Carlo over past sprints)
  accept <file> <item>             Accept an item against its criteria and the Definition of Done
  reject <file> <item> --reason R  Reject an item, recording the date and the reason
  lsp --stdio                      Language server for editors (docs/EDITORS.md)
  mcp [--root <folder>]            Model Context Protocol server for agents (docs/AGENTS.md)

Options:
  -h, --help                       Show help (also: backlog <command> --help)
  -v, --version                    Show the version

Exit codes: 0 ok, 1 lint found an error-severity problem, 2 usage or I/O error.
Docs: ${REPO_URL}/blob/main/docs/CLI.md
`;

const HELP: Record<string, string> = {
  list: `Usage: backlog list <file> [--format text|json] [--config <path>]

Lists the items of a backlog in order: rank, ID, title, status, estimate, priority.

Options:
  -f, --format <text|json>   Output format (default: text). JSON: { file, shape, items: [...] }
  -c, --config <path>        Use this .backlog.jsonc instead of looking for one next to the file
  -h, --help                 Show this help
`,
  lint: `Usage: backlog lint [files or globs...] [--format stylish|json|sarif] [--fix] [--max-warnings <n>] [--config <path>] [--cache]

Checks backlogs. Without files, lints every **/BACKLOG.md below the current folder (case-insensitive,
without node_modules and .git). Quote globs so that the shell does not expand them.

Options:
  -f, --format <stylish|json|sarif>  Output format (default: stylish). sarif: SARIF 2.1.0 for code scanning
      --fix                          Apply the fixes (repairs that keep every item and write no placeholder),
                                     write the files, report what remains; suggestions are never applied
      --max-warnings <n>             Exit 1 when there are more than n warnings (after --fix)
  -c, --config <path>                Use this .backlog.jsonc for every file (default: the nearest one
                                     in the file's folder or above, up to the current folder or git root)
      --cache                        Keep what each file gave in a cache file and reuse it while the file's
                                     content, its configuration and the tool are unchanged
      --cache-location <path>        The cache file (default: .backlogcache in the current folder)
  -h, --help                         Show this help

Colours only on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 on.
Exit codes: 0 no error-severity problem (after --fix), 1 at least one (or more warnings than --max-warnings),
2 usage or I/O error: a bad option,
a glob that matches nothing (nothing is linted), a file that cannot be read or written (the others are still linted).
`,
  move: `Usage: backlog move <file> <item> (--to <rank> | --up | --down | --top | --bottom | --before <item> | --after <item> | --group <title>) [--config <path>]

Moves an item and writes the file in place, changing only the moved text. <item> is a rank (1 = top)
or an ID such as US-3 (case-insensitive). Prints "<ID> is now rank <N>".

Options:
  -t, --to <rank>        Move to this rank (1-based)
  -u, --up               One step up: swap places with the item above (also across a group heading)
  -d, --down             One step down: swap places with the item below (also across a group heading)
      --top              To rank 1
      --bottom           To the last rank
  -b, --before <item>    Right before this item (rank or ID), in its group
  -a, --after <item>     Right after this item (rank or ID), in its group
  -g, --group <title>    Into this group (a heading), after its last item; into an empty group too
  -c, --config <path>    Use this .backlog.jsonc
  -h, --help             Show this help
`,
  next: `Usage: backlog next [N] [file] [--format text|json] [--config <path>]

Prints the top N items (default 5) that are not done, accepted or rejected, in rank order. Without a file:
the one **/BACKLOG.md below the current folder.

Options:
  -f, --format <text|json>   Output format (default: text). JSON: { file, shape, items: [...], open, total }
  -c, --config <path>        Use this .backlog.jsonc instead of looking for one next to the file
  -h, --help                 Show this help
`,
  diff: `Usage: backlog diff <file> [--since <rev>] [--to <rev>] [--format text|json|markdown] [--config <path>]

Compares two versions of a backlog from git: by default the file on disk against HEAD. Items are matched by
ID, else by title (a small edit to a title still matches). Lists the items moved (from rank, to rank), added,
removed, done, and changed (estimate, status, priority, title, group, value statement, criteria).

Options:
  -s, --since <rev>          The old version: a branch, tag or commit (default: HEAD)
      --to <rev>             The new version (default: the file on disk, uncommitted changes included)
  -f, --format <text|json|markdown>  Output format (default: text). json: { file, from, to, moved, added,
                             removed, done, changed }. markdown: a pull-request comment, nothing when nothing changed
  -c, --config <path>        Use this .backlog.jsonc instead of looking for one next to the file
  -h, --help                 Show this help

Uses the git executable. A file that did not exist at --since compares as empty (every item added).
`,
  report: `Usage: backlog report <file> [-o <report.html>] [--format html|markdown] [--since <rev>] [--config <path>]

Writes a report for people who never open the editor: sprint goals, now / next / later, the forecast, backlog
health (value statements, criteria, estimates, findings by rule) and, with --since, the rank changes.
The HTML is one self-contained page (no script, no remote asset), light and dark, printable.

Options:
  -o, --output <file>        Write the report to this file (default: standard output)
  -f, --format <html|markdown>  Output format (default: html; markdown when --output ends in .md)
  -s, --since <rev>          Add the rank changes since this git revision (branch, tag or commit)
  -c, --config <path>        Use this .backlog.jsonc instead of looking for one next to the file
  -h, --help                 Show this help

SOURCE_DATE_EPOCH sets the report's date (reproducible output).
`,
  forecast: `Usage: backlog forecast <file> [--format text|json|markdown] [--seed N] [--trials N] [--source git|sprints|config] [--config <path>]

Forecasts the sprint in which each open item is done, with 50%, 85% and 95% confidence: 10,000 simulated
futures, each sprint drawing the velocity (or throughput) of a past sprint at random, the open items done
in rank order. Sprint 1 is the current (or next) sprint. Fewer than 3 past sprints: "insufficient data".

Options:
  -f, --format <text|json|markdown>  Output format (default: text). json: { file, mode, source, samples,
                             sprintLengthDays, trials, seed, insufficientData, items: [{ rank, id, title,
                             estimate, sprint: { p50, p85, p95 }, date }] }
      --seed <N>             Seed of the random generator (default 1): the same seed, the same forecast
      --trials <N>           Simulated futures (default 10000, from 100 to 1000000)
      --source <git|sprints|config>  Where the past sprints come from (default: "velocity"/"throughput" in the
                             configuration, else the file's finished sprint groups when there are 3 or more,
                             else the file's git history)
  -c, --config <path>        Use this .backlog.jsonc instead of looking for one next to the file
  -h, --help                 Show this help

Dates need a known sprint calendar: dated sprint groups or "sprintStart" in the configuration (git: sprints
end yesterday). SOURCE_DATE_EPOCH sets "today". Method and limits: docs/FORECAST.md.
`,
  accept: `Usage: backlog accept <file> <item> [--met <n,...|all>] [--date YYYY-MM-DD] [--config <path>]

Prints the item's acceptance criteria and the Definition of Done (definitionOfDone in .backlog.jsonc, else the
file's "Definition of Done" section) as a checklist; when every criterion is met it sets the status to accepted,
records "Accepted: <date>" and writes the file (one minimal edit). <item> is a rank or an ID.

Options:
      --met <n,...|all>      Criteria (numbered as printed) you confirm as met: they are checked in the same edit
      --date <YYYY-MM-DD>    The date to record (default: today; SOURCE_DATE_EPOCH sets it)
  -c, --config <path>        Use this .backlog.jsonc
  -h, --help                 Show this help

Exit codes: 0 accepted, 1 not accepted (a criterion is unmet; nothing written), 2 usage or I/O error.
`,
  reject: `Usage: backlog reject <file> <item> --reason <text> [--date YYYY-MM-DD] [--config <path>]

Sets the item's status to rejected and records "Rejected: <date> — <reason>" (one minimal edit).

Options:
  -r, --reason <text>        Why the work is not accepted (required, one line)
      --date <YYYY-MM-DD>    The date to record (default: today; SOURCE_DATE_EPOCH sets it)
  -c, --config <path>        Use this .backlog.jsonc
  -h, --help                 Show this help
`,
  lsp: `Usage: backlog lsp --stdio

Runs the language server (diagnostics, code actions, moves and the item-ID features) over stdin/stdout.
Editors start it themselves: see docs/EDITORS.md for Neovim, Helix, Zed and Emacs.
`,
  mcp: `Usage: backlog mcp [--root <folder>]

Runs the Model Context Protocol server over stdin/stdout, for coding agents: list, lint, move and edit the
backlogs below the folder (see docs/AGENTS.md). Files outside it are refused.

Options:
  -r, --root <folder>        The folder to serve (default: the current folder)
  -h, --help                 Show this help
`,
};

const common = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string', short: 'c' },
} as const satisfies ParseArgsConfig['options'];

const OPTIONS = {
  list: { ...common, format: { type: 'string', short: 'f' } },
  lint: {
    ...common,
    format: { type: 'string', short: 'f' },
    fix: { type: 'boolean' },
    'max-warnings': { type: 'string' },
    cache: { type: 'boolean' },
    'cache-location': { type: 'string' },
  },
  move: {
    ...common,
    to: { type: 'string', short: 't' },
    up: { type: 'boolean', short: 'u' },
    down: { type: 'boolean', short: 'd' },
    top: { type: 'boolean' },
    bottom: { type: 'boolean' },
    before: { type: 'string', short: 'b' },
    after: { type: 'string', short: 'a' },
    group: { type: 'string', short: 'g' },
  },
  next: { ...common, format: { type: 'string', short: 'f' } },
  diff: { ...common, format: { type: 'string', short: 'f' }, since: { type: 'string', short: 's' }, to: { type: 'string' } },
  report: { ...common, format: { type: 'string', short: 'f' }, since: { type: 'string', short: 's' }, output: { type: 'string', short: 'o' } },
  forecast: { ...common, format: { type: 'string', short: 'f' }, seed: { type: 'string' }, trials: { type: 'string' }, source: { type: 'string' } },
  accept: { ...common, met: { type: 'string' }, date: { type: 'string' } },
  reject: { ...common, reason: { type: 'string', short: 'r' }, date: { type: 'string' } },
  lsp: { help: { type: 'boolean', short: 'h' }, stdio: { type: 'boolean' } },
  mcp: { help: { type: 'boolean', short: 'h' }, root: { type: 'string', short: 'r' } },
} as const satisfies Record<string, ParseArgsConfig['options']>;

type Command = keyof typeof OPTIONS;
const isCommand = (s: string): s is Command => Object.hasOwn(OPTIONS, s);

/**
 * A mistake on the command line itself (unknown option, missing argument, bad value): besides the one-line message,
 * main prints the command's usage line, as markdownlint-cli and eslint do. Problems with the files or items named
 * (no such file, unknown item, rank out of range) are plain CliErrors: one line only.
 */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command: Command | null,
  ) {
    super(message);
  }
}

/** The first line of a help text: `Usage: backlog list <file> ...`. */
export const usageLine = (command: Command | null) => (command ? HELP[command] : USAGE).split('\n')[0];

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, option: string, command: Command): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`, command);
}

/** Turns parseArgs' errors into one clear sentence. */
function usageError(error: unknown, command: Command): UsageError | null {
  const e = error as { code?: string; message?: string };
  if (typeof e?.code !== 'string' || !e.code.startsWith('ERR_PARSE_ARGS')) return null;
  const first = (e.message ?? '').split('\n')[0].replace(/\.$/, '');
  // "Option '-t, --to <value>' argument missing": name the long form.
  const option = /'(?:-\w, )?(-{1,2}[^', ]+)/.exec(first)?.[1];
  let message = first;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /missing|ambiguous/.test(first)) message = `option ${option} needs a value`;
  else if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /does not take/.test(first)) message = `option ${option} does not take a value`;
  else if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) message = `unknown option ${option}`;
  return new UsageError(`${message} (see "backlog ${command} --help")`, command);
}

function dispatch(argv: readonly string[], io: Io): number | Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic) && first === 'help') {
      throw new UsageError(`no help on "${topic}": the commands are list, lint, move, next, diff, report, forecast, accept, reject, lsp, mcp`, null);
    }
    io.stdout(topic && isCommand(topic) ? HELP[topic] : USAGE);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (!isCommand(first)) {
    throw new UsageError(
      first.startsWith('-') ? `unknown option ${first} (see "backlog --help")` : `unknown command "${first}" (commands: list, lint, move, next, diff, report, forecast, accept, reject, lsp, mcp; see "backlog --help")`,
      null,
    );
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS[first], strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    throw usageError(error, first) ?? error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP[first]);
    return 0;
  }
  const config = values.config as string | undefined;
  if (config === '') throw new UsageError(`option --config needs a value (see "backlog ${first} --help")`, first);

  if (first === 'list') {
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, 'text', '--format', first);
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'list needs a file (see "backlog list --help")' : `list takes one file, got ${positionals.length}`, first);
    }
    return runList({ file: positionals[0], format, config }, io);
  }
  if (first === 'lint') {
    const format = oneOf(values.format as string | undefined, ['stylish', 'json', 'sarif'] as const, 'stylish', '--format', first);
    const max = values['max-warnings'] as string | undefined;
    if (max !== undefined && !/^\d+$/.test(max.trim())) throw new UsageError(`--max-warnings must be a whole number from 0, got "${max}"`, first);
    const location = values['cache-location'] as string | undefined;
    if (location !== undefined && location.trim() === '') throw new UsageError('option --cache-location needs a path', first);
    if (location !== undefined && !values.cache) throw new UsageError('--cache-location needs --cache', first);
    const cache = values.cache ? { location: location ?? DEFAULT_CACHE_FILE, tool: toolKey(version) } : undefined;
    return runLint({ patterns: positionals, format, fix: values.fix === true, config, maxWarnings: max === undefined ? undefined : Number(max), cache }, io, TOOL);
  }
  if (first === 'next') {
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, 'text', '--format', first);
    const counts = positionals.filter((p) => /^\d+$/.test(p));
    const files = positionals.filter((p) => !/^\d+$/.test(p));
    if (counts.length > 1 || files.length > 1) throw new UsageError(`next takes at most a count and a file, got ${positionals.map((p) => `"${p}"`).join(' ')}`, first);
    const count = counts.length === 1 ? Number(counts[0]) : 5;
    if (count < 1) throw new UsageError('N must be a whole number from 1', first);
    return runNext({ count, file: files[0], format, config }, io);
  }
  if (first === 'diff' || first === 'report') {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? `${first} needs a file (see "backlog ${first} --help")` : `${first} takes one file, got ${positionals.length}`, first);
    }
    for (const option of ['since', 'to', 'output'] as const) {
      if (values[option] === '') throw new UsageError(`option --${option} needs a value (see "backlog ${first} --help")`, first);
    }
    const configs = new ConfigResolver(io.cwd, config === undefined ? null : loadConfigFile(config, io.cwd), (m) => io.stderr(`backlog: warning: ${m}\n`));
    const since = values.since as string | undefined;
    if (first === 'diff') {
      const format = oneOf(values.format as string | undefined, ['text', 'json', 'markdown'] as const, 'text', '--format', first);
      return runDiff({ file: positionals[0], since, to: values.to as string | undefined, format }, io, configs);
    }
    const output = values.output as string | undefined;
    const format = oneOf(values.format as string | undefined, ['html', 'markdown'] as const, output && /\.(md|markdown)$/i.test(output) ? 'markdown' : 'html', '--format', first);
    return runReport({ file: positionals[0], output, format, since }, io, configs, `Backlog as Code ${version}`);
  }
  if (first === 'forecast') {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'forecast needs a file (see "backlog forecast --help")' : `forecast takes one file, got ${positionals.length}`, first);
    }
    const format = oneOf(values.format as string | undefined, ['text', 'json', 'markdown'] as const, 'text', '--format', first);
    const source = values.source === undefined ? undefined : oneOf(values.source as string, ['git', 'sprints', 'config'] as const, 'git', '--source', first);
    const whole = (option: 'seed' | 'trials', min: number, max: number): number | undefined => {
      const raw = values[option] as string | undefined;
      if (raw === undefined) return undefined;
      const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!(n >= min && n <= max)) throw new UsageError(`--${option} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${raw}"`, first);
      return n;
    };
    const seed = whole('seed', 0, 2 ** 32 - 1);
    const trials = whole('trials', 100, 1_000_000);
    const configs = new ConfigResolver(io.cwd, config === undefined ? null : loadConfigFile(config, io.cwd), (m) => io.stderr(`backlog: warning: ${m}\n`));
    return runForecast({ file: positionals[0], format, source, seed, trials }, io, configs);
  }
  if (first === 'accept' || first === 'reject') {
    if (positionals.length !== 2) {
      throw new UsageError(positionals.length < 2 ? `${first} needs a file and an item (see "backlog ${first} --help")` : `${first} takes a file and an item, got ${positionals.length} arguments`, first);
    }
    const date = values.date as string | undefined;
    if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))) {
      throw new UsageError(`--date must be a date written YYYY-MM-DD, got "${date}"`, first);
    }
    let met: number[] | 'all' | undefined;
    const rawMet = values.met as string | undefined;
    if (rawMet !== undefined) {
      if (rawMet.trim().toLowerCase() === 'all') met = 'all';
      else if (/^\s*\d+(\s*,\s*\d+)*\s*$/.test(rawMet)) met = rawMet.split(',').map((n) => Number(n.trim()));
      else throw new UsageError(`--met must be criterion numbers such as 1,3 or "all", got "${rawMet}"`, first);
    }
    if (first === 'reject' && (values.reason === undefined || String(values.reason).trim() === '')) throw new UsageError('reject needs a reason: --reason "<why>"', first);
    const configs = new ConfigResolver(io.cwd, config === undefined ? null : loadConfigFile(config, io.cwd), (m) => io.stderr(`backlog: warning: ${m}\n`));
    return runDecision(first, { file: positionals[0], item: positionals[1], date, met, reason: values.reason as string | undefined }, io, configs);
  }
  if (first === 'lsp' || first === 'mcp') {
    if (positionals.length > 0) throw new UsageError(`${first} takes no arguments`, first);
    if (first === 'lsp' && !values.stdio) throw new UsageError('lsp talks over stdin/stdout only: run "backlog lsp --stdio"', first);
    const root = values.root === undefined ? io.cwd : require('node:path').resolve(io.cwd, String(values.root));
    if (first === 'mcp' && !isFolder(root)) throw new UsageError(`--root ${String(values.root)} is not a folder`, first);
    startServer(first, { root });
    return 0;
  }
  // move
  if (positionals.length !== 2) {
    throw new UsageError(
      positionals.length < 2 ? `move needs a file and an item (see "backlog move --help")` : `move takes a file and an item, got ${positionals.length} arguments`,
      first,
    );
  }
  const chosen = (['to', 'up', 'down', 'top', 'bottom', 'before', 'after', 'group'] as const).filter((k) => values[k] !== undefined && values[k] !== false);
  if (chosen.length === 0) throw new UsageError('move needs one of --to <rank>, --up, --down, --top, --bottom, --before <item>, --after <item>, --group <title>', first);
  if (chosen.length > 1) throw new UsageError(`use only one of ${chosen.map((c) => `--${c}`).join(', ')}`, first);
  let target: MoveTarget;
  if (chosen[0] === 'to') {
    const raw = String(values.to).trim();
    if (!/^\d+$/.test(raw)) throw new UsageError(`--to must be a rank (a whole number from 1), got "${values.to}"`, first);
    target = { kind: 'to', rank: Number(raw) };
  } else if (chosen[0] === 'before' || chosen[0] === 'after') {
    const anchor = String(values[chosen[0]]).trim();
    if (anchor === '') throw new UsageError(`option --${chosen[0]} needs an item (a rank or an ID)`, first);
    target = { kind: chosen[0], anchor };
  } else if (chosen[0] === 'group') {
    const group = String(values.group).trim();
    if (group === '') throw new UsageError('option --group needs the title of a group', first);
    target = { kind: 'group', group };
  } else target = { kind: chosen[0] };
  return runMove({ file: positionals[0], item: positionals[1], target, config }, io);
}

/**
 * The servers are separate bundles (dist/lsp.js, dist/mcp.js) beside this one, loaded only when their command runs,
 * so that `backlog lint` does not pay for vscode-languageserver or the MCP SDK. They keep the process alive on stdio.
 */
function startServer(name: 'lsp' | 'mcp', options: { root: string }): void {
  const path = require('node:path').join(__dirname, `${name}.js`) as string;
  let server: { start(options: { root: string }): void };
  try {
    server = require(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new CliError(`the ${name} server is not built (${path} is missing): run "npm run build"`);
    throw error;
  }
  server.start(options);
}

function isFolder(path: string): boolean {
  try {
    return require('node:fs').statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Runs the CLI. Never rejects: usage and I/O problems are one line on stderr and exit code 2. Async because commands
 * that read git history (src/node/git.ts) run the git executable asynchronously.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`backlog: ${error.message}\n`);
      if (error instanceof UsageError) io.stderr(`${usageLine(error.command)}\n`);
      return error.exitCode;
    }
    // A bug of ours: still one line, unless BACKLOG_DEBUG asks for the stack.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.stderr(`backlog: internal error: ${message}${process.env.BACKLOG_DEBUG ? `\n${(error as Error).stack}` : ' (set BACKLOG_DEBUG=1 for details)'}\n`);
    return 2;
  }
}

/**
 * Whether stylish output is coloured: FORCE_COLOR (any value but 0 or false) turns colours on, as in Node itself;
 * otherwise only on a terminal, without NO_COLOR (https://no-color.org: set and not empty) and not with TERM=dumb.
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** Io on the real process streams. A closed pipe (`backlog list | head`) is not an error. */
export function processIo(): Io {
  const ignoreEpipe = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  };
  process.stdout.on('error', ignoreEpipe);
  process.stderr.on('error', ignoreEpipe);
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: useColor(process.env, process.stdout.isTTY === true),
  };
}

if (typeof require !== 'undefined' && require.main === module) {
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
