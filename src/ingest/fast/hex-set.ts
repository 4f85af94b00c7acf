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
