// What suggestions insert: value-statement templates and criteria stubs in the file's own language and label style,
// as plain text (placeholders such as `[role]` for a person to fill in) and as editor snippets with tab stops.
import type { Backlog } from './model';
import { STATEMENT_TEMPLATES } from './vocabulary';

/** Placeholder words per language, in the order role, goal, benefit, criterion. Written in square brackets. */
export const PLACEHOLDER_WORDS: Readonly<Record<string, readonly [role: string, goal: string, benefit: string, criterion: string]>> = {
  en: ['role', 'goal', 'benefit', 'criterion'],
  de: ['Rolle', 'Ziel', 'Nutzen', 'Kriterium'],
  fr: ['rôle', 'objectif', 'bénéfice', 'critère'],
  es: ['rol', 'objetivo', 'beneficio', 'criterio'],
  pt: ['papel', 'objetivo', 'benefício', 'critério'],
  it: ['ruolo', 'obiettivo', 'beneficio', 'criterio'],
  nl: ['rol', 'doel', 'voordeel', 'criterium'],
  sv: ['roll', 'mål', 'nytta', 'kriterium'],
  ru: ['роль', 'цель', 'польза', 'критерий'],
  zh: ['角色', '目标', '收益', '标准'],
};

/** The acceptance-criteria label a suggestion writes under a heading item when the file has none of its own. */
export const CRITERIA_LABELS: Readonly<Record<string, string>> = {
  en: '**Acceptance criteria:**',
  de: '**Akzeptanzkriterien:**',
  fr: "**Critères d'acceptation :**",
  es: '**Criterios de aceptación:**',
  pt: '**Critérios de aceitação:**',
  it: '**Criteri di accettazione:**',
  nl: '**Acceptatiecriteria:**',
  sv: '**Acceptanskriterier:**',
  ru: '**Критерии приёмки:**',
  zh: '**验收标准：**',
};

/** Which of the placeholders a bracketed word is (`[Rolle]` → role), or null. Case-insensitive. */
export function placeholderKind(word: string): 'role' | 'goal' | 'benefit' | 'criterion' | null {
  return PLACEHOLDER_KINDS.get(word.toLowerCase()) ?? null;
}

const KINDS = ['role', 'goal', 'benefit', 'criterion'] as const;
const PLACEHOLDER_KINDS = new Map<string, (typeof KINDS)[number]>(
  Object.values(PLACEHOLDER_WORDS).flatMap((words) => words.map((w, k) => [w.toLowerCase(), KINDS[k]] as const)),
);

// ---------------------------------------------------------------------------------------------- language and style

const languages = new WeakMap<Backlog, string>();

/**
 * The language the backlog is written in: the most common language of its value statements (ties: the first one
 * written), else the language of its first criteria label, else English. Computed once per parsed backlog.
 */
export function backlogLanguage(b: Backlog): string {
  let lang = languages.get(b);
  if (lang !== undefined) return lang;
  const count = new Map<string, number>();
  for (const item of b.items) if (item.value) count.set(item.value.language, (count.get(item.value.language) ?? 0) + 1);
  let best = 0;
  for (const [code, n] of count) {
    if (n > best && PLACEHOLDER_WORDS[code]) {
      best = n;
      lang = code;
    }
  }
  if (lang === undefined) {
    const label = criteriaLabelLine(b);
    lang = label === null ? 'en' : (Object.entries(LABEL_WORDS).find(([, re]) => re.test(label))?.[0] ?? 'en');
  }
  languages.set(b, lang);
  return lang;
}

// The words of a criteria label, per language: enough to tell the language of a label the file already has.
const LABEL_WORDS: Readonly<Record<string, RegExp>> = {
  de: /akzeptanz|abnahme/i,
  fr: /crit[eè]res? d/i,
  es: /criterios? de acep/i,
  pt: /crit[eé]rios? de acei/i,
  it: /criteri di acc/i,
  nl: /acceptatie/i,
  sv: /acceptans/i,
  ru: /критери/i,
  zh: /验收/,
};

const labelLines = new WeakMap<Backlog, string | null>();

/** The first criteria label written under a heading item (the whole line, without indentation), or null. */
export function criteriaLabelLine(b: Backlog): string | null {
  let line = labelLines.get(b);
  if (line !== undefined) return line;
  line = null;
  for (const item of b.items) {
    if (!item.criteriaLabelSpan || item.shape !== 'heading') continue;
    const { source } = b;
    const start = source.lastIndexOf('\n', item.criteriaLabelSpan.start - 1) + 1;
    let end = source.indexOf('\n', item.criteriaLabelSpan.end);
    if (end === -1) end = source.length;
    const text = source.slice(start, end).replace(/\r$/, '').trim();
    // A label that shares its line with criteria or prose (`AC: the user can log in`) is no model for a new line.
    if (text.length <= item.criteriaLabelSpan.end - item.criteriaLabelSpan.start + 8) {
      line = text;
      break;
    }
  }
  labelLines.set(b, line);
  return line;
}

/** The label to write above a first criterion of a heading item: the file's own style, else its language's default. */
export function criteriaLabelFor(b: Backlog): string {
  return criteriaLabelLine(b) ?? CRITERIA_LABELS[backlogLanguage(b)] ?? CRITERIA_LABELS.en;
}

// ---------------------------------------------------------------------------------------------- templates

/** Text with tab stops: literal strings and numbered placeholders. */
export type Template = readonly (string | { readonly stop: number; readonly text: string })[];

/** The template as plain text: each tab stop gives its placeholder text. */
export const templateText = (t: Template): string => t.map((p) => (typeof p === 'string' ? p : p.text)).join('');

/** The template in snippet syntax (VS Code, LSP): `${1:[role]}`, literal `$`, `}` and `\` escaped. */
export const templateSnippet = (t: Template): string =>
  t.map((p) => (typeof p === 'string' ? escapeSnippet(p) : `\${${p.stop}:${escapeSnippet(p.text)}}`)).join('');

const escapeSnippet = (s: string) => s.replace(/[$}\\]/g, (c) => `\\${c}`);

/** A value statement template in the file's language: `As a ${1:[role]}, I want ${2:[goal]}, so that ${3:[benefit]}.` */
export function statementTemplate(language: string): Template {
  const words = PLACEHOLDER_WORDS[language] ?? PLACEHOLDER_WORDS.en;
  const pattern = (STATEMENT_TEMPLATES[language] ?? STATEMENT_TEMPLATES.en).full;
  const stops: Record<string, { stop: number; text: string }> = {
    role: { stop: 1, text: `[${words[0]}]` },
    want: { stop: 2, text: `[${words[1]}]` },
    benefit: { stop: 3, text: `[${words[2]}]` },
  };
  const out: (string | { stop: number; text: string })[] = [];
  let at = 0;
  for (const m of pattern.matchAll(/\{(role|want|benefit)\}/g)) {
    out.push(pattern.slice(at, m.index), stops[m[1]]);
    at = m.index + m[0].length;
  }
  out.push(pattern.slice(at));
  return out.filter((p) => p !== '');
}

/** The criterion placeholder of the file's language: `[criterion]`, `[criterio]`. */
export function criterionPlaceholder(language: string): string {
  return `[${(PLACEHOLDER_WORDS[language] ?? PLACEHOLDER_WORDS.en)[3]}]`;
}

/** `[word]` not followed by `(`, `[` or `:` (a link or a link definition). */
export const PLACEHOLDER = /\[([^\]\s[]{1,20})\](?![([:])/gu;

