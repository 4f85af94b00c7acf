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
import { skip, type Position } from '../types.js';
import { parseSquawk } from './field-values.js';
import { columnIndex, hasColumns, type CsvFormat } from './format.js';

/** OpenSky drops a vector from its live state after 15 s without contact but keeps writing it for 300 s. */
export const OPENSKY_STALE_AFTER_S = 15;

const REQUIRED = ['time', 'icao24', 'lat', 'lon', 'onground', 'baroaltitude'] as const;
const IDENTIFYING = ['time', 'icao24', 'lat', 'lon', 'baroaltitude'];

/**
 * OpenSky Network historical state vectors (dataset files and Trino `state_vectors_data4` exports),
 * with or without the `hour` partition column. Units on disk: m/s and metres.
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
    const c = columnIndex('opensky-states', header, REQUIRED);
    const lower = header.map((x) => x.trim().toLowerCase());
    const opt = (name: string): number => lower.indexOf(name);
    const iVelocity = opt('velocity');
    const iHeading = opt('heading');
    const iCallsign = opt('callsign');
    const iGeoAlt = opt('geoaltitude');
    const iLastContact = opt('lastcontact');
    const iSquawk = opt('squawk');
    const width = header.length;
    return (f, line) => {
      if (f.length !== width) return skip(`wrong number of fields`);
      const hex = parseHex(f[c.icao24]);
      if (hex === null) return skip('bad icao24');
      const timeMs = epochSecondsToMs(parseNumber(f[c.time]));
      if (timeMs === null) return skip('bad time');
      const lastContact = iLastContact >= 0 ? parseNumber(f[iLastContact]) : null;
      if (lastContact !== null && timeMs / 1000 - lastContact > OPENSKY_STALE_AFTER_S) {
        return skip('stale (time - lastcontact > 15 s)');
      }
      const rawLat = f[c.lat]?.trim() ?? '';
      const rawLon = f[c.lon]?.trim() ?? '';
      if (rawLat === '' || rawLon === '' || rawLat === 'NaN' || rawLon === 'NaN')
        return skip('no position');
      const ll = checkLatLon(parseNumber(rawLat), parseNumber(rawLon));
      if (ll === null) return skip('bad position');
      const onGround = parseBoolean(f[c.onground]) ?? false;
      const altM =
        parseNumber(f[c.baroaltitude]) ?? (iGeoAlt >= 0 ? parseNumber(f[iGeoAlt]) : null);
      const speed = iVelocity >= 0 ? parseNumber(f[iVelocity]) : null;
      const squawk = iSquawk >= 0 ? parseSquawk(f[iSquawk]) : null;
      const position: Position = {
        hex,
        callsign: iCallsign >= 0 ? cleanCallsign(f[iCallsign]) : null,
        timeMs,
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
      return squawk === null ? position : { ...position, squawk };
    };
  },
};
