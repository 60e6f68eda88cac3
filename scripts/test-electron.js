#!/usr/bin/env node
// Integration tests in a downloaded desktop VS Code via @vscode/test-electron, for contributors WITH internet access.
// (Offline, use `npm run test:integration`, which runs the same compiled suite in code-server; see docs/TESTING.md.)
//
//   node scripts/test-electron.js [--workspace <fixture dir>]      (npm run test:electron)
// The workspace defaults to test/fixtures/integration (what `npm run test:integration` opens), else test/fixtures/e2e.
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

function workspaceFixture() {
  const i = process.argv.indexOf('--workspace');
  if (i > 0 && process.argv[i + 1]) return path.resolve(process.argv[i + 1]);
  const integration = path.join(root, 'test', 'fixtures', 'integration');
  return fs.existsSync(integration) ? integration : path.join(root, 'test', 'fixtures', 'e2e');
}

async function main() {
  step('npm', ['run', 'build']);
  step(process.execPath, ['scripts/e2e/build-integration.mjs']);

  // fresh copies: the committed fixture is never modified, and the profile does not leak between runs
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bac-electron-'));
  const workspace = path.join(tmp, 'ws');
  fs.cpSync(workspaceFixture(), workspace, { recursive: true });
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
      extensionTestsEnv: process.env.MOCHA_GREP ? { MOCHA_GREP: process.env.MOCHA_GREP } : undefined,
    });
    fs.rmSync(tmp, { recursive: true, force: true });
    return 0;
  } catch (err) {
    console.error(`integration tests failed: ${err && err.message ? err.message : err} (profile and workspace kept in ${tmp})`);
    return 1;
  }
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
