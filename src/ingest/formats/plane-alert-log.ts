import { checkLatLon, cleanCallsign, parseNumber } from '../parse-values.js';
import { parseDateOnly, parseTimeOfDay, wallClockConverter } from '../time-text.js';
import { skip, type RowResult } from '../types.js';
import { parseAddress } from './field-values.js';
import type { LineFormat } from './format.js';

const HEX_RE = /^~?[0-9A-Fa-f]{6}$/;
const DATE_RE = /^\d{4}\/\d{2}\/\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}:\d{2}$/;
/** ICAO, registration, owner, type, date, time, lat, lon, callsign, link; newer logs append more. */
const FIELDS = 10;

/**
 * Plane-alert / Planefence sighting logs (`plane-alert-YYYY-MM-DD.csv`, `all-plane-alerts.txt`):
 * headerless `ICAO,TailNr,Owner,Type,YYYY/MM/DD,HH:MM:SS,lat,lon,callsign,link[,...]`. Each row is
 * one sighting of one aircraft at the station: it tells who was seen and when, never a track.
 * Times are the station's local time, read in `--source-tz`.
 */
export const planeAlertLog: LineFormat = {
  kind: 'lines',
  name: 'plane-alert-log',
  description: 'plane-alert / Planefence sighting log',
  identifyLine(fields) {
    if (fields.length < FIELDS) return null;
    const ok =
      HEX_RE.test(fields[0]?.trim() ?? '') &&
      DATE_RE.test(fields[4]?.trim() ?? '') &&
      TIME_RE.test(fields[5]?.trim() ?? '') &&
      parseNumber(fields[6]) !== null &&
      parseNumber(fields[7]) !== null;
    return ok
      ? 'content: headerless ICAO,reg,owner,type,YYYY/MM/DD,HH:MM:SS,lat,lon,... line'
      : null;
  },
  lineParser(ctx) {
    const toUtc = wallClockConverter(ctx.options.sourceTz);
    if (ctx.options.sourceTz === 'UTC') {
      ctx.note(
        "times read as UTC: Planefence writes its station's local time (give --source-tz if the station is not on UTC)",
      );
    }
    return (f, line): RowResult => {
      if (f.length < FIELDS) return skip('wrong number of fields');
      const address = parseAddress(f[0]);
      if (typeof address !== 'string') return address;
      const day = parseDateOnly(f[4] ?? '');
      const tod = parseTimeOfDay(f[5] ?? '');
      const timeMs =
        day === null || tod === null
          ? null
          : toUtc(day.y, day.mo, day.d, tod.h, tod.mi, tod.s, tod.ms);
      if (timeMs === null) return skip('bad time');
      const ll = checkLatLon(parseNumber(f[6]), parseNumber(f[7]));
      if (ll === null) return skip('bad position');
      return {
        sighting: {
          hex: address,
          callsign: cleanCallsign(f[8]),
          timeMs,
          lat: ll.lat,
          lon: ll.lon,
          altitudeFt: null,
          onGround: false,
          groundSpeedKt: null,
          trackDeg: null,
          typeCode: null,
          registration: cleanCallsign(f[1]),
          dbFlags: null,
          source: { fileIndex: ctx.fileIndex, line },
        },
      };
    };
  },
};
