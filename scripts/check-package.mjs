// Builds the .vsix (`npm run package`) and checks what is inside: the files the extension needs, no dev files
// (sources, tests, source maps, node_modules), and a size budget. Prints "N passed, N failed" for scripts/test-all.sh.
import { execFileSync, execSync } from 'node:child_process';
import { statSync } from 'node:fs';

const VSIX = 'backlog-as-code.vsix';
const BUDGET_KB = 400;
let passed = 0;
let failed = 0;
const check = (name, ok, detail = '') => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `: ${detail}` : ''}`);
};

try {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
  } catch {
    // A fresh Debian machine has no unzip: install it (scripts here run as root, see README).
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip', { stdio: 'ignore' });
  }
  execSync('npm run --silent package', { stdio: ['ignore', 'ignore', 'inherit'] });
  const names = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const kb = statSync(VSIX).size / 1024;
  for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/media/dist/board.js', 'extension/media/board.css',
    'extension/media/dist/codicons/codicon.ttf', 'extension/syntaxes/backlog.injection.tmLanguage.json', 'extension/readme.md']) {
    check(`contains ${f}`, names.includes(f));
  }
  check('contains the rule docs', names.some((n) => n.startsWith('extension/docs/rules/')));
  const dev = names.filter((n) => /\.map$|^extension\/(src|test|node_modules|scripts|\.e2e-cache)\//.test(n));
  check('no dev files (sources, tests, source maps, node_modules)', dev.length === 0, dev.slice(0, 5).join(', '));
  check(`size under ${BUDGET_KB} KB`, kb < BUDGET_KB, `${kb.toFixed(0)} KB, ${names.length} files`);
  console.log(`${VSIX}: ${kb.toFixed(0)} KB, ${names.length} files`);
} catch (e) {
  check('npm run package', false, e instanceof Error ? e.message.split('\n')[0] : String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
