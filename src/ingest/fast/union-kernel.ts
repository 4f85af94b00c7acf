/**
 * The union of ascending address lists in WebAssembly (kernel/union.wat): each byte range of a big
 * file joins the aircraft it counted in bulk, and the file joins its ranges', each once, where the
 * JavaScript merges ran before V8 had optimised them (about 8 ms of the main thread after reading a
 * 1 GB hour of ten ranges, and as much on the threads while reading).
 */
import { UNION_KERNEL_WASM } from './kernel/union-wasm.js';
import { wasmInstanceWithRoom, wasmModule, withRoom, type WasmMemory } from './wasm-module.js';

interface UnionExports {
  readonly memory: WasmMemory;
  readonly merge: (a: number, na: number, b: number, nb: number, out: number) => number;
}

/** The kernel's offsets are i32: beyond this many addresses in all, JavaScript merges. */
const MAX_ADDRESSES = 1 << 28;

/** This thread's instance, its memory grown as a union needs (most runs make one or two a range). */
let kernel: UnionExports | null = null;

/**
 * The ascending lists (each without repeats) merged into one ascending list without repeats, as
 * unionSorted does it, or null where WebAssembly is missing or the lists are too long.
 */
export function unionInKernel(parts: readonly Uint32Array[]): Uint32Array | null {
  let total = 0;
  for (const p of parts) total += p.length;
  if (total > MAX_ADDRESSES) return null;
  // Two areas of the lists' size: each round of pairwise merges reads one and writes the other.
  const bytes = 8 * total;
  if (kernel === null) {
    const module = wasmModule(UNION_KERNEL_WASM);
    if (module === null) return null;
    kernel = wasmInstanceWithRoom<UnionExports>(module, bytes);
    if (kernel === null) return null;
  } else if (!withRoom(kernel.memory, bytes)) return null;
  const buffer = kernel.memory.buffer;
  // Each list as [offset, length] in the area being read.
  let level: [number, number][] = [];
  let at = 0;
  for (const p of parts) {
    if (p.length === 0) continue;
    new Uint32Array(buffer, at, p.length).set(p);
    level.push([at, p.length]);
    at += 4 * p.length;
  }
  if (level.length === 0) return new Uint32Array(0);
  let into = 4 * total;
  while (level.length > 1) {
    const next: [number, number][] = [];
    const base = into;
    for (let i = 0; i < level.length; i += 2) {
      const [a, na] = level[i] as [number, number];
      const [b, nb] = level[i + 1] ?? [0, 0];
      const n = kernel.merge(a, na, b, nb, into);
      next.push([into, n]);
      into += 4 * n;
    }
    level = next;
    // The next round writes where this one read.
    into = base === 0 ? 4 * total : 0;
  }
  const [offset, length] = level[0] as [number, number];
  return new Uint32Array(buffer, offset, length).slice();
}
