// The burn-up chart: well-formed SVG, accessible name and description, lines from the data, every text escaped.
import { describe, expect, it } from 'vitest';
import { BURNUP_CSS, BURNUP_DEFAULT_COLOURS, describeBurnUp, renderBurnUpSvg } from './burnup-chart';
import type { BurnUp } from './forecast';

const DATA: BurnUp = {
  unit: 'points',
  past: [
    { label: 'Sprint 1', cumulative: 8 },
    { label: 'Sprint 2', cumulative: 20 },
    { label: 'Sprint 3', cumulative: 30 },
  ],
  done: 30,
  scope: 60,
  future: [
    { sprint: 1, date: '2026-10-16', p50: 40, p85: 35 },
    { sprint: 2, date: '2026-10-30', p50: 50, p85: 45 },
    { sprint: 3, date: '2026-11-13', p50: 60, p85: 55 },
    { sprint: 4, date: '2026-11-27', p50: 60, p85: 60 },
  ],
};

/** Tags and text of an XML string; throws unless every element is closed in order and no text holds a raw `<` or a bare `&`. */
function checkWellFormed(xml: string): { tags: { name: string; attrs: string }[]; texts: string[] } {
  const stack: string[] = [];
  const tags: { name: string; attrs: string }[] = [];
  const texts: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[6]) throw new Error(`stray < at ${m.index}`);
    if (m[5] !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|#39|#96);)/.test(m[5])) throw new Error(`bare & in ${m[5]}`);
      texts.push(m[5]);
      continue;
    }
    if (/&(?!(?:amp|lt|gt|quot|#39|#96);)/.test(m[3])) throw new Error(`bare & in attributes ${m[3]}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`</${m[2]}> closes the wrong element`);
    } else {
      tags.push({ name: m[2], attrs: m[3] });
      if (!m[4]) stack.push(m[2]);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
  return { tags, texts };
}

const attr = (attrs: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];

describe('renderBurnUpSvg', () => {
  it('is one well-formed svg element with an accessible name and description', () => {
    const svg = renderBurnUpSvg(DATA, { idPrefix: 'fc' });
    const { tags } = checkWellFormed(svg);
    expect(tags[0].name).toBe('svg');
    expect(attr(tags[0].attrs, 'role')).toBe('img');
    expect(attr(tags[0].attrs, 'aria-labelledby')).toBe('fc-title fc-desc');
    expect(svg).toContain('<title id="fc-title">Burn-up chart: 30 of 60 points done, forecast at 50% and 85%</title>');
    expect(svg).toContain(`<desc id="fc-desc">${describeBurnUp(DATA)}</desc>`);
    expect(svg).not.toMatch(/<script|<style|style=|on\w+=|href=/i);
  });

  it('describes the lines in words', () => {
    expect(describeBurnUp(DATA)).toBe(
      '30 points done in the last 3 sprints. Scope: 60 points (30 open). At 50% confidence everything open is done by the end of sprint 3 (2026-11-13). At 85% confidence everything open is done by the end of sprint 4 (2026-11-27).',
    );
    expect(describeBurnUp({ ...DATA, future: DATA.future.slice(0, 2) })).toContain('At 50% confidence the open work is not all done within 2 sprints.');
  });

  it('draws the done, scope, 50% and 85% lines from the data', () => {
    const svg = renderBurnUpSvg(DATA, { width: 640, height: 300 });
    const { tags } = checkWellFormed(svg);
    const line = (cls: string) => tags.find((t) => t.name === 'polyline' && attr(t.attrs, 'class') === cls);
    const points = (cls: string) => attr(line(cls)!.attrs, 'points')!.split(' ').map((p) => p.split(',').map(Number));
    // Plot area: x from 52 to 624 over 7 sprints (3 past + 4 future), y from 260 (0) up to 34 (63 = 60 × 1.05).
    const x = (v: number) => Math.round((52 + (v / 7) * 572) * 10) / 10;
    const y = (v: number) => Math.round((34 + 226 - (v / 63) * 226) * 10) / 10;
    expect(points('done')).toEqual([
      [x(0), y(0)],
      [x(1), y(8)],
      [x(2), y(20)],
      [x(3), y(30)],
    ]);
    expect(points('p50')).toEqual([[x(3), y(30)], ...DATA.future.map((f) => [x(3 + f.sprint), y(f.p50)])]);
    expect(points('p85')).toEqual([[x(3), y(30)], ...DATA.future.map((f) => [x(3 + f.sprint), y(f.p85)])]);
    const scope = tags.find((t) => t.name === 'line' && attr(t.attrs, 'class') === 'scope')!;
    expect(Number(attr(scope.attrs, 'y1'))).toBe(y(60));
    // The lines differ in pattern, not only in colour.
    expect(attr(line('p85')!.attrs, 'stroke-dasharray')).toBe('6 4');
    expect(attr(line('p50')!.attrs, 'stroke-dasharray')).toBeUndefined();
    // Theme colours by class, with a fallback colour in the attribute.
    expect(attr(line('p50')!.attrs, 'stroke')).toMatch(/^#[0-9a-f]{6}$/);
    expect(BURNUP_CSS).toContain('.burnup .p50{stroke:var(--burnup-p50)}');
    // The stylesheet itself names no colour (the board's CSS must not); the defaults for a themeless page do.
    expect(BURNUP_CSS).not.toMatch(/#[0-9a-f]{3,8}\b/i);
    expect(BURNUP_DEFAULT_COLOURS).toContain(`--burnup-p50:${attr(line('p50')!.attrs, 'stroke')}`);
  });

  it('escapes every text taken from the user', () => {
    const hostile: BurnUp = { ...DATA, past: [{ label: '<img src=x onerror=alert(1)> & "q"', cumulative: 3 }, ...DATA.past.slice(1)] };
    const svg = renderBurnUpSvg(hostile, { idPrefix: '"><script>' });
    const { texts } = checkWellFormed(svg);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(texts.join('')).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(svg).toContain('aria-labelledby="script-title script-desc"');
  });

  it('copes with no past sprints, no future and fractional values', () => {
    for (const data of [
      { ...DATA, past: [], done: 0 },
      { ...DATA, future: [] },
      { ...DATA, scope: 0.5, done: 0.25, past: [{ label: 'a', cumulative: 0.25 }], future: [{ sprint: 1, date: null, p50: 0.5, p85: 0.5 }] },
    ]) {
      const svg = renderBurnUpSvg(data);
      expect(() => checkWellFormed(svg)).not.toThrow();
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });
});
