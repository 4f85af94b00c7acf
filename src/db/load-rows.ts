/**
 * An input's rows as RowBinary, for `sortie db load`: every position the readers give, in the
 * order they give them, written to a RowBinaryWriter. OpenSky state vectors in their plain form
 * go from their bytes to the writer (the fast path's scanner reads them, src/ingest/fast/), never
 * built as positions: a Position object per row was most of the loader's time. Every other row,
 * and every other format, goes through the general reader, and the accounting is the general
 * reader's either way.
 */
import { readInput, settleHexes, type InputRead, type InputSource } from '../ingest/collect.js';
import { HexBitmap } from '../ingest/fast/hex-bitmap.js';
import type { DirectRowSink } from '../ingest/fast/opensky-scanner.js';
import type { Position } from '../ingest/types.js';
import type { RowBinaryWriter } from './rows.js';

/** How rows are read: `bytes` as the loader does; `positions`, every row built (as before). */
export type LoadPath = 'bytes' | 'positions';

export interface LoadReading {
  readonly forced: Parameters<typeof readInput>[2]['forced'];
  readonly reader: Parameters<typeof readInput>[2]['reader'];
  readonly path: LoadPath;
}

/** Every address: the fast path hands over every row, as the general reader builds every row. */
let everyAddress: HexBitmap | null = null;
const noAddress = new HexBitmap();

/**
 * Reads `source` (as input 0) into `writer`, rows numbered from 0 in reading order (the `seq`
 * column); `onRow` after each row (the loader sends a batch when the writer is full). Returns the
 * read, its addresses settled, and the number of rows written.
 */
export async function readIntoRowBinary(
  source: InputSource,
  how: LoadReading,
  writer: RowBinaryWriter,
  loadId: number,
  onRow: () => void,
): Promise<{ read: InputRead; rows: number }> {
  everyAddress ??= (() => {
    const all = new HexBitmap();
    all.addRange(0, 0xffffff);
    return all;
  })();
  let seq = 0;
  const add = (p: Position): void => {
    writer.add(p, loadId, seq);
    seq += 1;
    onRow();
  };
  const direct: DirectRowSink = (row, bytes, line) => {
    writer.addByteRow(row, bytes, line, loadId, seq);
    seq += 1;
    onRow();
  };
  const read = await readInput(source, 0, {
    forced: how.forced,
    reader: how.reader,
    keep: () => false,
    candidate: () => false,
    onPosition: (p) => add(p),
    members: { wants: () => true, scanAll: true, matters: () => true },
    fast: {
      watch: everyAddress,
      candidates: noAddress,
      ...(how.path === 'bytes' ? { direct } : {}),
    },
  });
  for (const p of read.waiting) add(p);
  settleHexes(read.summary);
  return { read, rows: seq };
}
