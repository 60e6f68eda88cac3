// Helpers shared by the integration suites (not a suite: index.ts runs only *.test.js files).
import * as vscode from 'vscode';
import type { BacklogApi } from '../../src/extension/extension';

/** Waits for the extension to publish diagnostics for `uri` (after `trigger`), and returns its own. Never sleeps. */
export function waitForDiagnostics(api: BacklogApi, uri: vscode.Uri, trigger?: () => void, timeoutMs = 10000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no diagnostics for ${uri.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = api.diagnostics.onDidUpdate((u) => {
      if (u.toString() !== uri.toString()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backlog-as-code'));
    });
    trigger?.();
  });
}

/** Opens a document in an editor and waits for its backlog diagnostics. */
export async function openAndCheck(api: BacklogApi, uri: vscode.Uri): Promise<{ editor: vscode.TextEditor; diagnostics: vscode.Diagnostic[] }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const diagnostics = await waitForDiagnostics(api, uri, () => api.diagnostics.check(doc));
  return { editor, diagnostics };
}

/** A diagnostic's code as a string (the extension sets `{ value: ruleId, target: docs link }`). */
export const code = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
