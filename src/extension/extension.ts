// activate(): wiring only. Nothing is parsed here; the store parses a backlog the first time a feature asks.
import * as vscode from 'vscode';
import { BacklogStore } from './backlog-store';
import { BoardController } from './board-panel';
import { BacklogCodeActions } from './code-actions';
import { DecisionPrompts, registerAcceptanceCommands } from './acceptance-commands';
import { BacklogEditing, registerCommands } from './commands';
import { OrderComparisons } from './compare';
import { DiagnosticManager } from './diagnostics';
import { ForecastHost, registerForecastLenses } from './forecast-host';
import { registerLanguageFeatures, relatedInformation } from './language-features';
import { disposeLog } from './log';
import { registerReportCommands } from './report-commands';
import { toBoardForecast } from '../shared/board-snapshot';
import { BacklogDragAndDrop, type BacklogNode, BacklogTreeProvider, CursorFollower } from './tree-view';
import { WorkspaceIndexHost } from './workspace-index-host';

/** What the extension exports (used by the integration tests). */
export interface BacklogApi {
  readonly store: BacklogStore;
  readonly diagnostics: DiagnosticManager;
  readonly tree: BacklogTreeProvider;
  readonly boards: BoardController;
  /** The workspace index: backlogs and mentions of item IDs in the workspace's markdown files. */
  readonly workspace: WorkspaceIndexHost;
  /** The two tree views (Explorer and the Backlog container). */
  readonly treeViews: readonly vscode.TreeView<BacklogNode>[];
  /** Their drag-and-drop controllers, in the same order (the integration tests drag and drop with them). */
  readonly treeDragAndDrop: readonly BacklogDragAndDrop[];
  /** "Compare Order With…": the active comparisons and their marks. */
  readonly comparisons: OrderComparisons;
  /** Accept Item / Reject Item: the last checklist and reason box shown (the integration tests drive them). */
  readonly decisions: DecisionPrompts;
  /** The forecast of each backlog (computed in a worker thread; the tree, CodeLens and board show it). */
  readonly forecasts: ForecastHost;
}

const VIEW_IDS = ['backlogAsCode.explorer', 'backlogAsCode.sidebar'] as const;
const CONTEXT_IS_BACKLOG = 'backlogAsCode.isBacklog';

export function activate(context: vscode.ExtensionContext): BacklogApi {
  const store = new BacklogStore();
  const workspace = new WorkspaceIndexHost(store, context.extensionUri, context.storageUri ?? context.globalStorageUri);
  let scanned = false;
  // What the tree and the boards know of the workspace: its backlogs, and whether the first scan is done.
  const files = {
    backlogUris: () => workspace.backlogUris(),
    get scanned() {
      return scanned;
    },
    documentFor: (uri: vscode.Uri) => tree.documentFor(uri),
    forecastFor: (doc: vscode.TextDocument) => toBoardForecast(forecasts.view(doc)),
  };
  const diagnostics = new DiagnosticManager(store, (doc, f) => relatedInformation(workspace, doc, f));
  const tree = new BacklogTreeProvider(store, files);
  const actions = new BacklogCodeActions(store);
  const editing = new BacklogEditing(store);
  // The tree shows the order comparison's ↑3 / ↓2 / new before an item's description.
  const comparisons = new OrderComparisons(store);
  tree.annotate = (uri, index) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return doc ? comparisons.markFor(doc, index) : undefined;
  };
  const decisions = new DecisionPrompts();
  const forecasts = new ForecastHost(store, context.extensionUri);
  tree.forecast = (doc) => forecasts.view(doc);
  const boards = new BoardController(store, context.extensionUri, context.workspaceState, files);
  context.subscriptions.push(store, workspace, diagnostics, tree, boards, vscode.window.registerFileDecorationProvider(tree));

  const dragAndDrop = VIEW_IDS.map((id) => new BacklogDragAndDrop(id, tree, store, (doc, version, indexes, target) => editing.moveMany(doc, version, indexes, target).then(() => undefined)));
  const views = VIEW_IDS.map((id, k) =>
    vscode.window.createTreeView<BacklogNode>(id, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true, dragAndDropController: dragAndDrop[k] }),
  );
  context.subscriptions.push(...views);
  const cursor = new CursorFollower(views, tree, store);

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, actions, BacklogCodeActions.metadata),
    ...registerCommands({ store, tree, actions, editing, openBoard: (doc) => boards.open(doc) }),
    ...registerLanguageFeatures(store, workspace),
    ...registerReportCommands(store, tree, comparisons),
    ...registerAcceptanceCommands(store, editing, decisions),
    forecasts,
    ...registerForecastLenses(store, forecasts),
    forecasts.onDidChange(() => {
      tree.refresh();
      boards.refreshAll();
    }),
    comparisons,
    comparisons.onDidChangeComparisons(() => tree.refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => comparisons.documentChanged(e.document)),
    // The set of backlogs changed: the tree's roots, the board's fallback, and cross-backlog related information.
    workspace.onDidChange(() => {
      tree.refresh();
      boards.workspaceChanged();
      diagnostics.checkAll();
    }),
  );
  void workspace.rescan().then(() => {
    scanned = true;
    tree.refresh();
    boards.workspaceChanged();
    return openOnStartup(workspace.backlogUris(), boards);
  });

  // The tree follows the active backlog editor, its edits (unsaved ones included) and the cursor.
  const onEditor = (editor: vscode.TextEditor | undefined) => {
    const isBacklog = !!editor && store.isBacklog(editor.document);
    void vscode.commands.executeCommand('setContext', CONTEXT_IS_BACKLOG, isBacklog);
    if (isBacklog) {
      tree.show(editor.document);
      boards.showInView(editor.document);
    }
  };
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(onEditor),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!tree.shows(e.document) || e.contentChanges.length === 0) return;
      // Keystrokes refresh the tree when the diagnostics have analysed them (after the debounce, or on save with
      // `backlogAsCode.run: onSave`); a move, a drop or a paste refreshes on the next tick.
      if (e.contentChanges.length === 1 && e.contentChanges[0].text.length < 3) return;
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => tree.refresh(), 0);
    }),
    diagnostics.onDidUpdate((uri) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc && tree.shows(doc)) {
        tree.refresh();
        cursor.flush();
      }
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (tree.shows(doc)) tree.forget(doc);
    }),
    // The tree follows the cursor without analysing on each keystroke (the cursor moves with every one).
    vscode.window.onDidChangeTextEditorSelection((e) => cursor.follow(e.textEditor)),
    { dispose: () => clearTimeout(refreshTimer) },
  );
  onEditor(vscode.window.activeTextEditor);
  return { store, diagnostics, tree, boards, workspace, treeViews: views, treeDragAndDrop: dragAndDrop, comparisons, decisions, forecasts };
}

/**
 * `backlogAsCode.openOnStartup` (on in the `npm start` profile): a window that opens with no editor shows the
 * workspace's first backlog, its board beside it, and the Backlog view in the Explorer. A restored layout is kept.
 */
async function openOnStartup(backlogs: readonly vscode.Uri[], boards: BoardController): Promise<void> {
  if (!vscode.workspace.getConfiguration('backlogAsCode').get<boolean>('openOnStartup', false)) return;
  if (backlogs.length === 0 || vscode.window.tabGroups.all.some((g) => g.tabs.length > 0)) return;
  await vscode.commands.executeCommand('backlogAsCode.explorer.focus');
  const editor = await vscode.window.showTextDocument(backlogs[0], { preview: false });
  await boards.open(editor.document);
}

export function deactivate(): void {
  disposeLog();
}
