import { describe, expect, it } from 'vitest';
import { TraceKernel } from '../src/ingest/archive/trace-kernel.js';
import { readTraceRows } from '../src/ingest/formats/readsb-trace.js';
import type { ReadContext } from '../src/ingest/formats/format.js';
import type { RowResult } from '../src/ingest/types.js';
import { sameValues } from './trace-kit.js';

/**
 * The trace kernel settles a document only when it reads it as JSON.parse does: every document
 * below is read both ways, and where the kernel settles it, its rows (values, keys and their
 * order, record numbers) must be JSON.parse's; where JSON.parse throws, the kernel must not settle.
 */
const ctx = { fileIndex: 3 } as ReadContext;
const LINE_OFFSET = 1000;

type Rows = [RowResult, number][];

function kernel(): TraceKernel {
  const k = TraceKernel.shared();
  if (k === null) throw new Error('no WebAssembly');
  return k;
}

/** The kernel's rows, or null where it does not settle the document. */
function kernelRows(text: string): Rows | null {
  const k = kernel();
  if (!k.read(Buffer.from(text, 'utf8'))) return null;
  const rows: Rows = [];
  k.rows(ctx, LINE_OFFSET, (row, line) => rows.push([row, line]));
  return rows;
}

/** JSON.parse's rows, or null where it throws or the document is no trace. */
function parsedRows(text: string): Rows | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const rows: Rows = [];
  const n = readTraceRows(doc, ctx, LINE_OFFSET, (row, line) => rows.push([row, line]));
  return n === 0 && !Array.isArray((doc as { trace?: unknown } | null)?.trace) ? null : rows;
}

/** Checks the kernel against JSON.parse on `text`; returns whether the kernel settled it. */
function check(text: string): boolean {
  const fromKernel = kernelRows(text);
  if (fromKernel === null) return false;
  const fromParse = parsedRows(text);
  expect(
    fromParse,
    `JSON.parse does not read what the kernel settled: ${text.slice(0, 200)}`,
  ).not.toBeNull();
  expect(fromKernel.length).toBe((fromParse as Rows).length);
  for (const [i, row] of fromKernel.entries()) {
    if (!sameValues(row, (fromParse as Rows)[i])) {
      expect(row, `point ${i} of ${text.slice(0, 200)}`).toEqual((fromParse as Rows)[i]);
      expect.fail(`point ${i} differs only in -0 or key order: ${text.slice(0, 200)}`);
    }
  }
  return true;
}

/** `x` to `digits` decimals, as readsb writes its numbers. */
const fixed = (x: number, digits: number): number => Number(x.toFixed(digits));

/** A readsb trace of `n` points: details every 4th, a ground stretch, nulls, a new leg, extras. */
function traceDoc(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const trace: unknown[] = [];
  for (let i = 0; i < n; i += 1) {
    const ground = i < 3;
    const point: unknown[] = [
      fixed(i * 5.25, 2),
      fixed(27.123456 + i * 0.001, 6),
      fixed(-111.654321 - i * 0.0007, 6),
      ground ? 'ground' : i % 11 === 5 ? null : 24000 + i * 25,
      i % 13 === 7 ? null : 412.3 + (i % 7),
      fixed((i * 3.7) % 360, 1),
      i === 40 ? 2 : i % 17 === 0 ? 1 : 0,
      i % 9 === 0 ? null : -64,
      i % 4 === 0
        ? {
            type: 'adsb_icao',
            flight: i < 20 ? 'HOMER41 ' : 'HOMER42 ',
            alt_geom: 25025,
            ias: 280,
            squawk: i % 8 === 0 ? '4521' : '0771',
            nav_modes: ['autopilot', 'althold'],
            nic: 8,
            rssi: -18.4,
          }
        : null,
      'adsb_icao',
      i % 3 === 0 ? 25100 : null,
      1,
    ];
    trace.push(point);
  }
  return {
    icao: 'ae01c7',
    r: '64-14845',
    t: 'R135',
    dbFlags: 1,
    desc: 'BOEING RC-135',
    timestamp: 1738540800,
    trace,
    ...extra,
  };
}

describe('trace kernel', () => {
  it('settles plain readsb traces and makes the rows JSON.parse makes', () => {
    for (const n of [0, 1, 4, 57, 900]) {
      const text = JSON.stringify(traceDoc(n));
      expect(check(text)).toBe(true);
      // Pretty-printed, with every kind of JSON whitespace.
      expect(check(JSON.stringify(traceDoc(n), null, '\t'))).toBe(true);
      expect(check(JSON.stringify(traceDoc(n), null, 2).replace(/\n/g, '\r\n'))).toBe(true);
    }
    const rows = kernelRows(JSON.stringify(traceDoc(60))) as Rows;
    // The rows carry what the points and their details say (a check that rows were made at all).
    expect(rows).toHaveLength(60);
    expect(rows[0]?.[1]).toBe(LINE_OFFSET + 1);
    expect(rows[45]?.[0]).toMatchObject({
      hex: 'ae01c7',
      callsign: 'HOMER42',
      squawk: '0771',
      typeCode: 'R135',
    });
    expect(rows[40]?.[0]).toMatchObject({ newLeg: true });
    expect(rows[1]?.[0]).toMatchObject({ onGround: true, altitudeFt: 0 });
  });

  it('reads odd but valid documents as JSON.parse does, or leaves them to it', () => {
    const base = traceDoc(12);
    const text = JSON.stringify(base);
    /** The base document with its trace replaced by these points (JSON text). */
    const withPoints = (...points: string[]): string =>
      JSON.stringify({ ...base, trace: [] }).replace('"trace":[]', `"trace":[${points.join(',')}]`);
    const settled = [
      // Other points: not arrays, short, with objects and arrays where numbers go.
      withPoints(
        '[1,2,3]',
        '7',
        'null',
        '{}',
        '"x"',
        '[]',
        '[1,20,30,"ground"]',
        '[2,20,30,true,[1,[2]],{"a":1},"y",0,5]',
      ),
      // Top-level keys twice (the last counts), unknown keys, and nothing but a trace.
      text.replace('{', '{"icao":"000000","t":"B738","r":null,"dbFlags":4,'),
      text.replace('"icao":"ae01c7"', '"icao":"ae01c7","icao":"ae01c8"'),
      '{"icao":"ae01c7","timestamp":0,"trace":[]}',
      // Not numbers where numbers go, with numbers inside them: no number of theirs is read.
      text.replace('"dbFlags":1', '"dbFlags":[1]'),
      text.replace('"dbFlags":1', '"dbFlags":{"x":3}'),
      JSON.stringify({ ...base, r: 7, t: ['R135'], dbFlags: 'military' }),
      text
        .replace('"dbFlags":1', '"dbFlags":-0')
        .replace('"timestamp":1738540800', '"timestamp":-0.5'),
      // Addresses that are no address: every row says why.
      JSON.stringify({ ...base, icao: '~ae01c7' }),
      JSON.stringify({ ...base, icao: '   ' }),
      JSON.stringify({ ...base, icao: 'AE01C7 ' }),
      // Details: flight and squawk twice (the last counts), not strings, empty, lower case.
      withPoints(
        '[0,20,-110,1000,1,2,0,0,{"flight":"ABC","flight2":"x","squawk":"7700","squawk":1234}]',
        '[1,20,-110,1000,1,2,0,0,{"flight":"abc12","squawk":"  12  "}]',
        '[2,20,-110,1000,1,2,0,0,{"flight":55}]',
        '[3,20,-110,1000,1,2,0,0,{"flight":""}]',
        '[4,20,-110,1000,1,2,0,0,{"flight":null,"squawk":"99999"}]',
        '[5,20,-110,1000,1,2,0,0,[]]',
        '[6,20,-110,1000,1,2,0,0,{"nested":{"a":[1,{"b":"c\\"d"}]},"flight":"XY1","flight":"XY2"}]',
        '[7,20,-110,1000,1,2,0,0,{"flight":"XY1"},{"flight":"NOT9"}]',
      ),
      // Numbers up to 2^53 - 1, and negative zero.
      withPoints(
        '[0.1,0.1,-0.0,-0,1234567890.12345,0.25,9007199254740991]',
        '[123456789012345.6,-89.5,179.25,3.0,0,0,0.5]',
        '[5,90,180,150000,0,0,2.9]',
        '[5,90.0000001,-180.0000001,150001,0,0,3]',
        '[5,0,0,-2000.5,0,0,6]',
      ),
      // Escapes, non-ASCII text and exponents where no record reads them.
      text.replace('"BOEING RC-135"', '"BOE\\u0049NG \\"RC\\" \\\\ \\/ \\b\\f\\n\\r\\t é"'),
      text.replace('"adsb_icao"', '"adsb\\u005Ficao"'),
      text.replace('"alt_geom":25025', '"alt_geom":2.5025E4').replace('-64', '-6.4e+1'),
    ];
    for (const doc of settled) expect(check(doc), doc.slice(0, 300)).toBe(true);
    // Valid, but left to JSON.parse: what the kernel does not read exactly.
    const leftToParse = [
      text.replace('"HOMER41 "', '"HOMER\\u00341 "'),
      text.replace('"HOMER41 "', '"HOMÉR41 "'),
      text.replace('"icao"', '"ic\\u0061o"'),
      text.replace('"ae01c7"', '"ae01\\u00637"'),
      text.replace('"R135"', '"R13\\u0035"'),
      withPoints('[0,20,1e1]'),
      withPoints('[0,20,-110,"gr\\u006fund"]'),
      withPoints('[0,20.1234567890123456789]'),
      withPoints('[0,89.999999999999999]'),
      withPoints('[0,0.0000000000000000000001]'),
      withPoints('[12345678901234567890,20,-110]'),
      text.replace('"timestamp":1738540800', '"timestamp":[1738540800]'),
      text.replace('"timestamp":1738540800', '"timestamp":1738540800,"timestamp":{"t":5}'),
      withPoints('[10,26.5,-110.5,1000,1,1,0,0,{"fl\\u0069ght":"HOMER41"}]'),
      withPoints('[10,26.5,-110.5,1000,1,1,0,0,{"squ\\u0061wk":"1234"}]'),
      text.replace('"timestamp":1738540800', '"timestamp":1.7e9'),
      text.replace('{', '{"trace":[],'),
      withPoints(`[0,20,-110,5,1,2,0,0,{"a":${'['.repeat(70)}1${']'.repeat(70)}}]`),
      // Documents that are no trace: JSON.parse decides.
      JSON.stringify({ ...base, icao: 7 }),
      JSON.stringify({ ...base, timestamp: '1738540800' }),
      JSON.stringify({ ...base, trace: {} }),
      JSON.stringify({ icao: 'ae01c7', timestamp: 0 }),
      JSON.stringify([base]),
      '7',
    ];
    for (const doc of leftToParse) {
      expect(() => JSON.parse(doc), doc.slice(0, 100)).not.toThrow();
      expect(kernelRows(doc), doc.slice(0, 300)).toBeNull();
    }
  });

  it('never settles what JSON.parse refuses', () => {
    const good = JSON.stringify(traceDoc(5));
    const bad = [
      '',
      ' ',
      good.slice(0, -1),
      good + ',',
      good + '}',
      good + ' x',
      '\ufeff' + good,
      good.replace('[[', '[[,'),
      good.replace(']]', '],]'),
      good.replace('"icao"', 'icao'),
      good.replace('"icao":', '"icao"'),
      good.replace(':1,', ':01,'),
      good.replace(':1,', ':1.,'),
      good.replace(':1,', ':.5,'),
      good.replace(':1,', ':-,'),
      good.replace(':1,', ':+1,'),
      good.replace(':1,', ':1e,'),
      good.replace(':1,', ':NaN,'),
      good.replace(':1,', ':tru,'),
      good.replace(':1,', ':nul,'),
      good.replace(':1,', ':True,'),
      good.replace('"R135"', '"R1\t35"'),
      good.replace('"R135"', '"R1\u000035"'),
      good.replace('"R135"', '"R1\\x35"'),
      good.replace('"R135"', '"R1\\u03"'),
      good.replace('"adsb_icao"', '"adsb\\q"'),
      good.replace('"adsb_icao"', '"adsb_icao'),
      good.replace('null', 'undefined'),
      good.replace(',', ',,'),
      good.replace('{"type"', '{type'),
      good.replace('"autopilot"', "'autopilot'"),
      `${good.slice(0, 10)}\u0000${good.slice(10)}`,
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text), text.slice(0, 100)).toThrow();
      expect(kernelRows(text), text.slice(0, 100)).toBeNull();
    }
  });

  it('agrees with JSON.parse on 3,000 documents with random damage', () => {
    // A small generator of its own, so that a failure can be replayed from its seed.
    let seed = 20261206;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      '"',
      '\\',
      ',',
      ':',
      '[',
      ']',
      '{',
      '}',
      ' ',
      '\n',
      '-',
      '.',
      'e',
      '0',
      '7',
      'null',
      'true',
      'ground',
      '\\u0041',
      'é',
      '\u0001',
    ];
    const base = JSON.stringify(traceDoc(20));
    let settledCount = 0;
    let parsedCount = 0;
    for (let round = 0; round < 3000; round += 1) {
      let text = base;
      for (let edits = 1 + rand(3); edits > 0; edits -= 1) {
        const at = rand(text.length);
        const what = rand(3);
        const piece = pieces[rand(pieces.length)] as string;
        if (what === 0) text = text.slice(0, at) + text.slice(at + 1 + rand(4));
        else if (what === 1) text = text.slice(0, at) + piece + text.slice(at);
        else text = text.slice(0, at) + piece + text.slice(at + 1);
      }
      const parsed = parsedRows(text);
      if (parsed !== null) parsedCount += 1;
      if (check(text)) settledCount += 1;
    }
    // Most damage breaks the JSON; of what still reads, the kernel settles most itself.
    expect(parsedCount).toBeGreaterThan(300);
    expect(settledCount).toBeGreaterThan(parsedCount / 2);
  });

  it('reads documents bigger than its memory, and small ones after them', () => {
    const big = JSON.stringify(traceDoc(40_000));
    expect(big.length).toBeGreaterThan(4 << 20);
    expect(check(big)).toBe(true);
    expect(check(JSON.stringify(traceDoc(3)))).toBe(true);
  });
});
