/**
 * bench-readers: throughput of each reader on the largest real sample of its format in
 * ../shared/realdata (or the folder given), read from memory so the disk is not measured.
 * Each sample is read once to warm up, then repeatedly (at least MIN_ROUNDS times and MIN_SECONDS);
 * rows/s is for the fastest round (the median follows) and counts every row read, used or skipped.
 * Prints one line per reader.
 *
 * Usage: node dist/scripts/bench-readers.js [realdataDir]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ingest, type InputSource } from '../src/ingest/collect.js';
import { formatByName } from '../src/ingest/formats/index.js';

const DIR = process.argv[2] ?? '../shared/realdata';
const MIN_SECONDS = 1;
const MIN_ROUNDS = 5;
const CHUNK = 1 << 20;

interface Sample {
  readonly reader: string;
  /** Files under DIR (a directory means every file in it, sorted, in one run). */
  readonly paths: readonly string[];
  readonly forced?: string;
  readonly note?: string;
}

const SAMPLES: readonly Sample[] = [
  { reader: 'opensky-states', paths: ['trrrj-opensky/belevingsvlucht.csv'] },
  { reader: 'fr24-flight', paths: ['fr24-csv-sj182'], note: 'all 16 files' },
  { reader: 'fr24-bulk', paths: ['trrrj-fr24-bulk'], note: '2 flights + 45 positions files' },
  {
    reader: 'adsbx-trace-csv',
    paths: ['stiles-flight-tracer/raw_A11F59_2025-02-07_2025-02-08.csv'],
  },
  {
    reader: 'generic-csv',
    paths: ['stiles-flight-tracer/flight_traces_a11f59_20250208.csv'],
    forced: 'generic-csv',
    note: 'processed ADSBx layout read by synonyms',
  },
  { reader: 'sbs', paths: ['sbs1-claws-adsb/lots-o-messages-log.txt'], note: 'full decode' },
  {
    reader: 'sbs',
    paths: ['sbs1-wiseman-node-sbs1/msgs.txt'],
    note: 'largest, but every line stops at "no timestamp"',
  },
  {
    reader: 'plane-alert-log',
    paths: ['docker-planefence/plane-alert-2020'],
    note: 'all 32 files',
  },
  { reader: 'readsb-trace', paths: ['xoolive-traffic/readsb/trace_full_ac671b.json'] },
  { reader: 'aircraft-json', paths: ['aircraft-json/adsbx-global-20220430-ANG13T/aircraft.json'] },
  { reader: 'dbf', paths: ['stiles-flight-tracer/ae4af6_20250208_shp/flight_traces_points.dbf'] },
];

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesOf(join(path, name)))
    .filter((f) => !/LICENSE|README|\.md$/.test(f));
}

function memorySource(name: string, bytes: Buffer): InputSource {
  return {
    name,
    open: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
        })(),
      ),
  };
}

async function measure(sample: Sample): Promise<string> {
  const files = sample.paths.flatMap((p) => filesOf(join(DIR, p)));
  const loaded = files.map((f) => ({ name: f, bytes: readFileSync(f) }));
  const sources = loaded.map((f) => memorySource(f.name, f.bytes));
  const bytes = loaded.reduce((a, f) => a + f.bytes.length, 0);
  const forced = sample.forced === undefined ? undefined : formatByName(sample.forced);
  // One round unmeasured: the first pass through a reader compiles it.
  await ingest(sources, { keep: () => false, forced });
  const seconds: number[] = [];
  let rows = 0;
  let total = 0;
  while (total < MIN_SECONDS || seconds.length < MIN_ROUNDS) {
    const start = process.hrtime.bigint();
    const { inputs } = await ingest(sources, { keep: () => false, forced });
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    rows = inputs.reduce((a, i) => a + i.rows, 0);
    seconds.push(s);
    total += s;
  }
  // Other processes on the machine only ever slow a round down: the fastest round is the best
  // estimate of the reader's own cost; the median shows how steady it was.
  const sorted = [...seconds].sort((a, b) => a - b);
  const best = sorted[0] ?? total;
  const median = sorted[Math.floor(sorted.length / 2)] ?? total;
  return [
    sample.reader.padEnd(16),
    `${rows.toLocaleString('en-US').padStart(7)} rows`,
    `${(rows / best / 1e3).toFixed(0).padStart(5)} k rows/s`,
    `${(bytes / best / 1e6).toFixed(1).padStart(6)} MB/s`,
    `(median ${(rows / median / 1e3).toFixed(0).padStart(4)} k)`,
    `${sample.paths.join(', ')}${sample.note ? ` (${sample.note})` : ''}`,
  ].join('  ');
}

async function main(): Promise<void> {
  if (!existsSync(DIR)) {
    process.stderr.write(`bench-readers: ${DIR} not found (give the realdata folder)\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `Reader throughput on the real samples in ${DIR} (Node ${process.version}, from memory, fastest of ≥ ${MIN_ROUNDS} rounds)\n`,
  );
  for (const sample of SAMPLES) process.stdout.write(`${await measure(sample)}\n`);
}

await main();
