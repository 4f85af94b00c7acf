import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyPattern } from '../../src/missions/pattern.js';
import { buildSorties } from '../../src/tracks/build.js';
import { DEFAULT_TRACK_PARAMS } from '../../src/tracks/types.js';
import { readAll, textSource } from '../helpers.js';
import { REALDATA } from './realdata.js';

describe('classifyPattern on real tracks', () => {
  const sortiesOf = async (files: string[], hex?: string) => {
    const ing = await readAll(files.map((f) => textSource(f, readFileSync(f), 1 << 16)));
    // FR24 per-flight files carry no address: give one, as --aircraft does.
    const positions = hex === undefined ? ing.positions : ing.positions.map((p) => ({ ...p, hex }));
    return buildSorties(positions, DEFAULT_TRACK_PARAMS).sorties;
  };

  it('the 16 FlightRadar24 SJ182 flights Jakarta → Pontianak are transits', async () => {
    const dir = `${REALDATA}fr24-csv-sj182/`;
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files).toHaveLength(16);
    for (const f of files) {
      const sorties = await sortiesOf([dir + f], '8a0000');
      expect(
        sorties.map((s) => classifyPattern(s.fixes).pattern),
        f,
      ).toEqual(['transit']);
    }
  });

  it('the readsb trace of a Delta 737 (four legs over the US) is four transits', async () => {
    const sorties = await sortiesOf([`${REALDATA}xoolive-traffic/readsb/trace_full_ac671b.json`]);
    expect(sorties.map((s) => classifyPattern(s.fixes).pattern)).toEqual([
      'transit',
      'transit',
      'transit',
      'transit',
    ]);
  });

  it('the OpenSky "belevingsvlucht" is no transit: 4.4 h of looping routes round Lelystad, a patrol', async () => {
    // A Transavia 737 demonstrating the noise of Lelystad's planned routes (30 May 2018): six passes
    // at about 600 m within 6 km of Lelystad, loops both ways, then a landing at Schiphol.
    const [s, ...rest] = await sortiesOf([`${REALDATA}trrrj-opensky/belevingsvlucht.csv`]);
    expect(rest).toHaveLength(0);
    expect(s!.endedBy).toBe('landing');
    const r = classifyPattern(s!.fixes);
    expect(r.pattern).toBe('patrol');
    expect(r.metrics.turnConsistency).toBeLessThan(0.5);
    expect(r.metrics.revisits).toBeGreaterThan(0.3);
    expect(r.metrics.straightness).toBeLessThan(0.1);
  });
});
