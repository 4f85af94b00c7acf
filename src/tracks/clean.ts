import { distanceKm, impliedSpeedKt } from '../geo/distance.js';
import type { Position } from '../ingest/types.js';

export interface CleanResult {
  readonly fixes: Position[];
  readonly duplicates: Position[];
  readonly outliers: Position[];
}

/** Sort key that makes the order independent of input order: time, then source file, then line. */
export function compareFixes(a: Position, b: Position): number {
  return (
    a.timeMs - b.timeMs || a.source.fileIndex - b.source.fileIndex || a.source.line - b.source.line
  );
}

/** What cleaning looks at in a fix. */
export interface FixPoint {
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
}

/**
 * Orders one aircraft's positions in time, folds reports of the same fix (from several sources or
 * repeated rows) into one, and drops isolated fixes that imply an impossible speed.
 */
export function cleanFixes(
  positions: readonly Position[],
  opts: { dedupeMs: number; dedupeKm: number; maxSpeedKt: number },
): CleanResult {
  return cleanSortedBy([...positions].sort(compareFixes), (p) => p, opts);
}

/**
 * `cleanFixes` on fixes already in `compareFixes` order, of any form (`at` tells where and when
 * each is): the store's fixes are cleaned by index, without an object per fix.
 */
export function cleanSortedBy<T>(
  sorted: readonly T[],
  at: (fix: T) => FixPoint,
  opts: { dedupeMs: number; dedupeKm: number; maxSpeedKt: number },
): { fixes: T[]; duplicates: T[]; outliers: T[] } {
  // Each fix's time and place asked of `at` once, into plain columns (24 bytes a fix, an
  // airframe's million fixes included): the cleaning asks for a fix's point five times or more,
  // and the store's `at` decodes three of its columns each time (12 ms of a day's report).
  const n = sorted.length;
  const timeMs = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    const p = at(sorted[k] as T);
    timeMs[k] = p.timeMs;
    lat[k] = p.lat;
    lon[k] = p.lon;
  }
  const pointOf = (k: number): FixPoint => ({
    timeMs: timeMs[k] as number,
    lat: lat[k] as number,
    lon: lon[k] as number,
  });
  const { unique, duplicates } = foldDuplicatesBy(
    sorted.map((_, k) => k),
    pointOf,
    opts,
  );
  const outliers: T[] = [];
  const fixes: number[] = [];
  const point = (k: number | undefined): FixPoint | undefined =>
    k === undefined ? undefined : pointOf(k);
  for (let i = 0; i < unique.length; i += 1) {
    const k = unique[i] as number;
    const prev = fixes[fixes.length - 1];
    if (
      isOutlier(
        point(prev),
        pointOf(k),
        point(unique[i + 1]),
        point(unique[i + 2]),
        opts.maxSpeedKt,
      )
    ) {
      outliers.push(sorted[k] as T);
    } else fixes.push(k);
  }
  const of = (ks: readonly number[]): T[] => ks.map((k) => sorted[k] as T);
  return { fixes: of(fixes), duplicates: of(duplicates), outliers };
}

/**
 * Splits time-ordered reports into distinct fixes and reports of a fix already kept (within
 * `dedupeMs` and `dedupeKm` of it): the same fix from another source, or a repeated row.
 */
export function foldDuplicates(
  sorted: readonly Position[],
  opts: { dedupeMs: number; dedupeKm: number },
): { unique: Position[]; duplicates: Position[] } {
  return foldDuplicatesBy(sorted, (p) => p, opts);
}

function foldDuplicatesBy<T>(
  sorted: readonly T[],
  at: (fix: T) => FixPoint,
  opts: { dedupeMs: number; dedupeKm: number },
): { unique: T[]; duplicates: T[] } {
  const unique: T[] = [];
  const duplicates: T[] = [];
  for (const p of sorted) {
    if (isDuplicate(unique, at(p), at, opts)) duplicates.push(p);
    else unique.push(p);
  }
  return { unique, duplicates };
}

function isDuplicate<T>(
  kept: readonly T[],
  p: FixPoint,
  at: (fix: T) => FixPoint,
  opts: { dedupeMs: number; dedupeKm: number },
): boolean {
  // Scan back over the few kept fixes within the time tolerance.
  for (let j = kept.length - 1; j >= 0; j -= 1) {
    const q = at(kept[j] as T);
    if (p.timeMs - q.timeMs > opts.dedupeMs) return false;
    if (distanceKm(p.lat, p.lon, q.lat, q.lon) <= opts.dedupeKm) return true;
  }
  return false;
}
/**
 * A fix is an outlier when it is too fast from the last good fix and too fast to the next one, while
 * those two agree with each other. At the ends of a track only one neighbour exists, so the
 * neighbour's own consistency with the fix beyond it decides.
 */
function isOutlier(
  prev: FixPoint | undefined,
  p: FixPoint,
  next: FixPoint | undefined,
  afterNext: FixPoint | undefined,
  maxKt: number,
): boolean {
  if (prev !== undefined && next !== undefined) {
    return (
      impliedSpeedKt(prev, p) > maxKt &&
      impliedSpeedKt(p, next) > maxKt &&
      impliedSpeedKt(prev, next) <= maxKt
    );
  }
  if (prev === undefined && next !== undefined && afterNext !== undefined) {
    return impliedSpeedKt(p, next) > maxKt && impliedSpeedKt(next, afterNext) <= maxKt;
  }
  if (prev !== undefined && next === undefined) {
    return impliedSpeedKt(prev, p) > maxKt;
  }
  return false;
}
