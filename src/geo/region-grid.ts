import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position as GeoPosition } from 'geojson';
import { orient2d } from 'robust-predicates';

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
 * pass between them. A clear cell's answer is the first exact answer for a point in it, so a
 * track's fixes far from the region's edges cost a lookup each; the cells an edge crosses always
 * ask the exact test. The exact test is turf's (point-in-polygon-hao's crossing count with robust
 * orientation), asked of the edges that reach the point's row of cells only: those are the only
 * edges that count, so the answer is the same, at a few edges a point, not the region's hundreds.
 */
export class RegionGrid {
  private readonly west: number;
  private readonly south: number;
  private readonly cellDeg: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Uint8Array;
  private readonly geometry: Polygon | MultiPolygon;
  /** Edges as x1, y1, x2, y2, in the geometry's order, and the polygon each belongs to. */
  private readonly edges: Float64Array;
  private readonly polygonOf: Int32Array;
  /** The edges that reach each row of cells, in order: row r's are rowEdges[rowStart[r]...]. */
  private readonly rowStart: Int32Array;
  private readonly rowEdges: Int32Array;
  /** A ring turf refuses (not closed): every exact answer is then asked of turf, as it would be. */
  private readonly turfOnly: boolean;

  constructor(geometry: Polygon | MultiPolygon, bbox: readonly [number, number, number, number]) {
    this.geometry = geometry;
    const [w, s, e, n] = bbox;
    this.west = w;
    this.south = s;
    this.cellDeg = Math.max(e - w, n - s, 1e-6) / CELLS_ALONG;
    this.cols = Math.max(1, Math.ceil((e - w) / this.cellDeg));
    this.rows = Math.max(1, Math.ceil((n - s) / this.cellDeg));
    this.cells = new Uint8Array(this.cols * this.rows);
    const polygons: GeoPosition[][][] =
      geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const edges: number[] = [];
    const polygonOf: number[] = [];
    let turfOnly = false;
    for (const [k, rings] of polygons.entries()) {
      for (const ring of rings) {
        const first = ring[0];
        const last = ring[ring.length - 1];
        // point-in-polygon-hao's own test of a ring, which throws.
        if (first === undefined || last === undefined) continue;
        if (first[0] !== last[0] && first[1] !== last[1]) turfOnly = true;
        for (let i = 0; i + 1 < ring.length; i += 1) {
          const p = ring[i] as GeoPosition;
          const q = ring[i + 1] as GeoPosition;
          edges.push(p[0] as number, p[1] as number, q[0] as number, q[1] as number);
          polygonOf.push(k);
        }
      }
    }
    this.turfOnly = turfOnly;
    this.edges = Float64Array.from(edges);
    this.polygonOf = Int32Array.from(polygonOf);
    // Each edge under every row its latitudes reach (grown as the cells are).
    const rowsOf = (e: number): [number, number] => {
      const y1 = this.edges[4 * e + 1] as number;
      const y2 = this.edges[4 * e + 3] as number;
      const r0 = Math.floor((Math.min(y1, y2) - GROWTH_DEG - this.south) / this.cellDeg);
      const r1 = Math.floor((Math.max(y1, y2) + GROWTH_DEG - this.south) / this.cellDeg);
      return [Math.max(0, r0), Math.min(this.rows - 1, r1)];
    };
    const count = new Int32Array(this.rows + 1);
    for (let e = 0; e < polygonOf.length; e += 1) {
      const [r0, r1] = rowsOf(e);
      for (let r = r0; r <= r1; r += 1) count[r + 1] = (count[r + 1] as number) + 1;
    }
    for (let r = 0; r < this.rows; r += 1)
      count[r + 1] = (count[r + 1] as number) + (count[r] as number);
    this.rowStart = count.slice();
    this.rowEdges = new Int32Array(count[this.rows] as number);
    for (let e = 0; e < polygonOf.length; e += 1) {
      const [r0, r1] = rowsOf(e);
      for (let r = r0; r <= r1; r += 1) {
        this.rowEdges[count[r] as number] = e;
        count[r] = (count[r] as number) + 1;
      }
    }
  }

  /**
   * Is (lon, lat), a point inside the box, in the region (boundary points in)? A clear cell's
   * first exact answer serves every later point in it.
   */
  contains(lon: number, lat: number): boolean {
    const cell = this.cellOf(lon, lat);
    let state = this.cells[cell];
    if (state === INSIDE) return true;
    if (state === OUTSIDE) return false;
    const row = Math.floor(cell / this.cols);
    if (state === UNKNOWN) state = this.cells[cell] = this.edgeMeets(row, cell - row * this.cols);
    const inside = this.exact(lon, lat, row);
    if (state === UNKNOWN) this.cells[cell] = inside ? INSIDE : OUTSIDE;
    return inside;
  }

  /**
   * BOUNDARY when an edge meets the cell (grown by GROWTH_DEG), else UNKNOWN. Asked the first time
   * a point falls in the cell, of its row's edges only (any edge that meets the cell reaches its
   * row): a short run pays for the cells it asks, not for every cell every edge crosses (that
   * took 9–11 ms of a run for the Gulf's 635 edges).
   */
  private edgeMeets(row: number, col: number): number {
    const { cellDeg, edges } = this;
    const west = this.west + col * cellDeg - GROWTH_DEG;
    const south = this.south + row * cellDeg - GROWTH_DEG;
    const east = west + cellDeg + 2 * GROWTH_DEG;
    const north = south + cellDeg + 2 * GROWTH_DEG;
    for (let k = this.rowStart[row] as number; k < (this.rowStart[row + 1] as number); k += 1) {
      const e = this.rowEdges[k] as number;
      const x1 = edges[4 * e] as number;
      const x2 = edges[4 * e + 2] as number;
      // The columns the edge's extent reaches, as the rows are found.
      const c0 = Math.floor((Math.min(x1, x2) - GROWTH_DEG - this.west) / cellDeg);
      const c1 = Math.floor((Math.max(x1, x2) + GROWTH_DEG - this.west) / cellDeg);
      if (col < c0 || col > c1) continue;
      const y1 = edges[4 * e + 1] as number;
      const y2 = edges[4 * e + 3] as number;
      if (segmentMeetsBox(x1, y1, x2, y2, west, south, east, north)) return BOUNDARY;
    }
    return UNKNOWN;
  }

  /**
   * turf's answer (booleanPointInPolygon, boundary points in) from the edges of the point's row:
   * the same crossing count and boundary tests, in the same arithmetic, of the only edges that can
   * change it (an edge wholly above or below the point counts nothing there). A polygon is
   * entered when its count is odd; a point on any edge is in.
   */
  private exact(lon: number, lat: number, row: number): boolean {
    if (this.turfOnly) return booleanPointInPolygon([lon, lat], this.geometry);
    const box = this.geometry.bbox;
    if (box !== undefined && !(box[0] <= lon && box[1] <= lat && box[2] >= lon && box[3] >= lat)) {
      return false;
    }
    const { edges, polygonOf, rowEdges } = this;
    let polygon = -1;
    let crossings = 0;
    for (let k = this.rowStart[row] as number; k < (this.rowStart[row + 1] as number); k += 1) {
      const e = rowEdges[k] as number;
      if (polygonOf[e] !== polygon) {
        if (crossings % 2 === 1) return true;
        polygon = polygonOf[e] as number;
        crossings = 0;
      }
      const u1 = (edges[4 * e] as number) - lon;
      const v1 = (edges[4 * e + 1] as number) - lat;
      const u2 = (edges[4 * e + 2] as number) - lon;
      const v2 = (edges[4 * e + 3] as number) - lat;
      if (v1 === 0 && v2 === 0) {
        if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
      } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
        const f = orient2d(u1, u2, v1, v2, 0, 0);
        if (f === 0) return true;
        if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) crossings += 1;
      }
    }
    return crossings % 2 === 1;
  }

  private cellOf(lon: number, lat: number): number {
    const c = Math.min(this.cols - 1, Math.max(0, Math.floor((lon - this.west) / this.cellDeg)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.south) / this.cellDeg)));
    return r * this.cols + c;
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
  // The points kept satisfy p * t <= q for each slab side (p, q), with t in [0, 1]: the four sides
  // one after the other, with no array made (this runs in the interpreter, once per edge and cell).
  const clip = CLIPPER.reset();
  return (
    clip.side(-dx, x1 - west) &&
    clip.side(dx, east - x1) &&
    clip.side(-dy, y1 - south) &&
    clip.side(dy, north - y1) &&
    clip.t0 <= clip.t1
  );
}

/** The parameter range [t0, t1] of a segment, clipped side by side (segmentMeetsBox). */
class SlabClipper {
  t0 = 0;
  t1 = 1;

  /** The whole segment again: [0, 1]. */
  reset(): this {
    this.t0 = 0;
    this.t1 = 1;
    return this;
  }

  /** Clips by the side p * t <= q; false when nothing is left. */
  side(p: number, q: number): boolean {
    if (p === 0) return !(q < 0);
    const t = q / p;
    if (p < 0) {
      if (t > this.t1) return false;
      if (t > this.t0) this.t0 = t;
    } else {
      if (t < this.t0) return false;
      if (t < this.t1) this.t1 = t;
    }
    return true;
  }
}

/** The one clipper segmentMeetsBox uses, made once (no object a call). */
const CLIPPER = new SlabClipper();
