import { describe, expect, it } from 'vitest';
import type { Coverage } from '../src/coverage/coverage.js';
import type { Mission } from '../src/missions/types.js';
import { statedBaseline } from '../src/report/baseline.js';
import { findOutages } from '../src/coverage/outages.js';
import { buildCountReport } from '../src/report/build-report.js';
import { baselineBand, renderChartSvg, shortName } from '../src/report/render/chart-svg.js';

const HOUR = 3_600_000;
const t0 = Date.parse('2025-02-01T00:00:00Z');
const mission = (timeMs: number): Mission =>
  ({
    id: `ae6881-${timeMs}`,
    aircraft: { hex: 'ae6881', type: 'P8' },
    firstEntry: { timeMs, lat: 27, lon: -111, fileIndex: 0, line: 1 },
    utcDatesInRegion: [new Date(timeMs).toISOString().slice(0, 10)],
  }) as unknown as Mission;

describe('baselineBand', () => {
  it('is the 2.5% and 97.5% Poisson quantiles of the expected count', () => {
    expect(baselineBand(10)).toEqual([4, 17]);
    expect(baselineBand(0.0335)).toEqual([0, 1]);
    expect(baselineBand(0)).toEqual([0, 0]);
  });
});

describe('renderChartSvg', () => {
  // Days 1–4 heard every hour, day 5 silent, day 6 heard again (a receiver outage on day 5);
  // 3 missions on day 2, 1 on day 3.
  const hours = [
    ...Array.from({ length: 4 * 24 }, (_, h) => t0 / HOUR + h),
    ...Array.from({ length: 24 }, (_, h) => t0 / HOUR + 5 * 24 + h),
  ];
  const heard = { hours, otherTrafficHours: hours };
  const coverage: Coverage = {
    bbox: [-116, 21.9, -105.8, 33],
    marginDeg: 1,
    ...heard,
    bySource: new Map([[0, heard]]),
  };
  const model = findOutages(coverage, [{ file: 'receiver.csv', format: 'opensky-states' }]);
  const missions = [
    mission(t0 + 30 * HOUR),
    mission(t0 + 31 * HOUR),
    mission(t0 + 32 * HOUR),
    mission(t0 + 50 * HOUR),
  ];
  const report = buildCountReport(
    missions,
    { startMs: t0, endMs: t0 + 5 * 24 * HOUR },
    'day',
    'UTC',
    statedBaseline(1, 'week'),
    { exposure: { mode: 'outages', model } },
  );
  const svg = renderChartSvg(report, { regionName: 'Gulf of California (Golfo de California)' });

  it('draws one bar per period with missions, red where p < 0.01, with its tooltip', () => {
    const bars = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title>/g)];
    expect(bars.map((b) => [b[1], b[2]])).toEqual([
      ['#c0392b', '02-02: 3 missions, expected 0.14'],
      ['#4a6fa5', '02-03: 1 mission, expected 0.14'],
    ]);
    expect(svg).toContain('text-anchor="middle" font-size="12" fill="#c0392b">*</text>');
  });

  it('hatches the period without coverage and says so in the legend', () => {
    expect(svg).toContain('fill="url(#no-data)"><title>02-05: no coverage</title>');
    expect(svg).toContain('>No coverage</text>');
  });

  it('draws the expected line only over covered periods, and labels axes and title', () => {
    const path = /<path d="([^"]+)" fill="none" stroke="#e67e22"/.exec(svg)?.[1] ?? '';
    expect(path.match(/M/g)).toHaveLength(4);
    expect(svg).toContain('>Surveillance missions per day over Gulf of California</text>');
    expect(svg).toContain('>Missions per day</text>');
    expect(svg).toContain('>Day (UTC), by first entry into the region</text>');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="800" height="420"/);
  });

  it('shortens a region name with a parenthesis for titles', () => {
    expect(shortName('Gulf of California (Golfo de California / Mar de Cortés)')).toBe(
      'Gulf of California',
    );
    expect(shortName('Baja Pacific')).toBe('Baja Pacific');
  });
});
