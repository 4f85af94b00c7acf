import type { Identity } from '../aircraft/identify.js';
import type { Coast } from '../geo/coast.js';
import { regionContains, type Region } from '../geo/region.js';
import type { Position } from '../ingest/types.js';
import type { HexChange, Sortie } from '../tracks/types.js';
import { fixRef, measureStation, type StationMeasures } from './measure.js';
import type { HexChangeRef, Mission, MissionParams } from './types.js';
import { byCodeUnits } from '../text-order.js';

const BISECTION_STEPS = 12;

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
 * Fraction of the straight segment a→b that lies inside the region when exactly one end is inside,
 * found by bisection for the crossing point.
 */
function insideFraction(region: Region, a: Position, b: Position, aInside: boolean): number {
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < BISECTION_STEPS; k += 1) {
    const mid = (lo + hi) / 2;
    const inside = regionContains(
      region,
      a.lon + (b.lon - a.lon) * mid,
      a.lat + (b.lat - a.lat) * mid,
    );
    if (inside === aInside) lo = mid;
    else hi = mid;
  }
  const crossing = (lo + hi) / 2;
  return aInside ? crossing : 1 - crossing;
}

/** Time inside the region along the track, and the first/last fixes inside. */
export function measureDwell(
  region: Region,
  fixes: readonly Position[],
): { insideMs: number; first: Position | null; last: Position | null; dates: string[] } {
  let insideMs = 0;
  let first: Position | null = null;
  let last: Position | null = null;
  const dates = new Set<string>();
  // Fixes come in time order: a date string only when the day changes.
  let lastDay = NaN;
  let prev: Position | null = null;
  let prevInside = false;
  for (const p of fixes) {
    const inside = regionContains(region, p.lon, p.lat);
    if (inside) {
      first ??= p;
      last = p;
      const day = Math.floor(p.timeMs / MS_PER_DAY);
      if (day !== lastDay) {
        lastDay = day;
        dates.add(utcDate(p.timeMs));
      }
    }
    if (prev !== null) {
      const dt = p.timeMs - prev.timeMs;
      if (inside && prevInside) insideMs += dt;
      else if (inside !== prevInside) insideMs += dt * insideFraction(region, prev, p, prevInside);
    }
    prev = p;
    prevInside = inside;
  }
  return { insideMs, first, last, dates: [...dates].sort() };
}

/** What a mission is before its time on station is measured (measure.ts), and those fixes. */
export interface MissionDraft {
  readonly found: Omit<Mission, 'pattern' | 'patternMetrics' | 'territorial' | 'hexChanges'>;
  readonly hexChanges: readonly HexChangeRef[];
  /** The fixes from its first in the region to its last. */
  readonly onStation: readonly Position[];
}

/**
 * The mission a sortie of an identified aircraft flies in the region, before its time on station
 * is measured; null when the aircraft is not identified or the sortie has too little time inside.
 */
export function draftMission(
  sortie: Sortie,
  identities: ReadonlyMap<string, Identity>,
  region: Region,
  params: MissionParams,
): MissionDraft | null {
  const aircraft = identities.get(sortie.hex);
  if (aircraft === undefined) return null;
  const dwell = measureDwell(region, sortie.fixes);
  if (dwell.first === null || dwell.last === null || dwell.insideMs < params.minDwellMs) {
    return null;
  }
  const firstFix = sortie.fixes[0] as Position;
  const lastFix = sortie.fixes[sortie.fixes.length - 1] as Position;
  const callsigns: string[] = [];
  let maxAltitudeFt: number | null = null;
  const files = new Set<number>();
  for (const p of [...sortie.fixes, ...sortie.duplicates]) {
    if (p.callsign !== null && !callsigns.includes(p.callsign)) callsigns.push(p.callsign);
    if (p.altitudeFt !== null && (maxAltitudeFt === null || p.altitudeFt > maxAltitudeFt)) {
      maxAltitudeFt = p.altitudeFt;
    }
    files.add(p.source.fileIndex);
  }
  return {
    found: {
      id: `${sortie.hex}-${compactUtc(firstFix.timeMs)}`,
      aircraft,
      callsigns,
      sortieStartMs: firstFix.timeMs,
      sortieEndMs: lastFix.timeMs,
      startedBy: sortie.startedBy,
      endedBy: sortie.endedBy,
      firstFix: fixRef(firstFix),
      lastFix: fixRef(lastFix),
      firstEntry: fixRef(dwell.first),
      lastExit: fixRef(dwell.last),
      minutesInRegion: dwell.insideMs / 60_000,
      maxAltitudeFt,
      positions: sortie.fixes.length,
      duplicateReports: sortie.duplicates.length,
      sourceFiles: [...files].sort((a, b) => a - b),
      utcDatesInRegion: dwell.dates,
    },
    hexChanges: sortie.hexChanges.map(hexChangeRef),
    onStation: sortie.fixes.slice(
      sortie.fixes.indexOf(dwell.first),
      sortie.fixes.lastIndexOf(dwell.last) + 1,
    ),
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
    const draft = draftMission(sortie, identities, region, params);
    if (draft === null) continue;
    missions.push(completeMission(draft, measureStation(draft.onStation, coast, fixRef)));
  }
  return missions.sort(byFirstEntry);
}

/** The order of missions: by first entry into the region, then address. */
export function byFirstEntry(a: Mission, b: Mission): number {
  return a.firstEntry.timeMs - b.firstEntry.timeMs || byCodeUnits(a.aircraft.hex, b.aircraft.hex);
}
