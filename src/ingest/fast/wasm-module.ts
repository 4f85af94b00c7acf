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

const WASM_PAGE_BYTES = 65536;

/** A new instance of a compiled kernel, as its exports. */
export function wasmInstance<T>(module: object, imports: object = {}): T {
  return new (wasm as WasmApi).Instance(module, imports).exports as T;
}

/**
 * A new instance of a kernel whose memory holds at least `bytes`, or null where no memory can be
 * had (an address-space limit): the caller's JavaScript does the work then.
 */
export function wasmInstanceWithRoom<T extends { readonly memory: WasmMemory }>(
  module: object,
  bytes: number,
  imports: object = {},
): T | null {
  let kernel: T;
  try {
    kernel = wasmInstance<T>(module, imports);
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
  return withRoom(kernel.memory, bytes) ? kernel : null;
}

/** Grows a kernel's memory to hold at least `bytes`; false where it cannot (an address-space limit). */
export function withRoom(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / WASM_PAGE_BYTES));
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** The read windows handed out (1 MiB, byte-store.ts's and read-task.ts's), once made. */
const WINDOW_CAPACITY = 1 << 20;
const idleWindows: Buffer[] = [];
/** The memories made here: only these are taken back for reuse. */
const madeHere = new WeakSet<ArrayBufferLike>();

/**
 * A read window of `bytes` that starts a memory page (a WebAssembly memory's), where a Node buffer
 * of a MiB starts 16 bytes in (its allocator's header). The kernel copies a read out of the page
 * cache 1.4–3× slower when the destination lies 1 to 31 bytes past the file offset's place within
 * a page (docs/performance.md), and reads start at a page or a 512-byte block. Windows are kept
 * for reuse once released (a memory reserves gigabytes of address space, which V8 limits): a
 * thread holds one or two at a time. A buffer of its own (never a slice of Node's shared pool)
 * without WebAssembly, or where no memory can be had (an address-space limit).
 */
export function acquireWindow(bytes: number): Buffer {
  // The one given back last first: its pages are the likeliest still in the core's cache.
  const at = idleWindows.findLastIndex((w) => w.length >= bytes);
  if (at >= 0) return (idleWindows.splice(at, 1)[0] as Buffer).subarray(0, bytes);
  if (wasm === undefined) return Buffer.allocUnsafeSlow(bytes);
  const pages = Math.ceil(Math.max(bytes, WINDOW_CAPACITY) / WASM_PAGE_BYTES);
  let memory: WasmMemory;
  try {
    memory = new wasm.Memory({ initial: pages, maximum: pages });
  } catch {
    return Buffer.allocUnsafeSlow(bytes);
  }
  madeHere.add(memory.buffer);
  return Buffer.from(memory.buffer, 0, bytes);
}

/** Gives a window back for reuse (its bytes may be overwritten at once); others are left alone. */
export function releaseWindow(window: Buffer): void {
  if (!madeHere.has(window.buffer) || idleWindows.length >= 4) return;
  if (idleWindows.some((w) => w.buffer === window.buffer)) return;
  idleWindows.push(Buffer.from(window.buffer, 0, window.buffer.byteLength));
}
