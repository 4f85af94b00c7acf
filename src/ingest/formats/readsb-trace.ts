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
    const address = parseAddress(doc.icao);
    const registration = str(doc.r);
    const typeCode = str(doc.t)?.toUpperCase() ?? null;
    const dbFlags = num(doc.dbFlags);
    let callsign: string | null = null;
    let squawk: string | null = null;
    let record = 0;
    for (const point of doc.trace) {
      record += 1;
      if (!Array.isArray(point)) {
        yield skip('malformed trace point');
        continue;
      }
      const flags = num(point[6]) ?? 0;
      const newLeg = (flags & NEW_LEG_FLAG) !== 0;
      const details: unknown = point[8];
      if (typeof details === 'object' && details !== null) {
        const d = details as Record<string, unknown>;
        const flight = cleanCallsign(str(d.flight));
        if (flight !== null) callsign = flight;
        const code = parseSquawk(str(d.squawk));
        if (code !== null) squawk = code;
      }
      if (typeof address !== 'string') {
        yield address;
        continue;
      }
      const dt = num(point[0]);
      if (dt === null) {
        yield skip('bad time');
        continue;
      }
      const ll = checkLatLon(num(point[1]), num(point[2]));
      if (ll === null) {
        yield skip('bad position');
        continue;
      }
      const rawAlt: unknown = point[3];
      const onGround = rawAlt === 'ground';
      const position: Position = {
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
        source: { fileIndex: ctx.fileIndex, line: record },
      };
      yield {
        ...position,
        ...(squawk === null ? {} : { squawk }),
        ...(newLeg ? { newLeg: true } : {}),
      };
    }
  },
};
