// File access for the CLI: strict reading (no binary, no invalid UTF-8), atomic writes, `.backlog.jsonc` lookup and
// globbing. Everything that can go wrong with the user's input throws a CliError with one sentence.
import { chmodSync, closeSync, type Dirent, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { ruleIds } from '../core/analyze';
import { type BacklogConfig, parseConfigText } from '../core/config';

/** A problem with the command line or the files it names: printed as one line, exit code 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const CONFIG_FILE = '.backlog.jsonc';
export const DEFAULT_PATTERN = '**/BACKLOG.md';

/** A backlog file read from disk. */
export interface SourceFile {
  /** Absolute path. */
  readonly path: string;
  /** Path as shown to the user: relative to the working directory, forward slashes. */
  readonly display: string;
  /** The text exactly as stored: a BOM stays in it, line terminators are untouched. */
  readonly text: string;
  /** Permission bits, kept on write. */
  readonly mode: number;
}

/** Relative to `cwd` with forward slashes (absolute when on another drive). */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? basename(path) : isAbsolute(rel) ? path : rel).split(sep).join('/');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes file bytes as UTF-8 text, keeping a BOM. Throws CliError for binary content or invalid UTF-8. */
export function decodeText(bytes: Uint8Array, display: string): string {
  if (bytes.includes(0)) throw new CliError(`${display} is a binary file (it contains NUL bytes), not a markdown backlog`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CliError(`${display} is not valid UTF-8 text`);
  }
}

function ioMessage(error: unknown, display: string, verb: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `${display}: no such file`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot ${verb} ${display}: permission denied`;
  if (code === 'EISDIR') return `${display} is a directory, not a file`;
  if (code === 'ENOTDIR') return `${display}: a folder in the path is a file`;
  if (code === 'EROFS') return `cannot ${verb} ${display}: read-only file system`;
  if (code === 'ENOSPC') return `cannot ${verb} ${display}: no space left on the device`;
  if (code === 'EFBIG') return `cannot ${verb} ${display}: file too large (over the file size limit)`;
  return `cannot ${verb} ${display}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
}

/** Reads a backlog file. Throws CliError for a missing file, a folder, binary content or invalid UTF-8. */
export function readSourceFile(path: string, cwd: string): SourceFile {
  const abs = resolve(cwd, path);
  const display = displayPath(abs, cwd);
  let mode: number;
  let bytes: Buffer;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw new CliError(`${display} is a directory, not a file`);
    mode = st.mode & 0o7777;
    bytes = readFileSync(abs);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(ioMessage(error, display, 'read'));
  }
  return { path: abs, display, text: decodeText(bytes, display), mode };
}

/**
 * Replaces a file's content atomically: writes a temporary file in the same folder, then renames it over the
 * original, keeping the permission bits. On any failure the original is untouched and the temporary file is removed.
 */
export function writeFileAtomic(path: string, text: string, mode: number, display = path): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', mode);
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    chmodSync(tmp, mode); // the umask may have dropped bits from openSync's mode
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already failing
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new CliError(ioMessage(error, display, 'write'));
  }
}

// ---------------------------------------------------------------------------------------------- configuration

export interface LoadedConfig {
  readonly config: BacklogConfig;
  /** The config file, or null when none was found. */
  readonly path: string | null;
  /** One sentence per problem (the valid part of the config is still used). */
  readonly errors: readonly string[];
}

/** Reads and validates a `.backlog.jsonc`. A file that cannot be read is a CliError; invalid content is not. */
export function loadConfigFile(path: string, cwd: string): LoadedConfig {
  const display = displayPath(resolve(cwd, path), cwd);
  let text: string;
  try {
    const abs = resolve(cwd, path);
    if (statSync(abs).isDirectory()) throw new CliError(`config ${display} is a directory, not a file`);
    text = decodeText(readFileSync(abs), `config ${display}`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`config ${ioMessage(error, display, 'read')}`);
  }
  const result = parseConfigText(text.replace(/^\uFEFF/, ''), display, ruleIds);
  return { config: result.config, path: resolve(cwd, path), errors: result.errors };
}

/**
 * The nearest `.backlog.jsonc`: in the file's folder or a parent, stopping after a git root (a folder with `.git`)
 * or the file system root. Not at the working directory: `backlog lint` run in a subfolder must read the same
 * settings as when run at the repository root (and as the editor does, which stops at the workspace folder).
 */
export function findConfigFile(fileDir: string): string | null {
  let dir = resolve(fileDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate) && !statSync(candidate).isDirectory()) return candidate;
    if (existsSync(join(dir, '.git'))) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Looks up and caches configs per folder; each config file's problems are reported once. */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();

  constructor(
    private readonly cwd: string,
    /** From `--config`: used for every file instead of the lookup. */
    private readonly explicit: LoadedConfig | null,
    private readonly warn: (message: string) => void,
  ) {
    if (explicit) for (const e of explicit.errors) warn(e);
  }

  forFile(path: string): BacklogConfig {
    if (this.explicit) return this.explicit.config;
    const dir = dirname(path);
    let loaded = this.byDir.get(dir);
    if (!loaded) {
      const found = findConfigFile(dir);
      if (!found) loaded = { config: {}, path: null, errors: [] };
      else {
        loaded = this.byFile.get(found);
        if (!loaded) {
          try {
            loaded = loadConfigFile(found, this.cwd);
          } catch (error) {
            // An unreadable config is reported and ignored, like an invalid one.
            loaded = { config: {}, path: found, errors: [error instanceof Error ? error.message : String(error)] };
          }
          this.byFile.set(found, loaded);
          for (const e of loaded.errors) this.warn(e);
        }
      }
      this.byDir.set(dir, loaded);
    }
    return loaded.config;
  }
}

// ---------------------------------------------------------------------------------------------- globbing

// picomatch and a directory walk rather than tinyglobby: tinyglobby's ESM build (which esbuild picks with
// mainFields module-first) needs import.meta.url, which a CommonJS bundle does not have.
const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Files under `root` (recursively, without node_modules and .git) whose root-relative path matches. */
function walk(root: string, matches: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped, as globbing tools do
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isFile = st.isFile();
          isDir = false; // symlinked folders are not followed (no cycles)
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name) && depth < 64) visit(abs, r, depth + 1);
      } else if (isFile && matches(r)) out.push(abs);
    }
  };
  visit(root, '', 0);
  return out;
}

/** Expands one glob (forward slashes, relative to `cwd` or absolute), case-insensitively. */
export function globFiles(pattern: string, cwd: string): string[] {
  const scan = picomatch.scan(pattern.split(sep).join('/'));
  const root = resolve(cwd, scan.base || '.');
  const isMatch = picomatch(scan.glob, { nocase: true, dot: true });
  return walk(root, isMatch).sort();
}

const isGlob = (pattern: string) => picomatch.scan(pattern).isGlob;

/**
 * Files named on the command line: existing paths as they are, globs expanded (case-insensitively, without
 * node_modules and .git). Throws CliError for a missing file, a folder, or a glob that matches nothing.
 */
export function resolveFiles(patterns: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (!seen.has(abs)) {
      seen.add(abs);
      out.push(abs);
    }
  };
  for (const pattern of patterns) {
    const abs = resolve(cwd, pattern);
    let isDir = false;
    let exists = false;
    try {
      isDir = statSync(abs).isDirectory();
      exists = true;
    } catch {
      // not a path: maybe a glob
    }
    if (exists) {
      if (isDir) throw new CliError(`${displayPath(abs, cwd)} is a directory, not a file (to lint every backlog in it, use "${pattern.replace(/[\\/]+$/, '')}/**/BACKLOG.md")`);
      add(abs);
      continue;
    }
    if (!isGlob(pattern)) throw new CliError(`${displayPath(abs, cwd)}: no such file`);
    const matches = globFiles(pattern, cwd);
    if (matches.length === 0) throw new CliError(`no files match "${pattern}"`);
    for (const m of matches) add(m);
  }
  return out;
}
