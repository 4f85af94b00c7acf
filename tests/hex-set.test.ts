import { describe, expect, it } from 'vitest';
import { BulkHexSet, unionSorted } from '../src/ingest/fast/hex-set.js';
import { settleHexes, type InputSummary } from '../src/ingest/collect.js';

const addresses = (...hexes: string[]): Uint32Array =>
  Uint32Array.from(hexes.map((h) => Number.parseInt(h, 16))).sort();

describe('an input’s aircraft with the addresses counted in bulk behind them', () => {
  it.each([
    ['named and bulk apart', ['ae01c7', '~1a2b3c'], ['000001', 'a1b2c3'], 4],
    ['a named aircraft also counted in bulk', ['ae01c7', 'a1b2c3'], ['a1b2c3', 'ffffff'], 3],
    ['bulk only', [], ['000000', '00000f', 'abcdef'], 3],
    ['named only', ['ae01c7'], [], 1],
    ['nothing', [], [], 0],
  ])('%s: size, membership and listing agree with a plain set', (_, named, bulk, size) => {
    const set = new BulkHexSet(new Set(named), addresses(...bulk));
    const plain = new Set([...named, ...bulk]);
    expect(set.size).toBe(size);
    expect(plain.size).toBe(size);
    expect([...set].sort()).toEqual([...plain].sort());
    for (const hex of plain) expect(set.has(hex)).toBe(true);
    for (const hex of ['123456', '~ae01c7', 'AE01C7', 'ae01c', '']) {
      expect(set.has(hex)).toBe(plain.has(hex));
    }
  });

  it('adds only what it does not hold, whether named or in bulk', () => {
    const set = new BulkHexSet(new Set(['ae01c7']), addresses('a1b2c3', 'ae6881'));
    set.add('ae6881').add('ae01c7');
    expect(set.size).toBe(3);
    set.add('~000001').add('000002');
    expect(set.size).toBe(5);
    expect([...set].sort()).toEqual(['000002', '~000001', 'a1b2c3', 'ae01c7', 'ae6881'].sort());
  });

  it('settling an input keeps its count and its aircraft (the bulk ones made strings when listed)', () => {
    const summary = {
      hexes: new Set(['ae01c7', '~00abcd']),
      bulkAddresses: unionSorted([addresses('ae01c7', '000010'), addresses('a00001', '000010')]),
      aircraft: 0,
    } as unknown as InputSummary;
    settleHexes(summary);
    expect(summary.bulkAddresses).toBeUndefined();
    expect(summary.aircraft).toBe(4);
    expect([...summary.hexes].sort()).toEqual(['000010', '~00abcd', 'a00001', 'ae01c7'].sort());
  });
});
