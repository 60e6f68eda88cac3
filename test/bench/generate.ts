// Deterministic synthetic backlogs for the benchmark: about 800 bytes per item, like real user stories.
//
// `# Product Backlog`, an H2 group every 20 items, and per item an H3 heading with an ID, a short description, a value
// statement, `- Priority/Estimate/Status/Depends on` fields, `**Acceptance criteria:**` with 3-6 task-list lines, and
// now and then a fenced code block or a small table.

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

export interface Generated {
  readonly text: string;
  readonly items: number;
}

/** A backlog of `n` items (deterministic for a given n and seed). */
export function generateBacklog(n: number, seed = 42): Generated {
  const r = rng(seed + n);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const out: string[] = ['# Product Backlog', '', 'Ordered top to bottom: the first item is the most important one.', ''];
  for (let i = 1; i <= n; i++) {
    if ((i - 1) % 20 === 0) out.push(`## Release ${Math.floor((i - 1) / 20) + 1}`, '');
    const verb = pick(VERBS);
    const thing = pick(THINGS);
    const status = pick(STATUSES);
    out.push(`### US-${i} ${verb[0].toUpperCase()}${verb.slice(1)} ${thing} ${pick(WORDS)}`, '');
    out.push(
      `Today people ${verb} ${thing} through a spreadsheet that one person maintains. This item replaces that with a view in the app that everyone can use. Out of scope: bulk changes and anything that needs a new permission model.`,
      '',
    );
    out.push(`As a ${pick(ROLES)}, I want to ${verb} ${thing} ${pick(WORDS)}, so that ${pick(WHY)}.`, '');
    out.push(`- Priority: ${i}`, `- Estimate: ${pick(ESTIMATES)}`, `- Status: ${status}`);
    if (i > 3 && r() < 0.5) out.push(`- Depends on: US-${1 + Math.floor(r() * (i - 1))}`);
    out.push('', '**Acceptance criteria:**', '');
    const count = 3 + Math.floor(r() * 4);
    for (let c = 0; c < count; c++) out.push(`- [${status === 'done' ? 'x' : ' '}] ${pick(CRITERIA)}`);
    out.push('');
    const extra = r();
    if (extra < 0.08) {
      out.push('```json', `{ "${thing.replace(/ /g, '_')}": [], "page": 1, "pageSize": 50 }`, '```', '');
    } else if (extra < 0.14) {
      out.push('| Field | Required | Notes |', '|---|---|---|', '| Title | yes | up to 120 characters |', '| Owner | no | defaults to the creator |', '');
    }
  }
  return { text: out.join('\n'), items: n };
}

/**
 * The same text with one word changed in the value statement of the item in the middle. `variant` picks the word,
 * so alternating variants re-parses exactly one section each time. The words differ in length, as typing does, so
 * every item after the edit moves and its offsets must be shifted.
 */
export function editOneItem(text: string, n: number, variant: number): string {
  const mid = Math.max(1, Math.floor(n / 2));
  const heading = text.indexOf(`\n### US-${mid} `);
  const at = text.indexOf(', I want to ', heading);
  const word = ['promptly', 'fast'][variant % 2];
  const end = text.indexOf(',', at + 12);
  // Replace the adverb before "so that" in the item's statement.
  const statement = text.slice(at, end);
  const lastSpace = statement.lastIndexOf(' ');
  return text.slice(0, at + lastSpace + 1) + word + text.slice(end);
}
