import type { Mission } from '../missions/types.js';
import { poissonMeanUpperBound } from './stats.js';

const MS_PER_DAY = 86_400_000;
/** A month as the average Gregorian month, so that "1/month" means 12 a year. */
export const DAYS_PER_UNIT = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 } as const;
export type RateUnit = keyof typeof DAYS_PER_UNIT;

/** The expected mission rate the window is compared against, and where it comes from. */
export type Baseline =
  | {
      readonly source: 'data';
      readonly fromMs: number;
      readonly toMs: number;
      readonly missions: number;
      readonly ratePerDay: number;
      /** Days the rate is measured over: the covered time of the interval, or all of it. */
      readonly exposureDays: number;
    }
  | {
      readonly source: 'stated';
      readonly count: number;
      readonly unit: RateUnit;
      readonly ratePerDay: number;
    };

/** A stated rate such as 1/month or 12/year. */
export function statedBaseline(count: number, unit: RateUnit): Baseline {
  // The CLI refuses these as usage errors; a zero rate here would give p = 0 for any mission.
  if (!(count > 0 && Number.isFinite(count))) {
    throw new RangeError(`a stated rate must be finite and above zero, got ${count}`);
  }
  return { source: 'stated', count, unit, ratePerDay: count / DAYS_PER_UNIT[unit] };
}

/**
 * A rate measured from the missions whose first entry falls in [fromMs, toMs), per day of
 * `exposureDays` (the interval's covered time; by default its whole length).
 */
export function measuredBaseline(
  missions: readonly Mission[],
  fromMs: number,
  toMs: number,
  exposureDays: number = (toMs - fromMs) / MS_PER_DAY,
): Baseline {
  const n = missions.filter(
    (m) => m.firstEntry.timeMs >= fromMs && m.firstEntry.timeMs < toMs,
  ).length;
  return {
    source: 'data',
    fromMs,
    toMs,
    missions: n,
    ratePerDay: n / exposureDays,
    exposureDays,
  };
}

/**
 * One-sided upper confidence bound on a measured baseline's rate per day (null for a stated
 * rate). With no missions the rate is not known to be zero, only below −ln(1 − c) / exposure:
 * 3.0 / exposure at 95%.
 */
export function baselineRateUpperBound(baseline: Baseline, confidence = 0.95): number | null {
  if (baseline.source !== 'data') return null;
  return poissonMeanUpperBound(baseline.missions, confidence) / baseline.exposureDays;
}
