/**
 * Test-side reading of readsb traces both ways: an archive's input read with its trace rows taken
 * as runs of fixes (TraceTaking) or as positions through the sink, and one trace document's rows
 * from the trace kernel or from JSON.parse, for the tests that hold the two to the same result.
 */
import { statSync } from 'node:fs';
import type { Registry } from '../src/aircraft/registry.js';
import { KeepRules } from '../src/aircraft/watch.js';
import { coverageCollector } from '../src/coverage/coverage.js';
import { readInput, type InputSource } from '../src/ingest/collect.js';
import { memberSelection } from '../src/ingest/source-result.js';
import type { Position } from '../src/ingest/types.js';

/** A tar of one UTC day (2025-02-03) read in place, as the CLI names one. */
export function tarSource(tar: string): InputSource {
  const size = statSync(tar).size;
  return {
    name: tar,
    size,
    archive: { kind: 'tar', parts: [{ path: tar, size }], day: '2025-02-03' },
    open: () => {
      throw new Error('read in place');
    },
  };
}

/**
 * `source` read with coverage near each of `boxes` measured by `onPosition` and, when `byValues`, given too
 * as `coverage` (which lets the trace rows be taken as runs): what the input's result holds, how many
 * positions reached `onPosition`.
 */
export async function readBothWays(
  source: InputSource,
  registry: Registry,
  boxes: readonly (readonly [number, number, number, number])[],
  byValues: boolean,
) {
  const rule = KeepRules.for(registry).rule({ kind: 'first', once: false });
  const coverage = boxes.map((box) => coverageCollector(box));
  let positionsSeen = 0;
  const read = await readInput(source, 0, {
    keep: rule.keep,
    candidate: rule.candidate,
    members: memberSelection(rule, false),
    onPosition: (p: Position, candidate: boolean) => {
      positionsSeen += 1;
      for (const c of coverage) c.add(p, candidate);
    },
    coverage: byValues ? coverage : undefined,
  });
  return {
    positionsSeen,
    summary: { ...read.summary, hexes: [...read.summary.hexes] },
    positions: read.positions.toArray(),
    tuples: read.positions.plain().tuples,
    evidence: [...read.evidence],
    waiting: read.waiting,
    coverage: coverage.map((c) => c.withEdges()),
  };
}

/** Values compared with Object.is (-0 is not 0), keys in their order. */
export function sameValues(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\n') !== kb.join('\n')) return false;
  return ka.every((k) =>
    sameValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
