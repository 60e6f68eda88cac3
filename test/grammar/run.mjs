#!/usr/bin/env node
// `npm run test:grammar`: tests of the backlog injection grammar (syntaxes/backlog.injection.tmLanguage.json).
//  1. the committed grammar is what test/grammar/generate-grammar.mjs generates;
//  2. every rule compiles with Oniguruma, every scope we add ends in `.backlog` (or restores a markdown scope), and
//     the keyword lists agree with the parser's vocabulary;
//  3. the syntax tests test/grammar/*.test.md, run by vscode-tmgrammar-test against VS Code's markdown grammar
//     (from the tm-grammars dev dependency) with the injection, one test per assertion;
//  4. prose.md: ordinary markdown that must get no `.backlog` scope at all;
//     3 and 4 again with VS Code's own engine and markdown grammar when the integration tests' code-server is there;
//  5. speed: a large backlog + prose document tokenizes within a bound, and not much slower than without us.
// Prints `grammar: N passed, N failed` and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAMMAR_PATH, grammarText } from './generate-grammar.mjs';
import { createRegistry, tokenizeLines } from './tokenize.mjs';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
let passed = 0;
let failed = 0;
const ok = (name) => {
  passed++;
  console.log(`✓ ${name}`);
};
const fail = (name, detail) => {
  failed++;
  console.log(`✖ ${name}${detail ? `\n    ${String(detail).replace(/\n/g, '\n    ')}` : ''}`);
};

// 1. generated grammar is current
if (readFileSync(GRAMMAR_PATH, 'utf8') === grammarText()) ok('grammar JSON matches generate-grammar.mjs');
else fail('grammar JSON matches generate-grammar.mjs', 'stale: run `node test/grammar/generate-grammar.mjs`');

// 2. regexes compile; scope names
const grammar = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
{
  const onig = require('vscode-oniguruma');
  const wasm = readFileSync(require.resolve('vscode-oniguruma').replace(/main\.js$/, 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const regexes = [];
  const names = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const key of ['match', 'begin', 'end', 'while']) if (typeof node[key] === 'string') regexes.push(node[key]);
    for (const key of ['name', 'contentName']) if (typeof node[key] === 'string') node[key].split(/\s+/).forEach((n) => names.add(n));
    Object.values(node).forEach(walk);
  };
  walk(grammar.patterns);
  walk(grammar.repository);
  const bad = [];
  for (const re of regexes) {
    try {
      new onig.OnigScanner([re]).dispose();
    } catch (e) {
      bad.push(`${e.message}: ${re.slice(0, 120)}`);
    }
  }
  if (bad.length === 0) ok(`all ${regexes.length} regexes compile with Oniguruma`);
  else fail('all regexes compile with Oniguruma', bad.join('\n'));
  const restored = new Set(['markup.bold.markdown', 'punctuation.definition.bold.markdown']);
  const foreign = [...names].filter((n) => !n.endsWith('.backlog') && !restored.has(n));
  if (foreign.length === 0) ok(`all ${names.size} scope names end in .backlog (or restore markdown's bold)`);
  else fail('scope names end in .backlog', foreign.join(', '));
  if (grammar.scopeName === 'text.backlog.injection' && /^L:text\.html\.markdown\b/.test(grammar.injectionSelector)) ok('scopeName and injectionSelector');
  else fail('scopeName and injectionSelector', `${grammar.scopeName} / ${grammar.injectionSelector}`);
}

// 2b. the keyword lists agree with the parser's vocabulary (src/core/vocabulary.ts): nothing is coloured as a field,
// status, priority tier, criteria label or statement keyword that the parser would not read as one.
{
  const { buildSync } = require('esbuild');
  const { VOCABULARY: V } = await import('./generate-grammar.mjs');
  const out = buildSync({ entryPoints: [resolve(ROOT, 'src/core/vocabulary.ts')], bundle: true, format: 'esm', write: false, platform: 'node' });
  const voc = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  const bad = [];
  for (const [kind, keys] of Object.entries(V.FIELD_KEYS)) {
    const want = kind === 'depends-on' ? 'dependsOn' : kind;
    for (const k of keys) if (voc.fieldKindOf(k) !== want) bad.push(`field key "${k}": parser ${voc.fieldKindOf(k)}, grammar ${want}`);
  }
  // statusKindOf drops a trailing colon, so a lone :shortcode: is read only with a word after it (`:x: open`).
  const status = (w) => voc.statusKindOf(w) ?? voc.statusKindOf(`${w} (x)`);
  for (const [kind, words] of [...Object.entries(V.STATUS_WORDS), ...Object.entries(V.STATUS_SYMBOLS)]) {
    for (const w of words) if (status(w) !== kind) bad.push(`status "${w}": parser ${status(w)}, grammar ${kind}`);
  }
  for (const [tier, words] of Object.entries(V.PRIORITY_WORDS)) {
    for (const w of words) if (voc.bucketOf(w) !== tier) bad.push(`priority "${w}": parser ${voc.bucketOf(w)}, grammar ${tier}`);
  }
  for (const l of V.CRITERIA_LABELS) if (!voc.CRITERIA_LABEL.test(voc.normaliseWord(l))) bad.push(`criteria label "${l}": not the parser's`);
  const languages = new Map(voc.STATEMENT_LANGUAGES.map((l) => [l.code, l]));
  for (const g of V.STATEMENT_GROUPS) {
    for (const part of ['role', 'want', 'benefit']) {
      const words = part === 'benefit' ? [...g.benefit, ...g.benefitAfterComma] : g[part];
      for (const w of words) {
        if (!g.code.split('-').some((c) => new RegExp(`^(?:${languages.get(c)[part]})$`, 'iu').test(w))) bad.push(`${g.code} ${part} "${w}": not the parser's`);
      }
    }
  }
  if (bad.length === 0) ok('keywords agree with the parser (src/core/vocabulary.ts)');
  else fail('keywords agree with the parser (src/core/vocabulary.ts)', bad.join('\n'));
}

// 3. syntax tests with vscode-tmgrammar-test
{
  const { parseGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/index.js');
  const files = readdirSync(HERE).filter((f) => f.endsWith('.test.md')).sort();
  let assertions = 0;
  for (const f of files) {
    const tc = parseGrammarTestCase(readFileSync(resolve(HERE, f), 'utf8'));
    assertions += tc.assertions.reduce((n, a) => n + a.scopeAssertions.length, 0);
  }
  const bin = require.resolve('vscode-tmgrammar-test/dist/unit.js');
  const rel = relative(ROOT, HERE);
  const run = spawnSync(process.execPath, [bin, '--config', `${rel}/grammars.json`, `${rel}/*.test.md`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  // The markdown grammar embeds ~50 languages we do not load: drop vscode-textmate's "grammar not found" noise.
  const output = `${run.stdout}${run.stderr}`.split('\n').filter((l) => !/^grammar not found for/.test(l)).join('\n');
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  const failures = (output.match(/^\s+at \[/gm) ?? []).length;
  const broken = (output.match(/can't parse testcase|aborted due to an error|no test cases found/g) ?? []).length;
  passed += Math.max(0, assertions - failures);
  failed += failures + broken;
  if (run.status !== 0 && failures + broken === 0) failed++;
  console.log(`syntax tests: ${files.length} files, ${assertions} assertions, ${failures} failed${broken ? `, ${broken} files broken` : ''} (exit ${run.status})`);
}

// 4. prose.md gets no backlog scope
async function proseCheck(registry, engine) {
  const lines = readFileSync(resolve(HERE, 'prose.md'), 'utf8').split(/\r?\n/);
  const tokens = await tokenizeLines(registry, lines);
  const hits = [];
  tokens.forEach((line, i) =>
    line.forEach((t) => {
      const s = t.scopes.filter((x) => x.endsWith('.backlog'));
      if (s.length) hits.push(`prose.md:${i + 1} ${JSON.stringify(t.text)} ${s.join(' ')}`);
    }),
  );
  if (hits.length === 0) ok(`prose.md (${lines.length} lines of ordinary markdown) gets no .backlog scope (${engine})`);
  else fail(`prose.md gets no .backlog scope (${engine})`, hits.join('\n'));
}
await proseCheck(createRegistry(), 'tm-grammars markdown');

// 4b. The same syntax tests and prose check with the VS Code that the integration tests install (its own
// vscode-textmate and markdown grammar), when it is there: the engine and grammar users actually run.
{
  const vscode = await vscodeRegistry();
  if (!vscode) console.log('- VS Code cross-check skipped: no code-server in .e2e-cache (npm run test:integration installs it)');
  else {
    const { parseGrammarTestCase, runGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/index.js');
    let assertions = 0;
    const failures = [];
    for (const f of readdirSync(HERE).filter((x) => x.endsWith('.test.md')).sort()) {
      const tc = parseGrammarTestCase(readFileSync(resolve(HERE, f), 'utf8'));
      assertions += tc.assertions.reduce((n, a) => n + a.scopeAssertions.length, 0);
      for (const x of await runGrammarTestCase(vscode.registry, tc)) {
        failures.push(`${f}:${x.line + 1}:${x.start + 1} missing [${x.missing.join(' ')}] prohibited [${x.unexpected.join(' ')}] actual [${(x.actual ?? []).join(' ')}]`);
      }
    }
    passed += assertions - failures.length;
    failed += failures.length;
    console.log(`${failures.length ? '✖' : '✓'} syntax tests with ${vscode.name}: ${assertions} assertions, ${failures.length} failed`);
    for (const f of failures) console.log(`    ${f}`);
    await proseCheck(vscode.registry, vscode.name);
  }
}

/** A registry on the VS Code under .e2e-cache (vscode-textmate, markdown, HTML and YAML grammars), or null. */
async function vscodeRegistry() {
  const VS = resolve(ROOT, '.e2e-cache/code-server/node_modules/code-server/lib/vscode');
  const grammars = {
    'text.html.markdown': 'extensions/markdown-basics/syntaxes/markdown.tmLanguage.json',
    'text.html.derivative': 'extensions/html/syntaxes/html-derivative.tmLanguage.json',
    'text.html.basic': 'extensions/html/syntaxes/html.tmLanguage.json',
    'source.yaml': 'extensions/yaml/syntaxes/yaml.tmLanguage.json',
    'source.yaml.1.2': 'extensions/yaml/syntaxes/yaml-1.2.tmLanguage.json',
    'source.yaml.embedded': 'extensions/yaml/syntaxes/yaml-embedded.tmLanguage.json',
  };
  let tm;
  let onig;
  try {
    tm = require(`${VS}/node_modules/vscode-textmate`);
    onig = require(`${VS}/node_modules/vscode-oniguruma`);
    readFileSync(resolve(VS, grammars['text.html.markdown']));
  } catch {
    return null;
  }
  const wasm = readFileSync(`${VS}/node_modules/vscode-oniguruma/release/onig.wasm`);
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).catch(() => undefined);
  const paths = { ...Object.fromEntries(Object.entries(grammars).map(([k, v]) => [k, resolve(VS, v)])), 'text.backlog.injection': GRAMMAR_PATH };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
    loadGrammar: async (scope) => (paths[scope] ? tm.parseRawGrammar(readFileSync(paths[scope], 'utf8'), paths[scope]) : null),
    getInjections: (scope) => (scope === 'text.html.markdown' ? ['text.backlog.injection'] : []),
  });
  const version = (p) => JSON.parse(readFileSync(p, 'utf8')).version;
  return { registry, name: `VS Code ${version(`${VS}/package.json`)} (vscode-textmate ${version(`${VS}/node_modules/vscode-textmate/package.json`)})` };
}

// 5. speed
{
  const backlog = readFileSync(resolve(HERE, 'sample-backlog.md'), 'utf8');
  const prose = readFileSync(resolve(HERE, 'prose.md'), 'utf8');
  const long = `${'As the sun sets over the hills we walk, talk and think about the day, '.repeat(40)}\n${'x'.repeat(4000)}\n${'US-1'.repeat(500)}\n${'**'.repeat(300)}\n`;
  const doc = `${backlog}\n${prose}\n${long}`.repeat(20).split('\n');
  const plain = createRegistry({ injection: false });
  const ours = createRegistry();
  const once = async (registry) => {
    const t0 = performance.now();
    await tokenizeLines(registry, doc);
    return performance.now() - t0;
  };
  // Warm up (compiles every rule once), then the best of 3 interleaved runs, so that load from other processes
  // on the machine does not decide the ratio.
  await tokenizeLines(plain, doc.slice(0, doc.length / 20));
  await tokenizeLines(ours, doc.slice(0, doc.length / 20));
  let base = Infinity;
  let withUs = Infinity;
  for (let i = 0; i < 3; i++) {
    base = Math.min(base, await once(plain));
    withUs = Math.min(withUs, await once(ours));
  }
  const msg = `${doc.length} lines: ${withUs.toFixed(0)} ms with the injection, ${base.toFixed(0)} ms without (x${(withUs / base).toFixed(1)})`;
  // Generous bounds for a slow CI machine (it is about x4); a catastrophic regex shows up as orders of magnitude.
  if (withUs < 15000 && withUs / base < 10) ok(`speed: ${msg}`);
  else fail('speed', msg);
}

console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
