// The forecast in a real VS Code: the tree's sprint dividers (85%) and each item's sprint at 50% / 85% in its
// description and CodeLens, updated when an item is re-estimated or reordered. Workspace: test/fixtures/integration
// (forecast.backlog.md: three finished sprint groups of 10 points each, so every trial draws 10 and the sprints are
// exact: 5 + 5 in sprint 1, 5 + 5 in sprint 2, 8 in sprint 3).
/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BacklogApi } from '../../src/extension/extension';
import type { BacklogNode } from '../../src/extension/tree-view';
import * as shared from './helpers';

const EXTENSION_ID = 'backlog-as-code.backlog-as-code';
let api: BacklogApi;

function file(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The rows of the "Next" group in the tree: item labels and sprint dividers, with descriptions. */
function nextGroupRows(doc: vscode.TextDocument): string[] {
  api.tree.show(doc);
  api.tree.refresh();
  const first = api.tree.nodeFor(3, doc);
  assert.ok(first && first.parent && first.parent.kind === 'group', 'F-4 is in a group');
  return (first.parent as Extract<BacklogNode, { kind: 'group' }>).children.map((n) => {
    const t = api.tree.getTreeItem(n);
    return n.kind === 'sprintEnd' ? `-- ${String(t.label)}` : `${String(t.label)} | ${String(t.description)}`;
  });
}

async function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
  return lenses.map((l) => l.command?.title ?? '').filter((t) => t.startsWith('Forecast:'));
}

async function setEstimate(doc: vscode.TextDocument, id: string, value: string): Promise<void> {
  const text = doc.getText();
  const at = text.indexOf('- Estimate: ', text.indexOf(`### ${id} `));
  const edit = new vscode.WorkspaceEdit();
  const start = doc.positionAt(at + '- Estimate: '.length);
  edit.replace(doc.uri, new vscode.Range(start, doc.lineAt(start.line).range.end), value);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

suite('Forecast in the editor', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<BacklogApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    ({ editor: { document: doc } } = await shared.openAndCheck(api, file('forecast.backlog.md')));
  });

  suiteTeardown(async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the tree shows where each sprint ends (85%) between the items, and each item\'s sprint at 50% / 85%', async () => {
    await api.forecasts.refreshNow(doc);
    const view = api.forecasts.view(doc);
    assert.ok(view, 'a forecast');
    assert.strictEqual(view.forecast.source, 'sprints');
    assert.deepStrictEqual(view.forecast.samples, [10, 10, 10]);
    assert.deepStrictEqual(nextGroupRows(doc), [
      '4. F-4 Cancel a booking | 5 · sprint 1 (50/85%)',
      '5. F-5 Invite a friend | 5 · sprint 1 (50/85%)',
      '-- Sprint 1 ends (85%)',
      '6. F-6 Share a booking | 5 · sprint 2 (50/85%)',
      '7. F-7 Rate a court | 5 · sprint 2 (50/85%)',
      '-- Sprint 2 ends (85%)',
      '8. F-8 Run a tournament | 8 · sprint 3 (50/85%)',
    ]);
    assert.deepStrictEqual(await lensTitles(doc), [
      'Forecast: sprint 1 (50% and 85%)',
      'Forecast: sprint 1 (50% and 85%)',
      'Forecast: sprint 2 (50% and 85%)',
      'Forecast: sprint 2 (50% and 85%)',
      'Forecast: sprint 3 (50% and 85%)',
    ]);
  });

  test('re-estimating an item moves the dividers; reordering moves the forecasts with the items', async () => {
    await setEstimate(doc, 'F-4', '10');
    await api.forecasts.refreshNow(doc);
    assert.deepStrictEqual(nextGroupRows(doc), [
      '4. F-4 Cancel a booking | 10 · sprint 1 (50/85%)',
      '-- Sprint 1 ends (85%)',
      '5. F-5 Invite a friend | 5 · sprint 2 (50/85%)',
      '6. F-6 Share a booking | 5 · sprint 2 (50/85%)',
      '-- Sprint 2 ends (85%)',
      '7. F-7 Rate a court | 5 · sprint 3 (50/85%)',
      '-- Sprint 3 ends (85%)',
      '8. F-8 Run a tournament | 8 · sprint 4 (50/85%)',
    ]);
    // F-8 to the top of the open items (rank 4): 8 fits in sprint 1, and F-4 (10) no longer does.
    await vscode.window.showTextDocument(doc);
    assert.ok(await vscode.commands.executeCommand('_backlogAsCode.applyMove', doc.uri, doc.version, 7, 3));
    await api.forecasts.refreshNow(doc);
    assert.deepStrictEqual(nextGroupRows(doc), [
      '4. F-8 Run a tournament | 8 · sprint 1 (50/85%)',
      '-- Sprint 1 ends (85%)',
      '5. F-4 Cancel a booking | 10 · sprint 2 (50/85%)',
      '-- Sprint 2 ends (85%)',
      '6. F-5 Invite a friend | 5 · sprint 3 (50/85%)',
      '7. F-6 Share a booking | 5 · sprint 3 (50/85%)',
      '-- Sprint 3 ends (85%)',
      '8. F-7 Rate a court | 5 · sprint 4 (50/85%)',
    ]);
  });
});
