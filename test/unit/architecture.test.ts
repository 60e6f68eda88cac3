// Structural checks: the core stays free of `vscode`, DOM and Node built-ins; the manifest and the code agree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('architecture', () => {
  it('src/core imports neither vscode nor Node built-ins, and uses no DOM globals', () => {
    for (const file of sources(join(root, 'src', 'core'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"](?:vscode|node:[a-z/]+|fs|path|child_process)['"]/);
      expect(text, file).not.toMatch(/\b(?:document|window)\.[a-z]/);
    }
  });

  it('src/core and src/cli spread no unbounded array into a call (more than ~125,000 arguments overflow the stack)', () => {
    // `list.push(...items)` and `Math.max(...values)` pass every element as an argument: issue #10 found both.
    for (const file of [...sources(join(root, 'src', 'core')), ...sources(join(root, 'src', 'cli'))]) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/(?:\.(?:push|unshift)|Math\.(?:max|min)|String\.fromCharCode)\((?:[^(){}[\]`]|\([^()]*\))*?\.\.\./);
    }
  });

  it('src/node (the Node adapters: git) imports no vscode', () => {
    for (const file of sources(join(root, 'src', 'node'))) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]vscode['"]/);
  });

  it('every command in package.json has an id in CommandId, and every CommandId is contributed or internal', () => {
    const source = readFileSync(join(root, 'src', 'extension', 'commands.ts'), 'utf8');
    const enumBody = /export const enum CommandId \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
    const ids = [...enumBody.matchAll(/=\s*'([^']+)'/g)].map((m) => m[1]);
    const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
    expect(ids.filter((id) => !id.startsWith('_')).sort()).toEqual([...contributed].sort());
    for (const c of pkg.contributes.commands) expect(c.category, c.command).toBe('Backlog');
  });

  it('menus and keybindings only name contributed commands', () => {
    const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const menuCommands = Object.values(pkg.contributes.menus as Record<string, { command: string }[]>).flat().map((m) => m.command);
    for (const c of [...menuCommands, ...pkg.contributes.keybindings.map((k: { command: string }) => k.command)]) expect(contributed.has(c), c).toBe(true);
  });

  it('settings and ids share the backlogAsCode prefix', () => {
    for (const key of Object.keys(pkg.contributes.configuration.properties)) expect(key.startsWith('backlogAsCode.')).toBe(true);
    for (const view of Object.values(pkg.contributes.views as Record<string, { id: string }[]>).flat()) expect(view.id.startsWith('backlogAsCode.')).toBe(true);
  });
});
