import type { Mission } from '../missions/types.js';
import type { Baseline } from './baseline.js';
import {
  durationDays,
  periodIndexOf,
  periodsInWindow,
  type Period,
  type PeriodUnit,
} from './periods.js';
import { garwoodInterval, poissonUpperTail, rateRatioTest } from './stats.js';

/** Missions in one period (or the whole window) and how they compare with the baseline. */
export interface Comparison {
  readonly missions: number;
  /** Distinct aircraft and UTC dates with time in the region: BuzzFeed's conservative floor. */
  readonly aircraftDays: number;
  readonly expected: number | null;
  readonly ratio: number | null;
  /** One-sided exact Poisson P(X >= missions | expected). */
  readonly pValue: number | null;
  /** Exact (Garwood) 95% interval for the count. */
  readonly ci95: readonly [number, number];
  readonly byType: Readonly<Record<string, number>>;
}

export interface PeriodCount extends Comparison, Period {}

export interface RateRatio {
  readonly ratio: number | null;
  readonly ci95: readonly [number, number];
  /** One-sided: the window's rate exceeds the baseline's. */
  readonly pValue: number;
}

export interface CountReport {
  readonly unit: PeriodUnit;
  readonly tz: string;
  readonly window: Period;
  readonly baseline: Baseline | null;
  readonly summary: Comparison;
  readonly periods: readonly PeriodCount[];
  /**
   * With a baseline measured from the data, the window's count against the baseline's as two Poisson
   * counts with their exposures (exact conditional test; it accounts for the baseline's own noise).
   */
  readonly rateRatio: RateRatio | null;
  /** Missions whose first entry is inside the window. */
  readonly missions: readonly Mission[];
}

/** Distinct aircraft and UTC dates with time in the region, over some missions. */
export function countAircraftDays(missions: readonly Mission[]): number {
  const days = new Set<string>();
  for (const m of missions) for (const d of m.utcDatesInRegion) days.add(`${m.aircraft.hex} ${d}`);
  return days.size;
}

function compare(
  missions: readonly Mission[],
  days: number,
  baseline: Baseline | null,
): Comparison {
  const n = missions.length;
  const expected = baseline === null ? null : baseline.ratePerDay * days;
  const byType: Record<string, number> = {};
  for (const m of missions) {
    const type = m.aircraft.type ?? 'unknown';
    byType[type] = (byType[type] ?? 0) + 1;
  }
  return {
    missions: n,
    aircraftDays: countAircraftDays(missions),
    expected,
    ratio: expected === null || expected === 0 ? null : n / expected,
    pValue: expected === null ? null : poissonUpperTail(n, expected),
    ci95: garwoodInterval(n, 0.95),
    byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/**
 * Counts missions per period of the window (each mission in the period of its first entry into
 * the region) and compares each period, and the window as a whole, with the baseline.
 */
export function buildCountReport(
  missions: readonly Mission[],
  window: Period,
  unit: PeriodUnit,
  tz: string,
  baseline: Baseline | null,
): CountReport {
  const periods = periodsInWindow(window.startMs, window.endMs, unit, tz);
  const buckets: Mission[][] = periods.map(() => []);
  const inWindow: Mission[] = [];
  for (const m of missions) {
    const i = periodIndexOf(periods, m.firstEntry.timeMs);
    if (i < 0) continue;
    buckets[i]?.push(m);
    inWindow.push(m);
  }
  const summary = compare(inWindow, durationDays(window), baseline);
  let rateRatio: RateRatio | null = null;
  if (baseline?.source === 'data') {
    const t = rateRatioTest(
      summary.missions,
      durationDays(window),
      baseline.missions,
      (baseline.toMs - baseline.fromMs) / 86_400_000,
    );
    rateRatio = { ratio: t.ratio, ci95: t.ci, pValue: t.pValue };
  }
  return {
    unit,
    tz,
    window,
    baseline,
    rateRatio,
    summary,
    periods: periods.map((p, i) => ({
      ...p,
      ...compare(buckets[i] ?? [], durationDays(p), baseline),
    })),
    missions: inWindow,
  };
}
