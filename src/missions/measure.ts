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
 * Where missions' times on station are measured: on this thread as they are asked, or spread over
 * threads that are idle once the inputs are read (threads/station-measurer.ts).
 */
export interface StationMeasurer {
  /** Measures `fixes` on `coast` and hands the measures to `done`: at once, or later but before
   * `settled` resolves. */
  measure(
    fixes: readonly Position[],
    coast: Coast | null,
    done: (measures: StationMeasures) => void,
  ): void;
  /** Resolves once every measure asked for has been handed over. */
  settled(): Promise<void>;
}

/** Measures each mission on this thread, as it is asked. */
export const MEASURE_HERE: StationMeasurer = {
  measure(fixes, coast, done) {
    done(measureStation(fixes, coast, fixRef));
  },
  settled: () => Promise.resolve(),
};
