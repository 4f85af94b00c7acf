import { HexBitmap } from './hex-bitmap.js';
import { OPENSKY_KERNEL_WASM } from './kernel/opensky-wasm.js';

/** Offsets in the kernel's memory (as opensky.wat lays it out). */
const WATCH = 0x000000;
const SEEN = 0x200000;
const EVENTS = 0x400000;
export const DATA = 0x420000;
const BITMAP_BYTES = 0x200000;
const PAGE = 65536;
/** The kernel loads 64 bytes at a time and may read this far past the data. */
const SLACK = 64;

/** Why the kernel handed a row back (event codes of opensky.wat). */
export const KernelEvent = {
  WrongFields: 1,
  BadTime: 2,
  Stale: 3,
  NoPosition: 4,
  BadPosition: 5,
  Watched: 6,
  Irregular: 7,
  Quoted: 8,
} as const;

/**
 * The parts of the WebAssembly API used here (TypeScript declares them only with the DOM library,
 * which this Node project does not load).
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmGlobal {
  value: number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  readonly memory: WasmMemory;
  readonly scan: (start: number, end: number, final: number) => number;
  readonly width: WasmGlobal;
  readonly iTime: WasmGlobal;
  readonly iHex: WasmGlobal;
  readonly iLat: WasmGlobal;
  readonly iLon: WasmGlobal;
  readonly iLast: WasmGlobal;
  readonly iBaro: WasmGlobal;
  readonly iGeo: WasmGlobal;
  readonly boxW: WasmGlobal;
  readonly boxE: WasmGlobal;
  readonly boxS: WasmGlobal;
  readonly boxN: WasmGlobal;
  readonly head: WasmGlobal;
  readonly lineNo: WasmGlobal;
  readonly used: WasmGlobal;
  readonly minTime: WasmGlobal;
  readonly maxTime: WasmGlobal;
  readonly events: WasmGlobal;
}

let compiled: object | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is not available (the general path reads then). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled =
        wasm === undefined ? null : new wasm.Module(Buffer.from(OPENSKY_KERNEL_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export function kernelAvailable(): boolean {
  return kernelModule() !== null;
}

/** Column indices the kernel needs; each below 64 (it records the first 64 commas of a line). */
export interface KernelLayout {
  readonly width: number;
  readonly time: number;
  readonly icao24: number;
  readonly lat: number;
  readonly lon: number;
  readonly lastContact: number;
  readonly baroAltitude: number;
  /** -1 when the file has no `geoaltitude` column. */
  readonly geoAltitude: number;
}

/** A box in degrees: west, south, east, north. */
export type Box = readonly [number, number, number, number];

/**
 * How many leading commas the kernel records: enough for every field read, but for those among the
 * last two fields, which it finds from the last two commas.
 */
export function headCommas(layout: KernelLayout): number {
  const read = [
    layout.time,
    layout.icao24,
    layout.lat,
    layout.lon,
    layout.lastContact,
    layout.baroAltitude,
    layout.geoAltitude,
  ];
  const early = read.filter((k) => k >= 0 && k < layout.width - 2);
  return Math.min(64, Math.max(0, ...early) + 1);
}

/** Idle kernels of this thread, with the watch bitmap last copied into each. */
const idle: { kernel: OpenSkyKernel; watch: HexBitmap }[] = [];

/**
 * One instance of the kernel and its memory: the bytes to scan live in that memory (appended
 * here), the kernel counts plain used rows and lists the others as events.
 */
export class OpenSkyKernel {
  private readonly exports: KernelExports;
  /** Bytes held in the data area. */
  length = 0;
  private view: Buffer;
  private eventView: Int32Array;

  private constructor(instance: { readonly exports: object }) {
    this.exports = instance.exports as KernelExports;
    this.view = this.dataView();
    this.eventView = this.eventsView();
  }

  /** A kernel for one input (or byte range), with `watch` loaded; null without WebAssembly SIMD. */
  static acquire(
    layout: KernelLayout,
    watch: HexBitmap,
    firstLineNo: number,
    box?: Box,
  ): OpenSkyKernel | null {
    const module = kernelModule();
    if (module === null || wasm === undefined) return null;
    let entry = idle.pop();
    if (entry === undefined) {
      entry = { kernel: new OpenSkyKernel(new wasm.Instance(module, {})), watch };
      entry.kernel.loadWatch(watch);
    } else if (entry.watch !== watch) {
      entry.kernel.loadWatch(watch);
    }
    const k = entry.kernel;
    const x = k.exports;
    x.width.value = layout.width;
    x.iTime.value = layout.time;
    x.iHex.value = layout.icao24;
    x.iLat.value = layout.lat;
    x.iLon.value = layout.lon;
    x.iLast.value = layout.lastContact;
    x.iBaro.value = layout.baroAltitude;
    x.iGeo.value = layout.geoAltitude;
    // Whole degrees, widened outward: a coordinate's truncated integer part lies within them
    // whenever the coordinate lies in the box (the scanner then checks the box exactly).
    const [w, s, e, n] = box ?? [1, 1, 0, 0];
    x.boxW.value = Math.floor(w);
    x.boxS.value = Math.floor(s);
    x.boxE.value = Math.ceil(e);
    x.boxN.value = Math.ceil(n);
    x.head.value = headCommas(layout);
    x.lineNo.value = firstLineNo;
    x.used.value = 0;
    x.minTime.value = Infinity;
    x.maxTime.value = -Infinity;
    x.events.value = 0;
    k.length = 0;
    k.watchRef = watch;
    return k;
  }

  private watchRef: HexBitmap | null = null;

  /** Returns the kernel for reuse by the next input of this thread. */
  release(): void {
    if (this.watchRef !== null) idle.push({ kernel: this, watch: this.watchRef });
    this.watchRef = null;
  }

  private loadWatch(watch: HexBitmap): void {
    new Uint8Array(this.exports.memory.buffer, WATCH, BITMAP_BYTES).set(watch.bits);
  }

  private dataView(): Buffer {
    const buffer = this.exports.memory.buffer;
    return Buffer.from(buffer, DATA, buffer.byteLength - DATA - SLACK);
  }

  private eventsView(): Int32Array {
    return new Int32Array(this.exports.memory.buffer, EVENTS, 4096 * 4);
  }

  /** The data area (valid up to `length`); a new view after the memory grows. */
  get bytes(): Buffer {
    return this.view;
  }

  /** The events of the last scan: [start, end, line, code] per event, data offsets. */
  get events(): Int32Array {
    return this.eventView;
  }

  get eventCount(): number {
    return this.exports.events.value;
  }

  clearEvents(): void {
    this.exports.events.value = 0;
  }

  get lineNo(): number {
    return this.exports.lineNo.value;
  }

  set lineNo(n: number) {
    this.exports.lineNo.value = n;
  }

  append(chunk: Uint8Array): void {
    const need = this.length + chunk.length;
    if (need > this.view.length) {
      const memory = this.exports.memory;
      memory.grow(Math.ceil((need - this.view.length) / PAGE));
      this.view = this.dataView();
      this.eventView = this.eventsView();
    }
    this.view.set(chunk, this.length);
    this.length = need;
  }

  /** Drops the first n bytes of the data. */
  consume(n: number): void {
    if (n <= 0) return;
    this.view.copy(this.view, 0, n, this.length);
    this.length -= n;
  }

  /** Scans lines in data[start, end); returns where the first unread line starts (data offset). */
  scan(start: number, end: number, final: boolean): number {
    return this.exports.scan(DATA + start, DATA + end, final ? 1 : 0) - DATA;
  }

  /** Rows counted by the kernel, their time span (seconds), and their aircraft. */
  totals(): { used: number; minTimeS: number; maxTimeS: number; addresses: Uint32Array } {
    const x = this.exports;
    const used = x.used.value;
    const seen = new HexBitmap(new Uint8Array(x.memory.buffer, SEEN, BITMAP_BYTES));
    const addresses = used > 0 ? seen.toSortedArray() : new Uint32Array(0);
    // Clear only what was set, for the next input.
    for (const addr of addresses) seen.bits[addr >>> 3] = 0;
    return {
      used,
      minTimeS: x.minTime.value,
      maxTimeS: x.maxTime.value,
      addresses,
    };
  }
}
