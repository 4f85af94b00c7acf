/** Every 24-bit ICAO address has one bit: 2^24 bits, 2 MiB. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const ADDRESSES = 1 << 24;
const BITMAP_BYTES = ADDRESSES >>> 3;
/** A block is a memory page's worth of the bitmap: 4 KiB, 2^15 addresses. */
export const BLOCK_BYTES = 4096;
const ADDRESSES_PER_BLOCK_LOG2 = 15;
/** The bitmap's blocks: 512. */
export const BITMAP_BLOCKS = BITMAP_BYTES / BLOCK_BYTES;

/**
 * A bitmap's two arrays, as another thread is handed them: `bits` (one per address) and `blocks`
 * (a byte per 4 KiB block of `bits`, non-zero where the block may hold a set bit).
 */
export interface HexBitmapArrays {
  readonly bits: Uint8Array;
  readonly blocks: Uint8Array;
}

/**
 * Writes a bitmap into a kernel's memory: its block bytes at `blocksAt`, and at `bitsAt` the
 * blocks they mark. The others are left as they are: a kernel that reads a block's bits only
 * where its byte is set never reads them, and its fresh memory is not touched for them.
 */
export function writeBitmap(
  memory: Uint8Array,
  bitsAt: number,
  blocksAt: number,
  { bits, blocks }: HexBitmapArrays,
): void {
  memory.set(blocks, blocksAt);
  for (let b = 0; b < blocks.length; b += 1) {
    if (blocks[b] === 0) continue;
    const at = b * BLOCK_BYTES;
    memory.set(bits.subarray(at, at + BLOCK_BYTES), bitsAt + at);
  }
}

/**
 * A set of 24-bit ICAO addresses as a bitmap: O(1) membership for the scanners' inner loops, and an
 * exact aircraft count for any input size in 2 MiB.
 *
 * Beside the bits, which of its 512 blocks of 4 KiB may hold a set bit: the registries' addresses
 * and the military blocks fall in about a fifth of them. A kernel is given those blocks only, and
 * asks a block's byte before its bits: a bitmap copied whole touched all 512 pages of memory in
 * each thread, where the first touch of a page is what the copy costs (on a virtual machine whose
 * page faults cost 10 µs each, ~10 ms a thread before reading could start).
 */
export class HexBitmap implements HexBitmapArrays {
  readonly bits: Uint8Array;
  readonly blocks: Uint8Array;

  /**
   * An empty bitmap; or one over `bits` (2 MiB), with `blocks` when they are known (else found
   * from the bits, which reads all of them).
   */
  constructor(bits?: Uint8Array, blocks?: Uint8Array) {
    if (bits !== undefined && bits.length !== BITMAP_BYTES) {
      throw new RangeError('a HexBitmap holds 2^24 bits');
    }
    if (blocks !== undefined && blocks.length !== BITMAP_BLOCKS) {
      throw new RangeError('a HexBitmap has a byte for each of its 512 blocks');
    }
    this.bits = bits ?? new Uint8Array(BITMAP_BYTES);
    this.blocks = blocks ?? (bits === undefined ? new Uint8Array(BITMAP_BLOCKS) : blocksOf(bits));
  }

  /** A bitmap over arrays another thread made (HexBitmapArrays), not copied. */
  static over(arrays: HexBitmapArrays): HexBitmap {
    return new HexBitmap(arrays.bits, arrays.blocks);
  }

  /** The addresses given as lowercase 6-digit hex strings (others are ignored). */
  static of(hexes: Iterable<string>): HexBitmap {
    const map = new HexBitmap();
    for (const hex of hexes) {
      const addr = hexAddress(hex);
      if (addr >= 0) map.add(addr);
    }
    return map;
  }

  /**
   * An empty bitmap in memory other threads can be handed without a copy (a SharedArrayBuffer;
   * an ordinary one where there is none).
   */
  static shareable(): HexBitmap {
    if (typeof SharedArrayBuffer !== 'function') return new HexBitmap();
    const memory = new SharedArrayBuffer(BITMAP_BYTES + BITMAP_BLOCKS);
    return new HexBitmap(
      new Uint8Array(memory, 0, BITMAP_BYTES),
      new Uint8Array(memory, BITMAP_BYTES, BITMAP_BLOCKS),
    );
  }

  /** The same set in memory of its own. */
  copy(): HexBitmap {
    return new HexBitmap(new Uint8Array(this.bits), new Uint8Array(this.blocks));
  }

  add(addr: number): void {
    (this.bits[addr >>> 3] as number) |= 1 << (addr & 7);
    this.blocks[addr >>> ADDRESSES_PER_BLOCK_LOG2] = 1;
  }

  /** Adds every address listed, in one loop (run at every start, on code not yet optimised). */
  addAll(addrs: readonly number[]): void {
    const bits = this.bits;
    const blocks = this.blocks;
    for (let k = 0; k < addrs.length; k += 1) {
      const addr = addrs[k] as number;
      (bits[addr >>> 3] as number) |= 1 << (addr & 7);
      blocks[addr >>> ADDRESSES_PER_BLOCK_LOG2] = 1;
    }
  }

  /** Adds every address from lo to hi, inclusive (whole bytes at once: military blocks are big). */
  addRange(lo: number, hi: number): void {
    let a = lo;
    for (; a <= hi && (a & 7) !== 0; a += 1) this.add(a);
    const fullEnd = (hi + 1) & ~7;
    if (a < fullEnd) {
      this.bits.fill(0xff, a >>> 3, fullEnd >>> 3);
      this.blocks.fill(
        1,
        a >>> ADDRESSES_PER_BLOCK_LOG2,
        ((fullEnd - 1) >>> ADDRESSES_PER_BLOCK_LOG2) + 1,
      );
      a = fullEnd;
    }
    for (; a <= hi; a += 1) this.add(a);
  }

  has(addr: number): boolean {
    return ((this.bits[addr >>> 3] as number) & (1 << (addr & 7))) !== 0;
  }

  hasHex(hex: string): boolean {
    const addr = hexAddress(hex);
    return addr >= 0 && this.has(addr);
  }

  clear(): void {
    this.bits.fill(0);
    this.blocks.fill(0);
  }

  /** The addresses in the set, ascending. */
  toSortedArray(): Uint32Array {
    const words = new Int32Array(this.bits.buffer, this.bits.byteOffset, this.bits.length >>> 2);
    let count = 0;
    for (let w = 0; w < words.length; w += 1) {
      const v = words[w] as number;
      if (v !== 0) count += popcount(v);
    }
    const out = new Uint32Array(count);
    let k = 0;
    if (!LITTLE_ENDIAN) {
      for (let i = 0; i < this.bits.length; i += 1) {
        const byte = this.bits[i] as number;
        for (let b = 0; b < 8; b += 1) if ((byte & (1 << b)) !== 0) out[k++] = (i << 3) | b;
      }
      return out;
    }
    for (let w = 0; w < words.length && k < count; w += 1) {
      // On a little-endian machine bit b of word w is address 32w + b.
      for (let v = words[w] as number; v !== 0; v &= v - 1) {
        out[k++] = (w << 5) | (31 - Math.clz32(v & -v));
      }
    }
    return out;
  }
}

/** Which blocks of `bits` hold a set bit. */
function blocksOf(bits: Uint8Array): Uint8Array {
  const blocks = new Uint8Array(BITMAP_BLOCKS);
  // Word by word: bits that do not start at a multiple of 4 bytes are copied first.
  const aligned = (bits.byteOffset & 3) === 0 ? bits : new Uint8Array(bits);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  const wordsPerBlock = BLOCK_BYTES >>> 2;
  for (let b = 0; b < BITMAP_BLOCKS; b += 1) {
    for (let w = b * wordsPerBlock; w < (b + 1) * wordsPerBlock; w += 1) {
      if (words[w] !== 0) {
        blocks[b] = 1;
        break;
      }
    }
  }
  return blocks;
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

const HEX_RE = /^[0-9a-f]{6}$/;

/** A lowercase 6-digit hex string as its 24-bit address, or -1. */
export function hexAddress(hex: string): number {
  return HEX_RE.test(hex) ? Number.parseInt(hex, 16) : -1;
}

/** A 24-bit address as the lowercase 6-digit hex string positions carry. */
export function addressHex(addr: number): string {
  return addr.toString(16).padStart(6, '0');
}
