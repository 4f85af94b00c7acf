import { describe, it, expect } from 'vitest';
import {
  betaQuantile,
  binomialUpperTail,
  clopperPearson,
  gammaQuantile,
  garwoodInterval,
  logGamma,
  poissonLowerTail,
  poissonMidPUpperTail,
  poissonUpperTail,
  rateRatioTest,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from '../src/report/stats.js';

// Reference values marked "mpmath" were computed independently with mpmath at 40 significant
// digits (root-finding on its own incomplete gamma/beta), not with the code under test.

function expectRelClose(actual: number, expected: number, tolerance: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  const scale = Math.abs(expected);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * scale);
}

/** Rounds to two significant digits, as the expected tiny tails are quoted. */
function twoSignificant(x: number): number {
  return Number(x.toPrecision(2));
}

/** num/den for big integers as the nearest double, even when the quotient is far below 1e-300. */
function ratioToNumber(num: bigint, den: bigint): number {
  // Scale so the integer quotient carries 64 significant bits, then undo the power of two exactly.
  const shift = den.toString(2).length - num.toString(2).length + 64;
  const quotient = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  return Number(quotient) * 2 ** -shift;
}

function factorial(k: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(k); i++) f *= i;
  return f;
}

/**
 * P(X ≥ n) for X ~ Poisson(num/den) as an exact rational sum of Σ_{k=n}^{n+80} mu^k / k!
 * times e^-mu (the only rounding is the final exp and division). The terms past n + 80 are
 * below 1e-100 of the sum for the small means used here.
 */
function bigPoissonUpperTail(n: number, num: number, den: number): number {
  const last = n + 80;
  const lastFactorial = factorial(last);
  let numerator = 0n;
  let fallingRatio = lastFactorial / factorial(n); // last! / k!, for k from n upwards
  for (let k = n; k <= last; k++) {
    numerator += BigInt(num) ** BigInt(k) * BigInt(den) ** BigInt(last - k) * fallingRatio;
    fallingRatio /= BigInt(k + 1);
  }
  const denominator = BigInt(den) ** BigInt(last) * lastFactorial;
  return ratioToNumber(numerator, denominator) * Math.exp(-num / den);
}

function binomialCoefficient(n: number, k: number): bigint {
  return factorial(n) / (factorial(k) * factorial(n - k));
}

/** P(X ≥ k) for X ~ Binomial(n, num/den), exactly as a rational, rounded once at the end. */
function bigBinomialUpperTail(k: number, n: number, num: number, den: number): number {
  let numerator = 0n;
  for (let j = Math.max(k, 0); j <= n; j++) {
    numerator +=
      binomialCoefficient(n, j) * BigInt(num) ** BigInt(j) * BigInt(den - num) ** BigInt(n - j);
  }
  return ratioToNumber(numerator, BigInt(den) ** BigInt(n));
}

describe('reference helpers', () => {
  it('ratioToNumber rounds exact rationals correctly', () => {
    expect(ratioToNumber(1n, 3n)).toBe(1 / 3);
    expect(ratioToNumber(22n, 7n)).toBe(22 / 7);
    expect(ratioToNumber(1n, 10n ** 30n)).toBe(1e-30);
  });

  it('bigPoissonUpperTail matches 1 - e^-mu for n = 1', () => {
    expectRelClose(bigPoissonUpperTail(1, 1, 2), -Math.expm1(-0.5), 1e-15);
  });
});

describe('logGamma', () => {
  it.each([
    { x: 0.5, expected: Math.log(Math.sqrt(Math.PI)) },
    { x: 1, expected: 0 },
    { x: 2, expected: 0 },
    { x: 3, expected: Math.log(2) },
    { x: 10, expected: Math.log(362880) },
    // mpmath
    { x: 1e-8, expected: 18.42068073818021 },
    { x: 0.1, expected: 2.252712651734206 },
    { x: 3.7, expected: 1.4280723266653879 },
  ])('logGamma($x) = $expected to 1e-14 absolute', ({ x, expected }) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-14);
  });

  it.each([
    // mpmath
    { x: 25.5, expected: 56.389167643719944 },
    { x: 171.3, expected: 708.1149470389968 },
    { x: 1e6, expected: 12815504.569147611 },
  ])('logGamma($x) = $expected to 1e-15 relative', ({ x, expected }) => {
    expectRelClose(logGamma(x), expected, 1e-15);
  });

  it('satisfies ln Γ(x + 1) = ln Γ(x) + ln x across the Stirling switch-over', () => {
    for (const x of [0.01, 0.7, 1.5, 8.9, 9.5, 9.999, 10, 12.25, 300]) {
      const tolerance = 4 * Number.EPSILON * Math.max(1, Math.abs(logGamma(x + 1)));
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(tolerance);
    }
  });

  it('rejects non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1.5)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('regularizedGammaP / regularizedGammaQ', () => {
  it.each([
    { a: 1, x: 0.001 },
    { a: 1, x: 0.7 },
    { a: 1, x: 3 },
    { a: 1, x: 40 },
    { a: 2, x: 0.2 },
    { a: 2, x: 2.5 },
    { a: 2, x: 60 },
  ])('matches the closed forms for integer shape (a=$a, x=$x)', ({ a, x }) => {
    // Q(1, x) = e^-x; Q(2, x) = e^-x (1 + x); P = -expm1 form avoids cancellation for tiny x.
    const q = a === 1 ? Math.exp(-x) : Math.exp(-x) * (1 + x);
    const p = a === 1 ? -Math.expm1(-x) : -Math.expm1(-x) - x * Math.exp(-x);
    expectRelClose(regularizedGammaQ(a, x), q, 1e-13);
    expectRelClose(regularizedGammaP(a, x), p, 1e-10);
  });

  it('keeps full relative precision in a tiny upper tail', () => {
    // Q(3, 50) = e^-50 (1 + 50 + 1250) ≈ 2.5e-19, far below 1 - P's resolution.
    expectRelClose(regularizedGammaQ(3, 50), Math.exp(-50) * 1301, 1e-13);
  });

  it('returns the limits at x = 0 and x = Infinity', () => {
    expect(regularizedGammaP(2.5, 0)).toBe(0);
    expect(regularizedGammaQ(2.5, 0)).toBe(1);
    expect(regularizedGammaP(2.5, Infinity)).toBe(1);
    expect(regularizedGammaQ(2.5, Infinity)).toBe(0);
  });

  it('P + Q = 1 on a grid spanning both expansions', () => {
    for (const a of [0.3, 1, 4.5, 18, 250]) {
      for (const x of [0.01, 0.5 * a, a, a + 1, 2 * a + 3]) {
        expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
      }
    }
  });
});

describe('poissonUpperTail', () => {
  it('poissonUpperTail(18, 14/30) ≈ 1.1e-22 against an exact rational sum', () => {
    const reference = bigPoissonUpperTail(18, 14, 30);
    const value = poissonUpperTail(18, 14 / 30);
    expect(twoSignificant(value)).toBe(1.1e-22);
    expect(twoSignificant(reference)).toBe(1.1e-22);
    expectRelClose(value, reference, 1e-12);
  });

  it('poissonUpperTail(18, 10/30) ≈ 2.9e-25 against an exact rational sum', () => {
    const reference = bigPoissonUpperTail(18, 10, 30);
    const value = poissonUpperTail(18, 10 / 30);
    expect(twoSignificant(value)).toBe(2.9e-25);
    expectRelClose(value, reference, 1e-12);
  });

  it.each([
    { n: 1, num: 1, den: 2 },
    { n: 3, num: 7, den: 2 },
    { n: 12, num: 12, den: 1 },
    { n: 25, num: 3, den: 1 },
    { n: 60, num: 1, den: 5 },
  ])('matches the exact sum for n=$n, mu=$num/$den', ({ n, num, den }) => {
    expectRelClose(poissonUpperTail(n, num / den), bigPoissonUpperTail(n, num, den), 1e-12);
  });

  it('poissonUpperTail(1, 0.5) = 1 - e^-0.5', () => {
    expectRelClose(poissonUpperTail(1, 0.5), 1 - Math.exp(-0.5), 1e-14);
  });

  it.each([0, 1e-9, 0.5, 3, 1000])('poissonUpperTail(0, %s) = 1', (mu) => {
    expect(poissonUpperTail(0, mu)).toBe(1);
    expect(poissonUpperTail(-3, mu)).toBe(1);
  });

  it('is 0 for a positive count when mu = 0', () => {
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(18, 0)).toBe(0);
  });

  it('is decreasing in n and increasing in mu', () => {
    const mus = [0.1, 0.5, 2, 7.5, 20];
    for (const mu of mus) {
      for (let n = 1; n < 30; n++) {
        expect(poissonUpperTail(n + 1, mu)).toBeLessThan(poissonUpperTail(n, mu));
      }
    }
    for (const n of [1, 4, 18]) {
      for (let i = 1; i < mus.length; i++) {
        expect(poissonUpperTail(n, mus[i] ?? 0)).toBeGreaterThan(
          poissonUpperTail(n, mus[i - 1] ?? 0),
        );
      }
    }
  });

  it('rejects non-integer counts and negative or non-finite means', () => {
    expect(() => poissonUpperTail(1.5, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, -0.1)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, Number.NaN)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, Infinity)).toThrow(RangeError);
  });
});

describe('poissonLowerTail', () => {
  it.each([
    { n: 0, mu: 0.5, expected: Math.exp(-0.5) },
    { n: 1, mu: 2, expected: 3 * Math.exp(-2) },
    { n: 2, mu: 40, expected: Math.exp(-40) * (1 + 40 + 800) },
  ])('P(X <= $n | mu=$mu) matches the closed form', ({ n, mu, expected }) => {
    expectRelClose(poissonLowerTail(n, mu), expected, 1e-13);
  });

  it('handles the edges', () => {
    expect(poissonLowerTail(-1, 3)).toBe(0);
    expect(poissonLowerTail(0, 0)).toBe(1);
    expect(poissonLowerTail(5, 0)).toBe(1);
  });

  it('complements the upper tail: P(X <= n - 1) + P(X >= n) = 1', () => {
    for (const mu of [0.2, 1, 6.5, 30]) {
      for (const n of [1, 2, 5, 10, 31, 45]) {
        expect(poissonLowerTail(n - 1, mu) + poissonUpperTail(n, mu)).toBeCloseTo(1, 14);
      }
    }
  });
});

describe('poissonMidPUpperTail', () => {
  it('equals P(X > n) + ½ P(X = n) in closed form', () => {
    const mu = 1.5;
    const e = Math.exp(-mu);
    const aboveTwo = 1 - e * (1 + mu + (mu * mu) / 2);
    expectRelClose(poissonMidPUpperTail(2, mu), aboveTwo + 0.5 * e * ((mu * mu) / 2), 1e-13);
  });

  it('lies between P(X > n) and P(X >= n)', () => {
    for (const mu of [0.3, 2, 11]) {
      for (const n of [0, 1, 3, 8, 20]) {
        const mid = poissonMidPUpperTail(n, mu);
        expect(mid).toBeGreaterThan(poissonUpperTail(n + 1, mu));
        expect(mid).toBeLessThan(poissonUpperTail(n, mu));
      }
    }
  });

  it('handles mu = 0 and negative n', () => {
    expect(poissonMidPUpperTail(0, 0)).toBe(0.5);
    expect(poissonMidPUpperTail(3, 0)).toBe(0);
    expect(poissonMidPUpperTail(-1, 2)).toBe(1);
  });
});

describe('gammaQuantile', () => {
  const shapes = [0.2, 0.5, 1, 2.5, 18, 19, 100, 5000];
  const probabilities = [1e-20, 1e-6, 0.025, 0.3, 0.5, 0.8, 0.975, 1 - 1e-9];

  it.each(shapes)('round-trips against regularizedGammaP for shape %s', (shape) => {
    for (const p of probabilities) {
      const x = gammaQuantile(p, shape);
      expect(x).toBeGreaterThan(0);
      // Compare in the smaller tail: near p = 1, P itself cannot resolve the answer.
      if (p <= 0.5) expectRelClose(regularizedGammaP(shape, x), p, 1e-11);
      else expectRelClose(regularizedGammaQ(shape, x), 1 - p, 1e-11);
    }
  });

  it.each([1e-12, 0.01, 0.5, 0.99, 1 - 1e-12])(
    'matches the exponential quantile -ln(1 - p) for shape 1 (p=%s)',
    (p) => {
      expectRelClose(gammaQuantile(p, 1), -Math.log1p(-p), 1e-12);
    },
  );

  it('is increasing in p and in shape', () => {
    for (const shape of [0.5, 3, 40]) {
      for (let i = 1; i < probabilities.length; i++) {
        expect(gammaQuantile(probabilities[i] ?? 0, shape)).toBeGreaterThan(
          gammaQuantile(probabilities[i - 1] ?? 0, shape),
        );
      }
    }
    for (let i = 1; i < shapes.length; i++) {
      expect(gammaQuantile(0.3, shapes[i] ?? 0)).toBeGreaterThan(
        gammaQuantile(0.3, shapes[i - 1] ?? 0),
      );
    }
  });

  it('returns 0 when the quantile underflows', () => {
    // P(0.05, x) ≈ x^0.05 / Γ(1.05), so P = 1e-20 needs x ≈ 1e-400, below the smallest double.
    expect(regularizedGammaP(0.05, Number.MIN_VALUE)).toBeGreaterThan(1e-20);
    expect(gammaQuantile(1e-20, 0.05)).toBe(0);
  });

  it('maps p = 0 and p = 1 to the ends of the support', () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Infinity);
  });

  it('rejects bad arguments', () => {
    expect(() => gammaQuantile(1.1, 2)).toThrow(RangeError);
    expect(() => gammaQuantile(0.5, 0)).toThrow(RangeError);
  });
});

describe('garwoodInterval', () => {
  // Decimals as quoted in the specification; `precise` from mpmath.
  it.each([
    { n: 0, lower: 0, upper: 3.689, digits: 3, precise: [0, 3.6888794541139363] },
    {
      n: 1,
      lower: 0.0253,
      upper: 5.572,
      digits: 3,
      precise: [0.025317807984289876, 5.571643390938899],
    },
    {
      n: 5,
      lower: 1.6235,
      upper: 11.668,
      digits: 3,
      precise: [1.6234863901184204, 11.66833207932267],
    },
    {
      n: 12,
      lower: 6.2006,
      upper: 20.962,
      digits: 3,
      precise: [6.200575108722217, 20.961585048176957],
    },
    {
      n: 18,
      lower: 10.67,
      upper: 28.45,
      digits: 2,
      precise: [10.667940780399528, 28.44776026752799],
    },
  ])('n=$n → [$lower, $upper]', ({ n, lower, upper, digits, precise }) => {
    const [lo, hi] = garwoodInterval(n);
    expect(lo).toBeCloseTo(lower, digits);
    expect(hi).toBeCloseTo(upper, digits);
    if (n > 0) expectRelClose(lo, precise[0] ?? NaN, 1e-10);
    else expect(lo).toBe(0);
    expectRelClose(hi, precise[1] ?? NaN, 1e-10);
  });

  it('quotes the lower ends of n=1, 5, 12 to 4 decimals', () => {
    expect(garwoodInterval(1)[0]).toBeCloseTo(0.0253, 4);
    expect(garwoodInterval(5)[0]).toBeCloseTo(1.6235, 4);
    expect(garwoodInterval(12)[0]).toBeCloseTo(6.2006, 4);
  });

  it('puts α/2 in each Poisson tail at its ends', () => {
    for (const n of [1, 3, 18, 150]) {
      const [lo, hi] = garwoodInterval(n, 0.9);
      expectRelClose(poissonUpperTail(n, lo), 0.05, 1e-10);
      expectRelClose(poissonLowerTail(n, hi), 0.05, 1e-10);
    }
  });

  it('brackets n, grows with n, and widens with confidence', () => {
    let previous: [number, number] = [-1, 0];
    for (let n = 0; n <= 60; n++) {
      const interval = garwoodInterval(n);
      const [lo, hi] = interval;
      expect(lo).toBeLessThanOrEqual(n);
      expect(hi).toBeGreaterThan(n);
      expect(lo).toBeGreaterThan(previous[0]);
      expect(hi).toBeGreaterThan(previous[1]);
      previous = interval;
    }
    for (const n of [0, 4, 30]) {
      const narrow = garwoodInterval(n, 0.8);
      const wide = garwoodInterval(n, 0.99);
      expect(wide[0]).toBeLessThanOrEqual(narrow[0]);
      expect(wide[1]).toBeGreaterThan(narrow[1]);
    }
  });

  it('rejects bad counts and confidence levels', () => {
    expect(() => garwoodInterval(-1)).toThrow(RangeError);
    expect(() => garwoodInterval(2.5)).toThrow(RangeError);
    expect(() => garwoodInterval(3, 1)).toThrow(RangeError);
    expect(() => garwoodInterval(3, 0)).toThrow(RangeError);
  });
});

describe('regularizedBeta / betaQuantile', () => {
  it.each([0, 1e-12, 0.03, 0.5, 0.97, 1])('matches closed forms at x=%s', (x) => {
    expect(regularizedBeta(x, 1, 1)).toBeCloseTo(x, 14);
    expect(regularizedBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 14);
    expect(regularizedBeta(x, 1, 4)).toBeCloseTo(-Math.expm1(4 * Math.log1p(-x)), 14);
  });

  it.each([0.5, 3, 17.5, 400])('gives I_0.5(a, a) = 1/2 for a=%s', (a) => {
    // ln B(a, a) is a difference of ln Γ terms of size a·ln a, which bounds the accuracy.
    expect(regularizedBeta(0.5, a, a)).toBeCloseTo(0.5, 12);
  });

  it('keeps relative precision deep in the lower tail', () => {
    expectRelClose(regularizedBeta(1e-12, 3.5, 1), 1e-42, 1e-12);
  });

  it('satisfies the symmetry I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [2, 7],
      [18, 13],
      [40, 3],
    ] as const) {
      for (const x of [0.05, 0.3, 0.5, 0.8]) {
        expect(regularizedBeta(x, a, b) + regularizedBeta(1 - x, b, a)).toBeCloseTo(1, 13);
      }
    }
  });

  it.each([
    [0.5, 0.5],
    [1, 1],
    [5, 6],
    [18, 13],
    [2, 500],
    [300, 40],
  ] as const)('betaQuantile round-trips for a=%s, b=%s', (a, b) => {
    for (const p of [1e-15, 1e-4, 0.025, 0.5, 0.975, 0.9999]) {
      const x = betaQuantile(p, a, b);
      if (p <= 0.5) expectRelClose(regularizedBeta(x, a, b), p, 1e-11);
      else expectRelClose(1 - regularizedBeta(x, a, b), 1 - p, 1e-9);
    }
  });

  it('maps p = 0 and p = 1 to the ends of [0, 1]', () => {
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });
});

describe('binomialUpperTail', () => {
  it.each([
    { k: 1, n: 1, num: 1, den: 2 },
    { k: 3, n: 10, num: 1, den: 4 },
    { k: 9, n: 10, num: 1, den: 4 },
    { k: 18, n: 30, num: 14, den: 379 },
    { k: 50, n: 60, num: 1, den: 100 },
    { k: 5, n: 200, num: 3, den: 7 },
  ])('matches the exact rational sum for k=$k, n=$n, p=$num/$den', ({ k, n, num, den }) => {
    expectRelClose(binomialUpperTail(k, n, num / den), bigBinomialUpperTail(k, n, num, den), 1e-11);
  });

  it('handles the edges', () => {
    expect(binomialUpperTail(0, 5, 0.3)).toBe(1);
    expect(binomialUpperTail(-2, 5, 0.3)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.3)).toBe(0);
    expect(binomialUpperTail(1, 5, 0)).toBe(0);
    expect(binomialUpperTail(5, 5, 1)).toBe(1);
  });

  it('is increasing in p and decreasing in k', () => {
    const ps = [0.01, 0.1, 0.3, 0.5, 0.9];
    for (const k of [1, 4, 12]) {
      for (let i = 1; i < ps.length; i++) {
        expect(binomialUpperTail(k, 20, ps[i] ?? 0)).toBeGreaterThan(
          binomialUpperTail(k, 20, ps[i - 1] ?? 0),
        );
      }
    }
    for (let k = 1; k < 20; k++) {
      expect(binomialUpperTail(k + 1, 20, 0.3)).toBeLessThan(binomialUpperTail(k, 20, 0.3));
    }
  });
});

describe('clopperPearson', () => {
  it('clopperPearson(5, 10) ≈ [0.187086, 0.812914]', () => {
    const [lo, hi] = clopperPearson(5, 10);
    expect(lo).toBeCloseTo(0.187086, 6);
    expect(hi).toBeCloseTo(0.812914, 6);
    // mpmath
    expectRelClose(lo, 0.18708602844739852, 1e-11);
    expectRelClose(hi, 0.8129139715526015, 1e-11);
  });

  it('uses 0 and 1 for the degenerate ends', () => {
    expect(clopperPearson(0, 10)[0]).toBe(0);
    expect(clopperPearson(10, 10)[1]).toBe(1);
    expect(clopperPearson(0, 0)).toEqual([0, 1]);
    // k = 0: the upper end solves (1 - p)^n = α/2 exactly.
    expectRelClose(clopperPearson(0, 10)[1], 1 - 0.025 ** (1 / 10), 1e-12);
  });

  it('puts α/2 in each binomial tail at its ends', () => {
    for (const [k, n] of [
      [1, 4],
      [7, 30],
      [18, 30],
    ] as const) {
      const [lo, hi] = clopperPearson(k, n);
      expectRelClose(binomialUpperTail(k, n, lo), 0.025, 1e-10);
      expectRelClose(1 - binomialUpperTail(k + 1, n, hi), 0.025, 1e-9);
    }
  });

  it('is symmetric and increasing in k', () => {
    const n = 25;
    let previous: [number, number] = [-1, 0];
    for (let k = 0; k <= n; k++) {
      const interval = clopperPearson(k, n);
      const mirror = clopperPearson(n - k, n);
      expect(interval[0]).toBeCloseTo(1 - mirror[1], 13);
      expect(interval[0]).toBeGreaterThan(previous[0]);
      expect(interval[1]).toBeGreaterThan(previous[1]);
      expect(interval[0]).toBeLessThanOrEqual(k / n);
      expect(interval[1]).toBeGreaterThanOrEqual(k / n);
      previous = interval;
    }
  });

  it('rejects k > n', () => {
    expect(() => clopperPearson(5, 4)).toThrow(RangeError);
  });
});

describe('rateRatioTest', () => {
  it('18 in 14 days vs 12 in 365 days: ratio 39.1, CI [17.8, 89.0], p ≈ 9.3e-19', () => {
    const { ratio, pValue, ci } = rateRatioTest(18, 14, 12, 365);
    expect(ratio).not.toBeNull();
    expect(ratio ?? NaN).toBeCloseTo(39.107142857142854, 12);
    expect(ci[0]).toBeCloseTo(17.8, 1);
    expect(ci[1]).toBeCloseTo(89.0, 1);
    // mpmath: Clopper–Pearson ends mapped through p/(1-p) · 365/14.
    expectRelClose(ci[0], 17.822446490455274, 1e-10);
    expectRelClose(ci[1], 89.0049270768126, 1e-10);
    expect(twoSignificant(pValue)).toBe(9.3e-19);
    // Exact: Σ_{k≥18} C(30, k) 14^k 365^(30-k) / 379^30.
    expectRelClose(pValue, bigBinomialUpperTail(18, 30, 14, 379), 1e-11);
  });

  it('returns a null ratio and an unbounded interval when x2 = 0', () => {
    const { ratio, pValue, ci } = rateRatioTest(4, 7, 0, 30);
    expect(ratio).toBeNull();
    expect(ci[1]).toBe(Infinity);
    expect(ci[0]).toBeGreaterThan(0);
    // All 4 events in the first window: P = (7/37)^4.
    expectRelClose(pValue, (7 / 37) ** 4, 1e-12);
  });

  it('gives p = 1 and a zero lower bound when x1 = 0', () => {
    const { ratio, pValue, ci } = rateRatioTest(0, 7, 5, 30);
    expect(ratio).toBe(0);
    expect(pValue).toBe(1);
    expect(ci[0]).toBe(0);
    expect(ci[1]).toBeGreaterThan(0);
  });

  it('contains the point estimate, and the p-value falls as x1 grows', () => {
    let previousP = 2;
    for (let x1 = 1; x1 <= 25; x1++) {
      const { ratio, pValue, ci } = rateRatioTest(x1, 14, 12, 365);
      expect(ratio ?? NaN).toBeGreaterThan(ci[0]);
      expect(ratio ?? NaN).toBeLessThan(ci[1]);
      expect(pValue).toBeLessThan(previousP);
      previousP = pValue;
    }
  });

  it('rejects bad exposures and counts', () => {
    expect(() => rateRatioTest(1, 0, 1, 1)).toThrow(RangeError);
    expect(() => rateRatioTest(1, 1, 1, -5)).toThrow(RangeError);
    expect(() => rateRatioTest(-1, 1, 1, 1)).toThrow(RangeError);
    expect(() => rateRatioTest(1.5, 1, 1, 1)).toThrow(RangeError);
  });
});
