import type { FixColumns } from '../fix-store.js';
import { FT_PER_M, KT_PER_MPS } from '../parse-values.js';
import { HIGHEST_FT, LOWEST_FT } from '../plausible.js';
import type { DatedEnds } from '../position-time.js';
import { FIRST_LINES_KEPT } from '../types.js';
import { writeBitmap, type HexBitmap } from './hex-bitmap.js';
import { OPENSKY_KERNEL_WASM } from './kernel/opensky-wasm.js';
import { wasmInstance, wasmModule, type WasmGlobal, type WasmMemory } from './wasm-module.js';

/** Offsets in the kernel's memory (as opensky.wat lays it out). */
const WATCH = 0x000000;
/** The list of the aircraft of the rows counted, written when the table is emptied. */
const SEEN = 0x200000;
const CANDIDATES = 0x400000;
/** A byte per 4 KiB block of each bitmap: the kernel reads a block's bits only where it is set. */
const WATCH_BLOCKS = 0x61f000;
const CANDIDATE_BLOCKS = 0x61f200;
const EVENTS = 0x600000;
/** Skipped rows counted by event code (the codes of SKIP_CODES). */
const SKIP_COUNTS = 0x610800;
/** The coverage boxes: per box, inner and outer bounds and the last hours recorded (i32 each). */
const BOXES = 0x618000;
const BOX_BYTES = 48;
/** Room for this many boxes (regions of one run); with more, the general path reads. */
export const MAX_KERNEL_BOXES = 64;
const EVENT_SLOTS = 4096;
/**
 * A record of what the byte reader would read from each row handed over as watched, by event index
 * (opensky.wat's $record; read by OpenSkyByteReader.readRecord).
 */
const RECORDS = 0xda0000;
export const RECORD_BYTES = 80;
/**
 * The rows of watched aircraft the kernel takes as fixes itself (see `takeFixes`): seven columns of
 * doubles 32 KiB apart, then their addresses.
 */
const KERNEL_FIXES = 0x320000;
const KERNEL_FIX_ADDRESSES = 0x358000;
export const KERNEL_FIX_SLOTS = 4096;
/** The aircraft table and what it keeps of each aircraft (0x620000) sit between the events and the data. */
export const DATA = 0xdf0000;
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
  /** Not a row: an hour covered near a region ([hour, box index × 2 + other traffic 0/1, line, 9]). */
  Covered: 9,
  Repeated: 10,
  /**
   * A watched aircraft's row the kernel read whole into its record (five numbers exact, a fix's
   * place, a plausible time and altitude), its position found new and remembered as the
   * aircraft's last there: the byte reader takes it from the record, and the JavaScript side asks
   * only whether it lies in a box (see opensky.wat's $fixOf).
   */
  Fix: 12,
} as const;

/** The event codes of skipped rows, which the kernel counts past the first few. */
const SKIP_CODES = [
  KernelEvent.WrongFields,
  KernelEvent.BadTime,
  KernelEvent.Stale,
  KernelEvent.NoPosition,
  KernelEvent.BadPosition,
  KernelEvent.Repeated,
];
const MAX_SKIP_CODE = Math.max(...SKIP_CODES);

interface KernelExports {
  readonly memory: WasmMemory;
  readonly scan: (start: number, end: number, final: number) => number;
  readonly flush: () => number;
  readonly check: (addr: number, timeMs: number, line: number, built: number) => number;
  readonly ends: (at: number) => number;
  readonly tableCount: WasmGlobal;
  readonly skipEvents: WasmGlobal;
  readonly width: WasmGlobal;
  readonly iTime: WasmGlobal;
  readonly iHex: WasmGlobal;
  readonly iLat: WasmGlobal;
  readonly iLon: WasmGlobal;
  readonly iLast: WasmGlobal;
  readonly iPos: WasmGlobal;
  readonly iBaro: WasmGlobal;
  readonly iGeo: WasmGlobal;
  readonly iGround: WasmGlobal;
  readonly iSpeed: WasmGlobal;
  readonly iTrack: WasmGlobal;
  readonly iCall: WasmGlobal;
  readonly iSquawk: WasmGlobal;
  readonly recordRows: WasmGlobal;
  readonly boxCount: WasmGlobal;
  readonly eventLimit: WasmGlobal;
  readonly lineNo: WasmGlobal;
  readonly used: WasmGlobal;
  readonly minTime: WasmGlobal;
  readonly maxTime: WasmGlobal;
  readonly events: WasmGlobal;
  readonly kernelFixes: WasmGlobal;
  readonly fixCount: WasmGlobal;
  readonly ftPerM: WasmGlobal;
  readonly ktPerMps: WasmGlobal;
  readonly lowestFt: WasmGlobal;
  readonly highestFt: WasmGlobal;
}

/** The fixes the kernel took in its last scan (see `OpenSkyKernel.takeFixes`). */
export interface KernelFixes extends FixColumns {
  readonly addresses: Int32Array;
}

/** The compiled kernel, or null where WebAssembly SIMD is not available (the general path reads then). */
function kernelModule(): object | null {
  return wasmModule(OPENSKY_KERNEL_WASM);
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
  /** -1 when the file has no `lastposupdate` column. */
  readonly lastPosUpdate: number;
  readonly baroAltitude: number;
  /** -1 when the file has no `geoaltitude` column. */
  readonly geoAltitude: number;
  /**
   * The other columns the byte reader reads (-1 when absent). A row handed over as watched gets a
   * record of them (its values read here, not in JavaScript) when each lies among the first 64.
   */
  readonly onGround: number;
  readonly velocity: number;
  readonly heading: number;
  readonly callsign: number;
  readonly squawk: number;
}

/**
 * The kernel's row records, as doubles and as 32-bit integers. The byte offsets they hold are the
 * kernel memory's: less `DATA`, they are offsets into the data (`OpenSkyKernel.bytes`).
 */
export interface RecordViews {
  readonly values: Float64Array;
  readonly ints: Int32Array;
}

/** A box in degrees: west, south, east, north. */
export type Box = readonly [number, number, number, number];

/** The kernel's coordinates are truncated to units of 1e-4 degree. */
const UNITS_PER_DEG = 1e4;

/**
 * The box in the kernel's units as an inner box (coordinates surely inside) and an outer one
 * (surely outside beyond it), each a unit inside or outside the exact bound so that the rounding of
 * `bound × 10^4` cannot matter; rows in between are built and checked exactly.
 */
function kernelBox(box: Box): {
  inner: [number, number, number, number];
  outer: [number, number, number, number];
} {
  const [w, s, e, n] = box.map((d) => d * UNITS_PER_DEG) as [number, number, number, number];
  return {
    inner: [Math.ceil(w) + 1, Math.ceil(s) + 1, Math.floor(e) - 1, Math.floor(n) - 1],
    outer: [Math.floor(w) - 1, Math.floor(s) - 1, Math.ceil(e) + 1, Math.ceil(n) + 1],
  };
}

/** Idle kernels of this thread, with the bitmaps last copied into each. */
const idle: { kernel: OpenSkyKernel; watch: HexBitmap; candidates: HexBitmap }[] = [];

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
  private recordViews: RecordViews;
  private fixViews: KernelFixes;

  private constructor(exports: KernelExports) {
    this.exports = exports;
    this.view = this.dataView();
    this.eventView = this.eventsView();
    this.recordViews = this.recordsView();
    this.fixViews = this.fixesView();
  }

  /**
   * A kernel for one input (or byte range), null without WebAssembly SIMD (or with more boxes than
   * it has room for). Rows of `watch` are handed back to be built; of the others, those in each of
   * `boxes` mark their hour covered near that box, by other traffic unless they are among
   * `candidates`.
   */
  static acquire(
    layout: KernelLayout,
    bitmaps: { readonly watch: HexBitmap; readonly candidates: HexBitmap },
    firstLineNo: number,
    boxes: readonly Box[] = [],
  ): OpenSkyKernel | null {
    const module = kernelModule();
    if (module === null || boxes.length > MAX_KERNEL_BOXES) return null;
    const { watch, candidates } = bitmaps;
    let entry = idle.pop();
    if (entry === undefined) {
      entry = { kernel: new OpenSkyKernel(wasmInstance<KernelExports>(module)), watch, candidates };
      entry.kernel.load(WATCH, WATCH_BLOCKS, watch);
      entry.kernel.load(CANDIDATES, CANDIDATE_BLOCKS, candidates);
    } else {
      if (entry.watch !== watch) entry.kernel.load(WATCH, WATCH_BLOCKS, watch);
      if (entry.candidates !== candidates) {
        entry.kernel.load(CANDIDATES, CANDIDATE_BLOCKS, candidates);
      }
    }
    const k = entry.kernel;
    const x = k.exports;
    x.width.value = layout.width;
    x.iTime.value = layout.time;
    x.iHex.value = layout.icao24;
    x.iLat.value = layout.lat;
    x.iLon.value = layout.lon;
    x.iLast.value = layout.lastContact;
    x.iPos.value = layout.lastPosUpdate;
    x.iBaro.value = layout.baroAltitude;
    x.iGeo.value = layout.geoAltitude;
    x.iGround.value = layout.onGround;
    x.iSpeed.value = layout.velocity;
    x.iTrack.value = layout.heading;
    x.iCall.value = layout.callsign;
    x.iSquawk.value = layout.squawk;
    const { onGround, velocity, heading, callsign, squawk } = layout;
    k.recordsFit = onGround >= 0 && Math.max(onGround, velocity, heading, callsign, squawk) <= 63;
    x.recordRows.value = 0;
    const boxWords = new Int32Array(x.memory.buffer, BOXES, (MAX_KERNEL_BOXES * BOX_BYTES) / 4);
    for (const [i, box] of boxes.entries()) {
      const { inner, outer } = kernelBox(box);
      // No hour recorded yet (-1) near any box.
      boxWords.set([...inner, ...outer, -1, -1], (i * BOX_BYTES) / 4);
    }
    x.boxCount.value = boxes.length;
    k.eventLimit = EVENT_SLOTS - 2 * Math.max(1, boxes.length);
    x.eventLimit.value = k.eventLimit;
    // Skipped rows are events up to the accounting's first lines of each reason, then only counted.
    x.skipEvents.value = FIRST_LINES_KEPT;
    new Int32Array(x.memory.buffer, SKIP_COUNTS, MAX_SKIP_CODE + 1).fill(0);
    x.lineNo.value = firstLineNo;
    x.used.value = 0;
    x.minTime.value = Infinity;
    x.maxTime.value = -Infinity;
    x.events.value = 0;
    x.kernelFixes.value = 0;
    x.fixCount.value = 0;
    k.length = 0;
    k.loaded = { watch, candidates };
    return k;
  }

  private loaded: { watch: HexBitmap; candidates: HexBitmap } | null = null;
  /** Events a scan may hold before it stops (see opensky.wat's $eventLimit). */
  private eventLimit = EVENT_SLOTS - 2;
  /** Whether the columns a row record holds lie among the first 64 (the kernel reads only those). */
  private recordsFit = false;

  /**
   * Asks the kernel to record what the byte reader would read from each row it hands over as
   * watched (for a reader that takes them: see `records`); not done where the columns do not fit.
   */
  recordRows(): void {
    this.exports.recordRows.value = this.recordsFit ? 1 : 0;
  }

  /**
   * Asks the kernel to take, as fixes of its own (`fixes`), the rows it would hand over as
   * KernelEvent.Fix whose aircraft's last such row, taken by the caller as a fix outside every
   * box, had the same callsign, squawk and ground state: the caller gives them the tuple it gave
   * that row. Only for a caller that takes every such row outside the boxes as a fix (FixRows).
   */
  takeFixes(): void {
    const x = this.exports;
    x.ftPerM.value = FT_PER_M;
    x.ktPerMps.value = KT_PER_MPS;
    x.lowestFt.value = LOWEST_FT;
    x.highestFt.value = HIGHEST_FT;
    x.kernelFixes.value = 1;
  }

  /** The fixes the kernel took in its last scan, in line order: the first `fixCount` of each column. */
  get fixes(): KernelFixes {
    return this.fixViews;
  }

  get fixCount(): number {
    return this.exports.fixCount.value;
  }

  /**
   * Empties the fix columns (their fixes moved), and sets the scan's event limit again: the kernel
   * lowers it to stop a scan when the columns are full.
   */
  clearFixes(): void {
    this.exports.fixCount.value = 0;
    this.exports.eventLimit.value = this.eventLimit;
  }

  /** Returns the kernel for reuse by the next input of this thread. */
  release(): void {
    if (this.loaded !== null) idle.push({ kernel: this, ...this.loaded });
    this.loaded = null;
  }

  /**
   * Gives the kernel a bitmap: its block bytes, and the blocks they mark. The others are not
   * written (and never read), so a fresh kernel's memory is touched only where the set lies.
   */
  private load(offset: number, blocksOffset: number, bitmap: HexBitmap): void {
    writeBitmap(new Uint8Array(this.exports.memory.buffer), offset, blocksOffset, bitmap);
  }

  private dataView(): Buffer {
    const buffer = this.exports.memory.buffer;
    return Buffer.from(buffer, DATA, buffer.byteLength - DATA - SLACK);
  }

  private eventsView(): Int32Array {
    return new Int32Array(this.exports.memory.buffer, EVENTS, 4096 * 4);
  }

  private fixesView(): KernelFixes {
    const buffer = this.exports.memory.buffer;
    const column = (k: number): Float64Array =>
      new Float64Array(buffer, KERNEL_FIXES + k * KERNEL_FIX_SLOTS * 8, KERNEL_FIX_SLOTS);
    return {
      timeMs: column(0),
      lat: column(1),
      lon: column(2),
      altitudeFt: column(3),
      groundSpeedKt: column(4),
      trackDeg: column(5),
      line: column(6),
      addresses: new Int32Array(buffer, KERNEL_FIX_ADDRESSES, KERNEL_FIX_SLOTS),
    };
  }

  private recordsView(): RecordViews {
    const buffer = this.exports.memory.buffer;
    return {
      values: new Float64Array(buffer, RECORDS, (EVENT_SLOTS * RECORD_BYTES) / 8),
      ints: new Int32Array(buffer, RECORDS, (EVENT_SLOTS * RECORD_BYTES) / 4),
    };
  }

  /**
   * The records of the last scan's rows handed over as watched (event i's at i × RECORD_BYTES), or
   * null when this input's rows get none (a column read lies beyond the first 64).
   */
  get records(): RecordViews | null {
    return this.exports.recordRows.value === 1 ? this.recordViews : null;
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

  /** Makes room for n more bytes after the data held. */
  private reserve(n: number): void {
    const need = this.length + n;
    if (need > this.view.length) {
      const memory = this.exports.memory;
      memory.grow(Math.ceil((need - this.view.length) / PAGE));
      this.view = this.dataView();
      this.eventView = this.eventsView();
      this.recordViews = this.recordsView();
      this.fixViews = this.fixesView();
    }
  }

  append(chunk: Uint8Array): void {
    this.reserve(chunk.length);
    this.view.set(chunk, this.length);
    this.length += chunk.length;
  }

  /**
   * Appends what `read` puts into the space it is given (up to `max` bytes; it returns how many):
   * bytes read from a file straight into this memory are not copied again.
   */
  fill(read: (into: Uint8Array) => number, max: number): number {
    this.reserve(max);
    const n = read(this.view.subarray(this.length, this.length + max));
    this.length += n;
    return n;
  }

  /** Drops the first n bytes of the data. */
  consume(n: number): void {
    this.remove(0, n);
  }

  /** Drops n bytes of the data from offset `at` on. */
  remove(at: number, n: number): void {
    if (n <= 0) return;
    this.view.copy(this.view, at, at + n, this.length);
    this.length -= n;
  }

  /** Scans lines in data[start, end); returns where the first unread line starts (data offset). */
  scan(start: number, end: number, final: boolean): number {
    return this.exports.scan(DATA + start, DATA + end, final ? 1 : 0) - DATA;
  }

  /**
   * For a position the JavaScript side read, dated by lastposupdate (at `timeMs`, on `line`, built
   * or only counted there): 'repeat' when it repeats its aircraft's last position, 'new' when not
   * (it is the last now), 'elsewhere' when the caller keeps the aircraft's dated positions (the
   * table is full, or this time, the first of the aircraft's so far from the table's base, is too
   * far from it: the caller then has the aircraft's every later dated position).
   */
  check(
    addr: number,
    timeMs: number,
    line: number,
    built: boolean,
  ): 'new' | 'repeat' | 'elsewhere' {
    const r = this.exports.check(addr, timeMs, line, built ? 1 : 0);
    return r === 0 ? 'new' : r === 1 ? 'repeat' : 'elsewhere';
  }

  /**
   * The first and last dated positions of each aircraft in the table (before `totals` empties it;
   * the last of an aircraft kept elsewhere since is the caller's), written by the kernel after the
   * data held and copied out in one go.
   */
  datedEnds(): DatedEnds {
    const x = this.exports;
    this.reserve(x.tableCount.value * 32 + 8);
    const at = DATA + ((this.length + 7) & ~7);
    const n = x.ends(at);
    return { packed: new Float64Array(x.memory.buffer, at, 4 * n).slice() };
  }

  /** Rows counted by the kernel, the span of their positions' times (ms), and their aircraft. */
  totals(): {
    used: number;
    minTimeMs: number;
    maxTimeMs: number;
    addresses: Uint32Array;
    /** [event code, rows] skipped for that reason and not handed back as events. */
    skipped: [number, number][];
  } {
    const x = this.exports;
    // The aircraft of the rows counted here are listed, each once, and the table is emptied: the
    // next input may watch other aircraft.
    const seen = x.flush();
    const used = x.used.value;
    const addresses = new Uint32Array(x.memory.buffer, SEEN, seen).slice().sort();
    const counts = new Int32Array(x.memory.buffer, SKIP_COUNTS, MAX_SKIP_CODE + 1);
    const skipped: [number, number][] = [];
    for (const code of SKIP_CODES) {
      const beyond = (counts[code] as number) - FIRST_LINES_KEPT;
      if (beyond > 0) skipped.push([code, beyond]);
    }
    return {
      used,
      skipped,
      minTimeMs: x.minTime.value,
      maxTimeMs: x.maxTime.value,
      addresses,
    };
  }
}
