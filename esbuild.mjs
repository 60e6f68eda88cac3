// One build for every entry point. `node esbuild.mjs [--watch] [--production]`.
// The extension and the CLI are Node bundles with `vscode` external; the board is a browser IIFE.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { copyCodicons } from './scripts/copy-codicons.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };
// 'module' first: jsonc-parser's UMD main cannot be bundled (dynamic requires), its ESM build can.
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] };

const builds = [
  // The extension and, in worker threads, the workspace index's and the forecast's workers (src/extension/main.ts).
  { ...node, entryPoints: { extension: 'src/extension/main.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { cli: 'src/cli/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The servers: separate bundles that dist/cli.js loads only for `backlog lsp` / `backlog mcp` (docs/EDITORS.md, AGENTS.md).
  { ...node, entryPoints: { lsp: 'src/lsp/server.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { mcp: 'src/mcp/server.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { bench: 'test/bench/bench.ts' }, outdir: 'dist', external: ['markdownlint'] },
  { ...node, entryPoints: { 'bench-workspace': 'test/bench/workspace.ts' }, outdir: 'dist' },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { board: 'src/webview/board.ts' }, outdir: 'media/dist' },
].filter((b) => Object.values(b.entryPoints).every((f) => existsSync(f)));

// The board webview may load files from media/ only: copy the codicon font and stylesheet there.
copyCodicons();

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
