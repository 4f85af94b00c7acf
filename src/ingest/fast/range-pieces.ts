/**
 * The pieces one file's byte ranges are read in, shared by the threads reading them, so that a
 * thread with no range left to claim can take half of what another has left (work stealing).
 *
 * Why: ranges of equal size take 180 to 310 ms each on the 1 GB OpenSky hour from one run to the
 * next, whichever thread reads them, so the two threads ended 48-91 ms apart in most runs, one of
 * them idle meanwhile; a static split cannot follow that, and more, smaller ranges cost each a
 * start and a join (docs/performance.md).
 *
 * Each piece has an end and how far its reader has committed: the reader commits the lines it is
 * about to read before reading them (all the lines that start before the position it commits),
 * and stops at the first line that starts at or after the piece's end. A thief cuts a piece at a
 * position past what its reader has committed, lowers the piece's end to it, and reads from there
 * on as a piece of its own: the lines that start at or after the cut. Both happen under one lock,
 * so every line is read by one piece, whatever the timing.
 */

/** The lock and the number of pieces (Int32 each), then per piece its end and committed (Float64). */
const LOCK = 0;
const COUNT = 1;
const HEADER_BYTES = 8;
/** A file's pieces at most: the ranges planned and those cut from them. */
export const MAX_PIECES = 64;

/** A piece cut from another (`steal`): its slot, and the bytes it covers. */
export interface StolenPiece {
  readonly slot: number;
  readonly start: number;
  readonly end: number;
}

export class RangePieces {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly slots: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.ints = new Int32Array(buffer, 0, 2);
    this.slots = new Float64Array(buffer, HEADER_BYTES, 2 * MAX_PIECES);
  }

  /**
   * The pieces of ranges planned back to back ([start, end) each, in order): one a range, at most
   * MAX_PIECES (more would have no slot: the planners cap their ranges at it).
   */
  static of(ranges: readonly (readonly [number, number])[]): RangePieces {
    if (ranges.length > MAX_PIECES) {
      throw new RangeError(`${ranges.length} ranges: at most ${MAX_PIECES} pieces have a slot`);
    }
    const pieces = new RangePieces(new SharedArrayBuffer(HEADER_BYTES + 16 * MAX_PIECES));
    for (const [slot, [start, end]] of ranges.entries()) {
      pieces.slots[2 * slot] = end;
      pieces.slots[2 * slot + 1] = start;
    }
    Atomics.store(pieces.ints, COUNT, ranges.length);
    return pieces;
  }

  /** How many pieces there are: the ranges planned and the pieces cut from them so far. */
  count(): number {
    return Atomics.load(this.ints, COUNT);
  }

  /**
   * The reader of piece `slot` is about to read the lines that start before `at`: they are its own
   * (unless `at` is past the piece's end). Returns the piece's end now: its reader stops at the
   * first line that starts at or after it.
   */
  commit(slot: number, at: number): number {
    this.lock();
    try {
      const end = this.slots[2 * slot] as number;
      this.slots[2 * slot + 1] = Math.max(this.slots[2 * slot + 1] as number, Math.min(at, end));
      return end;
    } finally {
      this.unlock();
    }
  }

  /**
   * Cuts the piece with the most left to read (at least `minBytes`) in two at the middle of what
   * is left: the first half stays its reader's, the second is a new piece, returned (null when no
   * piece has that much left, or there is no room for another).
   */
  steal(minBytes: number): StolenPiece | null {
    this.lock();
    try {
      const count = this.ints[COUNT] as number;
      if (count >= MAX_PIECES) return null;
      let best = -1;
      let most = 0;
      for (let slot = 0; slot < count; slot += 1) {
        const left = (this.slots[2 * slot] as number) - (this.slots[2 * slot + 1] as number);
        if (left > most) {
          most = left;
          best = slot;
        }
      }
      if (best < 0 || most < Math.max(minBytes, 1)) return null;
      const end = this.slots[2 * best] as number;
      const cut = (this.slots[2 * best + 1] as number) + Math.floor(most / 2);
      this.slots[2 * best] = cut;
      this.slots[2 * count] = end;
      this.slots[2 * count + 1] = cut;
      Atomics.store(this.ints, COUNT, count + 1);
      return { slot: count, start: cut, end };
    } finally {
      this.unlock();
    }
  }

  private lock(): void {
    // Held for a few reads and writes: waiting is spinning a few times at most.
    while (Atomics.compareExchange(this.ints, LOCK, 0, 1) !== 0);
  }

  private unlock(): void {
    Atomics.store(this.ints, LOCK, 0);
  }
}
