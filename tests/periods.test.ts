import { describe, expect, it } from 'vitest';
import { measuredBaseline, statedBaseline } from '../src/report/baseline.js';
import { buildCountReport } from '../src/report/build-report.js';
import { DateTime } from 'luxon';
import {
  isoInZone,
  nextPeriodStart,
  periodLabel,
  periodsInWindow,
  periodStart,
  windowText,
  type PeriodUnit,
} from '../src/report/periods.js';
import type { Mission } from '../src/missions/types.js';

const ms = (iso: string): number => Date.parse(iso);

describe('periods', () => {
  it('weeks are ISO weeks starting on Monday', () => {
    // 2025-02-05 is a Wednesday.
    expect(isoInZone(periodStart(ms('2025-02-05T10:00:00Z'), 'week', 'UTC'), 'UTC')).toBe(
      '2025-02-03T00:00:00Z',
    );
  });

  it('buckets in the zone given, and periods carry its offset', () => {
    const start = periodStart(ms('2025-02-05T03:00:00Z'), 'day', 'America/Hermosillo');
    expect(isoInZone(start, 'America/Hermosillo')).toBe('2025-02-04T00:00:00-07:00');
  });

  it('lists every period of the window, clipped to it, zeros included', () => {
    const p = periodsInWindow(
      ms('2025-01-24T00:00:00Z'),
      ms('2025-02-07T00:00:00Z'),
      'week',
      'UTC',
    );
    expect(p.map((x) => isoInZone(x.startMs, 'UTC').slice(0, 10))).toEqual([
      '2025-01-24',
      '2025-01-27',
      '2025-02-03',
    ]);
    expect(isoInZone(p[2]!.endMs, 'UTC').slice(0, 10)).toBe('2025-02-07');
  });

  it('months follow the calendar', () => {
    const p = periodsInWindow(
      ms('2024-01-15T00:00:00Z'),
      ms('2024-03-02T00:00:00Z'),
      'month',
      'UTC',
    );
    expect(p.map((x) => (x.endMs - x.startMs) / 86_400_000)).toEqual([17, 29, 1]);
  });
});

describe('baseline and counts', () => {
  const mission = (iso: string, type = 'P8', hex = 'ae6881'): Mission =>
    ({
      id: `${hex}-${iso}`,
      aircraft: {
        hex,
        type,
        registration: null,
        operator: null,
        description: null,
        identifiedBy: 'x',
      },
      firstEntry: { timeMs: ms(iso), lat: 0, lon: 0, fileIndex: 0, line: 1 },
      utcDatesInRegion: [iso.slice(0, 10)],
    }) as unknown as Mission;

  it('a stated rate of 1/month means 12 a year', () => {
    expect(statedBaseline(1, 'month').ratePerDay * 365.25).toBeCloseTo(12, 10);
  });

  it('a measured baseline counts missions first entering in [from, to)', () => {
    const ms1 = [
      mission('2024-03-01T00:00:00Z'),
      mission('2024-06-01T00:00:00Z'),
      mission('2025-01-01T00:00:00Z'),
    ];
    const b = measuredBaseline(ms1, ms('2024-03-01T00:00:00Z'), ms('2025-01-01T00:00:00Z'));
    expect(b).toMatchObject({ source: 'data', missions: 2 });
    expect(b.ratePerDay).toBeCloseTo(2 / 306, 10);
  });

  it('18 missions in 14 days against 1 per 30 days: p ≈ 1.1e-22, CI [10.67, 28.45]', () => {
    const missions = Array.from({ length: 18 }, (_, k) =>
      mission(
        new Date(ms('2025-01-27T06:00:00Z') + k * 17 * 3_600_000).toISOString(),
        k < 11 ? 'P8' : 'R135',
        `ae00${String(k).padStart(2, '0')}`,
      ),
    );
    const report = buildCountReport(
      missions,
      { startMs: ms('2025-01-27T00:00:00Z'), endMs: ms('2025-02-10T00:00:00Z') },
      'week',
      'UTC',
      statedBaseline(1, 'day'),
    );
    expect(report.periods).toHaveLength(2);
    const r = buildCountReport(missions, report.window, 'week', 'UTC', {
      source: 'stated',
      count: 1,
      unit: 'day',
      ratePerDay: 1 / 30,
    });
    expect(r.summary.missions).toBe(18);
    expect(r.summary.expected).toBeCloseTo(14 / 30, 10);
    expect(r.summary.pValue!).toBeGreaterThan(1.05e-22);
    expect(r.summary.pValue!).toBeLessThan(1.15e-22);
    expect(r.summary.ci95[0]).toBeCloseTo(10.67, 2);
    expect(r.summary.ci95[1]).toBeCloseTo(28.45, 2);
    expect(r.summary.byType).toEqual({ P8: 11, R135: 7 });
    expect(r.periods.reduce((a, p) => a + p.missions, 0)).toBe(18);
  });

  it('a mission outside the window is not counted', () => {
    const r = buildCountReport(
      [
        mission('2025-01-26T23:59:59Z'),
        mission('2025-02-10T00:00:00Z'),
        mission('2025-02-01T00:00:00Z'),
      ],
      { startMs: ms('2025-01-27T00:00:00Z'), endMs: ms('2025-02-10T00:00:00Z') },
      'day',
      'UTC',
      null,
    );
    expect(r.summary.missions).toBe(1);
    expect(r.periods).toHaveLength(14);
    expect(r.summary.pValue).toBeNull();
  });
});

const MS_PER_DAY = 86_400_000;

describe('UTC, computed without luxon', () => {
  // The zoned path as it stands for every other zone: luxon, asked as periods.ts asks it.
  const zoned = {
    start: (ms: number, unit: PeriodUnit) =>
      DateTime.fromMillis(ms, { zone: 'UTC' }).startOf(unit, { useLocaleWeeks: false }).toMillis(),
    next: (ms: number, unit: PeriodUnit) =>
      DateTime.fromMillis(ms, { zone: 'UTC' })
        .plus({ [`${unit}s`]: 1 })
        .startOf(unit, { useLocaleWeeks: false })
        .toMillis(),
    iso: (ms: number) =>
      DateTime.fromMillis(ms, { zone: 'UTC' }).toISO({
        suppressMilliseconds: true,
        includeOffset: true,
      }),
    label: (ms: number, unit: PeriodUnit) => {
      const d = DateTime.fromMillis(ms, { zone: 'UTC' });
      if (unit === 'day') return d.toFormat('yyyy-MM-dd');
      if (unit === 'week') return `${d.toFormat("kkkk-'W'WW")} (${d.toFormat('MM-dd')})`;
      return d.toFormat('yyyy-MM');
    },
  };
  // Seeded instants from 1900 to 9999, and the days around every new year of 1990-2040 (ISO weeks
  // 52, 53 and 1, week years apart from calendar years), leap days, and whole days and seconds.
  let seed = 20250203;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const instants: number[] = [
    0,
    -1,
    1,
    Date.UTC(1900, 0, 1),
    Date.UTC(9999, 10, 30, 23, 59, 59, 999),
  ];
  for (let k = 0; k < 3000; k += 1) {
    const ms =
      Date.UTC(1900, 0, 1) + Math.floor(random() * (Date.UTC(9999, 10, 1) - Date.UTC(1900, 0, 1)));
    instants.push(ms, ms - (ms % 1000), ms - (((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY));
  }
  for (let year = 1990; year <= 2040; year += 1) {
    for (let d = -4; d <= 4; d += 1) instants.push(Date.UTC(year, 0, 1 + d, 13, 5, 7));
    instants.push(Date.UTC(year, 1, 29), Date.UTC(year, 2, 1) - 1);
  }

  it.each(['day', 'week', 'month'] as const)(
    '%s: starts, next starts and labels as luxon gives them',
    (unit) => {
      for (const ms of instants) {
        const start = periodStart(ms, unit, 'UTC');
        expect(start, `${ms}`).toBe(zoned.start(ms, unit));
        expect(nextPeriodStart(start, unit, 'UTC'), `${ms}`).toBe(zoned.next(start, unit));
        expect(nextPeriodStart(ms, unit, 'UTC'), `${ms}`).toBe(zoned.next(ms, unit));
        expect(periodLabel(ms, unit, 'UTC'), `${ms}`).toBe(zoned.label(ms, unit));
      }
    },
  );

  it('ISO instants and windows as luxon writes them', () => {
    for (const ms of instants) expect(isoInZone(ms, 'UTC'), `${ms}`).toBe(zoned.iso(ms));
    for (let k = 0; k + 1 < instants.length; k += 1) {
      const [a, b] = [instants[k] as number, instants[k + 1] as number];
      const window = { startMs: Math.min(a, b), endMs: Math.max(a, b) };
      const ends = [window.startMs, window.endMs].map((ms) =>
        DateTime.fromMillis(ms, { zone: 'UTC' }),
      );
      const midnight = ends.every(
        (d) => d.hour === 0 && d.minute === 0 && d.second === 0 && d.millisecond === 0,
      );
      const expected = ends
        .map((d) => (midnight ? d.toFormat('yyyy-MM-dd') : zoned.iso(d.toMillis())))
        .join('/');
      expect(windowText(window, 'UTC')).toBe(expected);
    }
  });

  it('leaves fractions of a millisecond and years past 9999 to luxon', () => {
    expect(isoInZone(1.5, 'UTC')).toBe(zoned.iso(1.5));
    const far = Date.UTC(9999, 11, 31, 12);
    expect(periodStart(far, 'month', 'UTC')).toBe(zoned.start(far, 'month'));
    expect(nextPeriodStart(far, 'month', 'UTC')).toBe(zoned.next(far, 'month'));
  });
});
