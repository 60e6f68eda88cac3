// `npm run bench:workspace`: the workspace index at scale (issue #11). A generated workspace of 10 backlogs of 1,000
// items (the main bench's generator, about 800 bytes per item, each backlog with its own ID prefix) and 500 markdown
// files of notes that mention their items. Measured, medians where repeated:
//   - building the index: in one thread (what it costs), and through the extension's worker thread (dist/extension.js as the index worker,
//     as the extension does it), with the longest synchronous stretch left on the main thread (what the user feels);
//   - updating it after a one-file change: a note, and a one-item edit of a 1,000-item backlog (warm section cache);
//   - hover, definition, completion, references, rename and workspace symbols on the built index.
// Options: `--backlogs=N`, `--items=N`, `--notes=N`, `--reps=N`. Exit code 1 when a target fails.
// Built by esbuild.mjs into dist/bench-workspace.js; run after `node esbuild.mjs` (the worker bundle must exist).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeBacklog, SectionCache } from '../../src/core/analyze';
import { completionAt, definitionAt, hoverAt, planRename, referencesAt, workspaceSymbols } from '../../src/core/references';
import { type IndexedItem, type ScannedFile, type ScannedMention, scanFile, summarizeBacklog, WorkspaceIndex } from '../../src/core/workspace-index';
import { joinParts, type ScanRequest, type ScanResponse, type WorkerOptions } from '../../src/extension/index-worker';
import { editOneItem, generateBacklog, rng } from './generate';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const BACKLOGS = Number(arg('backlogs') ?? 10);
const ITEMS = Number(arg('items') ?? 1000);
const NOTES = Number(arg('notes') ?? 500);
const REPS = Number(arg('reps') ?? 1);

const TARGETS = { buildMs: 2000, updateMs: 50, queryMs: 20 };

interface File {
  readonly uri: string;
  readonly text: string;
  readonly backlog: boolean;
}

/** Backlog k: the generator's text with `US-` replaced by its own prefix (`P0-`, `P1-`, ...). */
function workspace(): File[] {
  const files: File[] = [];
  for (let k = 0; k < BACKLOGS; k++) files.push({ uri: `file:///ws/product-${k}/BACKLOG.md`, text: base.replace(/US-(\d+)/g, `P${k}-$1`), backlog: true });
  const r = rng(7);
  const id = () => `P${Math.floor(r() * BACKLOGS)}-${1 + Math.floor(r() * ITEMS)}`;
  for (let n = 0; n < NOTES; n++) {
    const lines = [`# Notes ${n}`, ''];
    for (let p = 0; p < 12; p++) {
      lines.push(
        `We discussed ${id()} and ${id()} today. The sign-in flow (see [the design](docs/design-${p}.md)) needs review; https://example.com/${id()} is not a mention.`,
        '',
        'Nothing else of note: the team agreed to keep the current plan until the next review, and to revisit the estimates then.',
        '',
      );
      if (p % 4 === 0) lines.push('```ts', `const ticket = '${id()}'; // in code: not a mention`, '```', '');
    }
    files.push({ uri: `file:///ws/docs/notes-${n}.md`, text: lines.join('\n'), backlog: false });
  }
  return files;
}

/** The generated backlog every product starts from (`US-` IDs). */
const base = generateBacklog(ITEMS).text;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

/** Builds the index in this thread; returns the time per phase. */
function buildInThread(files: readonly File[]): { index: WorkspaceIndex; analysis: number; scan: number; insert: number; total: number } {
  const index = new WorkspaceIndex();
  let analysis = 0;
  let scan = 0;
  let insert = 0;
  const t0 = performance.now();
  for (const f of files) {
    let summary = null;
    if (f.backlog) {
      const [b, ms] = time(() => summarizeBacklog(analyzeBacklog(f.text).backlog));
      summary = b;
      analysis += ms;
    }
    const [scanned, s] = time(() => scanFile(f.uri, f.text, summary));
    scan += s;
    insert += time(() => index.setScanned(f.uri, scanned, { label: f.uri.slice('file:///ws/'.length) }))[1];
  }
  return { index, analysis, scan, insert, total: performance.now() - t0 };
}

/**
 * Builds the index as the extension does: every file's text is posted to worker threads running the extension's
 * index worker; answers are added to the index on this thread. Measures the wall time and the longest stretch this
 * thread was busy (receiving a result and adding it), with an event-loop probe.
 */
async function buildWithWorkers(
  files: readonly File[],
  workers: number,
  cacheDir?: string,
): Promise<{ index: WorkspaceIndex; total: number; longestStall: number; longestHandler: number }> {
  const script = join(__dirname, 'extension.js'); // the extension's bundle runs as the index worker (src/extension/main.ts)
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`node esbuild.mjs\` first`);
  const pool = Array.from({ length: workers }, () => new Worker(script, { workerData: { cacheDir, role: 'index' } satisfies WorkerOptions & { role: 'index' } }));
  const index = new WorkspaceIndex();
  let longestStall = 0;
  let longestHandler = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    longestStall = Math.max(longestStall, now - last - 1);
    last = now;
  }, 1);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    pool.map(
      (w) =>
        new Promise<void>((resolve) => {
          const send = () => {
            if (next >= files.length) return resolve();
            const f = files[next++];
            w.postMessage({ id: next, uri: f.uri, text: f.text, backlog: f.backlog, config: {} } satisfies ScanRequest);
          };
          const parts = new Map<number, { items: IndexedItem[]; mentions: ScannedMention[] }>();
          w.on('message', (res: ScanResponse) => {
            const t = performance.now();
            // The extension's way: slices of a large scan first, then the rest (joinParts).
            const p = parts.get(res.id) ?? { items: [], mentions: [] };
            parts.set(res.id, p);
            if ('part' in res) {
              for (const it of res.part.items) p.items.push(it);
              for (const m of res.part.mentions) p.mentions.push(m);
              longestHandler = Math.max(longestHandler, performance.now() - t);
              return;
            }
            parts.delete(res.id);
            const whole = joinParts(res, p);
            if ('scanned' in whole) index.setScanned(whole.uri, whole.scanned as ScannedFile, { label: whole.uri.slice('file:///ws/'.length) });
            longestHandler = Math.max(longestHandler, performance.now() - t);
            send();
          });
          send();
        }),
    ),
  );
  const total = performance.now() - t0;
  clearInterval(probe);
  await Promise.all(pool.map((w) => w.terminate()));
  return { index, total, longestStall, longestHandler };
}

async function main(): Promise<number> {
  const files = workspace();
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  console.log(`Workspace index bench: ${BACKLOGS} backlogs of ${ITEMS} items, ${NOTES} markdown files, ${(bytes / 1e6).toFixed(1)} MB; Node ${process.version}, ${cpus().length} cores\n`);

  const inThread = buildInThread(files);
  const s = inThread.index.stats();
  console.log(`index: ${s.files} files, ${s.backlogs} backlogs, ${s.items} items, ${s.ids} IDs, ${s.mentions} mention candidates`);
  console.log(`build in one thread: ${fmt(inThread.total)} ms (backlog analysis ${fmt(inThread.analysis)}, scanning ${fmt(inThread.scan)}, index insertion ${fmt(inThread.insert)})`);
  const one = await buildWithWorkers(files, 1);
  const stretch = (r: { longestStall: number; longestHandler: number }) =>
    `longest main-thread stretch ${fmt(r.longestStall)} ms (event-loop probe; on a busy machine it includes time the OS ran other processes), longest message handler ${fmt(r.longestHandler)} ms`;
  console.log(`build through 1 worker (the extension): ${fmt(one.total)} ms; ${stretch(one)}`);
  const two = await buildWithWorkers(files, 2);
  console.log(`build through 2 workers: ${fmt(two.total)} ms; ${stretch(two)}`);
  // The extension's disk cache: the first build writes it, a window opened again reads it.
  const dir = mkdtempSync(join(tmpdir(), 'backlog-index-cache-'));
  await buildWithWorkers(files, 1, dir);
  await new Promise((r) => setTimeout(r, 500)); // the cache is written in the background
  const warm = await buildWithWorkers(files, 1, dir);
  rmSync(dir, { recursive: true, force: true });
  console.log(`build through 1 worker with the disk cache warm (a window opened again): ${fmt(warm.total)} ms; ${stretch(warm)}\n`);

  // One-file updates, on the index built above.
  const index = inThread.index;
  const note = files[BACKLOGS + 1];
  const noteUpdates: number[] = [];
  for (let i = 0; i < 30 * REPS; i++) {
    const text = `${note.text}\nAlso P1-${i + 1}.`;
    noteUpdates.push(time(() => index.setScanned(note.uri, scanFile(note.uri, text, null)))[1]);
  }
  const backlog = files[0];
  const cache = new SectionCache();
  analyzeBacklog(backlog.text, { cache });
  const backlogUpdates: number[] = [];
  for (let i = 0; i < 20 * REPS; i++) {
    const text = editOneItem(base, ITEMS, i).replace(/US-(\d+)/g, 'P0-$1');
    backlogUpdates.push(time(() => index.setScanned(backlog.uri, scanFile(backlog.uri, text, analyzeBacklog(text, { cache }).backlog)))[1]);
  }
  index.setScanned(backlog.uri, scanFile(backlog.uri, backlog.text, analyzeBacklog(backlog.text, { cache }).backlog));
  console.log(`one-file update: a note ${fmt(median(noteUpdates))} ms; a one-item edit of a ${ITEMS}-item backlog ${fmt(median(backlogUpdates))} ms (analysis with a warm cache, scan, index)`);

  // Queries: an ID in a note, a dependency in a backlog, completion after `- Depends on: ` in the middle item.
  const noteMention = index.mentionsIn(note.uri).find((m) => index.isDefined(m.id))!;
  const dep = index.mentionsIn(backlog.uri).find((m) => m.kind === 'dependency')!;
  const depLine = backlog.text.indexOf('- Depends on: ', backlog.text.indexOf(`### P0-${ITEMS >> 1} `));
  const completionText = `${backlog.text.slice(0, depLine)}- Depends on: P0-1, \n${backlog.text.slice(depLine)}`;
  const completionOffset = depLine + '- Depends on: P0-1, '.length;
  const queries: [string, () => unknown, number][] = [
    ['hover (note)', () => hoverAt(index, note.uri, noteMention.span.start), TARGETS.queryMs],
    ['definition (dependency)', () => definitionAt(index, backlog.uri, dep.span.start), TARGETS.queryMs],
    ['completion (dependency field)', () => completionAt(index, backlog.uri, completionText, completionOffset), TARGETS.queryMs],
    ['references', () => referencesAt(index, backlog.uri, dep.span.start), Infinity],
    ['rename plan', () => planRename(index, backlog.uri, dep.span.start, 'P0-99999'), Infinity],
    ['workspace symbols "export"', () => workspaceSymbols(index, 'export'), Infinity],
  ];
  const results: Record<string, number> = {};
  for (const [name, fn] of queries) {
    const xs: number[] = [];
    for (let i = 0; i < 30 * REPS; i++) xs.push(time(fn)[1]);
    results[name] = median(xs);
    console.log(`${name}: ${fmt(results[name])} ms`);
  }
  const c = completionAt(index, backlog.uri, completionText, completionOffset);
  console.log(`  (completion offered ${c?.entries.length} IDs; references found ${referencesAt(index, backlog.uri, dep.span.start).length})`);

  const checks: [string, number, number][] = [
    ['index build through the worker, first time (off the main thread)', one.total, TARGETS.buildMs],
    ['index build through the worker, disk cache warm', warm.total, TARGETS.buildMs],
    ['longest main-thread stretch while building (event-loop probe)', Math.max(one.longestStall, warm.longestStall), TARGETS.updateMs],
    ['one-file update: a note', median(noteUpdates), TARGETS.updateMs],
    [`one-file update: one-item edit of a ${ITEMS}-item backlog`, median(backlogUpdates), TARGETS.updateMs],
    ...queries.filter((q) => q[2] !== Infinity).map(([name, , target]): [string, number, number] => [name, results[name], target]),
  ];
  console.log('\n| target | measured | limit | |\n|---|---:|---:|---|');
  let failed = 0;
  for (const [name, ms, limit] of checks) {
    const ok = ms < limit;
    if (!ok) failed++;
    console.log(`| ${name} | ${fmt(ms)} ms | ${limit} ms | ${ok ? 'PASS' : 'FAIL'} |`);
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
