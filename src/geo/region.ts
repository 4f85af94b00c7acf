import type { Feature, MultiPolygon, Polygon, Position as GeoPosition } from 'geojson';
import { RegionGrid } from './region-grid.js';

/** A region to count missions in: polygon(s) with a precomputed bounding box for cheap rejection. */
export interface Region {
  readonly id: string;
  readonly name: string;
  /** Where the geometry comes from (file, feature id, provenance text). */
  readonly source: string;
  readonly geometry: Polygon | MultiPolygon;
  /** [west, south, east, north] in degrees. */
  readonly bbox: readonly [number, number, number, number];
}

export class RegionError extends Error {}

export type AnyFeature = Feature<Polygon | MultiPolygon, Record<string, unknown> | null>;

export function polygonFeatures(doc: unknown): AnyFeature[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const d = doc as { type?: unknown; features?: unknown; geometry?: unknown };
  if (d.type === 'FeatureCollection' && Array.isArray(d.features)) {
    return d.features.flatMap((f) => polygonFeatures(f));
  }
  if (d.type === 'Feature') {
    const g = d.geometry as { type?: unknown } | null;
    return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? [doc as AnyFeature] : [];
  }
  if (d.type === 'Polygon' || d.type === 'MultiPolygon') {
    return [{ type: 'Feature', properties: {}, geometry: doc as Polygon | MultiPolygon }];
  }
  return [];
}

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const rings: GeoPosition[][] =
    geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lon === undefined || lat === undefined) continue;
      w = Math.min(w, lon);
      e = Math.max(e, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    }
  }
  return [w, s, e, n];
}

const pointText = (p: GeoPosition): string => `(${p[0]}, ${p[1]})`;

/**
 * Refuses rings that would be read as another area than the one drawn: a point that is no
 * longitude and latitude (latitude first, say), a ring that does not end where it begins (its
 * closing edge would be missing, and points inside it found outside), and an edge across the
 * antimeridian (read as flat longitudes, the polygon covers the other side of the world). RFC
 * 7946: rings are closed (3.1.6), and a shape across the antimeridian is cut there (3.1.9).
 */
function checkPolygons(polygons: readonly GeoPosition[][][], source: string): void {
  for (const [k, polygon] of polygons.entries()) {
    for (const [r, ring] of polygon.entries()) {
      const where = `${source}: ${polygons.length > 1 ? `polygon ${k + 1}, ` : ''}${r === 0 ? 'outer ring' : `hole ${r}`}`;
      if (!Array.isArray(ring) || ring.length < 4) {
        throw new RegionError(
          `${where} has ${Array.isArray(ring) ? ring.length : 0} points: a ring needs at least 4, the last the first again`,
        );
      }
      for (const p of ring) {
        const [lon, lat] = Array.isArray(p) ? p : [];
        if (
          typeof lon !== 'number' ||
          typeof lat !== 'number' ||
          !Number.isFinite(lon) ||
          !Number.isFinite(lat)
        ) {
          throw new RegionError(
            `${where} holds a point that is not [longitude, latitude]: ${JSON.stringify(p)}`,
          );
        }
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
          throw new RegionError(
            `${where} holds ${pointText(p)}, outside longitude -180..180, latitude -90..90: GeoJSON gives longitude first (are they swapped?)`,
          );
        }
      }
      const first = ring[0] as GeoPosition;
      const last = ring[ring.length - 1] as GeoPosition;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        throw new RegionError(
          `${where} is not closed: it ends at ${pointText(last)}, not at its first point ${pointText(first)}; a GeoJSON ring ends where it begins (RFC 7946, 3.1.6)`,
        );
      }
      for (let i = 1; i < ring.length; i += 1) {
        const a = ring[i - 1] as GeoPosition;
        const b = ring[i] as GeoPosition;
        if (Math.abs((b[0] as number) - (a[0] as number)) > 180) {
          throw new RegionError(
            `${where} crosses the antimeridian (an edge from ${pointText(a)} to ${pointText(b)}), which would be read as the other side of the world: cut it at longitude 180 into a MultiPolygon (RFC 7946, 3.1.9)`,
          );
        }
      }
    }
  }
}

/**
 * Builds a region from a parsed GeoJSON document. With `featureId`, takes the feature whose
 * `properties.id` (or `id`) matches; otherwise unites every Polygon/MultiPolygon feature.
 */
export function regionFromGeoJson(
  doc: unknown,
  opts: { id: string; source: string; featureId?: string; name?: string },
): Region {
  let features = polygonFeatures(doc);
  if (opts.featureId !== undefined) {
    features = features.filter((f) => (f.properties?.id ?? f.id) === opts.featureId);
  }
  if (features.length === 0) {
    throw new RegionError(
      `${opts.source}: no Polygon or MultiPolygon feature${opts.featureId ? ` with id ${opts.featureId}` : ''}`,
    );
  }
  const polygons = features.flatMap((f) =>
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
  );
  checkPolygons(polygons, opts.source);
  const geometry: Polygon | MultiPolygon =
    polygons.length === 1 && polygons[0] !== undefined
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons };
  const bbox = bboxOf(geometry);
  if (!bbox.every(Number.isFinite)) throw new RegionError(`${opts.source}: empty geometry`);
  const props = features[0]?.properties ?? {};
  const name = opts.name ?? (typeof props.name === 'string' ? props.name : opts.id);
  return { id: opts.id, name, source: opts.source, geometry, bbox };
}

/**
 * Each region's grid (region-grid.ts), made at its first question: its edges by row of cells, in
 * about 2 ms for the Gulf's 635 vertices. A region never changes.
 */
const grids = new WeakMap<Region, RegionGrid>();

/**
 * Is (lon, lat) inside the region? Boundary points count as inside (turf's answer). The exact test
 * is asked once per grid cell no edge of the region comes near, then remembered for the cell:
 * every fix of every mission is asked, and most lie far from the region's edges.
 */
export function regionContains(region: Region, lon: number, lat: number): boolean {
  // By index, not destructured: asked of every fix once per report, before V8 optimises this,
  // where a destructuring runs the array iterator (1,700 fixes: 0.7–3 ms against 0.4).
  const box = region.bbox;
  if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) return false;
  let grid = grids.get(region);
  if (grid === undefined) grids.set(region, (grid = new RegionGrid(region.geometry, region.bbox)));
  return grid.contains(lon, lat);
}
