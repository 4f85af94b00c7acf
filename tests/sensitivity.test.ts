import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const SURGE = [
  'report',
  'fixtures/demo',
  '--from',
  '2025-01-27',
  '--to',
  '2025-02-10',
  '--baseline',
  '2024-02-01/2025-01-27',
  // The surge as simulated, the CBP drone included: this is about the definition, not who counts.
  '--operators',
  'all',
  '--sensitivity',
];

interface Cell {
  gap: string;
  minDwell: string;
  missions: number;
  aircraftDays: number;
  current: boolean;
}

describe('sortie report --sensitivity', () => {
  it('JSON: the window total for every --gap x --min-dwell, the current cell equal to the summary', async () => {
    const r = await runCli([...SURGE, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.parameters.sensitivity).toBe(true);
    expect(j.sensitivity.gaps).toEqual(['30m', '1h', '2h', '4h', '8h']);
    expect(j.sensitivity.minDwells).toEqual(['1m', '10m', '30m']);
    const cells: Cell[] = j.sensitivity.cells;
    expect(cells).toHaveLength(15);
    const current = cells.filter((c) => c.current);
    expect(current).toEqual([
      { gap: '2h', minDwell: '10m', missions: 18, aircraftDays: 16, current: true },
    ]);
    const at = (gap: string, minDwell: string) =>
      cells.find((c) => c.gap === gap && c.minDwell === minDwell)!.missions;
    // The 40-minute coverage hole of S05 splits it only under --gap 30m; the 4-minute clip of
    // the Gulf mouth (N09) counts only under --min-dwell 1m. Nothing else moves.
    expect(at('30m', '10m')).toBe(19);
    expect(at('2h', '1m')).toBe(19);
    expect(at('30m', '1m')).toBe(20);
    for (const gap of ['1h', '2h', '4h', '8h']) {
      expect([at(gap, '1m'), at(gap, '10m'), at(gap, '30m')]).toEqual([19, 18, 18]);
    }
  });

  it('JSON without --sensitivity carries sensitivity: null', async () => {
    const r = await runCli([...SURGE.slice(0, -1), '--format', 'json']);
    expect(JSON.parse(r.stdout).sensitivity).toBeNull();
  });

  it('table, Markdown and CSV carry the same table', async () => {
    const text = (await runCli(SURGE)).stdout;
    expect(text).toContain('Sensitivity: missions in the window by --gap (rows) and --min-dwell');
    expect(text).toMatch(/^30m\s+20\s+19\s+19$/m);
    expect(text).toMatch(/^2h\s+19\s+\[18\]\s+18$/m);
    const md = (await runCli([...SURGE, '--format', 'md'])).stdout;
    expect(md).toContain('| --gap | min-dwell 1m | min-dwell 10m | min-dwell 30m |');
    expect(md).toContain('| 2h | 19 | **18** | 18 |');
    const csv = (await runCli([...SURGE, '--format', 'csv'])).stdout
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(csv[0]).toBe(
      'row,period_start,period_end,missions,aircraft_days,expected,ratio,p_value,p_value_adjusted,ci95_low,ci95_high,by_type,exposure_days,covered_share,calendar_days,observed_days,gap,min_dwell,current',
    );
    const rows = csv.filter((l) => l.startsWith('sensitivity,'));
    expect(rows).toHaveLength(15);
    expect(rows).toContain(
      'sensitivity,2025-01-27T00:00:00Z,2025-02-10T00:00:00Z,18,16,,,,,,,,,,,,2h,10m,true',
    );
  });

  it("says so when the report's own parameters are not in the table", async () => {
    const text = (await runCli([...SURGE, '--gap', '3h'])).stdout;
    expect(text).not.toMatch(/\[\d+\]/);
    expect(text).toContain(
      'The parameters of this report (--gap 3h, --min-dwell 10m) are not in the table.',
    );
  });
});
