/**
 * The trace reader's kernel (kernel/trace.wat): a selected trace's decompressed bytes read into
 * columns of its points in WebAssembly memory, where JSON.parse made a string of the document, an
 * array per point and an object per details, and the reading sink a position per point. A day's
 * ~360 selected traces (15 MB of JSON, 160,000 points) cost each reading thread some 60 ms of
 * text, parsing and garbage, and as much again of positions through the sink. With the input's
 * TraceTaking, a trace's plausible fixes go into its store as one run of columns; its other rows
 * (not a fix, implausible) are made by the same code as JSON.parse's (TraceRowMaker) and go to the
 * sink. A document the kernel does not settle (see trace.wat) is read with JSON.parse, as before.
 */
import { MALFORMED_POINT, NEW_LEG_FLAG, TraceRowMaker } from '../formats/readsb-trace.js';
import type { FixAircraft, TraceTaking } from '../fix-rows.js';
import type { FixColumns } from '../fix-store.js';
import type { FixCoverageTarget } from '../../coverage/coverage.js';
import type { ReadContext } from '../formats/format.js';
import { EARLIEST_MS, HIGHEST_FT, LATEST_MS, LOWEST_FT } from '../plausible.js';
import type { Position, RowResult } from '../types.js';
import {
  wasmInstance,
  wasmModule,
  withRoom,
  type WasmGlobal,
  type WasmMemory,
} from '../fast/wasm-module.js';
import { TRACE_KERNEL_WASM } from './kernel/trace-wasm.js';

interface TraceKernelExports {
  readonly memory: WasmMemory;
  readonly read: (len: number, out: number, outEnd: number) => number;
  readonly finish: (
    lineOffset: number,
    earliestMs: number,
    latestMs: number,
    lowestFt: number,
    highestFt: number,
  ) => number;
  readonly icaoAt: WasmGlobal;
  readonly icaoLen: WasmGlobal;
  readonly rAt: WasmGlobal;
  readonly rLen: WasmGlobal;
  readonly tAt: WasmGlobal;
  readonly tLen: WasmGlobal;
  readonly timestamp: WasmGlobal;
  readonly dbFlags: WasmGlobal;
  readonly points: WasmGlobal;
  readonly cap: WasmGlobal;
  readonly fromMs: WasmGlobal;
  readonly toMs: WasmGlobal;
  readonly cover: (west: number, south: number, east: number, north: number) => number;
  readonly west: WasmGlobal;
  readonly south: WasmGlobal;
  readonly east: WasmGlobal;
  readonly north: WasmGlobal;
}

/** A point's bytes in the columns (trace.wat's layout): nine f64 columns, seven i32. */
const POINT_BYTES = 100;
const F64_COLUMNS = 9;
const I32_COLUMNS = 7;
/** The f64 columns. */
const DT = 0;
const LAT = 1;
const LON = 2;
const ALT = 3;
const SPEED = 4;
const TRACK = 5;
const FLAGS = 6;
const TIME = 7;
const LINE = 8;
/** The i32 columns. */
const BITS = 0;
const FLIGHT_AT = 1;
const FLIGHT_LEN = 2;
const SQUAWK_AT = 3;
const SQUAWK_LEN = 4;
const STRETCH_FIRST = 5;
const STRETCH_LAST = 6;
/** A point's bits. */
const IS_ARRAY = 1;
const ON_GROUND = 2;
const HAS_DETAILS = 4;
const PLAUSIBLE_FIX = 8;
/** Zero bytes after the document: the kernel reads a few bytes ahead without a bounds test. */
const PAD_BYTES = 16;
/**
 * Room for the columns, per byte of document: a point of readsb's takes 40 bytes of text or more,
 * against 100 in the columns. A document with smaller points may run out of room (all the memory
 * there is goes to the columns) and goes to JSON.parse then.
 */
const ROOM_PER_BYTE = 3;
/**
 * The biggest document the kernel reads: a thread's WebAssembly memory never shrinks, and holds
 * about four times the biggest document it read. readsb's biggest traces (an airliner's day, a
 * fix every second or two) are a few MB; a bigger one is read by JSON.parse.
 */
const MAX_DOCUMENT_BYTES = 16 << 20;

/** The element as `num` reads it: the kernel's NaN stands for anything that is not a number. */
const orNull = (x: number): number | null => (x === x ? x : null);

export class TraceKernel {
  private readonly x: TraceKernelExports;
  private bytes: Buffer;
  private f64: Float64Array;
  private i32: Int32Array;
  /** The last document's columns: where each starts, in its own units. */
  private readonly fAt = new Int32Array(F64_COLUMNS);
  private readonly iAt = new Int32Array(I32_COLUMNS);
  /** The store tuple of each point of a trace (-1: none), reused. */
  private tuples = new Int32Array(1024);

  private constructor(x: TraceKernelExports) {
    this.x = x;
    this.bytes = Buffer.from(x.memory.buffer);
    this.f64 = new Float64Array(x.memory.buffer);
    this.i32 = new Int32Array(x.memory.buffer);
  }

  private static made: TraceKernel | null | undefined;

  /** This thread's kernel, or null where WebAssembly is missing. */
  static shared(): TraceKernel | null {
    if (TraceKernel.made === undefined) {
      const module = wasmModule(TRACE_KERNEL_WASM);
      let made: TraceKernel | null = null;
      if (module !== null) {
        try {
          made = new TraceKernel(wasmInstance<TraceKernelExports>(module));
        } catch (err) {
          // No memory for another instance: JSON.parse reads every trace, as it can.
          if (!(err instanceof RangeError)) throw err;
        }
      }
      TraceKernel.made = made;
    }
    return TraceKernel.made;
  }

  /**
   * Reads a trace document's bytes: true when the kernel settled it (a trace document, read
   * exactly as JSON.parse reads it), its points then ready for `rows`; false when JSON.parse
   * must read it (anything else, valid or not).
   */
  read(doc: Uint8Array): boolean {
    const len = doc.length;
    if (len > MAX_DOCUMENT_BYTES) return false;
    const columnsAt = (len + PAD_BYTES + 7) & ~7;
    const needed = columnsAt + POINT_BYTES + len * ROOM_PER_BYTE;
    const memory = this.x.memory;
    if (memory.buffer.byteLength < needed) {
      if (!withRoom(memory, needed)) return false;
      this.bytes = Buffer.from(memory.buffer);
      this.f64 = new Float64Array(memory.buffer);
      this.i32 = new Int32Array(memory.buffer);
    }
    this.bytes.set(doc, 0);
    this.bytes.fill(0, len, len + PAD_BYTES);
    // The columns may use all the memory there is (a small document's points can be tiny).
    if (this.x.read(len, columnsAt, memory.buffer.byteLength) !== 1) return false;
    const cap = this.x.cap.value;
    for (let c = 0; c < F64_COLUMNS; c += 1) this.fAt[c] = (columnsAt >> 3) + c * cap;
    const iBase = (columnsAt >> 2) + F64_COLUMNS * 2 * cap;
    for (let c = 0; c < I32_COLUMNS; c += 1) this.iAt[c] = iBase + c * cap;
    return true;
  }

  /** The string of `len` bytes at `at` (ASCII: the kernel settles no other), or undefined for -1. */
  private text(at: number, len: number): string | undefined {
    return len < 0 ? undefined : this.bytes.toString('latin1', at, at + len);
  }

  /** Element `k` of f64 column `c` of the last document's points. */
  private value(c: number, k: number): number {
    return this.f64[(this.fAt[c] as number) + k] as number;
  }

  /** Element `k` of i32 column `c`. */
  private word(c: number, k: number): number {
    return this.i32[(this.iAt[c] as number) + k] as number;
  }

  /** The row point `k` makes (after its details were noted), as readTraceRows makes it. */
  private row(maker: TraceRowMaker, k: number, line: number): RowResult {
    const flags = this.value(FLAGS, k);
    return maker.row(
      orNull(this.value(DT, k)),
      orNull(this.value(LAT, k)),
      orNull(this.value(LON, k)),
      orNull(this.value(ALT, k)),
      (this.word(BITS, k) & ON_GROUND) !== 0,
      orNull(this.value(SPEED, k)),
      orNull(this.value(TRACK, k)),
      flags === flags ? flags : 0,
      line,
    );
  }

  /**
   * The rows of the document `read` settled, as readTraceRows makes them from JSON.parse's, handed
   * to `emit` with their record numbers (after `lineOffset`). With `traces`, its plausible fixes
   * are taken as one run instead, as the sink would take their positions (counted, kept, given to
   * coverage). Returns the points read.
   */
  rows(
    ctx: ReadContext,
    lineOffset: number,
    emit: (row: RowResult, line: number) => void,
    traces?: TraceTaking,
  ): number {
    const x = this.x;
    const maker = new TraceRowMaker(
      this.bytes.toString('latin1', x.icaoAt.value, x.icaoAt.value + x.icaoLen.value),
      this.text(x.rAt.value, x.rLen.value),
      this.text(x.tAt.value, x.tLen.value),
      orNull(x.dbFlags.value),
      x.timestamp.value,
      ctx.fileIndex,
    );
    const n = x.points.value;
    if (traces === undefined || maker.hex === null) {
      for (let k = 0; k < n; k += 1) {
        const line = lineOffset + k + 1;
        const bits = this.word(BITS, k);
        if ((bits & IS_ARRAY) === 0) {
          emit(MALFORMED_POINT, line);
          continue;
        }
        if ((bits & HAS_DETAILS) !== 0) this.details(maker, k);
        emit(this.row(maker, k, line), line);
      }
      return n;
    }
    const fixCount = x.finish(lineOffset, EARLIEST_MS, LATEST_MS, LOWEST_FT, HIGHEST_FT);
    if (this.tuples.length < n) this.tuples = new Int32Array(Math.max(n, 2 * this.tuples.length));
    const tuples = this.tuples;
    const i32 = this.i32;
    const bitsAt = this.iAt[BITS] as number;
    const fixes = traces.fixes;
    let aircraft: FixAircraft | null = null;
    let candidate = false;
    for (let k = 0; k < n; k += 1) {
      const bits = i32[bitsAt + k] as number;
      if ((bits & IS_ARRAY) === 0) {
        emit(MALFORMED_POINT, lineOffset + k + 1);
        tuples[k] = -1;
        continue;
      }
      if ((bits & HAS_DETAILS) !== 0) this.details(maker, k);
      if ((bits & PLAUSIBLE_FIX) === 0) {
        // Not a fix, or not a plausible one: the sink says why.
        emit(this.row(maker, k, lineOffset + k + 1), lineOffset + k + 1);
        tuples[k] = -1;
        continue;
      }
      if (aircraft === null) {
        const first = this.row(maker, k, lineOffset + k + 1) as Position;
        aircraft = fixes.traceAircraft(first, traces.keep(first));
        candidate = traces.candidate(first);
      }
      const squawk = maker.squawk;
      tuples[k] = fixes.tupleOf(
        aircraft,
        maker.callsign,
        (bits & ON_GROUND) !== 0,
        squawk === null ? undefined : squawk,
        (this.value(FLAGS, k) & NEW_LEG_FLAG) !== 0,
      );
    }
    if (aircraft !== null) {
      for (const c of traces.coverage) this.cover(c, candidate);
      fixes.takeTraceRun(
        aircraft,
        this.columns(n),
        n,
        tuples,
        fixCount,
        x.fromMs.value,
        x.toMs.value,
      );
    }
    return n;
  }

  /**
   * The plausible fixes of the last document (after `finish`) given to a coverage collector: of
   * each stretch of them in its box within one hour, the first and the last, and the box they
   * span (see `cover` in trace.wat: the collector then holds what it would from every fix).
   */
  private cover(c: FixCoverageTarget, candidate: boolean): void {
    const x = this.x;
    const [w, s, e, n] = c.bbox;
    const stretches = x.cover(w, s, e, n);
    for (let j = 0; j < stretches; j += 1) {
      this.coverFix(c, this.word(STRETCH_FIRST, j), candidate);
      this.coverFix(c, this.word(STRETCH_LAST, j), candidate);
    }
    if (stretches > 0) c.widen([x.west.value, x.south.value, x.east.value, x.north.value]);
  }

  private coverFix(c: FixCoverageTarget, k: number, candidate: boolean): void {
    c.addFix(
      this.value(TIME, k),
      this.value(LAT, k),
      this.value(LON, k),
      orNull(this.value(ALT, k)),
      (this.word(BITS, k) & ON_GROUND) !== 0,
      orNull(this.value(SPEED, k)),
      orNull(this.value(TRACK, k)),
      candidate,
    );
  }

  /** A point's details object: its flight and squawk, noted by the maker. */
  private details(maker: TraceRowMaker, k: number): void {
    maker.details(
      this.text(this.word(FLIGHT_AT, k), this.word(FLIGHT_LEN, k)),
      this.text(this.word(SQUAWK_AT, k), this.word(SQUAWK_LEN, k)),
    );
  }

  /** The first `n` points' columns as a fix store takes a run of fixes. */
  private columns(n: number): FixColumns {
    const column = (c: number): Float64Array => {
      const at = this.fAt[c] as number;
      return this.f64.subarray(at, at + n);
    };
    return {
      timeMs: column(TIME),
      lat: column(LAT),
      lon: column(LON),
      altitudeFt: column(ALT),
      groundSpeedKt: column(SPEED),
      trackDeg: column(TRACK),
      line: column(LINE),
    };
  }
}
