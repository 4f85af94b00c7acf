import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDelimiter } from '../src/cli/options.js';
import { detectDelimiter, withDecimalPoints } from '../src/ingest/delimiter.js';
import type { ReaderOptions } from '../src/ingest/formats/format.js';
import { readAll, runCli, textSource } from './helpers.js';

const opts = (over: Partial<ReaderOptions>): ReaderOptions => ({
  sourceTz: 'UTC',
  fieldMap: {},
  units: {},
  ...over,
});

const OPENSKY_COLUMNS = [
  'time',
  'icao24',
  'lat',
  'lon',
  'velocity',
  'heading',
  'vertrate',
  'callsign',
  'onground',
  'alert',
  'spi',
  'squawk',
  'baroaltitude',
  'geoaltitude',
  'lastposupdate',
  'lastcontact',
];

/** OpenSky state vectors as a spreadsheet in a decimal-comma locale saves them. */
function openskySemicolons(rows: number): string {
  const lines = [OPENSKY_COLUMNS.join(';')];
  for (let k = 0; k < rows; k += 1) {
    const t = 1738600000 + k * 10;
    lines.push(
      `${t};ae01c7;26,${500 + k};-110,25;200,5;90;0;JAKE21;false;false;false;1234;9144;9200;${t};${t}`,
    );
  }
  return lines.join('\n') + '\n';
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-delim-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('field separators', () => {
  it.each([
    ['time,lat,lon', ','],
    ['time;lat;lon', ';'],
    ['time\tlat\tlon', '\t'],
    ['time|lat|lon', '|'],
    ['"a;b",c,d', ','],
    ['"a,b,c";d;e', ';'],
    ['one column', ','],
  ])('the first line %j is separated by %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });

  it('reads a semicolon-separated export with decimal commas, and says so', async () => {
    const csv =
      'timestamp;icao24;latitude;longitude;altitude_m;callsign\n' +
      '2025-02-03T16:00:00Z;ae01c7;26,5;-110,25;9144,0;"JAKE;21"\n' +
      '2025-02-03T16:01:00Z;ae01c7;26,6;-110,3;9144;JAKE21\n';
    const { inputs, positions } = await readAll([textSource('semi.csv', csv)]);
    expect(inputs[0]).toMatchObject({ format: 'generic-csv', rows: 2, used: 2, error: null });
    expect(inputs[0]!.notes).toEqual([
      'fields separated by semicolons (found in line 1)',
      'decimal commas read as decimal points (26,5 as 26.5)',
    ]);
    expect(positions.map((p) => [p.lat, p.lon, p.altitudeFt, p.callsign])).toEqual([
      [26.5, -110.25, 30_000, 'JAKE;21'],
      [26.6, -110.3, 30_000, 'JAKE21'],
    ]);
  });

  it('reads tab- and pipe-separated text', async () => {
    const { inputs, positions } = await readAll([
      textSource('a.tsv', 'time\thex\tlat\tlon\n1738600000\tae01c7\t26.5\t-110.5\n'),
      textSource('b.txt', 'time|hex|lat|lon\n1738600060|ae01c7|26.6|-110.4\n'),
    ]);
    expect(inputs.map((i) => [i.format, i.used, i.notes[0]])).toEqual([
      ['generic-csv', 1, 'fields separated by tabs (found in line 1)'],
      ['generic-csv', 1, 'fields separated by pipes (found in line 1)'],
    ]);
    expect(positions.map((p) => [p.lat, p.lon])).toEqual([
      [26.5, -110.5],
      [26.6, -110.4],
    ]);
  });

  it('a decimal comma is never read in comma-separated text', () => {
    expect(withDecimalPoints(['26,5', 'x'])).toEqual(['26.5', 'x']);
    expect(withDecimalPoints(['26.5', '1,2,3', 'a,5'])).toBeNull();
  });

  it('reads a named format (OpenSky) written with semicolons, on the fast path too', async () => {
    const file = tempFile('states.csv', openskySemicolons(50));
    const r = await runCli(['inspect', file, '--format', 'json', '--threads', '2']);
    expect(r.code).toBe(0);
    const i = JSON.parse(r.stdout).inputs[0];
    expect(i).toMatchObject({ format: 'opensky-states', rows: 50, used: 50, error: null });
    expect(i.notes).toContain('decimal commas read as decimal points (26,5 as 26.5)');
  });

  it('--map names columns of semicolon-separated text', async () => {
    const file = tempFile('obs.csv', 'obs;x;y;id\n1738600000;-110,25;26,5;ae01c7\n');
    const r = await runCli([
      'inspect',
      file,
      '--map',
      'time=obs,lat=y,lon=x,hex=id',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs[0]).toMatchObject({
      format: 'generic-csv',
      detectedBy: 'columns: time=obs, lat=y, lon=x, hex=id',
      used: 1,
    });
  });

  it('--delimiter overrides what the first line suggests', async () => {
    // Three semicolons against four commas (in a column name): found alone, the commas would win.
    const csv = 'time;lat;lon;a,b,c,d,e\n1738600000;26.5;-110.5;1,2,3,4,5\n';
    const found = await readAll([textSource('a.csv', csv)]);
    expect(found.inputs[0]!.error?.message).toMatch(/^not a known format/);
    const given = await readAll([textSource('a.csv', csv)], opts({ delimiter: ';' }));
    expect(given.inputs[0]).toMatchObject({ used: 1, error: null });
    expect(given.inputs[0]!.notes[0]).toBe('fields separated by semicolons (--delimiter)');
  });

  it('a wrong --delimiter is named as the problem, not the columns', async () => {
    const { inputs } = await readAll(
      [textSource('a.csv', 'time;lat;lon\n1738600000;26.5;-110.5\n')],
      opts({ delimiter: ',' }),
    );
    expect(inputs[0]!.error).toEqual({
      message:
        'not a known format: one column when split at commas (--delimiter), but the first line has semicolons: leave --delimiter out or change it (it reads: time;lat;lon)',
      line: 1,
    });
  });

  it('a file with no separator at all is not sent to --map', async () => {
    const { inputs } = await readAll([textSource('a.csv', 'hello world\n1\n')]);
    expect(inputs[0]!.error?.message).toBe(
      'not a known format: the first line has no comma, semicolon, tab or pipe between fields (it reads: hello world)',
    );
  });

  it.each([
    [',', ','],
    [';', ';'],
    ['tab', '\t'],
    ['\\t', '\t'],
    ['TAB', '\t'],
    ['|', '|'],
  ])('--delimiter %j is %j', (text, delimiter) => {
    expect(parseDelimiter(text)).toBe(delimiter);
  });

  it('--delimiter of another character is a usage error', async () => {
    const r = await runCli(['inspect', 'fixtures/formats/generic-csv', '--delimiter', ':']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/":" is not a delimiter sortie reads \(one of , ; tab \|\)/);
  });

  it('--delimiter tab through the CLI, echoed among the report parameters', async () => {
    const file = tempFile('a.tsv', 'time\thex\tlat\tlon\n1738600000\tae01c7\t26.5\t-110.5\n');
    const r = await runCli(['report', file, '--delimiter', 'tab', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parameters.delimiter).toBe('\t');
  });
});
