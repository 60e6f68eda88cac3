// The workspace index in the extension: finds the backlog and markdown files the settings name (every folder of a
// multi-root workspace), reads them with vscode.workspace.fs, has a worker thread parse and scan them, and keeps the
// core's WorkspaceIndex current: a file watcher re-reads one changed file, and an open document's text (unsaved
// edits included) wins over the file on disk. All logic lives in src/core/workspace-index.ts and references.ts.
import * as vscode from 'vscode';
import { matchesAnyGlob } from './globs';
import { scanFile, WorkspaceIndex } from '../core/workspace-index';
import type { BacklogStore } from './backlog-store';
import { joinParts, type Parts, scan, type ScanRequest, type ScanResponse, type WorkerOptions } from './index-worker';
import { log, logError } from './log';

const CONTEXT_SCANNED = 'backlogAsCode.workspaceScanned';
const MAX_FILES = 20_000;
const READ_BATCH = 16;

/** Index keys are URI strings. */
export const keyOf = (uri: vscode.Uri) => uri.toString();

interface Globs {
  readonly backlogs: readonly string[];
  readonly mentions: readonly string[];
  readonly exclude: readonly string[];
}

export class WorkspaceIndexHost implements vscode.Disposable {
  readonly index = new WorkspaceIndex();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fired (debounced) after files were added to, changed in or removed from the index. */
  readonly onDidChange = this.changeEmitter.event;
  private worker: import('node:worker_threads').Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ScanResponse) => void; parts: Parts }>();
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly docTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped by every full scan, so that a slower older scan cannot overwrite a newer one. */
  private generation = 0;
  private scanning: Promise<void> = Promise.resolve();
  /** Milliseconds the last full scan took, and how many files it indexed (logged; read by tests). */
  lastScan = { ms: 0, files: 0 };

  constructor(
    private readonly store: BacklogStore,
    private readonly extensionUri: vscode.Uri,
    /** Where the worker may keep its disk cache of scanned backlogs (the extension's workspace storage). */
    private readonly cacheDir?: vscode.Uri,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown,MD,Markdown}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => this.onDiskChange(u)),
      watcher.onDidChange((u) => this.onDiskChange(u)),
      watcher.onDidDelete((u) => this.forget(u)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.scheduleDocument(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduleDocument(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backlogAsCode.files') || e.affectsConfiguration('backlogAsCode.mentions')) void this.rescan();
      }),
      store.onDidChangeConfig(() => void this.rescan()),
      this.changeEmitter,
    );
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
    for (const t of this.docTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    void this.worker?.terminate();
  }

  /** Resolves when the current full scan is done. */
  get ready(): Promise<void> {
    return this.scanning;
  }

  /** Scans the whole workspace again (first start, settings or folders changed). */
  rescan(): Promise<void> {
    const generation = ++this.generation;
    void vscode.commands.executeCommand('setContext', CONTEXT_SCANNED, false);
    this.scanning = this.scanAll(generation).then(
      () => {
        if (generation === this.generation) void vscode.commands.executeCommand('setContext', CONTEXT_SCANNED, true);
      },
      (e) => {
        logError('Indexing the workspace failed', e);
        void vscode.commands.executeCommand('setContext', CONTEXT_SCANNED, true);
      },
    );
    return this.scanning;
  }

  /** The backlog files of the workspace, sorted by workspace-relative path. */
  backlogUris(): vscode.Uri[] {
    return this.index.backlogUris().map((k) => vscode.Uri.parse(k));
  }

  /**
   * Brings an open document's entry up to date at once (before a hover or completion answers from it), if the
   * document is in scope. Cheap when nothing changed: one version comparison.
   */
  ensureFresh(doc: vscode.TextDocument): void {
    const key = keyOf(doc.uri);
    if (this.index.version(key) === doc.version) return;
    if (!this.inScope(doc)) return;
    clearTimeout(this.docTimers.get(key));
    this.docTimers.delete(key);
    this.indexDocument(doc);
  }

  /**
   * Brings every open document's entry up to date (a query in one file resolves IDs defined in others, which may
   * have unsaved edits too). Costs one version comparison per open document when nothing changed.
   */
  ensureAllFresh(): void {
    for (const doc of vscode.workspace.textDocuments) {
      const key = keyOf(doc.uri);
      if (!doc.isClosed && this.index.has(key) && this.index.version(key) !== doc.version) this.ensureFresh(doc);
    }
  }

  /** A position in an indexed file: from the open document if there is one, else from the indexed text's lines. */
  position(uri: string, offset: number): vscode.Position {
    const doc = this.openDocument(uri);
    if (doc && this.index.version(uri) === doc.version) return doc.positionAt(offset);
    const p = this.index.position(uri, offset);
    return new vscode.Position(p.line, p.character);
  }

  range(uri: string, span: { start: number; end: number }): vscode.Range {
    return new vscode.Range(this.position(uri, span.start), this.position(uri, span.end));
  }

  /**
   * Re-reads files that are not open from disk and re-indexes those whose text changed since they were indexed.
   * Returns whether anything changed (a plan made from the old entries must then be made again).
   */
  async refreshFromDisk(keys: readonly string[]): Promise<boolean> {
    let changed = false;
    for (const key of keys) {
      if (this.openDocument(key)) continue;
      const uri = vscode.Uri.parse(key);
      const text = await readText(uri);
      if (text === undefined) {
        this.forget(uri);
        changed = true;
      } else if (diskVersion(text) !== this.index.version(key)) {
        await this.indexText(uri, text);
        changed = true;
      }
    }
    return changed;
  }

  private openDocument(key: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && keyOf(d.uri) === key);
  }

  private globs(scope: vscode.Uri): Globs {
    const c = vscode.workspace.getConfiguration('backlogAsCode', scope);
    return {
      backlogs: c.get<string[]>('files', ['**/BACKLOG.md']),
      mentions: c.get<string[]>('mentions.files', ['**/*.md']),
      exclude: c.get<string[]>('mentions.exclude', ['**/node_modules/**', '**/.git/**']),
    };
  }

  /** Whether a file belongs in the index: in a workspace folder, named by a backlog or mention glob, not excluded. */
  private inScopeUri(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const g = this.globs(uri);
    const rel = vscode.workspace.asRelativePath(uri, false);
    if (matchesAnyGlob(g.exclude, rel)) return false;
    return matchesAnyGlob(g.backlogs, rel) || matchesAnyGlob(g.mentions, rel);
  }

  private inScope(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme === 'git' || doc.uri.scheme === 'output') return false;
    if (doc.languageId !== 'markdown' && !/\.(md|markdown)$/i.test(doc.uri.path)) return false;
    return this.inScopeUri(doc.uri) || this.store.isBacklog(doc);
  }

  private async scanAll(generation: number): Promise<void> {
    const t0 = performance.now();
    const found = new Map<string, vscode.Uri>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const g = this.globs(folder.uri);
      const exclude = g.exclude.length > 0 ? `{${g.exclude.join(',')}}` : undefined;
      for (const glob of new Set([...g.backlogs.flatMap(caseVariants), ...g.mentions])) {
        for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude, MAX_FILES)) found.set(keyOf(uri), uri);
      }
    }
    if (generation !== this.generation) return;
    // Files that left the scope (settings changed) leave the index.
    for (const key of this.index.uris()) if (!found.has(key) && !this.openDocument(key)) this.index.remove(key);
    const uris = [...found.values()];
    // Backlogs first: the views wait for them; mentions only add to what the language features find.
    uris.sort((a, b) => Number(this.isBacklogPath(b)) - Number(this.isBacklogPath(a)));
    for (let i = 0; i < uris.length; i += READ_BATCH) {
      if (generation !== this.generation) return;
      await Promise.all(
        uris.slice(i, i + READ_BATCH).map(async (uri) => {
          const doc = this.openDocument(keyOf(uri));
          if (doc) {
            await this.analysed(doc);
            return doc.isClosed ? undefined : this.indexDocument(doc);
          }
          const text = await readText(uri);
          if (text !== undefined && generation === this.generation) await this.indexText(uri, text);
        }),
      );
    }
    this.lastScan = { ms: performance.now() - t0, files: uris.length };
    const s = this.index.stats();
    log(`Workspace index: ${s.files} files, ${s.backlogs} backlogs, ${s.items} items, ${s.mentions} ID mentions in ${this.lastScan.ms.toFixed(0)} ms`);
    this.fireChange(0);
  }

  private isBacklogPath(uri: vscode.Uri): boolean {
    return this.store.isBacklogFile(uri, () => '');
  }

  /** Indexes a file's text from disk: parsed and scanned in the worker thread. */
  private async indexText(uri: vscode.Uri, text: string): Promise<void> {
    const key = keyOf(uri);
    const isBacklog = this.isBacklogPath(uri);
    if (isBacklog) await this.store.loadConfig(uri);
    const req: Omit<ScanRequest, 'id'> = { uri: key, text, backlog: isBacklog, config: isBacklog ? this.store.configFor(uri) : {} };
    const res = await this.request(req);
    if (!('scanned' in res)) {
      log(`Workspace index: could not read ${uri.fsPath}: ${'error' in res ? res.error : 'incomplete answer'}`);
      return;
    }
    // An editor opened the file meanwhile: its text wins.
    if (this.openDocument(key)) return;
    this.index.setScanned(key, res.scanned, { version: diskVersion(text), label: this.labelOf(uri) });
    this.fireChange();
  }

  /** Indexes an open document's current text on this thread, from the analysis the store keeps anyway. */
  private indexDocument(doc: vscode.TextDocument): void {
    const key = keyOf(doc.uri);
    const text = doc.getText();
    const backlog = this.store.isBacklog(doc) ? this.store.get(doc).backlog : null;
    const had = this.index.backlog(key) !== undefined;
    this.index.setScanned(key, scanFile(key, text, backlog), { version: doc.version, label: this.labelOf(doc.uri) });
    // Views list backlogs: tell them when the set changes, or when a backlog changed from disk.
    if (had !== (backlog !== null)) this.fireChange();
  }

  /**
   * Waits until an open backlog is analysed, in slices (a large file just opened must not block the host); the
   * indexing after it then reads the store's analysis. A hover or completion does not wait: ensureFresh analyses now.
   */
  private async analysed(doc: vscode.TextDocument): Promise<void> {
    if (this.store.isBacklog(doc) && !this.store.peek(doc)) await this.store.analyze(doc);
  }

  private scheduleDocument(doc: vscode.TextDocument): void {
    if (!this.inScope(doc)) return;
    const key = keyOf(doc.uri);
    clearTimeout(this.docTimers.get(key));
    this.docTimers.set(
      key,
      setTimeout(() => {
        this.docTimers.delete(key);
        void this.analysed(doc).then(() => {
          if (!doc.isClosed) this.ensureFresh(doc);
        });
      }, 300),
    );
  }

  private onClose(doc: vscode.TextDocument): void {
    const key = keyOf(doc.uri);
    clearTimeout(this.docTimers.get(key));
    this.docTimers.delete(key);
    if (!this.index.has(key)) return;
    // Unsaved edits were discarded (or saved): the file on disk is the truth again.
    if (!this.inScopeUri(doc.uri)) {
      this.forget(doc.uri);
      return;
    }
    void readText(doc.uri).then((text) => (text === undefined ? this.forget(doc.uri) : this.indexText(doc.uri, text)));
  }

  private onDiskChange(uri: vscode.Uri): void {
    if (!this.inScopeUri(uri) || this.openDocument(keyOf(uri))) return;
    void readText(uri).then((text) => (text === undefined ? this.forget(uri) : this.indexText(uri, text)));
  }

  private forget(uri: vscode.Uri): void {
    const key = keyOf(uri);
    if (!this.index.has(key)) return;
    this.index.remove(key);
    this.fireChange();
  }

  private labelOf(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  }

  private fireChange(delay = 100): void {
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.changeEmitter.fire(), delay);
  }

  /** Scans in the worker; in this thread when no worker can be started (the work then runs between events). */
  private request(req: Omit<ScanRequest, 'id'>): Promise<ScanResponse> {
    const worker = this.workerOrUndefined();
    const id = this.nextId++;
    if (!worker) {
      return new Promise((resolve) =>
        setImmediate(() => {
          const t0 = performance.now();
          try {
            resolve({ id, uri: req.uri, scanned: scan({ ...req, id }), ms: performance.now() - t0 });
          } catch (e) {
            resolve({ id, uri: req.uri, error: e instanceof Error ? e.message : String(e) });
          }
        }),
      );
    }
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, parts: { items: [], mentions: [] } });
      worker.postMessage({ ...req, id } satisfies ScanRequest);
    });
  }

  private workerFailed = false;

  private workerOrUndefined(): import('node:worker_threads').Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      const workerData: WorkerOptions = { cacheDir: this.cacheDir?.scheme === 'file' ? vscode.Uri.joinPath(this.cacheDir, 'index-cache').fsPath : undefined };
      const worker = new Worker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'extension.js').fsPath, { workerData: { ...workerData, role: 'index' } /* src/extension/main.ts */ });
      worker.on('message', (res: ScanResponse) => {
        const p = this.pending.get(res.id);
        if (!p) return;
        if ('part' in res) {
          for (const it of res.part.items) p.parts.items.push(it);
          for (const m of res.part.mentions) p.parts.mentions.push(m);
          return;
        }
        this.pending.delete(res.id);
        p.resolve(joinParts(res, p.parts));
      });
      worker.on('error', (e) => {
        logError('The index worker failed; indexing continues on the extension host', e);
        this.workerFailed = true;
        this.worker = undefined;
        // Requests in flight are answered here instead.
        for (const [id, p] of this.pending) p.resolve({ id, uri: '', error: 'worker failed' });
        this.pending.clear();
      });
      worker.unref();
      this.worker = worker;
    } catch (e) {
      logError('Could not start the index worker; indexing runs on the extension host', e);
      this.workerFailed = true;
    }
    return this.worker;
  }
}

/** `**\/BACKLOG.md` also as `backlog.md` and `Backlog.md`: findFiles is case-sensitive, the backlog globs are not. */
function caseVariants(glob: string): string[] {
  return [...new Set([glob, glob.toLowerCase(), glob.replace(/BACKLOG/g, 'Backlog')])];
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The version of a text read from disk: a negative hash of its content (document versions are positive), so that
 * a re-read file whose text did not change keeps its version and a plan made against it stays valid.
 */
export function diskVersion(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return -((h >>> 1) + 1);
}
