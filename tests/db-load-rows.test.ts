import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIntoRowBinary, type LoadPath } from '../src/db/load-rows.js';
import { readInput } from '../src/ingest/collect.js';
import { HexBitmap } from '../src/ingest/fast/hex-bitmap.js';
import { RowBinaryWriter } from '../src/db/rows.js';
import { openskyStates } from '../src/ingest/formats/opensky.js';
import { mulberry32 } from '../src/seeded-random.js';
import { accounting, general } from './fast-path-kit.js';
import { textSource } from './helpers.js';

/**
 * `sortie db load` reads OpenSky rows from their bytes into RowBinary (src/db/load-rows.ts): the
 * batch must hold exactly the bytes the general reader's positions give, row for row and in the
 * same order, and the accounting must be the general reader's, whatever odd form a field takes.
 */
const HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';

/** Forms each field takes, plain ones and every odd one the byte reader must leave or read right. */
const FORMS: Record<string, readonly string[]> = {
  time: ['1738540800', '1738540801', '1738540810.5', '', 'x', '1e9', '99', ' 1738540820'],
  icao24: ['44eb54', '44EB54', 'a0B1c2', '44eb5', '~44eb5', ' 44eb54', '44eb5g', ''],
  lat: [
    '-29.17054557800293',
    '52.417465209960938',
    '12.5',
    '0',
    '-0.0',
    '90',
    '90.0000001',
    '1.5e1',
    '+12.5',
    '.5',
    '5.',
    '0012.25',
    'NaN',
    'nan',
    '',
    ' 12.5',
    '0.00000000000000000000001',
    '12345678901234567890',
  ],
  lon: ['148.12420654296875', '-179.99999999999997', '0', '-0', '181', '6.05', 'None', ''],
  velocity: [
    '245.83618120437492',
    '12345678901234567890.5',
    '0',
    '',
    'NaN',
    'null',
    '1e308',
    '-3.5',
    'fast',
    '12 ',
  ],
  heading: ['151.983240544796', '359.99999999999994', '', '1E2', '-0'],
  callsign: ['JSF3935 ', 'abc123  ', '  ', '', 'klm\u0001x', 'ÄBC', 'a b', 'K L M '],
  onground: ['false', 'true', 'TRUE', 'False', '1', '0', '-1', '', 'yes', ' true'],
  squawk: ['0775', '775', '7777', '8000', '12345', '', ' 123', 'abc', '7'],
  baroaltitude: ['9685.02', '', 'NaN', '12192', '99999', '-700', '1e3', '45000.5'],
  geoaltitude: ['9753.6', '', '300', 'NaN'],
  lastposupdate: ['1738540798.032', '', '1738540900', '1738540799.9995', 'NaN', '1738540798'],
  lastcontact: ['1738540799.865', '', '1738540700', '1738540784.5', 'x'],
};
const COLUMNS = HEADER.split(',');

/** Rows mostly plain (each field its first form) with one or two odd fields, some repeated whole. */
function csv(rows: number, seed: number, lineEnd = '\n'): string {
  // Seeded, so a failure names rows that come back.
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const roll = random();
    if (roll < 0.03 && lines.length > 1) {
      // The same state written again: a frozen repeat when dated by lastposupdate.
      lines.push(lines[lines.length - 1] as string);
      continue;
    }
    if (roll < 0.04) {
      lines.push(roll < 0.035 ? HEADER : `${pick(FORMS.time!)},44eb54,1,2`);
      continue;
    }
    const fields = COLUMNS.map((c) => (FORMS[c] ?? ['0'])[0] as string);
    fields[COLUMNS.indexOf('icao24')] = pick(['44eb54', 'a0b1c2', '3c6dd1', 'ae1234']);
    const timeS = 1738540800 + Math.floor(i / 3);
    fields[COLUMNS.indexOf('time')] = String(timeS);
    fields[COLUMNS.indexOf('lastcontact')] = `${timeS - 1}.865`;
    fields[COLUMNS.indexOf('lastposupdate')] = pick([`${timeS - 2}.032`, `${timeS - 1}.5`, '']);
    for (let odd = 0; odd < 1 + Math.floor(random() * 2); odd++) {
      const c = pick(COLUMNS);
      const forms = FORMS[c] ?? ['0', '', 'x'];
      fields[COLUMNS.indexOf(c)] = pick(forms);
    }
    lines.push(fields.join(','));
  }
  return `${lines.join(lineEnd)}${lineEnd}`;
}

async function load(content: string | Buffer, path: LoadPath) {
  const writer = new RowBinaryWriter(1 << 16);
  const { read, rows } = await readIntoRowBinary(
    textSource('states.csv', content, 4096),
    { forced: undefined, reader: undefined, path },
    writer,
    7,
    () => undefined,
  );
  return { bytes: writer.take(), rows, read };
}

async function expectSameLoad(content: string | Buffer): Promise<number> {
  const positions = await load(content, 'positions');
  const bytes = await load(content, 'bytes');
  expect(bytes.read.summary.format).toBe(openskyStates.name);
  expect(bytes.rows).toBe(positions.rows);
  expect(bytes.bytes.equals(positions.bytes)).toBe(true);
  const wanted = accounting(await general(textSource('states.csv', content, 4096)));
  expect(accounting({ inputs: [bytes.read.summary] } as never)).toEqual(wanted);
  expect(accounting({ inputs: [positions.read.summary] } as never)).toEqual(wanted);
  return bytes.read.summary.fast?.directRows ?? 0;
}

describe('db load reads OpenSky rows from their bytes', () => {
  it('writes plain rows from their bytes: the same batch and accounting as from positions', async () => {
    const direct = await expectSameLoad(`${HEADER}\n${csvPlain(500)}`);
    expect(direct).toBe(500);
  });

  it.each([
    ['LF line ends', 1, '\n'],
    ['CRLF line ends', 2, '\r\n'],
    ['another mix', 3, '\n'],
    ['and another', 4, '\n'],
  ])(
    'gives the same bytes and accounting on rows with odd fields (%s)',
    async (_, seed, lineEnd) => {
      const direct = await expectSameLoad(csv(3000, seed, lineEnd));
      // Most rows are read from their bytes; the odd ones are left to the general reader.
      expect(direct).toBeGreaterThan(1000);
    },
  );

  it('skips a frozen repeat read from bytes as the general reader does', async () => {
    const row =
      '1738540800,44eb54,12.5,-110.25,100,90,0,ABC ,false,false,false,0775,3000,3100,1738540798.5,1738540799';
    const later = row.replace(/^1738540800/, '1738540801').replace(/,1738540799$/, ',1738540800');
    const content = `${HEADER}\n${row}\n${later}\n`;
    await expectSameLoad(content);
    const { read, rows } = await load(content, 'bytes');
    expect(rows).toBe(1);
    expect(read.summary.skipped['repeated position (frozen state)']?.count).toBe(1);
  });

  it('hands over only rows of watched aircraft, and counts the others as before', async () => {
    const content = csv(3000, 5);
    const watch = HexBitmap.of(['44eb54']);
    const handed: number[] = [];
    const read = await readInput(textSource('states.csv', content, 4096), 0, {
      keep: () => false,
      fast: { watch, candidates: watch, direct: (row) => void handed.push(row.addr) },
    });
    expect(handed.length).toBeGreaterThan(100);
    expect(new Set(handed)).toEqual(new Set([0x44eb54]));
    const wanted = accounting(await general(textSource('states.csv', content, 4096)));
    expect(accounting({ inputs: [read.summary] } as never)).toEqual(wanted);
  });

  it('gives the same on the demo OpenSky files', async () => {
    for (const month of ['2024-05', '2024-09', '2024-11', '2024-12']) {
      const content = readFileSync(`fixtures/demo/opensky/states_${month}.csv`);
      expect(await expectSameLoad(content)).toBeGreaterThan(0);
    }
  });
});

/** Plain rows only, as the benchmark's synthetic dump writes them. */
function csvPlain(rows: number): string {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const hex = (0x400000 + (i % 37)).toString(16);
    out.push(
      `${1738540800 + i},${hex},${(i * 0.0137 - 3).toFixed(14)},${(((i * 0.731) % 360) - 180).toFixed(13)},${i / 3},${(i * 7) % 360},0,CS${i % 5}   ,false,false,false,${(i % 4096).toString(8)},${i * 10},${i * 10 + 5},${1738540799 + i}.${i % 1000},${1738540800 + i}`,
    );
  }
  return `${out.join('\n')}\n`;
}
