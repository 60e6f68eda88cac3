// Start-up time of `backlog lsp --stdio` and `backlog mcp`: from spawning `node dist/cli.js ...` to the answer to the
// protocol's first request (LSP `initialize`, MCP `initialize`), median of N runs; and the bundle sizes.
//   node esbuild.mjs [--production] && node scripts/server-startup.mjs [runs]
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 7);
const cli = join(root, 'dist', 'cli.js');

/** Spawns the server, sends one JSON-RPC request with the given framing, resolves with ms until the response. */
function once(args, request, frame) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('"id":1')) {
        const ms = performance.now() - t0;
        child.kill();
        resolve(ms);
      }
    });
    child.on('error', reject);
    child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, ...request })));
  });
}

const lspFrame = (body) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const mcpFrame = (body) => `${body}\n`;
const servers = [
  ['cli --version', ['--version'], null],
  ['lsp', ['lsp', '--stdio'], [{ method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }, lspFrame]],
  ['mcp', ['mcp'], [{ method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'startup', version: '1' } } }, mcpFrame]],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, args, request] of servers) {
  if (request && !existsSync(join(root, 'dist', `${name}.js`))) {
    console.log(`${name}: dist/${name}.js is not built`);
    continue;
  }
  const times = [];
  for (let i = 0; i < runs; i++) {
    if (request) times.push(await once(args, ...request));
    else {
      const t0 = performance.now();
      await new Promise((r) => spawn(process.execPath, [cli, ...args], { stdio: 'ignore' }).on('exit', r));
      times.push(performance.now() - t0);
    }
  }
  const bundle = join(root, 'dist', `${name.split(' ')[0]}.js`);
  const size = existsSync(bundle) ? `${(statSync(bundle).size / 1024).toFixed(0)} KB` : 'not built';
  console.log(`${name.padEnd(14)} bundle ${size.padStart(8)}   start-up median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, ${runs} runs)`);
}
