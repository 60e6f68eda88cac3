// The only place where core offsets become VS Code positions, and core edits become WorkspaceEdits.
import * as vscode from 'vscode';
import type { Finding, Severity, Span, TextEdit } from '../core/model';

export const DIAGNOSTIC_SOURCE = 'backlog-as-code';

/** Rule docs live in the repository; the diagnostic code links there (like markdownlint). */
export const RULE_DOCS_BASE = 'https://github.com/backlog-as-code/backlog-as-code/blob/main/docs/rules/';

export const toRange = (doc: vscode.TextDocument, s: Span) => new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(doc, f.span), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.ruleId, target: vscode.Uri.parse(`${RULE_DOCS_BASE}${f.ruleId}.md`) };
  return d;
}

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, toRange(doc, e), e.newText);
  return we;
}

/**
 * Applies core edits if the document is still at the version they were planned against. Returns false (and
 * changes nothing) when it is not: the caller tells the user; we never guess how to rebase an edit.
 */
export async function applyIfCurrent(doc: vscode.TextDocument, version: number, edits: readonly TextEdit[]): Promise<boolean> {
  if (doc.isClosed || doc.version !== version) return false;
  if (edits.length === 0) return true;
  return vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits));
}

export const STALE_MESSAGE = 'The backlog changed while the edit was being prepared, so nothing was changed. Please try again.';
