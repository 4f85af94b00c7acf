/**
 * Fixes dropped as speed outliers are glitches when they are few; when they are a large share of
 * an input, two aircraft are flying under one address (FR24 exports given one --aircraft address,
 * a shared transponder code) or a clock is off, and the missions built from the rest may have
 * joined two flights into one or lost one. The report says so, not only `inspect`.
 */
import type { InputSummary } from '../ingest/collect.js';
import type { TrackStats } from '../tracks/types.js';
import { thousands } from '../thousands.js';

/** An input is named when at least this many of its fixes, and this share of its rows used, were dropped. */
export const OUTLIER_WARNING = { minFixes: 10, minShare: 0.02 } as const;

export function speedOutlierWarning(
  inputs: readonly InputSummary[],
  stats: TrackStats,
  maxSpeedKt: number,
  aircraftOption: string | undefined,
): string | null {
  const named: string[] = [];
  for (const [fileIndex, dropped] of [...stats.outliers].sort(([a], [b]) => a - b)) {
    const input = inputs[fileIndex];
    if (input === undefined || dropped < OUTLIER_WARNING.minFixes) continue;
    if (dropped < OUTLIER_WARNING.minShare * input.used) continue;
    const share =
      input.used > 0 ? ` (${Math.round((100 * dropped) / input.used)}% of its rows used)` : '';
    named.push(`${thousands(dropped)} of ${input.file}${share}`);
  }
  if (named.length === 0) return null;
  const option =
    aircraftOption === undefined
      ? ''
      : ` --aircraft ${aircraftOption.toUpperCase()} gives that one address to every input without one: flights of two aircraft become one track.`;
  return (
    `Fixes dropped as speed outliers (implying more than ${thousands(maxSpeedKt)} kt from both neighbours): ${named.join('; ')}. ` +
    `So many mean two aircraft under one address, or a clock off, not glitches: missions built from the rest may join two flights into one or lose one.${option}`
  );
}
