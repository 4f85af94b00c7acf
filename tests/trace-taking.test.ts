import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegistry } from '../src/aircraft/registry.js';
import type { InputSource } from '../src/ingest/collect.js';
import { tarFolder } from './archive-kit.js';
import { readBothWays, tarSource } from './trace-kit.js';

/**
 * An archive's selected traces, settled by the trace kernel, are taken as runs of fixes (no
 * position per row, TraceTaking): the input's accounting, store, evidence and coverage must be
 * exactly what the sink makes of the same rows as positions one by one (coverage with `onPosition`
 * alone, which leaves every row to the sink).
 */
const root = mkdtempSync(path.join(tmpdir(), 'sortie-trace-taking-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DAY_S = Date.parse('2025-02-03T00:00:00Z') / 1000;
const BOX = [-115.2, 22.8, -105.6, 32.0] as const;
/** A second region's box, overlapping the first over part of the traces. */
const BOX2 = [-111.0, 26.5, -104.0, 36.0] as const;
/** A third, on the meridian (-0 and 0 there). */
const BOX3 = [-1, 10, 1, 12] as const;
const registry = parseRegistry(
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nAE01C7,64-14845,USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,\n',
  'test',
);

const fixed = (x: number, digits: number): number => Number(x.toFixed(digits));

/**
 * A trace of `n` points in readsb's number forms: over the Gulf and far from it (inside and outside
 * the coverage box), on the ground, callsigns and squawks changing, new legs, and rows no fix can
 * be made of or that are implausible (as the sink would skip them).
 */
function trace(hex: string, extra: Record<string, unknown>, n: number, seed: number): object {
  const points: unknown[] = [];
  for (let i = 0; i < n; i += 1) {
    const far = Math.floor(i / 40) % 2 === 1;
    const lat = far ? 35.5 + i * 0.001 : 26.1 + ((i * seed) % 50) * 0.01;
    const lon = far ? -100.25 : -110.4 - ((i * 7) % 30) * 0.01;
    const point: unknown[] = [
      fixed(600 + i * 9.5, 2),
      fixed(lat, 6),
      fixed(lon, 6),
      i < 4 || i === 200 ? 'ground' : i % 23 === 5 ? null : 22000 + ((i * 13) % 900),
      i % 19 === 3 ? null : fixed(300 + (i % 9) * 0.7, 1),
      fixed((i * 11.3) % 360, 1),
      i === 0 || i === 201 ? 2 : i % 31 === 0 ? 1 : 0,
      -64,
      i % 4 === 0
        ? { flight: i < 150 ? 'HOMER41 ' : 'HOMER42 ', squawk: i % 8 === 0 ? '4521' : '0771' }
        : null,
      'adsb_icao',
    ];
    if (i % 37 === 9) point[1] = null;
    if (i % 41 === 10) point[0] = 'x';
    if (i % 43 === 11) point[3] = 990000;
    if (i % 47 === 12) point[0] = 5e9;
    if (i % 53 === 13) point[2] = 0;
    if (i % 53 === 13) point[1] = 0;
    points.push(i % 59 === 14 ? 7 : point);
  }
  return { icao: hex, ...extra, timestamp: DAY_S, trace: points };
}

/**
 * A trace whose times go back and forth across three hours, with equal times, its fixes in and out
 * of the box and of the second box: each hour's first and last report are the coverage's edges.
 */
function shuffled(): object {
  const points: unknown[] = [];
  let seed = 17;
  for (let i = 0; i < 240; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const dt = 3600 + (seed % 10_800) - ((seed % 10_800) % 15);
    const inside = seed % 3 !== 0;
    points.push([
      dt,
      inside ? fixed(27 + (seed % 100) * 0.01, 6) : 40.5,
      inside ? fixed(-111.5 + (seed % 70) * 0.02, 6) : -95.25,
      seed % 5 === 0 ? 'ground' : 20000 + (seed % 1000),
      seed % 7 === 0 ? null : 250.5,
      90,
      0,
      0,
      i % 4 === 0 ? { flight: 'NAVY12  ' } : null,
    ]);
  }
  return { icao: 'ae7777', t: 'P8', dbFlags: 1, timestamp: DAY_S, trace: points };
}

/**
 * Six fixes in one hour (05:00 UTC, no other trace's): the earliest time twice, the latest twice
 * (the first of the earliest and the last of the latest are the hour's edges), and the one that
 * reaches farthest north and east neither.
 */
function oneHour(): object {
  const at = (dt: number, lat: number, lon: number): unknown[] => [
    dt,
    lat,
    lon,
    21000,
    300.5,
    90,
    0,
    0,
    null,
  ];
  return {
    icao: 'ae7778',
    t: 'P8',
    dbFlags: 1,
    timestamp: DAY_S,
    trace: [
      at(18_100, 27.0, -110.0),
      at(18_050, 27.1, -110.1),
      at(18_050, 27.2, -110.2),
      at(18_300, 27.3, -110.3),
      at(18_300, 27.4, -110.4),
      at(18_200, 31.9, -105.7),
    ],
  };
}

/**
 * Two fixes on the meridian in the third box, written -0 and 0 (JSON text: JSON.stringify writes
 * no -0), the 0 the earlier: the span's edge is one zero, whichever a reader fed first.
 */
function zeroes(): string {
  return JSON.stringify({
    icao: 'ae7779',
    t: 'P8',
    dbFlags: 1,
    timestamp: DAY_S,
    trace: [
      [20_010, 11, 'MINUS_ZERO', 21000, 300.5, 90, 0, 0, null],
      [20_005, 11, 0, 21000, 300.5, 90, 0, 0, null],
    ],
  }).replace('"MINUS_ZERO"', '-0');
}

function day(): InputSource {
  const folder = path.join(root, 'day');
  const docs: [string, object | string][] = [
    ['ae01c7', trace('ae01c7', { r: '64-14845', t: 'R135', dbFlags: 1 }, 400, 3)],
    ['ae1234', trace('ae1234', { t: 'C17', dbFlags: 1 }, 300, 7)],
    ['ae5678', trace('ae5678', {}, 120, 11)],
    ['ae7777', shuffled()],
    ['ae7778', oneHour()],
    ['ae7779', zeroes()],
  ];
  for (const [hex, doc] of docs) {
    const dir = path.join(folder, 'traces', hex.slice(-2));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `trace_full_${hex}.json`),
      gzipSync(typeof doc === 'string' ? doc : JSON.stringify(doc), { level: 9 }),
    );
  }
  const tar = path.join(root, 'v2025.02.03-planes-readsb-prod-0.tar');
  tarFolder(folder, tar);
  return tarSource(tar);
}

describe('trace rows taken as runs of fixes', () => {
  it('give the accounting, fixes, evidence and coverage that positions through the sink give', async () => {
    const source = day();
    const boxes = [BOX, BOX2, BOX3];
    const byRuns = await readBothWays(source, registry, boxes, true);
    const bySink = await readBothWays(source, registry, boxes, false);
    // The runs were taken (no position reached onPosition), and there was something to take.
    expect(byRuns.positionsSeen).toBe(0);
    expect(bySink.positionsSeen).toBeGreaterThan(500);
    expect(byRuns.positions.length).toBeGreaterThan(300);
    expect(Object.keys(byRuns.summary.skipped).sort()).toEqual([
      'bad altitude',
      'bad position',
      'bad time',
      'malformed trace point',
    ]);
    for (const c of byRuns.coverage.slice(0, 2)) {
      expect(c.hours.length).toBeGreaterThan(2);
      expect(c.edges?.length).toBe(c.hours.length);
    }
    // The hour of the six fixes: its edges, and the box its fixes spanned.
    const gulf = byRuns.coverage[0];
    const five = gulf?.edges?.[gulf.hours.indexOf(DAY_S / 3600 + 5)];
    expect([five?.first.lat, five?.last.lat]).toEqual([27.1, 27.4]);
    expect(gulf?.extent?.[3]).toBe(31.9);
    // Key order too: the JSON the reports are made from follows it.
    expect(JSON.stringify(byRuns.summary)).toBe(JSON.stringify(bySink.summary));
    expect(byRuns.summary).toEqual(bySink.summary);
    expect(byRuns.positions).toEqual(bySink.positions);
    expect(JSON.stringify(byRuns.positions)).toBe(JSON.stringify(bySink.positions));
    expect(byRuns.tuples).toEqual(bySink.tuples);
    expect(byRuns.evidence).toEqual(bySink.evidence);
    expect(byRuns.waiting).toEqual(bySink.waiting);
    expect(byRuns.coverage).toEqual(bySink.coverage);
  });
});
