// "Backlog: Compare Order With…", "Backlog: Clear Order Comparison" and "Backlog: Export Report". Thin: the comparison
// is compare.ts over the core's diff; the report is src/node/report.ts, the same code as `backlog report`.
import * as vscode from 'vscode';
import { version } from '../../package.json';
import { GitError } from '../node/git';
import { makeReport, reportDate } from '../node/report';
import type { BacklogStore } from './backlog-store';
import { activeBacklog, CommandId } from './commands';
import type { OrderComparisons } from './compare';
import { logError } from './log';
import type { BacklogNode, BacklogTreeProvider } from './tree-view';

const isNode = (x: unknown): x is BacklogNode => typeof x === 'object' && x !== null && 'kind' in x && 'uri' in x;

/** The backlog a command is about: a tree node's file, a URI, or the active backlog editor (else the tree's). */
async function backlogOf(store: BacklogStore, tree: BacklogTreeProvider, arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = isNode(arg) ? arg.uri : arg instanceof vscode.Uri ? arg : undefined;
  if (uri) return vscode.workspace.openTextDocument(uri);
  const doc = activeBacklog(store, tree);
  if (!doc) void vscode.window.showInformationMessage('Open a backlog file (BACKLOG.md) first.');
  return doc;
}

/** `BACKLOG.md` → `BACKLOG.report.html`, next to it. */
export function reportUriFor(doc: vscode.Uri): vscode.Uri {
  const name = doc.path.split('/').pop() ?? 'BACKLOG.md';
  return vscode.Uri.joinPath(doc, '..', `${name.replace(/\.(md|markdown)$/i, '')}.report.html`);
}

export function registerReportCommands(store: BacklogStore, tree: BacklogTreeProvider, comparisons: OrderComparisons): vscode.Disposable[] {
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
  let panel: vscode.WebviewPanel | undefined;

  return [
    // (node or URI, revision): with a revision (tests, keybindings), no picker.
    reg(CommandId.compareOrderWith, async (arg?: unknown, revision?: string) => {
      const doc = await backlogOf(store, tree, arg);
      if (!doc) return false;
      const ok = typeof revision === 'string' ? await comparisons.compare(doc, revision) : await comparisons.pickAndCompare(doc);
      if (ok) {
        const file = vscode.workspace.asRelativePath(doc.uri, false);
        void vscode.window.showInformationMessage(`${file}: ${comparisons.shortSummary(doc)}. The tree shows ↑ / ↓ / new until you clear the comparison.`, 'Clear').then((answer) => {
          if (answer === 'Clear') comparisons.clear(doc);
        });
      }
      return ok;
    }),
    reg(CommandId.clearOrderComparison, async (arg?: unknown) => {
      const uri = isNode(arg) ? arg.uri : arg instanceof vscode.Uri ? arg : undefined;
      comparisons.clear(uri ? await vscode.workspace.openTextDocument(uri) : undefined);
    }),
    // Writes BACKLOG.report.html next to the backlog (from the editor's text, unsaved edits included) and shows it;
    // with the rank changes since the compared revision while a comparison is active.
    reg(CommandId.exportReport, async (arg?: unknown) => {
      const doc = await backlogOf(store, tree, arg);
      if (!doc) return undefined;
      if (doc.uri.scheme !== 'file') {
        void vscode.window.showInformationMessage('Save the backlog as a file first: the report is written next to it.');
        return undefined;
      }
      const display = vscode.workspace.asRelativePath(doc.uri, false);
      let html: string;
      try {
        html = await makeReport({
          path: doc.uri.fsPath,
          display,
          text: doc.getText(),
          config: store.get(doc).config,
          format: 'html',
          // While the order is compared with a revision, the report shows the rank changes since it.
          since: comparisons.revisionFor(doc.uri),
          today: reportDate({}),
          generator: `Backlog as Code ${version}`,
        });
      } catch (error) {
        if (error instanceof GitError) throw new Error(error.message);
        throw error;
      }
      const out = reportUriFor(doc.uri);
      await vscode.workspace.fs.writeFile(out, new TextEncoder().encode(html));
      // The page in a webview beside the editor: no scripts (the report has none), its own CSP applies.
      if (!panel) {
        panel = vscode.window.createWebviewPanel('backlogAsCode.report', 'Backlog Report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, enableFindWidget: true, localResourceRoots: [] });
        panel.onDidDispose(() => (panel = undefined));
      }
      panel.title = `Report: ${display}`;
      panel.webview.html = html;
      panel.reveal(vscode.ViewColumn.Beside, true);
      const name = vscode.workspace.asRelativePath(out, false);
      void vscode.window.showInformationMessage(`Wrote ${name}.`, 'Open in Browser', 'Reveal in Explorer').then((answer) => {
        if (answer === 'Open in Browser') void vscode.env.openExternal(out);
        if (answer === 'Reveal in Explorer') void vscode.commands.executeCommand('revealInExplorer', out);
      });
      return out;
    }),
  ];
}
