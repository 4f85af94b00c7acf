import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../src/cli/files.js';
import { ingest, type Ingested, type InputSummary } from '../src/ingest/collect.js';

const DIR = 'fixtures/formats';

interface Expected {
  readonly format: string | null;
  readonly detectedBy?: string;
  readonly rows: number;
  readonly usedAs?: Readonly<Record<string, number>>;
  readonly skipped?: Readonly<Record<string, number>>;
  readonly error?: RegExp;
}

/** What each fixture must read as (see fixtures/formats/README.md for the quirks in each). */
const EXPECTED: Readonly<Record<string, Expected>> = {
  'adsbx-trace-csv/flight_traces_ae01c7_20250206.csv': {
    format: 'adsbx-trace-csv',
    detectedBy: 'header: point_time, lat, lon, altitude, icao, flight_leg (processed legs)',
    rows: 3,
    usedAs: { position: 3 },
  },
  'adsbx-trace-csv/raw_AE01C7_2025-02-06_2025-02-06.csv': {
    format: 'adsbx-trace-csv',
    detectedBy: 'header: time, lat, lon, altitude, ping_time, icao (raw trace rows)',
    rows: 4,
    usedAs: { position: 4 },
  },
  'aircraft-json/snapshots/2025-02-03T1610Z.json': {
    format: 'aircraft-json',
    detectedBy: 'content: readsb aircraft.json (now, aircraft[])',
    rows: 6,
    usedAs: { position: 3 },
    skipped: {
      'no position': 1,
      'non-ICAO address (~)': 1,
      'stale position (seen_pos > 1 h)': 1,
    },
  },
  'aircraft-json/snapshots/2025-02-03T1620Z.json': {
    format: 'aircraft-json',
    detectedBy: 'content: API v2 snapshot (now in ms, ac[])',
    rows: 6,
    usedAs: { position: 3 },
    skipped: {
      'no position': 1,
      'non-ICAO address (~)': 1,
      'stale position (seen_pos > 1 h)': 1,
    },
  },
  'aircraft-json/snapshots/2025-02-03T1630Z.json': {
    format: 'aircraft-json',
    detectedBy: 'content: dump1090-fa aircraft.json (now, aircraft[], altitude/speed)',
    rows: 2,
    usedAs: { position: 1 },
    skipped: { 'no position': 1 },
  },
  'dbf/flight_points.dbf': {
    format: 'dbf',
    detectedBy: 'content: dBase table (4 records of 92 bytes)',
    rows: 4,
    usedAs: { position: 3 },
    skipped: { 'deleted record': 1 },
  },
  'fr24-bulk/20250204_flights.csv': {
    format: 'fr24-bulk-flights',
    rows: 3,
    usedAs: { 'flight record': 1, 'flight record (no address)': 1 },
    skipped: { 'bad flight id': 1 },
  },
  'fr24-bulk/20250204_positions/20250204_301000001.csv': {
    format: 'fr24-bulk-positions',
    rows: 7,
    usedAs: { position: 6 },
    skipped: { 'bad position': 1 },
  },
  'fr24-bulk/20250204_positions/20250204_301000002.csv': {
    format: 'fr24-bulk-positions',
    rows: 3,
    usedAs: { position: 3 },
  },
  'fr24-flight/JAKE21_3a2b1c0d.csv': {
    format: 'fr24-flight',
    detectedBy: 'header: Timestamp, Callsign, Position (7 columns)',
    rows: 40,
    usedAs: { position: 40 },
  },
  'fr24-flight/SJY999_26000000.csv': {
    format: 'fr24-flight',
    detectedBy: 'header: Timestamp, Callsign, Position (6 columns)',
    rows: 6,
    usedAs: { position: 5 },
    skipped: { 'bad time': 1 },
  },
  'generic-csv/date-and-time.csv': {
    format: 'generic-csv',
    detectedBy: 'columns: time=time, date=date, lat=lat, lon=lon, alt=alt (ft, assumed), hex=hex',
    rows: 2,
    usedAs: { position: 2 },
  },
  'generic-csv/needs-map.csv': {
    format: null,
    rows: 0,
    error:
      /^not a known format; columns found: obs_time, x, y, z, id; no column for time, lat, lon/,
  },
  'generic-csv/units-in-names.csv': {
    format: 'generic-csv',
    detectedBy:
      'columns: time=timestamp_utc, lat=latitude, lon=longitude, alt=altitude_m (m, from name), callsign=callsign, hex=icao, speed=speed_kmh (kmh, from name), track=heading',
    rows: 5,
    usedAs: { position: 3 },
    skipped: { 'no time': 1, 'non-ICAO address (~)': 1 },
  },
  'generic-csv/wkt-points-epoch-ms.csv': {
    format: 'generic-csv',
    detectedBy: 'columns: time=time, callsign=callsign, hex=icao24, geometry=geometry',
    rows: 3,
    usedAs: { position: 2 },
    skipped: { 'bad position': 1 },
  },
  'opensky-states/states_2025-02-05-20.csv': {
    format: 'opensky-states',
    detectedBy: 'header: time, icao24, lat, lon, baroaltitude (with the hour partition column)',
    rows: 8,
    usedAs: { position: 5 },
    skipped: {
      'no position': 1,
      'stale (time - lastcontact > 15 s)': 1,
      'wrong number of fields': 1,
    },
  },
  'opensky-states/states_no_hour.csv.gz': {
    format: 'opensky-states',
    detectedBy: 'header: time, icao24, lat, lon, baroaltitude',
    rows: 1,
    usedAs: { position: 1 },
  },
  'plane-alert-log/all-plane-alerts.txt': {
    format: 'plane-alert-log',
    rows: 1,
    usedAs: { sighting: 1 },
  },
  'plane-alert-log/plane-alert-2025-02-03.csv': {
    format: 'plane-alert-log',
    detectedBy: 'content: headerless ICAO,reg,owner,type,YYYY/MM/DD,HH:MM:SS,lat,lon,... line',
    rows: 3,
    usedAs: { sighting: 2 },
    skipped: { 'bad time': 1 },
  },
  'readsb-trace/traces/3c/trace_recent_~1a2b3c.json': {
    format: 'readsb-trace',
    rows: 1,
    skipped: { 'non-ICAO address (~)': 1 },
  },
  'readsb-trace/traces/c7/trace_full_ae01c7.json': {
    format: 'readsb-trace',
    detectedBy: 'content: readsb trace object (icao, timestamp, trace[])',
    rows: 7,
    usedAs: { position: 5 },
    skipped: { 'bad position': 1, 'malformed trace point': 1 },
  },
  'registries/aircraft-database-complete-2025-01.csv': {
    format: null,
    rows: 0,
    error:
      /^a registry \(OpenSky aircraft database\), not flight data: give it with --aircraft-db$/,
  },
  'registries/aircraftDatabase.csv': {
    format: null,
    rows: 0,
    error:
      /^a registry \(OpenSky aircraft database\), not flight data: give it with --aircraft-db$/,
  },
  'sbs/dump1090fa-local-time.txt': {
    format: 'sbs',
    detectedBy: 'content: SBS-1 message line (MSG,...)',
    rows: 8,
    usedAs: { 'callsign (MSG,1)': 4, position: 4 },
  },
  'sbs/original-dump1090.txt': {
    format: 'sbs',
    rows: 2,
    skipped: { 'no timestamp': 2 },
  },
  'sbs/readsb-utc.txt': {
    format: 'sbs',
    rows: 209,
    usedAs: { 'callsign (MSG,1)': 9, position: 82, 'velocity (MSG,4)': 81 },
    skipped: {
      'no position (MSG,3)': 1,
      'no position (MSG,5)': 21,
      'no position (MSG,6)': 11,
      'no position (MSG,7)': 1,
      'no position (MSG,8)': 1,
      'non-ICAO address (~)': 1,
      'not an aircraft message (STA)': 1,
    },
  },
  'sbs/recorder-prefixed.txt': {
    format: 'sbs',
    detectedBy: 'content: recorder timestamp + SBS-1 message line',
    rows: 4,
    usedAs: { position: 4 },
  },
};

const counts = (i: InputSummary): Record<string, number> =>
  Object.fromEntries(Object.entries(i.skipped).map(([reason, s]) => [reason, s.count]));

describe('fixtures/formats: every format and its quirks, read from a directory walk', () => {
  let ingested: Ingested;
  const byRel = new Map<string, InputSummary>();

  beforeAll(async () => {
    const { sources } = await expandInputs([DIR], () => Readable.from([]));
    ingested = await ingest(sources, { keep: () => true });
    for (const i of ingested.inputs) byRel.set(path.relative(DIR, i.file), i);
  });

  it('reads every fixture and nothing else (README and the .cpg sidecar are left out)', () => {
    expect([...byRel.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (rel, e) => {
    const i = byRel.get(rel);
    expect(i).toBeDefined();
    if (i === undefined) return;
    expect(i.format).toBe(e.format);
    if (e.detectedBy !== undefined) expect(i.detectedBy).toBe(e.detectedBy);
    expect(i.rows).toBe(e.rows);
    expect(i.usedAs).toEqual(e.usedAs ?? {});
    expect(counts(i)).toEqual(e.skipped ?? {});
    const skipped = Object.values(i.skipped).reduce((a, s) => a + s.count, 0);
    expect(i.used + skipped).toBe(i.rows);
    if (e.error === undefined) expect(i.error).toBeNull();
    else expect(i.error?.message).toMatch(e.error);
  });
});
