import { readFileSync } from 'node:fs';
import { check } from '@placemarkio/check-geojson';
import { area, booleanClockwise } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { loadRegion, loadRegionCoast } from '../src/cli/context.js';
import { builtinRegion, BUILTIN_REGIONS } from '../src/geo/builtin-regions.js';
import { COAST_AREAS } from '../src/geo/coast-areas.js';
import { regionContains } from '../src/geo/region.js';
import { TERRITORIAL_SEA_KM } from '../src/missions/territorial.js';
import { runCli } from './helpers.js';

const PRESETS = ['us-mexico-border', 'baja-pacific', 'gulf-of-mexico', 'southern-caribbean'];

/** Known places, lon/lat, and whether each preset must hold them. */
const PLACES: Record<string, readonly (readonly [string, number, number, boolean])[]> = {
  'us-mexico-border': [
    ['Nogales', -110.94, 31.34, true],
    ['Tijuana', -117.03, 32.51, true],
    ['El Paso / Ciudad Juárez', -106.44, 31.76, true],
    ['Nuevo Laredo', -99.51, 27.48, true],
    ['Brownsville / Matamoros', -97.5, 25.9, true],
    ['Tucson (about 95 km from the border)', -110.97, 32.22, true],
    ['Phoenix', -112.07, 33.45, false],
    ['Hermosillo', -110.95, 29.07, false],
    ['Monterrey', -100.3, 25.67, false],
    ['Albuquerque', -106.65, 35.08, false],
  ],
  'baja-pacific': [
    ['off Ensenada', -117.0, 31.6, true],
    ['off Punta Eugenia', -115.5, 27.5, true],
    ['off Bahía Magdalena', -112.5, 24.3, true],
    ['Isla Cedros (an island, kept in)', -115.2, 28.2, true],
    ['Ensenada (on land)', -116.6, 31.87, false],
    ['mid-Gulf of California', -110.5, 26.5, false],
    ['the Gulf side of Cabo San Lucas', -109.5, 23.0, false],
    ['off San Diego (north of the border latitude)', -117.5, 32.8, false],
    ['open Pacific, 800 km out', -125, 28, false],
  ],
  'gulf-of-mexico': [
    ['Bay of Campeche', -94, 20, true],
    ['central Gulf', -90, 25, true],
    ['off Tampa', -83.5, 27.5, true],
    ['between the Dry Tortugas and Key West', -82.4, 24.65, true],
    ['Yucatán Channel, north of Catoche–San Antonio', -86, 22.2, true],
    ['Caribbean, south of Catoche–San Antonio', -86, 20.5, false],
    ['Straits of Florida, south of the Keys', -81.8, 24.3, false],
    ['Atlantic off Miami', -79.9, 25.7, false],
    ['Havana (on land)', -82.37, 23.13, false],
    ['Mérida (on land)', -89.6, 20.97, false],
  ],
  'southern-caribbean': [
    ['off La Guajira', -72, 12.5, true],
    ['off Curaçao', -69, 12.4, true],
    ['Curaçao (an island, kept in)', -68.95, 12.15, true],
    ['off Cartagena', -75.8, 10.6, true],
    ['off Isla Margarita', -64, 11.3, true],
    ['Gulf of Venezuela', -71.2, 11.7, true],
    ['Caracas (on land)', -66.9, 10.5, false],
    ['Lake Maracaibo (inland water)', -71.6, 9.8, false],
    ['south of Hispaniola (north of 15°N)', -70, 17, false],
    ['off Panama, west of 77°W', -78.5, 9.8, false],
  ],
};

describe.each(PRESETS)('preset %s', (id) => {
  const builtin = builtinRegion(id);
  const file = `data/regions/${builtin?.file ?? ''}`;

  it('is listed, and its file is valid RFC 7946 GeoJSON with counter-clockwise outer rings', () => {
    expect(builtin).toBeDefined();
    // check-geojson throws on any structural error.
    const fc = check(readFileSync(file, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    const f = (fc as { features: Feature<Polygon | MultiPolygon>[] }).features[0];
    expect(f?.properties).toMatchObject({ id, status: expect.stringMatching(/not an official/) });
    for (const key of ['name', 'definition', 'derivation', 'coastline_source']) {
      expect(typeof f?.properties?.[key]).toBe('string');
    }
    const polygons =
      f?.geometry.type === 'Polygon' ? [f.geometry.coordinates] : (f?.geometry.coordinates ?? []);
    for (const [outer] of polygons) expect(booleanClockwise(outer ?? [])).toBe(false);
    // Small enough to ship: every preset is under 30 KB.
    expect(readFileSync(file).length).toBeLessThan(30_000);
  });

  it.each(PLACES[id] ?? [])('%s (%f, %f) inside: %s', async (_name, lon, lat, inside) => {
    const region = await loadRegion(id);
    expect(regionContains(region, lon, lat)).toBe(inside);
  });

  it('has a coast for territorial verdicts covering all of it, or says why not', async () => {
    const region = await loadRegion(id);
    const { coast, unavailable } = await loadRegionCoast(region);
    if (builtin?.coast === null) {
      expect(coast).toBeNull();
      expect(unavailable).toMatch(/^territorial verdicts are not available for region /);
      return;
    }
    expect(coast).not.toBeNull();
    expect(unavailable).toBeNull();
    // Every point of a 0.25° grid inside the region gets an answer from the coast data.
    const [w, s, e, n] = region.bbox;
    let asked = 0;
    for (let lat = s; lat <= n; lat += 0.25) {
      for (let lon = w; lon <= e; lon += 0.25) {
        if (!regionContains(region, lon, lat)) continue;
        asked += 1;
        expect(coast?.surfaceAt(lat, lon, TERRITORIAL_SEA_KM), `${lat}, ${lon}`).not.toBeNull();
      }
    }
    expect(asked).toBeGreaterThan(100);
  });
});

describe('the presets’ stated sizes', () => {
  it.each([
    ['us-mexico-border', 514_775],
    ['baja-pacific', 372_065],
    ['gulf-of-mexico', 1_552_167],
    ['southern-caribbean', 797_425],
  ] as const)('%s covers about %i km² (data/regions/SOURCES.md)', async (id, km2) => {
    const region = await loadRegion(id);
    const measured = area({ type: 'Feature', properties: {}, geometry: region.geometry }) / 1e6;
    expect(Math.abs(measured - km2) / km2).toBeLessThan(0.001);
  });
});

describe('coast areas', () => {
  it('each sea preset has its own shipped land layer, read from data/', () => {
    for (const c of COAST_AREAS) {
      for (const f of [...c.land, ...c.shores]) {
        expect(() => check(readFileSync(`data/${f}`, 'utf8')), f).not.toThrow();
      }
    }
  });
});

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

/** OpenSky state vectors of ae4ec0 (a P-8A in the bundled table): a 90-minute racetrack about a centre. */
function racetrack(lat0: number, lon0: number): Buffer {
  const t0 = 1_738_400_000; // 2025-02-01 08:53:20Z
  const rows = Array.from({ length: 91 }, (_, i) => {
    const a = (2 * Math.PI * i) / 30;
    const lat = lat0 + 0.3 * Math.sin(a);
    const lon = lon0 + (0.5 * Math.cos(a)) / Math.cos((lat0 * Math.PI) / 180);
    const t = t0 + 60 * i;
    return `${t},ae4ec0,${lat.toFixed(5)},${lon.toFixed(5)},200,0,0,PELT01,false,false,false,1234,9000,9100,${t},${t}`;
  });
  return Buffer.from([HEADER, ...rows].join('\n') + '\n');
}

describe('a report in each preset', () => {
  it.each([
    ['us-mexico-border', 31.0, -111.0, null, 'Natural Earth 1:50m'],
    ['baja-pacific', 30.5, -117.6, 'international', 'Natural Earth 1:10m via world-atlas'],
    ['gulf-of-mexico', 20.5, -94.0, 'international', 'Natural Earth 1:10m via world-atlas'],
    [
      'southern-caribbean',
      12.6,
      -70.0,
      'entered-territorial',
      'Natural Earth 1:10m via world-atlas',
    ],
  ] as const)(
    '%s: a generated track at (%f, %f) is one mission, verdict %s, and the map draws it',
    async (id, lat, lon, verdict, mapCredit) => {
      const args = ['-', '--region', id, '--from', '2025-02-01', '--to', '2025-02-02'];
      const r = await runCli(
        ['report', ...args, '--baseline-rate', '1/month', '-f', 'json', '--html', 'r.html'],
        {},
        racetrack(lat, lon),
      );
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.summary.missions).toBe(1);
      expect(json.missions).toHaveLength(1);
      const html = r.files.get('r.html') ?? '';
      expect(html).toContain('class="land"');
      expect(html).toContain('P-8A Poseidon');
      expect(html).toContain(mapCredit);
      const missions = await runCli(['missions', ...args, '-f', 'json'], {}, racetrack(lat, lon));
      const [m] = JSON.parse(missions.stdout).missions;
      expect(m.territorial?.verdict ?? null).toBe(verdict);
      if (verdict === null) {
        // Said in every output: stderr, the JSON warnings of both commands, the HTML.
        const said = /territorial verdicts are not available for region us-mexico-border/;
        expect(r.stderr).toMatch(said);
        expect(json.warnings.join('\n')).toMatch(said);
        expect(JSON.parse(missions.stdout).warnings.join('\n')).toMatch(said);
        expect(html).toMatch(said);
        const text = await runCli(
          ['report', ...args, '--baseline-rate', '1/month'],
          {},
          racetrack(lat, lon),
        );
        expect(text.stdout).toMatch(said);
        expect(text.stdout).toMatch(
          /By territorial airspace \(.*\): not measured for this region\./,
        );
      } else {
        expect(json.warnings).toEqual([]);
      }
    },
  );

  it('export and inspect take each preset', async () => {
    for (const id of PRESETS) {
      const e = await runCli(['export', '-', '--region', id], {}, racetrack(12.6, -70));
      expect(e.code).toBe(0);
      expect(JSON.parse(e.stdout).features[0].properties).toMatchObject({ kind: 'region', id });
      const i = await runCli(['inspect', '-', '--region', id], {}, racetrack(12.6, -70));
      expect(i.code).toBe(0);
    }
  });

  it('sortie regions lists every preset with its description and source', async () => {
    const r = await runCli(['regions', '-f', 'json']);
    const rows = JSON.parse(r.stdout).regions as { id: string; provenance: string }[];
    expect(rows.map((x) => x.id)).toEqual(BUILTIN_REGIONS.map((x) => x.id));
    for (const id of PRESETS) {
      expect(rows.find((x) => x.id === id)?.provenance).toMatch(/Natural Earth/);
    }
  });
});
