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
  readonly Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
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

const WASM_PAGE_BYTES = 65536;
/** The read windows handed out (1 MiB, byte-store.ts's and read-task.ts's), once made. */
const WINDOW_CAPACITY = 1 << 20;
const idleWindows: Buffer[] = [];

/**
 * A read window of `bytes` that starts a memory page (a WebAssembly memory's), where a Node buffer
 * of a MiB starts 16 bytes in (its allocator's header). The kernel copies a read out of the page
 * cache 1.4–3× slower when the destination lies 1 to 31 bytes past the file offset's place within
 * a page (docs/performance.md), and reads start at a page or a 512-byte block. Windows are kept
 * for reuse once released (a memory reserves gigabytes of address space, which V8 limits): a
 * thread holds one or two at a time. A plain buffer without WebAssembly.
 */
export function acquireWindow(bytes: number): Buffer {
  if (wasm === undefined) return Buffer.allocUnsafe(bytes);
  const capacity = Math.max(bytes, WINDOW_CAPACITY);
  // The one given back last first: its pages are the likeliest still in the core's cache.
  const at = idleWindows.findLastIndex((w) => w.length >= bytes);
  const window =
    at >= 0
      ? (idleWindows.splice(at, 1)[0] as Buffer)
      : Buffer.from(
          new wasm.Memory({
            initial: Math.ceil(capacity / WASM_PAGE_BYTES),
            maximum: Math.ceil(capacity / WASM_PAGE_BYTES),
          }).buffer,
          0,
          capacity,
        );
  return window.subarray(0, bytes);
}

/** Gives a window back for reuse (its bytes may be overwritten at once). */
export function releaseWindow(window: Buffer): void {
  if (wasm === undefined || idleWindows.length >= 4) return;
  const whole = Buffer.from(window.buffer, 0, window.buffer.byteLength);
  if (!idleWindows.some((w) => w.buffer === whole.buffer)) idleWindows.push(whole);
}
