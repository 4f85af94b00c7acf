import { checkLatLon, cleanCallsign } from '../parse-values.js';
import { skip, type Position, type RowResult } from '../types.js';
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
const NEW_LEG_FLAG = 2;

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
  const address = parseAddress(doc.icao);
  const registration = str(doc.r);
  const typeCode = str(doc.t)?.toUpperCase() ?? null;
  const dbFlags = num(doc.dbFlags);
  const { fileIndex } = ctx;
  let callsign: string | null = null;
  let squawk: string | null = null;
  // A trace repeats its callsign text in every 4th point: cleaned once per text met.
  let lastFlight: unknown = undefined;
  let lastCleaned: string | null = null;
  let line = lineOffset;
  for (const point of doc.trace) {
    line += 1;
    if (!Array.isArray(point)) {
      emit(skip('malformed trace point'), line);
      continue;
    }
    const flags = num(point[6]) ?? 0;
    const newLeg = (flags & NEW_LEG_FLAG) !== 0;
    const details: unknown = point[8];
    if (typeof details === 'object' && details !== null) {
      const d = details as Record<string, unknown>;
      if (d.flight !== lastFlight) {
        lastFlight = d.flight;
        lastCleaned = cleanCallsign(str(d.flight));
      }
      if (lastCleaned !== null) callsign = lastCleaned;
      const code = parseSquawk(str(d.squawk));
      if (code !== null) squawk = code;
    }
    if (typeof address !== 'string') {
      emit(address, line);
      continue;
    }
    const dt = num(point[0]);
    if (dt === null) {
      emit(skip('bad time'), line);
      continue;
    }
    const ll = checkLatLon(num(point[1]), num(point[2]));
    if (ll === null) {
      emit(skip('bad position'), line);
      continue;
    }
    const rawAlt: unknown = point[3];
    const onGround = rawAlt === 'ground';
    const position: { -readonly [K in keyof Position]: Position[K] } = {
      hex: address,
      callsign,
      timeMs: Math.round((doc.timestamp + dt) * 1000),
      lat: ll.lat,
      lon: ll.lon,
      altitudeFt: onGround ? 0 : num(rawAlt),
      onGround,
      groundSpeedKt: num(point[4]),
      trackDeg: num(point[5]),
      typeCode,
      registration,
      dbFlags,
      source: { fileIndex, line },
    };
    // Set after, in this order, as the readers always gave them: the keys a row has are its data.
    if (squawk !== null) position.squawk = squawk;
    if (newLeg) position.newLeg = true;
    emit(position, line);
  }
  return line - lineOffset;
}
