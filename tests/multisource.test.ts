import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { identifyAircraft, type Identity } from '../src/aircraft/identify.js';
import { parseRegistry } from '../src/aircraft/registry.js';
import { findMissions } from '../src/find-missions.js';
import { loadCoast, loadRegion } from '../src/cli/context.js';
import type { Coast } from '../src/geo/coast.js';
import type { Region } from '../src/geo/region.js';
import type { Position } from '../src/ingest/types.js';
import { detectMissions } from '../src/missions/detect.js';
import { DEFAULT_MISSION_PARAMS } from '../src/missions/types.js';
import { buildCountReport } from '../src/report/build-report.js';
import { buildSorties } from '../src/tracks/build.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { runCli } from './helpers.js';
import {
  AIRFRAME_HEX,
  COMMON_HOLE,
  HEX_CHANGE_MS,
  SOURCES,
  TACTICAL_HEX,
  sampleSource,
  simulateSortie,
} from '../scripts/multisource-sim.js';

const registry = parseRegistry(
  readFileSync('data/aircraft/isr-aircraft.csv', 'utf8'),
  'plane-alert-db',
);
let coast: Coast;
let gulf: Region;
beforeAll(async () => {
  coast = await loadCoast();
  gulf = await loadRegion('gulf-of-california');
});

/** Identities as the pipeline makes them: the airframe from the database, the tactical code from its type. */
function identitiesOf(positions: readonly Position[]): Map<string, Identity> {
  const ids = new Map<string, Identity>();
  for (const hex of new Set(positions.map((p) => p.hex as string))) {
    const typeCode = positions.find((p) => p.hex === hex && p.typeCode !== null)?.typeCode ?? null;
    const id = identifyAircraft(hex, { typeCode, registration: null, dbFlags: null }, registry);
    if (id !== null) ids.set(hex, id);
  }
  return ids;
}

describe('one sortie in OpenSky + FR24 + SBS + readsb, with holes, midnight and a hex change', () => {
  const truth = simulateSortie();
  const bySource = SOURCES.map((s) => sampleSource(truth, s));
  const all = bySource.flat();

  it('the simulated data has what it claims', () => {
    expect(bySource.map((f) => f.length).every((n) => n > 100)).toBe(true);
    expect(new Set(all.map((p) => p.hex))).toEqual(new Set([AIRFRAME_HEX, TACTICAL_HEX]));
    expect(all.some((p) => p.timeMs >= COMMON_HOLE[0] && p.timeMs < COMMON_HOLE[1])).toBe(false);
    expect(new Date(truth[0]!.timeMs).getUTCDate()).toBe(10);
    expect(new Date(truth.at(-1)!.timeMs).getUTCDate()).toBe(11);
  });

  it('counts it once, citing all four sources, the join and both dates', () => {
    const ids = identitiesOf(all);
    expect(ids.get(AIRFRAME_HEX)?.identifiedBy).toBe('database:plane-alert-db');
    expect(ids.get(TACTICAL_HEX)?.identifiedBy).toBe('type:P8');
    const { missions } = findMissions(all, ids, {
      region: gulf,
      track: DEFAULT_TRACK_PARAMS,
      mission: DEFAULT_MISSION_PARAMS,
      coast,
    });
    expect(missions).toHaveLength(1);
    const [m] = missions;
    expect(m!.id).toBe('ae6881-20250310T2100Z');
    expect(m!.sourceFiles).toEqual([0, 1, 2, 3]);
    expect(m!.duplicateReports).toBeGreaterThan(100);
    expect(m!.utcDatesInRegion).toEqual(['2025-03-10', '2025-03-11']);
    expect(m!.pattern).toBe('racetrack');
    expect(m!.hexChanges).toHaveLength(1);
    const change = m!.hexChanges[0]!;
    expect(change).toMatchObject({
      fromHex: AIRFRAME_HEX,
      toHex: TACTICAL_HEX,
      callsign: 'PELT31',
    });
    expect(Math.abs(change.after.timeMs - HEX_CHANGE_MS)).toBeLessThan(60_000);
    // FR24 (no address; given the airframe's) keeps reporting the same fixes: both addresses at once.
    expect(change.transitions).toBeGreaterThan(1);
    // Counted once, in the period of its first entry (10 March), not again on the 11th.
    const report = buildCountReport(
      missions,
      { startMs: Date.parse('2025-03-10T00:00:00Z'), endMs: Date.parse('2025-03-12T00:00:00Z') },
      'day',
      'UTC',
      null,
    );
    expect(report.periods.map((p) => p.missions)).toEqual([1, 0]);
    // One aircraft-day, the day it entered: the floor is never above the count.
    expect(report.summary.aircraftDays).toBe(1);
  });

  it('without the join the tactical code would count as a second mission', () => {
    const { sorties } = buildSorties(all, DEFAULT_TRACK_PARAMS, coast);
    const unjoined = detectMissions(
      sorties,
      identitiesOf(all),
      gulf,
      DEFAULT_MISSION_PARAMS,
      coast,
    );
    expect(unjoined.map((m) => m.aircraft.hex).sort()).toEqual([AIRFRAME_HEX, TACTICAL_HEX]);
  });

  it('does not depend on the order the sources are read in', () => {
    const ids = identitiesOf(all);
    const options = {
      region: gulf,
      track: DEFAULT_TRACK_PARAMS,
      mission: DEFAULT_MISSION_PARAMS,
      coast,
    };
    const forward = findMissions(all, ids, options).missions;
    const backward = findMissions([...bySource].reverse().flat(), ids, options).missions;
    expect(backward.map((m) => [m.id, m.positions, m.minutesInRegion])).toEqual(
      forward.map((m) => [m.id, m.positions, m.minutesInRegion]),
    );
  });

  it('alone, each source gives one mission, except SBS: it hears only the way in and out', () => {
    const counts = bySource.map(
      (positions) =>
        findMissions(positions, identitiesOf(all), {
          region: gulf,
          track: DEFAULT_TRACK_PARAMS,
          mission: DEFAULT_MISSION_PARAMS,
          coast,
        }).missions.length,
    );
    // The SBS receiver's range ends at 27°N, the station is at 26.8°N: 5.5 h of silence, more than
    // --gap. Merged with the other sources the silence is filled and the sortie is one.
    expect(Object.fromEntries(SOURCES.map((s, i) => [s.name, counts[i]]))).toEqual({
      opensky: 1,
      fr24: 1,
      sbs: 2,
      readsb: 1,
    });
  });
});

describe('the same sortie as files (fixtures/multisource: OpenSky, FR24 per-flight, SBS log, readsb traces)', () => {
  const ARGS = ['fixtures/multisource', '--aircraft', 'ae6881'];

  it('sortie missions: one mission with every file, the address change and both dates', async () => {
    const r = await runCli(['missions', ...ARGS, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { missions } = JSON.parse(r.stdout);
    expect(missions).toHaveLength(1);
    const [m] = missions;
    expect(m.id).toBe('ae6881-20250310T2100Z');
    expect(m.sources).toEqual([
      'fixtures/multisource/fr24/PELT31_3b7c1a2e.csv',
      'fixtures/multisource/opensky/states_2025-03-10.csv.gz',
      'fixtures/multisource/readsb/2025-03-10/traces/81/trace_full_ae6881.json',
      'fixtures/multisource/readsb/2025-03-11/traces/81/trace_full_ae6881.json',
      'fixtures/multisource/readsb/2025-03-11/traces/f0/trace_full_ae68f0.json',
      'fixtures/multisource/sbs/receiver-2025-03-10.log.gz',
    ]);
    expect(m.pattern).toBe('racetrack');
    expect(m.evidence.utcDatesInRegion).toEqual(['2025-03-10', '2025-03-11']);
    expect(m.evidence.hexChanges).toHaveLength(1);
    expect(m.evidence.hexChanges[0]).toMatchObject({
      fromHex: 'ae6881',
      toHex: 'ae68f0',
      type: 'P8',
    });
    expect(m.evidence.hexChanges[0].after.file).toMatch(/opensky|ae68f0/);
    expect(m.territorial.minutesUnobserved).toBeGreaterThanOrEqual(40);
  });

  it('sortie report: counted once, on 10 March, with one aircraft-day', async () => {
    const r = await runCli([
      'report',
      ...ARGS,
      '--period',
      'day',
      '--from',
      '2025-03-10',
      '--to',
      '2025-03-12',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.periods.map((p: { missions: number }) => p.missions)).toEqual([1, 0]);
    expect(j.summary).toMatchObject({ missions: 1, aircraftDays: 1 });
  });

  it('without --aircraft the FR24 file is not attributed (its callsign matches both addresses), and the count is still one', async () => {
    const r = await runCli([
      'missions',
      'fixtures/multisource',
      '--format',
      'json',
      '--include-unidentified',
    ]);
    const { missions, unidentified } = JSON.parse(r.stdout);
    expect(missions).toHaveLength(1);
    expect(missions[0].sources).toHaveLength(5);
    expect(unidentified).toHaveLength(1);
    expect(unidentified[0].reason).toMatch(/^ambiguous: the callsign matches ae6881 .* ae68f0/);
  });
});

describe('golden: sortie missions on the multi-source fixture', () => {
  it('multisource-missions.txt', async () => {
    const r = await runCli(['missions', 'fixtures/multisource', '--aircraft', 'ae6881']);
    expect(r.code).toBe(0);
    const file = 'fixtures/golden/multisource-missions.txt';
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, r.stdout);
    expect(r.stdout).toBe(readFileSync(file, 'utf8'));
  });
});
