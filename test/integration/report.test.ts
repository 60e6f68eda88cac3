// "Backlog: Compare Order With…" and "Backlog: Export Report" in a real VS Code, on a backlog in a real git repository
// made by the test (the workspace is a temporary copy, outside any repository; the test adds one folder with its own).
/// <reference types="mocha" />
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BacklogApi } from '../../src/extension/extension';

const EXTENSION_ID = 'backlog-as-code.backlog-as-code';

const V1 = `# Calendar

## Now

### US-1 Sign in

- Estimate: 3

### US-2 See the week

### US-3 Create an appointment

## Later

### US-4 Dark mode
`;

// US-3 rises above US-2; US-5 (a title that is markup) is new; US-4 is re-estimated.
const V2 = `# Calendar

## Now

### US-1 Sign in

- Estimate: 3

### US-3 Create an appointment

### US-5 \\<img src=x onerror=alert(1)> export

### US-2 See the week

## Later

### US-4 Dark mode

- Estimate: 5
`;

let api: BacklogApi;
let folder: string;
let backlog: vscode.Uri;

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'PO', GIT_AUTHOR_EMAIL: 'po@example.invalid', GIT_COMMITTER_NAME: 'PO', GIT_COMMITTER_EMAIL: 'po@example.invalid', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** The tree's description and accessibility label of each item of the backlog, in rank order. */
function treeRows(doc: vscode.TextDocument): { label: string; description: string; a11y: string }[] {
  api.tree.show(doc);
  api.tree.refresh();
  const n = api.store.get(doc).backlog.items.length;
  return Array.from({ length: n }, (_, i) => {
    const t = api.tree.getTreeItem(api.tree.nodeFor(i)!);
    return { label: String(t.label), description: String(t.description ?? ''), a11y: t.accessibilityInformation?.label ?? '' };
  });
}

suite('Order comparison and report', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<BacklogApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws);
    folder = path.join(ws.uri.fsPath, 'compare-repo');
    fs.mkdirSync(folder, { recursive: true });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(folder, 'BACKLOG.md'), V1);
    git('add', 'BACKLOG.md');
    git('commit', '-q', '-m', 'first plan');
    git('tag', 'v1');
    fs.writeFileSync(path.join(folder, 'BACKLOG.md'), V2);
    git('commit', '-q', '-am', 'refinement');
    backlog = vscode.Uri.file(path.join(folder, 'BACKLOG.md'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('backlogAsCode.clearOrderComparison');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('Compare Order With a tag: ↑ / new beside the items, a summary, live while editing, until cleared', async () => {
    const doc = await vscode.workspace.openTextDocument(backlog);
    await vscode.window.showTextDocument(doc);
    const ok = await vscode.commands.executeCommand<boolean>('backlogAsCode.compareOrderWith', backlog, 'v1');
    assert.strictEqual(ok, true);
    assert.deepStrictEqual(
      treeRows(doc).map((r) => [r.label, r.description]),
      [
        ['1. US-1 Sign in', '3'],
        ['2. US-3 Create an appointment', '↑1'],
        ['3. US-5 <img src=x onerror=alert(1)> export', 'new'],
        ['4. US-2 See the week', ''],
        ['5. US-4 Dark mode', '5'],
      ],
    );
    assert.match(treeRows(doc)[1].a11y, /moved up 1 place since v1/);
    // The summary: the same table as the pull-request comment, as a Markdown preview.
    const summary = await vscode.workspace.openTextDocument(api.comparisons.summaryUri(doc));
    const text = summary.getText();
    assert.match(text, /^### Backlog changes in `compare-repo\/BACKLOG\.md`/);
    assert.match(text, /\| ⬆️ 1 \| 2 \| \*\*US-3\*\* Create an appointment \| rank 3 → 2 \|/);
    assert.match(text, /\| 🆕 \| 3 \| \*\*US-5\*\* &lt;img src=x onerror=alert\(1\)&gt; export \| added at rank 3 \|/);
    assert.match(text, /\| ✏️ \| 5 \| \*\*US-4\*\* Dark mode \| estimate none → 5 \|/);

    // Editing the document (here: US-2 back above US-5) updates the marks at once, unsaved.
    const moved = await vscode.commands.executeCommand<boolean>('_backlogAsCode.applyMove', backlog, doc.version, 3, 2);
    assert.strictEqual(moved, true);
    assert.deepStrictEqual(
      treeRows(doc).map((r) => r.description),
      ['3', '↑1', '', 'new', '5'],
    );

    await vscode.commands.executeCommand('backlogAsCode.clearOrderComparison');
    assert.deepStrictEqual(
      treeRows(doc).map((r) => r.description),
      ['3', '', '', '', '5'],
    );
    // The opposite move restores the committed bytes; saved, so that the file matches HEAD again for the next test
    // (a revert is not enough: the moved text may already have been saved by the editor).
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('_backlogAsCode.applyMove', backlog, doc.version, 2, 3), true);
    assert.strictEqual(doc.getText(), V2);
    // save() resolved false once on a loaded machine (a slow save participant); what the next test needs is the file.
    await doc.save();
    assert.strictEqual(fs.readFileSync(backlog.fsPath, 'utf8'), V2);
  });

  test('an unknown revision is refused without marks', async () => {
    const doc = await vscode.workspace.openTextDocument(backlog);
    const ok = await vscode.commands.executeCommand<boolean>('backlogAsCode.compareOrderWith', backlog, 'no-such-branch');
    assert.strictEqual(ok, false);
    assert.strictEqual(api.comparisons.revisionFor(doc.uri), undefined);
    assert.ok(treeRows(doc).every((r) => !/[↑↓]|new/.test(r.description)));
  });

  test('Export Report writes BACKLOG.report.html next to the backlog, from the editor text, and shows it', async () => {
    const doc = await vscode.workspace.openTextDocument(backlog);
    await vscode.window.showTextDocument(doc);
    const out = await vscode.commands.executeCommand<vscode.Uri>('backlogAsCode.exportReport', backlog);
    assert.ok(out);
    assert.strictEqual(out.fsPath, path.join(folder, 'BACKLOG.report.html'));
    const html = fs.readFileSync(out.fsPath, 'utf8');
    assert.match(html, /^<!doctype html>/);
    for (const section of ['sprint-goals', 'now-next-later', 'forecast', 'health']) assert.ok(html.includes(`data-section="${section}"`), section);
    assert.ok(!html.includes('<img'), 'the <img> title is escaped');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; export'));
    assert.ok(!/<script/i.test(html));
    // The forecast reads the file's git history, as `backlog forecast` does (two commits of today: too little of it).
    const forecast = /<section id="forecast"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(forecast, /No forecast yet: .* past sprints? in the git history; at least 3 are needed/, forecast);
    const headCommit = git('rev-parse', '--short=7', 'HEAD').trim();
    const meta = /<p class="meta">([^<]*)<\/p>/.exec(html)?.[1];
    assert.match(meta ?? '', new RegExp(`^Backlog report · compare-repo/BACKLOG\\.md · ${headCommit} · generated \\d{4}-\\d\\d-\\d\\d$`), `dirty ${doc.isDirty}, same as disk ${doc.getText() === fs.readFileSync(backlog.fsPath, 'utf8')}, same as HEAD ${doc.getText() === git('show', 'HEAD:./BACKLOG.md')}, text ${JSON.stringify(doc.getText())}`);
    // Unsaved edits are reported as such: the report is made from the editor's text.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), '\n### US-6 Print the week\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand<vscode.Uri>('backlogAsCode.exportReport', backlog);
    const edited = fs.readFileSync(out.fsPath, 'utf8');
    assert.ok(edited.includes(`${headCommit} + uncommitted changes`));
    assert.ok(edited.includes('US-6'));
    assert.ok(!edited.includes('data-section="rank-changes"'), 'no rank changes without a comparison');
    // While the order is compared with v1, the report adds the rank changes since v1.
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('backlogAsCode.compareOrderWith', backlog, 'v1'), true);
    await vscode.commands.executeCommand<vscode.Uri>('backlogAsCode.exportReport', backlog);
    const compared = fs.readFileSync(out.fsPath, 'utf8');
    assert.match(compared, /<h2 id="h-changes">Rank changes since v1<\/h2>/);
    assert.match(compared, /<tr data-change="up"[^>]*>.*?US-3/);
    await vscode.commands.executeCommand('backlogAsCode.clearOrderComparison');
    // The report shows in a webview beside the editor.
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.label === 'Report: compare-repo/BACKLOG.md'),
      `a report tab among ${tabs.map((t) => t.label).join(', ')}`,
    );
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
