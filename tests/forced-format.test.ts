import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/collect.js';
import { formatByName } from '../src/ingest/formats/index.js';
import { runCli, textSource } from './helpers.js';

const OPENSKY_HEADER =
  'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact';
const row = (t: number, lastContact = t): string =>
  `${t},ae01c7,26,-110,200,90,0,X,false,false,false,,9144,9200,${lastContact},${lastContact}`;
const OPENSKY = `${OPENSKY_HEADER}\n${row(1738600000)}\n${row(1738600010)}\n`;

async function readForced(format: string, name: string, text: string) {
  const forced = formatByName(format);
  const { inputs } = await ingest([textSource(name, text)], { keep: () => true, forced });
  return inputs[0]!;
}

describe('a format forced with --input-format', () => {
  it('that reads no usable row from a file with rows is an error naming what the file looks like', async () => {
    const i = await readForced('sbs', 'states.csv', OPENSKY);
    expect(i).toMatchObject({ format: 'sbs', rows: 3, used: 0 });
    expect(i.skipped['not an SBS line']?.count).toBe(3);
    expect(i.error).toEqual({
      message:
        '--input-format sbs read none of its 3 rows (3 × not an SBS line); it looks like opensky-states (header: time, icao24, lat, lon, baroaltitude): leave --input-format out',
      line: null,
    });
  });

  it('that is the right format but finds every row unusable still says so, without a hint', async () => {
    const stale = `${OPENSKY_HEADER}\n${row(1738600000, 1738599000)}\n`;
    const i = await readForced('opensky-states', 'states.csv', stale);
    expect(i.error?.message).toBe(
      '--input-format opensky-states read none of its 1 rows (1 × stale (time - lastcontact > 15 s))',
    );
  });

  it('that reads some rows, or a file without rows, is no error', async () => {
    expect((await readForced('opensky-states', 'states.csv', OPENSKY)).error).toBeNull();
    expect((await readForced('sbs', 'empty.txt', '')).error).toBeNull();
    expect((await readForced('sbs', 'blank.txt', '\n\n')).error).toBeNull();
  });

  it('that cannot map the header says what the file looks like', async () => {
    const sbs =
      'MSG,3,1,1,AE01C7,1,2025/02/03,16:00:00.000,2025/02/03,16:00:00.000,,25000,,,26.5,-110.5,,,0,0,0,0\n';
    const i = await readForced('fr24-flight', 'log.txt', sbs);
    expect(i.error?.message).toMatch(
      /^cannot read as fr24-flight: missing column\(s\) .*; it looks like sbs \(content: SBS-1 message line \(MSG,\.\.\.\)\): leave --input-format out$/,
    );
  });

  it('through the CLI: one line on standard error, exit 1, the other inputs read', async () => {
    const opensky = path.join(mkdtempSync(path.join(tmpdir(), 'sortie-forced-')), 'states.csv');
    writeFileSync(opensky, OPENSKY);
    const sbs = 'fixtures/formats/sbs/original-dump1090.txt';
    const r = await runCli(['inspect', opensky, sbs, '--input-format', 'sbs', '--format', 'json']);
    expect(r.code).toBe(1);
    // Inputs come in path order. Original dump1090 writes no dates: none of its lines has a time.
    expect(r.stderr).toBe(
      `sortie: ${opensky}: --input-format sbs read none of its 3 rows (3 × not an SBS line); it looks like opensky-states (header: time, icao24, lat, lon, baroaltitude): leave --input-format out\n` +
        `sortie: ${sbs}: --input-format sbs read none of its 2 rows (2 × no timestamp)\n`,
    );
    const inputs = JSON.parse(r.stdout).inputs;
    expect(inputs.map((i: { rows: number }) => i.rows)).toEqual([3, 2]);
  });
});
