import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

/**
 * Invariants of the whole CLI under random but plausible flight data: the answer must not depend
 * on how the same observations were packaged (file order, file boundaries, repeated files, format).
 */

const BASE = { lat: 32.699, lon: -117.215 }; // NAS North Island
const STATIONS = [
  { lat: 26.5, lon: -110.5 },
  { lat: 24.8, lon: -109.2 },
  { lat: 28.5, lon: -112.3 },
  { lat: 31.2, lon: -114.2 },
];
const HEXES = ['ae01c7', 'ae6881', 'ae222c', 'ae0949'];
const DAY_S = 86_400;
const T0 = 1738368000; // 2025-02-01T00:00:00Z

interface Fix {
  hex: string;
  t: number;
  lat: number;
  lon: number;
  altFt: number;
  ground: boolean;
}

/**
 * A sortie: ground at base (taxiing at 10 kt: sortie treats a ground report at airliner speed as a
 * glitch), out to a station, loiter, back, ground again; one fix a minute.
 */
function sortie(
  hex: string,
  startS: number,
  station: { lat: number; lon: number },
  loiterMin: number,
): Fix[] {
  const out: Fix[] = [];
  let t = startS;
  const push = (lat: number, lon: number, altFt: number, ground = false): void => {
    out.push({ hex, t, lat, lon, altFt, ground });
    t += 60;
  };
  for (let k = 0; k < 3; k += 1) push(BASE.lat, BASE.lon, 0, true);
  const leg = (from: typeof BASE, to: typeof BASE, steps: number): void => {
    for (let k = 1; k <= steps; k += 1) {
      const f = k / steps;
      push(from.lat + (to.lat - from.lat) * f, from.lon + (to.lon - from.lon) * f, 25000);
    }
  };
  leg(BASE, station, 90);
  for (let k = 0; k < loiterMin; k += 1) {
    push(station.lat + 0.25 * Math.sin(k / 8), station.lon + 0.25 * Math.cos(k / 8), 25000);
  }
  leg(station, BASE, 90);
  for (let k = 0; k < 3; k += 1) push(BASE.lat, BASE.lon, 0, true);
  return out;
}

const sortieArb = fc.record({
  hex: fc.constantFrom(...HEXES),
  day: fc.integer({ min: 0, max: 9 }),
  hour: fc.integer({ min: 0, max: 12 }),
  station: fc.constantFrom(...STATIONS),
  loiterMin: fc.integer({ min: 0, max: 120 }),
});

/** Random sets of sorties; each aircraft flies at most one sortie a day so sorties never overlap. */
const scenarioArb = fc
  .uniqueArray(sortieArb, { minLength: 1, maxLength: 6, selector: (s) => `${s.hex}-${s.day}` })
  .map((specs) =>
    specs
      .flatMap((s) => sortie(s.hex, T0 + s.day * DAY_S + s.hour * 3600, s.station, s.loiterMin))
      .sort((a, b) => a.t - b.t || a.hex.localeCompare(b.hex)),
  );

const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
const openskyCsv = (fixes: readonly Fix[]): string =>
  [
    OPENSKY_HEADER,
    ...fixes.map(
      (f) =>
        `${f.t},${f.hex},${f.lat.toFixed(5)},${f.lon.toFixed(5)},${f.ground ? 5 : 180},90,0,TEST1,${f.ground},false,false,,${f.ground ? '' : (f.altFt / 3.28084).toFixed(1)},,${f.t},${f.t}`,
    ),
  ].join('\n') + '\n';
const traceJson = (hex: string, fixes: readonly Fix[]): string =>
  JSON.stringify({
    icao: hex,
    timestamp: fixes[0]?.t ?? T0,
    trace: fixes.map((f) => [
      f.t - (fixes[0]?.t ?? T0),
      f.lat,
      f.lon,
      f.ground ? 'ground' : f.altFt,
      f.ground ? 10 : 350,
      90,
      0,
      0,
      null,
      'adsb_icao',
    ]),
  });
const fr24Csv = (fixes: readonly Fix[]): string =>
  [
    'Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction',
    ...fixes.map(
      (f) =>
        `${f.t},${new Date(f.t * 1000).toISOString().replace('.000Z', 'Z')},TEST1,"${f.lat.toFixed(5)},${f.lon.toFixed(5)}",${f.ground ? 0 : f.altFt},${f.ground ? 10 : 350},90`,
    ),
  ].join('\n') + '\n';

let n = 0;
function writeFiles(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), `sortie-inv-${(n += 1)}-`));
  return Object.entries(files).map(([name, text]) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}

const REPORT = [
  '--from',
  '2025-02-01',
  '--to',
  '2025-02-11',
  '--period',
  'day',
  '--baseline-rate',
  '1/month',
  '--format',
  'json',
];

/** The part of the report that is the answer: counts and each mission's identity and timing. */
async function answer(files: string[], extra: string[] = []) {
  const r = await runCli(['report', ...files, ...REPORT, ...extra]);
  // One flight in a 10-day window: the window lies mostly outside the export's reports, said.
  const told = r.stderr
    .split('\n')
    .filter((l) => l !== '' && !l.includes("lie outside the time of the inputs' reports"));
  expect(told).toEqual([]);
  const j = JSON.parse(r.stdout);
  return {
    summary: j.summary,
    periods: j.periods,
    missions: j.missions.map((m: Record<string, unknown>) => ({
      id: m.id,
      firstEntry: m.firstEntry,
      lastExit: m.lastExit,
      minutesInRegion: m.minutesInRegion,
      positions: m.positions,
    })),
  };
}

const RUNS = { numRuns: 12, seed: 20250203 };

describe('invariants (property-based)', () => {
  it('the report is byte-identical whatever the order of the input files', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (fixes) => {
        const half = Math.floor(fixes.length / 2);
        const files = writeFiles({
          'a.csv': openskyCsv(fixes.slice(0, half)),
          'b.csv': openskyCsv(fixes.slice(half)),
        });
        const forward = await runCli(['report', ...files, ...REPORT]);
        const backward = await runCli(['report', ...[...files].reverse(), ...REPORT]);
        expect(backward.stdout).toBe(forward.stdout);
      }),
      RUNS,
    );
  });

  it('splitting a file in two, or giving it twice, does not change the answer', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.integer({ min: 1, max: 99 }), async (fixes, cutPercent) => {
        const cut = Math.floor((fixes.length * cutPercent) / 100);
        const [whole] = writeFiles({ 'all.csv': openskyCsv(fixes) });
        const parts = writeFiles({
          'p1.csv': openskyCsv(fixes.slice(0, cut)),
          'p2.csv': openskyCsv(fixes.slice(cut)),
        });
        const reference = await answer([whole!]);
        expect(await answer(parts)).toEqual(reference);
        const copy = writeFiles({ 'copy.csv': openskyCsv(fixes) });
        expect(await answer([whole!, ...copy])).toEqual(reference);
      }),
      RUNS,
    );
  });

  it('a mission counts the same whichever format carried it', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (fixes) => {
        const reference = await answer(writeFiles({ 'all.csv': openskyCsv(fixes) }));
        const byHex = new Map<string, Fix[]>();
        for (const f of fixes) byHex.set(f.hex, [...(byHex.get(f.hex) ?? []), f]);
        const traces = writeFiles(
          Object.fromEntries(
            [...byHex].map(([hex, fs]) => [`trace_full_${hex}.json`, traceJson(hex, fs)]),
          ),
        );
        expect((await answer(traces)).summary).toEqual(reference.summary);
        expect((await answer(traces)).missions).toEqual(reference.missions);
        // FR24 files carry no address: one file per aircraft with --aircraft gives the same count.
        for (const [hex, fs] of byHex) {
          const one = await answer(writeFiles({ 'f.csv': fr24Csv(fs) }), ['--aircraft', hex]);
          const expected = reference.missions.filter((m: { id: string }) => m.id.startsWith(hex));
          expect(one.missions).toEqual(expected);
        }
      }),
      { ...RUNS, numRuns: 6 },
    );
  });
});
