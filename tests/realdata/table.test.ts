import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/cli/files.js';
import { ingest, type Ingested, type InputSummary } from '../../src/ingest/collect.js';
import { REALDATA } from './realdata.js';

/**
 * Every file under ../shared/realdata goes through the same walk, detection and reading as
 * `sortie inspect ../shared/realdata`, and each one's outcome is asserted: its format, rows, used
 * and skipped by reason, or the error that names what it is, or the walk's reason to leave it out.
 *
 * Figures marked SOURCES come from realdata/SOURCES.md. The others were computed independently of
 * sortie, as each comment says: `lines` = non-empty lines of the file counted here by the test
 * (minus the header for CSV), python3 = a one-line count over the file with Python's csv/json
 * modules, awk = a field count with awk -F, on the SBS lines.
 */

interface Expected {
  readonly format: string | null;
  readonly rows: number;
  readonly used: number;
  readonly skipped?: Readonly<Record<string, number>>;
  readonly usedAs?: Readonly<Record<string, number>>;
  readonly error?: RegExp;
}

const nonEmptyLines = (file: string): number => {
  const bytes = readFileSync(file);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString();
  return text.split('\n').filter((l) => l.trim() !== '').length;
};

/** Data rows of a CSV with one header line and no quoted line breaks (true of these samples). */
const csvRows = (file: string): number => nonEmptyLines(file) - 1;

const registryError =
  /^a registry \(plane-alert-db CSV\), not flight data: give it with --aircraft-db$/;

/** Expected outcome per file, by path under realdata/. */
function expectation(rel: string, file: string): Expected | 'walk skips it' {
  // Documentation (README, LICENSE, SOURCES) and the shapefile's .cpg are not data: the walk skips them.
  if (/(^|\/)(LICENSE(\.md)?|README\.md|SOURCES\.md)$/.test(rel) || rel.endsWith('.cpg')) {
    return 'walk skips it';
  }
  if (rel.startsWith('fr24-csv-sj182/')) {
    // lines; all used (SOURCES: 3,389 rows in the 16 files, asserted as a total below).
    const n = csvRows(file);
    return { format: 'fr24-flight', rows: n, used: n, usedAs: { position: n } };
  }
  if (rel.startsWith('docker-planefence/')) {
    // lines (headerless); SOURCES: 38 rows in 32 files, asserted below. Sightings, not positions.
    const n = nonEmptyLines(file);
    return { format: 'plane-alert-log', rows: n, used: n, usedAs: { sighting: n } };
  }
  if (/^trrrj-fr24-bulk\/\d{8}_flights\.csv$/.test(rel)) {
    // SOURCES: 20 + 25 flights listed; every one carries an address (aircraft_id).
    const n = csvRows(file);
    return { format: 'fr24-bulk-flights', rows: n, used: n, usedAs: { 'flight record': n } };
  }
  if (rel.startsWith('trrrj-fr24-bulk/')) {
    // lines; SOURCES: 9,750 position rows in 45 files, asserted below.
    const n = csvRows(file);
    return { format: 'fr24-bulk-positions', rows: n, used: n, usedAs: { position: n } };
  }
  if (rel.startsWith('plane-alert-db/')) {
    return rel.endsWith('categories.csv')
      ? { format: null, rows: 0, used: 0, error: /^the plane-alert-db list of categories/ }
      : { format: null, rows: 0, used: 0, error: registryError };
  }
  const table: Record<string, Expected> = {
    // SOURCES: 8,423 aircraft. python3: 354 hex with '~'; of the others 396 have neither lat/lon nor
    // lastPosition and 137 a position older than 3,600 s (seen_pos or lastPosition.seen_pos).
    'aircraft-json/adsbx-global-20220430-ANG13T/aircraft.json': {
      format: 'aircraft-json',
      rows: 8_423,
      used: 7_536,
      skipped: {
        'non-ICAO address (~)': 354,
        'no position': 396,
        'stale position (seen_pos > 1 h)': 137,
      },
    },
    // SOURCES: 96 aircraft; python3: 45 without lat/lon.
    'aircraft-json/dump1090fa-uk-2019-billglover/aircraft.json': {
      format: 'aircraft-json',
      rows: 96,
      used: 51,
      skipped: { 'no position': 45 },
    },
    // SOURCES: 36 aircraft; python3: 20 without lat/lon.
    'aircraft-json/readsb-dc-2020-r00b/aircraft.json': {
      format: 'aircraft-json',
      rows: 36,
      used: 16,
      skipped: { 'no position': 20 },
    },
    // SOURCES: 364 lines. awk on field 3 (type): 4 MSG,1 with a callsign, 78 MSG,3 all with a
    // position, 65 MSG,4 with speed or track, 38/31/71/77 MSG,5/6/7/8.
    'sbs1-claws-adsb/lots-o-messages-log.txt': {
      format: 'sbs',
      rows: 364,
      used: 147,
      usedAs: { 'callsign (MSG,1)': 4, position: 78, 'velocity (MSG,4)': 65 },
      skipped: {
        'no position (MSG,5)': 38,
        'no position (MSG,6)': 31,
        'no position (MSG,7)': 71,
        'no position (MSG,8)': 77,
      },
    },
    // SOURCES: 54 lines. awk: 1 MSG,1, 12 MSG,3 (one without position), 9 MSG,4, 1/3/11/17 MSG,5–8.
    'sbs1-claws-adsb/messages-log.txt': {
      format: 'sbs',
      rows: 54,
      used: 21,
      usedAs: { 'callsign (MSG,1)': 1, position: 11, 'velocity (MSG,4)': 9 },
      skipped: {
        'no position (MSG,3)': 1,
        'no position (MSG,5)': 1,
        'no position (MSG,6)': 3,
        'no position (MSG,7)': 11,
        'no position (MSG,8)': 17,
      },
    },
    // SOURCES: 4,184 lines, every date/time field empty and no recorder prefix.
    'sbs1-wiseman-node-sbs1/msgs.txt': {
      format: 'sbs',
      rows: 4_184,
      used: 0,
      skipped: { 'no timestamp': 4_184 },
    },
    // SOURCES: 3,473 points; python3 (struct): 3,473 records, none deleted, lat/lon in every one.
    'stiles-flight-tracer/ae4af6_20250208_shp/flight_traces_points.dbf': {
      format: 'dbf',
      rows: 3_473,
      used: 3_473,
    },
    'stiles-flight-tracer/ae4af6_20250208_shp/flight_traces_points.shp': {
      format: 'shapefile-geometry',
      rows: 0,
      used: 0,
    },
    'stiles-flight-tracer/ae4af6_20250208_shp/flight_traces_points.shx': {
      format: 'shapefile-geometry',
      rows: 0,
      used: 0,
    },
    // SOURCES: 6,105 processed rows; python3: every row has point_time, lat, lon and icao.
    'stiles-flight-tracer/flight_traces_a11f59_20250208.csv': {
      format: 'adsbx-trace-csv',
      rows: 6_105,
      used: 6_105,
    },
    // SOURCES: 7,889 / 1,330 / 6,444 rows; python3: ping_time, lat, lon and icao in every row.
    'stiles-flight-tracer/raw_A11F59_2025-02-07_2025-02-08.csv': {
      format: 'adsbx-trace-csv',
      rows: 7_889,
      used: 7_889,
    },
    'stiles-flight-tracer/raw_abfd8c_2025-02-09_2025-02-09.csv': {
      format: 'adsbx-trace-csv',
      rows: 1_330,
      used: 1_330,
    },
    'stiles-flight-tracer/raw_c060ba_2025-02-07_2025-02-08.csv': {
      format: 'adsbx-trace-csv',
      rows: 6_444,
      used: 6_444,
    },
    'tar1090-db/db-A.js.gz': {
      format: null,
      rows: 0,
      used: 0,
      error: /^a registry \(tar1090-db JSON shard\), not flight data/,
    },
    // SOURCES: 15,861 rows; python3: 322 rows with time - lastcontact > 15.
    'trrrj-opensky/belevingsvlucht.csv': {
      format: 'opensky-states',
      rows: 15_861,
      // 912 rows write the position of the row before them again (the same lastposupdate).
      used: 14_627,
      skipped: {
        'stale (time - lastcontact > 15 s)': 322,
        'repeated position (frozen state)': 912,
      },
    },
    // SOURCES: 2,500 points.
    'xoolive-traffic/readsb/trace_full_ac671b.json': {
      format: 'readsb-trace',
      rows: 2_500,
      used: 2_500,
    },
  };
  const e = table[rel];
  if (e === undefined) throw new Error(`no expectation for ${rel}: add one`);
  return e;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? allFiles(p) : [p];
    })
    .sort();
}

const skippedCounts = (i: InputSummary): Record<string, number> =>
  Object.fromEntries(Object.entries(i.skipped).map(([reason, s]) => [reason, s.count]));

describe('every real sample file, through the directory walk, detection and reading', () => {
  const files = allFiles(REALDATA);
  let ingested: Ingested;
  let byRel: Map<string, InputSummary>;

  beforeAll(async () => {
    const { sources, unreadable } = await expandInputs([REALDATA], () => Readable.from([]));
    expect(unreadable).toEqual([]);
    ingested = await ingest(sources, { keep: () => false });
    byRel = new Map(ingested.inputs.map((i) => [path.relative(REALDATA, i.file), i]));
  });

  it('reaches every file: each is either read or left out by the walk for a stated reason', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const rel = path.relative(REALDATA, file);
      const e = expectation(rel, file);
      expect(byRel.has(rel), rel).toBe(e !== 'walk skips it');
    }
    expect(byRel.size).toBe(
      files.filter((f) => expectation(path.relative(REALDATA, f), f) !== 'walk skips it').length,
    );
  });

  it.each(
    allFiles(REALDATA)
      .map((f) => path.relative(REALDATA, f))
      .filter((rel) => expectation(rel, path.join(REALDATA, rel)) !== 'walk skips it'),
  )('%s', (rel) => {
    const e = expectation(rel, path.join(REALDATA, rel)) as Expected;
    const i = byRel.get(rel);
    expect(i).toBeDefined();
    if (i === undefined) return;
    expect(i.format).toBe(e.format);
    expect(i.rows).toBe(e.rows);
    expect(i.used).toBe(e.used);
    expect(skippedCounts(i)).toEqual(e.skipped ?? {});
    const skipped = Object.values(i.skipped).reduce((a, s) => a + s.count, 0);
    expect(i.used + skipped).toBe(i.rows);
    expect(Object.values(i.usedAs).reduce((a, n) => a + n, 0)).toBe(i.used);
    if (e.usedAs !== undefined) expect(i.usedAs).toEqual(e.usedAs);
    if (e.error === undefined) {
      expect(i.error).toBeNull();
      expect(i.detectedBy).toMatch(/^(header|content): /);
    } else {
      expect(i.error?.message).toMatch(e.error);
    }
  });

  it('totals match SOURCES.md', () => {
    const sum = (prefix: string, field: 'rows' | 'used'): number =>
      ingested.inputs
        .filter((i) => path.relative(REALDATA, i.file).startsWith(prefix))
        .reduce((a, i) => a + i[field], 0);
    expect(sum('fr24-csv-sj182/', 'rows')).toBe(3_389);
    expect(sum('docker-planefence/plane-alert-2020/', 'rows')).toBe(38);
    expect(sum('trrrj-fr24-bulk/2017020', 'rows')).toBe(9_750 + 20 + 25);
    const bulkPositions = ingested.inputs.filter((i) => i.format === 'fr24-bulk-positions');
    expect(bulkPositions).toHaveLength(45);
    expect(bulkPositions.reduce((a, i) => a + i.used, 0)).toBe(9_750);
  });

  it('the FR24 bulk positions take their address from the flights file (aircraft_id in decimal)', () => {
    const i = byRel.get('trrrj-fr24-bulk/20170205_positions/20170205_207610917.csv');
    // flights file: 207610917,4838141,OKYBA,A333,CSA190 — 4838141 = 0x49d2fd, a Czech address.
    expect([...(i?.hexes ?? [])]).toEqual(['49d2fd']);
    expect(
      ingested.hexless.filter(
        (p) => ingested.inputs[p.source.fileIndex]?.format === 'fr24-bulk-positions',
      ),
    ).toEqual([]);
  });
});
