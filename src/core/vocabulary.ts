// The words people write in real backlogs, in the languages the parser knows (en, de, fr, es, pt, it, nl, sv,
// ru, zh). Everything language-specific lives here so the parser, the docs and the grammar can agree on it.
import type { FieldKind, StatusKind } from './model';

/** Lower-cased field keys → kind. Keys are matched after trimming markup, case-insensitively. */
const FIELD_KEYS: Record<Exclude<FieldKind, 'other'>, readonly string[]> = {
  id: [
    'id', 'key', 'ref', 'story id', 'item id', 'nr', 'nr.', 'no', 'no.', '#', 'n°', 'nº', 'numéro', 'numero', 'número', 'nummer', 'номер', '编号',
    'us', 'us #', 'us id', 'story #', 'user story #', 'user story id', 'item #', 'issue #', 'ticket #', 'código', 'codigo',
    'code', 'cód', 'cód.', 'cod', 'cod.', 'hu', 'hu #', 'clave', 'chave', 'identifiant', 'identificador', 'kennung', 'task #',
    'task id', 'req #', 'req id', 'requirement id', 'rf', 'story key',
  ],
  priority: [
    'priority', 'prio', 'rank', 'importance', 'imp', 'imp.', 'moscow', 'priorität', 'priorisierung', 'prioridad', 'priorité',
    'priorite', 'priorità', 'prioridade', 'prioriteit', 'prioritet', 'приоритет', '优先级', 'business value', 'bv', 'prio.',
    'importancia', 'importanza', 'urgency', 'dringlichkeit', 'wichtigkeit', 'urgence',
  ],
  estimate: [
    'estimate', 'estimation', 'est', 'est.', 'points', 'story points', 'sp', 'effort', 'size', 'hours', 'days', 'time',
    'schätzung', 'aufwand', 'estimación', 'estimacion', 'estimativa', 'stima', 'schatting', 'uppskattning', 'оценка',
    'temps', 'durée', 'puntos', 'pontos', 'punti', 'punkte', 'storypoints', '估算', '故事点', 'pts', 'pt', 'duration', 'dauer',
    'duración', 'tiempo', 'tempo', 'tijd', 'tid', 'время', 'poker', 'complexity', 'complexité', 'komplexität',
  ],
  status: [
    'status', 'state', 'stage', 'estado', 'statut', 'état', 'etat', 'stato', 'zustand', 'статус', '状态', 'progress', 'progression',
    'avancement', 'fortschritt', 'progreso', 'progresso', 'voortgang', 'состояние', '进度',
  ],
  dependsOn: [
    'depends on', 'depends', 'dependencies', 'dependency', 'blocked by', 'requires', 'abhängigkeiten', 'abhängig von',
    'abhaengigkeiten', 'dependencias', 'depende de', 'dépendances', 'dependances', 'dépend de', 'dipendenze', 'dipende da',
    'dependências', 'afhankelijkheden', 'beroenden', 'зависимости', '依赖', 'prerequisites', 'voraussetzungen', 'prérequis',
    'prerrequisitos', 'pré-requisitos',
  ],
  owner: [
    'owner', 'assignee', 'assignees', 'assigned to', 'assigned', 'responsible', 'verantwortlich', 'zuständig', 'responsable', 'responsabile',
    'dono', 'eigenaar', 'ansvarig', 'ответственный', 'исполнитель', '负责人', 'propriétaire', 'who', 'wer', 'qui',
  ],
  sprint: ['sprint', 'iteration', 'release', 'milestone', 'meilenstein', 'itération'],
  value: ['value', 'user value', 'benefit', 'nutzen', 'mehrwert', 'valeur', 'valor', 'valore', 'waarde', 'värde', 'ценность', '价值'],
  title: [
    'title', 'titel', 'titre', 'título', 'titolo', 'story', 'user story', 'item', 'item title', 'task', 'tâche', 'tache',
    'aufgabe', 'feature', 'description', 'beschreibung', 'descripción', 'descripcion', 'descrição', 'descrizione',
    'omschrijving', 'beskrivning', 'описание', '描述', 'name', 'requirement', 'anforderung', 'exigence', 'requisito',
    'historia de usuario', 'user-story', 'história', 'storia', 'история', '用户故事', 'summary', 'backlog item', 'pbi',
    'backlog items', 'product backlog item', 'product backlog items', 'items', 'tasks', 'stories', 'user stories', 'features',
    'fonctionnalité', 'fonctionnalite', 'fonctionnalités', 'funcionalidad', 'funcionalidade', 'funktion', 'funktionalität',
    'funzionalità', 'functionaliteit', 'funktionalitet', 'функция', 'функциональность', '功能', 'tarea', 'tarefa', 'taak',
    'uppgift', 'задача', '任务', 'título', 'nom', 'nombre', 'naam', 'namn', 'название', 'historia', 'historias',
    'historia de usuario', 'historias de usuario', 'história de usuário', 'histórias de usuário', 'historia de usuário',
    'user story title', 'story title', 'story name', 'what',
    'product backlog item', 'tâches', 'taches', 'tareas', 'tarefas', 'aufgaben', 'attività', 'compito', 'requisiti',
    'requisitos', 'requirements', 'exigences', 'anforderungen', 'eis', 'krav', 'требование', 'требования', '需求',
    'to do', 'todo', 'work item', 'work items', 'ticket title', 'issue title', 'story / task', 'story/task', 'task / story',
  ],
};

/** Labels of an acceptance-criteria section or column. */
export const CRITERIA_LABEL =
  /^(?:acceptance[ -]?criteria|acceptance[ -]?criterion|acceptance[ -]?tests?|acceptance|ac|a\/c|acs|criteria|criterion|criteri|criterios|critérios|critères|kriterien|conditions of satisfaction|validation criteria|verification criteria|test criteria|done when|akzeptanzkriterien|abnahmekriterien|crit[eè]res? d'acceptation|crit[eè]res? d'acceptance|crit[eè]res? de validation|crit[eè]res? d'acceptabilit[eé]|criterios? de aceptaci[oó]n|criterios? de aceite|criterios? de validaci[oó]n|crit[eé]rios? de aceita[cç][aã]o|crit[eé]rios? de aceite|crit[eé]rios? de valida[cç][aã]o|criteri di accettazione|criteri di accettabilità|acceptatiecriteria|acceptanskriterier|критерии приемки|критерии приёмки|验收标准|验收条件|how to demo|how to test|demo|definition of done for this item)$/i;

/**
 * A numbered criterion label: `AC1`, `AC#1`, `AC-2`, `AC 3`, `Criterion 2`, `Scenario 1`, `Critère 1`, optionally with
 * a title after a dash or colon (`AC#1 — Sign-up`, `AC1: Sign-in`). Matched against a normalised word (lower case, no
 * markup). `title` is the part after the number.
 */
export const NUMBERED_CRITERION =
  /^(?:ac|acceptance criteri(?:on|a)|criteri(?:on|o|a)|crit[eè]re|crit[eé]rio|kriterium|scenario|escenario|cen[aá]rio|szenario|sc[eé]nario)[ \t]*[#-]?[ \t]*\d{1,3}(?:\.\d{1,3})?[.)]?(?:[ \t]*[—–:-][ \t]*(?<title>.*)|[ \t]+(?<bare>\S.*))?$/;

/** A criteria label or a numbered criterion (`AC1: Sign-in`), given a normalised word (see normaliseWord). */
export const isCriteriaLabel = (word: string): boolean => CRITERIA_LABEL.test(word) || NUMBERED_CRITERION.test(word);

/** Headings of sections that are not part of the backlog (legends, DoD, glossaries...): the whole heading is one of these. */
const NON_BACKLOG_WORDS =
  /^(?:definition of (?:done|ready)(?: \(do[dr]\))?|dod|dor|glossary|glossar|glossaire|glosario|glossário|glossario|references?|referenzen|références|referencias|riferimenti|legend|legende|légende|leyenda|legenda|table of contents|contents|toc|inhalt|inhaltsverzeichnis|sommaire|índice|indice|links|team|the team|contributors|license|licen[cs]e|lizenz|changelog|change log|notes?|notas|remarques|anmerkungen|hinweise|примечания|about|introduction|einleitung|overview|übersicht|vue d'ensemble|methodology|methodik|méthodologie|conventions?|how to use|usage|roles?|rollen|rôles|roller|ruoli|papéis|роли|personas?|potential users|user roles|user types|states|statuses|status legend|workflow|abbreviations|abkürzungen|questions|open questions|questions ouvertes|faq|frequently asked questions|q&a|fragen|offene fragen|preguntas|preguntas abiertas|perguntas|perguntas em aberto|domande|domande aperte|vragen|open vragen|frågor|öppna frågor|вопросы|открытые вопросы|问题|疑问|常见问题|technical notes?|tech notes?|technical details|technical remarks|implementation notes?|developer notes?|dev notes?|notes techniques|note techniche|notas t[eé]cnicas|technische (?:hinweise|notizen|anmerkungen|details)|technische notities|tekniska anteckningar|технические (?:заметки|примечания|детали)|技术说明|技术备注|技术细节)$/u;

/**
 * Whether a heading names a non-backlog section: the whole heading (numbering, emoji, a trailing colon or a
 * parenthetical dropped) is one of the words above, it starts with "Definition of Done/Ready", or its last word is
 * one (`Projektmanagement-Methodik`).
 */
export function isNonBacklogSection(heading: string): boolean {
  // The patterns below cost a long heading's length squared (`A - - - …`, issue #10); such words are short.
  if (heading.length > 200) return isNonBacklogSection(heading.slice(0, 200));
  const norm = normaliseWord(heading.replace(/^[\d.]+\s*/, '').replace(/^[^\p{L}\p{N}]+/u, ''))
    .replace(/[^\p{L}\p{N})]+$/u, '')
    .trim();
  if (NON_BACKLOG_WORDS.test(norm) || NON_BACKLOG_WORDS.test(norm.replace(/\s*\(.*\)$/, ''))) return true;
  if (/^definition of (?:done|ready)\b/.test(norm)) return true;
  const last = norm.split(/[-\s]+/).pop() ?? '';
  return last !== norm && /^(?:methodik|methodology|méthodologie|glossar|glossary|legende|legend)$/.test(last);
}

/** Backwards-compatible pattern form of isNonBacklogSection (matches the start of a normalised heading). */
export const NON_BACKLOG_SECTION = NON_BACKLOG_WORDS;

/**
 * Words in a heading that say the file holds a backlog (`Product Backlog`, `Open bugs`, `New features`, `Roadmap`,
 * `Sprint 2`, `TODO`): without one, prose sections under headings are documentation, not items.
 */
export const BACKLOG_HEADING =
  /(?<![\p{L}\p{N}])(?:backlog|todos?|to-?do|to do|roadmap|user stor(?:y|ies)|stor(?:y|ies)|features?|feature requests?|bugs?|issues|tasks?|ideas?|wish ?list|requirements?|sprints?|releases?|milestones?|epics?|improvements?|enhancements?|planned|next|later|done|in progress|doing|open|fixes|must have|should have|could have|nice to have|won't have|pendientes|tareas|historias|funcionalidades|requisitos|mejoras|aufgaben|anforderungen|funktionen|verbesserungen|fonctionnalités|tâches|exigences|besoins|améliorations|attività|requisiti|funzionalità|miglioramenti|taken|wensen|eisen|uppgifter|krav|задачи|требования|функции|бэклог|待办|需求|任务|功能|迭代)(?![\p{L}\p{N}])/iu;

/** Headings of a section whose items are done. */
export const DONE_SECTION = /^(?:done|completed|finished|closed|erledigt|fertig|abgeschlossen|terminé|termine|hecho|terminado|concluído|fatto|klaar|klart|готово|已完成|完成)(?![\p{L}\p{N}])/iu;

/**
 * List items that annotate the list instead of being items: `NOTE: ...`, `[Setting] denotes ...`. Matched against
 * the item's first line without markup.
 */
export const ANNOTATION =
  /^(?:(?:note|notes|nb|n\.b\.|hinweis|anmerkung|remarque|nota|notas|ps|p\.s\.|tip|hint|info|important|warning|caveat|примечание|注意|备注)\s*[:：]|\S+(?:\s+\S+){0,2}\s+(?:denotes|means|indicates|stands for|bedeutet|signifie|significa)\s)/i;

/** Words that mark a document-order-free priority tier (MoSCoW, High/Medium/Low...). */
const BUCKETS: Record<string, readonly string[]> = {
  critical: ['critical', 'critique', 'kritisch', 'crítica', 'critica', 'crítico', 'critico', 'urgent', 'dringend', 'blocker', 'highest', 'sehr hoch', 'very high', 'très haute', 'muy alta', 'критический', '紧急'],
  high: ['high', 'hoch', 'haute', 'élevée', 'elevee', 'haut', 'alta', 'alto', 'hoog', 'hög', 'wysoki', 'высокий', '高', 'major', 'important', 'importante', 'wichtig'],
  medium: ['medium', 'mittel', 'moyenne', 'moyen', 'media', 'medio', 'média', 'normal', 'middel', 'mellan', 'średni', 'средний', '中'],
  low: ['low', 'niedrig', 'basse', 'bas', 'baja', 'bajo', 'bassa', 'basso', 'baixa', 'laag', 'låg', 'niski', 'низкий', '低', 'minor', 'very low', 'sehr niedrig', 'lowest', 'trivial'],
  must: ['must', 'must have', 'must-have', 'm', 'essential', 'essentiel', 'essentiels', 'essentielles', 'esencial', 'esenciales', 'essencial', 'essenciais', 'essenziale', 'essenziali', 'muss', 'required', 'obligatoire', 'obligatorio', 'obligatorios', 'obrigatório', 'obrigatórios', 'obbligatorio', 'obbligatori'],
  should: ['should', 'should have', 'should-have', 's', 'recommended', 'soll', 'sollte', 'recommandé', 'recomendado'],
  could: ['could', 'could have', 'could-have', 'c', 'optional', 'optionnel', 'opcional', 'nice to have', 'nice-to-have', 'kann', 'könnte', 'bonus', 'bonuses'],
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
  return (
    text
      // Markup goes; an emoji shortcode (`:heavy_check_mark:`) keeps its underscores and colons.
      .replace(/(:[a-z0-9]+(?:[_+-][a-z0-9]+)*:)|[*_`~]/gi, (m, code: string | undefined) => code ?? '')
      .replace(/[’‘ʼ]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/(?<!:[a-z0-9]+(?:[_+-][a-z0-9]+)*)\s*[:：]$/i, '')
      .toLowerCase()
  );
}

// Keys not in the lists are read by their first or last word (`Status Backend`, `Epic/User Story ID`, `Temps de
// réalisation (en journée)`), which is how people extend a known column name.
const ID_LAST = new Set(['id', '#', 'nr', 'nr.', 'no', 'no.', 'n°', 'nº', 'number', 'num', 'numéro', 'número', 'nummer', 'номер', '编号']);
const FIRST_WORD: Record<string, FieldKind> = {};
// `Código da Story`, `Code US`, `ID de la historia`: the code or ID of something is the item's ID.
for (const w of ['código', 'codigo', 'code', 'id', 'identifiant', 'identificador', 'nummer', 'numéro', 'número']) FIRST_WORD[w] = 'id';
for (const w of ['status', 'state', 'statut', 'estado', 'stato', 'zustand', 'статус', 'état', 'progress', 'progression']) FIRST_WORD[w] = 'status';
for (const w of ['priority', 'prio', 'priorität', 'priorité', 'prioridad', 'priorità', 'prioridade', 'prioriteit', 'приоритет', 'importance']) FIRST_WORD[w] = 'priority';
for (const w of ['estimate', 'estimation', 'estimated', 'schätzung', 'temps', 'effort', 'aufwand', 'estimación', 'estimativa', 'stima', 'оценка']) FIRST_WORD[w] = 'estimate';
for (const w of ['owner', 'assignee', 'assigned', 'responsible', 'verantwortlich', 'responsable']) FIRST_WORD[w] = 'owner';
const ESTIMATE_LAST = new Set(['points', 'punkte', 'sp', 'pts', 'hours', 'stunden', 'heures', 'horas', 'days', 'tage', 'jours', 'días', 'estimate', 'effort']);

/** The kind of a field key, with user aliases (lower-cased key → kind) taking precedence. */
export function fieldKindOf(key: string, aliases?: ReadonlyMap<string, FieldKind>): FieldKind {
  // No field name is that long; the patterns below would cost the key's length squared (a header of 50,000 `(`).
  if (key.length > 200) return 'other';
  const k = normaliseWord(key);
  const direct = aliases?.get(k) ?? fieldIndex.get(k);
  if (direct) return direct;
  const bare = k.replace(/\s*\(.*\)$/, '').trim();
  const known = aliases?.get(bare) ?? fieldIndex.get(bare);
  if (known) return known;
  // `Epic/User Story ID`: a column that holds either an epic's or a story's ID is the ID column.
  const alternatives = bare.split('/');
  if (alternatives.length > 1) {
    const last = alternatives[alternatives.length - 1].trim();
    if ((aliases?.get(last) ?? fieldIndex.get(last)) === 'id') return 'id';
    // `Story / task`, `Feature/Epic`: alternatives of one kind are that kind.
    const kinds = new Set(alternatives.map((a) => aliases?.get(a.trim()) ?? fieldIndex.get(a.trim()) ?? 'other'));
    if (kinds.size === 1 && !kinds.has('other')) return [...kinds][0];
  }
  const words = bare.split(/[\s/_]+/).filter(Boolean);
  if (words.length < 2 || words.length > 4) return 'other';
  if (ID_LAST.has(words[words.length - 1])) return /^(?:epic|parent|feature|related|linked|relates|relacion|relación|relation)$/.test(words[0]) ? 'other' : 'id';
  const first = FIRST_WORD[words[0]];
  if (first) return first;
  if (ESTIMATE_LAST.has(words[words.length - 1])) return 'estimate';
  return 'other';
}

/** Reads a priority word such as `High`, `🔴 Critique`, `Must have` as a bucket, or null. */
export function bucketOf(word: string): string | null {
  if (word.length > 200) return bucketOf(word.slice(0, 200)); // the patterns would cost a long word's length squared
  // A letter with a number names a sprint, release or milestone (`S1`, `R2`, `M3`), not the bucket of its letter.
  if (/^[^\p{L}\p{N}]*\p{L}[ \t]?\d+[^\p{L}\p{N}]*$/u.test(word)) return null;
  const w = normaliseWord(word)
    .replace(/^[^\p{L}]+/u, '')
    .replace(/[^\p{L}')\s]+$/u, '')
    .trim();
  return bucketIndex.get(w) ?? bucketIndex.get(w.replace(/\s*\(.*\)$/, '')) ?? null;
}

/** Words that name what a group holds; a bucket word with only these around it still makes the group a bucket. */
const GROUP_WORDS = new Set([
  'functional', 'non-functional', 'nonfunctional', 'requirements', 'requirement', 'features', 'feature', 'stories', 'story',
  'user', 'items', 'item', 'tasks', 'task', 'priority', 'priorities', 'prio', 'tier', 'bucket', 'goals', 'functionality',
  'functionalities', 'backlog', 'work', 'todos', 'issues', 'epics', 'anforderungen', 'funktionale', 'funktionen', 'aufgaben',
  'priorität', 'exigences', 'fonctionnelles', 'fonctionnalités', 'fonctionnalites', 'tâches', 'priorité', 'requisitos',
  'funcionales', 'funcionais', 'funcionalidades', 'historias', 'histórias', 'tareas', 'tarefas', 'prioridad', 'prioridade',
  'requisiti', 'funzionali', 'funzionalità', 'priorità', 'eisen', 'functionele', 'krav', 'требования', 'функциональные',
  'приоритет', '需求', '功能', '优先级', 'mvp', 'for', 'the', 'to', 'of', 'de', 'der', 'die', 'des', 'du', 'la', 'le', 'les',
  'di', 'da', 'do', 'dos', 'das', 'del',
]);

/**
 * The bucket a group title names: the whole title is a bucket word (`Must have`, `🔴 High`), or a bucket word with only
 * words that name the group's content around it (`Essential functional requirements`, `Nice to have features`,
 * `Priority: High`, `Requisitos esenciales`). Single-letter buckets (`M`, `S`) count only alone.
 */
export function bucketOfGroup(title: string): string | null {
  const direct = bucketOf(title);
  if (direct) return direct;
  const words = normaliseWord(title)
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s:：/,;|–—]+|-(?=\s)/)
    .map((w) => w.replace(/^[^\p{L}']+|[^\p{L}']+$/gu, ''))
    .filter(Boolean);
  if (words.length < 2 || words.length > 6) return null;
  for (let k = words.length - 1; k >= 1; k--) {
    for (const [bucketWords, rest] of [
      [words.slice(0, k), words.slice(k)],
      [words.slice(words.length - k), words.slice(0, words.length - k)],
    ]) {
      const phrase = bucketWords.join(' ');
      const bucket = phrase.length > 1 ? bucketIndex.get(phrase) ?? bucketIndex.get(phrase.replace(/s$/, '')) : undefined;
      if (bucket && rest.every((w) => GROUP_WORDS.has(w))) return bucket;
    }
  }
  return null;
}

/** Reads a status word (`In Progress`, `✅ Done`, `:heavy_check_mark:`) as a status kind, or null. */
export function statusKindOf(word: string): StatusKind | null {
  if (word.length > 200) return statusKindOf(word.slice(0, 200)); // the patterns would cost a long word's length squared
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
  /**
   * Extra keywords for a *stem*: a line that factors the role out of a list or table (`A user should be able to ...`
   * followed by `1. sign up`). Stems also accept `role`/`want` above.
   */
  readonly stemRole?: string;
  readonly stemWant?: string;
  /**
   * Benefit keywords that may open the next sentence (`I want to book a room. So that I ...`, `... un libro. Così
   * posso ...`); other benefit keywords must stay in the want's sentence.
   */
  readonly sentenceBenefit?: string;
  /**
   * A benefit keyword that is also an everyday preposition (`per`, `para`, `pour`): it opens a benefit only as a
   * purpose clause, when `next` matches the words after it (an infinitive: `per prenotare`, not `per autore`); `next`
   * sees at most 80 characters.
   */
  readonly purpose?: { readonly keyword: RegExp; readonly next: RegExp };
}

export const STATEMENT_LANGUAGES: readonly StatementLanguage[] = [
  {
    code: 'en',
    role: 'as an?|as the|as',
    want: "i\\s*['’]d\\s+(?:like|love)|i\\s+(?:want|wanna|would\\s+like|would\\s+love|need|can|could|should\\s+be\\s+able\\s+to|will\\s+be\\s+able\\s+to|must\\s+be\\s+able\\s+to|am\\s+able\\s+to|wish|expect|would\\s+want|should|must|will|may)|we\\s*['’]d\\s+like|we\\s+(?:want|need|would\\s+like|would\\s+want|can|should\\s+be\\s+able\\s+to)",
    benefit: 'so\\s+that|so\\s+i\\s+can|so\\s+we\\s+can|so\\s+i|in\\s+order\\s+to|in\\s+order\\s+that|so\\s+as\\s+to',
    sentenceBenefit: 'so\\s+that|so\\s+i\\s+can|so\\s+we\\s+can|in\\s+order\\s+to|in\\s+order\\s+that',
    stemRole: 'an?|the|every|each',
    stemWant: '(?:should|must|will|shall)\\s+be\\s+able\\s+to|can|could|wants?\\s+to|needs?\\s+to|should|must|is\\s+able\\s+to',
  },
  {
    code: 'de',
    role: 'als',
    want: 'möchte\\s+(?:nur\\s+|auch\\s+|gerne\\s+)?ich|möchten\\s+(?:auch\\s+)?wir|will\\s+ich|muss\\s+ich|kann\\s+ich|brauche\\s+ich|benötige\\s+ich|wünsche\\s+ich(?:\\s+mir)?|möchten\\s+wir|wollen\\s+wir|soll\\s+ich',
    benefit: 'um|damit|sodass|so\\s+dass',
    sentenceBenefit: 'damit|sodass|so\\s+dass',
  },
  {
    code: 'fr',
    role: "en\\s+tant\\s+qu(?:e|')|en\\s+tant\\s+qu’",
    want: "je\\s+(?:veux|souhaite|voudrais|dois\\s+pouvoir|peux|désire|voudrai)|j'aimerais|j’aimerais|je\\s+souhaiterais|nous\\s+voulons",
    benefit: "afin\\s+de|afin\\s+d'|afin\\s+que|pour\\s+que|pour\\s+qu'|de\\s+sorte\\s+que|pour|dans\\s+le\\s+but\\s+de",
    sentenceBenefit: "afin\\s+de|afin\\s+d'|afin\\s+que|de\\s+sorte\\s+que",
    purpose: {
      keyword: /^pour$/i,
      next: /^(?:ne\s+(?:pas|plus|jamais)\s+)?(?:(?:l['’]|[mtsn]['’]|y\s+|en\s+|(?:le|la|les|me|te|se|nous|vous|lui|leur)\s+))*\p{L}+(?:er|ir|re|oir)(?![\p{L}\p{N}])/iu,
    },
  },
  {
    code: 'es',
    role: 'yo\\s+como|como',
    want: 'quiero|necesito|deseo|me\\s+gustaría|me\\s+gustaria|quisiera|puedo|debo\\s+poder|queremos',
    benefit: 'para\\s+que|para|con\\s+el\\s+fin\\s+de|de\\s+modo\\s+que|a\\s+fin\\s+de',
    sentenceBenefit: 'para\\s+que|con\\s+el\\s+fin\\s+de|de\\s+modo\\s+que|a\\s+fin\\s+de',
    purpose: {
      keyword: /^para$/i,
      next: /^(?:no\s+|(?:me|te|se|lo|la|los|las|le|les|nos)\s+)*\p{L}+(?:ar|er|ir|ír)(?:l[oa]s?|me|te|se|nos|les?|selos?|selas?)?(?![\p{L}\p{N}])/iu,
    },
  },
  {
    code: 'pt',
    role: 'eu\\s+como|como',
    want: 'eu\\s+quero|quero|eu\\s+gostaria|gostaria|eu\\s+preciso|preciso|posso|eu\\s+posso|desejo|eu\\s+desejo',
    benefit: 'para\\s+que|para|de\\s+modo\\s+que|a\\s+fim\\s+de',
    sentenceBenefit: 'para\\s+que|de\\s+modo\\s+que|a\\s+fim\\s+de',
    purpose: {
      keyword: /^para$/i,
      next: /^(?:n[ãa]o\s+|(?:me|te|se|o|a|os|as|lhe|lhes|nos)\s+)*\p{L}+(?:(?:ar|er|ir|or|ôr)(?:-\p{L}{1,5})?|[áêíô]-(?:l[oa]s?|n[oa]s?))(?![\p{L}\p{N}])/iu,
    },
  },
  {
    code: 'it',
    role: 'come',
    want: 'voglio|vorrei|ho\\s+bisogno\\s+di|desidero|posso|devo\\s+poter',
    benefit: 'in\\s+modo\\s+da|in\\s+modo\\s+che|così\\s+(?:da|che|posso|possiamo|potrò|potremo|potrà|potranno)|affinché|per',
    sentenceBenefit: 'in\\s+modo\\s+da|in\\s+modo\\s+che|così|affinché',
    purpose: {
      keyword: /^per$/i,
      // `per prenotare`, `per non dimenticare`, `per ritirarlo` (prenotar+lo), `per poter vedere`; `per autore`, `per genere`
      // are not.
      next: /^(?:non\s+)?(?:(?!(?:genere|carattere|potere|piacere|dovere|sapere|mestiere|quartiere|cantiere|corriere|messaggere)(?![\p{L}]))\p{L}+(?:are|ere|ire|rre|(?:ar|er|ir|r)(?:l[oaie]|gli(?:el[oaie])?|ne|mi|ti|si|ci|vi|[mtscv]el[oaie]))|poter|aver|esser|far|dover|saper)(?![\p{L}\p{N}])/iu,
    },
  },
  {
    code: 'nl',
    role: 'als',
    want: 'wil\\s+ik|zou\\s+ik\\s+graag|moet\\s+ik|kan\\s+ik|wil\\s+ik\\s+graag',
    benefit: 'zodat|om|opdat',
    sentenceBenefit: 'zodat|opdat',
  },
  {
    code: 'sv',
    role: 'som',
    want: 'vill\\s+jag|behöver\\s+jag|ska\\s+jag\\s+kunna|kan\\s+jag|vill\\s+vi',
    benefit: 'så\\s+att|för\\s+att',
    sentenceBenefit: 'så\\s+att',
  },
  {
    code: 'ru',
    role: 'как',
    want: 'я\\s+хочу|хочу|мне\\s+нужно|я\\s+могу|я\\s+бы\\s+хотел|я\\s+хотел\\s+бы|мы\\s+хотим',
    benefit: 'чтобы|для\\s+того\\s*,?\\s+чтобы|с\\s+целью',
    sentenceBenefit: 'чтобы|для\\s+того\\s*,?\\s+чтобы|с\\s+целью',
  },
  {
    code: 'zh',
    role: '作为',
    want: '我希望|我想要|我想|我要|我需要|我可以|我能够',
    // `以防止` (to prevent), `以避免`, `以适应`, `以获得`: the verb after 以 belongs to the benefit.
    benefit: '以便|从而|这样|为了|使得|以(?=防止|避免|适应|获得|确保|免|提高|减少|保证|方便|满足|支持)',
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
