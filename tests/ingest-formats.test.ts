import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatByName } from '../src/ingest/formats/index.js';
import { ingest } from '../src/ingest/collect.js';
import { readAll, textSource } from './helpers.js';

const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

describe('OpenSky state vectors', () => {
  it('reads rows without the hour column, any boolean case, units converted to ft and kt', async () => {
    const csv = [
      OPENSKY_HEADER,
      '1738600000,ae01c7,26.5,-110.5,200,90,0,JAKE21  ,False,false,false,1234,9144,9200,1738599999.5,1738599999.9',
      '1738600001,AE01C7,26.51,-110.49,0,90,0,JAKE21,TRUE,FALSE,FALSE,,,,1738600000,1738600000.5',
    ].join('\n');
    const { inputs, positions } = await readAll([textSource('a.csv', csv)]);
    expect(inputs[0]).toMatchObject({ format: 'opensky-states', rows: 2, used: 2 });
    expect(positions[0]).toMatchObject({
      hex: 'ae01c7',
      callsign: 'JAKE21',
      altitudeFt: 30_000,
      onGround: false,
    });
    expect(positions[0]!.groundSpeedKt).toBeCloseTo(388.77, 1);
    expect(positions[1]).toMatchObject({ hex: 'ae01c7', onGround: true, altitudeFt: 0 });
  });

  it.each([
    [
      'no position',
      '1738600000,ae01c7,,,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000',
    ],
    [
      'no position',
      '1738600000,ae01c7,NaN,NaN,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000',
    ],
    [
      'bad position',
      '1738600000,ae01c7,91,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000',
    ],
    [
      'bad time',
      'yesterday,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000',
    ],
    [
      'bad time',
      '1738600000000,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000',
    ],
    [
      'bad icao24',
      '1738600000,xyz,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000',
    ],
    [
      'stale (time - lastcontact > 15 s)',
      '1738600000,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738599900,1738599950',
    ],
    ['wrong number of fields', '1738600000,ae01c7,26,-110'],
  ])('skips a row as "%s": %s', async (reason, row) => {
    const { inputs } = await readAll([textSource('a.csv', `${OPENSKY_HEADER}\n${row}\n`)]);
    expect(inputs[0]!.rows).toBe(1);
    expect(inputs[0]!.used).toBe(0);
    expect(inputs[0]!.skipped[reason]).toEqual({ count: 1, firstLines: [2] });
  });

  it('keeps the icao24 a string even when it looks numeric', async () => {
    const csv = `${OPENSKY_HEADER}\n1738600000,012345,26,-110,200,90,0,X,false,false,false,0123,9144,9200,1738600000,1738600000\n`;
    const { positions } = await readAll([textSource('a.csv', csv)]);
    expect(positions[0]!.hex).toBe('012345');
  });
});

describe('FlightRadar24 per-flight CSV', () => {
  it.each([
    [
      '7 columns',
      'Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction',
      '1610174225,2021-01-09T06:37:05Z,SJY182,"-6.122257,106.649513",0,0,74',
    ],
    [
      '6 columns',
      'Timestamp,Callsign,Position,Altitude,Speed,Direction',
      '1610174225,SJY182,"-6.122257,106.649513",0,0,74',
    ],
  ])('reads the %s layout with its quoted Position field', async (_name, header, row) => {
    const { inputs, positions } = await readAll([textSource('f.csv', `${header}\r\n${row}\r\n`)]);
    expect(inputs[0]).toMatchObject({ format: 'fr24-flight', rows: 1, used: 1 });
    expect(positions[0]).toMatchObject({
      hex: null,
      callsign: 'SJY182',
      lat: -6.122257,
      lon: 106.649513,
      onGround: true,
    });
    expect(positions[0]!.timeMs).toBe(1610174225000);
  });

  it('assigns the --aircraft address to rows that carry none', async () => {
    const csv =
      'Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction\n1610174225,x,SJY182,"-6.1,106.6",1000,200,74\n';
    const { positions, hexless } = await ingest([textSource('f.csv', csv)], {
      keep: () => true,
      assignHex: 'ae01c7',
    });
    expect(hexless).toEqual([]);
    expect(positions.get(0).hex).toBe('ae01c7');
  });
});

describe('readsb trace_full', () => {
  const trace = {
    icao: 'ae01c7',
    r: '64-14845',
    t: 'R135',
    dbFlags: 1,
    timestamp: 1738600000,
    trace: [
      [0, 32.7, -117.2, 'ground', 0, 90, 0, null, { flight: 'JAKE21  ' }, 'adsb_icao'],
      [60, 32.6, -117.1, 2000, 180, 120, 2, 1500, null, 'adsb_icao'],
      [120, 'x', -117.0, 4000, 220, 120, 0, 1500, null, 'adsb_icao'],
      'garbage',
      [180, 32.5, -117.0, 6000, 250, 120, 0, 1500, { flight: 'JAKE22' }, 'adsb_icao'],
    ],
  };

  it('reads ground altitudes, carries the callsign forward, and counts bad points as skipped', async () => {
    const { inputs, positions } = await readAll([textSource('t.json', JSON.stringify(trace))]);
    expect(inputs[0]).toMatchObject({ format: 'readsb-trace', rows: 5, used: 3 });
    expect(inputs[0]!.skipped).toEqual({
      'bad position': { count: 1, firstLines: [3] },
      'malformed trace point': { count: 1, firstLines: [4] },
    });
    expect(positions.map((p) => p.callsign)).toEqual(['JAKE21', 'JAKE21', 'JAKE22']);
    expect(positions[0]).toMatchObject({
      onGround: true,
      altitudeFt: 0,
      typeCode: 'R135',
      registration: '64-14845',
      dbFlags: 1,
    });
    expect(positions[1]!.timeMs).toBe(1738600060000);
  });

  it('detects gzip by its magic bytes, in any chunking', async () => {
    const gz = gzipSync(Buffer.from(JSON.stringify(trace)));
    const { inputs } = await readAll([textSource('t.json', gz, 1), textSource('t.bin', gz, 4096)]);
    expect(inputs.map((i) => [i.format, i.used])).toEqual([
      ['readsb-trace', 3],
      ['readsb-trace', 3],
    ]);
  });
});

describe('reading and detection', () => {
  it('names the columns it found when no format matches, and reads the other inputs', async () => {
    const { inputs } = await readAll([
      textSource('odd.csv', 'a,b,c\n1,2,3\n'),
      textSource(
        'ok.csv',
        `${OPENSKY_HEADER}\n1738600000,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000\n`,
      ),
    ]);
    expect(inputs[0]!.error).toEqual({
      message:
        'not a known format; columns found: a, b, c; no column for time, lat, lon (name them with --map FIELD=COLUMN)',
      line: 1,
    });
    expect(inputs[1]!.used).toBe(1);
  });

  it('reports a truncated gzip stream and keeps the rows read before it', async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, k) =>
        `${1738600000 + k},ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,${1738600000 + k},${1738600000 + k}`,
    );
    const gz = gzipSync(Buffer.from(`${OPENSKY_HEADER}\n${rows.join('\n')}\n`));
    const { inputs } = await readAll([
      textSource('cut.csv.gz', gz.subarray(0, Math.floor(gz.length * 0.8)), 512),
    ]);
    expect(inputs[0]!.error?.message).toMatch(/truncated|unexpected end/i);
    expect(inputs[0]!.used).toBeGreaterThan(0);
    expect(inputs[0]!.used).toBeLessThan(2000);
    expect(
      inputs[0]!.used + Object.values(inputs[0]!.skipped).reduce((a, s) => a + s.count, 0),
    ).toBe(inputs[0]!.rows);
  });

  it('reports invalid JSON with its parser message', async () => {
    const { inputs } = await readAll([textSource('t.json', '{"icao": "ae01c7", "trace": [')]);
    expect(inputs[0]!.error?.message).toMatch(/^invalid JSON/);
  });

  it('strips a UTF-8 BOM and reads CRLF line ends', async () => {
    const csv = `\uFEFF${OPENSKY_HEADER}\r\n1738600000,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000\r\n`;
    const { inputs } = await readAll([textSource('a.csv', csv)]);
    expect(inputs[0]).toMatchObject({ format: 'opensky-states', used: 1 });
  });

  it('--input-format forces a format and says so', async () => {
    const forced = formatByName('opensky-states');
    const csv = `${OPENSKY_HEADER}\n1738600000,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000\n`;
    const { inputs } = await ingest([textSource('a.csv', csv)], { keep: () => true, forced });
    expect(inputs[0]).toMatchObject({
      format: 'opensky-states',
      detectedBy: 'forced by --input-format',
      used: 1,
    });
  });

  it('an empty file reads as zero rows without error', async () => {
    const { inputs } = await readAll([textSource('e.csv', '')]);
    expect(inputs[0]).toMatchObject({ rows: 0, used: 0, format: null, error: null });
  });
});
