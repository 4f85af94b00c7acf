import { describe, expect, it } from 'vitest';
import { surgeAlert } from '../src/report/alert.js';
import { statedBaseline } from '../src/report/baseline.js';
import { buildCountReport } from '../src/report/build-report.js';
import { renderReportLine } from '../src/report/render/report-line.js';
import type { Mission } from '../src/missions/types.js';
import { runCli } from './helpers.js';

const ms = (iso: string): number => Date.parse(iso);
const mission = (iso: string, hex = 'ae6881'): Mission =>
  ({
    id: `${hex}-${iso}`,
    aircraft: { hex, type: 'P8', registration: null, operator: null, identifiedBy: 'x' },
    firstEntry: { timeMs: ms(iso), lat: 0, lon: 0, fileIndex: 0, line: 1 },
    utcDatesInRegion: [iso.slice(0, 10)],
  }) as unknown as Mission;

// 14 days against a stated 1/month: 0.46 missions expected in the window, 0.033 a day.
const WINDOW = { startMs: ms('2025-01-27T00:00:00Z'), endMs: ms('2025-02-10T00:00:00Z') };
const ONE_A_MONTH = statedBaseline(1, 'month');
const report = (isos: string[], adjust: 'holm' | 'bh' | 'none' = 'holm') =>
  buildCountReport(
    isos.map((iso, k) => mission(iso, `ae00${String(k).padStart(2, '0')}`)),
    WINDOW,
    'day',
    'UTC',
    ONE_A_MONTH,
    { adjust },
  );

describe('surgeAlert (pure)', () => {
  it.each([
    // missions, alpha, periods checked, surge in the window, surge days
    [['2025-02-01T10:00:00Z'], 0.01, true, false, []],
    [
      ['2025-02-01T10:00:00Z', '2025-02-03T10:00:00Z', '2025-02-05T10:00:00Z'],
      0.05,
      false,
      true,
      [],
    ],
    // Four missions on one day: that day's p (about 5e-8) survives Holm's ×14; the window's too.
    [Array(4).fill('2025-02-03T12:00:00Z'), 0.01, true, true, ['2025-02-03']],
    // The same, with periods not checked: only the window is named.
    [Array(4).fill('2025-02-03T12:00:00Z'), 0.01, false, true, []],
  ] as const)(
    '%j at %s (periods checked: %s) → window surge %s, days %j',
    (isos, alpha, periods, windowSurge, days) => {
      const a = surgeAlert(report([...isos]), alpha, periods);
      expect(a.window.surge).toBe(windowSurge);
      expect(a.periods.map((p) => p.label)).toEqual(days);
      expect(a.surge).toBe(windowSurge || days.length > 0);
      expect(a.undecided).toBeNull();
    },
  );

  it('an empty window is never a surge, at any level', () => {
    const a = surgeAlert(report([]), 0.5, true);
    expect(a).toMatchObject({ surge: false, window: { pValue: 1, surge: false }, periods: [] });
    expect(a.text).toBe(
      "no surge in the window: 0 missions against 0.46 expected, p = 1.00 (not below 0.5); no day above the baseline at 0.5 after Holm's adjustment for the periods tested",
    );
  });

  it('a period is judged on its adjusted p-value: with --adjust none more days pass', () => {
    // Two missions on one day: p ≈ 5e-4 alone, about 7e-3 after Holm over 14 days.
    const two = ['2025-02-03T10:00:00Z', '2025-02-03T14:00:00Z'];
    expect(surgeAlert(report(two, 'holm'), 0.005, true).periods).toEqual([]);
    const unadjusted = surgeAlert(report(two, 'none'), 0.005, true);
    expect(unadjusted.periods.map((p) => p.label)).toEqual(['2025-02-03']);
    expect(unadjusted.text).toContain('(not adjusted for the periods tested: --adjust none)');
  });
});

describe('renderReportLine', () => {
  it('says region, window, count, expected, ratio and p in one line', () => {
    const r = report(Array(4).fill('2025-02-03T12:00:00Z'));
    const line = renderReportLine(r, 'gulf-of-california', surgeAlert(r, 0.01, false));
    expect(line).toBe(
      'gulf-of-california 2025-01-27/2025-02-10: 4 missions, 0.46 expected, ratio 8.7, p = 0.0013, SURGE at 0.01\n',
    );
  });

  it('writes ISO instants for a window that does not start and end at midnight', () => {
    const r = buildCountReport(
      [],
      { startMs: ms('2025-02-01T06:00:00Z'), endMs: ms('2025-02-02T06:00:00Z') },
      'day',
      'UTC',
      ONE_A_MONTH,
    );
    expect(renderReportLine(r, 'x', null)).toBe(
      'x 2025-02-01T06:00:00Z/2025-02-02T06:00:00Z: 0 missions, 0.03 expected, p = 1.00\n',
    );
  });
});

describe('sortie report --fail-on-surge (CLI, demo data)', () => {
  const demo = (window: string[], ...more: string[]) =>
    runCli([
      'report',
      'fixtures/demo',
      '--from',
      window[0]!,
      '--to',
      window[1]!,
      '--baseline',
      '2024-02-01/2025-01-27',
      ...more,
    ]);

  it("exits 3 on the demo's surge window, with the outcome on stderr and in JSON", async () => {
    const r = await demo(['2025-01-27', '2025-02-10'], '--fail-on-surge', '--format', 'json');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'sortie: surge in the window: 17 missions against 0.47 expected, p = 2e-17 (below 0.01) (exit 3)',
    );
    const j = JSON.parse(r.stdout);
    expect(j.alert).toMatchObject({
      alpha: 0.01,
      surge: true,
      window: { surge: true },
      periodsChecked: false,
      undecided: null,
    });
    expect(j.parameters.failOnSurge).toBe(0.01);
  });

  it('exits 0 on a quiet window, and --format line prints one line', async () => {
    const r = await demo(['2024-06-01', '2024-06-15'], '--fail-on-surge', '--format', 'line');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'gulf-of-california 2024-06-01/2024-06-15: 1 mission, 0.47 expected, ratio 2.1, p = 0.37, no surge at 0.01, 1 warning\n',
    );
    // The window lies inside the baseline: said, as every condition that weakens the test is.
    expect(r.stderr).toContain(
      "sortie: warning: The baseline (2024-02-01 to 2025-01-27) overlaps the window by 14 days: the window's mission is counted in the baseline too",
    );
    expect(r.stderr).toContain('sortie: no surge in the window: 1 mission against 0.47 expected');
  });

  it('with --period, checks every period after the adjustment and names the surge ones', async () => {
    const r = await demo(
      ['2025-01-27', '2025-02-10'],
      '--period',
      'day',
      '--fail-on-surge',
      '0.01',
      '--format',
      'json',
    );
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.alert.periodsChecked).toBe(true);
    // The days the table marks * (Holm p 0.0097 < 0.01): two missions each.
    expect(j.alert.periods.map((p: { label: string }) => p.label)).toEqual([
      '2025-01-28',
      '2025-02-01',
      '2025-02-03',
      '2025-02-06',
    ]);
  });

  it('--format line writes a .txt file too (the table is .txt without it)', async () => {
    const line = await demo(['2024-06-01', '2024-06-15'], '--format', 'line', '--out', 'x.txt');
    expect(line.code).toBe(0);
    expect(line.files.get('x.txt')).toMatch(
      /^gulf-of-california 2024-06-01\/2024-06-15: 1 mission,[^\n]*\n$/,
    );
    const table = await demo(['2024-06-01', '2024-06-15'], '--out', 'x.txt');
    expect(table.files.get('x.txt')).toMatch(/^sortie report: /);
  });

  it('without --fail-on-surge the JSON alert is null and a surge exits 0', async () => {
    const r = await demo(['2025-01-27', '2025-02-10'], '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).alert).toBeNull();
  });

  it.each([
    [['--fail-on-surge', '0'], /not a significance level above 0 and at most 0.5/],
    [['--fail-on-surge', 'often'], /not a significance level/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await demo(['2025-01-27', '2025-02-10'], ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('without a baseline is a usage error before anything is read', async () => {
    const r = await runCli(['report', 'no-such-folder', '--fail-on-surge']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fail-on-surge needs a baseline to test against');
  });
});
