// A real editor: headless Neovim (Debian's `neovim`; test/lsp/run.sh installs it when missing) with a minimal config
// (test/lsp/neovim-init.lua) starts `backlog lsp --stdio`, opens a backlog, receives the diagnostics, and applies the
// preferred code action (a fix), then saves. `npm run test:lsp` sets BACKLOG_REQUIRE_NVIM, so there a missing `nvim`
// is a failure; a bare `npx vitest` without Neovim skips it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const nvim = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).stdout.trim();
let work: string;
let cli: string;

const BACKLOG = [
  '# Backlog',
  '',
  '## US-1 Sign in',
  '',
  'As a user, I want to sign in, so that my data is mine.',
  '',
  '- Depends on: US-9',
  '',
  '**Acceptance criteria:**',
  '',
  '- [ ] Works with the company account',
  '',
  '-Remember the last user name',
  '',
].join('\n');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backlog-nvim-'));
  cli = join(work, 'cli.js');
  const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] as string[], logLevel: 'silent' } as const;
  await Promise.all([
    build({ ...options, entryPoints: [join(root, 'src', 'cli', 'cli.ts')], outfile: cli }),
    build({ ...options, entryPoints: [join(root, 'src', 'lsp', 'server.ts')], outfile: join(work, 'lsp.js') }),
  ]);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const required = process.env.BACKLOG_REQUIRE_NVIM === '1';

it.runIf(required && nvim === '')('Neovim is installed (test/lsp/run.sh installs Debian\'s neovim)', () => {
  expect(nvim, 'no nvim on PATH: apt-get install neovim (run.sh does it as root)').not.toBe('');
});

describe.skipIf(nvim === '')('Neovim (headless) with backlog lsp', () => {
  it('shows the diagnostics and applies a code action', () => {
    const dir = join(work, 'ws');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'BACKLOG.md'), BACKLOG);
    const out = join(work, 'nvim-result.json');
    const r = spawnSync(nvim, ['--headless', '-n', '-i', 'NONE', '-u', join(root, 'test', 'lsp', 'neovim-init.lua'), 'BACKLOG.md'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, BACKLOG_CLI: cli, BACKLOG_OUT: out, BACKLOG_FIX_LINE: '12', XDG_CONFIG_HOME: work, XDG_DATA_HOME: work, XDG_STATE_HOME: work },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.errors).toEqual([]);
    const codes = result.diagnostics.map((d: { code: string }) => d.code).sort();
    expect(codes).toEqual(['pseudo-items', 'unknown-dependency']);
    expect(result.diagnostics.find((d: { code: string }) => d.code === 'pseudo-items').line).toBe(12);
    expect(result.actions.length).toBeGreaterThan(0);
    expect(result.applied).toMatch(/bullet|space/i);
    // Neovim applied the server's edit and saved the file: the line is a list item now, the finding is gone.
    expect(readFileSync(join(dir, 'BACKLOG.md'), 'utf8')).toBe(BACKLOG.replace('-Remember', '- Remember'));
    expect(result.after).toEqual(['unknown-dependency']);
  });
});
