// activate(): wiring only. Nothing is parsed here; the store parses a backlog the first time a feature asks.
import * as vscode from 'vscode';
import { BacklogStore } from './backlog-store';
import { BoardController } from './board-panel';
import { BacklogCodeActions } from './code-actions';
import { BacklogEditing, itemAt, registerCommands } from './commands';
import { DiagnosticManager } from './diagnostics';
import { disposeLog } from './log';
import { BacklogDragAndDrop, type BacklogNode, BacklogTreeProvider } from './tree-view';

/** What the extension exports (used by the integration tests). */
export interface BacklogApi {
  readonly store: BacklogStore;
  readonly diagnostics: DiagnosticManager;
  readonly tree: BacklogTreeProvider;
  readonly boards: BoardController;
}

const VIEW_IDS = ['backlogAsCode.explorer', 'backlogAsCode.sidebar'] as const;
const CONTEXT_IS_BACKLOG = 'backlogAsCode.isBacklog';

export function activate(context: vscode.ExtensionContext): BacklogApi {
  const store = new BacklogStore();
  const diagnostics = new DiagnosticManager(store);
  const tree = new BacklogTreeProvider(store);
  const actions = new BacklogCodeActions(store);
  const editing = new BacklogEditing(store);
  const boards = new BoardController(store, context.extensionUri, context.workspaceState);
  context.subscriptions.push(store, diagnostics, tree, boards, vscode.window.registerFileDecorationProvider(tree));

  const views = VIEW_IDS.map((id) =>
    vscode.window.createTreeView<BacklogNode>(id, {
      treeDataProvider: tree,
      showCollapseAll: true,
      canSelectMany: true,
      dragAndDropController: new BacklogDragAndDrop(id, tree, (doc, version, indexes, target) => editing.moveMany(doc, version, indexes, target).then(() => undefined)),
    }),
  );
  context.subscriptions.push(...views);

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, actions, BacklogCodeActions.metadata),
    ...registerCommands({ store, tree, actions, editing, openBoard: (doc) => boards.open(doc) }),
  );

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
      if (e.document !== tree.current || e.contentChanges.length === 0) return;
      // Coalesce keystrokes; a move or drop (one edit) refreshes on the next tick.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => tree.refresh(), e.contentChanges.length === 1 && e.contentChanges[0].text.length < 3 ? 150 : 0);
    }),
    diagnostics.onDidUpdate((uri) => {
      if (tree.current && uri.toString() === tree.current.uri.toString()) tree.refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc === tree.current) tree.show(undefined);
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor.document !== tree.current) return;
      const view = views.find((v) => v.visible);
      if (!view) return;
      const { backlog } = store.get(e.textEditor.document);
      const index = itemAt(backlog.items, e.textEditor.document.offsetAt(e.selections[0].active));
      const node = index >= 0 ? tree.nodeFor(index) : undefined;
      const selected = view.selection[0];
      if (node && !(selected?.kind === 'item' && selected.key === (node.kind === 'item' ? node.key : ''))) {
        void view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
      }
    }),
    { dispose: () => clearTimeout(refreshTimer) },
  );
  onEditor(vscode.window.activeTextEditor);
  return { store, diagnostics, tree, boards };
}

export function deactivate(): void {
  disposeLog();
}
