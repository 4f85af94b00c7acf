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
