/**
 * One flight read twice in two time bases: an SBS log whose clock runs local time beside an export
 * in UTC (or two logs of receivers in different zones) gives the same sortie twice, whole hours
 * apart, and each counts as a mission. Only the inputs' times differ, so the two missions of one
 * aircraft enter the region at the same place, stay as long, and come from different inputs.
 */
import { distanceKm } from '../geo/distance.js';
import type { FixRef, Mission } from './types.js';

const HOUR_MS = 3_600_000;

export const TIME_SHIFT_RULE = {
  /** Zone offsets run from −12 to +14 hours. */
  maxHours: 14,
  /**
   * The first entries and the last exits each lie this close to a whole number of hours apart
   * (inputs sampled at other rates find the region's edge at other fixes; half-hour zones are not
   * looked for)...
   */
  toleranceMs: 10 * 60_000,
  /** ...and this close in place, plus what an aircraft flies in the time off the whole hours... */
  maxEdgeKm: 5,
  kmPerMinuteOff: 15,
  /** ...and the times in the region differ by at most this share. */
  maxDwellShare: 0.1,
} as const;

/** The fixes `a` and `b`, `hours` apart, are one place at one time in two time bases. */
function sameEdge(a: FixRef, b: FixRef, hours: number): boolean {
  const offMs = Math.abs(b.timeMs - a.timeMs - hours * HOUR_MS);
  if (offMs > TIME_SHIFT_RULE.toleranceMs) return false;
  const km = distanceKm(a.lat, a.lon, b.lat, b.lon);
  return km <= TIME_SHIFT_RULE.maxEdgeKm + (TIME_SHIFT_RULE.kmPerMinuteOff * offMs) / 60_000;
}

/** Two missions that look like one flight read in two time bases. */
export interface TimeShiftedPair {
  readonly a: Mission;
  readonly b: Mission;
  /** b's first entry less a's, in whole hours. */
  readonly hours: number;
}

/**
 * The pairs of missions of one aircraft, from inputs of which neither holds the other's, whose
 * first entries and last exits lie at the same places a whole number of hours (1–14) apart, with
 * about the same time in the region. Each mission is in one pair at most.
 */
export function timeShiftedPairs(missions: readonly Mission[]): TimeShiftedPair[] {
  const byHex = new Map<string, Mission[]>();
  for (const m of missions) {
    const list = byHex.get(m.aircraft.hex) ?? [];
    list.push(m);
    byHex.set(m.aircraft.hex, list);
  }
  const pairs: TimeShiftedPair[] = [];
  for (const list of byHex.values()) {
    if (list.length < 2) continue;
    list.sort((x, y) => x.firstEntry.timeMs - y.firstEntry.timeMs);
    const paired = new Set<Mission>();
    for (let i = 0; i < list.length; i += 1) {
      const a = list[i] as Mission;
      for (let j = i + 1; j < list.length && !paired.has(a); j += 1) {
        const b = list[j] as Mission;
        const shiftMs = b.firstEntry.timeMs - a.firstEntry.timeMs;
        if (shiftMs > (TIME_SHIFT_RULE.maxHours + 0.5) * HOUR_MS) break;
        if (paired.has(b)) continue;
        const hours = Math.round(shiftMs / HOUR_MS);
        if (hours < 1 || a.sourceFiles.some((f) => b.sourceFiles.includes(f))) continue;
        if (!sameEdge(a.firstEntry, b.firstEntry, hours)) continue;
        if (!sameEdge(a.lastExit, b.lastExit, hours)) continue;
        const longer = Math.max(a.minutesInRegion, b.minutesInRegion);
        if (
          Math.abs(a.minutesInRegion - b.minutesInRegion) >
          TIME_SHIFT_RULE.maxDwellShare * longer
        )
          continue;
        pairs.push({ a, b, hours });
        paired.add(a).add(b);
      }
    }
  }
  return pairs.sort((x, y) => x.a.firstEntry.timeMs - y.a.firstEntry.timeMs);
}
