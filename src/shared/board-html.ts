// The board webview's HTML shell. The host calls `boardHtml` with URIs from `webview.asWebviewUri` and a fresh nonce;
// the page loads one stylesheet pair and one script, and everything else is built by `media/dist/board.js`.
// No `vscode`, no DOM, no Node built-ins.

export interface BoardHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per page load (e.g. 32 base64url characters from `crypto.randomBytes`). */
  readonly nonce: string;
  /** `media/dist/board.js` as a webview URI. */
  readonly scriptUri: string;
  /** `media/board.css` as a webview URI. */
  readonly styleUri: string;
  /** `media/dist/codicons/codicon.css` as a webview URI (the font sits next to it). */
  readonly codiconsUri: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for a double-quoted HTML attribute value (or element text). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/** The Content-Security-Policy of the board: nothing but the extension's own styles, fonts and the nonce'd script. */
export function boardCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; font-src ${cspSource}; script-src 'nonce-${nonce}'`;
}

/** The complete HTML document of the board webview. Every interpolated value is attribute-escaped. */
export function boardHtml({ cspSource, nonce, scriptUri, styleUri, codiconsUri }: BoardHtmlOptions): string {
  const a = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(boardCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${a(styleUri)}">
<title>Backlog Board</title>
</head>
<body>
<div id="board" class="board" aria-busy="true"><p class="board-loading">Loading backlog…</p></div>
<script nonce="${a(nonce)}" src="${a(scriptUri)}"></script>
</body>
</html>
`;
}
