import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MAX_PIECES, RangePieces } from '../src/ingest/fast/range-pieces.js';
import type { TarSpec } from '../src/ingest/archive/read-archive.js';
import { pieceTask, type ReadTask } from '../src/ingest/threads/worker-protocol.js';

describe('the pieces of a file read in byte ranges', () => {
  it('cuts the piece with the most left at the middle of what its reader has not committed', () => {
    const pieces = RangePieces.of([
      [0, 100],
      [100, 300],
    ]);
    expect(pieces.count()).toBe(2);
    // The first piece's reader commits its lines before 40: its end is still 100.
    expect(pieces.commit(0, 40)).toBe(100);
    // Left: 60 of the first, 200 of the second (nothing committed yet): the second is cut at 200.
    expect(pieces.steal(50)).toEqual({ slot: 2, start: 200, end: 300 });
    expect(pieces.count()).toBe(3);
    // Its reader now stops at 200, whatever it asks for.
    expect(pieces.commit(1, 250)).toBe(200);
    // Left: 60, 0, 100: the new piece is cut in turn.
    expect(pieces.steal(50)).toEqual({ slot: 3, start: 250, end: 300 });
    // Left: 60, 0, 50, 50: none has 100.
    expect(pieces.steal(100)).toBeNull();
    // A commit never goes back, nor past the end.
    expect(pieces.commit(0, 10)).toBe(100);
    expect(pieces.commit(0, 1000)).toBe(100);
    expect(pieces.steal(1)).toEqual({ slot: 4, start: 225, end: 250 });
  });

  it('refuses more ranges than it has slots for, rather than lose their ends', () => {
    const ranges = Array.from({ length: MAX_PIECES + 1 }, (_, k) => [k, k + 1] as const);
    expect(() => RangePieces.of(ranges)).toThrow(RangeError);
    expect(RangePieces.of(ranges.slice(0, MAX_PIECES)).count()).toBe(MAX_PIECES);
  });

  it('makes no more than MAX_PIECES pieces', () => {
    const pieces = RangePieces.of([[0, 1 << 30]]);
    let cuts = 0;
    while (pieces.steal(1) !== null) cuts += 1;
    expect(cuts).toBe(MAX_PIECES - 1);
    expect(pieces.count()).toBe(MAX_PIECES);
  });

  it('gives every position to exactly one piece when another thread commits and cuts at once', async () => {
    const end = 1_000_000;
    const pieces = RangePieces.of([[0, end]]);
    // A reader on another thread commits its way forward 100 at a time until its piece ends;
    // this thread cuts meanwhile. Every position is then below exactly one piece's committed end.
    const reader = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const slots = new Float64Array(workerData, 8, 128);
       const ints = new Int32Array(workerData, 0, 2);
       let at = 0;
       for (;;) {
         while (Atomics.compareExchange(ints, 0, 0, 1) !== 0);
         const e = slots[0];
         slots[1] = Math.max(slots[1], Math.min(at, e));
         Atomics.store(ints, 0, 0);
         if (at >= e) break;
         at += 100;
       }
       parentPort.postMessage(slots[0]);`,
      { eval: true, workerData: pieces.buffer },
    );
    const cuts: { slot: number; start: number }[] = [];
    const stopped = new Promise<number>((resolve) => reader.once('message', resolve));
    let readerEnd: number | null = null;
    void stopped.then((e) => (readerEnd = e));
    while (readerEnd === null) {
      const cut = pieces.steal(1000);
      if (cut !== null) cuts.push(cut);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reader.terminate();
    // Each piece's end as it stands now (a piece cut off may have been cut again).
    const ends = new Float64Array(pieces.buffer, 8, 2 * pieces.count());
    const ordered = [{ start: 0, slot: 0 }, ...cuts]
      .map((p) => ({ start: p.start, end: ends[2 * p.slot] as number }))
      .sort((a, b) => a.start - b.start);
    expect(cuts.length).toBeGreaterThan(0);
    expect(ordered[0]).toEqual({ start: 0, end: readerEnd });
    for (let k = 1; k < ordered.length; k += 1) {
      expect(ordered[k]!.start).toBe(ordered[k - 1]!.end);
    }
    expect(ordered.at(-1)!.end).toBe(end);
  });

  it("makes a piece's task: a plain file's byte range, or a day tar's, claiming ahead as the model does", () => {
    const buffer = new SharedArrayBuffer(8);
    const base = {
      kind: 'task',
      id: 1,
      path: 'x',
      name: 'x',
      fileIndex: 0,
      spec: { kind: 'first', once: false },
      coverageBoxes: null,
    } as const;
    const csv: ReadTask = {
      ...base,
      range: { start: 0, end: 100, header: 'a,b', piece: { buffer, slot: 0 } },
      archive: null,
    };
    const piece = { slot: 3, start: 60, end: 100 };
    expect(pieceTask(csv, piece, buffer, 7)).toEqual({
      ...csv,
      id: 7,
      range: { start: 60, end: 100, header: 'a,b', piece: { buffer, slot: 3 } },
    });
    const day: TarSpec = { kind: 'tar', parts: [{ path: 'x', size: 100 }], day: '2025-02-03' };
    const tar: ReadTask = {
      ...base,
      range: null,
      archive: {
        ...day,
        range: { start: 0, end: 100, piece: { buffer, slot: 0, claimAheadBytes: 512 } },
      },
    };
    expect(pieceTask(tar, piece, buffer, 8)).toEqual({
      ...tar,
      id: 8,
      archive: {
        ...day,
        range: { start: 60, end: 100, piece: { buffer, slot: 3, claimAheadBytes: 512 } },
      },
    });
  });
});
