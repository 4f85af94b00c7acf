import type { Position } from '../ingest/types.js';

export type SortieStart = 'take-off' | 'first-fix' | 'after-gap';
export type SortieEnd = 'landing' | 'last-fix' | 'gap';

/** One sortie of one aircraft: a time-ordered, de-duplicated, outlier-free run of fixes. */
export interface Sortie {
  readonly hex: string;
  readonly fixes: readonly Position[];
  readonly startedBy: SortieStart;
  readonly endedBy: SortieEnd;
  /** Reports of the same fix from other sources (within the de-duplication tolerance). */
  readonly duplicates: readonly Position[];
}

/** What track building removed, per input file index. */
export interface TrackStats {
  readonly duplicates: ReadonlyMap<number, number>;
  readonly outliers: ReadonlyMap<number, number>;
}

export interface TrackParams {
  /** A reporting gap longer than this ends a sortie. */
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
