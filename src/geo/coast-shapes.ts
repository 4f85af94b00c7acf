/**
 * The shapes a coast's index and its answering engines share (coast.ts builds and asks them,
 * coast-index-file.ts stores the index, coast-kernel.ts answers in WebAssembly), and the one order
 * of the index's arrays: here, so that none of those modules imports another in a circle.
 */

/** Segments bucketed: bucket b holds the segments items[start[b]] to items[start[b + 1] - 1]. */
export interface Buckets {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/**
 * A coast's index as flat arrays: its shore segments (lon1, lat1, lon2, lat2 each) bucketed in
 * 0.1° cells of its coverage box, and its land edges in 0.05° bands of latitude (coast.ts). What
 * coastFromGeoJson builds at the first question; the build stores each bundled area's
 * (coast-index-file.ts), so that a run loads it rather than building it (12-14 ms).
 */
export interface CoastIndex {
  readonly shoreSegments: Float64Array;
  readonly shoreCells: Buckets;
  readonly landEdges: Float64Array;
  readonly landBands: Buckets;
}

/** The index's arrays in the order the stored file and the kernel's memory lay them out. */
export type CoastIndexArrays = [
  Float64Array,
  Int32Array,
  Int32Array,
  Float64Array,
  Int32Array,
  Int32Array,
];

export const coastIndexArrays = (index: CoastIndex): CoastIndexArrays => [
  index.shoreSegments,
  index.shoreCells.start,
  index.shoreCells.items,
  index.landEdges,
  index.landBands.start,
  index.landBands.items,
];

/** The distance memo's grid over a box: its size, and each row's reach (see coast.ts's DistanceMemo). */
export interface MemoGrid {
  readonly cols: number;
  readonly rows: number;
  /** The largest distance from a cell's centre to any point of the cell, per row (km). */
  readonly reachKm: Float64Array;
}

/**
 * What the WebAssembly kernel needs beside the index: the grids of a coast's box (the shore
 * segments' cells, the land's bands, the distance memo) and the constants of its distances.
 */
export interface CoastLayout {
  readonly shoreCols: number;
  readonly shoreRows: number;
  readonly landBands: number;
  readonly memo: MemoGrid;
  /** The cells' sizes, in degrees: shore segments', land bands', the memo's. */
  readonly shoreCellDeg: number;
  readonly landBandDeg: number;
  readonly memoCellDeg: number;
  /** How far a computed distance may exceed the true one: this share of it, plus this many km. */
  readonly memoSlack: number;
  readonly memoSlackKm: number;
  readonly radiansPerDegree: number;
  readonly earthRadiusKm: number;
  readonly kmPerDegree: number;
}

/**
 * What answers a coast's questions for points inside its box: -1 (ON_LAND) over land, -2
 * (NO_ANSWER) where the data cannot tell, else the distance to land in km (exact up to `withinKm`;
 * beyond it some distance no less). Two implementations give identical answers: WebAssembly
 * (coast-kernel.ts, compiled at once) and JavaScript (where WebAssembly is missing).
 */
export interface SurfaceEngine {
  surface(lat: number, lon: number, withinKm: number): number;
}
