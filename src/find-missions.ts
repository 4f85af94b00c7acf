import type { AnalysisOptions } from './analyze.js';
import type { Identity } from './aircraft/identify.js';
import type { Position } from './ingest/types.js';
import { detectMissions } from './missions/detect.js';
import type { Mission } from './missions/types.js';
import { buildSorties } from './tracks/build.js';
import { stitchSorties } from './tracks/stitch.js';
import type { TrackStats } from './tracks/types.js';

/**
 * positions of identified aircraft → sorties (per address) → sorties joined across address changes
 * → missions. The part of the pipeline that `--gap` and `--min-dwell` move, so it can be re-run
 * without reading the inputs again (`sortie report --sensitivity`).
 */
export function findMissions(
  positions: readonly Position[],
  identities: ReadonlyMap<string, Identity>,
  options: Pick<AnalysisOptions, 'region' | 'track' | 'mission' | 'coast'>,
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
