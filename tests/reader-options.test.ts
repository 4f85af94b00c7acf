import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  isOpenskyAircraftDatabase,
  parseOpenskyRegistry,
} from '../src/aircraft/opensky-registry.js';
import { mergeRegistries, parseRegistry } from '../src/aircraft/registry.js';
import { mapColumns, normaliseColumn } from '../src/ingest/formats/column-map.js';
import {
  squawkFromDecimal,
  addressFromDecimal,
  flightIdFromName,
} from '../src/ingest/formats/fr24-bulk.js';
import { epochToMs, parseDateTimeText, wallClockConverter } from '../src/ingest/time-text.js';
import { runCli } from './helpers.js';

const utc = wallClockConverter('UTC');

describe('time text', () => {
  it.each([
    ['2025-02-03T16:00:00Z', '2025-02-03T16:00:00.000Z'],
    ['2025-02-03 16:00:00.5', '2025-02-03T16:00:00.500Z'],
    ['2025/02/03 16:00:00.123456', '2025-02-03T16:00:00.123Z'],
    ['2025-02-03T09:00:00-07:00', '2025-02-03T16:00:00.000Z'],
    ['2025-02-03T21:30:00+0530', '2025-02-03T16:00:00.000Z'],
    ['2025-02-03 16:00 UTC', '2025-02-03T16:00:00.000Z'],
    ['2025-02-03', '2025-02-03T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29 12:00', '2000-02-29T12:00:00.000Z'],
    ['2025-04-30 23:59:59', '2025-04-30T23:59:59.000Z'],
  ])('%s', (text, iso) => {
    expect(new Date(parseDateTimeText(text, utc) ?? NaN).toISOString()).toBe(iso);
  });

  it.each([
    '2025-13-03 16:00:00',
    '2025-02-03 25:00:00',
    'yesterday',
    '16:00:00',
    // Days a month does not have: not moved quietly into the next month.
    '2025-02-29T17:00:00Z',
    '2025/02/30 17:00:00',
    '1900-02-29 12:00',
    '2025-04-31 12:00:00+02:00',
  ])('rejects %s', (text) => {
    expect(parseDateTimeText(text, utc)).toBeNull();
    expect(parseDateTimeText(text, wallClockConverter('America/Hermosillo'))).toBeNull();
  });

  it('converts wall-clock time across a daylight-saving change', () => {
    const ny = wallClockConverter('America/New_York');
    // 2025-03-09: 01:59 EST (UTC-5), 03:00 EDT (UTC-4).
    expect(new Date(ny(2025, 3, 9, 1, 59, 0, 0) ?? NaN).toISOString()).toBe(
      '2025-03-09T06:59:00.000Z',
    );
    expect(new Date(ny(2025, 3, 9, 3, 0, 0, 0) ?? NaN).toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    const adelaide = wallClockConverter('Australia/Adelaide');
    expect(new Date(adelaide(2018, 2, 18, 16, 30, 51, 597) ?? NaN).toISOString()).toBe(
      '2018-02-18T06:00:51.597Z',
    );
  });

  it('reads the hour a clock goes back twice, in the order of the log', () => {
    const la = wallClockConverter('America/Los_Angeles');
    // 2025-11-02: 01:00–01:59 PDT (UTC-7), then 01:00–01:59 again in PST (UTC-8).
    const at = (h: number, mi: number) =>
      new Date(la(2025, 11, 2, h, mi, 10, 0) ?? NaN).toISOString();
    expect([at(0, 59), at(1, 0), at(1, 59), at(1, 0), at(1, 30), at(1, 59), at(2, 0)]).toEqual([
      '2025-11-02T07:59:10.000Z',
      '2025-11-02T08:00:10.000Z',
      '2025-11-02T08:59:10.000Z',
      '2025-11-02T09:00:10.000Z',
      '2025-11-02T09:30:10.000Z',
      '2025-11-02T09:59:10.000Z',
      '2025-11-02T10:00:10.000Z',
    ]);
    // Out of order by seconds inside the first pass stays in it.
    const again = wallClockConverter('America/Los_Angeles');
    expect(again(2025, 11, 2, 1, 30, 10, 0)).toBe(Date.parse('2025-11-02T08:30:10Z'));
    expect(again(2025, 11, 2, 1, 29, 50, 0)).toBe(Date.parse('2025-11-02T08:29:50Z'));
    // Out of order by 6 minutes: still the first pass.
    const jitter = wallClockConverter('America/Los_Angeles');
    const first = (mi: number) => jitter(2025, 11, 2, 1, mi, 0, 0);
    expect([first(20), first(14), first(21), first(40)]).toEqual(
      ['08:20', '08:14', '08:21', '08:40'].map((t) => Date.parse(`2025-11-02T${t}:00Z`)),
    );
    // A file grouped by aircraft: A's rows run through both passes and on to 03:58; B's rows,
    // from 00:30, start the stretch again on its first pass.
    const grouped = wallClockConverter('America/Los_Angeles');
    for (const [h, mi] of [
      [0, 0],
      [1, 0],
      [1, 59],
      [1, 0],
      [1, 59],
      [3, 58],
    ] as const) {
      grouped(2025, 11, 2, h, mi, 0, 0);
    }
    expect(grouped(2025, 11, 2, 0, 30, 0, 0)).toBe(Date.parse('2025-11-02T07:30:00Z'));
    expect(grouped(2025, 11, 2, 1, 55, 0, 0)).toBe(Date.parse('2025-11-02T08:55:00Z'));
    // Lord Howe Island moves its clocks by half an hour, at 02:00.
    const howe = wallClockConverter('Australia/Lord_Howe');
    // 2024-10-06: 02:00 (+10:30) becomes 02:30 (+11:00); 02:45 is a real time.
    expect(howe(2024, 10, 6, 1, 50, 0, 0)).toBe(Date.parse('2024-10-05T15:20:00Z'));
    expect(howe(2024, 10, 6, 2, 45, 0, 0)).toBe(Date.parse('2024-10-05T15:45:00Z'));
    expect(howe(2024, 10, 6, 3, 10, 0, 0)).toBe(Date.parse('2024-10-05T16:10:00Z'));
    // 2024-04-07: 02:00 (+11:00) goes back to 01:30 (+10:30): 01:30–01:59 happens twice.
    const back = wallClockConverter('Australia/Lord_Howe');
    const howeAt = (h: number, mi: number) => back(2024, 4, 7, h, mi, 0, 0);
    expect([howeAt(1, 20), howeAt(1, 50), howeAt(1, 35), howeAt(1, 55), howeAt(2, 5)]).toEqual(
      ['14:20', '14:50', '15:05', '15:25', '15:35'].map((t) => Date.parse(`2024-04-06T${t}:00Z`)),
    );
    // London goes back at 02:00 BST to 01:00 GMT.
    const london = wallClockConverter('Europe/London');
    expect(london(2025, 10, 26, 1, 30, 0, 0)).toBe(Date.parse('2025-10-26T00:30:00Z'));
    expect(london(2025, 10, 26, 1, 10, 0, 0)).toBe(Date.parse('2025-10-26T01:10:00Z'));
  });

  it('an SBS log in local time across the autumn change: no fix dropped, none mis-dated', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-dst-'));
    const lines: string[] = [];
    // One MSG,3 a minute from 07:30 to 10:29 UTC, written in Los Angeles time, a slow orbit.
    for (let k = 0; k < 180; k += 1) {
      const t = Date.parse('2025-11-02T07:30:10Z') + k * 60_000;
      const local = DateTime.fromMillis(t, { zone: 'America/Los_Angeles' }).toFormat(
        'yyyy/MM/dd,HH:mm:ss.SSS',
      );
      const a = (k / 30) * Math.PI;
      const pos = `${(27 + 0.3 * Math.sin(a)).toFixed(4)},${(-111 + 0.3 * Math.cos(a)).toFixed(4)}`;
      lines.push(`MSG,3,1,1,AE01C7,1,${local},${local},,30000,,,${pos},,,,,,`);
    }
    const file = path.join(dir, 'local.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await runCli([
      'inspect',
      file,
      '--source-tz',
      'America/Los_Angeles',
      '--format',
      'json',
    ]);
    const [input] = JSON.parse(r.stdout).inputs as {
      used: number;
      from: string;
      to: string;
      outliersDropped: number;
    }[];
    expect(input).toMatchObject({
      used: 180,
      from: '2025-11-02T07:30:10Z',
      to: '2025-11-02T10:29:10Z',
      outliersDropped: 0,
    });
  });

  it.each([
    [1738600000, 'auto', 1738600000000],
    [1738600000123, 'auto', 1738600000123],
    [1738600000.5, 's', 1738600000500],
    [1738600000, 'ms', null],
    [12345, 'auto', null],
  ] as const)('epoch %d (%s)', (value, unit, ms) => {
    expect(epochToMs(value, unit)).toBe(ms);
  });
});

describe('column names', () => {
  it.each([
    ['Altitude (ft)', 'altitude', 'ft'],
    ['altitude_m', 'altitude', 'm'],
    ['speed [km/h]', 'speed', 'km/h'],
    ['Ground Speed', 'ground_speed', null],
    ['time_ms', 'time', 'ms'],
    ['"lat"', 'lat', null],
    ['alt_geom', 'alt_geom', null],
  ])('%s → %s, %s', (name, base, unit) => {
    expect(normaliseColumn(name)).toEqual({ base, unit });
  });

  it('finds fields by synonym, keeps OpenSky units, and uses a column only once', () => {
    const m = mapColumns(
      ['ts', 'icao24', 'latitude', 'lng', 'baro_altitude', 'geoaltitude', 'velocity', 'flight'],
      {},
      {},
    );
    expect(m.description).toBe(
      'time=ts, lat=latitude, lon=lng, alt=baro_altitude (m, OpenSky name), callsign=flight, hex=icao24, speed=velocity (mps, OpenSky name)',
    );
    expect(m.missing).toEqual([]);
  });
});

describe('FR24 bulk values', () => {
  it.each([
    ['4096', '1000'],
    ['1089', '0441'],
    ['28672', '7000'],
    ['17683', '4513'],
    ['13827', '3603'],
    ['2457', null],
    ['0', null],
  ])('squawk %s → %s', (text, code) => {
    expect(squawkFromDecimal(text)).toBe(code);
  });

  it('reads the address from aircraft_id and the flight id from the file name', () => {
    expect(addressFromDecimal('4838141')).toBe('49d2fd');
    expect(addressFromDecimal('0')).toBeNull();
    expect(addressFromDecimal('16777216')).toBeNull();
    expect(flightIdFromName('data/20170205_positions/20170205_207507520.csv')).toBe('207507520');
    expect(flightIdFromName('positions.csv')).toBeNull();
  });
});

describe('the OpenSky aircraft database as --aircraft-db', () => {
  const oldForm = readFileSync('fixtures/formats/registries/aircraftDatabase.csv', 'utf8');
  const monthly = readFileSync(
    'fixtures/formats/registries/aircraft-database-complete-2025-01.csv',
    'utf8',
  );

  it('reads both quoting styles, columns by name, keeping surveillance types only', () => {
    expect(isOpenskyAircraftDatabase(oldForm)).toBe(true);
    expect(isOpenskyAircraftDatabase(monthly)).toBe(true);
    expect(isOpenskyAircraftDatabase('$ICAO,$Registration\n')).toBe(false);
    const a = parseOpenskyRegistry(oldForm, 'aircraftDatabase.csv');
    expect([...a.keys()]).toEqual(['adf7c9']);
    expect(a.get('adf7c9')).toMatchObject({
      registration: '62-4139',
      icaoType: 'R135',
      operator: 'United States Air Force',
      description: 'Boeing RC-135W Rivet Joint',
      cmpg: null,
      fillOnly: true,
    });
    const b = parseOpenskyRegistry(monthly, 'monthly.csv');
    expect([...b.keys()]).toEqual(['adf7ca']);
    expect(b.get('adf7ca')).toMatchObject({
      registration: '169999',
      icaoType: 'P8',
      operator: 'United States Navy',
    });
  });

  it('only fills addresses an earlier registry lacks', () => {
    const bundled = parseRegistry(
      '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link\nADF7C9,62-4139,USAF,Boeing RC-135W,R135,Mil,SIGINT,,,Oxcart,\n',
      'plane-alert-db',
    );
    const merged = mergeRegistries([bundled, parseOpenskyRegistry(oldForm, 'opensky')]);
    expect(merged.get('adf7c9')?.source).toBe('plane-alert-db');
  });

  it('identifies an aircraft the bundled table lacks, by its type designator', async () => {
    // adf7ca is a US military address with no entry in the bundled table and no type in the rows.
    const csv =
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
      '1738600000,adf7ca,26.5,-110.5,100,90,0,PELT1,false,false,false,,7000,7000,1738600000,1738600000\n';
    const without = await runCli(['inspect', '-', '--format', 'json'], {}, Buffer.from(csv));
    expect(JSON.parse(without.stdout).inputs[0].surveillanceAircraft).toEqual([]);
    const db = 'fixtures/formats/registries/aircraft-database-complete-2025-01.csv';
    const r = await runCli(
      ['inspect', '-', '--aircraft-db', db, '--format', 'json'],
      {},
      Buffer.from(csv),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs[0].surveillanceAircraft).toEqual(['adf7ca']);
  });
});

describe('reader options on the command line', () => {
  it.each([
    [
      ['--map', 'altitude=z'],
      /option '--map <field=column>' argument 'altitude=z' is invalid\. unknown field "altitude"/,
    ],
    [['--map', 'time'], /"time" is not FIELD=VALUE/],
    [['--units', 'alt=furlongs'], /"furlongs" is not a unit of alt \(ft, m\)/],
    [['--units', 'lat=deg'], /no units for "lat"/],
    [['--source-tz', 'Mars/Olympus'], /not an IANA time zone/],
  ])('%j is a usage error', async (args, message) => {
    const r = await runCli(['inspect', 'fixtures/formats/generic-csv', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--map and --units read a CSV no synonym fits', async () => {
    const r = await runCli([
      'inspect',
      'fixtures/formats/generic-csv/needs-map.csv',
      '--map',
      'time=obs_time,lon=x',
      '--map',
      'lat=y,alt=z,hex=id',
      '--units',
      'alt=m',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const i = JSON.parse(r.stdout).inputs[0];
    expect(i).toMatchObject({ format: 'generic-csv', rows: 2, used: 2 });
    expect(i.detectedBy).toBe('columns: time=obs_time, lat=y, lon=x, alt=z (m, given), hex=id');
  });

  it('--glob keeps only the matching files found in directories', async () => {
    const r = await runCli([
      'inspect',
      'fixtures/formats',
      '--glob',
      '*.txt',
      '--glob',
      '**/snapshots/*1610Z.json',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs.map((i: { file: string }) => i.file)).toEqual([
      'fixtures/formats/aircraft-json/snapshots/2025-02-03T1610Z.json',
      'fixtures/formats/plane-alert-log/all-plane-alerts.txt',
      'fixtures/formats/sbs/dump1090fa-local-time.txt',
      'fixtures/formats/sbs/original-dump1090.txt',
      'fixtures/formats/sbs/readsb-utc.txt',
      'fixtures/formats/sbs/recorder-prefixed.txt',
    ]);
    const none = await runCli(['inspect', 'fixtures/formats', '--glob', '*.parquet']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'sortie: no input files found matching *.parquet in fixtures/formats\n',
    );
  });

  it('a file named on the command line is read whatever --glob says', async () => {
    const r = await runCli([
      'inspect',
      'fixtures/formats/sbs/readsb-utc.txt',
      '--glob',
      '*.csv',
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).inputs).toHaveLength(1);
  });

  it('the report echoes the reader options among its parameters', async () => {
    const r = await runCli([
      'report',
      'fixtures/formats/sbs/dump1090fa-local-time.txt',
      '--source-tz',
      'America/Hermosillo',
      '--format',
      'json',
    ]);
    const p = JSON.parse(r.stdout).parameters;
    expect(p).toMatchObject({ sourceTz: 'America/Hermosillo', map: [], units: [], glob: [] });
  });
});
