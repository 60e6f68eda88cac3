// Copies the codicon stylesheet and font into media/dist/codicons/ for the board webview (the webview may only load
// files under the extension's media folder). `node scripts/copy-codicons.mjs [outDir]`; esbuild.mjs calls it.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Copies codicon.css and codicon.ttf into `outDir` (default media/dist/codicons). Returns the folder. */
export function copyCodicons(outDir = join(root, 'media', 'dist', 'codicons')) {
  const require = createRequire(join(root, 'package.json'));
  const dist = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync(outDir, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(dist, f), join(outDir, f));
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = copyCodicons(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`codicons → ${out}`);
}
