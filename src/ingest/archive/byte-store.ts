/**
 * The bytes of an archive as one stream, whatever holds them: the parts of a split release read
 * at mapped offsets (`readSync` at a position, so bodies not wanted are not read, but for their
 * last MiB), a buffer, or standard input held in a window that grows as the reader asks and drops
 * what it is done with.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { acquireWindow, releaseWindow } from '../fast/wasm-module.js';

export interface ByteStore {
  /** Total bytes, once known (a stream's only at its end). */
  readonly size: number | null;
  /**
   * Up to `length` bytes from `offset` (fewer only at the end of the data). The view may be reused
   * by the next read: copy what is kept. A stream store throws NeedMore when it has not got them yet.
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * Where `length` bytes from `offset` lie in `bytes`, read there when they were not, or -1 when
   * the data holds fewer (then `read` says how many): `read` without a view made, for the ~600,000
   * header blocks of a day's walk. Valid until the next read; a stream's store throws NeedMore.
   */
  locate(offset: number, length: number): number;
  /** What `locate` indexes into (it may be another buffer after a read). */
  readonly bytes: Uint8Array;
  /** Bytes of `bytes` holding data from its start, for a store reading through a window. */
  readonly heldBytes?: number;
  /** The reader will never ask for bytes before this offset again. */
  release(before: number): void;
}

/** A file of a split archive, in order. */
export interface ArchivePart {
  readonly path: string;
  readonly size: number;
}

/** Archive members at least this big (decompressed) are read as chunks (storeChunks), not whole. */
export const STREAMED_MEMBER_BYTES = 64 << 20;

/**
 * `length` bytes of a store from `from` on, as copies of at most `chunkBytes` each (a big member
 * read a MiB at a time, not held whole); stops early at the end of the data.
 */
export function* storeChunks(
  store: ByteStore,
  from: number,
  length: number,
  chunkBytes: number = 1 << 20,
): Generator<Buffer> {
  for (let at = 0; at < length; at += chunkBytes) {
    const want = Math.min(chunkBytes, length - at);
    // A copy: the store's view is its window, reused by the next read.
    const chunk = Buffer.from(store.read(from + at, want));
    if (chunk.length > 0) yield chunk;
    if (chunk.length < want) return;
  }
}

/** The smallest window: one tar block. */
const BLOCK_FOR_WINDOW = 512;

/** Thrown by a stream's store for bytes not yet arrived; the reader's step is retried once they are. */
export class NeedMore extends Error {
  readonly upTo: number;
  constructor(upTo: number) {
    super(`bytes up to ${upTo} not yet read`);
    this.upTo = upTo;
  }
}

/**
 * Bytes a positioned read fetches at once. An adsb.lol day is ~300,000 members of ~8 KB: one read
 * of a window holds a few hundred headers and the bodies between them, so walking the headers
 * costs a syscall per window instead of two per member (measured: 11 µs → ~2 µs a member), and
 * the disk is read in large sequential requests like `cat` does. A member bigger than the window
 * is read on its own, and a body far past the window is still skipped without being read (but
 * for its last MiB, where tar-walk.ts looks for members a gap hid there).
 */
export const WINDOW_BYTES = 1 << 20;

/** The parts of one archive, read as one byte stream by positioned reads. */
export class PartsStore implements ByteStore {
  readonly size: number;
  private readonly parts: readonly ArchivePart[];
  private readonly starts: number[] = [];
  private readonly fds: (number | null)[];
  private scratch: Buffer | null = null;
  private readonly window: Buffer;
  /** Stream offset of `window[0]`, and how many bytes of it hold data. */
  private windowStart = 0;
  private windowHeld = 0;
  /** Bytes actually read from disk: what a benchmark compares with `cat`. */
  bytesRead = 0;

  /**
   * `window`, when given, is where the windows are read (a kernel's memory, which then walks them
   * where they lie); it must hold `windowBytes`.
   */
  constructor(parts: readonly ArchivePart[], windowBytes = WINDOW_BYTES, window?: Buffer) {
    this.parts = parts;
    let at = 0;
    for (const p of parts) {
      this.starts.push(at);
      at += p.size;
    }
    this.size = at;
    this.fds = parts.map(() => null);
    const bytes = Math.max(BLOCK_FOR_WINDOW, Math.min(windowBytes, at));
    if (window !== undefined && window.length < bytes) throw new RangeError('window too small');
    this.window = window?.subarray(0, bytes) ?? acquireWindow(bytes);
  }

  get bytes(): Uint8Array {
    return this.window;
  }

  /** Bytes of `bytes` holding data, from its start. */
  get heldBytes(): number {
    return this.windowHeld;
  }

  locate(offset: number, length: number): number {
    const from = offset - this.windowStart;
    // An index in the window as a small integer: past 1 GiB of a day the offsets are doubles, and
    // so is their difference, where the header tests' optimised code expects small integers
    // (each of them deoptimised and compiled again once the walk passed 1 GiB).
    if (from >= 0 && from + length <= this.windowHeld) return from | 0;
    if (length > this.window.length || offset + length > this.size) return -1;
    this.fill(offset);
    return length <= this.windowHeld ? 0 : -1;
  }

  /** The window read from `offset` on. */
  private fill(offset: number): void {
    const fill = Math.min(this.window.length, this.size - offset);
    this.windowStart = offset;
    this.windowHeld = this.readInto(this.window, offset, fill);
  }

  read(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const from = offset - this.windowStart;
    if (from >= 0 && from + n <= this.windowHeld) return this.window.subarray(from, from + n);
    if (n > this.window.length) {
      if (this.scratch === null || this.scratch.length < n) this.scratch = Buffer.allocUnsafe(n);
      return this.scratch.subarray(0, this.readInto(this.scratch, offset, n));
    }
    this.fill(offset);
    return this.window.subarray(0, Math.min(n, this.windowHeld));
  }

  /** Reads `n` bytes from `offset` across the parts into `into`; the bytes actually there. */
  private readInto(into: Buffer, offset: number, n: number): number {
    let done = 0;
    let k = this.partAt(offset);
    while (done < n && k < this.parts.length) {
      const inPart = offset + done - (this.starts[k] as number);
      const want = Math.min(n - done, (this.parts[k] as ArchivePart).size - inPart);
      const got = want <= 0 ? 0 : readSync(this.fd(k), into, done, want, inPart);
      this.bytesRead += got;
      done += got;
      // A part shorter on disk than listed ends the data there.
      if (got < want) break;
      k += 1;
    }
    return done;
  }

  release(): void {
    // Positioned reads keep nothing.
  }

  close(): void {
    for (const [k, fd] of this.fds.entries()) {
      if (fd !== null) closeSync(fd);
      this.fds[k] = null;
    }
    // A window of wasm-module.ts's goes back for reuse (a kernel's is left alone there), once.
    if (!this.closed) releaseWindow(this.window);
    this.closed = true;
  }

  private closed = false;

  private fd(k: number): number {
    let fd = this.fds[k] as number | null;
    if (fd === null) this.fds[k] = fd = openSync((this.parts[k] as ArchivePart).path, 'r');
    return fd;
  }

  /** The part holding `offset` (binary search over the parts' starts). */
  private partAt(offset: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Bytes in memory (a zip's member, tests). */
export class BufferStore implements ByteStore {
  readonly size: number;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.size = bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(offset, Math.min(this.size, offset + length));
  }
  locate(offset: number, length: number): number {
    return offset + length <= this.size ? offset : -1;
  }
  release(): void {}
}

/**
 * A byte stream (standard input) seen through a window: `push` appends what arrives, `read`
 * throws NeedMore past it, `release` drops what lies before an offset (bytes not yet arrived
 * there are dropped as they come). Memory stays near the biggest member read plus what a resync
 * searches.
 */
export class StreamStore implements ByteStore {
  size: number | null = null;
  private buf: Buffer = Buffer.alloc(1 << 16);
  /** Bytes held in `buf`, from its start. */
  private held = 0;
  /** Stream offset of `buf[0]`. */
  private base = 0;

  /** Offset just past the bytes arrived so far. */
  get end(): number {
    return this.base + this.held;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    // Bytes of a body skipped before they arrived.
    if (this.held === 0 && this.skipTo > this.base) {
      const drop = Math.min(bytes.length, this.skipTo - this.base);
      bytes = bytes.subarray(drop);
      this.base += drop;
    }
    if (bytes.length === 0) return;
    if (this.held + bytes.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.held + bytes.length));
      this.buf.copy(bigger, 0, 0, this.held);
      this.buf = bigger;
    }
    this.buf.set(bytes, this.held);
    this.held += bytes.length;
  }

  finish(): void {
    this.size = this.end;
  }

  read(offset: number, length: number): Uint8Array {
    const want = offset + length;
    if (want > this.end && this.size === null) throw new NeedMore(want);
    const from = Math.max(0, offset - this.base);
    const to = Math.min(this.held, want - this.base);
    return this.buf.subarray(Math.min(from, this.held), Math.max(Math.min(from, this.held), to));
  }

  get bytes(): Uint8Array {
    return this.buf;
  }

  locate(offset: number, length: number): number {
    const want = offset + length;
    if (want > this.end) {
      if (this.size === null) throw new NeedMore(want);
      return -1;
    }
    return offset < this.base ? -1 : offset - this.base;
  }

  private skipTo = 0;

  release(before: number): void {
    if (before <= this.base) return;
    const drop = Math.min(before - this.base, this.held);
    this.buf.copy(this.buf, 0, drop, this.held);
    this.held -= drop;
    this.base += drop;
    this.skipTo = Math.max(this.skipTo, before);
  }
}
