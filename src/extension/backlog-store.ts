// Which documents are backlogs, their configuration, and one analysis per document version.
// Every feature asks the store, so a document is parsed once per change however many views show it.
import * as vscode from 'vscode';
import { type Analysis, analyzeBacklog, ruleIds } from '../core/analyze';
import { type BacklogConfig, mergeConfig, parseConfigText, validateConfig } from '../core/config';
import { SectionCache } from '../core/sections';
import { isMarkedBacklog } from '../core/workspace-index';
import { type SlicedAnalysis, startSlicedAnalysis } from '../node/sliced-analysis';
import { matchesAnyGlob } from './globs';
import { log } from './log';

const CONFIG_FILE = '.backlog.jsonc';

interface Entry {
  version: number;
  analysis: Analysis;
  cache: SectionCache;
}

/** An analysis running in slices (analyze), for one document version. */
interface Pending {
  readonly version: number;
  readonly cache: SectionCache;
  readonly run: SlicedAnalysis;
  readonly started: number;
}

export class BacklogStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private readonly configs = new Map<string, Promise<{ config: BacklogConfig; uri: vscode.Uri | null; errors: readonly string[] }>>();
  private readonly resolvedConfig = new Map<string, BacklogConfig>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired when configuration changes, so every backlog must be re-checked. */
  readonly onDidChangeConfig = this.changeEmitter.event;
  readonly configDiagnostics = vscode.languages.createDiagnosticCollection('backlog-as-code-config');
  /** Milliseconds the last analysis took, per document (shown in the log; used by the latency test). */
  readonly lastAnalysisMs = new Map<string, number>();
  /** How many analyses the store has made (the integration tests count them). */
  analysisCount = 0;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const reset = () => {
      this.configs.clear();
      this.resolvedConfig.clear();
      this.entries.clear();
      this.cancelAll();
      this.changeEmitter.fire();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backlogAsCode')) reset();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.entries.delete(doc.uri.toString());
        this.cancel(doc.uri.toString());
      }),
      this.changeEmitter,
      this.configDiagnostics,
    );
  }

  dispose(): void {
    this.cancelAll();
    for (const d of this.disposables) d.dispose();
  }

  /** Whether a document is a backlog: a markdown file matching `backlogAsCode.files`, or marked in front matter. */
  isBacklog(doc: vscode.TextDocument): boolean {
    if (doc.languageId !== 'markdown' && !/\.(md|markdown)$/i.test(doc.uri.path)) return false;
    return this.isBacklogFile(doc.uri, () => doc.getText(new vscode.Range(0, 0, 40, 0)));
  }

  /** The same for a file by URI (open or not): its path matches `backlogAsCode.files`, or `head()` has the marker. */
  isBacklogFile(uri: vscode.Uri, head: () => string): boolean {
    const globs = vscode.workspace.getConfiguration('backlogAsCode', uri).get<string[]>('files', ['**/BACKLOG.md']);
    const rel = vscode.workspace.asRelativePath(uri, false);
    if (matchesAnyGlob(globs, rel) || matchesAnyGlob(globs, uri.path.split('/').pop() ?? '', { basename: true })) return true;
    // Front matter marker: a `backlog:` key (cheap check on the first lines only).
    return isMarkedBacklog(head());
  }

  /**
   * The analysis of the document's current text if it was made already, without analysing: for handlers that run on
   * every keystroke (the cursor moves with each one) and must leave the timing to the diagnostics' debounce and the
   * `backlogAsCode.run` setting.
   */
  peek(doc: vscode.TextDocument): Analysis | undefined {
    const entry = this.entries.get(doc.uri.toString());
    return entry && entry.version === doc.version ? entry.analysis : undefined;
  }

  /**
   * The analysis of the document's current text (cached per version), now. For callers that need it at once (a
   * command, a code action, a completion): when an analysis of this version is running in slices (analyze), the rest
   * of it is finished synchronously (the work done so far is kept); with none, the whole analysis runs here. Views
   * that may wait use analyze() instead, so opening a large file does not block the extension host.
   */
  get(doc: vscode.TextDocument): Analysis {
    const key = doc.uri.toString();
    const entry = this.entries.get(key);
    if (entry && entry.version === doc.version) return entry.analysis;
    const running = this.pending.get(key);
    if (running && running.version === doc.version) return this.settle(key, running, running.run.finishNow());
    const cache = running?.cache ?? entry?.cache ?? new SectionCache();
    this.cancel(key);
    const t0 = performance.now();
    this.analysisCount++;
    const analysis = analyzeBacklog(doc.getText(), { config: this.configFor(doc.uri), cache });
    this.lastAnalysisMs.set(key, performance.now() - t0);
    this.entries.set(key, { version: doc.version, analysis, cache });
    return analysis;
  }

  /**
   * The analysis of the document's current text, made in slices of about 30 ms with the thread given back between
   * them (src/node/sliced-analysis.ts), so that a cold analysis of a large backlog never blocks the extension host.
   * Resolves with the analysis of the version current when it is done: an edit meanwhile drops the running analysis
   * (its parsed units stay in the document's cache) and starts one of the new text, so a stale analysis is never
   * returned. After an edit with the cache warm the analysis is one short step.
   */
  async analyze(doc: vscode.TextDocument): Promise<Analysis> {
    const key = doc.uri.toString();
    for (;;) {
      const entry = this.entries.get(key);
      if (entry && entry.version === doc.version) return entry.analysis;
      if (doc.isClosed) return this.get(doc);
      let running = this.pending.get(key);
      if (!running || running.version !== doc.version) {
        const cache = running?.cache ?? entry?.cache ?? new SectionCache();
        this.cancel(key);
        this.analysisCount++;
        const version = doc.version;
        running = {
          version,
          cache,
          run: startSlicedAnalysis(doc.getText(), { config: this.configFor(doc.uri), cache, isStale: () => doc.isClosed || doc.version !== version }),
          started: performance.now(),
        };
        this.pending.set(key, running);
      }
      const analysis = await running.run.done;
      // Settled by get() meanwhile, or dropped for a newer version (then the loop starts that one).
      if (analysis && this.pending.get(key) === running) this.settle(key, running, analysis);
    }
  }

  /** Keeps a finished sliced analysis as the document's current one. */
  private settle(key: string, running: Pending, analysis: Analysis): Analysis {
    this.pending.delete(key);
    this.lastAnalysisMs.set(key, running.run.workMs);
    this.entries.set(key, { version: running.version, analysis, cache: running.cache });
    if (running.run.longestSliceMs > 60 || running.run.workMs > 500) {
      log(`Analysed ${key} in slices: ${Math.round(running.run.workMs)} ms of work over ${Math.round(performance.now() - running.started)} ms, longest slice ${Math.round(running.run.longestSliceMs)} ms`);
    }
    return analysis;
  }

  private cancel(key: string): void {
    this.pending.get(key)?.run.cancel();
    this.pending.delete(key);
  }

  private cancelAll(): void {
    for (const p of this.pending.values()) p.run.cancel();
    this.pending.clear();
  }

  /**
   * The section cache of the document's analyses: a plan checked with it (verifyPlan) re-reads only the sections the
   * plan changes, and the analysis after the edit starts warm.
   */
  cacheFor(doc: vscode.TextDocument): SectionCache {
    this.get(doc);
    return this.entries.get(doc.uri.toString())!.cache;
  }

  /** Settings < `.backlog.jsonc` (nearest folder up to the workspace folder); front matter is merged by the core. */
  configFor(uri: vscode.Uri): BacklogConfig {
    const fromSettings = validateConfig({ rules: vscode.workspace.getConfiguration('backlogAsCode', uri).get('rules', {}) }, 'setting backlogAsCode.rules', ruleIds);
    const file = this.resolvedConfig.get(dirname(uri).toString());
    return mergeConfig(fromSettings.config, file ?? {});
  }

  /** Loads `.backlog.jsonc` for the document's folder (async); resolves true when it changed the config in use. */
  async loadConfig(uri: vscode.Uri): Promise<void> {
    const dir = dirname(uri).toString();
    if (this.resolvedConfig.has(dir)) return;
    let pending = this.configs.get(dir);
    if (!pending) {
      pending = findConfig(uri);
      this.configs.set(dir, pending);
    }
    const found = await pending;
    this.resolvedConfig.set(dir, found.config);
    if (found.uri) {
      this.configDiagnostics.set(
        found.uri,
        found.errors.map((e) => new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), e, vscode.DiagnosticSeverity.Warning)),
      );
      if (found.errors.length > 0) log(`Configuration problems in ${found.uri.fsPath}:\n  ${found.errors.join('\n  ')}`);
    }
    this.entries.delete(uri.toString());
    this.cancel(uri.toString());
  }
}

function dirname(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..');
}

async function findConfig(uri: vscode.Uri): Promise<{ config: BacklogConfig; uri: vscode.Uri | null; errors: readonly string[] }> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  let dir = dirname(uri);
  for (let depth = 0; depth < 32; depth++) {
    const candidate = vscode.Uri.joinPath(dir, CONFIG_FILE);
    try {
      const bytes = await vscode.workspace.fs.readFile(candidate);
      const result = parseConfigText(new TextDecoder().decode(bytes), CONFIG_FILE, ruleIds);
      return { config: result.config, uri: candidate, errors: result.errors };
    } catch {
      // Not there: look one folder up, but not above the workspace folder.
    }
    if (!folder || dir.path === folder.uri.path || dir.path === '/' || !dir.path.startsWith(folder.uri.path)) break;
    dir = dirname(dir);
  }
  return { config: {}, uri: null, errors: [] };
}
