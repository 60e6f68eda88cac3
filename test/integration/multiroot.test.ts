// Multi-root workspace inside a real VS Code extension host: two workspace folders (app/, docs/), each with its own
// backlog, settings and .backlog.jsonc. Workspace: test/fixtures/multiroot/multiroot.code-workspace (the runner copies
// its folder to a temp dir). Runs only with INTEGRATION_SUITE=multiroot (see index.ts); the other suites never run here.
/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BacklogApi } from '../../src/extension/extension';
import * as shared from './helpers';

const EXTENSION_ID = 'backlog-as-code.backlog-as-code';

let api: BacklogApi;
const waitForDiagnostics = (uri: vscode.Uri, trigger?: () => void, timeoutMs?: number) => shared.waitForDiagnostics(api, uri, trigger, timeoutMs);
const openAndCheck = (uri: vscode.Uri) => shared.openAndCheck(api, uri);

function folder(name: string): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  assert.ok(f, `workspace folder ${name} is open (open: ${vscode.workspace.workspaceFolders?.map((w) => w.name).join(', ')})`);
  return f;
}

function file(folderName: string, rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(folderName).uri, rel);
}



const code = shared.code;
const codes = (ds: vscode.Diagnostic[]) => [...new Set(ds.map(code))].sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('multi-root workspace', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<BacklogApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('both folders are open from the .code-workspace file, each with its own settings', () => {
    assert.strictEqual(vscode.workspace.workspaceFolders?.length, 2);
    assert.deepStrictEqual(vscode.workspace.workspaceFolders.map((f) => f.name), ['app', 'docs']);
    assert.ok(vscode.workspace.workspaceFile?.path.endsWith('/multiroot.code-workspace'), `workspaceFile ${vscode.workspace.workspaceFile}`);
    const files = (name: string) => vscode.workspace.getConfiguration('backlogAsCode', folder(name).uri).get<string[]>('files');
    assert.deepStrictEqual(files('app'), ['**/BACKLOG.md', 'plans/*.md']);
    assert.deepStrictEqual(files('docs'), ['**/BACKLOG.md']);
    console.log(`    VS Code ${vscode.version}, folders ${vscode.workspace.workspaceFolders.map((f) => f.uri.fsPath).join(', ')}`);
  });

  test('each backlog is checked with the settings and .backlog.jsonc of its own folder', async () => {
    const app = await openAndCheck(file('app', 'BACKLOG.md'));
    // The .backlog.jsonc next to the .code-workspace file is above both folders: not used.
    assert.deepStrictEqual(codes(app.diagnostics), ['missing-acceptance-criteria', 'missing-benefit', 'missing-value-statement']);
    // backlogAsCode.rules from the .code-workspace settings: missing-benefit is a warning (its default is info).
    assert.ok(app.diagnostics.filter((d) => code(d) === 'missing-benefit').every((d) => d.severity === vscode.DiagnosticSeverity.Warning));

    const docs = await openAndCheck(file('docs', 'backlog/BACKLOG.md'));
    // docs/.backlog.jsonc (two levels up) turns missing-acceptance-criteria off; docs/.vscode/settings.json missing-benefit.
    assert.deepStrictEqual(codes(docs.diagnostics), ['missing-value-statement']);
    // Both documents keep their own results.
    assert.deepStrictEqual(codes(vscode.languages.getDiagnostics(file('app', 'BACKLOG.md')).filter((d) => d.source === 'backlog-as-code')), codes(app.diagnostics));
  });

  test('a glob set only in one folder\'s settings makes a backlog there and nowhere else', async () => {
    const roadmap = await openAndCheck(file('app', 'plans/roadmap.md'));
    assert.strictEqual(api.store.isBacklog(roadmap.editor.document), true);
    assert.deepStrictEqual(codes(roadmap.diagnostics), ['missing-acceptance-criteria']);

    // The same relative path in docs/ is plain markdown: docs has only the default glob.
    const other = await vscode.workspace.openTextDocument(file('docs', 'plans/roadmap.md'));
    await vscode.window.showTextDocument(other);
    assert.strictEqual(api.store.isBacklog(other), false);
    api.diagnostics.check(other);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(other.uri).filter((d) => d.source === 'backlog-as-code'), []);
  });

  test('Open Backlog offers the backlogs of both folders, each found with its folder\'s globs', async () => {
    // Capture the quick pick's items (the extension and this file share the extension's vscode API object).
    const original = vscode.window.showQuickPick;
    let offered: string[] | undefined;
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      offered = (await items).map((i) => i.label);
      return undefined;
    };
    try {
      await vscode.commands.executeCommand('backlogAsCode.openBacklog');
    } finally {
      (vscode.window as { showQuickPick: unknown }).showQuickPick = original;
    }
    assert.ok(offered, 'a quick pick was shown');
    assert.deepStrictEqual([...offered].sort(), ['app/BACKLOG.md', 'app/plans/roadmap.md', 'docs/backlog/BACKLOG.md']);
  });

  test('Open Backlog through the real quick pick opens a backlog', async () => {
    const running = vscode.commands.executeCommand('backlogAsCode.openBacklog');
    let settled = false;
    void running.then(
      () => (settled = true),
      () => (settled = true),
    );
    // The quick pick appears once findFiles returned; accept its first row (a no-op while none is open).
    for (let i = 0; i < 100 && !settled; i++) {
      await sleep(100);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.ok(settled, 'the command finished after accepting the quick pick');
    await running;
    const active = vscode.window.activeTextEditor?.document;
    assert.ok(active, 'an editor is open');
    assert.ok(
      ['app/BACKLOG.md', 'app/plans/roadmap.md', 'docs/backlog/BACKLOG.md'].includes(vscode.workspace.asRelativePath(active.uri)),
      `opened ${vscode.workspace.asRelativePath(active.uri)}`,
    );
    assert.strictEqual(api.store.isBacklog(active), true);
  });

  test('the tree follows the active backlog across folders', async () => {
    const app = await openAndCheck(file('app', 'BACKLOG.md'));
    assert.strictEqual(api.tree.current?.uri.toString(), app.editor.document.uri.toString());
    const docs = await openAndCheck(file('docs', 'backlog/BACKLOG.md'));
    assert.strictEqual(api.tree.current?.uri.toString(), docs.editor.document.uri.toString());
    // Several backlogs in the workspace: one root per file, named with its folder; the active one holds its items.
    const roots = await api.tree.getChildren();
    assert.deepStrictEqual(
      roots.map((n) => String(api.tree.getTreeItem(n).label)),
      ['app/BACKLOG.md', 'app/plans/roadmap.md', 'docs/backlog/BACKLOG.md'],
    );
    const docsRoot = roots.find((n) => n.uri.toString() === docs.editor.document.uri.toString())!;
    const labels = (await api.tree.getChildren(docsRoot)).map((n) => String(api.tree.getTreeItem(n).label));
    assert.deepStrictEqual(labels, ['1. D-1 Install guide', '2. D-2 API reference', '3. D-3 No value statement']);
  });

  test('Move Item Down in the second folder\'s backlog moves the item; one undo restores the file', async () => {
    const { editor } = await openAndCheck(file('docs', 'backlog/BACKLOG.md'));
    const doc = editor.document;
    const original = doc.getText();
    const item = api.store.get(doc).backlog.items[0];
    assert.strictEqual(item.id, 'D-1');
    editor.selection = new vscode.Selection(doc.positionAt(item.titleSpan.start + 4), doc.positionAt(item.titleSpan.start + 4));
    assert.strictEqual(await vscode.commands.executeCommand('backlogAsCode.moveItemDown'), true);
    assert.strictEqual(
      doc.getText(),
      [
        '# Docs backlog',
        '',
        '## D-2 API reference',
        '',
        'As a developer, I want an API reference, so that I can call the API.',
        '',
        '- Priority: 2',
        '',
        '## D-1 Install guide',
        '',
        'As a new user, I want an install guide.',
        '',
        '- Priority: 1',
        '',
        '## D-3 No value statement',
        '',
        '- Priority: 3',
        '',
      ].join('\n'),
    );
    // The re-check after the move still uses docs' configuration.
    const after = await waitForDiagnostics(doc.uri, () => api.diagnostics.check(doc));
    assert.ok(!after.some((d) => ['missing-acceptance-criteria', 'missing-benefit'].includes(code(d))), `codes after the move: ${codes(after).join(', ')}`);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
  });

  test('a new .backlog.jsonc in one folder re-checks that folder\'s backlog and leaves the other folder alone', async () => {
    const appUri = file('app', 'BACKLOG.md');
    const docsUri = file('docs', 'backlog/BACKLOG.md');
    const { diagnostics } = await openAndCheck(appUri);
    assert.ok(diagnostics.some((d) => code(d) === 'missing-value-statement'));
    const config = file('app', '.backlog.jsonc');
    const updated = waitForDiagnostics(appUri, undefined, 15000);
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode('{ "rules": { "missing-value-statement": "off" } }\n'));
    try {
      let after = await updated;
      // The watcher may fire more than once; wait until the rule is gone (bounded).
      for (let i = 0; i < 5 && after.some((d) => code(d) === 'missing-value-statement'); i++) after = await waitForDiagnostics(appUri, undefined, 5000);
      assert.deepStrictEqual(codes(after), ['missing-acceptance-criteria', 'missing-benefit']);
      const docs = await openAndCheck(docsUri);
      assert.deepStrictEqual(codes(docs.diagnostics), ['missing-value-statement']);
    } finally {
      await vscode.workspace.fs.delete(config);
    }
  });

  test('the workspace index reads the backlogs of every folder, each with its own backlogAsCode.files', async () => {
    await api.workspace.ready;
    const rels = api.workspace.backlogUris().map((u) => vscode.workspace.asRelativePath(u, true));
    assert.deepStrictEqual(rels, ['app/BACKLOG.md', 'app/plans/roadmap.md', 'docs/backlog/BACKLOG.md']);
    // docs/ names only **/BACKLOG.md: its plans/roadmap.md is a notes file there, not a backlog.
    assert.ok(api.workspace.index.uris().some((u) => u.endsWith('/docs/plans/roadmap.md')));
    // The tree, with no editor open: one root per backlog, labelled with its folder.
    const roots = (await api.tree.getChildren()).map((n) => String(api.tree.getTreeItem(n).label));
    for (const r of rels) assert.ok(roots.includes(r), `root ${r} in: ${roots.join(', ')}`);
  });
});
