#!/usr/bin/env node
// Integration tests in a downloaded desktop VS Code via @vscode/test-electron, for contributors WITH internet access.
// (Offline, use `npm run test:integration`, which runs the same compiled suite in code-server; see docs/TESTING.md.)
//
//   node scripts/test-electron.js [--workspace <fixture dir | file.code-workspace>]      (npm run test:electron)
// Without --workspace it runs what `npm run test:integration` runs: the single-folder suite on test/fixtures/integration,
// then the multi-root suite on test/fixtures/multiroot/multiroot.code-workspace (INTEGRATION_SUITE=folder|multiroot,
// see test/integration/index.ts), each in a fresh profile. A .code-workspace file is copied with its parent folder and
// the copied file is opened; it selects the multi-root suite. (Not run here: this machine has no internet.)
// Env: VSCODE_VERSION (default 'stable'; e.g. 1.90.0 = the engines minimum), MOCHA_GREP=<pattern>,
//      VSCODE_EXECUTABLE_PATH=<an installed VS Code binary> to skip the download.
// Downloads go to .e2e-cache/vscode-test (git-ignored). On a Linux box without a display run it under `xvfb-run -a`.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '..');

function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** [{ suite, source }]: the workspaces to test, a folder or a .code-workspace file each. */
function workspaces() {
  const i = process.argv.indexOf('--workspace');
  if (i > 0 && process.argv[i + 1]) {
    const source = path.resolve(process.argv[i + 1]);
    return [{ suite: /\.code-workspace$/i.test(source) ? 'multiroot' : 'folder', source }];
  }
  const integration = path.join(root, 'test', 'fixtures', 'integration');
  return [
    { suite: 'folder', source: fs.existsSync(integration) ? integration : path.join(root, 'test', 'fixtures', 'e2e') },
    { suite: 'multiroot', source: path.join(root, 'test', 'fixtures', 'multiroot', 'multiroot.code-workspace') },
  ];
}

async function runOne({ suite, source }) {
  // fresh copies: the committed fixture is never modified, and the profile does not leak between runs
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bac-electron-'));
  const isFile = /\.code-workspace$/i.test(source);
  const copy = path.join(tmp, 'ws');
  fs.cpSync(isFile ? path.dirname(source) : source, copy, { recursive: true });
  const workspace = isFile ? path.join(copy, path.basename(source)) : copy;   // a folder or the copied .code-workspace
  console.log(`integration suite '${suite}': ${workspace}`);
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      cachePath: path.join(root, '.e2e-cache', 'vscode-test'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index'),
      launchArgs: [
        workspace,
        '--disable-extensions',   // only the extension under development (built-ins stay)
        `--user-data-dir=${path.join(tmp, 'data')}`,
        `--extensions-dir=${path.join(tmp, 'ext')}`,
      ],
      extensionTestsEnv: { INTEGRATION_SUITE: suite, ...(process.env.MOCHA_GREP ? { MOCHA_GREP: process.env.MOCHA_GREP } : {}) },
    });
    fs.rmSync(tmp, { recursive: true, force: true });
    return 0;
  } catch (err) {
    console.error(`integration suite '${suite}' failed: ${err && err.message ? err.message : err} (profile and workspace kept in ${tmp})`);
    return 1;
  }
}

async function main() {
  step('npm', ['run', 'build']);
  step(process.execPath, ['scripts/e2e/build-integration.mjs']);
  let code = 0;
  for (const w of workspaces()) code = (await runOne(w)) || code;   // run every suite even if one fails
  return code;
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
