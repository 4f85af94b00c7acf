import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Position } from '../src/ingest/types.js';
import { runCli } from './helpers.js';
import { fly, stadium } from './sim.js';

/**
 * A P-8 on a racetrack over the Gulf of California that changes to a tactical address mid-orbit,
 * as OpenSky's state vectors show it: one row a second, each the state at that second, its position
 * measured just before (lastposupdate); after the change OpenSky keeps writing the old address's
 * last state, frozen, for 300 s (stale after 15 s without contact).
 */
const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
const AIRFRAME = 'ae222c'; // a P-8A of the bundled registry
const TACTICAL = 'ae68f7';
const T0_S = Date.parse('2025-02-03T16:00:00Z') / 1000;
const SWITCH_S = 50 * 60;
/** The tactical address's first fix comes this long after the airframe's last. */
const SILENT_S = 3;
const KT = 250;

/** One row: the state at `timeS`, its position measured at `posS`, last heard at `contactS`. */
function row(hex: string, p: Position, timeS: number, posS: number, contactS: number): string {
  const mps = (KT * 0.514444).toFixed(2);
  return `${timeS},${hex},${p.lat},${p.lon},${mps},90,0,PELT31  ,false,false,false,4127,7620,7700,${posS.toFixed(3)},${contactS.toFixed(3)}`;
}

function simulatedCsv(): string {
  // The true flight, a position a second, measured a quarter second after each whole second.
  const truth = fly(stadium(60, 12), {
    kt: KT,
    minutes: 120,
    everyS: 1,
    startMs: (T0_S + 0.25) * 1000,
    hex: AIRFRAME,
  });
  const rows = [HEADER];
  truth.forEach((p, k) => {
    const posS = T0_S + k + 0.25;
    if (k < SWITCH_S) rows.push(row(AIRFRAME, p, T0_S + k + 1, posS, posS + 0.1));
    if (k >= SWITCH_S + SILENT_S) rows.push(row(TACTICAL, p, T0_S + k + 1, posS, posS + 0.1));
  });
  // The airframe's last state, written again every second for 300 s after it was last heard.
  const last = truth[SWITCH_S - 1]!;
  const lastS = T0_S + SWITCH_S - 1 + 0.25;
  for (let j = 1; j <= 300; j += 1) {
    rows.push(row(AIRFRAME, last, T0_S + SWITCH_S + j, lastS, lastS + 0.1));
  }
  // In time order, as OpenSky writes a day's rows.
  const [head, ...data] = rows;
  data.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]));
  return [head, ...data].join('\n') + '\n';
}

/** The registry entry that says the tactical address is a P-8 too (plane-alert-db lists such codes). */
const REGISTRY =
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\n' +
  `${TACTICAL.toUpperCase()},,United States Navy,Boeing P-8A Poseidon,P8,Mil,,,,United States Navy,\n`;

interface MissionJson {
  id: string;
  aircraft: { hex: string };
  evidence: {
    hexChanges: { fromHex: string; toHex: string; distanceKm: number; impliedSpeedKt: number }[];
  };
}

async function missions(csv: string): Promise<MissionJson[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-frozen-'));
  writeFileSync(path.join(dir, 'states.csv'), csv);
  writeFileSync(path.join(dir, 'tactical.csv'), REGISTRY);
  const r = await runCli([
    'missions',
    path.join(dir, 'states.csv'),
    '--aircraft-db',
    path.join(dir, 'tactical.csv'),
    '--format',
    'json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { missions: MissionJson[] }).missions;
}

describe('a P-8 changing address mid-orbit, with OpenSky frozen rows of the old address', () => {
  const csv = simulatedCsv();

  it('has the frozen rows the join used to trip on', () => {
    const lastPos = `,${(T0_S + SWITCH_S - 1 + 0.25).toFixed(3)},`;
    const frozen = csv
      .split('\n')
      .filter((l) => l.includes(`,${AIRFRAME},`) && l.includes(lastPos));
    // The last fix, then 300 rows writing it again: 15 within the stale limit, the rest beyond.
    expect(frozen).toHaveLength(301);
  });

  it('is one mission: the frozen rows are the last fix again, dated when it was measured', async () => {
    const found = await missions(csv);
    expect(found.map((m) => m.aircraft.hex)).toEqual([AIRFRAME]);
    const [change] = found[0]!.evidence.hexChanges;
    expect(change).toMatchObject({ fromHex: AIRFRAME, toHex: TACTICAL });
    // The join is at the aircraft's speed, a few seconds of flight (fixes a second apart are
    // folded into one every few seconds), where the frozen rows had put it 1.9 km back.
    expect(change!.impliedSpeedKt).toBeCloseTo(KT, -1);
    expect(change!.distanceKm).toBeLessThan(1);
  });

  it('would be two missions with the rows dated by their time (the frozen row 1.9 km behind)', async () => {
    // Without lastposupdate a row's position is dated by the row: the last frozen row within the
    // stale limit then sits 15 s of flight (1.9 km) behind the tactical address's first fix.
    const undated = csv
      .split('\n')
      .map((l, k) => (k === 0 || l === '' ? l : l.replace(/,[\d.]+,([\d.]+)$/, ',,$1')))
      .join('\n');
    const found = await missions(undated);
    expect(found.map((m) => m.aircraft.hex).sort()).toEqual([AIRFRAME, TACTICAL]);
  });
});
