import { Command, Option } from 'commander';
import { DEFAULT_REGION_ID } from '../geo/builtin-regions.js';
import { DEFAULT_MISSION_PARAMS } from '../missions/types.js';
import { formatDuration } from '../report/render/numbers.js';
import { DEFAULT_TRACK_PARAMS } from '../tracks/types.js';
import type { OperatorClass } from '../aircraft/operator-class.js';
import { UserError, type Io } from './io.js';
import { dbTimeoutOption } from './commands/db-options.js';
import {
  collect,
  collectGlob,
  parseCount,
  parseDelimiter,
  parseDuration,
  parseCountries,
  parseFieldMap,
  parseHexList,
  parseHexOption,
  parseOperators,
  parseUnits,
  parseZone,
} from './options.js';
import type { ReaderFlags } from './reader-flags.js';
import { errnoText } from './errno.js';

/**
 * The names of FORMATS (ingest/formats/index.ts), in its order: every command defines
 * --input-format, and loading every reader only to list them would slow --help and --version
 * (tests/cli.test.ts checks the two lists agree).
 */
export const INPUT_FORMAT_NAMES: readonly string[] = [
  'opensky-states',
  'fr24-flight',
  'fr24-bulk-flights',
  'fr24-bulk-positions',
  'adsbx-trace-csv',
  'sbs',
  'plane-alert-log',
  'readsb-trace',
  'aircraft-json',
  'dbf',
  'generic-csv',
];

/** The config file read from the current folder when no --config is given. */
export const CONFIG_FILE_NAME = 'sortie.config.json';

/** The options that may be given more than once: each use adds to the list. */
export const REPEATABLE_OPTIONS: ReadonlySet<string> = new Set([
  '--aircraft-db',
  '--watch',
  '--map',
  '--units',
  '--glob',
  '--region',
]);

/** The --region values of a run, the default region when none is given. */
export function regionSpecs(opts: { region?: readonly string[] | undefined }): string[] {
  return opts.region === undefined || opts.region.length === 0
    ? [DEFAULT_REGION_ID]
    : [...opts.region];
}

/** Options every command that reads inputs shares. */
export interface InputOptions extends RegistryOptions, ReaderFlags {
  aircraft?: string;
  /** --region, each use (undefined: the default region; see regionSpecs). */
  region?: string[];
  gap: number;
  minDwell: number;
  out?: string;
  threads?: number;
  quiet?: boolean;
  scanAll?: boolean;
  /** Read the inputs loaded into this ClickHouse database instead of files. */
  db?: string;
  dbTimeout: number;
}

/** The options that decide which airframes are known and which count (identify shares them). */
export interface RegistryOptions {
  aircraftDb: string[];
  watch: string[];
  operators?: OperatorClass[];
  country?: string[];
  exclude?: string[];
}

export function addRegistryOptions(cmd: Command): Command {
  return cmd
    .option(
      '--aircraft-db <file>',
      'add a registry: plane-alert-db CSV or the OpenSky aircraft database (repeatable)',
      collect,
      [],
    )
    .option(
      '--watch <file>',
      'airframes that count whatever their class: addresses one a line, hex,label[,type][,operator] CSV, tar1090-db, OpenSky or plane-alert-db (repeatable)',
      collect,
      [],
    )
    .addOption(
      new Option(
        '--operators <classes>',
        'operator classes to count: military-isr, military-other, law-enforcement, civil-government, other, or all',
      )
        .argParser(parseOperators)
        .default(undefined, 'military-isr'),
    )
    .addOption(
      new Option(
        '--country <codes>',
        'count only airframes of these operating countries (ISO 3166-1 alpha-2, e.g. US,MX)',
      )
        .argParser(parseCountries)
        .default(undefined, 'any'),
    )
    .option(
      '--exclude <hexes>',
      'never count these airframes, e.g. AE4BD7,AE01C7 (before any --watch list)',
      parseHexList,
    );
}

/** How inputs are read: time zone, generic CSV columns and units, separator, date order, --glob. */
export function addReaderOptions(cmd: Command): Command {
  return cmd
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
      '--delimiter <char>',
      "field separator of CSV inputs: , ; tab (or \\t) | (default: found in each file's first line; with ; tab or | a decimal comma, 26,5, reads as 26.5)",
      parseDelimiter,
    )
    .addOption(
      new Option(
        '--date-order <order>',
        'how dates like 3/2/2025 read: dmy (3 February) or mdy (March 2) (default: from the first date with a day over 12 in each file; dates that could be either are refused)',
      ).choices(['dmy', 'mdy']),
    )
    .option(
      '--glob <pattern>',
      'read only the files inside directories that match (e.g. "*.csv", "**/trace_full_*"; repeatable)',
      collectGlob,
      [],
    );
}

export function addInputOptions(
  cmd: Command,
  { inputsArgument = true }: { inputsArgument?: boolean } = {},
): Command {
  if (inputsArgument) {
    // Optional to commander because a config file may name them (config-file.ts requires them
    // once the file is read); the usage line still says they are needed.
    cmd
      .argument('[inputs...]', 'files or directories (read recursively); - for standard input')
      .usage('[options] <inputs...>');
  }
  addRegistryOptions(
    cmd.addOption(
      new Option(
        '--input-format <name>',
        'skip detection and read every input as this format',
      ).choices(INPUT_FORMAT_NAMES),
    ),
  );
  return addReaderOptions(
    cmd.option(
      '--aircraft <hex>',
      'ICAO address for inputs that carry none (FR24 per-flight CSV)',
      parseHexOption,
    ),
  )
    .addOption(
      new Option(
        '--region <id|file.geojson[#feature]>',
        'region to count missions in (see `sortie regions`); repeatable: each region is reported on its own from one read of the inputs; file.geojson#feature takes one feature (by id, name or NAME), file.geojson#* each feature as its own region',
      )
        .argParser(collect)
        .default(undefined, DEFAULT_REGION_ID),
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
    .option(
      '--scan-all',
      'archives: open every trace, not only those of the registries and military blocks, and read those whose type or flags may identify the aircraft',
    )
    .option('-o, --out <file>', 'write the output to a file instead of standard output')
    .option(
      '--threads <n>',
      'threads reading inputs, then measuring missions (default: one per core, for inputs of 32 MB or more)',
      parseCount,
    )
    .option('-q, --quiet', 'no progress bar on standard error')
    .option(
      '--db <url>',
      'read the inputs loaded into this ClickHouse database (sortie db load) instead of files: http://[user:password@]host:8123[/database]',
    )
    .addOption(dbTimeoutOption())
    .option(
      '--config <file>',
      `read parameters from this JSON file (default: ${CONFIG_FILE_NAME} in the current folder, if there is one); flags override it`,
    )
    .option('--no-config', `do not read ${CONFIG_FILE_NAME} from the current folder`);
}

/** Writes command output to --out or stdout. */
/**
 * Control characters an output never holds of its own: all but tab and newline, and escapes other
 * than the colours the terminal output sets (`ESC [ … m`). A file or archive member named with
 * them (`x\u001b[2J.txt` clears the screen) reaches the output only as `?`, as on stderr.
 */
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const FOREIGN_CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` with FOREIGN_CONTROL characters replaced by `?` (the colours kept). */
export function withoutForeignControls(text: string): string {
  return text.replace(FOREIGN_CONTROL, (m) => (m.length > 1 ? m : '?'));
}

export async function emit(text: string, opts: { out?: string }, io: Io): Promise<void> {
  if (opts.out === undefined || opts.out === '-') {
    io.stdout(withoutForeignControls(text));
    return;
  }
  try {
    await io.writeFile(opts.out, withoutForeignControls(text));
  } catch (err) {
    throw new UserError(`${opts.out}: cannot write (${errnoText(err)})`);
  }
}

/** Minutes as a duration string for parameters: 120 → "2h", 10 → "10m". */
export const durationText = formatDuration;
