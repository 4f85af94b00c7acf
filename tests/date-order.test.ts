import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapColumns } from '../src/ingest/formats/column-map.js';
import { DEFAULT_READER_OPTIONS, type ReaderOptions } from '../src/ingest/formats/format.js';
import { FORMATS } from '../src/ingest/formats/index.js';
import { mappedRowParser } from '../src/ingest/formats/mapped-rows.js';
import { TIME_FORMS } from '../src/ingest/formats/time-forms.js';
import { newCompanions } from '../src/ingest/companions.js';
import { InputError } from '../src/ingest/input-error.js';
import { orderShownBy, parseDayMonthText, wallClockConverter } from '../src/ingest/time-text.js';
import { readAll, runCli, textSource } from './helpers.js';

const opts = (over: Partial<ReaderOptions>): ReaderOptions => ({
  sourceTz: 'UTC',
  fieldMap: {},
  units: {},
  ...over,
});
const iso = (ms: number): string => new Date(ms).toISOString();
const utc = wallClockConverter('UTC');

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-dates-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('spreadsheet dates (3/2/2025)', () => {
  it.each([
    [{ first: 3, second: 2 }, 'either'],
    [{ first: 13, second: 2 }, 'dmy'],
    [{ first: 2, second: 13 }, 'mdy'],
    [{ first: 13, second: 13 }, null],
    [{ first: 0, second: 5 }, null],
  ] as const)('%j shows the order %j', (fields, order) => {
    expect(orderShownBy(fields)).toBe(order);
  });

  it.each([
    ['3/2/2025 16:00', 'dmy', '2025-02-03T16:00:00.000Z'],
    ['3/2/2025 16:00', 'mdy', '2025-03-02T16:00:00.000Z'],
    ['2/3/2025 4:05:06 PM', 'mdy', '2025-02-03T16:05:06.000Z'],
    ['2/3/2025 12:00 AM', 'mdy', '2025-02-03T00:00:00.000Z'],
    ['03.02.2025 16:00:00,5', 'dmy', '2025-02-03T16:00:00.500Z'],
    ['03-02-2025T16:00Z', 'dmy', '2025-02-03T16:00:00.000Z'],
    ['3/2/2025 16:00 -07:00', 'dmy', '2025-02-03T23:00:00.000Z'],
    ['3/2/2025', 'dmy', '2025-02-03T00:00:00.000Z'],
  ] as const)('%s read as %s is %s', (text, order, expected) => {
    expect(iso(parseDayMonthText(text, order, utc) as number)).toBe(expected);
  });

  it.each([
    ['31/2/2025', 'dmy'],
    ['2/13/2025', 'dmy'],
    ['2/3/2025 13:00 PM', 'mdy'],
    ['2/3/25 16:00', 'mdy'],
    ['3/2-2025', 'dmy'],
  ] as const)('%s is not a date in %s order', (text, order) => {
    expect(parseDayMonthText(text, order, utc)).toBeNull();
  });

  it('infers month/day/year from a later row, says so, and reads the rows before it the same way', async () => {
    const csv = [
      'time,hex,lat,lon',
      '2/3/2025 16:00,ae01c7,26.5,-110.5',
      'time,hex,lat,lon',
      '2/3/2025 16:01,ae01c7,26.6,-110.5',
      '2/13/2025 16:02,ae01c7,26.7,-110.5',
      '2/3/2025 16:03,ae01c7,26.8,-110.5',
    ].join('\n');
    const { inputs, positions } = await readAll([textSource('us.csv', csv)]);
    expect(inputs[0]).toMatchObject({ rows: 5, used: 4, error: null });
    expect(inputs[0]!.skipped['repeated header']).toEqual({ count: 1, firstLines: [3] });
    expect(inputs[0]!.notes).toEqual([
      'dates read as month/day/year: 2/13/2025 16:02 (line 5) can be read no other way (give --date-order mdy to state it)',
    ]);
    expect(positions.map((p) => [iso(p.timeMs), p.source.line])).toEqual([
      ['2025-02-03T16:00:00.000Z', 2],
      ['2025-02-03T16:01:00.000Z', 4],
      ['2025-02-13T16:02:00.000Z', 5],
      ['2025-02-03T16:03:00.000Z', 6],
    ]);
  });

  it('never changes order within a file: a date in the other order is a bad time', async () => {
    const csv = [
      'date;time;hex;lat;lon',
      '13.02.2025;16:00;ae01c7;26,5;-110,5',
      '03.02.2025;16:00;ae01c7;26,5;-110,5',
      '02.13.2025;16:00;ae01c7;26,5;-110,5',
    ].join('\n');
    const { inputs, positions } = await readAll([textSource('de.csv', csv)]);
    expect(inputs[0]).toMatchObject({ rows: 3, used: 2 });
    expect(inputs[0]!.skipped['bad time']).toEqual({ count: 1, firstLines: [4] });
    expect(positions.map((p) => iso(p.timeMs))).toEqual([
      '2025-02-13T16:00:00.000Z',
      '2025-02-03T16:00:00.000Z',
    ]);
    expect(inputs[0]!.notes).toContain(
      'dates read as day/month/year: 13.02.2025 (line 2) can be read no other way (give --date-order dmy to state it)',
    );
  });

  it('refuses a file whose dates could be either order, offering --date-order', async () => {
    const csv =
      'time,hex,lat,lon\n2/3/2025 16:00,ae01c7,26.5,-110.5\n2/4/2025 16:00,ae01c7,26,-110\n';
    const { inputs } = await readAll([textSource('amb.csv', csv)]);
    expect(inputs[0]).toMatchObject({ rows: 0, used: 0 });
    expect(inputs[0]!.error).toEqual({
      message:
        'dates such as 2/3/2025 16:00 can be day/month/year or month/day/year, and no date in the file tells which: give --date-order dmy or --date-order mdy',
      line: 2,
    });
    const file = tempFile('amb.csv', csv);
    const refused = await runCli(['inspect', file, '--format', 'json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `sortie: ${file}:2: dates such as 2/3/2025 16:00 can be day/month/year or month/day/year, and no date in the file tells which: give --date-order dmy or --date-order mdy\n`,
    );
    const given = await runCli(['inspect', file, '--date-order', 'dmy', '--format', 'json']);
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout).inputs[0]).toMatchObject({
      used: 2,
      from: '2025-03-02T16:00:00Z',
      to: '2025-04-02T16:00:00Z',
    });
  });

  it('--date-order wins over the file; dates in the other order are bad times, with the forms named', async () => {
    const csv =
      'time,hex,lat,lon\n15/2/2025 16:00,ae01c7,26.5,-110.5\n2/15/2025 16:00,ae01c7,26,-110\n';
    const { inputs, positions } = await readAll(
      [textSource('a.csv', csv)],
      opts({ dateOrder: 'mdy' }),
    );
    expect(positions.map((p) => iso(p.timeMs))).toEqual(['2025-02-15T16:00:00.000Z']);
    expect(inputs[0]!.skipped['bad time']).toEqual({ count: 1, firstLines: [2] });
    const r = await runCli(['inspect', tempFile('a.csv', csv), '--date-order', 'mdy']);
    expect(r.stdout).toContain(
      '  skipped 1 × bad time (first at line 2; generic-csv reads epoch s or ms, 2025-02-03 16:00[:00[.000]] (T or space, - or /, optional Z or ±hh:mm), 3/2/2025 16:00 [PM] (day and month in the order of --date-order or of the file), or a time of day beside a date column, between 1990 and 2100)\n',
    );
  });

  it('rows held back while the order is unknown stop at a limit: the rows before are kept', async () => {
    const lines = ['time,hex,lat,lon', '1738600000,ae01c7,26.5,-110.5'];
    for (let k = 0; k < 100_001; k += 1) lines.push('2/3/2025 16:00,ae01c7,26.5,-110.5');
    lines.push('2/13/2025 16:00,ae01c7,26.5,-110.5');
    const { inputs } = await readAll([textSource('long.csv', lines.join('\n'), 1 << 16)]);
    expect(inputs[0]).toMatchObject({ rows: 1, used: 1 });
    expect(inputs[0]!.error).toEqual({
      message:
        'dates such as 2/3/2025 16:00 can be day/month/year or month/day/year, and no date in the rows read ahead tells which: give --date-order dmy or --date-order mdy',
      line: 3,
    });
  });

  it('a reader that cannot look ahead (dBase) refuses at the first date that could be either', () => {
    const header = ['time', 'hex', 'lat', 'lon'];
    const ctx = {
      fileIndex: 0,
      fileName: 't.dbf',
      options: DEFAULT_READER_OPTIONS,
      companions: newCompanions(),
      note: () => undefined,
    };
    const parse = mappedRowParser(mapColumns(header, {}, {}), header.length, ctx);
    expect(parse(['13/2/2025 16:00', 'ae01c7', '26', '-110'], 1)).toMatchObject({
      timeMs: Date.parse('2025-02-13T16:00:00Z'),
    });
    const again = mappedRowParser(mapColumns(header, {}, {}), header.length, ctx);
    expect(() => again(['2/3/2025 16:00', 'ae01c7', '26', '-110'], 7)).toThrow(InputError);
    expect(() => again(['2/3/2025 16:00', 'ae01c7', '26', '-110'], 7)).toThrow(
      /no date in the rows before it tells which: give --date-order dmy or --date-order mdy/,
    );
  });

  it('--date-order is checked and echoed among the report parameters', async () => {
    const bad = await runCli(['inspect', 'fixtures/formats/generic-csv', '--date-order', 'ymd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'ymd' is invalid\. Allowed choices are dmy, mdy/);
    const file = tempFile('us.csv', 'time,hex,lat,lon\n2/3/2025 4:00 PM,ae01c7,26.5,-110.5\n');
    const r = await runCli(['report', file, '--date-order', 'mdy', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parameters.dateOrder).toBe('mdy');
  });
});

describe('bad time', () => {
  it('names the forms the format reads (OpenSky: epoch seconds)', async () => {
    const csv =
      'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact\n' +
      '2025-02-03 16:00,ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,1738600000,1738600000\n';
    const r = await runCli(['inspect', tempFile('s.csv', csv)]);
    expect(r.stdout).toContain(
      '  skipped 1 × bad time (first at line 2; opensky-states reads epoch seconds in the time column, between 1990 and 2100)\n',
    );
  });

  it('every format has its time forms written down', () => {
    expect(Object.keys(TIME_FORMS).sort()).toEqual(FORMATS.map((f) => f.name).sort());
  });
});
