// `npm run fuzz [-- --seconds 600] [--seed N] [--property analysis,move] [--hang-seconds 60]`: mutation fuzzing from the project's
// fixtures with fast-check, for a time budget (issue #10). Each input is a fixture (or a kept regression) changed by a
// few random operations: tokens of backlog markdown inserted, text deleted or duplicated, a token repeated thousands
// of times, line breaks turned into CRLF or lone CR, random Unicode. On each input it checks, in test/fuzz/properties.ts:
// analysis never throws and stays under a time bound for its size; the cached (incremental) analysis after an edit
// equals a fresh one; every one-step move is lossless and reversible; Fix All keeps the items and converges; the board
// snapshot survives the webview's validator. A failing input is shrunk by fast-check and kept in test/fixtures/fuzz/
// (replayed by the unit suite). A watchdog process kills an input that hangs and keeps it as well.
//
// Prints `fuzz: N passed, M failed` (inputs) at the end, the line scripts/test-all.sh reads; exit 1 on any failure.
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { analyzeBacklog } from '../../src/core/analyze';
import { check, PROPERTY_NAMES, type PropertyName } from './properties';

const ROOT = process.env.FUZZ_ROOT ?? join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const KEPT = join(FIXTURES, 'fuzz');
const PROGRESS = join(KEPT, '.in-progress.json');

interface Args {
  seconds: number;
  /** Stop after this many rounds (50 inputs per property each): with a seed, the same inputs on any machine. */
  rounds: number;
  seed: number;
  properties: PropertyName[];
  /** An input (or a phase) that runs longer than this is a hang. */
  hangSeconds: number;
  child: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { seconds: 600, rounds: Infinity, seed: Date.now() % 2 ** 31, properties: [...PROPERTY_NAMES], hangSeconds: 60, child: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seconds') args.seconds = Number(argv[++i]);
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--property') args.properties = argv[++i].split(',') as PropertyName[];
    else if (a === '--hang-seconds') args.hangSeconds = Number(argv[++i]);
    else if (a === '--child') args.child = true;
    else throw new Error(`unknown argument ${a} (use --seconds N, --rounds N, --seed N, --property ${PROPERTY_NAMES.join(',')}, --hang-seconds N)`);
  }
  if (!(args.seconds > 0)) throw new Error('--seconds must be a positive number');
  if (!(args.rounds > 0)) throw new Error('--rounds must be a positive number');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!(args.hangSeconds > 0)) throw new Error('--hang-seconds must be a positive number');
  for (const p of args.properties) if (!PROPERTY_NAMES.includes(p)) throw new Error(`unknown property ${p}`);
  return args;
}

// ---------------------------------------------------------------------------------------------- inputs

/** Every markdown fixture of the project (`fixtures`), and the texts of the kept regressions (`kept`). */
function seeds(): { fixtures: string[]; kept: string[] } {
  const fixtures: string[] = [];
  const kept: string[] = [];
  const visit = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.md')) fixtures.push(readFileSync(p, 'utf8'));
      else if (dir === KEPT && e.name.endsWith('.json') && !e.name.startsWith('.')) {
        const text = (JSON.parse(readFileSync(p, 'utf8')) as Partial<Kept>).text;
        if (typeof text === 'string') kept.push(text);
      }
    }
  };
  visit(FIXTURES);
  const small = (t: string) => t.length < 200_000;
  return { fixtures: fixtures.filter(small), kept: kept.filter(small) };
}

/** Pieces of backlog markdown the mutations insert. */
const TOKENS = [
  '\n', '\n\n', '\r\n', '\r', ' ', '  ', '\t', '#', '## ', '### ', '- ', '* ', '1. ', '> ', '- [ ] ', '- [x] ', '|', '| --- |', '```', '~~~', '    ',
  '---', '...', '***', '___', '**', '__', '*', '_', '~~', '`', '<!-- ', ' -->', '<br>', '<table>', '<tr><td>', '</td></tr></table>', '<details>', '\\',
  'US-1', 'US-2', 'US-12', '#3', 'As a user, ', 'I want ', 'so that ', 'As a ', 'e.g', 'e.g.', 'z.B. ', 'Als Nutzer möchte ich ', 'um ', 'Priority: ', 'Estimate: ', 'Status: done',
  'Depends on: US-1', 'Acceptance criteria:', '**Acceptance criteria:**', 'Definition of Done', 'Done', '[In progress]', ' — `READY`', '<!-- backlog-disable-next-item -->',
  '---\ntitle: x\n', 'backlog:\n  shape: list\n', '\u00a0', '\u200b', '\ufeff', '\u202e', '\u001b[31m', 'é', '作为用户，我希望', '𝐀', '\u0000',
];

type Op =
  | { readonly kind: 'insert'; readonly at: number; readonly token: number }
  | { readonly kind: 'text'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly token: number; readonly times: number }
  | { readonly kind: 'eol'; readonly eol: 0 | 1 | 2 };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, token: fc.nat(TOKENS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('text' as const), at: position, text: fc.string({ unit: 'binary', maxLength: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 400 }), times: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: position, token: fc.nat(TOKENS.length - 1), times: fc.integer({ min: 2, max: 5_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), eol: fc.constantFrom(0 as const, 1 as const, 2 as const) }) },
);

function apply(text: string, o: Op): string {
  const at = (f: number) => Math.min(text.length, Math.floor(f * (text.length + 1)));
  switch (o.kind) {
    case 'insert':
      return text.slice(0, at(o.at)) + TOKENS[o.token] + text.slice(at(o.at));
    case 'text':
      return text.slice(0, at(o.at)) + o.text + text.slice(at(o.at));
    case 'delete':
      return text.slice(0, at(o.at)) + text.slice(at(o.at) + o.length);
    case 'duplicate': {
      const s = at(o.at);
      return text.slice(0, s) + text.slice(s, s + o.length).repeat(o.times) + text.slice(s);
    }
    case 'repeat':
      return text.slice(0, at(o.at)) + TOKENS[o.token].repeat(o.times) + text.slice(at(o.at));
    case 'eol': {
      const lf = text.replace(/\r\n?/g, '\n');
      return o.eol === 0 ? lf : o.eol === 1 ? lf.replace(/\n/g, '\r\n') : lf.replace(/\n/g, '\r');
    }
  }
}

/** One fuzz input: a seed changed by some operations, a small edit of the result, and an item to move. */
export interface Input {
  readonly text: string;
  readonly edited: string;
  readonly pick: number;
}

function inputArbitrary(seedTexts: readonly string[]): fc.Arbitrary<Input> {
  return fc
    .record({
      seed: fc.nat(seedTexts.length - 1),
      ops: fc.array(op, { maxLength: 6 }),
      edit: fc.oneof(
        fc.record({ kind: fc.constant('insert' as const), at: position, token: fc.nat(TOKENS.length - 1) }),
        fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 3 }) }),
        fc.record({ kind: fc.constant('text' as const), at: position, text: fc.string({ maxLength: 3 }) }),
      ),
      pick: fc.nat(),
    })
    .map(({ seed, ops, edit, pick }) => {
      const text = ops.reduce(apply, seedTexts[seed]);
      return { text, edited: apply(text, edit), pick };
    });
}

// ---------------------------------------------------------------------------------------------- time bound

/**
 * Microseconds per character of a whole analysis on the project's own fixtures, measured at start: the time bound
 * of an input is 60 times that for its length, and at least 1.5 s (a loaded machine, garbage collection).
 */
function baselineMicrosPerChar(texts: readonly string[]): number {
  const big = texts.join('\n\n');
  for (let i = 0; i < 3; i++) analyzeBacklog(big);
  const t = performance.now();
  analyzeBacklog(big);
  return ((performance.now() - t) * 1000) / Math.max(1, big.length);
}

function timeBoundMs(length: number, perChar: number): number {
  return Math.max(1_500, (60 * perChar * length) / 1000);
}

/** The analysis property with its time bound: slow twice in a row is a failure (once may be the machine). */
function checkTimed(input: Input, perChar: number): string | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    const t = performance.now();
    const failure = check('analysis', input.text, input.edited, input.pick);
    if (failure) return failure;
    const ms = performance.now() - t;
    if (ms <= timeBoundMs(input.text.length, perChar)) return null;
    if (attempt === 1) return `slow: ${Math.round(ms)} ms for ${input.text.length} characters (bound ${Math.round(timeBoundMs(input.text.length, perChar))} ms)`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- kept inputs

interface Kept {
  readonly property: PropertyName | 'hang';
  /** For a hang: the property that was running on the input (replayed by the unit suite). */
  readonly hungIn?: PropertyName;
  readonly message: string;
  readonly text: string;
  readonly edited: string;
  readonly pick: number;
}

/**
 * What the child is doing, written to PROGRESS before each step (the watchdog reads it): an input under a property,
 * or a phase with no input (reading the seeds, measuring the baseline). Only an input is kept when it hangs.
 */
type Progress = ({ readonly property: PropertyName } & Input) | { readonly phase: string };

/** Written whole and renamed into place: the watchdog never reads half a file. */
function writeProgress(progress: Progress): void {
  writeFileSync(`${PROGRESS}.${process.pid}`, JSON.stringify(progress));
  renameSync(`${PROGRESS}.${process.pid}`, PROGRESS);
}

function keep(k: Kept): string {
  mkdirSync(KEPT, { recursive: true });
  const hash = createHash('sha1').update(`${k.property}\0${k.text}\0${k.edited}\0${k.pick}`).digest('hex').slice(0, 10);
  const file = join(KEPT, `${k.property}-${hash}.json`);
  writeFileSync(file, `${JSON.stringify(k, null, 2)}\n`);
  return relative(ROOT, file);
}

// ---------------------------------------------------------------------------------------------- child: the fuzzing

function runChild(args: Args): void {
  writeProgress({ phase: 'reading the seeds' });
  const { fixtures, kept } = seeds();
  const texts = [...fixtures, ...kept];
  // The project's own fixtures only: a kept input is there because it was slow once.
  writeProgress({ phase: 'measuring the baseline' });
  const perChar = baselineMicrosPerChar(fixtures.slice(0, 40));
  const deadline = Date.now() + args.seconds * 1000;
  const counts = new Map<string, number>();
  let inputs = 0;
  let failures = 0;
  let round = 0;
  const arbitrary = inputArbitrary(texts);
  console.log(`fuzz: ${texts.length} seeds (${kept.length} kept inputs), properties ${args.properties.join(', ')}, baseline ${perChar.toFixed(2)} µs/char, seed ${args.seed}, ${args.seconds} s`);
  while (Date.now() < deadline && round < args.rounds) {
    for (const property of args.properties) {
      if (Date.now() >= deadline || round >= args.rounds) break;
      const result = fc.check(
        fc.property(arbitrary, (input) => {
          writeProgress({ property, ...input });
          inputs++;
          counts.set(property, (counts.get(property) ?? 0) + 1);
          const failure = property === 'analysis' ? checkTimed(input, perChar) : check(property, input.text, input.edited, input.pick);
          if (failure) throw new Error(failure);
        }),
        { seed: args.seed + round, numRuns: 50, interruptAfterTimeLimit: Math.max(1, deadline - Date.now()) },
      );
      round++;
      if (result.failed && result.counterexample) {
        const [input] = result.counterexample as [Input];
        const message = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        failures++;
        console.log(`FAIL ${property}: ${message}\n  kept as ${keep({ property, message, ...input })} (shrunk ${result.numShrinks} times)`);
      }
    }
  }
  const per = [...counts].map(([p, n]) => `${p} ${n}`).join(', ');
  console.log(`fuzz: ${inputs} inputs (${per}), ${failures} failing properties kept in test/fixtures/fuzz/`);
  console.log(`fuzz: ${inputs} passed, ${failures} failed`);
  process.exitCode = failures > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------- parent: the watchdog

/**
 * Runs the fuzzer in a child process; an input that runs for more than `--hang-seconds` (60) is a hang: kept, and
 * fuzzing goes on with another seed. A phase with no input that runs that long (the seeds, the baseline) is a failure
 * too, but there is no input to keep: it says which phase.
 */
function runParent(args: Args): void {
  const start = Date.now();
  let hangs = 0;
  let seed = args.seed;
  // A progress file left by an earlier run (killed, or a hang) is not this run's input.
  writeProgress({ phase: 'starting' });
  const spawnChild = (): ChildProcess => {
    const remaining = Math.max(1, Math.round(args.seconds - (Date.now() - start) / 1000));
    return fork(__filename, ['--child', '--seconds', String(remaining), '--seed', String(seed), '--rounds', String(args.rounds), '--property', args.properties.join(',')], { stdio: 'inherit' });
  };
  let child = spawnChild();
  // The child never outlives the watchdog.
  process.on('exit', () => child.kill('SIGKILL'));
  const timer = setInterval(() => {
    if (!existsSync(PROGRESS)) return;
    const progress = JSON.parse(readFileSync(PROGRESS, 'utf8')) as Progress;
    // A phase (starting Node, reading the seeds) does not grow with an input: it gets at least a minute.
    const limit = 'phase' in progress ? Math.max(60, args.hangSeconds) : args.hangSeconds;
    if (Date.now() - statSync(PROGRESS).mtimeMs < limit * 1000) return;
    hangs++;
    if ('phase' in progress) {
      console.log(`FAIL hang: ${progress.phase} ran for over ${limit} s (no input to keep)`);
    } else {
      const { property, text, edited, pick } = progress;
      const message = `${property} ran for over ${args.hangSeconds} s`;
      console.log(`FAIL hang (${property}): an input ran for over ${args.hangSeconds} s\n  kept as ${keep({ property: 'hang', hungIn: property, message, text, edited, pick })}`);
    }
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    writeProgress({ phase: 'restarting after a hang' });
    seed += 7919;
    if ((Date.now() - start) / 1000 < args.seconds - 5) {
      child = spawnChild();
      child.on('exit', onExit);
    } else finish(1);
  }, Math.min(5_000, args.hangSeconds * 500));
  const finish = (code: number) => {
    clearInterval(timer);
    if (hangs > 0) console.log(`fuzz: ${hangs} hangs (see FAIL above)`);
    process.exitCode = code || (hangs > 0 ? 1 : 0);
  };
  const onExit = (code: number | null) => finish(code ?? 1);
  child.on('exit', onExit);
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(KEPT, { recursive: true });
  if (args.child) runChild(args);
  else runParent(args);
}
