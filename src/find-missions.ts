import type { Identity } from './aircraft/identify.js';
import {
  countDecision,
  DEFAULT_SELECTION,
  type CountDecision,
  type OperatorSelection,
} from './aircraft/selection.js';
import type { Coast } from './geo/coast.js';
import type { Region } from './geo/region.js';
import type { Position } from './ingest/types.js';
import { detectMissions } from './missions/detect.js';
import type { Mission, MissionParams } from './missions/types.js';
import { buildSorties } from './tracks/build.js';
import { stitchSorties } from './tracks/stitch.js';
import type { TrackParams, TrackStats } from './tracks/types.js';

/** What finding missions in positions depends on (a part of the analysis options). */
export interface MissionFindingOptions {
  readonly region: Region;
  readonly track: TrackParams;
  readonly mission: MissionParams;
  /** Coastline and land: territorial verdicts, and holes over open water told from landings. */
  readonly coast?: Coast | null | undefined;
  /** Which airframes' missions count (default: military surveillance of any country). */
  readonly selection?: OperatorSelection | undefined;
}

/** A mission found and not counted, and why (its operator's class, country, or --exclude). */
export interface LeftOutMission {
  readonly mission: Mission;
  readonly decision: CountDecision;
}

/**
 * positions of identified aircraft → sorties (per address) → sorties joined across address changes
 * → missions. The part of the pipeline that `--gap` and `--min-dwell` move, so it can be re-run
 * without reading the inputs again (`sortie report --sensitivity`).
 */
export function findMissions(
  positions: readonly Position[],
  identities: ReadonlyMap<string, Identity>,
  options: MissionFindingOptions,
): MissionsFound {
  return findMissionsInRegions(positions, identities, options, [
    options.region,
  ])[0] as MissionsFound;
}

export interface MissionsFound {
  sorties: number;
  stats: TrackStats;
  missions: Mission[];
  leftOut: LeftOutMission[];
  missionFixes: Map<string, readonly Position[]>;
}

/**
 * As findMissions, for each of several regions: the sorties (which do not depend on the region,
 * only on the coast that tells holes over open water from landings) are built once per coast, the
 * missions found in each region from them with its coast (`coasts[k]`, default `options.coast`).
 */
export function findMissionsInRegions(
  positions: readonly Position[],
  identities: ReadonlyMap<string, Identity>,
  options: Omit<MissionFindingOptions, 'region'>,
  regions: readonly Region[],
  coasts: readonly (Coast | null)[] = regions.map(() => options.coast ?? null),
): MissionsFound[] {
  const builtByCoast = new Map<Coast | null, ReturnType<typeof sortiesWith>>();
  return regions.map((region, k) => {
    const coast = coasts[k] ?? null;
    let built = builtByCoast.get(coast);
    if (built === undefined) {
      built = sortiesWith(positions, identities, options.track, coast);
      builtByCoast.set(coast, built);
    }
    const { sorties, stats, sortieFixes } = built;
    const found = detectMissions(sorties, identities, region, options.mission, coast);
    // Every identified airframe's missions are found, so those not counted can be reported.
    const selection = options.selection ?? DEFAULT_SELECTION;
    const missions: Mission[] = [];
    const leftOut: LeftOutMission[] = [];
    for (const mission of found) {
      const decision = countDecision(mission.aircraft, selection);
      if (decision.counts) missions.push(mission);
      else leftOut.push({ mission, decision });
    }
    const missionFixes = new Map(
      found.map((m) => [m.id, sortieFixes.get(`${m.aircraft.hex} ${m.sortieStartMs}`) ?? []]),
    );
    return { sorties: sorties.length, stats, missions, leftOut, missionFixes };
  });
}

/** Sorties built with one coast and joined across address changes, with their fixes by start. */
function sortiesWith(
  positions: readonly Position[],
  identities: ReadonlyMap<string, Identity>,
  track: TrackParams,
  coast: Coast | null,
): {
  sorties: ReturnType<typeof stitchSorties>;
  stats: TrackStats;
  sortieFixes: Map<string, readonly Position[]>;
} {
  const built = buildSorties(positions, track, coast);
  const sorties = stitchSorties(built.sorties, (hex) => identities.get(hex)?.type ?? null, track);
  const sortieFixes = new Map<string, readonly Position[]>(
    sorties.map((s) => [`${s.hex} ${s.fixes[0]?.timeMs}`, s.fixes]),
  );
  return { sorties, stats: built.stats, sortieFixes };
}
