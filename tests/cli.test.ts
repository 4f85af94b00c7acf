import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { INPUT_FORMAT_NAMES } from '../src/cli/common.js';
import { parseZone } from '../src/cli/options.js';
import { FORMATS } from '../src/ingest/formats/index.js';
import { runCli } from './helpers.js';

/** Small exports shipped in fixtures/ (the real samples are used in tests/realdata/cli.test.ts). */
const OPENSKY = 'fixtures/formats/opensky-states/states_2025-02-05-20.csv';
const TRACE = 'fixtures/formats/readsb-trace/traces/c7/trace_full_ae01c7.json';

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
    [['report', OPENSKY, '--glob', ''], /a pattern cannot be empty/],
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
    // Inputs come in sorted path order, which depends on where the temp folder is.
    const byName = new Map(
      j.inputs.map((i: { file: string; used: number }) => [path.basename(i.file), i]),
    );
    expect([...byName.keys()].sort()).toEqual(['states_2025-02-05-20.csv', 'weird.csv']);
    expect((byName.get('states_2025-02-05-20.csv') as { used: number }).used).toBe(5);
  });

  it('- reads standard input, gzip or not', async () => {
    // The fixture is gzip on disk, as readsb writes its traces: give it both plain and gzip.
    const trace = gunzipSync(readFileSync(TRACE));
    for (const bytes of [trace, gzipSync(trace)]) {
      const r = await runCli(['inspect', '-', '--format', 'json'], {}, bytes);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).inputs[0]).toMatchObject({
        file: '-',
        format: 'readsb-trace',
        rows: 7,
        used: 5,
      });
    }
  });

  it('unknown region names the built-ins (a usage error)', async () => {
    const r = await runCli(['missions', OPENSKY, '--region', 'atlantis']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown region "atlantis"; built-in regions: gulf-of-california/);
  });

  it('--out writes the output to a file', async () => {
    const r = await runCli(['missions', OPENSKY, '--format', 'json', '--out', 'x.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.files.get('x.json')!)).toMatchObject({
      schema: 'sortie.missions/1',
      warnings: [],
      missions: [],
      aircraftDays: 0,
      noMissions: { surveillanceAircraft: 0, aircraftSeen: 1 },
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

describe('the window as the report prints it', () => {
  it('gives the times of a window of hours, and dates alone for whole days', async () => {
    const hours = await runCli([
      'report',
      OPENSKY,
      '--from',
      '2025-02-05T06:00',
      '--to',
      '2025-02-05T21:30',
      '--quiet',
    ]);
    expect(hours.stdout).toMatch(
      /^Window: {3}2025-02-05 06:00 to 2025-02-05 21:30 \(UTC, 0\.6 days/m,
    );
    const days = await runCli(['report', OPENSKY, '--from', '2025-02-05', '--to', '2025-02-06']);
    expect(days.stdout).toMatch(/^Window: {3}2025-02-05 to 2025-02-06 \(UTC, 1\.0 days/m);
  });
});
