import type { Identity } from '../aircraft/identify.js';
import type { SortieEnd, SortieStart } from '../tracks/types.js';

/** A fix cited as evidence: when and where, and the input row it came from. */
export interface FixRef {
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly fileIndex: number;
  readonly line: number;
}

/** One sortie of one identified surveillance aircraft with enough time inside the region. */
export interface Mission {
  readonly id: string;
  readonly aircraft: Identity;
  readonly callsigns: readonly string[];
  readonly sortieStartMs: number;
  readonly sortieEndMs: number;
  readonly startedBy: SortieStart;
  readonly endedBy: SortieEnd;
  readonly firstFix: FixRef;
  readonly lastFix: FixRef;
  /** First and last fixes inside the region. */
  readonly firstEntry: FixRef;
  readonly lastExit: FixRef;
  readonly minutesInRegion: number;
  readonly maxAltitudeFt: number | null;
  /** Distinct fixes of the sortie after de-duplication. */
  readonly positions: number;
  /** Reports folded into those fixes because another source had the same fix. */
  readonly duplicateReports: number;
  /** Indexes of every input file that contributed a report to the sortie, ascending. */
  readonly sourceFiles: readonly number[];
  /** UTC dates (YYYY-MM-DD) on which the aircraft was inside the region during this sortie. */
  readonly utcDatesInRegion: readonly string[];
}

export interface MissionParams {
  /** Minimum time inside the region for a sortie to count as a mission. */
  readonly minDwellMs: number;
}

export const DEFAULT_MISSION_PARAMS: MissionParams = { minDwellMs: 10 * 60_000 };
