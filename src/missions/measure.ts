import type { Coast } from '../geo/coast.js';
import type { Position } from '../ingest/types.js';
import { classifyPattern, type PatternResult } from './pattern.js';
import { assessTerritorial, KM_PER_NM, type TrackPoint } from './territorial.js';
import type { FixRef, MissionTerritorial } from './types.js';

/** A fix cited as evidence: when and where, and the input row it came from. */
export const fixRef = (p: Position): FixRef => ({
  timeMs: p.timeMs,
  lat: p.lat,
  lon: p.lon,
  fileIndex: p.source.fileIndex,
  line: p.source.line,
});

/**
 * What is measured of a mission's time on station (its first fix in the region to its last): the
 * flight pattern, and the territorial check when a coast is known. Each depends on those fixes
 * and the coast alone, so it is the same wherever it is measured.
 */
export interface StationMeasures {
  readonly pattern: PatternResult;
  readonly territorial: MissionTerritorial | null;
}

/** Measures the fixes of a time on station; `refOf` cites a fix (the closest to land). */
export function measureStation<P extends TrackPoint>(
  fixes: readonly P[],
  coast: Coast | null,
  refOf: (p: P) => FixRef,
): StationMeasures {
  const pattern = classifyPattern(fixes);
  if (coast === null) return { pattern, territorial: null };
  const t = assessTerritorial(fixes, coast);
  return {
    pattern,
    territorial: {
      verdict: t.verdict,
      closestKm: t.closestKm,
      closestNm: t.closestKm === null ? null : t.closestKm / KM_PER_NM,
      closestFix: t.closestFix === null ? null : refOf(t.closestFix),
      minutesWithin12Nm: t.minutesWithin12Nm,
      minutesUnobserved: t.minutesUnobserved,
      fixesNotCovered: t.fixesNotCovered,
    },
  };
}

/**
 * A time on station as it is measured, here or on another thread: its fixes' columns one after
 * the other (time in ms, latitude, longitude, input, line), no object per fix.
 */
export type StationTrack = Float64Array;

/** How many columns a station track holds. */
export const TRACK_COLUMNS = 5;

/** The track of `fixes`. */
export function stationTrack(fixes: readonly Position[]): StationTrack {
  const n = fixes.length;
  const track = new Float64Array(TRACK_COLUMNS * n);
  for (let i = 0; i < n; i += 1) {
    const p = fixes[i] as Position;
    track[i] = p.timeMs;
    track[n + i] = p.lat;
    track[2 * n + i] = p.lon;
    track[3 * n + i] = p.source.fileIndex;
    track[4 * n + i] = p.source.line;
  }
  return track;
}

/** The fixes of a track, as objects for the pattern and the territorial check (and evidence). */
function trackFixes(track: StationTrack): FixRef[] {
  const n = track.length / TRACK_COLUMNS;
  const fixes = new Array<FixRef>(n);
  for (let i = 0; i < n; i += 1) {
    fixes[i] = {
      timeMs: track[i] as number,
      lat: track[n + i] as number,
      lon: track[2 * n + i] as number,
      fileIndex: track[3 * n + i] as number,
      line: track[4 * n + i] as number,
    };
  }
  return fixes;
}

/** Measures a track (the same measures as its fixes as objects give). */
export function measureTrack(track: StationTrack, coast: Coast | null): StationMeasures {
  // Each fix is a new object of a FixRef's fields: the one nearest land is cited as it is.
  return measureStation(trackFixes(track), coast, (p) => p);
}

/**
 * Where missions' times on station are measured: on this thread as they are asked, or spread over
 * threads that are idle once the inputs are read (threads/station-measurer.ts).
 */
export interface StationMeasurer {
  /** Measures `track` on `coast` and hands the measures to `done`: at once, or later but before
   * `settled` resolves. */
  measure(
    track: StationTrack,
    coast: Coast | null,
    done: (measures: StationMeasures) => void,
  ): void;
  /** Resolves once every measure asked for has been handed over. */
  settled(): Promise<void>;
}

/** Measures each mission on this thread, as it is asked. */
export const MEASURE_HERE: StationMeasurer = {
  measure(track, coast, done) {
    done(measureTrack(track, coast));
  },
  settled: () => Promise.resolve(),
};
