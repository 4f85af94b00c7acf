import type { Analysis } from '../analyze.js';
import type { Position } from '../ingest/types.js';
import { distanceToRegionBoxKm, distanceToRegionKm } from '../geo/region-distance.js';
import { regionContains } from '../geo/region.js';
import { byCodeUnits } from '../text-order.js';

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
  /** Without any position: the rows read, used (as other messages) and skipped; else null. */
  readonly rowsWithoutPosition: RowsAccount | null;
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
  /** Aircraft inside the region in the window other than those of `enteredBefore`. */
  readonly othersInRegion: number;
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
  const enteredBefore = analysis.missions
    .filter((m) => m.firstEntry.timeMs < window.startMs && m.lastExit.timeMs >= window.startMs)
    .sort((a, b) => a.firstEntry.timeMs - b.firstEntry.timeMs);
  const closestHex = best?.p.hex ?? null;
  const identity = closestHex === null ? undefined : analysis.identities.get(closestHex);
  return {
    anyPositions: analysis.span !== null,
    rowsUsed: analysis.inputs.reduce((n, i) => n + i.used, 0),
    rowsWithoutPosition: analysis.span === null ? rowsAccount(analysis.inputs) : null,
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
    enteredBefore: enteredBefore.map((m) => ({ id: m.id, firstEntryMs: m.firstEntry.timeMs })),
    othersInRegion: [...aircraftInRegion].filter(
      (hex) => !enteredBefore.some((m) => m.aircraft.hex === hex),
    ).length,
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

/** Rows read, used and skipped (by reason, most first, then by reason) over some inputs. */
export interface RowsAccount {
  readonly rows: number;
  readonly used: number;
  readonly skipped: readonly (readonly [string, number])[];
}

export function rowsAccount(inputs: Analysis['inputs']): RowsAccount {
  const byReason = new Map<string, number>();
  let rows = 0;
  let used = 0;
  for (const i of inputs) {
    rows += i.rows;
    used += i.used;
    for (const [reason, s] of Object.entries(i.skipped))
      byReason.set(reason, (byReason.get(reason) ?? 0) + s.count);
  }
  const skipped = [...byReason].sort(([a, n], [b, m]) => m - n || byCodeUnits(a, b));
  return { rows, used, skipped };
}
