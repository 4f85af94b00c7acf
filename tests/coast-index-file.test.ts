import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COAST_AREAS, coastLayerFiles, type CoastArea } from '../src/geo/coast-areas.js';
import {
  COAST_INDEX_DIR,
  coastSourceDigest,
  decodeCoastIndex,
  encodeCoastIndex,
} from '../src/geo/coast-index-file.js';
import { coastFromGeoJson, coastFromIndex, coastIndex, type CoastIndex } from '../src/geo/coast.js';

const layersOf = (area: CoastArea) => {
  const parse = (f: string): unknown => JSON.parse(readFileSync(path.join('data', f), 'utf8'));
  return { shores: area.shores.map(parse), land: area.land.map(parse) };
};
const digestOf = (area: CoastArea): Buffer =>
  coastSourceDigest(
    coastLayerFiles(area).map((f) => readFileSync(path.join('data', f))),
    area.coverage,
  );
const arrays = (i: CoastIndex) => [
  i.shoreSegments,
  i.shoreCells.start,
  i.shoreCells.items,
  i.landEdges,
  i.landBands.start,
  i.landBands.items,
];

describe('a coast index stored as the build stores it', () => {
  it.each(COAST_AREAS.map((a) => [a.id, a] as const))(
    '%s: read back the same, and answers as the coast built from its layers',
    (_id, area) => {
      const layers = layersOf(area);
      const built = coastIndex(layers, area.coverage);
      const digest = digestOf(area);
      const stored = decodeCoastIndex(encodeCoastIndex(built, digest), digest);
      expect(stored).not.toBeNull();
      const a = arrays(built);
      const b = arrays(stored as CoastIndex);
      for (const [k, x] of a.entries())
        expect(Array.from(b[k] ?? []), `array ${k}`).toEqual(Array.from(x));
      expect(built.shoreSegments.length).toBeGreaterThan(1000);

      const opts = { source: area.source, coverage: area.coverage };
      const fromLayers = coastFromGeoJson(layers, opts);
      const fromIndex = coastFromIndex(stored as CoastIndex, opts);
      const [w, s, e, n] = area.coverage;
      let asked = 0;
      // A track-like walk over the box (the memo and the last shore found depend on the order).
      for (let k = 0; k < 1500; k += 1) {
        const lat = s - 0.2 + ((n - s + 0.4) * ((k * 37) % 1500)) / 1500;
        const lon = w - 0.2 + ((e - w + 0.4) * ((k * 101) % 1500)) / 1500;
        for (const within of [Infinity, 22.224, 5]) {
          expect(fromIndex.surfaceAt(lat, lon, within), `${lat},${lon} ${within}`).toEqual(
            fromLayers.surfaceAt(lat, lon, within),
          );
          asked += 1;
        }
      }
      expect(asked).toBe(4500);
    },
  );

  it('is not used when it was built from other layers, damaged, cut, or of another format', () => {
    const area = COAST_AREAS[0] as CoastArea;
    const digest = digestOf(area);
    const file = encodeCoastIndex(coastIndex(layersOf(area), area.coverage), digest);
    const other = Buffer.from(digest);
    other[0] = (other[0] as number) ^ 1;
    expect(decodeCoastIndex(file, other)).toBeNull();
    const damaged = Buffer.from(file);
    damaged[damaged.length - 100] = (damaged[damaged.length - 100] as number) ^ 1;
    expect(decodeCoastIndex(damaged, digest)).toBeNull();
    expect(decodeCoastIndex(file.subarray(0, file.length - 8), digest)).toBeNull();
    expect(decodeCoastIndex(file.subarray(0, 40), digest)).toBeNull();
    const magic = Buffer.from(file);
    magic[0] = 0x53;
    expect(decodeCoastIndex(magic, digest)).toBeNull();
    // Another coverage box is another source.
    const moved = coastSourceDigest(
      coastLayerFiles(area).map((f) => readFileSync(path.join('data', f))),
      [area.coverage[0] + 1, area.coverage[1], area.coverage[2], area.coverage[3]],
    );
    expect(decodeCoastIndex(file, moved)).toBeNull();
    // Bytes that do not start at a multiple of 8 (a pooled buffer) are read all the same.
    const shifted = Buffer.alloc(file.length + 3);
    file.copy(shifted, 3);
    expect(decodeCoastIndex(shifted.subarray(3), digest)).not.toBeNull();
  });

  it("the build's files fit the bundled layers (what a run checks before using one)", () => {
    for (const area of COAST_AREAS) {
      const file = readFileSync(path.join(COAST_INDEX_DIR, `${area.id}.bin`));
      expect(decodeCoastIndex(file, digestOf(area)), area.id).not.toBeNull();
    }
  });
});
