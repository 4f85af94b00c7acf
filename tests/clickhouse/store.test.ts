/**
 * The database path against real servers: `db init`, `db load` (accounting, idempotence), and
 * report, missions, export and inspect giving exactly the file path's output on the same data, on
 * the single server and through the 2-shard cluster's Distributed tables.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/cli/context.js';
import { keepSql, registryAddresses, surveillanceTypes } from '../../src/db/db-reader.js';
import { trackSpanOf } from '../../src/tracks/track-span.js';
import { DAY_MS, tarFolder, writeDayFolder } from '../archive-kit.js';
import { sparseReceiverLog } from '../exposure-kit.js';
import { fly, stadium } from '../sim.js';
import { cli, freshDatabase, shardUrls, singleUrl, sql } from './kit.js';

const DEMO = 'fixtures/demo';

/** The commands compared, each as its arguments; the inputs (or --db URL) are added to them. */
const COMMANDS: readonly (readonly string[])[] = [
  [
    'report',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--period',
    'day',
    '--baseline',
    '2024-02-01/2025-01-27',
    '--format',
    'json',
  ],
  ['report', '--period', 'week', '--baseline-rate', '1/month', '--format', 'json'],
  [
    'report',
    '--from',
    '2025-02-01',
    '--to',
    '2025-02-10',
    '--period',
    'day',
    '--baseline',
    '2024-02-01/2025-02-01',
    '--operators',
    'all',
    '--exposure',
    'calendar',
    '--format',
    'json',
  ],
  // A week of a year's data: only the fixes within 48 h of it are asked of the database.
  ['report', '--from', '2025-02-03', '--to', '2025-02-10', '--format', 'json'],
  ['report', '--from', '2024-06-01', '--to', '2024-07-01', '--sensitivity'],
  ['missions', '--format', 'json'],
  ['missions', '--from', '2025-02-03', '--to', '2025-02-05'],
  ['export', '--format', 'geojson'],
  ['inspect', '--format', 'json'],
  ['inspect'],
  ['report', '--region', 'gulf-of-california', '--region', 'baja-pacific', '--format', 'json'],
  ['compare', '2025-01-27/2025-02-10', '2024-01-27/2024-02-10', '--format', 'json'],
];

const CASES = COMMANDS.map((args) => [args.join(' '), args] as const);

const fileOutputs = new Map<string, { stdout: string; stderr: string; code: number }>();

async function fromFiles(args: readonly string[]) {
  const key = args.join(' ');
  let out = fileOutputs.get(key);
  if (out === undefined) {
    const [command, ...rest] = args;
    // Inputs last: compare's windows come first.
    const r = await cli([command as string, ...rest, DEMO], 0);
    out = { stdout: r.stdout, stderr: r.stderr, code: r.code };
    fileOutputs.set(key, out);
  }
  return out;
}

describe('one server', () => {
  let db: string;
  beforeAll(async () => {
    db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'store')}`;
    await cli(['db', 'init', '--db', db]);
  });

  it('db load prints the same row accounting as inspect, and a second load skips every input', async () => {
    const first = await cli(['db', 'load', '--db', db, DEMO]);
    const inspect = await fromFiles(['inspect']);
    // Every input's line of inspect's table (file, format, rows, used, skipped, span, aircraft).
    const table = inspect.stdout.split('\n\n')[0] as string;
    const rows = table.split('\n').slice(1);
    expect(rows.length).toBe(19);
    for (const row of rows) {
      const file = row.split(/\s+/)[0] as string;
      const loaded = first.stdout.split('\n').find((l) => l.startsWith(`${file} `));
      expect(loaded, file).toBeDefined();
      expect(loaded?.replace(/\s+[\d,]+ positions$/, '').trimEnd()).toBe(row.trimEnd());
    }
    expect(first.stdout).toMatch(
      /^19 inputs loaded into .*: 28,872 positions in [\d.]+ s \([\d,]+ rows\/s\)$/m,
    );
    const again = await cli(['db', 'load', '--db', db, DEMO]);
    expect(again.stdout.match(/already loaded, skipped/g)).toHaveLength(20);
    expect(again.stdout).toMatch(/^0 inputs loaded .*; 19 already loaded, skipped$/m);
    const count = await sql(
      singleUrl(),
      `SELECT count() FROM ${db.split('/').pop()}.sortie_positions`,
    );
    expect(Number(count)).toBe(28_872);
  });

  it.each(CASES)("sortie %s --db gives exactly the file path's output", async (_, args) => {
    const files = await fromFiles(args);
    const [command, ...rest] = args;
    const fromDb = await cli([command as string, '--db', db, ...rest], files.code);
    expect(fromDb.stdout).toBe(files.stdout);
    expect(fromDb.stderr).toBe(files.stderr);
  });

  it("a week's report asks the server only for the fixes within 48 h of the week", async () => {
    const name = db.split('/').pop() as string;
    const loads = (
      await sql(
        singleUrl(),
        `SELECT toString(load_id) FROM ${name}.sortie_inputs WHERE kind = 'input'`,
      )
    )
      .split('\n')
      .filter((l) => l !== '');
    const registry = (await loadRegistry([], [])).registry;
    const q = {
      database: name,
      loadIds: loads,
      addresses: registryAddresses(registry),
      types: surveillanceTypes(),
    };
    const rows = async (statement: string): Promise<number> =>
      (await sql(singleUrl(), statement)).split('\n').filter((l) => l !== '').length;
    const whole = await rows(keepSql(q));
    const span = trackSpanOf([{ startMs: Date.UTC(2025, 1, 3), endMs: Date.UTC(2025, 1, 10) }]);
    const week = await rows(keepSql({ ...q, span }));
    expect(whole).toBeGreaterThan(10_000);
    expect(week).toBeGreaterThan(0);
    // The demo's year holds 17 missions in those two weeks, fewer than a tenth of its fixes.
    expect(week / whole).toBeLessThan(0.5);
  });

  it('--db with inputs as well is a usage error, before anything is read', async () => {
    const r = await cli(['report', DEMO, '--db', db], 2);
    expect(r.stderr).toMatch(
      /^sortie: --db reads the inputs loaded into the database: give no inputs/,
    );
  });
});

describe('the 2-shard cluster sortie_2shards', () => {
  let name: string;
  let dbs: [string, string];
  beforeAll(async () => {
    const urls = shardUrls();
    name = await freshDatabase(urls, 'cluster');
    dbs = [`${urls[0]}/${name}`, `${urls[1]}/${name}`];
    await cli(['db', 'init', '--db', dbs.join(','), '--cluster', 'sortie_2shards']);
    await cli(['db', 'load', '--db', dbs[0], DEMO]);
  });

  it('spreads the positions over both shards, all of them reachable through either server', async () => {
    const [a, b] = shardUrls();
    const onA = Number(await sql(a, `SELECT count() FROM ${name}.sortie_positions_local`));
    const onB = Number(await sql(b, `SELECT count() FROM ${name}.sortie_positions_local`));
    expect(onA).toBeGreaterThan(0);
    expect(onB).toBeGreaterThan(0);
    expect(onA + onB).toBe(28_872);
    expect(Number(await sql(b, `SELECT count() FROM ${name}.sortie_positions`))).toBe(28_872);
  });

  it('db init with fewer servers than the cluster has says so', async () => {
    const r = await cli(['db', 'init', '--db', dbs[0], '--cluster', 'sortie_2shards'], 1);
    expect(r.stderr).toMatch(
      /^sortie: cluster "sortie_2shards" has 2 servers and --db names 1: give every server's HTTP URL/,
    );
  });

  it.each(CASES)(
    "sortie %s --db (through either shard) gives exactly the file path's output",
    async (_, args) => {
      const files = await fromFiles(args);
      const [command, ...rest] = args;
      for (const db of dbs) {
        const fromDb = await cli([command as string, '--db', db, ...rest], files.code);
        expect(fromDb.stdout).toBe(files.stdout);
        expect(fromDb.stderr).toBe(files.stderr);
      }
    },
  );
});

describe('coverage of an input read whole, from the hours the server sums up', () => {
  // A receiver log whose 72-hour outage cuts an airliner off in mid-air: the rule needs each hour's
  // first and last report, which the server picks (boxEdgesSql) instead of sending every report.
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-ch-sparse-'));
  const file = path.join(dir, 'receiver.sbs');
  writeFileSync(file, sparseReceiverLog().text);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = [
    'report',
    '--from',
    '2025-01-27',
    '--to',
    '2025-02-10',
    '--baseline',
    '2024-02-01/2025-01-27',
    '--format',
    'json',
  ];

  it.each([
    ['one server', () => [singleUrl()]],
    ['the 2-shard cluster', () => shardUrls()],
  ])('%s: the same outages, exposure and report as from the file', async (_, urls) => {
    const servers = urls();
    const name = await freshDatabase(servers, 'sparse');
    const dbs = servers.map((u) => `${u}/${name}`);
    await cli(
      servers.length > 1
        ? ['db', 'init', '--db', dbs.join(','), '--cluster', 'sortie_2shards']
        : ['db', 'init', '--db', dbs[0] as string],
    );
    await cli(['db', 'load', '--db', dbs[0] as string, file]);
    const files = await cli([...report, file], 0);
    const json = JSON.parse(files.stdout) as {
      exposure: { outages: { evidence: string; unobservedHours: number }[] };
    };
    // The mid-air cut-off is what finds the outage: the first and last reports decide it. (Beside
    // it, the hours before the log's first report and after its last, which nothing spans.)
    const found = json.exposure.outages.filter((o) => o.unobservedHours > 0);
    expect(found.map((o) => o.evidence)).toEqual(['no-input', 'silence-cut', 'no-input']);
    const fromDb = await cli(
      [report[0] as string, '--db', dbs[0] as string, ...report.slice(1)],
      0,
    );
    expect(fromDb.stdout).toBe(files.stdout);
    expect(fromDb.stderr).toBe(files.stderr);
  });
});

/** A readsb day folder: an RC-135 sortie from 10:00 UTC, and civil traffic. */
function rc135Day(folder: string, dayMs: number, seed?: number): void {
  const fixes = fly(stadium(120, 15), {
    kt: 330,
    minutes: 240,
    startMs: dayMs + 10 * 3_600_000,
    hex: 'ae01c7',
    everyS: 30,
  });
  writeDayFolder(folder, dayMs, [{ hex: 'ae01c7', type: 'R135', dbFlags: 1, fixes }], {
    civil: 10,
    ...(seed === undefined ? {} : { seed }),
  });
}

describe('day archives outside the span of fixes', () => {
  // Five adsb.lol days, an RC-135 sortie and other traffic on each: a report on the last day leaves
  // the first two unread, from the folder and from the database alike.
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-ch-days-'));
  const tars = path.join(dir, 'history');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    mkdirSync(tars);
    for (let k = 0; k < 5; k += 1) {
      const dayMs = Date.UTC(2025, 1, 3) + k * DAY_MS;
      const day = new Date(dayMs).toISOString().slice(0, 10);
      const folder = path.join(dir, day);
      rc135Day(folder, dayMs, k);
      tarFolder(folder, path.join(tars, `v${day.replaceAll('-', '.')}-planes-readsb-prod-0.tar`));
    }
  });

  /**
   * What must agree: everything but the inputs' accounting, which for an archive differs by
   * design: `db load` reads every member of a day, a report from the folder only the traces its
   * selection names. The evidence agrees: a fix is cited by its member and the point in it, not by
   * its record number among the members read.
   */
  const agreed = (stdout: string): unknown =>
    JSON.parse(stdout, (key, value: unknown) =>
      key === 'inputs' || key === 'methods' ? undefined : value,
    );

  it.each([
    ['the last day: two days unread', ['--from', '2025-02-07', '--to', '2025-02-08']],
    ['a month later: every day unread', ['--from', '2025-03-01', '--to', '2025-03-08']],
  ])("%s: the database's report and missions are the folder's", async (_, window) => {
    const name = await freshDatabase([singleUrl()], 'days');
    const db = `${singleUrl()}/${name}`;
    await cli(['db', 'init', '--db', db]);
    await cli(['db', 'load', '--db', db, tars]);
    for (const args of [
      ['report', ...window, '--format', 'json'],
      ['missions', ...window, '--format', 'json'],
    ]) {
      const [command, ...rest] = args as [string, ...string[]];
      const files = await cli([command, ...rest, tars]);
      const doc = JSON.parse(files.stdout) as { inputsNotRead: unknown[]; missions: unknown[] };
      expect(doc.inputsNotRead).toHaveLength(window[1] === '2025-02-07' ? 2 : 5);
      expect(doc.missions).toHaveLength(window[1] === '2025-02-07' ? 1 : 0);
      const fromDb = await cli([command, '--db', db, ...rest]);
      expect(agreed(fromDb.stdout)).toEqual(agreed(files.stdout));
      expect(fromDb.stderr).toBe(files.stderr);
    }
  });
});

describe('a copy of a day loaded before, left out now', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-ch-copies-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("db load says so when a day's folder loaded before is left out for its tar", async () => {
    const dayMs = Date.UTC(2025, 1, 3);
    const downloads = path.join(dir, 'downloads');
    const folder = path.join(downloads, 'v2025.02.03-planes-readsb-prod-0');
    rc135Day(folder, dayMs);
    const db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'copies')}`;
    await cli(['db', 'init', '--db', db]);
    const first = await cli(['db', 'load', '--db', db, downloads]);
    expect(first.stderr).not.toContain('both copies');
    // The release's tar downloaded into the same folder later: it is read, the folder left out.
    tarFolder(folder, `${folder}.tar`);
    const second = await cli(['db', 'load', '--db', db, downloads]);
    expect(second.stderr).toContain(
      `sortie: warning: ${folder}/ is left out (an extracted copy of 2025-02-03 (prod-0): v2025.02.03-planes-readsb-prod-0.tar is read; copies of one day are alternatives, not two feeds), but a load before this one put it into the database: it holds both copies of that day now`,
    );
    // Every later load says it again: the database still holds both.
    const third = await cli(['db', 'load', '--db', db, downloads]);
    expect(third.stdout).toMatch(/^0 inputs loaded/m);
    expect(third.stderr).toContain('it holds both copies of that day now');
  });

  it("db load says so when a pod's split copy loaded before is left out for a bigger one", async () => {
    const dayMs = Date.UTC(2025, 1, 3);
    const day = path.join(dir, 'split-day');
    rc135Day(day, dayMs);
    const downloads = path.join(dir, 'split-downloads');
    mkdirSync(downloads);
    const staging = path.join(downloads, 'v2025.02.03-planes-readsb-staging-0.tar');
    tarFolder(day, staging);
    const bytes = readFileSync(staging);
    const half = Math.ceil(bytes.length / 2);
    writeFileSync(`${staging}.aa`, bytes.subarray(0, half));
    writeFileSync(`${staging}.ab`, bytes.subarray(half));
    rmSync(staging);
    const db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'splitcopies')}`;
    await cli(['db', 'init', '--db', db]);
    await cli(['db', 'load', '--db', db, downloads]);
    // A prod copy with more in it (another civil trace) downloaded later.
    writeFileSync(path.join(day, 'extra.txt'), 'x'.repeat(100_000));
    tarFolder(day, path.join(downloads, 'v2025.02.03-planes-readsb-prod-0.tar'));
    const second = await cli(['db', 'load', '--db', db, downloads]);
    expect(second.stderr).toContain(
      `sortie: warning: ${staging}.aa…ab is left out (another pod's copy of 2025-02-03 (staging-0`,
    );
    expect(second.stderr).toContain('it holds both copies of that day now');
  });
});

describe('a copy of a day read now whose other copy a load before put in', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-ch-copies-after-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dayMs = Date.UTC(2025, 1, 3);
  const release = (pod: string): string => `v2025.02.03-planes-readsb-${pod}`;

  it("db load says so when a day's tar is loaded after its folder, and after another pod's", async () => {
    const folder = path.join(dir, 'extracted', release('prod-0'));
    rc135Day(folder, dayMs);
    const tars = path.join(dir, 'tars');
    mkdirSync(tars);
    const tar = path.join(tars, `${release('prod-0')}.tar`);
    tarFolder(folder, tar);
    const db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'copiesafter')}`;
    await cli(['db', 'init', '--db', db]);
    const first = await cli(['db', 'load', '--db', db, folder]);
    expect(first.stderr).not.toContain('both copies');
    const second = await cli(['db', 'load', '--db', db, tar]);
    expect(second.stderr).toContain(
      `sortie: warning: ${tar} is another copy of 2025-02-03 than ${folder}/, which a load before this one put into the database: it holds both copies of that day now (a report from it merges their fixes as duplicates)`,
    );
    // Another pod's tar, alone, later: both copies loaded before are named.
    const staging = path.join(dir, `${release('staging-0')}.tar`);
    tarFolder(folder, staging);
    const third = await cli(['db', 'load', '--db', db, staging]);
    const said = third.stderr.split('\n').filter((l) => l.includes('another copy of 2025-02-03'));
    expect(said).toEqual([
      expect.stringContaining(`than ${folder}/,`),
      expect.stringContaining(`than ${tar},`),
    ]);
  });

  it('says nothing of copies one load reads together; a tar downloaded again is its own earlier state, not another copy', async () => {
    const day = path.join(dir, 'day');
    rc135Day(day, dayMs);
    const downloads = path.join(dir, 'downloads');
    const folder = path.join(downloads, release('prod-0'));
    rc135Day(folder, dayMs);
    // A tar cut short is read beside its folder, by choice: both go in in one load.
    const tar = path.join(downloads, `${release('prod-0')}.tar`);
    tarFolder(day, tar);
    const bytes = readFileSync(tar);
    writeFileSync(tar, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'copiestogether')}`;
    await cli(['db', 'init', '--db', db]);
    const first = await cli(['db', 'load', '--db', db, downloads]);
    expect(first.stdout).toMatch(/^2 inputs loaded/m);
    expect(first.stderr).not.toContain('a load before this one');
    // The whole tar downloaded again over the cut one: another state of the same file.
    writeFileSync(tar, bytes);
    const second = await cli(['db', 'load', '--db', db, tar]);
    // Its copy is the folder loaded before; its own earlier state is said as such.
    const said = second.stderr.split('\n').filter((l) => l.startsWith('sortie: warning:'));
    expect(said).toEqual([
      `sortie: warning: ${tar} was loaded before in another state (another size or modification time: downloaded again, or grown since): the database holds the rows of both now (a report from it merges their fixes as duplicates)`,
      `sortie: warning: ${tar} is another copy of 2025-02-03 than ${folder}/, which a load before this one put into the database: it holds both copies of that day now (a report from it merges their fixes as duplicates)`,
    ]);
  });

  it('names a copy once, and a file loaded again after it changed', async () => {
    const base = path.join(dir, 'once');
    const folder = path.join(base, release('prod-0'));
    rc135Day(folder, dayMs);
    const db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'copiesonce')}`;
    await cli(['db', 'init', '--db', db]);
    await cli(['db', 'load', '--db', db, folder]);
    // Its tar beside it: read, the folder left out and named once, as loaded before.
    const tar = path.join(base, `${release('prod-0')}.tar`);
    tarFolder(folder, tar);
    const both = await cli(['db', 'load', '--db', db, base]);
    expect(both.stderr.match(/holds both copies of that day now/g)).toHaveLength(1);
    // The tar downloaded again over itself: its key is new, its rows go in again.
    const bytes = readFileSync(tar);
    rmSync(tar);
    writeFileSync(tar, bytes);
    utimesSync(tar, new Date(Date.UTC(2025, 1, 5)), new Date(Date.UTC(2025, 1, 5)));
    const again = await cli(['db', 'load', '--db', db, tar]);
    expect(again.stdout).toMatch(/^1 input loaded/m);
    expect(again.stderr).toContain(
      `sortie: warning: ${tar} was loaded before in another state (another size or modification time: downloaded again, or grown since): the database holds the rows of both now`,
    );
    expect(again.stderr).toContain(`${tar} is another copy of 2025-02-03 than ${folder}/,`);
  });
});

describe('a registry given to db load', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-ch-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads no rows, says so, and a report from the database warns as the files do', async () => {
    const day = path.join(dir, 'v2025.02.03-planes-readsb-prod-0');
    rc135Day(day, Date.UTC(2025, 1, 3));
    const registry = path.join(dir, 'aircraftDatabase.csv');
    writeFileSync(registry, readFileSync('fixtures/formats/registries/aircraftDatabase.csv'));
    const db = `${singleUrl()}/${await freshDatabase([singleUrl()], 'registryinput')}`;
    await cli(['db', 'init', '--db', db]);
    const load = await cli(['db', 'load', '--db', db, dir], 1);
    expect(load.stderr).toContain(
      `sortie: ${registry}:1: a registry (OpenSky aircraft database), not flight data: give it with --aircraft-db (no rows to load)\n`,
    );
    const window = ['--from', '2025-02-03', '--to', '2025-02-04', '--format', 'json'];
    const files = JSON.parse((await cli(['report', ...window, dir], 1)).stdout) as {
      warnings: string[];
    };
    const fromDb = JSON.parse((await cli(['report', '--db', db, ...window], 1)).stdout) as {
      warnings: string[];
    };
    const said = (w: readonly string[]): string[] => w.filter((x) => x.includes('registry'));
    expect(said(fromDb.warnings)).toEqual(said(files.warnings));
    expect(said(fromDb.warnings)).toEqual([
      `1 input is an aircraft registry, not flight data (${registry}): no rows were read from it, and the aircraft it lists were not used to identify surveillance aircraft; give a registry with --aircraft-db.`,
    ]);
  });
});

describe('fixes cited inside an archive of OpenSky hours', () => {
  const HEADER =
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';
  /** An hour of rows: an airliner and an RC-135 each minute; `bad` adds a row with a latitude of 95 at the end. */
  function hour(hourMs: number, bad: boolean): string {
    const h = hourMs / 1000;
    const rows = [HEADER];
    for (let s = 0; s < 3600; s += 60) {
      const t = h + s;
      rows.push(
        `${t},a1b2c3,27.5,${-111 + s / 3600},230,90,0,AMX401  ,false,false,false,1000,10000,10100,${t},${t},${h}`,
      );
      rows.push(
        `${t},ae01c7,26.5,${-110.8 + s / 7200},170,90,0,HOMER21 ,false,false,false,4401,9000,9100,${t},${t},${h}`,
      );
    }
    if (bad)
      rows.push(
        `${h + 3599},ae01c7,95,-110,170,90,0,HOMER21 ,false,false,false,4401,9000,9100,${h + 3599},${h + 3599},${h}`,
      );
    return rows.join('\n') + '\n';
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sortie-ch-opensky-tar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['clean hours', false],
    ['a bad row ending the first hour', true],
  ])('%s: the database cites the member and line the file does', async (label, bad) => {
    const src = path.join(dir, `src-${String(bad)}`);
    mkdirSync(src);
    for (const h of [14, 15, 17]) {
      const hourMs = Date.UTC(2025, 1, 3, h);
      const name = `states_2025-02-03-${String(h).padStart(2, '0')}.csv.gz`;
      writeFileSync(path.join(src, name), gzipSync(hour(hourMs, bad && h === 14)));
    }
    const tar = path.join(dir, `opensky-${String(bad)}.tar`);
    tarFolder(src, tar);
    const name = await freshDatabase([singleUrl()], `ostar${bad ? 'bad' : 'clean'}`);
    const db = `${singleUrl()}/${name}`;
    await cli(['db', 'init', '--db', db]);
    await cli(['db', 'load', '--db', db, tar]);
    const files = await cli(['missions', '--format', 'json', tar]);
    const fromDb = await cli(['missions', '--db', db, '--format', 'json']);
    const evidence = (stdout: string): unknown =>
      (JSON.parse(stdout) as { missions: { evidence: Record<string, unknown> }[] }).missions.map(
        (m) => ['firstFix', 'firstEntry', 'lastExit', 'lastFix'].map((k) => m.evidence[k]),
      );
    const cited = evidence(files.stdout) as { member: string | null; line: number }[][];
    expect(cited.flat().length, label).toBeGreaterThan(0);
    expect(
      cited.flat().every((f) => f.member !== null && /^\.\/states_/.test(f.member)),
      label,
    ).toBe(true);
    expect(evidence(fromDb.stdout), label).toEqual(cited);
  });
});
