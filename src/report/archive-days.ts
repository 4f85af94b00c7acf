/**
 * Day archives (adsb.lol releases, globe_history day folders) hold one UTC day each: a window
 * needs each of its days, and the day before it too, since a sortie that crossed 00:00 UTC into
 * the window is split over the two days' files.
 */
import type { InputSummary } from '../ingest/collect.js';

const DAY_MS = 86_400_000;

const dayText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Runs of consecutive days as `2025-02-01` or `2025-02-01 to 2025-02-03`. */
function runsText(days: readonly number[]): string {
  const runs: string[] = [];
  let start = days[0];
  for (let i = 1; i <= days.length; i += 1) {
    const prev = days[i - 1] as number;
    const cur = days[i];
    if (cur !== undefined && cur === prev + DAY_MS) continue;
    runs.push(start === prev ? dayText(prev) : `${dayText(start as number)} to ${dayText(prev)}`);
    start = cur;
  }
  return runs.slice(0, 5).join(', ') + (runs.length > 5 ? ` and ${runs.length - 5} more` : '');
}

/**
 * Warnings for a window [startMs, endMs) read from day archives: days of the window with none, and
 * the day before the window when it is missing. None when no input is a day archive.
 */
export function dayArchiveWarnings(
  inputs: readonly InputSummary[],
  startMs: number,
  endMs: number,
): string[] {
  const present = new Set<number>();
  for (const i of inputs) {
    const day = i.archive?.day;
    if (day !== undefined && day !== null) present.add(Date.parse(`${day}T00:00:00Z`));
  }
  if (present.size === 0 || !(endMs > startMs)) return [];
  const first = Math.floor(startMs / DAY_MS) * DAY_MS;
  const last = Math.floor((endMs - 1) / DAY_MS) * DAY_MS;
  const missing: number[] = [];
  for (let d = first; d <= last; d += DAY_MS) if (!present.has(d)) missing.push(d);
  const warnings: string[] = [];
  if (missing.length > 0) {
    warnings.push(
      `No day archive for ${missing.length} ${missing.length === 1 ? 'day' : 'days'} of the window (${runsText(missing)}): missions then are not counted${missing.includes(first) || missing.includes(last) ? ', and the window edge is not covered' : ''}.`,
    );
  }
  const before = first - DAY_MS;
  if (!present.has(before) && present.has(first)) {
    warnings.push(
      `No day archive for ${dayText(before)}, the day before the window: a sortie that crossed 00:00 UTC into the window is seen from midnight only, so it may be counted as starting in the window.`,
    );
  }
  return warnings;
}
