#!/usr/bin/env node
// Generates syntaxes/backlog.injection.tmLanguage.json, the TextMate injection grammar that highlights backlog
// structure (item IDs, field lines, value statements, Gherkin steps, criteria checkboxes and labels) in markdown.
//
//   node test/grammar/generate-grammar.mjs           write the grammar
//   node test/grammar/generate-grammar.mjs --check   exit 1 when the committed grammar differs from this output
//
// TextMate grammars have no regex variables, so the repeated fragments (line-start contexts, keyword lists per
// language) live here and the JSON is an artifact. Edit this file, run it, commit both. `npm run test:grammar`
// runs the --check.
//
// How the rules fit into VS Code's markdown grammar (text.html.markdown), which tokenizes block by block:
// - The selector is `L:` (left priority): where one of these rules and a markdown rule match at the same column,
//   ours wins. That is needed for `**Priority:** 1` (markdown's bold starts at the same column) and `- [x]`
//   (markdown's link-reference rule). The price: a rule that wins at the start of a line's text also wins over
//   markdown's paragraph rule there, so every such rule consumes the rest of its line and re-includes markdown's
//   inline rules for it (`rest` captures below): bold, code spans, links keep their highlighting.
// - Context (start of line, list marker, checkbox, table cell, heading) is checked with look-behinds, because
//   markdown has already consumed list markers, `>` and `#` when our rules run. Oniguruma supports variable-length
//   look-behind.
// - Value statements and Gherkin blocks can wrap over lines, so they are begin/end regions that end where the
//   paragraph ends (blank line or a new block), or for statements at a line ending in sentence punctuation.
// - Speed: the injection's top-level rules are tried at every scan position of every markdown line, so there are
//   few of them (one rule finds any field line, one any Gherkin step), every look-behind is bounded and guarded by a
//   one-character check and a first-letter look-ahead, and keywords are case-insensitive by character classes, not
//   `(?i)`. test/grammar/run.mjs measures it (about 4-5x markdown alone) and fails on a regression.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const GRAMMAR_PATH = resolve(ROOT, 'syntaxes/backlog.injection.tmLanguage.json');

// ------------------------------------------------------------------------------------------------- helpers
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A literal word or phrase as a case-insensitive regex: each letter becomes `[xX]`, spaces match any run of blanks,
 * apostrophes both ' and ’. Not `(?i)`: with it, Oniguruma cannot skip ahead to candidate positions for words with
 * an `s` or `k` (they fold to `ſ` and the Kelvin sign), which made every scan of a long line 30x slower.
 */
const phrase = (w) =>
  [...w]
    .map((c) => {
      if (c === ' ') return '[ \\t]+';
      if (c === "'") return "['’]";
      const lo = c.toLowerCase();
      const up = c.toUpperCase();
      return lo !== up && [...lo].length === 1 && [...up].length === 1 ? `[${lo}${up}]` : esc(c);
    })
    .join('');
/** Alternation of phrases, longest first so that `story points` is tried before `points`. */
const alt = (words) => [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(phrase).join('|');
/**
 * A cheap look-ahead for the first letter of any of the words (optionally after `**`/`__`), put before an expensive
 * look-behind so that it runs only where a keyword can start.
 */
const startsWith = (words, bold = true) => {
  const chars = new Set([...words].flatMap((w) => [w[0].toLowerCase(), w[0].toUpperCase()]));
  const cls = `[${[...chars].map((c) => (/[\]\\^-]/.test(c) ? `\\${c}` : c)).join('')}]`;
  return bold ? `(?=(?:\\*\\*|__)?${cls})` : `(?=${cls})`;
};
/** Same, case-sensitive (Gherkin steps are capitalised). */
const altExact = (words) => [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map((w) => esc(w).replace(/ /g, '[ \\t]+').replace(/'/g, "['’]")).join('|');

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}_])';

// Look-behind contexts. `^` is the real line start: markdown has consumed `>`, list markers and `#` already.
// Every quantifier in a look-behind is bounded: Oniguruma tries each possible length of a variable-length
// look-behind, so an unbounded one costs O(line length) at every position, O(n²) per line (4000 ms for a
// 4000-character line instead of 5).
const INDENT = '[ \\t]{0,16}';
const QUOTE = '(?:>[ \\t]{0,4}){0,8}';
const LIST_MARKER = '(?:[-*+]|\\d{1,9}[.)])[ \\t]{1,8}';
const CHECKBOX = '\\[[ xX]\\][ \\t]{1,8}';
/** Start of a line's text: after indentation, quote markers and an optional list marker. */
const LINE_START = `^${INDENT}${QUOTE}(?:${LIST_MARKER})?`;
/** Start of a list item's text, after an optional checkbox. */
const ITEM_START = `^${INDENT}${QUOTE}${LIST_MARKER}(?:${CHECKBOX})?`;
/** Start of a heading's text. */
const HEADING_START = '^[ ]{0,3}#{1,6}[ \\t]{1,8}';
/**
 * A one-character check put before the real look-behind: most positions in a line fail it at once (the text before
 * a line-start keyword is the line start, a blank or `>`), so the longer look-behind runs only where it can match.
 * Written as a negated class: `(?<=^|[ \t>])` would be the same, but an alternation in a look-behind turns off
 * Oniguruma's search optimisation (40x slower on long lines).
 */
const AFTER_BLANK = '(?<![^ \\t>])';

/** Where a paragraph (and so a wrapped statement or Gherkin block) ends: blank line or the start of a new block. */
const PARAGRAPH_END =
  '(?=(?:^|\\G)[ \\t]*$)|(?=(?:^|\\G)[ \\t]{0,3}(?:[-*+][ \\t]|\\d{1,9}[.)][ \\t]|#{1,6}(?:[ \\t]|$)|>|```|~~~|<|\\||(?:[-*_][ \\t]*){3,}$|=+[ \\t]*$))';
/** A statement also ends at a line that ends a sentence. */
const STATEMENT_END = `${PARAGRAPH_END}|(?<=[.!?。！？])(?=[ \\t]*$)`;

// Markdown's own inline rules (and inline HTML), for text that one of our rules consumed.
const MD_INLINE = [{ include: 'text.html.markdown#inline' }, { include: 'text.html.derivative' }];
const BOLD = 'markup.bold.markdown';
/** The `**` of a bold span that one of our rules consumed, scoped as markdown scopes it (so it looks the same). */
const BOLD_PUNCT = { name: 'markup.bold.markdown punctuation.definition.bold.markdown' };

// ------------------------------------------------------------------------------------------------- item IDs
// Same shapes as the parser's ID_AT_START (src/core/parse.ts): US-12, US01, US-1.1, INFRA-001, B-7, M1_01, #12.
const ID = '#\\d+|[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*[-_]?\\d+(?:\\.\\d+)*|[A-Z][a-z]?[-_]\\d+(?:\\.\\d+)*';
/** Well-known names that look like IDs (UTF-8, ISO-8601, SHA-256, ES2015...): not items. */
const NOT_AN_ID =
  '(?!(?:UTF|UCS|ISO|IEC|IEEE|RFC|CVE|SHA|MD|AES|RSA|HTTP|TLS|SSL|IPv|ES|ECMA|PEP|JSR|ANSI|DIN|EN|CP|KOI|MP|COVID|GPT|H|X|Y|Z|V|R|C)[-_]?\\d)';
const ID_END = '(?=$|[\\s.:|)\\-–—,;\\]*_])';
const ID_SCOPE = 'entity.name.type.id.backlog';

const headingId = {
  comment: 'An item ID at the start of a heading: `## US-12 Title`, `### INFRA-001: Title`, `## [B-7] Title`, `## #12 Title`.',
  match: `(?<=[ \\t])(?=[\\[#A-Z])(?<=${HEADING_START})(\\[)?${NOT_AN_ID}(${ID})(\\])?${ID_END}([.:)\\-–—,;]+(?=[ \\t]|$))?`,
  captures: {
    1: { name: 'punctuation.definition.id.begin.backlog' },
    2: { name: ID_SCOPE },
    3: { name: 'punctuation.definition.id.end.backlog' },
    4: { name: 'punctuation.separator.id.backlog' },
  },
};

const listItemId = {
  comment: 'An item ID at the start of a list item (list-shaped backlogs): `- US-12 Title`, `1. **US-3:** Title`.',
  match: `(?<=[ \\t])(?=(?:\\*\\*|__)?[\\[#A-Z])(?<=${ITEM_START})(?:(\\*\\*|__)(?=[\\[#A-Z]))?(\\[)?${NOT_AN_ID}(${ID})(\\])?${ID_END}(\\1)?([.:)\\-–—,;]+(?=[ \\t]|$))?(\\1)?(.*)$`,
  captures: {
    1: BOLD_PUNCT,
    2: { name: 'punctuation.definition.id.begin.backlog' },
    3: { name: ID_SCOPE },
    4: { name: 'punctuation.definition.id.end.backlog' },
    5: BOLD_PUNCT,
    6: { name: 'punctuation.separator.id.backlog' },
    7: BOLD_PUNCT,
    8: { patterns: [{ include: '#bold-close' }, ...MD_INLINE] },
  },
};

const tableCellId = {
  comment: 'A table cell that holds only an item ID: `| US-12 | Login | 1 |`.',
  match: `(?<=[| \\t])(?=[#A-Z])(?<=\\|[ \\t]{0,16})${NOT_AN_ID}(${ID})(?=[ \\t]*(?:\\||$))`,
  captures: { 1: { name: ID_SCOPE } },
};

// ------------------------------------------------------------------------------------------------- field lines
// Keys per field kind: the ones the parser knows (src/core/vocabulary.ts FIELD_KEYS) that are specific enough to
// mark in any markdown file (not `time`, `size`, `requires`, `release`, `no.`...).
const FIELD_KEYS = {
  priority: [
    'priority', 'prio', 'rank', 'moscow', 'business value', 'priorität', 'priorisierung', 'prioridad', 'priorité',
    'priorite', 'priorità', 'prioridade', 'prioriteit', 'prioritet', 'приоритет', '优先级',
  ],
  estimate: [
    'estimate', 'estimation', 'story points', 'storypoints', 'points', 'sp', 'effort', 'schätzung', 'aufwand',
    'estimación', 'estimacion', 'estimativa', 'stima', 'schatting', 'uppskattning', 'оценка', 'puntos', 'pontos',
    'punti', 'punkte', '估算', '故事点',
  ],
  status: ['status', 'state', 'estado', 'statut', 'état', 'etat', 'stato', 'zustand', 'статус', '状态'],
  'depends-on': [
    'depends on', 'depends', 'dependencies', 'dependency', 'blocked by', 'abhängigkeiten', 'abhängig von',
    'abhaengigkeiten', 'dependencias', 'depende de', 'dépendances', 'dependances', 'dépend de', 'dipendenze',
    'dipende da', 'dependências', 'afhankelijkheden', 'beroenden', 'зависимости', '依赖',
  ],
  owner: [
    'owner', 'assignee', 'assigned to', 'assigned', 'responsible', 'verantwortlich', 'zuständig', 'responsable',
    'responsabile', 'dono', 'eigenaar', 'ansvarig', 'ответственный', '负责人',
  ],
  sprint: ['sprint', 'iteration', 'itération'],
  id: ['id', 'story id', 'item id', '编号'],
  value: ['value', 'user value', 'benefit', 'nutzen', 'mehrwert', 'valeur', 'valor', 'valore', 'waarde', 'värde', 'ценность', '价值'],
};

// Status words per kind, as the parser reads them (STATUS_WORDS). Order matters where one kind's phrase starts with
// another kind's word: `ready for dev` and `готово к работе` (ready) before `готово` (done).
const STATUS_WORDS = {
  ready: ['ready', 'ready for dev', 'ready for development', 'refined', 'bereit', 'prêt', 'pret', 'listo', 'pronto', 'klaar voor ontwikkeling', 'готово к работе'],
  todo: ['todo', 'to do', 'to-do', 'open', 'new', 'backlog', 'planned', 'not started', 'offen', 'neu', 'geplant', 'à faire', 'a faire', 'ouvert', 'pendiente', 'por hacer', 'nuevo', 'pendente', 'a fazer', 'da fare', 'nieuw', 'att göra', 'к выполнению', 'новый', '待办'],
  refining: ['refining', 'refinement', 'needs refinement', 'draft', 'idea', 'needs decision', 'proposed', 'entwurf', 'brouillon', 'borrador', 'rascunho', 'bozza', 'in refinement'],
  'in-progress': ['in progress', 'in-progress', 'doing', 'wip', 'started', 'ongoing', 'active', 'in arbeit', 'in bearbeitung', 'en cours', 'en progreso', 'en curso', 'em andamento', 'em progresso', 'in corso', 'bezig', 'pågående', 'в работе', '进行中'],
  review: ['review', 'in review', 'testing', 'in test', 'qa', 'code review', 'prüfung', 'en revue', 'en revisión', 'em revisão', 'in revisione', 'на проверке', '审核中'],
  done: ['done', 'complete', 'completed', 'finished', 'closed', 'resolved', 'implemented', 'erledigt', 'fertig', 'abgeschlossen', 'terminé', 'termine', 'fait', 'hecho', 'terminado', 'completado', 'concluído', 'concluido', 'feito', 'fatto', 'completato', 'klaar', 'klart', 'gedaan', 'готово', 'выполнено', '完成', '已完成'],
  accepted: ['accepted', 'abgenommen', 'akzeptiert', 'accepté', 'accepte', 'aceptado', 'aceito', 'accettato', 'geaccepteerd', 'accepterad', 'принято', '已验收'],
  rejected: ['rejected', 'cancelled', 'canceled', "won't do", 'wontfix', 'dropped', 'abgelehnt', 'verworfen', 'rejeté', 'annulé', 'rechazado', 'cancelado', 'rifiutato', 'afgewezen', 'отклонено', '已拒绝'],
};
// Not :heavy_check_mark: / :white_check_mark:: the parser drops `_` before the lookup, so it does not read them.
const STATUS_SYMBOLS = { done: ['✅', '✔️', '✔', '☑', '✓'], todo: [':x:', '❌', '⬜', '🔲'], 'in-progress': ['🚧', ':construction:'] };

// Priority tiers (BUCKETS), without the one-letter MoSCoW forms.
const PRIORITY_WORDS = {
  critical: ['critical', 'critique', 'kritisch', 'crítica', 'critica', 'crítico', 'critico', 'urgent', 'dringend', 'blocker', 'highest', 'sehr hoch', 'very high', 'très haute', 'muy alta', 'критический', '紧急'],
  high: ['high', 'hoch', 'haute', 'élevée', 'elevee', 'haut', 'alta', 'alto', 'hoog', 'hög', 'высокий', '高', 'major', 'important', 'wichtig'],
  medium: ['medium', 'mittel', 'moyenne', 'moyen', 'media', 'medio', 'média', 'normal', 'middel', 'mellan', 'средний', '中'],
  low: ['low', 'niedrig', 'basse', 'bas', 'baja', 'bajo', 'bassa', 'basso', 'baixa', 'laag', 'låg', 'низкий', '低', 'minor', 'very low', 'sehr niedrig', 'lowest', 'trivial'],
  must: ['must', 'must have', 'must-have', 'essential', 'essentiel', 'muss'],
  should: ['should', 'should have', 'should-have', 'recommended', 'soll', 'sollte'],
  could: ['could', 'could have', 'could-have', 'optional', 'nice to have', 'kann', 'könnte'],
  wont: ["won't", 'wont', "won't have", 'wont have', 'will not have', 'later'],
};

const NUMBER = {
  comment: 'A number: 3, 2.5, 1/2, ½, 3-5, P1.',
  match: `${NOT_WORD_BEFORE}(?:[~≈]?(?:[Pp](?=\\d))?\\d+(?:[.,]\\d+)?(?:[ \\t]*[-–/][ \\t]*\\d+(?:[.,]\\d+)?)?[½¼¾⅓⅔]?|[½¼¾⅓⅔])(?![\\p{L}\\p{N}])`,
  name: 'constant.numeric.backlog',
};
const UNITS = [
  'sp', 'story points', 'story point', 'pts', 'pt', 'points', 'point', 'punkte', 'puntos', 'pontos', 'punti', 'h', 'hr',
  'hrs', 'hour', 'hours', 'stunde', 'stunden', 'std', 'heure', 'heures', 'hora', 'horas', 'ore', 'd', 'day', 'days',
  'tag', 'tage', 'jour', 'jours', 'días', 'dias', 'giorni', 'dagen', 'dagar', 'w', 'wk', 'wks', 'week', 'weeks',
  'woche', 'wochen', 'semaine', 'semaines', 'semana', 'semanas', 'settimane', 'weken', 'veckor', 'pt', 'mt', 'pd', 'md',
];
const NUMBER_WITH_UNIT = {
  comment: 'An estimate with a unit: 3 SP, 5d, 2.5 h, 8 points.',
  match: `${NOT_WORD_BEFORE}([~≈]?\\d+(?:[.,]\\d+)?(?:[ \\t]*[-–/][ \\t]*\\d+(?:[.,]\\d+)?)?[½¼¾⅓⅔]?|[½¼¾⅓⅔])(?:[ \\t]?(${alt(UNITS)}))?(?![\\p{L}\\p{N}])`,
  captures: { 1: { name: 'constant.numeric.backlog' }, 2: { name: 'keyword.other.unit.backlog' } },
};
const REFERENCE_ID = {
  comment: 'An item ID referenced in a value: `Depends on: US-1, US-3`.',
  match: `(?<![\\p{L}\\p{N}_#\\-])${NOT_AN_ID}(?:${ID})(?![\\p{L}\\p{N}_])`,
  name: ID_SCOPE,
};
/** A value rule that also matches its text in bold (`Status: **done**`): markdown's bold would hide it otherwise. */
const boldValue = (re, name) => ({
  match: `(?:(\\*\\*|__)(${re})(\\1)|(${re}))`,
  captures: { 1: BOLD_PUNCT, 2: { name: `${BOLD} ${name}` }, 3: BOLD_PUNCT, 4: { name } },
});
const wordRule = (words, name) => boldValue(`${NOT_WORD_BEFORE}(?:${alt(words)})${NOT_WORD_AFTER}`, name);
const symbolRule = (symbols, name) => ({ match: `(?:${symbols.map(esc).join('|')})`, name });

const NUMBER_B = boldValue(NUMBER.match, NUMBER.name);
const REFERENCE_ID_B = boldValue(REFERENCE_ID.match, REFERENCE_ID.name);
const VALUE_PATTERNS = {
  priority: [NUMBER_B, ...Object.entries(PRIORITY_WORDS).map(([b, w]) => wordRule(w, `constant.language.priority.${b}.backlog`))],
  estimate: [NUMBER_WITH_UNIT],
  status: [
    ...Object.entries(STATUS_WORDS).map(([k, w]) => wordRule(w, `constant.language.status.${k}.backlog`)),
    ...Object.entries(STATUS_SYMBOLS).map(([k, s]) => symbolRule(s, `constant.language.status.${k}.backlog`)),
  ],
  'depends-on': [REFERENCE_ID_B],
  owner: [{ match: `(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_.\\-]*[\\p{L}\\p{N}_]`, name: 'variable.other.mention.backlog' }],
  sprint: [NUMBER_B],
  id: [REFERENCE_ID_B],
  value: [NUMBER_B],
};

const ALL_FIELD_KEYS = Object.values(FIELD_KEYS).flat();

/** `Key:`, `**Key:**`, `**Key**:` with one of the keys: the start of a field line, up to and including the colon. */
const fieldKeyAndColon = (list) => {
  const keys = `(?:${alt(list)})(?:[ \\t]*\\([^()\\n]{1,24}\\))?`;
  return `(?:(\\*\\*|__)(${keys})(?:[ \\t]*([:：])[ \\t]*(\\1)|(\\1)[ \\t]*([:：]))|(${keys})[ \\t]*([:：]))`;
};

function fieldLine(kind) {
  const keyName = 'keyword.other.field.backlog';
  const sep = 'punctuation.separator.key-value.backlog';
  return {
    comment: `A ${kind} field line: \`Key: value\`, \`- Key: value\`, \`**Key:** value\`, \`**Key**: value\`.`,
    match:
      `${AFTER_BLANK}${startsWith(FIELD_KEYS[kind])}(?<=${LINE_START})` +
      fieldKeyAndColon(FIELD_KEYS[kind]) +
      '[ \\t]*(.*)$',
    name: `meta.field.${kind}.backlog`,
    captures: {
      1: BOLD_PUNCT,
      2: { name: `${BOLD} ${keyName}` },
      3: { name: `${BOLD} ${sep}` },
      4: BOLD_PUNCT,
      5: BOLD_PUNCT,
      6: { name: sep },
      7: { name: keyName },
      8: { name: sep },
      9: { name: 'string.unquoted.field-value.backlog', patterns: [...VALUE_PATTERNS[kind], { include: '#bold-close' }, ...MD_INLINE] },
    },
  };
}

// ------------------------------------------------------------------------------------------------- value statements
// Keywords per language (from STATEMENT_LANGUAGES in src/core/vocabulary.ts; languages with the same role word are
// one group, since a role keyword must be paired with a want keyword of its own language).
//   idioms:  words after the role keyword that make it prose, not a role (`As a result, I can...`)
//   benefitAfterComma: short benefit words that are common inside a clause too (`um`, `para`, `per`, `pour`): marked
//            only after a comma (or at the start of a wrapped line, or in bold)
const STATEMENT_GROUPS = [
  {
    code: 'en',
    role: ['as a', 'as an', 'as the', 'as'],
    want: [
      'i want', 'i wanna', 'i would like', 'i need', 'i can', 'i could', 'i should be able to',
      'i will be able to', 'i must be able to', 'i am able to', 'i wish', 'i expect', 'i would want', 'i should',
      'i must', 'i will', 'i may',
    ],
    benefit: ['so that', 'so i can', 'so we can', 'in order to', 'in order that', 'so as to'],
    benefitAfterComma: [],
    idioms: [
      'result', 'rule', 'whole', 'matter', 'consequence', 'example', 'aside', 'reminder', 'side note', 'workaround',
      'fallback', 'bonus', 'default', 'first step', 'last resort', 'precaution', 'alternative', 'starting point',
      'general rule', 'rule of thumb', 'side effect', 'courtesy', 'reference', 'bonus', 'final step', 'next step',
      // after a bare "As"
      'discussed', 'mentioned', 'expected', 'described', 'noted', 'requested', 'shown', 'needed', 'usual', 'always',
      'such', 'well', 'soon', 'of', 'far', 'long', 'if', 'per', 'part', 'before', 'above', 'below', 'follows',
      'you', 'we', 'i', 'it', 'they', 'he', 'she', 'this', 'that', 'these', 'those', 'much', 'many', 'opposed',
      'soon as', 'little', 'mentioned above', 'described above', 'things stand', 'for', 'to', 'in', 'with', 'an aside',
    ],
  },
  {
    code: 'de-nl',
    role: ['als'],
    want: [
      'möchte ich', 'will ich', 'muss ich', 'kann ich', 'brauche ich', 'benötige ich', 'wünsche ich mir', 'wünsche ich',
      'möchten wir', 'wollen wir', 'soll ich', 'wil ik graag', 'wil ik', 'zou ik graag', 'moet ik', 'kan ik',
    ],
    benefit: ['sodass', 'so dass', 'damit', 'zodat', 'opdat'],
    benefitAfterComma: ['um', 'om'],
    idioms: ['ich', 'wir', 'er', 'sie', 'es', 'du', 'ihr', 'man', 'ob', 'wenn', 'auch', 'folgt', 'ik', 'we', 'wij', 'hij', 'zij', 'ze', 'jij', 'je', 'u', 'volgt', 'ook'],
  },
  {
    code: 'fr',
    role: ["en tant que", "en tant qu'"],
    want: ['je veux', 'je souhaite', 'je voudrais', 'je dois pouvoir', 'je peux', 'je désire', "j'aimerais", 'je souhaiterais', 'nous voulons'],
    benefit: ['afin de', "afin d'", 'afin que', 'pour que', "pour qu'", 'de sorte que', 'dans le but de'],
    benefitAfterComma: ['pour'],
    idioms: [],
  },
  {
    code: 'es-pt',
    role: ['como'],
    want: [
      'quiero', 'necesito', 'deseo', 'me gustaría', 'me gustaria', 'quisiera', 'puedo', 'debo poder', 'queremos',
      'eu quero', 'quero', 'eu gostaria', 'gostaria', 'eu preciso', 'preciso', 'posso', 'eu posso', 'desejo', 'eu desejo',
    ],
    benefit: ['para que', 'con el fin de', 'de modo que', 'a fin de', 'a fim de'],
    benefitAfterComma: ['para'],
    idioms: ['se', 'ya', 'yo', 'siempre', 'ejemplo', 'resultado', 'você', 'sempre', 'exemplo', 'eu disse', 'dije', 'dijimos', 'sabes', 'sabemos'],
  },
  {
    code: 'it',
    role: ['come'],
    want: ['voglio', 'vorrei', 'ho bisogno di', 'desidero', 'posso', 'devo poter'],
    benefit: ['in modo da', 'in modo che', 'così da', 'così che', 'affinché'],
    benefitAfterComma: ['per'],
    idioms: ['se', 'già', 'sempre', 'detto', 'esempio', 'risultato'],
  },
  {
    code: 'sv',
    role: ['som'],
    want: ['vill jag', 'behöver jag', 'ska jag kunna', 'kan jag', 'vill vi'],
    benefit: ['så att', 'för att'],
    benefitAfterComma: [],
    idioms: ['jag', 'vi', 'du', 'ni', 'han', 'hon', 'sagt', 'vanligt', 'alltid'],
  },
  {
    code: 'ru',
    role: ['как'],
    want: ['я хочу', 'хочу', 'мне нужно', 'я могу', 'я бы хотел', 'я хотел бы', 'мы хотим'],
    benefit: ['для того чтобы', 'для того, чтобы', 'с целью'],
    benefitAfterComma: ['чтобы'],
    idioms: ['я', 'и', 'уже', 'всегда', 'правило', 'результат', 'например', 'видно', 'только', 'будто', 'раз', 'можно'],
  },
  {
    code: 'zh',
    cjk: true,
    role: ['作为'],
    want: ['我希望', '我想要', '我想', '我要', '我需要', '我可以', '我能够'],
    benefit: ['以便', '从而', '为了', '使得'],
    benefitAfterComma: [],
    idioms: [],
  },
];

/** A keyword, optionally wrapped in bold (`**As a**`): captures bold, keyword, bold, keyword. */
const boldable = (re) => `(?:(\\*\\*|__)(${re})(\\1)?|(${re}))`;
const boldableCaptures = (name, first = 1) => ({
  [first]: BOLD_PUNCT,
  [first + 1]: { name: `${BOLD} ${name}` },
  [first + 2]: BOLD_PUNCT,
  [first + 3]: { name },
});

/** Start of a statement: line/item start, after a table cell's `|`, after a heading's `#`, or after a label (`Story:`). */
const STATEMENT_START =
  `^${INDENT}${QUOTE}(?:${LIST_MARKER})?(?:${CHECKBOX})?(?:(?:\\*\\*|__)?[^\\s:*_\`|#>\\[][^:\\n*_\`|]{0,38}?(?:\\*\\*|__)?[ \\t]{0,4}[:：][ \\t]{0,8})?` +
  `|\\|[ \\t]{0,16}|${HEADING_START}`;
const AFTER_STATEMENT_START = '(?<![^ \\t>|:：*_])';

/** Alternation of keywords, each ending at a word end when its last character is a letter (`en tant qu'` is not). */
const keywords = (list, cjk) =>
  [...new Set(list)]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((w) => phrase(w) + (!cjk && /[\p{L}\p{N}]$/u.test(w) ? NOT_WORD_AFTER : ''))
    .join('|');

function statementRules(g) {
  const B = g.cjk ? '' : '\\b'; // keywords start with a letter; \b is much faster than a look-behind
  const role = `(?>${keywords(g.role, g.cjk)})`;
  const want = `${B}(?:${keywords(g.want, g.cjk)})`;
  const idioms = g.idioms.length ? `(?![ \\t]+(?:(?:${alt(['a', 'an', 'the'])})[ \\t]+)?(?:${alt(g.idioms)})(?![\\p{L}\\p{N}]))` : '';
  const later = g.cjk ? '[^\\n。]{0,60}?' : '[^\\n]{0,160}?';
  const wantLater = `(?=${later}(?:\\*\\*|__)?${want})`;
  const shortRoleLine = g.cjk ? '(?=[^\\n。，,]{1,30}[，,]?[ \\t]*$)' : '(?=[ \\t]+[^\\n.;:!?]{1,60}?[,，]?[ \\t]*(?:\\*\\*|__)?[ \\t]*$)';
  const commaClause = g.cjk
    ? `(?=[^\\n。]{1,40}?[，,]?[ \\t]*${want})`
    : `(?=[ \\t]+[^\\n,，.;:!?]{1,60}?[,，][ \\t]*(?:\\*\\*|__)?${want})`;

  const plain = g.benefit.length ? `${B}(?:${keywords(g.benefit, g.cjk)})` : null;
  const ambiguous = g.benefitAfterComma.length ? `${B}(?:${keywords(g.benefitAfterComma, g.cjk)})` : null;
  const afterComma = ambiguous && `(?<![^,，; \\t>])(?<=[,，;][ \\t]{0,3}|^${INDENT}${QUOTE})${ambiguous}`;
  const benefit = {
    comment: `Benefit clause keyword (${g.code}); short ones (${g.benefitAfterComma.join(', ') || 'none'}) only after a comma, at a line start or in bold.`,
    match: `(?:(\\*\\*|__)(${[plain, ambiguous].filter(Boolean).join('|')})(\\1)?|(${[plain, afterComma].filter(Boolean).join('|')}))`,
    captures: boldableCaptures('keyword.control.story.benefit.backlog'),
  };
  const wantRegion = {
    comment: `Want clause (${g.code}): from the want keyword to the end of the statement; holds the benefit keyword.`,
    begin: boldable(want),
    beginCaptures: boldableCaptures('keyword.control.story.want.backlog'),
    end: STATEMENT_END,
    name: 'meta.statement.want.backlog',
    patterns: [benefit, { include: '#statement-inner' }],
  };
  const body = { end: STATEMENT_END, name: 'meta.statement.backlog', patterns: [wantRegion, { include: '#statement-inner' }] };
  return [
    {
      comment: `Value statement (${g.code}) at the start of a line, item, cell, heading or after a label: with the want keyword later on the line, or as the first line of a wrapped statement (a short role line like \`As a product owner,\` or a bold role keyword).`,
      begin:
        `${AFTER_STATEMENT_START}${startsWith(g.role)}(?<=${STATEMENT_START})` +
        `(?:${boldable(role)}${idioms}${wantLater}|(\\*\\*|__)(${role})(\\5)|(${role})${idioms}${shortRoleLine})`,
      beginCaptures: {
        ...boldableCaptures('keyword.control.story.role.backlog'),
        5: BOLD_PUNCT,
        6: { name: `${BOLD} keyword.control.story.role.backlog` },
        7: BOLD_PUNCT,
        8: { name: 'keyword.control.story.role.backlog' },
      },
      ...body,
    },
    {
      comment: `Value statement (${g.code}) in the middle of a line: only with a comma clause (\`..., as a user, I want\`).`,
      begin: `${g.cjk ? '' : '(?<=[^\\p{L}\\p{N}_])'}(${role})${idioms}${commaClause}`,
      beginCaptures: { 1: { name: 'keyword.control.story.role.backlog' } },
      ...body,
    },
  ];
}

// ------------------------------------------------------------------------------------------------- Gherkin steps
const GHERKIN = {
  given: ['Given', 'Gegeben sei', 'Gegeben seien', 'Gegeben', 'Angenommen', "Étant donné que", "Étant donné qu'", 'Étant donné', "Etant donné que", 'Etant donné', 'Soit', 'Dado que', 'Dado', 'Dada', 'Dados', 'Dadas'],
  when: ['When', 'Wenn', 'Quand', 'Lorsque', 'Cuando'],
  then: ['Then', 'Dann', 'Alors', 'Entonces'],
  and: ['And', 'Und', 'Et'],
  but: ['But', 'Aber', 'Mais', 'Pero'],
};
/** Steps are capitalised (or all caps): `Given`, `GIVEN`. */
const gherkinWords = (step) => altExact(GHERKIN[step].flatMap((w) => [w, w.toUpperCase()]));
const gherkinInline = {
  comment: 'when/then inside a step line: `Given a user, when they log out, then...`.',
  match: `(?<=[ \\t,;])(?:(${alt(['when', 'wenn', 'quand', 'cuando'])})|(${alt(['then', 'dann', 'alors', 'entonces'])}))${NOT_WORD_AFTER}`,
  captures: { 1: { name: 'keyword.control.gherkin.when.backlog' }, 2: { name: 'keyword.control.gherkin.then.backlog' } },
};
/**
 * Prose starts sentences with these words too (`Given that...`, `When the build fails, retry`). A step line has no
 * comma, or its commas lead to the next step (`Given a user, when they log out, then...`).
 */
const STEP_LINE = `(?=[ \\t:]|$)(?![ \\t]+(?:${alt(['that', 'this', 'these', 'those'])})${NOT_WORD_AFTER})(?=[^,\\n]*$|[^\\n]*?,[ \\t]*(?:${alt(['when', 'then', 'and', 'but', 'wenn', 'dann', 'und', 'aber', 'quand', 'alors', 'et', 'mais', 'cuando', 'entonces', 'pero'])})${NOT_WORD_AFTER})`;
/** All steps in one rule (one regex instead of five in the scanner that runs at every position of every line). */
const STEPS = Object.keys(GHERKIN);
const gherkinSteps = (context) => {
  const group = STEPS.map((step) => `(${gherkinWords(step)})`).join('|');
  const captures = { 1: BOLD_PUNCT };
  STEPS.forEach((step, i) => {
    captures[2 + i] = { name: `${BOLD} keyword.control.gherkin.${step}.backlog` };
    captures[3 + STEPS.length + i] = { name: `keyword.control.gherkin.${step}.backlog` };
  });
  captures[2 + STEPS.length] = BOLD_PUNCT;
  captures[3 + 2 * STEPS.length] = { patterns: [gherkinInline, { include: '#bold-close' }, ...MD_INLINE] };
  return {
    comment: `A Gherkin step (Given/When/Then/And/But) at the start of ${context === ITEM_START ? 'a list item' : 'a line in a Given block'}.`,
    match: `${AFTER_BLANK}${startsWith(STEPS.flatMap((st) => GHERKIN[st]))}(?<=${context})(?:(\\*\\*|__)(?:${group})(\\1)?|(?:${group}))${STEP_LINE}(.*)$`,
    captures,
  };
};
const GHERKIN_LINE_START = `^${INDENT}${QUOTE}`;

// ------------------------------------------------------------------------------------------------- criteria
const CRITERIA_LABELS = [
  'acceptance criteria', 'acceptance-criteria', 'acceptance tests', 'acceptance test', 'ac',
  'a/c', 'akzeptanzkriterien', 'abnahmekriterien', "critères d'acceptation", "critère d'acceptation",
  "criteres d'acceptation", "critères d'acceptance", 'criterios de aceptación', 'criterios de aceptacion',
  'criterio de aceptación', 'critérios de aceitação', 'criterios de aceitacao', 'criteri di accettazione',
  'acceptatiecriteria', 'acceptanskriterier', 'критерии приемки', 'критерии приёмки', '验收标准', 'how to demo',
  'definition of done for this item',
];
const LABEL = `(?:${alt(CRITERIA_LABELS)})`;
const LABEL_SCOPE = 'keyword.other.criteria-label.backlog';

const criteriaHeading = {
  comment: 'An acceptance-criteria heading: `### Acceptance criteria`.',
  match: `(?<=[ \\t])${startsWith(CRITERIA_LABELS, false)}(?<=${HEADING_START})(${LABEL})(?=[ \\t]*[:：]?[ \\t]*(?:#+[ \\t]*)?$)`,
  captures: { 1: { name: LABEL_SCOPE } },
};
const criteriaLabel = {
  comment: 'An acceptance-criteria label line: `**Acceptance criteria:**`, `**AC**:`, `How to demo:`, `- Acceptance criteria`.',
  match:
    `${AFTER_BLANK}${startsWith(CRITERIA_LABELS)}(?<=${LINE_START})` +
    `(?:(\\*\\*|__)(${LABEL})(?:[ \\t]*([:：])[ \\t]*(\\1)|(\\1)(?:[ \\t]*([:：]))?)|(${LABEL})(?:[ \\t]*([:：])|(?=[ \\t]*$)))` +
    '[ \\t]*(.*)$',
  captures: {
    1: BOLD_PUNCT,
    2: { name: `${BOLD} ${LABEL_SCOPE}` },
    3: { name: `${BOLD} punctuation.separator.key-value.backlog` },
    4: BOLD_PUNCT,
    5: BOLD_PUNCT,
    6: { name: 'punctuation.separator.key-value.backlog' },
    7: { name: LABEL_SCOPE },
    8: { name: 'punctuation.separator.key-value.backlog' },
    9: { patterns: [{ include: '#bold-close' }, ...MD_INLINE] },
  },
};

const checkbox = {
  comment: 'A criterion checkbox: `- [ ] text` (unchecked), `- [x] text` (checked); the rest of the line is the criterion.',
  match: `${AFTER_BLANK}(?=\\[)(?<=^${INDENT}${QUOTE}(?:${LIST_MARKER})?)(?:(\\[ \\])(?=[ \\t]|$)(.*)|(\\[[xX]\\])(?=[ \\t]|$)(.*))$`,
  captures: {
    1: { name: 'constant.language.checkbox.unchecked.backlog' },
    2: { name: 'meta.criterion.unchecked.backlog', patterns: [{ include: '#bold-close' }, ...MD_INLINE] },
    3: { name: 'constant.language.checkbox.checked.backlog' },
    4: { name: 'meta.criterion.checked.backlog', patterns: [{ include: '#bold-close' }, ...MD_INLINE] },
  },
};

// ------------------------------------------------------------------------------------------------- the grammar
/** The keyword lists, for the test that they agree with the parser's vocabulary (test/grammar/run.mjs). */
export const VOCABULARY = { FIELD_KEYS, STATUS_WORDS, STATUS_SYMBOLS, PRIORITY_WORDS, CRITERIA_LABELS, STATEMENT_GROUPS };

export function buildGrammar() {
  const statements = STATEMENT_GROUPS.flatMap(statementRules);
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Backlog (markdown injection)',
    comment: 'GENERATED by test/grammar/generate-grammar.mjs: edit that file and run it. See docs/HIGHLIGHTING.md.',
    scopeName: 'text.backlog.injection',
    injectionSelector:
      'L:text.html.markdown -comment -markup.fenced_code -markup.raw -markup.inline.raw -meta.embedded -meta.link -markup.underline.link -string.other.link -meta.field-line.backlog',
    patterns: [
      { include: '#heading' },
      { include: '#checkbox' },
      { include: '#gherkin' },
      { include: '#criteria-label' },
      { include: '#field-line' },
      { include: '#list-item-id' },
      { include: '#table-cell-id' },
      { include: '#statement' },
    ],
    repository: {
      heading: { patterns: [headingId, criteriaHeading] },
      checkbox: { patterns: [checkbox] },
      gherkin: {
        patterns: [
          gherkinSteps(ITEM_START),
          {
            comment: 'A block of Gherkin lines that starts with a `Given` line (not a list): `When`/`Then`/`And`/`But` lines after it are steps too.',
            begin: `${AFTER_BLANK}${startsWith(GHERKIN.given)}(?<=${GHERKIN_LINE_START})${boldable(gherkinWords('given'))}${STEP_LINE}`,
            beginCaptures: boldableCaptures('keyword.control.gherkin.given.backlog'),
            end: PARAGRAPH_END,
            name: 'meta.gherkin.backlog',
            patterns: [
              gherkinSteps(GHERKIN_LINE_START),
              gherkinInline,
              { include: '#bold-close' },
              ...MD_INLINE,
            ],
          },
        ],
      },
      'criteria-label': { patterns: [criteriaLabel] },
      'field-line': {
        comment:
          'One cheap rule finds a field line (any key, then a colon); the rule of its kind then marks it. Saves seven regexes in the scanner that runs everywhere.',
        begin: `${AFTER_BLANK}${startsWith(ALL_FIELD_KEYS)}(?<=${LINE_START})(?=${fieldKeyAndColon(ALL_FIELD_KEYS)})`,
        end: '$',
        // Named so that the injection selector can leave it out: the zero-width begin would match again inside.
        name: 'meta.field-line.backlog',
        patterns: [...Object.keys(FIELD_KEYS).map(fieldLine), ...MD_INLINE],
      },
      'list-item-id': { patterns: [listItemId] },
      'table-cell-id': { patterns: [tableCellId] },
      statement: { patterns: statements },
      'statement-inner': { patterns: [{ include: '#bold-close' }, ...MD_INLINE] },
      'bold-close': {
        comment: 'The closing `**` of a bold span whose opening `**` one of our rules consumed (`**As a user**`).',
        match: '(?<=\\S)(?:\\*\\*|__)(?![\\p{L}\\p{N}*_])',
        name: 'markup.bold.markdown punctuation.definition.bold.markdown',
      },
    },
  };
}

export function grammarText() {
  return `${JSON.stringify(buildGrammar(), null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = grammarText();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(GRAMMAR_PATH, 'utf8');
    } catch {
      /* missing */
    }
    if (current !== text) {
      console.error('syntaxes/backlog.injection.tmLanguage.json is stale: run `node test/grammar/generate-grammar.mjs`');
      process.exit(1);
    }
    console.log('grammar is up to date');
  } else {
    writeFileSync(GRAMMAR_PATH, text);
    console.log(`wrote ${GRAMMAR_PATH}`);
  }
}
