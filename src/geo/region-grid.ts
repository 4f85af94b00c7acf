import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position as GeoPosition } from 'geojson';

/** Cells along the longer side of a region's box (about 4 km for the Gulf of California). */
const CELLS_ALONG = 256;
/**
 * Each cell is tested against the edges grown by this much (degrees; about 0.1 mm): a point that
 * rounding puts in a neighbouring cell still lies in the grown one, so it is never in a cell
 * called clear with an edge between it and the cell.
 */
const GROWTH_DEG = 1e-9;

const UNKNOWN = 0;
const BOUNDARY = 1;
const INSIDE = 2;
const OUTSIDE = 3;

/**
 * A grid over a region's box whose cells no edge of the region comes near ("clear" cells): every
 * point of a clear cell is inside the region, or every one is outside, as the region's edges do not
 * pass between them. A clear cell's answer is the first exact answer (turf's) for a point in it,
 * so a track's fixes far from the region's edges cost a lookup each; the cells an edge crosses
 * always ask the exact test.
 */
export class RegionGrid {
  private readonly west: number;
  private readonly south: number;
  private readonly cellDeg: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Uint8Array;
  private readonly geometry: Polygon | MultiPolygon;

  constructor(geometry: Polygon | MultiPolygon, bbox: readonly [number, number, number, number]) {
    this.geometry = geometry;
    const [w, s, e, n] = bbox;
    this.west = w;
    this.south = s;
    this.cellDeg = Math.max(e - w, n - s, 1e-6) / CELLS_ALONG;
    this.cols = Math.max(1, Math.ceil((e - w) / this.cellDeg));
    this.rows = Math.max(1, Math.ceil((n - s) / this.cellDeg));
    this.cells = new Uint8Array(this.cols * this.rows);
    const rings: GeoPosition[][] =
      geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i += 1) {
        const p = ring[i] as GeoPosition;
        const q = ring[i + 1] as GeoPosition;
        this.markEdge(p[0] as number, p[1] as number, q[0] as number, q[1] as number);
      }
    }
  }

  /**
   * Is (lon, lat), a point inside the box, in the region (boundary points in)? A clear cell's
   * first exact answer serves every later point in it.
   */
  contains(lon: number, lat: number): boolean {
    const cell = this.cellOf(lon, lat);
    const state = this.cells[cell];
    if (state === INSIDE) return true;
    if (state === OUTSIDE) return false;
    const inside = booleanPointInPolygon([lon, lat], this.geometry);
    if (state === UNKNOWN) this.cells[cell] = inside ? INSIDE : OUTSIDE;
    return inside;
  }

  private cellOf(lon: number, lat: number): number {
    const c = Math.min(this.cols - 1, Math.max(0, Math.floor((lon - this.west) / this.cellDeg)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.south) / this.cellDeg)));
    return r * this.cols + c;
  }

  /** Marks every cell the edge from (x1, y1) to (x2, y2) touches (grown by GROWTH_DEG). */
  private markEdge(x1: number, y1: number, x2: number, y2: number): void {
    const { cellDeg } = this;
    const c0 = Math.floor((Math.min(x1, x2) - GROWTH_DEG - this.west) / cellDeg);
    const c1 = Math.floor((Math.max(x1, x2) + GROWTH_DEG - this.west) / cellDeg);
    const r0 = Math.floor((Math.min(y1, y2) - GROWTH_DEG - this.south) / cellDeg);
    const r1 = Math.floor((Math.max(y1, y2) + GROWTH_DEG - this.south) / cellDeg);
    for (let r = Math.max(0, r0); r <= Math.min(this.rows - 1, r1); r += 1) {
      for (let c = Math.max(0, c0); c <= Math.min(this.cols - 1, c1); c += 1) {
        const west = this.west + c * cellDeg - GROWTH_DEG;
        const south = this.south + r * cellDeg - GROWTH_DEG;
        const east = west + cellDeg + 2 * GROWTH_DEG;
        const north = south + cellDeg + 2 * GROWTH_DEG;
        if (segmentMeetsBox(x1, y1, x2, y2, west, south, east, north)) {
          this.cells[r * this.cols + c] = BOUNDARY;
        }
      }
    }
  }
}

/** Does the segment meet the closed box? Its parameter range clipped to each slab (Liang–Barsky). */
export function segmentMeetsBox(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  west: number,
  south: number,
  east: number,
  north: number,
): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  // The points kept satisfy p * t <= q for each slab side (p, q) below, with t in [0, 1].
  const ps = [-dx, dx, -dy, dy];
  const qs = [x1 - west, east - x1, y1 - south, north - y1];
  let t0 = 0;
  let t1 = 1;
  for (let k = 0; k < 4; k += 1) {
    const p = ps[k] as number;
    const q = qs[k] as number;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t0 <= t1;
}
