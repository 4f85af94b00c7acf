import {
  attributeHexless,
  CallsignIndex,
  type HexlessTrack,
} from './aircraft/attribute-hexless.js';
import { identifyAircraft, mayBeIdentified, type Identity } from './aircraft/identify.js';
import type { Registry } from './aircraft/registry.js';
import type { Region } from './geo/region.js';
import type { InputFormat, ReaderOptions } from './ingest/formats/format.js';
import { ingest, type InputSource, type InputSummary } from './ingest/collect.js';
import { detectMissions } from './missions/detect.js';
import type { Mission, MissionParams } from './missions/types.js';
import { buildSorties } from './tracks/build.js';
import type { TrackParams, TrackStats } from './tracks/types.js';

export interface AnalysisOptions {
  readonly registry: Registry;
  readonly region: Region;
  readonly track: TrackParams;
  readonly mission: MissionParams;
  readonly forced?: InputFormat | undefined;
  readonly assignHex?: string | undefined;
  readonly reader?: ReaderOptions | undefined;
}

/** Everything the commands report on: accounting per input, identified aircraft, and missions. */
export interface Analysis {
  readonly inputs: readonly InputSummary[];
  readonly identities: ReadonlyMap<string, Identity>;
  readonly sorties: number;
  readonly trackStats: TrackStats;
  readonly missions: readonly Mission[];
  /** Earliest and latest position time over all inputs, or null when nothing was read. */
  readonly span: { readonly fromMs: number; readonly toMs: number } | null;
  /** Inputs whose positions carry no address: the airframe each was tied to, or why none. */
  readonly hexlessTracks: readonly HexlessTrack[];
}

/** rows → positions → identified aircraft → sorties → missions. */
export async function analyze(
  sources: readonly InputSource[],
  options: AnalysisOptions,
): Promise<Analysis> {
  const { registry } = options;
  const ingested = await ingest(sources, {
    forced: options.forced,
    assignHex: options.assignHex,
    keep: (p) => p.hex !== null && mayBeIdentified(p.hex, p, registry),
    reader: options.reader,
  });
  // Only aircraft that may prove to be surveillance aircraft are kept, so only they can lend an
  // address: a civil airliner's FR24 export stays unidentified, which changes no count.
  const callsigns = new CallsignIndex();
  for (const p of ingested.positions) callsigns.add(p);
  const hexless = attributeHexless(ingested.hexless, callsigns);
  for (const p of hexless.attributed) {
    const hex = p.hex as string;
    ingested.inputs[p.source.fileIndex]?.hexes.add(hex);
    // The rows that named the airframe carry its type and flags; these rows carry none.
    if (mayBeIdentified(hex, ingested.aircraft.get(hex) ?? p, registry)) ingested.positions.push(p);
  }
  for (const input of ingested.inputs) input.aircraft = input.hexes.size;
  const identities = new Map<string, Identity>();
  for (const [hex, evidence] of [...ingested.aircraft].sort(([a], [b]) => a.localeCompare(b))) {
    const id = identifyAircraft(hex, evidence, registry);
    if (id !== null) identities.set(hex, id);
  }
  const { sorties, stats } = buildSorties(
    ingested.positions.filter((p) => p.hex !== null && identities.has(p.hex)),
    options.track,
  );
  const missions = detectMissions(sorties, identities, options.region, options.mission);
  const starts = ingested.inputs.flatMap((i) => (i.fromMs === null ? [] : [i.fromMs]));
  const ends = ingested.inputs.flatMap((i) => (i.toMs === null ? [] : [i.toMs]));
  const span =
    starts.length === 0 ? null : { fromMs: Math.min(...starts), toMs: Math.max(...ends) };
  return {
    inputs: ingested.inputs,
    identities,
    sorties: sorties.length,
    trackStats: stats,
    missions,
    span,
    hexlessTracks: hexless.tracks,
  };
}
