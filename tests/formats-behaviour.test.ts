import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type InputSource } from '../src/ingest/collect.js';
import type { ReaderOptions } from '../src/ingest/formats/format.js';
import { formatByName } from '../src/ingest/formats/index.js';
import type { Position } from '../src/ingest/types.js';
import { dbfBytes } from '../scripts/dbf-bytes.js';
import { readAll, runCli, textSource } from './helpers.js';

const F = 'fixtures/formats/';
const file = (path: string): InputSource => ({ name: path, open: () => createReadStream(path) });
const opts = (over: Partial<ReaderOptions>): ReaderOptions => ({
  sourceTz: 'UTC',
  fieldMap: {},
  units: {},
  ...over,
});
const isoOf = (p: Position | undefined): string | null =>
  p === undefined ? null : new Date(p.timeMs).toISOString();

describe('SBS / BaseStation', () => {
  it('stitches MSG,1 callsigns and MSG,4 velocities onto the positions of the same address', async () => {
    const { positions } = await readAll([file(`${F}sbs/readsb-utc.txt`)]);
    const mine = positions.filter((p) => p.hex === 'ae01c7');
    expect(mine).toHaveLength(81);
    expect(mine.every((p) => p.callsign === 'JAKE21')).toBe(true);
    expect(mine.every((p) => p.groundSpeedKt === 250 && p.trackDeg === 315)).toBe(true);
    expect(isoOf(mine[0])).toBe('2025-02-03T16:00:00.400Z');
    expect(mine[0]!.source.line).toBe(3);
    // The H suffix marks a geometric altitude; the number is kept.
    expect(mine.find((p) => p.timeMs === Date.parse('2025-02-03T16:10:00.400Z'))?.altitudeFt).toBe(
      25_150,
    );
    const surface = positions.find((p) => p.hex === 'a0b1c2');
    expect(surface).toMatchObject({ onGround: true, altitudeFt: 0, groundSpeedKt: 12 });
  });

  it('is not fooled by a CSV header that starts with ID', async () => {
    const csv =
      'ID,AIR,x,y,hex,z,date,t,date2,t2,time,lat,lon\n1,2,3,4,ae01c7,6,7,8,9,10,1738600000,26.5,-110.5\n';
    const { inputs } = await readAll([textSource('ids.csv', csv)]);
    expect(inputs[0]).toMatchObject({ format: 'generic-csv', rows: 1, used: 1 });
  });

  it('reads receiver-local times in --source-tz', async () => {
    const src = () => file(`${F}sbs/dump1090fa-local-time.txt`);
    const utc = await readAll([src()]);
    const local = await readAll([src()], opts({ sourceTz: 'America/Hermosillo' }));
    expect(isoOf(utc.positions[0])).toBe('2025-02-05T11:00:00.500Z');
    expect(isoOf(local.positions[0])).toBe('2025-02-05T18:00:00.500Z');
    expect(local.positions[0]!.callsign).toBe('AMX123');
  });

  it('falls back to the recorder timestamp when the SBS date and time are empty', async () => {
    const { positions } = await readAll([file(`${F}sbs/recorder-prefixed.txt`)]);
    expect(positions.map(isoOf)).toEqual([
      '2025-02-05T19:00:00.000Z',
      '2025-02-05T19:00:10.000Z',
      '2025-02-05T19:00:20.000Z',
      '2025-02-05T19:00:40.000Z',
    ]);
  });
});

describe('aircraft.json snapshots', () => {
  it('dates each position now - seen_pos, in every dialect, and uses t for the type', async () => {
    const { positions } = await readAll([
      file(`${F}aircraft-json/snapshots/2025-02-03T1610Z.json`),
      file(`${F}aircraft-json/snapshots/2025-02-03T1620Z.json`),
      file(`${F}aircraft-json/snapshots/2025-02-03T1630Z.json`),
    ]);
    const rc135 = positions.filter((p) => p.hex === 'ae01c7');
    expect(rc135.map(isoOf)).toEqual([
      '2025-02-03T16:09:58.500Z',
      '2025-02-03T16:19:59.600Z',
      '2025-02-03T16:29:59.200Z',
    ]);
    expect(rc135.map((p) => [p.callsign, p.altitudeFt, p.groundSpeedKt])).toEqual([
      ['JAKE21', 25_000, 250],
      ['JAKE21', 25_000, 250],
      ['JAKE21', 25_000, 250],
    ]);
    expect(rc135[0]).toMatchObject({ typeCode: 'R135', registration: '64-14845', dbFlags: 1 });
    expect(rc135[0]!.squawk).toBe('4513');
    // readsb's lastPosition, dated by its own seen_pos (300 s before 16:10).
    expect(isoOf(positions.find((p) => p.hex === 'a2b3c4'))).toBe('2025-02-03T16:05:00.000Z');
    expect(positions.find((p) => p.hex === '0d0a0b')).toMatchObject({
      onGround: true,
      altitudeFt: 0,
      typeCode: 'B738',
    });
  });
});

describe('FlightRadar24 bulk feed', () => {
  const flights = () => file(`${F}fr24-bulk/20250204_flights.csv`);
  const positions1 = () => file(`${F}fr24-bulk/20250204_positions/20250204_301000001.csv`);

  it.each([
    ['flights file first', true],
    ['positions file first', false],
  ])('joins positions to the flights file by flight id (%s)', async (_name, flightsFirst) => {
    const sources = flightsFirst ? [flights(), positions1()] : [positions1(), flights()];
    const { positions, hexless } = await readAll(sources);
    expect(hexless).toEqual([]);
    expect(positions).toHaveLength(6);
    expect(positions[0]).toMatchObject({
      hex: 'ae01c7',
      callsign: 'JAKE22',
      typeCode: 'R135',
      registration: '6414845',
      squawk: '4513',
      altitudeFt: 20_000,
    });
    const input = (await readAll(sources)).inputs.find((i) => i.format === 'fr24-bulk-positions');
    expect([...(input?.hexes ?? [])]).toEqual(['ae01c7']);
  });

  it('keeps the positions of a flight without an address, with the callsign the flights file gives', async () => {
    const { hexless } = await ingest(
      [flights(), file(`${F}fr24-bulk/20250204_positions/20250204_301000002.csv`)],
      { keep: () => true },
    );
    expect(hexless.map((p) => p.callsign)).toEqual(['AMX456', 'AMX456', 'AMX456']);
    expect(hexless[0]).toMatchObject({ onGround: true, altitudeFt: 0 });
  });
});

describe('ADS-B Exchange trace CSV', () => {
  it('reads the raw layout: day + relative seconds, ground, callsign from the details dict', async () => {
    const { positions } = await readAll([
      file(`${F}adsbx-trace-csv/raw_AE01C7_2025-02-06_2025-02-06.csv`),
    ]);
    expect(positions.map((p) => [isoOf(p), p.onGround, p.callsign])).toEqual([
      ['2025-02-06T15:01:00.500Z', false, 'JAKE24'],
      ['2025-02-06T15:00:00.250Z', true, null],
      ['2025-02-06T15:02:00.000Z', false, null],
      ['2025-02-06T15:00:30.000Z', false, null],
    ]);
    expect(positions[0]).toMatchObject({
      typeCode: 'R135',
      registration: '64-14845',
      squawk: '4513',
    });
  });

  it('keeps ADS-B Exchange times in UTC whatever --source-tz says (it is for local-time logs)', async () => {
    const src = () => file(`${F}adsbx-trace-csv/raw_AE01C7_2025-02-06_2025-02-06.csv`);
    const plain = await readAll([src()]);
    const local = await readAll([src()], opts({ sourceTz: 'America/Hermosillo' }));
    expect(local.positions.map(isoOf)).toEqual(plain.positions.map(isoOf));
  });

  it('reads the processed layout, taking the WKT point when lat/lon are empty', async () => {
    const { positions } = await readAll([
      file(`${F}adsbx-trace-csv/flight_traces_ae01c7_20250206.csv`),
    ]);
    expect(positions.map((p) => [p.lat, p.lon, p.callsign])).toEqual([
      [32.9, -117.0, 'JAKE24'],
      [32.95, -117.0, 'JAKE24'],
      [33.0, -117.0, 'JAKE24'],
    ]);
  });
});

describe('generic CSV', () => {
  it('converts units named in the columns and reads ISO times with and without zones', async () => {
    const { positions } = await readAll([file(`${F}generic-csv/units-in-names.csv`)]);
    expect(positions.map(isoOf)).toEqual([
      '2025-02-08T12:00:00.000Z',
      '2025-02-08T12:01:00.000Z',
      '2025-02-08T12:02:00.000Z',
    ]);
    expect(positions[0]!.altitudeFt).toBe(25_000);
    expect(positions[0]!.groundSpeedKt).toBeCloseTo(400, 3);
  });

  it('combines date and time columns in --source-tz', async () => {
    const { positions } = await readAll(
      [file(`${F}generic-csv/date-and-time.csv`)],
      opts({ sourceTz: 'America/Hermosillo' }),
    );
    expect(positions.map(isoOf)).toEqual(['2025-02-08T12:10:00.000Z', '2025-02-08T12:11:00.000Z']);
    expect(positions[1]).toMatchObject({ onGround: true, altitudeFt: 0 });
  });

  it('reads columns named by --map, in the units given by --units', async () => {
    const { inputs, positions } = await readAll(
      [file(`${F}generic-csv/needs-map.csv`)],
      opts({
        fieldMap: { time: 'obs_time', lon: 'x', lat: 'y', alt: 'z', hex: 'id' },
        units: { alt: 'm' },
      }),
    );
    expect(inputs[0]!.detectedBy).toBe(
      'columns: time=obs_time, lat=y, lon=x, alt=z (m, given), hex=id',
    );
    expect(positions[0]).toMatchObject({ hex: 'ae6881', lat: 26.8, lon: -111, altitudeFt: 22_966 });
  });

  it('names a --map column that is not in the header', async () => {
    const { inputs } = await readAll(
      [textSource('a.csv', 'when,lat,lon\n1738600000,26,-110\n')],
      opts({ fieldMap: { time: 'whenever' } }),
    );
    expect(inputs[0]!.error?.message).toBe(
      'not a known format; columns found: when, lat, lon; --map names column(s) not in the header: whenever; no column for time (name them with --map FIELD=COLUMN)',
    );
  });

  it('with --input-format generic-csv, reads a file another format would claim', async () => {
    const csv =
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
      '1738600000,ae01c7,26,-110,100,90,0,X,false,false,false,,3048,3100,1738500000,1738500000\n';
    const { inputs, positions } = await ingest([textSource('a.csv', csv)], {
      keep: () => true,
      forced: formatByName('generic-csv'),
    });
    // The stale row OpenSky would skip is a plain position here; units come from OpenSky's names.
    expect(inputs[0]!.detectedBy).toBe('forced by --input-format');
    expect(positions.get(0).altitudeFt).toBe(10_000);
    expect(positions.get(0).groundSpeedKt).toBeCloseTo(194.38, 2);
  });
});

describe('dBase tables and shapefile parts', () => {
  const fields = [
    { name: 'time', type: 'C', length: 20 },
    { name: 'latitude', type: 'N', length: 10, decimals: 4 },
    { name: 'longitude', type: 'N', length: 10, decimals: 4 },
    { name: 'icao24', type: 'C', length: 6 },
  ];
  const records = [
    ['2025-02-03T16:00:00Z', '26.5000', '-110.5000', 'ae01c7'],
    ['2025-02-03T16:01:00Z', '26.5100', '-110.5100', 'ae01c7'],
  ];

  it('streams records in any chunking', async () => {
    const bytes = dbfBytes(fields, records);
    for (const chunk of [1, 7, 4096]) {
      const { inputs, positions } = await readAll([textSource('t.dbf', bytes, chunk)]);
      expect(inputs[0]).toMatchObject({ format: 'dbf', rows: 2, used: 2, error: null });
      expect(positions.map((p) => [p.hex, p.lat, p.lon])).toEqual([
        ['ae01c7', 26.5, -110.5],
        ['ae01c7', 26.51, -110.51],
      ]);
    }
  });

  it('reports a truncated table and keeps the records before the cut', async () => {
    const bytes = dbfBytes(fields, records);
    const cut = bytes.subarray(0, bytes.length - 30);
    const { inputs } = await readAll([textSource('t.dbf', cut)]);
    expect(inputs[0]).toMatchObject({ rows: 1, used: 1 });
    expect(inputs[0]!.error?.message).toBe('truncated dBase table: 1 of 2 records');
  });

  it('names the fields of a table without time and position', async () => {
    const bytes = dbfBytes([{ name: 'name', type: 'C', length: 10 }], [['x']]);
    const { inputs } = await readAll([textSource('t.dbf', bytes)]);
    expect(inputs[0]!.error?.message).toBe(
      'cannot read the dBase table: no column for time, lat, lon; fields found: name',
    );
  });

  it('recognises shapefile geometry and reads nothing from it', async () => {
    const shp = Buffer.alloc(100);
    shp.writeUInt32BE(9994, 0);
    shp.writeUInt32LE(1000, 28);
    const { inputs } = await readAll([textSource('points.shp', shp)]);
    expect(inputs[0]).toMatchObject({ format: 'shapefile-geometry', rows: 0, error: null });
    expect(inputs[0]!.notFlightData).toMatch(/the points are read from the \.dbf beside it$/);
  });
});

describe('plane-alert logs', () => {
  it('are sightings: they name and date aircraft, never make positions', async () => {
    const { inputs, positions, aircraft } = await readAll([
      file(`${F}plane-alert-log/plane-alert-2025-02-03.csv`),
    ]);
    expect(positions).toEqual([]);
    expect(inputs[0]!.usedAs).toEqual({ sighting: 2 });
    expect([...inputs[0]!.hexes].sort()).toEqual(['0d0a0b', 'ae01c7']);
    expect(aircraft.get('ae01c7')?.registration).toBe('64-14845');
    expect(inputs[0]!.fromMs).toBe(Date.parse('2025-02-03T09:10:00Z'));
  });
});

describe('readsb traces', () => {
  it('keeps the new-leg flag and carries the squawk from the sparse details', async () => {
    const { positions } = await readAll([
      file(`${F}readsb-trace/traces/c7/trace_full_ae01c7.json`),
    ]);
    expect(positions.map((p) => p.newLeg ?? false)).toEqual([false, false, true, false, false]);
    expect(positions.every((p) => p.squawk === '4513')).toBe(true);
    expect(positions[3]!.altitudeFt).toBeNull();
  });
});

describe('an SBS log whose clock runs local time', () => {
  it('is warned of in the report, not only in inspect', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-sbs-local-'));
    const log = path.join(dir, 'receiver.sbs');
    // The recorder stamps UTC; the SBS fields hold UTC-7 (dump1090-fa in receiver-local time).
    const lines = Array.from({ length: 30 }, (_, k) => {
      const utc = new Date(Date.UTC(2025, 1, 10, 2, k));
      const local = new Date(utc.getTime() - 7 * 3_600_000);
      const d = local.toISOString().slice(0, 10).replaceAll('-', '/');
      const t = local.toISOString().slice(11, 23);
      return `${utc.toISOString()},MSG,3,1,1,AE01C7,1,${d},${t},${d},${t},,30000,,,27.5,${(-111 + k * 0.01).toFixed(2)},,,,,,`;
    });
    writeFileSync(log, lines.join('\n') + '\n');
    const r = await runCli(['report', log, '--format', 'json']);
    const warnings = (JSON.parse(r.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toContain(
      `${log}: SBS times run -07:00 from the recorder's timestamps (line 1): the log is probably in receiver-local time; give --source-tz. Until it is, its missions are dated hours off, and one near a period's or the window's edge may be counted in the wrong one.`,
    );
    expect(r.stderr).toContain(
      'the log is probably in receiver-local time; give --source-tz. Until',
    );
  });
});
