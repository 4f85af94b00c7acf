/**
 * Fixes dropped as speed outliers are glitches when they are few; when they are a large share of
 * an aircraft's fixes, two aircraft are flying under one address (FR24 exports given one
 * --aircraft address, a shared transponder code) or a clock is off, and the missions built from
 * the rest may have joined two flights into one or lost one. The report says so, not only
 * `inspect`. The share is an aircraft's in each interval counted: over an input's whole time, a
 * week of two aircraft under one address in a year of clean history was a share too small to see.
 */
import type { OutlierAircraft, TrackStats } from '../tracks/types.js';
import { OUTLIER_AIRCRAFT_MIN } from '../tracks/types.js';
import { thousands } from '../thousands.js';
import type { Period } from './periods.js';

/** An aircraft is named when at least this many of its fixes in an interval, and this share of them, were dropped. */
export const OUTLIER_WARNING = { minFixes: OUTLIER_AIRCRAFT_MIN, minShare: 0.02 } as const;

const HOUR_MS = 3_600_000;

/** Named in full; more are counted. */
const NAMED = 4;

interface Finding {
  readonly hex: string;
  readonly interval: string;
  readonly outliers: number;
  readonly fixes: number;
  readonly files: readonly number[];
}

/**
 * The aircraft's outliers and fixes in `interval`. Fixes are counted by UTC hour, an hour the
 * interval cuts (a window from 18:30 UTC, in India's time) for its share inside; never fewer than
 * the outliers, which are fixes.
 */
function inInterval(a: OutlierAircraft, interval: Period): Omit<Finding, 'hex' | 'interval'> {
  const files = new Set<number>();
  let outliers = 0;
  for (const [k, t] of a.outlierTimeMs.entries()) {
    if (t < interval.startMs || t >= interval.endMs) continue;
    outliers += 1;
    files.add(a.outlierFileIndex[k] as number);
  }
  let fixes = 0;
  if (outliers > 0) {
    for (const [hour, n] of a.fixesByHour) {
      const startMs = hour * HOUR_MS;
      const inside =
        Math.min(interval.endMs, startMs + HOUR_MS) - Math.max(interval.startMs, startMs);
      if (inside > 0) fixes += (n * inside) / HOUR_MS;
    }
  }
  return {
    outliers,
    fixes: Math.max(Math.round(fixes), outliers),
    files: [...files].sort((x, y) => x - y),
  };
}

/**
 * The warning for the aircraft whose outliers in one of `intervals` (each named as its warnings
 * say it: "window", "baseline") are at least OUTLIER_WARNING's count and share of its fixes there,
 * or null. `files`: the inputs' names, by index.
 */
export function speedOutlierWarning(
  stats: TrackStats,
  intervals: readonly (readonly [name: string, interval: Period])[],
  files: readonly string[],
  maxSpeedKt: number,
  aircraftOption: string | undefined,
): string | null {
  const found: Finding[] = [];
  for (const a of stats.outlierAircraft) {
    for (const [name, interval] of intervals) {
      const f = inInterval(a, interval);
      if (f.outliers < OUTLIER_WARNING.minFixes) continue;
      if (f.outliers < OUTLIER_WARNING.minShare * f.fixes) continue;
      found.push({ hex: a.hex, interval: name, ...f });
    }
  }
  if (found.length === 0) return null;
  const named = found.slice(0, NAMED).map((f) => {
    const share = Math.round((100 * f.outliers) / f.fixes);
    const from = f.files.map((i) => files[i] ?? `#${i}`).join(', ');
    return `${f.hex.toUpperCase()} in the ${f.interval}, ${thousands(f.outliers)} of its ${thousands(f.fixes)} fixes (${share}%), from ${from}`;
  });
  const more = found.length > NAMED ? ` and ${found.length - NAMED} more` : '';
  const option =
    aircraftOption === undefined
      ? ''
      : ` --aircraft ${aircraftOption.toUpperCase()} gives that one address to every input without one: flights of two aircraft become one track.`;
  return (
    `Fixes dropped as speed outliers (implying more than ${thousands(maxSpeedKt)} kt from both neighbours): ${named.join('; ')}${more}. ` +
    `So many mean two aircraft under one address, or a clock off, not glitches: missions built from the rest may join two flights into one or lose one.${option}`
  );
}
