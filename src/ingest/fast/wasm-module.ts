/**
 * The parts of the WebAssembly API the kernels use (TypeScript declares them only with the DOM
 * library, which this Node project does not load), and their modules compiled once per process.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmGlobal {
  value: number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const compiled = new Map<string, object | null>();

/**
 * A kernel's compiled module from its binary (base64), or null where WebAssembly or its SIMD is
 * not available: the general path reads then.
 */
export function wasmModule(base64: string): object | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    try {
      module = wasm === undefined ? null : new wasm.Module(Buffer.from(base64, 'base64'));
    } catch {
      module = null;
    }
    compiled.set(base64, module);
  }
  return module;
}

/** A new instance of a compiled kernel (no imports), as its exports. */
export function wasmInstance<T>(module: object): T {
  return new (wasm as WasmApi).Instance(module, {}).exports as T;
}
