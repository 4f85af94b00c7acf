import { describe, expect, it } from 'vitest';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { runCli } from './helpers.js';

const DEMO = DEMO_REPORT;

describe('methods and caveats text, generated from the parameters used', () => {
  it('JSON carries it as `methods`, stating window, region, definition, baseline, tests and caveats', async () => {
    const j = JSON.parse((await runCli([...DEMO, '--format', 'json'])).stdout);
    const m: string = j.methods;
    expect(m).toContain(
      'Window and region. Missions were counted per day from 2025-01-27 to 2025-02-10 (UTC, 14.0 days',
    );
    expect(m).toContain('data/regions/gulf-of-california.geojson#gulf-of-california-iho');
    expect(m).toContain('at least 10 minutes inside the region');
    expect(m).toContain('a gap in reports longer than 2 hours');
    expect(m).toContain(
      '12 missions first entering the region from 2024-02-01 to 2025-01-27 (361.0 days, 358.0 days of them less outages)',
    );
    expect(m).toContain(
      "Each position is dated when it was measured, not when it was reported (OpenSky's lastposupdate",
    );
    expect(m).toContain("compared with the baseline's count as two Poisson counts");
    expect(m).toContain('one-sided, P(X ≥ n)');
    expect(m).toContain('Garwood 1936');
    expect(m).toContain("(as R's poisson.test with two counts)");
    expect(m).toContain('within 1° of its bounding box');
    expect(m).toContain(
      "Expected counts, and a baseline rate measured from the data, use calendar time less the outages found: the window's 14.0 days less outages is 14.0 days.",
    );
    expect(m).toContain('Outage: 2024-10-01 00:00 to 2024-10-04 00:00 UTC (3 days)');
    expect(m).toContain("about 43% did in the OpenSky Network's 2017 study");
    expect(m).toContain('Counts are lower bounds');
    expect(m).toContain('Inputs read: 19 files');
    expect(m).not.toContain('overlaps');
  });

  it('lists the outages that touch the window or the baseline, and counts the others', async () => {
    const args = ['report', 'fixtures/demo', '--from', '2025-01-27', '--to', '2025-02-10'];
    // The demo's outage (2024-10-01 to 10-04) lies in the measured baseline: listed.
    const text = (await runCli(DEMO)).stdout;
    expect(text).toContain('Outage: 2024-10-01 00:00 to 2024-10-04 00:00 UTC (3 days)');
    expect(text).not.toContain('outside the window');
    // A stated rate measures no baseline: the outage is outside the window and changes no count.
    const stated = [...args, '--baseline-rate', '1/month'];
    const t = (await runCli(stated)).stdout;
    expect(t).not.toContain('Outage: ');
    expect(t).toContain(
      "The outage found lies outside the window: it changes no count here (all are in the JSON report's exposure.outages).",
    );
    const j = JSON.parse((await runCli([...stated, '--format', 'json'])).stdout);
    expect(j.exposure.outages).toHaveLength(1);
    expect(j.methods).toContain('The outage found lies outside the window');
    expect(j.methods).not.toContain('Outage: ');
    // With calendar exposure no outage changes a count, those in the window neither.
    const calendar = (await runCli([...stated, '--exposure', 'calendar'])).stdout;
    expect(calendar).toContain(
      "The outage found lies outside the window (all are in the JSON report's exposure.outages).",
    );
    expect(calendar).not.toContain('no count here');
  });

  it('follows the options: --gap, --min-dwell, --mid-p, --coverage off, a stated baseline', async () => {
    const j = JSON.parse(
      (
        await runCli([
          'report',
          'fixtures/demo',
          '--from',
          '2025-01-27',
          '--to',
          '2025-02-10',
          '--baseline-rate',
          '1/month',
          '--gap',
          '90m',
          '--min-dwell',
          '20m',
          '--mid-p',
          '--coverage',
          'off',
          '--format',
          'json',
        ])
      ).stdout,
    );
    const m: string = j.methods;
    expect(m).toContain('at least 20 minutes inside the region');
    expect(m).toContain('longer than 90 minutes');
    expect(m).toContain('mid-p Poisson test, P(X > n) + ½ P(X = n)');
    expect(m).toContain('stay exact with --mid-p');
    expect(m).toContain('Exposure: calendar time (--exposure calendar); 1 outage found');
    expect(m).toContain('A stated rate of 1/month');
    expect(m).toContain('A stated baseline gives no period-by-period counts to check');
    expect(j.parameters).toMatchObject({
      midP: true,
      exposure: 'calendar',
      gap: '90m',
      minDwell: '20m',
    });
    expect(j.exposure.mode).toBe('calendar');
  });

  it('says when the window overlaps the measured baseline', async () => {
    const j = JSON.parse(
      (
        await runCli([
          'report',
          'fixtures/demo',
          '--period',
          'month',
          '--baseline',
          '2024-02-01/2025-01-27',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(j.methods).toContain('The window overlaps the baseline interval');
    expect(j.methods).toContain('the rate-ratio test is not made');
    expect(j.summary.rateRatio).toBeNull();
  });

  it('Markdown ends with a "Methods and caveats" section', async () => {
    const r = await runCli([...DEMO, '--format', 'md']);
    expect(r.stdout).toMatch(
      /\n## Methods and caveats\n\n\*\*Window and region\.\*\* Missions were counted/,
    );
    expect(r.stdout).toMatch(/\*\*Caveats\.\*\* Counts are lower bounds\./);
  });

  it('refuses a measured baseline wholly in receiver outages', async () => {
    const r = await runCli([...DEMO.slice(0, -1), '2024-10-01/2024-10-04']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /baseline 2024-10-01\/2024-10-04 lies wholly in outages \(receivers down/,
    );
  });
});
