/** UTC days and hours of a download window: the unit each archive is published in. */

import { DAY_MS } from '../tracks/track-span.js';

export { DAY_MS, utcDayText } from '../tracks/track-span.js';
export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD-HH` of the UTC hour holding `timeMs` (OpenSky's file names). */
export function utcHourText(timeMs: number): string {
  const iso = new Date(timeMs).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}`;
}

/** The starts of the steps of `stepMs` in [fromMs, toMs): both ends on whole steps. */
function steps(fromMs: number, toMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += stepMs) out.push(t);
  return out;
}

/** The UTC days in [fromMs, toMs), as the epoch ms of each day's 00:00. */
export function utcDays(fromMs: number, toMs: number): number[] {
  return steps(fromMs, toMs, DAY_MS);
}

/** The UTC hours in [fromMs, toMs), as the epoch ms of each hour's start. */
export function utcHours(fromMs: number, toMs: number): number[] {
  return steps(fromMs, toMs, HOUR_MS);
}

/** Whether `timeMs` falls on a whole `stepMs` (a day's 00:00 UTC, an hour's :00). */
export function onWholeStep(timeMs: number, stepMs: number): boolean {
  return timeMs % stepMs === 0;
}
