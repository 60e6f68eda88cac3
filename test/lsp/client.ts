// A minimal language client for the tests: starts `node cli.js lsp --stdio` in a workspace folder and talks to it
// with vscode-languageserver-protocol over the child's stdin/stdout, as an editor does. It keeps the text of the
// documents it opened, sends incremental changes, applies the workspace edits the server asks for (and refuses those
// for an older document version, as editors do), and collects published diagnostics.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ApplyWorkspaceEditRequest,
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly docs = new Map<string, TextDocument>();
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Edits the server asked the client to apply (workspace/applyEdit), in order. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  private waiters: (() => void)[] = [];
  private readonly child: ChildProcess;
  stderr = '';

  constructor(
    cli: string,
    readonly folder: string,
  ) {
    this.child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.notify();
    });
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      const failure = this.apply(p.edit);
      if (failure === null) this.appliedEdits.push(p.edit);
      return failure === null ? { applied: true } : { applied: false, failureReason: failure };
    });
    this.connection.listen();
  }

  uri(rel: string): string {
    return pathToFileURL(join(this.folder, rel)).href;
  }

  async initialize(initializationOptions: unknown = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(this.folder).href,
      workspaceFolders: [{ uri: pathToFileURL(this.folder).href, name: 'test' }],
      initializationOptions: { debounce: 0, ...(initializationOptions as object) },
      capabilities: {
        workspace: { workspaceEdit: { documentChanges: true }, applyEdit: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: { isPreferredSupport: true } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(rel: string, text = readFileSync(join(this.folder, rel), 'utf8')): Promise<TextDocument> {
    const doc = TextDocument.create(this.uri(rel), 'markdown', 1, text);
    this.docs.set(doc.uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: doc.uri, languageId: 'markdown', version: 1, text } });
    return doc;
  }

  async close(rel: string): Promise<void> {
    this.docs.delete(this.uri(rel));
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(rel) } });
  }

  /** Replaces a range (as a user's typing does) and sends it as an incremental change. */
  async edit(uri: string, range: Range, text: string): Promise<TextDocument> {
    const doc = this.docs.get(uri)!;
    const next = TextDocument.update(doc, [{ range, text }], doc.version + 1);
    this.docs.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: next.version }, contentChanges: [{ range, text }] });
    return next;
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** Applies a workspace edit to the open documents; returns why not, or null. Versioned edits must match. */
  apply(edit: WorkspaceEdit): string | null {
    const parts: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    for (const c of edit.documentChanges ?? []) {
      if (!('textDocument' in c)) return 'only text edits are supported';
      parts.push({ uri: c.textDocument.uri, version: c.textDocument.version, edits: c.edits as TextEdit[] });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) parts.push({ uri, version: null, edits });
    for (const p of parts) {
      const doc = this.docs.get(p.uri);
      if (!doc) return `${p.uri} is not open`;
      if (p.version !== null && p.version !== doc.version) return `${p.uri} is at version ${doc.version}, the edit is for ${p.version}`;
    }
    for (const p of parts) {
      const doc = this.docs.get(p.uri)!;
      const text = TextDocument.applyEdits(doc, p.edits);
      const next = TextDocument.create(doc.uri, 'markdown', doc.version + 1, text);
      this.docs.set(p.uri, next);
      void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: p.uri, version: next.version }, contentChanges: [{ text }] });
    }
    return null;
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until the diagnostics of `uri` for the document's current version arrive and satisfy `check`. */
  async diagnosticsFor(uri: string, check: (d: Diagnostic[]) => boolean = () => true, what = 'diagnostics'): Promise<Diagnostic[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const p = this.diagnostics.get(uri);
      const version = this.docs.get(uri)?.version;
      if (p && (p.version === undefined || p.version === version) && check(p.diagnostics)) return p.diagnostics;
      if (Date.now() > deadline) throw new Error(`no ${what} for ${uri} (last: ${JSON.stringify(p)}; server stderr: ${this.stderr})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
