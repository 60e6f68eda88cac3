// Replays every input the fuzzer kept (test/fixtures/fuzz/*.json, see test/fuzz/fuzz.ts) against the property it
// broke, so that a class of bugs found once stays fixed. A `hang` input is replayed with the property that was running
// on it (`hungIn`, or the first word of its message; analysis when neither names one): it must finish and hold.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, PROPERTY_NAMES, type PropertyName } from '../fuzz/properties';

const KEPT = join(__dirname, '..', 'fixtures', 'fuzz');

interface Kept {
  readonly property: PropertyName | 'hang';
  readonly hungIn?: PropertyName;
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

/** The property a kept input is replayed with. */
function replayed(k: Kept): PropertyName {
  if (k.property !== 'hang') return k.property;
  const named = k.hungIn ?? k.message.split(' ')[0];
  return (PROPERTY_NAMES as readonly string[]).includes(named) ? (named as PropertyName) : 'analysis';
}

describe('inputs kept by the fuzzer', () => {
  it('are all readable, name a property and hold an input', () => {
    for (const k of kept) {
      expect([...PROPERTY_NAMES, 'hang'], k.file).toContain(k.property);
      expect(typeof k.text, k.file).toBe('string');
      expect(typeof k.edited, k.file).toBe('string');
      expect(Number.isInteger(k.pick), k.file).toBe(true);
    }
  });

  for (const k of kept) {
    const property = replayed(k);
    it.skipIf(OPEN.has(property))(`${k.file} (${property}): ${k.message.slice(0, 100)}`, () => {
      expect(check(property, k.text, k.edited, k.pick)).toBeNull();
    });
  }
});
