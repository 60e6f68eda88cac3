import { describe, expect, it } from 'vitest';
import { type BoardSnapshot, MAX_TEXT, parseHostMessage, parseWebviewMessage, type WebviewMessage } from './protocol';

// One valid message of every webview type. Each test below breaks one of them in one way.
const VALID: readonly WebviewMessage[] = [
  { type: 'webviewDidLoad' },
  { type: 'moveItem', version: 3, from: 0, to: 4 },
  { type: 'toggleCriterion', version: 3, item: 1, criterion: 0 },
  { type: 'editCriterion', version: 3, item: 1, criterion: 2, text: 'Shows the `total`' },
  { type: 'addCriterion', version: 3, item: 1, text: 'Works offline' },
  { type: 'removeCriterion', version: 3, item: 1, criterion: 2 },
  { type: 'moveCriterion', version: 3, item: 1, from: 2, to: 0 },
  { type: 'setValueStatement', version: 3, item: 1, role: 'reader', want: 'to search', benefit: '' },
  { type: 'setField', version: 3, item: 1, field: 'status', value: 'In Progress' },
  { type: 'setField', version: 3, item: 1, field: 'estimate', value: '' },
  { type: 'newItem', version: 3, rank: 1, title: 'Export as CSV' },
  { type: 'moveToGroup', version: 3, item: 1, group: 2 },
  { type: 'revealItem', item: 7 },
  { type: 'chooseBacklog', file: 1 },
  { type: 'runCommand', command: 'createBacklog' },
  { type: 'runCommand', command: 'openSettings' },
  { type: 'runCommand', command: 'openBacklog' },
  { type: 'decideItem', version: 3, item: 1, decision: 'accept' },
  { type: 'decideItem', version: 3, item: 1, decision: 'reject' },
];

const fieldsOf = (m: WebviewMessage): string[] => Object.keys(m).filter((k) => k !== 'type');
const INT_FIELDS = new Set(['version', 'from', 'to', 'item', 'criterion', 'rank', 'file', 'group']);
const LINE_FIELDS = new Set(['text', 'role', 'want', 'benefit', 'value', 'title']);

const BAD_INTS: readonly unknown[] = [-1, -0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 53, Number.MAX_VALUE, '1', '0', true, null, undefined, {}, [], [1], 1n];
const BAD_STRINGS: readonly unknown[] = [1, 0, true, null, undefined, {}, [], ['a'], { toString: () => 'x' }];

describe('parseWebviewMessage: valid messages', () => {
  it.each(VALID.map((m) => [m.type, m] as const))('accepts %s', (_type, m) => {
    const parsed = parseWebviewMessage(m);
    expect(parsed).toEqual(m);
    expect(parsed).not.toBe(m); // a fresh copy, never the sender's object
  });

  it('accepts messages that went through JSON (what postMessage delivers across processes)', () => {
    for (const m of VALID) expect(parseWebviewMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('accepts objects without a prototype', () => {
    const m = Object.assign(Object.create(null), { type: 'revealItem', item: 0 });
    expect(parseWebviewMessage(m)).toEqual({ type: 'revealItem', item: 0 });
  });

  it('accepts the largest safe integer and strings of exactly the maximum length', () => {
    expect(parseWebviewMessage({ type: 'moveItem', version: Number.MAX_SAFE_INTEGER, from: 0, to: 0 })).not.toBeNull();
    expect(parseWebviewMessage({ type: 'addCriterion', version: 0, item: 0, text: 'x'.repeat(MAX_TEXT) })).not.toBeNull();
  });

  it('accepts tabs and non-ASCII text, including emoji and right-to-left text', () => {
    const text = 'Zahlung über 10\u00a0€ \t👍🏽 مرحبا';
    expect(parseWebviewMessage({ type: 'addCriterion', version: 0, item: 0, text })).toEqual({ type: 'addCriterion', version: 0, item: 0, text });
  });

  it('normalises -0 to 0', () => {
    const m = parseWebviewMessage({ type: 'revealItem', item: -0 });
    expect(Object.is((m as { item: number }).item, 0)).toBe(true);
  });

  it('keeps empty value-statement parts and empty field values (the host decides; clearing an estimate is valid)', () => {
    expect(parseWebviewMessage({ type: 'setValueStatement', version: 0, item: 0, role: '', want: '', benefit: '' })).not.toBeNull();
    expect(parseWebviewMessage({ type: 'setField', version: 0, item: 0, field: 'estimate', value: '' })).not.toBeNull();
  });
});

describe('parseWebviewMessage: not a message', () => {
  it.each([null, undefined, 0, 1, 'moveItem', true, Symbol('x'), () => ({ type: 'webviewDidLoad' }), [], [{ type: 'webviewDidLoad' }]])('rejects %s', (raw) => {
    expect(parseWebviewMessage(raw)).toBeNull();
  });

  it.each(['', 'unknown', 'MOVEITEM', 'moveitem', ' moveItem', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'backlogDidChange', 'editRejected'])(
    'rejects type %j',
    (type) => {
      expect(parseWebviewMessage({ type })).toBeNull();
      expect(parseWebviewMessage({ type, version: 0, from: 0, to: 0 })).toBeNull();
    },
  );

  it.each([1, null, undefined, {}, ['moveItem'], true])('rejects a non-string type %j', (type) => {
    expect(parseWebviewMessage({ type, version: 0, from: 0, to: 0 })).toBeNull();
  });
});

describe('parseWebviewMessage: missing, extra and malformed fields', () => {
  for (const m of VALID) {
    for (const f of fieldsOf(m)) {
      it(`${m.type}: rejects a missing ${f}`, () => {
        const copy: Record<string, unknown> = { ...m };
        delete copy[f];
        expect(parseWebviewMessage(copy)).toBeNull();
      });
      it(`${m.type}: rejects ${f} set to undefined`, () => {
        expect(parseWebviewMessage({ ...m, [f]: undefined })).toBeNull();
      });
      if (INT_FIELDS.has(f)) {
        it.each(BAD_INTS.map((v) => [String(v), v]))(`${m.type}: rejects ${f} = %s`, (_s, v) => {
          expect(parseWebviewMessage({ ...m, [f]: v })).toBeNull();
        });
      }
      if (LINE_FIELDS.has(f)) {
        it.each(BAD_STRINGS.map((v) => [String(v), v]))(`${m.type}: rejects ${f} = %s`, (_s, v) => {
          expect(parseWebviewMessage({ ...m, [f]: v })).toBeNull();
        });
        it.each(['a\nb', 'a\r\nb', 'a\rb', 'a\u2028b', 'a\u2029b', 'a\u0085b', '\n', 'a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u000bb', 'a\u000cb'])(
          `${m.type}: rejects ${f} with a line break or control character %j`,
          (v) => {
            expect(parseWebviewMessage({ ...m, [f]: v })).toBeNull();
          },
        );
        it(`${m.type}: rejects ${f} longer than ${MAX_TEXT}`, () => {
          expect(parseWebviewMessage({ ...m, [f]: 'x'.repeat(MAX_TEXT + 1) })).toBeNull();
        });
      }
    }
    it(`${m.type}: rejects an extra key`, () => {
      expect(parseWebviewMessage({ ...m, extra: 1 })).toBeNull();
    });
    it(`${m.type}: rejects an extra key set to undefined`, () => {
      expect(parseWebviewMessage({ ...m, extra: undefined })).toBeNull();
    });
    it(`${m.type}: rejects an own __proto__ key (JSON.parse makes those)`, () => {
      const json = JSON.stringify(m).replace(/^\{/, '{"__proto__":{"polluted":true},');
      const raw = JSON.parse(json);
      expect(Object.prototype.hasOwnProperty.call(raw, '__proto__')).toBe(true);
      expect(parseWebviewMessage(raw)).toBeNull();
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });
    it(`${m.type}: rejects constructor/prototype keys`, () => {
      expect(parseWebviewMessage({ ...m, constructor: { prototype: { polluted: true } } })).toBeNull();
      expect(parseWebviewMessage({ ...m, prototype: {} })).toBeNull();
    });
    it(`${m.type}: rejects a symbol key`, () => {
      expect(parseWebviewMessage({ ...m, [Symbol('x')]: 1 })).toBeNull();
    });
    it(`${m.type}: rejects fields inherited from a prototype`, () => {
      expect(parseWebviewMessage(Object.create(m))).toBeNull();
      const { type, ...rest } = m;
      expect(parseWebviewMessage(Object.assign(Object.create({ type }), rest))).toBeNull();
    });
    it(`${m.type}: rejects class instances and arrays dressed as messages`, () => {
      class Msg {}
      expect(parseWebviewMessage(Object.assign(new Msg(), m))).toBeNull();
      expect(parseWebviewMessage(Object.assign([], m))).toBeNull();
    });
    it(`${m.type}: rejects getters (a value must not be computed while reading)`, () => {
      for (const f of ['type', ...fieldsOf(m)]) {
        const raw: Record<string, unknown> = { ...m };
        const value = raw[f];
        let reads = 0;
        Object.defineProperty(raw, f, { enumerable: true, get: () => (reads++, value) });
        expect(parseWebviewMessage(raw)).toBeNull();
      }
    });
    it(`${m.type}: rejects non-enumerable fields`, () => {
      const raw: Record<string, unknown> = { ...m };
      const f = fieldsOf(m)[0] ?? 'type';
      const value = raw[f];
      delete raw[f];
      Object.defineProperty(raw, f, { enumerable: false, value });
      expect(parseWebviewMessage(raw)).toBeNull();
    });
  }
});

describe('parseWebviewMessage: field-specific rules', () => {
  it('rejects rank 0 (ranks are 1-based)', () => {
    expect(parseWebviewMessage({ type: 'newItem', version: 0, rank: 0, title: 'x' })).toBeNull();
  });

  it.each(['', ' ', '\t', '   \t '])('rejects an empty or blank criterion text or title %j', (text) => {
    expect(parseWebviewMessage({ type: 'addCriterion', version: 0, item: 0, text })).toBeNull();
    expect(parseWebviewMessage({ type: 'editCriterion', version: 0, item: 0, criterion: 0, text })).toBeNull();
    expect(parseWebviewMessage({ type: 'newItem', version: 0, rank: 1, title: text })).toBeNull();
  });

  it.each(['owner', 'title', 'value', 'Status', '', 'status ', 'priority', 'id'])('rejects setField field %j', (field) => {
    expect(parseWebviewMessage({ type: 'setField', version: 0, item: 0, field, value: 'x' })).toBeNull();
  });

  it('rejects a Proxy whose traps throw, without throwing', () => {
    const hostile = new Proxy(
      { type: 'revealItem', item: 0 },
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(() => parseWebviewMessage(hostile)).not.toThrow();
    expect(parseWebviewMessage(hostile)).toBeNull();
  });

  it('rejects boxed strings and numbers', () => {
    expect(parseWebviewMessage({ type: 'addCriterion', version: 0, item: 0, text: new String('x') })).toBeNull();
    expect(parseWebviewMessage({ type: 'revealItem', item: new Number(1) })).toBeNull();
    expect(parseWebviewMessage({ type: new String('revealItem'), item: 1 })).toBeNull();
  });

  it('returns an object with exactly the protocol fields', () => {
    const m = parseWebviewMessage({ type: 'moveItem', version: 1, from: 2, to: 3 })!;
    expect(Object.keys(m).sort()).toEqual(['from', 'to', 'type', 'version']);
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  });
});

// ---------------------------------------------------------------------------------------------- host → webview

function snapshot(): BoardSnapshot {
  return {
    fileName: 'BACKLOG.md',
    shape: 'heading',
    groups: [
      { title: 'Release 1', path: ['Release 1'], items: [0] },
      { title: 'Epic: Login', path: ['Release 1', 'Epic: Login'], items: [1] },
    ],
    items: [
      {
        index: 0,
        rank: 1,
        id: 'US-1',
        title: 'Log in',
        status: { raw: 'In Progress', kind: 'in-progress' },
        estimate: '3 SP',
        owner: 'Ana',
        group: 'Release 1',
        groupIndex: 0,
        value: { role: 'user', want: 'to log in', benefit: 'I see my data' },
        criteria: [
          { text: 'Email and password', done: true },
          { text: 'Error on bad password', done: false },
          { text: 'Plain bullet', done: null },
        ],
        progress: { done: 1, total: 3 },
        problems: [{ ruleId: 'missing-benefit', severity: 'warning', message: 'Unexpected…' }],
      },
      {
        index: 1,
        rank: 2,
        id: null,
        title: '<img src=x onerror=alert(1)>',
        status: { raw: 'Blocked', kind: null },
        estimate: null,
        owner: null,
        group: 'Epic: Login',
        groupIndex: 1,
        value: { role: null, want: 'Faster', benefit: null },
        criteria: [],
        progress: { done: 0, total: 0 },
        problems: [],
      },
      {
        index: 2,
        rank: 3,
        id: 'US-3',
        title: 'Orphan',
        status: null,
        estimate: null,
        owner: null,
        group: null,
        groupIndex: -1,
        value: null,
        criteria: [],
        progress: { done: 0, total: 0 },
        problems: [],
      },
    ],
    problems: [{ ruleId: 'no-items', severity: 'info', message: 'File-level' }],
    forecast: {
      summary: 'From 3 past sprints: everything open is done by sprint 2 (85%).',
      items: [
        { index: 0, p50: 1, p85: 2 },
        { index: 1, p50: 2, p85: null },
      ],
      dividers: [{ afterIndex: 0, sprint: 2, date: '2026-12-18' }],
      burnUp: { unit: 'points', past: [{ label: 'Sprint <1>', cumulative: 8 }], done: 8, scope: 20.5, future: [{ sprint: 1, date: null, p50: 12.5, p85: 10 }] },
    },
  };
}

type Json = Record<string, unknown> & { items: Record<string, unknown>[] };
const mutate = (f: (s: Json) => void): unknown => {
  const s = JSON.parse(JSON.stringify(snapshot())) as Json;
  f(s);
  return { type: 'backlogDidChange', version: 5, snapshot: s };
};

describe('parseHostMessage', () => {
  it('accepts a full snapshot, a rejection and a focus request', () => {
    const s = snapshot();
    expect(parseHostMessage({ type: 'backlogDidChange', version: 5, snapshot: s })).toEqual({ type: 'backlogDidChange', version: 5, snapshot: s });
    for (const reason of ['stale', 'invalid', 'failed']) {
      expect(parseHostMessage({ type: 'editRejected', reason, message: 'Nope.' })).toEqual({ type: 'editRejected', reason, message: 'Nope.' });
    }
    expect(parseHostMessage({ type: 'focusItem', index: 2 })).toEqual({ type: 'focusItem', index: 2 });
  });

  it('validates the forecast: items and dividers name existing items, amounts are finite and not negative', () => {
    const ok = snapshot();
    expect(parseHostMessage({ type: 'backlogDidChange', version: 1, snapshot: ok })).toEqual({ type: 'backlogDidChange', version: 1, snapshot: ok });
    const bad = (change: (f: Record<string, any>) => void) => {
      const s = JSON.parse(JSON.stringify(snapshot()));
      change(s.forecast);
      return parseHostMessage({ type: 'backlogDidChange', version: 1, snapshot: s });
    };
    expect(bad((f) => (f.items[0].index = 3))).toBeNull();
    expect(bad((f) => (f.dividers[0].afterIndex = 9))).toBeNull();
    expect(bad((f) => (f.dividers[0].sprint = 0))).toBeNull();
    expect(bad((f) => (f.burnUp.scope = -1))).toBeNull();
    expect(bad((f) => (f.burnUp.future[0].p50 = '12'))).toBeNull();
    expect(bad((f) => (f.burnUp.unit = 'hours'))).toBeNull();
    expect(bad((f) => (f.burnUp.extra = 1))).toBeNull();
    expect(bad((f) => (f.items[1].p85 = 1.5))).toBeNull();
    const nan = snapshot() as unknown as { forecast: { burnUp: { done: number } } };
    nan.forecast.burnUp.done = NaN;
    expect(parseHostMessage({ type: 'backlogDidChange', version: 1, snapshot: nan })).toBeNull();
    const missing = JSON.parse(JSON.stringify(snapshot()));
    delete missing.forecast;
    expect(parseHostMessage({ type: 'backlogDidChange', version: 1, snapshot: missing })).toBeNull();
  });

  it('accepts an empty backlog', () => {
    const empty: BoardSnapshot = { fileName: 'BACKLOG.md', shape: null, groups: [], items: [], problems: [], forecast: null };
    expect(parseHostMessage({ type: 'backlogDidChange', version: 0, snapshot: empty })).toEqual({ type: 'backlogDidChange', version: 0, snapshot: empty });
  });

  it('accepts multi-line and markup text as data (rendering keeps it literal)', () => {
    const m = mutate((s) => {
      s.items[0].title = '<script>alert(1)</script>\nsecond line';
    });
    expect(parseHostMessage(m)).not.toBeNull();
  });

  it.each([null, undefined, 'backlogDidChange', 3, [], {}])('rejects %j', (raw) => {
    expect(parseHostMessage(raw)).toBeNull();
  });

  it.each(['moveItem', 'webviewDidLoad', 'toString', '__proto__', 'BacklogDidChange'])('rejects type %j', (type) => {
    expect(parseHostMessage({ type, version: 1, snapshot: snapshot() })).toBeNull();
  });

  it.each<[string, (s: Json) => void]>([
    ['a missing snapshot field', (s) => delete s.groups],
    ['an extra snapshot field', (s) => (s.extra = 1)],
    ['a bad shape', (s) => (s.shape = 'grid')],
    ['items not an array', (s) => (s.items = {} as never)],
    ['items out of order', (s) => s.items.reverse()],
    ['a wrong index', (s) => (s.items[1].index = 5)],
    ['a wrong rank', (s) => (s.items[1].rank = 1)],
    ['a float index', (s) => (s.items[0].index = 0.5)],
    ['a numeric id', (s) => (s.items[0].id = 1)],
    ['a missing title', (s) => delete s.items[0].title],
    ['an unknown status kind', (s) => (s.items[0].status = { raw: 'x', kind: 'doing' })],
    ['a status without raw', (s) => (s.items[0].status = { kind: 'done' })],
    ['a groupIndex out of range', (s) => (s.items[0].groupIndex = 2)],
    ['a groupIndex below -1', (s) => (s.items[0].groupIndex = -2)],
    ['a criterion with a string done', (s) => ((s.items[0].criteria as unknown[])[0] = { text: 'a', done: 'yes' })],
    ['a criterion with an extra key', (s) => ((s.items[0].criteria as unknown[])[0] = { text: 'a', done: true, html: '<b>' })],
    ['progress not matching the criteria', (s) => (s.items[0].progress = { done: 1, total: 2 })],
    ['progress done above total', (s) => (s.items[0].progress = { done: 4, total: 3 })],
    ['an unknown severity', (s) => (s.items[0].problems = [{ ruleId: 'r', severity: 'fatal', message: 'm' }])],
    ['a group naming a missing item', (s) => ((s.groups as { items: number[] }[])[0].items = [9])],
    ['a group path of numbers', (s) => ((s.groups as { path: unknown[] }[])[0].path = [1])],
    ['a sparse criteria array', (s) => (s.items[0].criteria = [, { text: 'a', done: true }] as never)],
    ['a file problem with a missing message', (s) => (s.problems = [{ ruleId: 'r', severity: 'info' }])],
    ['an own __proto__ key on an item', (s) => Object.defineProperty(s.items[0], '__proto__', { value: {}, enumerable: true, configurable: true, writable: true })],
  ])('rejects a snapshot with %s', (_name, f) => {
    expect(parseHostMessage(mutate(f))).toBeNull();
  });

  it('rejects a snapshot that arrives with __proto__ from JSON', () => {
    const json = JSON.stringify({ type: 'backlogDidChange', version: 1, snapshot: snapshot() }).replace('"fileName"', '"__proto__":{"x":1},"fileName"');
    expect(parseHostMessage(JSON.parse(json))).toBeNull();
  });

  it.each([-1, 1.5, NaN, 2 ** 53, '1', null])('rejects version %s', (version) => {
    expect(parseHostMessage({ type: 'backlogDidChange', version, snapshot: snapshot() })).toBeNull();
  });

  it.each([
    { type: 'editRejected', reason: 'nope', message: 'x' },
    { type: 'editRejected', reason: 'stale' },
    { type: 'editRejected', reason: 'stale', message: 1 },
    { type: 'editRejected', reason: 'stale', message: 'x'.repeat(MAX_TEXT + 1) },
    { type: 'editRejected', reason: 'stale', message: 'x', extra: true },
    { type: 'focusItem', index: -1 },
    { type: 'focusItem', index: '0' },
    { type: 'focusItem' },
  ])('rejects %j', (raw) => {
    expect(parseHostMessage(raw)).toBeNull();
  });

  it('validates a 1,000-item snapshot', () => {
    const s = snapshot();
    const items = Array.from({ length: 1000 }, (_, i) => ({ ...s.items[0], index: i, rank: i + 1 }));
    const big = { ...s, items, groups: [{ title: 'All', path: ['All'], items: items.map((it) => it.index) }] };
    const parsed = parseHostMessage({ type: 'backlogDidChange', version: 1, snapshot: big });
    expect(parsed?.type === 'backlogDidChange' && parsed.snapshot.items.length).toBe(1000);
  });
});

describe('the no-backlog states', () => {
  it('accepts the three reasons with file names, and nothing else', () => {
    for (const reason of ['loading', 'none', 'choose'] as const) {
      const m = { type: 'noBacklog', reason, files: reason === 'choose' ? ['BACKLOG.md', 'docs/BACKLOG.md'] : [] };
      expect(parseHostMessage(m)).toEqual(m);
    }
    expect(parseHostMessage({ type: 'noBacklog', reason: 'empty', files: [] })).toBeNull();
    expect(parseHostMessage({ type: 'noBacklog', reason: 'none', files: [1] })).toBeNull();
    expect(parseHostMessage({ type: 'noBacklog', reason: 'none' })).toBeNull();
    expect(parseHostMessage({ type: 'noBacklog', reason: 'choose', files: Array.from({ length: 201 }, () => 'x.md') })).toBeNull();
  });

  it('accepts only the commands the board offers', () => {
    for (const command of ['workbench.action.terminal.new', 'createbacklog', '', 'toString']) {
      expect(parseWebviewMessage({ type: 'runCommand', command })).toBeNull();
    }
    expect(parseWebviewMessage({ type: 'runCommand', command: 'createBacklog', args: [] })).toBeNull();
    expect(parseWebviewMessage({ type: 'chooseBacklog', file: -1 })).toBeNull();
  });

  it('decideItem names a decision: accept or reject, nothing else', () => {
    for (const decision of ['Accept', 'approve', '', null, 1, ['accept'], 'accept ']) {
      expect(parseWebviewMessage({ type: 'decideItem', version: 0, item: 0, decision })).toBeNull();
    }
  });
});
