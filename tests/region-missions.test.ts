import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifyAircraft } from '../src/aircraft/identify.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { regionContains, regionFromGeoJson } from '../src/geo/region.js';
import { detectMissions, measureDwell } from '../src/missions/detect.js';
import { positionSortieFixes } from '../src/missions/sortie-fixes.js';
import { buildSorties } from '../src/tracks/build.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { fix } from './helpers.js';

const doc = JSON.parse(readFileSync('data/regions/gulf-of-california.geojson', 'utf8'));
const gulf = regionFromGeoJson(doc, {
  id: 'gulf-of-california',
  source: 'test',
  featureId: 'gulf-of-california-iho',
});
const MIN = 60_000;
const T0 = Date.parse('2025-02-03T12:00:00Z');

describe('gulf-of-california region (checks from notes/GEO.md §3)', () => {
  it.each([
    ['mid-Gulf', 26.5, -110.5, true],
    ['upper-Gulf water', 31.2, -114.2, true],
    ['off Cabo Pulmo', 23.4, -109.3, true],
    ['Canal de Ballenas', 29.0, -113.3, true],
    ['Gulf mouth centre', 23.3, -108.3, true],
    ['La Paz (coast)', 24.14, -110.31, false],
    ['Guaymas (coast)', 27.92, -110.9, false],
    ['Tucson', 32.2, -110.9, false],
    ['Mazatlán city', 23.23, -106.42, false],
    ['Pacific side of Baja', 26.0, -113.5, false],
    ['off Mazatlán, south of the IHO line', 23.1, -106.6, false],
    ['open Pacific south of Cabo', 22.0, -109.5, false],
  ])('%s (%f, %f) inside: %s', (_name, lat, lon, inside) => {
    expect(regionContains(gulf, lon, lat)).toBe(inside);
  });

  it('has a bounding box around the Gulf', () => {
    const [w, s, e, n] = gulf.bbox;
    expect(w).toBeGreaterThan(-116);
    expect(e).toBeLessThan(-106);
    expect(s).toBeGreaterThan(22.5);
    expect(n).toBeLessThan(32.5);
  });
});

describe('measureDwell', () => {
  it('counts the part of a crossing segment inside the region by interpolation', () => {
    // Pacific (outside) → mid-Gulf (inside), one fix every 10 minutes, then 60 minutes inside.
    const fixes = [
      fix({ timeMs: T0, lat: 26.5, lon: -113.5 }),
      fix({ timeMs: T0 + 60 * MIN, lat: 26.5, lon: -110.5 }),
      fix({ timeMs: T0 + 120 * MIN, lat: 26.5, lon: -110.0 }),
    ];
    const d = measureDwell(
      gulf,
      positionSortieFixes({
        hex: 'ae01c7',
        fixes,
        duplicates: [],
        startedBy: 'first-fix',
        endedBy: 'last-fix',
        hexChanges: [],
      }),
    );
    // The first fix inside is the second; the last, the third.
    expect([d.first, d.last]).toEqual([1, 2]);
    // The coast near 26.5°N is around -111.9 to -112.0 °E: ~ half of the first hour is inside.
    expect(d.insideMs / MIN).toBeGreaterThan(60 + 15);
    expect(d.insideMs / MIN).toBeLessThan(60 + 40);
    expect(d.dates).toEqual(['2025-02-03']);
  });
});

describe('detectMissions', () => {
  const registry = parseRegistry(
    readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'),
    'plane-alert-db',
  );
  const identities = new Map([
    [
      'ae01c7',
      identifyAircraft('ae01c7', { typeCode: null, registration: null, dbFlags: null }, registry)!,
    ],
  ]);
  const orbit = (minutes: number, hex = 'ae01c7') =>
    Array.from({ length: minutes + 1 }, (_, k) =>
      fix({
        hex,
        timeMs: T0 + k * MIN,
        lat: 26.5 + 0.2 * Math.sin(k / 10),
        lon: -110.5 + 0.2 * Math.cos(k / 10),
        callsign: 'JAKE21',
        source: { fileIndex: 0, line: k + 2 },
      }),
    );

  it('makes a mission of a sortie with enough time inside, with its evidence', () => {
    const { sorties } = buildSorties(orbit(90), DEFAULT_TRACK_PARAMS);
    const [m, ...rest] = detectMissions(sorties, identities, gulf, { minDwellMs: 10 * MIN });
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({
      id: 'ae01c7-20250203T1200Z',
      callsigns: ['JAKE21'],
      positions: 91,
      sourceFiles: [0],
    });
    expect(m!.minutesInRegion).toBeCloseTo(90, 5);
    expect(m!.firstEntry).toMatchObject({ timeMs: T0, line: 2 });
    expect(m!.aircraft.identifiedBy).toBe('database:plane-alert-db');
  });

  it('does not count a sortie shorter than --min-dwell inside, nor an unidentified aircraft', () => {
    const { sorties } = buildSorties([...orbit(5), ...orbit(90, 'a12345')], DEFAULT_TRACK_PARAMS);
    expect(detectMissions(sorties, identities, gulf, { minDwellMs: 10 * MIN })).toEqual([]);
  });
});
