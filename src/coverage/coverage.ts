import type { Position } from '../ingest/types.js';

export const MS_PER_HOUR = 3_600_000;

/**
 * How far beyond the region's bounding box a report still shows that the inputs were listening
 * near the region: 1° (about 110 km north–south, 100 km east–west at 25°N). A receiver that hears
 * an aircraft that close to the region hears aircraft inside it too (line of sight to an aircraft
 * at FL300 reaches about 370 km), and exports clipped to the region with a small pad still count;
 * a wider margin would let traffic over Los Angeles, Phoenix or Guadalajara (250 km and more from
 * the Gulf) pass for coverage of the Gulf.
 */
export const COVERAGE_MARGIN_DEG = 1;

/** The UTC clock hours in which any input had any report in or near the region. */
export interface Coverage {
  /** The box that counts as "near": the region's bounding box widened by the margin. */
  readonly bbox: readonly [number, number, number, number];
  readonly marginDeg: number;
  /** Covered hours as hour numbers since the epoch (start ms / 3,600,000), ascending, distinct. */
  readonly hours: readonly number[];
  /**
   * The covered hours with a report from an aircraft that cannot be a surveillance aircraft (an
   * airliner, say). Coverage shown only by the surveillance aircraft themselves follows the
   * missions, not the receivers: per-aircraft exports cannot tell when the region was watched.
   */
  readonly otherTrafficHours: readonly number[];
  /**
   * The same hours per input (by file index): which input was listening when, for telling a
   * receiver's outage from a quiet spell (src/coverage/outages.ts). Positions placed only when
   * the inputs are joined (those without an address) count in `hours` alone.
   */
  readonly bySource: ReadonlyMap<number, CoveredHours>;
  /**
   * Per input (by file index), the first and last hour of its positions placed only when the
   * inputs are joined (those without an address) that lie near the region: they show when such an
   * input holds time near the region, never that anyone listened. Absent: none.
   */
  readonly placedBySource?: ReadonlyMap<number, readonly [number, number]>;
}

/** A report near the region, as much of it as tells whether an aircraft was cut off in mid-air. */
export interface EdgeFix {
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly altitudeFt: number | null;
  readonly onGround: boolean;
  readonly groundSpeedKt: number | null;
  readonly trackDeg: number | null;
}

/** The hours of a Coverage, as a reading thread sends them back. */
export interface CoveredHours {
  readonly hours: readonly number[];
  readonly otherTrafficHours: readonly number[];
  /**
   * Per heard hour (same order as `hours`), its first and last report near the region, and the
   * box those reports spanned: what a silence began and ended with. Absent where reports were
   * counted without being built (the big-CSV fast path), which then judges silences alone.
   */
  readonly edges?: { readonly first: EdgeFix; readonly last: EdgeFix }[];
  readonly extent?: readonly [number, number, number, number];
}

/** A report near the region (or not), by its values, as CoverageCollector.add takes it. */
export type FixCoverage = (
  timeMs: number,
  lat: number,
  lon: number,
  altitudeFt: number | null,
  onGround: boolean,
  groundSpeedKt: number | null,
  trackDeg: number | null,
  candidate: boolean,
) => void;

/** What a reader that makes no positions feeds a collector with: reports by values, and boxes. */
export type FixCoverageTarget = Pick<CoverageCollector, 'bbox' | 'addFix' | 'widen'>;

/** Collects coverage from every position read, kept for tracks or not. */
export interface CoverageCollector {
  /** The region's own bounding box, as given. */
  readonly regionBbox: readonly [number, number, number, number];
  /** The box that counts as near (the region's widened by the margin). */
  readonly bbox: readonly [number, number, number, number];
  /** `candidate`: the report is from an aircraft that may be a surveillance aircraft. */
  readonly add: (p: Position, candidate: boolean) => void;
  /** `add` of a position placed when the inputs are joined (see Coverage.placedBySource). */
  readonly addPlaced: (p: Position, candidate: boolean) => void;
  /** `add` of a report given by its values (a reader that makes no position of it). */
  readonly addFix: FixCoverage;
  /**
   * Adds an hour (hour number since the epoch) in which a report near the region was read without
   * being built (the fast path checks the box), by other traffic or not.
   */
  readonly addHour: (hour: number, otherTraffic: boolean) => void;
  /** The hours with each hour's first and last fix (see CoveredHours.edges). */
  readonly withEdges: () => CoveredHours;
  /** Adds the hours another collector (on another thread) found, for the input `fileIndex`. */
  readonly addHours: (hours: CoveredHours, fileIndex?: number) => void;
  /**
   * Widens the box the reports spanned by reports near the region counted elsewhere (a database's
   * aggregates per hour, whose first and last reports are `add`ed): [west, south, east, north].
   */
  readonly widen: (extent: readonly [number, number, number, number]) => void;
  readonly result: () => Coverage;
}

/** Starts collecting coverage for a region's bounding box widened by `marginDeg`. */
export function coverageCollector(
  regionBbox: readonly [number, number, number, number],
  marginDeg: number = COVERAGE_MARGIN_DEG,
): CoverageCollector {
  const [w, s, e, n] = regionBbox;
  const bbox = [w - marginDeg, s - marginDeg, e + marginDeg, n + marginDeg] as const;
  const hours = new Set<number>();
  const other = new Set<number>();
  const bySource = new Map<number, CoveredHours>();
  const placedBySource = new Map<number, [number, number]>();
  // Each hour's first and last report near the region, copied (in time-ordered input every
  // report is a new last: a copy of its values, not the report, so that readers need make none).
  const edges = new Map<number, { first: EdgeFix; last: EdgeFix }>();
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  const edgeFix = (p: EdgeFix): EdgeFix => ({
    timeMs: p.timeMs,
    lat: p.lat,
    lon: p.lon,
    altitudeFt: p.altitudeFt,
    onGround: p.onGround,
    groundSpeedKt: p.groundSpeedKt,
    trackDeg: p.trackDeg,
  });
  // Inputs are mostly in time order, so most reports fall in the hour just seen.
  let lastHour = NaN;
  let lastOtherHour = NaN;
  const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
  const addFix: FixCoverage = (
    timeMs,
    lat,
    lon,
    altitudeFt,
    onGround,
    groundSpeedKt,
    trackDeg,
    candidate,
  ) => {
    if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) return;
    const hour = Math.floor(timeMs / MS_PER_HOUR);
    if (hour !== lastHour) {
      lastHour = hour;
      hours.add(hour);
    }
    const e = edges.get(hour);
    if (e === undefined) {
      const fix = { timeMs, lat, lon, altitudeFt, onGround, groundSpeedKt, trackDeg };
      edges.set(hour, { first: fix, last: { ...fix } });
    } else if (timeMs < e.first.timeMs) {
      e.first = { timeMs, lat, lon, altitudeFt, onGround, groundSpeedKt, trackDeg };
    } else if (timeMs >= e.last.timeMs) {
      const last = e.last as { -readonly [K in keyof EdgeFix]: EdgeFix[K] };
      last.timeMs = timeMs;
      last.lat = lat;
      last.lon = lon;
      last.altitudeFt = altitudeFt;
      last.onGround = onGround;
      last.groundSpeedKt = groundSpeedKt;
      last.trackDeg = trackDeg;
    }
    // + 0: -0 and 0 are one edge, whichever report came first (readers feed them in other orders).
    if (lon < (extent[0] as number)) extent[0] = lon + 0;
    if (lat < (extent[1] as number)) extent[1] = lat + 0;
    if (lon > (extent[2] as number)) extent[2] = lon + 0;
    if (lat > (extent[3] as number)) extent[3] = lat + 0;
    if (!candidate && hour !== lastOtherHour) {
      lastOtherHour = hour;
      other.add(hour);
    }
  };
  const add = (p: Position, candidate: boolean): void =>
    addFix(
      p.timeMs,
      p.lat,
      p.lon,
      p.altitudeFt,
      p.onGround,
      p.groundSpeedKt,
      p.trackDeg,
      candidate,
    );
  return {
    regionBbox,
    bbox,
    add,
    addPlaced(p, candidate) {
      add(p, candidate);
      if (p.lon < bbox[0] || p.lon > bbox[2] || p.lat < bbox[1] || p.lat > bbox[3]) return;
      const hour = Math.floor(p.timeMs / MS_PER_HOUR);
      const span = placedBySource.get(p.source.fileIndex);
      if (span === undefined) placedBySource.set(p.source.fileIndex, [hour, hour]);
      else {
        if (hour < span[0]) span[0] = hour;
        if (hour > span[1]) span[1] = hour;
      }
    },
    addFix,
    addHour(hour, otherTraffic) {
      hours.add(hour);
      if (otherTraffic) other.add(hour);
    },
    addHours(found, fileIndex) {
      for (const h of found.hours) hours.add(h);
      for (const h of found.otherTrafficHours) other.add(h);
      if (fileIndex !== undefined) bySource.set(fileIndex, found);
    },
    widen([w, s, e, n]) {
      if (w < (extent[0] as number)) extent[0] = w + 0;
      if (s < (extent[1] as number)) extent[1] = s + 0;
      if (e > (extent[2] as number)) extent[2] = e + 0;
      if (n > (extent[3] as number)) extent[3] = n + 0;
    },
    withEdges() {
      const all = sorted(hours);
      const known = all.every((h) => edges.has(h));
      return {
        hours: all,
        otherTrafficHours: sorted(other),
        ...(known && all.length > 0
          ? {
              edges: all.map((h) => {
                const e = edges.get(h) as { first: EdgeFix; last: EdgeFix };
                return { first: edgeFix(e.first), last: edgeFix(e.last) };
              }),
              extent: extent as unknown as readonly [number, number, number, number],
            }
          : {}),
      };
    },
    result: () => ({
      bbox,
      marginDeg,
      hours: sorted(hours),
      otherTrafficHours: sorted(other),
      bySource,
      placedBySource,
    }),
  };
}

/** First index in the ascending `hours` whose hour is at or after `hour`. */
function lowerBound(hours: readonly number[], hour: number): number {
  let lo = 0;
  let hi = hours.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hours[mid] as number) < hour) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Covered time inside [startMs, endMs), in ms: the covered hours clipped to the interval (periods in
 * zones with half-hour offsets start mid-hour, so hours are clipped, not counted whole).
 */
export function coveredMs(coverage: Coverage, startMs: number, endMs: number): number {
  return hoursMs(coverage.hours, startMs, endMs);
}

/** Time inside [startMs, endMs) covered by the ascending hour numbers `hours`, in ms. */
export function hoursMs(hours: readonly number[], startMs: number, endMs: number): number {
  if (!(endMs > startMs)) return 0;
  let total = 0;
  for (let i = lowerBound(hours, Math.floor(startMs / MS_PER_HOUR)); i < hours.length; i += 1) {
    const hourStart = (hours[i] as number) * MS_PER_HOUR;
    if (hourStart >= endMs) break;
    total += Math.min(hourStart + MS_PER_HOUR, endMs) - Math.max(hourStart, startMs);
  }
  return total;
}

/**
 * The uncovered stretches of [startMs, endMs) at least `minMs` long, in time order: where the
 * inputs had nothing in or near the region.
 */
export function coverageGaps(
  coverage: Coverage,
  startMs: number,
  endMs: number,
  minMs: number,
): { startMs: number; endMs: number }[] {
  const gaps: { startMs: number; endMs: number }[] = [];
  let cursor = startMs;
  const hours = coverage.hours;
  for (let i = lowerBound(hours, Math.floor(startMs / MS_PER_HOUR)); i < hours.length; i += 1) {
    const hourStart = (hours[i] as number) * MS_PER_HOUR;
    if (hourStart >= endMs) break;
    if (hourStart - cursor >= minMs) gaps.push({ startMs: cursor, endMs: hourStart });
    cursor = Math.max(cursor, hourStart + MS_PER_HOUR);
  }
  if (endMs - cursor >= minMs) gaps.push({ startMs: cursor, endMs });
  return gaps;
}
