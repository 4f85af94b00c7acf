import { checkLatLon, cleanCallsign, parseHex } from '../parse-values.js';
import { skip, type RowResult } from '../types.js';
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

/**
 * readsb / tar1090 / ADS-B Exchange / adsb.lol globe_history `trace_full_<hex>.json` and `trace_recent`.
 * Each point: [dt, lat, lon, alt|"ground"|null, gs, track, flags, vrate, details|null, ...].
 * The callsign lives only in the sparse details objects, so it is carried forward.
 */
export const readsbTrace: JsonFormat = {
  kind: 'json',
  name: 'readsb-trace',
  description: 'readsb / tar1090 trace_full JSON',
  matchesDocument: isTraceDocument,
  *readDocument(doc: unknown, ctx: ReadContext): Iterable<RowResult> {
    if (!isTraceDocument(doc)) return;
    const hex = parseHex(doc.icao);
    const registration = str(doc.r);
    const typeCode = str(doc.t)?.toUpperCase() ?? null;
    const dbFlags = num(doc.dbFlags);
    let callsign: string | null = null;
    let record = 0;
    for (const point of doc.trace) {
      record += 1;
      if (!Array.isArray(point)) {
        yield skip('malformed trace point');
        continue;
      }
      const details: unknown = point[8];
      if (typeof details === 'object' && details !== null) {
        const flight = cleanCallsign(str((details as Record<string, unknown>).flight));
        if (flight !== null) callsign = flight;
      }
      if (hex === null) {
        yield skip('bad icao');
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
      yield {
        hex,
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
    }
  },
};
