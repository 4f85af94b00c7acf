import {
  FT_PER_M,
  KT_PER_MPS,
  checkLatLon,
  cleanCallsign,
  epochSecondsToMs,
  parseBoolean,
  parseHex,
  parseNumber,
} from '../parse-values.js';
import { implausibility } from '../plausible.js';
import {
  positionMemory,
  positionTimeMs,
  REPEATED_POSITION,
  type PositionMemory,
} from '../position-time.js';
import { skip, type Position, type RowResult } from '../types.js';
import { parseSquawk } from './field-values.js';
import {
  columnIndex,
  hasColumns,
  type CsvFormat,
  type ReadContext,
  type RowParser,
} from './format.js';

/** OpenSky drops a vector from its live state after 15 s without contact but keeps writing it for 300 s. */
export const OPENSKY_STALE_AFTER_S = 15;

/** The columns a header must have to be read as OpenSky state vectors. */
export const OPENSKY_REQUIRED = [
  'time',
  'icao24',
  'lat',
  'lon',
  'onground',
  'baroaltitude',
] as const;
const IDENTIFYING = ['time', 'icao24', 'lat', 'lon', 'baroaltitude'];

/**
 * OpenSky Network historical state vectors (dataset files and Trino `state_vectors_data4` exports),
 * with or without the `hour` partition column. Units on disk: m/s and metres. A row is OpenSky's
 * state of one aircraft at `time`: its position is dated by `lastposupdate`, and a row that writes
 * its aircraft's last position again (the state frozen when contact is lost) is skipped.
 */
export const openskyStates: CsvFormat = {
  kind: 'csv',
  name: 'opensky-states',
  description: 'OpenSky state vectors CSV',
  identifyHeader(header) {
    if (!hasColumns(header, IDENTIFYING)) return null;
    const hour = hasColumns(header, ['hour']) ? ' (with the hour partition column)' : '';
    return `header: ${IDENTIFYING.join(', ')}${hour}`;
  },
  rowParser(header, ctx) {
    const reader = openskyRowReader(header, ctx);
    return repeatsSkipped(reader, positionMemory());
  },
};

/**
 * Reads OpenSky rows one at a time, before the repeat check; `dated` tells whether the last row
 * read had its position dated by `lastposupdate` (only such rows are asked whether they repeat).
 */
export interface OpenSkyRowReader {
  read(fields: readonly string[], line: number): RowResult;
  readonly dated: boolean;
}

/** The general reader's rows: a position dated by `lastposupdate` that repeats its aircraft's last is skipped. */
function repeatsSkipped(reader: OpenSkyRowReader, memory: PositionMemory): RowParser {
  return (f, line) => {
    const row = reader.read(f, line);
    if (!reader.dated || !('hex' in row) || row.hex === null) return row;
    return memory.repeats(row.hex, row.timeMs) ? skip(REPEATED_POSITION) : row;
  };
}

/**
 * The row reader for a header. A position is dated by `lastposupdate` when the row has one (see
 * position-time.ts); rows the plausibility check refuses are skipped here, before the repeat
 * check, so that only fixes that count are remembered (the fast path decides them in that order too).
 */
export function openskyRowReader(header: readonly string[], ctx: ReadContext): OpenSkyRowReader {
  const c = columnIndex('opensky-states', header, OPENSKY_REQUIRED);
  const lower = header.map((x) => x.trim().toLowerCase());
  const opt = (name: string): number => lower.indexOf(name);
  const iVelocity = opt('velocity');
  const iHeading = opt('heading');
  const iCallsign = opt('callsign');
  const iGeoAlt = opt('geoaltitude');
  const iLastContact = opt('lastcontact');
  const iLastPosUpdate = opt('lastposupdate');
  const iSquawk = opt('squawk');
  const width = header.length;
  const reader = {
    dated: false,
    read(f: readonly string[], line: number): RowResult {
      reader.dated = false;
      if (f.length !== width) return skip(`wrong number of fields`);
      const hex = parseHex(f[c.icao24]);
      if (hex === null) return skip('bad icao24');
      const timeMs = epochSecondsToMs(parseNumber(f[c.time]));
      if (timeMs === null) return skip('bad time');
      // The row's time to the millisecond, as the ages below are measured from it.
      const timeS = timeMs / 1000;
      const lastContact = iLastContact >= 0 ? parseNumber(f[iLastContact]) : null;
      if (lastContact !== null && timeS - lastContact > OPENSKY_STALE_AFTER_S) {
        return skip('stale (time - lastcontact > 15 s)');
      }
      const rawLat = f[c.lat]?.trim() ?? '';
      const rawLon = f[c.lon]?.trim() ?? '';
      if (rawLat === '' || rawLon === '' || rawLat === 'NaN' || rawLon === 'NaN')
        return skip('no position');
      const ll = checkLatLon(parseNumber(rawLat), parseNumber(rawLon));
      if (ll === null) return skip('bad position');
      const lastPosUpdate = iLastPosUpdate >= 0 ? parseNumber(f[iLastPosUpdate]) : null;
      const onGround = parseBoolean(f[c.onground]) ?? false;
      const altM =
        parseNumber(f[c.baroaltitude]) ?? (iGeoAlt >= 0 ? parseNumber(f[iGeoAlt]) : null);
      const speed = iVelocity >= 0 ? parseNumber(f[iVelocity]) : null;
      const squawk = iSquawk >= 0 ? parseSquawk(f[iSquawk]) : null;
      const position: Position = {
        hex,
        callsign: iCallsign >= 0 ? cleanCallsign(f[iCallsign]) : null,
        // The row is OpenSky's state at `time`; its position was measured at lastposupdate.
        timeMs: positionTimeMs(timeMs, lastPosUpdate === null ? null : timeS - lastPosUpdate),
        lat: ll.lat,
        lon: ll.lon,
        altitudeFt: onGround ? 0 : altM === null ? null : Math.round(altM * FT_PER_M),
        onGround,
        groundSpeedKt: speed === null ? null : speed * KT_PER_MPS,
        trackDeg: iHeading >= 0 ? parseNumber(f[iHeading]) : null,
        typeCode: null,
        registration: null,
        dbFlags: null,
        source: { fileIndex: ctx.fileIndex, line },
      };
      const why = implausibility(position);
      if (why !== null) return skip(why);
      reader.dated = lastPosUpdate !== null;
      return squawk === null ? position : { ...position, squawk };
    },
  };
  return reader;
}
