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
  planMoveToGroup,
  planRemoveCriterion,
  planSetField,
  planSetValueStatement,
  planToggleCriterion,
  verifyPlan,
} from '../core/edits';
import { boardHtml } from '../shared/board-html';
import { toBoardSnapshot } from '../shared/board-snapshot';
import { type BoardForecast, type HostMessage, MAX_CHOICES, parseWebviewMessage, type WebviewMessage } from '../shared/protocol';
import type { BacklogStore } from './backlog-store';
import { CommandId } from './commands';
import { applyIfCurrent, STALE_MESSAGE, toRange } from './convert';
import { log } from './log';

export const BOARD_PANEL_TYPE = 'backlogAsCode.board';
export const BOARD_VIEW_ID = 'backlogAsCode.board';
const REMEMBERED_BOARDS = 'backlogAsCode.openBoards';

/** What a board needs to know of the workspace when no backlog editor is active (the workspace index and the tree). */
export interface BoardWorkspace {
  /** The backlog files, sorted by workspace-relative path. */
  backlogUris(): vscode.Uri[];
  /** Whether the first scan is done (before it, no files means "not known yet"). */
  readonly scanned: boolean;
  /** The backlog's document, opened in the background if no editor has it. */
  documentFor(uri: vscode.Uri): vscode.TextDocument | Promise<vscode.TextDocument | undefined>;
  /** The document's forecast for the board (burn-up chart, sprint dividers), or null. */
  forecastFor?(doc: vscode.TextDocument): BoardForecast | null;
}

const NO_WORKSPACE: BoardWorkspace = { backlogUris: () => [], scanned: true, documentFor: () => Promise.resolve(undefined) };

/** One webview showing one backlog document. */
class BoardSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Milliseconds from a document change to the snapshot being posted (measured; logged). */
  lastUpdateMs = 0;
  /** The files offered by the last `noBacklog` message (what `chooseBacklog` indexes). */
  private choices: vscode.Uri[] = [];

  constructor(
    readonly webview: vscode.Webview,
    private doc: vscode.TextDocument | undefined,
    private readonly store: BacklogStore,
    private readonly extensionUri: vscode.Uri,
    private readonly workspace: BoardWorkspace = NO_WORKSPACE,
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

  /**
   * Sends the current document's snapshot. Without one: the workspace's only backlog is shown; with several the
   * board offers them; with none (or before the workspace was scanned) it says so.
   */
  post(changedAt?: number): void {
    const doc = this.document;
    if (!doc) {
      const uris = this.workspace.backlogUris();
      if (uris.length === 1) {
        void Promise.resolve(this.workspace.documentFor(uris[0])).then((d) => {
          if (d && !this.document) this.show(d);
        });
        return;
      }
      this.choices = uris.slice(0, MAX_CHOICES);
      const reason = uris.length > 1 ? 'choose' : this.workspace.scanned ? 'none' : 'loading';
      void this.send({ type: 'noBacklog', reason, files: this.choices.map((u) => vscode.workspace.asRelativePath(u, (vscode.workspace.workspaceFolders?.length ?? 0) > 1)) });
      return;
    }
    if (!this.store.peek(doc)) {
      // Not analysed yet (a large file just opened): in slices, so the host stays responsive; the board shows its
      // "Loading backlog…" state (or the last snapshot) meanwhile.
      void this.store.analyze(doc).then(() => {
        if (this.document === doc && !doc.isClosed) this.post(changedAt);
      });
      return;
    }
    const { backlog, findings } = this.store.get(doc);
    const snapshot = toBoardSnapshot(backlog, findings, vscode.workspace.asRelativePath(doc.uri), this.workspace.forecastFor?.(doc) ?? null);
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
    if (m.type === 'runCommand') {
      const [command, ...args] =
        m.command === 'createBacklog' ? ['backlogAsCode.createBacklog'] : m.command === 'openBacklog' ? ['backlogAsCode.openBacklog'] : ['workbench.action.openSettings', 'backlogAsCode.files'];
      await vscode.commands.executeCommand(command, ...args);
      return;
    }
    if (m.type === 'chooseBacklog') {
      const uri = this.choices[m.file];
      const chosen = uri ? await this.workspace.documentFor(uri) : undefined;
      if (chosen) this.show(chosen);
      return;
    }
    const doc = this.document;
    if (!doc) return;
    if (m.type === 'revealItem') return this.reveal(doc, m.item);
    if (m.type === 'decideItem') {
      // The commands ask (checklist, reason) and refuse the edit when the document is no longer at m.version.
      await vscode.commands.executeCommand(m.decision === 'accept' ? CommandId.acceptItem : CommandId.rejectItem, { uri: doc.uri, index: m.item, version: m.version });
      return;
    }
    if (m.version !== doc.version) {
      await this.send({ type: 'editRejected', reason: 'stale', message: STALE_MESSAGE });
      return this.post();
    }
    // The core checks that the plan keeps the items it promises (no items glued by an unclosed code block).
    const { backlog, config } = this.store.get(doc);
    const plan = verifyPlan(backlog, this.plan(doc, m), { ...config, cache: this.store.cacheFor(doc) });
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

  private plan(doc: vscode.TextDocument, m: Exclude<WebviewMessage, { type: 'webviewDidLoad' | 'revealItem' | 'chooseBacklog' | 'runCommand' | 'decideItem' }>): Plan {
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
      case 'moveToGroup':
        // The core refuses a group index the backlog does not have, with a sentence (shown as editRejected).
        return planMoveToGroup(backlog, m.item, m.group);
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
    private readonly workspace: BoardWorkspace = NO_WORKSPACE,
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

  /** The board view's backlog may be the workspace's: show it again when the workspace's backlogs change. */
  workspaceChanged(): void {
    if (this.viewSession && !this.viewSession.document) this.viewSession.post();
  }

  /**
   * "Backlog: Open Board": a panel beside the editor for the backlog. Without one: the workspace's only backlog, a
   * pick of its backlogs, or, when it has none, an offer to create one.
   */
  async open(doc: vscode.TextDocument | undefined): Promise<void> {
    if (!doc) {
      const uris = this.workspace.backlogUris();
      let uri: vscode.Uri | undefined = uris[0];
      if (uris.length === 0) {
        const create = 'Create BACKLOG.md';
        const settings = 'Open Settings';
        const answer = await vscode.window.showInformationMessage(
          this.workspace.scanned ? 'No backlog found in this workspace.' : 'The workspace is still being searched for backlogs; try again in a moment.',
          create,
          settings,
        );
        if (answer === create) await vscode.commands.executeCommand('backlogAsCode.createBacklog');
        if (answer === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'backlogAsCode.files');
        return;
      }
      if (uris.length > 1) {
        const several = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
        uri = (await vscode.window.showQuickPick(uris.map((u) => ({ label: vscode.workspace.asRelativePath(u, several), uri: u })), { title: 'Open the Board of Which Backlog?' }))?.uri;
      }
      doc = uri ? await this.workspace.documentFor(uri) : undefined;
      if (!doc) return;
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
    const session = new BoardSession(panel.webview, doc, this.store, this.extensionUri, this.workspace);
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
    const session = new BoardSession(view.webview, this.activeBacklog(), this.store, this.extensionUri, this.workspace);
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
