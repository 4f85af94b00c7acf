import { check } from '@placemarkio/check-geojson';
import { booleanClockwise } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { splitTrack } from '../src/export/tracks.js';
import { fix, runCli } from './helpers.js';

const minute = 60_000;
const t0 = Date.parse('2025-02-03T15:00:00Z');

describe('splitTrack', () => {
  it('splits at gaps longer than the limit and keeps isolated fixes as one-fix parts', () => {
    const times = [0, 1, 2, 20, 40, 41];
    const parts = splitTrack(
      times.map((m) => fix({ timeMs: t0 + m * minute, lat: 27 + m / 100, lon: -111 })),
      10 * minute,
    );
    expect(parts.map((p) => p.length)).toEqual([3, 1, 2]);
  });

  it('cuts a step across the antimeridian at ±180°, as RFC 7946 asks', () => {
    const parts = splitTrack([
      fix({ timeMs: t0, lat: 50, lon: 179 }),
      fix({ timeMs: t0 + minute, lat: 52, lon: -179 }),
      fix({ timeMs: t0 + 2 * minute, lat: 52, lon: -178 }),
    ]);
    expect(parts.map((p) => p.map((q) => [q.lon, q.lat]))).toEqual([
      [
        [179, 50],
        [180, 51],
      ],
      [
        [-180, 51],
        [-179, 52],
        [-178, 52],
      ],
    ]);
    // And westwards.
    const west = splitTrack([
      fix({ timeMs: t0, lat: 0, lon: -179.5 }),
      fix({ timeMs: t0 + minute, lat: 0, lon: 179.5 }),
    ]);
    expect(west.map((p) => p.map((q) => q.lon))).toEqual([
      [-179.5, -180],
      [180, 179.5],
    ]);
  });
});

async function exportJson(args: string[]): Promise<FeatureCollection> {
  const r = await runCli(['export', 'fixtures/demo', ...args]);
  expect(r.code).toBe(0);
  // The warnings of the listing, on stderr and in the file (a foreign member, RFC 7946 6.1).
  const { warnings } = JSON.parse(r.stdout) as { warnings: string[] };
  expect(r.stderr).toBe(warnings.map((w) => `sortie: warning: ${w}\n`).join(''));
  // check-geojson parses and validates the text against RFC 7946's structure; it throws on error.
  return check(r.stdout) as FeatureCollection;
}

describe('sortie export warns as missions does', () => {
  it('the CBP drone left out, on stderr, in GeoJSON and in KML', async () => {
    const args = ['export', 'fixtures/demo', '--from', '2025-01-27', '--to', '2025-02-10'];
    const left =
      'counting only military-isr, any country: 1 mission in the window left out (law-enforcement 1): AE4BD7 CBP-104 Q9 US Customs and Border Protection US; --operators military-isr,law-enforcement counts them';
    const geo = await runCli(args);
    expect(JSON.parse(geo.stdout).warnings).toEqual([left]);
    expect(geo.stderr).toBe(`sortie: warning: ${left}\n`);
    const missions = await runCli(['missions', ...args.slice(1), '--format', 'json']);
    expect(JSON.parse(missions.stdout).warnings).toEqual([left]);
    const kml = await runCli([...args, '--format', 'kml']);
    expect(kml.stdout).toContain(`Warning: ${left}</description>`);
  });
});

describe('sortie export --format geojson', () => {
  it('is valid RFC 7946: structure, right-hand rule, lon/lat order', async () => {
    const fc = await exportJson([]);
    const region = fc.features[0] as Feature<Polygon>;
    expect(region.properties).toMatchObject({ kind: 'region', id: 'gulf-of-california' });
    const [outer, ...holes] = region.geometry.coordinates;
    expect(booleanClockwise(outer as number[][])).toBe(false); // exterior counterclockwise
    for (const h of holes) expect(booleanClockwise(h)).toBe(true);
    // lon/lat order: every position of every feature lies in the demo's lon −125…−95, lat 15…45.
    for (const f of fc.features) {
      const g = f.geometry as LineString | Polygon;
      const positions = g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates;
      for (const [lon, lat] of positions as number[][]) {
        expect(lon).toBeGreaterThan(-125);
        expect(lon).toBeLessThan(-95);
        expect(lat).toBeGreaterThan(15);
        expect(lat).toBeLessThan(45);
      }
    }
  });

  it('has every mission of the demo, each track with its mission properties', async () => {
    const fc = await exportJson(['--operators', 'all']);
    const tracks = fc.features.filter((f) => f.properties?.kind !== 'region');
    const ids = new Set(tracks.map((f) => f.properties?.missionId));
    expect(ids.size).toBe(30);
    // By default the CBP drone's mission is left out: 29.
    const military = await exportJson([]);
    expect(
      military.features
        .filter((f) => f.properties?.kind === 'track')
        .some((f) => f.properties?.hex === 'ae4bd7'),
    ).toBe(false);
    const rivet = tracks.find((f) => f.properties?.missionId === 'ae01c7-20250203T1500Z');
    expect(rivet?.properties).toMatchObject({
      hex: 'ae01c7',
      type: 'R135',
      registration: '64-14845',
      callsigns: 'JAKE21',
      firstEntry: '2025-02-03T17:01:23Z',
      firstEntrySource: 'fixtures/demo/readsb/traces/c7/trace_full_ae01c7.json:145',
      sources:
        'fixtures/demo/opensky/states_2025-02.csv.gz;fixtures/demo/readsb/traces/c7/trace_full_ae01c7.json',
      color: '#d62728',
    });
    expect(rivet?.properties?.adsbexchange).toMatch(
      /^https:\/\/globe\.adsbexchange\.com\/\?icao=ae01c7/,
    );
  });

  it('splits the P-8 track at its 40-minute coverage hole, and --split-gap moves the cut', async () => {
    const parts = (fc: FeatureCollection) =>
      fc.features.filter((f) => f.properties?.missionId === 'ae4eb1-20250130T1608Z');
    const normal = parts(await exportJson(['--from', '2025-01-30', '--to', '2025-01-31']));
    expect(normal.map((f) => [f.geometry.type, f.properties?.part, f.properties?.parts])).toEqual([
      ['LineString', 1, 2],
      ['LineString', 2, 2],
    ]);
    const gapMs =
      Date.parse(String(normal[1]?.properties?.from)) -
      Date.parse(String(normal[0]?.properties?.to));
    expect(gapMs).toBeGreaterThan(39 * minute);
    const joined = parts(
      await exportJson(['--from', '2025-01-30', '--to', '2025-01-31', '--split-gap', '1h']),
    );
    expect(joined).toHaveLength(1);
  });
});

describe('sortie export --format kml', () => {
  it('styles each aircraft type and references only defined styles', async () => {
    const r = await runCli(['export', 'fixtures/demo', '--format', 'kml', '--operators', 'all']);
    expect(r.code).toBe(0);
    const kml = r.stdout;
    expect(
      kml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">',
      ),
    ).toBe(true);
    const styles = new Set([...kml.matchAll(/<Style id="([^"]+)">/g)].map((m) => m[1]));
    expect(styles).toEqual(
      new Set(['region', 'type-P8', 'type-Q4', 'type-Q9', 'type-R135', 'type-U2']),
    );
    const used = [...kml.matchAll(/<styleUrl>#([^<]+)<\/styleUrl>/g)].map((m) => m[1]);
    expect(used).toHaveLength(31); // the region and 30 missions
    for (const u of used) expect(styles.has(u)).toBe(true);
    // KML colours are aabbggrr: the RC-135's #d62728 becomes ff2827d6.
    expect(kml).toContain('<Style id="type-R135"><LineStyle><color>ff2827d6</color>');
    expect(kml).toContain(
      '<TimeSpan><begin>2025-02-03T15:00:03Z</begin><end>2025-02-03T23:26:34Z</end></TimeSpan>',
    );
  });
});
