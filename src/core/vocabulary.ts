// The words people write in real backlogs, in the languages the parser knows (en, de, fr, es, pt, it, nl, sv,
// ru, zh). Everything language-specific lives here so the parser, the docs and the grammar can agree on it.
import type { FieldKind, StatusKind } from './model';

/** Lower-cased field keys → kind. Keys are matched after trimming markup, case-insensitively. */
const FIELD_KEYS: Record<Exclude<FieldKind, 'other'>, readonly string[]> = {
  id: ['id', 'key', 'ref', 'story id', 'item id', 'nr', 'nr.', 'no', 'no.', '#', 'numéro', 'numero', 'número', 'nummer', 'номер', '编号'],
  priority: [
    'priority', 'prio', 'rank', 'importance', 'imp', 'imp.', 'moscow', 'priorität', 'priorisierung', 'prioridad', 'priorité',
    'priorite', 'priorità', 'prioridade', 'prioriteit', 'prioritet', 'приоритет', '优先级', 'business value', 'bv',
  ],
  estimate: [
    'estimate', 'estimation', 'est', 'est.', 'points', 'story points', 'sp', 'effort', 'size', 'hours', 'days', 'time',
    'schätzung', 'aufwand', 'estimación', 'estimacion', 'estimativa', 'stima', 'schatting', 'uppskattning', 'оценка',
    'temps', 'durée', 'puntos', 'pontos', 'punti', 'punkte', 'storypoints', '估算', '故事点',
  ],
  status: ['status', 'state', 'stage', 'estado', 'statut', 'état', 'etat', 'stato', 'zustand', 'статус', '状态'],
  dependsOn: [
    'depends on', 'depends', 'dependencies', 'dependency', 'blocked by', 'requires', 'abhängigkeiten', 'abhängig von',
    'abhaengigkeiten', 'dependencias', 'depende de', 'dépendances', 'dependances', 'dépend de', 'dipendenze', 'dipende da',
    'dependências', 'afhankelijkheden', 'beroenden', 'зависимости', '依赖',
  ],
  owner: ['owner', 'assignee', 'assigned to', 'assigned', 'responsible', 'verantwortlich', 'zuständig', 'responsable', 'responsabile', 'dono', 'eigenaar', 'ansvarig', 'ответственный', '负责人'],
  sprint: ['sprint', 'iteration', 'release', 'milestone', 'meilenstein', 'itération'],
  value: ['value', 'user value', 'benefit', 'nutzen', 'mehrwert', 'valeur', 'valor', 'valore', 'waarde', 'värde', 'ценность', '价值'],
  title: [
    'title', 'titel', 'titre', 'título', 'titolo', 'story', 'user story', 'item', 'item title', 'task', 'tâche', 'tache',
    'aufgabe', 'feature', 'description', 'beschreibung', 'descripción', 'descripcion', 'descrição', 'descrizione',
    'omschrijving', 'beskrivning', 'описание', '描述', 'name', 'requirement', 'anforderung', 'exigence', 'requisito',
    'historia de usuario', 'user-story', 'história', 'storia', 'история', '用户故事', 'summary', 'backlog item', 'pbi',
  ],
};

/** Labels of an acceptance-criteria section or column. */
export const CRITERIA_LABEL =
  /^(?:acceptance[ -]?criteria|acceptance[ -]?tests?|ac|a\/c|akzeptanzkriterien|abnahmekriterien|crit[eè]res? d'acceptation|crit[eè]res? d’acceptation|crit[eè]res? d'acceptance|criterios? de aceptaci[oó]n|crit[eé]rios? de aceita[cç][aã]o|criteri di accettazione|acceptatiecriteria|acceptanskriterier|критерии приемки|критерии приёмки|验收标准|how to demo|demo|definition of done for this item)$/i;

/** Headings of sections that are not part of the backlog (legends, DoD, glossaries...). */
export const NON_BACKLOG_SECTION =
  /^(?:definition of (?:done|ready)|dod|dor|glossary|glossar|glossaire|glosario|references?|referenzen|legend|legende|légende|leyenda|table of contents|contents|toc|inhalt|inhaltsverzeichnis|sommaire|links|team|contributors|license|licen[cs]e|changelog|change log|notes?|about|introduction|einleitung|overview|übersicht|methodology|methodik|méthodologie|conventions?|how to use|usage|roles?|rollen|personas?|potential users|user roles|states|statuses|status legend|workflow|abbreviations|abkürzungen)\b/i;

/** Whether a heading names a non-backlog section; also checks the last word (`Projektmanagement-Methodik`). */
export function isNonBacklogSection(heading: string): boolean {
  const norm = normaliseWord(heading.replace(/^[\d.]+\s*/, '').replace(/^[^\p{L}\p{N}]+/u, ''));
  const last = norm.split(/[-\s]+/).pop() ?? '';
  return NON_BACKLOG_SECTION.test(norm) || (last !== norm && /^(?:methodik|methodology|méthodologie|glossar|glossary|legende|legend)$/.test(last));
}

/** Headings of a section whose items are done. */
export const DONE_SECTION = /^(?:done|completed|finished|closed|erledigt|fertig|abgeschlossen|terminé|termine|hecho|terminado|concluído|fatto|klaar|klart|готово|已完成|完成)\b/i;

/** Words that mark a document-order-free priority tier (MoSCoW, High/Medium/Low...). */
const BUCKETS: Record<string, readonly string[]> = {
  critical: ['critical', 'critique', 'kritisch', 'crítica', 'critica', 'crítico', 'critico', 'urgent', 'dringend', 'blocker', 'highest', 'sehr hoch', 'very high', 'très haute', 'muy alta', 'критический', '紧急'],
  high: ['high', 'hoch', 'haute', 'élevée', 'elevee', 'haut', 'alta', 'alto', 'hoog', 'hög', 'wysoki', 'высокий', '高', 'major', 'important', 'wichtig'],
  medium: ['medium', 'mittel', 'moyenne', 'moyen', 'media', 'medio', 'média', 'normal', 'middel', 'mellan', 'średni', 'средний', '中'],
  low: ['low', 'niedrig', 'basse', 'bas', 'baja', 'bajo', 'bassa', 'basso', 'baixa', 'laag', 'låg', 'niski', 'низкий', '低', 'minor', 'very low', 'sehr niedrig', 'lowest', 'trivial'],
  must: ['must', 'must have', 'must-have', 'm', 'essential', 'essentiel', 'muss'],
  should: ['should', 'should have', 'should-have', 's', 'recommended', 'soll', 'sollte'],
  could: ['could', 'could have', 'could-have', 'c', 'optional', 'nice to have', 'kann', 'könnte'],
  wont: ["won't", 'wont', "won't have", 'wont have', 'w', 'will not have', 'later'],
};

const STATUS_WORDS: Record<StatusKind, readonly string[]> = {
  todo: ['todo', 'to do', 'to-do', 'open', 'new', 'backlog', 'planned', 'not started', 'offen', 'neu', 'geplant', 'à faire', 'a faire', 'ouvert', 'pendiente', 'por hacer', 'nuevo', 'pendente', 'a fazer', 'da fare', 'nieuw', 'att göra', 'к выполнению', 'новый', '待办', ':x:', '❌', '⬜', '🔲'],
  refining: ['refining', 'refinement', 'needs refinement', 'draft', 'idea', 'needs decision', 'proposed', 'entwurf', 'brouillon', 'borrador', 'rascunho', 'bozza', 'in refinement'],
  ready: ['ready', 'ready for dev', 'ready for development', 'refined', 'bereit', 'prêt', 'pret', 'listo', 'pronto', 'klaar voor ontwikkeling', 'готово к работе'],
  'in-progress': ['in progress', 'in-progress', 'doing', 'wip', 'started', 'ongoing', 'active', 'in arbeit', 'in bearbeitung', 'en cours', 'en progreso', 'en curso', 'em andamento', 'em progresso', 'in corso', 'bezig', 'pågående', 'в работе', '进行中', '🚧', ':construction:'],
  review: ['review', 'in review', 'testing', 'in test', 'qa', 'code review', 'prüfung', 'en revue', 'en revisión', 'em revisão', 'in revisione', 'на проверке', '审核中'],
  done: ['done', 'complete', 'completed', 'finished', 'closed', 'resolved', 'implemented', 'erledigt', 'fertig', 'abgeschlossen', 'terminé', 'termine', 'fait', 'hecho', 'terminado', 'completado', 'concluído', 'concluido', 'feito', 'fatto', 'completato', 'klaar', 'klart', 'gedaan', 'готово', 'выполнено', '完成', '已完成', '✅', '✔', '✔️', '☑', ':heavy_check_mark:', ':white_check_mark:', '✓'],
  accepted: ['accepted', 'abgenommen', 'akzeptiert', 'accepté', 'accepte', 'aceptado', 'aceito', 'accettato', 'geaccepteerd', 'accepterad', 'принято', '已验收'],
  rejected: ['rejected', 'cancelled', 'canceled', "won't do", 'wontfix', 'dropped', 'abgelehnt', 'verworfen', 'rejeté', 'annulé', 'rechazado', 'cancelado', 'rifiutato', 'afgewezen', 'отклонено', '已拒绝'],
};

const fieldIndex = new Map<string, FieldKind>();
for (const [kind, keys] of Object.entries(FIELD_KEYS)) for (const k of keys) fieldIndex.set(k, kind as FieldKind);
const bucketIndex = new Map<string, string>();
for (const [bucket, words] of Object.entries(BUCKETS)) for (const w of words) bucketIndex.set(w, bucket);
const statusIndex = new Map<string, StatusKind>();
for (const [kind, words] of Object.entries(STATUS_WORDS)) for (const w of words) statusIndex.set(w, kind as StatusKind);

/** Normalises a key or word for lookup: lower case, markup, emoji shortcodes' colons kept, trailing `:`/`.` dropped. */
export function normaliseWord(text: string): string {
  return text
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[:：]$/, '')
    .toLowerCase();
}

/** The kind of a field key, with user aliases (lower-cased key → kind) taking precedence. */
export function fieldKindOf(key: string, aliases?: ReadonlyMap<string, FieldKind>): FieldKind {
  const k = normaliseWord(key);
  return aliases?.get(k) ?? fieldIndex.get(k) ?? fieldIndex.get(k.replace(/\s*\(.*\)$/, '')) ?? 'other';
}

/** Reads a priority word such as `High`, `🔴 Critique`, `Must have` as a bucket, or null. */
export function bucketOf(word: string): string | null {
  const w = normaliseWord(word)
    .replace(/^[^\p{L}]+/u, '')
    .replace(/[^\p{L}')\s]+$/u, '')
    .trim();
  return bucketIndex.get(w) ?? bucketIndex.get(w.replace(/\s*\(.*\)$/, '')) ?? null;
}

/** Reads a status word (`In Progress`, `✅ Done`, `:heavy_check_mark:`) as a status kind, or null. */
export function statusKindOf(word: string): StatusKind | null {
  const w = normaliseWord(word);
  const direct = statusIndex.get(w);
  if (direct) return direct;
  // Emoji or shortcode followed by a word (`✅ Done`), or a word followed by a note (`Done (sprint 3)`).
  for (const part of w.split(/\s+(?=\S)/)) {
    const k = statusIndex.get(part);
    if (k) return k;
  }
  const stripped = w.replace(/^[^\p{L}:]+/u, '').replace(/\s*[(\-–—].*$/, '').trim();
  return statusIndex.get(stripped) ?? null;
}

/** Value-statement keywords per language. Each is a regex source fragment (alternatives), matched case-insensitively. */
export interface StatementLanguage {
  readonly code: string;
  readonly role: string;
  readonly want: string;
  readonly benefit: string;
}

export const STATEMENT_LANGUAGES: readonly StatementLanguage[] = [
  {
    code: 'en',
    role: 'as an?|as the|as',
    want: "i\\s+(?:want|wanna|would\\s+like|'d\\s+like|need|can|could|should\\s+be\\s+able\\s+to|will\\s+be\\s+able\\s+to|must\\s+be\\s+able\\s+to|am\\s+able\\s+to|wish|expect|would\\s+want|should|must|will|may)|we\\s+(?:want|need|would\\s+like|can|should\\s+be\\s+able\\s+to)",
    benefit: 'so\\s+that|so\\s+i\\s+can|so\\s+we\\s+can|so\\s+i|in\\s+order\\s+to|in\\s+order\\s+that|so\\s+as\\s+to',
  },
  {
    code: 'de',
    role: 'als',
    want: 'möchte\\s+ich|will\\s+ich|muss\\s+ich|kann\\s+ich|brauche\\s+ich|benötige\\s+ich|wünsche\\s+ich(?:\\s+mir)?|möchten\\s+wir|wollen\\s+wir|soll\\s+ich',
    benefit: 'um|damit|sodass|so\\s+dass',
  },
  {
    code: 'fr',
    role: "en\\s+tant\\s+qu(?:e|')|en\\s+tant\\s+qu’",
    want: "je\\s+(?:veux|souhaite|voudrais|dois\\s+pouvoir|peux|désire|voudrai)|j'aimerais|j’aimerais|je\\s+souhaiterais|nous\\s+voulons",
    benefit: "afin\\s+de|afin\\s+d'|afin\\s+que|pour\\s+que|pour\\s+qu'|de\\s+sorte\\s+que|pour|dans\\s+le\\s+but\\s+de",
  },
  {
    code: 'es',
    role: 'como',
    want: 'quiero|necesito|deseo|me\\s+gustaría|me\\s+gustaria|quisiera|puedo|debo\\s+poder|queremos',
    benefit: 'para\\s+que|para|con\\s+el\\s+fin\\s+de|de\\s+modo\\s+que|a\\s+fin\\s+de',
  },
  {
    code: 'pt',
    role: 'como',
    want: 'eu\\s+quero|quero|eu\\s+gostaria|gostaria|eu\\s+preciso|preciso|posso|eu\\s+posso|desejo|eu\\s+desejo',
    benefit: 'para\\s+que|para|de\\s+modo\\s+que|a\\s+fim\\s+de',
  },
  {
    code: 'it',
    role: 'come',
    want: 'voglio|vorrei|ho\\s+bisogno\\s+di|desidero|posso|devo\\s+poter',
    benefit: 'in\\s+modo\\s+da|in\\s+modo\\s+che|così\\s+da|così\\s+che|affinché|per',
  },
  {
    code: 'nl',
    role: 'als',
    want: 'wil\\s+ik|zou\\s+ik\\s+graag|moet\\s+ik|kan\\s+ik|wil\\s+ik\\s+graag',
    benefit: 'zodat|om|opdat',
  },
  {
    code: 'sv',
    role: 'som',
    want: 'vill\\s+jag|behöver\\s+jag|ska\\s+jag\\s+kunna|kan\\s+jag|vill\\s+vi',
    benefit: 'så\\s+att|för\\s+att',
  },
  {
    code: 'ru',
    role: 'как',
    want: 'я\\s+хочу|хочу|мне\\s+нужно|я\\s+могу|я\\s+бы\\s+хотел|я\\s+хотел\\s+бы|мы\\s+хотим',
    benefit: 'чтобы|для\\s+того\\s*,?\\s+чтобы|с\\s+целью',
  },
  {
    code: 'zh',
    role: '作为',
    want: '我希望|我想要|我想|我要|我需要|我可以|我能够',
    benefit: '以便|从而|这样|为了|使得',
  },
];

/** How a value statement is written back in each language (the board's editor and quick fixes use these). */
export const STATEMENT_TEMPLATES: Record<string, { full: string; noBenefit: string }> = {
  en: { full: 'As a {role}, I want {want}, so that {benefit}.', noBenefit: 'As a {role}, I want {want}.' },
  de: { full: 'Als {role} möchte ich {want}, um {benefit}.', noBenefit: 'Als {role} möchte ich {want}.' },
  fr: { full: 'En tant que {role}, je veux {want} afin de {benefit}.', noBenefit: 'En tant que {role}, je veux {want}.' },
  es: { full: 'Como {role}, quiero {want}, para {benefit}.', noBenefit: 'Como {role}, quiero {want}.' },
  pt: { full: 'Como {role}, eu quero {want}, para que {benefit}.', noBenefit: 'Como {role}, eu quero {want}.' },
  it: { full: 'Come {role}, voglio {want}, in modo da {benefit}.', noBenefit: 'Come {role}, voglio {want}.' },
  nl: { full: 'Als {role} wil ik {want}, zodat {benefit}.', noBenefit: 'Als {role} wil ik {want}.' },
  sv: { full: 'Som {role} vill jag {want}, så att {benefit}.', noBenefit: 'Som {role} vill jag {want}.' },
  ru: { full: 'Как {role}, я хочу {want}, чтобы {benefit}.', noBenefit: 'Как {role}, я хочу {want}.' },
  zh: { full: '作为{role}，我希望{want}，以便{benefit}。', noBenefit: '作为{role}，我希望{want}。' },
};
