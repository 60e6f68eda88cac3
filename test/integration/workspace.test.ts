// The workspace index and item IDs as a language, inside a real VS Code extension host, on a multi-file workspace:
// test/fixtures/workspace (two backlogs, notes and a changelog that mention their items, an excluded vendor/ folder).
// Every language feature is asked through VS Code's own commands (vscode.execute*Provider), as the editor asks.
// Runs only with INTEGRATION_SUITE=workspace (see index.ts).
/// <reference types="mocha" />
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BacklogApi } from '../../src/extension/extension';
import type { BacklogNode } from '../../src/extension/tree-view';
import * as shared from './helpers';

const EXTENSION_ID = 'backlog-as-code.backlog-as-code';
let api: BacklogApi;
/** The fixture's markdown files as they were before the first test, by URI. */
const originals = new Map<string, string>();

const root = () => vscode.workspace.workspaceFolders![0].uri;
const file = (rel: string) => vscode.Uri.joinPath(root(), rel);
const rel = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);

/** The position of the n-th occurrence of `needle` in a document, plus `delta` characters. */
function positionOf(doc: vscode.TextDocument, needle: string, nth = 0, delta = 1): vscode.Position {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = doc.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} (#${nth}) in ${rel(doc.uri)}`);
  return doc.positionAt(at + delta);
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))).join('\n');

/** Waits for a condition the extension reaches asynchronously (file watcher, index update); never a fixed sleep. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function labels(nodes: BacklogNode[] | Promise<BacklogNode[]>, depth = 3): Promise<string[]> {
  const out: string[] = [];
  for (const n of await nodes) {
    out.push(String(api.tree.getTreeItem(n).label));
    if (depth > 1) out.push(...(await labels(api.tree.getChildren(n), depth - 1)).map((l) => `  ${l}`));
  }
  return out;
}

suite('workspace index and item IDs as a language', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<BacklogApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.workspace.ready;
    for (const uri of await vscode.workspace.findFiles('**/*.md')) originals.set(uri.toString(), new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  });

  // Every test starts from the fixture's files: whatever a test changed (edits, renames, moves), in an open document
  // or on disk, is put back and saved.
  teardown(async () => {
    for (const [key, text] of originals) {
      const uri = vscode.Uri.parse(key);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (doc && doc.getText() !== text) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
        await vscode.workspace.applyEdit(edit);
      }
      if (doc?.isDirty) await doc.save();
      if (new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) !== text) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the index knows both backlogs and the mentions, without any file open; vendor/ is left out', async () => {
    assert.deepStrictEqual(api.workspace.backlogUris().map(rel), ['BACKLOG.md', 'services/billing/BACKLOG.md']);
    const s = api.workspace.index.stats();
    assert.strictEqual(s.backlogs, 2);
    assert.strictEqual(s.items, 5);
    assert.ok(!api.workspace.index.uris().some((u) => u.includes('/vendor/')), 'vendor/ is excluded');
    assert.ok(api.workspace.index.uris().some((u) => u.endsWith('/docs/design.md')), 'docs/design.md is indexed');
    assert.strictEqual(vscode.window.visibleTextEditors.length, 0);
    console.log(`    index: ${JSON.stringify(s)}, scan ${api.workspace.lastScan.ms.toFixed(0)} ms`);
  });

  test('the tree shows one root per backlog, filled, without any editor open', async () => {
    assert.strictEqual(vscode.window.visibleTextEditors.length, 0);
    assert.deepStrictEqual(await labels(api.tree.getChildren()), [
      'BACKLOG.md',
      '  Sprint 1',
      '    1. US-1 Sign in with company account',
      '    2. US-2 Sign out everywhere',
      '  Sprint 2',
      '    3. US-3 Team calendar',
      'services/billing/BACKLOG.md',
      '  1. BILL-1 Monthly invoices',
      '  2. BILL-2 Card payments',
    ]);
  });

  test('hover on an ID in a notes file shows the item: title, rank, status, estimate, statement, criteria, file', async () => {
    const doc = await vscode.workspace.openTextDocument(file('docs/design.md'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'US-1'));
    const text = hoverText(hovers);
    assert.match(text, /US\\-1 Sign in with company account/);
    assert.match(text, /Rank 1 · Status in progress · Estimate 5 · Criteria 1\/2/);
    assert.match(text, /\*I want\* to sign in with my company account/);
    assert.match(text, /`BACKLOG\.md` · Sprint 1/);
    // In a dependency field of the other backlog too.
    const billing = await vscode.workspace.openTextDocument(file('services/billing/BACKLOG.md'));
    const dep = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', billing.uri, positionOf(billing, 'US-1')));
    assert.match(dep, /US\\-1 Sign in with company account/);
    // Not in a code block.
    const inCode = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'US-1', 2)));
    assert.doesNotMatch(inCode, /Sign in with company account/);
  });

  test('go to definition goes from a mention to the item, in the other file', async () => {
    const doc = await vscode.workspace.openTextDocument(file('docs/design.md'));
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'BILL-1'));
    assert.strictEqual(defs.length, 1);
    const d = defs[0] as vscode.LocationLink;
    assert.strictEqual(rel(d.targetUri), 'services/billing/BACKLOG.md');
    const target = await vscode.workspace.openTextDocument(d.targetUri);
    assert.strictEqual(target.getText(d.targetSelectionRange), 'BILL-1');
    assert.match(target.getText(d.targetRange), /^- \[ \] BILL-1 Monthly invoices[\s\S]*Depends on: US-1$/);
  });

  test('find all references lists every mention across the workspace, not the code block or vendor/', async () => {
    const doc = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, 'US-1'));
    // The markdown extension adds the heading itself (a reference to its anchor); ours are exactly the IDs.
    const ids: string[] = [];
    for (const l of refs) {
      const text = (await vscode.workspace.openTextDocument(l.uri)).getText(l.range);
      if (text === 'US-1') ids.push(`${rel(l.uri)}:${l.range.start.line + 1}`);
    }
    const where = ids.sort();
    assert.deepStrictEqual(where, ['BACKLOG.md:25', 'BACKLOG.md:7', 'CHANGELOG.md:5', 'docs/design.md:3', 'docs/design.md:5', 'services/billing/BACKLOG.md:6']);
  });

  test('rename changes the ID in every file as one WorkspaceEdit; an existing or invalid ID is refused', async () => {
    const doc = await vscode.workspace.openTextDocument(file('docs/design.md'));
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'US-2'), 'US-20');
    const files = edit.entries().map(([u, es]) => `${rel(u)}×${es.length}`).sort();
    assert.deepStrictEqual(files, ['BACKLOG.md×2', 'docs/design.md×1']);
    for (const [, es] of edit.entries()) for (const e of es) assert.strictEqual(e.newText, 'US-20');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const backlog = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    assert.match(backlog.getText(), /### US-20 Sign out everywhere/);
    assert.match(backlog.getText(), /- Depends on: US-20, BILL-2/);
    assert.match(doc.getText(), /Sign-out \(US-20\)/);
    // The index follows the unsaved edits: the new ID resolves, and renaming back restores the files.
    const back = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'US-20'), 'US-2');
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.match(backlog.getText(), /### US-2 Sign out everywhere/);

    for (const [newName, message] of [
      ['BILL-1', /BILL-1 already exists: BILL-1 Monthly invoices \(rank 1\) in services\/billing\/BACKLOG\.md/],
      ['not an id', /not a valid ID/],
    ] as const) {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'US-2'), newName)),
        (e: Error) => message.test(e.message),
        `rename to ${newName}`,
      );
    }
  });

  test('completion offers item IDs after Depends on:, status values after Status:, field keys, and nothing in prose', async () => {
    const doc = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const editor = await vscode.window.showTextDocument(doc);
    const line = positionOf(doc, '- Depends on: US-2, BILL-2', 0, 0).line;
    await editor.edit((b) => b.replace(doc.lineAt(line).range, '- Depends on: US-2, '));
    // The markdown extension adds snippets and paths; ours are references (IDs), enum members (statuses) and fields.
    const mine = new Set([vscode.CompletionItemKind.Reference, vscode.CompletionItemKind.EnumMember, vscode.CompletionItemKind.Field]);
    const ours = (list: vscode.CompletionList) => list.items.filter((i) => i.kind !== undefined && mine.has(i.kind));
    const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    const deps = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.lineAt(line).range.end);
    assert.deepStrictEqual(ours(deps).map(labelOf), ['US-1']);
    assert.strictEqual(ours(deps)[0].detail, '1. Sign in with company account');

    const statusLine = positionOf(doc, '- Status: todo', 0, 0).line;
    await editor.edit((b) => b.replace(doc.lineAt(statusLine).range, '- Status: '));
    const statuses = ours(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.lineAt(statusLine).range.end)).map(labelOf);
    assert.deepStrictEqual(statuses.slice(0, 2).sort(), ['in progress', 'ready']);
    assert.ok(statuses.includes('done'), statuses.join(', '));

    await editor.edit((b) => b.insert(doc.lineAt(statusLine).range.end, '\n- Ow'));
    const keys = ours(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.lineAt(statusLine + 1).range.end));
    assert.ok(keys.some((k) => labelOf(k) === 'Owner' && k.insertText === 'Owner: '), keys.map(labelOf).join(', '));

    const prose = positionOf(doc, 'so that I can plan the sprint', 0, 8);
    const none = ours(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, prose));
    assert.deepStrictEqual(none.map(labelOf), []);
  });

  test('document symbols outline groups, then items with rank and ID', async () => {
    const doc = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const flat = (list: vscode.DocumentSymbol[], depth = 0): string[] => list.flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...flat(s.children, depth + 1)]);
    const names = flat(symbols);
    // The markdown extension's heading outline is merged in; ours are the groups and the numbered items.
    for (const expected of ['Sprint 1', '  1. US-1 Sign in with company account', '  2. US-2 Sign out everywhere', 'Sprint 2', '  3. US-3 Team calendar']) {
      assert.ok(names.includes(expected), `${expected} in\n${names.join('\n')}`);
    }
    const us1 = symbols.flatMap((s) => s.children).find((s) => s.name.startsWith('1. US-1'))!;
    assert.strictEqual(doc.getText(us1.selectionRange), 'US-1');
    assert.strictEqual(us1.detail, '5 · in progress');
  });

  test('workspace symbols find the items of every backlog by ID or title', async () => {
    const byTitle = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'card');
    const ours = byTitle.filter((s) => /^(US|BILL)-\d/.test(s.name));
    assert.deepStrictEqual(ours.map((s) => [s.name, rel(s.location.uri)]), [['BILL-2 Card payments', 'services/billing/BACKLOG.md']]);
    const byId = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'US-3')).filter((s) => /^(US|BILL)-\d/.test(s.name));
    assert.strictEqual(byId[0].name, 'US-3 Team calendar');
    assert.strictEqual(byId[0].containerName, 'Sprint 2 · BACKLOG.md');
  });

  test('code lenses show rank, estimate, criteria progress and Move Up / Down, which move the item; the setting turns them off', async () => {
    const doc = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
    assert.deepStrictEqual(titles.slice(0, 4), ['7: Rank 1 · Estimate 5 · Criteria 1/2', '7: Move down', '19: Rank 2 · Estimate 3 · Criteria 0/1', '19: Move up']);
    const down = lenses.find((l) => l.command?.title === 'Move down')!;
    const original = doc.getText();
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(await vscode.commands.executeCommand(down.command!.command, ...(down.command!.arguments ?? [])), true);
    assert.match(doc.getText(), /### US-2 Sign out everywhere[\s\S]*### US-1 Sign in/);
    // One undo in the editor restores the file.
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);

    const config = vscode.workspace.getConfiguration('backlogAsCode');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const off = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
      assert.strictEqual(off.filter((l) => /^Rank \d/.test(l.command?.title ?? '')).length, 0);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('document links on dependency IDs open the item, in this file or the other backlog', async () => {
    const doc = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const ours = links.filter((l) => /^(US|BILL)-\d$/.test(doc.getText(l.range)));
    assert.deepStrictEqual(
      ours.map((l) => `${doc.getText(l.range)} → ${rel(l.target!)}#${l.target!.fragment}`),
      ['US-1 → BACKLOG.md#L7,5', 'US-2 → BACKLOG.md#L19,5', 'BILL-2 → services/billing/BACKLOG.md#L7,7'],
    );
  });

  test('diagnostics about other items carry relatedInformation, in this file or the backlog that has the ID', async () => {
    const doc = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const diagnostics = await until('the cross-backlog related information', () => {
      const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => shared.code(d) === 'unknown-dependency');
      return ds.length > 0 && ds[0].relatedInformation?.length ? ds : undefined;
    });
    const related = diagnostics[0].relatedInformation![0];
    assert.strictEqual(rel(related.location.uri), 'services/billing/BACKLOG.md');
    assert.match(related.message, /BILL-2 Card payments is an item of services\/billing\/BACKLOG\.md/);

    // dependency-cycle: US-1 → US-3 → US-2 → US-1; the other two dependencies of the cycle, where they are written.
    const editor = await vscode.window.showTextDocument(doc);
    const line = positionOf(doc, '- Estimate: 5', 0, 0).line;
    const [cycle] = await Promise.all([
      until('a dependency-cycle finding', () => vscode.languages.getDiagnostics(doc.uri).find((d) => shared.code(d) === 'dependency-cycle')),
      editor.edit((b) => b.insert(new vscode.Position(line, 0), '- Depends on: US-3\n')),
    ]);
    assert.deepStrictEqual(
      cycle.relatedInformation?.map((r) => `${doc.getText(r.location.range)}@${r.location.range.start.line + 1}: ${r.message}`),
      ['US-2@40: `US-3` depends on `US-2` here', 'US-1@26: `US-2` depends on `US-1` here'],
    );
  });

  test('one changed file is re-indexed: a new note, a changed backlog on disk, and unsaved edits that win', async () => {
    const note = file('docs/new-note.md');
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode('Planning BILL-2 next.\n'));
    const doc = await vscode.workspace.openTextDocument(file('services/billing/BACKLOG.md'));
    await until('the new note among the references of BILL-2', async () => {
      const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, 'BILL-2'));
      return refs.some((r) => rel(r.uri) === 'docs/new-note.md') || undefined;
    });
    await vscode.workspace.fs.delete(note);
    await until('the deleted note gone from the index', () => !api.workspace.index.has(note.toString()) || undefined);

    // Unsaved edits win: retitle BILL-2 in the open document; a hover in another file shows the new title at once.
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'Card payments', 0, 0);
    await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 'Card payments'.length)), 'Payments by card'));
    const backlog = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', backlog.uri, positionOf(backlog, 'BILL-2')));
    assert.match(text, /BILL\\-2 Payments by card/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Open Board without a file open, in a workspace of two backlogs, asks which one', async () => {
    assert.strictEqual(vscode.window.visibleTextEditors.length, 0);
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand('backlogAsCode.openBoard')).finally(() => (settled = true));
    // The quick pick lists both backlogs; accept the first once it is there.
    await until('the backlog quick pick to be accepted', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 100));
      return settled || undefined;
    });
    await running;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(tabs.includes('Board: BACKLOG.md'), tabs.join(', '));
  });

  test('the mention settings: an exclusion of one\'s own, and narrower globs, leave files out; the index follows at once', async () => {
    const config = () => vscode.workspace.getConfiguration('backlogAsCode');
    const note = file('notes/plan.md'); // written here, never opened: what is on disk decides
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode('# Plan\n\nUS-1 first, then BILL-1.\n'));
    const backlog = await vscode.workspace.openTextDocument(file('BACKLOG.md'));
    const referencing = async () =>
      [...new Set((await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', backlog.uri, positionOf(backlog, 'US-1'))).map((l) => rel(l.uri)))].sort();
    const indexed = (suffix: string) => api.workspace.index.uris().some((u) => u.endsWith(suffix));
    try {
      await until('the new note indexed', () => indexed('/notes/plan.md') || undefined);
      assert.ok((await referencing()).includes('notes/plan.md'));
      // Exclusions replace the defaults: notes/ goes, vendor/ (excluded by default) comes in.
      await config().update('mentions.exclude', ['**/node_modules/**', 'notes/**'], vscode.ConfigurationTarget.Workspace);
      await until('notes/ left out and vendor/ read', () => (!indexed('/notes/plan.md') && indexed('/vendor/widget/README.md')) || undefined);
      const refs = await referencing();
      assert.ok(!refs.includes('notes/plan.md') && refs.includes('vendor/widget/README.md') && refs.includes('CHANGELOG.md'), refs.join(', '));
      // Narrower globs: only the changelog among the notes; the backlogs are read all the same.
      await config().update('mentions.exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('mentions.files', ['CHANGELOG.md'], vscode.ConfigurationTarget.Workspace);
      await until('only CHANGELOG.md among the notes', () => (!indexed('/notes/plan.md') && !indexed('/vendor/widget/README.md') && indexed('/CHANGELOG.md')) || undefined);
      assert.deepStrictEqual(api.workspace.backlogUris().map(rel), ['BACKLOG.md', 'services/billing/BACKLOG.md']);
      assert.ok(!(await referencing()).includes('notes/plan.md'));
      assert.ok((await referencing()).includes('CHANGELOG.md'));
    } finally {
      await config().update('mentions.exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('mentions.files', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(note);
    }
    await until('the defaults back', () => (!indexed('/notes/plan.md') && !indexed('/vendor/widget/README.md') && indexed('/CHANGELOG.md')) || undefined);
  });
});
