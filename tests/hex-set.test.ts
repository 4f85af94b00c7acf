import { describe, expect, it } from 'vitest';
import { BulkHexSet, unionSorted } from '../src/ingest/fast/hex-set.js';
import { unionInKernel } from '../src/ingest/fast/union-kernel.js';
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

describe('unionSorted: ascending lists joined without repeats, in WebAssembly for many addresses', () => {
  // A seeded list of `n` distinct addresses, ascending, drawn from `range` (narrow: many shared).
  const list = (seed: number, n: number, range: number): Uint32Array => {
    let x = seed;
    const picked = new Set<number>();
    while (picked.size < Math.min(n, range)) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      picked.add(x % range);
    }
    return Uint32Array.from(picked).sort();
  };
  const byTheDefinition = (parts: readonly Uint32Array[]): number[] =>
    [...new Set(parts.flatMap((p) => Array.from(p)))].sort((a, b) => a - b);
  it.each([
    ['two ranges of a global dump', [list(1, 19_000, 1 << 24), list(2, 18_000, 1 << 24)]],
    [
      'ten ranges sharing most aircraft',
      Array.from({ length: 10 }, (_, k) => list(k + 3, 17_000, 20_000)),
    ],
    [
      'an odd number, empty ones among them',
      [
        list(4, 5_000, 9_000),
        new Uint32Array(0),
        list(5, 3_000, 9_000),
        list(6, 1, 9_000),
        new Uint32Array(0),
      ],
    ],
    ['the same list twice', [list(7, 6_000, 1 << 24), list(7, 6_000, 1 << 24)]],
    [
      'one list much longer, the edges of the address space',
      [Uint32Array.from([0, 0xffffff]), list(8, 10_000, 1 << 24)],
    ],
    ['few addresses (merged in JavaScript)', [list(9, 10, 100), list(10, 20, 100)]],
  ])('%s', (_name, parts) => {
    const got = unionSorted(parts);
    expect(Array.from(got)).toEqual(byTheDefinition(parts));
  });
  it('gives the same lists in JavaScript and in WebAssembly', () => {
    const parts = Array.from({ length: 7 }, (_, k) => list(k + 20, 3_000 + 500 * k, 12_000));
    expect(unionInKernel(parts)).toEqual(Uint32Array.from(byTheDefinition(parts)));
    // Again, after a bigger union grew the kernel's memory, and for a smaller one.
    expect(unionInKernel([list(30, 200_000, 1 << 24), list(31, 200_000, 1 << 24)])?.length).toBe(
      byTheDefinition([list(30, 200_000, 1 << 24), list(31, 200_000, 1 << 24)]).length,
    );
    expect(unionInKernel(parts.slice(0, 2))).toEqual(
      Uint32Array.from(byTheDefinition(parts.slice(0, 2))),
    );
  });
});
