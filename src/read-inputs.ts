import { identifyAircraft, type Identity } from './aircraft/identify.js';
import type { Registry } from './aircraft/registry.js';
import { KeepRules, type KeepSpec } from './aircraft/watch.js';
import type { AircraftEvidence, InputSource, InputSummary } from './ingest/collect.js';
import type { InputFormat } from './ingest/formats/format.js';
import { mergeEvidence, readOneSource, type SourceResult } from './ingest/source-result.js';
import type { Position } from './ingest/types.js';

/** One input to read, with the rule for which of its fixes to keep. */
export interface ReadJob {
  readonly source: InputSource;
  readonly fileIndex: number;
  readonly spec: KeepSpec;
}

/**
 * Reads inputs: in this thread one after the other (`inProcessReader`), or on worker threads
 * (src/cli/worker-reader.ts). Either way the results come back in job order and are the same.
 */
export interface InputReader {
  read(jobs: readonly ReadJob[]): Promise<SourceResult[]>;
}

export interface ReadOptions {
  readonly registry: Registry;
  readonly forced?: InputFormat | undefined;
  readonly assignHex?: string | undefined;
}

/** Reads jobs one after the other in this thread, fast path included. */
export function inProcessReader(options: ReadOptions): InputReader {
  const rules = KeepRules.for(options.registry);
  return {
    async read(jobs) {
      const out: SourceResult[] = [];
      for (const job of jobs) {
        const rule = rules.rule(job.spec);
        out.push(
          await readOneSource(job.source, job.fileIndex, {
            forced: options.forced,
            assignHex: options.assignHex,
            keep: rule.keep,
            fast: { watch: rule.watch },
          }),
        );
      }
      return out;
    },
  };
}

/** The inputs read, the fixes that can matter, and the aircraft identified. */
export interface InputsRead {
  readonly inputs: InputSummary[];
  readonly positions: Position[];
  readonly aircraft: ReadonlyMap<string, AircraftEvidence>;
  readonly identities: ReadonlyMap<string, Identity>;
  /** Inputs read a second time for aircraft identified only by evidence in other inputs. */
  readonly reread: number;
}

/**
 * Reads every input keeping the fixes of aircraft that end up identified, and only those, without
 * holding the rest: the first pass keeps what the registries and each row's own evidence
 * identify; an aircraft identified by evidence found in another input (a type code in a readsb
 * trace, say) is identified only once everything is read, so the inputs that held its other fixes
 * are read again for them. Standard input cannot be read again: it keeps every fix of registry and
 * military-block aircraft instead (the `wide` rule).
 */
export async function readInputs(
  sources: readonly InputSource[],
  options: ReadOptions,
  reader: InputReader = inProcessReader(options),
): Promise<InputsRead> {
  const { registry } = options;
  const first = await reader.read(
    sources.map((source, fileIndex) => ({
      source,
      fileIndex,
      spec: source.once === true ? { kind: 'wide' } : { kind: 'identified' },
    })),
  );
  const inputs = first.map((r) => r.summary);
  const positions: Position[] = [];
  const aircraft = new Map<string, AircraftEvidence>();
  for (const r of first) {
    for (const p of r.positions) positions.push(p);
    mergeEvidence(aircraft, r.evidence);
  }
  const identities = new Map<string, Identity>();
  for (const [hex, evidence] of [...aircraft].sort(([a], [b]) => a.localeCompare(b))) {
    const id = identifyAircraft(hex, evidence, registry);
    if (id !== null) identities.set(hex, id);
  }
  const upfront = KeepRules.for(registry).upfront;
  const late = [...identities.keys()].filter((hex) => !upfront.hasHex(hex));
  const again: ReadJob[] = [];
  if (late.length > 0) {
    for (const [fileIndex, source] of sources.entries()) {
      const summary = inputs[fileIndex] as InputSummary;
      if (source.once === true) continue;
      const hexes = late.filter((hex) => summary.hexes.has(hex));
      if (hexes.length > 0) again.push({ source, fileIndex, spec: { kind: 'late', hexes } });
    }
  }
  if (again.length > 0) {
    for (const r of await reader.read(again)) for (const p of r.positions) positions.push(p);
  }
  return { inputs, positions, aircraft, identities, reread: again.length };
}
