// Deterministic synthetic backlogs for the benchmark and the differential tests: about 800 bytes per item, like real
// user stories, in every shape a backlog is written in (docs/FORMAT.md).
//
// Every item has an ID (`US-<n>`), a title, a short description, a value statement, Priority/Estimate/Status (and
// now and then Depends on) fields and 3-6 acceptance criteria. The shapes differ only in how that is written:
// one heading per item (flat or under release headings), list items (bullets, ordered, task lists; flat or under
// release headings), rows of a markdown table (one table, or one per release) or of an HTML table.

/** mulberry32: a small seeded PRNG, so every run benchmarks the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROLES = ['team member', 'team lead', 'product owner', 'administrator', 'new user', 'guest', 'support agent', 'billing manager'];
const VERBS = ['see', 'create', 'edit', 'export', 'share', 'archive', 'filter', 'import', 'schedule', 'approve'];
const THINGS = ['appointments', 'invoices', 'reports', 'team calendars', 'user profiles', 'notifications', 'time entries', 'projects', 'comments', 'attachments'];
const WHY = [
  'I can plan my week without asking around',
  'nobody works on the same thing twice',
  'customers get answers faster',
  'the monthly report is ready on the first day',
  'mistakes are caught before they reach a customer',
  'I do not have to copy data between tools by hand',
];
const CRITERIA = [
  'The list shows at most 50 entries per page and a link to the next page',
  'An empty state explains what to do when there is nothing to show yet',
  'Saving fails with a clear message when a required field is missing',
  'The change is visible to every team member within five seconds',
  'Keyboard users can reach every control in a sensible order',
  'The page loads in under two seconds for an account with 10,000 entries',
  'An audit entry records who made the change and when',
  'Dates are shown in the time zone of the person who looks at them',
];
const STATUSES = ['todo', 'todo', 'ready', 'ready', 'in progress', 'review', 'done'];
const ESTIMATES = ['1', '2', '3', '5', '8', '13'];
const WORDS = ['quickly', 'reliably', 'safely', 'clearly', 'directly', 'easily'];

/** The shapes the benchmark measures, in the order it prints them. */
export const SHAPES = [
  'headings',
  'headings-grouped',
  'list',
  'list-grouped',
  'ordered',
  'tasks',
  'table',
  'table-grouped',
  'html-table',
] as const;
export type BenchShape = (typeof SHAPES)[number];

/** What a shape looks like, for the bench's table titles. */
export const SHAPE_TITLES: Record<BenchShape, string> = {
  headings: 'headings: `## US-1 Title` per item, no groups',
  'headings-grouped': 'headings under groups: `## Release N` every 20 items, `### US-1 Title` per item',
  list: 'bullet list: `- US-1 Title` with indented details, no groups',
  'list-grouped': 'bullet list under groups: `## Release N` every 50 items',
  ordered: 'ordered list: `1. US-1 Title` with indented details',
  tasks: 'task list: `- [ ] US-1 Title` with indented details',
  table: 'one markdown table, one row per item',
  'table-grouped': 'markdown tables under groups: `## Release N` and a table every 50 items',
  'html-table': 'one HTML table, one `<tr>` per item',
};

export interface Generated {
  readonly text: string;
  readonly items: number;
}

interface Story {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly statement: string;
  readonly priority: number;
  readonly estimate: string;
  readonly status: string;
  readonly dependsOn: string | null;
  readonly criteria: readonly string[];
  /** 0..1: decides the occasional code block or table in heading items. */
  readonly extra: number;
  readonly thing: string;
}

function stories(n: number, seed: number): Story[] {
  const r = rng(seed + n);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const out: Story[] = [];
  for (let i = 1; i <= n; i++) {
    const verb = pick(VERBS);
    const thing = pick(THINGS);
    const status = pick(STATUSES);
    const title = `${verb[0].toUpperCase()}${verb.slice(1)} ${thing} ${pick(WORDS)}`;
    const description = `Today people ${verb} ${thing} through a spreadsheet that one person maintains. This item replaces that with a view in the app that everyone can use. Out of scope: bulk changes and anything that needs a new permission model.`;
    const statement = `As a ${pick(ROLES)}, I want to ${verb} ${thing} ${pick(WORDS)}, so that ${pick(WHY)}.`;
    const estimate = pick(ESTIMATES);
    const dependsOn = i > 3 && r() < 0.5 ? `US-${1 + Math.floor(r() * (i - 1))}` : null;
    const count = 3 + Math.floor(r() * 4);
    const criteria: string[] = [];
    for (let c = 0; c < count; c++) criteria.push(pick(CRITERIA));
    out.push({ id: `US-${i}`, title, description, statement, priority: i, estimate, status, dependsOn, criteria, extra: r(), thing });
  }
  return out;
}

const box = (s: Story) => (s.status === 'done' ? 'x' : ' ');

function headingItem(s: Story, hashes: string): string[] {
  const out = [`${hashes} ${s.id} ${s.title}`, '', s.description, '', s.statement, ''];
  out.push(`- Priority: ${s.priority}`, `- Estimate: ${s.estimate}`, `- Status: ${s.status}`);
  if (s.dependsOn) out.push(`- Depends on: ${s.dependsOn}`);
  out.push('', '**Acceptance criteria:**', '');
  for (const c of s.criteria) out.push(`- [${box(s)}] ${c}`);
  out.push('');
  if (s.extra < 0.08) {
    out.push('```json', `{ "${s.thing.replace(/ /g, '_')}": [], "page": 1, "pageSize": 50 }`, '```', '');
  } else if (s.extra < 0.14) {
    out.push('| Field | Required | Notes |', '|---|---|---|', '| Title | yes | up to 120 characters |', '| Owner | no | defaults to the creator |', '');
  }
  return out;
}

/** A list item: the marker, then every further line indented to the item's content column. */
function listItem(s: Story, marker: string, checkbox = ''): string[] {
  const pad = ' '.repeat(marker.length + 1);
  const out = [`${marker} ${checkbox}${s.id} ${s.title}`, `${pad}${s.description}`, '', `${pad}${s.statement}`, ''];
  out.push(`${pad}- Priority: ${s.priority}`, `${pad}- Estimate: ${s.estimate}`, `${pad}- Status: ${s.status}`);
  if (s.dependsOn) out.push(`${pad}- Depends on: ${s.dependsOn}`);
  out.push(`${pad}- Acceptance criteria:`);
  for (const c of s.criteria) out.push(`${pad}  - [${box(s)}] ${c}`);
  out.push('');
  return out;
}

const TABLE_HEAD = ['| ID | Title | Description | User story | Priority | Estimate | Status | Depends on | Acceptance criteria |', '|---|---|---|---|---|---|---|---|---|'];

function tableRow(s: Story): string {
  const criteria = s.criteria.map((c) => `- [${box(s)}] ${c}`).join('<br>');
  return `| ${s.id} | ${s.title} | ${s.description} | ${s.statement} | ${s.priority} | ${s.estimate} | ${s.status} | ${s.dependsOn ?? ''} | ${criteria} |`;
}

function htmlRow(s: Story): string {
  const criteria = s.criteria.map((c) => `- [${box(s)}] ${c}`).join('<br>');
  const cells = [s.id, s.title, s.description, s.statement, String(s.priority), s.estimate, s.status, s.dependsOn ?? '', criteria];
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** A backlog of `n` items in the given shape (deterministic for a given shape, n and seed). */
export function generateShape(shape: BenchShape, n: number, seed = 42): Generated {
  const all = stories(n, seed);
  const out: string[] = ['# Product Backlog', '', 'Ordered top to bottom: the first item is the most important one.', ''];
  const group = (i: number, size: number) => {
    if (i % size === 0) out.push(`## Release ${i / size + 1}`, '');
  };
  all.forEach((s, i) => {
    switch (shape) {
      case 'headings':
        out.push(...headingItem(s, '##'));
        break;
      case 'headings-grouped':
        group(i, 20);
        out.push(...headingItem(s, '###'));
        break;
      case 'list':
        out.push(...listItem(s, '-'));
        break;
      case 'list-grouped':
        group(i, 50);
        out.push(...listItem(s, '-'));
        break;
      case 'ordered':
        out.push(...listItem(s, `${i + 1}.`));
        break;
      case 'tasks':
        out.push(...listItem(s, '-', `[${box(s)}] `));
        break;
      case 'table':
        if (i === 0) out.push(...TABLE_HEAD);
        out.push(tableRow(s));
        break;
      case 'table-grouped':
        if (i % 50 === 0) {
          if (i > 0) out.push('');
          out.push(`## Release ${i / 50 + 1}`, '', ...TABLE_HEAD);
        }
        out.push(tableRow(s));
        break;
      case 'html-table':
        if (i === 0) {
          out.push('<table>', `<tr>${['ID', 'Title', 'Description', 'User story', 'Priority', 'Estimate', 'Status', 'Depends on', 'Acceptance criteria'].map((c) => `<th>${c}</th>`).join('')}</tr>`);
        }
        out.push(htmlRow(s));
        if (i === n - 1) out.push('</table>');
        break;
    }
  });
  const text = out.join('\n');
  return { text: text.endsWith('\n') ? text : `${text}\n`, items: n };
}

/** The heading backlog the benchmark used before it measured every shape (kept for the differential tests). */
export function generateBacklog(n: number, seed = 42): Generated {
  return generateShape('headings-grouped', n, seed);
}

/**
 * The same text with one word changed in the value statement of the item in the middle. `variant` picks the word,
 * so alternating variants re-read exactly one item each time. The words differ in length, as typing does, so
 * every item after the edit moves and its offsets must be shifted. Works for every shape: it looks for the item's
 * ID, then its statement.
 */
export function editOneItem(text: string, n: number, variant: number): string {
  const mid = Math.max(1, Math.floor(n / 2));
  const idAt = itemIdAt(text, `US-${mid}`);
  const at = text.indexOf(', I want to ', idAt);
  const word = ['promptly', 'fast'][variant % 2];
  const end = text.indexOf(',', at + 12);
  // Replace the adverb before "so that" in the item's statement.
  const statement = text.slice(at, end);
  const lastSpace = statement.lastIndexOf(' ');
  return text.slice(0, at + lastSpace + 1) + word + text.slice(end);
}

/** Where the item with this ID starts to be written (its ID, not a dependency on it). */
function itemIdAt(text: string, id: string): number {
  for (const lead of [`# ${id} `, `- ${id} `, `] ${id} `, `. ${id} `, `| ${id} |`, `<td>${id}</td>`]) {
    const i = text.indexOf(lead);
    if (i >= 0) return i;
  }
  throw new Error(`no item ${id} in the generated text`);
}
