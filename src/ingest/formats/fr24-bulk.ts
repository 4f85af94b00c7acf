import type { Fr24FlightRecord } from '../companions.js';
import { checkLatLon, cleanCallsign, epochSecondsToMs, parseNumber } from '../parse-values.js';
import { carried, skip, type Position } from '../types.js';
import { parseTypeCode } from './field-values.js';
import { columnIndex, hasColumns, type CsvFormat } from './format.js';

const FLIGHTS_COLUMNS = ['flight_id', 'aircraft_id', 'reg', 'equip', 'callsign'] as const;
const POSITIONS_COLUMNS = [
  'snapshot_id',
  'altitude',
  'heading',
  'latitude',
  'longitude',
  'speed',
  'squawk',
] as const;

const MAX_ADDRESS = 0xffffff;

/**
 * The feed's `aircraft_id` is the 24-bit ICAO address written in decimal: in the EUROCONTROL sample
 * every one falls in its registration's national block (OK-YBA 4838141 = 0x49D2FD, Czech Republic).
 */
export function addressFromDecimal(text: string | undefined): string | null {
  const n = parseNumber(text);
  if (n === null || !Number.isInteger(n) || n <= 0 || n > MAX_ADDRESS) return null;
  return n.toString(16).padStart(6, '0');
}

/**
 * The feed writes the squawk as the four-digit code read as hexadecimal, in decimal: 4096 is
 * "1000", 28672 "7000". Codes with digits 8 or 9 (or hex letters) cannot be a squawk.
 */
export function squawkFromDecimal(text: string | undefined): string | null {
  const n = parseNumber(text);
  if (n === null || !Number.isInteger(n) || n <= 0 || n > 0x7777) return null;
  const code = n.toString(16).padStart(4, '0');
  return /^[0-7]{4}$/.test(code) ? code : null;
}

/** `YYYYMMDD_<flight_id>.csv`: the flight id the positions file belongs to. */
export function flightIdFromName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = /(?:^|_)(\d+)\.csv(?:\.gz)?$/i.exec(base);
  return m?.[1] ?? null;
}

/**
 * FlightRadar24 bulk feed `YYYYMMDD_flights.csv`: one flight per row, the identity (address,
 * registration, type, callsign) its `YYYYMMDD_positions/YYYYMMDD_<flight_id>.csv` files lack.
 */
export const fr24BulkFlights: CsvFormat = {
  kind: 'csv',
  name: 'fr24-bulk-flights',
  description: 'FlightRadar24 bulk feed flights file',
  identifyHeader(header) {
    return hasColumns(header, FLIGHTS_COLUMNS) ? `header: ${FLIGHTS_COLUMNS.join(', ')}` : null;
  },
  rowParser(header, ctx) {
    const c = columnIndex('fr24-bulk-flights', header, FLIGHTS_COLUMNS);
    const width = header.length;
    return (f) => {
      if (f.length !== width) return skip('wrong number of fields');
      const id = f[c.flight_id]?.trim() ?? '';
      if (!/^\d+$/.test(id)) return skip('bad flight id');
      const record: Fr24FlightRecord = {
        hex: addressFromDecimal(f[c.aircraft_id]),
        registration: cleanCallsign(f[c.reg]),
        typeCode: parseTypeCode(f[c.equip]),
        callsign: cleanCallsign(f[c.callsign]),
      };
      ctx.companions.fr24Flights.set(id, record);
      return carried(record.hex === null ? 'flight record (no address)' : 'flight record');
    };
  },
};

/**
 * FlightRadar24 bulk feed positions file, one flight per file. Identity comes from the flights file
 * (joined by the flight id in the file name): at once when it was read first (the usual order in a
 * folder), else when every input has been read.
 */
export const fr24BulkPositions: CsvFormat = {
  kind: 'csv',
  name: 'fr24-bulk-positions',
  description: 'FlightRadar24 bulk feed positions file',
  identifyHeader(header) {
    return hasColumns(header, POSITIONS_COLUMNS) ? `header: ${POSITIONS_COLUMNS.join(', ')}` : null;
  },
  rowParser(header, ctx) {
    const c = columnIndex('fr24-bulk-positions', header, POSITIONS_COLUMNS);
    const width = header.length;
    const flightId = flightIdFromName(ctx.fileName);
    if (flightId === null) {
      ctx.note(
        'no flight id in the file name (YYYYMMDD_<flight_id>.csv): positions carry no address',
      );
    } else {
      ctx.companions.fr24FlightOfInput.set(ctx.fileIndex, flightId);
    }
    return (f, line) => {
      if (f.length !== width) return skip('wrong number of fields');
      const timeMs = epochSecondsToMs(parseNumber(f[c.snapshot_id]));
      if (timeMs === null) return skip('bad time');
      const ll = checkLatLon(parseNumber(f[c.latitude]), parseNumber(f[c.longitude]));
      if (ll === null) return skip('bad position');
      // Looked up per row: a flights file read later still names these positions (see ingest).
      const flight = flightId === null ? undefined : ctx.companions.fr24Flights.get(flightId);
      const altitudeFt = parseNumber(f[c.altitude]);
      const squawk = squawkFromDecimal(f[c.squawk]);
      const position: Position = {
        hex: flight?.hex ?? null,
        callsign: flight?.callsign ?? null,
        timeMs,
        lat: ll.lat,
        lon: ll.lon,
        altitudeFt,
        // Like the per-flight export, the feed has no ground flag and writes 0 ft on the surface.
        onGround: altitudeFt === 0,
        groundSpeedKt: parseNumber(f[c.speed]),
        trackDeg: parseNumber(f[c.heading]),
        typeCode: flight?.typeCode ?? null,
        registration: flight?.registration ?? null,
        dbFlags: null,
        source: { fileIndex: ctx.fileIndex, line },
      };
      return squawk === null ? position : { ...position, squawk };
    };
  },
};
