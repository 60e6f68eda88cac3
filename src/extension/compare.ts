// "Backlog: Compare Order With…": the backlog in the editor against a branch, tag or commit. The tree shows ↑3 / ↓2 /
// new beside each item until the comparison is cleared, and a summary opens. The old version is read once with the
// real git (src/node/git.ts); the marks are the core's diff of it against the document's current text, recomputed as
// the document changes, so a move made after the comparison shows at once.
import * as vscode from 'vscode';
import { analyzeBacklog } from '../core/analyze';
import { type BacklogDiff, diffBacklogs, diffRows, diffSummary, formatDiffMarkdown, type ItemMark, isEmptyDiff, revisionLabel } from '../core/diff';
import type { Backlog } from '../core/model';
import { GitError, listRevisions, showFile } from '../node/git';
import type { BacklogStore } from './backlog-store';

const SUMMARY_SCHEME = 'backlog-comparison';
const CONTEXT_COMPARING = 'backlogAsCode.comparing';

interface Comparison {
  readonly uri: string;
  /** The revision as the user picked it (`main`, `v1.2`, a hash). */
  readonly revision: string;
  readonly before: Backlog;
  /** The diff against a document version, recomputed when the version changes. */
  cached: { version: number; diff: BacklogDiff } | null;
}

/** The text shown beside an item in the tree: `↑3`, `↓2`, `new`; undefined when it did not move. */
export function markText(mark: ItemMark | undefined): string | undefined {
  if (!mark || mark.kind === 'same') return undefined;
  if (mark.kind === 'new') return 'new';
  return mark.places > 0 ? `↑${mark.places}` : `↓${-mark.places}`;
}

/** Words for screen readers: `moved up 3 since main`. */
export function markWords(mark: ItemMark | undefined, revision: string): string | undefined {
  if (!mark || mark.kind === 'same') return undefined;
  if (mark.kind === 'new') return `new since ${revision}`;
  const n = Math.abs(mark.places);
  return `moved ${mark.places > 0 ? 'up' : 'down'} ${n} ${n === 1 ? 'place' : 'places'} since ${revision}`;
}

export class OrderComparisons implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly comparisons = new Map<string, Comparison>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fired when a comparison starts or ends (the tree re-renders). */
  readonly onDidChangeComparisons = this.changeEmitter.event;
  private readonly summaryEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** The summary documents' content changed (TextDocumentContentProvider). */
  readonly onDidChange = this.summaryEmitter.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly store: BacklogStore) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, this);
  }

  dispose(): void {
    this.registration.dispose();
    this.changeEmitter.dispose();
    this.summaryEmitter.dispose();
  }

  /** The comparison of a document, if any. */
  revisionFor(uri: vscode.Uri): string | undefined {
    return this.comparisons.get(uri.toString())?.revision;
  }

  /** The diff of the document's current text against the compared revision, or undefined when not comparing. */
  diffFor(doc: vscode.TextDocument): BacklogDiff | undefined {
    const c = this.comparisons.get(doc.uri.toString());
    if (!c) return undefined;
    if (!c.cached || c.cached.version !== doc.version) c.cached = { version: doc.version, diff: diffBacklogs(c.before, this.store.get(doc).backlog) };
    return c.cached.diff;
  }

  /** The mark of the item at `index` of the document (by its current text). */
  markFor(doc: vscode.TextDocument, index: number): { text: string; words: string } | undefined {
    const diff = this.diffFor(doc);
    const revision = this.revisionFor(doc.uri);
    if (!diff || revision === undefined) return undefined;
    const mark = diff.marks[index];
    const text = markText(mark);
    return text ? { text, words: markWords(mark, revision)! } : undefined;
  }

  /** Asks for a revision (branches, tags, recent commits, or any revision typed in) and compares. */
  async pickAndCompare(doc: vscode.TextDocument): Promise<boolean> {
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Compare Order With… needs a backlog saved in a git repository.');
      return false;
    }
    let choices;
    try {
      choices = await listRevisions(doc.uri.fsPath);
    } catch (error) {
      void vscode.window.showWarningMessage(gitMessage(error, doc));
      return false;
    }
    type Pick = vscode.QuickPickItem & { revision?: string };
    const picks: Pick[] = [];
    if (choices.branches.length > 0) picks.push({ label: 'Branches', kind: vscode.QuickPickItemKind.Separator });
    for (const b of choices.branches) picks.push({ label: `$(git-branch) ${b}`, description: b === choices.currentBranch ? 'current branch (last commit)' : undefined, revision: b });
    if (choices.tags.length > 0) picks.push({ label: 'Tags', kind: vscode.QuickPickItemKind.Separator });
    for (const t of choices.tags) picks.push({ label: `$(tag) ${t}`, revision: t });
    if (choices.commits.length > 0) picks.push({ label: 'Recent commits', kind: vscode.QuickPickItemKind.Separator });
    for (const c of choices.commits) picks.push({ label: `$(git-commit) ${c.hash.slice(0, 7)}`, description: c.subject, detail: c.date.slice(0, 10), revision: c.hash });
    const revision = await new Promise<string | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<Pick>();
      qp.title = 'Compare the order with…';
      qp.placeholder = 'A branch, tag or commit (or type any revision, such as HEAD~3)';
      qp.items = picks;
      qp.matchOnDescription = true;
      let done = false;
      const finish = (value: string | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        qp.dispose();
      };
      qp.onDidAccept(() => finish(qp.selectedItems[0]?.revision ?? (qp.value.trim() || undefined)));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
    if (revision === undefined) return false;
    return this.compare(doc, revision);
  }

  /** Compares the document with `revision` and opens the summary. Returns false (with a message) when it cannot. */
  async compare(doc: vscode.TextDocument, revision: string, options: { openSummary?: boolean } = {}): Promise<boolean> {
    let text: string;
    try {
      text = await showFile(doc.uri.fsPath, revision);
    } catch (error) {
      if (error instanceof GitError && error.kind === 'not-in-revision') text = '';
      else {
        void vscode.window.showWarningMessage(gitMessage(error, doc));
        return false;
      }
    }
    const config = this.store.get(doc).config;
    const before = analyzeBacklog(text, { config }).backlog;
    this.comparisons.set(doc.uri.toString(), { uri: doc.uri.toString(), revision, before, cached: null });
    void vscode.commands.executeCommand('setContext', CONTEXT_COMPARING, true);
    this.changeEmitter.fire();
    this.summaryEmitter.fire(this.summaryUri(doc));
    if (options.openSummary !== false) await this.openSummary(doc);
    return true;
  }

  /** Ends the comparison of one document (or of every document). */
  clear(doc?: vscode.TextDocument): void {
    if (doc) this.comparisons.delete(doc.uri.toString());
    else this.comparisons.clear();
    void vscode.commands.executeCommand('setContext', CONTEXT_COMPARING, this.comparisons.size > 0);
    this.changeEmitter.fire();
  }

  /** The compared document changed: its summary shows the new state. */
  documentChanged(doc: vscode.TextDocument): void {
    if (this.comparisons.has(doc.uri.toString())) this.summaryEmitter.fire(this.summaryUri(doc));
  }

  summaryUri(doc: vscode.TextDocument): vscode.Uri {
    return vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `${doc.uri.path}.comparison.md`, query: doc.uri.toString() });
  }

  /** Opens the summary as a Markdown preview beside the editor. */
  async openSummary(doc: vscode.TextDocument): Promise<void> {
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', this.summaryUri(doc));
    } catch {
      // No Markdown preview (the built-in extension disabled): the summary as text instead.
      await vscode.window.showTextDocument(this.summaryUri(doc), { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
  }

  /** The summary of a comparison, as Markdown (the preview renders it). */
  summaryText(doc: vscode.TextDocument): string {
    const diff = this.diffFor(doc);
    const revision = this.revisionFor(doc.uri);
    const file = vscode.workspace.asRelativePath(doc.uri, false);
    if (!diff || revision === undefined) return `No comparison is active for ${file}.\n`;
    const sides = { file, from: revision, to: doc.isDirty ? 'the editor (unsaved)' : 'working tree' };
    if (isEmptyDiff(diff)) return `### Backlog changes in \`${file.replace(/`/g, "'")}\`\n\nNo changes since ${revisionLabel(revision)}.\n`;
    // The pull-request comment's table: the same rows as `backlog diff --format markdown`.
    return formatDiffMarkdown(sides, diff).replace(/^<!--[^\n]*-->\n/, '');
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.query);
    return doc ? this.summaryText(doc) : 'The backlog of this comparison is not open any more.\n';
  }

  /** The one-line summary for messages: `2 moved, 1 added since main`. */
  shortSummary(doc: vscode.TextDocument): string {
    const diff = this.diffFor(doc);
    const revision = this.revisionFor(doc.uri) ?? '';
    if (!diff) return '';
    return isEmptyDiff(diff) ? `No changes since ${revisionLabel(revision)}` : `${diffSummary(diff)} since ${revisionLabel(revision)} (${diffRows(diff).length} items)`;
  }
}

function gitMessage(error: unknown, doc: vscode.TextDocument): string {
  const name = vscode.workspace.asRelativePath(doc.uri, false);
  if (error instanceof GitError) {
    if (error.kind === 'not-a-repository') return `${name} is not in a git repository: there is no earlier version to compare with.`;
    return `Cannot compare ${name}: ${error.message}.`;
  }
  return `Cannot compare ${name}: ${error instanceof Error ? error.message : String(error)}.`;
}
