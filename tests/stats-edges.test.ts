import { describe, expect, it } from 'vitest';
import { parseRate } from '../src/cli/options.js';
import type { Mission } from '../src/missions/types.js';
import { measuredBaseline, statedBaseline } from '../src/report/baseline.js';
import { buildCountReport, isSurge } from '../src/report/build-report.js';
import { summarySentence } from '../src/report/render/report-text.js';
import { formatCi, formatNumber, formatP, pEquals } from '../src/report/render/numbers.js';
import {
  adjustPValues,
  binomialMidPUpperTail,
  poissonMeanUpperBound,
  poissonUpperTail,
  rateRatioTest,
  type PAdjustment,
} from '../src/report/stats.js';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { expectWarningsAlsoIn, runCli } from './helpers.js';

describe('a stated baseline rate must be above zero', () => {
  it.each([
    ['0/month', /rate must be a finite number above zero/],
    ['0.0/day', /rate must be a finite number above zero/],
    ['-1/month', /not a rate N\/day\|week\|month\|year with N above zero/],
    ['NaN/week', /not a rate/],
    ['Infinity/year', /not a rate/],
    [`${'9'.repeat(400)}/day`, /rate must be a finite number above zero/],
  ])('%s is a usage error', (text, message) => {
    expect(() => parseRate(text)).toThrow(message);
  });

  it.each([
    ['1/month', 1, 'month'],
    ['0.5/week', 0.5, 'week'],
    [' 12 / YEAR ', 12, 'year'],
  ])('%s parses', (text, count, unit) => {
    expect(parseRate(text)).toEqual({ count, unit });
  });

  it('statedBaseline itself refuses zero, negative and non-finite rates', () => {
    for (const count of [0, -1, Number.NaN, Infinity]) {
      expect(() => statedBaseline(count, 'month')).toThrow(RangeError);
    }
  });

  it.each(['0/month', '-2/week', 'NaN/day'])(
    '--baseline-rate %s exits 2 with one line, before any input is read',
    async (rate) => {
      // The input does not exist: had it been read first, the error would be about the file.
      const r = await runCli(['report', '/nonexistent/input.csv', '--baseline-rate', rate]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^sortie: option '--baseline-rate': "[^"]+"[^\n]*\n\(run sortie report --help for usage\)\n$/,
      );
      expect(r.stderr).not.toContain('nonexistent');
    },
  );
});

function expectRelClose(actual: number, expected: number, tolerance: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('poissonMeanUpperBound: one-sided upper bound for a Poisson mean', () => {
  // P(X ≤ n | μ) = e^−μ Σ_{k≤n} μ^k / k!, summed directly: the bound is where it falls to 1 − c.
  const lowerTail = (n: number, mu: number): number => {
    let term = Math.exp(-mu);
    let sum = term;
    for (let k = 1; k <= n; k += 1) sum += term *= mu / k;
    return sum;
  };

  it.each([
    // Gehrels (1986), Table 1, one-sided 95% upper limits for n = 0..5.
    { n: 0, confidence: 0.95, table: 3.0 },
    { n: 1, confidence: 0.95, table: 4.74 },
    { n: 2, confidence: 0.95, table: 6.3 },
    { n: 3, confidence: 0.95, table: 7.75 },
    { n: 4, confidence: 0.95, table: 9.15 },
    { n: 5, confidence: 0.95, table: 10.51 },
    // Gehrels (1986), 99%: 4.61 for n = 0, 6.64 for n = 1.
    { n: 0, confidence: 0.99, table: 4.61 },
    { n: 1, confidence: 0.99, table: 6.64 },
  ])('n = $n at $confidence: $table', ({ n, confidence, table }) => {
    const bound = poissonMeanUpperBound(n, confidence);
    expect(bound.toFixed(2)).toBe(table.toFixed(2));
    expectRelClose(lowerTail(n, bound), 1 - confidence, 1e-12);
  });

  it('is −ln(1 − c) for no events', () => {
    expectRelClose(poissonMeanUpperBound(0), -Math.log(0.05), 1e-14);
    expectRelClose(poissonMeanUpperBound(0, 0.5), Math.log(2), 1e-14);
  });

  it('rejects a non-count and a confidence outside (0, 1)', () => {
    expect(() => poissonMeanUpperBound(-1)).toThrow(RangeError);
    expect(() => poissonMeanUpperBound(1.5)).toThrow(RangeError);
    expect(() => poissonMeanUpperBound(1, 1)).toThrow(RangeError);
  });
});

describe('rateRatioTest against a baseline with no events', () => {
  it.each([
    // The demo's 18 missions in 14 days against a quiet 12 days, a single mission, a long baseline.
    { x1: 18, t1: 14, t2: 12 },
    { x1: 1, t1: 1, t2: 30 },
    { x1: 5, t1: 7, t2: 365 },
  ])(
    '$x1 in $t1 vs 0 in $t2: p = (t1/(t1+t2))^x1, lower bound in closed form',
    ({ x1, t1, t2 }) => {
      const r = rateRatioTest(x1, t1, 0, t2);
      // Given the total, every event fell in the window: the binomial tail is one term.
      expectRelClose(r.pValue, (t1 / (t1 + t2)) ** x1, 1e-12);
      // Clopper–Pearson with k = n: the lower end solves p^n = α/2.
      const q = 0.025 ** (1 / x1);
      expectRelClose(r.ci[0], (q / (1 - q)) * (t2 / t1), 1e-10);
      expect(r.ci[1]).toBe(Infinity);
      expect(r.ratio).toBeNull();
    },
  );

  it('nothing in either: p = 1, the interval [0, ∞)', () => {
    const r = rateRatioTest(0, 14, 0, 12);
    expect(r.pValue).toBe(1);
    expect(r.ci).toEqual([0, Infinity]);
    expect(r.ratio).toBeNull();
  });
});

/** Holm's step-down procedure as stated: reject p(1..k) while p(i) ≤ α / (m − i + 1). */
function holmRejects(p: readonly number[], alpha: number): boolean[] {
  const order = p.map((_, i) => i).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  const reject = p.map(() => false);
  for (const [rank, index] of order.entries()) {
    if ((p[index] ?? 1) > alpha / (p.length - rank)) break;
    reject[index] = true;
  }
  return reject;
}

/** The Benjamini–Hochberg step-up procedure as stated: reject p(1..k), k the largest i with p(i) ≤ iα/m. */
function bhRejects(p: readonly number[], alpha: number): boolean[] {
  const order = p.map((_, i) => i).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  let k = 0;
  for (const [rank, index] of order.entries()) {
    if ((p[index] ?? 1) <= ((rank + 1) * alpha) / p.length) k = rank + 1;
  }
  const reject = p.map(() => false);
  for (const index of order.slice(0, k)) reject[index] = true;
  return reject;
}

describe('adjustPValues', () => {
  it.each<{ method: PAdjustment; p: number[]; adjusted: number[] }>([
    // R: p.adjust(c(.01, .02, .03, .04, .05), "holm") and "BH".
    { method: 'holm', p: [0.01, 0.02, 0.03, 0.04, 0.05], adjusted: [0.05, 0.08, 0.09, 0.09, 0.09] },
    { method: 'bh', p: [0.01, 0.02, 0.03, 0.04, 0.05], adjusted: [0.05, 0.05, 0.05, 0.05, 0.05] },
    // By hand, unsorted: Holm 4·0.001, max(3·0.03, ·), max(2·0.04, 0.09), 0.2;
    // BH from the top: 0.2, 0.04·4/3, min(0.03·4/2, 0.0533), 0.001·4.
    { method: 'holm', p: [0.04, 0.001, 0.03, 0.2], adjusted: [0.09, 0.004, 0.09, 0.2] },
    { method: 'bh', p: [0.04, 0.001, 0.03, 0.2], adjusted: [0.16 / 3, 0.004, 0.16 / 3, 0.2] },
    // Capped at 1; ties share one value.
    { method: 'holm', p: [0.5, 0.5, 0.9], adjusted: [1, 1, 1] },
    { method: 'bh', p: [0.02, 0.02, 0.9], adjusted: [0.03, 0.03, 0.9] },
    { method: 'none', p: [0.04, 0.001], adjusted: [0.04, 0.001] },
    // One test, or none: nothing to adjust.
    { method: 'holm', p: [0.003], adjusted: [0.003] },
    { method: 'bh', p: [], adjusted: [] },
  ])('$method $p → $adjusted', ({ method, p, adjusted }) => {
    const got = adjustPValues(p, method);
    expect(got).toHaveLength(adjusted.length);
    got.forEach((x, i) => expect(x).toBeCloseTo(adjusted[i] ?? NaN, 14));
  });

  it("the demo's 14 days: four with two missions, ten with one", () => {
    const two = 6.9e-4;
    const one = 0.0356;
    const p = [one, two, one, one, one, two, one, two, one, one, two, one, one, one];
    const holm = adjustPValues(p, 'holm');
    const bh = adjustPValues(p, 'bh');
    p.forEach((x, i) => {
      // Holm: the four smallest get 14, 13, 12, 11 × p, raised to the first; the rest at most 1.
      expect(holm[i]).toBeCloseTo(x === two ? 14 * two : Math.min(1, 10 * one), 14);
      // BH: the four smallest get p · 14/4, the rest p · 14/14.
      expect(bh[i]).toBeCloseTo(x === two ? (two * 14) / 4 : one, 14);
    });
  });

  // The benchmark list of Benjamini & Hochberg (1995), §4.
  const BH_1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
    0.6528, 0.759, 1,
  ];

  it('rejects exactly what the procedures reject, at every level', () => {
    const lists = [
      BH_1995,
      [...BH_1995].reverse(),
      [0.01, 0.01, 0.01, 0.2, 0.011, 0.04],
      Array.from({ length: 40 }, (_, i) => ((i * 7919) % 97) / 970 + 1e-4),
    ];
    for (const p of lists) {
      for (const alpha of [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25]) {
        expect(adjustPValues(p, 'holm').map((x) => x <= alpha)).toEqual(holmRejects(p, alpha));
        expect(adjustPValues(p, 'bh').map((x) => x <= alpha)).toEqual(bhRejects(p, alpha));
      }
    }
  });

  it('B&H 1995: at q = 0.05 the step-up rejects four, Bonferroni-Holm three', () => {
    expect(adjustPValues(BH_1995, 'bh').filter((x) => x <= 0.05)).toHaveLength(4);
    expect(adjustPValues(BH_1995, 'holm').filter((x) => x <= 0.05)).toHaveLength(3);
  });

  it('never lowers a p-value; Holm never exceeds Bonferroni, BH never exceeds Holm', () => {
    const p = [...BH_1995, 0.003, 0.2, 0.00002];
    const holm = adjustPValues(p, 'holm');
    const bh = adjustPValues(p, 'bh');
    p.forEach((x, i) => {
      expect(holm[i]).toBeGreaterThanOrEqual(x);
      expect(bh[i]).toBeGreaterThanOrEqual(x);
      expect(holm[i]).toBeLessThanOrEqual(Math.min(1, p.length * x) + 1e-15);
      expect(bh[i]).toBeLessThanOrEqual((holm[i] ?? 0) + 1e-15);
    });
  });

  it('rejects values that are not probabilities', () => {
    expect(() => adjustPValues([0.1, Number.NaN], 'holm')).toThrow(RangeError);
    expect(() => adjustPValues([1.5], 'bh')).toThrow(RangeError);
  });
});

describe('p-values below the double range and intervals open above', () => {
  it.each([
    [0.5, '0.50', 'p = 0.50'],
    [0.0331, '0.033', 'p = 0.033'],
    [5.5e-4, '5.5e-4', 'p = 5.5e-4'],
    [1.2e-22, '1.2e-22', 'p = 1.2e-22'],
    [1e-300, '1.0e-300', 'p = 1.0e-300'],
    [9.9e-301, '< 1e-300', 'p < 1e-300'],
    [5e-324, '< 1e-300', 'p < 1e-300'],
    [0, '< 1e-300', 'p < 1e-300'],
    [null, '-', 'p = -'],
  ])('p %s prints as "%s" and "%s"', (p, cell, sentence) => {
    expect(formatP(p)).toBe(cell);
    expect(pEquals(p)).toBe(sentence);
  });

  it.each([
    [[17.48, 87.3], '17.48–87.30'],
    [[3.7712, Infinity], '≥ 3.77'],
    [[0, Infinity], '≥ 0.00'],
  ] as const)('interval %j prints as "%s"', (ci, text) => {
    expect(formatCi(ci)).toBe(text);
  });

  it('a huge ratio prints with an exponent, not sixteen digits', () => {
    expect(formatNumber(4.696071428571429e22, 1)).toBe('4.7e+22');
    expect(formatNumber(38.357, 1)).toBe('38.4');
  });
});

/** Every output format of one report: stdout per format, the chart and the HTML page. */
async function allFormats(argv: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const format of ['table', 'md', 'csv', 'json']) {
    const r = await runCli([...argv, '--format', format]);
    expectWarningsAlsoIn(r.stderr, r.stdout);
    expect(r.code).toBe(0);
    out[format] = r.stdout;
  }
  const r = await runCli([...argv, '--chart', 'c.svg', '--html', 'r.html']);
  out.chart = r.files.get('c.svg') ?? '';
  out.html = r.files.get('r.html') ?? '';
  return out;
}

/** No zero p-value, no infinite or NaN number, in any format. */
function expectNoImpossibleNumbers(outputs: Record<string, string>): void {
  for (const [format, text] of Object.entries(outputs)) {
    expect(text.length, format).toBeGreaterThan(100);
    expect(text, format).not.toMatch(/Infinity|NaN|∞/);
    expect(text, format).not.toMatch(/\bp = 0(?:\.0+)?(?:e[+-]?0+)?(?!\.?\d)/);
    expect(text, format).not.toContain('0.0e+0');
    expect(text, format).not.toMatch(/p = (<|&lt;)/);
  }
  // JSON: a p-value is a positive number, or null, the bound beside it when it is too small.
  const walk = (node: unknown, key: string): void => {
    if (Array.isArray(node)) node.forEach((x) => walk(x, key));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, k);
    } else if (/pValue/i.test(key) && typeof node === 'number') {
      expect(node, key).toBeGreaterThan(0);
    }
  };
  walk(JSON.parse(outputs.json ?? 'null'), '');
}

describe('a p-value below the double range, in every format', () => {
  // 18 missions in 14 days against a stated 1e-20 a year: P(X ≥ 18) is about 1e-400.
  const TINY_RATE = [
    'report',
    'fixtures/demo',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--period',
    'week',
    '--baseline-rate',
    `0.${'0'.repeat(19)}1/year`,
    // The 18 of the surge as simulated, the CBP drone included.
    '--operators',
    'all',
  ];

  it('prints "< 1e-300" (CSV "<1e-300", JSON null with pValueBelow), never 0', async () => {
    const out = await allFormats(TINY_RATE);
    expectNoImpossibleNumbers(out);
    expect(out.table).toMatch(/^Total .* < 1e-300 /m);
    expect(out.table).toContain('one-sided exact Poisson p < 1e-300.');
    expect(out.table).toContain(
      'about 4.7e+22 times the stated rate of 1e-20/year (0.00 expected); exact one-sided p < 1e-300.',
    );
    expect(out.md).toContain('**< 1e-300**');
    expect(out.csv).toMatch(/^total,.*,<1e-300,/m);
    expect(out.html).toContain('<td class="num">&lt; 1e-300</td>');
    const j = JSON.parse(out.json ?? '');
    expect(j.summary).toMatchObject({ pValue: null, pValueBelow: 1e-300 });
    // The weeks' own p-values (about 1e-201) are still numbers.
    expect(j.periods[0].pValue).toBeGreaterThan(1e-300);
    expect(j.periods[0].pValueBelow).toBeNull();
  });

  it('the demo report keeps its numbers', async () => {
    expectNoImpossibleNumbers(await allFormats(DEMO_REPORT));
  });
});

/** num/den as the nearest double, for exact rational references far below 1e-300 too. */
function ratioToNumber(num: bigint, den: bigint): number {
  const shift = den.toString(2).length - num.toString(2).length + 64;
  const quotient = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  return Number(quotient) * 2 ** -shift;
}

function choose(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i += 1) c = (c * BigInt(n - k + i)) / BigInt(i);
  return c;
}

/** P(X ≥ k), X ~ Binomial(n, a/(a+b)) for integers a, b, as one exact rational. */
function exactBinomialTail(k: number, n: number, a: number, b: number): number {
  let num = 0n;
  for (let j = k; j <= n; j += 1)
    num += choose(n, j) * BigInt(a) ** BigInt(j) * BigInt(b) ** BigInt(n - j);
  return ratioToNumber(num, BigInt(a + b) ** BigInt(n));
}

describe('the report tests a measured baseline as a second Poisson count', () => {
  const day = 86_400_000;
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  const mission = (timeMs: number, hex = 'ae6881'): Mission =>
    ({
      id: `${hex}-${timeMs}`,
      aircraft: { hex, type: 'P8' },
      firstEntry: { timeMs, lat: 27, lon: -111, fileIndex: 0, line: 1 },
      utcDatesInRegion: [new Date(timeMs).toISOString().slice(0, 10)],
    }) as unknown as Mission;
  // Baseline: 100 days from t0 with `quiet` missions; window: the 4 days after it.
  const scenario = (quiet: number, perDay: readonly number[]) => {
    const missions = [
      ...Array.from({ length: quiet }, (_, k) =>
        mission(t0 + (k * 100 * day) / Math.max(quiet, 1)),
      ),
      ...perDay.flatMap((n, d) =>
        Array.from({ length: n }, (_, k) => mission(t0 + (100 + d) * day + k * 3_600_000)),
      ),
    ];
    const baseline = measuredBaseline(missions, t0, t0 + 100 * day);
    const window = { startMs: t0 + 100 * day, endMs: t0 + 104 * day };
    return { missions, baseline, window };
  };

  it.each([
    // [baseline missions, window missions per day]
    [3, [0, 1, 2, 5]],
    [12, [1, 2, 1, 1]],
    [0, [0, 1, 2, 5]],
  ])(
    'baseline %i: each period is binomial(n + baseline, 1/101), the window binomial(N + baseline, 4/104)',
    (quiet, perDay) => {
      const { missions, baseline, window } = scenario(quiet, perDay);
      const r = buildCountReport(missions, window, 'day', 'UTC', baseline, { adjust: 'none' });
      expect(r.test).toBe('rate-ratio');
      r.periods.forEach((p, i) => {
        const n = perDay[i] ?? 0;
        // Exact rational reference: the period's day against the baseline's 100 days.
        expect(p.pValue).not.toBeNull();
        expectRelClose(
          p.pValue ?? NaN,
          n === 0 ? 1 : exactBinomialTail(n, n + quiet, 1, 100),
          1e-12,
        );
        expect(p.pAdjusted).toBe(p.pValue);
      });
      const total = perDay.reduce((a, b) => a + b, 0);
      expectRelClose(
        r.summary.pValue ?? NaN,
        exactBinomialTail(total, total + quiet, 4, 100),
        1e-12,
      );
      expect(r.rateRatio?.pValue).toBe(r.summary.pValue);
      // Beside it, the one-sample p with the measured rate taken as known; none for a rate of zero.
      if (quiet === 0) expect(r.knownRatePValue).toBeNull();
      else
        expectRelClose(r.knownRatePValue ?? NaN, poissonUpperTail(total, (quiet * 4) / 100), 1e-13);
    },
  );

  it('the conditional p is never below the one-sample p that takes the rate as known, for these counts', () => {
    for (const quiet of [1, 3, 12, 40]) {
      const { missions, baseline, window } = scenario(quiet, [2, 3, 1, 4]);
      const r = buildCountReport(missions, window, 'day', 'UTC', baseline);
      expect(r.summary.pValue ?? 0).toBeGreaterThan(r.knownRatePValue ?? 1);
    }
  });

  it('a baseline without missions: finite p-values, an interval open above, an explained sentence', () => {
    const { missions, baseline, window } = scenario(0, [0, 1, 2, 5]);
    const r = buildCountReport(missions, window, 'day', 'UTC', baseline);
    // All 8 of the total in the window's 4 of 104 days: (4/104)^8.
    expectRelClose(r.summary.pValue ?? NaN, (4 / 104) ** 8, 1e-12);
    expect(r.rateRatio?.ci95[1]).toBe(Infinity);
    const q = 0.025 ** (1 / 8);
    expectRelClose(r.rateRatio?.ci95[0] ?? NaN, (q / (1 - q)) * (100 / 4), 1e-10);
    expect(summarySentence(r)).toBe(
      '8 missions (3 aircraft-days) in the window; exact 95% interval 3.45–15.76. The baseline had no ' +
        'missions in 100.0 days: its rate is not known to be zero, only to be below 0.0300/day (one-sided ' +
        '95% upper bound), and a rate of zero taken as known would make any mission impossible. Against ' +
        'the baseline as a second Poisson count instead: rate ratio at least 42.67 (exact 95% interval ' +
        '≥ 42.67, open above), one-sided exact conditional p = 4.8e-12.',
    );
  });

  it('mid-p: the conditional test keeps its mid-p form per period', () => {
    const { missions, baseline, window } = scenario(3, [0, 1, 2, 5]);
    const r = buildCountReport(missions, window, 'day', 'UTC', baseline, { midP: true });
    expectRelClose(r.periods[3]?.pValue ?? NaN, binomialMidPUpperTail(5, 8, 1 / 101), 1e-13);
  });

  it('a baseline without missions that overlaps the window: no test, rather than p = 0', () => {
    const { missions, baseline } = scenario(0, [0, 1, 2, 5]);
    const window = { startMs: t0 + 98 * day, endMs: t0 + 103 * day };
    const r = buildCountReport(missions, window, 'day', 'UTC', baseline);
    expect(r.test).toBe('poisson');
    expect(r.summary.pValue).toBeNull();
    expect(r.knownRatePValue).toBeNull();
    expect(r.periods.every((p) => p.pValue === null && p.pAdjusted === null)).toBe(true);
    expect(r.periodsTested).toBe(0);
    expect(summarySentence(r)).toContain(
      'The baseline had no missions in 100.0 days, so its rate is only known to be below 0.0300/day ' +
        '(one-sided 95% upper bound); it overlaps the window, so the two are not compared as independent ' +
        'counts, and a rate of zero taken as known would make any mission impossible: no test is made.',
    );
  });

  it('nothing in the window nor in the baseline: nothing to compare', () => {
    const { missions, baseline, window } = scenario(0, [0, 0, 0, 0]);
    const r = buildCountReport(missions, window, 'day', 'UTC', baseline);
    expect(r.summary.pValue).toBe(1);
    expect(summarySentence(r)).toBe(
      '0 missions (0 aircraft-days) in the window; exact 95% interval 0.00–3.69. Neither the window nor ' +
        'the baseline has any mission: there is nothing to compare. The baseline had no missions in 100.0 ' +
        'days, so its rate is only known to be below 0.0300/day (one-sided 95% upper bound).',
    );
  });

  it.each([
    ['holm', 0],
    ['bh', 6],
    ['none', 6],
  ] as const)(
    '--adjust %s: adjusted p-values over the periods tested, and %i highlighted',
    (adjust, highlighted) => {
      // A stated 1/day: six of 13 days with 5 missions, P(X ≥ 5 | 1) = 0.00366 each.
      const perDay = [5, 0, 5, 1, 5, 0, 5, 1, 5, 0, 5, 1, 0];
      const missions = perDay.flatMap((n, d) =>
        Array.from({ length: n }, (_, k) => mission(t0 + d * day + k * 3_600_000)),
      );
      const window = { startMs: t0, endMs: t0 + perDay.length * day };
      const r = buildCountReport(missions, window, 'day', 'UTC', statedBaseline(1, 'day'), {
        adjust,
      });
      const raw = perDay.map((n) => poissonUpperTail(n, 1));
      const expected = adjustPValues(raw, adjust);
      expect(r.adjust).toBe(adjust);
      expect(r.periodsTested).toBe(perDay.length);
      r.periods.forEach((p, i) => {
        expectRelClose(p.pValue ?? NaN, raw[i] ?? NaN, 1e-14);
        expectRelClose(p.pAdjusted ?? NaN, expected[i] ?? NaN, 1e-14);
      });
      // Holm: the smallest, 13 × 0.00366 = 0.048, is already above 0.01, so none; BH: the sixth,
      // 0.00366 × 13/6 = 0.0079, is below it, so all six; unadjusted: six below 0.01.
      expect(r.periods.filter(isSurge)).toHaveLength(highlighted);
    },
  );
});

describe('a measured baseline without missions, in every format', () => {
  // The demo's two-week surge against the quiet 12 days before it.
  const QUIET = [
    'report',
    'fixtures/demo',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--period',
    'week',
    '--baseline',
    '2025-01-15/2025-01-27',
    '--operators',
    'all',
  ];

  it('finite p-values, a bound for the rate, an interval "≥ X", never p = 0 or Infinity', async () => {
    const out = await allFormats(QUIET);
    expectNoImpossibleNumbers(out);
    const sentence =
      'The baseline had no missions in 12.0 days: its rate is not known to be zero, only to be below ' +
      '0.2496/day (one-sided 95% upper bound), and a rate of zero taken as known would make any mission ' +
      'impossible. Against the baseline as a second Poisson count instead: rate ratio at least 3.77 ' +
      '(exact 95% interval ≥ 3.77, open above), one-sided exact conditional p = 1.4e-5.';
    for (const format of ['table', 'md']) expect(out[format]).toContain(sentence);
    expect(out.html).toContain(sentence.replace('≥', '≥'));
    expect(out.table).toContain('= a rate below 0.2496/day (one-sided 95% upper bound), measured');
    // The subtitle wraps at the chart's width: its lines read as one.
    const subtitle = [...(out.chart ?? '').matchAll(/<text [^>]*fill="#666666">([^<]*)<\/text>/g)]
      .map((m) => m[1])
      .join(' ');
    expect(subtitle).toContain('(measured; rate below 0.2496/day, one-sided 95% bound)');
    const j = JSON.parse(out.json ?? '');
    expect(j.baseline).toMatchObject({ missions: 0, ratePerDay: 0, ratePerDayUpper95: 0.249644 });
    expect(j.summary.pValue).toBe(1.45e-5);
    expect(j.summary.knownRatePValue).toBeNull();
    expect(j.summary.rateRatio).toMatchObject({
      ratio: null,
      ratioUnbounded: true,
      ci95: [3.77, null],
      ci95UpperUnbounded: true,
    });
    expect(j.statistics).toMatchObject({
      testKind: 'rate-ratio',
      adjustment: 'holm',
      periodsTested: 2,
    });
    expect(j.methods).toContain('only to be below 0.2496/day (one-sided 95% upper bound, −ln 0.05');
  });
});

describe('--adjust on the demo report', () => {
  it.each([
    ['holm', 'Holm p', '0.0097', '0.00967'],
    ['bh', 'BH p', '0.0024', '0.00242'],
  ])(
    '%s: a "%s" column, %s on the days with two missions, still highlighted',
    async (adjust, header, cell, csvCell) => {
      const r = await runCli([...DEMO_REPORT, '--adjust', adjust]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`p-value +${header} `));
      expect(r.stdout).toMatch(
        new RegExp(`^2025-01-28 .* 6\\.9e-4 +${cell.replace('.', '\\.')} `, 'm'),
      );
      expect(r.stdout).toContain(`periods with ${header} < 0.01 are marked *`);
      const j = JSON.parse(
        (await runCli([...DEMO_REPORT, '--adjust', adjust, '--format', 'json'])).stdout,
      );
      expect(j.statistics).toMatchObject({
        adjustment: adjust,
        periodsTested: 14,
        highlightUses: 'pValueAdjusted',
      });
      expect(j.parameters.adjust).toBe(adjust);
      const csv = (await runCli([...DEMO_REPORT, '--adjust', adjust, '--format', 'csv'])).stdout;
      expect(csv).toMatch(/^row,.*,p_value,p_value_adjusted,/m);
      const row = csv
        .split('\n')
        .find((l) => l.startsWith('period,2025-01-28T'))
        ?.split(',');
      expect(row?.slice(7, 9)).toEqual(['0.000691', csvCell]);
    },
  );

  it('none: no adjusted column, and the footnote says how many could be highlighted by chance', async () => {
    const r = await runCli([...DEMO_REPORT, '--adjust', 'none']);
    expect(r.stdout).not.toContain('Holm p');
    expect(r.stdout).toContain(
      'periods with p < 0.01 are marked *, unadjusted (--adjust none): of 14 periods tested, up to 0.14 could fall below it by chance alone',
    );
    const j = JSON.parse(
      (await runCli([...DEMO_REPORT, '--adjust', 'none', '--format', 'json'])).stdout,
    );
    expect(j.methods).toContain(
      '14 periods were tested: even at the baseline rate up to 0.14 of them',
    );
    expect(j.methods).toContain('not adjusted (--adjust none)');
  });

  it('the methods text says which adjustment, and warns about a window chosen after the fact', async () => {
    const j = JSON.parse((await runCli([...DEMO_REPORT, '--format', 'json'])).stdout);
    expect(j.methods).toContain("adjusted by Holm's step-down method (--adjust holm, the default)");
    expect(j.methods).toContain(
      'a window drawn around a surge already noticed overstates its significance',
    );
  });

  it('an unknown method is a usage error', async () => {
    const r = await runCli([...DEMO_REPORT, '--adjust', 'bonferroni']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--adjust <method>' argument 'bonferroni' is invalid/);
  });
});
