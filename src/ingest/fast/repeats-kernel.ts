/**
 * The search for positions repeated across a big file's byte ranges, in WebAssembly (kernel/
 * repeats.wat): run once per file on the main thread after every range is read, its loop in
 * JavaScript ran before V8 had optimised it (~10 ms of the 1 GB OpenSky hour's ~70,000 entries,
 * all of it on the main thread after the threads were done).
 */
import { REPEATS_KERNEL_WASM } from './kernel/repeats-wasm.js';
import { wasmInstanceWithRoom, wasmModule, type WasmMemory } from './wasm-module.js';

interface RepeatsExports {
  readonly memory: WasmMemory;
  readonly scan: (
    packs: number,
    entries: number,
    bits: number,
    table: number,
    out: number,
  ) => number;
}

/** A pack entry: address, first key, line, last key (f64 each). */
const ENTRY_BYTES = 32;
/** The kernel's addresses are i32 and its offsets too: beyond this, JavaScript searches. */
const MAX_ENTRIES = 1 << 24;

/**
 * For each pack in order, the indexes (entries, not f64 slots) of its entries whose first key
 * equals the same address's last key in the packs before it (or in its own earlier entries): the
 * search repeatsAcross makes. Null where WebAssembly is missing or the packs are too many.
 */
export function repeatIndexes(packs: readonly (Float64Array | undefined)[]): Int32Array[] | null {
  let entries = 0;
  let largest = 0;
  for (const p of packs) {
    const n = p === undefined ? 0 : p.length / 4;
    entries += n;
    largest = Math.max(largest, n);
  }
  if (entries > MAX_ENTRIES) return null;
  const module = wasmModule(REPEATS_KERNEL_WASM);
  if (module === null) return null;
  // Room for every entry and a quarter more: an aircraft has an entry in most ranges, so the table
  // ends well under half full all the same (a 1 GB hour read in four pieces: 70,800 entries, 1.5
  // MiB of fresh memory where a table of twice the entries took 3 MiB).
  let bits = 4;
  while (1 << bits < entries + (entries >> 2) + 1) bits += 1;
  // One pack at a time in the kernel's memory, each where the one before was: fresh memory is
  // what this costs most (a 1 GB hour's two ranges, 2.2 MB of packs).
  const table = largest * ENTRY_BYTES;
  const out = table + 12 * (1 << bits);
  const bytes = out + 4 * largest;
  // No memory for it: JavaScript searches instead.
  const kernel = wasmInstanceWithRoom<RepeatsExports>(module, bytes);
  if (kernel === null) return null;
  const buffer = kernel.memory.buffer;
  new Int32Array(buffer, table, 1 << bits).fill(-1);
  const found: Int32Array[] = [];
  for (const p of packs) {
    const n = p === undefined ? 0 : p.length / 4;
    if (p !== undefined) new Float64Array(buffer, 0, p.length).set(p);
    const count = kernel.scan(0, n, bits, table, out);
    found.push(new Int32Array(buffer, out, count).slice());
  }
  return found;
}
