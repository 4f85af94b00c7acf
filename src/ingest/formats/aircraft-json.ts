import { checkLatLon, cleanCallsign } from '../parse-values.js';
import { positionTimeMs } from '../position-time.js';
import { epochToMs } from '../time-text.js';
import { skip, type Position, type RowResult } from '../types.js';
import { parseAddress, parseSquawk, parseTypeCode } from './field-values.js';
import type { JsonFormat, ReadContext } from './format.js';

type Entry = Record<string, unknown>;

/**
 * A position older than this at snapshot time is not used: readsb keeps `lastPosition` for hours
 * (ADS-B Exchange's global snapshot has some 12 days old), while ADS-C reports over oceans, the
 * slowest real source, come every 10 to 40 minutes.
 */
const MAX_POSITION_AGE_S = 3600;

interface Snapshot {
  readonly nowMs: number;
  readonly aircraft: readonly unknown[];
  readonly dialect: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** Old dump1090-fa entries say `altitude`/`speed` where readsb says `alt_baro`/`gs`. */
function isOldDump1090(list: readonly unknown[]): boolean {
  return list.some(
    (a) =>
      typeof a === 'object' &&
      a !== null &&
      ('altitude' in a || 'speed' in a) &&
      !('alt_baro' in a || 'gs' in a),
  );
}

function snapshotOf(doc: unknown): Snapshot | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const d = doc as Entry;
  const now = num(d.now);
  if (now === null) return null;
  // readsb and dump1090 write `now` in seconds; the v2 APIs (ADS-B Exchange, adsb.lol, adsb.fi) in ms.
  const nowMs = epochToMs(now, 'auto');
  if (nowMs === null) return null;
  if (Array.isArray(d.aircraft)) {
    const dialect = isOldDump1090(d.aircraft)
      ? 'dump1090-fa aircraft.json (now, aircraft[], altitude/speed)'
      : 'readsb aircraft.json (now, aircraft[])';
    return { nowMs, aircraft: d.aircraft, dialect };
  }
  if (Array.isArray(d.ac)) {
    return { nowMs, aircraft: d.ac, dialect: 'API v2 snapshot (now in ms, ac[])' };
  }
  return null;
}

/**
 * Live snapshots: readsb / tar1090 `aircraft.json`, old dump1090-fa field names, and the v2 APIs of
 * ADS-B Exchange, adsb.lol, adsb.fi and airplanes.live. Each aircraft entry is one record; its
 * position is dated `now - seen_pos`, and readsb's `lastPosition` (a position older than a minute)
 * is used when there is no current one. A folder of snapshots becomes tracks like any other input.
 */
export const aircraftJson: JsonFormat = {
  kind: 'json',
  name: 'aircraft-json',
  description: 'readsb / dump1090 aircraft.json snapshot, or a v2 API response',
  identifyDocument(doc) {
    const snapshot = snapshotOf(doc);
    return snapshot === null ? null : `content: ${snapshot.dialect}`;
  },
  *readDocument(doc: unknown, ctx: ReadContext): Iterable<RowResult> {
    const snapshot = snapshotOf(doc);
    if (snapshot === null) return;
    let record = 0;
    for (const entry of snapshot.aircraft) {
      record += 1;
      if (typeof entry !== 'object' || entry === null) {
        yield skip('malformed aircraft entry');
        continue;
      }
      yield readEntry(entry as Entry, snapshot.nowMs, ctx.fileIndex, record);
    }
  },
};

function readEntry(a: Entry, nowMs: number, fileIndex: number, record: number): RowResult {
  const address = parseAddress(typeof a.hex === 'string' ? a.hex : null);
  if (typeof address !== 'string') return address;
  let lat = num(a.lat);
  let lon = num(a.lon);
  let seenPos = num(a.seen_pos);
  const last = a.lastPosition;
  if ((lat === null || lon === null) && typeof last === 'object' && last !== null) {
    const l = last as Entry;
    lat = num(l.lat);
    lon = num(l.lon);
    seenPos = num(l.seen_pos);
  }
  if (lat === null || lon === null) return skip('no position');
  if (seenPos !== null && seenPos > MAX_POSITION_AGE_S)
    return skip('stale position (seen_pos > 1 h)');
  const ll = checkLatLon(lat, lon);
  if (ll === null) return skip('bad position');
  const rawAlt = a.alt_baro ?? a.altitude ?? null;
  const onGround = rawAlt === 'ground';
  const dbFlags = num(a.dbFlags);
  const squawk = parseSquawk(str(a.squawk));
  const position: Position = {
    hex: address,
    callsign: cleanCallsign(str(a.flight)),
    // Without seen_pos the position is as old as the snapshot says the aircraft is (seen), or current.
    timeMs: positionTimeMs(nowMs, seenPos ?? num(a.seen)),
    lat: ll.lat,
    lon: ll.lon,
    altitudeFt: onGround ? 0 : num(rawAlt),
    onGround,
    groundSpeedKt: num(a.gs) ?? num(a.speed),
    trackDeg: num(a.track),
    // `type` in these files is the message source (adsb_icao, mlat); the ICAO type is `t`.
    typeCode: parseTypeCode(str(a.t)),
    registration: str(a.r),
    dbFlags,
    source: { fileIndex, line: record },
  };
  return squawk === null ? position : { ...position, squawk };
}
