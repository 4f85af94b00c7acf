import type { Mission } from '../missions/types.js';
import { periodIndexOf, periodsInWindow, type PeriodUnit } from './periods.js';
import { mulberry32 } from '../seeded-random.js';

/** Monte Carlo draws for the dispersion test; fixed, with a fixed seed, so runs reproduce. */
export const DISPERSION_DRAWS = 9999;
/** Fewer draws when there are very many missions, to bound the work (draws × missions). */
const MAX_DRAWN_MISSIONS = 20_000_000;
const MIN_DRAWS = 999;
const DISPERSION_SEED = 20_250_203;
/** Clustering is reported when the dispersion test gives p below this. */
export const DISPERSION_ALPHA = 0.05;
/** Fewer baseline periods than this (with data) tell nothing about variance. */
const MIN_PERIODS = 4;

/**
 * Whether the baseline's missions vary more from period to period than a Poisson process would:
 * the variance-to-mean ratio (Pearson's dispersion index, exposure-weighted) and its test.
 */
export interface Dispersion {
  readonly unit: PeriodUnit;
  /** Baseline periods with data that entered the test. */
  readonly periods: number;
  readonly missions: number;
  /** Pearson X² / (periods − 1): about 1 for Poisson counts, above 1 when missions cluster. */
  readonly index: number;
  /**
   * One-sided p-value for "more variance than Poisson": the share of multinomial redistributions of
   * the same missions over the same exposures whose X² is at least the observed one (Monte Carlo,
   * exact in expectation for any mean, unlike the χ² approximation that fails for small counts).
   */
  readonly pValue: number;
  readonly draws: number;
  readonly clustered: boolean;
}

/** Pearson X² of counts against expectations proportional to exposures. */
function pearson(counts: ArrayLike<number>, expected: readonly number[]): number {
  let x2 = 0;
  for (let i = 0; i < expected.length; i += 1) {
    const e = expected[i] as number;
    const d = (counts[i] as number) - e;
    x2 += (d * d) / e;
  }
  return x2;
}

/**
 * Dispersion of per-period counts with exposures (only periods with exposure > 0 count). Returns
 * null when there are too few periods or no missions at all.
 */
export function dispersionTest(
  counts: readonly number[],
  exposures: readonly number[],
  unit: PeriodUnit,
): Dispersion | null {
  const pairs = counts.map((c, i) => [c, exposures[i] ?? 0] as const).filter(([, e]) => e > 0);
  const total = pairs.reduce((s, [c]) => s + c, 0);
  const exposure = pairs.reduce((s, [, e]) => s + e, 0);
  if (pairs.length < MIN_PERIODS || total === 0) return null;
  const expected = pairs.map(([, e]) => (total * e) / exposure);
  const observed = pearson(
    pairs.map(([c]) => c),
    expected,
  );
  // Given the total, Poisson counts are multinomial with cell probabilities ∝ exposure.
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, e] of pairs) cumulative.push((acc += e / exposure));
  const random = mulberry32(DISPERSION_SEED);
  const draw = new Int32Array(pairs.length);
  let atLeast = 0;
  const draws = Math.max(
    MIN_DRAWS,
    Math.min(DISPERSION_DRAWS, Math.floor(MAX_DRAWN_MISSIONS / total)),
  );
  for (let d = 0; d < draws; d += 1) {
    draw.fill(0);
    for (let m = 0; m < total; m += 1) {
      const u = random();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      draw[lo] = (draw[lo] as number) + 1;
    }
    // A relative tolerance keeps ties (common with small integer counts) counted as ties.
    if (pearson(draw, expected) >= observed * (1 - 1e-12)) atLeast += 1;
  }
  const pValue = (atLeast + 1) / (draws + 1);
  const index = observed / (pairs.length - 1);
  return {
    unit,
    periods: pairs.length,
    missions: total,
    index,
    pValue,
    draws,
    clustered: pValue < DISPERSION_ALPHA && index > 1,
  };
}

/**
 * The dispersion of missions per `unit` over a measured baseline interval, each period weighted by
 * its exposure (covered time, or calendar time when coverage is off).
 */
export function baselineDispersion(
  missions: readonly Mission[],
  fromMs: number,
  toMs: number,
  unit: PeriodUnit,
  tz: string,
  exposureMs: (startMs: number, endMs: number) => number,
): Dispersion | null {
  const periods = periodsInWindow(fromMs, toMs, unit, tz);
  const counts = periods.map(() => 0);
  for (const m of missions) {
    const i = periodIndexOf(periods, m.firstEntry.timeMs);
    if (i >= 0) counts[i] = (counts[i] as number) + 1;
  }
  return dispersionTest(
    counts,
    periods.map((p) => exposureMs(p.startMs, p.endMs)),
    unit,
  );
}
