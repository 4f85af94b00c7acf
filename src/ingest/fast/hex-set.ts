import { addressHex, hexAddress } from './hex-bitmap.js';
import { unionInKernel } from './union-kernel.js';

/** From this many addresses in all, the union is made in WebAssembly. */
const KERNEL_FROM = 4096;

/** Merges ascending address arrays into one ascending array without repeats. */
export function unionSorted(parts: readonly Uint32Array[]): Uint32Array {
  let level = parts.filter((p) => p.length > 0);
  if (level.length === 0) return new Uint32Array(0);
  if (level.length === 1) return level[0] as Uint32Array;
  // Many addresses (a byte range's, a big file's): in WebAssembly where there is one.
  if (level.reduce((n, p) => n + p.length, 0) >= KERNEL_FROM) {
    const merged = unionInKernel(level);
    if (merged !== null) return merged;
  }
  // Pairwise merges, round after round: linear in the addresses per round (a byte range of a
  // global dump holds some 17,000 aircraft, and a file of ten ranges most of them again).
  while (level.length > 1) {
    const next: Uint32Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as Uint32Array;
      const b = level[i + 1];
      next.push(b === undefined ? a : mergeTwo(a, b));
    }
    level = next;
  }
  return level[0] as Uint32Array;
}

/** Two ascending arrays without repeats merged into one. */
function mergeTwo(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) {
      out[n++] = x;
      i += 1;
    } else if (y < x) {
      out[n++] = y;
      j += 1;
    } else {
      out[n++] = x;
      i += 1;
      j += 1;
    }
  }
  while (i < a.length) out[n++] = a[i++] as number;
  while (j < b.length) out[n++] = b[j++] as number;
  return out.slice(0, n);
}

/** What is asked of an input's aircraft (InputSummary.hexes): a Set<string> is one. */
export interface HexSet extends Iterable<string> {
  readonly size: number;
  has(hex: string): boolean;
  add(hex: string): unknown;
}

/**
 * The aircraft named as strings, with the addresses the fast path counted in bulk behind them,
 * made strings only when listed. A 1 GB OpenSky hour holds some 19,000 aircraft: a report counts
 * them and asks for a few by name, while making and storing the strings of all took ~5 ms of the
 * main thread after reading (docs/performance.md); `inspect` lists them.
 */
export class BulkHexSet implements HexSet {
  private readonly named: Set<string>;
  /** Ascending, without repeats. */
  private readonly addresses: Uint32Array;
  private count: number;

  constructor(named: Set<string>, addresses: Uint32Array) {
    this.named = named;
    this.addresses = addresses;
    let both = 0;
    for (const hex of named) if (includesAddress(addresses, hexAddress(hex))) both += 1;
    this.count = named.size + addresses.length - both;
  }

  get size(): number {
    return this.count;
  }

  has(hex: string): boolean {
    return this.named.has(hex) || includesAddress(this.addresses, hexAddress(hex));
  }

  add(hex: string): this {
    if (!this.has(hex)) {
      this.named.add(hex);
      this.count += 1;
    }
    return this;
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this.named;
    for (const address of this.addresses) {
      const hex = addressHex(address);
      if (!this.named.has(hex)) yield hex;
    }
  }
}

/** Whether ascending `addresses` holds `address` (-1, no address, never). */
function includesAddress(addresses: Uint32Array, address: number): boolean {
  if (address < 0) return false;
  let lo = 0;
  let hi = addresses.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = addresses[mid] as number;
    if (at === address) return true;
    if (at < address) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
