/** A measured baseline that overlaps the window is said in every format, with how it weakens the test. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const report = (baseline: string, ...more: string[]) =>
  runCli([
    'report',
    'fixtures/demo',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--baseline',
    baseline,
    ...more,
  ]);

describe('a baseline overlapping the window', () => {
  it.each([
    [
      '2025-01-01/2025-02-10',
      "The baseline (2025-01-01 to 2025-02-10) overlaps the window by 14 days: all 17 of the window's missions are counted in the baseline too, so the window is tested against a rate it helped set (the ratio and p-value understate the difference) and not as a second count. A baseline that ends where the window begins (--baseline 2025-01-01/2025-01-27) keeps them apart.",
    ],
    [
      '2024-02-01/2025-02-01',
      "The baseline (2024-02-01 to 2025-02-01) overlaps the window by 5 days: 6 of the window's 17 missions are counted in the baseline too,",
    ],
    [
      '2025-02-05/2025-03-01',
      "The baseline (2025-02-05 to 2025-03-01) overlaps the window by 5 days: 5 of the window's 17 missions are counted in the baseline too, so the window is tested against a rate it helped set (the ratio and p-value understate the difference) and not as a second count.",
    ],
  ])('--baseline %s is warned of in JSON, CSV, Markdown and on stderr', async (baseline, text) => {
    const json = await report(baseline, '--format', 'json');
    expect(json.code).toBe(0);
    const j = JSON.parse(json.stdout);
    const warning = (j.warnings as string[]).find((w) => w.startsWith('The baseline ('));
    expect(warning?.startsWith(text)).toBe(true);
    expect(json.stderr).toContain(`sortie: warning: ${warning}`);
    // Not the two-count test: the window helped set the rate.
    expect(j.statistics.testKind).toBe('poisson');
    const csv = await report(baseline, '--format', 'csv');
    expect(csv.stdout).toContain(`# warning: ${warning}`);
    const md = await report(baseline, '--format', 'md');
    expect(md.stdout).toContain(warning);
  });

  it('a baseline that ends where the window begins is not warned of', async () => {
    const j = JSON.parse((await report('2024-02-01/2025-01-27', '--format', 'json')).stdout);
    expect((j.warnings as string[]).some((w) => w.includes('overlaps the window'))).toBe(false);
  });
});
