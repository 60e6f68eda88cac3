// The linear glob matcher: the same answers as picomatch (nocase, dot) on the patterns people write, and no
// backtracking on many stars (issue #10: `*a*a*a*a*b.md` took 25 s per file name with picomatch).
import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs, unsupportedGlobSyntax } from './glob';

const PATTERNS = [
  '**/BACKLOG.md',
  'BACKLOG.md',
  'docs/*.md',
  '**/*backlog*.md',
  'a/**/b/*.md',
  '**/*.{md,markdown}',
  '**/[bB]acklog.md',
  '?acklog.md',
  '**',
  '**/*',
  'docs/**',
  '*/x/*.md',
  '**/a?c/**/*.md',
  '**/[a-m]*.md',
  '{docs,notes}/**/*.md',
  '**/.backlog/*.md',
];

describe('compileGlob', () => {
  it('agrees with picomatch on the usual patterns', () => {
    const part = fc.constantFrom('a', 'b', 'docs', 'notes', 'x', 'abc', 'BACKLOG.md', 'backlog.md', 'Backlog.md', 'my-backlog.md', '.backlog', 'b.markdown', 'x.txt', '.hidden.md', 'aXc');
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), fc.array(part, { minLength: 1, maxLength: 5 }), (pattern, parts) => {
        const path = parts.join('/');
        expect(compileGlob(pattern)(path), `${pattern} ~ ${path}`).toBe(picomatch(pattern, { nocase: true, dot: true })(path));
      }),
      { numRuns: 3000 },
    );
  });

  it('basename: a pattern without a slash matches the file name', () => {
    expect(compileGlob('BACKLOG.md', { basename: true })('a/b/backlog.md')).toBe(true);
    expect(compileGlob('docs/BACKLOG.md', { basename: true })('a/docs/BACKLOG.md')).toBe(false);
    expect(compileGlobs(['x.md', '**/BACKLOG.md'])('q/BACKLOG.md')).toBe(true);
    expect(compileGlob('!**/BACKLOG.md')('q/BACKLOG.md')).toBe(false);
  });

  it('many stars against a long name: no backtracking (25 s per name with picomatch)', () => {
    const match = compileGlob(`**/${'*a'.repeat(40)}*b.md`);
    expect(match(`x/${'a'.repeat(250)}.md`)).toBe(false);
    expect(match(`x/${'a'.repeat(250)}b.md`)).toBe(true);
  });

  it('says when a pattern needs extglobs', () => {
    expect(unsupportedGlobSyntax('**/@(a|b).md')).toMatch(/extglob/);
    expect(unsupportedGlobSyntax('**/*.md')).toBeNull();
  });
});
