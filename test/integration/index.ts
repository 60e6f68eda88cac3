// Mocha suite loader in the shape @vscode/test-electron (and scripts/e2e/run-integration.js) expects: the extension
// host require()s out/test/integration/index.js and awaits run(). Runs every *.test.js next to this file.
// Env MOCHA_GREP=<pattern> (set where code-server / VS Code is started) runs only matching tests.
/// <reference types="mocha" />
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000 });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // plain closing line for people and CI log readers
        console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (files.length === 0) reject(new Error(`no *.test.js files in ${__dirname}`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      console.log('0 passed, 1 failed');
      reject(err);
    }
  });
}
