import { hoursMs } from '../coverage/coverage.js';
import type { Exposure } from '../coverage/outages.js';
import type { Mission } from '../missions/types.js';
import type { Baseline } from './baseline.js';
import { baselineDispersion, type Dispersion } from './dispersion.js';
import {
  durationDays,
  isoInZone,
  periodIndexOf,
  periodsInWindow,
  type Period,
  type PeriodUnit,
} from './periods.js';
import {
  adjustPValues,
  binomialMidPUpperTail,
  binomialUpperTail,
  garwoodInterval,
  negativeBinomialUpperTail,
  poissonMidPUpperTail,
  poissonUpperTail,
  rateRatioTest,
  type PAdjustment,
} from './stats.js';
import { byCodeUnits } from '../text-order.js';
import type { OperatorAccount } from './operators.js';

const MS_PER_DAY = 86_400_000;

/** Missions in one period (or the whole window) and how they compare with the baseline. */
export interface Comparison {
  readonly missions: number;
  /** Distinct aircraft and dates of first entry into the region: BuzzFeed's conservative floor. */
  readonly aircraftDays: number;
  readonly expected: number | null;
  readonly ratio: number | null;
  /**
   * One-sided p-value of the report's test (`CountReport.test`), or its mid-p version with `midP`;
   * null without a baseline, without coverage, or against a known rate of zero.
   */
  readonly pValue: number | null;
  /** Exact (Garwood) 95% interval for the count. */
  readonly ci95: readonly [number, number];
  readonly byType: Readonly<Record<string, number>>;
  /** The period's length in days. */
  readonly calendarDays: number;
  /** Its days less the outages the inputs show (the calendar length when none could be judged). */
  readonly observedDays: number;
  /** Days the expectation is taken over: `observedDays`, or `calendarDays` with --exposure calendar. */
  readonly exposureDays: number;
  /** Observed share of the period (0–1), or null with --exposure calendar. */
  readonly coverage: number | null;
  /** Exposure is from outages and the whole period lies in one: not zero missions, unknown. */
  readonly noCoverage: boolean;
}

export interface PeriodCount extends Comparison, Period {
  /** `pValue` adjusted for the periods tested (`CountReport.adjust`); null where `pValue` is. */
  readonly pAdjusted: number | null;
}

/**
 * How the counts are tested against the baseline:
 *   rate-ratio: a measured baseline is itself a Poisson count, so each period (and the window) is
 *     compared with it as a second count, exactly, given their sum (binomial with the period's
 *     share of the two exposures): the baseline's own uncertainty is allowed for, and a baseline
 *     without missions still gives a finite p-value;
 *   poisson: the one-sample test P(X ≥ n | expected), for a stated rate, taken as known, and for a
 *     measured baseline that overlaps the window (the two counts share missions).
 */
export type RateTest = 'rate-ratio' | 'poisson';

/** Significance below which a period is highlighted (after the adjustment for the periods tested). */
export const SURGE_P = 0.01;

/** A highlighted period: adjusted p below SURGE_P, with at least one mission. */
export const isSurge = (p: PeriodCount): boolean =>
  p.pAdjusted !== null && p.pAdjusted < SURGE_P && p.missions > 0;

export interface RateRatio {
  readonly ratio: number | null;
  readonly ci95: readonly [number, number];
  /** One-sided: the window's rate exceeds the baseline's. */
  readonly pValue: number;
  /** Exposures compared: the window's and the baseline's, in days. */
  readonly windowDays: number;
  readonly baselineDays: number;
}

/** The baseline's clustering, and what the window's p-value becomes if it is taken seriously. */
export interface DispersionNote extends Dispersion {
  /**
   * P(X ≥ window missions) for a negative binomial with the expected count as mean and
   * `index` × mean as variance; null when the index is not above 1.
   */
  readonly negativeBinomialPValue: number | null;
}

/** How the expected counts' time is measured, and the outages found. */
export interface ExposureChoice {
  /** `outages`: calendar time less evidenced outages; `calendar`: all of it. */
  readonly mode: 'outages' | 'calendar';
  /** What the inputs show of outages (null when not looked for). */
  readonly model: Exposure | null;
}

export interface ReportOptions {
  /** Exposure: calendar time by default. */
  readonly exposure?: ExposureChoice | undefined;
  /** Mid-p values, P(X > n) + ½ P(X = n), instead of P(X ≥ n). */
  readonly midP?: boolean | undefined;
  /** Adjustment of the per-period p-values for the number of periods tested; default holm. */
  readonly adjust?: PAdjustment | undefined;
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
  /** With a baseline measured from the data: its dispersion per period unit. */
  readonly dispersion: DispersionNote | null;
  /** How exposure was measured, with the outages found. */
  readonly exposure: ExposureChoice;
  /** A measured baseline interval's calendar days and its days less outages. */
  readonly baselineDays: { readonly calendar: number; readonly observed: number } | null;
  /** Conditions that change the verdict (src/report/verdict.ts), filled in by the caller. */
  readonly warnings: readonly string[];
  /** Which operators are counted and what was left out (set by the report command). */
  readonly operators?: OperatorAccount;
  readonly midP: boolean;
  /** The test behind every p-value; null without a baseline. */
  readonly test: RateTest | null;
  /**
   * With the rate-ratio test: the window's one-sample Poisson p-value with the measured rate taken
   * as known (smaller, since it ignores the baseline's noise); null when that rate is zero.
   */
  readonly knownRatePValue: number | null;
  /** How the per-period p-values were adjusted, and over how many periods (those with a p-value). */
  readonly adjust: PAdjustment;
  readonly periodsTested: number;
  /** Missions whose first entry is inside the window. */
  readonly missions: readonly Mission[];
}

const CALENDAR: ExposureChoice = { mode: 'calendar', model: null };

/** Days of [startMs, endMs) inside the outages found (0 when none were looked for). */
export function unobservedDays(exposure: ExposureChoice, startMs: number, endMs: number): number {
  if (exposure.model === null) return 0;
  return hoursMs(exposure.model.unobservedHours, startMs, endMs) / MS_PER_DAY;
}

/** Distinct aircraft and UTC dates with time in the region, over some missions. */
export function countAircraftDays(missions: readonly Mission[], tz = 'UTC'): number {
  const days = new Set<string>();
  for (const m of missions) {
    // The date of first entry, as periods are bucketed: a mission across midnight is one day, so
    // the count never exceeds the missions.
    const day =
      tz === 'UTC'
        ? new Date(m.firstEntry.timeMs).toISOString().slice(0, 10)
        : isoInZone(m.firstEntry.timeMs, tz).slice(0, 10);
    days.add(`${m.aircraft.hex} ${day}`);
  }
  return days.size;
}

/** The test the report makes: see RateTest. */
export function rateTestOf(window: Period, baseline: Baseline | null): RateTest | null {
  if (baseline === null) return null;
  return baseline.source === 'data' && !windowOverlapsBaseline(window, baseline)
    ? 'rate-ratio'
    : 'poisson';
}

/** One-sided p-value of n missions over `exposureDays` (expecting `expected`) by `test`. */
function testP(
  test: RateTest | null,
  n: number,
  exposureDays: number,
  expected: number,
  baseline: Baseline | null,
  midP: boolean,
): number | null {
  if (test === 'rate-ratio' && baseline?.source === 'data') {
    // Given the total, the period's missions are binomial with its share of the two exposures.
    const total = n + baseline.missions;
    const share = exposureDays / (exposureDays + baseline.exposureDays);
    return midP ? binomialMidPUpperTail(n, total, share) : binomialUpperTail(n, total, share);
  }
  // Against a known rate of zero any mission is impossible: that is no test, not p = 0.
  if (expected === 0) return null;
  return midP ? poissonMidPUpperTail(n, expected) : poissonUpperTail(n, expected);
}

function compare(
  missions: readonly Mission[],
  period: Period,
  baseline: Baseline | null,
  options: ReportOptions,
  test: RateTest | null,
  tz: string,
): Comparison {
  const n = missions.length;
  const days = durationDays(period);
  const exposure = options.exposure ?? CALENDAR;
  const observedDays = days - unobservedDays(exposure, period.startMs, period.endMs);
  const byOutages = exposure.mode === 'outages';
  const exposureDays = byOutages ? observedDays : days;
  const noCoverage = byOutages && exposureDays === 0;
  const expected = baseline === null || noCoverage ? null : baseline.ratePerDay * exposureDays;
  const byType: Record<string, number> = {};
  for (const m of missions) {
    const type = m.aircraft.type ?? 'unknown';
    byType[type] = (byType[type] ?? 0) + 1;
  }
  return {
    missions: n,
    aircraftDays: countAircraftDays(missions, tz),
    expected,
    ratio: expected === null || expected === 0 ? null : n / expected,
    pValue:
      expected === null
        ? null
        : testP(test, n, exposureDays, expected, baseline, options.midP === true),
    ci95: garwoodInterval(n, 0.95),
    byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => byCodeUnits(a, b))),
    calendarDays: days,
    observedDays,
    exposureDays,
    coverage: !byOutages || days === 0 ? null : exposureDays / days,
    noCoverage,
  };
}

/** True when the window and a measured baseline interval share any time. */
export function windowOverlapsBaseline(window: Period, baseline: Baseline | null): boolean {
  return (
    baseline?.source === 'data' && baseline.fromMs < window.endMs && window.startMs < baseline.toMs
  );
}

function rateRatioOf(
  window: Period,
  summary: Comparison,
  baseline: Baseline | null,
  midP: boolean,
): RateRatio | null {
  if (baseline?.source !== 'data') return null;
  // Overlapping intervals share missions: the two counts are not independent, the test does not hold.
  if (windowOverlapsBaseline(window, baseline)) return null;
  const windowDays = summary.exposureDays;
  const baselineDays = baseline.exposureDays;
  if (!(windowDays > 0 && baselineDays > 0)) return null;
  const t = rateRatioTest(summary.missions, windowDays, baseline.missions, baselineDays);
  const pValue = midP
    ? binomialMidPUpperTail(
        summary.missions,
        summary.missions + baseline.missions,
        windowDays / (windowDays + baselineDays),
      )
    : t.pValue;
  return { ratio: t.ratio, ci95: t.ci, pValue, windowDays, baselineDays };
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
  options: ReportOptions = {},
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
  const exposure = options.exposure ?? CALENDAR;
  const midP = options.midP ?? false;
  const test = rateTestOf(window, baseline);
  const summary = compare(inWindow, window, baseline, options, test, tz);
  const knownRatePValue =
    test === 'rate-ratio'
      ? testP('poisson', summary.missions, summary.exposureDays, summary.expected ?? 0, null, midP)
      : null;
  const compared = periods.map((p, i) => ({
    ...p,
    ...compare(buckets[i] ?? [], p, baseline, options, test, tz),
  }));
  // The family is every period with a p-value, quiet ones included: each could have been highlighted.
  const adjust = options.adjust ?? 'holm';
  const tested = compared.flatMap((p) => (p.pValue === null ? [] : [p.pValue]));
  const adjusted = adjustPValues(tested, adjust);
  let next = 0;
  const withAdjusted = compared.map((p) => ({
    ...p,
    pAdjusted: p.pValue === null ? null : (adjusted[next++] ?? null),
  }));
  let dispersion: DispersionNote | null = null;
  if (baseline?.source === 'data') {
    const exposureMs = (s: number, e: number): number =>
      exposure.mode === 'calendar' ? e - s : e - s - unobservedDays(exposure, s, e) * MS_PER_DAY;
    const d = baselineDispersion(missions, baseline.fromMs, baseline.toMs, unit, tz, exposureMs);
    if (d !== null) {
      const nb =
        d.index > 1 && summary.expected !== null
          ? negativeBinomialUpperTail(summary.missions, summary.expected, d.index)
          : null;
      dispersion = { ...d, negativeBinomialPValue: nb };
    }
  }
  return {
    unit,
    tz,
    window,
    baseline,
    rateRatio: rateRatioOf(window, summary, baseline, midP),
    dispersion,
    exposure,
    baselineDays:
      baseline?.source === 'data'
        ? {
            calendar: (baseline.toMs - baseline.fromMs) / MS_PER_DAY,
            observed:
              (baseline.toMs - baseline.fromMs) / MS_PER_DAY -
              unobservedDays(exposure, baseline.fromMs, baseline.toMs),
          }
        : null,
    warnings: [],
    midP,
    test,
    knownRatePValue,
    adjust,
    periodsTested: tested.length,
    summary,
    periods: withAdjusted,
    missions: inWindow,
  };
}
