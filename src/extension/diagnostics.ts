// Publishes findings as diagnostics: on open, as the user types (debounced) or on save, and on config changes.
import * as vscode from 'vscode';
import type { Finding } from '../core/model';
import type { BacklogStore } from './backlog-store';
import { toDiagnostic } from './convert';
import { logError } from './log';

export class DiagnosticManager implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('backlog-as-code');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fired after a document's diagnostics were published (the tree refreshes its problem badges). */
  readonly onDidUpdate = this.emitter.event;

  constructor(
    private readonly store: BacklogStore,
    /** The other places a finding refers to (the workspace index adds items of other backlogs). */
    private readonly related: (doc: vscode.TextDocument, f: Finding) => vscode.DiagnosticRelatedInformation[] = () => [],
  ) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && runMode(e.document) === 'onType') this.schedule(e.document);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.check(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      store.onDidChangeConfig(() => this.checkAll()),
    );
    this.checkAll();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  checkAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  /** Re-checks after the user pauses typing; a newer keystroke replaces the pending check. */
  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const delay = vscode.workspace.getConfiguration('backlogAsCode', doc.uri).get<number>('debounce', 250);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(doc);
      }, delay),
    );
  }

  check(doc: vscode.TextDocument): void {
    if (doc.isClosed || doc.uri.scheme === 'git' || !this.store.isBacklog(doc)) return;
    void this.store
      .loadConfig(doc.uri)
      .then(() => (doc.isClosed ? undefined : this.store.analyze(doc)))
      .then(
        (analysis) => {
          // The store's analysis runs in slices (a large file just opened must not block the host) and resolves with
          // the analysis of the document's version at that moment; a newer one is never replaced by an older one.
          if (!analysis || doc.isClosed || this.store.peek(doc) !== analysis) return;
          const { findings } = analysis;
          this.collection.set(
            doc.uri,
            findings.map((f) => {
              const d = toDiagnostic(doc, f);
              const related = this.related(doc, f);
              if (related.length > 0) d.relatedInformation = related;
              return d;
            }),
          );
          this.emitter.fire(doc.uri);
        },
        (e) => logError('Checking the backlog failed', e),
      );
  }

  clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.collection.delete(uri);
  }
}

function runMode(doc: vscode.TextDocument): 'onType' | 'onSave' {
  return vscode.workspace.getConfiguration('backlogAsCode', doc.uri).get<'onType' | 'onSave'>('run', 'onType');
}
