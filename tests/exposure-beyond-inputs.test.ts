import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeDayFolder } from './archive-kit.js';
import { fly, stadium } from './sim.js';
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

  it('is not held by an input whose rows lie far from the region', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-far-'));
    // A 2018 flight over the Netherlands, with an address; and a 2021 FR24 export over Java, without.
    const far = path.join(dir, 'netherlands-2018.csv');
    const rows = ['time,hex,callsign,lat,lon,alt'];
    for (let k = 0; k < 60; k += 1) {
      const t = new Date(Date.UTC(2018, 4, 30, 12, k)).toISOString();
      rows.push(`${t},484506,TRA051,${(52 + k * 0.01).toFixed(3)},4.76,3000`);
    }
    writeFileSync(far, rows.join('\n') + '\n');
    const java = path.join(dir, 'SJY182_2601a2ba.csv');
    const fr24 = ['Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction'];
    for (let k = 0; k < 30; k += 1) {
      const t = Date.UTC(2021, 0, 9, 7, 36 + k) / 1000;
      fr24.push(
        `${t},${new Date(t * 1000).toISOString().slice(0, 19)}Z,SJY182,"${(-6.1 - k * 0.002).toFixed(4)},106.6",${k * 300},250,330`,
      );
    }
    writeFileSync(java, fr24.join('\n') + '\n');
    const alone = await report(['fixtures/demo', ...window, '--baseline', '2019-01-01/2025-01-27']);
    for (const extra of [far, java]) {
      const withFar = await report([
        'fixtures/demo',
        extra,
        ...window,
        '--baseline',
        '2019-01-01/2025-01-27',
      ]);
      expect(withFar.exposure.baseline?.observedDays).toBe(alone.exposure.baseline?.observedDays);
      expect(withFar.summary.pValue).toBe(alone.summary.pValue);
      expect(withFar.exposure.outages.filter((o) => o.evidence === 'no-input')).toEqual(
        alone.exposure.outages.filter((o) => o.evidence === 'no-input'),
      );
    }
  });

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
        why: 'before the inputs begin (their first report: 2024-02-01 00:58 UTC): no input holds this time, so nothing shows whether receivers were up',
        log10Chance: null,
        unobservedHours: 1492 * 24,
      },
    ]);
    expect(long.warnings).toContain(
      "1492 of the baseline's 1853 days lie outside the time any input holds (inputs carrying other traffic: 2024-02-01 00:00 to 2025-02-10 00:00 UTC): nothing shows whether receivers were up then, so that time is left out of exposure, as an outage is (--exposure calendar counts it).",
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

  it('with inputs of the surveillance aircraft alone, a window given weeks past them is said', async () => {
    const past = ['fixtures/demo/readsb', '--baseline-rate', '1/month'];
    const long = await runCli(['report', ...past, '--from', '2025-02-01', '--to', '2025-03-31']);
    const warning =
      "50.2 of the window's 58 days lie outside the time of the inputs' reports near the region (2024-09-17 15:00 to 2025-02-08 20:00 UTC): they carry only the surveillance aircraft, so nothing shows whether receivers were up then, and that time counts as observed; if the inputs do not cover it, the window's rate is too low (missions flown then are not in them), and a window that ends with the data avoids it.";
    expect(long.stderr).toContain(`sortie: warning: ${warning}`);
    expect(long.stdout).toContain(`Warning: ${warning}`);
    // Days past the last flight, or a window drawn from the data, are their usual case.
    const near = await report([...past, '--from', '2025-02-01', '--to', '2025-02-14']);
    const drawn = await report(past);
    // Only --from given: the end, drawn from the data to a whole month, is not judged.
    const start = await report([...past, '--from', '2024-09-01', '--period', 'month']);
    for (const doc of [near, drawn, start]) {
      expect(doc.warnings.filter((w) => w.includes("inputs' reports near the region"))).toEqual([]);
    }
    const compare = await runCli([
      'compare',
      '2025-02-01/2025-03-31',
      '2024-09-01/2024-10-01',
      'fixtures/demo/readsb',
    ]);
    expect(compare.stdout).toContain(`Warning: Window A: ${warning}`);
    // Counting calendar time changes no warning about what the inputs hold.
    const calendar = await runCli([
      'compare',
      '2025-02-01/2025-03-31',
      '2024-09-01/2024-10-01',
      'fixtures/demo/readsb',
      '--exposure',
      'calendar',
    ]);
    expect(calendar.stdout).toContain(`Warning: Window A: ${warning}`);
    expect(compare.stdout).toContain(
      'Exposure: calendar time: the inputs carry only the surveillance aircraft, so no receiver outage can be seen.',
    );
  });

  /** The demo's background traffic up to `endS` (epoch seconds) only, in a folder of its own. */
  function backgroundUntil(endS: number): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-beyond-'));
    const text = gunzipSync(
      readFileSync('fixtures/demo/background/opensky_background_2024-02_2025-02.csv.gz'),
    ).toString();
    const [header, ...rows] = text.split('\n').filter((l) => l !== '');
    const kept = rows.filter((r) => Number(r.split(',')[0]) < endS);
    mkdirSync(path.join(dir, 'background'));
    writeFileSync(
      path.join(dir, 'background', 'background.csv'),
      [header, ...kept].join('\n') + '\n',
    );
    return dir;
  }

  it('is observed where inputs of the surveillance aircraft hold rows, as before, with its warning', async () => {
    const dir = backgroundUntil(Date.UTC(2025, 0, 1) / 1000);
    const inputs = ['fixtures/demo/opensky', 'fixtures/demo/readsb', path.join(dir, 'background')];
    const doc = await report([...inputs, ...window, '--baseline', '2024-02-01/2025-01-01']);
    // The window lies past the background, inside the surveillance exports: calendar days, but
    // for its hours after their last row.
    const after = doc.exposure.outages.filter((o) => o.evidence === 'no-input');
    expect(after.map((o) => [o.from.slice(0, 10), o.to])).toEqual([
      ['2025-02-09', '2025-02-10T00:00:00Z'],
    ]);
    expect(doc.exposure.window.observedDays).toBeGreaterThan(13);
    expect(doc.warnings.filter((w) => w.includes('carrying other traffic cover'))).toEqual([
      expect.stringMatching(
        /^13\.\d of the window's 14 days lie outside the time the inputs carrying other traffic cover, where only inputs of the surveillance aircraft hold rows: no outage can be seen there, so that time counts as observed\.$/,
      ),
    ]);
  });

  it("leaves the days day archives hold observed, a listening input's span or not", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-beyond-days-'));
    for (let d = 10; d <= 12; d += 1) {
      const dayMs = Date.UTC(2025, 1, d);
      const fixes = fly(stadium(60, 10), {
        kt: 300,
        minutes: 20,
        startMs: dayMs + 12 * 3_600_000,
        hex: 'a1b2c3',
        everyS: 60,
      });
      writeDayFolder(path.join(dir, `globe_history/2025/02/${d}`), dayMs, [
        { hex: 'a1b2c3', type: 'B738', fixes },
      ]);
    }
    const days = ['--from', '2025-02-10', '--to', '2025-02-13', '--baseline-rate', '1/month'];
    const doc = await report(['fixtures/demo', path.join(dir, 'globe_history'), ...days]);
    expect(doc.exposure.window.observedDays).toBe(3);
    expect(doc.exposure.outages.filter((o) => o.evidence === 'no-input')).toEqual([]);
    // A day no archive holds, past the background: no input holds it.
    const more = await report([
      'fixtures/demo',
      path.join(dir, 'globe_history'),
      '--from',
      '2025-02-10',
      '--to',
      '2025-02-14',
      '--baseline-rate',
      '1/month',
    ]);
    expect(more.exposure.window.observedDays).toBe(3);
  });
});

describe('a file missing from a series of surveillance-only inputs', () => {
  it('is warned of where it lies in the baseline; the demo whole is not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-series-gap-'));
    cpSync('fixtures/demo', dir, { recursive: true });
    rmSync(path.join(dir, 'opensky', 'states_2024-07.csv.gz'));
    const args = [
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline',
      '2024-02-01/2025-01-27',
      '--format',
      'json',
    ];
    const r = await runCli(['report', dir, ...args]);
    const warning = (JSON.parse(r.stdout).warnings as string[]).find((w) =>
      w.startsWith('A dated series'),
    );
    expect(warning).toContain(
      'no file for 2024-07-01 00:00 to 2024-08-01 00:00 UTC in the monthly series',
    );
    expect(warning).toContain('(12 of 13 present), in the baseline');
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
    const whole = await runCli(['report', 'fixtures/demo', ...args]);
    expect(JSON.parse(whole.stdout).warnings.join('\n')).not.toContain('A dated series');
    // A window that does not reach the gap: nothing to say.
    const after = await runCli([
      'report',
      dir,
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline-rate',
      '1/month',
      '--format',
      'json',
    ]);
    expect(JSON.parse(after.stdout).warnings.join('\n')).not.toContain('A dated series');
  });
});
