import { repeatIndexes } from '../src/ingest/fast/repeats-kernel.js';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingest, type InputSource } from '../src/ingest/collect.js';
import type { KeepRule } from '../src/aircraft/watch.js';
import { coverageCollector } from '../src/coverage/coverage.js';
import { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import { MAX_KERNEL_BOXES } from '../src/ingest/fast/opensky-kernel.js';
import { joinRanges, readOneSource, type SourceResult } from '../src/ingest/source-result.js';
import { REPEATED_POSITION } from '../src/ingest/position-time.js';
import { FixStore } from '../src/ingest/fix-store.js';
import type { Position } from '../src/ingest/types.js';
import { accounting, expectSame, fast, general } from './fast-path-kit.js';
import { textSource } from './helpers.js';

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

/** Deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEXES = ['ae01c7', 'AE6881', 'a1b2c3', '484506', '3c6444', 'ae01cc'];

/** Field values a real or broken export may hold, each checked against the general reader. */
const TIMES = [
  '1738600000',
  '1738600015',
  '0001738600000',
  '1738600000.5',
  '',
  'x',
  '99',
  '9999999999',
  ' 1738600000',
  '1738600000e0',
  // The bounds of the plausibility check (1990 to 2100, end exclusive) and of the parser.
  '631151999',
  '631152000',
  '4102444799',
  '4102444800',
  '4102444801',
];
/** Altitudes in metres, about the plausibility check's bounds (-2,000 and 150,000 ft). */
const ALTS = [
  '',
  'NaN',
  '0',
  '-30.48',
  '-0',
  '-',
  '-.5',
  '-5.',
  '--5',
  '-599.999',
  '-600',
  '-0599',
  '-609.5',
  '-609.6',
  '-700',
  '39999.9',
  '40000',
  '40000.5',
  '45720',
  '45720.1',
  '45721',
  '99999',
  '1e5',
  '123456789',
];
const LATS = [
  '26.5',
  '-26.51',
  '52.41746520996094',
  '',
  'NaN',
  'nan',
  '90',
  '-90',
  '90.0',
  '90.000000000000001',
  '91',
  '-0',
  '0',
  '0.0',
  '.5',
  '5.',
  '-',
  '+5',
  ' 26',
  '2e1',
  '1e400',
  '26.5 ',
  'Infinity',
  '0x1A',
  '89.99999999999999999',
];
const LONS = [
  '-110.5',
  '6.055450439453125',
  '',
  'NaN',
  '180',
  '-180',
  '180.5',
  '181',
  '0',
  '-0.0',
  '-110.49387512207031',
  '1e2',
  ' -110',
];
const LAST = [
  '1738599999.9',
  '1738599990',
  '1738599984.999',
  '1738599984',
  '',
  'NaN',
  'None',
  '1738599999.90000000000000001',
  '17385999999999999999',
  '-1',
  'x',
  '1738599999.123456789012',
  // The stale limit: 15 s exactly, a millionth over, a millionth under.
  '1738599985',
  '1738599984.999999',
  '1738599985.000001',
  '1738599984.',
];
/**
 * lastposupdate besides a fresh one and a frozen one (the last of the row's aircraft again): forms
 * the kernel reads or hands over, an age of 0, a position younger than its row (age taken as 0),
 * one dated before 1990, one a millionth apart (the same millisecond), one beyond 2^53 in units.
 */
const POS_UPDATES = [
  '',
  'NaN',
  'None',
  '1738599999.5',
  '1738599999.5000',
  '1738599999.5000001',
  '1738599999',
  '1738599999.',
  '1738600000',
  '1738600099.25',
  '-1',
  '0',
  '631151999',
  '631152000.5',
  ' 1738599999.5',
  '1.7385999995e9',
  '1738599999.123456789012',
  '9999999999.999999',
  // OpenSky's own form (ten digits, the kernel reads it inline) dated before 1990.
  '0000000001',
  '0631151999.999',
  '0631152000.000',
];
const GROUNDS = ['True', 'TRUE', 'true', '1', '0', 'False', '', 'yes', 'tru', 'falsey', ' false'];
const SQUAWKS = ['', '7700', '0', '17', '12345', '1289', ' 123', '777', 'A123', '\t12'];
const CALLSIGNS = ['JAKE21  ', '', '"QUOTED"', '"A,B"', '"multi\nline"', '"broken', 'Ünï', 'X\rY'];

function field(
  rnd: () => number,
  values: readonly string[],
  common: string,
  pCommon: number,
): string {
  return rnd() < pCommon ? common : (values[Math.floor(rnd() * values.length)] as string);
}

/** A CSV in OpenSky form with every kind of row the readers must agree on. */
function fuzzCsv(seed: number, rows: number, header = HEADER, crlf = false): string {
  const rnd = prng(seed);
  // Drawn apart, so that the other fields (and the faults the tests count on) stay as they were.
  const other = prng(seed + 1000);
  const names = header.split(',');
  const lines: string[] = [header];
  // The last lastposupdate written for each icao24 text, which a frozen row writes again.
  const lastPos = new Map<string, string>();
  for (let i = 0; i < rows; i += 1) {
    const r = rnd();
    if (r < 0.02) {
      lines.push(r < 0.01 ? '' : '   ');
      continue;
    }
    const icao24 = field(
      rnd,
      [...HEXES, 'xyz', '', 'ae01c', 'ae01c77', ' ae01c7'],
      HEXES[i % 3] as string,
      0.6,
    );
    const p = rnd();
    const frozen = lastPos.get(icao24);
    const lastposupdate =
      p < 0.35 && frozen !== undefined
        ? frozen
        : p < 0.8
          ? (1738600000 + i - rnd() * 3).toFixed(3)
          : field(rnd, POS_UPDATES, '', 0);
    lastPos.set(icao24, lastposupdate);
    const values: Record<string, string> = {
      time: field(rnd, TIMES, String(1738600000 + i), 0.7),
      icao24,
      lat: field(rnd, LATS, (20 + rnd() * 10).toString(), 0.6),
      lon: field(rnd, LONS, (-115 + rnd() * 10).toString(), 0.6),
      velocity: rnd() < 0.9 ? (rnd() * 300).toString() : '',
      heading: (rnd() * 360).toString(),
      vertrate: '0.32512',
      callsign: field(rnd, CALLSIGNS, 'ABC123  ', 0.8),
      onground: rnd() < 0.9 ? 'false' : field(other, GROUNDS, 'True', 0.3),
      alert: 'false',
      spi: 'false',
      squawk: field(other, SQUAWKS, '1234', 0.7),
      baroaltitude: rnd() < 0.9 ? field(rnd, ALTS, '9144', 0.8) : '',
      geoaltitude: field(rnd, ALTS, '9200.1', 0.9),
      lastposupdate,
      lastcontact: field(rnd, LAST, String(1738600000 + i - 1), 0.7),
      hour: '1738598400',
    };
    let fields = names.map((n) => values[n] ?? '');
    if (rnd() < 0.03) fields = fields.slice(0, Math.floor(rnd() * fields.length));
    else if (rnd() < 0.02) fields = [...fields, 'extra'];
    let line = fields.join(',');
    if (rnd() < 0.005) line = '\uFEFF' + line;
    // Files concatenated by a script repeat their header.
    if (rnd() < 0.004) line = header;
    lines.push(line);
  }
  return lines.join(crlf ? '\r\n' : '\n') + (rnd() < 0.5 ? '\n' : '');
}

/** A keep rule that keeps (and counts as candidates) the aircraft of `watch`. */
function ruleOf(watch: HexBitmap): KeepRule {
  const keep = (p: Position): boolean => p.hex !== null && watch.hasHex(p.hex);
  return { keep, watch, candidate: keep, candidates: watch, members: watch };
}

const WATCHES: [string, HexBitmap][] = [
  ['no aircraft', new HexBitmap()],
  ['some aircraft', HexBitmap.of(['ae01c7', 'ae6881'])],
  [
    'every aircraft',
    (() => {
      const all = new HexBitmap();
      all.addRange(0, 0xffffff);
      return all;
    })(),
  ],
];

/**
 * The fast path on `csv` (read `chunk` bytes at a time) with a coverage box, keeping the aircraft
 * `kept` keeps: taking the watched rows as fix rows or making them positions.
 */
async function readWithCoverage(
  csv: string,
  chunk: number,
  bbox: readonly [number, number, number, number],
  watch: HexBitmap,
  kept: (hex: string | null) => boolean,
  fixRows: boolean,
) {
  const collector = coverageCollector(bbox);
  const r = await ingest([textSource('c.csv', csv, chunk)], {
    keep: (p) => kept(p.hex),
    keepAircraft: fixRows ? (hex) => kept(hex) : undefined,
    onPosition: (p, c) => collector.add(p, c),
    fast: {
      watch,
      candidates: watch,
      coverageBoxes: [collector.bbox],
      onCoveredHour: collector.addHour,
    },
  });
  return { r, coverage: collector.result() };
}

describe('fast path and general path give the same rows', () => {
  it.each([
    [1, HEADER, false],
    [2, HEADER + ',hour', false],
    [3, HEADER, true],
    [4, 'icao24,callsign,LAT,Lon,TIME,baroaltitude,onground,lastcontact', false],
    [5, 'time,icao24,lat,lon,baroaltitude,onground', false],
  ])('on generated rows with faults (seed %i, header %s, CRLF %s)', async (seed, header, crlf) => {
    const csv = fuzzCsv(seed, 3000, header, crlf);
    for (const chunk of [7, 4096, 1 << 20]) {
      const g = await general(textSource('f.csv', csv, chunk));
      expect(g.inputs[0]!.format).toBe('opensky-states');
      // The faults the central checks catch are there to agree on (OpenSky's own header).
      if (header.startsWith(HEADER)) {
        for (const reason of [
          'bad time',
          'bad altitude',
          'repeated header',
          'unbalanced quote',
          REPEATED_POSITION,
        ])
          expect(g.inputs[0]!.skipped[reason], reason).toBeDefined();
      }
      for (const [, watch] of WATCHES) {
        for (const fixRows of [true, false]) {
          const f = await fast(textSource('f.csv', csv, chunk), watch, fixRows);
          expect(f.inputs[0]!.fast).toBeDefined();
          expectSame(g, f, watch);
        }
      }
    }
  });

  it('a kernel used again for another watch reads only the blocks that watch marks', async () => {
    // The kernel taken back after the first read holds every bit set; the blocks the next watch
    // does not mark keep them, and must read as unset.
    const csv = fuzzCsv(21, 2000, HEADER, false);
    const g = await general(textSource('k.csv', csv, 1 << 20));
    const [, every] = WATCHES[2] as [string, HexBitmap];
    const some = HexBitmap.of(['ae01c7', 'ae6881']);
    const none = new HexBitmap();
    // The rows handed over by the kernel (the positions kept are filtered again on this side).
    const handedOver = new Map<HexBitmap, number[]>();
    for (const watch of [every, some, none, every, some, none]) {
      const f = await fast(textSource('k.csv', csv, 1 << 20), watch, true);
      expectSame(g, f, watch);
      const stats = f.inputs[0]!.fast!;
      handedOver.set(watch, [...(handedOver.get(watch) ?? []), stats.generalRows]);
    }
    // The same rows whichever watch the kernel held before; fewer, the fewer aircraft watched.
    const rows = [none, some, every].map((w) => {
      const each = handedOver.get(w) ?? [];
      expect(new Set(each).size).toBe(1);
      return each[0] as number;
    });
    expect(rows[0]).toBeLessThan(rows[1] as number);
    expect(rows[1]).toBeLessThan(rows[2] as number);
  });

  it('gives the same when the fast path reads a quote mid-file, a broken quote at the end, and blank lines before the header', async () => {
    const rows = fuzzCsv(9, 500).split('\n').slice(1);
    const csv = `\uFEFF\n  \n${HEADER}\n${rows.join('\n')}\n1738600000,ae01c7,26,-110,1,2,3,"open\n`;
    const g = await general(textSource('q.csv', csv, 13));
    const watch = HexBitmap.of(['ae01c7']);
    const f = await fast(textSource('q.csv', csv, 13), watch);
    // A quote that never closes is a stray quote: its line is skipped, the lines after it read.
    expect(g.inputs[0]!.skipped['unbalanced quote']).toBeDefined();
    expect(f.inputs[0]!.fast!.quotedLines).toBeGreaterThan(0);
    expectSame(g, f, watch);
  });

  it('gives the same on lone-CR line ends and lines too long, in the same chunks', async () => {
    // No quotes: a record left open would take the long lines in (a case of its own, above).
    const rows = fuzzCsv(12, 400)
      .split('\n')
      .slice(1)
      .filter((r) => !r.includes('"'));
    const long = `1738600000,ae01c7,26,-110,${'9'.repeat(1_300_000)}`;
    const longer = `1738600001,a1b2c3,26,-110,${'x'.repeat(2_500_000)}`;
    const csv = [
      HEADER,
      ...rows.slice(0, 100),
      rows.slice(100, 110).join('\r'),
      long,
      ...rows.slice(110, 200),
      longer + '\r' + (rows[200] ?? ''),
      ...rows.slice(201),
      longer,
    ].join('\n');
    const watch = HexBitmap.of(['ae01c7']);
    for (const chunk of [65_536, 1 << 20]) {
      const g = await general(textSource('l.csv', csv, chunk));
      const f = await fast(textSource('l.csv', csv, chunk), watch);
      expect(g.inputs[0]!.skipped['line too long']!.count).toBeGreaterThanOrEqual(2);
      expect(f.inputs[0]!.fast!.longLines).toBeGreaterThan(0);
      expectSame(g, f, watch);
    }
  });

  it('reads a byte range straight into its memory: the same rows, lone CRs and long lines too', async () => {
    const rows = fuzzCsv(14, 400)
      .split('\n')
      .slice(1)
      .filter((r) => !r.includes('"'));
    const csv = [
      HEADER,
      ...rows.slice(0, 100),
      rows.slice(100, 110).join('\r'),
      `1738600000,ae01c7,26,-110,${'9'.repeat(1_300_000)}`,
      ...rows.slice(110, 200),
      `1738600001,a1b2c3,26,-110,${'x'.repeat(2_500_000)}\r${rows[200] ?? ''}`,
      ...rows.slice(201),
    ].join('\n');
    const bytes = Buffer.from(csv);
    const watch = HexBitmap.of(['ae01c7']);
    for (const chunk of [65_536, 1 << 20]) {
      // The first chunk comes as a chunk; the rest is read into the space the fast path gives.
      let at = 0;
      const readRange = (into: Uint8Array): number => {
        const n = Math.min(into.length, chunk, bytes.length - at);
        bytes.copy(into, 0, at, at + n);
        at += n;
        return n;
      };
      const source: InputSource = {
        name: 'r.csv',
        open: async function* () {
          at = Math.min(chunk, bytes.length);
          yield bytes.subarray(0, at);
        },
      };
      const range = { start: 0, end: bytes.length, header: HEADER };
      const f = await ingest([source], {
        keep: (p) => p.hex !== null && watch.hasHex(p.hex),
        fast: { watch, candidates: watch, range, readRange },
      });
      expect(at).toBe(bytes.length);
      const g = await general(textSource('r.csv', csv, chunk));
      expect(g.inputs[0]!.skipped['line too long']!.count).toBeGreaterThan(0);
      expect(f.inputs[0]!.fast!.longLines).toBeGreaterThan(0);
      expectSame(g, f, watch);
    }
  });

  it('hands over every position near the region, so coverage is the same', async () => {
    const csv = fuzzCsv(13, 3000);
    // Rows in the Gulf and far away: coverage only from those in the box.
    const moved = csv
      .split('\n')
      .map((l, i) => (i % 3 === 0 ? l.replace(/,2(\d\.)/, ',4$1') : l))
      .join('\n');
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const watch = HexBitmap.of(['ae01c7']);
    // A candidate that is not watched: its reports near the region are covered hours, not by
    // other traffic.
    const candidates = HexBitmap.of(['ae01c7', 'ae6881']);
    const keep = (p: Position): boolean => p.hex !== null && watch.hasHex(p.hex);
    const candidate = (p: Position): boolean => p.hex !== null && candidates.hasHex(p.hex);
    const gc = coverageCollector(bbox);
    const fc = coverageCollector(bbox);
    const g = await ingest([textSource('c.csv', moved, 4096)], {
      keep,
      candidate,
      onPosition: (p, c) => gc.add(p, c),
    });
    const f = await ingest([textSource('c.csv', moved, 4096)], {
      keep,
      candidate,
      onPosition: (p, c) => fc.add(p, c),
      fast: { watch, candidates, coverageBoxes: [fc.bbox], onCoveredHour: fc.addHour },
    });
    expect(f.inputs[0]!.fast).toBeDefined();
    expect(accounting(f)).toEqual(accounting(g));
    expect(f.positions).toEqual(g.positions);
    expect(gc.result().hours.length).toBeGreaterThan(0);
    expect(gc.result().otherTrafficHours.length).toBeGreaterThan(0);
    expect(fc.result()).toEqual(gc.result());
  });

  it('takes watched rows outside the boxes into the store from their values, and makes positions of those in a box for coverage', async () => {
    const csv = fuzzCsv(17, 3000)
      .split('\n')
      .map((l, i) => (i % 3 === 0 ? l.replace(/,2(\d\.)/, ',4$1') : l))
      .join('\n');
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const watch = HexBitmap.of(['ae01c7', '3c6444']);
    const keep = (p: Position): boolean => p.hex !== null && watch.hasHex(p.hex);
    const read = async (fixRows: boolean) => {
      const collector = coverageCollector(bbox);
      const seen: Position[] = [];
      const r = await ingest([textSource('x.csv', csv, 4096)], {
        keep,
        keepAircraft: fixRows ? (hex) => watch.hasHex(hex) : undefined,
        onPosition: (p, c) => {
          collector.add(p, c);
          // What coverage is given must lie in the box: the others need not reach it.
          if (p.lon >= bbox[0] && p.lon <= bbox[2] && p.lat >= bbox[1] && p.lat <= bbox[3])
            seen.push(p);
        },
        fast: {
          watch,
          candidates: watch,
          coverageBoxes: [collector.bbox],
          onCoveredHour: collector.addHour,
        },
      });
      return { r, coverage: collector.result(), seen };
    };
    const made = await read(false);
    const taken = await read(true);
    expect(accounting(taken.r)).toEqual(accounting(made.r));
    expect([...taken.r.aircraft]).toEqual([...made.r.aircraft]);
    expect(taken.r.positions.toArray()).toEqual(made.r.positions.toArray());
    expect(taken.coverage).toEqual(made.coverage);
    expect(taken.seen).toEqual(made.seen);
    expect(made.seen.length).toBeGreaterThan(0);
    // Watched rows in OpenSky's plain form outside the box were taken without a position (the
    // fuzzed rows in other forms go through the general parser).
    const fixRows = taken.r.inputs[0]!.fast?.fixRows ?? 0;
    expect(fixRows).toBeGreaterThan(50);
    expect(fixRows).toBeLessThan(taken.r.positions.length);
    expect(made.r.inputs[0]!.fast?.fixRows).toBeUndefined();
  });

  it('measures coverage the same at the edges of the box, hour by hour', async () => {
    // Edges of both signs, some not whole in 1e-4 degree; coordinates on, just inside and just
    // outside each edge, and far inside or away; hours apart, by a candidate or by other traffic.
    const bbox = [-115.23456, -0.5, -105.6, 32.00005] as const;
    const near = (edge: number): number[] =>
      [0, 1e-9, -1e-9, 1e-5, -1e-5, 1e-4, -1e-4, 2e-4, -2e-4, 0.5, -0.5].map((d) => edge + d);
    const lats = [...near(bbox[1]), ...near(bbox[3]), 10, -30];
    const lons = [...near(bbox[0]), ...near(bbox[2]), -110, 50];
    const hexes = ['ae01c7', 'ae6881', '484506', 'a1b2c3'];
    const rows = [HEADER];
    let k = 0;
    for (const lat of lats) {
      for (const lon of lons) {
        const t = 1738600000 + 1800 * (k % 97);
        const hex = hexes[k % hexes.length] as string;
        rows.push(
          `${t},${hex},${lat},${lon},200,90,0,ABC123  ,false,false,false,1234,9000,9100,${t},${t}`,
        );
        k += 1;
      }
    }
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of(['ae01c7']);
    const candidates = HexBitmap.of(['ae01c7', 'ae6881']);
    const keep = (p: Position): boolean => p.hex !== null && watch.hasHex(p.hex);
    const candidate = (p: Position): boolean => p.hex !== null && candidates.hasHex(p.hex);
    const gc = coverageCollector(bbox, 0);
    const fc = coverageCollector(bbox, 0);
    let fromKernel = 0;
    const g = await ingest([textSource('e.csv', csv, 4096)], {
      keep,
      candidate,
      onPosition: (p, c) => gc.add(p, c),
    });
    const f = await ingest([textSource('e.csv', csv, 4096)], {
      keep,
      candidate,
      onPosition: (p, c) => fc.add(p, c),
      fast: {
        watch,
        candidates,
        coverageBoxes: [fc.bbox],
        onCoveredHour: (hour, other) => {
          fromKernel += 1;
          fc.addHour(hour, other);
        },
      },
    });
    expect(f.inputs[0]!.fast).toBeDefined();
    // The rows well inside were counted by the kernel, their hours handed over.
    expect(fromKernel).toBeGreaterThan(0);
    expect(accounting(f)).toEqual(accounting(g));
    expect(f.positions).toEqual(g.positions);
    expect(gc.result().hours.length).toBeGreaterThan(20);
    expect(gc.result().otherTrafficHours.length).toBeGreaterThan(10);
    expect(gc.result().otherTrafficHours.length).toBeLessThan(gc.result().hours.length);
    expect(fc.result()).toEqual(gc.result());
  });

  it('measures coverage near several boxes in one read as near each alone (one box per region)', async () => {
    // Overlapping, nested and disjoint boxes; rows on and near every edge, hours apart, by a
    // candidate or by other traffic. Each box's hours from one read with all of them are those a
    // read with it alone finds, and those the general path finds.
    const boxes = [
      [-115.23456, 20.5, -105.6, 32.00005],
      [-110.5, 25.25, -100.125, 30],
      [-109, 26, -108, 27],
      [10, -5, 20, 5],
    ] as const;
    const near = (edge: number): number[] =>
      [0, 1e-9, -1e-9, 1e-4, -1e-4, 2e-4, -2e-4, 0.5, -0.5].map((d) => edge + d);
    const lats = [...new Set(boxes.flatMap((b) => [...near(b[1]), ...near(b[3])]))];
    const lons = [...new Set(boxes.flatMap((b) => [...near(b[0]), ...near(b[2])]))];
    const hexes = ['ae01c7', 'ae6881', '484506', 'a1b2c3'];
    const rows = [HEADER];
    let k = 0;
    for (const lat of lats) {
      for (const lon of lons) {
        const t = 1738600000 + 1800 * (k % 211);
        const hex = hexes[k % hexes.length] as string;
        rows.push(
          `${t},${hex},${lat},${lon},200,90,0,ABC123  ,false,false,false,1234,9000,9100,${t},${t}`,
        );
        k += 1;
      }
    }
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of(['ae01c7']);
    const candidates = HexBitmap.of(['ae01c7', 'ae6881']);
    const keep = (p: Position): boolean => p.hex !== null && watch.hasHex(p.hex);
    const candidate = (p: Position): boolean => p.hex !== null && candidates.hasHex(p.hex);
    const read = async (which: readonly (typeof boxes)[number][], fast: boolean) => {
      const collectors = which.map((b) => coverageCollector(b, 0));
      const events = which.map(() => 0);
      const r = await ingest([textSource('m.csv', csv, 4096)], {
        keep,
        candidate,
        onPosition: (p, c) => {
          for (const col of collectors) col.add(p, c);
        },
        fast: fast
          ? {
              watch,
              candidates,
              coverageBoxes: collectors.map((c) => c.bbox),
              onCoveredHour: (hour, other, box) => {
                events[box] = (events[box] ?? 0) + 1;
                collectors[box]!.addHour(hour, other);
              },
            }
          : undefined,
      });
      return { r, coverage: collectors.map((c) => c.result()), events };
    };
    const all = await read(boxes, true);
    expect(all.r.inputs[0]!.fast).toBeDefined();
    for (const [i, box] of boxes.entries()) {
      const alone = await read([box], true);
      const general = await read([box], false);
      expect(all.coverage[i]).toEqual(alone.coverage[0]);
      expect(all.coverage[i]).toEqual(general.coverage[0]);
      expect(accounting(all.r)).toEqual(accounting(general.r));
      expect(all.r.positions).toEqual(general.r.positions);
      // The kernel itself handed over hours for every box (rows well inside it).
      expect(all.events[i]).toBeGreaterThan(0);
      expect(all.coverage[i]!.hours.length).toBeGreaterThan(5);
    }
    // The disjoint box's hours are its own, not those of the others.
    expect(all.coverage[3]!.hours).not.toEqual(all.coverage[0]!.hours);
  });

  it('leaves more regions than the kernel holds to the general path, with the same coverage', async () => {
    const rows = [HEADER];
    for (let k = 0; k < 400; k += 1) {
      const t = 1738600000 + 1800 * (k % 50);
      rows.push(
        `${t},a1b2c3,${-30 + (k % 60)},${-100 + (k % 70)},200,90,0,X,false,false,false,,9000,,${t},${t}`,
      );
    }
    const csv = rows.join('\n') + '\n';
    const boxes = Array.from({ length: MAX_KERNEL_BOXES + 1 }, (_, i) => {
      const w = -100 + (i % 13) * 5;
      const s = -30 + Math.floor(i / 13) * 10;
      return [w, s, w + 7, s + 12] as const;
    });
    const read = async (fast: boolean) => {
      const collectors = boxes.map((b) => coverageCollector(b, 0));
      const r = await ingest([textSource('k.csv', csv, 4096)], {
        keep: () => false,
        candidate: () => false,
        onPosition: (p, c) => {
          for (const col of collectors) col.add(p, c);
        },
        fast: fast
          ? {
              watch: HexBitmap.of([]),
              candidates: HexBitmap.of([]),
              coverageBoxes: collectors.map((c) => c.bbox),
              onCoveredHour: (hour, other, box) => collectors[box]!.addHour(hour, other),
            }
          : undefined,
      });
      return { r, coverage: collectors.map((c) => c.result()) };
    };
    const fast = await read(true);
    const general = await read(false);
    expect(fast.r.inputs[0]!.fast).toBeUndefined();
    expect(fast.coverage).toEqual(general.coverage);
    expect(fast.coverage.filter((c) => c.hours.length > 0).length).toBeGreaterThan(20);
  });

  it('counts rows with a negative altitude above -600 m in the kernel, and leaves the others to the general parser', async () => {
    // Near sea level pressure altitudes are often negative (a high-pressure day), and GNSS heights
    // where the geoid lies below the ellipsoid: such rows are plain, and counted, not built.
    const cases: [string, string, boolean][] = [
      // [baroaltitude, geoaltitude, counted in the kernel]
      ['-30.48', '-15.24', true],
      ['-0', '', true],
      ['-599.99', '12', true],
      ['-57', '-1.5', true],
      ['-600', '', false],
      ['-609.6', '', false],
      ['-700', '', false],
      ['-', '', false],
      ['-.5', '', false],
      ['1000', '-5e1', false],
    ];
    const rows = [HEADER];
    cases.forEach(([baro, geo], i) => {
      const t = 1738600000 + i;
      const hex = (0xa00000 + i).toString(16);
      rows.push(
        `${t},${hex},10.5,20.25,200,90,0,X,false,false,false,,${baro},${geo},${t - 0.5},${t}`,
      );
    });
    const csv = rows.join('\n') + '\n';
    const none = new HexBitmap();
    const g = await general(textSource('low.csv', csv, 1 << 16));
    const f = await fast(textSource('low.csv', csv, 1 << 16), none);
    expect(f.inputs[0]!.fast!.generalRows).toBe(cases.filter(([, , k]) => !k).length);
    // -600 m is -1,968.5 ft, still plausible; below -609.6 m (-2,000 ft) it is not.
    expect(g.inputs[0]!.skipped['bad altitude']!.count).toBe(1);
    expectSame(g, f, none);
  });

  it('counts every aircraft of a dump with more aircraft than its table holds, and their repeats', async () => {
    // The kernel's aircraft table doubles as it fills, up to 163,840 aircraft per input; the rows of
    // any others are read on the JavaScript side, which keeps their last positions itself. Each
    // aircraft has a fix, then the same fix written again (frozen), read here; some of the fixes
    // are handed over (a space before the latitude), holding their aircraft while the table
    // doubles under them.
    const n = 170_000;
    const hexOf = (i: number): string => (0x100000 + i * 89).toString(16);
    const rows = [HEADER];
    for (let pass = 0; pass < 2; pass += 1) {
      for (let i = 0; i < n; i += 1) {
        const t = 1738600000 + pass * 10 + (i % 5);
        const lat = i % 997 === 0 && pass === 0 ? ' 10.5' : '10.5';
        rows.push(
          `${t},${hexOf(i)},${lat},20.25,200,90,0,X,false,false,false,,9000,,${1738599999.25 + (i % 5)},${t}`,
        );
      }
    }
    rows.push(rows[1] as string, rows[n + 1] as string);
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of([hexOf(5), hexOf(n - 3)]);
    const g = await general(textSource('many.csv', csv, 1 << 16));
    const f = await fast(textSource('many.csv', csv, 1 << 16), watch);
    expect(f.inputs[0]!.fast).toBeDefined();
    expect(f.inputs[0]!.aircraft).toBe(n);
    // The two rows written again at the end repeat their aircraft's last fix too.
    expect(g.inputs[0]!.skipped[REPEATED_POSITION]!.count).toBe(n + 2);
    expectSame(g, f, watch);
  });

  it('keeps the last positions of aircraft dated too far apart for the kernel (49 days)', async () => {
    // The table keeps times in 32 bits after a base a day before the first; beyond that the
    // JavaScript side keeps them. Three aircraft, fixes and frozen rows over 120 days.
    const rows = [HEADER];
    const day = 86_400;
    for (let d = 0; d <= 120; d += 20) {
      for (const hex of ['ae01c7', 'a1b2c3', '484506']) {
        for (const [dt, pos] of [
          [0, 0.5],
          [5, 0.5],
          [6, 5.75],
        ]) {
          const t = 1738600000 + d * day + dt!;
          rows.push(
            `${t},${hex},26.5,-110.5,200,90,0,X,false,false,false,,9000,,${t - dt! + pos! - 1},${t}`,
          );
        }
      }
    }
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of(['ae01c7']);
    const g = await general(textSource('far.csv', csv, 4096));
    const f = await fast(textSource('far.csv', csv, 4096), watch);
    expect(g.inputs[0]!.skipped[REPEATED_POSITION]!.count).toBe(7 * 3);
    expectSame(g, f, watch);
  });

  it("leaves a position dated before 1990 in OpenSky's own ten-digit form to the general parser, which skips it", async () => {
    const row = (hex: string, pos: string, t: number) =>
      `${t},${hex},29.1,-111.1,100,90,0,X,false,false,false,7700,9000,9000,${pos},${t}`;
    const csv = [
      HEADER,
      row('abcdef', '0000000001', 1738600000),
      row('abcdef', '0631151999.999', 1738600010),
      row('ae01c7', '0000000001', 1738600020),
      row('abcdef', '0631152000.000', 1738600030),
      row('abcdef', '1738600039.500', 1738600040),
    ].join('\n');
    const watch = HexBitmap.of(['ae01c7']);
    const g = await general(textSource('f.csv', csv, 4096));
    const f = await fast(textSource('f.csv', csv, 4096), watch);
    expect(g.inputs[0]!.skipped['bad time']?.count).toBe(3);
    expectSame(g, f, watch);
  });

  it('reads numbers of 17 to 19 digits as Number() does, next to and on the midpoints between two doubles', async () => {
    const rnd = prng(77);
    // The decimal of the midpoint above x (exact: a double's halves are finite decimals), cut to 19
    // significant digits, and its neighbours in the last digit: each a hard case for rounding.
    const nearMidpoints = (x: number): string[] => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      const bits = view.getBigUint64(0);
      const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
      const e = Number(bits >> 52n) - 1075;
      const places = 1 - e;
      const digits = ((2n * mant + 1n) * 5n ** BigInt(places)).toString().padStart(places + 1, '0');
      const whole = digits.slice(0, digits.length - places);
      const cut = (n: bigint): string => {
        const t = n.toString().padStart(19, '0');
        const w = t.length - (digits.length - whole.length - (digits.length - 19));
        return `${t.slice(0, w) || '0'}.${t.slice(w)}`;
      };
      const sig = BigInt(digits.slice(0, 19));
      return digits.length <= 19
        ? [`${whole}.${digits.slice(whole.length)}`]
        : [cut(sig), cut(sig + 1n), cut(sig - 1n)];
    };
    const values: string[] = [
      '2251799813685248.75', // a tie, to the even neighbour
      '2251799813685249.25', // a tie, to the even neighbour
      '4503599627370495.5', // a tie just under 2^52
      '9007199254740993', // from 2^53 on: Number() reads it
      '0.0001234567890123456789',
      '00000000000000000012.5',
      '1234567890123456789',
    ];
    for (let i = 0; i < 400; i += 1) {
      const x = 10 ** (-2 + rnd() * 16) * (1 + rnd());
      values.push(...nearMidpoints(x));
      // A decimal of 17 to 19 random digits with the dot anywhere.
      const n = 17 + Math.floor(rnd() * 3);
      let d = '';
      for (let k = 0; k < n; k += 1) d += Math.floor(rnd() * 10).toString();
      const dot = 1 + Math.floor(rnd() * (n - 1));
      values.push(`${d.slice(0, dot)}.${d.slice(dot)}`);
    }
    const rows = [HEADER];
    for (const [i, v] of values.entries()) {
      const t = 1738600000 + 10 * i;
      const coord = (limit: number): string => {
        const [w = '0', f = ''] = v.split('.');
        return `${(Number(w.slice(-2)) % limit).toString()}.${f.slice(0, 16)}${w.slice(0, 1)}`;
      };
      rows.push(
        [
          t,
          'ae01c7',
          `-${coord(90)}`,
          coord(180),
          v,
          v,
          '0',
          'JAKE21  ',
          'false',
          'false',
          'false',
          '7700',
          '9685.02',
          '',
          `${t - 1}.5`,
          `${t}`,
        ].join(','),
      );
    }
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of(['ae01c7']);
    const g = await general(textSource('f.csv', csv, 1 << 20));
    const f = await fast(textSource('f.csv', csv, 1 << 20), watch);
    expect(f.inputs[0]!.fast?.recordRows).toBeGreaterThan(values.length * 0.9);
    expectSame(g, f, watch);
  });

  it("reads the rows of watched aircraft in OpenSky's own form from the kernel's records of them", async () => {
    // OpenSky writes doubles in full (17 digits: Number() reads those), negative coordinates,
    // callsigns padded with spaces, both booleans, four-digit squawks, empty optional fields.
    const rows = [HEADER];
    for (let i = 0; i < 300; i += 1) {
      const t = 1738600000 + 10 * i;
      rows.push(
        [
          t,
          i % 2 === 0 ? 'ae01c7' : '3c6444',
          (29.17054557800293 + i * 1e-3).toString(),
          (-111.12420654296875 - i * 1e-3).toString(),
          i % 7 === 0 ? '' : (245.83618120437492 + i).toString(),
          (151.983240544796 + i / 10).toString(),
          '-0.32512',
          i % 5 === 0 ? '' : 'JAKE21  ',
          i % 50 === 0 ? 'true' : 'false',
          'false',
          'false',
          i % 3 === 0 ? '' : '7700',
          i % 11 === 0 ? '' : '9685.02',
          '9776.46',
          `${t - 1}.697`,
          `${t}.033`,
        ].join(','),
      );
    }
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of(['ae01c7']);
    const g = await general(textSource('f.csv', csv, 4096));
    const f = await fast(textSource('f.csv', csv, 4096), watch);
    expectSame(g, f, watch);
    expect(f.inputs[0]!.fast?.recordRows).toBe(150);
    expect(f.inputs[0]!.fast?.generalRows).toBe(150);
  });

  it('takes plain rows of watched aircraft whole in the kernel, their repeat checks in line order with the rows it hands over', async () => {
    // Per aircraft, rows the kernel takes (plain numbers, outside the box) between rows it hands
    // over: a number in a form Number() reads (an exponent), a place in the box or on its edge,
    // 0/0, a callsign with a control character. A row it takes may repeat the last position of a
    // row handed over just before it (the aircraft is held until that one is settled), or be
    // repeated by the next; an aircraft not watched is counted there as before.
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const handed = [
      (lat: string, lon: string) => [`${Number(lat) / 10}e1`, lon],
      () => ['25.5', '-110.25'],
      () => ['22.8', '-112'],
      () => ['0', '0'],
    ];
    const rows = [HEADER];
    for (let i = 0; i < 400; i += 1) {
      const t = 1738600000 + 5 * i;
      const hex = ['ae01c7', '3c6444', 'ae6881'][i % 3] as string;
      // Every fourth row of an aircraft repeats its last lastposupdate.
      const pos = i % 4 === 3 ? t - 15 : t;
      let lat = (40.17054557800293 + i * 1e-3).toString();
      let lon = (-125.12420654296875 - i * 1e-3).toString();
      let callsign = 'JAKE21  ';
      const kind = Math.floor(i / 12) % 7;
      if (kind < handed.length)
        [lat, lon] = (handed[kind] as (typeof handed)[number])(lat, lon) as [string, string];
      if (kind === 5) callsign = 'JA\u0007KE';
      rows.push(
        [t, hex, lat, lon, '245.83618120437492', '151.9832405', '0', callsign, 'false']
          .concat(['false', 'false', '7700', '9685.02', '9776.46', `${pos - 1}.5`, `${t}`])
          .join(','),
      );
    }
    const csv = rows.join('\n') + '\n';
    const watch = HexBitmap.of(['ae01c7', 'ae6881']);
    const read = (fixRows: boolean) =>
      readWithCoverage(csv, 4096, bbox, watch, (hex) => hex !== null && watch.hasHex(hex), fixRows);
    const g = await ingest([textSource('k.csv', csv, 4096)], {
      keep: (p) => p.hex !== null && watch.hasHex(p.hex),
    });
    expect(g.inputs[0]!.skipped[REPEATED_POSITION]!.count).toBeGreaterThan(50);
    for (const fixRows of [true, false]) {
      const { r, coverage } = await read(fixRows);
      expect(accounting(r)).toEqual(accounting(g));
      expect(r.positions.toArray()).toEqual(g.positions.toArray());
      expect(coverage.hours.length).toBeGreaterThan(0);
      const stats = r.inputs[0]!.fast!;
      // Of the watched aircraft's 267 rows, most plain ones were taken whole (not those held
      // behind a row handed over in the same scan).
      expect(stats.kernelFixRows).toBeGreaterThan(60);
      expect(stats.kernelFixRows).toBeLessThan(stats.recordRows!);
    }
  });

  it("writes an aircraft's rows on its last tuple into the kernel's fix columns, in line order with every row read otherwise", async () => {
    // Four watched aircraft (one of them not kept), their plain rows outside the box taken by the
    // kernel on the tuple of the aircraft's last row handed over, between rows that change it or
    // are read otherwise: a new callsign, squawk or ground state; a callsign in another case or
    // longer than eight bytes; a row in the box; an exponent (read from its record in
    // JavaScript); a line with a lone CR (read by the general reader); a quoted field. Altitudes
    // of -0 ft, and missing speeds and headings, on the way.
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const hexes = ['ae01c7', '3c6444', 'ae6881', 'ae01cc'];
    const row = (i: number, hex: string, over: Record<string, string> = {}): string => {
      const t = 1738600000 + 5 * i;
      const pos = i % 4 === 3 ? t - 15 : t;
      const values: Record<string, string> = {
        time: String(t),
        icao24: hex,
        lat: (40.17054557800293 + i * 1e-3).toString(),
        lon: (-125.12420654296875 - i * 1e-3).toString(),
        velocity: '245.83618120437492',
        heading: '151.9832405',
        vertrate: '0',
        callsign: i < 300 ? 'JAKE21  ' : 'JAKE22',
        onground: i >= 500 && i < 540 ? 'true' : 'false',
        alert: 'false',
        spi: 'false',
        squawk: i < 700 ? '7700' : '1234',
        baroaltitude: '9685.02',
        geoaltitude: '9776.46',
        lastposupdate: `${pos - 1}.5`,
        lastcontact: `${t}`,
        ...over,
      };
      return HEADER.split(',')
        .map((h) => values[h] ?? '')
        .join(',');
    };
    const lines = [HEADER];
    for (let i = 0; i < 6000; i += 1) {
      const hex = hexes[i % hexes.length] as string;
      // Every other row of the first aircraft has a speed of more digits than a double tells
      // apart (read from its record by Number(), then taken as a fix) and a callsign of its own:
      // a scan that stops (a batch's end, or its events' limit) between such a row and the
      // aircraft's next plain row must not take that row on the tuple before it.
      if (i % 8 === 4)
        lines.push(row(i, hex, { velocity: '245.83618120437492123', callsign: 'OTHER2' }));
      else if (i % 37 === 5)
        lines.push(row(i, hex, { velocity: '2.4583618120437492e2', callsign: 'OTHER1' }));
      else if (i % 41 === 6)
        lines.push(row(i, hex, { lat: '25.5', lon: '-110.25', callsign: 'BOXED' }));
      // In the box on the aircraft's tuple: a position for coverage, not a fix of the kernel's.
      else if (i % 43 === 7) lines.push(row(i, hex, { lat: '25.5', lon: '-110.25' }));
      else if (i % 53 === 7) lines.push(`${row(i, hex, { callsign: 'CRCALL' })}\r${row(i, hex)}`);
      else if (i % 59 === 8) lines.push(row(i, hex, { callsign: 'LONGCALLSIGN1' }));
      else if (i % 61 === 9) lines.push(row(i, hex, { baroaltitude: '-0.1' }));
      else if (i % 67 === 10) lines.push(row(i, hex, { velocity: '', heading: '' }));
      else if (i % 71 === 11) lines.push(row(i, hex, { callsign: 'jake21' }));
      else if (i % 97 === 12) lines.push(row(i, hex, { callsign: '"QUOTED"' }));
      else lines.push(row(i, hex));
    }
    const csv = lines.join('\n') + '\n';
    const watch = HexBitmap.of(hexes);
    const kept = (hex: string | null): boolean =>
      hex !== null && hex !== 'ae6881' && watch.hasHex(hex);
    const g = await ingest([textSource('c.csv', csv, 4096)], { keep: () => true });
    const wanted = g.positions.toArray().filter((p) => kept(p.hex));
    expect(wanted.some((p) => Object.is(p.altitudeFt, -0))).toBe(true);
    expect(new Set(wanted.map((p) => p.callsign)).size).toBeGreaterThan(5);
    const coverageOf = (chunk: number, fixRows: boolean) =>
      readWithCoverage(csv, chunk, bbox, watch, kept, fixRows);
    const made = await coverageOf(4096, false);
    expect(made.coverage.hours.length).toBeGreaterThan(0);
    for (const chunk of [4096, 1 << 20]) {
      const { r, coverage } = await coverageOf(chunk, true);
      expect(coverage).toEqual(made.coverage);
      expect(accounting(r)).toEqual(accounting(g));
      expect(r.positions.toArray()).toEqual(wanted);
      const stats = r.inputs[0]!.fast!;
      expect(stats.columnFixRows).toBeGreaterThan(2500);
      expect(stats.columnFixRows).toBeLessThan(stats.kernelFixRows!);
    }
    // Read in byte ranges and joined, as threads read a big file (which holds no quote: a quoted
    // field may cross a cut).
    const plain = csv.replaceAll('"QUOTED"', 'QUOTED');
    const bytes = Buffer.from(plain);
    const g2 = await ingest([textSource('c.csv', plain, 4096)], { keep: () => true });
    const wanted2 = g2.positions.toArray().filter((p) => kept(p.hex));
    const rule: KeepRule = {
      keep: (p) => kept(p.hex),
      watch,
      candidate: (p) => kept(p.hex),
      candidates: watch,
      members: watch,
    };
    const cuts = [0, bytes.indexOf('\n', 200_000) + 1, 500_001, bytes.length];
    const parts: SourceResult[] = [];
    for (let k = 0; k + 1 < cuts.length; k += 1) {
      const start = cuts[k]!;
      const end = cuts[k + 1]!;
      parts.push(
        await readOneSource(textSource('c.csv', bytes.subarray(Math.max(0, start - 1)), 4096), 0, {
          rule,
          fast: { range: { start, end, header: HEADER } },
        }),
      );
    }
    const joined = joinRanges(parts, 0);
    expect(joined).not.toBeNull();
    expect(accounting(joined!)).toEqual(accounting(g2));
    expect(joined!.positions.toArray()).toEqual(wanted2);
    expect(joined!.summary.fast!.columnFixRows).toBeGreaterThan(2500);
  });

  it('fills the fix columns scan after scan on narrow rows, stopping each scan as they fill', async () => {
    // Rows of some 50 bytes, nineteen in twenty of one watched aircraft: a scan of 256 KiB (or
    // of a byte range's 1 MiB reads) holds more of its rows than the kernel's 4,096 columns.
    const header = 'time,icao24,lat,lon,onground,baroaltitude,callsign,squawk';
    const lines = [header];
    for (let i = 0; i < 60_000; i += 1) {
      const other = i % 20 === 19;
      const hex = other ? (i % 40 === 19 ? '3c6444' : 'a1b2c3') : 'ae01c7';
      const inBox = i % 7001 === 5;
      lines.push(
        [
          1738600000 + i,
          hex,
          inBox ? '25.5' : (40 + (i % 1000) * 1e-3).toFixed(3),
          inBox ? '-110.25' : (-125 - (i % 997) * 1e-3).toFixed(3),
          i % 9000 < 20 ? 'true' : 'false',
          String(1000 + (i % 50)),
          `A${Math.floor(i / 15_000)}`,
          i % 12_000 < 6_000 ? '7700' : '1234',
        ].join(','),
      );
    }
    const csv = lines.join('\n') + '\n';
    const bbox = [-115.2, 22.8, -105.6, 32.0] as const;
    const watch = HexBitmap.of(['ae01c7', '3c6444']);
    const kept = (hex: string | null): boolean => hex !== null && watch.hasHex(hex);
    const g = await ingest([textSource('c.csv', csv, 4096)], { keep: () => true });
    const wanted = g.positions.toArray().filter((p) => kept(p.hex));
    const made = await readWithCoverage(csv, 1 << 20, bbox, watch, kept, false);
    const { r, coverage } = await readWithCoverage(csv, 1 << 20, bbox, watch, kept, true);
    expect(coverage).toEqual(made.coverage);
    expect(accounting(r)).toEqual(accounting(g));
    expect(r.positions.toArray()).toEqual(wanted);
    // Nearly every row of the watched aircraft: none handed over because the columns were full.
    expect(r.inputs[0]!.fast!.columnFixRows).toBeGreaterThan(0.95 * wanted.length);
  });

  it("leaves the kernel's time base to the rows that set it before its fixes (a range's dated ends)", async () => {
    // A watched row the kernel takes whole comes first; an aircraft counted there follows, dated
    // two days earlier (more than the base's day of room), inside the box. Its dated position is
    // kept in the kernel and not built, as when the watched row was settled on the JavaScript side.
    const T = 1738600000;
    const row = (t: number, hex: string, lat: string, lon: string, pos: string): string =>
      `${t},${hex},${lat},${lon},200,90,0,X,false,false,false,,9000,,${pos},${t}`;
    const csv = Buffer.from(
      [
        HEADER,
        row(T, 'ae01c7', '45.5', '10.5', `${T - 1}.5`),
        row(T - 172800, 'c0ffee', '26.5', '-110.5', `${T - 172800}`),
        '',
      ].join('\n'),
    );
    const watch = HexBitmap.of(['ae01c7']);
    const r = await readOneSource(textSource('b.csv', csv, 4096), 0, {
      rule: ruleOf(watch),
      coverageBoxes: [[-115.2, 22.8, -105.6, 32.0]],
      fast: { range: { start: 0, end: csv.length, header: HEADER } },
    });
    expect([...r.evidence.keys()]).toEqual(['ae01c7']);
    const packed = Array.from(r.summary.fast!.datedEnds!.packed);
    // [address, first time, first line × 2 (+ 1 when built), last time] per aircraft.
    expect(packed).toEqual([
      0xc0ffee,
      (T - 172800) * 1000,
      6,
      (T - 172800) * 1000,
      0xae01c7,
      (T - 0.5) * 1000,
      5,
      (T - 0.5) * 1000,
    ]);
  });

  it('gives the same on gzip input', async () => {
    const csv = fuzzCsv(11, 2000);
    const gz = gzipSync(Buffer.from(csv));
    const watch = HexBitmap.of(['ae01c7']);
    expectSame(
      await general(textSource('g.csv.gz', gz, 999)),
      await fast(textSource('g.csv.gz', gz, 999), watch),
      watch,
    );
  });

  it.each([50, 400, 3000])(
    'keeps and counts the rows read before a gzip stream cut %i bytes short, as the general reader does',
    async (short) => {
      const csv = fuzzCsv(12, 3000).replaceAll('"', '');
      const gz = gzipSync(Buffer.from(csv));
      const cut = gz.subarray(0, gz.length - short);
      const watch = HexBitmap.of(['ae01c7']);
      const g = await general(textSource('c.csv.gz', cut, 999));
      const f = await fast(textSource('c.csv.gz', cut, 999), watch);
      expect(g.inputs[0]?.rows).toBeGreaterThan(short < 1000 ? 2000 : 100);
      expect(g.inputs[0]?.error).toBeDefined();
      expectSame(g, f, watch);
    },
  );
});

describe('byte ranges', () => {
  /** An in-memory source that hands out a byte range the way the worker threads read it (from start - 1 on). */
  function rangeSource(bytes: Buffer, start: number): InputSource {
    return textSource('r.csv', bytes.subarray(Math.max(0, start - 1)), 4096);
  }

  it('read apart and joined, they give what reading the whole file gives, line numbers included', async () => {
    const csv = Buffer.from(fuzzCsv(21, 4000).replaceAll('"', ''));
    const watch = HexBitmap.of(['ae01c7']);
    const whole = await fast(textSource('r.csv', csv, 4096), watch);
    const g = await general(textSource('r.csv', csv, 4096));
    const header = HEADER;
    const cuts = [
      0,
      1,
      37,
      5000,
      5001,
      csv.indexOf('\n', 20_000) + 1,
      90_000,
      csv.length - 3,
      csv.length,
    ];
    const parts: SourceResult[] = [];
    for (let k = 0; k + 1 < cuts.length; k += 1) {
      const start = cuts[k]!;
      const end = cuts[k + 1]!;
      const range = start === 0 ? undefined : { start, end, header };
      const source =
        start === 0
          ? textSource('r.csv', csv.subarray(0, csv.length), 4096)
          : rangeSource(csv, start);
      parts.push(
        await readOneSource(source, 0, {
          rule: ruleOf(watch),
          fast: { range: range ?? { start: 0, end, header } },
        }),
      );
    }
    const joined = joinRanges(parts, 0);
    expect(joined).not.toBeNull();
    // Some ranges start with a frozen row whose fix was read in the range before: read apart,
    // they took it as new; joined, it is skipped, as reading the whole file skips it.
    const apart = parts.reduce((n, p) => n + (p.summary.skipped[REPEATED_POSITION]?.count ?? 0), 0);
    expect(joined!.summary.skipped[REPEATED_POSITION]!.count).toBeGreaterThan(apart);
    expect(accounting(joined!)).toEqual(accounting(whole));
    expectSame(g, joined!, watch);
  });

  it('skip a frozen row across a cut whether its aircraft is watched, counted, or kept apart', async () => {
    // Three aircraft, each with a fix before the cut, the same fix written again (frozen) just
    // after it, then a new fix: one watched (its fixes built), one counted in bulk, one whose fix
    // is 51 days after the range's first (the kernel keeps 49 days; the JavaScript side keeps it).
    const T0 = 1738600000;
    const day = 86_400;
    const row = (t: number, hex: string, pos: number): string =>
      `${t},${hex},26.5,-110.5,200,90,0,X,false,false,false,,9000,,${pos},${t}`;
    const aircraft: [string, number][] = [
      ['ae01c7', T0],
      ['a1b2c3', T0],
      ['c0ffee', T0 + 20 * day],
    ];
    const rows = [HEADER, row(T0 - 30 * day, '3c6444', T0 - 30 * day - 0.5)];
    for (const [hex, t] of aircraft) rows.push(row(t + 1, hex, t + 0.75));
    const cut = Buffer.byteLength(rows.join('\n') + '\n');
    for (const [hex, t] of aircraft) rows.push(row(t + 6, hex, t + 0.75));
    for (const [hex, t] of aircraft) rows.push(row(t + 7, hex, t + 6.5));
    const csv = Buffer.from(rows.join('\n') + '\n');
    const watch = HexBitmap.of(['ae01c7']);
    const parts = [
      await readOneSource(textSource('t.csv', csv.subarray(0, cut), 4096), 0, {
        rule: ruleOf(watch),
        fast: { range: { start: 0, end: cut, header: HEADER } },
      }),
      await readOneSource(rangeSource(csv, cut), 0, {
        rule: ruleOf(watch),
        fast: { range: { start: cut, end: csv.length, header: HEADER } },
      }),
    ];
    expect(parts[1]!.summary.skipped[REPEATED_POSITION]).toBeUndefined();
    const joined = joinRanges(parts, 0)!;
    const g = await general(textSource('t.csv', csv, 4096));
    expect(g.inputs[0]!.skipped[REPEATED_POSITION]).toEqual({ count: 3, firstLines: [6, 7, 8] });
    expectSame(g, joined, watch);
    expect(joined.positions.toArray().map((p) => p.timeMs)).toEqual([
      (T0 + 0.75) * 1000,
      (T0 + 6.5) * 1000,
    ]);
    expect(joined.evidence.get('ae01c7')?.positions).toBe(2);
    expectSame(g, await fast(textSource('t.csv', csv, 4096), watch), watch);
  });

  it('are refused when one of them holds a quote (a quoted field may cross a cut)', async () => {
    const csv = Buffer.from(
      `${HEADER}\n1738600000,ae01c7,26,-110,1,2,3,"a\nb",false,false,false,,1,1,1,1738600000\n`,
    );
    const part = await readOneSource(rangeSource(csv, 1), 0, {
      rule: ruleOf(new HexBitmap()),
      fast: { range: { start: 1, end: csv.length, header: HEADER } },
    });
    expect(joinRanges([part], 0)).toBeNull();
  });
});

describe('joining byte ranges', () => {
  it('takes ranges of hundreds of thousands of fixes (one aircraft for days)', () => {
    const part = (n: number): SourceResult => ({
      summary: {
        file: 'big.csv',
        format: 'opensky-states',
        detectedBy: 'content',
        rows: n,
        used: n,
        usedAs: { position: n },
        skipped: {},
        fromMs: 0,
        toMs: n,
        aircraft: 1,
        hexes: new Set(['ae01c7']),
        notes: [],
        error: null,
        fast: { lines: n, generalRows: n, quotedLines: 0, longLines: 0 },
      },
      positions: FixStore.of(
        Array.from({ length: n }, (_, i) => ({
          hex: 'ae01c7',
          callsign: null,
          timeMs: i,
          lat: 26,
          lon: -110,
          altitudeFt: null,
          onGround: false,
          groundSpeedKt: null,
          trackDeg: null,
          typeCode: null,
          registration: null,
          dbFlags: null,
          source: { fileIndex: 0, line: i + 1 },
        })),
      ),
      waiting: [],
      evidence: new Map(),
      companions: { fr24Flights: new Map(), fr24FlightOfInput: new Map() },
      coverage: null,
    });
    const joined = joinRanges([part(300_000), part(300_000)], 0);
    expect(joined?.positions.length).toBe(600_000);
    expect(joined?.positions.get(300_000).source.line).toBe(300_001);
    expect(joined?.summary.usedAs).toEqual({ position: 600_000 });
  });
});

describe('the repeat search across ranges (WebAssembly)', () => {
  /** The search as a Map: each address's last key in the entries before. */
  const reference = (packs: (Float64Array | undefined)[]): number[][] => {
    const last = new Map<number, number>();
    return packs.map((p) => {
      const found: number[] = [];
      for (let j = 0; p !== undefined && 4 * j < p.length; j += 1) {
        const addr = p[4 * j] as number;
        if (last.has(addr) && last.get(addr) === p[4 * j + 1]) found.push(j);
        last.set(addr, p[4 * j + 3] as number);
      }
      return found;
    });
  };

  it.each([1, 2, 5, 7])('finds what a Map finds, over %i ranges', (ranges) => {
    let seed = 7 + ranges;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const packs: (Float64Array | undefined)[] = [];
    for (let k = 0; k < ranges; k += 1) {
      if (k === 3) {
        packs.push(undefined);
        continue;
      }
      const n = 500 + Math.floor(next() * 3000);
      const p = new Float64Array(4 * n);
      for (let j = 0; j < n; j += 1) {
        // Few addresses (each in many ranges, some twice in one), keys that often repeat, NaN, -0.
        const addr = Math.floor(next() * 4000) * (next() < 0.5 ? 1 : 4099);
        const key = (x: number): number =>
          x < 0.05 ? Number.NaN : x < 0.1 ? -0 : x < 0.15 ? 0 : Math.floor(x * 8);
        p.set([addr % 0x1000000, key(next()), j * 2 + (next() < 0.5 ? 1 : 0), key(next())], 4 * j);
      }
      packs.push(p);
    }
    const found = repeatIndexes(packs);
    expect(found).not.toBeNull();
    const want = reference(packs);
    expect(found!.map((f) => [...f])).toEqual(want);
    expect(want.flat().length).toBeGreaterThan(10);
  });
});

describe('joining byte ranges of a global dump', () => {
  it('skips the frozen rows across the cut of 40,000 aircraft, whichever range holds each', () => {
    const n = 40_000;
    const range = (ends: (k: number) => [number, number, number], lines: number): SourceResult => {
      const packed = new Float64Array(4 * n);
      for (let k = 0; k < n; k += 1) {
        const [first, line, last] = ends(k);
        packed.set([0x100000 + k * 89, first, line * 2, last], 4 * k);
      }
      return {
        summary: {
          file: 'dump.csv',
          format: 'opensky-states',
          detectedBy: 'content',
          rows: n,
          used: n,
          usedAs: { position: n },
          skipped: {},
          fromMs: 0,
          toMs: 1e6,
          aircraft: 0,
          hexes: new Set(),
          notes: [],
          error: null,
          fast: { lines, generalRows: 0, quotedLines: 0, longLines: 0, datedEnds: { packed } },
        },
        positions: new FixStore(),
        waiting: [],
        evidence: new Map(),
        companions: { fr24Flights: new Map(), fr24FlightOfInput: new Map() },
        coverage: null,
      };
    };
    // Each aircraft's one row per range; every third writes the fix of the range before again.
    const joined = joinRanges(
      [
        range((k) => [1000 + k, k + 1, 1000 + k], n),
        range((k) => [k % 3 === 0 ? 1000 + k : 5000 + k, k + 1, 5000 + k], n),
      ],
      0,
    )!;
    const repeated = Math.ceil(n / 3);
    expect(joined.summary.skipped[REPEATED_POSITION]).toEqual({
      count: repeated,
      firstLines: [n + 1, n + 4, n + 7, n + 10, n + 13],
    });
    expect(joined.summary.used).toBe(2 * n - repeated);
    expect(joined.summary.usedAs).toEqual({ position: 2 * n - repeated });
  });
});

describe('the compiled kernel', () => {
  it('matches its WebAssembly text source', async () => {
    const { compileKernel, KERNELS, kernelModuleText } = await import(
      '../scripts/kernel-compile.js'
    );
    for (const kernel of KERNELS) {
      const wasm = await compileKernel(readFileSync(kernel.wat, 'utf8'), kernel.wat);
      const committed = readFileSync(kernel.module, 'utf8');
      // Prettier may rewrap the generated module; compare the bytes it carries.
      const base64 = (text: string): string =>
        (text.match(/'[A-Za-z0-9+/=]+'/g) ?? []).join('').replaceAll("'", '');
      expect(base64(committed)).toBe(base64(kernelModuleText(kernel, wasm)));
    }
  });
});
