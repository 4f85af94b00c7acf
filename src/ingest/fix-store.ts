import { NO_ROW_EVIDENCE, type RowEvidence } from '../aircraft/identify.js';
import type { Position } from './types.js';

/**
 * Kept fixes in columns of typed arrays, about 32 bytes a fix where a Position object and its
 * source cost some 280: a year of surveillance traffic (10–30 million fixes) stays in memory until
 * its tracks are built. Every value comes back exactly as it went in (see NumberColumn); what
 * changes rarely along a trace (address, callsign, type, flags, file, on-ground) is one index into
 * a table of such tuples. Position objects are made again only when asked for (`get`), aircraft
 * by aircraft when tracks are built. The columns are cut into chunks of 65,536 fixes: a store
 * grows, and takes in another one (a day of a year read), without copying what it holds, where
 * one array doubled would hold the old and the new at once (a year's 21 million fixes: 1.8 GB).
 */

/** Int32 null in a scaled column (no scaled value reaches it). */
const NULL_INT = -0x80000000;
const INT_LIMIT = 0x7fffffff;

/**
 * A column of numbers (or nulls): integers of the value times `scale` in an Int32Array while every
 * value round-trips exactly that way (latitudes with up to 7 decimals at scale 1e7, say), else, from
 * the first value that does not, doubles (null as NaN; a NaN value itself is remembered aside).
 * A `based` column holds the integers counted from its first value (times in ms: a chunk's
 * 65,536 fixes span days, not the 24.8 days an Int32 of ms reaches; 4 bytes a fix saved).
 */
class NumberColumn {
  private ints: Int32Array | null;
  private doubles: Float64Array | null = null;
  private nans: Set<number> | null = null;
  private readonly scale: number;
  private readonly based: boolean;
  /** What the integers count from (0 unless based: then the first value, rounded). */
  private base = 0;
  private baseSet = false;

  constructor(scale: number, capacity: number, based = false) {
    this.scale = scale;
    this.based = based;
    this.ints = new Int32Array(capacity);
  }

  get bytes(): number {
    return (this.ints ?? this.doubles)?.byteLength ?? 0;
  }

  set(i: number, value: number | null): void {
    const ints = this.ints;
    if (ints !== null) {
      if (value === null) {
        ints[i] = NULL_INT;
        return;
      }
      const n = this.intOf(value);
      if (!Number.isNaN(n)) {
        ints[i] = n;
        return;
      }
      this.toDoubles();
    }
    const doubles = this.doubles as Float64Array;
    if (value !== null && Number.isNaN(value)) (this.nans ??= new Set()).add(i);
    else this.nans?.delete(i);
    doubles[i] = value ?? Number.NaN;
  }

  /**
   * `set` of the `n` values of `src` from `from` on (NaN for a null: no value of the kernel's
   * columns is a NaN otherwise) at `at` on, in one call for a run of fixes.
   */
  setRun(src: Float64Array, from: number, n: number, at: number): void {
    let k = 0;
    const ints = this.ints;
    if (ints !== null) {
      for (; k < n; k += 1) {
        const value = src[from + k] as number;
        if (Number.isNaN(value)) {
          ints[at + k] = NULL_INT;
          continue;
        }
        const r = this.intOf(value);
        if (!Number.isNaN(r)) {
          ints[at + k] = r;
          continue;
        }
        this.toDoubles();
        break;
      }
      if (k === n) return;
    }
    (this.doubles as Float64Array).set(src.subarray(from + k, from + n), at + k);
    const nans = this.nans;
    if (nans !== null) for (let q = k; q < n; q += 1) nans.delete(at + q);
  }

  /**
   * The integer that holds `value` in this column (counted from the base, which a based column's
   * first finite value sets), or NaN when none gives it back exactly within +-INT_LIMIT (-0, NaN,
   * too many decimals, too far): the column then turns to doubles.
   */
  private intOf(value: number): number {
    if (this.based && !this.baseSet && Number.isFinite(value)) {
      this.base = Math.round(value);
      this.baseSet = true;
    }
    const base = this.base;
    const n = Math.round((value - base) * this.scale);
    return n / this.scale + base === value &&
      n <= INT_LIMIT &&
      n >= -INT_LIMIT &&
      !Object.is(value, -0)
      ? n
      : Number.NaN;
  }

  get(i: number): number | null {
    const ints = this.ints;
    if (ints !== null) {
      const n = ints[i] as number;
      return n === NULL_INT ? null : n / this.scale + this.base;
    }
    const x = (this.doubles as Float64Array)[i] as number;
    return Number.isNaN(x) && !(this.nans?.has(i) ?? false) ? null : x;
  }

  /**
   * The values at the chunk positions of store indexes `indexes[from..to)` into `out[from..to)` (a
   * null as NaN): one call for a run of fixes, not one per value.
   */
  gather(indexes: ArrayLike<number>, from: number, to: number, out: Float64Array): void {
    const ints = this.ints;
    if (ints !== null) {
      const scale = this.scale;
      const base = this.base;
      for (let k = from; k < to; k += 1) {
        const n = ints[(indexes[k] as number) & IN_CHUNK] as number;
        out[k] = n === NULL_INT ? Number.NaN : n / scale + base;
      }
      return;
    }
    const doubles = this.doubles as Float64Array;
    for (let k = from; k < to; k += 1) {
      out[k] = doubles[(indexes[k] as number) & IN_CHUNK] as number;
    }
  }

  resize(capacity: number, length: number): void {
    if (this.ints !== null) {
      const next = new Int32Array(capacity);
      next.set(this.ints.subarray(0, length));
      this.ints = next;
    } else {
      const next = new Float64Array(capacity);
      next.set((this.doubles as Float64Array).subarray(0, length));
      this.doubles = next;
    }
  }

  /**
   * Copies `n` values of `from` starting at `start` to this column starting at `at`, each plus
   * `offset` (line numbers of a byte range, counted from the range's start). Whole arrays at a time
   * where both columns hold the values in the same form: a byte range's times count from its own
   * first one, and OpenSky's coordinates (float32 printed in full) are doubles, so a value at a time
   * was the rule when ranges were joined (10 ms of the main thread for 21,500 fixes, run once).
   */
  copy(from: NumberColumn, start: number, n: number, at: number, offset = 0): void {
    const ints = this.ints;
    const src = from.ints;
    if (ints !== null && src !== null && from.scale === this.scale) {
      // An empty based column counts from the first value it is given: from the same base, then.
      if (this.based && !this.baseSet && from.baseSet) {
        this.base = from.base;
        this.baseSet = true;
      }
      if (offset === 0 && from.base === this.base) {
        ints.set(src.subarray(start, start + n), at);
        return;
      }
      // Integers at scale 1 (times, lines): the integer of each value moves by the same amount.
      const shift = offset + from.base - this.base;
      if (this.scale === 1 && Number.isInteger(shift)) {
        for (let k = 0; k < n; k += 1) {
          const v = src[start + k] as number;
          const shifted = v + shift;
          if (v === NULL_INT || shifted > INT_LIMIT || shifted < -INT_LIMIT) {
            this.copyEach(from, start + k, n - k, at + k, offset);
            return;
          }
          ints[at + k] = shifted;
        }
        return;
      }
    }
    const doubles = this.doubles;
    if (doubles !== null && offset === 0) {
      if (from.doubles !== null) {
        doubles.set(from.doubles.subarray(start, start + n), at);
      } else {
        const scale = from.scale;
        const fromBase = from.base;
        for (let k = 0; k < n; k += 1) {
          const v = (src as Int32Array)[start + k] as number;
          doubles[at + k] = v === NULL_INT ? Number.NaN : v / scale + fromBase;
        }
      }
      // NaN values, apart from nulls, are known by their index.
      if (this.nans !== null || from.nans !== null) {
        for (let k = 0; k < n; k += 1) {
          if (from.nans?.has(start + k) === true) (this.nans ??= new Set()).add(at + k);
          else this.nans?.delete(at + k);
        }
      }
      return;
    }
    this.copyEach(from, start, n, at, offset);
  }

  /** `copy` a value at a time (the columns differ in form, or a value leaves the integers). */
  private copyEach(from: NumberColumn, start: number, n: number, at: number, offset: number): void {
    for (let k = 0; k < n; k += 1) {
      const v = from.get(start + k);
      this.set(at + k, v === null || offset === 0 ? v : v + offset);
    }
  }

  private toDoubles(): void {
    const ints = this.ints as Int32Array;
    const doubles = new Float64Array(ints.length);
    for (let i = 0; i < ints.length; i += 1) {
      const n = ints[i] as number;
      doubles[i] = n === NULL_INT ? Number.NaN : n / this.scale + this.base;
    }
    this.ints = null;
    this.doubles = doubles;
  }

  /** Structured-clone form (worker threads send stores back). */
  plain(length: number): PlainColumn {
    return {
      scale: this.scale,
      based: this.based,
      base: this.base,
      baseSet: this.baseSet,
      ints: this.ints?.slice(0, length) ?? null,
      doubles: this.doubles?.slice(0, length) ?? null,
      nans: this.nans === null ? null : [...this.nans],
    };
  }

  static revive(p: PlainColumn): NumberColumn {
    const c = new NumberColumn(p.scale, 0, p.based);
    c.base = p.base;
    c.baseSet = p.baseSet;
    c.ints = p.ints;
    c.doubles = p.doubles;
    c.nans = p.nans === null ? null : new Set(p.nans);
    return c;
  }
}

interface PlainColumn {
  readonly scale: number;
  readonly based: boolean;
  readonly base: number;
  readonly baseSet: boolean;
  readonly ints: Int32Array | null;
  readonly doubles: Float64Array | null;
  readonly nans: number[] | null;
}

/**
 * Fixes as columns of doubles (NaN for a null), as the OpenSky kernel writes those it takes
 * (src/ingest/fast/opensky-kernel.ts): for `FixStore.pushRun`.
 */
export interface FixColumns {
  readonly timeMs: Float64Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly altitudeFt: Float64Array;
  readonly groundSpeedKt: Float64Array;
  readonly trackDeg: Float64Array;
  readonly line: Float64Array;
}

/** What a fix shares with its neighbours on a trace, stored once per distinct combination. */
interface Tuple {
  readonly hex: string | null;
  readonly callsign: string | null;
  readonly typeCode: string | null;
  readonly registration: string | null;
  readonly dbFlags: number | null;
  readonly onGround: boolean;
  readonly fileIndex: number;
  /** Present as a key (possibly undefined) on the position, or absent. */
  readonly squawk: string | undefined;
  readonly hasSquawk: boolean;
  readonly newLeg: boolean | undefined;
  readonly hasNewLeg: boolean;
}

/** Another store's tuples as a store's own (see FixStore.tuplesFrom). */
interface TuplesFrom {
  readonly here: Int32Array;
  readonly of: (from: number) => number;
}

/** A chunk in a form worker threads can post (typed arrays and plain objects). */
interface PlainChunk {
  readonly timeMs: PlainColumn;
  readonly line: PlainColumn;
  readonly lat: PlainColumn;
  readonly lon: PlainColumn;
  readonly altitudeFt: PlainColumn;
  readonly groundSpeedKt: PlainColumn;
  readonly trackDeg: PlainColumn;
  readonly tuple: Int32Array;
}

/** The store in a form worker threads can post (typed arrays and plain objects). */
export interface PlainFixStore {
  readonly fixStore: 2;
  readonly length: number;
  readonly chunks: PlainChunk[];
  readonly tuples: Tuple[];
}

/** The typed arrays of a posted store: each its own, made by `plain` for the post alone. */
export function plainArrays(p: PlainFixStore): ArrayBufferView[] {
  const arrays: ArrayBufferView[] = [];
  for (const c of p.chunks) {
    arrays.push(c.tuple);
    const columns = [c.timeMs, c.line, c.lat, c.lon, c.altitudeFt, c.groundSpeedKt, c.trackDeg];
    for (const column of columns) {
      if (column.ints !== null) arrays.push(column.ints);
      if (column.doubles !== null) arrays.push(column.doubles);
    }
  }
  return arrays;
}

const INITIAL_CAPACITY = 64;

const keyPart = (s: string | null | undefined): string =>
  s === null ? '\u0001' : s === undefined ? '\u0002' : s;

function tupleKey(t: Tuple): string {
  return [
    keyPart(t.hex),
    keyPart(t.callsign),
    keyPart(t.typeCode),
    keyPart(t.registration),
    t.dbFlags === null ? '\u0001' : String(t.dbFlags),
    t.onGround ? '1' : '0',
    String(t.fileIndex),
    t.hasSquawk ? keyPart(t.squawk) : '\u0003',
    t.hasNewLeg ? String(t.newLeg) : '\u0003',
  ].join('\u0000');
}

function tupleOf(p: Position, fileIndex: number): Tuple {
  return {
    hex: p.hex,
    callsign: p.callsign,
    typeCode: p.typeCode,
    registration: p.registration,
    dbFlags: p.dbFlags,
    onGround: p.onGround,
    fileIndex,
    squawk: p.squawk,
    hasSquawk: 'squawk' in p,
    newLeg: p.newLeg,
    hasNewLeg: 'newLeg' in p,
  };
}

function sameTuple(t: Tuple, p: Position, fileIndex: number): boolean {
  return (
    t.hex === p.hex &&
    t.callsign === p.callsign &&
    t.onGround === p.onGround &&
    t.fileIndex === fileIndex &&
    t.typeCode === p.typeCode &&
    t.registration === p.registration &&
    t.dbFlags === p.dbFlags &&
    t.squawk === p.squawk &&
    t.newLeg === p.newLeg &&
    t.hasSquawk === 'squawk' in p &&
    t.hasNewLeg === 'newLeg' in p
  );
}

/** Fixes per chunk: every chunk but the last holds this many. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

/** Up to CHUNK fixes, column by column; `tuple` indexes the store's table. */
class Chunk {
  capacity: number;
  timeMs: NumberColumn;
  line: NumberColumn;
  lat: NumberColumn;
  lon: NumberColumn;
  altitudeFt: NumberColumn;
  groundSpeedKt: NumberColumn;
  trackDeg: NumberColumn;
  tuple: Int32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.timeMs = new NumberColumn(1, capacity, true);
    this.line = new NumberColumn(1, capacity);
    this.lat = new NumberColumn(1e7, capacity);
    this.lon = new NumberColumn(1e7, capacity);
    this.altitudeFt = new NumberColumn(100, capacity);
    this.groundSpeedKt = new NumberColumn(100, capacity);
    this.trackDeg = new NumberColumn(100, capacity);
    this.tuple = new Int32Array(capacity);
  }

  /** The columns in a fixed order: time, line, lat, lon, altitude, speed, track. */
  get columns(): NumberColumn[] {
    return [
      this.timeMs,
      this.line,
      this.lat,
      this.lon,
      this.altitudeFt,
      this.groundSpeedKt,
      this.trackDeg,
    ];
  }

  get bytes(): number {
    return this.tuple.byteLength + this.columns.reduce((n, c) => n + c.bytes, 0);
  }

  resize(capacity: number, length: number): void {
    const tuple = new Int32Array(capacity);
    tuple.set(this.tuple.subarray(0, length));
    this.tuple = tuple;
    for (const c of this.columns) c.resize(capacity, length);
    this.capacity = capacity;
  }

  plain(length: number): PlainChunk {
    return {
      timeMs: this.timeMs.plain(length),
      line: this.line.plain(length),
      lat: this.lat.plain(length),
      lon: this.lon.plain(length),
      altitudeFt: this.altitudeFt.plain(length),
      groundSpeedKt: this.groundSpeedKt.plain(length),
      trackDeg: this.trackDeg.plain(length),
      tuple: this.tuple.slice(0, length),
    };
  }

  static revive(p: PlainChunk): Chunk {
    const c = new Chunk(0);
    c.capacity = p.tuple.length;
    c.timeMs = NumberColumn.revive(p.timeMs);
    c.line = NumberColumn.revive(p.line);
    c.lat = NumberColumn.revive(p.lat);
    c.lon = NumberColumn.revive(p.lon);
    c.altitudeFt = NumberColumn.revive(p.altitudeFt);
    c.groundSpeedKt = NumberColumn.revive(p.groundSpeedKt);
    c.trackDeg = NumberColumn.revive(p.trackDeg);
    c.tuple = p.tuple;
    return c;
  }
}

export class FixStore implements Iterable<Position> {
  private count = 0;
  /** Every chunk but the last is full; the last has room for at least one more fix, or none. */
  private chunks: Chunk[];
  private tuples: Tuple[] = [];
  private readonly tupleIndex = new Map<string, number>();
  private lastTuple = -1;
  /**
   * Each address's last tuple: the fixes of aircraft read from a global dump come interleaved, so
   * the last fix's tuple rarely serves the next (a key made and looked up for each fix).
   */
  private readonly lastTupleOfHex = new Map<string | null, number>();

  constructor(capacity = INITIAL_CAPACITY) {
    this.chunks = [new Chunk(Math.max(1, Math.min(CHUNK, capacity)))];
  }

  /** A store holding the positions, in order. */
  static of(positions: Iterable<Position>): FixStore {
    const store = new FixStore();
    for (const p of positions) store.push(p);
    return store;
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held by the columns (capacity included) and, roughly, the tuple table. */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.bytes, 0) + this.tuples.length * 200;
  }

  push(p: Position): void {
    this.pushAs(p, p.source.fileIndex, p.source.line);
  }

  /** Adds a position read as another input, or at another line (byte ranges count from their start). */
  pushAs(p: Position, fileIndex: number, line: number): void {
    const tuple = this.intern(p, fileIndex);
    this.pushValues(tuple, p.timeMs, p.lat, p.lon, p.altitudeFt, p.groundSpeedKt, p.trackDeg, line);
  }

  /**
   * Adds a fix of these values, with its tuple (`tupleOfFix`'s for the fast path's rows of watched
   * aircraft, which come here from their bytes: no object is filled for them, and the code V8
   * optimises here sees numbers only).
   */
  pushValues(
    tuple: number,
    timeMs: number,
    lat: number,
    lon: number,
    altitudeFt: number | null,
    groundSpeedKt: number | null,
    trackDeg: number | null,
    line: number,
  ): void {
    const i = this.count;
    const c = this.room(i);
    const j = i & IN_CHUNK;
    c.timeMs.set(j, timeMs);
    c.line.set(j, line);
    c.lat.set(j, lat);
    c.lon.set(j, lon);
    c.altitudeFt.set(j, altitudeFt);
    c.groundSpeedKt.set(j, groundSpeedKt);
    c.trackDeg.set(j, trackDeg);
    c.tuple[j] = tuple;
    this.count = i + 1;
  }

  /**
   * Adds the fixes `from..to` of `columns` whose `tuples` entry is a tuple (not -1), in order, a
   * column at a time: what `pushValues` would do for each.
   */
  pushRun(columns: FixColumns, from: number, to: number, tuples: Int32Array): void {
    let k = from;
    while (k < to) {
      if ((tuples[k] as number) < 0) {
        k += 1;
        continue;
      }
      let end = k + 1;
      while (end < to && (tuples[end] as number) >= 0) end += 1;
      while (k < end) {
        const i = this.count;
        const j = i & IN_CHUNK;
        const n = Math.min(end - k, CHUNK - j);
        const c = this.room(i, n);
        // One call site: V8 compiles setRun's loop once, not inlined seven times over.
        const into = c.columns;
        const values = [
          columns.timeMs,
          columns.line,
          columns.lat,
          columns.lon,
          columns.altitudeFt,
          columns.groundSpeedKt,
          columns.trackDeg,
        ];
        for (let q = 0; q < into.length; q += 1) {
          (into[q] as NumberColumn).setRun(values[q] as Float64Array, k, n, j);
        }
        c.tuple.set(tuples.subarray(k, k + n), j);
        this.count = i + n;
        k += n;
      }
    }
  }

  /**
   * The tuple of a position of input `fileIndex` that carries `carried` (none for an OpenSky row),
   * a squawk key when `squawk` is given and a new-leg key (true) when `newLeg`: the one `pushAs`
   * would give it.
   */
  tupleOfFix(
    hex: string,
    callsign: string | null,
    onGround: boolean,
    squawk: string | undefined,
    fileIndex: number,
    carried: RowEvidence = NO_ROW_EVIDENCE,
    newLeg = false,
  ): number {
    return this.internTuple({
      hex,
      callsign,
      typeCode: carried.typeCode,
      registration: carried.registration,
      dbFlags: carried.dbFlags,
      onGround,
      fileIndex,
      squawk,
      hasSquawk: squawk !== undefined,
      newLeg: newLeg ? true : undefined,
      hasNewLeg: newLeg,
    });
  }

  /** Whether every fix held is of input `fileIndex` (asked of the tuples, not of each fix). */
  onlyOfInput(fileIndex: number): boolean {
    return this.tuples.every((t) => t.fileIndex === fileIndex);
  }

  /** Appends another store's fixes, as input `fileIndex` with lines shifted, those `keep` selects. */
  append(
    other: FixStore,
    relocate: { fileIndex: number; lineOffset: number } | null = null,
    keep: ((i: number) => boolean) | null = null,
  ): void {
    // Column to column, no object made: a year's store may be copied whole.
    const tuples = this.tuplesFrom(other, relocate?.fileIndex ?? null);
    const lineOffset = relocate?.lineOffset ?? 0;
    // Runs of the fixes kept, each copied column to column.
    for (let i = 0; i < other.count; ) {
      if (keep !== null && !keep(i)) {
        i += 1;
        continue;
      }
      let end = i + 1;
      if (keep === null) end = other.count;
      else while (end < other.count && keep(end)) end += 1;
      this.appendRun(other, i, end, lineOffset, tuples);
      i = end;
    }
  }

  /**
   * `other`'s tuples as this store's (`here`, -1 until asked), each interned at its first fix (as
   * input `fileIndex` when given) by `of`.
   */
  private tuplesFrom(other: FixStore, fileIndex: number | null): TuplesFrom {
    const here = new Int32Array(other.tuples.length).fill(-1);
    const of = (from: number): number => {
      let t = here[from] as number;
      if (t < 0) {
        const tuple = other.tuples[from] as Tuple;
        t = here[from] = this.internTuple(fileIndex === null ? tuple : { ...tuple, fileIndex });
      }
      return t;
    };
    return { here, of };
  }

  /** Fix `i` of `other` as this store's next, its line shifted, its tuple this store's. */
  private copyFix(other: FixStore, i: number, lineOffset: number, tuples: TuplesFrom): void {
    const from = other.chunks[i >>> CHUNK_BITS] as Chunk;
    const f = i & IN_CHUNK;
    const j = this.count;
    const c = this.room(j);
    const k = j & IN_CHUNK;
    c.timeMs.set(k, from.timeMs.get(f));
    c.line.set(k, (from.line.get(f) as number) + lineOffset);
    c.lat.set(k, from.lat.get(f));
    c.lon.set(k, from.lon.get(f));
    c.altitudeFt.set(k, from.altitudeFt.get(f));
    c.groundSpeedKt.set(k, from.groundSpeedKt.get(f));
    c.trackDeg.set(k, from.trackDeg.get(f));
    c.tuple[k] = tuples.of(from.tuple[f] as number);
    this.count = j + 1;
  }

  /**
   * Appends another store's fixes in the order `order` lists their indexes (a database's rows put
   * back in the order their reader gave them), column to column: no object made.
   */
  appendInOrder(other: FixStore, order: ArrayLike<number>): void {
    const tuples = this.tuplesFrom(other, null);
    for (let n = 0; n < order.length; n += 1) this.copyFix(other, order[n] as number, 0, tuples);
  }

  /**
   * Which fixes are of the aircraft `keepHex` keeps (asked once per distinct tuple, not per fix)
   * and at times `keepTime` keeps (all when null): a predicate for `retain` and `append`, or null
   * when it would keep every fix.
   */
  byAircraft(
    keepHex: (hex: string) => boolean,
    keepTime: ((timeMs: number) => boolean) | null,
  ): ((i: number) => boolean) | null {
    const kept = new Uint8Array(this.tuples.length);
    let all = true;
    for (const [t, tuple] of this.tuples.entries()) {
      if (tuple.hex !== null && keepHex(tuple.hex)) kept[t] = 1;
      else all = false;
    }
    if (all && keepTime === null) return null;
    return (i) => {
      const c = this.chunks[i >>> CHUNK_BITS] as Chunk;
      return (
        kept[c.tuple[i & IN_CHUNK] as number] === 1 &&
        (keepTime === null || keepTime(this.timeAt(i)))
      );
    };
  }

  /**
   * Keeps only the fixes `keep` selects, in order, in place: no second store is held while the
   * fixes of aircraft not identified are dropped from a year's.
   */
  retain(keep: (i: number) => boolean): void {
    let j = 0;
    for (let i = 0; i < this.count; i += 1) {
      if (!keep(i)) continue;
      if (i !== j) {
        const from = this.chunks[i >>> CHUNK_BITS] as Chunk;
        const f = i & IN_CHUNK;
        const to = this.chunks[j >>> CHUNK_BITS] as Chunk;
        const k = j & IN_CHUNK;
        to.timeMs.set(k, from.timeMs.get(f));
        to.line.set(k, from.line.get(f));
        to.lat.set(k, from.lat.get(f));
        to.lon.set(k, from.lon.get(f));
        to.altitudeFt.set(k, from.altitudeFt.get(f));
        to.groundSpeedKt.set(k, from.groundSpeedKt.get(f));
        to.trackDeg.set(k, from.trackDeg.get(f));
        to.tuple[k] = from.tuple[f] as number;
      }
      j += 1;
    }
    this.count = j;
    this.chunks.length = Math.max(1, Math.ceil(j / CHUNK));
    this.trim();
  }

  /**
   * The fixes [first, end) of `other`, their lines shifted by `lineOffset`, as many at a time as
   * both chunks hold (a day of a year, joined as it is read; a byte range of a big file).
   */
  private appendRun(
    other: FixStore,
    first: number,
    end: number,
    lineOffset: number,
    { here, of }: TuplesFrom,
  ): void {
    for (let i = first; i < end; ) {
      const from = other.chunks[i >>> CHUNK_BITS] as Chunk;
      const f = i & IN_CHUNK;
      const j = this.count;
      // Room for the rest of the run at once: a chunk doubled for each of its steps copied what it
      // held each time, and touched new memory each time (a range's 21,000 fixes joined: 10 ms).
      const c = this.room(j, end - i);
      const k = j & IN_CHUNK;
      // As many as both chunks hold from here on.
      const n = Math.min(end - i, CHUNK - f, c.capacity - k);
      c.timeMs.copy(from.timeMs, f, n, k);
      c.line.copy(from.line, f, n, k, lineOffset);
      c.lat.copy(from.lat, f, n, k);
      c.lon.copy(from.lon, f, n, k);
      c.altitudeFt.copy(from.altitudeFt, f, n, k);
      c.groundSpeedKt.copy(from.groundSpeedKt, f, n, k);
      c.trackDeg.copy(from.trackDeg, f, n, k);
      // The tuple here of each fix's there, looked up, not asked of a function per fix.
      const there = from.tuple;
      for (let m = 0; m < n; m += 1) {
        const t = there[f + m] as number;
        const mapped = here[t] as number;
        c.tuple[k + m] = mapped >= 0 ? mapped : of(t);
      }
      this.count = j + n;
      i += n;
    }
  }

  /**
   * The indexes of each address's fixes, in store order (fixes without an address left out): by
   * tuple, each fix's address looked up in no map.
   */
  indexesByHex(): Map<string, Uint32Array> {
    const slotOfTuple = new Int32Array(this.tuples.length).fill(-1);
    const hexes: string[] = [];
    const slotOfHex = new Map<string, number>();
    for (const [t, tuple] of this.tuples.entries()) {
      if (tuple.hex === null) continue;
      let slot = slotOfHex.get(tuple.hex);
      if (slot === undefined) {
        slot = hexes.length;
        hexes.push(tuple.hex);
        slotOfHex.set(tuple.hex, slot);
      }
      slotOfTuple[t] = slot;
    }
    // Two plain passes over the fixes (counted, then listed), no function called per fix: this
    // runs once, after reading, on code not yet optimised (21,500 fixes: 6 ms through a callback).
    const counts = new Int32Array(hexes.length);
    for (let k = 0; k < this.chunks.length; k += 1) {
      const tuple = (this.chunks[k] as Chunk).tuple;
      const n = Math.min(CHUNK, this.count - k * CHUNK);
      for (let j = 0; j < n; j += 1) {
        const slot = slotOfTuple[tuple[j] as number] as number;
        if (slot >= 0) counts[slot] = (counts[slot] as number) + 1;
      }
    }
    const lists = hexes.map((_, slot) => new Uint32Array(counts[slot] as number));
    counts.fill(0);
    for (let k = 0; k < this.chunks.length; k += 1) {
      const tuple = (this.chunks[k] as Chunk).tuple;
      const n = Math.min(CHUNK, this.count - k * CHUNK);
      for (let j = 0; j < n; j += 1) {
        const slot = slotOfTuple[tuple[j] as number] as number;
        if (slot < 0) continue;
        (lists[slot] as Uint32Array)[counts[slot] as number] = k * CHUNK + j;
        counts[slot] = (counts[slot] as number) + 1;
      }
    }
    return new Map(hexes.map((hex, slot) => [hex, lists[slot] as Uint32Array]));
  }

  /** The address of fix `i` (no object made). */
  hexAt(i: number): string | null {
    const c = this.chunks[i >>> CHUNK_BITS] as Chunk;
    return (this.tuples[c.tuple[i & IN_CHUNK] as number] as Tuple).hex;
  }

  /**
   * The first k in [from, to) whose fix `indexes[k]` was reported on the ground, or `to`: a loop
   * with no call per fix, for the stretches of an aircraft's fixes asked once after reading.
   */
  nextOnGround(indexes: ArrayLike<number>, from: number, to: number): number {
    const chunks = this.chunks;
    const tuples = this.tuples;
    for (let k = from; k < to; k += 1) {
      const i = indexes[k] as number;
      const t = (chunks[i >>> CHUNK_BITS] as Chunk).tuple[i & IN_CHUNK] as number;
      if ((tuples[t] as Tuple).onGround) return k;
    }
    return to;
  }

  /** The ground speed of fix `i` (no object made). */
  groundSpeedAt(i: number): number | null {
    return (this.chunks[i >>> CHUNK_BITS] as Chunk).groundSpeedKt.get(i & IN_CHUNK);
  }

  /**
   * The distinct callsigns of the fixes `indexes[from, to)` lists, as `normal` makes them, in the
   * order they first appear: asked once per distinct tuple, not per fix.
   */
  callsignsOf(
    indexes: ArrayLike<number>,
    from: number,
    to: number,
    normal: (callsign: string) => string,
  ): Set<string> {
    const out = new Set<string>();
    const asked = new Set<number>();
    let last = -1;
    for (let k = from; k < to; k += 1) {
      const i = indexes[k] as number;
      const t = (this.chunks[i >>> CHUNK_BITS] as Chunk).tuple[i & IN_CHUNK] as number;
      if (t === last || asked.has(t)) continue;
      last = t;
      asked.add(t);
      const callsign = (this.tuples[t] as Tuple).callsign;
      if (callsign !== null) out.add(normal(callsign));
    }
    return out;
  }

  /**
   * What a mission says of the fixes `lists` hold, taken in order: the distinct callsigns as they
   * first appear, the highest altitude (null: none), and the inputs. Asked of each fix's tuple and
   * altitude, no object made.
   */
  fixesSummary(lists: readonly ArrayLike<number>[]): {
    callsigns: string[];
    maxAltitudeFt: number | null;
    inputs: Set<number>;
  } {
    const callsigns: string[] = [];
    let maxAltitudeFt: number | null = null;
    const inputs = new Set<number>();
    let last = -1;
    for (const indexes of lists) {
      for (let k = 0; k < indexes.length; k += 1) {
        const i = indexes[k] as number;
        const c = this.chunks[i >>> CHUNK_BITS] as Chunk;
        const j = i & IN_CHUNK;
        const t = c.tuple[j] as number;
        if (t !== last) {
          last = t;
          const tuple = this.tuples[t] as Tuple;
          if (tuple.callsign !== null && !callsigns.includes(tuple.callsign)) {
            callsigns.push(tuple.callsign);
          }
          inputs.add(tuple.fileIndex);
        }
        const altitudeFt = c.altitudeFt.get(j);
        if (altitudeFt !== null && (maxAltitudeFt === null || altitudeFt > maxAltitudeFt)) {
          maxAltitudeFt = altitudeFt;
        }
      }
    }
    return { callsigns, maxAltitudeFt, inputs };
  }

  /**
   * The times and places of the fixes `indexes` lists, in that order, as columns (no object per
   * fix): what ordering and cleaning an aircraft's fixes ask of each, often. Written into `into`
   * when given (columns of exactly that many fixes), else into new ones.
   */
  pointColumns(
    indexes: ArrayLike<number>,
    into?: { timeMs: Float64Array; lat: Float64Array; lon: Float64Array },
  ): {
    timeMs: Float64Array;
    lat: Float64Array;
    lon: Float64Array;
  } {
    const n = indexes.length;
    if (into !== undefined && [into.timeMs, into.lat, into.lon].some((c) => c.length !== n)) {
      throw new RangeError(`pointColumns: columns for ${n} fixes expected`);
    }
    const timeMs = into?.timeMs ?? new Float64Array(n);
    const lat = into?.lat ?? new Float64Array(n);
    const lon = into?.lon ?? new Float64Array(n);
    for (let k = 0; k < n; ) {
      const chunk = (indexes[k] as number) >>> CHUNK_BITS;
      let end = k + 1;
      while (end < n && (indexes[end] as number) >>> CHUNK_BITS === chunk) end += 1;
      const c = this.chunks[chunk] as Chunk;
      c.timeMs.gather(indexes, k, end, timeMs);
      c.lat.gather(indexes, k, end, lat);
      c.lon.gather(indexes, k, end, lon);
      k = end;
    }
    return { timeMs, lat, lon };
  }

  /** The latitude and longitude of fix `i` (no object made). */
  latAt(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as Chunk).lat.get(i & IN_CHUNK) as number;
  }

  lonAt(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as Chunk).lon.get(i & IN_CHUNK) as number;
  }

  timeAt(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as Chunk).timeMs.get(i & IN_CHUNK) as number;
  }

  fileIndexAt(i: number): number {
    const c = this.chunks[i >>> CHUNK_BITS] as Chunk;
    return (this.tuples[c.tuple[i & IN_CHUNK] as number] as Tuple).fileIndex;
  }

  /** The line of fix `i` (no object made). */
  lineAt(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as Chunk).line.get(i & IN_CHUNK) as number;
  }

  /** Gives every fix the line `lineOf` makes of its own (records renumbered in place). */
  mapLines(lineOf: (line: number) => number): void {
    for (let i = 0; i < this.count; i += 1) {
      const c = this.chunks[i >>> CHUNK_BITS] as Chunk;
      const k = i & IN_CHUNK;
      c.line.set(k, lineOf(c.line.get(k) as number));
    }
  }

  /** The fixes `indexes` lists, in that order, as position objects (new ones). */
  positionsAt(indexes: ArrayLike<number>): Position[] {
    return Array.from(indexes, (i) => this.get(i));
  }

  /** Fix `i` as a position object (a new one each time). */
  get(i: number): Position {
    const c = this.chunks[i >>> CHUNK_BITS] as Chunk;
    const j = i & IN_CHUNK;
    const t = this.tuples[c.tuple[j] as number] as Tuple;
    const p: {
      -readonly [K in keyof Position]: Position[K];
    } = {
      hex: t.hex,
      callsign: t.callsign,
      timeMs: c.timeMs.get(j) as number,
      lat: c.lat.get(j) as number,
      lon: c.lon.get(j) as number,
      altitudeFt: c.altitudeFt.get(j),
      onGround: t.onGround,
      groundSpeedKt: c.groundSpeedKt.get(j),
      trackDeg: c.trackDeg.get(j),
      typeCode: t.typeCode,
      registration: t.registration,
      dbFlags: t.dbFlags,
      source: { fileIndex: t.fileIndex, line: c.line.get(j) as number },
    };
    if (t.hasSquawk) p.squawk = t.squawk as string;
    if (t.hasNewLeg) p.newLeg = t.newLeg as boolean;
    return p;
  }

  *[Symbol.iterator](): Iterator<Position> {
    for (let i = 0; i < this.count; i += 1) yield this.get(i);
  }

  toArray(): Position[] {
    const out: Position[] = new Array<Position>(this.count);
    for (let i = 0; i < this.count; i += 1) out[i] = this.get(i);
    return out;
  }

  /**
   * Gives back the room grown for fixes that never came (a store read whole keeps its size), when
   * it is more than a sixteenth of the last chunk: a store given room for what it would hold
   * (`reserve`) and holding a few fixes fewer is not copied whole again for them.
   */
  trim(): this {
    const last = this.chunks[this.chunks.length - 1] as Chunk;
    const held = this.count - (this.chunks.length - 1) * CHUNK;
    if (last.capacity - held > last.capacity / 16) last.resize(Math.max(1, held), held);
    return this;
  }

  /**
   * Room for `total` fixes in all, made now: a store that will be given many fixes at once (the
   * byte ranges of a file joined) grows once to the size they need, not by doubling, each time a
   * copy of what it holds.
   */
  reserve(total: number): this {
    const k = this.chunks.length - 1;
    const last = this.chunks[k] as Chunk;
    const wanted = Math.min(CHUNK, total - k * CHUNK);
    if (wanted > last.capacity) last.resize(wanted, this.count - k * CHUNK);
    return this;
  }

  /** Lets go of every fix (a store copied into another one need not be held twice). */
  release(): void {
    this.count = 0;
    this.chunks = [new Chunk(1)];
    this.tuples = [];
    this.tupleIndex.clear();
    this.lastTuple = -1;
    this.lastTupleOfHex.clear();
  }

  plain(): PlainFixStore {
    return {
      fixStore: 2,
      length: this.count,
      chunks: this.chunks.map((c, k) =>
        c.plain(Math.max(0, Math.min(CHUNK, this.count - k * CHUNK))),
      ),
      tuples: this.tuples,
    };
  }

  static revive(p: PlainFixStore): FixStore {
    const s = new FixStore(1);
    s.count = p.length;
    s.chunks = p.chunks.map((c) => Chunk.revive(c));
    if (s.chunks.length === 0) s.chunks = [new Chunk(1)];
    s.tuples = p.tuples;
    for (const [k, t] of p.tuples.entries()) s.tupleIndex.set(tupleKey(t), k);
    return s;
  }

  private intern(p: Position, fileIndex: number): number {
    const last = this.tuples[this.lastTuple];
    if (last !== undefined && sameTuple(last, p, fileIndex)) return this.lastTuple;
    const ofHex = this.lastTupleOfHex.get(p.hex);
    if (ofHex !== undefined && sameTuple(this.tuples[ofHex] as Tuple, p, fileIndex)) {
      this.lastTuple = ofHex;
      return ofHex;
    }
    return this.internTuple(tupleOf(p, fileIndex));
  }

  private internTuple(t: Tuple): number {
    const key = tupleKey(t);
    let k = this.tupleIndex.get(key);
    if (k === undefined) {
      k = this.tuples.length;
      this.tuples.push(t);
      this.tupleIndex.set(key, k);
    }
    this.lastTuple = k;
    this.lastTupleOfHex.set(t.hex, k);
    return k;
  }

  /**
   * The chunk fix `i` (the next one) goes into, with room made for it: for `coming` fixes from it
   * on, as many as the chunk can hold, grown when they do not fit (doubled, or more where that is
   * not enough; four times for a run of fixes, which comes from a kernel's columns or another store:
   * each growth is fresh memory and a copy, and a day's store grew ten times on its way to a chunk).
   */
  private room(i: number, coming = 1): Chunk {
    const k = i >>> CHUNK_BITS;
    let c = this.chunks[k];
    if (c === undefined) {
      // The store is big already: a new chunk is made whole.
      c = new Chunk(CHUNK);
      this.chunks.push(c);
      return c;
    }
    const j = i & IN_CHUNK;
    // What goes past the chunk's end goes into the next: a chunk of full size is never copied.
    const needed = Math.min(CHUNK, j + coming);
    if (needed > c.capacity) {
      c.resize(Math.min(CHUNK, Math.max(1, (coming > 1 ? 4 : 2) * c.capacity, needed)), j);
    }
    return c;
  }
}
