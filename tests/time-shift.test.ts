/** One flight read in two time bases (a log in local time beside an export in UTC) is warned of. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { timeShiftedPairs } from '../src/missions/time-shifted.js';
import type { Mission } from '../src/missions/types.js';
import { HOUR, MIN, sbs } from './exposure-kit.js';
import { runCli } from './helpers.js';

const T = Date.parse('2025-03-05T17:00:00Z');

const mission = (
  id: string,
  entryMs: number,
  sources: number[],
  over: { lat?: number; minutes?: number; hex?: string } = {},
): Mission =>
  ({
    id,
    aircraft: { hex: over.hex ?? 'ae222c' },
    firstEntry: { timeMs: entryMs, lat: over.lat ?? 27, lon: -111, fileIndex: 0, line: 1 },
    lastExit: {
      timeMs: entryMs + (over.minutes ?? 240) * MIN,
      lat: 26.5,
      lon: -110.5,
      fileIndex: 0,
      line: 2,
    },
    minutesInRegion: over.minutes ?? 240,
    sourceFiles: sources,
  }) as unknown as Mission;

describe('timeShiftedPairs', () => {
  it.each([
    ['7 hours apart, same place and dwell, other inputs', mission('b', T + 7 * HOUR, [1]), 7],
    ['1 hour apart', mission('b', T + HOUR + MIN, [1]), 1],
    ['the same input', mission('b', T + 7 * HOUR, [0]), null],
    ['7 h 20 min apart', mission('b', T + 7 * HOUR + 20 * MIN, [1]), null],
    // Sampled once a minute: the first fix inside lies a minute and 12 km on.
    ['7 h 1 min apart, 12 km on', mission('b', T + 7 * HOUR + MIN, [1], { lat: 27.11 }), 7],
    ['another place', mission('b', T + 7 * HOUR, [1], { lat: 27.2 }), null],
    ['half the time in the region', mission('b', T + 7 * HOUR, [1], { minutes: 120 }), null],
    ['another aircraft', mission('b', T + 7 * HOUR, [1], { hex: 'ae4eb1' }), null],
    ['a day apart (two flights)', mission('b', T + 24 * HOUR, [1]), null],
  ])('%s', (_, b, hours) => {
    const pairs = timeShiftedPairs([mission('a', T, [0]), b]);
    expect(pairs.map((p) => p.hours)).toEqual(hours === null ? [] : [hours]);
  });
});

describe('a P-8 racetrack in a UTC export and in an SBS log written 7 hours behind', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-shift-'));
  const csv = ['time,hex,callsign,lat,lon,alt,speed,track'];
  let log = '';
  for (let i = 0; i < 480; i += 1) {
    const t = T + i * 30_000;
    const lat = 27 + 0.25 * Math.sin((i / 80) * Math.PI);
    const lon = -111.2 + 0.12 * Math.cos((i / 80) * Math.PI);
    csv.push(
      `${new Date(t).toISOString()},ae222c,PELT90,${lat.toFixed(5)},${lon.toFixed(5)},30000,400,90`,
    );
    log += sbs('AE222C', t - 7 * HOUR, lat, lon, 30000, 400, 90);
  }
  const utc = path.join(dir, 'p8.csv');
  const local = path.join(dir, 'p8_local.txt');
  writeFileSync(utc, csv.join('\n') + '\n');
  writeFileSync(local, log);
  const window = ['--from', '2025-03-01', '--to', '2025-03-11', '--baseline-rate', '1/month'];
  const r = await runCli(['report', utc, local, ...window, '--format', 'json']);
  const j = JSON.parse(r.stdout);

  it('counts two missions, and says they look like one flight, in JSON and on stderr', () => {
    expect(j.summary.missions).toBe(2);
    const warning = (j.warnings as string[]).find((w) => w.includes('two time bases'));
    expect(warning).toBe(
      `1 pair of missions look like one flight read in two time bases, each counted: ae222c-20250305T1000Z (${local}) and ae222c-20250305T1700Z (${utc}), 7 hours apart. ` +
        'Each pair is one aircraft entering the region at the same place, for as long, a whole number of hours apart, in different inputs: ' +
        "one input's times are most likely local. --source-tz gives the zone of times written without one (for every input: give such an input in a run of its own).",
    );
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
  });

  it('missions says so too; the log read in its zone alone gives the flight once', async () => {
    const missions = await runCli([
      'missions',
      utc,
      local,
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-11',
    ]);
    expect(missions.stderr).toContain('look like one flight read in two time bases');
    const alone = JSON.parse(
      (await runCli(['missions', local, '--source-tz', 'America/Hermosillo', '--format', 'json']))
        .stdout,
    );
    expect(alone.missions.map((m: { id: string }) => m.id)).toEqual(['ae222c-20250305T1700Z']);
  });
});
