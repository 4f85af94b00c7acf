/**
 * An aircraft's fixes cleaned in WebAssembly (kernel/clean.wat): the same steps as clean.ts's
 * cleanIndexes, in the same floating-point order and with JavaScript's own trigonometry, so the
 * same fixes are kept, folded and left out. Cleaning runs once per aircraft after reading, before
 * V8 has optimised the JavaScript (whose compilers then take the core the run needs); WebAssembly
 * runs compiled from its first call.
 */
import { EARTH_RADIUS_KM, KM_PER_NM, RAD } from '../geo/distance.js';
import {
  wasmInstanceWithRoom,
  wasmModule,
  withRoom,
  type WasmGlobal,
  type WasmMemory,
} from '../ingest/fast/wasm-module.js';
import { CLEAN_KERNEL_WASM } from './kernel/clean-wasm.js';
import type { ReusedColumns } from './reused-columns.js';

interface CleanExports {
  readonly memory: WasmMemory;
  readonly init: (rad: number, radiusKm: number, kmPerNm: number) => void;
  readonly clean: (n: number, dedupeMs: number, dedupeKm: number, maxKt: number) => void;
  readonly duplicates: WasmGlobal;
  readonly fixes: WasmGlobal;
  readonly outliers: WasmGlobal;
}

/** Times and places of fixes, a column each, by index. */
export interface PointColumns {
  readonly timeMs: Float64Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
}

/** The fixes kept, the reports folded into them and the outliers, as fix numbers in time order. */
export interface CleanIndexes {
  readonly fixes: Int32Array;
  readonly duplicates: Int32Array;
  readonly outliers: Int32Array;
}

/** The trigonometry the kernel imports: JavaScript's, so its distances are JavaScript's. */
const MATH_IMPORTS = { math: { sin: Math.sin, cos: Math.cos, asin: Math.asin } };

/** Bytes of the kernel's memory per fix: three columns (f64) and four lists (i32). */
const BYTES_PER_FIX = 40;

/** This thread's instance (undefined: not made yet; null: no WebAssembly). */
let kernel: CleanExports | null | undefined;

function instance(): CleanExports | null {
  if (kernel === undefined) {
    const module = wasmModule(CLEAN_KERNEL_WASM);
    kernel = module === null ? null : wasmInstanceWithRoom<CleanExports>(module, 0, MATH_IMPORTS);
    kernel?.init(RAD, EARTH_RADIUS_KM, KM_PER_NM);
  }
  return kernel;
}

/**
 * The fixes kept, the reports folded into them and the outliers among fixes in time order (fix
 * numbers, each list in time order), or null where WebAssembly or the memory is missing. With
 * `reuse`, the lists are its views (slots `clean fixes`, `clean duplicates`, `clean outliers`).
 */
export function cleanInKernel(
  points: PointColumns,
  opts: { readonly dedupeMs: number; readonly dedupeKm: number; readonly maxSpeedKt: number },
  reuse?: ReusedColumns,
): CleanIndexes | null {
  const k = instance();
  const n = points.timeMs.length;
  if (k === null || !withRoom(k.memory, BYTES_PER_FIX * n)) return null;
  const buffer = k.memory.buffer;
  new Float64Array(buffer, 0, n).set(points.timeMs);
  new Float64Array(buffer, 8 * n, n).set(points.lat);
  new Float64Array(buffer, 16 * n, n).set(points.lon);
  k.clean(n, opts.dedupeMs, opts.dedupeKm, opts.maxSpeedKt);
  const list = (slot: string, at: number, count: number): Int32Array => {
    const found = new Int32Array(buffer, at, count);
    if (reuse === undefined) return found.slice();
    const out = reuse.int32(slot, count);
    out.set(found);
    return out;
  };
  return {
    fixes: list('clean fixes', 32 * n, k.fixes.value),
    duplicates: list('clean duplicates', 28 * n, k.duplicates.value),
    outliers: list('clean outliers', 36 * n, k.outliers.value),
  };
}
