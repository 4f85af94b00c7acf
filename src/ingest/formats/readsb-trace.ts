import { checkLatLon, cleanCallsign } from '../parse-values.js';
import { skip, type Position, type RowResult, type Skip } from '../types.js';
import { parseAddress, parseSquawk } from './field-values.js';
import type { JsonFormat, ReadContext } from './format.js';

interface TraceDocument {
  readonly icao: string;
  readonly timestamp: number;
  readonly trace: readonly unknown[];
  readonly r?: unknown;
  readonly t?: unknown;
  readonly dbFlags?: unknown;
}

function isTraceDocument(doc: unknown): doc is TraceDocument {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Record<string, unknown>;
  return typeof d.icao === 'string' && typeof d.timestamp === 'number' && Array.isArray(d.trace);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** Trace point flag: readsb starts a new leg here (it saw a landing or a long gap). */
export const NEW_LEG_FLAG = 2;

/**
 * readsb / tar1090 / ADS-B Exchange / adsb.lol globe_history `trace_full_<hex>.json` and `trace_recent`.
 * Each point: [dt, lat, lon, alt|"ground"|null, gs, track, flags, vrate, details|null, ...].
 * The callsign (and squawk) live only in the sparse details objects, so they are carried forward
 * (across a new leg too: the callsign of the next flight is often set while still on the ground);
 * the new-leg flag is kept on the position.
 */
export const readsbTrace: JsonFormat = {
  kind: 'json',
  name: 'readsb-trace',
  description: 'readsb / tar1090 trace_full JSON',
  identifyDocument(doc) {
    return isTraceDocument(doc) ? 'content: readsb trace object (icao, timestamp, trace[])' : null;
  },
  *readDocument(doc: unknown, ctx: ReadContext): Iterable<RowResult> {
    if (!isTraceDocument(doc)) return;
    const rows: RowResult[] = [];
    readTraceRows(doc, ctx, 0, (row) => rows.push(row));
    yield* rows;
  },
};

/**
 * What the rows of one trace share (its aircraft, its day, its input) and carry forward from point
 * to point (the callsign and squawk of the last details object): the rows of a trace document
 * read by JSON.parse here, and of one read by the trace kernel (archive/trace-kernel.ts), are made
 * by the same code.
 */
export class TraceRowMaker {
  private readonly address: string | Skip;
  private readonly registration: string | null;
  private readonly typeCode: string | null;
  private readonly dbFlags: number | null;
  private readonly timestampS: number;
  private readonly fileIndex: number;
  /** The callsign and squawk the points so far carried forward. */
  callsign: string | null = null;
  squawk: string | null = null;
  // A trace repeats its callsign text in every 4th point: cleaned once per text met.
  private lastFlight: unknown = undefined;
  private lastCleaned: string | null = null;

  /** From the document's `icao`, `r`, `t`, `dbFlags` and `timestamp` (seconds) as JSON.parse gives them. */
  constructor(
    icao: string,
    r: unknown,
    t: unknown,
    dbFlags: unknown,
    timestampS: number,
    fileIndex: number,
  ) {
    this.address = parseAddress(icao);
    this.registration = str(r);
    this.typeCode = str(t)?.toUpperCase() ?? null;
    this.dbFlags = num(dbFlags);
    this.timestampS = timestampS;
    this.fileIndex = fileIndex;
  }

  /** The trace's address, or null when it has none (its rows are then skipped). */
  get hex(): string | null {
    return typeof this.address === 'string' ? this.address : null;
  }

  /** A point's details object: its `flight` and `squawk` values, carried forward. */
  details(flight: unknown, squawk: unknown): void {
    if (flight !== this.lastFlight) {
      this.lastFlight = flight;
      this.lastCleaned = cleanCallsign(str(flight));
    }
    if (this.lastCleaned !== null) this.callsign = this.lastCleaned;
    const code = parseSquawk(str(squawk));
    if (code !== null) this.squawk = code;
  }

  /**
   * The row of an array point at record `line`, from its elements as `num` reads them (the
   * altitude null unless a number, `onGround` for "ground"), after its details were noted.
   */
  row(
    dtS: number | null,
    lat: number | null,
    lon: number | null,
    altitudeFt: number | null,
    onGround: boolean,
    groundSpeedKt: number | null,
    trackDeg: number | null,
    flags: number,
    line: number,
  ): RowResult {
    const address = this.address;
    if (typeof address !== 'string') return address;
    if (dtS === null) return skip('bad time');
    const ll = checkLatLon(lat, lon);
    if (ll === null) return skip('bad position');
    const position: { -readonly [K in keyof Position]: Position[K] } = {
      hex: address,
      callsign: this.callsign,
      timeMs: Math.round((this.timestampS + dtS) * 1000),
      lat: ll.lat,
      lon: ll.lon,
      altitudeFt: onGround ? 0 : altitudeFt,
      onGround,
      groundSpeedKt,
      trackDeg,
      typeCode: this.typeCode,
      registration: this.registration,
      dbFlags: this.dbFlags,
      source: { fileIndex: this.fileIndex, line },
    };
    // Set after, in this order, as the readers always gave them: the keys a row has are its data.
    if (this.squawk !== null) position.squawk = this.squawk;
    if ((flags & NEW_LEG_FLAG) !== 0) position.newLeg = true;
    return position;
  }
}

/** The row of a trace point that is not an array. */
export const MALFORMED_POINT: Skip = skip('malformed trace point');

/**
 * The rows of a trace document, one per point, handed to `emit` with their record number: after
 * `lineOffset` records (an archive's members are numbered one after the other), so each row is made
 * once, with its final source (an archive's day holds ~160,000 rows of the traces it reads).
 * Returns the points read; nothing for a document that is no trace.
 */
export function readTraceRows(
  doc: unknown,
  ctx: ReadContext,
  lineOffset: number,
  emit: (row: RowResult, line: number) => void,
): number {
  if (!isTraceDocument(doc)) return 0;
  const maker = new TraceRowMaker(
    doc.icao,
    doc.r,
    doc.t,
    doc.dbFlags,
    doc.timestamp,
    ctx.fileIndex,
  );
  let line = lineOffset;
  for (const point of doc.trace) {
    line += 1;
    if (!Array.isArray(point)) {
      emit(MALFORMED_POINT, line);
      continue;
    }
    const details: unknown = point[8];
    if (typeof details === 'object' && details !== null) {
      const d = details as Record<string, unknown>;
      maker.details(d.flight, d.squawk);
    }
    const rawAlt: unknown = point[3];
    const onGround = rawAlt === 'ground';
    const row = maker.row(
      num(point[0]),
      num(point[1]),
      num(point[2]),
      num(rawAlt),
      onGround,
      num(point[4]),
      num(point[5]),
      num(point[6]) ?? 0,
      line,
    );
    emit(row, line);
  }
  return line - lineOffset;
}
