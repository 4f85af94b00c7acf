/** Every 24-bit ICAO address has one bit: 2^24 bits, 2 MiB. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const ADDRESSES = 1 << 24;

/**
 * A set of 24-bit ICAO addresses as a bitmap: O(1) membership for the scanners' inner loops, and an
 * exact aircraft count for any input size in 2 MiB.
 */
export class HexBitmap {
  readonly bits: Uint8Array;

  constructor(bits: Uint8Array = new Uint8Array(ADDRESSES >>> 3)) {
    if (bits.length !== ADDRESSES >>> 3) throw new RangeError('a HexBitmap holds 2^24 bits');
    this.bits = bits;
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
    return typeof SharedArrayBuffer === 'function'
      ? new HexBitmap(new Uint8Array(new SharedArrayBuffer(ADDRESSES >>> 3)))
      : new HexBitmap();
  }

  add(addr: number): void {
    (this.bits[addr >>> 3] as number) |= 1 << (addr & 7);
  }

  /** Adds every address listed, in one loop (run at every start, on code not yet optimised). */
  addAll(addrs: readonly number[]): void {
    const bits = this.bits;
    for (let k = 0; k < addrs.length; k += 1) {
      const addr = addrs[k] as number;
      (bits[addr >>> 3] as number) |= 1 << (addr & 7);
    }
  }

  /** Adds every address from lo to hi, inclusive (whole bytes at once: military blocks are big). */
  addRange(lo: number, hi: number): void {
    let a = lo;
    for (; a <= hi && (a & 7) !== 0; a += 1) this.add(a);
    const fullEnd = (hi + 1) & ~7;
    if (a < fullEnd) {
      this.bits.fill(0xff, a >>> 3, fullEnd >>> 3);
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
