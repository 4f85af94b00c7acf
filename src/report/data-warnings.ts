/**
 * Warnings about what the count may hold wrongly or lack, from the data itself, for the intervals
 * a command counts (report: its window and a measured baseline; missions and compare: a window):
 * flights no input ties to an airframe, one flight read in two time bases, and speed outliers.
 */
import type { Analysis } from '../analyze.js';
import { speedOutlierWarning } from './speed-outliers.js';
import { timeShiftWarning } from './time-shift.js';
import { unidentifiedWarning } from './unidentified.js';
import type { Period } from './periods.js';

/** `intervals`: each named as its warnings say it ("window", "baseline"). */
export function dataWarnings(
  analysis: Analysis,
  intervals: readonly (readonly [name: string, interval: Period])[],
  aircraftOption: string | undefined,
): string[] {
  const files = analysis.inputs.map((i) => i.file);
  return [
    unidentifiedWarning(analysis.unidentifiedInRegion, intervals, files),
    timeShiftWarning(
      analysis.missions,
      intervals.map(([, i]) => i),
      files,
    ),
    speedOutlierWarning(
      analysis.trackStats,
      intervals,
      files,
      analysis.options.track.maxSpeedKt,
      aircraftOption,
    ),
  ].filter((w) => w !== null);
}
