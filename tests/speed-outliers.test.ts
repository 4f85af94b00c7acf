/**
 * The speed-outlier warning judges an aircraft's share of outliers in each interval a report
 * counts, not an input's share over all its time: a week of two aircraft under one address in a
 * long clean history of it, in one file, was a share too small to warn of.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { speedOutlierWarning } from '../src/report/speed-outliers.js';
import type { TrackStats } from '../src/tracks/types.js';
import { runCli } from './helpers.js';

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';
const row = (timeS: number, lat: number, lon: number, callsign: string): string =>
  `${timeS},ae01c7,${lat.toFixed(4)},${lon.toFixed(4)},160,90,0,${callsign},false,false,false,,9000,9100,${timeS},${timeS},${timeS - (timeS % 3600)}`;

/** A four-hour orbit over the Gulf from 16:00 UTC of `day`, a fix a minute. */
function orbit(day: string, lat0: number, lon0: number, callsign: string, minutes = 240): string[] {
  const t0 = Date.parse(`${day}T16:00:00Z`) / 1000;
  const rows: string[] = [];
  for (let k = 0; k < minutes; k += 1) {
    const a = (k / 40) * 2 * Math.PI;
    rows.push(row(t0 + 60 * k, lat0 + 0.4 * Math.sin(a), lon0 + 0.6 * Math.cos(a), callsign));
  }
  return rows;
}

const dir = mkdtempSync(path.join(tmpdir(), 'sortie-outliers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('speed outliers judged per aircraft and interval', () => {
  // A clean flight every other day for four months, then in the window a second aircraft under
  // the same address for an hour, half a minute after each fix of the first, 100 km away.
  const rows: string[] = [];
  for (let d = Date.parse('2024-10-01'); d < Date.parse('2025-01-27'); d += 2 * 86_400_000) {
    rows.push(...orbit(new Date(d).toISOString().slice(0, 10), 27, -111, 'HOMER01'));
  }
  const history = rows.length;
  rows.push(...orbit('2025-02-03', 27, -111, 'HOMER02'));
  const t0 = Date.parse('2025-02-03T16:00:30Z') / 1000;
  for (let k = 0; k < 60; k += 1) rows.push(row(t0 + 60 * k, 26, -110, 'HOMER02'));
  const file = path.join(dir, 'states_history.csv');
  writeFileSync(
    file,
    [HEADER, ...rows.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]))].join('\n') +
      '\n',
  );

  it('names the aircraft in the window, where the input as a whole holds under 1% outliers', async () => {
    expect(60 / (history + 300)).toBeLessThan(0.01);
    const r = await runCli([
      'report',
      file,
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline',
      '2024-10-01/2025-01-27',
      '--format',
      'json',
    ]);
    expect(r.code).not.toBe(1);
    const warning = (JSON.parse(r.stdout).warnings as string[]).find((w) =>
      w.startsWith('Fixes dropped as speed outliers'),
    );
    expect(warning).toBe(
      `Fixes dropped as speed outliers (implying more than 1,200 kt from both neighbours): AE01C7 in the window, 60 of its 300 fixes (20%), from ${file}. ` +
        'So many mean two aircraft under one address, or a clock off, not glitches: missions built from the rest may join two flights into one or lose one.',
    );
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
    // In every format: the Markdown report says it too.
    const md = await runCli([
      'report',
      file,
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--baseline',
      '2024-10-01/2025-01-27',
      '--format',
      'md',
    ]);
    expect(md.stdout).toContain('AE01C7 in the window, 60 of its 300 fixes (20%)');
  });

  it('says nothing of outliers outside the intervals counted', async () => {
    const r = await runCli([
      'report',
      file,
      '--from',
      '2024-11-01',
      '--to',
      '2024-11-15',
      '--baseline-rate',
      '1/month',
      '--format',
      'json',
    ]);
    expect((JSON.parse(r.stdout).warnings as string[]).join('\n')).not.toContain('speed outliers');
  });
});

describe('speedOutlierWarning', () => {
  const HOUR = 3_600_000;
  const at = Date.parse('2025-02-03T16:00:00Z');
  /** `outliers` a minute apart from 16:00, among `fixes` in the hours from 16:00. */
  const stats = (outliers: number, fixesPerHour: number[]): TrackStats => ({
    duplicates: new Map(),
    outliers: new Map([[0, outliers]]),
    outlierAircraft: [
      {
        hex: 'ae01c7',
        outlierTimeMs: Float64Array.from({ length: outliers }, (_, k) => at + k * 60_000),
        outlierFileIndex: new Int32Array(outliers),
        fixesByHour: new Map(fixesPerHour.map((n, k) => [at / HOUR + k, n])),
      },
    ],
  });
  const window = { startMs: Date.parse('2025-02-03'), endMs: Date.parse('2025-02-04') };
  it.each([
    { name: '10 of 500 (2%) warns', outliers: 10, fixes: [500], warns: true },
    { name: '10 of 501 (under 2%) does not', outliers: 10, fixes: [501], warns: false },
    { name: '9 of 9 does not (too few)', outliers: 9, fixes: [9], warns: false },
    { name: 'fixes counted over several hours', outliers: 12, fixes: [300, 301], warns: false },
  ])('$name', ({ outliers, fixes, warns }) => {
    const w = speedOutlierWarning(
      stats(outliers, fixes),
      [['window', window]],
      ['a.csv'],
      1200,
      undefined,
    );
    expect(w !== null).toBe(warns);
    if (warns) expect(w).toContain(`AE01C7 in the window, ${outliers} of its ${fixes[0]} fixes`);
  });
  it('an interval from the half hour (India) counts the hour it cuts for its share', () => {
    // 600 fixes in each of 16:00–19:00 UTC; 12 outliers from 18:31; a window from 18:30.
    const cut = {
      duplicates: new Map(),
      outliers: new Map([[0, 12]]),
      outlierAircraft: [
        {
          hex: 'ae01c7',
          outlierTimeMs: Float64Array.from(
            { length: 12 },
            (_, k) => at + 2.5 * HOUR + (k + 1) * 60_000,
          ),
          outlierFileIndex: new Int32Array(12),
          fixesByHour: new Map([0, 1, 2].map((k) => [at / HOUR + k, 600])),
        },
      ],
    } as TrackStats;
    const india = { startMs: at + 2.5 * HOUR, endMs: at + 30 * HOUR };
    // 12 of the half hour's 300 fixes: 4%, warned, and not as 12 of 12.
    expect(speedOutlierWarning(cut, [['window', india]], ['a.csv'], 1200, undefined)).toContain(
      'AE01C7 in the window, 12 of its 300 fixes (4%)',
    );
  });

  it('counts only the outliers inside the interval', () => {
    const later = { startMs: at + 5 * 60_000, endMs: at + HOUR };
    const w = speedOutlierWarning(
      stats(14, [100]),
      [['baseline', later]],
      ['a.csv'],
      1200,
      undefined,
    );
    // 9 of the 14 lie in it: too few.
    expect(w).toBeNull();
  });
});
