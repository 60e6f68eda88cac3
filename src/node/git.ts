// A thin adapter over the real `git` executable, for the CLI and the extension: the commits that touched a file and
// the file's text at any revision. Runs `git` with execFile/spawn (never a shell, so no quoting of paths or refs), with
// the file's folder as working directory: relative pathspecs then resolve the way the user means them, whatever
// symbolic links lie above the repository. The parsing of what git returns lives here; what the text means is the
// core's business (src/core/history.ts, src/core/forecast.ts).
import { execFile, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

/** What went wrong, for messages and tests; `message` is one sentence for the user. */
export type GitErrorKind = 'git-missing' | 'not-a-repository' | 'unknown-revision' | 'not-in-revision' | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** One commit that touched the file, newest first as `git log` lists them. */
export interface FileCommit {
  /** Full commit hash. */
  readonly commit: string;
  /** Committer date, strict ISO 8601 with the committer's offset (`2026-10-16T17:02:11+02:00`). */
  readonly date: string;
  /** Author date, same format. */
  readonly authorDate: string;
  readonly subject: string;
  /** The file's path at this commit, relative to the repository root with forward slashes (renames followed). */
  readonly path: string;
}

/** The file's text at one commit; `text` is null when the commit deleted the file. */
export interface FileRevision extends FileCommit {
  readonly text: string | null;
}

export interface FileHistory {
  /** Absolute path of the repository's top-level folder. */
  readonly root: string;
  /** Newest first. Empty when the file is in a repository but was never committed. */
  readonly revisions: readonly FileRevision[];
}

export interface GitOptions {
  /** The executable; default `git` from PATH. */
  readonly git?: string;
  /** Extra environment (tests). */
  readonly env?: NodeJS.ProcessEnv;
}

// Output of `git log` and `git cat-file` can be large for a long history of a big backlog.
const MAX_BUFFER = 512 * 1024 * 1024;

interface RunResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs git with arguments (no shell). Rejects only when git cannot be started. */
function run(args: readonly string[], cwd: string, options: GitOptions, input?: string): Promise<RunResult> {
  const git = options.git ?? 'git';
  // LC_ALL=C: messages we match are English; GIT_OPTIONAL_LOCKS=0: reading must never take the index lock.
  const env = { ...process.env, ...options.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
  return new Promise((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && (error as { path?: string }).path === git) {
        reject(new GitError('git-missing', `git is not installed or not on the PATH (looked for "${git}")`));
      } else if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
        reject(new GitError('failed', `cannot run git in ${cwd}: the folder does not exist`));
      } else reject(new GitError('failed', `cannot run git: ${error.message.split('\n')[0]}`));
    };
    if (input === undefined) {
      execFile(git, args, { cwd, env, encoding: 'buffer', maxBuffer: MAX_BUFFER, windowsHide: true }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0;
        if (error && code === null) {
          if ((error as NodeJS.ErrnoException).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            reject(new GitError('failed', `git ${args[0]} printed more than ${MAX_BUFFER / 1024 / 1024} MB`));
          } else onError(error as NodeJS.ErrnoException);
          return;
        }
        resolvePromise({ code: code ?? 0, stdout, stderr: stderr.toString('utf8') });
      });
      return;
    }
    // `git cat-file --batch` reads its requests from stdin.
    const child = spawn(git, args, { cwd, env, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', onError);
    child.stdin.on('error', () => {
      // git exited early; its exit code and stderr say why
    });
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input);
  });
}

const firstLine = (s: string) => s.trim().split('\n')[0] ?? '';

/**
 * The top-level folder of the repository that holds `path` (a file or folder, which need not exist yet), or null
 * when it is not inside a git work tree. Throws GitError('git-missing') when git cannot be run.
 */
export async function repositoryRoot(path: string, options: GitOptions = {}): Promise<string | null> {
  const dir = await existingFolder(resolve(path));
  const r = await run(['rev-parse', '--show-toplevel'], dir, options);
  if (r.code !== 0) return null; // "not a git repository" (or a bare repository / .git folder: no work tree)
  const root = r.stdout.toString('utf8').trim();
  return root === '' ? null : root;
}

/** The nearest existing folder at or above `path` (git needs a real working directory). */
async function existingFolder(path: string): Promise<string> {
  let p = path;
  for (;;) {
    try {
      if ((await stat(p)).isDirectory()) return p;
    } catch {
      // missing: go up
    }
    const parent = dirname(p);
    if (parent === p) return p;
    p = parent;
  }
}

/**
 * The commits that touched `file`, newest first, following renames (`git log --follow`). null when the file is not
 * inside a git work tree; an empty list when it is but was never committed.
 */
export async function fileLog(file: string, options: GitOptions & { readonly maxCount?: number } = {}): Promise<{ root: string; commits: FileCommit[] } | null> {
  const abs = resolve(file);
  const root = await repositoryRoot(abs, options);
  if (root === null) return null;
  const cwd = dirname(abs);
  // Records: RS hash US committer-date US author-date US subject NUL LF path NUL (with -z and --name-only).
  const args = ['log', '--follow', '-z', '--name-only', '--no-color', '--format=%x1e%H%x1f%cI%x1f%aI%x1f%s'];
  if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
  args.push('--', basename(abs));
  const r = await run(args, cwd, options);
  if (r.code !== 0) {
    const message = firstLine(r.stderr);
    // A repository without any commit yet: nothing to follow.
    if (/does not have any commits yet|bad default revision 'HEAD'|unknown revision or path/.test(message)) return { root, commits: [] };
    throw new GitError('failed', `git log failed for ${file}: ${message}`);
  }
  return { root, commits: parseLog(r.stdout.toString('utf8')) };
}

/** Parses the `-z --name-only` output of fileLog. Exported for tests. */
export function parseLog(out: string): FileCommit[] {
  const commits: FileCommit[] = [];
  let lastPath = '';
  // Oldest last: a merge commit may list no name; it keeps the path of the commit before it in time. Walk from the end.
  const records = out.split('\x1e').filter((r) => r !== '');
  const parsed = records.map((record) => {
    const nul = record.indexOf('\0');
    const header = nul === -1 ? record : record.slice(0, nul);
    const rest = nul === -1 ? '' : record.slice(nul + 1);
    const [commit = '', date = '', authorDate = '', ...subject] = header.split('\x1f');
    const names = rest.replace(/^\n/, '').split('\0').filter((n) => n !== '');
    return { commit: commit.trim(), date, authorDate, subject: subject.join('\x1f'), path: names[0] ?? '' };
  });
  for (let i = parsed.length - 1; i >= 0; i--) {
    const p = parsed[i];
    if (p.path === '') p.path = lastPath;
    lastPath = p.path;
  }
  for (const p of parsed) if (p.commit !== '') commits.push(p);
  return commits;
}

/**
 * The text of each `{ commit, path }` (root-relative path), read in one `git cat-file --batch` process rather than one
 * `git show REV:path` per revision. null for a blob that does not exist (the commit deleted the file).
 */
export async function readBlobs(root: string, specs: readonly { readonly commit: string; readonly path: string }[], options: GitOptions = {}): Promise<(string | null)[]> {
  if (specs.length === 0) return [];
  for (const s of specs) if (/[\n\r]/.test(s.path)) throw new GitError('failed', `cannot read a path with a line break through git cat-file: ${JSON.stringify(s.path)}`);
  const input = specs.map((s) => `${s.commit}:${s.path}\n`).join('');
  const r = await run(['cat-file', '--batch'], root, options, input);
  if (r.code !== 0) throw new GitError('failed', `git cat-file failed: ${firstLine(r.stderr)}`);
  const out = r.stdout;
  const texts: (string | null)[] = [];
  let pos = 0;
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < specs.length; i++) {
    const eol = out.indexOf(0x0a, pos);
    if (eol === -1) throw new GitError('failed', 'git cat-file stopped early');
    const header = out.toString('utf8', pos, eol);
    pos = eol + 1;
    if (/ missing$| ambiguous$/.test(header)) {
      texts.push(null);
      continue;
    }
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) throw new GitError('failed', `unexpected answer from git cat-file: ${header}`);
    const size = Number(m[3]);
    texts.push(m[2] === 'blob' ? decoder.decode(out.subarray(pos, pos + size)) : null);
    pos += size + 1; // contents, then LF
  }
  return texts;
}

/**
 * Every committed revision of `file`, newest first, each with its text (renames followed). null when the file is not
 * in a git work tree. The working tree's unsaved or uncommitted state is not part of it.
 */
export async function fileHistory(file: string, options: GitOptions & { readonly maxCount?: number } = {}): Promise<FileHistory | null> {
  const log = await fileLog(file, options);
  if (log === null) return null;
  const texts = await readBlobs(log.root, log.commits, options);
  return { root: log.root, revisions: log.commits.map((c, i) => ({ ...c, text: texts[i] })) };
}

/**
 * The full hash a revision names (`HEAD`, `main`, `v1.2`, `HEAD~3`, a short hash), in the repository holding
 * `path`. Throws GitError: 'not-a-repository', or 'unknown-revision' with a sentence naming the revision.
 */
export async function resolveRevision(path: string, revision: string, options: GitOptions = {}): Promise<string> {
  const root = await repositoryRoot(path, options);
  if (root === null) throw new GitError('not-a-repository', `${path} is not inside a git repository`);
  if (revision.startsWith('-')) throw new GitError('unknown-revision', `unknown revision "${revision}"`);
  const r = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], root, options);
  const hash = r.stdout.toString('utf8').trim();
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(hash)) throw new GitError('unknown-revision', `unknown revision "${revision}" (not a branch, tag or commit of ${root})`);
  return hash;
}

/**
 * The text of `file` (a path in the work tree, as the user names it) at `revision` (`git show REV:./path`).
 * Throws GitError: 'not-a-repository', 'unknown-revision', or 'not-in-revision' when the file did not exist there.
 */
export async function showFile(file: string, revision: string, options: GitOptions = {}): Promise<string> {
  const abs = resolve(file);
  const commit = await resolveRevision(abs, revision, options);
  // `./name` is relative to the working directory, which is the file's folder: no root-relative path to compute.
  const r = await run(['show', '--no-color', '--no-textconv', `${commit}:./${basename(abs)}`], dirname(abs), options);
  if (r.code !== 0) throw new GitError('not-in-revision', `${basename(abs)} does not exist at ${revision} (${commit.slice(0, 7)})`);
  return new TextDecoder('utf-8').decode(r.stdout);
}

/** What a "compare with" picker offers: branches (local, then remote), tags, and the latest commits. */
export interface RevisionChoices {
  /** The checked-out branch, or null on a detached HEAD. */
  readonly currentBranch: string | null;
  /** Local branches, then remote-tracking ones (`origin/main`), most recently committed first. */
  readonly branches: readonly string[];
  /** Most recently created or committed first. */
  readonly tags: readonly string[];
  /** The latest commits of HEAD, newest first. */
  readonly commits: readonly { readonly hash: string; readonly subject: string; readonly date: string }[];
}

/**
 * Branches, tags and the latest `maxCommits` commits of the repository holding `path`, for a revision picker.
 * Throws GitError('not-a-repository') outside a repository.
 */
export async function listRevisions(path: string, options: GitOptions & { readonly maxCommits?: number } = {}): Promise<RevisionChoices> {
  const root = await repositoryRoot(path, options);
  if (root === null) throw new GitError('not-a-repository', `${path} is not inside a git repository`);
  const refs = await run(['for-each-ref', '--sort=-creatordate', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags'], root, options);
  if (refs.code !== 0) throw new GitError('failed', `git for-each-ref failed: ${firstLine(refs.stderr)}`);
  const names = refs.stdout.toString('utf8').split('\n').filter((n) => n !== '');
  const local = names.filter((n) => n.startsWith('refs/heads/')).map((n) => n.slice('refs/heads/'.length));
  // `origin/HEAD` is an alias of a remote branch, not a choice of its own.
  const remote = names.filter((n) => n.startsWith('refs/remotes/') && !n.endsWith('/HEAD')).map((n) => n.slice('refs/remotes/'.length));
  const tags = names.filter((n) => n.startsWith('refs/tags/')).map((n) => n.slice('refs/tags/'.length));
  const head = await run(['symbolic-ref', '--quiet', '--short', 'HEAD'], root, options);
  const currentBranch = head.code === 0 ? head.stdout.toString('utf8').trim() || null : null;
  const log = await run(['log', `--max-count=${options.maxCommits ?? 20}`, '-z', '--no-color', '--format=%H%x1f%cI%x1f%s'], root, options);
  // A repository without commits has no log: no commits to offer.
  const commits =
    log.code !== 0
      ? []
      : log.stdout
          .toString('utf8')
          .split('\0')
          .filter((r) => r.trim() !== '')
          .map((r) => {
            const [hash = '', date = '', ...subject] = r.replace(/^\n/, '').split('\x1f');
            return { hash, date, subject: subject.join('\x1f') };
          });
  return { currentBranch, branches: [...local, ...remote], tags, commits };
}
