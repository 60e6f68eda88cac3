// Glob matching for the settings (`backlogAsCode.files`, `mentions.files`, `mentions.exclude`): compiled once per
// setting value, with the core's linear matcher (picomatch's regular expressions took seconds per file for a glob
// with many `*`, issue #10). Extglobs (`@(a|b)`), which only picomatch reads, still go to picomatch.
import picomatch from 'picomatch';
import { compileGlob, unsupportedGlobSyntax } from '../core/glob';

const cache = new Map<string, (path: string) => boolean>();

/** Whether any of `globs` matches `path` (case-insensitive, dot files included); `basename` as picomatch's. */
export function matchesAnyGlob(globs: readonly string[], path: string, options: { basename?: boolean } = {}): boolean {
  const key = `${options.basename ? 'b' : 'p'}\0${globs.join('\0')}`;
  let match = cache.get(key);
  if (!match) {
    if (cache.size > 64) cache.clear();
    const basename = options.basename === true;
    const each = globs.map((g) => (unsupportedGlobSyntax(g) ? picomatch(g, { nocase: true, dot: true, basename }) : compileGlob(g, { basename })));
    match = (p) => each.some((m) => m(p));
    cache.set(key, match);
  }
  return match(path);
}
