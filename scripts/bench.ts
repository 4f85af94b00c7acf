/**
 * Throughput benchmark: reads a synthetic OpenSky state-vector CSV (written to a temp file) through
 * sortie's ingest and full analysis, and prints the figures beside references measured in the same
 * run on the same file (reading the bytes; finding every newline), so ratios hold on any machine.
 *
 *   npm run build && node dist/scripts/bench.js [rows=1000000] [runs=3]
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../src/analyze.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { regionFromGeoJson } from '../src/geo/region.js';
import { readFileSync } from 'node:fs';
import { DEFAULT_MISSION_PARAMS } from '../src/missions/types.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);

/** Deterministic PRNG so every run measures the same file. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeSample(file: string): void {
  const rnd = mulberry32(42);
  const header =
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour\n';
  const parts: string[] = [header];
  const t0 = 1738540800;
  for (let i = 0; i < rows; i += 1) {
    const t = t0 + Math.floor(i / 2000);
    // About 1% of rows near the Gulf, the rest spread over the world, as in a global dump.
    const near = rnd() < 0.01;
    const lat = near ? 23 + rnd() * 8 : -60 + rnd() * 130;
    const lon = near ? -114 + rnd() * 6 : -180 + rnd() * 360;
    // A global hour holds some 20,000 aircraft, not a new one per row.
    const hex =
      near && rnd() < 0.2 ? 'ae01c7' : (0x400000 + Math.floor(rnd() * 20_000) * 97).toString(16);
    const alt = 3000 + rnd() * 9000;
    parts.push(
      `${t},${hex},${lat},${lon},${200 + rnd() * 50},${rnd() * 360},${rnd() - 0.5},TEST${i % 1000}   ,false,false,false,${1000 + (i % 7000)},${alt},${alt + 50},${t - 0.5},${t - 0.2},${t - (t % 3600)}\n`,
    );
    if (parts.length > 10_000) {
      writeFileSync(file, parts.join(''), { flag: 'a' });
      parts.length = 0;
    }
  }
  writeFileSync(file, parts.join(''), { flag: 'a' });
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
}

async function readBytes(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    n += (chunk as Buffer).length;
  return n;
}

async function countNewlines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n += 1;
  }
  return n;
}

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-bench-'));
const file = path.join(dir, 'states.csv');
try {
  writeSample(file);
  const mb = statSync(file).size / 1e6;
  const registry = parseRegistry(
    readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'),
    'plane-alert-db',
  );
  const region = regionFromGeoJson(
    JSON.parse(readFileSync('data/regions/gulf-of-california.geojson', 'utf8')),
    {
      id: 'gulf-of-california',
      source: 'bench',
      featureId: 'gulf-of-california-iho',
    },
  );
  const source = { name: file, open: () => createReadStream(file, { highWaterMark: 1 << 20 }) };
  const tBytes = await timeIt(() => readBytes(file));
  const tLines = await timeIt(() => countNewlines(file));
  let missions = 0;
  const tAnalyze = await timeIt(async () => {
    const a = await analyze([source], {
      registry,
      region,
      track: DEFAULT_TRACK_PARAMS,
      mission: DEFAULT_MISSION_PARAMS,
    });
    missions = a.missions.length;
  });
  const line = (name: string, s: number): string =>
    `${name.padEnd(34)} ${s.toFixed(3).padStart(8)} s  ${(rows / s / 1e6).toFixed(2).padStart(6)} M rows/s  ${(mb / s).toFixed(0).padStart(5)} MB/s  ${(s / tLines).toFixed(1).padStart(5)} × newline scan`;
  console.log(
    `sample: ${rows.toLocaleString('en-US')} OpenSky rows, ${mb.toFixed(1)} MB; median of ${runs} runs`,
  );
  console.log(line('read bytes (reference)', tBytes));
  console.log(line('find newlines (reference)', tLines));
  console.log(line('sortie analyze (ingest→missions)', tAnalyze));
  console.log(`(missions found in the synthetic data: ${missions})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
