import type { Position as GeoPosition } from 'geojson';
import { webAssemblyEngine } from './coast-kernel.js';
import type { Buckets, CoastIndex, CoastLayout, MemoGrid, SurfaceEngine } from './coast-shapes.js';
import { distanceKm } from './distance.js';

export type { CoastIndex } from './coast-shapes.js';

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEG = (EARTH_RADIUS_KM * Math.PI) / 180;
const RAD = Math.PI / 180;
/** Grid cell for the segment index, in degrees (about 11 km): a few segments per cell. */
const CELL_DEG = 0.1;
/** Latitude band for the land (point-in-polygon) index, in degrees. */
const BAND_DEG = 0.05;

/** How many cells of `sizeDeg` cover `from` to `to` (at least one). */
const gridCells = (from: number, to: number, sizeDeg: number): number =>
  Math.max(1, Math.ceil((to - from) / sizeDeg));

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
   * With `withinKm`, the distance is exact only up to it: beyond, `landKm` is some distance greater
   * than `withinKm` and no less than the exact one (the search for the nearest shore stops there,
   * or is not made where the cell's bounds already say, which is most of its cost).
   */
  surfaceAt(lat: number, lon: number, withinKm?: number): Surface | null;
  /** Builds the index now, rather than at the first question (while a thread would wait anyway). */
  prepare(): void;
  /** The index it answers from: another thread's coast made from it answers the same. */
  index(): CoastIndex;
}

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

/** The segments of the lines, flat (lon1, lat1, lon2, lat2 per segment), points repeated skipped. */
function segmentsOf(lines: readonly GeoPosition[][]): Float64Array {
  let n = 0;
  for (const line of lines) n += Math.max(0, line.length - 1);
  const segs = new Float64Array(4 * n);
  let k = 0;
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i += 1) {
      const p = line[i] as GeoPosition;
      const q = line[i + 1] as GeoPosition;
      const x1 = p[0];
      const y1 = p[1];
      const x2 = q[0];
      const y2 = q[1];
      if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) continue;
      if (x1 === x2 && y1 === y2) continue;
      segs[k] = x1;
      segs[k + 1] = y1;
      segs[k + 2] = x2;
      segs[k + 3] = y2;
      k += 4;
    }
  }
  return segs.subarray(0, k);
}

/**
 * Buckets of a row-major grid `cols` wide, each holding its segments in segment order: segment i
 * lies in rows ranges[4i + 1]..ranges[4i + 3] and columns ranges[4i]..ranges[4i + 2].
 */
function bucketed(buckets: number, cols: number, ranges: Int32Array): Buckets {
  const n = ranges.length / 4;
  const start = new Int32Array(buckets + 1);
  // Counted first, then filled.
  for (let i = 0; i < n; i += 1) {
    for (let r = ranges[4 * i + 1] as number; r <= (ranges[4 * i + 3] as number); r += 1) {
      for (let c = ranges[4 * i] as number; c <= (ranges[4 * i + 2] as number); c += 1) {
        const b = r * cols + c + 1;
        start[b] = (start[b] as number) + 1;
      }
    }
  }
  for (let b = 0; b < buckets; b += 1)
    start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const items = new Int32Array(start[buckets] as number);
  const next = start.slice(0, buckets);
  for (let i = 0; i < n; i += 1) {
    for (let r = ranges[4 * i + 1] as number; r <= (ranges[4 * i + 3] as number); r += 1) {
      for (let c = ranges[4 * i] as number; c <= (ranges[4 * i + 2] as number); c += 1) {
        const b = r * cols + c;
        items[next[b] as number] = i;
        next[b] = (next[b] as number) + 1;
      }
    }
  }
  return { start, items };
}

/**
 * Distance in km from (lat, lon) to the shore segment i of `segs` (lon1, lat1, lon2, lat2 per
 * segment): to the segment's nearest point, found in a local plane around the point (`k`, the
 * plane's east-west scale, is the cosine of the latitude).
 */
function segmentKm(
  segs: Float64Array,
  i: number,
  lat: number,
  lon: number,
  k = Math.cos(lat * RAD),
): number {
  const x1 = segs[4 * i] as number;
  const y1 = segs[4 * i + 1] as number;
  const x2 = segs[4 * i + 2] as number;
  const y2 = segs[4 * i + 3] as number;
  const ax = (x1 - lon) * k;
  const ay = y1 - lat;
  const dx = (x2 - lon) * k - ax;
  const dy = y2 - lat - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return distanceKm(lat, lon, y1 + (y2 - y1) * t, x1 + (x2 - x1) * t);
}

/**
 * Shore segments bucketed in a lon/lat grid; nearest-segment search in growing rings of cells.
 * Flat typed arrays (segments, and each cell's segment numbers one after another): the index is
 * built and searched at the end of every run with missions, before the code has warmed up, where
 * arrays of small arrays cost most.
 */
class SegmentGrid {
  private readonly segs: Float64Array;
  readonly cells: Buckets;
  private readonly cols: number;
  private readonly rows: number;
  private readonly box: readonly [number, number, number, number];
  /** A segment found by the last search: an upper bound for the next point, which is usually near. */
  private lastSeg = -1;

  /** `cells`: the buckets this constructor made before for the same segments and box. */
  constructor(segs: Float64Array, box: readonly [number, number, number, number], cells?: Buckets) {
    this.box = box;
    this.segs = segs;
    this.cols = gridCells(box[0], box[2], CELL_DEG);
    this.rows = gridCells(box[1], box[3], CELL_DEG);
    if (cells !== undefined) {
      this.cells = cells;
      return;
    }
    const ranges = new Int32Array(segs.length);
    for (let i = 0; i < segs.length; i += 4) {
      const x1 = segs[i] as number;
      const y1 = segs[i + 1] as number;
      const x2 = segs[i + 2] as number;
      const y2 = segs[i + 3] as number;
      ranges[i] = this.colOf(Math.min(x1, x2));
      ranges[i + 1] = this.rowOf(Math.min(y1, y2));
      ranges[i + 2] = this.colOf(Math.max(x1, x2));
      ranges[i + 3] = this.rowOf(Math.max(y1, y2));
    }
    this.cells = bucketed(this.cols * this.rows, this.cols, ranges);
  }

  private colOf(lon: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((lon - this.box[0]) / CELL_DEG)));
  }

  private rowOf(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.box[1]) / CELL_DEG)));
  }

  /**
   * Distance in km to the nearest segment when it is at most `capKm`; otherwise a distance to some
   * segment (more than `capKm`), or Infinity when no segment was measured (none lies within `capKm`
   * and no search found one before, or there is none).
   */
  nearestKm(lat: number, lon: number, capKm = Infinity): number {
    const c0 = this.colOf(lon);
    const r0 = this.rowOf(lat);
    const maxRing = Math.max(this.cols, this.rows);
    const { segs } = this;
    const { start, items } = this.cells;
    let best = Infinity;
    let bestSeg = -1;
    const cosLat = Math.cos(lat * RAD);
    // Segments whose longitudes all lie farther east or west than this cannot be nearer than best.
    let lonReachDeg = Infinity;
    // The last search's shore is usually the nearest again (the points asked follow a track): its
    // distance bounds the search from the first ring on. The nearest is found all the same, as a
    // minimum over the same distances; beyond the cap the answer is some segment's, as before.
    if (this.lastSeg >= 0) {
      best = segmentKm(segs, this.lastSeg, lat, lon, cosLat);
      bestSeg = this.lastSeg;
      lonReachDeg = lonReach(best, cosLat);
    }
    for (let ring = 0; ring <= maxRing; ring += 1) {
      // Every cell of this ring is at least (ring - 1) cells away; east-west cells are the
      // narrower ones, narrowest at the ring's poleward edge.
      const polewardLat = Math.min(89, Math.abs(lat) + ring * CELL_DEG);
      const ringKm = (ring - 1) * CELL_DEG * KM_PER_DEG * Math.cos(polewardLat * RAD);
      if (best <= ringKm || capKm < ringKm) break;
      for (let r = r0 - ring; r <= r0 + ring; r += 1) {
        if (r < 0 || r >= this.rows) continue;
        const onEdgeRow = r === r0 - ring || r === r0 + ring;
        for (let c = c0 - ring; c <= c0 + ring; c += onEdgeRow ? 1 : 2 * ring) {
          if (c < 0 || c >= this.cols) continue;
          const cell = r * this.cols + c;
          for (let j = start[cell] as number; j < (start[cell + 1] as number); j += 1) {
            const seg = items[j] as number;
            const y1 = segs[4 * seg + 1] as number;
            const y2 = segs[4 * seg + 3] as number;
            // A segment whose latitudes are all farther from the point than the best distance cannot
            // be nearer: a great-circle distance is at least the difference in latitude (a margin
            // covers rounding).
            const below = Math.min(y1, y2) - lat;
            const above = lat - Math.max(y1, y2);
            if (Math.max(below, above) * KM_PER_DEG > best + 1e-6) continue;
            const x1 = segs[4 * seg] as number;
            const x2 = segs[4 * seg + 2] as number;
            const apartDeg = Math.max(Math.min(x1, x2) - lon, lon - Math.max(x1, x2));
            if (apartDeg > lonReachDeg && apartDeg <= 90) continue;
            const d = segmentKm(segs, seg, lat, lon, cosLat);
            if (d < best) {
              best = d;
              bestSeg = seg;
              lonReachDeg = lonReach(best, cosLat);
            }
          }
          if (ring === 0) break;
        }
      }
    }
    if (bestSeg >= 0) this.lastSeg = bestSeg;
    return best;
  }

  /** A distance to some segment (at least the nearest one's): cheap, from the last search's. */
  upperBoundKm(lat: number, lon: number): number {
    return this.lastSeg < 0 ? Infinity : segmentKm(this.segs, this.lastSeg, lat, lon);
  }
}

/**
 * How far east or west, in degrees, a point can lie from (lat, ·) and still be within `km` of it:
 * beyond the meridian that far away every point is farther, as the distance to that meridian's
 * great circle is asin(cos(lat) · sin(Δlon)) for Δlon up to 90° (margins for rounding); Infinity
 * when no meridian within 90° is that far.
 */
function lonReach(km: number, cosLat: number): number {
  const ratio = Math.sin(Math.min(Math.PI / 2, (km + 1e-6) / EARTH_RADIUS_KM)) / cosLat;
  return ratio >= 1 ? Infinity : (Math.asin(ratio) / RAD) * (1 + 1e-9) + 1e-12;
}

/** Land edges bucketed by latitude band; even-odd ray casting eastwards within one band. */
class LandBands {
  private readonly edges: Float64Array;
  readonly bands: Buckets;
  private readonly south: number;
  private readonly count: number;

  /** `bands`: the buckets this constructor made before for the same edges and latitudes. */
  constructor(edges: Float64Array, south: number, north: number, bands?: Buckets) {
    this.edges = edges;
    this.south = south;
    this.count = gridCells(south, north, BAND_DEG);
    if (bands !== undefined) {
      this.bands = bands;
      return;
    }
    const ranges = new Int32Array(edges.length);
    for (let i = 0; i < edges.length; i += 4) {
      const y1 = edges[i + 1] as number;
      const y2 = edges[i + 3] as number;
      ranges[i + 1] = this.bandOf(Math.min(y1, y2));
      ranges[i + 3] = this.bandOf(Math.max(y1, y2));
    }
    this.bands = bucketed(this.count, 1, ranges);
  }

  private bandOf(lat: number): number {
    return Math.min(this.count - 1, Math.max(0, Math.floor((lat - this.south) / BAND_DEG)));
  }

  contains(lat: number, lon: number): boolean {
    const { edges } = this;
    const { start, items } = this.bands;
    const band = this.bandOf(lat);
    let inside = false;
    for (let j = start[band] as number; j < (start[band + 1] as number); j += 1) {
      const e = 4 * (items[j] as number);
      const x1 = edges[e] as number;
      const y1 = edges[e + 1] as number;
      const x2 = edges[e + 2] as number;
      const y2 = edges[e + 3] as number;
      if (y1 > lat === y2 > lat) continue;
      const x = x1 + ((lat - y1) / (y2 - y1)) * (x2 - x1);
      if (x > lon) inside = !inside;
    }
    return inside;
  }
}

/** Cell of the distance memo, in degrees (about 2.8 km): tracks cross a cell in a few fixes. */
const MEMO_DEG = 0.025;
/**
 * How far the shore distance computed at a point may exceed the distance to the shore's nearest
 * point: each segment's nearest point is found in a plane around the point (second-order errors,
 * metres at these distances), so 2% and 100 m leave a wide margin.
 */
const MEMO_SLACK = 0.02;
const MEMO_SLACK_KM = 0.1;

/** What the WebAssembly kernel needs beside a coast's index, for its box (coast-shapes.ts). */
export function coastLayout(box: readonly [number, number, number, number]): CoastLayout {
  return {
    shoreCols: gridCells(box[0], box[2], CELL_DEG),
    shoreRows: gridCells(box[1], box[3], CELL_DEG),
    landBands: gridCells(box[1], box[3], BAND_DEG),
    memo: memoGrid(box),
    shoreCellDeg: CELL_DEG,
    landBandDeg: BAND_DEG,
    memoCellDeg: MEMO_DEG,
    memoSlack: MEMO_SLACK,
    memoSlackKm: MEMO_SLACK_KM,
    radiansPerDegree: RAD,
    earthRadiusKm: EARTH_RADIUS_KM,
    kmPerDegree: KM_PER_DEG,
  };
}

function memoGrid(box: readonly [number, number, number, number]): MemoGrid {
  const cols = gridCells(box[0], box[2], MEMO_DEG);
  const rows = gridCells(box[1], box[3], MEMO_DEG);
  const reachKm = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    // Half the cell's diagonal, east-west measured at its equatorward edge (the widest).
    const south = box[1] + r * MEMO_DEG;
    const equatorward = Math.min(Math.abs(south), Math.abs(south + MEMO_DEG));
    const crosses = south < 0 && south + MEMO_DEG > 0;
    const k = Math.cos((crosses ? 0 : equatorward) * RAD);
    const halfX = (MEMO_DEG / 2) * KM_PER_DEG * k;
    const halfY = (MEMO_DEG / 2) * KM_PER_DEG;
    reachKm[r] = Math.hypot(halfX, halfY) * 1.01;
  }
  return { cols, rows, reachKm };
}

/**
 * The nearest shore's distance from the centre of each small cell, found at the first question in
 * the cell: bounds for every point of the cell (the distance to a set changes no faster than the
 * point moves), so most fixes of a track far from shore are answered without searching the grid.
 */
class DistanceMemo {
  private readonly box: readonly [number, number, number, number];
  private readonly cols: number;
  private readonly rows: number;
  /** Distance from each cell's centre, valid where `known` is set. */
  private readonly centreKm: Float64Array;
  /**
   * Which cells are asked: zeros the system hands over untouched, where a NaN fill would write
   * every page of the 3 MB table up front (some 10 ms here, for a run asking a few cells).
   */
  private readonly known: Uint8Array;
  /** The largest distance from a cell's centre to any point of the cell, per row (km). */
  private readonly reachKm: Float64Array;

  constructor(box: readonly [number, number, number, number]) {
    this.box = box;
    const grid = memoGrid(box);
    this.cols = grid.cols;
    this.rows = grid.rows;
    this.centreKm = new Float64Array(this.cols * this.rows);
    this.known = new Uint8Array(this.cols * this.rows);
    this.reachKm = grid.reachKm;
  }

  /**
   * [lower, upper] bounds on the distance `grid` gives at (lat, lon), from the cell's centre (found
   * with `grid` the first time). The point must lie inside the box.
   */
  bounds(grid: SegmentGrid, lat: number, lon: number, out: Float64Array): void {
    const c = Math.min(this.cols - 1, Math.max(0, Math.floor((lon - this.box[0]) / MEMO_DEG)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.box[1]) / MEMO_DEG)));
    const cell = r * this.cols + c;
    let centre = this.centreKm[cell] as number;
    if (this.known[cell] === 0) {
      centre = grid.nearestKm(
        this.box[1] + (r + 0.5) * MEMO_DEG,
        this.box[0] + (c + 0.5) * MEMO_DEG,
      );
      this.centreKm[cell] = centre;
      this.known[cell] = 1;
    }
    // Rounding may put a point a hair outside its cell: the reach's 1% covers it.
    const reach = this.reachKm[r] as number;
    const slack = centre * MEMO_SLACK + MEMO_SLACK_KM;
    out[0] = centre - reach - slack;
    out[1] = centre + reach + slack;
  }
}

/** Distance in km from a point inside a box to the box's nearest edge. */
function kmToBoxEdge(box: readonly [number, number, number, number], lat: number, lon: number) {
  const k = Math.cos(lat * RAD);
  return Math.min((lon - box[0]) * k, (box[2] - lon) * k, lat - box[1], box[3] - lat) * KM_PER_DEG;
}

/** Parsed GeoJSON layers of a coast: shores (lines and rings) and land (polygons). */
export interface CoastLayers {
  readonly shores: readonly unknown[];
  readonly land: readonly unknown[];
}

/** The index of `layers` clipped to `coverage`. */
export function coastIndex(
  layers: CoastLayers,
  coverage: readonly [number, number, number, number],
): CoastIndex {
  const shoreSegments = segmentsOf(layers.shores.flatMap((doc) => linesOf(doc, false)));
  const landEdges = segmentsOf(layers.land.flatMap((doc) => linesOf(doc, true)));
  return {
    shoreSegments,
    shoreCells: new SegmentGrid(shoreSegments, coverage).cells,
    landEdges,
    landBands: new LandBands(landEdges, coverage[1], coverage[3]).bands,
  };
}

/** SurfaceEngine's answer over land, and where the data cannot tell (coast-shapes.ts). */
const ON_LAND = -1;
const NO_ANSWER = -2;

/** Which implementation answers: WebAssembly where the engine has it, unless one is named. */
export type CoastEngine = 'webassembly' | 'javascript';

interface CoastOptions {
  readonly source: string;
  readonly coverage: readonly [number, number, number, number];
  /** For tests, which compare the two; by default WebAssembly where the engine has it. */
  readonly engine?: CoastEngine;
}

/**
 * Builds a Coast from parsed GeoJSON: `shores` (coastline LineStrings, and island polygons whose
 * rings are shores), `land` (land and island polygons, for the land test). `coverage` is the box
 * the layers were clipped to: outside it, and where the clip could hide a nearer shore, the answer
 * is null rather than a wrong distance. The index is built at the first question: runs without a
 * surveillance aircraft near the coast never ask.
 */
export function coastFromGeoJson(layers: CoastLayers, opts: CoastOptions): Coast {
  return coastOf(() => coastIndex(layers, opts.coverage), opts);
}

/** The same Coast from its index (`coastIndex` of its layers and coverage, as stored). */
export function coastFromIndex(index: CoastIndex, opts: CoastOptions): Coast {
  return coastOf(() => index, opts);
}

/** The JavaScript implementation of SurfaceEngine. */
function javascriptEngine(
  a: CoastIndex,
  box: readonly [number, number, number, number],
): SurfaceEngine {
  const grid = new SegmentGrid(a.shoreSegments, box, a.shoreCells);
  const land = new LandBands(a.landEdges, box[1], box[3], a.landBands);
  const memo = new DistanceMemo(box);
  const bounds = new Float64Array(2);
  return {
    surface(lat, lon, withinKm) {
      if (land.contains(lat, lon)) return ON_LAND;
      // A shore cut off by the clip could be nearer than every shore inside it: the answer is null
      // unless some shore inside lies within the distance to the clip's edge.
      const edgeKm = kmToBoxEdge(box, lat, lon);
      if (withinKm < Infinity) {
        // Farther than withinKm by the cell's bounds: any distance beyond it will do, and the
        // bounds alone say whether a shore lies within the edge distance (the answer is the one
        // the search below would give, without it).
        memo.bounds(grid, lat, lon, bounds);
        const lowerKm = bounds[0] as number;
        const upperKm = bounds[1] as number;
        if (lowerKm > edgeKm) return NO_ANSWER;
        if (lowerKm > withinKm && upperKm <= edgeKm) return upperKm;
      }
      let landKm = grid.nearestKm(lat, lon, Math.min(withinKm, edgeKm));
      if (withinKm < edgeKm && landKm > edgeKm) {
        // Farther than withinKm, and no shore yet found within the edge distance: the last
        // search's shore usually proves one (the points asked follow a track), else search on.
        const nearby = grid.upperBoundKm(lat, lon);
        landKm = nearby <= edgeKm ? nearby : grid.nearestKm(lat, lon, edgeKm);
      }
      return landKm > edgeKm ? NO_ANSWER : landKm;
    },
  };
}

function coastOf(build: () => CoastIndex, opts: CoastOptions): Coast {
  const box = opts.coverage;
  let built: CoastIndex | null = null;
  const arrays = (): CoastIndex => (built ??= build());
  let engine: SurfaceEngine | null = null;
  const engaged = (): SurfaceEngine => {
    if (engine !== null) return engine;
    const a = arrays();
    engine =
      (opts.engine === 'javascript' ? null : webAssemblyEngine(a, box, coastLayout(box))) ??
      javascriptEngine(a, box);
    return engine;
  };
  return {
    source: opts.source,
    coverage: box,
    prepare() {
      engaged();
    },
    index: arrays,
    surfaceAt(lat, lon, withinKm = Infinity) {
      // Written so that a place not a number is outside too (the kernel cannot take one).
      if (!(lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3])) return null;
      const km = engaged().surface(lat, lon, withinKm);
      if (km === ON_LAND) return { land: true, landKm: 0 };
      if (km === NO_ANSWER) return null;
      return { land: false, landKm: km };
    },
  };
}
