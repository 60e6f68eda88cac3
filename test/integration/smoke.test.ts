// Runs inside a real VS Code extension host (code-server offline, or @vscode/test-electron with internet).
/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'backlog-as-code.backlog-as-code';

suite('smoke', () => {
  test('the extension is found and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found (is package.json "main" built? run npm run build)`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    console.log(`    VS Code ${vscode.version}, ${EXTENSION_ID} ${ext.packageJSON.version}, workspace ${vscode.workspace.workspaceFolders?.[0]?.uri.fsPath}`);
  });
});
