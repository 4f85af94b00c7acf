import type { Identity } from './aircraft/identify.js';
import {
  countDecision,
  DEFAULT_SELECTION,
  type CountDecision,
  type OperatorSelection,
} from './aircraft/selection.js';
import type { Coast } from './geo/coast.js';
import type { Region } from './geo/region.js';
import { FixStore } from './ingest/fix-store.js';
import type { Position } from './ingest/types.js';
import { byFirstEntry, detectMissions } from './missions/detect.js';
import type { Mission, MissionParams } from './missions/types.js';
import { buildStoredSorties, loadSortie, type StoredSortie } from './tracks/build.js';
import { stitchOutlined } from './tracks/stitch.js';
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

/** Each mission's fixes (the track to draw), made from the store when asked for. */
export interface MissionFixes {
  get(missionId: string): readonly Position[] | undefined;
}

/** A sortie's fixes: indexes into the store, or objects (sorties joined across addresses). */
type HeldFixes = StoredSortie | readonly Position[];

class StoredMissionFixes implements MissionFixes {
  private readonly store: FixStore;
  private readonly byMission: ReadonlyMap<string, HeldFixes>;

  constructor(store: FixStore, byMission: ReadonlyMap<string, HeldFixes>) {
    this.store = store;
    this.byMission = byMission;
  }

  get(missionId: string): readonly Position[] | undefined {
    const held = this.byMission.get(missionId);
    if (held === undefined || Array.isArray(held)) return held as readonly Position[] | undefined;
    return loadSortie(this.store, held as StoredSortie).fixes;
  }
}

/**
 * positions of identified aircraft → sorties (per address) → sorties joined across address changes
 * → missions. The part of the pipeline that `--gap` and `--min-dwell` move, so it can be re-run
 * without reading the inputs again (`sortie report --sensitivity`). Fixes are made into objects
 * aircraft by aircraft, then sortie by sortie: a year of them is held only in the store.
 */
export function findMissions(
  positions: readonly Position[] | FixStore,
  identities: ReadonlyMap<string, Identity>,
  options: MissionFindingOptions,
): {
  sorties: number;
  stats: TrackStats;
  missions: Mission[];
  leftOut: LeftOutMission[];
  missionFixes: MissionFixes;
} {
  const coast = options.coast ?? null;
  const store = positions instanceof FixStore ? positions : FixStore.of(positions);
  const built = buildStoredSorties(store, options.track, coast);
  const sorties = stitchOutlined(
    built.sorties,
    (s) => s,
    (s) => loadSortie(store, s),
    (hex) => identities.get(hex)?.type ?? null,
    options.track,
  );
  const found: Mission[] = [];
  const sortieFixes = new Map<string, HeldFixes>();
  for (const x of sorties) {
    const sortie = 'joined' in x ? x.joined : loadSortie(store, x.item);
    sortieFixes.set(
      `${sortie.hex} ${sortie.fixes[0]?.timeMs}`,
      'joined' in x ? sortie.fixes : x.item,
    );
    found.push(...detectMissions([sortie], identities, options.region, options.mission, coast));
  }
  found.sort(byFirstEntry);
  // Every identified airframe's missions are found, so those not counted can be reported.
  const selection = options.selection ?? DEFAULT_SELECTION;
  const missions: Mission[] = [];
  const leftOut: LeftOutMission[] = [];
  for (const mission of found) {
    const decision = countDecision(mission.aircraft, selection);
    if (decision.counts) missions.push(mission);
    else leftOut.push({ mission, decision });
  }
  const missionFixes = new StoredMissionFixes(
    store,
    new Map(
      found.map((m) => [m.id, sortieFixes.get(`${m.aircraft.hex} ${m.sortieStartMs}`) ?? []]),
    ),
  );
  return { sorties: sorties.length, stats: built.stats, missions, leftOut, missionFixes };
}
