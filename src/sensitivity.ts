import type { Analysis } from './analyze.js';
import { findMissions } from './find-missions.js';
import type { Mission } from './missions/types.js';
import { countAircraftDays } from './report/build-report.js';

/** The `--gap` values of the sensitivity table: from a strict 30 minutes to a lax 8 hours. */
export const SENSITIVITY_GAPS_MS = [30, 60, 120, 240, 480].map((m) => m * 60_000);
/** The `--min-dwell` values: a clip of the region, the default, half an hour. */
export const SENSITIVITY_MIN_DWELLS_MS = [1, 10, 30].map((m) => m * 60_000);

/** Missions in the window under one pair of parameters. */
export interface SensitivityCell {
  readonly gapMs: number;
  readonly minDwellMs: number;
  readonly missions: number;
  readonly aircraftDays: number;
  /** The parameters the rest of the report used. */
  readonly current: boolean;
}

export interface Sensitivity {
  readonly gapsMs: readonly number[];
  readonly minDwellsMs: readonly number[];
  /** The parameters the rest of the report used (they may fall outside the table). */
  readonly currentGapMs: number;
  readonly currentMinDwellMs: number;
  /** Row-major: every min-dwell for the first gap, then the next gap. */
  readonly cells: readonly SensitivityCell[];
}

/**
 * How the window's total moves with the mission definition: missions whose first entry falls in
 * [startMs, endMs) for every `--gap` × `--min-dwell` pair. Tracks and missions are rebuilt from
 * the positions already read (one pass per gap; the dwell only filters), never the inputs.
 */
export function sensitivityTable(
  analysis: Analysis,
  window: { readonly startMs: number; readonly endMs: number },
  /** The report's time zone: aircraft-days are dated in it. */
  tz = 'UTC',
  gapsMs: readonly number[] = SENSITIVITY_GAPS_MS,
  minDwellsMs: readonly number[] = SENSITIVITY_MIN_DWELLS_MS,
): Sensitivity {
  const { options } = analysis;
  const shortest = Math.min(...minDwellsMs);
  const cells: SensitivityCell[] = [];
  for (const gapMs of gapsMs) {
    const { missions } = findMissions(analysis.positions, analysis.identities, {
      region: options.region,
      track: { ...options.track, gapMs },
      mission: { ...options.mission, minDwellMs: shortest },
      coast: options.coast,
      selection: options.selection,
    });
    const inWindow = missions.filter(
      (m) => m.firstEntry.timeMs >= window.startMs && m.firstEntry.timeMs < window.endMs,
    );
    for (const minDwellMs of minDwellsMs) {
      const counted: Mission[] = inWindow.filter((m) => m.minutesInRegion >= minDwellMs / 60_000);
      cells.push({
        gapMs,
        minDwellMs,
        missions: counted.length,
        aircraftDays: countAircraftDays(counted, tz),
        current: gapMs === options.track.gapMs && minDwellMs === options.mission.minDwellMs,
      });
    }
  }
  return {
    gapsMs,
    minDwellsMs,
    currentGapMs: options.track.gapMs,
    currentMinDwellMs: options.mission.minDwellMs,
    cells,
  };
}
