import { addressHex, hexAddress } from './hex-bitmap.js';

/**
 * The aircraft of one input, 4 bytes each (a sorted array of 24-bit addresses) instead of one
 * string per aircraft: a month of hourly global files keeps every input's set for `inspect`.
 */
export class PackedHexSet implements ReadonlySet<string> {
  readonly addresses: Uint32Array;

  /** `addresses` must be ascending and free of repeats. */
  constructor(addresses: Uint32Array) {
    this.addresses = addresses;
  }

  get size(): number {
    return this.addresses.length;
  }

  has(hex: string): boolean {
    const addr = hexAddress(hex);
    return addr >= 0 && this.hasAddress(addr);
  }

  hasAddress(addr: number): boolean {
    const a = this.addresses;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid] as number;
      if (v === addr) return true;
      if (v < addr) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  *values(): SetIterator<string> {
    for (const addr of this.addresses) yield addressHex(addr);
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  *entries(): SetIterator<[string, string]> {
    for (const hex of this.values()) yield [hex, hex];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }

  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void): void {
    for (const hex of this.values()) fn(hex, hex, this);
  }
}

/** Merges ascending address arrays into one ascending array without repeats. */
export function unionSorted(parts: readonly Uint32Array[]): Uint32Array {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 0) return new Uint32Array(0);
  if (nonEmpty.length === 1) return nonEmpty[0] as Uint32Array;
  const all = new Uint32Array(nonEmpty.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of nonEmpty) {
    all.set(p, k);
    k += p.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i += 1) {
    if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i] as number;
  }
  return all.slice(0, n);
}

/** Collects addresses from positions (strings) and from the fast scanners (sorted arrays). */
export class HexCollector {
  private readonly strings = new Set<string>();
  private readonly packed: Uint32Array[] = [];

  add(hex: string): void {
    this.strings.add(hex);
  }

  addSorted(addresses: Uint32Array): void {
    this.packed.push(addresses);
  }

  /** The collected set, packed. Addresses are canonical (parseHex), so nothing is lost. */
  pack(): PackedHexSet {
    const fromStrings = new Uint32Array(this.strings.size);
    let k = 0;
    for (const hex of this.strings) {
      const addr = hexAddress(hex);
      if (addr >= 0) fromStrings[k++] = addr;
    }
    return new PackedHexSet(unionSorted([fromStrings.subarray(0, k).sort(), ...this.packed]));
  }
}
