/**
 * A coast's questions answered in WebAssembly (kernel/coast.wat): the same steps as coast.ts's
 * JavaScript, in the same floating-point order and with JavaScript's own trigonometry, so the
 * answers are identical. The mission stage asks a few thousand questions once per run, before V8
 * has optimised the JavaScript; WebAssembly is compiled before its first call.
 */
import { wasmInstanceWithRoom, wasmModule, type WasmMemory } from '../ingest/fast/wasm-module.js';
import {
  coastIndexArrays,
  type CoastIndex,
  type CoastLayout,
  type SurfaceEngine,
} from './coast-shapes.js';
import { COAST_KERNEL_WASM } from './kernel/coast-wasm.js';

interface CoastExports {
  readonly memory: WasmMemory;
  readonly init: (...layout: number[]) => void;
  readonly surface: (lat: number, lon: number, withinKm: number) => number;
}

/** The trigonometry the kernel imports: JavaScript's, so its distances are JavaScript's. */
const MATH_IMPORTS = { math: { sin: Math.sin, cos: Math.cos, asin: Math.asin } };

type Laid = Float64Array | Int32Array;

/**
 * The kernel for a coast's index and box, its arrays copied into the kernel's memory and its memo
 * left zero; null where WebAssembly is missing or no memory can be had (JavaScript answers then).
 */
export function webAssemblyEngine(
  index: CoastIndex,
  box: readonly [number, number, number, number],
  layout: CoastLayout,
): SurfaceEngine | null {
  const module = wasmModule(COAST_KERNEL_WASM);
  if (module === null) return null;
  const memoCells = layout.memo.cols * layout.memo.rows;
  const arrays: Laid[] = [...coastIndexArrays(index), layout.memo.reachKm];
  // Each array at a multiple of 8 bytes, then the memo's distances (f64) and flags (u8).
  const offsets: number[] = [];
  let at = 0;
  for (const a of arrays) {
    offsets.push(at);
    at += Math.ceil(a.byteLength / 8) * 8;
  }
  const memoCentre = at;
  const memoKnown = memoCentre + 8 * memoCells;
  const bytes = memoKnown + memoCells;
  const kernel = wasmInstanceWithRoom<CoastExports>(module, bytes, MATH_IMPORTS);
  if (kernel === null) return null;
  const memory = new Uint8Array(kernel.memory.buffer);
  arrays.forEach((a, k) =>
    memory.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[k] as number),
  );
  kernel.init(
    ...offsets,
    memoCentre,
    memoKnown,
    layout.shoreCols,
    layout.shoreRows,
    layout.landBands,
    layout.memo.cols,
    layout.memo.rows,
    ...box,
    layout.shoreCellDeg,
    layout.landBandDeg,
    layout.memoCellDeg,
    layout.memoSlack,
    layout.memoSlackKm,
    layout.radiansPerDegree,
    layout.earthRadiusKm,
    layout.kmPerDegree,
    Math.PI / 2,
  );
  return { surface: kernel.surface };
}
