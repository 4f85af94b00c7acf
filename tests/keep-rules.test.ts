import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  identifiedByRegistry,
  identifyAircraft,
  NO_ROW_EVIDENCE,
} from '../src/aircraft/identify.js';
import { KeepRules } from '../src/aircraft/watch.js';
import { BITMAP_BLOCKS, HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import { unionSorted } from '../src/ingest/fast/hex-set.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import type { Position } from '../src/ingest/types.js';
import { fix } from './helpers.js';

const registry = parseRegistry(
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
    'AE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,,,,,\n' +
    'A1B2C3,N123AB,Airline,Airbus A320,A320,Civ,,,,,\n',
  'test.csv',
);

/** The table sortie ships: its members bitmap is every archive's selection. */
function bundledRegistry(): ReturnType<typeof parseRegistry> {
  const file = new URL('../data/aircraft/isr-aircraft.csv', import.meta.url);
  return parseRegistry(readFileSync(file, 'utf8'), 'isr-aircraft.csv');
}

const at = (hex: string, extra: Partial<Position> = {}): Position => ({
  ...fix({ timeMs: 0, lat: 27, lon: -111 }),
  hex,
  ...extra,
});

describe('keep rules', () => {
  const rules = KeepRules.for(registry);

  it.each([
    ['the bundled table', bundledRegistry()],
    ['a small table', registry],
  ])('archive members (%s) are exactly the watched and candidate addresses', (_, reg) => {
    const first = KeepRules.for(reg).rule({ kind: 'first', once: false });
    const union = unionSorted([first.watch.toSortedArray(), first.candidates.toSortedArray()]);
    expect([...first.members.toSortedArray()]).toEqual([...union]);
    expect(first.watch.toSortedArray().length).toBeGreaterThan(0);
  });

  it("a reading thread's rules, from the bitmaps another thread made, are that thread's own", () => {
    // As a reading thread gets them: its own copy of the registry, the main thread's bitmaps.
    const reg = bundledRegistry();
    const here = KeepRules.for(reg);
    const bits = here.shared();
    const copy = structuredClone(reg);
    const there = new KeepRules(copy, structuredClone(bits));
    const alone = new KeepRules(structuredClone(reg));
    for (const spec of [
      { kind: 'first', once: false },
      { kind: 'first', once: true },
      { kind: 'late', hexes: ['ae5555', 'ae01c7'] },
    ] as const) {
      const a = there.rule(spec);
      const b = alone.rule(spec);
      for (const key of ['watch', 'candidates', 'members'] as const) {
        expect([...a[key].toSortedArray()], `${spec.kind} ${key}`).toEqual([
          ...b[key].toSortedArray(),
        ]);
      }
      for (const p of [
        at('ae01c7'),
        at('ae5555'),
        at('ae5555', { typeCode: 'P8' }),
        at('a1b2c3'),
      ]) {
        expect(a.keep(p)).toBe(b.keep(p));
        expect(a.candidate(p)).toBe(b.candidate(p));
      }
    }
    expect(bits.watched.length).toBeGreaterThan(100);
    // Handed over without a copy where memory can be shared.
    for (const arrays of [bits.watch, bits.candidates]) {
      expect(arrays.bits.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(arrays.blocks.buffer).toBe(arrays.bits.buffer);
    }
  });

  it('first pass: keeps the aircraft the registry identifies and rows that identify themselves', () => {
    const first = rules.rule({ kind: 'first', once: false });
    expect(first.keep(at('ae01c7'))).toBe(true);
    expect(first.watch.hasHex('ae01c7')).toBe(true);
    // A military address alone identifies nothing: its fixes wait for the second pass.
    expect(first.keep(at('ae5555'))).toBe(false);
    expect(first.watch.hasHex('ae5555')).toBe(false);
    expect(first.keep(at('ae5555', { typeCode: 'P8' }))).toBe(true);
    expect(first.keep(at('a1b2c3'))).toBe(false);
    expect(first.watch.hasHex('a1b2c3')).toBe(false);
  });

  it('answers rows of several aircraft interleaved, with and without evidence, as each alone', () => {
    // A global dump's rows come interleaved: answers remembered per address must not leak.
    const rows: Position[] = [
      at('ae01c7'),
      at('ae5555'),
      at('a1b2c3'),
      at('ae5555', { typeCode: 'P8' }),
      at('ae5555'),
      at('ae01c7'),
      at('a1b2c3', { dbFlags: 1 }),
      at('a1b2c3'),
      at('ae5555', { dbFlags: 0 }),
    ];
    const alone = (p: Position) => {
      const fresh = KeepRules.for(registry).rule({ kind: 'first', once: false });
      return [fresh.keep(p), fresh.candidate(p)];
    };
    for (const spec of [
      { kind: 'first', once: false },
      { kind: 'first', once: true },
    ] as const) {
      const rule = KeepRules.for(registry).rule(spec);
      const fresh = () => KeepRules.for(registry).rule(spec);
      for (const p of [...rows, ...rows]) {
        expect([rule.keep(p), rule.candidate(p)]).toEqual([fresh().keep(p), fresh().candidate(p)]);
      }
    }
    expect(rows.map((p) => alone(p)[0])).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('an input read once keeps every aircraft that may prove to be one', () => {
    const once = rules.rule({ kind: 'first', once: true });
    expect(once.keep(at('ae5555'))).toBe(true);
    expect(once.watch.hasHex('ae5555')).toBe(true);
    expect(once.keep(at('a1b2c3'))).toBe(false);
  });

  it('a candidate is decided by the evidence of each row, whatever an earlier row of the aircraft said', () => {
    const { candidate } = rules.rule({ kind: 'first', once: false });
    // Rows without evidence get their aircraft's answer (remembered); rows with evidence are asked.
    const rows: [Position, boolean][] = [
      [at('484507'), false],
      [at('484507', { typeCode: 'R135' }), true],
      [at('484507', { dbFlags: 1 }), true],
      [at('484507'), false],
      [at('484507', { dbFlags: 0 }), false],
      [at('ae5556'), true],
      [at('ae5556'), true],
    ];
    for (const [p, expected] of rows) expect(candidate(p)).toBe(expected);
  });

  it.each([
    ['first pass', { kind: 'first', once: false }],
    ['read once', { kind: 'first', once: true }],
    ['second pass', { kind: 'late', hexes: ['ae5555', '484507'] }],
  ] as const)(
    '%s: positions asked in runs of one aircraft get the answers each gets asked alone',
    (_, spec) => {
      const shared = new KeepRules(registry).rule(spec);
      // Runs of one aircraft (a trace's rows share its strings), evidence changing inside a run,
      // another aircraft between two runs, and equal values in fresh strings.
      const rows: Position[] = [
        at('ae01c7'),
        at('ae01c7'),
        at('ae5555'),
        at('ae5555', { typeCode: 'P8' }),
        at('ae5555', { typeCode: 'P8' }),
        at('ae5555', { typeCode: 'P8', dbFlags: 1 }),
        at('484507'),
        at('484507', { dbFlags: 1 }),
        at('484507', { dbFlags: 1 }),
        at('484507', { dbFlags: 0 }),
        at('a1b2c3'),
        at('ae5555'),
        at(['ae', '5555'].join('')),
        { ...at('ae5555'), hex: null },
        at('ae5555', { dbFlags: Number.NaN }),
      ];
      for (const p of rows) {
        const alone = new KeepRules(registry).rule(spec);
        expect([shared.keep(p), shared.candidate(p)]).toEqual([alone.keep(p), alone.candidate(p)]);
      }
    },
  );

  it('candidates for coverage: military addresses and ISR airframes, not a registered airliner', () => {
    const { candidate, candidates } = rules.rule({ kind: 'first', once: false });
    for (const [hex, expected] of [
      ['ae01c7', true],
      ['ae5555', true],
      ['a1b2c3', false],
      ['484506', false],
    ] as const) {
      expect(candidate(at(hex))).toBe(expected);
      expect(candidates.hasHex(hex)).toBe(expected);
    }
  });

  it('second pass: the fixes of late aircraft the first pass let go, and only those', () => {
    const late = rules.rule({ kind: 'late', hexes: ['ae5555'] });
    expect(late.keep(at('ae5555'))).toBe(true);
    // Kept already by the first pass: not twice.
    expect(late.keep(at('ae5555', { typeCode: 'P8' }))).toBe(false);
    expect(late.keep(at('ae01c7'))).toBe(false);
    expect(late.watch.hasHex('ae5555')).toBe(true);
  });
});

describe('HexBitmap.addRange', () => {
  it.each([
    [0, 0],
    [3, 5],
    [7, 8],
    [8, 15],
    [5, 200],
    [0xadf7c8, 0xafffff],
    [0xfffff0, 0xffffff],
  ])('adds exactly %i..%i', (lo, hi) => {
    const bits = new HexBitmap();
    bits.addRange(lo, hi);
    const one = new HexBitmap();
    for (let a = lo; a <= hi; a += 1) one.add(a);
    // Byte for byte over the whole 2 MiB, naming the first byte that differs (a deep toEqual of
    // 2M elements took up to 27 s a case, past the time limit on a busy machine).
    expect(bits.bits.findIndex((b, i) => b !== one.bits[i])).toBe(-1);
    expect(bits.has(lo - 1)).toBe(false);
    expect(bits.has(hi + 1)).toBe(false);
    // The blocks marked are those holding the range, as adding its addresses one by one marks.
    expect([...bits.blocks]).toEqual([...one.blocks]);
    expect([...bits.blocks]).toEqual([...blocksHolding(bits.bits)]);
  });
});

/** A byte per 4 KiB block of `bits`: 1 where it holds a set bit. */
function blocksHolding(bits: Uint8Array): Uint8Array {
  const blocks = new Uint8Array(BITMAP_BLOCKS);
  for (let i = 0; i < bits.length; i += 1) if (bits[i] !== 0) blocks[i >>> 12] = 1;
  return blocks;
}

describe('HexBitmap blocks', () => {
  it('marks the 4 KiB blocks that hold an address, by every way of adding one', () => {
    const addresses = [0, 0x7fff, 0x8000, 0xae01c7, 0xffffff];
    const one = new HexBitmap();
    for (const a of addresses) one.add(a);
    const all = new HexBitmap();
    all.addAll(addresses);
    const expected = new Uint8Array(BITMAP_BLOCKS);
    for (const a of addresses) expected[a >>> 15] = 1;
    expect([...one.blocks]).toEqual([...expected]);
    expect([...all.blocks]).toEqual([...expected]);
    // Blocks 0 and 1 (the addresses either side of 0x8000), 348 (0xae01c7) and 511.
    expect(expected.reduce((n, b) => n + b, 0)).toBe(4);
  });

  it('finds the blocks of bits it is given without them, and keeps them in a copy', () => {
    const source = HexBitmap.of(['ae01c7', '000001', 'ffffff']);
    const over = new HexBitmap(new Uint8Array(source.bits));
    expect([...over.blocks]).toEqual([...source.blocks]);
    // Bits that do not start at a multiple of 4 bytes are read too.
    const shifted = new Uint8Array(source.bits.length + 1).subarray(1);
    shifted.set(source.bits);
    expect([...new HexBitmap(shifted).blocks]).toEqual([...source.blocks]);
    const copy = source.copy();
    expect(copy.bits).not.toBe(source.bits);
    expect([...copy.blocks]).toEqual([...source.blocks]);
    expect(copy.hasHex('ae01c7')).toBe(true);
    expect(HexBitmap.over(source).bits).toBe(source.bits);
  });

  it('a shareable bitmap keeps its blocks in the same shared memory as its bits', () => {
    const shared = HexBitmap.shareable();
    shared.add(0xae01c7);
    expect(shared.blocks.buffer).toBe(shared.bits.buffer);
    expect(shared.blocks[0xae01c7 >>> 15]).toBe(1);
    expect(() => new HexBitmap(new Uint8Array(16))).toThrow(RangeError);
    expect(() => new HexBitmap(new Uint8Array(1 << 21), new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('unionSorted', () => {
  it('merges ascending address lists into one, each address once', () => {
    const lists = [[1, 5, 9], [], [2, 5, 10, 11], [0], [9, 12], [3, 4, 5]].map((l) =>
      Uint32Array.from(l),
    );
    expect([...unionSorted(lists)]).toEqual([0, 1, 2, 3, 4, 5, 9, 10, 11, 12]);
    expect([...unionSorted([])]).toEqual([]);
    expect([...unionSorted([Uint32Array.from([7, 8])])]).toEqual([7, 8]);
  });
});

describe('parseRegistry', () => {
  it('reads a registry without quotes as papaparse reads one with them', () => {
    const plain = readFileSync('data/aircraft/isr-aircraft.csv', 'utf8');
    // Quoting one field sends the same table through papaparse.
    const lines = plain.split('\n');
    const quoted = [
      lines[0],
      lines[1]!.replace(/^([^,]*),([^,]*),/, '$1,"$2",'),
      ...lines.slice(2),
    ];
    const a = parseRegistry(plain, 'bundled');
    const b = parseRegistry(quoted.join('\n'), 'bundled');
    expect(a.size).toBeGreaterThan(1500);
    expect([...a.entries()]).toEqual([...b.entries()]);
    // Blank lines and CRLF, as papaparse takes them.
    const crlf = parseRegistry(`\r\n${lines[0]}\r\n\r\n${lines[1]}\r\n`, 'bundled');
    expect([...crlf.values()].map((e) => e.hex)).toEqual([[...a.keys()][0]]);
  });
});

describe('identifiedByRegistry', () => {
  it('says what identifyAircraft says without evidence from rows, for every entry', () => {
    const bundled = parseRegistry(readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'), 'b');
    const crafted = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
        'AE1111,,USAF,,B350,Gov,,,,,\n' +
        'A11111,,Police,,B350,Mil,,,,,\n' +
        'A22222,,Someone,,B350,Civ,,,,,\n' +
        'A33333,,Airline,,P8,Civ,,,,,\n' +
        'A44444,,Navy,,A320,Mil,Maritime Patrol,,,,\n' +
        'A55555,,Navy,,,Mil,,,,,\n',
      'c',
    );
    for (const registry of [bundled, crafted]) {
      for (const [hex, entry] of registry) {
        expect(identifiedByRegistry(hex, entry)).toBe(
          identifyAircraft(hex, NO_ROW_EVIDENCE, registry) !== null,
        );
      }
    }
  });
});
