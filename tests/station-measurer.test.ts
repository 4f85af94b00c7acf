import { mkdtempSync, writeFileSync, createReadStream, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { parseRegistry } from '../src/aircraft/registry.js';
import { analyze, type AnalysisOptions } from '../src/analyze.js';
import { loadRegion } from '../src/cli/context.js';
import type { InputSource } from '../src/ingest/collect.js';
import { WorkerReader } from '../src/ingest/threads/worker-reader.js';
import { DEFAULT_MISSION_PARAMS } from '../src/missions/types.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoast } from '../src/cli/context.js';
import type { Coast } from '../src/geo/coast.js';
import type { Position } from '../src/ingest/types.js';
import { readingThread } from '../src/ingest/threads/reading-threads.js';
import { ThreadStationMeasurer } from '../src/ingest/threads/station-measurer.js';
import {
  fixRef,
  measureStation,
  stationTrack,
  type StationMeasures,
} from '../src/missions/measure.js';
import { circle, fly, rng } from './sim.js';

let coast: Coast;
/** A second coast (another area's data): tracks are measured on the coast they are given. */
let pacific: Coast;
const workers: Worker[] = [];
beforeAll(async () => {
  coast = await loadCoast();
  pacific = await loadCoast('baja-pacific');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
});

function thread(): Worker {
  const w = readingThread();
  workers.push(w);
  return w;
}

/**
 * Seeded orbits round the Gulf whose closest approach lies 12 to 32 km from land (many cross the
 * 12 NM line), a fix every 10 to 100 s (long steps cross it from far out), each on its own input.
 */
function orbits(count: number): Position[][] {
  const random = rng(7);
  const tracks: Position[][] = [];
  while (tracks.length < count) {
    const center: [number, number] = [24 + random() * 6, -113 + random() * 4];
    const d = coast.surfaceAt(center[0], center[1])?.landKm;
    if (d === undefined || d < 40) continue;
    const closestKm = 12 + random() * 20;
    const track = fly(circle(d - closestKm), {
      center,
      kt: 250 + random() * 200,
      minutes: 40 + Math.floor(random() * 80),
      everyS: 10 + Math.floor(random() * 90),
      startMs: Date.parse('2025-02-03T00:00:00Z') + tracks.length * 3_600_000,
    });
    tracks.push(
      track.map((p, line) => ({ ...p, source: { ...p.source, fileIndex: tracks.length, line } })),
    );
  }
  return tracks;
}

describe('missions measured on the reading threads', () => {
  it('measure every track as this thread does, spread over two threads and this one', async () => {
    const tracks = orbits(60);
    const measurer = new ThreadStationMeasurer([thread(), thread()], {
      hereFirstFixes: 500,
      backlogFixes: 800,
    });
    const got: StationMeasures[] = [];
    // Every fifth on no coast (its pattern only), every third on the other coast.
    const coastOf = (k: number): Coast | null =>
      k % 5 === 4 ? null : k % 3 === 2 ? pacific : coast;
    tracks.forEach((track, k) =>
      measurer.measure(stationTrack(track), coastOf(k), (m) => (got[k] = m)),
    );
    await measurer.settled();
    const expected = tracks.map((track, k) => measureStation(track, coastOf(k), fixRef));
    expect(got).toEqual(expected);
    // Both ways were taken: some tracks on the threads, some here once they had enough waiting.
    expect(measurer.tracksSent).toBeGreaterThan(5);
    expect(measurer.tracksSent).toBeLessThan(tracks.length);
    // Crossings of the 12 NM line were measured, and a closest fix cited from its own input.
    const crossing = got.filter((m) => (m.territorial?.minutesWithin12Nm ?? 0) > 0);
    expect(crossing.length).toBeGreaterThan(5);
    got.forEach((m, k) => {
      if (m.territorial?.closestFix) expect(m.territorial.closestFix.fileIndex).toBe(k);
    });
  });

  it('measure here what a thread stopped by its reader was still asked', async () => {
    const tracks = orbits(8);
    const reader = new WorkerReader({
      registry: parseRegistry('$ICAO,$Registration\n', 'test'),
      threads: 2,
      measure: { hereFirstFixes: 0, backlogFixes: Number.MAX_SAFE_INTEGER },
    });
    const measurer = reader.stationMeasurer();
    if (measurer === null) throw new Error('no thread to measure on');
    // A long track first (some 300,000 fixes) keeps the thread busy: the others wait behind it.
    const long = fly(circle(40), { center: [26.5, -110.5], kt: 300, minutes: 5000, everyS: 1 });
    tracks.unshift(long);
    const got: StationMeasures[] = [];
    tracks.forEach((track, k) => measurer.measure(stationTrack(track), coast, (m) => (got[k] = m)));
    expect(reader.tracksMeasuredOnThreads).toBe(tracks.length);
    // The thread stops (its exit is the reader's event): its tracks are measured here.
    const closing = reader.close();
    await measurer.settled();
    expect(got).toEqual(tracks.map((track) => measureStation(track, coast, fixRef)));
    await closing;
    // Not handed out again.
    expect(reader.stationMeasurer()).toBeNull();
  });

  it('reject, rather than throw into a thread event, when measuring here what a thread lost fails', async () => {
    const [track] = orbits(1) as [Position[]];
    const worker = thread();
    const measurer = new ThreadStationMeasurer([worker], { hereFirstFixes: 0 });
    // Stopped before it is sent the track: it never replies.
    await worker.terminate();
    // The thread measures on the coast's index; here the same coast fails.
    const failing = {
      ...coast,
      index: () => coast.index(),
      surfaceAt: () => {
        throw new Error('coast data unreadable');
      },
    } as Coast;
    measurer.measure(stationTrack(track), failing, () => undefined);
    expect(measurer.tracksSent).toBe(1);
    const settled = measurer.settled();
    measurer.lost(worker);
    await expect(settled).rejects.toThrow('coast data unreadable');
  });

  it('measure here what a thread lost was still asked', async () => {
    const tracks = orbits(8);
    const worker = thread();
    const measurer = new ThreadStationMeasurer([worker], {
      hereFirstFixes: 0,
      backlogFixes: Number.MAX_SAFE_INTEGER,
    });
    const got: StationMeasures[] = [];
    tracks.forEach((track, k) => measurer.measure(stationTrack(track), coast, (m) => (got[k] = m)));
    expect(measurer.tracksSent).toBe(tracks.length);
    await worker.terminate();
    measurer.lost(worker);
    await measurer.settled();
    expect(got).toEqual(tracks.map((track) => measureStation(track, coast, fixRef)));
  });
});

describe('a report whose missions are measured on the reading threads', () => {
  it('has the missions measured on this thread', async () => {
    const hexes = ['ae01c7', 'ae01c6', 'ae6881', 'ae6882'];
    const registry = parseRegistry(
      [
        '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link',
        ...hexes.map(
          (h, k) => `${h.toUpperCase()},TEST-${k},USAF,Boeing RC-135V,R135,Mil,SIGINT,,,Oxcart,`,
        ),
      ].join('\n') + '\n',
      'test',
    );
    // Each aircraft flies an orbit near the coast on each of three days.
    const random = rng(11);
    const rows: string[] = [];
    const dayMs = 86_400_000;
    for (const [k, hex] of hexes.entries()) {
      for (let day = 0; day < 3; day += 1) {
        let track: Position[] | null = null;
        while (track === null) {
          const center: [number, number] = [25 + random() * 4, -112 + random() * 2];
          const d = coast.surfaceAt(center[0], center[1])?.landKm;
          if (d === undefined || d < 40) continue;
          track = fly(circle(d - (14 + random() * 16)), {
            center,
            kt: 320,
            minutes: 60 + 10 * k,
            everyS: 10,
            startMs: Date.parse('2025-02-03T12:00:00Z') + day * dayMs + k * 600_000,
          });
        }
        for (const p of track) {
          const t = p.timeMs / 1000;
          rows.push(
            `${t},${hex},${p.lat},${p.lon},160,90,0,JAKE1${k},false,false,false,,10000,10000,${t},${t}`,
          );
        }
      }
    }
    rows.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]));
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-measure-'));
    const file = path.join(dir, 'states.csv');
    writeFileSync(
      file,
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
        rows.join('\n') +
        '\n',
    );
    const source: InputSource = {
      name: file,
      path: file,
      size: statSync(file).size,
      open: () => createReadStream(file),
    };
    const options: AnalysisOptions = {
      registry,
      region: await loadRegion('gulf-of-california'),
      track: DEFAULT_TRACK_PARAMS,
      mission: DEFAULT_MISSION_PARAMS,
      coast,
    };
    const here = await analyze([source], options);
    const reader = new WorkerReader({
      registry,
      threads: 3,
      measure: { hereFirstFixes: 0, backlogFixes: 1500 },
    });
    try {
      const threads = await analyze([source], { ...options, inputReader: reader });
      expect(reader.tracksMeasuredOnThreads).toBeGreaterThan(3);
      expect(threads.missions.length).toBe(12);
      expect(threads.missions).toEqual(here.missions);
      expect(threads.leftOut).toEqual(here.leftOut);
    } finally {
      await reader.close();
    }
  });
});
