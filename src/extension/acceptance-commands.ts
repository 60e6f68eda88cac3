// "Backlog: Accept Item" and "Backlog: Reject Item" (palette, tree context menu, board): the core's planAccept and
// planReject over the item under the cursor, a tree item, or a board card. Accept shows the item's acceptance
// criteria and the Definition of Done as one checklist (a multi-select quick pick); only when every entry is checked
// does it set the status to accepted, check the criteria and record the date. Reject asks for the reason. Either is
// one WorkspaceEdit (one undo step), applied only to the document version the checklist or the reason was asked for.
import * as vscode from 'vscode';
import { acceptanceChecklist, type ChecklistEntry, definitionOfDone, planAccept, planReject } from '../core/acceptance';
import type { BacklogItem } from '../core/model';
import { parseBacklog } from '../core/parse';
import type { BacklogStore } from './backlog-store';
import { type BacklogEditing, CommandId, itemAt } from './commands';
import { STALE_MESSAGE } from './convert';
import { logError } from './log';

/** What a decision acts on; `version` (from the board) is the version the user saw. */
interface Target {
  readonly doc: vscode.TextDocument;
  readonly index: number;
  readonly version: number;
}

/** A checklist row of the quick pick. */
interface CheckItem extends vscode.QuickPickItem {
  readonly entry?: ChecklistEntry;
}

/**
 * The prompts, replaceable only to observe them: the integration tests read `lastChecklist` and `lastReasonBox` to
 * drive the real quick pick and input box.
 */
export class DecisionPrompts {
  lastChecklist: vscode.QuickPick<CheckItem> | undefined;
  lastReasonBox: vscode.InputBox | undefined;

  /** The checklist; resolves with the checked entries, or undefined when dismissed. */
  checklist(title: string, entries: readonly ChecklistEntry[], dodNote: string): Promise<ChecklistEntry[] | undefined> {
    const pick = vscode.window.createQuickPick<CheckItem>();
    this.lastChecklist = pick;
    pick.title = title;
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.placeholder = 'Check each acceptance criterion and each item of the Definition of Done that is met, then press Enter';
    const criteria = entries.filter((e) => e.kind === 'criterion');
    const dod = entries.filter((e) => e.kind === 'definition-of-done');
    const rows: CheckItem[] = [{ label: 'Acceptance criteria', kind: vscode.QuickPickItemKind.Separator }];
    if (criteria.length === 0) rows.push({ label: '$(info) No acceptance criteria', description: 'nothing to check', alwaysShow: true });
    for (const e of criteria) rows.push({ label: e.text, description: e.checked === true ? 'checked in the file' : undefined, entry: e });
    rows.push({ label: `Definition of Done${dodNote}`, kind: vscode.QuickPickItemKind.Separator });
    if (dod.length === 0) rows.push({ label: '$(info) No Definition of Done', description: 'add "definitionOfDone" to .backlog.jsonc or a "Definition of Done" section', alwaysShow: true });
    for (const e of dod) rows.push({ label: e.text, entry: e });
    pick.items = rows;
    // Criteria already checked in the file start checked; the Definition of Done is confirmed each time.
    pick.selectedItems = rows.filter((r) => r.entry?.checked === true);
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: ChecklistEntry[] | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        pick.dispose();
      };
      pick.onDidAccept(() => finish(pick.selectedItems.flatMap((r) => (r.entry ? [r.entry] : []))));
      pick.onDidHide(() => finish(undefined));
      pick.show();
    });
  }

  /** The reason for a rejection: one line, not empty; undefined when dismissed. */
  reason(title: string): Promise<string | undefined> {
    const box = vscode.window.createInputBox();
    this.lastReasonBox = box;
    box.title = title;
    box.prompt = 'Why is the work rejected? (recorded in the item with the date)';
    box.placeholder = 'e.g. The error message is not shown on mobile';
    box.ignoreFocusOut = true;
    return new Promise((resolve) => {
      let done = false;
      const check = (v: string) => (v.trim() === '' ? 'Enter the reason for the rejection.' : /[\r\n|]/.test(v) ? 'The reason must be one line without "|".' : undefined);
      box.onDidChangeValue((v) => (box.validationMessage = check(v)));
      box.onDidAccept(() => {
        const problem = check(box.value);
        box.validationMessage = problem;
        if (problem || done) return;
        done = true;
        resolve(box.value.trim());
        box.dispose();
      });
      box.onDidHide(() => {
        if (done) return;
        done = true;
        resolve(undefined);
        box.dispose();
      });
      box.show();
    });
  }
}

/** Today on the user's calendar (local time), `YYYY-MM-DD`: the date recorded with a decision. */
export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const nameOf = (item: BacklogItem) => (item.id ? `${item.id} ${item.title}` : `“${item.title}”`);

export function registerAcceptanceCommands(store: BacklogStore, editing: BacklogEditing, prompts: DecisionPrompts): vscode.Disposable[] {
  /** A tree node, a board card (`{ uri, index, version }`), or the item under the cursor. */
  const targetOf = async (arg?: unknown): Promise<Target | undefined> => {
    if (typeof arg === 'object' && arg !== null && 'uri' in arg && 'index' in arg && typeof arg.index === 'number') {
      const a = arg as { uri: vscode.Uri | string; index: number; version?: unknown; kind?: unknown };
      if (a.kind !== undefined && a.kind !== 'item') return undefined;
      const doc = await vscode.workspace.openTextDocument(typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : a.uri);
      return { doc, index: a.index, version: typeof a.version === 'number' ? a.version : doc.version };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor || !store.isBacklog(editor.document)) {
      void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) and put the cursor in an item first.');
      return undefined;
    }
    const index = itemAt(store.get(editor.document).backlog.items, editor.document.offsetAt(editor.selection.active));
    if (index < 0) {
      void vscode.window.showInformationMessage('Put the cursor inside an item first.');
      return undefined;
    }
    return { doc: editor.document, index, version: editor.document.version };
  };

  /** The backlog of the target's version, or undefined (with the stale message) when the document moved on. */
  const current = (t: Target) => {
    if (t.doc.version !== t.version) {
      void vscode.window.showWarningMessage(STALE_MESSAGE);
      return undefined;
    }
    const analysis = store.get(t.doc);
    const item = analysis.backlog.items[t.index];
    if (!item) {
      void vscode.window.showWarningMessage(`The backlog has no item ${t.index + 1}.`);
      return undefined;
    }
    const { backlog, config } = analysis;
    const reparse = (text: string) => parseBacklog(text, { shape: backlog.shape ?? undefined, itemDepth: backlog.itemDepth || undefined, fieldAliases: config.fieldAliases });
    return { backlog, config, item, reparse };
  };

  const reg = (id: string, fn: (arg?: unknown) => Promise<boolean>) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        logError(`Command ${id} failed`, e);
        void vscode.window.showErrorMessage(`Backlog: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    });

  return [
    reg(CommandId.acceptItem, async (arg) => {
      const t = await targetOf(arg);
      const now = t && current(t);
      if (!t || !now) return false;
      const entries = acceptanceChecklist(now.backlog, t.index, now.config);
      const source = definitionOfDone(now.backlog, now.config).source;
      const checked = await prompts.checklist(`Accept ${nameOf(now.item)}`, entries, source === 'config' ? ' (configuration)' : source === 'file' ? ' (this file)' : '');
      if (checked === undefined) return false;
      const unmet = entries.filter((e) => !checked.includes(e));
      if (unmet.length > 0) {
        const list = unmet.map((e) => `“${e.text}”`).join(', ');
        void vscode.window.showWarningMessage(`${nameOf(now.item)} is not accepted: ${unmet.length} of ${entries.length} not met: ${list}.`);
        return false;
      }
      // The checklist was shown for t.version: a change meanwhile refuses the edit.
      const again = current(t);
      if (!again) return false;
      const met = checked.flatMap((e) => (e.criterion !== null ? [e.criterion] : []));
      return editing.apply(t.doc, t.version, planAccept(again.backlog, t.index, localDate(), again.reparse, met));
    }),
    reg(CommandId.rejectItem, async (arg) => {
      const t = await targetOf(arg);
      const now = t && current(t);
      if (!t || !now) return false;
      const reason = await prompts.reason(`Reject ${nameOf(now.item)}`);
      if (reason === undefined) return false;
      const again = current(t);
      if (!again) return false;
      return editing.apply(t.doc, t.version, planReject(again.backlog, t.index, localDate(), reason, again.reparse));
    }),
  ];
}
