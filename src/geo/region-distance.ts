import type { Position as GeoPosition } from 'geojson';
import { distanceKm } from './distance.js';
import { regionContains, type Region } from './region.js';

const KM_PER_DEG = (6371.0088 * Math.PI) / 180;
const RAD = Math.PI / 180;

/** Every ring of the region's polygons (outer boundaries and holes). */
function ringsOf(region: Region): readonly GeoPosition[][] {
  const g = region.geometry;
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** Longitude difference folded into -180..180, so a segment across the antimeridian stays short. */
const lonDelta = (lon: number, lon0: number): number => ((((lon - lon0) % 360) + 540) % 360) - 180;

/**
 * Great-circle distance in km from (lat, lon) to the nearest point of the region's boundary, 0
 * inside. The nearest point of each edge is found in a flat projection centred on the point (an
 * edge of a region is short beside the Earth); the distance to it is then exact (haversine).
 */
export function distanceToRegionKm(region: Region, lat: number, lon: number): number {
  if (regionContains(region, lon, lat)) return 0;
  const kx = Math.cos(lat * RAD) * KM_PER_DEG;
  let best = Infinity;
  for (const ring of ringsOf(region)) {
    for (let i = 1; i < ring.length; i += 1) {
      const a = ring[i - 1];
      const b = ring[i];
      if (a === undefined || b === undefined) continue;
      const ax = lonDelta(a[0] ?? 0, lon) * kx;
      const ay = ((a[1] ?? 0) - lat) * KM_PER_DEG;
      const bx = lonDelta(b[0] ?? 0, lon) * kx;
      const by = ((b[1] ?? 0) - lat) * KM_PER_DEG;
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
      const x = ax + t * dx;
      const y = ay + t * dy;
      const d = distanceKm(lat, lon, lat + y / KM_PER_DEG, lon + (kx === 0 ? 0 : x / kx));
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * About a lower bound of `distanceToRegionKm`, quick enough for every fix: the distance to the
 * region's bounding box, taken where clamping the point's latitude and longitude puts it (on the
 * sphere the box's nearest point can lie a little apart: callers allow a margin).
 */
export function distanceToRegionBoxKm(region: Region, lat: number, lon: number): number {
  const [w, s, e, n] = region.bbox;
  const clampedLat = Math.max(s, Math.min(n, lat));
  const clampedLon = lon < w ? w : lon > e ? e : lon;
  return distanceKm(lat, lon, clampedLat, clampedLon);
}
