/**
 * The used rows of watched aircraft that the fast path reads from their bytes, taken into an
 * input's accounting and store from their values, with no position object made: what the input's
 * sink (collect.ts) does with a position that carries no evidence of identity, outside every
 * coverage box. A reading thread's ~10,000 such rows on a military-heavy hour cost it some 40 ms
 * of code V8 must warm up and optimise (the position, the sink's checks, the keep rules, the
 * store's push), against a few here.
 */
import type { FixColumns, FixStore } from './fix-store.js';
import { implausibleFix } from './plausible.js';
import { NO_ROW_EVIDENCE, type RowEvidence } from '../aircraft/identify.js';
import type { Position } from './types.js';
import type { FixCoverageTarget } from '../coverage/coverage.js';

/**
 * How an archive's reader takes the rows of the readsb traces it reads without making a position
 * of each (src/ingest/archive/trace-kernel.ts): through an input's FixRows, the rows of one trace
 * one aircraft, whose keep and candidate answers are asked once (every row of a trace carries the
 * same evidence), and its plausible fixes given to the coverage collectors by values (those of
 * each hour's first and last report in each box, and the box they span), where the sink hands
 * every position to `onPosition`.
 */
export interface TraceTaking {
  readonly fixes: FixRows;
  readonly keep: (p: Position) => boolean;
  readonly candidate: (p: Position) => boolean;
  readonly coverage: readonly FixCoverageTarget[];
}

/** Aircraft seen (with a hex) in an input: the row evidence they carried, and their positions. */
export interface AircraftEvidence {
  typeCode: string | null;
  registration: string | null;
  dbFlags: number | null;
  positions: number;
}

/** What a taken row adds to in its input's accounting (collect.ts's InputSummary). */
export interface FixRowCounts {
  rows: number;
  used: number;
  readonly usedAs: Record<string, number>;
  fromMs: number | null;
  toMs: number | null;
  readonly hexes: { add(hex: string): unknown };
}

/** A used row counted as `what` (`position`, `sighting`, what it carried), at `timeMs` if any. */
export function countUsed(counts: FixRowCounts, what: string, timeMs: number | null): void {
  counts.used += 1;
  counts.usedAs[what] = (counts.usedAs[what] ?? 0) + 1;
  if (timeMs === null) return;
  if (counts.fromMs === null || timeMs < counts.fromMs) counts.fromMs = timeMs;
  if (counts.toMs === null || timeMs > counts.toMs) counts.toMs = timeMs;
}

/**
 * What the rows of one aircraft in the input share: its keep answer, the evidence every row of it
 * carries (one readsb trace's rows all carry their document's), and its last tuple.
 */
export class FixAircraft {
  readonly hex: string;
  readonly kept: boolean;
  readonly carried: RowEvidence;
  /** Its entry in the input's evidence, once a row of it is taken. */
  evidence: AircraftEvidence | null = null;
  /** The store's tuple of its last fix kept, and what made it (-1: none yet). */
  tuple = -1;
  callsign: string | null = null;
  onGround = false;
  squawk: string | undefined = undefined;
  newLeg = false;

  constructor(hex: string, kept: boolean, carried: RowEvidence = NO_ROW_EVIDENCE) {
    this.hex = hex;
    this.kept = kept;
    this.carried = carried;
  }
}

/** The entry of `hex` in an input's evidence, made empty at its first position. */
export function evidenceOf(map: Map<string, AircraftEvidence>, hex: string): AircraftEvidence {
  let e = map.get(hex);
  if (e === undefined) {
    e = { typeCode: null, registration: null, dbFlags: null, positions: 0 };
    map.set(hex, e);
  }
  return e;
}

/** One input's taker of fix rows (see the module's comment). */
export class FixRows {
  private readonly summary: FixRowCounts;
  private readonly evidence: Map<string, AircraftEvidence>;
  private readonly store: FixStore;
  private readonly keepAircraft: (hex: string) => boolean;
  private readonly fileIndex: number;

  /**
   * `keepAircraft` answers, for every position of an aircraft that carries no evidence, what the
   * input's keep rule answers (asked once per aircraft).
   */
  constructor(
    summary: FixRowCounts,
    evidence: Map<string, AircraftEvidence>,
    store: FixStore,
    keepAircraft: (hex: string) => boolean,
    fileIndex: number,
  ) {
    this.summary = summary;
    this.evidence = evidence;
    this.store = store;
    this.keepAircraft = keepAircraft;
    this.fileIndex = fileIndex;
  }

  /** The part of an aircraft whose rows are to come (asked once per aircraft and input). */
  aircraft(hex: string): FixAircraft {
    return new FixAircraft(hex, this.keepAircraft(hex));
  }

  /** The aircraft of a readsb trace whose first row is `first`, kept as `kept` says. */
  traceAircraft(first: Position, kept: boolean): FixAircraft {
    return new FixAircraft(first.hex as string, kept, {
      typeCode: first.typeCode,
      registration: first.registration,
      dbFlags: first.dbFlags,
    });
  }

  /**
   * Takes the rows `from..to` of `columns`, each of the aircraft `aircraftOf` gives for its
   * address in `columns.addresses`, as `take` takes them one by one: rows the OpenSky kernel took itself,
   * each plausible and of an aircraft whose last row taken (by `take`) had the same tuple. Their
   * tuples are written into `tuples` (-1 for an aircraft not kept) on the way.
   */
  takeRun(
    columns: FixColumns & { readonly addresses: Int32Array },
    from: number,
    to: number,
    aircraftOf: (addr: number) => FixAircraft,
    tuples: Int32Array,
  ): void {
    const n = to - from;
    if (n <= 0) return;
    const times = columns.timeMs;
    const addresses = columns.addresses;
    let fromMs = Infinity;
    let toMs = -Infinity;
    let lastAddr = -1;
    let aircraft: FixAircraft | null = null;
    for (let k = from; k < to; k += 1) {
      const t = times[k] as number;
      if (t < fromMs) fromMs = t;
      if (t > toMs) toMs = t;
      const addr = addresses[k] as number;
      if (addr !== lastAddr || aircraft === null) {
        aircraft = aircraftOf(addr);
        lastAddr = addr;
      }
      (aircraft.evidence as AircraftEvidence).positions += 1;
      tuples[k] = aircraft.kept ? aircraft.tuple : -1;
    }
    this.countRun(n, fromMs, toMs);
    this.store.pushRun(columns, from, to, tuples);
  }

  /** `count` used positions from `fromMs` to `toMs`, counted as the sink counts them one by one. */
  private countRun(count: number, fromMs: number, toMs: number): void {
    const summary = this.summary;
    summary.rows += count;
    summary.used += count;
    summary.usedAs.position = (summary.usedAs.position ?? 0) + count;
    if (summary.fromMs === null || fromMs < summary.fromMs) summary.fromMs = fromMs;
    if (summary.toMs === null || toMs > summary.toMs) summary.toMs = toMs;
  }

  /**
   * The store tuple of a fix of `aircraft` with these values, or -1 when the aircraft is not kept:
   * its last one while they stay the same (a trace's callsign changes a few times a day).
   */
  tupleOf(
    aircraft: FixAircraft,
    callsign: string | null,
    onGround: boolean,
    squawk: string | undefined,
    newLeg: boolean,
  ): number {
    if (!aircraft.kept) return -1;
    if (
      aircraft.tuple < 0 ||
      callsign !== aircraft.callsign ||
      onGround !== aircraft.onGround ||
      squawk !== aircraft.squawk ||
      newLeg !== aircraft.newLeg
    ) {
      aircraft.tuple = this.store.tupleOfFix(
        aircraft.hex,
        callsign,
        onGround,
        squawk,
        this.fileIndex,
        aircraft.carried,
        newLeg,
      );
      aircraft.callsign = callsign;
      aircraft.onGround = onGround;
      aircraft.squawk = squawk;
      aircraft.newLeg = newLeg;
    }
    return aircraft.tuple;
  }

  /**
   * Takes `count` used rows of `aircraft` (one readsb trace's plausible fixes, from `fromMs` to
   * `toMs`) as the sink takes their positions one by one: counted, the aircraft's evidence noted,
   * and those whose entry in `tuples` is not -1 kept, from `columns[0..n)`.
   */
  takeTraceRun(
    aircraft: FixAircraft,
    columns: FixColumns,
    n: number,
    tuples: Int32Array,
    count: number,
    fromMs: number,
    toMs: number,
  ): void {
    if (count === 0) return;
    this.countRun(count, fromMs, toMs);
    this.evidenceOf(aircraft).positions += count;
    if (aircraft.kept) this.store.pushRun(columns, 0, n, tuples);
  }

  /** The input's evidence entry of `aircraft`, noted at its first row taken (as the sink does). */
  private evidenceOf(aircraft: FixAircraft): AircraftEvidence {
    let evidence = aircraft.evidence;
    if (evidence === null) {
      // What every row of it carries is noted once: the notes of the rows after it change nothing.
      this.summary.hexes.add(aircraft.hex);
      evidence = aircraft.evidence = evidenceOf(this.evidence, aircraft.hex);
      const c = aircraft.carried;
      evidence.typeCode ??= c.typeCode;
      evidence.registration ??= c.registration;
      if (c.dbFlags !== null) evidence.dbFlags = (evidence.dbFlags ?? 0) | c.dbFlags;
    }
    return evidence;
  }

  /**
   * Takes a used row of `aircraft` at `line` as the sink takes its position: counted, its
   * aircraft's evidence noted, its fix kept when the rule keeps the aircraft. False, with nothing
   * done, for a row the sink would skip as implausible: its position must go to the sink. The
   * row's values come one by one (numbers, then what its tuple is made of): this runs for every
   * watched row of a fast read, and fills no object.
   */
  take(
    aircraft: FixAircraft,
    timeMs: number,
    lat: number,
    lon: number,
    altitudeFt: number | null,
    groundSpeedKt: number | null,
    trackDeg: number | null,
    onGround: boolean,
    callsign: string | null,
    squawk: string | undefined,
    line: number,
  ): boolean {
    if (implausibleFix(timeMs, altitudeFt) !== null) return false;
    const summary = this.summary;
    summary.rows += 1;
    countUsed(summary, 'position', timeMs);
    const evidence = this.evidenceOf(aircraft);
    evidence.positions += 1;
    if (!aircraft.kept) return true;
    this.tupleOf(aircraft, callsign, onGround, squawk, false);
    this.store.pushValues(
      aircraft.tuple,
      timeMs,
      lat,
      lon,
      altitudeFt,
      groundSpeedKt,
      trackDeg,
      line,
    );
    return true;
  }
}
