// The "Backlog" tree: items in rank order under their groups, for the backlog in the active editor (or the last
// one shown). It always reads the document through the store, so unsaved edits show at once.
import * as vscode from 'vscode';
import type { BacklogItem, Finding } from '../core/model';
import type { BacklogStore } from './backlog-store';

export type BacklogNode =
  | { readonly kind: 'group'; readonly uri: vscode.Uri; readonly groupIndex: number; readonly title: string; readonly parent: BacklogNode | undefined; children: BacklogNode[] }
  | { readonly kind: 'item'; readonly uri: vscode.Uri; readonly index: number; readonly item: BacklogItem; readonly key: string; readonly parent: BacklogNode | undefined; readonly problems: readonly Finding[] };

const DECORATION_SCHEME = 'backlog-item';

/** Drag-and-drop MIME type: VS Code's tree convention `application/vnd.code.tree.<view id lower case>`. */
const mimeFor = (viewId: string) => `application/vnd.code.tree.${viewId.toLowerCase()}`;

export class BacklogTreeProvider implements vscode.TreeDataProvider<BacklogNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<BacklogNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly decorationEmitter = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.decorationEmitter.event;
  private roots: BacklogNode[] = [];
  private itemNodes: Extract<BacklogNode, { kind: 'item' }>[] = [];
  private builtFor: { uri: string; version: number } | null = null;
  private document: vscode.TextDocument | undefined;
  private readonly problemsByKey = new Map<string, readonly Finding[]>();

  constructor(private readonly store: BacklogStore) {}

  dispose(): void {
    this.changeEmitter.dispose();
    this.decorationEmitter.dispose();
  }

  /** The backlog the tree shows. */
  get current(): vscode.TextDocument | undefined {
    return this.document && !this.document.isClosed ? this.document : undefined;
  }

  show(doc: vscode.TextDocument | undefined): void {
    if (doc === this.document && doc && this.builtFor?.version === doc.version) return;
    this.document = doc;
    this.refresh();
  }

  refresh(): void {
    this.builtFor = null;
    this.changeEmitter.fire(undefined);
  }

  private build(): void {
    const doc = this.current;
    if (!doc) {
      this.roots = [];
      this.itemNodes = [];
      this.builtFor = null;
      return;
    }
    if (this.builtFor && this.builtFor.uri === doc.uri.toString() && this.builtFor.version === doc.version) return;
    const { backlog, findings } = this.store.get(doc);
    const byItem = new Map<number, Finding[]>();
    for (const f of findings) if (f.itemIndex >= 0) byItem.set(f.itemIndex, [...(byItem.get(f.itemIndex) ?? []), f]);
    const groups: Extract<BacklogNode, { kind: 'group' }>[] = [];
    const roots: BacklogNode[] = [];
    // Only groups that hold items (directly or below) are shown.
    const used = new Set<number>();
    for (const item of backlog.items) for (let g = item.groupIndex; g >= 0; g = backlog.groups[g].parent) used.add(g);
    backlog.groups.forEach((g, gi) => {
      if (!used.has(gi)) return;
      const parent = g.parent >= 0 ? groups[g.parent] : undefined;
      const node = { kind: 'group' as const, uri: doc.uri, groupIndex: gi, title: g.title, parent, children: [] as BacklogNode[] };
      groups[gi] = node;
      (parent ? parent.children : roots).push(node);
    });
    const seen = new Map<string, number>();
    this.itemNodes = backlog.items.map((item) => {
      const base = item.id ?? item.title;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const parent = item.groupIndex >= 0 ? groups[item.groupIndex] : undefined;
      const node = { kind: 'item' as const, uri: doc.uri, index: item.index, item, key: `${base}#${n}`, parent, problems: byItem.get(item.index) ?? [] };
      (parent ? parent.children : roots).push(node);
      return node;
    });
    // Groups were pushed before items; put each level back in document order.
    const order = (nodes: BacklogNode[]) => {
      nodes.sort((a, b) => startOf(a, backlog) - startOf(b, backlog));
      for (const n of nodes) if (n.kind === 'group') order(n.children);
    };
    order(roots);
    this.roots = roots;
    this.builtFor = { uri: doc.uri.toString(), version: doc.version };
    const changed = new Set<string>([...this.problemsByKey.keys()]);
    this.problemsByKey.clear();
    for (const n of this.itemNodes) {
      if (n.problems.length > 0) this.problemsByKey.set(n.key, n.problems);
      changed.add(n.key);
    }
    this.decorationEmitter.fire([...changed].map((k) => decorationUri(doc.uri, k)));
  }

  getChildren(element?: BacklogNode): BacklogNode[] {
    this.build();
    if (!element) return this.roots;
    return element.kind === 'group' ? element.children : [];
  }

  getParent(element: BacklogNode): BacklogNode | undefined {
    return element.parent;
  }

  /** How many items the shown backlog has. */
  get itemCount(): number {
    this.build();
    return this.itemNodes.length;
  }

  /** The node of the item at `index` in the shown document, for reveal. */
  nodeFor(index: number): BacklogNode | undefined {
    this.build();
    return this.itemNodes[index];
  }

  getTreeItem(node: BacklogNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const t = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Expanded);
      t.id = `${node.uri.toString()}::group::${node.groupIndex}::${node.title}`;
      t.iconPath = new vscode.ThemeIcon('folder-library');
      t.contextValue = 'backlogGroup';
      return t;
    }
    const { item } = node;
    const label = `${item.rank}. ${item.id ? `${item.id} ` : ''}${item.title || '(untitled)'}`;
    const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    t.id = `${node.uri.toString()}::${node.key}`;
    t.contextValue = 'backlogItem';
    t.description = [item.estimate ? item.estimate.raw : null, item.status ? (item.status.kind ?? item.status.raw) : null].filter(Boolean).join(' · ');
    t.iconPath = iconFor(item);
    t.resourceUri = decorationUri(node.uri, node.key);
    t.tooltip = tooltipFor(item, node.problems);
    t.accessibilityInformation = { label: `Rank ${item.rank}: ${item.id ?? ''} ${item.title}${node.problems.length ? `, ${node.problems.length} problems` : ''}` };
    t.command = { command: 'backlogAsCode.revealItem', title: 'Reveal in Editor', arguments: [node] };
    return t;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME) return undefined;
    const problems = this.problemsByKey.get(decodeURIComponent(uri.fragment));
    if (!problems || problems.length === 0) return undefined;
    const worst = problems.some((p) => p.severity === 'error') ? 'error' : problems.some((p) => p.severity === 'warning') ? 'warning' : 'info';
    return {
      badge: problems.length > 9 ? '9+' : String(problems.length),
      tooltip: problems.map((p) => `${p.ruleId}: ${p.message}`).join('\n'),
      color: new vscode.ThemeColor(worst === 'error' ? 'list.errorForeground' : worst === 'warning' ? 'list.warningForeground' : 'descriptionForeground'),
    };
  }
}

function startOf(node: BacklogNode, backlog: { groups: readonly { span: { start: number } }[] }): number {
  return node.kind === 'item' ? node.item.span.start : backlog.groups[node.groupIndex].span.start;
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
    private readonly move: (doc: vscode.TextDocument, version: number, indexes: number[], target: number) => Promise<void>,
  ) {
    this.dragMimeTypes = [mimeFor(viewId)];
    this.dropMimeTypes = [mimeFor(viewId)];
  }

  handleDrag(source: readonly BacklogNode[], data: vscode.DataTransfer): void {
    const doc = this.tree.current;
    const items = source.filter((n): n is Extract<BacklogNode, { kind: 'item' }> => n.kind === 'item');
    if (!doc || items.length === 0) return;
    data.set(this.dragMimeTypes[0], new vscode.DataTransferItem(JSON.stringify({ uri: doc.uri.toString(), version: doc.version, indexes: items.map((n) => n.index) })));
  }

  async handleDrop(target: BacklogNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const raw = await data.get(this.dropMimeTypes[0])?.asString();
    const doc = this.tree.current;
    if (!raw || !doc) return;
    let payload: { uri: string; version: number; indexes: number[] };
    try {
      payload = JSON.parse(raw) as typeof payload;
    } catch {
      return;
    }
    if (payload.uri !== doc.uri.toString() || !Array.isArray(payload.indexes)) return;
    // Dropping on an item puts the dragged items before it; on a group, before its first item; on empty space, at the end.
    let targetIndex = this.tree.itemCount;
    if (target?.kind === 'item') targetIndex = target.index > payload.indexes.reduce((m, i) => Math.max(m, i), -1) ? target.index + 1 : target.index;
    else if (target?.kind === 'group') {
      const first = firstItem(target);
      if (first) targetIndex = first.index;
    }
    await this.move(doc, payload.version, payload.indexes, targetIndex);
  }
}

function firstItem(node: BacklogNode): Extract<BacklogNode, { kind: 'item' }> | undefined {
  if (node.kind === 'item') return node;
  for (const c of node.children) {
    const f = firstItem(c);
    if (f) return f;
  }
  return undefined;
}
