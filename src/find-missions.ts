import type { Identity } from './aircraft/identify.js';
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
): {
  sorties: number;
  stats: TrackStats;
  missions: Mission[];
  missionFixes: Map<string, readonly Position[]>;
} {
  const coast = options.coast ?? null;
  const built = buildSorties(positions, options.track, coast);
  const sorties = stitchSorties(
    built.sorties,
    (hex) => identities.get(hex)?.type ?? null,
    options.track,
  );
  const missions = detectMissions(sorties, identities, options.region, options.mission, coast);
  const sortieFixes = new Map(sorties.map((s) => [`${s.hex} ${s.fixes[0]?.timeMs}`, s.fixes]));
  const missionFixes = new Map(
    missions.map((m) => [m.id, sortieFixes.get(`${m.aircraft.hex} ${m.sortieStartMs}`) ?? []]),
  );
  return { sorties: sorties.length, stats: built.stats, missions, missionFixes };
}
