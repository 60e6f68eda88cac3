#!/usr/bin/env node
// Prints the scopes of every token of a markdown file (or of stdin) with the test grammars, for writing and
// debugging the grammar tests:  node test/grammar/tokenize.mjs FILE [--no-injection]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));

/** A vscode-textmate registry with the grammars of test/grammar/grammars.json (as vscode-tmgrammar-test loads them). */
export function createRegistry({ injection = true } = {}) {
  const { createRegistry: create } = require('vscode-tmgrammar-test/dist/common/index.js');
  const config = JSON.parse(readFileSync(resolve(HERE, 'grammars.json'), 'utf8'));
  const grammars = config.contributes.grammars
    .filter((g) => injection || !g.injectTo)
    .map((g) => ({ ...g, path: resolve(HERE, g.path) }));
  const warn = console.warn;
  console.warn = (msg, ...rest) => (/^grammar not found/.test(String(msg)) ? undefined : warn(msg, ...rest));
  return create(grammars);
}

export async function tokenizeLines(registry, lines) {
  const grammar = await registry.loadGrammar('text.html.markdown');
  let stack = null;
  const out = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    out.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const text = readFileSync(file ?? 0, 'utf8');
  const registry = createRegistry({ injection: !process.argv.includes('--no-injection') });
  const lines = text.split(/\r?\n/);
  const tokens = await tokenizeLines(registry, lines);
  tokens.forEach((line, i) => {
    console.log(`${i + 1}: ${lines[i]}`);
    for (const t of line) console.log(`    ${JSON.stringify(t.text).padEnd(28)} ${t.scopes.slice(1).join(' ')}`);
  });
}
