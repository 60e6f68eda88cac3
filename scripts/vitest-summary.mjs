// Runs vitest and ends with the plain line "N passed, N failed" that test-all.sh (and CI log readers) count.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const out = 'test-results/vitest.json';
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`], { stdio: 'inherit' });
let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(out, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numFailedTestSuites ?? 0);
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status ?? 1);
