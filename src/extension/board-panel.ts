// The board's host side: a webview panel per backlog (beside the editor) and a webview view in the Backlog
// container. The webview sends intents; the host plans them with the core against the version the board saw and
// applies them as one WorkspaceEdit. Every document change, from any source, re-renders the board.
import * as vscode from 'vscode';
import {
  type Plan,
  planAddCriterion,
  planEditCriterion,
  planInsertItem,
  planMove,
  planMoveCriterion,
  planRemoveCriterion,
  planSetField,
  planSetValueStatement,
  planToggleCriterion,
} from '../core/edits';
import { boardHtml } from '../shared/board-html';
import { toBoardSnapshot } from '../shared/board-snapshot';
import { type HostMessage, parseWebviewMessage, type WebviewMessage } from '../shared/protocol';
import type { BacklogStore } from './backlog-store';
import { applyIfCurrent, STALE_MESSAGE, toRange } from './convert';
import { log } from './log';

export const BOARD_PANEL_TYPE = 'backlogAsCode.board';
export const BOARD_VIEW_ID = 'backlogAsCode.board';
const REMEMBERED_BOARDS = 'backlogAsCode.openBoards';

/** One webview showing one backlog document. */
class BoardSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Milliseconds from a document change to the snapshot being posted (measured; logged). */
  lastUpdateMs = 0;

  constructor(
    readonly webview: vscode.Webview,
    private doc: vscode.TextDocument | undefined,
    private readonly store: BacklogStore,
    private readonly extensionUri: vscode.Uri,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    webview.options = { enableScripts: true, localResourceRoots: [media] };
    webview.html = this.html();
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.doc || e.contentChanges.length === 0) return;
        const changedAt = performance.now();
        clearTimeout(this.timer);
        // Coalesce bursts of keystrokes; a single board edit renders on the next tick.
        this.timer = setTimeout(() => this.post(changedAt), 30);
      }),
    );
  }

  get document(): vscode.TextDocument | undefined {
    return this.doc && !this.doc.isClosed ? this.doc : undefined;
  }

  show(doc: vscode.TextDocument | undefined): void {
    if (doc === this.doc) return;
    this.doc = doc;
    this.post();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private html(): string {
    const nonce = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const uri = (...p: string[]) => this.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', ...p)).toString();
    return boardHtml({
      cspSource: this.webview.cspSource,
      nonce,
      scriptUri: uri('dist', 'board.js'),
      styleUri: uri('board.css'),
      codiconsUri: uri('dist', 'codicons', 'codicon.css'),
    });
  }

  /** Sends the current document's snapshot (or an empty board when no backlog is shown). */
  post(changedAt?: number): void {
    const doc = this.document;
    if (!doc) {
      void this.send({ type: 'backlogDidChange', version: 0, snapshot: { fileName: '', shape: null, groups: [], items: [], problems: [] } });
      return;
    }
    const { backlog, findings } = this.store.get(doc);
    const snapshot = toBoardSnapshot(backlog, findings, vscode.workspace.asRelativePath(doc.uri));
    void this.send({ type: 'backlogDidChange', version: doc.version, snapshot }).then(() => {
      if (changedAt !== undefined) this.lastUpdateMs = performance.now() - changedAt;
    });
  }

  private send(message: HostMessage): Thenable<boolean> {
    return this.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      log(`Board: ignored a malformed message: ${safeJson(raw)}`);
      return;
    }
    if (m.type === 'webviewDidLoad') return this.post();
    const doc = this.document;
    if (!doc) return;
    if (m.type === 'revealItem') return this.reveal(doc, m.item);
    if (m.version !== doc.version) {
      await this.send({ type: 'editRejected', reason: 'stale', message: STALE_MESSAGE });
      return this.post();
    }
    const plan = this.plan(doc, m);
    if (!plan.ok) {
      await this.send({ type: 'editRejected', reason: 'invalid', message: plan.error });
      return this.post();
    }
    if (!(await applyIfCurrent(doc, m.version, plan.edits))) {
      await this.send({ type: 'editRejected', reason: doc.version !== m.version ? 'stale' : 'failed', message: doc.version !== m.version ? STALE_MESSAGE : 'VS Code did not apply the edit.' });
      return this.post();
    }
    // The document change event re-renders the board.
    if (m.type === 'newItem') void this.reveal(doc, plan.newIndex ?? m.rank - 1);
  }

  private plan(doc: vscode.TextDocument, m: Exclude<WebviewMessage, { type: 'webviewDidLoad' | 'revealItem' }>): Plan {
    const { backlog } = this.store.get(doc);
    switch (m.type) {
      case 'moveItem':
        return planMove(backlog, m.from, m.to);
      case 'toggleCriterion':
        return planToggleCriterion(backlog, m.item, m.criterion);
      case 'editCriterion':
        return planEditCriterion(backlog, m.item, m.criterion, m.text);
      case 'addCriterion':
        return planAddCriterion(backlog, m.item, m.text);
      case 'removeCriterion':
        return planRemoveCriterion(backlog, m.item, m.criterion);
      case 'moveCriterion':
        return planMoveCriterion(backlog, m.item, m.from, m.to);
      case 'setValueStatement':
        return planSetValueStatement(backlog, m.item, { role: m.role, want: m.want, benefit: m.benefit });
      case 'setField':
        return planSetField(backlog, m.item, m.field, m.value);
      case 'newItem':
        return planInsertItem(backlog, m.rank, m.title);
      default:
        return assertNever(m);
    }
  }

  private async reveal(doc: vscode.TextDocument, index: number): Promise<void> {
    const item = this.store.get(doc).backlog.items[index];
    if (!item) return;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const range = toRange(doc, item.titleSpan);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled board message ${safeJson(x)}`);
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x)?.slice(0, 300) ?? String(x);
  } catch {
    return String(x);
  }
}

/** Opens boards and restores them after a reload. */
export class BoardController implements vscode.Disposable, vscode.WebviewViewProvider, vscode.WebviewPanelSerializer<{ uri?: string }> {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; session: BoardSession }>();
  private viewSession: BoardSession | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: BacklogStore,
    private readonly extensionUri: vscode.Uri,
    private readonly memory: vscode.Memento,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(BOARD_PANEL_TYPE, this),
      vscode.window.registerWebviewViewProvider(BOARD_VIEW_ID, this, { webviewOptions: { retainContextWhenHidden: false } }),
      store.onDidChangeConfig(() => this.refreshAll()),
    );
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.viewSession?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Problems changed (e.g. configuration): re-post every board. */
  refreshAll(): void {
    for (const { session } of this.panels.values()) session.post();
    this.viewSession?.post();
  }

  /** "Backlog: Open Board": a panel beside the editor for the backlog. */
  open(doc: vscode.TextDocument | undefined): void {
    if (!doc) {
      void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) first, then open its board.');
      return;
    }
    const key = doc.uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      return;
    }
    const panel = vscode.window.createWebviewPanel(BOARD_PANEL_TYPE, `Board: ${basename(doc.uri)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    this.attach(panel, doc);
  }

  private attach(panel: vscode.WebviewPanel, doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'backlog.svg');
    const session = new BoardSession(panel.webview, doc, this.store, this.extensionUri);
    this.panels.set(key, { panel, session });
    this.remember();
    panel.onDidDispose(() => {
      session.dispose();
      this.panels.delete(key);
      this.remember();
    });
  }

  /** Which backlogs have open boards, so a reload can bring each board back with its document. */
  private remember(): void {
    void this.memory.update(REMEMBERED_BOARDS, [...this.panels.keys()]);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: { uri?: string } | undefined): Promise<void> {
    // The document URI comes from the webview's saved state if it has one, else from the boards remembered as open.
    const remembered = this.memory.get<string[]>(REMEMBERED_BOARDS, []).filter((u) => !this.panels.has(u));
    const raw = typeof state?.uri === 'string' ? state.uri : remembered[0];
    const uri = raw ? vscode.Uri.parse(raw) : undefined;
    if (!uri) {
      panel.dispose();
      return;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      this.attach(panel, doc);
    } catch {
      panel.dispose();
    }
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewSession?.dispose();
    const session = new BoardSession(view.webview, this.activeBacklog(), this.store, this.extensionUri);
    this.viewSession = session;
    view.onDidDispose(() => {
      session.dispose();
      if (this.viewSession === session) this.viewSession = undefined;
    });
  }

  /** The board view follows the backlog the tree shows. */
  showInView(doc: vscode.TextDocument | undefined): void {
    this.viewSession?.show(doc);
  }

  /** Time from the last document change to its snapshot being posted, per open board (for measurements). */
  updateTimes(): number[] {
    return [...this.panels.values()].map(({ session }) => session.lastUpdateMs);
  }

  private activeBacklog(): vscode.TextDocument | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor && this.store.isBacklog(editor.document) ? editor.document : undefined;
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
