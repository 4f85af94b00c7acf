import type { Position } from '../ingest/types.js';

/**
 * How a sortie began: a take-off seen in ground reports, one inferred from a descent and a climb
 * around a silence near land (no ground reports), the first fix of the aircraft, or after a
 * reporting gap longer than `--gap`.
 */
export type SortieStart = 'take-off' | 'inferred-take-off' | 'first-fix' | 'after-gap';
export type SortieEnd = 'landing' | 'inferred-landing' | 'last-fix' | 'gap';

/** Where the track of one aircraft continues under another ICAO address (US Navy tactical codes). */
export interface HexChange {
  readonly fromHex: string;
  readonly toHex: string;
  /** The last fix under the old address and the first under the new one. */
  readonly before: Position;
  readonly after: Position;
  readonly gapMs: number;
  readonly distanceKm: number;
  /** Speed that the step between the two fixes implies. */
  readonly impliedSpeedKt: number;
  /** The callsign and ICAO type both addresses carried. */
  readonly callsign: string;
  readonly type: string;
  /** How many times the track passed between the two addresses (more than 1: reported under both). */
  readonly transitions: number;
}

/** One sortie of one aircraft: a time-ordered, de-duplicated, outlier-free run of fixes. */
export interface Sortie {
  /** The address the sortie began under. */
  readonly hex: string;
  readonly fixes: readonly Position[];
  readonly startedBy: SortieStart;
  readonly endedBy: SortieEnd;
  /** Reports of the same fix from other sources (within the de-duplication tolerance). */
  readonly duplicates: readonly Position[];
  /** Address changes joined into this sortie, in time order; empty for most sorties. */
  readonly hexChanges: readonly HexChange[];
}

/** What track building removed, per input file index. */
export interface TrackStats {
  readonly duplicates: ReadonlyMap<number, number>;
  readonly outliers: ReadonlyMap<number, number>;
  /**
   * The aircraft with at least `OUTLIER_AIRCRAFT_MIN` fixes dropped as speed outliers, in address
   * order: where and when, so a report judges their share in the interval it counts (an input's
   * share over a year hid two aircraft under one address for a week).
   */
  readonly outlierAircraft: readonly OutlierAircraft[];
}

/** Fewer outliers than this are glitches of any track: an aircraft is recorded from this many. */
export const OUTLIER_AIRCRAFT_MIN = 10;

export interface OutlierAircraft {
  readonly hex: string;
  /** Its outliers' times, in time order, and the inputs (file indexes) they came from. */
  readonly outlierTimeMs: Float64Array;
  readonly outlierFileIndex: Int32Array;
  /** Its fixes as cleaning took them (outliers and folded reports included), per UTC hour number. */
  readonly fixesByHour: ReadonlyMap<number, number>;
}

export interface TrackParams {
  /** A reporting gap longer than this ends a sortie (when no landing explains it first). */
  readonly gapMs: number;
  /** A fix implying more than this speed from both neighbours is dropped. */
  readonly maxSpeedKt: number;
  /** Two reports closer than these in time and space are the same fix. */
  readonly dedupeMs: number;
  readonly dedupeKm: number;
  /** Time on the ground that makes a landing (shorter ground runs are touch-and-goes or glitches). */
  readonly minGroundMs: number;
}

export const DEFAULT_TRACK_PARAMS: TrackParams = {
  gapMs: 2 * 3_600_000,
  maxSpeedKt: 1200,
  dedupeMs: 2000,
  dedupeKm: 0.5,
  minGroundMs: 60_000,
};
