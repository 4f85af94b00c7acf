import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputSource } from '../../src/ingest/collect.js';
import { readAll } from '../helpers.js';
import { REALDATA } from './realdata.js';

const fileSource = (file: string): InputSource => ({
  name: file,
  open: () => createReadStream(file),
});

describe('real sample files (counts from realdata/SOURCES.md)', () => {
  it('OpenSky belevingsvlucht.csv: 15,861 rows, stale rows skipped with their line numbers', async () => {
    const { inputs, positions } = await readAll([
      fileSource(`${REALDATA}trrrj-opensky/belevingsvlucht.csv`),
    ]);
    const i = inputs[0]!;
    expect(i.format).toBe('opensky-states');
    expect(i.detectedBy).toBe(
      'header: time, icao24, lat, lon, baroaltitude (with the hour partition column)',
    );
    expect(i.rows).toBe(15_861);
    const skipped = Object.values(i.skipped).reduce((a, s) => a + s.count, 0);
    expect(i.used + skipped).toBe(i.rows);
    expect(Object.keys(i.skipped)).toEqual(['stale (time - lastcontact > 15 s)']);
    expect(i.used).toBe(positions.length);
    expect(i.fromMs).toBe(Date.parse('2018-05-30T16:00:01Z'));
    expect(new Set(positions.map((p) => p.hex))).toEqual(new Set(['484506']));
    // The first data row: 52.4175, 6.0555, 1828.8 m = 6000 ft, callsign TRA051.
    const first = positions[0]!;
    expect(first.lat).toBeCloseTo(52.41746520996094, 10);
    expect(first.altitudeFt).toBe(6000);
    expect(first.callsign).toBe('TRA051');
    expect(first.source.line).toBe(2);
  });

  it('FlightRadar24 SJ182 CSVs: 16 files, 3,389 rows, every one used', async () => {
    const dir = `${REALDATA}fr24-csv-sj182/`;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    expect(files).toHaveLength(16);
    const { inputs, positions } = await readAll(files.map((f) => fileSource(dir + f)));
    expect(inputs.every((i) => i.format === 'fr24-flight')).toBe(true);
    expect(inputs.reduce((a, i) => a + i.rows, 0)).toBe(3_389);
    expect(inputs.reduce((a, i) => a + i.used, 0)).toBe(3_389);
    expect(positions.every((p) => p.hex === null)).toBe(true);
    const first = positions[0]!;
    expect(first.callsign).toMatch(/^SJ/);
    expect(first.lat).toBeLessThan(0);
    expect(first.lon).toBeGreaterThan(100);
  });

  it('readsb trace_full_ac671b.json: 2,500 points, plain or gzip, whatever the file name', async () => {
    const original = `${REALDATA}xoolive-traffic/readsb/trace_full_ac671b.json`;
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-'));
    const renamed = path.join(dir, 'export.dat');
    copyFileSync(original, renamed);
    const gz = path.join(dir, 'trace_full_ac671b.json');
    writeFileSync(gz, gzipSync(readFileSync(original)));
    const { inputs, positions } = await readAll([
      fileSource(original),
      fileSource(renamed),
      fileSource(gz),
    ]);
    for (const i of inputs) {
      expect(i.format).toBe('readsb-trace');
      expect(i.rows).toBe(2_500);
      expect(i.used).toBe(2_500);
    }
    const mine = positions.filter((p) => p.source.fileIndex === 0);
    expect(mine[0]!.hex).toBe('ac671b');
    expect(mine[0]!.typeCode).toBe('B739');
    expect(mine[0]!.registration).toBe('N899DN');
    expect(new Date(mine[0]!.timeMs).toISOString().slice(0, 19)).toBe('2025-02-04T21:13:42');
    expect(new Date(mine[mine.length - 1]!.timeMs).toISOString().slice(0, 19)).toBe(
      '2025-02-05T19:54:38',
    );
    expect(mine.filter((p) => p.callsign !== null).length).toBeGreaterThan(2_000);
  });
});
