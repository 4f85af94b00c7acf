import type { StationMeasurer } from './missions/measure.js';
import { identifyAircraft, type Identity } from './aircraft/identify.js';
import type { Registry } from './aircraft/registry.js';
import { KeepRules, type KeepSpec } from './aircraft/watch.js';
import type { CoverageCollector } from './coverage/coverage.js';
import {
  InputJoiner,
  type Ingested,
  type InputSource,
  type InputSummary,
} from './ingest/collect.js';
import type { InputFormat, ReaderOptions } from './ingest/formats/format.js';
import { readOneSource, type SourceResult } from './ingest/source-result.js';
import { FixStore } from './ingest/fix-store.js';
import { renumbering } from './ingest/archive/members.js';
import { byCodeUnits } from './text-order.js';

/** One input to read, with the rule for which of its fixes to keep. */
export interface ReadJob {
  readonly source: InputSource;
  readonly fileIndex: number;
  readonly spec: KeepSpec;
  /**
   * Measure coverage near each of these regions' boxes (first pass: every region of the run in
   * one read), or not (second pass: already measured).
   */
  readonly coverageBoxes: readonly (readonly [number, number, number, number])[] | null;
}

/**
 * Reads inputs: in this thread one after the other (`inProcessReader`), or on worker threads
 * (src/ingest/threads/worker-reader.ts). Either way the results are handed to `take` in job order
 * (the k-th job's as `take(result, k)`), each as soon as it and those before it are read, and are
 * the same. The reader holds no result's fixes after handing it: `take` may let them go (a year of
 * day files is joined as it is read, not held twice).
 */
export interface InputReader {
  read(jobs: readonly ReadJob[], take: (result: SourceResult, job: number) => void): Promise<void>;
  /**
   * Where missions' times on station are measured once the inputs are read, when this reader has
   * threads to spare for it (null or absent: on this thread).
   */
  stationMeasurer?(): StationMeasurer | null;
}

/** Every result of the jobs, in job order (tests, and readers that must hold them all anyway). */
export async function readAll(
  reader: InputReader,
  jobs: readonly ReadJob[],
): Promise<SourceResult[]> {
  const out: SourceResult[] = [];
  await reader.read(jobs, (result, k) => {
    out[k] = result;
  });
  return out;
}

export interface ReadOptions {
  readonly registry: Registry;
  readonly forced?: InputFormat | undefined;
  readonly assignHex?: string | undefined;
  readonly reader?: ReaderOptions | undefined;
}

/**
 * Reads jobs one after the other in this thread. The fast path (src/ingest/fast/) is taken when the
 * reading allows it; every row it counts in bulk is one `keep` would not select.
 */
export function inProcessReader(options: ReadOptions): InputReader {
  const rules = KeepRules.for(options.registry);
  return {
    async read(jobs, take) {
      for (const [k, job] of jobs.entries()) {
        const result = await readOneSource(job.source, job.fileIndex, {
          forced: options.forced,
          reader: options.reader,
          rule: rules.rule(job.spec),
          coverageBoxes: job.coverageBoxes ?? undefined,
        });
        take(result, k);
      }
    },
  };
}

/** The inputs read, the fixes that can matter, and the aircraft identified. */
export interface InputsRead extends Ingested {
  readonly identities: ReadonlyMap<string, Identity>;
  /**
   * Fixes of aircraft identified only by evidence in other inputs, which the first pass let go
   * (read again from the inputs that hold them).
   */
  readonly late: FixStore;
  /** Inputs read a second time for them. */
  readonly reread: number;
}

/**
 * Reads every input once, keeping the fixes of the aircraft the registries identify and of rows that
 * identify their aircraft themselves (see KeepSpec), measuring coverage from every position, and
 * joining the inputs (companions, hexless positions) as `ingest` does. An aircraft identified only
 * by evidence found in another input (a type code in a readsb trace for an address in a military
 * block, say) is identified only once everything is read, so the inputs that held its other fixes
 * are read again for them. Standard input cannot be read again: it keeps every aircraft that may
 * prove to be one.
 */
export async function readInputs(
  sources: readonly InputSource[],
  options: ReadOptions,
  coverage: readonly CoverageCollector[],
  reader: InputReader = inProcessReader(options),
): Promise<InputsRead> {
  const { registry } = options;
  const boxes = coverage.map((c) => c.regionBbox);
  const rules = KeepRules.for(registry);
  // Positions named only now (hexless ones) are kept as an input read once would keep them.
  const broad = rules.rule({ kind: 'first', once: true });
  const joiner = new InputJoiner({
    keep: broad.keep,
    candidate: broad.candidate,
    onPosition: (p, candidate) => {
      for (const c of coverage) c.addPlaced(p, candidate);
    },
    assignHex: options.assignHex,
    forced: options.forced,
  });
  // Each input joined as soon as it and those before it are read (see InputJoiner).
  await reader.read(
    sources.map((source, fileIndex) => ({
      source,
      fileIndex,
      spec: { kind: 'first', once: source.once === true },
      coverageBoxes: boxes,
    })),
    (r, fileIndex) => {
      for (const [k, c] of coverage.entries()) {
        const found = r.coverage?.[k];
        if (found !== undefined) c.addHours(found, fileIndex);
      }
      joiner.add(r);
    },
  );
  const ingested = joiner.finish();
  const identities = new Map<string, Identity>();
  for (const [hex, evidence] of [...ingested.aircraft].sort(([a], [b]) => byCodeUnits(a, b))) {
    const id = identifyAircraft(hex, evidence, registry);
    if (id !== null) identities.set(hex, id);
  }
  const upfront = rules.registryIdentified();
  const lateHexes = [...identities.keys()].filter((hex) => !upfront.hasHex(hex));
  const again: ReadJob[] = [];
  if (lateHexes.length > 0) {
    for (const [fileIndex, source] of sources.entries()) {
      const summary = ingested.inputs[fileIndex] as InputSummary;
      if (source.once === true) continue;
      const hexes = lateHexes.filter((hex) => summary.hexes.has(hex));
      if (hexes.length > 0) {
        again.push({ source, fileIndex, spec: { kind: 'late', hexes }, coverageBoxes: null });
      }
    }
  }
  const late = new FixStore();
  if (again.length > 0) {
    await reader.read(again, (r, k) => {
      // An archive read again for a few traces numbers their records among those alone.
      const part = r.summary.archive?.readMembers;
      const whole = ingested.inputs[(again[k] as ReadJob).fileIndex]?.archive?.readMembers;
      const lineOf = part === undefined || whole === undefined ? null : renumbering(part, whole);
      if (lineOf !== null) r.positions.mapLines(lineOf);
      late.append(r.positions);
      r.positions.release();
    });
  }
  return { ...ingested, identities, late, reread: again.length };
}
