// The forecast worker's job (run here in-thread): which history it uses for a document, and that the git history is
// read with the real git, cached, and read again when the host bumps gitEpoch (a save).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedRepo, scriptedRepo } from '../../test/unit/git-fixture';
import { runForecast } from './forecast-worker';

function stories(n: number, done: readonly number[] = []): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(`## US-${i} Story number ${i}\n\n- Estimate: ${i % 3 === 0 ? 5 : 3}\n- Status: ${done.includes(i) ? 'done' : 'todo'}\n`);
  return `# Product Backlog\n\n${out.join('\n')}`;
}

let repo: ScriptedRepo;
let outside: string;

beforeAll(() => {
  repo = scriptedRepo([], 'backlog-forecast-worker-');
  const steps: [string, number[]][] = [
    ['2026-01-14', []],
    ['2026-01-21', [1]],
    ['2026-01-28', [1, 2]],
    ['2026-02-04', [1, 2, 3]],
    ['2026-02-18', [1, 2, 3, 4, 5, 6]],
    ['2026-03-04', [1, 2, 3, 4, 5, 6, 7]],
  ];
  for (const [date, done] of steps) repo.commit({ date: `${date}T10:00:00Z`, message: `Backlog ${date}`, files: { 'BACKLOG.md': stories(20, done) } });
  outside = mkdtempSync(join(tmpdir(), 'backlog-forecast-outside-'));
}, 60_000);

afterAll(() => {
  repo?.remove();
  if (outside) rmSync(outside, { recursive: true, force: true });
});

const TODAY = '2026-03-16';

describe('runForecast (the forecast worker)', () => {
  it('reads the git history of a committed file: whole sprints ending yesterday, as `backlog forecast` does', async () => {
    const path = join(repo.root, 'BACKLOG.md');
    const f = await runForecast({ path, text: stories(20, [1, 2, 3, 4, 5, 6, 7]), config: {}, today: TODAY, gitEpoch: 0 });
    expect(f).toMatchObject({ source: 'git', mode: 'velocity', samples: [6, 5, 11, 3], insufficientData: false, sprint1Start: TODAY });
    expect(f!.items.map((i) => i.id).slice(0, 2)).toEqual(['US-8', 'US-9']);
  });

  it('uses the cached git history until gitEpoch grows, then reads the new commits', async () => {
    const path = join(repo.root, 'BACKLOG.md');
    const text = stories(20, [1, 2, 3, 4, 5, 6, 7]);
    repo.commit({ date: '2026-03-10T10:00:00Z', message: 'US-8 done', files: { 'BACKLOG.md': stories(20, [1, 2, 3, 4, 5, 6, 7, 8]) } });
    const cached = await runForecast({ path, text, config: {}, today: TODAY, gitEpoch: 0 });
    expect(cached!.samples).toEqual([6, 5, 11, 3]);
    const fresh = await runForecast({ path, text, config: {}, today: TODAY, gitEpoch: 1 });
    expect(fresh!.samples).toEqual([6, 5, 11, 6]);
  });

  it('the configuration, then the sprint groups, come before git; a file outside a repository has no git history', async () => {
    const configured = await runForecast({ path: join(repo.root, 'BACKLOG.md'), text: stories(5), config: { velocity: [10, 10, 10] }, today: TODAY, gitEpoch: 0 });
    expect(configured).toMatchObject({ source: 'config', samples: [10, 10, 10] });
    const path = join(outside, 'BACKLOG.md');
    writeFileSync(path, stories(5));
    const none = await runForecast({ path, text: stories(5), config: {}, today: TODAY, gitEpoch: 0 });
    expect(none).toMatchObject({ source: 'sprints', items: [] });
    expect(none!.insufficientData).toMatch(/no past sprints among the sprint groups of the file/);
    const untitled = await runForecast({ path: null, text: stories(5), config: {}, today: TODAY, gitEpoch: 0 });
    expect(untitled).toMatchObject({ source: 'sprints' });
  });
});
