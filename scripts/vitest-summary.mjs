// Runs vitest and ends with the plain line "N passed, N failed" that test-all.sh (and CI log readers) count.
// Extra arguments go to vitest (`node scripts/vitest-summary.mjs -c vitest.servers.config.mts test/mcp`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const out = `test-results/vitest${args.length ? `-${args.join('-').replace(/[^\w.-]+/g, '_')}` : ''}.json`;
mkdirSync('test-results', { recursive: true });
const r = spawnSync('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile=${out}`], { stdio: 'inherit' });
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
