import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { REALDATA } from './realdata.js';

const OPENSKY = `${REALDATA}trrrj-opensky/belevingsvlucht.csv`;

describe('sortie CLI on real samples (in-process)', () => {
  it('inspect --format json accounts for every row of the real OpenSky sample', async () => {
    const r = await runCli(['inspect', OPENSKY, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('sortie.inspect/1');
    const i = j.inputs[0];
    expect(i).toMatchObject({
      format: 'opensky-states',
      rows: 15861,
      aircraft: 1,
      // The earliest position (lastposupdate 15:59:58.970, in a row of 16:00:01), to the second below.
      from: '2018-05-30T15:59:58Z',
    });
    expect(
      i.used + Object.values(i.skipped as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(i.rows);
    expect(i.skippedFirstLines['stale (time - lastcontact > 15 s)']).toHaveLength(5);
    expect(i.skipped['repeated position (frozen state)']).toBe(912);
  });

  it('report on data with no surveillance aircraft says zero, with every period listed', async () => {
    const r = await runCli([
      'report',
      OPENSKY,
      '--period',
      'day',
      '--baseline-rate',
      '1/month',
      '--coverage',
      'off',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('sortie.report/1');
    expect(j.window).toEqual({ from: '2018-05-30T00:00:00Z', to: '2018-05-31T00:00:00Z' });
    expect(j.summary).toMatchObject({ missions: 0, pValue: 1, ci95: [0, 3.69] });
    expect(j.baseline).toMatchObject({ source: 'stated', from: null, missions: null });
    expect(j.baseline.ratePerPeriod).toBeCloseTo(12 / 365.25, 4);
    expect(j.parameters).toMatchObject({
      gap: '2h',
      minDwell: '10m',
      region: 'gulf-of-california',
      exposure: 'calendar',
    });
  });

  it('report on data far from the region warns that a zero there says nothing', async () => {
    // The sample is a flight over the Netherlands: nothing in or near the Gulf of California.
    const r = await runCli(['report', OPENSKY, '--period', 'day', '--baseline-rate', '1/month']);
    expect(r.code).toBe(0);
    const warning =
      'No input has any report near the region (within 1° of its bounding box): the data may not cover it at all, so a count of zero says nothing.';
    expect(r.stdout).toContain(`Warning: ${warning}`);
    expect(r.stderr).toContain(`sortie: warning: ${warning}`);
    const j = JSON.parse(
      (
        await runCli([
          'report',
          OPENSKY,
          '--period',
          'day',
          '--baseline-rate',
          '1/month',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(j.warnings).toEqual([warning]);
    expect(j.exposure).toMatchObject({ marginDeg: 1, judged: false, periodsWithoutCoverage: 0 });
  });

  it('a bad file among good ones: the others are read, the bad one named with its line, exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sortie-cli-'));
    writeFileSync(path.join(dir, 'weird.csv'), 'foo,bar\n1,2\n');
    writeFileSync(path.join(dir, 'LICENSE'), 'MIT License\n');
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    const r = await runCli(['inspect', dir, OPENSKY, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `sortie: ${path.join(dir, 'weird.csv')}:1: not a known format; columns found: foo, bar; no column for time, lat, lon (name them with --map FIELD=COLUMN)\n`,
    );
    const j = JSON.parse(r.stdout);
    // Inputs come in sorted path order, which depends on where the temp folder and ../shared are.
    const byName = new Map(
      j.inputs.map((i: { file: string; used: number }) => [path.basename(i.file), i]),
    );
    expect([...byName.keys()].sort()).toEqual(['belevingsvlucht.csv', 'weird.csv']);
    expect((byName.get('belevingsvlucht.csv') as { used: number }).used).toBe(14_627);
  });

  it('- reads standard input, gzip or not', async () => {
    const trace = readFileSync(`${REALDATA}xoolive-traffic/readsb/trace_full_ac671b.json`);
    for (const bytes of [trace, gzipSync(trace)]) {
      const r = await runCli(['inspect', '-', '--format', 'json'], {}, bytes);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).inputs[0]).toMatchObject({
        file: '-',
        format: 'readsb-trace',
        rows: 2500,
        used: 2500,
      });
    }
  });
});
