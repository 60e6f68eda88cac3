// File access for the CLI: strict reading (regular files only, a size cap, no binary, no invalid UTF-8), safe writes
// (atomic, through symlinks, keeping owner, group, mode and hard links, refused when the file changed on disk since it
// was read or is read-only), `.backlog.jsonc` lookup and globbing. Everything that can go wrong with the user's input
// throws a CliError with one sentence. docs/CLI.md ("How files are written") says what users can rely on.
import { createHash } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  type Dirent,
  existsSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { ruleIds } from '../core/analyze';
import { type BacklogConfig, parseConfigText } from '../core/config';
import { compileGlob, unsupportedGlobSyntax } from '../core/glob';

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
/** Largest file the CLI reads: a backlog of 10,000 items is about 5 MB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A backlog file read from disk, and what it was when read (to refuse writing over a change made meanwhile). */
export interface SourceFile {
  /** Absolute path as named (a symlink stays a symlink: writes go to its target). */
  readonly path: string;
  /** Path as shown to the user: relative to the working directory, forward slashes. */
  readonly display: string;
  /** The text exactly as stored: a BOM stays in it, line terminators are untouched. */
  readonly text: string;
  /** Permission bits, kept on write. */
  readonly mode: number;
  /** The file itself, symlinks resolved: what is replaced on write. */
  readonly realPath: string;
  /** What it was when read: size, modification time, identity, owner, links and a SHA-256 of the bytes. */
  readonly stat: { readonly size: number; readonly mtimeMs: number; readonly dev: number; readonly ino: number; readonly uid: number; readonly gid: number; readonly nlink: number };
  readonly sha256: string;
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
  if (code === 'ELOOP') return `${display}: too many levels of symbolic links`;
  return `cannot ${verb} ${display}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
}

/** What a path is when it is not a regular file, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const megabytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Reads a file whole, as bytes: regular files only (a FIFO would block, `/dev/zero` never ends), at most `max`
 * bytes (a file that grows while read is cut off with an error, not read forever).
 */
function readRegularFile(abs: string, display: string, max: number): { bytes: Buffer; st: Stats } {
  let st = statSync(abs);
  if (st.isDirectory()) throw new CliError(`${display} is a directory, not a file`);
  if (!st.isFile()) throw new CliError(`${display} is ${kindOf(st)}; backlog reads regular files only`);
  if (st.size > max) throw new CliError(`${display} is ${megabytes(st.size)}; backlog reads files up to ${megabytes(max)}`);
  // O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it does not wait for a writer.
  const fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    st = fstatSync(fd);
    if (!st.isFile()) throw new CliError(`${display} is ${kindOf(st)}; backlog reads regular files only`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > max) throw new CliError(`${display} is larger than ${megabytes(max)}; backlog reads files up to ${megabytes(max)}`);
    }
    return { bytes: Buffer.concat(chunks, total), st };
  } finally {
    closeSync(fd);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Reads a backlog file. Throws CliError for a missing file, a folder, a pipe or device, a file over the size cap, binary content or invalid UTF-8. */
export function readSourceFile(path: string, cwd: string): SourceFile {
  const abs = resolve(cwd, path);
  const display = displayPath(abs, cwd);
  let read: { bytes: Buffer; st: Stats };
  let realPath: string;
  try {
    read = readRegularFile(abs, display, MAX_FILE_BYTES);
    realPath = realpathSync(abs);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(ioMessage(error, display, 'read'));
  }
  const { bytes, st } = read;
  return {
    path: abs,
    display,
    text: decodeText(bytes, display),
    mode: st.mode & 0o7777,
    realPath,
    stat: { size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino, uid: st.uid, gid: st.gid, nlink: st.nlink },
    sha256: sha256(bytes),
  };
}

/** Refuses (CliError, nothing written) when the file on disk is no longer the one that was read. */
function assertUnchanged(file: SourceFile): void {
  let st: Stats;
  try {
    st = statSync(file.realPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${file.display} was deleted while backlog was working; nothing was written`);
    throw new CliError(ioMessage(error, file.display, 'check'));
  }
  const changed = () => new CliError(`${file.display} changed on disk while backlog was working; nothing was written (run the command again)`);
  if (!st.isFile() || st.size !== file.stat.size || st.mtimeMs !== file.stat.mtimeMs || st.ino !== file.stat.ino || st.dev !== file.stat.dev) throw changed();
  // Same size and time (an edit within the clock's resolution): compare the bytes' hash.
  if (sha256(readRegularFile(file.realPath, file.display, MAX_FILE_BYTES).bytes) !== file.sha256) throw changed();
}

/** Refuses a file this user may not write (a read-only file is refused before, even for root, who could). */
function assertWritable(file: SourceFile): void {
  try {
    accessSync(file.realPath, constants.W_OK);
  } catch (error) {
    throw new CliError(`${ioMessage(error, file.display, 'write')}; nothing was written`);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Replaces a file's content, refusing (CliError, nothing written) when it is read-only or when it changed on disk
 * since `file` was read (size, modification time, identity, SHA-256 of the bytes). The write goes through a symlink
 * to its target. Normally atomic: a temporary file in the target's folder gets the text, the mode, owner and group,
 * and is renamed over the target. A file with several hard links, or whose owner or group this user cannot give a
 * new file, is rewritten in place instead, so that the links and the ownership stay (not atomic: see docs/CLI.md).
 * The check and the rename are not one step: a change in the milliseconds between them is still replaced.
 */
export function writeSourceFile(file: SourceFile, text: string): void {
  if ((file.mode & 0o222) === 0) throw new CliError(`${file.display} is read-only; nothing was written (make it writable to let backlog change it)`);
  assertUnchanged(file);
  assertWritable(file);
  const bytes = Buffer.from(text, 'utf8');
  if (file.stat.nlink > 1) return writeInPlace(file, bytes);
  const target = file.realPath;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', file.mode);
    writeAll(fd, bytes);
    fchmodSync(fd, file.mode); // the umask may have dropped bits from openSync's mode
    try {
      fchownSync(fd, file.stat.uid, file.stat.gid);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'EINVAL') throw error;
      // Not ours to give away: write the file itself, which keeps its owner and group.
      closeSync(fd);
      fd = null;
      unlinkSync(tmp);
      return writeInPlace(file, bytes);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    assertUnchanged(file);
    renameSync(tmp, target);
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
      // never created, or renamed
    }
    if (error instanceof CliError) throw error;
    throw new CliError(ioMessage(error, file.display, 'write'));
  }
}

/** Overwrites the file itself (keeps its inode: hard links, owner, group, ACLs), then cuts it to the new length. */
function writeInPlace(file: SourceFile, bytes: Buffer): void {
  let fd: number | null = null;
  try {
    fd = openSync(file.realPath, 'r+');
    assertUnchanged(file);
    writeAll(fd, bytes);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(ioMessage(error, file.display, 'write'));
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Replaces a file's content atomically: writes a temporary file in the same folder, then renames it over the
 * original, keeping the permission bits. On any failure the original is untouched and the temporary file is removed.
 * Without the checks of writeSourceFile: for callers that have no SourceFile.
 */
export function writeFileAtomic(path: string, text: string, mode: number, display = path): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', mode);
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    fchmodSync(fd, mode); // the umask may have dropped bits from openSync's mode
    closeSync(fd);
    fd = null;
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

/** A `.backlog.jsonc` is a few lines; this much is a mistake (or `/dev/zero`). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and validates a `.backlog.jsonc`. A file that cannot be read is a CliError; invalid content is not. */
export function loadConfigFile(path: string, cwd: string): LoadedConfig {
  const display = displayPath(resolve(cwd, path), cwd);
  let text: string;
  try {
    const abs = resolve(cwd, path);
    text = decodeText(readRegularFile(abs, `config ${display}`, MAX_CONFIG_BYTES).bytes, `config ${display}`);
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

/**
 * Files under `root` (at any depth, without node_modules and .git) whose root-relative path matches. A loop with a
 * stack of folders, not recursion (a tree deeper than 64 folders was skipped, with a misleading "no files match").
 * Symlinked folders are not followed; a folder reached twice (a bind mount) is read once.
 */
function walk(root: string, matches: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack: { dir: string; rel: string }[] = [{ dir: root, rel: '' }];
  while (stack.length > 0) {
    const { dir, rel } = stack.pop()!;
    let entries: Dirent[];
    try {
      const st = statSync(dir);
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folders are skipped, as globbing tools do
    }
    const folders: { dir: string; rel: string }[] = [];
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
        if (!SKIP_DIRS.has(e.name)) folders.push({ dir: abs, rel: r });
      } else if (isFile && matches(r)) out.push(abs);
    }
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]);
  }
  return out;
}

/** Expands one glob (forward slashes, relative to `cwd` or absolute), case-insensitively, in linear time per path. */
export function globFiles(pattern: string, cwd: string): string[] {
  const scan = picomatch.scan(pattern.split(sep).join('/'));
  const root = resolve(cwd, scan.base || '.');
  // Extglobs (`@(a|b)`) only picomatch reads; everything else goes to the linear matcher.
  const isMatch = unsupportedGlobSyntax(scan.glob) ? picomatch(scan.glob, { nocase: true, dot: true }) : compileGlob(scan.glob);
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
