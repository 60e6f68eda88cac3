// `backlog lsp --stdio`: the language server (vscode-languageserver). A thin adapter: every answer comes from the core
// (analyzeBacklog and the rules, fixAll, the edit planners, the workspace index and references.ts, the same functions
// as the VS Code extension); this file converts offsets to positions and core results to protocol types. Bundled as
// dist/lsp.js and loaded by dist/cli.js only when `backlog lsp` runs. See docs/EDITORS.md.
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type CodeLens,
  CompletionItemKind,
  type Connection,
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type DocumentSymbol,
  InsertTextFormat,
  type InitializeParams,
  type InitializeResult,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  LSPErrorCodes,
  SymbolKind,
  type TextDocumentEdit,
  TextDocuments,
  TextDocumentSyncKind,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repository, version } from '../../package.json';
import { planDisableRule } from '../core/edits';
import { fixAll } from '../core/fix-all';
import type { Finding, Span, Suggestion, TextEdit } from '../core/model';
import { lookupItem } from '../core/queries';
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
import { lastStartingAtOrBefore } from '../core/text';
import { type MoveTarget, planFor } from '../cli/commands';
import { CliError } from '../cli/files';
import { DEFAULT_SETTINGS, pathOf, readSettings, Workspace } from './workspace';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.backlog`;
export const MOVE_REQUEST = 'backlog/move';
export const MOVE_COMMAND = 'backlog.move';
const SOURCE = 'backlog-as-code';
const RULE_DOCS = `${repository.url.replace(/\.git$/, '')}/blob/main/docs/rules/`;

/** `backlog/move` (and the `backlog.move` command of the code lenses): which item, where to. */
export interface MoveParams {
  readonly textDocument: { readonly uri: string; readonly version?: number | null };
  /** The item at this position (a key binding passes the cursor)… */
  readonly position?: { readonly line: number; readonly character: number };
  /** …or named by ID (`US-3`) or rank (`3`). */
  readonly item?: string;
  /** A rank (1 = top), or `top`, `bottom`, `up`, `down`. */
  readonly to?: number | 'top' | 'bottom' | 'up' | 'down';
  /** Right before / after this item (ID or rank), joining its group. */
  readonly before?: string;
  readonly after?: string;
}

export interface MoveResult {
  /** The item's rank after the move (1-based). */
  readonly rank: number;
  /** False when the item already was there (nothing was sent to the editor). */
  readonly changed: boolean;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

const range = (doc: TextDocument, s: Span) => ({ start: doc.positionAt(s.start), end: doc.positionAt(s.end) });
const toLspEdits = (doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] => edits.map((e) => ({ range: range(doc, e), newText: e.newText }));

/** Wires a server on a connection (stdio in `start`, any stream pair in tests). */
export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let workspace = new Workspace([], DEFAULT_SETTINGS, (m) => connection.console.warn(m));
  let versionedEdits = false;
  let snippetEdits = false;
  let watchFiles = false;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The document version whose diagnostics were last published. */
  const published = new Map<string, number>();

  /** A workspace edit of one document, versioned when the client supports it (so it refuses a stale one). */
  const editOf = (doc: TextDocument, edits: LspTextEdit[], version: number | null = doc.version): WorkspaceEdit =>
    versionedEdits ? { documentChanges: [{ textDocument: { uri: doc.uri, version }, edits } satisfies TextDocumentEdit] } : { changes: { [doc.uri]: edits } };

  const isBacklogDoc = (doc: TextDocument) => workspace.isBacklog(doc.uri, doc.getText());

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => pathOf(f.uri)).filter((p): p is string => p !== null) ?? [];
    if (folders.length === 0 && params.rootUri) {
      const root = pathOf(params.rootUri);
      if (root) folders.push(root);
    }
    workspace = new Workspace(folders, readSettings(params.initializationOptions), (m) => connection.console.warn(m));
    workspace.setOpenDocuments((uri) => documents.get(uri));
    const caps = params.capabilities;
    versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true;
    snippetEdits = (caps.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport === true;
    watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: [':', ',', ' ', '#'] },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [MOVE_COMMAND] },
      },
      serverInfo: { name: 'backlog-as-code', version },
    };
  });

  connection.onInitialized(() => {
    workspace.scan();
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{md,markdown}' }, { globPattern: '**/.backlog.jsonc' }] });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    workspace.reset(readSettings(change.settings, workspace.settings));
    for (const doc of documents.all()) publish(doc);
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => c.uri.endsWith('/.backlog.jsonc'))) {
      workspace.reset();
      for (const doc of documents.all()) publish(doc);
      return;
    }
    for (const c of params.changes) workspace.changedOnDisk(c.uri);
  });

  // ------------------------------------------------------------------------------------------ diagnostics

  function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
    const related = relatedLocations(workspace.index, doc.uri, f).flatMap((r) => {
      const target = r.uri === doc.uri ? doc : workspace.document(r.uri);
      return target ? [{ location: { uri: r.uri, range: range(target, r.span) }, message: r.message }] : [];
    });
    return {
      range: range(doc, f.span),
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.ruleId,
      codeDescription: { href: `${RULE_DOCS}${f.ruleId}.md` },
      message: f.message,
      ...(related.length > 0 ? { relatedInformation: related } : {}),
    };
  }

  function publish(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.delete(doc.uri);
    if (documents.get(doc.uri) !== doc) return; // closed meanwhile
    workspace.refresh(doc);
    const diagnostics = isBacklogDoc(doc) ? workspace.analysis(doc).findings.map((f) => toDiagnostic(doc, f)) : [];
    published.set(doc.uri, doc.version);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  documents.onDidOpen((e) => publish(e.document));
  documents.onDidChangeContent((e) => {
    // Also fired right after onDidOpen: the document was just published at that version.
    if (published.get(e.document.uri) === e.document.version) return;
    clearTimeout(timers.get(e.document.uri));
    timers.set(
      e.document.uri,
      setTimeout(() => publish(documents.get(e.document.uri) ?? e.document), workspace.settings.debounce),
    );
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    published.delete(e.document.uri);
    workspace.closed(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The open document, indexed at its current version, or null. */
  const current = (uri: string): TextDocument | null => {
    const doc = documents.get(uri);
    if (!doc) return null;
    workspace.refreshOpen(documents.all());
    return doc;
  };

  // ------------------------------------------------------------------------------------------ code actions

  function suggestionEdit(doc: TextDocument, s: Suggestion): WorkspaceEdit {
    if (s.snippet && snippetEdits && versionedEdits) {
      return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: range(doc, s.snippet), snippet: { kind: 'snippet', value: s.snippet.newText } }] } as unknown as TextDocumentEdit] };
    }
    return editOf(doc, toLspEdits(doc, s.edits));
  }

  function fixAllAction(doc: TextDocument, kind: string): CodeAction[] {
    const analysis = workspace.analysis(doc);
    if (!analysis.findings.some((f) => f.fixes.length > 0)) return [];
    const result = fixAll(doc.getText(), { config: analysis.config });
    if (result.edits.length === 0) return [];
    return [{ title: kind === FIX_ALL_KIND ? 'Fix all backlog problems' : 'Fix all auto-fixable backlog problems', kind, edit: editOf(doc, toLspEdits(doc, result.edits)) }];
  }

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const doc = current(params.textDocument.uri);
    if (!doc || !isBacklogDoc(doc)) return [];
    const only = params.context.only;
    if (only && only.length > 0) {
      // `source`, `source.fixAll` and our own kind ask for Fix All; anything but quick fixes gets nothing else.
      if (only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) return fixAllAction(doc, FIX_ALL_KIND);
      if (!only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
    }
    const analysis = workspace.analysis(doc);
    const from = doc.offsetAt(params.range.start);
    const to = doc.offsetAt(params.range.end);
    const actions: CodeAction[] = [];
    let fixable = false;
    for (const f of analysis.findings) {
      if (!(f.span.start <= to && from <= f.span.end)) continue;
      const diagnostic = toDiagnostic(doc, f);
      const sent = params.context.diagnostics.find((d) => d?.code === f.ruleId && d.range?.start?.line === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character);
      const diagnostics = [sent ?? diagnostic];
      f.fixes.forEach((fix, i) => {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: i === 0, edit: editOf(doc, toLspEdits(doc, fix.edits)) });
        fixable = true;
      });
      for (const s of f.suggestions) {
        if (s.edits.length > 0) actions.push({ title: s.title, kind: CodeActionKind.QuickFix, diagnostics, edit: suggestionEdit(doc, s) });
      }
      const disable = f.itemIndex >= 0 ? planDisableRule(analysis.backlog, f.itemIndex, f.ruleId) : null;
      if (disable?.ok && disable.edits.length > 0) {
        actions.push({ title: `Disable ${f.ruleId} for this item`, kind: CodeActionKind.QuickFix, diagnostics, edit: editOf(doc, toLspEdits(doc, disable.edits)) });
      }
    }
    if (fixable) actions.push(...fixAllAction(doc, CodeActionKind.QuickFix));
    return actions;
  });

  // ------------------------------------------------------------------------------------------ moves

  async function move(params: MoveParams): Promise<MoveResult> {
    const doc = documents.get(params.textDocument?.uri);
    if (!doc) throw new ResponseError(LSPErrorCodes.RequestFailed, `${params.textDocument?.uri ?? 'The document'} is not open in the editor; open it to move its items.`);
    if (typeof params.textDocument.version === 'number' && params.textDocument.version !== doc.version) {
      throw new ResponseError(LSPErrorCodes.ContentModified, 'The backlog changed since the move was asked for, so nothing was changed. Please try again.');
    }
    if (!isBacklogDoc(doc)) throw new ResponseError(LSPErrorCodes.RequestFailed, `${workspace.label(doc.uri)} is not a backlog file (see the "files" setting).`);
    const { backlog } = workspace.analysis(doc);
    const label = workspace.label(doc.uri);
    let index: number;
    if (params.item !== undefined) {
      const found = lookupItem(backlog, String(params.item), label);
      if (!found.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, sentence(found.error));
      index = found.item.index;
    } else if (params.position) {
      const offset = doc.offsetAt(params.position);
      index = lastStartingAtOrBefore(backlog.items, offset, (i) => i.span.start);
      if (index < 0 || offset > backlog.items[index].trailerEnd) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Put the cursor inside a backlog item to move it.');
    } else throw new ResponseError(LSPErrorCodes.RequestFailed, 'Say which item to move: "position" (the cursor) or "item" (an ID or a rank).');
    const given = (['to', 'before', 'after'] as const).filter((k) => params[k] !== undefined && params[k] !== null);
    if (given.length !== 1) throw new ResponseError(LSPErrorCodes.RequestFailed, given.length === 0 ? 'Say where to move the item: "to" (a rank, top, bottom, up or down), "before" or "after" (another item).' : `Give only one of ${given.join(', ')}.`);
    let target: MoveTarget;
    if (params.before !== undefined) target = { kind: 'before', anchor: String(params.before) };
    else if (params.after !== undefined) target = { kind: 'after', anchor: String(params.after) };
    else if (typeof params.to === 'number') target = { kind: 'to', rank: params.to };
    else if (params.to === 'top' || params.to === 'bottom' || params.to === 'up' || params.to === 'down') target = { kind: params.to };
    else throw new ResponseError(LSPErrorCodes.RequestFailed, `"to" must be a rank or one of top, bottom, up, down (got ${JSON.stringify(params.to)}).`);
    let plan;
    try {
      plan = planFor(backlog, index, target, label);
    } catch (error) {
      if (error instanceof CliError) throw new ResponseError(LSPErrorCodes.RequestFailed, sentence(error.message));
      throw error;
    }
    if (!plan.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, target.kind === 'to' && /--to/.test(plan.error) ? `"to" must be a rank from 1 to ${backlog.items.length}.` : plan.error);
    const rank = (plan.newIndex ?? index) + 1;
    if (plan.edits.length === 0) return { rank, changed: false };
    const result = await connection.workspace.applyEdit({ label: 'Move backlog item', edit: editOf(doc, toLspEdits(doc, plan.edits)) });
    if (!result.applied) throw new ResponseError(LSPErrorCodes.RequestFailed, `The editor did not apply the move${result.failureReason ? `: ${result.failureReason}` : ''}.`);
    return { rank, changed: true };
  }

  connection.onRequest(MOVE_REQUEST, (params: MoveParams) => move(params));
  connection.onExecuteCommand(async (params) => {
    if (params.command !== MOVE_COMMAND) throw new ResponseError(LSPErrorCodes.RequestFailed, `Unknown command ${params.command}.`);
    return move((params.arguments?.[0] ?? {}) as MoveParams);
  });

  // ------------------------------------------------------------------------------------------ language features

  connection.onHover((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    const h = hoverAt(workspace.index, doc.uri, doc.offsetAt(params.position));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: range(doc, h.span) } : null;
  });

  connection.onDefinition((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    return definitionAt(workspace.index, doc.uri, doc.offsetAt(params.position)).flatMap((d) => {
      const target = workspace.document(d.uri);
      return target
        ? [{ originSelectionRange: range(doc, d.originSpan), targetUri: d.uri, targetRange: range(target, d.span), targetSelectionRange: range(target, d.selectionSpan) }]
        : [];
    });
  });

  connection.onReferences((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    return referencesAt(workspace.index, doc.uri, doc.offsetAt(params.position), params.context.includeDeclaration).flatMap((l) => {
      const target = workspace.document(l.uri);
      return target ? [{ uri: l.uri, range: range(target, l.span) }] : [];
    });
  });

  connection.onPrepareRename((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    const p = prepareRenameAt(workspace.index, doc.uri, doc.offsetAt(params.position));
    if (!p.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, p.error);
    return { range: range(doc, p.span), placeholder: p.placeholder };
  });

  connection.onRenameRequest((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    const plan = planRename(workspace.index, doc.uri, doc.offsetAt(params.position), params.newName);
    if (!plan.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, plan.error);
    const parts = plan.changes.flatMap((c) => {
      const target = workspace.document(c.uri);
      if (!target) return [];
      // Open documents carry their version (a stale rename is refused); files on disk: null, any version.
      const version = documents.get(c.uri) ? target.version : null;
      return [{ textDocument: { uri: c.uri, version }, edits: toLspEdits(target, c.edits) }];
    });
    return versionedEdits ? { documentChanges: parts } : { changes: Object.fromEntries(parts.map((p) => [p.textDocument.uri, p.edits])) };
  });

  connection.onCompletion((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    const c = completionAt(workspace.index, doc.uri, doc.getText(), doc.offsetAt(params.position), workspace.fieldAliases(doc.uri));
    if (!c) return null;
    const kinds = { item: CompletionItemKind.Reference, status: CompletionItemKind.EnumMember, field: CompletionItemKind.Field } as const;
    return {
      isIncomplete: false,
      items: c.entries.map((e) => ({
        label: e.label,
        kind: kinds[e.kind],
        detail: e.detail,
        ...(e.documentation ? { documentation: { kind: MarkupKind.Markdown, value: e.documentation } } : {}),
        sortText: e.sortText,
        filterText: e.filterText,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: range(doc, c.span), newText: e.insertText },
      })),
    };
  });

  connection.onDocumentSymbol((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    const backlog = workspace.index.backlog(doc.uri);
    if (!backlog) return [];
    const convert = (s: CoreSymbol): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: s.kind === 'group' ? SymbolKind.Namespace : SymbolKind.Object,
      range: range(doc, s.span),
      selectionRange: range(doc, s.selectionSpan),
      children: s.children.map(convert),
    });
    return documentSymbols(backlog).map(convert);
  });

  connection.onWorkspaceSymbol((params) => {
    workspace.refreshOpen(documents.all());
    return workspaceSymbols(workspace.index, params.query).flatMap((s) => {
      const target = workspace.document(s.uri);
      return target ? [{ name: s.name, kind: SymbolKind.Object, containerName: s.containerName, location: { uri: s.uri, range: range(target, s.span) } }] : [];
    });
  });

  connection.onCodeLens((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc || !workspace.settings.codeLens) return [];
    const backlog = workspace.index.backlog(doc.uri);
    if (!backlog) return [];
    // One lens per part; a text-only part has a command with an empty id, as the protocol shows a title only so.
    return itemLenses(backlog).flatMap((lens) =>
      lens.parts.map(
        (part): CodeLens => ({
          range: range(doc, lens.span),
          command: part.action
            ? { title: part.title, command: MOVE_COMMAND, arguments: [{ textDocument: { uri: doc.uri, version: doc.version }, item: String(lens.itemIndex + 1), to: part.action.direction } satisfies MoveParams] }
            : { title: part.title, command: '' },
        }),
      ),
    );
  });

  connection.onDocumentLinks((params) => {
    const doc = current(params.textDocument.uri);
    if (!doc) return null;
    return documentLinks(workspace.index, doc.uri).flatMap((l) => {
      const target = workspace.document(l.target.uri);
      if (!target) return [];
      const at = target.positionAt(l.target.selectionSpan.start);
      // A file URI with the line as fragment (`#L12`), which Neovim, Helix, Zed and VS Code open at that line.
      return [{ range: range(doc, l.span), target: `${l.target.uri}#L${at.line + 1}`, tooltip: l.tooltip }];
    });
  });

  documents.listen(connection);
  connection.listen();
}

/** The core's and the CLI's lower-case clauses as a sentence. */
const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

/** `backlog lsp --stdio`: serve on stdin/stdout until the client sends `exit`. */
export function start(): void {
  // createConnection reads the transport from the command line; dist/cli.js was started with `lsp --stdio`.
  serve(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}

