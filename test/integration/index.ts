// Mocha suite loader in the shape @vscode/test-electron (and scripts/e2e/run-integration.js) expects: the extension
// host require()s out/test/integration/index.js and awaits run(). Runs the *.test.js files next to this file that
// belong to the workspace being tested:
//   INTEGRATION_SUITE=folder (default)  every *.test.js except multiroot.test.js; workspace test/fixtures/integration
//   INTEGRATION_SUITE=multiroot         multiroot.test.js only; workspace test/fixtures/multiroot/multiroot.code-workspace
//   INTEGRATION_SUITE=workspace         workspace.test.js only; workspace test/fixtures/workspace (index, language features)
// Env MOCHA_GREP=<pattern> (set where code-server / VS Code is started) runs only matching tests.
/// <reference types="mocha" />
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const SUITES: Record<string, { files: (f: string) => boolean; folders: (n: number) => boolean; workspace: string }> = {
  folder: { files: (f) => f !== 'multiroot.test.js' && f !== 'workspace.test.js', folders: (n) => n === 1, workspace: 'one folder' },
  multiroot: { files: (f) => f === 'multiroot.test.js', folders: (n) => n >= 2, workspace: 'a multi-root workspace' },
  workspace: { files: (f) => f === 'workspace.test.js', folders: (n) => n === 1, workspace: 'one folder (test/fixtures/workspace)' },
};

export function run(): Promise<void> {
  const name = process.env.INTEGRATION_SUITE || 'folder';
  const suite = SUITES[name];
  const folders = vscode.workspace.workspaceFolders?.length ?? 0;
  // Fail fast and clearly when the runner opened the wrong kind of workspace for the selected suite.
  const problem = !suite
    ? `unknown INTEGRATION_SUITE=${name} (known: ${Object.keys(SUITES).join(', ')})`
    : !suite.folders(folders)
      ? `INTEGRATION_SUITE=${name} needs ${suite.workspace}, but ${folders} workspace folder(s) are open`
      : undefined;
  if (problem) {
    console.error(problem);
    console.log('0 passed, 1 failed');
    return Promise.reject(new Error(problem));
  }
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000 });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && suite.files(f)).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // plain closing line for people and CI log readers
        console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (files.length === 0) reject(new Error(`no ${name} *.test.js files in ${__dirname}`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      console.log('0 passed, 1 failed');
      reject(err);
    }
  });
}
