// Which documents are backlogs, their configuration, and one analysis per document version.
// Every feature asks the store, so a document is parsed once per change however many views show it.
import * as vscode from 'vscode';
import { type Analysis, analyzeBacklog, ruleIds } from '../core/analyze';
import { type BacklogConfig, mergeConfig, parseConfigText, validateConfig } from '../core/config';
import { SectionCache } from '../core/sections';
import { isMarkedBacklog } from '../core/workspace-index';
import { matchesAnyGlob } from './globs';
import { log } from './log';

const CONFIG_FILE = '.backlog.jsonc';

interface Entry {
  version: number;
  analysis: Analysis;
  cache: SectionCache;
}

export class BacklogStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
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
      vscode.workspace.onDidCloseTextDocument((doc) => this.entries.delete(doc.uri.toString())),
      this.changeEmitter,
      this.configDiagnostics,
    );
  }

  dispose(): void {
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

  /** The analysis of the document's current text (cached per version). */
  get(doc: vscode.TextDocument): Analysis {
    const key = doc.uri.toString();
    const entry = this.entries.get(key);
    if (entry && entry.version === doc.version) return entry.analysis;
    const cache = entry?.cache ?? new SectionCache();
    const t0 = performance.now();
    this.analysisCount++;
    const analysis = analyzeBacklog(doc.getText(), { config: this.configFor(doc.uri), cache });
    this.lastAnalysisMs.set(key, performance.now() - t0);
    this.entries.set(key, { version: doc.version, analysis, cache });
    return analysis;
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
