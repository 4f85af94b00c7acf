import { distanceKm, speedKtBetween } from '../geo/distance.js';
import type { Position } from '../ingest/types.js';
import { cleanInKernel, type CleanIndexes, type PointColumns } from './clean-kernel.js';
import type { ReusedColumns } from './reused-columns.js';

export type { CleanIndexes, PointColumns };

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

/** Tolerances within which two reports are one fix. */
interface DedupeParams {
  readonly dedupeMs: number;
  readonly dedupeKm: number;
}

/**
 * Orders one aircraft's positions in time, folds reports of the same fix (from several sources or
 * repeated rows) into one, and drops isolated fixes that imply an impossible speed.
 */
export function cleanFixes(
  positions: readonly Position[],
  opts: DedupeParams & { maxSpeedKt: number },
): CleanResult {
  const sorted = [...positions].sort(compareFixes);
  const found = cleanColumns(
    pointColumns(sorted, (p) => p),
    opts,
  );
  const at = (list: Int32Array): Position[] =>
    atFixes(sorted, list, new Array<Position>(list.length));
  return { fixes: at(found.fixes), duplicates: at(found.duplicates), outliers: at(found.outliers) };
}

/**
 * The entries of `values` (positions, store indexes, times) at fix numbers `list`, into `out`, in
 * a plain loop: this runs once per aircraft after reading, on code not yet optimised, where a
 * callback per fix costs more.
 */
export function atFixes<T, Out extends { [k: number]: T }>(
  values: ArrayLike<T>,
  list: Int32Array,
  out: Out,
): Out {
  for (let k = 0; k < list.length; k += 1) out[k] = values[list[k] as number] as T;
  return out;
}

/**
 * Cleaning by fix number: in WebAssembly (clean-kernel.ts), or in JavaScript where it is missing.
 * With `reuse`, the lists may be its views (see cleanInKernel).
 */
export function cleanColumns(
  points: PointColumns,
  opts: DedupeParams & { maxSpeedKt: number },
  reuse?: ReusedColumns,
): CleanIndexes {
  return cleanInKernel(points, opts, reuse) ?? cleanIndexes(points, opts);
}

/**
 * Cleaning by fix number in JavaScript: what kernel/clean.wat does (cleanInKernel), where
 * WebAssembly is missing.
 */
export function cleanIndexes(
  points: PointColumns,
  opts: DedupeParams & { maxSpeedKt: number },
): CleanIndexes {
  const { timeMs, lat, lon } = points;
  const { unique, uniqueCount, duplicates } = foldIndexes(points, opts);
  const maxKt = opts.maxSpeedKt;
  const speed = (a: number, b: number): number =>
    speedKtBetween(
      timeMs[a] as number,
      lat[a] as number,
      lon[a] as number,
      timeMs[b] as number,
      lat[b] as number,
      lon[b] as number,
    );
  const fixes: number[] = [];
  const outliers: number[] = [];
  // The last fix kept (-1: none yet).
  let prev = -1;
  for (let i = 0; i < uniqueCount; i += 1) {
    const k = unique[i] as number;
    const next = i + 1 < uniqueCount ? (unique[i + 1] as number) : -1;
    const afterNext = i + 2 < uniqueCount ? (unique[i + 2] as number) : -1;
    // A fix is an outlier when it is too fast from the last good fix and too fast to the next
    // one, while those two agree with each other. At the ends of a track only one neighbour
    // exists, so the neighbour's own consistency with the fix beyond it decides.
    let outlier = false;
    if (prev >= 0 && next >= 0) {
      outlier = speed(prev, k) > maxKt && speed(k, next) > maxKt && speed(prev, next) <= maxKt;
    } else if (prev < 0 && next >= 0 && afterNext >= 0) {
      outlier = speed(k, next) > maxKt && speed(next, afterNext) <= maxKt;
    } else if (prev >= 0 && next < 0) {
      outlier = speed(prev, k) > maxKt;
    }
    if (outlier) outliers.push(k);
    else {
      fixes.push(k);
      prev = k;
    }
  }
  return {
    fixes: Int32Array.from(fixes),
    duplicates: Int32Array.from(duplicates),
    outliers: Int32Array.from(outliers),
  };
}

/**
 * Splits time-ordered reports into distinct fixes and reports of a fix already kept (within
 * `dedupeMs` and `dedupeKm` of it): the same fix from another source, or a repeated row.
 */
export function foldDuplicates(
  sorted: readonly Position[],
  opts: DedupeParams,
): { unique: Position[]; duplicates: Position[] } {
  const { unique, uniqueCount, duplicates } = foldIndexes(
    pointColumns(sorted, (p) => p),
    opts,
  );
  return {
    unique: Array.from(unique.subarray(0, uniqueCount), (k) => sorted[k] as Position),
    duplicates: duplicates.map((k) => sorted[k] as Position),
  };
}

/**
 * Each fix's time and place asked of `at` once, into plain columns (24 bytes a fix, an airframe's
 * million fixes included), then asked by index. Cleaning runs once per report, on code not yet
 * optimised: the store's `at` decoded three of its columns at each of a fix's five or more
 * questions (12 ms of a day's report), and an object made per question cost about half of the
 * stage (21,500 fixes of an OpenSky hour: 24 ms).
 */
function pointColumns<T>(sorted: readonly T[], at: (fix: T) => FixPoint): PointColumns {
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
  return { timeMs, lat, lon };
}

/**
 * The indexes of the distinct fixes (the first `uniqueCount` of `unique`) and of the reports of a
 * fix already kept, in order.
 */
function foldIndexes(
  { timeMs, lat, lon }: PointColumns,
  opts: DedupeParams,
): { unique: Int32Array; uniqueCount: number; duplicates: number[] } {
  const unique = new Int32Array(timeMs.length);
  let uniqueCount = 0;
  const duplicates: number[] = [];
  for (let k = 0; k < timeMs.length; k += 1) {
    const t = timeMs[k] as number;
    const la = lat[k] as number;
    const lo = lon[k] as number;
    // Scan back over the few kept fixes within the time tolerance.
    let duplicate = false;
    for (let j = uniqueCount - 1; j >= 0; j -= 1) {
      const q = unique[j] as number;
      if (t - (timeMs[q] as number) > opts.dedupeMs) break;
      if (distanceKm(la, lo, lat[q] as number, lon[q] as number) <= opts.dedupeKm) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) duplicates.push(k);
    else unique[uniqueCount++] = k;
  }
  return { unique, uniqueCount, duplicates };
}
