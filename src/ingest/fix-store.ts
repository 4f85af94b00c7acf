import type { Position } from './types.js';

/**
 * Kept fixes in columns of typed arrays, about 36 bytes a fix where a Position object and its
 * source cost some 280: a year of surveillance traffic (10–30 million fixes) stays in memory until
 * its tracks are built. Every value comes back exactly as it went in (see NumberColumn); what
 * changes rarely along a trace (address, callsign, type, flags, file, on-ground) is one index into
 * a table of such tuples. Position objects are made again only when asked for (`get`), aircraft
 * by aircraft when tracks are built.
 */

/** Int32 null in a scaled column (no scaled value reaches it). */
const NULL_INT = -0x80000000;
const INT_LIMIT = 0x7fffffff;

/**
 * A column of numbers (or nulls): integers of the value times `scale` in an Int32Array while every
 * value round-trips exactly that way (latitudes with up to 7 decimals at scale 1e7, say), else, from
 * the first value that does not, doubles (null as NaN; a NaN value itself is remembered aside).
 */
class NumberColumn {
  private ints: Int32Array | null;
  private doubles: Float64Array | null = null;
  private nans: Set<number> | null = null;
  private readonly scale: number;

  constructor(scale: number, capacity: number) {
    this.scale = scale;
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
      const n = Math.round(value * this.scale);
      if (n / this.scale === value && n <= INT_LIMIT && n >= -INT_LIMIT && !Object.is(value, -0)) {
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

  get(i: number): number | null {
    const ints = this.ints;
    if (ints !== null) {
      const n = ints[i] as number;
      return n === NULL_INT ? null : n / this.scale;
    }
    const x = (this.doubles as Float64Array)[i] as number;
    return Number.isNaN(x) && !(this.nans?.has(i) ?? false) ? null : x;
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

  private toDoubles(): void {
    const ints = this.ints as Int32Array;
    const doubles = new Float64Array(ints.length);
    for (let i = 0; i < ints.length; i += 1) {
      const n = ints[i] as number;
      doubles[i] = n === NULL_INT ? Number.NaN : n / this.scale;
    }
    this.ints = null;
    this.doubles = doubles;
  }

  /** Structured-clone form (worker threads send stores back). */
  plain(length: number): PlainColumn {
    return {
      scale: this.scale,
      ints: this.ints?.slice(0, length) ?? null,
      doubles: this.doubles?.slice(0, length) ?? null,
      nans: this.nans === null ? null : [...this.nans],
    };
  }

  static revive(p: PlainColumn): NumberColumn {
    const c = new NumberColumn(p.scale, 0);
    c.ints = p.ints;
    c.doubles = p.doubles;
    c.nans = p.nans === null ? null : new Set(p.nans);
    return c;
  }
}

interface PlainColumn {
  readonly scale: number;
  readonly ints: Int32Array | null;
  readonly doubles: Float64Array | null;
  readonly nans: number[] | null;
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

/** The store in a form worker threads can post (typed arrays and plain objects). */
export interface PlainFixStore {
  readonly fixStore: 1;
  readonly length: number;
  readonly timeMs: Float64Array;
  readonly line: PlainColumn;
  readonly lat: PlainColumn;
  readonly lon: PlainColumn;
  readonly altitudeFt: PlainColumn;
  readonly groundSpeedKt: PlainColumn;
  readonly trackDeg: PlainColumn;
  readonly tuple: Int32Array;
  readonly tuples: Tuple[];
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

export class FixStore implements Iterable<Position> {
  private count = 0;
  private capacity: number;
  private timeMs: Float64Array;
  private line: NumberColumn;
  private lat: NumberColumn;
  private lon: NumberColumn;
  private altitudeFt: NumberColumn;
  private groundSpeedKt: NumberColumn;
  private trackDeg: NumberColumn;
  private tuple: Int32Array;
  private tuples: Tuple[] = [];
  private readonly tupleIndex = new Map<string, number>();
  private lastTuple = -1;

  constructor(capacity = INITIAL_CAPACITY) {
    this.capacity = Math.max(1, capacity);
    this.timeMs = new Float64Array(this.capacity);
    this.line = new NumberColumn(1, this.capacity);
    this.lat = new NumberColumn(1e7, this.capacity);
    this.lon = new NumberColumn(1e7, this.capacity);
    this.altitudeFt = new NumberColumn(100, this.capacity);
    this.groundSpeedKt = new NumberColumn(100, this.capacity);
    this.trackDeg = new NumberColumn(100, this.capacity);
    this.tuple = new Int32Array(this.capacity);
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
    const columns = [this.line, this.lat, this.lon, this.altitudeFt, this.groundSpeedKt];
    return (
      this.timeMs.byteLength +
      this.tuple.byteLength +
      this.trackDeg.bytes +
      columns.reduce((n, c) => n + c.bytes, 0) +
      this.tuples.length * 200
    );
  }

  push(p: Position): void {
    this.pushAs(p, p.source.fileIndex, p.source.line);
  }

  /** Adds a position read as another input, or at another line (byte ranges count from their start). */
  pushAs(p: Position, fileIndex: number, line: number): void {
    const i = this.count;
    if (i === this.capacity) this.grow(2 * this.capacity);
    this.timeMs[i] = p.timeMs;
    this.line.set(i, line);
    this.lat.set(i, p.lat);
    this.lon.set(i, p.lon);
    this.altitudeFt.set(i, p.altitudeFt);
    this.groundSpeedKt.set(i, p.groundSpeedKt);
    this.trackDeg.set(i, p.trackDeg);
    this.tuple[i] = this.intern(p, fileIndex);
    this.count = i + 1;
  }

  /** Appends another store's fixes, as input `fileIndex` with lines shifted, those `keep` selects. */
  append(
    other: FixStore,
    relocate: { fileIndex: number; lineOffset: number } | null = null,
    keep: ((i: number) => boolean) | null = null,
  ): void {
    // Column to column, no object made: a year's store may be copied whole.
    const tupleHere = new Int32Array(other.tuples.length).fill(-1);
    const lineOffset = relocate?.lineOffset ?? 0;
    for (let i = 0; i < other.count; i += 1) {
      if (keep !== null && !keep(i)) continue;
      const j = this.count;
      if (j === this.capacity) this.grow(2 * this.capacity);
      this.timeMs[j] = other.timeMs[i] as number;
      this.line.set(j, (other.line.get(i) as number) + lineOffset);
      this.lat.set(j, other.lat.get(i));
      this.lon.set(j, other.lon.get(i));
      this.altitudeFt.set(j, other.altitudeFt.get(i));
      this.groundSpeedKt.set(j, other.groundSpeedKt.get(i));
      this.trackDeg.set(j, other.trackDeg.get(i));
      const from = other.tuple[i] as number;
      let t = tupleHere[from] as number;
      if (t < 0) {
        const tuple = other.tuples[from] as Tuple;
        t = this.internTuple(
          relocate === null ? tuple : { ...tuple, fileIndex: relocate.fileIndex },
        );
        tupleHere[from] = t;
      }
      this.tuple[j] = t;
      this.count = j + 1;
    }
  }

  /** The address of fix `i` (no object made). */
  hexAt(i: number): string | null {
    return (this.tuples[this.tuple[i] as number] as Tuple).hex;
  }

  /** Where and when fix `i` was (no position made). */
  pointAt(i: number): { timeMs: number; lat: number; lon: number } {
    return {
      timeMs: this.timeMs[i] as number,
      lat: this.lat.get(i) as number,
      lon: this.lon.get(i) as number,
    };
  }

  timeAt(i: number): number {
    return this.timeMs[i] as number;
  }

  fileIndexAt(i: number): number {
    return (this.tuples[this.tuple[i] as number] as Tuple).fileIndex;
  }

  /** The line of fix `i` (no object made). */
  lineAt(i: number): number {
    return this.line.get(i) as number;
  }

  /** Fix `i` as a position object (a new one each time). */
  get(i: number): Position {
    const t = this.tuples[this.tuple[i] as number] as Tuple;
    const p: {
      -readonly [K in keyof Position]: Position[K];
    } = {
      hex: t.hex,
      callsign: t.callsign,
      timeMs: this.timeMs[i] as number,
      lat: this.lat.get(i) as number,
      lon: this.lon.get(i) as number,
      altitudeFt: this.altitudeFt.get(i),
      onGround: t.onGround,
      groundSpeedKt: this.groundSpeedKt.get(i),
      trackDeg: this.trackDeg.get(i),
      typeCode: t.typeCode,
      registration: t.registration,
      dbFlags: t.dbFlags,
      source: { fileIndex: t.fileIndex, line: this.line.get(i) as number },
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

  /** Gives back the room grown for fixes that never came (a store read whole keeps its size). */
  trim(): this {
    if (this.capacity > this.count) this.grow(Math.max(1, this.count));
    return this;
  }

  /** Lets go of every fix (a store copied into another one need not be held twice). */
  release(): void {
    this.count = 0;
    this.grow(1);
    this.tuples = [];
    this.tupleIndex.clear();
    this.lastTuple = -1;
  }

  plain(): PlainFixStore {
    const n = this.count;
    return {
      fixStore: 1,
      length: n,
      timeMs: this.timeMs.slice(0, n),
      line: this.line.plain(n),
      lat: this.lat.plain(n),
      lon: this.lon.plain(n),
      altitudeFt: this.altitudeFt.plain(n),
      groundSpeedKt: this.groundSpeedKt.plain(n),
      trackDeg: this.trackDeg.plain(n),
      tuple: this.tuple.slice(0, n),
      tuples: this.tuples,
    };
  }

  static revive(p: PlainFixStore): FixStore {
    const s = new FixStore(1);
    s.count = p.length;
    s.capacity = p.length;
    s.timeMs = p.timeMs;
    s.line = NumberColumn.revive(p.line);
    s.lat = NumberColumn.revive(p.lat);
    s.lon = NumberColumn.revive(p.lon);
    s.altitudeFt = NumberColumn.revive(p.altitudeFt);
    s.groundSpeedKt = NumberColumn.revive(p.groundSpeedKt);
    s.trackDeg = NumberColumn.revive(p.trackDeg);
    s.tuple = p.tuple;
    s.tuples = p.tuples;
    for (const [k, t] of p.tuples.entries()) s.tupleIndex.set(tupleKey(t), k);
    return s;
  }

  private intern(p: Position, fileIndex: number): number {
    const last = this.tuples[this.lastTuple];
    if (last !== undefined && sameTuple(last, p, fileIndex)) return this.lastTuple;
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
    return k;
  }

  private grow(capacity: number): void {
    const n = this.count;
    const time = new Float64Array(capacity);
    time.set(this.timeMs.subarray(0, n));
    this.timeMs = time;
    const tuple = new Int32Array(capacity);
    tuple.set(this.tuple.subarray(0, n));
    this.tuple = tuple;
    for (const c of [
      this.line,
      this.lat,
      this.lon,
      this.altitudeFt,
      this.groundSpeedKt,
      this.trackDeg,
    ]) {
      c.resize(capacity, n);
    }
    this.capacity = capacity;
  }
}
