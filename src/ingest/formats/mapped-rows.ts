import {
  FT_PER_M,
  KT_PER_MPS,
  checkLatLon,
  cleanCallsign,
  parseBoolean,
  parseNumber,
} from '../parse-values.js';
import {
  epochToMs,
  parseDateOnly,
  parseDateTimeText,
  parseDayMonthDate,
  parseDayMonthText,
  parseTimeOfDay,
  wallClockConverter,
  type DateOrder,
  type WallClockToUtc,
} from '../time-text.js';
import { skip, type Position, type RowResult } from '../types.js';
import type { ColumnMapping, SpeedUnit } from './column-map.js';
import { DateOrderGate } from './date-order.js';
import type { ReadContext, RowParser } from './format.js';
import { parseAddress, parseSquawk, parseTypeCode } from './field-values.js';

const KT_PER_UNIT: Readonly<Record<SpeedUnit, number>> = {
  kt: 1,
  mps: KT_PER_MPS,
  kmh: 0.5399568,
  mph: 0.8689762,
};

const WKT_POINT_RE = /^\s*POINT\s*Z?\s*\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)/i;

/** Longitude and latitude of a WKT `POINT (lon lat)`, or null. */
export function parseWktPoint(text: string | undefined): { lat: number; lon: number } | null {
  const m = text === undefined ? null : WKT_POINT_RE.exec(text);
  if (m === null) return null;
  return checkLatLon(parseNumber(m[2]), parseNumber(m[1]));
}

/**
 * A time cell: an epoch number (s or ms), an ISO-like date-time, a `3/2/2025 16:00` date-time in
 * `order`, or a time of day with a date cell (ISO or, in `order`, `3/2/2025`).
 */
export function parseTimeCell(
  text: string,
  dateText: string | undefined,
  unit: 's' | 'ms' | 'auto',
  toUtc: WallClockToUtc,
  order: DateOrder | null = null,
): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = parseNumber(t);
  if (n !== null) return epochToMs(n, unit);
  const full = parseDateTimeText(t, toUtc);
  if (full !== null) return full;
  if (order !== null) {
    const dayFirst = parseDayMonthText(t, order, toUtc);
    if (dayFirst !== null) return dayFirst;
  }
  if (dateText === undefined) return null;
  const day =
    parseDateOnly(dateText) ?? (order === null ? null : parseDayMonthDate(dateText, order));
  const tod = parseTimeOfDay(t);
  if (day === null || tod === null) return null;
  return toUtc(day.y, day.mo, day.d, tod.h, tod.mi, tod.s, tod.ms);
}

/**
 * A row parser over mapped columns, shared by the generic CSV reader and dBase tables. Rows without
 * an address column become positions without one (tied to an airframe later, or listed as unidentified).
 */
export function mappedRowParser(map: ColumnMapping, width: number, ctx: ReadContext): RowParser {
  const c = map.index;
  const toUtc = wallClockConverter(ctx.options.sourceTz);
  const altFactor = map.altUnit === 'm' ? FT_PER_M : 1;
  const speedFactor = KT_PER_UNIT[map.speedUnit];
  const cell = (f: readonly string[], i: number | undefined): string | undefined =>
    i === undefined ? undefined : f[i];
  const dates = new DateOrderGate(ctx.options.dateOrder, (text) => ctx.note(text));
  const dateCells = (f: readonly string[]): (string | undefined)[] => [
    cell(f, c.time),
    cell(f, c.date),
  ];
  const parse = (f: readonly string[], line: number): RowResult => {
    if (f.length !== width) return skip('wrong number of fields');
    let hex: string | null = null;
    if (c.hex !== undefined) {
      const address = parseAddress(f[c.hex]);
      if (typeof address !== 'string') return skip(address.skip);
      hex = address;
    }
    const timeText = cell(f, c.time) ?? '';
    if (timeText.trim() === '') return skip('no time');
    const order = dates.known ?? dates.orderFor(dateCells(f), line);
    const timeMs = parseTimeCell(timeText, cell(f, c.date), map.timeUnit, toUtc, order);
    if (timeMs === null) return skip('bad time');
    let ll: { lat: number; lon: number } | null = null;
    const rawLat = cell(f, c.lat)?.trim() ?? '';
    const rawLon = cell(f, c.lon)?.trim() ?? '';
    if (rawLat !== '' && rawLon !== '') {
      ll = checkLatLon(parseNumber(rawLat), parseNumber(rawLon));
      if (ll === null) return skip('bad position');
    } else if (c.geometry !== undefined && (cell(f, c.geometry)?.trim() ?? '') !== '') {
      ll = parseWktPoint(cell(f, c.geometry));
      if (ll === null) return skip('bad position');
    }
    if (ll === null) return skip('no position');
    const altText = cell(f, c.alt)?.trim().toLowerCase() ?? '';
    const groundFlag = parseBoolean(cell(f, c.onground));
    const onGround = altText === 'ground' || groundFlag === true;
    const alt = parseNumber(altText);
    const speed = parseNumber(cell(f, c.speed));
    const squawk = parseSquawk(cell(f, c.squawk));
    const position: Position = {
      hex,
      callsign: cleanCallsign(cell(f, c.callsign)),
      timeMs,
      lat: ll.lat,
      lon: ll.lon,
      altitudeFt: onGround ? 0 : alt === null ? null : Math.round(alt * altFactor),
      onGround,
      groundSpeedKt: speed === null ? null : speed * speedFactor,
      trackDeg: parseNumber(cell(f, c.track)),
      typeCode: parseTypeCode(cell(f, c.type)),
      registration: cleanCallsign(cell(f, c.registration)),
      dbFlags: null,
      source: { fileIndex: ctx.fileIndex, line },
    };
    return squawk === null ? position : { ...position, squawk };
  };
  return Object.assign(parse, {
    lookahead: {
      see: (f: readonly string[], line: number) =>
        f.length === width ? dates.see(dateCells(f), line) : 'parse',
      settle: (why: 'end of input' | 'too many held') => dates.settle(why),
    },
  });
}
