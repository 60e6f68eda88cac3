// The "Backlog" tree: the workspace's backlogs without any file open. With one backlog, its items in rank order under
// their groups; with several, one root node per file. It reads every backlog through the store from a TextDocument
// (opened in the background when no editor has it), so unsaved edits show at once and every move is the same edit
// as from an editor. The active backlog editor's file is the tree's `current` one (revealed and expanded).
import * as vscode from 'vscode';
import type { BacklogItem, Finding } from '../core/model';
import { lastStartingAtOrBefore } from '../core/text';
import type { BacklogStore } from './backlog-store';
import type { ForecastView } from './forecast-host';

export type BacklogNode =
  | { readonly kind: 'file'; readonly uri: vscode.Uri; readonly label: string; readonly parent: undefined }
  /** `empty`: no items in it or in a group inside it (shown all the same: the way into it is a drop on it). */
  | { readonly kind: 'group'; readonly uri: vscode.Uri; readonly groupIndex: number; readonly title: string; readonly empty: boolean; readonly parent: BacklogNode | undefined; children: BacklogNode[] }
  | { readonly kind: 'item'; readonly uri: vscode.Uri; readonly index: number; readonly item: BacklogItem; readonly key: string; readonly parent: BacklogNode | undefined; readonly problems: readonly Finding[] }
  /** Where a sprint ends at 85% confidence (the forecast): between the item at `afterIndex` and the next. */
  | { readonly kind: 'sprintEnd'; readonly uri: vscode.Uri; readonly afterIndex: number; readonly sprint: number; readonly date: string | null; readonly parent: BacklogNode | undefined };

type FileNode = Extract<BacklogNode, { kind: 'file' }>;
type ItemNode = Extract<BacklogNode, { kind: 'item' }>;

const DECORATION_SCHEME = 'backlog-item';

/** Drag-and-drop MIME type: VS Code's tree convention `application/vnd.code.tree.<view id lower case>`. */
const mimeFor = (viewId: string) => `application/vnd.code.tree.${viewId.toLowerCase()}`;

/** One backlog document's nodes, built for one document version. */
interface Built {
  readonly version: number;
  readonly roots: BacklogNode[];
  readonly items: ItemNode[];
  /** The forecast the nodes were built with (descriptions), if any. */
  readonly forecast: ForecastView | undefined;
}

/** Where the tree learns which backlog files the workspace has (the workspace index). */
export interface BacklogFiles {
  /** The backlog files, sorted by workspace-relative path. */
  backlogUris(): vscode.Uri[];
  /** Whether the first scan of the workspace is done (before it, an empty list means "not known yet"). */
  readonly scanned: boolean;
}

export class BacklogTreeProvider implements vscode.TreeDataProvider<BacklogNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<BacklogNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly decorationEmitter = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.decorationEmitter.event;
  private document: vscode.TextDocument | undefined;
  /** Documents of the backlogs the tree shows, by URI (opened in the background when needed). */
  private readonly documents = new Map<string, vscode.TextDocument>();
  private readonly opening = new Map<string, Promise<vscode.TextDocument | undefined>>();
  private readonly built = new Map<string, Built>();
  private fileNodes: FileNode[] = [];
  /** Problems by decoration key (`uri path` + item key). */
  private readonly problemsByKey = new Map<string, readonly Finding[]>();
  /** A mark before an item's description (the order comparison's ↑3 / ↓2 / new), set by the extension. */
  annotate: ((uri: vscode.Uri, index: number) => { readonly text: string; readonly words: string } | undefined) | undefined;
  /** The forecast of a document (forecast-host.ts): sprint dividers and each item's sprint at 50% / 85%. */
  forecast: ((doc: vscode.TextDocument) => ForecastView | undefined) | undefined;

  constructor(
    private readonly store: BacklogStore,
    private readonly files: BacklogFiles = { backlogUris: () => [], scanned: true },
  ) {}

  dispose(): void {
    this.changeEmitter.dispose();
    this.decorationEmitter.dispose();
  }

  /** The backlog the tree centres on: the active backlog editor's, else the workspace's only backlog. */
  get current(): vscode.TextDocument | undefined {
    if (this.document && !this.document.isClosed) return this.document;
    const uris = this.uris();
    if (uris.length !== 1) return undefined;
    const doc = this.documents.get(uris[0].toString());
    return doc && !doc.isClosed ? doc : undefined;
  }

  /** Centres the tree on a backlog document (the active editor's). */
  show(doc: vscode.TextDocument | undefined): void {
    if (doc === this.document && doc && this.built.get(doc.uri.toString())?.version === doc.version) return;
    this.document = doc;
    if (doc) this.documents.set(doc.uri.toString(), doc);
    this.refresh();
  }

  /** Whether the tree shows this document (a change to it must refresh the tree). */
  shows(doc: vscode.TextDocument): boolean {
    return this.documents.get(doc.uri.toString()) === doc;
  }

  /** A document the tree showed was closed: it is opened again in the background when the tree needs it. */
  forget(doc: vscode.TextDocument): void {
    if (this.documents.get(doc.uri.toString()) === doc) this.documents.delete(doc.uri.toString());
    this.built.delete(doc.uri.toString());
    if (doc === this.document) this.document = undefined;
    this.refresh();
  }

  refresh(): void {
    this.built.clear();
    this.changeEmitter.fire(undefined);
  }

  /** The backlog files the tree shows: the workspace's, and the current document's even if it is outside them. */
  private uris(): vscode.Uri[] {
    const list = this.files.backlogUris();
    const doc = this.document && !this.document.isClosed ? this.document : undefined;
    if (doc && !list.some((u) => u.toString() === doc.uri.toString())) list.push(doc.uri);
    return list;
  }

  /** The open document of a backlog file, or a promise of it (opened in the background, no editor). */
  documentFor(uri: vscode.Uri): vscode.TextDocument | Promise<vscode.TextDocument | undefined> {
    const key = uri.toString();
    const known = this.documents.get(key);
    if (known && !known.isClosed) return known;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (open) {
      this.documents.set(key, open);
      return open;
    }
    let pending = this.opening.get(key);
    if (!pending) {
      pending = Promise.resolve(vscode.workspace.openTextDocument(uri)).then(
        (d) => {
          this.opening.delete(key);
          this.documents.set(key, d);
          return d;
        },
        () => {
          this.opening.delete(key);
          return undefined;
        },
      );
      this.opening.set(key, pending);
    }
    return pending;
  }

  private build(doc: vscode.TextDocument, fileNode: FileNode | undefined): Built {
    const key = doc.uri.toString();
    const cached = this.built.get(key);
    if (cached && cached.version === doc.version) return cached;
    const { backlog, findings } = this.store.get(doc);
    const byItem = new Map<number, Finding[]>();
    for (const f of findings) if (f.itemIndex >= 0) byItem.set(f.itemIndex, [...(byItem.get(f.itemIndex) ?? []), f]);
    const groups: Extract<BacklogNode, { kind: 'group' }>[] = [];
    const roots: BacklogNode[] = [];
    // Every group is shown: one without items (directly or below) is a drop target, the way into it.
    const used = new Set<number>();
    for (const item of backlog.items) for (let g = item.groupIndex; g >= 0; g = backlog.groups[g].parent) used.add(g);
    backlog.groups.forEach((g, gi) => {
      const parent = g.parent >= 0 ? groups[g.parent] : undefined;
      const node = { kind: 'group' as const, uri: doc.uri, groupIndex: gi, title: g.title, empty: !used.has(gi), parent: parent ?? fileNode, children: [] as BacklogNode[] };
      groups[gi] = node;
      (parent ? parent.children : roots).push(node);
    });
    const seen = new Map<string, number>();
    const items = backlog.items.map((item) => {
      const base = item.id ?? item.title;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const parent = item.groupIndex >= 0 ? groups[item.groupIndex] : undefined;
      const node: ItemNode = { kind: 'item', uri: doc.uri, index: item.index, item, key: `${base}#${n}`, parent: parent ?? fileNode, problems: byItem.get(item.index) ?? [] };
      (parent ? parent.children : roots).push(node);
      return node;
    });
    // Sprint dividers of the forecast (85%), each in its item's group right after it.
    const forecast = this.forecast?.(doc);
    for (const d of forecast?.dividers ?? []) {
      const after = items[d.afterIndex];
      if (!after) continue;
      const node: BacklogNode = { kind: 'sprintEnd', uri: doc.uri, afterIndex: d.afterIndex, sprint: d.sprint, date: d.date, parent: after.parent };
      (after.parent?.kind === 'group' ? after.parent.children : roots).push(node);
    }
    // Groups were pushed before items; put each level back in document order.
    const order = (nodes: BacklogNode[]) => {
      nodes.sort((a, b) => startOf(a, backlog) - startOf(b, backlog));
      for (const n of nodes) if (n.kind === 'group') order(n.children);
    };
    order(roots);
    const built = { version: doc.version, roots, items, forecast };
    this.built.set(key, built);
    // Problem badges of this file's items.
    const prefix = `${doc.uri.path}\u0000`;
    const changed = new Set<string>([...this.problemsByKey.keys()].filter((k) => k.startsWith(prefix)));
    for (const k of changed) this.problemsByKey.delete(k);
    for (const n of items) {
      const k = prefix + n.key;
      if (n.problems.length > 0) this.problemsByKey.set(k, n.problems);
      changed.add(k);
    }
    this.decorationEmitter.fire([...changed].map((k) => decorationUri(doc.uri, k.slice(prefix.length))));
    return built;
  }

  getChildren(element?: BacklogNode): BacklogNode[] | Promise<BacklogNode[]> {
    if (element?.kind === 'group') return element.children;
    if (element?.kind === 'item' || element?.kind === 'sprintEnd') return [];
    if (element?.kind === 'file') return this.childrenOf(element.uri, element);
    const uris = this.uris();
    if (uris.length === 0) return [];
    if (uris.length === 1) return this.childrenOf(uris[0], undefined);
    this.fileNodes = uris.map((uri) => ({ kind: 'file' as const, uri, label: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1), parent: undefined }));
    return this.fileNodes;
  }

  private childrenOf(uri: vscode.Uri, fileNode: FileNode | undefined): BacklogNode[] | Promise<BacklogNode[]> {
    const doc = this.documentFor(uri);
    if (doc instanceof Promise) return doc.then((d) => (d ? this.rootsOf(d, fileNode) : []));
    return this.rootsOf(doc, fileNode);
  }

  /**
   * The tree of a document. One not analysed yet (a large file just opened) is analysed in slices first, so the host
   * stays responsive; VS Code shows the view's progress bar meanwhile.
   */
  private rootsOf(doc: vscode.TextDocument, fileNode: FileNode | undefined): BacklogNode[] | Promise<BacklogNode[]> {
    const built = this.built.get(doc.uri.toString());
    if ((built && built.version === doc.version) || this.store.peek(doc)) return this.build(doc, fileNode).roots;
    return this.store.analyze(doc).then(() => (doc.isClosed ? [] : this.build(doc, fileNode).roots));
  }

  getParent(element: BacklogNode): BacklogNode | undefined {
    return element.parent;
  }

  /** How many items the current backlog has. */
  get itemCount(): number {
    const doc = this.current;
    return doc ? this.store.get(doc).backlog.items.length : 0;
  }

  /** The node of the item at `index` in a shown document (the current one by default), for reveal. */
  nodeFor(index: number, doc: vscode.TextDocument | undefined = this.current): BacklogNode | undefined {
    if (!doc) return undefined;
    const uris = this.uris();
    const fileNode = uris.length > 1 ? this.fileNode(doc.uri) : undefined;
    if (uris.length > 1 && !fileNode) return undefined;
    this.documents.set(doc.uri.toString(), doc);
    return this.build(doc, fileNode).items[index];
  }

  private fileNode(uri: vscode.Uri): FileNode | undefined {
    const find = () => this.fileNodes.find((n) => n.uri.toString() === uri.toString());
    // The file nodes are made when the tree asks for its roots; a backlog that appeared since has none yet.
    let node = find();
    if (!node) {
      this.getChildren();
      node = find();
    }
    return node;
  }

  getTreeItem(node: BacklogNode): vscode.TreeItem {
    if (node.kind === 'file') {
      const current = this.document && node.uri.toString() === this.document.uri.toString();
      const several = this.fileNodes.length;
      const t = new vscode.TreeItem(node.label, current || several <= 3 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `${node.uri.toString()}::file`;
      t.resourceUri = node.uri;
      t.iconPath = vscode.ThemeIcon.File;
      t.contextValue = 'backlogFile';
      t.tooltip = node.uri.fsPath || node.uri.toString();
      t.command = { command: 'vscode.open', title: 'Open Backlog', arguments: [node.uri] };
      return t;
    }
    if (node.kind === 'group') {
      const t = new vscode.TreeItem(node.title, node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      t.id = `${node.uri.toString()}::group::${node.groupIndex}::${node.title}`;
      t.iconPath = new vscode.ThemeIcon(node.empty ? 'folder' : 'folder-library');
      t.contextValue = 'backlogGroup';
      if (node.empty) {
        t.description = 'empty';
        t.tooltip = `${node.title}: no items yet. Drop items here, or use Move Item to Group…`;
        t.accessibilityInformation = { label: `${node.title}, empty group: drop items here` };
      }
      return t;
    }
    if (node.kind === 'sprintEnd') {
      const when = node.date ? `, ${node.date}` : '';
      const t = new vscode.TreeItem(`Sprint ${node.sprint} ends (85%)${when}`, vscode.TreeItemCollapsibleState.None);
      t.id = `${node.uri.toString()}::sprintEnd::${node.sprint}`;
      t.iconPath = new vscode.ThemeIcon('debug-breakpoint-log-unverified', new vscode.ThemeColor('descriptionForeground'));
      t.description = '────────';
      t.contextValue = 'backlogSprintEnd';
      t.tooltip = `The items above this line are done by the end of sprint ${node.sprint}${node.date ? ` (${node.date})` : ''} in at least 85% of the forecast's trials (docs/FORECAST.md).`;
      t.accessibilityInformation = { label: `Sprint ${node.sprint} ends here at 85% confidence${when}` };
      return t;
    }
    const { item } = node;
    const label = `${item.rank}. ${item.id ? `${item.id} ` : ''}${item.title || '(untitled)'}`;
    const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    t.id = `${node.uri.toString()}::${node.key}`;
    t.contextValue = 'backlogItem';
    const mark = this.annotate?.(node.uri, node.index);
    const built = this.built.get(node.uri.toString());
    const f = built?.forecast?.items.get(node.index);
    const sprint = f ? (f.sprint.p50 === f.sprint.p85 ? `sprint ${f.sprint.p50 ?? '—'} (50/85%)` : `sprint ${f.sprint.p50 ?? '—'}–${f.sprint.p85 ?? '—'} (50/85%)`) : null;
    t.description = [mark?.text, item.estimate ? item.estimate.raw : null, item.status ? (item.status.kind ?? item.status.raw) : null, sprint].filter(Boolean).join(' · ');
    t.iconPath = iconFor(item);
    t.resourceUri = decorationUri(node.uri, node.key);
    t.tooltip = tooltipFor(item, node.problems);
    const forecastWords = f ? `, forecast sprint ${f.sprint.p50 ?? 'beyond the horizon'} at 50% and sprint ${f.sprint.p85 ?? 'beyond the horizon'} at 85%` : '';
    t.accessibilityInformation = { label: `Rank ${item.rank}: ${item.id ?? ''} ${item.title}${mark ? `, ${mark.words}` : ''}${forecastWords}${node.problems.length ? `, ${node.problems.length} problems` : ''}` };
    t.command = { command: 'backlogAsCode.revealItem', title: 'Reveal in Editor', arguments: [node] };
    return t;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME) return undefined;
    const problems = this.problemsByKey.get(`${uri.path}\u0000${decodeURIComponent(uri.fragment)}`);
    if (!problems || problems.length === 0) return undefined;
    const worst = problems.some((p) => p.severity === 'error') ? 'error' : problems.some((p) => p.severity === 'warning') ? 'warning' : 'info';
    return {
      badge: problems.length > 9 ? '9+' : String(problems.length),
      tooltip: problems.map((p) => `${p.ruleId}: ${p.message}`).join('\n'),
      color: new vscode.ThemeColor(worst === 'error' ? 'list.errorForeground' : worst === 'warning' ? 'list.warningForeground' : 'descriptionForeground'),
    };
  }
}

function startOf(node: BacklogNode, backlog: { groups: readonly { span: { start: number } }[]; items: readonly { span: { start: number } }[] }): number {
  if (node.kind === 'sprintEnd') return backlog.items[node.afterIndex].span.start + 0.5; // right after its item
  return node.kind === 'item' ? node.item.span.start : node.kind === 'group' ? backlog.groups[node.groupIndex].span.start : 0;
}

function decorationUri(doc: vscode.Uri, key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DECORATION_SCHEME, path: doc.path, fragment: encodeURIComponent(key) });
}

function iconFor(item: BacklogItem): vscode.ThemeIcon {
  switch (item.status?.kind) {
    case 'done':
    case 'accepted':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'in-progress':
      return new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('charts.blue'));
    case 'review':
      return new vscode.ThemeIcon('eye');
    case 'ready':
      return new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('charts.green'));
    case 'rejected':
      return new vscode.ThemeIcon('circle-slash');
    case 'refining':
      return new vscode.ThemeIcon('edit');
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

function tooltipFor(item: BacklogItem, problems: readonly Finding[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(`**${escapeMd(`${item.rank}. ${item.id ? `${item.id} ` : ''}${item.title}`)}**\n\n`);
  if (item.value) {
    md.appendMarkdown(`*As a* ${escapeMd(item.value.role ?? '…')}, *I want* ${escapeMd(item.value.want)}`);
    md.appendMarkdown(item.value.benefit ? `, *so that* ${escapeMd(item.value.benefit)}\n\n` : '\n\n');
  } else md.appendMarkdown('_No value statement_\n\n');
  const done = item.criteria.filter((c) => c.done === true).length;
  md.appendMarkdown(item.criteria.length > 0 ? `Acceptance criteria: ${done}/${item.criteria.length}\n\n` : '_No acceptance criteria_\n\n');
  const facts = [
    item.priority ? `Priority ${escapeMd(item.priority.raw)}` : null,
    item.estimate ? `Estimate ${escapeMd(item.estimate.raw)}` : null,
    item.status ? `Status ${escapeMd(item.status.raw)}` : null,
    item.group ? `Group ${escapeMd(item.group)}` : null,
  ].filter(Boolean);
  if (facts.length > 0) md.appendMarkdown(`${facts.join(' · ')}\n\n`);
  for (const p of problems) md.appendMarkdown(`$(warning) ${escapeMd(p.message)} (${p.ruleId})\n\n`);
  return md;
}

const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');

/** Drag and drop inside the tree: every drop is the core's move, applied only if the document did not change. */
export class BacklogDragAndDrop implements vscode.TreeDragAndDropController<BacklogNode> {
  readonly dragMimeTypes: string[];
  readonly dropMimeTypes: string[];

  constructor(
    viewId: string,
    private readonly tree: BacklogTreeProvider,
    private readonly store: BacklogStore,
    /** `target`: the index the items land before, or a group to move them into (a drop on an empty group). */
    private readonly move: (doc: vscode.TextDocument, version: number, indexes: number[], target: number | { readonly group: number }) => Promise<void>,
  ) {
    this.dragMimeTypes = [mimeFor(viewId)];
    this.dropMimeTypes = [mimeFor(viewId)];
  }

  handleDrag(source: readonly BacklogNode[], data: vscode.DataTransfer): void {
    const items = source.filter((n): n is ItemNode => n.kind === 'item');
    if (items.length === 0) return;
    // One backlog per drag: the items of the first dragged item's file.
    const uri = items[0].uri;
    const doc = this.tree.documentFor(uri);
    if (doc instanceof Promise) return;
    const same = items.filter((n) => n.uri.toString() === uri.toString());
    data.set(this.dragMimeTypes[0], new vscode.DataTransferItem(JSON.stringify({ uri: uri.toString(), version: doc.version, indexes: same.map((n) => n.index) })));
  }

  async handleDrop(target: BacklogNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const raw = await data.get(this.dropMimeTypes[0])?.asString();
    if (!raw) return;
    let payload: { uri: string; version: number; indexes: number[] };
    try {
      payload = JSON.parse(raw) as typeof payload;
    } catch {
      return;
    }
    if (typeof payload.uri !== 'string' || !Array.isArray(payload.indexes)) return;
    // Items move within their own backlog: a drop on another file's node is ignored.
    if (target && target.uri.toString() !== payload.uri) return;
    const doc = await this.tree.documentFor(vscode.Uri.parse(payload.uri));
    if (!doc) return;
    // Dropping on an item puts the dragged items before it; on a group, before its first item, or into it when it
    // has none (planMoveItemsToGroup: no drop before an item can reach an empty group); elsewhere, at the end.
    let targetIndex = this.store.get(doc).backlog.items.length;
    if (target?.kind === 'item') targetIndex = target.index > payload.indexes.reduce((m, i) => Math.max(m, i), -1) ? target.index + 1 : target.index;
    else if (target?.kind === 'sprintEnd') targetIndex = target.afterIndex + 1;
    else if (target?.kind === 'group') {
      const first = firstItem(target);
      if (!first) return this.move(doc, payload.version, payload.indexes, { group: target.groupIndex });
      targetIndex = first.index;
    }
    await this.move(doc, payload.version, payload.indexes, targetIndex);
  }
}

function firstItem(node: BacklogNode): ItemNode | undefined {
  if (node.kind === 'item') return node;
  if (node.kind !== 'group') return undefined;
  for (const c of node.children) {
    const f = firstItem(c);
    if (f) return f;
  }
  return undefined;
}

/**
 * Keeps the tree's selection on the item under the cursor, without analysing the document. The cursor moves with every
 * keystroke; analysing then (as this handler once did: 270 ms a keystroke at 10 MB) ignored the diagnostics' debounce
 * and the `onSave` setting. So the item is looked up only in an analysis that is already current; otherwise the cursor
 * is followed when the tree refreshes after the next analysis (`flush`).
 */
export class CursorFollower {
  private pending: vscode.TextEditor | null = null;

  constructor(
    private readonly views: readonly vscode.TreeView<BacklogNode>[],
    private readonly tree: BacklogTreeProvider,
    private readonly store: BacklogStore,
  ) {}

  /** The cursor moved in `editor`. */
  follow(editor: vscode.TextEditor): void {
    if (editor.document !== this.tree.current) return;
    this.pending = editor;
    this.flush();
  }

  /** Reveals the item under the pending cursor if the document's analysis is current (call after each analysis). */
  flush(): void {
    const editor = this.pending;
    if (!editor) return;
    const doc = editor.document;
    if (doc.isClosed || doc !== this.tree.current) {
      this.pending = null;
      return;
    }
    const view = this.views.find((v) => v.visible);
    const analysis = this.store.peek(doc);
    if (!view || !analysis) return;
    this.pending = null;
    const index = lastStartingAtOrBefore(analysis.backlog.items, doc.offsetAt(editor.selection.active), (i) => i.span.start);
    const node = index >= 0 ? this.tree.nodeFor(index) : undefined;
    const selected = view.selection[0];
    if (node && !(selected?.kind === 'item' && node.kind === 'item' && selected.key === node.key)) {
      void view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
    }
  }
}
