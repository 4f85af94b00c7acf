/**
 * `npm run bench`: sortie against the references on a synthetic global OpenSky dump, in the same
 * run, so the ratios hold on any machine.
 *
 * Generates the data set if missing (seeded: every machine writes the same bytes) under --dir,
 * plain and gzip; then times, interleaved, --runs times each: `wc -l`, Node reading the bytes and
 * finding every newline, DuckDB's read_csv + bounding box + count per aircraft (2 threads), Node's
 * gunzip, and `sortie report` end to end on both files. Prints medians, MB/s, rows/s, sortie's peak
 * memory and the target ratios.
 *
 *   npm run bench
 *   npm run bench -- --hours 10 --runs 1 --only sortie     # the 10 GB memory check
 *
 * Options: --dir DIR (default /tmp/sortie-bench), --hours N (1 ≈ 1.06 GB), --runs N (5),
 * --mix NAME (the traffic mix: bench, the default, military-heavy, low-altitude, mixed) or
 * --mix gulf=S,military=S,low=S,watched=N (shares of the aircraft, and aircraft of the bundled
 * table; see scripts/bench/synthetic-opensky.ts), written to a file of its own,
 * --only sortie (skip the references and the archive), --no-gzip, --threads N (passed to sortie);
 * then the archive section (scripts/bench/archive.ts): --only archive (it alone),
 * --archive-members N (300,000 ≈ a 2.5 GB adsb.lol day; fewer for a quick run), --no-extract (skip
 * the minutes-long tar -xf reference), --no-archive;
 * then the database section (scripts/bench/database.ts, needs clickhouse-server): --only db (it
 * alone, with the data set; then a history of --db-days N (60) days of the year section's day tars,
 * loaded, and reports on its last two weeks timed from the files and from the database), --no-db;
 * and the year section (scripts/bench/year.ts), run only when asked: --only year, --days N (365),
 * --airframes N (20), --step-s S (10): peak memory per million fixes kept.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { parseRegistry } from '../src/aircraft/registry.js';
import { regionFromGeoJson } from '../src/geo/region.js';
import {
  DuckDbReference,
  nodeGunzip,
  nodeNewlines,
  nodeReadBytes,
  nodeStart,
  sortieReport,
  wcLines,
  withoutExtraCaCerts,
  type Timing,
} from './bench/references.js';
import { identifiedByRegistry } from '../src/aircraft/identify.js';
import {
  BENCH_MIX,
  DEFAULT_SYNTHETIC,
  mixLabel,
  parseMix,
  writeSyntheticOpenSky,
} from './bench/synthetic-opensky.js';
import { archiveBench } from './bench/archive.js';
import { databaseBench } from './bench/database.js';
import { yearBench } from './bench/year.js';

const GENERATOR_VERSION = 1;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const dir = option('dir', '/tmp/sortie-bench');
const hours = Number(option('hours', '1'));
const runs = Number(option('runs', '5'));
const parsedMix = parseMix(option('mix', 'bench'));
if (typeof parsedMix === 'string') {
  console.error(parsedMix);
  process.exit(2);
}
const mix = parsedMix;
const onlySortie = option('only', '') === 'sortie';
const archiveMembers = Number(option('archive-members', '300000'));
const measuredRun = path.join(root, 'scripts/bench/measured-run.cjs');
mkdirSync(dir, { recursive: true });
const runArchiveBench = (): Promise<void> =>
  archiveBench(dir, archiveMembers, runs, measuredRun, !process.argv.includes('--no-extract'));
if (option('only', '') === 'archive') {
  await runArchiveBench();
  process.exit();
}
const withGzip = !process.argv.includes('--no-gzip') && option('only', '') !== 'db';
if (option('only', '') === 'year') {
  const spec = {
    days: Number(option('days', '365')),
    airframes: Number(option('airframes', '20')),
    stepS: Number(option('step-s', '10')),
  };
  await yearBench(dir, spec, measuredRun);
  process.exit();
}
const sortieThreads = process.argv.includes('--threads')
  ? ['--threads', option('threads', '2')]
  : [];

interface Manifest {
  readonly version: number;
  readonly seed: number;
  readonly hours: number;
  /** The traffic mix, when not the bench's own (manifests before mixes had none). */
  readonly mix?: typeof BENCH_MIX;
  readonly rows: number;
  readonly bytes: number;
}

/** The data set, generated once per --dir and --hours (a manifest records what was written). */
async function dataSet(): Promise<{ csv: string; gz: string; rows: number }> {
  mkdirSync(dir, { recursive: true });
  const label = mixLabel(mix);
  const csv = path.join(dir, `opensky-${hours}h${label === '' ? '' : `-${label}`}.csv`);
  const gz = `${csv}.gz`;
  const manifestFile = `${csv}.json`;
  const wanted = {
    version: GENERATOR_VERSION,
    seed: DEFAULT_SYNTHETIC.seed,
    hours,
    ...(label === '' ? {} : { mix }),
  };
  let manifest: Manifest | null = null;
  if (existsSync(manifestFile) && existsSync(csv)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (
      m.version === wanted.version &&
      m.seed === wanted.seed &&
      m.hours === hours &&
      JSON.stringify(m.mix ?? BENCH_MIX) === JSON.stringify(mix) &&
      statSync(csv).size === m.bytes
    )
      manifest = m;
  }
  if (manifest === null) {
    console.log(`generating ${csv} (${hours} h of synthetic global OpenSky data)...`);
    const registry = parseRegistry(
      readFileSync(path.join(root, 'data/aircraft/isr-aircraft.csv'), 'utf8'),
      'x',
    );
    const registryHexes = new Set(registry.keys());
    const watchedHexes = [...registry]
      .filter(([hex, entry]) => identifiedByRegistry(hex, entry))
      .map(([hex]) => hex)
      .sort();
    const rows = writeSyntheticOpenSky(csv, {
      ...DEFAULT_SYNTHETIC,
      hours,
      registryHexes,
      mix,
      watchedHexes,
    });
    manifest = { ...wanted, rows, bytes: statSync(csv).size };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
    if (existsSync(gz)) writeFileSync(gz, '');
  }
  if (
    withGzip &&
    (!existsSync(gz) || statSync(gz).mtimeMs < statSync(csv).mtimeMs || statSync(gz).size === 0)
  ) {
    console.log(`compressing ${gz}...`);
    await pipeline(createReadStream(csv), createGzip({ level: 6 }), createWriteStream(gz));
  }
  return { csv, gz, rows: manifest.rows };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const { csv, gz, rows } = await dataSet();
const history = { dir, days: Number(option('db-days', '60')) };
if (option('only', '') === 'db') {
  await databaseBench(csv, runs, measuredRun, history);
  process.exit();
}
const csvBytes = statSync(csv).size;
const gzBytes = withGzip ? statSync(gz).size : 0;
const region = regionFromGeoJson(
  JSON.parse(readFileSync(path.join(root, 'data/regions/gulf-of-california.geojson'), 'utf8')),
  { id: 'gulf-of-california', source: 'bench', featureId: 'gulf-of-california-iho' },
);
const script = measuredRun;
const duck = onlySortie ? null : await DuckDbReference.open(2);

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly timings: Timing[];
}
const table: Row[] = [];
const add = (name: string, bytes: number): Timing[] => {
  const timings: Timing[] = [];
  table.push({ name, bytes, timings });
  return timings;
};
const tWc = onlySortie ? null : add('wc -l', csvBytes);
const tRead = onlySortie ? null : add('Node: read the bytes', csvBytes);
const tNewlines = onlySortie ? null : add('Node: find every newline', csvBytes);
const tDuck = onlySortie ? null : add('DuckDB (2 threads): filter and count', csvBytes);
const tSortie = add('sortie report (end to end)', csvBytes);
// Node's own start, and, where the machine sets NODE_EXTRA_CA_CERTS (which every Node process
// parses as it starts), sortie and Node timed without it too: said, never folded into the ratio.
const bareEnv = withoutExtraCaCerts();
const tNodeStart = add('Node: start (node -e 0)', 0);
const tNodeStartBare = bareEnv === null ? null : add('  the same, NODE_EXTRA_CA_CERTS unset', 0);
const tSortieBare =
  bareEnv === null ? null : add('sortie report, NODE_EXTRA_CA_CERTS unset', csvBytes);
const tGunzip = onlySortie || !withGzip ? null : add('Node: gunzip', gzBytes);
const tDuckGz =
  onlySortie || !withGzip ? null : add('DuckDB (2 threads) on the gzip file', gzBytes);
const tSortieGz = withGzip ? add('sortie report on the gzip file', gzBytes) : null;

// Other work on the machine slows every program alike only roughly: print how busy it was.
const loadBefore = loadavg()[0] ?? NaN;
let missions = 0;
let sortieRows = 0;
let duckAircraft = 0;
for (let r = 0; r < runs; r += 1) {
  process.stdout.write(`run ${r + 1}/${runs}...\r`);
  // Interleaved, so a busy moment of the machine falls on every program alike.
  if (tWc) tWc.push(await wcLines(csv));
  if (tRead) tRead.push(await nodeReadBytes(csv));
  if (tNewlines) tNewlines.push(await nodeNewlines(csv));
  if (tDuck && duck) {
    const d = await duck.filterAndCount(csv, region.bbox);
    duckAircraft = d.aircraft;
    tDuck.push(d);
  }
  const s = await sortieReport(script, csv, sortieThreads);
  missions = s.missions;
  sortieRows = s.rows;
  tSortie.push(s);
  tNodeStart.push(await nodeStart());
  if (bareEnv !== null) {
    tNodeStartBare?.push(await nodeStart(bareEnv));
    tSortieBare?.push(await sortieReport(script, csv, sortieThreads, bareEnv));
  }
  if (tGunzip) tGunzip.push(await nodeGunzip(gz));
  if (tDuckGz && duck) tDuckGz.push(await duck.filterAndCount(gz, region.bbox));
  if (tSortieGz) tSortieGz.push(await sortieReport(script, gz, sortieThreads));
}

const med = (t: Timing[] | null): number => (t === null ? NaN : median(t.map((x) => x.seconds)));
/** The median CPU time (user + system, every thread), NaN when it was not measured. */
const medCpu = (t: Timing[] | null): number => {
  const xs = (t ?? []).map((x) => x.cpuSeconds).filter((x): x is number => typeof x === 'number');
  return xs.length === 0 ? NaN : median(xs);
};
const peak = (t: Timing[]): string => {
  const kb = t.map((x) => x.peakRssKb).filter((x): x is number => x !== null);
  return kb.length === 0 ? '' : `${(Math.max(...kb) / 1024).toFixed(0)} MB`;
};

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(
  `\nMachine: ${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${platform()} ${release()}, Node ${process.versions.node}${duck ? `, DuckDB ${duck.version}` : ''}`,
);
console.log(
  `Data: ${csv} — ${rows.toLocaleString('en-US')} rows, ${(csvBytes / 1e9).toFixed(2)} GB` +
    (mixLabel(mix) === '' ? '' : `, traffic mix ${mixLabel(mix)}`) +
    (withGzip ? `; gzip ${(gzBytes / 1e9).toFixed(2)} GB` : '') +
    `; files in page cache; median of ${runs} run${runs === 1 ? '' : 's'}; ` +
    `load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? NaN).toFixed(2)} after\n`,
);
const header = ['', 'median s', 'CPU s', 'MB/s', 'M rows/s', 'peak RSS'];
const lines = table.map((row) => {
  const s = med(row.timings);
  const cpuS = medCpu(row.timings);
  return [
    row.name,
    s.toFixed(3),
    Number.isNaN(cpuS) ? '' : cpuS.toFixed(2),
    row.bytes === 0 ? '' : (row.bytes / 1e6 / s).toFixed(0),
    row.bytes === 0 ? '' : (rows / 1e6 / s).toFixed(2),
    peak(row.timings),
  ];
});
const widths = header.map((h, i) =>
  Math.max(h.length, ...lines.map((l) => (l[i] as string).length)),
);
const fmt = (cells: string[]): string =>
  cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
    .join('  ');
console.log(fmt(header));
for (const l of lines) console.log(fmt(l));

console.log(
  `\nsortie read ${sortieRows.toLocaleString('en-US')} rows and found ${missions} missions` +
    (duck ? `; DuckDB counted ${duckAircraft} aircraft in the box.` : '.'),
);
if (sortieRows !== rows)
  console.log(`WARNING: sortie counted ${sortieRows} rows, the generator wrote ${rows}`);
const ratio = (name: string, a: number, b: number, target: number, aim?: number): void => {
  const x = a / b;
  const verdict = x <= target ? 'meets' : 'MISSES';
  console.log(
    `${name.padEnd(52)} ${x.toFixed(2).padStart(5)}  (target ≤ ${target}${aim !== undefined ? `, aim ${aim}` : ''}: ${verdict})`,
  );
};
console.log('');
if (tDuck) {
  ratio('sortie report / DuckDB filter-and-count (plain CSV)', med(tSortie), med(tDuck), 0.5, 0.4);
  // CPU time says more than wall time when other work shares the machine.
  console.log(
    `${'  the same in CPU time (user + system)'.padEnd(52)} ${(medCpu(tSortie) / medCpu(tDuck)).toFixed(2).padStart(5)}`,
  );
  if (tSortieBare !== null) {
    console.log(
      `${'  the same, NODE_EXTRA_CA_CERTS unset'.padEnd(52)} ${(med(tSortieBare) / med(tDuck)).toFixed(2).padStart(5)}  (not the target's figure: see below)`,
    );
  }
}
if (tSortieGz && tGunzip)
  ratio('sortie report (gzip) / Node gunzip', med(tSortieGz), med(tGunzip), 1.3);
if (tWc)
  console.log(
    `${'sortie report / wc -l'.padEnd(52)} ${(med(tSortie) / med(tWc)).toFixed(2).padStart(5)}`,
  );
console.log(`${'sortie peak RSS'.padEnd(52)} ${peak(tSortie).padStart(5)}  (target < 200 MB)`);
if (tNodeStartBare !== null) {
  console.log(
    `\nNODE_EXTRA_CA_CERTS is set on this machine: every Node process parses its certificates as it\n` +
      `starts (node -e 0 ${med(tNodeStart).toFixed(3)} s, without it ${med(tNodeStartBare).toFixed(3)} s). ` +
      `The ratios against the targets are measured\nwith the environment as it is; the lines "unset" show sortie's own figure.`,
  );
}

if (!onlySortie && !process.argv.includes('--no-archive')) {
  await runArchiveBench();
}

if (!onlySortie && !process.argv.includes('--no-db')) {
  await databaseBench(csv, runs, measuredRun, history);
}
