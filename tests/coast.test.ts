import { booleanPointInPolygon } from '@turf/turf';
import { readFileSync } from 'node:fs';
import type { MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoast } from '../src/cli/context.js';
import type { Coast } from '../src/geo/coast.js';
import { distanceKm } from '../src/geo/distance.js';

let coast: Coast;
beforeAll(async () => {
  coast = await loadCoast();
});

const read = (f: string) => JSON.parse(readFileSync(`data/geo/${f}`, 'utf8'));

/** A deterministic pseudo-random sequence (LCG), so the sample points are the same every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Every shore vertex, densified to about 100 m, for a brute-force nearest distance. */
function shoreVertices(): [number, number][] {
  const out: [number, number][] = [];
  const addLine = (line: number[][]) => {
    for (let i = 0; i + 1 < line.length; i += 1) {
      const [x1, y1] = line[i] as [number, number];
      const [x2, y2] = line[i + 1] as [number, number];
      const n = Math.max(1, Math.ceil(distanceKm(y1, x1, y2, x2) / 0.1));
      for (let k = 0; k <= n; k += 1)
        out.push([x1 + ((x2 - x1) * k) / n, y1 + ((y2 - y1) * k) / n]);
    }
  };
  for (const f of read('ne_10m_coastline.nw-mexico.geojson').features) {
    const g = f.geometry;
    if (g.type === 'LineString') addLine(g.coordinates);
    else for (const l of g.coordinates) addLine(l);
  }
  for (const f of read('ne_10m_minor_islands.nw-mexico.geojson').features) {
    for (const ring of f.geometry.coordinates) addLine(ring);
  }
  return out;
}

describe('Coast (Natural Earth 1:10m, data/geo)', () => {
  it('over the sea, agrees with a brute-force distance to 100 m-densified shores, within 0.1 km', () => {
    const vertices = shoreVertices();
    const next = rng(7);
    let checked = 0;
    for (let k = 0; k < 300; k += 1) {
      const lat = 22.5 + next() * 9.5;
      const lon = -115.5 + next() * 9;
      const s = coast.surfaceAt(lat, lon);
      if (s === null || s.land) continue;
      let brute = Infinity;
      for (const [x, y] of vertices) brute = Math.min(brute, distanceKm(lat, lon, y, x));
      expect(Math.abs(s.landKm - brute)).toBeLessThan(0.1);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('tells land (distance 0) from sea as turf does on the land and minor-island polygons', () => {
    const polygons = [
      ...read('ne_10m_land.nw-mexico.geojson').features,
      ...read('ne_10m_minor_islands.nw-mexico.geojson').features,
    ].map((f: { geometry: Polygon | MultiPolygon }) => f.geometry);
    const next = rng(11);
    let land = 0;
    let sea = 0;
    for (let k = 0; k < 2000; k += 1) {
      const lat = 18 + next() * 15.5;
      const lon = -118.5 + next() * 15;
      const s = coast.surfaceAt(lat, lon);
      if (s === null) continue; // far out in the Pacific: covered by the next test
      const turf = polygons.some((g: Polygon | MultiPolygon) =>
        booleanPointInPolygon([lon, lat], g),
      );
      expect(s.land, `${lat},${lon}`).toBe(turf);
      expect(s.landKm === 0).toBe(turf);
      if (turf) land += 1;
      else sea += 1;
    }
    expect(land).toBeGreaterThan(500);
    expect(sea).toBeGreaterThan(300);
  });

  it.each([
    // Points from notes/GEO.md §3: coastal towns are on land; water points at their distances.
    ['La Paz', 24.14, -110.31, true],
    ['Guaymas', 27.92, -110.9, true],
    ['Hermosillo', 29.07, -110.95, true],
    ['mid-Gulf', 26.5, -110.5, false],
    ['upper-Gulf water', 31.2, -114.2, false],
    ['Pacific side of Baja', 26.0, -113.5, false],
  ])('%s (%f, %f) over land: %s', (_name, lat, lon, land) => {
    expect(coast.surfaceAt(lat, lon)?.land).toBe(land);
  });

  it('is consistent with the shipped approximate 12 NM band away from its edge', () => {
    const band = read('territorial-sea-12nm.approx.nw-mexico.geojson').features[0].geometry;
    const next = rng(3);
    let inBand = 0;
    let beyond = 0;
    for (let k = 0; k < 1500; k += 1) {
      const lat = 23 + next() * 8.5;
      const lon = -115 + next() * 8;
      const s = coast.surfaceAt(lat, lon);
      if (s === null || s.land || Math.abs(s.landKm - 22.224) < 1) continue;
      const inside = booleanPointInPolygon([lon, lat], band);
      expect(inside, `${lat},${lon} at ${s.landKm} km`).toBe(s.landKm < 22.224);
      if (inside) inBand += 1;
      else beyond += 1;
    }
    expect(inBand).toBeGreaterThan(100);
    expect(beyond).toBeGreaterThan(100);
  });

  it('with a distance cap, gives the exact distance up to it and only "farther" beyond', () => {
    const next = rng(11);
    let exact = 0;
    let beyond = 0;
    // Points along wandering tracks (the capped search starts from the last track point's shore),
    // over the whole coverage box and beyond its edges.
    let lat = 26;
    let lon = -111;
    for (let k = 0; k < 3000; k += 1) {
      if (k % 100 === 0) {
        lat = 17 + next() * 17.5;
        lon = -119.5 + next() * 17;
      }
      lat += (next() - 0.5) * 0.2;
      lon += (next() - 0.5) * 0.2;
      const capKm = [0, 5, 22.224, 60, 150][k % 5] as number;
      const full = coast.surfaceAt(lat, lon);
      const capped = coast.surfaceAt(lat, lon, capKm);
      expect(capped === null, `${lat},${lon}`).toBe(full === null);
      if (full === null || capped === null) continue;
      expect(capped.land).toBe(full.land);
      if (full.landKm <= capKm) {
        expect(capped.landKm).toBe(full.landKm);
        exact += 1;
      } else {
        expect(capped.landKm).toBeGreaterThan(capKm);
        expect(capped.landKm).toBeGreaterThanOrEqual(full.landKm);
        beyond += 1;
      }
    }
    expect(exact).toBeGreaterThan(300);
    expect(beyond).toBeGreaterThan(300);
  });

  it('says nothing outside the data, or where a shore beyond the clip could be nearer', () => {
    expect(coast.surfaceAt(40, -100)).toBeNull();
    expect(coast.surfaceAt(26, -121)).toBeNull();
    // 20 km inside the western edge, 300+ km from any shore: a shore beyond the clip could be nearer.
    expect(coast.surfaceAt(25, -118.8)).toBeNull();
    expect(coast.surfaceAt(26.5, -110.5)?.landKm).toBeGreaterThan(40);
  });
});
