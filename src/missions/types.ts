import type { Identity } from '../aircraft/identify.js';
import type { SortieEnd, SortieStart } from '../tracks/types.js';
import type { FlightPattern, PatternMetrics } from './pattern.js';
import type { TerritorialVerdict } from './territorial.js';

/** A fix cited as evidence: when and where, and the input row it came from. */
export interface FixRef {
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly fileIndex: number;
  readonly line: number;
}

/** Where the mission's track continues under another ICAO address, with the fixes either side. */
export interface HexChangeRef {
  readonly fromHex: string;
  readonly toHex: string;
  readonly before: FixRef;
  readonly after: FixRef;
  readonly gapMs: number;
  readonly distanceKm: number;
  readonly impliedSpeedKt: number;
  readonly callsign: string;
  readonly type: string;
  readonly transitions: number;
}

/** Territorial airspace over the mission's time in the region (see missions/territorial.ts). */
export interface MissionTerritorial {
  readonly verdict: TerritorialVerdict;
  readonly closestKm: number | null;
  readonly closestNm: number | null;
  readonly closestFix: FixRef | null;
  readonly minutesWithin12Nm: number;
  readonly minutesUnobserved: number;
  readonly fixesNotCovered: number;
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
  /** Flight pattern from first entry to last exit, and what it was decided from. */
  readonly pattern: FlightPattern;
  readonly patternMetrics: PatternMetrics;
  /** Territorial airspace from first entry to last exit; null without coastline data. */
  readonly territorial: MissionTerritorial | null;
  /** Address changes joined into this mission (US Navy tactical codes); usually empty. */
  readonly hexChanges: readonly HexChangeRef[];
}

export interface MissionParams {
  /** Minimum time inside the region for a sortie to count as a mission. */
  readonly minDwellMs: number;
}

export const DEFAULT_MISSION_PARAMS: MissionParams = { minDwellMs: 10 * 60_000 };
