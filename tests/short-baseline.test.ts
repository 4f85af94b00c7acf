/**
 * Edges of the numbers a report prints: a measured baseline of an hour is said to be too short,
 * its days are not printed as 0, and a tiny expected count is not written 0 in JSON beside its ratio.
 */
import { describe, expect, it } from 'vitest';
import { daysText } from '../src/report/verdict.js';
import { expectedJson } from '../src/report/json.js';
import { runCli } from './helpers.js';

describe('short baselines and small numbers', () => {
  it.each([
    [0.0417, '0.042'],
    [0.5, '0.5'],
    [0.96, '1'],
    [14, '14'],
    [13.96, '14'],
    [358.25, '358.3'],
  ])('daysText(%f) = %s', (days, text) => {
    expect(daysText(days)).toBe(text);
  });

  it.each([
    [0.46934, 0.4693],
    [0.0027379, 0.002738],
    [0.0000014, 0.0000014],
    [0, 0],
    [12.34567, 12.3457],
  ])('expectedJson(%f) = %f', (x, out) => {
    expect(expectedJson(x)).toBe(out);
  });

  it('a baseline of one hour is warned of, and its days are not 0', async () => {
    const r = await runCli([
      'report',
      'fixtures/demo',
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline',
      '2024-02-13T17:00Z/2024-02-13T18:00Z',
      '--format',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    const warning = (j.warnings as string[]).find((w) => w.startsWith('The baseline holds'));
    expect(warning).toMatch(
      /^The baseline holds 0\.042 days of exposure \(\d+ missions?\): too short to say what is usual/,
    );
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
    expect(j.headline).not.toContain(' in 0 days');
    // A month's baseline is not warned of.
    const month = await runCli([
      'report',
      'fixtures/demo',
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline',
      '2024-12-01/2025-01-01',
      '--format',
      'json',
    ]);
    expect(JSON.parse(month.stdout).warnings.join('\n')).not.toContain('The baseline holds');
  });

  it('an expected count of 0.0000014 is written so in JSON, beside its ratio', async () => {
    const r = await runCli([
      'report',
      'fixtures/demo',
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline-rate',
      '0.0000001/day',
      '--format',
      'json',
    ]);
    const s = JSON.parse(r.stdout).summary;
    expect(s.expected).toBeGreaterThan(0);
    expect(s.ratio).toBeCloseTo(s.missions / s.expected, -2);
  });
});
