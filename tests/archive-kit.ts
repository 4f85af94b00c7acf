/**
 * Test-side archives of adsb.lol's shape: a day's readsb traces (gzip level 9 in `.json` files) in
 * a folder `traces/xx/`, with heatmap, acas, README and licences beside them, made into a tar by
 * the system's GNU tar (as adsb.lol's upload script does) and cut by `split`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Position } from '../src/ingest/types.js';
import { fly, rng, stadium } from './sim.js';

export const DAY_MS = 86_400_000;
/** The day the archive tests' traces are flown (adsb.lol's v2025.02.03 release). */
const KIT_DAY = Date.parse('2025-02-03T00:00:00Z');

export interface TraceAircraft {
  readonly hex: string;
  readonly type?: string;
  readonly registration?: string;
  readonly dbFlags?: number;
  readonly callsign?: string;
  readonly fixes: readonly Position[];
}

/**
 * A readsb `trace_full` document of one UTC day: `timestamp` is the day's 00:00 UTC, each point's
 * first element seconds after it; details (callsign, squawk) on every 4th point; extra elements
 * after the 9th (source, geometric altitude, ...), and an extra 15th as a TRACKS_UUID build writes.
 */
export function traceDocument(a: TraceAircraft, dayStartMs: number): object {
  const points = a.fixes
    .filter((p) => p.timeMs >= dayStartMs && p.timeMs < dayStartMs + DAY_MS)
    .map((p, i) => [
      Math.round((p.timeMs - dayStartMs) / 10) / 100,
      p.lat,
      p.lon,
      p.onGround ? 'ground' : p.altitudeFt,
      p.groundSpeedKt,
      p.trackDeg ?? 90,
      i === 0 ? 2 : 0,
      0,
      i % 4 === 0 ? { flight: `${(a.callsign ?? 'TEST01').padEnd(8)}`, squawk: '4401' } : null,
      'adsb_icao',
      p.altitudeFt === null ? null : p.altitudeFt + 100,
      null,
      280,
      0.5,
      'ab12',
    ]);
  return {
    icao: a.hex,
    ...(a.registration === undefined ? {} : { r: a.registration }),
    ...(a.type === undefined ? {} : { t: a.type }),
    ...(a.dbFlags === undefined ? {} : { dbFlags: a.dbFlags }),
    timestamp: dayStartMs / 1000,
    trace: points,
  };
}

/** The traces of the aircraft flying that day, gzipped as readsb writes them. */
export function writeDayFolder(
  dir: string,
  dayStartMs: number,
  aircraft: readonly TraceAircraft[],
  options: { civil?: number; seed?: number } = {},
): string[] {
  const written: string[] = [];
  const put = (rel: string, bytes: Buffer | string): void => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    written.push(rel);
  };
  for (const a of aircraft) {
    const doc = traceDocument(a, dayStartMs);
    if ((doc as { trace: unknown[] }).trace.length === 0) continue;
    const name = `traces/${a.hex.slice(-2)}/trace_full_${a.hex}.json`;
    put(name, gzipSync(JSON.stringify(doc), { level: 9 }));
  }
  // Civil traffic far from the region: members a selection passes over.
  const next = rng(options.seed ?? 7);
  for (let k = 0; k < (options.civil ?? 0); k += 1) {
    const hex = (0xa00001 + Math.floor(next() * 0xd0000)).toString(16);
    const start = dayStartMs + Math.floor(next() * 20) * 3_600_000;
    const fixes: Position[] = Array.from({ length: 60 }, (_, i) => ({
      hex,
      callsign: null,
      timeMs: start + i * 20_000,
      lat: 40 + next(),
      lon: -90 + next(),
      altitudeFt: 35_000,
      onGround: false,
      groundSpeedKt: 450,
      trackDeg: 90,
      typeCode: null,
      registration: null,
      dbFlags: null,
      source: { fileIndex: 0, line: i },
    }));
    const doc = traceDocument({ hex, type: 'B738', fixes }, dayStartMs);
    put(
      `traces/${hex.slice(-2)}/trace_full_${hex}.json`,
      gzipSync(JSON.stringify(doc), { level: 9 }),
    );
  }
  put(
    'traces/01/trace_full_~0a1b2c.json',
    gzipSync(JSON.stringify({ icao: '~0a1b2c', timestamp: dayStartMs / 1000, trace: [] })),
  );
  put('heatmap/00.bin.ttf', gzipSync(Buffer.from('heatmap binary')));
  put('acas/acas.csv.gz', gzipSync('time,hex\n'));
  put('README.txt', 'globe_history day\n');
  put('LICENSE-ODbL.txt', 'ODbL\n');
  return written;
}

/** `tar -C dir -cf out .` (GNU format, `./` names), as adsb.lol's upload script makes a day. */
export function tarFolder(dir: string, out: string): void {
  execFileSync('tar', ['-C', dir, '-cf', out, '.']);
}

/** `split -b bytes file file.` → file.aa, file.ab, ...; the parts' paths in order. */
export function splitFile(file: string, bytes: number): string[] {
  execFileSync('split', ['-b', String(bytes), file, `${file}.`]);
  const dir = path.dirname(file);
  const base = path.basename(file);
  return readdirSync(dir)
    .filter((n) => n.startsWith(`${base}.`) && /\.[a-z]{2}$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Drops `count` bytes at `at` from a file (a copy that lost bytes mid-part). */
export function dropBytes(file: string, at: number, count: number): void {
  const bytes = readFileSync(file);
  writeFileSync(file, Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + count)]));
}

export const sizeOf = (file: string): number => statSync(file).size;

/** An RC-135 orbiting over the Gulf of California from 21:00 UTC for six hours: across midnight. */
export function rc135(startMs = KIT_DAY + 21 * 3_600_000, minutes = 360): TraceAircraft {
  return {
    hex: 'ae01c7',
    type: 'R135',
    registration: '64-14845',
    dbFlags: 1,
    callsign: 'HOMER21',
    fixes: fly(stadium(120, 15), { kt: 330, minutes, startMs, hex: 'ae01c7', everyS: 20 }),
  };
}

/** A C-17 in the US military block (not a surveillance type): read, never a mission. */
export function c17(): TraceAircraft {
  return {
    hex: 'ae1234',
    type: 'C17',
    dbFlags: 1,
    fixes: fly(stadium(200, 20), {
      kt: 420,
      minutes: 90,
      startMs: KIT_DAY + 15 * 3_600_000,
      hex: 'ae1234',
    }),
  };
}
