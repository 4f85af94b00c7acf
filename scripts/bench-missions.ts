/**
 * Speed of the mission stage: distance to the coast and land test (against a brute-force scan of
 * every shore segment, measured in the same run), pattern and territorial verdict per fix, joining
 * sorties across address changes, and the demo analysis with and without `--sensitivity`.
 *
 *   npm run build && node dist/scripts/bench-missions.js [runs=5]
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../src/analyze.js';
import { findMissions } from '../src/find-missions.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { loadCoast, loadRegion } from '../src/cli/context.js';
import { expandInputs } from '../src/cli/files.js';
import { distanceKm } from '../src/geo/distance.js';
import type { Position } from '../src/ingest/types.js';
import { classifyPattern } from '../src/missions/pattern.js';
import { assessTerritorial } from '../src/missions/territorial.js';
import { DEFAULT_MISSION_PARAMS } from '../src/missions/types.js';
import { sensitivityTable } from '../src/sensitivity.js';
import { stitchSorties } from '../src/tracks/stitch.js';
import { DEFAULT_TRACK_PARAMS, type Sortie } from '../src/tracks/types.js';
import { sampleSource, simulateSortie, SOURCES } from './multisource-sim.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const RUNS = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median wall time of RUNS runs, in seconds (the machine may be shared: the median resists that). */
function seconds(fn: () => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(times);
}

async function secondsAsync(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(times);
}

const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')}/s`;

/** Every shore segment of the shipped coastline, for the brute-force reference. */
function shoreSegments(): [number, number, number, number][] {
  const segs: [number, number, number, number][] = [];
  const add = (line: number[][]) => {
    for (let i = 0; i + 1 < line.length; i += 1) {
      const [x1, y1] = line[i] as [number, number];
      const [x2, y2] = line[i + 1] as [number, number];
      segs.push([x1, y1, x2, y2]);
    }
  };
  const coastline = JSON.parse(readFileSync('data/geo/ne_10m_coastline.nw-mexico.geojson', 'utf8'));
  for (const f of coastline.features) {
    if (f.geometry.type === 'LineString') add(f.geometry.coordinates);
    else for (const l of f.geometry.coordinates) add(l);
  }
  return segs;
}

/** Nearest distance by scanning every segment (midpoint-sampled at 10 points per segment). */
function bruteNearestKm(
  segs: readonly [number, number, number, number][],
  lat: number,
  lon: number,
) {
  let best = Infinity;
  for (const [x1, y1, x2, y2] of segs) {
    for (let k = 0; k <= 10; k += 1) {
      const d = distanceKm(lat, lon, y1 + ((y2 - y1) * k) / 10, x1 + ((x2 - x1) * k) / 10);
      if (d < best) best = d;
    }
  }
  return best;
}

async function main(): Promise<void> {
  const coast = await loadCoast();
  const next = lcg(1);
  const points = Array.from({ length: 50_000 }, () => [22.5 + next() * 9.5, -115.5 + next() * 9]);
  let sink = 0;
  const tIndex = seconds(() => {
    for (const [lat, lon] of points)
      sink += coast.surfaceAt(lat as number, lon as number)?.landKm ?? 0;
  });
  const segs = shoreSegments();
  const few = points.slice(0, 100);
  const tBrute = seconds(() => {
    for (const [lat, lon] of few) sink += bruteNearestKm(segs, lat as number, lon as number);
  });
  console.log(
    `coast: ${segs.length.toLocaleString('en-US')} coastline segments; surfaceAt (distance + land test) ${rate(points.length, tIndex)}; ` +
      `brute-force scan ${rate(few.length, tBrute)} (${(tBrute / few.length / (tIndex / points.length)).toFixed(0)}x slower)`,
  );

  // An 8-hour racetrack sampled once a second: 28,800 fixes.
  const truth = simulateSortie();
  const fixes: Position[] = sampleSource(truth, { ...SOURCES[0]!, everyS: 1, holes: [] });
  const tPattern = seconds(() => classifyPattern(fixes));
  const tTerritorial = seconds(() => assessTerritorial(fixes, coast));
  console.log(
    `per mission, ${fixes.length.toLocaleString('en-US')} fixes (7.3 h at 1 s): pattern ${(tPattern * 1000).toFixed(0)} ms (${rate(fixes.length, tPattern)}), ` +
      `territorial ${(tTerritorial * 1000).toFixed(0)} ms (${rate(fixes.length, tTerritorial)})`,
  );

  // Joining: 3,000 sorties of 300 P-8s over ten days, each a one-hour line, callsigns all different
  // except a hex change in every tenth aircraft.
  const sorties: Sortie[] = [];
  for (let a = 0; a < 300; a += 1) {
    for (let d = 0; d < 10; d += 1) {
      const t0 = Date.parse('2025-02-01T12:00:00Z') + d * 86_400_000 + (a % 24) * 600_000;
      const hex = (0xae6000 + a).toString(16);
      const callsign = `PELT${a}`;
      const fixesOf = (from: number, to: number, h: string): Position[] =>
        Array.from({ length: to - from }, (_, k) => ({
          hex: h,
          callsign,
          timeMs: t0 + (from + k) * 60_000,
          lat: 20 + (a % 30),
          lon: -120 + (from + k) * 0.1,
          altitudeFt: 25_000,
          onGround: false,
          groundSpeedKt: 350,
          trackDeg: 90,
          typeCode: 'P8',
          registration: null,
          dbFlags: null,
          source: { fileIndex: 0, line: k },
        }));
      const base = {
        startedBy: 'first-fix',
        endedBy: 'last-fix',
        duplicates: [],
        hexChanges: [],
      } as const;
      if (a % 10 === 0) {
        sorties.push({ ...base, hex, fixes: fixesOf(0, 30, hex) });
        const tactical = (0xaf0000 + a).toString(16);
        sorties.push({ ...base, hex: tactical, fixes: fixesOf(32, 60, tactical) });
      } else sorties.push({ ...base, hex, fixes: fixesOf(0, 60, hex) });
    }
  }
  let joined = 0;
  const tStitch = seconds(() => {
    joined = sorties.length - stitchSorties(sorties, () => 'P8', DEFAULT_TRACK_PARAMS).length;
  });
  console.log(
    `joining: ${sorties.length.toLocaleString('en-US')} sorties of one type in ${(tStitch * 1000).toFixed(0)} ms, ${joined} joins`,
  );

  // The demo data: analysis, then the 15-cell sensitivity table from the positions already read.
  const registry = parseRegistry(
    readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'),
    'plane-alert-db',
  );
  const region = await loadRegion('gulf-of-california');
  const { sources } = await expandInputs(['fixtures/demo'], () => {
    throw new Error('no stdin');
  });
  const options = {
    registry,
    region,
    track: DEFAULT_TRACK_PARAMS,
    mission: DEFAULT_MISSION_PARAMS,
    coast,
  };
  let analysis = await analyze(sources, options);
  const tAnalyze = await secondsAsync(async () => {
    analysis = await analyze(sources, options);
  });
  const tFind = seconds(() => findMissions(analysis.positions, analysis.identities, options));
  const window = {
    startMs: Date.parse('2025-01-27T00:00:00Z'),
    endMs: Date.parse('2025-02-10T00:00:00Z'),
  };
  const tSensitivity = seconds(() => sensitivityTable(analysis, window));
  console.log(
    `demo (${analysis.inputs.reduce((s, i) => s + i.rows, 0).toLocaleString('en-US')} rows, ${analysis.positions.length.toLocaleString('en-US')} positions of surveillance aircraft): ` +
      `analyze ${(tAnalyze * 1000).toFixed(0)} ms, of which tracks+missions ${(tFind * 1000).toFixed(0)} ms; ` +
      `--sensitivity (15 cells, 5 track rebuilds) ${(tSensitivity * 1000).toFixed(0)} ms`,
  );
  if (sink === 42) console.log('');
}

await main();
