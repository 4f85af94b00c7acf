import { describe, expect, it } from 'vitest';
import { binomialTwoSidedP, compareTwoRates } from '../src/report/stats.js';
import { runCli } from './helpers.js';

describe('compareTwoRates: the exact conditional test of two Poisson rates', () => {
  it("reproduces R's documented example, poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))", () => {
    // R's ?poisson.test example ("Comparison of Poisson rates"), as R prints it: rate ratio
    // 1.971488, p-value = 0.07967, 95 percent confidence interval 0.8584264 4.2772659. The same
    // figures from SciPy 1.17 (binomtest(11, 32, 800/3811), its exact interval mapped to the ratio):
    // 0.0796686330, 0.858426403, 4.277265944.
    const r = compareTwoRates(11, 800, 6 + 8 + 7, 1083 + 1050 + 878);
    expect(r.ratio).toBeCloseTo(1.971488, 6);
    expect(r.pTwoSided).toBeCloseTo(0.0796686330333295, 10);
    expect(r.ci[0]).toBeCloseTo(0.858426403391619, 8);
    expect(r.ci[1]).toBeCloseTo(4.277265943654079, 8);
    // The one-sided p-values cover both directions; together they exceed 1 by P(X = 11).
    expect(r.pHigher).toBeLessThan(r.pTwoSided);
    expect(r.pHigher + r.pLower).toBeGreaterThan(1);
  });

  it.each([
    // k, n, p, SciPy 1.17 binomtest(k, n, p).pvalue (two-sided, as R's binom.test)
    [15, 21, 18 / 198, 7.615972654373616e-12],
    [18, 18, 0.5, 7.62939453125e-6],
    [0, 10, 0.5, 0.001953125],
    [5, 10, 0.5, 1],
    [3, 20, 0.3, 0.22041826738070913],
  ])('two-sided binomial p for %i of %i at %f is %f', (k, n, p, expected) => {
    expect(binomialTwoSidedP(k, n, p) / expected).toBeCloseTo(1, 8);
  });

  it('no events on either side: every p-value is 1', () => {
    const r = compareTwoRates(0, 14, 0, 14);
    expect(r).toMatchObject({ pTwoSided: 1, pHigher: 1, pLower: 1, ratio: null });
  });
});

describe('sortie compare (CLI, demo data)', () => {
  it('says which missions the operator selection left out of each window, as report does', async () => {
    const args = ['compare', '2025-01-27/2025-02-10', '2024-06-01/2024-12-01', 'fixtures/demo'];
    const json = await runCli([...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const j = JSON.parse(json.stdout);
    // The demo's CBP drone flies in A: law-enforcement, not counted by default.
    expect(j.a.missions).toBe(17);
    expect(j.a.leftOut).toMatchObject({
      missions: 1,
      byReason: { 'law-enforcement': 1 },
      airframes: [expect.objectContaining({ hex: 'AE4BD7', missionsInWindow: 1 })],
    });
    expect(j.b.leftOut).toEqual({ missions: 0, byReason: {}, airframes: [] });
    expect(j.operators).toMatchObject({
      classes: ['military-isr'],
      text: 'military-isr, any country',
    });
    const warning =
      'Window A: counting only military-isr, any country: 1 mission in the window left out (law-enforcement 1): AE4BD7 CBP-104 Q9 US Customs and Border Protection US; --operators military-isr,law-enforcement counts them';
    expect(j.warnings).toContain(warning);
    expect(json.stderr).toContain(warning);
    const text = await runCli(args);
    expect(text.stdout).toContain(
      'Operators: counted military-isr, any country; missions of other operators left out: A 1 mission (law-enforcement 1), B none.',
    );
    expect(text.stdout).toContain(`Warning: ${warning}`);
    const counted = await runCli([...args, '--operators', 'all', '--format', 'json']);
    const all = JSON.parse(counted.stdout);
    expect(all.a.missions).toBe(18);
    expect(all.warnings).toEqual([]);
  });

  it('time counted as observed outside the inputs carrying other traffic is warned of, as report warns', async () => {
    const inputs = ['fixtures/demo', 'fixtures/multisource'];
    const warning =
      "29.2 of the window's 42 days lie outside the time the inputs carrying other traffic cover, where only inputs of the surveillance aircraft hold rows: no outage can be seen there, so that time counts as observed.";
    const report = await runCli([
      'report',
      ...inputs,
      '--from',
      '2025-02-01',
      '--to',
      '2025-03-15',
      '--baseline',
      '2024-06-01/2024-12-01',
      '--format',
      'json',
    ]);
    expect(JSON.parse(report.stdout).warnings).toContain(warning);
    const r = await runCli([
      'compare',
      '2025-02-01/2025-03-15',
      '2024-06-01/2024-12-01',
      ...inputs,
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).warnings).toContain(`Window A: ${warning}`);
    expect(r.stderr).toContain(`sortie: warning: Window A: ${warning}`);
  });

  it('two windows of the same inputs: counts, exposure, ratio and exact test', async () => {
    const r = await runCli([
      'compare',
      '2025-01-20/2025-02-07',
      '2024-06-01/2024-12-01',
      'fixtures/demo',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('sortie.compare/1');
    expect(j.a).toMatchObject({ missions: 15, calendarDays: 18, exposureDays: 18 });
    // B holds the demo's 3-day receiver outage (2024-10-01..04), left out of its exposure.
    expect(j.b).toMatchObject({ missions: 6, calendarDays: 183, exposureDays: 180 });
    // SciPy 1.17: binomtest(15, 21, 18/198) → 7.615972654e-12, interval mapped 9.166–78.645.
    expect(j.test).toMatchObject({ rateRatio: 25, pTwoSided: 7.62e-12, ci95: [9.1662, 78.6451] });
    expect(j.headline).toBe(
      "A's rate is about 25 times B's: 15 missions in A's 18 days against 6 in B's 180 days; exact two-sided p = 8e-12.",
    );
    expect(j.warnings).toEqual([]);
  });

  it('two sets of inputs, each over its own window; a window drawn by the data is warned of', async () => {
    const a = 'fixtures/demo/opensky/states_2025-02.csv.gz';
    const b = 'fixtures/demo/opensky/states_2024-07.csv.gz';
    const own = await runCli(['compare', a, b]);
    expect(own.code).toBe(0);
    expect(own.stderr).toContain(
      'sortie: warning: Window B (2024-07-09/2024-07-10) is the span of its data, and its inputs hold only the surveillance aircraft',
    );
    const given = await runCli([
      'compare',
      a,
      b,
      '--window-a',
      '2025-02-01/2025-03-01',
      '--window-b',
      '2024-07-01/2024-08-01',
      '--format',
      'json',
    ]);
    const j = JSON.parse(given.stdout);
    expect(j.a).toMatchObject({ missions: 10, calendarDays: 28, inputs: [a] });
    expect(j.b).toMatchObject({ missions: 1, calendarDays: 31, inputs: [b] });
    expect(j.warnings).toEqual([]);
  });

  it.each([
    [['2025-01-27/2025-02-10', '2025-02-01/2025-03-01', 'fixtures/demo'], /overlap/],
    [['2025-01-27/2025-02-10', 'fixtures/demo'], /must both be windows FROM\/TO .* or both inputs/],
    [['2025-01-27/2025-02-10', '2024-01-27/2024-02-10'], /give the inputs to read/],
    [
      ['fixtures/demo/opensky', 'fixtures/demo/readsb', 'fixtures/demo/fr24'],
      /give no further inputs/,
    ],
    [
      [
        '2025-01-27/2025-02-10',
        '2024-01-27/2024-02-10',
        'fixtures/demo',
        '--window-a',
        '2025-01-01/2025-02-01',
      ],
      /are for two sets of inputs/,
    ],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runCli(['compare', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('with no mission in either window, the ratio is undefined, not unbounded', async () => {
    const r = await runCli([
      'compare',
      '2024-08-10/2024-08-20',
      '2024-08-20/2024-09-01',
      'fixtures/demo',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'No missions in either window (A: 10 days, B: 12 days): nothing to compare.',
    );
    expect(r.stdout).toContain(
      'Rate ratio A/B undefined (neither window has a mission): no interval.',
    );
    expect(r.stdout).not.toContain('unbounded');
  });
});
