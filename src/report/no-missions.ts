import type { Analysis } from '../analyze.js';
import type { Position } from '../ingest/types.js';
import { distanceToRegionBoxKm, distanceToRegionKm } from '../geo/region-distance.js';
import { regionContains } from '../geo/region.js';

/** Nearest fix of a surveillance aircraft to the region, none being inside it. */
export interface ClosestApproach {
  readonly hex: string;
  readonly type: string | null;
  readonly registration: string | null;
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
  /** Great-circle distance to the region's boundary. */
  readonly distanceKm: number;
}

/** Why a count or a list of missions is empty: what was identified, and where it flew. */
export interface NoMissions {
  /** Whether the inputs held any position at all, of any aircraft. */
  readonly anyPositions: boolean;
  /** Rows used, of any aircraft (positions and what else rows carry: callsigns, sightings). */
  readonly rowsUsed: number;
  /** Rows skipped, by reason, most first (none when some row was used). */
  readonly skippedByReason: readonly (readonly [string, number])[];
  /** Distinct aircraft addresses in the inputs. */
  readonly aircraftSeen: number;
  /** Tracks of inputs without addresses that could not be tied to an airframe. */
  readonly tracksWithoutAddress: number;
  /** Of those, the ones identified as surveillance aircraft. */
  readonly surveillanceAircraft: number;
  /** Their fixes in the window, and how many aircraft those are. */
  readonly fixesInWindow: number;
  readonly aircraftInWindow: number;
  /** Their first and last fix among those read for sorties (null without any). */
  readonly fixesSpan: { readonly fromMs: number; readonly toMs: number } | null;
  /**
   * When only the fixes near the window were made into sorties (a report's or a window's reach):
   * the first and last row of the inputs, which tell where the data lies. Null otherwise.
   */
  readonly inputsSpan: { readonly fromMs: number; readonly toMs: number } | null;
  /** Of the fixes in the window, those inside the region, and how many aircraft those are. */
  readonly fixesInRegion: number;
  readonly aircraftInRegion: number;
  /** The nearest fix in the window when none is inside; else null. */
  readonly closest: ClosestApproach | null;
  /** Missions that were found, but outside the window. */
  readonly missionsOutsideWindow: number;
  /**
   * Of those, the ones still inside the region in the window: they first entered it before, and a
   * mission counts where it first enters (their ids and first entries, earliest first).
   */
  readonly enteredBefore: readonly { readonly id: string; readonly firstEntryMs: number }[];
  /**
   * Missions in the window of airframes the operator selection leaves out, by why (class,
   * country, --exclude): found, but not counted.
   */
  readonly leftOutInWindow: Readonly<Record<string, number>>;
  /** The least time inside the region a sortie needs to be a mission. */
  readonly minDwellMs: number;
  /** Day archives given but not read, their days outside the fixes made into sorties. */
  readonly daysNotRead: number;
}

/** Fixes this much nearer than the box distance suggests are still measured (see the box bound). */
const BOX_MARGIN = 0.9;

/**
 * Says why no mission lies in `window` (its bounds may be infinite): the identified surveillance
 * aircraft, their fixes in the window, and how near the region those came.
 */
export function explainNoMissions(
  analysis: Analysis,
  window: { readonly startMs: number; readonly endMs: number },
): NoMissions {
  const region = analysis.options.region;
  const inWindow = (ms: number): boolean => ms >= window.startMs && ms < window.endMs;
  const seen = new Set<string>();
  for (const input of analysis.inputs) for (const hex of input.hexes) seen.add(hex);
  let fixesInWindow = 0;
  let fixesInRegion = 0;
  let fromMs = Infinity;
  let toMs = -Infinity;
  const aircraftInWindow = new Set<string>();
  const aircraftInRegion = new Set<string>();
  let best: { p: Position; km: number } | null = null;
  for (const p of analysis.positions) {
    fromMs = Math.min(fromMs, p.timeMs);
    toMs = Math.max(toMs, p.timeMs);
    if (!inWindow(p.timeMs) || p.hex === null) continue;
    fixesInWindow += 1;
    aircraftInWindow.add(p.hex);
    if (regionContains(region, p.lon, p.lat)) {
      fixesInRegion += 1;
      aircraftInRegion.add(p.hex);
      continue;
    }
    // Most fixes are ruled out by their distance to the region's box; few are measured.
    if (best !== null && distanceToRegionBoxKm(region, p.lat, p.lon) * BOX_MARGIN > best.km) {
      continue;
    }
    const km = distanceToRegionKm(region, p.lat, p.lon);
    if (best === null || km < best.km || (km === best.km && p.timeMs < best.p.timeMs)) {
      best = { p, km };
    }
  }
  const closestHex = best?.p.hex ?? null;
  const identity = closestHex === null ? undefined : analysis.identities.get(closestHex);
  return {
    anyPositions: analysis.span !== null,
    rowsUsed: analysis.inputs.reduce((n, i) => n + i.used, 0),
    skippedByReason: analysis.span === null ? skippedByReason(analysis.inputs) : [],
    aircraftSeen: seen.size,
    tracksWithoutAddress: analysis.hexlessTracks.filter((t) => t.hex === null).length,
    surveillanceAircraft: analysis.identities.size,
    fixesInWindow,
    aircraftInWindow: aircraftInWindow.size,
    fixesSpan: fromMs <= toMs ? { fromMs, toMs } : null,
    inputsSpan: analysis.options.trackSpan ? analysis.span : null,
    fixesInRegion,
    aircraftInRegion: aircraftInRegion.size,
    closest:
      best === null || closestHex === null || fixesInRegion > 0
        ? null
        : {
            hex: closestHex,
            type: identity?.type ?? null,
            registration: identity?.registration ?? null,
            timeMs: best.p.timeMs,
            lat: best.p.lat,
            lon: best.p.lon,
            distanceKm: best.km,
          },
    missionsOutsideWindow: analysis.missions.filter((m) => !inWindow(m.firstEntry.timeMs)).length,
    enteredBefore: analysis.missions
      .filter((m) => m.firstEntry.timeMs < window.startMs && m.lastExit.timeMs >= window.startMs)
      .map((m) => ({ id: m.id, firstEntryMs: m.firstEntry.timeMs }))
      .sort((a, b) => a.firstEntryMs - b.firstEntryMs),
    leftOutInWindow: leftOutByWhy(analysis, inWindow),
    minDwellMs: analysis.options.mission.minDwellMs,
    daysNotRead: analysis.notRead.length,
  };
}

function leftOutByWhy(
  analysis: Analysis,
  inWindow: (ms: number) => boolean,
): Record<string, number> {
  const by: Record<string, number> = {};
  for (const l of analysis.leftOut) {
    if (!inWindow(l.mission.firstEntry.timeMs)) continue;
    const why = l.decision.leftOutAs ?? 'left out';
    by[why] = (by[why] ?? 0) + 1;
  }
  return by;
}

/** Rows skipped by reason over the inputs, most first (then by reason). */
export function skippedByReason(
  inputs: Analysis['inputs'],
): readonly (readonly [string, number])[] {
  const byReason = new Map<string, number>();
  for (const i of inputs) {
    for (const [reason, s] of Object.entries(i.skipped))
      byReason.set(reason, (byReason.get(reason) ?? 0) + s.count);
  }
  return [...byReason].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0));
}
