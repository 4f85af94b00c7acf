import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { readdirSync, readFileSync } from 'node:fs';
import type { Position as GeoPosition } from 'geojson';
import { describe, expect, it } from 'vitest';
import { RegionGrid, segmentMeetsBox } from '../src/geo/region-grid.js';
import { regionContains, regionFromGeoJson, type Region } from '../src/geo/region.js';

/** A deterministic pseudo-random sequence (LCG), so the sample points are the same every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function ringsOf(region: Region): GeoPosition[][] {
  const g = region.geometry;
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * Points that test a grid of remembered cells hardest: random ones over the box and a little
 * beyond, the vertices themselves, points on edges, and points a hair either side of an edge.
 */
function samplePoints(region: Region, seed: number): [number, number][] {
  const next = rng(seed);
  const [w, s, e, n] = region.bbox;
  const out: [number, number][] = [];
  for (let k = 0; k < 4000; k += 1) {
    out.push([w - 0.1 + next() * (e - w + 0.2), s - 0.1 + next() * (n - s + 0.2)]);
  }
  for (const ring of ringsOf(region)) {
    for (let i = 0; i + 1 < ring.length; i += 1) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[i + 1] as [number, number];
      out.push([x1, y1]);
      const t = next();
      const x = x1 + (x2 - x1) * t;
      const y = y1 + (y2 - y1) * t;
      out.push([x, y]);
      for (const d of [1e-7, 1e-4, 0.01]) {
        // Either side of the edge, across it.
        out.push([x - (y2 - y1) * d, y + (x2 - x1) * d]);
        out.push([x + (y2 - y1) * d, y - (x2 - x1) * d]);
      }
    }
  }
  return out;
}

const regionFiles = readdirSync('data/regions').filter((f) => f.endsWith('.geojson'));

describe('regionContains with remembered grid cells', () => {
  it.each(regionFiles)('answers as the exact test does on every point, twice over (%s)', (file) => {
    const doc = JSON.parse(readFileSync(`data/regions/${file}`, 'utf8'));
    const region = regionFromGeoJson(doc, { id: file, source: file });
    const points = samplePoints(region, file.length);
    let inside = 0;
    // The second pass is answered from the cells the first one filled.
    for (let pass = 0; pass < 2; pass += 1) {
      for (const [lon, lat] of points) {
        const exact = booleanPointInPolygon([lon, lat], region.geometry);
        expect(regionContains(region, lon, lat), `${file} ${lon},${lat}`).toBe(exact);
        if (exact) inside += 1;
      }
    }
    expect(inside).toBeGreaterThan(100);
  });

  it('keeps a hole out, and its edge in, whichever point is asked first', () => {
    const square = (w: number, s: number, e: number, n: number): number[][] => [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ];
    const doc = {
      type: 'Polygon',
      coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)],
    };
    const region = regionFromGeoJson(doc, { id: 'ring', source: 'test' });
    const cases: [number, number, boolean][] = [
      [5, 5, false],
      [4.5, 5.5, false],
      [4, 5, true],
      [6, 6, true],
      [3.99, 5, true],
      [1, 1, true],
      [0, 0, true],
      [10, 5, true],
      [9.999, 9.999, true],
      [5, 5, false],
      [1.0001, 1.0001, true],
    ];
    // Each case first in a fresh region (its cell unknown yet), then again after every other case.
    for (const [lon, lat, expected] of cases) {
      const fresh = regionFromGeoJson(doc, { id: 'ring', source: 'test' });
      expect(regionContains(fresh, lon, lat), `${lon},${lat} first`).toBe(expected);
    }
    for (let pass = 0; pass < 2; pass += 1) {
      for (const [lon, lat, expected] of cases) {
        expect(regionContains(region, lon, lat), `${lon},${lat}`).toBe(expected);
      }
    }
  });
});

describe("a grid's exact test, from the edges of the point's row", () => {
  const ring = (...xy: number[][]): number[][] => [...xy, xy[0] as number[]];
  // Two polygons, one with a hole, sharing a vertex; horizontal edges; a sliver of a triangle.
  const multi = {
    type: 'MultiPolygon' as const,
    coordinates: [
      [ring([0, 0], [4, 0], [4, 2], [2, 2], [2, 3], [0, 3]), ring([1, 1], [1.5, 1], [1.5, 1.5])],
      [ring([4, 2], [6, 2], [6, 2.0000001], [5, 4])],
    ],
  };
  const shapes = [
    ['the bundled regions', null],
    ['a multipolygon with a hole and horizontal edges', multi],
    ['a polygon carrying a smaller bbox of its own', { ...multi, bbox: [0, 0, 3, 3] }],
  ] as const;

  it.each(shapes)('answers as turf does, point by point, on %s', (_name, shape) => {
    const geometries =
      shape === null
        ? regionFiles.map((f) => {
            const doc = JSON.parse(readFileSync(`data/regions/${f}`, 'utf8'));
            return regionFromGeoJson(doc, { id: f, source: f }).geometry;
          })
        : [shape as unknown as Region['geometry']];
    let asked = 0;
    for (const geometry of geometries) {
      const region = regionFromGeoJson(geometry, { id: 'g', source: 'test' });
      const grid = new RegionGrid(geometry, region.bbox);
      const points = samplePoints(region, 7).filter(([lon, lat]) => {
        const [w, s, e, n] = region.bbox;
        return lon >= w && lon <= e && lat >= s && lat <= n;
      });
      // Every vertex, and points along the horizontal line through it, the hardest rows.
      for (const r of ringsOf(region)) {
        for (const [x, y] of r as [number, number][]) {
          for (const dx of [-0.5, -1e-9, 0, 1e-9, 0.25]) points.push([x + dx, y]);
        }
      }
      for (const [lon, lat] of points) {
        const [w, s, e, n] = region.bbox;
        if (lon < w || lon > e || lat < s || lat > n) continue;
        const exact = booleanPointInPolygon([lon, lat], geometry);
        // Twice: the second answer of a clear cell is the one it remembered.
        expect(grid.contains(lon, lat), `${lon},${lat}`).toBe(exact);
        expect(grid.contains(lon, lat), `${lon},${lat}`).toBe(exact);
        asked += 1;
      }
    }
    expect(asked).toBeGreaterThan(3000);
  });

  it('leaves a ring turf refuses (not closed) to turf, which says so', () => {
    const open = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [1, 3],
        ],
      ],
    };
    const grid = new RegionGrid(open, [0, 0, 4, 4]);
    expect(() => booleanPointInPolygon([1, 1], open)).toThrow(/First and last coordinates/);
    expect(() => grid.contains(1, 1)).toThrow(/First and last coordinates/);
  });
});

describe('segmentMeetsBox', () => {
  const box = [0, 0, 1, 1] as const;
  it.each([
    ['crossing the box', [-1, 0.5, 2, 0.5], true],
    ['inside it', [0.2, 0.2, 0.3, 0.3], true],
    ['above a corner, apart', [-1, 1, 0, 2], false],
    ['through a corner', [-1, 0, 1, 2], true],
    ['along an edge', [0, -1, 0, 2], true],
    ['ending on an edge', [-1, 0.5, 0, 0.5], true],
    ['beside it', [1.1, -1, 1.1, 2], false],
    ['diagonal past a corner', [0.5, 1.6, 1.6, 0.5], false],
    ['a point inside', [0.5, 0.5, 0.5, 0.5], true],
    ['a point outside', [1.5, 0.5, 1.5, 0.5], false],
  ] as const)('%s', (_name, [x1, y1, x2, y2], expected) => {
    expect(segmentMeetsBox(x1, y1, x2, y2, ...box)).toBe(expected);
  });
});
