/**
 * Exposure from receiver liveness on simulated data built for each situation: exports that hold
 * only the surveillance aircraft, and a sparse receiver log with quiet days and a real outage.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EdgeFix } from '../src/coverage/coverage.js';
import { cutInMidAir } from '../src/coverage/outages.js';
import { headline, plainRate } from '../src/report/verdict.js';
import { DAY, HOUR, MIN, ms, sbs, sparseReceiverLog } from './exposure-kit.js';
import { runCli } from './helpers.js';

describe('exposure on a sparse receiver log with quiet days and one real outage', async () => {
  const sim = sparseReceiverLog();
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-sparse-'));
  const file = path.join(dir, 'receiver.sbs');
  writeFileSync(file, sim.text);
  const window = ['--from', '2025-01-27', '--to', '2025-02-10'];
  const stated = await runCli([
    'report',
    file,
    ...window,
    '--baseline-rate',
    '1/month',
    '--format',
    'json',
  ]);
  const measured = await runCli([
    'report',
    file,
    ...window,
    '--baseline',
    '2024-02-01/2025-01-27',
    '--format',
    'json',
  ]);
  const statedJson = JSON.parse(stated.stdout);
  const measuredJson = JSON.parse(measured.stdout);

  it('finds the outage, and only it, with its evidence', () => {
    expect(stated.code).toBe(0);
    type Found = { unobservedHours: number; evidence: string; from: string; to: string };
    const found = (statedJson.exposure.outages as Found[]).filter((o) => o.unobservedHours > 0);
    // Beside it, the window's last hour: after the log's last report, which no input spans.
    expect(found.filter((o) => o.evidence === 'no-input')).toEqual([
      expect.objectContaining({ from: '2025-02-09T23:00:00Z', to: '2025-02-10T00:00:00Z' }),
    ]);
    const outages = found.filter((o) => o.evidence !== 'no-input');
    expect(outages).toHaveLength(1);
    const [o] = outages as [Found];
    expect(o.evidence).toBe('silence-cut');
    // The silence runs from the clock hour after the cut airliner's last report to the hour of the
    // next airliner's first: within an hour of the true outage at each end.
    expect(Math.abs(Date.parse(o.from) - sim.outage.startMs)).toBeLessThanOrEqual(HOUR);
    expect(Math.abs(Date.parse(o.to) - sim.outage.endMs)).toBeLessThanOrEqual(HOUR);
  });

  it('takes the stated rate over calendar time less the outage (within 10%), not over quiet days', () => {
    const right = (1 / (365.25 / 12)) * 11;
    expect(statedJson.summary.observedDays).toBeGreaterThan(10.5);
    expect(statedJson.summary.observedDays).toBeLessThan(11.5);
    expect(Math.abs(statedJson.summary.expected / right - 1)).toBeLessThan(0.1);
    expect(statedJson.summary.missions).toBe(2);
  });

  it('measures the baseline rate within 20% of its missions over calendar time less outages', () => {
    const b = measuredJson.baseline;
    expect(b.missions).toBe(12);
    const right = 12 / (ms('2025-01-27') / DAY - ms('2024-02-01') / DAY);
    expect(Math.abs(b.ratePerDay / right - 1)).toBeLessThan(0.2);
  });

  it('keeps quiet days observed: neither forced quiet day is an outage', () => {
    for (const day of ['2025-01-28', '2025-02-06']) {
      const [start, end] = [Date.parse(day), Date.parse(day) + DAY];
      for (const o of statedJson.exposure.outages) {
        expect(Date.parse(o.to) <= start || Date.parse(o.from) >= end).toBe(true);
      }
    }
    // A quiet day and a half, the window's longest silence besides the outage, stays observed.
    expect(sim.text).not.toContain('2025/01/28,');
  });
});

describe('a surveillance flight heard inside the receiver outage', async () => {
  const sim = sparseReceiverLog({ orbitInOutage: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-split-'));
  const file = path.join(dir, 'receiver.sbs');
  writeFileSync(file, sim.text);
  const run = await runCli([
    'report',
    file,
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--baseline-rate',
    '1/month',
    '--format',
    'json',
  ]);
  const json = JSON.parse(run.stdout);

  it('does not split the outage: the silence of other traffic is judged whole', () => {
    expect(run.code).toBe(0);
    expect(json.summary.missions).toBe(3);
    const silences = (json.exposure.outages as { evidence: string; from: string; to: string }[])
      .filter((o) => o.evidence.startsWith('silence'))
      .filter((o) => Date.parse(o.to) > ms('2025-01-27'));
    expect(silences).toHaveLength(1);
    const o = silences[0] as { from: string; to: string };
    expect(Math.abs(Date.parse(o.from) - sim.outage.startMs)).toBeLessThanOrEqual(HOUR);
    expect(Math.abs(Date.parse(o.to) - sim.outage.endMs)).toBeLessThanOrEqual(HOUR);
    // The outage's days are left out but for the 4 hours the orbit was heard in.
    expect(json.summary.observedDays).toBeGreaterThan(10.5 + 4 / 24);
    expect(json.summary.observedDays).toBeLessThan(11.5 + 4 / 24);
  });

  it('warns that the hours heard only by the orbit count as observed', () => {
    const warning = (json.warnings as string[]).find((w) =>
      w.includes('count as observed only because surveillance aircraft were heard'),
    );
    expect(warning).toMatch(/^4 hours of the window \(UTC 2025-02-02\)/);
    expect(warning).toMatch(/1 mission of the window entered the region in them/);
    expect(run.stderr).toContain('count as observed only because surveillance aircraft were heard');
  });
});

describe('exports holding only the surveillance aircraft', async () => {
  const args = [
    'report',
    'fixtures/demo/readsb',
    'fixtures/demo/opensky',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--baseline',
    '2024-02-01/2025-01-27',
    '--period',
    'week',
    // The surge as simulated, the CBP drone included: this is about exposure, not who counts.
    '--operators',
    'all',
  ];
  const json = await runCli([...args, '--format', 'json']);
  const report = JSON.parse(json.stdout);

  it('read the surge as the surge it is, without any flag: calendar time, said once', () => {
    expect(json.code).toBe(0);
    expect(report.summary.missions).toBe(18);
    expect(report.summary.ratio).toBeGreaterThan(35);
    // Against the measured baseline as a second count; with its rate taken as known, below 1e-20.
    expect(report.summary.pValue).toBeLessThan(1e-17);
    expect(report.summary.knownRatePValue).toBeLessThan(1e-20);
    expect(report.exposure.mode).toBe('outages');
    expect(report.exposure.judged).toBe(false);
    expect(report.exposure.note).toMatch(/calendar time\. No input carries other traffic/);
    expect(report.summary.exposureDays).toBe(14);
    expect(report.baseline.exposureDays).toBe(361);
  });

  it('the headline comes first in the table and states the surge', async () => {
    const text = await runCli(args);
    const lines = text.stdout.split('\n');
    expect(lines[1]).toBe(report.headline);
    expect(report.headline).toMatch(
      /^18 missions in 14 days, about 39 times the baseline of about one a month \(12 in 361 days\); exact one-sided p = 1e-18\.$/,
    );
  });
});

describe('the demo with its background traffic and its 3-day receiver outage', async () => {
  const run = await runCli([
    'report',
    'fixtures/demo',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--baseline',
    '2024-02-01/2025-01-27',
    '--operators',
    'all',
    '--format',
    'json',
  ]);
  const report = JSON.parse(run.stdout);

  it('leaves the outage out of the baseline and says where it is and why', () => {
    expect(report.baseline.exposureDays).toBe(358);
    expect(report.exposure.baseline).toEqual({ calendarDays: 361, observedDays: 358 });
    const [o] = report.exposure.outages;
    expect(o).toMatchObject({
      from: '2024-10-01T00:00:00Z',
      to: '2024-10-04T00:00:00Z',
      evidence: 'silence',
      unobservedHours: 72,
    });
    expect(o.why).toMatch(/^silent for 72 h near the region/);
  });

  it('prints no warning for a verdict exposure does not change', () => {
    expect(report.warnings).toEqual([]);
    expect(run.stderr).toBe('');
  });

  it('with --exposure calendar counts every day, and says the outage found was not left out', async () => {
    const cal = JSON.parse(
      (
        await runCli([
          'report',
          'fixtures/demo',
          '--from',
          '2025-01-27',
          '--to',
          '2025-02-10',
          '--baseline',
          '2024-02-01/2025-01-27',
          '--exposure',
          'calendar',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(cal.baseline.exposureDays).toBe(361);
    expect(cal.exposure.note).toMatch(/calendar time \(--exposure calendar\); 1 outage found/);
  });

  it('keeps --coverage working for a release, with a note on stderr', async () => {
    const old = await runCli(['report', 'fixtures/demo', '--coverage', 'off', '--format', 'json']);
    expect(old.code).toBe(0);
    expect(old.stderr).toMatch(/--coverage off is read as --exposure calendar/);
    expect(JSON.parse(old.stdout).exposure.mode).toBe('calendar');
  });
});

describe('warnings that change a verdict go everywhere', async () => {
  // A window inside a receiver outage: the verdict differs with calendar time.
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-warn-'));
  const file = path.join(dir, 'rx.sbs');
  let text = '';
  for (let t = ms('2025-01-01T00:00:00Z'); t < ms('2025-01-20T00:00:00Z'); t += 10 * MIN) {
    if (t >= ms('2025-01-10T00:00:00Z') && t < ms('2025-01-12T00:00:00Z')) continue;
    text += sbs('0D0001', t, 27.5, -111.5, 33000, 450, 90);
  }
  // Two P-8 sorties on 12 January, right after the outage.
  for (const h of [1, 6]) {
    for (let k = 0; k < 60; k += 2) {
      const t = ms('2025-01-12T00:00:00Z') + h * HOUR + k * MIN;
      text += sbs(
        'AE222C',
        t,
        27 + 0.3 * Math.sin(k / 6),
        -111 + 0.3 * Math.cos(k / 6),
        24000,
        300,
        90,
      );
    }
  }
  writeFileSync(file, text);
  const args = [
    'report',
    file,
    '--from',
    '2025-01-10',
    '--to',
    '2025-01-13',
    '--baseline-rate',
    '1/week',
  ];

  it('in JSON, CSV, Markdown and on stderr', async () => {
    const json = await runCli([...args, '--format', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(report.warnings[0]).toMatch(/^The verdict depends on exposure/);
    expect(json.stderr).toContain(`sortie: warning: ${report.warnings[0]}`);
    const csv = await runCli([...args, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe(`# warning: ${report.warnings[0]}`);
    const md = await runCli([...args, '--format', 'md']);
    expect(md.stdout).toContain(`> **Warning:** ${report.warnings[0]}`);
    const table = await runCli(args);
    expect(table.stdout).toContain(`Warning: ${report.warnings[0]}`);
  });
});

describe('the verdict depending on exposure, beyond the window at 0.01', () => {
  // The demo's receiver outage of 1–3 October 2024 lies in these windows.
  it('the window either side of the --fail-on-surge level: warned, since the exit code follows', async () => {
    const args = ['report', 'fixtures/demo', '--from', '2024-09-28', '--to', '2024-10-20'];
    const rate = ['--baseline-rate', '0.0025/day', '--format', 'json'];
    const alerted = await runCli([...args, ...rate, '--fail-on-surge', '0.05']);
    expect(alerted.code).toBe(3);
    const warning = (JSON.parse(alerted.stdout).warnings as string[]).find((w) =>
      w.startsWith('The verdict depends on exposure'),
    );
    expect(warning).toBe(
      'The verdict depends on exposure: with the outages found left out p = 0.046, counting calendar time p = 0.054 (either side of the --fail-on-surge level 0.05: the exit code follows the choice) (--exposure outages|calendar).',
    );
    expect(alerted.stderr).toContain(`sortie: warning: ${warning}`);
    const calendar = await runCli([
      ...args,
      ...rate,
      '--fail-on-surge',
      '0.05',
      '--exposure',
      'calendar',
    ]);
    expect(calendar.code).toBe(0);
    expect(JSON.parse(calendar.stdout).warnings).toContain(warning);
    // Without the alert, both p-values are on one side of 0.01: nothing to say.
    const plain = await runCli([...args, ...rate]);
    expect(JSON.parse(plain.stdout).warnings.join('\n')).not.toContain('depends on exposure');
  });

  it('a period marked under one choice only: warned, naming it and both p-values', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-marked-'));
    const file = path.join(dir, 'states_oct.csv');
    const rows = [
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour',
    ];
    // Two RC-135 orbits, on 5 and 6 October, in the week of the outage.
    for (const day of ['2024-10-05', '2024-10-06']) {
      const t0 = ms(`${day}T17:00:00Z`) / 1000;
      for (let i = 0; i < 180; i += 1) {
        const t = t0 + 30 * i;
        const a = (2 * Math.PI * i) / 60;
        const lat = (27 + 0.3 * Math.sin(a)).toFixed(5);
        const lon = (-111 + 0.34 * Math.cos(a)).toFixed(5);
        rows.push(
          `${t},ae01c7,${lat},${lon},220,90,0,TOXIN21,false,false,false,1234,9144,9400,${t},${t},${t - (t % 3600)}`,
        );
      }
    }
    writeFileSync(file, rows.join('\n') + '\n');
    const args = ['report', 'fixtures/demo', file, '--from', '2024-09-23', '--to', '2024-10-14'];
    const rest = ['--period', 'week', '--baseline-rate', '0.015/day', '--format', 'json'];
    const r = await runCli([...args, ...rest]);
    const warning = (JSON.parse(r.stdout).warnings as string[]).find((w) =>
      w.startsWith('Which periods stand out depends on exposure'),
    );
    expect(warning).toMatch(
      /^Which periods stand out depends on exposure \(marked below 0\.01\): 2024-W40 \(09-30\): Holm p 0\.00\d+ with the outages found left out, 0\.0\d+ counting calendar time \(--exposure outages\|calendar\)\.$/,
    );
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
  });
});

describe('the pieces', () => {
  it.each([
    [12 / 365.25, 'about one a month'],
    [1 / 7, 'about one a week'],
    [3, 'about three a day'],
    [0.5, 'about 3.5 a week'],
    [2 / 365.25, 'about two a year'],
  ])('plainRate(%f) = %s', (rate, text) => {
    expect(plainRate(rate)).toBe(text);
  });

  const extent = [-115, 25, -107, 31] as const;
  const fix = (over: Partial<EdgeFix>): EdgeFix => ({
    timeMs: 0,
    lat: 28,
    lon: -111,
    altitudeFt: 35000,
    onGround: false,
    groundSpeedKt: 450,
    trackDeg: 90,
    ...over,
  });
  it.each([
    ['cruising mid-reach', fix({}), 1, true],
    ['on the ground', fix({ onGround: true }), 1, false],
    ['low, landing', fix({ altitudeFt: 2000 }), 1, false],
    ['about to leave reach eastward', fix({ lon: -107.5 }), 1, false],
    [
      'just arrived from the east edge, seen backwards',
      fix({ lon: -107.5, trackDeg: 270 }),
      -1,
      false,
    ],
    ['no speed, deep inside', fix({ groundSpeedKt: null }), 1, true],
  ] as const)('cutInMidAir: %s', (_, f, dir, want) => {
    expect(cutInMidAir(f, extent, dir)).toBe(want);
  });

  it('headline never prints p = 0', () => {
    const h = headline({
      summary: {
        missions: 400,
        calendarDays: 14,
        observedDays: 14,
        expected: 0.1,
        ratio: 4000,
        pValue: 0,
        noCoverage: false,
      },
      exposure: { mode: 'calendar', model: null },
      baseline: { source: 'stated', count: 1, unit: 'month', ratePerDay: 0.03 },
      midP: false,
    } as never);
    expect(h).toContain('exact one-sided p < 1e-300.');
  });
});
