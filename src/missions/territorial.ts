import type { Coast } from '../geo/coast.js';

/** What a track's shape and territorial check read of each fix. */
export interface TrackPoint {
  readonly lat: number;
  readonly lon: number;
  readonly timeMs: number;
}

export const KM_PER_NM = 1.852;
/** The territorial sea: 12 nautical miles from the baseline (UNCLOS art. 3). */
export const TERRITORIAL_SEA_KM = 12 * KM_PER_NM;

/**
 * `international`: every observed fix more than 12 NM + margin from land; `entered-territorial`:
 * a fix over land or within 12 NM − margin of it; `undetermined`: the closest fix lies within the
 * margin of the 12 NM line, where the coastline data cannot decide, or the data does not cover a
 * fix and none entered.
 */
export type TerritorialVerdict = 'international' | 'entered-territorial' | 'undetermined';

export interface Territorial<P extends TrackPoint = TrackPoint> {
  readonly verdict: TerritorialVerdict;
  /** Closest approach to land (coast or island shore; 0 over land) among the fixes, or null. */
  readonly closestKm: number | null;
  readonly closestFix: P | null;
  /** Time within 12 NM of land along the observed track (steps no longer than `maxStepMs`). */
  readonly minutesWithin12Nm: number;
  /** Time in steps longer than `maxStepMs` (coverage holes), where the track is not known. */
  readonly minutesUnobserved: number;
  /** Fixes the coastline data does not cover. */
  readonly fixesNotCovered: number;
}

export const TERRITORIAL = {
  /** The Natural Earth 1:10m coast is off by up to about 1 km: twice that either side is undecided. */
  marginKm: 2,
  /** A step between fixes longer than this is a coverage hole: not interpolated. */
  maxStepMs: 5 * 60_000,
} as const;

/** The crossing is found to this fraction of the step (bisection's 12 halvings), or ... */
const CROSSING_RESOLUTION = 2 ** -12;
/** ... to a point this close to the 12 NM line (km), whichever comes first. */
const CROSSING_TOLERANCE_KM = 0.0005;
/**
 * An interpolation that did not halve the bracket is followed by a bisection, so the bracket halves
 * at least every second search: twice bisection's 12 searches at most (about 4 as a rule).
 */
const CROSSING_MAX_SEARCHES = 24;

/**
 * Fraction of the straight step a→b within 12 NM when exactly one end is (`aWithin` says which,
 * `aKm`/`bKm` are the ends' distances to land). The crossing is found by regula falsi on the
 * distance to land less 12 NM (the Illinois variant, which does not stall at one end), in about 4
 * distance searches where bisection took 12 for the same resolution; a point the coastline data
 * does not cover counts as outside, as in the rest of the check, and its step is a bisection.
 */
export function withinFraction(
  coast: Coast,
  a: TrackPoint,
  b: TrackPoint,
  aWithin: boolean,
  aKm: number,
  bKm: number,
): number {
  // The bracket: `lo` on a's side of the line, `hi` on b's, with their distances less 12 NM
  // (NaN where unknown: the next step is then a bisection).
  let lo = 0;
  let hi = 1;
  let fLo = aKm - TERRITORIAL_SEA_KM;
  let fHi = bKm - TERRITORIAL_SEA_KM;
  let kept: 'lo' | 'hi' | null = null;
  let crossing = Number.NaN;
  let bisect = false;
  for (let k = 0; k < CROSSING_MAX_SEARCHES && hi - lo > CROSSING_RESOLUTION; k += 1) {
    const width = hi - lo;
    let t = lo + (width * fLo) / (fLo - fHi);
    // After a slow step, near an end, or with no value to interpolate: bisect.
    if (bisect || !(t > lo + CROSSING_RESOLUTION / 2 && t < hi - CROSSING_RESOLUTION / 2)) {
      t = (lo + hi) / 2;
    }
    // Asked with no limit, every distance is exact: the answer depends on this step alone. (A
    // point of the step lies within its length of the end inside 12 NM, so a limit of 12 NM and
    // the step's length would do but where the distances' rounding puts a point just beyond it.)
    const s = coast.surfaceAt(a.lat + (b.lat - a.lat) * t, a.lon + (b.lon - a.lon) * t);
    const f = s === null ? Number.NaN : s.landKm - TERRITORIAL_SEA_KM;
    if (Math.abs(f) <= CROSSING_TOLERANCE_KM) {
      crossing = t;
      break;
    }
    const within = s !== null && s.landKm <= TERRITORIAL_SEA_KM;
    if (within === aWithin) {
      lo = t;
      fLo = f;
      // The same end moved twice running: the other end's value is halved (Illinois), so the
      // next interpolation moves it.
      if (kept === 'hi') fHi /= 2;
      kept = 'hi';
    } else {
      hi = t;
      fHi = f;
      if (kept === 'lo') fLo /= 2;
      kept = 'lo';
    }
    bisect = hi - lo > width / 2;
  }
  if (Number.isNaN(crossing)) crossing = (lo + hi) / 2;
  return aWithin ? crossing : 1 - crossing;
}

/** The distance to land at `p` with no limit (`km` where the data cannot tell). */
function exactKm(coast: Coast, p: TrackPoint, km: number): number {
  return coast.surfaceAt(p.lat, p.lon)?.landKm ?? km;
}

/**
 * Territorial airspace along a mission's fixes (its time in the region, first entry to last exit),
 * measured from the coastline data under normal baselines: 12 NM from the low-water line as the
 * coast layer draws it, islands included. Straight baselines (Mexico's 1968 decree for the Gulf
 * of California) are not modelled, so the territorial sea is, if anything, wider than measured
 * here near the island chains. Only measured fixes decide the verdict and the closest approach, so
 * each can be cited; minutes within 12 NM are interpolated along steps of at most `maxStepMs`.
 */
export function assessTerritorial<P extends TrackPoint>(
  fixes: readonly P[],
  coast: Coast,
): Territorial<P> {
  let closestKm: number | null = null;
  let closestFix: P | null = null;
  let notCovered = 0;
  let withinMs = 0;
  let unobservedMs = 0;
  let prev: { p: P; within: boolean | null; km: number; exact: boolean } | null = null;
  for (const p of fixes) {
    // Only a distance within 12 NM, or nearer than the closest so far, is needed exactly.
    const limitKm = Math.max(TERRITORIAL_SEA_KM, closestKm ?? Infinity);
    const s = coast.surfaceAt(p.lat, p.lon, limitKm);
    let within: boolean | null = null;
    const d = s === null ? Number.NaN : s.landKm;
    if (s === null) notCovered += 1;
    else {
      within = d <= TERRITORIAL_SEA_KM;
      if (closestKm === null || d < closestKm) {
        closestKm = d;
        closestFix = p;
      }
    }
    if (prev !== null) {
      const dt = p.timeMs - prev.p.timeMs;
      if (dt > TERRITORIAL.maxStepMs) unobservedMs += dt;
      else if (prev.within === true && within === true) withinMs += dt;
      else if (prev.within !== null && within !== null && prev.within !== within) {
        // The crossing's search starts from the ends' distances: each exact, so that the answer
        // depends on this step alone (beyond its limit a distance depends on the questions asked
        // before, which differ when missions are measured on several threads).
        const aKm = prev.exact ? prev.km : exactKm(coast, prev.p, prev.km);
        const bKm = d <= limitKm ? d : exactKm(coast, p, d);
        withinMs += dt * withinFraction(coast, prev.p, p, prev.within, aKm, bKm);
      }
    }
    prev = { p, within, km: d, exact: d <= limitKm };
  }
  const { marginKm } = TERRITORIAL;
  let verdict: TerritorialVerdict;
  if (closestKm !== null && closestKm <= TERRITORIAL_SEA_KM - marginKm) {
    verdict = 'entered-territorial';
  } else if (closestKm === null || notCovered > 0 || closestKm < TERRITORIAL_SEA_KM + marginKm) {
    verdict = 'undetermined';
  } else {
    verdict = 'international';
  }
  return {
    verdict,
    closestKm,
    closestFix,
    minutesWithin12Nm: withinMs / 60_000,
    minutesUnobserved: unobservedMs / 60_000,
    fixesNotCovered: notCovered,
  };
}
