import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedAddresses } from '../../src/aircraft/counted-addresses.js';
import { DEFAULT_SELECTION } from '../../src/aircraft/selection.js';
import { loadRegion, loadRegistry } from '../../src/cli/context.js';
import { runCli } from '../helpers.js';

/**
 * `sortie sql --engine clickhouse` run for real: a table with OpenSky's column names on the server
 * the integration harness started (SORTIE_TEST_CLICKHOUSE_URL), loaded with the demo's OpenSky
 * rows of the surge and rows each filter must drop; the printed queries must bring back exactly
 * the rows that pass, and sortie must find the same missions in them as in the files.
 */
const URL_VAR = 'SORTIE_TEST_CLICKHOUSE_URL';
const TABLE = `sortie_sql_test_${process.pid}`;
const FROM = '2025-01-27';
const TO = '2025-02-10';
const FROM_S = Date.parse(`${FROM}T00:00Z`) / 1000;
const TO_S = Date.parse(`${TO}T00:00Z`) / 1000;
const DEMO = [
  'fixtures/demo/opensky/states_2025-01.csv.gz',
  'fixtures/demo/opensky/states_2025-02.csv.gz',
];

function serverUrl(): string {
  const url = process.env[URL_VAR];
  if (url === undefined || url === '') {
    throw new Error(
      `${URL_VAR} is not set: run this suite with npm run test:clickhouse, which starts a ClickHouse server, or set ${URL_VAR} to a server's HTTP URL`,
    );
  }
  return url;
}

/** One statement over the HTTP interface; an error (status or a `Code: ` line) throws. */
async function clickhouse(sql: string, body?: string): Promise<string> {
  const url = new URL(serverUrl());
  if (body !== undefined) url.searchParams.set('query', sql);
  const res = await fetch(url, { method: 'POST', body: body ?? sql });
  const text = await res.text();
  if (!res.ok || /^Code: \d+/m.test(text)) throw new Error(`ClickHouse: ${text.slice(0, 500)}`);
  return text;
}

const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['time', 'Int64'],
  ['icao24', 'String'],
  ['lat', 'Nullable(Float64)'],
  ['lon', 'Nullable(Float64)'],
  ['velocity', 'Nullable(Float64)'],
  ['heading', 'Nullable(Float64)'],
  ['vertrate', 'Nullable(Float64)'],
  ['callsign', 'Nullable(String)'],
  ['onground', 'UInt8'],
  ['alert', 'UInt8'],
  ['spi', 'UInt8'],
  ['squawk', 'Nullable(String)'],
  ['baroaltitude', 'Nullable(Float64)'],
  ['geoaltitude', 'Nullable(Float64)'],
  ['lastposupdate', 'Nullable(Float64)'],
  ['lastcontact', 'Nullable(Float64)'],
  ['serials', 'Array(Int32)'],
  ['hour', 'Int64'],
];

type Row = Record<string, string | number | null | number[]>;

/** The demo's CSV rows (no quoted fields) as OpenSky's typed values, empty fields NULL. */
function demoRows(file: string): Row[] {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const header = (lines[0] as string).split(',');
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    const row: Row = { serials: [] };
    for (const [name, type] of COLUMNS) {
      const i = header.indexOf(name);
      const v = i < 0 ? '' : (f[i] as string);
      if (name === 'serials') continue;
      if (type === 'UInt8') row[name] = v === 'true' ? 1 : 0;
      else if (v === '') row[name] = null;
      else row[name] = /String/.test(type) ? v : Number(v);
    }
    return row;
  });
}

let dir = '';
let loaded: Row[] = [];
/** The rows added to the demo's, as an OpenSky CSV file: the files and the table hold the same. */
let addedFile = '';

function openskyCsv(rows: readonly Row[]): string {
  const names = COLUMNS.map(([n]) => n).filter((n) => n !== 'serials');
  const field = (v: Row[string] | undefined): string =>
    v === null || v === undefined ? '' : String(v);
  return (
    [names.join(','), ...rows.map((r) => names.map((n) => field(r[n])).join(','))].join('\n') + '\n'
  );
}
/** Rows that must not come back, by why. */
const dropped: { why: string; row: Row }[] = [];

beforeAll(async () => {
  serverUrl();
  dir = mkdtempSync(path.join(tmpdir(), 'sortie-sql-'));
  await clickhouse(`DROP TABLE IF EXISTS ${TABLE}`);
  await clickhouse(
    `CREATE TABLE ${TABLE} (${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')}) ENGINE = MergeTree PARTITION BY toYYYYMMDD(toDateTime(hour)) ORDER BY (icao24, time)`,
  );
  const demo = DEMO.flatMap(demoRows);
  // The cases use an aircraft the selection counts that the demo does not hold, so that the
  // demo's own sorties are the same with them or without.
  const { registry } = await loadRegistry([]);
  const inDemo = new Set(demo.map((r) => r.icao24));
  const hex = countedAddresses(registry, DEFAULT_SELECTION).find((h) => !inDemo.has(h)) as string;
  const t = FROM_S + 3 * 86_400 + 7200;
  const at = (time: number, change: Row = {}): Row => ({
    ...(demo[0] as Row),
    icao24: hex,
    time,
    hour: Math.floor(time / 3600) * 3600,
    lat: 27.5,
    lon: -111.2,
    lastposupdate: time - 0.5,
    lastcontact: time - 0.2,
    ...change,
  });
  dropped.push(
    { why: 'outside the box (north)', row: at(t + 10, { lat: 40.5 }) },
    { why: 'outside the box (west)', row: at(t + 20, { lon: -125 }) },
    { why: 'before the window', row: at(FROM_S - 1) },
    { why: 'at the window end', row: at(TO_S) },
    { why: 'stale (lastcontact 16 s before time)', row: at(t + 30, { lastcontact: t + 30 - 16 }) },
    { why: 'no position', row: at(t + 40, { lat: null, lon: null }) },
    { why: 'an address nothing selects', row: at(t + 50, { icao24: 'a00001' }) },
    {
      why: 'a military-block address outside the box',
      row: at(t + 60, { icao24: 'ae9999', lat: 45 }),
    },
  );
  // Kept: a military-block address no registry names, inside the box; a row in the partition of
  // the hour after its time (OpenSky's partitions are not always the hour of `time`); the first
  // second of the window, in the partition before it.
  const kept = [
    at(t + 70, { icao24: 'ae9999' }),
    at(t + 80, { hour: Math.floor((t + 80) / 3600) * 3600 + 3600 }),
    at(FROM_S, { hour: FROM_S - 3600 }),
    at(t),
  ];
  const added = [...kept, ...dropped.map((d) => d.row)];
  loaded = [...demo, ...added];
  addedFile = path.join(dir, 'added.csv');
  writeFileSync(addedFile, openskyCsv(added));
  await clickhouse(
    `INSERT INTO ${TABLE} FORMAT JSONEachRow`,
    loaded.map((r) => JSON.stringify(r)).join('\n'),
  );
});

afterAll(async () => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  if (process.env[URL_VAR]) await clickhouse(`DROP TABLE IF EXISTS ${TABLE}`);
});

/** The statements of a printed script: comments dropped, split at the semicolons ending them. */
function statements(script: string): string[] {
  return script
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Runs each printed query, saving each answer as a CSV file; returns the files and the rows. */
async function runPrinted(
  args: string[],
  into: string,
): Promise<{ files: string[]; keys: string[] }> {
  const printed = await runCli([
    'sql',
    '--engine',
    'clickhouse',
    '--from',
    FROM,
    '--to',
    TO,
    '--table',
    TABLE,
    ...args,
  ]);
  expect(printed.code, printed.stderr).toBe(0);
  const queries = statements(printed.stdout);
  expect(queries.length).toBe(14);
  const files: string[] = [];
  const keys: string[] = [];
  for (const [i, q] of queries.entries()) {
    const csv = await clickhouse(q);
    const file = path.join(into, `day-${String(i + 1).padStart(2, '0')}.csv`);
    writeFileSync(file, csv);
    files.push(file);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      '"time","icao24","lat","lon","velocity","heading","vertrate","callsign","onground","squawk","baroaltitude","geoaltitude","lastposupdate","lastcontact"',
    );
    for (const line of lines.slice(1)) {
      const [time, icao24, , , , , , , , , , , , lastcontact] = line.split(',');
      keys.push(`${time},${(icao24 as string).replaceAll('"', '')},${lastcontact}`);
    }
  }
  return { files, keys: keys.sort() };
}

describe('sortie sql --engine clickhouse on a real server', () => {
  it('brings back exactly the rows in the window, the widened box and the selection, fresh, with a position', async () => {
    const { registry } = await loadRegistry([]);
    const counted = new Set(countedAddresses(registry, DEFAULT_SELECTION));
    const [w, s, e, n] = (await loadRegion('gulf-of-california')).bbox;
    const expected = loaded
      .filter((r) => {
        const time = r.time as number;
        const hex = r.icao24 as string;
        const military = hex >= 'adf7c8' && hex <= 'afffff';
        return (
          time >= FROM_S &&
          time < TO_S &&
          (r.lastcontact === null || time - (r.lastcontact as number) <= 15) &&
          r.lat !== null &&
          (r.lat as number) >= s - 1 &&
          (r.lat as number) <= n + 1 &&
          (r.lon as number) >= w - 1 &&
          (r.lon as number) <= e + 1 &&
          (counted.has(hex) || military)
        );
      })
      .map((r) => `${r.time},${r.icao24},${r.lastcontact}`)
      .sort();
    const sub = mkdtempSync(path.join(dir, 'box-'));
    const { keys } = await runPrinted([], sub);
    expect(keys.length).toBeGreaterThan(1000);
    expect(keys).toEqual(expected);
    for (const d of dropped) {
      expect(keys, d.why).not.toContain(`${d.row.time},${d.row.icao24},${d.row.lastcontact}`);
    }
  });

  it('sortie finds the same missions in the returned rows as in the files (with --whole-tracks, the same sorties too)', async () => {
    const original = await runCli([
      'missions',
      ...DEMO,
      addedFile,
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'json',
    ]);
    expect(original.code, original.stderr).toBe(0);
    const whole = mkdtempSync(path.join(dir, 'whole-'));
    const { files } = await runPrinted(['--whole-tracks'], whole);
    const fromSql = await runCli([
      'missions',
      ...files,
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'json',
    ]);
    expect(fromSql.code, fromSql.stderr).toBe(0);
    // The same missions, fix for fix; only where each fix was read (file and line) differs.
    const missions = (text: string): unknown =>
      JSON.parse(text, (key, value: unknown) =>
        key === 'file' || key === 'line' || key === 'sources' ? undefined : value,
      ).missions;
    const found = missions(fromSql.stdout) as unknown[];
    expect(found.length).toBe(16);
    expect(found).toEqual(missions(original.stdout));
  });

  it('inside the box alone, the same missions are found, entering the region when they did', async () => {
    const original = await runCli([
      'missions',
      ...DEMO,
      addedFile,
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'json',
    ]);
    const boxed = mkdtempSync(path.join(dir, 'boxed-'));
    const { files } = await runPrinted([], boxed);
    const fromSql = await runCli([
      'missions',
      ...files,
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'json',
    ]);
    expect(fromSql.code, fromSql.stderr).toBe(0);
    const entries = (text: string): string[] =>
      (JSON.parse(text).missions as { aircraft: { hex: string }; firstEntry: string }[]).map(
        (m) => `${m.aircraft.hex} ${m.firstEntry}`,
      );
    expect(entries(fromSql.stdout)).toHaveLength(16);
    expect(entries(fromSql.stdout)).toEqual(entries(original.stdout));
  });
});
