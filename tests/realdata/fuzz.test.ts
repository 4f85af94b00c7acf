import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { survivesDamage } from '../fuzz-kit.js';
import { REALDATA } from './realdata.js';

/** The first ~64 KB of a real sample file (whole lines), so each case stays fast. */
function realHead(file: string): Buffer {
  const bytes = readFileSync(file);
  if (bytes.length <= 65_536 || file.endsWith('.json') || file.endsWith('.dbf')) return bytes;
  const cut = bytes.indexOf(10, 65_536);
  return cut < 0 ? bytes : bytes.subarray(0, cut + 1);
}

const REAL = [
  'trrrj-opensky/belevingsvlucht.csv',
  'fr24-csv-sj182/SJ182_2601a2ba.csv',
  'trrrj-fr24-bulk/20170205_flights.csv',
  'sbs1-claws-adsb/messages-log.txt',
  'sbs1-wiseman-node-sbs1/msgs.txt',
  'xoolive-traffic/readsb/trace_full_ac671b.json',
  'aircraft-json/readsb-dc-2020-r00b/aircraft.json',
  'aircraft-json/dump1090fa-uk-2019-billglover/aircraft.json',
  'stiles-flight-tracer/raw_abfd8c_2025-02-09_2025-02-09.csv',
  'stiles-flight-tracer/flight_traces_a11f59_20250208.csv',
  'stiles-flight-tracer/ae4af6_20250208_shp/flight_traces_points.dbf',
  'docker-planefence/plane-alert-2020/plane-alert-2020-11-18.csv',
];

describe('fuzzing the readers on real samples (fixed seed, time budget per file)', () => {
  it.each(REAL)(
    '%s survives random damage',
    async (file) => {
      await survivesDamage(`real ${file}`, realHead(path.join(REALDATA, file)));
    },
    120_000,
  );
});
