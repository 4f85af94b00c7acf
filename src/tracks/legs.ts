import type { Coast } from '../geo/coast.js';
import { distanceKm } from '../geo/distance.js';
import type { Position } from '../ingest/types.js';

/**
 * Thresholds for landings seen without ground reports. Adapted from readsb's leg logic
 * (globe_index.c `mark_legs`: a "major" climb or descent is the mean altitude / 3, clamped to
 * 200–2,500 ft; a float leg needs the climb more than 12 minutes after the descent), made stricter
 * for merged multi-source tracks over water, where a silence is usually a coverage hole.
 */
export const INFERRED_LANDING = {
  /** The silence must last at least this long (readsb: 12 min between descent and climb). */
  minSilenceMs: 12 * 60_000,
  /** Both the last fix before and the first after must be at or below this (barometric, ft). */
  lowAltitudeFt: 5000,
  /** How far back (before) and ahead (after) to look for the major descent and climb. */
  lookMs: 30 * 60_000,
  minMajorFt: 200,
  maxMajorFt: 2500,
  /** Landing and take-off at one airfield: the two fixes are at most this far apart. */
  maxApartKm: 60,
  /** Fixes farther than this from any shore, over water, cannot be approaches or departures. */
  openWaterKm: 10,
} as const;

/** Ground reports at more than this speed contradict themselves (a glitch, not a landing). */
export const MAX_GROUND_SPEED_KT = 250;

/** A ground report that its own speed does not contradict. */
export function isGroundReport(p: Position): boolean {
  return isGroundReportOf(p.onGround, p.groundSpeedKt);
}

/** `isGroundReport` of a fix's two values (a fix held in a store's columns). */
export function isGroundReportOf(onGround: boolean, groundSpeedKt: number | null): boolean {
  return onGround && !(groundSpeedKt !== null && groundSpeedKt > MAX_GROUND_SPEED_KT);
}

/** Highest altitude among fixes[from..to] (inclusive, clamped), and the mean over the same fixes. */
function altitudeStats(
  fixes: readonly Position[],
  from: number,
  to: number,
): { max: number; mean: number } | null {
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let k = Math.max(0, from); k <= Math.min(fixes.length - 1, to); k += 1) {
    const alt = (fixes[k] as Position).altitudeFt;
    if (alt === null) continue;
    if (alt > max) max = alt;
    sum += alt;
    n += 1;
  }
  return n === 0 ? null : { max, mean: sum / n };
}

/** Over open water: the coastline data says so (over the sea, farther than `openWaterKm` from shore). */
function overOpenWater(p: Position, coast: Coast | null): boolean {
  const s = coast?.surfaceAt(p.lat, p.lon, INFERRED_LANDING.openWaterKm) ?? null;
  return s !== null && s.landKm > INFERRED_LANDING.openWaterKm;
}

/**
 * Did the aircraft land between fixes[i - 1] and fixes[i] although no ground report says so? Yes
 * when it went silent low after a major descent, reappeared low before a major climb, at least 12
 * minutes later and within 60 km, and neither fix is over open water. Coverage holes over water
 * (20–60 minutes are common over the Gulf) therefore never end a sortie here, even at low level.
 */
export function isInferredLanding(
  fixes: readonly Position[],
  i: number,
  coast: Coast | null,
): boolean {
  const a = fixes[i - 1];
  const b = fixes[i];
  const T = INFERRED_LANDING;
  if (a === undefined || b === undefined) return false;
  if (b.timeMs - a.timeMs < T.minSilenceMs) return false;
  if (a.altitudeFt === null || b.altitudeFt === null) return false;
  if (a.altitudeFt > T.lowAltitudeFt || b.altitudeFt > T.lowAltitudeFt) return false;
  if (distanceKm(a.lat, a.lon, b.lat, b.lon) > T.maxApartKm) return false;
  if (overOpenWater(a, coast) || overOpenWater(b, coast)) return false;
  let first = i - 1;
  while (first > 0 && a.timeMs - (fixes[first - 1] as Position).timeMs <= T.lookMs) first -= 1;
  let last = i;
  while (last + 1 < fixes.length && (fixes[last + 1] as Position).timeMs - b.timeMs <= T.lookMs) {
    last += 1;
  }
  const before = altitudeStats(fixes, first, i - 1);
  const after = altitudeStats(fixes, i, last);
  if (before === null || after === null) return false;
  const meanFt = (before.mean + after.mean) / 2;
  const majorFt = Math.min(T.maxMajorFt, Math.max(T.minMajorFt, meanFt / 3));
  return before.max - a.altitudeFt >= majorFt && after.max - b.altitudeFt >= majorFt;
}
