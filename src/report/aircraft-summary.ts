import { aircraftLabel, airframeTypeName, shortOperator } from '../aircraft/plain-names.js';
import type { Mission } from '../missions/types.js';

/** One airframe's missions in the window: who it is and when it was over the region. */
export interface AircraftSummary {
  readonly hex: string;
  /** ICAO type designator, kept for colours and scripts. */
  readonly type: string | null;
  readonly typeName: string;
  /** Short form of the operator (USAF, USN, CBP), or the full name when none is known. */
  readonly operator: string | null;
  readonly registration: string | null;
  /** "RC-135V Rivet Joint · USAF · 64-14845". */
  readonly label: string;
  /** 1-based numbers of its missions in the window's mission order (the map's track numbers). */
  readonly missionNumbers: readonly number[];
  readonly hoursInRegion: number;
  /** First entry into the region of its first mission, last exit of its last. */
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
}

/**
 * The window's missions grouped by airframe (ICAO address of the mission), in order of first
 * entry. Mission numbers follow `missions` as given, so tables, map and timeline agree.
 */
export function summariseAircraft(missions: readonly Mission[]): AircraftSummary[] {
  const byHex = new Map<string, { missions: Mission[]; numbers: number[] }>();
  missions.forEach((m, i) => {
    const group = byHex.get(m.aircraft.hex) ?? { missions: [], numbers: [] };
    group.missions.push(m);
    group.numbers.push(i + 1);
    byHex.set(m.aircraft.hex, group);
  });
  const out: AircraftSummary[] = [];
  for (const [hex, { missions: ms, numbers }] of byHex) {
    const a = (ms[0] as Mission).aircraft;
    out.push({
      hex,
      type: a.type,
      typeName: airframeTypeName(a.type, a.description),
      operator: shortOperator(a.operator),
      registration: a.registration,
      label: aircraftLabel(a),
      missionNumbers: numbers,
      hoursInRegion: ms.reduce((sum, m) => sum + m.minutesInRegion, 0) / 60,
      firstSeenMs: Math.min(...ms.map((m) => m.firstEntry.timeMs)),
      lastSeenMs: Math.max(...ms.map((m) => m.lastExit.timeMs)),
    });
  }
  return out.sort((x, y) => x.firstSeenMs - y.firstSeenMs || (x.hex < y.hex ? -1 : 1));
}
