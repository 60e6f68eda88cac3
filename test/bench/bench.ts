// `npm run bench`: every backlog shape at 100, 1,000 and 10,000 items: cold analysis, opening as the extension does
// (time to first tree, longest stall of the event loop), re-analysis after a one-item edit, live heap, markdownlint on
// the same text, and the CLI (`backlog lint`, cold and with `--cache`) against markdownlint. One table per shape, then
// the targets of issue 9 as PASS/FAIL lines; exit code 1 when one fails.
//
// Built by esbuild.mjs into dist/bench.js (markdownlint stays external: it is loaded from node_modules as users run
// it) and run with --expose-gc. Options:
//   --shapes=list,table   shapes to run (default: all, see SHAPES in generate.ts)
//   --sizes=100,1000      sizes to run (default 100,1000,10000)
//   --reps=N              scale every repetition count
//   --no-cli              skip the CLI measurements
//   --markdownlint-max=N  largest size markdownlint is timed at (default 1000; at 10,000 items it takes ~30 s a run)
// Medians are printed; p95 where it is a target. Numbers from one run compare; across runs on shared cores expect
// ±20 % (docs/PERFORMANCE.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from 'markdownlint/sync';
import { analyzeBacklog, SectionCache } from '../../src/core/analyze';
import { applyEdits, planMove } from '../../src/core/edits';
import { parseBacklog } from '../../src/core/parse';
import { type BenchShape, editOneItem, generateShape, SHAPE_TITLES, SHAPES } from './generate';
import { openAsTheExtensionDoes, type OpenResult } from './open';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string) => process.argv.includes(`--${name}`);
const SIZES = (arg('sizes') ?? '100,1000,10000').split(',').map(Number);
const SHAPE_LIST = (arg('shapes')?.split(',') ?? [...SHAPES]) as BenchShape[];
const SCALE = Number(arg('reps') ?? 1);
const MARKDOWNLINT_MAX = Number(arg('markdownlint-max') ?? 1000);
const CLI = !flag('no-cli');
for (const s of SHAPE_LIST) if (!SHAPES.includes(s)) throw new Error(`unknown shape ${s}; known: ${SHAPES.join(', ')}`);

/** Repetitions per size, and a time budget after which a measurement stops early (never below `min`). */
const REPS: Record<string, { reps: Record<number, number>; min: number; budgetMs: number }> = {
  cold: { reps: { 100: 9, 1000: 3, 10000: 1 }, min: 1, budgetMs: 20_000 },
  markdownlint: { reps: { 100: 9, 1000: 3, 10000: 1 }, min: 1, budgetMs: 20_000 },
  reanalysis: { reps: { 100: 40, 1000: 30, 10000: 20 }, min: 5, budgetMs: 15_000 },
  move: { reps: { 100: 100, 1000: 50, 10000: 20 }, min: 5, budgetMs: 2_000 },
  cli: { reps: { 1000: 3 }, min: 1, budgetMs: 30_000 },
};

const gc = (globalThis as { gc?: () => void }).gc;
const fullGc = () => {
  // Twice: the first collection can leave weakly held entries that only the second frees.
  gc?.();
  gc?.();
};

interface Stats {
  readonly median: number;
  readonly p95: number;
  readonly runs: number;
}

function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  return { median, p95, runs: s.length };
}

/** Runs `fn` the configured number of times for `what` at size `n` (fewer when over budget); returns the times. */
function measure(what: keyof typeof REPS, n: number, fn: (k: number) => void, before?: () => void): number[] {
  const { reps, min, budgetMs } = REPS[what];
  const want = Math.max(1, Math.round((reps[n] ?? reps[1000] ?? 3) * SCALE));
  const out: number[] = [];
  let spent = 0;
  const atLeast = Math.max(1, Math.min(want, Math.round(min * SCALE)));
  for (let k = 0; k < want && (k < atLeast || spent < budgetMs); k++) {
    before?.();
    const t0 = performance.now();
    fn(k);
    const t = performance.now() - t0;
    out.push(t);
    spent += t;
  }
  return out;
}

function packageVersion(...candidates: string[]): string {
  const root = join(__dirname, '..');
  for (const c of candidates) {
    const p = join(root, 'node_modules', c, 'package.json');
    if (existsSync(p)) return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
  }
  return 'not found';
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtStats = (s: Stats | undefined, p95 = false) => (s ? (p95 ? `${fmtMs(s.median)} (p95 ${fmtMs(s.p95)})` : fmtMs(s.median)) : '-');
const fmtRatio = (r: number | undefined) => (r === undefined || !Number.isFinite(r) ? '-' : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toFixed(4));
const fmtMb = (bytes: number | undefined) => (bytes === undefined ? '-' : `${(bytes / 1048576).toFixed(1)} MB`);
const log = (s: string) => process.stderr.write(`${s}\n`);

interface CliResult {
  readonly cold: Stats;
  readonly cached: Stats | null;
  readonly markdownlint: Stats;
}

interface SizeResult {
  readonly n: number;
  readonly bytes: number;
  readonly cold: Stats;
  readonly open: OpenResult;
  readonly reanalysis: Stats;
  readonly editStall: number;
  readonly move: Stats;
  readonly markdownlint: Stats | null;
  readonly heapBytes: number | undefined;
  readonly fastPaths: number;
  readonly cli: CliResult | null;
}

async function runSize(shape: BenchShape, n: number, workdir: string): Promise<SizeResult> {
  const say = (s: string) => log(`  ${shape} ${n}: ${s}`);
  fullGc();
  const heapBefore = process.memoryUsage().heapUsed;
  const { text } = generateShape(shape, n);

  // Cold analysis (what the CLI does), then markdownlint on the same text.
  let items = 0;
  const cold = measure('cold', n, () => {
    items = analyzeBacklog(text, { cache: new SectionCache() }).backlog.items.length;
  }, fullGc);
  say(`cold ${fmtMs(stats(cold).median)} ms`);
  if (items !== n) throw new Error(`${shape}: the generated backlog parsed as ${items} items, expected ${n}`);
  let markdownlint: Stats | null = null;
  if (n <= MARKDOWNLINT_MAX) {
    markdownlint = stats(measure('markdownlint', n, () => lint({ strings: { backlog: text } }), fullGc));
    say(`markdownlint ${fmtMs(markdownlint.median)} ms`);
  }

  // Opening as the extension does: the first tree, then everything, with an event-loop probe running.
  fullGc();
  const cache = new SectionCache();
  const open = await openAsTheExtensionDoes(text, cache);
  say(`open: first tree ${fmtMs(open.firstTreeMs)} ms, all ${fmtMs(open.totalMs)} ms, longest stall ${fmtMs(open.longestStallMs)} ms`);

  // Re-analysis after a one-word edit in the middle item: warm cache, alternating two variants of the edit.
  const edited = [editOneItem(text, n, 0), editOneItem(text, n, 1)];
  if (edited[0] === text || edited[1] === text || edited[0] === edited[1]) throw new Error(`${shape}: the edit did not change the text`);
  analyzeBacklog(edited[1], { cache });
  const fastBefore = cache.fastPaths;
  let longestEdit = 0;
  const re = measure('reanalysis', n, (k) => {
    const t0 = performance.now();
    analyzeBacklog(edited[k % 2], { cache });
    longestEdit = Math.max(longestEdit, performance.now() - t0);
  });
  const reanalysis = stats(re);
  const fastPaths = cache.fastPaths - fastBefore;
  say(`re-analysis ${fmtStats(reanalysis, true)} ms (${fastPaths} of ${re.length} on the fast path)`);

  // Live heap: what the text, the analysis and the document's cache keep after a full collection.
  let heapBytes: number | undefined;
  if (gc) {
    fullGc();
    heapBytes = process.memoryUsage().heapUsed - heapBefore;
    say(`heap ${fmtMb(heapBytes)}`);
  }

  // Planning a move of the last item to the top, on a parsed backlog.
  const backlog = parseBacklog(text, { cache });
  const check = planMove(backlog, n - 1, 0);
  if (!check.ok) throw new Error(`${shape}: planMove failed: ${check.error}`);
  const moved = parseBacklog(applyEdits(text, check.edits));
  if (moved.items.length !== n || moved.items[0].id !== `US-${n}`) throw new Error(`${shape}: planMove did not move the last item to the top`);
  const move = stats(measure('move', n, () => planMove(backlog, n - 1, 0)));

  const cli = CLI && REPS.cli.reps[n] ? runCli(shape, n, text, workdir, say) : null;
  return {
    n,
    bytes: Buffer.byteLength(text),
    cold: stats(cold),
    open,
    reanalysis,
    editStall: longestEdit,
    move,
    markdownlint,
    heapBytes,
    fastPaths,
    cli,
  };
}

/** `backlog lint` as a user runs it (a new process), cold and with `--cache`, and markdownlint the same way. */
function runCli(shape: BenchShape, n: number, text: string, workdir: string, say: (s: string) => void): CliResult {
  const dir = join(workdir, `${shape}-${n}`);
  execFileSync('mkdir', ['-p', dir]);
  const file = join(dir, 'BACKLOG.md');
  writeFileSync(file, text);
  const cliJs = join(__dirname, 'cli.js');
  const cacheFile = join(dir, '.backlogcache');
  const run = (args: string[]) => {
    try {
      execFileSync(process.execPath, [cliJs, 'lint', ...args, file], { cwd: dir, stdio: 'pipe' });
    } catch (e) {
      // Exit code 1 means findings; anything else is a failure of the run.
      const status = (e as { status?: number }).status;
      if (status !== 1) throw new Error(`${shape}: backlog lint exited with ${status}: ${(e as { stderr?: Buffer }).stderr?.toString()}`);
    }
  };
  const hasCache = supportsCache(cliJs);
  const cold = stats(measure('cli', n, () => run([]), () => rmSync(cacheFile, { force: true })));
  let cached: Stats | null = null;
  if (hasCache) {
    rmSync(cacheFile, { force: true });
    run(['--cache', `--cache-location=${cacheFile}`]);
    cached = stats(measure('cli', n, () => run(['--cache', `--cache-location=${cacheFile}`])));
  }
  const mlScript = `require('markdownlint/sync').lint({ files: [${JSON.stringify(file)}] })`;
  const markdownlint = stats(measure('cli', n, () => execFileSync(process.execPath, ['-e', mlScript], { cwd: join(__dirname, '..'), stdio: 'pipe' })));
  say(`CLI cold ${fmtMs(cold.median)} ms, cached ${cached ? fmtMs(cached.median) : '-'} ms, markdownlint ${fmtMs(markdownlint.median)} ms`);
  return { cold, cached, markdownlint };
}

function supportsCache(cliJs: string): boolean {
  try {
    return execFileSync(process.execPath, [cliJs, 'lint', '--help'], { stdio: 'pipe' }).toString().includes('--cache');
  } catch (e) {
    return ((e as { stdout?: Buffer }).stdout?.toString() ?? '').includes('--cache');
  }
}

type Verdict = readonly [shape: string, text: string, ok: boolean];

function shapeTable(shape: BenchShape, results: readonly SizeResult[], verdicts: Verdict[]): string {
  const col = (r: SizeResult) => `${r.n.toLocaleString('en-US')} items (${(r.bytes / 1024).toFixed(0)} KB)`;
  const ml = (r: SizeResult) => r.markdownlint?.median;
  const rows: [string, (r: SizeResult) => string][] = [
    ['cold analysis (analyzeBacklog, new cache)', (r) => fmtStats(r.cold)],
    ['open: time to first tree', (r) => fmtMs(r.open.firstTreeMs)],
    ['open: everything analysed', (r) => fmtMs(r.open.totalMs)],
    ['open: longest stall (event-loop probe)', (r) => fmtMs(r.open.longestStallMs)],
    ['re-analysis after a one-item edit', (r) => fmtStats(r.reanalysis, true)],
    ['re-analysis on the fast path', (r) => `${r.fastPaths} of ${r.reanalysis.runs}`],
    ['planMove bottom → top', (r) => fmtStats(r.move)],
    ['markdownlint 0.40 (default rules)', (r) => fmtStats(r.markdownlint ?? undefined)],
    ['cold ÷ markdownlint', (r) => fmtRatio(ml(r) && r.cold.median / ml(r)!)],
    ['re-analysis ÷ markdownlint', (r) => fmtRatio(ml(r) && r.reanalysis.median / ml(r)!)],
    ['live heap after full GC (text + analysis + cache)', (r) => fmtMb(r.heapBytes)],
    ['CLI `backlog lint` cold / markdownlint (processes)', (r) => (r.cli ? `${fmtMs(r.cli.cold.median)} / ${fmtMs(r.cli.markdownlint.median)} = ${fmtRatio(r.cli.cold.median / r.cli.markdownlint.median)}` : '-')],
    ['CLI `backlog lint --cache`, unchanged file / cold', (r) => (r.cli?.cached ? `${fmtMs(r.cli.cached.median)} / ${fmtMs(r.cli.cold.median)} = ${fmtRatio(r.cli.cached.median / r.cli.cold.median)}` : '-')],
  ];
  const lines = [`### ${shape}: ${SHAPE_TITLES[shape]}`, '', `| | ${results.map(col).join(' | ')} |`, `|---|${results.map(() => '---:').join('|')}|`];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${results.map(cell).join(' | ')} |`);

  const add = (text: string, ok: boolean) => verdicts.push([shape, text, ok]);
  for (const r of results) {
    const m = ml(r);
    if (r.n === 1000 && m) add(`re-analysis at 1,000 items under 1/100 of markdownlint (${fmtMs(r.reanalysis.median)} vs ${fmtMs(m / 100)} ms)`, r.reanalysis.median < m / 100);
    if (r.n === 10000) {
      add(`re-analysis at 10,000 items: median under 50 ms (${fmtMs(r.reanalysis.median)} ms)`, r.reanalysis.median < 50);
      add(`re-analysis at 10,000 items: p95 under 3× the median (${fmtMs(r.reanalysis.p95)} vs ${fmtMs(3 * r.reanalysis.median)} ms)`, r.reanalysis.p95 < 3 * r.reanalysis.median);
      add(`open 10,000 items: first tree within 300 ms (${fmtMs(r.open.firstTreeMs)} ms)`, r.open.firstTreeMs <= 300);
      if (r.heapBytes !== undefined) add(`live heap at 10,000 items under 100 MB (${fmtMb(r.heapBytes)})`, r.heapBytes < 100 * 1048576);
    }
    add(`no stall over 50 ms at ${r.n.toLocaleString('en-US')} items (open ${fmtMs(r.open.longestStallMs)} ms, edit ${fmtMs(r.editStall)} ms)`, Math.max(r.open.longestStallMs, r.editStall) <= 50);
    if (r.cli) {
      add(`CLI cold lint of 1,000 items under 0.5× markdownlint (${fmtRatio(r.cli.cold.median / r.cli.markdownlint.median)})`, r.cli.cold.median < 0.5 * r.cli.markdownlint.median);
      add(`CLI lint --cache on an unchanged file under 1/10 of a cold run (${r.cli.cached ? fmtRatio(r.cli.cached.median / r.cli.cold.median) : 'no --cache'})`, !!r.cli.cached && r.cli.cached.median < r.cli.cold.median / 10);
    }
  }
  // Nothing superlinear: 10x the items costs at most 15x the time.
  for (const b of results) {
    const a = results.find((r) => r.n * 10 === b.n);
    if (!a) continue;
    const ratio = b.cold.median / a.cold.median;
    add(`cold analysis scales linearly from ${a.n.toLocaleString('en-US')} to ${b.n.toLocaleString('en-US')} items (×${fmtRatio(ratio)} ≤ 15)`, ratio <= 15);
  }
  return lines.join('\n');
}

/** The FINDINGS.md guard: micromark 4.0.3 is quadratic on list-heavy files; 2,000 list items must cost < 2.5× 1,000. */
function micromarkGuard(verdicts: Verdict[]): void {
  const [a, b] = [1000, 2000].map((n) => {
    const { text } = generateShape('list', n);
    const t = measure('cold', 1000, () => analyzeBacklog(text, { cache: new SectionCache() }), fullGc);
    return stats(t).median;
  });
  verdicts.push(['list', `cold analysis of 2,000 list items under 2.5× 1,000 items (×${fmtRatio(b / a)}; the micromark 4.0.3 guard)`, b / a < 2.5]);
}

async function main(): Promise<number> {
  const started = performance.now();
  const micromark = packageVersion('mdast-util-from-markdown/node_modules/micromark', 'micromark');
  const mlMicromark = packageVersion('markdownlint/node_modules/micromark', 'micromark');
  const cpu = cpus();
  const head = [
    `Backlog as Code benchmark — ${new Date().toISOString()}`,
    `node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${process.platform}/${process.arch}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `micromark ${micromark} (remark, bundled), ${mlMicromark} (markdownlint); markdownlint ${packageVersion('markdownlint')}`,
    `times in ms, medians (p95 where it is a target); ${gc ? 'full GC before cold runs and heap readings' : 'no --expose-gc: no heap numbers'}`,
  ];
  process.stdout.write(`${head.join('\n')}\n\n`);

  // Warm-up: the first parse in a process is about 1.5x a warm one.
  for (const s of SHAPE_LIST) {
    const warm = generateShape(s, 30).text;
    analyzeBacklog(warm, { cache: new SectionCache() });
    lint({ strings: { warm } });
  }

  const workdir = mkdtempSync(join(tmpdir(), 'backlog-bench-'));
  const verdicts: Verdict[] = [];
  try {
    for (const shape of SHAPE_LIST) {
      const results: SizeResult[] = [];
      for (const n of SIZES) results.push(await runSize(shape, n, workdir));
      process.stdout.write(`${shapeTable(shape, results, verdicts)}\n\n`);
    }
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
  if (SHAPE_LIST.includes('list') && SIZES.includes(1000)) micromarkGuard(verdicts);
  verdicts.push(['all', `micromark in use is 4.0.2 (found ${micromark})`, micromark === '4.0.2']);

  process.stdout.write('| shape | target | |\n|---|---|---|\n');
  for (const [shape, text, ok] of verdicts) process.stdout.write(`| ${shape} | ${text} | ${ok ? 'PASS' : '**FAIL**'} |\n`);
  const failed = verdicts.filter(([, , ok]) => !ok).length;
  process.stdout.write(`\n${failed === 0 ? 'all targets PASS' : `${failed} of ${verdicts.length} targets FAIL`}; load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}; total bench time ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
