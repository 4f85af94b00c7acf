import { DateTime, Settings } from 'luxon';
import type { PeriodUnit } from './period-units.js';

export { PERIOD_UNITS, type PeriodUnit } from './period-units.js';

/** One reporting period; the first and last may be clipped to the window. */
export interface Period {
  readonly startMs: number;
  readonly endMs: number;
}

const MS_PER_DAY = 86_400_000;

// Every date and duration luxon makes without a locale asks Intl for the system's, `plus` included:
// 12 ms at start-up. Nothing sortie writes depends on it (toFormat and toISO write the same in
// every locale), so it is fixed here, where the reports' dates are made.
Settings.defaultLocale = 'en-US';

/**
 * UTC, the default zone, is computed here without luxon: luxon's first date costs some 10 ms of
 * every report (its zone and formats, set up once, in code run once), and UTC needs no zone data.
 * Only instants that are whole milliseconds from 1900 to November 9999 are (a month's end must stay
 * within four-digit years); tests/periods.test.ts checks every function against luxon.
 */
const UTC = 'UTC';
const MIN_PLAIN_MS = Date.UTC(1900, 0, 1);
const MAX_PLAIN_MS = Date.UTC(9999, 11, 1);
const plainUtc = (ms: number, tz: string): boolean =>
  tz === UTC && Number.isInteger(ms) && ms >= MIN_PLAIN_MS && ms < MAX_PLAIN_MS;

/** Day number of the Monday starting the ISO week that holds day `day` (days since 1970-01-01, a Thursday). */
const mondayOf = (day: number): number => day - ((((day + 3) % 7) + 7) % 7);

function utcPeriodStart(ms: number, unit: PeriodUnit): number {
  const day = Math.floor(ms / MS_PER_DAY);
  if (unit === 'day') return day * MS_PER_DAY;
  if (unit === 'week') return mondayOf(day) * MS_PER_DAY;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the period (day, ISO week from Monday, or calendar month) holding `ms`, in zone `tz`. */
export function periodStart(ms: number, unit: PeriodUnit, tz: string): number {
  if (plainUtc(ms, tz)) return utcPeriodStart(ms, unit);
  return DateTime.fromMillis(ms, { zone: tz }).startOf(unit, { useLocaleWeeks: false }).toMillis();
}

/** Start of the period after the one that starts at `startMs`. */
export function nextPeriodStart(startMs: number, unit: PeriodUnit, tz: string): number {
  if (plainUtc(startMs, tz)) {
    if (unit === 'day') return utcPeriodStart(startMs + MS_PER_DAY, unit);
    if (unit === 'week') return utcPeriodStart(startMs + 7 * MS_PER_DAY, unit);
    const d = new Date(startMs);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return DateTime.fromMillis(startMs, { zone: tz })
    .plus({ [`${unit}s`]: 1 })
    .startOf(unit, { useLocaleWeeks: false })
    .toMillis();
}

/** Every period that overlaps [fromMs, toMs), zeros included, clipped to the window. */
export function periodsInWindow(
  fromMs: number,
  toMs: number,
  unit: PeriodUnit,
  tz: string,
): Period[] {
  const out: Period[] = [];
  for (let s = periodStart(fromMs, unit, tz); s < toMs; s = nextPeriodStart(s, unit, tz)) {
    const e = nextPeriodStart(s, unit, tz);
    out.push({ startMs: Math.max(s, fromMs), endMs: Math.min(e, toMs) });
  }
  return out;
}

/** Index of the period holding `ms`, or -1 outside the window. Periods are ordered and contiguous. */
export function periodIndexOf(periods: readonly Period[], ms: number): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid] as Period;
    if (ms < p.startMs) hi = mid - 1;
    else if (ms >= p.endMs) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export const durationDays = (p: Period): number => (p.endMs - p.startMs) / MS_PER_DAY;

/** ISO-8601 with the offset of `tz` (Z for UTC), seconds precision. */
export function isoInZone(ms: number, tz: string): string {
  if (plainUtc(ms, tz)) return new Date(ms).toISOString().replace('.000Z', 'Z');
  return (
    DateTime.fromMillis(ms, { zone: tz }).toISO({
      suppressMilliseconds: true,
      includeOffset: true,
    }) ?? new Date(ms).toISOString()
  );
}

/**
 * ISO-8601 UTC ending in Z, to the second below (never rounded up: a fix at 13:59:59.5 that a
 * window from 14:00 leaves out must not print as 14:00:00, nor one at 23:59:59.5 as the next day).
 */
export function isoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A short label for a period in its zone: 2025-02-03, 2025-W06, 2025-02. */
export function periodLabel(startMs: number, unit: PeriodUnit, tz: string): string {
  if (plainUtc(startMs, tz)) return utcPeriodLabel(startMs, unit);
  const d = DateTime.fromMillis(startMs, { zone: tz });
  if (unit === 'day') return d.toFormat('yyyy-MM-dd');
  if (unit === 'week') return `${d.toFormat("kkkk-'W'WW")} (${d.toFormat('MM-dd')})`;
  return d.toFormat('yyyy-MM');
}

function utcPeriodLabel(startMs: number, unit: PeriodUnit): string {
  const iso = new Date(startMs).toISOString();
  if (unit === 'day') return iso.slice(0, 10);
  if (unit === 'month') return iso.slice(0, 7);
  // The ISO week's year and number are its Thursday's.
  const thursday = new Date((mondayOf(Math.floor(startMs / MS_PER_DAY)) + 3) * MS_PER_DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * MS_PER_DAY)) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')} (${iso.slice(5, 10)})`;
}

/**
 * A window as a reader says it: `2025-01-27/2025-02-10` when both ends fall on midnight in `tz`,
 * else the two ISO instants (the end exclusive either way).
 */
export function windowText(window: Period, tz: string): string {
  if (plainUtc(window.startMs, tz) && plainUtc(window.endMs, tz)) {
    const utcEnds = [window.startMs, window.endMs];
    const midnight = utcEnds.every((ms) => ms % MS_PER_DAY === 0);
    return utcEnds
      .map((ms) => (midnight ? new Date(ms).toISOString().slice(0, 10) : isoInZone(ms, tz)))
      .join('/');
  }
  const ends = [window.startMs, window.endMs].map((ms) => DateTime.fromMillis(ms, { zone: tz }));
  const midnight = ends.every(
    (d) => d.hour === 0 && d.minute === 0 && d.second === 0 && d.millisecond === 0,
  );
  return ends
    .map((d) => (midnight ? d.toFormat('yyyy-MM-dd') : isoInZone(d.toMillis(), tz)))
    .join('/');
}
