import { describe, expect, it } from 'vitest';
import { FixStore, plainArrays } from '../src/ingest/fix-store.js';
import { transferList, type PostedResult } from '../src/ingest/source-result.js';
import type { Position } from '../src/ingest/types.js';

const base: Position = {
  hex: 'ae01c7',
  callsign: 'HOMER21 ',
  timeMs: 1_738_540_800_123,
  lat: 24.51234,
  lon: -109.98765,
  altitudeFt: 30000,
  onGround: false,
  groundSpeedKt: 330.4,
  trackDeg: 90.25,
  typeCode: 'R135',
  registration: '62-4134',
  dbFlags: 1,
  source: { fileIndex: 3, line: 1234 },
};

/** Each case changes some fields of `base`: the store must give back exactly the position. */
const cases: [string, Partial<Position>][] = [
  ['a plain readsb fix', {}],
  [
    'nulls everywhere they are allowed',
    {
      hex: null,
      callsign: null,
      altitudeFt: null,
      groundSpeedKt: null,
      trackDeg: null,
      typeCode: null,
      registration: null,
      dbFlags: null,
    },
  ],
  [
    'OpenSky float32 coordinates printed in full',
    { lat: 37.61945343017578, lon: -122.3817138671875 },
  ],
  ['an altitude converted from metres', { altitudeFt: 10972.8 * 3.28084 }],
  ['a speed converted from m/s', { groundSpeedKt: 231.52 * 1.9438444924406 }],
  ['negative zero', { lat: -0, trackDeg: -0 }],
  ['a NaN speed (kept apart from null)', { groundSpeedKt: Number.NaN }],
  ['on the ground, a new leg, a squawk', { onGround: true, newLeg: true, squawk: '4401' }],
  [
    'newLeg false and squawk undefined as keys',
    { newLeg: false, squawk: undefined as unknown as string },
  ],
  ['the extremes of latitude and longitude', { lat: -90, lon: 180 }],
  ['a time with a fraction of a millisecond', { timeMs: 1_738_540_800_123.5 }],
  ['a time months after the first of its chunk', { timeMs: 1_738_540_800_123 + 40 * 86_400_000 }],
  ['a time at the epoch', { timeMs: 0 }],
  ['a line beyond 2^31', { source: { fileIndex: 70_000, line: 3_000_000_000 } }],
  ['a negative altitude', { altitudeFt: -75 }],
];

describe('FixStore: every position comes back exactly as it went in', () => {
  it.each(cases)('%s', (_name, change) => {
    const p = { ...base, ...change } as Position;
    // The odd value first and after plain ones: a column changes its form at the first misfit.
    const store = FixStore.of([base, p, base, p]);
    expect(store.length).toBe(4);
    for (const [i, want] of [base, p, base, p].entries()) {
      const got = store.get(i);
      expect(got).toStrictEqual(want);
      // The same keys (an undefined squawk stays a key), whatever their order.
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      expect(Object.is(got.lat, want.lat)).toBe(true);
    }
    const alone = FixStore.of([p]);
    expect(alone.get(0)).toStrictEqual(p);
  });

  it('keeps every case in one store, across growth, and through the form a worker thread posts', () => {
    const all = Array.from({ length: 300 }, (_, k) => {
      const [, change] = cases[k % cases.length] as [string, Partial<Position>];
      return { ...base, ...change, timeMs: base.timeMs + k * 1000 } as Position;
    });
    const store = FixStore.of(all);
    expect(store.toArray()).toStrictEqual(all);
    const posted = structuredClone(store.trim().plain());
    expect(FixStore.revive(posted).toArray()).toStrictEqual(all);
    expect([...FixStore.revive(posted)]).toStrictEqual(all);
    // As a reading thread posts it: the columns' memory handed over, not copied.
    const plain = store.plain();
    const result = { summary: {}, positions: plain } as unknown as PostedResult;
    const transfer = transferList(result);
    expect(transfer.length).toBe(plainArrays(plain).length);
    const moved = structuredClone(plain, { transfer });
    expect(plainArrays(plain).every((a) => a.byteLength === 0)).toBe(true);
    expect(FixStore.revive(moved).toArray()).toStrictEqual(all);
  });

  it('grows once for fixes reserved, and gives back only room worth a copy', () => {
    const fixes = Array.from({ length: 1000 }, (_, k) => ({ ...base, timeMs: base.timeMs + k }));
    const other = FixStore.of(fixes.slice(100)).trim();
    const into = FixStore.of(fixes.slice(0, 100)).trim();
    const before = into.bytes;
    const reserved = into.reserve(1000).bytes;
    // Room for the 1000, made once: the appends after it grow nothing.
    expect(reserved).toBeGreaterThan(9 * before);
    into.append(other, null, (i) => i < 895);
    expect(into.bytes).toBe(reserved);
    // 995 of the 1000: the 5 left over are not worth copying the store for.
    expect(into.trim().bytes).toBe(reserved);
    expect(into.toArray()).toStrictEqual(fixes.slice(0, 995));
    // A store with half its room unused gives it back.
    const half = FixStore.of(fixes.slice(0, 500)).reserve(1000);
    expect(half.bytes).toBe(reserved);
    expect(half.trim().bytes).toBeLessThan(0.51 * reserved);
    expect(half.toArray()).toStrictEqual(fixes.slice(0, 500));
  });

  it('hands over only memory a posted result holds alone, each buffer once', () => {
    const whole = new Float64Array(8);
    const shared = new Uint32Array(new SharedArrayBuffer(16));
    const part = new Int32Array(new ArrayBuffer(64), 16, 4);
    const store = FixStore.of([base]).plain();
    const arrays = plainArrays(store);
    const result = {
      summary: { bulkAddresses: shared, fast: { datedEnds: { packed: whole } } },
      positions: store,
    } as unknown as PostedResult;
    expect(transferList(result)).toEqual([...arrays.map((a) => a.buffer), whole.buffer]);
    const partly = { ...result, summary: { bulkAddresses: part } } as unknown as PostedResult;
    expect(transferList(partly)).not.toContain(part.buffer);
  });

  it('appends another store as another input, lines shifted, only the fixes asked for', () => {
    const a = FixStore.of([base, { ...base, hex: 'ae01c5', lat: 37.61945343017578 }]);
    const into = FixStore.of([{ ...base, callsign: 'OTHER' }]);
    into.append(a, { fileIndex: 9, lineOffset: 100 }, (i) => i === 1);
    expect(into.length).toBe(2);
    expect(into.get(1)).toStrictEqual({
      ...base,
      hex: 'ae01c5',
      lat: 37.61945343017578,
      source: { fileIndex: 9, line: 1334 },
    });
    expect(into.hexAt(1)).toBe('ae01c5');
    expect(into.lineAt(1)).toBe(1334);
  });

  it('selects fixes by aircraft and time as a per-fix question would, or says it keeps them all', () => {
    const fixes: Position[] = [];
    for (let k = 0; k < 300; k += 1) {
      fixes.push({
        ...base,
        hex: k % 7 === 0 ? null : ['ae01c7', 'ae01c5', '3c6444'][k % 3]!,
        callsign: k % 5 === 0 ? 'OTHER' : base.callsign,
        timeMs: base.timeMs + 1000 * k,
      });
    }
    const store = FixStore.of(fixes);
    const keepHex = (hex: string): boolean => hex !== '3c6444';
    const keepTime = (timeMs: number): boolean => timeMs < base.timeMs + 200_000;
    for (const time of [keepTime, null]) {
      const keep = store.byAircraft(keepHex, time);
      const wanted = fixes.map(
        (p) => p.hex !== null && keepHex(p.hex) && (time?.(p.timeMs) ?? true),
      );
      expect(fixes.map((_, i) => keep?.(i) ?? true)).toEqual(wanted);
    }
    const all = FixStore.of(fixes.filter((p) => p.hex !== null));
    expect(all.byAircraft(() => true, null)).toBeNull();
    expect(all.byAircraft(() => true, keepTime)).not.toBeNull();
    const kept = store.byAircraft(keepHex, keepTime) as (i: number) => boolean;
    store.retain(kept);
    expect(store.toArray()).toEqual(
      fixes.filter((p) => p.hex !== null && keepHex(p.hex) && keepTime(p.timeMs)),
    );
  });

  it("appends another store in a given order, every case intact (a database's rows put back in the order read)", () => {
    const all = Array.from({ length: 300 }, (_, k) => {
      const [, change] = cases[k % cases.length] as [string, Partial<Position>];
      return { ...base, ...change, timeMs: base.timeMs + k * 1000 } as Position;
    });
    const order = Uint32Array.from(all.keys()).sort(
      (a, b) => ((a * 7919) % 300) - ((b * 7919) % 300),
    );
    const into = FixStore.of([{ ...base, callsign: 'FIRST' }]);
    into.appendInOrder(FixStore.of(all), order);
    expect(into.length).toBe(301);
    expect(into.toArray().slice(1)).toStrictEqual(Array.from(order, (i) => all[i]));
    expect(into.get(0).callsign).toBe('FIRST');
  });

  it('holds a readsb trace in about 32 bytes a fix (the issue asks at most 40), over several chunks', () => {
    const store = new FixStore();
    for (let i = 0; i < 140_000; i += 1) {
      store.push({
        ...base,
        timeMs: base.timeMs + i * 10_000,
        lat: +(24.5 + 0.3 * Math.sin(i / 90)).toFixed(5),
        lon: +(-109 + 0.4 * Math.cos(i / 90)).toFixed(5),
        groundSpeedKt: 330 + (i % 10) / 10,
        squawk: i % 4 === 0 ? '4401' : undefined,
        source: { fileIndex: 0, line: i + 1 },
      } as Position);
    }
    expect(store.trim().bytes / store.length).toBeLessThanOrEqual(33);
  });

  it('appends days into a chunk of full size without copying it again (a year is 365 appends)', () => {
    const day = (d: number, n: number): Position[] =>
      Array.from({ length: n }, (_, k) => ({
        ...base,
        timeMs: base.timeMs + d * 86_400_000 + k * 1000,
        source: { fileIndex: d, line: k + 1 },
      }));
    const whole = FixStore.of(day(0, 60_000));
    type Inside = { chunks: { capacity: number; tuple: Int32Array; lat: unknown }[] };
    const first = (whole as unknown as Inside).chunks[0];
    expect(first?.capacity).toBe(65_536);
    const { tuple, lat } = first as { tuple: Int32Array; lat: { ints: Int32Array | null } };
    const ints = lat.ints;
    // 10,000 fixes do not fit in the 5,536 left: the rest go into a new chunk, this one stays.
    whole.append(FixStore.of(day(1, 10_000)));
    expect(first?.tuple).toBe(tuple);
    expect(lat.ints).toBe(ints);
    expect(whole.length).toBe(70_000);
    expect(whole.toArray()).toStrictEqual([...day(0, 60_000), ...day(1, 10_000)]);
  });

  it('holds stores bigger than a chunk: joined whole, appended, trimmed, posted, grown again', () => {
    // A chunk is 65,536 fixes; these cross two boundaries, at offsets that do not line up.
    const fix = (k: number, fileIndex: number): Position => {
      const [, change] = cases[k % cases.length] as [string, Partial<Position>];
      return {
        ...base,
        // Plain readsb values mostly; the odd cases now and then make one chunk's column doubles.
        ...(k % 9_999 === 0 ? change : {}),
        timeMs: base.timeMs + k * 1000,
        lat: +(24.5 + (k % 1000) / 1e5).toFixed(5),
        source: { fileIndex, line: k + 1 },
      } as Position;
    };
    const days = [70_000, 3, 65_536, 1].map((n, d) =>
      Array.from({ length: n }, (_, k) => fix(k + d * 100_000, d)),
    );
    const all = days.flat();
    const whole = FixStore.of(days[0] as Position[]).trim();
    for (const day of days.slice(1)) {
      const store = FixStore.of(day).trim();
      const posted = FixStore.revive(structuredClone(store.plain()));
      whole.append(posted);
      posted.release();
      expect(posted.length).toBe(0);
    }
    expect(whole.length).toBe(all.length);
    for (const i of [0, 65_535, 65_536, 69_999, 70_000, 70_003, 131_071, 131_072, all.length - 1]) {
      expect(whole.get(i)).toStrictEqual(all[i]);
      expect(whole.timeAt(i)).toBe(all[i]?.timeMs);
      expect(whole.lineAt(i)).toBe(all[i]?.source.line);
      expect(whole.fileIndexAt(i)).toBe(all[i]?.source.fileIndex);
    }
    expect(whole.toArray()).toStrictEqual(all);
    // Through the form a worker thread posts, then trimmed and grown again.
    const back = FixStore.revive(structuredClone(whole.trim().plain()));
    back.push(base);
    expect(back.toArray()).toStrictEqual([...all, base]);
    // Every third fix kept in place, across the chunks; then grown again.
    const third = FixStore.revive(structuredClone(whole.plain()));
    third.retain((i) => i % 3 === 0);
    third.push(base);
    expect(third.toArray()).toStrictEqual([...all.filter((_, i) => i % 3 === 0), base]);
    const none = FixStore.revive(structuredClone(whole.plain()));
    none.retain(() => false);
    expect(none.length).toBe(0);
    none.push(base);
    expect(none.toArray()).toStrictEqual([base]);
    // Every other fix, relocated, across the chunks.
    const some = new FixStore();
    some.append(whole, { fileIndex: 7, lineOffset: 10 }, (i) => i % 2 === 1);
    expect(some.toArray()).toStrictEqual(
      all
        .filter((_, i) => i % 2 === 1)
        .map((p) => ({ ...p, source: { fileIndex: 7, line: p.source.line + 10 } })),
    );
  });
});

describe('FixStore: a byte range joined (lines shifted, frozen rows left out) and grouped by address', () => {
  const fixes = (n: number): Position[] =>
    Array.from({ length: n }, (_, k) => {
      const [, change] = cases[(k * 7) % cases.length] as [string, Partial<Position>];
      return {
        ...base,
        ...(k % 5 === 0 ? change : {}),
        hex: ['ae01c7', 'ae01c5', 'a1b2c3'][k % 3] as string,
        timeMs: base.timeMs + k * 1000,
        source: { fileIndex: 0, line: k + 1 },
      } as Position;
    });
  it.each([
    ['every fix, lines shifted', 300, 1_000, () => true],
    ['every other fix', 300, 7, (i: number) => i % 2 === 0],
    ['runs with gaps at both ends', 300, 40, (i: number) => i > 3 && i < 290 && i % 50 !== 0],
    ['no fix', 30, 5, () => false],
    ['lines pushed past 2^31', 40, 2 ** 31 - 10, (i: number) => i !== 2],
    ['across chunks', 140_000, 12_345, (i: number) => i % 65_536 !== 3],
  ])('%s', (_name, n, lineOffset, keep) => {
    const all = fixes(n);
    const part = FixStore.of(all);
    const into = FixStore.of([{ ...base, callsign: 'FIRST' }]);
    into.append(part, { fileIndex: 4, lineOffset }, keep);
    const wanted = all
      .filter((_, i) => keep(i))
      .map((p) => ({ ...p, source: { fileIndex: 4, line: p.source.line + lineOffset } }));
    expect(into.length).toBe(wanted.length + 1);
    for (const i of [0, 1, wanted.length >> 1, wanted.length - 1, wanted.length]) {
      if (i < 1 || i > wanted.length) continue;
      expect(into.get(i)).toStrictEqual(wanted[i - 1]);
    }
    if (n <= 300) expect(into.toArray().slice(1)).toStrictEqual(wanted);
    // Grouped by address: each address's fixes in store order, as a scan of hexAt finds them.
    const byHex = into.indexesByHex();
    const scanned = new Map<string, number[]>();
    for (let i = 0; i < into.length; i += 1) {
      const hex = into.hexAt(i) as string;
      const list = scanned.get(hex);
      if (list === undefined) scanned.set(hex, [i]);
      else list.push(i);
    }
    expect(new Map([...byHex].map(([hex, list]) => [hex, Array.from(list)]))).toEqual(scanned);
  });

  it('leaves fixes without an address out of the groups', () => {
    const store = FixStore.of([base, { ...base, hex: null }, { ...base, hex: 'a1b2c3' }, base]);
    expect([...store.indexesByHex()].map(([h, l]) => [h, Array.from(l)])).toEqual([
      ['ae01c7', [0, 3]],
      ['a1b2c3', [2]],
    ]);
  });
});

describe('FixStore: stores whose columns hold their values in different forms, joined', () => {
  // Each kind puts a store's columns in one form: integers from a base of its own (times days
  // apart), doubles (float32 coordinates printed in full, a time with a fraction of a ms), nulls,
  // a NaN apart from nulls, negative zero, integers near the Int32 limits after a shift.
  const day = 86_400_000;
  const kinds: [string, Partial<Position>[]][] = [
    ['integers', [{}, { timeMs: base.timeMs + 5_000 }]],
    [
      'times 20 days later',
      [{ timeMs: base.timeMs + 20 * day }, { timeMs: base.timeMs + 20 * day + 1 }],
    ],
    ['times 30 days earlier', [{ timeMs: base.timeMs - 30 * day }]],
    ['float32 coordinates', [{ lat: 37.61945343017578, lon: -122.3817138671875 }, {}]],
    ['a fraction of a millisecond', [{ timeMs: base.timeMs + 0.5 }, {}]],
    ['nulls', [{ altitudeFt: null, groundSpeedKt: null, trackDeg: null }, {}]],
    ['a NaN speed and nulls', [{ groundSpeedKt: Number.NaN }, { groundSpeedKt: null }, {}]],
    ['negative zero', [{ lat: -0, trackDeg: -0 }, {}]],
    ['no finite time yet', [{ timeMs: Number.POSITIVE_INFINITY }, {}]],
  ];
  const store = (changes: Partial<Position>[], line: number): Position[] =>
    changes.map(
      (c, k) => ({ ...base, ...c, source: { fileIndex: 0, line: line + k } }) as Position,
    );
  const pairs = kinds.flatMap((a) => kinds.map((b) => [a[0], b[0], a[1], b[1]] as const));
  it.each(pairs)('%s, then %s', (_a, _b, first, second) => {
    const a = store(first, 1);
    const b = store(second, 1);
    for (const lineOffset of [0, 1_000]) {
      const into = FixStore.of(a);
      into.append(FixStore.of(b), { fileIndex: 5, lineOffset });
      // And a third time, into a store whose columns the second may have changed.
      into.append(FixStore.of(a));
      const want = [
        ...a,
        ...b.map((p) => ({ ...p, source: { fileIndex: 5, line: p.source.line + lineOffset } })),
        ...a,
      ];
      const got = into.toArray();
      expect(got).toStrictEqual(want);
      for (const [i, p] of got.entries()) {
        const w = want[i] as Position;
        for (const key of ['timeMs', 'lat', 'lon', 'groundSpeedKt', 'trackDeg'] as const) {
          expect(Object.is(p[key], w[key])).toBe(true);
        }
      }
      // Through the form a worker thread posts, too.
      expect(FixStore.revive(into.plain()).toArray()).toStrictEqual(want);
    }
  });
});

describe('FixStore.pushRun: a run of columns as pushValues takes each fix', () => {
  // Values as the OpenSky kernel writes them (NaN for a null), in forms that keep a column in
  // integers or turn it to doubles part way through a run: whole and fractional feet, -0, float32
  // coordinates printed in full, times days apart; some fixes of an aircraft not kept (-1).
  const n = 70_000;
  const columns = {
    timeMs: new Float64Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    altitudeFt: new Float64Array(n),
    groundSpeedKt: new Float64Array(n),
    trackDeg: new Float64Array(n),
    line: new Float64Array(n),
  };
  const tuples = new Int32Array(n);
  for (let k = 0; k < n; k += 1) {
    columns.timeMs[k] = base.timeMs + k * 5_000 + (k > 40_000 ? 30 * 86_400_000 : 0);
    columns.lat[k] = k % 1000 < 500 ? 24.5 + k * 1e-5 : 37.61945343017578;
    columns.lon[k] = -109.98765 - (k % 7) * 1e-3;
    columns.altitudeFt[k] = k % 97 === 0 ? Number.NaN : k % 89 === 0 ? -0 : 30000 + (k % 13);
    columns.groundSpeedKt[k] =
      k < 20 ? 330 : k % 5 === 0 ? Number.NaN : 245.83618120437492 * 1.943844;
    columns.trackDeg[k] = k % 3 === 0 ? Number.NaN : 151.9832405;
    columns.line[k] = 2 + k;
    tuples[k] = k % 11 === 0 ? -1 : k % 2;
  }
  const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

  it.each([
    ['one run', [[0, n]]],
    [
      'runs cut anywhere, across the chunk of 65,536',
      [
        [0, 3],
        [3, 4000],
        [4000, 65_530],
        [65_530, 65_541],
        [65_541, n],
      ],
    ],
  ])('%s', (_name, runs) => {
    const want = new FixStore();
    const got = new FixStore();
    for (const s of [want, got]) {
      s.tupleOfFix('ae01c7', 'JAKE21', false, '7700', 0);
      s.tupleOfFix('ae01c7', 'JAKE22', true, undefined, 0);
    }
    for (let k = 0; k < n; k += 1) {
      if ((tuples[k] as number) < 0) continue;
      want.pushValues(
        tuples[k] as number,
        columns.timeMs[k] as number,
        columns.lat[k] as number,
        columns.lon[k] as number,
        orNull(columns.altitudeFt[k] as number),
        orNull(columns.groundSpeedKt[k] as number),
        orNull(columns.trackDeg[k] as number),
        columns.line[k] as number,
      );
    }
    for (const [from, to] of runs as [number, number][]) got.pushRun(columns, from, to, tuples);
    expect(got.length).toBe(want.length);
    const a = got.toArray();
    const b = want.toArray();
    expect(a).toStrictEqual(b);
    expect(a.some((p) => Object.is(p.altitudeFt, -0))).toBe(true);
    expect(FixStore.revive(got.plain()).toArray()).toStrictEqual(b);
    expect(got.bytes).toBeLessThanOrEqual(want.bytes);
  });
});
