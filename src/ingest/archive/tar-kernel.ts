/**
 * The tar walk's kernel (kernel/tar.wat): a read window in WebAssembly memory, and the members a
 * selection leaves out passed over there, header to header, with the same tests the walker makes
 * (checksum, size, `trace_full_<hex>.json` name, the address not wanted, a valid header after
 * the body). A day's ~300,000 headers cost the walker ~0.1 s of checksums and name tests in
 * JavaScript; the kernel leaves it the few hundred members it cannot settle alone.
 */
import { writeBitmap, type HexBitmapArrays } from '../fast/hex-bitmap.js';
import { wasmInstance, wasmModule, type WasmGlobal, type WasmMemory } from '../fast/wasm-module.js';
import { TAR_KERNEL_WASM } from './kernel/tar-wasm.js';

/** Offsets in the kernel's memory (as tar.wat lays it out). */
const WANTED = 0x000000;
const WANTED_BYTES = 0x200000;
const WINDOW = 0x200000;
/** A byte per 4 KiB block of the wanted bitmap: the kernel reads a block's bits only where it is set. */
const WANTED_BLOCKS = 0x300100;
/** The window's size: the byte store's read window (WINDOW_BYTES) must fit it. */
export const KERNEL_WINDOW_BYTES = 0x100000;

interface TarKernelExports {
  readonly memory: WasmMemory;
  readonly passed: WasmGlobal;
  readonly skip: (from: number, held: number) => number;
}

/** Kernels done with, kept for the next archive of this thread (a year is 365 day tars). */
const idle: TarSkipKernel[] = [];

export class TarSkipKernel {
  /** The read window: a store reading into it lets `skip` walk what it read. */
  readonly window: Buffer;
  private readonly exports: TarKernelExports;

  private constructor(exports: TarKernelExports) {
    this.exports = exports;
    this.window = Buffer.from(exports.memory.buffer, WINDOW, KERNEL_WINDOW_BYTES);
  }

  /**
   * Gives the kernel the wanted bitmap: its block bytes and the blocks they mark (the others are
   * never read), copied every time (a bitmap changed in place since must not be missed). Copied
   * whole, the 2 MiB touched 512 pages of fresh memory in each thread: 1,400 page faults a day.
   */
  private load(wanted: HexBitmapArrays): this {
    if (wanted.bits.length !== WANTED_BYTES) {
      throw new RangeError('the wanted bitmap holds 2^24 bits');
    }
    writeBitmap(new Uint8Array(this.exports.memory.buffer), WANTED, WANTED_BLOCKS, wanted);
    return this;
  }

  /**
   * A kernel whose wanted addresses are `wanted` (a HexBitmap's bits and blocks: a member whose
   * address has its bit set is never passed over), or null where WebAssembly is missing.
   * One an archive read before let go of (`release`) is used again. The bitmap is copied: it must
   * not change while the kernel is used.
   */
  static create(wanted: HexBitmapArrays): TarSkipKernel | null {
    const spare = idle.pop();
    if (spare !== undefined) return spare.load(wanted);
    const module = wasmModule(TAR_KERNEL_WASM);
    if (module === null) return null;
    let kernel: TarSkipKernel;
    try {
      kernel = new TarSkipKernel(wasmInstance(module));
    } catch (err) {
      // No memory for another instance: the walker reads alone, as it can.
      if (err instanceof RangeError) return null;
      throw err;
    }
    return kernel.load(wanted);
  }

  /** Done with: the next `create` of this thread may hand it out again (with its own bitmap). */
  release(): void {
    if (!idle.includes(this)) idle.push(this);
  }

  /**
   * Passes over left-out members from the header at window index `from`, within the window's
   * first `held` bytes: the index of the first member not passed over, and how many were.
   */
  skip(from: number, held: number): { readonly to: number; readonly passed: number } {
    const x = this.exports;
    x.passed.value = 0;
    const to = x.skip(from, Math.max(0, Math.min(held, KERNEL_WINDOW_BYTES)));
    return { to, passed: x.passed.value };
  }
}
