/**
 * Exact small-count statistics: Poisson and binomial tails, Garwood and Clopper–Pearson
 * intervals, and the conditional test for a ratio of two Poisson rates.
 *
 * Mission counts are small and the tails worth reporting can be astronomically small (1e-20 and
 * below), so a small tail is always evaluated directly rather than as one minus its complement,
 * and the special functions work in log space until the last step.
 */

/** Upper and lower tail of the same distribution, each computed so the smaller one is accurate. */
interface Tails {
  readonly lower: number;
  readonly upper: number;
}

/** Result of {@link rateRatioTest}. */
export interface RateRatioResult {
  /** (x1/t1) / (x2/t2); null when x2 = 0 and the ratio is unbounded. */
  readonly ratio: number | null;
  /** One-sided exact p-value for H1: rate 1 > rate 2. */
  readonly pValue: number;
  /** Two-sided exact interval for the rate ratio; the upper end is Infinity when x2 = 0. */
  readonly ci: [number, number];
}

const EPS = Number.EPSILON;
// Continued fractions and series stop once a step changes the result by less than this.
const CONVERGENCE = 1e-15;
// Lentz's method replaces exact zeros in its running ratios with this to avoid dividing by zero.
const TINY = 1e-300;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

// B_2k / (2k (2k − 1)) for k = 1..8: the Stirling series for ln Γ. From x = 10 on, the first
// omitted term is below 2e-18, so the truncated series is exact to double precision.
const STIRLING_COEFFS = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
] as const;
const STIRLING_MIN = 10;

// ---------------------------------------------------------------------------------------------
// Argument checks. Silent NaNs from a bad count would surface far away as a nonsense report.

function requireInteger(name: string, value: number): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

function requireCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

function requireNonNegative(name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be finite and non-negative, got ${value}`);
  }
}

function requirePositive(name: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be finite and positive, got ${value}`);
  }
}

function requireProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be in [0, 1], got ${value}`);
  }
}

function requireConfidence(value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1, got ${value}`);
  }
}

// Both series and continued fractions need O(sqrt(shape)) terms near the bulk of the distribution.
function iterationLimit(scale: number): number {
  return 1000 + Math.ceil(20 * Math.sqrt(scale));
}

// ---------------------------------------------------------------------------------------------
// Gamma function

/** ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], valid for x ≥ STIRLING_MIN. */
function stirlingCorrection(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  let sum = 0;
  for (let i = STIRLING_COEFFS.length - 1; i >= 0; i--) {
    sum = sum * inv2 + (STIRLING_COEFFS[i] ?? 0);
  }
  return sum * inv;
}

/**
 * Natural log of the gamma function for x > 0, to about 1e-14 absolute (Stirling series after
 * shifting x up with Γ(x + 1) = x Γ(x)).
 */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x === Infinity) return Infinity;
  if (x >= STIRLING_MIN) {
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
  }
  // Below 1 the first factor can be subnormal, so take its log separately instead of
  // folding it into the product.
  let y = x;
  let logSmall = 0;
  if (y < 1) {
    logSmall = Math.log(y);
    y += 1;
  }
  let product = 1;
  while (y < STIRLING_MIN) {
    product *= y;
    y += 1;
  }
  return logGamma(y) - Math.log(product) - logSmall;
}

/**
 * ln(x^a e^−x / Γ(a + 1)): the log of the Poisson probability of a at mean x, for real a ≥ 0.
 * It is the prefactor of both incomplete-gamma expansions.
 */
function logPoissonKernel(a: number, x: number): number {
  if (x === 0) return a === 0 ? 0 : -Infinity;
  if (a < STIRLING_MIN) return a * Math.log(x) - x - logGamma(a + 1);
  // For large a, a·ln x and ln Γ(a + 1) are huge and nearly cancel. Expanding ln Γ(a + 1) by
  // Stirling leaves a·ln(x/a) − (x − a), whose error scales with |x − a| instead of a·ln a.
  // Near x = a the ratio goes through log1p; far from it, (x − a)/a would round x away.
  const logRatio = Math.abs(x - a) < 0.5 * a ? Math.log1p((x - a) / a) : Math.log(x / a);
  return a * logRatio - (x - a) - 0.5 * Math.log(2 * Math.PI * a) - stirlingCorrection(a);
}

/** P(a, x) by its power series; converges quickly and without cancellation for x < a + 1. */
function gammaLowerSeries(a: number, x: number): number {
  const limit = iterationLimit(a);
  let term = 1;
  let sum = 1;
  let denom = a;
  for (let k = 1; k <= limit; k++) {
    denom += 1;
    term *= x / denom;
    sum += term;
    if (term < sum * CONVERGENCE) {
      return Math.exp(logPoissonKernel(a, x) + Math.log(sum));
    }
  }
  throw new Error(`regularized gamma series did not converge (a=${a}, x=${x})`);
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x ≥ a + 1. */
function gammaUpperContinuedFraction(a: number, x: number): number {
  const limit = iterationLimit(a);
  // Q = x^a e^−x / Γ(a) · 1/(x+1−a − 1(1−a)/(x+3−a − 2(2−a)/(x+5−a − …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CONVERGENCE) {
      return Math.exp(logPoissonKernel(a, x) + Math.log(a) + Math.log(h));
    }
  }
  throw new Error(`regularized gamma continued fraction did not converge (a=${a}, x=${x})`);
}

function gammaTails(a: number, x: number): Tails {
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  // Each expansion yields one tail accurately; the other is then at least moderate in size, so
  // taking the complement loses nothing.
  if (x < a + 1) {
    const lower = gammaLowerSeries(a, x);
    return { lower, upper: 1 - lower };
  }
  const upper = gammaUpperContinuedFraction(a, x);
  return { lower: 1 - upper, upper };
}

function checkGammaArgs(a: number, x: number): void {
  requirePositive('shape a', a);
  if (!(x >= 0)) throw new RangeError(`x must be non-negative, got ${x}`);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), for a > 0 and x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  return gammaTails(a, x).lower;
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate when it is tiny. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  return gammaTails(a, x).upper;
}

// ---------------------------------------------------------------------------------------------
// Beta function

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * I_x(a, b) by the continued fraction
 *   I_x = x^a (1−x)^b / (a B(a,b)) · 1/(1 + d1/(1 + d2/(1 + …)))
 *   d(2m+1) = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),  d(2m) = m(b−m) x / ((a+2m−1)(a+2m)),
 * which converges quickly for x < (a + 1)/(a + b + 2).
 */
function betaLowerContinuedFraction(x: number, a: number, b: number): number {
  const limit = iterationLimit(Math.max(a, b));
  let f = 1;
  let c = 1;
  let d = 0;
  for (let j = 1; j <= 2 * limit; j++) {
    const m = Math.floor(j / 2);
    const coeff =
      j % 2 === 1
        ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + coeff * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coeff / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < CONVERGENCE) {
      const logPrefactor = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b) - Math.log(a);
      return Math.exp(logPrefactor - Math.log(f));
    }
  }
  throw new Error(`regularized beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

function betaTails(x: number, a: number, b: number): Tails {
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === 1) return { lower: 1, upper: 0 };
  // Past the switch point the fraction converges slowly, but the mirrored problem
  // I_x(a, b) = 1 − I_{1−x}(b, a) is then on its fast side and yields the upper tail directly.
  if (x < (a + 1) / (a + b + 2)) {
    const lower = betaLowerContinuedFraction(x, a, b);
    return { lower, upper: 1 - lower };
  }
  const upper = betaLowerContinuedFraction(1 - x, b, a);
  return { lower: 1 - upper, upper };
}

/** Regularized incomplete beta I_x(a, b) for x in [0, 1] and a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  requireProbability('x', x);
  requirePositive('a', a);
  requirePositive('b', b);
  return betaTails(x, a, b).lower;
}

// ---------------------------------------------------------------------------------------------
// Root finding for quantiles

const SOLVER_TOLERANCE = 1e-15;
const SOLVER_MAX_ITER = 500;

/** One evaluation of an increasing function g whose root is sought. */
interface Evaluation {
  readonly value: number;
  /** g′(x) > 0. */
  readonly slope: number;
  /** g″(x) / g′(x), for Halley's correction. */
  readonly curvature: number;
}

type Equation = (x: number) => Evaluation;

/**
 * The equation ln tail(x) = ln target for whichever tail is smaller at p.
 *
 * The smaller tail keeps full relative precision: an upper quantile at 1 − 1e-12 must not be
 * solved against P ≈ 1 − 1e-12. The logarithm is for speed: far out a tail falls like exp(−x²),
 * and Newton on the raw tail crawls in from the steep side one small step at a time, while the
 * log of the tail is close to a parabola (and concave for the log-concave gamma and beta laws).
 */
function tailEquation(
  p: number,
  tails: (x: number) => Tails,
  logDensity: (x: number) => number,
  densityCurvature: (x: number) => number,
): Equation {
  if (p <= 0.5) {
    const logP = Math.log(p);
    return (x) => {
      const logLower = Math.log(tails(x).lower);
      const slope = Math.exp(logDensity(x) - logLower);
      return { value: logLower - logP, slope, curvature: densityCurvature(x) - slope };
    };
  }
  const logQ = Math.log1p(-p);
  return (x) => {
    const logUpper = Math.log(tails(x).upper);
    const slope = Math.exp(logDensity(x) - logUpper);
    return { value: logQ - logUpper, slope, curvature: densityCurvature(x) + slope };
  };
}

// Quantiles can sit anywhere from 1e-300 to 1e300, so bisect on a log scale while the bracket is
// wide and only switch to the arithmetic midpoint once it is narrow.
function midpoint(lo: number, hi: number): number {
  if (lo > 0 && hi / lo > 4) return Math.sqrt(lo) * Math.sqrt(hi);
  return lo + (hi - lo) / 2;
}

/**
 * Root of an increasing g on [lo, hi] (g(lo) < 0 ≤ g(hi)) by Halley steps from x0, falling back
 * to bisection whenever a step leaves the bracket or the residual is not at least halving.
 */
function solveIncreasing(g: Equation, x0: number, lo0: number, hi0: number): number {
  let lo = lo0;
  let hi = hi0;
  let x = x0;
  let previousResidual = Infinity;
  for (let i = 0; i < SOLVER_MAX_ITER; i++) {
    const { value, slope, curvature } = g(x);
    if (value === 0) return x;
    if (value < 0) lo = x;
    else hi = x;
    if (hi - lo <= SOLVER_TOLERANCE * hi) return midpoint(lo, hi);

    let next = Number.NaN;
    if (Math.abs(value) <= 0.5 * previousResidual && slope > 0 && Number.isFinite(slope)) {
      const newton = value / slope;
      const correction = 1 - 0.5 * newton * curvature;
      // Halley's factor is only trustworthy close to the root; far out it can even flip the
      // step's direction, so keep plain Newton there.
      const step = correction > 0.5 && correction < 2 ? newton / correction : newton;
      // Checked before the bracket test: a step below one ulp leaves x on the bracket's edge.
      if (Math.abs(step) <= SOLVER_TOLERANCE * x) return x - step;
      next = x - step;
    }
    if (!(next > lo && next < hi)) next = midpoint(lo, hi);
    previousResidual = Math.abs(value);
    x = next;
  }
  return x;
}

/**
 * Solves g(x) = 0 for an increasing g on [minX, maxX], starting from a guess. The bracket widens
 * geometrically by a factor that squares each time, so even a guess off by 1e100 costs only a
 * few evaluations. A root below minX is reported as 0 (it underflows).
 */
function solveFromGuess(g: Equation, guess: number, minX: number, maxX: number): number {
  const atGuess = g(guess).value;
  if (atGuess === 0) return guess;
  let factor = 2;
  if (atGuess < 0) {
    let lo = guess;
    for (;;) {
      const hi = Math.min(lo * factor, maxX);
      if (g(hi).value >= 0) return solveIncreasing(g, lo, lo, hi);
      if (hi === maxX) return maxX;
      lo = hi;
      factor *= factor;
    }
  }
  let hi = guess;
  for (;;) {
    const lo = Math.max(hi / factor, minX);
    if (g(lo).value < 0) return solveIncreasing(g, hi, lo, hi);
    if (lo === minX) return 0;
    hi = lo;
    factor *= factor;
  }
}

/**
 * Rough standard-normal quantile (Abramowitz & Stegun 26.2.23, |error| < 4.5e-4), used only to
 * seed the root finders.
 */
function approxNormalQuantile(p: number): number {
  const tail = Math.min(p, 1 - p);
  const t = Math.sqrt(-2 * Math.log(tail));
  const z =
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return p < 0.5 ? -z : z;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

function gammaQuantileGuess(p: number, shape: number): number {
  // Wilson–Hilferty: (X/shape)^(1/3) is close to normal.
  const c = 1 / (9 * shape);
  const wh = shape * (1 - c + approxNormalQuantile(p) * Math.sqrt(c)) ** 3;
  // For small shapes and deep lower tails P(a, x) ≈ x^a / Γ(a + 1) is the better guide.
  const power = Math.exp((Math.log(p) + logGamma(shape + 1)) / shape);
  const guess = shape >= 1 && wh > 0 ? wh : power;
  return clamp(guess, Number.MIN_VALUE, Number.MAX_VALUE);
}

/**
 * Inverse of P(shape, ·): the x with P(shape, x) = p, for p in [0, 1] and shape > 0 (scale 1).
 * Accurate to about 1e-13 relative; p = 1 gives Infinity.
 */
export function gammaQuantile(p: number, shape: number): number {
  requireProbability('p', p);
  requirePositive('shape', shape);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const equation = tailEquation(
    p,
    (x) => gammaTails(shape, x),
    (x) => logPoissonKernel(shape, x) + Math.log(shape) - Math.log(x),
    (x) => (shape - 1) / x - 1,
  );
  return solveFromGuess(equation, gammaQuantileGuess(p, shape), Number.MIN_VALUE, Number.MAX_VALUE);
}

function betaQuantileGuess(p: number, a: number, b: number): number {
  // Normal approximation around the mean, unless it falls outside (0, 1); then the tail
  // approximations I_x ≈ x^a / (a B) near 0 or 1 − I_x ≈ (1 − x)^b / (b B) near 1.
  const sum = a + b;
  const mean = a / sum;
  const sd = Math.sqrt((a * b) / (sum * sum * (sum + 1)));
  const normal = mean + approxNormalQuantile(p) * sd;
  if (normal > 0 && normal < 1) return normal;
  const lb = logBeta(a, b);
  const guess =
    p < 0.5
      ? Math.exp((Math.log(p) + Math.log(a) + lb) / a)
      : -Math.expm1((Math.log1p(-p) + Math.log(b) + lb) / b);
  return clamp(guess, Number.MIN_VALUE, 1 - EPS);
}

/**
 * Inverse of I_·(a, b): the x in [0, 1] with I_x(a, b) = p, for a, b > 0. Accurate to about
 * 1e-13 relative (absolute near 1).
 */
export function betaQuantile(p: number, a: number, b: number): number {
  requireProbability('p', p);
  requirePositive('a', a);
  requirePositive('b', b);
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lb = logBeta(a, b);
  const equation = tailEquation(
    p,
    (x) => betaTails(x, a, b),
    (x) => (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb,
    (x) => (a - 1) / x - (b - 1) / (1 - x),
  );
  return solveFromGuess(equation, betaQuantileGuess(p, a, b), Number.MIN_VALUE, 1);
}

// ---------------------------------------------------------------------------------------------
// Poisson

/**
 * P(X ≥ n) for X ~ Poisson(mu), accurate to ~1e-13 relative however tiny the tail
 * (computed as P(n, mu), never as 1 − CDF). n must be an integer; n ≤ 0 gives 1.
 */
export function poissonUpperTail(n: number, mu: number): number {
  requireInteger('n', n);
  requireNonNegative('mu', mu);
  if (n <= 0) return 1;
  if (mu === 0) return 0;
  return gammaTails(n, mu).lower;
}

/** P(X ≤ n) for X ~ Poisson(mu), computed as Q(n + 1, mu) so tiny lower tails stay accurate. */
export function poissonLowerTail(n: number, mu: number): number {
  requireInteger('n', n);
  requireNonNegative('mu', mu);
  if (n < 0) return 0;
  if (mu === 0) return 1;
  return gammaTails(n + 1, mu).upper;
}

/** Mid-p upper tail P(X > n) + ½ P(X = n) for X ~ Poisson(mu); n must be an integer. */
export function poissonMidPUpperTail(n: number, mu: number): number {
  requireInteger('n', n);
  requireNonNegative('mu', mu);
  if (n < 0) return 1;
  const pointMass = Math.exp(logPoissonKernel(n, mu));
  return poissonUpperTail(n + 1, mu) + 0.5 * pointMass;
}

/**
 * Exact (Garwood) two-sided interval for the mean of a Poisson count n: the chi-square/gamma
 * quantiles [G⁻¹(α/2; n), G⁻¹(1 − α/2; n + 1)], with lower end 0 when n = 0.
 */
export function garwoodInterval(n: number, confidence = 0.95): [number, number] {
  requireCount('n', n);
  requireConfidence(confidence);
  const alpha = 1 - confidence;
  const lower = n === 0 ? 0 : gammaQuantile(alpha / 2, n);
  const upper = gammaQuantile(1 - alpha / 2, n + 1);
  return [lower, upper];
}

// ---------------------------------------------------------------------------------------------
// Binomial

/**
 * P(X ≥ k) for X ~ Binomial(n, p), via I_p(k, n − k + 1) so tiny tails keep full relative
 * precision. k must be an integer; k ≤ 0 gives 1 and k > n gives 0.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  requireInteger('k', k);
  requireCount('n', n);
  requireProbability('p', p);
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaTails(p, k, n - k + 1).lower;
}

/**
 * Exact (Clopper–Pearson) two-sided interval for a binomial proportion from k successes in n
 * trials: beta quantiles [B⁻¹(α/2; k, n−k+1), B⁻¹(1−α/2; k+1, n−k)], with ends 0 and 1 when k = 0
 * or k = n.
 */
export function clopperPearson(k: number, n: number, confidence = 0.95): [number, number] {
  requireCount('k', k);
  requireCount('n', n);
  if (k > n) throw new RangeError(`k must not exceed n, got k=${k}, n=${n}`);
  requireConfidence(confidence);
  const alpha = 1 - confidence;
  const lower = k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
  const upper = k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k);
  return [lower, upper];
}

// ---------------------------------------------------------------------------------------------
// Two Poisson rates

/**
 * Exact conditional comparison of two Poisson rates, x1 events in exposure t1 against x2 in t2
 * (as R's poisson.test(c(x1, x2), c(t1, t2))). Given n = x1 + x2, X1 ~ Binomial(n, t1/(t1+t2))
 * under equal rates; the p-value is the one-sided P(X1 ≥ x1) and the interval is the two-sided
 * Clopper–Pearson interval mapped through p ↦ p/(1 − p) · t2/t1.
 */
export function rateRatioTest(
  x1: number,
  t1: number,
  x2: number,
  t2: number,
  confidence = 0.95,
): RateRatioResult {
  requireCount('x1', x1);
  requireCount('x2', x2);
  requirePositive('t1', t1);
  requirePositive('t2', t2);
  requireConfidence(confidence);
  const n = x1 + x2;
  const p0 = t1 / (t1 + t2);
  const pValue = binomialUpperTail(x1, n, p0);
  const [pLower, pUpper] = clopperPearson(x1, n, confidence);
  const exposureRatio = t2 / t1;
  const ci: [number, number] = [
    (pLower / (1 - pLower)) * exposureRatio,
    pUpper === 1 ? Infinity : (pUpper / (1 - pUpper)) * exposureRatio,
  ];
  const ratio = x2 === 0 ? null : x1 / t1 / (x2 / t2);
  return { ratio, pValue, ci };
}

/**
 * Two-sided exact binomial p-value for k successes in n trials at p, as R's binom.test: the sum of
 * P(X = i) over every i no more likely than the observed k (with R's relative tolerance 1e-7, so
 * ties in floating point count as ties).
 */
export function binomialTwoSidedP(k: number, n: number, p: number): number {
  requireInteger('k', k);
  requireCount('n', n);
  requireProbability('p', p);
  if (k < 0 || k > n) throw new RangeError(`k = ${k} is outside 0..${n}`);
  const observed = binomialPointMass(k, n, p) * (1 + 1e-7);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const mass = binomialPointMass(i, n, p);
    if (mass <= observed) sum += mass;
  }
  return Math.min(1, sum);
}

/** Two rates compared both ways: the ratio, its exact interval and the three p-values. */
export interface TwoRates extends RateRatioResult {
  /** Two-sided exact conditional p-value (R's poisson.test with two counts). */
  readonly pTwoSided: number;
  /** One-sided P(X1 ≥ x1): evidence that rate 1 is higher. Same as `pValue`. */
  readonly pHigher: number;
  /** One-sided P(X1 ≤ x1): evidence that rate 1 is lower. */
  readonly pLower: number;
}

/**
 * The exact conditional comparison of x1 events in t1 with x2 in t2, as
 * `poisson.test(c(x1, x2), c(t1, t2))` in R: the ratio with its Clopper–Pearson interval, and
 * the two-sided and both one-sided p-values. With no events at all, every p-value is 1.
 */
export function compareTwoRates(
  x1: number,
  t1: number,
  x2: number,
  t2: number,
  confidence = 0.95,
): TwoRates {
  const oneSided = rateRatioTest(x1, t1, x2, t2, confidence);
  const n = x1 + x2;
  const p0 = t1 / (t1 + t2);
  return {
    ...oneSided,
    pTwoSided: n === 0 ? 1 : binomialTwoSidedP(x1, n, p0),
    pHigher: oneSided.pValue,
    // P(X1 ≤ x1) = 1 − I_p0(x1 + 1, n − x1), from the upper tail so small values keep precision.
    pLower: x1 >= n ? 1 : betaTails(p0, x1 + 1, n - x1).upper,
  };
}

// ---------------------------------------------------------------------------------------------
// Mid-p, quantiles and the negative binomial

/** P(X = k) for X ~ Binomial(n, p), from logs so it stays accurate far in the tails. */
function binomialPointMass(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Mid-p upper tail P(X > k) + ½ P(X = k) for X ~ Binomial(n, p): the mid-p version of the
 * conditional rate-ratio test's p-value (Lancaster 1961), less conservative than P(X ≥ k).
 */
export function binomialMidPUpperTail(k: number, n: number, p: number): number {
  requireInteger('k', k);
  requireCount('n', n);
  requireProbability('p', p);
  if (k < 0) return 1;
  if (k > n) return 0;
  return binomialUpperTail(k + 1, n, p) + 0.5 * binomialPointMass(k, n, p);
}

/**
 * The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(mu): the quantile of a count, used for the
 * range of counts a baseline rate produces in 95% of periods.
 */
export function poissonQuantile(p: number, mu: number): number {
  requireProbability('p', p);
  requireNonNegative('mu', mu);
  if (mu === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  let lo = 0;
  let hi = Math.ceil(mu + 40 * Math.sqrt(mu) + 40);
  while (poissonLowerTail(hi, mu) < p) hi *= 2;
  // Invariant: P(X ≤ hi) ≥ p; find the first such k in [lo, hi].
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (poissonLowerTail(mid, mu) >= p) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * P(X ≥ n) for a negative binomial X with mean `mu` and variance `varianceFactor` × mu
 * (varianceFactor > 1): the Poisson tail re-done for counts that cluster. With success
 * probability q = 1/varianceFactor and size r = mu/(varianceFactor − 1), P(X ≥ n) = I_{1−q}(n, r),
 * computed directly so tiny tails keep their precision.
 */
export function negativeBinomialUpperTail(n: number, mu: number, varianceFactor: number): number {
  requireInteger('n', n);
  requireNonNegative('mu', mu);
  if (!(varianceFactor > 1 && Number.isFinite(varianceFactor))) {
    throw new RangeError(`varianceFactor must be finite and above 1, got ${varianceFactor}`);
  }
  if (n <= 0) return 1;
  if (mu === 0) return 0;
  const size = mu / (varianceFactor - 1);
  return betaTails(1 - 1 / varianceFactor, n, size).lower;
}

// ---------------------------------------------------------------------------------------------
// Bounds and multiple comparisons

/**
 * One-sided upper confidence bound for the mean of a Poisson count n: the μ with P(X ≤ n | μ) =
 * 1 − confidence, i.e. G⁻¹(confidence; n + 1). For n = 0 it is −ln(1 − confidence), 3.0 at 95%:
 * an interval with no events bounds the rate above but not at zero.
 */
export function poissonMeanUpperBound(n: number, confidence = 0.95): number {
  requireCount('n', n);
  requireConfidence(confidence);
  return gammaQuantile(confidence, n + 1);
}

/** How per-period p-values are adjusted for the number of periods tested. */
export const P_ADJUSTMENTS = ['none', 'holm', 'bh'] as const;
export type PAdjustment = (typeof P_ADJUSTMENTS)[number];

/**
 * Adjusted p-values, in the order given, for a family of tests:
 *   holm: Holm's step-down, max over j ≤ i of (m − j + 1) p₍ⱼ₎ (family-wise error rate, any dependence);
 *   bh:   Benjamini–Hochberg step-up, min over j ≥ i of m p₍ⱼ₎ / j (false discovery rate);
 *   none: the p-values unchanged.
 * Each is capped at 1. A test rejects at level α exactly when its adjusted value is ≤ α, which
 * matches the step-down and step-up procedures themselves (as R's p.adjust).
 */
export function adjustPValues(pValues: readonly number[], method: PAdjustment): number[] {
  for (const p of pValues) requireProbability('p-value', p);
  const m = pValues.length;
  if (method === 'none' || m <= 1) return [...pValues];
  // Ascending; ties keep their order, and the running max/min gives tied values one result.
  const order = pValues.map((_, i) => i).sort((a, b) => (pValues[a] ?? 0) - (pValues[b] ?? 0));
  const adjusted = new Array<number>(m);
  if (method === 'holm') {
    let running = 0;
    order.forEach((index, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] ?? 1)));
      adjusted[index] = running;
    });
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank -= 1) {
      const index = order[rank] ?? 0;
      running = Math.min(running, (m * (pValues[index] ?? 1)) / (rank + 1));
      adjusted[index] = running;
    }
  }
  return adjusted;
}
