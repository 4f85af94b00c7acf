import { DateTime } from 'luxon';
import { FIRST_EPOCH_S, LAST_EPOCH_S } from './parse-values.js';

/** The order of day and month in a `3/2/2025` date: day first (most of the world) or month first (US). */
export type DateOrder = 'dmy' | 'mdy';

/** Wall-clock fields (month 1–12) to UTC epoch ms, or null when the fields are not a valid time. */
export type WallClockToUtc = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
) => number | null;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1–12) of year `y`. */
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return DAYS_IN_MONTH[mo - 1] as number;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/**
 * The fields are a time that exists: 2025-02-29 is not (Date.UTC would quietly make it 1 March,
 * moving a fix across a period's edge, or the window's).
 */
function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return (
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    (d <= 28 || d <= daysInMonth(y, mo)) &&
    h <= 23 &&
    mi <= 59 &&
    s <= 60
  );
}

/**
 * The offsets (minutes east of UTC) a local minute of `zone` may have, on a day its offset
 * changes: one; two in the time a clock goes back (the earlier instant's offset first: 01:30 in
 * Los Angeles happens twice, and 01:45 on Lord Howe Island, whose clocks move by half an hour);
 * or, in the time a clock skips, the offset before the change alone (a clock that wrote 02:30 had
 * not moved on yet). Null for a zone luxon does not know.
 */
function minuteOffsets(
  zone: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
): number[] | null {
  const probe = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone });
  if (!probe.isValid) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets in use three hours either side hold every offset this minute may have.
  const near = wall - probe.offset * 60_000;
  const around = [near - 3 * 3_600_000, near + 3 * 3_600_000].map(
    (t) => DateTime.fromMillis(t, { zone }).offset,
  );
  // An offset fits when the instant it gives for this wall time lies at that offset.
  const fits = [...new Set(around)].filter(
    (o) => DateTime.fromMillis(wall - o * 60_000, { zone }).offset === o,
  );
  if (fits.length === 0) return [around[0] as number];
  return fits.sort((a, b) => b - a);
}

/**
 * The offset of a local day of `zone` when it holds one throughout (the zone's offset is the same
 * from three hours before its start to three hours after its end), else null; so each day costs
 * three lookups, and only the days a clock changes are looked up minute by minute.
 */
function steadyDay(zone: string, y: number, mo: number, d: number): number | null {
  const probe = DateTime.fromObject({ year: y, month: mo, day: d, hour: 12 }, { zone });
  if (!probe.isValid) return null;
  const noon = Date.UTC(y, mo - 1, d, 12) - probe.offset * 60_000;
  const before = DateTime.fromMillis(noon - 15 * 3_600_000, { zone }).offset;
  const after = DateTime.fromMillis(noon + 15 * 3_600_000, { zone }).offset;
  return before === probe.offset && after === probe.offset ? probe.offset : null;
}

/**
 * Going back by more than this from the latest time of a repeated stretch, the line before it
 * also in the stretch, a log is on the stretch's second pass (its clock went back): lines out of
 * order by a few minutes are not.
 */
const REPEAT_BACK_MS = 10 * 60_000;

/**
 * A converter from wall-clock time in `zone` (IANA) to UTC. A day's offset is looked up once when
 * it holds one throughout; on a day a clock changes, once a minute. Where a clock goes back, each
 * time happens twice: a line on it is on the first pass unless the line before it was on the
 * repeated stretch too and the times went back by more than 10 minutes (then on the second, until
 * a line off the stretch). So a log in time order keeps both passes, and a file grouped by aircraft
 * starts each aircraft's stretch on the first. One converter follows one input's lines in order.
 */
export function wallClockConverter(zone: string): WallClockToUtc {
  if (zone === 'UTC') {
    return (y, mo, d, h, mi, s, ms) =>
      validFields(y, mo, d, h, mi, s) ? Date.UTC(y, mo - 1, d, h, mi, s, ms) : null;
  }
  /** A local day with one offset throughout (most days): that offset, else null (by minute). */
  const offsetByDay = new Map<number, number | null>();
  const offsetsByMinute = new Map<number, number[] | null>();
  // The repeated stretch the line before was on (its day), the pass, and the pass's latest time.
  let repeatedDay: number | null = null;
  let pass = 0;
  let latestWall = -Infinity;
  return (y, mo, d, h, mi, s, ms) => {
    if (!validFields(y, mo, d, h, mi, s)) return null;
    const dayKey = (y * 13 + mo) * 32 + d;
    let dayOffset = offsetByDay.get(dayKey);
    if (dayOffset === undefined) offsetByDay.set(dayKey, (dayOffset = steadyDay(zone, y, mo, d)));
    const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    if (dayOffset !== null) {
      repeatedDay = null;
      return wall - dayOffset * 60_000;
    }
    const key = (dayKey * 24 + h) * 60 + mi;
    let offsets = offsetsByMinute.get(key);
    if (offsets === undefined) {
      offsetsByMinute.set(key, (offsets = minuteOffsets(zone, y, mo, d, h, mi)));
    }
    if (offsets === null) return null;
    if (offsets.length < 2) {
      repeatedDay = null;
      return wall - (offsets[0] as number) * 60_000;
    }
    if (repeatedDay !== dayKey) {
      repeatedDay = dayKey;
      pass = 0;
      latestWall = -Infinity;
    }
    if (pass === 0 && wall < latestWall - REPEAT_BACK_MS) pass = 1;
    if (wall > latestWall) latestWall = wall;
    return wall - (offsets[pass] as number) * 60_000;
  };
}

const DATE_TIME_RE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Fractional-second digits to milliseconds: "5" → 500, "123456" → 123. */
export function fractionMs(digits: string | undefined): number {
  if (digits === undefined || digits === '') return 0;
  return Math.round(Number(`0.${digits}`) * 1000);
}

/**
 * Parses `YYYY-MM-DD[ T]HH:MM[:SS[.fff]]` (or with `/`), with an optional `Z`/`UTC`/`±HH[:MM]`;
 * times without a zone are wall-clock time converted by `toUtc`. A date alone is its midnight.
 */
export function parseDateTimeText(text: string, toUtc: WallClockToUtc): number | null {
  const m = DATE_TIME_RE.exec(text.trim());
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = fractionMs(m[7]);
  const zone = m[8]?.toUpperCase();
  if (zone === undefined) return toUtc(y, mo, d, h, mi, s, ms);
  if (!validFields(y, mo, d, h, mi, s)) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return utc - sign * offsetMin * 60_000;
}

const TIME_OF_DAY_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/;

/** `HH:MM[:SS[.fff]]` as {h, mi, s, ms}, or null. */
export function parseTimeOfDay(
  text: string,
): { h: number; mi: number; s: number; ms: number } | null {
  const m = TIME_OF_DAY_RE.exec(text.trim());
  if (m === null) return null;
  return {
    h: Number(m[1]),
    mi: Number(m[2]),
    s: m[3] === undefined ? 0 : Number(m[3]),
    ms: fractionMs(m[4]),
  };
}

const YMD_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** `YYYY-MM-DD` or `YYYY/MM/DD` as {y, mo, d}, or null. */
export function parseDateOnly(text: string): { y: number; mo: number; d: number } | null {
  const m = YMD_RE.exec(text.trim());
  if (m === null) return null;
  return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) };
}

/** Epoch instants are accepted between 1990 and 2100; anything else is a wrong unit or a broken row. */
const MIN_MS = FIRST_EPOCH_S * 1000;
const MAX_MS = LAST_EPOCH_S * 1000;

/**
 * An epoch number in seconds or milliseconds (`unit`), or told apart by size when `auto`: no
 * instant of 1990–2100 in seconds exceeds 1e11, and none in milliseconds is below it.
 */
export function epochToMs(value: number, unit: 's' | 'ms' | 'auto'): number | null {
  const ms = unit === 'ms' || (unit === 'auto' && Math.abs(value) > 1e11) ? value : value * 1000;
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return null;
  return Math.round(ms);
}

/**
 * A spreadsheet date, `3/2/2025` (also with `.` or `-`), then optionally a time `16:00[:00[.000]]`
 * with AM/PM, then optionally a zone, as US and European spreadsheets write them.
 */
const DAY_MONTH_RE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([AP]M)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The first two numbers of a `3/2/2025` date (day and month in some order), or null for other text. */
export function dayMonthFields(text: string): { first: number; second: number } | null {
  const m = DAY_MONTH_RE.exec(text.trim());
  return m === null ? null : { first: Number(m[1]), second: Number(m[3]) };
}

/**
 * Which order a `first/second/year` date must be in: one of them is over 12, so it is the day;
 * `either` when both could be the month; null when neither can.
 */
export function orderShownBy(fields: {
  first: number;
  second: number;
}): DateOrder | 'either' | null {
  const { first, second } = fields;
  if (first < 1 || second < 1) return null;
  if (first <= 12 && second <= 12) return 'either';
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  return null;
}

/** A `3/2/2025` date alone (no time) in the given order as {y, mo, d}, or null. */
export function parseDayMonthDate(
  text: string,
  order: DateOrder,
): { y: number; mo: number; d: number } | null {
  const m = DAY_MONTH_RE.exec(text.trim());
  if (m === null || m[5] !== undefined || m[10] !== undefined) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  return order === 'dmy' ? { y: Number(m[4]), mo: b, d: a } : { y: Number(m[4]), mo: a, d: b };
}

/** `3/2/2025[ 16:00[:00]][ PM][ zone]` in the given order, as UTC epoch ms (wall clock by `toUtc`). */
export function parseDayMonthText(
  text: string,
  order: DateOrder,
  toUtc: WallClockToUtc,
): number | null {
  const m = DAY_MONTH_RE.exec(text.trim());
  if (m === null) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
  let h = m[5] === undefined ? 0 : Number(m[5]);
  const half = m[9]?.toUpperCase();
  if (half !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === 'PM' ? 12 : 0);
  }
  const iso =
    `${m[4]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` +
    ` ${String(h).padStart(2, '0')}:${m[6] ?? '00'}:${m[7] ?? '00'}` +
    (m[8] === undefined ? '' : `.${m[8]}`) +
    (m[10] ?? '');
  // Days past the month's end are refused here, as they are in ISO dates.
  if (d > new Date(Date.UTC(Number(m[4]), mo, 0)).getUTCDate()) return null;
  return parseDateTimeText(iso, toUtc);
}
