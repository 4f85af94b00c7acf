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
    expect(Object.keys(i.skipped).sort()).toEqual([
      'repeated position (frozen state)',
      'stale (time - lastcontact > 15 s)',
    ]);
    expect(i.skipped['stale (time - lastcontact > 15 s)']!.count).toBe(322);
    expect(i.used).toBe(positions.length);
    // Positions are dated by lastposupdate: the earliest row is of 16:00:01, its position of 15:59:58.970.
    expect(i.fromMs).toBe(Date.parse('2018-05-30T15:59:58.970Z'));
    expect(new Set(positions.map((p) => p.hex))).toEqual(new Set(['484506']));
    // The first data row: 52.4175, 6.0555, 1828.8 m = 6000 ft, callsign TRA051.
    const first = positions[0]!;
    expect(first.lat).toBeCloseTo(52.41746520996094, 10);
    expect(first.altitudeFt).toBe(6000);
    expect(first.callsign).toBe('TRA051');
    expect(first.source.line).toBe(2);
  });

  it('OpenSky belevingsvlucht.csv: 912 rows write the position before them again, one fix each', async () => {
    const file = `${REALDATA}trrrj-opensky/belevingsvlucht.csv`;
    const { inputs, positions } = await readAll([fileSource(file)]);
    // The file read independently: rows (line numbers from 2) as time, lastposupdate, lastcontact.
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l, k) => {
        const f = l.split(',');
        return { line: k + 2, time: Number(f[0]), pos: f[14]!, contact: Number(f[15]) };
      });
    const fresh = rows.filter((r) => r.time - r.contact <= 15);
    const repeats = fresh.filter((r, k) => k > 0 && fresh[k - 1]!.pos === r.pos);
    expect(repeats).toHaveLength(912);
    expect(inputs[0]!.skipped['repeated position (frozen state)']).toEqual({
      count: 912,
      firstLines: repeats.slice(0, 5).map((r) => r.line),
    });
    // The rows OpenSky wrote 5 to 15 s after its last contact (stale only after 15 s) carry a
    // position from before: all 20 are repeats, none is a fix of its own.
    const late = fresh.filter((r) => r.time - r.contact >= 5);
    expect(late).toHaveLength(20);
    const used = new Set(positions.map((p) => p.source.line));
    expect(late.filter((r) => used.has(r.line))).toEqual([]);
    // Each fix is dated by its lastposupdate, and no two follow at the same time.
    const byLine = new Map(rows.map((r) => [r.line, r]));
    for (const p of positions) {
      expect(p.timeMs).toBe(Math.round(Number(byLine.get(p.source.line)!.pos) * 1000));
    }
    expect(positions.filter((p, k) => k > 0 && positions[k - 1]!.timeMs === p.timeMs)).toEqual([]);
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
