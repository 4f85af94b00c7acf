import { describe, expect, it } from 'vitest';
import type { Mission } from '../src/missions/types.js';
import { measuredBaseline } from '../src/report/baseline.js';
import { buildCountReport } from '../src/report/build-report.js';
import { dispersionTest } from '../src/report/dispersion.js';
import { summarySentence } from '../src/report/render/report-text.js';
import {
  binomialMidPUpperTail,
  negativeBinomialUpperTail,
  poissonLowerTail,
  poissonQuantile,
  poissonUpperTail,
  rateRatioTest,
} from '../src/report/stats.js';

function expectRelClose(actual: number, expected: number, tolerance: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/** Rounds as the published tables do: four significant digits. */
const sig4 = (x: number): number => Number(x.toPrecision(4));

describe('two Poisson rates against published values (OpenEpi, "Comparing 2 Person-Time Rates")', () => {
  // OpenEpi's worked example (Dean, Sullivan, Soe; openepi.com), three strata: cases and
  // person-time in the exposed and the unexposed, with the one-tailed upper p-values of the
  // exact ("Fisher exact") and mid-p conditional tests and the exact 95% limits of the ratio.
  const CASES = [
    {
      x1: 17,
      t1: 100025,
      x2: 3,
      t2: 122268,
      rr: 6.927,
      p: 0.0002769,
      midP: 0.0001564,
      ci: [2.004, 36.89],
    },
    {
      x1: 8,
      t1: 78531,
      x2: 1,
      t2: 77932,
      rr: 7.939,
      p: 0.02008,
      midP: 0.01105,
      ci: [1.064, 352.3],
    },
    {
      x1: 25,
      t1: 178556,
      x2: 4,
      t2: 200200,
      rr: 7.008,
      p: 0.00001462,
      midP: 0.00000827,
      ci: [2.42, 27.71],
    },
  ] as const;

  it.each(CASES)('$x1 in $t1 vs $x2 in $t2: exact p, mid-p and interval', (c) => {
    const r = rateRatioTest(c.x1, c.t1, c.x2, c.t2);
    expect(sig4(r.ratio ?? NaN)).toBe(c.rr);
    expect(sig4(r.pValue)).toBe(c.p);
    expect(sig4(r.ci[0])).toBe(c.ci[0]);
    expect(sig4(r.ci[1])).toBe(c.ci[1]);
    const midP = binomialMidPUpperTail(c.x1, c.x1 + c.x2, c.t1 / (c.t1 + c.t2));
    expect(sig4(midP)).toBe(c.midP);
  });

  it("R's poisson.test: 18 missions in 14 days vs 12 in 365 days", () => {
    const r = rateRatioTest(18, 14, 12, 365);
    expect(r.ratio?.toFixed(1)).toBe('39.1');
    expect(r.ci.map((x) => x.toFixed(1))).toEqual(['17.8', '89.0']);
    expect(r.pValue.toPrecision(2)).toBe('9.3e-19');
    // Mid-p removes half the point mass: below the exact p, above the strict tail.
    const mid = binomialMidPUpperTail(18, 30, 14 / 379);
    expect(mid).toBeLessThan(r.pValue);
    expect(mid).toBeGreaterThan(binomialMidPUpperTail(19, 30, 14 / 379));
  });

  it('binomial mid-p equals P(X > k) + ½ P(X = k) in closed form', () => {
    // n = 3, p = 1/2: P(X = k) = C(3, k)/8.
    expect(binomialMidPUpperTail(0, 3, 0.5)).toBeCloseTo(7 / 8 + 1 / 16, 14);
    expect(binomialMidPUpperTail(2, 3, 0.5)).toBeCloseTo(1 / 8 + 3 / 16, 14);
    expect(binomialMidPUpperTail(3, 3, 0.5)).toBeCloseTo(1 / 16, 14);
    expect(binomialMidPUpperTail(4, 3, 0.5)).toBe(0);
    expect(binomialMidPUpperTail(-1, 3, 0.5)).toBe(1);
  });
});

describe('poissonQuantile', () => {
  it("matches R's qpois", () => {
    expect(poissonQuantile(0.975, 10)).toBe(17);
    expect(poissonQuantile(0.025, 10)).toBe(4);
    expect(poissonQuantile(0.5, 1)).toBe(1);
    expect(poissonQuantile(0.975, 0)).toBe(0);
  });

  it('is the smallest k with P(X ≤ k) ≥ p, across small and large means', () => {
    for (const mu of [0.0335, 0.47, 3, 42, 1500]) {
      for (const p of [0.025, 0.5, 0.975]) {
        const k = poissonQuantile(p, mu);
        expect(poissonLowerTail(k, mu)).toBeGreaterThanOrEqual(p);
        if (k > 0) expect(poissonLowerTail(k - 1, mu)).toBeLessThan(p);
      }
    }
  });
});

describe('negativeBinomialUpperTail', () => {
  it('size 2, success probability ½ (mean 2, variance 4): P(X ≥ n) = (n + 2) / 2^(n+1)', () => {
    for (const n of [1, 2, 5, 18, 60]) {
      expectRelClose(negativeBinomialUpperTail(n, 2, 2), (n + 2) / 2 ** (n + 1), 1e-12);
    }
  });

  it('size 3, success probability ¼ (mean 9, variance 36) against an exact rational sum', () => {
    // P(X = k) = C(k + 2, 2) (1/4)^3 (3/4)^k; sum the lower tail exactly and complement it.
    const n = 20;
    let num = 0n;
    for (let k = 0; k < n; k += 1) {
      num += (BigInt((k + 2) * (k + 1)) / 2n) * 3n ** BigInt(k) * 4n ** BigInt(n - 1 - k);
    }
    const den = 4n ** BigInt(n - 1 + 3);
    const upper = Number(den - num) / Number(den);
    expectRelClose(negativeBinomialUpperTail(n, 9, 4), upper, 1e-10);
  });

  it('tends to the Poisson tail as the variance factor tends to 1, and is heavier above it', () => {
    const poisson = poissonUpperTail(18, 0.47);
    // Deep in the tail the excess is about n²(f − 1)/(2μ): linear in f − 1 once it is small.
    const gaps = [1.1, 1.01, 1.001, 1.0001, 1.00001].map(
      (f) => negativeBinomialUpperTail(18, 0.47, f) / poisson - 1,
    );
    for (const [i, g] of gaps.entries()) {
      expect(g).toBeGreaterThan(0);
      if (i > 0) expect(g).toBeLessThan(gaps[i - 1] ?? 0);
    }
    expect(gaps[4]).toBeLessThan(0.005);
    expect((gaps[3] ?? 0) / (gaps[4] ?? 1)).toBeCloseTo(10, 0);
    expect(negativeBinomialUpperTail(0, 0.47, 2)).toBe(1);
    expect(() => negativeBinomialUpperTail(3, 1, 1)).toThrow(RangeError);
  });
});

describe('dispersionTest', () => {
  it('finds no clustering in counts as even as Poisson ones, and is reproducible', () => {
    const counts = [0, 1, 0, 2, 1, 0, 1, 1, 0, 0, 1, 2, 0, 1, 0, 1, 1, 0, 2, 0];
    const d = dispersionTest(
      counts,
      counts.map(() => 7),
      'week',
    );
    expect(d).not.toBeNull();
    expect(d?.clustered).toBe(false);
    expect(d?.pValue).toBeGreaterThan(0.05);
    expect(
      dispersionTest(
        counts,
        counts.map(() => 7),
        'week',
      ),
    ).toEqual(d);
  });

  it('flags bursts: 30 missions on 6 of 60 days', () => {
    const counts = Array.from({ length: 60 }, (_, i) => (i % 10 === 0 ? 5 : 0));
    const d = dispersionTest(
      counts,
      counts.map(() => 1),
      'day',
    );
    expect(d?.clustered).toBe(true);
    expect(d?.index).toBeGreaterThan(3);
    expect(d?.pValue).toBeLessThan(0.001);
  });

  it('weights by exposure: a half-covered period expects half as many', () => {
    // Counts exactly proportional to exposure: X² = 0, index 0.
    const d = dispersionTest([2, 1, 2, 1], [1, 0.5, 1, 0.5], 'day');
    expect(d?.index).toBe(0);
    expect(d?.clustered).toBe(false);
    // Periods without exposure are left out.
    expect(dispersionTest([2, 1, 2, 1, 0], [1, 0.5, 1, 0.5, 0], 'day')?.periods).toBe(4);
  });

  it('declines when there is too little to go on', () => {
    expect(dispersionTest([1, 0, 2], [1, 1, 1], 'day')).toBeNull();
    expect(dispersionTest([0, 0, 0, 0, 0], [1, 1, 1, 1, 1], 'day')).toBeNull();
  });
});

describe('the report notes clustering with a negative-binomial sensitivity figure', () => {
  const day = 86_400_000;
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  const mission = (timeMs: number, hex = 'ae6881'): Mission =>
    ({
      id: `${hex}-${timeMs}`,
      aircraft: { hex, type: 'P8' },
      firstEntry: { timeMs, lat: 27, lon: -111, fileIndex: 0, line: 1 },
      utcDatesInRegion: [new Date(timeMs).toISOString().slice(0, 10)],
    }) as unknown as Mission;

  it('bursty baseline: Poisson p, then the larger negative-binomial p', () => {
    // Baseline: 60 days with 30 missions, all on 6 days; window: 10 days with 12 missions.
    const baselineMissions = Array.from({ length: 30 }, (_, k) =>
      mission(t0 + Math.floor(k / 5) * 10 * day + (k % 5) * 3_600_000),
    );
    const windowMissions = Array.from({ length: 12 }, (_, k) =>
      mission(t0 + 60 * day + k * 0.8 * day),
    );
    const all = [...baselineMissions, ...windowMissions];
    const baseline = measuredBaseline(all, t0, t0 + 60 * day);
    const window = { startMs: t0 + 60 * day, endMs: t0 + 70 * day };
    const r = buildCountReport(all, window, 'day', 'UTC', baseline);
    expect(r.dispersion?.clustered).toBe(true);
    const nb = r.dispersion?.negativeBinomialPValue ?? NaN;
    // The negative binomial widens the one-sample test (the measured rate taken as known).
    const poisson = r.knownRatePValue ?? NaN;
    expect(nb).toBeGreaterThan(poisson);
    expectRelClose(nb, negativeBinomialUpperTail(12, 5, r.dispersion?.index ?? NaN), 1e-12);
    expect(summarySentence(r)).toMatch(/Missions cluster: per day, the baseline's variance is/);
    expect(summarySentence(r)).toMatch(/negative binomial, variance \d+\.\d × mean\), p = /);
  });

  it('mid-p lowers the p-values of the one-sample and the rate-ratio tests', () => {
    const all = [
      mission(t0 + 3 * day),
      mission(t0 + 40 * day),
      ...Array.from({ length: 6 }, (_, k) => mission(t0 + 61 * day + k * day)),
    ];
    const baseline = measuredBaseline(all, t0, t0 + 60 * day);
    const window = { startMs: t0 + 60 * day, endMs: t0 + 70 * day };
    const exact = buildCountReport(all, window, 'week', 'UTC', baseline);
    const mid = buildCountReport(all, window, 'week', 'UTC', baseline, { midP: true });
    expect(mid.midP).toBe(true);
    expect(mid.summary.pValue).toBeLessThan(exact.summary.pValue ?? 0);
    expect(mid.rateRatio?.pValue).toBeLessThan(exact.rateRatio?.pValue ?? 0);
    // The intervals stay exact.
    expect(mid.rateRatio?.ci95).toEqual(exact.rateRatio?.ci95);
    expect(summarySentence(mid)).toContain('one-sided mid-p Poisson p');
  });
});
