import { describe, expect, it } from 'vitest';
import { boardCsp, boardHtml, escapeHtml } from './board-html';

const options = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123XYZ',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/board.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/board.css',
  codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/codicons/codicon.css',
};

describe('boardHtml', () => {
  it('sets exactly the agreed Content-Security-Policy', () => {
    expect(boardCsp('https://x', 'n1')).toBe("default-src 'none'; style-src https://x; font-src https://x; script-src 'nonce-n1'");
    const html = boardHtml(options);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp).toBe(
      "default-src &#39;none&#39;; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; script-src &#39;nonce-abc123XYZ&#39;",
    );
  });

  it('loads the codicons, the stylesheet and one nonce-carrying script, and nothing else', () => {
    const html = boardHtml(options);
    expect(html).toContain(`<link rel="stylesheet" href="${options.codiconsUri}" id="vscode-codicon-stylesheet">`);
    expect(html).toContain(`<link rel="stylesheet" href="${options.styleUri}">`);
    expect(html).toContain(`<script nonce="abc123XYZ" src="${options.scriptUri}"></script>`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<link/g)).toHaveLength(2);
    expect(html).not.toMatch(/<style|style=|\son[a-z]+=|javascript:/i);
    expect(html).toContain('id="board"');
  });

  it('escapes every interpolated value', () => {
    const evil = '"><script>alert(1)</script><x y=\'';
    const html = boardHtml({ cspSource: evil, nonce: evil, scriptUri: evil, styleUri: evil, codiconsUri: evil });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain(evil);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;x y=&#39;');
  });

  it('escapes the HTML special characters and backticks', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
    expect(escapeHtml('plain https://x/y?a=1')).toBe('plain https://x/y?a=1');
  });
});
