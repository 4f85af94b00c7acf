import type { Coast } from '../geo/coast.js';
import type { FixStore } from '../ingest/fix-store.js';
import type { Position } from '../ingest/types.js';
import { atFixes, cleanColumns, cleanFixes, type PointColumns } from './clean.js';
import { INFERRED_LANDING, isGroundReport, isGroundReportOf, isInferredLanding } from './legs.js';
import { ReusedColumns } from './reused-columns.js';
import { splitSorties } from './sorties.js';
import {
  OUTLIER_AIRCRAFT_MIN,
  type OutlierAircraft,
  type Sortie,
  type TrackParams,
  type TrackStats,
} from './types.js';

const HOUR_MS = 3_600_000;

/**
 * The record of an aircraft with many outliers (asked for those with OUTLIER_AIRCRAFT_MIN or more):
 * the times of the `n` fixes cleaning took, and its outliers' times (in time order) and inputs.
 */
function outlierAircraft(
  hex: string,
  timeMs: ArrayLike<number>,
  n: number,
  outlierTimeMs: Float64Array,
  outlierFileIndex: Int32Array,
): OutlierAircraft {
  const fixesByHour = new Map<number, number>();
  for (let k = 0; k < n; k += 1) {
    const hour = Math.floor((timeMs[k] as number) / HOUR_MS);
    fixesByHour.set(hour, (fixesByHour.get(hour) ?? 0) + 1);
  }
  return { hex, outlierTimeMs, outlierFileIndex, fixesByHour };
}

type StatsBeingBuilt = {
  duplicates: Map<number, number>;
  outliers: Map<number, number>;
  outlierAircraft: OutlierAircraft[];
};

const newStats = (): StatsBeingBuilt => ({
  duplicates: new Map<number, number>(),
  outliers: new Map<number, number>(),
  outlierAircraft: [],
});

function bump(map: Map<number, number>, positions: readonly Position[]): void {
  for (const p of positions) map.set(p.source.fileIndex, (map.get(p.source.fileIndex) ?? 0) + 1);
}

/**
 * One aircraft's positions (any order) turned into its sorties; what cleaning removed is counted
 * into `stats`.
 */
function sortiesOfAircraft(
  hex: string,
  positions: readonly Position[],
  params: TrackParams,
  coast: Coast | null,
  stats: StatsBeingBuilt,
): Sortie[] {
  const clean = cleanFixes(positions, params);
  bump(stats.duplicates, clean.duplicates);
  bump(stats.outliers, clean.outliers);
  if (clean.outliers.length >= OUTLIER_AIRCRAFT_MIN) {
    stats.outlierAircraft.push(
      outlierAircraft(
        hex,
        positions.map((p) => p.timeMs),
        positions.length,
        Float64Array.from(clean.outliers, (p) => p.timeMs),
        Int32Array.from(clean.outliers, (p) => p.source.fileIndex),
      ),
    );
  }
  const sorties: Sortie[] = [];
  for (const s of splitSorties(clean.fixes, params, coast)) {
    const first = s.fixes[0];
    const last = s.fixes[s.fixes.length - 1];
    const dupes =
      first === undefined || last === undefined
        ? []
        : clean.duplicates.filter((d) => d.timeMs >= first.timeMs && d.timeMs <= last.timeMs);
    sorties.push({
      hex,
      fixes: s.fixes,
      startedBy: s.startedBy,
      endedBy: s.endedBy,
      duplicates: dupes,
      hexChanges: [],
    });
  }
  return sorties;
}

/**
 * Groups positions by aircraft and turns each aircraft's positions into sorties.
 * Positions without an address are ignored here (they cannot be tied to an airframe).
 * `coast` lets sortie splitting tell coverage holes over open water from landings.
 */
export function buildSorties(
  positions: readonly Position[],
  params: TrackParams,
  coast: Coast | null = null,
): { sorties: Sortie[]; stats: TrackStats } {
  const byHex = new Map<string, Position[]>();
  for (const p of positions) {
    if (p.hex === null) continue;
    let list = byHex.get(p.hex);
    if (list === undefined) byHex.set(p.hex, (list = []));
    list.push(p);
  }
  const stats = newStats();
  const sorties: Sortie[] = [];
  for (const hex of [...byHex.keys()].sort()) {
    sorties.push(...sortiesOfAircraft(hex, byHex.get(hex) ?? [], params, coast, stats));
  }
  return { sorties, stats };
}

/** A sortie held as indexes into the store of fixes, not as objects. */
export interface StoredSortie {
  readonly hex: string;
  readonly startedBy: Sortie['startedBy'];
  readonly endedBy: Sortie['endedBy'];
  readonly fixes: Uint32Array;
  readonly duplicates: Uint32Array;
  readonly startMs: number;
  readonly endMs: number;
  /** Every callsign its fixes carried, normalised (for stitching). */
  readonly callsigns: ReadonlySet<string>;
  /**
   * The box [west, south, east, north] its fixes lie in, when known: a sortie whose box misses a
   * region's needs no look at its fixes (most identified aircraft fly far from the region).
   */
  readonly box?: readonly [number, number, number, number];
}

/** Time order of the store's fixes, as `compareFixes` orders positions (ties in store order). */
function compareStored(store: FixStore): (i: number, j: number) => number {
  return (i, j) =>
    store.timeAt(i) - store.timeAt(j) ||
    store.fileIndexAt(i) - store.fileIndexAt(j) ||
    store.lineAt(i) - store.lineAt(j);
}

/** Whether `indexes`, whose times are `timeMs`, are already in `compareStored` order. */
function inStoredOrder(store: FixStore, indexes: Uint32Array, timeMs: Float64Array): boolean {
  const compare = compareStored(store);
  for (let k = 1; k < indexes.length; k += 1) {
    const dt = (timeMs[k] as number) - (timeMs[k - 1] as number);
    if (dt > 0) continue;
    if (dt < 0 || Number.isNaN(dt)) return false;
    // The same time: the file and the line decide, as the sort would.
    if (compare(indexes[k - 1] as number, indexes[k] as number) > 0) return false;
  }
  return true;
}

/**
 * `buildSorties` over a store, aircraft by aircraft, without an object per fix of the aircraft:
 * a year of one airframe is a million fixes. Its fixes are ordered and cleaned by index, then taken
 * a stretch at a time, between silences longer than the sortie gap (and than the look-back of an
 * inferred landing), which always end a sortie. A stretch with nothing in it that could end a
 * sortie is one, read from the columns; any other is made into positions and split into sorties
 * as a whole track would be. Then the sorties at a stretch's ends take the labels a whole track
 * gives there (a gap, or a landing inferred across it). Sorties are kept as indexes into the store.
 */
export function buildStoredSorties(
  store: FixStore,
  params: TrackParams,
  coast: Coast | null = null,
): { sorties: StoredSortie[]; stats: TrackStats } {
  const byHex = store.indexesByHex();
  const stats = newStats();
  const sorties: StoredSortie[] = [];
  const bumpStored = (map: Map<number, number>, list: Uint32Array): void => {
    for (let k = 0; k < list.length; k += 1) {
      const f = store.fileIndexAt(list[k] as number);
      map.set(f, (map.get(f) ?? 0) + 1);
    }
  };
  const silenceMs = Math.max(params.gapMs, INFERRED_LANDING.lookMs);
  // Every array below lives for one aircraft: the sorties keep copies (slices) of what they need.
  const reuse = new ReusedColumns();
  const columns = (n: number) => ({
    timeMs: reuse.float64('time', n),
    lat: reuse.float64('lat', n),
    lon: reuse.float64('lon', n),
  });
  for (const hex of [...byHex.keys()].sort()) {
    const listed = byHex.get(hex) as Uint32Array;
    // Each aircraft's indexes let go once sorted: not every aircraft's held to the end.
    byHex.delete(hex);
    // Store order is most often time order already (rows of a file): then nothing is sorted.
    let points = store.pointColumns(listed, columns(listed.length));
    let sorted = listed;
    if (!inStoredOrder(store, sorted, points.timeMs)) {
      sorted = Uint32Array.from(Array.from(listed).sort(compareStored(store)));
      points = store.pointColumns(sorted, columns(sorted.length));
    }
    const clean = cleanColumns(points, params, reuse);
    const duplicates = atFixes(
      sorted,
      clean.duplicates,
      reuse.uint32('duplicates', clean.duplicates.length),
    );
    bumpStored(stats.duplicates, duplicates);
    bumpStored(
      stats.outliers,
      atFixes(sorted, clean.outliers, reuse.uint32('outliers', clean.outliers.length)),
    );
    if (clean.outliers.length >= OUTLIER_AIRCRAFT_MIN) {
      stats.outlierAircraft.push(
        outlierAircraft(
          hex,
          points.timeMs,
          sorted.length,
          Float64Array.from(clean.outliers, (k) => points.timeMs[k] as number),
          Int32Array.from(clean.outliers, (k) => store.fileIndexAt(sorted[k] as number)),
        ),
      );
    }
    const kept = keptStretches(sorted, points, clean.fixes, silenceMs, params.gapMs, reuse);
    const { fixes, timeMs: times } = kept;
    // The times of the duplicates, read once (the store's are the same).
    const duplicateTimes = atFixes(
      points.timeMs,
      clean.duplicates,
      reuse.float64('duplicate times', clean.duplicates.length),
    );
    const duplicatesFrom = (startMs: number, endMs: number): Uint32Array =>
      // The duplicates are in time order, as the fixes they were folded out of.
      duplicates.slice(
        countBefore(duplicateTimes, startMs, false),
        countBefore(duplicateTimes, endMs, true),
      );
    const track: Kept = { store, fixes, timeMs: times };
    let before: Stretch | null = null;
    for (const [n, to] of kept.ends.entries()) {
      const from = n === 0 ? 0 : (kept.ends[n - 1] as number);
      const current: Stretch = {
        from,
        to,
        sorties:
          kept.steady[n] === 1 && !hasGroundReport(track, from, to)
            ? [wholeStretch(track, hex, from, to, duplicatesFrom, kept.boxes, n)]
            : splitStretch(store, hex, fixes, from, to, params, coast, duplicatesFrom),
      };
      if (before !== null) {
        relabel(track, before, current, coast);
        sorties.push(...before.sorties);
      }
      before = current;
    }
    sorties.push(...(before?.sorties ?? []));
  }
  return { sorties, stats };
}

/** An aircraft's fixes kept (store indexes, in time order) and their times. */
interface Kept {
  readonly store: FixStore;
  readonly fixes: Uint32Array;
  readonly timeMs: Float64Array;
}

/**
 * An aircraft's fixes kept, cut into stretches between silences longer than `silenceMs`: their
 * store indexes and times; where each stretch ends; whether its steps are all short enough to make
 * it one sortie (none over `gapMs` nor as long as `INFERRED_LANDING.minSilenceMs`: 1, else 0); and
 * the box of its places [west, south, east, north, ...] (NaN when a place is not a number).
 */
interface KeptStretches {
  readonly fixes: Uint32Array;
  readonly timeMs: Float64Array;
  readonly ends: number[];
  readonly steady: number[];
  readonly boxes: number[];
}

/**
 * `KeptStretches` of the fixes at fix numbers `numbers` (kept by cleaning) of the aircraft's
 * `points` (store indexes `sorted`), in one pass: this runs once per aircraft after reading, on
 * code not yet optimised, where each pass over the fixes costs about as much as the others.
 */
function keptStretches(
  sorted: Uint32Array,
  points: PointColumns,
  numbers: Int32Array,
  silenceMs: number,
  gapMs: number,
  reuse: ReusedColumns,
): KeptStretches {
  const { timeMs, lat, lon } = points;
  const n = numbers.length;
  const fixes = reuse.uint32('kept fixes', n);
  const times = reuse.float64('kept times', n);
  const ends: number[] = [];
  const steady: number[] = [];
  const boxes: number[] = [];
  const landingMs = INFERRED_LANDING.minSilenceMs;
  let ok = 1;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  let places = 0;
  for (let k = 0; k < n; k += 1) {
    const j = numbers[k] as number;
    const t = timeMs[j] as number;
    fixes[k] = sorted[j] as number;
    times[k] = t;
    if (k > 0) {
      const stepMs = t - (times[k - 1] as number);
      if (!(stepMs <= silenceMs)) {
        ends.push(k);
        steady.push(ok);
        if (Number.isNaN(places)) boxes.push(NaN, NaN, NaN, NaN);
        else boxes.push(west, south, east, north);
        ok = 1;
        west = south = Infinity;
        east = north = -Infinity;
        places = 0;
      } else if (!(stepMs <= gapMs && stepMs < landingMs)) ok = 0;
    }
    const x = lon[j] as number;
    const y = lat[j] as number;
    places += x + y;
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  if (n > 0) {
    ends.push(n);
    steady.push(ok);
    if (Number.isNaN(places)) boxes.push(NaN, NaN, NaN, NaN);
    else boxes.push(west, south, east, north);
  }
  return { fixes, timeMs: times, ends, steady, boxes };
}

/** An aircraft's fixes[from, to) between two silences, and the sorties made of them. */
interface Stretch {
  readonly from: number;
  readonly to: number;
  sorties: StoredSortie[];
}

const normalCallsign = (callsign: string): string => callsign.trim().toUpperCase();

/**
 * Whether the stretch fixes[from, to) holds a ground report: with steps all short (see
 * KeptStretches.steady), a stretch without one is a sortie from its first fix to its last, read
 * from the store's columns (most stretches are such: their fixes are not made into objects at all).
 * Only a fix reported on the ground can be a ground report: its speed is read then.
 */
function hasGroundReport({ store, fixes }: Kept, from: number, to: number): boolean {
  for (
    let k = store.nextOnGround(fixes, from, to);
    k < to;
    k = store.nextOnGround(fixes, k + 1, to)
  ) {
    if (isGroundReportOf(true, store.groundSpeedAt(fixes[k] as number))) return true;
  }
  return false;
}

/**
 * The one sortie of a stretch with short steps and no ground report (the `n`th stretch, whose box
 * is in `boxes`), made from the store's columns.
 */
function wholeStretch(
  { store, fixes, timeMs }: Kept,
  hex: string,
  from: number,
  to: number,
  duplicatesFrom: (startMs: number, endMs: number) => Uint32Array,
  boxes: readonly number[],
  n: number,
): StoredSortie {
  const startMs = timeMs[from] as number;
  const endMs = timeMs[to - 1] as number;
  return {
    hex,
    startedBy: 'first-fix',
    endedBy: 'last-fix',
    fixes: fixes.slice(from, to),
    duplicates: duplicatesFrom(startMs, endMs),
    startMs,
    endMs,
    callsigns: store.callsignsOf(fixes, from, to, normalCallsign),
    box: [
      boxes[4 * n] as number,
      boxes[4 * n + 1] as number,
      boxes[4 * n + 2] as number,
      boxes[4 * n + 3] as number,
    ],
  };
}

/** The sorties splitSorties makes of the stretch fixes[from, to), as positions made of them. */
function splitStretch(
  store: FixStore,
  hex: string,
  fixes: Uint32Array,
  from: number,
  to: number,
  params: TrackParams,
  coast: Coast | null,
  duplicatesFrom: (startMs: number, endMs: number) => Uint32Array,
): StoredSortie[] {
  const stretch = store.positionsAt(fixes.subarray(from, to));
  const split = splitSorties(stretch, params, coast);
  const indexes = storeIndexes(split, stretch, fixes, from);
  return split.map((s, n) => {
    const first = s.fixes[0] as Position;
    const last = s.fixes[s.fixes.length - 1] as Position;
    const callsigns = new Set<string>();
    for (const p of s.fixes) if (p.callsign !== null) callsigns.add(normalCallsign(p.callsign));
    return {
      hex,
      startedBy: s.startedBy,
      endedBy: s.endedBy,
      fixes: indexes[n] as Uint32Array,
      duplicates: duplicatesFrom(first.timeMs, last.timeMs),
      startMs: first.timeMs,
      endMs: last.timeMs,
      callsigns,
    };
  });
}

/**
 * The store indexes of each sortie's fixes, `stretch` being the positions made of `fixes[from]` on.
 * splitSorties keeps the stretch's order: each sortie's fixes come in it, and a sortie starts at
 * or after the last fix of the one before (a landing's ground report may end one and start the
 * next), so one walk of the stretch finds them all, with no map from every position to its index.
 * Should a fix not be found so, that sortie is looked up in such a map.
 */
function storeIndexes(
  sorties: readonly { readonly fixes: readonly Position[] }[],
  stretch: readonly Position[],
  fixes: Uint32Array,
  from: number,
): Uint32Array[] {
  let k = 0;
  return sorties.map(({ fixes: sortie }) => {
    const out = new Uint32Array(sortie.length);
    const start = k;
    for (let j = 0; j < sortie.length; j += 1) {
      while (k < stretch.length && stretch[k] !== sortie[j]) k += 1;
      if (k === stretch.length) {
        k = start;
        const indexOf = new Map(stretch.map((q, m) => [q, fixes[from + m] as number]));
        return Uint32Array.from(sortie, (q) => indexOf.get(q) as number);
      }
      out[j] = fixes[from + k] as number;
    }
    return out;
  });
}

/** How many of the ascending `times` lie before `timeMs` (or at it, with `atToo`). */
function countBefore(times: Float64Array, timeMs: number, atToo: boolean): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = times[mid] as number;
    if (t < timeMs || (atToo && t === timeMs)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The labels a whole track gives the sorties either side of a silence between two stretches: the
 * sortie ending at the last fix before it ends by an inferred landing when one is seen across the
 * silence (both fixes airborne), else by the gap; the next sortie starts likewise. Only the last
 * close of a stretch gives `last-fix`, and only its first sortie can keep `first-fix`. The landing
 * is asked of the fixes within its look-back and look-ahead of the silence, all it reads.
 */
function relabel(
  { store, fixes, timeMs }: Kept,
  before: Stretch,
  after: Stretch,
  coast: Coast | null,
): void {
  const lookMs = INFERRED_LANDING.lookMs;
  const lastMs = timeMs[before.to - 1] as number;
  let tailFrom = before.to - 1;
  while (tailFrom > before.from && lastMs - (timeMs[tailFrom - 1] as number) <= lookMs)
    tailFrom -= 1;
  const firstMs = timeMs[after.from] as number;
  let headTo = after.from + 1;
  while (headTo < after.to && (timeMs[headTo] as number) - firstMs <= lookMs) headTo += 1;
  const tail = store.positionsAt(fixes.subarray(tailFrom, before.to));
  const window = [...tail, ...store.positionsAt(fixes.subarray(after.from, headTo))];
  const a = window[tail.length - 1] as Position;
  const b = window[tail.length] as Position;
  const inferred =
    !isGroundReport(a) && !isGroundReport(b) && isInferredLanding(window, tail.length, coast);
  const ended: Sortie['endedBy'] = inferred ? 'inferred-landing' : 'gap';
  const started: Sortie['startedBy'] = inferred ? 'inferred-take-off' : 'after-gap';
  before.sorties = before.sorties.map((s) =>
    s.endedBy === 'last-fix' ? { ...s, endedBy: ended } : s,
  );
  after.sorties = after.sorties.map((s) =>
    s.startedBy === 'first-fix' ? { ...s, startedBy: started } : s,
  );
}

/** A stored sortie's fixes as objects again. */
export function loadSortie(store: FixStore, s: StoredSortie): Sortie {
  return {
    hex: s.hex,
    fixes: store.positionsAt(s.fixes),
    startedBy: s.startedBy,
    endedBy: s.endedBy,
    duplicates: store.positionsAt(s.duplicates),
    hexChanges: [],
  };
}
