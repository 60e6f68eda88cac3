// Real backlogs from public repositories, read from the folder named by BACKLOG_CORPUS (`npm test` sets it to
// ../shared/corpus). The files are third-party and mostly unlicensed, so they are not copied into this repository;
// without the folder the suite is skipped.
//
// Every expected number below was counted by hand from the file, and the comment says what the items are. Where
// the parser's reading differs from what a product owner would call the items, the comment says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Expected, formatReport, MEASURES, measureFile } from '../../test/corpus/measure';
import type { Backlog, Span } from './model';
import { parseBacklog } from './parse';

const dir = process.env.BACKLOG_CORPUS;
const available = !!dir && existsSync(dir);

const EXPECTED: Record<string, Expected> = {
  // 12 `## US-n` headings; "As a / I need / so that" on three lines; `### Acceptance Criteria` + indented `1:` lines
  // (6+3+5+3+5+1+3+3+3+3+3+3; the `-` details under US-1's sixth line belong to it).
  '002': {
    shape: 'heading', items: 12, values: 12, benefits: 12, criteria: 41,
    first: { id: 'US-1', title: 'Basic RPN Calculator' }, last: { id: 'US-12', title: 'Binary Operand' },
  },
  // 29 lines `[X] As a reader ...` / `[ ] TBD` without a list marker: not markdown list items, so no items and 29
  // pseudo-items (checkbox without marker) that a quick fix turns into `- [ ]`.
  '007': { shape: null, items: 0, pseudo: 29, values: 0, benefits: 0, criteria: 0 },
  // One table of 18 stories under the stem "Als Nutzer will ich..." (the role comes from the stem); three trailing
  // rows hold only the ID `18` and are not items. No benefit clauses.
  '008': {
    shape: 'table', items: 18, values: 18, benefits: 0, criteria: 0,
    first: { id: '16', title: '... entscheiden, mit wievielen Bots und Menschen man spielen will' },
    last: { id: '15', title: '... verschiedene Kartenlayouts wählen können' },
  },
  // A pipe table of 66 rows US01..US66 (US66 twice) right under an HTML legend table; "How to Demo" cells are the
  // criteria (3 empty); descriptions are tasks, not "As a" statements.
  '011': {
    shape: 'table', items: 66, values: 0, benefits: 0, criteria: 63,
    first: { id: 'US01', title: 'Installation of the Java eclipse IDE (Helios version), the SDK for Android 2.2 and the ADT plugin.' },
    last: { id: 'US66', title: 'Implementation of recording activity' },
  },
  // The "Product Backlog" table has 9 stories (title column "Product Backlog Items", ID column "User Story #"); the
  // "Product Backlog Ideas" bullets above it (12 ideas) are not items in a table-shaped file. Three statements have
  // a "so that"/"so I" benefit; "to get a sense ..." is a bare infinitive, not a benefit clause.
  '014': {
    shape: 'table', items: 9, values: 9, benefits: 3, criteria: 0,
    first: { id: '1', title: 'Generate Help Function' }, last: { id: '19', title: 'Interaction with Database' },
  },
  // 23 `-As a user, ...` lines (dash without a space) under plain-paragraph epics: 0 items, 23 pseudo-items.
  '015': { shape: null, items: 0, pseudo: 23, values: 0, benefits: 0, criteria: 0 },
  // 16 + 4 German stories in two milestone tables (`M1_01`...); the roles table is not items. The story cell is the
  // whole statement, so it is the title too; 9 have a benefit (um, damit, sodass).
  '018': {
    shape: 'table', items: 20, values: 20, benefits: 9, criteria: 0,
    first: { id: 'M1_01', title: 'Als USER möchte ich Meetings erstellen können, um mich mit weiteren USERn zu treffen.' },
    last: { id: 'M2_04', title: 'Als CREATOR möchte ich beim erstellen meines Meetings vordefinierte Typen auswählen können, um in Standardfällen die Erstellung eines Meetings zu beschleunigen.' },
  },
  // 12 `###` items (2 under "OPEN BUGS", 10 under "NEW FEATURES"); prose, no value statements.
  '019': {
    shape: 'heading', items: 12, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'No save buttons visible after changing a step order in the Workflows step form' },
    last: { id: null, title: 'Upgrade to Electron latest version' },
  },
  // 33 leaf bullets under MoSCoW headings and bold parent bullets (14 must, 13 should, 2 could, 4 won't); plain
  // requirements, no "As a" anywhere.
  '021': {
    shape: 'list', items: 33, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'Accept csv, tsv and excel (xls, xlsx) files.' }, last: { id: null, title: 'File converter for other file-types.' },
  },
  // 102 top-level bullets under release headings minus 3 annotations (two `NOTE:` lines, "[Setting] denotes ...").
  // "so that" occurs but never with a role: no value statements. Nested `+` bullets are details, not criteria.
  '023': {
    shape: 'list', items: 99, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'Works offline, including past searches' }, last: { id: null, title: 'Modularise the codebase' },
  },
  // 4 numbered Dutch tasks, then 2 bullets under `### DONE`; the last one is a long one-line note.
  '025': {
    shape: 'list', items: 6, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'Satosa aanpassen met keuzescherm tussen Beeld en Geluid IdP en CLARIN discovery service (Jan Pieter)' },
    last: { id: null, title: "extra attribuut 'uid' (https://wiki.surfnet.nl/…" },
  },
  // 45 rows US-001..US-045 in 11 tables under sprint headings; bold `**En tant qu'utilisateur, je veux ...** pour
  // ...` cells (the statement is the title); criteria are `<br>`-joined cells (182 lines); the summary table is not
  // items.
  '026': {
    shape: 'table', items: 45, values: 45, benefits: 45, criteria: 182,
    first: { id: 'US-001', title: "En tant qu'utilisateur, je veux créer un compte pour accéder à l'application" },
    last: { id: 'US-045', title: "En tant qu'utilisateur, je veux une vue Kanban pour visualiser le workflow" },
  },
  // 91 `### PREFIX-nnn:` headings under 5 milestone headings; German bold fields; `**Akzeptanzkriterien:**` bullets
  // (495); tasks, not stories: no value statements.
  '027': {
    shape: 'heading', items: 91, values: 0, benefits: 0, criteria: 495,
    first: { id: 'INFRA-001', title: 'Repository-Struktur anlegen' }, last: { id: 'DOC-403', title: 'Final Project Presentation (für Hochschule)' },
  },
  // 18 `- [ ]` items under three numbered tier headings (5 essential, 6 recommended, 7 optional).
  '028': {
    shape: 'list', items: 18, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'Input new words' }, last: { id: null, title: 'Following accounts' },
  },
  // 42 quoted bullets `> - As a patient, I should be able to ...` under 9 feature headings (11+2+6+4+5+2+5+2+5; two
  // Dashboard bullets carry roman-numbered sub-stories joined by backslash breaks and count as one item each). The
  // "Potential Users" role list is not items. Every bullet has a statement ("we would want" included); 25 have a
  // "so that" benefit (9+0+2+2+2+0+4+2+4; "in case I forget", "if I wish to" and "to make ..." are not benefits).
  '032': {
    shape: 'list', items: 42, values: 42, benefits: 25, criteria: 0,
    first: { id: null, title: 'As a patient, I should be able to create a new account so that I can use the system.' },
    last: { id: null, title: 'As a developer I want to make the system reliable using correct paths and URLs to make the user feel comfortable.' },
  },
  // 5 numbered Swedish stories "Som användare vill jag ... så att ..." (the first without a benefit).
  '034': {
    shape: 'list', items: 5, values: 5, benefits: 4, criteria: 0,
    first: { id: null, title: 'Som användare vill jag kunna registrera nya medlemmar med förnamn, efternamn och telefonnummer, ett unikt medlemsnummer skall automatiskt tilldelas medlemmarna.' },
    last: { id: null, title: 'Som användare vill jag kunna se en specifik medlems information på ett tydligt sätt så att jag kan få detaljerad information om en medlem.' },
  },
  // 41 list items under sprint and "Bonuses" headings, mostly under the stem "A user should be able to ...": 35 with
  // a statement from the stem, plus 6 rule lines in Sprint 3 ("A user CANNOT ...", "A post's title must ...") that
  // have no stem above them. No benefits; the nested `*` bullets are details, not criteria.
  '037': {
    shape: 'list', items: 41, values: 35, benefits: 0, criteria: 0,
    first: { id: null, title: 'go to “/” and see a basic splash page and see...' }, last: { id: null, title: 'Sign in with OAuth for Instagram' },
  },
  // 13 `### User Story n` headings, benefit first ("So I can ..., I want ...").
  '039': {
    shape: 'heading', items: 13, values: 13, benefits: 13, criteria: 0,
    first: { id: null, title: 'User Story 1' }, last: { id: null, title: 'User Story 13' },
  },
  // Five stories, but all of them sit in one block indented by four spaces (code to markdown): no items, one
  // indented-code pseudo-item whose fix dedents the block. The headings (a banner, "User Types", "Stories") are
  // not items.
  '042': { shape: null, items: 0, pseudo: 1, values: 0, benefits: 0, criteria: 0 },
  // 23 `### US-n.` headings (US-1..US-21, US-6a, US-6b) under 4 role headings; Russian statements, 21 with
  // "чтобы". The numbered "Флоу" steps are a flow, not criteria.
  '044': {
    shape: 'heading', items: 23, values: 23, benefits: 21, criteria: 0,
    first: { id: 'US-1', title: 'Регистрация и онбординг' }, last: { id: 'US-21', title: 'Обработка заявки на платный доступ' },
  },
  // 50 `### US-n.m |` headings under 8 epics; French statements under **Description:**, 44 with a purpose clause
  // ("pour"/"afin" + infinitive; "un projet frontend pour l'interface d'observation" names what it is for, no benefit);
  // `- [ ]` criteria (233). The recap table at the end repeats the items and is not read as items in a
  // heading-shaped file.
  '046': {
    shape: 'heading', items: 50, values: 50, benefits: 44, criteria: 233,
    first: { id: 'US-1.1', title: 'Initialiser la structure du projet' }, last: { id: 'US-8.6', title: 'Créer une visualisation avancée' },
  },
  // 23 `### n. Title — \`STATE\`` headings under "Open" and "Cleanup". The file says its numbers are stable IDs
  // ("not sequential": 2, 3, 4, 5, 7, 7f, 10, ... then 7d, 7e, 8, ...), so `2` and `21` are IDs.
  '048': {
    shape: 'heading', items: 23, values: 0, benefits: 0, criteria: 0,
    first: { id: '2', title: 'Blog image alt text' }, last: { id: '21', title: "amplify.yml's header comment describes a stack we don't run" },
  },
  // 210 top-level bullets under 6 headings (the last is "Done"); 115 nested `* [ ]` sub-tasks are criteria.
  '049': {
    shape: 'list', items: 210, values: 0, benefits: 0, criteria: 115,
    first: { id: null, title: 'Add more information to taskell.app' }, last: { id: null, title: 'Top level Taskell namespace' },
  },
  // One table: 8 epic rows (EP01..EP08) followed by 28 stories (US01..US28) in the column "Epic/User Story ID";
  // the epics are not items. Spanish statements with "para", criteria in the last column.
  '050': {
    shape: 'table', items: 28, values: 28, benefits: 28, criteria: 54,
    first: { id: 'US01', title: 'Inicio de sesión' }, last: { id: 'US28', title: 'Gestión de tarifa por hora' },
  },
  // 3 French task tables: 11 sprint tasks, 39 CLI command rows, 22 back-end rows (blank spacer rows skipped).
  '054': {
    shape: 'table', items: 72, values: 0, benefits: 0, criteria: 0,
    first: { id: '1', title: 'Documenter les 7 commandes grid (gridsub, gridstat, ...)' },
    last: { id: null, title: "Mettre à jour la BDD en fonction de l'état des jobs en cours sur OAR 3" },
  },
  // 21 top-level bullets under nested topic/version headings (one is a `- TBD` placeholder).
  '055': {
    shape: 'list', items: 21, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'Add a good README.md' }, last: { id: null, title: 'Explore refutation of null move in quiesce():' },
  },
  // 16 `- [x]` tasks.
  '056': {
    shape: 'list', items: 16, values: 0, benefits: 0, criteria: 0,
    first: { id: null, title: 'Init the project and setup the configuration' }, last: { id: null, title: 'Add Profile-options dropdown' },
  },
  // 6 Finnish bullets; four read "Käyttäjänä voin/pystyn ..." ("As a user I can ..."), a value statement without
  // a benefit; "Käyttäjä pystyy/voi ..." ("The user can ...") is a plain requirement.
  '057': {
    shape: 'list', items: 6, values: 4, benefits: 0, criteria: 0,
    first: { id: null, title: 'Käyttäjä pystyy lisäämään "article"-tyyppisen lähdeviitteen, joka sisältää kentät (title, author, journal, year, volume, number, page)' },
    last: { id: null, title: 'Käyttäjänä voin muokata lähdeviitteitä' },
  },
};

/** Every span the model exposes, with a name for failure messages. */
function spansOf(b: Backlog): [string, Span][] {
  const out: [string, Span][] = [];
  for (const it of b.items) {
    const at = `item ${it.rank}`;
    out.push([`${at} span`, it.span], [`${at} content`, it.content], [`${at} title`, it.titleSpan]);
    out.push([`${at} trailer`, { start: it.span.end, end: it.trailerEnd }], [`${at} bodyEnd`, { start: it.bodyEnd, end: it.bodyEnd }]);
    if (it.idSpan) out.push([`${at} id`, it.idSpan]);
    if (it.priority) out.push([`${at} priority`, it.priority.span]);
    if (it.estimate) out.push([`${at} estimate`, it.estimate.span]);
    if (it.status) out.push([`${at} status`, it.status.span]);
    if (it.value) out.push([`${at} value`, it.value.span]);
    if (it.criteriaLabelSpan) out.push([`${at} criteria label`, it.criteriaLabelSpan]);
    for (const c of it.criteria) {
      out.push([`${at} criterion`, c.span], [`${at} criterion text`, c.textSpan]);
      if (c.checkSpan) out.push([`${at} criterion check`, c.checkSpan]);
    }
    for (const f of it.fields) out.push([`${at} field ${f.key}`, f.span], [`${at} field value ${f.key}`, f.valueSpan]);
    for (const d of it.dependsOn) out.push([`${at} dependency`, d.span]);
  }
  b.groups.forEach((g, i) => out.push([`group ${i}`, g.span]));
  b.tables.forEach((t, i) => out.push([`table ${i}`, t.span]));
  b.pseudoItems.forEach((p, i) => out.push([`pseudo ${i}`, p.span]));
  return out;
}

describe.skipIf(!available)('corpus of real backlogs', () => {
  const files = available ? readdirSync(dir!).filter((f) => /^\d{3}-.*\.md$/.test(f)).sort() : [];
  // Each file is parsed once for its own test and the measurement.
  const parses = new Map<string, Backlog>();
  const parsed = (file: string, text: string) => {
    let b = parses.get(file);
    if (!b) parses.set(file, (b = parseBacklog(text)));
    return b;
  };

  it('has a hand-checked expectation for every file, and a file for every expectation', () => {
    expect(files.map((f) => f.slice(0, 3))).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const key = file.slice(0, 3);
    it(file, () => {
      const text = readFileSync(join(dir!, file), 'utf8');
      const b = parsed(file, text);
      const want = EXPECTED[key];
      expect(want, `no expectation for ${file}`).toBeDefined();
      expect(b.shape).toBe(want.shape);
      if (want.pseudo !== undefined) expect(b.pseudoItems.length).toBe(want.pseudo);
      // Every measure is right, except the misreads listed with their reason, which must still be wrong (a change
      // that fixes one removes it from the list).
      const { right, got } = measureFile(b, want);
      for (const m of MEASURES) {
        const misread = want.misread?.[m];
        expect(right[m], misread ? `${m} is listed as misread (${misread}) but is now right: remove it` : `${m}: ${JSON.stringify(got)}`).toBe(!misread);
      }
      for (const [name, s] of spansOf(b)) {
        expect(s.start >= 0 && s.start <= s.end && s.end <= text.length, `${name} ${s.start}-${s.end} of ${text.length}`).toBe(true);
      }
      for (const it of b.items) {
        // Items are in document order and do not overlap; the ID is written where its span says.
        if (it.index > 0) expect(it.span.start).toBeGreaterThanOrEqual(b.items[it.index - 1].span.end);
        if (it.id && it.idSpan && b.shape !== 'table') expect(text.slice(it.idSpan.start, it.idSpan.end)).toContain(it.id);
      }
    });
  }

  // The measurement of issue #8: the share of files read right per measure (printed with CORPUS_REPORT=1).
  it('measurement', () => {
    const rows = files.map((file) => {
      const want = EXPECTED[file.slice(0, 3)];
      return { file, want, ...measureFile(parsed(file, readFileSync(join(dir!, file), 'utf8')), want) };
    });
    if (process.env.CORPUS_REPORT) console.log(formatReport(rows));
    const misreads = rows.reduce((n, r) => n + Object.keys(r.want.misread ?? {}).length, 0);
    expect(rows.reduce((n, r) => n + MEASURES.filter((m) => !r.right[m]).length, 0)).toBe(misreads);
  }, 60_000);

  // A closer look at what a few files say about their items.
  const read = (prefix: string) => {
    const file = files.find((f) => f.startsWith(prefix))!;
    return parseBacklog(readFileSync(join(dir!, file), 'utf8'));
  };

  it('002: three-line statements and numbered criteria in indented code', () => {
    const b = read('002');
    expect(b.items[0].value).toMatchObject({ role: 'international accountant', benefit: 'I can easily manage my clients books', language: 'en' });
    expect(b.items[0].criteria.map((c) => c.text.slice(0, 20))).toEqual([
      'All values and opera',
      'Accepts a continuous',
      'Supports operations ',
      'Supports floating po',
      "Console input proces",
      'When an operator is ',
    ]);
    expect(b.items[4]).toMatchObject({ id: 'US-5', title: '' });
  });

  it('008: the role comes from the stem above the table; "very low" is the low bucket', () => {
    const b = read('008');
    expect(b.items[0].value).toMatchObject({ role: 'Nutzer', language: 'de' });
    expect(b.items.map((i) => i.priority?.bucket)).toEqual([...Array(5).fill('high'), ...Array(4).fill('medium'), ...Array(9).fill('low')]);
    expect(b.items.map((i) => i.id).slice(0, 3)).toEqual(['16', '4', '5']);
    expect(b.items.map((i) => i.estimate?.value).slice(0, 3)).toEqual([7, 6, 6]);
  });

  it('011: importance column, fractional estimates, How to Demo criteria', () => {
    const b = read('011');
    expect(b.items.slice(0, 3).map((i) => i.priority?.value)).toEqual([100, 99, 98]);
    const est = (id: string) => b.items.find((i) => i.id === id)!.estimate?.value;
    expect([est('US05'), est('US45'), est('US52')]).toEqual([0.5, 0.5, 1.5]);
    expect(b.items[1].criteria.map((c) => c.text)).toEqual(['Run the test from eclipse.']);
  });

  it('018 and 054: emoji shortcodes in status columns', () => {
    expect(read('018').items.every((i) => i.status?.kind === 'todo')).toBe(true);
    const b = read('054');
    expect(b.items.slice(0, 2).map((i) => i.status?.kind)).toEqual(['done', 'done']);
    expect(b.items[8].status?.kind).toBe('todo'); // `:x:`
  });

  it('021: MoSCoW headings give buckets; bold parent bullets are groups', () => {
    const b = read('021');
    expect(b.items[0]).toMatchObject({ title: 'Accept csv, tsv and excel (xls, xlsx) files.', groupPath: ['Must Have:', 'Read Data'] });
    expect(b.items.map((i) => i.priority?.bucket)).toEqual([...Array(14).fill('must'), ...Array(13).fill('should'), 'could', 'could', ...Array(4).fill('wont')]);
  });

  it('026: bold French statements in cells, localized bucket words, <br> criteria', () => {
    const b = read('026');
    expect(b.items[0].value).toMatchObject({ role: 'utilisateur', want: 'créer un compte', benefit: "accéder à l'application", language: 'fr' });
    expect(b.items[0].priority).toMatchObject({ raw: 'CRITIQUE', bucket: 'critical', source: 'column' });
    expect(b.items[0].criteria.map((c) => c.text)).toEqual([
      'Formulaire d\'inscription avec nom, email, mot de passe',
      'Validation des champs (email valide, mot de passe fort)',
      'Hash du mot de passe en base',
      'Message de confirmation',
    ]);
  });

  it('027: bold German field lines and dependencies', () => {
    const b = read('027');
    const it3 = b.items[2];
    expect(it3).toMatchObject({ id: 'INFRA-003', title: 'Terraform Backend Storage einrichten' });
    expect(it3.priority).toMatchObject({ raw: 'Hoch', bucket: 'high', source: 'field' });
    expect(it3.estimate).toMatchObject({ value: 4, unit: 'PH' });
    expect(it3.dependsOn.map((d) => d.id)).toEqual(['INFRA-002']);
    expect(b.items[0].dependsOn).toEqual([]); // "Keine"
  });

  it('042: the stories in indented code are one pseudo-item with a dedent fix', () => {
    const b = read('042');
    expect(b.pseudoItems[0].kind).toBe('indented-code');
    expect(b.pseudoItems[0].replacement?.startsWith('Curious User adds members to family tree\n- As a curious user')).toBe(true);
  });

  it('048: a state at the end of the heading is the status', () => {
    const b = read('048');
    expect(b.items[0]).toMatchObject({ title: 'Blog image alt text', status: { raw: 'NEEDS DECISION', kind: 'refining', source: 'heading' } });
    expect(b.items[1].status).toMatchObject({ raw: 'READY', kind: 'ready' });
  });

  it('049: items under "Done" are done; nested task lists are criteria', () => {
    const b = read('049');
    expect(b.items.filter((i) => i.group === 'Done').every((i) => i.status?.kind === 'done')).toBe(true);
    expect(b.items.find((i) => i.title.startsWith('Refactor IO.Github'))!.criteria.map((c) => c.done)).toEqual([true, false, false]);
  });

  it('050: epic rows are not items; the mixed ID column is read', () => {
    const b = read('050');
    expect(b.items[0]).toMatchObject({ id: 'US01', title: 'Inicio de sesión' });
    expect(b.items[0].value).toMatchObject({ role: 'usuario', language: 'es' });
    expect(b.items.at(-1)!.id).toBe('US28');
  });
});
