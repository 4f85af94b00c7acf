import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COAST_AREAS, type CoastArea } from '../src/geo/coast-areas.js';
import { webAssemblyEngine } from '../src/geo/coast-kernel.js';
import { coastFromIndex, coastIndex, coastLayout, type CoastEngine } from '../src/geo/coast.js';
import { mulberry32 } from '../src/seeded-random.js';

const layersOf = (area: CoastArea) => {
  const parse = (f: string): unknown => JSON.parse(readFileSync(path.join('data', f), 'utf8'));
  return { shores: area.shores.map(parse), land: area.land.map(parse) };
};

/** The caps the runs ask with (none, 12 NM, open water, a closest approach so far) and others. */
const CAPS_KM = [Infinity, 22.224, 10, 0, 2.5, 35.7, 60, 150, 400];

describe('the coast kernel (WebAssembly)', () => {
  it.each(COAST_AREAS.map((a) => [a.id, a] as const))(
    '%s: answers every question exactly as the JavaScript does, in the same order',
    (_id, area) => {
      const index = coastIndex(layersOf(area), area.coverage);
      expect(webAssemblyEngine(index, area.coverage, coastLayout(area.coverage))).not.toBeNull();
      const coastOf = (engine: CoastEngine) =>
        coastFromIndex(index, { source: area.source, coverage: area.coverage, engine });
      const wasm = coastOf('webassembly');
      const js = coastOf('javascript');
      const next = mulberry32(area.coverage[0] * 1000 + area.coverage[1]);
      const [w, s, e, n] = area.coverage;
      const seen = { land: 0, sea: 0, none: 0, bounded: 0 };
      let lat = 0;
      let lon = 0;
      // Wandering tracks (the memo and the last shore found depend on the order of questions),
      // some starting outside the box, some along a shore.
      for (let k = 0; k < 6000; k += 1) {
        if (k % 150 === 0) {
          lat = s - 0.3 + next() * (n - s + 0.6);
          lon = w - 0.3 + next() * (e - w + 0.6);
        }
        lat += (next() - 0.5) * 0.08;
        lon += (next() - 0.5) * 0.08;
        const capKm = CAPS_KM[k % CAPS_KM.length] as number;
        const a = wasm.surfaceAt(lat, lon, capKm);
        const b = js.surfaceAt(lat, lon, capKm);
        expect(a, `${lat},${lon} within ${capKm}`).toEqual(b);
        if (a !== null && b !== null) expect(Object.is(a.landKm, b.landKm)).toBe(true);
        if (a === null) seen.none += 1;
        else if (a.land) seen.land += 1;
        else {
          seen.sea += 1;
          if (a.landKm > capKm) seen.bounded += 1;
        }
      }
      // Every kind of answer was compared, bounds from the memo among them.
      expect(seen.land).toBeGreaterThan(200);
      expect(seen.sea).toBeGreaterThan(1000);
      expect(seen.none).toBeGreaterThan(20);
      expect(seen.bounded).toBeGreaterThan(200);
    },
  );

  // The kernel passes over a segment whose distance a bound without trigonometry puts no nearer
  // than the best (coast.wat's distanceBelow): questions hugging the shore, at its vertices and
  // on its segments a hair off, where segments all but tie, find the same distance as the
  // JavaScript, with every cap.
  it.each(COAST_AREAS.map((a) => [a.id, a] as const))(
    '%s: answers questions a hair off the shore exactly as the JavaScript does',
    (_id, area) => {
      const index = coastIndex(layersOf(area), area.coverage);
      const coastOf = (engine: CoastEngine) =>
        coastFromIndex(index, { source: area.source, coverage: area.coverage, engine });
      const wasm = coastOf('webassembly');
      const js = coastOf('javascript');
      const next = mulberry32(area.coverage[2] * 1000 + area.coverage[3]);
      const segs = index.shoreSegments;
      const count = segs.length / 4;
      let asked = 0;
      for (let k = 0; k < 4000; k += 1) {
        const i = Math.floor(next() * count);
        const [lon1, lat1, lon2, lat2] = [0, 1, 2, 3].map((j) => segs[4 * i + j] as number);
        // A vertex, or a point along the segment, moved off it by 1e-9 to 1e-2 degrees.
        const t = k % 3 === 0 ? 0 : next();
        const off = 10 ** -(2 + Math.floor(next() * 8));
        const lat =
          (lat1 as number) + ((lat2 as number) - (lat1 as number)) * t + (next() - 0.5) * off;
        const lon =
          (lon1 as number) + ((lon2 as number) - (lon1 as number)) * t + (next() - 0.5) * off;
        const capKm = CAPS_KM[k % CAPS_KM.length] as number;
        const a = wasm.surfaceAt(lat, lon, capKm);
        const b = js.surfaceAt(lat, lon, capKm);
        expect(a, `${lat},${lon} within ${capKm}`).toEqual(b);
        if (a !== null && b !== null) {
          expect(Object.is(a.landKm, b.landKm), `${lat},${lon} within ${capKm}`).toBe(true);
          asked += 1;
        }
      }
      expect(asked).toBeGreaterThan(2000);
    },
  );

  // Within a metre of a pole a latitude's cosine is below 1e-7, and the roundings of the latitudes
  // in radians are no longer small beside it: two shores a hair apart there still come out as the
  // JavaScript finds them (a bound without the absolute allowance put the nearer one farther).
  it('has no answer for a place that is not a number, with either engine', () => {
    const area = COAST_AREAS[0] as CoastArea;
    const index = coastIndex(layersOf(area), area.coverage);
    for (const engine of ['webassembly', 'javascript'] as const) {
      const coast = coastFromIndex(index, { source: area.source, coverage: area.coverage, engine });
      const [w, s, e, n] = area.coverage;
      for (const [lat, lon] of [
        [Number.NaN, (w + e) / 2],
        [(s + n) / 2, Number.NaN],
        [Number.NaN, Number.NaN],
      ] as const) {
        expect(coast.surfaceAt(lat, lon), `${engine} ${lat},${lon}`).toBeNull();
        expect(coast.surfaceAt(lat, lon, 22.224)).toBeNull();
      }
    }
  });

  it('answers as the JavaScript does within a metre of a pole', () => {
    const lat = 89.99999999999993;
    const shore = {
      type: 'FeatureCollection',
      features: [
        [10.006642662983552, 10.006542662983552],
        [10.09280003011338, 10.09290003011338],
      ].map(([a, b]) => ({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: [
            [a, lat],
            [b, lat],
          ],
        },
      })),
    };
    const coverage = [-180, 80, 180, 90.5] as const;
    const index = coastIndex({ shores: [shore], land: [] }, coverage);
    const coastOf = (engine: CoastEngine) =>
      coastFromIndex(index, { source: 'test', coverage, engine });
    const [wasm, js] = [coastOf('webassembly'), coastOf('javascript')];
    const next = mulberry32(90);
    for (let k = 0; k < 2000; k += 1) {
      const qLat = k === 0 ? 89.99999999999991 : 90 - next() * 1e-5;
      const qLon = k === 0 ? 10.05 : 9.9 + next() * 0.3;
      const a = wasm.surfaceAt(qLat, qLon);
      const b = js.surfaceAt(qLat, qLon);
      expect(a, `${qLat},${qLon}`).toEqual(b);
      if (a !== null && b !== null) expect(Object.is(a.landKm, b.landKm)).toBe(true);
    }
  });
});
