import type { Identity } from '../aircraft/identify.js';
import type { Coast } from '../geo/coast.js';
import { regionContains, type Region } from '../geo/region.js';
import type { HexChange, Sortie } from '../tracks/types.js';
import { fixRef, measureTrack, type StationMeasures, type StationTrack } from './measure.js';
import { positionSortieFixes, type SortieFixes } from './sortie-fixes.js';
import type { HexChangeRef, Mission, MissionParams } from './types.js';
import { byCodeUnits } from '../text-order.js';

const BISECTION_STEPS = 12;

/** Fixes' times and places, in time order. */
type FixColumns = Pick<SortieFixes, 'timeMs' | 'lat' | 'lon'>;

const hexChangeRef = (c: HexChange): HexChangeRef => ({
  fromHex: c.fromHex,
  toHex: c.toHex,
  before: fixRef(c.before),
  after: fixRef(c.after),
  gapMs: c.gapMs,
  distanceKm: c.distanceKm,
  impliedSpeedKt: c.impliedSpeedKt,
  callsign: c.callsign,
  type: c.type,
  transitions: c.transitions,
});

const MS_PER_DAY = 86_400_000;
const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const compactUtc = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';

/**
 * Fraction of the straight segment from fix a to fix b that lies inside the region when exactly one
 * end is inside, found by bisection for the crossing point.
 */
function insideFraction(
  region: Region,
  fixes: FixColumns,
  a: number,
  b: number,
  aInside: boolean,
): number {
  const { lat, lon } = fixes;
  const aLon = lon[a] as number;
  const aLat = lat[a] as number;
  const dLon = (lon[b] as number) - aLon;
  const dLat = (lat[b] as number) - aLat;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < BISECTION_STEPS; k += 1) {
    const mid = (lo + hi) / 2;
    const inside = regionContains(region, aLon + dLon * mid, aLat + dLat * mid);
    if (inside === aInside) lo = mid;
    else hi = mid;
  }
  const crossing = (lo + hi) / 2;
  return aInside ? crossing : 1 - crossing;
}

/** Time inside the region along the track, and the first/last fixes inside (their places, -1: none). */
export function measureDwell(
  region: Region,
  fixes: FixColumns,
): { insideMs: number; first: number; last: number; dates: string[] } {
  const { timeMs, lat, lon } = fixes;
  let insideMs = 0;
  let first = -1;
  let last = -1;
  const dates = new Set<string>();
  // Fixes come in time order: a date string only when the day changes.
  let lastDay = NaN;
  let prevInside = false;
  for (let k = 0; k < timeMs.length; k += 1) {
    const t = timeMs[k] as number;
    const inside = regionContains(region, lon[k] as number, lat[k] as number);
    if (inside) {
      if (first < 0) first = k;
      last = k;
      const day = Math.floor(t / MS_PER_DAY);
      if (day !== lastDay) {
        lastDay = day;
        dates.add(utcDate(t));
      }
    }
    if (k > 0) {
      const dt = t - (timeMs[k - 1] as number);
      if (inside && prevInside) insideMs += dt;
      else if (inside !== prevInside) {
        insideMs += dt * insideFraction(region, fixes, k - 1, k, prevInside);
      }
    }
    prevInside = inside;
  }
  return { insideMs, first, last, dates: [...dates].sort() };
}

/** What a mission is before its time on station is measured (measure.ts), and that track. */
export interface MissionDraft {
  readonly found: Omit<Mission, 'pattern' | 'patternMetrics' | 'territorial' | 'hexChanges'>;
  readonly hexChanges: readonly HexChangeRef[];
  /** The fixes from its first in the region to its last. */
  readonly onStation: StationTrack;
}

/**
 * The mission a sortie of an identified aircraft flies in the region, before its time on station
 * is measured; null when the aircraft is not identified or the sortie has too little time inside.
 */
export function draftMission(
  sortie: SortieFixes,
  identities: ReadonlyMap<string, Identity>,
  region: Region,
  params: MissionParams,
): MissionDraft | null {
  const aircraft = identities.get(sortie.hex);
  if (aircraft === undefined) return null;
  const dwell = measureDwell(region, sortie);
  if (dwell.first < 0 || dwell.insideMs < params.minDwellMs) return null;
  const n = sortie.timeMs.length;
  const startMs = sortie.timeMs[0] as number;
  const { callsigns, maxAltitudeFt, inputs } = sortie.summary();
  return {
    found: {
      id: `${sortie.hex}-${compactUtc(startMs)}`,
      aircraft,
      callsigns,
      sortieStartMs: startMs,
      sortieEndMs: sortie.timeMs[n - 1] as number,
      startedBy: sortie.startedBy,
      endedBy: sortie.endedBy,
      firstFix: sortie.ref(0),
      lastFix: sortie.ref(n - 1),
      firstEntry: sortie.ref(dwell.first),
      lastExit: sortie.ref(dwell.last),
      minutesInRegion: dwell.insideMs / 60_000,
      maxAltitudeFt,
      positions: n,
      duplicateReports: sortie.duplicateCount,
      sourceFiles: [...inputs].sort((a, b) => a - b),
      utcDatesInRegion: dwell.dates,
    },
    hexChanges: sortie.hexChanges.map(hexChangeRef),
    onStation: sortie.track(dwell.first, dwell.last + 1),
  };
}

/** The mission of a draft with its time on station measured. */
export function completeMission(
  draft: Omit<MissionDraft, 'onStation'>,
  measures: StationMeasures,
): Mission {
  return {
    ...draft.found,
    pattern: measures.pattern.pattern,
    patternMetrics: measures.pattern.metrics,
    territorial: measures.territorial,
    hexChanges: draft.hexChanges,
  };
}

/**
 * Turns sorties of identified aircraft into missions; sorties with too little time inside are
 * dropped. The flight pattern and, with `coast`, the territorial verdict are measured over the
 * mission's time in the region: from its first fix inside to its last.
 */
export function detectMissions(
  sorties: readonly Sortie[],
  identities: ReadonlyMap<string, Identity>,
  region: Region,
  params: MissionParams,
  coast: Coast | null = null,
): Mission[] {
  const missions: Mission[] = [];
  for (const sortie of sorties) {
    const draft = draftMission(positionSortieFixes(sortie), identities, region, params);
    if (draft === null) continue;
    missions.push(completeMission(draft, measureTrack(draft.onStation, coast)));
  }
  return missions.sort(byFirstEntry);
}

/** The order of missions: by first entry into the region, then address. */
export function byFirstEntry(a: Mission, b: Mission): number {
  return a.firstEntry.timeMs - b.firstEntry.timeMs || byCodeUnits(a.aircraft.hex, b.aircraft.hex);
}
