// Replays every input the fuzzer kept (test/fixtures/fuzz/*.json, see test/fuzz/fuzz.ts) against the property it
// broke, so that a class of bugs found once stays fixed. `hang` inputs are replayed as analysis (they must finish).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, PROPERTY_NAMES, type PropertyName } from '../fuzz/properties';

const KEPT = join(__dirname, '..', 'fixtures', 'fuzz');

interface Kept {
  readonly property: PropertyName | 'hang';
  readonly message: string;
  readonly text: string;
  readonly edited: string;
  readonly pick: number;
}

const kept = readdirSync(KEPT)
  .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
  .sort()
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(KEPT, f), 'utf8')) as Kept) }));

/**
 * Properties whose fix has not landed yet: their inputs stay here and are replayed as soon as the name is removed from
 * this list. Empty: the `move` inputs (a step out of a group it left empty) hold since a step swaps an item with its
 * neighbour across the group heading.
 */
const OPEN: ReadonlySet<string> = new Set<string>([]);

describe('inputs kept by the fuzzer', () => {
  it('are all readable and name a property', () => {
    for (const k of kept) expect([...PROPERTY_NAMES, 'hang'], k.file).toContain(k.property);
  });

  for (const k of kept) {
    const property: PropertyName = k.property === 'hang' ? 'analysis' : k.property;
    it.skipIf(OPEN.has(property))(`${k.file}: ${k.message.slice(0, 100)}`, () => {
      expect(check(property, k.text, k.edited, k.pick)).toBeNull();
    });
  }
});
