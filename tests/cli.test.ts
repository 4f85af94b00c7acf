import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { INPUT_FORMAT_NAMES } from '../src/cli/common.js';
import { parseZone } from '../src/cli/options.js';
import { FORMATS } from '../src/ingest/formats/index.js';
import { REALDATA, runCli } from './helpers.js';

const OPENSKY = `${REALDATA}trrrj-opensky/belevingsvlucht.csv`;

describe('sortie CLI (in-process)', () => {
  it('regions lists the built-in regions', async () => {
    const r = await runCli(['regions']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gulf-of-california \(default\)/m);
    expect(r.stdout).toMatch(/^gulf-of-california-extended/m);
    const j = JSON.parse((await runCli(['regions', '--format', 'json'])).stdout);
    expect(j.schema).toBe('sortie.regions/1');
    expect(j.regions[0].bbox).toHaveLength(4);
  });

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
      // The earliest position (lastposupdate 15:59:58.970, in a row of 16:00:01), to the second.
      from: '2018-05-30T15:59:59Z',
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
      coverage: 'off',
    });
  });

  it('report on data far from the region says "no coverage", not zero, when coverage is on', async () => {
    // The sample is a flight over the Netherlands: nothing in or near the Gulf of California.
    const r = await runCli(['report', OPENSKY, '--period', 'day', '--baseline-rate', '1/month']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2018-05-30\s+no coverage/m);
    expect(r.stdout).toContain('no coverage, so no count (not zero missions)');
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
    expect(j.periods[0]).toMatchObject({ missions: null, pValue: null, ci95: null, coverage: 0 });
    expect(j.coverage).toMatchObject({ marginDeg: 1, coveredHours: 0, periodsWithoutCoverage: 1 });
  });

  it.each([
    [['report', OPENSKY, '--period', 'fortnight'], /fortnight/],
    [['report', OPENSKY, '--gap', 'soon'], /not a duration/],
    [['report', OPENSKY, '--tz', 'Mars/Olympus'], /IANA/],
    [['report', OPENSKY, '--from', '2025-13-45'], /--from/],
    [['report', OPENSKY, '--baseline-rate', 'lots'], /--baseline-rate/],
    [['report', OPENSKY, '--baseline', '2025-01-01'], /FROM\/TO/],
    [
      ['report', OPENSKY, '--baseline', '2024-01-01/2025-01-01', '--baseline-rate', '1/month'],
      /not both/,
    ],
    [['report', OPENSKY, '--format', 'xml'], /xml/],
    [['nonsense'], /unknown command/],
    [['report'], /missing required argument/],
  ])('usage error %j exits 2 with a message', async (argv, message) => {
    const r = await runCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing input exits 1 with one line naming it', async () => {
    const r = await runCli(['report', 'no/such/file.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no/such/file.csv: no such file or directory');
    expect(
      r.stderr
        .trim()
        .split('\n')
        .every((l) => l.startsWith('sortie: ')),
    ).toBe(true);
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

  it('unknown region names the built-ins', async () => {
    const r = await runCli(['missions', OPENSKY, '--region', 'atlantis']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown region "atlantis"; built-in regions: gulf-of-california/);
  });

  it('--out writes the output to a file', async () => {
    const r = await runCli(['missions', OPENSKY, '--format', 'json', '--out', 'x.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.files.get('x.json')!)).toEqual({
      schema: 'sortie.missions/1',
      missions: [],
      aircraftDays: 0,
    });
  });

  it('--help and --version exit 0', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const h = await runCli(['report', '--help']);
    expect(h.stdout).toContain('--baseline-rate');
  });

  it('--input-format offers every format, in the order of FORMATS', () => {
    expect(INPUT_FORMAT_NAMES).toEqual(FORMATS.map((f) => f.name));
  });

  it('--tz accepts exactly the zones luxon does', () => {
    const zones = ['America/Hermosillo', 'Etc/GMT+7', 'US/Pacific', 'EST', 'Europe/berlin', 'utc'];
    for (const zone of [...zones, 'Mars/Olympus', 'not a zone', '+07:00', '']) {
      const accepted = (() => {
        try {
          parseZone(zone);
          return true;
        } catch {
          return false;
        }
      })();
      expect(accepted, zone).toBe(IANAZone.isValidZone(zone) || zone.toUpperCase() === 'UTC');
    }
  });
});
