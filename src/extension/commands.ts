// Palette, keybinding, tree and board commands. Every edit is the core's plan applied as one WorkspaceEdit against
// the document version it was planned for; a stale plan is refused with a message.
import * as vscode from 'vscode';
import { type Plan, planInsertItem, planMove, planMoveItems, planMoveItemsToGroup, planMoveStep, planMoveToGroup, planRenumberPriorities, verifyPlan } from '../core/edits';
import { lastStartingAtOrBefore } from '../core/text';
import type { BacklogStore } from './backlog-store';
import type { BacklogCodeActions } from './code-actions';
import { applyIfCurrent, STALE_MESSAGE, toRange } from './convert';
import { logError } from './log';
import type { BacklogNode, BacklogTreeProvider } from './tree-view';

/** Command ids, once. A unit test checks them against package.json. */
export const enum CommandId {
  moveItemUp = 'backlogAsCode.moveItemUp',
  moveItemDown = 'backlogAsCode.moveItemDown',
  moveItemToTop = 'backlogAsCode.moveItemToTop',
  moveItemToBottom = 'backlogAsCode.moveItemToBottom',
  moveItemToPosition = 'backlogAsCode.moveItemToPosition',
  moveItemToGroup = 'backlogAsCode.moveItemToGroup',
  goToItem = 'backlogAsCode.goToItem',
  newItem = 'backlogAsCode.newItem',
  renumberPriorities = 'backlogAsCode.renumberPriorities',
  fixAll = 'backlogAsCode.fixAll',
  openBacklog = 'backlogAsCode.openBacklog',
  revealItem = 'backlogAsCode.revealItem',
  openBoard = 'backlogAsCode.openBoard',
  createBacklog = 'backlogAsCode.createBacklog',
  compareOrderWith = 'backlogAsCode.compareOrderWith',
  clearOrderComparison = 'backlogAsCode.clearOrderComparison',
  exportReport = 'backlogAsCode.exportReport',
  acceptItem = 'backlogAsCode.acceptItem',
  rejectItem = 'backlogAsCode.rejectItem',
  /** Internal (tests, tree drops, board): `(uri, version, fromIndex, toIndex)` → boolean applied. */
  applyMove = '_backlogAsCode.applyMove',
}

/** What a command acts on: an item of a document. */
interface Target {
  readonly doc: vscode.TextDocument;
  readonly index: number;
}

export interface CommandDeps {
  readonly store: BacklogStore;
  readonly tree: BacklogTreeProvider;
  readonly actions: BacklogCodeActions;
  readonly editing: BacklogEditing;
  readonly openBoard: (doc: vscode.TextDocument | undefined) => void;
}

/** Applies the core's plans to documents: the one path every edit of the extension takes. */
export class BacklogEditing {
  constructor(private readonly store: BacklogStore) {}

  /**
   * Applies a plan made against `version`, then puts the cursor on the moved or new item. The core first checks that
   * the plan keeps the items it promises (verifyPlan): markdown left open in an item must not glue items together.
   */
  async apply(doc: vscode.TextDocument, version: number, planned: Plan): Promise<boolean> {
    const { backlog, config } = this.store.get(doc);
    const plan = doc.version === version ? verifyPlan(backlog, planned, { ...config, cache: this.store.cacheFor(doc) }) : planned;
    if (!plan.ok) {
      void vscode.window.showWarningMessage(plan.error);
      return false;
    }
    if (!(await applyIfCurrent(doc, version, plan.edits))) {
      void vscode.window.showWarningMessage(STALE_MESSAGE);
      return false;
    }
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (editor && plan.selection) {
      editor.selection = new vscode.Selection(doc.positionAt(plan.selection.start), doc.positionAt(plan.selection.end));
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (editor && plan.newIndex !== undefined) {
      const item = this.store.get(doc).backlog.items[plan.newIndex];
      if (item) {
        const pos = doc.positionAt(item.titleSpan.start);
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
    return true;
  }

  /**
   * Moves several items (a multi-select drag) before the item at `target`, or (`{ group }`) into that group (a drop on
   * an empty group), as one edit.
   */
  async moveMany(doc: vscode.TextDocument, version: number, indexes: number[], target: number | { readonly group: number }): Promise<boolean> {
    if (doc.version !== version) {
      void vscode.window.showWarningMessage(STALE_MESSAGE);
      return false;
    }
    const { backlog, config } = this.store.get(doc);
    const plan =
      typeof target === 'number' ? planMoveItems(backlog, indexes, target) : planMoveItemsToGroup(backlog, indexes, target.group, { ...config, cache: this.store.cacheFor(doc) });
    return this.apply(doc, version, plan);
  }
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { store, tree } = deps;
  const apply = deps.editing.apply.bind(deps.editing);
  const reg = (id: string, fn: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        logError(`Command ${id} failed`, e);
        void vscode.window.showErrorMessage(`Backlog: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    });

  /** The item from a tree node, or the item under the cursor in the active backlog editor. */
  const targetOf = async (arg?: unknown): Promise<Target | undefined> => {
    if (isNode(arg) && arg.kind === 'item') {
      const doc = await vscode.workspace.openTextDocument(arg.uri);
      return { doc, index: arg.index };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor || !store.isBacklog(editor.document)) {
      void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) and put the cursor in an item first.');
      return undefined;
    }
    const { backlog } = store.get(editor.document);
    const offset = editor.document.offsetAt(editor.selection.active);
    const index = itemAt(backlog.items, offset);
    if (index < 0) {
      void vscode.window.showInformationMessage(backlog.items.length === 0 ? 'This backlog has no items yet.' : 'Put the cursor inside an item first.');
      return undefined;
    }
    return { doc: editor.document, index };
  };

  const move = (how: 'up' | 'down' | 'top' | 'bottom') => async (arg?: unknown) => {
    const t = await targetOf(arg);
    if (!t) return false;
    const { backlog } = store.get(t.doc);
    const version = t.doc.version;
    const plan =
      how === 'up' || how === 'down' ? planMoveStep(backlog, t.index, how) : planMove(backlog, t.index, how === 'top' ? 0 : backlog.items.length - 1);
    return apply(t.doc, version, plan);
  };

  return [
    reg(CommandId.moveItemUp, move('up')),
    reg(CommandId.moveItemDown, move('down')),
    reg(CommandId.moveItemToTop, move('top')),
    reg(CommandId.moveItemToBottom, move('bottom')),
    reg(CommandId.moveItemToPosition, async (arg?: unknown) => {
      const t = await targetOf(arg);
      if (!t) return false;
      const version = t.doc.version;
      const n = store.get(t.doc).backlog.items.length;
      const answer = await vscode.window.showInputBox({
        title: 'Move Item to Position',
        prompt: `New rank for the item (1 = top, ${n} = bottom)`,
        value: String(t.index + 1),
        validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= n ? null : `Enter a whole number from 1 to ${n}.`),
      });
      if (answer === undefined) return false;
      return apply(t.doc, version, planMove(store.get(t.doc).backlog, t.index, Number(answer) - 1));
    }),
    reg(CommandId.moveItemToGroup, async (arg?: unknown, groupTitle?: unknown) => {
      const t = await targetOf(arg);
      if (!t) return false;
      const version = t.doc.version;
      const { backlog } = store.get(t.doc);
      if (backlog.groups.length === 0) {
        void vscode.window.showInformationMessage('This backlog has no groups: add a heading (## Sprint 2) above the items first.');
        return false;
      }
      let groupIndex: number;
      if (typeof groupTitle === 'string') {
        // Tests and keybindings may name the group.
        groupIndex = backlog.groups.findIndex((g) => g.title === groupTitle);
        if (groupIndex < 0) {
          void vscode.window.showWarningMessage(`No group named "${groupTitle}".`);
          return false;
        }
      } else {
        const count = (gi: number) => backlog.items.filter((it) => it.groupIndex === gi).length;
        const pick = await vscode.window.showQuickPick(
          backlog.groups.map((g, gi) => {
            let depth = 0;
            for (let p = g.parent; p >= 0; p = backlog.groups[p].parent) depth++;
            const n = count(gi);
            return { label: `${'\u2003'.repeat(depth)}${g.title}`, description: n === 0 ? 'empty' : `${n} ${n === 1 ? 'item' : 'items'}`, groupIndex: gi };
          }),
          { title: 'Move Item to Group', placeHolder: 'The item goes after the group\'s last item, or into the empty group' },
        );
        if (!pick) return false;
        groupIndex = pick.groupIndex;
      }
      return apply(t.doc, version, planMoveToGroup(store.get(t.doc).backlog, t.index, groupIndex));
    }),
    reg(CommandId.applyMove, async (uri: vscode.Uri | string, version: number, from: number, to: number) => {
      const doc = await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
      if (doc.version !== version) {
        void vscode.window.showWarningMessage(STALE_MESSAGE);
        return false;
      }
      return apply(doc, version, planMove(store.get(doc).backlog, from, to));
    }),
    reg(CommandId.goToItem, async () => {
      const doc = activeBacklog(store, tree);
      if (!doc) return void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) first.');
      const { backlog } = store.get(doc);
      const pick = await vscode.window.showQuickPick(
        backlog.items.map((it) => ({
          label: `${it.rank}. ${it.id ? `${it.id} ` : ''}${it.title}`,
          description: [it.group, it.status?.raw, it.estimate?.raw].filter(Boolean).join(' · '),
          index: it.index,
        })),
        { title: 'Go to Backlog Item', placeHolder: 'Type an ID or words of a title', matchOnDescription: true },
      );
      if (pick) await revealItem(store, doc, pick.index);
    }),
    reg(CommandId.newItem, async () => {
      const doc = activeBacklog(store, tree);
      if (!doc) return void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) first.');
      const n = store.get(doc).backlog.items.length;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      const cursorIndex = editor ? itemAt(store.get(doc).backlog.items, doc.offsetAt(editor.selection.active)) : -1;
      const rank = await vscode.window.showInputBox({
        title: 'New Backlog Item',
        prompt: `Rank of the new item (1 = top, ${n + 1} = bottom)`,
        value: String(cursorIndex >= 0 ? cursorIndex + 2 : n + 1),
        validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= n + 1 ? null : `Enter a whole number from 1 to ${n + 1}.`),
      });
      if (rank === undefined) return;
      const version = doc.version;
      const shown = await vscode.window.showTextDocument(doc);
      const ok = await apply(doc, version, planInsertItem(store.get(doc).backlog, Number(rank), 'New item'));
      if (ok) shown.revealRange(shown.selection, vscode.TextEditorRevealType.InCenter);
    }),
    reg(CommandId.renumberPriorities, async () => {
      const doc = activeBacklog(store, tree);
      if (!doc) return void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) first.');
      return apply(doc, doc.version, planRenumberPriorities(store.get(doc).backlog));
    }),
    reg(CommandId.fixAll, async () => {
      const doc = activeBacklog(store, tree);
      if (!doc) return void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) first.');
      const version = doc.version;
      const result = deps.actions.fixAllEdits(doc);
      if (!result) return void vscode.window.showInformationMessage('No auto-fixable problems in this backlog.');
      if (await applyIfCurrent(doc, version, result.edits)) vscode.window.setStatusBarMessage(`Backlog: applied ${result.applied} fixes`, 4000);
      else void vscode.window.showWarningMessage(STALE_MESSAGE);
    }),
    reg(CommandId.openBacklog, async () => {
      const found = new Map<string, vscode.Uri>();
      // `backlogAsCode.files` is resource-scoped: in a multi-root workspace each folder has its own globs.
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const globs = vscode.workspace.getConfiguration('backlogAsCode', folder.uri).get<string[]>('files', ['**/BACKLOG.md']);
        for (const g of globs) {
          // findFiles is case-sensitive; try the common spellings of the default name too.
          for (const variant of new Set([g, g.toLowerCase(), g.replace(/BACKLOG/g, 'Backlog')])) {
            for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, variant), '**/node_modules/**', 200)) found.set(uri.toString(), uri);
          }
        }
      }
      const uris = [...found.values()];
      if (uris.length === 0) return void vscode.window.showInformationMessage('No backlog file found. Create a BACKLOG.md in your workspace.');
      const uri =
        uris.length === 1
          ? uris[0]
          : (await vscode.window.showQuickPick(uris.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { title: 'Open Backlog' }))?.uri;
      if (uri) await vscode.window.showTextDocument(uri);
    }),
    reg(CommandId.revealItem, async (arg?: unknown) => {
      if (isNode(arg) && arg.kind === 'item') {
        const doc = await vscode.workspace.openTextDocument(arg.uri);
        await revealItem(store, doc, arg.index);
      }
    }),
    reg(CommandId.createBacklog, async () => {
      const uri = await createBacklogFile();
      if (uri) await vscode.window.showTextDocument(uri, { preview: false });
    }),
    reg(CommandId.openBoard, async (arg?: unknown) => {
      const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : activeBacklog(store, tree);
      deps.openBoard(doc);
    }),
  ];
}

/** Index of the item containing the offset (or the nearest item above it), -1 before the first. */
export function itemAt(items: readonly { span: { start: number }; trailerEnd: number }[], offset: number): number {
  return lastStartingAtOrBefore(items, offset, (i) => i.span.start);
}

export function activeBacklog(store: BacklogStore, tree: BacklogTreeProvider): vscode.TextDocument | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && store.isBacklog(editor.document)) return editor.document;
  return tree.current;
}

async function revealItem(store: BacklogStore, doc: vscode.TextDocument, index: number): Promise<void> {
  const item = store.get(doc).backlog.items[index];
  if (!item) return;
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
  const range = toRange(doc, item.titleSpan);
  editor.selection = new vscode.Selection(range.start, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
}

function isNode(x: unknown): x is BacklogNode {
  return typeof x === 'object' && x !== null && 'kind' in x && 'uri' in x;
}

/** What "Create Backlog File" writes: the canonical form, with one example item to copy. */
export const BACKLOG_TEMPLATE = [
  '# Product Backlog',
  '',
  'Ordered top to bottom: the first item is the most important one.',
  '',
  '## Next',
  '',
  '### US-1 Describe the first thing users need',
  '',
  'As a <role>, I want <goal>, so that <benefit>.',
  '',
  '- Estimate: 3',
  '- Status: todo',
  '',
  '**Acceptance criteria:**',
  '',
  '- [ ] A first condition that decides whether the work is accepted',
  '',
].join('\n');

/** Creates BACKLOG.md in a workspace folder (asks which one when there are several); an existing one is kept. */
async function createBacklogFile(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Open a folder first: the backlog file is created in the workspace.');
    return undefined;
  }
  const folder =
    folders.length === 1
      ? folders[0]
      : (await vscode.window.showQuickPick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })), { title: 'Create BACKLOG.md in which folder?' }))?.folder;
  if (!folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, 'BACKLOG.md');
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} already exists; it is opened instead.`);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(BACKLOG_TEMPLATE));
  }
  return uri;
}
