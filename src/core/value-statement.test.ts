// Value statements: the plain-text projection with its offset map, the statement patterns in every language, and
// stems that factor the role out of a list or table. Also through parseBacklog, where the item decides the text.
import { describe, expect, it } from 'vitest';
import { parseBacklog } from './parse';
import { findStem, findValueStatement, statementUnderStem, toPlainText } from './value-statement';

const find = (text: string) => findValueStatement(toPlainText(text, 0, text.length));
/** The statement's span read back from the source. */
const spanText = (text: string) => {
  const v = find(text);
  return v ? text.slice(v.span.start, v.span.end) : null;
};

describe('toPlainText', () => {
  it('drops markup, list and quote markers and checkboxes, and maps every character back', () => {
    const src = '> - [ ] **As a** _user_, I `want` x\n';
    const p = toPlainText(src, 0, src.length);
    expect(p.text).toBe('As a user, I want x ');
    expect(p.offsets).toHaveLength(p.text.length);
    for (let i = 0; i < p.text.length - 1; i++) expect(src[p.offsets[i]]).toBe(p.text[i]);
  });

  it('folds line breaks to spaces and a blank line to a stop; drops <br>, backslash breaks, CR and zero-width', () => {
    const src = 'one\r\ntwo\\\nthree<br/>four\u200b five\n\nsix';
    expect(toPlainText(src, 0, src.length).text).toBe('one two three four five \nsix');
  });

  it('keeps snake_case underscores and skips the given spans', () => {
    const src = 'use snake_case here ```code``` end';
    const skipStart = src.indexOf('```');
    const p = toPlainText(src, 0, src.length, [{ start: skipStart, end: skipStart + 10 }]);
    // A skipped span ends the line: the text after it starts a new one, without its indentation.
    expect(p.text).toBe('use snake_case here \nend');
  });
});

describe('English variants', () => {
  it.each([
    ['As a user, I want to sign in, so that I see my data.', 'user', 'to sign in', 'I see my data'],
    ['As an admin I would like a report so that I can plan.', 'admin', 'a report', 'I can plan'],
    ["As a user, I'd like to sign in, so that I work.", 'user', 'to sign in', 'I work'],
    ['As a user, I’d like to sign in.', 'user', 'to sign in', null],
    ['As a user, I need a password reset.', 'user', 'a password reset', null],
    ['As a visitor I can read the FAQ in order to help myself.', 'visitor', 'read the FAQ', 'help myself'],
    ['As a patient, I should be able to book a visit so I can see my doctor.', 'patient', 'book a visit', 'see my doctor'],
    ['As developers, we would want a standard site so that it works everywhere.', 'developers', 'a standard site', 'it works everywhere'],
    ['As the owner, I will be able to export data.', 'owner', 'export data', null],
  ])('%s', (text, role, want, benefit) => {
    expect(find(text)).toMatchObject({ role, want, benefit, language: 'en' });
  });

  it('clauses on separate lines', () => {
    const text = 'As an accountant \nI need a calculator \nso that I can add numbers.';
    expect(find(text)).toMatchObject({ role: 'accountant', want: 'a calculator', benefit: 'I can add numbers' });
    expect(spanText(text)).toBe('As an accountant \nI need a calculator \nso that I can add numbers');
  });

  it('clauses on separate bullets', () => {
    const text = '- As a curious user\n- In order to add my family\n- I want to add members';
    expect(find(text)).toMatchObject({ role: 'curious user', want: 'to add members', benefit: 'add my family' });
  });

  it('benefit first', () => {
    expect(find('As a user,\nSo I can use the site,\nI want to sign up.')).toMatchObject({ role: 'user', want: 'to sign up', benefit: 'use the site' });
    expect(find('As a user, so that I can pay, I want a cart.')).toMatchObject({ role: 'user', want: 'a cart', benefit: 'I can pay' });
  });

  it('needs a role that opens a sentence, and stops at a blank line', () => {
    expect(find('This works as a charm and I want more of it.')).toBeNull();
    expect(find('As a user\n\nI want x.')).toBeNull();
    expect(find('I want x, so that y.')).toBeNull();
  });

  it('an abbreviation does not end the clause', () => {
    expect(find('As a user, I want filters, e.g. by date, so that I find things.')).toMatchObject({ want: 'filters, e.g. by date', benefit: 'I find things' });
  });
});

describe('other languages', () => {
  it.each([
    ['de', 'Als Nutzer möchte ich mich anmelden, um meine Daten zu sehen.', 'Nutzer', 'mich anmelden', 'meine Daten zu sehen'],
    ['de', 'Als Admin will ich Nutzer sperren, damit niemand stört.', 'Admin', 'Nutzer sperren', 'niemand stört'],
    ['fr', "En tant qu'utilisateur, je veux créer un compte afin de sauvegarder mes notes.", 'utilisateur', 'créer un compte', 'sauvegarder mes notes'],
    ['fr', 'En tant que client, je souhaite payer pour recevoir ma commande.', 'client', 'payer', 'recevoir ma commande'],
    ['es', 'Como cliente, quiero buscar técnicos, para encontrar ayuda.', 'cliente', 'buscar técnicos', 'encontrar ayuda'],
    ['pt', 'Como usuário, eu quero entrar, para que eu veja meus dados.', 'usuário', 'entrar', 'eu veja meus dados'],
    ['it', 'Come utente, voglio registrarmi, in modo da salvare i progressi.', 'utente', 'registrarmi', 'salvare i progressi'],
    ['nl', 'Als gebruiker wil ik inloggen, zodat ik mijn gegevens zie.', 'gebruiker', 'inloggen', 'ik mijn gegevens zie'],
    ['sv', 'Som användare vill jag logga in så att jag ser mina data.', 'användare', 'logga in', 'jag ser mina data'],
    ['ru', 'Как ученик, я хочу видеть прогресс, чтобы возвращаться каждый день.', 'ученик', 'видеть прогресс', 'возвращаться каждый день'],
    ['zh', '作为用户，我希望登录，以便查看数据。', '用户', '登录', '查看数据'],
  ])('%s: %s', (language, text, role, want, benefit) => {
    expect(find(text)).toMatchObject({ language, role, want, benefit });
  });

  it('a statement in bold, as tables write it, keeps an exact span', () => {
    const text = "**En tant qu'utilisateur, je veux créer un compte** pour accéder à l'application";
    expect(find(text)).toMatchObject({ role: 'utilisateur', want: 'créer un compte', benefit: "accéder à l'application", language: 'fr' });
    expect(spanText(text)).toBe("En tant qu'utilisateur, je veux créer un compte** pour accéder à l'application");
  });
});

describe('purpose prepositions and benefits in the next sentence (#8)', () => {
  it.each([
    ['it', 'Come utente voglio filtrare i film per genere.', 'filtrare i film per genere', null],
    ['it', 'Come utente voglio un filtro per data per trovarlo subito.', 'un filtro per data', 'trovarlo subito'],
    ['it', 'Come utente voglio salvare la ricerca per poterla riusare.', 'salvare la ricerca', 'poterla riusare'],
    ['it', 'Come utente voglio salvare la ricerca. Così possiamo riusarla.', 'salvare la ricerca', 'riusarla'],
    ['fr', 'En tant que client, je veux un bouton pour chaque ligne.', 'un bouton pour chaque ligne', null],
    ['fr', 'En tant que client, je veux exporter mes factures pour les envoyer.', 'exporter mes factures', 'les envoyer'],
    ['es', 'Como cliente quiero un descuento para estudiantes.', 'un descuento para estudiantes', null],
    ['es', 'Como cliente quiero un descuento para no pagar de más.', 'un descuento', 'no pagar de más'],
    ['pt', 'Eu como aluno quero ver as notas para acompanhar o semestre.', 'ver as notas', 'acompanhar o semestre'],
    ['pt', 'Como aluno quero um resumo para cada matéria.', 'um resumo para cada matéria', null],
    ['en', 'As a user, I want to save the search. So that I can run it again tomorrow.', 'to save the search', 'I can run it again tomorrow'],
    ['zh', '作为用户，我希望设置强密码，以防止他人登录。', '设置强密码', '防止他人登录'],
    ['zh', '作为用户，我希望离线使用，以获得更快的响应。', '离线使用', '获得更快的响应'],
  ])('%s: %s', (language, text, want, benefit) => {
    expect(find(text)).toMatchObject({ language, want, benefit });
  });

  it('a benefit keyword after a sentence break opens a benefit only when it is a clause keyword', () => {
    expect(find('As a user, I want to save the search. In the menu there is a button.')).toMatchObject({ want: 'to save the search', benefit: null });
  });

  it('"Yo como" and "Eu como" open a statement', () => {
    expect(find('Yo como cliente quiero pagar con tarjeta.')).toMatchObject({ language: 'es', role: 'cliente', want: 'pagar con tarjeta' });
  });
});

describe('stems', () => {
  it.each([
    ['A user should be able to ...', 'user', 'en'],
    ['As a user I want to:', 'user', 'en'],
    ['Every visitor can', 'visitor', 'en'],
    ['Als Nutzer will ich...', 'Nutzer', 'de'],
  ])('%s', (line, role, language) => {
    expect(findStem(line)).toEqual({ role, language });
  });

  it('is not a stem when the line is a whole statement', () => {
    expect(findStem('As a user I want to sign in so that I work.')).toBeNull();
  });

  it('an item under a stem gets the role; a benefit keyword splits want and benefit', () => {
    const stem = findStem('A user should be able to ...')!;
    const src = '1. sign up so that they can save posts';
    const v = statementUnderStem(stem, toPlainText(src, 3, src.length))!;
    expect(v).toMatchObject({ role: 'user', want: 'sign up', benefit: 'they can save posts', language: 'en' });
    expect(src.slice(v.span.start, v.span.end)).toBe('sign up so that they can save posts');
  });

  it('through parseBacklog: list items under a stem paragraph', () => {
    const text = '## Sprint 1\n\nA user should be able to ...\n\n1. sign up\n1. log in\n';
    const b = parseBacklog(text);
    expect(b.items.map((i) => [i.title, i.value?.role, i.value?.want])).toEqual([
      ['sign up', 'user', 'sign up'],
      ['log in', 'user', 'log in'],
    ]);
  });
});

describe('value statements of items', () => {
  it('a `Value:` field stands in for a missing statement', () => {
    const text = '## US-1 Export\n\nValue: customers keep a copy of their data\n';
    const item = parseBacklog(text).items[0];
    expect(item.value).toMatchObject({ role: null, want: 'Export', benefit: 'customers keep a copy of their data' });
    expect(text.slice(item.value!.span.start, item.value!.span.end)).toBe('Value: customers keep a copy of their data');
  });

  it('a statement in the title of a heading item', () => {
    const item = parseBacklog('## As a user, I want to sign in\n\nDetails.\n').items[0];
    expect(item.value).toMatchObject({ role: 'user', want: 'to sign in' });
  });

  it('criteria and code are not searched', () => {
    const text = '## US-1 A\n\n```\nAs a user, I want x.\n```\n\n**Acceptance criteria:**\n\n- As a user, I want y.\n';
    expect(parseBacklog(text).items[0].value).toBeNull();
  });
});
