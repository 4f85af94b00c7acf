import { coveredMs, hoursMs } from '../coverage/coverage.js';
import type { CountReport } from './build-report.js';

/** Below this share of covered hours seen in other traffic, coverage follows the missions. */
export const MIN_OTHER_TRAFFIC_SHARE = 0.5;

/**
 * Share of the covered hours in [startMs, endMs) that have a report from an aircraft that cannot be
 * a surveillance aircraft; null with coverage off or without any covered hour.
 */
export function otherTrafficShare(
  report: CountReport,
  startMs: number,
  endMs: number,
): number | null {
  const c = report.coverage;
  if (c === null) return null;
  const covered = coveredMs(c, startMs, endMs);
  if (covered === 0) return null;
  return hoursMs(c.otherTrafficHours, startMs, endMs) / covered;
}

/**
 * A warning when coverage comes mostly from the surveillance aircraft themselves (the inputs look
 * like per-aircraft exports): then covered time tracks the missions and the correction misleads.
 */
export function coverageWarning(report: CountReport): string | null {
  const shares = [otherTrafficShare(report, report.window.startMs, report.window.endMs)];
  const b = report.baseline;
  if (b?.source === 'data') shares.push(otherTrafficShare(report, b.fromMs, b.toMs));
  const known = shares.filter((s): s is number => s !== null);
  if (known.length === 0) return null;
  const lowest = Math.min(...known);
  if (lowest >= MIN_OTHER_TRAFFIC_SHARE) return null;
  return (
    `Warning: only ${Math.round(lowest * 100)}% of the covered hours${known.length > 1 ? ' (window or baseline)' : ''} have reports from other traffic; ` +
    'the rest come from the surveillance aircraft themselves, so covered time follows the missions ' +
    '(exports of single aircraft cannot show when the region was watched). Add inputs with the other ' +
    'traffic, or give --coverage off.'
  );
}
