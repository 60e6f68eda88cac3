import { describe, expect, it } from 'vitest';
import { acceptanceChecklist, definitionOfDone, planAccept, planReject } from './acceptance';
import { applyEdits, type Plan } from './edits';
import { lintBacklog } from './lint';
import { parseBacklog } from './parse';

const FILE = [
  '# Backlog',
  '',
  '## Definition of Done',
  '',
  '- [ ] Code reviewed',
  '- Deployed to staging',
  '',
  '## Now',
  '',
  '### US-1 Sign in',
  '',
  '- Estimate: 3',
  '- Status: in review',
  '',
  '**Acceptance criteria:**',
  '',
  '- [x] Works with the company account',
  '- [ ] Signing out ends the session',
  '',
  '### US-2 Export',
  '',
  '**Status:** done',
  '',
].join('\r\n');

const apply = (text: string, plan: Plan) => {
  if (!plan.ok) throw new Error(plan.error);
  expect(plan.edits).toHaveLength(1); // one edit: one undo step
  return applyEdits(text, plan.edits);
};

describe('Definition of Done', () => {
  it('comes from the configuration first, else from the file’s own section', () => {
    const b = parseBacklog(FILE);
    expect(definitionOfDone(b, {})).toEqual({ items: ['Code reviewed', 'Deployed to staging'], source: 'file' });
    expect(definitionOfDone(b, { definitionOfDone: ['Tests pass'] })).toEqual({ items: ['Tests pass'], source: 'config' });
    expect(definitionOfDone(parseBacklog('# B\n\n## US-1 A\n'), {})).toEqual({ items: [], source: null });
    // A heading in a code block is not the section; the list ends at the next heading of the same level.
    expect(definitionOfDone(parseBacklog('# B\n\n```\n## Definition of Done\n- no\n```\n\n## DoD\n\n1. Yes\n\n### Detail\n\n- also\n\n## Next\n\n- not\n'), {}).items).toEqual(['Yes', 'also']);
  });

  it('the checklist lists the criteria as written, then the Definition of Done', () => {
    expect(acceptanceChecklist(parseBacklog(FILE), 0, {})).toEqual([
      { kind: 'criterion', text: 'Works with the company account', checked: true, criterion: 0 },
      { kind: 'criterion', text: 'Signing out ends the session', checked: false, criterion: 1 },
      { kind: 'definition-of-done', text: 'Code reviewed', checked: null, criterion: null },
      { kind: 'definition-of-done', text: 'Deployed to staging', checked: null, criterion: null },
    ]);
  });
});

describe('accept and reject', () => {
  it('refuses to accept with an unmet criterion, and says which', () => {
    const plan = planAccept(parseBacklog(FILE), 0, '2026-12-05', parseBacklog);
    expect(plan).toEqual({ ok: false, error: 'US-1 has 1 unmet acceptance criterion: “Signing out ends the session”.' });
  });

  it('accepts: checks the confirmed criteria, sets the status, records the date; one edit, CRLF kept, nothing else changed', () => {
    const out = apply(FILE, planAccept(parseBacklog(FILE), 0, '2026-12-05', parseBacklog, [1]));
    expect(out).toBe(
      FILE.replace('- Status: in review', '- Status: accepted\r\n- Accepted: 2026-12-05').replace('- [ ] Signing out', '- [x] Signing out'),
    );
    const b = parseBacklog(out);
    expect(b.items[0].status?.kind).toBe('accepted');
    expect(lintBacklog(b, {}).filter((f) => f.ruleId === 'done-with-open-criteria')).toEqual([]);
    // Accepting again updates the date instead of adding a line.
    const again = apply(out, planAccept(b, 0, '2026-12-06', parseBacklog));
    expect(again).toBe(out.replace('Accepted: 2026-12-05', 'Accepted: 2026-12-06'));
  });

  it('rejects with the date and the reason, in the style of the status line', () => {
    const out = apply(FILE, planReject(parseBacklog(FILE), 1, '2026-12-05', ' The export misses holidays ', parseBacklog));
    expect(out).toBe(FILE.replace('**Status:** done', '**Status:** rejected\r\n**Rejected:** 2026-12-05 — The export misses holidays'));
    expect(parseBacklog(out).items[1].status?.kind).toBe('rejected');
    expect(planReject(parseBacklog(FILE), 1, '2026-12-05', '  ', parseBacklog)).toEqual({ ok: false, error: 'A rejection needs a reason.' });
    expect(planReject(parseBacklog(FILE), 1, '2026-12-05', 'a\nb', parseBacklog).ok).toBe(false);
    expect(planReject(parseBacklog(FILE), 1, '5.12.2026', 'x', parseBacklog).ok).toBe(false);
  });

  it('an item without a status field gets one; a list item keeps its indentation', () => {
    const text = '# B\n\n- US-1 Sign in\n  - Estimate: 3\n- US-2 Next\n';
    const out = apply(text, planAccept(parseBacklog(text), 0, '2026-12-05', parseBacklog));
    expect(out).toBe('# B\n\n- US-1 Sign in\n  - Estimate: 3\n  - Status: accepted\n  - Accepted: 2026-12-05\n- US-2 Next\n');
  });

  it('a table row records the decision in its status column', () => {
    const text = '# B\n\n| ID | Title | Status |\n|---|---|---|\n| US-1 | Sign in | done |\n| US-2 | Next | todo |\n';
    const out = apply(text, planAccept(parseBacklog(text), 0, '2026-12-05', parseBacklog));
    expect(out).toBe(text.replace('| Sign in | done |', '| Sign in | accepted |'));
  });
});
