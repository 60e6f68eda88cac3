// Escaping for untrusted text (item titles, fields, file names) in the HTML and Markdown the core renders.

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML element content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Escapes text for one line of inline Markdown (a table cell, a list item), as GitHub renders it: emphasis, code,
 * link brackets (no link can form without them, so parentheses stay), table, strikethrough and math characters are
 * backslash-escaped; `<`, `>` and `&` become entities, so no HTML
 * tag, comment or entity is ever formed; what would start a heading, list or quote at the start is escaped; line
 * breaks become spaces (a table row is one line).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]|~$]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
