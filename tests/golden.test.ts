import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_REPORT } from '../scripts/demo-args.js';
import { expectWarningsAlsoIn, runCli } from './helpers.js';

/** Golden outputs of the CLI on the bundled demo data; UPDATE_GOLDEN=1 rewrites them. */
const CASES: ReadonlyArray<readonly [string, string[]]> = [
  ['demo-report-day.txt', DEMO_REPORT],
  [
    'demo-report-week.json',
    [
      'report',
      'fixtures/demo',
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--period',
      'week',
      '--baseline',
      '2024-02-01/2025-01-27',
      '--format',
      'json',
    ],
  ],
  [
    'demo-report-month.md',
    [
      'report',
      'fixtures/demo',
      '--period',
      'month',
      '--baseline-rate',
      '1/month',
      '--format',
      'md',
    ],
  ],
  [
    'demo-report-week-hermosillo.csv',
    [
      'report',
      'fixtures/demo',
      '--from',
      '2025-01-20',
      '--to',
      '2025-02-17',
      '--tz',
      'America/Hermosillo',
      '--baseline-rate',
      '1/month',
      '--format',
      'csv',
    ],
  ],
  ['demo-missions.csv', ['missions', 'fixtures/demo', '--format', 'csv']],
  ['demo-inspect.json', ['inspect', 'fixtures/demo', '--format', 'json']],
];

describe('golden outputs on the demo data', () => {
  it.each(CASES)('%s', async (name, argv) => {
    const r = await runCli([...argv]);
    // A warning that changes the verdict is on stderr as well as in the output (CSV: `# warning:`).
    expectWarningsAlsoIn(r.stderr, r.stdout);
    expect(r.code).toBe(0);
    const file = `fixtures/golden/${name}`;
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, r.stdout);
    expect(r.stdout).toBe(readFileSync(file, 'utf8'));
  });
});

describe('the demo reproduces the reported pattern', () => {
  it('18 missions in the two-week surge against 12 in the year before, each counted once; 17 of them military', async () => {
    const military = JSON.parse((await runCli(CASES[1]![1])).stdout);
    // The CBP MQ-9 is a law-enforcement airframe: left out by default, and said so.
    expect(military.summary).toMatchObject({ missions: 17, aircraftDays: 15 });
    expect(military.operators).toMatchObject({ leftOutInWindow: 1, leftOutInBaseline: 0 });
    const r = await runCli([...CASES[1]![1], '--operators', 'military-isr,law-enforcement']);
    const j = JSON.parse(r.stdout);
    expect(j.baseline).toMatchObject({ source: 'data', missions: 12 });
    expect(j.summary).toMatchObject({ missions: 18, aircraftDays: 16 });
    // 358 of the baseline's 361 days have data (a simulated 3-day outage), so the rate is 12/358 per day.
    expect(j.baseline.exposureDays).toBe(358);
    // Against the measured baseline as a second count (its own noise allowed for): 1.3e-18; with
    // its rate taken as known, the one-sample Poisson p: 1.2e-22.
    expect(j.summary.pValue.toPrecision(2)).toBe('1.3e-18');
    expect(j.summary.rateRatio.pValue).toBe(j.summary.pValue);
    expect(j.summary.knownRatePValue.toPrecision(2)).toBe('1.2e-22');
    expect(j.summary.byType).toEqual({ P8: 11, Q4: 1, Q9: 1, R135: 4, U2: 1 });
    // The RC-135V sortie of 3 Feb is in an OpenSky file and a readsb trace: one mission, two sources.
    const rivet = j.missions.filter(
      (m: { aircraft: { hex: string } }) => m.aircraft.hex === 'ae01c7',
    );
    expect(rivet.map((m: { firstEntry: string }) => m.firstEntry.slice(0, 10))).toEqual([
      '2025-02-03',
      '2025-02-04',
    ]);
    expect(rivet[0].sources).toHaveLength(2);
    // The P-8 sortie that crosses midnight counts once, on the date of its first entry.
    const late = j.missions.find((m: { id: string }) => m.id.startsWith('ae4eb1-20250205'));
    expect(late.evidence.utcDatesInRegion).toEqual(['2025-02-05', '2025-02-06']);
    // Every row is accounted for.
    for (const i of j.inputs) {
      expect(
        i.used + Object.values(i.skipped as Record<string, number>).reduce((a, b) => a + b, 0),
      ).toBe(i.rows);
    }
  });

  it('negatives stay out: tanker, transport, airliners, the Pacific racetrack, the short clip', async () => {
    const r = await runCli(['missions', 'fixtures/demo', '--format', 'json']);
    const hexes = new Set(
      JSON.parse(r.stdout).missions.map((m: { aircraft: { hex: string } }) => m.aircraft.hex),
    );
    for (const negative of ['ae0137', 'ae4af6', '0d0a0b', 'a0b1c2'])
      expect(hexes.has(negative)).toBe(false);
    const p8 = JSON.parse(r.stdout).missions.filter(
      (m: { firstEntry: string; aircraft: { hex: string } }) =>
        m.firstEntry.startsWith('2025-02-04') || m.firstEntry.startsWith('2025-02-07'),
    );
    expect(p8.map((m: { aircraft: { hex: string } }) => m.aircraft.hex).sort()).toEqual([
      'ae01c7',
      'ae01d1',
    ]);
  });

  it('a shorter --gap splits the sortie with the 40-minute coverage hole; a longer --min-dwell admits the short clip', async () => {
    const base = [
      'missions',
      'fixtures/demo',
      '--from',
      '2025-01-30',
      '--to',
      '2025-01-31',
      '--format',
      'json',
    ];
    const normal = JSON.parse((await runCli(base)).stdout).missions;
    const split = JSON.parse((await runCli([...base, '--gap', '30m'])).stdout).missions;
    expect(
      normal.filter((m: { aircraft: { hex: string } }) => m.aircraft.hex === 'ae4eb1'),
    ).toHaveLength(1);
    expect(
      split.filter((m: { aircraft: { hex: string } }) => m.aircraft.hex === 'ae4eb1'),
    ).toHaveLength(2);
    const clip = JSON.parse(
      (
        await runCli([
          'missions',
          'fixtures/demo',
          '--from',
          '2025-02-07',
          '--to',
          '2025-02-08',
          '--min-dwell',
          '1m',
          '--format',
          'json',
        ])
      ).stdout,
    ).missions;
    expect(clip.map((m: { aircraft: { hex: string } }) => m.aircraft.hex).sort()).toEqual([
      'ae01d1',
      'ae4ec0',
    ]);
  });
});
