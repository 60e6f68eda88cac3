// Bundle every test/integration/*.ts to out/test/integration/*.js (node, cjs) for the extension host.
// `vscode` is provided by the extension host; `mocha` stays external and is require()d at run time from the repo's
// node_modules (out/test/integration/ → ../../../node_modules), which is how the extension host resolves it.
// Usage: node scripts/e2e/build-integration.mjs [srcDir=test/integration] [outDir=out/test/integration]
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const srcDir = process.argv[2] ?? 'test/integration';
const outdir = process.argv[3] ?? 'out/test/integration';
const entryPoints = readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => join(srcDir, f));
if (entryPoints.length === 0) throw new Error(`no .ts files in ${srcDir}`);
rmSync(outdir, { recursive: true, force: true });   // no stale *.test.js from deleted sources
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`built ${entryPoints.length} integration file(s) into ${outdir}`);
