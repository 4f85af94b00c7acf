import type { Position as GeoPosition } from 'geojson';
import { distanceKm } from './distance.js';

const KM_PER_DEG = (6371.0088 * Math.PI) / 180;
const RAD = Math.PI / 180;
/** Grid cell for the segment index, in degrees (about 11 km): a few segments per cell. */
const CELL_DEG = 0.1;
/** Latitude band for the land (point-in-polygon) index, in degrees. */
const BAND_DEG = 0.05;

/** What the coastline data says about a point. */
export interface Surface {
  /** Over land (the land polygons or a minor island). */
  readonly land: boolean;
  /** Great-circle distance to land, km: to the nearest coastline or island shore, 0 over land. */
  readonly landKm: number;
}

/**
 * Coastline and land for one area: distance to the nearest shore and a land test, both fast enough
 * for every fix of every mission (a grid index of shore segments; a latitude-band index of land
 * edges for ray casting).
 */
export interface Coast {
  /** Where the geometry comes from, for the report's parameters. */
  readonly source: string;
  /** [west, south, east, north]: the box the data was clipped to. */
  readonly coverage: readonly [number, number, number, number];
  /**
   * Land test and distance to land, or null where the data cannot tell: outside the coverage box,
   * or over the sea where a shore beyond the clip could be nearer than the nearest one inside it.
   */
  surfaceAt(lat: number, lon: number): Surface | null;
}

type Segment = readonly [lon1: number, lat1: number, lon2: number, lat2: number];

interface Geometry {
  readonly type: string;
  readonly coordinates?: unknown;
  readonly geometries?: readonly Geometry[];
}

/** Every line of a GeoJSON document: LineStrings and Polygon/MultiPolygon rings. */
function linesOf(doc: unknown, polygonsOnly: boolean): GeoPosition[][] {
  const out: GeoPosition[][] = [];
  const visitGeometry = (g: Geometry | null | undefined): void => {
    if (!g) return;
    const c = g.coordinates;
    if (g.type === 'LineString' && !polygonsOnly) out.push(c as GeoPosition[]);
    else if (g.type === 'MultiLineString' && !polygonsOnly) out.push(...(c as GeoPosition[][]));
    else if (g.type === 'Polygon') out.push(...(c as GeoPosition[][]));
    else if (g.type === 'MultiPolygon') out.push(...(c as GeoPosition[][][]).flat());
    else if (g.type === 'GeometryCollection') g.geometries?.forEach(visitGeometry);
  };
  const visit = (d: unknown): void => {
    if (typeof d !== 'object' || d === null) return;
    const o = d as { type?: unknown; features?: unknown; geometry?: unknown };
    if (o.type === 'FeatureCollection' && Array.isArray(o.features)) o.features.forEach(visit);
    else if (o.type === 'Feature') visitGeometry(o.geometry as Geometry | null);
    else visitGeometry(o as Geometry);
  };
  visit(doc);
  return out;
}

function segmentsOf(lines: readonly GeoPosition[][]): Segment[] {
  const segs: Segment[] = [];
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i += 1) {
      const [x1, y1] = line[i] as GeoPosition;
      const [x2, y2] = line[i + 1] as GeoPosition;
      if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) continue;
      if (x1 === x2 && y1 === y2) continue;
      segs.push([x1, y1, x2, y2]);
    }
  }
  return segs;
}

/** Nearest point of a segment to (lat, lon), found in a local plane around the point. */
function nearestOnSegment(s: Segment, lat: number, lon: number): [number, number] {
  const k = Math.cos(lat * RAD);
  const ax = (s[0] - lon) * k;
  const ay = s[1] - lat;
  const bx = (s[2] - lon) * k;
  const by = s[3] - lat;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return [s[1] + (s[3] - s[1]) * t, s[0] + (s[2] - s[0]) * t];
}

/** Shore segments bucketed in a lon/lat grid; nearest-segment search in growing rings of cells. */
class SegmentGrid {
  /** Row-major cells (a flat array: the ring search looks up hundreds of cells per point). */
  private readonly cells: (Segment[] | undefined)[];
  private readonly cols: number;
  private readonly rows: number;
  private readonly box: readonly [number, number, number, number];

  constructor(segments: readonly Segment[], box: readonly [number, number, number, number]) {
    this.box = box;
    this.cols = Math.max(1, Math.ceil((box[2] - box[0]) / CELL_DEG));
    this.rows = Math.max(1, Math.ceil((box[3] - box[1]) / CELL_DEG));
    this.cells = new Array<Segment[] | undefined>(this.cols * this.rows);
    for (const s of segments) {
      const [c1, r1] = this.cellOf(Math.min(s[0], s[2]), Math.min(s[1], s[3]));
      const [c2, r2] = this.cellOf(Math.max(s[0], s[2]), Math.max(s[1], s[3]));
      for (let r = r1; r <= r2; r += 1) {
        for (let c = c1; c <= c2; c += 1) {
          const key = r * this.cols + c;
          let list = this.cells[key];
          if (list === undefined) this.cells[key] = list = [];
          list.push(s);
        }
      }
    }
  }

  private cellOf(lon: number, lat: number): [number, number] {
    const c = Math.floor((lon - this.box[0]) / CELL_DEG);
    const r = Math.floor((lat - this.box[1]) / CELL_DEG);
    return [Math.min(this.cols - 1, Math.max(0, c)), Math.min(this.rows - 1, Math.max(0, r))];
  }

  /** Distance in km to the nearest segment, or Infinity when there is none. */
  nearestKm(lat: number, lon: number): number {
    const [c0, r0] = this.cellOf(lon, lat);
    const maxRing = Math.max(this.cols, this.rows);
    let best = Infinity;
    for (let ring = 0; ring <= maxRing; ring += 1) {
      // Every cell of this ring is at least (ring - 1) cells away; east-west cells are the
      // narrower ones, narrowest at the ring's poleward edge.
      const polewardLat = Math.min(89, Math.abs(lat) + ring * CELL_DEG);
      const ringKm = (ring - 1) * CELL_DEG * KM_PER_DEG * Math.cos(polewardLat * RAD);
      if (best <= ringKm) break;
      for (let r = r0 - ring; r <= r0 + ring; r += 1) {
        if (r < 0 || r >= this.rows) continue;
        const onEdgeRow = r === r0 - ring || r === r0 + ring;
        for (let c = c0 - ring; c <= c0 + ring; c += onEdgeRow ? 1 : 2 * ring) {
          if (c < 0 || c >= this.cols) continue;
          const cell = this.cells[r * this.cols + c];
          if (cell !== undefined) {
            for (const s of cell) {
              const [nLat, nLon] = nearestOnSegment(s, lat, lon);
              const d = distanceKm(lat, lon, nLat, nLon);
              if (d < best) best = d;
            }
          }
          if (ring === 0) break;
        }
      }
    }
    return best;
  }
}

/** Land edges bucketed by latitude band; even-odd ray casting eastwards within one band. */
class LandBands {
  private readonly bands = new Map<number, Segment[]>();
  private readonly south: number;

  constructor(edges: readonly Segment[], south: number) {
    this.south = south;
    for (const e of edges) {
      const lo = Math.floor((Math.min(e[1], e[3]) - south) / BAND_DEG);
      const hi = Math.floor((Math.max(e[1], e[3]) - south) / BAND_DEG);
      for (let b = lo; b <= hi; b += 1) {
        let list = this.bands.get(b);
        if (list === undefined) this.bands.set(b, (list = []));
        list.push(e);
      }
    }
  }

  contains(lat: number, lon: number): boolean {
    let inside = false;
    for (const [x1, y1, x2, y2] of this.bands.get(Math.floor((lat - this.south) / BAND_DEG)) ??
      []) {
      if (y1 > lat === y2 > lat) continue;
      const x = x1 + ((lat - y1) / (y2 - y1)) * (x2 - x1);
      if (x > lon) inside = !inside;
    }
    return inside;
  }
}

/** Distance in km from a point inside a box to the box's nearest edge. */
function kmToBoxEdge(box: readonly [number, number, number, number], lat: number, lon: number) {
  const k = Math.cos(lat * RAD);
  return Math.min((lon - box[0]) * k, (box[2] - lon) * k, lat - box[1], box[3] - lat) * KM_PER_DEG;
}

/**
 * Builds a Coast from parsed GeoJSON: `shores` (coastline LineStrings, and island polygons whose
 * rings are shores), `land` (land and island polygons, for the land test). `coverage` is the box
 * the layers were clipped to: outside it, and where the clip could hide a nearer shore, the answer
 * is null rather than a wrong distance.
 */
export function coastFromGeoJson(
  layers: { readonly shores: readonly unknown[]; readonly land: readonly unknown[] },
  opts: { readonly source: string; readonly coverage: readonly [number, number, number, number] },
): Coast {
  const box = opts.coverage;
  // Built at the first question: runs without a surveillance aircraft near the coast never ask.
  let index: { readonly grid: SegmentGrid; readonly land: LandBands } | null = null;
  const indexed = (): { readonly grid: SegmentGrid; readonly land: LandBands } => {
    if (index !== null) return index;
    const shoreSegments = segmentsOf(layers.shores.flatMap((doc) => linesOf(doc, false)));
    const landEdges = segmentsOf(layers.land.flatMap((doc) => linesOf(doc, true)));
    index = { grid: new SegmentGrid(shoreSegments, box), land: new LandBands(landEdges, box[1]) };
    return index;
  };
  return {
    source: opts.source,
    coverage: box,
    surfaceAt(lat, lon) {
      if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) return null;
      const { grid, land } = indexed();
      if (land.contains(lat, lon)) return { land: true, landKm: 0 };
      const landKm = grid.nearestKm(lat, lon);
      // A shore cut off by the clip could be nearer than every shore inside it.
      if (landKm > kmToBoxEdge(box, lat, lon)) return null;
      return { land: false, landKm };
    },
  };
}
