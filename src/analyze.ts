import type { Identity } from './aircraft/identify.js';
import type { Registry } from './aircraft/registry.js';
import type { Region } from './geo/region.js';
import type { InputFormat } from './ingest/formats/format.js';
import type { InputSource, InputSummary } from './ingest/collect.js';
import { detectMissions } from './missions/detect.js';
import type { Mission, MissionParams } from './missions/types.js';
import { buildSorties } from './tracks/build.js';
import type { TrackParams, TrackStats } from './tracks/types.js';
import { readInputs, type InputReader } from './read-inputs.js';

export interface AnalysisOptions {
  readonly registry: Registry;
  readonly region: Region;
  readonly track: TrackParams;
  readonly mission: MissionParams;
  readonly forced?: InputFormat | undefined;
  readonly assignHex?: string | undefined;
  /** How inputs are read (worker threads from the CLI); this thread, one by one, by default. */
  readonly reader?: InputReader | undefined;
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
}

/** rows → positions → identified aircraft → sorties → missions. */
export async function analyze(
  sources: readonly InputSource[],
  options: AnalysisOptions,
): Promise<Analysis> {
  const { registry } = options;
  const read = { registry, forced: options.forced, assignHex: options.assignHex };
  const ingested = await readInputs(sources, read, options.reader);
  const identities = ingested.identities;
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
  };
}
