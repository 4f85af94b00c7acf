/** Merges ascending address arrays into one ascending array without repeats. */
export function unionSorted(parts: readonly Uint32Array[]): Uint32Array {
  let level = parts.filter((p) => p.length > 0);
  if (level.length === 0) return new Uint32Array(0);
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
