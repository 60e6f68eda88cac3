// Accept Item and Reject Item in a real VS Code: the real quick pick and input box, one undo step, stale edits
// refused. Workspace: test/fixtures/integration (accept.backlog.md).
/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import { localDate } from '../../src/extension/acceptance-commands';
import type { BacklogApi } from '../../src/extension/extension';
import * as shared from './helpers';

const EXTENSION_ID = 'backlog-as-code.backlog-as-code';
let api: BacklogApi;

function file(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls `get` (every 50 ms, up to 10 s) until it returns something. */
async function until<T>(what: string, get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Puts the cursor on the line holding `text`. */
function cursorAt(editor: vscode.TextEditor, text: string): void {
  const at = editor.document.positionAt(editor.document.getText().indexOf(text));
  editor.selection = new vscode.Selection(at, at);
}

/** The warnings the extension showed since the test began (the extension and this file share the vscode API object). */
let warnings: string[] = [];
const originalWarning = vscode.window.showWarningMessage;

/**
 * Presses Enter in the open quick input. The extension host sends a changed selection or value to the window in a
 * batch after the current task, and Enter accepts what the window shows: let that update arrive first.
 */
async function accept(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

suite('Accept Item and Reject Item', () => {
  let editor: vscode.TextEditor;
  let original: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<BacklogApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => {
      warnings.push(message);
      return Promise.resolve(undefined);
    };
  });

  suiteTeardown(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = originalWarning;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  setup(async () => {
    ({ editor } = await shared.openAndCheck(api, file('accept.backlog.md')));
    original = editor.document.getText();
    api.decisions.lastChecklist = undefined;
    api.decisions.lastReasonBox = undefined;
    warnings = [];
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Accept shows the criteria and the Definition of Done as a checklist; all checked: accepted and dated in one undo step', async () => {
    cursorAt(editor, 'Booked slots');
    const running = Promise.resolve(vscode.commands.executeCommand<boolean>('backlogAsCode.acceptItem'));
    const pick = await until('the checklist', () => api.decisions.lastChecklist);
    assert.strictEqual(pick.title, 'Accept US-1 Book a court');
    assert.strictEqual(pick.canSelectMany, true);
    const rows = pick.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label);
    assert.deepStrictEqual(rows, ['Booked slots are greyed out', 'A booking shows in my calendar', 'Code reviewed', 'Released to staging']);
    // The criterion checked in the file starts checked; nothing else does.
    assert.deepStrictEqual(pick.selectedItems.map((i) => i.label), ['Booked slots are greyed out']);
    pick.selectedItems = pick.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    await accept();
    const applied = await running;
    assert.deepStrictEqual(warnings, []);
    assert.strictEqual(applied, true);
    const expected = original
      .replace('- Status: review\n- Estimate: 5', `- Status: accepted\n- Accepted: ${localDate()}\n- Estimate: 5`)
      .replace('- [ ] A booking shows in my calendar', '- [x] A booking shows in my calendar');
    assert.strictEqual(editor.document.getText(), expected);
    assert.strictEqual(api.store.get(editor.document).backlog.items[0].status?.kind, 'accepted');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original, 'one undo step restores the file');
  });

  test('Accept with an unchecked entry of the Definition of Done changes nothing', async () => {
    cursorAt(editor, 'US-2 Pay online');
    const running = Promise.resolve(vscode.commands.executeCommand<boolean>('backlogAsCode.acceptItem'));
    const pick = await until('the checklist', () => api.decisions.lastChecklist);
    assert.strictEqual(pick.title, 'Accept US-2 Pay online');
    pick.selectedItems = pick.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator && i.label !== 'Released to staging');
    await accept();
    assert.strictEqual(await running, false);
    assert.deepStrictEqual(warnings, ['US-2 Pay online is not accepted: 1 of 3 not met: “Released to staging”.']);
    assert.strictEqual(editor.document.getText(), original);
  });

  test('Accept refuses an edit when the file changed while the checklist was open', async () => {
    cursorAt(editor, 'Booked slots');
    const running = Promise.resolve(vscode.commands.executeCommand<boolean>('backlogAsCode.acceptItem'));
    const pick = await until('the checklist', () => api.decisions.lastChecklist);
    const end = editor.document.positionAt(original.length);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, end, '\nA note typed meanwhile.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const typed = editor.document.getText();
    pick.selectedItems = pick.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    await accept();
    assert.strictEqual(await running, false);
    assert.strictEqual(warnings.length, 1);
    assert.match(warnings[0], /changed/i);
    assert.strictEqual(editor.document.getText(), typed, 'only the typed text changed the file');
  });

  test('Reject from the tree asks for a reason (an empty one is refused), records it with the date, one undo step', async () => {
    const running = Promise.resolve(vscode.commands.executeCommand<boolean>('backlogAsCode.rejectItem', { kind: 'item', uri: editor.document.uri, index: 1 }));
    const box = await until('the reason box', () => api.decisions.lastReasonBox);
    assert.strictEqual(box.title, 'Reject US-2 Pay online');
    await accept();
    await until('the validation message', () => box.validationMessage || undefined);
    assert.strictEqual(String(box.validationMessage), 'Enter the reason for the rejection.');
    assert.strictEqual(editor.document.getText(), original);
    box.value = 'No receipt on mobile';
    await accept();
    assert.strictEqual(await running, true);
    assert.deepStrictEqual(warnings, []);
    const expected = original.replace('- Status: review\n- Estimate: 3', `- Status: rejected\n- Rejected: ${localDate()} — No receipt on mobile\n- Estimate: 3`);
    assert.strictEqual(editor.document.getText(), expected);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original);
  });

  test('Reject dismissed (Escape) changes nothing', async () => {
    cursorAt(editor, 'US-2 Pay online');
    const running = Promise.resolve(vscode.commands.executeCommand<boolean>('backlogAsCode.rejectItem'));
    await until('the reason box', () => api.decisions.lastReasonBox);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await running, false);
    assert.strictEqual(editor.document.getText(), original);
  });
});
