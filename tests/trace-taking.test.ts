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

function day(): InputSource {
  const folder = path.join(root, 'day');
  const docs: [string, object][] = [
    ['ae01c7', trace('ae01c7', { r: '64-14845', t: 'R135', dbFlags: 1 }, 400, 3)],
    ['ae1234', trace('ae1234', { t: 'C17', dbFlags: 1 }, 300, 7)],
    ['ae5678', trace('ae5678', {}, 120, 11)],
  ];
  for (const [hex, doc] of docs) {
    const dir = path.join(folder, 'traces', hex.slice(-2));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `trace_full_${hex}.json`),
      gzipSync(JSON.stringify(doc), { level: 9 }),
    );
  }
  const tar = path.join(root, 'v2025.02.03-planes-readsb-prod-0.tar');
  tarFolder(folder, tar);
  return tarSource(tar);
}

describe('trace rows taken as runs of fixes', () => {
  it('give the accounting, fixes, evidence and coverage that positions through the sink give', async () => {
    const source = day();
    const byRuns = await readBothWays(source, registry, BOX, true);
    const bySink = await readBothWays(source, registry, BOX, false);
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
    expect(byRuns.coverage.hours.length).toBeGreaterThan(0);
    expect(byRuns.coverage.edges?.length).toBe(byRuns.coverage.hours.length);
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
