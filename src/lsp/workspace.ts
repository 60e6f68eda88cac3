// The language server's view of the workspace: which files are backlogs (the same globs, `.backlog.jsonc` and front
// matter as the CLI and the extension), one analysis per open document version (with the core's incremental section
// cache), and the core's WorkspaceIndex fed with every backlog and markdown file (open documents' text wins over disk).
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Analysis, analyzeBacklog, ruleIds, SectionCache } from '../core/analyze';
import { type BacklogConfig, mergeConfig, validateConfig } from '../core/config';
import type { FieldKind } from '../core/model';
import { isMarkedBacklog, WorkspaceIndex } from '../core/workspace-index';
import { matchesAnyGlob } from '../extension/globs';
import { ConfigResolver, decodeText, globFiles } from '../cli/files';

/** Settings: `initializationOptions` or the `backlogAsCode` section of `workspace/didChangeConfiguration`. */
export interface ServerSettings {
  /** Globs of backlog files, case-insensitive, relative to a workspace folder. */
  readonly files: readonly string[];
  /** Globs of the markdown files whose item-ID mentions are indexed (hover, references, rename across them). */
  readonly markdown: readonly string[];
  /** Rule id → severity or off; `.backlog.jsonc` and front matter override these. */
  readonly rules: Readonly<Record<string, unknown>>;
  /** Milliseconds after the last change before diagnostics are published again. */
  readonly debounce: number;
  /** Code lenses above items (rank, estimate, criteria, move up/down). */
  readonly codeLens: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = { files: ['**/BACKLOG.md'], markdown: ['**/*.md'], rules: {}, debounce: 200, codeLens: true };

/** Reads settings from whatever the client sent, keeping defaults for what is missing or of the wrong type. */
export function readSettings(raw: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  const r = (raw && typeof raw === 'object' ? ((raw as Record<string, unknown>).backlogAsCode ?? raw) : {}) as Record<string, unknown>;
  const globs = (v: unknown, d: readonly string[]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : d);
  return {
    files: globs(r.files, base.files),
    markdown: globs(r.markdown, base.markdown),
    rules: r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules) ? (r.rules as Record<string, unknown>) : base.rules,
    debounce: typeof r.debounce === 'number' && r.debounce >= 0 ? Math.min(r.debounce, 5000) : base.debounce,
    codeLens: typeof r.codeLens === 'boolean' ? r.codeLens : base.codeLens,
  };
}

const isMarkdownPath = (path: string) => /\.(md|markdown)$/i.test(path);
const SCAN_LIMIT = 20_000;

interface Entry {
  version: number;
  analysis: Analysis;
  cache: SectionCache;
}

export class Workspace {
  readonly index = new WorkspaceIndex();
  /** Open documents (kept by vscode-languageserver's TextDocuments; given here by the server). */
  private open: (uri: string) => TextDocument | undefined = () => undefined;
  /** Text of indexed files that are not open, as documents (for offsets ↔ positions). */
  private readonly disk = new Map<string, TextDocument>();
  private readonly analyses = new Map<string, Entry>();
  private configs: ConfigResolver;
  /** The document version last indexed per open document. */
  private readonly indexedVersion = new Map<string, number>();

  constructor(
    private folders: readonly string[],
    public settings: ServerSettings,
    private readonly warn: (message: string) => void,
  ) {
    this.configs = new ConfigResolver(folders[0] ?? process.cwd(), null, warn);
  }

  setOpenDocuments(get: (uri: string) => TextDocument | undefined): void {
    this.open = get;
  }

  /** New settings or a changed `.backlog.jsonc`: forget analyses and configs, scan again. */
  reset(settings: ServerSettings = this.settings, folders: readonly string[] = this.folders): void {
    this.settings = settings;
    this.folders = folders;
    this.configs = new ConfigResolver(folders[0] ?? process.cwd(), null, this.warn);
    this.analyses.clear();
    this.indexedVersion.clear();
    for (const uri of this.index.uris()) this.index.remove(uri);
    this.disk.clear();
    this.scan();
  }

  /** The workspace folder that holds a path, or null. */
  private folderOf(path: string): string | null {
    let best: string | null = null;
    for (const f of this.folders) {
      const rel = relative(f, path);
      if (!rel.startsWith('..') && !rel.startsWith(sep) && (best === null || f.length > best.length)) best = f;
    }
    return best;
  }

  /** A short name for people: the path relative to its workspace folder. */
  label(uri: string): string {
    const path = pathOf(uri);
    if (path === null) return uri;
    const folder = this.folderOf(path);
    return (folder ? relative(folder, path) : path).split(sep).join('/');
  }

  /** Whether a file is a backlog: its path matches `files`, or its front matter has a `backlog:` key. */
  isBacklog(uri: string, text: string): boolean {
    const path = pathOf(uri) ?? uri;
    if (!isMarkdownPath(path)) return false;
    const rel = this.label(uri);
    const name = path.split(/[\\/]/).pop() ?? '';
    // The extension's matcher (the core's linear globs) and the core's front-matter marker: the same files as in VS Code.
    if (matchesAnyGlob(this.settings.files, rel) || matchesAnyGlob(this.settings.files, name, { basename: true })) return true;
    return isMarkedBacklog(text);
  }

  /** The configuration of a file: settings < `.backlog.jsonc` (nearest, up to a git root); the core merges front matter. */
  configFor(uri: string): BacklogConfig {
    const fromSettings = validateConfig({ rules: this.settings.rules }, 'setting backlogAsCode.rules', ruleIds);
    for (const e of fromSettings.errors) this.warn(e);
    const path = pathOf(uri);
    return mergeConfig(fromSettings.config, path ? this.configs.forFile(path) : {});
  }

  /** The document (open, else as read from disk), or undefined when the file is neither. */
  document(uri: string): TextDocument | undefined {
    return this.open(uri) ?? this.disk.get(uri);
  }

  /** The analysis of an open backlog document at its current version (parsed incrementally with its cache). */
  analysis(doc: TextDocument): Analysis {
    const entry = this.analyses.get(doc.uri);
    if (entry && entry.version === doc.version) return entry.analysis;
    const cache = entry?.cache ?? new SectionCache();
    const analysis = analyzeBacklog(doc.getText(), { config: this.configFor(doc.uri), cache });
    this.analyses.set(doc.uri, { version: doc.version, analysis, cache });
    return analysis;
  }

  /** Indexes an open document at its current version (a no-op when it already is). */
  refresh(doc: TextDocument): void {
    if (this.indexedVersion.get(doc.uri) === doc.version) return;
    this.indexedVersion.set(doc.uri, doc.version);
    const text = doc.getText();
    if (this.isBacklog(doc.uri, text)) this.index.setBacklog(doc.uri, text, this.analysis(doc).backlog, { version: doc.version, label: this.label(doc.uri) });
    else if (isMarkdownPath(pathOf(doc.uri) ?? doc.uri)) this.index.setMarkdown(doc.uri, text, { version: doc.version, label: this.label(doc.uri) });
  }

  /** Indexes every open document whose index entry is older than its text. */
  refreshOpen(docs: readonly TextDocument[]): void {
    for (const d of docs) this.refresh(d);
  }

  /** A document was closed: index the file as it is on disk (or forget it). */
  closed(uri: string): void {
    this.indexedVersion.delete(uri);
    this.analyses.delete(uri);
    this.readFromDisk(uri);
  }

  /** A file changed on disk (watched files): re-read it unless it is open. */
  changedOnDisk(uri: string): void {
    if (this.open(uri)) return;
    this.readFromDisk(uri);
  }

  private readFromDisk(uri: string): void {
    const path = pathOf(uri);
    this.disk.delete(uri);
    this.index.remove(uri);
    if (!path || !this.folderOf(path) || !isMarkdownPath(path)) return;
    let text: string;
    try {
      // Editors drop a BOM when they open a file: so do we, so that positions agree with theirs.
      text = decodeText(readFileSync(path), this.label(uri)).replace(/^\uFEFF/, '');
    } catch {
      return; // deleted, unreadable or not text: not indexed
    }
    const label = this.label(uri);
    const backlog = this.isBacklog(uri, text);
    if (!backlog && !matchesAnyGlob(this.settings.markdown, label)) return;
    this.disk.set(uri, TextDocument.create(uri, 'markdown', 0, text));
    if (backlog) this.index.setBacklog(uri, text, analyzeBacklog(text, { config: this.configFor(uri) }).backlog, { label });
    else this.index.setMarkdown(uri, text, { label });
  }

  /** Indexes the markdown files of every workspace folder (at most SCAN_LIMIT), except open documents. */
  scan(): void {
    let n = 0;
    for (const folder of this.folders) {
      for (const path of globFiles('**/*.{md,markdown}', folder)) {
        if (++n > SCAN_LIMIT) return;
        const uri = pathToFileURL(path).href;
        if (!this.open(uri)) this.readFromDisk(uri);
      }
    }
  }

  /** The configured field aliases of a file (lower-cased key → kind), for completion. */
  fieldAliases(uri: string): ReadonlyMap<string, FieldKind> {
    return new Map(Object.entries(this.configFor(uri).fieldAliases ?? {}));
  }
}

/** The file system path of a `file:` URI, or null. */
export function pathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
