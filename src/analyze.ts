import { MEASURE_HERE } from './missions/measure.js';
import {
  attributeHexless,
  CallsignIndex,
  RecordUnits,
  type HexlessTrack,
} from './aircraft/attribute-hexless.js';
import {
  accountForJoined,
  unidentifiedFlights,
  type UnidentifiedFlight,
} from './missions/unidentified-flights.js';
import { mayBeIdentified, type Identity } from './aircraft/identify.js';
import type { Registry } from './aircraft/registry.js';
import { coverageCollector, type Coverage } from './coverage/coverage.js';
import type { InputFormat, ReaderOptions } from './ingest/formats/format.js';
import type { InputSource, InputSummary } from './ingest/collect.js';
import { FixStore } from './ingest/fix-store.js';
import type { Mission } from './missions/types.js';
import type { Coast } from './geo/coast.js';
import type { Region } from './geo/region.js';
import type { TrackStats } from './tracks/types.js';
import { inTrackSpan, type DayNotRead, type TrackSpan } from './tracks/track-span.js';
import { readInputs, type InputReader } from './read-inputs.js';
import type { LeftOutMission, MissionFindingOptions, MissionFixes } from './find-missions.js';

export interface AnalysisOptions extends MissionFindingOptions {
  readonly registry: Registry;
  readonly forced?: InputFormat | undefined;
  readonly assignHex?: string | undefined;
  readonly reader?: ReaderOptions | undefined;
  /** How inputs are read (worker threads from the CLI); this thread, one by one, by default. */
  readonly inputReader?: InputReader | undefined;
  /** Day archives given but left unread, their days outside `trackSpan` (see daysWithinSpan). */
  readonly notRead?: readonly DayNotRead[] | undefined;
  /** Only fixes in this span are made into sorties (a report's window and baseline, widened); null: all. */
  readonly trackSpan?: TrackSpan | null | undefined;
}

/** Everything the commands report on: accounting per input, identified aircraft, and missions. */
export interface Analysis {
  readonly inputs: readonly InputSummary[];
  readonly identities: ReadonlyMap<string, Identity>;
  readonly sorties: number;
  readonly trackStats: TrackStats;
  /** The missions that count under the operator selection. */
  readonly missions: readonly Mission[];
  /** Missions of identified airframes the selection leaves out (other classes, countries, --exclude). */
  readonly leftOut: readonly LeftOutMission[];
  /** Earliest and latest position time over all inputs, or null when nothing was read. */
  readonly span: { readonly fromMs: number; readonly toMs: number } | null;
  /** Positions of the identified aircraft, in a compact store: enough to recount under other parameters. */
  readonly positions: FixStore;
  readonly options: AnalysisOptions;
  /** Hours in which any input had any report in or near the region (from every position read). */
  readonly coverage: Coverage;
  /**
   * Day archives (adsb.lol releases, globe_history days) not read because their day lies wholly
   * outside `options.trackSpan`: none of their fixes could make a sortie.
   */
  readonly notRead: readonly DayNotRead[];
  /** Each mission's fixes (its sortie, de-duplicated, cleaned and joined across address changes), by mission id: the track to draw. */
  readonly missionFixes: MissionFixes;
  /** Inputs whose positions carry no address: the airframe each was tied to, or why none. */
  readonly hexlessTracks: readonly HexlessTrack[];
  /** Those of them left without an address that flew long enough in the region to be a mission. */
  readonly unidentifiedInRegion: readonly UnidentifiedFlight[];
}

/** rows → positions → identified aircraft → sorties → missions. */
export async function analyze(
  sources: readonly InputSource[],
  options: AnalysisOptions,
): Promise<Analysis> {
  return (await analyzeRegions(sources, options, [options.region]))[0] as Analysis;
}

/**
 * As `analyze`, for each of several regions (`options.region` is not used), reading the inputs
 * once: coverage is measured near every region in the same read, the sorties built once, and the
 * missions found in each region. Each analysis is the one `analyze` gives for that region alone
 * with its coast (`coasts[k]`: the sorties depend on it, so they are built once per coast).
 */
export async function analyzeRegions(
  sources: readonly InputSource[],
  options: AnalysisOptions,
  regions: readonly Region[],
  coasts: readonly (Coast | null)[] = regions.map(() => options.coast ?? null),
): Promise<Analysis[]> {
  const { registry } = options;
  // The tracks and missions code loads while the inputs are read: this thread often waits then.
  const later = import('./find-missions.js');
  later.catch(() => undefined);
  const coverage = regions.map((region) => coverageCollector(region.bbox));
  // Keeps the positions of every aircraft that may be identified, coverage from all of them; an
  // aircraft identified only by evidence in other inputs has its other fixes read again (`late`).
  const read = {
    registry,
    forced: options.forced,
    assignHex: options.assignHex,
    reader: options.reader,
  };
  const ingested = await readInputs(sources, read, coverage, options.inputReader);
  const trackSpan = options.trackSpan ?? null;
  // Only aircraft that may prove to be surveillance aircraft are kept, so only they can lend an
  // address: a civil airliner's FR24 export stays unidentified, which changes no count.
  // Indexed only when some input needs it: the index holds a fix every 10 s of every aircraft.
  const callsigns = new CallsignIndex(
    new RecordUnits(ingested.inputs.map((i) => i.archive?.readMembers)),
  );
  // Only fixes in the span lend an address, as only they are asked of a database.
  if (ingested.hexless.length > 0) {
    for (const p of ingested.positions) if (inTrackSpan(trackSpan, p.timeMs)) callsigns.add(p);
  }
  const hexless = attributeHexless(ingested.hexless, callsigns);
  for (const p of hexless.attributed) {
    const hex = p.hex as string;
    ingested.inputs[p.source.fileIndex]?.hexes.add(hex);
    // The rows that named the airframe carry its type and flags; these rows carry none.
    if (mayBeIdentified(hex, ingested.aircraft.get(hex) ?? p, registry)) ingested.positions.push(p);
  }
  for (const input of ingested.inputs) input.aircraft = input.hexes.size;
  const identities = ingested.identities;
  const positions = identifiedOnly([ingested.positions, ingested.late], identities, trackSpan);
  const { findMissionsMeasured } = await later;
  const measurer = options.inputReader?.stationMeasurer?.() ?? MEASURE_HERE;
  const founds = await findMissionsMeasured(
    positions,
    identities,
    options,
    regions,
    coasts,
    measurer,
  );
  const starts = ingested.inputs.flatMap((i) => (i.fromMs === null ? [] : [i.fromMs]));
  const ends = ingested.inputs.flatMap((i) => (i.toMs === null ? [] : [i.toMs]));
  const span =
    starts.length === 0 ? null : { fromMs: Math.min(...starts), toMs: Math.max(...ends) };
  return regions.map((region, k) => {
    const found = founds[k] as (typeof founds)[number];
    // An ambiguous track whose addresses one mission joins is that mission's flight.
    const accounted = accountForJoined(
      hexless.tracks,
      unidentifiedFlights(ingested.hexless, hexless.tracks, callsigns.units, region, {
        track: options.track,
        minDwellMs: options.mission.minDwellMs,
        coast: coasts[k] ?? null,
      }),
      [...found.missions, ...found.leftOut.map((l) => l.mission)],
      new Set(found.missions.map((m) => m.id)),
    );
    return {
      inputs: ingested.inputs,
      identities,
      sorties: found.sorties,
      trackStats: found.stats,
      missions: found.missions,
      leftOut: found.leftOut,
      span,
      positions,
      options: { ...options, region, coast: coasts[k] ?? null },
      coverage: (coverage[k] as (typeof coverage)[number]).result(),
      missionFixes: found.missionFixes,
      hexlessTracks: accounted.tracks,
      unidentifiedInRegion: accounted.flights,
      notRead: options.notRead ?? [],
    };
  });
}

/**
 * The fixes of the stores whose aircraft are identified, within the span, in order, in the first
 * store: the others are dropped in place and the later stores' fixes appended and let go, so that a
 * year's fixes are never held twice.
 */
function identifiedOnly(
  stores: readonly [FixStore, ...FixStore[]],
  identities: ReadonlyMap<string, Identity>,
  span: TrackSpan | null,
): FixStore {
  const identified = (hex: string): boolean => identities.has(hex);
  const inSpan = span === null ? null : (timeMs: number): boolean => inTrackSpan(span, timeMs);
  const [into, ...rest] = stores;
  // Asked once per tuple (address, callsign, ...), not per fix: most often every fix kept is of an
  // identified aircraft.
  const keep = into.byAircraft(identified, inSpan);
  if (keep === null) into.trim();
  else into.retain(keep);
  for (const store of rest) {
    into.append(store, null, store.byAircraft(identified, inSpan));
    store.release();
  }
  return into;
}
