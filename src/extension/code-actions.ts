// Quick fixes for findings (fixes, then suggestions), "disable for this item", and source.fixAll.backlogAsCode.
// Actions carry their edit (not a command), so preview, undo and "auto fix" work. Fix All and fix-on-save apply
// fixes only; a suggestion (a template, a reorder, renumbered priorities) is applied only when a person picks it,
// and a template arrives as a snippet whose placeholders are tab stops.
import * as vscode from 'vscode';
import { planDisableRule } from '../core/edits';
import { fixAll } from '../core/fix-all';
import type { Suggestion } from '../core/model';
import type { BacklogStore } from './backlog-store';
import { DIAGNOSTIC_SOURCE, toRange, toWorkspaceEdit } from './convert';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('backlogAsCode');

export class BacklogCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly store: BacklogStore) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.store.isBacklog(doc)) return [];
    if (context.only) {
      // `source`, `source.fixAll` and our own kind ask for the fix-all action; anything but quick fixes gets nothing.
      if (context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only)) return this.fixAllAction(doc);
      if (!context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    }
    const analysis = this.store.get(doc);
    const actions: vscode.CodeAction[] = [];
    let fixable = false;
    for (const f of analysis.findings) {
      const fRange = toRange(doc, f.span);
      if (!fRange.intersection(range) && !(fRange.isEmpty && range.contains(fRange.start))) continue;
      // Attach the published diagnostic so the light bulb and the Problems panel show the fix against it.
      const diagnostic = context.diagnostics.find(
        (d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'object' && d.code.value === f.ruleId && d.range.isEqual(fRange),
      );
      f.fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(doc, fix.edits);
        // The preferred action is what "auto fix" (Shift+Alt+.) applies: only ever a fix.
        action.isPreferred = i === 0;
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
        fixable = true;
      });
      for (const suggestion of f.suggestions) {
        if (suggestion.edits.length === 0) continue;
        const action = new vscode.CodeAction(suggestion.title, vscode.CodeActionKind.QuickFix);
        action.edit = suggestionEdit(doc, suggestion);
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
      }
      // Heading items only (planDisableRule says why); the others use .backlog.jsonc or the front matter.
      const disablePlan = f.itemIndex >= 0 ? planDisableRule(analysis.backlog, f.itemIndex, f.ruleId) : null;
      if (disablePlan?.ok && disablePlan.edits.length > 0) {
        const disable = new vscode.CodeAction(`Disable ${f.ruleId} for this item`, vscode.CodeActionKind.QuickFix);
        disable.edit = toWorkspaceEdit(doc, disablePlan.edits);
        if (diagnostic) disable.diagnostics = [diagnostic];
        actions.push(disable);
      }
    }
    if (fixable) actions.push(...this.fixAllAction(doc, vscode.CodeActionKind.QuickFix));
    return actions;
  }

  private fixAllAction(doc: vscode.TextDocument, kind = FIX_ALL_KIND): vscode.CodeAction[] {
    const result = this.fixAllEdits(doc);
    if (!result) return [];
    const action = new vscode.CodeAction(kind === FIX_ALL_KIND ? 'Fix all backlog problems' : 'Fix all auto-fixable backlog problems', kind);
    action.edit = toWorkspaceEdit(doc, result.edits);
    return [action];
  }

  /** One edit from the current text to the fully fixed text, or null when nothing is fixable. */
  fixAllEdits(doc: vscode.TextDocument): { edits: ReturnType<typeof fixAll>['edits']; applied: number } | null {
    const analysis = this.store.get(doc);
    if (!analysis.findings.some((f) => f.fixes.length > 0)) return null;
    const result = fixAll(doc.getText(), { config: analysis.config });
    return result.edits.length > 0 ? { edits: result.edits, applied: result.applied } : null;
  }
}

/** A suggestion as a WorkspaceEdit: its snippet (tab stops on the placeholders) when it has one, else its edits. */
export function suggestionEdit(doc: vscode.TextDocument, suggestion: Suggestion): vscode.WorkspaceEdit {
  if (!suggestion.snippet) return toWorkspaceEdit(doc, suggestion.edits);
  const edit = new vscode.WorkspaceEdit();
  edit.set(doc.uri, [new vscode.SnippetTextEdit(toRange(doc, suggestion.snippet), new vscode.SnippetString(suggestion.snippet.newText))]);
  return edit;
}
