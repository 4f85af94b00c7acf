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
});
