// Item IDs as a language in VS Code: each provider converts the result of a pure core function (src/core/references.ts)
// into VS Code's types. Nothing here decides anything about backlogs.
import * as vscode from 'vscode';
import {
  completionAt,
  definitionAt,
  documentLinks,
  documentSymbols,
  type DocumentSymbol as CoreSymbol,
  hoverAt,
  itemLenses,
  planRename,
  prepareRenameAt,
  referencesAt,
  relatedLocations,
  workspaceSymbols,
} from '../core/references';
import type { Finding } from '../core/model';
import type { BacklogStore } from './backlog-store';
import { CommandId } from './commands';
import { toRange } from './convert';
import { keyOf, type WorkspaceIndexHost } from './workspace-index-host';

const MARKDOWN: vscode.DocumentSelector = [{ language: 'markdown' }];

export function registerLanguageFeatures(store: BacklogStore, host: WorkspaceIndexHost): vscode.Disposable[] {
  const index = host.index;
  /** The document's key, with its index entry brought up to date first (unsaved edits win). */
  const fresh = (doc: vscode.TextDocument) => {
    host.ensureFresh(doc);
    host.ensureAllFresh();
    return keyOf(doc.uri);
  };
  const location = (uri: string, span: { start: number; end: number }) => new vscode.Location(vscode.Uri.parse(uri), host.range(uri, span));
  const markdown = (text: string) => {
    const md = new vscode.MarkdownString(text);
    md.isTrusted = false;
    md.supportHtml = false;
    return md;
  };

  const lensEmitter = new vscode.EventEmitter<void>();

  const disposables: vscode.Disposable[] = [
    lensEmitter,
    vscode.languages.registerHoverProvider(MARKDOWN, {
      provideHover(doc, pos) {
        const key = fresh(doc);
        const h = hoverAt(index, key, doc.offsetAt(pos));
        return h ? new vscode.Hover(markdown(h.markdown), toRange(doc, h.span)) : undefined;
      },
    }),

    vscode.languages.registerDefinitionProvider(MARKDOWN, {
      provideDefinition(doc, pos) {
        const key = fresh(doc);
        return definitionAt(index, key, doc.offsetAt(pos)).map(
          (d): vscode.LocationLink => ({
            originSelectionRange: toRange(doc, d.originSpan),
            targetUri: vscode.Uri.parse(d.uri),
            targetRange: host.range(d.uri, d.span),
            targetSelectionRange: host.range(d.uri, d.selectionSpan),
          }),
        );
      },
    }),

    vscode.languages.registerReferenceProvider(MARKDOWN, {
      provideReferences(doc, pos, context) {
        const key = fresh(doc);
        return referencesAt(index, key, doc.offsetAt(pos), context.includeDeclaration).map((l) => location(l.uri, l.span));
      },
    }),

    vscode.languages.registerRenameProvider(MARKDOWN, {
      prepareRename(doc, pos) {
        const key = fresh(doc);
        const p = prepareRenameAt(index, key, doc.offsetAt(pos));
        if (!p.ok) throw new Error(p.error);
        return { range: toRange(doc, p.span), placeholder: p.placeholder };
      },
      async provideRenameEdits(doc, pos, newName) {
        const key = fresh(doc);
        const offset = doc.offsetAt(pos);
        let plan = planRename(index, key, offset, newName);
        // Files no editor has open may have changed on disk since they were indexed: re-read them, plan again.
        if (plan.ok && (await host.refreshFromDisk(plan.changes.map((c) => c.uri)))) {
          host.ensureFresh(doc);
          plan = planRename(index, key, offset, newName);
        }
        if (!plan.ok) throw new Error(plan.error);
        const edit = new vscode.WorkspaceEdit();
        const textMention: vscode.WorkspaceEditEntryMetadata = {
          label: 'Mentions in text',
          description: 'IDs written in prose; check them in the preview',
          needsConfirmation: false,
        };
        for (const change of plan.changes) {
          const uri = vscode.Uri.parse(change.uri);
          for (const e of change.edits) {
            const range = host.range(change.uri, e);
            if (e.kind === 'text') edit.replace(uri, range, e.newText, textMention);
            else edit.replace(uri, range, e.newText, { label: e.kind === 'definition' ? 'The item\'s ID' : 'Dependencies', needsConfirmation: false });
          }
        }
        return edit;
      },
    }),

    vscode.languages.registerCompletionItemProvider(
      MARKDOWN,
      {
        provideCompletionItems(doc, pos) {
          const key = fresh(doc);
          const { config } = store.isBacklog(doc) ? store.get(doc) : { config: {} as { fieldAliases?: Record<string, never> } };
          const aliases = new Map(Object.entries(config.fieldAliases ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
          const c = completionAt(index, key, doc.getText(), doc.offsetAt(pos), aliases);
          if (!c) return undefined;
          const range = toRange(doc, c.span);
          return new vscode.CompletionList(
            c.entries.map((e) => {
              const item = new vscode.CompletionItem(
                { label: e.label, description: e.detail },
                e.kind === 'item' ? vscode.CompletionItemKind.Reference : e.kind === 'status' ? vscode.CompletionItemKind.EnumMember : vscode.CompletionItemKind.Field,
              );
              item.detail = e.detail;
              if (e.documentation) item.documentation = markdown(e.documentation);
              item.insertText = e.insertText;
              item.sortText = e.sortText;
              item.filterText = e.filterText;
              item.range = range;
              return item;
            }),
            false,
          );
        },
      },
      ':',
      ' ',
      ',',
      '-',
    ),

    vscode.languages.registerDocumentSymbolProvider(
      MARKDOWN,
      {
        async provideDocumentSymbols(doc) {
          if (!store.isBacklog(doc)) return undefined;
          // VS Code asks as soon as a file opens (outline, breadcrumbs): analysed in slices, not blocking the host.
          const analysis = await store.analyze(doc);
          const convert = (s: CoreSymbol): vscode.DocumentSymbol => {
            const sym = new vscode.DocumentSymbol(
              s.name,
              s.detail,
              s.kind === 'group' ? vscode.SymbolKind.Namespace : vscode.SymbolKind.Class,
              toRange(doc, s.span),
              toRange(doc, s.selectionSpan),
            );
            sym.children = s.children.map(convert);
            return sym;
          };
          return documentSymbols(analysis.backlog).map(convert);
        },
      },
      { label: 'Backlog' },
    ),

    vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols(query) {
        host.ensureAllFresh();
        return workspaceSymbols(index, query).map(
          (s) => new vscode.SymbolInformation(s.name, vscode.SymbolKind.Class, s.containerName, location(s.uri, s.span)),
        );
      },
    }),

    vscode.languages.registerCodeLensProvider(MARKDOWN, {
      onDidChangeCodeLenses: lensEmitter.event,
      async provideCodeLenses(doc) {
        if (!store.isBacklog(doc) || !vscode.workspace.getConfiguration('backlogAsCode', doc.uri).get<boolean>('codeLens.enabled', true)) return [];
        const lenses: vscode.CodeLens[] = [];
        // Asked as soon as a file opens: analysed in slices, not blocking the host.
        const { backlog } = await store.analyze(doc);
        for (const lens of itemLenses(backlog)) {
          const range = toRange(doc, { start: lens.span.start, end: lens.span.start });
          for (const part of lens.parts) {
            const target = { kind: 'item', uri: doc.uri, index: lens.itemIndex };
            const command: vscode.Command = part.action
              ? { title: part.title, tooltip: part.tooltip, command: part.action.direction === 'up' ? CommandId.moveItemUp : CommandId.moveItemDown, arguments: [target] }
              : { title: part.title, tooltip: part.tooltip, command: '' };
            lenses.push(new vscode.CodeLens(range, command));
          }
        }
        return lenses;
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('backlogAsCode.codeLens')) lensEmitter.fire();
    }),

    vscode.languages.registerDocumentLinkProvider(MARKDOWN, {
      provideDocumentLinks(doc) {
        const key = fresh(doc);
        return documentLinks(index, key).map((l) => {
          const start = host.position(l.target.uri, l.target.selectionSpan.start);
          // `#L<line>,<column>` opens the file at the item (VS Code's convention for links to a position).
          const target = vscode.Uri.parse(l.target.uri).with({ fragment: `L${start.line + 1},${start.character + 1}` });
          const link = new vscode.DocumentLink(toRange(doc, l.span), target);
          link.tooltip = l.tooltip;
          return link;
        });
      },
    }),
  ];
  return disposables;
}

/** relatedInformation of a diagnostic: the other item(s) it is about, in this file or another backlog. */
export function relatedInformation(host: WorkspaceIndexHost, doc: vscode.TextDocument, finding: Finding): vscode.DiagnosticRelatedInformation[] {
  const key = keyOf(doc.uri);
  const own = (finding.related ?? []).map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(doc, r.span)), r.message));
  if (finding.ruleId !== 'unknown-dependency') return own;
  host.ensureFresh(doc);
  host.ensureAllFresh();
  const others = relatedLocations(host.index, key, finding).filter((r) => r.uri !== key);
  return [...own, ...others.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.uri), host.range(r.uri, r.span)), r.message))];
}
