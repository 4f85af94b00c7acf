import { checkLatLon, cleanCallsign, parseNumber } from '../parse-values.js';
import { parseDateOnly, wallClockConverter, type WallClockToUtc } from '../time-text.js';
import { skip, type Position, type RowResult } from '../types.js';
import { parseAddress, parseSquawk, parseTypeCode } from './field-values.js';
import { hasColumns, type CsvFormat, type ReadContext } from './format.js';
import { parseTimeCell, parseWktPoint } from './mapped-rows.js';

const RAW = ['time', 'lat', 'lon', 'altitude', 'ping_time', 'icao'];
const PROCESSED = ['point_time', 'lat', 'lon', 'altitude', 'icao', 'flight_leg'];

/** `'flight': 'UAL2647 '` inside the Python dict repr of a raw row's `details`. */
const DETAILS_FLIGHT_RE = /'flight':\s*'([^']*)'/;
const DETAILS_SQUAWK_RE = /'squawk':\s*'(\d{4})'/;
const toUtc = wallClockConverter('UTC');

/**
 * CSV exports of ADS-B Exchange traces (stiles/flight-tracer and tools like it), two layouts:
 * raw `time,lat,lon,altitude,...,details,...,timestamp,ping_time,icao` (`time` is seconds after the
 * trace's day `timestamp`, `ping_time` the UTC instant, `details` a Python dict repr holding the
 * callsign; rows concatenated from several traces, so unsorted) and processed
 * `point_time,...,lat,lon,icao,call_sign,leg_id,flight_leg[,geometry]` (a WKT point). Altitudes may
 * be the string `ground`. Their times are UTC (ADS-B Exchange's), whatever `--source-tz` says.
 */
export const adsbxTraceCsv: CsvFormat = {
  kind: 'csv',
  name: 'adsbx-trace-csv',
  description: 'ADS-B Exchange trace rows exported as CSV',
  identifyHeader(header) {
    if (hasColumns(header, RAW)) return `header: ${RAW.join(', ')} (raw trace rows)`;
    if (hasColumns(header, PROCESSED)) return `header: ${PROCESSED.join(', ')} (processed legs)`;
    return null;
  },
  rowParser(header, ctx) {
    return hasColumns(header, RAW) ? rawParser(header, ctx) : processedParser(header, ctx);
  },
};

function indexer(header: readonly string[]): (name: string) => number | undefined {
  const lower = header.map((h) => h.trim().toLowerCase());
  return (name) => {
    const i = lower.indexOf(name);
    return i < 0 ? undefined : i;
  };
}

interface Cells {
  readonly hex: string | undefined;
  readonly timeMs: number | null;
  readonly ll: { lat: number; lon: number } | null;
  readonly altitude: string | undefined;
  readonly speed: string | undefined;
  readonly track: string | undefined;
  readonly callsign: string | null;
  readonly squawk: string | null;
  readonly typeCode: string | null;
  readonly registration: string | null;
}

function toRow(cells: Cells, fileIndex: number, line: number): RowResult {
  const address = parseAddress(cells.hex);
  if (typeof address !== 'string') return address;
  if (cells.timeMs === null) return skip('bad time');
  if (cells.ll === null) return skip('bad position');
  const alt = cells.altitude?.trim().toLowerCase() ?? '';
  const onGround = alt === 'ground';
  const position: Position = {
    hex: address,
    callsign: cells.callsign,
    timeMs: cells.timeMs,
    lat: cells.ll.lat,
    lon: cells.ll.lon,
    altitudeFt: onGround ? 0 : parseNumber(alt),
    onGround,
    groundSpeedKt: parseNumber(cells.speed),
    trackDeg: parseNumber(cells.track),
    typeCode: cells.typeCode,
    registration: cells.registration,
    dbFlags: null,
    source: { fileIndex, line },
  };
  return cells.squawk === null ? position : { ...position, squawk: cells.squawk };
}

/** `timestamp` (the trace's UTC day) plus `time` seconds, when `ping_time` is empty. */
function dayPlusSeconds(
  day: string | undefined,
  seconds: string | undefined,
  toUtc: WallClockToUtc,
) {
  const d = parseDateOnly(day ?? '');
  const s = parseNumber(seconds);
  if (d === null || s === null) return null;
  const midnight = toUtc(d.y, d.mo, d.d, 0, 0, 0, 0);
  return midnight === null ? null : Math.round(midnight + s * 1000);
}

function rawParser(header: readonly string[], ctx: ReadContext) {
  const col = indexer(header);
  const [iTime, iLat, iLon, iAlt, iPing, iIcao] = RAW.map(col);
  const iSpeed = col('ground_speed');
  const iTrack = col('heading');
  const iDetails = col('details');
  const iDay = col('timestamp');
  const iReg = col('nnumber');
  const iModel = col('model');
  const width = header.length;
  const at = (f: readonly string[], i: number | undefined) => (i === undefined ? undefined : f[i]);
  return (f: readonly string[], line: number): RowResult => {
    if (f.length !== width) return skip('wrong number of fields');
    const ping = at(f, iPing)?.trim() ?? '';
    const details = at(f, iDetails) ?? '';
    return toRow(
      {
        hex: at(f, iIcao),
        timeMs:
          ping !== ''
            ? parseTimeCell(ping, undefined, 'auto', toUtc)
            : dayPlusSeconds(at(f, iDay), at(f, iTime), toUtc),
        ll: checkLatLon(parseNumber(at(f, iLat)), parseNumber(at(f, iLon))),
        altitude: at(f, iAlt),
        speed: at(f, iSpeed),
        track: at(f, iTrack),
        callsign: cleanCallsign(DETAILS_FLIGHT_RE.exec(details)?.[1]),
        squawk: parseSquawk(DETAILS_SQUAWK_RE.exec(details)?.[1]),
        typeCode: parseTypeCode(at(f, iModel)),
        registration: cleanCallsign(at(f, iReg)),
      },
      ctx.fileIndex,
      line,
    );
  };
}

function processedParser(header: readonly string[], ctx: ReadContext) {
  const col = indexer(header);
  const [iTime, iLat, iLon, iAlt, iIcao] = PROCESSED.map(col);
  const iSpeed = col('ground_speed');
  const iTrack = col('heading');
  const iCallsign = col('call_sign');
  const iGeometry = col('geometry');
  const width = header.length;
  const at = (f: readonly string[], i: number | undefined) => (i === undefined ? undefined : f[i]);
  return (f: readonly string[], line: number): RowResult => {
    if (f.length !== width) return skip('wrong number of fields');
    const lat = at(f, iLat)?.trim() ?? '';
    const lon = at(f, iLon)?.trim() ?? '';
    const ll =
      lat !== '' && lon !== ''
        ? checkLatLon(parseNumber(lat), parseNumber(lon))
        : parseWktPoint(at(f, iGeometry));
    return toRow(
      {
        hex: at(f, iIcao),
        timeMs: parseTimeCell(at(f, iTime) ?? '', undefined, 'auto', toUtc),
        ll,
        altitude: at(f, iAlt),
        speed: at(f, iSpeed),
        track: at(f, iTrack),
        callsign: cleanCallsign(at(f, iCallsign)),
        squawk: null,
        typeCode: null,
        registration: null,
      },
      ctx.fileIndex,
      line,
    );
  };
}
