import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { readdirSync, readFileSync } from 'node:fs';
import type { Position as GeoPosition } from 'geojson';
import { describe, expect, it } from 'vitest';
import { segmentMeetsBox } from '../src/geo/region-grid.js';
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
    // The grid is made after a region's first 2,000 questions: ask the cases before and after.
    for (let k = 0; k < 2_000; k += 1) {
      for (const [lon, lat, expected] of k === 0 || k === 1_999 ? cases : []) {
        expect(regionContains(region, lon, lat), `${lon},${lat}`).toBe(expected);
      }
      expect(regionContains(region, 9.5, 0.5)).toBe(true);
    }
    for (let pass = 0; pass < 2; pass += 1) {
      for (const [lon, lat, expected] of cases) {
        expect(regionContains(region, lon, lat), `${lon},${lat}`).toBe(expected);
      }
    }
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
