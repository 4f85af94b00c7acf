import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

/** The parts of a JSON report these tests read. */
interface Doc {
  summary: { missions: number | null; pValue: number | null };
  warnings: string[];
  exposure: {
    window: { calendarDays: number; observedDays: number };
    baseline: { calendarDays: number; observedDays: number } | null;
    outages: { source: string; from: string; to: string; evidence: string; why: string }[];
  };
}

const report = async (args: string[]): Promise<Doc> =>
  JSON.parse((await runCli(['report', '--format', 'json', ...args])).stdout) as Doc;

describe('time no input carrying other traffic spans', () => {
  // The demo's background traffic runs from 2024-02-01 to 2025-02-09.
  const window = ['--from', '2025-01-27', '--to', '2025-02-10'];

  it('is not observed: a baseline reaching years before the data counts the data', async () => {
    const long = await report(['fixtures/demo', ...window, '--baseline', '2020-01-01/2025-01-27']);
    const within = await report([
      'fixtures/demo',
      ...window,
      '--baseline',
      '2024-02-01/2025-01-27',
    ]);
    expect(long.exposure.baseline?.calendarDays).toBe(1853);
    expect(long.exposure.baseline?.observedDays).toBe(within.exposure.baseline?.observedDays);
    expect(long.summary.pValue).toBe(within.summary.pValue);
    expect(long.exposure.outages.filter((o) => o.evidence === 'no-input')).toEqual([
      {
        source: 'inputs',
        from: '2020-01-01T00:00:00Z',
        to: '2024-02-01T00:00:00Z',
        evidence: 'no-input',
        why: 'before the first report of any input carrying other traffic (2024-02-01 00:00 UTC): nothing shows whether receivers were up',
        log10Chance: null,
        unobservedHours: 1492 * 24,
      },
    ]);
    expect(long.warnings).toContain(
      "1492 of the baseline's 1853 days lie outside the time the inputs carrying other traffic cover (2024-02-01 00:00 to 2025-02-10 00:00 UTC): nothing shows whether receivers were up then, so that time is left out of exposure, as an outage is (--exposure calendar counts it).",
    );
    // Counted as calendar time on request: the old figure, and no such outage.
    const calendar = await report([
      'fixtures/demo',
      ...window,
      '--baseline',
      '2020-01-01/2025-01-27',
      '--exposure',
      'calendar',
    ]);
    expect(calendar.summary.pValue as number).toBeLessThan((long.summary.pValue as number) / 1e6);
  });

  it('a window after the data is no count, not zero missions', async () => {
    const after = await report(['fixtures/demo', '--from', '2025-03-01', '--to', '2025-04-01']);
    expect(after.summary.missions).toBeNull();
    expect(after.exposure.window).toEqual({
      calendarDays: 31,
      observedDays: 0,
      used: 'observedDays',
    });
  });

  it('with inputs of the surveillance aircraft alone, is said to count as observed', async () => {
    const doc = await report([
      'fixtures/demo/opensky',
      ...window,
      '--baseline',
      '2020-01-01/2025-01-27',
    ]);
    expect(doc.exposure.baseline?.observedDays).toBe(1853);
    expect(doc.warnings).toContain(
      "1492 of the baseline's 1853 days lie outside the time of the inputs' reports near the region (2024-02-01 00:00 to 2025-03-01 00:00 UTC): they carry only the surveillance aircraft, so nothing shows whether receivers were up then, and that time counts as observed; if the inputs do not cover it, the baseline's rate is too low and the window's ratio to it too high (a --baseline inside their span avoids it).",
    );
    const after = await report([
      'fixtures/demo/opensky',
      '--from',
      '2025-03-01',
      '--to',
      '2025-04-01',
    ]);
    expect(after.warnings).toContain(
      "The window lies outside the time of the inputs' reports near the region (2024-02-01 00:00 to 2025-03-01 00:00 UTC): they carry only the surveillance aircraft, so nothing shows the window was watched at all, and its count says nothing.",
    );
    const inside = await report([
      'fixtures/demo/opensky',
      ...window,
      '--baseline',
      '2024-02-01/2025-01-27',
    ]);
    expect(inside.warnings.filter((w) => w.includes("inputs' reports near the region"))).toEqual(
      [],
    );
  });
});
