import { checkLatLon, cleanCallsign, epochSecondsToMs, parseNumber } from '../parse-values.js';
import { skip } from '../types.js';
import { columnIndex, hasColumns, type CsvFormat } from './format.js';

const REQUIRED = ['timestamp', 'callsign', 'position', 'altitude', 'speed', 'direction'] as const;

/**
 * FlightRadar24 per-flight "Download CSV": `Timestamp,[UTC,]Callsign,Position,Altitude,Speed,Direction`,
 * `Position` being one quoted "lat,lon" field. The file carries no ICAO address.
 */
export const fr24Flight: CsvFormat = {
  kind: 'csv',
  name: 'fr24-flight',
  description: 'FlightRadar24 per-flight CSV',
  identifyHeader(header) {
    if (!hasColumns(header, ['timestamp', 'callsign', 'position'])) return null;
    return `header: Timestamp, Callsign, Position (${header.length} columns)`;
  },
  rowParser(header, ctx) {
    const c = columnIndex('fr24-flight', header, REQUIRED);
    const width = header.length;
    return (f, line) => {
      if (f.length !== width) return skip('wrong number of fields');
      const timeMs = epochSecondsToMs(parseNumber(f[c.timestamp]));
      if (timeMs === null) return skip('bad time');
      const pos = (f[c.position] ?? '').split(',');
      if (pos.length !== 2) return skip('no position');
      const ll = checkLatLon(parseNumber(pos[0]), parseNumber(pos[1]));
      if (ll === null) return skip('bad position');
      const altitudeFt = parseNumber(f[c.altitude]);
      const speed = parseNumber(f[c.speed]);
      return {
        hex: null,
        callsign: cleanCallsign(f[c.callsign]),
        timeMs,
        lat: ll.lat,
        lon: ll.lon,
        altitudeFt,
        // FR24 writes altitude 0 for surface positions; it has no ground flag.
        onGround: altitudeFt === 0,
        groundSpeedKt: speed,
        trackDeg: parseNumber(f[c.direction]),
        typeCode: null,
        registration: null,
        dbFlags: null,
        source: { fileIndex: ctx.fileIndex, line },
      };
    };
  },
};
