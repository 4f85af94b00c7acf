import { describe, expect, it } from 'vitest';
import { OpenSkyByteReader } from '../src/ingest/fast/opensky-row-bytes.js';
import { OpenSkyRowPositions } from '../src/ingest/fast/opensky-row-position.js';
import { openskyRowReader } from '../src/ingest/formats/opensky.js';
import { DEFAULT_READER_OPTIONS } from '../src/ingest/formats/format.js';
import { splitCsvRecord } from '../src/ingest/csv-fields.js';
import { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import { expectSame, fast, general } from './fast-path-kit.js';
import { textSource } from './helpers.js';

const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

/** A row of HEADER with some fields replaced. */
function row(changes: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    time: '1738600000',
    icao24: 'ae01c7',
    lat: '26.123456789012345',
    lon: '-110.98765432109877',
    velocity: '120.5',
    heading: '270.25',
    vertrate: '0',
    callsign: 'RCH123  ',
    onground: 'false',
    alert: 'false',
    spi: 'false',
    squawk: '4512',
    baroaltitude: '9144.0',
    geoaltitude: '9200',
    lastposupdate: '1738599999.5',
    lastcontact: '1738599999.9',
  };
  return HEADER.split(',')
    .map((k) => changes[k] ?? base[k])
    .join(',');
}

const ctx = {
  fileIndex: 3,
  fileName: 't.csv',
  options: DEFAULT_READER_OPTIONS,
  companions: { fr24Flights: new Map(), fr24FlightOfInput: new Map() },
  note: () => undefined,
};

/**
 * Each row read both ways: `bytes` when the byte reader takes it (the position made from its bytes
 * must be the general reader's, key for key and in the same key order), `general` when it leaves
 * the row to the general parser (which the scanner then calls, as before).
 */
const CASES: [string, string, 'bytes' | 'general'][] = [
  ['a plain row', row(), 'bytes'],
  [
    'negative coordinates and altitude',
    row({ lat: '-33.5', lon: '-0.25', baroaltitude: '-30.48' }),
    'bytes',
  ],
  ['minus zero', row({ lon: '-0', heading: '-0' }), 'bytes'],
  ['an exponent in a number', row({ velocity: '1.2e2', heading: '2.7E2' }), 'bytes'],
  ['an exponent in the time', row({ time: '1738600000e0' }), 'bytes'],
  [
    'seventeen digits and more',
    row({ lat: '12.345678901234567890123', lon: '123456789.0e-7' }),
    'bytes',
  ],
  [
    'empty optional fields',
    row({
      velocity: '',
      heading: '',
      callsign: '',
      squawk: '',
      lastposupdate: '',
      lastcontact: '',
    }),
    'bytes',
  ],
  ['NaN and null words', row({ velocity: 'NaN', heading: 'null', geoaltitude: 'None' }), 'bytes'],
  [
    'no barometric altitude: the GNSS one',
    row({ baroaltitude: '', geoaltitude: '-12.5' }),
    'bytes',
  ],
  ['no altitude at all', row({ baroaltitude: '', geoaltitude: '' }), 'bytes'],
  ['on the ground', row({ onground: 'TRUE', baroaltitude: '15' }), 'bytes'],
  ['on the ground as 1, airborne as 0', row({ onground: '1' }), 'bytes'],
  ['no onground value', row({ onground: '' }), 'bytes'],
  ['a lowercase callsign with a space inside', row({ callsign: ' rch 12 ' }), 'bytes'],
  ['a callsign of spaces', row({ callsign: '   ' }), 'bytes'],
  ['a short squawk', row({ squawk: '17' }), 'bytes'],
  ['a squawk that is not octal', row({ squawk: '7800' }), 'bytes'],
  ['an uppercase address', row({ icao24: 'AE01C7' }), 'bytes'],
  ['a stale row', row({ lastcontact: '1738599900' }), 'general'],
  // A quoted field never reaches the byte reader: the kernel hands a line with a quote to the
  // scanner's CSV reading (see the fast-path test below); the address is refused here anyway.
  ['a quoted address', row({ icao24: '"ae01c7"' }), 'general'],
  ['a space around a number', row({ lat: ' 26.5' }), 'general'],
  ['a CR left at the end', row() + '\r', 'general'],
  ['a byte beyond ASCII in the callsign', row({ callsign: 'RCHé' }), 'general'],
  ['no position', row({ lat: '', lon: '' }), 'general'],
  ['(0, 0)', row({ lat: '0', lon: '0' }), 'general'],
  ['a bad time', row({ time: '99' }), 'general'],
  ['an altitude below -2,000 ft', row({ baroaltitude: '-700' }), 'general'],
  ['onground as -1', row({ onground: '-1' }), 'general'],
  ['a field too many', row() + ',1', 'general'],
  ['a bad address', row({ icao24: 'ae01c' }), 'general'],
];

describe('positions made from the bytes of OpenSky rows', () => {
  const header = splitCsvRecord(HEADER);
  it.each(CASES)('%s', (_name, text, way) => {
    const bytes = Buffer.from(text, 'utf8');
    const reader = OpenSkyByteReader.of(header)!;
    const took = reader.read(bytes, 0, bytes.length);
    expect(took ? 'bytes' : 'general').toBe(way);
    if (!took) return;
    const general = openskyRowReader(header, ctx).read(splitCsvRecord(text), 42);
    const made = new OpenSkyRowPositions(header, ctx.fileIndex).of(reader.row, bytes, 42);
    expect(made).toStrictEqual(general);
    expect(Object.keys(made)).toEqual(Object.keys(general));
  });

  it('reuses an aircraft callsign while its rows carry it, and follows a change', () => {
    const header = splitCsvRecord(HEADER);
    const reader = OpenSkyByteReader.of(header)!;
    const positions = new OpenSkyRowPositions(header, 0);
    const read = (text: string) => {
      const bytes = Buffer.from(text);
      expect(reader.read(bytes, 0, bytes.length)).toBe(true);
      return positions.of(reader.row, bytes, 1);
    };
    const other = read(row({ icao24: 'a1b2c3', callsign: 'N123' }));
    const first = read(row({ callsign: 'rch1' }));
    const again = read(row({ callsign: 'RCH1 ' }));
    const changed = read(row({ callsign: 'RCH2' }));
    expect([other.callsign, first.callsign, again.callsign, changed.callsign]).toEqual([
      'N123',
      'RCH1',
      'RCH1',
      'RCH2',
    ]);
    expect(read(row({ callsign: '' })).callsign).toBeNull();
    expect(read(row({ callsign: 'RCH2' })).callsign).toBe('RCH2');
  });

  it('leaves out the keys of columns a header lacks, as the general reader does', () => {
    const text =
      'icao24,time,lat,lon,onground,baroaltitude\nae01c7,1738600000,26.5,-110.25,false,3000';
    const [h, r] = text.split('\n') as [string, string];
    const header = splitCsvRecord(h);
    const reader = OpenSkyByteReader.of(header)!;
    const bytes = Buffer.from(r);
    expect(reader.read(bytes, 0, bytes.length)).toBe(true);
    const made = new OpenSkyRowPositions(header, 0).of(reader.row, bytes, 2);
    const general = openskyRowReader(header, { ...ctx, fileIndex: 0 }).read(splitCsvRecord(r), 2);
    expect(made).toStrictEqual(general);
    expect('squawk' in made).toBe(false);
  });
});

describe('rows of watched aircraft on the fast path', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])(
    'give the general reader positions and accounting, read from bytes or not (%s)',
    async (_name, eol) => {
      // Every case above as a row of a watched aircraft, a second apart, between rows of others;
      // with a quoted callsign and a quoted row split over two lines besides.
      const rows = [HEADER];
      CASES.forEach(([, text], i) => {
        const t = String(1738600000 + i);
        const fields = text.split(',');
        const at = (name: string) => HEADER.split(',').indexOf(name);
        if (fields[at('time')] === '1738600000') fields[at('time')] = t;
        if (fields[at('lastposupdate')] === '1738599999.5') fields[at('lastposupdate')] = `${t}.5`;
        if (fields[at('lastcontact')] === '1738599999.9') fields[at('lastcontact')] = `${t}.9`;
        rows.push(fields.join(','));
        rows.push(
          row({ icao24: 'a1b2c3', time: t, lastposupdate: `${t}.5`, lastcontact: `${t}.9` }),
        );
      });
      rows.push(
        row({ time: '1738600100', callsign: '"rch,9"', lastposupdate: '', lastcontact: '' }),
      );
      rows.push(
        row({ time: '1738600101', callsign: '"RCH\n9"', lastposupdate: '', lastcontact: '' }),
      );
      // A frozen row: the position of the row before written again.
      rows.push(
        row({ time: '1738600102', lastposupdate: '1738600050', lastcontact: '1738600101' }),
      );
      rows.push(
        row({ time: '1738600103', lastposupdate: '1738600050', lastcontact: '1738600102' }),
      );
      const csv = rows.join(eol) + eol;
      const watch = HexBitmap.of(['ae01c7']);
      for (const chunk of [5, 1 << 16]) {
        const g = await general(textSource('w.csv', csv, chunk));
        const f = await fast(textSource('w.csv', csv, chunk), watch);
        expect(f.inputs[0]!.fast).toBeDefined();
        expectSame(g, f, watch);
        expect(f.positions.length).toBeGreaterThan(20);
        expect(f.inputs[0]!.fast!.quotedLines).toBeGreaterThan(0);
      }
    },
  );
});
