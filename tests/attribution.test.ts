import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attributeHexless, CallsignIndex, RecordUnits } from '../src/aircraft/attribute-hexless.js';
import { loadRegion } from '../src/cli/context.js';
import { DEFAULT_TRACK_PARAMS } from '../src/tracks/types.js';
import { unidentifiedFlights } from '../src/missions/unidentified-flights.js';
import { fix, runCli } from './helpers.js';

const T = Date.parse('2025-02-03T16:00:00Z');
/** A hexless fix of input 1 and hexed fixes of input 0, one a minute along a line. */
const hexless = (k: number, over: object = {}) =>
  fix({
    hex: null,
    callsign: 'JAKE21',
    timeMs: T + k * 60_000,
    lat: 26 + k * 0.01,
    lon: -110.5,
    source: { fileIndex: 1, line: k + 2 },
    ...over,
  });
const hexed = (k: number, over: object = {}) =>
  fix({
    hex: 'ae01c7',
    callsign: 'JAKE21',
    timeMs: T + k * 60_000 + 20_000,
    lat: 26 + k * 0.01,
    lon: -110.5,
    source: { fileIndex: 0, line: k + 2 },
    ...over,
  });

function indexOf(...fixes: ReturnType<typeof fix>[]): CallsignIndex {
  const index = new CallsignIndex();
  for (const f of fixes) index.add(f);
  return index;
}

describe('tying positions without an address to an airframe', () => {
  it('takes the address of the one aircraft with the same callsign, within 60 s and 5 km', () => {
    const r = attributeHexless([hexless(0), hexless(1), hexless(2)], indexOf(hexed(0), hexed(2)));
    expect(r.tracks).toEqual([
      {
        unit: 1,
        fileIndex: 1,
        member: null,
        callsigns: ['JAKE21'],
        fromMs: T,
        toMs: T + 120_000,
        positions: 3,
        hex: 'ae01c7',
        reason: 'callsign JAKE21: 3 of 3 fixes within 60 s and 5 km of ae01c7 in another input',
      },
    ]);
    expect(r.attributed.map((p) => [p.hex, p.source.line])).toEqual([
      ['ae01c7', 2],
      ['ae01c7', 3],
      ['ae01c7', 4],
    ]);
  });

  it.each([
    ['a different callsign', { callsign: 'JAKE22' }],
    ['more than 60 s apart', { timeMs: T + 61_000 }],
    ['more than 5 km apart', { lat: 26.05 }],
  ])('does not match %s', (_name, over) => {
    const r = attributeHexless([hexless(0)], indexOf(hexed(0, { timeMs: T, ...over })));
    expect(r.tracks[0]!.hex).toBeNull();
    expect(r.tracks[0]!.reason).toBe(
      'no address; no possible surveillance aircraft in another input had callsign JAKE21 within 60 s and 5 km; give --aircraft HEX',
    );
    expect(r.attributed).toEqual([]);
  });

  it('never matches fixes of its own input', () => {
    const own = hexed(0, { source: { fileIndex: 1, line: 9 } });
    expect(attributeHexless([hexless(0)], indexOf(own)).tracks[0]!.hex).toBeNull();
  });

  it('leaves a track unidentified when two aircraft match, and says which', () => {
    const r = attributeHexless(
      [hexless(0), hexless(1)],
      indexOf(hexed(0), hexed(1), hexed(1, { hex: 'ae01c8', lat: 26.02 })),
    );
    expect(r.tracks[0]).toMatchObject({
      hex: null,
      reason:
        'ambiguous: the callsign matches ae01c7 (2 fixes), ae01c8 (1 fixes); give --aircraft HEX',
    });
  });

  it('says so when a track has no callsign to match', () => {
    const r = attributeHexless([hexless(0, { callsign: null })], indexOf(hexed(0)));
    expect(r.tracks[0]!.reason).toBe('no address and no callsign; give --aircraft HEX');
  });

  it('indexes one fix per aircraft, callsign and 10 s, and still matches a 1 Hz feed', () => {
    const index = new CallsignIndex();
    for (let s = 0; s < 600; s += 1) {
      index.add(
        fix({
          hex: 'ae01c7',
          callsign: 'JAKE21',
          timeMs: T + s * 1000,
          lat: 26 + s * 0.001,
          lon: -110.5,
        }),
      );
    }
    const probe = hexless(0, { timeMs: T + 333_000, lat: 26.333 });
    expect([...index.matches(probe)]).toEqual(['ae01c7']);
  });
});

describe('tracks without an address inside an archive', () => {
  // Input 1 is an archive of two members: records 1-3 are the first's, 4-9 the second's.
  const units = new RecordUnits([
    undefined,
    { names: ['JAKE21.csv', 'SJY999.csv'], recordsBefore: [0, 3] },
  ]);

  it('are one track a member, each tied or not on its own, and named by its member', () => {
    const other = (k: number) =>
      hexless(k, {
        callsign: 'SJY999',
        timeMs: T + 4 * 86_400_000,
        source: { fileIndex: 1, line: 4 + k },
      });
    const index = new CallsignIndex(units);
    for (const f of [hexed(0), hexed(1)]) index.add(f);
    const r = attributeHexless([hexless(0), other(0), hexless(1), other(1)], index);
    expect(r.tracks.map((t) => [t.fileIndex, t.member, t.callsigns, t.hex])).toEqual([
      [1, 'JAKE21.csv', ['JAKE21'], 'ae01c7'],
      [1, 'SJY999.csv', ['SJY999'], null],
    ]);
    expect(r.attributed.map((p) => p.source.line)).toEqual([2, 3]);
  });

  it('take an address from another member of the same archive, never from their own', () => {
    // The addressed fixes are the archive's second member; the track is its first.
    const inSecond = (k: number) => hexed(k, { source: { fileIndex: 1, line: 5 + k } });
    const inFirst = hexed(0, { source: { fileIndex: 1, line: 1 } });
    const index = new CallsignIndex(units);
    for (const f of [inSecond(0), inSecond(1)]) index.add(f);
    expect(index.matches(hexless(0, { source: { fileIndex: 1, line: 2 } }))).toEqual(
      new Set(['ae01c7']),
    );
    const own = new CallsignIndex(units);
    own.add(inFirst);
    expect(own.matches(hexless(0, { source: { fileIndex: 1, line: 2 } }))).toEqual(new Set());
  });
});

describe('the join end to end (fixtures/formats scenario)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'sortie-attribution-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const FR24 = 'fixtures/formats/fr24-flight';
  const FLIGHTS = ['JAKE21_3a2b1c0d.csv', 'SJY999_26000000.csv'] as const;
  const inputs = [
    'fixtures/formats/sbs',
    'fixtures/formats/aircraft-json',
    'fixtures/formats/fr24-flight',
  ];

  it('one mission from an SBS log, three snapshots and an FR24 export tied in by callsign', async () => {
    const r = await runCli(['missions', ...inputs, '--format', 'json', '--include-unidentified']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.missions).toHaveLength(1);
    expect(j.missions[0].id).toBe('ae01c7-20250203T1600Z');
    // Inputs are read in one canonical (sorted) order, whatever the command line says.
    expect(j.missions[0].sources).toEqual([
      'fixtures/formats/aircraft-json/snapshots/2025-02-03T1610Z.json',
      'fixtures/formats/aircraft-json/snapshots/2025-02-03T1620Z.json',
      'fixtures/formats/aircraft-json/snapshots/2025-02-03T1630Z.json',
      'fixtures/formats/fr24-flight/JAKE21_3a2b1c0d.csv',
      'fixtures/formats/sbs/readsb-utc.txt',
    ]);
    expect(j.unidentified).toEqual([
      {
        file: 'fixtures/formats/fr24-flight/SJY999_26000000.csv',
        member: null,
        callsigns: ['SJY999'],
        from: '2025-02-07T10:00:00Z',
        to: '2025-02-07T10:04:00Z',
        positions: 5,
        hex: null,
        reason:
          'no address; no possible surveillance aircraft in another input had callsign SJY999 within 60 s and 5 km; give --aircraft HEX',
      },
    ]);
  });

  it('without the SBS log and snapshots the FR24 track stays unidentified and counts nothing', async () => {
    const r = await runCli(['missions', 'fixtures/formats/fr24-flight', '--include-unidentified']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^No missions: no position in the inputs carries an ICAO address\. 2 tracks without an ICAO address could not be tied to an airframe \(--include-unidentified says why; --aircraft HEX names one\)\.\n\nUnidentified tracks \(no ICAO address; never counted as missions\):\n/,
    );
    expect(r.stdout).toContain('JAKE21_3a2b1c0d.csv');
    const plain = await runCli(['missions', 'fixtures/formats/fr24-flight']);
    expect(plain.stdout).toMatch(
      /^No missions: no position in the inputs carries an ICAO address\./,
    );
  });

  it('a track matching two addresses that one mission joins is that mission: not warned of as uncounted', async () => {
    const r = await runCli([
      'missions',
      'fixtures/multisource',
      '--include-unidentified',
      '--format',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.missions.map((m: { id: string }) => m.id)).toEqual(['ae6881-20250310T2100Z']);
    expect((j.warnings as string[]).join('\n')).not.toContain('without an aircraft address');
    expect(r.stderr).not.toContain('without an aircraft address');
    const pelt = (j.unidentified as { file: string; reason: string }[]).find((u) =>
      u.file.endsWith('PELT31_3b7c1a2e.csv'),
    );
    expect(pelt?.reason).toBe(
      'ambiguous: the callsign matches ae6881 (281 fixes), ae68f0 (254 fixes); those addresses are one airframe, joined into mission ae6881-20250310T2100Z (counted), which holds this flight',
    );
  });

  it('--aircraft gives the address outright', async () => {
    const r = await runCli([
      'missions',
      'fixtures/formats/fr24-flight/JAKE21_3a2b1c0d.csv',
      '--aircraft',
      'AE01C7',
      '--format',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.missions.map((m: { id: string }) => m.id)).toEqual(['ae01c7-20250203T1600Z']);
  });

  it('--aircraft given to two simultaneous flights: the outliers it makes are warned of', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-two-'));
    for (const [callsign, lat0, lon0] of [
      ['PELT1', 27, -111],
      ['PELT2', 26, -110.2],
    ] as const) {
      const lines = ['Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction'];
      for (let k = 0; k < 240; k += 1) {
        const t = Date.UTC(2025, 1, 5, 16, k) / 1000;
        const a = (k / 40) * 2 * Math.PI;
        const where = `"${(lat0 + 0.4 * Math.sin(a)).toFixed(4)},${(lon0 + 0.6 * Math.cos(a)).toFixed(4)}"`;
        lines.push(
          `${t},${new Date(t * 1000).toISOString().slice(0, 19)}Z,${callsign},${where},29000,320,90`,
        );
      }
      writeFileSync(path.join(dir, `${callsign}_1.csv`), lines.join('\n') + '\n');
    }
    const r = await runCli(['report', dir, '--aircraft', 'ae222c', '--format', 'json']);
    const warning = (JSON.parse(r.stdout).warnings as string[]).find((w) =>
      w.startsWith('Fixes dropped as speed outliers'),
    );
    expect(warning).toBe(
      `Fixes dropped as speed outliers (implying more than 1,200 kt from both neighbours): AE222C in the window, 240 of its 480 fixes (50%), from ${path.join(dir, 'PELT2_1.csv')}. ` +
        'So many mean two aircraft under one address, or a clock off, not glitches: missions built from the rest may join two flights into one or lose one. ' +
        '--aircraft AE222C gives that one address to every input without one: flights of two aircraft become one track.',
    );
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
    // One flight alone: no outlier, no warning.
    const one = await runCli([
      'report',
      path.join(dir, 'PELT1_1.csv'),
      '--aircraft',
      'ae222c',
      '--format',
      'json',
    ]);
    expect(JSON.parse(one.stdout).warnings.join('\n')).not.toContain('speed outliers');
  });

  it('a zip of FR24 flights of two aircraft: each flight is its own track, tied or not', async () => {
    // Zipped together, the other aircraft's flight was tied to the RC-135 with it (one track an
    // input): its fixes became the RC-135's.
    const zip = path.join(tmp, 'flights.zip');
    execFileSync('zip', ['-q', '-j', zip, ...FLIGHTS.map((f) => path.join(FR24, f))]);
    const r = await runCli([
      'missions',
      'fixtures/formats/sbs',
      'fixtures/formats/aircraft-json',
      zip,
      '--format',
      'json',
      '--include-unidentified',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.missions.map((m: { id: string }) => m.id)).toEqual(['ae01c7-20250203T1600Z']);
    expect(
      j.unidentified.map((t: { file: string; member: string; callsigns: string[] }) => [
        t.file,
        t.member,
        t.callsigns,
      ]),
    ).toEqual([[zip, 'SJY999_26000000.csv', ['SJY999']]]);
    const text = (
      await runCli(['inspect', 'fixtures/formats/sbs', 'fixtures/formats/aircraft-json', zip])
    ).stdout;
    expect(text).toMatch(/flights\.zip:JAKE21_3a2b1c0d\.csv +JAKE21 .* ae01c7 /);
    expect(text).toMatch(/flights\.zip:SJY999_26000000\.csv +SJY999 .* unidentified /);
  });

  it('a zip of the SBS log and the FR24 flight: the flight is tied by the log beside it', async () => {
    const zip = path.join(tmp, 'log-and-flight.zip');
    copyFileSync('fixtures/formats/sbs/readsb-utc.txt', path.join(tmp, 'readsb-utc.txt'));
    execFileSync('zip', [
      '-q',
      '-j',
      zip,
      path.join(tmp, 'readsb-utc.txt'),
      path.join(FR24, FLIGHTS[0]),
    ]);
    const r = await runCli(['inspect', zip, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(
      j.tracksWithoutAddress.map((t: { member: string; hex: string | null }) => [t.member, t.hex]),
    ).toEqual([['JAKE21_3a2b1c0d.csv', 'ae01c7']]);
  });

  it('inspect lists the tracks without an address and what became of them', async () => {
    const r = await runCli(['inspect', ...inputs, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(
      j.tracksWithoutAddress.map((t: { file: string; hex: string | null }) => [t.file, t.hex]),
    ).toEqual([
      ['fixtures/formats/fr24-flight/JAKE21_3a2b1c0d.csv', 'ae01c7'],
      ['fixtures/formats/fr24-flight/SJY999_26000000.csv', null],
    ]);
    const fr24 = j.inputs.find((i: { file: string }) => i.file.endsWith('JAKE21_3a2b1c0d.csv'));
    expect(fr24.aircraft).toBe(1);
    expect(fr24.surveillanceAircraft).toEqual(['ae01c7']);
  });
});

describe('flights without an address that fly as missions do, not counted, are said', () => {
  const MIN = 60_000;
  /** An FR24-like track of input `fileIndex`: an orbit over the Gulf, or a straight crossing. */
  const flight = (
    fileIndex: number,
    shape: 'orbit' | 'crossing',
    minutes: number,
    ground: { altitudeFt?: number; groundSpeedKt?: number; onGround?: boolean } = {},
  ) =>
    Array.from({ length: minutes + 1 }, (_, k) => {
      const a = (k / 40) * 2 * Math.PI;
      return fix({
        ...ground,
        hex: null,
        callsign: shape === 'orbit' ? 'HOMER41' : 'AMX123',
        timeMs: T + k * MIN,
        lat: shape === 'orbit' ? 27 + 0.4 * Math.sin(a) : 27,
        lon: shape === 'orbit' ? -111 + 0.6 * Math.cos(a) : -113 + k * 0.12,
        source: { fileIndex, line: k + 2 },
      });
    });

  /** Sorties split as the mission path splits them, here at 30-minute gaps. */
  const PARAMS = {
    track: { ...DEFAULT_TRACK_PARAMS, gapMs: 30 * MIN },
    minDwellMs: 10 * MIN,
    coast: null,
  };

  it.each([
    ['an orbit of 4 hours', 'orbit', 240, 'orbit'],
    ['a straight crossing', 'crossing', 40, null],
    ['an orbit of 8 minutes (less than the minimum dwell)', 'orbit', 8, null],
  ] as const)('%s', async (_, shape, minutes, pattern) => {
    const positions = flight(1, shape, minutes);
    const { tracks } = attributeHexless(positions, new CallsignIndex());
    const found = unidentifiedFlights(
      positions,
      tracks,
      new RecordUnits(),
      await loadRegion('gulf-of-california'),
      PARAMS,
    );
    if (pattern === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ pattern, firstEntryMs: T, track: { callsigns: ['HOMER41'] } });
    expect((found[0] as { insideMs: number }).insideMs).toBe(minutes * MIN);
  });

  it('time on the ground in the region is no time on station (an hour of taxiing)', async () => {
    const gulf = await loadRegion('gulf-of-california');
    // As the FR24 reader makes them: altitude 0 is on the ground.
    const taxi = flight(1, 'orbit', 60, { altitudeFt: 0, groundSpeedKt: 8, onGround: true });
    const { tracks } = attributeHexless(taxi, new CallsignIndex());
    expect(unidentifiedFlights(taxi, tracks, new RecordUnits(), gulf, PARAMS)).toEqual([]);
    // Taxiing, then a 4-minute climb-out, then 50 minutes unheard (past the gap), then a 30-minute orbit.
    const later = flight(1, 'orbit', 30).map((p) => ({ ...p, timeMs: p.timeMs + 115 * MIN }));
    const climb = flight(1, 'crossing', 4).map((p) => ({ ...p, timeMs: p.timeMs + 61 * MIN }));
    const all = [...taxi, ...climb, ...later];
    const found = unidentifiedFlights(
      all,
      attributeHexless(all, new CallsignIndex()).tracks,
      new RecordUnits(),
      gulf,
      PARAMS,
    );
    expect(found.map((f) => [f.insideMs / MIN, f.firstEntryMs])).toEqual([[30, T + 115 * MIN]]);
  });

  it('a tied track is not among them', async () => {
    const positions = flight(1, 'orbit', 240);
    const index = new CallsignIndex();
    for (const p of positions)
      index.add({ ...p, hex: 'ae01c7', source: { fileIndex: 0, line: 1 } });
    const { tracks } = attributeHexless(positions, index);
    expect(tracks[0]?.hex).toBe('ae01c7');
    const gulf = await loadRegion('gulf-of-california');
    expect(unidentifiedFlights(positions, tracks, new RecordUnits(), gulf, PARAMS)).toEqual([]);
  });

  it('report, missions and compare warn of an orbit no input ties to an airframe; the demo alone does not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-unidentified-'));
    const lines = ['Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction'];
    for (const p of flight(0, 'orbit', 240)) {
      const iso = new Date(p.timeMs).toISOString().slice(0, 19) + 'Z';
      lines.push(
        `${p.timeMs / 1000},${iso},HOMER41,"${p.lat.toFixed(4)},${p.lon.toFixed(4)}",29000,320,90`,
      );
    }
    const file = path.join(dir, 'HOMER41_3a1b2c3d.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const window = ['--from', '2025-01-27', '--to', '2025-02-10'];
    const report = await runCli(['report', 'fixtures/demo', file, ...window, '--format', 'json']);
    expect(report.code).toBe(0);
    const j = JSON.parse(report.stdout);
    const warning = (j.warnings as string[]).find((w) => w.includes('without an aircraft address'));
    expect(warning).toBe(
      `1 track without an aircraft address flew in the region as a mission would (1 in the window) and is not counted: HOMER41 from 2025-02-03 16:00 UTC, 240 min in the region, orbit (${file}). ` +
        'Its callsign, where and when it flew, tie it to no one airframe of the other inputs, so its aircraft cannot be identified; ' +
        '--aircraft HEX names the airframe of inputs without an address (all of them: give such an input alone), or give an input carrying the address of the same flight (sortie missions --include-unidentified says why each was not tied).',
    );
    expect(report.stderr).toContain(warning);
    // The demo's own FR24 export, an airliner crossing the Gulf, is no such flight.
    expect(warning).not.toContain('AMX123');
    const md = await runCli(['report', 'fixtures/demo', file, ...window, '--format', 'md']);
    expect(md.stdout).toContain(warning);
    const missions = await runCli(['missions', 'fixtures/demo', file, ...window]);
    expect(missions.stderr).toContain('1 track without an aircraft address');
    const compare = await runCli([
      'compare',
      '2025-01-27/2025-02-10',
      '2024-06-01/2024-12-01',
      'fixtures/demo',
      file,
    ]);
    expect(compare.stdout).toContain('Warning: Window A: 1 track without an aircraft address');
    const demo = await runCli(['report', 'fixtures/demo', ...window, '--format', 'json']);
    expect(JSON.parse(demo.stdout).warnings.join('\n')).not.toContain(
      'without an aircraft address',
    );
  });
});
