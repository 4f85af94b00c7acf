import { Command, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { analyze, type Analysis } from '../analyze.js';
import { DEFAULT_REGION_ID } from '../geo/builtin-regions.js';
import type { Region } from '../geo/region.js';
import { FORMATS, formatByName } from '../ingest/formats/index.js';
import { DEFAULT_MISSION_PARAMS } from '../missions/types.js';
import { formatDuration } from '../report/render/numbers.js';
import { DEFAULT_TRACK_PARAMS } from '../tracks/types.js';
import { loadCoast, loadRegion, loadRegistry } from './context.js';
import { expandInputs } from './files.js';
import { UserError, type Io } from './io.js';
import {
  collect,
  parseCount,
  parseDuration,
  parseFieldMap,
  parseHexOption,
  parseUnits,
  parseZone,
} from './options.js';
import { printable } from '../ingest/plausible.js';
import { ProgressBar } from './progress.js';
import { WorkerReader } from './worker-reader.js';

/** Options every command that reads inputs shares. */
export interface InputOptions {
  inputFormat?: string;
  aircraftDb: string[];
  aircraft?: string;
  sourceTz: string;
  map: Record<string, string>;
  units: Record<string, string>;
  glob: string[];
  region: string;
  gap: number;
  minDwell: number;
  out?: string;
  threads?: number;
  quiet?: boolean;
}

/** Below this much input, starting reading threads costs more than it saves. */
const WORKERS_FROM_BYTES = 32 << 20;

export function addInputOptions(cmd: Command): Command {
  return cmd
    .argument('<inputs...>', 'files or directories (read recursively); - for standard input')
    .addOption(
      new Option(
        '--input-format <name>',
        'skip detection and read every input as this format',
      ).choices(FORMATS.map((f) => f.name)),
    )
    .option(
      '--aircraft-db <file>',
      'add a registry: plane-alert-db CSV or the OpenSky aircraft database (repeatable)',
      collect,
      [],
    )
    .option(
      '--aircraft <hex>',
      'ICAO address for inputs that carry none (FR24 per-flight CSV)',
      parseHexOption,
    )
    .option(
      '--source-tz <zone>',
      'time zone of timestamps written without one (SBS logs from dump1090-fa, plane-alert logs, generic CSV)',
      parseZone,
      'UTC',
    )
    .addOption(
      new Option(
        '--map <field=column>',
        'generic CSV: the column holding a field, e.g. time=obs_time,lat=y (repeatable)',
      )
        .argParser(parseFieldMap)
        .default({}, 'found by name'),
    )
    .addOption(
      new Option(
        '--units <field=unit>',
        'generic CSV: alt=ft|m, speed=kt|mps|kmh|mph, time=s|ms (repeatable)',
      )
        .argParser(parseUnits)
        .default({}, 'from the column names'),
    )
    .option(
      '--glob <pattern>',
      'read only the files inside directories that match (e.g. "*.csv", "**/trace_full_*"; repeatable)',
      collect,
      [],
    )
    .option(
      '--region <id|file.geojson>',
      'region to count missions in (see `sortie regions`)',
      DEFAULT_REGION_ID,
    )
    .addOption(
      new Option('--gap <duration>', 'a reporting gap longer than this ends a sortie')
        .argParser(parseDuration)
        .default(DEFAULT_TRACK_PARAMS.gapMs, durationText(DEFAULT_TRACK_PARAMS.gapMs)),
    )
    .addOption(
      new Option(
        '--min-dwell <duration>',
        'minimum time inside the region for a sortie to be a mission',
      )
        .argParser(parseDuration)
        .default(
          DEFAULT_MISSION_PARAMS.minDwellMs,
          durationText(DEFAULT_MISSION_PARAMS.minDwellMs),
        ),
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output')
    .option(
      '--threads <n>',
      'threads reading inputs (default: one per core, for inputs of 32 MB or more)',
      parseCount,
    )
    .option('-q, --quiet', 'no progress bar on standard error');
}

export interface LoadedAnalysis {
  readonly analysis: Analysis;
  readonly region: Region;
  /** Inputs that could not be read in full (their rows up to the problem still count). */
  readonly failures: number;
}

/** Reads inputs, identifies aircraft and finds missions; reports unreadable inputs on stderr. */
export async function runAnalysis(
  inputs: readonly string[],
  opts: InputOptions,
  io: Io,
): Promise<LoadedAnalysis> {
  const loading = Promise.all([
    loadRegistry(opts.aircraftDb),
    loadRegion(opts.region),
    loadCoast(),
  ]);
  // Failures are reported below, in this order: registry and region first, then the inputs.
  loading.catch(() => undefined);
  const { sources, unreadable } = await expandInputs(inputs, io.stdin, opts.glob);
  const forced = opts.inputFormat === undefined ? undefined : formatByName(opts.inputFormat);
  const reader = { sourceTz: opts.sourceTz, fieldMap: opts.map, units: opts.units };
  const threads = opts.threads ?? availableParallelism();
  const inputBytes = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  const useWorkers = opts.threads !== undefined ? threads >= 2 : inputBytes >= WORKERS_FROM_BYTES;
  const bar = io.stderrIsTTY === true && opts.quiet !== true ? new ProgressBar(io.stderr) : null;
  // Threads start now, loading their code while the registry and the region load here.
  const inputReader = useWorkers
    ? new WorkerReader({
        registry: loading.then(([registry]) => registry),
        forced,
        reader,
        threads,
        onProgress: bar === null ? undefined : (p) => bar.update(p),
      })
    : undefined;
  let analysis: Analysis;
  let region: Region;
  try {
    const [registry, loadedRegion, coast] = await loading;
    region = loadedRegion;
    for (const u of unreadable)
      io.stderr(`sortie: ${printable(u.name)}: ${printable(u.message)}\n`);
    if (sources.length === 0) {
      const filter = opts.glob.length > 0 ? ` matching ${opts.glob.join(', ')}` : '';
      throw new UserError(`no input files found${filter} in ${inputs.join(', ')}`);
    }
    analysis = await analyze(sources, {
      registry,
      region,
      forced,
      assignHex: opts.aircraft,
      reader,
      track: { ...DEFAULT_TRACK_PARAMS, gapMs: opts.gap },
      mission: { ...DEFAULT_MISSION_PARAMS, minDwellMs: opts.minDwell },
      coast,
      inputReader,
    });
  } finally {
    bar?.done();
    await inputReader?.close();
  }
  let failures = unreadable.length;
  for (const i of analysis.inputs) {
    if (i.error === null) continue;
    failures += 1;
    const where =
      i.error.line === null ? printable(i.file) : `${printable(i.file)}:${i.error.line}`;
    const kept = i.rows > 0 ? ` (${i.rows} rows read before it are kept)` : '';
    io.stderr(`sortie: ${where}: ${i.error.message}${kept}\n`);
  }
  return { analysis, region, failures };
}

/** Writes command output to --out or stdout. */
export async function emit(text: string, opts: { out?: string }, io: Io): Promise<void> {
  if (opts.out === undefined || opts.out === '-') {
    io.stdout(text);
    return;
  }
  try {
    await io.writeFile(opts.out, text);
  } catch (err) {
    throw new UserError(
      `${opts.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Minutes as a duration string for parameters: 120 → "2h", 10 → "10m". */
export const durationText = formatDuration;
