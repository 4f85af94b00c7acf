/** Aircraft-days, the conservative floor beside every count, are never above the count. */
import { describe, expect, it } from 'vitest';
import type { Mission } from '../src/missions/types.js';
import { countAircraftDays } from '../src/report/build-report.js';
import { runCli } from './helpers.js';

const mission = (hex: string, firstEntryIso: string, utcDates: string[]): Mission =>
  ({
    aircraft: { hex },
    firstEntry: { timeMs: Date.parse(firstEntryIso) },
    utcDatesInRegion: utcDates,
  }) as unknown as Mission;

describe('aircraft-days', () => {
  it('date each mission by its first entry, in the time zone asked', () => {
    // Entered at 22:00 UTC, in the region past midnight: one day, not two.
    const night = mission('ae01c7', '2025-03-03T22:00:00Z', ['2025-03-03', '2025-03-04']);
    expect(countAircraftDays([night])).toBe(1);
    // Two sorties of one aircraft on one day are one; in Hermosillo (UTC-7) 05:00Z is the day before.
    const early = mission('ae01c7', '2025-03-04T05:00:00Z', ['2025-03-04']);
    expect(countAircraftDays([night, early])).toBe(2);
    expect(countAircraftDays([night, early], 'America/Hermosillo')).toBe(1);
  });

  it('no period of the demo, by day in Hermosillo, has more aircraft-days than missions', async () => {
    const r = await runCli([
      'report',
      'fixtures/demo',
      '--from',
      '2025-01-27',
      '--to',
      '2025-02-10',
      '--period',
      'day',
      '--tz',
      'America/Hermosillo',
      '--format',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    const periods = j.periods as { missions: number; aircraftDays: number }[];
    expect(periods.some((p) => p.missions > 0)).toBe(true);
    for (const p of periods) expect(p.aircraftDays).toBeLessThanOrEqual(p.missions);
    expect(j.summary.aircraftDays).toBeLessThanOrEqual(j.summary.missions);
  });
});
