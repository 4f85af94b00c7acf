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
import { byFirstEntry, completeMission, draftMission } from './missions/detect.js';
import { MEASURE_HERE, type StationMeasurer } from './missions/measure.js';
import { positionSortieFixes, storedSortieFixes } from './missions/sortie-fixes.js';
import type { Mission, MissionParams } from './missions/types.js';
import { buildStoredSorties, loadSortie, type StoredSortie } from './tracks/build.js';
import { ReusedColumns } from './tracks/reused-columns.js';
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
  missionFixes: MissionFixes;
}

/**
 * As findMissions, for each of several regions: the sorties (which do not depend on the region,
 * only on the coast that tells holes over open water from landings) are built once per coast, and
 * each sortie, made into objects once, is searched for missions in every region of that coast
 * (`coasts[k]`, default `options.coast`).
 */
export function findMissionsInRegions(
  positions: readonly Position[] | FixStore,
  identities: ReadonlyMap<string, Identity>,
  options: Omit<MissionFindingOptions, 'region'>,
  regions: readonly Region[],
  coasts: readonly (Coast | null)[] = regions.map(() => options.coast ?? null),
): MissionsFound[] {
  return missionsFinder(positions, identities, options, regions, coasts, MEASURE_HERE)();
}

/**
 * As findMissionsInRegions, with each mission's time on station measured by `measurer` (on other
 * threads while this one builds the next sorties): the same missions.
 */
export async function findMissionsMeasured(
  positions: readonly Position[] | FixStore,
  identities: ReadonlyMap<string, Identity>,
  options: Omit<MissionFindingOptions, 'region'>,
  regions: readonly Region[],
  coasts: readonly (Coast | null)[],
  measurer: StationMeasurer,
): Promise<MissionsFound[]> {
  const finish = missionsFinder(positions, identities, options, regions, coasts, measurer);
  await measurer.settled();
  return finish();
}

/**
 * Finds the missions, each measured by `measurer`; what it returns makes the results once every
 * measure is in.
 */
function missionsFinder(
  positions: readonly Position[] | FixStore,
  identities: ReadonlyMap<string, Identity>,
  options: Omit<MissionFindingOptions, 'region'>,
  regions: readonly Region[],
  coasts: readonly (Coast | null)[],
  measurer: StationMeasurer,
): () => MissionsFound[] {
  const store = positions instanceof FixStore ? positions : FixStore.of(positions);
  const results: MissionsFound[] = new Array<MissionsFound>(regions.length);
  const finishers: (() => void)[] = [];
  const byCoast = new Map<Coast | null, number[]>();
  for (const [k] of regions.entries()) {
    const coast = coasts[k] ?? null;
    byCoast.set(coast, [...(byCoast.get(coast) ?? []), k]);
  }
  for (const [coast, ks] of byCoast) {
    const built = buildStoredSorties(store, options.track, coast);
    const sorties = stitchOutlined(
      built.sorties,
      (s) => s,
      (s) => loadSortie(store, s),
      (hex) => identities.get(hex)?.type ?? null,
      options.track,
    );
    // Each region's missions in the order found, each filled in once measured.
    const found = ks.map((): (Mission | null)[] => []);
    const sortieFixes = new Map<string, HeldFixes>();
    const reuse = new ReusedColumns();
    for (const x of sorties) {
      // A sortie with no fix in a region's bounding box has no mission there: one that has none in
      // any is not made into objects at all (most identified aircraft fly far from the region).
      const near = ks.map(
        (k) => 'joined' in x || fixInBox(store, x.item, (regions[k] as Region).bbox),
      );
      if (!near.includes(true)) continue;
      // Drafted from the store's columns: no object per fix (a year is some 20 million).
      const sortie =
        'joined' in x ? positionSortieFixes(x.joined) : storedSortieFixes(store, x.item, reuse);
      sortieFixes.set(`${sortie.hex} ${sortie.timeMs[0]}`, 'joined' in x ? x.joined.fixes : x.item);
      for (const [j, k] of ks.entries()) {
        const regionFound = found[j];
        if (near[j] !== true || regionFound === undefined) continue;
        const draft = draftMission(sortie, identities, regions[k] as Region, options.mission);
        if (draft === null) continue;
        const slot = regionFound.push(null) - 1;
        // Its fixes are not held here until measured, only what the mission is made of.
        const { onStation, ...made } = draft;
        measurer.measure(onStation, coast, (measures) => {
          regionFound[slot] = completeMission(made, measures);
        });
      }
    }
    // What the finisher needs of the sorties, not the sorties themselves (held until every measure
    // is in).
    const sortieCount = sorties.length;
    const { stats } = built;
    finishers.push(() => {
      for (const [j, k] of ks.entries()) {
        const regionFound = (found[j] ?? []).map((m) => {
          if (m === null) throw new Error('a mission was not measured');
          return m;
        });
        regionFound.sort(byFirstEntry);
        // Every identified airframe's missions are found, so those not counted can be reported.
        const selection = options.selection ?? DEFAULT_SELECTION;
        const missions: Mission[] = [];
        const leftOut: LeftOutMission[] = [];
        for (const mission of regionFound) {
          const decision = countDecision(mission.aircraft, selection);
          if (decision.counts) missions.push(mission);
          else leftOut.push({ mission, decision });
        }
        const missionFixes = new StoredMissionFixes(
          store,
          new Map(
            regionFound.map((m) => [
              m.id,
              sortieFixes.get(`${m.aircraft.hex} ${m.sortieStartMs}`) ?? [],
            ]),
          ),
        );
        results[k] = {
          sorties: sortieCount,
          stats,
          missions,
          leftOut,
          missionFixes,
        };
      }
    });
  }
  return () => {
    for (const finish of finishers) finish();
    return results;
  };
}

/** Some fix of the stored sortie lies in the box [west, south, east, north] (edges included). */
function fixInBox(
  store: FixStore,
  sortie: StoredSortie,
  [west, south, east, north]: readonly [number, number, number, number],
): boolean {
  const box = sortie.box;
  // A box missing the region's rules every fix out (a NaN box rules nothing out).
  if (box !== undefined && (box[2] < west || box[0] > east || box[3] < south || box[1] > north))
    return false;
  for (const i of sortie.fixes) {
    const lon = store.lonAt(i);
    if (lon < west || lon > east) continue;
    const lat = store.latAt(i);
    if (lat >= south && lat <= north) return true;
  }
  return false;
}
