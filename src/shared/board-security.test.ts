// Static checks of the board webview's sources (src/webview, media/board.css): the DOM is built with createElement/textContent only, nothing evaluates
// strings as code, and nothing loads from the network (the CSP would block it; this catches it before review).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const webview = join(root, 'src', 'webview');
const sources = readdirSync(webview)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(webview, f), 'utf8').replace(/^\s*\/\/.*$/gm, '') }));
const css = readFileSync(join(root, 'media', 'board.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

describe('board webview sources', () => {
  it('has sources to check', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['board.ts', 'cards.ts', 'detail.ts', 'dom.ts', 'drag.ts', 'view-model.ts']));
  });

  it.each(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'createContextualFragment', 'DOMParser', 'srcdoc'])('never uses %s', (api) => {
    for (const { file, text } of sources) expect(text.includes(api), `${file} uses ${api}`).toBe(false);
  });

  it('never evaluates strings as code', () => {
    for (const { file, text } of sources) {
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|set(?:Timeout|Interval)\s*\(\s*['"`]/);
    }
  });

  it('sets no event-handler attributes and no inline styles by attribute', () => {
    for (const { file, text } of sources) {
      expect(text, file).not.toMatch(/setAttribute\(\s*['"]on|setAttribute\(\s*['"]style['"]|\.on[a-z]+\s*=\s*/);
    }
  });

  it('loads nothing from the network', () => {
    // The SVG namespace (chart.ts, createElementNS) is a name, not an address: nothing is loaded from it.
    for (const { file, text } of sources) expect(text.split("'http://www.w3.org/2000/svg'").join(''), file).not.toMatch(/https?:\/\/|fetch\(|XMLHttpRequest|WebSocket|importScripts/);
    expect(css).not.toMatch(/@import|url\(/);
  });

  it('reads host messages only through parseHostMessage', () => {
    const board = sources.find((s) => s.file === 'board.ts')!.text;
    const listener = /addEventListener\('message',[\s\S]*?\n {4}\}\);/.exec(board)?.[0] ?? '';
    expect(listener).toContain('parseHostMessage(e.data)');
    expect(listener.match(/e\.data/g)).toHaveLength(1);
  });
});
