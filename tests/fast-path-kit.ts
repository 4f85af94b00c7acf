import { expect } from 'vitest';
import { ingest, settleHexes, type Ingested, type InputSource } from '../src/ingest/collect.js';
import type { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import type { SourceResult } from '../src/ingest/source-result.js';
import type { Position } from '../src/ingest/types.js';

/** The general reader against the fast path (tests/fast-path.test.ts and its real-data part). */
export async function general(source: InputSource): Promise<Ingested> {
  return ingest([source], { keep: () => true });
}

/**
 * The fast path, with the watched rows it reads from their bytes taken into the store from their
 * values (`fixRows`, as runs read them: src/ingest/fix-rows.ts), or made into positions.
 */
export async function fast(
  source: InputSource,
  watch: HexBitmap,
  fixRows = true,
): Promise<Ingested> {
  return ingest([source], {
    keep: (p) => p.hex !== null && watch.hasHex(p.hex),
    keepAircraft: fixRows ? (hex) => watch.hasHex(hex) : undefined,
    fast: { watch, candidates: watch },
  });
}

/** Everything the accounting reports, in comparable form. */
export function accounting(r: Ingested | SourceResult) {
  const i = 'inputs' in r ? r.inputs[0]! : r.summary;
  // The aircraft the kernel counted, before they join the others: ascending, each once (merging
  // them with other lists takes them so).
  const bulk = i.bulkAddresses ?? new Uint32Array(0);
  expect(bulk.every((a, k) => k === 0 || a > (bulk[k - 1] as number))).toBe(true);
  settleHexes(i);
  return {
    format: i.format,
    detectedBy: i.detectedBy,
    rows: i.rows,
    used: i.used,
    skipped: i.skipped,
    fromMs: i.fromMs,
    toMs: i.toMs,
    aircraft: i.aircraft,
    hexes: [...i.hexes].sort(),
    usedAs: i.usedAs,
    notes: i.notes,
    error: i.error,
  };
}

export function expectSame(g: Ingested, f: Ingested | SourceResult, watch: HexBitmap): void {
  expect(accounting(f)).toEqual(accounting(g));
  const positions = f.positions.toArray();
  const wanted = g.positions
    .toArray()
    .filter((p: Position) => p.hex !== null && watch.hasHex(p.hex));
  expect(positions).toEqual(wanted);
}
