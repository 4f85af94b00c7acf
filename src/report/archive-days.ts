/**
 * Day archives (adsb.lol releases, globe_history day folders) hold one UTC day each: a window
 * needs each of its days, and the day before it too, since a sortie that crossed 00:00 UTC into
 * the window is split over the two days' files.
 */
import type { InputSummary } from '../ingest/collect.js';
import {
  archiveDaysHeld,
  DAY_MS,
  dayStartMs,
  runsText,
  SORTIE_REACH_MS,
  traceLessDays,
  traceLessText,
  utcDayText,
} from '../tracks/track-span.js';

/**
 * Warnings for a window [startMs, endMs) read from day archives: days of the window with none, and
 * the day before the window when it is missing. None when no input is a day archive. `notRead`:
 * day archives given but left unread (outside the span of fixes, so never a day of the window).
 * `counted`: a report, whose exposure leaves those days out unless another input holds them.
 */
export function dayArchiveWarnings(
  inputs: readonly InputSummary[],
  startMs: number,
  endMs: number,
  notRead: readonly { readonly day: string }[] = [],
  counted = false,
): string[] {
  // Days given but left unread lie outside the window: they only say that day archives were given.
  const present = archiveDaysHeld(inputs, notRead);
  const traceLess = traceLessDays(inputs);
  if (present.size === 0 || !(endMs > startMs)) return [];
  // A side the window leaves open (missions --from alone) ends at the days given.
  const days = [...present];
  const first = Number.isFinite(startMs)
    ? Math.floor(startMs / DAY_MS) * DAY_MS
    : Math.min(...days);
  const last = Number.isFinite(endMs)
    ? Math.floor((endMs - 1) / DAY_MS) * DAY_MS
    : Math.max(...days);
  const missing: number[] = [];
  for (let d = first; d <= last; d += DAY_MS) if (!present.has(d)) missing.push(d);
  const warnings: string[] = [];
  if (missing.length > 0) {
    warnings.push(
      `No day archive for ${missing.length} ${missing.length === 1 ? 'day' : 'days'} of the window (${runsText(missing)}${traceLessText(missing, traceLess)}): missions then are not counted${missing.includes(first) || missing.includes(last) ? ', and the window edge is not covered' : ''}${counted ? '; exposure leaves out the days no input holds (see the outages)' : ''}.`,
    );
  }
  const before = first - DAY_MS;
  if (Number.isFinite(startMs) && !present.has(before) && present.has(first)) {
    warnings.push(
      `No day archive for ${utcDayText(before)}${traceLessText([before], traceLess)}, the day before the window: a sortie that crossed 00:00 UTC into the window is seen from midnight only, so it may be counted as starting in the window.`,
    );
  }
  return warnings;
}

/**
 * The warning when day archives were left unread: nothing they hold could make a sortie, but the
 * coverage model (hours heard, outages) is judged from the days read only, so a report on the same
 * window over more days given does not change. Null for none.
 */
export function notReadWarning(notRead: readonly { readonly day: string }[]): string | null {
  const text = notReadText(notRead);
  return text === null
    ? null
    : `${text} (${SORTIE_REACH_MS / 3_600_000} hours around the window and any baseline); coverage and receiver outages are judged from the days read`;
}

/** Day archives left unread (outside the span of fixes made into sorties), in a phrase; null for none. */
export function notReadText(notRead: readonly { readonly day: string }[]): string | null {
  const n = notRead.length;
  if (n === 0) return null;
  const days = [...new Set(notRead.map((d) => dayStartMs(d.day)))].sort((a, b) => a - b);
  return `${n} day archive${n === 1 ? '' : 's'} not read (${runsText(days)}): ${n === 1 ? 'its day lies' : 'their days lie'} outside the fixes made into sorties`;
}
